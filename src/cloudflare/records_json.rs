//! Reading and writing lists of API records as text: what `from-json` takes and `to-json`
//! writes.
//!
//! Input may be an API answer (`{"success":…, "result":[…]}`, one page of a list or a single
//! record), a bare array, one record object, or JSON Lines (one record per line, or any
//! sequence of JSON values). A record that does not read is reported with its place and the
//! others are kept.

use serde_json::Value;

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

/// Reads every record in `text`; `file` names it in diagnostics.
pub fn read(text: &str, file: Option<&str>) -> RecordsJson {
    let mut out = RecordsJson::default();
    let at = |offset: usize| location(text, file, offset);
    let mut values = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    loop {
        let start = skip_blanks(text, stream.byte_offset());
        match stream.next() {
            None => break,
            Some(Ok(value)) => values.push((value, start)),
            Some(Err(e)) => {
                let offset = line_offset(text, e.line());
                out.diagnostics.push(Diagnostic::error(
                    ErrorCode::CfBadJson,
                    format!("not valid JSON: {e}"),
                    Location {
                        column: u32::try_from(e.column()).unwrap_or(0),
                        ..at(offset)
                    },
                ));
                break;
            }
        }
    }
    for (value, offset) in values {
        match value {
            Value::Array(items) => push_items(&mut out, items, at(offset)),
            Value::Object(ref map) if map.contains_key("success") || map.contains_key("result") => {
                if map.get("success") == Some(&Value::Bool(false)) {
                    out.diagnostics.push(Diagnostic::error(
                        ErrorCode::CfBadJson,
                        format!(
                            "the input is a failed API answer: {}",
                            map.get("errors").map_or_else(String::new, Value::to_string)
                        ),
                        at(offset),
                    ));
                }
                match map.get("result") {
                    Some(Value::Array(items)) => push_items(&mut out, items.clone(), at(offset)),
                    Some(Value::Object(_)) => push_one(
                        &mut out,
                        map.get("result").cloned().unwrap_or_default(),
                        at(offset),
                        None,
                    ),
                    _ => {}
                }
            }
            other => push_one(&mut out, other, at(offset), None),
        }
    }
    out
}

fn push_items(out: &mut RecordsJson, items: Vec<Value>, location: Location) {
    for (i, item) in items.into_iter().enumerate() {
        push_one(out, item, location.clone(), Some(i + 1));
    }
}

fn push_one(out: &mut RecordsJson, value: Value, location: Location, index: Option<usize>) {
    let label = describe(&value, index);
    match serde_json::from_value::<DnsRecord>(value) {
        Ok(record) => {
            if out.zone_name.is_none() {
                out.zone_name = record.response.zone_name.clone();
            }
            out.records.push(record);
            out.locations.push(location);
        }
        Err(e) => out.diagnostics.push(Diagnostic::error(
            ErrorCode::CfBadJson,
            format!("{label} is not an API record: {e}"),
            location,
        )),
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
        out.push_str(&format!(" (\"{name}\" {})", rtype.unwrap_or("?")));
    }
    out
}

fn skip_blanks(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or("");
    offset + (rest.len() - rest.trim_start().len())
}

fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

fn location(text: &str, file: Option<&str>, offset: usize) -> Location {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    Location {
        file: file.map(Into::into),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        offset: offset as u64,
        len: 0,
    }
}

/// Writes records as a pretty JSON array (with `lines`, one compact record per line).
pub fn write(records: &[DnsRecord], lines: bool) -> String {
    let mut out = String::new();
    if lines {
        for r in records {
            out.push_str(&serde_json::to_string(r).unwrap_or_default());
            out.push('\n');
        }
    } else {
        out.push_str(&serde_json::to_string_pretty(records).unwrap_or_else(|_| "[]".into()));
        out.push('\n');
    }
    out
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
    }
}
