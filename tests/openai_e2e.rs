//! Opt-in end to end against a real local model server: skipped unless `IRE_E2E_BASE_URL`
//! is set (see `scripts/e2e-local-model.sh`). A tiny model cannot be expected to translate
//! well, so this checks the plumbing: a valid IR or a clear backend error, usage recorded,
//! a verdict produced.

use serde_json::Value;

#[test]
fn a_real_local_model_completes_round_trips() {
    let Ok(base_url) = std::env::var("IRE_E2E_BASE_URL") else {
        eprintln!("skipped: set IRE_E2E_BASE_URL (scripts/e2e-local-model.sh starts a server)");
        return;
    };
    let model = std::env::var("IRE_E2E_MODEL").unwrap_or_else(|_| "smollm2".into());
    let started = std::time::Instant::now();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
        .args(["--isolated", "check", "--backend", "openai", "--format", "json", "--concurrency", "1"])
        .args(["--model", &model, "--base-url", &base_url, "--timeout", "300", "--max-output-tokens", "800"])
        .args(["fixtures/specs/clear/rate-limit.md", "fixtures/specs/flawed/vague-backoff.md"])
        .env("OPENAI_API_KEY", "none")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    eprintln!("{}", serde_json::to_string_pretty(&report["summary"]).unwrap());
    for r in report["results"].as_array().unwrap() {
        eprintln!(
            "{}: {} fidelity {:?} calls {} error {:?}",
            r["path"], r["verdict"], r["fidelity"], r["calls"], r["error"]
        );
        let calls = r["calls"].as_array().expect("calls are recorded");
        assert!(!calls.is_empty());
        let answered: Vec<&Value> = calls.iter().filter(|c| c["status"] == 200).collect();
        assert!(!answered.is_empty(), "at least one call was answered");
        assert!(answered.iter().all(|c| c["input_tokens"].as_u64().unwrap() > 0), "usage recorded");
        match r["verdict"].as_str().unwrap() {
            "accepted" | "blocked" => assert!(r["fidelity"].is_number()),
            "error" => assert!(
                r["error"].as_str().unwrap().contains("invalid output")
                    || r["error"].as_str().unwrap().contains("timed out")
            ),
            other => panic!("unexpected verdict {other}"),
        }
    }
    eprintln!("wall time: {:.1} s, exit code {:?}", started.elapsed().as_secs_f64(), out.status.code());
    assert!(matches!(out.status.code(), Some(0 | 1 | 3)));
}
