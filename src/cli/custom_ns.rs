//! `zonefmt custom-ns --account A FILE [--ns-set N]`: register the zone's in-zone name servers
//! (apex NS targets inside the zone, e.g. `ns1.example.com.` for `example.com.`) as the
//! account's custom nameservers, and print the addresses Cloudflare gives them (the glue to set
//! at the registrar). `--list` shows the account's custom nameservers; `--delete NAME` removes
//! one.

use std::io::Write;

use super::cloud::{api_failure, report_diagnostics, ApiArgs};
use super::{Failure, Outcome, ReadArgs};
use crate::cloudflare::types::{CustomNameserver, NewCustomNameserver};
use crate::rr::RecordData;
use crate::zonefile;

/// Arguments of `zonefmt custom-ns`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Cloudflare account id.
    #[arg(long, value_name = "ACCOUNT")]
    pub account: String,
    /// The nameserver set (1 to 5) the names join.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub ns_set: u8,
    /// List the account's custom nameservers instead.
    #[arg(long, conflicts_with_all = ["delete", "file"])]
    pub list: bool,
    /// Remove the custom nameserver NAME instead.
    #[arg(long, value_name = "NAME", conflicts_with = "file")]
    pub delete: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub api: ApiArgs,
    /// The zone file whose apex NS records name the servers.
    #[arg(value_name = "FILE", required_unless_present_any = ["list", "delete"])]
    pub file: Option<String>,
}

/// Runs `zonefmt custom-ns`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let mut out = std::io::stdout().lock();
    if args.list {
        let client = args.api.client()?;
        for ns in client
            .custom_nameservers(&args.account)
            .map_err(api_failure)?
        {
            writeln!(out, "{}", describe(&ns))?;
        }
        return Ok(Outcome::Clean);
    }
    if let Some(name) = &args.delete {
        let client = args.api.client()?;
        client
            .delete_custom_nameserver(&args.account, name.trim_end_matches('.'))
            .map_err(api_failure)?;
        writeln!(out, "deleted {name}")?;
        return Ok(Outcome::Clean);
    }
    let Some(file) = &args.file else {
        return Err(Failure::Usage("a zone file is required".to_owned()));
    };
    let zone =
        zonefile::read_file(file, &args.read.options()?).map_err(|e| Failure::Io(e.to_string()))?;
    if report_diagnostics(&zone.diagnostics) {
        return Ok(Outcome::Problems);
    }
    let Some(origin) = zone.origin.clone() else {
        return Err(Failure::Usage(format!(
            "{file} has no SOA record; give the zone with --origin"
        )));
    };
    let mut names = Vec::new();
    for record in &zone.records {
        if let RecordData::Ns(ns) = &record.data {
            if record.owner == origin
                && ns.target.is_subdomain_of(&origin)
                && ns.target != origin
                && !names.contains(&ns.target)
            {
                names.push(ns.target.clone());
            }
        }
    }
    if names.is_empty() {
        return Err(Failure::Usage(format!(
            "{file} has no apex NS record naming a server inside {origin}; nothing to register"
        )));
    }
    let client = args.api.client()?;
    for name in names {
        let text = name.to_string();
        let added = client
            .add_custom_nameserver(
                &args.account,
                &NewCustomNameserver {
                    ns_name: text.trim_end_matches('.').to_owned(),
                    ns_set: Some(args.ns_set),
                },
            )
            .map_err(api_failure)?;
        writeln!(out, "{}", describe(&added))?;
    }
    Ok(Outcome::Clean)
}

/// `ns1.example.com set 1 (verified): A 192.0.2.1, AAAA 2001:db8::1`.
fn describe(ns: &CustomNameserver) -> String {
    let addresses: Vec<String> = ns
        .dns_records
        .iter()
        .map(|a| format!("{} {}", a.record_type, a.value))
        .collect();
    format!(
        "{} set {}{}: {}",
        ns.ns_name,
        ns.ns_set.unwrap_or(1),
        ns.status
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default(),
        if addresses.is_empty() {
            "no addresses yet".to_owned()
        } else {
            addresses.join(", ")
        }
    )
}
