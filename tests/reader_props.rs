//! Properties of the reader over the whole type table: a record printed by
//! `Record::write_line` reads back as the same record, in its type's own syntax and in the
//! RFC 3597 generic form, whatever the owner's bytes and TTL.

use proptest::prelude::*;
use zonefmt::zonefile::{read_str, Item, Reader, ReaderOptions};
use zonefmt::{Class, Name, Record, RecordData, RecordType};

fn owner() -> impl Strategy<Value = Name> {
    prop::collection::vec(prop::collection::vec(any::<u8>(), 1..12), 0..4)
        .prop_map(|labels| Name::from_labels(labels.iter().map(Vec::as_slice)).unwrap())
}

/// Some type from the table (typed or opaque), or a number with no mnemonic; rdata is any
/// wire form the type accepts.
fn record() -> impl Strategy<Value = Record> {
    let types: Vec<RecordType> = RecordType::KNOWN
        .iter()
        .copied()
        .filter(|t| t.0 != 41 && !(128..=255).contains(&t.0))
        .chain([RecordType(65_280), RecordType(4_000)])
        .collect();
    // Wire forms with names where many types have them (first, last, or two at the start),
    // so that types with names in their rdata are reached too.
    let bytes = || prop::collection::vec(any::<u8>(), 0..48);
    let wire = prop_oneof![
        bytes(),
        (owner(), bytes()).prop_map(|(n, b)| [n.as_wire(), &b].concat()),
        (bytes(), owner()).prop_map(|(b, n)| [&b, n.as_wire()].concat()),
        (
            prop::collection::vec(any::<u8>(), 0..3),
            owner(),
            owner(),
            bytes()
        )
            .prop_map(|(p, n, m, b)| [&p, n.as_wire(), m.as_wire(), &b].concat()),
    ];
    (
        prop::sample::select(types),
        wire,
        owner(),
        0u32..=0x7fff_ffff,
    )
        .prop_filter_map("rdata the type accepts", |(rtype, wire, owner, ttl)| {
            let data = RecordData::decode(rtype, &wire).ok()?;
            Some(Record::new(owner, ttl, Class::IN, data))
        })
}

fn read_one(text: &str) -> Record {
    let zone = read_str(text, &ReaderOptions::default());
    assert!(!zone.has_errors(), "{text:?}: {:?}", zone.diagnostics);
    assert_eq!(zone.records.len(), 1, "{text:?}");
    zone.records.into_iter().next().unwrap()
}

fn same(a: &Record, b: &Record) -> bool {
    a.owner.as_wire() == b.owner.as_wire()
        && a.ttl == b.ttl
        && a.class == b.class
        && a.data == b.data
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn printed_records_read_back(record in record()) {
        let line = format!("{record}\n");
        let back = read_one(&line);
        prop_assert!(same(&record, &back), "{line:?} read back as {back}");
    }

    #[test]
    fn generic_form_reads_back(record in record()) {
        let wire = record.data.to_wire();
        let line = format!(
            "{} {} IN {} \\# {} {}\n",
            record.owner,
            record.ttl,
            record.rtype(),
            wire.len(),
            wire.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        let back = read_one(&line);
        prop_assert!(same(&record, &back), "{line:?} read back as {back}");
    }

    #[test]
    fn any_input_reads_the_same_streamed_and_never_panics(text in zone_like()) {
        let options = ReaderOptions::with_origin("example.").unwrap();
        let whole: Vec<Item> = Reader::from_bytes(text.as_bytes(), None, options.clone()).collect();
        let streamed: Vec<Item> = Reader::from_read(Trickle(text.as_bytes()), None, options).collect();
        prop_assert_eq!(whole, streamed);
    }
}

/// Text made of zone-file pieces, to reach deep into the reader rather than fail at once.
fn zone_like() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "$ORIGIN ",
        "$TTL ",
        "$GENERATE ",
        "$INCLUDE ",
        "(",
        ")",
        "\"",
        "\\",
        ";",
        "\n",
        " ",
        "\t",
        "\r\n",
        "@",
        "A",
        "TXT",
        "MX",
        "SOA",
        "IN",
        "CH",
        "1-3",
        "${0,3,n}",
        "${-1,2,x}",
        "$",
        "192.0.2.1",
        "\\#",
        "0",
        "2",
        "ff",
        "x",
        "x.",
        "\\0",
        "\\255",
        "1h",
        "TYPE1",
        "CLASS1",
        "\u{feff}",
        "\u{0}",
        "é",
        "ns hm 1 2 3 4 5",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
}

/// Hands the input out three bytes at a time.
struct Trickle<'a>(&'a [u8]);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = 3.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}
