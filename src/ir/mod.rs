//! The intermediate representation (IR), version 2: what a spec asks for, in typed form, and
//! what an implementer would have to decide to execute it.
//!
//! The IR is the contract between the forward translator (English → IR), the backward
//! translator (IR → English) and the scorer. It is published as a JSON Schema (`ire schema`)
//! and versioned by [`IR_VERSION`]. Every requirement and ambiguity points back to its source
//! line so findings can be anchored in every output format.
//!
//! Version 2 adds [`Commitment`]s to each requirement: the parameters its action needs, each
//! with a concrete value and a [`Provenance`] — stated by the spec, or assumed by the
//! translator. Version 1 documents still load (they have no commitments) and are read as
//! version 2. The backward translator gets the [`blind`] view of an IR: no provenance, no
//! source quotes, no ambiguities, nothing that repeats the original.

pub mod blind;
mod commitment;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use commitment::{Commitment, Provenance};

/// The version of the IR this build writes.
pub const IR_VERSION: u32 = 2;

/// The versions this build reads; older ones are upgraded on load.
pub const READS: [u32; 2] = [1, 2];

/// A spec in typed form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ir {
    /// The IR version: 2 for this schema (1 is read too).
    pub ir_version: u32,
    /// The spec's title, if it has one.
    #[serde(default)]
    pub title: Option<String>,
    /// What the spec requires, one entry per requirement clause.
    #[serde(default)]
    pub requirements: Vec<Requirement>,
    /// Statements that are not requirements, carried verbatim.
    #[serde(default)]
    pub context: Vec<Context>,
    /// Code blocks and examples, carried verbatim and never interpreted.
    #[serde(default)]
    pub code: Vec<Code>,
    /// What could not be made executable, each with a clarifying question.
    #[serde(default)]
    pub ambiguities: Vec<Ambiguity>,
}

/// One requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// `R1`, `R2` … unique within the IR.
    pub id: String,
    /// Where it comes from.
    pub source: Source,
    /// Who must act; `null` for an imperative ("Return the sum").
    #[serde(default)]
    pub actor: Option<String>,
    /// How binding it is.
    pub modality: Modality,
    /// The verb, with its particle or auxiliary ("retry", "be stored", "log in").
    pub action: String,
    /// What the action applies to.
    #[serde(default)]
    pub object: Option<String>,
    /// When it applies: each starts with its marker ("if …", "after …", "within …").
    #[serde(default)]
    pub conditions: Vec<String>,
    /// Numbers with their relation and unit.
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    /// Identifiers, paths, codes and quoted text that must survive exactly.
    #[serde(default)]
    pub literals: Vec<String>,
    /// Pronouns and what they were resolved to.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// The parameters an implementer needs to execute it, each stated or assumed.
    #[serde(default)]
    pub commitments: Vec<Commitment>,
}

/// Where a requirement or ambiguity comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source text.
    pub quote: String,
    /// 1-based line in the spec file.
    pub line: usize,
}

/// How binding a requirement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Mandatory.
    Must,
    /// Forbidden.
    MustNot,
    /// Recommended.
    Should,
    /// Discouraged.
    ShouldNot,
    /// Permitted.
    May,
}

impl Modality {
    /// The English modal verb.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Must => "must",
            Self::MustNot => "must not",
            Self::Should => "should",
            Self::ShouldNot => "should not",
            Self::May => "may",
        }
    }

    /// Strength on a 0–3 scale: must and must not are 3, should 2, may 1.
    #[must_use]
    pub fn strength(self) -> u8 {
        match self {
            Self::Must | Self::MustNot => 3,
            Self::Should | Self::ShouldNot => 2,
            Self::May => 1,
        }
    }

    /// Whether it forbids rather than requires.
    #[must_use]
    pub fn is_negative(self) -> bool {
        matches!(self, Self::MustNot | Self::ShouldNot)
    }
}

/// A number with its relation and unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// How the actual value relates to `value`.
    pub relation: Relation,
    /// The number; integers are written without a fraction.
    #[serde(serialize_with = "number", deserialize_with = "finite")]
    pub value: f64,
    /// Normalised unit ("s", "ms", "MiB", "attempts", "%"), if any.
    #[serde(default)]
    pub unit: Option<String>,
}

/// A relation between an actual value and a stated number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub enum Relation {
    /// Strictly less.
    #[serde(rename = "<")]
    Lt,
    /// At most.
    #[serde(rename = "<=")]
    Le,
    /// Exactly.
    #[serde(rename = "=")]
    Eq,
    /// At least.
    #[serde(rename = ">=")]
    Ge,
    /// Strictly more.
    #[serde(rename = ">")]
    Gt,
}

impl Relation {
    /// The symbol used in the IR.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Eq => "=",
            Self::Ge => ">=",
            Self::Gt => ">",
        }
    }
}

/// A pronoun and the noun phrase it was resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The pronoun as written.
    pub pronoun: String,
    /// The noun phrase it stands for.
    pub antecedent: String,
}

/// A statement that is not a requirement, carried verbatim.
///
/// Written as an object with its line; a bare string is accepted on input, as in the design's
/// minimal example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The statement.
    pub text: String,
    /// 1-based source line, when known.
    #[serde(default)]
    pub line: Option<usize>,
}

impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            text: String,
            #[serde(default)]
            line: Option<usize>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Text(String),
            Full(Full),
        }
        Ok(match Either::deserialize(deserializer)? {
            Either::Text(text) => Self { text, line: None },
            Either::Full(Full { text, line }) => Self { text, line },
        })
    }
}

/// A code block or example, carried verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// The code.
    pub text: String,
    /// Its language, if the spec named one.
    #[serde(default)]
    pub lang: Option<String>,
    /// 1-based source line.
    pub line: usize,
}

/// Something the spec leaves open, with the question that would close it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ambiguity {
    /// What kind of gap it is.
    pub kind: AmbiguityKind,
    /// The words in question.
    pub quote: String,
    /// 1-based source line.
    pub line: usize,
    /// 1-based column (in characters), when known.
    #[serde(default)]
    pub column: Option<usize>,
    /// A question whose answer would make the spec executable.
    pub question: String,
    /// Competing readings, when known.
    #[serde(default)]
    pub options: Vec<String>,
    /// For an `assumed` ambiguity: the parameter that is not stated. Derived by ire from the
    /// commitments, so not part of what a translator writes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(skip)]
    pub slot: Option<String>,
}

/// The kinds of ambiguity, after ISO/IEC/IEEE 29148 and the NASA ARM quality indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmbiguityKind {
    /// A word with no testable meaning ("fast", "appropriate", "some").
    VagueTerm,
    /// "should", "may", "could": is it required or not?
    WeakModal,
    /// A pronoun with more than one possible antecedent.
    UnresolvedReference,
    /// Passive voice with no agent: who acts?
    MissingActor,
    /// A quantity is implied but not stated ("retry", "within", "faster").
    MissingQuantity,
    /// TBD, "etc.", "and so on", an unfinished sentence.
    Incomplete,
    /// "and/or", "if needed", alternatives left to the implementer.
    Optionality,
    /// Two statements that cannot both hold.
    Conflict,
    /// Samples of a model read the same text in different ways.
    UnstableReading,
    /// A parameter the action needs is not stated, so the translator had to assume it.
    Assumed,
    /// Anything else.
    Other,
}

impl AmbiguityKind {
    /// Every kind, in declaration order.
    pub const ALL: [Self; 11] = [
        Self::VagueTerm,
        Self::WeakModal,
        Self::UnresolvedReference,
        Self::MissingActor,
        Self::MissingQuantity,
        Self::Incomplete,
        Self::Optionality,
        Self::Conflict,
        Self::UnstableReading,
        Self::Assumed,
        Self::Other,
    ];

    /// The snake_case name used in the IR and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VagueTerm => "vague_term",
            Self::WeakModal => "weak_modal",
            Self::UnresolvedReference => "unresolved_reference",
            Self::MissingActor => "missing_actor",
            Self::MissingQuantity => "missing_quantity",
            Self::Incomplete => "incomplete",
            Self::Optionality => "optionality",
            Self::Conflict => "conflict",
            Self::UnstableReading => "unstable_reading",
            Self::Assumed => "assumed",
            Self::Other => "other",
        }
    }
}

fn number<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        #[expect(clippy::cast_possible_truncation, reason = "integral and within i64 range, checked above")]
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

fn finite<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let value = f64::deserialize(deserializer)?;
    if value.is_finite() { Ok(value) } else { Err(serde::de::Error::custom("quantity value must be finite")) }
}

/// Why an IR is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IrError {
    /// The version is not one this build understands.
    #[error("`ir_version` is {0}, this build reads versions 1 and {IR_VERSION}")]
    Version(u32),
    /// Two requirements share an id.
    #[error("requirement id `{0}` is used twice")]
    DuplicateId(String),
    /// A required text field is blank.
    #[error("`{field}` of requirement `{id}` is empty")]
    Blank {
        /// The requirement's id.
        id: String,
        /// The field.
        field: &'static str,
    },
    /// A line number is 0.
    #[error("{what} has line 0; lines start at 1")]
    LineZero {
        /// What carries the bad line.
        what: String,
    },
}

impl Ir {
    /// Checks what serde cannot: the version, unique ids, non-blank fields, 1-based lines,
    /// and that each commitment names its slot and says how it is known.
    pub fn validate(&self) -> Result<(), IrError> {
        if !READS.contains(&self.ir_version) {
            return Err(IrError::Version(self.ir_version));
        }
        let mut ids = std::collections::HashSet::new();
        for r in &self.requirements {
            if r.id.trim().is_empty() {
                return Err(IrError::Blank { id: String::new(), field: "id" });
            }
            if !ids.insert(r.id.as_str()) {
                return Err(IrError::DuplicateId(r.id.clone()));
            }
            if r.action.trim().is_empty() {
                return Err(IrError::Blank { id: r.id.clone(), field: "action" });
            }
            if r.source.line == 0 {
                return Err(IrError::LineZero { what: format!("requirement `{}`", r.id) });
            }
            for c in &r.commitments {
                c.validate().map_err(|field| IrError::Blank { id: r.id.clone(), field })?;
            }
        }
        if let Some(a) = self.ambiguities.iter().find(|a| a.line == 0) {
            return Err(IrError::LineZero { what: format!("ambiguity `{}`", a.quote) });
        }
        if let Some(c) = self.code.iter().find(|c| c.line == 0) {
            return Err(IrError::LineZero { what: format!("code block `{}`", c.text.lines().next().unwrap_or("")) });
        }
        Ok(())
    }

    /// Parses and validates an IR document; a version 1 document is read as version 2.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let mut ir: Self = serde_json::from_str(text).map_err(|e| e.to_string())?;
        ir.validate().map_err(|e| e.to_string())?;
        ir.ir_version = IR_VERSION;
        Ok(ir)
    }

    /// The assumed commitments of every requirement, with the requirement they belong to.
    pub fn assumptions(&self) -> impl Iterator<Item = (&Requirement, &Commitment)> {
        self.requirements
            .iter()
            .flat_map(|r| r.commitments.iter().filter(|c| c.provenance == Provenance::Assumed).map(move |c| (r, c)))
    }
}

/// The JSON Schema of [`Ir`], as printed by `ire schema`.
#[must_use]
pub fn schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(Ir).to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("$id".into(), format!("https://ire.invalid/schema/ir-v{IR_VERSION}.json").into());
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_design_example_parses_with_string_context() {
        // A version 1 document, as in the design: it loads, and is read as version 2.
        let text = r#"{"ir_version": 1, "title": "Upload retries",
          "requirements": [{"id": "R1", "source": {"quote": "must retry", "line": 1},
            "actor": "upload worker", "modality": "must", "action": "retry",
            "object": "failed upload", "conditions": ["after an upload fails"],
            "quantities": [{"relation": "<=", "value": 3, "unit": "attempts"}],
            "literals": ["uploads"]}],
          "context": ["carried verbatim"],
          "ambiguities": [{"kind": "vague_term", "quote": "some reasonable backoff", "line": 1,
            "question": "What wait?"}]}"#;
        let ir = Ir::from_json(text).unwrap();
        assert_eq!(ir.context[0].text, "carried verbatim");
        assert_eq!(ir.ir_version, IR_VERSION);
        assert!(ir.requirements[0].commitments.is_empty());
        let back = serde_json::to_value(&ir).unwrap();
        assert_eq!(back["requirements"][0]["quantities"][0]["value"], serde_json::json!(3));
    }

    #[test]
    fn validation_catches_what_serde_cannot() {
        let base =
            Ir { ir_version: 2, title: None, requirements: vec![], context: vec![], code: vec![], ambiguities: vec![] };
        assert_eq!(Ir { ir_version: 3, ..base.clone() }.validate(), Err(IrError::Version(3)));
        let r = Requirement {
            id: "R1".into(),
            source: Source { quote: "x".into(), line: 1 },
            actor: None,
            modality: Modality::Must,
            action: "run".into(),
            object: None,
            conditions: vec![],
            quantities: vec![],
            literals: vec![],
            references: vec![],
            commitments: vec![],
        };
        let dup = Ir { requirements: vec![r.clone(), r.clone()], ..base.clone() };
        assert_eq!(dup.validate(), Err(IrError::DuplicateId("R1".into())));
        let blank = Ir { requirements: vec![Requirement { action: " ".into(), ..r }], ..base };
        assert!(matches!(blank.validate(), Err(IrError::Blank { field: "action", .. })));
        assert!(Ir::from_json(r#"{"ir_version":1,"surprise":true}"#).unwrap_err().contains("surprise"));
    }
}
