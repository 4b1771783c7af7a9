//! The formatter: its lossless syntax tree gives any bytes back, and `format` is idempotent
//! and keeps the zone's meaning.
//!
//! Any bytes give a tree whose nodes tile the input and which prints the input back byte for
//! byte. Then the checked formatter runs: input with errors is refused (fine), but it must
//! never report that its own output changed the records or lost a comment (`Unsafe`, a
//! formatter bug), its output must read as the same records with every comment (checked here
//! by reading both in full, whatever `format`'s own check concluded), and formatting its
//! output again must change nothing. The last input byte
//! picks the options, so sorting, TTL styles and narrow widths are explored too.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use zonefmt::fmt::tree::SyntaxTree;
use zonefmt::fmt::{
    format, missing_comments, read_records, same_record, FormatError, FormatOptions, TtlStyle,
};
use zonefmt::Severity;

fuzz_target!(|data: &[u8]| {
    check_tree(data);
    let Some((&selector, zone)) = data.split_last() else {
        return;
    };
    let options = FormatOptions {
        ttl: match selector % 3 {
            0 => TtlStyle::Keep,
            1 => TtlStyle::Seconds,
            _ => TtlStyle::Units,
        },
        sort: selector & 0x04 != 0,
        width: if selector & 0x08 != 0 { 40 } else { 80 },
        ..FormatOptions::default()
    };
    let reader = common::options();
    let once = match format(zone, None, &reader, &options) {
        Ok(formatted) => formatted.text,
        Err(FormatError::Invalid(_)) => return,
        Err(FormatError::Unsafe(why)) => panic!("the formatter changed the zone: {why}"),
    };
    // `format` shows most outputs the same from their tokens alone (FORMAT.md, "How the
    // output is checked"); here both texts are read in full, so that a hole in that argument
    // is found too.
    let (before, before_diagnostics) = read_records(zone, None, &reader);
    let (after, diagnostics) = read_records(&once, None, &reader);
    // The formatter formats one file: a refused `$INCLUDE` is an error of the input that it
    // keeps as written, so the output may have the input's errors, and no other.
    let errors = |diagnostics: &[zonefmt::Diagnostic]| {
        let mut codes: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect();
        codes.sort_unstable();
        codes
    };
    assert_eq!(
        errors(&diagnostics),
        errors(&before_diagnostics),
        "the output has other errors than the input: {diagnostics:?}"
    );
    if options.sort {
        let mut before: Vec<String> = before.iter().map(ToString::to_string).collect();
        let mut after: Vec<String> = after.iter().map(ToString::to_string).collect();
        before.sort_unstable();
        after.sort_unstable();
        assert_eq!(before, after, "formatting changed the records");
    } else {
        assert_eq!(before.len(), after.len(), "formatting changed the number of records");
        for (a, b) in before.iter().zip(&after) {
            assert!(same_record(a, b), "formatting changed {a} into {b}");
        }
    }
    assert!(
        missing_comments(zone, &once).is_empty(),
        "formatting lost a comment"
    );
    match format(&once, None, &reader, &options) {
        Ok(again) => assert!(
            again.text == once,
            "formatting is not idempotent:\n--- once\n{}\n--- twice\n{}",
            String::from_utf8_lossy(&once),
            String::from_utf8_lossy(&again.text)
        ),
        Err(e) => panic!("the formatter's own output does not format again: {e}"),
    }
});

fn check_tree(data: &[u8]) {
    let tree = SyntaxTree::parse(data);
    assert_eq!(tree.to_bytes(), data, "the tree is not lossless");
    let mut at = 0;
    for node in tree.nodes() {
        assert_eq!(node.range().start, at, "nodes must tile the input");
        let mut inner = node.range().start;
        for element in tree.elements(node) {
            assert_eq!(element.range().start, inner, "elements must tile their node");
            inner = element.range().end;
        }
        assert_eq!(inner, node.range().end);
        at = node.range().end;
    }
    assert_eq!(at, data.len());
}
