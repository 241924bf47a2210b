//! Finding what cannot be made executable in a clause: vague terms, weak modals, options,
//! incompletes, missing quantities, missing actors and unresolved references.

use crate::ir::{AmbiguityKind, Modality};
use crate::lang::lexicon::{self, COMPARATIVES, CONDITION_MARKERS, IRREGULAR_PARTICIPLES, OPTIMISERS};
use crate::lang::{Token, TokenKind};

/// A smell found in a clause, as token indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smell {
    /// Kind of ambiguity.
    pub kind: AmbiguityKind,
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub last: usize,
    /// The clarifying question.
    pub question: String,
    /// Competing readings, when known.
    pub options: Vec<String>,
}

/// The modal verb of a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Modal {
    /// First token of the modal phrase.
    pub first: usize,
    /// One past its last token.
    pub last: usize,
    /// What it means.
    pub modality: Modality,
    /// Whether it is a weak modal (should, may, can …).
    pub weak: bool,
}

/// Lexicon matches: vague terms, options, incompletes. Returns the smells and the mask of
/// tokens to drop from the requirement.
pub fn lexicon_smells(tokens: &[Token<'_>]) -> (Vec<Smell>, Vec<bool>) {
    let mut smells: Vec<Smell> = Vec::new();
    let mut dropped = vec![false; tokens.len()];
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let hit = lexicon::entry_at(tokens, i);
        if let Some(entry) = hit {
            let last = i + entry.words.len();
            // "about 5": keep the number, drop only the hedge.
            let drop_last = if entry.words.last() == Some(&"#") { last - 1 } else { last };
            if entry.drop {
                dropped[i..drop_last].iter_mut().for_each(|d| *d = true);
            }
            // "some reasonable": adjacent words of one kind make one finding.
            if let Some(previous) = smells.last_mut()
                && previous.kind == entry.kind
                && previous.last == i
            {
                previous.last = last;
                i = last;
                continue;
            }
            smells.push(Smell {
                kind: entry.kind,
                first: i,
                last,
                question: entry.question.to_owned(),
                options: Vec::new(),
            });
            i = last;
            continue;
        }
        // An ellipsis written as three full stops, unless it continues a sequence.
        if t.text == "."
            && tokens.get(i + 1).is_some_and(|n| n.text == ".")
            && tokens.get(i + 2).is_some_and(|n| n.text == ".")
            && !lexicon::continues_sequence(tokens, i)
        {
            dropped[i..i + 3].iter_mut().for_each(|d| *d = true);
            smells.push(Smell {
                kind: AmbiguityKind::Incomplete,
                first: i,
                last: i + 3,
                question: "What is left out at \"{}\"?".into(),
                options: Vec::new(),
            });
            i += 3;
            continue;
        }
        i += 1;
    }
    (smells, dropped)
}

/// Finds the first modal phrase at or after `from`, outside dropped tokens.
#[must_use]
pub fn find_modal(tokens: &[Token<'_>], dropped: &[bool], from: usize) -> Option<Modal> {
    (from..tokens.len()).filter(|&i| !dropped[i]).find_map(|i| {
        lexicon::modal_at(tokens, i).map(|(len, modality, weak)| Modal { first: i, last: i + len, modality, weak })
    })
}

/// Determiners that open the subject of a main clause.
const DETERMINER_WORDS: &[&str] =
    &["the", "a", "an", "each", "every", "all", "this", "these", "our", "its", "it", "they", "we"];

/// Token ranges covered by conditions: from a marker to the next comma, or to the end of the
/// clause when the marker comes after the main verb.
#[must_use]
pub fn condition_spans(tokens: &[Token<'_>]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if opens_condition(tokens, i) {
            let mut end = (i + 1..tokens.len())
                .find(|&j| tokens[j].text == "," || is_condition_marker(tokens, j))
                .unwrap_or(tokens.len());
            // "Given a list return its sum": with no comma, the command ends the condition.
            if i == 0
                && end == tokens.len()
                && matches!(tokens[0].word(), "given" | "assuming")
                && let Some(verb) = (2..tokens.len())
                    .find(|&j| lexicon::is_verb(tokens[j].word()) && crate::lang::verbs::imperative_at(tokens, j))
            {
                end = verb;
            }
            // A leading condition with no comma ends where the main clause's subject begins:
            // "WHEN a file is uploaded THE scanner SHALL scan it" (EARS, as often written).
            if i == 0
                && end == tokens.len()
                && let Some(modal) = (1..tokens.len()).find(|&m| lexicon::modal_at(tokens, m).is_some())
                && let Some(subject) = (2..modal).rev().find(|&d| DETERMINER_WORDS.contains(&tokens[d].word()))
            {
                end = subject;
            }
            spans.push((i, end));
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    spans
}

/// Whether token `i` opens a condition ("if", "when" …, or "only if").
#[must_use]
pub fn is_condition_marker(tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    if t.kind != TokenKind::Word || !CONDITION_MARKERS.contains(&t.word()) {
        return false;
    }
    // "once" as a count ("exactly once") is not a condition.
    !(t.word() == "once" && i > 0 && matches!(tokens[i - 1].word(), "exactly" | "only" | "than" | "least" | "most"))
}

/// Whether token `i` opens a condition: a marker word; "given"/"assuming" at the start of a
/// clause ("Given a list of numbers, return …"); or a leading phrase that sets the scene for a
/// command after its comma ("For a given string, flip …", "Out of a list of strings, return …").
fn opens_condition(tokens: &[Token<'_>], i: usize) -> bool {
    if is_condition_marker(tokens, i) {
        return true;
    }
    if i != 0 || tokens[0].kind != TokenKind::Word {
        return false;
    }
    // "WHERE the feature is included, …": an EARS optional-feature condition.
    if matches!(tokens[0].word(), "given" | "assuming" | "where") {
        return true;
    }
    let scene =
        matches!(tokens[0].word(), "for" | "from" | "out" | "in" | "with" | "on" | "by" | "using" | "during" | "to");
    // After the comma, a main clause: a command, a statement, or a subject and its modal.
    scene
        && tokens.iter().take(16).position(|t| t.text == ",").is_some_and(|comma| {
            crate::lang::verbs::imperative_at(tokens, comma + 1)
                || crate::lang::verbs::descriptive_verb(tokens, comma + 1).is_some()
                || (comma + 1..tokens.len()).any(|m| lexicon::modal_at(tokens, m).is_some())
        })
}

/// "X or Y" that leaves the choice open. An "or" inside a condition ("if", "whether") is a
/// precise logical disjunction, and a choice between literal values ("True or False") is
/// concrete, so neither counts; nor do "or not" and "one or more".
pub fn disjunction_smells(tokens: &[Token<'_>], dropped: &[bool], conditions: &[(usize, usize)]) -> Vec<Smell> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.is("or") || dropped[i] || i == 0 || i + 1 >= tokens.len() {
            continue;
        }
        if conditions.iter().any(|&(a, b)| a < i && i < b) {
            continue;
        }
        let (prev, next) = (&tokens[i - 1], &tokens[i + 1]);
        if matches!(
            next.word(),
            "not"
                | "more"
                | "less"
                | "fewer"
                | "greater"
                | "higher"
                | "lower"
                | "larger"
                | "smaller"
                | "equal"
                | "above"
                | "below"
        ) || prev.text == "," && i >= 2 && is_concrete(&tokens[i - 2])
        {
            continue;
        }
        if (is_concrete(prev) && is_concrete(next)) || tokens[..i].iter().any(|t| t.is("whether")) {
            continue;
        }
        // Fixed phrases with an exact meaning: "on or before the due date", "at or above",
        // "or vice versa"; and an "or" between punctuation characters (". or ,"), which names them.
        let fixed = matches!(prev.word(), "on" | "at" | "in" | "by")
            && matches!(next.word(), "before" | "after" | "above" | "below" | "later" | "earlier");
        let vice_versa = matches!(next.word(), "vice" | "vise");
        if fixed || vice_versa || next.kind == TokenKind::Punct && next.text != "(" {
            continue;
        }
        // A description of the input is exact ("separated by commas or spaces") unless its
        // alternatives are opposites ("sorted ascending or descending"): a different program each.
        let next_word = tokens[i + 1..].iter().find(|t| t.kind == TokenKind::Word).map_or("", |t| t.word());
        let prev_word = tokens[..i].iter().rev().find(|t| t.kind == TokenKind::Word).map_or("", |t| t.word());
        if describes(tokens, i) && !lexicon::opposites(prev_word, next_word) {
            continue;
        }
        out.push(Smell {
            kind: AmbiguityKind::Optionality,
            first: i - 1,
            last: i + 2,
            question: "Which applies in \"{}\": one of them (which, and when), or either?".into(),
            options: vec![prev.text.to_owned(), next.text.to_owned()],
        });
    }
    out
}

/// Whether the "or" at `i` sits in a description of what is given rather than in what is to be
/// done. Reading back from the first alternative, the nearest verb decides: a verb of input
/// ("*takes* integers, floats or strings", "*consist* of '(' or ')'", "*assume* it is correct
/// or empty"), a participle that modifies a noun ("words *separated* by commas or spaces"), or a
/// relative pronoun after a noun ("integers *that* start or end with 1") makes the disjunction
/// say what the input may be — every case must be handled, so it is exact. Any other verb
/// ("*return* the smallest or largest", "a function that *returns* …") puts it in the
/// response, where it is the implementer's choice, and it stays optionality.
fn describes(tokens: &[Token<'_>], i: usize) -> bool {
    const INPUT_VERBS: &[&str] = &[
        "take",
        "takes",
        "taking",
        "receive",
        "receives",
        "receiving",
        "accept",
        "accepts",
        "accepting",
        "contain",
        "contains",
        "containing",
        "consist",
        "consists",
        "consisting",
        "represent",
        "represents",
        "representing",
        "assume",
        "assuming",
        "composed",
    ];
    const AUXILIARIES: &[&str] =
        &["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "get", "gets"];
    let after_noun = |k: usize| {
        k > 0
            && tokens[k - 1].kind == TokenKind::Word
            && !lexicon::is_verb(tokens[k - 1].word())
            && !crate::lang::is_stop_word(tokens[k - 1].word())
            && !AUXILIARIES.contains(&tokens[k - 1].word())
            && lexicon::modal_at(tokens, k - 1).is_none()
    };
    for k in (0..i.saturating_sub(1)).rev() {
        let t = &tokens[k];
        if t.kind != TokenKind::Word {
            continue;
        }
        let w = t.word();
        if INPUT_VERBS.contains(&w) {
            return true;
        }
        if matches!(w, "that" | "which" | "who" | "whose" | "whom") {
            // "a triangle in which …": the relative may follow a preposition after the noun.
            let preposition = k > 1 && w != "that" && crate::lang::is_stop_word(tokens[k - 1].word());
            return after_noun(k) || (preposition && after_noun(k - 1));
        }
        let participle = w.len() > 4 && w.ends_with("ed") && !lexicon::is_verb(w);
        if participle && after_noun(k) {
            return true;
        }
        // A copula or auxiliary only links: the verb before it governs ("assume the input is
        // correct or empty"). A word after a preposition or determiner is not a finite verb
        // ("consist of open parentheses").
        if AUXILIARIES.contains(&w) {
            continue;
        }
        let finite = k == 0
            || !matches!(
                tokens[k - 1].word(),
                "a" | "an"
                    | "the"
                    | "of"
                    | "in"
                    | "on"
                    | "at"
                    | "by"
                    | "for"
                    | "with"
                    | "from"
                    | "into"
                    | "its"
                    | "their"
            );
        if participle
            || lexicon::modal_at(tokens, k).is_some()
            || (finite && (lexicon::is_verb(w) || lexicon::third_person_base(w).is_some()))
        {
            return false;
        }
    }
    false
}

/// A value rather than a description: a literal, a number, a name in capitals ("PATCH",
/// "DELETE", "JSON"), or a boolean or null name.
fn is_concrete(t: &Token<'_>) -> bool {
    let capitals = t.text.len() >= 2 && t.text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    capitals
        || matches!(t.kind, TokenKind::Literal | TokenKind::Number)
        || matches!(t.word(), "true" | "false" | "none" | "null" | "nil" | "yes" | "no" | "empty" | "zero")
}

/// Comparatives with no baseline and optimisation verbs with no target. (Actions that need a
/// number — retry, time out, limit — are the frame table's, in `frames.rs`.)
pub fn quantity_smells(tokens: &[Token<'_>], dropped: &[bool]) -> Vec<Smell> {
    let mut out = Vec::new();
    let has_number = tokens.iter().any(|t| t.kind == TokenKind::Number);
    let has_than = |from: usize| tokens[from..].iter().any(|t| t.is("than") || t.is("as"));
    for (i, t) in tokens.iter().enumerate() {
        if dropped[i] || t.kind != TokenKind::Word {
            continue;
        }
        let w = t.word();
        let question = if COMPARATIVES.contains(&w) && !has_than(i) && !has_number {
            Some(format!("{} than what? Give the baseline and the target as numbers.", capitalise(w)))
        } else if OPTIMISERS.contains(&w) {
            Some("What target or bound, as a number, does \"{}\" aim for?".to_owned())
        } else {
            None
        };
        if let Some(question) = question {
            out.push(Smell {
                kind: AmbiguityKind::MissingQuantity,
                first: i,
                last: i + 1,
                question,
                options: Vec::new(),
            });
        }
    }
    out
}

/// Placeholders a template left unfilled: `[NEEDS CLARIFICATION: …]`, `[FEATURE NAME]`,
/// `<describe the endpoint>`, `???`, `XXX`, "lorem ipsum". Each blocks: no one can implement
/// a blank.
#[must_use]
pub fn placeholder_smells(text: &str, tokens: &[Token<'_>]) -> Vec<Smell> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // [NEEDS CLARIFICATION …], [ALL CAPS NAME]
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(open) = text[i..].find('[').map(|k| k + i) {
        let Some(close) = text[open..].find(']').map(|k| k + open) else { break };
        let inner = &text[open + 1..close];
        let letters: Vec<char> = inner.chars().filter(|c| c.is_alphabetic()).collect();
        // A name in capitals, not a list of values (`['A+', 'B']`).
        let shouting = letters.len() >= 3
            && letters.iter().all(|c| c.is_uppercase())
            && inner.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '_' | '-' | '/'));
        if inner.trim_start().starts_with("NEEDS CLARIFICATION") || shouting {
            spans.push((open, close + 1));
        }
        i = close + 1;
    }
    // <describe the endpoint>: words in angle brackets, not a tag or a generic type.
    let mut i = 0;
    while let Some(open) = text[i..].find('<').map(|k| k + i) {
        let Some(close) = text[open..].find('>').map(|k| k + open) else { break };
        let inner = &text[open + 1..close];
        let words = inner.split_whitespace().count();
        if words >= 2 && inner.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_' || c == ',') {
            spans.push((open, close + 1));
        }
        i = close + 1;
    }
    for (k, _) in text.match_indices("???") {
        if !spans.iter().any(|&(a, b)| a <= k && k < b) {
            spans.push((k, k + 3));
        }
    }
    let _ = bytes;
    let lower = text.to_lowercase();
    if let Some(k) = lower.find("lorem ipsum") {
        spans.push((k, k + "lorem ipsum".len()));
    }
    for t in tokens {
        if t.kind == TokenKind::Word && t.text == "XXX" {
            spans.push((t.start, t.end));
        }
    }
    spans.sort_unstable();
    spans.dedup();
    spans
        .into_iter()
        .filter_map(|(a, b)| {
            let first = tokens.iter().position(|t| t.end > a)?;
            let last = tokens.iter().rposition(|t| t.start < b).map_or(first + 1, |l| l + 1).max(first + 1);
            Some(Smell {
                kind: AmbiguityKind::Incomplete,
                first,
                last,
                question: "The template's placeholder \"{}\" was never filled in: what goes here?".into(),
                options: Vec::new(),
            })
        })
        .collect()
}

/// A symbol that stands for a number nobody defines: "appears K times", "the top N results",
/// with no "K is …" or "N = …" anywhere in the spec (`defined`).
#[must_use]
pub fn undefined_symbols(tokens: &[Token<'_>], defined: &dyn Fn(&str) -> bool) -> Vec<Smell> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let symbol =
            t.text.len() == 1 && t.text.chars().all(|c| c.is_ascii_uppercase()) && !matches!(t.text, "A" | "I");
        if !symbol || defined(t.text) {
            continue;
        }
        let counts = tokens
            .get(i + 1)
            .is_some_and(|n| n.kind == TokenKind::Word && !crate::lang::verbs::is_function_word(n.word()))
            || (i > 0 && matches!(tokens[i - 1].word(), "top" | "first" | "last" | "every" | "most" | "least"));
        if counts {
            out.push(Smell {
                kind: AmbiguityKind::MissingQuantity,
                first: i,
                last: i + 1,
                question: "What number is \"{}\"? The spec never says.".into(),
                options: Vec::new(),
            });
        }
    }
    out
}

/// A result that is one of many: "Return a common divisor", "Find an element of the list" —
/// which one? A command to produce something asked for with "a", "an" or "any" leaves the
/// choice open, unless the noun is a kind of value that the rest describes ("a list of …",
/// "a string containing …") or a word pins the one meant ("the largest", "a single", "the
/// first").
#[must_use]
pub fn indefinite_results(tokens: &[Token<'_>], action: usize) -> Vec<Smell> {
    const PRODUCERS: &[&str] =
        &["return", "find", "pick", "choose", "select", "get", "output", "give", "compute", "calculate"];
    const KINDS: &[&str] = &[
        "list",
        "tuple",
        "string",
        "dict",
        "dictionary",
        "set",
        "array",
        "number",
        "integer",
        "float",
        "boolean",
        "bool",
        "value",
        "copy",
        "new",
        "sorted",
        "json",
        "object",
        "map",
        "message",
        "error",
        "report",
        "summary",
        "table",
        "count",
        "sum",
        "product",
        "pair",
        "response",
        "file",
        "result",
        "sequence",
        "vector",
        "matrix",
        "function",
    ];
    let Some(verb) = tokens.get(action) else { return Vec::new() };
    if !PRODUCERS.contains(&crate::lang::verbs::base_form(verb.word()).as_str()) {
        return Vec::new();
    }
    if !tokens.get(action + 1).is_some_and(|t| t.kind == TokenKind::Word && matches!(t.word(), "a" | "an" | "any")) {
        return Vec::new();
    }
    let noun_phrase: Vec<&Token<'_>> = tokens[action + 2..]
        .iter()
        .take_while(|t| t.kind == TokenKind::Word && !crate::lang::verbs::is_function_word(t.word()))
        .take(4)
        .collect();
    let pinned = noun_phrase.iter().any(|t| {
        let w = t.word();
        KINDS.contains(&w) || w.ends_with("est") || matches!(w, "single" | "unique" | "only" | "first" | "last" | "new")
    });
    if noun_phrase.is_empty() || pinned {
        return Vec::new();
    }
    let last = action + 2 + noun_phrase.len();
    vec![Smell {
        kind: AmbiguityKind::VagueTerm,
        first: action + 1,
        last,
        question: format!(
            "Which one: \"{{}}\" may be any of several; what decides which {} is meant?",
            noun_phrase.last().map_or("", |t| t.text)
        ),
        options: Vec::new(),
    }]
}

/// A modifier after two coordinated nouns, whose scope is open: "admins and users with a
/// verified email", "orders and refunds over $100" — does it apply to both?
#[must_use]
pub fn coordination_scope(tokens: &[Token<'_>]) -> Vec<Smell> {
    let plural = |t: &Token<'_>| {
        let w = t.word();
        t.kind == TokenKind::Word
            && w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !crate::lang::verbs::is_function_word(w)
    };
    let mut out = Vec::new();
    for i in 1..tokens.len().saturating_sub(2) {
        let (left, conj, right, modifier) = (&tokens[i - 1], &tokens[i], &tokens[i + 1], &tokens[i + 2]);
        let opens_modifier = matches!(
            modifier.word(),
            "with" | "without" | "over" | "under" | "above" | "below" | "who" | "whose" | "older" | "newer" | "from"
        );
        if (conj.is("and") || conj.is("or")) && plural(left) && plural(right) && opens_modifier {
            let end = (i + 3..tokens.len()).find(|&j| tokens[j].kind == TokenKind::Punct).unwrap_or(tokens.len());
            let phrase: Vec<&str> = tokens[i + 2..end].iter().map(|t| t.text).collect();
            out.push(Smell {
                kind: AmbiguityKind::Other,
                first: i - 1,
                last: end,
                question: format!(
                    "Does \"{}\" apply to \"{}\" as well as to \"{}\"?",
                    phrase.join(" "),
                    left.text,
                    right.text
                ),
                options: vec![format!("both {} and {}", left.text, right.text), format!("{} only", right.text)],
            });
        }
    }
    out
}

/// A sentence that stops on a function word ("Your goal is to") or an open bracket.
#[must_use]
pub fn dangling_end(tokens: &[Token<'_>]) -> Option<Smell> {
    // A clause that ends with a colon introduces what follows it (a list, a quote, a table):
    // "Reject the request when:" is complete.
    if tokens.last().is_some_and(|t| t.text == ":") {
        return None;
    }
    let terminal = |t: &Token<'_>| t.kind == TokenKind::Punct && matches!(t.text, "." | "!" | "?" | ";" | ":");
    let last = tokens.iter().rposition(|t| !terminal(t))?;
    let t = &tokens[last];
    let dangling = (t.kind == TokenKind::Punct && matches!(t.text, "(" | "[" | "{"))
        || (t.kind == TokenKind::Word
            && matches!(
                t.word(),
                // A preposition may end an English sentence ("what it consists of"); a
                // determiner, a conjunction or "to" may not.
                "to" | "the"
                    | "a"
                    | "an"
                    | "and"
                    | "or"
                    | "than"
                    | "if"
                    | "when"
                    | "whose"
                    | "such"
                    | "because"
                    | "but"
            ));
    dangling.then(|| Smell {
        kind: AmbiguityKind::Incomplete,
        first: last.saturating_sub(2),
        last: last + 1,
        question: "The sentence stops at \"{}\": what is missing?".into(),
        options: Vec::new(),
    })
}

/// Passive voice after a modal with no agent: "must be stored" — stored by whom?
#[must_use]
pub fn passive_without_agent(tokens: &[Token<'_>], modal: &Modal) -> Option<Smell> {
    let be = tokens.get(modal.last)?;
    if !be.is("be") {
        return None;
    }
    let participle = tokens.get(modal.last + 1)?;
    let w = participle.word();
    let is_participle = participle.kind == TokenKind::Word
        && ((w.ends_with("ed") && w.len() > 4) || IRREGULAR_PARTICIPLES.contains(&w));
    let has_agent = tokens[modal.last + 2..].iter().any(|t| t.is("by"));
    (is_participle && !has_agent).then(|| Smell {
        kind: AmbiguityKind::MissingActor,
        first: modal.first,
        last: modal.last + 2,
        question: "Who or what does this: \"{}\" names no one.".into(),
        options: Vec::new(),
    })
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
