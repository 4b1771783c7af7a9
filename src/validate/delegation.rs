//! Delegations: glue for name servers below the cut or in a sibling delegation, usable name
//! servers elsewhere in the zone, nothing but glue below a cut, DS only at cuts.

use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};

use super::index::NameSet;
use super::{relate, Findings, Focus, Owner, ZoneIndex};

/// The target of an NS record.
pub(super) fn ns_target(record: &Record) -> Option<&Name> {
    match &record.data {
        RecordData::Ns(ns) => Some(&ns.target),
        _ => None,
    }
}

/// The delegation points that are themselves served: below the apex, in the zone, not
/// hidden under another cut or a DNAME.
fn delegations<'i, 'a>(zone: &'i ZoneIndex<'a>) -> impl Iterator<Item = Owner<'i, 'a>> + 'i {
    zone.owners().filter(move |o| {
        let name = o.name();
        o.has(RecordType::NS)
            && name != zone.origin()
            && zone.in_zone(name)
            && zone.cut_above(name, true).is_none()
            && zone.dname_above(name).is_none()
    })
}

/// Where a delegation's name server is, seen from the parent zone.
enum Server<'i, 'a> {
    /// Outside the zone: nothing to check here.
    Elsewhere,
    /// At or below the delegation itself: its address must be in the zone as glue.
    BelowCut(Option<Owner<'i, 'a>>),
    /// At or below another delegation: glue is needed too.
    Sibling(Option<Owner<'i, 'a>>),
    /// Hidden by a DNAME.
    BelowDname(Owner<'i, 'a>),
    /// Authoritative data of this zone (or nothing, when the name does not exist).
    Here(Option<Owner<'i, 'a>>),
}

fn classify<'i, 'a>(zone: &'i ZoneIndex<'a>, cut: &Name, target: &Name) -> Server<'i, 'a> {
    if !zone.in_zone(target) {
        return Server::Elsewhere;
    }
    if let Some(dname) = zone.dname_above(target) {
        return Server::BelowDname(dname);
    }
    if target.is_subdomain_of(cut) {
        return Server::BelowCut(zone.lookup(target));
    }
    if zone.cut_above(target, false).is_some() || zone.is_delegation(target) {
        return Server::Sibling(zone.lookup(target));
    }
    Server::Here(zone.resolve(target))
}

/// Runs `each` on every NS record of every served delegation with its target's class.
fn each_server(
    zone: &ZoneIndex<'_>,
    out: &mut Findings<'_>,
    mut each: impl FnMut(&mut Findings<'_>, &Record, &Name, Server<'_, '_>),
) {
    for cut in delegations(zone) {
        for ns in cut.rrset(RecordType::NS) {
            if let Some(target) = ns_target(ns) {
                each(out, ns, target, classify(zone, cut.name(), target));
            }
        }
    }
}

/// ZF2020: a name server below its own delegation without glue.
pub(super) fn missing_glue(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    each_server(zone, out, |out, ns, target, server| {
        let Server::BelowCut(found) = server else {
            return;
        };
        if found.is_some_and(|o| o.has_address()) {
            return;
        }
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
pub(super) fn missing_sibling_glue(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    each_server(zone, out, |out, ns, target, server| {
        let Server::Sibling(found) = server else {
            return;
        };
        if found.is_some_and(|o| o.has_address()) {
            return;
        }
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

/// ZF2022: a delegation's name server in the zone's own data is unusable.
pub(super) fn delegation_ns_target(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    each_server(zone, out, |out, ns, target, server| {
        let (problem, related) = match server {
            Server::BelowDname(dname) => (
                format!("is below the DNAME at {}", dname.name()),
                dname.first(RecordType::DNAME),
            ),
            Server::Here(None) => ("does not exist in the zone".to_string(), None),
            Server::Here(Some(found)) => {
                if let Some(cname) = found.first(RecordType::CNAME) {
                    ("is a CNAME".to_string(), Some(cname))
                } else if !found.has_address() {
                    ("has no A or AAAA record".to_string(), None)
                } else {
                    return;
                }
            }
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

/// ZF2023: records below (or at) a delegation point that are not glue.
pub(super) fn occluded_data(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    let has_cut = zone
        .owners()
        .any(|o| o.name() != zone.origin() && zone.in_zone(o.name()) && o.has(RecordType::NS));
    if !has_cut {
        return;
    }
    // Built on first need: only names below or at a cut with an address ask.
    let mut servers: Option<NameSet<'_>> = None;
    for owner in zone.owners() {
        let name = owner.name();
        if name == zone.origin() || !zone.in_zone(name) {
            continue;
        }
        let above = zone.cut_above(name, false);
        let at_cut = above.is_none() && owner.has(RecordType::NS);
        if above.is_none() && !at_cut {
            continue;
        }
        // Most owners here are plain delegations (NS, DS) and glue: decide without collecting.
        let mut any_hidden = false;
        let mut has_address = false;
        for (t, _) in owner.rrset_positions() {
            if at_cut && AT_CUT.contains(&t) {
                continue;
            }
            if matches!(t, RecordType::A | RecordType::AAAA) {
                has_address = true;
            } else {
                any_hidden = true;
            }
        }
        let is_server = has_address
            && servers
                .get_or_insert_with(|| NameSet::new(zone.records(), ns_target))
                .contains(name);
        if !any_hidden && (!has_address || is_server) {
            continue;
        }
        let hidden: Vec<(RecordType, &Record)> = owner
            .rrsets()
            .filter(|(t, _)| !(at_cut && AT_CUT.contains(t)))
            .filter(|(t, _)| !(is_server && matches!(*t, RecordType::A | RecordType::AAAA)))
            .filter_map(|(t, set)| {
                set.into_iter()
                    .min_by_key(|r| r.location.offset)
                    .map(|r| (t, r))
            })
            .collect();
        let Some(&(_, first)) = hidden.iter().min_by_key(|(_, r)| r.location.offset) else {
            continue;
        };
        let types: Vec<String> = hidden.iter().map(|(t, _)| t.to_string()).collect();
        let cut = above.unwrap_or(owner);
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
pub(super) fn ds_not_at_delegation(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    let ds = RecordType::DS;
    for owner in zone.owners() {
        let name = owner.name();
        if name == zone.origin()
            || !zone.in_zone(name)
            || owner.has(RecordType::NS)
            || zone.cut_above(name, false).is_some()
        {
            continue;
        }
        for record in owner.rrset(ds) {
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
pub(super) fn ds_at_apex(zone: &ZoneIndex<'_>, out: &mut Findings<'_>) {
    let Some(apex) = zone.lookup(zone.origin()) else {
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
