//! `zonefmt to-json [--origin NAME] [--lines] [--skip-unsupported] FILE|-`: a zone file as the
//! JSON records Cloudflare's API takes on create and batch.
//!
//! Records are written as they are read ([`crate::cloudflare::zone_json::to_json`]), so a zone
//! of any size streams through. Types the API does not take (SOA, RRSIG, NSEC, DNAME, …) are
//! errors naming the type and the record's place, and the exit status is 1;
//! `--skip-unsupported` makes them warnings. The records that convert are written either way.

use std::io::Write;
use std::path::PathBuf;

use super::render::render;
use super::{Failure, Outcome, ReadArgs};
use crate::cloudflare::zone_json::{self, ToJsonOptions};

/// Arguments of `zonefmt to-json`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The zone's origin (absolute, e.g. `example.com.`; a missing final dot is added). Without
    /// it, relative names are errors until the file sets $ORIGIN. A Cloudflare export needs
    /// none: its `;; Domain:` header names the zone.
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,
    /// Allow $INCLUDE to read files in DIR (and below it); $INCLUDE is refused otherwise.
    #[arg(long, value_name = "DIR")]
    pub include_root: Option<PathBuf>,
    /// Write JSON Lines (one record per line) instead of one JSON array.
    #[arg(long)]
    pub lines: bool,
    /// Leave out records of types the API does not take, with a warning, instead of failing.
    #[arg(long)]
    pub skip_unsupported: bool,
    /// The zone file (or a Cloudflare export), or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// Runs `zonefmt to-json`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let read = ReadArgs {
        origin: args.origin.clone(),
        include_root: args.include_root.clone(),
        fragment: true,
    };
    let options = ToJsonOptions {
        reader: read.options()?,
        skip_unsupported: args.skip_unsupported,
        lines: args.lines,
    };
    let input: Box<dyn std::io::Read> = if args.file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let path = std::path::Path::new(&args.file);
        if path.is_dir() {
            return Err(Failure::Io(format!("{}: is a directory", args.file)));
        }
        Box::new(std::fs::File::open(path).map_err(|e| Failure::Io(format!("{}: {e}", args.file)))?)
    };
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let stderr = std::io::stderr();
    let summary = zone_json::to_json(input, Some(&args.file), &options, out, |d| {
        // Diagnostics are best effort: a closed stderr must not stop the data.
        let _ = stderr.lock().write_all(render(d).as_bytes());
    })?;
    Ok(if summary.errors > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
