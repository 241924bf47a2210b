//! The `openai` backend against a mock server with a fixed 100 ms latency per call.
//!
//! `cargo bench --bench openai_mock` checks 200 specs at concurrency 8 with the release
//! binary, three times: one forward sample (2 calls per spec), the default three samples, and
//! the default with a priced model name. The ideal wall time is the calls the mock received ×
//! 100 ms / 8; the targets are at most 1.15 × that and under 2 ms of ire's own CPU time per
//! check with one sample (measured with `getrusage` on the child process, so the mock
//! server's work is not counted), and a priced model within 1.3 × the CPU of an unpriced one.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const SPECS: usize = 200;
const CONCURRENCY: usize = 8;
const LATENCY: Duration = Duration::from_millis(100);

struct Mocked {
    ir: String,
    english: String,
}

impl Respond for Mocked {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let forward = body["messages"][0]["content"].as_str().unwrap_or("").starts_with("You translate an English");
        let content = if forward { &self.ir } else { &self.english };
        ResponseTemplate::new(200)
            .set_body_json(json!({
                "id": "x", "object": "chat.completion", "created": 1, "model": "mock",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 900, "completion_tokens": 300, "total_tokens": 1200}
            }))
            .set_delay(LATENCY)
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/clear/rate-limit.md");
    let spec = ire::spec::Spec::load(&fixture, 1 << 20).expect("fixture");
    let ir = ire::translate::rules::Rules.read(&spec);
    let english = ire::translate::rules::render::render(&ir);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        let mocked = Mocked { ir: serde_json::to_string(&ir).unwrap(), english };
        Mock::given(method("POST")).and(path("/v1/chat/completions")).respond_with(mocked).mount(&server).await;
        server
    });
    let dir = tempfile::tempdir().unwrap();
    for i in 0..SPECS {
        std::fs::copy(&fixture, dir.path().join(format!("spec-{i:03}.md"))).unwrap();
    }
    let base_url = format!("{}/v1", server.uri());
    let one = Run { model: "mock", samples: 1 }.measure(&runtime, &server, &base_url, dir.path());
    let unpriced = Run { model: "mock", samples: 3 }.measure(&runtime, &server, &base_url, dir.path());
    let priced = Run { model: "gpt-4o-mini", samples: 3 }.measure(&runtime, &server, &base_url, dir.path());
    println!(
        "  target: one sample (2 calls) <= 1.15 x ideal and < 2 ms of CPU per check: {}",
        met(one.ratio <= 1.15 && one.cpu_ms < 2.0)
    );
    let cost = priced.cpu_ms / unpriced.cpu_ms;
    println!("priced model / unpriced model, CPU per check: {cost:.2} x");
    println!(
        "  target <= 1.3 x (no tokenizer is loaded when the server reports usage and no budget is set): {}",
        met(cost <= 1.3)
    );
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

struct Run {
    model: &'static str,
    samples: usize,
}

struct Measured {
    ratio: f64,
    cpu_ms: f64,
}

impl Run {
    /// Checks every spec in `dir` once with the release binary and prints wall time against the
    /// ideal (calls the mock received × latency / concurrency) and ire's own CPU time.
    fn measure(&self, runtime: &tokio::runtime::Runtime, server: &MockServer, base_url: &str, dir: &Path) -> Measured {
        let calls_before = runtime.block_on(server.received_requests()).map_or(0, |r| r.len());
        let before = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
        let started = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_ire"))
            .args(["--isolated", "check", "--backend", "openai", "--format", "json", "-o", "/dev/null"])
            .args(["--model", self.model, "--samples", &self.samples.to_string()])
            // Every spec is the same text: without this the cache would answer all but the first.
            .args(["--no-cache", "--no-ledger"])
            .args(["--base-url", base_url, "--concurrency", &CONCURRENCY.to_string()])
            .arg(dir)
            .env("OPENAI_API_KEY", "sk-bench")
            .status()
            .unwrap();
        let wall = started.elapsed().as_secs_f64();
        let after = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
        assert_eq!(status.code(), Some(0), "every spec should be accepted");
        let calls = runtime.block_on(server.received_requests()).map_or(0, |r| r.len()) - calls_before;
        let cpu = |u: &nix::sys::resource::Usage| {
            let t = |tv: nix::sys::time::TimeVal| tv.tv_sec() as f64 + tv.tv_usec() as f64 / 1e6;
            t(u.user_time()) + t(u.system_time())
        };
        let cpu_s = cpu(&after) - cpu(&before);
        #[expect(clippy::cast_precision_loss, reason = "small counts")]
        let (ideal, cpu_ms, per_call) = (
            calls as f64 * LATENCY.as_secs_f64() / CONCURRENCY as f64,
            cpu_s * 1000.0 / SPECS as f64,
            calls as f64 / SPECS as f64,
        );
        let ratio = wall / ideal;
        println!(
            "{} model, {} sample(s): {SPECS} specs, {per_call:.1} calls each, at concurrency {CONCURRENCY} in {wall:.2} s = {ratio:.3} x ideal ({ideal:.1} s); ire's CPU {cpu_ms:.2} ms per check",
            self.model, self.samples
        );
        Measured { ratio, cpu_ms }
    }
}
