//! A batch of checks: a pool of workers over the spec files, results in input order.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{CheckResult, RunReport, check_path};
use crate::config::Config;
use crate::error::Error;
use crate::meter::{Budget, Cost};
use crate::translate::Backend;

/// Checks every spec that `inputs` names, `config.concurrency` at a time, in input order.
pub fn run(inputs: &[PathBuf], config: &Config) -> Result<RunReport, Error> {
    let backend = Backend::from_config(&config.backend)?;
    Ok(run_paths(&crate::spec::expand_paths(inputs)?.paths, config, &backend, &|_| {}))
}

/// Checks the given spec files, `config.concurrency` at a time, in input order, calling
/// `done` as each one finishes (the binary draws a progress bar with it).
pub fn run_paths(
    paths: &[PathBuf],
    config: &Config,
    backend: &Backend,
    done: &(dyn Fn(&CheckResult) + Sync),
) -> RunReport {
    let budget = config.max_usd.map(Budget::new);
    let next = AtomicUsize::new(0);
    let workers = config.concurrency.clamp(1, paths.len().max(1));
    let mut slots: Vec<Option<CheckResult>> = vec![None; paths.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut finished = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else { break };
                        let result = if budget.as_ref().is_some_and(|b| b.stopped()) {
                            let e = Error::Budget {
                                path: path.clone(),
                                message: format!(
                                    "the budget of ${} would be exceeded; not checked",
                                    budget.as_ref().map_or(0.0, |b| b.limit())
                                ),
                            };
                            CheckResult::failed(path, &e, Cost::zero(), Vec::new())
                        } else {
                            check_path(path, config, backend, budget.as_ref())
                        };
                        done(&result);
                        finished.push((i, result));
                    }
                    finished
                })
            })
            .collect();
        for handle in handles {
            // A panicking worker would be a bug; its specs are reported as errors below.
            if let Ok(finished) = handle.join() {
                for (i, result) in finished {
                    slots[i] = Some(result);
                }
            }
        }
    });
    let results = slots
        .into_iter()
        .zip(paths)
        .map(|(slot, path)| {
            slot.unwrap_or_else(|| {
                let e = Error::Internal(format!("the worker checking `{}` stopped", path.display()));
                CheckResult::failed(path, &e, Cost::default(), Vec::new())
            })
        })
        .collect();
    RunReport::new(config, &backend.info(), results)
}
