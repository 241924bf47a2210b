//! `ire lsp`: a language server that shows ire's findings while a spec is being written.
//!
//! It speaks the Language Server Protocol over a [`lsp_server::Connection`] (stdio for an
//! editor, memory for tests). For a Markdown or text document it publishes each finding as a
//! diagnostic on its words, with the clarifying question in the message, and offers a quick fix
//! for each competing reading a finding names ("it" → "the request"). With the offline `rules`
//! backend a document is checked as it changes; with a model, only when it is opened or saved,
//! and a text that was checked before is answered from memory, so that typing costs no tokens.

use std::collections::HashMap;
use std::path::Path;

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability, Diagnostic,
    DiagnosticSeverity, DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, NumberOrString, Position, PublishDiagnosticsParams, Range, SaveOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextEdit, Uri,
    WorkspaceEdit,
};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::gate::{Finding, Severity};
use crate::spec::{Format, Spec};
use crate::translate::Backend;

/// What the server tells the editor it can do.
#[must_use]
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(SaveOptions { include_text: Some(false) }.into()),
            ..TextDocumentSyncOptions::default()
        })),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Serves one editor session on `connection` until it shuts down: the handshake, then
/// documents, diagnostics and code actions.
pub fn serve(connection: &Connection, config: &Config) -> Result<()> {
    let protocol = |e: lsp_server::ProtocolError| Error::Internal(format!("language server protocol: {e}"));
    let caps = serde_json::to_value(capabilities()).map_err(|e| Error::Internal(e.to_string()))?;
    connection.initialize(caps).map_err(protocol)?;
    let backend = Backend::from_config(&config.backend)?;
    let mut server = Server { config, backend, documents: HashMap::new(), checked: HashMap::new() };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request).map_err(protocol)? {
                    return Ok(());
                }
                let response = server.request(request);
                send(connection, Message::Response(response))?;
            }
            Message::Notification(notification) => {
                for out in server.notification(notification) {
                    send(connection, Message::Notification(out))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn send(connection: &Connection, message: Message) -> Result<()> {
    connection.sender.send(message).map_err(|_| Error::Internal("the editor closed the connection".into()))
}

/// An open document.
struct Document {
    text: String,
    version: Option<i32>,
    findings: Vec<Finding>,
}

struct Server<'a> {
    config: &'a Config,
    backend: Backend,
    documents: HashMap<Uri, Document>,
    /// Findings by spec SHA-256, for model backends: a text checked before costs nothing.
    checked: HashMap<String, Vec<Finding>>,
}

impl Server<'_> {
    fn request(&mut self, request: Request) -> Response {
        if request.method != lsp_types::request::CodeActionRequest::METHOD {
            let message = format!("ire does not handle `{}`", request.method);
            return Response::new_err(request.id, lsp_server::ErrorCode::MethodNotFound as i32, message);
        }
        match serde_json::from_value::<CodeActionParams>(request.params) {
            Ok(params) => Response::new_ok(request.id, self.code_actions(&params)),
            Err(e) => Response::new_err(request.id, lsp_server::ErrorCode::InvalidParams as i32, e.to_string()),
        }
    }

    /// Handles a notification; returns what to publish.
    fn notification(&mut self, n: Notification) -> Vec<Notification> {
        use lsp_types::notification::DidSaveTextDocument;
        use lsp_types::notification::{DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument};
        let local = !self.backend.info().remote;
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else { return Vec::new() };
                let d = p.text_document;
                self.documents
                    .insert(d.uri.clone(), Document { text: d.text, version: Some(d.version), findings: Vec::new() });
                self.publish(&d.uri)
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else { return Vec::new() };
                let uri = p.text_document.uri;
                // Full sync: the last change holds the whole text.
                if let (Some(doc), Some(change)) = (self.documents.get_mut(&uri), p.content_changes.into_iter().last())
                {
                    doc.text = change.text;
                    doc.version = Some(p.text_document.version);
                }
                // The offline backend is fast and free: check as the user types. A model waits for a save.
                if local { self.publish(&uri) } else { Vec::new() }
            }
            DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) else { return Vec::new() };
                self.publish(&p.text_document.uri)
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else { return Vec::new() };
                self.documents.remove(&p.text_document.uri);
                // Clear what was shown for it.
                vec![diagnostics(p.text_document.uri, Vec::new(), None)]
            }
            _ => Vec::new(),
        }
    }

    /// Checks a document and returns its diagnostics to publish.
    fn publish(&mut self, uri: &Uri) -> Vec<Notification> {
        let Some(doc) = self.documents.get(uri) else { return Vec::new() };
        let path = Path::new(uri.path().as_str());
        let format = Format::of_path(path);
        let findings = match Spec::from_text(path, &doc.text, format) {
            Err(e) => vec![problem(&e.to_string())],
            Ok(spec) => match self.checked.get(&spec.sha256) {
                Some(findings) => findings.clone(),
                None => {
                    let mut calls = Vec::new();
                    let c = &self.config;
                    match crate::run::check_spec(&spec, &self.backend, &c.gate, &c.params, &mut calls) {
                        Ok(checked) => {
                            if self.backend.info().remote {
                                self.checked.insert(spec.sha256.clone(), checked.findings.clone());
                            }
                            checked.findings
                        }
                        Err(e) => vec![problem(&e.to_string())],
                    }
                }
            },
        };
        let text = doc.text.clone();
        let version = doc.version;
        let shown = findings.iter().map(|f| diagnostic(&text, f)).collect();
        if let Some(doc) = self.documents.get_mut(uri) {
            doc.findings = findings;
        }
        vec![diagnostics(uri.clone(), shown, version)]
    }

    /// Quick fixes for the findings under the cursor that name competing readings.
    #[expect(
        clippy::mutable_key_type,
        reason = "lsp-types keys WorkspaceEdit changes by Uri, whose lazily cached parse is a Cell; its hash does not change"
    )]
    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(doc) = self.documents.get(&params.text_document.uri) else { return Vec::new() };
        let mut actions = Vec::new();
        for f in &doc.findings {
            let range = range(&doc.text, f);
            let overlaps = range.start <= params.range.end && params.range.start <= range.end;
            if !overlaps || f.options.is_empty() || f.quote.is_empty() || range.start == range.end {
                continue;
            }
            for option in &f.options {
                if option.eq_ignore_ascii_case(&f.quote) {
                    continue;
                }
                let edit = TextEdit { range, new_text: option.clone() };
                let changes = HashMap::from([(params.text_document.uri.clone(), vec![edit])]);
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("ire: replace \"{}\" with \"{option}\"", f.quote),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic(&doc.text, f)]),
                    edit: Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }),
                    ..CodeAction::default()
                }));
            }
        }
        actions
    }
}

/// A finding that stands for a spec that could not be checked (a bad front matter, a backend
/// that failed): shown on the first line.
fn problem(message: &str) -> Finding {
    Finding {
        kind: crate::gate::FindingKind::LowFidelity,
        severity: Severity::Blocking,
        message: message.to_owned(),
        quote: String::new(),
        line: None,
        column: None,
        question: None,
        options: Vec::new(),
    }
}

fn diagnostics(uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) -> Notification {
    use lsp_types::notification::PublishDiagnostics;
    Notification::new(PublishDiagnostics::METHOD.to_owned(), PublishDiagnosticsParams { uri, diagnostics, version })
}

fn diagnostic(text: &str, f: &Finding) -> Diagnostic {
    let mut message = f.message.clone();
    if let Some(q) = &f.question {
        message.push_str("\n? ");
        message.push_str(q);
    }
    Diagnostic {
        range: range(text, f),
        severity: Some(match f.severity {
            Severity::Blocking => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.kind.name().to_owned())),
        source: Some("ire".into()),
        message,
        ..Diagnostic::default()
    }
}

/// The range of a finding in LSP positions (0-based lines, UTF-16 columns): its quote from
/// its column when it is on that line, the rest of the line from its column otherwise, the
/// whole line without a column, and the start of the document without a line.
fn range(text: &str, f: &Finding) -> Range {
    let Some(line) = f.line else { return Range::default() };
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    let utf16 = |s: &str| u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX);
    let at = |chars: usize| {
        let byte = line_text.char_indices().nth(chars).map_or(line_text.len(), |(b, _)| b);
        utf16(&line_text[..byte])
    };
    let n = u32::try_from(line - 1).unwrap_or(u32::MAX);
    let (start, end) = match f.column {
        Some(column) => {
            let start_char = column - 1;
            let start_byte = line_text.char_indices().nth(start_char).map_or(line_text.len(), |(b, _)| b);
            let quoted = !f.quote.is_empty() && line_text[start_byte..].starts_with(f.quote.as_str());
            let end = if quoted { at(start_char + f.quote.chars().count()) } else { utf16(line_text) };
            (at(start_char), end)
        }
        None => (0, utf16(line_text)),
    };
    Range { start: Position { line: n, character: start }, end: Position { line: n, character: end } }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(line: Option<usize>, column: Option<usize>, quote: &str) -> Finding {
        Finding { line, column, quote: quote.into(), ..problem("m") }
    }

    #[test]
    fn ranges_are_utf16_and_cover_the_quote() {
        let text = "# Title\nLe café: it must be fast.\n";
        let r = range(text, &finding(Some(2), Some(10), "it"));
        assert_eq!((r.start, r.end), (Position::new(1, 9), Position::new(1, 11)));
        let emoji = "🚀 it must be fast.\n";
        let r = range(emoji, &finding(Some(1), Some(3), "it"));
        assert_eq!((r.start.character, r.end.character), (3, 5), "the rocket is two UTF-16 units");
        let whole = range(text, &finding(Some(2), None, ""));
        assert_eq!((whole.start.character, whole.end.character), (0, 25));
        assert_eq!(range(text, &finding(None, None, "")), Range::default());
    }
}
