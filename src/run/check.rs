//! The check of one spec: translate both ways within budget, score, gate, meter.

use std::path::Path;

use super::{CheckResult, Saved, Stages, ms};
use crate::cache::Cache;
use crate::config::Config;
use crate::error::Error;
use crate::exit_code::ExitCode;
use crate::gate::{Finding, Gate, Verdict};
use crate::ir::Ir;
use crate::meter::{Budget, Call, Cost, Prices, Stopwatch, Usage};
use crate::score::{self, Components, Params};
use crate::spec::Spec;
use crate::translate::{Backend, Failed};

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
    pub prices: Option<&'a Prices>,
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
    // A failed translation still made calls: keep them, so that their cost is not lost.
    let keep = |calls: &mut Vec<Call>, failed: Failed| {
        calls.extend(failed.calls);
        match failed.error {
            // The backward translator sees no path: name the spec here.
            Error::Backend { path, message } if path.as_os_str().is_empty() => {
                Error::Backend { path: spec.path.clone(), message }
            }
            other => other,
        }
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
    let no_prices = Prices::default();
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
    let info = backend.info();
    let mut calls = Vec::new();
    let mut saved = None;
    let limits = Limits { run: budget, prices: Some(&config.prices) };
    let mut load_ms = 0.0;
    let outcome = Spec::load(path, config.max_spec_bytes).map_err(Error::from).and_then(|spec| {
        load_ms = watch.elapsed().0.as_secs_f64() * 1000.0;
        let cache = config
            .cache
            .as_ref()
            .zip(info.fingerprint.clone())
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
    let mut cost = if info.remote {
        Cost::remote(wall, cpu, &calls, &config.prices, &config.carbon)
    } else {
        Cost::local(wall, cpu, Usage::of(&calls), config.carbon.grid)
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
