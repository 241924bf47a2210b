//! "Did you mean …?" for mistyped names, with Jaro–Winkler similarity.

/// The candidate closest to `input`, when it is close enough to be a likely typo.
#[must_use]
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `"\nhint: did you mean `x`?"`, or nothing.
#[must_use]
pub fn hint<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(input, candidates).map_or_else(String::new, |c| format!("\nhint: did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn close_typos_are_suggested_and_far_ones_are_not() {
        assert_eq!(super::closest("jsno", ["human", "json", "junit"]), Some("json"));
        assert_eq!(super::closest("openia", ["rules", "openai"]), Some("openai"));
        assert_eq!(super::closest("xml", ["human", "json"]), None);
    }
}
