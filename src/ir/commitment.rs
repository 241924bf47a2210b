//! Commitments: the parameters an implementer needs to execute a requirement, each with a
//! concrete value and where that value comes from.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One parameter of a requirement's action: "retry" needs a `count` and a `wait`, "notify"
/// a `recipient` and a `channel`, and so on (the frame table of the rules backend, in
/// `lang::frames`, lists the slots).
///
/// A *stated* value is one the spec gives, with the words that give it. An *assumed* value
/// is one the translator had to choose (or could not choose: then `value` is null), with the
/// reason and the question whose answer would settle it. A vague word is never a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// The parameter, in snake_case: `trigger`, `target`, `count`, `wait`, `duration`,
    /// `period`, `recipient`, `channel`, `schedule`, `limit`, `scope`, `order`, `on_error`,
    /// `format`, `audience`, `criteria` …
    pub slot: String,
    /// The concrete value an implementer would use ("3 attempts", "2 s", "the account owner");
    /// null when no value was chosen.
    #[serde(default)]
    pub value: Option<String>,
    /// Whether the spec states the value or the translator assumed it.
    pub provenance: Provenance,
    /// For a stated value: the exact words of the spec that state it.
    #[serde(default)]
    pub quote: Option<String>,
    /// For an assumed value: why it had to be assumed, in one line.
    #[serde(default)]
    pub reason: Option<String>,
    /// For an assumed value: the question whose answer would settle it.
    #[serde(default)]
    pub question: Option<String>,
}

/// Where a commitment's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The spec states it.
    Stated,
    /// The translator had to choose it: the spec does not say.
    Assumed,
}

impl Commitment {
    /// A parameter the spec does not give and nobody chose: what the rules backend records
    /// when a frame needs a slot the clause leaves open.
    #[must_use]
    pub fn missing(slot: &str, reason: String, question: String) -> Self {
        Self {
            slot: slot.to_owned(),
            value: None,
            provenance: Provenance::Assumed,
            quote: None,
            reason: Some(reason),
            question: Some(question),
        }
    }

    /// A value the spec states, with the words that state it.
    #[must_use]
    pub fn stated(slot: &str, value: String, quote: String) -> Self {
        Self {
            slot: slot.to_owned(),
            value: Some(value),
            provenance: Provenance::Stated,
            quote: Some(quote),
            reason: None,
            question: None,
        }
    }

    /// The value, when there is a non-blank one.
    #[must_use]
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }

    /// Checks what serde cannot; the error names the blank field.
    pub(super) fn validate(&self) -> Result<(), &'static str> {
        if self.slot.trim().is_empty() {
            return Err("slot of a commitment");
        }
        if self.provenance == Provenance::Stated && self.value().is_none() {
            return Err("value of a stated commitment");
        }
        Ok(())
    }
}
