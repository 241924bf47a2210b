//! Numbers for people: small amounts of money, energy and emissions with enough digits.

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
