//! Expanding the paths, directories and globs of the command line into spec files.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The spec files that a list of paths, directories and globs names, in order and without
/// duplicates, and the files a directory walk left out because ire wrote them.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The spec files.
    pub paths: Vec<PathBuf>,
    /// Files of a walked directory that hold a report of ire's own (`ire check . > report.txt`
    /// on an earlier run) or are this run's standard output: checking them would grade ire's
    /// output as a spec.
    pub skipped: Vec<PathBuf>,
    /// What a directory walk could not read (a folder without permission), each as a message
    /// naming the path: the walk goes on without it.
    pub unreadable: Vec<String>,
}

/// Expands paths, directories and globs into spec files.
///
/// A directory is walked for `*.md`, `*.markdown` and `*.txt` as ripgrep walks a tree: files
/// and folders that `.gitignore`, `.ignore` or `.ireignore` exclude are left out, and so are
/// hidden ones, `target` and `node_modules`. A plain path is returned even when it does not
/// exist, so that its loading error becomes that spec's result rather than stopping the run.
pub fn expand_paths(inputs: &[PathBuf]) -> Result<Expanded, crate::error::Error> {
    use crate::error::Error;
    let mut out = Expanded::default();
    let stdout = own_stdout();
    for input in inputs {
        let text = input.to_string_lossy();
        if input.is_dir() {
            let before = out.paths.len();
            let walk = ignore::WalkBuilder::new(input)
                .require_git(false)
                .add_custom_ignore_filename(".ireignore")
                .sort_by_file_name(std::cmp::Ord::cmp)
                .filter_entry(|e| {
                    e.depth() == 0
                        || !(e.file_type().is_some_and(|t| t.is_dir())
                            && e.file_name().to_str().is_some_and(|n| n == "target" || n == "node_modules"))
                })
                .build();
            for entry in walk {
                // An unreadable folder or file is reported, and the walk goes on.
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        out.unreadable.push(e.to_string());
                        continue;
                    }
                };
                if !entry.file_type().is_some_and(|t| t.is_file()) || !is_spec_file(entry.path()) {
                    continue;
                }
                if stdout.as_ref().is_some_and(|s| same_file(s, entry.path())) || is_own_report(entry.path()) {
                    out.skipped.push(entry.into_path());
                } else {
                    out.paths.push(entry.into_path());
                }
            }
            if out.paths.len() == before {
                return Err(Error::NoSpecs(format!(
                    "directory `{text}` holds no spec files (*.md, *.markdown, *.txt) that are not ignored"
                )));
            }
        } else if !input.exists() && text.contains(['*', '?', '[']) {
            let paths = glob::glob(&text).map_err(|e| Error::NoSpecs(format!("invalid glob `{text}`: {e}")))?;
            let mut matched: Vec<PathBuf> = paths.filter_map(Result::ok).filter(|p| p.is_file()).collect();
            if matched.is_empty() {
                return Err(Error::NoSpecs(format!("no spec file matched the glob `{text}`")));
            }
            matched.sort();
            out.paths.extend(matched);
        } else {
            out.paths.push(input.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.paths.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

fn is_spec_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["md", "markdown", "txt"].iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Whether a file starts like a report of ire's own text formats: the human report (a verdict,
/// a path and its fidelity), the Markdown summary, TAP, or GitHub workflow commands.
fn is_own_report(path: &Path) -> bool {
    let mut head = [0_u8; 512];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let text = String::from_utf8_lossy(&head[..n]);
    let first = text.lines().next().unwrap_or("").trim_end();
    let verdict = ["accepted ", "blocked  ", "error    ", "baselined "].iter().any(|v| first.starts_with(v))
        && (first.contains("  fidelity ") || text.lines().nth(1).is_some_and(|l| l.starts_with("  ")));
    verdict
        || first.starts_with("## ire: ")
        || first == "TAP version 14"
        || ["::error file=", "::warning file=", "::notice file="].iter().any(|c| first.starts_with(c))
}

/// The file this process's standard output goes to, when it is a regular file.
#[cfg(unix)]
fn own_stdout() -> Option<std::fs::Metadata> {
    use std::os::fd::AsFd as _;
    let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
    let meta = std::fs::File::from(fd).metadata().ok()?;
    meta.is_file().then_some(meta)
}

#[cfg(not(unix))]
fn own_stdout() -> Option<std::fs::Metadata> {
    None
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(path).is_ok_and(|b| a.dev() == b.dev() && a.ino() == b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_honours_ignore_files_and_skips_ire_s_own_reports() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("specs/drafts")).unwrap();
        std::fs::create_dir_all(d.join("node_modules/pkg")).unwrap();
        std::fs::write(d.join("specs/a.md"), "The worker must retry 3 times.\n").unwrap();
        std::fs::write(d.join("specs/drafts/b.md"), "Draft.\n").unwrap();
        std::fs::write(d.join("node_modules/pkg/README.md"), "A package.\n").unwrap();
        std::fs::write(d.join(".gitignore"), "drafts/\n").unwrap();
        std::fs::write(d.join("report.txt"), "accepted specs/a.md  fidelity 1.00 >= 0.90\n\n1 spec: 1 accepted\n")
            .unwrap();
        std::fs::write(d.join("summary.md"), "## ire: 1 accepted, 0 blocked, 0 errors\n").unwrap();
        std::fs::write(d.join("notes.txt"), "accepted wisdom says the cache must expire after 1 h.\n").unwrap();
        std::fs::write(d.join(".ireignore"), "notes-old.txt\n").unwrap();
        std::fs::write(d.join("notes-old.txt"), "Old.\n").unwrap();
        let got = expand_paths(&[d.to_path_buf()]).unwrap();
        let rel = |v: &[PathBuf]| v.iter().map(|p| p.strip_prefix(d).unwrap().to_path_buf()).collect::<Vec<_>>();
        assert_eq!(rel(&got.paths), [PathBuf::from("notes.txt"), PathBuf::from("specs/a.md")]);
        assert_eq!(rel(&got.skipped), [PathBuf::from("report.txt"), PathBuf::from("summary.md")]);
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_folder_is_reported_and_the_walk_goes_on() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("locked")).unwrap();
        std::fs::write(d.join("locked/x.md"), "Hidden.\n").unwrap();
        std::fs::write(d.join("a.md"), "The worker must retry 3 times.\n").unwrap();
        std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read_dir(d.join("locked")).is_ok() {
            // Running as root: permissions do not lock anything, so there is nothing to see.
            std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
            return;
        }
        let got = expand_paths(&[d.to_path_buf()]);
        std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
        let got = got.unwrap();
        assert_eq!(got.paths, [d.join("a.md")]);
        assert!(got.unreadable.iter().any(|m| m.contains("locked")), "{:?}", got.unreadable);
    }
}
