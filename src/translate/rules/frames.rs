//! Commitments from the frame table: for each requirement whose action belongs to a class of
//! [`crate::lang::frames`], each slot is either stated (with the words that state it) or
//! missing, recorded as an assumed commitment with no value and the question to ask.

use crate::ir::{Commitment, Requirement};
use crate::lang::frames::{self, Evidence, Frame, UnitKind};
use crate::lang::{self, Token, TokenKind};

/// The commitments of a requirement. `own` are the tokens of its clause; `around` those of
/// the other clauses of its paragraph or list item, which may state a slot too ("Retry failed
/// uploads. Wait 2 s between attempts.").
#[must_use]
pub fn commitments(r: &Requirement, own: &[Token<'_>], around: &[&[Token<'_>]]) -> Vec<Commitment> {
    let mut out: Vec<Commitment> = Vec::new();
    for (frame, by_verb) in frames_of(r, own) {
        for slot in frame.slots {
            if out.iter().any(|c| c.slot == slot.name) {
                continue;
            }
            let found = std::iter::once(own).chain(around.iter().copied()).find_map(|tokens| {
                // The object is the slot's filler only for the verb itself: "notify the
                // owner", not "send a notification".
                let own = std::ptr::eq(tokens, own);
                slot.evidence.iter().find_map(|e| evidence(*e, r, tokens, own, own && by_verb))
            });
            out.push(match found {
                Some(words) => Commitment::stated(slot.name, words.clone(), words),
                None => Commitment::missing(
                    slot.name,
                    format!(
                        "\"{}\" is a {} action and the spec does not state its {}",
                        r.action, frame.class, slot.name
                    ),
                    slot.question.replace("{}", &r.action.to_lowercase()),
                ),
            });
        }
    }
    out
}

/// The frames a requirement's action or its words belong to, and whether by the verb: the
/// verb first, then nouns that name an action ("cap retries at 3": a limit and a retry).
fn frames_of(r: &Requirement, tokens: &[Token<'_>]) -> Vec<(&'static Frame, bool)> {
    let verb = r.action.split_whitespace().last().unwrap_or(&r.action);
    let object: Vec<&str> = r.object.as_deref().unwrap_or("").split_whitespace().collect();
    let mut out: Vec<(&'static Frame, bool)> = frames::of_word(verb, &object).into_iter().map(|f| (f, true)).collect();
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
        if let Some(f) = frames::FRAMES.iter().find(|f| f.nouns.contains(&t.word()))
            && !out.iter().any(|(o, _)| o.class == f.class)
        {
            out.push((f, false));
        }
    }
    out
}

/// The words that give a piece of evidence in `tokens`, if they are there. The object and the
/// conditions count only in the requirement's own clause (`own`), and the object only when
/// the frame is the verb's (`object`).
fn evidence(e: Evidence, r: &Requirement, tokens: &[Token<'_>], own: bool, object: bool) -> Option<String> {
    match e {
        Evidence::Number(kind) => {
            let found = lang::quantities(tokens);
            let q = found.iter().find(|q| match kind {
                UnitKind::Any => true,
                UnitKind::Count => q.quantity.unit.as_deref() == Some("attempts"),
                UnitKind::Time => q.quantity.unit.as_deref().is_some_and(lang::quantity::is_time_unit),
            })?;
            Some(span(tokens, q.first, q.last))
        }
        Evidence::Marker(markers) => {
            let i = tokens.iter().position(|t| t.kind == TokenKind::Word && markers.contains(&t.word()))?;
            let end = (i + 1..tokens.len()).find(|&j| tokens[j].kind == TokenKind::Punct).unwrap_or(tokens.len());
            (end > i + 1).then(|| span(tokens, i, end.min(i + 6)))
        }
        Evidence::Word(words) => tokens.iter().find(|t| words.contains(&t.word())).map(|t| t.text.to_owned()),
        Evidence::Object if object => r.object.clone().filter(|o| !o.trim().is_empty()),
        Evidence::Condition if own => r.conditions.first().cloned(),
        Evidence::Literal => tokens.iter().find(|t| t.kind == TokenKind::Literal).map(|t| t.text.to_owned()),
        Evidence::Variable => tokens
            .iter()
            .find(|t| {
                let w = t.text.split('-').next().unwrap_or("");
                t.kind == TokenKind::Word && w.len() == 1 && w.chars().all(|c| c.is_ascii_lowercase()) && w != "a"
            })
            .map(|t| t.text.to_owned()),
        Evidence::Object | Evidence::Condition => None,
    }
}

/// The text of tokens `first..last`, as written.
fn span(tokens: &[Token<'_>], first: usize, last: usize) -> String {
    tokens[first..last].iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::Provenance;
    use crate::spec::{Format, Spec};

    fn slots(text: &str) -> Vec<(String, Provenance)> {
        let spec = Spec::from_text(Path::new("t.md"), text, Format::Markdown).unwrap();
        let ir = super::super::Rules.read(&spec);
        ir.requirements.iter().flat_map(|r| r.commitments.iter().map(|c| (c.slot.clone(), c.provenance))).collect()
    }

    #[test]
    fn a_retry_needs_a_count_and_a_wait() {
        use Provenance::{Assumed, Stated};
        assert_eq!(
            slots("The client must retry failed calls.\n"),
            [("count".into(), Assumed), ("wait".into(), Assumed)]
        );
        assert_eq!(
            slots("The client must retry failed calls at most 3 times, 2 seconds apart.\n"),
            [("count".into(), Stated), ("wait".into(), Stated)]
        );
        // The wait may be stated in the next sentence of the same paragraph.
        assert_eq!(
            slots("The client must retry failed calls at most 3 times. Wait 2 s between attempts.\n"),
            [("count".into(), Stated), ("wait".into(), Stated)]
        );
    }

    #[test]
    fn actions_outside_the_table_need_nothing() {
        assert!(slots("Upload the report to the archive.\n").is_empty());
    }

    #[test]
    fn a_computation_needs_its_input() {
        assert_eq!(slots("Return the sum of `xs`.\n"), [("input".into(), Provenance::Stated)]);
        assert_eq!(slots("Return the n-th Fibonacci number.\n"), [("input".into(), Provenance::Stated)]);
        assert_eq!(slots("Return a greatest common divisor.\n"), [("input".into(), Provenance::Assumed)]);
    }

    #[test]
    fn a_notification_needs_a_recipient_and_a_channel() {
        let found = slots("The service must notify the account owner by email.\n");
        assert!(found.iter().all(|(_, p)| *p == Provenance::Stated), "{found:?}");
        let found = slots("The service must send a notification.\n");
        assert!(found.iter().any(|(s, p)| s == "recipient" && *p == Provenance::Assumed), "{found:?}");
    }
}
