//! The compact whole-zone index `check` builds while the records stream past.
//!
//! Every owner name (and every in-zone name a record points at) is interned once: its wire
//! form, as first spelled, goes into one arena of bytes and gets a dense `u32` id, found again
//! through an open-addressing table of (hash, id) slots keyed by a hash of the case-folded wire
//! form (in 256 shards, so that growing it never holds two copies of the whole table). Per id
//! the index keeps a bitmap of the types the name owns (the ones the checks ask about each
//! have a bit, every other type shares one), and on the side the in-zone targets of NS, MX and
//! SRV records and the first CNAME of each name, as ids. No record is kept: about 40 bytes per
//! name (the wire name, its offset, its type bits, its table slot) plus 12 per in-zone target,
//! where a record costs 200 or more. Checks decide on this index and fetch the few records
//! they report on afterwards (see `stream`).

use std::collections::HashMap;

use crate::name::Name;
use crate::rr::RecordType;

/// Type bits of [`Skeleton::types`].
pub(crate) mod bits {
    pub const A: u32 = 1 << 0;
    pub const AAAA: u32 = 1 << 1;
    pub const NS: u32 = 1 << 2;
    pub const DS: u32 = 1 << 3;
    pub const CNAME: u32 = 1 << 4;
    pub const DNAME: u32 = 1 << 5;
    pub const SOA: u32 = 1 << 6;
    pub const RRSIG: u32 = 1 << 7;
    pub const NSEC: u32 = 1 << 8;
    pub const SIG: u32 = 1 << 9;
    pub const KEY: u32 = 1 << 10;
    pub const NXT: u32 = 1 << 11;
    pub const MX: u32 = 1 << 12;
    pub const SRV: u32 = 1 << 13;
    pub const TXT: u32 = 1 << 14;
    pub const SPF: u32 = 1 << 15;
    /// Not a type: a TXT record holding an SPF policy (`v=spf1`).
    pub const SPF_TEXT: u32 = 1 << 16;
    /// Not a type: the name is the target of some NS record.
    pub const NS_TARGET: u32 = 1 << 17;
    /// Not a type: the arena holds the name without the origin's labels.
    pub const RELATIVE: u32 = 1 << 30;
    /// Every type without a bit of its own.
    pub const OTHER: u32 = 1 << 31;
    /// An address record.
    pub const ADDRESS: u32 = A | AAAA;
    /// The bits that stand for types.
    pub const TYPES: u32 = 0xFFFF | OTHER;
}

/// The bit of `rtype` in a type bitmap.
pub(crate) fn type_bit(rtype: RecordType) -> u32 {
    match rtype {
        RecordType::A => bits::A,
        RecordType::AAAA => bits::AAAA,
        RecordType::NS => bits::NS,
        RecordType::DS => bits::DS,
        RecordType::CNAME => bits::CNAME,
        RecordType::DNAME => bits::DNAME,
        RecordType::SOA => bits::SOA,
        RecordType::RRSIG => bits::RRSIG,
        RecordType::NSEC => bits::NSEC,
        RecordType::SIG => bits::SIG,
        RecordType::KEY => bits::KEY,
        RecordType::NXT => bits::NXT,
        RecordType::MX => bits::MX,
        RecordType::SRV => bits::SRV,
        RecordType::TXT => bits::TXT,
        RecordType::SPF => bits::SPF,
        _ => bits::OTHER,
    }
}

/// An empty table slot.
const EMPTY: u64 = u64::MAX;

/// The largest id (ids are below it).
const MAX_ID: u32 = u32::MAX;

/// Shards of the name table.
const SHARDS: usize = 256;

/// One shard of the name table: open addressing over (hash, id) slots, a power of two long.
struct Shard {
    slots: Vec<u64>,
    used: usize,
}

impl Default for Shard {
    fn default() -> Shard {
        Shard {
            slots: vec![EMPTY; 16],
            used: 0,
        }
    }
}

impl Shard {
    /// Fills the free slot `at` (found by a probe), growing the shard past 7/8 full.
    fn put(&mut self, at: usize, slot: u64) {
        if let Some(s) = self.slots.get_mut(at) {
            *s = slot;
        }
        self.used += 1;
        if self.used * 8 > self.slots.len() * 7 {
            let size = self.slots.len() * 2;
            let mask = size - 1;
            let mut slots = vec![EMPTY; size];
            for &old in self.slots.iter().filter(|&&s| s != EMPTY) {
                let mut at = (old >> 32) as usize & mask;
                while slots.get(at).is_some_and(|&s| s != EMPTY) {
                    at = (at + 1) & mask;
                }
                if let Some(s) = slots.get_mut(at) {
                    *s = old;
                }
            }
            self.slots = slots;
        }
    }
}

/// A table slot: the name's hash in the high half (so most probes that miss never touch the
/// names), its id in the low half.
fn slot_of(hash: u32, id: u32) -> u64 {
    (u64::from(hash) << 32) | u64::from(id)
}

/// A name's wire form, copied out of the index.
pub struct Wire {
    bytes: [u8; 255],
    len: u8,
}

impl std::ops::Deref for Wire {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }
}

/// A hash of the ASCII-lower-cased octets of a name in wire form.
///
/// Computed for every owner and in-zone target `check` interns (millions on a large zone), so
/// it works eight octets at a time: each word is lower-cased in place (no copy of the name
/// into a folded buffer) and mixed with a folded 128-bit multiply. A name of 8 octets or more
/// ends with its last eight octets (overlapping the word before: still a function of the
/// octets and the length alone); a shorter one is read into one zero-padded word.
pub(crate) fn fold_hash(wire: &[u8]) -> u64 {
    const SEED: u64 = 0x5eed_2f3a_9c1b_7d4e;
    let mut h = SEED ^ (wire.len() as u64);
    let mut words = wire.chunks_exact(8);
    for word in &mut words {
        h = fold_mix(h ^ lower_word(word_at(word)));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let last = match wire.len().checked_sub(8) {
            Some(from) => word_at(wire.get(from..).unwrap_or_default()),
            None => {
                let mut buf = [0u8; 8];
                if let Some(dst) = buf.get_mut(..rest.len()) {
                    dst.copy_from_slice(rest);
                }
                u64::from_le_bytes(buf)
            }
        };
        h = fold_mix(h ^ lower_word(last));
    }
    fold_mix(h ^ 0x2d35_8dcc_aa6c_78a5)
}

/// The first eight octets of `bytes` as a little-endian word (zero when shorter).
fn word_at(bytes: &[u8]) -> u64 {
    bytes
        .get(..8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map_or(0, u64::from_le_bytes)
}

/// `word` with every ASCII capital letter of its eight octets lower-cased (octets of 0x80 and
/// above unchanged), without a branch per octet.
fn lower_word(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = word & (0x7f * ONES);
    // The top bit of each octet: set when its low seven bits are above `Z`, or at least `A`.
    let above_z = low7 + (0x7f - u64::from(b'Z')) * ONES;
    let from_a = low7 + (0x80 - u64::from(b'A')) * ONES;
    let upper = (from_a ^ above_z) & !word & (0x80 * ONES);
    word | (upper >> 2)
}

/// One mixing round: the two halves of a 128-bit product, folded.
fn fold_mix(x: u64) -> u64 {
    let product = u128::from(x) * 0x9e37_79b9_7f4a_7c15_u128;
    (product as u64) ^ ((product >> 64) as u64)
}

/// True when the wire name `name` equals `ancestor` or lies below it (case-insensitively).
pub(crate) fn wire_is_subdomain(name: &[u8], ancestor: &[u8]) -> bool {
    let Some(start) = name.len().checked_sub(ancestor.len()) else {
        return false;
    };
    let mut pos = 0usize;
    while pos < start {
        let Some(&len) = name.get(pos) else {
            return false;
        };
        pos += 1 + usize::from(len);
    }
    pos == start
        && name
            .get(start..)
            .is_some_and(|s| s.eq_ignore_ascii_case(ancestor))
}

/// The compact index of one zone: names, their types, and the in-zone names records point at.
pub struct Skeleton {
    origin: Name,
    /// The names, back to back, each as an entry: its type bits and flags (4 octets, little
    /// endian; no type bits: a name only pointed at), the length of what follows (1 octet),
    /// and its wire form as first spelled — without the origin's labels when it is in the
    /// zone ([`bits::RELATIVE`]). A name's id is where its entry starts.
    arena: Vec<u8>,
    /// Number of names.
    names: usize,
    /// The name table, in shards picked by the top bits of the hash so that growing one
    /// never holds two copies of the whole table.
    shards: Vec<Shard>,
    /// The in-zone targets of NS, MX and SRV records: (owner, type bit, target).
    targets: Vec<(u32, u32, u32)>,
    /// Whether `targets` is sorted by owner.
    sorted: bool,
    /// Owner → the target of its first CNAME, when that is in the zone.
    cnames: HashMap<u32, u32>,
    /// Whether any name owns a DNAME.
    has_dname: bool,
    /// Whether any name interned has the octet `*` in its wire form (a label length of 42
    /// counts too), or the origin has.
    has_star: bool,
}

impl Skeleton {
    /// An empty index of the zone at `origin`.
    pub fn new(origin: Name) -> Skeleton {
        Skeleton {
            has_star: origin.as_wire().contains(&b'*'),
            origin,
            arena: Vec::new(),
            names: 0,
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            targets: Vec::new(),
            sorted: true,
            cnames: HashMap::new(),
            has_dname: false,
        }
    }

    /// Makes room for about `names` names at once, so that the table does not grow (and move
    /// every slot) step by step while a large zone streams in.
    pub fn reserve(&mut self, names: usize) {
        let per_shard = names / SHARDS + 1;
        // Growth starts past 7/8 full: room for `per_shard` names below that.
        let size = (per_shard + per_shard / 7 + 1).next_power_of_two();
        for shard in &mut self.shards {
            if shard.slots.len() < size && shard.used == 0 {
                shard.slots = vec![EMPTY; size];
            }
        }
    }

    /// The zone's origin.
    pub fn origin(&self) -> &Name {
        &self.origin
    }

    /// True when any name owns a DNAME.
    pub fn has_dname(&self) -> bool {
        self.has_dname
    }

    /// False when no name's wire form has the octet `*` (see [`Skeleton::wire_has_octet`]):
    /// noted as names are interned, so that a zone without wildcards is not searched for them.
    pub(crate) fn may_have_star(&self) -> bool {
        self.has_star
    }

    /// Number of names interned.
    pub fn len(&self) -> usize {
        self.names
    }

    /// True when no name is interned.
    pub fn is_empty(&self) -> bool {
        self.names == 0
    }

    /// The flags and type bits of entry `id`, and the octets it stores (without the origin's
    /// labels when the flags have [`bits::RELATIVE`]).
    pub(crate) fn entry(&self, id: u32) -> (u32, &[u8]) {
        let at = id as usize;
        let flags = self
            .arena
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_le_bytes);
        let len = usize::from(self.arena.get(at + 4).copied().unwrap_or_default());
        (
            flags,
            self.arena.get(at + 5..at + 5 + len).unwrap_or_default(),
        )
    }

    /// The id of the entry after entry `id`.
    fn next_id(&self, id: u32) -> Option<u32> {
        let at = id as usize;
        let len = usize::from(*self.arena.get(at + 4)?);
        u32::try_from(at + 5 + len).ok()
    }

    /// Every name's id, in the order the names were first seen.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        let mut next = (!self.arena.is_empty()).then_some(0u32);
        std::iter::from_fn(move || {
            let id = next?;
            next = self
                .next_id(id)
                .filter(|&n| (n as usize) < self.arena.len());
            Some(id)
        })
    }

    /// The wire form of name `id`, as first spelled (the origin's labels as the origin spells
    /// them).
    pub fn wire(&self, id: u32) -> Wire {
        let (flags, stored) = self.entry(id);
        let mut wire = Wire {
            bytes: [0; 255],
            len: 0,
        };
        let origin: &[u8] = if flags & bits::RELATIVE != 0 {
            self.origin.as_wire()
        } else {
            &[]
        };
        for part in [stored, origin] {
            let from = usize::from(wire.len);
            let to = (from + part.len()).min(wire.bytes.len());
            if let (Some(dst), Some(src)) = (wire.bytes.get_mut(from..to), part.get(..to - from)) {
                dst.copy_from_slice(src);
            }
            wire.len = u8::try_from(to).unwrap_or(u8::MAX);
        }
        wire
    }

    /// True when entry `id` holds the name `wire` (case-insensitively).
    fn holds(&self, id: u32, wire: &[u8]) -> bool {
        let (flags, stored) = self.entry(id);
        if flags & bits::RELATIVE == 0 {
            return stored.eq_ignore_ascii_case(wire);
        }
        let origin = self.origin.as_wire();
        wire.len() == stored.len() + origin.len()
            && wire.split_at(stored.len()).0.eq_ignore_ascii_case(stored)
            && wire.split_at(stored.len()).1.eq_ignore_ascii_case(origin)
    }

    /// Name `id` as a [`Name`].
    pub fn name(&self, id: u32) -> Name {
        Name::from_wire(&self.wire(id)).unwrap_or_else(|_| self.origin.clone())
    }

    /// The type bits (and flags) of name `id`.
    pub fn types(&self, id: u32) -> u32 {
        self.entry(id).0
    }

    /// True when name `id` owns records.
    pub fn owns(&self, id: u32) -> bool {
        self.types(id) & bits::TYPES != 0
    }

    /// True when name `id` owns a record of a type in `mask` (or has a flag of it).
    pub fn has(&self, id: u32, mask: u32) -> bool {
        self.types(id) & mask != 0
    }

    /// The shard of `hash`, the slot in it where `wire` is or would go, and its id if found.
    fn slot(&self, hash: u64, wire: &[u8]) -> (usize, usize, Option<u32>) {
        let shard = (hash >> 56) as usize;
        let tag = hash as u32;
        let Some(table) = self.shards.get(shard).map(|s| &s.slots) else {
            return (shard, 0, None);
        };
        let mask = table.len().saturating_sub(1);
        let mut at = tag as usize & mask;
        loop {
            match table.get(at).copied() {
                Some(EMPTY) | None => return (shard, at, None),
                Some(slot) => {
                    let id = slot as u32;
                    if (slot >> 32) as u32 == tag && self.holds(id, wire) {
                        return (shard, at, Some(id));
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// The id of the name `wire`, interned or not.
    pub fn find(&self, wire: &[u8]) -> Option<u32> {
        self.slot(fold_hash(wire), wire).2
    }

    /// The id of the name `wire` when it owns records.
    pub fn lookup(&self, wire: &[u8]) -> Option<u32> {
        self.find(wire).filter(|&id| self.owns(id))
    }

    /// The id of `wire`, interning it when new. `None` only past `u32::MAX` names or octets.
    pub fn intern(&mut self, wire: &[u8]) -> Option<u32> {
        self.intern_hashed(wire, fold_hash(wire))
    }

    /// Reads the table slot where a probe for `hash` starts (and returns it, so that the read
    /// is not optimised away): done for a batch of names before interning them, the cache
    /// misses of the batch overlap.
    pub(crate) fn touch(&self, hash: u64) -> u64 {
        let shard = (hash >> 56) as usize;
        self.shards.get(shard).map_or(0, |s| {
            let mask = s.slots.len().saturating_sub(1);
            s.slots
                .get(hash as u32 as usize & mask)
                .copied()
                .unwrap_or(0)
        })
    }

    /// [`Skeleton::intern`] with the name's [`fold_hash`] already computed.
    pub(crate) fn intern_hashed(&mut self, wire: &[u8], hash: u64) -> Option<u32> {
        let (shard, at, found) = self.slot(hash, wire);
        if let Some(id) = found {
            return Some(id);
        }
        let id = u32::try_from(self.arena.len())
            .ok()
            .filter(|&i| i < MAX_ID - 260)?;
        let origin = self.origin.as_wire();
        let (flags, stored) = match wire.len().checked_sub(origin.len()) {
            Some(cut) if wire_is_subdomain(wire, origin) => {
                (bits::RELATIVE, wire.get(..cut).unwrap_or_default())
            }
            _ => (0, wire),
        };
        self.arena.extend_from_slice(&flags.to_le_bytes());
        self.arena
            .push(u8::try_from(stored.len()).unwrap_or(u8::MAX));
        let stored = stored.get(..255).unwrap_or(stored);
        self.has_star |= stored.contains(&b'*');
        self.arena.extend_from_slice(stored);
        self.names += 1;
        if let Some(shard) = self.shards.get_mut(shard) {
            shard.put(at, slot_of(hash as u32, id));
        }
        Some(id)
    }

    /// Adds type bits to name `id`.
    pub fn add_types(&mut self, id: u32, mask: u32) {
        let at = id as usize;
        if let Some(b) = self.arena.get_mut(at..at + 4) {
            let t = <[u8; 4]>::try_from(&*b).map_or(0, u32::from_le_bytes) | mask;
            b.copy_from_slice(&t.to_le_bytes());
        }
        self.has_dname |= mask & bits::DNAME != 0;
    }

    /// Notes that `owner` has a record of type `bit` (NS, MX or SRV) pointing at `target`.
    pub fn add_target(&mut self, owner: u32, bit: u32, target: u32) {
        if self.targets.last().is_some_and(|&(o, _, _)| o > owner) {
            self.sorted = false;
        }
        self.targets.push((owner, bit, target));
    }

    /// Notes the in-zone target of the first CNAME of `owner`.
    pub fn add_cname(&mut self, owner: u32, target: u32) {
        self.cnames.entry(owner).or_insert(target);
    }

    /// Called once streaming is over: groups the targets by owner.
    pub fn seal(&mut self) {
        if !self.sorted {
            self.targets.sort_by_key(|&(o, _, _)| o);
            self.sorted = true;
        }
    }

    /// The in-zone targets of NS, MX and SRV records, grouped by owner (file order inside).
    pub fn targets(&self) -> &[(u32, u32, u32)] {
        &self.targets
    }

    /// The in-zone targets of `owner`'s records of type bit `bit`.
    pub fn targets_of(&self, owner: u32, bit: u32) -> impl Iterator<Item = u32> + '_ {
        let from = self.targets.partition_point(|&(o, _, _)| o < owner);
        self.targets
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(move |&&(o, _, _)| o == owner)
            .filter(move |&&(_, b, _)| b == bit)
            .map(|&(_, _, t)| t)
    }

    /// The target of `owner`'s first CNAME when it is in the zone.
    pub fn cname_target(&self, owner: u32) -> Option<u32> {
        self.cnames.get(&owner).copied()
    }

    /// Every owner with a CNAME whose first CNAME points into the zone.
    pub fn cname_owners(&self) -> impl Iterator<Item = u32> + '_ {
        self.cnames.keys().copied()
    }

    /// True when the wire form of name `id` holds the octet `octet` anywhere (as a label
    /// length too), without building the wire form.
    pub(crate) fn wire_has_octet(&self, id: u32, octet: u8) -> bool {
        let (flags, stored) = self.entry(id);
        memchr::memchr(octet, stored).is_some()
            || (flags & bits::RELATIVE != 0
                && memchr::memchr(octet, self.origin.as_wire()).is_some())
    }

    /// True when the wire name is the origin or below it.
    pub fn in_zone(&self, wire: &[u8]) -> bool {
        wire_is_subdomain(wire, self.origin.as_wire())
    }

    /// True when the wire name is the origin.
    pub fn is_origin(&self, wire: &[u8]) -> bool {
        wire.eq_ignore_ascii_case(self.origin.as_wire())
    }

    /// The id of the apex, when it owns records.
    pub fn apex(&self) -> Option<u32> {
        self.lookup(self.origin.as_wire())
    }

    /// The names strictly between the origin and `wire` (both excluded), nearest the origin
    /// first, as suffixes of `wire`; empty when `wire` is not below the origin.
    pub fn ancestors<'w>(&self, wire: &'w [u8]) -> impl Iterator<Item = &'w [u8]> {
        let origin_len = self.origin.wire_len();
        let mut starts = [0u8; 128];
        let mut count = 0usize;
        if self.in_zone(wire) {
            let mut pos = 0usize;
            while let Some(&len) = wire.get(pos) {
                if len == 0 {
                    break;
                }
                pos += 1 + usize::from(len);
                if wire.len().saturating_sub(pos) <= origin_len {
                    break;
                }
                if let Some(slot) = starts.get_mut(count) {
                    *slot = u8::try_from(pos).unwrap_or(u8::MAX);
                    count += 1;
                }
            }
        }
        std::iter::from_fn(move || {
            count = count.checked_sub(1)?;
            let start = *starts.get(count)?;
            wire.get(usize::from(start)..)
        })
    }

    /// The topmost zone cut strictly above `wire` and below the origin: a name with NS
    /// records or, with `dname`, a DNAME.
    pub fn cut_above(&self, wire: &[u8], dname: bool) -> Option<u32> {
        let mask = if dname && self.has_dname {
            bits::NS | bits::DNAME
        } else {
            bits::NS
        };
        let first = 1 + usize::from(wire.first().copied().unwrap_or_default());
        if wire.len().saturating_sub(first) <= self.origin.wire_len() {
            return None;
        }
        self.ancestors(wire)
            .find_map(|suffix| self.lookup(suffix).filter(|&o| self.has(o, mask)))
    }

    /// The nearest DNAME at or above the origin, strictly above `wire`.
    pub fn dname_above(&self, wire: &[u8]) -> Option<u32> {
        if !self.has_dname || self.is_origin(wire) || !self.in_zone(wire) {
            return None;
        }
        let apex = self.apex().filter(|&a| self.has(a, bits::DNAME));
        apex.or_else(|| {
            self.ancestors(wire)
                .find_map(|s| self.lookup(s).filter(|&o| self.has(o, bits::DNAME)))
        })
    }

    /// True when `wire` is a delegation point: not the apex, with NS records.
    pub fn is_delegation(&self, wire: &[u8]) -> bool {
        !self.is_origin(wire) && self.lookup(wire).is_some_and(|o| self.has(o, bits::NS))
    }

    /// What a query for `wire` finds: the name itself, or the wildcard answering for it (the
    /// closest encloser is the nearest ancestor that owns records).
    pub fn resolve(&self, wire: &[u8]) -> Option<u32> {
        if let Some(id) = self.lookup(wire) {
            return Some(id);
        }
        if !self.in_zone(wire) || self.is_origin(wire) {
            return None;
        }
        let origin_len = self.origin.wire_len();
        let mut pos = 0usize;
        let mut wildcard = Vec::with_capacity(wire.len());
        while let Some(&len) = wire.get(pos) {
            if len == 0 {
                break;
            }
            pos += 1 + usize::from(len);
            let Some(encloser) = wire.get(pos..) else {
                break;
            };
            if encloser.len() < origin_len {
                break;
            }
            wildcard.clear();
            wildcard.extend_from_slice(&[1, b'*']);
            wildcard.extend_from_slice(encloser);
            if let Some(found) = self.lookup(&wildcard) {
                return Some(found);
            }
            if self.lookup(encloser).is_some() {
                return None;
            }
        }
        None
    }

    /// Bytes held (for measurements).
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + 8 * self
                .shards
                .iter()
                .map(|s| s.slots.capacity())
                .sum::<usize>()
            + 12 * self.targets.capacity()
            + 16 * self.cnames.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(s: &str) -> Vec<u8> {
        Name::from_ascii(s).unwrap().as_wire().to_vec()
    }

    #[test]
    fn interns_case_insensitively_and_grows() {
        let mut s = Skeleton::new(Name::from_ascii("example.").unwrap());
        let a = s.intern(&wire("www.example.")).unwrap();
        assert_eq!(s.intern(&wire("WWW.Example.")), Some(a));
        assert_eq!(&*s.wire(a), wire("www.example.").as_slice());
        assert_eq!(s.lookup(&wire("www.example.")), None, "no records yet");
        s.add_types(a, bits::A);
        assert_eq!(s.lookup(&wire("www.EXAMPLE.")), Some(a));
        for i in 0..5000 {
            let id = s.intern(&wire(&format!("h{i}.example."))).unwrap();
            s.add_types(id, bits::TXT);
        }
        assert_eq!(s.len(), 5001);
        for i in (0..5000).step_by(97) {
            let id = s.lookup(&wire(&format!("H{i}.example."))).unwrap();
            assert_eq!(s.name(id).to_string(), format!("h{i}.example."));
        }
        assert_eq!(s.lookup(&wire("h5000.example.")), None);
        // Names outside the zone are stored whole, names inside without the origin; both
        // read back as spelled, and the ids walk every name in order.
        let out = s.intern(&wire("Ns1.Example.NET.")).unwrap();
        assert_eq!(&*s.wire(out), wire("Ns1.Example.NET.").as_slice());
        assert_eq!(s.find(&wire("ns1.example.net.")), Some(out));
        assert_eq!(s.find(&wire("ns1.example.")), None);
        let apex = s.intern(&wire("EXAMPLE.")).unwrap();
        assert_eq!(s.name(apex).to_string(), "example.");
        assert_eq!(s.find(&wire("example.")), Some(apex));
        let ids: Vec<u32> = s.ids().collect();
        assert_eq!(ids.len(), s.len());
        assert_eq!(ids.first(), Some(&a));
        assert_eq!(ids.last(), Some(&apex));
    }

    #[test]
    fn fold_hash_ignores_case_only() {
        // Every length to 40 (short, exact words, overlapping last words), every octet
        // position: changing the case of a letter keeps the hash, changing an octet does not
        // (for these inputs), and octets above 0x7f are not folded.
        let mut seen = std::collections::HashSet::new();
        for len in 0..40usize {
            let name: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let hash = fold_hash(&name);
            assert!(seen.insert(hash), "length {len}");
            for at in 0..len {
                let mut upper = name.clone();
                upper[at] = upper[at].to_ascii_uppercase();
                assert_eq!(fold_hash(&upper), hash, "length {len}, octet {at}");
                let mut other = name.clone();
                other[at] = b'-';
                assert_ne!(fold_hash(&other), hash, "length {len}, octet {at}");
            }
        }
        for c in 0..=255u8 {
            assert_eq!(
                lower_word(u64::from(c)),
                u64::from(c.to_ascii_lowercase()),
                "{c}"
            );
            let spread = u64::from_le_bytes([c; 8]);
            assert_eq!(
                lower_word(spread),
                u64::from_le_bytes([c.to_ascii_lowercase(); 8])
            );
        }
        assert_ne!(fold_hash(&[0xc1]), fold_hash(&[0xe1]));
    }

    #[test]
    fn a_reserved_table_holds_its_names_without_growing() {
        let names: Vec<Vec<u8>> = (0..20_000)
            .map(|i| wire(&format!("host{i}.Example.")))
            .collect();
        let mut grown = Skeleton::new(Name::from_ascii("example.").unwrap());
        let mut reserved = Skeleton::new(Name::from_ascii("example.").unwrap());
        reserved.reserve(names.len());
        let sizes: Vec<usize> = reserved.shards.iter().map(|s| s.slots.len()).collect();
        assert!(sizes.iter().all(|&n| n >= 128), "{sizes:?}");
        for name in &names {
            assert_eq!(grown.intern(name), reserved.intern(name));
        }
        let after: Vec<usize> = reserved.shards.iter().map(|s| s.slots.len()).collect();
        assert_eq!(after, sizes, "a shard grew");
        for name in &names {
            let folded = name.to_ascii_lowercase();
            assert_eq!(reserved.find(&folded), grown.find(name));
            assert!(reserved.find(&folded).is_some());
        }
        assert_eq!(reserved.find(&wire("host20000.example.")), None);
        // Reserving after the first names leaves the table as it is.
        reserved.reserve(1 << 20);
        let again: Vec<usize> = reserved.shards.iter().map(|s| s.slots.len()).collect();
        assert_eq!(again, sizes);
    }

    #[test]
    fn cuts_dnames_and_wildcards() {
        let mut s = Skeleton::new(Name::from_ascii("example.").unwrap());
        for (name, t) in [
            ("example.", bits::NS | bits::SOA),
            ("child.example.", bits::NS),
            ("ns.child.example.", bits::A),
            ("d.example.", bits::DNAME),
            ("*.w.example.", bits::A),
        ] {
            let id = s.intern(&wire(name)).unwrap();
            s.add_types(id, t);
        }
        let child = s.lookup(&wire("child.example.")).unwrap();
        assert_eq!(s.cut_above(&wire("a.b.child.example."), false), Some(child));
        assert_eq!(s.cut_above(&wire("child.example."), false), None);
        assert!(s.is_delegation(&wire("child.example.")));
        assert!(!s.is_delegation(&wire("example.")));
        let d = s.lookup(&wire("d.example.")).unwrap();
        assert_eq!(s.dname_above(&wire("x.d.example.")), Some(d));
        assert_eq!(s.dname_above(&wire("d.example.")), None);
        let w = s.lookup(&wire("*.w.example.")).unwrap();
        assert_eq!(s.resolve(&wire("x.w.example.")), Some(w));
        assert_eq!(s.resolve(&wire("x.other.")), None);
        let ancestors: Vec<Vec<u8>> = s
            .ancestors(&wire("a.b.child.example."))
            .map(<[u8]>::to_vec)
            .collect();
        assert_eq!(
            ancestors,
            vec![wire("child.example."), wire("b.child.example.")]
        );
        assert!(wire_is_subdomain(&wire("A.Example."), &wire("example.")));
        assert!(!wire_is_subdomain(&wire("aexample."), &wire("example.")));
    }
}
