//! Token usage: what a backend reports of each model call, for the meter to price.

use serde::Serialize;

/// Token usage of a translation. The `rules` backend uses none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Prompt tokens, cached ones included.
    pub input_tokens: u64,
    /// Completion tokens.
    pub output_tokens: u64,
    /// Prompt tokens served from the provider's cache.
    pub cached_tokens: u64,
    /// Whether any count is a local estimate rather than reported by the server.
    pub estimated: bool,
}

impl Usage {
    /// The usage of a list of calls.
    #[must_use]
    pub fn of(calls: &[Call]) -> Self {
        calls.iter().fold(Self::default(), |u, c| Self {
            input_tokens: u.input_tokens + c.input_tokens,
            output_tokens: u.output_tokens + c.output_tokens,
            cached_tokens: u.cached_tokens + c.cached_tokens,
            estimated: u.estimated || c.estimated,
        })
    }
}

/// One call to a model.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Call {
    /// `forward`, `backward` or `repair`.
    pub stage: &'static str,
    /// Structured-output mode: `json_schema`, `tool`, `json_object` or `text`.
    pub mode: &'static str,
    /// The model.
    pub model: String,
    /// Wall time, retries included.
    pub wall_ms: f64,
    /// HTTP status of the last attempt, when there was an answer.
    pub status: Option<u16>,
    /// The server's finish reason.
    pub finish_reason: Option<String>,
    /// Prompt tokens.
    pub input_tokens: u64,
    /// Completion tokens.
    pub output_tokens: u64,
    /// Cached prompt tokens.
    pub cached_tokens: u64,
    /// Whether the counts are local estimates (the server reported no usage).
    pub estimated: bool,
}
