//! The rules a zone must meet to load at all, as BIND's loader enforces them even with every
//! `named-checkzone` check switched off. `zonefmt expand` applies them to whole zones (not to
//! fragments read with `--fragment`):
//!
//! - a record outside the origin is dropped with a warning ([`ErrorCode::OutOfZone`]);
//! - a CNAME is alone at its name, except for the DNSSEC records that go with it (RRSIG, NSEC,
//!   and the historic SIG, NXT and KEY) ([`ErrorCode::CnameAndOtherData`]);
//! - SOA, CNAME and DNAME take one record per name; repeating the same record is harmless
//!   ([`ErrorCode::SingletonType`]);
//! - the SOA is at the origin, and the origin has an SOA and NS records
//!   ([`ErrorCode::SoaNotAtApex`], [`ErrorCode::NoApexSoa`], [`ErrorCode::NoApexNs`]);
//! - no DS record at the origin: it belongs in the parent zone ([`ErrorCode::DsAtApex`]).
//!
//! # Memory
//!
//! The checks run record by record in memory bounded whatever the zone's size, so `expand`
//! streams a zone of any size. Zones list a name's records together, so the per-name rules
//! are applied exactly within each *run* of consecutive records at one owner, holding the
//! run's first CNAME and DNAME as read. When the owner changes, what the run leaves to
//! remember (whether it had a CNAME, a DNAME, another type, and digests of the CNAME and DNAME
//! data) goes into a fixed table of [`DEFAULT_SLOTS`] 16-byte slots (16 MiB, touched only as
//! it fills), keyed by a 64-bit digest of the owner with a per-process random seed. An owner
//! that comes back later (records of one name scattered over the file) is checked against
//! that entry, so scattered names are checked too as long as the table holds them: every
//! owner of a zone with up to about a million names. Beyond that, old entries are evicted
//! (4 ways per bucket) and a conflict between two runs of the same name far apart can go
//! unreported by `expand`; `zonefmt check`, which indexes the whole zone, reports it. A report
//! is never made up: the only false report would need two owners' 64-bit digests to collide,
//! and a second CNAME or DNAME that differs from an earlier run's only in its digest (one in
//! 2^32, resp. 2^16) goes unreported. FORMAT.md ("Load rules in constant memory") says the same
//! for users.
//!
//! ```
//! use zonefmt::zonefile::{load::LoadRules, read_str, ReaderOptions};
//! let options = ReaderOptions::with_origin("example.")?;
//! let zone = read_str("$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nwww CNAME @\nwww A 192.0.2.1\n", &options);
//! let mut rules = LoadRules::new(options.origin.clone());
//! let mut problems = Vec::new();
//! for record in &zone.records {
//!     rules.check(record, &mut problems);
//! }
//! rules.finish(&mut problems);
//! assert_eq!(problems[0].message, "www.example. has a CNAME and other data (A); a CNAME must be alone at its name");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::hash::BuildHasher;

use crate::error::{Diagnostic, ErrorCode, Location};
use crate::name::Name;
use crate::record::Record;
use crate::rr::{RecordData, RecordType};
use crate::zonefile::Zone;

/// Slots of the table of owners whose run has ended (16 bytes each).
pub const DEFAULT_SLOTS: usize = 1 << 20;

/// Slots per bucket of that table.
const WAYS: usize = 4;

/// Owners of NS records remembered before the apex is known (no origin given and no SOA read
/// yet); past this many, a missing apex NS is no longer reported.
const EARLY_NS_CAP: usize = 4096;

/// What to do with a record after the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Part of the zone (possibly with an error reported).
    Keep,
    /// Not part of the zone (out of zone); a warning was reported.
    Drop,
}

/// What the table remembers of an owner whose run has ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    /// The owner's digest; 0 marks an empty slot.
    owner: u64,
    /// Digest of the first CNAME's data (never 0), or 0 without a CNAME.
    cname: u32,
    /// Digest of the first DNAME's data (never 0), or 0 without a DNAME.
    dname: u16,
    /// The first type that may not share a name with a CNAME, or 0.
    other: u16,
}

impl Slot {
    /// The slot in one `u128` (owner in the low 64 bits): a table of these starts as zeroed
    /// memory that the allocator maps lazily, where a table of `Slot`s would be written whole.
    fn pack(self) -> u128 {
        u128::from(self.owner)
            | u128::from(self.cname) << 64
            | u128::from(self.dname) << 96
            | u128::from(self.other) << 112
    }

    fn unpack(bits: u128) -> Slot {
        Slot {
            owner: bits as u64,
            cname: (bits >> 64) as u32,
            dname: (bits >> 96) as u16,
            other: (bits >> 112) as u16,
        }
    }
}

/// The records read so far at the current owner.
#[derive(Debug)]
struct Run {
    owner: Name,
    digest: u64,
    /// The first CNAME of the run and where it was.
    cname: Option<(RecordData, Location)>,
    dname: Option<RecordData>,
    /// The first type of the run that may not share a name with a CNAME.
    other: Option<RecordType>,
    /// What earlier runs of the same owner left in the table.
    earlier: Slot,
}

/// The table of owners whose run has ended: `WAYS`-way buckets, the oldest-placed slot of a
/// full bucket evicted in turn.
#[derive(Debug)]
struct Closed {
    /// [`Slot::pack`]ed slots; 0 is an empty one.
    slots: Vec<u128>,
    /// Round-robin victim within a full bucket.
    turn: usize,
    evictions: u64,
}

impl Closed {
    fn new(slots: usize) -> Closed {
        let slots = slots.max(WAYS).next_power_of_two();
        Closed {
            // Zeroed memory (`vec!` of a zero integer asks the allocator for zeroed pages):
            // the pages are mapped as the table fills. A `vec!` of `Slot::default()` wrote all
            // 16 MiB up front: 17 M instructions and 16 MB of memory on any zone.
            slots: vec![0u128; slots],
            turn: 0,
            evictions: 0,
        }
    }

    fn bucket(&self, digest: u64) -> std::ops::Range<usize> {
        let buckets = self.slots.len() / WAYS;
        // The low bits pick the bucket (the digest is uniform).
        let start = (digest as usize & (buckets - 1)) * WAYS;
        start..start + WAYS
    }

    fn get(&self, digest: u64) -> Slot {
        self.slots
            .get(self.bucket(digest))
            .and_then(|b| b.iter().find(|&&s| s as u64 == digest))
            .map_or_else(Slot::default, |&s| Slot::unpack(s))
    }

    fn put(&mut self, slot: Slot) {
        let range = self.bucket(slot.owner);
        self.turn = self.turn.wrapping_add(1);
        let turn = self.turn;
        let Some(bucket) = self.slots.get_mut(range) else {
            return;
        };
        if let Some(s) = bucket
            .iter_mut()
            .find(|s| **s as u64 == slot.owner || **s as u64 == 0)
        {
            *s = slot.pack();
        } else if let Some(s) = bucket.get_mut(turn % WAYS) {
            *s = slot.pack();
            self.evictions += 1;
        }
    }
}

/// The load rules, fed one record at a time.
#[derive(Debug)]
pub struct LoadRules {
    origin: Option<Name>,
    run: Option<Run>,
    closed: Closed,
    hasher: foldhash::quality::RandomState,
    soa: Option<(Name, RecordData, Location)>,
    /// An NS record was seen at the apex (the origin, or the first SOA's owner).
    apex_ns: bool,
    /// Before the apex is known: digests of the owners of NS records, and whether there were
    /// more than [`EARLY_NS_CAP`].
    early_ns: Vec<u64>,
    early_ns_overflow: bool,
    file: Option<Location>,
}

/// Types that may share a name with a CNAME (RFC 2181 §10.1, RFC 4035 §2.5; SIG, NXT and KEY
/// from RFC 2535, as BIND still allows them).
fn allowed_with_cname(rtype: RecordType) -> bool {
    matches!(rtype.0, 24 | 25 | 30 | 46 | 47)
}

impl LoadRules {
    /// Rules for the zone at `origin`; without one, the owner of the first SOA is taken as the
    /// origin and nothing is dropped as out of zone.
    pub fn new(origin: Option<Name>) -> LoadRules {
        LoadRules::with_slots(origin, DEFAULT_SLOTS)
    }

    /// [`LoadRules::new`] with a table of `slots` slots for the owners whose run has ended
    /// (rounded up to a power of two): more holds more scattered names, 16 bytes each.
    pub fn with_slots(origin: Option<Name>, slots: usize) -> LoadRules {
        LoadRules {
            origin,
            run: None,
            closed: Closed::new(slots),
            hasher: foldhash::quality::RandomState::default(),
            soa: None,
            apex_ns: false,
            early_ns: Vec::new(),
            early_ns_overflow: false,
            file: None,
        }
    }

    /// Names the file, for the problems that concern the whole zone when it has no record to
    /// point at (an empty file has no SOA).
    pub fn in_file(mut self, file: Option<&str>) -> LoadRules {
        self.file = Some(Location {
            file: file.map(std::sync::Arc::from),
            ..Location::default()
        });
        self
    }

    /// How many owners the table of ended runs has forgotten to make room: when it is not 0,
    /// a conflict between runs of one name far apart may have gone unreported.
    pub fn evictions(&self) -> u64 {
        self.closed.evictions
    }

    fn digest(&self, name: &Name) -> u64 {
        self.hasher.hash_one(name).max(1)
    }

    /// Digest of a CNAME's or DNAME's data (its target, case-folded as names compare).
    fn data_digest(&self, data: &RecordData) -> u64 {
        match data {
            RecordData::Cname(c) => self.hasher.hash_one(&c.target),
            RecordData::Dname(d) => self.hasher.hash_one(&d.target),
            other => self.hasher.hash_one(other.to_wire()),
        }
    }

    /// Ends the current run if `owner` starts another, and returns the run of `owner`.
    fn run_for(&mut self, owner: &Name) -> &mut Run {
        if self.run.as_ref().is_none_or(|r| r.owner != *owner) {
            self.close_run();
            let digest = self.digest(owner);
            self.run = Some(Run {
                owner: owner.clone(),
                digest,
                cname: None,
                dname: None,
                other: None,
                earlier: self.closed.get(digest),
            });
        }
        // Set just above when it was missing.
        self.run.get_or_insert_with(|| Run {
            owner: owner.clone(),
            digest: 0,
            cname: None,
            dname: None,
            other: None,
            earlier: Slot::default(),
        })
    }

    /// Puts what the current run leaves to remember into the table.
    fn close_run(&mut self) {
        let Some(run) = self.run.take() else { return };
        let earlier = run.earlier;
        let cname = match (&run.cname, earlier.cname) {
            (_, d) if d != 0 => d,
            // The low 32 bits, never 0.
            (Some((data, _)), _) => (self.data_digest(data) as u32).max(1),
            (None, _) => 0,
        };
        let dname = match (&run.dname, earlier.dname) {
            (_, d) if d != 0 => d,
            (Some(data), _) => (self.data_digest(data) as u16).max(1),
            (None, _) => 0,
        };
        let other = match (run.other, earlier.other) {
            (_, t) if t != 0 => t,
            (Some(t), _) => t.0,
            (None, _) => 0,
        };
        let slot = Slot {
            owner: run.digest,
            cname,
            dname,
            other,
        };
        if slot != earlier && (cname, dname, other) != (0, 0, 0) {
            self.closed.put(slot);
        }
    }

    /// Checks one record, appending problems to `out`.
    pub fn check(&mut self, record: &Record, out: &mut Vec<Diagnostic>) -> Disposition {
        if self.file.as_ref().is_none_or(|f| f.file.is_none()) {
            self.file = Some(Location {
                line: 0,
                column: 0,
                offset: 0,
                len: 0,
                ..record.location.clone()
            });
        }
        let owner_name = &record.owner;
        if let Some(origin) = &self.origin {
            if !owner_name.is_subdomain_of(origin) {
                out.push(Diagnostic::warning(
                    ErrorCode::OutOfZone,
                    format!("{owner_name} is outside the zone {origin}; the record is ignored, as BIND ignores it"),
                    record.location.clone(),
                ));
                return Disposition::Drop;
            }
        }
        let rtype = record.rtype();
        if rtype == RecordType::SOA {
            self.check_soa(record, out);
        }
        if rtype.0 == 43 && self.origin.as_ref() == Some(owner_name) {
            out.push(Diagnostic::error(
                ErrorCode::DsAtApex,
                format!("DS record at the zone's origin {owner_name}; DS records belong in the parent zone"),
                record.location.clone(),
            ));
        }
        if rtype == RecordType::NS {
            self.note_ns(owner_name);
        }
        let data_digest = matches!(rtype, RecordType::CNAME | RecordType::DNAME)
            .then(|| self.data_digest(&record.data));
        let run = self.run_for(owner_name);
        match rtype {
            RecordType::CNAME => {
                let digest = data_digest.map_or(0, |d| (d as u32).max(1));
                let same_as_first = match (&run.cname, run.earlier.cname) {
                    (Some((first, _)), _) => Some(*first == record.data),
                    (None, d) if d != 0 => Some(d == digest),
                    (None, _) => None,
                };
                match same_as_first {
                    Some(false) => out.push(singleton(record)),
                    Some(true) => {}
                    None => {
                        let earlier =
                            (run.earlier.other != 0).then_some(RecordType(run.earlier.other));
                        if let Some(other) = run.other.or(earlier) {
                            out.push(cname_and_other(record, other, None));
                        }
                        run.cname = Some((record.data.clone(), record.location.clone()));
                    }
                }
            }
            RecordType::DNAME => {
                let digest = data_digest.map_or(0, |d| (d as u16).max(1));
                match (&run.dname, run.earlier.dname) {
                    (Some(first), _) if *first != record.data => out.push(singleton(record)),
                    (None, d) if d != 0 && d != digest => out.push(singleton(record)),
                    (None, 0) => run.dname = Some(record.data.clone()),
                    _ => {}
                }
                note_other(run, record, out);
            }
            t if allowed_with_cname(t) => {}
            _ => note_other(run, record, out),
        }
        Disposition::Keep
    }

    /// Notes an NS record at `owner`, for the apex NS check.
    fn note_ns(&mut self, owner: &Name) {
        match self
            .origin
            .as_ref()
            .or(self.soa.as_ref().map(|(n, _, _)| n))
        {
            Some(apex) => self.apex_ns |= apex == owner,
            None if self.early_ns.len() < EARLY_NS_CAP => {
                let digest = self.digest(owner);
                if !self.early_ns.contains(&digest) {
                    self.early_ns.push(digest);
                }
            }
            None => self.early_ns_overflow = true,
        }
    }

    fn check_soa(&mut self, record: &Record, out: &mut Vec<Diagnostic>) {
        let apex = self
            .origin
            .as_ref()
            .or(self.soa.as_ref().map(|(n, _, _)| n));
        match apex {
            Some(apex) if *apex != record.owner => out.push(Diagnostic::error(
                ErrorCode::SoaNotAtApex,
                format!(
                    "SOA record at {}, which is not the zone's origin {apex}",
                    record.owner
                ),
                record.location.clone(),
            )),
            _ => match &self.soa {
                Some((_, first, _)) if *first != record.data => out.push(singleton(record)),
                Some(_) => {}
                None => {
                    if self.origin.is_none() {
                        // The apex is known from now on: the NS owners seen before it.
                        let digest = self.digest(&record.owner);
                        self.apex_ns |= self.early_ns_overflow || self.early_ns.contains(&digest);
                        self.early_ns = Vec::new();
                    }
                    self.soa = Some((
                        record.owner.clone(),
                        record.data.clone(),
                        record.location.clone(),
                    ))
                }
            },
        }
    }

    /// The checks that need the whole zone: an SOA and NS records at the origin.
    pub fn finish(self, out: &mut Vec<Diagnostic>) {
        let at = self
            .soa
            .as_ref()
            .map(|(_, _, l)| l.clone())
            .or(self.file)
            .unwrap_or_default();
        let apex = self.origin.or(self.soa.as_ref().map(|(n, _, _)| n.clone()));
        if self.soa.is_none() {
            let where_ = apex.as_ref().map_or(String::new(), |a| format!(" at {a}"));
            out.push(Diagnostic::error(
                ErrorCode::NoApexSoa,
                format!("the zone has no SOA record{where_}"),
                at,
            ));
            return;
        }
        let Some(apex) = apex else { return };
        if !self.apex_ns {
            out.push(Diagnostic::error(
                ErrorCode::NoApexNs,
                format!("the zone has no NS records at its origin {apex}"),
                at,
            ));
        }
    }
}

/// Applies the rules to a zone read whole: records outside `origin` are removed and every
/// problem is appended to [`Zone::diagnostics`]. Without an origin, the first SOA's owner
/// serves for the apex checks.
pub fn apply(zone: &mut Zone, origin: Option<&Name>) {
    apply_rules(zone, LoadRules::new(origin.cloned()));
}

/// [`apply`] with rules set up by the caller (for instance [`LoadRules::in_file`]).
pub fn apply_rules(zone: &mut Zone, mut rules: LoadRules) {
    let mut found = Vec::new();
    zone.records
        .retain(|record| rules.check(record, &mut found) == Disposition::Keep);
    rules.finish(&mut found);
    zone.diagnostics.extend(found);
}

/// Records a type that may not share a name with a CNAME, reporting a conflict.
fn note_other(run: &mut Run, record: &Record, out: &mut Vec<Diagnostic>) {
    if let Some((_, cname_at)) = &run.cname {
        out.push(cname_and_other(record, record.rtype(), Some(cname_at)));
    } else if run.earlier.cname != 0 {
        out.push(cname_and_other(record, record.rtype(), None));
    }
    if run.other.is_none() && run.earlier.other == 0 {
        run.other = Some(record.rtype());
    }
}

fn cname_and_other(record: &Record, other: RecordType, cname_at: Option<&Location>) -> Diagnostic {
    let mut d = Diagnostic::error(
        ErrorCode::CnameAndOtherData,
        format!(
            "{} has a CNAME and other data ({other}); a CNAME must be alone at its name",
            record.owner
        ),
        record.location.clone(),
    );
    if let Some(at) = cname_at {
        d.related
            .push((at.clone(), "the CNAME is here".to_string()));
    }
    d
}

fn singleton(record: &Record) -> Diagnostic {
    let rtype = record.rtype();
    Diagnostic::error(
        ErrorCode::SingletonType,
        format!(
            "{} has more than one {rtype} record; a name takes only one {rtype}",
            record.owner
        ),
        record.location.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zonefile::{read_str, ReaderOptions};

    #[test]
    fn slots_pack_every_field_apart() {
        let slots = [
            Slot::default(),
            Slot {
                owner: u64::MAX,
                cname: u32::MAX,
                dname: u16::MAX,
                other: u16::MAX,
            },
            Slot {
                owner: 0x0123_4567_89ab_cdef,
                cname: 0xfedc_ba98,
                dname: 0x7654,
                other: 0x3210,
            },
            Slot {
                owner: 1,
                cname: 0,
                dname: 2,
                other: 0,
            },
        ];
        for slot in slots {
            assert_eq!(Slot::unpack(slot.pack()), slot);
            assert_eq!(slot.pack() as u64, slot.owner);
        }
        let mut closed = Closed::new(WAYS);
        assert_eq!(closed.get(7), Slot::default());
        closed.put(slots[2]);
        closed.put(slots[3]);
        assert_eq!(closed.get(slots[2].owner), slots[2]);
        assert_eq!(closed.get(1), slots[3]);
    }

    fn problems(text: &str, origin: Option<&str>) -> Vec<String> {
        let options = ReaderOptions {
            origin: origin.map(|o| Name::from_ascii(o).unwrap()),
            ..ReaderOptions::default()
        };
        let zone = read_str(text, &options);
        assert!(!zone.has_errors(), "{:?}", zone.diagnostics);
        let mut rules = LoadRules::new(options.origin.clone());
        let mut out = Vec::new();
        let kept: Vec<Disposition> = zone
            .records
            .iter()
            .map(|r| rules.check(r, &mut out))
            .collect();
        rules.finish(&mut out);
        let dropped = kept.iter().filter(|d| **d == Disposition::Drop).count();
        out.iter()
            .map(|d| format!("{}:{}:{}", d.location.line, d.code, d.message))
            .chain((dropped > 0).then(|| format!("dropped {dropped}")))
            .collect()
    }

    const APEX: &str = "$TTL 1\n$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\n";

    #[test]
    fn a_complete_zone_passes() {
        let text = format!("{APEX}www CNAME @\nwww KEY 0 3 8 AAAA\nwww NXT \\# 1 00\nd DNAME x.\nd A 192.0.2.1\nwww CNAME example.\n@ SOA ns hm 1 2 3 4 5\n");
        assert_eq!(problems(&text, Some("example.")), Vec::<String>::new());
    }

    #[test]
    fn cname_and_other_data_either_order() {
        let text =
            format!("{APEX}a CNAME x\na A 192.0.2.1\nb TXT t\nb CNAME x\nc DNAME x.\nc CNAME x.\n");
        assert_eq!(
            problems(&text, Some("example.")),
            [
                "6:ZF0141:a.example. has a CNAME and other data (A); a CNAME must be alone at its name",
                "8:ZF0141:b.example. has a CNAME and other data (TXT); a CNAME must be alone at its name",
                "10:ZF0141:c.example. has a CNAME and other data (DNAME); a CNAME must be alone at its name",
            ]
        );
    }

    #[test]
    fn singletons() {
        let text =
            format!("{APEX}a CNAME x\na CNAME y\nd DNAME x.\nd DNAME y.\n@ SOA ns hm 2 2 3 4 5\n");
        assert_eq!(
            problems(&text, Some("example.")),
            [
                "6:ZF0142:a.example. has more than one CNAME record; a name takes only one CNAME",
                "8:ZF0142:d.example. has more than one DNAME record; a name takes only one DNAME",
                "9:ZF0142:example. has more than one SOA record; a name takes only one SOA",
            ]
        );
    }

    #[test]
    fn apex_records_and_out_of_zone() {
        assert_eq!(
            problems("$TTL 1\n$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\nx SOA ns hm 1 2 3 4 5\n@ DS 12345 8 2 ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\nother. A 192.0.2.1\n", Some("example.")),
            [
                "4:ZF0143:SOA record at x.example., which is not the zone's origin example.",
                "5:ZF0146:DS record at the zone's origin example.; DS records belong in the parent zone",
                "6:ZF0140:other. is outside the zone example.; the record is ignored, as BIND ignores it",
                "3:ZF0145:the zone has no NS records at its origin example.",
                "dropped 1",
            ]
        );
        assert_eq!(
            problems("$TTL 1\n$ORIGIN example.\n@ NS ns\n", Some("example.")),
            ["0:ZF0144:the zone has no SOA record at example."]
        );
        // Without an origin the first SOA's owner is the apex.
        assert_eq!(
            problems(
                "$TTL 1\n$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nother. A 192.0.2.1\n",
                None
            ),
            Vec::<String>::new()
        );
    }

    /// The problems of `text` with a table of `slots` slots for ended runs, and the evictions.
    fn problems_with(text: &str, slots: usize) -> (Vec<String>, u64) {
        let options = ReaderOptions::with_origin("example.").unwrap();
        let zone = read_str(text, &options);
        assert!(!zone.has_errors(), "{:?}", zone.diagnostics);
        let mut rules = LoadRules::with_slots(options.origin.clone(), slots);
        let mut out = Vec::new();
        for r in &zone.records {
            rules.check(r, &mut out);
        }
        let evictions = rules.evictions();
        rules.finish(&mut out);
        let found = out
            .iter()
            .map(|d| format!("{}:{}:{}", d.location.line, d.code, d.message))
            .collect();
        (found, evictions)
    }

    /// `count` owners with an A record each, none of them named `a`…`d`.
    fn filler(count: usize) -> String {
        (0..count).map(|i| format!("h{i} A 192.0.2.1\n")).collect()
    }

    #[test]
    fn grouped_names_are_checked_exactly_whatever_the_table_holds() {
        // Each name's records together, thousands of other names around them, and a table of
        // a single bucket: every rule still fires, on the right line.
        let text = format!(
            "{APEX}{}a CNAME x\na A 192.0.2.1\na CNAME y\n{}b TXT t\nb RRSIG A 8 2 1 20300101000000 20200101000000 1 example. AAAA\nb CNAME x\n{}d DNAME x.\nd DNAME y.\nd DNAME x.\n{}",
            filler(3000),
            filler(3000),
            filler(3000),
            filler(3000)
        );
        let (found, evictions) = problems_with(&text, 1);
        assert!(evictions > 10_000, "{evictions}");
        assert_eq!(
            found,
            [
                "3006:ZF0141:a.example. has a CNAME and other data (A); a CNAME must be alone at its name",
                "3007:ZF0142:a.example. has more than one CNAME record; a name takes only one CNAME",
                "6010:ZF0141:b.example. has a CNAME and other data (TXT); a CNAME must be alone at its name",
                "9012:ZF0142:d.example. has more than one DNAME record; a name takes only one DNAME",
            ]
        );
    }

    #[test]
    fn scattered_names_are_checked_while_the_table_holds_them() {
        let text = format!(
            "{APEX}a CNAME x\nb A 192.0.2.1\nc CNAME x\n{}a A 192.0.2.1\nb CNAME x\nc CNAME y\nc CNAME x\nd DNAME x.\nh1 TXT t\nd DNAME y.\nd DNAME x.\na CNAME x\n",
            filler(1000)
        );
        let (found, evictions) = problems_with(&text, DEFAULT_SLOTS);
        assert_eq!(evictions, 0);
        assert_eq!(
            found,
            [
                // The CNAME of a was read in an earlier run: no location to point at.
                "1008:ZF0141:a.example. has a CNAME and other data (A); a CNAME must be alone at its name",
                "1009:ZF0141:b.example. has a CNAME and other data (A); a CNAME must be alone at its name",
                "1010:ZF0142:c.example. has more than one CNAME record; a name takes only one CNAME",
                "1014:ZF0142:d.example. has more than one DNAME record; a name takes only one DNAME",
            ]
        );
    }

    #[test]
    fn a_full_table_forgets_scattered_names_but_reports_nothing_false() {
        // The documented limit: `a`'s first run is evicted by thousands of later names, so
        // the CNAME in its second run goes unreported by the streaming rules.
        let text = format!("{APEX}a A 192.0.2.1\n{}a CNAME x\n", filler(5000));
        let (found, evictions) = problems_with(&text, 4);
        assert!(evictions > 0);
        assert_eq!(found, Vec::<String>::new());
        // With the default table the same file is reported.
        let (found, _) = problems_with(&text, DEFAULT_SLOTS);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn apex_ns_before_the_soa_without_an_origin() {
        assert_eq!(
            problems(
                "$TTL 1\n$ORIGIN example.\n@ NS ns\nsub NS ns\n@ SOA ns hm 1 2 3 4 5\n",
                None
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            problems(
                "$TTL 1\n$ORIGIN example.\nsub NS ns\n@ SOA ns hm 1 2 3 4 5\n",
                None
            ),
            ["4:ZF0145:the zone has no NS records at its origin example."]
        );
    }
}
