//! NAPTR (RFC 3403): naming authority pointers (ENUM, SIP and URI resolution).
//!
//! Flags, services and regexp are character-strings (quoted or not), printed quoted. The
//! regexp is checked as BIND checks it, in text and wire form: empty, or
//! `<delim>regex<delim>replacement<delim>[i]` where the delimiter is not a digit, `\` or the
//! flag `i`; a back-reference `\N` in the replacement needs at least N groups in the regex and
//! `\0` is not allowed; no NUL octets. Unlike BIND this crate does not run a full POSIX ERE
//! parser over the regex: it checks that parentheses and brackets balance and counts groups.

use crate::name::Name;

use super::wire::put_char_string;
use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// A naming authority pointer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Naptr {
    /// Lower values are processed first.
    pub order: u16,
    /// Among equal orders, lower values are preferred.
    pub preference: u16,
    /// Single-character flags such as `S`, `A`, `U`, `P`.
    pub flags: Vec<u8>,
    /// Service parameters such as `E2U+sip`.
    pub services: Vec<u8>,
    /// A substitution expression, or empty when `replacement` is used.
    pub regexp: Vec<u8>,
    /// The next name to query, or `.` when the regexp is used.
    pub replacement: Name,
}

/// Checks a NAPTR regexp field (see the module docs).
pub fn check_regexp(regexp: &[u8]) -> Result<(), String> {
    let Some((&delim, rest)) = regexp.split_first() else {
        return Ok(());
    };
    if delim.is_ascii_digit() || delim == b'\\' || delim == b'i' || delim == 0 {
        return Err(format!(
            "\"{}\" cannot delimit a NAPTR regexp (digits, \\ and i cannot)",
            char::from(delim).escape_default()
        ));
    }
    let mut part = 0; // 0 regex, 1 replacement, 2 flags
    let mut regex = Vec::new();
    let mut backref = 0u8;
    let mut bytes = rest.iter();
    while let Some(&c) = bytes.next() {
        if c == 0 {
            return Err("NAPTR regexp contains a NUL octet".into());
        }
        if c == delim {
            if part == 2 {
                return Err("NAPTR regexp has more than three delimiters".into());
            }
            part += 1;
            continue;
        }
        if part == 2 {
            if c != b'i' {
                return Err(format!(
                    "NAPTR regexp flag \"{}\" is not allowed (only i is)",
                    char::from(c).escape_default()
                ));
            }
            continue;
        }
        if part == 0 {
            regex.push(c);
        }
        if c == b'\\' {
            let &next = bytes
                .next()
                .ok_or("NAPTR regexp ends in the middle of an escape")?;
            if next == 0 {
                return Err("NAPTR regexp contains a NUL octet".into());
            }
            if part == 1 && next.is_ascii_digit() {
                if next == b'0' {
                    return Err(
                        "NAPTR regexp replacement uses \\0 (back-references are \\1 to \\9)".into(),
                    );
                }
                backref = backref.max(next - b'0');
            }
            if part == 0 {
                regex.push(next);
            }
        }
    }
    if part != 2 {
        return Err(format!(
            "NAPTR regexp needs three \"{}\" delimiters (delim regex delim replacement delim flags)",
            char::from(delim).escape_default()
        ));
    }
    let groups = count_groups(&regex)?;
    if u32::from(backref) > groups {
        return Err(format!(
            "NAPTR regexp replacement refers to group {backref} but the regex has {groups}"
        ));
    }
    Ok(())
}

/// Counts the parenthesised groups of a POSIX extended regex, checking that parentheses and
/// bracket expressions balance.
fn count_groups(regex: &[u8]) -> Result<u32, String> {
    let (mut groups, mut depth) = (0u32, 0u32);
    let mut i = 0;
    while let Some(&c) = regex.get(i) {
        match c {
            b'\\' => i += 1,
            b'[' => {
                // A bracket expression: `]` right after `[` or `[^` is a member.
                i += 1;
                if regex.get(i) == Some(&b'^') {
                    i += 1;
                }
                if regex.get(i) == Some(&b']') {
                    i += 1;
                }
                while regex.get(i).is_some_and(|&b| b != b']') {
                    i += 1;
                }
                if i >= regex.len() {
                    return Err("NAPTR regexp has an unclosed [ bracket".into());
                }
            }
            b'(' => {
                groups += 1;
                depth += 1;
            }
            b')' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or("NAPTR regexp has an unmatched )")?;
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return Err("NAPTR regexp has an unclosed (".into());
    }
    Ok(groups)
}

impl RData for Naptr {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let order = f.u16("order")?;
        let preference = f.u16("preference")?;
        let flags = f.char_string("flags")?;
        let services = f.char_string("services")?;
        let token = f.peek();
        let regexp = f.char_string("regexp")?;
        if let (Err(why), Some(token)) = (check_regexp(&regexp), token) {
            let mut e = f.invalid(&token, "regexp", "");
            e.message.push_str(": ");
            e.message.push_str(&why);
            return Err(e);
        }
        Ok(Naptr {
            order,
            preference,
            flags,
            services,
            regexp,
            replacement: f.name("replacement")?,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.order);
        p.display(self.preference);
        p.quoted(&self.flags);
        p.quoted(&self.services);
        p.quoted(&self.regexp);
        p.name(&self.replacement);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.order.to_be_bytes());
        out.extend_from_slice(&self.preference.to_be_bytes());
        put_char_string(out, &self.flags);
        put_char_string(out, &self.services);
        put_char_string(out, &self.regexp);
        out.extend_from_slice(self.replacement.as_wire());
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let order = w.u16()?;
        let preference = w.u16()?;
        let flags = w.char_string()?.to_vec();
        let services = w.char_string()?.to_vec();
        let regexp = w.char_string()?.to_vec();
        check_regexp(&regexp).map_err(WireError::Invalid)?;
        Ok(Naptr {
            order,
            preference,
            flags,
            services,
            regexp,
            replacement: w.name()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;

    /// RFC 3403 §6 examples and edge cases; text from BIND 9.18, wire from dnspython 2.9.
    #[test]
    fn round_trips() {
        for (input, canonical, wire) in [
            (
                "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.",
                "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.",
                "0064000A0153075349502B44325500045F736970045F756470076578616D706C6503636F6D00",
            ),
            (
                "100 50 \"a\" \"z3950+N2L+N2C\" \"\" cidserver.example.com.",
                "100 50 \"a\" \"z3950+N2L+N2C\" \"\" cidserver.example.com.",
                "0064003201610D7A333935302B4E324C2B4E32430009636964736572766572076578616D706C6503636F6D00",
            ),
            (
                "10 0 u E2U+sip !^.*$!sip:info@example.com! .",
                "10 0 \"u\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .",
                "000A00000175074532552B7369701B215E2E2A24217369703A696E666F406578616D706C652E636F6D2100",
            ),
            (
                "65535 65535 \"\" \"\" \"\" foo",
                "65535 65535 \"\" \"\" \"\" foo.example.",
                "FFFFFFFF00000003666F6F076578616D706C6500",
            ),
            (
                "1 1 \"x\\\"y\" \"a\\\\b\" \"\" .",
                "1 1 \"x\\\"y\" \"a\\\\b\" \"\" .",
                "000100010378227903615C620000",
            ),
            ("1 1 \"S!\" \"SIP\" \"\" .", "1 1 \"S!\" \"SIP\" \"\" .", "00010001025321035349500000"),
            (
                "1 1 x a \"!a!b!i\" .",
                "1 1 \"x\" \"a\" \"!a!b!i\" .",
                "00010001017801610621612162216900",
            ),
            (
                "1 1 x a \"!(a)!\\\\1!\" .",
                "1 1 \"x\" \"a\" \"!(a)!\\\\1!\" .",
                "00010001017801610821286129215C312100",
            ),
            (
                "1 1 x a \"!a\\\\!b!c!\" .",
                "1 1 \"x\" \"a\" \"!a\\\\!b!c!\" .",
                "00010001017801610821615C216221632100",
            ),
            (
                "100 10 \"\" \"\" \"/urn:cid:.+@([^\\\\.]+\\\\.)(.*)$/\\\\2/i\" .",
                "100 10 \"\" \"\" \"/urn:cid:.+@([^\\\\.]+\\\\.)(.*)$/\\\\2/i\" .",
                "0064000A0000202F75726E3A6369643A2E2B40285B5E5C2E5D2B5C2E29282E2A29242F5C322F6900",
            ),
        ] {
            assert_round_trip("NAPTR", input, canonical, wire);
        }
    }

    #[test]
    fn rejections() {
        for (input, message) in [
            // A line feed may delimit, but then three of them are needed (BIND agrees).
            ("1 1 x a \"\\010\" .", "needs three \"\\n\" delimiters"),
            ("1 1 x a \"1a1b1\" .", "\"1\" cannot delimit"),
            ("1 1 x a \"\\\\a\\\\b\\\\\" .", "cannot delimit"),
            ("1 1 x a \"iaibi\" .", "\"i\" cannot delimit"),
            ("1 1 x a \"!a!b\" .", "invalid regexp \"!a!b\" in NAPTR record: NAPTR regexp needs three \"!\" delimiters"),
            ("1 1 x a \"a!b!c!\" .", "needs three \"a\" delimiters"),
            ("1 1 x a \"!a!b!x\" .", "NAPTR regexp flag \"x\" is not allowed"),
            ("1 1 x a \"!a!b!c!\" .", "flag \"c\" is not allowed"),
            ("1 1 x a \"!a!b!i!\" .", "more than three delimiters"),
            ("1 1 x a \"!a!\\\\1!\" .", "refers to group 1 but the regex has 0"),
            ("1 1 x a \"!(a)!\\\\2!\" .", "refers to group 2 but the regex has 1"),
            ("1 1 x a \"!(a)!\\\\0!\" .", "uses \\0"),
            ("1 1 x a \"!(a!b!\" .", "unclosed ("),
            ("1 1 x a \"!a)!b!\" .", "unmatched )"),
            ("1 1 x a \"![a!b!\" .", "unclosed [ bracket"),
            ("1 1 x a \"!a\\000!b!\" .", "NUL octet"),
            ("1 1 \"S\" \"SIP\" \"\"", "missing replacement in NAPTR record"),
            ("1 1 \"S\" \"SIP\" \"x\" \"y\" .", "needs three \"x\" delimiters"),
            ("65536 1 \"S\" \"SIP\" \"\" .", "invalid order \"65536\""),
        ] {
            assert_rejects("NAPTR", input, message);
        }
        let long = format!("1 1 \"{}\" \"\" \"\" .", "a".repeat(256));
        assert_rejects("NAPTR", &long, "flags in NAPTR record is 256 octets long");
    }

    #[test]
    fn wire_rejections() {
        for hex in [
            "",
            "00010001",
            "000100010153",
            // regexp "!a!b" (two delimiters) and "1a1b1".
            "0001000101780161042161216200",
            "000100010178016105316131623100",
            // Truncated replacement.
            "00010001000000 03666F",
        ] {
            assert_wire_rejects("NAPTR", &hex.replace(' ', ""));
        }
    }

    #[test]
    fn bracket_members_do_not_count_as_groups() {
        assert!(super::check_regexp(b"!([)])!\\1!").is_ok());
        assert!(super::check_regexp(b"![]()]!x!").is_ok());
        assert!(super::check_regexp(b"![^]()]!\\1!").is_err());
    }
}
