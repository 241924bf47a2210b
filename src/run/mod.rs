//! A run: load → to_ir → to_english → score → gate → meter, for one spec ([`check_path`]) and
//! for many at once ([`run_paths`]), and the [`RunReport`] that reporters and the ledger read.
//!
//! A failure on one spec becomes that spec's `error` result; it never stops the others.

mod batch;
mod check;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use batch::{run, run_paths};
pub use check::{Checked, Limits, check_path, check_spec, check_spec_within, finish};

use crate::config::Config;
use crate::error::Error;
use crate::exit_code::ExitCode;
use crate::gate::{Finding, Verdict};
use crate::ir::Ir;
use crate::meter::{Call, Cost};
use crate::score::Components;
use crate::translate::Info;

/// The version tag of the JSON report.
pub const REPORT_SCHEMA: &str = "ire.report/1";

/// The result of checking one spec.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// The spec's path as given.
    pub path: PathBuf,
    /// SHA-256 of the file, when it could be read.
    pub spec_sha256: Option<String>,
    /// The project named in the spec's front matter; it takes the place of the run's project
    /// in the ledger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// The outcome.
    pub verdict: Verdict,
    /// Fidelity in [0, 1], when the check completed.
    pub fidelity: Option<f64>,
    /// How the fidelity was made.
    pub components: Option<Components>,
    /// Findings, most serious first.
    pub findings: Vec<Finding>,
    /// The English rendered from the IR.
    pub back_translation: Option<String>,
    /// What the check cost.
    pub cost: Cost,
    /// Wall time of each stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stages: Option<Stages>,
    /// What a cache hit saved: the tokens and money of the calls it did not repeat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved: Option<Saved>,
    /// The model calls the check made (none for the rules backend).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<Call>,
    /// Why the check failed, for `error` results.
    pub error: Option<String>,
    /// The prose that was scored, for the diff.
    #[serde(skip)]
    pub original: Option<String>,
    /// The IR.
    #[serde(skip)]
    pub ir: Option<Ir>,
    /// Blocked, but no worse than the baseline: does not fail the run.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub baselined: bool,
    /// The exit code this result asks for.
    #[serde(skip)]
    pub exit_code: ExitCode,
}

/// Wall time of each stage of a check, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Stages {
    /// Reading and parsing the spec.
    pub load_ms: f64,
    /// English → IR (0 on a cache hit).
    pub forward_ms: f64,
    /// IR → English (0 on a cache hit).
    pub backward_ms: f64,
    /// Scoring and gating.
    pub score_ms: f64,
}

pub(crate) fn ms(since: std::time::Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// What a cache hit saved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Saved {
    /// Tokens not spent again.
    pub tokens: u64,
    /// Money not spent again, when the price is known.
    pub usd: Option<f64>,
}

impl CheckResult {
    pub(crate) fn failed(path: &Path, error: &Error, cost: Cost, calls: Vec<Call>) -> Self {
        Self {
            stages: None,
            saved: None,
            calls,
            path: path.to_path_buf(),
            spec_sha256: None,
            project: None,
            verdict: Verdict::Error,
            fidelity: None,
            components: None,
            findings: Vec::new(),
            back_translation: None,
            cost,
            error: Some(error.to_string()),
            original: None,
            ir: None,
            baselined: false,
            exit_code: error.exit_code(),
        }
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Specs attempted.
    pub checked: usize,
    /// Specs accepted.
    pub accepted: usize,
    /// Specs blocked.
    pub blocked: usize,
    /// Specs whose check failed.
    pub errors: usize,
    /// Blocked specs that are no worse than the baseline.
    pub baselined: usize,
    /// Cost of every attempt.
    pub total: Cost,
    /// Total cost divided by the number accepted; `null` when none was.
    pub per_accepted: Option<Cost>,
    /// Sum of fidelities per 1,000 tokens spent; `null` when no token was spent.
    pub fidelity_per_1k_tokens: Option<f64>,
    /// Mean fidelity of the completed checks.
    pub mean_fidelity: Option<f64>,
    /// Checks answered from the cache.
    pub cache_hits: usize,
    /// Tokens the cache saved.
    pub saved_tokens: u64,
    /// Money the cache saved; `null` when a price is unknown.
    pub saved_usd: Option<f64>,
}

/// A finished run, as every reporter sees it.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// Always [`REPORT_SCHEMA`].
    pub schema: &'static str,
    /// The version of ire that made it.
    pub ire_version: &'static str,
    /// The fidelity threshold in force.
    pub threshold: f64,
    /// The backend id.
    pub backend: &'static str,
    /// The model id.
    pub model: String,
    /// SHA-256 of the prompts in force, for model-backed backends.
    pub prompt_sha256: Option<String>,
    /// The project, when configured.
    pub project: Option<String>,
    /// How carbon was estimated.
    pub carbon_method: String,
    /// One result per spec, in input order.
    pub results: Vec<CheckResult>,
    /// Totals.
    pub summary: Summary,
}

impl RunReport {
    /// Builds the report and its summary from results.
    #[must_use]
    pub fn new(config: &Config, backend: &Info, results: Vec<CheckResult>) -> Self {
        let count = |v: Verdict| results.iter().filter(|r| r.verdict == v).count();
        let (accepted, blocked, errors) = (count(Verdict::Accepted), count(Verdict::Blocked), count(Verdict::Error));
        let mut total = Cost { cache_hit: !results.is_empty(), ..Cost::zero() };
        for r in &results {
            total.add(&r.cost);
        }
        let fidelities: Vec<f64> = results.iter().filter_map(|r| r.fidelity).collect();
        let sum: f64 = fidelities.iter().sum();
        #[expect(clippy::cast_precision_loss, reason = "token and spec counts are far below 2^52")]
        let (per_1k, mean) = (
            (total.tokens() > 0).then(|| sum / (total.tokens() as f64 / 1000.0)),
            (!fidelities.is_empty()).then(|| sum / fidelities.len() as f64),
        );
        Self {
            schema: REPORT_SCHEMA,
            ire_version: env!("CARGO_PKG_VERSION"),
            threshold: config.gate.threshold,
            backend: backend.name,
            model: backend.model.clone(),
            prompt_sha256: backend.prompt_hash.clone(),
            project: config.project.clone(),
            carbon_method: if backend.remote {
                format!(
                    "{}; grid {} gCO2e/kWh ({}), PUE {}; plus local CPU: {}",
                    crate::meter::carbon::METHOD,
                    config.carbon.grid,
                    config.carbon.zone,
                    config.carbon.pue,
                    crate::meter::LOCAL_METHOD
                )
            } else {
                format!(
                    "{}; grid {} gCO2e/kWh ({})",
                    crate::meter::LOCAL_METHOD,
                    config.carbon.grid,
                    config.carbon.zone
                )
            },
            summary: Summary {
                checked: results.len(),
                accepted,
                blocked,
                errors,
                baselined: 0,
                total,
                per_accepted: total.per(accepted),
                fidelity_per_1k_tokens: per_1k,
                mean_fidelity: mean,
                cache_hits: results.iter().filter(|r| r.saved.is_some()).count(),
                saved_tokens: results.iter().filter_map(|r| r.saved).map(|s| s.tokens).sum(),
                saved_usd: results.iter().filter_map(|r| r.saved).try_fold(0.0, |sum, s| s.usd.map(|u| sum + u)),
            },
            results,
        }
    }

    /// The exit code of the run: the most serious of its results.
    #[must_use]
    pub fn exit_code(&self) -> ExitCode {
        self.results.iter().fold(ExitCode::ACCEPTED, |code, r| {
            code.worst(match r.verdict {
                Verdict::Accepted => ExitCode::ACCEPTED,
                Verdict::Blocked if r.baselined => ExitCode::ACCEPTED,
                Verdict::Blocked => ExitCode::BLOCKED,
                Verdict::Error => r.exit_code,
            })
        })
    }
}
