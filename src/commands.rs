//! The commands: resolve the configuration, do the work, write to the terminal or a file.

use std::io::{self, IsTerminal, Read as _, Write};
use std::path::Path;

use ire::cli::{CalibrateArgs, CheckArgs, Cli, ColorChoice, Command, Format, IrArgs, RenderArgs};
use ire::config::Config;
use ire::error::{Error, Result};
use ire::exit_code::ExitCode;
use ire::spec::Spec;
use ire::{pipeline, plural, report};

/// Runs one command and returns the exit code it asks for.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let color = cli.global.color;
    match &cli.command {
        Command::Check(args) => check(&cli, args, color),
        Command::Ir(args) => ir(&cli, args),
        Command::Render(args) => render(args),
        Command::Schema => {
            print_json(&ire::ir::schema())?;
            Ok(ExitCode::ACCEPTED)
        }
        Command::Calibrate(args) => calibrate(&cli, args),
    }
}

/// Whether an error is a closed standard output (`ire check | head`).
pub fn is_broken_pipe(error: &Error) -> bool {
    matches!(error, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}

fn config(cli: &Cli, options: &ire::cli::CheckOptions) -> Result<Config> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        action: "read the working directory",
        path: ".".into(),
        source,
    })?;
    let env = |name: &str| {
        if cli.global.isolated { None } else { std::env::var(name).ok() }
    };
    Config::resolve(&cli.global, options, &cwd, &env)
}

fn stdout_error(source: io::Error) -> Error {
    Error::Io { action: "write", path: "<stdout>".into(), source }
}

fn check(cli: &Cli, args: &CheckArgs, color: ColorChoice) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    let run = pipeline::run(&args.paths, &config)?;
    match &args.output {
        Some(path) => {
            let mut buffer = Vec::new();
            let mut plain = anstream::StripStream::new(&mut buffer);
            report::render(args.format, &run, &mut plain).map_err(stdout_error)?;
            std::fs::write(path, buffer).map_err(|source| Error::Io { action: "write", path: path.clone(), source })?;
        }
        None => {
            let choice = match color {
                ColorChoice::Auto => anstream::ColorChoice::Auto,
                ColorChoice::Always => anstream::ColorChoice::Always,
                ColorChoice::Never => anstream::ColorChoice::Never,
            };
            let choice = if args.format == Format::Json { anstream::ColorChoice::Never } else { choice };
            let mut out = anstream::AutoStream::new(io::stdout().lock(), choice);
            report::render(args.format, &run, &mut out).map_err(stdout_error)?;
            out.flush().map_err(stdout_error)?;
        }
    }
    Ok(run.exit_code())
}

fn ir(cli: &Cli, args: &IrArgs) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    let spec = Spec::load(&args.spec, config.max_spec_bytes)?;
    let (ir, _) = pipeline::backend(&config).to_ir(&spec)?;
    print_json(&ir)?;
    Ok(ExitCode::ACCEPTED)
}

fn render(args: &RenderArgs) -> Result<ExitCode> {
    let text = if args.ir == Path::new("-") {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).map_err(|source| Error::Io {
            action: "read",
            path: "<stdin>".into(),
            source,
        })?;
        text
    } else {
        std::fs::read_to_string(&args.ir).map_err(|source| Error::Io {
            action: "read",
            path: args.ir.clone(),
            source,
        })?
    };
    let ir = ire::ir::Ir::from_json(&text).map_err(|message| Error::Ir { path: args.ir.clone(), message })?;
    let english = ire::translate::rules::render::render(&ir);
    io::stdout().lock().write_all(english.as_bytes()).map_err(stdout_error)?;
    Ok(ExitCode::ACCEPTED)
}

fn calibrate(cli: &Cli, args: &CalibrateArgs) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    let backend = pipeline::backend(&config);
    let c =
        ire::calibrate::calibrate(&args.labelled, &args.field, &args.category, &backend, &config.gate, &config.params)?;
    if let Some(path) = &args.scores {
        let mut tsv = String::from("id\tflawed\tfidelity\tblocked\n");
        for s in &c.scored {
            tsv.push_str(&format!("{}\t{}\t{:.6}\t{}\n", s.id, s.flawed, s.fidelity, s.blocked));
        }
        std::fs::write(path, tsv).map_err(|source| Error::Io { action: "write", path: path.clone(), source })?;
    }
    if args.format == Format::Json {
        print_json(&c)?;
        return Ok(ExitCode::ACCEPTED);
    }
    let mut out = io::stdout().lock();
    let opt = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"));
    let m = &c.confusion;
    let text = format!(
        "{}: {} ({} clear, {} flawed; {} skipped, {} empty)\n\
         ROC AUC (1 - fidelity detects flawed): {}\n\
         best threshold: {} (balanced accuracy {})\n\
         gate at threshold {:.2} with blocking findings: balanced accuracy {:.3}\n\
         \x20 flawed: {} blocked, {} accepted\n\
         \x20 clear:  {} blocked, {} accepted\n",
        c.path.display(),
        plural::count(c.records, "record"),
        c.clear,
        c.flawed,
        c.skipped,
        c.empty,
        opt(c.auc),
        opt(c.best_threshold),
        opt(c.best_balanced_accuracy),
        c.threshold,
        m.balanced_accuracy(),
        m.true_positive,
        m.false_negative,
        m.false_positive,
        m.true_negative,
    );
    out.write_all(text.as_bytes()).map_err(stdout_error)?;
    Ok(ExitCode::ACCEPTED)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(io::Error::from)
        .and_then(|()| writeln!(out))
        .map_err(stdout_error)
}

/// Whether standard error is a terminal (for progress output).
#[allow(dead_code)]
fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}
