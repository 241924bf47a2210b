//! Atoms: what a clause says, as a weighted multiset of quantities, negations, modality,
//! condition markers, literals and stemmed content words.

use super::Weights;
use crate::ir::Relation;
use crate::lang::lexicon::{self, CONDITION_MARKERS, NEGATIONS};
use crate::lang::{self, Token, TokenKind};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Atom {
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
pub(super) struct Atoms {
    pub(super) items: Vec<(Atom, f64)>,
    pub(super) total: f64,
    pub(super) negations: u8,
    pub(super) modality: Option<u8>,
}

impl Atoms {
    fn add(&mut self, atom: Atom, weight: f64) {
        self.items.push((atom, weight));
        self.total += weight;
    }

    /// The atoms of several clauses together, as if they were one: for crediting a clause that
    /// the other text split across neighbours.
    pub(super) fn union<'a>(parts: impl Iterator<Item = &'a Self>) -> Self {
        let mut out = Self::default();
        for part in parts {
            for (atom, weight) in &part.items {
                out.add(atom.clone(), *weight);
            }
        }
        out.seal()
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

    pub(super) fn shared(&self, other: &Self) -> f64 {
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

    pub(super) fn quantities(&self) -> impl Iterator<Item = (Relation, u64, Option<&String>)> {
        self.items.iter().filter_map(|(a, _)| match a {
            Atom::Quantity(r, v, u) => Some((*r, *v, u.as_ref())),
            _ => None,
        })
    }

    pub(super) fn literals(&self) -> impl Iterator<Item = &String> {
        self.items.iter().filter_map(|(a, _)| match a {
            Atom::Literal(l) => Some(l),
            _ => None,
        })
    }
}

pub(super) fn atoms(clause: &str, w: &Weights) -> Atoms {
    let tokens = lang::tokenize(clause);
    let mut out = Atoms::default();
    let mut in_quantity = vec![false; tokens.len()];
    for q in lang::quantities(&tokens) {
        in_quantity[q.first..q.last].iter_mut().for_each(|x| *x = true);
        let unit = q.quantity.unit.clone();
        let (value, unit) = lang::quantity::canonical(q.quantity.value, unit.as_deref());
        out.add(Atom::Quantity(q.quantity.relation, value.to_bits(), unit.map(str::to_owned)), w.quantity);
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
                if !in_quantity[i] && !lang::is_stop_word(t.word()) && t.word().chars().any(char::is_alphanumeric) =>
            {
                out.add(Atom::Content(lang::stem(t.word())), w.content);
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
        let imperative = t.is("never") || t.is("do") || lang::verbs::imperative_at(tokens, first);
        (imperative || lang::verbs::descriptive_verb(tokens, first).is_some()).then_some(3)
    })
}
