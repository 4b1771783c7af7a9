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

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::error::{Diagnostic, ErrorCode, Severity};
use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};
use crate::zonefile::Item;

use super::index::{Owner, ZoneIndex};
use super::skeleton::{bits, fold_hash, type_bit, Skeleton};
use super::{sort, Check, CheckOptions, Findings, Limits, Run, Sources, LOAD_RULES};

/// What the whole-zone checks see: the skeleton of the zone, and the records of the owners
/// asked for.
pub struct Zone<'z> {
    skeleton: &'z Skeleton,
    held: &'z ZoneIndex<'z>,
    first: Option<&'z Record>,
    shared: &'z Shared,
    /// Owners whose records a check asked for and did not get.
    wanted: Mutex<HashSet<u32>>,
}

/// Results computed once and shared by several checks.
#[derive(Default)]
pub(crate) struct Shared {
    /// The in-zone NS targets of served delegations with a finding, classified.
    pub(crate) servers: OnceLock<Vec<(u32, u32, super::delegation::Server)>>,
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
            self.wanted
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(id);
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
    /// Which of the first 64 record checks [`may_find`] something, by the type's bit in a
    /// type bitmap ([`type_bit`]; 16 for every other type) and whether the owner is in the
    /// zone: one look-up a record instead of a test per check.
    check_masks: [u64; 34],
    owner_checks: Vec<(Enabled, OwnerCheck)>,
    zone_checks: Vec<(Enabled, ZoneCheck)>,
    skeleton: Skeleton,
    /// The current run of one owner's records (kept only when there are owner checks), its
    /// length, its owner's wire form, id and type bits.
    run: Vec<Record>,
    /// Where the current run's records lent by [`Checker::push_batch`] are (after those in
    /// `run`): the sequence number of their batch and their index in it.
    run_at: Vec<(u64, u32)>,
    /// The lent batches that hold records of the current run, oldest first, and the sequence
    /// number of the first.
    batches: VecDeque<Vec<Item>>,
    batches_base: u64,
    run_len: usize,
    run_owner: Vec<u8>,
    run_bits: u32,
    /// Notes for the skeleton not applied yet, and the id of the last owner applied.
    pending: Pending,
    pending_id: u32,
    run_in_zone: bool,
    run_is_apex: bool,
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
    /// Names in the index from which the whole-zone checks run on two threads.
    two_threads_from: usize,
}

impl Checker {
    /// A checker for the zone at `origin` under `options` (whole-index checks, which need
    /// every record in memory, are left to [`super::check`]).
    pub fn new(origin: Name, options: &CheckOptions) -> Checker {
        let mut checker = Checker {
            record_checks: Vec::new(),
            check_masks: [0; 34],
            owner_checks: Vec::new(),
            zone_checks: Vec::new(),
            skeleton: Skeleton::new(origin),
            run: Vec::new(),
            run_at: Vec::new(),
            batches: VecDeque::new(),
            batches_base: 0,
            run_len: 0,
            run_owner: Vec::new(),
            run_bits: 0,
            pending: Pending::default(),
            pending_id: u32::MAX,
            run_in_zone: false,
            run_is_apex: false,
            apex: Vec::new(),
            first: None,
            flagged_records: Vec::new(),
            flagged_runs: Vec::new(),
            split: HashSet::new(),
            scratch: Vec::new(),
            records: 0,
            two_threads_from: TWO_THREAD_ZONE_CHECKS,
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
        let by_bit = [
            RecordType::A,
            RecordType::AAAA,
            RecordType::NS,
            RecordType::DS,
            RecordType::CNAME,
            RecordType::DNAME,
            RecordType::SOA,
            RecordType::RRSIG,
            RecordType::NSEC,
            RecordType::SIG,
            RecordType::KEY,
            RecordType::NXT,
            RecordType::MX,
            RecordType::SRV,
            RecordType::TXT,
            RecordType::SPF,
        ];
        for (bit, rtype) in by_bit.into_iter().enumerate() {
            debug_assert_eq!(type_bit(rtype), 1 << bit);
            for in_zone in [false, true] {
                let mask = checker.mask_of(rtype, in_zone);
                if let Some(m) = checker.check_masks.get_mut(bit * 2 + usize::from(in_zone)) {
                    *m = mask;
                }
            }
        }
        checker
    }

    /// The record checks (of the first 64) that may find something on a record of type
    /// `rtype` whose owner is in the zone or not, as bits.
    fn mask_of(&self, rtype: RecordType, in_zone: bool) -> u64 {
        let mut mask = 0;
        for (i, (enabled, _)) in self.record_checks.iter().enumerate().take(64) {
            if may_find(enabled.check.code, rtype, in_zone) {
                mask |= 1 << i;
            }
        }
        mask
    }

    /// [`Checker::mask_of`], from the table for types with a bit of their own.
    fn checks_for(&self, rtype: RecordType, in_zone: bool) -> u64 {
        let bit = type_bit(rtype);
        if bit == bits::OTHER {
            return self.mask_of(rtype, in_zone);
        }
        let at = bit.trailing_zeros() as usize * 2 + usize::from(in_zone);
        self.check_masks.get(at).copied().unwrap_or(u64::MAX)
    }

    /// Makes room in the zone's index for a zone file of about `bytes` octets (a hint: the
    /// index grows as needed either way).
    pub fn reserve_for(&mut self, bytes: u64) {
        // A delegation (NS pair, DS, glue) takes about 100 octets of file and adds one or two
        // names; fewer names than that only costs some growth later.
        let names = usize::try_from(bytes / NAME_BYTES)
            .unwrap_or(0)
            .min(MAX_RESERVED_NAMES);
        self.skeleton.reserve(names);
    }

    /// Runs the whole-zone checks on two threads from `names` names in the index on.
    #[cfg(test)]
    pub(crate) fn two_threads_from(&mut self, names: usize) {
        self.two_threads_from = names;
    }

    /// Records pushed so far.
    pub fn records(&self) -> usize {
        self.records
    }

    /// Takes the next record of the zone, in file order.
    pub fn push(&mut self, record: Record) {
        let batches = self.own_lent();
        if self.take(&record, &batches) {
            self.run.push(record);
        }
    }

    /// [`Checker::push`] for a record that is only lent (by [`crate::zonefile::Reader::next_ref`],
    /// say): it is copied only when the checks of its owner's run need it.
    pub fn push_ref(&mut self, record: &Record) {
        let batches = self.own_lent();
        if self.take(record, &batches) {
            self.run.push(record.clone());
        }
    }

    /// Takes the records of `items` from index `from` on, in order, as [`Checker::push_ref`]
    /// would, without copying them: the batch is kept while the current run has records in
    /// it (the owner checks look at them when the run ends). Batches no longer needed, this
    /// one or earlier ones, are added to `done` (to be refilled by their reader).
    pub fn push_batch(&mut self, items: Vec<Item>, from: usize, done: &mut Vec<Vec<Item>>) {
        let mut batches = std::mem::take(&mut self.batches);
        let seq = self.batches_base + batches.len() as u64;
        batches.push_back(items);
        if let Some(items) = batches.back() {
            for (i, item) in items.iter().enumerate().skip(from) {
                if let Item::Record(record) = item {
                    if self.take(record, &batches) {
                        self.run_at
                            .push((seq, u32::try_from(i).unwrap_or(u32::MAX)));
                    }
                }
            }
        }
        let keep_from = self.run_at.first().map_or(seq + 1, |&(s, _)| s);
        while self.batches_base < keep_from {
            let Some(items) = batches.pop_front() else {
                break;
            };
            done.push(items);
            self.batches_base += 1;
        }
        self.batches = batches;
    }

    /// Copies the current run's lent records into `run` (so that records pushed one by one
    /// after a batch follow them), and hands out the lent batches to pass to [`Checker::take`]
    /// (empty: the copies make them unneeded).
    fn own_lent(&mut self) -> VecDeque<Vec<Item>> {
        if !self.run_at.is_empty() {
            let batches = std::mem::take(&mut self.batches);
            let lent: Vec<Record> = lent(&self.run_at, &batches, self.batches_base)
                .cloned()
                .collect();
            self.run.extend(lent);
            self.run_at.clear();
            self.batches_base += batches.len() as u64;
        }
        VecDeque::new()
    }

    /// Runs the record checks on `record` and notes it in the skeleton; true when the run of
    /// its owner's records must keep it for the owner checks. `batches` holds the current
    /// run's lent records.
    fn take(&mut self, record: &Record, batches: &VecDeque<Vec<Item>>) -> bool {
        self.records += 1;
        if self.first.is_none() {
            self.first = Some(record.clone());
        }
        let owner = record.owner.as_wire();
        let same = self.run_len > 0 && self.run_owner_is(owner);
        if !same {
            self.end_run(batches);
            self.pending.name(Op::OWNER, 0, owner);
            self.run_in_zone = self.skeleton.in_zone(owner);
            self.run_is_apex = self.run_in_zone && self.skeleton.is_origin(owner);
            self.run_owner.clear();
            self.run_owner.extend_from_slice(owner);
        }
        self.run_len += 1;
        let rtype = record.rtype();
        self.note(record, rtype);
        let origin = self.skeleton.origin();
        let mut mask = self.checks_for(rtype, self.run_in_zone);
        let (checks, in_zone, scratch) = (&self.record_checks, self.run_in_zone, &mut self.scratch);
        let mut run = |(enabled, check): &(Enabled, RecordCheck)| {
            let mut findings = Findings::new(enabled.check.code, enabled.severity, None, scratch);
            check(origin, record, &mut findings);
        };
        while mask != 0 {
            let i = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if let Some(enabled_check) = checks.get(i) {
                run(enabled_check);
            }
        }
        // Past the 64 checks of the mask (no profile has that many), each is asked.
        checks
            .iter()
            .skip(64)
            .filter(|(enabled, _)| may_find(enabled.check.code, rtype, in_zone))
            .for_each(run);
        if !self.scratch.is_empty() {
            self.scratch.clear();
            self.flagged_records.push(record.clone());
        }
        if self.run_is_apex {
            self.apex.push(record.clone());
        }
        !self.owner_checks.is_empty()
    }

    /// True when `owner` is the owner of the current run (case-insensitively).
    fn run_owner_is(&self, owner: &[u8]) -> bool {
        self.run_owner.eq_ignore_ascii_case(owner)
    }

    /// Notes `record`'s type and targets for the skeleton (applied in batches, see
    /// [`Pending`]).
    fn note(&mut self, record: &Record, rtype: RecordType) {
        let earlier = self.run_bits;
        self.run_bits |= type_bit(rtype);
        let sk = &self.skeleton;
        let pending = &mut self.pending;
        match &record.data {
            RecordData::Ns(ns) if sk.in_zone(ns.target.as_wire()) => {
                pending.name(Op::NS_TARGET, bits::NS, ns.target.as_wire());
            }
            RecordData::Mx(mx) => {
                host_target(sk, pending, bits::MX, &mx.exchange, self.run_in_zone)
            }
            RecordData::Srv(srv) => {
                host_target(sk, pending, bits::SRV, &srv.target, self.run_in_zone);
            }
            // Only the first CNAME of an owner counts: the first of this run, and only when no
            // earlier run of the owner had one (decided when the batch is applied).
            RecordData::Cname(c)
                if earlier & bits::CNAME == 0 && sk.in_zone(c.target.as_wire()) =>
            {
                pending.name(Op::CNAME, 0, c.target.as_wire());
            }
            RecordData::Txt(_) if super::rrset::is_spf_text(record) => {
                self.run_bits |= bits::SPF_TEXT;
            }
            _ => {}
        }
    }

    /// Ends the current run: notes its types (and split RRsets) for the skeleton, runs the
    /// owner checks on it.
    fn end_run(&mut self, batches: &VecDeque<Vec<Item>>) {
        if self.run_len == 0 {
            return;
        }
        let len = std::mem::take(&mut self.run_len);
        let run_bits = std::mem::take(&mut self.run_bits);
        let mut flagged = u32::MAX;
        if len >= 2 && !self.owner_checks.is_empty() {
            let base = self.batches_base;
            // File order: the records pushed one by one come before the lent ones. Most runs are short (a delegation's NS pair and DS, a
            // host's A and AAAA): those are gathered on the stack, not in a vector per run.
            let first = self
                .run
                .first()
                .or_else(|| lent(&self.run_at, batches, base).next());
            // (There is one: a run of two records or more keeps them all.)
            if let Some(first) = first {
                let mut stacked: [&Record; SMALL_RUN] = [first; SMALL_RUN];
                let mut heap: Vec<&Record> = Vec::new();
                let mut count = 0usize;
                for record in self.run.iter().chain(lent(&self.run_at, batches, base)) {
                    if let Some(slot) = stacked.get_mut(count) {
                        *slot = record;
                    } else {
                        if heap.is_empty() {
                            heap.extend_from_slice(&stacked);
                        }
                        heap.push(record);
                    }
                    count += 1;
                }
                let ordered: &mut [&Record] = if count <= SMALL_RUN {
                    stacked.get_mut(..count).unwrap_or_default()
                } else {
                    &mut heap
                };
                // By type, file order within a type (a stable sort); runs are usually in order.
                if !ordered.is_sorted_by_key(|r| r.rtype()) {
                    ordered.sort_by_key(|r| r.rtype());
                }
                for (enabled, check) in &self.owner_checks {
                    let mut findings = Findings::new(
                        enabled.check.code,
                        enabled.severity,
                        None,
                        &mut self.scratch,
                    );
                    check(ordered, &mut findings);
                }
                if !self.scratch.is_empty() {
                    self.scratch.clear();
                    flagged = u32::try_from(self.flagged_runs.len()).unwrap_or(u32::MAX);
                    let mut records = std::mem::take(&mut self.run);
                    records.extend(lent(&self.run_at, batches, base).cloned());
                    // The owner's id is filled in when the batch is applied.
                    self.flagged_runs.push((u32::MAX, records));
                }
            }
        }
        self.run.clear();
        self.run_at.clear();
        self.pending.ops.push(Op {
            kind: Op::END,
            bits: run_bits,
            start: flagged,
            len: 0,
            hash: 0,
        });
        self.pending.runs += 1;
        if self.pending.runs >= BATCH {
            self.apply_pending();
        }
    }

    /// Applies the pending notes to the skeleton, in the order they were taken: names are
    /// interned (the owner of each run, then its targets, as the records came), types added,
    /// split RRsets noted. The table slots of the batch's names are read first, all together,
    /// so that their cache misses overlap instead of costing one after the other.
    fn apply_pending(&mut self) {
        let pending = &mut self.pending;
        let sk = &mut self.skeleton;
        let names = &pending.names;
        for op in pending.ops.iter_mut().filter(|op| op.kind != Op::END) {
            op.hash = fold_hash(Pending::wire_in(names, op));
        }
        let mut touched = 0u64;
        for op in pending.ops.iter().filter(|op| op.kind != Op::END) {
            touched = touched.wrapping_add(sk.touch(op.hash));
        }
        std::hint::black_box(touched);
        let mut id = self.pending_id;
        for op in &pending.ops {
            let wire = pending.wire(op);
            match op.kind {
                Op::OWNER => id = sk.intern_hashed(wire, op.hash).unwrap_or(u32::MAX),
                Op::NS_TARGET => {
                    if let Some(t) = sk.intern_hashed(wire, op.hash) {
                        sk.add_target(id, bits::NS, t);
                        sk.add_types(t, bits::NS_TARGET);
                    }
                }
                Op::HOST_TARGET => {
                    if let Some(t) = sk.intern_hashed(wire, op.hash) {
                        sk.add_target(id, op.bits, t);
                    }
                }
                Op::CNAME => {
                    if sk.types(id) & bits::CNAME == 0 {
                        if let Some(t) = sk.intern_hashed(wire, op.hash) {
                            sk.add_cname(id, t);
                        }
                    }
                }
                _ => {
                    if sk.types(id) & op.bits & bits::TYPES != 0 {
                        self.split.insert(id);
                    }
                    sk.add_types(id, op.bits);
                    if let Some(run) = self.flagged_runs.get_mut(op.start as usize) {
                        run.0 = id;
                    }
                }
            }
        }
        self.pending_id = id;
        pending.ops.clear();
        pending.names.clear();
        pending.runs = 0;
    }

    /// Ends the stream and runs the whole-zone checks on the skeleton. With `partial` (the
    /// reading found errors) only the load rules run: a missing record may be a broken line.
    pub fn finish(mut self, partial: bool, sources: Option<&dyn Sources>) -> Finished {
        let batches = std::mem::take(&mut self.batches);
        self.end_run(&batches);
        drop(batches);
        self.apply_pending();
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

/// False when the record check of `code` cannot find anything on a record of type `rtype`
/// (whose owner is in the zone or not): saves calling it. Checks of other codes always run.
fn may_find(code: ErrorCode, rtype: RecordType, in_zone: bool) -> bool {
    match code {
        ErrorCode::SoaNotAtApex => rtype == RecordType::SOA,
        ErrorCode::OutOfZone => !in_zone,
        ErrorCode::TargetIsAddress => matches!(rtype, RecordType::MX | RecordType::NS),
        ErrorCode::WildcardNs => rtype == RecordType::NS,
        ErrorCode::WildcardDname => rtype == RecordType::DNAME,
        ErrorCode::BadNsec3Owner => rtype == RecordType::NSEC3,
        ErrorCode::DnsSvcbInvalid => rtype == RecordType::SVCB,
        // Owners of addresses, and the types with a name that must be a host name (see
        // `names::host_field`); not DS, TXT, RRSIG and the like.
        ErrorCode::BadHostName => matches!(
            rtype,
            RecordType::A
                | RecordType::AAAA
                | RecordType::SOA
                | RecordType::NS
                | RecordType::MX
                | RecordType::SRV
                | RecordType::AFSDB
                | RecordType::RT
                | RecordType::KX
                | RecordType::SVCB
                | RecordType::HTTPS
                | RecordType::PTR
        ),
        _ => true,
    }
}

/// `run` ordered by type, then file order.
fn by_type(run: &[Record]) -> Vec<&Record> {
    let mut ordered: Vec<&Record> = run.iter().collect();
    ordered.sort_by_key(|r| r.rtype());
    ordered
}

/// The records at `at` (sequence number of the batch, index in it) in `batches`, whose first
/// has sequence number `base`.
fn lent<'b>(
    at: &'b [(u64, u32)],
    batches: &'b VecDeque<Vec<Item>>,
    base: u64,
) -> impl Iterator<Item = &'b Record> + 'b {
    at.iter().filter_map(move |&(seq, i)| {
        let batch = batches.get(usize::try_from(seq.checked_sub(base)?).ok()?)?;
        match batch.get(i as usize)? {
            Item::Record(record) => Some(record),
            Item::Diagnostic(_) => None,
        }
    })
}

/// Notes an MX or SRV target in the zone.
fn host_target(sk: &Skeleton, pending: &mut Pending, bit: u32, target: &Name, owner_in_zone: bool) {
    if owner_in_zone && !target.is_root() && sk.in_zone(target.as_wire()) {
        pending.name(Op::HOST_TARGET, bit, target.as_wire());
    }
}

/// Runs of up to this many records are ordered for the owner checks on the stack.
const SMALL_RUN: usize = 8;

/// Octets of zone file per name interned, for [`Checker::reserve_for`] (a low estimate of the
/// names leaves the rest to growth; a high one costs memory that is never used).
const NAME_BYTES: u64 = 96;

/// The most names [`Checker::reserve_for`] makes room for (about 64 MB of table).
const MAX_RESERVED_NAMES: usize = 1 << 22;

/// Names in the index from which the whole-zone checks run on two threads (a thread costs
/// more than the checks of a small zone).
const TWO_THREAD_ZONE_CHECKS: usize = 50_000;

/// Runs taken before their notes are applied to the skeleton.
const BATCH: usize = 64;

/// One note for the skeleton: a name to intern (the owner of a new run, or a target of one of
/// its records), or the end of a run with its type bits.
struct Op {
    kind: u8,
    /// Type bits: of the run (`END`), or the type of the target (`HOST_TARGET`).
    bits: u32,
    /// Where the name starts in [`Pending::names`]; for `END`, the index of the run in
    /// `flagged_runs` (`u32::MAX`: not flagged).
    start: u32,
    len: u8,
    /// The name's [`fold_hash`], computed when the batch is applied.
    hash: u64,
}

impl Op {
    const OWNER: u8 = 0;
    const NS_TARGET: u8 = 1;
    const HOST_TARGET: u8 = 2;
    const CNAME: u8 = 3;
    const END: u8 = 4;
}

/// The notes of the last few runs, waiting to be applied to the skeleton together.
#[derive(Default)]
struct Pending {
    ops: Vec<Op>,
    /// The names of the ops, back to back.
    names: Vec<u8>,
    /// Runs ended since the last batch.
    runs: usize,
}

impl Pending {
    /// Notes a name to intern.
    fn name(&mut self, kind: u8, bits: u32, wire: &[u8]) {
        let start = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        let wire = wire.get(..255).unwrap_or(wire);
        self.names.extend_from_slice(wire);
        self.ops.push(Op {
            kind,
            bits,
            start,
            len: u8::try_from(wire.len()).unwrap_or(u8::MAX),
            hash: 0,
        });
    }

    /// The name of `op`.
    fn wire(&self, op: &Op) -> &[u8] {
        Pending::wire_in(&self.names, op)
    }

    /// The name of `op` in `names`.
    fn wire_in<'n>(names: &'n [u8], op: &Op) -> &'n [u8] {
        let start = op.start as usize;
        names
            .get(start..start + usize::from(op.len))
            .unwrap_or_default()
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
            wanted: Mutex::new(HashSet::new()),
        };
        // Each check with its own cap on findings: the same as one for all, as no two
        // checks share a code (a test says so).
        let run = |(enabled, check): &(Enabled, ZoneCheck)| {
            let mut out = Vec::new();
            let mut limits = Limits::default();
            let mut findings = Findings::limited(
                enabled.check.code,
                enabled.severity,
                sources,
                &mut out,
                &mut limits,
            );
            check(&zone, &mut findings);
            out.extend(limits.notes());
            out
        };
        let checks = &c.zone_checks;
        let found: Vec<Vec<Diagnostic>> = if c.skeleton.len() < c.two_threads_from {
            checks.iter().map(run).collect()
        } else {
            // The checks walk the whole index once each, while the reading thread has
            // stopped: two threads take them in turn, in the order of the list.
            let next = AtomicUsize::new(0);
            let take_turns = || {
                let mut done = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(check) = checks.get(i) else {
                        return done;
                    };
                    done.push((i, run(check)));
                }
            };
            let (mine, theirs) = std::thread::scope(|scope| {
                let other = scope.spawn(take_turns);
                let mine = take_turns();
                match other.join() {
                    Ok(theirs) => (mine, theirs),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            });
            let mut found = vec![Vec::new(); checks.len()];
            for (i, out) in mine.into_iter().chain(theirs) {
                if let Some(slot) = found.get_mut(i) {
                    *slot = out;
                }
            }
            found
        };
        let wanted = zone
            .wanted
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (found.into_iter().flatten().collect(), wanted)
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
        let mut limits = Limits::default();
        for record in &c.flagged_records {
            for (enabled, check) in &c.record_checks {
                let mut findings = Findings::limited(
                    enabled.check.code,
                    enabled.severity,
                    sources,
                    &mut out,
                    &mut limits,
                );
                check(origin, record, &mut findings);
            }
        }
        let owner_checks = |ordered: &[&Record], out: &mut Vec<Diagnostic>, limits: &mut Limits| {
            for (enabled, check) in &c.owner_checks {
                let mut findings =
                    Findings::limited(enabled.check.code, enabled.severity, sources, out, limits);
                check(ordered, &mut findings);
            }
        };
        for (id, run) in &c.flagged_runs {
            if !c.split.contains(id) {
                owner_checks(&by_type(run), &mut out, &mut limits);
            }
        }
        if !c.split.is_empty() && !c.owner_checks.is_empty() {
            let mut records: Vec<Record> = c.apex.clone();
            records.extend(self.held.iter().cloned());
            let held = ZoneIndex::new(&records, origin);
            // In the order of their ids, so the findings shown (when there are more than
            // MAX_SHOWN_PER_CODE) do not depend on the order of a hash set.
            let mut split: Vec<u32> = c.split.iter().copied().collect();
            split.sort_unstable();
            for id in split {
                if let Some(owner) = held.lookup_wire(&c.skeleton.wire(id)) {
                    let ordered: Vec<&Record> = owner.records().collect();
                    owner_checks(&ordered, &mut out, &mut limits);
                }
            }
        }
        out.extend(limits.notes());
        sort(&mut out);
        out
    }
}

/// The first of `records` by place in the source.
pub(crate) fn first_placed<'a>(records: impl Iterator<Item = &'a Record>) -> Option<&'a Record> {
    records.min_by_key(|r| r.location.offset)
}
