//! The gate: a score and the IR's ambiguities in, a verdict and findings out. No I/O.
//!
//! Every kind of finding is one [`FindingKind`], listed once in the `finding_kinds!` table
//! below with its name, whether it blocks on its own by default, and the description that
//! SARIF rules, JUnit and the documentation show. Strings appear only at the edges (serde).

use serde::{Deserialize, Serialize};

use crate::ir::{Ambiguity, AmbiguityKind};
use crate::score::{DivergenceKind, Score};
use crate::spec::Spec;

/// Generates [`FindingKind`] and its table from one line per kind.
macro_rules! finding_kinds {
    ($($variant:ident = $name:literal, $blocks:literal, $description:literal;)+) => {
        /// What a finding is about.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum FindingKind {
            $(#[doc = $description] $variant,)+
        }

        impl FindingKind {
            /// Every kind, in table order.
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            /// The snake_case name used in reports, the ledger and `ire.toml`.
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $(Self::$variant => $name,)+ }
            }

            /// One sentence on what it means, for SARIF rules and the documentation.
            #[must_use]
            pub fn description(self) -> &'static str {
                match self { $(Self::$variant => $description,)+ }
            }

            /// Whether a finding of this kind blocks a spec by default, whatever its fidelity.
            #[must_use]
            pub fn blocks_by_default(self) -> bool {
                match self { $(Self::$variant => $blocks,)+ }
            }

            /// The kind with this name.
            #[must_use]
            pub fn parse(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|k| k.name() == name)
            }
        }
    };
}

// Every kind of finding: name, blocks by default, description.
finding_kinds! {
    VagueTerm = "vague_term", false, "A word with no testable meaning";
    WeakModal = "weak_modal", false, "A weak modal leaves it unclear whether something is required";
    UnresolvedReference = "unresolved_reference", false, "A pronoun with more than one possible antecedent";
    MissingActor = "missing_actor", false, "Passive voice that names no actor";
    MissingQuantity = "missing_quantity", false, "A quantity is implied but not stated";
    Incomplete = "incomplete", true, "The spec leaves something out (TBD, etc., an unfinished sentence)";
    Optionality = "optionality", false, "A choice left open to the implementer";
    Conflict = "conflict", true, "Two requirements that cannot both hold";
    UnstableReading = "unstable_reading", false, "Samples of a model read the same text in different ways";
    Assumed = "assumed", false, "A parameter the action needs is not stated: an implementer would have to assume it";
    Other = "other", false, "Something else the translator could not make executable";
    NumberLost = "number_lost", true, "Critical divergence in the round trip: number lost";
    NumberChanged = "number_changed", true, "Critical divergence in the round trip: number changed";
    NumberInvented = "number_invented", true, "Critical divergence in the round trip: number invented";
    NegationLost = "negation_lost", true, "Critical divergence in the round trip: negation lost";
    NegationAdded = "negation_added", true, "Critical divergence in the round trip: negation added";
    ModalityWeakened = "modality_weakened", true, "Critical divergence in the round trip: modality weakened";
    LiteralLost = "literal_lost", true, "Critical divergence in the round trip: literal lost";
    LiteralInvented = "literal_invented", true, "Critical divergence in the round trip: literal invented";
    LowFidelity = "low_fidelity", true, "Fidelity of the round trip below the threshold";
}

impl std::fmt::Display for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl From<AmbiguityKind> for FindingKind {
    fn from(kind: AmbiguityKind) -> Self {
        match kind {
            AmbiguityKind::VagueTerm => Self::VagueTerm,
            AmbiguityKind::WeakModal => Self::WeakModal,
            AmbiguityKind::UnresolvedReference => Self::UnresolvedReference,
            AmbiguityKind::MissingActor => Self::MissingActor,
            AmbiguityKind::MissingQuantity => Self::MissingQuantity,
            AmbiguityKind::Incomplete => Self::Incomplete,
            AmbiguityKind::Optionality => Self::Optionality,
            AmbiguityKind::Conflict => Self::Conflict,
            AmbiguityKind::UnstableReading => Self::UnstableReading,
            AmbiguityKind::Assumed => Self::Assumed,
            AmbiguityKind::Other => Self::Other,
        }
    }
}

impl From<DivergenceKind> for FindingKind {
    fn from(kind: DivergenceKind) -> Self {
        match kind {
            DivergenceKind::NumberLost => Self::NumberLost,
            DivergenceKind::NumberChanged => Self::NumberChanged,
            DivergenceKind::NumberInvented => Self::NumberInvented,
            DivergenceKind::NegationLost => Self::NegationLost,
            DivergenceKind::NegationAdded => Self::NegationAdded,
            DivergenceKind::ModalityWeakened => Self::ModalityWeakened,
            DivergenceKind::LiteralLost => Self::LiteralLost,
            DivergenceKind::LiteralInvented => Self::LiteralInvented,
        }
    }
}

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
    /// What it is about.
    pub kind: FindingKind,
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
            blocking: AmbiguityKind::ALL.into_iter().filter(|&k| FindingKind::from(k).blocks_by_default()).collect(),
        }
    }
}

/// The default minimum fidelity, chosen with `ire calibrate` (see the README).
pub const DEFAULT_THRESHOLD: f64 = 0.9;

impl Gate {
    /// Decides on a scored round trip and the spec's ambiguities (the translator's, the
    /// structural analysis's, the assumptions and the unstable readings, merged) and lists the
    /// findings, most serious first, then by line. A critical divergence blocks unless reading
    /// the back-translation again did not confirm it.
    #[must_use]
    pub fn decide(&self, spec: &Spec, ambiguities: &[Ambiguity], score: &Score) -> (Verdict, Vec<Finding>) {
        let mut findings = Vec::new();
        for d in &score.divergences {
            let clause = d.clause.and_then(|i| spec.clauses.get(i));
            findings.push(Finding {
                kind: d.kind.into(),
                severity: if d.confirmed { Severity::Blocking } else { Severity::Warning },
                message: if d.confirmed {
                    d.message.clone()
                } else {
                    format!("{} (lexically; reading the back-translation again did not confirm it)", d.message)
                },
                quote: d.quote.clone(),
                line: clause.map(|c| c.line),
                column: clause.map(|c| c.column),
                question: None,
                options: Vec::new(),
            });
        }
        for a in ambiguities {
            let severity = if self.blocking.contains(&a.kind) { Severity::Blocking } else { Severity::Warning };
            findings.push(Finding {
                kind: a.kind.into(),
                severity,
                message: describe(a),
                quote: a.quote.clone(),
                line: Some(a.line),
                column: a.column,
                question: Some(a.question.clone()),
                options: a.options.clone(),
            });
        }
        if score.fidelity < self.threshold {
            findings.push(Finding {
                kind: FindingKind::LowFidelity,
                severity: Severity::Blocking,
                message: {
                    let (f, t) = crate::meter::display::compared(score.fidelity, self.threshold);
                    format!("fidelity {f} is below the threshold {t}")
                },
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

fn describe(a: &Ambiguity) -> String {
    let quote = &a.quote;
    match a.kind {
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
        AmbiguityKind::Assumed => {
            let slot = a.slot.as_deref().unwrap_or("a parameter").replace('_', " ");
            match a.options.first() {
                Some(value) => format!("the {slot} is not stated; the translator assumed \"{value}\""),
                None => format!("the {slot} is not stated; an implementer would have to assume it"),
            }
        }
        AmbiguityKind::Other => format!("\"{quote}\" is ambiguous"),
    }
}
