//! Loading spec files: front matter, Markdown or plain-text structure, clauses with positions.
//!
//! A spec is split into *blocks* (headings, paragraphs, list items, table rows) and each block
//! into *clauses* (sentences and `;`-separated parts). Code blocks and doctest examples are
//! kept as literals and never parsed as prose. Every clause remembers where each of its
//! pieces came from, so findings can be anchored at `file:line:column`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::SpecError;

mod blocks;
mod paths;

pub use blocks::clauses_of;
use blocks::{markdown_blocks, plain_blocks, split_clauses};
pub use paths::{Expanded, expand_paths};

/// Default limit on the size of a spec file: 1 MiB.
pub const DEFAULT_MAX_SPEC_BYTES: u64 = 1024 * 1024;

/// How the text of a spec is structured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CommonMark with tables (`.md`, `.markdown`, and anything that is not `.txt`).
    Markdown,
    /// Plain text: blank-line paragraphs, `-`/`*`/`1.` items, indented or `>>>` examples.
    Plain,
}

impl Format {
    /// The format a path's extension implies.
    #[must_use]
    pub fn of_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("txt") => Self::Plain,
            _ => Self::Markdown,
        }
    }
}

/// Optional metadata at the top of a spec, in YAML (`---`) or TOML (`+++`) fences.
///
/// Keys ire does not know are ignored, because spec files often carry front matter for
/// other tools (a docs site's `layout`, `tags`); a known key with the wrong type is an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    /// Title of the spec; the first level-one heading when absent.
    pub title: Option<String>,
    /// Project the spec belongs to, for reports that compare projects.
    pub project: Option<String>,
    /// Who owns the spec.
    pub owner: Option<String>,
    /// What the work the spec describes is worth, in USD.
    #[serde(alias = "value")]
    pub value_usd: Option<f64>,
    /// The most this spec's check may spend, in USD.
    #[serde(alias = "budget")]
    pub budget_usd: Option<f64>,
}

/// What kind of block a clause comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseKind {
    /// A heading.
    Heading,
    /// A sentence of a paragraph.
    Sentence,
    /// A list item or table row.
    Item,
}

/// A fenced or indented code block, or a run of doctest examples: kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The code, without fences.
    pub text: String,
    /// The info string of a fenced block (`rust`, `json` …), if any.
    pub lang: Option<String>,
    /// 1-based line where the block starts.
    pub line: usize,
}

/// One clause: a sentence, a list item or a `;`-separated part of either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The clause's prose; inline code keeps its backticks.
    pub text: String,
    /// The block it came from.
    pub kind: ClauseKind,
    /// Index of the block it came from: clauses of one paragraph or item share it.
    pub block: usize,
    /// 1-based line of its first character.
    pub line: usize,
    /// 1-based column (in characters) of its first character.
    pub column: usize,
    /// Pieces of `text` and where each starts in the file: `(offset in text, offset in file)`.
    map: Vec<(usize, usize)>,
}

impl Clause {
    /// The byte offset in the file of the byte at `at` in [`Clause::text`].
    #[must_use]
    pub fn file_offset(&self, at: usize) -> usize {
        let i = self.map.partition_point(|&(start, _)| start <= at).saturating_sub(1);
        let (start, file) = self.map.get(i).copied().unwrap_or((0, 0));
        file + (at - start.min(at))
    }
}

/// A loaded spec.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The path as given (or a label such as a record id).
    pub path: PathBuf,
    /// The whole file, front matter included.
    pub text: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Parsed front matter.
    pub front: FrontMatter,
    /// Prose clauses in file order.
    pub clauses: Vec<Clause>,
    /// Code blocks and examples in file order.
    pub code: Vec<CodeBlock>,
    line_starts: Vec<usize>,
}

impl Spec {
    /// Reads and parses a spec file, refusing missing, empty, binary, non-UTF-8 and oversized files.
    pub fn load(path: &Path, max_bytes: u64) -> Result<Self, SpecError> {
        let io = |source: std::io::Error| {
            if source.kind() == std::io::ErrorKind::NotFound {
                SpecError::NotFound { path: path.to_path_buf() }
            } else {
                SpecError::Io { path: path.to_path_buf(), source }
            }
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            return Err(SpecError::Io { path: path.to_path_buf(), source: std::io::Error::other("is a directory") });
        }
        // A FIFO would block for ever and a device (`/dev/zero`) would read without end: only
        // regular files are specs.
        if !meta.is_file() {
            return Err(SpecError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::other("not a regular file"),
            });
        }
        if meta.len() > max_bytes {
            return Err(SpecError::TooLarge { path: path.to_path_buf(), size: meta.len(), limit: max_bytes });
        }
        // The size can change between stat and read: read at most one byte over the limit.
        let mut bytes = Vec::new();
        let file = std::fs::File::open(path).map_err(io)?;
        std::io::Read::read_to_end(&mut std::io::Read::take(file, max_bytes.saturating_add(1)), &mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > max_bytes {
            return Err(SpecError::TooLarge { path: path.to_path_buf(), size: bytes.len() as u64, limit: max_bytes });
        }
        Self::from_bytes(path, &bytes, Format::of_path(path))
    }

    /// Parses a spec from bytes, with the same checks as [`Spec::load`] except the size limit.
    pub fn from_bytes(path: &Path, bytes: &[u8], format: Format) -> Result<Self, SpecError> {
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(SpecError::Binary { path: path.to_path_buf(), offset });
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|e| SpecError::NotUtf8 { path: path.to_path_buf(), offset: e.valid_up_to() })?;
        Self::parse(path, text, format, sha256_hex(bytes))
    }

    /// Parses a spec from text already in memory (calibration records, benchmarks, tests).
    pub fn from_text(path: &Path, text: &str, format: Format) -> Result<Self, SpecError> {
        Self::parse(path, text, format, sha256_hex(text.as_bytes()))
    }

    fn parse(path: &Path, text: &str, format: Format, sha256: String) -> Result<Self, SpecError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
        let line_starts = line_starts(&text);
        let (front, body_start) = front_matter(path, &text, &line_starts)?;
        let body = &text[body_start..];
        if body.trim().is_empty() {
            return Err(SpecError::Empty { path: path.to_path_buf() });
        }
        let (blocks, code) = match format {
            Format::Markdown => markdown_blocks(body, body_start),
            Format::Plain => plain_blocks(body, body_start),
        };
        let mut spec = Self {
            path: path.to_path_buf(),
            sha256,
            front,
            clauses: Vec::new(),
            code: Vec::new(),
            line_starts,
            text: String::new(),
        };
        spec.code = code
            .into_iter()
            .map(|(code, lang, offset)| CodeBlock { text: code, lang, line: spec.line_col_in(&text, offset).0 })
            .collect();
        for (index, block) in blocks.iter().enumerate() {
            for (start, end) in split_clauses(&block.text) {
                let clause_text = &block.text[start..end];
                let map = block.submap(start, end);
                let (line, column) = spec.line_col_in(&text, map.first().map_or(0, |m| m.1));
                spec.clauses.push(Clause {
                    text: clause_text.to_owned(),
                    kind: block.kind,
                    block: index,
                    line,
                    column,
                    map,
                });
            }
        }
        spec.text = text;
        Ok(spec)
    }

    /// The title: front matter first, then the first heading.
    #[must_use]
    pub fn title(&self) -> Option<String> {
        self.front
            .title
            .clone()
            .or_else(|| self.clauses.iter().find(|c| c.kind == ClauseKind::Heading).map(|c| c.text.clone()))
    }

    /// 1-based line and column (in characters) of a byte offset in the file.
    #[must_use]
    pub fn line_col_of(&self, offset: usize) -> (usize, usize) {
        self.line_col_in(&self.text, offset)
    }

    fn line_col_in(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    /// The prose of the spec as the scorer sees it: clause texts, one per line.
    #[must_use]
    pub fn prose(&self) -> String {
        let mut out = String::new();
        for clause in &self.clauses {
            out.push_str(&clause.text);
            out.push('\n');
        }
        out
    }
}

/// Lowercase hex SHA-256 of some bytes.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// Splits off YAML (`---`) or TOML (`+++`) front matter; returns it and where the body starts.
fn front_matter(path: &Path, text: &str, line_starts: &[usize]) -> Result<(FrontMatter, usize), SpecError> {
    let fence = if text.starts_with("---\n") || text.starts_with("---\r\n") {
        "---"
    } else if text.starts_with("+++\n") || text.starts_with("+++\r\n") {
        "+++"
    } else {
        return Ok((FrontMatter::default(), 0));
    };
    let inner_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let Some(close) =
        line_starts.iter().skip(1).copied().find(|&s| text[s..].lines().next().is_some_and(|l| l.trim_end() == fence))
    else {
        return Err(SpecError::FrontMatter {
            path: path.to_path_buf(),
            line: 1,
            message: format!("the opening `{fence}` has no closing `{fence}`"),
        });
    };
    let inner = &text[inner_start..close];
    let body_start = text[close..].find('\n').map_or(text.len(), |i| close + i + 1);
    let front = if inner.trim().is_empty() {
        FrontMatter::default()
    } else if fence == "---" {
        serde_norway::from_str(inner).map_err(|e| SpecError::FrontMatter {
            path: path.to_path_buf(),
            line: e.location().map_or(1, |l| l.line() + 1),
            message: e.to_string(),
        })?
    } else {
        toml::from_str(inner).map_err(|e| SpecError::FrontMatter {
            path: path.to_path_buf(),
            line: e.span().map_or(1, |s| inner[..s.start.min(inner.len())].matches('\n').count() + 2),
            message: e.message().to_owned(),
        })?
    };
    if let Some(b) = front.budget_usd
        && !(b.is_finite() && b >= 0.0)
    {
        return Err(SpecError::FrontMatter {
            path: path.to_path_buf(),
            line: 1 + inner.lines().position(|l| l.trim_start().starts_with("budget_usd")).map_or(0, |i| i + 1),
            message: format!("`budget_usd` must be a number of USD >= 0, got {b}"),
        });
    }
    Ok((front, body_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Spec {
        Spec::from_text(Path::new("t.md"), text, Format::Markdown).unwrap()
    }

    #[test]
    fn sentences_items_and_semicolons_become_clauses() {
        let spec = md(
            "# Uploads\n\nThe worker must retry 3 times. It must log each retry; it must not crash.\n\n- Use `cfg.toml`, e.g. for limits.\n- Done.\n",
        );
        let texts: Vec<_> = spec.clauses.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Uploads",
                "The worker must retry 3 times.",
                "It must log each retry;",
                "it must not crash.",
                "Use `cfg.toml`, e.g. for limits.",
                "Done."
            ]
        );
        assert_eq!(spec.clauses[0].kind, ClauseKind::Heading);
        assert_eq!(spec.clauses[4].kind, ClauseKind::Item);
    }

    #[test]
    fn clause_positions_point_into_the_file() {
        let spec = md("# T\n\nFirst one.  Second one\ncontinues here.\n");
        let second = &spec.clauses[2];
        assert_eq!(second.text, "Second one continues here.");
        assert_eq!((second.line, second.column), (3, 13));
        let at = second.file_offset(second.text.find("continues").unwrap());
        assert_eq!(spec.line_col_of(at), (4, 1));
    }

    #[test]
    fn code_blocks_are_literals_not_clauses() {
        let spec = md("Run it.\n\n```sh\nrm -rf must never.\n```\n");
        assert_eq!(spec.clauses.len(), 1);
        assert_eq!(spec.code[0].lang.as_deref(), Some("sh"));
        assert_eq!(spec.code[0].line, 3);
    }

    #[test]
    fn front_matter_yaml_and_toml() {
        let spec = md("---\ntitle: Uploads\nbudget_usd: 0.5\nlayout: post\n---\nBody text.\n");
        assert_eq!(spec.front.title.as_deref(), Some("Uploads"));
        assert_eq!(spec.front.budget_usd, Some(0.5));
        assert_eq!(spec.clauses[0].line, 6);
        let spec = md("+++\nproject = \"core\"\n+++\nBody.\n");
        assert_eq!(spec.front.project.as_deref(), Some("core"));
        let err = Spec::from_text(Path::new("x.md"), "---\nbudget_usd: lots\n---\nBody.\n", Format::Markdown);
        assert!(matches!(err, Err(SpecError::FrontMatter { .. })));
    }

    #[test]
    fn a_negative_or_infinite_budget_is_refused_with_its_line() {
        for value in ["-1", ".inf", ".nan"] {
            let text = format!("---\ntitle: T\nbudget_usd: {value}\n---\nBody.\n");
            let err = Spec::from_text(Path::new("x.md"), &text, Format::Markdown).unwrap_err().to_string();
            assert!(err.contains("x.md") && err.contains("budget_usd") && err.contains("line 3"), "{value}: {err}");
        }
    }

    #[test]
    fn plain_text_keeps_doctests_as_code() {
        let spec = Spec::from_text(
            Path::new("t.txt"),
            "Return the sum.\n>>> add(1, 2)\n3\n\n- first item\n- second item\n",
            Format::Plain,
        )
        .unwrap();
        let texts: Vec<_> = spec.clauses.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["Return the sum.", "first item", "second item"]);
        assert_eq!(spec.code[0].text, ">>> add(1, 2)\n3\n");
        assert_eq!(spec.clauses[2].column, 3);
    }

    #[test]
    fn abbreviations_and_decimals_do_not_split() {
        let spec = md("Wait 2.5 s, i.e. twice the usual. Next e.g. this one.\n");
        assert_eq!(spec.clauses.len(), 2);
    }

    #[test]
    fn bad_bytes_are_refused() {
        let p = Path::new("b.md");
        assert!(matches!(Spec::from_bytes(p, b"ab\0c", Format::Markdown), Err(SpecError::Binary { offset: 2, .. })));
        assert!(matches!(Spec::from_bytes(p, b"ok \xff", Format::Markdown), Err(SpecError::NotUtf8 { offset: 3, .. })));
        assert!(matches!(Spec::from_bytes(p, b" \n\t\n", Format::Markdown), Err(SpecError::Empty { .. })));
    }
}
