//! Property tests of the scorer and the rules translator: range, identity, determinism, and
//! no panic on any UTF-8 input.

use std::path::Path;

use ire::score::{Params, score};
use ire::spec::{Format, Spec, clauses_of};
use ire::translate::rules::Rules;
use proptest::prelude::*;

/// Words that exercise the parser: modals, conditions, vague terms, numbers, units, literals.
const WORDS: &[&str] = &[
    "The",
    "the",
    "worker",
    "must",
    "not",
    "should",
    "may",
    "retry",
    "upload",
    "at",
    "most",
    "3",
    "times",
    "within",
    "5",
    "seconds",
    "if",
    "when",
    "it",
    "they",
    "some",
    "fast",
    "or",
    "and/or",
    "TBD",
    "etc.",
    "Return",
    "`cfg.toml`",
    "'x'",
    "\"quoted text\"",
    ",",
    ".",
    ";",
    "(",
    ")",
    "[",
    "]",
    "be",
    "stored",
    "by",
    "after",
    "before",
    "never",
    "#",
    "-",
    "*",
    "1.",
    ">>>",
    "\n",
    "\n\n",
    "é",
    "日本",
    "🙂",
    "---",
    "```",
    "+++",
];

fn sentence_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..60).prop_map(|w| w.join(" "))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![sentence_like(), any::<String>(), "\\PC{0,200}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_round_trip_never_panics_and_stays_in_range(text in any_text(), markdown in any::<bool>()) {
        let format = if markdown { Format::Markdown } else { Format::Plain };
        if let Ok(spec) = Spec::from_text(Path::new("p.md"), &text, format) {
            let ir = Rules.read(&spec);
            prop_assert!(ir.validate().is_ok(), "{:?}", ir.validate());
            let back = ire::translate::rules::render::render(&ir);
            let clauses: Vec<&str> = spec.clauses.iter().map(|c| c.text.as_str()).collect();
            let s = score(&clauses, &back, &ir.ambiguities, &Params::default());
            prop_assert!((0.0..=1.0).contains(&s.fidelity), "fidelity {}", s.fidelity);
            for c in [s.components.recall, s.components.precision, s.components.round_trip, s.components.ambiguity_penalty] {
                prop_assert!((0.0..=1.0).contains(&c));
            }
            // Deterministic: the same input gives the same IR, text and score.
            prop_assert_eq!(&ir, &Rules.read(&spec));
            let again = score(&clauses, &ire::translate::rules::render::render(&ir), &ir.ambiguities, &Params::default());
            prop_assert_eq!(s.fidelity.to_bits(), again.fidelity.to_bits());
            for c in &spec.clauses {
                prop_assert!(c.line >= 1 && c.column >= 1);
            }
        }
    }

    #[test]
    fn identical_text_without_ambiguity_scores_one(text in any_text()) {
        let clauses = clauses_of(&text);
        let s = score(&clauses, &clauses.join("\n"), &[], &Params::default());
        prop_assert_eq!(s.fidelity, 1.0);
        prop_assert!(s.divergences.is_empty(), "{:?}", s.divergences);
    }

    #[test]
    fn tokens_are_well_formed(text in any_text()) {
        let mut previous_end = 0;
        for t in ire::lang::tokenize(&text) {
            prop_assert!(t.start >= previous_end && t.start < t.end && t.end <= text.len());
            prop_assert_eq!(&text[t.start..t.end], t.text);
            previous_end = t.end;
        }
    }
}
