//! The layers of configuration: what one `ire.toml`, the environment or the flags say, before
//! they are merged and checked.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::CheckOptions;
use crate::error::{Error, Result};
use crate::ir::AmbiguityKind;
use crate::meter::Price;
use crate::score::Params;

/// The keys of `ire.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Layer {
    pub(super) backend: Option<String>,
    pub(super) min_fidelity: Option<f64>,
    pub(super) max_spec_bytes: Option<u64>,
    pub(super) concurrency: Option<usize>,
    pub(super) project: Option<String>,
    pub(super) blocking: Option<Vec<AmbiguityKind>>,
    pub(super) score: Option<ScoreLayer>,
    pub(super) model: Option<String>,
    pub(super) base_url: Option<String>,
    pub(super) back_model: Option<String>,
    pub(super) back_base_url: Option<String>,
    pub(super) api_key_env: Option<String>,
    pub(super) structured_output: Option<String>,
    pub(super) timeout_secs: Option<f64>,
    pub(super) retries: Option<u32>,
    pub(super) samples: Option<usize>,
    pub(super) temperature: Option<f64>,
    pub(super) max_output_tokens: Option<u32>,
    pub(super) allow_secrets: Option<bool>,
    pub(super) prompts: Option<PromptsLayer>,
    pub(super) prices: Option<std::collections::BTreeMap<String, Price>>,
    pub(super) carbon: Option<CarbonLayer>,
    pub(super) ledger: Option<PathBuf>,
    pub(super) cache: Option<bool>,
    pub(super) budget: Option<BudgetLayer>,
}

/// The `[budget]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BudgetLayer {
    pub(super) max_usd: Option<f64>,
}

/// The `[carbon]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CarbonLayer {
    pub(super) zone: Option<String>,
    pub(super) gco2e_per_kwh: Option<f64>,
    pub(super) pue: Option<f64>,
    #[serde(default)]
    pub(super) models: std::collections::BTreeMap<String, crate::carbon::ModelSize>,
}

/// The `[prompts]` table: files that replace the built-in prompts.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PromptsLayer {
    pub(super) forward: Option<PathBuf>,
    pub(super) backward: Option<PathBuf>,
}

/// The `[score]` table: the scorer's parameters, for calibrating on your own labelled data.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScoreLayer {
    pub(super) beta: Option<f64>,
    pub(super) costs: Option<std::collections::BTreeMap<AmbiguityKind, f64>>,
    pub(super) weights: Option<WeightsLayer>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WeightsLayer {
    pub(super) quantity: Option<f64>,
    pub(super) negation: Option<f64>,
    pub(super) modality: Option<f64>,
    pub(super) condition: Option<f64>,
    pub(super) literal: Option<f64>,
    pub(super) content: Option<f64>,
}

impl ScoreLayer {
    /// Applies this layer's values on top of `params`, checking their ranges.
    pub(super) fn apply(&self, params: &mut Params, source: &str) -> Result<()> {
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
            if let Some(i) = AmbiguityKind::ALL.iter().position(|k| k == kind) {
                params.costs[i] = *cost;
            }
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
    pub(super) fn over(self, base: Self) -> Self {
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

    pub(super) fn read(path: &Path) -> Result<Self> {
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

    pub(super) fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Self> {
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

    pub(super) fn from_flags(options: &CheckOptions) -> Self {
        Self {
            backend: options.backend.clone(),
            min_fidelity: options.min_fidelity,
            max_spec_bytes: options.max_spec_bytes,
            concurrency: options.concurrency,
            project: options.project.clone(),
            model: options.model.clone(),
            base_url: options.base_url.clone(),
            back_model: options.back_model.clone(),
            back_base_url: options.back_base_url.clone(),
            structured_output: options.structured_output.clone(),
            timeout_secs: options.timeout,
            retries: options.retries,
            samples: options.samples,
            temperature: options.temperature,
            max_output_tokens: options.max_output_tokens,
            allow_secrets: options.allow_secrets.then_some(true),
            ledger: options.ledger.clone(),
            cache: options.no_cache.then_some(false),
            budget: options.max_usd.map(|m| BudgetLayer { max_usd: Some(m) }),
            ..Self::default()
        }
    }
}
