//! Layered configuration, resolved once into a [`Config`] before any work.
//!
//! Layers, lowest first: built-in defaults, the `ire.toml` found by walking up from the
//! working directory, the file named by `--config`, `IRE_*` environment variables, flags.
//! Unknown keys are errors that name the key and the file.

use std::path::{Path, PathBuf};

use crate::cli::{CheckOptions, Global};
use crate::error::{Error, Result};
use crate::gate::Gate;
use crate::ir::AmbiguityKind;
use crate::meter::{Carbon, Prices};
use crate::score::Params;
use crate::spec::DEFAULT_MAX_SPEC_BYTES;
use crate::translate::openai::{Endpoint, Mode, Settings};
use crate::translate::prompt::Prompts;
use std::time::Duration;

mod layer;

use layer::{CarbonLayer, Layer};

/// The name of the config file ire discovers.
pub const FILE_NAME: &str = "ire.toml";

/// Which translator to use.
#[derive(Debug, Clone)]
pub enum BackendName {
    /// The offline rules backend.
    Rules,
    /// An OpenAI-compatible endpoint.
    OpenAi(Box<Settings>),
}

/// The default endpoint of the `openai` backend.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

/// The fully resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Translator backend.
    pub backend: BackendName,
    /// The decision rule.
    pub gate: Gate,
    /// Largest spec file accepted, in bytes.
    pub max_spec_bytes: u64,
    /// Specs checked at once.
    pub concurrency: usize,
    /// Project name for reports.
    pub project: Option<String>,
    /// The scorer's parameters.
    pub params: Params,
    /// The price table.
    pub prices: Prices,
    /// How carbon is estimated for remote calls.
    pub carbon: Carbon,
    /// The ledger to append to; `None` with `--no-ledger`.
    pub ledger: Option<PathBuf>,
    /// Whether the ledger was asked for by name (`--ledger`, `ledger =`): then failing to open
    /// it is an error; the default ledger is skipped with a warning instead.
    pub ledger_explicit: bool,
    /// The cache folder; `None` with `--no-cache`.
    pub cache: Option<PathBuf>,
    /// The run's budget in USD.
    pub max_usd: Option<f64>,
    /// The config files that were read, lowest layer first.
    pub files: Vec<PathBuf>,
}

impl Config {
    /// Resolves every layer for a run started in `cwd`.
    pub fn resolve(
        global: &Global,
        options: &CheckOptions,
        cwd: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self> {
        let mut layer = Layer::default();
        let mut files = Vec::new();
        let mut params = Params::default();
        if !global.isolated
            && let Some(found) = discover(cwd)
        {
            let mut read = Layer::read(&found)?;
            if let Some(score) = read.score.take() {
                score.apply(&mut params, &found.display().to_string())?;
            }
            layer = read.over(layer);
            files.push(found);
        }
        if let Some(path) = &global.config {
            if !path.is_file() {
                return Err(Error::Config { path: path.display().to_string(), message: "no such file".into() });
            }
            let mut read = Layer::read(path)?;
            if let Some(score) = read.score.take() {
                score.apply(&mut params, &path.display().to_string())?;
            }
            layer = read.over(layer);
            files.push(path.clone());
        }
        layer = Layer::from_env(env)?.over(layer);
        layer = Layer::from_flags(options).over(layer);

        let source = files.last().map_or_else(|| "flags".to_owned(), |p| p.display().to_string());
        let mut prices = Prices::builtin();
        for (model, price) in layer.prices.clone().unwrap_or_default() {
            prices.set(&model, price);
        }
        let carbon = carbon_settings(layer.carbon.clone().unwrap_or_default(), &source)?;
        let ledger_explicit = layer.ledger.is_some();
        let ledger = if options.no_ledger {
            None
        } else {
            Some(layer.ledger.clone().unwrap_or_else(|| crate::ledger::default_path(cwd)))
        };
        let cache = layer.cache.unwrap_or(true).then(|| crate::cache::Cache::default_dir(cwd));
        let max_usd = layer.budget.as_ref().and_then(|b| b.max_usd);
        if let Some(m) = max_usd
            && !(m.is_finite() && m >= 0.0)
        {
            return Err(Error::Config { path: source, message: format!("`max_usd` must be a number >= 0, got {m}") });
        }
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let concurrency = match layer.concurrency {
            None | Some(0) if layer.backend.as_deref() == Some("openai") => 4,
            None | Some(0) => cores,
            Some(n) => n.min(1024),
        };
        let backend = match layer.backend.as_deref().unwrap_or("rules") {
            "rules" => BackendName::Rules,
            "openai" => BackendName::OpenAi(Box::new(openai_settings(&layer, &source, concurrency, env)?)),
            other => {
                return Err(Error::Config {
                    path: source,
                    message: format!(
                        "unknown backend `{other}` (available: rules, openai){}",
                        crate::suggest::hint(other, ["rules", "openai"])
                    ),
                });
            }
        };
        let mut gate = Gate::default();
        if let Some(t) = layer.min_fidelity {
            if !(0.0..=1.0).contains(&t) {
                return Err(Error::Config {
                    path: source,
                    message: format!("`min_fidelity` must be between 0 and 1, got {t}"),
                });
            }
            gate.threshold = t;
        }
        if let Some(blocking) = layer.blocking {
            gate.blocking = blocking;
        }
        let max_spec_bytes = layer.max_spec_bytes.unwrap_or(DEFAULT_MAX_SPEC_BYTES);
        if max_spec_bytes == 0 {
            return Err(Error::Config { path: source, message: "`max_spec_bytes` must be at least 1".into() });
        }
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

impl Config {
    /// The effective configuration as TOML, for `--dump-config`.
    #[must_use]
    pub fn dump(&self) -> String {
        let mut out = String::from("# effective configuration of ire\n");
        if self.files.is_empty() {
            out.push_str("# no config file read\n");
        }
        for file in &self.files {
            out.push_str(&format!("# read: {}\n", file.display()));
        }
        let backend = match &self.backend {
            BackendName::Rules => "rules".to_owned(),
            BackendName::OpenAi(s) => format!(
                "openai\"\nmodel = \"{}\"\nbase_url = \"{}\"\nback_model = \"{}\"\nback_base_url = \"{}\"\n\
                 structured_output = \"{}\"\ntimeout_secs = {}\nretries = {}\nsamples = {}\ntemperature = {}\n\
                 max_output_tokens = {}\nallow_secrets = {}\n# api key: {}\n# prompts sha256 = \"{}",
                s.forward.model,
                s.forward.base_url,
                s.backward.model,
                s.backward.base_url,
                s.mode.as_str(),
                s.timeout.as_secs_f64(),
                s.retries,
                s.samples,
                s.temperature,
                s.max_tokens,
                s.allow_secrets,
                if s.forward.api_key.is_some() { "set" } else { "not set" },
                s.prompts.hash()
            ),
        };
        let kinds: Vec<String> = self.gate.blocking.iter().map(|k| format!("\"{}\"", k.as_str())).collect();
        out.push_str(&format!(
            "backend = \"{backend}\"\nmin_fidelity = {}\nmax_spec_bytes = {}\nconcurrency = {}\nblocking = [{}]\n",
            self.gate.threshold,
            self.max_spec_bytes,
            self.concurrency,
            kinds.join(", ")
        ));
        if let Some(project) = &self.project {
            out.push_str(&format!("project = {}\n", toml::Value::from(project.as_str())));
        }
        let p = &self.params;
        let costs: Vec<String> =
            AmbiguityKind::ALL.iter().map(|k| format!("{} = {}", k.as_str(), p.cost(*k))).collect();
        let w = &p.weights;
        out.push_str(&format!(
            "\n[score]\nbeta = {}\ncosts = {{ {} }}\nweights = {{ quantity = {}, negation = {}, modality = {}, \
             condition = {}, literal = {}, content = {} }}\n",
            p.beta,
            costs.join(", "),
            w.quantity,
            w.negation,
            w.modality,
            w.condition,
            w.literal,
            w.content
        ));
        out
    }
}

/// The commented `ire.toml` that `ire init` writes: every key, its default, what it does.
pub const TEMPLATE: &str = r#"# ire.toml: configuration of ire, the spec round-trip checker.
# Layers, lowest first: built-in defaults, this file (the nearest ire.toml walking up from the
# working directory), --config PATH, IRE_* environment variables, then flags.
# Every key below is set to its default; delete what you do not change.

# Translator backend. "rules" is offline, deterministic and free.
backend = "rules"

# Accept a spec when its round-trip fidelity is at least this (0 to 1). Also IRE_MIN_FIDELITY.
min_fidelity = 0.9

# Refuse spec files larger than this many bytes. Also IRE_MAX_SPEC_BYTES.
max_spec_bytes = 1048576

# Specs checked at once; 0 means one per core. Also IRE_CONCURRENCY.
concurrency = 0

# Keep model round trips in .ire/cache/ so that an unchanged spec costs no tokens next time.
cache = true

# The SQLite ledger every check is appended to; default: .ire/ledger.sqlite beside this file.
# ledger = ".ire/ledger.sqlite"

# Project name recorded with each result, for comparing projects. Also IRE_PROJECT.
# project = "my-project"

# Ambiguity kinds that block a spec on their own, whatever its fidelity. Kinds: vague_term,
# weak_modal, unresolved_reference, missing_actor, missing_quantity, incomplete, optionality,
# conflict, unstable_reading, other.
blocking = ["conflict", "incomplete", "unstable_reading"]

# The scorer's parameters. Calibrate them on your own labelled specs with `ire calibrate`.
[score]
# F-beta of recall and precision: above 1 weighs recall (intent kept) over precision.
beta = 3.0
# Share of its clause's weight that one ambiguity of each kind costs (of the whole spec for a
# conflict or an unstable reading).
costs = { vague_term = 0.05, weak_modal = 0.04, unresolved_reference = 0.15, missing_actor = 0.01, missing_quantity = 0.3, incomplete = 0.02, optionality = 0.45, conflict = 0.25, unstable_reading = 0.2, other = 0.05 }
# Weight of each kind of atom when the original and the back-translation are compared.
weights = { quantity = 3.0, negation = 3.0, modality = 2.0, condition = 2.0, literal = 3.0, content = 1.0 }
"#;

/// The carbon settings, checked.
fn carbon_settings(layer: CarbonLayer, source: &str) -> Result<Carbon> {
    let bad = |message: String| Error::Config { path: source.to_owned(), message };
    let mut carbon = Carbon::default();
    if let Some(zone) = layer.zone {
        carbon.grid = crate::carbon::zone(&zone).ok_or_else(|| {
            let zones = [
                "WOR", "USA", "CAN", "GBR", "IRL", "FRA", "DEU", "NLD", "SWE", "NOR", "POL", "CHN", "IND", "JPN",
                "AUS", "BRA",
            ];
            bad(format!("unknown carbon zone `{zone}` (use {}, or set `gco2e_per_kwh`)", zones.join(", ")))
        })?;
        carbon.zone = zone.to_ascii_uppercase();
    }
    if let Some(g) = layer.gco2e_per_kwh {
        if !(g.is_finite() && g >= 0.0) {
            return Err(bad(format!("`carbon.gco2e_per_kwh` must be a number >= 0, got {g}")));
        }
        carbon.grid = g;
        carbon.zone = "custom".into();
    }
    if let Some(pue) = layer.pue {
        if !(1.0..=3.0).contains(&pue) {
            return Err(bad(format!("`carbon.pue` must be between 1 and 3, got {pue}")));
        }
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

/// The settings of the `openai` backend, checked.
fn openai_settings(
    layer: &Layer,
    source: &str,
    concurrency: usize,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings> {
    let bad = |message: String| Error::Config { path: source.to_owned(), message };
    let model = layer.model.clone().ok_or_else(|| {
        bad("the `openai` backend needs a model: pass `--model NAME` or set `model` in ire.toml".into())
    })?;
    let base_url = layer.base_url.clone().unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    for url in [Some(&base_url), layer.back_base_url.as_ref()].into_iter().flatten() {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(bad(format!("base URL `{url}` must start with http:// or https://")));
        }
    }
    let key_var = layer.api_key_env.clone().unwrap_or_else(|| "OPENAI_API_KEY".to_owned());
    let api_key = env(&key_var).filter(|k| !k.is_empty());
    if api_key.is_none() && base_url == DEFAULT_BASE_URL {
        return Err(bad(format!("`{base_url}` needs an API key: set `{key_var}` in the environment")));
    }
    let mode = match layer.structured_output.as_deref() {
        None => Mode::Auto,
        Some(name) => Mode::parse(name).ok_or_else(|| {
            let modes = ["auto", "json_schema", "tool", "json_object", "text"];
            bad(format!(
                "unknown `structured_output` `{name}` (use {}){}",
                modes.join(", "),
                crate::suggest::hint(name, modes)
            ))
        })?,
    };
    let timeout = layer.timeout_secs.unwrap_or(60.0);
    if !(timeout.is_finite() && timeout > 0.0) {
        return Err(bad(format!("`timeout_secs` must be a positive number of seconds, got {timeout}")));
    }
    let temperature = layer.temperature.unwrap_or(0.0);
    if !(0.0..=2.0).contains(&temperature) {
        return Err(bad(format!("`temperature` must be between 0 and 2, got {temperature}")));
    }
    let samples = layer.samples.unwrap_or(1);
    if !(1..=16).contains(&samples) {
        return Err(bad(format!("`samples` must be between 1 and 16, got {samples}")));
    }
    let prompts = layer.prompts.clone().unwrap_or_default();
    let forward = Endpoint { base_url: base_url.clone(), model: model.clone(), api_key: api_key.clone() };
    let backward = Endpoint {
        base_url: layer.back_base_url.clone().unwrap_or(base_url),
        model: layer.back_model.clone().unwrap_or(model),
        api_key,
    };
    Ok(Settings {
        forward,
        backward,
        mode,
        timeout: Duration::from_secs_f64(timeout),
        retries: layer.retries.unwrap_or(3).min(10),
        max_backoff: Duration::from_secs(30),
        concurrency,
        samples,
        temperature,
        max_tokens: layer.max_output_tokens.unwrap_or(4096),
        allow_secrets: layer.allow_secrets.unwrap_or(false),
        prompts: Prompts::load(prompts.forward.as_deref(), prompts.backward.as_deref())?,
    })
}

/// The nearest `ire.toml` in `start` or one of its ancestors.
#[must_use]
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(FILE_NAME)).find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn global(config: Option<PathBuf>, isolated: bool) -> Global {
        Global { config, isolated, color: crate::cli::ColorChoice::Never, dump_config: false }
    }

    #[test]
    fn layers_apply_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "min_fidelity = 0.5\nproject = \"found\"\n").unwrap();
        let explicit = dir.path().join("other.toml");
        std::fs::write(&explicit, "min_fidelity = 0.6\n").unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        let none = |_: &str| None;
        let c = Config::resolve(&global(None, false), &CheckOptions::default(), &sub, &none).unwrap();
        assert_eq!((c.gate.threshold, c.project.as_deref()), (0.5, Some("found")));
        let c = Config::resolve(&global(Some(explicit.clone()), false), &CheckOptions::default(), &sub, &none).unwrap();
        assert_eq!(c.gate.threshold, 0.6);
        let env = |k: &str| (k == "IRE_MIN_FIDELITY").then(|| "0.7".to_owned());
        let c = Config::resolve(&global(Some(explicit), false), &CheckOptions::default(), &sub, &env).unwrap();
        assert_eq!(c.gate.threshold, 0.7);
        let flags = CheckOptions { min_fidelity: Some(0.9), ..CheckOptions::default() };
        let c = Config::resolve(&global(None, false), &flags, &sub, &env).unwrap();
        assert_eq!(c.gate.threshold, 0.9);
        let c = Config::resolve(&global(None, true), &CheckOptions::default(), &sub, &none).unwrap();
        assert_eq!(c.project, None);
    }

    #[test]
    fn score_table_overrides_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("score.toml");
        std::fs::write(&path, "[score]\nbeta = 2.0\ncosts = { weak_modal = 0.0 }\nweights = { content = 0.5 }\n")
            .unwrap();
        let c = Config::resolve(&global(Some(path.clone()), true), &CheckOptions::default(), dir.path(), &|_| None)
            .unwrap();
        assert_eq!(c.params.beta, 2.0);
        assert_eq!(c.params.cost(AmbiguityKind::WeakModal), 0.0);
        assert_eq!(c.params.weights.content, 0.5);
        assert_eq!(c.params.cost(AmbiguityKind::Conflict), Params::default().cost(AmbiguityKind::Conflict));
        std::fs::write(&path, "[score]\ncosts = { vague = 0.1 }\n").unwrap();
        let err = Config::resolve(&global(Some(path), true), &CheckOptions::default(), dir.path(), &|_| None);
        assert!(err.unwrap_err().to_string().contains("vague"));
    }

    #[test]
    fn the_init_template_is_valid_and_states_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, TEMPLATE).unwrap();
        let from_template =
            Config::resolve(&global(None, false), &CheckOptions::default(), dir.path(), &|_| None).unwrap();
        let defaults = Config::resolve(&global(None, true), &CheckOptions::default(), dir.path(), &|_| None).unwrap();
        assert_eq!(from_template.params, defaults.params);
        assert_eq!(from_template.gate, defaults.gate);
        assert_eq!(from_template.max_spec_bytes, defaults.max_spec_bytes);
        // The dump is itself a valid config that gives the same result.
        std::fs::write(&path, defaults.dump()).unwrap();
        let from_dump = Config::resolve(&global(None, false), &CheckOptions::default(), dir.path(), &|_| None).unwrap();
        assert_eq!(from_dump.params, defaults.params);
        assert_eq!(from_dump.gate, defaults.gate);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "min_fidelty = 0.5\n").unwrap();
        let err = Config::resolve(&global(Some(path.clone()), true), &CheckOptions::default(), dir.path(), &|_| None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("min_fidelty") && err.contains("bad.toml"), "{err}");
        std::fs::write(&path, "min_fidelity = 2.0\n").unwrap();
        let err = Config::resolve(&global(Some(path), true), &CheckOptions::default(), dir.path(), &|_| None);
        assert!(err.unwrap_err().to_string().contains("between 0 and 1"));
        let env = |k: &str| (k == "IRE_CONCURRENCY").then(|| "many".to_owned());
        let err = Config::resolve(&global(None, true), &CheckOptions::default(), dir.path(), &env).unwrap_err();
        assert!(err.to_string().contains("IRE_CONCURRENCY"));
    }
}
