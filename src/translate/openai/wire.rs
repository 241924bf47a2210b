//! The wire: request bodies, one chat-completion call read leniently, and the errors a call
//! can end in.
//!
//! Requests are raw JSON (`create_byot`) so that every structured-output mode can be sent and
//! so that an odd server answer (an unknown `finish_reason`, a missing `object`) is still read.

use std::time::Instant;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use serde_json::{Value, json};

use super::settings::{Endpoint, Mode};
use crate::ir::Ir;
use crate::meter::Call;
use crate::spec::Spec;

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

impl CallError {
    /// The HTTP status of the answer, when there was one.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Refused { status, .. } => Some(*status),
            Self::Unavailable { status, .. } => *status,
            Self::Invalid { .. } => None,
        }
    }
}

/// What an HTTP error comes down to: reqwest says "error sending request for url (…)", and
/// the cause a user can act on ("Connection refused", "failed to lookup address information",
/// "invalid peer certificate: UnknownIssuer") is at the end of its chain of sources.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut causes = Vec::new();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !causes.iter().any(|c: &String| c.contains(&text)) {
            causes.push(text);
        }
        source = s.source();
    }
    match causes.last() {
        Some(last) => last.clone(),
        None => e.to_string(),
    }
}

/// The user message of the forward call: the spec with numbered lines, marked as data.
pub(super) fn numbered(spec: &Spec) -> String {
    let lines: String = spec.text.lines().enumerate().map(|(i, l)| format!("{:>4}| {l}\n", i + 1)).collect();
    format!("<spec>\n{lines}</spec>")
}

/// 400 (bad request), 404/405 (no such feature), 415/422 (unprocessable) and 500 (some local
/// servers answer a schema they cannot compile with it) may mean "not this way of asking"; 401
/// and 403 never do, and neither do 502, 503 and 504 after their retries: a gateway or server
/// that is down is down for every mode, and asking again three ways would triple the wait.
pub(super) fn status_allows_fallback(status: Option<u16>) -> bool {
    matches!(status, Some(400 | 404 | 405 | 415 | 422 | 500))
}

pub(super) fn forward_body(
    endpoint: &Endpoint,
    messages: &[Value],
    mode: Mode,
    temperature: f64,
    max_tokens: u32,
) -> Value {
    let mut body = json!({
        "model": endpoint.model,
        "messages": messages,
        "temperature": temperature,
        "max_tokens": max_tokens,
    });
    let schema = super::prompts::strict_schema();
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
pub(super) struct Reply {
    pub(super) content: Option<String>,
    pub(super) tool_arguments: Option<String>,
    pub(super) finish_reason: Option<String>,
    /// Cut off: `finish_reason = length`, or as many completion tokens as the limit allowed
    /// (some servers report another reason when a tool call is cut short).
    pub(super) truncated: bool,
}

impl Reply {
    /// The JSON text of the answer: the tool call's arguments, else the message content.
    pub(super) fn json_text(&self) -> Option<String> {
        self.tool_arguments.clone().or_else(|| self.content.clone())
    }
}

/// Sends one chat completion and records it.
pub(super) async fn call(
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
    // Usage whose counts are missing or not numbers is no usage: it is estimated, never $0.
    let reported = value
        .get("usage")
        .filter(|u| u["prompt_tokens"].as_u64().is_some() && u["completion_tokens"].as_u64().is_some());
    match reported {
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

pub(super) fn classify(endpoint: &Endpoint, error: OpenAIError) -> CallError {
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
            let message = if e.is_connect() {
                format!("could not connect: {}", root_cause(&e))
            } else {
                format!("request failed: {}", root_cause(&e))
            };
            CallError::Unavailable { endpoint: where_, status, message }
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
pub(super) fn parse_ir(reply: &Reply) -> Result<Ir, String> {
    if reply.truncated {
        return Err("the output was cut off at the token limit (raise `max_output_tokens`)".into());
    }
    let text = reply.json_text().ok_or("the answer is empty")?;
    let json = extract_json(&text).ok_or("the answer holds no JSON object")?;
    Ir::from_json(json)
}

/// The outermost JSON object in a text (a reply may wrap it in prose or a code fence).
pub(super) fn extract_json(text: &str) -> Option<&str> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    (end > start).then(|| &text[start..=end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_extracted_from_prose_and_fences() {
        assert_eq!(extract_json("Here:\n```json\n{\"a\": {\"b\": 1}}\n```"), Some("{\"a\": {\"b\": 1}}"));
        assert_eq!(extract_json("no json"), None);
    }
}
