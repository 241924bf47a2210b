//! End-to-end tests of the `ire` binary on the fixtures, with the offline rules backend.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::ire;

fn json_report(args: &[&str]) -> (Value, i32) {
    let out = ire().arg("check").args(args).args(["--format", "json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    (report, out.status.code().unwrap())
}

fn kinds(result: &Value) -> Vec<String> {
    result["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn clear_specs_are_accepted() {
    for spec in [
        "fixtures/specs/clear/upload-retries.md",
        "fixtures/specs/clear/rate-limit.md",
        "fixtures/specs/clear/word-count.txt",
    ] {
        let (report, code) = json_report(&[spec]);
        let result = &report["results"][0];
        assert_eq!(code, 0, "{spec}: {result:#}");
        assert_eq!(result["verdict"], "accepted");
        assert!(result["fidelity"].as_f64().unwrap() >= 0.9);
        assert!(kinds(result).iter().all(|k| k != "low_fidelity"));
    }
}

#[test]
fn flawed_specs_are_blocked_with_findings_that_say_what_to_fix() {
    let cases: &[(&str, &[&str])] = &[
        ("fixtures/specs/flawed/vague-backoff.md", &["vague_term", "weak_modal", "optionality", "assumed"]),
        ("fixtures/specs/flawed/tbd-limits.md", &["incomplete"]),
        ("fixtures/specs/flawed/pronouns.md", &["unresolved_reference"]),
        ("fixtures/specs/flawed/conflict.md", &["conflict"]),
    ];
    for (spec, expected) in cases {
        let (report, code) = json_report(&[spec]);
        let result = &report["results"][0];
        assert_eq!(code, 1, "{spec}: {result:#}");
        assert_eq!(result["verdict"], "blocked");
        let found = kinds(result);
        for kind in *expected {
            assert!(found.iter().any(|k| k == kind), "{spec}: expected {kind} in {found:?}");
        }
        for finding in result["findings"].as_array().unwrap() {
            if finding["kind"] != "low_fidelity" {
                assert!(finding["line"].as_u64().unwrap() >= 1, "{finding}");
                assert!(!finding["question"].as_str().unwrap_or("").is_empty(), "{finding}");
            }
        }
    }
}

#[test]
fn vague_words_do_not_survive_the_round_trip() {
    let (report, _) = json_report(&["fixtures/specs/flawed/vague-backoff.md"]);
    let back = report["results"][0]["back_translation"].as_str().unwrap();
    for word in ["reasonable", "efficiently", "appropriate"] {
        assert!(!back.contains(word), "{word} survived: {back}");
    }
}

#[test]
fn the_json_report_has_the_documented_shape() {
    let (report, code) = json_report(&["fixtures/specs"]);
    assert_eq!(code, 1);
    assert_eq!(report["schema"], "ire.report/1");
    assert_eq!(report["threshold"], 0.9);
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 10);
    let summary = &report["summary"];
    assert_eq!(summary["checked"], 10);
    assert_eq!(summary["accepted"], 5);
    assert_eq!(summary["blocked"], 5);
    assert_eq!(summary["errors"], 0);
    assert_eq!(summary["total"]["usd"], 0.0, "the rules backend is free, and says so");
    assert!(summary["total"]["energy_wh"].as_f64().unwrap() > 0.0, "its CPU time has an energy");
    assert!(summary["per_accepted"]["co2e_g"].as_f64().unwrap() > 0.0);
    assert!(summary["fidelity_per_1k_tokens"].is_null(), "no tokens spent: the ratio is undefined, not 0");
    assert!(summary["per_accepted"]["wall_ms"].as_f64().unwrap() > 0.0);
    for r in results {
        assert_eq!(r["spec_sha256"].as_str().unwrap().len(), 64);
        for key in ["recall", "precision", "round_trip", "ambiguity_penalty"] {
            let v = r["components"][key].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&v), "{key} = {v}");
        }
        for key in ["wall_ms", "input_tokens", "output_tokens", "cached_tokens", "usd", "energy_wh", "co2e_g"] {
            assert!(r["cost"][key].is_number(), "cost.{key}");
        }
        assert!(r["error"].is_null());
        for stage in ["load_ms", "forward_ms", "backward_ms", "score_ms"] {
            assert!(r["stages"][stage].as_f64().unwrap() >= 0.0, "stages.{stage}");
        }
    }
}

#[test]
fn one_bad_spec_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.md");
    let (report, code) = json_report(&["fixtures/specs/clear/rate-limit.md", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(report["results"][0]["verdict"], "accepted");
    assert_eq!(report["results"][1]["verdict"], "error");
    let error = report["results"][1]["error"].as_str().unwrap();
    assert!(error.contains("missing.md") && error.contains("no such file"), "{error}");
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn bad_input_gets_a_clear_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let cases = [
        (write("empty.md", b" \n\n"), "is empty", "1048576"),
        (write("binary.md", b"abc\0def"), "looks binary: NUL byte at offset 3", "1048576"),
        (write("latin1.md", b"caf\xe9 must run"), "not valid UTF-8 at byte 3", "1048576"),
        (write("big.md", &[b'a'; 64]), "is 64 bytes, over the limit of 16 bytes", "16"),
        (write("front.md", b"---\nbudget_usd: [1\n---\nBody.\n"), "invalid front matter", "1048576"),
    ];
    for (path, message, limit) in cases {
        let out = ire().args(["check", "--max-spec-bytes", limit, path.to_str().unwrap()]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        let stdout = String::from_utf8_lossy(&out.stdout);
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(stdout.contains(message) && stdout.contains(name), "{name}: {stdout}");
    }
}

#[test]
fn globs_and_directories_that_match_nothing_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    ire()
        .args(["check", &format!("{}/*.md", dir.path().display())])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no spec file matched the glob"));
    ire()
        .args(["check", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds no spec files"));
    ire().args(["check", "fixtures/specs/clear/*.md"]).assert().code(0);
}

#[test]
fn human_output_shows_findings_questions_and_the_diff_without_colour_when_piped() {
    let out = ire().args(["check", "fixtures/specs/flawed/vague-backoff.md"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "piped output must be plain");
    assert!(text.contains("blocked  fixtures/specs/flawed/vague-backoff.md"));
    assert!(text.contains("fixtures/specs/flawed/vague-backoff.md:3:51: warning[vague_term]"), "{text}");
    assert!(text.contains("? What"));
    assert!(text.contains("[-reasonable-]"), "{text}");
    assert!(text.contains("1 spec: 0 accepted, 1 blocked, 0 errors"));
    let coloured =
        ire().args(["--color", "always", "check", "fixtures/specs/flawed/vague-backoff.md"]).output().unwrap();
    assert!(String::from_utf8(coloured.stdout).unwrap().contains('\u{1b}'));
    let no_color = ire()
        .env("NO_COLOR", "1")
        .args(["--color", "auto", "check", "fixtures/specs/flawed/vague-backoff.md"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(no_color.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn min_fidelity_moves_the_gate() {
    ire().args(["check", "--min-fidelity", "0.2", "fixtures/specs/flawed/vague-backoff.md"]).assert().code(0);
    ire().args(["check", "--min-fidelity", "1", "fixtures/specs/clear/word-count.txt"]).assert().code(1);
    ire()
        .args(["check", "--min-fidelity", "1.5", "fixtures/specs/clear/upload-retries.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("between 0 and 1"));
}

#[test]
fn output_file_gets_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    ire()
        .args(["check", "fixtures/specs/clear", "--format", "json", "--output", path.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout("");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(report["summary"]["accepted"], 5);
}

#[test]
fn two_reports_to_one_stream_are_refused_before_anything_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("l.sqlite");
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/specs/clear");
    ire()
        .args(["check", spec, "-f", "json", "-f", "sarif", "--ledger", ledger.to_str().unwrap()])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("json and sarif").and(predicate::str::contains("standard output")));
    assert!(!ledger.exists(), "nothing was checked, so nothing was recorded");
    let file = dir.path().join("r.out");
    ire()
        .args(["check", spec, "--no-ledger", "-f", &format!("json={}", file.display()), "-f"])
        .arg(format!("junit={}", file.display()))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("r.out"));
}

#[test]
fn quiet_shows_only_what_was_not_accepted_and_help_lists_every_format() {
    let out = ire().args(["check", "--no-ledger", "-q", "fixtures/specs"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("blocked  fixtures/specs/flawed/") && !text.contains("accepted fixtures/"), "{text}");
    assert!(text.contains("10 specs: 5 accepted, 5 blocked"), "the summary still counts every spec: {text}");
    let (report, _) = json_report(&["--no-ledger", "-q", "fixtures/specs"]);
    assert_eq!(report["results"].as_array().unwrap().len(), 10, "machine formats stay complete");
    for flag in ["-h", "--help"] {
        let help = ire().args(["check", flag]).output().unwrap().stdout;
        let help = String::from_utf8(help).unwrap();
        for format in ire::report::Format::ALL {
            assert!(help.contains(format.name()), "{flag} lacks {}", format.name());
        }
    }
}

#[test]
fn ir_render_and_schema_round_trip() {
    let out = ire().args(["ir", "fixtures/specs/clear/upload-retries.md"]).output().unwrap();
    assert!(out.status.success());
    let ir: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ir["ir_version"], 2);
    assert_eq!(ir["title"], "Upload retries");
    let retry = ir["requirements"].as_array().unwrap().iter().find(|r| r["action"] == "retry").unwrap();
    assert_eq!(retry["actor"], "The upload worker");
    assert_eq!(retry["modality"], "must");
    assert_eq!(retry["quantities"][0], serde_json::json!({"relation": "<=", "value": 3, "unit": "attempts"}));
    assert_eq!(retry["source"]["line"], 11);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.ir.json");
    std::fs::write(&path, &out.stdout).unwrap();
    ire()
        .args(["render", path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("The upload worker must retry a failed upload at most 3 times."));
    ire().args(["render", "-"]).write_stdin(out.stdout).assert().success();

    let schema: Value = serde_json::from_slice(&ire().arg("schema").output().unwrap().stdout).unwrap();
    assert!(schema["properties"]["requirements"].is_object());
    assert!(schema["required"].as_array().unwrap().iter().any(|k| k == "ir_version"));
}

#[test]
fn render_refuses_an_invalid_ir_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, r#"{"ir_version": 7}"#).unwrap();
    ire()
        .args(["render", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.json").and(predicate::str::contains("ir_version")));
}

#[test]
fn config_is_discovered_layered_and_strict() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/flawed/vague-backoff.md");
    std::fs::write(dir.path().join("ire.toml"), "min_fidelity = 0.2\n").unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = Command::cargo_bin("ire").unwrap();
        cmd.current_dir(dir.path()).env_remove("IRE_MIN_FIDELITY").args(extra).arg("check").arg(&spec);
        cmd
    };
    run(&[]).assert().code(0);
    run(&["--isolated"]).assert().code(1);
    run(&[]).env("IRE_MIN_FIDELITY", "0.9").assert().code(1);
    std::fs::write(dir.path().join("ire.toml"), "min_fidelity = 0.2\nthreshhold = 1\n").unwrap();
    run(&[]).assert().code(2).stderr(predicate::str::contains("threshhold").and(predicate::str::contains("ire.toml")));

    // A bad value is blamed on where it came from, not on the file that happens to exist.
    std::fs::write(
        dir.path().join("ire.toml"),
        "min_fidelity = 0.2
",
    )
    .unwrap();
    let blamed = |cmd: &mut Command, culprit: &str| {
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(culprit) && !stderr.contains("ire.toml"), "{culprit}: {stderr}");
    };
    blamed(run(&[]).args(["--min-fidelity", "2"]), "`--min-fidelity`");
    blamed(run(&[]).args(["--timeout", "0"]), "`--timeout`");
    blamed(run(&[]).env("IRE_MIN_FIDELITY", "3"), "`IRE_MIN_FIDELITY`");
    std::fs::write(dir.path().join("ire.toml"), "[budget]\nmax_usd = -1.0\n").unwrap();
    run(&[]).assert().code(2).stderr(predicate::str::contains("ire.toml").and(predicate::str::contains("max_usd")));
}

#[test]
fn a_report_redirected_into_the_walked_folder_is_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/clear/upload-retries.md"),
        dir.path().join("a.md"),
    )
    .unwrap();
    for _ in 0..2 {
        let report = std::fs::File::create(dir.path().join("report.txt")).unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
            .args(["--isolated", "check", "--no-ledger", "."])
            .current_dir(dir.path())
            .stdout(report)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("skipped `./report.txt`"));
        let text = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
        assert!(text.contains("1 spec: 1 accepted"), "{text}");
    }
}

#[test]
fn a_connection_error_says_what_went_wrong() {
    // Port 1 on the loopback interface: nothing listens there, so the connection is refused.
    let out = ire()
        .args(["check", "--no-ledger", "--backend", "openai", "--model", "m", "--retries", "0"])
        .args(["--base-url", "http://127.0.0.1:1/v1", "fixtures/specs/clear/rate-limit.md"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("could not connect") && stderr.to_lowercase().contains("refused"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("unknown energy") && stdout.contains("unknown CO2e"), "{stdout}");
}

#[test]
fn dump_config_alone_or_with_a_command_prints_toml_that_reads_back() {
    let alone = ire().arg("--dump-config").output().unwrap();
    assert!(alone.status.success());
    let text = String::from_utf8(alone.stdout).unwrap();
    assert!(text.contains("min_fidelity = 0.9") && text.contains("[carbon]"), "{text}");
    let with = ire().args(["check", "--min-fidelity", "0.7", "--max-usd", "2", "--dump-config"]).output().unwrap();
    let text = String::from_utf8(with.stdout).unwrap();
    assert!(text.contains("min_fidelity = 0.7") && text.contains("max_usd = 2.0"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dumped.toml"), &text).unwrap();
    ire()
        .args(["--config", dir.path().join("dumped.toml").to_str().unwrap(), "--dump-config"])
        .assert()
        .success()
        .stdout(predicate::str::contains("min_fidelity = 0.7"));
}

#[test]
fn calibrate_reports_auc_threshold_and_confusion() {
    let out = ire().args(["calibrate", "fixtures/labelled.jsonl", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["records"], 6);
    assert_eq!(c["skipped"], 1);
    assert!(c["auc"].as_f64().unwrap() >= 0.8, "{c:#}");
    let m = &c["confusion"];
    let total: u64 = ["true_positive", "false_positive", "true_negative", "false_negative"]
        .iter()
        .map(|k| m[k].as_u64().unwrap())
        .sum();
    assert_eq!(total, 6);
    ire()
        .args(["calibrate", "fixtures/labelled.jsonl"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ROC AUC").and(predicate::str::contains("best threshold")));
}

#[test]
fn calibrate_names_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.jsonl");
    std::fs::write(&path, "{\"text\": \"Return 1.\", \"label\": \"clear\"}\n{not json}\n").unwrap();
    ire()
        .args(["calibrate", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("l.jsonl").and(predicate::str::contains("line 2")));
}

#[test]
fn a_fifo_or_a_device_is_refused_not_read_for_ever() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    let mut args = vec!["check".to_owned(), "/dev/zero".to_owned()];
    if made {
        args.push(fifo.display().to_string());
    }
    ire()
        .args(&args)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("not a regular file"));
}

#[test]
fn a_spec_that_could_not_be_checked_is_named_on_stderr_too() {
    ire()
        .args([
            "check",
            "fixtures/specs/clear/rate-limit.md",
            "fixtures/specs/missing.md",
            "--format",
            "json",
            "--no-ledger",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: fixtures/specs/missing.md: could not read spec"));
}
