//! `ire ir`, `ire render` and `ire schema`: the IR on its own.

use std::io::{self, Read as _, Write as _};
use std::path::Path;

use ire::error::{Error, Result};
use ire::exit_code::ExitCode;
use ire::spec::Spec;
use ire::translate::Backend;

use super::{config, print_json, stdout_error};
use crate::cli::{Cli, IrArgs, RenderArgs};

pub fn ir(cli: &Cli, args: &IrArgs) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    let spec = Spec::load(&args.spec, config.max_spec_bytes)?;
    let readings = Backend::from_config(&config.backend)?.to_ir(&spec).map_err(|failed| failed.error)?.value;
    let ir = readings.into_iter().next();
    print_json(&ir)?;
    Ok(ExitCode::ACCEPTED)
}

pub fn render(args: &RenderArgs) -> Result<ExitCode> {
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

/// `ire schema`.
pub fn schema() -> Result<ExitCode> {
    print_json(&ire::ir::schema())?;
    Ok(ExitCode::ACCEPTED)
}
