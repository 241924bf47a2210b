//! Reporters: each renders a finished [`RunReport`] in one format.
//!
//! # Adding a format
//!
//! Write `report/<name>.rs` with a unit struct that implements [`Reporter`], and add one line
//! to the `formats!` registry below: `name: Type, "what it is for"`. The registry declares the
//! module, the [`Format`] variant, its name on the command line and its help text.

mod ledger;

use std::io::{self, Write};

pub use ledger::{LedgerFormat, render as render_ledger};

use crate::run::RunReport;

/// Renders a finished run.
pub trait Reporter {
    /// Writes the run to `out`. Human output may carry ANSI colours; the caller strips them
    /// when the destination is not a colour terminal.
    fn render(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()>;
}

/// Generates the format modules, [`Format`] and its dispatch from one line per format.
macro_rules! formats {
    ($($module:ident: $variant:ident, $help:literal;)+) => {
        $(mod $module; pub use $module::$variant;)+

        /// A report format of `ire check`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Format {
            $(#[doc = $help] $variant,)+
        }

        impl Format {
            /// Every format, in registry order.
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            /// The name on the command line.
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $(Self::$variant => stringify!($module),)+ }
            }

            /// One line on what the format is for, for `--help`.
            #[must_use]
            pub fn help(self) -> &'static str {
                match self { $(Self::$variant => $help,)+ }
            }

            /// The format with this name, ignoring case.
            #[must_use]
            pub fn parse(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|f| f.name().eq_ignore_ascii_case(name))
            }

            /// Renders a run in this format.
            pub fn render(self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
                match self { $(Self::$variant => $variant.render(run, out),)+ }
            }
        }
    };
}

// The format registry: one line per format.
formats! {
    human: Human, "For people: verdicts, findings with questions, and the round-trip diff.";
    json: Json, "One JSON document (`ire.report/1`).";
    junit: Junit, "JUnit XML: one test case per spec.";
    sarif: Sarif, "SARIF 2.1.0: one result per finding, for code-scanning tools.";
    github: Github, "GitHub Actions workflow commands that annotate the spec files.";
    markdown: Markdown, "A Markdown summary for a pull-request comment or a job summary.";
    tap: Tap, "TAP 14 (Test Anything Protocol): one test point per spec, findings as YAML.";
}

/// Renders a run in the chosen format.
pub fn render(format: Format, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    format.render(run, out)
}

/// The findings of a result as plain lines: `line:column kind: message`, then the question.
#[must_use]
pub fn findings_text(r: &crate::run::CheckResult) -> String {
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::exit_code::ExitCode;
    use crate::gate::{Finding, FindingKind, Severity, Verdict};
    use crate::meter::Cost;
    use crate::run::{CheckResult, RunReport, Summary};
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
            project: None,
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
                kind: FindingKind::Incomplete,
                severity: Severity::Blocking,
                message: "\"TBD\" leaves the spec incomplete".into(),
                quote: "TBD".into(),
                line: Some(4),
                column: Some(12),
                question: Some("What is the missing value or decision marked \"TBD\"?".into()),
                options: vec![],
            },
            Finding {
                kind: FindingKind::VagueTerm,
                severity: Severity::Warning,
                message: "vague term \"some\" has no testable meaning".into(),
                quote: "some".into(),
                line: Some(3),
                column: Some(30),
                question: Some("Which one exactly: what does \"some\" refer to?".into()),
                options: vec![],
            },
            Finding {
                kind: FindingKind::LowFidelity,
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
            schema: crate::run::REPORT_SCHEMA,
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
        for &format in Format::ALL {
            insta::assert_snapshot!(format.name(), rendered(format));
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
}
