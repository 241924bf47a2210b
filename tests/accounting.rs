//! Clock, coin and carbon per accepted result; the ledger, the cache and the budget.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CLEAR: &str = "fixtures/specs/clear/rate-limit.md";

struct Faithful {
    ir: String,
    english: String,
    delay: Duration,
    cached_tokens: u64,
}

impl Respond for Faithful {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let forward = body["messages"][0]["content"].as_str().unwrap().starts_with("You translate an English");
        let content = if forward { &self.ir } else { &self.english };
        ResponseTemplate::new(200)
            .set_body_json(json!({
                "id": "x", "object": "chat.completion", "created": 1, "model": "m",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1000, "completion_tokens": 200, "total_tokens": 1200,
                          "prompt_tokens_details": {"cached_tokens": self.cached_tokens}}
            }))
            .set_delay(self.delay)
    }
}

async fn serve(delay: Duration, cached_tokens: u64) -> MockServer {
    let (ir, english) = common::faithful_round_trip(Path::new(CLEAR));
    let server = MockServer::start().await;
    let responder = Faithful { ir, english, delay, cached_tokens };
    Mock::given(method("POST")).and(path("/v1/chat/completions")).respond_with(responder).mount(&server).await;
    server
}

/// A working folder with `n` copies of the clear fixture.
fn workdir(n: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let specs = (0..n)
        .map(|i| {
            let p = dir.path().join(format!("spec-{i}.md"));
            // Each copy differs, so that each has its own cache entry.
            let text = std::fs::read_to_string(CLEAR).unwrap();
            std::fs::write(&p, format!("{text}\n<!-- copy {i} -->\n")).unwrap();
            p
        })
        .collect();
    (dir, specs)
}

/// One forward reading per spec, so that the arithmetic below counts two calls a check.
fn ire(dir: &Path, server: &MockServer, model: &str, args: &[&str]) -> std::process::Command {
    let mut cmd = common::ire_openai(&server.uri(), model);
    cmd.current_dir(dir).args(["--retries", "0", "--samples", "1"]).args(args);
    cmd
}

fn run(mut cmd: std::process::Command) -> (Value, i32) {
    let out = cmd.output().unwrap();
    let report =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    (report, out.status.code().unwrap())
}

fn ledger_rows(path: &Path) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("SELECT count(*) FROM checks", [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_prompt_tokens_are_priced_at_the_cached_rate_and_carbon_has_a_range() {
    let server = serve(Duration::ZERO, 600).await;
    let (dir, specs) = workdir(1);
    let (report, code) = run(ire(dir.path(), &server, "gpt-4o-mini", &["--no-cache", specs[0].to_str().unwrap()]));
    assert_eq!(code, 0);
    let cost = &report["results"][0]["cost"];
    // Two calls of 1,000 prompt tokens (600 cached) and 200 completion tokens, gpt-4o-mini.
    let expected = 2.0 * (400.0 * 0.15 + 600.0 * 0.075 + 200.0 * 0.60) / 1e6;
    assert!((cost["usd"].as_f64().unwrap() - expected).abs() < 1e-12, "{cost}");
    assert_eq!(cost["cached_tokens"], 1200);
    let [lo, hi] = [cost["co2e_range_g"][0].as_f64().unwrap(), cost["co2e_range_g"][1].as_f64().unwrap()];
    let central = cost["co2e_g"].as_f64().unwrap();
    assert!(lo < central && central < hi, "{cost}");
    assert!(report["carbon_method"].as_str().unwrap().contains("EcoLogits"));
    // Per accepted result: all attempts over the accepted ones (here one of one).
    assert_eq!(report["summary"]["per_accepted"]["usd"], cost["usd"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_sample_is_metered() {
    let server = serve(Duration::ZERO, 0).await;
    let (dir, specs) = workdir(1);
    let mut cmd = common::ire_openai(&server.uri(), "gpt-4o-mini");
    // The default: three forward readings and one backward call.
    cmd.current_dir(dir.path()).args(["--retries", "0", "--no-cache", specs[0].to_str().unwrap()]);
    let (report, code) = run(cmd);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
    let cost = &report["results"][0]["cost"];
    assert_eq!(cost["input_tokens"], 4000);
    let expected = 4.0 * (1000.0 * 0.15 + 200.0 * 0.60) / 1e6;
    assert!((cost["usd"].as_f64().unwrap() - expected).abs() < 1e-12, "{cost}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_spec_costs_no_tokens_the_second_time() {
    let server = serve(Duration::ZERO, 0).await;
    let (dir, specs) = workdir(2);
    let spec_args: Vec<&str> = specs.iter().map(|p| p.to_str().unwrap()).collect();
    let (first, code) = run(ire(dir.path(), &server, "gpt-4o-mini", &spec_args));
    assert_eq!(code, 0);
    assert_eq!(first["summary"]["cache_hits"], 0);
    let requests = server.received_requests().await.unwrap().len();
    assert_eq!(requests, 4);

    let (second, code) = run(ire(dir.path(), &server, "gpt-4o-mini", &spec_args));
    assert_eq!(code, 0);
    assert_eq!(server.received_requests().await.unwrap().len(), requests, "no call the second time");
    assert_eq!(second["summary"]["cache_hits"], 2);
    assert_eq!(second["summary"]["total"]["input_tokens"], 0);
    assert_eq!(second["summary"]["saved_tokens"], 4 * 1200);
    assert!(second["summary"]["saved_usd"].as_f64().unwrap() > 0.0);
    assert_eq!(second["results"][0]["cost"]["cache_hit"], true);
    assert_eq!(second["results"][0]["fidelity"], first["results"][0]["fidelity"]);

    // A corrupt entry is a miss, and is rewritten.
    let cache = dir.path().join(".ire/cache");
    for entry in walk(&cache) {
        std::fs::write(entry, "{ corrupt").unwrap();
    }
    let (third, code) = run(ire(dir.path(), &server, "gpt-4o-mini", &spec_args));
    assert_eq!(code, 0);
    assert_eq!(third["summary"]["cache_hits"], 0);
    let (fourth, _) = run(ire(dir.path(), &server, "gpt-4o-mini", &spec_args));
    assert_eq!(fourth["summary"]["cache_hits"], 2);

    // --no-cache bypasses it.
    let (fifth, _) = run(ire(dir.path(), &server, "gpt-4o-mini", &[&["--no-cache"], spec_args.as_slice()].concat()));
    assert_eq!(fifth["summary"]["cache_hits"], 0);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_budget_stops_before_it_is_crossed() {
    let server = serve(Duration::ZERO, 0).await;
    let (dir, specs) = workdir(3);
    let spec_args: Vec<&str> = specs.iter().map(|p| p.to_str().unwrap()).collect();
    // With 1,000 output tokens the forward stage projects at about $0.0024 (a full output, and
    // the repair it may need) and a call costs $0.00027 (1,000 in, 200 out): the first check
    // fits in $0.0027, the second one's forward stage would not.
    let args = [
        &["--no-cache", "--concurrency", "1", "--max-output-tokens", "1000", "--max-usd", "0.0027"],
        spec_args.as_slice(),
    ]
    .concat();
    let (report, code) = run(ire(dir.path(), &server, "gpt-4o-mini", &args));
    assert_eq!(code, 4, "{report:#}");
    let verdicts: Vec<&str> =
        report["results"].as_array().unwrap().iter().map(|r| r["verdict"].as_str().unwrap()).collect();
    assert_eq!(verdicts[0], "accepted", "{report:#}");
    assert!(verdicts.contains(&"error"));
    let stopped: Vec<&Value> =
        report["results"].as_array().unwrap().iter().filter(|r| r["verdict"] == "error").collect();
    assert!(stopped.iter().all(|r| r["error"].as_str().unwrap().contains("budget")), "{stopped:?}");
    let spent = report["summary"]["total"]["usd"].as_f64().unwrap();
    assert!(spent > 0.0 && spent <= 0.0027, "{spent}");
    assert_eq!(ledger_rows(&dir.path().join(".ire/ledger.sqlite")), 3, "what was spent is recorded");

    // A model without a price cannot be kept to a budget: a clear error, no call.
    let before = server.received_requests().await.unwrap().len();
    let (report, code) = run(ire(dir.path(), &server, "local-llama", &["--no-cache", "--max-usd", "1", spec_args[0]]));
    assert_eq!(code, 4);
    assert!(report["results"][0]["error"].as_str().unwrap().contains("no price"));
    assert_eq!(server.received_requests().await.unwrap().len(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spec_budget_in_front_matter_is_kept() {
    let server = serve(Duration::ZERO, 0).await;
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("cheap.md");
    let body = std::fs::read_to_string(CLEAR).unwrap();
    std::fs::write(&spec, format!("---\nbudget_usd: 0.0001\n---\n{body}")).unwrap();
    let (report, code) = run(ire(dir.path(), &server, "gpt-4o-mini", &["--no-cache", spec.to_str().unwrap()]));
    assert_eq!(code, 4);
    assert!(report["results"][0]["error"].as_str().unwrap().contains("0.0001"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repair_request_cannot_take_the_run_over_its_budget() {
    // Every answer is invalid and as long as the output limit allows, so each forward call
    // needs its repair request, and each call costs what the projection says a call can.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "x", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "not JSON at all"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 3500, "completion_tokens": 1000, "total_tokens": 4500}
        })))
        .mount(&server)
        .await;
    let (dir, specs) = workdir(2);
    let spec_args: Vec<&str> = specs.iter().map(|p| p.to_str().unwrap()).collect();
    for budget in ["0.0015", "0.004"] {
        let args = [
            &["--no-cache", "--concurrency", "1", "--max-output-tokens", "1000", "--max-usd", budget],
            spec_args.as_slice(),
        ]
        .concat();
        let (report, _) = run(ire(dir.path(), &server, "gpt-4o-mini", &args));
        let spent = report["summary"]["total"]["usd"].as_f64().unwrap();
        assert!(spent <= budget.parse::<f64>().unwrap(), "spent ${spent} of a ${budget} budget: {report:#}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_write_one_ledger_and_nothing_is_lost() {
    let server = serve(Duration::from_millis(20), 0).await;
    let (dir, specs) = workdir(6);
    let ledger = dir.path().join("shared.sqlite");
    let spec_args: Vec<&str> = specs.iter().map(|p| p.to_str().unwrap()).collect();
    let args = [&["--no-cache", "--ledger", ledger.to_str().unwrap()], spec_args.as_slice()].concat();
    let mut a = ire(dir.path(), &server, "m", &args).stdout(std::process::Stdio::null()).spawn().unwrap();
    let mut b = ire(dir.path(), &server, "m", &args).stdout(std::process::Stdio::null()).spawn().unwrap();
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    assert_eq!(ledger_rows(&ledger), 12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_run_keeps_its_finished_rows() {
    let server = serve(Duration::from_millis(150), 0).await;
    let (dir, specs) = workdir(10);
    let ledger = dir.path().join("l.sqlite");
    let spec_args: Vec<&str> = specs.iter().map(|p| p.to_str().unwrap()).collect();
    let args =
        [&["--no-cache", "--concurrency", "1", "--ledger", ledger.to_str().unwrap()], spec_args.as_slice()].concat();
    let mut child = ire(dir.path(), &server, "m", &args).stdout(std::process::Stdio::null()).spawn().unwrap();
    // Ten specs take about 3 s; kill as soon as one has been recorded.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::time::Instant::now() < deadline
        && !(ledger.exists()
            && rusqlite::Connection::open(&ledger).is_ok_and(|c| {
                c.query_row("SELECT count(*) FROM checks", [], |r| r.get::<_, i64>(0)).is_ok_and(|n| n > 0)
            }))
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let rows = ledger_rows(&ledger);
    assert!((1..10).contains(&rows), "{rows} rows");
    let report = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
        .args(["report", "--format", "json", "--ledger"])
        .arg(&ledger)
        .output()
        .unwrap();
    let groups: Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(groups[0]["checks"], rows);
}

#[test]
fn report_aggregates_several_ledgers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let check = |project: &str, ledger: &str, spec: &str| {
        let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
            .args(["--isolated", "check", "--project", project, "--ledger", ledger])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(spec))
            .current_dir(d)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.code().is_some());
    };
    check("alpha", "a.sqlite", "fixtures/specs/clear");
    check("beta", "b.sqlite", "fixtures/specs/flawed");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
        .args(["report", "--ledger", "a.sqlite", "--ledger", "b.sqlite", "--by", "project", "--format", "json"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let groups: Value = serde_json::from_slice(&out.stdout).unwrap();
    // One clear fixture names its own project (`storage`) in its front matter.
    let keys: Vec<&str> = groups.as_array().unwrap().iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["alpha", "beta", "storage"]);
    assert_eq!((groups[0]["checks"].as_u64(), groups[0]["accepted"].as_u64()), (Some(4), Some(4)));
    assert_eq!((groups[1]["checks"].as_u64(), groups[1]["accepted"].as_u64()), (Some(5), Some(0)));
    assert_eq!((groups[2]["checks"].as_u64(), groups[2]["accepted"].as_u64()), (Some(1), Some(1)));
    assert!(groups[1]["per_accepted"].is_null(), "no accepted spec: per accepted is undefined");
    assert_eq!(groups[0]["usd"], 0.0);

    for format in ["table", "csv", "markdown"] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
            .args(["report", "--ledger", "a.sqlite", "--format", format])
            .current_dir(d)
            .output()
            .unwrap();
        assert!(String::from_utf8(out.stdout).unwrap().contains("alpha"), "{format}");
    }
    let bad = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
        .args(["report", "--ledger", "missing.sqlite"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("missing.sqlite"));
    let since = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
        .args(["report", "--ledger", "a.sqlite", "--since", "yesterday"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(since.status.code(), Some(2));
}

/// Answers with a faithful round trip, but with a `usage` object whose counts are not numbers.
struct MalformedUsage {
    ir: String,
    english: String,
}

impl Respond for MalformedUsage {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let forward = body["messages"][0]["content"].as_str().unwrap().starts_with("You translate an English");
        let content = if forward { &self.ir } else { &self.english };
        ResponseTemplate::new(200).set_body_json(json!({
            "id": "x", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": "many", "completion_tokens": null}
        }))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_usage_is_estimated_not_free() {
    let (ir, english) = common::faithful_round_trip(Path::new(CLEAR));
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(MalformedUsage { ir, english })
        .mount(&server)
        .await;
    let (dir, specs) = workdir(1);
    let (report, code) = run(ire(dir.path(), &server, "gpt-4o-mini", &["--no-cache", specs[0].to_str().unwrap()]));
    assert_eq!(code, 0, "{report:#}");
    let cost = &report["results"][0]["cost"];
    assert_eq!(cost["estimated"], true, "{cost}");
    assert!(cost["input_tokens"].as_u64().unwrap() > 0 && cost["usd"].as_f64().unwrap() > 0.0, "{cost}");
}

#[test]
fn a_check_the_ledger_refused_to_record_fails_the_run_but_keeps_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/clear");
    let check = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
            .args(["--isolated", "check", "--ledger", "l.sqlite", "--format", "json"])
            .arg(&spec)
            .current_dir(d)
            .output()
            .unwrap()
    };
    assert_eq!(check().status.code(), Some(0));
    let before = ledger_rows(&d.join("l.sqlite"));
    rusqlite::Connection::open(d.join("l.sqlite"))
        .unwrap()
        .execute_batch("CREATE TRIGGER refuse BEFORE INSERT ON checks BEGIN SELECT RAISE(FAIL, 'disk says no'); END;")
        .unwrap();
    let out = check();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("disk says no") && stderr.contains("could not be recorded"), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["results"].as_array().unwrap().len(), 5, "the report still has every check");
    assert_eq!(ledger_rows(&d.join("l.sqlite")), before, "what was recorded before is kept");
}

#[test]
fn a_spec_s_own_project_is_the_one_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("own.md"), "---\nproject: gamma\n---\nThe worker must retry a failed upload 3 times.\n")
        .unwrap();
    std::fs::write(d.join("plain.md"), "The worker must log each retry.\n").unwrap();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
        .args(["--isolated", "check", "--project", "alpha", "--ledger", "l.sqlite", "own.md", "plain.md"])
        .current_dir(d)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.code().is_some());
    let c = rusqlite::Connection::open(d.join("l.sqlite")).unwrap();
    let mut rows: Vec<(String, String)> = c
        .prepare("SELECT spec_path, project FROM checks")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.sort();
    assert_eq!(rows, [("own.md".into(), "gamma".into()), ("plain.md".into(), "alpha".into())]);
}
