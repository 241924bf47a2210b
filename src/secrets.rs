//! Text that looks like a secret is not sent to a remote model unless explicitly allowed.
//!
//! The patterns are the published shapes of common credentials (key prefixes, PEM private key
//! headers, credentials in URLs, JWTs) and assignments of long values to secret-like names.

use std::sync::LazyLock;

use regex::Regex;

/// A secret found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// What it looks like.
    pub kind: &'static str,
    /// 1-based line.
    pub line: usize,
}

static PATTERNS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("an OpenAI-style API key", r"\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}"),
        ("an AWS access key id", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
        ("a GitHub token", r"\bgh[pousr]_[A-Za-z0-9]{30,}"),
        ("a GitHub fine-grained token", r"\bgithub_pat_[A-Za-z0-9_]{40,}"),
        ("a Slack token", r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
        ("a Google API key", r"\bAIza[0-9A-Za-z_-]{35}"),
        ("a private key block", r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"),
        ("a password in a URL", r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]{3,}@"),
        ("a JSON Web Token", r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
        (
            "a secret assigned to a name",
            r#"(?i)\b(?:api[_-]?key|secret(?:[_-]?key)?|access[_-]?token|auth[_-]?token|password|passwd)\s*[:=]\s*["']?[A-Za-z0-9/+_.=-]{16,}"#,
        ),
    ]
    .into_iter()
    .map(|(kind, pattern)| (kind, Regex::new(pattern).expect("the secret patterns are valid")))
    .collect()
});

/// The first thing in `text` that looks like a secret.
#[must_use]
pub fn find(text: &str) -> Option<Secret> {
    text.lines().enumerate().find_map(|(i, line)| {
        PATTERNS.iter().find(|(_, re)| re.is_match(line)).map(|(kind, _)| Secret { kind, line: i + 1 })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_secret_shapes_are_found_with_their_line() {
        let cases = [
            ("use key sk-abcdefghijklmnopqrstuvwx1234", "an OpenAI-style API key"),
            ("AKIAIOSFODNN7EXAMPLE is the id", "an AWS access key id"),
            ("token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", "a GitHub token"),
            ("-----BEGIN RSA PRIVATE KEY-----", "a private key block"),
            ("connect to postgres://admin:hunter22@db:5432/app", "a password in a URL"),
            ("api_key = \"Zm9vYmFyYmF6cXV4cXV1eA\"", "a secret assigned to a name"),
        ];
        for (text, kind) in cases {
            let found = find(&format!("# Spec\n\n{text}\n")).unwrap_or_else(|| panic!("missed: {text}"));
            assert_eq!((found.kind, found.line), (kind, 3), "{text}");
        }
    }

    #[test]
    fn ordinary_specs_are_not_secrets() {
        for text in [
            "The API key must be read from `OPENAI_API_KEY`.",
            "Passwords must be at least 12 characters long.",
            "See https://example.com/docs for the token format.",
            "The skeleton task-runner sends sk- prefixed ids.",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }
}
