//! Throughput of the offline round trip, and the start-up cost of `ire check one.md`.
//!
//! `cargo bench` checks every HumanEvalComm record (939 specs) with the rules backend on one
//! thread, several times, and reports the best pass; then it runs the release binary on one
//! fixture 30 times and reports the median wall time; and it times one long spec of 300 to
//! 8,000 clauses. Targets: at least 10,000 specs/s and 5 MB/s on one core, under 20 ms for
//! one spec, and a time per clause that stays flat as a spec grows.
//!
//! The corpus path can be set with `IRE_BENCH_CORPUS`; by default it is
//! `../shared/corpus/humanevalcomm/humanevalcomm.jsonl` beside the repository.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ire::gate::Gate;
use ire::score::Params;
use ire::spec::{Format, Spec};
use ire::translate::Backend;

fn corpus() -> Option<(PathBuf, Vec<String>)> {
    let path = std::env::var_os("IRE_BENCH_CORPUS").map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/humanevalcomm/humanevalcomm.jsonl")
    });
    let text = std::fs::read_to_string(&path).ok()?;
    let specs = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect();
    Some((path, specs))
}

fn main() {
    // `cargo test --benches` runs this binary with `--bench` absent; keep that quick.
    let full = std::env::args().any(|a| a == "--bench");
    let Some((path, specs)) = corpus() else {
        eprintln!("corpus not found; set IRE_BENCH_CORPUS to a JSON Lines file with `text` fields");
        return;
    };
    let backend = Backend::rules();
    let (gate, params) = (Gate::default(), Params::default());
    let bytes: usize = specs.iter().map(String::len).sum();
    let passes = if full { 10 } else { 1 };
    let mut best = Duration::MAX;
    let mut accepted = 0;
    for _ in 0..passes {
        let start = Instant::now();
        accepted = 0;
        for (i, text) in specs.iter().enumerate() {
            let label = format!("record-{i}");
            let Ok(spec) = Spec::from_text(Path::new(&label), text, Format::Plain) else {
                continue;
            };
            let checked =
                ire::run::check_spec(&spec, &backend, &gate, &params, &mut Vec::new()).expect("rules never fail");
            accepted += usize::from(checked.verdict == ire::gate::Verdict::Accepted);
        }
        best = best.min(start.elapsed());
    }
    let secs = best.as_secs_f64();
    #[expect(clippy::cast_precision_loss, reason = "counts are small")]
    let (per_s, mb_s) = (specs.len() as f64 / secs, bytes as f64 / 1e6 / secs);
    println!("corpus: {} ({} specs, {:.2} MB)", path.display(), specs.len(), bytes as f64 / 1e6);
    println!(
        "rules round trip, 1 thread, best of {passes}: {:.1} ms = {per_s:.0} specs/s, {mb_s:.1} MB/s ({accepted} accepted)",
        secs * 1000.0
    );
    println!("  target >= 10000 specs/s and >= 5 MB/s: {}", verdict(per_s >= 10_000.0 && mb_s >= 5.0));
    scaling(full, &backend, &gate, &params);

    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/ire");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/clear/upload-retries.md");
    if !full || !binary.exists() {
        println!("start-up: skipped (run `cargo build --release` then `cargo bench`)");
        return;
    }
    let mut times: Vec<Duration> = (0..30)
        .map(|_| {
            let start = Instant::now();
            let status = std::process::Command::new(&binary)
                .args(["--isolated", "check", "--format", "json"])
                .arg(&fixture)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("run ire");
            assert!(status.code().is_some());
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "`ire check one.md` (release binary, 30 runs): median {:.1} ms, min {:.1} ms",
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0
    );
    println!("  target < 20 ms: {}", verdict(median < Duration::from_millis(20)));
}

/// Time per clause from 300 to 8,000 clauses: a long spec of distinct requirements, checked
/// whole. Flat means linear: conflicts are found through an index, alignment and parameter
/// search look within a window.
fn scaling(full: bool, backend: &Backend, gate: &Gate, params: &Params) {
    let sizes: &[usize] = if full { &[300, 1000, 3000, 8000] } else { &[300] };
    let verbs = ["store", "send", "retry", "archive", "validate", "export", "compress", "delete"];
    let mut per_clause = Vec::new();
    for &n in sizes {
        let text: String = (0..n)
            .map(|i| {
                let verb = verbs[i % verbs.len()];
                // Every other clause has a finding (a weak modal), so that the judgement of
                // findings is measured as well as the round trip.
                let modal = if i % 2 == 0 { "must" } else { "should" };
                format!("- The worker {i} {modal} {verb} report `r{i}.csv` within {} seconds.\n", i % 50 + 1)
            })
            .collect();
        let spec = Spec::from_text(Path::new("long.md"), &text, Format::Markdown).expect("a spec");
        let start = Instant::now();
        let checked = ire::run::check_spec(&spec, backend, gate, params, &mut Vec::new()).expect("rules never fail");
        let secs = start.elapsed().as_secs_f64();
        #[expect(clippy::cast_precision_loss, reason = "counts are small")]
        let us = secs * 1e6 / n as f64;
        per_clause.push(us);
        println!("{n:>5} clauses: {:.1} ms, {us:.1} µs per clause (fidelity {:.2})", secs * 1000.0, checked.fidelity);
        if n == 3000 {
            println!("  target: 3,000 clauses under 100 ms: {}", verdict(secs < 0.1));
        }
    }
    if let (Some(first), Some(last)) = (per_clause.first(), per_clause.last())
        && per_clause.len() > 1
    {
        println!(
            "  time per clause, 8,000 vs 300 clauses: {:.2} × (target: flat, <= 2 ×): {}",
            last / first,
            verdict(last / first <= 2.0)
        );
    }
    if full {
        // A spec at the default size limit: 1 MiB of requirements, half of them with a finding.
        let mut text = String::from("# A large spec\n\n");
        let mut i = 0;
        while text.len() < 1_000_000 {
            let modal = if i % 2 == 0 { "must" } else { "should" };
            text.push_str(&format!(
                "- The service {modal} {} the record {i} of the audit log within {} seconds of its event.\n",
                verbs[i % verbs.len()],
                i % 90 + 1
            ));
            i += 1;
        }
        let spec = Spec::from_text(Path::new("big.md"), &text, Format::Markdown).expect("a spec");
        let start = Instant::now();
        let checked = ire::run::check_spec(&spec, backend, gate, params, &mut Vec::new()).expect("rules never fail");
        let secs = start.elapsed().as_secs_f64();
        println!(
            "1 MiB spec ({i} clauses, {} findings): {:.0} ms (target < 1 s): {}",
            checked.findings.len(),
            secs * 1000.0,
            verdict(secs < 1.0)
        );
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}
