//! `zonefmt expand`: every record on one line, as `named-compilezone -s full -o -` prints
//! them (absolute owner, TTL, class, type, canonical rdata), in file order.

use std::io::Write;

use super::{open_reader, render::render, Failure, Outcome, ReadArgs};
use crate::error::Severity;
use crate::zonefile::Item;

/// Arguments of `zonefmt expand`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub read: ReadArgs,
    /// The zone file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// Runs `zonefmt expand`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let reader = open_reader(&args.file, args.read.options()?)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let stderr = std::io::stderr();
    let mut outcome = Outcome::Clean;
    let mut line = String::new();
    for item in reader {
        match item {
            Item::Record(record) => {
                line.clear();
                record.write_line(&mut line);
                line.push('\n');
                out.write_all(line.as_bytes())?;
            }
            Item::Diagnostic(d) => {
                if d.severity == Severity::Error {
                    outcome = Outcome::Problems;
                }
                // Diagnostics are best effort: a closed stderr must not stop the data.
                let _ = stderr.lock().write_all(render(&d).as_bytes());
            }
        }
    }
    out.flush()?;
    Ok(outcome)
}
