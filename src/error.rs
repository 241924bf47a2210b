//! Typed errors, gathered into one [`Error`] whose [`Error::exit_code`] picks the exit code.

use std::path::PathBuf;

use crate::exit_code::ExitCode;

/// Why a spec file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// The path does not exist.
    #[error("could not read spec `{path}`: no such file")]
    NotFound {
        /// The path as the user gave it.
        path: PathBuf,
    },
    /// The file has no content besides whitespace (and front matter).
    #[error("spec `{path}` is empty")]
    Empty {
        /// The spec's path.
        path: PathBuf,
    },
    /// The file holds NUL bytes, so it is not text.
    #[error("spec `{path}` looks binary: NUL byte at offset {offset}")]
    Binary {
        /// The spec's path.
        path: PathBuf,
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The file is not valid UTF-8.
    #[error("could not read spec `{path}`: not valid UTF-8 at byte {offset}")]
    NotUtf8 {
        /// The spec's path.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The file is larger than the configured limit.
    #[error(
        "spec `{path}` is {size} bytes, over the limit of {limit} bytes\nhint: raise `max_spec_bytes` in ire.toml or pass `--max-spec-bytes`"
    )]
    TooLarge {
        /// The spec's path.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The front matter could not be parsed.
    #[error("spec `{path}`: invalid front matter at line {line}: {message}")]
    FrontMatter {
        /// The spec's path.
        path: PathBuf,
        /// 1-based line of the front matter's opening fence or of the error.
        line: usize,
        /// What the parser said.
        message: String,
    },
    /// Any other I/O failure.
    #[error("could not read spec `{path}`: {source}")]
    Io {
        /// The spec's path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl SpecError {
    /// The path this error is about.
    #[must_use]
    pub fn path(&self) -> &std::path::Path {
        match self {
            Self::NotFound { path }
            | Self::Empty { path }
            | Self::Binary { path, .. }
            | Self::NotUtf8 { path, .. }
            | Self::TooLarge { path, .. }
            | Self::FrontMatter { path, .. }
            | Self::Io { path, .. } => path,
        }
    }
}

/// Every error ire reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A spec could not be loaded.
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// A path argument matched no spec file.
    #[error("{0}")]
    NoSpecs(String),
    /// The configuration is invalid.
    #[error("invalid configuration in `{path}`: {message}")]
    Config {
        /// The config file, or the name of the environment variable or flag.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A ledger could not be opened, read or written.
    #[error("ledger `{path}`: {message}")]
    Ledger {
        /// The ledger file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An IR document could not be read or is invalid.
    #[error("invalid IR in `{path}`: {message}")]
    Ir {
        /// The IR file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A labelled calibration file is malformed.
    #[error("invalid labelled data in `{path}` at line {line}: {message}")]
    Labelled {
        /// The JSON Lines file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Reading or writing a file other than a spec failed.
    #[error("could not {action} `{path}`: {source}")]
    Io {
        /// What ire was doing: "read", "write", "create".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A spec looks like it holds a secret, and the backend would send it away.
    #[error(
        "spec `{path}` line {line} looks like it contains {kind}; not sending it to `{endpoint}`\nhint: remove it, or pass `--allow-secrets`"
    )]
    Secret {
        /// The spec.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What it looks like.
        kind: &'static str,
        /// Where it would have gone.
        endpoint: String,
    },
    /// A backend could not complete a check.
    #[error("could not check `{path}`: {message}")]
    Backend {
        /// The spec.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A call would cross the budget; the spec was not (fully) checked.
    #[error("not checked `{path}`: {message}")]
    Budget {
        /// The spec.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The command of `ire exec` could not be started.
    #[error("could not start `{program}`: {source}")]
    Spawn {
        /// The program.
        program: String,
        /// Why.
        source: std::io::Error,
    },
    /// Bad usage that clap cannot express.
    #[error("{0}")]
    Usage(String),
    /// A failure of ire itself (a worker that panicked, a runtime that would not start): not
    /// the user's input, so not a usage error.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The exit code this error maps to (see [`ExitCode`]).
    #[must_use]
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Spec(_)
            | Self::NoSpecs(_)
            | Self::Config { .. }
            | Self::Ledger { .. }
            | Self::Ir { .. }
            | Self::Labelled { .. }
            | Self::Io { .. }
            | Self::Spawn { .. }
            | Self::Secret { .. }
            | Self::Usage(_) => ExitCode::USAGE,
            Self::Backend { .. } | Self::Internal(_) => ExitCode::BACKEND,
            Self::Budget { .. } => ExitCode::BUDGET,
        }
    }
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
