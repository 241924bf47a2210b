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

/// Two numbers in [0, 1] with as many decimals as it takes to tell them apart (two at least,
/// six at most): "0.9999 < 1.0000", not "1.00 < 1.00".
#[must_use]
pub fn compared(a: f64, b: f64) -> (String, String) {
    let places = (2..=6).find(|&p| format!("{a:.p$}") != format!("{b:.p$}") || a == b).unwrap_or(6);
    (format!("{a:.places$}"), format!("{b:.places$}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn compared_numbers_show_their_difference() {
        assert_eq!(super::compared(0.95, 0.9), ("0.95".into(), "0.90".into()));
        assert_eq!(super::compared(0.9996, 1.0), ("0.9996".into(), "1.0000".into()));
        assert_eq!(super::compared(1.0, 1.0), ("1.00".into(), "1.00".into()));
    }

    #[test]
    fn small_numbers_keep_three_significant_digits() {
        assert_eq!(super::small(0.0), "0");
        assert_eq!(super::small(0.000_012_345), "0.0000123");
        assert_eq!(super::small(2.5), "2.50");
        assert_eq!(super::small(0.5), "0.500");
    }
}
