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
    // The shapes of the token formats their issuers publish. A token prefix may follow `_` or
    // `=` (`GITHUB_TOKEN=ghp_…`), so the prefixes are anchored on a non-alphanumeric
    // character rather than on `\b`, which does not match between `_` and a letter.
    [
        ("an OpenAI-style API key", r"(?:^|[^A-Za-z0-9])sk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}"),
        ("a Stripe secret key", r"(?:^|[^A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"),
        ("an AWS access key id", r"(?:^|[^A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?:[^A-Za-z0-9]|$)"),
        ("a GitHub token", r"(?:^|[^A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{30,}"),
        ("a GitHub fine-grained token", r"(?:^|[^A-Za-z0-9])github_pat_[A-Za-z0-9_]{40,}"),
        ("a GitLab token", r"(?:^|[^A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}"),
        ("an npm token", r"(?:^|[^A-Za-z0-9])npm_[A-Za-z0-9]{36}"),
        ("a Slack token", r"(?:^|[^A-Za-z0-9])xox[abprs]-[A-Za-z0-9-]{10,}"),
        ("a Google API key", r"(?:^|[^A-Za-z0-9])AIza[0-9A-Za-z_-]{35}"),
        ("a private key block", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
        ("a password in a URL", r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]{3,}@"),
        ("a JSON Web Token", r"(?:^|[^A-Za-z0-9])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    ]
    .into_iter()
    .map(|(kind, pattern)| (kind, Regex::new(pattern).expect("the secret patterns are valid")))
    .collect()
});

/// A value assigned to a secret-like name, in `.env`, YAML, JSON, TOML or INI form:
/// `DB_PASSWORD=…`, `client_secret: …`, `"api_key": "…"`, `AccountKey=…`.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:^|[^A-Za-z0-9])["']?[A-Za-z0-9_.-]*(?:api[_-]?key|secret|token|passw(?:or)?d|pwd|private[_-]?key|access[_-]?key|account[_-]?key|credentials?)[A-Za-z0-9_.-]*["']?\s*[:=]\s*["']?([^\s"',;]{8,})"#,
    )
    .expect("the assignment pattern is valid")
});

/// Whether an assigned value is a credential rather than a reference to one: not the name of a
/// variable (`OPENAI_API_KEY`, `${TOKEN}`, `$TOKEN`), not a placeholder (`<your-key>`,
/// `changeme`, `xxxxxxxx`), and with the mix of characters a generated secret has.
fn credential(value: &str) -> bool {
    let variable = value.starts_with('$')
        || value.starts_with('%')
        || value.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        || (value.starts_with("{{") && value.ends_with("}}"));
    let placeholder = value.starts_with('<')
        || value.starts_with('[')
        || value.chars().all(|c| c == value.chars().next().unwrap_or('x') || c == '-')
        || ["changeme", "example", "your", "placeholder", "redacted", "dummy"]
            .iter()
            .any(|p| value.to_lowercase().contains(p));
    let classes = [
        value.chars().any(|c| c.is_ascii_lowercase()),
        value.chars().any(|c| c.is_ascii_uppercase()),
        value.chars().any(|c| c.is_ascii_digit()),
        value.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .into_iter()
    .filter(|&b| b)
    .count();
    !variable && !placeholder && classes >= 2
}

/// The first thing in `text` that looks like a secret.
#[must_use]
pub fn find(text: &str) -> Option<Secret> {
    text.lines().enumerate().find_map(|(i, line)| {
        let shaped = PATTERNS.iter().find(|(_, re)| re.is_match(line)).map(|(kind, _)| *kind);
        let assigned = || {
            ASSIGNMENT
                .captures_iter(line)
                .any(|c| c.get(1).is_some_and(|v| credential(v.as_str())))
                .then_some("a secret assigned to a name")
        };
        shaped.or_else(assigned).map(|kind| Secret { kind, line: i + 1 })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_secret_shapes_are_found_with_their_line() {
        let cases = [
            ("use key sk-abcdefghijklmnopqrstuvwx1234", "an OpenAI-style API key"),
            ("OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx1234", "an OpenAI-style API key"),
            ("AKIAIOSFODNN7EXAMPLE is the id", "an AWS access key id"),
            ("token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", "a GitHub token"),
            ("GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", "a GitHub token"),
            ("-----BEGIN RSA PRIVATE KEY-----", "a private key block"),
            ("-----BEGIN PGP PRIVATE KEY BLOCK-----", "a private key block"),
            (r#"{"private_key": "-----BEGIN PRIVATE KEY-----\nMIIE"}"#, "a private key block"),
            ("connect to postgres://admin:hunter22@db:5432/app", "a password in a URL"),
            ("api_key = \"Zm9vYmFyYmF6cXV4cXV1eA\"", "a secret assigned to a name"),
            ("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8aB3", "a secret assigned to a name"),
            ("DB_PASSWORD=hunter2hunter2", "a secret assigned to a name"),
            ("client_secret: 8f3a9c0e1b7d4f26a5c8", "a secret assigned to a name"),
            ("STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc", "a Stripe secret key"),
            ("//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789", "an npm token"),
            (
                "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
                "a secret assigned to a name",
            ),
            ("SLACK_BOT_TOKEN=xoxb-1234567890-abcdefghij", "a Slack token"),
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
            "api_key = OPENAI_API_KEY",
            "token: ${GITHUB_TOKEN}",
            "password: <your password here>",
            "DB_PASSWORD=changeme123",
            "Passwords must be at least 12 characters long.",
            "See https://example.com/docs for the token format.",
            "The skeleton task-runner sends sk- prefixed ids.",
            "The secret: keep the tokens short-lived.",
            "Set the token lifetime: 15 minutes.",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }
}
