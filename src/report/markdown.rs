//! A Markdown summary: a table fit for a pull-request comment or `$GITHUB_STEP_SUMMARY`, then
//! the findings and questions of every blocked spec.

use std::io::{self, Write};

use super::Reporter;
use crate::meter::display::{si, small};
use crate::gate::Verdict;
use crate::run::RunReport;

/// The Markdown reporter.
#[derive(Debug, Clone, Copy)]
pub struct Markdown;

impl Reporter for Markdown {
    fn render(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        let s = &run.summary;
        writeln!(
            out,
            "## ire: {} accepted, {} blocked, {}\n",
            s.accepted,
            s.blocked,
            crate::plural::count(s.errors, "error")
        )?;
        writeln!(out, "| spec | verdict | fidelity | findings |")?;
        writeln!(out, "|---|---|---:|---:|")?;
        for r in &run.results {
            let verdict = match r.verdict {
                Verdict::Accepted => "✅ accepted",
                Verdict::Blocked if r.baselined => "➖ blocked, as in the baseline",
                Verdict::Blocked => "❌ blocked",
                Verdict::Error => "⚠️ error",
            };
            let fidelity = r.fidelity.map_or_else(|| "–".to_owned(), |f| format!("{f:.2}"));
            writeln!(
                out,
                "| `{}` | {verdict} | {fidelity} | {} |",
                cell(&r.path.display().to_string()),
                r.findings.len()
            )?;
        }
        let usd = s.total.usd.map_or_else(|| "unknown".to_owned(), |u| format!("${}", small(u)));
        writeln!(
            out,
            "\nThreshold {:.2} · {} · {} tokens · {usd} · {} · {} CO2e",
            run.threshold,
            si(s.total.wall_ms / 1000.0, "s"),
            s.total.tokens(),
            s.total.energy_wh.map_or_else(|| "unknown Wh".to_owned(), |v| si(v, "Wh")),
            s.total.co2e_g.map_or_else(|| "unknown g".to_owned(), |v| si(v, "g"))
        )?;
        for r in run.results.iter().filter(|r| r.verdict != Verdict::Accepted) {
            writeln!(out, "\n### `{}`\n", cell(&r.path.display().to_string()))?;
            if let Some(error) = &r.error {
                writeln!(out, "{}", error.replace('\n', " "))?;
            }
            for f in &r.findings {
                let at = f.line.map_or_else(String::new, |l| format!("line {l}: "));
                write!(out, "- **{}** {at}{}", f.kind, f.message.replace('\n', " "))?;
                if let Some(q) = &f.question {
                    write!(out, "  \n  ❓ {}", q.replace('\n', " "))?;
                }
                writeln!(out)?;
            }
        }
        Ok(())
    }
}

/// Makes text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('`', "'")
}
