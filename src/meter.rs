//! Clock, coin and carbon of a check.
//!
//! The `rules` backend runs on the local CPU and sends nothing anywhere, so its coin is an
//! exact $0 (not an unknown price) and its carbon follows CodeCarbon's fallback for a CPU
//! whose power cannot be read: CPU time × 4 W per thread × grid intensity, with the world
//! average of 475 gCO2e/kWh (IEA Global Energy & CO2 Status Report 2019, as used by
//! CodeCarbon; see `shared/research/coin_carbon.md` §5). RAM power is left out, since
//! CodeCarbon's 10 W floor would dominate a run of milliseconds.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::translate::Usage;

/// Watts per busy hardware thread when the CPU's power is unknown (CodeCarbon fallback).
pub const CPU_WATTS_PER_THREAD: f64 = 4.0;
/// World-average grid intensity, gCO2e per kWh (IEA 2019, CodeCarbon's fallback).
pub const WORLD_GCO2E_PER_KWH: f64 = 475.0;
/// The name and version of the local carbon method, for reports.
pub const LOCAL_METHOD: &str = "cpu-time x 4 W/thread x 475 gCO2e/kWh (CodeCarbon fallback, v1)";

/// The cost of one check, or a total of several.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    /// Wall time in milliseconds.
    pub wall_ms: f64,
    /// CPU time ire itself spent, in milliseconds.
    pub cpu_ms: f64,
    /// Prompt tokens (cached included).
    pub input_tokens: u64,
    /// Completion tokens.
    pub output_tokens: u64,
    /// Prompt tokens served from cache.
    pub cached_tokens: u64,
    /// Money in USD; `null` when the price is unknown.
    pub usd: Option<f64>,
    /// Energy in watt-hours.
    pub energy_wh: f64,
    /// Emissions in grams of CO2 equivalent.
    pub co2e_g: f64,
    /// Whether any token count is a local estimate.
    pub estimated: bool,
    /// Whether the result came from the cache.
    pub cache_hit: bool,
}

impl Cost {
    /// The cost of a local check: measured wall and CPU time, no tokens, $0.
    #[must_use]
    pub fn local(wall: Duration, cpu: Duration, usage: Usage) -> Self {
        let cpu_s = cpu.as_secs_f64();
        let energy_wh = cpu_s * CPU_WATTS_PER_THREAD / 3600.0;
        Self {
            wall_ms: wall.as_secs_f64() * 1000.0,
            cpu_ms: cpu_s * 1000.0,
            input_tokens: usage.input_tokens,
            output_tokens: usage.output_tokens,
            cached_tokens: usage.cached_tokens,
            usd: Some(0.0),
            energy_wh,
            co2e_g: energy_wh / 1000.0 * WORLD_GCO2E_PER_KWH,
            estimated: usage.estimated,
            cache_hit: false,
        }
    }

    /// Adds another cost; an unknown price makes the sum unknown.
    pub fn add(&mut self, other: &Self) {
        self.wall_ms += other.wall_ms;
        self.cpu_ms += other.cpu_ms;
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
        self.cached_tokens += other.cached_tokens;
        self.usd = match (self.usd, other.usd) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
        self.energy_wh += other.energy_wh;
        self.co2e_g += other.co2e_g;
        self.estimated |= other.estimated;
        self.cache_hit &= other.cache_hit;
    }

    /// This cost divided by `n` (per accepted spec); `None` when `n` is 0.
    #[must_use]
    pub fn per(&self, n: usize) -> Option<Self> {
        if n == 0 {
            return None;
        }
        #[expect(clippy::cast_precision_loss, reason = "spec counts are far below 2^52")]
        let d = n as f64;
        let share = |x: u64| x.div_ceil(n as u64);
        Some(Self {
            wall_ms: self.wall_ms / d,
            cpu_ms: self.cpu_ms / d,
            input_tokens: share(self.input_tokens),
            output_tokens: share(self.output_tokens),
            cached_tokens: share(self.cached_tokens),
            usd: self.usd.map(|u| u / d),
            energy_wh: self.energy_wh / d,
            co2e_g: self.co2e_g / d,
            estimated: self.estimated,
            cache_hit: false,
        })
    }

    /// Total tokens, in and out.
    #[must_use]
    pub fn tokens(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_cost_follows_the_cpu_formula() {
        let c = Cost::local(Duration::from_millis(20), Duration::from_secs(9), Usage::default());
        assert!((c.energy_wh - 0.01).abs() < 1e-12, "9 s x 4 W = 36 J = 0.01 Wh");
        assert!((c.co2e_g - 0.00475).abs() < 1e-12);
        assert_eq!(c.usd, Some(0.0));
    }

    #[test]
    fn unknown_price_stays_unknown_in_sums_and_shares() {
        let mut total = Cost::local(Duration::ZERO, Duration::ZERO, Usage::default());
        total.add(&Cost { usd: None, ..Cost::default() });
        assert_eq!(total.usd, None);
        assert_eq!(total.per(2).unwrap().usd, None);
        assert!(total.per(0).is_none());
    }
}
