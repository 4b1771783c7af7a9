//! Zones for check tests, written as zone-file text with origin `example.`; records keep their
//! line and offset, so findings can be narrowed against the same text.

use crate::error::{Diagnostic, ErrorCode, Severity};
use crate::name::Name;
use crate::record::Record;
use crate::zonefile::{read_str, ReaderOptions};

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

/// The records of `text`, read by the zone-file reader with origin `example.`; panics on
/// any reader error (test input is meant to be valid).
pub(crate) fn records(text: &str) -> Vec<Record> {
    let options = ReaderOptions::with_origin("example.").unwrap();
    let zone = read_str(text, &options);
    let errors: Vec<String> = zone
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "test zone does not read: {errors:?}");
    zone.records
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
