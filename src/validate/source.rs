//! Pointing a finding at the offending text: the owner, the type, or a name in the rdata.
//!
//! Records carry the location of their whole entry. With the zone text at hand, the first
//! line of the entry is split into tokens again (roughly: blanks, quotes, comments,
//! parentheses) and the location narrowed to the token the finding is about, so the caret
//! lands under `mail` in `@ MX 10 mail` rather than under the whole line.

use std::borrow::Cow;

use crate::error::Location;
use crate::name::Name;
use crate::record::Record;
use crate::rr::RecordType;

/// The text of the files records came from (shared by the threads the whole-zone checks run
/// on, hence `Sync`).
pub trait Sources: Sync {
    /// The bytes of `file` (as named in [`Location::file`]; `None` for in-memory text), or
    /// `None` when it is not available.
    fn text(&self, file: Option<&str>) -> Option<&[u8]>;

    /// The line of `file` that holds byte `offset`, without its line end, and the offset where
    /// it starts; `None` when the text is not available or shorter than `offset`. The default
    /// finds it in [`Sources::text`]; a source may read just the line instead.
    fn line(&self, file: Option<&str>, offset: u64) -> Option<(u64, Cow<'_, [u8]>)> {
        let (start, line) = line_in(self.text(file)?, offset)?;
        Some((start, Cow::Borrowed(line)))
    }
}

/// The line of `text` that holds byte `offset` (see [`Sources::line`]).
pub fn line_in(text: &[u8], offset: u64) -> Option<(u64, &[u8])> {
    let at = usize::try_from(offset).ok()?;
    let before = text.get(..at)?;
    let start = memchr::memrchr(b'\n', before).map_or(0, |n| n + 1);
    let rest = text.get(start..)?;
    let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
    Some((start as u64, rest.get(..end)?))
}

/// One text every location refers to: a zone read from a string.
#[derive(Debug, Clone, Copy)]
pub struct SingleSource<'a>(pub &'a [u8]);

impl Sources for SingleSource<'_> {
    fn text(&self, _file: Option<&str>) -> Option<&[u8]> {
        Some(self.0)
    }
}

/// Which part of a record a finding is about.
#[derive(Debug, Clone, Copy)]
pub enum Focus<'n> {
    /// The whole entry.
    Entry,
    /// The owner name.
    Owner,
    /// The type mnemonic.
    Type,
    /// All of the rdata.
    Rdata,
    /// One rdata field, counted from 0 (the SOA expire is field 5), when it is on the entry's
    /// first line; all of the rdata otherwise.
    Field(usize),
    /// A name written in the rdata (an MX exchange, an NS target).
    Name(&'n Name),
}

/// Longest source line copied into a diagnostic.
const MAX_SOURCE_LINE: usize = 400;

/// The location of `focus` in `record`'s entry, and the source line it is on.
pub(crate) fn locate(
    sources: Option<&dyn Sources>,
    record: &Record,
    focus: Focus<'_>,
) -> (Location, Option<String>) {
    let entry = record.location.clone();
    let found = match sources {
        Some(s) if entry.line > 0 => s.line(entry.file.as_deref(), entry.offset),
        _ => None,
    };
    let Some((line_start, text)) = found else {
        return (entry, None);
    };
    let (Ok(start), Ok(line_start)) = (usize::try_from(entry.offset), usize::try_from(line_start))
    else {
        return (entry, None);
    };
    let mut line: &[u8] = &text;
    if let Some((b'\r', rest)) = line.split_last() {
        line = rest;
    }
    let tokens = tokenize(line);
    let (from, to) = span(line, &tokens, record, focus).unwrap_or_else(|| {
        // Nothing recognisable: the entry from where it starts to the end of the line.
        let from = start.saturating_sub(line_start);
        (from.min(line.len()), line.len())
    });
    let location = Location {
        file: entry.file.clone(),
        line: entry.line,
        column: u32::try_from(from + 1).unwrap_or(u32::MAX),
        offset: (line_start + from) as u64,
        len: u32::try_from(to.saturating_sub(from)).unwrap_or(u32::MAX),
    };
    let shown = line.get(..MAX_SOURCE_LINE).unwrap_or(line);
    (location, Some(crate::error::Diagnostic::source_text(shown)))
}

/// Byte ranges of the tokens of one line: blanks and parentheses separate, a quoted string
/// is one token, a comment ends the line.
fn tokenize(line: &[u8]) -> Vec<(usize, usize)> {
    let at = |i: usize| line.get(i).copied().unwrap_or_default();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < line.len() {
        match at(i) {
            b' ' | b'\t' | b'(' | b')' => i += 1,
            b';' => break,
            b'"' => {
                let start = i;
                i += 1;
                while i < line.len() && at(i) != b'"' {
                    i += if at(i) == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(line.len());
                tokens.push((start, i));
            }
            _ => {
                let start = i;
                while i < line.len() && !matches!(at(i), b' ' | b'\t' | b'(' | b')' | b';') {
                    i += if at(i) == b'\\' { 2 } else { 1 };
                }
                i = i.min(line.len());
                tokens.push((start, i));
            }
        }
    }
    tokens
}

/// The byte range in `line` that `focus` names.
fn span(
    line: &[u8],
    tokens: &[(usize, usize)],
    record: &Record,
    focus: Focus<'_>,
) -> Option<(usize, usize)> {
    let owner_written = line.first().is_some_and(|c| !c.is_ascii_whitespace());
    let after_owner = usize::from(owner_written);
    let type_at = tokens
        .iter()
        .enumerate()
        .skip(after_owner)
        .find(|(_, &(a, b))| {
            line.get(a..b).and_then(RecordType::from_mnemonic) == Some(record.rtype())
        })
        .map(|(i, _)| i);
    let whole = || Some((tokens.first()?.0, tokens.last()?.1));
    let rdata = || {
        let t = type_at?;
        let first = tokens.get(t + 1)?;
        Some((first.0, tokens.last()?.1))
    };
    match focus {
        Focus::Entry => whole(),
        Focus::Owner if owner_written => tokens.first().copied(),
        Focus::Owner => whole(),
        Focus::Type => type_at.and_then(|t| tokens.get(t).copied()).or_else(whole),
        Focus::Rdata => rdata().or_else(whole),
        Focus::Field(n) => type_at
            .and_then(|t| tokens.get(t + 1 + n).copied())
            .or_else(rdata)
            .or_else(whole),
        Focus::Name(name) => {
            let absolute = name.to_string().to_ascii_lowercase();
            type_at
                .and_then(|t| {
                    tokens
                        .iter()
                        .skip(t + 1)
                        .rev()
                        .find(|&&(a, b)| {
                            line.get(a..b)
                                .is_some_and(|token| names_match(token, &absolute))
                        })
                        .copied()
                })
                .or_else(rdata)
                .or_else(whole)
        }
    }
}

/// True when `token` is `absolute` written absolutely or relative to some origin.
fn names_match(token: &[u8], absolute: &str) -> bool {
    let token = String::from_utf8_lossy(token).to_ascii_lowercase();
    if token == absolute {
        return true;
    }
    !token.ends_with('.')
        && absolute.len() > token.len()
        && absolute.starts_with(&token)
        && absolute.as_bytes().get(token.len()) == Some(&b'.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rr::{mx::Mx, Class, RecordData};

    fn mx_record(offset: u64, line: u32) -> Record {
        let mut r = Record::new(
            Name::from_ascii("example.").unwrap(),
            300,
            Class::IN,
            RecordData::Mx(Mx {
                preference: 10,
                exchange: Name::from_ascii("mail.example.").unwrap(),
            }),
        );
        r.location = Location {
            file: Some("z.db".into()),
            line,
            column: 1,
            offset,
            len: 20,
        };
        r
    }

    #[test]
    fn narrows_to_owner_type_and_target() {
        let text = b"$ORIGIN example.\n@  300 IN MX 10 mail ; the exchange\n";
        let sources = SingleSource(text);
        let record = mx_record(17, 2);
        let (loc, line) = locate(Some(&sources), &record, Focus::Owner);
        assert_eq!((loc.line, loc.column, loc.len), (2, 1, 1));
        assert_eq!(line.as_deref(), Some("@  300 IN MX 10 mail ; the exchange"));
        let (loc, _) = locate(Some(&sources), &record, Focus::Type);
        assert_eq!((loc.column, loc.len), (11, 2));
        let exchange = Name::from_ascii("MAIL.example.").unwrap();
        let (loc, _) = locate(Some(&sources), &record, Focus::Name(&exchange));
        assert_eq!((loc.column, loc.len, loc.offset), (17, 4, 33));
        let (loc, _) = locate(Some(&sources), &record, Focus::Rdata);
        assert_eq!((loc.column, loc.len), (14, 7));
        let (loc, _) = locate(Some(&sources), &record, Focus::Field(1));
        assert_eq!((loc.column, loc.len), (17, 4));
        let (loc, _) = locate(Some(&sources), &record, Focus::Field(2));
        assert_eq!(
            (loc.column, loc.len),
            (14, 7),
            "past the last field: the rdata"
        );
    }

    #[test]
    fn blank_owner_and_absolute_target() {
        let text = b"\tMX 10 mail.example. ( )\n";
        let record = mx_record(0, 1);
        let exchange = Name::from_ascii("mail.example.").unwrap();
        let (loc, _) = locate(Some(&SingleSource(text)), &record, Focus::Name(&exchange));
        assert_eq!((loc.column, loc.len), (8, 13));
        // A blank owner: the owner focus falls back to the whole entry.
        let (loc, _) = locate(Some(&SingleSource(text)), &record, Focus::Owner);
        assert_eq!((loc.column, loc.len), (2, 19));
    }

    #[test]
    fn without_text_keeps_the_entry() {
        let record = mx_record(5, 3);
        let (loc, line) = locate(None, &record, Focus::Owner);
        assert_eq!(loc, record.location);
        assert!(line.is_none());
        // An offset beyond the text is not trusted either.
        let (loc, line) = locate(Some(&SingleSource(b"x")), &record, Focus::Owner);
        assert_eq!(loc, record.location);
        assert!(line.is_none());
    }

    #[test]
    fn quoted_tokens_and_comments() {
        assert_eq!(
            tokenize(b"a TXT \"x ; y\" ; c"),
            vec![(0, 1), (2, 5), (6, 13)]
        );
        assert_eq!(tokenize(b"a\\ b A"), vec![(0, 4), (5, 6)]);
    }
}
