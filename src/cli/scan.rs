//! `zonefmt scan --zone Z [--accept [ID…]] [--reject [ID…]]`: Cloudflare's record scan.
//!
//! Triggers the scan (unless `--no-trigger`), then prints the records found so far as zone
//! text, each after a `; scanned id …` comment line. `--accept` adds scanned records to the zone
//! and `--reject` drops them: the ids given, or all of them when none is given.

use std::io::Write;

use super::cloud::{api_failure, ZoneArgs};
use super::{Failure, Outcome};
use crate::cloudflare::convert::from_api;
use crate::cloudflare::model::DnsRecord;
use crate::cloudflare::plan::{line, zone_origin};
use crate::cloudflare::types::{RecordId, ScanReview, ScanReviewResult};

/// Arguments of `zonefmt scan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub zone: ZoneArgs,
    /// List what earlier scans found without starting a new one.
    #[arg(long)]
    pub no_trigger: bool,
    /// Add scanned records to the zone: these ids, or all when none is given.
    #[arg(long, value_name = "ID", num_args = 0.., conflicts_with = "reject")]
    pub accept: Option<Vec<String>>,
    /// Drop scanned records: these ids, or all when none is given.
    #[arg(long, value_name = "ID", num_args = 0..)]
    pub reject: Option<Vec<String>>,
}

/// Runs `zonefmt scan`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let client = args.zone.api.client()?;
    let zone = client.zone(&args.zone.zone).map_err(api_failure)?;
    let origin = zone_origin(&zone.name).map_err(|d| Failure::Io(d.message))?;
    if !args.no_trigger {
        client.scan_trigger(&zone.id).map_err(api_failure)?;
    }
    let found: Vec<DnsRecord> = client.scan_list(&zone.id).map_err(api_failure)?;
    let mut out = std::io::stdout().lock();
    let stderr = std::io::stderr();
    for record in &found {
        let id = record.id.as_deref().unwrap_or("?");
        match from_api::record(record, Some(&origin)) {
            Ok(zr) => writeln!(out, "; scanned id {id}\n{}", line(&zr))?,
            Err(e) => {
                let _ = writeln!(
                    stderr.lock(),
                    "zonefmt: scanned record {id} cannot be shown: {e}"
                );
            }
        }
    }
    let chosen = |ids: &[String]| -> Vec<&DnsRecord> {
        found
            .iter()
            .filter(|r| ids.is_empty() || r.id.as_ref().is_some_and(|id| ids.contains(id)))
            .collect()
    };
    let review = match (&args.accept, &args.reject) {
        (Some(ids), _) => ScanReview {
            accepts: chosen(ids)
                .into_iter()
                .map(|r| {
                    let mut body = r.request_form();
                    body.id = r.id.clone();
                    body
                })
                .collect(),
            rejects: Vec::new(),
        },
        (None, Some(ids)) => ScanReview {
            accepts: Vec::new(),
            rejects: chosen(ids)
                .into_iter()
                .filter_map(|r| r.id.clone().map(|id| RecordId { id }))
                .collect(),
        },
        (None, None) => return Ok(Outcome::Clean),
    };
    let wanted = args
        .accept
        .as_ref()
        .or(args.reject.as_ref())
        .map_or(0, Vec::len);
    let matched = review.accepts.len() + review.rejects.len();
    if wanted > 0 && matched < wanted {
        return Err(Failure::Usage(format!(
            "{} of the {wanted} ids given are not among the scanned records",
            wanted - matched
        )));
    }
    let result: ScanReviewResult<serde_json::Value> =
        client.scan_review(&zone.id, &review).map_err(api_failure)?;
    let _ = writeln!(
        stderr.lock(),
        "accepted {}, rejected {}",
        result.accepts.len(),
        result.rejects.len()
    );
    Ok(Outcome::Clean)
}
