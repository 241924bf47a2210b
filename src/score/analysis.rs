//! What the gate and the penalty judge, whatever the backend: the translator's ambiguities,
//! every assumed commitment, the offline structural analysis, and the disagreements between
//! samples — merged, one finding per span.
//!
//! A model may record no ambiguity at all and copy vague words into its IR ("respond quickly"
//! → object "quickly"); the structural analysis of the same text still finds them, so a vague
//! spec cannot pass because the model copied it. A commitment whose value is a vague word is
//! no commitment: it counts as assumed.

use crate::ir::{Ambiguity, AmbiguityKind, Commitment, Ir, Provenance, Requirement};
use crate::lang::{self, TokenKind};

/// Every finding the spec deserves: those of `ir`, then those of `structural` (the offline
/// analysis of the same spec, for backends other than the rules one) that no finding of `ir`
/// already covers, then `unstable` ones (from samples).
#[must_use]
pub fn findings(ir: &Ir, structural: Option<&Ir>, unstable: Vec<Ambiguity>) -> Vec<Ambiguity> {
    // A model's own ambiguities are kept when the words they quote can bear them; the
    // structural analysis (present exactly when the translator is not the rules backend)
    // supplies the spec's sentences to check the quotes against.
    let sentences: Option<Vec<String>> = structural.map(|s| {
        s.requirements.iter().map(|r| r.source.quote.clone()).chain(s.context.iter().map(|c| c.text.clone())).collect()
    });
    let mut out: Vec<Ambiguity> =
        ir.ambiguities.iter().filter(|a| sentences.as_ref().is_none_or(|s| bears(a, s))).cloned().collect();
    out.extend(assumptions(ir));
    out.extend(structural.into_iter().flat_map(|s| copied(ir, s)));
    for extra in structural.into_iter().flat_map(|s| s.ambiguities.iter().cloned().chain(assumptions(s))) {
        if !out.iter().any(|a| covers(a, &extra)) {
            out.push(extra);
        }
    }
    for extra in unstable {
        if !out.iter().any(|a| covers(a, &extra)) {
            out.push(extra);
        }
    }
    out
}

/// Whether a model's ambiguity is one its quote can bear: the quote is words of the spec (a
/// small model also quotes its own paraphrase, or the back-translation's "should" for the
/// spec's "shall"), and a weak-modality finding quotes a weak modal ("should", "may", "can"),
/// not "shall" or "must".
fn bears(a: &Ambiguity, sentences: &[String]) -> bool {
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let quote = norm(a.quote.trim().trim_matches(|c: char| c == '"' || c == '\'' || c == '.'));
    if quote.is_empty() {
        return true;
    }
    if !sentences.iter().any(|s| norm(s).contains(&quote)) {
        return false;
    }
    if a.kind == AmbiguityKind::WeakModal {
        let tokens = lang::tokenize(&quote);
        return (0..tokens.len()).any(|i| lang::lexicon::modal_at(&tokens, i).is_some_and(|(_, _, weak)| weak));
    }
    true
}

/// Requirements the translator carried into `context` word for word instead of translating
/// them: the structural analysis reads a requirement there, and no requirement of the IR
/// covers its line. (The blind view drops such context, so the round trip loses them.)
fn copied(ir: &Ir, structural: &Ir) -> Vec<Ambiguity> {
    let mut out = Vec::new();
    for r in &structural.requirements {
        let translated = ir.requirements.iter().any(|m| {
            m.source.line == r.source.line || crate::ir::blind::restates_text(&m.source.quote, &r.source.quote)
        });
        let copied = ir.context.iter().any(|c| crate::ir::blind::restates_text(&c.text, &r.source.quote));
        if copied && !translated {
            out.push(Ambiguity {
                kind: AmbiguityKind::Other,
                quote: r.source.quote.clone(),
                line: r.source.line,
                column: None,
                question:
                    "What must happen here? The translator copied this requirement as background text instead of \
                           translating it."
                        .into(),
                options: Vec::new(),
                slot: None,
            });
        }
    }
    out
}

/// The assumed commitments of an IR as `assumed` ambiguities, each quoting its requirement's
/// sentence so that it costs that clause. A stated value that is only a vague word counts as
/// assumed.
#[must_use]
pub fn assumptions(ir: &Ir) -> Vec<Ambiguity> {
    let mut out = Vec::new();
    for r in &ir.requirements {
        for c in &r.commitments {
            let vague = c.provenance == Provenance::Stated && c.value().is_some_and(is_vague);
            if c.provenance == Provenance::Assumed || vague {
                out.push(assumption(r, c, vague));
            }
        }
    }
    out
}

fn assumption(r: &Requirement, c: &Commitment, vague: bool) -> Ambiguity {
    let question = c
        .question
        .clone()
        .filter(|q| !q.trim().is_empty())
        .unwrap_or_else(|| format!("What exactly is the {} of \"{}\"?", c.slot.replace('_', " "), r.action));
    Ambiguity {
        kind: AmbiguityKind::Assumed,
        quote: r.source.quote.clone(),
        line: r.source.line,
        column: None,
        question,
        // A vague value is not an option anyone chose; an assumed one is the translator's guess.
        options: if vague { Vec::new() } else { c.value().map(str::to_owned).into_iter().collect() },
        slot: Some(c.slot.clone()),
    }
}

/// Whether a value is vague: it has a vague word ("quickly", "a reasonable time"), and once
/// the vague words are gone nothing that pins it down is left — no number, no literal, no
/// content word but a generic measure ("time", "amount", "delay").
#[must_use]
pub fn is_vague(value: &str) -> bool {
    const GENERIC: &[&str] = &[
        "time",
        "amount",
        "number",
        "size",
        "value",
        "delay",
        "period",
        "duration",
        "wait",
        "while",
        "level",
        "rate",
        "speed",
        "way",
        "manner",
        "interval",
        "limit",
        "count",
        "frequency",
    ];
    let stripped = crate::lang::lexicon::strip_vague(value);
    if stripped.trim() == value.trim() {
        return false;
    }
    !lang::tokenize(&stripped).iter().any(|t| match t.kind {
        TokenKind::Number | TokenKind::Literal => true,
        TokenKind::Word => !crate::lang::verbs::is_function_word(t.word()) && !GENERIC.contains(&t.word()),
        TokenKind::Punct => false,
    })
}

/// Whether finding `a` already covers `b`: the same line, and the same kind on overlapping
/// words, or (for assumptions) the same parameter.
fn covers(a: &Ambiguity, b: &Ambiguity) -> bool {
    if a.line != b.line {
        return false;
    }
    if a.kind == AmbiguityKind::Assumed || b.kind == AmbiguityKind::Assumed {
        return a.kind == b.kind && a.slot == b.slot;
    }
    let (x, y) = (a.quote.trim().to_lowercase(), b.quote.trim().to_lowercase());
    let overlap = x.contains(&y) || y.contains(&x);
    overlap && (a.kind == b.kind || same_family(a.kind, b.kind))
}

/// Kinds that name the same gap in different words: a model's `vague_term` and the
/// structural `missing_quantity` on the same words are one finding.
fn same_family(a: AmbiguityKind, b: AmbiguityKind) -> bool {
    use AmbiguityKind::{MissingQuantity, Other, VagueTerm};
    matches!((a, b), (VagueTerm | MissingQuantity | Other, VagueTerm | MissingQuantity | Other))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Modality, Source};

    fn requirement(quote: &str, commitments: Vec<Commitment>) -> Requirement {
        Requirement {
            id: "R1".into(),
            source: Source { quote: quote.into(), line: 1 },
            actor: None,
            modality: Modality::Must,
            action: "respond".into(),
            object: None,
            conditions: vec![],
            quantities: vec![],
            literals: vec![],
            references: vec![],
            commitments,
        }
    }

    fn ir(requirements: Vec<Requirement>, ambiguities: Vec<Ambiguity>) -> Ir {
        Ir { ir_version: 2, title: None, requirements, context: vec![], code: vec![], ambiguities }
    }

    fn vague(quote: &str) -> Ambiguity {
        Ambiguity {
            kind: AmbiguityKind::VagueTerm,
            quote: quote.into(),
            line: 1,
            column: Some(10),
            question: "How fast?".into(),
            options: vec![],
            slot: None,
        }
    }

    #[test]
    fn a_vague_value_is_an_assumption_and_structure_fills_what_the_model_missed() {
        // The model copied "quickly" as the value and recorded no ambiguity.
        let model = ir(
            vec![requirement(
                "Respond quickly.",
                vec![Commitment::stated("duration", "quickly".into(), "quickly".into())],
            )],
            vec![],
        );
        let structural = ir(vec![], vec![vague("quickly")]);
        let found = findings(&model, Some(&structural), vec![]);
        let kinds: Vec<AmbiguityKind> = found.iter().map(|a| a.kind).collect();
        assert_eq!(kinds, [AmbiguityKind::Assumed, AmbiguityKind::VagueTerm]);
        assert!(found[0].options.is_empty(), "a vague word is not a chosen value");
    }

    #[test]
    fn the_same_gap_is_reported_once() {
        let model = ir(vec![], vec![vague("respond quickly")]);
        let structural = ir(vec![requirement("The API must respond quickly.", vec![])], vec![vague("quickly")]);
        let found = findings(&model, Some(&structural), vec![]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].quote, "respond quickly", "the model's finding, which covers the structural one");
        let c = Commitment::missing("wait", "r".into(), "How long?".into());
        let both = ir(vec![requirement("Retry.", vec![c])], vec![]);
        assert_eq!(findings(&both, Some(&both), vec![]).len(), 1, "one assumption per parameter");
    }

    #[test]
    fn a_model_finding_must_quote_the_spec_and_fit_its_words() {
        let weak = |quote: &str| Ambiguity { kind: AmbiguityKind::WeakModal, ..vague(quote) };
        let spec =
            ir(vec![requirement("The user shall be informed when the call is a broadcast call.", vec![])], vec![]);
        let model = ir(vec![], vec![weak("shall"), weak("should be informed"), vague("a broadcast call")]);
        let found = findings(&model, Some(&spec), vec![]);
        let quotes: Vec<&str> = found.iter().map(|a| a.quote.as_str()).collect();
        assert_eq!(
            quotes,
            ["a broadcast call"],
            "\"shall\" is not weak, and \"should be informed\" is not in the spec"
        );
        let spec = ir(vec![requirement("The client should cache responses.", vec![])], vec![]);
        assert_eq!(findings(&ir(vec![], vec![weak("should")]), Some(&spec), vec![]).len(), 1);
    }

    #[test]
    fn vagueness_needs_a_vague_word_and_no_number() {
        assert!(is_vague("quickly"));
        assert!(is_vague("a reasonable time"));
        assert!(!is_vague("within 2 s"));
        assert!(!is_vague("the account owner"));
        assert!(!is_vague("of some integer number"), "the content words pin it down");
    }
}
