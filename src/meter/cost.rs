//! The cost of a check: measured clock, coin from token usage, carbon from energy.
//!
//! A local check (the `rules` backend) runs on this CPU and sends nothing anywhere, so its coin
//! is an exact $0 (not an unknown price) and its carbon follows CodeCarbon's fallback for a CPU
//! whose power cannot be read: CPU time × 4 W per thread × the grid intensity in force (see
//! [`super::carbon`]). RAM power is left out, since CodeCarbon's 10 W floor would dominate a run
//! of milliseconds.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::carbon::{CPU_WATTS_PER_THREAD, Carbon, Impact, call_impact};
use super::prices::Prices;
use super::usage::{Call, Usage};

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
    /// Energy in watt-hours; `null` when the model's size is unknown.
    pub energy_wh: Option<f64>,
    /// Emissions in grams of CO2 equivalent; `null` when unknown.
    pub co2e_g: Option<f64>,
    /// Energy range `[min, max]` when the model's size is a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy_range_wh: Option<[f64; 2]>,
    /// Emissions range `[min, max]` when the model's size is a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co2e_range_g: Option<[f64; 2]>,
    /// Whether any token count is a local estimate.
    pub estimated: bool,
    /// Whether the result came from the cache.
    pub cache_hit: bool,
}

impl Cost {
    /// Nothing spent: a spec that was not checked.
    #[must_use]
    pub fn zero() -> Self {
        Self { usd: Some(0.0), energy_wh: Some(0.0), co2e_g: Some(0.0), ..Self::default() }
    }

    /// The cost of a local check: measured wall and CPU time at the grid intensity in force, $0.
    #[must_use]
    pub fn local(wall: Duration, cpu: Duration, usage: Usage, grid_g_per_kwh: f64) -> Self {
        let cpu_s = cpu.as_secs_f64();
        let energy_wh = cpu_s * CPU_WATTS_PER_THREAD / 3600.0;
        Self {
            wall_ms: wall.as_secs_f64() * 1000.0,
            cpu_ms: cpu_s * 1000.0,
            input_tokens: usage.input_tokens,
            output_tokens: usage.output_tokens,
            cached_tokens: usage.cached_tokens,
            usd: Some(0.0),
            energy_wh: Some(energy_wh),
            co2e_g: Some(energy_wh / 1000.0 * grid_g_per_kwh),
            energy_range_wh: None,
            co2e_range_g: None,
            estimated: usage.estimated,
            cache_hit: false,
        }
    }

    /// The cost of a check that called remote models: measured time, the usage of every
    /// call, each priced by its own model (unknown when any model has no price). The remote
    /// models' energy is unknown until a size is known for them.
    #[must_use]
    pub fn remote(wall: Duration, cpu: Duration, calls: &[Call], prices: &Prices, carbon: &Carbon) -> Self {
        let usd = prices.cost_of(calls);
        let local = Self::local(wall, cpu, Usage::of(calls), carbon.grid);
        let impact = calls.iter().try_fold(Impact::default(), |mut sum, c| {
            let size = carbon.size(&c.model)?;
            sum.add(&call_impact(&size, c.output_tokens, c.wall_ms / 1000.0, carbon.pue, carbon.grid));
            Some(sum)
        });
        // The local CPU's share is small but real: it is added to the remote estimate.
        let own_wh = local.energy_wh.unwrap_or(0.0);
        let own_g = local.co2e_g.unwrap_or(0.0);
        match impact {
            Some(i) => Self {
                usd,
                energy_wh: Some(i.energy_central() + own_wh),
                co2e_g: Some(i.co2e_central() + own_g),
                energy_range_wh: Some([i.energy_wh[0] + own_wh, i.energy_wh[1] + own_wh]),
                co2e_range_g: Some([i.co2e_g[0] + own_g, i.co2e_g[1] + own_g]),
                ..local
            },
            None => Self { usd, energy_wh: None, co2e_g: None, ..local },
        }
    }

    /// Adds another cost; an unknown price or energy makes the sum unknown.
    pub fn add(&mut self, other: &Self) {
        fn range(point: Option<f64>, range: Option<[f64; 2]>) -> Option<[f64; 2]> {
            range.or(point.map(|v| [v, v]))
        }
        fn sum_ranges(a: Option<[f64; 2]>, b: Option<[f64; 2]>) -> Option<[f64; 2]> {
            a.zip(b).map(|(a, b)| [a[0] + b[0], a[1] + b[1]])
        }
        // A range is kept only when one side has one; point values sum as points.
        let ranged = self.energy_range_wh.is_some() || other.energy_range_wh.is_some();
        let energy_range =
            sum_ranges(range(self.energy_wh, self.energy_range_wh), range(other.energy_wh, other.energy_range_wh));
        let co2e_range = sum_ranges(range(self.co2e_g, self.co2e_range_g), range(other.co2e_g, other.co2e_range_g));
        self.wall_ms += other.wall_ms;
        self.cpu_ms += other.cpu_ms;
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
        self.cached_tokens += other.cached_tokens;
        self.usd = self.usd.zip(other.usd).map(|(a, b)| a + b);
        self.energy_wh = self.energy_wh.zip(other.energy_wh).map(|(a, b)| a + b);
        self.co2e_g = self.co2e_g.zip(other.co2e_g).map(|(a, b)| a + b);
        self.energy_range_wh = if ranged { energy_range } else { None };
        self.co2e_range_g = if ranged { co2e_range } else { None };
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
            energy_wh: self.energy_wh.map(|e| e / d),
            co2e_g: self.co2e_g.map(|c| c / d),
            energy_range_wh: self.energy_range_wh.map(|[a, b]| [a / d, b / d]),
            co2e_range_g: self.co2e_range_g.map(|[a, b]| [a / d, b / d]),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_cost_follows_the_cpu_formula() {
        let c = Cost::local(Duration::from_millis(20), Duration::from_secs(9), Usage::default(), 475.0);
        assert!((c.energy_wh.unwrap() - 0.01).abs() < 1e-12, "9 s x 4 W = 36 J = 0.01 Wh");
        assert!((c.co2e_g.unwrap() - 0.00475).abs() < 1e-12);
        assert_eq!(c.usd, Some(0.0));
    }

    #[test]
    fn unknown_price_stays_unknown_in_sums_and_shares() {
        let mut total = Cost::local(Duration::ZERO, Duration::ZERO, Usage::default(), 475.0);
        total.add(&Cost { usd: None, ..Cost::default() });
        assert_eq!(total.usd, None);
        assert_eq!(total.per(2).unwrap().usd, None);
        assert!(total.per(0).is_none());
    }
}
