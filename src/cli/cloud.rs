//! What the Cloudflare commands share: API options, the client, error rendering, progress.

use std::io::{IsTerminal, Write};

use super::Failure;
use crate::cloudflare::http::UreqTransport;
use crate::cloudflare::{ApiError, Client};

/// Options of every command that talks to Cloudflare. Credentials come from the environment
/// only (`CLOUDFLARE_API_TOKEN`, or `CLOUDFLARE_EMAIL` + `CLOUDFLARE_API_KEY`), never from the
/// command line, where other users of the machine could read them.
#[derive(Debug, Clone, clap::Args)]
pub struct ApiArgs {
    /// The API root (default: $CLOUDFLARE_BASE_URL, else https://api.cloudflare.com/client/v4).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `--zone`, by name or id.
#[derive(Debug, Clone, clap::Args)]
pub struct ZoneArgs {
    /// The zone: its name (`example.com`) or its 32-hex-digit id.
    #[arg(long, value_name = "ZONE")]
    pub zone: String,
    #[command(flatten)]
    pub api: ApiArgs,
}

impl ApiArgs {
    /// The client these options and the environment describe.
    pub fn client(&self) -> Result<Client<UreqTransport>, Failure> {
        let client = Client::from_env(UreqTransport::default()).map_err(api_failure)?;
        match &self.base_url {
            Some(url) => client.with_base_url(url).map_err(api_failure),
            None => Ok(client),
        }
    }
}

/// An API error as the command's failure: `[ZF0401] Cloudflare refused …`.
pub fn api_failure(error: ApiError) -> Failure {
    Failure::Io(format!("[{}] {error}", error.code()))
}

/// Progress on standard error, drawn only when it is a terminal (a log file gets nothing).
pub struct Progress {
    label: String,
    total: usize,
    draw: bool,
}

impl Progress {
    pub fn new(label: &str, total: usize) -> Progress {
        Progress {
            label: label.to_owned(),
            total,
            draw: std::io::stderr().is_terminal() && total > 1,
        }
    }

    /// Shows `done` of `total` as a bar.
    pub fn set(&self, done: usize) {
        if !self.draw {
            return;
        }
        const WIDTH: usize = 30;
        let filled = (done * WIDTH)
            .checked_div(self.total)
            .unwrap_or(WIDTH)
            .min(WIDTH);
        let _ = write!(
            std::io::stderr(),
            "\r{} [{}{}] {done}/{}",
            self.label,
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            self.total
        );
    }

    /// Clears the bar's line.
    pub fn finish(&self) {
        if self.draw {
            let _ = write!(
                std::io::stderr(),
                "\r{}\r",
                " ".repeat(self.label.len() + 50)
            );
        }
    }
}
