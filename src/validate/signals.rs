//! Records that signal something to other parties and must agree with the zone: CDS and
//! CDNSKEY (the keys the parent should publish, RFC 7344) and `_dns` SVCB records (how to
//! reach a DNS server over encrypted transports, RFC 9461).

use std::collections::BTreeMap;

use crate::record::Record;
use crate::rr::svcb::{SvcParam, Svcb};
use crate::rr::{RecordData, RecordType};

use crate::name::Name;

use super::stream::Zone;
use super::{Findings, Focus};

/// Reports every algorithm of the apex `rtype` RRset none of whose records `matches` a DNSKEY
/// of the apex. Records of algorithm 0 are RFC 8078 §4 delete requests and need no key.
fn per_algorithm(
    zone: &Zone<'_>,
    out: &mut Findings<'_>,
    rtype: RecordType,
    algorithm: fn(&Record) -> Option<u8>,
    matches: fn(&Record, &Record) -> bool,
) {
    let Some(apex) = zone.apex() else {
        return;
    };
    let keys: Vec<&Record> = apex.rrset(RecordType::DNSKEY).collect();
    let mut by_algorithm: BTreeMap<u8, Vec<&Record>> = BTreeMap::new();
    for record in apex.rrset(rtype) {
        if let Some(alg) = algorithm(record).filter(|a| *a != 0) {
            by_algorithm.entry(alg).or_default().push(record);
        }
    }
    for (alg, records) in by_algorithm {
        if records.iter().any(|r| keys.iter().any(|k| matches(r, k))) {
            continue;
        }
        let Some(first) = records.iter().min_by_key(|r| r.location.offset) else {
            continue;
        };
        let message = if keys.is_empty() {
            format!(
                "{rtype} record at {} but the zone has no DNSKEY records",
                zone.origin()
            )
        } else {
            format!(
                "no {rtype} record of algorithm {alg} at {} matches a DNSKEY of the zone",
                zone.origin()
            )
        };
        out.report(first, Focus::Rdata, message).help = Some(format!(
            "{rtype} tells the parent which keys to trust; it must describe DNSKEY records published here (RFC 7344 §4.1), or be the delete form of RFC 8078"
        ));
    }
}

fn ds_algorithm(record: &Record) -> Option<u8> {
    match &record.data {
        RecordData::Cds(ds) => Some(ds.algorithm),
        _ => None,
    }
}

fn key_algorithm(record: &Record) -> Option<u8> {
    match &record.data {
        RecordData::Cdnskey(key) => Some(key.algorithm),
        _ => None,
    }
}

/// A CDS matches a DNSKEY with its algorithm and key tag. (The digest itself is not
/// recomputed: that needs SHA-1/SHA-256/SHA-384, which the library does not carry.)
fn cds_matches(cds: &Record, key: &Record) -> bool {
    match (&cds.data, &key.data) {
        (RecordData::Cds(ds), RecordData::Dnskey(k)) => {
            ds.algorithm == k.algorithm && ds.key_tag == k.key_tag()
        }
        _ => false,
    }
}

/// A CDNSKEY matches a DNSKEY with the same data.
fn cdnskey_matches(cdnskey: &Record, key: &Record) -> bool {
    match (&cdnskey.data, &key.data) {
        (RecordData::Cdnskey(c), RecordData::Dnskey(k)) => c == k,
        _ => false,
    }
}

/// ZF2090: CDS records that match no DNSKEY.
pub(super) fn cds_mismatch(zone: &Zone<'_>, out: &mut Findings<'_>) {
    per_algorithm(zone, out, RecordType::CDS, ds_algorithm, cds_matches);
}

/// ZF2091: CDNSKEY records that match no DNSKEY.
pub(super) fn cdnskey_mismatch(zone: &Zone<'_>, out: &mut Findings<'_>) {
    per_algorithm(
        zone,
        out,
        RecordType::CDNSKEY,
        key_algorithm,
        cdnskey_matches,
    );
}

/// True for `_dns.<server>` and `_<port>._dns.<server>` (RFC 9461 §2).
fn is_dns_service(record: &Record) -> bool {
    let mut labels = record.owner.labels();
    match (labels.next(), labels.next()) {
        (Some(first), _) if first.eq_ignore_ascii_case(b"_dns") => true,
        (Some(port), Some(second)) => {
            port.len() > 1
                && port.first() == Some(&b'_')
                && port.iter().skip(1).all(u8::is_ascii_digit)
                && second.eq_ignore_ascii_case(b"_dns")
        }
        _ => false,
    }
}

/// ALPN identifiers that mean DNS over HTTP.
fn is_http(alpn: &[u8]) -> bool {
    [&b"h2"[..], b"h3", b"http/1.1"].contains(&alpn)
}

/// What is wrong with a ServiceMode `_dns` SVCB record, if anything.
fn dns_svcb_problem(svcb: &Svcb) -> Option<&'static str> {
    if svcb.priority == 0 {
        return None;
    }
    let alpn = svcb.params.iter().find_map(|p| match p {
        SvcParam::Alpn(ids) => Some(ids),
        _ => None,
    });
    let dohpath = svcb
        .params
        .iter()
        .any(|p| matches!(p, SvcParam::DohPath(_)));
    let Some(alpn) = alpn else {
        return Some("has no alpn parameter, which RFC 9461 §5 requires");
    };
    let http = alpn.iter().any(|id| is_http(id));
    match (http, dohpath) {
        (true, false) => {
            Some("offers DNS over HTTP (alpn) but has no dohpath parameter (RFC 9461 §5.1)")
        }
        (false, true) => {
            Some("has a dohpath parameter but no HTTP protocol in its alpn (RFC 9461 §5.1)")
        }
        _ => None,
    }
}

/// ZF2092: `_dns` SVCB records that break RFC 9461.
pub(super) fn dns_svcb_invalid(_origin: &Name, record: &Record, out: &mut Findings<'_>) {
    let RecordData::Svcb(svcb) = &record.data else {
        return;
    };
    if !is_dns_service(record) {
        return;
    }
    if let Some(problem) = dns_svcb_problem(svcb) {
        out.report(
            record,
            Focus::Rdata,
            format!("the DNS service binding at {} {problem}", record.owner),
        )
        .help = Some("list the transports in alpn (dot, doq, h2, h3), and give the URI template as dohpath when one is HTTP".into());
    }
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode::*;
    use crate::validate::testing::*;

    const KEY: &str = "@ DNSKEY 257 3 10 AwEAAbqjg7xdvnU2Q/gtLw5LOfr5cDeTRjYuEbkzGrUiVSOSoxcTxuaoWS/AFPQHuD8OSLiE/CeZ087JowREXl058rRfae8KMrveY17V0wmKs9N1F1wf/hRDpXiThlRHWlskp8eSEEIqYrrHgWTesy/xDGIEOFM1gwRo0w8jKdRRJeL2hseTMa+m3rTzrYudUsI0BHLW8PiDUCbG5xgdee8/5YR4847iAAqHIiPJ1Z/IT53OIjMmtv5BUykZ8RYjlJxxX+C+dpRKiK73SQaR3hCBXAYOL9WsDp2/fpmEZpewavkMkdC+j2CX+z27MCS3ASO0AeKK0lcNXwNDkgreE+Kr7gc=\n";

    fn with_key(body: &str) -> String {
        zone(&format!("{KEY}{body}"))
    }

    #[test]
    fn matching_and_delete_records_are_quiet() {
        let text = with_key(&format!(
            "@ CDS 14364 10 2 FD03B2312C8F0FE72C1751EFA1007D743C94EC91594FF0047C23C37CE119BA0C\n{}",
            KEY.replace("DNSKEY", "CDNSKEY")
        ));
        assert_eq!(codes(&text), vec![]);
        let delete = zone("@ CDS 0 0 0 00\n@ CDNSKEY 0 3 0 AA==\n");
        assert_eq!(codes(&delete), vec![]);
    }

    #[test]
    fn cds_mismatch() {
        let wrong_alg = with_key(
            "@ CDS 14364 14 2 FD03B2312C8F0FE72C1751EFA1007D743C94EC91594FF0047C23C37CE119BA0C\n",
        );
        let found = findings(&wrong_alg, CdsMismatch);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "no CDS record of algorithm 14 at example. matches a DNSKEY of the zone"
        );
        assert_eq!(found[0].severity, crate::Severity::Error);
        let wrong_tag = with_key(
            "@ CDS 1 10 2 FD03B2312C8F0FE72C1751EFA1007D743C94EC91594FF0047C23C37CE119BA0C\n",
        );
        assert_eq!(findings(&wrong_tag, CdsMismatch).len(), 1);
        let no_keys = zone(
            "@ CDS 14364 10 2 FD03B2312C8F0FE72C1751EFA1007D743C94EC91594FF0047C23C37CE119BA0C\n",
        );
        assert!(findings(&no_keys, CdsMismatch)[0]
            .message
            .ends_with("but the zone has no DNSKEY records"));
    }

    #[test]
    fn cdnskey_mismatch() {
        let other = KEY
            .replace("DNSKEY", "CDNSKEY")
            .replace("AwEAAbqj", "AwEAAbqk");
        let found = findings(&with_key(&other), CdnskeyMismatch);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location.line, 7);
    }

    #[test]
    fn dns_svcb() {
        let good = zone(
            "_dns.ns1 SVCB 1 ns1 alpn=dot\n_dns.ns2 SVCB 2 ns2 alpn=h2,dot dohpath=/q{?dns}\n_dns.ns2 SVCB 0 ns1\nweb SVCB 1 . alpn=h2\n",
        );
        assert_eq!(codes(&good), vec![]);
        let bad = zone(
            "_dns SVCB 1 ns1 dohpath=/q{?dns}\n_dns SVCB 2 ns1 alpn=h3\n_853._dns SVCB 3 ns1 alpn=dot dohpath=/q{?dns}\n",
        );
        let found = findings(&bad, DnsSvcbInvalid);
        let got: Vec<_> = found
            .iter()
            .map(|d| (d.location.line, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (6, "the DNS service binding at _dns.example. has no alpn parameter, which RFC 9461 §5 requires"),
                (7, "the DNS service binding at _dns.example. offers DNS over HTTP (alpn) but has no dohpath parameter (RFC 9461 §5.1)"),
                (8, "the DNS service binding at _853._dns.example. has a dohpath parameter but no HTTP protocol in its alpn (RFC 9461 §5.1)"),
            ]
        );
    }
}
