//! The tables of `ire report`: ledger groups as an aligned table, JSON, CSV or Markdown.

use std::io::{self, Write};

use crate::ledger::aggregate::Group;
use crate::meter::display::{si, small};

/// Formats of `ire report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerFormat {
    /// An aligned table.
    Table,
    /// A JSON array.
    Json,
    /// CSV with a header row.
    Csv,
    /// A Markdown table.
    Markdown,
}

impl LedgerFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Self; 4] = [Self::Table, Self::Json, Self::Csv, Self::Markdown];

    /// The name on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Markdown => "markdown",
        }
    }

    /// The format with this name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

const HEADERS: [&str; 13] = [
    "group",
    "checks",
    "accepted",
    "rate",
    "fidelity",
    "tokens",
    "usd",
    "Wh",
    "gCO2e",
    "usd/acc",
    "gCO2e/acc",
    "s/acc",
    "fid/1k tok",
];

/// A ledger field as it may reach a terminal: control characters (escape sequences that
/// could rewrite the screen) are shown as `\u{…}`, not sent.
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

/// A CSV cell a spreadsheet will not run: one that starts like a formula (`=`, `+`, `-`, `@`)
/// gets a leading quote, as OWASP advises for CSV injection. Numbers are left as they are.
fn inert(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    if formula { format!("'{cell}") } else { cell.to_owned() }
}

/// The headers for people: energy and emissions carry their unit in each cell ("954 nWh").
fn human_headers() -> [&'static str; 13] {
    let mut h = HEADERS;
    h[7] = "energy";
    h[8] = "CO2e";
    h[10] = "CO2e/acc";
    h
}

/// A group's cells: for people (`human`) energy and emissions with an SI prefix; for CSV plain
/// numbers in the units of [`HEADERS`].
fn cells(g: &Group, human: bool) -> [String; 13] {
    let opt = |v: Option<f64>| v.map_or_else(|| "unknown".to_owned(), small);
    let unit = |v: Option<f64>, unit: &str| match v {
        Some(v) if human => si(v, unit),
        _ => opt(v),
    };
    let per = g.per_accepted;
    [
        printable(&g.key),
        g.checks.to_string(),
        g.accepted.to_string(),
        format!("{:.0}%", g.accepted_rate * 100.0),
        g.mean_fidelity.map_or_else(|| "-".into(), |f| format!("{f:.3}")),
        g.tokens.to_string(),
        opt(g.usd),
        unit(g.energy_wh, "Wh"),
        unit(g.co2e_g, "g"),
        per.map_or_else(|| "-".into(), |p| opt(p.usd)),
        per.map_or_else(|| "-".into(), |p| unit(p.co2e_g, "g")),
        per.map_or_else(|| "-".into(), |p| format!("{:.3}", p.wall_ms / 1000.0)),
        g.fidelity_per_1k_tokens.map_or_else(|| "-".into(), |f| format!("{f:.3}")),
    ]
}

/// Writes the ledger's groups in a format.
pub fn render(groups: &[Group], format: LedgerFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        LedgerFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, groups)?;
            writeln!(out)
        }
        LedgerFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(HEADERS).map_err(io::Error::other)?;
            for g in groups {
                w.write_record(cells(g, false).map(|c| inert(&c))).map_err(io::Error::other)?;
            }
            w.flush()
        }
        LedgerFormat::Markdown => {
            writeln!(out, "| {} |", human_headers().join(" | "))?;
            writeln!(out, "|{}", "---|".repeat(HEADERS.len()))?;
            for g in groups {
                let row: Vec<String> = cells(g, true).iter().map(|c| c.replace('|', "\\|")).collect();
                writeln!(out, "| {} |", row.join(" | "))?;
            }
            Ok(())
        }
        LedgerFormat::Table => {
            let headers = human_headers();
            let rows: Vec<[String; 13]> = groups.iter().map(|g| cells(g, true)).collect();
            let widths: Vec<usize> = (0..headers.len())
                .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([headers[i].len()]).max().unwrap_or(0))
                .collect();
            let line = |cells: Vec<&str>| {
                cells.iter().enumerate().map(|(i, c)| format!("{c:<w$}", w = widths[i])).collect::<Vec<_>>().join("  ")
            };
            writeln!(out, "{}", line(headers.to_vec()).trim_end())?;
            for r in &rows {
                writeln!(out, "{}", line(r.iter().map(String::as_str).collect()).trim_end())?;
            }
            let hits: usize = groups.iter().map(|g| g.cache_hits).sum();
            if hits > 0 {
                let tokens: u64 = groups.iter().map(|g| g.saved_tokens).sum();
                let usd = groups.iter().try_fold(0.0, |s, g| g.saved_usd.map(|v| s + v));
                writeln!(
                    out,
                    "\ncache: {} saved {tokens} tokens and {}",
                    crate::plural::count(hits, "hit"),
                    usd.map_or_else(|| "an unknown amount of money".to_owned(), |u| format!("${}", small(u)))
                )?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ledger_fields_cannot_drive_a_terminal_or_a_spreadsheet() {
        assert_eq!(super::printable("spec\u{1b}[2Jx.md"), "spec\\u{1b}[2Jx.md");
        assert_eq!(super::inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::inert("-0.5"), "-0.5");
        assert_eq!(super::inert("alpha"), "alpha");
    }
}
