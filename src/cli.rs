//! What the user typed: clap derive types, turned into a [`crate::config::Config`] before any work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Check an English spec before anyone spends tokens executing it.
///
/// ire translates the spec into a typed intermediate representation, translates that back
/// into English without the original, scores how far the round trip drifted, and blocks
/// specs whose intent does not survive.
#[derive(Debug, Parser)]
#[command(name = "ire", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
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
}

/// Options that shape a check.
#[derive(Debug, Args, Clone, Default)]
pub struct CheckOptions {
    /// Translator backend.
    #[arg(long, value_name = "NAME")]
    pub backend: Option<String>,
    /// Minimum fidelity to accept a spec, in [0, 1].
    #[arg(long, value_name = "F")]
    pub min_fidelity: Option<f64>,
    /// Refuse spec files larger than this many bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_spec_bytes: Option<u64>,
    /// How many specs to check at once (0 = one per core).
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Project name recorded with each result.
    #[arg(long, value_name = "NAME")]
    pub project: Option<String>,
}

/// `ire check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Spec files, directories or globs.
    #[arg(value_name = "PATH|GLOB", required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Options that shape the check.
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: verdicts, findings with questions, and the round-trip diff.
    Human,
    /// One JSON document (`ire.report/1`).
    Json,
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
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Options that shape the check.
    #[command(flatten)]
    pub options: CheckOptions,
}
