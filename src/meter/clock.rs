//! Clock: wall and CPU time of a piece of work.

use std::time::Duration;

/// Measures wall and thread CPU time of a piece of work.
#[derive(Debug)]
pub struct Stopwatch {
    wall: std::time::Instant,
    cpu: Option<cpu_time::ThreadTime>,
}

impl Stopwatch {
    /// Starts measuring.
    #[must_use]
    pub fn start() -> Self {
        Self { wall: std::time::Instant::now(), cpu: cpu_time::ThreadTime::try_now().ok() }
    }

    /// Wall and CPU time since the start. CPU time is zero where the platform cannot read it.
    #[must_use]
    pub fn elapsed(&self) -> (Duration, Duration) {
        (self.wall.elapsed(), self.cpu.as_ref().and_then(|c| c.try_elapsed().ok()).unwrap_or_default())
    }
}
