//! Reporters: each renders a finished [`RunReport`] in one format.
//!
//! Adding a format is one file, one [`crate::cli::Format`] variant and one match arm here.

mod github;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;

use std::io::{self, Write};

pub use github::Github;
pub use human::Human;
pub use json::Json;
pub use junit::Junit;
pub use markdown::Markdown;
pub use sarif::Sarif;

use crate::cli::Format;
use crate::pipeline::RunReport;

/// Renders a finished run.
pub trait Report {
    /// Writes the run to `out`. Human output may carry ANSI colours; the caller strips them
    /// when the destination is not a colour terminal.
    fn render(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()>;
}

/// Renders a run in the chosen format.
pub fn render(format: Format, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => Human.render(run, out),
        Format::Json => Json.render(run, out),
        Format::Junit => Junit.render(run, out),
        Format::Sarif => Sarif.render(run, out),
        Format::Github => Github.render(run, out),
        Format::Markdown => Markdown.render(run, out),
    }
}

/// The findings of a result as plain lines: `line:column kind: message`, then the question.
#[must_use]
pub fn findings_text(r: &crate::pipeline::CheckResult) -> String {
    let mut text = String::new();
    for f in &r.findings {
        let at = match (f.line, f.column) {
            (Some(l), Some(c)) => format!("{l}:{c} "),
            (Some(l), None) => format!("{l} "),
            _ => String::new(),
        };
        text.push_str(&format!("{at}{}[{}]: {}\n", f.severity.as_str(), f.kind, f.message));
        if let Some(q) = &f.question {
            text.push_str(&format!("  ? {q}\n"));
        }
    }
    text
}

/// Formats a small positive quantity with enough significant digits to be honest.
#[must_use]
pub fn small(value: f64) -> String {
    if value == 0.0 {
        "0".into()
    } else if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.2}")
    } else {
        // Three significant digits.
        let digits = (-value.log10()).ceil();
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "digits is in 1..=320")]
        let places = (digits as usize + 2).min(12);
        format!("{value:.places$}")
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::exit_code::ExitCode;
    use crate::gate::{Finding, Severity, Verdict};
    use crate::meter::Cost;
    use crate::pipeline::{CheckResult, RunReport, Summary};
    use crate::score::Components;

    /// One hand-built run with an accepted, a blocked and an unreadable spec.
    fn run() -> RunReport {
        let cost = |wall_ms| Cost {
            wall_ms,
            cpu_ms: wall_ms,
            usd: Some(0.0),
            energy_wh: Some(1e-6),
            co2e_g: Some(4.75e-7),
            ..Cost::default()
        };
        let components = |f| Components {
            recall: f,
            precision: 1.0,
            round_trip: f,
            ambiguity_penalty: 0.0,
            ambiguities: 0,
            clauses: 3,
        };
        let result = |path: &str, verdict, fidelity: Option<f64>| CheckResult {
            path: PathBuf::from(path),
            spec_sha256: fidelity.map(|_| "ab".repeat(32)),
            verdict,
            fidelity,
            components: fidelity.map(components),
            findings: Vec::new(),
            back_translation: fidelity.map(|_| "The worker must retry at most 3 times.\n".to_owned()),
            cost: cost(1.5),
            stages: None,
            saved: None,
            calls: Vec::new(),
            error: None,
            original: fidelity.map(|_| "The worker must retry at most 3 times.\n".to_owned()),
            ir: None,
            baselined: false,
            exit_code: ExitCode::ACCEPTED,
        };
        let mut blocked = result("specs/sync, v2.md", Verdict::Blocked, Some(0.42));
        blocked.original = Some("The client should retry with some backoff.\n".into());
        blocked.back_translation = Some("The client should retry with backoff.\n".into());
        blocked.findings = vec![
            Finding {
                kind: "incomplete".into(),
                severity: Severity::Blocking,
                message: "\"TBD\" leaves the spec incomplete".into(),
                quote: "TBD".into(),
                line: Some(4),
                column: Some(12),
                question: Some("What is the missing value or decision marked \"TBD\"?".into()),
                options: vec![],
            },
            Finding {
                kind: "vague_term".into(),
                severity: Severity::Warning,
                message: "vague term \"some\" has no testable meaning".into(),
                quote: "some".into(),
                line: Some(3),
                column: Some(30),
                question: Some("Which one exactly: what does \"some\" refer to?".into()),
                options: vec![],
            },
            Finding {
                kind: "low_fidelity".into(),
                severity: Severity::Blocking,
                message: "fidelity 0.42 is below the threshold 0.80".into(),
                quote: String::new(),
                line: None,
                column: None,
                question: None,
                options: vec![],
            },
        ];
        let mut error = result("specs/missing.md", Verdict::Error, None);
        error.error = Some("could not read spec `specs/missing.md`: no such file".into());
        error.exit_code = ExitCode::USAGE;
        let results = vec![result("specs/upload.md", Verdict::Accepted, Some(0.97)), blocked, error];
        let total = cost(4.5);
        RunReport {
            schema: crate::pipeline::REPORT_SCHEMA,
            ire_version: "0.0.0-test",
            threshold: 0.8,
            backend: "rules",
            model: "rules-test".into(),
            prompt_sha256: None,
            project: Some("demo".into()),
            carbon_method: crate::meter::LOCAL_METHOD.to_owned(),
            summary: Summary {
                checked: 3,
                accepted: 1,
                blocked: 1,
                errors: 1,
                baselined: 0,
                total,
                per_accepted: total.per(1),
                fidelity_per_1k_tokens: None,
                mean_fidelity: Some(0.695),
                cache_hits: 0,
                saved_tokens: 0,
                saved_usd: None,
            },
            results,
        }
    }

    fn rendered(format: Format) -> String {
        let mut out = Vec::new();
        let mut plain = anstream::StripStream::new(&mut out);
        render(format, &run(), &mut plain).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_format_matches_its_snapshot() {
        for format in [Format::Human, Format::Json, Format::Junit, Format::Sarif, Format::Github, Format::Markdown] {
            let name = format!("{format:?}").to_lowercase();
            insta::assert_snapshot!(name, rendered(format));
        }
    }

    #[test]
    fn junit_parses_back_with_one_case_per_spec() {
        let report = quick_junit::Report::deserialize_from_str(&rendered(Format::Junit)).unwrap();
        assert_eq!((report.tests, report.failures, report.errors), (3, 1, 1));
        let suite = &report.test_suites[0];
        assert_eq!(suite.test_cases.len(), 3);
        assert_eq!(suite.test_cases[1].name.as_str(), "specs/sync, v2.md");
    }

    #[test]
    fn sarif_parses_back_with_locations_and_levels() {
        let log: serde_sarif::sarif::Sarif = serde_json::from_str(&rendered(Format::Sarif)).unwrap();
        let results = log.runs[0].results.as_ref().unwrap();
        assert_eq!(results.len(), 4, "three findings and one error");
        let vague = results.iter().find(|r| r.rule_id.as_deref() == Some("vague_term")).unwrap();
        assert_eq!(vague.level, Some(serde_sarif::sarif::ResultLevel::Warning));
        let region = vague.locations.as_ref().unwrap()[0].physical_location.as_ref().unwrap().region.as_ref().unwrap();
        assert_eq!((region.start_line, region.start_column), (Some(3), Some(30)));
        let rules = log.runs[0].tool.driver.rules.as_ref().unwrap();
        assert!(rules.iter().any(|r| r.id == "spec_error"));
    }

    #[test]
    fn github_annotations_escape_properties() {
        let text = rendered(Format::Github);
        assert!(text.contains("::error file=specs/sync%2C v2.md,line=4,col=12,title=ire%3A incomplete::"), "{text}");
        assert!(text.contains("%0A? What is the missing value"), "{text}");
        assert!(text.lines().all(|l| l.starts_with("::")), "one command per line: {text}");
    }

    #[test]
    fn small_numbers_keep_three_significant_digits() {
        assert_eq!(super::small(0.0), "0");
        assert_eq!(super::small(0.000_012_345), "0.0000123");
        assert_eq!(super::small(2.5), "2.50");
        assert_eq!(super::small(0.5), "0.500");
    }
}
