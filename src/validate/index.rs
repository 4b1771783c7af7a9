//! A compact owner index over a zone's records, for whole-zone checks.
//!
//! The index holds eight bytes per record — a 32-bit hash of the case-folded owner and the
//! record's position — sorted so that the records of one owner are adjacent and ordered by
//! type. Lookups by name (a record's owner, an NS target, an ancestor of either) are a binary
//! search on the hash followed by a name comparison; nothing is copied out of the records, and
//! a lookup of an ancestor works on a suffix of the name's wire form, so walking up the tree
//! allocates nothing. For two million delegations that is tens of megabytes and a sort.

use std::cmp::Ordering;

use crate::name::Name;
use crate::record::Record;
use crate::rr::RecordType;

/// One record in the index: the hash of its owner and its position in the record slice.
#[derive(Debug, Clone, Copy)]
struct Entry {
    hash: u32,
    record: u32,
}

/// Records grouped by owner, looked up by name without copying.
pub struct ZoneIndex<'a> {
    records: &'a [Record],
    origin: &'a Name,
    entries: Vec<Entry>,
    /// Whether any record is a DNAME: most zones have none, and then no name needs its
    /// ancestors looked up for one.
    has_dname: bool,
}

/// FNV-1a over the ASCII-lower-cased octets of a name in wire form.
fn fold_hash(wire: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in wire {
        hash ^= u32::from(b.to_ascii_lowercase());
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// A total order on case-folded wire forms; only its equality matters to callers.
fn fold_cmp(a: &[u8], b: &[u8]) -> Ordering {
    a.iter()
        .map(u8::to_ascii_lowercase)
        .cmp(b.iter().map(u8::to_ascii_lowercase))
}

impl<'a> ZoneIndex<'a> {
    /// Indexes `records` of the zone at `origin`.
    ///
    /// Zones with more than `u32::MAX` records are not indexable; the reader's record limit is
    /// far below that, and records past it are left out rather than panicking.
    pub fn new(records: &'a [Record], origin: &'a Name) -> ZoneIndex<'a> {
        let mut entries: Vec<Entry> = records
            .iter()
            .enumerate()
            .take(u32::MAX as usize)
            .map(|(i, r)| Entry {
                hash: fold_hash(r.owner.as_wire()),
                record: i as u32,
            })
            .collect();
        entries.sort_unstable_by(|a, b| {
            a.hash.cmp(&b.hash).then_with(|| {
                let (ra, rb) = (&records[a.record as usize], &records[b.record as usize]);
                fold_cmp(ra.owner.as_wire(), rb.owner.as_wire())
                    .then_with(|| ra.rtype().cmp(&rb.rtype()))
                    .then_with(|| a.record.cmp(&b.record))
            })
        });
        let has_dname = records.iter().any(|r| r.rtype() == RecordType::DNAME);
        ZoneIndex {
            records,
            origin,
            entries,
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

    fn record(&self, entry: &Entry) -> &'a Record {
        &self.records[entry.record as usize]
    }

    /// Every owner name, each with its records (grouped, ordered by type, then file order).
    /// The order of owners is unspecified.
    pub fn owners(&self) -> Owners<'_, 'a> {
        Owners {
            index: self,
            rest: &self.entries,
        }
    }

    /// The records owned by exactly `wire` (a name in wire form, any case).
    pub fn lookup_wire(&self, wire: &[u8]) -> Option<Owner<'_, 'a>> {
        let hash = fold_hash(wire);
        let start = self.entries.partition_point(|e| e.hash < hash);
        let same_hash = &self.entries[start..];
        let len = same_hash.partition_point(|e| e.hash == hash);
        let same_hash = &same_hash[..len];
        let first =
            same_hash.partition_point(|e| fold_cmp(self.record(e).owner.as_wire(), wire).is_lt());
        let rest = &same_hash[first..];
        let count =
            rest.partition_point(|e| fold_cmp(self.record(e).owner.as_wire(), wire).is_eq());
        (count > 0).then(|| Owner {
            index: self,
            entries: &rest[..count],
        })
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

/// A set of names found in the rdata of records (the targets of NS records, say), held as
/// eight bytes per record like the owner index.
pub struct NameSet<'a> {
    records: &'a [Record],
    entries: Vec<Entry>,
    name_of: fn(&Record) -> Option<&Name>,
}

impl<'a> NameSet<'a> {
    /// The names `name_of` finds in `records` (records where it gives `None` add nothing).
    pub fn new(records: &'a [Record], name_of: fn(&Record) -> Option<&Name>) -> NameSet<'a> {
        let mut entries: Vec<Entry> = records
            .iter()
            .enumerate()
            .take(u32::MAX as usize)
            .filter_map(|(i, r)| {
                name_of(r).map(|n| Entry {
                    hash: fold_hash(n.as_wire()),
                    record: i as u32,
                })
            })
            .collect();
        entries.sort_unstable_by_key(|e| e.hash);
        NameSet {
            records,
            entries,
            name_of,
        }
    }

    /// True when `name` is in the set (case-insensitively).
    pub fn contains(&self, name: &Name) -> bool {
        let wire = name.as_wire();
        let hash = fold_hash(wire);
        let start = self.entries.partition_point(|e| e.hash < hash);
        self.entries[start..]
            .iter()
            .take_while(|e| e.hash == hash)
            .any(|e| {
                self.records
                    .get(e.record as usize)
                    .and_then(self.name_of)
                    .is_some_and(|n| n.as_wire().eq_ignore_ascii_case(wire))
            })
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
    entries: &'i [Entry],
}

impl<'i, 'a> Owner<'i, 'a> {
    /// The owner name, as the first of its records spells it.
    pub fn name(&self) -> &'a Name {
        match self.entries.first() {
            Some(e) => &self.index.record(e).owner,
            None => self.index.origin,
        }
    }

    /// The records, ordered by type, then file order.
    pub fn records(&self) -> impl Iterator<Item = &'a Record> + 'i {
        let index = self.index;
        self.entries.iter().map(move |e| index.record(e))
    }

    /// The records with their positions in the zone's record slice.
    pub fn indexed(&self) -> impl Iterator<Item = (usize, &'a Record)> + 'i {
        let index = self.index;
        self.entries
            .iter()
            .map(move |e| (e.record as usize, index.record(e)))
    }

    /// The records of type `rtype`.
    pub fn rrset(&self, rtype: RecordType) -> impl Iterator<Item = &'a Record> + 'i {
        self.records().filter(move |r| r.rtype() == rtype)
    }

    /// The first record of type `rtype` in file order.
    pub fn first(&self, rtype: RecordType) -> Option<&'a Record> {
        self.rrset(rtype).next()
    }

    /// True when there is a record of type `rtype`.
    pub fn has(&self, rtype: RecordType) -> bool {
        self.records().any(|r| r.rtype() == rtype)
    }

    /// True when there is an A or AAAA record.
    pub fn has_address(&self) -> bool {
        self.records()
            .any(|r| matches!(r.rtype(), RecordType::A | RecordType::AAAA))
    }

    /// The RRsets: runs of records of one type.
    pub fn rrsets(&self) -> RrSets<'i, 'a> {
        RrSets {
            index: self.index,
            rest: self.entries,
        }
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
    rest: &'i [Entry],
}

impl<'i, 'a> Iterator for Owners<'i, 'a> {
    type Item = Owner<'i, 'a>;
    fn next(&mut self) -> Option<Owner<'i, 'a>> {
        let first = self.rest.first()?;
        let owner = self.index.record(first).owner.as_wire();
        let len = self
            .rest
            .iter()
            .position(|e| {
                e.hash != first.hash
                    || !self
                        .index
                        .record(e)
                        .owner
                        .as_wire()
                        .eq_ignore_ascii_case(owner)
            })
            .unwrap_or(self.rest.len());
        let (group, rest) = self.rest.split_at(len);
        self.rest = rest;
        Some(Owner {
            index: self.index,
            entries: group,
        })
    }
}

/// Iterator over the RRsets of one owner.
pub struct RrSets<'i, 'a> {
    index: &'i ZoneIndex<'a>,
    rest: &'i [Entry],
}

impl<'i, 'a> Iterator for RrSets<'i, 'a> {
    type Item = (RecordType, Vec<&'a Record>);
    fn next(&mut self) -> Option<Self::Item> {
        let first = self.rest.first()?;
        let rtype = self.index.record(first).rtype();
        let len = self
            .rest
            .iter()
            .position(|e| self.index.record(e).rtype() != rtype)
            .unwrap_or(self.rest.len());
        let (set, rest) = self.rest.split_at(len);
        self.rest = rest;
        Some((rtype, set.iter().map(|e| self.index.record(e)).collect()))
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
