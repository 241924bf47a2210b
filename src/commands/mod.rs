//! The commands, one file each: resolve the configuration, do the work, write to the
//! terminal or files. What they share lives here.

mod calibrate;
mod check;
mod exec;
mod init;
mod ir;
mod lsp;
mod report;

use std::io::{self, Write};
use std::path::PathBuf;

use ire::config::Config;
use ire::error::{Error, Result};
use ire::exit_code::ExitCode;

use crate::cli::{CheckOptions, Cli, ColorChoice, Command};

/// Runs one command and returns the exit code it asks for.
pub fn run(cli: Cli) -> Result<ExitCode> {
    if cli.global.dump_config {
        let options = match &cli.command {
            Some(Command::Check(a)) => a.options.clone(),
            Some(Command::Ir(a)) => a.options.clone(),
            Some(Command::Calibrate(a)) => a.options.clone(),
            Some(Command::Exec(a)) => a.options.clone(),
            Some(Command::Lsp(a)) => a.options.clone(),
            Some(Command::Render(_) | Command::Schema | Command::Init(_) | Command::Report(_)) | None => {
                CheckOptions::default()
            }
        };
        let text = config(&cli, &options)?.dump();
        io::stdout().lock().write_all(text.as_bytes()).map_err(stdout_error)?;
        return Ok(ExitCode::ACCEPTED);
    }
    let Some(command) = &cli.command else {
        return Err(Error::Usage("a command is needed: check, ir, render, schema, calibrate, exec, init or report\nhint: `ire --help` lists them".into()));
    };
    match command {
        Command::Check(args) => check::check(&cli, args),
        Command::Ir(args) => ir::ir(&cli, args),
        Command::Render(args) => ir::render(args),
        Command::Schema => ir::schema(),
        Command::Calibrate(args) => calibrate::calibrate(&cli, args),
        Command::Exec(args) => exec::exec(&cli, args),
        Command::Init(args) => init::init(args),
        Command::Report(args) => report::report(args),
        Command::Lsp(args) => lsp::lsp(&cli, args),
    }
}

/// Whether an error is a closed standard output (`ire check | head`).
pub fn is_broken_pipe(error: &Error) -> bool {
    matches!(error, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}

pub(crate) fn cwd() -> Result<PathBuf> {
    std::env::current_dir().map_err(|source| Error::Io {
        action: "read the working directory",
        path: ".".into(),
        source,
    })
}

pub(crate) fn config(cli: &Cli, options: &CheckOptions) -> Result<Config> {
    // `--isolated` ignores `IRE_*` variables, not the API key's variable.
    let env =
        |name: &str| if cli.global.isolated && name.starts_with("IRE_") { None } else { std::env::var(name).ok() };
    Config::resolve(&cli.global.sources(), options.layer(), &cwd()?, &env)
}

pub(crate) fn stdout_error(source: io::Error) -> Error {
    Error::Io { action: "write", path: "<stdout>".into(), source }
}

pub(crate) fn anstream_choice(color: ColorChoice) -> anstream::ColorChoice {
    match color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    }
}

/// A progress bar on standard error, drawn only for several specs when stderr is a terminal.
pub(crate) struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    pub(crate) fn new(total: usize) -> Self {
        use std::io::IsTerminal as _;
        let show = total > 1 && io::stderr().is_terminal();
        Self(show.then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} specs {wide_bar} {elapsed}")
            {
                bar.set_style(style);
            }
            bar
        }))
    }

    pub(crate) fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }

    /// Prints around the bar without tearing it.
    pub(crate) fn suspend(&self, f: impl FnOnce()) {
        match &self.0 {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(io::Error::from)
        .and_then(|()| writeln!(out))
        .map_err(stdout_error)
}

/// The ledger to record checks in; a ledger nobody asked for by name only warns when it
/// cannot be opened.
pub(crate) fn open_ledger(config: &Config) -> Result<Option<ire::ledger::Ledger>> {
    match config.ledger.as_deref().map(ire::ledger::Ledger::open).transpose() {
        // A ledger nobody asked for by name must not stop a check (a read-only checkout, say).
        Err(e) if !config.ledger_explicit => {
            eprintln!("warning: not recording checks: {e}\nhint: pass `--ledger PATH` or `--no-ledger`");
            Ok(None)
        }
        other => other,
    }
}
