//! Adopting ire in a repository: report files, `ire init`, `--dump-config`, baselines and
//! `--changed-since`.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::ire_in;

fn copy_fixture(name: &str, to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs").join(name);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

#[test]
fn several_formats_go_to_their_files_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs");
    ire_in(d)
        .arg("--isolated")
        .arg("check")
        .arg(&spec)
        .args(["--format", "junit=report.xml", "--format", "sarif=ire.sarif", "--format", "markdown=summary.md"])
        .args(["--format", "github"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("::"));
    let junit =
        quick_junit::Report::deserialize_from_str(&std::fs::read_to_string(d.join("report.xml")).unwrap()).unwrap();
    assert_eq!((junit.tests, junit.failures), (10, 5));
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(d.join("ire.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        std::fs::read_to_string(d.join("summary.md")).unwrap().contains("| spec | verdict | fidelity | findings |")
    );
    ire_in(d)
        .args(["--isolated", "check", "x.md", "--format", "yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown format `yaml`"));
}

#[test]
fn init_writes_a_config_that_dump_config_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ire_in(d).arg("init").assert().success();
    let text = std::fs::read_to_string(d.join("ire.toml")).unwrap();
    assert!(text.contains("min_fidelity = 0.9") && text.contains("# Accept a spec"));
    ire_in(d).arg("init").assert().code(2).stderr(predicate::str::contains("already exists"));
    std::fs::write(d.join("ire.toml"), text.replace("min_fidelity = 0.9", "min_fidelity = 0.65")).unwrap();
    ire_in(d)
        .args(["--dump-config", "check", "--concurrency", "3", "anything.md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("min_fidelity = 0.65").and(predicate::str::contains("concurrency = 3")));
    ire_in(d).args(["init", "--force"]).assert().success();
}

#[test]
fn a_baseline_fails_only_new_or_worse_specs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_fixture("flawed/vague-backoff.md", &d.join("specs/sync.md"));
    copy_fixture("clear/rate-limit.md", &d.join("specs/login.md"));
    let out = ire_in(d).args(["--isolated", "check", "specs", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(d.join("baseline.json"), &out.stdout).unwrap();

    // Same specs: the known blocked spec is baselined and the run passes.
    let out = ire_in(d)
        .args(["--isolated", "check", "specs", "--baseline", "baseline.json", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["baselined"], 1);
    // Every format says it is baselined rather than failing it.
    let formats = ["--format", "github=gh.txt", "--format", "junit=j.xml", "--format", "sarif=s.json", "--format"];
    let out = ire_in(d)
        .args(["--isolated", "check", "specs", "--baseline", "baseline.json", "--no-ledger"])
        .args(formats)
        .arg("human")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("baselined specs/sync.md"));
    let github = std::fs::read_to_string(d.join("gh.txt")).unwrap();
    assert!(
        !github.contains("::error") && !github.contains("::warning") && github.contains("ire (baselined)"),
        "{github}"
    );
    let junit = std::fs::read_to_string(d.join("j.xml")).unwrap();
    assert!(junit.contains("<skipped") && !junit.contains("<failure"), "{junit}");
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(d.join("s.json")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.iter().all(|r| r["baselineState"] == "unchanged" && r["level"] == "note"));

    // A new flawed spec fails.
    copy_fixture("flawed/conflict.md", &d.join("specs/audit.md"));
    ire_in(d).args(["--isolated", "check", "specs", "--baseline", "baseline.json"]).assert().code(1);
    std::fs::remove_file(d.join("specs/audit.md")).unwrap();

    // A known spec that gains a blocking finding fails.
    let sync = std::fs::read_to_string(d.join("specs/sync.md")).unwrap();
    std::fs::write(d.join("specs/sync.md"), format!("{sync}\nThe retry limit is TBD.\n")).unwrap();
    ire_in(d).args(["--isolated", "check", "specs", "--baseline", "baseline.json"]).assert().code(1);

    std::fs::write(d.join("bad.json"), "{\"schema\": \"other/1\", \"results\": []}").unwrap();
    ire_in(d)
        .args(["--isolated", "check", "specs", "--baseline", "bad.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.json"));
}

#[test]
fn changed_since_checks_only_changed_specs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
            .args(args)
            .current_dir(d)
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    git(&["init", "-q"]);
    copy_fixture("clear/rate-limit.md", &d.join("specs/login.md"));
    copy_fixture("flawed/conflict.md", &d.join("specs/audit.md"));
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "specs"]);

    ire_in(d)
        .args(["--isolated", "check", "specs", "--changed-since", "HEAD"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("no spec changed since `HEAD`"));
    copy_fixture("clear/upload-retries.md", &d.join("specs/login.md"));
    copy_fixture("clear/word-count.txt", &d.join("specs/new.txt"));
    let out = ire_in(d)
        .args(["--isolated", "check", "specs", "--changed-since", "HEAD", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "the blocked audit.md is unchanged and not checked");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = report["results"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["specs/login.md", "specs/new.txt"]);
    ire_in(d)
        .args(["--isolated", "check", "specs", "--changed-since", "no-such-rev"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rev"));
}

#[test]
fn a_revision_that_looks_like_an_option_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(dir.path().join("a.md"), "Return the sum of `xs`.\n").unwrap();
    ire_in(dir.path())
        .args(["--isolated", "check", ".", "--no-ledger"])
        .arg(format!("--changed-since=--output={}", victim.display()))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a git revision"));
    assert!(!victim.exists(), "git was not asked to write anything");
}
