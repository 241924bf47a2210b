//! The layers of configuration: what one `ire.toml`, the environment or the flags say, before
//! they are merged and checked.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ir::AmbiguityKind;
use crate::meter::Price;
use crate::score::Params;

/// What one layer of configuration says: the keys of `ire.toml`, also filled from `IRE_*`
/// variables and, by the command line, from flags. Each field is documented in the `ire init`
/// template.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(missing_docs, reason = "the keys are documented once, in the `ire init` template")]
pub struct Layer {
    pub backend: Option<String>,
    pub min_fidelity: Option<f64>,
    pub max_spec_bytes: Option<u64>,
    pub concurrency: Option<usize>,
    pub project: Option<String>,
    pub blocking: Option<Vec<AmbiguityKind>>,
    pub score: Option<ScoreLayer>,
    pub model: Option<String>,
    pub base_url: Option<String>,
    pub back_model: Option<String>,
    pub back_base_url: Option<String>,
    pub api_key_env: Option<String>,
    pub structured_output: Option<String>,
    pub timeout_secs: Option<f64>,
    pub retries: Option<u32>,
    pub samples: Option<usize>,
    pub temperature: Option<f64>,
    pub max_output_tokens: Option<u32>,
    pub allow_secrets: Option<bool>,
    pub prompts: Option<PromptsLayer>,
    pub prices: Option<std::collections::BTreeMap<String, Price>>,
    pub carbon: Option<CarbonLayer>,
    pub ledger: Option<PathBuf>,
    pub cache: Option<bool>,
    pub budget: Option<BudgetLayer>,
    /// Record nothing in a ledger (`--no-ledger`); only the command line sets it.
    #[serde(skip)]
    pub no_ledger: bool,
}

/// Where a layer came from, to name it in an error.
#[derive(Debug, Clone)]
pub enum Origin {
    /// An `ire.toml`.
    File(PathBuf),
    /// The `IRE_*` variables.
    Env,
    /// The command line.
    Flags,
}

impl Origin {
    /// The error for a bad value of `key` (as written in `ire.toml`) from this origin.
    #[must_use]
    pub fn bad(&self, key: &str, message: String) -> Error {
        match self {
            Self::File(path) => {
                Error::Config { path: path.display().to_string(), message: format!("`{key}` {message}") }
            }
            Self::Env => Error::Config { path: format!("IRE_{}", key.to_ascii_uppercase()), message },
            Self::Flags => {
                let flag = match key {
                    "timeout_secs" => "--timeout".to_owned(),
                    k => format!("--{}", k.replace('_', "-")),
                };
                Error::Usage(format!("invalid value for `{flag}`: {message}"))
            }
        }
    }
}

/// The `[budget]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(missing_docs, reason = "documented in the `ire init` template")]
pub struct BudgetLayer {
    pub max_usd: Option<f64>,
}

/// The `[carbon]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(missing_docs, reason = "documented in the `ire init` template")]
pub struct CarbonLayer {
    pub zone: Option<String>,
    pub gco2e_per_kwh: Option<f64>,
    pub pue: Option<f64>,
    #[serde(default)]
    pub models: std::collections::BTreeMap<String, crate::meter::carbon::ModelSize>,
}

/// The `[prompts]` table: files that replace the built-in prompts.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(missing_docs, reason = "documented in the `ire init` template")]
pub struct PromptsLayer {
    pub forward: Option<PathBuf>,
    pub backward: Option<PathBuf>,
}

/// The `[score]` table: the scorer's parameters, for calibrating on your own labelled data.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(missing_docs, reason = "documented in the `ire init` template")]
pub struct ScoreLayer {
    pub beta: Option<f64>,
    pub costs: Option<std::collections::BTreeMap<AmbiguityKind, f64>>,
    pub weights: Option<WeightsLayer>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[expect(missing_docs, reason = "documented in the `ire init` template")]
pub struct WeightsLayer {
    pub quantity: Option<f64>,
    pub negation: Option<f64>,
    pub modality: Option<f64>,
    pub condition: Option<f64>,
    pub literal: Option<f64>,
    pub content: Option<f64>,
}

impl ScoreLayer {
    /// Applies this layer's values on top of `params`, checking their ranges.
    pub fn apply(&self, params: &mut Params, source: &str) -> Result<()> {
        let bad = |message: String| Error::Config { path: source.to_owned(), message };
        if let Some(beta) = self.beta {
            if !(beta.is_finite() && beta > 0.0) {
                return Err(bad(format!("`score.beta` must be a positive number, got {beta}")));
            }
            params.beta = beta;
        }
        for (kind, cost) in self.costs.iter().flatten() {
            if !(0.0..=1.0).contains(cost) {
                return Err(bad(format!("`score.costs.{}` must be between 0 and 1, got {cost}", kind.as_str())));
            }
            params.costs.set(*kind, *cost);
        }
        if let Some(w) = &self.weights {
            let slots = [
                ("quantity", w.quantity, &mut params.weights.quantity),
                ("negation", w.negation, &mut params.weights.negation),
                ("modality", w.modality, &mut params.weights.modality),
                ("condition", w.condition, &mut params.weights.condition),
                ("literal", w.literal, &mut params.weights.literal),
                ("content", w.content, &mut params.weights.content),
            ];
            for (name, value, slot) in slots {
                if let Some(v) = value {
                    if !(v.is_finite() && v >= 0.0) {
                        return Err(bad(format!("`score.weights.{name}` must be a number >= 0, got {v}")));
                    }
                    *slot = v;
                }
            }
        }
        Ok(())
    }
}

impl Layer {
    /// This layer on top of `base`: what this one sets wins.
    #[must_use]
    pub fn over(self, base: Self) -> Self {
        let prices = match (base.prices, self.prices) {
            (Some(mut a), Some(b)) => {
                a.extend(b);
                Some(a)
            }
            (a, b) => b.or(a),
        };
        Self {
            backend: self.backend.or(base.backend),
            min_fidelity: self.min_fidelity.or(base.min_fidelity),
            max_spec_bytes: self.max_spec_bytes.or(base.max_spec_bytes),
            concurrency: self.concurrency.or(base.concurrency),
            project: self.project.or(base.project),
            blocking: self.blocking.or(base.blocking),
            score: None,
            model: self.model.or(base.model),
            base_url: self.base_url.or(base.base_url),
            back_model: self.back_model.or(base.back_model),
            back_base_url: self.back_base_url.or(base.back_base_url),
            api_key_env: self.api_key_env.or(base.api_key_env),
            structured_output: self.structured_output.or(base.structured_output),
            timeout_secs: self.timeout_secs.or(base.timeout_secs),
            retries: self.retries.or(base.retries),
            samples: self.samples.or(base.samples),
            temperature: self.temperature.or(base.temperature),
            max_output_tokens: self.max_output_tokens.or(base.max_output_tokens),
            allow_secrets: self.allow_secrets.or(base.allow_secrets),
            prompts: match (self.prompts, base.prompts) {
                (Some(a), Some(b)) => {
                    Some(PromptsLayer { forward: a.forward.or(b.forward), backward: a.backward.or(b.backward) })
                }
                (a, b) => a.or(b),
            },
            prices,
            ledger: self.ledger.or(base.ledger),
            cache: self.cache.or(base.cache),
            no_ledger: self.no_ledger || base.no_ledger,
            budget: match (self.budget, base.budget) {
                (Some(a), Some(b)) => Some(BudgetLayer { max_usd: a.max_usd.or(b.max_usd) }),
                (a, b) => a.or(b),
            },
            carbon: match (self.carbon, base.carbon) {
                (Some(a), Some(b)) => {
                    let mut models = b.models;
                    models.extend(a.models);
                    Some(CarbonLayer {
                        zone: a.zone.or(b.zone),
                        gco2e_per_kwh: a.gco2e_per_kwh.or(b.gco2e_per_kwh),
                        pue: a.pue.or(b.pue),
                        models,
                    })
                }
                (a, b) => a.or(b),
            },
        }
    }

    /// Checks the ranges of this layer's values, so that an error names where a bad value came
    /// from: the file, the `IRE_*` variable or the flag.
    pub fn check(&self, origin: &Origin) -> Result<()> {
        let unit = |key: &str, v: Option<f64>| match v {
            Some(v) if !(0.0..=1.0).contains(&v) => Err(origin.bad(key, format!("must be between 0 and 1, got {v}"))),
            _ => Ok(()),
        };
        let non_negative = |key: &str, v: Option<f64>, what: &str| match v {
            Some(v) if !(v.is_finite() && v >= 0.0) => Err(origin.bad(key, format!("must be {what} >= 0, got {v}"))),
            _ => Ok(()),
        };
        unit("min_fidelity", self.min_fidelity)?;
        if self.max_spec_bytes == Some(0) {
            return Err(origin.bad("max_spec_bytes", "must be at least 1".into()));
        }
        non_negative("max_usd", self.budget.as_ref().and_then(|b| b.max_usd), "a number of USD")?;
        if let Some(t) = self.timeout_secs
            && !(t.is_finite() && t > 0.0 && t <= 86_400.0)
        {
            return Err(
                origin.bad("timeout_secs", format!("must be a number of seconds above 0 and at most 86400, got {t}"))
            );
        }
        if let Some(t) = self.temperature
            && !(0.0..=2.0).contains(&t)
        {
            return Err(origin.bad("temperature", format!("must be between 0 and 2, got {t}")));
        }
        if let Some(n) = self.samples
            && !(1..=16).contains(&n)
        {
            return Err(origin.bad("samples", format!("must be between 1 and 16, got {n}")));
        }
        for (model, price) in self.prices.iter().flatten() {
            let parts =
                [("input", Some(price.input)), ("cached_input", price.cached_input), ("output", Some(price.output))];
            for (part, v) in parts {
                non_negative(&format!("prices.\"{model}\".{part}"), v, "a number of USD per 1M tokens")?;
            }
        }
        if let Some(c) = &self.carbon {
            non_negative("carbon.gco2e_per_kwh", c.gco2e_per_kwh, "a number")?;
            if let Some(pue) = c.pue
                && !(1.0..=3.0).contains(&pue)
            {
                return Err(origin.bad("carbon.pue", format!("must be between 1 and 3, got {pue}")));
            }
        }
        Ok(())
    }

    /// Reads an `ire.toml`; unknown keys are errors naming the file.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            action: "read config",
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| Error::Config {
            path: path.display().to_string(),
            message: e.to_string().trim_end().replace('\n', " "),
        })
    }

    /// The `IRE_*` variables.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Self> {
        fn parse<T: std::str::FromStr>(name: &str, value: Option<String>) -> Result<Option<T>>
        where
            T::Err: std::fmt::Display,
        {
            value
                .map(|v| {
                    v.trim().parse().map_err(|e: T::Err| Error::Config {
                        path: name.to_owned(),
                        message: format!("`{v}` is not valid: {e}"),
                    })
                })
                .transpose()
        }
        Ok(Self {
            backend: env("IRE_BACKEND"),
            min_fidelity: parse("IRE_MIN_FIDELITY", env("IRE_MIN_FIDELITY"))?,
            max_spec_bytes: parse("IRE_MAX_SPEC_BYTES", env("IRE_MAX_SPEC_BYTES"))?,
            concurrency: parse("IRE_CONCURRENCY", env("IRE_CONCURRENCY"))?,
            project: env("IRE_PROJECT"),
            model: env("IRE_MODEL"),
            base_url: env("IRE_BASE_URL"),
            ..Self::default()
        })
    }
}
