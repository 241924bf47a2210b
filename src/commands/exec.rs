//! `ire exec`: check a spec, then run a command only if it is accepted.

use std::io::{self, Write as _};
use std::time::Instant;

use ire::error::{Error, Result};
use ire::exit_code::ExitCode;
use ire::gate::Verdict;
use ire::report::Format;
use ire::run::{self, RunReport};
use ire::translate::Backend;

use super::{anstream_choice, config, cwd, open_ledger, stdout_error};
use crate::cli::{Cli, ExecArgs};

pub fn exec(cli: &Cli, args: &ExecArgs) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    let backend = Backend::from_config(&config.backend)?;
    let ledger = open_ledger(&config)?;
    let info = ire::ledger::RunInfo::new(config.project.clone(), &cwd()?);
    let budget = config.max_usd.map(ire::meter::Budget::new);
    let result = run::check_path(&args.spec, &config, &backend, budget.as_ref());
    let fidelity = result.fidelity;
    let ir = result.ir.clone();
    let run = RunReport::new(&config, &backend.info(), vec![result]);
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
        ire::report::render(Format::Human, &run, &mut err).map_err(stdout_error)?;
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
