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

use crate::translate::{Call, Usage};

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
            energy_wh: Some(energy_wh),
            co2e_g: Some(energy_wh / 1000.0 * WORLD_GCO2E_PER_KWH),
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
        let local = Self::local(wall, cpu, Usage::of(calls));
        let impact = calls.iter().try_fold(crate::carbon::Impact::default(), |mut sum, c| {
            let size = carbon.size(&c.model)?;
            sum.add(&crate::carbon::call_impact(&size, c.output_tokens, c.wall_ms / 1000.0, carbon.pue, carbon.grid));
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

/// How the carbon of remote calls is estimated: grid, PUE and model sizes.
#[derive(Debug, Clone, PartialEq)]
pub struct Carbon {
    /// Grid intensity, gCO2e/kWh.
    pub grid: f64,
    /// The zone it comes from, or `custom`.
    pub zone: String,
    /// Data-centre power usage effectiveness.
    pub pue: f64,
    /// Sizes configured in `ire.toml`, over the built-in ones.
    pub sizes: std::collections::BTreeMap<String, crate::carbon::ModelSize>,
}

impl Default for Carbon {
    fn default() -> Self {
        Self {
            grid: crate::carbon::WORLD_GCO2E_PER_KWH,
            zone: "WOR".into(),
            pue: crate::carbon::DEFAULT_PUE,
            sizes: std::collections::BTreeMap::new(),
        }
    }
}

impl Carbon {
    /// The size of a model: configured first, then built in; `None` when unknown.
    #[must_use]
    pub fn size(&self, model: &str) -> Option<crate::carbon::ModelSize> {
        self.sizes.get(model).copied().or_else(|| crate::carbon::builtin_size(model))
    }
}

/// USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// Uncached prompt tokens.
    pub input: f64,
    /// Cached prompt tokens; the input price when absent.
    #[serde(default)]
    pub cached_input: Option<f64>,
    /// Completion tokens.
    pub output: f64,
}

impl Price {
    /// `(prompt − cached) × input + cached × cached_input + completion × output`, per million.
    #[must_use]
    pub fn cost(&self, usage: Usage) -> f64 {
        let cached = usage.cached_tokens.min(usage.input_tokens);
        #[expect(clippy::cast_precision_loss, reason = "token counts are far below 2^52")]
        let (uncached, cached, output) =
            ((usage.input_tokens - cached) as f64, cached as f64, usage.output_tokens as f64);
        (uncached * self.input + cached * self.cached_input.unwrap_or(self.input) + output * self.output) / 1e6
    }
}

/// Where the built-in prices come from.
pub const PRICES_SOURCE: &str = "LiteLLM model_prices_and_context_window.json @ 00035b69f416 (2026-04-21 or later), via shared/research/coin_carbon.md";

/// A dated price table: built-in entries, overridable and extendable in `ire.toml`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Prices {
    models: std::collections::BTreeMap<String, Price>,
}

impl Prices {
    /// The built-in table (USD per 1M tokens, from the source in [`PRICES_SOURCE`]).
    #[must_use]
    pub fn builtin() -> Self {
        let table: &[(&str, f64, f64, f64)] = &[
            ("gpt-4o-mini", 0.15, 0.075, 0.60),
            ("gpt-4o", 2.50, 1.25, 10.00),
            ("gpt-4.1", 2.00, 0.50, 8.00),
            ("gpt-4.1-mini", 0.40, 0.10, 1.60),
            ("gpt-4.1-nano", 0.10, 0.025, 0.40),
            ("gpt-5", 1.25, 0.125, 10.00),
            ("gpt-5-mini", 0.25, 0.025, 2.00),
            ("gpt-5-nano", 0.05, 0.005, 0.40),
            ("o3", 2.00, 0.50, 8.00),
            ("o4-mini", 1.10, 0.275, 4.40),
            ("o3-mini", 1.10, 0.55, 4.40),
            ("claude-sonnet-4-5", 3.00, 0.30, 15.00),
            ("claude-haiku-4-5", 1.00, 0.10, 5.00),
        ];
        let models = table
            .iter()
            .map(|&(name, input, cached, output)| {
                (name.to_owned(), Price { input, cached_input: Some(cached), output })
            })
            .collect();
        Self { models }
    }

    /// The cost of some calls, each at its own model's price; `None` when any model has none.
    #[must_use]
    pub fn cost_of(&self, calls: &[Call]) -> Option<f64> {
        calls
            .iter()
            .try_fold(0.0, |sum, c| self.get(&c.model).map(|p| sum + p.cost(Usage::of(std::slice::from_ref(c)))))
    }

    /// Adds or replaces a model's price.
    pub fn set(&mut self, model: &str, price: Price) {
        self.models.insert(model.to_owned(), price);
    }

    /// The price of a model: an exact name first, then the name without a provider prefix
    /// (`openai/gpt-4o-mini`) or a date suffix (`gpt-4o-mini-2024-07-18`).
    #[must_use]
    pub fn get(&self, model: &str) -> Option<Price> {
        model_names(model).find_map(|name| self.models.get(name).copied())
    }
}

/// The names a model id may be known by, most specific first: as given, without a provider
/// prefix (`openai/gpt-4o-mini` → `gpt-4o-mini`), and without a date suffix
/// (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`).
pub fn model_names(model: &str) -> impl Iterator<Item = &str> {
    let bare = model.rsplit('/').next().unwrap_or(model);
    let parts: Vec<&str> = bare.rsplitn(4, '-').collect();
    let undated = (parts.len() == 4
        && parts[..3].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && parts[2].len() == 4)
        .then(|| parts[3]);
    [Some(model), Some(bare), undated].into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_cost_follows_the_cpu_formula() {
        let c = Cost::local(Duration::from_millis(20), Duration::from_secs(9), Usage::default());
        assert!((c.energy_wh.unwrap() - 0.01).abs() < 1e-12, "9 s x 4 W = 36 J = 0.01 Wh");
        assert!((c.co2e_g.unwrap() - 0.00475).abs() < 1e-12);
        assert_eq!(c.usd, Some(0.0));
    }

    #[test]
    fn cost_follows_the_research_note_example() {
        // gpt-4o-mini, 1,500 prompt + 700 completion tokens: $0.000645 (coin_carbon.md §8).
        let p = Prices::builtin().get("gpt-4o-mini").unwrap();
        let usage = Usage { input_tokens: 1500, output_tokens: 700, cached_tokens: 0, estimated: false };
        assert!((p.cost(usage) - 0.000_645).abs() < 1e-12);
        // 1,000 of the prompt tokens cached at half price.
        let cached = Usage { cached_tokens: 1000, ..usage };
        assert!((p.cost(cached) - (500.0 * 0.15 + 1000.0 * 0.075 + 700.0 * 0.60) / 1e6).abs() < 1e-12);
        assert_eq!(Prices::builtin().get("openai/gpt-4o-mini-2024-07-18"), Some(p));
        assert_eq!(Prices::builtin().get("local-llama"), None);
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
