//! Property tests over the DNSSEC and key types (the harness is [`super::props`]): any wire rdata
//! that decodes must encode to the same octets and print to text that parses back to the same
//! value; no wire or text input may panic. Rdata is assembled field by field (names,
//! length-prefixed strings, RFC 4034 type bitmaps built window by window) so that most cases
//! decode.

use proptest::prelude::*;

use super::props::{self, char_string};

#[derive(Debug, Clone, Copy)]
enum Field {
    Octets(usize),
    Name,
    /// Length-prefixed octets, 0–40 long (NSEC3 salt).
    CharString,
    /// Length-prefixed octets, 1–40 long (NSEC3 next hashed owner).
    NonEmptyCharString,
    /// A valid type bitmap, possibly empty.
    Bitmap,
    /// The rest of the rdata, 0–60 octets.
    Rest,
    /// HIP's lengths, algorithm, HIT and key.
    HipHeader,
}

use Field::*;

const SHAPES: &[(&str, &[Field])] = &[
    ("DNSKEY", &[Octets(4), Rest]),
    ("CDNSKEY", &[Octets(4), Rest]),
    ("KEY", &[Octets(4), Rest]),
    ("DS", &[Octets(4), Rest]),
    ("CDS", &[Octets(4), Rest]),
    ("DLV", &[Octets(4), Rest]),
    ("TA", &[Octets(4), Rest]),
    ("RRSIG", &[Octets(18), Name, Rest]),
    ("SIG", &[Octets(18), Name, Rest]),
    ("NSEC", &[Name, Bitmap]),
    (
        "NSEC3",
        &[Octets(4), CharString, NonEmptyCharString, Bitmap],
    ),
    ("NSEC3PARAM", &[Octets(4), CharString]),
    ("CSYNC", &[Octets(6), Bitmap]),
    ("ZONEMD", &[Octets(6), Rest]),
    ("TLSA", &[Octets(3), Rest]),
    ("SMIMEA", &[Octets(3), Rest]),
    ("SSHFP", &[Octets(2), Rest]),
    ("CERT", &[Octets(5), Rest]),
    ("OPENPGPKEY", &[Rest]),
    ("DHCID", &[Rest]),
    ("HIP", &[HipHeader, Name, Name]),
    ("DSYNC", &[Octets(5), Name]),
];

fn prefixed(range: std::ops::Range<usize>) -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(any::<u8>(), range)
        .prop_map(char_string)
        .boxed()
}

/// Windows in ascending order, each 1–32 octets ending in a non-zero octet.
fn bitmap() -> BoxedStrategy<Vec<u8>> {
    proptest::collection::btree_map(
        any::<u8>(),
        (proptest::collection::vec(any::<u8>(), 0..31), 1..=255u8),
        0..4,
    )
    .prop_map(|windows| {
        let mut out = Vec::new();
        for (window, (mut bits, last)) in windows {
            bits.push(last);
            out.push(window);
            out.push(bits.len() as u8);
            out.extend(bits);
        }
        out
    })
    .boxed()
}

fn field(f: Field) -> BoxedStrategy<Vec<u8>> {
    match f {
        Octets(n) => props::octets(n),
        Name => props::name(),
        CharString => prefixed(0..41),
        NonEmptyCharString => prefixed(1..41),
        Bitmap => bitmap(),
        Rest => proptest::collection::vec(any::<u8>(), 0..61).boxed(),
        HipHeader => (
            any::<u8>(),
            proptest::collection::vec(any::<u8>(), 1..20),
            proptest::collection::vec(any::<u8>(), 1..60),
        )
            .prop_map(|(algorithm, hit, key)| {
                let mut out = vec![hit.len() as u8, algorithm];
                out.extend((key.len() as u16).to_be_bytes());
                out.extend(hit);
                out.extend(key);
                out
            })
            .boxed(),
    }
}

props::rdata_properties! {
    cases: 3000,
    shapes: SHAPES,
    field: field,
    text: "[-0-9a-zA-Z.+/=|\"\\\\ ;()@]{0,60}",
    decode_percent: 22,
}

#[test]
fn errors_carry_stable_codes() {
    use crate::error::ErrorCode;
    props::assert_error_codes(&[
        ("DS", "1 8 2 00", ErrorCode::BadField),
        ("DS", "1 8 2", ErrorCode::MissingField),
        ("DNSKEY", "257 3 8 AA== (", ErrorCode::BadField),
        ("KEY", "NOKEY 3 8 AA==", ErrorCode::TrailingData),
        ("RRSIG", "A 8 1 300 1 1 1 a.b. AA==", ErrorCode::BadField),
        ("RRSIG", "A 8 1 300 1 1 1 a..b AA==", ErrorCode::BadName),
        ("NSEC", "a. FOO", ErrorCode::BadField),
        ("NSEC3", "1 0 0 - 00", ErrorCode::BadField),
        ("ZONEMD", "1 1 1 00", ErrorCode::BadField),
        ("SSHFP", "1 1", ErrorCode::MissingField),
        ("SSHFP", "1 1 00", ErrorCode::BadField),
        ("DSYNC", "CDS 1 1 ns extra", ErrorCode::TrailingData),
    ]);
}
