//! Diagnostics rendered for people, the way rustc renders its errors, and as JSON for tools:
//!
//! ```text
//! error[ZF0141]: www.example. has a CNAME record and other data (A)
//!  --> zone.db:6:5
//!   |
//! 6 | www   CNAME  ns1
//!   |       ^^^^^
//! 7 | www   A      192.0.2.9
//!   |       - the A record is here
//!   = help: a name with a CNAME can have no other records (RFC 1034 §3.6.2); ...
//! ```
//!
//! Related places in the same file are shown as lines of the snippet, underlined with `-`;
//! places whose text is not at hand become `= note:` lines. Colour is ANSI escapes, on only when
//! asked (the caller decides from the terminal and `NO_COLOR`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use crate::error::{Diagnostic, Location, Severity};
use crate::validate::Sources;

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
}

impl Style {
    /// Colour when `stream_is_terminal` and the `NO_COLOR` convention does not forbid it.
    pub fn for_stream(stream_is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: stream_is_terminal && !no_color,
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

const BOLD_RED: &str = "1;31";
const BOLD_YELLOW: &str = "1;33";
const BOLD_BLUE: &str = "1;34";
const BOLD: &str = "1";

/// The multi-line rendering of `d`, ending in a newline, without colour or extra sources.
pub fn render(d: &Diagnostic) -> String {
    render_styled(d, Style::default(), None)
}

/// One line of source to show with an underline and, for a related place, a label.
struct Shown<'d> {
    line: u32,
    text: String,
    column: u32,
    len: u32,
    primary: bool,
    label: Option<&'d str>,
}

/// The source line `location` points into, from `sources`.
fn line_at(sources: Option<&dyn Sources>, location: &Location) -> Option<String> {
    let (_, text) = sources?.line(location.file.as_deref(), location.offset)?;
    let mut line: &[u8] = &text;
    if let Some(without_cr) = line.strip_suffix(b"\r") {
        line = without_cr;
    }
    Some(Diagnostic::source_text(line.get(..line.len().min(400))?))
}

/// The rendering of `d`; `sources` supplies the lines of related places.
pub fn render_styled(d: &Diagnostic, style: Style, sources: Option<&dyn Sources>) -> String {
    let mut out = String::new();
    let level_color = match d.severity {
        Severity::Error => BOLD_RED,
        Severity::Warning => BOLD_YELLOW,
    };
    let _ = writeln!(
        out,
        "{}{}",
        style.paint(level_color, &format!("{}[{}]", d.severity, d.code)),
        style.paint(BOLD, &format!(": {}", printable(&d.message)))
    );
    let loc = &d.location;
    let mut shown: Vec<Shown<'_>> = Vec::new();
    if let Some(source) = d.source_line.as_deref().filter(|_| loc.line > 0) {
        shown.push(Shown {
            line: loc.line,
            text: source.to_string(),
            column: loc.column,
            len: loc.len,
            primary: true,
            label: None,
        });
    }
    let mut notes: Vec<String> = Vec::new();
    for (related, note) in &d.related {
        let same_file = related.file == loc.file;
        match line_at(sources, related).filter(|_| same_file && related.line > 0) {
            Some(text) if !shown.is_empty() => shown.push(Shown {
                line: related.line,
                text,
                column: related.column,
                len: related.len,
                primary: false,
                label: Some(note),
            }),
            _ => notes.push(printable(&format!("{note} ({related})")).into_owned()),
        }
    }
    shown.sort_by_key(|s| (s.line, !s.primary));
    let widest = shown
        .iter()
        .map(|s| s.line)
        .chain([loc.line])
        .max()
        .unwrap_or(0);
    let pad = " ".repeat(widest.to_string().len());
    let file = loc.file.as_deref().unwrap_or("<input>");
    // Whole-file diagnostics (no SOA at all, say) have no line: name the file alone.
    let place = if loc.line == 0 {
        file.to_string()
    } else {
        format!("{file}:{}:{}", loc.line, loc.column)
    };
    let _ = writeln!(out, "{pad}{} {place}", style.paint(BOLD_BLUE, "-->"));
    let bar = style.paint(BOLD_BLUE, "|");
    if !shown.is_empty() {
        let _ = writeln!(out, "{pad} {bar}");
    }
    let mut previous: Option<u32> = None;
    for s in &shown {
        // A column past the end of the text (a long line is shown shortened): the mark goes
        // under a `…` that stands for the rest, with the column, instead of after as many
        // blanks as the column says (a megabyte of them on a long line).
        let past = (s.column.max(1) - 1) as usize > byte_width(&s.text);
        if previous != Some(s.line) {
            let number = format!("{:>width$}", s.line, width = pad.len());
            let ellipsis = if past { " …" } else { "" };
            let _ = writeln!(
                out,
                "{} {bar} {}{ellipsis}",
                style.paint(BOLD_BLUE, &number),
                pictured(&s.text)
            );
        }
        previous = Some(s.line);
        let (mark, color) = if s.primary {
            ('^', level_color)
        } else {
            ('-', BOLD_BLUE)
        };
        let (blank, marks) = if past {
            let mut blank: String = s
                .text
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            blank.push(' ');
            (blank, format!("{mark} column {}", s.column))
        } else {
            underline(&s.text, s.column, s.len, mark)
        };
        let label = s.label.map(|l| format!(" {l}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{pad} {bar} {blank}{}",
            style.paint(color, &format!("{marks}{label}"))
        );
    }
    if let Some(help) = &d.help {
        let help = printable(help);
        let _ = writeln!(out, "{pad} {} {help}", style.paint(BOLD, "= help:"));
    } else if shown
        .iter()
        .any(|s| s.primary && s.text.trim_end_matches('\r').contains('\r'))
    {
        let _ = writeln!(out, "{pad} {} {LONE_CR_HELP}", style.paint(BOLD, "= help:"));
    }
    for note in notes {
        let _ = writeln!(out, "{pad} {} {note}", style.paint(BOLD, "= note:"));
    }
    out
}

/// The hint for a line that holds carriage returns without line feeds: the whole file then
/// reads as one line, and the error is far from what the author sees as the cause.
const LONE_CR_HELP: &str = "this line holds carriage returns without a line feed (classic Mac OS \
     line ends): zonefmt reads a lone CR as a blank, not as a line break (FORMAT.md, \"Line \
     ends\"); convert them to line feeds, for example with `tr '\\r' '\\n'`";

/// `text` with control characters written as zone files escape them (`\027`), so that text
/// quoted from a zone file cannot move the cursor, recolour or clear the reader's terminal.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {
                for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                    let _ = write!(out, "\\{byte:03}");
                }
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A source line for display: each control character but the tab becomes its one-column
/// picture (U+2400 block: `␍`, `␛`), keeping every column where the underline expects it and
/// the terminal safe from escape sequences in the file.
fn pictured(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' => c,
                '\u{7f}' => '\u{2421}',
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('?'),
                c if c.is_control() => char::REPLACEMENT_CHARACTER,
                c => c,
            })
            .collect(),
    )
}

/// The bytes of source that `text` (a [`Diagnostic::source_text`]) shows: a U+FFFD stands
/// for one byte.
fn source_bytes(ch: char) -> usize {
    if ch == char::REPLACEMENT_CHARACTER {
        1
    } else {
        ch.len_utf8()
    }
}

fn byte_width(text: &str) -> usize {
    text.chars().map(source_bytes).sum()
}

/// Blanks up to byte column `column` (tabs kept, so the marks line up), then `len` marks (at
/// least one). Columns count bytes of the source, which `source` shows as
/// [`Diagnostic::source_text`] makes it (a U+FFFD for each byte that is not UTF-8).
fn underline(source: &str, column: u32, len: u32, mark: char) -> (String, String) {
    let start = (column.max(1) - 1) as usize;
    let end = start.saturating_add(len as usize);
    let mut blank = String::new();
    let mut marks = 0usize;
    let mut at = 0usize;
    for ch in source.chars() {
        if at >= start {
            if at < end {
                marks += 1;
            }
        } else {
            blank.push(if ch == '\t' { '\t' } else { ' ' });
        }
        at += source_bytes(ch);
    }
    if at < start {
        blank.push_str(&" ".repeat(start - at));
    }
    (blank, mark.to_string().repeat(marks.max(1)))
}

/// Blanks up to byte column `column`, then `len` carets.
#[cfg(test)]
fn caret(source: &str, column: u32, len: u32) -> String {
    let (blank, marks) = underline(source, column, len, '^');
    blank + &marks
}

/// Where `location` ends: the same line, `len` bytes on.
fn end_of(location: &Location) -> serde_json::Value {
    serde_json::json!({
        "line": location.line,
        "column": location.column.saturating_add(location.len),
    })
}

/// `d` as one JSON object: code, severity, file, line, column, end, message, help and the
/// related places, for editors and CI.
pub fn to_json(d: &Diagnostic) -> serde_json::Value {
    let loc = &d.location;
    let related: Vec<serde_json::Value> = d
        .related
        .iter()
        .map(|(l, note)| {
            serde_json::json!({
                "file": l.file.as_deref(),
                "line": l.line,
                "column": l.column,
                "end": end_of(l),
                "note": note,
            })
        })
        .collect();
    serde_json::json!({
        "code": d.code.as_str(),
        "severity": d.severity.to_string(),
        "file": loc.file.as_deref(),
        "line": loc.line,
        "column": loc.column,
        "end": end_of(loc),
        "message": d.message,
        "help": d.help,
        "related": related,
    })
}

/// The text of the files a zone was read from, read on first use (a diagnostic-free run of a
/// big zone never holds its text), or given up front for standard input.
///
/// A file larger than 16 MiB is not read whole for a few source lines: each line is read from
/// a window around its offset, until a run has asked for more than 10 000 lines of it.
pub struct SourceCache {
    files: HashMap<Arc<str>, OnceLock<Option<Vec<u8>>>>,
    given: HashMap<Arc<str>, Vec<u8>>,
    /// Files larger than this are read a line at a time.
    window_above: u64,
    /// Lines read a window at a time so far.
    windowed: AtomicU32,
}

impl Default for SourceCache {
    fn default() -> SourceCache {
        SourceCache {
            files: HashMap::new(),
            given: HashMap::new(),
            window_above: 16 << 20,
            windowed: AtomicU32::new(0),
        }
    }
}

/// Lines read a window at a time before a file is read whole after all.
const MAX_WINDOWED: u32 = 10_000;

/// The line of the file at `path` that holds byte `offset`, read from a window around it that
/// grows until it holds the whole line (lines longer than 16 MiB are not shown).
fn read_line_at(path: &str, offset: u64, size: u64) -> Option<(u64, Vec<u8>)> {
    use std::io::{Read, Seek, SeekFrom};
    if offset > size {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut window = 4096u64;
    loop {
        let from = offset.saturating_sub(window);
        let to = offset.saturating_add(window).min(size);
        file.seek(SeekFrom::Start(from)).ok()?;
        let mut buf = vec![0u8; usize::try_from(to - from).ok()?];
        file.read_exact(&mut buf).ok()?;
        let at = usize::try_from(offset - from).ok()?;
        let start = memchr::memrchr(b'\n', buf.get(..at)?);
        let end = memchr::memchr(b'\n', buf.get(at..)?);
        if (start.is_some() || from == 0) && (end.is_some() || to == size) {
            let s = start.map_or(0, |n| n + 1);
            let e = end.map_or(buf.len(), |n| at + n);
            return Some((from + s as u64, buf.get(s..e)?.to_vec()));
        }
        if window >= 16 << 20 {
            return None;
        }
        window *= 4;
    }
}

impl SourceCache {
    /// A cache that can read the files named in `locations` (each read at most once).
    pub fn new<'l>(locations: impl IntoIterator<Item = &'l Location>) -> SourceCache {
        let mut files: HashMap<Arc<str>, OnceLock<Option<Vec<u8>>>> = HashMap::new();
        let mut last: Option<&Arc<str>> = None;
        for location in locations {
            let Some(file) = &location.file else {
                continue;
            };
            if last.is_some_and(|l| Arc::ptr_eq(l, file)) {
                continue;
            }
            last = Some(file);
            files.entry(file.clone()).or_default();
        }
        SourceCache {
            files,
            ..SourceCache::default()
        }
    }

    /// A cache that can read `files` (each read at most once).
    pub fn for_files(files: impl IntoIterator<Item = Arc<str>>) -> SourceCache {
        SourceCache {
            files: files.into_iter().map(|f| (f, OnceLock::new())).collect(),
            ..SourceCache::default()
        }
    }

    /// Uses `text` for `file` instead of reading it (standard input, `-`).
    pub fn give(&mut self, file: &str, text: Vec<u8>) {
        self.given.insert(Arc::from(file), text);
    }
}

impl Sources for SourceCache {
    fn text(&self, file: Option<&str>) -> Option<&[u8]> {
        let file = file?;
        if let Some(text) = self.given.get(file) {
            return Some(text);
        }
        self.files
            .get(file)?
            .get_or_init(|| std::fs::read(file).ok())
            .as_deref()
    }

    fn line(&self, file: Option<&str>, offset: u64) -> Option<(u64, Cow<'_, [u8]>)> {
        let name = file?;
        let cell = self.files.get(name);
        let unread = !self.given.contains_key(name) && cell.is_some_and(|c| c.get().is_none());
        if unread && self.windowed.fetch_add(1, Ordering::Relaxed) < MAX_WINDOWED {
            let size = std::fs::metadata(name).map_or(0, |m| m.len());
            if size > self.window_above {
                let (start, line) = read_line_at(name, offset, size)?;
                return Some((start, Cow::Owned(line)));
            }
        }
        let (start, line) = crate::validate::source::line_in(self.text(file)?, offset)?;
        Some((start, Cow::Borrowed(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_files_are_read_a_line_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.db");
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!("h{i} A 192.0.2.{}\r\n", i % 256));
        }
        text.push_str(&"x".repeat(20_000));
        text.push_str("\nlast");
        std::fs::write(&path, &text).unwrap();
        let name = path.to_str().unwrap();
        let location = Location {
            file: Some(name.into()),
            ..Location::default()
        };
        let mut cache = SourceCache::new([&location]);
        cache.window_above = 0;
        for offset in [
            0,
            1,
            17,
            4096,
            30_000,
            40_000,
            text.len() as u64 - 1,
            text.len() as u64,
        ] {
            let want = line_in(text.as_bytes(), offset).map(|(s, l)| (s, l.to_vec()));
            let got = cache
                .line(Some(name), offset)
                .map(|(s, l)| (s, l.into_owned()));
            assert_eq!(got, want, "at {offset}");
            assert!(cache.files[name].get().is_none(), "not read whole");
        }
        assert!(cache.line(Some(name), text.len() as u64 + 1).is_none());
        // Past the windowed allowance the file is read whole, with the same answers.
        cache.windowed.store(MAX_WINDOWED, Ordering::Relaxed);
        let want = line_in(text.as_bytes(), 30_000).map(|(s, l)| (s, l.to_vec()));
        let got = cache
            .line(Some(name), 30_000)
            .map(|(s, l)| (s, l.into_owned()));
        assert_eq!(got, want);
        assert!(cache.files[name].get().is_some());
    }
    use crate::error::{ErrorCode, Location};
    use crate::validate::source::line_in;
    use crate::validate::SingleSource;

    fn at(line: u32, column: u32, offset: u64, len: u32) -> Location {
        Location {
            file: Some("zone.db".into()),
            line,
            column,
            offset,
            len,
        }
    }

    #[test]
    fn rustc_style() {
        let mut d = Diagnostic::error(
            ErrorCode::BadField,
            "invalid IPv4 address \"192.0.2.256\" in A record",
            at(12, 8, 0, 11),
        );
        d.source_line = Some("www\tA\t\t192.0.2.256".into());
        assert_eq!(
            render(&d),
            "error[ZF0106]: invalid IPv4 address \"192.0.2.256\" in A record\n  --> zone.db:12:8\n   |\n12 | www\tA\t\t192.0.2.256\n   |    \t \t\t^^^^^^^^^^^\n"
        );
    }

    #[test]
    fn caret_at_end_of_line() {
        assert_eq!(caret("x A", 4, 0), "   ^");
    }

    #[test]
    fn caret_counts_a_replacement_character_as_one_byte() {
        let shown = Diagnostic::source_text(b"\xff\xfe A 1.2.3.x");
        assert_eq!(caret(&shown, 6, 7), "     ^^^^^^^");
        assert_eq!(caret("é A x", 6, 1), "    ^");
    }

    #[test]
    fn a_column_past_the_shown_text_is_named_not_padded() {
        let mut d = Diagnostic::error(
            ErrorCode::TrailingData,
            "unexpected \"x\"",
            at(3, 900_016, 0, 1),
        );
        d.source_line = Some("www A 192.0.2.1".into());
        assert_eq!(
            render(&d),
            "error[ZF0108]: unexpected \"x\"\n --> zone.db:3:900016\n  |\n3 | www A 192.0.2.1 …\n  |                 ^ column 900016\n"
        );
    }

    const TEXT: &str = "www CNAME ns1\nmx MX 10 mail\nwww A 192.0.2.9\n";

    fn conflict() -> Diagnostic {
        let mut d = Diagnostic::error(
            ErrorCode::CnameAndOtherData,
            "www.example. has a CNAME record and other data (A)",
            at(1, 5, 4, 5),
        );
        d.source_line = Some("www CNAME ns1".into());
        d.related
            .push((at(3, 5, 34, 1), "the A record is here".into()));
        d.help = Some("drop one".into());
        d
    }

    #[test]
    fn related_places_in_the_snippet() {
        let sources = SingleSource(TEXT.as_bytes());
        let shown = render_styled(&conflict(), Style::default(), Some(&sources));
        assert_eq!(
            shown,
            "error[ZF0141]: www.example. has a CNAME record and other data (A)\n \
             --> zone.db:1:5\n  |\n1 | www CNAME ns1\n  |     ^^^^^\n3 | www A 192.0.2.9\n  |     - the A record is here\n  = help: drop one\n"
        );
        // Without the text, the related place is a note.
        let shown = render(&conflict());
        assert!(
            shown.ends_with("  = note: the A record is here (zone.db:3:5)\n"),
            "{shown}"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = render_styled(&conflict(), Style { color: false }, None);
        assert!(!plain.contains('\x1b'));
        let coloured = render_styled(&conflict(), Style { color: true }, None);
        assert!(coloured.starts_with("\x1b[1;31merror[ZF0141]\x1b[0m"));
        assert!(!Style::for_stream(false).color);
    }

    #[test]
    fn json_object() {
        let value = to_json(&conflict());
        assert_eq!(value["code"], "ZF0141");
        assert_eq!(value["severity"], "error");
        assert_eq!(value["file"], "zone.db");
        assert_eq!(
            (value["line"].as_u64(), value["column"].as_u64()),
            (Some(1), Some(5))
        );
        assert_eq!(value["end"]["column"], 10);
        assert_eq!(value["help"], "drop one");
        assert_eq!(value["related"][0]["line"], 3);
        assert_eq!(value["related"][0]["note"], "the A record is here");
    }

    #[test]
    fn source_cache_reads_lazily() {
        let dir = std::env::temp_dir().join(format!("zonefmt-render-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("z.db");
        std::fs::write(&path, TEXT).unwrap();
        let name = path.display().to_string();
        let location = Location {
            file: Some(Arc::from(name.as_str())),
            ..at(3, 1, 28, 3)
        };
        let mut cache = SourceCache::new([&location]);
        assert_eq!(
            line_at(Some(&cache), &location).as_deref(),
            Some("www A 192.0.2.9")
        );
        assert!(cache.text(Some("unknown.db")).is_none());
        cache.give("-", b"x".to_vec());
        assert_eq!(cache.text(Some("-")), Some(&b"x"[..]));
        std::fs::remove_dir_all(&dir).unwrap();
    }
    fn first_rendered(zone: &str) -> String {
        let options = crate::zonefile::ReaderOptions::with_origin("example.com.").unwrap();
        let zone = crate::zonefile::read_str(zone, &options);
        let first = zone.diagnostics.first().expect("a diagnostic");
        render(first)
    }

    #[test]
    fn text_from_the_file_cannot_drive_the_terminal() {
        let out = first_rendered("ns IN A 192.0.2.\x1b[2J\x1b[31mX\u{9b}1m\x07\n");
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        // The message quotes the text as a zone file escapes it; the source line shows the
        // pictures, one column each, so the carets still start under the address.
        assert!(
            out.contains(r#""192.0.2.\027[2J\027[31mX\194\1551m\007""#),
            "{out}"
        );
        let lines: Vec<&str> = out.lines().collect();
        let source = lines.iter().find(|l| l.starts_with("1 |")).unwrap();
        assert!(
            source.ends_with("ns IN A 192.0.2.\u{241b}[2J\u{241b}[31mX\u{fffd}1m\u{2407}"),
            "{source}"
        );
        let carets = lines.iter().find(|l| l.contains('^')).unwrap();
        assert_eq!(carets.find('^'), source.find("192"), "{out}");
    }

    #[test]
    fn lone_carriage_returns_get_a_hint() {
        let out = first_rendered("$TTL 300\r@ IN SOA ns hm 1 2 3 4 5\r@ IN NS ns\r");
        assert!(
            out.contains("= help: this line holds carriage returns without a line feed"),
            "{out}"
        );
        assert!(!out.contains('\r'), "{out:?}");
        assert!(out.contains("$TTL 300\u{240d}@ IN SOA"), "{out}");
        // CRLF line ends are ordinary: no hint.
        let out = first_rendered("$TTL 300\r\nwww IN A 192.0.2.300\r\n");
        assert!(!out.contains("carriage"), "{out}");
        assert!(out.contains("192.0.2.300"), "{out}");
    }
}
