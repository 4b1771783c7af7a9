//! `zonefmt stats FILE|-`: what a zone holds (records by type, owners) and how fast it reads.

use std::cell::Cell;
use std::hash::BuildHasher;
use std::io::{Read, Write};
use std::rc::Rc;
use std::time::Instant;

use super::{render::render, Failure, Outcome, ReadArgs};
use crate::error::Severity;
use crate::name::Name;
use crate::rr::RecordType;
use crate::zonefile::{Item, Reader};

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
    // (case-insensitive, as names compare), and the digests are sorted and deduplicated at
    // the end. 8 bytes per owner and no hash-table probe per record (the exact set of names
    // this replaced was 15% of the run, mostly cache misses). The count is exact unless two
    // distinct owners share a digest: with n owners the chance is about n²/2⁶⁵ (below one in
    // a million for 100 million owners).
    let owner_hasher = foldhash::quality::FixedState::with_seed(0x7a6f_6e65_666d_7473);
    let mut owner_digests: Vec<u64> = Vec::new();
    let mut previous_owner: Option<Name> = None;
    let mut records = 0u64;
    let mut errors = 0u64;
    let mut warnings = 0u64;
    let stderr = std::io::stderr();
    for item in reader {
        match item {
            Item::Record(record) => {
                records += 1;
                if let Some(n) = by_type.get_mut(usize::from(record.rtype().0)) {
                    *n += 1;
                }
                if previous_owner.as_ref() != Some(&record.owner) {
                    owner_digests.push(owner_hasher.hash_one(&record.owner));
                    previous_owner = Some(record.owner);
                }
            }
            Item::Diagnostic(d) => {
                if d.severity == Severity::Error {
                    errors += 1;
                } else {
                    warnings += 1;
                }
                let _ = stderr.lock().write_all(render(&d).as_bytes());
            }
        }
    }
    owner_digests.sort_unstable();
    owner_digests.dedup();
    let elapsed = started.elapsed().as_secs_f64();
    let bytes = count.get();
    let mut text = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(text, "file        {}", args.file);
    let _ = writeln!(text, "records     {records}");
    let _ = writeln!(text, "owners      {}", owner_digests.len());
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
