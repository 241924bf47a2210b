//! SARIF 2.1.0: one result per finding with its rule, level and physical location, so that
//! code-scanning tools annotate the spec files.

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde_sarif::sarif;

use super::Reporter;
use crate::gate::{FindingKind, Severity};
use crate::run::RunReport;

/// The SARIF reporter.
#[derive(Debug, Clone, Copy)]
pub struct Sarif;

/// The rule id of a spec that could not be checked.
const ERROR_RULE: &str = "spec_error";

impl Reporter for Sarif {
    fn render(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        let kinds: BTreeSet<FindingKind> = run.results.iter().flat_map(|r| r.findings.iter().map(|f| f.kind)).collect();
        let mut rules: Vec<(&str, &str)> = kinds.iter().map(|k| (k.name(), k.description())).collect();
        if run.results.iter().any(|r| r.error.is_some()) {
            rules.push((ERROR_RULE, "The spec could not be checked"));
        }
        rules.sort_unstable();
        let rules: Vec<sarif::ReportingDescriptor> = rules
            .into_iter()
            .map(|(id, description)| {
                sarif::ReportingDescriptor::builder()
                    .id(id)
                    .short_description(sarif::MultiformatMessageString::builder().text(description).build())
                    .build()
            })
            .collect();
        let mut results = Vec::new();
        for r in &run.results {
            let uri = r.path.display().to_string().replace('\\', "/");
            let location = |line: Option<usize>, column: Option<usize>| {
                let artifact = sarif::ArtifactLocation::builder().uri(uri.clone()).build();
                let physical = match line {
                    Some(line) => {
                        let region = match column {
                            Some(c) => {
                                sarif::Region::builder().start_line(to_i64(line)).start_column(to_i64(c)).build()
                            }
                            None => sarif::Region::builder().start_line(to_i64(line)).build(),
                        };
                        sarif::PhysicalLocation::builder().artifact_location(artifact).region(region).build()
                    }
                    None => sarif::PhysicalLocation::builder().artifact_location(artifact).build(),
                };
                sarif::Location::builder().physical_location(physical).build()
            };
            if let Some(error) = &r.error {
                results.push(
                    sarif::Result::builder()
                        .rule_id(ERROR_RULE)
                        .level(sarif::ResultLevel::Error)
                        .message(sarif::Message::builder().text(error.clone()).build())
                        .locations(vec![location(None, None)])
                        .build(),
                );
            }
            for f in &r.findings {
                // A baselined spec's findings were there before: SARIF's `baselineState`
                // says so, and code-scanning tools show them as unchanged, not new.
                let level = match f.severity {
                    _ if r.baselined => sarif::ResultLevel::Note,
                    Severity::Blocking => sarif::ResultLevel::Error,
                    Severity::Warning => sarif::ResultLevel::Warning,
                    Severity::Info => sarif::ResultLevel::Note,
                };
                let text = match &f.question {
                    Some(q) => format!("{} — {q}", f.message),
                    None => f.message.clone(),
                };
                let mut result = sarif::Result::builder()
                    .rule_id(f.kind.name())
                    .level(level)
                    .message(sarif::Message::builder().text(text).build())
                    .locations(vec![location(f.line, f.column)])
                    .build();
                if r.baselined {
                    result.baseline_state = Some(serde_json::json!("unchanged"));
                }
                results.push(result);
            }
        }
        let driver = sarif::ToolComponent::builder().name("ire").version(run.ire_version).rules(rules).build();
        let log = sarif::Sarif::builder()
            .schema(sarif::SCHEMA_URL)
            .version(serde_json::json!("2.1.0"))
            .runs(vec![
                sarif::Run::builder().tool(sarif::Tool::builder().driver(driver).build()).results(results).build(),
            ])
            .build();
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
