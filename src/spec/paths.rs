//! Expanding the paths, directories and globs of the command line into spec files.

use std::path::{Path, PathBuf};

/// The spec files that a list of paths, directories and globs names, sorted and without duplicates.
///
/// A directory is walked for `*.md`, `*.markdown` and `*.txt`, skipping hidden folders,
/// `target` and `node_modules`. A plain path is returned even when it does not exist, so that
/// its loading error becomes that spec's result rather than stopping the run.
pub fn expand_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, crate::error::Error> {
    use crate::error::Error;
    let mut out = Vec::new();
    for input in inputs {
        let text = input.to_string_lossy();
        if input.is_dir() {
            let before = out.len();
            for entry in walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_skipped_dir(e))
            {
                let entry = entry.map_err(|e| Error::NoSpecs(format!("could not walk `{text}`: {e}")))?;
                if entry.file_type().is_file() && is_spec_file(entry.path()) {
                    out.push(entry.into_path());
                }
            }
            if out.len() == before {
                return Err(Error::NoSpecs(format!(
                    "directory `{text}` holds no spec files (*.md, *.markdown, *.txt)"
                )));
            }
        } else if !input.exists() && text.contains(['*', '?', '[']) {
            let paths = glob::glob(&text).map_err(|e| Error::NoSpecs(format!("invalid glob `{text}`: {e}")))?;
            let mut matched: Vec<PathBuf> = paths.filter_map(Result::ok).filter(|p| p.is_file()).collect();
            if matched.is_empty() {
                return Err(Error::NoSpecs(format!("no spec file matched the glob `{text}`")));
            }
            matched.sort();
            out.extend(matched);
        } else {
            out.push(input.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

fn is_skipped_dir(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir()
        && entry.file_name().to_str().is_some_and(|n| n.starts_with('.') || n == "target" || n == "node_modules")
}

fn is_spec_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["md", "markdown", "txt"].iter().any(|x| e.eq_ignore_ascii_case(x)))
}
