//! A plan applied to its base gives its target.
//!
//! The input is one flag byte, then the base and the target separated by the first NUL byte.
//! Flag bit 0: the base is Cloudflare JSON (else zone text, `cf_tags` comments included);
//! bit 1: the same for the target; bit 2: plan with `prune`. Zone text reads with the origin
//! `example.`, which is also the zone planned.
//!
//! The base becomes the live zone (each record gets an id), the target the file's records; the
//! plan between them is applied the way the batch call does (deletes, then overwrites, then
//! creations, by id) and then:
//! - planning the target against the result again gives an empty plan (how `zonefmt apply`
//!   verifies its work);
//! - every target record the plan can manage (not the apex SOA or NS) is in the result, compared
//!   as the plan compares: owner, type and typed rdata, as the API stores them (a label of UTF-8
//!   octets as its Punycode A-label);
//! - with `prune`, every record of the result that the plan does not leave alone (read-only,
//!   scan-added, apex NS, not modelled) is a target record, and none is there twice.
#![no_main]

mod common;

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use zonefmt::cloudflare::convert::{from_api, to_api, ZoneRecord};
use zonefmt::cloudflare::export::attach_comments;
use zonefmt::cloudflare::model::{DnsRecord, RecordBody};
use zonefmt::cloudflare::plan::{compute, Plan, PlanOptions};
use zonefmt::cloudflare::records_json;
use zonefmt::rr::RecordType;
use zonefmt::zonefile::{Item, Reader};
use zonefmt::{Name, Record};

/// Zone text as the file's records with their Cloudflare attributes (what `zonefmt plan` reads).
fn zone_records(text: &[u8]) -> Vec<ZoneRecord> {
    let file = Some("fuzz.zone");
    let records: Vec<Record> = Reader::from_bytes(text, file, common::options())
        .filter_map(|item| match item {
            Item::Record(r) => Some(r),
            Item::Diagnostic(_) => None,
        })
        .collect();
    attach_comments(text, file, records).0
}

/// JSON text as API records (those that read).
fn json_records(text: &[u8]) -> Vec<DnsRecord> {
    records_json::read(&String::from_utf8_lossy(text), None).records
}

fn origin() -> Name {
    Name::from_ascii("example.").unwrap_or_else(|e| panic!("the origin: {e}"))
}

/// The live zone: the base's records, each with a distinct id.
fn live_zone(base: &[u8], json: bool) -> Vec<DnsRecord> {
    let mut live: Vec<DnsRecord> = if json {
        json_records(base)
    } else {
        zone_records(base)
            .iter()
            .filter_map(|zr| to_api::record(zr).ok())
            .collect()
    };
    for (i, r) in live.iter_mut().enumerate() {
        r.id = Some(format!("{i:032x}"));
    }
    live
}

/// The file's records.
fn desired(target: &[u8], json: bool, origin: &Name) -> Vec<ZoneRecord> {
    if json {
        json_records(target)
            .iter()
            .filter_map(|r| from_api::record(r, Some(origin)).ok())
            .collect()
    } else {
        zone_records(target)
    }
}

/// `plan` applied to `live` the way the batch call applies it.
fn apply(plan: &Plan, live: &[DnsRecord]) -> Vec<DnsRecord> {
    let mut by_id: HashMap<String, DnsRecord> = live
        .iter()
        .map(|r| (r.id.clone().unwrap_or_default(), r.clone()))
        .collect();
    let mut order: Vec<String> = live.iter().filter_map(|r| r.id.clone()).collect();
    for delete in &plan.deletes {
        let gone = by_id.remove(&delete.id).unwrap_or_else(|| {
            panic!(
                "the plan deletes {}, which is not live (or twice)",
                delete.id
            )
        });
        let meta = gone.response.meta.as_ref();
        assert!(
            !meta.and_then(|m| m.read_only).unwrap_or(false),
            "the plan deletes read-only {}",
            delete.id
        );
        assert!(
            !meta.and_then(|m| m.auto_added).unwrap_or(false),
            "the plan deletes scan-added {}",
            delete.id
        );
    }
    let mut changed = std::collections::HashSet::new();
    for change in &plan.changes {
        assert!(
            changed.insert(change.id.clone()),
            "the plan changes {} twice",
            change.id
        );
        let old = by_id
            .get_mut(&change.id)
            .unwrap_or_else(|| panic!("the plan changes {}, which is not live", change.id));
        assert!(
            !old.response
                .meta
                .as_ref()
                .and_then(|m| m.read_only)
                .unwrap_or(false),
            "the plan changes read-only {}",
            change.id
        );
        let mut new = change.body.clone();
        new.id = Some(change.id.clone());
        new.response = old.response.clone();
        *old = new;
    }
    for (i, add) in plan.adds.iter().enumerate() {
        let id = format!("add{i}");
        let mut new = add.body.clone();
        new.id = Some(id.clone());
        by_id.insert(id.clone(), new);
        order.push(id);
    }
    order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect()
}

/// Whether two records are the same to the plan: owner (case-folded), type and typed rdata.
fn same(a: &Record, b: &Record) -> bool {
    a.owner == b.owner && a.data == b.data
}

fn managed(r: &Record, origin: &Name) -> bool {
    !(r.owner == *origin && (r.rtype() == RecordType::SOA || r.rtype() == RecordType::NS))
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (base, target) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (
            rest.get(..at).unwrap_or_default(),
            rest.get(at + 1..).unwrap_or_default(),
        ),
        None => (rest, &[][..]),
    };
    let options = PlanOptions {
        prune: flags & 4 != 0,
        settings: false,
    };
    let origin = origin();
    let live = live_zone(base, flags & 1 != 0);
    let wanted = desired(target, flags & 2 != 0, &origin);
    let Ok(plan) = compute("zone", &origin, &wanted, &live, None, options) else {
        return; // the file has records the API cannot take, or conflicts with kept ones
    };
    let after = apply(&plan, &live);

    let again = compute("zone", &origin, &wanted, &after, None, options).unwrap_or_else(|e| {
        panic!(
            "planning again after applying fails: {e:?}\n{}",
            plan.to_text()
        )
    });
    assert!(
        again.is_empty(),
        "applying the plan does not give its target\nplan:\n{}\nthen:\n{}",
        plan.to_text(),
        again.to_text()
    );

    // The result's records as the plan sees them, and whether the plan leaves each alone.
    let result: Vec<(Record, bool)> = after
        .iter()
        .filter_map(|r| {
            let zr = from_api::record(r, Some(&origin)).ok()?;
            let meta = r.response.meta.as_ref();
            let protected = matches!(r.body, RecordBody::Other(_))
                || meta.and_then(|m| m.read_only).unwrap_or(false)
                || meta.and_then(|m| m.auto_added).unwrap_or(false)
                || !managed(&zr.record, &origin);
            Some((zr.record, protected))
        })
        .collect();
    // The target's records as the API stores them (a UTF-8 label becomes its A-label).
    let stored: Vec<Record> = wanted
        .iter()
        .map(|zr| {
            to_api::record(zr)
                .ok()
                .and_then(|body| from_api::record(&body, Some(&origin)).ok())
                .map_or_else(|| zr.record.clone(), |back| back.record)
        })
        .collect();
    let mut expected: Vec<&Record> = Vec::new();
    for r in &stored {
        if managed(r, &origin) && !expected.iter().any(|e| same(e, r)) {
            expected.push(r);
        }
    }
    for r in &expected {
        assert!(
            result.iter().any(|(got, _)| same(got, r)),
            "\"{r}\" of the target is missing after applying\n{}",
            plan.to_text()
        );
    }
    if options.prune {
        let mut seen: Vec<&Record> = Vec::new();
        for (got, protected) in &result {
            if *protected {
                continue;
            }
            assert!(
                expected.iter().any(|e| same(e, got)),
                "\"{got}\" is not in the target but stays after a pruning plan\n{}",
                plan.to_text()
            );
            assert!(
                !seen.iter().any(|s| same(s, got)),
                "\"{got}\" is there twice after a pruning plan\n{}",
                plan.to_text()
            );
            seen.push(got);
        }
    }
});
