//! Words, literals, numbers and quantities: the shared reading of English text.
//!
//! The rules translator and the scorer read text with these same functions, so a phrase and
//! its rendering are compared on equal terms ("within 5 seconds" and "at most 5 s" are the
//! same quantity atom).

use std::borrow::Cow;

use crate::ir::{Quantity, Relation};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word.
    Word,
    /// A number (digits or a number word).
    Number,
    /// Inline code, quoted text or an identifier: must survive exactly.
    Literal,
    /// Punctuation.
    Punct,
}

/// A token with its byte range in the text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'a> {
    /// The token as written.
    pub text: &'a str,
    /// Lowercase form (for literals: as written, minus quotes and backticks); borrowed from
    /// the text when it is already in that form, which is most words.
    pub norm: Cow<'a, str>,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
    /// What it is.
    pub kind: TokenKind,
    /// For numbers, the value.
    pub value: Option<f64>,
}

impl Token<'_> {
    /// The normalised form: lowercase for words, the inner text for literals.
    #[must_use]
    pub fn word(&self) -> &str {
        &self.norm
    }

    /// Whether this is a word equal to `w` (lowercase).
    #[must_use]
    pub fn is(&self, w: &str) -> bool {
        self.kind != TokenKind::Literal && *self.norm == *w
    }
}

/// Splits text into tokens. Never fails: every byte is either in a token or whitespace.
#[must_use]
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
            continue;
        }
        // `inline code`
        if c == '`'
            && let Some(close) = text[i + 1..].find('`')
        {
            let end = i + 1 + close + 1;
            out.push(literal(text, i, end, &text[i + 1..end - 1]));
            i = end;
            continue;
        }
        // "quoted" or 'quoted' text, when the quote opens a word and closes before a boundary.
        if matches!(c, '"' | '\'' | '“' | '‘')
            && (i == 0 || !text[..i].chars().next_back().is_some_and(char::is_alphanumeric))
            && let Some(end) = closing_quote(text, i, c)
        {
            let inner = &text[i + len..end - closing_len(text, end)];
            if !inner.trim().is_empty() {
                out.push(literal(text, i, end, inner));
                i = end;
                continue;
            }
        }
        if c.is_alphanumeric() || c == '_' || (c == '$' && text[i + 1..].starts_with(|d: char| d.is_ascii_digit())) {
            let mut end = i + len;
            while end < text.len() {
                let d = text[end..].chars().next().unwrap_or(' ');
                let inner_punct = matches!(d, '.' | '/' | ':' | '-' | '\'' | '’' | '@' | '#' | ',' | '%' | '+')
                    && text[end + d.len_utf8()..].starts_with(|n: char| n.is_alphanumeric() || n == '_');
                if d.is_alphanumeric() || d == '_' || inner_punct || (d == '%' && end > i) {
                    end += d.len_utf8();
                } else {
                    break;
                }
            }
            let raw = &text[i..end];
            // A comma joins only digit groups ("1,000"); elsewhere it ends the word.
            let raw = match raw.find(',') {
                Some(k) if !is_number_text(raw) => &raw[..k],
                _ => raw,
            };
            let end = i + raw.len();
            out.push(word(text, i, end));
            i = end;
            continue;
        }
        // Operators that express relations: <=, >=, ≤, ≥, <, >, =.
        let op_len = ["<=", ">=", "==", "!="].iter().find(|op| text[i..].starts_with(**op)).map_or(len, |op| op.len());
        out.push(Token {
            text: &text[i..i + op_len],
            norm: Cow::Borrowed(&text[i..i + op_len]),
            start: i,
            end: i + op_len,
            kind: TokenKind::Punct,
            value: None,
        });
        i += op_len;
    }
    out
}

fn closing_len(text: &str, end: usize) -> usize {
    text[..end].chars().next_back().map_or(1, char::len_utf8)
}

fn closing_quote(text: &str, open: usize, q: char) -> Option<usize> {
    let close = match q {
        '“' => '”',
        '‘' => '’',
        other => other,
    };
    let start = open + q.len_utf8();
    for (k, d) in text[start..].char_indices() {
        let at = start + k;
        if d == '\n' || k > 200 {
            return None;
        }
        if d == close {
            let after = text[at + d.len_utf8()..].chars().next();
            // An apostrophe inside a word ("don't") does not close a quote.
            if after.is_none_or(|a| !a.is_alphanumeric()) {
                return Some(at + d.len_utf8());
            }
        }
    }
    None
}

fn literal<'a>(text: &'a str, start: usize, end: usize, inner: &'a str) -> Token<'a> {
    Token { text: &text[start..end], norm: Cow::Borrowed(inner), start, end, kind: TokenKind::Literal, value: None }
}

fn word(text: &str, start: usize, end: usize) -> Token<'_> {
    let raw = &text[start..end];
    if let Some(value) = parse_number(raw) {
        return Token { text: raw, norm: Cow::Borrowed(raw), start, end, kind: TokenKind::Number, value: Some(value) };
    }
    if is_identifier(raw) {
        return Token { text: raw, norm: Cow::Borrowed(raw), start, end, kind: TokenKind::Literal, value: None };
    }
    let lower: Cow<'_, str> = if raw.chars().any(|c| c.is_uppercase() || c == '’') {
        Cow::Owned(raw.to_lowercase().replace('’', "'"))
    } else {
        Cow::Borrowed(raw)
    };
    let kind = if number_word(&lower).is_some() { TokenKind::Number } else { TokenKind::Word };
    Token { text: raw, value: number_word(&lower), norm: lower, start, end, kind }
}

fn is_number_text(raw: &str) -> bool {
    parse_number(raw).is_some()
}

/// Parses "3", "2.5", "1,000", "-4", "50%", "$0.25", "10k" style numbers.
fn parse_number(raw: &str) -> Option<f64> {
    let s = raw.trim_start_matches('$').trim_end_matches('%');
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let cleaned: String = s.chars().filter(|&c| c != ',').collect();
    if cleaned.chars().all(|c| c.is_ascii_digit() || c == '.') && cleaned.matches('.').count() <= 1 {
        return cleaned.parse().ok();
    }
    None
}

/// Values of number words, so that "three" and "3" are the same atom.
#[must_use]
pub fn number_word(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "one" => 1.0,
        "two" | "twice" => 2.0,
        "three" | "thrice" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "fifty" => 50.0,
        "hundred" => 100.0,
        "thousand" => 1000.0,
        "half" => 0.5,
        // Ordinals count too ("after the third retry"); "second" is left out, it is a unit.
        "first" => 1.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        _ => return None,
    })
}

/// Whether a word is an identifier, path or code-like name that must survive exactly:
/// `snake_case`, `camelCase`, `dotted.name`, `a/path`, `a::b`, `HTTP/2`, `user@host`.
#[must_use]
pub fn is_identifier(raw: &str) -> bool {
    let has_alpha = raw.chars().any(char::is_alphabetic);
    if !has_alpha {
        return false;
    }
    if raw.contains('_') || raw.contains("::") || raw.contains('@') {
        return true;
    }
    if raw.contains('/') {
        // "src/main.rs", "/etc/hosts", "HTTP/2" are paths or names; "and/or", "read/write" are prose.
        let parts: Vec<&str> = raw.split('/').collect();
        return raw.starts_with('/')
            || parts.len() >= 3
            || parts.iter().any(|p| p.is_empty() || !p.chars().all(char::is_alphabetic));
    }
    if raw.contains('.') && !raw.ends_with('.') && raw.split('.').all(|p| !p.is_empty()) {
        // "e.g" and "i.e" are abbreviations, not names.
        return !raw.split('.').all(|p| p.len() == 1);
    }
    // camelCase or PascalCase with an inner capital after a lowercase letter.
    let mut previous_lower = false;
    let (mut digit, mut upper) = (false, false);
    for c in raw.chars() {
        if previous_lower && c.is_uppercase() {
            return true;
        }
        previous_lower = c.is_lowercase();
        digit |= c.is_ascii_digit();
        upper |= c.is_ascii_uppercase();
    }
    digit && upper
}

/// Whether a lowercase word is a function word that carries no content of its own.
#[must_use]
pub fn is_stop_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "but"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "with"
            | "from"
            | "into"
            | "onto"
            | "as"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "am"
            | "it"
            | "its"
            | "this"
            | "that"
            | "these"
            | "those"
            | "they"
            | "them"
            | "their"
            | "there"
            | "here"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "what"
            | "so"
            | "such"
            | "than"
            | "then"
            | "also"
            | "both"
            | "each"
            | "every"
            | "all"
            | "any"
            | "per"
            | "via"
            | "do"
            | "does"
            | "did"
            | "has"
            | "have"
            | "had"
            | "i"
            | "we"
            | "you"
            | "he"
            | "she"
            | "our"
            | "your"
            | "his"
            | "her"
            | "my"
            | "me"
            | "us"
            | "will"
            | "shall"
            | "must"
            | "should"
            | "may"
            | "might"
            | "can"
            | "could"
            | "would"
            | "within"
            | "most"
            | "least"
            | "up"
            | "exactly"
            | "more"
            | "less"
            | "over"
            | "under"
            | "about"
            | "only"
            | "just"
            | "very"
            | "if"
            | "when"
            | "whenever"
            | "unless"
            | "before"
            | "after"
            | "until"
            | "while"
            | "once"
            | "not"
            | "no"
            | "never"
            | "none"
            | "nor"
    )
}

/// A light suffix-stripping stemmer: enough to match "retries", "retried" and "retry".
#[must_use]
pub fn stem(word: &str) -> String {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let w = w.strip_suffix("'s").unwrap_or(&w).to_owned();
    if w.chars().count() <= 3 {
        return w;
    }
    for (suffix, replacement) in
        [("ies", "y"), ("ied", "y"), ("ing", ""), ("edly", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", "")]
    {
        if let Some(base) = w.strip_suffix(suffix)
            && base.chars().count() >= 3
            && !(suffix == "s" && (base.ends_with('s') || base.ends_with('u') || base.ends_with('i')))
        {
            let mut base = base.to_owned();
            // "stopped" → "stop", "running" → "run".
            let b = base.as_bytes();
            if replacement.is_empty()
                && b.len() >= 2
                && b[b.len() - 1] == b[b.len() - 2]
                && !matches!(b[b.len() - 1], b'l' | b's' | b'z')
                && suffix != "es"
            {
                base.pop();
            }
            if base.ends_with('e') && base.len() > 3 {
                base.pop();
            }
            return base + replacement;
        }
    }
    let mut w = w;
    if w.ends_with('e') && w.len() > 3 {
        w.pop();
    }
    w
}

/// Normalises a unit word: "seconds" → "s", "megabytes" → "MB", "retries" → "attempts".
#[must_use]
pub fn unit(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().as_str() {
        "ms" | "millisecond" | "milliseconds" | "msec" => "ms",
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "min" | "mins" | "minute" | "minutes" => "min",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "day" | "days" => "d",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" => "year",
        "b" | "byte" | "bytes" => "B",
        "kb" | "kilobyte" | "kilobytes" => "KB",
        "kib" => "KiB",
        "mb" | "megabyte" | "megabytes" => "MB",
        "mib" => "MiB",
        "gb" | "gigabyte" | "gigabytes" => "GB",
        "gib" => "GiB",
        "tb" | "terabyte" | "terabytes" => "TB",
        "%" | "percent" | "per cent" => "%",
        "time" | "times" | "attempt" | "attempts" | "retry" | "retries" | "try" | "tries" => "attempts",
        "request" | "requests" | "req" => "requests",
        "character" | "characters" | "char" | "chars" => "characters",
        "item" | "items" | "element" | "elements" => "items",
        "line" | "lines" => "lines",
        "user" | "users" => "users",
        "file" | "files" => "files",
        "usd" | "dollar" | "dollars" => "USD",
        "rps" => "requests/s",
        _ => return None,
    })
}

/// Relation words before a number, longest first: (words, relation).
const RELATIONS: &[(&[&str], Relation)] = &[
    (&["no", "more", "than"], Relation::Le),
    (&["not", "more", "than"], Relation::Le),
    (&["no", "longer", "than"], Relation::Le),
    (&["not", "exceed"], Relation::Le),
    (&["not", "to", "exceed"], Relation::Le),
    (&["no", "less", "than"], Relation::Ge),
    (&["not", "less", "than"], Relation::Ge),
    (&["no", "fewer", "than"], Relation::Ge),
    (&["at", "most"], Relation::Le),
    (&["up", "to"], Relation::Le),
    (&["a", "maximum", "of"], Relation::Le),
    (&["maximum", "of"], Relation::Le),
    (&["at", "least"], Relation::Ge),
    (&["a", "minimum", "of"], Relation::Ge),
    (&["minimum", "of"], Relation::Ge),
    (&["less", "than"], Relation::Lt),
    (&["fewer", "than"], Relation::Lt),
    (&["shorter", "than"], Relation::Lt),
    (&["smaller", "than"], Relation::Lt),
    (&["lower", "than"], Relation::Lt),
    (&["more", "than"], Relation::Gt),
    (&["greater", "than"], Relation::Gt),
    (&["larger", "than"], Relation::Gt),
    (&["higher", "than"], Relation::Gt),
    (&["longer", "than"], Relation::Gt),
    (&["exactly"], Relation::Eq),
    (&["within"], Relation::Le),
    (&["under"], Relation::Lt),
    (&["below"], Relation::Lt),
    (&["above"], Relation::Gt),
    (&["over"], Relation::Gt),
    (&["exceeds"], Relation::Gt),
    (&["exceed"], Relation::Gt),
    (&["<="], Relation::Le),
    (&["≤"], Relation::Le),
    (&[">="], Relation::Ge),
    (&["≥"], Relation::Ge),
    (&["<"], Relation::Lt),
    (&[">"], Relation::Gt),
    (&["="], Relation::Eq),
    (&["=="], Relation::Eq),
];

/// A quantity found in text, with the token range it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundQuantity {
    /// The quantity.
    pub quantity: Quantity,
    /// Index of the first token (the relation words, if any).
    pub first: usize,
    /// Index after the last token (the unit, if any).
    pub last: usize,
}

/// Finds the quantities in a token stream: a number with the relation words before it and
/// the unit after it.
#[must_use]
pub fn quantities(tokens: &[Token<'_>]) -> Vec<FoundQuantity> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Some(value) = t.value else { continue };
        // "one of", "one by one" are not quantities; a number word needs a unit after it.
        let digits = t.text.starts_with(|c: char| c.is_ascii_digit() || c == '$');
        let mut last = i + 1;
        let mut unit_name = if t.text.ends_with('%') {
            Some("%".to_owned())
        } else if t.text.starts_with('$') {
            Some("USD".to_owned())
        } else {
            None
        };
        if unit_name.is_none()
            && let Some(next) = tokens.get(i + 1)
            && next.kind == TokenKind::Word
            && let Some(u) = unit(next.word())
        {
            unit_name = Some(u.to_owned());
            last = i + 2;
        }
        if !digits && unit_name.is_none() && !matches!(t.word(), "twice" | "thrice") {
            continue;
        }
        if matches!(t.word(), "twice" | "thrice") {
            unit_name = Some("attempts".to_owned());
        }
        let mut relation = Relation::Eq;
        let mut first = i;
        for (words, rel) in RELATIONS {
            if i >= words.len() && tokens[i - words.len()..i].iter().zip(words.iter()).all(|(t, w)| t.word() == *w) {
                relation = *rel;
                first = i - words.len();
                break;
            }
        }
        // "3 or more", "10 or fewer".
        if tokens.get(last).is_some_and(|t| t.is("or"))
            && let Some(after) = tokens.get(last + 1)
        {
            match after.word() {
                "more" | "greater" | "higher" | "larger" | "above" => {
                    relation = Relation::Ge;
                    last += 2;
                }
                "less" | "fewer" | "lower" | "smaller" | "below" => {
                    relation = Relation::Le;
                    last += 2;
                }
                _ => {}
            }
        }
        out.push(FoundQuantity { quantity: Quantity { relation, value, unit: unit_name }, first, last });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, TokenKind)> {
        tokenize(text).into_iter().map(|t| (t.norm.into_owned(), t.kind)).collect()
    }

    #[test]
    fn tokens_keep_literals_whole() {
        let k = kinds("Read `cfg.toml` and 'delim' from src/main.rs, don't stop.");
        assert!(k.contains(&("cfg.toml".into(), TokenKind::Literal)));
        assert!(k.contains(&("delim".into(), TokenKind::Literal)));
        assert!(k.contains(&("src/main.rs".into(), TokenKind::Literal)));
        assert!(k.contains(&("don't".into(), TokenKind::Word)));
        assert!(k.contains(&(",".into(), TokenKind::Punct)));
    }

    #[test]
    fn numbers_and_number_words() {
        let t = tokenize("retry three times, 1,000 rows, 2.5 s, 50%");
        let values: Vec<_> = t.iter().filter_map(|t| t.value).collect();
        assert_eq!(values, [3.0, 1000.0, 2.5, 50.0]);
    }

    #[test]
    fn quantities_have_relation_and_unit() {
        let cases: &[(&str, Relation, f64, Option<&str>)] = &[
            ("at most 3 attempts", Relation::Le, 3.0, Some("attempts")),
            ("within 5 seconds", Relation::Le, 5.0, Some("s")),
            ("at least 10 MB", Relation::Ge, 10.0, Some("MB")),
            ("no more than 2 retries", Relation::Le, 2.0, Some("attempts")),
            ("3 or more users", Relation::Ge, 3.0, None),
            ("exactly 42", Relation::Eq, 42.0, None),
            ("retry twice", Relation::Eq, 2.0, Some("attempts")),
            ("less than 200 ms", Relation::Lt, 200.0, Some("ms")),
        ];
        for (text, rel, value, unit) in cases {
            let tokens = tokenize(text);
            let q = &quantities(&tokens)[0].quantity;
            assert_eq!((q.relation, q.value, q.unit.as_deref()), (*rel, *value, *unit), "{text}");
        }
        assert!(quantities(&tokenize("one of the files")).is_empty());
    }

    #[test]
    fn stems_match_inflections() {
        assert_eq!(stem("retries"), stem("retry"));
        assert_eq!(stem("retried"), stem("retry"));
        assert_eq!(stem("uploads"), stem("upload"));
        assert_eq!(stem("stopped"), stem("stop"));
        assert_eq!(stem("stores"), stem("stored"));
        assert_eq!(stem("status"), "status");
    }
}
