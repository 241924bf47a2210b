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

/// A quantity with an SI prefix and three significant digits: "954 nWh", "1.20 mg", "518 µs".
/// Zero is "0" with the bare unit. For people: machine formats keep plain numbers.
#[must_use]
pub fn si(value: f64, unit: &str) -> String {
    const PREFIXES: [(f64, &str); 8] =
        [(1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"), (1e-12, "p")];
    if value == 0.0 || !value.is_finite() {
        return format!("{value} {unit}");
    }
    let (scale, prefix) = PREFIXES.iter().copied().find(|&(scale, _)| value.abs() >= scale).unwrap_or(PREFIXES[7]);
    let m = value / scale;
    // Rounding may carry into the next prefix: 999.7 n → "1000 n" is shown as "1.00 µ".
    let (m, prefix) = match PREFIXES.iter().position(|&(s, _)| s == scale) {
        Some(k) if k > 0 && format!("{m:.0}") == "1000" => (m / 1000.0, PREFIXES[k - 1].1),
        _ => (m, prefix),
    };
    let digits = if m.abs() >= 100.0 {
        0
    } else if m.abs() >= 10.0 {
        1
    } else {
        2
    };
    format!("{m:.digits$} {prefix}{unit}")
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
    fn si_prefixes_keep_three_significant_digits() {
        assert_eq!(super::si(0.000_000_954, "Wh"), "954 nWh");
        assert_eq!(super::si(0.001_2, "g"), "1.20 mg");
        assert_eq!(super::si(0.000_518, "s"), "518 µs");
        assert_eq!(super::si(3.5, "s"), "3.50 s");
        assert_eq!(super::si(12_345.0, "Wh"), "12.3 kWh");
        assert_eq!(super::si(0.000_999_96, "Wh"), "1.00 mWh");
        assert_eq!(super::si(0.0, "Wh"), "0 Wh");
    }

    #[test]
    fn small_numbers_keep_three_significant_digits() {
        assert_eq!(super::small(0.0), "0");
        assert_eq!(super::small(0.000_012_345), "0.0000123");
        assert_eq!(super::small(2.5), "2.50");
        assert_eq!(super::small(0.5), "0.500");
    }
}
