//! `zonefmt stats FILE|-`: what a zone holds (records by type, owners) and how fast it reads.

use std::cell::Cell;
use std::hash::{BuildHasher, Hasher};
use std::io::{Read, Write};
use std::rc::Rc;
use std::time::Instant;

use super::{render::render, Failure, Outcome, ReadArgs};
use crate::error::Severity;
use crate::rr::RecordType;
use crate::zonefile::{ItemRef, Reader};

/// Arguments of `zonefmt stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub read: ReadArgs,
    /// The zone file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// A 64-bit digest of a name's wire form with ASCII letters folded to lower case (names that
/// compare equal get the same digest): eight octets at a time, each word folded without a
/// branch per octet and fed to the hasher whole.
fn owner_digest(hasher: &impl BuildHasher, wire: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut state = hasher.build_hasher();
    let words = wire.chunks_exact(8);
    let tail = words.remainder();
    // The tail is gathered in a register: copying it into a zeroed array and loading that as a
    // word made the load wait for the copy's narrower stores (a failed store-to-load forward,
    // a fifth of `stats`' own time on the TLD-like zone in one build).
    let last = (!tail.is_empty()).then(|| {
        tail.iter()
            .rev()
            .fold(0u64, |word, &octet| word << 8 | u64::from(octet))
    });
    let whole = words.map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()));
    for x in whole.chain(last) {
        // Top bit of each octet from b'A' to b'Z' (no carries between octets: each sum stays
        // below 0x100), then 0x20 added to those octets.
        let low = x & LOW;
        let at_least_a = low + ONES * (0x80 - 0x41);
        let above_z = low + ONES * (0x80 - 0x5b);
        let upper = at_least_a & !above_z & !x & !LOW;
        state.write_u64(x | upper >> 2);
    }
    state.write_usize(wire.len());
    state.finish()
}

/// Sorts `digests` and counts the distinct ones. Digests are uniformly spread, so one pass
/// sends each to one of 1 024 buckets by its top bits and each bucket is then sorted alone,
/// in cache. (A bucket per digest, as this did first, made the scatter a cache miss per
/// digest: 40% of `stats`' own time on a zone of 4 million owners.)
fn count_distinct(digests: &mut Vec<u64>) -> usize {
    if digests.len() < 1 << 12 {
        digests.sort_unstable();
        digests.dedup();
        return digests.len();
    }
    let bits = 10;
    let shift = 64 - bits;
    let mut starts = vec![0usize; (1 << bits) + 1];
    for &d in digests.iter() {
        if let Some(n) = starts.get_mut((d >> shift) as usize + 1) {
            *n += 1;
        }
    }
    let mut sum = 0;
    for n in starts.iter_mut() {
        sum += *n;
        *n = sum;
    }
    let mut sorted = vec![0u64; digests.len()];
    let mut next = starts.clone();
    for &d in digests.iter() {
        if let Some(at) = next.get_mut((d >> shift) as usize) {
            if let Some(slot) = sorted.get_mut(*at) {
                *slot = d;
            }
            *at += 1;
        }
    }
    let mut distinct = 0;
    for bounds in starts.windows(2) {
        if let (Some(&from), Some(&to)) = (bounds.first(), bounds.get(1)) {
            if let Some(bucket) = sorted.get_mut(from..to) {
                bucket.sort_unstable();
                distinct +=
                    bucket.len() - bucket.windows(2).filter(|w| w.first() == w.get(1)).count();
            }
        }
    }
    *digests = sorted;
    distinct
}

/// Runs `zonefmt stats`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let options = args.read.options()?;
    let count = Rc::new(Cell::new(0u64));
    let started = Instant::now();
    let reader = if args.file == "-" {
        let input = Counting {
            inner: std::io::stdin(),
            count: count.clone(),
        };
        Reader::from_read(input, Some("-"), options)
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|e| Failure::Io(format!("{}: {e}", args.file)))?;
        let input = Counting {
            inner: file,
            count: count.clone(),
        };
        Reader::from_read(input, Some(&args.file), options)
    };
    // Records by type number, indexed directly (the pages of types never seen stay untouched).
    let mut by_type = vec![0u64; 1 << 16];
    // Distinct owners: zones list a name's records together, so an owner is counted when it
    // differs from the previous record's; each such owner leaves a 64-bit digest of its name
    // (case-insensitive, as names compare), and the distinct digests are counted at the end. 8 bytes per owner and no hash-table probe per record (the exact set of names
    // this replaced was 15% of the run, mostly cache misses). The count is exact unless two
    // distinct owners share a digest: with n owners the chance is about n²/2⁶⁵ (below one in
    // a million for 100 million owners).
    let owner_hasher = foldhash::quality::FixedState::with_seed(0x7a6f_6e65_666d_7473);
    let mut owner_digests: Vec<u64> = Vec::new();
    // The previous owner's wire form, in a buffer reused for every owner (length octets are
    // below 64, so comparing wire forms without ASCII case is comparing names).
    let mut previous_owner: Vec<u8> = Vec::with_capacity(255);
    let mut records = 0u64;
    let mut errors = 0u64;
    let mut warnings = 0u64;
    let stderr = std::io::stderr();
    let mut reader = reader;
    // Records are looked at where the reader keeps them, not moved out.
    while let Some(item) = reader.next_ref() {
        match item {
            ItemRef::Record(record) => {
                records += 1;
                if let Some(n) = by_type.get_mut(usize::from(record.rtype().0)) {
                    *n += 1;
                }
                // The reader hands out the same owner octet for octet while the text repeats
                // it: compare the octets first, and case-insensitively only when they differ.
                let owner = record.owner.as_wire();
                let same_owner = !owner_digests.is_empty()
                    && (previous_owner == owner || previous_owner.eq_ignore_ascii_case(owner));
                if !same_owner {
                    owner_digests.push(owner_digest(&owner_hasher, owner));
                    previous_owner.clear();
                    previous_owner.extend_from_slice(owner);
                }
            }
            ItemRef::Diagnostic(d) => {
                if d.severity == Severity::Error {
                    errors += 1;
                } else {
                    warnings += 1;
                }
                let _ = stderr.lock().write_all(render(&d).as_bytes());
            }
        }
    }
    let owners = count_distinct(&mut owner_digests);
    let elapsed = started.elapsed().as_secs_f64();
    let bytes = count.get();
    let mut text = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(text, "file        {}", args.file);
    let _ = writeln!(text, "records     {records}");
    let _ = writeln!(text, "owners      {}", owners);
    let _ = writeln!(text, "errors      {errors}");
    let _ = writeln!(text, "warnings    {warnings}");
    let _ = writeln!(text, "bytes       {bytes}");
    let _ = writeln!(text, "elapsed     {elapsed:.3} s");
    let rate = if elapsed > 0.0 {
        bytes as f64 / elapsed / 1e6
    } else {
        0.0
    };
    let _ = writeln!(text, "throughput  {rate:.1} MB/s");
    let _ = writeln!(text, "types");
    let mut sorted: Vec<(RecordType, u64)> = by_type
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(code, &n)| (RecordType(code as u16), n))
        .collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (rtype, n) in sorted {
        let _ = writeln!(text, "  {:<10}{n}", rtype.to_string());
    }
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(if errors > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Name;

    #[test]
    fn digests_take_every_octet_of_the_tail_in_place() {
        // The digest as first written: each piece of eight octets or fewer copied into a
        // zeroed word. Gathering the tail in a register must give the same words.
        fn zero_padded(hasher: &impl BuildHasher, wire: &[u8]) -> u64 {
            let mut state = hasher.build_hasher();
            for chunk in wire.chunks(8) {
                let mut word = [0u8; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                let x = u64::from_le_bytes(word);
                let low = x & 0x7f7f_7f7f_7f7f_7f7f;
                let at_least_a = low + 0x0101_0101_0101_0101 * (0x80 - 0x41);
                let above_z = low + 0x0101_0101_0101_0101 * (0x80 - 0x5b);
                let upper = at_least_a & !above_z & !x & !0x7f7f_7f7f_7f7f_7f7f;
                state.write_u64(x | upper >> 2);
            }
            state.write_usize(wire.len());
            state.finish()
        }
        let hasher = foldhash::quality::FixedState::with_seed(7);
        for length in 1..=40 {
            let label: String = (0..length)
                .map(|i| (b'a' + (i % 26) as u8) as char)
                .collect();
            let name = Name::from_ascii(&format!("{label}.Tld.")).unwrap();
            assert_eq!(
                owner_digest(&hasher, name.as_wire()),
                zero_padded(&hasher, name.as_wire()),
                "{length}"
            );
        }
    }

    #[test]
    fn digests_fold_case_only() {
        let hasher = foldhash::quality::FixedState::with_seed(1);
        let digest = |text: &str| owner_digest(&hasher, Name::from_ascii(text).unwrap().as_wire());
        assert_eq!(digest("WWW.Example.COM."), digest("www.example.com."));
        assert_eq!(
            digest("ABCDEFGHIJKLMNOPQRSTUVWXYZ.x."),
            digest("abcdefghijklmnopqrstuvwxyz.X.")
        );
        // The octets next to the letters are not letters: @ [ ` { stay apart from their
        // neighbours, and so do octets above 0x7f.
        for (a, b) in [
            ("@.", "`."),
            ("[.", "{."),
            ("a\\193.", "a\\225."),
            ("a.", "b."),
        ] {
            assert_ne!(digest(a), digest(b), "{a} {b}");
        }
    }

    #[test]
    fn distinct_counts_match_a_set() {
        for n in [0usize, 1, 100, 5000, 70_000] {
            // Repeats and uniformly spread values, as digests are.
            let mut digests: Vec<u64> = (0..n as u64)
                .map(|i| (i % 9_000).wrapping_mul(0x9e37_79b9_7f4a_7c15))
                .collect();
            let expected = digests
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len();
            assert_eq!(count_distinct(&mut digests), expected, "{n}");
        }
    }
}
