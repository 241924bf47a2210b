//! The driver: load → to_ir → to_english → score → gate → meter, for many specs at once.
//!
//! A failure on one spec becomes that spec's `error` result; it never stops the others.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::config::{BackendName, Config};
use crate::error::Error;
use crate::exit_code::ExitCode;
use crate::gate::{Finding, Gate, Verdict};
use crate::ir::Ir;
use crate::meter::{Cost, Stopwatch};
use crate::score::{self, Components, Params};
use crate::spec::Spec;
use crate::translate::openai::OpenAi;
use crate::translate::{Backend, Call, Usage, rules::Rules};

/// The version tag of the JSON report.
pub const REPORT_SCHEMA: &str = "ire.report/1";

/// The result of checking one spec.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// The spec's path as given.
    pub path: PathBuf,
    /// SHA-256 of the file, when it could be read.
    pub spec_sha256: Option<String>,
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

/// What a cache hit saved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Saved {
    /// Tokens not spent again.
    pub tokens: u64,
    /// Money not spent again, when the price is known.
    pub usd: Option<f64>,
}

impl CheckResult {
    fn failed(path: &Path, error: &Error, cost: Cost, calls: Vec<Call>) -> Self {
        Self {
            saved: None,
            calls,
            path: path.to_path_buf(),
            spec_sha256: None,
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
    pub fn new(config: &Config, backend: &Backend, results: Vec<CheckResult>) -> Self {
        let count = |v: Verdict| results.iter().filter(|r| r.verdict == v).count();
        let (accepted, blocked, errors) = (count(Verdict::Accepted), count(Verdict::Blocked), count(Verdict::Error));
        let mut total = Cost { usd: Some(0.0), cache_hit: !results.is_empty(), ..Cost::default() };
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
            backend: backend.id(),
            model: backend.model(),
            prompt_sha256: backend.prompt_hash(),
            project: config.project.clone(),
            carbon_method: match backend {
                Backend::Rules(_) => crate::meter::LOCAL_METHOD.to_owned(),
                Backend::OpenAi(_) => format!(
                    "{}; grid {} gCO2e/kWh ({}), PUE {}; plus local CPU: {}",
                    crate::carbon::METHOD,
                    config.carbon.grid,
                    config.carbon.zone,
                    config.carbon.pue,
                    crate::meter::LOCAL_METHOD
                ),
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

/// The backend a configuration asks for.
pub fn backend(config: &Config) -> Result<Backend, Error> {
    Ok(match &config.backend {
        BackendName::Rules => Backend::Rules(Rules),
        BackendName::OpenAi(settings) => Backend::OpenAi(Box::new(OpenAi::new((**settings).clone())?)),
    })
}

/// Checks a loaded spec: translate both ways, score, gate. Every model call made, also by a
/// check that fails half-way, is appended to `calls` so that its cost is not lost.
pub fn check_spec(
    spec: &Spec,
    backend: &Backend,
    gate: &Gate,
    params: &Params,
    calls: &mut Vec<Call>,
) -> Result<Checked, Error> {
    let keep = |calls: &mut Vec<Call>, error: Error| match error {
        Error::Backend { path, message, calls: made } => {
            calls.extend(made.iter().cloned());
            Error::Backend {
                path: if path.as_os_str() == "<ir>" { spec.path.clone() } else { path },
                message,
                calls: made,
            }
        }
        other => other,
    };
    let forward = backend.to_ir(spec).map_err(|e| keep(calls, e))?;
    calls.extend(forward.calls);
    let backward = backend.to_english(&forward.value).map_err(|e| keep(calls, e))?;
    calls.extend(backward.calls);
    let ir = forward.value;
    let back = backward.value;
    let clauses: Vec<&str> = spec.clauses.iter().map(|c| c.text.as_str()).collect();
    let score = score::score(&clauses, &back, &ir.ambiguities, params);
    let (verdict, findings) = gate.decide(spec, &ir, &score);
    Ok(Checked { ir, back, fidelity: score.fidelity, components: score.components, verdict, findings })
}

/// What [`check_spec`] produces.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The IR.
    pub ir: Ir,
    /// The back-translation.
    pub back: String,
    /// The fidelity.
    pub fidelity: f64,
    /// Its components.
    pub components: Components,
    /// The verdict.
    pub verdict: Verdict,
    /// The findings.
    pub findings: Vec<Finding>,
}

/// Loads and checks one spec file, measuring what it costs.
#[must_use]
pub fn check_path(path: &Path, config: &Config, backend: &Backend) -> CheckResult {
    let watch = Stopwatch::start();
    let mut calls = Vec::new();
    let outcome = Spec::load(path, config.max_spec_bytes)
        .map_err(Error::from)
        .and_then(|spec| check_spec(&spec, backend, &config.gate, &config.params, &mut calls).map(|c| (spec, c)));
    let (wall, cpu) = watch.elapsed();
    let usage = Usage::of(&calls);
    let cost = match backend {
        Backend::Rules(_) => Cost::local(wall, cpu, usage),
        Backend::OpenAi(_) => Cost::remote(wall, cpu, &calls, &config.prices, &config.carbon),
    };
    match outcome {
        Ok((spec, checked)) => CheckResult {
            path: path.to_path_buf(),
            spec_sha256: Some(spec.sha256.clone()),
            verdict: checked.verdict,
            fidelity: Some(checked.fidelity),
            components: Some(checked.components),
            findings: checked.findings,
            back_translation: Some(checked.back),
            cost,
            saved: None,
            calls,
            error: None,
            original: Some(spec.prose()),
            ir: Some(checked.ir),
            baselined: false,
            exit_code: ExitCode::ACCEPTED,
        },
        Err(e) => CheckResult::failed(path, &e, cost, calls),
    }
}

/// Checks every spec that `inputs` names, `config.concurrency` at a time, in input order.
pub fn run(inputs: &[PathBuf], config: &Config) -> Result<RunReport, Error> {
    let backend = backend(config)?;
    Ok(run_paths(&crate::spec::expand_paths(inputs)?, config, &backend, &|_| {}))
}

/// Checks the given spec files, `config.concurrency` at a time, in input order, calling
/// `done` as each one finishes (the binary draws a progress bar with it).
pub fn run_paths(
    paths: &[PathBuf],
    config: &Config,
    backend: &Backend,
    done: &(dyn Fn(&CheckResult) + Sync),
) -> RunReport {
    let next = AtomicUsize::new(0);
    let workers = config.concurrency.clamp(1, paths.len().max(1));
    let mut slots: Vec<Option<CheckResult>> = vec![None; paths.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut finished = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else { break };
                        let result = check_path(path, config, backend);
                        done(&result);
                        finished.push((i, result));
                    }
                    finished
                })
            })
            .collect();
        for handle in handles {
            // A panicking worker would be a bug; its specs are reported as errors below.
            if let Ok(finished) = handle.join() {
                for (i, result) in finished {
                    slots[i] = Some(result);
                }
            }
        }
    });
    let results = slots
        .into_iter()
        .zip(paths)
        .map(|(slot, path)| {
            slot.unwrap_or_else(|| {
                let e = Error::Usage(format!("internal error while checking `{}`", path.display()));
                CheckResult::failed(path, &e, Cost::default(), Vec::new())
            })
        })
        .collect();
    RunReport::new(config, backend, results)
}
