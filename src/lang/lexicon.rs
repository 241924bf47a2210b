//! Word lists of the rules translator.
//!
//! Written for ire from the categories of two public references, not copied from any list:
//! ISO/IEC/IEEE 29148:2018 §5.2.7 (requirements language to avoid: superlatives, subjective
//! language, vague pronouns, ambiguous adverbs and adjectives, open-ended and non-verifiable
//! terms, comparatives without a baseline, loopholes, incomplete references) and the NASA
//! Automated Requirement Measurement tool's quality indicators (imperatives, options, weak
//! phrases, incompletes). The words are everyday English of each category.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use super::tokens::{Token, TokenKind};
use crate::ir::{AmbiguityKind, Modality};

/// A phrase that makes a clause ambiguous, with what to do about it.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// Lowercase words; `"#"` matches any number.
    pub words: &'static [&'static str],
    /// The kind of ambiguity.
    pub kind: AmbiguityKind,
    /// Whether the words are dropped from the requirement (they carry no executable meaning).
    pub drop: bool,
    /// The clarifying question; `{}` is replaced by the quote.
    pub question: &'static str,
}

const fn e(words: &'static [&'static str], kind: AmbiguityKind, question: &'static str) -> Entry {
    Entry { words, kind, drop: true, question }
}

const fn keep(words: &'static [&'static str], kind: AmbiguityKind, question: &'static str) -> Entry {
    Entry { words, kind, drop: false, question }
}

use AmbiguityKind::{Incomplete, MissingQuantity, Optionality, VagueTerm};

const MEASURE: &str = "What measurable value does \"{}\" stand for?";
const WHICH: &str = "Which one exactly: what does \"{}\" refer to?";
const HOW_OFTEN: &str = "How often, exactly, is \"{}\"?";
const WHEN: &str = "Under which exact condition does \"{}\" apply?";
const LIST: &str = "What is the complete list that \"{}\" leaves open?";
const TBD: &str = "What is the missing value or decision marked \"{}\"?";

/// Vague terms, loopholes, open-ended phrases and incompletes, longest phrases first
/// within each group so that the matcher prefers them.
pub const ENTRIES: &[Entry] = &[
    // Incompletes (ARM "incomplete"; ISO "incomplete references").
    e(&["to", "be", "determined"], Incomplete, TBD),
    e(&["to", "be", "decided"], Incomplete, TBD),
    e(&["to", "be", "defined"], Incomplete, TBD),
    e(&["to", "be", "confirmed"], Incomplete, TBD),
    e(&["to", "be", "specified"], Incomplete, TBD),
    e(&["not", "yet", "defined"], Incomplete, TBD),
    e(&["not", "yet", "decided"], Incomplete, TBD),
    e(&["tbd"], Incomplete, TBD),
    e(&["tbc"], Incomplete, TBD),
    e(&["tbs"], Incomplete, TBD),
    e(&["tba"], Incomplete, TBD),
    e(&["tbr"], Incomplete, TBD),
    e(&["todo"], Incomplete, TBD),
    e(&["fixme"], Incomplete, TBD),
    e(&["etc"], Incomplete, LIST),
    e(&["and", "so", "on"], Incomplete, LIST),
    e(&["and", "so", "forth"], Incomplete, LIST),
    e(&["and", "the", "like"], Incomplete, LIST),
    e(&["among", "others"], Incomplete, LIST),
    e(&["but", "not", "limited", "to"], Incomplete, LIST),
    e(&["as", "a", "minimum"], Incomplete, LIST),
    e(&["at", "a", "minimum"], Incomplete, LIST),
    e(&["…"], Incomplete, LIST),
    // Loopholes and options (ISO "loopholes"; ARM "options" and "weak phrases").
    e(&["if", "possible"], Optionality, WHEN),
    e(&["where", "possible"], Optionality, WHEN),
    e(&["whenever", "possible"], Optionality, WHEN),
    e(&["when", "possible"], Optionality, WHEN),
    e(&["if", "practical"], Optionality, WHEN),
    e(&["where", "practical"], Optionality, WHEN),
    e(&["if", "feasible"], Optionality, WHEN),
    e(&["if", "needed"], Optionality, WHEN),
    e(&["if", "necessary"], Optionality, WHEN),
    e(&["when", "necessary"], Optionality, WHEN),
    e(&["where", "necessary"], Optionality, WHEN),
    e(&["if", "desired"], Optionality, WHEN),
    e(&["if", "appropriate"], Optionality, WHEN),
    e(&["where", "appropriate"], Optionality, WHEN),
    e(&["as", "appropriate"], Optionality, WHEN),
    e(&["as", "applicable"], Optionality, WHEN),
    e(&["if", "applicable"], Optionality, WHEN),
    e(&["where", "applicable"], Optionality, WHEN),
    e(&["as", "needed"], Optionality, WHEN),
    e(&["as", "required"], Optionality, WHEN),
    e(&["as", "necessary"], Optionality, WHEN),
    e(&["as", "desired"], Optionality, WHEN),
    e(&["and/or"], Optionality, "Both, or either one: which does \"{}\" mean?"),
    e(&["optionally"], Optionality, "Is this required or not: what decides \"{}\"?"),
    e(&["optional"], Optionality, "Is this required or not: what decides \"{}\"?"),
    e(&["or", "otherwise"], Optionality, LIST),
    e(&["or", "other"], Optionality, LIST),
    e(&["or", "others"], Optionality, LIST),
    e(&["or", "another"], Optionality, LIST),
    e(&["or", "something", "else"], Optionality, LIST),
    e(&["or", "similar"], Optionality, LIST),
    e(&["or", "so"], VagueTerm, MEASURE),
    // Open-ended examples standing in for a rule (ISO "open-ended, non-verifiable terms").
    e(&["e.g"], VagueTerm, LIST),
    e(&["eg"], VagueTerm, LIST),
    e(&["such", "as"], VagueTerm, LIST),
    // Indefinite determiners: which ones, how many?
    e(&["a", "certain"], VagueTerm, WHICH),
    e(&["certain"], VagueTerm, WHICH),
    e(&["some", "kind", "of"], VagueTerm, WHICH),
    e(&["some", "sort", "of"], VagueTerm, WHICH),
    e(&["some"], VagueTerm, WHICH),
    e(&["several"], VagueTerm, MEASURE),
    e(&["various"], VagueTerm, WHICH),
    e(&["numerous"], VagueTerm, MEASURE),
    e(&["a", "number", "of"], VagueTerm, MEASURE),
    e(&["a", "few"], VagueTerm, MEASURE),
    e(&["a", "lot", "of"], VagueTerm, MEASURE),
    e(&["lots", "of"], VagueTerm, MEASURE),
    e(&["many"], VagueTerm, MEASURE),
    e(&["specific"], VagueTerm, WHICH),
    e(&["particular"], VagueTerm, WHICH),
    // Subjective and non-verifiable qualities (ISO "subjective language").
    e(&["user-friendly"], VagueTerm, MEASURE),
    e(&["user", "friendly"], VagueTerm, MEASURE),
    e(&["easy", "to", "use"], VagueTerm, MEASURE),
    e(&["state", "of", "the", "art"], VagueTerm, MEASURE),
    e(&["state-of-the-art"], VagueTerm, MEASURE),
    e(&["best", "effort"], VagueTerm, MEASURE),
    e(&["best-effort"], VagueTerm, MEASURE),
    e(&["in", "a", "timely", "manner"], VagueTerm, MEASURE),
    e(&["as", "soon", "as", "possible"], VagueTerm, MEASURE),
    e(&["as", "much", "as", "possible"], VagueTerm, MEASURE),
    e(&["as", "fast", "as", "possible"], VagueTerm, MEASURE),
    e(&["as", "quickly", "as", "possible"], VagueTerm, MEASURE),
    e(&["reasonable"], VagueTerm, MEASURE),
    e(&["reasonably"], VagueTerm, MEASURE),
    e(&["appropriate"], VagueTerm, MEASURE),
    e(&["appropriately"], VagueTerm, MEASURE),
    e(&["adequate"], VagueTerm, MEASURE),
    e(&["adequately"], VagueTerm, MEASURE),
    e(&["sufficient"], VagueTerm, MEASURE),
    e(&["sufficiently"], VagueTerm, MEASURE),
    e(&["suitable"], VagueTerm, MEASURE),
    e(&["proper"], VagueTerm, MEASURE),
    e(&["properly"], VagueTerm, MEASURE),
    e(&["acceptable"], VagueTerm, MEASURE),
    e(&["satisfactory"], VagueTerm, MEASURE),
    e(&["relevant"], VagueTerm, WHICH),
    e(&["significant"], VagueTerm, MEASURE),
    e(&["significantly"], VagueTerm, MEASURE),
    e(&["substantial"], VagueTerm, MEASURE),
    e(&["minimal"], VagueTerm, MEASURE),
    e(&["optimal"], VagueTerm, MEASURE),
    e(&["optimally"], VagueTerm, MEASURE),
    e(&["efficient"], VagueTerm, MEASURE),
    e(&["efficiently"], VagueTerm, MEASURE),
    e(&["effective"], VagueTerm, MEASURE),
    e(&["effectively"], VagueTerm, MEASURE),
    e(&["robust"], VagueTerm, MEASURE),
    e(&["robustly"], VagueTerm, MEASURE),
    e(&["flexible"], VagueTerm, MEASURE),
    e(&["scalable"], VagueTerm, MEASURE),
    e(&["seamless"], VagueTerm, MEASURE),
    e(&["seamlessly"], VagueTerm, MEASURE),
    e(&["intuitive"], VagueTerm, MEASURE),
    e(&["intuitively"], VagueTerm, MEASURE),
    e(&["easy"], VagueTerm, MEASURE),
    e(&["easily"], VagueTerm, MEASURE),
    e(&["simple"], VagueTerm, MEASURE),
    e(&["fast"], VagueTerm, MEASURE),
    e(&["quick"], VagueTerm, MEASURE),
    e(&["quickly"], VagueTerm, MEASURE),
    e(&["slow"], VagueTerm, MEASURE),
    e(&["slowly"], VagueTerm, MEASURE),
    e(&["promptly"], VagueTerm, MEASURE),
    e(&["timely"], VagueTerm, MEASURE),
    e(&["soon"], VagueTerm, MEASURE),
    e(&["large"], VagueTerm, MEASURE),
    e(&["huge"], VagueTerm, MEASURE),
    e(&["small"], VagueTerm, MEASURE),
    e(&["tiny"], VagueTerm, MEASURE),
    e(&["good"], VagueTerm, MEASURE),
    // Superlatives with no criterion (ISO 29148 "superlatives"): best by what measure?
    e(&["best"], VagueTerm, "Best by which measure, exactly: what does \"{}\" rank by?"),
    e(&["ideal"], VagueTerm, MEASURE),
    e(&["perfect"], VagueTerm, MEASURE),
    e(&["ultimate"], VagueTerm, MEASURE),
    e(&["nice"], VagueTerm, MEASURE),
    e(&["normally"], VagueTerm, HOW_OFTEN),
    e(&["secure"], VagueTerm, MEASURE),
    e(&["securely"], VagueTerm, MEASURE),
    e(&["reliable"], VagueTerm, MEASURE),
    e(&["reliably"], VagueTerm, MEASURE),
    e(&["high-quality"], VagueTerm, MEASURE),
    e(&["high", "quality"], VagueTerm, MEASURE),
    e(&["high", "performance"], VagueTerm, MEASURE),
    e(&["high-performance"], VagueTerm, MEASURE),
    // Ambiguous adverbs of frequency and degree (ISO "ambiguous adverbs").
    e(&["usually"], VagueTerm, HOW_OFTEN),
    e(&["typically"], VagueTerm, HOW_OFTEN),
    e(&["generally"], VagueTerm, HOW_OFTEN),
    e(&["often"], VagueTerm, HOW_OFTEN),
    e(&["sometimes"], VagueTerm, HOW_OFTEN),
    e(&["occasionally"], VagueTerm, HOW_OFTEN),
    e(&["rarely"], VagueTerm, HOW_OFTEN),
    e(&["mostly"], VagueTerm, HOW_OFTEN),
    e(&["almost", "always"], VagueTerm, HOW_OFTEN),
    e(&["nearly", "always"], VagueTerm, HOW_OFTEN),
    e(&["frequently"], MissingQuantity, HOW_OFTEN),
    e(&["periodically"], MissingQuantity, HOW_OFTEN),
    e(&["regularly"], MissingQuantity, HOW_OFTEN),
    e(&["approximately"], VagueTerm, "Within what tolerance: what does \"{}\" allow?"),
    e(&["roughly"], VagueTerm, "Within what tolerance: what does \"{}\" allow?"),
    e(&["about", "#"], VagueTerm, "Within what tolerance: what does \"{}\" allow?"),
    e(&["around", "#"], VagueTerm, "Within what tolerance: what does \"{}\" allow?"),
    e(&["nearly"], VagueTerm, "Within what tolerance: what does \"{}\" allow?"),
    e(&["almost"], VagueTerm, "Within what tolerance: what does \"{}\" allow?"),
    // Words that promise capability without behaviour (ARM "weak phrases").
    keep(&["be", "able", "to"], VagueTerm, "What exactly must happen, and when: \"{}\" only states a capability."),
    keep(&["be", "capable", "of"], VagueTerm, "What exactly must happen, and when: \"{}\" only states a capability."),
    keep(&["provide", "support", "for"], VagueTerm, "What behaviour does \"{}\" require?"),
    keep(&["support", "for"], VagueTerm, "What behaviour does \"{}\" require?"),
];

static BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<&'static Entry>>> = LazyLock::new(|| {
    let mut map: HashMap<&str, Vec<&Entry>> = HashMap::default();
    for entry in ENTRIES {
        map.entry(entry.words[0]).or_default().push(entry);
    }
    for entries in map.values_mut() {
        entries.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
    }
    map
});

fn matches_at(tokens: &[Token<'_>], at: usize, words: &[&str]) -> bool {
    at + words.len() <= tokens.len()
        && words.iter().zip(&tokens[at..]).all(|(w, t)| {
            if *w == "#" { t.kind == TokenKind::Number } else { t.kind != TokenKind::Literal && t.word() == *w }
        })
}

/// The longest lexicon entry that matches at token `at`, unless the context makes the words
/// precise: a vague word that the number after it pins down ("a small limit of 5 MB"), a word
/// asked about ("how many", "how quickly"), an ellipsis that continues a given sequence.
#[must_use]
pub fn entry_at(tokens: &[Token<'_>], at: usize) -> Option<&'static Entry> {
    let t = tokens.get(at)?;
    let entry = (t.kind != TokenKind::Literal)
        .then(|| BY_FIRST_WORD.get(t.word()))
        .flatten()
        .and_then(|entries| entries.iter().copied().find(|e| matches_at(tokens, at, e.words)))?;
    let asked = at > 0 && tokens[at - 1].is("how");
    let pinned = entry.kind == AmbiguityKind::VagueTerm
        && entry.words.len() == 1
        && tokens[at + 1..]
            .iter()
            .take(6)
            .take_while(|t| t.kind != TokenKind::Punct)
            .any(|t| t.kind == TokenKind::Number);
    let sequence = entry.words == ["…"] && continues_sequence(tokens, at);
    // "the TODO list", "a TBD column": the word names a thing, it is not a blank.
    let named = entry.kind == AmbiguityKind::Incomplete
        && entry.words.len() == 1
        && tokens.get(at + 1).is_some_and(|n| {
            n.kind == TokenKind::Word
                && n.word().chars().all(char::is_alphabetic)
                && !super::words::is_stop_word(n.word())
        });
    (!(asked || pinned || sequence || named)).then_some(entry)
}

/// Whether an ellipsis at `i` continues a sequence whose pattern is given ("1, 2, 3, …",
/// "xs[0] + xs[1] * x + …"): it follows a number, a literal, an operator or a comma, with at
/// least two numbers or literals before it. Then nothing is left out.
#[must_use]
pub fn continues_sequence(tokens: &[Token<'_>], i: usize) -> bool {
    let Some(previous) = i.checked_sub(1).map(|p| &tokens[p]) else { return false };
    let values = tokens[..i].iter().filter(|t| matches!(t.kind, TokenKind::Number | TokenKind::Literal)).count();
    let after_value = matches!(previous.kind, TokenKind::Number | TokenKind::Literal)
        || (previous.kind == TokenKind::Punct
            && matches!(previous.text, "," | "+" | "-" | "*" | "/" | "^" | "=" | "]" | ")"))
        || previous.word().chars().count() == 1;
    after_value && values >= 2
}

/// A text without the words that carry no executable meaning (the entries that the rules
/// translator drops: "quickly", "some reasonable", "as needed"), so that what a model copied
/// from a vague spec does not survive the round trip either. Numbers are kept.
#[must_use]
pub fn strip_vague(text: &str) -> String {
    let tokens = super::tokenize(text);
    let mut keep = vec![true; tokens.len()];
    let mut i = 0;
    while i < tokens.len() {
        match entry_at(&tokens, i).filter(|e| e.drop) {
            Some(e) => {
                for (k, w) in e.words.iter().enumerate() {
                    keep[i + k] = *w == "#";
                }
                i += e.words.len();
            }
            None => i += 1,
        }
    }
    let mut out = String::new();
    let mut last_end: Option<usize> = None;
    for (t, kept) in tokens.iter().zip(keep) {
        if kept {
            if let Some(end) = last_end
                && (text[end..t.start].chars().any(char::is_whitespace) || !out.ends_with(' '))
                && t.kind != TokenKind::Punct
            {
                out.push(' ');
            }
            out.push_str(t.text);
        }
        last_end = Some(t.end);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Comparatives that need a baseline ("faster than what?").
pub const COMPARATIVES: &[&str] = &[
    "faster",
    "slower",
    "better",
    "worse",
    "higher",
    "lower",
    "larger",
    "smaller",
    "bigger",
    "greater",
    "longer",
    "shorter",
    "cheaper",
    "easier",
    "harder",
    "quicker",
    "improved",
    "increased",
    "reduced",
    "enhanced",
];

/// Verbs of optimisation that name a direction but no target.
pub const OPTIMISERS: &[&str] = &["minimize", "minimise", "maximize", "maximise", "optimize", "optimise"];

/// Modal verbs, longest first: (words, modality, weak?).
pub const MODALS: &[(&[&str], Modality, bool)] = &[
    (&["must", "never"], Modality::MustNot, false),
    (&["must", "not"], Modality::MustNot, false),
    (&["shall", "never"], Modality::MustNot, false),
    (&["shall", "not"], Modality::MustNot, false),
    (&["will", "never"], Modality::MustNot, false),
    (&["will", "not"], Modality::MustNot, false),
    (&["cannot"], Modality::MustNot, false),
    (&["can", "not"], Modality::MustNot, false),
    (&["can't"], Modality::MustNot, false),
    (&["mustn't"], Modality::MustNot, false),
    (&["shan't"], Modality::MustNot, false),
    (&["won't"], Modality::MustNot, false),
    (&["may", "not"], Modality::MustNot, false),
    (&["is", "not", "allowed", "to"], Modality::MustNot, false),
    (&["are", "not", "allowed", "to"], Modality::MustNot, false),
    (&["is", "forbidden", "to"], Modality::MustNot, false),
    (&["should", "never"], Modality::ShouldNot, true),
    (&["should", "not"], Modality::ShouldNot, true),
    (&["shouldn't"], Modality::ShouldNot, true),
    (&["is", "required", "to"], Modality::Must, false),
    (&["are", "required", "to"], Modality::Must, false),
    (&["has", "to"], Modality::Must, false),
    (&["have", "to"], Modality::Must, false),
    (&["needs", "to"], Modality::Must, false),
    (&["need", "to"], Modality::Must, false),
    (&["is", "to"], Modality::Must, false),
    (&["are", "to"], Modality::Must, false),
    (&["must", "always"], Modality::Must, false),
    (&["shall", "always"], Modality::Must, false),
    (&["must"], Modality::Must, false),
    (&["shall"], Modality::Must, false),
    (&["will"], Modality::Must, false),
    (&["should"], Modality::Should, true),
    (&["ought", "to"], Modality::Should, true),
    (&["is", "recommended", "to"], Modality::Should, true),
    (&["may"], Modality::May, true),
    (&["might"], Modality::May, true),
    (&["could"], Modality::May, true),
    (&["can"], Modality::May, true),
    (&["is", "allowed", "to"], Modality::May, true),
    (&["are", "allowed", "to"], Modality::May, true),
];

/// Words that open a condition.
pub const CONDITION_MARKERS: &[&str] = &[
    "if", "when", "whenever", "unless", "before", "after", "until", "while", "once", "within", "during", "provided",
    "except", "upon", "whether",
];

/// Verbs that open an imperative requirement ("Return the sum.").
///
/// A closed list, because without a tagger a capitalised first word could be any part of
/// speech; these are the common verbs of software requirements.
pub const IMPERATIVE_VERBS: &[&str] = &[
    "accept",
    "add",
    "alert",
    "allow",
    "analyse",
    "analyze",
    "appear",
    "append",
    "apply",
    "approve",
    "archive",
    "arrive",
    "assume",
    "authenticate",
    "become",
    "belong",
    "block",
    "book",
    "bring",
    "build",
    "buy",
    "cache",
    "calculate",
    "call",
    "cancel",
    "change",
    "check",
    "choose",
    "clean",
    "clear",
    "close",
    "collect",
    "compare",
    "compile",
    "compose",
    "compress",
    "compute",
    "concatenate",
    "configure",
    "connect",
    "consider",
    "consist",
    "contain",
    "convert",
    "copy",
    "count",
    "create",
    "decode",
    "decrease",
    "decrement",
    "decrypt",
    "delete",
    "deliver",
    "deny",
    "depend",
    "deploy",
    "describe",
    "design",
    "detect",
    "determine",
    "disable",
    "display",
    "divide",
    "download",
    "draft",
    "drop",
    "edit",
    "emit",
    "enable",
    "encode",
    "encrypt",
    "ensure",
    "escape",
    "evaluate",
    "evict",
    "exceed",
    "exclude",
    "execute",
    "exit",
    "expire",
    "explain",
    "expose",
    "extract",
    "fail",
    "fetch",
    "filter",
    "find",
    "flatten",
    "format",
    "forward",
    "generate",
    "get",
    "give",
    "group",
    "handle",
    "hash",
    "help",
    "identify",
    "ignore",
    "implement",
    "import",
    "include",
    "increase",
    "increment",
    "index",
    "inform",
    "initialize",
    "insert",
    "install",
    "invoke",
    "keep",
    "limit",
    "list",
    "load",
    "lock",
    "log",
    "maintain",
    "make",
    "manage",
    "map",
    "mark",
    "match",
    "measure",
    "merge",
    "migrate",
    "monitor",
    "move",
    "multiply",
    "normalize",
    "notify",
    "occur",
    "open",
    "order",
    "organise",
    "organize",
    "parse",
    "pass",
    "persist",
    "pick",
    "plan",
    "poll",
    "prevent",
    "print",
    "process",
    "produce",
    "propose",
    "protect",
    "provide",
    "publish",
    "purge",
    "push",
    "put",
    "raise",
    "rank",
    "read",
    "receive",
    "recommend",
    "record",
    "redirect",
    "reduce",
    "refresh",
    "reject",
    "release",
    "remain",
    "remember",
    "remove",
    "rename",
    "render",
    "repeat",
    "replace",
    "report",
    "request",
    "require",
    "reset",
    "resolve",
    "respond",
    "restart",
    "restore",
    "retain",
    "retry",
    "return",
    "reverse",
    "review",
    "revoke",
    "rotate",
    "round",
    "run",
    "sanitize",
    "save",
    "scan",
    "schedule",
    "search",
    "select",
    "send",
    "separate",
    "serialize",
    "set",
    "show",
    "shuffle",
    "sign",
    "skip",
    "sort",
    "split",
    "start",
    "stop",
    "store",
    "strip",
    "submit",
    "subtract",
    "succeed",
    "suggest",
    "sum",
    "summarise",
    "summarize",
    "support",
    "swap",
    "sync",
    "tag",
    "take",
    "tell",
    "terminate",
    "test",
    "throttle",
    "throw",
    "track",
    "transform",
    "translate",
    "treat",
    "trim",
    "truncate",
    "turn",
    "unlock",
    "update",
    "upload",
    "use",
    "validate",
    "verify",
    "wait",
    "warn",
    "write",
];

static VERBS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| IMPERATIVE_VERBS.iter().copied().collect());

/// Whether a lowercase word is one of [`IMPERATIVE_VERBS`].
#[must_use]
pub fn is_verb(word: &str) -> bool {
    VERBS.contains(word)
}

/// Pairs of opposite meaning: general English antonymy (directions, extremes, polarities,
/// inverse operations), the kind a thesaurus lists — not phrases from any data. Compared by
/// stem, so "descending", "descendingly" and "descend" are one word.
const OPPOSITES: &[(&str, &str)] = &[
    ("ascending", "descending"),
    ("increasing", "decreasing"),
    ("min", "max"),
    ("minimum", "maximum"),
    ("minimal", "maximal"),
    ("smallest", "largest"),
    ("smaller", "larger"),
    ("small", "large"),
    ("shortest", "longest"),
    ("shorter", "longer"),
    ("short", "long"),
    ("lowest", "highest"),
    ("lower", "higher"),
    ("low", "high"),
    ("lower", "upper"),
    ("lowercase", "uppercase"),
    ("least", "most"),
    ("fewest", "most"),
    ("first", "last"),
    ("farthest", "closest"),
    ("farthest", "nearest"),
    ("furthest", "closest"),
    ("furthest", "nearest"),
    ("far", "close"),
    ("far", "near"),
    ("odd", "even"),
    ("positive", "negative"),
    ("left", "right"),
    ("beginning", "end"),
    ("before", "after"),
    ("earliest", "latest"),
    ("earlier", "later"),
    ("oldest", "newest"),
    ("older", "newer"),
    ("add", "remove"),
    ("include", "exclude"),
    ("accept", "reject"),
    ("allow", "deny"),
    ("enable", "disable"),
    ("with", "without"),
    ("all", "none"),
    ("input", "output"),
    ("prefix", "suffix"),
    ("above", "below"),
    ("inside", "outside"),
    ("forward", "backward"),
    ("horizontal", "vertical"),
    ("encode", "decode"),
    ("encrypt", "decrypt"),
    ("compress", "decompress"),
    ("prime", "composite"),
    ("sum", "product"),
    ("union", "intersection"),
];

/// Whether two words mean opposite things: "ascending" and "descending", "encoded" and
/// "decoded", "smallest" and "largest", "valid" and "invalid". A disjunction of opposites is a
/// choice between two different programs, wherever it stands.
#[must_use]
pub fn opposites(a: &str, b: &str) -> bool {
    static STEMS: LazyLock<Vec<(String, String)>> =
        LazyLock::new(|| OPPOSITES.iter().map(|(x, y)| (super::words::stem(x), super::words::stem(y))).collect());
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let (sa, sb) = (super::words::stem(&a), super::words::stem(&b));
    let negated =
        |x: &str, y: &str| ["un", "in", "im", "il", "ir", "dis", "non"].iter().any(|p| x.strip_prefix(p) == Some(y));
    STEMS.iter().any(|(x, y)| (sa == *x && sb == *y) || (sa == *y && sb == *x))
        || (a.len() > 4 && b.len() > 4 && (negated(&a, &b) || negated(&b, &a)))
}

/// The base form of a known verb in the third person singular: "returns" → "return",
/// "retries" → "retry", "pushes" → "push".
#[must_use]
pub fn third_person_base(word: &str) -> Option<&'static str> {
    let ies = word.strip_suffix("ies").map(|s| format!("{s}y"));
    [word.strip_suffix("es"), word.strip_suffix('s'), ies.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|base| VERBS.get(base).copied())
}

static MODALS_BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<&'static ModalEntry>>> = LazyLock::new(|| {
    let mut map: HashMap<&str, Vec<&ModalEntry>> = HashMap::default();
    for entry in MODALS {
        map.entry(entry.0[0]).or_default().push(entry);
    }
    map
});

type ModalEntry = (&'static [&'static str], Modality, bool);

/// The modal phrase starting at token `i`, longest first: (length in tokens, modality, weak?).
#[must_use]
pub fn modal_at(tokens: &[Token<'_>], i: usize) -> Option<(usize, Modality, bool)> {
    let first = tokens.get(i)?;
    let entries = MODALS_BY_FIRST_WORD.get(first.word())?;
    entries.iter().find_map(|(words, modality, weak)| {
        let fits = i + words.len() <= tokens.len() && words.iter().zip(&tokens[i..]).all(|(w, t)| t.is(w));
        fits.then_some((words.len(), *modality, *weak))
    })
}

/// Pronouns that need an antecedent, and whether each is plural.
pub const PRONOUNS: &[(&str, bool)] =
    &[("it", false), ("its", false), ("they", true), ("them", true), ("their", true), ("theirs", true)];

/// Determiners that open a noun phrase, for finding antecedents.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "each", "every", "any", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "your", "all", "both",
];

/// Irregular past participles, for telling passive voice ("is sent") from a copula.
pub const IRREGULAR_PARTICIPLES: &[&str] = &[
    "sent",
    "kept",
    "built",
    "held",
    "made",
    "put",
    "set",
    "shown",
    "written",
    "read",
    "run",
    "done",
    "given",
    "taken",
    "found",
    "known",
    "seen",
    "chosen",
    "broken",
    "hidden",
    "bound",
    "sold",
    "told",
    "thrown",
    "driven",
    "drawn",
    "grown",
    "begun",
    "spent",
    "lost",
    "left",
    "paid",
    "laid",
    "meant",
    "split",
    "shut",
    "cut",
    "hit",
    "let",
    "fed",
    "led",
    "won",
    "got",
    "gotten",
    "frozen",
    "stolen",
    "forgotten",
    "overwritten",
    "rewritten",
    "undone",
];

/// Words that negate a clause.
pub const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "no",
    "none",
    "nor",
    "cannot",
    "can't",
    "won't",
    "don't",
    "doesn't",
    "isn't",
    "aren't",
    "mustn't",
    "shouldn't",
    "shan't",
    "without",
    "neither",
];

#[cfg(test)]
mod tests {
    use super::opposites;

    #[test]
    fn opposites_by_stem_and_by_negating_prefix() {
        for (a, b) in [
            ("ascending", "descending"),
            ("descendingly", "ascendingly"),
            ("encoded", "decoded"),
            ("Smallest", "largest"),
            ("valid", "invalid"),
            ("odd", "even"),
            ("with", "without"),
        ] {
            assert!(opposites(a, b), "{a} / {b}");
        }
        for (a, b) in [("commas", "spaces"), ("integers", "floats"), ("email", "SMS"), ("start", "starting")] {
            assert!(!opposites(a, b), "{a} / {b}");
        }
    }
}
