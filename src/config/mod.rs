//! Layered configuration, resolved once into a [`Config`] before any work.
//!
//! Layers, lowest first: built-in defaults, the `ire.toml` found by walking up from the
//! working directory, the file named by `--config`, `IRE_*` environment variables, flags.
//! Unknown keys are errors that name the key and the file. This module owns `ire.toml`
//! discovery, the `.ire/` paths beside it and the `ire init` template; it knows nothing of
//! the command line, whose flags arrive as one more [`Layer`].

mod layer;
mod paths;
mod resolve;
mod template;

use std::path::PathBuf;

pub use layer::{BudgetLayer, CarbonLayer, Layer, PromptsLayer, ScoreLayer, WeightsLayer};
pub use paths::{FILE_NAME, cache_dir, discover, ledger_path};
pub use template::TEMPLATE;

use crate::gate::Gate;
use crate::meter::{Carbon, Prices};
use crate::score::Params;
use crate::translate::BackendConfig;

/// Where configuration comes from besides the discovered `ire.toml`.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// A config file read on top of any discovered `ire.toml` (`--config`).
    pub file: Option<PathBuf>,
    /// Ignore discovered `ire.toml` files and `IRE_*` variables (`--isolated`).
    pub isolated: bool,
}

/// The fully resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The backend keys, checked by the backend when it is built.
    pub backend: BackendConfig,
    /// The decision rule.
    pub gate: Gate,
    /// Largest spec file accepted, in bytes.
    pub max_spec_bytes: u64,
    /// Specs checked at once.
    pub concurrency: usize,
    /// Project name for reports.
    pub project: Option<String>,
    /// The scorer's parameters.
    pub params: Params,
    /// The price table.
    pub prices: Prices,
    /// How carbon is estimated for remote calls.
    pub carbon: Carbon,
    /// The ledger to append to; `None` with `--no-ledger`.
    pub ledger: Option<PathBuf>,
    /// Whether the ledger was asked for by name (`--ledger`, `ledger =`): then failing to open
    /// it is an error; the default ledger is skipped with a warning instead.
    pub ledger_explicit: bool,
    /// The cache folder; `None` with `--no-cache`.
    pub cache: Option<PathBuf>,
    /// The run's budget in USD.
    pub max_usd: Option<f64>,
    /// The config files that were read, lowest layer first.
    pub files: Vec<PathBuf>,
}
