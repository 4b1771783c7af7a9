//! Escapes and character-strings (RFC 1035 §5.1).
//!
//! The lexer keeps escapes raw; they are decoded here when a field needs the octets.

/// Decodes one escape at the start of `text` (which begins with `\`): `\DDD` (a decimal octet,
/// exactly three digits, at most 255) or `\X` (X itself). Returns the octet and the input length
/// used, or `None` for a malformed escape.
pub fn decode_escape(text: &[u8]) -> Option<(u8, usize)> {
    let next = *text.get(1)?;
    if next.is_ascii_digit() {
        let digits = text.get(1..4)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let value = digits
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
        u8::try_from(value).ok().map(|b| (b, 4))
    } else {
        Some((next, 2))
    }
}

/// Appends `raw` with escapes decoded to `out`. Fails on a malformed escape, returning the
/// offset of the backslash within `raw`.
pub fn unescape_into(raw: &[u8], out: &mut Vec<u8>) -> Result<(), usize> {
    let mut i = 0;
    while let Some(rest) = raw.get(i..).filter(|r| !r.is_empty()) {
        match memchr::memchr(b'\\', rest) {
            None => {
                out.extend_from_slice(rest);
                break;
            }
            Some(at) => {
                out.extend_from_slice(rest.get(..at).unwrap_or_default());
                let escape = rest.get(at..).unwrap_or_default();
                let (byte, used) = decode_escape(escape).ok_or(i + at)?;
                out.push(byte);
                i += at + used;
            }
        }
    }
    Ok(())
}

/// `raw` with escapes decoded.
pub fn unescape(raw: &[u8]) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(raw.len());
    unescape_into(raw, &mut out)?;
    Ok(out)
}

/// Appends `bytes` as a quoted character-string: `"` and `\` escaped with a backslash,
/// octets outside printable ASCII as `\DDD` (as BIND prints them).
pub fn push_quoted(out: &mut String, bytes: &[u8]) {
    out.push('"');
    push_escaped(out, bytes, false);
    out.push('"');
}

/// Appends `bytes` escaped for presentation. With `unquoted`, space and the characters that
/// would end or change an unquoted token (`;`, `(`, `)`) are escaped too.
pub fn push_escaped(out: &mut String, bytes: &[u8], unquoted: bool) {
    for &b in bytes {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            b';' | b'(' | b')' if unquoted => {
                out.push('\\');
                out.push(b as char);
            }
            b' ' if !unquoted => out.push(' '),
            0x21..=0x7e => out.push(b as char),
            _ => {
                out.push('\\');
                out.push((b'0' + b / 100) as char);
                out.push((b'0' + b / 10 % 10) as char);
                out.push((b'0' + b % 10) as char);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(decode_escape(b"\\065"), Some((65, 4)));
        assert_eq!(decode_escape(b"\\256"), None);
        assert_eq!(decode_escape(b"\\25"), None);
        assert_eq!(decode_escape(b"\\\""), Some((b'"', 2)));
        assert_eq!(decode_escape(b"\\"), None);
        assert_eq!(unescape(b"a\\059b\\\\c").unwrap(), b"a;b\\c");
        assert_eq!(unescape(b"ab\\2x"), Err(2));
    }

    #[test]
    fn quoting() {
        let mut s = String::new();
        push_quoted(&mut s, b"say \"hi\"\\ \x00\xff");
        assert_eq!(s, "\"say \\\"hi\\\"\\\\ \\000\\255\"");
    }
}
