//! `zonefmt export --zone Z [-o FILE]`: the zone in Cloudflare's export format.

use std::io::Write;

use super::cloud::{api_failure, ZoneArgs};
use super::{Failure, Outcome};

/// Arguments of `zonefmt export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub zone: ZoneArgs,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<String>,
}

/// Runs `zonefmt export`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let client = args.zone.api.client()?;
    let zone_id = client.zone_id(&args.zone.zone).map_err(api_failure)?;
    let text = client.export(&zone_id).map_err(api_failure)?;
    match &args.output {
        Some(path) if path != "-" => std::fs::write(path, text.as_bytes())
            .map_err(|e| Failure::Io(format!("{path}: {e}")))?,
        _ => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(Outcome::Clean)
}
