//! Reporters: each renders a finished [`RunReport`] in one format.
//!
//! Adding a format is one file, one [`crate::cli::Format`] variant and one match arm here.

mod human;
mod json;

use std::io::{self, Write};

pub use human::Human;
pub use json::Json;

use crate::cli::Format;
use crate::pipeline::RunReport;

/// Renders a finished run.
pub trait Report {
    /// Writes the run to `out`. Human output may carry ANSI colours; the caller strips them
    /// when the destination is not a colour terminal.
    fn render(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()>;
}

/// Renders a run in the chosen format.
pub fn render(format: Format, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => Human.render(run, out),
        Format::Json => Json.render(run, out),
    }
}

/// Formats a small positive quantity with enough significant digits to be honest.
#[must_use]
pub fn small(value: f64) -> String {
    if value == 0.0 {
        "0".into()
    } else if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.2}")
    } else {
        // Three significant digits.
        let digits = (-value.log10()).ceil();
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "digits is in 1..=320")]
        let places = (digits as usize + 2).min(12);
        format!("{value:.places$}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn small_numbers_keep_three_significant_digits() {
        assert_eq!(super::small(0.0), "0");
        assert_eq!(super::small(0.000_012_345), "0.0000123");
        assert_eq!(super::small(2.5), "2.50");
        assert_eq!(super::small(0.5), "0.500");
    }
}
