//! A compact owner index over a zone's records, for whole-zone checks.
//!
//! Building it walks the records once in file order and interns each owner: a 64-bit hash of
//! the case-folded wire form maps to a dense owner id (zones list an owner's records together,
//! so a record whose owner equals the previous one skips the hash altogether). A counting sort
//! then groups the record positions by owner — four bytes per record — each group ordered by
//! type, then file order, and a few bits per owner say which of the types the checks ask about
//! most (NS, DS, CNAME, DNAME, an address, SOA) it has. Looking a name up (a record's owner, an
//! NS target, an ancestor of either) is one hash-table probe and one name comparison; nothing
//! is copied out of the records, and a lookup of an ancestor works on a suffix of the name's
//! wire form. For two million delegations that is tens of megabytes and no comparison sort.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::name::Name;
use crate::record::Record;
use crate::rr::RecordType;

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Table = HashMap<u64, u32, BuildHasherDefault<Prehashed>>;

/// The end of a collision chain.
const NONE: u32 = u32::MAX;

use super::skeleton::fold_hash;

/// Summary bits of an owner's types.
const KIND_NS: u8 = 1;
const KIND_DS: u8 = 2;
const KIND_CNAME: u8 = 4;
const KIND_DNAME: u8 = 8;
const KIND_ADDRESS: u8 = 16;
const KIND_SOA: u8 = 32;

fn kind_bit(rtype: RecordType) -> u8 {
    match rtype {
        RecordType::NS => KIND_NS,
        RecordType::DS => KIND_DS,
        RecordType::CNAME => KIND_CNAME,
        RecordType::DNAME => KIND_DNAME,
        RecordType::A | RecordType::AAAA => KIND_ADDRESS,
        RecordType::SOA => KIND_SOA,
        _ => 0,
    }
}

/// Records grouped by owner, looked up by name without copying.
pub struct ZoneIndex<'a> {
    records: &'a [Record],
    origin: &'a Name,
    /// Record positions grouped by owner; in each group ordered by type, then file order.
    order: Vec<u32>,
    /// Where each owner's group starts in `order`, plus the end.
    starts: Vec<u32>,
    /// Per owner: the `KIND_*` bits of its types.
    kinds: Vec<u8>,
    /// Folded-name hash → the first owner with that hash.
    table: Table,
    /// Per owner: the next owner with the same hash (`NONE` at the end).
    next: Vec<u32>,
    /// Whether any record is a DNAME: most zones have none, and then no name needs its
    /// ancestors looked up for one.
    has_dname: bool,
}

impl<'a> ZoneIndex<'a> {
    /// Indexes `records` of the zone at `origin`.
    ///
    /// Zones with `u32::MAX` records or more are not indexable; the reader's record limit is
    /// far below that, and records past it are left out rather than panicking.
    pub fn new(records: &'a [Record], origin: &'a Name) -> ZoneIndex<'a> {
        let records = records.get(..NONE as usize - 1).unwrap_or(records);
        let mut table = Table::default();
        let mut next: Vec<u32> = Vec::new();
        // The owner of each record, and the first record of each owner.
        let mut owner_of: Vec<u32> = Vec::with_capacity(records.len());
        let mut first_of: Vec<u32> = Vec::new();
        let mut kinds: Vec<u8> = Vec::new();
        let mut previous: Option<(&[u8], u32)> = None;
        let mut has_dname = false;
        for (i, record) in records.iter().enumerate() {
            let wire = record.owner.as_wire();
            let rtype = record.rtype();
            has_dname |= rtype == RecordType::DNAME;
            let id = match previous {
                Some((p, id)) if p.eq_ignore_ascii_case(wire) => id,
                _ => {
                    let hash = fold_hash(wire);
                    let mut found = None;
                    let mut probe = table.get(&hash).copied().unwrap_or(NONE);
                    while let Some(&first) = first_of.get(probe as usize) {
                        let known = records.get(first as usize).map(|r| r.owner.as_wire());
                        if known.is_some_and(|k| k.eq_ignore_ascii_case(wire)) {
                            found = Some(probe);
                            break;
                        }
                        probe = next.get(probe as usize).copied().unwrap_or(NONE);
                    }
                    match found {
                        Some(id) => id,
                        None => {
                            let id = first_of.len() as u32;
                            let chain = table.insert(hash, id).unwrap_or(NONE);
                            next.push(chain);
                            first_of.push(i as u32);
                            kinds.push(0);
                            id
                        }
                    }
                }
            };
            previous = Some((wire, id));
            owner_of.push(id);
            if let Some(k) = kinds.get_mut(id as usize) {
                *k |= kind_bit(rtype);
            }
        }
        drop(first_of);
        // Counting sort of the positions by owner, stable in file order.
        let owners = kinds.len();
        let mut starts = vec![0u32; owners + 1];
        for &id in &owner_of {
            if let Some(s) = starts.get_mut(id as usize + 1) {
                *s += 1;
            }
        }
        let mut sum = 0u32;
        for s in starts.iter_mut() {
            sum += *s;
            *s = sum;
        }
        let mut fill: Vec<u32> = starts.clone();
        let mut order = vec![0u32; owner_of.len()];
        for (i, &id) in owner_of.iter().enumerate() {
            if let Some(slot) = fill.get_mut(id as usize) {
                if let Some(o) = order.get_mut(*slot as usize) {
                    *o = i as u32;
                }
                *slot += 1;
            }
        }
        drop(fill);
        drop(owner_of);
        for w in starts.windows(2) {
            let &[from, to] = w else {
                continue;
            };
            let group = order
                .get_mut(from as usize..to as usize)
                .unwrap_or_default();
            if group.len() > 1 {
                group.sort_by_key(|&i| {
                    (
                        records.get(i as usize).map_or(RecordType(0), Record::rtype),
                        i,
                    )
                });
            }
        }
        ZoneIndex {
            records,
            origin,
            order,
            starts,
            kinds,
            table,
            next,
            has_dname,
        }
    }

    /// The records, in file order.
    pub fn records(&self) -> &'a [Record] {
        self.records
    }

    /// The zone's origin (its apex).
    pub fn origin(&self) -> &'a Name {
        self.origin
    }

    /// The owner with id `id`.
    fn owner(&self, id: u32) -> Owner<'_, 'a> {
        let id = id as usize;
        let from = self.starts.get(id).copied().unwrap_or_default() as usize;
        let to = self.starts.get(id + 1).copied().unwrap_or_default() as usize;
        Owner {
            index: self,
            entries: self.order.get(from..to).unwrap_or_default(),
            kinds: self.kinds.get(id).copied().unwrap_or_default(),
        }
    }

    /// Every owner name, each with its records (grouped, ordered by type, then file order),
    /// in the order the owners first appear.
    pub fn owners(&self) -> Owners<'_, 'a> {
        Owners {
            index: self,
            next: 0,
        }
    }

    /// The records owned by exactly `wire` (a name in wire form, any case).
    pub fn lookup_wire(&self, wire: &[u8]) -> Option<Owner<'_, 'a>> {
        let mut probe = self.table.get(&fold_hash(wire)).copied().unwrap_or(NONE);
        while probe != NONE {
            let owner = self.owner(probe);
            if owner.entries.is_empty() {
                return None;
            }
            if owner.name().as_wire().eq_ignore_ascii_case(wire) {
                return Some(owner);
            }
            probe = self.next.get(probe as usize).copied().unwrap_or(NONE);
        }
        None
    }

    /// The records owned by `name`.
    pub fn lookup(&self, name: &Name) -> Option<Owner<'_, 'a>> {
        self.lookup_wire(name.as_wire())
    }

    /// True when `name` is the origin or below it.
    pub fn in_zone(&self, name: &Name) -> bool {
        name.is_subdomain_of(self.origin)
    }

    /// The names strictly between the origin and `name` (both excluded), nearest the origin
    /// first, as wire-form suffixes of `name`. Empty when `name` is not below the origin.
    pub fn ancestors<'n>(&self, name: &'n Name) -> Ancestors<'n> {
        let wire = name.as_wire();
        let origin_len = self.origin.wire_len();
        let mut starts = [0u8; 128];
        let mut count = 0usize;
        if name.is_subdomain_of(self.origin) {
            let mut pos = 0usize;
            // The suffixes after the first label, down to (not including) the origin.
            while let Some(&len) = wire.get(pos) {
                if len == 0 {
                    break;
                }
                pos += 1 + len as usize;
                if wire.len().saturating_sub(pos) <= origin_len {
                    break;
                }
                if let Some(slot) = starts.get_mut(count) {
                    *slot = pos as u8;
                    count += 1;
                }
            }
        }
        Ancestors {
            wire,
            starts,
            count,
        }
    }

    /// The topmost zone cut strictly above `name` and below the origin: a name with NS
    /// records (a delegation) or, when `dname` is set, a DNAME. `None` when `name` is
    /// authoritative data (or at a cut itself).
    pub fn cut_above(&self, name: &Name, dname: bool) -> Option<Owner<'_, 'a>> {
        let dname = dname && self.has_dname;
        // A name at most one label below the origin (most of a big zone) has no ancestor
        // strictly between.
        let wire = name.as_wire();
        let first = 1 + usize::from(wire.first().copied().unwrap_or_default());
        if wire.len().saturating_sub(first) <= self.origin.wire_len() {
            return None;
        }
        self.ancestors(name).find_map(|suffix| {
            self.lookup_wire(suffix)
                .filter(|o| o.has(RecordType::NS) || (dname && o.has(RecordType::DNAME)))
        })
    }

    /// The nearest DNAME at or above the origin, strictly above `name`: data there is
    /// redirected, not served.
    pub fn dname_above(&self, name: &Name) -> Option<Owner<'_, 'a>> {
        if !self.has_dname || name == self.origin || !self.in_zone(name) {
            return None;
        }
        let apex = self
            .lookup(self.origin)
            .filter(|o| o.has(RecordType::DNAME));
        apex.or_else(|| {
            self.ancestors(name)
                .find_map(|s| self.lookup_wire(s).filter(|o| o.has(RecordType::DNAME)))
        })
    }

    /// True when `name` is a delegation point: not the apex, with NS records.
    pub fn is_delegation(&self, name: &Name) -> bool {
        name != self.origin && self.lookup(name).is_some_and(|o| o.has(RecordType::NS))
    }

    /// What a query for `name` finds in the zone: the records at the name, or else those of
    /// the wildcard that would answer for it (RFC 4592, without empty-non-terminal detection:
    /// the closest encloser is the nearest ancestor that owns records).
    pub fn resolve(&self, name: &Name) -> Option<Owner<'_, 'a>> {
        if let Some(owner) = self.lookup(name) {
            return Some(owner);
        }
        if !self.in_zone(name) || name == self.origin {
            return None;
        }
        let wire = name.as_wire();
        let mut pos = 0usize;
        let mut wildcard = Vec::with_capacity(wire.len());
        while let Some(&len) = wire.get(pos) {
            if len == 0 {
                break;
            }
            pos += 1 + len as usize;
            let Some(encloser) = wire.get(pos..) else {
                break;
            };
            if encloser.len() < self.origin.wire_len() {
                break;
            }
            wildcard.clear();
            wildcard.extend_from_slice(&[1, b'*']);
            wildcard.extend_from_slice(encloser);
            if let Some(found) = self.lookup_wire(&wildcard) {
                return Some(found);
            }
            if self.lookup_wire(encloser).is_some() {
                return None;
            }
        }
        None
    }
}

/// A set of names found in the rdata of records (the targets of NS records, say): a hash of
/// each folded name, confirmed against the record it came from.
pub struct NameSet<'a> {
    records: &'a [Record],
    /// Folded-name hash → the first record with a name of that hash.
    table: Table,
    name_of: fn(&Record) -> Option<&Name>,
}

impl<'a> NameSet<'a> {
    /// The names `name_of` finds in `records` (records where it gives `None` add nothing).
    pub fn new(records: &'a [Record], name_of: fn(&Record) -> Option<&Name>) -> NameSet<'a> {
        let mut table = Table::default();
        for (i, r) in records.iter().enumerate().take(NONE as usize - 1) {
            if let Some(n) = name_of(r) {
                table.entry(fold_hash(n.as_wire())).or_insert(i as u32);
            }
        }
        NameSet {
            records,
            table,
            name_of,
        }
    }

    /// True when `name` is in the set (case-insensitively).
    pub fn contains(&self, name: &Name) -> bool {
        let wire = name.as_wire();
        let Some(&first) = self.table.get(&fold_hash(wire)) else {
            return false;
        };
        let same =
            |r: &Record| (self.name_of)(r).is_some_and(|n| n.as_wire().eq_ignore_ascii_case(wire));
        // Two different names with one 64-bit hash: look at every record.
        self.records.get(first as usize).is_some_and(same) || self.records.iter().any(same)
    }
}

/// The proper ancestors of a name inside the zone, nearest the origin first.
pub struct Ancestors<'n> {
    wire: &'n [u8],
    /// Offsets of the suffixes in `wire`, nearest the name first (names have at most 127
    /// labels and 255 octets, so both fit).
    starts: [u8; 128],
    count: usize,
}

impl<'n> Iterator for Ancestors<'n> {
    type Item = &'n [u8];
    fn next(&mut self) -> Option<&'n [u8]> {
        self.count = self.count.checked_sub(1)?;
        let start = *self.starts.get(self.count)?;
        self.wire.get(start as usize..)
    }
}

/// The records of one owner name.
#[derive(Clone, Copy)]
pub struct Owner<'i, 'a> {
    index: &'i ZoneIndex<'a>,
    /// Positions of the records, ordered by type, then file order.
    entries: &'i [u32],
    kinds: u8,
}

impl<'i, 'a> Owner<'i, 'a> {
    fn record(&self, position: u32) -> Option<&'a Record> {
        self.index.records.get(position as usize)
    }

    /// The owner name, as the first of its records (by type) spells it.
    pub fn name(&self) -> &'a Name {
        match self.entries.first().and_then(|&e| self.record(e)) {
            Some(r) => &r.owner,
            None => self.index.origin,
        }
    }

    /// The records, ordered by type, then file order.
    pub fn records(&self) -> impl Iterator<Item = &'a Record> + 'i {
        let records = self.index.records;
        self.entries
            .iter()
            .filter_map(move |&e| records.get(e as usize))
    }

    /// The records with their positions in the zone's record slice.
    pub fn indexed(&self) -> impl Iterator<Item = (usize, &'a Record)> + 'i {
        let records = self.index.records;
        self.entries
            .iter()
            .filter_map(move |&e| records.get(e as usize).map(|r| (e as usize, r)))
    }

    /// The records of type `rtype`.
    pub fn rrset(&self, rtype: RecordType) -> impl Iterator<Item = &'a Record> + 'i {
        let bit = kind_bit(rtype);
        let absent = bit != 0 && self.kinds & bit == 0;
        self.records()
            .filter(move |r| !absent && r.rtype() == rtype)
    }

    /// The first record of type `rtype` in file order.
    pub fn first(&self, rtype: RecordType) -> Option<&'a Record> {
        self.rrset(rtype).next()
    }

    /// True when there is a record of type `rtype`.
    pub fn has(&self, rtype: RecordType) -> bool {
        match kind_bit(rtype) {
            0 => self.records().any(|r| r.rtype() == rtype),
            bit => self.kinds & bit != 0,
        }
    }

    /// True when there is an A or AAAA record.
    pub fn has_address(&self) -> bool {
        self.kinds & KIND_ADDRESS != 0
    }

    /// The RRsets: runs of records of one type.
    pub fn rrsets(&self) -> RrSets<'i, 'a> {
        RrSets {
            owner: *self,
            rest: self.entries,
        }
    }

    /// The RRsets without collecting them: each type with its records' positions.
    pub fn rrset_positions(&self) -> impl Iterator<Item = (RecordType, &'i [u32])> + 'i {
        let owner = *self;
        let mut rest = self.entries;
        std::iter::from_fn(move || {
            let (rtype, len) = owner.run(rest)?;
            let (set, tail) = rest.split_at(len);
            rest = tail;
            Some((rtype, set))
        })
    }

    /// The type of the first record of `entries` and how many records in a row have it.
    fn run(&self, entries: &[u32]) -> Option<(RecordType, usize)> {
        let rtype = self.record(*entries.first()?)?.rtype();
        let len = entries
            .iter()
            .position(|&e| self.record(e).is_none_or(|r| r.rtype() != rtype))
            .unwrap_or(entries.len());
        Some((rtype, len))
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Always false: an owner is only made for a name with records.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Iterator over the owners of an index.
pub struct Owners<'i, 'a> {
    index: &'i ZoneIndex<'a>,
    next: u32,
}

impl<'i, 'a> Iterator for Owners<'i, 'a> {
    type Item = Owner<'i, 'a>;
    fn next(&mut self) -> Option<Owner<'i, 'a>> {
        if self.next as usize >= self.index.kinds.len() {
            return None;
        }
        let owner = self.index.owner(self.next);
        self.next += 1;
        Some(owner)
    }
}

/// Iterator over the RRsets of one owner.
pub struct RrSets<'i, 'a> {
    owner: Owner<'i, 'a>,
    rest: &'i [u32],
}

impl<'i, 'a> Iterator for RrSets<'i, 'a> {
    type Item = (RecordType, Vec<&'a Record>);
    fn next(&mut self) -> Option<Self::Item> {
        let (rtype, len) = self.owner.run(self.rest)?;
        let (set, rest) = self.rest.split_at(len);
        self.rest = rest;
        Some((
            rtype,
            set.iter().filter_map(|&e| self.owner.record(e)).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rr::{address::A, target::Ns, Class, RecordData};

    fn name(s: &str) -> Name {
        Name::from_ascii(s).unwrap()
    }

    fn a(owner: &str) -> Record {
        Record::new(
            name(owner),
            300,
            Class::IN,
            RecordData::A(A {
                address: "192.0.2.1".parse().unwrap(),
            }),
        )
    }

    fn ns(owner: &str, target: &str) -> Record {
        Record::new(
            name(owner),
            300,
            Class::IN,
            RecordData::Ns(Ns {
                target: name(target),
            }),
        )
    }

    #[test]
    fn groups_owners_case_insensitively() {
        let records = vec![
            a("www.example."),
            ns("example.", "ns.example."),
            a("WWW.Example."),
            a("ns.example."),
        ];
        let origin = name("example.");
        let index = ZoneIndex::new(&records, &origin);
        assert_eq!(index.owners().count(), 3);
        let www = index.lookup(&name("www.EXAMPLE.")).unwrap();
        assert_eq!(www.len(), 2);
        assert!(www.has(RecordType::A));
        assert!(!www.has(RecordType::NS));
        assert!(index.lookup(&name("mail.example.")).is_none());
        let positions: Vec<usize> = www.indexed().map(|(i, _)| i).collect();
        assert_eq!(positions, vec![0, 2]);
    }

    #[test]
    fn ancestors_and_cuts() {
        let records = vec![
            ns("example.", "ns.example."),
            ns("child.example.", "ns.child.example."),
            a("ns.child.example."),
        ];
        let origin = name("example.");
        let index = ZoneIndex::new(&records, &origin);
        let deep = name("a.b.child.example.");
        let ancestors: Vec<String> = index
            .ancestors(&deep)
            .map(|w| Name::from_wire(w).unwrap().to_string())
            .collect();
        assert_eq!(
            ancestors,
            vec!["child.example.", "b.child.example."],
            "nearest the origin first, excluding both ends"
        );
        assert_eq!(
            index.cut_above(&deep, false).unwrap().name().to_string(),
            "child.example."
        );
        assert!(index.cut_above(&name("child.example."), false).is_none());
        assert!(index.is_delegation(&name("child.example.")));
        assert!(!index.is_delegation(&origin));
        assert_eq!(index.ancestors(&name("other.test.")).count(), 0);
        assert_eq!(index.ancestors(&name("child.example.")).count(), 0);
    }

    #[test]
    fn resolves_wildcards() {
        let records = vec![a("*.example."), a("host.sub.example."), a("*.sub.example.")];
        let origin = name("example.");
        let index = ZoneIndex::new(&records, &origin);
        assert_eq!(
            index
                .resolve(&name("x.example."))
                .unwrap()
                .name()
                .to_string(),
            "*.example."
        );
        assert_eq!(
            index
                .resolve(&name("x.sub.example."))
                .unwrap()
                .name()
                .to_string(),
            "*.sub.example."
        );
        // The closest encloser host.sub.example exists, so no wildcard applies below it.
        assert!(index.resolve(&name("x.host.sub.example.")).is_none());
        assert!(index.resolve(&name("x.other.")).is_none());
    }
}
