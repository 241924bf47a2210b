//! `ire lsp`: the language server on standard input and output.

use ire::error::{Error, Result};
use ire::exit_code::ExitCode;

use super::config;
use crate::cli::{Cli, LspArgs};

pub fn lsp(cli: &Cli, args: &LspArgs) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    let (connection, threads) = lsp_server::Connection::stdio();
    ire::lsp::serve(&connection, &config)?;
    drop(connection);
    threads.join().map_err(|e| Error::Internal(format!("language server input/output: {e}")))?;
    Ok(ExitCode::ACCEPTED)
}
