//! Zone ⇄ API JSON for every type the API takes: each case is a zone-file line (with its
//! cf_tags comment) and the request JSON it must become. Both directions are checked to be
//! the identity, and so is the trip through Cloudflare's export format.

mod support;

use serde_json::{json, Value};
use support::{read_line, zone};
use zonefmt::cloudflare::convert::{from_api, to_api, ZoneRecord};
use zonefmt::cloudflare::export;
use zonefmt::cloudflare::model::DnsRecord;

/// What identity compares: everything but the source location.
fn key(zr: &ZoneRecord) -> (String, u32, String, zonefmt::RecordData, String) {
    (
        zr.record.owner.to_string().to_ascii_lowercase(),
        zr.record.ttl,
        zr.record.class.to_string(),
        zr.record.data.clone(),
        format!("{:?}", zr.attrs),
    )
}

fn request(zr: &ZoneRecord) -> Value {
    let api = to_api::record(zr).unwrap_or_else(|e| panic!("{}: {e}", zr.record));
    serde_json::to_value(api.request_form()).unwrap()
}

fn back(json: &Value) -> ZoneRecord {
    let api: DnsRecord = serde_json::from_value(json.clone()).unwrap();
    from_api::record(&api, Some(&zone())).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn cases() -> Vec<(&'static str, Value)> {
    let long = "a".repeat(300);
    vec![
        (
            "www 1 IN A 192.0.2.1 ; web cf_tags=team:dns,cf-proxied:true",
            json!({"name":"www.example.com","type":"A","content":"192.0.2.1","ttl":1,"proxied":true,"comment":"web","tags":["team:dns"]}),
        ),
        (
            "v6 300 IN AAAA 2001:DB8:0::1 ; cf_tags=cf-proxied:false",
            json!({"name":"v6.example.com","type":"AAAA","content":"2001:db8::1","ttl":300,"proxied":false}),
        ),
        (
            "cdn 1 IN CNAME cdn.provider.example. ; cf_tags=cf-flatten-cname,cf-proxied:false",
            json!({"name":"cdn.example.com","type":"CNAME","content":"cdn.provider.example","ttl":1,"proxied":false,"settings":{"flatten_cname":true}}),
        ),
        (
            "@ 3600 IN MX 10 mx1.example.net.",
            json!({"name":"example.com","type":"MX","content":"mx1.example.net","priority":10,"ttl":3600}),
        ),
        (
            "sub 86400 IN NS ns1.example.net.",
            json!({"name":"sub.example.com","type":"NS","content":"ns1.example.net","ttl":86400}),
        ),
        (
            "x._openpgpkey 1 IN OPENPGPKEY mQINBGA=",
            json!({"name":"x._openpgpkey.example.com","type":"OPENPGPKEY","content":"mQINBGA=","ttl":1}),
        ),
        (
            "1.2 1 IN PTR host.example.net.",
            json!({"name":"1.2.example.com","type":"PTR","content":"host.example.net","ttl":1}),
        ),
        (
            "@ 1 IN TXT \"v=spf1 include:_spf.example.net ~all\" ; spf",
            json!({"name":"example.com","type":"TXT","content":"\"v=spf1 include:_spf.example.net ~all\"","ttl":1,"comment":"spf"}),
        ),
        (
            "t 1 IN TXT \"a\\\"b\\\\c;d\" \"\" \"\\195\\169\"",
            json!({"name":"t.example.com","type":"TXT","content":"\"a\\\"b\\\\c;d\" \"\" \"é\"","ttl":1}),
        ),
        (
            Box::leak(format!("long 1 IN TXT \"{}\" \"{}\"", &long[..255], &long[255..]).into_boxed_str()),
            json!({"name":"long.example.com","type":"TXT","content":format!("\"{}\" \"{}\"", &long[..255], &long[255..]),"ttl":1}),
        ),
        (
            "@ 1 IN CAA 128 issuewild \"pki.goog; cansignhttpexchanges=yes\"",
            json!({"name":"example.com","type":"CAA","data":{"flags":128,"tag":"issuewild","value":"pki.goog; cansignhttpexchanges=yes"},"ttl":1}),
        ),
        (
            "@ 1 IN CERT PGP 0 0 AAECAw==",
            json!({"name":"example.com","type":"CERT","data":{"type":3,"key_tag":0,"algorithm":0,"certificate":"AAECAw=="},"ttl":1}),
        ),
        (
            "@ 3600 IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==",
            json!({"name":"example.com","type":"DNSKEY","data":{"flags":257,"protocol":3,"algorithm":13,"public_key":"mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ=="},"ttl":3600}),
        ),
        (
            "sub 3600 IN DS 2371 13 2 1F987CC6583E92DF0890718C42FA0ACCEAFE86DF5F1A2E2DBE5A7EF6EB69DB02",
            json!({"name":"sub.example.com","type":"DS","data":{"key_tag":2371,"algorithm":13,"digest_type":2,"digest":"1F987CC6583E92DF0890718C42FA0ACCEAFE86DF5F1A2E2DBE5A7EF6EB69DB02"},"ttl":3600}),
        ),
        (
            "@ 300 IN HTTPS 1 . alpn=\"h3,h2\" ipv4hint=192.0.2.1,192.0.2.2 ech=AEX+DQ==",
            json!({"name":"example.com","type":"HTTPS","data":{"priority":1,"target":".","value":"alpn=\"h3,h2\" ipv4hint=192.0.2.1,192.0.2.2 ech=AEX+DQ=="},"ttl":300}),
        ),
        (
            "alias 300 IN HTTPS 0 cdn.example.net.",
            json!({"name":"alias.example.com","type":"HTTPS","data":{"priority":0,"target":"cdn.example.net.","value":""},"ttl":300}),
        ),
        (
            "_dns 300 IN SVCB 1 dns.example.net. alpn=dot port=853 ipv6hint=2001:db8::53",
            json!({"name":"_dns.example.com","type":"SVCB","data":{"priority":1,"target":"dns.example.net.","value":"alpn=\"dot\" port=853 ipv6hint=2001:db8::53"},"ttl":300}),
        ),
        (
            "geo 1 IN LOC 31 58 52.100 S 115 49 11.700 E 20m 10m 10m 2m",
            json!({"name":"geo.example.com","type":"LOC","data":{"lat_degrees":31,"lat_minutes":58,"lat_seconds":52.1,"lat_direction":"S","long_degrees":115,"long_minutes":49,"long_seconds":11.7,"long_direction":"E","altitude":20,"size":10,"precision_horz":10,"precision_vert":2},"ttl":1}),
        ),
        (
            "deep 1 IN LOC 0 0 0.000 N 180 0 0.000 W -100.25m 0.5m 90000000m 0m",
            json!({"name":"deep.example.com","type":"LOC","data":{"lat_degrees":0,"lat_minutes":0,"lat_seconds":0,"lat_direction":"N","long_degrees":180,"long_minutes":0,"long_seconds":0,"long_direction":"W","altitude":-100.25,"size":0.5,"precision_horz":90000000,"precision_vert":0},"ttl":1}),
        ),
        (
            "@ 1 IN NAPTR 30 100 \"S\" \"SIP+D2T\" \"\" _sip._tls.example.com.",
            json!({"name":"example.com","type":"NAPTR","data":{"order":30,"preference":100,"flags":"S","service":"SIP+D2T","regex":"","replacement":"_sip._tls.example.com."},"ttl":1}),
        ),
        (
            "enum 1 IN NAPTR 10 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .",
            json!({"name":"enum.example.com","type":"NAPTR","data":{"order":10,"preference":10,"flags":"U","service":"E2U+sip","regex":"!^.*$!sip:info@example.com!","replacement":"."},"ttl":1}),
        ),
        (
            "x._smimecert 1 IN SMIMEA 3 1 1 ABCDEF0123",
            json!({"name":"x._smimecert.example.com","type":"SMIMEA","data":{"usage":3,"selector":1,"matching_type":1,"certificate":"abcdef0123"},"ttl":1}),
        ),
        (
            "_sip._tcp 1 IN SRV 10 5 5060 sip.example.com.",
            json!({"name":"_sip._tcp.example.com","type":"SRV","data":{"priority":10,"weight":5,"port":5060,"target":"sip.example.com"},"ttl":1}),
        ),
        (
            "_imap._tcp 600 IN SRV 0 0 0 .",
            json!({"name":"_imap._tcp.example.com","type":"SRV","data":{"priority":0,"weight":0,"port":0,"target":"."},"ttl":600}),
        ),
        (
            "host 1 IN SSHFP 1 1 859BE6ED04643DB411F067B6C1DA1D75FE08B672",
            json!({"name":"host.example.com","type":"SSHFP","data":{"algorithm":1,"type":1,"fingerprint":"859be6ed04643db411f067b6c1da1d75fe08b672"},"ttl":1}),
        ),
        (
            "_443._tcp.www 1 IN TLSA 3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6",
            json!({"name":"_443._tcp.www.example.com","type":"TLSA","data":{"usage":3,"selector":1,"matching_type":1,"certificate":"0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6"},"ttl":1}),
        ),
        (
            "_http._tcp 1 IN URI 10 1 \"https://www.example.com/path?q=1\"",
            json!({"name":"_http._tcp.example.com","type":"URI","data":{"target":"https://www.example.com/path?q=1","weight":1},"priority":10,"ttl":1}),
        ),
        (
            "xn--bcher-kva 1 IN A 192.0.2.3 ; Bücher cf_tags=note:\"a,b\",empty,cf-proxied:false",
            json!({"name":"xn--bcher-kva.example.com","type":"A","content":"192.0.2.3","ttl":1,"proxied":false,"comment":"Bücher","tags":["note:a,b","empty"]}),
        ),
    ]
}

#[test]
fn every_api_type_is_covered() {
    let mut types: Vec<String> = cases()
        .iter()
        .map(|(_, j)| j["type"].as_str().unwrap().to_string())
        .collect();
    types.sort();
    types.dedup();
    let mut all: Vec<String> = zonefmt::cloudflare::model::API_TYPES
        .iter()
        .map(|s| s.to_string())
        .collect();
    all.sort();
    assert_eq!(types, all);
}

#[test]
fn zone_to_json_gives_the_expected_request() {
    for (line, expected) in cases() {
        assert_eq!(request(&read_line(line)), expected, "{line}");
    }
}

#[test]
fn zone_json_zone_is_the_identity() {
    for (line, _) in cases() {
        let zr = read_line(line);
        assert_eq!(key(&back(&request(&zr))), key(&zr), "{line}");
    }
}

#[test]
fn json_zone_json_is_the_identity() {
    for (line, expected) in cases() {
        assert_eq!(request(&back(&expected)), expected, "{line}");
    }
}

#[test]
fn zone_export_zone_is_the_identity() {
    let records: Vec<ZoneRecord> = cases().iter().map(|(l, _)| read_line(l)).collect();
    let (text, lost) = export::write(&zone(), "2025-01-01 00:00:00", &records);
    assert!(lost.is_empty(), "{lost:#?}");
    let read = export::read(&text, None);
    assert!(
        read.diagnostics.is_empty(),
        "{:#?}\n{text}",
        read.diagnostics
    );
    let mut before: Vec<_> = records.iter().map(key).collect();
    let mut after: Vec<_> = read.records.iter().map(key).collect();
    before.sort_by_key(|k| format!("{k:?}"));
    after.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(after, before);
}

#[test]
fn response_json_reads_like_its_request_form() {
    // A full response (ids, timestamps, echo content, proxied false on MX) converts to the
    // same zone record as its request form.
    let response = json!({
        "id": "fc12ab34cd5611334422ab3322997657", "type": "MX", "name": "mx.example.com",
        "content": "smtp-1.example.com", "priority": 40, "proxiable": false, "proxied": false,
        "ttl": 300, "locked": false, "zone_id": "ff12ab34cd5611334422ab3322997650",
        "zone_name": "example.com", "modified_on": "2017-03-11T18:01:43.764273Z",
        "created_on": "2017-03-11T18:01:43.764273Z", "meta": {"auto_added": false},
        "comment": null, "tags": [], "settings": {}
    });
    let zr = back(&response);
    assert_eq!(
        zr.record.to_string(),
        "mx.example.com.\t300\tIN\tMX\t40 smtp-1.example.com."
    );
    assert!(zr.attrs.is_empty(), "{:?}", zr.attrs);
    assert_eq!(
        request(&zr),
        json!({"name":"mx.example.com","type":"MX","content":"smtp-1.example.com","priority":40,"ttl":300})
    );
}

#[test]
fn names_come_in_any_form_the_api_allows() {
    for name in ["@", "example.com", "example.com.", "EXAMPLE.COM"] {
        let zr = back(&json!({"type":"A","name":name,"content":"192.0.2.1","ttl":1}));
        assert_eq!(zr.record.owner, zone(), "{name}");
    }
    let zr = back(&json!({"type":"A","name":"www","content":"192.0.2.1","ttl":1}));
    assert_eq!(zr.record.owner.to_string(), "www.example.com.");
    let zr = back(&json!({"type":"A","name":"bücher.example.com","content":"192.0.2.1","ttl":1}));
    assert_eq!(zr.record.owner.to_string(), "xn--bcher-kva.example.com.");
    let zr = back(&json!({"type":"CNAME","name":"w","content":"@","ttl":1}));
    assert_eq!(zr.record.data.to_text(), "example.com.");
}

#[test]
fn data_types_read_from_content_when_data_is_absent() {
    let zr = back(
        &json!({"type":"LOC","name":"loc","content":"IN LOC 31 58 52.1 S 115 49 11.7 E 20m 10m 10m 2m","ttl":300}),
    );
    assert_eq!(
        zr.record.data.to_text(),
        "31 58 52.100 S 115 49 11.700 E 20.00m 10m 10m 2m"
    );
    let zr = back(
        &json!({"type":"SRV","name":"_a._tcp","content":"5 5223 server.example.com","priority":10,"ttl":1}),
    );
    assert_eq!(zr.record.data.to_text(), "10 5 5223 server.example.com.");
    let zr = back(
        &json!({"type":"DS","name":"ds","content":"1 13 2 B5BB9D8014A0F9B1D61E21E796D78DCCDF1352F23CD32812F4850B878AE4944C","ttl":300}),
    );
    assert_eq!(zr.record.rtype(), zonefmt::RecordType::DS);
    let zr = back(
        &json!({"type":"HTTPS","name":"h","content":"1 www.example.com. alpn=\"h3,h2\" ipv4hint=\"127.0.0.2\"","ttl":1}),
    );
    assert_eq!(
        zr.record.data.to_text(),
        "1 www.example.com. alpn=\"h3,h2\" ipv4hint=127.0.0.2"
    );
}

#[test]
fn values_the_zone_cannot_hold_exactly_are_errors() {
    for (json, part) in [
        (
            json!({"type":"LOC","name":"l","data":{"lat_degrees":1,"lat_direction":"N","long_degrees":1,"long_direction":"E","size":15}}),
            "size 15m cannot be stored exactly",
        ),
        (
            json!({"type":"LOC","name":"l","data":{"lat_degrees":1,"lat_seconds":1.0005,"lat_direction":"N","long_degrees":1,"long_direction":"E"}}),
            "thousandths",
        ),
        (
            json!({"type":"LOC","name":"l","data":{"lat_degrees":91,"lat_direction":"N","long_degrees":1,"long_direction":"E"}}),
            "beyond 90 degrees",
        ),
        (
            json!({"type":"A","name":"a","content":"1.1"}),
            "invalid IPv4 address \"1.1\"",
        ),
        (
            json!({"type":"MX","name":"m","content":"mx.example.net"}),
            "without priority",
        ),
        (
            json!({"type":"CAA","name":"c","data":{"flags":0,"tag":"is sue","value":"x"}}),
            "invalid CAA tag",
        ),
        (
            json!({"type":"DS","name":"d","data":{"key_tag":1,"algorithm":13,"digest_type":2,"digest":"XYZ"}}),
            "expected hexadecimal",
        ),
        (
            json!({"type":"HTTPS","name":"h","data":{"priority":1,"target":".","value":"alpn"}}),
            "invalid SvcParams",
        ),
        (
            json!({"type":"CNAME","name":"a..b","content":"x"}),
            "empty label",
        ),
        (
            json!({"type":"ALIAS","name":"a","content":"x"}),
            "not one of the API's record types",
        ),
        (
            json!({"type":"SSHFP","name":"s","data":{"algorithm":1,"type":2,"fingerprint":"859be6ed04643db411f067b6c1da1d75fe08b672"}}),
            "needs 32",
        ),
    ] {
        let api: DnsRecord = serde_json::from_value(json.clone()).unwrap();
        let err = from_api::record(&api, Some(&zone())).unwrap_err();
        assert!(err.message.contains(part), "{json}: {}", err.message);
    }
}

#[test]
fn zone_values_the_api_cannot_take_are_errors() {
    let zr = read_line("@ 1 IN CAA 0 issue \"\\255\"");
    let err = to_api::record(&zr).unwrap_err();
    assert!(err.message.contains("not UTF-8"), "{}", err.message);
    let zr = read_line("a\\.b 1 IN A 192.0.2.1");
    let err = to_api::record(&zr).unwrap_err();
    assert!(err.message.contains("containing a dot"), "{}", err.message);
    let zr = read_line("@ 1 IN DNAME other.example.");
    let err = to_api::record(&zr).unwrap_err();
    assert!(err.is_unsupported());
    assert!(
        err.message.starts_with("DNAME owned by \"example.com.\""),
        "{}",
        err.message
    );
}
