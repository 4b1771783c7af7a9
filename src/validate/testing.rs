//! Zones for check tests, written as short text: one record per line, `owner [ttl] TYPE
//! rdata`, names relative to `example.`, `@` for the apex. Records keep their line and offset,
//! so findings can be narrowed against the same text.

use crate::error::{Diagnostic, ErrorCode, Location};
use crate::name::Name;
use crate::record::Record;
use crate::rr::{Class, Fields, RecordData, RecordType, Token};

use super::{check, CheckOptions, SingleSource};

/// The apex of every test zone.
pub(crate) fn origin() -> Name {
    Name::from_ascii("example.").unwrap()
}

/// A clean apex: SOA with RFC 1912 timers, two NS with addresses.
pub(crate) const APEX: &str = "\
@ 3600 SOA ns1 hostmaster 1 7200 900 1209600 3600
@ 3600 NS ns1
@ 3600 NS ns2
ns1 3600 A 192.0.2.1
ns2 3600 AAAA 2001:db8::2
";

/// Splits a line into tokens: blanks separate, double quotes group.
fn tokens(line: &str, base: usize) -> Vec<Token<'_>> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
        } else if bytes[i] == b'"' {
            let start = i + 1;
            i = start;
            while i < bytes.len() && bytes[i] != b'"' {
                i += 1;
            }
            out.push(Token {
                text: &bytes[start..i],
                quoted: true,
                offset: base + start - 1,
            });
            i += 1;
        } else {
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            out.push(Token {
                text: &bytes[start..i],
                quoted: false,
                offset: base + start,
            });
        }
    }
    out
}

/// The records of `text`; panics on anything it cannot read (test input is trusted).
pub(crate) fn records(text: &str) -> Vec<Record> {
    let origin = origin();
    let mut out = Vec::new();
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let base = offset;
        offset += line.len();
        let toks = tokens(line.trim_end(), base);
        if toks.is_empty() {
            continue;
        }
        let owner = Name::parse(toks[0].text, Some(&origin)).unwrap();
        let mut pos = 1;
        let mut ttl = 3600;
        if let Ok(t) = std::str::from_utf8(toks[pos].text).unwrap().parse::<u32>() {
            ttl = t;
            pos += 1;
        }
        if toks[pos].text.eq_ignore_ascii_case(b"IN") {
            pos += 1;
        }
        let rtype = RecordType::from_mnemonic(toks[pos].text)
            .unwrap_or_else(|| panic!("unknown type in {line:?}"));
        let rdata = &toks[pos + 1..];
        let data = if rdata.first().is_some_and(|t| t.text == b"\\#") {
            let hex: String = rdata[2..]
                .iter()
                .map(|t| std::str::from_utf8(t.text).unwrap())
                .collect();
            let bytes = data_encoding::HEXLOWER_PERMISSIVE
                .decode(hex.as_bytes())
                .unwrap();
            RecordData::decode(rtype, &bytes).unwrap()
        } else {
            let mut fields = Fields::new(rdata, Some(&origin), rtype);
            RecordData::parse(rtype, &mut fields)
                .unwrap_or_else(|e| panic!("bad rdata in {line:?}: {}", e.message))
        };
        let mut record = Record::new(owner, ttl, Class::IN, data);
        record.location = Location {
            file: None,
            line: n as u32 + 1,
            column: 1,
            offset: base as u64,
            len: line.trim_end().len() as u32,
        };
        out.push(record);
    }
    out
}

/// Every finding of the default `rfc` profile on `text`.
pub(crate) fn run(text: &str) -> Vec<Diagnostic> {
    run_with(text, &CheckOptions::default())
}

/// Every finding on `text` under `options`.
pub(crate) fn run_with(text: &str, options: &CheckOptions) -> Vec<Diagnostic> {
    let records = records(text);
    check(
        &records,
        &origin(),
        options,
        Some(&SingleSource(text.as_bytes())),
    )
}

/// The findings of one code.
pub(crate) fn findings(text: &str, code: ErrorCode) -> Vec<Diagnostic> {
    run(text).into_iter().filter(|d| d.code == code).collect()
}

/// The codes found on `text`, sorted, with repeats.
pub(crate) fn codes(text: &str) -> Vec<ErrorCode> {
    let mut codes: Vec<ErrorCode> = run(text).into_iter().map(|d| d.code).collect();
    codes.sort();
    codes
}

/// `APEX` followed by `body`.
pub(crate) fn zone(body: &str) -> String {
    format!("{APEX}{body}")
}
