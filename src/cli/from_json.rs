//! `zonefmt from-json [--origin NAME] [--skip-unsupported] FILE|-`: API records (a list
//! answer, an array or JSON Lines) as a zone in Cloudflare's current export format, with
//! `cf_tags` comments for proxy state, comments and tags.
//!
//! The zone is `--origin`, else the records' `zone_name`. The `;; Exported:` time is now, or
//! `SOURCE_DATE_EPOCH` when that is set (reproducible output).

use std::io::Write;

use super::render::render;
use super::{Failure, Outcome};
use crate::cloudflare::zone_json::{self, FromJsonOptions};
use crate::cloudflare::{export, names};
use crate::error::{Diagnostic, ErrorCode, Location, Severity};

/// Arguments of `zonefmt from-json`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The zone (e.g. `example.com`; Unicode is converted to Punycode). Without it, the
    /// records' `zone_name` names it.
    #[arg(long, value_name = "NAME")]
    pub origin: Option<String>,
    /// Leave out records of types with no zone form here (SOA, ALIAS, …), with a warning,
    /// instead of failing.
    #[arg(long)]
    pub skip_unsupported: bool,
    /// The JSON file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// Runs `zonefmt from-json`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let zone = match &args.origin {
        Some(origin) => Some(
            names::zone_from_api(origin)
                .map_err(|e| Failure::Usage(format!("invalid --origin \"{origin}\": {e}")))?,
        ),
        None => None,
    };
    let bytes = if args.file == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
        bytes
    } else {
        std::fs::read(&args.file).map_err(|e| Failure::Io(format!("{}: {e}", args.file)))?
    };
    let stderr = std::io::stderr();
    let show = |d: &Diagnostic| {
        let _ = stderr.lock().write_all(render(d).as_bytes());
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            show(&not_utf8(
                e.as_bytes(),
                e.utf8_error().valid_up_to(),
                &args.file,
            ));
            return Ok(Outcome::Problems);
        }
    };
    let options = FromJsonOptions {
        zone,
        skip_unsupported: args.skip_unsupported,
        exported: export::timestamp(exported_time()),
    };
    let done = zone_json::from_json(&text, Some(&args.file), &options);
    for d in done
        .diagnostics
        .iter()
        .filter(|d| done.text.is_some() || d.code != ErrorCode::CfNoZone)
    {
        show(d);
    }
    let Some(zone_text) = done.text else {
        if done
            .diagnostics
            .iter()
            .any(|d| d.code == ErrorCode::CfNoZone)
        {
            return Err(Failure::Usage(
                "the zone is not known (the records carry no zone_name): give it with --origin NAME"
                    .into(),
            ));
        }
        return Ok(if done.has_errors() {
            Outcome::Problems
        } else {
            Outcome::Clean
        });
    };
    let mut out = std::io::stdout().lock();
    out.write_all(zone_text.as_bytes())?;
    out.flush()?;
    Ok(
        if done
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            Outcome::Problems
        } else {
            Outcome::Clean
        },
    )
}

/// `SOURCE_DATE_EPOCH` (seconds since 1970) when set and valid, else now.
fn exported_time() -> std::time::SystemTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or_else(std::time::SystemTime::now, |secs| {
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)
        })
}

/// The error for input that is not UTF-8 (JSON text always is), at the first bad byte.
fn not_utf8(bytes: &[u8], valid: usize, file: &str) -> Diagnostic {
    let before = bytes.get(..valid).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = valid
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    Diagnostic::error(
        ErrorCode::CfBadJson,
        "not valid JSON: the text is not UTF-8",
        Location {
            file: Some(file.into()),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset: valid as u64,
            len: 1,
        },
    )
}
