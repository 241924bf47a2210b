//! Critical divergences: a quantity, negation, modality or literal that the round trip
//! changed, lost or invented. Each blocks on its own.

use std::collections::HashSet;

use serde::Serialize;

use super::atoms::Atoms;
use crate::ir::{Ambiguity, AmbiguityKind, Relation};
use crate::lang::lexicon::NEGATIONS;
use crate::lang::{self, TokenKind};

/// What kind of critical divergence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DivergenceKind {
    /// A quantity of the original is missing from the back-translation.
    NumberLost,
    /// A quantity came back with another value or relation.
    NumberChanged,
    /// The back-translation has a quantity the original does not.
    NumberInvented,
    /// A negation disappeared.
    NegationLost,
    /// A negation appeared.
    NegationAdded,
    /// must → should/may, or should → may.
    ModalityWeakened,
    /// A literal of the original is missing.
    LiteralLost,
    /// A literal appeared that the original does not have.
    LiteralInvented,
}

impl DivergenceKind {
    /// The snake_case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NumberLost => "number_lost",
            Self::NumberChanged => "number_changed",
            Self::NumberInvented => "number_invented",
            Self::NegationLost => "negation_lost",
            Self::NegationAdded => "negation_added",
            Self::ModalityWeakened => "modality_weakened",
            Self::LiteralLost => "literal_lost",
            Self::LiteralInvented => "literal_invented",
        }
    }
}

/// A critical divergence between the original and the back-translation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Divergence {
    /// What diverged.
    pub kind: DivergenceKind,
    /// A one-line explanation.
    pub message: String,
    /// The original clause (or the back-translated one, for inventions).
    pub quote: String,
    /// Index of the original clause, when the divergence has one.
    pub clause: Option<usize>,
    /// What diverged: a number in canonical units ("120 s") or a literal; none for a negation
    /// or a modality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Whether reading the back-translation again (in IR space) confirms it; an unconfirmed
    /// divergence is likely a paraphrase the lexical comparison missed, and does not block.
    pub confirmed: bool,
}

/// Values, literals and negations that the IR deliberately turned into questions.
#[derive(Default)]
struct Exempt {
    values: HashSet<u64>,
    literals: HashSet<String>,
    negations: bool,
    /// Numbers and literals of values the translator declared as assumed: already reported
    /// as assumptions, so the back-translation saying them is no undeclared invention.
    declared_values: HashSet<u64>,
    declared_literals: HashSet<String>,
}

fn exempt(ambiguities: &[Ambiguity]) -> Exempt {
    let mut out = Exempt::default();
    for a in ambiguities.iter().filter(|a| a.kind == AmbiguityKind::Assumed) {
        for option in &a.options {
            let tokens = lang::tokenize(option);
            for q in lang::quantities(&tokens) {
                let (value, _) = lang::quantity::canonical(q.quantity.value, q.quantity.unit.as_deref());
                out.declared_values.insert(value.to_bits());
            }
            for t in &tokens {
                match t.kind {
                    TokenKind::Number => {
                        out.declared_values.insert(t.value.unwrap_or(0.0).to_bits());
                    }
                    TokenKind::Literal => {
                        out.declared_literals.insert(t.word().to_owned());
                    }
                    _ => {}
                }
            }
        }
    }
    // Findings that quote a whole sentence (an assumption, a conflict, an unstable reading)
    // move nothing of it to a question.
    let specific = ambiguities.iter().filter(|a| {
        !matches!(a.kind, AmbiguityKind::Assumed | AmbiguityKind::Conflict | AmbiguityKind::UnstableReading)
    });
    for a in specific {
        let tokens = lang::tokenize(&a.quote);
        for q in lang::quantities(&tokens) {
            let (value, _) = lang::quantity::canonical(q.quantity.value, q.quantity.unit.as_deref());
            out.values.insert(value.to_bits());
        }
        for t in tokens {
            match t.kind {
                TokenKind::Number => {
                    out.values.insert(t.value.unwrap_or(0.0).to_bits());
                }
                TokenKind::Literal => {
                    out.literals.insert(t.word().to_owned());
                }
                TokenKind::Word if NEGATIONS.contains(&t.word()) => out.negations = true,
                _ => {}
            }
        }
    }
    out
}

pub(super) fn divergences(
    original: &[&str],
    orig: &[Atoms],
    back_clauses: &[&str],
    back: &[Atoms],
    forward: &[Option<(usize, f64)>],
    ambiguities: &[Ambiguity],
) -> Vec<Divergence> {
    let exempt = exempt(ambiguities);
    let mut out = Vec::new();
    let back_quantities: HashSet<(Relation, u64, Option<&String>)> = back.iter().flat_map(Atoms::quantities).collect();
    let back_literals: HashSet<&String> = back.iter().flat_map(Atoms::literals).collect();
    let orig_quantities: HashSet<(Relation, u64, Option<&String>)> = orig.iter().flat_map(Atoms::quantities).collect();
    let orig_values: HashSet<u64> = orig_quantities.iter().map(|q| q.1).collect();
    let orig_literals: HashSet<&String> = orig.iter().flat_map(Atoms::literals).collect();
    let show = |bits: u64, unit: Option<&String>| {
        let v = crate::lang::format_number(f64::from_bits(bits));
        unit.map_or(v.clone(), |u| format!("{v} {u}"))
    };
    for (i, a) in orig.iter().enumerate() {
        let partner = forward[i].map(|(j, _)| &back[j]);
        for q in a.quantities() {
            if back_quantities.contains(&q) || exempt.values.contains(&q.1) {
                continue;
            }
            let changed = partner.and_then(|p| p.quantities().find(|b| b.2 == q.2 && !orig_quantities.contains(b)));
            let (kind, message) = match changed {
                Some(b) => (
                    DivergenceKind::NumberChanged,
                    format!("`{} {}` came back as `{} {}`", q.0.symbol(), show(q.1, q.2), b.0.symbol(), show(b.1, b.2)),
                ),
                None => (DivergenceKind::NumberLost, format!("`{} {}` was lost", q.0.symbol(), show(q.1, q.2))),
            };
            out.push(Divergence {
                kind,
                message,
                quote: original[i].to_owned(),
                clause: Some(i),
                subject: Some(show(q.1, q.2)),
                confirmed: true,
            });
        }
        for l in a.literals() {
            if !back_literals.contains(l) && !exempt.literals.contains(l) {
                out.push(Divergence {
                    kind: DivergenceKind::LiteralLost,
                    message: format!("literal `{l}` was lost"),
                    quote: original[i].to_owned(),
                    clause: Some(i),
                    subject: Some(l.clone()),
                    confirmed: true,
                });
            }
        }
        // Negation and modality are compared only with a partner that is clearly the same clause.
        let Some((j, shared)) = forward[i] else {
            continue;
        };
        if shared < 0.5 * a.total {
            continue;
        }
        let b = &back[j];
        if a.negations > b.negations && !exempt.negations {
            out.push(Divergence {
                kind: DivergenceKind::NegationLost,
                message: format!("a negation was lost: \"{}\"", back_clauses[j]),
                quote: original[i].to_owned(),
                clause: Some(i),
                subject: None,
                confirmed: true,
            });
        } else if a.negations < b.negations {
            out.push(Divergence {
                kind: DivergenceKind::NegationAdded,
                message: format!("a negation was added: \"{}\"", back_clauses[j]),
                quote: original[i].to_owned(),
                clause: Some(i),
                subject: None,
                confirmed: true,
            });
        }
        if let (Some(x), Some(y)) = (a.modality, b.modality)
            && y < x
        {
            out.push(Divergence {
                kind: DivergenceKind::ModalityWeakened,
                message: format!("the requirement was weakened: \"{}\"", back_clauses[j]),
                quote: original[i].to_owned(),
                clause: Some(i),
                subject: None,
                confirmed: true,
            });
        }
    }
    for (j, b) in back.iter().enumerate() {
        for q in b.quantities() {
            if !orig_quantities.contains(&q) && !orig_values.contains(&q.1) && !exempt.declared_values.contains(&q.1) {
                out.push(Divergence {
                    kind: DivergenceKind::NumberInvented,
                    message: format!("`{} {}` is not in the original", q.0.symbol(), show(q.1, q.2)),
                    quote: back_clauses[j].to_owned(),
                    clause: None,
                    subject: Some(show(q.1, q.2)),
                    confirmed: true,
                });
            }
        }
        for l in b.literals() {
            if !orig_literals.contains(l) && !exempt.declared_literals.contains(l) {
                out.push(Divergence {
                    kind: DivergenceKind::LiteralInvented,
                    message: format!("literal `{l}` is not in the original"),
                    quote: back_clauses[j].to_owned(),
                    clause: None,
                    subject: Some(l.clone()),
                    confirmed: true,
                });
            }
        }
    }
    out
}
