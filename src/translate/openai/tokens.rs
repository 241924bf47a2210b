//! Local token counts with tiktoken-rs: for budget projection before a call, and as an
//! estimate when a server reports no usage. The tables load on first use only.

use std::sync::LazyLock;

use tiktoken_rs::CoreBPE;

static O200K: LazyLock<Option<CoreBPE>> = LazyLock::new(|| tiktoken_rs::o200k_base().ok());
static CL100K: LazyLock<Option<CoreBPE>> = LazyLock::new(|| tiktoken_rs::cl100k_base().ok());

/// Tokens in `text` for `model`: `cl100k_base` for GPT-4 and GPT-3.5, `o200k_base` for every
/// other model (exact for GPT-4o, 4.1, 5 and the o-series; a proxy for the rest).
#[must_use]
pub fn count(model: &str, text: &str) -> u64 {
    let model = model.rsplit('/').next().unwrap_or(model);
    let legacy = (model.starts_with("gpt-4") && !model.starts_with("gpt-4o") && !model.starts_with("gpt-4."))
        || model.starts_with("gpt-3.5")
        || model.starts_with("gpt-35");
    let bpe = if legacy { &*CL100K } else { &*O200K };
    match bpe {
        Some(bpe) => bpe.encode_ordinary(text).len() as u64,
        // Roughly four bytes per token in English prose.
        None => (text.len() as u64).div_ceil(4),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_plausible() {
        let n = super::count("gpt-4o-mini", "The upload worker must retry a failed upload at most 3 times.");
        assert!((10..=20).contains(&n), "{n}");
        assert_eq!(super::count("gpt-4o", ""), 0);
    }
}
