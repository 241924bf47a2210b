//! The judgement of a model-backed check, against mock models on 127.0.0.1 that fail in the
//! ways real models do: copying the spec, inventing values, reading it differently from one
//! sample to the next, copying the prompt's example. The backward translator of the mock is
//! faithful: it renders the IR it is sent with ire's own renderer.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers forward calls with the given IRs in turn (the last one repeated) and backward calls
/// with the rules renderer's English of the IR it receives.
struct Model {
    forward: Vec<Value>,
    calls: Arc<AtomicUsize>,
}

impl Respond for Model {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let system = body["messages"][0]["content"].as_str().unwrap();
        let content = if system.starts_with("You translate an English") {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            self.forward[n.min(self.forward.len() - 1)].to_string()
        } else {
            let ir = ire::ir::Ir::from_json(body["messages"][1]["content"].as_str().unwrap()).unwrap();
            ire::translate::rules::render::render(&ir)
        };
        ResponseTemplate::new(200).set_body_json(json!({
            "id": "x", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150}
        }))
    }
}

async fn serve(forward: Vec<Value>) -> (MockServer, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = MockServer::start().await;
    let model = Model { forward, calls: calls.clone() };
    Mock::given(method("POST")).and(path("/v1/chat/completions")).respond_with(model).mount(&server).await;
    (server, calls)
}

fn check(server: &MockServer, dir: &Path, spec: &str, args: &[&str]) -> (Value, i32) {
    let file = dir.join("spec.md");
    std::fs::write(&file, spec).unwrap();
    let out = common::ire_openai(&server.uri(), "m")
        .args(["--no-cache", "--no-ledger", "--retries", "0"])
        .args(args)
        .arg(&file)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("stdout is JSON; stderr: {}", String::from_utf8_lossy(&out.stderr)));
    (report, out.status.code().unwrap())
}

fn requirement(quote: &str, line: usize, action: &str, object: &str, commitments: Value) -> Value {
    json!({"id": "R1", "source": {"quote": quote, "line": line}, "actor": "the API", "modality": "must",
           "action": action, "object": object, "conditions": [], "quantities": [], "literals": [],
           "references": [], "commitments": commitments})
}

fn ir(requirements: Vec<Value>, context: Vec<Value>) -> Value {
    json!({"ir_version": 2, "title": null, "requirements": requirements, "context": context, "code": [],
           "ambiguities": []})
}

fn kinds(report: &Value) -> Vec<String> {
    report["results"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_model_that_copies_a_vague_spec_cannot_get_it_accepted() {
    let spec = "# API\n\nThe API must respond quickly under a reasonable load.\n";
    let quote = "The API must respond quickly under a reasonable load.";
    // No ambiguity recorded, the vague words copied into the object, and the sentence copied
    // into the context as well.
    let copied = ir(
        vec![requirement(quote, 3, "respond", "quickly under a reasonable load", json!([]))],
        vec![json!({"text": quote, "line": 3})],
    );
    let (server, _) = serve(vec![copied]).await;
    let dir = tempfile::tempdir().unwrap();
    let (report, code) = check(&server, dir.path(), spec, &["--samples", "1"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["results"][0]["verdict"], "blocked");
    let found = kinds(&report);
    assert!(found.iter().any(|k| k == "vague_term"), "the structural analysis still finds the vague words: {found:?}");
    let back = report["results"][0]["back_translation"].as_str().unwrap();
    assert_eq!(
        back.matches("respond").count(),
        1,
        "the copy in the context did not reach the back-translation: {back}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_a_model_invents_are_found_as_assumptions() {
    let spec = "# Uploads\n\nThe upload worker must retry a failed upload.\n";
    let quote = "The upload worker must retry a failed upload.";
    let invented = json!([
        {"slot": "count", "value": "3 attempts", "provenance": "assumed", "quote": null,
         "reason": "the spec gives no number", "question": "How many attempts?"},
        {"slot": "wait", "value": "2 seconds", "provenance": "assumed", "quote": null,
         "reason": "the spec gives no wait", "question": "How long between attempts?"}
    ]);
    let (server, _) = serve(vec![ir(vec![requirement(quote, 3, "retry", "a failed upload", invented)], vec![])]).await;
    let dir = tempfile::tempdir().unwrap();
    let (report, code) = check(&server, dir.path(), spec, &["--samples", "1"]);
    assert_eq!(code, 1, "{report:#}");
    let findings = report["results"][0]["findings"].as_array().unwrap();
    let assumed: Vec<&Value> = findings.iter().filter(|f| f["kind"] == "assumed").collect();
    assert_eq!(assumed.len(), 2, "{findings:#?}");
    assert_eq!(assumed[0]["options"], json!(["3 attempts"]));
    assert_eq!(assumed[0]["question"], "How many attempts?");
    // The blind back-translation says the guesses as if the spec had stated them.
    let back = report["results"][0]["back_translation"].as_str().unwrap();
    assert!(back.contains("3 attempts") && back.contains("2 seconds"), "{back}");
    // Declared guesses are assumptions, not inventions; they cost fidelity through the
    // back-translation's extra content.
    assert!(!kinds(&report).iter().any(|k| k == "number_invented"), "{:?}", kinds(&report));
    assert!(report["results"][0]["components"]["precision"].as_f64().unwrap() < 1.0);

    // A number put into the requirement without declaring it is an invention, and blocks.
    let undeclared = ir(vec![requirement(quote, 3, "retry", "a failed upload at most 5 times", json!([]))], vec![]);
    let (server, _) = serve(vec![undeclared]).await;
    let (report, code) = check(&server, dir.path(), spec, &["--samples", "1"]);
    assert_eq!(code, 1, "{report:#}");
    let findings = report["results"][0]["findings"].as_array().unwrap();
    let invented = findings.iter().find(|f| f["kind"] == "number_invented").expect("an invented number");
    assert_eq!(invented["severity"], "blocking", "the reread confirms it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn samples_that_commit_to_different_values_ask_which_one() {
    let spec = "# Uploads\n\nThe upload worker must retry a failed upload.\n";
    let quote = "The upload worker must retry a failed upload.";
    let reading = |count: &str| {
        let commitments = json!([{"slot": "count", "value": count, "provenance": "assumed", "quote": null,
                                   "reason": "not stated", "question": "How many attempts?"}]);
        ir(vec![requirement(quote, 3, "retry", "a failed upload", commitments)], vec![])
    };
    let (server, calls) = serve(vec![reading("3 attempts"), reading("5 attempts"), reading("3 attempts")]).await;
    let dir = tempfile::tempdir().unwrap();
    let (report, code) = check(&server, dir.path(), spec, &["--samples", "3"]);
    assert_eq!(code, 1, "{report:#}");
    // Three readings, and one more of the back-translation to confirm what it invented.
    assert!(calls.load(Ordering::SeqCst) >= 3, "three forward readings");
    let findings = report["results"][0]["findings"].as_array().unwrap();
    let unstable = findings.iter().find(|f| f["kind"] == "unstable_reading").expect("an unstable reading");
    // The samples run at once, so which reading comes first is up to the server.
    let mut options: Vec<&str> = unstable["options"].as_array().unwrap().iter().map(|o| o.as_str().unwrap()).collect();
    options.sort_unstable();
    assert_eq!(options, ["3 attempts", "5 attempts"]);
    let question = unstable["question"].as_str().unwrap();
    assert!(
        question.contains("3 attempts or 5 attempts") || question.contains("5 attempts or 3 attempts"),
        "{unstable}"
    );
    // A warning by default (a small model's samples disagree on clear specs too); `blocking`
    // in ire.toml makes it block.
    assert_eq!(unstable["severity"], "warning");
    // Every call is paid for: the readings, the backward call and the reread.
    let requests = server.received_requests().await.unwrap().len() as u64;
    assert_eq!(report["results"][0]["cost"]["input_tokens"], 100 * requests);
    assert!(requests >= 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_prompt_example_never_passes_for_an_unrelated_spec() {
    let example = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts/example.md")).unwrap();
    let json_start = example.find("{\"ir_version\"").unwrap();
    let json_end = example[json_start..].find("\n").map_or(example.len(), |i| json_start + i);
    let example_ir: Value = serde_json::from_str(&example[json_start..json_end]).unwrap();
    let spec = "# Invoices\n\nThe billing service must email each invoice to the account owner.\n";
    // The model answers with its prompt's example, and again after the repair request.
    let (server, calls) = serve(vec![example_ir.clone(), example_ir]).await;
    let dir = tempfile::tempdir().unwrap();
    let (report, code) = check(&server, dir.path(), spec, &["--samples", "1"]);
    assert_eq!(code, 3, "a failed translation, not an accepted spec: {report:#}");
    assert_eq!(calls.load(Ordering::SeqCst), 2, "one repair request");
    let error = report["results"][0]["error"].as_str().unwrap();
    assert!(error.contains("example") && error.contains("beep"), "{error}");
}
