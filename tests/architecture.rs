//! The module layout holds: every `crate::` path points down the layers of the README's
//! architecture section, and only the binary's `cli` knows clap.
//!
//! A new module must be given a layer here; an import that points up or sideways fails with
//! the file and the path, so that a cycle cannot creep back in.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The library's top-level modules, lowest layer first. A module may import only modules of
/// a lower layer; modules of one layer are independent of each other.
const LAYERS: &[&[&str]] = &[
    &["exit_code", "plural", "suggest", "secrets", "meter", "ir"],
    &["error", "lang"],
    &["spec", "git", "exec"],
    &["score", "translate"],
    &["gate", "cache"],
    &["config"],
    &["run"],
    &["ledger", "baseline", "calibrate"],
    &["report", "lsp"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names through `crate::`: `crate::a::b`, `crate::{a, b::c}`.
fn imports(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => top_level_items(group),
            None => vec![rest],
        };
        for name in names {
            let name: String = name.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// The comma-separated items of a `{…}` group up to its closing brace, nested groups whole.
fn top_level_items(group: &str) -> Vec<&str> {
    let (mut depth, mut start, mut items) = (0, 0, Vec::new());
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..]);
    items
}

#[test]
fn every_import_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top =
            relative.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_owned();
        // The binary (main.rs, cli.rs, commands/) sits above the whole library.
        if matches!(top.as_str(), "main" | "lib" | "cli" | "commands") {
            continue;
        }
        seen.insert(top.clone());
        let Some(own) = layer_of(&top) else {
            problems.push(format!("{}: module `{top}` has no layer in tests/architecture.rs", relative.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for target in imports(&text) {
            if target == top {
                continue;
            }
            match layer_of(&target) {
                Some(layer) if layer < own => {}
                Some(_) => problems
                    .push(format!("{}: `{top}` imports `crate::{target}`, which is not below it", relative.display())),
                None => problems.push(format!("{}: `crate::{target}` has no layer", relative.display())),
            }
        }
    }
    assert!(problems.is_empty(), "the layering is broken:\n{}", problems.join("\n"));
    let listed: BTreeSet<String> = LAYERS.iter().flat_map(|l| l.iter().map(|m| (*m).to_owned())).collect();
    let stale: Vec<&String> = listed.difference(&seen).collect();
    assert!(stale.is_empty(), "layers name modules that no longer exist: {stale:?}");
}

#[test]
fn only_the_command_line_knows_clap() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with("cli.rs") && !f.ends_with("main.rs"))
        .filter(|f| std::fs::read_to_string(f).unwrap().contains("clap::"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "clap outside the command line: {offenders:?}");
}

#[test]
fn the_import_scanner_reads_groups_and_paths() {
    let found = imports("use crate::{gate::Gate, ir::{Ir, Modality}};\nlet x = crate::meter::Cost::zero();");
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["gate", "ir", "meter"]);
}
