//! `ire check`: check spec files, record each check, write the reports.

use std::io::{self, Write as _};

use ire::error::{Error, Result};
use ire::exit_code::ExitCode;
use ire::report::Format;
use ire::run::RunReport;
use ire::translate::Backend;

use super::{Progress, anstream_choice, config, cwd, open_ledger, stdout_error};
use crate::cli::{CheckArgs, Cli, ColorChoice, Target};

/// `ire check`.
pub fn check(cli: &Cli, args: &CheckArgs) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    // The reports are settled before any spec is checked, so that a mistake in them costs
    // no tokens.
    let targets = targets(args)?;
    let expanded = ire::spec::expand_paths(&args.paths)?;
    for problem in &expanded.unreadable {
        eprintln!("warning: could not read {problem}; the walk went on without it");
    }
    for skipped in &expanded.skipped {
        eprintln!("ire: skipped `{}`: it is ire's own report output, not a spec", skipped.display());
    }
    let mut paths = expanded.paths;
    if let Some(rev) = &args.changed_since {
        let changed = ire::git::changed_since(rev, &cwd()?)?;
        paths.retain(|p| changed.contains(&ire::git::canonical(p)));
    }
    let backend = Backend::from_config(&config.backend)?;
    let ledger = open_ledger(&config)?;
    let info = ire::ledger::RunInfo::new(config.project.clone(), &cwd()?);
    let backend_info = backend.info();
    let progress = Progress::new(if args.quiet { 0 } else { paths.len() });
    let unrecorded = std::sync::atomic::AtomicUsize::new(0);
    // Each check is committed as it finishes, so a run that is killed keeps what it recorded.
    let mut run = ire::run::run_paths(&paths, &config, &backend, &|result| {
        if let Some(ledger) = &ledger
            && let Err(e) = ledger.record(
                &info,
                backend_info.name,
                &backend_info.model,
                backend_info.prompt_hash.as_deref(),
                result,
            )
        {
            unrecorded.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            progress.suspend(|| eprintln!("error: {e}"));
        }
        progress.tick();
    });
    progress.finish();
    if let Some(path) = &args.baseline {
        ire::baseline::Baseline::load(path)?.apply(&mut run, args.baseline_tolerance);
    }
    let mut shown = run.clone();
    if args.quiet {
        shown.results.retain(|r| r.verdict != ire::gate::Verdict::Accepted);
    }
    for target in &targets {
        // `--quiet` trims the human report only: a machine format is the record of the run.
        let view = if target.format == Format::Human { &shown } else { &run };
        write_report(target, view, cli.global.color)?;
    }
    // A spec that could not be checked is also said on stderr, so that `ire check … >
    // report.json` still shows it — unless the human report already showed it on a terminal.
    use std::io::IsTerminal as _;
    let shown = targets.iter().any(|t| t.format == Format::Human && t.path.is_none()) && io::stdout().is_terminal();
    if !shown {
        for r in run.results.iter().filter(|r| r.error.is_some()) {
            eprintln!("error: {}: {}", r.path.display(), r.error.as_deref().unwrap_or(""));
        }
    }
    if run.results.is_empty()
        && let Some(rev) = &args.changed_since
    {
        eprintln!("ire: no spec changed since `{rev}`");
    }
    // A check that was made but not recorded is money spent that no report will show: the run
    // says so and fails as a run that could not be completed does.
    let unrecorded = unrecorded.into_inner();
    if unrecorded > 0 {
        eprintln!(
            "error: {unrecorded} check(s) could not be recorded in the ledger; their results are in the report above"
        );
        return Ok(run.exit_code().worst(ExitCode::BACKEND));
    }
    Ok(run.exit_code())
}

/// Writes one report to its file or to standard output.
/// The reports to write: the `--format` targets, `--output` given to the one without a file, and
/// at most one report per stream — two on standard output would run together into a document
/// no parser reads, and two into one file would keep only the last.
fn targets(args: &CheckArgs) -> Result<Vec<Target>> {
    let mut targets = args.format.clone();
    if targets.is_empty() {
        targets.push(Target { format: Format::Human, path: None });
    }
    if let Some(output) = &args.output {
        match targets.iter_mut().find(|t| t.path.is_none()) {
            Some(t) => t.path = Some(output.clone()),
            None => return Err(Error::Usage("`--output` given, but every `--format` already names a file".into())),
        }
    }
    for (i, a) in targets.iter().enumerate() {
        if let Some(b) = targets[..i].iter().find(|b| b.path == a.path) {
            let stream = a.path.as_ref().map_or_else(|| "standard output".to_owned(), |p| format!("`{}`", p.display()));
            return Err(Error::Usage(format!(
                "two reports ({} and {}) would both go to {stream}\nhint: give one a file of its own: `--format {}=FILE`",
                b.format.name(),
                a.format.name(),
                a.format.name(),
            )));
        }
    }
    Ok(targets)
}

pub fn write_report(target: &Target, run: &RunReport, color: ColorChoice) -> Result<()> {
    match &target.path {
        Some(path) => {
            let mut buffer = Vec::new();
            let mut plain = anstream::StripStream::new(&mut buffer);
            ire::report::render(target.format, run, &mut plain).map_err(stdout_error)?;
            std::fs::write(path, buffer).map_err(|source| Error::Io { action: "write", path: path.clone(), source })
        }
        None => {
            let choice =
                if target.format == Format::Human { anstream_choice(color) } else { anstream::ColorChoice::Never };
            let mut out = anstream::AutoStream::new(io::stdout().lock(), choice);
            ire::report::render(target.format, run, &mut out).map_err(stdout_error)?;
            out.flush().map_err(stdout_error)
        }
    }
}
