//! Coin: a dated price table per million tokens, overridable in `ire.toml`.

use serde::{Deserialize, Serialize};

use super::usage::{Call, Usage};

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
}
