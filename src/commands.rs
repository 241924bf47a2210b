//! The commands: resolve the configuration, do the work, write to the terminal or files.

use std::io::{self, Read as _, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use ire::cli::{
    CalibrateArgs, CheckArgs, CheckOptions, Cli, ColorChoice, Command, ExecArgs, Format, InitArgs, IrArgs, RenderArgs,
    ReportArgs, SummaryFormat, Target,
};
use ire::config::Config;
use ire::error::{Error, Result};
use ire::exit_code::ExitCode;
use ire::gate::Verdict;
use ire::pipeline::RunReport;
use ire::spec::Spec;
use ire::{pipeline, plural, report};

/// Runs one command and returns the exit code it asks for.
pub fn run(cli: Cli) -> Result<ExitCode> {
    if cli.global.dump_config {
        let options = match &cli.command {
            Command::Check(a) => a.options.clone(),
            Command::Ir(a) => a.options.clone(),
            Command::Calibrate(a) => a.options.clone(),
            Command::Exec(a) => a.options.clone(),
            Command::Render(_) | Command::Schema | Command::Init(_) | Command::Report(_) => CheckOptions::default(),
        };
        let text = config(&cli, &options)?.dump();
        io::stdout().lock().write_all(text.as_bytes()).map_err(stdout_error)?;
        return Ok(ExitCode::ACCEPTED);
    }
    match &cli.command {
        Command::Check(args) => check(&cli, args),
        Command::Ir(args) => ir(&cli, args),
        Command::Render(args) => render(args),
        Command::Schema => {
            print_json(&ire::ir::schema())?;
            Ok(ExitCode::ACCEPTED)
        }
        Command::Calibrate(args) => calibrate(&cli, args),
        Command::Exec(args) => exec(&cli, args),
        Command::Init(args) => init(args),
        Command::Report(args) => report_command(args),
    }
}

/// Whether an error is a closed standard output (`ire check | head`).
pub fn is_broken_pipe(error: &Error) -> bool {
    matches!(error, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}

fn cwd() -> Result<PathBuf> {
    std::env::current_dir().map_err(|source| Error::Io {
        action: "read the working directory",
        path: ".".into(),
        source,
    })
}

fn config(cli: &Cli, options: &CheckOptions) -> Result<Config> {
    let env = |name: &str| if cli.global.isolated { None } else { std::env::var(name).ok() };
    Config::resolve(&cli.global, options, &cwd()?, &env)
}

fn stdout_error(source: io::Error) -> Error {
    Error::Io { action: "write", path: "<stdout>".into(), source }
}

fn anstream_choice(color: ColorChoice) -> anstream::ColorChoice {
    match color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    }
}

fn check(cli: &Cli, args: &CheckArgs) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    let mut paths = ire::spec::expand_paths(&args.paths)?;
    if let Some(rev) = &args.changed_since {
        let changed = ire::git::changed_since(rev, &cwd()?)?;
        paths.retain(|p| changed.contains(&ire::git::canonical(p)));
    }
    let backend = pipeline::backend(&config)?;
    let ledger = open_ledger(&config)?;
    let info = ire::ledger::RunInfo::new(config.project.clone(), &cwd()?);
    let (model, prompt) = (backend.model(), backend.prompt_hash());
    let progress = Progress::new(paths.len());
    // Each check is committed as it finishes, so a run that is killed keeps what it recorded.
    let mut run = pipeline::run_paths(&paths, &config, &backend, &|result| {
        if let Some(ledger) = &ledger
            && let Err(e) = ledger.record(&info, backend.id(), &model, prompt.as_deref(), result)
        {
            progress.suspend(|| eprintln!("warning: {e}"));
        }
        progress.tick();
    });
    progress.finish();
    if let Some(path) = &args.baseline {
        ire::baseline::Baseline::load(path)?.apply(&mut run, args.baseline_tolerance);
    }
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
    for target in &targets {
        write_report(target, &run, cli.global.color)?;
    }
    if run.results.is_empty()
        && let Some(rev) = &args.changed_since
    {
        eprintln!("ire: no spec changed since `{rev}`");
    }
    Ok(run.exit_code())
}

fn open_ledger(config: &Config) -> Result<Option<ire::ledger::Ledger>> {
    match config.ledger.as_deref().map(ire::ledger::Ledger::open).transpose() {
        // A ledger nobody asked for by name must not stop a check (a read-only checkout, say).
        Err(e) if !config.ledger_explicit => {
            eprintln!("warning: not recording checks: {e}\nhint: pass `--ledger PATH` or `--no-ledger`");
            Ok(None)
        }
        other => other,
    }
}

fn report_command(args: &ReportArgs) -> Result<ExitCode> {
    if let Some(since) = &args.since {
        let date = since.get(..10).unwrap_or("");
        let shape = date.len() == 10
            && date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        if !shape {
            return Err(Error::Usage(format!("`--since {since}` is not a date: use YYYY-MM-DD")));
        }
    }
    let paths = if args.ledger.is_empty() { vec![ire::ledger::default_path(&cwd()?)] } else { args.ledger.clone() };
    let mut rows = Vec::new();
    for path in &paths {
        rows.extend(ire::ledger::read(path, args.since.as_deref())?);
    }
    let groups = ire::aggregate::aggregate(&rows, args.by);
    let mut out = io::stdout().lock();
    ire::aggregate::render(&groups, args.format, &mut out).map_err(stdout_error)?;
    if groups.is_empty() {
        eprintln!("ire: no check recorded{}", args.since.as_ref().map_or(String::new(), |s| format!(" since {s}")));
    }
    Ok(ExitCode::ACCEPTED)
}

fn write_report(target: &Target, run: &RunReport, color: ColorChoice) -> Result<()> {
    match &target.path {
        Some(path) => {
            let mut buffer = Vec::new();
            let mut plain = anstream::StripStream::new(&mut buffer);
            report::render(target.format, run, &mut plain).map_err(stdout_error)?;
            std::fs::write(path, buffer).map_err(|source| Error::Io { action: "write", path: path.clone(), source })
        }
        None => {
            let choice =
                if target.format == Format::Human { anstream_choice(color) } else { anstream::ColorChoice::Never };
            let mut out = anstream::AutoStream::new(io::stdout().lock(), choice);
            report::render(target.format, run, &mut out).map_err(stdout_error)?;
            out.flush().map_err(stdout_error)
        }
    }
}

fn ir(cli: &Cli, args: &IrArgs) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    let spec = Spec::load(&args.spec, config.max_spec_bytes)?;
    let ir = pipeline::backend(&config)?.to_ir(&spec)?.value;
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
    let backend = pipeline::backend(&config)?;
    let c =
        ire::calibrate::calibrate(&args.labelled, &args.field, &args.category, &backend, &config.gate, &config.params)?;
    if let Some(path) = &args.scores {
        let mut tsv = String::from("id\tflawed\tfidelity\tblocked\n");
        for s in &c.scored {
            tsv.push_str(&format!("{}\t{}\t{:.6}\t{}\n", s.id, s.flawed, s.fidelity, s.blocked));
        }
        std::fs::write(path, tsv).map_err(|source| Error::Io { action: "write", path: path.clone(), source })?;
    }
    if args.format == SummaryFormat::Json {
        print_json(&c)?;
        return Ok(ExitCode::ACCEPTED);
    }
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
    io::stdout().lock().write_all(text.as_bytes()).map_err(stdout_error)?;
    Ok(ExitCode::ACCEPTED)
}

fn exec(cli: &Cli, args: &ExecArgs) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    let backend = pipeline::backend(&config)?;
    let ledger = open_ledger(&config)?;
    let info = ire::ledger::RunInfo::new(config.project.clone(), &cwd()?);
    let budget = config.max_usd.map(ire::budget::Budget::new);
    let result = pipeline::check_path(&args.spec, &config, &backend, budget.as_ref());
    let fidelity = result.fidelity;
    let ir = result.ir.clone();
    let run = RunReport::new(&config, &backend, vec![result]);
    let record = |exec: Option<(f64, i32)>| {
        if let Some(ledger) = &ledger
            && let Err(e) =
                ledger.record_exec(&info, run.backend, &run.model, run.prompt_sha256.as_deref(), &run.results[0], exec)
        {
            eprintln!("warning: {e}");
        }
    };
    if run.results[0].verdict != Verdict::Accepted {
        record(None);
        // The command's standard output is not ours to fill: the findings go to stderr.
        let mut err = anstream::AutoStream::new(io::stderr().lock(), anstream_choice(cli.global.color));
        report::render(Format::Human, &run, &mut err).map_err(stdout_error)?;
        eprintln!("ire: not running `{}`: the spec was not accepted", args.command[0].to_string_lossy());
        return Ok(run.exit_code());
    }
    let mut ir_file = tempfile::Builder::new()
        .prefix("ire-")
        .suffix(".ir.json")
        .tempfile()
        .map_err(|source| Error::Io { action: "create", path: std::env::temp_dir(), source })?;
    serde_json::to_writer_pretty(&mut ir_file, &ir)
        .map_err(io::Error::from)
        .and_then(|()| ir_file.flush())
        .map_err(|source| Error::Io { action: "write", path: ir_file.path().to_path_buf(), source })?;
    let started = Instant::now();
    let status = ire::exec::run(
        &args.command,
        &[
            ("IRE_SPEC", args.spec.as_os_str()),
            ("IRE_IR", ir_file.path().as_os_str()),
            ("IRE_FIDELITY", format!("{:.4}", fidelity.unwrap_or(0.0)).as_ref()),
        ],
    )?;
    eprintln!(
        "ire: accepted `{}` (fidelity {:.2}); `{}` ran for {:.2} s and {}",
        args.spec.display(),
        fidelity.unwrap_or(0.0),
        args.command[0].to_string_lossy(),
        started.elapsed().as_secs_f64(),
        status.describe()
    );
    Ok(ExitCode(status.code()))
}

fn init(args: &InitArgs) -> Result<ExitCode> {
    if args.path.exists() && !args.force {
        return Err(Error::Usage(format!(
            "`{}` already exists\nhint: pass `--force` to overwrite it",
            args.path.display()
        )));
    }
    std::fs::write(&args.path, ire::config::TEMPLATE).map_err(|source| Error::Io {
        action: "write",
        path: args.path.clone(),
        source,
    })?;
    eprintln!("ire: wrote `{}`", args.path.display());
    Ok(ExitCode::ACCEPTED)
}

/// A progress bar on standard error, drawn only for several specs when stderr is a terminal.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(total: usize) -> Self {
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

    fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }

    /// Prints around the bar without tearing it.
    fn suspend(&self, f: impl FnOnce()) {
        match &self.0 {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(io::Error::from)
        .and_then(|()| writeln!(out))
        .map_err(stdout_error)
}
