//! Comparison in IR space: the back-translation read again by the same translator, slot by
//! slot against the IR it came from.
//!
//! The lexical comparison sees words; a faithful paraphrase can change them all ("must not"
//! → "is forbidden to", "within two minutes" → "in at most 120 seconds"). A critical
//! divergence blocks only when the back-translation, read again, confirms it: the number
//! really is gone (or really is new), the literal really is missing, the requirement really
//! is weaker or negated differently.

use super::{Divergence, DivergenceKind};
use crate::ir::{Ir, Requirement};
use crate::lang;

/// Marks each divergence as confirmed or not by `reread`, the IR of the back-translation,
/// against `ir`, the IR it was rendered from.
pub fn confirm(divergences: &mut [Divergence], ir: &Ir, reread: &Ir) {
    let numbers = quantities(reread);
    let literals: Vec<&str> = reread.requirements.iter().flat_map(|r| r.literals.iter().map(String::as_str)).collect();
    for d in divergences.iter_mut() {
        d.confirmed = match d.kind {
            DivergenceKind::NumberLost | DivergenceKind::NumberChanged => {
                d.subject.as_ref().is_none_or(|s| !numbers.contains(s))
            }
            DivergenceKind::NumberInvented => d.subject.as_ref().is_none_or(|s| numbers.contains(s)),
            DivergenceKind::LiteralLost => d.subject.as_deref().is_none_or(|s| !literals.contains(&s)),
            DivergenceKind::LiteralInvented => d.subject.as_deref().is_none_or(|s| literals.contains(&s)),
            DivergenceKind::NegationLost | DivergenceKind::NegationAdded => {
                polarity(ir) != polarity(reread) || !aligned(ir, reread)
            }
            DivergenceKind::ModalityWeakened => weaker(ir, reread),
        };
    }
}

/// The quantities of an IR in canonical units, as the divergences name them ("120 s").
fn quantities(ir: &Ir) -> Vec<String> {
    let mut out = Vec::new();
    for r in &ir.requirements {
        for q in &r.quantities {
            let (value, unit) = lang::quantity::canonical(q.value, q.unit.as_deref());
            let v = lang::format_number(value);
            out.push(unit.map_or(v.clone(), |u| format!("{v} {u}")));
            out.push(v);
        }
        // Numbers a model left in the text fields rather than in `quantities`.
        let text = [r.object.as_deref().unwrap_or(""), &r.conditions.join(" ")].join(" ");
        let tokens = lang::tokenize(&text);
        for q in lang::quantities(&tokens) {
            let (value, unit) = lang::quantity::canonical(q.quantity.value, q.quantity.unit.as_deref());
            let v = lang::format_number(value);
            out.push(unit.map_or(v.clone(), |u| format!("{v} {u}")));
        }
    }
    out
}

/// How many negations an IR holds: requirements that forbid, and negating words in objects
/// and conditions ("without duplicates", "unless it is empty").
fn polarity(ir: &Ir) -> usize {
    ir.requirements
        .iter()
        .map(|r| {
            let text = [r.object.as_deref().unwrap_or(""), &r.conditions.join(" ")].join(" ");
            let words = lang::tokenize(&text).iter().filter(|t| lang::lexicon::NEGATIONS.contains(&t.word())).count();
            usize::from(r.modality.is_negative()) + words
        })
        .sum()
}

/// Whether the two IRs have the same number of requirements, so that they can be compared
/// one to one.
fn aligned(a: &Ir, b: &Ir) -> bool {
    a.requirements.len() == b.requirements.len()
}

/// Whether some requirement of `reread` is weaker than its partner in `ir` (the one with the
/// same action), or one went missing.
fn weaker(ir: &Ir, reread: &Ir) -> bool {
    ir.requirements.iter().any(|r| match partner(r, reread) {
        Some(p) => p.modality.strength() < r.modality.strength(),
        None => true,
    })
}

fn partner<'a>(r: &Requirement, other: &'a Ir) -> Option<&'a Requirement> {
    let verb = lang::stem(r.action.split_whitespace().last().unwrap_or(&r.action));
    other.requirements.iter().find(|o| lang::stem(o.action.split_whitespace().last().unwrap_or(&o.action)) == verb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Modality, Quantity, Relation, Source};

    fn ir(modality: Modality, quantity: Option<(f64, &str)>, literal: Option<&str>) -> Ir {
        Ir {
            ir_version: 2,
            title: None,
            requirements: vec![Requirement {
                id: "R1".into(),
                source: Source { quote: String::new(), line: 1 },
                actor: None,
                modality,
                action: "finish".into(),
                object: None,
                conditions: vec![],
                quantities: quantity
                    .map(|(value, unit)| Quantity { relation: Relation::Le, value, unit: Some(unit.into()) })
                    .into_iter()
                    .collect(),
                literals: literal.map(str::to_owned).into_iter().collect(),
                references: vec![],
                commitments: vec![],
            }],
            context: vec![],
            code: vec![],
            ambiguities: vec![],
        }
    }

    fn divergence(kind: DivergenceKind, subject: Option<&str>) -> Divergence {
        Divergence {
            kind,
            message: String::new(),
            quote: String::new(),
            clause: Some(0),
            subject: subject.map(Into::into),
            confirmed: true,
        }
    }

    #[test]
    fn a_re_expressed_number_is_not_confirmed_as_lost() {
        let mut d = [divergence(DivergenceKind::NumberLost, Some("120 s"))];
        confirm(&mut d, &ir(Modality::Must, Some((2.0, "min")), None), &ir(Modality::Must, Some((120.0, "s")), None));
        assert!(!d[0].confirmed);
        confirm(&mut d, &ir(Modality::Must, Some((2.0, "min")), None), &ir(Modality::Must, None, None));
        assert!(d[0].confirmed);
    }

    #[test]
    fn literals_and_modality_are_checked_in_ir_space() {
        let mut d = [
            divergence(DivergenceKind::LiteralLost, Some("cfg.toml")),
            divergence(DivergenceKind::ModalityWeakened, None),
        ];
        confirm(&mut d, &ir(Modality::Must, None, Some("cfg.toml")), &ir(Modality::Must, None, Some("cfg.toml")));
        assert_eq!((d[0].confirmed, d[1].confirmed), (false, false));
        confirm(&mut d, &ir(Modality::Must, None, Some("cfg.toml")), &ir(Modality::May, None, None));
        assert_eq!((d[0].confirmed, d[1].confirmed), (true, true));
    }
}
