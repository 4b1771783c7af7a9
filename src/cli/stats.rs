//! `zonefmt stats FILE|-`: what a zone holds (records by type, owners) and how fast it reads.

use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
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

/// A name with its hash computed once, so the owner set never hashes a name again when it
/// grows.
struct HashedName {
    hash: u64,
    name: Name,
}

impl PartialEq for HashedName {
    fn eq(&self, other: &HashedName) -> bool {
        self.hash == other.hash && self.name == other.name
    }
}

impl Eq for HashedName {}

impl Hash for HashedName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Passes a [`HashedName`]'s precomputed hash through (it is already a foldhash digest).
#[derive(Default)]
struct PassHasher(u64);

impl Hasher for PassHasher {
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
    let mut by_type: BTreeMap<RecordType, u64> = BTreeMap::new();
    // Names compare and hash without regard to case, and most are stored inline, so the set
    // holds them as they are; consecutive records with the same owner (the common case) skip
    // the set altogether.
    let owner_hasher = foldhash::fast::RandomState::default();
    let mut owners: HashSet<HashedName, BuildHasherDefault<PassHasher>> = HashSet::default();
    let mut previous_owner: Option<Name> = None;
    let mut records = 0u64;
    let mut errors = 0u64;
    let mut warnings = 0u64;
    let stderr = std::io::stderr();
    for item in reader {
        match item {
            Item::Record(record) => {
                records += 1;
                *by_type.entry(record.rtype()).or_default() += 1;
                if previous_owner.as_ref() != Some(&record.owner) {
                    owners.insert(HashedName {
                        hash: owner_hasher.hash_one(&record.owner),
                        name: record.owner.clone(),
                    });
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
    let elapsed = started.elapsed().as_secs_f64();
    let bytes = count.get();
    let mut text = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(text, "file        {}", args.file);
    let _ = writeln!(text, "records     {records}");
    let _ = writeln!(text, "owners      {}", owners.len());
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
    let mut sorted: Vec<(RecordType, u64)> = by_type.into_iter().collect();
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
