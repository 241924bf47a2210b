//! A round trip: what a backend made of one spec.

use serde::{Deserialize, Serialize};

use super::Backend;
use crate::ir::Ir;
use crate::lang::lexicon;

/// What the backend made of one spec: every reading (the first is the IR), the
/// back-translation of its blind view, and the back-translation read again when a critical
/// divergence asked for it. The cache keeps exactly this, so that a cache hit is judged
/// the same way as a fresh check.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoundTrip {
    /// Every reading of the spec, one per sample; the first is the IR. Never empty.
    pub readings: Vec<Ir>,
    /// The back-translation.
    pub back: String,
    /// The back-translation read again, when that was needed.
    pub reread: Option<Ir>,
    /// Whether the offline structural analysis joins the backend's findings (every backend
    /// but the rules one, which is that analysis).
    pub structural: bool,
    /// Wall time of the reread.
    #[serde(skip)]
    pub reread_ms: f64,
}

impl RoundTrip {
    /// A round trip begun with these readings by `backend`.
    #[must_use]
    pub fn new(mut readings: Vec<Ir>, backend: &Backend) -> Self {
        if readings.is_empty() {
            readings.push(Ir {
                ir_version: crate::ir::IR_VERSION,
                title: None,
                requirements: Vec::new(),
                context: Vec::new(),
                code: Vec::new(),
                ambiguities: Vec::new(),
            });
        }
        Self { readings, back: String::new(), reread: None, structural: backend.info().name != "rules", reread_ms: 0.0 }
    }

    /// The IR.
    #[must_use]
    pub fn ir(&self) -> &Ir {
        &self.readings[0]
    }

    /// What the backward translator may see: the IR's blind view, without context that
    /// restates any of `sentences` (the spec's requirement sentences), and without the vague
    /// words a translator carried into a requirement: a vague word is never a value, so it
    /// must not survive the round trip, whoever translated.
    #[must_use]
    pub fn blind(&self, sentences: &[&str]) -> Ir {
        let mut view = crate::ir::blind::blind(self.ir(), sentences);
        let strip = |text: &mut String| *text = lexicon::strip_vague(text);
        for r in &mut view.requirements {
            strip(&mut r.action);
            if r.action.trim().is_empty() {
                r.action = "do".into();
            }
            r.object.iter_mut().for_each(strip);
            r.actor.iter_mut().for_each(strip);
            r.conditions.iter_mut().for_each(strip);
            r.conditions.retain(|c| !c.trim().is_empty());
            for c in &mut r.commitments {
                c.value.iter_mut().for_each(strip);
            }
            r.commitments.retain(|c| c.value().is_some());
        }
        view
    }
}
