//! Calibration: how well fidelity separates clear specs from flawed ones.
//!
//! Reads JSON Lines records with `text` and `label` (`clear`, or anything else for flawed;
//! the format of `shared/corpus/`), checks each record, and reports the ROC AUC of
//! `1 − fidelity` as a flaw detector, the threshold that maximises balanced accuracy, and
//! the confusion matrix of the gate as configured (threshold and blocking findings).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::gate::{Gate, Verdict};
use crate::score::Params;
use crate::spec::{Format, Spec};
use crate::translate::Backend;

/// One labelled record, as read.
#[derive(Debug, Clone, Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<String>,
    text: Option<String>,
    label: String,
    #[serde(default)]
    docstring: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    identical_to_original: bool,
}

/// A scored record.
#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    /// Record id, or its line number.
    pub id: String,
    /// Whether the record is flawed (label other than `clear`).
    pub flawed: bool,
    /// Fidelity; 0 for an empty spec.
    pub fidelity: f64,
    /// Whether the gate blocked it.
    pub blocked: bool,
}

/// Counts of the gate's decisions against the labels; "positive" means flawed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Flawed and blocked.
    pub true_positive: usize,
    /// Clear but blocked.
    pub false_positive: usize,
    /// Clear and accepted.
    pub true_negative: usize,
    /// Flawed but accepted.
    pub false_negative: usize,
}

impl Confusion {
    /// Mean of the true-positive and true-negative rates.
    #[must_use]
    pub fn balanced_accuracy(&self) -> f64 {
        let rate = |hit: usize, miss: usize| {
            if hit + miss == 0 { 0.0 } else { ratio(hit, hit + miss) }
        };
        (rate(self.true_positive, self.false_negative) + rate(self.true_negative, self.false_positive)) / 2.0
    }
}

/// The result of a calibration.
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    /// The labelled file.
    pub path: PathBuf,
    /// Records used.
    pub records: usize,
    /// Clear records.
    pub clear: usize,
    /// Flawed records.
    pub flawed: usize,
    /// Records left out: marked `identical_to_original`, or outside `--category`.
    pub skipped: usize,
    /// Records whose spec was empty (scored 0).
    pub empty: usize,
    /// ROC AUC of `1 − fidelity` for detecting flawed records; `null` with a single class.
    pub auc: Option<f64>,
    /// The fidelity threshold with the best balanced accuracy.
    pub best_threshold: Option<f64>,
    /// Balanced accuracy at that threshold.
    pub best_balanced_accuracy: Option<f64>,
    /// The threshold in force.
    pub threshold: f64,
    /// The gate's decisions (threshold and blocking findings) against the labels.
    pub confusion: Confusion,
    /// Per-record scores.
    #[serde(skip)]
    pub scored: Vec<Scored>,
}

fn ratio(a: usize, b: usize) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "record counts are far below 2^52")]
    let r = a as f64 / b as f64;
    r
}

/// Reads, checks and measures a labelled file.
pub fn calibrate(
    path: &Path,
    field: &str,
    categories: &[String],
    backend: &Backend,
    gate: &Gate,
    params: &Params,
) -> Result<Calibration> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io { action: "read", path: path.into(), source })?;
    let mut scored = Vec::new();
    let (mut skipped, mut empty) = (0, 0);
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line_no = n + 1;
        let bad = |message: String| Error::Labelled { path: path.into(), line: line_no, message };
        let line = line.map_err(|e| bad(e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
        let flawed = record.label != "clear";
        let in_category = !flawed
            || categories.is_empty()
            || record.category.as_ref().is_some_and(|c| categories.iter().any(|k| k == c));
        if record.identical_to_original || !in_category {
            skipped += 1;
            continue;
        }
        let text = match field {
            "auto" => record.docstring.clone().or(record.text.clone()),
            "text" => record.text.clone(),
            "docstring" => record.docstring.clone(),
            other => {
                return Err(Error::Usage(format!("unknown `--field {other}` (use auto, text or docstring)")));
            }
        }
        .ok_or_else(|| bad(format!("record has no `{field}` field")))?;
        let id = record.id.clone().unwrap_or_else(|| format!("line {line_no}"));
        let (fidelity, blocked) = match Spec::from_text(Path::new(&id), &text, Format::Plain) {
            Ok(spec) => {
                let checked = crate::run::check_spec(&spec, backend, gate, params, &mut Vec::new())?;
                (checked.fidelity, checked.verdict == Verdict::Blocked)
            }
            Err(crate::error::SpecError::Empty { .. }) => {
                empty += 1;
                (0.0, true)
            }
            Err(e) => return Err(bad(e.to_string())),
        };
        scored.push(Scored { id, flawed, fidelity, blocked });
    }
    if scored.is_empty() {
        return Err(Error::Labelled { path: path.into(), line: 0, message: "no usable record".into() });
    }
    let mut confusion = Confusion::default();
    for s in &scored {
        match (s.flawed, s.blocked) {
            (true, true) => confusion.true_positive += 1,
            (false, true) => confusion.false_positive += 1,
            (false, false) => confusion.true_negative += 1,
            (true, false) => confusion.false_negative += 1,
        }
    }
    let (best_threshold, best_balanced_accuracy) = best_threshold(&scored).unzip();
    let flawed = scored.iter().filter(|s| s.flawed).count();
    Ok(Calibration {
        path: path.into(),
        records: scored.len(),
        clear: scored.len() - flawed,
        flawed,
        skipped,
        empty,
        auc: auc(&scored),
        best_threshold,
        best_balanced_accuracy,
        threshold: gate.threshold,
        confusion,
        scored,
    })
}

/// ROC AUC of `1 − fidelity` as a detector of flawed records (Mann–Whitney U, ties count half).
#[must_use]
pub fn auc(scored: &[Scored]) -> Option<f64> {
    let mut items: Vec<(f64, bool)> = scored.iter().map(|s| (1.0 - s.fidelity, s.flawed)).collect();
    let positives = items.iter().filter(|i| i.1).count();
    let negatives = items.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Average ranks over ties.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < items.len() {
        let mut j = i;
        while j < items.len() && items[j].0 == items[i].0 {
            j += 1;
        }
        #[expect(clippy::cast_precision_loss, reason = "record counts are far below 2^52")]
        let average_rank = (i + j + 1) as f64 / 2.0;
        rank_sum += average_rank * items[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    #[expect(clippy::cast_precision_loss, reason = "record counts are far below 2^52")]
    let (p, n) = (positives as f64, negatives as f64);
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * n))
}

/// The fidelity threshold (flawed when below it) with the best balanced accuracy.
#[must_use]
pub fn best_threshold(scored: &[Scored]) -> Option<(f64, f64)> {
    let mut candidates: Vec<f64> = scored.iter().map(|s| s.fidelity).collect();
    candidates.push(1.0 + f64::EPSILON);
    candidates.sort_by(f64::total_cmp);
    candidates.dedup();
    let mut best: Option<(f64, f64)> = None;
    for t in candidates {
        let mut c = Confusion::default();
        for s in scored {
            match (s.flawed, s.fidelity < t) {
                (true, true) => c.true_positive += 1,
                (false, true) => c.false_positive += 1,
                (false, false) => c.true_negative += 1,
                (true, false) => c.false_negative += 1,
            }
        }
        let b = c.balanced_accuracy();
        if best.is_none_or(|(_, x)| b > x) {
            best = Some((t.min(1.0), b));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(fidelity: f64, flawed: bool) -> Scored {
        Scored { id: String::new(), flawed, fidelity, blocked: false }
    }

    #[test]
    fn auc_is_one_for_perfect_separation_and_half_for_ties() {
        assert_eq!(auc(&[s(0.9, false), s(0.8, false), s(0.3, true), s(0.1, true)]), Some(1.0));
        assert_eq!(auc(&[s(0.5, false), s(0.5, true)]), Some(0.5));
        assert_eq!(auc(&[s(0.1, false), s(0.9, true)]), Some(0.0));
        assert_eq!(auc(&[s(0.1, false)]), None);
    }

    #[test]
    fn best_threshold_splits_the_classes() {
        let (t, b) = best_threshold(&[s(0.9, false), s(0.8, false), s(0.3, true), s(0.1, true)]).unwrap();
        assert!(t > 0.3 && t <= 0.8, "{t}");
        assert_eq!(b, 1.0);
    }
}
