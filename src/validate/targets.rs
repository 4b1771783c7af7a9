//! Names that records point at: the apex name servers, MX exchanges and SRV targets must be
//! host names with addresses, not aliases (RFC 2181 §10.3, RFC 2782), when they are in the
//! zone; none of them should be an IP address written as a name.

use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};

use super::delegation::ns_target;
use super::skeleton::{bits, Skeleton};
use super::stream::Zone;
use super::{relate, Findings, Focus};

/// What looking up a target in the zone found (names as ids).
#[derive(Clone, Copy)]
enum Lookup {
    /// Outside the zone, at or below a delegation, or the root: not this zone's to judge.
    NotHere,
    /// Below a DNAME.
    BelowDname(u32),
    /// No such name (and no wildcard for it).
    Missing,
    /// The name (or the wildcard answering for it) is a CNAME.
    Alias(u32),
    /// The name has no A or AAAA record.
    NoAddress,
    /// The name has an address.
    Fine,
}

fn lookup(sk: &Skeleton, target: &[u8]) -> Lookup {
    if target.len() <= 1
        || !sk.in_zone(target)
        || sk.cut_above(target, false).is_some()
        || sk.is_delegation(target)
    {
        return Lookup::NotHere;
    }
    if let Some(dname) = sk.dname_above(target) {
        return Lookup::BelowDname(dname);
    }
    match sk.resolve(target) {
        None => Lookup::Missing,
        Some(found) if sk.has(found, bits::CNAME) => Lookup::Alias(found),
        Some(found) if sk.has(found, bits::ADDRESS) => Lookup::Fine,
        Some(_) => Lookup::NoAddress,
    }
}

/// ZF2030: an apex NS target in the zone that cannot be reached.
pub(super) fn apex_ns_target(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let sk = zone.skeleton();
    let Some(apex) = zone.apex() else {
        return;
    };
    for ns in apex.rrset(RecordType::NS) {
        let Some(target) = ns_target(ns) else {
            continue;
        };
        if !sk.in_zone(target.as_wire()) {
            continue;
        }
        // A target at or below a delegation is the child's data: its address is found through
        // the referral, glue or not (BIND loads such a zone without a word).
        let (problem, related) = match lookup(sk, target.as_wire()) {
            Lookup::BelowDname(dname) => {
                let Some(dname) = zone.records_of(dname) else {
                    continue;
                };
                (
                    format!("is below the DNAME at {}", dname.name()),
                    dname.first(RecordType::DNAME),
                )
            }
            Lookup::Missing => ("does not exist in the zone".to_string(), None),
            Lookup::Alias(cname) => {
                let Some(cname) = zone.records_of(cname) else {
                    continue;
                };
                ("is a CNAME".to_string(), cname.first(RecordType::CNAME))
            }
            Lookup::NoAddress => ("has no A or AAAA record".to_string(), None),
            Lookup::NotHere | Lookup::Fine => continue,
        };
        let place = related.map(|r| out.place(r, Focus::Type));
        let d = out.report(
            ns,
            Focus::Name(target),
            format!("the zone's name server {target} {problem}"),
        );
        if let Some(place) = place {
            relate(d, place, format!("{target} is resolved here"));
        }
        d.help = Some(format!(
            "give {target} an A or AAAA record in this zone (RFC 1035 §3.3.11; RFC 2181 §10.3 forbids aliases)"
        ));
    }
}

/// The name a record points at that must be a host: MX exchange or SRV target.
fn exchange(record: &Record) -> Option<&Name> {
    match &record.data {
        RecordData::Mx(mx) => Some(&mx.exchange),
        RecordData::Srv(srv) => Some(&srv.target),
        _ => None,
    }
}

/// The finding `alias` (set: the target is a CNAME; clear: it has no address) makes of a
/// lookup, with the alias to point at.
fn host_finding(found: Lookup, alias: bool) -> Option<Option<u32>> {
    match (found, alias) {
        (Lookup::Alias(cname), true) => Some(Some(cname)),
        (Lookup::Missing | Lookup::NoAddress, false) => Some(None),
        _ => None,
    }
}

/// Reports MX or SRV records (`rtype`) whose target is an alias (`alias` set) or has no
/// address (`alias` clear).
fn host_targets(zone: &Zone<'_>, out: &mut Findings<'_>, rtype: RecordType, alias: bool) {
    let (what, bit) = if rtype == RecordType::MX {
        ("MX exchange", bits::MX)
    } else {
        ("SRV target", bits::SRV)
    };
    let sk = zone.skeleton();
    let mut rest = sk.targets();
    while let Some(&(owner, _, _)) = rest.first() {
        let len = rest.iter().take_while(|&&(o, _, _)| o == owner).count();
        let (group, tail) = rest.split_at(len);
        rest = tail;
        let mut any = false;
        for &(_, b, target) in group {
            if b != bit {
                continue;
            }
            if let Some(related) = host_finding(lookup(sk, &sk.wire(target)), alias) {
                any = true;
                if let Some(r) = related {
                    zone.want(r);
                }
            }
        }
        if !any {
            continue;
        }
        let Some(records) = zone.records_of(owner) else {
            continue;
        };
        for record in records.rrset(rtype) {
            let Some(target) = exchange(record) else {
                continue;
            };
            let found = lookup(sk, target.as_wire());
            let Some(related) = host_finding(found, alias) else {
                continue;
            };
            let problem = match found {
                Lookup::Alias(_) => "is a CNAME",
                Lookup::Missing => "does not exist in the zone",
                _ => "has no A or AAAA record",
            };
            let help = match found {
                Lookup::Alias(_) => format!("point the {rtype} record at the name the CNAME leads to; an {what} must not be an alias"),
                Lookup::Missing => format!("add an A or AAAA record for {target}, or fix the name"),
                _ => format!("add an A or AAAA record for {target}"),
            };
            let related = match related {
                Some(id) => match zone.records_of(id) {
                    Some(o) => o.first(RecordType::CNAME),
                    None => continue,
                },
                None => None,
            };
            let place = related.map(|r| out.place(r, Focus::Type));
            let d = out.report(
                record,
                Focus::Name(target),
                format!("the {what} {target} {problem}"),
            );
            if let Some(place) = place {
                relate(d, place, format!("{target} is a CNAME here"));
            }
            d.help = Some(help);
        }
    }
}

/// ZF2031: an MX exchange in the zone is a CNAME.
pub(super) fn mx_target_cname(zone: &Zone<'_>, out: &mut Findings<'_>) {
    host_targets(zone, out, RecordType::MX, true);
}

/// ZF2032: an MX exchange in the zone has no address.
pub(super) fn mx_target_no_address(zone: &Zone<'_>, out: &mut Findings<'_>) {
    host_targets(zone, out, RecordType::MX, false);
}

/// ZF2033: an SRV target in the zone is a CNAME.
pub(super) fn srv_target_cname(zone: &Zone<'_>, out: &mut Findings<'_>) {
    host_targets(zone, out, RecordType::SRV, true);
}

/// ZF2034: an SRV target in the zone has no address.
pub(super) fn srv_target_no_address(zone: &Zone<'_>, out: &mut Findings<'_>) {
    host_targets(zone, out, RecordType::SRV, false);
}

/// True when `name` is an IPv4 address in dotted form, absolute or relative to `origin`.
fn looks_like_address(name: &Name, origin: &Name) -> bool {
    // Most targets start with a letter: no need to collect their labels.
    if !name.as_wire().get(1).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let labels: Vec<&[u8]> = name.labels().collect();
    let Some((octets, rest)) = labels.split_first_chunk::<4>() else {
        return false;
    };
    let numeric = octets.iter().all(|l| {
        !l.is_empty()
            && l.len() <= 3
            && l.iter().all(u8::is_ascii_digit)
            && std::str::from_utf8(l)
                .ok()
                .and_then(|s| s.parse::<u16>().ok())
                .is_some_and(|n| n <= 255)
    });
    if !numeric {
        return false;
    }
    let origin_labels: Vec<&[u8]> = origin.labels().collect();
    rest.is_empty()
        || (rest.len() == origin_labels.len()
            && rest
                .iter()
                .zip(&origin_labels)
                .all(|(a, b)| a.eq_ignore_ascii_case(b)))
}

/// ZF2035: an MX exchange or NS target written as an IPv4 address.
pub(super) fn target_is_address(origin: &Name, record: &Record, out: &mut Findings<'_>) {
    let target = match &record.data {
        RecordData::Mx(mx) => &mx.exchange,
        RecordData::Ns(ns) => &ns.target,
        _ => return,
    };
    if !looks_like_address(target, origin) {
        return;
    }
    out.report(
        record,
        Focus::Name(target),
        format!(
            "the {} target {target} is an IP address written as a name",
            record.rtype()
        ),
    )
    .help = Some(format!(
        "{} records name a host, not an address; give the host a name with an A record and use that",
        record.rtype()
    ));
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode::*;
    use crate::validate::testing::*;

    #[test]
    fn good_targets_are_quiet() {
        let text = zone(
            "@ MX 10 ns1\n@ MX 0 .\n@ MX 20 mx.example.net.\n_sip._tcp SRV 0 5 5060 ns2\n_x._tcp SRV 0 0 0 .\n@ MX 30 host.w\n*.w A 192.0.2.7\nsub NS ns.example.net.\n@ MX 40 mail.sub\n",
        );
        assert_eq!(codes(&text), vec![]);
    }

    #[test]
    fn apex_ns_target() {
        let no_address = APEX.replace("ns2 3600 AAAA 2001:db8::2\n", "ns2 TXT \"x\"\n");
        let found = findings(&no_address, ApexNsTarget);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "the zone's name server ns2.example. has no A or AAAA record"
        );
        assert_eq!(found[0].severity, crate::Severity::Error);
        assert_eq!((found[0].location.line, found[0].location.column), (3, 11));

        let missing = APEX.replace("ns2 3600 AAAA 2001:db8::2\n", "");
        assert!(findings(&missing, ApexNsTarget)[0]
            .message
            .ends_with("does not exist in the zone"));

        let alias = APEX.replace("ns2 3600 AAAA 2001:db8::2\n", "ns2 CNAME ns1\n");
        let found = findings(&alias, ApexNsTarget);
        assert_eq!(
            found[0].message,
            "the zone's name server ns2.example. is a CNAME"
        );
        assert_eq!(found[0].related[0].0.line, 5);

        // In a delegated child, with or without glue: the referral finds it (BIND agrees).
        let in_child = zone("@ NS ns.child\nchild NS ns.example.net.\n");
        assert!(findings(&in_child, ApexNsTarget).is_empty());
        let at_cut = zone("@ NS child\nchild NS ns.example.net.\n");
        assert!(findings(&at_cut, ApexNsTarget).is_empty());
        let glued = zone("@ NS ns.child\nchild NS ns.child\nns.child A 192.0.2.5\n");
        assert!(findings(&glued, ApexNsTarget).is_empty());

        let dname = zone("@ NS ns.d\nd DNAME example.net.\nns.d A 192.0.2.1\n");
        assert!(findings(&dname, ApexNsTarget)[0]
            .message
            .ends_with("is below the DNAME at d.example."));
    }

    #[test]
    fn mx_targets() {
        let text = zone("@ MX 10 mail\nmail CNAME ns1\n@ MX 20 none\n@ MX 30 txt\ntxt TXT \"x\"\n");
        let found = run(&text);
        let got: Vec<_> = found
            .iter()
            .map(|d| (d.code, d.location.line, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (MxTargetCname, 6, "the MX exchange mail.example. is a CNAME"),
                (
                    MxTargetNoAddress,
                    8,
                    "the MX exchange none.example. does not exist in the zone"
                ),
                (
                    MxTargetNoAddress,
                    9,
                    "the MX exchange txt.example. has no A or AAAA record"
                ),
            ]
        );
        assert_eq!(found[0].related[0].0.line, 7);
        assert_eq!(found[0].severity, crate::Severity::Warning);
    }

    #[test]
    fn srv_targets() {
        let text = zone("_a._tcp SRV 0 0 1 sip\nsip CNAME ns1\n_b._tcp SRV 0 0 1 gone\n");
        let got: Vec<_> = run(&text)
            .into_iter()
            .map(|d| (d.code, d.location.line))
            .collect();
        assert_eq!(got, vec![(SrvTargetCname, 6), (SrvTargetNoAddress, 8)]);
    }

    #[test]
    fn target_is_address() {
        let text = zone("@ MX 10 192.0.2.1.\nchild NS 10.0.0.1\n@ MX 20 1.2.3.host\n");
        let found = findings(&text, TargetIsAddress);
        let got: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            got,
            vec![
                "the MX target 192.0.2.1. is an IP address written as a name",
                "the NS target 10.0.0.1.example. is an IP address written as a name",
            ]
        );
    }
}
