//! CAA (RFC 8659): which certification authorities may issue certificates for a name.
//!
//! Presentation form as BIND reads and prints it: `flags tag value`, where the tag is an
//! unquoted run of ASCII letters and digits (1–255 of them) and the value is one quoted or
//! unquoted string. The value is not a character-string: it takes the rest of the rdata on
//! the wire and may be longer than 255 octets. It is always printed quoted.

use std::borrow::Cow;

use super::{FieldError, Fields, Printer, RData, WireError, WireReader};

/// A certification authority authorization.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Caa {
    /// Bit 7 (128) is the issuer-critical flag; other bits are reserved.
    pub flags: u8,
    /// The property tag (`issue`, `issuewild`, `iodef`, ...), 1–255 ASCII letters and digits,
    /// case as written.
    pub tag: Vec<u8>,
    /// The property value, octets as written (escapes decoded).
    pub value: Vec<u8>,
}

/// The issuer-critical bit of [`Caa::flags`].
pub const CAA_CRITICAL: u8 = 0x80;

impl Caa {
    /// Builds a record, checking the tag as the presentation parser does, so values made from
    /// other sources (API data) obey the same rules.
    pub fn new(flags: u8, tag: &[u8], value: &[u8]) -> Result<Caa, String> {
        check_tag(tag)?;
        Ok(Caa {
            flags,
            tag: tag.to_vec(),
            value: value.to_vec(),
        })
    }

    /// Whether a CA that does not understand this property must refuse to issue.
    pub fn is_critical(&self) -> bool {
        self.flags & CAA_CRITICAL != 0
    }

    /// The tag as text (it is ASCII by construction; other octets are replaced).
    pub fn tag_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.tag)
    }

    /// The value as plain text, without quotes or escapes, as an API wants it; `None` when the
    /// value is not UTF-8 (then only the presentation form can carry it faithfully).
    pub fn value_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.value).ok()
    }

    /// The tag compared case-insensitively, as RFC 8659 §4.1 asks of CAs.
    pub fn tag_is(&self, tag: &str) -> bool {
        self.tag.eq_ignore_ascii_case(tag.as_bytes())
    }
}

/// RFC 8659 §4.1: a tag is 1–255 ASCII letters and digits (BIND refuses anything else).
fn check_tag(tag: &[u8]) -> Result<(), String> {
    if tag.is_empty() {
        return Err("the tag is empty".into());
    }
    if tag.len() > 255 {
        return Err(format!(
            "the tag is {} characters long (at most 255)",
            tag.len()
        ));
    }
    if !tag.iter().all(u8::is_ascii_alphanumeric) {
        return Err("the tag may contain only ASCII letters and digits".into());
    }
    Ok(())
}

impl RData for Caa {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let flags = f.u8("flags")?;
        let token = f.token("tag")?;
        if token.quoted || check_tag(token.text).is_err() {
            return Err(f.invalid(
                &token,
                "tag",
                "1 to 255 unquoted ASCII letters and digits, such as issue",
            ));
        }
        let tag = token.text.to_vec();
        let value = f.unescaped("value")?;
        Ok(Caa { flags, tag, value })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.flags);
        crate::text::push_escaped(p.field(), &self.tag, true);
        p.quoted(&self.value);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.flags);
        super::wire::put_char_string(out, &self.tag);
        out.extend_from_slice(&self.value);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let flags = w.u8()?;
        let tag = w.char_string()?;
        check_tag(tag).map_err(|e| WireError::Invalid(format!("CAA {e}")))?;
        Ok(Caa {
            flags,
            tag: tag.to_vec(),
            value: w.rest().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Caa;
    use crate::rr::testing::*;
    use crate::rr::RecordData;

    fn caa(data: RecordData) -> Caa {
        match data {
            RecordData::Caa(c) => c,
            other => panic!("not CAA: {other:?}"),
        }
    }

    #[test]
    fn caa_round_trips() {
        let c = caa(assert_round_trip(
            "CAA",
            "0 issue \"ca.example.net\"",
            "0 issue \"ca.example.net\"",
            "0005697373756563612E6578616D706C652E6E6574",
        ));
        assert_eq!(c.value_text(), Some("ca.example.net"));
        assert!(!c.is_critical());
        assert!(c.tag_is("ISSUE"));
        // Unquoted values are printed quoted; escapes are decoded.
        let c = caa(assert_round_trip(
            "CAA",
            "128 Issue ca.example.net\\;policy=ev",
            "128 Issue \"ca.example.net;policy=ev\"",
            "8005497373756563612E6578616D706C652E6E65743B706F6C6963793D6576",
        ));
        assert!(c.is_critical());
        assert_eq!(c.tag_text(), "Issue");
        assert_round_trip("CAA", "0 tbs \"\"", "0 tbs \"\"", "0003746273");
        assert_round_trip(
            "CAA",
            "0 iodef \"a\\\"b\\\\c\\255 d\"",
            "0 iodef \"a\\\"b\\\\c\\255 d\"",
            "0005696F6465666122625C63FF2064",
        );
        // The value is not a character-string: longer than 255 octets is fine.
        let long = "x".repeat(300);
        assert_round_trip(
            "CAA",
            &format!("0 issue \"{long}\""),
            &format!("0 issue \"{long}\""),
            &format!("00056973737565{}", "78".repeat(300)),
        );
        let tag = "a".repeat(255);
        assert_round_trip(
            "CAA",
            &format!("255 {tag} x"),
            &format!("255 {tag} \"x\""),
            &format!("FFFF{}78", "61".repeat(255)),
        );
    }

    #[test]
    fn caa_rejects() {
        assert_rejects(
            "CAA",
            "256 issue \"x\"",
            "invalid flags \"256\" in CAA record (expected a number from 0 to 255)",
        );
        assert_rejects(
            "CAA",
            "0 is-sue \"x\"",
            "invalid tag \"is-sue\" in CAA record",
        );
        assert_rejects(
            "CAA",
            "0 \"issue\" x",
            "invalid tag \"issue\" in CAA record",
        );
        assert_rejects("CAA", "0 \"\" x", "invalid tag \"\" in CAA record");
        assert_rejects("CAA", "0 iss\\117e x", "invalid tag");
        assert_rejects(
            "CAA",
            &format!("0 {} x", "a".repeat(256)),
            "(expected 1 to 255 unquoted ASCII letters and digits, such as issue)",
        );
        assert_rejects("CAA", "0 issue", "missing value in CAA record");
        assert_rejects("CAA", "0", "missing tag in CAA record");
        assert_rejects("CAA", "", "missing flags in CAA record");
        assert_rejects(
            "CAA",
            "0 issue x y",
            "unexpected \"y\" after the end of CAA rdata",
        );
        assert_rejects("CAA", "0 issue \"a\\2\"", "invalid escape");
        // Wire: truncated, empty tag, tag with a hyphen, tag longer than the data.
        assert_wire_rejects("CAA", "");
        assert_wire_rejects("CAA", "00");
        assert_wire_rejects("CAA", "0000");
        assert_wire_rejects("CAA", "00012D");
        assert_wire_rejects("CAA", "000569737375");
    }

    #[test]
    fn caa_new_checks_the_tag() {
        let c = Caa::new(0, b"issuewild", b";").unwrap();
        assert_eq!(c.tag, b"issuewild");
        assert_eq!(Caa::new(0, b"", b"x").unwrap_err(), "the tag is empty");
        assert!(Caa::new(0, b"a b", b"x").is_err());
        assert!(Caa::new(0, &[b'a'; 256], b"x").is_err());
        let c = Caa::new(0, b"issue", b"\xff").unwrap();
        assert_eq!(c.value_text(), None);
    }
}
