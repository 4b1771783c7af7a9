//! A local emulator of Cloudflare's DNS API on 127.0.0.1, for trying zonefmt without an account.
//!
//! ```text
//! cargo run --example cf_emulator -- --zone example.com [--plan free|pro|enterprise]
//!     [--port 8787] [--seconds 600] [--token TOKEN]
//! export CLOUDFLARE_BASE_URL=http://127.0.0.1:8787/client/v4
//! export CLOUDFLARE_API_TOKEN=emulator-token-0123456789
//! zonefmt export --zone example.com
//! ```
//!
//! Controls (no authentication): `POST /__emulator/fault?kind=429&retry_after=1&count=2`
//! (kinds: 429, 500…599, html, truncated), `POST /__emulator/zone?name=N&plan=P`,
//! `GET /__emulator/log`. The server stops by itself after `--seconds`.

#[path = "../tests/support/emulator/mod.rs"]
mod emulator;

use std::time::Duration;

use emulator::{Config, Emulator, Plan};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut port = 8787u16;
    let mut zones = Vec::new();
    let mut plan = Plan::Free;
    let mut config = Config::default();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next().unwrap_or_else(|| {
                eprintln!("cf_emulator: {name} needs a value");
                std::process::exit(2)
            })
        };
        match arg.as_str() {
            "--port" => port = parse(&value("--port")),
            "--zone" => zones.push(value("--zone")),
            "--seconds" => config.lifetime = Duration::from_secs(parse(&value("--seconds"))),
            "--token" => config.token = value("--token"),
            "--plan" => {
                plan = match value("--plan").as_str() {
                    "free" => Plan::Free,
                    "pro" => Plan::Pro,
                    "enterprise" => Plan::Enterprise,
                    other => {
                        eprintln!("cf_emulator: unknown plan {other} (free, pro, enterprise)");
                        std::process::exit(2)
                    }
                }
            }
            "-h" | "--help" => {
                println!("usage: cf_emulator [--port N] [--zone NAME]... [--plan free|pro|enterprise] [--seconds N] [--token T]");
                return;
            }
            other => {
                eprintln!("cf_emulator: unknown argument {other}");
                std::process::exit(2)
            }
        }
    }
    let token = config.token.clone();
    let emulator = match Emulator::start_on(config, port) {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("cf_emulator: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1)
        }
    };
    for zone in &zones {
        let id = emulator.add_zone(zone, plan);
        println!("zone {zone} id {id}");
    }
    println!("CLOUDFLARE_BASE_URL={}", emulator.base_url());
    println!("CLOUDFLARE_API_TOKEN={token}");
    emulator.wait();
}

fn parse<T: std::str::FromStr>(text: &str) -> T {
    text.parse().unwrap_or_else(|_| {
        eprintln!("cf_emulator: {text:?} is not a valid number");
        std::process::exit(2)
    })
}
