//! The settings of the `openai` backend: endpoints, structured-output mode, limits and
//! prompts, checked once when the backend is built from configuration.

use std::time::Duration;

use super::prompts::Prompts;
use crate::error::{Error, Result};
use crate::translate::BackendConfig;

/// Forward translations per spec when none is configured.
pub const DEFAULT_SAMPLES: usize = 3;

/// The default endpoint of the `openai` backend.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

/// How the forward call asks for JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Try `json_schema`, then `tool`, `json_object` and `text`; remember what worked.
    Auto,
    /// `response_format: json_schema` with `strict: true`.
    JsonSchema,
    /// A forced tool call whose parameters are the IR schema.
    Tool,
    /// `response_format: json_object`.
    JsonObject,
    /// Plain text; the JSON object is extracted from the reply.
    Text,
}

impl Mode {
    /// The name used in config and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::JsonSchema => "json_schema",
            Self::Tool => "tool",
            Self::JsonObject => "json_object",
            Self::Text => "text",
        }
    }

    /// Parses a mode name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Auto, Self::JsonSchema, Self::Tool, Self::JsonObject, Self::Text]
            .into_iter()
            .find(|m| m.as_str() == name)
    }
}

/// One endpoint and model.
#[derive(Clone)]
pub struct Endpoint {
    /// Base URL including `/v1`.
    pub base_url: String,
    /// Model name.
    pub model: String,
    /// The API key; never printed.
    pub api_key: Option<String>,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Everything the backend needs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Forward translation (English → IR).
    pub forward: Endpoint,
    /// Backward translation (IR → English); may be another model or endpoint.
    pub backward: Endpoint,
    /// Structured-output mode of the forward call.
    pub mode: Mode,
    /// Per-attempt timeout.
    pub timeout: Duration,
    /// Retries after the first attempt on 429, 5xx and connection errors.
    pub retries: u32,
    /// Longest wait between attempts, whatever `Retry-After` says.
    pub max_backoff: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Forward translations per spec; more than one checks that the reading is stable.
    pub samples: usize,
    /// Sampling temperature of the forward call.
    pub temperature: f64,
    /// Output token limit per call.
    pub max_tokens: u32,
    /// Send specs that look like they hold a secret.
    pub allow_secrets: bool,
    /// The prompts.
    pub prompts: Prompts,
}

impl Settings {
    /// Checks the generic backend configuration and fills in this backend's defaults.
    pub fn from_config(config: &BackendConfig) -> Result<Self> {
        let bad = |message: String| Error::Config { path: config.source.clone(), message };
        let model = config.model.clone().ok_or_else(|| {
            bad("the `openai` backend needs a model: pass `--model NAME` or set `model` in ire.toml".into())
        })?;
        let base_url = config.base_url.clone().unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        for url in [Some(&base_url), config.back_base_url.as_ref()].into_iter().flatten() {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(bad(format!("base URL `{url}` must start with http:// or https://")));
            }
        }
        let api_key = config.api_key.clone().filter(|k| !k.is_empty());
        if api_key.is_none() && base_url == DEFAULT_BASE_URL {
            return Err(bad(format!("`{base_url}` needs an API key: set `{}` in the environment", config.api_key_env)));
        }
        let mode = match config.structured_output.as_deref() {
            None => Mode::Auto,
            Some(name) => Mode::parse(name).ok_or_else(|| {
                let modes = ["auto", "json_schema", "tool", "json_object", "text"];
                bad(format!(
                    "unknown `structured_output` `{name}` (use {}){}",
                    modes.join(", "),
                    crate::suggest::hint(name, modes)
                ))
            })?,
        };
        let timeout = config.timeout_secs.unwrap_or(60.0);
        if !(timeout.is_finite() && timeout > 0.0 && timeout <= 86_400.0) {
            return Err(bad(format!(
                "`timeout_secs` must be a number of seconds above 0 and at most 86400, got {timeout}"
            )));
        }
        let temperature = config.temperature.unwrap_or(0.0);
        if !(0.0..=2.0).contains(&temperature) {
            return Err(bad(format!("`temperature` must be between 0 and 2, got {temperature}")));
        }
        // Three readings by default: enough for two of them to disagree on a parameter the
        // spec leaves open, at three times the forward cost (every sample is metered).
        let samples = config.samples.unwrap_or(DEFAULT_SAMPLES);
        if !(1..=16).contains(&samples) {
            return Err(bad(format!("`samples` must be between 1 and 16, got {samples}")));
        }
        let forward = Endpoint { base_url: base_url.clone(), model: model.clone(), api_key: api_key.clone() };
        let backward = Endpoint {
            base_url: config.back_base_url.clone().unwrap_or(base_url),
            model: config.back_model.clone().unwrap_or(model),
            api_key,
        };
        Ok(Self {
            forward,
            backward,
            mode,
            timeout: Duration::from_secs_f64(timeout),
            retries: config.retries.unwrap_or(3).min(10),
            max_backoff: Duration::from_secs(30),
            concurrency: config.concurrency,
            samples,
            temperature,
            max_tokens: config.max_output_tokens.unwrap_or(4096),
            allow_secrets: config.allow_secrets,
            prompts: Prompts::load(config.prompts.forward.as_deref(), config.prompts.backward.as_deref())?,
        })
    }
}

/// A text with the user and password of every `scheme://user:pass@host` URL in it replaced.
#[must_use]
pub fn strip_url_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        let authority_end = tail.find(['/', ' ', ')', '"', '\'', '\n']).unwrap_or(tail.len());
        match tail[..authority_end].rfind('@') {
            Some(userinfo) => {
                out.push_str("[redacted]@");
                rest = &tail[userinfo + 1..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn credentials_in_urls_are_stripped() {
        assert_eq!(
            super::strip_url_credentials("error sending request for url (http://user:hunter2@example.invalid/v1/chat)"),
            "error sending request for url (http://[redacted]@example.invalid/v1/chat)"
        );
        assert_eq!(super::strip_url_credentials("http://example.invalid/v1"), "http://example.invalid/v1");
    }

    use super::*;

    #[test]
    fn modes_round_trip_their_names() {
        for m in [Mode::Auto, Mode::JsonSchema, Mode::Tool, Mode::JsonObject, Mode::Text] {
            assert_eq!(Mode::parse(m.as_str()), Some(m));
        }
    }
}
