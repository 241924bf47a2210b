//! Property tests of the scorer and the rules translator: range, identity, determinism, and
//! no panic on any UTF-8 input; and of the configuration: no number is trusted.

use std::path::Path;

use ire::score::{Params, score};
use ire::spec::{Format, Spec, clauses_of};
use ire::translate::rules::Rules;
use proptest::prelude::*;

/// Words that exercise the parser: modals, conditions, vague terms, numbers, units, literals.
const WORDS: &[&str] = &[
    "The",
    "the",
    "worker",
    "must",
    "not",
    "should",
    "may",
    "retry",
    "upload",
    "at",
    "most",
    "3",
    "times",
    "within",
    "5",
    "seconds",
    "if",
    "when",
    "it",
    "they",
    "some",
    "fast",
    "or",
    "and/or",
    "TBD",
    "etc.",
    "Return",
    "`cfg.toml`",
    "'x'",
    "\"quoted text\"",
    ",",
    ".",
    ";",
    "(",
    ")",
    "[",
    "]",
    "be",
    "stored",
    "by",
    "after",
    "before",
    "never",
    "#",
    "-",
    "*",
    "1.",
    ">>>",
    "\n",
    "\n\n",
    "é",
    "日本",
    "🙂",
    "---",
    "```",
    "+++",
];

fn sentence_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..60).prop_map(|w| w.join(" "))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![sentence_like(), any::<String>(), "\\PC{0,200}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_round_trip_never_panics_and_stays_in_range(text in any_text(), markdown in any::<bool>()) {
        let format = if markdown { Format::Markdown } else { Format::Plain };
        if let Ok(spec) = Spec::from_text(Path::new("p.md"), &text, format) {
            let ir = Rules.read(&spec);
            prop_assert!(ir.validate().is_ok(), "{:?}", ir.validate());
            let back = ire::translate::rules::render::render(&ir);
            let clauses: Vec<&str> = spec.clauses.iter().map(|c| c.text.as_str()).collect();
            let s = score(&clauses, &back, &ir.ambiguities, &Params::default());
            prop_assert!((0.0..=1.0).contains(&s.fidelity), "fidelity {}", s.fidelity);
            for c in [s.components.recall, s.components.precision, s.components.round_trip, s.components.ambiguity_penalty] {
                prop_assert!((0.0..=1.0).contains(&c));
            }
            // Deterministic: the same input gives the same IR, text and score.
            prop_assert_eq!(&ir, &Rules.read(&spec));
            let again = score(&clauses, &ire::translate::rules::render::render(&ir), &ir.ambiguities, &Params::default());
            prop_assert_eq!(s.fidelity.to_bits(), again.fidelity.to_bits());
            for c in &spec.clauses {
                prop_assert!(c.line >= 1 && c.column >= 1);
            }
        }
    }

    #[test]
    fn identical_text_without_ambiguity_scores_one(text in any_text()) {
        let clauses = clauses_of(&text);
        let s = score(&clauses, &clauses.join("\n"), &[], &Params::default());
        prop_assert_eq!(s.fidelity, 1.0);
        prop_assert!(s.divergences.is_empty(), "{:?}", s.divergences);
    }

    #[test]
    fn tokens_are_well_formed(text in any_text()) {
        let mut previous_end = 0;
        for t in ire::lang::tokenize(&text) {
            prop_assert!(t.start >= previous_end && t.start < t.end && t.end <= text.len());
            prop_assert_eq!(&text[t.start..t.end], t.text);
            previous_end = t.end;
        }
    }
}

/// A requirement with stated details: an actor, an action on an object, and any of a number
/// with its unit, a destination, a format and a condition.
#[derive(Debug, Clone)]
struct Requirement {
    actor: Option<&'static str>,
    verb: &'static str,
    object: &'static str,
    details: Vec<&'static str>,
    condition: Option<&'static str>,
}

impl Requirement {
    fn text(&self) -> String {
        let mut words = Vec::new();
        match self.actor {
            Some(actor) => words.extend([actor.to_owned(), "must".to_owned(), self.verb.to_owned()]),
            None => words.push(capitalise(self.verb)),
        }
        words.push(self.object.to_owned());
        words.extend(self.details.iter().map(|d| (*d).to_owned()));
        if let Some(c) = self.condition {
            words.push(c.to_owned());
        }
        format!("# Spec\n\n{}.\n", words.join(" "))
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn requirement() -> impl Strategy<Value = Requirement> {
    let actors = prop::option::of(prop::sample::select(vec![
        "The upload worker",
        "The API",
        "The billing service",
        "The scheduler",
    ]));
    let verbs = prop::sample::select(vec![
        "store", "send", "delete", "retry", "archive", "validate", "export", "notify", "compress", "sort",
    ]);
    let objects = prop::sample::select(vec!["the file", "each invoice", "the request", "failed uploads", "the report"]);
    let details = prop::collection::vec(
        prop::sample::select(vec![
            "within 5 seconds",
            "at most 3 times",
            "every 10 minutes",
            "to `archive/`",
            "as JSON",
            "by email to the account owner",
            "by date",
        ]),
        0..2,
    );
    let condition = prop::option::of(prop::sample::select(vec![
        "when the upload fails",
        "after the user logs in",
        "if the disk is full",
    ]));
    (actors, verbs, objects, details, condition).prop_map(|(actor, verb, object, details, condition)| Requirement {
        actor,
        verb,
        object,
        details,
        condition,
    })
}

fn fidelity(text: &str) -> f64 {
    let spec = Spec::from_text(Path::new("p.md"), text, Format::Markdown).unwrap();
    let backend = ire::translate::Backend::rules();
    ire::run::check_spec(&spec, &backend, &ire::gate::Gate::default(), &Params::default(), &mut Vec::new())
        .unwrap()
        .fidelity
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// More detail never lowers the score: adding a number with its unit, a destination, a
    /// format, an actor or a condition to a requirement keeps or raises its fidelity.
    #[test]
    fn more_detail_never_lowers_the_score(base in requirement(), detail in prop::sample::select(vec![
        "within 5 seconds", "at most 3 times", "every 10 minutes", "to `archive/`", "as JSON", "by email to the account owner", "by date",
        "ACTOR", "CONDITION",
    ])) {
        let mut detailed = base.clone();
        match detail {
            "ACTOR" => { detailed.actor.get_or_insert("The upload worker"); }
            "CONDITION" => { detailed.condition.get_or_insert("when the upload fails"); }
            other if !detailed.details.contains(&other) => detailed.details.push(other),
            _ => {}
        }
        let (before, after) = (fidelity(&base.text()), fidelity(&detailed.text()));
        prop_assert!(after >= before - 1e-9, "{before} → {after}\n{}\n{}", base.text(), detailed.text());
    }
}

/// Numbers a user or a file may give: ordinary ones, and the edges that once panicked.
fn any_number() -> impl Strategy<Value = f64> {
    // Mostly values in every key's range, so that both outcomes are exercised.
    prop_oneof![
        12 => 1.0..1.5_f64,
        2 => -10.0..10.0_f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(1e300),
        1 => Just(-0.0),
        1 => Just(86_401.0),
        1 => any::<f64>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any numbers in flags, `IRE_*` variables or a config file: resolving never panics, and
    /// either gives a configuration whose values are in range or an error that names the key.
    #[test]
    fn config_values_are_checked_never_trusted(
        min_fidelity in prop_oneof![4 => 0.0..=1.0_f64, 1 => any_number()],
        timeout in any_number(),
        temperature in any_number(),
        max_usd in any_number(),
        samples in prop_oneof![4 => 1_usize..=16, 1 => 0_usize..40],
        price in any_number(),
        grid in any_number(),
        pue in any_number(),
        in_file in any::<bool>(),
    ) {
        use ire::config::{BudgetLayer, Config, Layer, Sources};
        let dir = tempfile::tempdir().unwrap();
        let mut prices = std::collections::BTreeMap::new();
        prices.insert("m".to_owned(), ire::meter::Price { input: price, cached_input: None, output: 1.0 });
        let carbon = ire::config::CarbonLayer { gco2e_per_kwh: Some(grid), pue: Some(pue), ..Default::default() };
        let layer = Layer {
            min_fidelity: Some(min_fidelity),
            timeout_secs: Some(timeout),
            temperature: Some(temperature),
            samples: Some(samples),
            budget: Some(BudgetLayer { max_usd: Some(max_usd) }),
            prices: Some(prices),
            carbon: Some(carbon),
            ..Layer::default()
        };
        let (sources, flags) = if in_file {
            // The same values written to a file: TOML has nan and inf.
            let toml = format!(
                "min_fidelity = {}\ntimeout_secs = {}\ntemperature = {}\nsamples = {samples}\n[budget]\nmax_usd = {}\n\
                 [carbon]\ngco2e_per_kwh = {}\npue = {}\n[prices.\"m\"]\ninput = {}\noutput = 1.0\n",
                toml_float(min_fidelity), toml_float(timeout), toml_float(temperature), toml_float(max_usd),
                toml_float(grid), toml_float(pue), toml_float(price),
            );
            let path = dir.path().join("ire.toml");
            std::fs::write(&path, toml).unwrap();
            (Sources { file: Some(path), isolated: true }, Layer::default())
        } else {
            (Sources { file: None, isolated: true }, layer)
        };
        match Config::resolve(&sources, flags, dir.path(), &|_| None) {
            Ok(config) => {
                prop_assert!((0.0..=1.0).contains(&config.gate.threshold));
                prop_assert!(config.max_usd.is_none_or(|m| m.is_finite() && m >= 0.0));
                prop_assert!(config.carbon.grid.is_finite() && config.carbon.grid >= 0.0);
                prop_assert!((1.0..=3.0).contains(&config.carbon.pue));
                let t = config.backend.timeout_secs.unwrap();
                prop_assert!(t.is_finite() && t > 0.0 && t <= 86_400.0);
                prop_assert!((0.0..=2.0).contains(&config.backend.temperature.unwrap()));
                prop_assert!((1..=16).contains(&config.backend.samples.unwrap()));
            }
            Err(e) => {
                let text = e.to_string();
                let named = ["min_fidelity", "min-fidelity", "timeout", "temperature", "samples", "max_usd", "max-usd",
                    "prices", "gco2e_per_kwh", "gco2e-per-kwh", "pue"];
                prop_assert!(named.iter().any(|k| text.contains(k)), "{text}");
                prop_assert_eq!(e.exit_code(), ire::exit_code::ExitCode::USAGE);
            }
        }
    }
}

/// A float as TOML writes it.
fn toml_float(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        format!("{v:?}")
    }
}
