//! Aliases: a CNAME stands alone at its name; one CNAME or DNAME per name; nothing below a
//! DNAME; CNAMEs that point at CNAMEs, and loops of them.

use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};

use super::apex::distinct;
use super::skeleton::{bits, Skeleton};
use super::stream::{first_placed, Zone};
use super::{relate, Findings, Focus};

/// Types allowed beside a CNAME: DNSSEC's signatures and denial records (RFC 4035 §2.5, and
/// their predecessors SIG and NXT, RFC 2181 §10.1), and KEY, which both RFCs allow for
/// secure dynamic update.
const BESIDE_CNAME: &[RecordType] = &[
    RecordType::CNAME,
    RecordType::SIG,
    RecordType::KEY,
    RecordType::NXT,
    RecordType::RRSIG,
    RecordType::NSEC,
];

/// [`BESIDE_CNAME`] as type bits.
const BESIDE_CNAME_BITS: u32 =
    bits::CNAME | bits::SIG | bits::KEY | bits::NXT | bits::RRSIG | bits::NSEC;

/// ZF0141: a CNAME and other data at one name.
pub(super) fn cname_and_other_data(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let sk = zone.skeleton();
    for id in zone.owners() {
        let types = sk.types(id);
        if types & bits::CNAME == 0 || types & bits::TYPES & !BESIDE_CNAME_BITS == 0 {
            continue;
        }
        let Some(owner) = zone.records_of(id) else {
            continue;
        };
        let Some(cname) = owner.first(RecordType::CNAME) else {
            continue;
        };
        let others: Vec<(RecordType, &Record)> = owner
            .rrsets()
            .filter(|(t, _)| !BESIDE_CNAME.contains(t))
            .filter_map(|(t, set)| first_placed(set.into_iter()).map(|r| (t, r)))
            .collect();
        if others.is_empty() {
            continue;
        }
        let list: Vec<String> = others.iter().map(|(t, _)| t.to_string()).collect();
        let places: Vec<_> = others
            .iter()
            .map(|(t, r)| (out.place(r, Focus::Type), format!("the {t} record is here")))
            .collect();
        let d = out.report(
            cname,
            Focus::Type,
            format!(
                "{} has a CNAME record and other data ({})",
                owner.name(),
                list.join(", ")
            ),
        );
        for (place, note) in places {
            relate(d, place, note);
        }
        d.help = Some(if owner.name() == zone.origin() {
            "the apex needs SOA and NS records, so it cannot be an alias; point the name elsewhere with A/AAAA records (or an ALIAS feature of your provider)".into()
        } else {
            "a name with a CNAME can have no other records (RFC 1034 §3.6.2); move the other records to the CNAME's target or drop the CNAME".into()
        });
    }
}

/// Reports every distinct record of `rtype` beyond the first at one name.
fn singleton(records: &[&Record], out: &mut Findings<'_>, rtype: RecordType) {
    let set = distinct(records.iter().copied().filter(|r| r.rtype() == rtype));
    let Some((first, rest)) = set.split_first() else {
        return;
    };
    if rest.is_empty() {
        return;
    }
    let name = records.first().map_or(&first.owner, |r| &r.owner);
    let first_place = out.place(first, Focus::Rdata);
    for extra in rest {
        let d = out.report(
            extra,
            Focus::Rdata,
            format!("{name} has more than one {rtype} record"),
        );
        relate(
            d,
            first_place.clone(),
            format!("the first {rtype} record is here"),
        );
        d.help = Some(format!(
            "a name can have only one {rtype}; keep one of them"
        ));
    }
}

/// ZF0142: more than one SOA, CNAME or DNAME record at one name.
pub(super) fn singleton_types(records: &[&Record], out: &mut Findings<'_>) {
    for rtype in [RecordType::SOA, RecordType::CNAME, RecordType::DNAME] {
        singleton(records, out, rtype);
    }
}

/// ZF2013: records below a DNAME.
pub(super) fn data_below_dname(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let sk = zone.skeleton();
    if !sk.has_dname() {
        return;
    }
    for id in zone.owners() {
        let Some(above) = sk.dname_above(&sk.wire(id)) else {
            continue;
        };
        let owner = zone.records_of(id);
        let dname = zone.records_of(above);
        let (Some(owner), Some(dname)) = (owner, dname) else {
            continue;
        };
        let Some(first) = first_placed(owner.records()) else {
            continue;
        };
        let dname_record = dname.first(RecordType::DNAME);
        let place = dname_record.map(|r| out.place(r, Focus::Type));
        let d = out.report(
            first,
            Focus::Owner,
            format!(
                "{} is below the DNAME at {}, so its records are never served",
                owner.name(),
                dname.name()
            ),
        );
        if let Some(place) = place {
            relate(d, place, "the DNAME is here");
        }
        d.help = Some("a DNAME redirects everything below its owner (RFC 6672 §2.3); move these records to the DNAME's target".into());
    }
}

/// Where following CNAMEs from one name leads (names as ids).
enum Walk {
    /// Through other CNAMEs to a name that is not one: the owners passed, the start first.
    Chain(Vec<u32>),
    /// Back to the start: the owners of the loop, the start first.
    Loop(Vec<u32>),
    /// Into a loop that does not include the start.
    IntoLoop(Vec<u32>),
}

/// Longest chain followed before giving up (and calling it a chain).
const MAX_LINKS: usize = 64;

/// Follows the first CNAME of `start` through the zone's CNAMEs; `None` when its target is
/// not a CNAME in the zone.
fn walk(sk: &Skeleton, start: u32) -> Option<Walk> {
    let mut path: Vec<u32> = vec![start];
    let mut target = sk.cname_target(start)?;
    while path.len() <= MAX_LINKS {
        let Some(at) = sk.resolve(&sk.wire(target)) else {
            break;
        };
        if !sk.has(at, bits::CNAME) {
            break;
        }
        if let Some(pos) = path.iter().position(|&seen| seen == at) {
            return Some(if pos == 0 {
                Walk::Loop(path)
            } else {
                Walk::IntoLoop(path)
            });
        }
        path.push(at);
        // Out of the zone (no target noted): the chain ends there.
        let Some(next) = sk.cname_target(at) else {
            break;
        };
        target = next;
    }
    (path.len() >= 2).then_some(Walk::Chain(path))
}

/// The first CNAME of each name of `path`, when all are held (asking for every one).
fn links<'z>(zone: &Zone<'z>, path: &[u32]) -> Option<Vec<&'z Record>> {
    let found: Vec<Option<&Record>> = path
        .iter()
        .map(|&id| zone.records_of(id).and_then(|o| o.first(RecordType::CNAME)))
        .collect();
    found.into_iter().collect()
}

fn arrows(path: &[&Name]) -> String {
    path.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The names with a CNAME inside the zone whose first CNAME points into the zone.
fn cnames<'z>(zone: &Zone<'z>) -> impl Iterator<Item = u32> + 'z {
    let sk = zone.skeleton();
    sk.cname_owners()
        .filter(move |&id| sk.in_zone(&sk.wire(id)))
}

/// ZF2040: a CNAME whose target is another CNAME in the zone.
pub(super) fn cname_chain(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let sk = zone.skeleton();
    for id in cnames(zone) {
        let (path, into_loop) = match walk(sk, id) {
            Some(Walk::Chain(path)) => (path, false),
            Some(Walk::IntoLoop(path)) => (path, true),
            _ => continue,
        };
        let Some(links) = links(zone, &path) else {
            continue;
        };
        let Some(start) = links.first().copied() else {
            continue;
        };
        let RecordData::Cname(c) = &start.data else {
            continue;
        };
        let end = if into_loop {
            ", which ends in a loop".to_string()
        } else {
            match links.last().map(|r| &r.data) {
                Some(RecordData::Cname(l)) => format!(" → {}", l.target),
                _ => String::new(),
            }
        };
        let next = links.get(1).map(|r| out.place(r, Focus::Owner));
        let names: Vec<&Name> = links.iter().map(|r| &r.owner).collect();
        let d = out.report(
            start,
            Focus::Name(&c.target),
            format!(
                "{} points at another CNAME: {}{end}",
                start.owner,
                arrows(&names)
            ),
        );
        if let Some(next) = next {
            relate(d, next, format!("{} is a CNAME here", c.target));
        }
        d.help = Some("point the CNAME straight at the final name; each link costs resolvers a lookup (RFC 1034 §3.6.2)".into());
    }
}

/// ZF2041: CNAMEs that lead back to themselves. Reported once per loop, at the member that
/// sorts first.
pub(super) fn cname_loop(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let sk = zone.skeleton();
    for id in cnames(zone) {
        let Some(Walk::Loop(path)) = walk(sk, id) else {
            continue;
        };
        let start_name = sk.name(id);
        if path.iter().any(|&n| sk.name(n) < start_name) {
            continue;
        }
        let Some(links) = links(zone, &path) else {
            continue;
        };
        let Some(start) = links.first().copied() else {
            continue;
        };
        let mut shown: Vec<&Name> = links.iter().map(|r| &r.owner).collect();
        shown.push(&start.owner);
        let places: Vec<_> = links
            .iter()
            .skip(1)
            .map(|r| {
                (
                    out.place(r, Focus::Owner),
                    format!("{} is part of the loop here", r.owner),
                )
            })
            .collect();
        let d = out.report(
            start,
            Focus::Rdata,
            format!("CNAME loop: {}", arrows(&shown)),
        );
        for (place, note) in places {
            relate(d, place, note);
        }
        d.help = Some("a query for any of these names never ends in an answer; point one of them at a name with data".into());
    }
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode::*;
    use crate::validate::testing::*;

    #[test]
    fn cname_alone_is_quiet() {
        let text = zone("www CNAME ns1\nalias CNAME www.example.net.\n");
        assert_eq!(codes(&text), vec![]);
    }

    #[test]
    fn cname_and_other_data() {
        let text = zone("www CNAME ns1\nwww A 192.0.2.9\nwww MX 10 ns1\n");
        let found = findings(&text, CnameAndOtherData);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "www.example. has a CNAME record and other data (A, MX)"
        );
        assert_eq!(found[0].location.line, 6);
        let related: Vec<u32> = found[0].related.iter().map(|(l, _)| l.line).collect();
        assert_eq!(related, vec![7, 8]);
        assert_eq!(found[0].related[0].1, "the A record is here");
        // Types allowed beside a CNAME by RFC 2181/4035, written in generic form.
        let dnssec = zone(
            "www CNAME ns1\nwww NSEC zz.example. CNAME RRSIG NSEC\nwww KEY 256 3 8 AwEAAQ==\n",
        );
        assert!(findings(&dnssec, CnameAndOtherData).is_empty());
        // At the apex the SOA and NS conflict.
        let apex = zone("@ CNAME www.example.net.\n");
        let found = findings(&apex, CnameAndOtherData);
        assert_eq!(
            found[0].message,
            "example. has a CNAME record and other data (NS, SOA)"
        );
    }

    #[test]
    fn multiple_cnames_and_dnames() {
        let text =
            zone("www CNAME ns1\nwww CNAME ns2\nsub DNAME example.net.\nsub DNAME example.org.\n");
        let found = run(&text);
        let got: Vec<_> = found.iter().map(|d| (d.code, d.location.line)).collect();
        assert!(got.contains(&(SingletonType, 7)));
        assert!(got.contains(&(SingletonType, 9)));
        // An exact repeat is a duplicate only.
        assert_eq!(
            codes(&zone("www CNAME ns1\nwww CNAME NS1\n")),
            vec![DuplicateRecord]
        );
    }

    #[test]
    fn data_below_dname() {
        let text = zone("sub DNAME example.net.\na.sub A 192.0.2.3\nb.c.sub TXT \"x\"\n");
        let found = findings(&text, DataBelowDname);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].message,
            "a.sub.example. is below the DNAME at sub.example., so its records are never served"
        );
        assert_eq!(found[0].related[0].0.line, 6);
        // A DNAME at the apex hides everything else below it, but not the apex itself.
        let apex = "@ SOA ns1.example.net. h 1 7200 900 1209600 3600\n@ NS ns1.example.net.\n@ DNAME example.net.\nwww A 192.0.2.1\n";
        assert_eq!(findings(apex, DataBelowDname).len(), 1);
    }

    #[test]
    fn chains_and_loops() {
        let chain = zone("a CNAME b\nb CNAME ns1\n");
        let found = findings(&chain, CnameChain);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "a.example. points at another CNAME: a.example. → b.example. → ns1.example."
        );
        assert_eq!(found[0].severity, crate::Severity::Warning);
        assert_eq!(found[0].related[0].0.line, 7);

        let looped = zone("a CNAME b\nb CNAME c\nc CNAME a\n");
        let found = findings(&looped, CnameLoop);
        assert_eq!(found.len(), 1, "one report per loop");
        assert_eq!(
            found[0].message,
            "CNAME loop: a.example. → b.example. → c.example. → a.example."
        );
        assert_eq!(found[0].related.len(), 2);
        assert!(findings(&looped, CnameChain).is_empty());

        let selfloop = zone("a CNAME a\n");
        assert_eq!(codes(&selfloop), vec![CnameLoop]);

        // Into a loop through a wildcard.
        let wild = zone("x CNAME y.w\n*.w CNAME a\na CNAME y.w\n");
        let found = run(&wild);
        assert!(found.iter().any(|d| d.code == CnameChain
            && d.location.line == 6
            && d.message.ends_with("which ends in a loop")));
        assert_eq!(found.iter().filter(|d| d.code == CnameLoop).count(), 1);
        // Out-of-zone targets end a chain.
        assert!(findings(&zone("a CNAME www.example.net.\n"), CnameChain).is_empty());
    }
}
