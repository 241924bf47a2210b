//! The deterministic renderer: IR → English, seeing only the IR.
//!
//! Requirements become one canonical sentence each ("The worker must retry the upload at
//! most 3 times after an upload fails."), context is carried verbatim, and everything is
//! ordered by source line. Ambiguities are not rendered: what the IR could not make
//! executable does not survive the round trip, which is exactly what the scorer measures.

use crate::ir::{Ir, Modality, Relation, Requirement};
use crate::lang::format_number;

/// Renders an IR as English, one statement per line.
#[must_use]
pub fn render(ir: &Ir) -> String {
    let mut items: Vec<(usize, usize, String)> = Vec::new();
    if let Some(title) = ir.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let in_context = ir.context.iter().any(|c| c.text.trim().eq_ignore_ascii_case(title));
        if !in_context {
            items.push((0, 0, title.to_owned()));
        }
    }
    // A committed value that any requirement or context already says is not said again.
    let said: String = ir
        .requirements
        .iter()
        .map(|r| requirement_with(r, None))
        .chain(ir.context.iter().map(|c| c.text.clone()))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    for (order, r) in ir.requirements.iter().enumerate() {
        items.push((r.source.line, order, requirement_with(r, Some(&said))));
    }
    let offset = ir.requirements.len();
    for (order, c) in ir.context.iter().enumerate() {
        let text = c.text.trim();
        if !text.is_empty() {
            items.push((c.line.unwrap_or(usize::MAX), offset + order, text.to_owned()));
        }
    }
    items.sort_by_key(|(line, order, _)| (*line, *order));
    let mut out = String::new();
    for (_, _, text) in items {
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// Renders one requirement as a sentence.
#[must_use]
pub fn requirement(r: &Requirement) -> String {
    requirement_with(r, Some(""))
}

/// Renders one requirement as a sentence. With `said_elsewhere` (the rest of the rendering,
/// lowercase), its committed values are said too, unless the rest already says them; with
/// `None`, they are left out.
fn requirement_with(r: &Requirement, said_elsewhere: Option<&str>) -> String {
    let mut words: Vec<String> = Vec::new();
    match r.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(actor) => {
            words.push(actor.to_owned());
            words.push(r.modality.as_str().to_owned());
        }
        None => match r.modality {
            Modality::Must => {}
            Modality::MustNot => words.push("never".into()),
            Modality::Should => words.push("preferably".into()),
            Modality::ShouldNot => words.push("preferably never".into()),
            Modality::May => words.push("optionally".into()),
        },
    }
    words.push(r.action.trim().to_owned());
    if let Some(object) = r.object.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        words.push(object.to_owned());
    }
    for condition in &r.conditions {
        let condition = condition.trim();
        if !condition.is_empty() {
            words.push(lowercase_opening(condition));
        }
    }
    // A quantity the text fields do not mention is stated explicitly, so none is lost.
    let said = words.join(" ");
    for q in &r.quantities {
        let number = format_number(q.value);
        if !said.split(|c: char| !c.is_ascii_digit() && c != '.').any(|w| w == number) {
            let unit = q.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            words.push(format!("({} {number}{unit})", relation_words(q.relation)));
        }
    }
    // Every committed value is said as the spec would say it, whoever chose it: an assumed
    // value comes back as content the original never had.
    let said = words.join(" ").to_lowercase();
    let Some(said_elsewhere) = said_elsewhere else { return sentence(&words.join(" ")) };
    let values: Vec<String> = r
        .commitments
        .iter()
        .filter_map(|c| c.value().map(|v| (c.slot.replace('_', " "), v)))
        .filter(|(_, v)| !said.contains(&v.to_lowercase()) && !said_elsewhere.contains(&v.to_lowercase()))
        .map(|(slot, v)| format!("the {slot} is {v}"))
        .collect();
    if !values.is_empty() {
        words.push(format!("({})", values.join("; ")));
    }
    sentence(&words.join(" "))
}

/// A condition moved after the main clause loses the capital of its first word ("After the
/// third failure" → "after the third failure"); a keyword in capitals ("WHEN") or a name
/// keeps its case.
fn lowercase_opening(text: &str) -> String {
    let mut chars = text.chars();
    let (Some(first), Some(second)) = (chars.next(), text.chars().nth(1)) else { return text.to_owned() };
    if first.is_uppercase() && second.is_lowercase() {
        first.to_lowercase().chain(text[first.len_utf8()..].chars()).collect()
    } else {
        text.to_owned()
    }
}

/// The English words for a relation.
#[must_use]
pub fn relation_words(relation: Relation) -> &'static str {
    match relation {
        Relation::Lt => "less than",
        Relation::Le => "at most",
        Relation::Eq => "exactly",
        Relation::Ge => "at least",
        Relation::Gt => "more than",
    }
}

/// Capitalises the first letter — unless the sentence opens with an identifier, whose case is
/// part of it — and ends with a full stop unless there is one already.
fn sentence(text: &str) -> String {
    let text = text.trim();
    let first_word = text.split_whitespace().next().unwrap_or("");
    if crate::lang::is_identifier(first_word.trim_end_matches([',', '.', ':', ';'])) || first_word.starts_with('`') {
        let mut out = text.to_owned();
        if !out.ends_with(['.', '!', '?', ':']) {
            out.push('.');
        }
        return out;
    }
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?', ':']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Quantity, Source};

    fn req(actor: Option<&str>, modality: Modality) -> Requirement {
        Requirement {
            id: "R1".into(),
            source: Source { quote: String::new(), line: 1 },
            actor: actor.map(Into::into),
            modality,
            action: "retry".into(),
            object: Some("the upload".into()),
            conditions: vec!["after a failure".into()],
            quantities: vec![Quantity { relation: Relation::Le, value: 3.0, unit: Some("attempts".into()) }],
            literals: vec![],
            references: vec![],
            commitments: vec![],
        }
    }

    #[test]
    fn requirements_render_as_sentences() {
        assert_eq!(
            requirement(&req(Some("the worker"), Modality::Must)),
            "The worker must retry the upload after a failure (at most 3 attempts)."
        );
        assert_eq!(requirement(&req(None, Modality::Must)), "Retry the upload after a failure (at most 3 attempts).");
        assert_eq!(
            requirement(&req(None, Modality::MustNot)),
            "Never retry the upload after a failure (at most 3 attempts)."
        );
    }

    #[test]
    fn committed_values_are_said_once() {
        let mut r = req(Some("the worker"), Modality::Must);
        r.commitments = vec![
            crate::ir::Commitment::stated("count", "at most 3".into(), "at most 3".into()),
            crate::ir::Commitment {
                value: Some("2 s".into()),
                ..crate::ir::Commitment::missing("wait", String::new(), String::new())
            },
            crate::ir::Commitment::missing("jitter", String::new(), String::new()),
        ];
        assert_eq!(
            requirement(&r),
            "The worker must retry the upload after a failure (at most 3 attempts) (the wait is 2 s)."
        );
    }

    #[test]
    fn quantities_in_the_text_are_not_repeated() {
        let mut r = req(Some("the worker"), Modality::Must);
        r.object = Some("the upload at most 3 times".into());
        assert_eq!(requirement(&r), "The worker must retry the upload at most 3 times after a failure.");
    }
}
