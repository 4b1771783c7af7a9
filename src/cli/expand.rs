//! `zonefmt expand`: every record on one line, as `named-compilezone -s full -o -` prints
//! them (absolute owner, TTL, class, type, canonical rdata), in file order. Unless the input
//! is a `--fragment`, the zone load rules apply ([`crate::zonefile::load`]): records outside
//! the origin are left out, and a zone BIND would not load exits with status 1.

use std::io::Write;

use super::{open_reader, render::render, Failure, Outcome, ReadArgs};
use crate::error::{Diagnostic, Severity};
use crate::zonefile::load::Disposition;
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
    let options = args.read.options()?;
    let mut rules = args.read.load_rules(&options, &args.file);
    let reader = open_reader(&args.file, options)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let stderr = std::io::stderr();
    let mut outcome = Outcome::Clean;
    let mut line = String::new();
    let mut problems = Vec::new();
    let report = |problems: &mut Vec<Diagnostic>, outcome: &mut Outcome| {
        for d in problems.drain(..) {
            if d.severity == Severity::Error {
                *outcome = Outcome::Problems;
            }
            // Diagnostics are best effort: a closed stderr must not stop the data.
            let _ = stderr.lock().write_all(render(&d).as_bytes());
        }
    };
    for item in reader {
        match item {
            Item::Record(record) => {
                if let Some(rules) = &mut rules {
                    let keep = rules.check(&record, &mut problems);
                    report(&mut problems, &mut outcome);
                    if keep == Disposition::Drop {
                        continue;
                    }
                }
                line.clear();
                record.write_line(&mut line);
                line.push('\n');
                out.write_all(line.as_bytes())?;
            }
            Item::Diagnostic(d) => {
                problems.push(d);
                report(&mut problems, &mut outcome);
            }
        }
    }
    out.flush()?;
    if let Some(rules) = rules {
        rules.finish(&mut problems);
        report(&mut problems, &mut outcome);
    }
    Ok(outcome)
}
