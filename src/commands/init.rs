//! `ire init`: write a commented `ire.toml`.

use ire::error::{Error, Result};
use ire::exit_code::ExitCode;

use crate::cli::InitArgs;

pub fn init(args: &InitArgs) -> Result<ExitCode> {
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
