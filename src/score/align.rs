//! Alignment: each clause of one text with the clause of the other that shares the most atom
//! weight, and how much of each clause's weight the other text keeps.
//!
//! A faithful paraphrase may split a sentence in two or merge two into one, so a clause is
//! credited with what its best partner *and that partner's neighbours* share with it. The
//! search is windowed: a translation keeps the order of the original, so each clause looks
//! for its partner near its own relative position, which keeps long specs linear in time.

use super::atoms::Atoms;

/// How far from a clause's expected position its partner is looked for, in clauses.
const WINDOW: usize = 24;

/// Each clause of `from` with its best partner among `to` (index), and the weight it shares
/// with that partner and its two neighbours.
pub(super) fn align(from: &[Atoms], to: &[Atoms]) -> Vec<Option<(usize, f64)>> {
    from.iter()
        .enumerate()
        .map(|(i, a)| {
            // A faithful round trip keeps most clauses where they were, word for word: a
            // partner at the expected place with exactly the same atoms cannot be beaten (no
            // clause shares more than all of them), so the window is searched only otherwise.
            let expected = i * to.len() / from.len().max(1);
            let exact = [Some(expected), expected.checked_sub(1), Some(expected + 1)]
                .into_iter()
                .flatten()
                .filter(|&j| j < to.len())
                .find(|&j| (to[j].total - a.total).abs() < 1e-9 && (a.shared(&to[j]) - a.total).abs() < 1e-9);
            if let Some(j) = exact
                && a.total > 0.0
            {
                return Some((j, a.total));
            }
            let candidates = window(i, from.len(), to.len());
            let best = candidates
                .map(|j| (j, a.shared(&to[j]), to[j].total))
                .filter(|(_, shared, _)| *shared > 0.0)
                // Most shared weight; on a tie, the tighter (smaller) partner.
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.2.total_cmp(&x.2)).then(y.0.cmp(&x.0)))?;
            let j = best.0;
            let neighbours = [j.checked_sub(1), Some(j), Some(j + 1).filter(|&k| k < to.len())];
            let merged = Atoms::union(neighbours.into_iter().flatten().map(|k| &to[k]));
            Some((j, a.shared(&merged).max(best.1)))
        })
        .collect()
}

/// The indices of `to` where the partner of clause `i` of `n` is looked for: all of them for
/// short texts, else a window around `i`'s relative position.
fn window(i: usize, n: usize, m: usize) -> std::ops::Range<usize> {
    if n.saturating_mul(m) <= 4096 || m <= 2 * WINDOW {
        return 0..m;
    }
    let expected = i * m / n.max(1);
    expected.saturating_sub(WINDOW)..(expected + WINDOW + 1).min(m)
}

/// The F-beta of recall and precision; 0 when both are 0.
pub(super) fn f_beta(recall: f64, precision: f64, beta: f64) -> f64 {
    let b2 = beta * beta;
    let denominator = b2 * precision + recall;
    if denominator <= 0.0 { 0.0 } else { (1.0 + b2) * precision * recall / denominator }
}
