//! Baselines, for adopting ire in a repository whose specs are not all clean yet.
//!
//! A baseline is a JSON report from an earlier run. With it, a blocked spec fails the run only
//! when it is new, when its fidelity dropped by more than a tolerance, or when it gained a
//! blocking finding of a kind it did not have; otherwise it is reported as blocked but
//! *baselined*, and does not raise the exit code.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::gate::{FindingKind, Severity, Verdict};
use crate::run::RunReport;

#[derive(Debug, Deserialize)]
struct Document {
    schema: String,
    results: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    path: PathBuf,
    verdict: Verdict,
    fidelity: Option<f64>,
    #[serde(default)]
    findings: Vec<FindingEntry>,
}

#[derive(Debug, Deserialize)]
struct FindingEntry {
    kind: String,
    severity: Severity,
}

/// What an earlier run recorded for each spec.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: HashMap<PathBuf, (Verdict, Option<f64>, BTreeSet<String>)>,
}

impl Baseline {
    /// Reads a JSON report written by `ire check --format json`.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            action: "read baseline",
            path: path.to_path_buf(),
            source,
        })?;
        let bad = |message: String| Error::Config { path: path.display().to_string(), message };
        let doc: Document = serde_json::from_str(&text).map_err(|e| bad(format!("not an ire JSON report: {e}")))?;
        if doc.schema != crate::run::REPORT_SCHEMA {
            return Err(bad(format!("report schema `{}`, expected `{}`", doc.schema, crate::run::REPORT_SCHEMA)));
        }
        let entries = doc
            .results
            .into_iter()
            .map(|e| {
                let blocking =
                    e.findings.into_iter().filter(|f| f.severity == Severity::Blocking).map(|f| f.kind).collect();
                (normalise(&e.path), (e.verdict, e.fidelity, blocking))
            })
            .collect();
        Ok(Self { entries })
    }

    /// Marks the blocked results that are no worse than the baseline; returns how many.
    pub fn apply(&self, run: &mut RunReport, tolerance: f64) -> usize {
        let mut count = 0;
        for r in &mut run.results {
            if r.verdict != Verdict::Blocked {
                continue;
            }
            let Some((verdict, fidelity, blocking)) = self.entries.get(&normalise(&r.path)) else { continue };
            if *verdict == Verdict::Error {
                continue;
            }
            let dropped = match (fidelity, r.fidelity) {
                (Some(before), Some(now)) => now < before - tolerance,
                _ => true,
            };
            let gained = r
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Blocking && f.kind != FindingKind::LowFidelity)
                .any(|f| !blocking.contains(f.kind.name()));
            if !dropped && !gained {
                r.baselined = true;
                count += 1;
            }
        }
        run.summary.baselined = count;
        count
    }
}

/// Paths compare without a leading `./`.
fn normalise(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}
