//! The difference between a zone file and the live Cloudflare zone, as the smallest set of
//! record operations.
//!
//! Records are matched by (owner, type, rdata): the rdata compared as typed values, so text
//! spelling (`2001:db8::0:1` vs `2001:db8::1`, case in names, TXT string splits that decode the
//! same) never counts as a difference. A matched pair whose TTL, proxy state, comment, tags or
//! settings differ becomes a change (an overwrite that keeps the record's id); a file record
//! with no partner is an add; a live record with no partner is kept, unless `prune` is asked
//! for, in which case it is deleted — and paired with a file record of the same owner and type
//! it becomes a change instead. A CNAME is paired that way even without `prune`, since a name
//! has only one.
//!
//! Left alone whatever the options: records Cloudflare marks `meta.read_only`, records its
//! onboarding scan added (`meta.auto_added`, never pruned), the apex NS set and anything the
//! model cannot read (SOA, SPF). The file's apex SOA and NS TTL are zone settings, planned only
//! with `settings` (see [`super::zone_settings`]).
//!
//! Attributes the file does not state are kept as they are live: a hand-written file without
//! `cf_tags` does not un-proxy records or wipe comments. Once any record of the file carries a
//! comment or a tag, comments and tags are taken from the file for every record (absent means
//! none), as in Cloudflare's own export.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{json, Value};

use super::attrs::RecordAttributes;
use super::convert::{from_api, to_api, ZoneRecord};
use super::model::{DnsRecord, RecordBody};
use super::names;
use super::zone_settings::{self, DesiredSettings, SettingsPlan};
use crate::error::{Diagnostic, ErrorCode, Location};
use crate::name::Name;
use crate::rr::RecordType;

/// What the plan may do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Delete live records the file does not have.
    pub prune: bool,
    /// Plan the zone DNS settings from the apex SOA and NS TTL.
    pub settings: bool,
}

/// A record to create.
#[derive(Debug, Clone, PartialEq)]
pub struct Add {
    pub record: ZoneRecord,
    /// The request body.
    pub body: DnsRecord,
}

/// A live record to overwrite (PUT keeps its id).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: String,
    pub old: ZoneRecord,
    pub new: ZoneRecord,
    /// The full request body (PUT resets whatever it omits).
    pub body: DnsRecord,
    /// What differs, e.g. `ttl 300 → 1`.
    pub differences: Vec<String>,
}

/// A live record to delete.
#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    pub id: String,
    pub old: ZoneRecord,
}

/// A live record the plan does not touch, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftAlone {
    /// The record as a zone line (or the API's words for one that does not convert).
    pub record: String,
    pub reason: String,
}

/// The settings part of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsSection {
    pub desired: DesiredSettings,
    pub plan: SettingsPlan,
}

/// Everything a plan found.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub zone_id: String,
    pub zone_name: Name,
    pub adds: Vec<Add>,
    pub changes: Vec<Change>,
    pub deletes: Vec<Delete>,
    /// Live and file agree.
    pub unchanged: usize,
    /// Live-only records kept (no `prune`).
    pub kept: Vec<ZoneRecord>,
    pub left_alone: Vec<LeftAlone>,
    pub settings: Option<SettingsSection>,
    /// Things worth saying that change nothing (a proxied record's TTL forced to auto, …).
    pub notes: Vec<String>,
}

impl Plan {
    /// No record operation and no setting change.
    pub fn is_empty(&self) -> bool {
        self.adds.is_empty()
            && self.changes.is_empty()
            && self.deletes.is_empty()
            && self.settings.as_ref().is_none_or(|s| s.plan.is_empty())
    }

    /// Record operations in the plan.
    pub fn operation_count(&self) -> usize {
        self.adds.len() + self.changes.len() + self.deletes.len()
    }

    /// The plan for people: a summary line, then `+` adds, `~` changes (old and new), `-`
    /// deletes, and setting changes.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let zone = self.zone_name.to_string();
        let _ = writeln!(
            out,
            "Plan for {} ({}): {} to add, {} to change, {} to delete{}",
            zone.trim_end_matches('.'),
            self.zone_id,
            self.adds.len(),
            self.changes.len(),
            self.deletes.len(),
            match &self.settings {
                Some(s) => format!(", {} setting(s) to change", s.plan.changes.len()),
                None => String::new(),
            }
        );
        let _ = writeln!(
            out,
            "  {} unchanged, {} only live and kept{}, {} left alone",
            self.unchanged,
            self.kept.len(),
            if self.kept.is_empty() {
                ""
            } else {
                " (--prune deletes them)"
            },
            self.left_alone.len()
        );
        for add in &self.adds {
            let _ = writeln!(out, "+ {}", line(&add.record));
        }
        for change in &self.changes {
            let _ = writeln!(out, "~ {}  (id {})", line(&change.old), change.id);
            if change.old.record.data != change.new.record.data {
                let _ = writeln!(out, "  → {}", line(&change.new));
            }
            for difference in &change.differences {
                let _ = writeln!(out, "    {difference}");
            }
        }
        for delete in &self.deletes {
            let _ = writeln!(out, "- {}  (id {})", line(&delete.old), delete.id);
        }
        if let Some(settings) = &self.settings {
            for change in &settings.plan.changes {
                let _ = writeln!(
                    out,
                    "~ setting {}: {} → {}",
                    change.field, change.current, change.desired
                );
            }
            for warning in &settings.plan.warnings {
                let _ = writeln!(out, "! {warning}");
            }
        }
        for alone in &self.left_alone {
            let _ = writeln!(out, "= {}  ({})", alone.record, alone.reason);
        }
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        if self.is_empty() {
            out.push_str("Nothing to do: the zone matches the file.\n");
        }
        out
    }

    /// The plan for programs.
    pub fn to_json(&self) -> Value {
        json!({
            "zone": {"id": self.zone_id, "name": self.zone_name.to_string()},
            "summary": {
                "add": self.adds.len(), "change": self.changes.len(), "delete": self.deletes.len(),
                "unchanged": self.unchanged, "kept": self.kept.len(), "left_alone": self.left_alone.len(),
                "settings": self.settings.as_ref().map_or(0, |s| s.plan.changes.len()),
            },
            "adds": self.adds.iter().map(|a| json!({
                "record": line(&a.record), "api": a.body.request_form(),
            })).collect::<Vec<_>>(),
            "changes": self.changes.iter().map(|c| json!({
                "id": c.id, "old": line(&c.old), "new": line(&c.new),
                "differences": c.differences, "api": c.body.request_form(),
            })).collect::<Vec<_>>(),
            "deletes": self.deletes.iter().map(|d| json!({
                "id": d.id, "record": line(&d.old),
            })).collect::<Vec<_>>(),
            "kept": self.kept.iter().map(line).collect::<Vec<_>>(),
            "left_alone": self.left_alone.iter().map(|l| json!({
                "record": l.record, "reason": l.reason,
            })).collect::<Vec<_>>(),
            "settings": self.settings.as_ref().map(|s| json!({
                "changes": s.plan.changes.iter().map(|c| json!({
                    "field": c.field, "current": c.current, "desired": c.desired,
                })).collect::<Vec<_>>(),
                "warnings": s.plan.warnings,
                "patch": s.plan.patch(&s.desired),
            })),
            "notes": self.notes,
        })
    }
}

/// A record as one zone line with its `; comment cf_tags=…` metadata.
pub fn line(record: &ZoneRecord) -> String {
    let mut text = record.record.to_string();
    if let Some(meta) = record.attrs.to_comment() {
        text.push_str(" ; ");
        text.push_str(&meta);
    }
    text
}

/// The zone's name as a [`Name`] (Cloudflare returns IDN zone names in Unicode).
pub fn zone_origin(zone_name: &str) -> Result<Name, Box<Diagnostic>> {
    names::zone_from_api(zone_name.trim_end_matches('.')).map_err(|e| {
        Box::new(Diagnostic::error(
            ErrorCode::CfNoZone,
            format!("the zone name \"{zone_name}\" is not usable: {e}"),
            Location::default(),
        ))
    })
}

/// A desired record prepared for matching.
struct Wanted {
    record: ZoneRecord,
    body: DnsRecord,
}

/// A live record prepared for matching.
struct Live {
    id: String,
    record: ZoneRecord,
    read_only: bool,
    auto_added: bool,
}

/// The grouping key: owner (case-folded through [`Name`]'s equality) and type.
type GroupKey = (Name, RecordType);

/// Computes the plan from the file's records, the live records and (with `settings`) the live
/// zone DNS settings. Problems that make the plan unusable (records the API cannot take,
/// conflicts with kept records, settings out of range) come back as diagnostics.
pub fn compute(
    zone_id: &str,
    origin: &Name,
    desired: &[ZoneRecord],
    live: &[DnsRecord],
    current_settings: Option<&Value>,
    options: PlanOptions,
) -> Result<Plan, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut plan = Plan {
        zone_id: zone_id.to_owned(),
        zone_name: origin.clone(),
        adds: Vec::new(),
        changes: Vec::new(),
        deletes: Vec::new(),
        unchanged: 0,
        kept: Vec::new(),
        left_alone: Vec::new(),
        settings: None,
        notes: Vec::new(),
    };

    // --- the file's side -------------------------------------------------------------------
    let authoritative_meta = desired
        .iter()
        .any(|d| d.attrs.comment.is_some() || !d.attrs.tags.is_empty());
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut apex_ns = 0usize;
    for zr in desired {
        let r = &zr.record;
        if !r.owner.is_subdomain_of(origin) {
            problems.push(Diagnostic::error(
                ErrorCode::CfBadName,
                format!(
                    "{} record \"{}\" is outside the zone {}",
                    r.rtype(),
                    r.owner,
                    origin
                ),
                r.location.clone(),
            ));
            continue;
        }
        if r.owner == *origin && r.rtype() == RecordType::SOA {
            continue; // zone settings
        }
        if r.owner == *origin && r.rtype() == RecordType::NS {
            apex_ns += 1;
            continue; // Cloudflare's own apex NS; the TTL is a zone setting
        }
        let mut zr = zr.clone();
        if zr.attrs.proxied == Some(true) && zr.record.ttl != 1 {
            plan.notes.push(format!(
                "{} is proxied, so Cloudflare serves it with the automatic TTL; the file's TTL {} is replaced by 1",
                zr.record.owner, zr.record.ttl
            ));
            zr.record.ttl = 1;
        }
        match to_api::record(&zr) {
            Ok(body) => {
                // Match the record as the API will store it: a label of UTF-8 octets in the
                // file is sent (and listed back) as its Punycode A-label, so compared as
                // written it would never match its live copy and every plan would add it again.
                if let Ok(stored) = from_api::record(&body, Some(origin)) {
                    zr.record.owner = stored.record.owner;
                    zr.record.data = stored.record.data;
                }
                if wanted.iter().any(|w| same_rrdata(&w.record, &zr)) {
                    plan.notes.push(format!(
                        "the file holds \"{}\" twice; it is planned once",
                        zr.record
                    ));
                    continue;
                }
                wanted.push(Wanted { record: zr, body });
            }
            Err(e) => problems.push(Diagnostic::error(e.code, e.message, r.location.clone())),
        }
    }
    if apex_ns > 0 && !options.settings {
        plan.notes.push(format!(
            "{apex_ns} apex NS record(s) of the file are Cloudflare's to manage; their TTL is the zone's ns_ttl setting (see --settings)"
        ));
    }

    // --- the live side ---------------------------------------------------------------------
    let mut lives: Vec<Live> = Vec::new();
    for r in live {
        let id = r.id.clone().unwrap_or_default();
        if let RecordBody::Other(other) = &r.body {
            plan.left_alone.push(LeftAlone {
                record: format!("{} {} (id {id})", r.name, other.type_name),
                reason: "a type Cloudflare manages or zonefmt does not model".into(),
            });
            continue;
        }
        let meta = r.response.meta.as_ref();
        let read_only = meta.and_then(|m| m.read_only).unwrap_or(false);
        let auto_added = meta.and_then(|m| m.auto_added).unwrap_or(false);
        match from_api::record(r, Some(origin)) {
            Ok(record) => {
                if record.record.owner == *origin && record.record.rtype() == RecordType::NS {
                    plan.left_alone.push(LeftAlone {
                        record: line(&record),
                        reason: "apex NS records are managed with the zone's nameserver settings"
                            .into(),
                    });
                    continue;
                }
                lives.push(Live {
                    id,
                    record,
                    read_only,
                    auto_added,
                });
            }
            Err(e) => plan.left_alone.push(LeftAlone {
                record: format!("{} {} (id {id})", r.name, r.type_name()),
                reason: format!("cannot be read: {}", e.message),
            }),
        }
    }

    // --- matching ----------------------------------------------------------------------------
    let mut groups: HashMap<GroupKey, Vec<usize>> = HashMap::new();
    for (i, l) in lives.iter().enumerate() {
        groups
            .entry((l.record.record.owner.clone(), l.record.record.rtype()))
            .or_default()
            .push(i);
    }
    let mut live_used = vec![false; lives.len()];
    let mut unmatched: Vec<usize> = Vec::new();
    for (wi, w) in wanted.iter().enumerate() {
        let key = (w.record.record.owner.clone(), w.record.record.rtype());
        let partner = groups.get(&key).and_then(|members| {
            members.iter().copied().find(|&li| {
                live_used.get(li) == Some(&false)
                    && lives
                        .get(li)
                        .is_some_and(|l| l.record.record.data == w.record.record.data)
            })
        });
        match partner {
            Some(li) => {
                let (Some(used), Some(l)) = (live_used.get_mut(li), lives.get(li)) else {
                    continue;
                };
                *used = true;
                let (merged, differences) = merge(&w.record, &l.record, authoritative_meta);
                if differences.is_empty() {
                    plan.unchanged += 1;
                } else if l.read_only {
                    plan.left_alone.push(LeftAlone {
                        record: line(&l.record),
                        reason: format!(
                            "read-only (managed by Cloudflare); the file differs: {}",
                            differences.join(", ")
                        ),
                    });
                } else {
                    push_change(&mut plan, &mut problems, l, merged, differences);
                }
            }
            None => unmatched.push(wi),
        }
    }
    // Pair what is left in each group: same owner and type, different data.
    let mut adds: Vec<usize> = Vec::new();
    for wi in unmatched {
        let Some(w) = wanted.get(wi) else { continue };
        let rtype = w.record.record.rtype();
        let may_pair = options.prune || rtype == RecordType::CNAME;
        let key = (w.record.record.owner.clone(), rtype);
        let partner = may_pair
            .then(|| {
                groups.get(&key).and_then(|members| {
                    members.iter().copied().find(|&li| {
                        live_used.get(li) == Some(&false)
                            && lives.get(li).is_some_and(|l| !l.read_only)
                    })
                })
            })
            .flatten();
        match partner {
            Some(li) => {
                let (Some(used), Some(l)) = (live_used.get_mut(li), lives.get(li)) else {
                    continue;
                };
                *used = true;
                let (merged, mut differences) = merge(&w.record, &l.record, authoritative_meta);
                differences.insert(0, "data".to_owned());
                push_change(&mut plan, &mut problems, l, merged, differences);
            }
            None => adds.push(wi),
        }
    }
    for w in adds.iter().filter_map(|&wi| wanted.get(wi)) {
        plan.adds.push(Add {
            record: w.record.clone(),
            body: w.body.clone(),
        });
    }
    for (l, _) in lives.iter().zip(&live_used).filter(|(_, used)| !**used) {
        if l.read_only {
            plan.left_alone.push(LeftAlone {
                record: line(&l.record),
                reason: "read-only (managed by Cloudflare)".into(),
            });
        } else if options.prune && l.auto_added {
            plan.left_alone.push(LeftAlone {
                record: line(&l.record),
                reason: "added by Cloudflare's scan; not pruned".into(),
            });
        } else if options.prune {
            plan.deletes.push(Delete {
                id: l.id.clone(),
                old: l.record.clone(),
            });
        } else {
            plan.kept.push(l.record.clone());
        }
    }
    check_conflicts(&plan, &lives, &live_used, options, &mut problems);

    // --- settings ----------------------------------------------------------------------------
    if options.settings {
        let records: Vec<crate::record::Record> =
            desired.iter().map(|d| d.record.clone()).collect();
        let wanted_settings = zone_settings::desired_settings(&records, origin);
        let (errors, _) = zone_settings::validate(&wanted_settings);
        for error in errors {
            problems.push(Diagnostic::error(
                ErrorCode::SettingsRange,
                error.message,
                Location::default(),
            ));
        }
        let current = current_settings.cloned().unwrap_or(Value::Null);
        plan.settings = Some(SettingsSection {
            plan: zone_settings::diff(&wanted_settings, &current),
            desired: wanted_settings,
        });
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    sort_plan(&mut plan);
    Ok(plan)
}

fn same_rrdata(a: &ZoneRecord, b: &ZoneRecord) -> bool {
    a.record.owner == b.record.owner && a.record.data == b.record.data
}

/// The record to write for a matched pair: the file's data and TTL, the file's attributes where
/// it states them and the live ones elsewhere; plus what differs from live.
fn merge(
    wanted: &ZoneRecord,
    live: &ZoneRecord,
    authoritative_meta: bool,
) -> (ZoneRecord, Vec<String>) {
    let w = &wanted.attrs;
    let l = &live.attrs;
    let attrs = RecordAttributes {
        proxied: w.proxied.or(l.proxied),
        comment: if authoritative_meta {
            w.comment.clone()
        } else {
            w.comment.clone().or_else(|| l.comment.clone())
        },
        tags: if authoritative_meta || !w.tags.is_empty() {
            w.tags.clone()
        } else {
            l.tags.clone()
        },
        flatten_cname: w.flatten_cname.or(l.flatten_cname),
        ipv4_only: w.ipv4_only.or(l.ipv4_only),
        ipv6_only: w.ipv6_only.or(l.ipv6_only),
        private_routing: w.private_routing.or(l.private_routing),
    };
    let mut record = wanted.record.clone();
    if attrs.proxied == Some(true) {
        record.ttl = 1;
    }
    let mut differences = Vec::new();
    if record.ttl != live.record.ttl {
        differences.push(format!("ttl {} → {}", live.record.ttl, record.ttl));
    }
    let flag = |v: Option<bool>| v.unwrap_or(false);
    if flag(attrs.proxied) != flag(l.proxied) {
        differences.push(format!(
            "proxied {} → {}",
            flag(l.proxied),
            flag(attrs.proxied)
        ));
    }
    if attrs.comment != l.comment {
        differences.push(format!(
            "comment {} → {}",
            quoted(l.comment.as_deref()),
            quoted(attrs.comment.as_deref())
        ));
    }
    let tag_list = |a: &RecordAttributes| {
        let mut tags: Vec<String> = a.tags.iter().map(|t| t.to_api()).collect();
        tags.sort();
        tags
    };
    if tag_list(&attrs) != tag_list(l) {
        differences.push(format!(
            "tags [{}] → [{}]",
            tag_list(l).join(", "),
            tag_list(&attrs).join(", ")
        ));
    }
    for (what, new, old) in [
        ("flatten_cname", attrs.flatten_cname, l.flatten_cname),
        ("ipv4_only", attrs.ipv4_only, l.ipv4_only),
        ("ipv6_only", attrs.ipv6_only, l.ipv6_only),
        ("private_routing", attrs.private_routing, l.private_routing),
    ] {
        if flag(new) != flag(old) {
            differences.push(format!("{what} {} → {}", flag(old), flag(new)));
        }
    }
    (ZoneRecord { record, attrs }, differences)
}

fn quoted(text: Option<&str>) -> String {
    text.map_or_else(|| "(none)".to_owned(), |t| format!("\"{t}\""))
}

fn push_change(
    plan: &mut Plan,
    problems: &mut Vec<Diagnostic>,
    live: &Live,
    new: ZoneRecord,
    differences: Vec<String>,
) {
    match to_api::record(&new) {
        Ok(body) => plan.changes.push(Change {
            id: live.id.clone(),
            old: live.record.clone(),
            new,
            body,
            differences,
        }),
        Err(e) => problems.push(Diagnostic::error(
            e.code,
            e.message,
            new.record.location.clone(),
        )),
    }
}

/// Adds that Cloudflare would refuse because of a record the plan keeps: a CNAME next to an
/// address record or another CNAME, an address record next to a CNAME, anything but DS next to
/// NS below the apex.
fn check_conflicts(
    plan: &Plan,
    lives: &[Live],
    live_used: &[bool],
    options: PlanOptions,
    problems: &mut Vec<Diagnostic>,
) {
    let staying: Vec<&ZoneRecord> = lives
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            live_used.get(*i) == Some(&false) && !plan.deletes.iter().any(|d| d.id == l.id)
        })
        .map(|(_, l)| &l.record)
        .collect();
    for add in &plan.adds {
        let new = &add.record.record;
        for old in staying
            .iter()
            .map(|z| &z.record)
            .filter(|o| o.owner == new.owner)
        {
            let address = |t: RecordType| t == RecordType::A || t == RecordType::AAAA;
            let (nt, ot) = (new.rtype(), old.rtype());
            let clash = (nt == RecordType::CNAME && (address(ot) || ot == RecordType::CNAME))
                || (address(nt) && ot == RecordType::CNAME)
                || (new.owner != plan.zone_name
                    && ((ot == RecordType::NS && nt != RecordType::DS && nt != RecordType::NS)
                        || (nt == RecordType::NS && ot != RecordType::DS && ot != RecordType::NS)));
            if clash {
                let hint = if options.prune {
                    "the live record is read-only or was added by Cloudflare's scan"
                } else {
                    "it is kept because --prune was not given; with --prune it is replaced"
                };
                problems.push(Diagnostic::error(
                    ErrorCode::CfCnameConflict,
                    format!(
                        "the file's {nt} record \"{}\" cannot coexist with the live {ot} record \"{old}\" ({hint})",
                        new.owner
                    ),
                    new.location.clone(),
                ));
            }
        }
    }
}

/// Adds, changes and deletes in DNSSEC canonical name order, then type.
fn sort_plan(plan: &mut Plan) {
    let key = |r: &ZoneRecord| (r.record.owner.clone(), r.record.rtype().0);
    plan.adds.sort_by_key(|a| key(&a.record));
    plan.changes.sort_by_key(|c| key(&c.old));
    plan.deletes.sort_by_key(|d| key(&d.old));
    plan.kept.sort_by_key(key);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudflare::attrs::Tag;
    use crate::cloudflare::batch::batches;
    use crate::zonefile::{parse_str, ReaderOptions};

    const ZONE_ID: &str = "0123456789abcdef0123456789abcdef";

    fn origin() -> Name {
        Name::from_ascii("example.com.").unwrap()
    }

    fn file(text: &str) -> Vec<ZoneRecord> {
        parse_str(text, &ReaderOptions::with_origin("example.com.").unwrap())
            .unwrap()
            .records
            .into_iter()
            .map(ZoneRecord::new)
            .collect()
    }

    fn proxied(mut records: Vec<ZoneRecord>, index: usize, value: bool) -> Vec<ZoneRecord> {
        records[index].attrs.proxied = Some(value);
        records
    }

    fn live(items: Value) -> Vec<DnsRecord> {
        serde_json::from_value(items).unwrap()
    }

    fn a(id: &str, name: &str, ip: &str, ttl: u32) -> Value {
        json!({"id": id, "type": "A", "name": name, "content": ip, "ttl": ttl, "proxied": false,
               "proxiable": true, "meta": {"auto_added": false, "read_only": false}})
    }

    fn plan(desired: &[ZoneRecord], live: &[DnsRecord], options: PlanOptions) -> Plan {
        compute(ZONE_ID, &origin(), desired, live, None, options).unwrap()
    }

    #[test]
    fn identical_zone_plans_nothing() {
        let desired = file("www 300 IN A 192.0.2.1\n@ 1 IN TXT \"v=spf1 -all\"\n");
        let live = live(json!([
            a("r1", "www.example.com", "192.0.2.1", 300),
            {"id": "r2", "type": "TXT", "name": "example.com", "content": "\"v=spf1 -all\"", "ttl": 1, "proxied": false}
        ]));
        let p = plan(&desired, &live, PlanOptions::default());
        assert!(p.is_empty(), "{}", p.to_text());
        assert_eq!(p.unchanged, 2);
        assert!(p.to_text().contains("Nothing to do"));
    }

    #[test]
    fn adds_changes_and_deletes_with_prune_only() {
        let desired =
            file("www 600 IN A 192.0.2.1\napi 300 IN A 192.0.2.9\nnew 300 IN AAAA 2001:db8::1\n");
        let live = live(json!([
            a("r1", "www.example.com", "192.0.2.1", 300),
            a("r2", "api.example.com", "192.0.2.2", 300),
            a("r3", "old.example.com", "192.0.2.3", 300),
        ]));
        let kept = plan(&desired, &live, PlanOptions::default());
        assert_eq!(kept.changes.len(), 1, "{}", kept.to_text());
        assert_eq!(kept.changes[0].id, "r1");
        assert_eq!(kept.changes[0].differences, ["ttl 300 → 600"]);
        // Without prune, api's other address and old stay; two adds.
        assert_eq!(kept.adds.len(), 2);
        assert_eq!(kept.kept.len(), 2);
        assert!(kept.deletes.is_empty());

        let pruned = plan(
            &desired,
            &live,
            PlanOptions {
                prune: true,
                settings: false,
            },
        );
        assert_eq!(pruned.adds.len(), 1, "{}", pruned.to_text());
        assert_eq!(pruned.changes.len(), 2);
        let api = pruned.changes.iter().find(|c| c.id == "r2").unwrap();
        assert_eq!(api.differences, ["data"]);
        assert_eq!(
            api.new.record.to_string(),
            "api.example.com.\t300\tIN\tA\t192.0.2.9"
        );
        assert_eq!(pruned.deletes.len(), 1);
        assert_eq!(pruned.deletes[0].id, "r3");
        let text = pruned.to_text();
        assert!(
            text.contains("1 to add, 2 to change, 1 to delete"),
            "{text}"
        );
        assert!(
            text.contains(
                "- old.example.com.\t300\tIN\tA\t192.0.2.3 ; cf_tags=cf-proxied:false  (id r3)"
            ),
            "{text}"
        );
        assert!(
            text.contains("  → api.example.com.\t300\tIN\tA\t192.0.2.9 ; cf_tags=cf-proxied:false"),
            "{text}"
        );
        assert!(
            text.contains("+ new.example.com.\t300\tIN\tAAAA\t2001:db8::1"),
            "{text}"
        );
    }

    #[test]
    fn a_cname_is_replaced_even_without_prune() {
        let desired = file("www 300 IN CNAME b.example.net.\n");
        let live = live(
            json!([{"id": "c1", "type": "CNAME", "name": "www.example.com",
                                 "content": "a.example.net", "ttl": 300, "proxied": false}]),
        );
        let p = plan(&desired, &live, PlanOptions::default());
        assert_eq!(p.changes.len(), 1, "{}", p.to_text());
        assert!(p.adds.is_empty());
    }

    #[test]
    fn conflicts_with_kept_records_are_refused_before_sending() {
        let desired = file("www 300 IN A 192.0.2.1\n");
        let live = live(
            json!([{"id": "c1", "type": "CNAME", "name": "www.example.com",
                                 "content": "a.example.net", "ttl": 300, "proxied": false}]),
        );
        let problems = compute(
            ZONE_ID,
            &origin(),
            &desired,
            &live,
            None,
            PlanOptions::default(),
        )
        .unwrap_err();
        assert!(
            problems[0]
                .message
                .contains("cannot coexist with the live CNAME"),
            "{}",
            problems[0].message
        );
        assert!(problems[0].message.contains("--prune"));
        // With prune the CNAME goes first and the A is added.
        let p = plan(
            &desired,
            &live,
            PlanOptions {
                prune: true,
                settings: false,
            },
        );
        assert_eq!((p.adds.len(), p.deletes.len()), (1, 1));
    }

    #[test]
    fn managed_records_are_left_alone() {
        let desired = file("@ 86400 IN NS ns1.example.net.\nwww 300 IN A 192.0.2.1\n");
        let mut dkim = a("ro", "cf2024-1._domainkey.example.com", "192.0.2.50", 1);
        dkim["meta"]["read_only"] = json!(true);
        let mut scanned = a("aa", "ftp.example.com", "192.0.2.51", 1);
        scanned["meta"]["auto_added"] = json!(true);
        let live = live(json!([
            dkim, scanned,
            {"id": "ns", "type": "NS", "name": "example.com", "content": "ns9.example.org", "ttl": 86400},
            {"id": "soa", "type": "SOA", "name": "example.com", "content": "x", "ttl": 3600},
        ]));
        let p = plan(
            &desired,
            &live,
            PlanOptions {
                prune: true,
                settings: false,
            },
        );
        assert!(p.deletes.is_empty(), "{}", p.to_text());
        assert_eq!(p.adds.len(), 1);
        let reasons: Vec<&str> = p.left_alone.iter().map(|l| l.reason.as_str()).collect();
        assert_eq!(reasons.len(), 4, "{reasons:?}");
        assert!(reasons.iter().any(|r| r.starts_with("read-only")));
        assert!(reasons.iter().any(|r| r.contains("scan")));
        assert!(reasons.iter().any(|r| r.contains("apex NS")));
        assert!(reasons.iter().any(|r| r.contains("does not model")));
        assert!(
            p.notes.iter().any(|n| n.contains("apex NS")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn unstated_attributes_stay_as_they_are_live() {
        let mut live_www = a("r1", "www.example.com", "192.0.2.1", 1);
        live_www["proxied"] = json!(true);
        live_www["comment"] = json!("web front");
        let live = live(json!([live_www]));
        // A hand-written file: no cf_tags anywhere.
        let p = plan(
            &file("www 1 IN A 192.0.2.1\n"),
            &live,
            PlanOptions::default(),
        );
        assert!(p.is_empty(), "{}", p.to_text());
        // The file says proxied false and gives another record a comment: comments become
        // authoritative, so www's comment goes.
        let mut desired = proxied(
            file("www 300 IN A 192.0.2.1\nx 300 IN TXT \"y\"\n"),
            0,
            false,
        );
        desired[1].attrs.comment = Some("note".into());
        desired[1].attrs.tags = vec![Tag::new("team", "dns")];
        let p = plan(&desired, &live, PlanOptions::default());
        let change = &p.changes[0];
        assert_eq!(
            change.differences,
            [
                "ttl 1 → 300",
                "proxied true → false",
                "comment \"web front\" → (none)"
            ]
        );
        assert_eq!(change.body.proxied, Some(false));
        assert_eq!(change.body.comment, None);
    }

    #[test]
    fn proxied_records_use_the_automatic_ttl() {
        let desired = proxied(file("www 300 IN A 192.0.2.1\n"), 0, true);
        let p = plan(&desired, &[], PlanOptions::default());
        assert_eq!(p.adds[0].body.ttl, 1);
        assert_eq!(p.adds[0].body.proxied, Some(true));
        assert!(p.notes[0].contains("automatic TTL"), "{:?}", p.notes);
    }

    #[test]
    fn records_the_api_cannot_take_are_reported_with_their_location() {
        let desired = file("www 300 IN A 192.0.2.1\nold 300 IN HINFO \"PC\" \"Linux\"\n");
        let problems = compute(
            ZONE_ID,
            &origin(),
            &desired,
            &[],
            None,
            PlanOptions::default(),
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location.line, 2);
        assert_eq!(problems[0].code, ErrorCode::CfUnsupportedType);
    }

    #[test]
    fn settings_are_planned_on_request() {
        let desired = file("@ 3600 IN SOA ns1 host 1 7200 900 1209600 300\n@ 3600 IN NS ns1\n");
        let current = json!({"ns_ttl": 86400, "soa": {"expire": 604800, "min_ttl": 1800, "mname": null,
                             "refresh": 10000, "retry": 2400, "rname": "dns.cloudflare.com", "ttl": 3600}});
        let options = PlanOptions {
            prune: false,
            settings: true,
        };
        let p = compute(ZONE_ID, &origin(), &desired, &[], Some(&current), options).unwrap();
        let fields: Vec<&str> = p
            .settings
            .as_ref()
            .unwrap()
            .plan
            .changes
            .iter()
            .map(|c| c.field.as_str())
            .collect();
        assert_eq!(
            fields,
            [
                "ns_ttl",
                "soa.refresh",
                "soa.retry",
                "soa.expire",
                "soa.min_ttl",
                "soa.mname",
                "soa.rname"
            ]
        );
        assert!(!p.is_empty());
        assert!(
            p.to_text().contains("~ setting soa.refresh: 10000 → 7200"),
            "{}",
            p.to_text()
        );
        let json = p.to_json();
        assert_eq!(json["settings"]["patch"]["ns_ttl"], 3600);
        assert_eq!(json["summary"]["settings"], 7);

        let bad = file("@ 3600 IN SOA ns1 host 1 100 900 1209600 300\n");
        let problems = compute(ZONE_ID, &origin(), &bad, &[], Some(&current), options).unwrap_err();
        assert_eq!(problems[0].code, ErrorCode::SettingsRange);
        assert!(
            problems[0].message.contains("refresh is 100"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn json_form_names_every_operation() {
        let desired = file("www 300 IN A 192.0.2.1\n");
        let live = live(json!([a("r9", "gone.example.com", "192.0.2.9", 300)]));
        let json = plan(
            &desired,
            &live,
            PlanOptions {
                prune: true,
                settings: false,
            },
        )
        .to_json();
        assert_eq!(json["summary"]["add"], 1);
        assert_eq!(json["summary"]["delete"], 1);
        assert_eq!(
            json["adds"][0]["api"],
            json!({"name": "www.example.com", "type": "A", "content": "192.0.2.1", "ttl": 300})
        );
        assert_eq!(json["deletes"][0]["id"], "r9");
        assert_eq!(json["zone"]["name"], "example.com.");
    }

    #[test]
    fn batches_keep_the_api_order_within_the_limit() {
        let desired = file(
            "sub 300 IN NS ns1.example.net.\nsub 300 IN DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\
             a 300 IN A 192.0.2.1\nb 300 IN A 192.0.2.2\nc 300 IN A 192.0.2.3\n",
        );
        let live = live(json!([
            {"id": "ds", "type": "DS", "name": "old.example.com", "ttl": 300,
             "data": {"key_tag": 1, "algorithm": 13, "digest_type": 2,
                      "digest": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}},
            {"id": "ns", "type": "NS", "name": "old.example.com", "content": "ns.example.net", "ttl": 300},
            a("x", "a.example.com", "192.0.2.1", 60),
        ]));
        let p = plan(
            &desired,
            &live,
            PlanOptions {
                prune: true,
                settings: false,
            },
        );
        assert_eq!(
            (p.adds.len(), p.changes.len(), p.deletes.len()),
            (4, 1, 2),
            "{}",
            p.to_text()
        );
        let calls = batches(&p, 3);
        assert_eq!(calls.iter().map(|c| c.len()).collect::<Vec<_>>(), [3, 3, 1]);
        // Call 1: both deletes (DS before NS), then the overwrite.
        let ids: Vec<&str> = calls[0].deletes.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["ds", "ns"]);
        assert_eq!(calls[0].puts[0].id, "x");
        // Posts: the NS before the DS of the same name, the DS last.
        let posted: Vec<&str> = calls
            .iter()
            .flat_map(|c| c.posts.iter().map(|p| p.type_name()))
            .collect();
        assert_eq!(posted.last(), Some(&"DS"));
        let ns_at = posted.iter().position(|t| *t == "NS").unwrap();
        assert!(ns_at < posted.len() - 1);
        let one = batches(&p, 200);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].len(), 7);
    }
}
