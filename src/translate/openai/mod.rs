//! The `openai` backend: round trips through any OpenAI-compatible chat-completions endpoint
//! (OpenAI, Azure, OpenRouter, vLLM, llama.cpp server, Ollama, LM Studio) with `async-openai`.
//!
//! Requests are raw JSON (`create_byot`) so that every structured-output mode can be sent and
//! so that an odd server answer (an unknown `finish_reason`, a missing `object`) is still read.
//! The HTTP transport under `async-openai` is ours ([`transport`]). Whatever comes back
//! is validated as an IR in Rust; invalid or truncated output gets one repair request quoting
//! the error.

pub mod prompts;
pub mod settings;
pub mod tokens;
pub mod transport;
mod wire;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use serde_json::{Value, json};
use tokio::sync::Semaphore;

pub use settings::{DEFAULT_BASE_URL, Endpoint, Mode, Settings};
use wire::{CallError, Reply, call, forward_body, numbered, parse_ir, status_allows_fallback};

use super::{BackendConfig, Failed, Info, Outcome, Translated, Translator};
use crate::error::Error;
use crate::ir::Ir;
use crate::meter::{Call, Prices};
use crate::spec::Spec;

/// The model-backed translator.
pub struct OpenAi {
    settings: Settings,
    runtime: tokio::runtime::Runtime,
    forward: Client<OpenAIConfig>,
    backward: Client<OpenAIConfig>,
    /// Per endpoint and model, the structured-output mode that worked.
    modes: Mutex<HashMap<String, Mode>>,
    /// The words of the forward prompt's example, for catching a copy of it.
    example: Vec<String>,
}

impl std::fmt::Debug for OpenAi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAi").field("settings", &self.settings).finish_non_exhaustive()
    }
}

impl OpenAi {
    /// Builds the clients and the runtime.
    pub fn new(settings: Settings) -> Result<Self, Error> {
        // reqwest is built without a default TLS provider; install ring once. An error
        // means one is installed already, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Error::Internal(format!("could not start the async runtime: {e}")))?;
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| Error::Internal(format!("could not build the HTTP client: {e}")))?;
        let permits = Arc::new(Semaphore::new(settings.concurrency.max(1)));
        let client = |endpoint: &Endpoint| {
            let config = OpenAIConfig::new()
                .with_api_base(endpoint.base_url.trim_end_matches('/'))
                .with_api_key(endpoint.api_key.clone().unwrap_or_default());
            let service = transport::service(http.clone(), permits.clone(), settings.retries, settings.max_backoff);
            Client::with_config(config).with_http_service(service)
        };
        let (forward, backward) = (client(&settings.forward), client(&settings.backward));
        let example = prompts::example_words(&settings.prompts.forward);
        Ok(Self { settings, runtime, forward, backward, modes: Mutex::new(HashMap::new()), example })
    }

    /// A text a server or the HTTP client wrote, without the configured API keys or any
    /// password in a URL: a 401 page may echo the key, and `http://user:pass@host` would
    /// otherwise reach reports, logs and the ledger.
    fn redact(&self, text: &str) -> String {
        let mut out = settings::strip_url_credentials(text);
        for key in [&self.settings.forward.api_key, &self.settings.backward.api_key].into_iter().flatten() {
            if key.len() >= 4 {
                out = out.replace(key.as_str(), "[redacted]");
            }
        }
        out
    }

    /// Everything that decides the model's answers, for the cache key.
    fn fingerprint(&self) -> String {
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

    /// English → IR: `samples` forward translations, made at once. The first is read at the
    /// configured temperature (0 by default: the model's most likely reading); the others at
    /// 0.7 or more, to see whether the reading is stable.
    fn forward(&self, spec: &Spec, samples: usize) -> Outcome<Vec<Ir>> {
        if !self.settings.allow_secrets
            && let Some(secret) = crate::secrets::find(&spec.text)
        {
            return Err(Failed::from(Error::Secret {
                path: spec.path.clone(),
                line: secret.line,
                kind: secret.kind,
                endpoint: self.redact(&self.settings.forward.base_url),
            }));
        }
        let first = self.settings.temperature;
        let others = first.max(0.7);
        let outcomes = self.runtime.block_on(async {
            let futures = (0..samples.max(1)).map(|i| self.forward_once(spec, if i == 0 { first } else { others }));
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
            return Err(Failed {
                error: Error::Backend { path: spec.path.clone(), message: self.redact(&e.to_string()) },
                calls,
            });
        }
        Ok(Translated { value: irs, calls })
    }

    /// IR → English (an error names no spec: the backward call never sees one, and the run
    /// fills in the path). The backward model sees the IR without source quotes or ambiguities,
    /// so nothing of the original wording reaches it except the context carried verbatim.
    fn backward(&self, ir: &Ir) -> Outcome<String> {
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
                    return Err(Failed {
                        error: Error::Backend {
                            path: std::path::PathBuf::new(),
                            message: self.redact(&format!("{}: {message}", endpoint.base_url)),
                        },
                        calls: vec![record],
                    });
                }
                Ok(Translated { value: reply.content.unwrap_or_default(), calls: vec![record] })
            }
            Err((e, record)) => Err(Failed {
                error: Error::Backend { path: std::path::PathBuf::new(), message: self.redact(&e.to_string()) },
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
        let user = numbered(spec);
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
                    return match self.checked(spec, parse_ir(&reply)) {
                        Ok(ir) => Ok((ir, calls)),
                        Err(problem) => {
                            self.repair(spec, endpoint, messages, &reply, &problem, mode, temperature, calls).await
                        }
                    };
                }
                Err((e, record)) => {
                    calls.extend(record);
                    // A server that rejects this way of asking for JSON may accept the next one.
                    if self.settings.mode == Mode::Auto && k + 1 < modes.len() && status_allows_fallback(e.status()) {
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

    /// A parsed IR, refused when it holds the prompt example's content that the spec never
    /// mentions: the model copied the example instead of translating.
    fn checked(&self, spec: &Spec, parsed: Result<Ir, String>) -> Result<Ir, String> {
        let ir = parsed?;
        let leaked = prompts::leaked(&self.example, &spec.text, &ir);
        if leaked.is_empty() {
            Ok(ir)
        } else {
            Err(format!(
                "it holds words of the prompt's example that the specification never mentions ({}); translate only the \
                 specification between <spec> and </spec>",
                leaked.join(", ")
            ))
        }
    }

    #[expect(clippy::too_many_arguments, reason = "one repair request needs the whole exchange")]
    async fn repair(
        &self,
        spec: &Spec,
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
                match self.checked(spec, parse_ir(&second)) {
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

impl Translator for OpenAi {
    fn from_config(config: &BackendConfig) -> Result<Self, Error> {
        Self::new(Settings::from_config(config)?)
    }

    fn info(&self) -> Info {
        let s = &self.settings;
        let model = if s.forward.model == s.backward.model {
            s.forward.model.clone()
        } else {
            format!("{} / {}", s.forward.model, s.backward.model)
        };
        Info {
            name: "openai",
            model,
            prompt_hash: Some(s.prompts.hash()),
            fingerprint: Some(self.fingerprint()),
            remote: true,
        }
    }

    fn to_ir(&self, spec: &Spec) -> Outcome<Vec<Ir>> {
        self.forward(spec, self.settings.samples)
    }

    fn reread(&self, spec: &Spec) -> Outcome<Ir> {
        let Translated { value, calls } = self.forward(spec, 1)?;
        Ok(Translated { value: value.into_iter().next().unwrap_or_else(empty_ir), calls })
    }

    fn to_english(&self, ir: &Ir) -> Outcome<String> {
        self.backward(ir)
    }

    /// The most the forward stage can cost: for every sample, its prompt plus a full output,
    /// and the one repair request it may need (the prompt, the full output it answers, the
    /// problem, and a full output again), at the forward model's price. The budget reserves
    /// this before the first request, so a repair can never take a run over its budget.
    fn projected_forward(&self, spec: &Spec, prices: &Prices) -> Option<f64> {
        let endpoint = &self.settings.forward;
        let schema = prompts::strict_schema().to_string();
        let prompt = format!("{}{}{schema}", self.settings.prompts.forward, numbered(spec));
        let one = project(prices, &endpoint.model, &prompt, self.settings.max_tokens)?;
        let repair = project_with(
            prices,
            &endpoint.model,
            &prompt,
            u64::from(self.settings.max_tokens) + 64,
            self.settings.max_tokens,
        )?;
        #[expect(clippy::cast_precision_loss, reason = "at most 16 samples")]
        let samples = self.settings.samples.max(1) as f64;
        Some((one + repair) * samples)
    }

    fn projected_backward(&self, ir: &Ir, prices: &Prices) -> Option<f64> {
        let prompt =
            format!("{}{}", self.settings.prompts.backward, serde_json::to_string_pretty(ir).unwrap_or_default());
        project(prices, &self.settings.backward.model, &prompt, self.settings.max_tokens)
    }
}

/// The cost of a prompt plus a full output at a model's price.
fn project(prices: &Prices, model: &str, prompt: &str, max_tokens: u32) -> Option<f64> {
    project_with(prices, model, prompt, 0, max_tokens)
}

/// [`project`] with `extra` input tokens beyond the prompt (a repair quotes the reply it answers).
fn project_with(prices: &Prices, model: &str, prompt: &str, extra: u64, max_tokens: u32) -> Option<f64> {
    let price = prices.get(model)?;
    let usage = crate::meter::Usage {
        input_tokens: tokens::count(model, prompt) + 16 + extra,
        output_tokens: u64::from(max_tokens),
        cached_tokens: 0,
        estimated: true,
    };
    Some(price.cost(usage))
}

/// An IR with nothing in it, for a reading that produced none.
fn empty_ir() -> Ir {
    Ir {
        ir_version: crate::ir::IR_VERSION,
        title: None,
        requirements: Vec::new(),
        context: Vec::new(),
        code: Vec::new(),
        ambiguities: Vec::new(),
    }
}
