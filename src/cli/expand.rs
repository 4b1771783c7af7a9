//! `zonefmt expand`: every record on one line, as `named-compilezone -s full -o -` prints
//! them (absolute owner, TTL, class, type, canonical rdata), in file order. Unless the input
//! is a `--fragment`, the zone load rules apply ([`crate::zonefile::load`]): records outside
//! the origin are left out, and a zone BIND would not load exits with status 1.

use std::io::Write;

use super::{open_reader, render::render, Failure, Outcome, ReadArgs};
use crate::error::{Diagnostic, Severity};
use crate::validate::Limits;
use crate::zonefile::load::Disposition;
use crate::zonefile::ItemRef;

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
    let options = args.read.options()?;
    let mut rules = args.read.load_rules(&options, &args.file);
    let reader = open_reader(&args.file, options)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Lines are written into one buffer that goes out whole when it fills: each line is
    // copied once, where a line string and a `BufWriter` copied it twice.
    const FLUSH_AT: usize = 1 << 16;
    let mut buffer = String::with_capacity(FLUSH_AT + 4096);
    let stderr = std::io::stderr();
    let mut outcome = Outcome::Clean;
    let mut problems = Vec::new();
    // The load rules report per record (a CNAME beside 200,000 records is 200,000 findings):
    // as in `check`, at most MAX_SHOWN_PER_CODE of each code are shown, then one note counts
    // the others. The reader's own errors stop at its `max_errors` already.
    let mut limits = Limits::default();
    let mut report = |problems: &mut Vec<Diagnostic>, outcome: &mut Outcome, last: bool| {
        let mut notes: Vec<Diagnostic> = Vec::new();
        if last {
            notes.extend(std::mem::take(&mut limits).notes());
            notes.sort_by_key(|d| (d.location.offset, d.code));
        }
        for d in problems.drain(..).chain(notes) {
            if d.severity == Severity::Error {
                *outcome = Outcome::Problems;
            }
            if !last && !limits.admit(d.code, d.severity, &d.location) {
                continue;
            }
            // Diagnostics are best effort: a closed stderr must not stop the data.
            let _ = stderr.lock().write_all(render(&d).as_bytes());
        }
    };
    let mut reader = reader;
    // Records are printed where the reader keeps them, not moved out.
    while let Some(item) = reader.next_ref() {
        match item {
            ItemRef::Record(record) => {
                if let Some(rules) = &mut rules {
                    let keep = rules.check(record, &mut problems);
                    if !problems.is_empty() {
                        out.write_all(buffer.as_bytes())?;
                        buffer.clear();
                        report(&mut problems, &mut outcome, false);
                    }
                    if keep == Disposition::Drop {
                        continue;
                    }
                }
                record.write_line(&mut buffer);
                buffer.push('\n');
                if buffer.len() >= FLUSH_AT {
                    out.write_all(buffer.as_bytes())?;
                    buffer.clear();
                }
            }
            ItemRef::Diagnostic(d) => {
                // Records printed so far go out first (here and above), so that stdout and
                // stderr interleave as the input reads when both go to one terminal or file.
                out.write_all(buffer.as_bytes())?;
                buffer.clear();
                problems.push(*d);
                report(&mut problems, &mut outcome, false);
            }
        }
    }
    out.write_all(buffer.as_bytes())?;
    out.flush()?;
    if let Some(rules) = rules {
        rules.finish(&mut problems);
        report(&mut problems, &mut outcome, false);
    }
    report(&mut problems, &mut outcome, true);
    Ok(outcome)
}
