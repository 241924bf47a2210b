//! Text primitives shared by every part of ire: tokens, words and stems, quantities and
//! units, and the lexicon of requirements language.
//!
//! Nothing here knows about a backend: the rules translator, the scorer and the structural
//! analysis all read text through these same functions, so a phrase and its rendering are
//! compared on equal terms ("within 5 seconds" and "at most 5 s" are the same quantity).

pub mod frames;
pub mod lexicon;
pub mod quantity;
pub mod tokens;
pub mod verbs;
pub mod words;

pub use quantity::{FoundQuantity, format_number, quantities, unit};
pub use tokens::{Token, TokenKind, is_identifier, tokenize};
pub use words::{is_stop_word, number_word, stem};
