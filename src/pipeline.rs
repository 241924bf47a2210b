//! The driver: load → to_ir → to_english → score → gate → meter, for many specs at once.
//!
//! A failure on one spec becomes that spec's `error` result; it never stops the others.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::budget::Budget;
use crate::cache::Cache;
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

fn ms(since: std::time::Instant) -> f64 {
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
    fn failed(path: &Path, error: &Error, cost: Cost, calls: Vec<Call>) -> Self {
        Self {
            stages: None,
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
    pub fn new(config: &Config, backend: &Backend, results: Vec<CheckResult>) -> Self {
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

/// The backend a configuration asks for.
pub fn backend(config: &Config) -> Result<Backend, Error> {
    Ok(match &config.backend {
        BackendName::Rules => Backend::Rules(Rules),
        BackendName::OpenAi(settings) => Backend::OpenAi(Box::new(OpenAi::new((**settings).clone())?)),
    })
}

/// Checks a loaded spec: translate both ways, score, gate. Every model call made, also by a
/// check that fails half-way, is appended to `calls` so that its cost is not lost. With a
/// budget (the run's, or the spec's `budget_usd`), each call's cost is projected first and the
/// call is not made when it could cross it.
pub fn check_spec(
    spec: &Spec,
    backend: &Backend,
    gate: &Gate,
    params: &Params,
    calls: &mut Vec<Call>,
) -> Result<Checked, Error> {
    check_spec_within(spec, backend, gate, params, calls, &Limits::default())
}

/// The budgets a check must keep to.
#[derive(Debug, Default)]
pub struct Limits<'a> {
    /// The run's budget.
    pub run: Option<&'a Budget>,
    /// The price table to project with.
    pub prices: Option<&'a crate::meter::Prices>,
}

/// [`check_spec`] within budgets.
pub fn check_spec_within(
    spec: &Spec,
    backend: &Backend,
    gate: &Gate,
    params: &Params,
    calls: &mut Vec<Call>,
    limits: &Limits<'_>,
) -> Result<Checked, Error> {
    let keep = |calls: &mut Vec<Call>, error: Error| match error {
        Error::Backend { path, message, calls: made } => {
            calls.extend(made.iter().cloned());
            Error::Backend {
                // The backward translator sees no path: name the spec here.
                path: if path.as_os_str().is_empty() { spec.path.clone() } else { path },
                message,
                calls: made,
            }
        }
        other => other,
    };
    let spec_budget = spec.front.budget_usd.map(Budget::new);
    let guard = |projected: Option<f64>, stage: &str| -> Result<f64, Error> {
        let budgets: Vec<&Budget> = limits.run.into_iter().chain(spec_budget.as_ref()).collect();
        if budgets.is_empty() {
            return Ok(0.0);
        }
        let stop = |message: String| Error::Budget { path: spec.path.clone(), message };
        let projected = projected.ok_or_else(|| {
            stop(format!("cannot keep to a budget: the model of the {stage} call has no price (add it under [prices])"))
        })?;
        for (i, b) in budgets.iter().enumerate() {
            if !b.reserve(projected) {
                for earlier in &budgets[..i] {
                    earlier.settle(projected, 0.0);
                }
                return Err(stop(format!(
                    "the {stage} call could cost up to ${projected:.6}, which would cross the budget of ${} (${:.6} spent)",
                    b.limit(),
                    b.spent()
                )));
            }
        }
        Ok(projected)
    };
    let settle = |projected: f64, made: &[Call]| {
        // A call of a model with no price could not have been reserved for: it counts as 0.
        let actual = limits.prices.and_then(|p| p.cost_of(made)).unwrap_or(0.0);
        for b in limits.run.into_iter().chain(spec_budget.as_ref()) {
            b.settle(projected, actual);
        }
    };
    let no_prices = crate::meter::Prices::default();
    let prices = limits.prices.unwrap_or(&no_prices);
    let started = std::time::Instant::now();
    let projected = guard(backend.projected_forward(spec, prices), "forward")?;
    let before = calls.len();
    let forward = backend.to_ir(spec).map_err(|e| {
        let e = keep(calls, e);
        settle(projected, &calls[before..]);
        e
    })?;
    settle(projected, &forward.calls);
    calls.extend(forward.calls);
    let forward_ms = ms(started);
    let started = std::time::Instant::now();
    let projected = guard(backend.projected_backward(&forward.value, prices), "backward")?;
    let before = calls.len();
    let backward = backend.to_english(&forward.value).map_err(|e| {
        let e = keep(calls, e);
        settle(projected, &calls[before..]);
        e
    })?;
    settle(projected, &backward.calls);
    calls.extend(backward.calls);
    let backward_ms = ms(started);
    let mut checked = finish(spec, forward.value, backward.value, gate, params);
    checked.stages.forward_ms = forward_ms;
    checked.stages.backward_ms = backward_ms;
    Ok(checked)
}

/// Scores and gates a round trip.
#[must_use]
pub fn finish(spec: &Spec, ir: Ir, back: String, gate: &Gate, params: &Params) -> Checked {
    let started = std::time::Instant::now();
    let clauses: Vec<&str> = spec.clauses.iter().map(|c| c.text.as_str()).collect();
    let score = score::score(&clauses, &back, &ir.ambiguities, params);
    let (verdict, findings) = gate.decide(spec, &ir, &score);
    let stages = Stages { score_ms: ms(started), ..Stages::default() };
    Checked { ir, back, fidelity: score.fidelity, components: score.components, verdict, findings, stages }
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
    /// Wall time of the forward, backward and score stages.
    pub stages: Stages,
}

/// Loads and checks one spec file, measuring what it costs; answers from the cache when the
/// same round trip was made before.
#[must_use]
pub fn check_path(path: &Path, config: &Config, backend: &Backend, budget: Option<&Budget>) -> CheckResult {
    let watch = Stopwatch::start();
    let mut calls = Vec::new();
    let mut saved = None;
    let limits = Limits { run: budget, prices: Some(&config.prices) };
    let mut load_ms = 0.0;
    let outcome = Spec::load(path, config.max_spec_bytes).map_err(Error::from).and_then(|spec| {
        load_ms = watch.elapsed().0.as_secs_f64() * 1000.0;
        let cache = config
            .cache
            .as_ref()
            .zip(backend.fingerprint())
            .map(|(dir, fp)| (Cache::new(dir.clone()), Cache::key(&spec.sha256, &fp)));
        if let Some((cache, key)) = &cache
            && let Some(entry) = cache.get(key)
        {
            let tokens = entry.calls.iter().map(|c| c.input_tokens + c.output_tokens).sum();
            let replayed: Vec<Call> = entry.calls.iter().map(Call::from).collect();
            let usd = config.prices.cost_of(&replayed);
            saved = Some(Saved { tokens, usd });
            let checked = finish(&spec, entry.ir, entry.back_translation, &config.gate, &config.params);
            return Ok((spec, checked));
        }
        let checked = check_spec_within(&spec, backend, &config.gate, &config.params, &mut calls, &limits)?;
        if let Some((cache, key)) = &cache {
            let entry = crate::cache::Entry {
                version: 1,
                ir: checked.ir.clone(),
                back_translation: checked.back.clone(),
                calls: calls.iter().map(Into::into).collect(),
            };
            // A cache that cannot be written only costs tokens next time.
            let _ = cache.put(key, &entry);
        }
        Ok((spec, checked))
    });
    let (wall, cpu) = watch.elapsed();
    let mut cost = match backend {
        Backend::Rules(_) => Cost::local(wall, cpu, Usage::of(&calls)),
        Backend::OpenAi(_) => Cost::remote(wall, cpu, &calls, &config.prices, &config.carbon),
    };
    cost.cache_hit = saved.is_some();
    match outcome {
        Ok((spec, checked)) => CheckResult {
            stages: Some(Stages { load_ms, ..checked.stages }),
            path: path.to_path_buf(),
            spec_sha256: Some(spec.sha256.clone()),
            verdict: checked.verdict,
            fidelity: Some(checked.fidelity),
            components: Some(checked.components),
            findings: checked.findings,
            back_translation: Some(checked.back),
            cost,
            saved,
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
    let budget = config.max_usd.map(Budget::new);
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
                        let result = if budget.as_ref().is_some_and(|b| b.stopped()) {
                            let e = Error::Budget {
                                path: path.clone(),
                                message: format!(
                                    "the budget of ${} would be exceeded; not checked",
                                    budget.as_ref().map_or(0.0, |b| b.limit())
                                ),
                            };
                            CheckResult::failed(path, &e, Cost::zero(), Vec::new())
                        } else {
                            check_path(path, config, backend, budget.as_ref())
                        };
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
