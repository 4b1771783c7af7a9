//! `zonefmt usage --zone Z`: how many records the zone holds and may hold.

use std::io::Write;

use super::cloud::{api_failure, ZoneArgs};
use super::{Failure, Outcome};

/// Arguments of `zonefmt usage`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub zone: ZoneArgs,
    /// Print JSON (`{"record_usage": N, "record_quota": Q}`) instead of a sentence.
    #[arg(long)]
    pub json: bool,
}

/// Runs `zonefmt usage`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let client = args.zone.api.client()?;
    let zone_id = client.zone_id(&args.zone.zone).map_err(api_failure)?;
    let usage = client.usage(&zone_id).map_err(api_failure)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&usage).unwrap_or_default())?;
    } else {
        match usage.record_quota {
            Some(quota) => writeln!(
                out,
                "{} of {quota} records used ({} left)",
                usage.record_usage,
                quota.saturating_sub(usage.record_usage)
            )?,
            None => writeln!(
                out,
                "{} records (the quota is set for the account, not the zone)",
                usage.record_usage
            )?,
        }
    }
    Ok(Outcome::Clean)
}
