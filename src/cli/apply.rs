//! `zonefmt apply --zone Z FILE [--prune] [--settings] [--yes]`: make the zone match the file.
//!
//! Prints the plan, asks for confirmation when standard input is a terminal (`--yes` skips the
//! question, and is required when nobody can answer it), sends the batches, and checks that the
//! zone now matches the file. A plan with nothing to do sends nothing.

use std::io::{BufRead, IsTerminal, Write};

use super::cloud::{plan_failure, PlanArgs, Progress};
use super::{Failure, Outcome};
use crate::cloudflare::batch::ZonePlanner;
use crate::cloudflare::http::UreqTransport;
use crate::cloudflare::plan::Plan;

/// Arguments of `zonefmt apply`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub target: PlanArgs,
    /// Also change the zone DNS settings to the file's apex SOA timers and NS TTL.
    #[arg(long)]
    pub settings: bool,
    /// Apply without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// Runs `zonefmt apply`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    if !args.yes && (args.target.file == "-" || !std::io::stdin().is_terminal()) {
        return Err(Failure::Usage(
            "apply asks for confirmation on a terminal; give --yes to apply without asking"
                .to_owned(),
        ));
    }
    args.target
        .plan(args.settings, |planner, plan| apply(args, planner, &plan))
}

/// Prints the plan, asks (unless `--yes`), applies and reports.
fn apply(
    args: &Args,
    planner: &ZonePlanner<'_, UreqTransport>,
    plan: &Plan,
) -> Result<Outcome, Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(plan.to_text().as_bytes())?;
    out.flush()?;
    if plan.is_empty() {
        return Ok(Outcome::Clean);
    }
    if !args.yes {
        write!(
            std::io::stderr(),
            "Apply these changes to {}? [y/N] ",
            planner.zone().name
        )?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            writeln!(std::io::stderr(), "zonefmt: nothing applied")?;
            return Ok(Outcome::Clean);
        }
    }
    let progress = Progress::new(
        "applying",
        plan.operation_count()
            .div_ceil(planner.zone().batch_limit()),
    );
    let result = planner.apply(plan, &|done, _| progress.set(done));
    progress.finish();
    let report = result.map_err(plan_failure)?;
    if report.quota_unchecked {
        let _ = writeln!(
            std::io::stderr(),
            "zonefmt: warning: the API has no record usage endpoint; the quota was not checked beforehand"
        );
    }
    writeln!(
        out,
        "Applied: {} added, {} changed, {} deleted in {} batch call(s){}; the zone now matches the file.",
        report.added,
        report.changed,
        report.deleted,
        report.calls,
        if report.settings_changed > 0 {
            format!(", {} setting(s) changed", report.settings_changed)
        } else {
            String::new()
        }
    )?;
    Ok(Outcome::Clean)
}
