//! Test helpers shared by the per-type modules: parse presentation text, print it, parse the
//! print again, and go through wire form and the RFC 3597 generic form, checking that every
//! path gives the same value.

use super::{Fields, RecordData, RecordType, Token};
use crate::name::Name;

/// Splits `text` into tokens the simple way: whitespace-separated, double quotes grouping
/// (escapes inside kept raw), a quote ending an unquoted token. Enough for rdata in unit tests;
/// the real lexer is in zonefile/.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            out.push(Token {
                text: &bytes[start + 1..i.min(bytes.len())],
                quoted: true,
                offset: start,
            });
            i += 1;
        } else {
            // As the real lexer: a quote ends an unquoted token (`alpn="h2"` is two tokens).
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            let end = i.min(bytes.len());
            out.push(Token {
                text: &bytes[start..end],
                quoted: false,
                offset: start,
            });
        }
    }
    out
}

fn origin() -> Name {
    Name::from_ascii("example.").unwrap()
}

/// Parses `rdata` as type `mnemonic` with origin `example.`.
pub fn parse(mnemonic: &str, rdata: &str) -> Result<RecordData, super::FieldError> {
    let rtype = RecordType::from_mnemonic(mnemonic.as_bytes()).expect("known mnemonic");
    let tokens = tokenize(rdata);
    let origin = origin();
    let mut fields = Fields::new(&tokens, Some(&origin), rtype);
    RecordData::parse(rtype, &mut fields)
}

/// Asserts that `input` parses, prints as `canonical`, has wire form `wire_hex` (upper-case
/// hex), and that the canonical text, the wire form and the `\#` form all give the same value.
pub fn assert_round_trip(
    mnemonic: &str,
    input: &str,
    canonical: &str,
    wire_hex: &str,
) -> RecordData {
    let data =
        parse(mnemonic, input).unwrap_or_else(|e| panic!("{mnemonic} {input}: {}", e.message));
    assert_eq!(
        data.to_text(),
        canonical,
        "{mnemonic} {input}: canonical text"
    );
    let reparsed = parse(mnemonic, canonical)
        .unwrap_or_else(|e| panic!("{mnemonic} {canonical}: {}", e.message));
    assert_eq!(reparsed, data, "{mnemonic}: print → parse");
    let wire = data.to_wire();
    assert_eq!(
        data_encoding::HEXUPPER.encode(&wire),
        wire_hex,
        "{mnemonic} {input}: wire"
    );
    let decoded = RecordData::decode(data.rtype(), &wire)
        .unwrap_or_else(|e| panic!("{mnemonic}: decode: {e}"));
    assert_eq!(decoded, data, "{mnemonic}: wire → value");
    assert_eq!(decoded.to_text(), canonical, "{mnemonic}: wire → text");
    data
}

/// Asserts that `input` is rejected with a message containing `message_part`.
pub fn assert_rejects(mnemonic: &str, input: &str, message_part: &str) {
    match parse(mnemonic, input) {
        Ok(d) => panic!("{mnemonic} {input}: accepted as {d}"),
        Err(e) => assert!(
            e.message.contains(message_part),
            "{mnemonic} {input}: message {:?} lacks {message_part:?}",
            e.message
        ),
    }
}

/// Asserts that wire-form `wire_hex` of type `mnemonic` is rejected when decoded.
pub fn assert_wire_rejects(mnemonic: &str, wire_hex: &str) {
    let rtype = RecordType::from_mnemonic(mnemonic.as_bytes()).expect("known mnemonic");
    let wire = data_encoding::HEXUPPER_PERMISSIVE
        .decode(wire_hex.as_bytes())
        .expect("hex");
    if let Ok(d) = RecordData::decode(rtype, &wire) {
        panic!("{mnemonic} wire {wire_hex}: accepted as {d}");
    }
}

/// One record of a test zone file: owner as written (`None` when inherited), the type mnemonic
/// as written, and the rdata text.
pub struct ZoneEntry {
    pub line: usize,
    pub owner: Option<String>,
    pub mnemonic: String,
    pub rdata: String,
}

/// Pulls the records of the given types out of a zone file's text, the simple way: comments
/// dropped, parentheses joined, `$` lines skipped, the type found as the first token (after
/// the owner) equal to one of `mnemonics`. Enough to feed copied corpora to the rdata tests
/// while the real reader lives elsewhere.
pub fn zone_entries(text: &str, mnemonics: &[&str]) -> Vec<ZoneEntry> {
    let mut out = Vec::new();
    for (line, text) in logical_lines(text) {
        if text.starts_with('$') {
            continue;
        }
        let tokens = tokenize(&text);
        let skip = usize::from(!text.starts_with([' ', '\t']));
        let found = tokens.iter().skip(skip).find(|t| {
            mnemonics
                .iter()
                .any(|m| m.as_bytes().eq_ignore_ascii_case(t.text))
        });
        if let Some(t) = found {
            out.push(ZoneEntry {
                line,
                owner: (skip == 1).then(|| String::from_utf8_lossy(tokens[0].text).into_owned()),
                mnemonic: String::from_utf8_lossy(t.text).to_ascii_uppercase(),
                rdata: text[t.offset + t.text.len()..].trim().to_string(),
            });
        }
    }
    out
}

/// The logical lines of master-file text (comments dropped, parentheses joined) that hold
/// something, with the line number each starts on.
pub fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut current = String::new();
    let (mut depth, mut quoted, mut line, mut start_line) = (0, false, 1, 1);
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            }
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ';' if !quoted => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        line += 1;
                        break;
                    }
                }
                if depth == 0 {
                    lines.push((start_line, std::mem::take(&mut current)));
                    start_line = line;
                } else {
                    current.push(' ');
                }
            }
            '(' | ')' if !quoted => {
                depth += if c == '(' { 1 } else { -1 };
                current.push(' ');
            }
            '\n' => {
                line += 1;
                if depth == 0 {
                    lines.push((start_line, std::mem::take(&mut current)));
                    start_line = line;
                } else {
                    current.push(' ');
                }
            }
            _ => current.push(c),
        }
    }
    lines.push((start_line, current));
    lines.retain(|(_, l)| !l.trim().is_empty());
    lines
}
