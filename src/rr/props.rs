//! The property harness the per-family property modules share (`general_props`,
//! `dnssec_props`, `structured_props`): each module writes generators of wire rdata for its
//! types and calls [`rdata_properties!`], which adds the same tests to every family:
//!
//! - `decoded_values_re_encode_and_re_parse`: any wire rdata that decodes is typed, encodes to
//!   the same octets, and prints to text that parses back to the same value;
//! - `truncated_wire_never_panics` and `any_text_never_panics`: no input panics;
//! - `every_type_is_typed` and `generators_mostly_decode`: the family's types are modelled,
//!   and its generators give each of them decodable rdata often enough for the round trip to
//!   mean something.
//!
//! [`every_typed_type_has_properties`] ties the families to the type table: every typed type in
//! `record_types!` must belong to one of them.

use std::collections::BTreeMap;
use std::fmt::Debug;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{TestCaseError, TestRunner};

use super::testing::parse;
use super::{RecordData, RecordType};
use crate::error::ErrorCode;

/// A generator of `(mnemonic, wire rdata)` pairs.
pub type Rdata = BoxedStrategy<(&'static str, Vec<u8>)>;

/// The type of a mnemonic the table knows.
pub fn rtype(mnemonic: &str) -> RecordType {
    RecordType::from_mnemonic(mnemonic.as_bytes()).unwrap()
}

/// Rdata assembled field by field from a table of wire layouts, a type picked uniformly.
pub fn from_shapes<F: Copy + Debug + 'static>(
    shapes: &'static [(&'static str, &'static [F])],
    field: fn(F) -> BoxedStrategy<Vec<u8>>,
) -> Rdata {
    (0..shapes.len())
        .prop_flat_map(move |i| {
            let (mnemonic, shape) = shapes[i];
            let fields: Vec<_> = shape.iter().map(|&f| field(f)).collect();
            (Just(mnemonic), fields.prop_map(|v| v.concat()))
        })
        .boxed()
}

/// The mnemonics of a shape table, in order.
pub fn mnemonics<F>(shapes: &[(&'static str, F)]) -> Vec<&'static str> {
    shapes.iter().map(|&(mnemonic, _)| mnemonic).collect()
}

/// A label: arbitrary octets (to exercise escaping) or a hostname-like one, 1–7 long.
pub fn label() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 1..8),
        "[a-z0-9-]{1,8}".prop_map(String::into_bytes),
    ]
}

/// A name's uncompressed wire form, 0–3 [`label`]s.
pub fn name() -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(label(), 0..4)
        .prop_map(wire_name)
        .boxed()
}

/// `n` arbitrary octets.
pub fn octets(n: usize) -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(any::<u8>(), n).boxed()
}

/// The uncompressed wire form of a name made of `labels` (each 1–63 octets).
pub fn wire_name(labels: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    for l in labels {
        out.push(l.len() as u8);
        out.extend(l);
    }
    out.push(0);
    out
}

/// `s` as a character-string: a length octet, then the octets.
pub fn char_string(s: Vec<u8>) -> Vec<u8> {
    let mut out = vec![s.len() as u8];
    out.extend(s);
    out
}

/// The round-trip property for one generated case.
pub fn re_encode_and_re_parse(mnemonic: &str, wire: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(value) = RecordData::decode(rtype(mnemonic), wire) {
        prop_assert!(
            !matches!(value, RecordData::Unknown(_)),
            "{mnemonic} is not typed"
        );
        prop_assert_eq!(value.to_wire(), wire.to_vec());
        let text = value.to_text();
        let reparsed = parse(mnemonic, &text);
        prop_assert_eq!(
            reparsed.as_ref().ok(),
            Some(&value),
            "{} {}: {:?}",
            mnemonic,
            text,
            reparsed
        );
    }
    Ok(())
}

/// Decodes the first `cut` octets of `wire` (it must not panic; the result does not matter).
pub fn decode_truncated(mnemonic: &str, wire: &[u8], cut: prop::sample::Index) {
    let cut = cut.index(wire.len() + 1);
    let _ = RecordData::decode(rtype(mnemonic), &wire[..cut]);
}

/// Asserts that every one of `types` is a typed type.
pub fn assert_typed(types: &[&str]) {
    for mnemonic in types {
        assert!(rtype(mnemonic).is_typed(), "{mnemonic}");
    }
}

/// Draws 4000 cases from `rdata` (deterministically) and asserts that it generates only
/// `types`, each of them, and that at least `percent` % of each type's cases decode.
pub fn assert_mostly_decodes(rdata: Rdata, types: &[&str], percent: u32) {
    let mut runner = TestRunner::deterministic();
    let mut counts = BTreeMap::<&str, (u32, u32)>::new();
    for _ in 0..4000 {
        let (mnemonic, wire) = rdata.new_tree(&mut runner).unwrap().current();
        let entry = counts.entry(mnemonic).or_default();
        entry.1 += 1;
        if RecordData::decode(rtype(mnemonic), &wire).is_ok() {
            entry.0 += 1;
        }
    }
    for mnemonic in counts.keys() {
        assert!(
            types.contains(mnemonic),
            "{mnemonic} is generated but not listed"
        );
    }
    for mnemonic in types {
        let (ok, all) = counts.get(mnemonic).copied().unwrap_or_default();
        assert!(
            all > 0 && ok * 100 >= all * percent,
            "{mnemonic}: only {ok} of {all} generated cases decode (want {percent}%)"
        );
    }
}

/// Asserts that each `(mnemonic, rdata text)` is refused with its error code, and that the
/// error points at a field unless a field is missing.
pub fn assert_error_codes(cases: &[(&str, &str, ErrorCode)]) {
    for &(mnemonic, text, code) in cases {
        let err = parse(mnemonic, text).unwrap_err();
        assert_eq!(err.code, code, "{mnemonic} {text}: {}", err.message);
        assert!(
            err.at.is_some() || code == ErrorCode::MissingField,
            "{mnemonic} {text}"
        );
    }
}

/// Adds the family's property tests to the calling module (see the module documentation).
///
/// - `cases`: cases per property;
/// - `shapes` and `field` (instead of `rdata` and `types`): a table of wire layouts and the
///   generator of one field, for [`from_shapes`]; the arm also defines `types()`;
/// - `rdata`: an expression giving the family's [`Rdata`] generator;
/// - `types`: an expression giving the family's mnemonics (`Vec<&'static str>` or a `'static`
///   slice), the ones `rdata` generates;
/// - `text`: a regular expression for the arbitrary rdata text fed to the parser;
/// - `decode_percent`: the share of generated cases of each type that must decode.
macro_rules! rdata_properties {
    (
        cases: $cases:expr,
        shapes: $shapes:expr,
        field: $field:expr,
        text: $text:expr,
        decode_percent: $percent:expr $(,)?
    ) => {
        /// The types of this family.
        pub fn types() -> Vec<&'static str> {
            $crate::rr::props::mnemonics($shapes)
        }

        $crate::rr::props::rdata_properties! {
            cases: $cases,
            rdata: $crate::rr::props::from_shapes($shapes, $field),
            types: types(),
            text: $text,
            decode_percent: $percent,
        }
    };
    (
        cases: $cases:expr,
        rdata: $rdata:expr,
        types: $types:expr,
        text: $text:expr,
        decode_percent: $percent:expr $(,)?
    ) => {
        proptest::proptest! {
            #![proptest_config(proptest::prelude::ProptestConfig::with_cases($cases))]

            #[test]
            fn decoded_values_re_encode_and_re_parse((mnemonic, wire) in $rdata) {
                $crate::rr::props::re_encode_and_re_parse(mnemonic, &wire)?;
            }

            #[test]
            fn truncated_wire_never_panics(
                (mnemonic, wire) in $rdata,
                cut in proptest::prelude::any::<proptest::sample::Index>(),
            ) {
                $crate::rr::props::decode_truncated(mnemonic, &wire, cut);
            }

            #[test]
            fn any_text_never_panics(mnemonic in proptest::sample::select($types), text in $text) {
                let _ = $crate::rr::testing::parse(mnemonic, &text);
            }
        }

        #[test]
        fn every_type_is_typed() {
            $crate::rr::props::assert_typed(&$types);
        }

        #[test]
        fn generators_mostly_decode() {
            $crate::rr::props::assert_mostly_decodes($rdata, &$types, $percent);
        }
    };
}

pub(crate) use rdata_properties;

/// Every typed type of the table (`record_types!`) has its properties tested by one family.
#[test]
fn every_typed_type_has_properties() {
    let families = [
        super::general_props::types(),
        super::dnssec_props::types(),
        super::structured_props::TYPES.to_vec(),
    ];
    for &t in RecordType::KNOWN.iter().filter(|t| t.is_typed()) {
        let mnemonic = t.mnemonic().unwrap();
        let n = families.iter().filter(|f| f.contains(&mnemonic)).count();
        assert_eq!(n, 1, "{mnemonic} is in {n} property families, not one");
    }
}
