//! Words: function words, number words and stems.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

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

/// The Snowball (Porter 2) English stem of a word, lowercased, without a possessive `'s`:
/// "retries", "retried" and "retry" share one stem, as do "stores" and "stored".
#[must_use]
pub fn stem(word: &str) -> String {
    static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
    thread_local! {
        // The same words come back in every clause: each is stemmed once per thread.
        static SEEN: std::cell::RefCell<rustc_hash::FxHashMap<String, String>> = std::cell::RefCell::default();
    }
    SEEN.with(|seen| {
        if let Some(stem) = seen.borrow().get(word) {
            return stem.clone();
        }
        let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().replace('’', "'");
        let w = w.strip_suffix("'s").unwrap_or(&w);
        let stem = ENGLISH.stem(w).into_owned();
        let mut seen = seen.borrow_mut();
        // A bound, so that a long run over varied text does not grow without end.
        if seen.len() > 100_000 {
            seen.clear();
        }
        seen.insert(word.to_owned(), stem.clone());
        stem
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
