//! `ire exec SPEC -- CMD`: the command runs only for an accepted spec.

use predicates::prelude::*;

mod common;

use common::ire;

#[test]
fn an_accepted_spec_runs_the_command_with_its_variables_and_passes_on_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("seen.txt");
    let script = format!(
        "printf '%s|%s|' \"$IRE_SPEC\" \"$IRE_FIDELITY\" > {0}; grep -c ir_version \"$IRE_IR\" >> {0}; echo child-output; exit 7",
        seen.display()
    );
    ire()
        .args(["exec", "fixtures/specs/clear/rate-limit.md", "--", "sh", "-c", &script])
        .assert()
        .code(7)
        .stdout("child-output\n")
        .stderr(predicate::str::contains("exited with 7"));
    let seen = std::fs::read_to_string(&seen).unwrap();
    assert_eq!(seen.trim(), "fixtures/specs/clear/rate-limit.md|1.0000|1");
}

#[test]
fn a_blocked_spec_never_starts_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran");
    ire()
        .args(["exec", "fixtures/specs/flawed/vague-backoff.md", "--", "touch"])
        .arg(&marker)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("vague_term").and(predicate::str::contains("not running `touch`")));
    assert!(!marker.exists(), "the command ran for a blocked spec");
}

#[test]
fn an_unreadable_spec_never_starts_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran");
    ire().args(["exec", "no/such/spec.md", "--", "touch"]).arg(&marker).assert().code(2);
    assert!(!marker.exists());
}

#[test]
fn a_missing_command_is_a_clear_error() {
    ire()
        .args(["exec", "fixtures/specs/clear/rate-limit.md", "--", "ire-no-such-command-anywhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("could not start `ire-no-such-command-anywhere`"));
}

#[test]
fn a_command_ended_by_a_signal_gives_128_plus_the_signal() {
    ire()
        .args(["exec", "fixtures/specs/clear/rate-limit.md", "--", "sh", "-c", "kill -TERM $$"])
        .assert()
        .code(128 + 15);
}

#[test]
fn sigterm_to_ire_reaches_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("got-term");
    let started = dir.path().join("started");
    let script =
        format!("trap 'touch {}; exit 3' TERM; touch {}; sleep 10 & wait", marker.display(), started.display());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"))
        .args(["--isolated", "exec", "fixtures/specs/clear/rate-limit.md", "--", "sh", "-c", &script])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until ire has checked the spec and the command is running.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !started.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(started.exists(), "the command never started");
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(3), "the command's own exit status comes back");
    assert!(marker.exists(), "the command saw SIGTERM");
}
