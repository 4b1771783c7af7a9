//! Property tests over SVCB/HTTPS, LOC, APL, WKS, NAPTR, IPSECKEY and AMTRELAY (the harness is
//! [`super::props`]): any wire rdata that decodes must encode to the same octets and print to text
//! that parses back to the same value; truncated wire and arbitrary text must not panic. Generators
//! build mostly well-formed rdata (with random octets mixed in) so that the round-trip property is
//! exercised often.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::props::{self, char_string, wire_name, Rdata};

fn name() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..6), 0..3)
        .prop_map(wire_name)
}

fn char_strings(n: std::ops::Range<usize>, max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..max), n)
        .prop_map(|items| items.into_iter().flat_map(char_string).collect())
}

/// A SvcParam value for `key`: usually the right shape, sometimes random octets.
fn svc_value(key: u16) -> BoxedStrategy<Vec<u8>> {
    let shaped: BoxedStrategy<Vec<u8>> = match key {
        0 => proptest::collection::btree_set(1u16..10, 1..3)
            .prop_map(|keys| keys.into_iter().flat_map(u16::to_be_bytes).collect())
            .boxed(),
        1 => char_strings(1..3, 6).boxed(),
        2 | 8 => Just(Vec::new()).boxed(),
        3 => proptest::collection::vec(any::<u8>(), 2).boxed(),
        4 => proptest::collection::vec(any::<u8>(), 4..=8)
            .prop_map(|mut v| {
                v.truncate(v.len() / 4 * 4);
                v
            })
            .boxed(),
        6 => proptest::collection::vec(any::<u8>(), 16).boxed(),
        7 => "/[a-z{}?]{0,6}\\{\\?dns\\}"
            .prop_map(String::into_bytes)
            .boxed(),
        _ => proptest::collection::vec(any::<u8>(), 0..6).boxed(),
    };
    prop_oneof![
        8 => shaped,
        1 => proptest::collection::vec(any::<u8>(), 0..6),
    ]
    .boxed()
}

fn svcb() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<u16>(),
        name(),
        proptest::collection::btree_set(prop_oneof![0u16..12, any::<u16>()], 0..5),
    )
        .prop_flat_map(|(priority, target, keys)| {
            let values: Vec<_> = keys.iter().map(|&k| svc_value(k)).collect();
            let keys: Vec<u16> = keys.into_iter().collect();
            (Just(priority), Just(target), Just(keys), values)
        })
        .prop_map(|(priority, target, keys, values)| {
            let mut out = priority.to_be_bytes().to_vec();
            out.extend(target);
            let params: BTreeMap<u16, Vec<u8>> = keys.into_iter().zip(values).collect();
            for (k, v) in params {
                out.extend(k.to_be_bytes());
                out.extend((v.len() as u16).to_be_bytes());
                out.extend(v);
            }
            out
        })
}

fn precision() -> impl Strategy<Value = u8> {
    prop_oneof![
        8 => (1u8..10, 0u8..10).prop_map(|(m, e)| m << 4 | e),
        1 => Just(0),
        1 => any::<u8>(),
    ]
}

fn loc() -> impl Strategy<Value = Vec<u8>> {
    let ms = |deg: u32| (1u32 << 31) - deg * 3_600_000..=(1u32 << 31) + deg * 3_600_000;
    (
        prop_oneof![9 => Just(0u8), 1 => any::<u8>()],
        precision(),
        precision(),
        precision(),
        prop_oneof![9 => ms(90), 1 => any::<u32>()],
        prop_oneof![9 => ms(180), 1 => any::<u32>()],
        any::<u32>(),
    )
        .prop_map(|(v, s, h, p, lat, long, alt)| {
            let mut out = vec![v, s, h, p];
            out.extend(lat.to_be_bytes());
            out.extend(long.to_be_bytes());
            out.extend(alt.to_be_bytes());
            out
        })
}

fn apl() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        (
            prop_oneof![1u16..=2, any::<u16>()],
            0u8..=130,
            any::<bool>(),
            proptest::collection::vec(any::<u8>(), 0..17),
        ),
        0..3,
    )
    .prop_map(|items| {
        let mut out = Vec::new();
        for (family, prefix, negation, mut address) in items {
            let max = if family == 1 { 4 } else { 16 };
            address.truncate(max);
            while address.last() == Some(&0) {
                address.pop();
            }
            out.extend(family.to_be_bytes());
            out.push(prefix);
            out.push(u8::from(negation) << 7 | address.len() as u8);
            out.extend(address);
        }
        out
    })
}

fn wks() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<[u8; 5]>(),
        proptest::collection::vec(any::<u8>(), 0..40),
    )
        .prop_map(|(head, mut bitmap)| {
            while bitmap.last() == Some(&0) {
                bitmap.pop();
            }
            let mut out = head.to_vec();
            out.extend(bitmap);
            out
        })
}

fn naptr() -> impl Strategy<Value = Vec<u8>> {
    let regexp = prop_oneof![
        Just(String::new()),
        "![a-z()^$.*]{0,6}![a-z]{0,4}(\\\\[1-3])?!i?",
        "[ -~]{0,10}",
    ];
    (any::<[u8; 4]>(), char_strings(2..3, 5), regexp, name()).prop_map(
        |(head, strings, regexp, replacement)| {
            let mut out = head.to_vec();
            out.extend(strings);
            out.push(regexp.len() as u8);
            out.extend(regexp.into_bytes());
            out.extend(replacement);
            out
        },
    )
}

fn gateway(gateway_type: u8) -> BoxedStrategy<Vec<u8>> {
    match gateway_type {
        0 => Just(Vec::new()).boxed(),
        1 => proptest::collection::vec(any::<u8>(), 4).boxed(),
        2 => proptest::collection::vec(any::<u8>(), 16).boxed(),
        3 => name().boxed(),
        _ => proptest::collection::vec(any::<u8>(), 0..4).boxed(),
    }
}

fn ipseckey() -> impl Strategy<Value = Vec<u8>> {
    (any::<u8>(), 0u8..5, any::<u8>())
        .prop_flat_map(|(precedence, gateway_type, algorithm)| {
            (
                Just([precedence, gateway_type, algorithm]),
                gateway(gateway_type),
                proptest::collection::vec(any::<u8>(), 0..8),
            )
        })
        .prop_map(|(head, gw, key)| [head.to_vec(), gw, key].concat())
}

fn amtrelay() -> impl Strategy<Value = Vec<u8>> {
    (any::<u8>(), any::<bool>(), 0u8..5)
        .prop_flat_map(|(precedence, d, relay_type)| {
            (
                Just([precedence, u8::from(d) << 7 | relay_type]),
                gateway(relay_type),
            )
        })
        .prop_map(|(head, relay)| [head.to_vec(), relay].concat())
}

fn rdata() -> Rdata {
    prop_oneof![
        svcb().prop_map(|w| ("SVCB", w)),
        svcb().prop_map(|w| ("HTTPS", w)),
        loc().prop_map(|w| ("LOC", w)),
        apl().prop_map(|w| ("APL", w)),
        wks().prop_map(|w| ("WKS", w)),
        naptr().prop_map(|w| ("NAPTR", w)),
        ipseckey().prop_map(|w| ("IPSECKEY", w)),
        amtrelay().prop_map(|w| ("AMTRELAY", w)),
    ]
    .boxed()
}

/// The types of this family.
pub const TYPES: &[&str] = &[
    "SVCB", "HTTPS", "LOC", "APL", "WKS", "NAPTR", "IPSECKEY", "AMTRELAY",
];

props::rdata_properties! {
    cases: 1500,
    rdata: rdata(),
    types: TYPES,
    text: "[-0-9a-zA-Z.:=,!/{}?\"\\\\ ;()@x]{0,48}",
    decode_percent: 25,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn params_text_never_panics(text in "[-0-9a-z.:=,\"\\\\ ]{0,48}") {
        if let Ok(params) = super::svcb::Svcb::parse_params(&text) {
            let svcb = super::svcb::Svcb { priority: 1, target: crate::Name::root(), params };
            prop_assert_eq!(
                super::svcb::Svcb::parse_params(&svcb.params_text()),
                Ok(svcb.params.clone())
            );
        }
    }
}
