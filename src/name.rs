//! Domain names in uncompressed wire form.
//!
//! A [`Name`] is always absolute: the reader resolves relative names against the origin as it
//! reads them, so every later stage (printing, checks, Cloudflare conversion) works on one form.
//! Case is preserved as written; equality, hashing and ordering ignore ASCII case, as DNS does.
//!
//! ```
//! use zonefmt::Name;
//! let origin = Name::from_ascii("example.com.").unwrap();
//! let www = Name::parse(b"WWW", Some(&origin)).unwrap();
//! assert_eq!(www.to_string(), "WWW.example.com.");
//! assert_eq!(www, Name::from_ascii("www.EXAMPLE.com.").unwrap());
//! assert!(www.is_subdomain_of(&origin));
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// Longest label, in octets (RFC 1035 §2.3.4).
pub const MAX_LABEL_LEN: usize = 63;
/// Longest name in wire form, in octets, including length bytes and the root label.
pub const MAX_NAME_LEN: usize = 255;

/// Why text could not be turned into a [`Name`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("label longer than 63 octets")]
    LabelTooLong,
    #[error("name longer than 255 octets in wire form")]
    NameTooLong,
    #[error("empty label")]
    EmptyLabel,
    #[error("invalid escape sequence")]
    BadEscape,
    #[error("relative name but no origin is set")]
    NoOrigin,
    #[error("empty name")]
    Empty,
    #[error("malformed name in wire form")]
    BadWire,
}

/// An absolute domain name, stored in uncompressed wire form.
#[derive(Clone)]
pub struct Name {
    wire: Box<[u8]>,
}

impl Name {
    /// The root name `.`.
    pub fn root() -> Name {
        Name {
            wire: Box::new([0]),
        }
    }

    /// Parses presentation text that must be absolute (`"example.com."`); `"."` is the root.
    pub fn from_ascii(text: &str) -> Result<Name, NameError> {
        Name::parse(text.as_bytes(), None)
    }

    /// Parses one name as written in a zone file: escapes (`\.`, `\DDD`) decoded, `@` meaning
    /// the origin, and a name without a trailing dot made absolute by appending `origin`.
    pub fn parse(text: &[u8], origin: Option<&Name>) -> Result<Name, NameError> {
        if text.is_empty() {
            return Err(NameError::Empty);
        }
        if text == b"@" {
            return origin.cloned().ok_or(NameError::NoOrigin);
        }
        if text == b"." {
            return Ok(Name::root());
        }
        let mut wire = Vec::with_capacity(text.len() + 2 + origin.map_or(0, |o| o.wire.len()));
        let absolute = parse_labels(text, &mut wire)?;
        if absolute {
            wire.push(0);
        } else {
            let origin = origin.ok_or(NameError::NoOrigin)?;
            wire.extend_from_slice(&origin.wire);
        }
        if wire.len() > MAX_NAME_LEN {
            return Err(NameError::NameTooLong);
        }
        Ok(Name {
            wire: wire.into_boxed_slice(),
        })
    }

    /// Builds a name from uncompressed wire form; the whole slice must be exactly one name.
    pub fn from_wire(wire: &[u8]) -> Result<Name, NameError> {
        let (name, used) = Name::read_wire(wire)?;
        if used != wire.len() {
            return Err(NameError::BadWire);
        }
        Ok(name)
    }

    /// Reads one uncompressed name from the front of `buf`; returns it and the octets used.
    pub fn read_wire(buf: &[u8]) -> Result<(Name, usize), NameError> {
        let mut pos = 0;
        loop {
            let len = *buf.get(pos).ok_or(NameError::BadWire)? as usize;
            if len > MAX_LABEL_LEN {
                return Err(NameError::BadWire);
            }
            pos += 1 + len;
            if pos > MAX_NAME_LEN {
                return Err(NameError::NameTooLong);
            }
            if len == 0 {
                break;
            }
        }
        let wire = buf.get(..pos).ok_or(NameError::BadWire)?;
        Ok((Name { wire: wire.into() }, pos))
    }

    /// Builds a name from labels (leftmost first), without the root label.
    pub fn from_labels<'a, I: IntoIterator<Item = &'a [u8]>>(labels: I) -> Result<Name, NameError> {
        let mut wire = Vec::new();
        for label in labels {
            if label.is_empty() {
                return Err(NameError::EmptyLabel);
            }
            if label.len() > MAX_LABEL_LEN {
                return Err(NameError::LabelTooLong);
            }
            wire.push(label.len() as u8);
            wire.extend_from_slice(label);
        }
        wire.push(0);
        if wire.len() > MAX_NAME_LEN {
            return Err(NameError::NameTooLong);
        }
        Ok(Name {
            wire: wire.into_boxed_slice(),
        })
    }

    /// The uncompressed wire form, as written (case preserved).
    pub fn as_wire(&self) -> &[u8] {
        &self.wire
    }

    /// Octets in wire form (1 for the root).
    pub fn wire_len(&self) -> usize {
        self.wire.len()
    }

    /// True for `.`.
    pub fn is_root(&self) -> bool {
        self.wire.len() == 1
    }

    /// Labels from the left, without the root label.
    pub fn labels(&self) -> Labels<'_> {
        Labels { rest: &self.wire }
    }

    /// Number of labels, not counting the root.
    pub fn label_count(&self) -> usize {
        self.labels().count()
    }

    /// True when the leftmost label is `*`.
    pub fn is_wildcard(&self) -> bool {
        self.wire.get(..2) == Some(&[1, b'*'])
    }

    /// The name with its leftmost label removed; `None` for the root.
    pub fn parent(&self) -> Option<Name> {
        let first = *self.wire.first()? as usize;
        if first == 0 {
            return None;
        }
        Some(Name {
            wire: self.wire.get(first + 1..)?.into(),
        })
    }

    /// True when `self` equals `ancestor` or lies below it (case-insensitive).
    pub fn is_subdomain_of(&self, ancestor: &Name) -> bool {
        let (s, a) = (&self.wire, &ancestor.wire);
        if a.len() > s.len() {
            return false;
        }
        let start = s.len() - a.len();
        // The suffix must start on a label boundary of `self`.
        let mut pos = 0;
        while pos < start {
            pos += 1 + s[pos] as usize;
        }
        pos == start && s[start..].eq_ignore_ascii_case(a)
    }

    /// A copy with ASCII letters lower-cased (the canonical form of RFC 4034 §6.2).
    pub fn to_lowercase(&self) -> Name {
        Name {
            wire: self.wire.to_ascii_lowercase().into_boxed_slice(),
        }
    }

    /// A new name: `label` in front of `self`.
    pub fn prepend(&self, label: &[u8]) -> Result<Name, NameError> {
        if label.is_empty() {
            return Err(NameError::EmptyLabel);
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(NameError::LabelTooLong);
        }
        if self.wire.len() + 1 + label.len() > MAX_NAME_LEN {
            return Err(NameError::NameTooLong);
        }
        let mut wire = Vec::with_capacity(self.wire.len() + 1 + label.len());
        wire.push(label.len() as u8);
        wire.extend_from_slice(label);
        wire.extend_from_slice(&self.wire);
        Ok(Name {
            wire: wire.into_boxed_slice(),
        })
    }

    /// Presentation text relative to `origin`: `@` for the origin itself, the leading labels
    /// for a name below it, and the absolute text otherwise.
    pub fn to_relative_string(&self, origin: &Name) -> String {
        if self == origin {
            return "@".to_string();
        }
        if self.is_subdomain_of(origin) && !origin.is_root() {
            let keep = self.wire.len() - origin.wire.len();
            let mut out = String::new();
            write_labels(&mut out, &self.wire[..keep]);
            return out;
        }
        self.to_string()
    }

    /// Wire form with every ASCII letter lower-cased, for comparing and hashing.
    fn folded(&self) -> impl Iterator<Item = u8> + '_ {
        self.wire.iter().map(|b| b.to_ascii_lowercase())
    }
}

/// Parses labels of presentation text into `wire`; returns whether the text ended in an
/// unescaped dot (absolute).
fn parse_labels(text: &[u8], wire: &mut Vec<u8>) -> Result<bool, NameError> {
    let mut label_start = wire.len();
    wire.push(0);
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        match c {
            b'.' => {
                let len = wire.len() - label_start - 1;
                if len == 0 {
                    return Err(NameError::EmptyLabel);
                }
                wire[label_start] = len as u8;
                if i + 1 == text.len() {
                    return Ok(true);
                }
                label_start = wire.len();
                wire.push(0);
                i += 1;
            }
            b'\\' => {
                let (byte, used) =
                    crate::text::decode_escape(&text[i..]).ok_or(NameError::BadEscape)?;
                wire.push(byte);
                i += used;
            }
            _ => {
                wire.push(c);
                i += 1;
            }
        }
        if wire.len() - label_start - 1 > MAX_LABEL_LEN {
            return Err(NameError::LabelTooLong);
        }
        if wire.len() > MAX_NAME_LEN {
            return Err(NameError::NameTooLong);
        }
    }
    let len = wire.len() - label_start - 1;
    if len == 0 {
        return Err(NameError::EmptyLabel);
    }
    wire[label_start] = len as u8;
    Ok(false)
}

/// Writes wire-form labels as presentation text, each followed by a dot except the last.
fn write_labels(out: &mut String, mut wire: &[u8]) {
    let mut first = true;
    while let Some((&len, rest)) = wire.split_first() {
        if len == 0 {
            break;
        }
        let len = len as usize;
        if !first {
            out.push('.');
        }
        first = false;
        for &b in &rest[..len.min(rest.len())] {
            push_label_byte(out, b);
        }
        wire = &rest[len.min(rest.len())..];
    }
}

/// Appends one label octet in presentation form, escaped as BIND prints it.
fn push_label_byte(out: &mut String, b: u8) {
    match b {
        b'.' | b';' | b'\\' | b'(' | b')' | b'"' | b'@' | b'$' => {
            out.push('\\');
            out.push(b as char);
        }
        0x21..=0x7e => out.push(b as char),
        _ => {
            out.push('\\');
            out.push((b'0' + b / 100) as char);
            out.push((b'0' + b / 10 % 10) as char);
            out.push((b'0' + b % 10) as char);
        }
    }
}

/// Iterator over the labels of a [`Name`], leftmost first.
pub struct Labels<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Labels<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let (&len, rest) = self.rest.split_first()?;
        if len == 0 {
            return None;
        }
        let (label, rest) = rest.split_at((len as usize).min(rest.len()));
        self.rest = rest;
        Some(label)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_root() {
            return f.write_str(".");
        }
        let mut out = String::with_capacity(self.wire.len() + 1);
        write_labels(&mut out, &self.wire);
        out.push('.');
        f.write_str(&out)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({self})")
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.wire.eq_ignore_ascii_case(&other.wire)
    }
}

impl Eq for Name {}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.folded() {
            state.write_u8(b);
        }
    }
}

impl Ord for Name {
    /// DNSSEC canonical order (RFC 4034 §6.1): labels compared right to left, each as
    /// lower-cased octets.
    fn cmp(&self, other: &Name) -> Ordering {
        let a: Vec<&[u8]> = self.labels().collect();
        let b: Vec<&[u8]> = other.labels().collect();
        for (x, y) in a.iter().rev().zip(b.iter().rev()) {
            let ord = x
                .iter()
                .map(u8::to_ascii_lowercase)
                .cmp(y.iter().map(u8::to_ascii_lowercase));
            if ord != Ordering::Equal {
                return ord;
            }
        }
        a.len().cmp(&b.len())
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::str::FromStr for Name {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Name, NameError> {
        Name::from_ascii(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Name {
        Name::from_ascii(s).unwrap()
    }

    #[test]
    fn relative_and_absolute() {
        let origin = n("example.com.");
        assert_eq!(
            Name::parse(b"www", Some(&origin)).unwrap(),
            n("www.example.com.")
        );
        assert_eq!(Name::parse(b"@", Some(&origin)).unwrap(), origin);
        assert_eq!(Name::parse(b"a.b.", Some(&origin)).unwrap(), n("a.b."));
        assert_eq!(Name::parse(b"www", None), Err(NameError::NoOrigin));
        assert!(n(".").is_root());
    }

    #[test]
    fn escapes_round_trip() {
        let name = Name::parse(b"a\\.b\\032c\\\\.example.", None).unwrap();
        assert_eq!(name.label_count(), 2);
        assert_eq!(name.labels().next().unwrap(), b"a.b c\\");
        assert_eq!(name.to_string(), "a\\.b\\032c\\\\.example.");
        assert_eq!(
            Name::from_ascii(&name.to_string()).unwrap().as_wire(),
            name.as_wire()
        );
    }

    #[test]
    fn limits() {
        let long_label = "a".repeat(64) + ".";
        assert_eq!(Name::from_ascii(&long_label), Err(NameError::LabelTooLong));
        assert!(Name::from_ascii(&("a".repeat(63) + ".")).is_ok());
        let long_name = format!("{}.", vec!["abc"; 64].join("."));
        assert_eq!(Name::from_ascii(&long_name), Err(NameError::NameTooLong));
        assert_eq!(Name::from_ascii("a..b."), Err(NameError::EmptyLabel));
        assert_eq!(Name::from_ascii(".a."), Err(NameError::EmptyLabel));
        assert_eq!(Name::from_ascii("a\\25"), Err(NameError::BadEscape));
        assert_eq!(Name::from_ascii("a\\256."), Err(NameError::BadEscape));
    }

    #[test]
    fn case_insensitive_compare_and_canonical_order() {
        assert_eq!(n("WWW.Example.COM."), n("www.example.com."));
        let mut names = [
            n("z.example."),
            n("example."),
            n("a.example."),
            n("Z.a.example."),
            n("yljkjljk.a.example."),
        ];
        names.sort();
        let printed: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        assert_eq!(
            printed,
            [
                "example.",
                "a.example.",
                "yljkjljk.a.example.",
                "Z.a.example.",
                "z.example."
            ]
        );
    }

    #[test]
    fn subdomains_and_relative_text() {
        let origin = n("example.com.");
        assert!(n("a.b.example.com.").is_subdomain_of(&origin));
        assert!(!n("aexample.com.").is_subdomain_of(&origin));
        assert_eq!(n("a.b.example.com.").to_relative_string(&origin), "a.b");
        assert_eq!(origin.to_relative_string(&origin), "@");
        assert_eq!(n("other.net.").to_relative_string(&origin), "other.net.");
        assert_eq!(n("a.example.com.").parent().unwrap(), origin);
    }
}
