//! Translators: English → IR (forward) and IR → English (backward).
//!
//! Backends are a closed enum that forwards to the concrete type, so adding one is a new
//! variant and a new file, with no boxed trait objects.

pub mod rules;

use crate::ir::Ir;
use crate::spec::Spec;

/// Token usage of one translation call. The `rules` backend uses none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Prompt tokens, cached ones included.
    pub input_tokens: u64,
    /// Completion tokens.
    pub output_tokens: u64,
    /// Prompt tokens served from the provider's cache.
    pub cached_tokens: u64,
    /// Whether the counts are local estimates rather than reported by the server.
    pub estimated: bool,
}

/// A translator backend.
#[derive(Debug, Clone)]
pub enum Backend {
    /// The offline, deterministic rules backend.
    Rules(rules::Rules),
}

impl Backend {
    /// A short identifier for reports and the ledger.
    #[must_use]
    pub fn id(&self) -> &'static str {
        match self {
            Self::Rules(_) => "rules",
        }
    }

    /// The model name, for reports; the rules backend has none of its own.
    #[must_use]
    pub fn model(&self) -> &'static str {
        match self {
            Self::Rules(_) => concat!("rules-", env!("CARGO_PKG_VERSION")),
        }
    }

    /// English → IR.
    pub fn to_ir(&self, spec: &Spec) -> Result<(Ir, Usage), crate::error::Error> {
        match self {
            Self::Rules(r) => Ok((r.to_ir(spec), Usage::default())),
        }
    }

    /// IR → English. The backend sees only the IR.
    pub fn to_english(&self, ir: &Ir) -> Result<(String, Usage), crate::error::Error> {
        match self {
            Self::Rules(r) => Ok((r.to_english(ir), Usage::default())),
        }
    }
}
