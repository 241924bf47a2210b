//! `ire lsp` over stdio, driven by a scripted client: the handshake, diagnostics on open and
//! on change, a quick fix, and a clean shutdown.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

impl Client {
    fn start() -> Self {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("ire"))
            .args(["--isolated", "lsp"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut header = String::new();
                    if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.unwrap()];
                stdout.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Self { child, stdin, messages }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next message that satisfies `want`, skipping others; fails after 20 s.
    fn expect(&self, want: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.messages.recv_timeout(Duration::from_secs(20)).expect("the server answers in time");
            if want(&message) {
                return message;
            }
        }
    }

    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let m = self.expect(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

#[test]
fn diagnostics_quick_fixes_and_shutdown_over_stdio() {
    let mut client = Client::start();
    client.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    let init = client.expect(|m| m["id"] == 1);
    assert_eq!(init["result"]["capabilities"]["codeActionProvider"], true);
    client.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    let uri = "file:///work/specs/gateway.md";
    let text = "# Sessions\n\nThe gateway forwards the request to the session service.\nIt must reject it when the token has expired.\n";
    client.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}}));
    let diagnostics = client.diagnostics(uri);
    let pronoun = diagnostics
        .iter()
        .find(|d| d["code"] == "unresolved_reference")
        .unwrap_or_else(|| panic!("no unresolved reference in {diagnostics:#?}"));
    assert_eq!(pronoun["range"]["start"]["line"], 3, "the fourth line, 0-based");
    assert_eq!(pronoun["source"], "ire");
    assert!(pronoun["message"].as_str().unwrap().contains("? What does"), "the question is in the message");
    let (start, end) = (pronoun["range"]["start"].clone(), pronoun["range"]["end"].clone());
    let quoted: String = text
        .lines()
        .nth(3)
        .unwrap()
        .chars()
        .skip(start["character"].as_u64().unwrap() as usize)
        .take((end["character"].as_u64().unwrap() - start["character"].as_u64().unwrap()) as usize)
        .collect();
    assert!(quoted.eq_ignore_ascii_case("it"), "the range covers the pronoun, not {quoted:?}");

    client.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": pronoun["range"], "context": {"diagnostics": []}}}));
    let actions = client.expect(|m| m["id"] == 2);
    let actions = actions["result"].as_array().unwrap();
    let fix = actions.iter().find(|a| a["kind"] == "quickfix").unwrap_or_else(|| panic!("no quick fix: {actions:#?}"));
    let edit = &fix["edit"]["changes"][uri][0];
    assert_eq!(edit["range"], pronoun["range"]);
    assert!(!edit["newText"].as_str().unwrap().is_empty());

    // Fixed as the user types: the diagnostics follow the text.
    let fixed = "# Sessions\n\nThe gateway forwards the request to the session service.\nThe session service must reject the request when the token has expired.\n";
    client.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}}));
    let after = client.diagnostics(uri);
    assert!(after.iter().all(|d| d["code"] != "unresolved_reference"), "{after:#?}");

    client.send(&json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    client.expect(|m| m["id"] == 3);
    client.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(client.stdin);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = client.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}
