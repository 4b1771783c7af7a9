//! Any JSON into the Cloudflare record model, then to a zone record and back.
//!
//! What the model reads must serialise and read back to itself. A record that converts to a
//! zone record must print as zone text that reads back to the same record, and convert back to
//! an API record from which the same zone record (and attributes) and the same request come.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zonefmt::cloudflare::convert::{from_api, to_api, ZoneRecord};
use zonefmt::cloudflare::model::DnsRecord;
use zonefmt::zonefile::{parse_str, ReaderOptions};
use zonefmt::Name;

fuzz_target!(|data: &[u8]| {
    let Ok(record) = serde_json::from_slice::<DnsRecord>(data) else {
        return;
    };
    // Serialising what was read and reading it again gives the same model.
    let json = serde_json::to_string(&record).unwrap_or_else(|e| panic!("{record:?}: {e}"));
    let reread: DnsRecord =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} does not read back: {e}"));
    assert_eq!(reread, record, "model → JSON → model for {json}");

    let zone = Name::from_ascii("example.com.").ok();
    let Ok(converted) = from_api::record(&record, zone.as_ref()) else {
        return;
    };
    // Zone text of the record reads back to it.
    let line = converted.record.to_string();
    let parsed = parse_str(&line, &ReaderOptions::default())
        .unwrap_or_else(|e| panic!("{json} became {line:?}, which does not read: {e}"));
    let [back] = parsed.records.as_slice() else {
        panic!("{line:?} read as {} records", parsed.records.len());
    };
    assert_eq!(
        (&back.owner, back.ttl, back.class, &back.data),
        (
            &converted.record.owner,
            converted.record.ttl,
            converted.record.class,
            &converted.record.data
        ),
        "{json} → {line:?}"
    );
    // Back to the API and to the zone again: the first conversion normalises (`@` becomes
    // the zone's name, an address its canonical form), after which the trip is a fixed point.
    // Types the API only ever sends (legacy SPF records) are read but not written.
    let api = match to_api::record(&ZoneRecord {
        record: back.clone(),
        attrs: converted.attrs.clone(),
    }) {
        Ok(api) => api,
        Err(e) if e.is_unsupported() => return,
        Err(e) => panic!("{json} → {line:?} does not convert back: {e}"),
    };
    let api_json = serde_json::to_string(&api.request_form()).unwrap_or_default();
    let again = from_api::record(&api, zone.as_ref())
        .unwrap_or_else(|e| panic!("{json} → {api_json} does not convert to a zone record: {e}"));
    assert_eq!(
        (&again.record.owner, again.record.ttl, &again.record.data, &again.attrs),
        (
            &converted.record.owner,
            converted.record.ttl,
            &converted.record.data,
            &converted.attrs
        ),
        "API → zone → API → zone changed the record: {json} → {api_json}"
    );
    let api_again = to_api::record(&again)
        .unwrap_or_else(|e| panic!("{api_json} does not convert back: {e}"));
    assert_eq!(
        serde_json::to_value(api_again.request_form()).ok(),
        serde_json::to_value(api.request_form()).ok(),
        "the request changed on a second trip: {json} → {api_json}"
    );
});
