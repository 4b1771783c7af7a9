//! Property tests over the DNSSEC and key types: any wire rdata that decodes must encode to the
//! same octets and print to text that parses back to the same value; no wire or text input may
//! panic. Rdata is assembled field by field (names, length-prefixed strings, RFC 4034 type
//! bitmaps built window by window) so that most cases decode.

use proptest::prelude::*;

use super::testing::parse;
use super::{RecordData, RecordType};

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

fn label() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 1..8),
        "[a-z0-9-]{1,8}".prop_map(String::into_bytes),
    ]
}

fn prefixed(range: std::ops::Range<usize>) -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(any::<u8>(), range)
        .prop_map(|s| {
            let mut out = vec![s.len() as u8];
            out.extend(s);
            out
        })
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
        Octets(n) => proptest::collection::vec(any::<u8>(), n).boxed(),
        Name => proptest::collection::vec(label(), 0..4)
            .prop_map(|labels| {
                let mut out = Vec::new();
                for l in labels {
                    out.push(l.len() as u8);
                    out.extend(l);
                }
                out.push(0);
                out
            })
            .boxed(),
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

fn rdata() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    (0..SHAPES.len()).prop_flat_map(|i| {
        let (mnemonic, shape) = SHAPES[i];
        let fields: Vec<_> = shape.iter().map(|&f| field(f)).collect();
        (Just(mnemonic), fields.prop_map(|v| v.concat()))
    })
}

fn rtype(mnemonic: &str) -> RecordType {
    RecordType::from_mnemonic(mnemonic.as_bytes()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn decoded_values_re_encode_and_re_parse((mnemonic, wire) in rdata()) {
        if let Ok(value) = RecordData::decode(rtype(mnemonic), &wire) {
            prop_assert!(!matches!(value, RecordData::Unknown(_)), "{mnemonic} is not typed");
            prop_assert_eq!(value.to_wire(), wire.clone());
            let text = value.to_text();
            let reparsed = parse(mnemonic, &text);
            prop_assert_eq!(reparsed.as_ref().ok(), Some(&value), "{} {}: {:?}", mnemonic, text, reparsed);
        }
    }

    #[test]
    fn truncated_wire_never_panics((mnemonic, wire) in rdata(), cut in any::<prop::sample::Index>()) {
        let cut = cut.index(wire.len() + 1);
        let _ = RecordData::decode(rtype(mnemonic), &wire[..cut]);
    }

    #[test]
    fn any_text_never_panics(i in 0..SHAPES.len(), text in "[-0-9a-zA-Z.+/=|\"\\\\ ;()@]{0,60}") {
        let _ = parse(SHAPES[i].0, &text);
    }
}

/// Enough of the generated wire forms decode that the round-trip property means something.
#[test]
fn most_generated_rdata_decodes() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut decoded = std::collections::HashMap::<&str, usize>::new();
    for _ in 0..4000 {
        let (mnemonic, wire) = rdata().new_tree(&mut runner).unwrap().current();
        if RecordData::decode(rtype(mnemonic), &wire).is_ok() {
            *decoded.entry(mnemonic).or_default() += 1;
        }
    }
    for (mnemonic, _) in SHAPES {
        let n = decoded.get(mnemonic).copied().unwrap_or(0);
        assert!(
            n >= 40,
            "{mnemonic}: only {n} of ~180 generated cases decode"
        );
    }
}

#[test]
fn every_shape_is_a_typed_type() {
    for (mnemonic, _) in SHAPES {
        assert!(rtype(mnemonic).is_typed(), "{mnemonic}");
    }
}

#[test]
fn errors_carry_stable_codes() {
    use crate::error::ErrorCode;
    for (mnemonic, text, code) in [
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
    ] {
        let err = parse(mnemonic, text).unwrap_err();
        assert_eq!(err.code, code, "{mnemonic} {text}: {}", err.message);
        assert!(
            err.at.is_some() || code == ErrorCode::MissingField,
            "{mnemonic} {text}"
        );
    }
}
