//! What the end-to-end tests share: running the binary, and a faithful round trip of a
//! fixture for mock model servers to answer with.

#![allow(dead_code, reason = "each test file uses a different part of this module")]

use std::path::Path;

/// The `ire` binary, isolated from a developer's own `ire.toml`, `IRE_*` variables and
/// colour settings.
#[must_use]
pub fn ire() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("ire").unwrap();
    cmd.arg("--isolated").env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

/// The `ire` binary run in `dir`, not isolated (it reads the `ire.toml` it finds there).
#[must_use]
pub fn ire_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("ire").unwrap();
    cmd.current_dir(dir).env_remove("IRE_MIN_FIDELITY");
    cmd
}

/// `ire --isolated check --backend openai --model MODEL --base-url SERVER/v1`, with a test
/// key, for a mock server started by the test.
#[must_use]
pub fn ire_openai(server_uri: &str, model: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ire"));
    cmd.args(["--isolated", "check", "--backend", "openai", "--model", model, "--format", "json"])
        .arg("--base-url")
        .arg(format!("{server_uri}/v1"))
        .env("OPENAI_API_KEY", "sk-test");
    cmd
}

/// The rules backend's IR (as JSON) and back-translation of a spec file: what a perfectly
/// faithful model would answer.
#[must_use]
pub fn faithful_round_trip(spec: &Path) -> (String, String) {
    let spec = ire::spec::Spec::load(spec, 1 << 20).unwrap();
    let rules = ire::translate::rules::Rules;
    let ir = rules.read(&spec);
    let english = ire::translate::rules::render::render(&ir);
    (serde_json::to_string(&ir).unwrap(), english)
}
