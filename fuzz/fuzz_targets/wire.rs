//! Wire-form rdata of every typed record type: decode → print → read → encode is the identity.
//!
//! The first two bytes pick the type (a typed type's code as is; any other number picks a
//! typed type by index, so every row of the table is reachable), the rest is the rdata.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use zonefmt::rr::{RecordData, RecordType};
use zonefmt::zonefile::{parse_str, ReaderOptions};

fuzz_target!(|data: &[u8]| {
    let Some((code, rdata)) = data.split_first_chunk::<2>() else {
        return;
    };
    let code = u16::from_be_bytes(*code);
    let types = common::typed_types();
    let rtype = if RecordType(code).is_typed() {
        RecordType(code)
    } else {
        match types.get(usize::from(code) % types.len().max(1)) {
            Some(t) => *t,
            None => return,
        }
    };
    let Ok(decoded) = RecordData::decode(rtype, rdata) else {
        return;
    };
    assert_eq!(decoded.rtype(), rtype);
    let line = format!("x. 0 IN {rtype} {}\n", decoded.to_text());
    let zone = match parse_str(&line, &ReaderOptions::default()) {
        Ok(zone) => zone,
        Err(e) => panic!("printed form of {rdata:02x?} does not read back: {line:?}: {e}"),
    };
    let [record] = zone.records.as_slice() else {
        panic!("{line:?} read as {} records", zone.records.len());
    };
    assert_eq!(record.data, decoded, "{line:?} reads as another value");
    assert_eq!(
        record.data.to_wire(),
        rdata,
        "{line:?} encodes to other octets than it was decoded from"
    );
});
