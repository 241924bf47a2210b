//! Translators: English → IR (forward) and IR → English (backward).
//!
//! Backends are a closed enum that forwards to the concrete type, so adding one is a new
//! variant and a new file, with no boxed trait objects.

pub mod openai;
pub mod prompt;
pub mod rules;
pub mod tokens;
pub mod transport;

use serde::Serialize;

use crate::error::Error;
use crate::ir::Ir;
use crate::spec::Spec;

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

/// A translation and the calls it took.
#[derive(Debug, Clone)]
pub struct Translated<T> {
    /// The result.
    pub value: T,
    /// The model calls, empty for the rules backend.
    pub calls: Vec<Call>,
}

/// A translator backend.
#[derive(Debug)]
pub enum Backend {
    /// The offline, deterministic rules backend.
    Rules(rules::Rules),
    /// Any OpenAI-compatible chat-completions endpoint.
    OpenAi(Box<openai::OpenAi>),
}

impl Backend {
    /// A short identifier for reports and the ledger.
    #[must_use]
    pub fn id(&self) -> &'static str {
        match self {
            Self::Rules(_) => "rules",
            Self::OpenAi(_) => "openai",
        }
    }

    /// The model name, for reports.
    #[must_use]
    pub fn model(&self) -> String {
        match self {
            Self::Rules(_) => concat!("rules-", env!("CARGO_PKG_VERSION")).to_owned(),
            Self::OpenAi(o) if o.model() == o.back_model() => o.model().to_owned(),
            Self::OpenAi(o) => format!("{} / {}", o.model(), o.back_model()),
        }
    }

    /// SHA-256 of the prompts in force, for backends that have any.
    #[must_use]
    pub fn prompt_hash(&self) -> Option<String> {
        match self {
            Self::Rules(_) => None,
            Self::OpenAi(o) => Some(o.prompt_hash()),
        }
    }

    /// What decides a model's answers, for the cache; `None` for backends not worth caching.
    #[must_use]
    pub fn fingerprint(&self) -> Option<String> {
        match self {
            Self::Rules(_) => None,
            Self::OpenAi(o) => Some(o.fingerprint()),
        }
    }

    /// The most the forward translation can cost: `Some(0)` for the rules backend, `None`
    /// when the model has no price.
    #[must_use]
    pub fn projected_forward(&self, spec: &Spec, prices: &crate::meter::Prices) -> Option<f64> {
        match self {
            Self::Rules(_) => Some(0.0),
            Self::OpenAi(o) => o.projected_forward(spec, prices),
        }
    }

    /// The most the backward translation can cost.
    #[must_use]
    pub fn projected_backward(&self, ir: &Ir, prices: &crate::meter::Prices) -> Option<f64> {
        match self {
            Self::Rules(_) => Some(0.0),
            Self::OpenAi(o) => o.projected_backward(ir, prices),
        }
    }

    /// English → IR.
    pub fn to_ir(&self, spec: &Spec) -> Result<Translated<Ir>, Error> {
        match self {
            Self::Rules(r) => Ok(Translated { value: r.to_ir(spec), calls: Vec::new() }),
            Self::OpenAi(o) => o.to_ir(spec),
        }
    }

    /// IR → English. The backend sees only the IR.
    pub fn to_english(&self, ir: &Ir) -> Result<Translated<String>, Error> {
        match self {
            Self::Rules(r) => Ok(Translated { value: r.to_english(ir), calls: Vec::new() }),
            Self::OpenAi(o) => o.to_english(ir),
        }
    }
}
