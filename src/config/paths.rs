//! Where ire keeps its files: the discovered `ire.toml`, and `.ire/` beside it.

use std::path::{Path, PathBuf};

/// The name of the config file ire discovers.
pub const FILE_NAME: &str = "ire.toml";

/// The nearest `ire.toml` in `start` or one of its ancestors.
#[must_use]
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(FILE_NAME)).find(|p| p.is_file())
}

/// The `.ire` folder: beside the discovered `ire.toml`, or in the working directory.
fn state_dir(cwd: &Path) -> PathBuf {
    let root = discover(cwd).and_then(|p| p.parent().map(Path::to_path_buf)).unwrap_or_else(|| cwd.to_path_buf());
    root.join(".ire")
}

/// The default ledger: `.ire/ledger.sqlite`.
#[must_use]
pub fn ledger_path(cwd: &Path) -> PathBuf {
    state_dir(cwd).join("ledger.sqlite")
}

/// The default cache folder: `.ire/cache`.
#[must_use]
pub fn cache_dir(cwd: &Path) -> PathBuf {
    state_dir(cwd).join("cache")
}
