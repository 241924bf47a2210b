//! The ledger: every check appended to SQLite, for reports across runs, projects and models.
//!
//! One row per check, committed as the check finishes, so a run that is killed keeps what it
//! recorded. WAL mode and a busy timeout let parallel CI jobs write one ledger. The schema
//! version lives in `PRAGMA user_version`; [`MIGRATIONS`] brings an older file up to date.

pub mod aggregate;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::run::{CheckResult, RunReport};

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = 1;

/// SQL that takes the schema from version `i` to `i + 1`.
///
/// Changelog: 1 — the `checks` table.
pub const MIGRATIONS: &[&str] = &["CREATE TABLE checks (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL,
        time TEXT NOT NULL,
        project TEXT,
        git_commit TEXT,
        spec_path TEXT NOT NULL,
        spec_sha256 TEXT,
        backend TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_sha256 TEXT,
        verdict TEXT NOT NULL,
        fidelity REAL,
        recall REAL,
        precision REAL,
        ambiguity_penalty REAL,
        findings INTEGER NOT NULL,
        blocking INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cached_tokens INTEGER NOT NULL,
        usd REAL,
        energy_wh REAL,
        co2e_g REAL,
        wall_ms REAL NOT NULL,
        cache_hit INTEGER NOT NULL,
        saved_tokens INTEGER NOT NULL,
        saved_usd REAL,
        estimated INTEGER NOT NULL,
        error TEXT,
        exec_ms REAL,
        exec_status INTEGER
    );
    CREATE INDEX checks_time ON checks(time);"];

/// What every row of one run shares.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// A unique id of the run.
    pub run_id: String,
    /// The project.
    pub project: Option<String>,
    /// `git rev-parse HEAD`, when in a repository.
    pub git_commit: Option<String>,
}

impl RunInfo {
    /// A new run, started now in `cwd`.
    #[must_use]
    pub fn new(project: Option<String>, cwd: &Path) -> Self {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let run_id = format!("{}-{}", now.as_millis(), std::process::id());
        Self { run_id, project, git_commit: git_head(cwd) }
    }
}

/// The commit `HEAD` points at, read from the `.git` folder: spawning `git` would cost more
/// than a whole check. Handles branches, detached heads, packed refs and worktrees (`.git`
/// files); anything else gives `None`.
#[must_use]
pub fn git_head(cwd: &Path) -> Option<String> {
    let dot_git = cwd.ancestors().map(|d| d.join(".git")).find(|p| p.exists())?;
    let git_dir = if dot_git.is_file() {
        let text = std::fs::read_to_string(&dot_git).ok()?;
        let target = PathBuf::from(text.strip_prefix("gitdir:")?.trim());
        if target.is_absolute() { target } else { dot_git.parent()?.join(target) }
    } else {
        dot_git
    };
    let head = std::fs::read_to_string(git_dir.join("HEAD")).ok()?;
    let head = head.trim();
    let Some(reference) = head.strip_prefix("ref:").map(str::trim) else {
        return is_commit_id(head).then(|| head.to_owned());
    };
    // A worktree keeps its refs in the main repository, named by `commondir`.
    let common = std::fs::read_to_string(git_dir.join("commondir"))
        .ok()
        .map(|c| git_dir.join(c.trim()))
        .unwrap_or_else(|| git_dir.clone());
    for dir in [&git_dir, &common] {
        if let Ok(id) = std::fs::read_to_string(dir.join(reference)) {
            let id = id.trim();
            return is_commit_id(id).then(|| id.to_owned());
        }
    }
    let packed = std::fs::read_to_string(common.join("packed-refs")).ok()?;
    packed.lines().find_map(|line| {
        let (id, name) = line.split_once(' ')?;
        (name == reference && is_commit_id(id)).then(|| id.to_owned())
    })
}

fn is_commit_id(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// An open ledger.
#[derive(Debug)]
pub struct Ledger {
    connection: Mutex<Connection>,
    path: PathBuf,
}

fn sql_error(path: &Path, e: &rusqlite::Error) -> Error {
    Error::Ledger { path: path.to_path_buf(), message: e.to_string() }
}

impl Ledger {
    /// Opens (creating if needed) a ledger and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                action: "create the ledger folder",
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut connection = Connection::open(path).map_err(|e| sql_error(path, &e))?;
        connection.busy_timeout(Duration::from_secs(30)).map_err(|e| sql_error(path, &e))?;
        connection.pragma_update(None, "journal_mode", "WAL").map_err(|e| sql_error(path, &e))?;
        connection.pragma_update(None, "synchronous", "NORMAL").map_err(|e| sql_error(path, &e))?;
        migrate(&mut connection).map_err(|e| sql_error(path, &e))?;
        Ok(Self { connection: Mutex::new(connection), path: path.to_path_buf() })
    }

    /// Where it lives.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one check, committed at once.
    pub fn record(
        &self,
        run: &RunInfo,
        backend: &str,
        model: &str,
        prompt: Option<&str>,
        r: &CheckResult,
    ) -> Result<()> {
        self.record_exec(run, backend, model, prompt, r, None)
    }

    /// Appends one check of `ire exec`, with the command's wall time and exit status.
    pub fn record_exec(
        &self,
        run: &RunInfo,
        backend: &str,
        model: &str,
        prompt: Option<&str>,
        r: &CheckResult,
        exec: Option<(f64, i32)>,
    ) -> Result<()> {
        let time = humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string();
        let blocking = r.findings.iter().filter(|f| f.severity == crate::gate::Severity::Blocking).count();
        let c = &r.cost;
        let connection = self.connection.lock().map_err(|_| Error::Internal("the ledger lock was poisoned".into()))?;
        connection
            .execute(
                "INSERT INTO checks (run_id, time, project, git_commit, spec_path, spec_sha256, backend, model,
                    prompt_sha256, verdict, fidelity, recall, precision, ambiguity_penalty, findings, blocking,
                    input_tokens, output_tokens, cached_tokens, usd, energy_wh, co2e_g, wall_ms, cache_hit,
                    saved_tokens, saved_usd, estimated, error, exec_ms, exec_status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                    ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
                params![
                    run.run_id,
                    time,
                    r.project.as_ref().or(run.project.as_ref()),
                    run.git_commit,
                    r.path.display().to_string(),
                    r.spec_sha256,
                    backend,
                    model,
                    prompt,
                    r.verdict.as_str(),
                    r.fidelity,
                    r.components.map(|c| c.recall),
                    r.components.map(|c| c.precision),
                    r.components.map(|c| c.ambiguity_penalty),
                    count(r.findings.len()),
                    count(blocking),
                    count(c.input_tokens),
                    count(c.output_tokens),
                    count(c.cached_tokens),
                    c.usd,
                    c.energy_wh,
                    c.co2e_g,
                    c.wall_ms,
                    c.cache_hit,
                    count(r.saved.map_or(0, |s| s.tokens)),
                    r.saved.and_then(|s| s.usd),
                    c.estimated,
                    r.error,
                    exec.map(|e| e.0),
                    exec.map(|e| e.1),
                ],
            )
            .map_err(|e| sql_error(&self.path, &e))?;
        Ok(())
    }

    /// Appends every result of a finished run (for callers that did not record as they went).
    pub fn record_run(&self, info: &RunInfo, run: &RunReport) -> Result<()> {
        for r in &run.results {
            self.record(info, run.backend, &run.model, run.prompt_sha256.as_deref(), r)?;
        }
        Ok(())
    }
}

/// A count as SQLite stores it: an `i64`, saturated rather than wrapped to a negative number.
fn count(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    let transaction = connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: i32 = transaction.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "schema version {version} is newer than this build's {SCHEMA_VERSION}; upgrade ire"
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(version).unwrap_or(0)) {
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", i32::try_from(i + 1).unwrap_or(SCHEMA_VERSION))?;
    }
    transaction.commit()
}

/// One recorded check, as read back.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// When.
    pub time: String,
    /// Project.
    pub project: Option<String>,
    /// Spec path.
    pub spec_path: String,
    /// Backend.
    pub backend: String,
    /// Model.
    pub model: String,
    /// Verdict.
    pub verdict: String,
    /// Fidelity.
    pub fidelity: Option<f64>,
    /// Tokens in and out.
    pub tokens: u64,
    /// USD, when known.
    pub usd: Option<f64>,
    /// Wh, when known.
    pub energy_wh: Option<f64>,
    /// gCO2e, when known.
    pub co2e_g: Option<f64>,
    /// Wall time.
    pub wall_ms: f64,
    /// Cache hit.
    pub cache_hit: bool,
    /// Tokens a cache hit saved.
    pub saved_tokens: u64,
    /// Money a cache hit saved.
    pub saved_usd: Option<f64>,
}

/// Reads the rows of a ledger, oldest first, from `since` (a date or time prefix) on.
pub fn read(path: &Path, since: Option<&str>) -> Result<Vec<Row>> {
    if !path.is_file() {
        return Err(Error::Ledger {
            path: path.to_path_buf(),
            message: "no such ledger\nhint: `ire check` records every check there; or pass `--ledger PATH`".into(),
        });
    }
    let connection =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| sql_error(path, &e))?;
    connection.busy_timeout(Duration::from_secs(30)).map_err(|e| sql_error(path, &e))?;
    let version: i32 =
        connection.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| sql_error(path, &e))?;
    if version != SCHEMA_VERSION {
        return Err(Error::Ledger {
            path: path.to_path_buf(),
            message: format!("schema version {version}, this build reads {SCHEMA_VERSION}"),
        });
    }
    let mut statement = connection
        .prepare(
            "SELECT time, project, spec_path, backend, model, verdict, fidelity, input_tokens + output_tokens, usd,
                    energy_wh, co2e_g, wall_ms, cache_hit, saved_tokens, saved_usd
             FROM checks WHERE time >= ?1 ORDER BY time, id",
        )
        .map_err(|e| sql_error(path, &e))?;
    let rows = statement
        .query_map([since.unwrap_or("")], |r| {
            Ok(Row {
                time: r.get(0)?,
                project: r.get(1)?,
                spec_path: r.get(2)?,
                backend: r.get(3)?,
                model: r.get(4)?,
                verdict: r.get(5)?,
                fidelity: r.get(6)?,
                tokens: u64::try_from(r.get::<_, i64>(7)?).unwrap_or(0),
                usd: r.get(8)?,
                energy_wh: r.get(9)?,
                co2e_g: r.get(10)?,
                wall_ms: r.get(11)?,
                cache_hit: r.get(12)?,
                saved_tokens: u64::try_from(r.get::<_, i64>(13)?).unwrap_or(0),
                saved_usd: r.get(14)?,
            })
        })
        .map_err(|e| sql_error(path, &e))?;
    rows.collect::<rusqlite::Result<Vec<Row>>>().map_err(|e| sql_error(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_commit_is_read_like_git_does() {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| {
            let out = std::process::Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
                .args(args)
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap().trim().to_owned()
        };
        assert_eq!(git_head(dir.path()), None);
        git(&["init", "-q"]);
        git(&["commit", "-q", "--allow-empty", "-m", "one"]);
        let head = git(&["rev-parse", "HEAD"]);
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(git_head(&dir.path().join("sub")).as_deref(), Some(head.as_str()));
        git(&["pack-refs", "--all"]);
        assert_eq!(git_head(dir.path()).as_deref(), Some(head.as_str()), "packed refs");
        git(&["checkout", "-q", "--detach"]);
        assert_eq!(git_head(dir.path()).as_deref(), Some(head.as_str()), "detached");
    }

    #[test]
    fn migrations_run_once_and_newer_files_are_refused() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).unwrap();
        migrate(&mut c).unwrap();
        let v: i32 = c.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        assert!(migrate(&mut c).unwrap_err().to_string().contains("newer"));
    }
}
