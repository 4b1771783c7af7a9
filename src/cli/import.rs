//! `zonefmt import --zone Z [--proxied] FILE`: upload a zone file through Cloudflare's import.
//!
//! Import is for bootstrapping: it only adds, Cloudflare allows 3 imports a minute and 256 KiB
//! per file, and it skips records it refuses while still reporting success. The file is read
//! first (an unreadable file is reported with its diagnostics and nothing is sent), and every
//! record Cloudflare skipped is printed with its reason; skips make the exit status 1.

use std::io::Write;

use super::cloud::{api_failure, read_text, report_diagnostics, zone_read_options, ZoneArgs};
use super::{Failure, Outcome, ReadArgs};
use crate::zonefile;

/// Cloudflare's import size limit.
pub const MAX_IMPORT_BYTES: usize = 256 * 1024;

/// Arguments of `zonefmt import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub zone: ZoneArgs,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Proxy the A, AAAA and CNAME records that carry no `cf-proxied` tag.
    #[arg(long)]
    pub proxied: bool,
    /// The zone file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// Runs `zonefmt import`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let Some(text) = read_text(&args.file)? else {
        return Ok(Outcome::Problems);
    };
    if text.len() > MAX_IMPORT_BYTES {
        return Err(Failure::Usage(format!(
            "{} is {} bytes; Cloudflare imports at most {MAX_IMPORT_BYTES} bytes (256 KiB) per file. \
             Use `zonefmt apply`, which has no such limit",
            args.file,
            text.len()
        )));
    }
    let options = zone_read_options(&args.read, &args.zone.zone)?;
    let zone = zonefile::read_str(&text, &options);
    if report_diagnostics(&zone.diagnostics) {
        return Ok(Outcome::Problems);
    }
    let client = args.zone.api.client()?;
    let zone_id = client.zone_id(&args.zone.zone).map_err(api_failure)?;
    let report = client
        .import(&zone_id, &text, args.proxied)
        .map_err(api_failure)?;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "imported {} of {} records",
        report.recs_added, report.total_records_parsed
    );
    for message in &report.messages {
        let _ = writeln!(err, "  skipped: {message}");
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        serde_json::to_string(&report).unwrap_or_default()
    )?;
    Ok(if report.skipped() > 0 || !report.messages.is_empty() {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
