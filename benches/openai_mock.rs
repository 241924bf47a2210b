//! The `openai` backend against a mock server with a fixed 100 ms latency per call.
//!
//! `cargo bench --bench openai_mock` checks 200 specs at concurrency 8 with the release
//! binary. The ideal is 200 / 8 × 2 calls × 100 ms = 5 s; the target is at most 1.15 × that,
//! and under 2 ms of ire's own CPU time per check (measured with `getrusage` on the child
//! process, so the mock server's work is not counted).

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
    let before = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
    let started = Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ire"))
        .args(["--isolated", "check", "--backend", "openai", "--model", "mock", "--format", "json", "-o", "/dev/null"])
        // Every spec is the same text: without this the cache would answer all but the first.
        .args(["--no-cache", "--no-ledger"])
        .arg("--base-url")
        .arg(format!("{}/v1", server.uri()))
        .arg("--concurrency")
        .arg(CONCURRENCY.to_string())
        .arg(dir.path())
        .env("OPENAI_API_KEY", "sk-bench")
        .status()
        .unwrap();
    let wall = started.elapsed();
    let after = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
    assert_eq!(status.code(), Some(0), "every spec should be accepted");
    let cpu = |u: &nix::sys::resource::Usage| {
        let t = |tv: nix::sys::time::TimeVal| tv.tv_sec() as f64 + tv.tv_usec() as f64 / 1e6;
        t(u.user_time()) + t(u.system_time())
    };
    let cpu_s = cpu(&after) - cpu(&before);
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let ideal = SPECS as f64 / CONCURRENCY as f64 * 2.0 * LATENCY.as_secs_f64();
    let ratio = wall.as_secs_f64() / ideal;
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let per_check_ms = cpu_s * 1000.0 / SPECS as f64;
    println!(
        "openai backend vs mock ({} ms per call): {SPECS} specs at concurrency {CONCURRENCY} in {:.2} s = {ratio:.3} x ideal ({ideal:.1} s)",
        LATENCY.as_millis(),
        wall.as_secs_f64()
    );
    println!("  target <= 1.15 x ideal: {}", if ratio <= 1.15 { "met" } else { "NOT met" });
    println!("ire's own CPU time: {cpu_s:.3} s = {per_check_ms:.2} ms per check");
    println!("  target < 2 ms per check: {}", if per_check_ms < 2.0 { "met" } else { "NOT met" });
}
