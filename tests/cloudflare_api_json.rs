//! The API's record JSON as the spec describes it (testdata/cloudflare-api/list-response.json:
//! every type, every field, the spec's content examples, and the odd records real answers
//! hold) reads, keeps every field, converts, and gives a clean request form.

use serde_json::Value;
use zonefmt::cloudflare::convert::{zone_from_api, zone_to_api, ConvertOptions};
use zonefmt::cloudflare::model::{DnsRecord, RecordBody};
use zonefmt::cloudflare::records_json;
use zonefmt::{ErrorCode, Name, Severity};

fn sample() -> String {
    let path = format!(
        "{}/testdata/cloudflare-api/list-response.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap()
}

fn input_records() -> Vec<Value> {
    let v: Value = serde_json::from_str(&sample()).unwrap();
    v["result"].as_array().unwrap().clone()
}

#[test]
fn every_record_reads_and_writes_back_every_field() {
    let read = records_json::read(&sample(), Some("list-response.json"));
    assert!(read.diagnostics.is_empty(), "{:#?}", read.diagnostics);
    let inputs = input_records();
    assert_eq!(read.records.len(), inputs.len());
    for (record, input) in read.records.iter().zip(&inputs) {
        let mut expected = input.clone();
        let obj = expected.as_object_mut().unwrap();
        // Absent and null/empty are the same to the API; the model writes neither.
        for k in ["comment", "tags", "settings"] {
            let drop = match obj.get(k) {
                Some(Value::Null) => true,
                Some(Value::Array(a)) => a.is_empty(),
                Some(Value::Object(o)) => o.is_empty(),
                _ => false,
            };
            if drop {
                obj.remove(k);
            }
        }
        if let Some(Value::Object(data)) = obj.get_mut("data") {
            if data.get("target") == Some(&Value::Bool(false)) {
                data.insert("target".into(), Value::from("."));
            }
        }
        assert_eq!(serde_json::to_value(record).unwrap(), expected, "{input}");
    }
    // Legacy zone_name is picked up for the origin.
    assert_eq!(read.zone_name.as_deref(), Some("example.com"));
}

#[test]
fn request_forms_hold_no_response_field() {
    let read = records_json::read(&sample(), None);
    for record in &read.records {
        let request = serde_json::to_value(record.request_form()).unwrap();
        for k in [
            "id",
            "proxiable",
            "created_on",
            "modified_on",
            "comment_modified_on",
            "tags_modified_on",
            "meta",
            "zone_id",
            "zone_name",
            "locked",
        ] {
            assert!(request.get(k).is_none(), "{k} in {request}");
        }
        if record.body.has_data() {
            assert!(request.get("content").is_none(), "{request}");
            if matches!(record.body, RecordBody::Srv(_)) {
                assert!(request["data"].get("service").is_none(), "{request}");
            }
        }
        let priority_allowed = matches!(record.body, RecordBody::Mx(_) | RecordBody::Uri(_));
        assert_eq!(
            request.get("priority").is_some(),
            priority_allowed,
            "{request}"
        );
    }
}

#[test]
fn converts_to_zone_records_and_back() {
    let read = records_json::read(&sample(), None);
    let options = ConvertOptions {
        zone: Some(Name::from_ascii("example.com.").unwrap()),
        skip_unsupported: false,
    };
    let zone = zone_from_api(&read.records, &read.locations, &options);
    // SOA and ALIAS have no zone form; SPF still reads as SPF.
    let errors: Vec<&str> = zone
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(
                (d.code, d.severity),
                (ErrorCode::CfUnsupportedType, Severity::Error),
                "{}",
                d.message
            );
            d.message.as_str()
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].contains("\"SOA\"") && errors[1].contains("\"ALIAS\""));
    assert_eq!(zone.records.len(), read.records.len() - 2);

    let text: Vec<String> = zone.records.iter().map(|r| r.record.to_string()).collect();
    for line in [
        "example.com.\t1\tIN\tAAAA\tfe80::1",
        "loc.example.com.\t1\tIN\tLOC\t37 46 46.000 N 122 23 35.000 W 0.00m 100m 0.00m 0.00m",
        "_xmpp._tcp.example.com.\t1\tIN\tSRV\t10 5 5223 server.example.com.",
        "_imap._tcp.example.com.\t1\tIN\tSRV\t0 0 0 .",
        "example.com.\t1\tIN\tHTTPS\t1 www.example.com. alpn=\"h3,h2\" ipv4hint=127.0.0.2",
        "legacy.example.com.\t1\tIN\tTXT\t\"Bah bah black sheep\"",
        "spf.example.com.\t1\tIN\tSPF\t\"v=spf1 ip4:192.0.2.0/24 -all\"",
        "example.com.\t1\tIN\tNAPTR\t30 100 \"S\" \"SIP+D2T\" \"\" _sip._tls.example.com.",
    ] {
        assert!(text.iter().any(|t| t == line), "{line} not in {text:#?}");
    }
    let apex_a = &zone.records[0];
    assert_eq!(apex_a.attrs.proxied, Some(true));
    assert_eq!(apex_a.attrs.comment.as_deref(), Some("apex web"));
    // Settings switched off are defaults, not data.
    assert_eq!(apex_a.attrs.ipv4_only, None);
    let cdn = zone
        .records
        .iter()
        .find(|r| r.record.owner.to_string() == "cdn.example.com.")
        .unwrap();
    assert_eq!(cdn.attrs.flatten_cname, Some(true));

    // Back to the API: the 21-type records return, SPF is refused by name.
    let back = zone_to_api(&zone.records, &options);
    assert_eq!(back.records.len(), zone.records.len() - 1);
    assert_eq!(back.diagnostics.len(), 1);
    assert!(
        back.diagnostics[0].message.contains("SPF"),
        "{}",
        back.diagnostics[0].message
    );
    let by_name = |r: &DnsRecord| (r.name.clone(), r.type_name().to_string());
    for (sent, original) in back.records.iter().zip(
        read.records
            .iter()
            .filter(|r| !matches!(r.type_name(), "SOA" | "ALIAS" | "SPF")),
    ) {
        assert_eq!(by_name(sent), by_name(original));
    }
}

#[test]
fn skip_unsupported_turns_errors_into_warnings() {
    let read = records_json::read(&sample(), None);
    let options = ConvertOptions {
        zone: Some(Name::from_ascii("example.com.").unwrap()),
        skip_unsupported: true,
    };
    let zone = zone_from_api(&read.records, &read.locations, &options);
    assert_eq!(zone.diagnostics.len(), 2);
    assert!(zone
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Warning && d.message.ends_with("left out")));
    assert!(!zone.has_errors());
}
