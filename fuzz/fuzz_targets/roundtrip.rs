//! Whatever the reader accepts prints and reads back to the same records.
//!
//! Each record read from the input is printed in the canonical one-line form
//! (`Record::write_line`); reading that text again must give the same owner, TTL, class and
//! data with no diagnostic, and printing it again must give the same text. The wire form must
//! decode back to the same data too.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use zonefmt::rr::RecordData;
use zonefmt::zonefile::{Item, Reader, ReaderOptions};

fuzz_target!(|data: &[u8]| {
    let options = common::options();
    let items: Vec<Item> = Reader::from_bytes(data, None, options).collect();
    let records = common::records(&items);
    if records.is_empty() {
        return;
    }
    let mut text = String::new();
    for r in &records {
        r.write_line(&mut text);
        text.push('\n');
    }
    // The printed form is absolute: it must read without an origin.
    let again: Vec<Item> =
        Reader::from_bytes(text.as_bytes(), None, ReaderOptions::default()).collect();
    let diagnostics: Vec<_> = again
        .iter()
        .filter(|i| matches!(i, Item::Diagnostic(_)))
        .collect();
    assert!(
        diagnostics.is_empty(),
        "printed text does not read back:\n{text}\n{diagnostics:#?}"
    );
    let reread = common::records(&again);
    assert_eq!(records.len(), reread.len(), "record count differs for:\n{text}");
    let mut reprinted = String::new();
    for (before, after) in records.iter().zip(&reread) {
        assert_eq!(
            common::meaning(before),
            common::meaning(after),
            "record changed on the way through:\n{text}"
        );
        after.write_line(&mut reprinted);
        reprinted.push('\n');
        let wire = before.data.to_wire();
        let decoded = RecordData::decode(before.rtype(), &wire);
        assert_eq!(
            decoded.as_ref().ok(),
            Some(&before.data),
            "wire form {wire:02x?} does not decode back ({decoded:?})"
        );
    }
    assert_eq!(text, reprinted, "printing is not stable");
});
