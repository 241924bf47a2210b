//! The `openai` backend: round trips through any OpenAI-compatible chat-completions endpoint
//! (OpenAI, Azure, OpenRouter, vLLM, llama.cpp server, Ollama, LM Studio) with `async-openai`.
//!
//! Requests are raw JSON (`create_byot`) so that every structured-output mode can be sent and
//! so that an odd server answer (an unknown `finish_reason`, a missing `object`) is still read.
//! The HTTP transport under `async-openai` is ours ([`super::transport`]). Whatever comes back
//! is validated as an IR in Rust; invalid or truncated output gets one repair request quoting
//! the error.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use serde_json::{Value, json};
use tokio::sync::Semaphore;

use super::prompt::Prompts;
use super::{Call, Translated};
use crate::ir::{Ambiguity, AmbiguityKind, Ir};
use crate::spec::Spec;

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

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The server refused the request for good (400, 401, 403, 404 …).
    #[error("{endpoint} answered {status}: {message}")]
    Refused {
        /// Where.
        endpoint: String,
        /// HTTP status.
        status: u16,
        /// What the server said.
        message: String,
    },
    /// Still failing after the retries (429, 5xx, connection errors), or timed out.
    #[error("{endpoint}: {message}")]
    Unavailable {
        /// Where.
        endpoint: String,
        /// The last HTTP status, when there was an answer.
        status: Option<u16>,
        /// What happened.
        message: String,
    },
    /// The answer was not a usable chat completion or IR, even after a repair request.
    #[error("{endpoint}: invalid output from `{model}`: {message}")]
    Invalid {
        /// Where.
        endpoint: String,
        /// Which model.
        model: String,
        /// What was wrong.
        message: String,
    },
}

/// The model-backed translator.
pub struct OpenAi {
    settings: Settings,
    runtime: tokio::runtime::Runtime,
    forward: Client<OpenAIConfig>,
    backward: Client<OpenAIConfig>,
    /// Per endpoint and model, the structured-output mode that worked.
    modes: Mutex<HashMap<String, Mode>>,
}

impl std::fmt::Debug for OpenAi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAi").field("settings", &self.settings).finish_non_exhaustive()
    }
}

impl OpenAi {
    /// Builds the clients and the runtime.
    pub fn new(settings: Settings) -> Result<Self, crate::error::Error> {
        // reqwest is built without a default TLS provider; install ring once. An error
        // means one is installed already, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| crate::error::Error::Usage(format!("could not start the async runtime: {e}")))?;
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| crate::error::Error::Usage(format!("could not build the HTTP client: {e}")))?;
        let permits = Arc::new(Semaphore::new(settings.concurrency.max(1)));
        let client = |endpoint: &Endpoint| {
            let config = OpenAIConfig::new()
                .with_api_base(endpoint.base_url.trim_end_matches('/'))
                .with_api_key(endpoint.api_key.clone().unwrap_or_default());
            let service =
                super::transport::service(http.clone(), permits.clone(), settings.retries, settings.max_backoff);
            Client::with_config(config).with_http_service(service)
        };
        let (forward, backward) = (client(&settings.forward), client(&settings.backward));
        Ok(Self { settings, runtime, forward, backward, modes: Mutex::new(HashMap::new()) })
    }

    /// The forward model's name.
    #[must_use]
    pub fn model(&self) -> &str {
        &self.settings.forward.model
    }

    /// The backward model's name.
    #[must_use]
    pub fn back_model(&self) -> &str {
        &self.settings.backward.model
    }

    /// Everything that decides the model's answers, for the cache key.
    #[must_use]
    pub fn fingerprint(&self) -> String {
        let s = &self.settings;
        format!(
            "openai\0{}\0{}\0{}\0{}\0{}\0{}\0{}\0{}\0{}",
            s.forward.base_url,
            s.forward.model,
            s.backward.base_url,
            s.backward.model,
            s.prompts.hash(),
            s.temperature,
            s.samples,
            s.mode.as_str(),
            s.max_tokens
        )
    }

    /// The most the forward translation of `spec` can cost (every sample), at `prices`;
    /// `None` when the model has no price.
    #[must_use]
    pub fn projected_forward(&self, spec: &Spec, prices: &crate::meter::Prices) -> Option<f64> {
        let endpoint = &self.settings.forward;
        let schema = super::prompt::strict_schema().to_string();
        let prompt = format!("{}{}{schema}", self.settings.prompts.forward, numbered(spec));
        let one = project(prices, &endpoint.model, &prompt, self.settings.max_tokens)?;
        #[expect(clippy::cast_precision_loss, reason = "at most 16 samples")]
        let samples = self.settings.samples.max(1) as f64;
        Some(one * samples)
    }

    /// The most the backward translation of `ir` can cost; `None` when the model has no price.
    #[must_use]
    pub fn projected_backward(&self, ir: &Ir, prices: &crate::meter::Prices) -> Option<f64> {
        let prompt =
            format!("{}{}", self.settings.prompts.backward, serde_json::to_string_pretty(ir).unwrap_or_default());
        project(prices, &self.settings.backward.model, &prompt, self.settings.max_tokens)
    }

    /// SHA-256 of the two prompts, recorded with every result.
    #[must_use]
    pub fn prompt_hash(&self) -> String {
        self.settings.prompts.hash()
    }

    /// English → IR: `samples` forward translations; the first one is the IR, and
    /// disagreements between them become `unstable_reading` ambiguities.
    pub fn to_ir(&self, spec: &Spec) -> Result<Translated<Ir>, crate::error::Error> {
        if !self.settings.allow_secrets
            && let Some(secret) = crate::secrets::find(&spec.text)
        {
            return Err(crate::error::Error::Secret {
                path: spec.path.clone(),
                line: secret.line,
                kind: secret.kind,
                endpoint: self.settings.forward.base_url.clone(),
            });
        }
        let samples = self.settings.samples.max(1);
        let temperature = if samples > 1 && self.settings.temperature == 0.0 { 0.7 } else { self.settings.temperature };
        let outcomes = self.runtime.block_on(async {
            let futures = (0..samples).map(|_| self.forward_once(spec, temperature));
            futures::future::join_all(futures).await
        });
        let mut calls = Vec::new();
        let mut irs = Vec::new();
        let mut first_error = None;
        for outcome in outcomes {
            match outcome {
                Ok((ir, mut c)) => {
                    calls.append(&mut c);
                    irs.push(ir);
                }
                Err((e, mut c)) => {
                    calls.append(&mut c);
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            return Err(crate::error::Error::Backend { path: spec.path.clone(), message: e.to_string(), calls });
        }
        let mut ir = irs.remove(0);
        ir.ambiguities.extend(unstable_readings(&ir, &irs));
        Ok(Translated { value: ir, calls })
    }

    /// IR → English. The backward model sees the IR without source quotes or ambiguities,
    /// so nothing of the original wording reaches it except the context carried verbatim.
    pub fn to_english(&self, ir: &Ir) -> Result<Translated<String>, crate::error::Error> {
        let mut blind = ir.clone();
        blind.ambiguities.clear();
        for r in &mut blind.requirements {
            r.source.quote.clear();
        }
        let ir_json = serde_json::to_string_pretty(&blind).unwrap_or_default();
        let endpoint = &self.settings.backward;
        let body = json!({
            "model": endpoint.model,
            "messages": [
                {"role": "system", "content": self.settings.prompts.backward},
                {"role": "user", "content": ir_json},
            ],
            "temperature": 0.0,
            "max_tokens": self.settings.max_tokens,
        });
        let outcome = self.runtime.block_on(call(&self.backward, endpoint, body, "backward", Mode::Text));
        match outcome {
            Ok((reply, record)) => {
                if reply.truncated {
                    let message = "the back-translation was cut off at the token limit; raise `max_output_tokens`";
                    return Err(crate::error::Error::Backend {
                        path: PathBuf::new(),
                        message: format!("{}: {message}", endpoint.base_url),
                        calls: vec![record],
                    });
                }
                Ok(Translated { value: reply.content.unwrap_or_default(), calls: vec![record] })
            }
            Err((e, record)) => Err(crate::error::Error::Backend {
                path: PathBuf::new(),
                message: e.to_string(),
                calls: record.into_iter().collect(),
            }),
        }
    }

    async fn forward_once(&self, spec: &Spec, temperature: f64) -> Result<(Ir, Vec<Call>), (CallError, Vec<Call>)> {
        let endpoint = &self.settings.forward;
        let key = format!("{} {}", endpoint.base_url, endpoint.model);
        let remembered = self.modes.lock().ok().and_then(|m| m.get(&key).copied());
        let modes: Vec<Mode> = match (self.settings.mode, remembered) {
            (Mode::Auto, Some(mode)) => vec![mode],
            (Mode::Auto, None) => vec![Mode::JsonSchema, Mode::Tool, Mode::JsonObject, Mode::Text],
            (mode, _) => vec![mode],
        };
        let numbered: String = spec.text.lines().enumerate().map(|(i, l)| format!("{:>4}| {l}\n", i + 1)).collect();
        let user = format!("<spec>\n{numbered}</spec>");
        let mut calls = Vec::new();
        let mut last_error = None;
        for (k, mode) in modes.iter().copied().enumerate() {
            let messages = vec![
                json!({"role": "system", "content": self.settings.prompts.forward}),
                json!({"role": "user", "content": user}),
            ];
            let body = forward_body(endpoint, &messages, mode, temperature, self.settings.max_tokens);
            match call(&self.forward, endpoint, body, "forward", mode).await {
                Ok((reply, record)) => {
                    calls.push(record);
                    if let Ok(mut m) = self.modes.lock() {
                        m.insert(key.clone(), mode);
                    }
                    return match parse_ir(&reply) {
                        Ok(ir) => Ok((ir, calls)),
                        Err(problem) => {
                            self.repair(endpoint, messages, &reply, &problem, mode, temperature, calls).await
                        }
                    };
                }
                Err((e, record)) => {
                    calls.extend(record);
                    // A server that rejects this way of asking for JSON may accept the next one.
                    let status = match &e {
                        CallError::Refused { status, .. } => Some(*status),
                        CallError::Unavailable { status, .. } => *status,
                        CallError::Invalid { .. } => None,
                    };
                    if self.settings.mode == Mode::Auto && k + 1 < modes.len() && status_allows_fallback(status) {
                        continue;
                    }
                    last_error = Some(e);
                    break;
                }
            }
        }
        Err((
            last_error.unwrap_or_else(|| CallError::Invalid {
                endpoint: endpoint.base_url.clone(),
                model: endpoint.model.clone(),
                message: "no structured-output mode was accepted".into(),
            }),
            calls,
        ))
    }

    #[expect(clippy::too_many_arguments, reason = "one repair request needs the whole exchange")]
    async fn repair(
        &self,
        endpoint: &Endpoint,
        mut messages: Vec<Value>,
        reply: &Reply,
        problem: &str,
        mode: Mode,
        temperature: f64,
        mut calls: Vec<Call>,
    ) -> Result<(Ir, Vec<Call>), (CallError, Vec<Call>)> {
        messages.push(json!({"role": "assistant", "content": reply.json_text().unwrap_or_default()}));
        messages.push(json!({"role": "user", "content": format!(
            "That output is not a valid IR: {problem}. Reply with the corrected, complete JSON object only."
        )}));
        let body = forward_body(endpoint, &messages, mode, temperature, self.settings.max_tokens);
        match call(&self.forward, endpoint, body, "repair", mode).await {
            Ok((second, record)) => {
                calls.push(record);
                match parse_ir(&second) {
                    Ok(ir) => Ok((ir, calls)),
                    Err(again) => Err((
                        CallError::Invalid {
                            endpoint: endpoint.base_url.clone(),
                            model: endpoint.model.clone(),
                            message: format!("{problem}; after one repair request: {again}"),
                        },
                        calls,
                    )),
                }
            }
            Err((e, record)) => {
                calls.extend(record);
                Err((e, calls))
            }
        }
    }
}

/// 400 (bad request), 404/405 (no such feature), 415/422 (unprocessable) and 5xx after retries
/// may mean "not this way of asking"; 401 and 403 never do.
/// The user message of the forward call: the spec with numbered lines, marked as data.
fn numbered(spec: &Spec) -> String {
    let lines: String = spec.text.lines().enumerate().map(|(i, l)| format!("{:>4}| {l}\n", i + 1)).collect();
    format!("<spec>\n{lines}</spec>")
}

/// The cost of a prompt plus a full output at a model's price.
fn project(prices: &crate::meter::Prices, model: &str, prompt: &str, max_tokens: u32) -> Option<f64> {
    let price = prices.get(model)?;
    let usage = super::Usage {
        input_tokens: super::tokens::count(model, prompt) + 16,
        output_tokens: u64::from(max_tokens),
        cached_tokens: 0,
        estimated: true,
    };
    Some(price.cost(usage))
}

fn status_allows_fallback(status: Option<u16>) -> bool {
    matches!(status, Some(400 | 404 | 405 | 415 | 422 | 500..=599))
}

fn forward_body(endpoint: &Endpoint, messages: &[Value], mode: Mode, temperature: f64, max_tokens: u32) -> Value {
    let mut body = json!({
        "model": endpoint.model,
        "messages": messages,
        "temperature": temperature,
        "max_tokens": max_tokens,
    });
    let schema = super::prompt::strict_schema();
    match mode {
        Mode::JsonSchema | Mode::Auto => {
            body["response_format"] = json!({"type": "json_schema", "json_schema": {
                "name": "ire_ir", "description": "The IR of a specification", "schema": schema, "strict": true}});
        }
        Mode::Tool => {
            body["tools"] = json!([{"type": "function", "function": {
                "name": "record_ir", "description": "Record the IR of the specification", "parameters": schema}}]);
            body["tool_choice"] = json!({"type": "function", "function": {"name": "record_ir"}});
        }
        Mode::JsonObject => body["response_format"] = json!({"type": "json_object"}),
        Mode::Text => {}
    }
    body
}

/// What a chat completion said, read leniently.
#[derive(Debug, Clone, Default)]
struct Reply {
    content: Option<String>,
    tool_arguments: Option<String>,
    finish_reason: Option<String>,
    /// Cut off: `finish_reason = length`, or as many completion tokens as the limit allowed
    /// (some servers report another reason when a tool call is cut short).
    truncated: bool,
}

impl Reply {
    /// The JSON text of the answer: the tool call's arguments, else the message content.
    fn json_text(&self) -> Option<String> {
        self.tool_arguments.clone().or_else(|| self.content.clone())
    }
}

/// Sends one chat completion and records it.
async fn call(
    client: &Client<OpenAIConfig>,
    endpoint: &Endpoint,
    body: Value,
    stage: &'static str,
    mode: Mode,
) -> Result<(Reply, Call), (CallError, Option<Call>)> {
    let prompt_text = body["messages"].to_string();
    let body_max_tokens = body["max_tokens"].as_u64();
    let started = Instant::now();
    let result: Result<Value, OpenAIError> = client.chat().create_byot(body).await;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut record =
        Call { stage, mode: mode.as_str(), model: endpoint.model.clone(), wall_ms, status: None, ..Call::default() };
    let value = match result {
        Ok(value) => value,
        Err(e) => {
            let error = classify(endpoint, e);
            record.status = match &error {
                CallError::Refused { status, .. } => Some(*status),
                CallError::Unavailable { status, .. } => *status,
                CallError::Invalid { .. } => None,
            };
            return Err((error, Some(record)));
        }
    };
    record.status = Some(200);
    let choice = &value["choices"][0];
    let mut reply = Reply {
        content: choice["message"]["content"].as_str().map(str::to_owned),
        tool_arguments: choice["message"]["tool_calls"][0]["function"]["arguments"].as_str().map(str::to_owned),
        finish_reason: choice["finish_reason"].as_str().map(str::to_owned),
        truncated: false,
    };
    record.finish_reason = reply.finish_reason.clone();
    match value.get("usage").filter(|u| u.is_object()) {
        Some(usage) => {
            record.input_tokens = usage["prompt_tokens"].as_u64().unwrap_or(0);
            record.output_tokens = usage["completion_tokens"].as_u64().unwrap_or(0);
            record.cached_tokens = usage["prompt_tokens_details"]["cached_tokens"].as_u64().unwrap_or(0);
        }
        None => {
            // The server reported no usage: count locally and say so.
            record.input_tokens = super::tokens::count(&endpoint.model, &prompt_text);
            record.output_tokens = super::tokens::count(&endpoint.model, &reply.json_text().unwrap_or_default());
            record.estimated = true;
        }
    }
    let limit = body_max_tokens;
    reply.truncated = reply.finish_reason.as_deref() == Some("length")
        || (!record.estimated && limit.is_some_and(|l| record.output_tokens >= l));
    if choice.is_null() {
        return Err((
            CallError::Invalid {
                endpoint: endpoint.base_url.clone(),
                model: endpoint.model.clone(),
                message: "the answer has no `choices`".into(),
            },
            Some(record),
        ));
    }
    Ok((reply, record))
}

fn classify(endpoint: &Endpoint, error: OpenAIError) -> CallError {
    let where_ = endpoint.base_url.clone();
    match error {
        OpenAIError::ApiError(api) => {
            let status = api.status_code.as_u16();
            let message = api.api_error.message.clone();
            if status == 429 || status >= 500 {
                CallError::Unavailable {
                    endpoint: where_,
                    status: Some(status),
                    message: format!("HTTP {status} after retries: {message}"),
                }
            } else {
                CallError::Refused { endpoint: where_, status, message }
            }
        }
        OpenAIError::Reqwest(e) if e.is_timeout() => {
            CallError::Unavailable { endpoint: where_, status: None, message: "request timed out".into() }
        }
        OpenAIError::Reqwest(e) => {
            let status = e.status().map(|s| s.as_u16());
            CallError::Unavailable { endpoint: where_, status, message: format!("request failed: {e}") }
        }
        OpenAIError::JSONDeserialize(e, body) => {
            // A non-JSON error body (a proxy's "Bad Gateway") lands here too.
            let shown: String = body.chars().take(200).collect();
            CallError::Invalid { endpoint: where_, model: endpoint.model.clone(), message: format!("{e}: {shown}") }
        }
        OpenAIError::Boxed(e) => CallError::Unavailable { endpoint: where_, status: None, message: e.to_string() },
        other => CallError::Unavailable { endpoint: where_, status: None, message: other.to_string() },
    }
}

/// Parses and validates the IR of a reply, or says what is wrong with it.
fn parse_ir(reply: &Reply) -> Result<Ir, String> {
    if reply.truncated {
        return Err("the output was cut off at the token limit (raise `max_output_tokens`)".into());
    }
    let text = reply.json_text().ok_or("the answer is empty")?;
    let json = extract_json(&text).ok_or("the answer holds no JSON object")?;
    Ir::from_json(json)
}

/// The outermost JSON object in a text (a reply may wrap it in prose or a code fence).
fn extract_json(text: &str) -> Option<&str> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    (end > start).then(|| &text[start..=end])
}

/// Requirements on the same line that the samples read differently.
fn unstable_readings(first: &Ir, others: &[Ir]) -> Vec<Ambiguity> {
    let reading = |r: &crate::ir::Requirement| {
        let mut q: Vec<String> = r
            .quantities
            .iter()
            .map(|q| format!("{} {} {}", q.relation.symbol(), q.value, q.unit.as_deref().unwrap_or("")))
            .collect();
        q.sort();
        (r.actor.as_deref().map(str::to_lowercase), r.modality, q, r.conditions.len())
    };
    let mut out = Vec::new();
    for r in &first.requirements {
        let mut options = vec![crate::translate::rules::render::requirement(r)];
        let mut differs = false;
        for other in others {
            match other.requirements.iter().find(|o| o.source.line == r.source.line) {
                Some(o) if reading(o) != reading(r) => {
                    differs = true;
                    let text = crate::translate::rules::render::requirement(o);
                    if !options.contains(&text) {
                        options.push(text);
                    }
                }
                Some(_) => {}
                None => differs = true,
            }
        }
        if differs {
            out.push(Ambiguity {
                kind: AmbiguityKind::UnstableReading,
                quote: r.source.quote.clone(),
                line: r.source.line,
                column: None,
                question: format!("Samples of the model read this {} ways; which one is meant?", options.len().max(2)),
                options,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_extracted_from_prose_and_fences() {
        assert_eq!(extract_json("Here:\n```json\n{\"a\": {\"b\": 1}}\n```"), Some("{\"a\": {\"b\": 1}}"));
        assert_eq!(extract_json("no json"), None);
    }

    #[test]
    fn modes_round_trip_their_names() {
        for m in [Mode::Auto, Mode::JsonSchema, Mode::Tool, Mode::JsonObject, Mode::Text] {
            assert_eq!(Mode::parse(m.as_str()), Some(m));
        }
    }
}
