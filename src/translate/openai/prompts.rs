//! The prompts of the model-backed backend, embedded at build time and overridable by path,
//! and the strict JSON Schema the forward call asks for.

use std::path::Path;

use serde_json::Value;

/// The built-in forward prompt (English → IR): the rules, then a worked example.
pub const FORWARD: &str =
    concat!(include_str!("../../../prompts/forward.md"), include_str!("../../../prompts/example.md"));
/// The built-in backward prompt (IR → English).
pub const BACKWARD: &str = include_str!("../../../prompts/backward.md");

/// The two prompts in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompts {
    /// English → IR.
    pub forward: String,
    /// IR → English.
    pub backward: String,
}

impl Default for Prompts {
    fn default() -> Self {
        Self { forward: FORWARD.to_owned(), backward: BACKWARD.to_owned() }
    }
}

impl Prompts {
    /// The built-in prompts, with either one replaced by a file.
    pub fn load(forward: Option<&Path>, backward: Option<&Path>) -> Result<Self, crate::error::Error> {
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|source| crate::error::Error::Io {
                action: "read prompt",
                path: path.to_path_buf(),
                source,
            })
        };
        Ok(Self {
            forward: forward.map(read).transpose()?.unwrap_or_else(|| FORWARD.to_owned()),
            backward: backward.map(read).transpose()?.unwrap_or_else(|| BACKWARD.to_owned()),
        })
    }

    /// SHA-256 of both prompts, so that results made with different prompts are told apart.
    #[must_use]
    pub fn hash(&self) -> String {
        crate::spec::sha256_hex(format!("{}\u{0}{}", self.forward, self.backward).as_bytes())
    }
}

/// Words of the example a prompt carries (its last `<spec>` … `</spec>` block), stemmed, for
/// telling when a model copied the example into the IR of an unrelated spec.
#[must_use]
pub fn example_words(prompt: &str) -> Vec<String> {
    let Some(start) = prompt.rfind("<spec>") else { return Vec::new() };
    let Some(end) = prompt[start..].find("</spec>") else { return Vec::new() };
    content_stems(&prompt[start + "<spec>".len()..start + end])
}

/// The stems of the content words of a text: no function words, no short words.
#[must_use]
pub fn content_stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = crate::lang::tokenize(text)
        .iter()
        .filter(|t| t.kind == crate::lang::TokenKind::Word && t.word().len() >= 4)
        .filter(|t| !crate::lang::verbs::is_function_word(t.word()))
        .map(|t| crate::lang::stem(t.word()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The example's words that an IR holds but its spec never mentions, when there are at least
/// two: the model copied its prompt's example instead of translating the spec. (One shared
/// word may be the model's own paraphrase.)
#[must_use]
pub fn leaked(example: &[String], spec: &str, ir: &crate::ir::Ir) -> Vec<String> {
    if example.is_empty() {
        return Vec::new();
    }
    let in_spec = content_stems(spec);
    let mut text = String::new();
    for r in &ir.requirements {
        let (actor, object) = (r.actor.as_deref().unwrap_or(""), r.object.as_deref().unwrap_or(""));
        text.push_str(&format!("{actor} {} {object} {} ", r.action, r.conditions.join(" ")));
        for c in &r.commitments {
            text.push_str(c.value().unwrap_or(""));
            text.push(' ');
        }
    }
    for c in &ir.context {
        text.push_str(&c.text);
        text.push(' ');
    }
    let found: Vec<String> =
        content_stems(&text).into_iter().filter(|w| example.contains(w) && !in_spec.contains(w)).collect();
    if found.len() >= 2 { found } else { Vec::new() }
}

/// The IR schema in the form OpenAI's strict mode asks for: no `$schema`, `title` or `format`,
/// `additionalProperties: false` and every property required on every object, with optional
/// values nullable. The key order of the schema is kept as written.
#[must_use]
pub fn strict_schema() -> Value {
    let mut schema = crate::ir::schema();
    strictify(&mut schema);
    schema
}

fn strictify(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(strictify),
        Value::Object(map) => {
            for key in ["$schema", "$id", "title", "format", "minimum", "default"] {
                map.shift_remove(key);
            }
            if let Some(Value::Object(properties)) = map.get("properties") {
                let names: Vec<Value> = properties.keys().cloned().map(Value::String).collect();
                map.insert("required".into(), Value::Array(names));
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    // Maps of names to schemas: a property may be called "title" or "default".
                    ("properties" | "$defs" | "definitions", Value::Object(named)) => {
                        named.values_mut().for_each(strictify);
                    }
                    (_, child) => strictify(child),
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_schema_requires_every_property_and_forbids_others() {
        let schema = strict_schema();
        let required: Vec<&str> = schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert!(required.contains(&"title") && required.contains(&"ambiguities"));
        assert!(schema["properties"]["title"].is_object(), "a property named `title` is kept");
        // Every object schema, nested ones included, is closed and requires all its properties.
        fn check(v: &Value, objects: &mut usize) {
            match v {
                Value::Object(map) => {
                    if let Some(Value::Object(props)) = map.get("properties") {
                        *objects += 1;
                        let required: Vec<&str> =
                            map["required"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
                        let names: Vec<&str> = props.keys().map(String::as_str).collect();
                        assert_eq!(required, names);
                        assert_eq!(map["additionalProperties"], false);
                    }
                    map.values().for_each(|c| check(c, objects));
                }
                Value::Array(items) => items.iter().for_each(|c| check(c, objects)),
                _ => {}
            }
        }
        let mut objects = 0;
        check(&schema, &mut objects);
        assert!(objects >= 7, "Ir, Requirement, Source, Quantity, Reference, Context, Code, Ambiguity: {objects}");
        assert_eq!(schema["additionalProperties"], false);
        assert!(!schema.to_string().contains("\"format\""));
        assert!(schema.get("$schema").is_none());
        // Models fill fields in schema order: the schema keeps the order of the IR's fields.
        let keys: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
        assert_eq!(keys[..3], ["ir_version", "title", "requirements"]);
    }

    #[test]
    fn the_example_is_found_and_a_copy_of_it_is_caught() {
        let example = example_words(FORWARD);
        assert!(example.contains(&crate::lang::stem("kettle")), "{example:?}");
        let mut ir: crate::ir::Ir = serde_json::from_str(
            r#"{"ir_version": 2, "requirements": [{"id": "R1", "source": {"quote": "x", "line": 1},
                "modality": "must", "action": "switch off", "object": "the kettle"}]}"#,
        )
        .unwrap();
        assert_eq!(leaked(&example, "The upload worker must retry.", &ir), ["kettl", "switch"]);
        assert!(leaked(&example, "The kettle must be descaled.", &ir).is_empty(), "the spec's own word");
        ir.requirements[0].object = Some("the upload".into());
        assert!(leaked(&example, "The upload worker must retry.", &ir).is_empty());
    }

    #[test]
    fn the_hash_changes_with_either_prompt() {
        let base = Prompts::default();
        let other = Prompts { backward: "x".into(), ..Prompts::default() };
        assert_ne!(base.hash(), other.hash());
        assert_eq!(base.hash().len(), 64);
    }
}
