//! References: what "it", "they", "its" and "their" stand for.
//!
//! The candidates are the noun phrases before the pronoun, in its clause and in the clause
//! before it in the same paragraph, that agree with it in number. One candidate resolves the
//! pronoun; two or more leave it ambiguous, and the finding names them. A pronoun that opens
//! a clause with nothing before it to refer to is unresolved too. Two conventions of English
//! resolve the rest: a possessive ("its", "their") belongs to its clause's subject unless
//! another named thing competes, and a pronoun that opens a clause continues the subject of
//! the clause before ("The worker retries. It stops after 3 attempts."). "It" in "it shall
//! be possible to …" refers to nothing.

use super::smells::Smell;
use crate::ir::AmbiguityKind;
use crate::lang::lexicon::{self, DETERMINERS, PRONOUNS};
use crate::lang::verbs;
use crate::lang::{Token, TokenKind};

/// A noun phrase a pronoun could refer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The phrase as written.
    pub phrase: String,
    /// Lowercase head noun.
    pub head: String,
    /// Its number: `Some(true)` plural, `Some(false)` singular, `None` either (a mass noun).
    pub plural: Option<bool>,
    /// Whether it names something: a capitalised word inside it, or a literal.
    pub named: bool,
}

/// Nouns with no plural form to agree with: "data … they", "the software … it".
const MASS_NOUNS: &[&str] =
    &["data", "information", "software", "hardware", "equipment", "staff", "personnel", "media", "metadata"];

/// Whether token `i` is likely a verb or an auxiliary, so that a noun phrase ends before it.
fn verbish(tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    if t.kind != TokenKind::Word {
        return false;
    }
    let w = t.word();
    lexicon::modal_at(tokens, i).is_some()
        || matches!(w, "is" | "are" | "was" | "were" | "be" | "been" | "has" | "have" | "had" | "does" | "do")
        || lexicon::third_person_base(w).is_some()
        || (i > 0 && lexicon::is_verb(w) && !DETERMINERS.contains(&tokens[i - 1].word()))
        || (w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing")))
}

/// The noun phrases of `tokens[..until]`, in order.
#[must_use]
pub fn noun_phrases(tokens: &[Token<'_>], until: usize) -> Vec<Candidate> {
    let until = until.min(tokens.len());
    let mut out = Vec::new();
    let mut i = 0;
    while i < until {
        let t = &tokens[i];
        let opens =
            (t.kind == TokenKind::Word && DETERMINERS.contains(&t.word()) && !PRONOUNS.iter().any(|(p, _)| t.is(p)))
                || (noun_word(tokens, i) && opens_bare(t));
        if !opens {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < until
            && j - i <= 6
            && (noun_word(tokens, j) || tokens[j].is("and") && j + 1 < until && noun_word(tokens, j + 1))
        {
            j += 1;
        }
        let words: Vec<&Token<'_>> = tokens[i..j].iter().filter(|t| t.kind != TokenKind::Punct).collect();
        if let Some(head) = words.iter().rev().find(|t| t.kind != TokenKind::Word || !DETERMINERS.contains(&t.word())) {
            let head_word = head.word().to_lowercase();
            let coordinated = words.iter().any(|t| t.is("and"));
            // An acronym ending in a capital S ("CAS", "QChS") is one thing; "AIPs" are many.
            let acronym = head.text.chars().filter(|c| c.is_uppercase()).count() >= 2 && head.text.ends_with('S');
            let plural = if MASS_NOUNS.contains(&head_word.as_str()) {
                None
            } else {
                Some(coordinated || (plural_shape(&head_word) && !acronym))
            };
            let named = words.iter().enumerate().any(|(k, t)| {
                t.kind == TokenKind::Literal || (t.text.chars().next().is_some_and(char::is_uppercase) && (i + k > 0))
            });
            let phrase = tokens[i..j].iter().map(|t| t.text).collect::<Vec<_>>().join(" ");
            out.push(Candidate { phrase, head: head_word, plural, named });
        }
        i = j.max(i + 1);
    }
    out
}

/// Whether a noun phrase may open without a determiner at this word: a name (a capitalised
/// word or an acronym), a literal, a bare plural ("submissions") or a mass noun ("data").
/// A bare singular word ("able", "stay", "later") is more likely an adjective, a verb or an
/// adverb than a noun of its own.
fn opens_bare(t: &Token<'_>) -> bool {
    t.kind == TokenKind::Literal
        || t.text.chars().next().is_some_and(char::is_uppercase)
        || plural_shape(t.word())
        || MASS_NOUNS.contains(&t.word())
}

/// An open word that can stand in a noun phrase: not a function word, not a verb.
fn noun_word(tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    match t.kind {
        TokenKind::Literal => true,
        TokenKind::Word => {
            let w = t.word();
            let excluded = verbs::is_function_word(w)
                || verbish(tokens, i)
                || lexicon::CONDITION_MARKERS.contains(&w)
                || RELATIVES.contains(&w)
                || (w.ends_with("ly") && w.len() > 4);
            !excluded
        }
        _ => false,
    }
}

/// Relative and question words, and adverbs that sit between a noun and its verb.
const RELATIVES: &[&str] =
    &["that", "which", "who", "whose", "where", "when", "how", "why", "what", "also", "not", "only"];

fn plural_shape(head: &str) -> bool {
    head.ends_with('s') && !head.ends_with("ss") && !head.ends_with("us") && !head.ends_with("is")
}

/// "It" in "it shall be possible to …", "it is required that …": a placeholder subject.
fn expletive(tokens: &[Token<'_>], i: usize) -> bool {
    if !tokens[i].is("it") {
        return false;
    }
    let rest: Vec<&str> = tokens[i + 1..].iter().take(5).map(|t| t.word()).collect();
    let be = rest.iter().position(|w| matches!(*w, "is" | "be" | "was"));
    be.is_some_and(|b| {
        rest[b + 1..].iter().take(2).any(|w| {
            matches!(
                *w,
                "possible"
                    | "necessary"
                    | "required"
                    | "important"
                    | "recommended"
                    | "desirable"
                    | "expected"
                    | "assumed"
                    | "acceptable"
                    | "allowed"
                    | "permitted"
                    | "mandatory"
                    | "advisable"
                    | "likely"
                    | "unlikely"
                    | "clear"
                    | "true"
                    | "false"
            )
        })
    }) || rest.first().is_some_and(|w| matches!(*w, "seems" | "appears"))
}

/// Pronouns and what they resolve to in `tokens` (a clause), with `previous` the clause
/// before it in the same paragraph (empty when there is none).
pub fn resolve(tokens: &[Token<'_>], previous: &[Token<'_>]) -> (Vec<Smell>, Vec<(String, String)>) {
    let mut smells = Vec::new();
    let mut resolved = Vec::new();
    let before = noun_phrases(previous, previous.len());
    for (i, t) in tokens.iter().enumerate() {
        let Some(&(_, plural)) = PRONOUNS.iter().find(|(p, _)| t.is(p)) else { continue };
        if expletive(tokens, i) {
            continue;
        }
        let possessive = matches!(t.word(), "its" | "their" | "theirs");
        let opens_clause = tokens[..i].iter().all(|t| t.kind == TokenKind::Punct);
        let own = noun_phrases(tokens, i);
        let agrees = |c: &Candidate| c.plural.is_none_or(|p| p == plural);
        // An object pronoun never stands for the subject of its own clause (that would be
        // "itself"): in "the scanner shall scan it", "it" is not the scanner.
        let direct_object = i > 0 && verbish(tokens, i - 1);
        let own_candidates: &[Candidate] = if direct_object && !own.is_empty() { &own[1..] } else { &own };
        let mut candidates: Vec<Candidate> =
            before.iter().chain(own_candidates).filter(|c| agrees(c)).cloned().collect();
        let mut seen = std::collections::HashSet::new();
        candidates.retain(|c| seen.insert(crate::lang::stem(&c.head)));
        // A clause-opening pronoun continues the previous clause's subject.
        let choice = if opens_clause {
            before.first().filter(|c| agrees(c)).cloned()
        } else if possessive {
            // A possessive belongs to its clause's subject, unless another named thing competes.
            own.first()
                .filter(|s| agrees(s))
                .filter(|s| !candidates.iter().any(|c| c.named && c.head != s.head))
                .cloned()
        } else {
            None
        };
        match (choice, candidates.len()) {
            (Some(c), _) => resolved.push((t.text.to_owned(), c.phrase)),
            (None, 1) => resolved.push((t.text.to_owned(), candidates[0].phrase.clone())),
            // No candidate found for a pronoun inside a clause: the noun phrases of the clause
            // may be bare singular nouns this reading cannot see; only a pronoun that opens
            // its clause, or a possessive, with nothing to agree with is unresolved.
            (None, 0) if !(opens_clause || possessive) => {}
            (None, n) => smells.push(Smell {
                kind: AmbiguityKind::UnresolvedReference,
                first: i,
                last: i + 1,
                question: if n == 0 {
                    "What does \"{}\" refer to? Nothing before it names it.".to_owned()
                } else {
                    format!(
                        "What does \"{{}}\" refer to: {}?",
                        crate::plural::list_or(
                            &candidates.iter().map(|c| format!("\"{}\"", c.phrase)).collect::<Vec<_>>()
                        )
                    )
                },
                options: candidates.into_iter().map(|c| c.phrase).collect(),
            }),
        }
    }
    (smells, resolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::tokenize;

    fn unresolved(text: &str, previous: &str) -> bool {
        !resolve(&tokenize(text), &tokenize(previous)).0.is_empty()
    }

    #[test]
    fn two_candidates_leave_a_pronoun_open() {
        assert!(unresolved("The server sends the client a token and it must store it.", ""));
        assert!(unresolved("The Clarus program shall operate the Clarus system according to its security plan.", ""));
        assert!(unresolved(
            "The archive audits submissions from producers to ensure that they meet archive standards.",
            ""
        ));
        assert!(unresolved("It monitors error logs.", ""), "nothing to refer to");
    }

    #[test]
    fn one_candidate_subject_continuity_and_expletives_resolve() {
        assert!(!unresolved("The DOG shall be able to record its activities.", ""));
        assert!(!unresolved("The train may proceed unrestricted to the end of its movement authority.", ""));
        assert!(!unresolved("It stops after 3 attempts.", "The upload worker retries a failed upload."));
        assert!(!unresolved("It shall be possible to request that metadata be stored.", ""));
        assert!(!unresolved("The Clarus system shall process data as they are received.", ""));
    }
}
