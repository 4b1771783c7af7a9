//! `zonefmt fmt`: formats zone files (rules in FORMAT.md, "Formatter").
//!
//! One file (or `-` for standard input) is printed formatted on standard output; `--check`
//! prints a unified diff for each file that is not formatted and exits 1; `--write` rewrites
//! files in place through a temporary file in the same directory and a rename, so a zone is
//! never left half written. A file with errors is never formatted: its errors are reported as
//! `check` reports them, and the exit status is 1.

use std::io::{Read, Write};
use std::path::Path;

use super::{render::render, Failure, Outcome, ReadArgs};
use crate::fmt::{format, FormatError, FormatOptions, TtlStyle};

/// Arguments of `zonefmt fmt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Change nothing: print a unified diff for each file that is not formatted, and exit 1 if
    /// there is one.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Rewrite each file in place (atomically: a temporary file, then a rename).
    #[arg(long)]
    pub write: bool,
    /// Order records by owner and type within each section between directives; comment lines
    /// above a record move with it.
    #[arg(long)]
    pub sort: bool,
    /// How TTLs are written: as each was written, in seconds, or in units (1h30m).
    #[arg(long, value_enum, default_value_t = TtlArg::Keep)]
    pub ttl: TtlArg,
    /// Wrap keys, signatures and long TXT records to stay within this many columns.
    #[arg(long, default_value_t = 80, value_name = "COLUMNS")]
    pub width: usize,
    /// Zone files (`-` for standard input, written to standard output).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
}

/// `--ttl` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TtlArg {
    Keep,
    Seconds,
    Units,
}

/// Runs `zonefmt fmt`.
pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let reader = args.read.options()?;
    if !args.check && !args.write && args.files.len() > 1 {
        return Err(Failure::Usage(
            "several files need --check or --write (without them the one file is printed)".into(),
        ));
    }
    if args.write && args.files.iter().any(|f| f == "-") {
        return Err(Failure::Usage(
            "--write cannot rewrite standard input; leave it out to print the result".into(),
        ));
    }
    let options = FormatOptions {
        ttl: match args.ttl {
            TtlArg::Keep => TtlStyle::Keep,
            TtlArg::Seconds => TtlStyle::Seconds,
            TtlArg::Units => TtlStyle::Units,
        },
        width: args.width,
        sort: args.sort,
        ..FormatOptions::default()
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut outcome = Outcome::Clean;
    let mut io_failures = 0usize;
    for file in &args.files {
        let source = match read_input(file) {
            Ok(source) => source,
            Err(e) => {
                let _ = writeln!(stderr.lock(), "zonefmt: error: cannot read {file}: {e}");
                io_failures += 1;
                continue;
            }
        };
        let formatted = match format(&source, Some(file), &reader, &options) {
            Ok(formatted) => formatted,
            Err(FormatError::Invalid(diagnostics)) => {
                let mut err = stderr.lock();
                for d in &diagnostics {
                    // The same layout as `check`: each diagnostic followed by a blank line.
                    let _ = err.write_all(format!("{}\n", render(d)).as_bytes());
                }
                let errors = diagnostics
                    .iter()
                    .filter(|d| d.severity == crate::error::Severity::Error)
                    .count();
                let _ = writeln!(
                    err,
                    "{file}: not formatted: {errors} error{}",
                    if errors == 1 { "" } else { "s" }
                );
                outcome = Outcome::Problems;
                continue;
            }
            Err(e @ FormatError::Unsafe(_)) => {
                let _ = writeln!(stderr.lock(), "zonefmt: error[{}]: {e}", e.code());
                outcome = Outcome::Problems;
                continue;
            }
        };
        for note in &formatted.notes {
            let _ = writeln!(stderr.lock(), "zonefmt: note: {file}: {note}");
        }
        if args.check {
            if formatted.changed {
                outcome = Outcome::Problems;
                let diff = unified_diff(file, &source, &formatted.text);
                stdout.lock().write_all(diff.as_bytes())?;
            }
        } else if args.write {
            if formatted.changed {
                if let Err(e) = write_atomically(Path::new(file), &formatted.text) {
                    let _ = writeln!(stderr.lock(), "zonefmt: error: cannot write {file}: {e}");
                    io_failures += 1;
                }
            }
        } else {
            let mut out = stdout.lock();
            out.write_all(&formatted.text)?;
            out.flush()?;
        }
    }
    if io_failures > 0 {
        return Err(Failure::Io(format!(
            "{io_failures} file{} could not be read or written",
            if io_failures == 1 { "" } else { "s" }
        )));
    }
    Ok(outcome)
}

fn read_input(file: &str) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(file)?;
    }
    Ok(bytes)
}

/// A unified diff (3 lines of context) from the file to its formatted text.
pub fn unified_diff(file: &str, before: &[u8], after: &[u8]) -> String {
    let old = String::from_utf8_lossy(before);
    let new = String::from_utf8_lossy(after);
    // Patience diff: fast on long files whose lines are mostly unique (records), and the
    // deadline bounds the worst case (the diff stays correct, only less minimal).
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .timeout(std::time::Duration::from_secs(1))
        .diff_lines(old.as_ref(), new.as_ref());
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(file, &format!("{file} (formatted)"))
        .to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Replaces the file at `path` with `bytes` so that it is never seen half written: the bytes
/// go to a temporary file in the same directory (same file system), which gets the original's
/// permissions, is synced, and is renamed over the original. A symbolic link is followed: the
/// file it points to is replaced and the link is kept.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".zonefmt-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_is_unified_with_headers() {
        let diff = unified_diff("z.db", b"a\nb\nc\n", b"a\nB\nc\n");
        assert_eq!(
            diff,
            "--- z.db\n+++ z.db (formatted)\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
        assert_eq!(unified_diff("z.db", b"same\n", b"same\n"), "");
    }

    #[test]
    fn atomic_write_replaces_content_keeps_mode_and_leaves_no_temp_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("zone.db");
        std::fs::write(&path, b"old\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        write_atomically(&link, b"new\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn atomic_write_fails_cleanly_on_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomically(&dir.path().join("missing.db"), b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
