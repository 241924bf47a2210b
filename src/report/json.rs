//! The JSON report: one `ire.report/1` document.

use std::io::{self, Write};

use super::Reporter;
use crate::run::RunReport;

/// The JSON reporter.
#[derive(Debug, Clone, Copy)]
pub struct Json;

impl Reporter for Json {
    fn render(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, run)?;
        writeln!(out)
    }
}
