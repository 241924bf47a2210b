//! The ambiguity penalty: what the recorded ambiguities cost, by kind and clause.

use super::Params;
use super::atoms::Atoms;
use crate::ir::{Ambiguity, AmbiguityKind};

/// The share of intent the ambiguities cost. Each ambiguity belongs to the clause that quotes
/// it; a clause with ambiguities of kinds `k` keeps `Π (1 − c_k)` of its weight, and the
/// penalty is the weighted mean over clauses — so a long spec is not condemned by its length,
/// while a short one with a vague core is. An ambiguity no clause quotes, and a conflict
/// between two requirements, costs the whole spec.
pub(super) fn ambiguity_penalty(original: &[&str], atoms: &[Atoms], ambiguities: &[Ambiguity], params: &Params) -> f64 {
    let weights: Vec<f64> = atoms.iter().map(weight).collect();
    let total: f64 = weights.iter().sum();
    let mut kept = vec![1.0; original.len()];
    let mut global = 1.0;
    // Ambiguities come in the order of the text, so the search for each one's clause starts
    // where the last one was found and wraps around: linear in a long spec, not quadratic.
    let mut from = 0;
    for a in ambiguities {
        let keep = 1.0 - params.cost(a.kind).clamp(0.0, 1.0);
        let quote = a.quote.trim();
        let found = (from..original.len()).chain(0..from).find(|&i| !quote.is_empty() && original[i].contains(quote));
        if let Some(i) = found {
            from = i;
        }
        match found.filter(|&i| weight(&atoms[i]) > 0.0) {
            Some(i) if total > 0.0 && a.kind != AmbiguityKind::Conflict => {
                kept[i] *= keep;
            }
            _ => global *= keep,
        }
    }
    let local = if total > 0.0 { weights.iter().zip(&kept).map(|(w, k)| w * k).sum::<f64>() / total } else { 1.0 };
    1.0 - local * global
}

/// How much a clause counts in the penalty: the same for every clause that says something,
/// whatever its length, so that adding a detail to a clause never raises its share.
fn weight(atoms: &Atoms) -> f64 {
    if atoms.total > 0.0 { 1.0 } else { 0.0 }
}
