//! The fidelity score: how much of the original intent survived the round trip.
//!
//! Pure and deterministic; the model never reports the score.
//!
//! # Formula
//!
//! 1. **Atoms.** Both texts are split into clauses, and each clause into weighted atoms:
//!    quantities (relation, value, normalised unit) weigh [`Weights::quantity`], negations
//!    [`Weights::negation`], the strongest modal [`Weights::modality`], condition markers
//!    [`Weights::condition`], literals [`Weights::literal`], and stemmed content words
//!    [`Weights::content`]. Function words carry no weight.
//! 2. **Alignment.** Each original clause is aligned with the back-translated clause that
//!    shares the most atom weight with it, and each back-translated clause with its best
//!    original clause.
//! 3. **Recall** = shared weight / original weight over aligned pairs (intent kept);
//!    **precision** = shared weight / back-translation weight (nothing invented);
//!    **round trip** = F-beta of the two, with β = [`Params::beta`].
//! 4. **Ambiguity.** Each recorded ambiguity of kind *k* costs its clause (the one that
//!    quotes it) a fraction `c_k` of what is left, and the penalty is the atom-weighted mean
//!    over clauses: `penalty = 1 − Σ_i w_i Π_{k∈i} (1 − c_k) / Σ_i w_i`. A conflict or an
//!    unstable reading, which no single clause holds, costs the whole spec. So a long spec is
//!    not condemned by its length, and a short one with a vague core is.
//! 5. `fidelity = round_trip × (1 − penalty)`, in [0, 1]; identical texts with no
//!    ambiguity give exactly 1.
//!
//! Critical divergences are reported on their own and block regardless of the number: a
//! quantity changed, lost or invented, a negation lost or added, a modality weakened, a
//! literal lost or invented. Atoms inside a quote that the IR records as an ambiguity are
//! exempt: the translator moved them to a question on purpose.
//!
//! The weights and costs were chosen with `ire calibrate` on the labelled corpora (see
//! the README), never by listing phrases from them.

use std::collections::HashSet;

use serde::Serialize;

use crate::ir::{Ambiguity, AmbiguityKind, Relation};
use crate::text::{self, Token, TokenKind};
use crate::translate::rules::lexicon::{self, CONDITION_MARKERS};

/// Atom weights.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    /// A quantity: relation, value and unit.
    pub quantity: f64,
    /// A negation.
    pub negation: f64,
    /// The strongest modal of a clause.
    pub modality: f64,
    /// A condition marker.
    pub condition: f64,
    /// A literal: code, quoted text, identifier.
    pub literal: f64,
    /// A stemmed content word.
    pub content: f64,
}

/// Everything that shapes the score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Params {
    /// Atom weights.
    pub weights: Weights,
    /// β of the F-beta of recall and precision: above 1 favours recall.
    pub beta: f64,
    /// Cost of one ambiguity of each kind, in [`AmbiguityKind::ALL`] order.
    pub costs: [f64; 10],
}

impl Params {
    /// The cost of one ambiguity of a kind.
    #[must_use]
    pub fn cost(&self, kind: AmbiguityKind) -> f64 {
        let i = AmbiguityKind::ALL.iter().position(|k| *k == kind).unwrap_or(AmbiguityKind::ALL.len() - 1);
        self.costs[i]
    }
}

impl Default for Params {
    fn default() -> Self {
        Self {
            weights: Weights {
                quantity: 3.0,
                negation: 3.0,
                modality: 2.0,
                condition: 2.0,
                literal: 3.0,
                content: 1.0,
            },
            // Chosen with `scripts/sweep.py` (coordinate search of `ire calibrate`'s mean ROC AUC
            // over the labelled corpora), then rounded towards moderate values; see the README.
            beta: 3.0,
            // vague, weak modal, reference, actor, quantity, incomplete, optionality, conflict,
            // unstable reading, other
            costs: [0.05, 0.04, 0.15, 0.01, 0.30, 0.02, 0.45, 0.25, 0.20, 0.05],
        }
    }
}

/// The parts of the score, shown in every report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Components {
    /// Share of the original's atom weight found in the back-translation.
    pub recall: f64,
    /// Share of the back-translation's atom weight found in the original.
    pub precision: f64,
    /// F-beta of recall and precision.
    pub round_trip: f64,
    /// `1 − Π (1 − c_k)` over the ambiguities.
    pub ambiguity_penalty: f64,
    /// Number of ambiguities counted.
    pub ambiguities: usize,
    /// Number of original clauses with any atom.
    pub clauses: usize,
}

/// What kind of critical divergence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DivergenceKind {
    /// A quantity of the original is missing from the back-translation.
    NumberLost,
    /// A quantity came back with another value or relation.
    NumberChanged,
    /// The back-translation has a quantity the original does not.
    NumberInvented,
    /// A negation disappeared.
    NegationLost,
    /// A negation appeared.
    NegationAdded,
    /// must → should/may, or should → may.
    ModalityWeakened,
    /// A literal of the original is missing.
    LiteralLost,
    /// A literal appeared that the original does not have.
    LiteralInvented,
}

impl DivergenceKind {
    /// The snake_case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NumberLost => "number_lost",
            Self::NumberChanged => "number_changed",
            Self::NumberInvented => "number_invented",
            Self::NegationLost => "negation_lost",
            Self::NegationAdded => "negation_added",
            Self::ModalityWeakened => "modality_weakened",
            Self::LiteralLost => "literal_lost",
            Self::LiteralInvented => "literal_invented",
        }
    }
}

/// A critical divergence between the original and the back-translation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Divergence {
    /// What diverged.
    pub kind: DivergenceKind,
    /// A one-line explanation.
    pub message: String,
    /// The original clause (or the back-translated one, for inventions).
    pub quote: String,
    /// Index of the original clause, when the divergence has one.
    pub clause: Option<usize>,
}

/// The score of one round trip.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// In [0, 1].
    pub fidelity: f64,
    /// How it was made.
    pub components: Components,
    /// Critical divergences; each one blocks.
    pub divergences: Vec<Divergence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Atom {
    Quantity(Relation, u64, Option<String>),
    Negation(u8),
    Modality(u8),
    Condition(String),
    Literal(String),
    Content(String),
}

/// The atoms of a clause: a multiset kept as a sorted list of (atom, weight), so that two
/// clauses are compared by one merge rather than by hashing every atom.
#[derive(Debug, Default)]
struct Atoms {
    items: Vec<(Atom, f64)>,
    total: f64,
    negations: u8,
    modality: Option<u8>,
}

impl Atoms {
    fn add(&mut self, atom: Atom, weight: f64) {
        self.items.push((atom, weight));
        self.total += weight;
    }

    /// Sorts and merges equal atoms; call once after the last `add`.
    fn seal(mut self) -> Self {
        self.items.sort_by(|a, b| a.0.cmp(&b.0));
        let mut merged: Vec<(Atom, f64)> = Vec::with_capacity(self.items.len());
        for (atom, weight) in self.items {
            match merged.last_mut() {
                Some((last, w)) if *last == atom => *w += weight,
                _ => merged.push((atom, weight)),
            }
        }
        self.items = merged;
        self
    }

    fn shared(&self, other: &Self) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < self.items.len() && j < other.items.len() {
            match self.items[i].0.cmp(&other.items[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += self.items[i].1.min(other.items[j].1);
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    fn quantities(&self) -> impl Iterator<Item = (Relation, u64, Option<&String>)> {
        self.items.iter().filter_map(|(a, _)| match a {
            Atom::Quantity(r, v, u) => Some((*r, *v, u.as_ref())),
            _ => None,
        })
    }

    fn literals(&self) -> impl Iterator<Item = &String> {
        self.items.iter().filter_map(|(a, _)| match a {
            Atom::Literal(l) => Some(l),
            _ => None,
        })
    }
}

const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "no",
    "none",
    "nor",
    "cannot",
    "can't",
    "won't",
    "don't",
    "doesn't",
    "isn't",
    "aren't",
    "mustn't",
    "shouldn't",
    "shan't",
    "without",
    "neither",
];

fn atoms(clause: &str, w: &Weights) -> Atoms {
    let tokens = text::tokenize(clause);
    let mut out = Atoms::default();
    let mut in_quantity = vec![false; tokens.len()];
    for q in text::quantities(&tokens) {
        in_quantity[q.first..q.last].iter_mut().for_each(|x| *x = true);
        let unit = q.quantity.unit.clone();
        out.add(Atom::Quantity(q.quantity.relation, q.quantity.value.to_bits(), unit), w.quantity);
    }
    out.modality = modality_strength(&tokens);
    if let Some(strength) = out.modality {
        out.add(Atom::Modality(strength), w.modality);
    }
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            TokenKind::Literal => out.add(Atom::Literal(t.word().to_owned()), w.literal),
            TokenKind::Word if NEGATIONS.contains(&t.word()) => {
                out.negations += 1;
                out.add(Atom::Negation(out.negations), w.negation);
            }
            TokenKind::Word if CONDITION_MARKERS.contains(&t.word()) && !in_quantity[i] => {
                let marker = match t.word() {
                    "when" | "whenever" | "once" | "upon" => "when",
                    "if" | "provided" => "if",
                    other => other,
                };
                out.add(Atom::Condition(marker.to_owned()), w.condition);
            }
            TokenKind::Word
                if !in_quantity[i] && !text::is_stop_word(t.word()) && t.word().chars().any(char::is_alphanumeric) =>
            {
                out.add(Atom::Content(text::stem(t.word())), w.content);
            }
            _ => {}
        }
    }
    out.seal()
}

/// The strongest modal of a clause; an imperative opening counts as "must".
fn modality_strength(tokens: &[Token<'_>]) -> Option<u8> {
    let best = (0..tokens.len()).filter_map(|i| lexicon::modal_at(tokens, i)).map(|(_, m, _)| m.strength()).max();
    // An imperative ("Return the sum") or a descriptive present tense ("The worker sends
    // files") states what must hold, as the rules translator reads it.
    best.or_else(|| {
        let first = tokens.iter().position(|t| t.kind != TokenKind::Punct)?;
        let t = &tokens[first];
        let imperative = t.kind == TokenKind::Word && (lexicon::is_verb(t.word()) || t.is("never") || t.is("do"));
        (imperative || crate::translate::rules::descriptive_verb(tokens, first).is_some()).then_some(3)
    })
}

/// Best partner of each clause in `from` among `to`: (index, shared weight).
fn align(from: &[Atoms], to: &[Atoms]) -> Vec<Option<(usize, f64)>> {
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

/// Scores a round trip: the original's clauses, the back-translation and the IR's ambiguities.
#[must_use]
pub fn score(original: &[&str], back: &str, ambiguities: &[Ambiguity], params: &Params) -> Score {
    let w = &params.weights;
    let orig: Vec<Atoms> = original.iter().map(|c| atoms(c, w)).collect();
    let back_clauses = crate::spec::clauses_of(back);
    let back_atoms: Vec<Atoms> = back_clauses.iter().map(|c| atoms(c, w)).collect();
    let forward = align(&orig, &back_atoms);
    let backward = align(&back_atoms, &orig);

    let orig_total: f64 = orig.iter().map(|a| a.total).sum();
    let back_total: f64 = back_atoms.iter().map(|a| a.total).sum();
    let kept: f64 = forward.iter().flatten().map(|(_, s)| s).sum();
    let honest: f64 = backward.iter().flatten().map(|(_, s)| s).sum();
    let recall = if orig_total > 0.0 { (kept / orig_total).min(1.0) } else { 1.0 };
    let precision = if back_total > 0.0 { (honest / back_total).min(1.0) } else { 1.0 };
    let round_trip = f_beta(recall, precision, params.beta);

    let penalty = ambiguity_penalty(original, &orig, ambiguities, params);
    let fidelity = (round_trip * (1.0 - penalty)).clamp(0.0, 1.0);

    let divergences = divergences(original, &orig, &back_clauses, &back_atoms, &forward, ambiguities);
    Score {
        fidelity,
        components: Components {
            recall,
            precision,
            round_trip,
            ambiguity_penalty: penalty,
            ambiguities: ambiguities.len(),
            clauses: orig.iter().filter(|a| a.total > 0.0).count(),
        },
        divergences,
    }
}

/// The share of intent the ambiguities cost. Each ambiguity belongs to the clause that quotes
/// it; a clause with ambiguities of kinds `k` keeps `Π (1 − c_k)` of its weight, and the
/// penalty is the weighted mean over clauses — so a long spec is not condemned by its length,
/// while a short one with a vague core is. An ambiguity no clause quotes (a conflict between
/// two requirements, an unstable reading) costs the whole spec.
fn ambiguity_penalty(original: &[&str], atoms: &[Atoms], ambiguities: &[Ambiguity], params: &Params) -> f64 {
    let total: f64 = atoms.iter().map(|a| a.total).sum();
    let mut kept = vec![1.0; original.len()];
    let mut global = 1.0;
    for a in ambiguities {
        let keep = 1.0 - params.cost(a.kind).clamp(0.0, 1.0);
        let quote = a.quote.trim();
        match original.iter().position(|c| !quote.is_empty() && c.contains(quote)).filter(|&i| atoms[i].total > 0.0) {
            Some(i) if total > 0.0 && a.kind != AmbiguityKind::Conflict && a.kind != AmbiguityKind::UnstableReading => {
                kept[i] *= keep;
            }
            _ => global *= keep,
        }
    }
    let local = if total > 0.0 { atoms.iter().zip(&kept).map(|(a, k)| a.total * k).sum::<f64>() / total } else { 1.0 };
    1.0 - local * global
}

fn f_beta(recall: f64, precision: f64, beta: f64) -> f64 {
    let b2 = beta * beta;
    let denominator = b2 * precision + recall;
    if denominator <= 0.0 { 0.0 } else { (1.0 + b2) * precision * recall / denominator }
}

/// Values, literals and negations that the IR deliberately turned into questions.
#[derive(Default)]
struct Exempt {
    values: HashSet<u64>,
    literals: HashSet<String>,
    negations: bool,
}

fn exempt(ambiguities: &[Ambiguity]) -> Exempt {
    let mut out = Exempt::default();
    for a in ambiguities {
        for t in text::tokenize(&a.quote) {
            match t.kind {
                TokenKind::Number => {
                    out.values.insert(t.value.unwrap_or(0.0).to_bits());
                }
                TokenKind::Literal => {
                    out.literals.insert(t.word().to_owned());
                }
                TokenKind::Word if NEGATIONS.contains(&t.word()) => out.negations = true,
                _ => {}
            }
        }
    }
    out
}

fn divergences(
    original: &[&str],
    orig: &[Atoms],
    back_clauses: &[&str],
    back: &[Atoms],
    forward: &[Option<(usize, f64)>],
    ambiguities: &[Ambiguity],
) -> Vec<Divergence> {
    let exempt = exempt(ambiguities);
    let mut out = Vec::new();
    let back_quantities: HashSet<(Relation, u64, Option<&String>)> = back.iter().flat_map(Atoms::quantities).collect();
    let back_literals: HashSet<&String> = back.iter().flat_map(Atoms::literals).collect();
    let orig_quantities: HashSet<(Relation, u64, Option<&String>)> = orig.iter().flat_map(Atoms::quantities).collect();
    let orig_values: HashSet<u64> = orig_quantities.iter().map(|q| q.1).collect();
    let orig_literals: HashSet<&String> = orig.iter().flat_map(Atoms::literals).collect();
    let show = |bits: u64, unit: Option<&String>| {
        let v = crate::translate::rules::render::format_number(f64::from_bits(bits));
        unit.map_or(v.clone(), |u| format!("{v} {u}"))
    };
    for (i, a) in orig.iter().enumerate() {
        let partner = forward[i].map(|(j, _)| &back[j]);
        for q in a.quantities() {
            if back_quantities.contains(&q) || exempt.values.contains(&q.1) {
                continue;
            }
            let changed = partner.and_then(|p| p.quantities().find(|b| b.2 == q.2 && !orig_quantities.contains(b)));
            let (kind, message) = match changed {
                Some(b) => (
                    DivergenceKind::NumberChanged,
                    format!("`{} {}` came back as `{} {}`", q.0.symbol(), show(q.1, q.2), b.0.symbol(), show(b.1, b.2)),
                ),
                None => (DivergenceKind::NumberLost, format!("`{} {}` was lost", q.0.symbol(), show(q.1, q.2))),
            };
            out.push(Divergence { kind, message, quote: original[i].to_owned(), clause: Some(i) });
        }
        for l in a.literals() {
            if !back_literals.contains(l) && !exempt.literals.contains(l) {
                out.push(Divergence {
                    kind: DivergenceKind::LiteralLost,
                    message: format!("literal `{l}` was lost"),
                    quote: original[i].to_owned(),
                    clause: Some(i),
                });
            }
        }
        // Negation and modality are compared only with a partner that is clearly the same clause.
        let Some((j, shared)) = forward[i] else {
            continue;
        };
        if shared < 0.5 * a.total {
            continue;
        }
        let b = &back[j];
        if a.negations > b.negations && !exempt.negations {
            out.push(Divergence {
                kind: DivergenceKind::NegationLost,
                message: format!("a negation was lost: \"{}\"", back_clauses[j]),
                quote: original[i].to_owned(),
                clause: Some(i),
            });
        } else if a.negations < b.negations {
            out.push(Divergence {
                kind: DivergenceKind::NegationAdded,
                message: format!("a negation was added: \"{}\"", back_clauses[j]),
                quote: original[i].to_owned(),
                clause: Some(i),
            });
        }
        if let (Some(x), Some(y)) = (a.modality, b.modality)
            && y < x
        {
            out.push(Divergence {
                kind: DivergenceKind::ModalityWeakened,
                message: format!("the requirement was weakened: \"{}\"", back_clauses[j]),
                quote: original[i].to_owned(),
                clause: Some(i),
            });
        }
    }
    for (j, b) in back.iter().enumerate() {
        for q in b.quantities() {
            if !orig_quantities.contains(&q) && !orig_values.contains(&q.1) {
                out.push(Divergence {
                    kind: DivergenceKind::NumberInvented,
                    message: format!("`{} {}` is not in the original", q.0.symbol(), show(q.1, q.2)),
                    quote: back_clauses[j].to_owned(),
                    clause: None,
                });
            }
        }
        for l in b.literals() {
            if !orig_literals.contains(l) {
                out.push(Divergence {
                    kind: DivergenceKind::LiteralInvented,
                    message: format!("literal `{l}` is not in the original"),
                    quote: back_clauses[j].to_owned(),
                    clause: None,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(original: &str, back: &str) -> Score {
        let clauses = crate::spec::clauses_of(original);
        score(&clauses, back, &[], &Params::default())
    }

    fn kinds(s: &Score) -> Vec<&'static str> {
        s.divergences.iter().map(|d| d.kind.as_str()).collect()
    }

    #[test]
    fn identical_text_scores_one() {
        let s = run(
            "The worker must retry at most 3 times.\nNever log `token`.",
            "The worker must retry at most 3 times.\nNever log `token`.",
        );
        assert_eq!(s.fidelity, 1.0);
        assert!(s.divergences.is_empty());
    }

    #[test]
    fn paraphrased_quantities_match() {
        let s = run("The job must finish within 5 seconds.", "The job must finish in at most 5 s.");
        assert!(s.divergences.is_empty(), "{:?}", s.divergences);
        assert!(s.fidelity > 0.8, "{}", s.fidelity);
    }

    #[test]
    fn critical_divergences_are_found() {
        let table: &[(&str, &str, &str)] = &[
            ("Retry at most 3 times.", "Retry at most 5 times.", "number_changed"),
            ("Retry at most 3 times.", "Retry.", "number_lost"),
            ("Retry the upload.", "Retry the upload 4 times.", "number_invented"),
            ("The server must not cache replies.", "The server must cache replies.", "negation_lost"),
            ("The server must cache replies.", "The server must not cache replies.", "negation_added"),
            ("The server must cache replies.", "The server may cache replies.", "modality_weakened"),
            ("Read `config.toml` first.", "Read the config first.", "literal_lost"),
            ("Read the config first.", "Read `ire.toml` first.", "literal_invented"),
        ];
        for (original, back, kind) in table {
            let s = run(original, back);
            assert!(kinds(&s).contains(kind), "{original} → {back}: {:?}", kinds(&s));
        }
    }

    #[test]
    fn ambiguities_cost_by_kind() {
        let text = "Return the sum.";
        let a = |kind| Ambiguity {
            kind,
            quote: "sum".into(),
            line: 1,
            column: None,
            question: String::new(),
            options: vec![],
        };
        let clauses = [text];
        let p = Params::default();
        let one = score(&clauses, text, &[a(AmbiguityKind::WeakModal)], &p).fidelity;
        let two = score(&clauses, text, &[a(AmbiguityKind::Conflict)], &p).fidelity;
        let expect = |kind| 1.0 - p.cost(kind);
        assert!((one - expect(AmbiguityKind::WeakModal)).abs() < 1e-9, "{one}");
        assert!((two - expect(AmbiguityKind::Conflict)).abs() < 1e-9, "{two}");
        assert!(two < one, "a conflict costs more than a weak modal");
    }

    #[test]
    fn an_ambiguity_costs_its_clause_not_the_whole_spec() {
        let vague = Ambiguity { quote: "fast".into(), ..vague_term_at_line_1() };
        let p = Params::default();
        let short = "The cache must be fast.";
        let alone = score(&[short], short, std::slice::from_ref(&vague), &p).fidelity;
        let mut long: Vec<String> =
            (0..19).map(|i| format!("The worker must write report {i} to `out/{i}.csv`.")).collect();
        long.push(short.to_owned());
        let clauses: Vec<&str> = long.iter().map(String::as_str).collect();
        let among = score(&clauses, &long.join("\n"), &[vague], &p).fidelity;
        assert!((alone - (1.0 - p.cost(AmbiguityKind::VagueTerm))).abs() < 1e-9, "{alone}");
        assert!(among > alone && among > 0.99, "one vague clause in twenty: {among}");
        // Fifty vague clauses in a long file do not drive fidelity to zero.
        let vague = Ambiguity { quote: "report".into(), ..vague_term_at_line_1() };
        let many = vec![vague; 50];
        let f = score(&clauses, &long.join("\n"), &many, &p).fidelity;
        assert!(f > 0.0, "{f}");
    }

    fn vague_term_at_line_1() -> Ambiguity {
        Ambiguity {
            kind: AmbiguityKind::VagueTerm,
            quote: String::new(),
            line: 1,
            column: None,
            question: String::new(),
            options: vec![],
        }
    }

    #[test]
    fn an_empty_back_translation_keeps_nothing() {
        let s = run("The worker must retry.", "");
        assert_eq!(s.fidelity, 0.0);
    }
}
