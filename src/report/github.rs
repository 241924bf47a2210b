//! GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`, so the findings
//! appear as annotations on the spec files of a pull request.

use std::io::{self, Write};

use super::Reporter;
use crate::gate::{Severity, Verdict};
use crate::run::RunReport;

/// The GitHub annotations reporter.
#[derive(Debug, Clone, Copy)]
pub struct Github;

impl Reporter for Github {
    fn render(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        for r in &run.results {
            let file = escape_property(&r.path.display().to_string());
            if let Some(error) = &r.error {
                writeln!(out, "::error file={file},title={}::{}", escape_property("ire: error"), escape_data(error))?;
            }
            for f in &r.findings {
                // A baselined spec is no worse than before: its findings are notices, so that
                // adopting ire on old specs does not paint every pull request red.
                let level = match (f.severity, r.verdict) {
                    _ if r.baselined => "notice",
                    (Severity::Blocking, _) => "error",
                    (Severity::Warning, Verdict::Blocked) => "warning",
                    _ => "notice",
                };
                let mut properties = format!("file={file}");
                if let Some(line) = f.line {
                    properties.push_str(&format!(",line={line}"));
                }
                if let Some(col) = f.column {
                    properties.push_str(&format!(",col={col}"));
                }
                let title = if r.baselined { format!("ire (baselined): {}", f.kind) } else { format!("ire: {}", f.kind) };
                properties.push_str(&format!(",title={}", escape_property(&title)));
                let mut message = f.message.clone();
                if let Some(q) = &f.question {
                    message.push_str("\n? ");
                    message.push_str(q);
                }
                writeln!(out, "::{level} {properties}::{}", escape_data(&message))?;
            }
        }
        let s = &run.summary;
        writeln!(
            out,
            "::notice title=ire::{}",
            escape_data(&format!(
                "{}: {} accepted, {} blocked, {}",
                crate::plural::count(s.checked, "spec"),
                s.accepted,
                s.blocked,
                crate::plural::count(s.errors, "error")
            ))
        )
    }
}

/// Escapes a workflow command's message (GitHub's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value (GitHub's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(super::escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(super::escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
