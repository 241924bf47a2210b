//! Resolving the layers into one checked [`Config`].

use std::path::Path;

use super::layer::{CarbonLayer, Layer, Origin};
use super::{Config, Sources, cache_dir, discover, ledger_path};
use crate::error::{Error, Result};
use crate::gate::Gate;
use crate::meter::{Carbon, Prices};
use crate::score::Params;
use crate::spec::DEFAULT_MAX_SPEC_BYTES;
use crate::translate::{BackendConfig, PromptFiles};

impl Config {
    /// Resolves every layer for a run started in `cwd`: `flags` is the top layer, `env` reads
    /// the environment.
    pub fn resolve(sources: &Sources, flags: Layer, cwd: &Path, env: &dyn Fn(&str) -> Option<String>) -> Result<Self> {
        let mut layer = Layer::default();
        let mut files = Vec::new();
        let mut params = Params::default();
        if !sources.isolated
            && let Some(found) = discover(cwd)
        {
            let mut read = Layer::read(&found)?;
            read.check(&Origin::File(found.clone()))?;
            if let Some(score) = read.score.take() {
                score.apply(&mut params, &found.display().to_string())?;
            }
            layer = read.over(layer);
            files.push(found);
        }
        if let Some(path) = &sources.file {
            if !path.is_file() {
                return Err(Error::Config { path: path.display().to_string(), message: "no such file".into() });
            }
            let mut read = Layer::read(path)?;
            read.check(&Origin::File(path.clone()))?;
            if let Some(score) = read.score.take() {
                score.apply(&mut params, &path.display().to_string())?;
            }
            layer = read.over(layer);
            files.push(path.clone());
        }
        let from_env = Layer::from_env(env)?;
        from_env.check(&Origin::Env)?;
        layer = from_env.over(layer);
        flags.check(&Origin::Flags)?;
        let no_ledger = flags.no_ledger;
        layer = flags.over(layer);

        let source = files.last().map_or_else(|| "flags".to_owned(), |p| p.display().to_string());
        let mut prices = Prices::builtin();
        for (model, price) in layer.prices.clone().unwrap_or_default() {
            prices.set(&model, price);
        }
        let carbon = carbon_settings(layer.carbon.clone().unwrap_or_default(), &source)?;
        let ledger_explicit = layer.ledger.is_some();
        let ledger = if no_ledger { None } else { Some(layer.ledger.clone().unwrap_or_else(|| ledger_path(cwd))) };
        let cache = layer.cache.unwrap_or(true).then(|| cache_dir(cwd));
        let max_usd = layer.budget.as_ref().and_then(|b| b.max_usd);
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let name = layer.backend.clone().unwrap_or_else(|| "rules".to_owned());
        // A model backend waits on the network, not on the CPU: four requests at once.
        let concurrency = match layer.concurrency {
            None | Some(0) if name != "rules" => 4,
            None | Some(0) => cores,
            Some(n) => n.min(1024),
        };
        let api_key_env = layer.api_key_env.clone().unwrap_or_else(|| "OPENAI_API_KEY".to_owned());
        let prompts = layer.prompts.clone().unwrap_or_default();
        let backend = BackendConfig {
            name,
            source: source.clone(),
            model: layer.model.clone(),
            base_url: layer.base_url.clone(),
            back_model: layer.back_model.clone(),
            back_base_url: layer.back_base_url.clone(),
            api_key: env(&api_key_env),
            api_key_env,
            structured_output: layer.structured_output.clone(),
            timeout_secs: layer.timeout_secs,
            retries: layer.retries,
            samples: layer.samples,
            temperature: layer.temperature,
            max_output_tokens: layer.max_output_tokens,
            allow_secrets: layer.allow_secrets.unwrap_or(false),
            prompts: PromptFiles { forward: prompts.forward, backward: prompts.backward },
            concurrency,
        };
        let mut gate = Gate::default();
        if let Some(t) = layer.min_fidelity {
            gate.threshold = t;
        }
        if let Some(mut blocking) = layer.blocking {
            // A set: the order it was written in does not matter.
            blocking.sort_unstable();
            blocking.dedup();
            gate.blocking = blocking;
        }
        let max_spec_bytes = layer.max_spec_bytes.unwrap_or(DEFAULT_MAX_SPEC_BYTES);
        Ok(Self {
            backend,
            gate,
            max_spec_bytes,
            concurrency,
            project: layer.project,
            params,
            prices,
            carbon,
            ledger,
            ledger_explicit,
            cache,
            max_usd,
            files,
        })
    }
}

/// The carbon settings, checked.
fn carbon_settings(layer: CarbonLayer, source: &str) -> Result<Carbon> {
    let bad = |message: String| Error::Config { path: source.to_owned(), message };
    let mut carbon = Carbon::default();
    if let Some(zone) = layer.zone {
        carbon.grid = crate::meter::carbon::zone(&zone).ok_or_else(|| {
            let zones = [
                "WOR", "USA", "CAN", "GBR", "IRL", "FRA", "DEU", "NLD", "SWE", "NOR", "POL", "CHN", "IND", "JPN",
                "AUS", "BRA",
            ];
            bad(format!("unknown carbon zone `{zone}` (use {}, or set `gco2e_per_kwh`)", zones.join(", ")))
        })?;
        carbon.zone = zone.to_ascii_uppercase();
    }
    // The ranges were checked with each layer ([`Layer::check`]).
    if let Some(g) = layer.gco2e_per_kwh {
        carbon.grid = g;
        carbon.zone = "custom".into();
    }
    if let Some(pue) = layer.pue {
        carbon.pue = pue;
    }
    for (name, size) in &layer.models {
        let [lo, hi] = size.active_params_b;
        if !(lo > 0.0 && lo <= hi && hi <= size.total_params_b) {
            return Err(bad(format!(
                "`carbon.models.\"{name}\"`: need 0 < active_params_b[0] <= active_params_b[1] <= total_params_b"
            )));
        }
    }
    carbon.sizes = layer.models;
    Ok(carbon)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::TEMPLATE;
    use crate::ir::AmbiguityKind;

    fn global(file: Option<PathBuf>, isolated: bool) -> Sources {
        Sources { file, isolated }
    }

    #[test]
    fn layers_apply_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(crate::config::FILE_NAME), "min_fidelity = 0.5\nproject = \"found\"\n").unwrap();
        let explicit = dir.path().join("other.toml");
        std::fs::write(&explicit, "min_fidelity = 0.6\n").unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        let none = |_: &str| None;
        let c = Config::resolve(&global(None, false), Layer::default(), &sub, &none).unwrap();
        assert_eq!((c.gate.threshold, c.project.as_deref()), (0.5, Some("found")));
        let c = Config::resolve(&global(Some(explicit.clone()), false), Layer::default(), &sub, &none).unwrap();
        assert_eq!(c.gate.threshold, 0.6);
        let env = |k: &str| (k == "IRE_MIN_FIDELITY").then(|| "0.7".to_owned());
        let c = Config::resolve(&global(Some(explicit), false), Layer::default(), &sub, &env).unwrap();
        assert_eq!(c.gate.threshold, 0.7);
        let flags = Layer { min_fidelity: Some(0.9), ..Layer::default() };
        let c = Config::resolve(&global(None, false), flags, &sub, &env).unwrap();
        assert_eq!(c.gate.threshold, 0.9);
        let c = Config::resolve(&global(None, true), Layer::default(), &sub, &none).unwrap();
        assert_eq!(c.project, None);
    }

    #[test]
    fn score_table_overrides_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("score.toml");
        std::fs::write(&path, "[score]\nbeta = 2.0\ncosts = { weak_modal = 0.0 }\nweights = { content = 0.5 }\n")
            .unwrap();
        let c = Config::resolve(&global(Some(path.clone()), true), Layer::default(), dir.path(), &|_| None).unwrap();
        assert_eq!(c.params.beta, 2.0);
        assert_eq!(c.params.cost(AmbiguityKind::WeakModal), 0.0);
        assert_eq!(c.params.weights.content, 0.5);
        assert_eq!(c.params.cost(AmbiguityKind::Conflict), Params::default().cost(AmbiguityKind::Conflict));
        std::fs::write(&path, "[score]\ncosts = { vague = 0.1 }\n").unwrap();
        let err = Config::resolve(&global(Some(path), true), Layer::default(), dir.path(), &|_| None);
        assert!(err.unwrap_err().to_string().contains("vague"));
    }

    #[test]
    fn the_init_template_is_valid_and_states_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(crate::config::FILE_NAME);
        std::fs::write(&path, TEMPLATE).unwrap();
        let from_template = Config::resolve(&global(None, false), Layer::default(), dir.path(), &|_| None).unwrap();
        let defaults = Config::resolve(&global(None, true), Layer::default(), dir.path(), &|_| None).unwrap();
        assert_eq!(from_template.params, defaults.params);
        assert_eq!(from_template.gate, defaults.gate);
        assert_eq!(from_template.max_spec_bytes, defaults.max_spec_bytes);
        assert_eq!((from_template.carbon.grid, from_template.carbon.pue), (defaults.carbon.grid, defaults.carbon.pue));
        // The backend keys it sets are the defaults the backend fills in.
        let openai = |c: &Config| {
            let mut b = c.backend.clone();
            b.name = "openai".into();
            b.model = Some("m".into());
            b.base_url = Some("http://127.0.0.1:1/v1".into());
            crate::translate::openai::Settings::from_config(&b).map(|s| format!("{s:?}")).unwrap()
        };
        assert_eq!(openai(&from_template), openai(&defaults));
        // The dump is itself a valid config that gives the same result.
        std::fs::write(&path, defaults.dump()).unwrap();
        let from_dump = Config::resolve(&global(None, false), Layer::default(), dir.path(), &|_| None).unwrap();
        assert_eq!(from_dump.params, defaults.params);
        assert_eq!(from_dump.gate, defaults.gate);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "min_fidelty = 0.5\n").unwrap();
        let err = Config::resolve(&global(Some(path.clone()), true), Layer::default(), dir.path(), &|_| None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("min_fidelty") && err.contains("bad.toml"), "{err}");
        std::fs::write(&path, "min_fidelity = 2.0\n").unwrap();
        let err = Config::resolve(&global(Some(path), true), Layer::default(), dir.path(), &|_| None);
        assert!(err.unwrap_err().to_string().contains("between 0 and 1"));
        let env = |k: &str| (k == "IRE_CONCURRENCY").then(|| "many".to_owned());
        let err = Config::resolve(&global(None, true), Layer::default(), dir.path(), &env).unwrap_err();
        assert!(err.to_string().contains("IRE_CONCURRENCY"));
        let path = dir.path().join("prices.toml");
        std::fs::write(&path, "[prices.\"m\"]\ninput = 1.0\noutput = -3.0\n").unwrap();
        let err = Config::resolve(&global(Some(path), true), Layer::default(), dir.path(), &|_| None);
        let err = err.unwrap_err().to_string();
        assert!(err.contains("prices.toml") && err.contains("output") && err.contains("-3"), "{err}");
    }
}
