//! `ire calibrate`: how well fidelity separates clear from flawed specs.

use std::io::{self, Write as _};

use ire::error::{Error, Result};
use ire::exit_code::ExitCode;
use ire::plural;
use ire::translate::Backend;

use super::{config, print_json, stdout_error};
use crate::cli::{CalibrateArgs, Cli, SummaryFormat};

pub fn calibrate(cli: &Cli, args: &CalibrateArgs) -> Result<ExitCode> {
    let config = config(cli, &args.options)?;
    let backend = Backend::from_config(&config.backend)?;
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
