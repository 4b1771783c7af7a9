//! `zonefmt plan --zone Z FILE [--prune] [--settings] [--json]`: what `apply` would change.

use std::io::Write;

use super::cloud::PlanArgs;
use super::{Failure, Outcome};

/// Arguments of `zonefmt plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub target: PlanArgs,
    /// Also plan the zone DNS settings from the file's apex SOA timers and NS TTL.
    #[arg(long)]
    pub settings: bool,
    /// Print the plan as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `zonefmt plan`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    args.target.plan(args.settings, |_, plan| {
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
    })
}
