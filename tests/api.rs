//! The API client over the real ureq transport against the loopback emulator.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use support::emulator::{
    Config, Emulator, Fault, Plan, DEFAULT_API_KEY, DEFAULT_EMAIL, DEFAULT_TOKEN,
};
use zonefmt::cloudflare::http::UreqTransport;
use zonefmt::cloudflare::types::{
    BatchRequest, BatchResult, ListFilter, NewCustomNameserver, RecordId, ScanReview, WithId,
};
use zonefmt::cloudflare::{ApiError, Client, Credentials, RetryPolicy, Secret};
use zonefmt::ErrorCode;

type Slept = Arc<Mutex<Vec<Duration>>>;

fn start() -> (Emulator, String) {
    let emulator = Emulator::start(Config::default()).expect("emulator starts");
    let zone = emulator.add_zone("example.com", Plan::Free);
    (emulator, zone)
}

fn client_with(emulator: &Emulator, credentials: Credentials) -> (Client<UreqTransport>, Slept) {
    let slept: Slept = Arc::default();
    let record = Arc::clone(&slept);
    let transport = UreqTransport::new(Duration::from_secs(5), Duration::from_secs(20));
    let client = Client::new(transport, credentials)
        .with_base_url(&emulator.base_url())
        .unwrap()
        .with_sleeper(Arc::new(move |d| record.lock().unwrap().push(d)));
    (client, slept)
}

fn client(emulator: &Emulator) -> (Client<UreqTransport>, Slept) {
    client_with(emulator, Credentials::Token(Secret::new(DEFAULT_TOKEN)))
}

fn a(name: &str, ip: &str) -> Value {
    json!({"type": "A", "name": name, "content": ip, "ttl": 1, "proxied": false})
}

fn create(client: &Client<UreqTransport>, zone: &str, body: Value) -> Result<Value, ApiError> {
    client.create_record(zone, &body)
}

#[test]
fn wrong_token_is_refused_clearly_and_never_echoed() {
    let (emulator, zone) = start();
    let wrong = "wrong-token-abcdef123456";
    let (client, _) = client_with(&emulator, Credentials::Token(Secret::new(wrong)));
    let err = client.usage(&zone).unwrap_err();
    assert!(err.is_auth());
    assert_eq!(err.code(), ErrorCode::ApiAuth);
    let text = err.to_string();
    assert!(text.contains("HTTP 403"), "{text}");
    assert!(text.contains("10000 Authentication error"), "{text}");
    assert!(text.contains("CLOUDFLARE_API_TOKEN"), "{text}");
    assert!(!text.contains(wrong), "{text}");
    assert!(!format!("{err:?}").contains(wrong));

    // A token with characters no token has: 6003 with 6111 inside.
    let (client, _) = client_with(&emulator, Credentials::Token(Secret::new("bad token!")));
    let err = client.usage(&zone).unwrap_err();
    assert_eq!(err.api_codes(), [6003, 6111], "{err}");
    assert!(!err.to_string().contains("bad token!"));
}

#[test]
fn global_key_authenticates_and_a_token_sent_as_key_is_refused() {
    let (emulator, zone) = start();
    let (client, _) = client_with(
        &emulator,
        Credentials::GlobalKey {
            email: DEFAULT_EMAIL.into(),
            key: Secret::new(DEFAULT_API_KEY),
        },
    );
    assert_eq!(client.usage(&zone).unwrap().record_usage, 0);
    let (client, _) = client_with(
        &emulator,
        Credentials::GlobalKey {
            email: DEFAULT_EMAIL.into(),
            key: Secret::new(DEFAULT_TOKEN),
        },
    );
    let err = client.usage(&zone).unwrap_err();
    assert_eq!(err.api_codes(), [6003, 6103], "{err}");
    assert!(err.to_string().contains("CLOUDFLARE_API_KEY"), "{err}");
}

#[test]
fn zone_lookup_and_paginated_listing() {
    let (emulator, zone) = start();
    let (client, _) = client(&emulator);
    assert_eq!(client.zone_id("Example.com.").unwrap(), zone);
    assert!(matches!(
        client.zone_id("nowhere.example").unwrap_err(),
        ApiError::ZoneNotFound { .. }
    ));
    let details = client.zone(&zone).unwrap();
    assert_eq!(details.name, "example.com");
    assert_eq!(details.batch_limit(), 200);

    for i in 0..5 {
        create(
            &client,
            &zone,
            a(&format!("host{i}"), &format!("192.0.2.{i}")),
        )
        .unwrap();
    }
    create(
        &client,
        &zone,
        json!({"type": "TXT", "name": "@", "content": "\"hello\"", "ttl": 300}),
    )
    .unwrap();
    emulator.clear_log();
    let client = client.with_per_page(2);
    let all: Vec<Value> = client.list_records(&zone, &ListFilter::default()).unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(emulator.log().len(), 3, "{:?}", emulator.log());
    let only_a: Vec<Value> = client
        .list_records(
            &zone,
            &ListFilter {
                record_type: Some("A".into()),
                ..ListFilter::default()
            },
        )
        .unwrap();
    assert_eq!(only_a.len(), 5);
    assert!(only_a.iter().all(|r| r["type"] == "A"));
    let by_name: Vec<Value> = client
        .list_records(
            &zone,
            &ListFilter {
                name: Some("host3.example.com".into()),
                ..ListFilter::default()
            },
        )
        .unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0]["content"], "192.0.2.3");
}

#[test]
fn validation_errors_carry_cloudflare_codes() {
    let (emulator, zone) = start();
    let (client, _) = client(&emulator);
    let cases: Vec<(Value, Vec<u32>)> = vec![
        (a("www", "1.1"), vec![1004, 9005]),
        (
            json!({"type": "A", "name": "www", "content": "192.0.2.1", "ttl": 30}),
            vec![1004, 9021],
        ),
        (
            json!({"type": "MX", "name": "@", "content": "mx.example.net", "priority": 10, "proxied": true}),
            vec![1004, 9041],
        ),
        (
            json!({"type": "AAAA", "name": "v6", "content": "2001:db8::zz"}),
            vec![1004, 9007],
        ),
        (
            json!({"type": "A", "name": "a..b", "content": "192.0.2.1"}),
            vec![1004, 9000],
        ),
        (
            json!({"type": "TXT", "name": "t", "content": "\"x\"", "tags": ["team:dns"]}),
            vec![1004, 9300],
        ),
        (
            json!({"type": "TXT", "name": "t", "content": "\"x\"", "comment": "c".repeat(101)}),
            vec![1004, 9313],
        ),
    ];
    for (body, codes) in cases {
        let err = create(&client, &zone, body.clone()).unwrap_err();
        assert_eq!(err.api_codes(), codes, "{body}: {err}");
        assert_eq!(err.status(), Some(400));
    }

    create(&client, &zone, a("www", "192.0.2.1")).unwrap();
    let duplicate = create(&client, &zone, a("www", "192.0.2.1")).unwrap_err();
    assert_eq!(duplicate.api_codes(), [81058]);
    let cname_on_a = create(
        &client,
        &zone,
        json!({"type": "CNAME", "name": "www", "content": "example.net"}),
    )
    .unwrap_err();
    assert_eq!(cname_on_a.api_codes(), [81053]);
    create(
        &client,
        &zone,
        json!({"type": "CNAME", "name": "alias", "content": "example.net"}),
    )
    .unwrap();
    let a_on_cname = create(&client, &zone, a("alias", "192.0.2.9")).unwrap_err();
    assert_eq!(a_on_cname.api_codes(), [81054]);
    create(
        &client,
        &zone,
        json!({"type": "NS", "name": "sub", "content": "ns1.example.net"}),
    )
    .unwrap();
    let a_on_ns = create(&client, &zone, a("sub", "192.0.2.9")).unwrap_err();
    assert_eq!(a_on_ns.api_codes(), [81056]);
    // A CNAME may share its name with MX and TXT (Cloudflare flattens).
    create(
        &client,
        &zone,
        json!({"type": "TXT", "name": "alias", "content": "\"ok\""}),
    )
    .unwrap();

    emulator.set_quota(&zone, Some(4));
    let over = create(&client, &zone, a("more", "192.0.2.50")).unwrap_err();
    assert_eq!(over.api_codes(), [81045], "{over}");
}

#[test]
fn single_record_lifecycle() {
    let (emulator, zone) = start();
    let (client, _) = client(&emulator);
    let created = create(
        &client,
        &zone,
        json!({"type": "A", "name": "www", "content": "192.0.2.1", "ttl": 300, "comment": "web"}),
    )
    .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["name"], "www.example.com");
    let patched: Value = client
        .update_record(&zone, &id, &json!({"ttl": 600}))
        .unwrap();
    assert_eq!(patched["ttl"], 600);
    assert_eq!(patched["comment"], "web", "PATCH keeps omitted fields");
    let put: Value = client
        .overwrite_record(
            &zone,
            &id,
            &json!({"type": "A", "name": "www", "content": "192.0.2.2", "ttl": 1}),
        )
        .unwrap();
    assert_eq!(put["content"], "192.0.2.2");
    assert!(put["comment"].is_null(), "PUT resets omitted fields: {put}");
    let fetched: Value = client.record(&zone, &id).unwrap();
    assert_eq!(fetched["content"], "192.0.2.2");
    assert_eq!(client.delete_record(&zone, &id).unwrap(), id);
    let gone = client.record::<Value>(&zone, &id).unwrap_err();
    assert_eq!(gone.status(), Some(404));
}

#[test]
fn batch_is_one_transaction_in_the_documented_order() {
    let (emulator, zone) = start();
    let (client, _) = client(&emulator);
    let old = create(&client, &zone, a("www", "192.0.2.1")).unwrap();
    let keep = create(&client, &zone, a("api", "192.0.2.2")).unwrap();

    // Deletes run before posts: replacing an A by a CNAME at the same name works in one call.
    let swap = BatchRequest {
        deletes: vec![RecordId {
            id: old["id"].as_str().unwrap().into(),
        }],
        puts: vec![WithId {
            id: keep["id"].as_str().unwrap().into(),
            record: a("api", "192.0.2.3"),
        }],
        posts: vec![json!({"type": "CNAME", "name": "www", "content": "example.net", "ttl": 1})],
        ..BatchRequest::default()
    };
    let result: BatchResult<Value> = client.batch(&zone, &swap).unwrap();
    assert_eq!(result.deletes.len(), 1);
    assert_eq!(result.puts[0]["content"], "192.0.2.3");
    assert_eq!(result.posts[0]["type"], "CNAME");

    // A failing item (second post) leaves everything as it was, and the error points at it.
    let before = emulator.records(&zone);
    let failing = BatchRequest::<Value> {
        deletes: vec![RecordId {
            id: keep["id"].as_str().unwrap().into(),
        }],
        posts: vec![a("new1", "192.0.2.10"), a("new2", "not-an-ip")],
        ..BatchRequest::default()
    };
    let err = client.batch::<_, Value>(&zone, &failing).unwrap_err();
    assert_eq!(err.api_codes(), [1004, 9005], "{err}");
    assert!(err.to_string().contains("(at /posts/1)"), "{err}");
    assert_eq!(emulator.records(&zone), before);

    // Over the Free plan's per-call limit.
    let too_many = BatchRequest::<Value> {
        posts: (0..201).map(|i| a(&format!("h{i}"), "192.0.2.1")).collect(),
        ..BatchRequest::default()
    };
    let err = client.batch::<_, Value>(&zone, &too_many).unwrap_err();
    assert!(err.to_string().contains("limit of 200"), "{err}");
}

#[test]
fn export_uses_the_modern_layout() {
    let (emulator, zone) = start();
    let (client, _) = client(&emulator);
    create(&client, &zone, json!({"type": "A", "name": "@", "content": "192.0.2.10", "proxied": true, "comment": "apex"})).unwrap();
    create(&client, &zone, json!({"type": "MX", "name": "@", "content": "mx1.example.net", "priority": 10, "ttl": 300})).unwrap();
    create(&client, &zone, json!({"type": "SRV", "name": "_sip._tcp", "data": {"priority": 0, "weight": 100, "port": 5060, "target": "sip.example.com"}})).unwrap();
    let text = client.export(&zone).unwrap();
    assert!(
        text.starts_with(";;\n;; Domain:     example.com.\n;; Exported:   2025-06-01 12:00:00\n"),
        "{text}"
    );
    assert!(text.contains("\n;; SOA Record\nexample.com\t3600\tIN\tSOA\tada.ns.cloudflare.com. dns.cloudflare.com. "), "{text}");
    assert!(text.contains(" 10000 2400 604800 1800\n"), "{text}");
    assert!(
        text.contains("\n;; NS Records\nexample.com.\t86400\tIN\tNS\tada.ns.cloudflare.com.\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "\n;; A Records\nexample.com.\t1\tIN\tA\t192.0.2.10 ; apex cf_tags=cf-proxied:true\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\n;; MX Records\nexample.com.\t300\tIN\tMX\t10 mx1.example.net.\n"),
        "{text}"
    );
    assert!(
        text.contains("_sip._tcp.example.com.\t1\tIN\tSRV\t0 100 5060 sip.example.com.\n"),
        "{text}"
    );
}

#[test]
fn import_reports_rejected_records() {
    let (emulator, zone) = start();
    let (client, _) = client(&emulator);
    create(&client, &zone, a("www", "192.0.2.1")).unwrap();
    let file = "$ORIGIN example.com.\n$TTL 300\n\
                @ IN SOA ns.example.com. hostmaster.example.com. 1 7200 3600 1209600 300\n\
                @ IN NS ns1.example.net.\n\
                www IN A 192.0.2.1\n\
                api IN A 192.0.2.2 ; cf_tags=cf-proxied:true\n\
                mail 60 IN MX 10 mx.example.net.\n\
                bad IN A 300.1.1.1\n";
    let report = client.import(&zone, file, false).unwrap();
    assert_eq!(report.total_records_parsed, 4);
    assert_eq!(report.recs_added, 2);
    assert_eq!(report.messages.len(), 2, "{:?}", report.messages);
    assert_eq!(report.messages[0].code, 81058);
    assert!(
        report.messages[0].message.starts_with("www.example.com: "),
        "{:?}",
        report.messages
    );
    assert_eq!(report.messages[1].code, 9005);
    let records = emulator.records(&zone);
    let api = records
        .iter()
        .find(|r| r["name"] == "api.example.com")
        .unwrap();
    assert_eq!(api["proxied"], true);
    let mx = records.iter().find(|r| r["type"] == "MX").unwrap();
    assert_eq!(
        (mx["ttl"].as_u64(), mx["priority"].as_u64()),
        (Some(60), Some(10))
    );

    let refused = client
        .import(&zone, "$INCLUDE other.zone\n", false)
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("$INCLUDE directive not allowed"),
        "{refused}"
    );
}

#[test]
fn injected_429_and_500_are_retried() {
    let (emulator, zone) = start();
    let (client, slept) = client(&emulator);
    emulator.inject(Fault::RateLimited { retry_after: 2 });
    emulator.inject(Fault::ServerError(500));
    emulator.inject(Fault::BadGatewayHtml);
    assert_eq!(client.usage(&zone).unwrap().record_quota, Some(200));
    assert_eq!(emulator.log().len(), 4);
    assert_eq!(
        *slept.lock().unwrap(),
        [
            Duration::from_secs(2),
            Duration::from_millis(1000),
            Duration::from_millis(2000)
        ]
    );

    // Bounded: with one retry allowed, three 500s end in an error that says so.
    let client = client.with_retry(RetryPolicy {
        max_retries: 1,
        ..RetryPolicy::default()
    });
    for _ in 0..3 {
        emulator.inject(Fault::ServerError(503));
    }
    let err = client.usage(&zone).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ApiRetriesExhausted);
    assert!(
        err.to_string().contains("gave up after 2 attempts"),
        "{err}"
    );
}

#[test]
fn truncated_answer_is_reported_with_what_arrived() {
    let (emulator, zone) = start();
    let (client, _) = client(&emulator);
    emulator.inject(Fault::Truncated);
    let err = client
        .list_records::<Value>(&zone, &ListFilter::default())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ApiBadResponse);
    let text = err.to_string();
    assert!(text.contains("the JSON ends early"), "{text}");
    assert!(text.contains(r#""type":"A","na"#), "{text}");
    assert!(!text.contains(DEFAULT_TOKEN));
}

#[test]
fn scan_usage_settings_and_custom_nameservers() {
    let (emulator, zone) = start();
    let (client, _) = client(&emulator);
    emulator.set_scan_candidates(
        &zone,
        vec![a("found1", "192.0.2.77"), a("found2", "192.0.2.78")],
    );
    client.scan_trigger(&zone).unwrap();
    let found: Vec<Value> = client.scan_list(&zone).unwrap();
    assert_eq!(found.len(), 2);
    let review = ScanReview {
        accepts: vec![found[0].clone()],
        rejects: vec![RecordId {
            id: found[1]["id"].as_str().unwrap().into(),
        }],
    };
    let reviewed: zonefmt::cloudflare::types::ScanReviewResult<Value> =
        client.scan_review(&zone, &review).unwrap();
    assert_eq!(reviewed.accepts.len(), 1);
    assert_eq!(reviewed.rejects.len(), 1);
    assert!(client.scan_list::<Value>(&zone).unwrap().is_empty());
    assert_eq!(client.usage(&zone).unwrap().record_usage, 1);

    let settings: Value = client.dns_settings(&zone).unwrap();
    assert_eq!(settings["soa"]["refresh"], 10000);
    let edited: Value = client
        .edit_dns_settings(
            &zone,
            &json!({"ns_ttl": 3600, "soa": {"refresh": 7200, "retry": 900}}),
        )
        .unwrap();
    assert_eq!(edited["ns_ttl"], 3600);
    assert_eq!(edited["soa"]["retry"], 900);
    assert_eq!(edited["soa"]["expire"], 604800);
    let err = client
        .edit_dns_settings::<_, Value>(&zone, &json!({"soa": {"retry": 100}}))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("soa.retry must be between 600 and 86400"),
        "{err}"
    );
    assert!(err.to_string().contains("(at /soa/retry)"), "{err}");
    assert_eq!(emulator.settings(&zone)["soa"]["retry"], 900);

    let account = client.zone(&zone).unwrap().account.unwrap().id;
    let added = client
        .add_custom_nameserver(
            &account,
            &NewCustomNameserver {
                ns_name: "ns1.example.com".into(),
                ns_set: Some(2),
            },
        )
        .unwrap();
    assert_eq!(added.ns_set, Some(2));
    assert_eq!(added.zone_tag.as_deref(), Some(zone.as_str()));
    assert_eq!(added.dns_records.len(), 2);
    assert_eq!(client.custom_nameservers(&account).unwrap().len(), 1);
    client
        .delete_custom_nameserver(&account, "ns1.example.com")
        .unwrap();
    assert!(client.custom_nameservers(&account).unwrap().is_empty());
    let err = client
        .delete_custom_nameserver(&account, "ns1.example.com")
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
}

// ----- plan and apply -----------------------------------------------------------------------

mod cycle {
    use super::*;
    use zonefmt::cloudflare::batch::{PlanError, ZonePlanner};
    use zonefmt::cloudflare::convert::ZoneRecord;
    use zonefmt::cloudflare::plan::PlanOptions;

    /// Reads export text with the library's export reader.
    pub fn read_export(text: &str) -> Vec<ZoneRecord> {
        let export = zonefmt::cloudflare::export::read(text, None);
        assert!(!export.has_errors(), "{:?}", export.diagnostics);
        export.records
    }

    fn seeded() -> (Emulator, String) {
        let (emulator, zone) = start();
        let seeds = [
            json!({"type": "A", "name": "@", "content": "192.0.2.10", "proxied": true, "comment": "apex web"}),
            json!({"type": "A", "name": "www", "content": "192.0.2.11", "ttl": 300}),
            json!({"type": "AAAA", "name": "www", "content": "2001:db8::11", "ttl": 300}),
            json!({"type": "CNAME", "name": "blog", "content": "hosting.example.net", "proxied": true}),
            json!({"type": "MX", "name": "@", "content": "mx1.example.net", "priority": 10, "ttl": 3600}),
            json!({"type": "TXT", "name": "@", "content": "\"v=spf1 include:_spf.example.net ~all\""}),
            json!({"type": "TXT", "name": "_dmarc", "content": "\"v=DMARC1; p=none\""}),
            json!({"type": "CAA", "name": "@", "data": {"flags": 0, "tag": "issue", "value": "letsencrypt.org"}}),
            json!({"type": "SRV", "name": "_sip._tcp", "data": {"priority": 10, "weight": 5, "port": 5060, "target": "sip.example.com"}}),
        ];
        for body in seeds {
            emulator.seed(&zone, body, false, false).unwrap();
        }
        emulator
            .seed(&zone, json!({"type": "TXT", "name": "cf2024-1._domainkey", "content": "\"v=DKIM1; p=abc\""}), true, false)
            .unwrap();
        (emulator, zone)
    }

    fn planner<'a>(
        client: &'a Client<UreqTransport>,
        desired: Vec<ZoneRecord>,
        options: PlanOptions,
    ) -> ZonePlanner<'a, UreqTransport> {
        ZonePlanner::new(client, "example.com", desired, options).unwrap()
    }

    fn no_progress(_: usize, _: usize) {}

    #[test]
    fn an_unedited_export_plans_nothing() {
        let (emulator, _) = seeded();
        let (client, _) = client(&emulator);
        let zone_id = client.zone_id("example.com").unwrap();
        let desired = read_export(&client.export(&zone_id).unwrap());
        let options = PlanOptions {
            prune: true,
            settings: true,
        };
        let plan = planner(&client, desired, options).plan().unwrap();
        assert!(plan.is_empty(), "{}", plan.to_text());
        // Nine records and the read-only DKIM record, which the export lists too.
        assert_eq!(plan.unchanged, 10);
    }

    #[test]
    fn export_edit_plan_apply_then_nothing_left() {
        let (emulator, zone) = seeded();
        let (client, _) = client(&emulator);
        let exported = client.export(&zone).unwrap();
        let edited = exported
            .replace(
                "www.example.com.\t300\tIN\tA\t192.0.2.11",
                "www.example.com.\t600\tIN\tA\t192.0.2.12",
            )
            .replace("10 mx1.example.net.", "20 mx2.example.net.")
            .replace(
                "_dmarc.example.com.\t1\tIN\tTXT\t\"v=DMARC1; p=none\"\n",
                "",
            )
            .replace(
                "blog.example.com.\t1\tIN\tCNAME\thosting.example.net. ; cf_tags=cf-proxied:true",
                "blog.example.com.\t1\tIN\tCNAME\thosting.example.net. ; cf_tags=cf-proxied:false",
            )
            + "api.example.com.\t300\tIN\tAAAA\t2001:db8::99 ; cf_tags=cf-proxied:false\n";
        assert_ne!(edited, exported);
        let desired = read_export(&edited);
        let options = PlanOptions {
            prune: true,
            settings: false,
        };
        let planner = planner(&client, desired.clone(), options);
        let plan = planner.plan().unwrap();
        let summary = (plan.adds.len(), plan.changes.len(), plan.deletes.len());
        assert_eq!(summary, (1, 3, 1), "{}", plan.to_text());
        let text = plan.to_text();
        assert!(text.contains("proxied true → false"), "{text}");
        assert!(text.contains("- _dmarc.example.com."), "{text}");

        emulator.clear_log();
        let report = planner.apply(&plan, &no_progress).unwrap();
        assert_eq!(
            (report.calls, report.added, report.changed, report.deleted),
            (1, 1, 3, 1)
        );
        let batch_calls = emulator
            .log()
            .iter()
            .filter(|l| l.contains("/batch"))
            .count();
        assert_eq!(batch_calls, 1);

        // Verified inside apply; a second plan agrees, and a second apply sends nothing.
        let again = planner.plan().unwrap();
        assert!(again.is_empty(), "{}", again.to_text());
        emulator.clear_log();
        let second = planner.apply(&again, &no_progress).unwrap();
        assert_eq!(second.calls, 0);
        assert!(
            emulator.log().iter().all(|l| l.starts_with("GET ")),
            "{:?}",
            emulator.log()
        );

        // What Cloudflare now exports is the edited file (the header date and serial aside).
        let body = |text: &str| -> Vec<String> {
            let mut lines: Vec<String> = text
                .lines()
                .filter(|l| !l.starts_with(';') && !l.contains("\tSOA\t") && !l.is_empty())
                .map(str::to_owned)
                .collect();
            lines.sort();
            lines
        };
        assert_eq!(body(&client.export(&zone).unwrap()), body(&edited));
        // The read-only record survived the prune.
        assert!(emulator
            .records(&zone)
            .iter()
            .any(|r| r["name"] == "cf2024-1._domainkey.example.com"));
    }

    #[test]
    fn a_failing_batch_changes_nothing() {
        let (emulator, zone) = seeded();
        let (client, _) = client(&emulator);
        let mut desired = read_export(&client.export(&zone).unwrap());
        let before = emulator.records(&zone);
        // A change and two adds, one of which the Free plan refuses (tags quota 0).
        desired.retain(|r| {
            !r.record
                .to_string()
                .starts_with("www.example.com.\t300\tIN\tA\t")
        });
        let mut extra = read_export("new1.example.com.\t300\tIN\tA\t192.0.2.31\nnew2.example.com.\t300\tIN\tA\t192.0.2.32 ; cf_tags=team:dns\n");
        desired.append(&mut extra);
        let planner = planner(
            &client,
            desired,
            PlanOptions {
                prune: true,
                settings: false,
            },
        );
        let plan = planner.plan().unwrap();
        assert_eq!(plan.operation_count(), 3, "{}", plan.to_text());
        let err = planner.apply(&plan, &no_progress).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("9300"), "{text}");
        assert!(text.contains("(at /posts/"), "{text}");
        assert_eq!(emulator.records(&zone), before);
    }

    #[test]
    fn apply_refuses_to_pass_the_quota() {
        let (emulator, zone) = seeded();
        let (client, _) = client(&emulator);
        let mut desired = read_export(&client.export(&zone).unwrap());
        desired.append(&mut read_export(
            "n1.example.com.\t300\tIN\tA\t192.0.2.41\nn2.example.com.\t300\tIN\tA\t192.0.2.42\n",
        ));
        emulator.set_quota(&zone, Some(11));
        let planner = planner(&client, desired, PlanOptions::default());
        let plan = planner.plan().unwrap();
        emulator.clear_log();
        let err = planner.apply(&plan, &no_progress).unwrap_err();
        assert!(
            matches!(
                err,
                PlanError::Quota {
                    usage: 10,
                    quota: 11,
                    adds: 2,
                    deletes: 0,
                    after: 12
                }
            ),
            "{err}"
        );
        assert_eq!(err.code(), ErrorCode::RecordQuota);
        assert!(err.to_string().contains("over its quota of 11"), "{err}");
        assert!(
            !emulator.log().iter().any(|l| l.contains("/batch")),
            "{:?}",
            emulator.log()
        );
    }

    #[test]
    fn settings_follow_the_soa_and_ns_ttl() {
        let (emulator, zone) = seeded();
        let (client, _) = client(&emulator);
        let exported = client.export(&zone).unwrap();
        let edited = exported
            .replace(" 10000 2400 604800 1800", " 7200 900 1209600 300")
            .replace("example.com.\t86400\tIN\tNS", "example.com.\t3600\tIN\tNS");
        let desired = read_export(&edited);
        let planner = planner(
            &client,
            desired,
            PlanOptions {
                prune: false,
                settings: true,
            },
        );
        let plan = planner.plan().unwrap();
        assert_eq!(plan.operation_count(), 0);
        assert_eq!(
            plan.settings.as_ref().unwrap().plan.changes.len(),
            5,
            "{}",
            plan.to_text()
        );
        planner.apply(&plan, &no_progress).unwrap();
        let settings = emulator.settings(&zone);
        assert_eq!(settings["ns_ttl"], 3600);
        assert_eq!(settings["soa"]["refresh"], 7200);
        assert_eq!(settings["soa"]["min_ttl"], 300);
        assert!(planner.plan().unwrap().is_empty());
    }

    #[test]
    fn without_a_usage_endpoint_apply_goes_on_and_says_so() {
        let emulator = Emulator::start(Config {
            usage_endpoint: false,
            ..Config::default()
        })
        .unwrap();
        let zone = emulator.add_zone("example.com", Plan::Free);
        let (client, _) = client(&emulator);
        let desired = read_export("n1.example.com.\t300\tIN\tA\t192.0.2.41\n");
        let planner = planner(&client, desired, PlanOptions::default());
        let plan = planner.plan().unwrap();
        let report = planner.apply(&plan, &no_progress).unwrap();
        assert!(report.quota_unchecked);
        assert_eq!(report.added, 1);
        assert_eq!(emulator.records(&zone).len(), 1);
    }

    #[test]
    fn a_large_plan_goes_out_in_calls_within_the_free_limit() {
        let (emulator, zone) = start();
        emulator.set_quota(&zone, Some(1000));
        let (client, _) = client(&emulator);
        let text: String = (0..450)
            .map(|i| format!("h{i}.example.com.\t300\tIN\tA\t198.51.100.{}\n", i % 250))
            .collect();
        let planner = planner(&client, read_export(&text), PlanOptions::default());
        let plan = planner.plan().unwrap();
        assert_eq!(plan.adds.len(), 450);
        emulator.clear_log();
        let report = planner.apply(&plan, &no_progress).unwrap();
        assert_eq!((report.calls, report.added), (3, 450));
        assert_eq!(
            emulator
                .log()
                .iter()
                .filter(|l| l.contains("/batch"))
                .count(),
            3
        );
        assert_eq!(emulator.records(&zone).len(), 450);
        assert!(planner.plan().unwrap().is_empty());
    }

    #[test]
    fn apply_rides_out_a_rate_limit() {
        let (emulator, zone) = seeded();
        let (client, slept) = client(&emulator);
        let mut desired = read_export(&client.export(&zone).unwrap());
        desired.append(&mut read_export(
            "n1.example.com.\t300\tIN\tA\t192.0.2.41\n",
        ));
        let planner = planner(&client, desired, PlanOptions::default());
        let plan = planner.plan().unwrap();
        emulator.inject(Fault::RateLimited { retry_after: 3 });
        emulator.inject(Fault::ServerError(502));
        planner.apply(&plan, &no_progress).unwrap();
        assert_eq!(
            *slept.lock().unwrap(),
            [Duration::from_secs(3), Duration::from_millis(1000)]
        );
        assert!(emulator
            .records(&zone)
            .iter()
            .any(|r| r["name"] == "n1.example.com"));
    }
}
