//! Tokens: words, numbers, literals and punctuation, each with its byte range.
//!
//! The rules translator and the scorer read text with these same functions, so a phrase and
//! its rendering are compared on equal terms.

use std::borrow::Cow;

use super::words::number_word;

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
    // "KiB", "MiB": a unit, whatever its capitals.
    if is_identifier(raw) && super::quantity::unit(raw).is_none() {
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
}
