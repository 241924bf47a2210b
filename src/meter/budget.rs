//! The stop-loss: before each remote call, its cost is projected (a local token count of the
//! prompt plus the output token limit, at the model's price) and the call is not made when it
//! could cross the budget. Reservations are taken under a lock, so parallel checks cannot
//! overshoot together.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// A spending limit shared by the checks of a run.
#[derive(Debug)]
pub struct Budget {
    limit: f64,
    state: Mutex<(f64, f64)>,
    stopped: AtomicBool,
}

impl Budget {
    /// A budget of `limit` USD.
    #[must_use]
    pub fn new(limit: f64) -> Self {
        Self { limit, state: Mutex::new((0.0, 0.0)), stopped: AtomicBool::new(false) }
    }

    /// The limit in USD.
    #[must_use]
    pub fn limit(&self) -> f64 {
        self.limit
    }

    /// Reserves `projected` USD; `false` (and the budget stops) when that could cross it.
    pub fn reserve(&self, projected: f64) -> bool {
        let Ok(mut state) = self.state.lock() else { return false };
        let (spent, reserved) = *state;
        if spent + reserved + projected > self.limit {
            self.stopped.store(true, Ordering::SeqCst);
            return false;
        }
        state.1 += projected;
        true
    }

    /// Replaces a reservation by what the call really cost.
    pub fn settle(&self, projected: f64, actual: f64) {
        if let Ok(mut state) = self.state.lock() {
            state.1 = (state.1 - projected).max(0.0);
            state.0 += actual;
        }
    }

    /// What was spent.
    #[must_use]
    pub fn spent(&self) -> f64 {
        self.state.lock().map_or(0.0, |s| s.0)
    }

    /// Whether a call was refused: no new check should start.
    #[must_use]
    pub fn stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::Budget;

    #[test]
    fn reservations_stop_before_the_limit() {
        let b = Budget::new(1.0);
        assert!(b.reserve(0.6));
        assert!(!b.reserve(0.5), "0.6 reserved + 0.5 would cross 1.0");
        assert!(b.stopped());
        b.settle(0.6, 0.2);
        assert!((b.spent() - 0.2).abs() < 1e-12);
        assert!(b.reserve(0.5), "after settling, 0.2 + 0.5 fits");
    }
}
