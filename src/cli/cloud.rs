//! What the Cloudflare commands share: API options, the client, error rendering, progress.

use std::io::{IsTerminal, Write};

use super::{Failure, Outcome, ReadArgs};
use crate::cloudflare::batch::{PlanError, ZonePlanner};
use crate::cloudflare::http::UreqTransport;
use crate::cloudflare::plan::{Plan, PlanOptions};
use crate::cloudflare::{ApiError, Client};
use crate::error::{Diagnostic, Severity};
use crate::zonefile::ReaderOptions;

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

/// What `plan` and `apply` share: the zone, how to read the file, `--prune`, and the file.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub zone: ZoneArgs,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Also delete live records the file does not have (read-only and scan-added records are
    /// never deleted).
    #[arg(long)]
    pub prune: bool,
    /// The zone file (a Cloudflare export or any zone file), or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

impl PlanArgs {
    /// Reads the file, looks the zone up and plans the change (the zone DNS settings too with
    /// `settings`), then hands the planner and the plan to `then`. Problems in the file or the
    /// plan are reported on standard error and end the command with [`Outcome::Problems`]
    /// before anything is sent.
    pub fn plan(
        &self,
        settings: bool,
        then: impl FnOnce(&ZonePlanner<'_, UreqTransport>, Plan) -> Result<Outcome, Failure>,
    ) -> Result<Outcome, Failure> {
        let Some(desired) = read_desired(&self.file, &self.read, &self.zone.zone)? else {
            return Ok(Outcome::Problems);
        };
        let client = self.zone.api.client()?;
        let options = PlanOptions {
            prune: self.prune,
            settings,
        };
        let planner =
            ZonePlanner::new(&client, &self.zone.zone, desired, options).map_err(plan_failure)?;
        let plan = match planner.plan() {
            Ok(plan) => plan,
            Err(PlanError::Invalid(problems)) => {
                report_problems(&problems);
                return Ok(Outcome::Problems);
            }
            Err(e) => return Err(plan_failure(e)),
        };
        then(&planner, plan)
    }
}

/// A planning error as the command's failure.
pub fn plan_failure(error: PlanError) -> Failure {
    match error {
        PlanError::Api(e) => api_failure(e),
        other => Failure::Io(format!("[{}] {other}", other.code())),
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

/// Reads the zone file of `plan`/`apply`: a Cloudflare export (recognised by its `;; Domain:`
/// header; its quirks repaired) or any zone file, whose origin defaults to the zone name given
/// with `--zone`. Trailing `; comment cf_tags=…` comments become the records' attributes.
/// Diagnostics go to standard error; `Ok(None)` when the file has errors (nothing may be sent).
pub fn read_desired(
    file: &str,
    read: &ReadArgs,
    zone: &str,
) -> Result<Option<Vec<crate::cloudflare::convert::ZoneRecord>>, Failure> {
    use crate::cloudflare::export;
    use crate::zonefile::{Item, Reader};

    // Bytes: a zone file may hold octets that are not UTF-8 (in TXT data, say).
    let text = read_bytes(file)?;
    let is_export = text
        .split(|&b| b == b'\n')
        .map(|l| String::from_utf8_lossy(l))
        .take_while(|l| l.starts_with(";;") || l.trim().is_empty())
        .any(|l| l.trim_start_matches(';').trim().starts_with("Domain:"));
    let (records, diagnostics) = if is_export && read.origin.is_none() {
        match std::str::from_utf8(&text) {
            Ok(text) => {
                let export = export::read(text, Some(file));
                (export.records, export.diagnostics)
            }
            Err(e) => (Vec::new(), vec![not_utf8(&text, e.valid_up_to(), file)]),
        }
    } else {
        let options = zone_read_options(read, zone)?;
        let mut records = Vec::new();
        let mut diagnostics = Vec::new();
        for item in Reader::from_bytes(&text, Some(file), options) {
            match item {
                Item::Record(r) => records.push(r),
                Item::Diagnostic(d) => diagnostics.push(d),
            }
        }
        let (records, found) = export::attach_comments(&text, Some(file), records);
        diagnostics.extend(found);
        (records, diagnostics)
    };
    if report_diagnostics(&diagnostics) {
        return Ok(None);
    }
    Ok(Some(records))
}

/// The bytes of FILE, or of standard input for `-`.
pub fn read_bytes(file: &str) -> Result<Vec<u8>, Failure> {
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(file).map_err(|e| Failure::Io(format!("{file}: {e}")))
    }
}

/// The text of FILE, or of standard input for `-`; `Ok(None)` when it is not UTF-8, which is
/// reported (with the place of the first bad byte).
pub fn read_text(file: &str) -> Result<Option<String>, Failure> {
    match String::from_utf8(read_bytes(file)?) {
        Ok(text) => Ok(Some(text)),
        Err(e) => {
            let d = not_utf8(e.as_bytes(), e.utf8_error().valid_up_to(), file);
            report_diagnostics(&[d]);
            Ok(None)
        }
    }
}

/// The error for a file that must be UTF-8 text (Cloudflare's formats) and is not, at its
/// first bad byte.
pub fn not_utf8(bytes: &[u8], valid: usize, file: &str) -> Diagnostic {
    let before = bytes.get(..valid).unwrap_or_default();
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let column = valid - memchr::memrchr(b'\n', before).map_or(0, |i| i + 1) + 1;
    Diagnostic::error(
        crate::error::ErrorCode::Syntax,
        "the text is not UTF-8, as Cloudflare's formats must be",
        crate::error::Location {
            file: Some(file.into()),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset: valid as u64,
            len: 1,
        },
    )
}

/// The reader options `read` asks for, the origin defaulting to the zone `--zone` names (when
/// it names one rather than giving its id).
pub fn zone_read_options(read: &ReadArgs, zone: &str) -> Result<ReaderOptions, Failure> {
    let mut options = read.options()?;
    if options.origin.is_none() && crate::cloudflare::client::as_zone_id(zone).is_none() {
        let name = format!("{}.", zone.trim().trim_end_matches('.'));
        options.origin = crate::name::Name::from_ascii(&name).ok();
    }
    Ok(options)
}

/// Writes the reader's diagnostics to standard error; true when one of them is an error (and
/// so nothing may be sent).
pub fn report_diagnostics(diagnostics: &[Diagnostic]) -> bool {
    let stderr = std::io::stderr();
    for d in diagnostics {
        let _ = stderr.lock().write_all(super::render::render(d).as_bytes());
    }
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Prints diagnostics that stop a plan, and says nothing was sent.
pub fn report_problems(problems: &[Diagnostic]) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in problems {
        let _ = err.write_all(super::render::render(d).as_bytes());
    }
    let _ = writeln!(err, "zonefmt: nothing was sent to Cloudflare");
}
