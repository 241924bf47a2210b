//! Translators: English → IR (forward) and IR → English (backward).
//!
//! Every backend implements [`Translator`]; [`Backend`] is the closed enum of them, generated
//! from one registry line per backend by [`backends!`], so that a run dispatches without boxed
//! trait objects. Which backend runs is decided in one place, [`Backend::from_config`].
//!
//! # Adding a backend
//!
//! 1. Write `translate/<name>.rs` (or a folder): a type that implements [`Translator`] —
//!    `from_config` checks the [`BackendConfig`] keys it needs, `info` names it, `to_ir` and
//!    `to_english` translate and return every model call they made, and the two projections
//!    price a call before it is made (the default, `Some(0.0)`, is for backends that cost
//!    nothing).
//! 2. Add one line to the `backends!` registry below: `Variant(module::Type) = "name"`.
//!
//! Everything else — configuration (`backend = "name"`), help text, the cache, the ledger,
//! the meter and the reports — reads the backend through [`Info`] and the registry.

pub mod openai;
pub mod rules;
mod trip;

use std::path::PathBuf;

use crate::error::Error;
use crate::ir::Ir;
use crate::meter::{Call, Prices};
use crate::spec::Spec;

pub use trip::RoundTrip;

/// A translation and the model calls it took.
#[derive(Debug, Clone)]
pub struct Translated<T> {
    /// The result.
    pub value: T,
    /// The model calls, empty for the rules backend.
    pub calls: Vec<Call>,
}

/// A translation that failed, with the model calls it made before failing, so that their
/// cost is not lost.
#[derive(Debug)]
pub struct Failed {
    /// Why it failed.
    pub error: Error,
    /// The calls made before it failed.
    pub calls: Vec<Call>,
}

impl From<Error> for Failed {
    fn from(error: Error) -> Self {
        Self { error, calls: Vec::new() }
    }
}

/// What a translation returns.
pub type Outcome<T> = Result<Translated<T>, Failed>;

/// What reports, the ledger and the cache need to know about a backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// The backend's registry name (`rules`, `openai`).
    pub name: &'static str,
    /// The model, or `forward / backward` when they differ.
    pub model: String,
    /// SHA-256 of the prompts in force, for backends that have any.
    pub prompt_hash: Option<String>,
    /// Everything that decides the answers, for the cache key; `None` for a backend whose
    /// answers cost nothing to recompute.
    pub fingerprint: Option<String>,
    /// Whether checks call remote models, whose coin and carbon the meter estimates per call.
    pub remote: bool,
}

/// The backend keys of the configuration, resolved over every layer but not yet checked:
/// each backend checks the ones it needs in its `from_config`.
#[derive(Clone, Default)]
pub struct BackendConfig {
    /// The registry name of the backend.
    pub name: String,
    /// Where the settings came from (a file, variable or `flags`), for error messages.
    pub source: String,
    /// The model (forward, and backward unless `back_model`).
    pub model: Option<String>,
    /// Base URL of the endpoint.
    pub base_url: Option<String>,
    /// Model of the back-translation.
    pub back_model: Option<String>,
    /// Base URL of the back-translation endpoint.
    pub back_base_url: Option<String>,
    /// The environment variable that holds the API key.
    pub api_key_env: String,
    /// The API key read from it; never printed.
    pub api_key: Option<String>,
    /// How to ask for JSON.
    pub structured_output: Option<String>,
    /// Per-request timeout.
    pub timeout_secs: Option<f64>,
    /// Retries on 429, 5xx and connection errors.
    pub retries: Option<u32>,
    /// Forward translations per spec.
    pub samples: Option<usize>,
    /// Sampling temperature of the forward call.
    pub temperature: Option<f64>,
    /// Output token limit per call.
    pub max_output_tokens: Option<u32>,
    /// Send specs that look like they hold a secret.
    pub allow_secrets: bool,
    /// Files that replace the built-in prompts.
    pub prompts: PromptFiles,
    /// Requests in flight at once.
    pub concurrency: usize,
}

impl std::fmt::Debug for BackendConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackendConfig")
            .field("name", &self.name)
            .field("source", &self.source)
            .field("model", &self.model)
            .field("base_url", &self.base_url)
            .field("back_model", &self.back_model)
            .field("back_base_url", &self.back_base_url)
            .field("api_key_env", &self.api_key_env)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("structured_output", &self.structured_output)
            .field("timeout_secs", &self.timeout_secs)
            .field("retries", &self.retries)
            .field("samples", &self.samples)
            .field("temperature", &self.temperature)
            .field("max_output_tokens", &self.max_output_tokens)
            .field("allow_secrets", &self.allow_secrets)
            .field("prompts", &self.prompts)
            .field("concurrency", &self.concurrency)
            .finish()
    }
}

/// Prompt files that replace the built-in ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PromptFiles {
    /// English → IR.
    pub forward: Option<PathBuf>,
    /// IR → English.
    pub backward: Option<PathBuf>,
}

/// What every backend does.
pub trait Translator: Sized {
    /// Builds the backend from the configuration, checking the keys it needs.
    fn from_config(config: &BackendConfig) -> Result<Self, Error>;

    /// Its name, model and what identifies its answers.
    fn info(&self) -> Info;

    /// English → IR: every reading of the spec, one per sample; the first is the IR, the
    /// others show whether the reading is stable. Never empty.
    fn to_ir(&self, spec: &Spec) -> Outcome<Vec<Ir>>;

    /// One reading, as deterministic as the backend allows: for reading the back-translation
    /// again, to compare the round trip in IR space.
    fn reread(&self, spec: &Spec) -> Outcome<Ir>;

    /// IR → English, seeing only the IR.
    fn to_english(&self, ir: &Ir) -> Outcome<String>;

    /// The most the forward translation of `spec` can cost at `prices`; `None` when a model
    /// has no price.
    fn projected_forward(&self, _spec: &Spec, _prices: &Prices) -> Option<f64> {
        Some(0.0)
    }

    /// The most the backward translation of `ir` can cost.
    fn projected_backward(&self, _ir: &Ir, _prices: &Prices) -> Option<f64> {
        Some(0.0)
    }
}

/// Generates [`Backend`], [`NAMES`] and the dispatch from one line per backend.
macro_rules! backends {
    ($($(#[$doc:meta])* $variant:ident($ty:ty) = $name:literal),+ $(,)?) => {
        /// A translator backend: a closed enum that forwards to the concrete type.
        #[derive(Debug)]
        pub enum Backend {
            $($(#[$doc])* $variant(Box<$ty>)),+
        }

        /// The registry names of the backends, in registry order.
        pub const NAMES: &[&str] = &[$($name),+];

        impl Backend {
            /// The backend the configuration names: the one place a backend is chosen.
            pub fn from_config(config: &BackendConfig) -> Result<Self, Error> {
                match config.name.as_str() {
                    $($name => Ok(Self::$variant(Box::new(<$ty as Translator>::from_config(config)?))),)+
                    other => Err(Error::Config {
                        path: config.source.clone(),
                        message: format!(
                            "unknown backend `{other}` (available: {}){}",
                            NAMES.join(", "),
                            crate::suggest::hint(other, NAMES.iter().copied())
                        ),
                    }),
                }
            }

            /// Its name, model and what identifies its answers.
            #[must_use]
            pub fn info(&self) -> Info {
                match self { $(Self::$variant(b) => b.info(),)+ }
            }

            /// English → IR: every reading, one per sample; the first is the IR.
            pub fn to_ir(&self, spec: &Spec) -> Outcome<Vec<Ir>> {
                match self { $(Self::$variant(b) => b.to_ir(spec),)+ }
            }

            /// One reading, as deterministic as the backend allows.
            pub fn reread(&self, spec: &Spec) -> Outcome<Ir> {
                match self { $(Self::$variant(b) => b.reread(spec),)+ }
            }

            /// IR → English, seeing only the IR.
            pub fn to_english(&self, ir: &Ir) -> Outcome<String> {
                match self { $(Self::$variant(b) => b.to_english(ir),)+ }
            }

            /// The most the forward translation can cost; `None` when a model has no price.
            #[must_use]
            pub fn projected_forward(&self, spec: &Spec, prices: &Prices) -> Option<f64> {
                match self { $(Self::$variant(b) => b.projected_forward(spec, prices),)+ }
            }

            /// The most the backward translation can cost; `None` when a model has no price.
            #[must_use]
            pub fn projected_backward(&self, ir: &Ir, prices: &Prices) -> Option<f64> {
                match self { $(Self::$variant(b) => b.projected_backward(ir, prices),)+ }
            }
        }
    };
}

// The backend registry: one line per backend.
backends! {
    /// The offline, deterministic rules backend.
    Rules(rules::Rules) = "rules",
    /// Any OpenAI-compatible chat-completions endpoint.
    OpenAi(openai::OpenAi) = "openai",
}

impl Backend {
    /// The offline rules backend, which needs no configuration.
    #[must_use]
    pub fn rules() -> Self {
        Self::Rules(Box::new(rules::Rules))
    }
}
