//! Diagnostics rendered for people, the way rustc renders its errors:
//!
//! ```text
//! error[ZF0106]: invalid IPv4 address "192.0.2.256" in A record
//!   --> zone.db:12:17
//!    |
//! 12 | www    A    192.0.2.256
//!    |             ^^^^^^^^^^^
//! ```

use std::fmt::Write;

use crate::error::Diagnostic;

/// The multi-line rendering of `d`, ending in a newline.
pub fn render(d: &Diagnostic) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}[{}]: {}", d.severity, d.code, d.message);
    let loc = &d.location;
    let line_number = loc.line.to_string();
    let pad = " ".repeat(line_number.len());
    let file = loc.file.as_deref().unwrap_or("<input>");
    if loc.line == 0 {
        // About the whole file, not a place in it.
        let _ = writeln!(out, "{pad}--> {file}");
    } else {
        let _ = writeln!(out, "{pad}--> {file}:{}:{}", loc.line, loc.column);
    }
    if let Some(source) = d.source_line.as_deref().filter(|_| loc.line > 0) {
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line_number} | {source}");
        let _ = writeln!(out, "{pad} | {}", caret(source, loc.column, loc.len));
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{pad} = help: {help}");
    }
    for (location, note) in &d.related {
        let _ = writeln!(out, "{pad} = note: {note} ({location})");
    }
    out
}

/// Blanks up to byte column `column` (tabs kept, so the caret lines up), then `len` carets.
fn caret(source: &str, column: u32, len: u32) -> String {
    let start = (column.max(1) - 1) as usize;
    let mut out = String::new();
    let mut carets = 0usize;
    let mut at = 0usize;
    for ch in source.chars() {
        if at >= start {
            if at < start + len as usize {
                carets += 1;
            }
        } else {
            out.push(if ch == '\t' { '\t' } else { ' ' });
        }
        at += ch.len_utf8();
    }
    if at < start {
        out.push_str(&" ".repeat(start - at));
    }
    out.push_str(&"^".repeat(carets.max(1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorCode, Location};

    #[test]
    fn rustc_style() {
        let mut d = Diagnostic::error(
            ErrorCode::BadField,
            "invalid IPv4 address \"192.0.2.256\" in A record",
            Location {
                file: Some("zone.db".into()),
                line: 12,
                column: 8,
                offset: 0,
                len: 11,
            },
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
}
