//! The `ire` binary: parse, run, print the error, exit with its code.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code.into(),
        Err(error) => {
            if !commands::is_broken_pipe(&error) {
                eprintln!("error: {error}");
                let mut source = std::error::Error::source(&error);
                while let Some(cause) = source {
                    let text = cause.to_string();
                    if !error.to_string().contains(&text) {
                        eprintln!("caused by: {text}");
                    }
                    source = cause.source();
                }
            }
            error.exit_code().into()
        }
    }
}
