//! What the user typed: clap derive types, mapped onto the library's configuration layers
//! before any work. The only module that knows clap.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser as _};
use clap::{Args, Parser, Subcommand, ValueEnum};
use ire::config::{BudgetLayer, Layer, Sources};
use ire::ledger::aggregate::By;
use ire::report::{Format, LedgerFormat};

/// Check an English spec before anyone spends tokens executing it.
///
/// ire translates the spec into a typed intermediate representation, translates that back
/// into English without the original, scores how far the round trip drifted, and blocks
/// specs whose intent does not survive.
#[derive(Debug, Parser)]
#[command(name = "ire", version, about, long_about = None, max_term_width = 100, arg_required_else_help = true)]
pub struct Cli {
    /// What to do (optional only with `--dump-config`).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options shared by every command.
    #[command(flatten)]
    pub global: Global,
}

/// Options shared by every command.
#[derive(Debug, Args)]
pub struct Global {
    /// Read this config file, on top of any discovered `ire.toml`.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Ignore discovered `ire.toml` files and `IRE_*` variables.
    #[arg(long, global = true)]
    pub isolated: bool,
    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print the effective configuration as TOML, and do nothing else: alone, or with a
    /// command and its flags (`ire check --backend openai --dump-config`) to see what that
    /// command would run with.
    #[arg(long, global = true)]
    pub dump_config: bool,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check spec files (directories are walked for *.md, *.markdown and *.txt).
    Check(CheckArgs),
    /// Print the IR of a spec as JSON.
    Ir(IrArgs),
    /// Print English rendered from an IR file (`-` reads standard input).
    Render(RenderArgs),
    /// Print the IR JSON Schema.
    Schema,
    /// Measure how well fidelity separates clear from flawed specs in labelled JSON Lines.
    Calibrate(CalibrateArgs),
    /// Check a spec, then run a command (no shell) only if the spec is accepted.
    ///
    /// The command gets `IRE_SPEC`, `IRE_IR` (a file holding the IR) and `IRE_FIDELITY` in its
    /// environment, and ire exits with its status. A blocked spec never starts it: ire prints
    /// the findings and exits 1.
    Exec(ExecArgs),
    /// Write a commented `ire.toml` with every key and its default.
    Init(InitArgs),
    /// Aggregate ledgers: checks, accepted rate, fidelity, and clock, coin and carbon per
    /// accepted spec, by project, model, backend, day or spec.
    Report(ReportArgs),
    /// Serve findings to an editor over the Language Server Protocol (stdio).
    ///
    /// Markdown and text documents get diagnostics with the clarifying question, checked as
    /// they change with the offline backend (on open and save with a model), and quick fixes
    /// for findings that name competing readings.
    Lsp(LspArgs),
}

/// `ire lsp`.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long, hide = true)]
    pub stdio: bool,
    /// Options that shape the check.
    #[command(flatten)]
    pub options: CheckOptions,
}

/// `ire report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Ledgers to read (default: `.ire/ledger.sqlite`); several compare projects or teams.
    #[arg(long, value_name = "PATH")]
    pub ledger: Vec<PathBuf>,
    /// How to group the checks.
    #[arg(long, default_value = "project", value_parser = by_parser())]
    pub by: By,
    /// Only checks on or after this date (`YYYY-MM-DD`) or time (RFC 3339, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', default_value = "table", value_parser = ledger_format_parser())]
    pub format: LedgerFormat,
}

/// `ire exec`.
#[derive(Debug, Args)]
pub struct ExecArgs {
    /// The spec to check.
    pub spec: PathBuf,
    /// The command and its arguments, after `--`.
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<std::ffi::OsString>,
    /// Options that shape the check.
    #[command(flatten)]
    pub options: CheckOptions,
}

/// `ire init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write it.
    #[arg(default_value = "ire.toml")]
    pub path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// Options that shape a check.
#[derive(Debug, Args, Clone, Default)]
pub struct CheckOptions {
    /// Translator backend: `rules` (offline, the default) or `openai` (any OpenAI-compatible endpoint).
    #[arg(long, value_name = "rules|openai")]
    pub backend: Option<String>,
    /// Minimum fidelity to accept a spec, in [0, 1].
    #[arg(long, value_name = "F")]
    pub min_fidelity: Option<f64>,
    /// Refuse spec files larger than this many bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_spec_bytes: Option<u64>,
    /// How many specs to check at once (default: one per core; 4 requests for `openai`).
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Project name recorded with each result.
    #[arg(long, value_name = "NAME")]
    pub project: Option<String>,
    /// Append each check to this SQLite ledger (default: `.ire/ledger.sqlite`).
    #[arg(long, value_name = "PATH")]
    pub ledger: Option<PathBuf>,
    /// Do not record checks in a ledger.
    #[arg(long, conflicts_with = "ledger")]
    pub no_ledger: bool,
    /// Do not read or write the cache of model round trips.
    #[arg(long)]
    pub no_cache: bool,
    /// Stop before a model call could take the run's spending over this many USD.
    #[arg(long, value_name = "USD")]
    pub max_usd: Option<f64>,
    /// Model of the `openai` backend (forward, and backward unless `--back-model`).
    #[arg(long, value_name = "NAME", help_heading = "Model")]
    pub model: Option<String>,
    /// Base URL of an OpenAI-compatible endpoint, with `/v1`.
    #[arg(long, value_name = "URL", help_heading = "Model")]
    pub base_url: Option<String>,
    /// Back-translate with another model, so that a model does not grade its own paraphrase.
    #[arg(long, value_name = "NAME", help_heading = "Model")]
    pub back_model: Option<String>,
    /// Base URL of the back-translation endpoint.
    #[arg(long, value_name = "URL", help_heading = "Model")]
    pub back_base_url: Option<String>,
    /// How to ask for JSON: auto, json_schema, tool, json_object or text.
    #[arg(long, value_name = "MODE", help_heading = "Model")]
    pub structured_output: Option<String>,
    /// Forward translations per spec; several reveal readings that are not stable.
    #[arg(long, value_name = "N", help_heading = "Model")]
    pub samples: Option<usize>,
    /// Sampling temperature of the forward call.
    #[arg(long, value_name = "T", help_heading = "Model")]
    pub temperature: Option<f64>,
    /// Per-request timeout in seconds.
    #[arg(long, value_name = "SECS", help_heading = "Model")]
    pub timeout: Option<f64>,
    /// Retries on 429, 5xx and connection errors.
    #[arg(long, value_name = "N", help_heading = "Model")]
    pub retries: Option<u32>,
    /// Output token limit per call.
    #[arg(long, value_name = "N", help_heading = "Model")]
    pub max_output_tokens: Option<u32>,
    /// Send specs to a remote model even when they look like they hold a secret.
    #[arg(long, help_heading = "Model")]
    pub allow_secrets: bool,
}

/// `ire check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Spec files, directories or globs.
    #[arg(value_name = "PATH|GLOB", required_unless_present = "dump_config")]
    pub paths: Vec<PathBuf>,
    /// Report format (human, json, junit, sarif, github, markdown, tap), optionally with a file
    /// (`junit=report.xml`); repeat for several reports.
    #[arg(long, short = 'f', value_name = "FORMAT[=PATH]", value_parser = parse_target, long_help = format_help())]
    pub format: Vec<Target>,
    /// Write the report to this file instead of standard output (for a format given without one).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Fail only on specs that are new, dropped in fidelity, or gained a blocking finding
    /// since this earlier JSON report.
    #[arg(long, value_name = "REPORT.json")]
    pub baseline: Option<PathBuf>,
    /// How far fidelity may drop below the baseline before a spec fails.
    #[arg(long, value_name = "F", default_value_t = 0.02, value_parser = parse_unit)]
    pub baseline_tolerance: f64,
    /// Check only the spec files changed since this git revision (and untracked ones).
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// No progress bar, and the human report shows only the specs that were not accepted
    /// (and the summary). Machine formats are complete either way.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Options that shape the check.
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Formats of commands that print one summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// For people.
    Human,
    /// JSON.
    Json,
}

/// A report format and where to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The format.
    pub format: Format,
    /// The file; `None` is standard output.
    pub path: Option<PathBuf>,
}

/// The long help of `--format`: every format of the registry with what it is for.
fn format_help() -> String {
    let mut help = String::from(
        "Report format, optionally with a file: `json`, `junit=report.xml`, `sarif=ire.sarif`.\n\
         Repeat for several reports, each to a stream of its own; `-` or no file is standard output.\n\n\
         Formats:",
    );
    for f in Format::ALL {
        help.push_str(&format!("\n  {:<9} {}", f.name(), f.help()));
    }
    help
}

/// A number in [0, 1].
fn parse_unit(value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(f) if (0.0..=1.0).contains(&f) => Ok(f),
        Ok(f) => Err(format!("must be between 0 and 1, got {f}")),
        Err(_) => Err(format!("`{value}` is not a number")),
    }
}

fn parse_target(value: &str) -> Result<Target, String> {
    let (name, path) = match value.split_once('=') {
        Some((name, path)) => (name, Some(path)),
        None => (value, None),
    };
    let format = Format::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        let hint = ire::suggest::hint(name, names.iter().copied());
        format!("unknown format `{name}` (use {}){hint}", names.join(", "))
    })?;
    let path = match path {
        None | Some("-") => None,
        Some("") => return Err(format!("`{value}` names no file; use `{name}` for standard output")),
        Some(p) => Some(PathBuf::from(p)),
    };
    Ok(Target { format, path })
}

/// `ire ir`.
#[derive(Debug, Args)]
pub struct IrArgs {
    /// The spec file.
    pub spec: PathBuf,
    /// Options that shape the check.
    #[command(flatten)]
    pub options: CheckOptions,
}

/// `ire render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The IR JSON file, or `-` for standard input.
    pub ir: PathBuf,
}

/// `ire calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// JSON Lines with `text` and `label` (`clear`, or anything else for flawed).
    pub labelled: PathBuf,
    /// Which field holds the spec: `auto` prefers `docstring` when a record has one.
    #[arg(long, default_value = "auto", value_name = "FIELD")]
    pub field: String,
    /// Keep clear records and flawed records whose `category` is one of these.
    #[arg(long, value_name = "CAT", value_delimiter = ',')]
    pub category: Vec<String>,
    /// Write each record's id, label and fidelity to this TSV file.
    #[arg(long, value_name = "PATH")]
    pub scores: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = SummaryFormat::Human)]
    pub format: SummaryFormat,
    /// Options that shape the check.
    #[command(flatten)]
    pub options: CheckOptions,
}

/// `--by`: the groupings of `ire report`, listed in `--help`.
fn by_parser() -> impl clap::builder::TypedValueParser<Value = By> {
    PossibleValuesParser::new(By::ALL.map(|b| PossibleValue::new(b.name())))
        .map(|name| By::parse(&name).unwrap_or(By::Project))
}

/// `ire report --format`: the ledger table formats, listed in `--help`.
fn ledger_format_parser() -> impl clap::builder::TypedValueParser<Value = LedgerFormat> {
    PossibleValuesParser::new(LedgerFormat::ALL.map(|f| PossibleValue::new(f.name())))
        .map(|name| LedgerFormat::parse(&name).unwrap_or(LedgerFormat::Table))
}

impl Global {
    /// Where configuration comes from besides the discovered `ire.toml`.
    #[must_use]
    pub fn sources(&self) -> Sources {
        Sources { file: self.config.clone(), isolated: self.isolated }
    }
}

impl CheckOptions {
    /// The flags as the top configuration layer.
    #[must_use]
    pub fn layer(&self) -> Layer {
        Layer {
            backend: self.backend.clone(),
            min_fidelity: self.min_fidelity,
            max_spec_bytes: self.max_spec_bytes,
            concurrency: self.concurrency,
            project: self.project.clone(),
            model: self.model.clone(),
            base_url: self.base_url.clone(),
            back_model: self.back_model.clone(),
            back_base_url: self.back_base_url.clone(),
            structured_output: self.structured_output.clone(),
            timeout_secs: self.timeout,
            retries: self.retries,
            samples: self.samples,
            temperature: self.temperature,
            max_output_tokens: self.max_output_tokens,
            allow_secrets: self.allow_secrets.then_some(true),
            ledger: self.ledger.clone(),
            cache: self.no_cache.then_some(false),
            budget: self.max_usd.map(|m| BudgetLayer { max_usd: Some(m) }),
            no_ledger: self.no_ledger,
            ..Layer::default()
        }
    }
}
