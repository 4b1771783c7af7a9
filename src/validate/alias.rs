//! Aliases: a CNAME stands alone at its name; one CNAME or DNAME per name; nothing below a
//! DNAME; CNAMEs that point at CNAMEs, and loops of them.

use std::collections::{HashMap, HashSet};

use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};

use super::apex::distinct;
use super::skeleton::bits;
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
    // Runs every run of two records or more (each delegation's NS pair): count the three
    // types in one pass, and look for copies only of those seen twice (one record of a type
    // is never reported).
    let (mut soa, mut cname, mut dname) = (0usize, 0usize, 0usize);
    for r in records {
        match r.rtype() {
            RecordType::SOA => soa += 1,
            RecordType::CNAME => cname += 1,
            RecordType::DNAME => dname += 1,
            _ => {}
        }
    }
    for (rtype, count) in [
        (RecordType::SOA, soa),
        (RecordType::CNAME, cname),
        (RecordType::DNAME, dname),
    ] {
        if count >= 2 {
            singleton(records, out, rtype);
        }
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

/// The zone's CNAMEs as a graph: each in-zone name whose first CNAME points into the zone,
/// and the CNAME owner that target leads to (the name itself, or the wildcard answering for
/// it). Built in one pass over the CNAMEs, so chains and loops of any length cost time in
/// proportion to the number of CNAMEs (following each CNAME's chain anew was quadratic).
struct Aliases {
    /// The CNAME owner each CNAME leads to, when it leads to one.
    next: HashMap<u32, u32>,
    /// Names some CNAME of `next` leads to.
    pointed: HashSet<u32>,
    /// The loops, each in the order the CNAMEs lead round it.
    loops: Vec<Vec<u32>>,
    /// Names whose chain ends in a loop (loop members included).
    looping: HashSet<u32>,
    /// For the names of chains that end outside a loop: how many CNAMEs follow them.
    after: HashMap<u32, usize>,
}

impl Aliases {
    fn new(zone: &Zone<'_>) -> Aliases {
        let sk = zone.skeleton();
        let mut starts: Vec<u32> = cnames(zone).collect();
        starts.sort_unstable();
        let mut next = HashMap::new();
        for &id in &starts {
            let Some(target) = sk.cname_target(id) else {
                continue;
            };
            if let Some(at) = sk.resolve(&sk.wire(target)) {
                if sk.has(at, bits::CNAME) {
                    next.insert(id, at);
                }
            }
        }
        let pointed: HashSet<u32> = next.values().copied().collect();
        let mut aliases = Aliases {
            next,
            pointed,
            loops: Vec::new(),
            looping: HashSet::new(),
            after: HashMap::new(),
        };
        // Each name is walked once: a walk stops at a name an earlier walk finished (and
        // takes its result) or at one of its own (a loop).
        let mut done: HashSet<u32> = HashSet::new();
        let mut walk: Vec<u32> = Vec::new();
        let mut on_walk: HashMap<u32, usize> = HashMap::new();
        for &start in &starts {
            if done.contains(&start) || !aliases.next.contains_key(&start) {
                continue;
            }
            walk.clear();
            on_walk.clear();
            let mut at = start;
            // How the walk ended: in a loop or not, and how many CNAMEs follow where it
            // ended (that name not counted, and not left on the walk).
            let (mut looping, mut after) = (false, 0usize);
            loop {
                if let Some(&pos) = on_walk.get(&at) {
                    let members = walk.split_off(pos);
                    aliases.looping.extend(members.iter().copied());
                    done.extend(members.iter().copied());
                    aliases.loops.push(members);
                    looping = true;
                    break;
                }
                if done.contains(&at) {
                    looping = aliases.looping.contains(&at);
                    after = aliases.after.get(&at).copied().unwrap_or(0);
                    break;
                }
                on_walk.insert(at, walk.len());
                walk.push(at);
                match aliases.next.get(&at) {
                    Some(&n) => at = n,
                    None => {
                        // The chain's last CNAME: none follows it.
                        walk.pop();
                        done.insert(at);
                        aliases.after.insert(at, 0);
                        break;
                    }
                }
            }
            for &id in walk.iter().rev() {
                done.insert(id);
                if looping {
                    aliases.looping.insert(id);
                } else {
                    after += 1;
                    aliases.after.insert(id, after);
                }
            }
        }
        aliases
    }
}

/// Names shown in a chain or loop; longer ones are cut, with a count of the rest.
const MAX_SHOWN: usize = 16;

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

/// ZF2040: a CNAME whose target is another CNAME in the zone. Reported once per chain, at its
/// start (a CNAME no other CNAME leads to); a chain that runs into a loop says so.
pub(super) fn cname_chain(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let aliases = Aliases::new(zone);
    let mut starts: Vec<u32> = aliases
        .next
        .keys()
        .copied()
        .filter(|id| !aliases.pointed.contains(id))
        .collect();
    starts.sort_unstable();
    for id in starts {
        let into_loop = aliases.looping.contains(&id);
        // The start and the CNAMEs after it, up to MAX_SHOWN names, each once.
        let mut path = vec![id];
        let mut at = id;
        while let Some(&n) = aliases.next.get(&at) {
            if path.len() >= MAX_SHOWN || path.contains(&n) {
                break;
            }
            path.push(n);
            at = n;
        }
        // CNAMEs of the chain not shown.
        let hidden = if into_loop {
            0
        } else {
            aliases
                .after
                .get(&id)
                .map_or(0, |n| n.saturating_sub(path.len().saturating_sub(1)))
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
        } else if hidden > 0 {
            format!(" → … ({hidden} more CNAMEs)")
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
    let aliases = Aliases::new(zone);
    for mut members in aliases.loops {
        let names: Vec<Name> = members.iter().map(|&id| sk.name(id)).collect();
        let first = names
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.cmp(b.1))
            .map_or(0, |(i, _)| i);
        members.rotate_left(first);
        let total = members.len();
        members.truncate(MAX_SHOWN);
        let Some(links) = links(zone, &members) else {
            continue;
        };
        let Some(start) = links.first().copied() else {
            continue;
        };
        let mut shown: Vec<&Name> = links.iter().map(|r| &r.owner).collect();
        let rest = if total > members.len() {
            format!(" → … ({} more)", total - members.len())
        } else {
            String::new()
        };
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
        let message = if rest.is_empty() {
            shown.push(&start.owner);
            format!("CNAME loop: {}", arrows(&shown))
        } else {
            format!(
                "CNAME loop of {total} CNAMEs: {}{rest} → {}",
                arrows(&shown),
                start.owner
            )
        };
        let d = out.report(start, Focus::Rdata, message);
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

    #[test]
    fn a_chain_is_reported_once_at_its_start() {
        // a → b → c → d: one finding, at a; b and c are links of the same chain.
        let chain = zone("a CNAME b\nb CNAME c\nc CNAME d\nd CNAME www.example.net.\n");
        let found = findings(&chain, CnameChain);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "a.example. points at another CNAME: a.example. → b.example. → c.example. → d.example. → www.example.net."
        );
        assert_eq!(found[0].location.line, 6);
        // Two chains joining: each start is reported, the shared part is not.
        let joined = zone("a CNAME c\nb CNAME c\nc CNAME d\nd A 192.0.2.1\n");
        let found = findings(&joined, CnameChain);
        let lines: Vec<u32> = found.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, vec![6, 7]);
    }

    #[test]
    fn long_chains_and_loops_are_found_whole_and_shown_cut() {
        // A chain of 5,000 CNAMEs: one finding, 16 names shown and the rest counted. Following
        // every CNAME's chain anew took time in proportion to the square of its length.
        let mut body = String::new();
        for i in 0..5000 {
            body.push_str(&format!("c{i} CNAME c{}\n", i + 1));
        }
        body.push_str("c5000 A 192.0.2.1\n");
        let found = findings(&zone(&body), CnameChain);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("c0.example. points at another CNAME: c0.example. → c1.example. → "),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .message
                .ends_with("→ c15.example. → … (4984 more CNAMEs)"),
            "{}",
            found[0].message
        );
        // A loop of 1,000 CNAMEs (longer than the 64 links once followed) is a loop, reported
        // once at the name that sorts first, with 16 names shown.
        let mut body = String::new();
        for i in 0..1000 {
            body.push_str(&format!("l{i:04} CNAME l{:04}\n", (i + 1) % 1000));
        }
        body.push_str("x CNAME l0500\n");
        let found = run(&zone(&body));
        let loops: Vec<_> = found.iter().filter(|d| d.code == CnameLoop).collect();
        assert_eq!(loops.len(), 1);
        assert_eq!(
            loops[0].message,
            format!(
                "CNAME loop of 1000 CNAMEs: {} → … (984 more) → l0000.example.",
                (0..16)
                    .map(|i| format!("l{i:04}.example."))
                    .collect::<Vec<_>>()
                    .join(" → ")
            )
        );
        assert_eq!(loops[0].related.len(), 15);
        // The one way into the loop is a chain that ends in it.
        let chains: Vec<_> = found.iter().filter(|d| d.code == CnameChain).collect();
        assert_eq!(chains.len(), 1);
        assert_eq!(chains[0].location.line, 1006);
        assert!(chains[0].message.ends_with("which ends in a loop"));
    }

    #[test]
    fn many_cnames_at_one_name_are_each_reported() {
        // 3,000 distinct CNAMEs at one name (and one repeat): each distinct one after the first
        // is ZF0142 (they were compared pairwise). 1,000 are shown, then one note counts the
        // others from the first of them on.
        let mut body = String::from("www CNAME t0\n");
        for i in 0..3000 {
            body.push_str(&format!("www CNAME t{i}\n"));
        }
        let mut found = findings(&zone(&body), SingletonType);
        assert_eq!(found.len(), 1001);
        let note = found.remove(1000);
        assert_eq!(
            note.message,
            "1999 more ZF0142 findings are not shown (from here on; at most 1000 of each code are)"
        );
        assert_eq!(note.location.line, 1008);
        assert_eq!(found[0].location.line, 8);
        assert_eq!(found[999].location.line, 1007);
        assert!(found.iter().all(|d| d.related[0].0.line == 6));
    }
}
