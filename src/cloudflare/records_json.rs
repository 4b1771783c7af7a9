//! Reading and writing lists of API records as text: what `from-json` takes and `to-json`
//! writes.
//!
//! Input may be an API answer (`{"success":…, "result":[…]}`, one page of a list or a single
//! record), a bare array, one record object, or JSON Lines (one record per line, or any
//! sequence of JSON values). A record that does not read is reported with its place and the
//! others are kept.

use serde::de::IgnoredAny;
use serde_json::Value;

use super::json_out;
use super::model::DnsRecord;
use crate::error::{Diagnostic, ErrorCode, Location};

/// Records read from JSON text, each with where it starts, and the problems found.
#[derive(Debug, Clone, Default)]
pub struct RecordsJson {
    pub records: Vec<DnsRecord>,
    /// The place of each record (same index as `records`).
    pub locations: Vec<Location>,
    pub diagnostics: Vec<Diagnostic>,
    /// The zone name, when the records say it (`zone_name` of legacy answers).
    pub zone_name: Option<String>,
}

/// At most this many records that do not read are reported, each with its place; the rest are
/// counted in one last diagnostic (a file of a million bad records must not give a million).
pub const MAX_REPORTED: usize = 100;

/// Messages quote the input: a quoted value is cut to this many characters.
const MAX_QUOTED: usize = 200;

/// Reads every record in `text`; `file` names it in diagnostics. Each record's location is
/// where its object starts (the line of an array element, or of a JSON Lines line).
///
/// The text is first checked as JSON without building anything; then each record is built and
/// converted on its own, so a file of a million records is never held as one tree of values.
pub fn read(text: &str, file: Option<&str>) -> RecordsJson {
    let mut records = Vec::new();
    let mut locations = Vec::new();
    let mut out = read_with(text, file, &mut |record, location| {
        records.push(record);
        locations.push(location);
    });
    out.records = records;
    out.locations = locations;
    out
}

/// As [`read`], giving each record to `each` as soon as it is read instead of keeping it (the
/// result's `records` and `locations` stay empty): a caller that converts records one by one
/// never holds them all.
pub fn read_with(
    text: &str,
    file: Option<&str>,
    each: &mut dyn FnMut(DnsRecord, Location),
) -> RecordsJson {
    let mut out = RecordsJson::default();
    let lines = Lines::new(text, file);
    let mut tops = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<IgnoredAny>();
    loop {
        let start = skip_blanks(text, stream.byte_offset());
        match stream.next() {
            None => break,
            Some(Ok(_)) => tops.push(start),
            Some(Err(e)) => {
                out.diagnostics.push(json_error(&lines, &e, 0));
                break;
            }
        }
    }
    let mut reader = Records {
        text,
        lines: &lines,
        each,
        out,
        unreported: 0,
    };
    for offset in tops {
        reader.top(offset);
    }
    let mut out = reader.finish();
    for d in &mut out.diagnostics {
        if d.source_line.is_none() {
            d.source_line = lines.text_of(d.location.line);
        }
    }
    out
}

/// The diagnostic for a JSON syntax error `e` met by a parser that started at `base` of the
/// text.
fn json_error(lines: &Lines<'_>, e: &serde_json::Error, base: usize) -> Diagnostic {
    let start = lines.at(base);
    let (line, column) = if e.line() <= 1 {
        (
            start.line as usize,
            (start.column as usize).saturating_add(e.column().saturating_sub(1)),
        )
    } else {
        (
            (start.line as usize).saturating_add(e.line() - 1),
            e.column(),
        )
    };
    let offset = lines.start_of(line) + column.saturating_sub(1);
    Diagnostic::error(
        ErrorCode::CfBadJson,
        // serde's own "at line L column C" counts from where that parser started; the
        // location says where in the file.
        clip(format!(
            "not valid JSON: {}",
            e.to_string()
                .trim_end_matches(&format!(" at line {} column {}", e.line(), e.column()))
        )),
        Location {
            column: u32::try_from(column).unwrap_or(u32::MAX),
            ..lines.at(offset)
        },
    )
}

/// `message` cut to [`MAX_QUOTED`] characters (serde's messages quote the offending value).
fn clip(message: String) -> String {
    if message.chars().count() <= MAX_QUOTED {
        return message;
    }
    let mut cut: String = message.chars().take(MAX_QUOTED - 3).collect();
    cut.push_str("...");
    cut
}

/// The state of [`read`] once the text is known to be JSON.
struct Records<'t, 'l> {
    text: &'t str,
    lines: &'l Lines<'t>,
    each: &'l mut dyn FnMut(DnsRecord, Location),
    out: RecordsJson,
    /// Problems found past [`MAX_REPORTED`].
    unreported: usize,
}

impl Records<'_, '_> {
    /// The (valid) JSON value at `offset`, built on its own.
    fn value_at(&mut self, offset: usize) -> Option<Value> {
        let rest = self.text.get(offset..)?;
        match serde_json::Deserializer::from_str(rest)
            .into_iter::<Value>()
            .next()?
        {
            Ok(value) => Some(value),
            // Only what the first pass lets through (a lone UTF-16 surrogate in an escape).
            Err(e) => {
                let d = json_error(self.lines, &e, offset);
                self.report(d);
                None
            }
        }
    }

    fn report(&mut self, d: Diagnostic) {
        if self.out.diagnostics.len() < MAX_REPORTED {
            self.out.diagnostics.push(d);
        } else {
            self.unreported += 1;
        }
    }

    /// A value at the top of the text: an array of records, an API answer, or one record.
    fn top(&mut self, offset: usize) {
        let bytes = self.text.as_bytes();
        match bytes.get(offset) {
            Some(b'[') => self.array(offset),
            Some(b'{') => {
                let success = member_value(bytes, offset, "success");
                let result = member_value(bytes, offset, "result");
                if success.is_none() && result.is_none() {
                    if let Some(value) = self.value_at(offset) {
                        self.push_one(value, offset, None);
                    }
                    return;
                }
                if success.and_then(|at| self.value_at(at)) == Some(Value::Bool(false)) {
                    let errors = member_value(bytes, offset, "errors")
                        .and_then(|at| self.value_at(at))
                        .map_or_else(String::new, |v| v.to_string());
                    let d = Diagnostic::error(
                        ErrorCode::CfBadJson,
                        clip(format!("the input is a failed API answer: {errors}")),
                        self.lines.at(offset),
                    );
                    self.report(d);
                }
                match result.map(|at| (at, bytes.get(at))) {
                    Some((at, Some(b'['))) => self.array(at),
                    Some((at, Some(b'{'))) => {
                        if let Some(value) = self.value_at(at) {
                            self.push_one(value, at, None);
                        }
                    }
                    _ => {}
                }
            }
            _ => {
                if let Some(value) = self.value_at(offset) {
                    self.push_one(value, offset, None);
                }
            }
        }
    }

    /// The elements of the array at `open`, each a record.
    fn array(&mut self, open: usize) {
        let places = array_items(self.text.as_bytes(), open);
        for (i, place) in places.into_iter().enumerate() {
            if let Some(value) = self.value_at(place) {
                self.push_one(value, place, Some(i + 1));
            }
        }
    }

    fn push_one(&mut self, value: Value, offset: usize, index: Option<usize>) {
        let location = self.lines.at(offset);
        if !value.is_object() {
            let d = Diagnostic::error(
                ErrorCode::CfBadJson,
                format!(
                    "{} is not an API record: a JSON object was expected, not {}",
                    describe(&value, index),
                    kind(&value)
                ),
                location,
            );
            self.report(d);
            return;
        }
        let label = describe(&value, index);
        match serde_json::from_value::<DnsRecord>(value) {
            Ok(record) => {
                if self.out.zone_name.is_none() {
                    self.out.zone_name = record.response.zone_name.clone();
                }
                (self.each)(record, location);
            }
            Err(e) => {
                let d = Diagnostic::error(
                    ErrorCode::CfBadJson,
                    clip(format!("{label} is not an API record: {e}")),
                    location,
                );
                self.report(d);
            }
        }
    }

    fn finish(mut self) -> RecordsJson {
        if self.unreported > 0 {
            let at = self
                .out
                .diagnostics
                .last()
                .map(|d| d.location.clone())
                .unwrap_or_default();
            self.out.diagnostics.push(Diagnostic::error(
                ErrorCode::CfBadJson,
                format!(
                    "{} more record{} did not read (only the first {MAX_REPORTED} problems are shown)",
                    self.unreported,
                    if self.unreported == 1 { "" } else { "s" }
                ),
                at,
            ));
        }
        self.out
    }
}

/// `an array`, `the number 42`, ... for messages.
fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => clip(format!("the number {n}")),
        Value::String(s) => format!(
            "a string (\"{}\")",
            crate::rr::fields::shorten(s.as_bytes())
        ),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// `record 3 ("www.example.com" A)` for messages.
fn describe(value: &Value, index: Option<usize>) -> String {
    let name = value.get("name").and_then(Value::as_str);
    let rtype = value.get("type").and_then(Value::as_str);
    let mut out = match index {
        Some(i) => format!("record {i}"),
        None => "record".to_string(),
    };
    if let Some(name) = name {
        out.push_str(&format!(
            " (\"{}\" {})",
            crate::rr::fields::shorten(name.as_bytes()),
            crate::rr::fields::shorten(rtype.unwrap_or("?").as_bytes())
        ));
    }
    out
}

fn skip_blanks(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or("");
    offset + (rest.len() - rest.trim_start().len())
}

/// Where the lines of the input start, for turning offsets into locations in O(log n).
struct Lines<'t> {
    text: &'t str,
    file: Option<std::sync::Arc<str>>,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str, file: Option<&str>) -> Lines<'t> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines {
            text,
            file: file.map(Into::into),
            starts,
        }
    }

    /// The offset where line `line` (from 1) starts.
    fn start_of(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    fn at(&self, offset: usize) -> Location {
        let index = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts.get(index).copied().unwrap_or(0);
        Location {
            file: self.file.clone(),
            line: u32::try_from(index + 1).unwrap_or(u32::MAX),
            column: u32::try_from(offset.saturating_sub(start) + 1).unwrap_or(u32::MAX),
            offset: offset as u64,
            len: 0,
        }
    }

    /// The text of line `line` (from 1), shortened, for a diagnostic's snippet.
    fn text_of(&self, line: u32) -> Option<String> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let rest = self.text.get(start..)?;
        let body = rest.split('\n').next()?.trim_end_matches('\r');
        let body = body.as_bytes();
        Some(Diagnostic::source_text(body.get(..400).unwrap_or(body)))
    }
}

/// Steps over the JSON value starting at `at` (already known to be valid) and returns the
/// offset just after it.
fn skip_value(text: &[u8], at: usize) -> usize {
    let mut i = at;
    let mut depth = 0usize;
    while let Some(&b) = text.get(i) {
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = text.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                i += 1;
                if depth == 0 {
                    return i;
                }
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                if depth <= 1 {
                    // The end of this value, or (for a scalar) of the enclosing one.
                    return if depth == 0 { i } else { i + 1 };
                }
                depth -= 1;
            }
            b',' | b':' if depth == 0 => return i,
            b if depth == 0 && b.is_ascii_whitespace() => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

fn skip_ws(text: &[u8], mut i: usize) -> usize {
    while text.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The start offsets of the elements of the (valid) JSON array whose `[` is at `open`.
fn array_items(text: &[u8], open: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if text.get(open) != Some(&b'[') {
        return out;
    }
    let mut i = skip_ws(text, open + 1);
    while let Some(&b) = text.get(i) {
        if b == b']' {
            break;
        }
        out.push(i);
        i = skip_ws(text, skip_value(text, i));
        if text.get(i) == Some(&b',') {
            i = skip_ws(text, i + 1);
        }
    }
    out
}

/// The start offset of the value of member `key` of the (valid) JSON object whose `{` is at
/// `open`.
fn member_value(text: &[u8], open: usize, key: &str) -> Option<usize> {
    if text.get(open) != Some(&b'{') {
        return None;
    }
    let mut i = skip_ws(text, open + 1);
    while text.get(i) == Some(&b'"') {
        let end = skip_value(text, i);
        let name: Option<String> = text
            .get(i..end)
            .and_then(|raw| serde_json::from_slice(raw).ok());
        i = skip_ws(text, end);
        if text.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(text, i + 1);
        if name.as_deref() == Some(key) {
            return Some(i);
        }
        i = skip_ws(text, skip_value(text, i));
        if text.get(i) == Some(&b',') {
            i = skip_ws(text, i + 1);
        }
    }
    None
}

/// Writes records as a pretty JSON array (with `lines`, one compact record per line).
pub fn write(records: &[DnsRecord], lines: bool) -> String {
    let mut writer = Writer::new(Vec::new(), lines);
    for r in records {
        // Writing to memory cannot fail, and serialising a record has no failing case.
        let _ = writer.push(r);
    }
    let out = writer.finish().unwrap_or_default();
    String::from_utf8(out).unwrap_or_default()
}

/// Writes records one at a time, as they come: a pretty JSON array (the same text as
/// `serde_json::to_string_pretty` of the whole list, then a newline) or JSON Lines (each line
/// `serde_json::to_string` of a record). The text is written by hand ([`super::json_out`])
/// into a buffer reused for every record and handed to `out` in pieces of about 64 KiB.
#[derive(Debug)]
pub struct Writer<W: std::io::Write> {
    out: W,
    lines: bool,
    written: usize,
    buffer: Vec<u8>,
}

/// How much text is gathered before it is written out.
const CHUNK: usize = 1 << 16;

impl<W: std::io::Write> Writer<W> {
    /// A writer to `out`; `lines` for JSON Lines.
    pub fn new(out: W, lines: bool) -> Writer<W> {
        Writer {
            out,
            lines,
            written: 0,
            buffer: Vec::with_capacity(CHUNK + 4096),
        }
    }

    /// Writes one record.
    pub fn push(&mut self, record: &DnsRecord) -> std::io::Result<()> {
        if self.lines {
            json_out::write_record(&mut self.buffer, record, None);
            self.buffer.push(b'\n');
        } else {
            self.buffer.extend_from_slice(if self.written == 0 {
                b"[\n  "
            } else {
                b",\n  "
            });
            json_out::write_record(&mut self.buffer, record, Some(1));
        }
        self.written += 1;
        if self.buffer.len() >= CHUNK {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }

    /// Writes one record with `write`, which appends it to the buffer it is given (compact
    /// for `None`, else pretty at the indent level given, as [`json_out::write_record`] takes
    /// it) and returns true; when it returns false instead, whatever it appended is removed
    /// and nothing counts as written.
    pub(crate) fn push_with(
        &mut self,
        write: impl FnOnce(&mut Vec<u8>, Option<usize>) -> bool,
    ) -> std::io::Result<bool> {
        let start = self.buffer.len();
        let indent = if self.lines {
            None
        } else {
            self.buffer.extend_from_slice(if self.written == 0 {
                b"[\n  "
            } else {
                b",\n  "
            });
            Some(1)
        };
        if !write(&mut self.buffer, indent) {
            self.buffer.truncate(start);
            return Ok(false);
        }
        if self.lines {
            self.buffer.push(b'\n');
        }
        self.written += 1;
        if self.buffer.len() >= CHUNK {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(true)
    }

    /// Records written so far.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Closes the array, flushes and gives the output back.
    pub fn finish(mut self) -> std::io::Result<W> {
        if !self.lines {
            self.buffer
                .extend_from_slice(if self.written == 0 { b"[]\n" } else { b"\n]\n" });
        }
        self.out.write_all(&self.buffer)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_shape() {
        let one = r#"{"type":"A","name":"a.example.com","content":"192.0.2.1","ttl":1}"#;
        for text in [
            one.to_string(),
            format!("[{one}]"),
            format!("{{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[{one}]}}"),
            format!("{{\"success\":true,\"result\":{one}}}"),
        ] {
            let read = read(&text, None);
            assert!(
                read.diagnostics.is_empty(),
                "{text}: {:?}",
                read.diagnostics
            );
            assert_eq!(read.records.len(), 1, "{text}");
        }
        let lines = format!("{one}\n\n{one}\n");
        let read = read(&lines, Some("in.jsonl"));
        assert_eq!(read.records.len(), 2);
        assert_eq!(read.locations[1].line, 3);
    }

    #[test]
    fn bad_records_are_reported_and_the_rest_kept() {
        let text = "{\"type\":\"A\",\"name\":\"a\",\"content\":\"192.0.2.1\"}\n{\"type\":\"MX\"}\n";
        let read = read(text, None);
        assert_eq!(read.records.len(), 1);
        assert_eq!(read.diagnostics.len(), 1);
        assert_eq!(read.diagnostics[0].location.line, 2);
        assert!(
            read.diagnostics[0].message.contains("name"),
            "{}",
            read.diagnostics[0].message
        );

        let read = read_bad("[{\"type\":\"A\",\"name\":\"x\",\"content\":\"1\"},{\"name\":\"y\"}]");
        assert!(read.contains("record 2 (\"y\" ?)"), "{read}");

        let read = read_bad("{\"type\":\"A\",\n\"name\": }");
        assert!(read.contains("not valid JSON"), "{read}");

        let failed = read_bad("{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],\"result\":null}");
        assert!(failed.contains("Authentication error"), "{failed}");
    }

    #[test]
    fn array_elements_have_their_own_lines() {
        let text = "{\"success\": true, \"result_info\": {\"a\": [1, \"]\"]},\n \"result\": [\n  {\"type\":\"A\",\"name\":\"a\",\"content\":\"192.0.2.1\"},\n  {\"type\":\"A\",\n   \"name\":\"b\"}\n]}";
        let read = read(text, Some("r.json"));
        assert_eq!(read.records.len(), 1);
        assert_eq!(read.locations[0].line, 3);
        assert_eq!(read.locations[0].column, 3);
        assert_eq!(read.diagnostics.len(), 1);
        let d = &read.diagnostics[0];
        assert_eq!((d.location.line, d.location.column), (4, 3));
        assert_eq!(d.source_line.as_deref(), Some("  {\"type\":\"A\","));
        let text = "[ {\"type\":\"A\",\"name\":\"x\\\"]\",\"content\":\"1\"} ,\n{\"name\":\"y\"}]";
        assert_eq!(array_items(text.as_bytes(), 0), [2, 45]);
    }

    fn read_bad(text: &str) -> String {
        let read = read(text, None);
        assert!(!read.diagnostics.is_empty(), "{text}");
        read.diagnostics[0].message.clone()
    }

    #[test]
    fn writes_arrays_and_lines() {
        let read = read(
            r#"{"type":"A","name":"a","content":"192.0.2.1","ttl":1}"#,
            None,
        );
        assert_eq!(
            write(&read.records, true),
            "{\"name\":\"a\",\"type\":\"A\",\"content\":\"192.0.2.1\",\"ttl\":1}\n"
        );
        assert!(write(&read.records, false).starts_with("[\n  {\n    \"name\": \"a\""));
        let two = [read.records[0].clone(), read.records[0].clone()];
        assert_eq!(
            write(&two, false),
            serde_json::to_string_pretty(&two).unwrap() + "\n"
        );
        let nested = super::read(
            r#"[{"type":"CNAME","name":"c","content":"x","ttl":1,"tags":["a:b","c"],"settings":{"flatten_cname":true,"z":{}},"meta":{"k":[],"l":[1,{"m":[2]}]},"new":{"deep":[[],[{}]]}},
                {"type":"LOC","name":"l","data":{"lat_degrees":1,"lat_direction":"N","long_degrees":2,"long_direction":"E"}}]"#,
            None,
        );
        assert_eq!(nested.records.len(), 2, "{:?}", nested.diagnostics);
        assert_eq!(
            write(&nested.records, false),
            serde_json::to_string_pretty(&nested.records).unwrap() + "\n"
        );
        assert_eq!(write(&[], false), "[]\n");
        assert_eq!(write(&[], true), "");
    }
}
