//! `zonefmt plan --zone Z FILE [--prune] [--settings] [--json]`: what `apply` would change.

use std::io::Write;

use super::cloud::{api_failure, read_desired, report_problems, ZoneArgs};
use super::{Failure, Outcome, ReadArgs};
use crate::cloudflare::batch::{PlanError, ZonePlanner};
use crate::cloudflare::plan::PlanOptions;

/// Arguments of `zonefmt plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub zone: ZoneArgs,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Also delete live records the file does not have (read-only and scan-added records are
    /// never deleted).
    #[arg(long)]
    pub prune: bool,
    /// Also plan the zone DNS settings from the file's apex SOA timers and NS TTL.
    #[arg(long)]
    pub settings: bool,
    /// Print the plan as JSON.
    #[arg(long)]
    pub json: bool,
    /// The zone file (a Cloudflare export or any zone file), or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// Runs `zonefmt plan`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let Some(desired) = read_desired(&args.file, &args.read, &args.zone.zone)? else {
        return Ok(Outcome::Problems);
    };
    let client = args.zone.api.client()?;
    let options = PlanOptions {
        prune: args.prune,
        settings: args.settings,
    };
    let planner =
        ZonePlanner::new(&client, &args.zone.zone, desired, options).map_err(plan_failure)?;
    let plan = match planner.plan() {
        Ok(plan) => plan,
        Err(PlanError::Invalid(problems)) => {
            report_problems(&problems);
            return Ok(Outcome::Problems);
        }
        Err(e) => return Err(plan_failure(e)),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&plan.to_json()).unwrap_or_default()
        )?;
    } else {
        out.write_all(plan.to_text().as_bytes())?;
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

/// A planning error as the command's failure.
pub fn plan_failure(error: PlanError) -> Failure {
    match error {
        PlanError::Api(e) => api_failure(e),
        other => Failure::Io(format!("[{}] {other}", other.code())),
    }
}
