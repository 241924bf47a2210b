//! The blind view of an IR: what the backward translator may see.
//!
//! The back-translation must come from the IR's structure alone, or the round trip proves
//! nothing. So the view drops every source quote, the provenance of each commitment (an
//! assumed value is rendered as if the spec stated it, so the round trip shows the guess),
//! the ambiguities, and any context statement that restates a requirement's source sentence:
//! a model that copied a requirement into `context` would otherwise hand the original back
//! word for word.

use super::{Ir, Provenance};

/// The IR as the backward translator sees it. Context that restates one of the IR's own
/// requirements, or one of `sentences` (the spec's requirement sentences as the structural
/// analysis found them), is left out.
#[must_use]
pub fn blind(ir: &Ir, sentences: &[&str]) -> Ir {
    let mut view = ir.clone();
    view.ambiguities.clear();
    let quotes: Vec<Vec<String>> =
        ir.requirements.iter().map(|r| r.source.quote.as_str()).chain(sentences.iter().copied()).map(words).collect();
    view.context.retain(|c| {
        let text = words(&c.text);
        !quotes.iter().any(|q| restates(&text, q))
    });
    for r in &mut view.requirements {
        r.source.quote.clear();
        for c in &mut r.commitments {
            c.quote = None;
            c.reason = None;
            c.question = None;
            c.provenance = Provenance::Stated;
        }
        // A commitment with no value has nothing to render.
        r.commitments.retain(|c| c.value().is_some());
    }
    view
}

/// The lowercase words of a text, punctuation and markup left out.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Whether `context` restates `sentence`: it holds at least 80 % of the sentence's words.
#[must_use]
pub fn restates_text(context: &str, sentence: &str) -> bool {
    restates(&words(context), &words(sentence))
}

/// Whether a context statement restates a requirement's sentence: it holds at least 80 % of
/// the sentence's words (and the sentence has some), in any order. A sentence of fewer than
/// four distinct words ("Collatz(1) is [1].") is restated only by a context about as short:
/// a long example that happens to hold its few words says far more than it.
fn restates(context: &[String], quote: &[String]) -> bool {
    if quote.is_empty() || context.is_empty() {
        return false;
    }
    let shared = quote.iter().filter(|w| context.contains(w)).count();
    let distinct = quote.iter().collect::<std::collections::HashSet<_>>().len();
    shared * 5 >= quote.len() * 4 && (distinct >= 4 || context.len() <= 2 * quote.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Commitment, Context, Modality, Requirement, Source};

    #[test]
    fn a_short_sentence_is_not_restated_by_a_long_example_that_holds_its_words() {
        assert!(!restates_text(
            "For example: f(5) returns [1, 5] # the sequence for 5 is [5, 16, 8, 4, 2, 1]",
            "f(1) is [1]."
        ));
        assert!(restates_text("f(1) is [1]", "f(1) is [1]."));
        assert!(restates_text(
            "Note that the worker must retry a failed upload 3 times",
            "The worker must retry a failed upload 3 times."
        ));
    }

    #[test]
    fn the_view_hides_the_original_and_how_values_were_found() {
        let quote = "The worker must retry a failed upload at most 3 times.";
        let ir = Ir {
            ir_version: 2,
            title: None,
            requirements: vec![Requirement {
                id: "R1".into(),
                source: Source { quote: quote.into(), line: 1 },
                actor: Some("the worker".into()),
                modality: Modality::Must,
                action: "retry".into(),
                object: Some("a failed upload".into()),
                conditions: vec![],
                quantities: vec![],
                literals: vec![],
                references: vec![],
                commitments: vec![
                    Commitment::stated("count", "3 attempts".into(), "at most 3 times".into()),
                    Commitment { value: Some("2 s".into()), ..Commitment::missing("wait", "r".into(), "q?".into()) },
                    Commitment::missing("jitter", "r".into(), "q?".into()),
                ],
            }],
            context: vec![
                Context { text: quote.into(), line: Some(1) },
                Context { text: "Uploads go to the archive bucket.".into(), line: Some(2) },
            ],
            code: vec![],
            ambiguities: vec![],
        };
        let view = blind(&ir, &[]);
        assert!(view.requirements[0].source.quote.is_empty());
        assert_eq!(view.context.len(), 1, "the copied requirement is gone from the context");
        let c = &view.requirements[0].commitments;
        assert_eq!(c.len(), 2, "the valueless assumption has nothing to render");
        assert!(c.iter().all(|c| c.provenance == Provenance::Stated && c.quote.is_none() && c.question.is_none()));
        assert!(!serde_json::to_string(&view).unwrap().contains("at most 3 times"));
    }
}
