//! The human report: verdicts, findings with their questions, the round-trip diff, a summary.

use std::io::{self, Write};

use owo_colors::OwoColorize;
use similar::{ChangeTag, TextDiff};

use super::Reporter;
use crate::meter::display::{si, small};
use crate::gate::{Severity, Verdict};
use crate::run::{CheckResult, RunReport};
use crate::plural;

/// At most this many changed lines of a round-trip diff are shown.
const MAX_DIFF_LINES: usize = 12;

/// The human reporter.
#[derive(Debug, Clone, Copy)]
pub struct Human;

impl Reporter for Human {
    fn render(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        for result in &run.results {
            spec(run, result, out)?;
        }
        summary(run, out)
    }
}

fn spec(run: &RunReport, r: &CheckResult, out: &mut dyn Write) -> io::Result<()> {
    let path = r.path.display().to_string();
    match r.verdict {
        Verdict::Accepted => write!(out, "{} ", "accepted".green().bold())?,
        Verdict::Blocked if r.baselined => write!(out, "{} ", "baselined".yellow().bold())?,
        Verdict::Blocked => write!(out, "{}  ", "blocked".red().bold())?,
        Verdict::Error => write!(out, "{}    ", "error".red().bold())?,
    }
    write!(out, "{}", path.bold())?;
    if let Some(f) = r.fidelity {
        let cmp = if f >= run.threshold { ">=" } else { "<" };
        let (f, t) = crate::meter::display::compared(f, run.threshold);
        write!(out, "  fidelity {f} {cmp} {t}")?;
    }
    writeln!(out)?;
    if let Some(error) = &r.error {
        writeln!(out, "  {}", error.replace('\n', "\n  "))?;
    }
    for f in &r.findings {
        let at = match (f.line, f.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
            (Some(l), None) => format!("{path}:{l}"),
            _ => path.clone(),
        };
        let severity = match f.severity {
            Severity::Blocking => f.severity.as_str().red().to_string(),
            Severity::Warning => f.severity.as_str().yellow().to_string(),
            Severity::Info => f.severity.as_str().blue().to_string(),
        };
        writeln!(out, "  {}: {severity}[{}]: {}", at.dimmed(), f.kind, f.message)?;
        if let Some(q) = &f.question {
            writeln!(out, "    {} {q}", "?".cyan().bold())?;
        }
    }
    if r.verdict == Verdict::Blocked
        && let (Some(original), Some(back)) = (&r.original, &r.back_translation)
    {
        diff(original, back, out)?;
    }
    Ok(())
}

/// A word-level diff of the scored prose against the back-translation, changed lines only.
fn diff(original: &str, back: &str, out: &mut dyn Write) -> io::Result<()> {
    let diff = TextDiff::configure().timeout(std::time::Duration::from_millis(50)).diff_words(original, back);
    let mut lines: Vec<(String, bool)> = vec![(String::new(), false)];
    for change in diff.iter_all_changes() {
        let value = change.value();
        for (k, piece) in value.split('\n').enumerate() {
            if k > 0 {
                lines.push((String::new(), false));
            }
            if piece.is_empty() {
                continue;
            }
            let (text, changed) = lines.last_mut().expect("lines is never empty");
            match change.tag() {
                ChangeTag::Equal => text.push_str(piece),
                ChangeTag::Delete if !piece.trim().is_empty() => {
                    text.push_str(&format!("[-{piece}-]").red().to_string());
                    *changed = true;
                }
                ChangeTag::Insert if !piece.trim().is_empty() => {
                    text.push_str(&format!("{{+{piece}+}}").green().to_string());
                    *changed = true;
                }
                ChangeTag::Delete | ChangeTag::Insert => text.push(' '),
            }
        }
    }
    let changed: Vec<&String> = lines.iter().filter(|(_, c)| *c).map(|(t, _)| t).collect();
    if changed.is_empty() {
        return Ok(());
    }
    writeln!(out, "  {}", "round trip (original → back-translation):".dimmed())?;
    for line in changed.iter().take(MAX_DIFF_LINES) {
        writeln!(out, "    {}", line.trim())?;
    }
    if changed.len() > MAX_DIFF_LINES {
        writeln!(out, "    … {} more", plural::count(changed.len() - MAX_DIFF_LINES, "changed line"))?;
    }
    Ok(())
}

fn summary(run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let s = &run.summary;
    writeln!(out)?;
    write!(
        out,
        "{}: {} accepted, {} blocked, {}",
        plural::count(s.checked, "spec"),
        s.accepted,
        s.blocked,
        plural::count(s.errors, "error")
    )?;
    if let Some(mean) = s.mean_fidelity {
        write!(out, " · mean fidelity {mean:.2}")?;
    }
    writeln!(out)?;
    let cost = |c: &crate::meter::Cost| {
        let usd = c.usd.map_or_else(|| "$ unknown".to_owned(), |u| format!("${}", small(u)));
        let with_range = |value: Option<f64>, range: Option<[f64; 2]>, unit: &str, what: &str| match (value, range) {
            (None, _) => format!("unknown {}", if what.is_empty() { "energy" } else { what.trim() }),
            (Some(v), Some([lo, hi])) if hi > lo => {
                format!("{}{what} ({}–{})", si(v, unit), si(lo, unit), si(hi, unit))
            }
            (Some(v), _) => format!("{}{what}", si(v, unit)),
        };
        format!(
            "{} · {} tokens · {usd} · {} · {}",
            si(c.wall_ms / 1000.0, "s"),
            c.tokens(),
            with_range(c.energy_wh, c.energy_range_wh, "Wh", ""),
            with_range(c.co2e_g, c.co2e_range_g, "g", " CO2e")
        )
    };
    writeln!(out, "total: {}", cost(&s.total))?;
    match &s.per_accepted {
        Some(per) => writeln!(out, "per accepted spec: {}", cost(per))?,
        None => writeln!(out, "per accepted spec: n/a (none accepted)")?,
    }
    if let Some(f) = s.fidelity_per_1k_tokens {
        writeln!(out, "fidelity per 1k tokens: {f:.3}")?;
    }
    if s.cache_hits > 0 {
        let usd = s.saved_usd.map_or_else(|| "an unknown amount".to_owned(), |u| format!("${}", small(u)));
        writeln!(out, "cache: {} saved {} tokens and {usd}", plural::count(s.cache_hits, "hit"), s.saved_tokens)?;
    }
    Ok(())
}
