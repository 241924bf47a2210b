//! The check of one spec: translate both ways within budget, score, gate, meter.

use std::path::Path;

use super::{CheckResult, Saved, Stages, ms};
use crate::cache::Cache;
use crate::config::Config;
use crate::error::Error;
use crate::exit_code::ExitCode;
use crate::gate::{Finding, Gate, Verdict};
use crate::ir::{Ambiguity, Ir};
use crate::meter::{Budget, Call, Cost, Prices, Stopwatch, Usage};
use crate::score::{self, Components, Params, Score};
use crate::spec::{Format, Spec};
use crate::translate::rules::Rules;
use crate::translate::{Backend, Failed, Outcome, RoundTrip};

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
    let spend = Spend { spec, limits, spec_budget: spec.front.budget_usd.map(Budget::new) };
    let no_prices = Prices::default();
    let prices = limits.prices.unwrap_or(&no_prices);
    let started = std::time::Instant::now();
    let readings = spend.call(|| backend.projected_forward(spec, prices), "forward", calls, || backend.to_ir(spec))?;
    let forward_ms = ms(started);
    let mut trip = RoundTrip::new(readings, backend);
    let started = std::time::Instant::now();
    let structure = trip.structural.then(|| Rules.read(spec));
    let sentences: Vec<&str> =
        structure.iter().flat_map(|s| s.requirements.iter().map(|r| r.source.quote.as_str())).collect();
    let view = trip.blind(&sentences);
    trip.back =
        spend.call(|| backend.projected_backward(&view, prices), "backward", calls, || backend.to_english(&view))?;
    let backward_ms = ms(started);
    // A critical divergence is confirmed (or not) by reading the back-translation again.
    let judged = judge(spec, &trip, params);
    if !judged.1.divergences.is_empty()
        && !trip.back.trim().is_empty()
        && let Ok(back) = Spec::from_text(&spec.path, &trip.back, Format::Plain)
    {
        let started = std::time::Instant::now();
        let reread =
            spend.call(|| backend.projected_forward(&back, prices), "reread", calls, || backend.reread(&back))?;
        trip.reread = Some(reread);
        trip.reread_ms = ms(started);
    }
    let mut checked = decide(spec, trip, judged, gate);
    checked.stages.forward_ms = forward_ms;
    checked.stages.backward_ms = backward_ms;
    Ok(checked)
}

/// Spending within the budgets of a check: the run's, and the spec's own `budget_usd`.
struct Spend<'a> {
    spec: &'a Spec,
    limits: &'a Limits<'a>,
    spec_budget: Option<Budget>,
}

impl Spend<'_> {
    fn budgets(&self) -> impl Iterator<Item = &Budget> {
        self.limits.run.into_iter().chain(self.spec_budget.as_ref())
    }

    /// One call within budget: its cost projected and reserved first (refused when it could
    /// cross a budget), then settled at what it really cost. Every call made is appended to
    /// `calls`, also when the translation fails, so that its cost is not lost. The projection
    /// (a local token count) is made only when there is a budget to keep.
    fn call<T>(
        &self,
        projection: impl FnOnce() -> Option<f64>,
        stage: &str,
        calls: &mut Vec<Call>,
        translate: impl FnOnce() -> Outcome<T>,
    ) -> Result<T, Error> {
        let projected = if self.budgets().next().is_some() { self.reserve(projection(), stage)? } else { 0.0 };
        let (result, made) = match translate() {
            Ok(done) => (Ok(done.value), done.calls),
            Err(Failed { error, calls }) => (Err(error), calls),
        };
        // A call of a model with no price could not have been reserved for: it counts as 0.
        let actual = self.limits.prices.and_then(|p| p.cost_of(&made)).unwrap_or(0.0);
        for b in self.budgets() {
            b.settle(projected, actual);
        }
        calls.extend(made);
        result.map_err(|error| match error {
            // The backward translator sees no path: name the spec here.
            Error::Backend { path, message } if path.as_os_str().is_empty() => {
                Error::Backend { path: self.spec.path.clone(), message }
            }
            other => other,
        })
    }

    fn reserve(&self, projected: Option<f64>, stage: &str) -> Result<f64, Error> {
        let budgets: Vec<&Budget> = self.budgets().collect();
        if budgets.is_empty() {
            return Ok(0.0);
        }
        let stop = |message: String| Error::Budget { path: self.spec.path.clone(), message };
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
    }
}

/// The findings and the score of a round trip, before the gate.
fn judge(spec: &Spec, trip: &RoundTrip, params: &Params) -> (Vec<Ambiguity>, Score) {
    let structural = trip.structural.then(|| Rules.read(spec));
    let unstable = score::samples::disagreements(trip.ir(), &trip.readings[1..]);
    let findings = score::analysis::findings(trip.ir(), structural.as_ref(), unstable);
    let clauses: Vec<&str> = spec.clauses.iter().map(|c| c.text.as_str()).collect();
    let score = score::score(&clauses, &trip.back, &findings, params);
    (findings, score)
}

/// Scores and gates a round trip.
#[must_use]
pub fn finish(spec: &Spec, trip: RoundTrip, gate: &Gate, params: &Params) -> Checked {
    let judged = judge(spec, &trip, params);
    decide(spec, trip, judged, gate)
}

/// Gates a judged round trip, once the reread (if any) has confirmed its divergences.
fn decide(spec: &Spec, trip: RoundTrip, judged: (Vec<Ambiguity>, Score), gate: &Gate) -> Checked {
    let started = std::time::Instant::now();
    let (findings, mut score) = judged;
    if let Some(reread) = &trip.reread {
        score::compare::confirm(&mut score.divergences, trip.ir(), reread);
    }
    let (verdict, findings) = gate.decide(spec, &findings, &score);
    let stages = Stages { score_ms: ms(started) + trip.reread_ms, ..Stages::default() };
    let ir = trip.ir().clone();
    Checked {
        ir,
        back: trip.back.clone(),
        trip,
        fidelity: score.fidelity,
        components: score.components,
        verdict,
        findings,
        stages,
    }
}

/// What [`check_spec`] produces.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The IR.
    pub ir: Ir,
    /// The whole round trip, for the cache.
    pub trip: RoundTrip,
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
            let checked = finish(&spec, entry.trip, &config.gate, &config.params);
            return Ok((spec, checked));
        }
        let checked = check_spec_within(&spec, backend, &config.gate, &config.params, &mut calls, &limits)?;
        if let Some((cache, key)) = &cache {
            let entry = crate::cache::Entry::new(checked.trip.clone(), calls.iter().map(Into::into).collect());
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
            project: spec.front.project.clone(),
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
