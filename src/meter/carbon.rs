//! Energy and emissions of remote model calls, after the EcoLogits methodology (v0.9.3).
//!
//! Per call, with `P` in billions of parameters, `T` output tokens and batch size `B = 64`:
//!
//! ```text
//! e_tok   = α·exp(β·B)·P_active + γ                      Wh per token per GPU
//! n_GPU   = 2^ceil(log2(ceil(1.2 · P_total · 2 GB / 80 GB)))
//! ΔT      = min(TTFT + T / TPS, measured latency)       (or the latency fit without TPS)
//! E       = PUE · ((ΔT/3600)·1200 W·(n_GPU/8)/B + n_GPU·T·e_tok)
//! gCO2e   = E/1000 · grid + ΔT·((n_GPU/8)·5700 + n_GPU·164) kg / (3 years · B)
//! ```
//!
//! Constants and model sizes are from `shared/research/coin_carbon.md` §4 (EcoLogits
//! `ecologits/impacts/llm.py` and `models.json`, genai-impact v0.9.1 and mlco2 v0.9.3; grid
//! intensities from its `electricity_mixes.csv`, Our World in Data). Closed models' sizes are
//! ranges, so results are ranges: min, max, and the midpoint as the central value. A model of
//! unknown size has unknown energy — never zero. Input tokens are ignored, as in EcoLogits,
//! which underestimates prompt-heavy calls.

use serde::{Deserialize, Serialize};

/// Watts per busy hardware thread when the CPU's power is unknown (CodeCarbon's fallback,
/// `shared/research/coin_carbon.md` §5).
pub const CPU_WATTS_PER_THREAD: f64 = 4.0;

/// The name and version of the local carbon method, for reports.
pub const LOCAL_METHOD: &str = "cpu-time x 4 W/thread x grid intensity (CodeCarbon fallback, v2)";

/// The method's name and version, for reports.
pub const METHOD: &str = "EcoLogits v0.9.3 (output tokens, active parameters, GPU count, PUE, grid, embodied)";

const ALPHA: f64 = 1.166_527_317_045_191_4e-6;
const BETA: f64 = -0.011_205_921_025_579_175;
const GAMMA: f64 = 4.052_928_146_734_005e-5;
const LATENCY_ALPHA: f64 = 6.785_088_094_353_663e-4;
const LATENCY_BETA: f64 = 3.119_310_311_688_259e-4;
const LATENCY_GAMMA: f64 = 1.947_371_757_947_338_7e-2;
const BATCH: f64 = 64.0;
const GPU_MEMORY_GB: f64 = 80.0;
const SERVER_WATTS: f64 = 1200.0;
const SERVER_GPUS: f64 = 8.0;
const SERVER_EMBODIED_KG: f64 = 5700.0;
const GPU_EMBODIED_KG: f64 = 164.0;
const LIFETIME_S: f64 = 3.0 * 365.0 * 24.0 * 3600.0;

/// World-average grid intensity, gCO2e/kWh (EcoLogits `electricity_mixes.csv`, OWID): the one
/// default for remote calls and for the local CPU alike.
pub const WORLD_GCO2E_PER_KWH: f64 = 473.01;
/// Data-centre PUE assumed for OpenAI and for endpoints of unknown providers (EcoLogits
/// `PROVIDER_CONFIG_MAP`, openai; an assumption for the others).
pub const DEFAULT_PUE: f64 = 1.2;

/// Grid intensity of a zone (ISO 3166 alpha-3, or `WOR`), gCO2e/kWh.
#[must_use]
pub fn zone(name: &str) -> Option<f64> {
    Some(match name.to_ascii_uppercase().as_str() {
        "WOR" => WORLD_GCO2E_PER_KWH,
        "USA" => 383.55,
        "CAN" => 174.81,
        "GBR" => 210.89,
        "IRL" => 279.70,
        "FRA" => 44.18,
        "DEU" => 344.14,
        "NLD" => 253.31,
        "SWE" => 35.82,
        "NOR" => 30.75,
        "POL" => 614.98,
        "CHN" => 559.55,
        "IND" => 708.32,
        "JPN" => 482.32,
        "AUS" => 551.59,
        "BRA" => 103.21,
        _ => return None,
    })
}

/// The size and speed of a model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSize {
    /// Total parameters, billions (decides the GPU count).
    pub total_params_b: f64,
    /// Active parameters per token, billions: `[min, max]`.
    pub active_params_b: [f64; 2],
    /// Output tokens per second, when known.
    #[serde(default)]
    pub tps: Option<f64>,
    /// Time to first token, seconds, when known.
    #[serde(default)]
    pub ttft_s: Option<f64>,
}

/// Built-in sizes of common models (coin_carbon.md §4.4, from EcoLogits `models.json`).
#[must_use]
pub fn builtin_size(model: &str) -> Option<ModelSize> {
    let size = |total: f64, lo: f64, hi: f64, tps: f64, ttft: f64| ModelSize {
        total_params_b: total,
        active_params_b: [lo, hi],
        tps: Some(tps),
        ttft_s: Some(ttft),
    };
    let table: &[(&str, ModelSize)] = &[
        ("gpt-4o-mini", size(28.0, 8.0, 28.0, 36.8, 0.49)),
        ("gpt-4o", size(440.0, 44.0, 132.0, 37.8, 0.52)),
        ("gpt-4.1-mini", size(112.0, 40.0, 112.0, 36.2, 0.62)),
        ("gpt-4.1", size(352.0, 35.0, 106.0, 40.0, 0.79)),
        ("gpt-5-mini", size(70.0, 25.0, 70.0, 57.0, 7.98)),
        ("gpt-5", size(300.0, 30.0, 90.0, 44.9, 9.8)),
        ("o3-mini", size(28.0, 8.0, 28.0, 231.4, 6.48)),
        ("o4-mini", size(28.0, 8.0, 28.0, 91.8, 6.12)),
        ("claude-sonnet-4-5", size(440.0, 44.0, 132.0, 36.1, 1.83)),
        ("claude-haiku-4-5", size(35.0, 10.0, 35.0, 69.9, 0.58)),
    ];
    super::prices::model_names(model).find_map(|name| table.iter().find(|(n, _)| *n == name).map(|(_, s)| *s))
}

/// Energy and emissions of some calls: central value and range.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Impact {
    /// Watt-hours, `[min, max]`.
    pub energy_wh: [f64; 2],
    /// Grams of CO2e, usage and embodied, `[min, max]`.
    pub co2e_g: [f64; 2],
}

impl Impact {
    /// The midpoint of the energy range.
    #[must_use]
    pub fn energy_central(&self) -> f64 {
        (self.energy_wh[0] + self.energy_wh[1]) / 2.0
    }

    /// The midpoint of the emissions range.
    #[must_use]
    pub fn co2e_central(&self) -> f64 {
        (self.co2e_g[0] + self.co2e_g[1]) / 2.0
    }

    /// Adds another impact.
    pub fn add(&mut self, other: &Self) {
        for i in 0..2 {
            self.energy_wh[i] += other.energy_wh[i];
            self.co2e_g[i] += other.co2e_g[i];
        }
    }
}

/// The impact of one call of `output_tokens` that took `measured_s` seconds.
#[must_use]
pub fn call_impact(size: &ModelSize, output_tokens: u64, measured_s: f64, pue: f64, grid_g_per_kwh: f64) -> Impact {
    #[expect(clippy::cast_precision_loss, reason = "token counts are far below 2^52")]
    let tokens = output_tokens as f64;
    let memory_gb = 1.2 * size.total_params_b * 2.0;
    let gpus = 2f64.powf((memory_gb / GPU_MEMORY_GB).ceil().max(1.0).log2().ceil());
    let one = |active: f64| {
        let e_token = ALPHA * (BETA * BATCH).exp() * active + GAMMA;
        let gpu_wh = tokens * e_token;
        let estimated_s = match (size.tps, size.ttft_s) {
            (Some(tps), Some(ttft)) if tps > 0.0 => ttft + tokens / tps,
            _ => tokens * (LATENCY_ALPHA * active + LATENCY_BETA * BATCH + LATENCY_GAMMA),
        };
        let seconds = if measured_s > 0.0 { estimated_s.min(measured_s) } else { estimated_s };
        let server_wh = seconds / 3600.0 * SERVER_WATTS * (gpus / SERVER_GPUS) / BATCH;
        let energy = pue * (server_wh + gpus * gpu_wh);
        let embodied_kg = (gpus / SERVER_GPUS) * SERVER_EMBODIED_KG + gpus * GPU_EMBODIED_KG;
        let embodied_g = seconds * embodied_kg * 1000.0 / (LIFETIME_S * BATCH);
        (energy, energy / 1000.0 * grid_g_per_kwh + embodied_g)
    };
    let (lo, hi) = (one(size.active_params_b[0]), one(size.active_params_b[1]));
    Impact { energy_wh: [lo.0.min(hi.0), lo.0.max(hi.0)], co2e_g: [lo.1.min(hi.1), lo.1.max(hi.1)] }
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
    pub sizes: std::collections::BTreeMap<String, ModelSize>,
}

impl Default for Carbon {
    fn default() -> Self {
        Self {
            grid: WORLD_GCO2E_PER_KWH,
            zone: "WOR".into(),
            pue: DEFAULT_PUE,
            sizes: std::collections::BTreeMap::new(),
        }
    }
}

impl Carbon {
    /// The size of a model: configured first, then built in; `None` when unknown.
    #[must_use]
    pub fn size(&self, model: &str) -> Option<ModelSize> {
        self.sizes.get(model).copied().or_else(|| builtin_size(model))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worked_example_of_the_research_note() {
        // gpt-4o-mini, 700 output tokens over two calls, world grid, PUE 1.2, latency from TPS
        // and TTFT (coin_carbon.md §8): 0.0535–0.0631 Wh, 0.028–0.033 gCO2e.
        let size = builtin_size("gpt-4o-mini").unwrap();
        // Two calls of 350 tokens have the same token total and twice the TTFT.
        let mut total = call_impact(&size, 350, 0.0, 1.2, WORLD_GCO2E_PER_KWH);
        total.add(&call_impact(&size, 350, 0.0, 1.2, WORLD_GCO2E_PER_KWH));
        assert!((total.energy_wh[0] - 0.0535).abs() < 0.0005, "{total:?}");
        assert!((total.energy_wh[1] - 0.0631).abs() < 0.0005, "{total:?}");
        assert!((total.co2e_g[0] - 0.028).abs() < 0.0008, "{total:?}");
        assert!((total.co2e_g[1] - 0.033).abs() < 0.0008, "{total:?}");
    }

    #[test]
    fn a_measured_latency_caps_the_server_share() {
        let size = builtin_size("gpt-4o-mini").unwrap();
        let slow = call_impact(&size, 700, 0.0, 1.2, WORLD_GCO2E_PER_KWH);
        let fast = call_impact(&size, 700, 8.0, 1.2, WORLD_GCO2E_PER_KWH);
        assert!(fast.energy_wh[0] < slow.energy_wh[0]);
        // §8: "with 8 s measured in total: ≈ 0.044 Wh at P=8".
        assert!((fast.energy_wh[0] - 0.044).abs() < 0.001, "{fast:?}");
    }

    #[test]
    fn sizes_are_found_for_snapshots_and_not_invented() {
        assert_eq!(builtin_size("gpt-4o-mini-2024-07-18").unwrap().total_params_b, 28.0);
        assert_eq!(builtin_size("openai/gpt-4o").unwrap().total_params_b, 440.0);
        assert!(builtin_size("smollm2").is_none());
        assert_eq!(zone("wor"), Some(473.01));
        assert_eq!(zone("XYZ"), None);
    }
}
