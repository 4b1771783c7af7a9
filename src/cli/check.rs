//! `zonefmt check FILE...`: reads each zone completely and reports every problem.
//!
//! Reading finds syntax and rdata errors, the zone load rules ([`crate::zonefile::load`]) what
//! would stop BIND loading the zone; further whole-zone checks plug in through [`zone_checks`],
//! which runs on the collected [`Zone`] of every file that has no error so far.

use std::io::Write;

use super::{open_reader, render::render, Failure, Outcome, ReadArgs};
use crate::error::{Diagnostic, Severity};
use crate::zonefile::{load, Zone};

/// Arguments of `zonefmt check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Zone files (`-` for standard input).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
}

/// Whole-zone checks run after a file reads without errors. The reader's own checks (syntax,
/// rdata) have already run; zone-level checks (CNAME exclusivity, SOA at the apex, ...) are
/// added here.
pub fn zone_checks(_zone: &Zone) -> Vec<Diagnostic> {
    Vec::new()
}

/// Runs `zonefmt check`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let options = args.read.options()?;
    let mut outcome = Outcome::Clean;
    // A file that cannot be read does not stop the others, but makes the exit status 2.
    let mut unreadable = Vec::new();
    let stdout = std::io::stdout();
    for file in &args.files {
        let reader = match open_reader(file, options.clone()) {
            Ok(reader) => reader,
            Err(Failure::Io(message)) => {
                writeln!(stdout.lock(), "{file}: unreadable")?;
                unreadable.push(message);
                continue;
            }
            Err(other) => return Err(other),
        };
        let mut zone = Zone::collect(reader);
        if !args.read.fragment {
            if let Some(rules) = args.read.load_rules(&options, file) {
                load::apply_rules(&mut zone, rules);
            }
        }
        if !zone.has_errors() {
            let found = zone_checks(&zone);
            zone.diagnostics.extend(found);
        }
        let errors = count(&zone.diagnostics, Severity::Error);
        let warnings = count(&zone.diagnostics, Severity::Warning);
        let stderr = std::io::stderr();
        for d in &zone.diagnostics {
            let _ = stderr.lock().write_all(render(d).as_bytes());
        }
        let records = zone.records.len();
        if errors > 0 {
            outcome = Outcome::Problems;
            writeln!(
                stdout.lock(),
                "{file}: {errors} error{}, {warnings} warning{}",
                plural(errors),
                plural(warnings)
            )?;
        } else {
            writeln!(
                stdout.lock(),
                "{file}: ok, {records} record{}, {warnings} warning{}",
                plural(records),
                plural(warnings)
            )?;
        }
    }
    if !unreadable.is_empty() {
        return Err(Failure::Io(unreadable.join("; ")));
    }
    Ok(outcome)
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
