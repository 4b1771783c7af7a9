//! The `; comment cf_tags=…` grammar of Cloudflare's exports: whatever parses writes back to a
//! comment that parses to the same attributes, and writing is stable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zonefmt::cloudflare::attrs::RecordAttributes;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A trailing comment is one line of a zone file.
    if text.contains(['\n', '\r']) {
        return;
    }
    let Ok(attrs) = RecordAttributes::parse_comment(text) else {
        return;
    };
    let written = attrs.to_comment();
    let again = match &written {
        Some(comment) => match RecordAttributes::parse_comment(comment) {
            Ok(again) => again,
            Err(e) => panic!("{text:?} was written as {comment:?}, which does not parse: {e}"),
        },
        None => RecordAttributes::default(),
    };
    // `cf-flatten-cname:false` is the default and is not written.
    let mut expected = attrs.clone();
    if expected.flatten_cname == Some(false) {
        expected.flatten_cname = None;
    }
    assert_eq!(again, expected, "{text:?} → {written:?}");
    assert_eq!(again.to_comment(), written, "writing is not stable for {text:?}");
});
