//! The `rules` backend: an offline, deterministic requirements parser and renderer.
//!
//! Each clause is read in four steps:
//! 1. **Smells**: lexicon matches (vague terms, loopholes, incompletes), open disjunctions,
//!    comparatives without a baseline, weak modals, passive voice with no agent, pronouns with
//!    several possible antecedents, sentences that stop mid-way. Each becomes an ambiguity
//!    with a clarifying question; words with no executable meaning are dropped.
//! 2. **Modal**: "must", "shall not", "should" … give the modality; the words before it are
//!    the actor. A clause that opens with a known verb is an imperative requirement.
//! 3. **Frame**: the verb after the modal is the action, condition markers ("if", "after",
//!    "within" …) open conditions, and the rest is the object. Numbers become quantities with
//!    their relation and unit; code, quotes and identifiers become literals.
//! 4. Anything that is not a requirement is carried verbatim as context.
//!
//! Across clauses, requirements on the same action and object that contradict each other
//! (must vs must not, disjoint bounds) are recorded as conflicts.

mod frames;
mod references;
pub mod render;
mod smells;

use crate::ir::{
    Ambiguity, AmbiguityKind, Code, Context, IR_VERSION, Ir, Modality, Quantity, Reference, Relation, Requirement,
    Source,
};
use crate::lang::{self, Token, TokenKind, verbs};
use crate::spec::{Clause, ClauseKind, Spec};
use smells::Smell;

/// How many clauses before and after a requirement may state its parameters.
const SLOT_WINDOW: usize = 24;

/// The offline translator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rules;

impl super::Translator for Rules {
    fn from_config(_config: &super::BackendConfig) -> Result<Self, crate::error::Error> {
        Ok(Self)
    }

    fn info(&self) -> super::Info {
        super::Info {
            name: "rules",
            model: concat!("rules-", env!("CARGO_PKG_VERSION")).to_owned(),
            prompt_hash: None,
            fingerprint: None,
            remote: false,
        }
    }

    fn to_ir(&self, spec: &Spec) -> super::Outcome<Vec<Ir>> {
        Ok(super::Translated { value: vec![self.read(spec)], calls: Vec::new() })
    }

    fn reread(&self, spec: &Spec) -> super::Outcome<Ir> {
        Ok(super::Translated { value: self.read(spec), calls: Vec::new() })
    }

    fn to_english(&self, ir: &Ir) -> super::Outcome<String> {
        Ok(super::Translated { value: render::render(ir), calls: Vec::new() })
    }
}

impl Rules {
    /// English → IR.
    #[must_use]
    pub fn read(&self, spec: &Spec) -> Ir {
        let tokens: Vec<Vec<Token<'_>>> = spec.clauses.iter().map(|c| lang::tokenize(&c.text)).collect();
        // The section of each clause: a heading starts a new one.
        let sections: Vec<usize> = spec
            .clauses
            .iter()
            .scan(0, |section, c| {
                *section += usize::from(c.kind == ClauseKind::Heading);
                Some(*section)
            })
            .collect();
        let mut ir = Ir {
            ir_version: IR_VERSION,
            title: spec.title(),
            requirements: Vec::new(),
            context: Vec::new(),
            code: spec.code.iter().map(|c| Code { text: c.text.clone(), lang: c.lang.clone(), line: c.line }).collect(),
            ambiguities: Vec::new(),
        };
        for (i, clause) in spec.clauses.iter().enumerate() {
            let previous: &[Token<'_>] =
                if i > 0 && spec.clauses[i - 1].block == clause.block { &tokens[i - 1] } else { &[] };
            let parsed = parse_clause(spec, clause, &tokens[i], previous);
            for a in parsed.ambiguities {
                let seen = ir.ambiguities.iter().any(|b| b.kind == a.kind && b.line == a.line && b.column == a.column);
                if !seen {
                    ir.ambiguities.push(a);
                }
            }
            match parsed.body {
                Body::Requirement(mut r) => {
                    r.id = format!("R{}", ir.requirements.len() + 1);
                    // A slot may be stated elsewhere in the requirement's section ("Retry at most
                    // 3 times." and, in the next item, "Wait 2 s between attempts."), within
                    // a window of clauses, which keeps a long spec linear.
                    let window = i.saturating_sub(SLOT_WINDOW)..(i + SLOT_WINDOW + 1).min(spec.clauses.len());
                    let around: Vec<&[Token<'_>]> = window
                        .filter(|&j| j != i && sections[j] == sections[i])
                        .map(|j| tokens[j].as_slice())
                        .collect();
                    r.commitments = frames::commitments(&r, &tokens[i], &around);
                    ir.requirements.push(*r);
                }
                Body::Context(text) if !text.is_empty() => ir.context.push(Context { text, line: Some(clause.line) }),
                Body::Context(_) => {}
            }
        }
        ir.ambiguities.extend(conflicts(&ir.requirements));
        if ir.requirements.is_empty()
            && let Some(first) = spec.clauses.iter().find(|c| c.kind != ClauseKind::Heading)
        {
            ir.ambiguities.push(Ambiguity {
                kind: AmbiguityKind::Incomplete,
                quote: first.text.clone(),
                line: first.line,
                column: Some(first.column),
                question: "What must be done? No sentence states a requirement (\"must …\", \"shall …\", or an \
                           imperative such as \"Return …\")."
                    .into(),
                options: Vec::new(),
                slot: None,
            });
        }
        ir
    }
}

enum Body {
    Requirement(Box<Requirement>),
    Context(String),
}

struct Parsed {
    body: Body,
    ambiguities: Vec<Ambiguity>,
}

fn parse_clause(spec: &Spec, clause: &Clause, tokens: &[Token<'_>], previous: &[Token<'_>]) -> Parsed {
    if clause.kind == ClauseKind::Heading {
        // A heading states nothing, but may still be a template's blank ("# [FEATURE NAME]").
        let blanks = smells::placeholder_smells(&clause.text, tokens);
        let ambiguities = blanks.iter().map(|s| ambiguity(spec, clause, tokens, s)).collect();
        return Parsed { body: Body::Context(clause.text.trim().to_owned()), ambiguities };
    }
    let (mut found, dropped) = smells::lexicon_smells(tokens);
    let conditions = smells::condition_spans(tokens);
    found.extend(smells::quantity_smells(tokens, &dropped));
    found.extend(smells::dangling_end(tokens));
    found.extend(smells::placeholder_smells(&clause.text, tokens));
    found.extend(smells::coordination_scope(tokens));
    found.extend(smells::undefined_symbols(tokens, &|symbol| defines(&spec.text, symbol)));
    let mut main_start = main_start(tokens, &conditions);
    // A Gherkin step: "Then the API returns 404", "And it logs the request".
    if main_start == 0 && tokens.first().is_some_and(|t| matches!(t.text, "Then" | "And" | "But")) {
        main_start = 1;
    }
    // "Can you suggest …", "Please could you list …": a polite request is a command.
    if let Some(verb) = polite_request(tokens, main_start) {
        main_start = verb;
    }
    let modal = smells::find_modal(tokens, &dropped, main_start);
    if let Some(m) = &modal {
        if m.weak {
            found.push(Smell {
                kind: AmbiguityKind::WeakModal,
                first: m.first,
                last: m.last,
                question: "Is this required or only recommended? \"{}\" does not say; use must or must not.".into(),
                options: vec!["must".into(), "optional".into()],
            });
        }
        found.extend(smells::passive_without_agent(tokens, m));
    }
    let (reference_smells, resolved) = references::resolve(tokens, previous);
    found.extend(reference_smells);
    let question = clause.text.trim_end().ends_with('?');
    // "The rules below apply:" introduces what follows; with no modal it states nothing.
    let introduces = clause.text.trim_end().ends_with(':') && modal.is_none();
    let mut frame = if introduces { None } else { frame(clause, tokens, &dropped, modal, &conditions, main_start) };
    if frame.is_none() && question {
        if open_decision(tokens) {
            found.push(Smell {
                kind: AmbiguityKind::Incomplete,
                first: 0,
                last: tokens.len(),
                question: "This question is still open: what is decided?".into(),
                options: Vec::new(),
            });
        } else {
            // A question asked of the implementer is a request to answer it.
            frame = Some(Requirement {
                id: String::new(),
                source: Source { quote: clause.text.clone(), line: clause.line },
                actor: None,
                modality: Modality::Must,
                action: "answer".into(),
                object: Some(strip_end(&join(&clause.text, tokens, 0..tokens.len(), &dropped))),
                conditions: Vec::new(),
                quantities: lang::quantities(tokens).into_iter().map(|q| q.quantity).collect(),
                literals: tokens.iter().filter(|t| t.kind == TokenKind::Literal).map(|t| t.word().to_owned()).collect(),
                references: Vec::new(),
                commitments: Vec::new(),
            });
        }
    }
    if let Some(r) = &frame {
        let verb = r.action.split_whitespace().next().unwrap_or("").to_lowercase();
        if let Some(k) = (main_start..tokens.len()).find(|&k| verbs::base_form(tokens[k].word()) == verb) {
            found.extend(smells::indefinite_results(tokens, k));
        }
    }
    found.extend(smells::disjunction_smells(tokens, &dropped, &conditions));
    found.sort_by_key(|s| s.first);
    let ambiguities = found.iter().map(|s| ambiguity(spec, clause, tokens, s)).collect();
    let body = match frame {
        Some(mut r) => {
            r.references =
                resolved.into_iter().map(|(pronoun, antecedent)| Reference { pronoun, antecedent }).collect();
            Body::Requirement(Box::new(r))
        }
        None => Body::Context(join(&clause.text, tokens, 0..tokens.len(), &dropped)),
    };
    Parsed { body, ambiguities }
}

fn ambiguity(spec: &Spec, clause: &Clause, tokens: &[Token<'_>], smell: &Smell) -> Ambiguity {
    let start = tokens[smell.first].start;
    let end = tokens[smell.last.max(smell.first + 1) - 1].end;
    let quote = clause.text[start..end].to_owned();
    let (line, column) = spec.line_col_of(clause.file_offset(start));
    Ambiguity {
        kind: smell.kind,
        question: smell.question.replace("{}", &quote),
        quote,
        line,
        column: Some(column),
        options: smell.options.clone(),
        slot: None,
    }
}

/// Whether the spec defines a one-letter symbol: "K is the number of …", "N = 10", "where K
/// …", "K denotes …", or uses it as code (`K`).
fn defines(text: &str, symbol: &str) -> bool {
    ["is", "=", "denotes", "means", "stands", "equals", "must", "shall"]
        .iter()
        .any(|verb| text.contains(&format!("{symbol} {verb} ")) || text.contains(&format!("{symbol}{verb}")))
        || text.contains(&format!("where {symbol}"))
        || text.contains(&format!("`{symbol}`"))
        || text.contains(&format!("{symbol}("))
}

/// The verb of a polite request at `from` ("Can you suggest …", "Could you please list …"),
/// which is a command, not a weak modal.
fn polite_request(tokens: &[Token<'_>], from: usize) -> Option<usize> {
    let mut i = from;
    if tokens.get(i).is_some_and(|t| t.is("please")) {
        i += 1;
    }
    let asks = tokens.get(i).is_some_and(|t| matches!(t.word(), "can" | "could" | "would" | "will"))
        && tokens.get(i + 1).is_some_and(|t| t.is("you"));
    if !asks {
        return None;
    }
    let verb = if tokens.get(i + 2).is_some_and(|t| t.is("please")) { i + 3 } else { i + 2 };
    (verb < tokens.len()).then_some(verb)
}

/// A question the spec's authors ask themselves ("Should we cache?", "Which database do we
/// use?"): a decision still open, not a request.
fn open_decision(tokens: &[Token<'_>]) -> bool {
    let first = tokens.first().map(Token::word).unwrap_or("");
    matches!(first, "should" | "shall" | "must")
        || tokens.iter().any(|t| t.kind == TokenKind::Word && matches!(t.word(), "we" | "our" | "us" | "tbd"))
}

/// Where the main clause starts: after a leading condition ("If the disk is full, …"),
/// which ends at its comma.
fn main_start(tokens: &[Token<'_>], conditions: &[(usize, usize)]) -> usize {
    let after = match conditions.first() {
        Some(&(0, end)) if tokens.get(end).is_some_and(|t| t.text == ",") => end + 1,
        // A condition that ends where the subject begins (no comma).
        Some(&(0, end)) if end < tokens.len() && tokens[end].kind == TokenKind::Word => end,
        _ => 0,
    };
    // "IF …, THEN the service SHALL …": the "then" belongs to neither part.
    if after > 0 && tokens.get(after).is_some_and(|t| t.is("then")) { after + 1 } else { after }
}

/// Builds the requirement frame of a clause, or `None` when the clause is not a requirement.
fn frame(
    clause: &Clause,
    tokens: &[Token<'_>],
    dropped: &[bool],
    modal: Option<smells::Modal>,
    conditions: &[(usize, usize)],
    main_start: usize,
) -> Option<Requirement> {
    // A clause that is all condition ("Given no order has the id 42", a Gherkin step) states
    // when, not what: it is context.
    if modal.is_none() && conditions.first().is_some_and(|&(a, b)| a == 0 && b >= tokens.len().saturating_sub(1)) {
        return None;
    }
    let first_kept = (main_start..tokens.len()).find(|&i| !dropped[i])?;
    let (actor, modality, action_start) = match modal {
        Some(m) if m.first >= main_start && m.last < tokens.len() => {
            let actor = join(&clause.text, tokens, main_start..m.first, dropped);
            (Some(actor).filter(|a| !a.is_empty()), m.modality, m.last)
        }
        _ => {
            let t = &tokens[first_kept];
            if t.is("do") && tokens.get(first_kept + 1).is_some_and(|n| n.is("not")) {
                (None, Modality::MustNot, first_kept + 2)
            } else if t.is("never") {
                (None, Modality::MustNot, first_kept + 1)
            } else if verbs::imperative_at(tokens, first_kept) {
                (None, Modality::Must, first_kept)
            } else if let Some(verb) = verbs::descriptive_verb(tokens, first_kept) {
                // "The function returns the sum": a spec's present tense states what must hold.
                let actor = join(&clause.text, tokens, main_start..verb, dropped);
                (Some(actor).filter(|a| !a.is_empty()), Modality::Must, verb)
            } else {
                return None;
            }
        }
    };
    let mut action_start = (action_start..tokens.len()).find(|&i| !dropped[i])?;
    // "The FCP shall, if the ICP fails, mask it": the verb comes after an interposed condition.
    if tokens[action_start].text == ","
        && let Some(&(_, end)) = conditions.iter().find(|&&(a, _)| a == action_start + 1)
    {
        action_start = (end..tokens.len()).find(|&i| !dropped[i] && tokens[i].text != ",")?;
    }
    let verb = &tokens[action_start];
    if verb.kind != TokenKind::Word {
        return None;
    }
    // "be stored", "be able", "is generated": the auxiliary and the word after it form the action.
    let copula = verb.is("be") || verb.is("is") || verb.is("are");
    let action_end = if copula && tokens.get(action_start + 1).is_some_and(|t| t.kind == TokenKind::Word) {
        action_start + 2
    } else {
        action_start + 1
    };
    let mut action = join(&clause.text, tokens, action_start..action_end, dropped);
    // "returns" → "return", "is generated" → "be generated": the renderer puts the modal in
    // front.
    if modal.is_none() && !verbs::imperative_at(tokens, action_start) {
        let mut words = action.splitn(2, ' ');
        let first = verbs::base_form(words.next().unwrap_or(""));
        action = match words.next() {
            Some(rest) => format!("{first} {rest}"),
            None => first,
        };
    }
    // Condition markers inside the actor ("the text before the dot must …") are part of it.
    let conditions: Vec<(usize, usize)> =
        conditions.iter().copied().filter(|&(a, _)| a == 0 || a >= action_end).collect();
    let in_condition = |i: usize| conditions.iter().any(|&(a, b)| a <= i && i < b);
    let object_mask: Vec<bool> = (0..tokens.len()).map(|i| dropped[i] || i < action_end || in_condition(i)).collect();
    let object = strip_end(&join(&clause.text, tokens, action_end..tokens.len(), &object_mask));
    let conditions: Vec<String> = conditions
        .iter()
        .map(|&(a, b)| strip_end(&join(&clause.text, tokens, a..b, dropped)))
        .filter(|c| !c.is_empty())
        .collect();
    let quantities: Vec<Quantity> = lang::quantities(tokens).into_iter().map(|q| q.quantity).collect();
    let literals = tokens.iter().filter(|t| t.kind == TokenKind::Literal).map(|t| t.word().to_owned()).collect();
    Some(Requirement {
        id: String::new(),
        source: Source { quote: clause.text.clone(), line: clause.line },
        actor,
        modality,
        action,
        object: Some(object).filter(|o| !o.is_empty()),
        conditions,
        quantities,
        literals,
        references: Vec::new(),
        commitments: Vec::new(),
    })
}

/// Joins the kept tokens of a range: one space where the original had whitespace or where
/// words were dropped, none before closing punctuation, literals exactly as written, and no
/// punctuation left dangling by the dropped words.
fn join(text: &str, tokens: &[Token<'_>], range: std::ops::Range<usize>, dropped: &[bool]) -> String {
    let mut out = String::new();
    let mut last: Option<&Token<'_>> = None;
    let mut gap = false;
    for i in range {
        if dropped[i] {
            gap = true;
            continue;
        }
        let t = &tokens[i];
        let closing = t.kind == TokenKind::Punct && matches!(t.text, "," | "." | ";" | ":" | ")" | "]" | "!" | "?");
        match last {
            None if t.kind == TokenKind::Punct && matches!(t.text, "," | ";" | ":" | "." | ")") => {
                continue;
            }
            Some(prev) if t.text == "," && matches!(prev.text, "," | "(" | ";") && prev.kind == TokenKind::Punct => {
                continue;
            }
            Some(prev) if t.text == ")" && prev.text == "(" && prev.kind == TokenKind::Punct => {
                out.truncate(out.len() - 1);
                out.truncate(out.trim_end().len());
                // The next token is spaced as it was after the ")": "f() that" → "f that".
                last = Some(t);
                gap = false;
                continue;
            }
            Some(prev) => {
                let opening = prev.kind == TokenKind::Punct && matches!(prev.text, "(" | "[");
                let spaced = text[prev.end..t.start].chars().any(char::is_whitespace);
                if (gap && !closing && !opening) || (!gap && spaced) {
                    out.push(' ');
                }
            }
            None => {}
        }
        out.push_str(t.text);
        last = Some(t);
        gap = false;
    }
    out.trim_end_matches([',', ';', ':', ' ']).to_owned()
}

/// Drops the full stop that ends a sentence: the renderer adds its own.
fn strip_end(s: &str) -> String {
    s.trim_end_matches(['.', '!', '?', ';', ':', ',', ' ']).to_owned()
}

/// Requirements on the same action and object that cannot both hold.
fn conflicts(requirements: &[Requirement]) -> Vec<Ambiguity> {
    let key = |r: &Requirement| {
        // Numbers and units are left out, so that "store bodies for 30 days" and "not store
        // bodies" are about the same thing.
        let phrase = format!("{} {}", r.action, r.object.as_deref().unwrap_or(""));
        let mut words: Vec<String> = lang::tokenize(&phrase)
            .iter()
            .filter(|t| t.kind == TokenKind::Word && !lang::is_stop_word(t.word()) && lang::unit(t.word()).is_none())
            .map(|t| lang::stem(t.word()))
            .collect();
        words.sort();
        words.dedup();
        (r.actor.as_deref().map(str::to_lowercase), words)
    };
    // Requirements indexed by what they are about. Each key keeps a summary of the earlier
    // requirements on it — the first of each polarity, and per unit the quantities with the
    // highest lower bound and the lowest upper bound — so each requirement is compared with a
    // few holders, not with every earlier one, and the search stays linear however many
    // requirements share a key. A quantity is disjoint from an earlier one exactly when it is
    // disjoint from one of those extremes.
    let mut by_key: std::collections::HashMap<_, Earlier> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for b in requirements {
        let earlier = by_key.entry(key(b)).or_default();
        let opposite = earlier.polarity[usize::from(!b.modality.is_negative())];
        let disjoint_with = b.quantities.iter().filter(|q| q.unit.is_some()).flat_map(|qb| {
            earlier.bounds.iter().filter(|bound| bound.unit == qb.unit).flat_map(move |bound| {
                [bound.lowest_high, bound.highest_low]
                    .into_iter()
                    .filter(move |(qa, _)| disjoint(qa, qb))
                    .map(|(_, a)| a)
            })
        });
        if let Some(a) = opposite.into_iter().chain(disjoint_with).min_by_key(|a| a.source.line) {
            out.push(Ambiguity {
                kind: AmbiguityKind::Conflict,
                quote: b.source.quote.clone(),
                line: b.source.line,
                column: None,
                question: format!("This contradicts line {}: \"{}\". Which one holds?", a.source.line, a.source.quote),
                options: vec![a.source.quote.clone(), b.source.quote.clone()],
                slot: None,
            });
        }
        earlier.add(b);
    }
    out
}

/// What a conflict check needs of the earlier requirements on one key.
#[derive(Default)]
struct Earlier<'a> {
    /// The first requirement that is positive (index 0) and negative (index 1).
    polarity: [Option<&'a Requirement>; 2],
    bounds: Vec<Bounds<'a>>,
}

/// The extreme bounds stated for one unit, with the requirement that stated each.
struct Bounds<'a> {
    unit: Option<String>,
    highest_low: (&'a Quantity, &'a Requirement),
    lowest_high: (&'a Quantity, &'a Requirement),
}

impl<'a> Earlier<'a> {
    fn add(&mut self, r: &'a Requirement) {
        self.polarity[usize::from(r.modality.is_negative())].get_or_insert(r);
        for q in r.quantities.iter().filter(|q| q.unit.is_some()) {
            let (lo, hi) = (low(q), high(q));
            match self.bounds.iter_mut().find(|b| b.unit == q.unit) {
                Some(b) => {
                    if order(lo, low(b.highest_low.0)).is_gt() {
                        b.highest_low = (q, r);
                    }
                    if order(hi, high(b.lowest_high.0)).is_lt() {
                        b.lowest_high = (q, r);
                    }
                }
                None => self.bounds.push(Bounds { unit: q.unit.clone(), highest_low: (q, r), lowest_high: (q, r) }),
            }
        }
    }
}

/// A quantity's lower bound: the value, and whether it is exclusive (an exclusive bound is
/// above an inclusive one at the same value).
fn low(q: &Quantity) -> (f64, bool) {
    match q.relation {
        Relation::Lt | Relation::Le => (f64::NEG_INFINITY, false),
        Relation::Eq | Relation::Ge => (q.value, false),
        Relation::Gt => (q.value, true),
    }
}

/// A quantity's upper bound: the value, and whether it is inclusive (an exclusive bound is
/// below an inclusive one at the same value).
fn high(q: &Quantity) -> (f64, bool) {
    match q.relation {
        Relation::Gt | Relation::Ge => (f64::INFINITY, true),
        Relation::Eq | Relation::Le => (q.value, true),
        Relation::Lt => (q.value, false),
    }
}

/// Orders two bounds by value, then by the flag that `low` and `high` set.
fn order(a: (f64, bool), b: (f64, bool)) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}

/// Whether no value satisfies both quantities.
fn disjoint(a: &Quantity, b: &Quantity) -> bool {
    let range = |q: &Quantity| -> (f64, bool, f64, bool) {
        match q.relation {
            Relation::Lt => (f64::NEG_INFINITY, false, q.value, false),
            Relation::Le => (f64::NEG_INFINITY, false, q.value, true),
            Relation::Eq => (q.value, true, q.value, true),
            Relation::Ge => (q.value, true, f64::INFINITY, false),
            Relation::Gt => (q.value, false, f64::INFINITY, false),
        }
    };
    let (alo, alo_in, ahi, ahi_in) = range(a);
    let (blo, blo_in, bhi, bhi_in) = range(b);
    let (lo, lo_in) = if alo > blo {
        (alo, alo_in)
    } else if blo > alo {
        (blo, blo_in)
    } else {
        (alo, alo_in && blo_in)
    };
    let (hi, hi_in) = if ahi < bhi {
        (ahi, ahi_in)
    } else if bhi < ahi {
        (bhi, bhi_in)
    } else {
        (ahi, ahi_in && bhi_in)
    };
    lo > hi || (lo == hi && !(lo_in && hi_in))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::spec::Format;

    fn ir(text: &str) -> Ir {
        Rules.read(&Spec::from_text(Path::new("t.md"), text, Format::Markdown).unwrap())
    }

    fn kinds(ir: &Ir) -> Vec<&'static str> {
        ir.ambiguities.iter().map(|a| a.kind.as_str()).collect()
    }

    #[test]
    fn a_clear_requirement_has_a_full_frame() {
        let ir = ir("The upload worker must retry a failed upload at most 3 times after the upload fails.\n");
        assert!(ir.ambiguities.is_empty(), "{:?}", ir.ambiguities);
        let r = &ir.requirements[0];
        assert_eq!(r.actor.as_deref(), Some("The upload worker"));
        assert_eq!(r.modality, Modality::Must);
        assert_eq!(r.action, "retry");
        assert_eq!(r.object.as_deref(), Some("a failed upload at most 3 times"));
        assert_eq!(r.conditions, ["after the upload fails"]);
        assert_eq!(r.quantities, [Quantity { relation: Relation::Le, value: 3.0, unit: Some("attempts".into()) }]);
    }

    #[test]
    fn empty_parentheses_drop_and_keep_the_space_after_them() {
        let ir = ir("Write a function next_smallest() that returns the 2nd smallest element.\n");
        assert_eq!(
            ir.requirements[0].object.as_deref(),
            Some("a function next_smallest that returns the 2nd smallest element")
        );
    }

    #[test]
    fn leading_conditions_imperatives_and_negations() {
        let ir =
            ir("If the disk is full, the writer must stop.\n\nReturn the `sum` of `xs`.\n\nDo not log passwords.\n");
        assert_eq!(ir.requirements[0].conditions, ["If the disk is full"]);
        assert_eq!(ir.requirements[0].actor.as_deref(), Some("the writer"));
        assert_eq!(ir.requirements[1].actor, None);
        assert_eq!(ir.requirements[1].literals, ["sum", "xs"]);
        assert_eq!(ir.requirements[2].modality, Modality::MustNot);
        assert_eq!(ir.requirements[2].action, "log");
    }

    #[test]
    fn vague_words_become_ambiguities_and_are_dropped() {
        let ir = ir("The client should retry with some reasonable backoff.\n");
        assert_eq!(kinds(&ir), ["weak_modal", "vague_term"]);
        let slots: Vec<&str> = ir.requirements[0].commitments.iter().map(|c| c.slot.as_str()).collect();
        assert_eq!(slots, ["count", "wait"], "the retry frame asks for both");
        assert_eq!(ir.ambiguities[1].quote, "some reasonable");
        assert_eq!(ir.ambiguities[1].column, Some(30));
        let back = render::render(&ir);
        assert!(!back.contains("reasonable") && !back.contains("some"), "{back}");
    }

    #[test]
    fn smells_by_kind() {
        let cases: &[(&str, &str)] = &[
            ("The limits are TBD.", "incomplete"),
            ("Support CSV, JSON, etc.", "incomplete"),
            ("The parser must accept tabs and/or spaces.", "optionality"),
            ("The cache must be faster.", "missing_quantity"),
            ("Passwords must be hashed.", "missing_actor"),
            ("Your goal is to", "incomplete"),
            ("Keep or drop blank lines in the output.", "optionality"),
            ("The server sends the client a token and it must store it.", "unresolved_reference"),
            ("Notify admins and users with a verified email.", "other"),
            ("Return the top N results.", "missing_quantity"),
            ("Return a common divisor of `a` and `b`.", "vague_term"),
        ];
        for (text, kind) in cases {
            let ir = ir(text);
            assert!(kinds(&ir).contains(kind), "{text}: {:?}", kinds(&ir));
        }
    }

    #[test]
    fn concrete_and_conditional_disjunctions_are_fine() {
        for text in [
            "Return True or False.",
            "If the file is missing or empty, the loader must fail.",
            "Accept one or more names.",
            "Split a string of words separated by commas or spaces into a list of the words.",
            "Write a function that takes integers, floats, or strings and returns the sum.",
            "Count the numbers that start or end with 1.",
        ] {
            assert!(ir(text).ambiguities.is_empty(), "{text}: {:?}", ir(text).ambiguities);
        }
    }

    #[test]
    fn a_disjunction_in_the_response_or_of_opposites_is_optionality() {
        for text in [
            "The notifier must send an email or an SMS.",
            "Write a function that returns the smallest or largest element.",
            "Return the list of words separated by spaces, sorted ascending or descending.",
            "Write a function that takes a string encoded or decoded with the shift cipher.",
        ] {
            assert_eq!(kinds(&ir(text)), ["optionality"], "{text}");
        }
    }

    #[test]
    fn contradictions_are_conflicts() {
        let ir = ir("The API must cache responses.\n\nThe API must not cache responses.\n");
        assert_eq!(kinds(&ir), ["conflict"]);
        let ir2 = self::ir("The queue must hold at most 10 items.\n\nThe queue must hold at least 20 items.\n");
        assert_eq!(kinds(&ir2), ["conflict"]);
    }

    #[test]
    fn the_conflict_index_finds_what_comparing_every_pair_finds() {
        // Bounds of every relation on one key, in a scrambled order, some negated: the summary
        // of earlier requirements must flag exactly the lines that an all-pairs search flags.
        let relations = ["at most", "at least", "exactly", "more than", "fewer than"];
        let text: String = (0..60)
            .map(|i: usize| {
                let modal = if i % 7 == 3 { "must not" } else { "must" };
                format!("The queue {modal} hold {} {} items.\n\n", relations[i * 3 % 5], (i * 37) % 23)
            })
            .collect();
        let requirements = ir(&text).requirements;
        let brute: Vec<usize> = requirements
            .iter()
            .enumerate()
            .filter(|(j, b)| {
                // A pair on its own has no earlier requirement to summarise.
                requirements[..*j].iter().any(|a| !conflicts(&[a.clone(), (*b).clone()]).is_empty())
            })
            .map(|(_, b)| b.source.line)
            .collect();
        let indexed: Vec<usize> = conflicts(&requirements).iter().map(|a| a.line).collect();
        assert!(brute.len() > 10, "the generated spec should have conflicts: {brute:?}");
        assert_eq!(indexed, brute);
    }

    #[test]
    fn context_is_carried() {
        let ir = ir("# Title\n\nThis service is the billing team's invoice store.\n");
        assert_eq!(ir.context.len(), 2);
        assert!(ir.requirements.is_empty());
        assert_eq!(render::render(&ir), "Title\nThis service is the billing team's invoice store.\n");
    }
}
