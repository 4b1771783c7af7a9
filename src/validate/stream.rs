//! Checking a zone while its records stream past, without keeping them.
//!
//! [`Checker::push`] takes the records in file order. Checks of one record run on it at once;
//! checks of one owner's records (duplicates, TTLs, singletons) run on each run of records
//! with one owner when the run ends; every record adds its owner, types and in-zone targets
//! to the compact [`Skeleton`]. Only the apex, the first record and what a finding was found
//! on are kept. The run-level results are exact unless an owner's RRset is split over two
//! runs (the file lists `www A` here and again further down); such owners are noted and
//! checked again on all their records.
//!
//! [`Checker::finish`] then runs the whole-zone checks on the skeleton. A whole-zone check
//! decides from the skeleton alone and asks for the records of the few owners it reports on
//! (or points at); when any were asked for, the caller streams the zone a second time through
//! [`Finished::offer`], which keeps just those, and [`Finished::diagnostics`] runs the checks
//! again with the records at hand. A clean zone is read once.

use std::cell::RefCell;
use std::collections::HashSet;

use crate::error::{Diagnostic, Severity};
use crate::name::Name;
use crate::record::Record;
use crate::rr::RecordData;

use super::index::{Owner, ZoneIndex};
use super::skeleton::{bits, type_bit, Skeleton};
use super::{sort, Check, CheckOptions, Findings, Run, Sources, LOAD_RULES};

/// What the whole-zone checks see: the skeleton of the zone, and the records of the owners
/// asked for.
pub struct Zone<'z> {
    skeleton: &'z Skeleton,
    held: &'z ZoneIndex<'z>,
    first: Option<&'z Record>,
    shared: &'z Shared,
    /// Owners whose records a check asked for and did not get.
    wanted: RefCell<HashSet<u32>>,
}

/// Results computed once and shared by several checks.
#[derive(Default)]
pub(crate) struct Shared {
    /// The in-zone NS targets of served delegations with a finding, classified.
    pub(crate) servers: std::cell::OnceCell<Vec<(u32, u32, super::delegation::Server)>>,
}

impl<'z> Zone<'z> {
    /// The compact index of the whole zone.
    pub fn skeleton(&self) -> &'z Skeleton {
        self.skeleton
    }

    /// The zone's origin.
    pub fn origin(&self) -> &'z Name {
        self.skeleton.origin()
    }

    /// The ids of the names that own records, in the order they were first seen.
    pub fn owners(&self) -> impl Iterator<Item = u32> + 'z {
        let skeleton = self.skeleton;
        skeleton.ids().filter(move |&id| skeleton.owns(id))
    }

    /// The records of name `id`, when they are held; otherwise asks for them (they are there
    /// on the next run of the checks).
    pub fn records_of(&self, id: u32) -> Option<Owner<'z, 'z>> {
        let found = self.held.lookup_wire(&self.skeleton.wire(id));
        if found.is_none() && self.skeleton.owns(id) {
            self.want(id);
        }
        found
    }

    /// Asks for the records of name `id` without looking at them yet.
    pub fn want(&self, id: u32) {
        if self.held.lookup_wire(&self.skeleton.wire(id)).is_none() {
            self.wanted.borrow_mut().insert(id);
        }
    }

    /// The records at the apex (always held).
    pub fn apex(&self) -> Option<Owner<'z, 'z>> {
        self.held.lookup(self.origin())
    }

    /// The zone's first record (always held).
    pub fn first_record(&self) -> Option<&'z Record> {
        self.first
    }

    pub(crate) fn shared(&self) -> &'z Shared {
        self.shared
    }
}

type RecordCheck = fn(&Name, &Record, &mut Findings<'_>);
type OwnerCheck = fn(&[&Record], &mut Findings<'_>);
type ZoneCheck = fn(&Zone<'_>, &mut Findings<'_>);

/// One enabled check and the severity of its findings.
#[derive(Clone, Copy)]
struct Enabled {
    check: Check,
    severity: Severity,
}

/// Streams a zone's records through the checks of a profile (see the module docs).
pub struct Checker {
    record_checks: Vec<(Enabled, RecordCheck)>,
    owner_checks: Vec<(Enabled, OwnerCheck)>,
    zone_checks: Vec<(Enabled, ZoneCheck)>,
    skeleton: Skeleton,
    /// The current run of one owner's records, its owner id and type bits.
    run: Vec<Record>,
    run_id: u32,
    run_bits: u32,
    run_in_zone: bool,
    apex: Vec<Record>,
    first: Option<Record>,
    /// Records a record check found something on.
    flagged_records: Vec<Record>,
    /// Runs an owner check found something on, with their owner id.
    flagged_runs: Vec<(u32, Vec<Record>)>,
    /// Owners with an RRset split over two runs.
    split: HashSet<u32>,
    scratch: Vec<Diagnostic>,
    records: usize,
}

impl Checker {
    /// A checker for the zone at `origin` under `options` (whole-index checks, which need
    /// every record in memory, are left to [`super::check`]).
    pub fn new(origin: Name, options: &CheckOptions) -> Checker {
        let mut checker = Checker {
            record_checks: Vec::new(),
            owner_checks: Vec::new(),
            zone_checks: Vec::new(),
            skeleton: Skeleton::new(origin),
            run: Vec::new(),
            run_id: 0,
            run_bits: 0,
            run_in_zone: false,
            apex: Vec::new(),
            first: None,
            flagged_records: Vec::new(),
            flagged_runs: Vec::new(),
            split: HashSet::new(),
            scratch: Vec::new(),
            records: 0,
        };
        for check in options.profile.checks() {
            let Some(severity) = options.level(check).severity() else {
                continue;
            };
            let enabled = Enabled {
                check: *check,
                severity,
            };
            match check.run {
                Run::Record(f) => checker.record_checks.push((enabled, f)),
                Run::Owner(f) => checker.owner_checks.push((enabled, f)),
                Run::Zone(f) => checker.zone_checks.push((enabled, f)),
                Run::Index(_) => {}
            }
        }
        checker
    }

    /// Records pushed so far.
    pub fn records(&self) -> usize {
        self.records
    }

    /// Takes the next record of the zone, in file order.
    pub fn push(&mut self, record: Record) {
        self.records += 1;
        if self.first.is_none() {
            self.first = Some(record.clone());
        }
        let same = self.run.first().is_some_and(|r| {
            r.owner
                .as_wire()
                .eq_ignore_ascii_case(record.owner.as_wire())
        });
        if !same {
            self.end_run();
            self.run_id = self
                .skeleton
                .intern(record.owner.as_wire())
                .unwrap_or(u32::MAX);
            self.run_in_zone = self.skeleton.in_zone(record.owner.as_wire());
        }
        self.note(&record);
        let origin = self.skeleton.origin();
        for (enabled, check) in &self.record_checks {
            let mut findings = Findings::new(
                enabled.check.code,
                enabled.severity,
                None,
                &mut self.scratch,
            );
            check(origin, &record, &mut findings);
        }
        if !self.scratch.is_empty() {
            self.scratch.clear();
            self.flagged_records.push(record.clone());
        }
        if self.skeleton.is_origin(record.owner.as_wire()) {
            self.apex.push(record.clone());
        }
        self.run.push(record);
    }

    /// Adds `record`'s type and targets to the skeleton.
    fn note(&mut self, record: &Record) {
        let id = self.run_id;
        let known = self.skeleton.types(id) | self.run_bits;
        self.run_bits |= type_bit(record.rtype());
        let sk = &mut self.skeleton;
        match &record.data {
            RecordData::Ns(ns) if sk.in_zone(ns.target.as_wire()) => {
                if let Some(t) = sk.intern(ns.target.as_wire()) {
                    sk.add_target(id, bits::NS, t);
                    sk.add_types(t, bits::NS_TARGET);
                }
            }
            RecordData::Mx(mx) => host_target(sk, id, bits::MX, &mx.exchange, self.run_in_zone),
            RecordData::Srv(srv) => {
                host_target(sk, id, bits::SRV, &srv.target, self.run_in_zone);
            }
            RecordData::Cname(c) if known & bits::CNAME == 0 && sk.in_zone(c.target.as_wire()) => {
                if let Some(t) = sk.intern(c.target.as_wire()) {
                    sk.add_cname(id, t);
                }
            }
            RecordData::Txt(_) if super::rrset::is_spf_text(record) => {
                self.run_bits |= bits::SPF_TEXT;
            }
            _ => {}
        }
    }

    /// Ends the current run: notes split RRsets, runs the owner checks on it.
    fn end_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let id = self.run_id;
        let before = self.skeleton.types(id);
        if before & self.run_bits & bits::TYPES != 0 {
            self.split.insert(id);
        }
        self.skeleton.add_types(id, self.run_bits);
        self.run_bits = 0;
        if self.run.len() >= 2 && !self.owner_checks.is_empty() {
            let ordered = by_type(&self.run);
            for (enabled, check) in &self.owner_checks {
                let mut findings = Findings::new(
                    enabled.check.code,
                    enabled.severity,
                    None,
                    &mut self.scratch,
                );
                check(&ordered, &mut findings);
            }
            if !self.scratch.is_empty() {
                self.scratch.clear();
                self.flagged_runs.push((id, std::mem::take(&mut self.run)));
                return;
            }
        }
        self.run.clear();
    }

    /// Ends the stream and runs the whole-zone checks on the skeleton. With `partial` (the
    /// reading found errors) only the load rules run: a missing record may be a broken line.
    pub fn finish(mut self, partial: bool, sources: Option<&dyn Sources>) -> Finished {
        self.end_run();
        self.skeleton.seal();
        if partial {
            let keep = |e: &Enabled| LOAD_RULES.contains(&e.check.code);
            self.record_checks.retain(|(e, _)| keep(e));
            self.owner_checks.retain(|(e, _)| keep(e));
            self.zone_checks.retain(|(e, _)| keep(e));
        }
        let mut finished = Finished {
            checker: self,
            shared: Shared::default(),
            held: Vec::new(),
            wanted: HashSet::new(),
            planned: Vec::new(),
        };
        let (out, wanted) = finished.run_zone_checks(sources, false);
        finished.wanted = wanted;
        let owner_checks = !finished.checker.owner_checks.is_empty();
        if owner_checks {
            let apex = finished.checker.skeleton.apex();
            let split: Vec<u32> = finished.checker.split.iter().copied().collect();
            finished
                .wanted
                .extend(split.into_iter().filter(|&id| Some(id) != apex));
        }
        finished.planned = out;
        finished
    }
}

/// `run` ordered by type, then file order.
fn by_type(run: &[Record]) -> Vec<&Record> {
    let mut ordered: Vec<&Record> = run.iter().collect();
    ordered.sort_by_key(|r| r.rtype());
    ordered
}

/// Notes an MX or SRV target in the zone.
fn host_target(sk: &mut Skeleton, id: u32, bit: u32, target: &Name, owner_in_zone: bool) {
    if owner_in_zone && !target.is_root() && sk.in_zone(target.as_wire()) {
        if let Some(t) = sk.intern(target.as_wire()) {
            sk.add_target(id, bit, t);
        }
    }
}

/// A checker whose stream has ended, waiting (maybe) for the records of a few owners.
pub struct Finished {
    checker: Checker,
    shared: Shared,
    /// Records of the wanted owners, from the second pass.
    held: Vec<Record>,
    wanted: HashSet<u32>,
    /// The whole-zone findings of the first run (final when nothing was wanted).
    planned: Vec<Diagnostic>,
}

impl Finished {
    /// True when the zone must be streamed again through [`Finished::offer`].
    pub fn wants_records(&self) -> bool {
        !self.wanted.is_empty()
    }

    /// The compact index (for measurements).
    pub fn skeleton(&self) -> &Skeleton {
        &self.checker.skeleton
    }

    /// Takes a record of the second pass; keeps it when its owner is wanted.
    pub fn offer(&mut self, record: &Record) {
        let sk = &self.checker.skeleton;
        if sk.is_origin(record.owner.as_wire()) {
            return;
        }
        if sk
            .find(record.owner.as_wire())
            .is_some_and(|id| self.wanted.contains(&id))
        {
            self.held.push(record.clone());
        }
    }

    /// Runs the whole-zone checks with the records held; returns their findings and the
    /// owners they asked for and did not get.
    fn run_zone_checks(
        &self,
        sources: Option<&dyn Sources>,
        with_held: bool,
    ) -> (Vec<Diagnostic>, HashSet<u32>) {
        let c = &self.checker;
        let mut records: Vec<Record> = c.apex.clone();
        if with_held {
            records.extend(self.held.iter().cloned());
        }
        let origin = c.skeleton.origin();
        let held = ZoneIndex::new(&records, origin);
        let zone = Zone {
            skeleton: &c.skeleton,
            held: &held,
            first: c.first.as_ref(),
            shared: &self.shared,
            wanted: RefCell::new(HashSet::new()),
        };
        let mut out = Vec::new();
        for (enabled, check) in &c.zone_checks {
            let mut findings =
                Findings::new(enabled.check.code, enabled.severity, sources, &mut out);
            check(&zone, &mut findings);
        }
        (out, zone.wanted.into_inner())
    }

    /// Every finding, ordered by place in the source, then by code.
    pub fn diagnostics(self, sources: Option<&dyn Sources>) -> Vec<Diagnostic> {
        let mut out = if self.wanted.is_empty() {
            self.planned.clone()
        } else {
            self.run_zone_checks(sources, true).0
        };
        let c = &self.checker;
        let origin = c.skeleton.origin();
        for record in &c.flagged_records {
            for (enabled, check) in &c.record_checks {
                let mut findings =
                    Findings::new(enabled.check.code, enabled.severity, sources, &mut out);
                check(origin, record, &mut findings);
            }
        }
        let owner_checks = |ordered: &[&Record], out: &mut Vec<Diagnostic>| {
            for (enabled, check) in &c.owner_checks {
                let mut findings =
                    Findings::new(enabled.check.code, enabled.severity, sources, out);
                check(ordered, &mut findings);
            }
        };
        for (id, run) in &c.flagged_runs {
            if !c.split.contains(id) {
                owner_checks(&by_type(run), &mut out);
            }
        }
        if !c.split.is_empty() && !c.owner_checks.is_empty() {
            let mut records: Vec<Record> = c.apex.clone();
            records.extend(self.held.iter().cloned());
            let held = ZoneIndex::new(&records, origin);
            for &id in &c.split {
                if let Some(owner) = held.lookup_wire(&c.skeleton.wire(id)) {
                    let ordered: Vec<&Record> = owner.records().collect();
                    owner_checks(&ordered, &mut out);
                }
            }
        }
        sort(&mut out);
        out
    }
}

/// The first of `records` by place in the source.
pub(crate) fn first_placed<'a>(records: impl Iterator<Item = &'a Record>) -> Option<&'a Record> {
    records.min_by_key(|r| r.location.offset)
}
