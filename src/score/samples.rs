//! Disagreement between samples: several forward translations of one spec (at a temperature
//! above 0) that commit to different values for the same parameter mark the spec ambiguous,
//! not merely the translator noisy — and the competing values become the question's options
//! ("Retry how many times: 3 or 5?").

use crate::ir::{Ambiguity, AmbiguityKind, Ir, Requirement};
use crate::lang;

/// The readings that differ between `first` and the other samples, one finding per
/// requirement and parameter.
#[must_use]
pub fn disagreements(first: &Ir, others: &[Ir]) -> Vec<Ambiguity> {
    let mut out = Vec::new();
    if others.is_empty() {
        return out;
    }
    for r in &first.requirements {
        let partners: Vec<Option<&Requirement>> = others.iter().map(|o| partner(r, o)).collect();
        // A small model leaves a requirement out of one sample now and then; only when no
        // other sample reads the sentence as a requirement is its status itself unstable.
        if partners.iter().all(Option::is_none) {
            out.push(unstable(
                r,
                None,
                "Samples of the model disagree on whether this is a requirement at all: is it?".into(),
                vec![],
            ));
            continue;
        }
        let readings: Vec<&Requirement> = std::iter::once(r).chain(partners.into_iter().flatten()).collect();
        // Every parameter any sample committed to, in the first sample's order.
        let mut slots: Vec<&str> = Vec::new();
        for s in &readings {
            for c in &s.commitments {
                if !slots.contains(&c.slot.as_str()) {
                    slots.push(&c.slot);
                }
            }
        }
        for slot in slots {
            // Only values the samples state are compared: a sample that leaves a slot out did
            // not choose another value, it listed fewer parameters.
            let values: Vec<Value> = readings
                .iter()
                .filter_map(|s| s.commitments.iter().find(|c| c.slot == slot).and_then(|c| c.value()))
                .filter(|v| !unstated(v))
                .map(Value::new)
                .collect();
            let mut distinct: Vec<&Value> = Vec::new();
            for v in &values {
                if !distinct.iter().any(|d| d.same_as(v)) {
                    distinct.push(v);
                }
            }
            if distinct.len() > 1 {
                let options: Vec<String> = distinct.iter().map(|v| v.shown.clone()).collect();
                let question = format!(
                    "The {} of \"{}\": {}? Samples of the model chose differently.",
                    slot.replace('_', " "),
                    r.action,
                    crate::plural::list_or(&options)
                );
                out.push(unstable(r, Some(slot), question, options));
            }
        }
        // The strength of the requirement and its numbers, which need no commitment to differ.
        let modalities: Vec<&str> = readings.iter().map(|s| s.modality.as_str()).collect();
        if modalities.iter().any(|m| *m != modalities[0]) {
            let mut distinct: Vec<String> = Vec::new();
            for m in modalities {
                if !distinct.iter().any(|d| d == m) {
                    distinct.push(m.to_owned());
                }
            }
            let question =
                format!("Is this {}? Samples of the model read it differently.", crate::plural::list_or(&distinct));
            out.push(unstable(r, Some("modality"), question, distinct));
        }
    }
    out
}

/// The requirement of `other` that reads the same sentence: the same line, else the one whose
/// quote shares the most words.
fn partner<'a>(r: &Requirement, other: &'a Ir) -> Option<&'a Requirement> {
    if let Some(same) = other.requirements.iter().find(|o| o.source.line == r.source.line) {
        return Some(same);
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let mine = words(&r.source.quote);
    other
        .requirements
        .iter()
        .map(|o| (o, words(&o.source.quote).iter().filter(|w| mine.contains(w)).count()))
        .filter(|&(_, shared)| shared * 2 > mine.len())
        .max_by_key(|&(_, shared)| shared)
        .map(|(o, _)| o)
}

/// Whether a value is a way of saying there is none: a model that writes "unknown" for a
/// parameter did not choose a value for it.
fn unstated(value: &str) -> bool {
    let v = value.trim().trim_end_matches('.').to_lowercase();
    matches!(
        v.as_str(),
        "" | "unknown"
            | "unstated"
            | "unspecified"
            | "not specified"
            | "not stated"
            | "none"
            | "n/a"
            | "na"
            | "tbd"
            | "null"
    )
}

/// A value as compared across samples: its quantities in canonical units ("2 min" and "120
/// seconds" are one value) and the stems of its content words.
struct Value {
    shown: String,
    quantities: Vec<String>,
    stems: Vec<String>,
}

impl Value {
    fn new(value: &str) -> Self {
        let tokens = lang::tokenize(value);
        let mut quantities: Vec<String> = lang::quantities(&tokens)
            .iter()
            .map(|q| {
                let (v, unit) = lang::quantity::canonical(q.quantity.value, q.quantity.unit.as_deref());
                format!("{} {}", lang::format_number(v), unit.unwrap_or("")).trim().to_owned()
            })
            .collect();
        quantities.sort();
        quantities.dedup();
        let mut stems: Vec<String> = tokens
            .iter()
            .filter(|t| t.kind != lang::TokenKind::Punct && t.kind != lang::TokenKind::Number)
            .map(|t| t.word().to_lowercase())
            .filter(|w| !lang::is_stop_word(w))
            .map(|w| lang::stem(&w))
            .collect();
        stems.sort();
        stems.dedup();
        let shown = match quantities.as_slice() {
            [q] if stems.len() <= 1 => q.clone(),
            _ => value.trim().trim_end_matches('.').to_lowercase(),
        };
        Self { shown, quantities, stems }
    }

    /// Whether two samples chose the same value: the same quantities when either has one ("3
    /// attempts" is not "5 attempts", nor "a few"); otherwise content words one of which holds
    /// the other ("public access" and "the terms of public access") or that mostly overlap.
    fn same_as(&self, other: &Self) -> bool {
        if !(self.quantities.is_empty() && other.quantities.is_empty()) {
            return self.quantities == other.quantities;
        }
        let shared = self.stems.iter().filter(|s| other.stems.contains(s)).count();
        let smaller = self.stems.len().min(other.stems.len());
        let union = self.stems.len() + other.stems.len() - shared;
        smaller == 0 || shared == smaller || shared * 2 >= union
    }
}

fn unstable(r: &Requirement, slot: Option<&str>, question: String, options: Vec<String>) -> Ambiguity {
    Ambiguity {
        kind: AmbiguityKind::UnstableReading,
        quote: r.source.quote.clone(),
        line: r.source.line,
        column: None,
        question,
        options,
        slot: slot.map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Commitment, Modality, Source};

    fn reading(count: &str) -> Ir {
        Ir {
            ir_version: 2,
            title: None,
            requirements: vec![Requirement {
                id: "R1".into(),
                source: Source { quote: "Retry failed uploads.".into(), line: 3 },
                actor: None,
                modality: Modality::Must,
                action: "retry".into(),
                object: Some("failed uploads".into()),
                conditions: vec![],
                quantities: vec![],
                literals: vec![],
                references: vec![],
                commitments: vec![
                    Commitment::stated("count", count.into(), count.into()),
                    Commitment::stated("wait", "2 min".into(), "x".into()),
                ],
            }],
            context: vec![],
            code: vec![],
            ambiguities: vec![],
        }
    }

    #[test]
    fn competing_values_become_the_options() {
        let found = disagreements(&reading("3 attempts"), &[reading("5 attempts"), reading("3 attempts")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].options, ["3 attempts", "5 attempts"]);
        assert!(found[0].question.contains("3 attempts or 5 attempts"), "{}", found[0].question);
        assert_eq!(found[0].slot.as_deref(), Some("count"));
    }

    #[test]
    fn a_left_out_slot_or_a_longer_phrase_of_the_same_value_is_agreement() {
        let mut fewer = reading("3 attempts");
        fewer.requirements[0].commitments.truncate(1);
        assert!(disagreements(&reading("3 attempts"), &[fewer]).is_empty(), "a slot left out is not a choice");
        let mut longer = reading("3 attempts");
        longer.requirements[0].commitments[1] =
            Commitment::stated("wait", "two minutes between attempts".into(), "x".into());
        assert!(disagreements(&reading("3 attempts"), &[longer]).is_empty());
        let words = |v: &str| {
            let mut r = reading("3 attempts");
            r.requirements[0].commitments.push(Commitment::stated("scope", v.into(), v.into()));
            r
        };
        assert!(disagreements(&words("public access"), &[words("the terms of public access")]).is_empty());
        let found = disagreements(&words("when it is called"), &[words("when it receives reports")]);
        assert_eq!(found.len(), 1, "different conditions are a disagreement: {found:?}");
        let unknown = |r: &mut Ir| r.requirements[0].commitments[0].value = Some("unknown".into());
        let mut said_unknown = reading("3 attempts");
        unknown(&mut said_unknown);
        assert!(disagreements(&reading("3 attempts"), &[said_unknown]).is_empty(), "\"unknown\" is no value");
        let missing = Ir { requirements: vec![], ..reading("3 attempts") };
        assert!(disagreements(&reading("3 attempts"), &[missing.clone(), reading("3 attempts")]).is_empty());
        assert_eq!(disagreements(&reading("3 attempts"), &[missing.clone(), missing]).len(), 1);
    }

    #[test]
    fn the_same_value_in_other_words_is_agreement() {
        let mut other = reading("3 attempts");
        other.requirements[0].commitments[1].value = Some("120 seconds".into());
        assert!(disagreements(&reading("3 attempts"), &[other]).is_empty());
        assert!(disagreements(&reading("3 attempts"), &[]).is_empty());
    }
}
