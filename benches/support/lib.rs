//! Shared by the benches and the `peer-parse` binary: the inputs (the IANA root zone from
//! testdata and the generated zones) and one "read every record into its typed form" function
//! per parser, so every parser is measured on the same bytes doing the same work.

pub mod gen;

use std::path::PathBuf;

use zonefmt::zonefile::{Item, Reader, ReaderOptions};
use zonefmt::Name;

/// One benchmark input.
#[derive(Debug, Clone)]
pub struct Input {
    /// Short name for reports (`root-2018`, `tld`, `customer`).
    pub name: &'static str,
    /// The zone text.
    pub bytes: Vec<u8>,
    /// The origin relative names resolve against.
    pub origin: &'static str,
    /// Records in the input (as zonefmt reads them).
    pub records: u64,
}

/// Record types a peer cannot read in presentation form; lines holding them are left out of
/// that peer's copy of an input (and the report says so).
pub const HICKORY_UNSUPPORTED: &[&str] = &["NSEC", "DNSKEY", "RRSIG", "LOC"];
/// The same for `domain` (it has no LOC).
pub const DOMAIN_UNSUPPORTED: &[&str] = &["LOC"];

/// The repository's testdata directory.
pub fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

/// The IANA root zone of 2018 (1.1 MB, signed: NS, A, AAAA, DS, NSEC, RRSIG, DNSKEY).
pub fn root_zone() -> std::io::Result<Input> {
    let bytes = std::fs::read(testdata().join("root-zone-2018/root.zone"))?;
    Ok(input("root-2018", bytes, "."))
}

/// A generated zone of `kind` with `count` delegations or names.
pub fn generated(kind: gen::Kind, count: u64) -> Input {
    let name = match kind {
        gen::Kind::Tld => "tld",
        gen::Kind::Customer => "customer",
    };
    input(name, gen::zone_bytes(kind, count), kind.origin())
}

fn input(name: &'static str, bytes: Vec<u8>, origin: &'static str) -> Input {
    let records = zonefmt_records(&bytes, origin).unwrap_or(0);
    Input {
        name,
        bytes,
        origin,
        records,
    }
}

/// The three inputs of `benches/parse.rs`: the root zone, a TLD-like zone with `tld`
/// delegations and a customer zone with `customer` names.
pub fn standard_inputs(tld: u64, customer: u64) -> std::io::Result<Vec<Input>> {
    Ok(vec![
        root_zone()?,
        generated(gen::Kind::Tld, tld),
        generated(gen::Kind::Customer, customer),
    ])
}

/// zonefmt: reads every record into its typed form (streaming; each record is dropped after
/// it is counted, as `zonefmt stats` does). Fails on the first error.
pub fn zonefmt_records(bytes: &[u8], origin: &str) -> Result<u64, String> {
    let options = ReaderOptions {
        origin: Some(Name::from_ascii(origin).map_err(|e| e.to_string())?),
        ..ReaderOptions::default()
    };
    count_items(Reader::from_bytes(bytes, None, options))
}

/// zonefmt reading from a file in chunks, as the CLI does.
pub fn zonefmt_file_records(path: &str, origin: &str) -> Result<u64, String> {
    let options = ReaderOptions {
        origin: Some(Name::from_ascii(origin).map_err(|e| e.to_string())?),
        ..ReaderOptions::default()
    };
    count_items(Reader::open(path, options).map_err(|e| e.to_string())?)
}

fn count_items(reader: Reader<'_>) -> Result<u64, String> {
    let mut records = 0;
    for item in reader {
        match item {
            Item::Record(record) => {
                std::hint::black_box(&record);
                records += 1;
            }
            Item::Diagnostic(d) if d.severity == zonefmt::Severity::Error => {
                return Err(d.to_string())
            }
            Item::Diagnostic(_) => {}
        }
    }
    Ok(records)
}

/// NLnet Labs `domain`: its in-place zonefile scanner, every record scanned into
/// `ZoneRecordData` (streaming; records dropped). The scanner first copies the input into its
/// own buffer, which is part of its cost.
pub fn domain_records(bytes: &[u8], origin: &str) -> Result<u64, String> {
    use domain::zonefile::inplace::{Entry, Zonefile};
    let mut zone = Zonefile::from(bytes);
    let origin: domain::base::Name<bytes::Bytes> =
        domain::base::Name::bytes_from_str(origin).map_err(|e| e.to_string())?;
    zone.set_origin(origin);
    let mut records = 0;
    while let Some(entry) = zone.next_entry().map_err(|e| e.to_string())? {
        if let Entry::Record(record) = entry {
            std::hint::black_box(&record);
            records += 1;
        }
    }
    Ok(records)
}

/// `hickory-proto`: its zone parser, which builds the whole zone as record sets.
pub fn hickory_records(text: &str, origin: &str) -> Result<u64, String> {
    use std::str::FromStr;
    let origin = hickory_proto::rr::Name::from_str(origin).map_err(|e| e.to_string())?;
    let parser = hickory_proto::serialize::txt::Parser::new(text, None, Some(origin));
    let (_, sets) = parser.parse().map_err(|e| e.to_string())?;
    Ok(sets
        .values()
        .map(|set| set.records_without_rrsigs().count() as u64)
        .sum())
}

/// `input` without the SOA records after the first: zone dumps (the root zone) repeat the SOA
/// at the end, as AXFR does, and hickory refuses a second SOA.
pub fn without_repeated_soa(input: &[u8]) -> Vec<u8> {
    let mut seen = false;
    let mut out = Vec::with_capacity(input.len());
    for line in input.split_inclusive(|&b| b == b'\n') {
        let text = String::from_utf8_lossy(line);
        let is_soa = text
            .split_ascii_whitespace()
            .take(4)
            .any(|f| f.eq_ignore_ascii_case("SOA"));
        if !(is_soa && seen) {
            out.extend_from_slice(line);
        }
        seen |= is_soa;
    }
    out
}

/// `input` without the lines whose type field is one of `types` (a peer's copy of an input it
/// cannot read whole). Works on the line-per-record layout of the inputs here.
pub fn without_types(input: &[u8], types: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    for line in input.split_inclusive(|&b| b == b'\n') {
        let text = String::from_utf8_lossy(line);
        let mut fields = text.split_ascii_whitespace();
        // The type is within the first four fields (owner, TTL, class, type).
        let drop = (0..4)
            .filter_map(|_| fields.next())
            .any(|field| types.iter().any(|t| field.eq_ignore_ascii_case(t)));
        if !drop {
            out.extend_from_slice(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generators_are_deterministic_and_sized() {
        for kind in [gen::Kind::Tld, gen::Kind::Customer] {
            let a = gen::zone_bytes(kind, 500);
            assert_eq!(a, gen::zone_bytes(kind, 500));
            assert!(a.len() > 500 * 40, "{kind:?}: {} bytes", a.len());
            assert!(gen::zone_bytes(kind, 1000).starts_with(&a));
        }
    }

    #[test]
    fn the_parsers_agree_on_what_they_all_read() {
        let tld = generated(gen::Kind::Tld, 300);
        assert!(tld.records > 600, "{}", tld.records);
        assert_eq!(domain_records(&tld.bytes, tld.origin), Ok(tld.records));
        let text = std::str::from_utf8(&tld.bytes).unwrap();
        assert_eq!(hickory_records(text, tld.origin), Ok(tld.records));

        let customer = generated(gen::Kind::Customer, 300);
        let subset = without_types(&customer.bytes, DOMAIN_UNSUPPORTED);
        assert!(subset.len() < customer.bytes.len());
        let expected = zonefmt_records(&subset, customer.origin).unwrap();
        assert!(expected < customer.records);
        assert_eq!(domain_records(&subset, customer.origin), Ok(expected));
    }

    #[test]
    fn the_root_zone_reads_and_hickory_needs_its_subset() {
        let root = root_zone().unwrap();
        assert_eq!(root.records, 19_598);
        assert_eq!(domain_records(&root.bytes, root.origin), Ok(root.records));
        let whole = std::str::from_utf8(&root.bytes).unwrap();
        assert!(hickory_records(whole, root.origin).is_err());
        let subset = without_repeated_soa(&without_types(&root.bytes, HICKORY_UNSUPPORTED));
        let expected = zonefmt_records(&subset, root.origin).unwrap();
        let text = std::str::from_utf8(&subset).unwrap();
        assert_eq!(hickory_records(text, root.origin), Ok(expected));
    }
}
