//! Alignment: each clause of one text with the clause of the other that shares the most atom
//! weight, and the F-beta of recall and precision.

use super::atoms::Atoms;

/// Best partner of each clause in `from` among `to`: (index, shared weight).
pub(super) fn align(from: &[Atoms], to: &[Atoms]) -> Vec<Option<(usize, f64)>> {
    from.iter()
        .map(|a| {
            to.iter()
                .enumerate()
                .map(|(j, b)| (j, a.shared(b), b.total))
                .filter(|(_, shared, _)| *shared > 0.0)
                // Most shared weight; on a tie, the tighter (smaller) partner.
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.2.total_cmp(&x.2)).then(y.0.cmp(&x.0)))
                .map(|(j, shared, _)| (j, shared))
        })
        .collect()
}

/// The F-beta of recall and precision; 0 when both are 0.
pub(super) fn f_beta(recall: f64, precision: f64, beta: f64) -> f64 {
    let b2 = beta * beta;
    let denominator = b2 * precision + recall;
    if denominator <= 0.0 { 0.0 } else { (1.0 + b2) * precision * recall / denominator }
}
