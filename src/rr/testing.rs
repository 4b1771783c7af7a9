//! Test helpers shared by the per-type modules: parse presentation text, print it, parse the
//! print again, and go through wire form and the RFC 3597 generic form, checking that every
//! path gives the same value.

use super::{Fields, RecordData, RecordType, Token};
use crate::name::Name;

/// Splits `text` into tokens the simple way: whitespace-separated, double quotes grouping
/// (escapes inside kept raw). Enough for rdata in unit tests; the real lexer is in zonefile/.
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
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
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
