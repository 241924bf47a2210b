//! TAP 14 (the Test Anything Protocol): one test point per spec, with its fidelity and
//! findings as a YAML diagnostic block, for the many harnesses and CI tools that read TAP.
//!
//! An accepted spec is `ok`; a blocked one is `not ok`, or `not ok … # TODO baselined` when a
//! baseline excuses it (a TODO failure does not fail a TAP run, as a baselined spec does not
//! fail ire's); a spec that could not be checked is `not ok` with its error.

use std::io::{self, Write};

use serde::Serialize;

use super::Reporter;
use crate::gate::Verdict;
use crate::run::{CheckResult, RunReport};

/// The TAP reporter.
#[derive(Debug, Clone, Copy)]
pub struct Tap;

/// The YAML diagnostic of a test point.
#[derive(Serialize)]
struct Diagnostic<'a> {
    verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fidelity: Option<f64>,
    threshold: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<FindingLine<'a>>,
}

#[derive(Serialize)]
struct FindingLine<'a> {
    kind: &'a str,
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<String>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<&'a str>,
}

impl Reporter for Tap {
    fn render(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "TAP version 14")?;
        writeln!(out, "1..{}", run.results.len())?;
        for (i, r) in run.results.iter().enumerate() {
            let ok = if r.verdict == Verdict::Accepted { "ok" } else { "not ok" };
            let mut line = format!("{ok} {} - {}", i + 1, escape(&r.path.display().to_string()));
            if r.baselined {
                line.push_str(" # TODO baselined: no worse than the baseline");
            }
            writeln!(out, "{line}")?;
            if r.verdict != Verdict::Accepted || !r.findings.is_empty() {
                diagnostic(run, r, out)?;
            }
        }
        Ok(())
    }
}

fn diagnostic(run: &RunReport, r: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    let findings = r
        .findings
        .iter()
        .map(|f| FindingLine {
            kind: f.kind.name(),
            severity: f.severity.as_str(),
            at: f.line.map(|l| f.column.map_or_else(|| l.to_string(), |c| format!("{l}:{c}"))),
            message: &f.message,
            question: f.question.as_deref(),
        })
        .collect();
    let d = Diagnostic {
        verdict: r.verdict.as_str(),
        fidelity: r.fidelity.map(|f| (f * 10_000.0).round() / 10_000.0),
        threshold: run.threshold,
        error: r.error.as_deref(),
        findings,
    };
    let yaml = serde_norway::to_string(&d).map_err(io::Error::other)?;
    writeln!(out, "  ---")?;
    for line in yaml.lines().filter(|l| *l != "---") {
        writeln!(out, "  {line}")?;
    }
    writeln!(out, "  ...")
}

/// A test point's description may not hold an unescaped `#` (it would start a directive).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('#', "\\#").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn descriptions_escape_directives() {
        assert_eq!(super::escape("specs/#1 a\\b.md"), "specs/\\#1 a\\\\b.md");
    }
}
