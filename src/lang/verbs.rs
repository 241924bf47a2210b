//! Verbs by form and position, not by list: the imperative that opens a command ("Cook the
//! rice", "Place two red blocks on the left"), and the present tense that states behaviour
//! ("The endpoint returns 404", "Sessions expire after 30 minutes", "Audits data in SIPs").
//!
//! English marks the verb of such a clause by where it stands and what follows it: a command
//! opens with a base-form verb followed by its object (a determiner, a number, a literal, a
//! pronoun, a particle or a preposition); a statement puts a verb after its subject, with the
//! third-person `-s` after a singular subject and the base form after a plural one. Only
//! function words — a closed class — are listed; any open-class word may be the verb, so
//! verbs that appear nowhere in the code are read as verbs.

use super::lexicon::{self, CONDITION_MARKERS, DETERMINERS, MODALS};
use super::tokens::{Token, TokenKind};
use super::words::is_stop_word;

/// Prepositions and particles: they may follow a verb, and are never verbs themselves.
const PREPOSITIONS: &[&str] = &[
    "to", "from", "in", "into", "on", "onto", "at", "by", "for", "with", "without", "of", "off", "out", "up", "down",
    "over", "under", "through", "across", "along", "around", "about", "against", "between", "among", "per", "via",
    "back", "away", "as", "like", "than", "toward", "towards", "upon", "within", "beyond", "inside", "outside",
];

/// Pronouns that may stand as an object right after a verb.
const OBJECT_PRONOUNS: &[&str] =
    &["it", "them", "me", "us", "him", "her", "you", "one", "everything", "nothing", "all"];

/// Auxiliaries and copulas: a subject comes before them, a command never opens with them.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "does", "do", "did", "isn't",
    "aren't", "wasn't", "weren't", "hasn't", "haven't", "doesn't", "don't", "didn't",
];

/// Words that are not verbs whatever their form: function words, prepositions, auxiliaries.
#[must_use]
pub fn is_function_word(w: &str) -> bool {
    is_stop_word(w) || PREPOSITIONS.contains(&w) || AUXILIARIES.contains(&w) || DETERMINERS.contains(&w)
}

/// Whether the token could be an open-class word: a lowercase-able word of letters (and
/// inner hyphens or apostrophes), not a function word, not a number.
fn open_word(t: &Token<'_>) -> bool {
    t.kind == TokenKind::Word
        && t.word().chars().next().is_some_and(char::is_alphabetic)
        && t.word().chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && !is_function_word(t.word())
}

/// Whether what follows a verb at `i` can begin its complement: a determiner, a number, a
/// literal, an object pronoun, a preposition or particle, a condition, an adverb, the end.
fn opens_complement(tokens: &[Token<'_>], i: usize) -> bool {
    let Some(t) = tokens.get(i + 1) else { return true };
    match t.kind {
        TokenKind::Number | TokenKind::Literal => true,
        TokenKind::Punct => matches!(t.text, "." | "," | ";" | ":" | "!" | "(" | "\"" | "'" | "“" | "‘" | "$"),
        TokenKind::Word => {
            let w = t.word();
            DETERMINERS.contains(&w)
                || OBJECT_PRONOUNS.contains(&w)
                || PREPOSITIONS.contains(&w)
                || CONDITION_MARKERS.contains(&w)
                || matches!(w, "whether" | "how" | "what" | "which" | "who" | "where" | "why" | "that" | "if")
                || matches!(w, "only" | "also" | "always" | "never" | "not" | "just" | "still" | "even" | "exactly")
                || (w.ends_with("ly") && w.len() > 4)
        }
    }
}

/// Whether an open word could be a base-form verb: not a gerund, participle, plural or
/// third-person form (`-ing`, `-ed`, `-s` except `-ss`, `-us`, `-is`).
fn base_form_shape(w: &str) -> bool {
    let plural = w.ends_with('s') && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is"));
    let participle = (w.ends_with("ed") && w.len() > 4) || lexicon::IRREGULAR_PARTICIPLES.contains(&w) || w == "given";
    !(plural || participle || (w.ends_with("ing") && w.len() > 5))
}

/// Whether the open word at `i` has the third-person `-s` of a verb.
fn third_person_shape(w: &str) -> bool {
    w.len() > 2
        && w.ends_with('s')
        && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") || w.ends_with("'s"))
}

/// Whether the clause opens, at `i`, with a command: a base-form verb (any verb) followed by
/// the start of its complement, or a verb of the lexicon's list whatever follows.
#[must_use]
pub fn imperative_at(tokens: &[Token<'_>], i: usize) -> bool {
    let Some(t) = tokens.get(i) else { return false };
    if t.kind != TokenKind::Word {
        return false;
    }
    if lexicon::is_verb(t.word()) {
        return !followed_by_auxiliary(tokens, i);
    }
    // A bare noun phrase may follow ("Flip lowercase characters"), unless the clause reads as
    // a plural subject and its verb ("Input strings contain digits").
    let bare_object = tokens.get(i + 1).is_some_and(open_word) && !plural_subject_then_verb(tokens, i);
    // "Research and explain …": two commands joined.
    let joined = tokens.get(i + 1).is_some_and(|t| t.is("and") || t.is("or")) && imperative_at(tokens, i + 2);
    open_word(t)
        && base_form_shape(t.word())
        && !starts_modal(tokens, i + 1)
        && (opens_complement(tokens, i) || bare_object || joined)
        && !followed_by_auxiliary(tokens, i)
}

/// Whether the words after `i` read as the rest of a plural subject and its base-form verb:
/// "Input *strings contain* only digits".
fn plural_subject_then_verb(tokens: &[Token<'_>], i: usize) -> bool {
    (i + 2..tokens.len().min(i + 5)).any(|j| {
        let (noun, verb) = (&tokens[j - 1], &tokens[j]);
        open_word(noun)
            && third_person_shape(noun.word())
            && open_word(verb)
            && base_form_shape(verb.word())
            && (opens_complement(tokens, j) || lexicon::is_verb(verb.word()))
    })
}

/// Whether a modal follows: then the word before it is a subject ("Users can …").
fn starts_modal(tokens: &[Token<'_>], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| MODALS.iter().any(|(words, _, _)| words[0] == t.word()))
}

/// Whether an auxiliary follows within a short noun phrase: "Input are two strings",
/// "Algorithm idea is simple" open with a subject, not a command.
fn followed_by_auxiliary(tokens: &[Token<'_>], i: usize) -> bool {
    tokens[i + 1..]
        .iter()
        .take(3)
        .take_while(|t| {
            t.kind == TokenKind::Word && !PREPOSITIONS.contains(&t.word()) && !CONDITION_MARKERS.contains(&t.word())
        })
        .any(|t| AUXILIARIES.contains(&t.word()))
}

/// The verb of a statement of behaviour that starts at `from`: "<subject> returns …",
/// "<plural subject> expire …", or a subjectless "Returns …" as in a list of functions.
/// The subject is a short noun phrase without punctuation.
#[must_use]
pub fn descriptive_verb(tokens: &[Token<'_>], from: usize) -> Option<usize> {
    let first = tokens.get(from)?;
    // "Returns the sum", "Audits data in SIPs": the subject is the heading's. A plural noun
    // followed by a known verb is a subject instead ("Sessions expire after 30 minutes").
    let next_is_verb = tokens.get(from + 1).is_some_and(|n| lexicon::is_verb(n.word()));
    let object_follows = opens_complement(tokens, from) || tokens.get(from + 1).is_some_and(open_word);
    if open_word(first) && third_person_shape(first.word()) && object_follows && !next_is_verb {
        return Some(from);
    }
    let end = tokens.len().min(from + 9);
    for j in from + 1..end {
        let t = &tokens[j];
        if t.kind == TokenKind::Punct && !matches!(t.text, "'" | "-" | "/") {
            return None;
        }
        // A literal may name the subject ("`prime_fib` returns …").
        if t.kind == TokenKind::Literal {
            continue;
        }
        // "remove_vowels is a function that takes …": the relative clause states the behaviour;
        // "the report is generated daily": a passive states it too.
        if t.kind == TokenKind::Word && matches!(t.word(), "is" | "are") {
            return relative_verb(tokens, j).or_else(|| passive(tokens, j).then_some(j));
        }
        // "Each rate group has a rate": possession states a fact of the system.
        if t.kind == TokenKind::Word
            && matches!(t.word(), "has" | "have")
            && tokens.get(j + 1).is_some_and(|n| DETERMINERS.contains(&n.word()) || n.kind == TokenKind::Number)
        {
            return Some(j);
        }
        if t.kind != TokenKind::Word || AUXILIARIES.contains(&t.word()) || starts_modal(tokens, j) {
            return None;
        }
        if !open_word(t) {
            continue;
        }
        let w = t.word();
        if lexicon::third_person_base(w).is_some() && !previous_is_determiner(tokens, j) {
            return Some(j);
        }
        if third_person_shape(w) && opens_complement(tokens, j) && !previous_is_determiner(tokens, j) {
            return Some(j);
        }
        // A plural subject takes the base form: "Sessions expire", "Admins approve requests".
        let plural_subject = third_person_shape(tokens[j - 1].word()) && tokens[j - 1].kind == TokenKind::Word;
        if plural_subject && base_form_shape(w) && (opens_complement(tokens, j) || lexicon::is_verb(w)) {
            return Some(j);
        }
    }
    None
}

/// The verb of a relative clause after a copula: "is a function *that returns* …".
fn relative_verb(tokens: &[Token<'_>], copula: usize) -> Option<usize> {
    let that =
        (copula + 1..tokens.len().min(copula + 7)).find(|&k| matches!(tokens[k].word(), "that" | "which" | "who"))?;
    let verb = tokens.get(that + 1)?;
    (open_word(verb) && third_person_shape(verb.word())).then_some(that + 1)
}

/// Whether the copula at `j` opens a passive: "is generated", "are then unblocked".
fn passive(tokens: &[Token<'_>], j: usize) -> bool {
    let mut k = j + 1;
    while tokens
        .get(k)
        .is_some_and(|t| t.word().ends_with("ly") || matches!(t.word(), "then" | "also" | "always" | "only" | "not"))
    {
        k += 1;
    }
    tokens.get(k).is_some_and(|t| {
        let w = t.word();
        t.kind == TokenKind::Word && ((w.ends_with("ed") && w.len() > 4) || lexicon::IRREGULAR_PARTICIPLES.contains(&w))
    })
}

/// "the reads" is a noun phrase: a word right after a determiner is not the verb.
fn previous_is_determiner(tokens: &[Token<'_>], j: usize) -> bool {
    j > 0 && DETERMINERS.contains(&tokens[j - 1].word())
}

/// The base form of a verb in the third person: "returns" → "return", "applies" → "apply",
/// "passes" → "pass", "fetches" → "fetch". A base form is returned as it is.
#[must_use]
pub fn base_form(word: &str) -> String {
    let w = word.to_lowercase();
    match w.as_str() {
        "is" | "are" | "am" => return "be".to_owned(),
        "has" => return "have".to_owned(),
        "does" => return "do".to_owned(),
        _ => {}
    }
    if let Some(base) = lexicon::third_person_base(&w) {
        return base.to_owned();
    }
    if !third_person_shape(&w) {
        return w;
    }
    if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() >= 2) {
        return format!("{stem}y");
    }
    for ending in ["sses", "shes", "ches", "xes", "zes", "oes"] {
        if w.ends_with(ending) {
            return w[..w.len() - 2].to_owned();
        }
    }
    w[..w.len() - 1].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::tokenize;

    #[test]
    fn any_verb_can_open_a_command() {
        for text in [
            "Cook the rice for 10 minutes.",
            "Destroy the session on logout.",
            "Prepare a summary of the meeting.",
            "Place two red blocks on the left.",
            "Flip every lowercase character to uppercase.",
            "Whisk two eggs in a bowl.",
            "Teach me how to write a program.",
            "Look up the weather in Paris.",
            "Obtain its roman numeral equivalent.",
        ] {
            assert!(imperative_at(&tokenize(text), 0), "{text}");
        }
        for text in [
            "Blocks are placed on the left.",
            "Input are two strings.",
            "Algorithm idea is simple.",
            "Users can log in.",
            "Given a list, return it.",
        ] {
            assert!(!imperative_at(&tokenize(text), 0), "{text}");
        }
    }

    #[test]
    fn statements_of_behaviour_find_their_verb() {
        let cases: &[(&str, &str)] = &[
            ("The endpoint returns 404 when the order does not exist.", "returns"),
            ("This function receives an AIP request.", "receives"),
            ("The Generate Report function receives a report request.", "receives"),
            ("Sessions expire after 30 minutes.", "expire"),
            ("Audits data in SIPs or AIPs.", "Audits"),
            ("The security device alerts the driver.", "alerts"),
            ("The report is generated every night.", "is"),
            ("Each rate group has a rate for its tasks.", "has"),
        ];
        for (text, verb) in cases {
            let tokens = tokenize(text);
            let found = descriptive_verb(&tokens, 0).map(|i| tokens[i].text);
            assert_eq!(found, Some(*verb), "{text}");
        }
        for text in ["The idea is simple.", "The reads of the cache.", "The users' sessions."] {
            assert_eq!(descriptive_verb(&tokenize(text), 0), None, "{text}");
        }
    }

    #[test]
    fn base_forms() {
        assert_eq!(base_form("returns"), "return");
        assert_eq!(base_form("applies"), "apply");
        assert_eq!(base_form("passes"), "pass");
        assert_eq!(base_form("fetches"), "fetch");
        assert_eq!(base_form("receives"), "receive");
        assert_eq!(base_form("Audits"), "audit");
        assert_eq!(base_form("expire"), "expire");
    }
}
