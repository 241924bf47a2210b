//! The spec files changed since a git revision, for `--changed-since`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// Files changed between `rev` and the work tree, plus untracked files, as canonical paths.
pub fn changed_since(rev: &str, cwd: &Path) -> Result<HashSet<PathBuf>> {
    // A revision is never an option: "--output=FILE" would make git write a file.
    if rev.starts_with('-') || rev.trim().is_empty() {
        return Err(Error::Usage(format!("`--changed-since {rev}` is not a git revision")));
    }
    let git = |args: &[&str]| -> Result<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(cwd)
            .output()
            .map_err(|e| Error::Usage(format!("`--changed-since {rev}` needs git: {e}")))?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            return Err(Error::Usage(format!(
                "`--changed-since {rev}`: git {} failed: {}",
                args.first().unwrap_or(&""),
                stderr.trim()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    let mut files = HashSet::new();
    let diff = git(&["diff", "--name-only", "-z", "--diff-filter=ACMRT", "--end-of-options", rev, "--"])?;
    let untracked = git(&["ls-files", "--others", "--exclude-standard", "-z"])?;
    for name in diff.split('\0').filter(|n| !n.is_empty()) {
        files.insert(canonical(&top.join(name)));
    }
    // `ls-files` names files relative to the working directory.
    for name in untracked.split('\0').filter(|n| !n.is_empty()) {
        files.insert(canonical(&cwd.join(name)));
    }
    Ok(files)
}

/// The canonical form of a path, or the path itself when it does not exist.
#[must_use]
pub fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
