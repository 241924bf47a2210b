//! `ire report`: aggregate ledgers.

use std::io;

use ire::error::{Error, Result};
use ire::exit_code::ExitCode;

use super::{cwd, stdout_error};
use crate::cli::ReportArgs;

pub fn report(args: &ReportArgs) -> Result<ExitCode> {
    if let Some(since) = &args.since {
        let date = since.get(..10).unwrap_or("");
        let shape = date.len() == 10
            && date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        if !shape {
            return Err(Error::Usage(format!("`--since {since}` is not a date: use YYYY-MM-DD")));
        }
    }
    let paths = if args.ledger.is_empty() { vec![ire::config::ledger_path(&cwd()?)] } else { args.ledger.clone() };
    let mut rows = Vec::new();
    for path in &paths {
        rows.extend(ire::ledger::read(path, args.since.as_deref())?);
    }
    let groups = ire::ledger::aggregate::aggregate(&rows, args.by);
    let mut out = io::stdout().lock();
    ire::report::render_ledger(&groups, args.format, &mut out).map_err(stdout_error)?;
    if groups.is_empty() {
        eprintln!("ire: no check recorded{}", args.since.as_ref().map_or(String::new(), |s| format!(" since {s}")));
    }
    Ok(ExitCode::ACCEPTED)
}
