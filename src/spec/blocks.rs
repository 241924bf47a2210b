//! Blocks of prose (headings, paragraphs, items, table rows) and their split into clauses.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::ClauseKind;

/// A block of prose with the file offset of each piece.
#[derive(Debug)]
pub(super) struct Block {
    pub(super) kind: ClauseKind,
    pub(super) text: String,
    map: Vec<(usize, usize)>,
}

impl Block {
    fn new(kind: ClauseKind) -> Self {
        Self { kind, text: String::new(), map: Vec::new() }
    }

    fn push(&mut self, piece: &str, file_offset: usize) {
        self.map.push((self.text.len(), file_offset));
        self.text.push_str(piece);
    }

    /// The offset map of `text[start..end]`, rebased to start at 0.
    pub(super) fn submap(&self, start: usize, end: usize) -> Vec<(usize, usize)> {
        let first = self.map.partition_point(|&(s, _)| s <= start).saturating_sub(1);
        let mut out = Vec::new();
        for &(s, f) in &self.map[first..] {
            if s >= end {
                break;
            }
            if s <= start {
                out.push((0, f + (start - s)));
            } else {
                out.push((s - start, f));
            }
        }
        out
    }
}

pub(super) type CodeOut = Vec<(String, Option<String>, usize)>;

pub(super) fn markdown_blocks(body: &str, base: usize) -> (Vec<Block>, CodeOut) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut blocks = Vec::new();
    let mut code = Vec::new();
    let mut current: Option<Block> = None;
    let mut in_code: Option<(String, Option<String>, usize)> = None;
    let mut in_table_row = false;
    let mut gherkin_start: Option<usize> = None;
    let flush = |current: &mut Option<Block>, blocks: &mut Vec<Block>| {
        if let Some(block) = current.take()
            && !block.text.trim().is_empty()
        {
            blocks.push(block);
        }
    };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let at = base + range.start;
        match event {
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut current, &mut blocks);
                current = Some(Block::new(ClauseKind::Heading));
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut blocks);
                current = Some(Block::new(ClauseKind::Item));
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => {
                flush(&mut current, &mut blocks);
                current = Some(Block::new(ClauseKind::Item));
                in_table_row = true;
            }
            Event::End(TagEnd::TableCell) if in_table_row => {
                if let Some(block) = current.as_mut() {
                    block.push("; ", at);
                }
            }
            Event::Start(Tag::Paragraph) => {
                // A loose list item wraps its text in a paragraph: keep filling the item.
                let reuse = current.as_ref().is_some_and(|b| b.kind == ClauseKind::Item && b.text.trim().is_empty());
                if !reuse {
                    flush(&mut current, &mut blocks);
                    current = Some(Block::new(ClauseKind::Sentence));
                }
            }
            Event::Start(Tag::List(_)) => flush(&mut current, &mut blocks),
            Event::End(
                TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead,
            ) => {
                in_table_row = false;
                flush(&mut current, &mut blocks);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(&mut current, &mut blocks);
                let lang = match kind {
                    CodeBlockKind::Fenced(info) if !info.trim().is_empty() => {
                        info.split_whitespace().next().map(str::to_owned)
                    }
                    _ => None,
                };
                in_code = Some((String::new(), lang, at));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = in_code.take() {
                    match (block.1.as_deref(), gherkin_start.take()) {
                        // Gherkin states behaviour: its steps are read as prose, one item each.
                        (Some(lang), Some(start)) if is_gherkin(lang) => blocks.extend(gherkin_steps(&block.0, start)),
                        _ => code.push(block),
                    }
                }
            }
            Event::Text(t) => {
                if let Some((text, _, _)) = in_code.as_mut() {
                    gherkin_start.get_or_insert(at);
                    text.push_str(&t);
                } else {
                    current.get_or_insert_with(|| Block::new(ClauseKind::Sentence)).push(&t, at);
                }
            }
            Event::Code(t) => {
                current.get_or_insert_with(|| Block::new(ClauseKind::Sentence)).push(&format!("`{t}`"), at);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = current.as_mut() {
                    block.push(" ", at);
                }
            }
            // `<describe the endpoint>` is an unfilled placeholder, not HTML: keep it as text.
            Event::InlineHtml(t) if t.contains(' ') => {
                current.get_or_insert_with(|| Block::new(ClauseKind::Sentence)).push(&t, at);
            }
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    (blocks, code)
}

/// Whether a fenced block's language is Gherkin.
fn is_gherkin(lang: &str) -> bool {
    matches!(lang.to_ascii_lowercase().as_str(), "gherkin" | "feature" | "cucumber")
}

/// The steps of a Gherkin block as items, each with its file offset; `start` is the offset
/// of the block's text. Keywords stay: the parser reads "Then …" as a statement of behaviour.
fn gherkin_steps(text: &str, start: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        if !trimmed.is_empty() && !trimmed.starts_with('#') && !trimmed.starts_with('|') && !trimmed.starts_with('@') {
            let mut block = Block::new(ClauseKind::Item);
            block.push(trimmed, start + offset + lead);
            out.push(block);
        }
        offset += line.len();
    }
    out
}

/// Plain text: paragraphs split by blank lines, list items, and examples kept as code.
pub(super) fn plain_blocks(body: &str, base: usize) -> (Vec<Block>, CodeOut) {
    let mut blocks = Vec::new();
    let mut code: CodeOut = Vec::new();
    let mut current: Option<Block> = None;
    let mut example: Option<(String, usize)> = None;
    let mut offset = 0;
    let mut previous_blank = true;
    for raw in body.split_inclusive('\n') {
        let at = base + offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            if let Some((text, start)) = example.take() {
                code.push((text, None, start));
            }
            if let Some(block) = current.take() {
                blocks.push(block);
            }
            previous_blank = true;
            continue;
        }
        let doctest = trimmed.starts_with(">>>");
        let indented_code = previous_blank && current.is_none() && (line.starts_with("    ") || line.starts_with('\t'));
        if doctest || indented_code || (example.is_some() && !is_item_start(trimmed)) {
            if let Some(block) = current.take() {
                blocks.push(block);
            }
            let (text, _) = example.get_or_insert_with(|| (String::new(), at));
            text.push_str(trimmed);
            text.push('\n');
            previous_blank = false;
            continue;
        }
        if let Some((text, start)) = example.take() {
            code.push((text, None, start));
        }
        if let Some(marker) = item_marker_len(trimmed) {
            if let Some(block) = current.take() {
                blocks.push(block);
            }
            let mut block = Block::new(ClauseKind::Item);
            block.push(&trimmed[marker..], at + indent + marker);
            current = Some(block);
        } else {
            let block = current.get_or_insert_with(|| Block::new(ClauseKind::Sentence));
            if !block.text.is_empty() {
                block.push(" ", at);
            }
            block.push(trimmed, at + indent);
        }
        previous_blank = false;
    }
    if let Some((text, start)) = example.take() {
        code.push((text, None, start));
    }
    if let Some(block) = current.take() {
        blocks.push(block);
    }
    (blocks, code)
}

fn is_item_start(line: &str) -> bool {
    item_marker_len(line).is_some()
}

/// Length of a list marker (`- `, `* `, `+ `, `• `, `1. `, `2) `) at the start of a line.
fn item_marker_len(line: &str) -> Option<usize> {
    for bullet in ["- ", "* ", "+ ", "• "] {
        if line.starts_with(bullet) {
            return Some(bullet.len());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some(digits + 2);
        }
    }
    None
}

/// Splits free text (a back-translation) into clauses: lines, then sentences and `;` parts.
#[must_use]
pub fn clauses_of(text: &str) -> Vec<&str> {
    text.lines().flat_map(|line| split_clauses(line).into_iter().map(move |(s, e)| &line[s..e])).collect()
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "vs", "cf", "approx", "incl", "mr", "mrs", "ms", "dr", "no", "fig", "st", "min", "max",
    "sec", "ca", "resp", "esp",
];

/// Splits a block's text into clause ranges: sentences, then `;`-separated parts.
///
/// A sentence ends at `.`, `!` or `?` followed by whitespace and a character that can start a
/// sentence, unless the period closes an abbreviation or sits inside a code span or number.
pub(super) fn split_clauses(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let push = |out: &mut Vec<(usize, usize)>, s: usize, e: usize| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if piece.trim().chars().any(char::is_alphanumeric) {
            out.push((s + lead, e - trail));
        }
    };
    let inside = bracketed(bytes);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'`' {
            in_code = !in_code;
        } else if !in_code && !inside[i] && (b == b';' || (matches!(b, b'.' | b'!' | b'?') && ends_sentence(text, i))) {
            push(&mut out, start, i + 1);
            start = i + 1;
        }
        i += 1;
    }
    push(&mut out, start, bytes.len());
    out
}

/// Which bytes sit inside a matched pair of brackets: examples and asides, where a full stop
/// does not end the sentence. An unmatched bracket marks nothing.
fn bracketed(bytes: &[u8]) -> Vec<bool> {
    let mut inside = vec![false; bytes.len()];
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => stack.push((b, i)),
            b')' | b']' | b'}' => {
                let open = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if let Some(k) = stack.iter().rposition(|&(o, _)| o == open) {
                    let (_, at) = stack[k];
                    stack.truncate(k);
                    inside[at..i].iter_mut().for_each(|x| *x = true);
                }
            }
            _ => {}
        }
    }
    inside
}

fn ends_sentence(text: &str, i: usize) -> bool {
    let after = &text[i + 1..];
    let Some(next_char) = after.chars().next() else {
        return true;
    };
    if !next_char.is_whitespace() {
        // `."` or `.)` close a sentence when whitespace follows them.
        return matches!(next_char, '"' | '\'' | ')' | '”' | '’')
            && after[next_char.len_utf8()..].chars().next().is_none_or(char::is_whitespace)
            && ends_sentence(text, i + next_char.len_utf8());
    }
    let Some(first) = after.trim_start().chars().next() else {
        return true;
    };
    let starts_sentence = first.is_uppercase() || first.is_ascii_digit() || "\"'`(“[*".contains(first);
    if text.as_bytes()[i] != b'.' {
        return starts_sentence;
    }
    let word: String = text[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let word = word.to_lowercase();
    if ABBREVIATIONS.contains(&word.as_str()) {
        return false;
    }
    if word == "etc" {
        return first.is_uppercase();
    }
    // Docstrings often start a sentence in lowercase ("… of "<" and ">". return True if …");
    // after a whole word that is not an abbreviation, a full stop ends the sentence anyway.
    let after_quote = word.is_empty() && text[..i].ends_with(['"', '\'', ')', ']', '”', '’']);
    starts_sentence || (first.is_lowercase() && (after_quote || (word.chars().count() >= 2 && !word.contains('.'))))
}
