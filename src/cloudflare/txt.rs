//! TXT `content` on the API side: RFC 1035 quoted character-strings.
//!
//! Writing: every string quoted, `"` and `\` escaped with a backslash, printable ASCII and
//! well-formed UTF-8 as they are, any other octet as `\DDD`; strings separated by one space.
//! Reading: content that starts and ends with `"` is read as character-strings (unquoted words
//! between them too, as BIND would), anything else is legacy unquoted text taken literally.
//! A string longer than 255 octets is split into 255-octet pieces on byte boundaries, as
//! the API does, so joining the pieces gives the original bytes back.
//!
//! ```
//! use zonefmt::cloudflare::txt;
//! assert_eq!(txt::format_content(&[b"v=spf1 -all".to_vec()]), "\"v=spf1 -all\"");
//! let (strings, _) = txt::parse_content(&format!("\"{}\"", "a".repeat(300)));
//! assert_eq!(strings.iter().map(Vec::len).collect::<Vec<_>>(), [255, 45]);
//! ```

/// Longest character-string.
pub const MAX_STRING: usize = 255;

/// How a TXT content was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxtForm {
    /// Quoted character-strings, the current form.
    Quoted,
    /// Legacy unquoted text (the API accepts it; the dashboard flags it).
    Unquoted,
}

/// The content the API stores for `strings`.
pub fn format_content(strings: &[Vec<u8>]) -> String {
    let mut out = String::new();
    push_content(&mut out, strings);
    out
}

/// Appends [`format_content`] of `strings` to `out`.
pub(crate) fn push_content(out: &mut String, strings: &[Vec<u8>]) {
    for (i, s) in strings.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_quoted(out, s);
    }
}

/// Appends one quoted string, keeping valid UTF-8 readable.
fn push_quoted(out: &mut String, bytes: &[u8]) {
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                ' '..='~' => out.push(c),
                c if (c as u32) < 0x80 => push_decimal(out, c as u32 as u8),
                c => out.push(c),
            }
        }
        for &b in chunk.invalid() {
            push_decimal(out, b);
        }
    }
    out.push('"');
}

fn push_decimal(out: &mut String, b: u8) {
    out.push('\\');
    out.push((b'0' + b / 100) as char);
    out.push((b'0' + b / 10 % 10) as char);
    out.push((b'0' + b % 10) as char);
}

/// Reads a TXT content into character-strings of at most 255 octets each.
pub fn parse_content(content: &str) -> (Vec<Vec<u8>>, TxtForm) {
    let trimmed = content.trim();
    if trimmed.len() >= 2 && trimmed.starts_with('"') && trimmed.ends_with('"') {
        if let Some(strings) = parse_quoted(trimmed) {
            let mut out = Vec::with_capacity(strings.len());
            for s in strings {
                out.extend(split(&s));
            }
            return (out, TxtForm::Quoted);
        }
    }
    (split(content.as_bytes()), TxtForm::Unquoted)
}

/// Splits `bytes` into pieces of at most 255 octets; empty input is one empty string.
pub fn split(bytes: &[u8]) -> Vec<Vec<u8>> {
    if bytes.is_empty() {
        return vec![Vec::new()];
    }
    bytes.chunks(MAX_STRING).map(<[u8]>::to_vec).collect()
}

/// Quoted strings and bare words separated by blanks, escapes decoded; `None` when a quote
/// is left open or an escape is malformed.
fn parse_quoted(text: &str) -> Option<Vec<Vec<u8>>> {
    let bytes = text.as_bytes();
    let mut strings = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = *bytes.get(i)?;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let quoted = c == b'"';
        if quoted {
            i += 1;
        }
        let mut s = Vec::new();
        loop {
            let Some(&b) = bytes.get(i) else {
                if quoted {
                    return None;
                }
                break;
            };
            if quoted && b == b'"' {
                i += 1;
                break;
            }
            if !quoted && (b.is_ascii_whitespace() || b == b'"') {
                break;
            }
            if b == b'\\' {
                let (byte, used) = crate::text::decode_escape(bytes.get(i..)?)?;
                s.push(byte);
                i += used;
            } else {
                s.push(b);
                i += 1;
            }
        }
        strings.push(s);
    }
    Some(strings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_quoted_strings() {
        assert_eq!(
            format_content(&[b"a \"b\" \\c".to_vec(), b"".to_vec()]),
            r#""a \"b\" \\c" """#
        );
        assert_eq!(format_content(&["ünï".as_bytes().to_vec()]), "\"ünï\"");
        assert_eq!(format_content(&[vec![b'x', 0xff, 9]]), "\"x\\255\\009\"");
    }

    #[test]
    fn reads_what_it_writes() {
        let cases: Vec<Vec<Vec<u8>>> = vec![
            vec![b"v=spf1 include:_spf.example.net ~all".to_vec()],
            vec![b"a;b".to_vec(), b"".to_vec(), b"\"q\"".to_vec()],
            vec![vec![0, 0x7f, 0x80, 0xe2, 0x82], "€".as_bytes().to_vec()],
            vec![vec![b'x'; 255], vec![b'y'; 3]],
        ];
        for strings in cases {
            let content = format_content(&strings);
            assert_eq!(
                parse_content(&content),
                (strings, TxtForm::Quoted),
                "{content}"
            );
        }
    }

    #[test]
    fn long_strings_split_on_byte_boundaries() {
        // A 300-byte string of two-byte characters: the cut lands inside a character.
        let text = "é".repeat(150);
        let (strings, form) = parse_content(&format!("\"{text}\""));
        assert_eq!(form, TxtForm::Quoted);
        assert_eq!(strings.len(), 2);
        assert_eq!(strings[0].len(), 255);
        assert_eq!(strings.concat(), text.as_bytes());
        // Writing the pieces keeps the broken character as escapes and reads back the same.
        let content = format_content(&strings);
        assert!(content.contains("\\195\" \"\\169"), "{content}");
        assert_eq!(parse_content(&content).0, strings);
    }

    #[test]
    fn legacy_unquoted_and_odd_content() {
        assert_eq!(
            parse_content("Bah bah black sheep"),
            (vec![b"Bah bah black sheep".to_vec()], TxtForm::Unquoted)
        );
        assert_eq!(parse_content(""), (vec![Vec::new()], TxtForm::Unquoted));
        assert_eq!(
            parse_content("\"a\" b \"c\""),
            (
                vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()],
                TxtForm::Quoted
            )
        );
        // A quote left open inside: taken literally, not guessed at.
        assert_eq!(
            parse_content("\"a\" \"b"),
            (vec![b"\"a\" \"b".to_vec()], TxtForm::Unquoted)
        );
        assert_eq!(
            parse_content("\"a\\\""),
            (vec![b"\"a\\\"".to_vec()], TxtForm::Unquoted)
        );
        let (strings, form) = parse_content(&"x".repeat(600));
        assert_eq!(form, TxtForm::Unquoted);
        assert_eq!(
            strings.iter().map(Vec::len).collect::<Vec<_>>(),
            [255, 255, 90]
        );
    }
}
