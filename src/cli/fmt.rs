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
use crate::fmt::{format, format_to, FormatError, FormatOptions, FormatToError, TtlStyle, Written};

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
        if !args.check {
            // The text goes out as it is checked, never held whole.
            let written = if args.write {
                rewrite(Path::new(file), &source, &reader, &options)
            } else {
                let mut out = std::io::stdout();
                let written = format_to(&source, Some(file), &reader, &options, &mut out);
                out.flush()?;
                written
            };
            match written {
                Ok(written) => {
                    for note in &written.notes {
                        let _ = writeln!(stderr.lock(), "zonefmt: note: {file}: {note}");
                    }
                }
                Err(FormatToError::Format(e)) => outcome = refused(file, e),
                Err(FormatToError::Io(e)) if args.write => {
                    let _ = writeln!(stderr.lock(), "zonefmt: error: cannot write {file}: {e}");
                    io_failures += 1;
                }
                Err(FormatToError::Io(e)) => return Err(e.into()),
            }
            continue;
        }
        let formatted = match format(&source, Some(file), &reader, &options) {
            Ok(formatted) => formatted,
            Err(e) => {
                outcome = refused(file, e);
                continue;
            }
        };
        for note in &formatted.notes {
            let _ = writeln!(stderr.lock(), "zonefmt: note: {file}: {note}");
        }
        if formatted.changed {
            outcome = Outcome::Problems;
            let diff = unified_diff(file, &source, &formatted.text);
            stdout.lock().write_all(diff.as_bytes())?;
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

/// Reports why `file` was not formatted.
fn refused(file: &str, e: FormatError) -> Outcome {
    let stderr = std::io::stderr();
    match e {
        FormatError::Invalid(diagnostics) => {
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
        }
        e @ FormatError::Unsafe(_) => {
            let _ = writeln!(stderr.lock(), "zonefmt: error[{}]: {e}", e.code());
        }
    }
    Outcome::Problems
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
    let mut temp = Beside::new(path)?;
    temp.file.write_all(bytes)?;
    temp.replace()
}

/// A temporary file in the directory of the file it is to replace (a symbolic link followed).
struct Beside {
    file: tempfile::NamedTempFile,
    target: std::path::PathBuf,
    permissions: std::fs::Permissions,
}

impl Beside {
    fn new(path: &Path) -> std::io::Result<Beside> {
        let target = std::fs::canonicalize(path)?;
        let dir = target.parent().unwrap_or(Path::new("."));
        let permissions = std::fs::metadata(&target)?.permissions();
        let file = tempfile::Builder::new()
            .prefix(".zonefmt-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(Beside {
            file,
            target,
            permissions,
        })
    }

    /// Gives the file the original's permissions, syncs it and renames it over the original.
    fn replace(self) -> std::io::Result<()> {
        self.file.as_file().set_permissions(self.permissions)?;
        self.file.as_file().sync_all()?;
        self.file.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
    }
}

/// `fmt --write` on one file whose bytes are `source`: the text is written, as it passes the
/// checks, to a temporary file beside it ([`Beside`]), which replaces the file only once the
/// whole text has passed and differs from the source. A refusal or a failed write leaves the
/// file as it was (the temporary file is removed). While the text is still the source's, it is
/// only compared, not written, so an unchanged file costs no writing.
fn rewrite(
    path: &Path,
    source: &[u8],
    reader: &crate::zonefile::ReaderOptions,
    options: &FormatOptions,
) -> Result<Written, FormatToError> {
    let mut temp = Beside::new(path)?;
    let mut out = UnlessUnchanged {
        source,
        same: 0,
        diverged: false,
        out: temp.file.as_file_mut(),
    };
    let written = format_to(
        source,
        Some(&path.to_string_lossy()),
        reader,
        options,
        &mut out,
    )?;
    if written.changed {
        out.diverge()?;
        temp.replace()?;
    }
    Ok(written)
}

/// Passes on what is written to it, except that bytes equal to the start of `source` are held
/// back as a count until the first one that is not (then they are written from `source`).
struct UnlessUnchanged<'s, W> {
    source: &'s [u8],
    /// How many bytes written so far are the start of `source` (while not `diverged`).
    same: usize,
    diverged: bool,
    out: W,
}

impl<W: Write> UnlessUnchanged<'_, W> {
    /// Writes what was held back: the text differs from the source after all.
    fn diverge(&mut self) -> std::io::Result<()> {
        if !self.diverged {
            self.out
                .write_all(self.source.get(..self.same).unwrap_or_default())?;
            self.diverged = true;
        }
        Ok(())
    }
}

impl<W: Write> Write for UnlessUnchanged<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.diverged {
            if self
                .source
                .get(self.same..)
                .is_some_and(|rest| rest.starts_with(buf))
            {
                self.same += buf.len();
                return Ok(buf.len());
            }
            self.diverge()?;
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
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

    /// `--write` on a file of the size formatted part by part: replaced by the formatted text;
    /// left alone (and no temporary file left) when formatted already, when refused, and when
    /// a part fails the check after others were written to the temporary file.
    #[test]
    fn rewrite_replaces_a_file_only_when_it_changed_and_passed() {
        let reader = crate::zonefile::ReaderOptions::with_origin("example.").unwrap();
        let options = FormatOptions::default();
        let zone = crate::test_support::many_records(60_000, None);
        assert!(zone.len() > 1 << 20);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("zone.db");
        let files = || std::fs::read_dir(dir.path()).unwrap().count();
        let expected = format(&zone, None, &reader, &options).unwrap().text;

        // A fault late in the text: the parts before it pass, and still nothing replaces the file.
        std::fs::write(&path, &zone).unwrap();
        let faulty: (&[u8], &[u8]) = (b"192.0.234.86", b"192.0.234.87");
        assert!(memchr::memmem::find(&expected, faulty.0).unwrap() > 1 << 20);
        crate::fmt::format::fault::FAULT.set(Some(faulty));
        let refused = rewrite(&path, &zone, &reader, &options);
        crate::fmt::format::fault::FAULT.set(None);
        match refused {
            Err(FormatToError::Format(FormatError::Unsafe(m))) => {
                assert!(m.contains("only the first"), "{m}")
            }
            other => panic!("{other:?}"),
        }
        assert!(std::fs::read(&path).unwrap() == zone);
        assert_eq!(files(), 1);

        let written = rewrite(&path, &zone, &reader, &options).unwrap();
        assert!(written.changed);
        assert!(std::fs::read(&path).unwrap() == expected);
        assert_eq!(files(), 1);

        // Formatted already: not touched.
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(
            !rewrite(&path, &expected, &reader, &options)
                .unwrap()
                .changed
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            modified
        );
        assert_eq!(files(), 1);

        let mut bad = zone.clone();
        bad.extend_from_slice(b"x A 192.0.2.300\n");
        std::fs::write(&path, &bad).unwrap();
        assert!(matches!(
            rewrite(&path, &bad, &reader, &options),
            Err(FormatToError::Format(FormatError::Invalid(_)))
        ));
        assert!(std::fs::read(&path).unwrap() == bad);
        assert_eq!(files(), 1);
    }

    /// Bytes equal to the start of the source are held back until one differs, or until the
    /// text turns out shorter than the source.
    #[test]
    fn only_a_changed_text_is_passed_on() {
        let source = b"a A 1\nb A 2\n\n";
        let fresh = || UnlessUnchanged {
            source,
            same: 0,
            diverged: false,
            out: Vec::new(),
        };
        let mut out = fresh();
        out.write_all(b"a A 1\n").unwrap();
        out.write_all(b"b A").unwrap();
        assert!(out.out.is_empty());
        out.write_all(b" 2\n").unwrap();
        out.diverge().unwrap();
        assert_eq!(out.out, b"a A 1\nb A 2\n");
        let mut out = fresh();
        out.write_all(b"a A 1\nb  A 2\n").unwrap();
        out.write_all(b"c A 3\n").unwrap();
        assert_eq!(out.out, b"a A 1\nb  A 2\nc A 3\n");
    }

    #[test]
    fn atomic_write_fails_cleanly_on_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomically(&dir.path().join("missing.db"), b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
