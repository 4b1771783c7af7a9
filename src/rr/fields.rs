//! The token cursor that record types read their presentation fields from.
//!
//! The lexer hands each entry over as borrowed tokens (escapes still raw, quotes removed);
//! a type's `parse` takes what it needs through the typed helpers here, which also build the
//! error messages, so every type reports bad input the same way:
//! `invalid preference "x" in MX record (expected a number from 0 to 65535)`.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::error::ErrorCode;
use crate::name::{Name, NameError};
use crate::rr::RecordType;

/// One presentation token of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token's text: escapes not decoded, surrounding quotes removed.
    pub text: &'a [u8],
    /// Whether it was written in double quotes.
    pub quoted: bool,
    /// Byte offset in the source of the token's first character (the opening quote for a
    /// quoted token).
    pub offset: usize,
}

impl Token<'_> {
    /// The token's text for messages: lossy UTF-8, shortened when long.
    pub fn display(&self) -> String {
        shorten(self.text)
    }

    /// Length in the source (with quotes).
    pub fn source_len(&self) -> usize {
        self.text.len() + if self.quoted { 2 } else { 0 }
    }
}

/// Lossy UTF-8 of `text`, cut to 60 characters with an ellipsis, for error messages.
pub fn shorten(text: &[u8]) -> String {
    let s = String::from_utf8_lossy(text);
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s.into_owned()
    }
}

/// A problem with one field; the reader adds file, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub code: ErrorCode,
    pub message: String,
    /// Byte offset and length in the source of the offending text; `None` means the end of the
    /// entry (a missing field).
    pub at: Option<(usize, usize)>,
}

impl FieldError {
    /// An error about `token`.
    pub fn at(token: &Token<'_>, code: ErrorCode, message: impl Into<String>) -> FieldError {
        FieldError {
            code,
            message: message.into(),
            at: Some((token.offset, token.source_len())),
        }
    }
}

/// Cursor over the rdata tokens of one entry.
pub struct Fields<'t, 'a> {
    tokens: &'t [Token<'a>],
    pos: usize,
    origin: Option<&'t Name>,
    rtype: RecordType,
    scratch: Vec<u8>,
}

impl<'t, 'a> Fields<'t, 'a> {
    /// A cursor over `tokens`, the rdata of a record of type `rtype`.
    pub fn new(tokens: &'t [Token<'a>], origin: Option<&'t Name>, rtype: RecordType) -> Self {
        Fields {
            tokens,
            pos: 0,
            origin,
            rtype,
            scratch: Vec::new(),
        }
    }

    /// The record type being read.
    pub fn rtype(&self) -> RecordType {
        self.rtype
    }

    /// The origin relative names are resolved against.
    pub fn origin(&self) -> Option<&'t Name> {
        self.origin
    }

    /// True when every token has been taken.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// The next token without taking it.
    pub fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).copied()
    }

    /// The tokens not taken yet.
    pub fn remaining(&self) -> &'t [Token<'a>] {
        self.tokens.get(self.pos..).unwrap_or(&[])
    }

    /// Takes the next token; `what` names the field for the error when there is none.
    pub fn token(&mut self, what: &str) -> Result<Token<'a>, FieldError> {
        match self.tokens.get(self.pos) {
            Some(t) => {
                self.pos += 1;
                Ok(*t)
            }
            None => Err(self.missing(what)),
        }
    }

    /// Takes every remaining token.
    pub fn take_rest(&mut self) -> &'t [Token<'a>] {
        let rest = self.remaining();
        self.pos = self.tokens.len();
        rest
    }

    /// The error for a field that is absent.
    pub fn missing(&self, what: &str) -> FieldError {
        FieldError {
            code: ErrorCode::MissingField,
            message: format!("missing {what} in {} record", self.rtype),
            at: None,
        }
    }

    /// The error for a token that is not a valid `what`; `expected` says what would be.
    pub fn invalid(&self, token: &Token<'_>, what: &str, expected: &str) -> FieldError {
        let mut message = format!(
            "invalid {what} \"{}\" in {} record",
            token.display(),
            self.rtype
        );
        if !expected.is_empty() {
            message.push_str(" (expected ");
            message.push_str(expected);
            message.push(')');
        }
        FieldError::at(token, ErrorCode::BadField, message)
    }

    /// Takes a token and converts it with `convert`; on `None` reports `expected`.
    pub fn parse_with<T>(
        &mut self,
        what: &str,
        expected: &str,
        convert: impl FnOnce(&[u8]) -> Option<T>,
    ) -> Result<T, FieldError> {
        let token = self.token(what)?;
        convert(token.text).ok_or_else(|| self.invalid(&token, what, expected))
    }

    /// An unsigned decimal number no larger than `max`.
    pub fn number(&mut self, what: &str, max: u64) -> Result<u64, FieldError> {
        let token = self.token(what)?;
        // BIND's lexer refuses a quoted string where it expects a number.
        Some(token.text)
            .filter(|_| !token.quoted)
            .and_then(parse_decimal)
            .filter(|n| *n <= max)
            .ok_or_else(|| self.invalid(&token, what, &format!("a number from 0 to {max}")))
    }

    /// A decimal 0–255.
    pub fn u8(&mut self, what: &str) -> Result<u8, FieldError> {
        self.number(what, u8::MAX.into()).map(|n| n as u8)
    }

    /// A decimal 0–65535.
    pub fn u16(&mut self, what: &str) -> Result<u16, FieldError> {
        self.number(what, u16::MAX.into()).map(|n| n as u16)
    }

    /// A decimal 0–4294967295.
    pub fn u32(&mut self, what: &str) -> Result<u32, FieldError> {
        self.number(what, u32::MAX.into()).map(|n| n as u32)
    }

    /// A time value in seconds or BIND units (`1h30m`), as SOA timers take.
    pub fn ttl(&mut self, what: &str) -> Result<u32, FieldError> {
        let token = self.token(what)?;
        crate::ttl::parse_ttl(token.text).map_err(|e| self.invalid(&token, what, &e.to_string()))
    }

    /// A domain name; relative names are made absolute with the origin.
    pub fn name(&mut self, what: &str) -> Result<Name, FieldError> {
        let token = self.token(what)?;
        Name::parse(token.text, self.origin).map_err(|e| {
            let code = if e == NameError::NoOrigin {
                ErrorCode::NoOrigin
            } else {
                ErrorCode::BadName
            };
            FieldError::at(
                &token,
                code,
                format!(
                    "invalid {what} \"{}\" in {} record: {e}",
                    token.display(),
                    self.rtype
                ),
            )
        })
    }

    /// An IPv4 address in dotted-quad form.
    pub fn ipv4(&mut self, what: &str) -> Result<Ipv4Addr, FieldError> {
        self.parse_with(what, "", parse_ipv4)
    }

    /// An IPv6 address in any RFC 4291 text form.
    pub fn ipv6(&mut self, what: &str) -> Result<Ipv6Addr, FieldError> {
        self.parse_with(what, "", |t| {
            parse_ipv6_plain(t).or_else(|| std::str::from_utf8(t).ok()?.parse().ok())
        })
    }

    /// The token's octets with escapes decoded.
    pub fn unescaped(&mut self, what: &str) -> Result<Vec<u8>, FieldError> {
        let token = self.token(what)?;
        self.decode(&token)
    }

    /// Decodes the escapes of `token`.
    pub fn decode(&self, token: &Token<'_>) -> Result<Vec<u8>, FieldError> {
        crate::text::unescape(token.text).map_err(|at| FieldError {
            code: ErrorCode::BadEscape,
            message: format!(
                "invalid escape in \"{}\" in {} record",
                token.display(),
                self.rtype
            ),
            at: Some((token.offset + at + usize::from(token.quoted), 2)),
        })
    }

    /// One character-string (quoted or not), escapes decoded, at most 255 octets.
    pub fn char_string(&mut self, what: &str) -> Result<Vec<u8>, FieldError> {
        let token = self.token(what)?;
        let bytes = self.decode(&token)?;
        if bytes.len() > 255 {
            return Err(FieldError::at(
                &token,
                ErrorCode::StringTooLong,
                format!(
                    "{what} in {} record is {} octets long; a character-string holds at most 255",
                    self.rtype,
                    bytes.len()
                ),
            ));
        }
        Ok(bytes)
    }

    /// The remaining tokens joined and decoded as base64 (whitespace inside is allowed, as
    /// BIND allows). With `allow_empty` false, no tokens is a missing-field error.
    pub fn base64_rest(&mut self, what: &str, allow_empty: bool) -> Result<Vec<u8>, FieldError> {
        self.decode_rest(what, allow_empty, "base64", &data_encoding::BASE64)
    }

    /// The remaining tokens joined and decoded as hexadecimal, either case.
    pub fn hex_rest(&mut self, what: &str, allow_empty: bool) -> Result<Vec<u8>, FieldError> {
        // The common case, unquoted digits in pairs, through a table; anything else (odd
        // digits, a bad byte, quotes) takes the general path, which reports it.
        let rest = self.remaining();
        // One unquoted token with an even number of digits (a DS digest, usually): pairs.
        if let [only] = rest {
            if !only.quoted && only.text.len() % 2 == 0 {
                let mut bad = 0u8;
                let mut out = vec![0u8; only.text.len() / 2];
                for (octet, pair) in out.iter_mut().zip(only.text.chunks_exact(2)) {
                    if let &[high, low] = pair {
                        let (high, low) = (hex_value(high), hex_value(low));
                        bad |= high | low;
                        *octet = high << 4 | low;
                    }
                }
                if bad <= 15 && !out.is_empty() {
                    self.take_rest();
                    return Ok(out);
                }
            }
        }
        if !rest.is_empty() {
            let digits: usize = rest.iter().map(|t| t.text.len()).sum();
            let mut out = Vec::with_capacity(digits / 2);
            let mut high: Option<u8> = None;
            let mut ok = true;
            'tokens: for t in rest {
                if t.quoted {
                    ok = false;
                    break;
                }
                for &c in t.text {
                    let v = hex_value(c);
                    if v > 15 {
                        ok = false;
                        break 'tokens;
                    }
                    match high.take() {
                        None => high = Some(v),
                        Some(h) => out.push(h << 4 | v),
                    }
                }
            }
            if ok && high.is_none() {
                self.take_rest();
                return Ok(out);
            }
        }
        self.decode_rest(
            what,
            allow_empty,
            "hexadecimal",
            &data_encoding::HEXUPPER_PERMISSIVE,
        )
    }

    fn decode_rest(
        &mut self,
        what: &str,
        allow_empty: bool,
        encoding_name: &str,
        encoding: &data_encoding::Encoding,
    ) -> Result<Vec<u8>, FieldError> {
        let rest = self.take_rest();
        let Some(&first) = rest.first() else {
            return if allow_empty {
                Ok(Vec::new())
            } else {
                Err(self.missing(what))
            };
        };
        self.scratch.clear();
        for t in rest {
            if t.quoted {
                return Err(self.invalid(t, what, encoding_name));
            }
            self.scratch.extend_from_slice(t.text);
        }
        // data-encoding decodes padded blocks one by one, so it would take `AA== AA==`; BIND
        // refuses data after padding, and so do we.
        if let Some(pad) = memchr::memchr(b'=', &self.scratch) {
            if self
                .scratch
                .get(pad..)
                .unwrap_or_default()
                .iter()
                .any(|&c| c != b'=')
            {
                let bad = rest
                    .iter()
                    .rev()
                    .find(|t| t.text.iter().any(|&c| c != b'='))
                    .copied()
                    .unwrap_or(first);
                return Err(self.invalid(&bad, what, encoding_name));
            }
        }
        encoding.decode(&self.scratch).map_err(|e| {
            let bad = rest
                .iter()
                .scan(0usize, |acc, t| {
                    let start = *acc;
                    *acc += t.text.len();
                    Some((start, t))
                })
                .filter(|(start, _)| *start <= e.position)
                .last()
                .map(|(_, t)| *t)
                .unwrap_or(first);
            self.invalid(&bad, what, encoding_name)
        })
    }

    /// Fails when tokens remain.
    pub fn finish(&self) -> Result<(), FieldError> {
        match self.peek() {
            None => Ok(()),
            Some(t) => Err(FieldError::at(
                &t,
                ErrorCode::TrailingData,
                format!(
                    "unexpected \"{}\" after the end of {} rdata",
                    t.display(),
                    self.rtype
                ),
            )),
        }
    }
}

/// The value of a hexadecimal digit (either case); 255 for every other byte.
const fn hex_digit(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 255,
    }
}

/// [`hex_digit`] of every byte, so the fast paths look a digit up instead of branching.
const HEX_VALUE: [u8; 256] = {
    let mut table = [255u8; 256];
    let mut rest: &mut [u8] = &mut table;
    let mut c = 0u8;
    while let [slot, tail @ ..] = rest {
        *slot = hex_digit(c);
        c = c.wrapping_add(1);
        rest = tail;
    }
    table
};

/// Sets `out` to the octets of `text`, hexadecimal digits in pairs (either case); false
/// (with `out` holding something else) when a byte is not a digit or the digits are odd.
/// The octets are written over a zeroed vector of the right length: pushing them one by
/// one checked the capacity per octet and cost twice as much.
pub(crate) fn decode_hex_pairs(text: &[u8], out: &mut Vec<u8>) -> bool {
    if text.len() % 2 != 0 {
        return false;
    }
    out.clear();
    out.resize(text.len() / 2, 0);
    let mut bad = 0u8;
    for (octet, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        if let &[high, low] = pair {
            let (high, low) = (hex_value(high), hex_value(low));
            bad |= high | low;
            *octet = high << 4 | low;
        }
    }
    bad <= 15
}

/// [`HEX_VALUE`] of `c` (the lookup is always in range: the table has a row for every byte).
#[inline(always)]
fn hex_value(c: u8) -> u8 {
    HEX_VALUE.get(usize::from(c)).copied().unwrap_or(255)
}

/// An IPv6 address made of hexadecimal groups and at most one `::` (no embedded IPv4), the
/// form zones use, read without the standard library's general parser. `None` means "not
/// this form": the caller then asks the standard parser, which decides (so anything this
/// returns is what `Ipv6Addr::from_str` returns, and everything else is left to it).
pub(crate) fn parse_ipv6_plain(text: &[u8]) -> Option<Ipv6Addr> {
    let mut groups = [0u16; 8];
    let mut count = 0usize;
    // Groups before the `::`, when there is one.
    let mut gap: Option<usize> = None;
    let mut i = 0usize;
    if text.starts_with(b"::") {
        gap = Some(0);
        i = 2;
        if text.len() == 2 {
            return Some(Ipv6Addr::UNSPECIFIED);
        }
    }
    loop {
        let mut value = 0u16;
        let mut digits = 0;
        while let Some(&c) = text.get(i) {
            let v = hex_value(c);
            if v > 15 {
                break;
            }
            if digits == 4 {
                return None;
            }
            value = value << 4 | u16::from(v);
            digits += 1;
            i += 1;
        }
        if digits == 0 {
            return None;
        }
        *groups.get_mut(count)? = value;
        count += 1;
        match text.get(i) {
            None => break,
            Some(b':') => {
                i += 1;
                if text.get(i) == Some(&b':') {
                    if gap.is_some() {
                        return None;
                    }
                    gap = Some(count);
                    i += 1;
                    if i == text.len() {
                        break;
                    }
                }
            }
            Some(_) => return None,
        }
    }
    match gap {
        None => (count == 8).then(|| Ipv6Addr::from(groups)),
        Some(_) if count > 7 => None,
        Some(before) => {
            let mut out = [0u16; 8];
            let after = count - before;
            out.get_mut(..before)?
                .copy_from_slice(groups.get(..before)?);
            out.get_mut(8 - after..)?
                .copy_from_slice(groups.get(before..count)?);
            Some(Ipv6Addr::from(out))
        }
    }
}

/// An unsigned decimal, digits only, without overflow.
pub fn parse_decimal(text: &[u8]) -> Option<u64> {
    if text.is_empty() || text.len() > 19 {
        return None;
    }
    let mut n: u64 = 0;
    for &c in text {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(c - b'0');
    }
    Some(n)
}

/// A dotted-quad IPv4 address, exactly four decimal parts (no shortened or octal forms: a part
/// with a leading zero, such as `010`, is refused, as BIND's inet_pton refuses it).
pub fn parse_ipv4(text: &[u8]) -> Option<Ipv4Addr> {
    let mut parts = [0u8; 4];
    let mut count = 0;
    for part in text.split(|&c| c == b'.') {
        if count == 4
            || part.is_empty()
            || part.len() > 3
            || (part.len() > 1 && part.first() == Some(&b'0'))
        {
            return None;
        }
        *parts.get_mut(count)? = u8::try_from(parse_decimal(part)?).ok()?;
        count += 1;
    }
    (count == 4).then(|| Ipv4Addr::from(parts))
}

#[cfg(test)]
mod tests {
    /// `decode_hex_pairs` against a digit-by-digit reading: every byte value at every
    /// position of texts of every length up to 20.
    #[test]
    fn hex_pairs_decode_as_digit_by_digit() {
        fn reference(text: &[u8]) -> Option<Vec<u8>> {
            if text.len() % 2 != 0 {
                return None;
            }
            text.chunks(2)
                .map(|pair| {
                    let high = (pair[0] as char).to_digit(16)?;
                    let low = (pair[1] as char).to_digit(16)?;
                    Some((high * 16 + low) as u8)
                })
                .collect()
        }
        let digits = b"09afAF5c3D7e1B28b46E";
        let mut out = Vec::new();
        for len in 0..=digits.len() {
            let base = &digits[..len];
            let mut check = |text: &[u8]| {
                let got = super::decode_hex_pairs(text, &mut out).then(|| out.clone());
                assert_eq!(got, reference(text), "{text:?}");
            };
            check(base);
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut text = base.to_vec();
                    text[at] = byte;
                    check(&text);
                }
            }
        }
    }

    use super::*;

    fn tokens(texts: &[&'static str]) -> Vec<Token<'static>> {
        let mut offset = 0;
        texts
            .iter()
            .map(|t| {
                let tok = Token {
                    text: t.as_bytes(),
                    quoted: false,
                    offset,
                };
                offset += t.len() + 1;
                tok
            })
            .collect()
    }

    #[test]
    fn numbers_and_messages() {
        let toks = tokens(&["10", "70000"]);
        let mut f = Fields::new(&toks, None, RecordType::MX);
        assert_eq!(f.u16("preference").unwrap(), 10);
        let err = f.u16("preference").unwrap_err();
        assert_eq!(
            err.message,
            "invalid preference \"70000\" in MX record (expected a number from 0 to 65535)"
        );
        assert_eq!(err.at, Some((3, 5)));
        let err = f.name("exchange").unwrap_err();
        assert_eq!(err.message, "missing exchange in MX record");
        assert_eq!(err.at, None);
    }

    #[test]
    fn quoted_numbers_are_refused() {
        let toks = [Token {
            text: b"10",
            quoted: true,
            offset: 0,
        }];
        let mut f = Fields::new(&toks, None, RecordType::MX);
        assert!(f.u16("preference").is_err());
    }

    #[test]
    fn ipv4_forms() {
        assert_eq!(parse_ipv4(b"192.0.2.1"), Some(Ipv4Addr::new(192, 0, 2, 1)));
        assert_eq!(parse_ipv4(b"0.0.0.0"), Some(Ipv4Addr::new(0, 0, 0, 0)));
        assert_eq!(parse_ipv4(b"10.0.20.0"), Some(Ipv4Addr::new(10, 0, 20, 0)));
        for bad in [
            "192.0.2.256",
            "1.1",
            "1.2.3.4.5",
            "1..2.3",
            "",
            "01234.1.1.1",
            "a.b.c.d",
            "192.0.2.01",
            "00.0.0.0",
            "1.2.3.010",
        ] {
            assert_eq!(parse_ipv4(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn ipv6_plain_agrees_with_std() {
        for text in [
            "::",
            "::1",
            "1::",
            "2001:db8::1",
            "2001:DB8:0:0:0:0:0:1",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1::8",
            "ffff::",
            "0000:0:00::0",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            ":::",
            ":1::2",
            "1:2:",
            "1:",
            ":1",
            "12345::",
            "1:2:3:4:5:6:7",
            "::1:2:3:4:5:6:7:8",
            "1::2:3:4:5:6:7:8",
            "g::",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
            "",
            ":",
            "1",
            "::1:",
            "1 ::",
            "fe80::1%1",
        ] {
            let std: Option<Ipv6Addr> = text.parse().ok();
            if let Some(fast) = parse_ipv6_plain(text.as_bytes()) {
                assert_eq!(Some(fast), std, "{text}");
            }
            let toks = tokens(&[text]);
            let got = Fields::new(&toks, None, RecordType::AAAA)
                .ipv6("address")
                .ok();
            assert_eq!(got, std, "{text}");
        }
        assert!(parse_ipv6_plain(b"2001:db8::1").is_some());
        assert!(parse_ipv6_plain(b"1:2:3:4:5:6:7:8").is_some());
    }

    #[test]
    fn hex_pairs_across_tokens() {
        let toks = tokens(&["0aFf9e"]);
        let mut f = Fields::new(&toks, None, RecordType::DS);
        assert_eq!(f.hex_rest("digest", false).unwrap(), vec![0x0a, 0xff, 0x9e]);
        assert!(f.is_empty());
        let toks = tokens(&["0a", "Bc1", "2"]);
        let mut f = Fields::new(&toks, None, RecordType::DS);
        assert_eq!(f.hex_rest("digest", false).unwrap(), vec![0x0a, 0xbc, 0x12]);
        assert!(f.is_empty());
        for bad in [
            &["abc"][..],
            &["ab", "g0"][..],
            &["a="][..],
            &["0g"][..],
            &["g0"][..],
        ] {
            let toks = tokens(bad);
            let mut f = Fields::new(&toks, None, RecordType::DS);
            let err = f.hex_rest("digest", false).unwrap_err();
            assert!(
                err.message.contains("expected hexadecimal"),
                "{}",
                err.message
            );
        }
        let toks = tokens(&[]);
        let mut f = Fields::new(&toks, None, RecordType::DS);
        assert_eq!(f.hex_rest("digest", true).unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn base64_across_tokens() {
        let toks = tokens(&["AQID", "BA=="]);
        let mut f = Fields::new(&toks, None, RecordType::TXT);
        assert_eq!(f.base64_rest("key", false).unwrap(), vec![1, 2, 3, 4]);
        let toks = tokens(&["AA==", "AA=="]);
        let mut f = Fields::new(&toks, None, RecordType::TXT);
        assert!(f.base64_rest("key", false).is_err(), "data after padding");
        let toks = tokens(&["AQID", "B!=="]);
        let mut f = Fields::new(&toks, None, RecordType::TXT);
        let err = f.base64_rest("key", false).unwrap_err();
        assert!(err.message.contains("\"B!==\""), "{}", err.message);
    }
}
