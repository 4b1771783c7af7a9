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
///
/// Names of up to [`INLINE_CAPACITY`] octets in wire form (most owner names and targets) are
/// kept inline, so building, cloning and dropping them never touches the heap; longer ones
/// are boxed.
#[derive(Clone)]
pub struct Name {
    wire: Wire,
}

/// Longest wire form kept inline in a [`Name`] (which is then 32 bytes long).
pub const INLINE_CAPACITY: usize = 30;

#[derive(Clone)]
enum Wire {
    Inline {
        len: u8,
        bytes: [u8; INLINE_CAPACITY],
    },
    Heap(Box<[u8]>),
}

/// A name being built in wire form, on the stack.
struct WireBuf {
    bytes: [u8; MAX_NAME_LEN],
    len: usize,
}

impl WireBuf {
    fn new() -> WireBuf {
        WireBuf {
            bytes: [0; MAX_NAME_LEN],
            len: 0,
        }
    }

    fn push(&mut self, byte: u8) -> Result<(), NameError> {
        *self.bytes.get_mut(self.len).ok_or(NameError::NameTooLong)? = byte;
        self.len += 1;
        Ok(())
    }

    fn extend(&mut self, chunk: &[u8]) -> Result<(), NameError> {
        let end = self.len + chunk.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(NameError::NameTooLong)?
            .copy_from_slice(chunk);
        self.len = end;
        Ok(())
    }

    fn set(&mut self, at: usize, byte: u8) {
        if let Some(b) = self.bytes.get_mut(at) {
            *b = byte;
        }
    }

    fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

impl Name {
    /// The root name `.`.
    pub fn root() -> Name {
        Name::from_valid_wire(&[0])
    }

    /// A name over `wire`, which the caller has checked is one valid uncompressed name.
    fn from_valid_wire(wire: &[u8]) -> Name {
        let wire = if wire.len() <= INLINE_CAPACITY {
            let mut bytes = [0; INLINE_CAPACITY];
            if let Some(head) = bytes.get_mut(..wire.len()) {
                head.copy_from_slice(wire);
            }
            Wire::Inline {
                len: wire.len() as u8,
                bytes,
            }
        } else {
            Wire::Heap(wire.into())
        };
        Name { wire }
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
        if let Some(name) = parse_plain_inline(text, origin) {
            return Ok(name);
        }
        Name::parse_general(text, origin)
    }

    /// [`Name::parse`] for every text but `@` and `.`, without the inline fast path.
    fn parse_general(text: &[u8], origin: Option<&Name>) -> Result<Name, NameError> {
        let mut wire = WireBuf::new();
        let absolute = parse_labels(text, &mut wire)?;
        if absolute {
            wire.push(0)?;
        } else {
            let origin = origin.ok_or(NameError::NoOrigin)?;
            wire.extend(origin.as_wire())?;
        }
        Ok(Name::from_valid_wire(wire.as_slice()))
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
        Ok((Name::from_valid_wire(wire), pos))
    }

    /// Builds a name from labels (leftmost first), without the root label.
    pub fn from_labels<'a, I: IntoIterator<Item = &'a [u8]>>(labels: I) -> Result<Name, NameError> {
        let mut wire = WireBuf::new();
        for label in labels {
            if label.is_empty() {
                return Err(NameError::EmptyLabel);
            }
            if label.len() > MAX_LABEL_LEN {
                return Err(NameError::LabelTooLong);
            }
            wire.push(label.len() as u8)?;
            wire.extend(label)?;
        }
        wire.push(0)?;
        Ok(Name::from_valid_wire(wire.as_slice()))
    }

    /// The uncompressed wire form, as written (case preserved).
    pub fn as_wire(&self) -> &[u8] {
        match &self.wire {
            Wire::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Wire::Heap(bytes) => bytes,
        }
    }

    /// Octets in wire form (1 for the root).
    pub fn wire_len(&self) -> usize {
        self.as_wire().len()
    }

    /// True for `.`.
    pub fn is_root(&self) -> bool {
        self.wire_len() == 1
    }

    /// Appends the name as [`Display`](fmt::Display) writes it (absolute, escaped as BIND
    /// prints names), without going through a formatter.
    ///
    /// ```
    /// let name = zonefmt::name::Name::from_ascii("w\\.w.Example.").unwrap();
    /// let mut out = String::from("owner: ");
    /// name.write_text(&mut out);
    /// assert_eq!(out, "owner: w\\.w.Example.");
    /// ```
    pub fn write_text(&self, out: &mut String) {
        if self.is_root() {
            out.push('.');
        } else if let Some(text) = plain_text(self.as_wire(), &mut [0; MAX_NAME_LEN]) {
            out.push_str(text);
        } else {
            write_labels(out, self.as_wire());
            out.push('.');
        }
    }

    /// Labels from the left, without the root label.
    pub fn labels(&self) -> Labels<'_> {
        Labels {
            rest: self.as_wire(),
        }
    }

    /// Number of labels, not counting the root.
    pub fn label_count(&self) -> usize {
        self.labels().count()
    }

    /// True when the leftmost label is `*`.
    pub fn is_wildcard(&self) -> bool {
        self.as_wire().get(..2) == Some(&[1, b'*'])
    }

    /// The name with its leftmost label removed; `None` for the root.
    pub fn parent(&self) -> Option<Name> {
        let wire = self.as_wire();
        let first = *wire.first()? as usize;
        if first == 0 {
            return None;
        }
        Some(Name::from_valid_wire(wire.get(first + 1..)?))
    }

    /// True when `self` equals `ancestor` or lies below it (case-insensitive).
    pub fn is_subdomain_of(&self, ancestor: &Name) -> bool {
        let (s, a) = (self.as_wire(), ancestor.as_wire());
        if a.len() > s.len() {
            return false;
        }
        let start = s.len() - a.len();
        // The suffix must start on a label boundary of `self`.
        let mut pos = 0;
        while pos < start {
            let Some(&len) = s.get(pos) else { return false };
            pos += 1 + len as usize;
        }
        pos == start
            && s.get(start..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(a))
    }

    /// A copy with ASCII letters lower-cased (the canonical form of RFC 4034 §6.2).
    pub fn to_lowercase(&self) -> Name {
        let mut wire = WireBuf::new();
        // A valid name always fits.
        let _ = wire.extend(self.as_wire());
        wire.bytes.make_ascii_lowercase();
        Name::from_valid_wire(wire.as_slice())
    }

    /// A new name: `label` in front of `self`.
    pub fn prepend(&self, label: &[u8]) -> Result<Name, NameError> {
        if label.is_empty() {
            return Err(NameError::EmptyLabel);
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(NameError::LabelTooLong);
        }
        let mut wire = WireBuf::new();
        wire.push(label.len() as u8)?;
        wire.extend(label)?;
        wire.extend(self.as_wire())?;
        Ok(Name::from_valid_wire(wire.as_slice()))
    }

    /// Presentation text relative to `origin`: `@` for the origin itself, the leading labels
    /// for a name below it, and the absolute text otherwise.
    pub fn to_relative_string(&self, origin: &Name) -> String {
        if self == origin {
            return "@".to_string();
        }
        if self.is_subdomain_of(origin) && !origin.is_root() {
            let keep = self.wire_len() - origin.wire_len();
            let mut out = String::new();
            write_labels(&mut out, self.as_wire().get(..keep).unwrap_or_default());
            return out;
        }
        self.to_string()
    }
}

/// The common case of [`Name::parse`], built straight into the inline form: text without
/// escapes whose wire form fits in [`INLINE_CAPACITY`] octets. `None` for anything else (an
/// escape, an empty label, a longer name, a relative name without origin), which the general
/// path then reads, errors included; when this returns a name, it is the one the general path
/// would build. Labels cannot be too long here: the whole name is shorter than 64 octets.
fn parse_plain_inline(text: &[u8], origin: Option<&Name>) -> Option<Name> {
    let n = text.len();
    if n >= INLINE_CAPACITY {
        return None;
    }
    // The text goes one octet in: label octets land where the wire form has them, and each
    // dot where the next label's length octet goes. The text is scanned where it is, not in
    // the copy: words read back from octets just stored stall the load (store forwarding),
    // which made this a tenth of a whole read. Every copy is of a fixed size (eight octets
    // of text, the origin's whole inline array) into a scratch array with room past the
    // name, where two `memcpy` calls of the exact lengths cost a quarter of the function.
    let mut bytes = [0u8; SCRATCH];
    // Where the current label's length octet goes.
    let mut len_at = 0usize;
    let mut words = text.chunks_exact(8);
    let mut start = 0usize;
    for chunk in words.by_ref() {
        let x = u64::from_le_bytes(chunk.try_into().ok()?);
        label_word(&mut bytes, &mut len_at, start, x)?;
        start += 8;
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        // The last octets as one word, zero past the text: the text's last eight octets
        // shifted down when there are eight, else gathered one by one.
        let x = match text.get(n.wrapping_sub(8)..) {
            Some(last) if n >= 8 => {
                u64::from_le_bytes(last.try_into().ok()?) >> (8 * (8 - rest.len()))
            }
            _ => rest
                .iter()
                .rev()
                .fold(0u64, |acc, &b| acc << 8 | u64::from(b)),
        };
        label_word(&mut bytes, &mut len_at, start, x)?;
    }
    let len = if len_at == n {
        // A final dot: it becomes the root label.
        *bytes.get_mut(n)? = 0;
        n + 1
    } else {
        *bytes.get_mut(len_at)? = (n - len_at) as u8;
        let Wire::Inline {
            len: origin_len,
            bytes: origin_bytes,
        } = &origin?.wire
        else {
            return None;
        };
        let end = n + 1 + usize::from(*origin_len);
        if end > INLINE_CAPACITY {
            return None;
        }
        // The whole array: its octets past the origin's length are zero, as ours must be.
        bytes
            .get_mut(n + 1..n + 1 + INLINE_CAPACITY)?
            .copy_from_slice(origin_bytes);
        end
    };
    let mut inline = [0u8; INLINE_CAPACITY];
    inline.copy_from_slice(bytes.get(..INLINE_CAPACITY)?);
    Some(Name {
        wire: Wire::Inline {
            len: len as u8,
            bytes: inline,
        },
    })
}

/// Room for a name being built inline, plus a word of text or an origin written past it.
const SCRATCH: usize = 2 * INLINE_CAPACITY + 4;

/// Copies the eight text octets `x` (from text index `start`) one octet in and ends a label
/// at each dot among them; `None` for a backslash or an empty label.
#[inline]
fn label_word(bytes: &mut [u8; SCRATCH], len_at: &mut usize, start: usize, x: u64) -> Option<()> {
    if bytes_equal(x, b'\\') != 0 {
        return None;
    }
    bytes
        .get_mut(start + 1..start + 9)?
        .copy_from_slice(&x.to_le_bytes());
    let mut dots = bytes_equal(x, b'.');
    while dots != 0 {
        let dot = start + (dots.trailing_zeros() / 8) as usize;
        dots &= dots - 1;
        end_label(bytes, len_at, dot + 1)?;
    }
    Some(())
}

/// Ends the label whose length octet is at `*len_at` with the dot at `at` (both indices into
/// the wire form being built); `None` for an empty label.
#[inline]
fn end_label(bytes: &mut [u8; SCRATCH], len_at: &mut usize, at: usize) -> Option<()> {
    let label = at - *len_at - 1;
    if label == 0 {
        return None;
    }
    *bytes.get_mut(*len_at)? = label as u8;
    *len_at = at;
    Some(())
}

/// Exact octet equality for short slices such as names and their text: eight octets a
/// compare, inline, where `==` on slices calls `memcmp` (5% of `zonefmt stats`, nearly all
/// of it the call for ten or twenty octets).
#[inline]
pub(crate) fn octets_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut words_a = a.chunks_exact(8);
    let mut words_b = b.chunks_exact(8);
    for (x, y) in words_a.by_ref().zip(words_b.by_ref()) {
        let x: [u8; 8] = x.try_into().unwrap_or_default();
        let y: [u8; 8] = y.try_into().unwrap_or_default();
        if u64::from_ne_bytes(x) != u64::from_ne_bytes(y) {
            return false;
        }
    }
    words_a
        .remainder()
        .iter()
        .zip(words_b.remainder())
        .all(|(x, y)| x == y)
}

impl Name {
    /// True when both names have the same wire octets, case included (`==` ignores case).
    #[inline]
    pub fn same_octets(&self, other: &Name) -> bool {
        match (&self.wire, &other.wire) {
            // Octets past `len` are zero in every inline name (each is built from a zeroed
            // array), so the whole arrays compare as two 16-octet words each.
            (
                Wire::Inline { len, bytes },
                Wire::Inline {
                    len: other_len,
                    bytes: other_bytes,
                },
            ) => len == other_len && halves(bytes) == halves(other_bytes),
            _ => octets_eq(self.as_wire(), other.as_wire()),
        }
    }
}

/// The first and last 16 octets of an inline name's array (they overlap).
#[inline]
fn halves(bytes: &[u8; INLINE_CAPACITY]) -> (u128, u128) {
    let mut head = [0u8; 16];
    let mut tail = [0u8; 16];
    head.copy_from_slice(bytes.get(..16).unwrap_or_default());
    tail.copy_from_slice(bytes.get(INLINE_CAPACITY - 16..).unwrap_or_default());
    (u128::from_ne_bytes(head), u128::from_ne_bytes(tail))
}

/// The top bit of every byte of `x` that equals `byte`, exactly (no carries between bytes).
fn bytes_equal(x: u64, byte: u8) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let v = x ^ (0x0101_0101_0101_0101 * u64::from(byte));
    !(((v & LOW).wrapping_add(LOW)) | v) & !LOW
}

/// Parses labels of presentation text into `wire`; returns whether the text ended in an
/// unescaped dot (absolute). Runs of plain bytes are copied whole.
fn parse_labels(text: &[u8], wire: &mut WireBuf) -> Result<bool, NameError> {
    let mut label_start = wire.len;
    wire.push(0)?;
    let mut rest = text;
    loop {
        // Labels are short: a plain loop beats memchr's setup here.
        let run = rest
            .iter()
            .position(|&b| b == b'.' || b == b'\\')
            .unwrap_or(rest.len());
        let (plain, tail) = rest.split_at(run);
        if wire.len - label_start - 1 + plain.len() > MAX_LABEL_LEN {
            return Err(NameError::LabelTooLong);
        }
        wire.extend(plain)?;
        match tail.first() {
            None => {
                let len = wire.len - label_start - 1;
                if len == 0 {
                    return Err(NameError::EmptyLabel);
                }
                wire.set(label_start, len as u8);
                return Ok(false);
            }
            Some(b'.') => {
                let len = wire.len - label_start - 1;
                if len == 0 {
                    return Err(NameError::EmptyLabel);
                }
                wire.set(label_start, len as u8);
                if tail.len() == 1 {
                    return Ok(true);
                }
                label_start = wire.len;
                wire.push(0)?;
                rest = tail.get(1..).unwrap_or_default();
            }
            Some(_) => {
                let (byte, used) = crate::text::decode_escape(tail).ok_or(NameError::BadEscape)?;
                if wire.len - label_start - 1 + 1 > MAX_LABEL_LEN {
                    return Err(NameError::LabelTooLong);
                }
                wire.push(byte)?;
                rest = tail.get(used..).unwrap_or_default();
            }
        }
    }
}

/// Octets a label shows as themselves in presentation form: printable ASCII other than those
/// [`push_label_byte`] escapes.
// Evaluated at compile time: an index out of bounds would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
const PLAIN_LABEL_OCTET: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x21;
    while b < 0x7f {
        table[b] = !matches!(
            b as u8,
            b'.' | b';' | b'\\' | b'(' | b')' | b'"' | b'@' | b'$'
        );
        b += 1;
    }
    table
};

/// The presentation form of a name that is not the root, with its final dot, built in `buf`
/// when no octet needs an escape (nearly every name): the wire form after its first length
/// octet is copied whole and the other length octets, the final zero included, become dots.
/// `None` when some octet needs an escape.
fn plain_text<'b>(wire: &[u8], buf: &'b mut [u8; MAX_NAME_LEN]) -> Option<&'b str> {
    let body = wire.get(1..).filter(|b| !b.is_empty())?;
    let text = buf.get_mut(..body.len())?;
    text.copy_from_slice(body);
    let first = usize::from(*wire.first()?);
    // The length octets are not label text: mark them plain for the check, dots after it.
    let mut at = first;
    while let Some(len) = text.get_mut(at) {
        let next = at + 1 + usize::from(*len);
        *len = b'a';
        at = next;
    }
    if !text
        .iter()
        .all(|&b| PLAIN_LABEL_OCTET.get(usize::from(b)) == Some(&true))
    {
        return None;
    }
    let mut at = first;
    while let Some(dot) = text.get_mut(at) {
        *dot = b'.';
        at += 1 + usize::from(body.get(at).copied().unwrap_or(0));
    }
    std::str::from_utf8(text).ok()
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
        let (label, after) = rest.split_at(len.min(rest.len()));
        for &b in label {
            push_label_byte(out, b);
        }
        wire = after;
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
        if let Some(text) = plain_text(self.as_wire(), &mut [0; MAX_NAME_LEN]) {
            return f.write_str(text);
        }
        let mut out = String::with_capacity(self.wire_len() + 1);
        write_labels(&mut out, self.as_wire());
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
        self.as_wire().eq_ignore_ascii_case(other.as_wire())
    }
}

impl Eq for Name {}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Folded to lower case (equal names hash alike), written in pieces of 32 octets: one
        // write for most names, and equal names are cut alike.
        for chunk in self.as_wire().chunks(32) {
            let mut folded = [0u8; 32];
            for (o, b) in folded.iter_mut().zip(chunk) {
                *o = b.to_ascii_lowercase();
            }
            state.write(folded.get(..chunk.len()).unwrap_or_default());
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
    fn inline_fast_path_builds_what_the_general_path_builds() {
        let origins = [
            None,
            Some(Name::from_ascii("example.").unwrap()),
            Some(Name::from_ascii("Sub.Example.COM.").unwrap()),
            Some(Name::from_ascii("abcdefghijklmnopqrstuvw.").unwrap()),
        ];
        let texts = [
            "a",
            "www",
            "WWW.Sub",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n",
            "ns1.example.",
            "a.",
            "a..b",
            ".a",
            "a.b.",
            "a\\.b",
            "a\\065",
            "abcdefgh.ijklmnop.qrstuvw",
            "abcdefghijklmnopqrstuvwxyz.",
            "abcdefghijklmnopqrstuvwxyz012.",
            "abcdefghijklmnopqrstuvwxyz0123",
            "x.y.z..",
            "*",
            "*.wild",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.",
            "12345678.",
            "1234567.",
            "123456789",
            "a\0b",
            "\u{0}\u{0}.x",
        ];
        let mut fast = 0;
        for origin in &origins {
            for text in texts {
                let general = Name::parse_general(text.as_bytes(), origin.as_ref());
                if let Some(name) = parse_plain_inline(text.as_bytes(), origin.as_ref()) {
                    fast += 1;
                    let general = general.clone().unwrap_or_else(|e| panic!("{text}: {e}"));
                    assert_eq!(name.as_wire(), general.as_wire(), "{text} {origin:?}");
                    assert!(matches!(name.wire, Wire::Inline { .. }));
                }
                assert_eq!(
                    Name::parse(text.as_bytes(), origin.as_ref()).map(|n| n.as_wire().to_vec()),
                    general.map(|n| n.as_wire().to_vec()),
                    "{text} {origin:?}"
                );
            }
        }
        assert!(fast > 30, "{fast}");
    }

    /// Texts of every length up to 31 octets, mostly label octets with a few dots and now
    /// and then a backslash, against origins of every length that fits inline and ones that
    /// do not: the inline path builds what the general path builds, with the last partial
    /// word of text read at every offset and the origin copied in at every position.
    #[test]
    fn plain_inline_agrees_on_long_texts_and_origins() {
        let mut origins = vec![None, Some(Name::root())];
        for len in 1..=28 {
            let label = "o".repeat(len);
            origins.push(Some(n(&format!("{label}."))));
        }
        origins.push(Some(n("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.")));
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut fast = 0;
        for round in 0..20_000 {
            let len = 1 + (round % 31);
            let text: Vec<u8> = (0..len)
                .map(|_| match next() % 40 {
                    0..=4 => b'.',
                    5 => b'\\',
                    6 => b'A',
                    _ => b'a' + (next() % 26) as u8,
                })
                .collect();
            let origin = &origins[(next() % origins.len() as u64) as usize];
            let general = Name::parse_general(&text, origin.as_ref());
            if let Some(name) = parse_plain_inline(&text, origin.as_ref()) {
                fast += 1;
                let general =
                    general.unwrap_or_else(|e| panic!("{:?}: {e}", String::from_utf8_lossy(&text)));
                assert_eq!(name.as_wire(), general.as_wire(), "{text:?} {origin:?}");
                assert!(name.same_octets(&general));
            }
        }
        assert!(fast > 3_000, "{fast}");
    }

    /// Every text of up to 8 octets over dots, backslashes and two label octets, alone and
    /// shifted across the eight-octet words by a prefix: the inline path builds what the
    /// general path builds, and `same_octets` agrees with comparing the wire forms (it relies
    /// on the octets past an inline name's length being zero).
    #[test]
    fn plain_inline_agrees_on_every_short_text() {
        let origin = Some(n("ex."));
        let alphabet = [b'a', b'.', b'\\', b'0'];
        let mut previous: Option<Name> = None;
        let mut fast = 0;
        for prefix in [&b""[..], b"abc.", b"abcdefg.", b"abcdefghijk."] {
            for len in 0..=8u32 {
                for code in 0..4usize.pow(len) {
                    let mut text = prefix.to_vec();
                    let mut rest = code;
                    for _ in 0..len {
                        text.push(alphabet[rest % 4]);
                        rest /= 4;
                    }
                    if text.is_empty() {
                        continue; // `Name::parse` refuses it before either path.
                    }
                    let general = Name::parse_general(&text, origin.as_ref());
                    if let Some(name) = parse_plain_inline(&text, origin.as_ref()) {
                        fast += 1;
                        let general = general.unwrap_or_else(|e| {
                            panic!("{:?}: {e}", String::from_utf8_lossy(&text))
                        });
                        assert_eq!(name.as_wire(), general.as_wire(), "{text:?}");
                        if let Some(previous) = &previous {
                            assert_eq!(
                                name.same_octets(previous),
                                name.as_wire() == previous.as_wire(),
                                "{text:?}"
                            );
                        }
                        assert!(name.same_octets(&general));
                        previous = Some(name);
                    }
                }
            }
        }
        assert!(fast > 10_000, "{fast}");
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

    /// The text the label-by-label path writes, which the fast path must match.
    fn general_text(name: &Name) -> String {
        if name.is_root() {
            return ".".to_string();
        }
        let mut out = String::new();
        write_labels(&mut out, name.as_wire());
        out.push('.');
        out
    }

    #[test]
    fn plain_names_are_written_as_the_general_path_writes_them() {
        let mut names = vec![
            Name::root(),
            n("a."),
            n("www.example.com."),
            n("A-b_c.*.Z9."),
        ];
        // Every octet alone, between plain octets, and as a label of its own.
        for b in 0..=255u8 {
            for label in [vec![b], vec![b'a', b, b'z'], vec![b; 63]] {
                let mut wire = vec![label.len() as u8];
                wire.extend_from_slice(&label);
                wire.extend_from_slice(b"\x03com\x00");
                names.push(Name::from_wire(&wire).unwrap());
            }
        }
        // Longest names: 127 one-octet labels, and 4 labels of 63.
        names.push(n(&format!("{}.", vec!["x"; 127].join("."))));
        names.push(n(&format!(
            "{}.",
            vec!["y".repeat(63); 3].join(".") + "." + &"z".repeat(61)
        )));
        // A deterministic spread of names with a few octets that need escapes.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            let mut wire = Vec::new();
            let labels = 1 + (seed % 5) as usize;
            for _ in 0..labels {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let len = 1 + (seed >> 59) as usize;
                wire.push(len as u8);
                for i in 0..len {
                    let r = (seed >> (i % 7 * 8)) as u8;
                    wire.push(if r % 13 == 0 { r } else { b'a' + r % 26 });
                }
            }
            wire.push(0);
            names.push(Name::from_wire(&wire).unwrap());
        }
        for name in &names {
            let expected = general_text(name);
            let mut written = String::from(">");
            name.write_text(&mut written);
            assert_eq!(written, format!(">{expected}"), "{:?}", name.as_wire());
            assert_eq!(name.to_string(), expected, "{:?}", name.as_wire());
        }
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
    fn inline_and_boxed_names_behave_alike() {
        use std::collections::hash_map::DefaultHasher;
        let hash = |n: &Name| {
            let mut h = DefaultHasher::new();
            n.hash(&mut h);
            h.finish()
        };
        // Wire lengths around the inline capacity, and the longest name there is.
        for wire_len in [
            1,
            3,
            INLINE_CAPACITY - 1,
            INLINE_CAPACITY,
            INLINE_CAPACITY + 1,
            255,
        ] {
            let mut labels = Vec::new();
            let mut left = wire_len - 1;
            while left > 0 {
                let len = if left <= MAX_LABEL_LEN + 1 {
                    left - 1
                } else {
                    (left - 3).min(MAX_LABEL_LEN)
                };
                labels.push("x".repeat(len));
                left -= len + 1;
            }
            let text = if labels.is_empty() {
                ".".to_string()
            } else {
                labels.join(".") + "."
            };
            let name = Name::from_ascii(&text).unwrap();
            assert_eq!(name.wire_len(), wire_len, "{text}");
            assert_eq!(name.to_string(), text);
            let upper = Name::from_ascii(&text.to_ascii_uppercase()).unwrap();
            assert_eq!(name, upper);
            assert_eq!(hash(&name), hash(&upper));
            assert_eq!(name.cmp(&upper), Ordering::Equal);
            assert_eq!(upper.to_lowercase().as_wire(), name.as_wire());
            assert_eq!(Name::from_wire(name.as_wire()).unwrap(), name);
            if let Some(parent) = name.parent() {
                assert_eq!(parent.wire_len(), wire_len - 1 - name.as_wire()[0] as usize);
                assert!(name.is_subdomain_of(&parent));
            }
        }
        // A label too long is reported as such even when the name would not fit either.
        assert_eq!(
            Name::from_ascii(&"a".repeat(300)),
            Err(NameError::LabelTooLong)
        );
        let origin = n(&format!("{}.", vec!["abcdefgh"; 27].join(".")));
        assert_eq!(origin.wire_len(), 244);
        assert_eq!(
            Name::parse(b"abcdefghij", Some(&origin))
                .unwrap()
                .wire_len(),
            255
        );
        assert_eq!(
            Name::parse(b"abcdefghijk", Some(&origin)),
            Err(NameError::NameTooLong)
        );
        assert_eq!(
            Name::parse(b"a\\065bc", Some(&origin))
                .unwrap()
                .labels()
                .next()
                .unwrap(),
            b"aAbc"
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
