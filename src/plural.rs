//! Plurals and lists in messages, in one place so every message reads the same way.

/// "1 spec", "2 specs".
#[must_use]
pub fn count(n: usize, singular: &str) -> String {
    if n == 1 { format!("1 {singular}") } else { format!("{n} {}", plural(singular)) }
}

/// The plural of an English noun used in ire's messages.
#[must_use]
pub fn plural(singular: &str) -> String {
    match singular {
        "ambiguity" => "ambiguities".into(),
        "is" => "are".into(),
        "was" => "were".into(),
        s if s.ends_with('s') || s.ends_with('x') || s.ends_with("ch") => format!("{s}es"),
        s => format!("{s}s"),
    }
}

/// "a", "a and b", "a, b and c".
#[must_use]
pub fn list_and(items: &[String]) -> String {
    list(items, "and")
}

/// "a", "a or b", "a, b or c".
#[must_use]
pub fn list_or(items: &[String]) -> String {
    list(items, "or")
}

fn list(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_lists() {
        assert_eq!(count(1, "spec"), "1 spec");
        assert_eq!(count(3, "spec"), "3 specs");
        assert_eq!(count(2, "ambiguity"), "2 ambiguities");
        assert_eq!(count(0, "match"), "0 matches");
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(list_or(&items), "a, b or c");
        assert_eq!(list_and(&items[..2]), "a and b");
    }
}
