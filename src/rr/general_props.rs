//! Property tests over the core and general record types (the harness is [`super::props`]): any
//! wire rdata that decodes must encode to the same octets, print to text that parses back to the
//! same value, and no input (wire or text) may panic. Rdata is built field by field so that most
//! cases decode, with arbitrary octets inside strings and labels to exercise escaping.

use proptest::prelude::*;

use super::props::{self, char_string};

#[derive(Debug, Clone, Copy)]
enum Field {
    Octets(usize),
    Name,
    CharString,
    /// A character-string that is mostly a small decimal number (GPOS).
    NumericString,
    OptionalCharString,
    ManyCharStrings,
    Rest,
}

use Field::*;

/// Wire layout of each type, field by field.
const SHAPES: &[(&str, &[Field])] = &[
    ("A", &[Octets(4)]),
    ("AAAA", &[Octets(16)]),
    ("NS", &[Name]),
    ("MD", &[Name]),
    ("MF", &[Name]),
    ("CNAME", &[Name]),
    ("MB", &[Name]),
    ("MG", &[Name]),
    ("MR", &[Name]),
    ("PTR", &[Name]),
    ("DNAME", &[Name]),
    ("MX", &[Octets(2), Name]),
    ("SOA", &[Name, Name, Octets(20)]),
    ("TXT", &[ManyCharStrings]),
    ("SPF", &[ManyCharStrings]),
    ("HINFO", &[CharString, CharString]),
    ("MINFO", &[Name, Name]),
    ("RP", &[Name, Name]),
    ("TALINK", &[Name, Name]),
    ("AFSDB", &[Octets(2), Name]),
    ("RT", &[Octets(2), Name]),
    ("KX", &[Octets(2), Name]),
    ("LP", &[Octets(2), Name]),
    ("PX", &[Octets(2), Name, Name]),
    ("SRV", &[Octets(6), Name]),
    ("X25", &[CharString]),
    ("ISDN", &[CharString, OptionalCharString]),
    ("NSAP", &[Rest]),
    ("NSAP-PTR", &[Name]),
    ("GPOS", &[NumericString, NumericString, NumericString]),
    ("EUI48", &[Octets(6)]),
    ("EUI64", &[Octets(8)]),
    ("L32", &[Octets(6)]),
    ("L64", &[Octets(10)]),
    ("NID", &[Octets(10)]),
    ("URI", &[Octets(4), Rest]),
    ("CAA", &[Octets(1), CharString, Rest]),
    ("DOA", &[Octets(9), CharString, Rest]),
    ("NINFO", &[ManyCharStrings]),
    ("AVC", &[ManyCharStrings]),
    ("RESINFO", &[ManyCharStrings]),
    ("WALLET", &[ManyCharStrings]),
];

/// String contents: arbitrary octets, or text some types insist on (digits, numbers, tags).
fn string_content() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..12),
        "[0-9]{0,8}".prop_map(String::into_bytes),
        "[-+]?[0-9]{0,3}(\\.[0-9]{0,3})?".prop_map(String::into_bytes),
        "[a-zA-Z0-9]{1,8}".prop_map(String::into_bytes),
    ]
}

fn field(f: Field) -> BoxedStrategy<Vec<u8>> {
    match f {
        Octets(n) => props::octets(n),
        Name => props::name(),
        CharString => string_content().prop_map(char_string).boxed(),
        NumericString => prop_oneof![
            4 => "[-+]?[0-9]{0,2}(\\.[0-9]{0,3})?".prop_map(String::into_bytes),
            1 => string_content(),
        ]
        .prop_map(char_string)
        .boxed(),
        OptionalCharString => prop_oneof![Just(Vec::new()), field(CharString)].boxed(),
        ManyCharStrings => proptest::collection::vec(field(CharString), 0..4)
            .prop_map(|v| v.concat())
            .boxed(),
        Rest => string_content().boxed(),
    }
}

props::rdata_properties! {
    cases: 3000,
    shapes: SHAPES,
    field: field,
    text: "[-0-9a-zA-Z.:\"\\\\ ;()@x]{0,40}",
    decode_percent: 20,
}

#[test]
fn errors_carry_stable_codes() {
    use crate::error::ErrorCode;
    props::assert_error_codes(&[
        ("SRV", "1 2 70000 a", ErrorCode::BadField),
        ("CAA", "0 is-sue x", ErrorCode::BadField),
        ("URI", "1 2", ErrorCode::MissingField),
        ("HINFO", "a b c", ErrorCode::TrailingData),
        (
            "HINFO",
            &format!("{} b", "a".repeat(256)),
            ErrorCode::StringTooLong,
        ),
        ("CAA", "0 issue \"\\2x\"", ErrorCode::BadEscape),
        ("RP", "a..b c", ErrorCode::BadName),
        ("GPOS", "91 0 0", ErrorCode::BadField),
        ("NSAP", "0x4", ErrorCode::BadField),
    ]);
}
