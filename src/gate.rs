//! The gate: a score and the IR's ambiguities in, a verdict and findings out. No I/O.

use serde::{Deserialize, Serialize};

use crate::ir::{AmbiguityKind, Ir};
use crate::score::Score;
use crate::spec::Spec;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks the spec on its own.
    Blocking,
    /// Costs fidelity; worth fixing.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// The lowercase name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Blocking => "blocking",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// One thing a spec's author should look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// An ambiguity kind, a divergence kind, or `low_fidelity`.
    pub kind: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The words in question.
    pub quote: String,
    /// 1-based line in the spec, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The question whose answer fixes it.
    pub question: Option<String>,
    /// Competing readings, when known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// The outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Fidelity at or above the threshold and no blocking finding.
    Accepted,
    /// Fidelity below the threshold or a blocking finding.
    Blocked,
    /// The check could not be completed.
    Error,
}

impl Verdict {
    /// The lowercase name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Blocked => "blocked",
            Self::Error => "error",
        }
    }
}

/// The decision rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// Minimum fidelity to accept.
    pub threshold: f64,
    /// Ambiguity kinds that block on their own.
    pub blocking: Vec<AmbiguityKind>,
}

impl Default for Gate {
    fn default() -> Self {
        Self {
            threshold: DEFAULT_THRESHOLD,
            blocking: vec![AmbiguityKind::Conflict, AmbiguityKind::Incomplete, AmbiguityKind::UnstableReading],
        }
    }
}

/// The default minimum fidelity, chosen with `ire calibrate` (see the README).
pub const DEFAULT_THRESHOLD: f64 = 0.9;

impl Gate {
    /// Decides on a scored round trip and lists the findings, most serious first, then by line.
    #[must_use]
    pub fn decide(&self, spec: &Spec, ir: &Ir, score: &Score) -> (Verdict, Vec<Finding>) {
        let mut findings = Vec::new();
        for d in &score.divergences {
            let clause = d.clause.and_then(|i| spec.clauses.get(i));
            findings.push(Finding {
                kind: d.kind.as_str().to_owned(),
                severity: Severity::Blocking,
                message: d.message.clone(),
                quote: d.quote.clone(),
                line: clause.map(|c| c.line),
                column: clause.map(|c| c.column),
                question: None,
                options: Vec::new(),
            });
        }
        for a in &ir.ambiguities {
            let severity = if self.blocking.contains(&a.kind) { Severity::Blocking } else { Severity::Warning };
            findings.push(Finding {
                kind: a.kind.as_str().to_owned(),
                severity,
                message: describe(a.kind, &a.quote),
                quote: a.quote.clone(),
                line: Some(a.line),
                column: a.column,
                question: Some(a.question.clone()),
                options: a.options.clone(),
            });
        }
        if score.fidelity < self.threshold {
            findings.push(Finding {
                kind: "low_fidelity".into(),
                severity: Severity::Blocking,
                message: format!("fidelity {:.2} is below the threshold {:.2}", score.fidelity, self.threshold),
                quote: String::new(),
                line: None,
                column: None,
                question: None,
                options: Vec::new(),
            });
        }
        findings.sort_by_key(|f| (f.severity, f.line.unwrap_or(usize::MAX), f.column.unwrap_or(0)));
        let blocked = findings.iter().any(|f| f.severity == Severity::Blocking);
        (if blocked { Verdict::Blocked } else { Verdict::Accepted }, findings)
    }
}

fn describe(kind: AmbiguityKind, quote: &str) -> String {
    match kind {
        AmbiguityKind::VagueTerm => format!("vague term \"{quote}\" has no testable meaning"),
        AmbiguityKind::WeakModal => {
            format!("weak modal \"{quote}\" leaves it unclear whether this is required")
        }
        AmbiguityKind::UnresolvedReference => {
            format!("\"{quote}\" could refer to more than one thing")
        }
        AmbiguityKind::MissingActor => format!("\"{quote}\" does not say who acts"),
        AmbiguityKind::MissingQuantity => format!("\"{quote}\" implies a number that is not given"),
        AmbiguityKind::Incomplete => format!("\"{quote}\" leaves the spec incomplete"),
        AmbiguityKind::Optionality => format!("\"{quote}\" leaves a choice open"),
        AmbiguityKind::Conflict => "this contradicts an earlier requirement".to_owned(),
        AmbiguityKind::UnstableReading => "samples of the model read this in different ways".to_owned(),
        AmbiguityKind::Other => format!("\"{quote}\" is ambiguous"),
    }
}
