//! Ledger rows grouped by project, model, backend, day or spec, for `ire report`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Row;

/// What to group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The project.
    Project,
    /// The model.
    Model,
    /// The backend.
    Backend,
    /// The day (UTC).
    Day,
    /// The spec file.
    Spec,
}

impl By {
    /// Every grouping, in the order `--help` lists them.
    pub const ALL: [Self; 5] = [Self::Project, Self::Model, Self::Backend, Self::Day, Self::Spec];

    /// The name on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Project => "project",
            Self::Model => "model",
            Self::Backend => "backend",
            Self::Day => "day",
            Self::Spec => "spec",
        }
    }

    /// The grouping with this name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// Per accepted spec: totals over every attempt divided by the number accepted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PerAccepted {
    /// Wall time.
    pub wall_ms: f64,
    /// Tokens.
    pub tokens: f64,
    /// USD, when every price was known.
    pub usd: Option<f64>,
    /// Wh, when known.
    pub energy_wh: Option<f64>,
    /// gCO2e, when known.
    pub co2e_g: Option<f64>,
}

/// One group of checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The group's key.
    pub key: String,
    /// Checks.
    pub checks: usize,
    /// Accepted.
    pub accepted: usize,
    /// Blocked.
    pub blocked: usize,
    /// Errors.
    pub errors: usize,
    /// accepted / checks.
    pub accepted_rate: f64,
    /// Mean fidelity of the completed checks.
    pub mean_fidelity: Option<f64>,
    /// Tokens in and out.
    pub tokens: u64,
    /// Total USD; `null` when any price was unknown.
    pub usd: Option<f64>,
    /// Total Wh; `null` when unknown.
    pub energy_wh: Option<f64>,
    /// Total gCO2e; `null` when unknown.
    pub co2e_g: Option<f64>,
    /// Total wall time.
    pub wall_ms: f64,
    /// Per accepted spec; `null` when none was accepted.
    pub per_accepted: Option<PerAccepted>,
    /// Sum of fidelities per 1,000 tokens; `null` when no token was spent.
    pub fidelity_per_1k_tokens: Option<f64>,
    /// Checks answered from the cache.
    pub cache_hits: usize,
    /// Tokens the cache saved.
    pub saved_tokens: u64,
    /// Money the cache saved, when known.
    pub saved_usd: Option<f64>,
}

/// Groups rows; keys are sorted.
#[must_use]
pub fn aggregate(rows: &[Row], by: By) -> Vec<Group> {
    let mut groups: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        let key = match by {
            By::Project => r.project.clone().unwrap_or_else(|| "(none)".into()),
            By::Model => r.model.clone(),
            By::Backend => r.backend.clone(),
            By::Day => r.time.get(..10).unwrap_or(&r.time).to_owned(),
            By::Spec => r.spec_path.clone(),
        };
        groups.entry(key).or_default().push(r);
    }
    groups.into_iter().map(|(key, rows)| group(key, &rows)).collect()
}

#[expect(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
fn group(key: String, rows: &[&Row]) -> Group {
    let count = |v: &str| rows.iter().filter(|r| r.verdict == v).count();
    let (accepted, blocked, errors) = (count("accepted"), count("blocked"), count("error"));
    let fidelities: Vec<f64> = rows.iter().filter_map(|r| r.fidelity).collect();
    let sum = |f: fn(&Row) -> Option<f64>| rows.iter().try_fold(0.0, |s, r| f(r).map(|v| s + v));
    let tokens: u64 = rows.iter().map(|r| r.tokens).sum();
    let (usd, energy_wh, co2e_g) = (sum(|r| r.usd), sum(|r| r.energy_wh), sum(|r| r.co2e_g));
    let wall_ms: f64 = rows.iter().map(|r| r.wall_ms).sum();
    let n = accepted as f64;
    let fidelity_sum: f64 = fidelities.iter().sum();
    let hits: Vec<&&Row> = rows.iter().filter(|r| r.cache_hit).collect();
    Group {
        key,
        checks: rows.len(),
        accepted,
        blocked,
        errors,
        accepted_rate: if rows.is_empty() { 0.0 } else { n / rows.len() as f64 },
        mean_fidelity: (!fidelities.is_empty()).then(|| fidelity_sum / fidelities.len() as f64),
        tokens,
        usd,
        energy_wh,
        co2e_g,
        wall_ms,
        per_accepted: (accepted > 0).then(|| PerAccepted {
            wall_ms: wall_ms / n,
            tokens: tokens as f64 / n,
            usd: usd.map(|u| u / n),
            energy_wh: energy_wh.map(|e| e / n),
            co2e_g: co2e_g.map(|c| c / n),
        }),
        fidelity_per_1k_tokens: (tokens > 0).then(|| fidelity_sum / (tokens as f64 / 1000.0)),
        cache_hits: hits.len(),
        saved_tokens: hits.iter().map(|r| r.saved_tokens).sum(),
        saved_usd: hits.iter().try_fold(0.0, |s, r| r.saved_usd.map(|v| s + v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(project: &str, verdict: &str, fidelity: Option<f64>, tokens: u64, usd: Option<f64>) -> Row {
        Row {
            time: "2026-11-22T10:00:00.000Z".into(),
            project: Some(project.into()),
            spec_path: "a.md".into(),
            backend: "openai".into(),
            model: "m".into(),
            verdict: verdict.into(),
            fidelity,
            tokens,
            usd,
            energy_wh: Some(0.1),
            co2e_g: Some(0.05),
            wall_ms: 1000.0,
            cache_hit: false,
            saved_tokens: 0,
            saved_usd: None,
        }
    }

    #[test]
    fn per_accepted_divides_every_attempt_by_the_accepted() {
        let rows = [
            row("a", "accepted", Some(0.9), 1000, Some(0.01)),
            row("a", "blocked", Some(0.5), 1000, Some(0.01)),
            row("b", "error", None, 0, None),
        ];
        let groups = aggregate(&rows, By::Project);
        assert_eq!(groups.len(), 2);
        let a = &groups[0];
        assert_eq!((a.checks, a.accepted, a.blocked), (2, 1, 1));
        let per = a.per_accepted.unwrap();
        assert!((per.usd.unwrap() - 0.02).abs() < 1e-12);
        assert!((a.fidelity_per_1k_tokens.unwrap() - 0.7).abs() < 1e-12);
        assert_eq!(groups[1].usd, None, "an unknown price stays unknown");
        assert_eq!(groups[1].per_accepted, None);
    }
}
