//! Delegations: glue for name servers below the cut or in a sibling delegation, usable name
//! servers elsewhere in the zone, nothing but glue below a cut, DS only at cuts.

use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};

use super::skeleton::{bits, wire_is_subdomain, Skeleton};
use super::stream::{first_placed, Zone};
use super::{relate, Findings, Focus};

/// The target of an NS record.
pub(super) fn ns_target(record: &Record) -> Option<&Name> {
    match &record.data {
        RecordData::Ns(ns) => Some(&ns.target),
        _ => None,
    }
}

/// True when name `id` is a delegation point that is itself served: below the apex, in the
/// zone, not hidden under another cut or a DNAME.
fn is_served_delegation(sk: &Skeleton, id: u32) -> bool {
    let wire = sk.wire(id);
    let wire: &[u8] = &wire;
    sk.has(id, bits::NS)
        && !sk.is_origin(wire)
        && sk.in_zone(wire)
        && sk.cut_above(wire, true).is_none()
        && sk.dname_above(wire).is_none()
}

/// [`is_served_delegation`] without building the name, for the common case it is sure of: a
/// name with NS records one label below the apex has no cut above it, and in a zone without
/// DNAME nothing hides it. False means "not sure", not "not served".
fn one_label_delegation(sk: &Skeleton, id: u32) -> bool {
    let (flags, stored) = sk.entry(id);
    flags & bits::NS != 0
        && flags & bits::RELATIVE != 0
        && !sk.has_dname()
        && stored
            .first()
            .is_some_and(|&len| stored.len() == 1 + usize::from(len))
}

/// What [`classify`] says of the name server `target` of the delegation `cut` when it lies at
/// or below the cut (in-bailiwick, the usual case) in a zone without DNAME, decided on the
/// stored names (both without the origin's labels, which do not change which is below
/// which); `None` otherwise, to be classified in full.
fn below_own_cut(sk: &Skeleton, cut: u32, target: u32) -> Option<Server> {
    let (cut_flags, cut_stored) = sk.entry(cut);
    let (target_flags, target_stored) = sk.entry(target);
    let below = !sk.has_dname()
        && cut_flags & target_flags & bits::RELATIVE != 0
        && !cut_stored.is_empty()
        && wire_is_subdomain(target_stored, cut_stored);
    below.then(|| Server::BelowCut(Some(target).filter(|&t| sk.owns(t))))
}

/// Where a delegation's name server is, seen from the parent zone (names as ids).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Server {
    /// Outside the zone: nothing to check here.
    Elsewhere,
    /// At or below the delegation itself: its address must be in the zone as glue.
    BelowCut(Option<u32>),
    /// At or below another delegation: glue is needed too.
    Sibling(Option<u32>),
    /// Hidden by a DNAME.
    BelowDname(u32),
    /// Authoritative data of this zone (or nothing, when the name does not exist).
    Here(Option<u32>),
}

/// Where the name server `target` of the delegation `cut` is; `id` is the target's id when
/// it is known (it saves looking the name up).
fn classify(sk: &Skeleton, cut: &[u8], target: &[u8], id: Option<u32>) -> Server {
    if !sk.in_zone(target) {
        return Server::Elsewhere;
    }
    if let Some(dname) = sk.dname_above(target) {
        return Server::BelowDname(dname);
    }
    let found = || match id {
        Some(id) => Some(id).filter(|&t| sk.owns(t)),
        None => sk.lookup(target),
    };
    if wire_is_subdomain(target, cut) {
        return Server::BelowCut(found());
    }
    let delegation = || match id {
        Some(id) => !sk.is_origin(target) && sk.has(id, bits::NS),
        None => sk.is_delegation(target),
    };
    if sk.cut_above(target, false).is_some() || delegation() {
        return Server::Sibling(found());
    }
    Server::Here(found().or_else(|| sk.resolve(target)))
}

/// The in-zone NS targets of served delegations that the three checks looking at them have
/// something to say about, each classified once: (delegation, target, class).
fn servers<'z>(zone: &Zone<'z>) -> &'z [(u32, u32, Server)] {
    zone.shared().servers.get_or_init(|| {
        let sk = zone.skeleton();
        let mut out = Vec::new();
        let mut last: Option<(u32, bool)> = None;
        for &(cut, bit, target) in sk.targets() {
            if bit != bits::NS {
                continue;
            }
            let served = match last {
                Some((id, served)) if id == cut => served,
                _ => one_label_delegation(sk, cut) || is_served_delegation(sk, cut),
            };
            last = Some((cut, served));
            if !served {
                continue;
            }
            // Only the name servers one of the three checks reports on are kept (none, in a
            // clean zone).
            let server = below_own_cut(sk, cut, target)
                .unwrap_or_else(|| classify(sk, &sk.wire(cut), &sk.wire(target), Some(target)));
            let reported = match server {
                Server::BelowCut(found) | Server::Sibling(found) => no_glue(sk, found),
                _ => unusable(sk, server).is_some(),
            };
            if reported {
                out.push((cut, target, server));
            }
        }
        out
    })
}

/// Runs `each` on every NS record of the served delegations with a name server `finding`
/// picks out (with the owner of the record to point at, if any), once the delegation's
/// records and those pointed at are held.
fn each_server(
    zone: &Zone<'_>,
    out: &mut Findings<'_>,
    finding: fn(&Skeleton, Server) -> Option<Option<u32>>,
    mut each: impl FnMut(&mut Findings<'_>, &Record, &Name, Server),
) {
    let sk = zone.skeleton();
    let all = servers(zone);
    let mut rest = all;
    while let Some(&(cut, _, _)) = rest.first() {
        let len = rest.iter().take_while(|&&(c, _, _)| c == cut).count();
        let (group, tail) = rest.split_at(len);
        rest = tail;
        let mut any = false;
        for &(_, _, server) in group {
            if let Some(related) = finding(sk, server) {
                any = true;
                if let Some(r) = related {
                    zone.want(r);
                }
            }
        }
        if !any {
            continue;
        }
        let Some(owner) = zone.records_of(cut) else {
            continue;
        };
        let cut_wire = sk.wire(cut);
        let cut_wire: &[u8] = &cut_wire;
        for ns in owner.rrset(RecordType::NS) {
            if let Some(target) = ns_target(ns) {
                let server = classify(sk, cut_wire, target.as_wire(), None);
                if finding(sk, server).is_some() {
                    each(out, ns, target, server);
                }
            }
        }
    }
}

/// A name server below its cut or in a sibling delegation without an address.
fn no_glue(sk: &Skeleton, found: Option<u32>) -> bool {
    !found.is_some_and(|o| sk.has(o, bits::ADDRESS))
}

/// ZF2020: a name server below its own delegation without glue.
pub(super) fn missing_glue(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let finding = |sk: &Skeleton, server| match server {
        Server::BelowCut(found) if no_glue(sk, found) => Some(None),
        _ => None,
    };
    each_server(zone, out, finding, |out, ns, target, _| {
        out.report(
            ns,
            Focus::Name(target),
            format!(
                "the delegation {} uses the name server {target}, which is inside it, but the zone has no A or AAAA record (glue) for it",
                ns.owner
            ),
        )
        .help = Some(format!(
            "add `{target} A <address>` (and/or AAAA) to this zone; resolvers cannot find the server otherwise"
        ));
    });
}

/// ZF2021: a name server in a sibling delegation without glue.
pub(super) fn missing_sibling_glue(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let finding = |sk: &Skeleton, server| match server {
        Server::Sibling(found) if no_glue(sk, found) => Some(None),
        _ => None,
    };
    each_server(zone, out, finding, |out, ns, target, _| {
        out.report(
            ns,
            Focus::Name(target),
            format!(
                "the delegation {} uses the name server {target}, which lies in another delegation, and the zone has no A or AAAA record (sibling glue) for it",
                ns.owner
            ),
        )
        .help = Some(format!("add `{target} A <address>` (and/or AAAA) to this zone as glue"));
    });
}

/// What is wrong with a name server in the zone's own data, and the name to point at.
fn unusable(sk: &Skeleton, server: Server) -> Option<Option<u32>> {
    match server {
        Server::BelowDname(dname) => Some(Some(dname)),
        Server::Here(None) => Some(None),
        Server::Here(Some(found)) if sk.has(found, bits::CNAME) => Some(Some(found)),
        Server::Here(Some(found)) if !sk.has(found, bits::ADDRESS) => Some(None),
        _ => None,
    }
}

/// ZF2022: a delegation's name server in the zone's own data is unusable.
pub(super) fn delegation_ns_target(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let sk = zone.skeleton();
    each_server(zone, out, unusable, |out, ns, target, server| {
        let held = |id: u32| zone.records_of(id);
        let (problem, related) = match server {
            Server::BelowDname(dname) => {
                let Some(dname) = held(dname) else {
                    return;
                };
                (
                    format!("is below the DNAME at {}", dname.name()),
                    dname.first(RecordType::DNAME),
                )
            }
            Server::Here(None) => ("does not exist in the zone".to_string(), None),
            Server::Here(Some(found)) if sk.has(found, bits::CNAME) => {
                let Some(found) = held(found) else {
                    return;
                };
                ("is a CNAME".to_string(), found.first(RecordType::CNAME))
            }
            Server::Here(Some(_)) => ("has no A or AAAA record".to_string(), None),
            _ => return,
        };
        let place = related.map(|r| out.place(r, Focus::Type));
        let d = out.report(
            ns,
            Focus::Name(target),
            format!(
                "the delegation {} uses the name server {target}, which {problem}",
                ns.owner
            ),
        );
        if let Some(place) = place {
            relate(d, place, format!("{target} is resolved here"));
        }
        d.help = Some(format!(
            "give {target} an A or AAAA record, or name a server that has one (RFC 2181 §10.3: NS targets must not be aliases)"
        ));
    });
}

/// Types that belong at a delegation point in the parent zone.
const AT_CUT: &[RecordType] = &[
    RecordType::NS,
    RecordType::DS,
    RecordType::RRSIG,
    RecordType::NSEC,
];

/// [`AT_CUT`] as type bits.
const AT_CUT_BITS: u32 = bits::NS | bits::DS | bits::RRSIG | bits::NSEC;

/// ZF2023: records below (or at) a delegation point that are not glue.
pub(super) fn occluded_data(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let sk = zone.skeleton();
    // A name in the zone below the apex: its entry holds it without the origin's labels.
    let below_apex = |id: u32| {
        let (flags, stored) = sk.entry(id);
        (flags & bits::RELATIVE != 0 && !stored.is_empty()).then_some(stored)
    };
    let has_cut = zone
        .owners()
        .any(|id| sk.has(id, bits::NS) && below_apex(id).is_some());
    if !has_cut {
        return;
    }
    // The last delegation point seen with no cut above it (names below it in the file, its
    // glue usually, have it as their topmost cut), as stored: without the origin's labels.
    let mut last_cut: Option<u32> = None;
    let mut last_stored: Vec<u8> = Vec::new();
    for id in zone.owners() {
        let Some(stored) = below_apex(id) else {
            continue;
        };
        let one_label = stored.len() == 1 + usize::from(stored.first().copied().unwrap_or(0));
        let above = if one_label {
            None
        } else if last_cut.is_some()
            && stored.len() > last_stored.len()
            && wire_is_subdomain(stored, &last_stored)
        {
            last_cut
        } else {
            sk.cut_above(&sk.wire(id), false)
        };
        let at_cut = above.is_none() && sk.has(id, bits::NS);
        if at_cut {
            last_cut = Some(id);
            last_stored.clear();
            last_stored.extend_from_slice(stored);
        }
        if above.is_none() && !at_cut {
            continue;
        }
        let mut types = sk.types(id) & bits::TYPES;
        if at_cut {
            types &= !AT_CUT_BITS;
        }
        let has_address = types & bits::ADDRESS != 0;
        let any_hidden = types & !bits::ADDRESS != 0;
        let is_server = has_address && sk.has(id, bits::NS_TARGET);
        if !any_hidden && (!has_address || is_server) {
            continue;
        }
        let cut_id = above.unwrap_or(id);
        let owner = zone.records_of(id);
        let cut = zone.records_of(cut_id);
        let (Some(owner), Some(cut)) = (owner, cut) else {
            continue;
        };
        let name = owner.name();
        let hidden: Vec<(RecordType, &Record)> = owner
            .rrsets()
            .filter(|(t, _)| !(at_cut && AT_CUT.contains(t)))
            .filter(|(t, _)| !(is_server && matches!(*t, RecordType::A | RecordType::AAAA)))
            .filter_map(|(t, set)| first_placed(set.into_iter()).map(|r| (t, r)))
            .collect();
        let Some(&(_, first)) = hidden.iter().min_by_key(|(_, r)| r.location.offset) else {
            continue;
        };
        let types: Vec<String> = hidden.iter().map(|(t, _)| t.to_string()).collect();
        let cut_ns = cut.first(RecordType::NS).map(|r| out.place(r, Focus::Type));
        let message = if at_cut {
            format!(
                "{name} is a delegation point; its {} records belong in the child zone and are not served here",
                types.join(", ")
            )
        } else {
            format!(
                "{name} is below the delegation {}; its {} records are not served (only glue is)",
                cut.name(),
                types.join(", ")
            )
        };
        let d = out.report(first, Focus::Type, message);
        if let Some(place) = cut_ns {
            relate(d, place, format!("{} is delegated here", cut.name()));
        }
        d.help = Some("move these records into the child zone; the parent keeps only NS, DS and the glue addresses of in-bailiwick name servers".into());
    }
}

/// ZF2024: DS records at a name that is not a delegation point.
pub(super) fn ds_not_at_delegation(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let sk = zone.skeleton();
    for id in zone.owners() {
        if !sk.has(id, bits::DS) || sk.has(id, bits::NS) {
            continue;
        }
        let wire = sk.wire(id);
        let wire: &[u8] = &wire;
        if sk.is_origin(wire) || !sk.in_zone(wire) || sk.cut_above(wire, false).is_some() {
            continue;
        }
        let Some(owner) = zone.records_of(id) else {
            continue;
        };
        let name = owner.name();
        for record in owner.rrset(RecordType::DS) {
            out.report(
                record,
                Focus::Type,
                format!("DS record at {name}, which has no NS records (not a delegation point)"),
            )
            .help = Some("a DS record describes the key of a delegated child zone and sits beside the delegation's NS records (RFC 4035 §2.4)".into());
        }
    }
}

/// ZF0146: DS records at the apex.
pub(super) fn ds_at_apex(zone: &Zone<'_>, out: &mut Findings<'_>) {
    let Some(apex) = zone.apex() else {
        return;
    };
    for record in apex.rrset(RecordType::DS) {
        out.report(
            record,
            Focus::Type,
            format!("DS record at the apex of {}", zone.origin()),
        )
        .help = Some("the zone's own DS record belongs in the parent zone; publish CDS here if you want the parent to pick it up".into());
    }
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode::*;
    use crate::validate::testing::*;

    #[test]
    fn shortcuts_agree_with_the_full_classification() {
        use super::*;
        for dname in [false, true] {
            let mut sk = Skeleton::new(Name::from_ascii("Example.").unwrap());
            let mut ids = Vec::new();
            for (name, types) in [
                ("child.example.", bits::NS),
                ("CHILD.example.", bits::DS),
                ("ns.child.example.", bits::A),
                ("ns2.Child.EXAMPLE.", 0),
                ("a.b.example.", bits::NS),
                ("ns.a.b.example.", bits::AAAA),
                ("b.example.", bits::TXT),
                ("other.example.", bits::NS),
                ("ns.other.example.", 0),
                ("childx.example.", bits::A),
                ("x.childx.example.", bits::NS),
                ("example.", bits::NS | bits::SOA),
                ("ns.example.net.", 0),
                ("d.example.", if dname { bits::DNAME } else { bits::TXT }),
                ("ns.d.example.", bits::A),
            ] {
                let wire = Name::from_ascii(name).unwrap();
                let id = sk.intern(wire.as_wire()).unwrap();
                sk.add_types(id, types);
                ids.push(id);
            }
            for &cut in &ids {
                if one_label_delegation(&sk, cut) {
                    assert!(is_served_delegation(&sk, cut), "{}", sk.name(cut));
                }
                for &target in &ids {
                    let full = classify(&sk, &sk.wire(cut), &sk.wire(target), Some(target));
                    if let Some(short) = below_own_cut(&sk, cut, target) {
                        let what = format!("{} at {}", sk.name(target), sk.name(cut));
                        assert_eq!(format!("{short:?}"), format!("{full:?}"), "{what}");
                    }
                }
            }
            // The shortcuts answer for the common case, and stand aside with a DNAME.
            let child = sk
                .find(Name::from_ascii("child.example.").unwrap().as_wire())
                .unwrap();
            let ns = sk
                .find(Name::from_ascii("ns.child.example.").unwrap().as_wire())
                .unwrap();
            assert_eq!(one_label_delegation(&sk, child), !dname);
            assert_eq!(below_own_cut(&sk, child, ns).is_some(), !dname);
        }
    }

    fn ds(owner: &str) -> String {
        format!("{owner} DS 12345 8 2 FD03B2312C8F0FE72C1751EFA1007D743C94EC91594FF0047C23C37CE119BA0C\n")
    }

    #[test]
    fn good_delegations_are_quiet() {
        let text = zone(&format!(
            "child NS ns.child\nchild NS ns1\nchild NS ns.example.net.\nns.child A 192.0.2.10\n{}other NS ns.child\n",
            ds("child")
        ));
        assert_eq!(codes(&text), vec![]);
    }

    #[test]
    fn missing_glue() {
        let text = zone("child NS ns.child\n");
        let found = findings(&text, MissingGlue);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.starts_with(
            "the delegation child.example. uses the name server ns.child.example., which is inside it"
        ));
        assert_eq!((found[0].location.column, found[0].location.len), (10, 8));
        // Glue present but only as TXT: still missing.
        assert_eq!(
            codes(&zone("child NS ns.child\nns.child TXT \"x\"\n")),
            vec![MissingGlue, OccludedData]
        );
    }

    #[test]
    fn missing_sibling_glue() {
        let text = zone("child NS ns.other\nother NS ns.example.net.\n");
        assert_eq!(codes(&text), vec![MissingSiblingGlue]);
        let glued = zone("child NS ns.other\nother NS ns.example.net.\nns.other A 192.0.2.4\n");
        assert_eq!(codes(&glued), vec![]);
    }

    #[test]
    fn delegation_ns_target() {
        let found = findings(&zone("child NS host\nhost CNAME ns1\n"), DelegationNsTarget);
        assert_eq!(
            found[0].message,
            "the delegation child.example. uses the name server host.example., which is a CNAME"
        );
        assert_eq!(found[0].related.len(), 1);
        let found = findings(&zone("child NS host\nhost TXT \"x\"\n"), DelegationNsTarget);
        assert!(found[0].message.ends_with("which has no A or AAAA record"));
        let found = findings(&zone("child NS host\n"), DelegationNsTarget);
        assert!(found[0]
            .message
            .ends_with("which does not exist in the zone"));
        let found = findings(
            &zone("child NS ns.d\nd DNAME example.net.\nns.d A 192.0.2.1\n"),
            DelegationNsTarget,
        );
        assert!(found[0]
            .message
            .ends_with("which is below the DNAME at d.example."));
        // A wildcard address answers for the server.
        assert!(findings(
            &zone("child NS host.w\n*.w A 192.0.2.1\n"),
            DelegationNsTarget
        )
        .is_empty());
    }

    #[test]
    fn occluded_data() {
        let text = zone("child NS ns.example.net.\nwww.child A 192.0.2.4\nchild MX 10 mail\nsub.child NS ns.example.net.\n");
        let found = findings(&text, OccludedData);
        let got: Vec<(u32, &str)> = found
            .iter()
            .map(|d| (d.location.line, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (7, "www.child.example. is below the delegation child.example.; its A records are not served (only glue is)"),
                (8, "child.example. is a delegation point; its MX records belong in the child zone and are not served here"),
                (9, "sub.child.example. is below the delegation child.example.; its NS records are not served (only glue is)"),
            ]
        );
        assert_eq!(found[0].related[0].0.line, 6);
        // An address at the cut that the NS names is glue.
        assert!(findings(&zone("child NS child\nchild A 192.0.2.8\n"), OccludedData).is_empty());
    }

    #[test]
    fn ds_placement() {
        let found = findings(&zone(&ds("www")), DsNotAtDelegation);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "DS record at www.example., which has no NS records (not a delegation point)"
        );
        let found = findings(&zone(&ds("@")), DsAtApex);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "DS record at the apex of example.");
        assert_eq!(found[0].severity, crate::Severity::Error);
    }
}
