//! The apex: one SOA there and nowhere else, NS records there, every record inside the zone,
//! and SOA timers in the ranges RFC 1912 recommends.

use std::collections::HashMap;

use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};

use super::stream::Zone;
use super::{zone_location, Findings, Focus};

/// Distinct records of `rtype` at `owner` (duplicates of one record count once; the
/// duplicate check reports those).
///
/// Up to [`PAIRWISE`] distinct records are compared pairwise; past that, each record only with
/// the earlier ones whose data has the same case-folded wire form (200,000 CNAMEs at one name
/// were compared pairwise, 20 billion comparisons).
pub(super) fn distinct<'a>(records: impl Iterator<Item = &'a Record>) -> Vec<&'a Record> {
    let mut out: Vec<&Record> = Vec::new();
    let mut buckets: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
    for r in records {
        if out.len() < PAIRWISE {
            if !out.iter().any(|seen| seen.data == r.data) {
                out.push(r);
            }
            continue;
        }
        if buckets.is_empty() {
            for (i, seen) in out.iter().enumerate() {
                buckets.entry(folded_wire(seen)).or_default().push(i);
            }
        }
        let bucket = buckets.entry(folded_wire(r)).or_default();
        if !bucket
            .iter()
            .any(|&i| out.get(i).is_some_and(|seen| seen.data == r.data))
        {
            bucket.push(out.len());
            out.push(r);
        }
    }
    out
}

/// Distinct records compared pairwise before [`distinct`] switches to a table.
const PAIRWISE: usize = 16;

/// `record`'s rdata in wire form with every ASCII letter lower-cased: equal records (names
/// compare without case, everything else exactly) have equal keys.
fn folded_wire(record: &Record) -> Vec<u8> {
    let mut key = Vec::new();
    record.data.encode(&mut key);
    key.make_ascii_lowercase();
    key
}

/// ZF0144: no SOA at the apex.
pub(super) fn soa_missing(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let apex = zone.apex();
    if apex.is_some_and(|a| a.has(RecordType::SOA)) {
        return;
    }
    let origin = zone.origin();
    let d = match zone.first_record() {
        Some(first) => out.report(
            first,
            Focus::Entry,
            format!("the zone {origin} has no SOA record at its apex"),
        ),
        None => out.report_at(
            zone_location(zone),
            format!("the zone {origin} has no records, so no SOA record"),
        ),
    };
    d.help = Some(format!(
        "every zone starts with one SOA record owned by the origin, e.g. `@ SOA ns1.{origin} hostmaster.{origin} 1 7200 900 1209600 3600`"
    ));
}

/// ZF0143: SOA records below the apex.
pub(super) fn soa_not_at_apex(origin: &Name, soa: &Record, out: &mut Findings<'_>) {
    let name = &soa.owner;
    if soa.rtype() != RecordType::SOA || name == origin || !name.is_subdomain_of(origin) {
        return;
    }
    out.report(
        soa,
        Focus::Owner,
        format!("SOA record at {name}, which is not the zone apex {origin}"),
    )
    .help = Some(format!(
        "an SOA record starts a zone; to make {name} a separate zone, delegate it with NS records instead"
    ));
}

/// ZF0145: no NS records at the apex.
pub(super) fn ns_missing_at_apex(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let apex = zone.apex();
    if apex.is_some_and(|a| a.has(RecordType::NS)) {
        return;
    }
    let message = format!("the zone {} has no NS records at its apex", zone.origin());
    let d = match apex.and_then(|a| a.first(RecordType::SOA)) {
        Some(soa) => out.report(soa, Focus::Owner, message),
        None => match zone.first_record() {
            Some(first) => out.report(first, Focus::Entry, message),
            None => out.report_at(zone_location(zone), message),
        },
    };
    d.help = Some("list the zone's name servers with NS records owned by `@`".into());
}

/// ZF0140: records whose owner is not at or below the origin.
pub(super) fn out_of_zone(origin: &Name, record: &Record, out: &mut Findings<'_>) {
    if record.owner.is_subdomain_of(origin) {
        return;
    }
    out.report(
        record,
        Focus::Owner,
        format!("{} is outside the zone {origin}", record.owner),
    )
    .help = Some(format!(
        "BIND ignores this record; write the owner relative to {origin}, or check the origin and any $ORIGIN above"
    ));
}

/// RFC 1912 §2.2: refresh 20 minutes to 12 hours.
const REFRESH: std::ops::RangeInclusive<u32> = 1200..=43200;
/// RFC 1912 §2.2: expire 2 to 4 weeks.
const EXPIRE: std::ops::RangeInclusive<u32> = 1_209_600..=2_419_200;
/// RFC 2308 §5 caps negative caching in practice at a day; RFC 1912's 1–5 days predate it.
const MAX_MINIMUM: u32 = 86400;

/// ZF2070: SOA timers outside RFC 1912 ranges.
pub(super) fn soa_timers(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let Some(apex) = zone.apex() else {
        return;
    };
    for record in apex.rrset(RecordType::SOA) {
        let RecordData::Soa(soa) = &record.data else {
            continue;
        };
        let mut problems = Vec::new();
        if !REFRESH.contains(&soa.refresh) {
            problems.push((
                3,
                format!(
                    "refresh {} is outside 1200..43200 seconds (20 minutes to 12 hours)",
                    soa.refresh
                ),
            ));
        }
        if soa.retry > soa.refresh {
            problems.push((
                4,
                format!("retry {} is longer than refresh {}", soa.retry, soa.refresh),
            ));
        }
        if !EXPIRE.contains(&soa.expire) {
            problems.push((
                5,
                format!(
                    "expire {} is outside 1209600..2419200 seconds (2 to 4 weeks)",
                    soa.expire
                ),
            ));
        }
        if soa.minimum > MAX_MINIMUM {
            problems.push((
                6,
                format!(
                    "minimum (negative-caching TTL) {} is longer than a day",
                    soa.minimum
                ),
            ));
        }
        for (field, problem) in problems {
            out.report(record, Focus::Field(field), format!("SOA {problem}"))
                .help = Some(
                "RFC 1912 §2.2 suggests refresh 1200-43200, retry below refresh, expire 1209600-2419200; RFC 2308 suggests a minimum of 1-3 hours".into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode::*;
    use crate::validate::testing::*;

    #[test]
    fn clean_apex_is_quiet() {
        assert_eq!(codes(APEX), vec![]);
    }

    #[test]
    fn soa_missing() {
        let found = findings("@ 300 NS ns1\nns1 A 192.0.2.1\n", NoApexSoa);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "the zone example. has no SOA record at its apex"
        );
        assert_eq!(found[0].location.line, 1);
        assert!(
            findings("", NoApexSoa).len() == 1,
            "an empty zone has no SOA"
        );
    }

    #[test]
    fn soa_multiple_counts_distinct_records() {
        let text = zone("@ SOA ns1 hostmaster 2 7200 900 1209600 3600\n");
        let found = findings(&text, SingletonType);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location.line, 6);
        assert_eq!(found[0].related.len(), 1);
        assert_eq!(found[0].related[0].0.line, 1);
        // An exact repeat is a duplicate, not a second SOA.
        let repeat = zone("@ 3600 SOA ns1 hostmaster 1 7200 900 1209600 3600\n");
        assert_eq!(codes(&repeat), vec![DuplicateRecord]);
    }

    #[test]
    fn soa_not_at_apex() {
        let found = findings(
            &zone("sub SOA ns1 hostmaster 1 7200 900 1209600 3600\n"),
            SoaNotAtApex,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "SOA record at sub.example., which is not the zone apex example."
        );
        assert_eq!((found[0].location.column, found[0].location.len), (1, 3));
    }

    #[test]
    fn ns_missing_at_apex() {
        let text = "@ 300 SOA ns1 hostmaster 1 7200 900 1209600 3600\nns1 A 192.0.2.1\n";
        assert_eq!(codes(text), vec![NoApexNs]);
    }

    #[test]
    fn out_of_zone() {
        let found = findings(&zone("www.example.net. A 192.0.2.9\n"), OutOfZone);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "www.example.net. is outside the zone example."
        );
        assert_eq!(found[0].location.len, "www.example.net.".len() as u32);
    }

    #[test]
    fn soa_timers() {
        let text = APEX.replace("1 7200 900 1209600 3600", "1 60 120 86400 604800");
        let found = findings(&text, SoaTimers);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "SOA refresh 60 is outside 1200..43200 seconds (20 minutes to 12 hours)",
                "SOA retry 120 is longer than refresh 60",
                "SOA expire 86400 is outside 1209600..2419200 seconds (2 to 4 weeks)",
                "SOA minimum (negative-caching TTL) 604800 is longer than a day",
            ]
        );
        assert_eq!(found[0].severity, crate::Severity::Warning);
        let columns: Vec<u32> = found.iter().map(|d| d.location.column).collect();
        assert_eq!(columns, vec![29, 32, 36, 42], "each under its field");
        // The edges of the ranges are inside.
        let edges = APEX.replace("1 7200 900 1209600 3600", "1 43200 43200 2419200 86400");
        assert!(findings(&edges, SoaTimers).is_empty());
    }
}
