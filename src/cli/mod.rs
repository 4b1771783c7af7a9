//! The command-line interface: argument parsing and dispatch to one module per command.
//!
//! Conventions every command follows: data goes to standard output and nothing else does;
//! diagnostics go to standard error, rendered as rustc renders its errors; the exit status is
//! 0 when all is well, 1 when problems were found in the input, 2 for a usage or I/O error. A
//! closed standard output (`zonefmt expand big.zone | head`) ends the command successfully.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::name::Name;
use crate::zonefile::load::LoadRules;
use crate::zonefile::{Reader, ReaderOptions};

pub mod apply;
pub mod check;
pub mod cloud;
pub mod custom_ns;
pub mod expand;
pub mod export;
pub mod fmt;
pub mod from_json;
pub mod import;
pub mod plan;
pub mod render;
pub mod scan;
pub mod stats;
pub mod to_json;
pub mod usage;

/// Read, validate, format and convert DNS zone files.
#[derive(Debug, Parser)]
#[command(name = "zonefmt", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every record on one line: absolute owner, TTL, class, type, canonical rdata.
    Expand(expand::Args),
    /// Check zone files for syntax and rdata errors.
    Check(check::Args),
    /// Format zone files: aligned columns, comments kept, the records unchanged.
    Fmt(fmt::Args),
    /// Count records by type and measure reading speed.
    Stats(stats::Args),
    /// Convert a zone file or Cloudflare export to the JSON records Cloudflare's API takes.
    #[command(name = "to-json")]
    ToJson(to_json::Args),
    /// Convert Cloudflare API records (JSON) to a zone in Cloudflare's export format.
    #[command(name = "from-json")]
    FromJson(from_json::Args),
    /// Print a Cloudflare zone in Cloudflare's export format.
    Export(export::Args),
    /// Upload a zone file through Cloudflare's import (adds only; reports skipped records).
    Import(import::Args),
    /// Show how many records a Cloudflare zone holds and may hold.
    Usage(usage::Args),
    /// Register a zone's in-zone name servers as account custom nameservers.
    #[command(name = "custom-ns")]
    CustomNs(custom_ns::Args),
    /// Show the changes that would bring a Cloudflare zone in line with a zone file.
    Plan(plan::Args),
    /// Make a Cloudflare zone match a zone file (batched, then verified).
    Apply(apply::Args),
    /// Run Cloudflare's record scan and review what it found.
    Scan(scan::Args),
}

/// How a zone file is read; shared by every command that reads one.
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// The zone's origin (absolute, e.g. `example.com.`; a missing final dot is added). Without
    /// it, relative names are errors until the file sets $ORIGIN.
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,
    /// Allow $INCLUDE to read files in DIR (and below it); $INCLUDE is refused otherwise.
    #[arg(long, value_name = "DIR")]
    pub include_root: Option<PathBuf>,
    /// The file is a fragment, not a whole zone: skip the rules a whole zone must meet (SOA and
    /// NS at the origin, a CNAME alone at its name, records outside the origin dropped).
    #[arg(long)]
    pub fragment: bool,
}

impl ReadArgs {
    /// The zone load rules to apply, unless the input is a fragment.
    pub fn load_rules(&self, options: &ReaderOptions, file: &str) -> Option<LoadRules> {
        (!self.fragment).then(|| LoadRules::new(options.origin.clone()).in_file(Some(file)))
    }

    /// The reader options these arguments ask for.
    pub fn options(&self) -> Result<ReaderOptions, Failure> {
        let mut options = ReaderOptions {
            include_root: self.include_root.clone(),
            ..ReaderOptions::default()
        };
        if let Some(origin) = &self.origin {
            let text = if origin.ends_with('.') {
                origin.clone()
            } else {
                format!("{origin}.")
            };
            let name = Name::from_ascii(&text)
                .map_err(|e| Failure::Usage(format!("invalid --origin \"{origin}\": {e}")))?;
            options.origin = Some(name);
        }
        if let Some(root) = &self.include_root {
            if !root.is_dir() {
                return Err(Failure::Usage(format!(
                    "--include-root \"{}\" is not a directory",
                    root.display()
                )));
            }
        }
        Ok(options)
    }
}

/// Why a command could not do its work (exit status 2).
#[derive(Debug)]
pub enum Failure {
    /// Bad arguments.
    Usage(String),
    /// A file could not be read or written.
    Io(String),
    /// Standard output was closed by the reader of the pipe: not a failure.
    BrokenPipe,
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Io(e.to_string())
        }
    }
}

/// The outcome of a command that ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong found.
    Clean,
    /// Problems were found in the input (exit status 1).
    Problems,
}

/// Opens FILE, or standard input for `-`.
pub fn open_reader(file: &str, options: ReaderOptions) -> Result<Reader<'static>, Failure> {
    if file == "-" {
        Ok(Reader::from_read(std::io::stdin(), Some("-"), options))
    } else {
        Reader::open(file, options).map_err(|e| Failure::Io(e.to_string()))
    }
}

/// Runs the command line `args` (the program name first) and returns the exit status.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Expand(args) => expand::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::ToJson(args) => to_json::run(&args),
        Command::FromJson(args) => from_json::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Usage(args) => usage::run(&args),
        Command::CustomNs(args) => custom_ns::run(&args),
        Command::Plan(args) => plan::run(&args),
        Command::Apply(args) => apply::run(&args),
        Command::Scan(args) => scan::run(&args),
    };
    match result {
        Ok(Outcome::Clean) | Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(Failure::Usage(message)) | Err(Failure::Io(message)) => {
            // The message may quote a file name or an API answer: no raw control bytes.
            let message = render::printable(&message);
            let _ = writeln!(std::io::stderr(), "zonefmt: error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The entry point of the `zonefmt` binary.
pub fn main() -> ExitCode {
    run(std::env::args_os())
}
