//! Quantities: a number with the relation words before it and the unit after it, so that
//! "within 5 seconds" and "at most 5 s" are the same quantity.

use super::tokens::{Token, TokenKind};
use crate::ir::{Quantity, Relation};

/// Normalises a unit word: "seconds" → "s", "megabytes" → "MB", "retries" → "attempts".
#[must_use]
pub fn unit(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().as_str() {
        "ms" | "millisecond" | "milliseconds" | "msec" => "ms",
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "min" | "mins" | "minute" | "minutes" => "min",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "d" | "day" | "days" => "d",
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
        // An ordinal ("the first retry", "the third failure") ranks; it does not count.
        if matches!(
            t.word(),
            "first" | "third" | "fourth" | "fifth" | "sixth" | "seventh" | "eighth" | "ninth" | "tenth"
        ) {
            continue;
        }
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

/// Whether a normalised unit measures time.
#[must_use]
pub fn is_time_unit(unit: &str) -> bool {
    matches!(unit, "ms" | "s" | "min" | "h" | "d" | "week" | "month" | "year")
}

/// A quantity in a canonical unit, so that "2 min" and "120 s", or "1 KiB" and "1024 B",
/// are the same: durations in seconds, sizes in bytes; other units as they are.
#[must_use]
pub fn canonical(value: f64, unit: Option<&str>) -> (f64, Option<&str>) {
    let factor = match unit {
        Some("ms") => Some((0.001, "s")),
        Some("min") => Some((60.0, "s")),
        Some("h") => Some((3600.0, "s")),
        Some("d") => Some((86_400.0, "s")),
        Some("week") => Some((604_800.0, "s")),
        Some("KB") => Some((1e3, "B")),
        Some("MB") => Some((1e6, "B")),
        Some("GB") => Some((1e9, "B")),
        Some("TB") => Some((1e12, "B")),
        Some("KiB") => Some((1024.0, "B")),
        Some("MiB") => Some((1_048_576.0, "B")),
        Some("GiB") => Some((1_073_741_824.0, "B")),
        _ => None,
    };
    match factor {
        Some((f, base)) => ((value * f * 1e6).round() / 1e6, Some(base)),
        None => (value, unit),
    }
}

/// A number as a person writes it: no trailing `.0`.
#[must_use]
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 { format!("{value:.0}") } else { value.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::tokens::tokenize;

    #[test]
    fn every_unit_symbol_reads_back_as_itself() {
        // The renderer writes these symbols; a round trip must read them as the same unit.
        for word in [
            "millisecond",
            "seconds",
            "minutes",
            "hours",
            "days",
            "weeks",
            "months",
            "years",
            "bytes",
            "kilobytes",
            "kib",
            "megabytes",
            "mib",
            "gigabytes",
            "gib",
            "terabytes",
            "percent",
            "retries",
            "requests",
            "chars",
            "items",
            "lines",
            "users",
            "files",
            "dollars",
        ] {
            let symbol = unit(word).unwrap();
            assert_eq!(unit(symbol), Some(symbol), "{word} -> {symbol}");
        }
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
    fn canonical_units_make_re_expressed_quantities_equal() {
        assert_eq!(canonical(2.0, Some("min")), canonical(120.0, Some("s")));
        assert_eq!(canonical(1.0, Some("KiB")), (1024.0, Some("B")));
        assert_eq!(canonical(1500.0, Some("ms")), (1.5, Some("s")));
        assert_eq!(canonical(3.0, Some("attempts")), (3.0, Some("attempts")));
    }
}
