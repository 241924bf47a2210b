//! What ire writes about its configuration: the `ire init` template and `--dump-config`.

use super::Config;
use crate::ir::AmbiguityKind;

/// The commented `ire.toml` that `ire init` writes: every key, its default, what it does.
pub const TEMPLATE: &str = r#"# ire.toml: configuration of ire, the spec round-trip checker.
# Layers, lowest first: built-in defaults, this file (the nearest ire.toml walking up from the
# working directory), --config PATH, IRE_* environment variables, then flags.
# Every key below is set to its default; delete what you do not change.

# Translator backend. "rules" is offline, deterministic and free.
backend = "rules"

# Accept a spec when its round-trip fidelity is at least this (0 to 1). Also IRE_MIN_FIDELITY.
min_fidelity = 0.9

# Refuse spec files larger than this many bytes. Also IRE_MAX_SPEC_BYTES.
max_spec_bytes = 1048576

# Specs checked at once; 0 means one per core. Also IRE_CONCURRENCY.
concurrency = 0

# Keep model round trips in .ire/cache/ so that an unchanged spec costs no tokens next time.
cache = true

# The SQLite ledger every check is appended to; default: .ire/ledger.sqlite beside this file.
# ledger = ".ire/ledger.sqlite"

# Project name recorded with each result, for comparing projects. Also IRE_PROJECT.
# project = "my-project"

# Ambiguity kinds that block a spec on their own, whatever its fidelity. Kinds: vague_term,
# weak_modal, unresolved_reference, missing_actor, missing_quantity, incomplete, optionality,
# conflict, unstable_reading, assumed (a parameter its action needs is not stated), other.
blocking = ["conflict", "incomplete"]

# --- The `openai` backend: any OpenAI-compatible endpoint (backend = "openai") ---
# Model of the forward translation, and of the backward one unless back_model. Also IRE_MODEL.
# model = "gpt-4o-mini"
# Base URL, with /v1; a local server: "http://127.0.0.1:8080/v1". Also IRE_BASE_URL.
# base_url = "https://api.openai.com/v1"
# Back-translate with another model (and endpoint), so a model does not grade its own paraphrase.
# back_model = "another-model"
# back_base_url = "http://127.0.0.1:8081/v1"
# The environment variable that holds the API key; the key itself never goes in this file.
api_key_env = "OPENAI_API_KEY"
# How to ask for JSON: auto, json_schema, tool, json_object or text.
structured_output = "auto"
# Per-request timeout in seconds (above 0, at most 86400).
timeout_secs = 60.0
# Retries on 429, 5xx and connection errors, with backoff (honouring Retry-After).
retries = 3
# Forward translations per spec (1 to 16): readings that disagree become findings. Each is metered.
samples = 3
# Temperature of the first forward call (0 to 2); further samples use at least 0.7.
temperature = 0.0
# Output token limit per call; a runaway generation ends as an error result, not a hang.
max_output_tokens = 4096
# Send a spec that looks like it holds a secret to a remote model anyway.
allow_secrets = false

# The scorer's parameters. Calibrate them on your own labelled specs with `ire calibrate`.
[score]
# F-beta of recall and precision: above 1 weighs recall (intent kept) over precision.
beta = 3.0
# Share of its clause's weight that one ambiguity of each kind costs (of the whole spec for a
# conflict or an unstable reading).
costs = { vague_term = 0.05, weak_modal = 0.02, unresolved_reference = 0.2, missing_actor = 0.01, missing_quantity = 0.45, incomplete = 0.05, optionality = 0.45, conflict = 0.25, unstable_reading = 0.05, assumed = 0.15, other = 0.05 }
# Weight of each kind of atom when the original and the back-translation are compared.
weights = { quantity = 3.0, negation = 3.0, modality = 2.0, condition = 2.0, literal = 3.0, content = 1.0 }

# The most one run may spend, in USD: a call that could cross it is not made, and the run
# exits 4 listing what was not checked. Also --max-usd; a spec may set its own budget_usd.
[budget]
# max_usd = 1.0

# How emissions are estimated (README, "Clock, coin and carbon").
[carbon]
# Grid zone of the data centre: WOR (world average, 473.01 gCO2e/kWh), USA, CAN, GBR, IRL,
# FRA, DEU, NLD, SWE, NOR, POL, CHN, IND, JPN, AUS, BRA; or a custom gco2e_per_kwh.
zone = "WOR"
# gco2e_per_kwh = 56.0
# Data-centre power usage effectiveness (1 to 3).
pue = 1.2
# Sizes of models the built-in table does not know, in billions of parameters.
# [carbon.models."my-model"]
# total_params_b = 8.0
# active_params_b = [8.0, 8.0]

# Prices in USD per 1M tokens, over the built-in table: for a model it lacks, or your contract.
# A model with no price is reported as "unknown", never as $0.
# [prices."my-model"]
# input = 0.15
# cached_input = 0.075
# output = 0.60

# Files that replace the built-in prompts of the openai backend.
# [prompts]
# forward = "prompts/forward.md"
# backward = "prompts/backward.md"
"#;

impl Config {
    /// The effective configuration as TOML, for `--dump-config`.
    #[must_use]
    pub fn dump(&self) -> String {
        let mut out = String::from("# effective configuration of ire\n");
        if self.files.is_empty() {
            out.push_str("# no config file read\n");
        }
        for file in &self.files {
            out.push_str(&format!("# read: {}\n", file.display()));
        }
        let b = &self.backend;
        let text = |v: &str| toml::Value::from(v).to_string();
        let mut backend = format!("backend = {}\n", text(&b.name));
        let optional: [(&str, Option<String>); 10] = [
            ("model", b.model.as_deref().map(text)),
            ("base_url", b.base_url.as_deref().map(text)),
            ("back_model", b.back_model.as_deref().map(text)),
            ("back_base_url", b.back_base_url.as_deref().map(text)),
            ("structured_output", b.structured_output.as_deref().map(text)),
            ("timeout_secs", b.timeout_secs.map(|v| format!("{v:?}"))),
            ("retries", b.retries.map(|v| v.to_string())),
            ("samples", b.samples.map(|v| v.to_string())),
            ("temperature", b.temperature.map(|v| format!("{v:?}"))),
            ("max_output_tokens", b.max_output_tokens.map(|v| v.to_string())),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                backend.push_str(&format!("{key} = {value}\n"));
            }
        }
        if b.name != "rules" {
            backend.push_str(&format!(
                "api_key_env = {}\nallow_secrets = {}\n# api key: {}\n",
                text(&b.api_key_env),
                b.allow_secrets,
                if b.api_key.is_some() { "set" } else { "not set" }
            ));
        }
        let kinds: Vec<String> = self.gate.blocking.iter().map(|k| format!("\"{}\"", k.as_str())).collect();
        out.push_str(&format!(
            "{backend}min_fidelity = {}\nmax_spec_bytes = {}\nconcurrency = {}\nblocking = [{}]\n",
            self.gate.threshold,
            self.max_spec_bytes,
            self.concurrency,
            kinds.join(", ")
        ));
        if let Some(project) = &self.project {
            out.push_str(&format!("project = {}\n", toml::Value::from(project.as_str())));
        }
        out.push_str(&format!("cache = {}\n", self.cache.is_some()));
        match &self.ledger {
            Some(path) => out.push_str(&format!("ledger = {}\n", text(&path.display().to_string()))),
            None => out.push_str("# no ledger (--no-ledger)\n"),
        }
        let p = &self.params;
        let costs: Vec<String> =
            AmbiguityKind::ALL.iter().map(|k| format!("{} = {}", k.as_str(), p.cost(*k))).collect();
        let w = &p.weights;
        out.push_str(&format!(
            "\n[score]\nbeta = {}\ncosts = {{ {} }}\nweights = {{ quantity = {}, negation = {}, modality = {}, \
             condition = {}, literal = {}, content = {} }}\n",
            p.beta,
            costs.join(", "),
            w.quantity,
            w.negation,
            w.modality,
            w.condition,
            w.literal,
            w.content
        ));
        out.push_str("\n[budget]\n");
        match self.max_usd {
            Some(m) => out.push_str(&format!("max_usd = {m:?}\n")),
            None => out.push_str("# no budget\n"),
        }
        let c = &self.carbon;
        let grid = if c.zone == "custom" {
            format!("gco2e_per_kwh = {:?}", c.grid)
        } else {
            format!("zone = {}  # {} gCO2e/kWh", text(&c.zone), c.grid)
        };
        out.push_str(&format!("\n[carbon]\n{grid}\npue = {:?}\n", c.pue));
        out
    }
}
