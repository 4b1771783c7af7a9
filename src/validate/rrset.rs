//! RRsets: no record twice (compared on its data, so `NS.example.` equals `ns.example.` and
//! `2001:DB8::1` equals `2001:db8:0::1`), one TTL per RRset, and SPF published as TXT.

use std::collections::HashMap;

use crate::record::Record;
use crate::rr::{RecordData, RecordType};

use super::skeleton::bits;
use super::stream::Zone;
use super::{relate, Findings, Focus};

/// A key equal for equal records: the rdata's wire form with every ASCII letter lower-cased.
/// Records that are equal (names compare without case, everything else exactly) have equal
/// keys; equal keys are then confirmed with `==`.
fn fold_key(record: &Record, buf: &mut Vec<u8>) -> u64 {
    use std::hash::{Hash, Hasher};
    buf.clear();
    record.data.encode(buf);
    buf.make_ascii_lowercase();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    record.class.hash(&mut hasher);
    buf.hash(&mut hasher);
    hasher.finish()
}

/// Orders records by place in the source.
fn by_place(a: &&Record, b: &&Record) -> std::cmp::Ordering {
    a.location
        .file
        .cmp(&b.location.file)
        .then(a.location.offset.cmp(&b.location.offset))
}

/// The RRsets of one owner's records (ordered by type): runs of one type.
fn rrsets<'r, 'a>(records: &'r [&'a Record]) -> impl Iterator<Item = &'r [&'a Record]> {
    let mut rest = records;
    std::iter::from_fn(move || {
        let rtype = rest.first()?.rtype();
        let len = rest.iter().take_while(|r| r.rtype() == rtype).count();
        let (set, tail) = rest.split_at(len);
        rest = tail;
        Some(set)
    })
}

/// RRsets up to this size are searched for duplicates pairwise, without hashing.
const PAIRWISE: usize = 16;

/// ZF2050: the same record more than once.
pub(super) fn duplicate_record(records: &[&Record], out: &mut Findings<'_>) {
    let mut buf = Vec::new();
    for set in rrsets(records) {
        if set.len() < 2 {
            continue;
        }
        // Most RRsets hold no copy: find that out without allocating.
        let same = |a: &Record, b: &Record| a.data == b.data && a.class == b.class;
        if set.len() <= PAIRWISE
            && !set
                .iter()
                .enumerate()
                .any(|(i, a)| set.iter().skip(i + 1).any(|b| same(a, b)))
        {
            continue;
        }
        let mut ordered: Vec<&Record> = set.to_vec();
        ordered.sort_by(by_place);
        // Each record against the earlier ones that were not themselves copies: in small
        // sets one by one, in large ones only those with the same key.
        let mut kept: Vec<&Record> = Vec::new();
        let mut seen: HashMap<u64, Vec<&Record>> = HashMap::new();
        for record in ordered {
            let same = |e: &&&Record| e.data == record.data && e.class == record.class;
            let first = if set.len() <= PAIRWISE {
                let first = kept.iter().find(same).copied();
                if first.is_none() {
                    kept.push(record);
                }
                first
            } else {
                let earlier = seen.entry(fold_key(record, &mut buf)).or_default();
                let first = earlier.iter().find(same).copied();
                if first.is_none() {
                    earlier.push(record);
                }
                first
            };
            let Some(first) = first else {
                continue;
            };
            let place = out.place(first, Focus::Rdata);
            let d = out.report(
                record,
                Focus::Rdata,
                format!(
                    "duplicate {} record at {}: same data as an earlier one",
                    record.rtype(),
                    record.owner
                ),
            );
            relate(d, place, "the first copy is here");
            d.help =
                Some("a zone holds each record once; servers drop the copy, so delete it".into());
        }
    }
}

/// ZF2051: records of one RRset with different TTLs.
pub(super) fn ttl_mismatch(records: &[&Record], out: &mut Findings<'_>) {
    for set in rrsets(records) {
        let Some(rtype) = set.first().map(|r| r.rtype()) else {
            continue;
        };
        // RRSIGs cover different types and may differ in TTL.
        if rtype == RecordType::RRSIG || set.len() < 2 {
            continue;
        }
        if set
            .windows(2)
            .all(|w| w.first().map(|r| r.ttl) == w.last().map(|r| r.ttl))
        {
            continue;
        }
        let mut set: Vec<&Record> = set.to_vec();
        set.sort_by(by_place);
        let Some((first, rest)) = set.split_first() else {
            continue;
        };
        let place = out.place(first, Focus::Entry);
        for record in rest.iter().filter(|r| r.ttl != first.ttl) {
            let d = out.report(
                record,
                Focus::Entry,
                format!(
                    "TTL {} differs from TTL {} of the first {rtype} record at {} (one RRset has one TTL)",
                    record.ttl, first.ttl, record.owner
                ),
            );
            relate(
                d,
                place.clone(),
                format!("the first {rtype} record, TTL {}, is here", first.ttl),
            );
            d.help = Some(format!(
                "use one TTL for all {rtype} records at this name (RFC 2181 §5.2); BIND serves them all with TTL {}",
                first.ttl
            ));
        }
    }
}

/// True for a TXT record that holds an SPF policy.
pub(crate) fn is_spf_text(record: &Record) -> bool {
    match &record.data {
        RecordData::Txt(txt) => {
            let mut prefix = Vec::with_capacity(6);
            for s in &txt.strings {
                prefix.extend(s.iter().take(6 - prefix.len()));
                if prefix.len() == 6 {
                    break;
                }
            }
            prefix.eq_ignore_ascii_case(b"v=spf1")
        }
        _ => false,
    }
}

/// ZF2082: an SPF-type record without a TXT SPF policy beside it.
pub(super) fn spf_without_txt(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let sk = zone.skeleton();
    for id in zone.owners() {
        if !sk.has(id, bits::SPF) || sk.has(id, bits::SPF_TEXT) {
            continue;
        }
        let Some(owner) = zone.records_of(id) else {
            continue;
        };
        let Some(spf) = owner.first(RecordType::SPF) else {
            continue;
        };
        out.report(
            spf,
            Focus::Type,
            format!(
                "{} has an SPF-type record but no TXT record with the policy",
                owner.name()
            ),
        )
        .help = Some(
            "RFC 7208 §3.1 retired the SPF type; publish the same text as a TXT record".into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode::*;
    use crate::validate::testing::*;

    #[test]
    fn distinct_records_are_quiet() {
        let text = zone("www A 192.0.2.1\nwww A 192.0.2.2\nt TXT \"a\"\nt TXT \"A\"\n@ MX 10 ns1\n@ MX 20 ns1\n");
        assert_eq!(codes(&text), vec![]);
    }

    #[test]
    fn duplicates_compare_data_not_text() {
        let text = zone(
            "www AAAA 2001:DB8::1\nwww AAAA 2001:db8:0:0::1\nm MX 10 NS1\nm MX 10 ns1.EXAMPLE.\nk TYPE99 \\# 2 0161\nk SPF \"a\"\nk TXT \"v=spf1 -all\"\n",
        );
        let found = findings(&text, DuplicateRecord);
        let got: Vec<_> = found
            .iter()
            .map(|d| (d.location.line, d.related[0].0.line))
            .collect();
        assert_eq!(got, vec![(7, 6), (9, 8), (11, 10)]);
        assert_eq!(
            found[0].message,
            "duplicate AAAA record at www.example.: same data as an earlier one"
        );
        // Text differing only in case is different data.
        assert!(findings(&zone("t TXT \"a\"\nt TXT \"A\"\n"), DuplicateRecord).is_empty());
    }

    #[test]
    fn ttl_mismatch() {
        let text = zone("www 300 A 192.0.2.1\nwww 600 A 192.0.2.2\nwww 300 A 192.0.2.3\n");
        let found = findings(&text, TtlMismatch);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "TTL 600 differs from TTL 300 of the first A record at www.example. (one RRset has one TTL)"
        );
        assert_eq!((found[0].location.line, found[0].related[0].0.line), (7, 6));
        // Different types may differ.
        assert!(findings(
            &zone("www 300 A 192.0.2.1\nwww 600 TXT \"x\"\n"),
            TtlMismatch
        )
        .is_empty());
    }

    #[test]
    fn spf_without_txt() {
        let text = zone("x TXT \"v=spf1\"\ny SPF \"v=spf1\"\ny TXT \"other\"\n@ TXT \"v=spf1 -all\"\n@ SPF \"v=spf1 -all\"\n");
        let found = findings(&text, SpfWithoutTxt);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "y.example. has an SPF-type record but no TXT record with the policy"
        );
    }
}
