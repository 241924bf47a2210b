//! The content-addressed cache of model round trips, under `.ire/cache/`.
//!
//! The key hashes everything that decides a model's answer: the spec's bytes, the backend,
//! both endpoints and models, the prompts, the IR version, the temperature, the samples, the
//! structured-output mode and the token limit. An unchanged spec costs no tokens on the next
//! run. A corrupt entry is ignored and rewritten; writes are atomic (temporary file, rename).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::meter::Call;
use crate::translate::RoundTrip;

/// The version of the entry format: 2 keeps the whole round trip (every sample, the
/// back-translation, its reread).
const ENTRY_VERSION: u32 = 2;

/// The largest cache entry ire reads: a round trip of a 1 MiB spec with all its samples is a
/// few MiB; anything larger was not written by ire.
const MAX_ENTRY_BYTES: u64 = 64 << 20;

/// A cached round trip.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Always [`ENTRY_VERSION`].
    pub version: u32,
    /// What the backend made of the spec.
    pub trip: RoundTrip,
    /// The calls that made it, for what a hit saves.
    pub calls: Vec<CachedCall>,
}

impl Entry {
    /// An entry of the current version.
    #[must_use]
    pub fn new(trip: RoundTrip, calls: Vec<CachedCall>) -> Self {
        Self { version: ENTRY_VERSION, trip, calls }
    }
}

/// What the cache keeps of a call.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedCall {
    /// Model.
    pub model: String,
    /// Prompt tokens.
    pub input_tokens: u64,
    /// Completion tokens.
    pub output_tokens: u64,
    /// Cached prompt tokens.
    pub cached_tokens: u64,
}

impl From<&CachedCall> for Call {
    /// The call as it was made, for pricing what a cache hit saved.
    fn from(c: &CachedCall) -> Self {
        Self {
            model: c.model.clone(),
            input_tokens: c.input_tokens,
            output_tokens: c.output_tokens,
            cached_tokens: c.cached_tokens,
            ..Self::default()
        }
    }
}

impl From<&Call> for CachedCall {
    fn from(c: &Call) -> Self {
        Self {
            model: c.model.clone(),
            input_tokens: c.input_tokens,
            output_tokens: c.output_tokens,
            cached_tokens: c.cached_tokens,
        }
    }
}

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// A cache in `dir` (created on first write).
    #[must_use]
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The key of a spec's round trip with a given configuration fingerprint.
    #[must_use]
    pub fn key(spec_sha256: &str, fingerprint: &str) -> String {
        crate::spec::sha256_hex(
            format!("ire-cache/{ENTRY_VERSION}\0{}\0{spec_sha256}\0{fingerprint}", crate::ir::IR_VERSION).as_bytes(),
        )
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.json"))
    }

    /// The entry for a key; `None` when absent or unreadable (a corrupt entry is a miss).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Entry> {
        let path = self.path(key);
        // Only a regular file ire wrote is an entry: a symlink planted in the cache (to a
        // secret, or to /dev/zero) is not followed, and a huge file is not read.
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.file_type().is_file() || meta.len() > MAX_ENTRY_BYTES {
            return None;
        }
        let text = std::fs::read_to_string(&path).ok()?;
        let entry: Entry = serde_json::from_str(&text).ok()?;
        let valid = entry.trip.readings.iter().chain(&entry.trip.reread).all(|ir| ir.validate().is_ok());
        (entry.version == ENTRY_VERSION && valid && !entry.trip.readings.is_empty()).then_some(entry)
    }

    /// Stores an entry atomically. Failing to cache is not an error of the check.
    pub fn put(&self, key: &str, entry: &Entry) -> std::io::Result<()> {
        let path = self.path(key);
        let dir = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(dir)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        serde_json::to_writer(&mut file, entry)?;
        file.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        let trip = RoundTrip::new(vec![], &crate::translate::Backend::rules());
        let trip = RoundTrip { back: "x".into(), ..trip };
        Entry::new(trip, vec![CachedCall { model: "m".into(), input_tokens: 10, output_tokens: 5, cached_tokens: 0 }])
    }

    #[test]
    fn entries_round_trip_and_corrupt_ones_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let key = Cache::key("abc", "model=m");
        assert!(cache.get(&key).is_none());
        cache.put(&key, &entry()).unwrap();
        assert_eq!(cache.get(&key).unwrap().trip.back, "x");
        std::fs::write(cache.path(&key), "{ not json").unwrap();
        assert!(cache.get(&key).is_none(), "a corrupt entry is ignored");
        cache.put(&key, &entry()).unwrap();
        assert!(cache.get(&key).is_some(), "and rewritten");
        assert_ne!(Cache::key("abc", "model=m"), Cache::key("abc", "model=n"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_in_the_cache_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        let key = Cache::key("abc", "model=m");
        // A valid entry elsewhere, linked into the cache: still not read.
        let elsewhere = dir.path().join("planted.json");
        std::fs::write(&elsewhere, serde_json::to_string(&entry()).unwrap()).unwrap();
        std::fs::create_dir_all(cache.path(&key).parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&elsewhere, cache.path(&key)).unwrap();
        assert!(cache.get(&key).is_none());
        cache.put(&key, &entry()).unwrap();
        assert!(cache.get(&key).is_some(), "writing replaces the link with a file");
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), serde_json::to_string(&entry()).unwrap());
    }
}
