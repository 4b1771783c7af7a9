//! Names between a zone file and the API.
//!
//! The zone side holds absolute [`Name`]s (printed with a trailing dot); the API side holds
//! text: absolute names in Punycode without the trailing dot. Requests may also say `@` or a
//! name relative to the zone, and some tools send Unicode, so reading accepts those and
//! converts Unicode with UTS 46 (the `idna` crate), the same processing browsers apply.
//!
//! ```
//! use zonefmt::{Name, cloudflare::names};
//! let zone = Name::from_ascii("example.com.").unwrap();
//! let www = names::from_api("www", Some(&zone)).unwrap();
//! assert_eq!(names::to_api(&www).unwrap(), "www.example.com");
//! let idn = names::from_api("bücher.example.com", Some(&zone)).unwrap();
//! assert_eq!(idn.to_string(), "xn--bcher-kva.example.com.");
//! ```

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};

use crate::name::{Name, MAX_LABEL_LEN};

/// Longest name the API takes, in characters, without the trailing dot.
pub const MAX_API_NAME_LEN: usize = 253;

/// The API's text for `name`: Punycode, absolute, no trailing dot (`.` for the root).
///
/// Labels of printable ASCII pass unchanged (case too, so `_dmarc` and `*` work); a name with
/// octets above 127 must be UTF-8 and is converted with UTS 46. A label holding a dot, a
/// space or a control octet has no text form the API can read back and is refused.
pub fn to_api(name: &Name) -> Result<String, String> {
    if name.is_root() {
        return Ok(".".to_string());
    }
    match plain_text(name) {
        Some(text) => Ok(text),
        None => general_text(name),
    }
}

/// [`to_api`] label by label, for any name but the root.
fn general_text(name: &Name) -> Result<String, String> {
    let mut text = Vec::with_capacity(name.wire_len());
    let mut ascii = true;
    for label in name.labels() {
        if !text.is_empty() {
            text.push(b'.');
        }
        for &b in label {
            match b {
                b'.' => {
                    return Err(format!(
                        "name \"{name}\" has a label containing a dot, which the API's text form cannot express"
                    ))
                }
                0..=0x20 | 0x7f => {
                    return Err(format!(
                        "name \"{name}\" has a label containing a space or control character, which the API does not take"
                    ))
                }
                0x80..=0xff => ascii = false,
                _ => {}
            }
        }
        text.extend_from_slice(label);
    }
    if ascii {
        // Printable ASCII only: the bytes are valid UTF-8.
        return String::from_utf8(text).map_err(|_| format!("name \"{name}\" is not text"));
    }
    let unicode = std::str::from_utf8(&text).map_err(|_| {
        format!("name \"{name}\" has octets that are not UTF-8, so it has no Punycode form")
    })?;
    let converted = punycode(unicode).map_err(|e| format!("name \"{name}\": {e}"))?;
    Ok(converted)
}

/// The common case of [`to_api`] in one pass over the wire form: every label octet printable
/// ASCII other than the dot, so the text is the wire form with its length octets turned into
/// dots. `None` for anything else (left to the general path, which explains it).
fn plain_text(name: &Name) -> Option<String> {
    let wire = name.as_wire();
    // The labels without the first length octet and the root's zero.
    let mut text = wire.get(1..wire.len().checked_sub(1)?)?.to_vec();
    // The other length octets, at `len` after the previous one.
    let mut at = usize::from(*wire.first()?);
    while let Some(len) = text.get_mut(at) {
        let next = at + 1 + usize::from(*len);
        *len = b'a';
        at = next;
    }
    let plain = text
        .iter()
        .fold(true, |ok, &b| ok & (b'!'..=b'~').contains(&b) & (b != b'.'));
    if !plain {
        return None;
    }
    let mut at = usize::from(*wire.first()?);
    while let Some(dot) = text.get_mut(at) {
        *dot = b'.';
        at += 1 + usize::from(*wire.get(at + 1)?);
    }
    String::from_utf8(text).ok()
}

/// Reads a record name as the API or a request gives it: `@` is the zone, a name ending in a
/// dot or in the zone's name is absolute, anything else is relative to the zone. Without a
/// zone every name is absolute; with one, a name outside it is refused.
pub fn from_api(text: &str, zone: Option<&Name>) -> Result<Name, String> {
    let text = text.trim();
    if text == "@" {
        return zone
            .cloned()
            .ok_or_else(|| "name \"@\" needs the zone's name (give --origin)".to_string());
    }
    if text == "." {
        return Ok(Name::root());
    }
    if text.is_empty() {
        return Err("empty name".to_string());
    }
    let (body, dotted) = match text.strip_suffix('.') {
        Some(body) => (body, true),
        None => (text, false),
    };
    let ascii = if body.is_ascii() {
        body.to_string()
    } else {
        punycode(body).map_err(|e| format!("name \"{}\": {e}", shorten(text)))?
    };
    // What `to_api` refuses is refused here too, so every name read can be written back. The
    // check runs after UTS 46, which keeps ASCII spaces and drops ignored code points such as
    // a byte-order mark (so "\u{feff}a b" would otherwise slip through as "a b").
    if ascii.bytes().any(|b| b <= 0x20 || b == 0x7f) {
        return Err(format!(
            "name \"{}\" contains a space or control character, which the API does not take",
            crate::rr::fields::shorten(body.escape_debug().to_string().as_bytes())
        ));
    }
    let labels: Vec<&[u8]> = ascii.split('.').map(str::as_bytes).collect();
    let name = Name::from_labels(labels.iter().copied())
        .map_err(|e| format!("invalid name \"{}\": {e}", shorten(text)))?;
    match zone {
        Some(zone) if !dotted && !zone.is_root() && !name.is_subdomain_of(zone) => {
            let mut wire = name.as_wire().to_vec();
            wire.pop();
            wire.extend_from_slice(zone.as_wire());
            Name::from_wire(&wire)
                .map_err(|e| format!("invalid name \"{}\" in zone {zone}: {e}", shorten(text)))
        }
        // The API has no records outside the zone (it refuses them): an absolute name outside
        // it could not come back from the API, where every name without a dot is read as
        // relative.
        Some(zone) if !zone.is_root() && !name.is_subdomain_of(zone) => Err(format!(
            "name \"{}\" is not in the zone {zone}",
            shorten(text)
        )),
        _ => Ok(name),
    }
}

/// Reads a host name from content or data (a CNAME target, an MX host, an SRV target):
/// always absolute, trailing dot optional, `.` the root, `@` the zone.
pub fn host_from_api(text: &str, zone: Option<&Name>) -> Result<Name, String> {
    if text.trim() == "@" {
        return from_api("@", zone);
    }
    from_api(text, None)
}

/// The zone's name from the API's (Unicode or Punycode) spelling.
pub fn zone_from_api(text: &str) -> Result<Name, String> {
    from_api(text, None)
}

/// UTS 46 ToASCII with the ASCII deny list empty (underscores and `*` are real DNS), hyphens
/// unrestricted and the DNS length checked here, so the message can say what is too long.
fn punycode(unicode: &str) -> Result<String, String> {
    let ascii = Uts46::new()
        .to_ascii(
            unicode.as_bytes(),
            AsciiDenyList::EMPTY,
            Hyphens::Allow,
            DnsLength::Ignore,
        )
        .map_err(|_| "not a valid internationalised domain name (UTS 46 rejects it)".to_string())?
        .into_owned();
    // UTS 46 maps some code points to sequences holding a space (U+02DA RING ABOVE becomes a
    // space and a combining ring), which no API name may hold.
    if ascii.bytes().any(|b| b <= 0x20 || b == 0x7f) {
        return Err(
            "its UTS 46 form contains a space or control character, which the API does not take"
                .to_string(),
        );
    }
    // A label of code points UTS 46 ignores (a byte-order mark, U+FEFF) maps to nothing: the
    // name would lose a label on the way, so it has no API form.
    if ascii.split('.').any(str::is_empty) {
        return Err(
            "a label maps to nothing under UTS 46 (it holds only ignored code points)".to_string(),
        );
    }
    if let Some(long) = ascii.split('.').find(|l| l.len() > MAX_LABEL_LEN) {
        return Err(format!(
            "the Punycode label \"{long}\" is longer than {MAX_LABEL_LEN} characters"
        ));
    }
    if ascii.len() > MAX_API_NAME_LEN {
        return Err(format!(
            "the Punycode form is {} characters long (at most {MAX_API_NAME_LEN})",
            ascii.len()
        ));
    }
    Ok(ascii)
}

/// `text` cut to 60 characters for a message (a hostile name may be a megabyte long).
fn shorten(text: &str) -> String {
    crate::rr::fields::shorten(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_pass_text_agrees_with_the_general_path() {
        let octets: &[u8] = b"aZ09-_*!~./ \x7f\x00\x1f\x80\xc3\xa9\xff";
        let mut names = vec![Name::from_ascii("www.example.com.").unwrap()];
        for (i, &a) in octets.iter().enumerate() {
            for &b in octets.iter().skip(i) {
                for labels in [
                    vec![vec![a]],
                    vec![vec![a, b], b"x".to_vec()],
                    vec![b"abc".to_vec(), vec![b; 40], vec![a]],
                ] {
                    names.push(Name::from_labels(labels.iter().map(Vec::as_slice)).unwrap());
                }
            }
        }
        let mut plain = 0;
        for name in &names {
            if let Some(text) = plain_text(name) {
                plain += 1;
                assert_eq!(Ok(text), general_text(name), "{name}");
            } else if name.as_wire().iter().all(|&b| b != b'.' && b < 0x7f) {
                // Only names the general path refuses or converts are left to it.
                assert!(general_text(name).is_err(), "{name}");
            }
        }
        assert!(plain > 100, "{plain}");
    }

    fn n(s: &str) -> Name {
        Name::from_ascii(s).unwrap()
    }

    #[test]
    fn zone_names_to_api() {
        assert_eq!(to_api(&n("www.example.com.")).unwrap(), "www.example.com");
        assert_eq!(
            to_api(&n("_dmarc.Example.COM.")).unwrap(),
            "_dmarc.Example.COM"
        );
        assert_eq!(to_api(&n("*.example.com.")).unwrap(), "*.example.com");
        assert_eq!(to_api(&Name::root()).unwrap(), ".");
        // UTF-8 octets in a zone file name become Punycode.
        let utf8 = Name::from_labels(["bücher".as_bytes(), b"example", b"com"]).unwrap();
        assert_eq!(to_api(&utf8).unwrap(), "xn--bcher-kva.example.com");
        let upper = Name::from_labels(["BÜCHER".as_bytes(), b"de"]).unwrap();
        assert_eq!(to_api(&upper).unwrap(), "xn--bcher-kva.de");
    }

    #[test]
    fn names_without_an_api_form() {
        let dot = Name::parse(b"a\\.b.example.", None).unwrap();
        assert!(to_api(&dot).unwrap_err().contains("containing a dot"));
        let space = Name::parse(b"a\\032b.example.", None).unwrap();
        assert!(to_api(&space).unwrap_err().contains("space or control"));
        let latin1 = Name::parse(b"caf\\233.example.", None).unwrap();
        let err = to_api(&latin1).unwrap_err();
        assert!(
            err.contains("not UTF-8") && err.contains("caf\\233"),
            "{err}"
        );
        let bidi = Name::from_labels(["a\u{5d0}1".as_bytes(), b"com"]).unwrap();
        assert!(to_api(&bidi).unwrap_err().contains("UTS 46"));
        // 62 octets of UTF-8, 68 characters of Punycode.
        let label = "a".repeat(50) + "àãæéìï";
        let long = Name::from_labels([label.as_bytes(), b"com"]).unwrap();
        assert!(to_api(&long).unwrap_err().contains("longer than 63"));
    }

    #[test]
    fn api_names_to_zone() {
        let zone = n("example.com.");
        let z = Some(&zone);
        assert_eq!(from_api("@", z).unwrap(), zone);
        assert_eq!(from_api("example.com", z).unwrap(), zone);
        assert_eq!(from_api("www", z).unwrap(), n("www.example.com."));
        assert_eq!(
            from_api("www.example.com", z).unwrap(),
            n("www.example.com.")
        );
        assert_eq!(
            from_api("WWW.EXAMPLE.COM", z).unwrap(),
            n("www.example.com.")
        );
        assert_eq!(from_api("a.b", z).unwrap(), n("a.b.example.com."));
        // Outside the zone: written back without its dot it would mean other.net.example.com.
        assert!(from_api("other.net.", z)
            .unwrap_err()
            .contains("not in the zone example.com."));
        assert_eq!(from_api("other.net", None).unwrap(), n("other.net."));
        assert_eq!(
            from_api("txt.gíthub.com", None).unwrap(),
            n("txt.xn--gthub-zsa.com.")
        );
        assert!(from_api("a..b", z).unwrap_err().contains("empty label"));
        assert!(from_api("@", None).unwrap_err().contains("--origin"));
        assert!(from_api("", z).is_err());
        // Backslashes are plain octets on the API side, not escapes.
        let odd = from_api("a\\b.example.com", z).unwrap();
        assert_eq!(odd.labels().next().unwrap(), b"a\\b");
        assert_eq!(to_api(&odd).unwrap(), "a\\b.example.com");
    }

    #[test]
    fn hosts_are_absolute() {
        let zone = n("example.com.");
        assert_eq!(host_from_api("mail", Some(&zone)).unwrap(), n("mail."));
        assert_eq!(host_from_api("@", Some(&zone)).unwrap(), zone);
        assert_eq!(host_from_api(".", Some(&zone)).unwrap(), Name::root());
        assert_eq!(
            host_from_api("mx.example.net.", None).unwrap(),
            n("mx.example.net.")
        );
    }
}
