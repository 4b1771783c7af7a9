//! The Cloudflare commands of the `zonefmt` binary against the loopback emulator.

mod support;

use std::process::Output;

use serde_json::{json, Value};
use support::emulator::{Config, Emulator, Plan, DEFAULT_ACCOUNT, DEFAULT_TOKEN};
use support::text;

/// Runs zonefmt with the emulator's URL and `token` in its environment (and no other
/// Cloudflare variable from the caller's).
fn zonefmt_with(emulator: &Emulator, token: &str, args: &[&str], stdin: &str) -> Output {
    support::zonefmt_env(
        args,
        stdin,
        &[
            ("CLOUDFLARE_EMAIL", None),
            ("CLOUDFLARE_API_KEY", None),
            ("CLOUDFLARE_API_TOKEN", Some(token)),
            ("CLOUDFLARE_BASE_URL", Some(emulator.base_url().as_str())),
        ],
    )
}

fn zonefmt(emulator: &Emulator, args: &[&str], stdin: &str) -> Output {
    zonefmt_with(emulator, DEFAULT_TOKEN, args, stdin)
}

fn start() -> (Emulator, String) {
    let emulator = Emulator::start(Config::default()).expect("emulator starts");
    let zone = emulator.add_zone("example.com", Plan::Free);
    (emulator, zone)
}

/// Adds an ordinary record (neither read-only nor scan-added) to the emulator's zone.
fn seed(emulator: &Emulator, zone: &str, record: Value) {
    emulator.seed(zone, record, false, false).unwrap();
}

#[test]
fn export_writes_the_zone_to_stdout_or_a_file() {
    let (emulator, zone) = start();
    seed(
        &emulator,
        &zone,
        json!({"type": "A", "name": "www", "content": "192.0.2.1", "ttl": 300}),
    );
    let out = zonefmt(&emulator, &["export", "--zone", "example.com"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(";;\n;; Domain:     example.com.\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("www.example.com.\t300\tIN\tA\t192.0.2.1 ; cf_tags=cf-proxied:false\n"),
        "{stdout}"
    );

    let dir = std::env::temp_dir().join(format!("zonefmt-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("out.zone");
    let out = zonefmt(
        &emulator,
        &["export", "--zone", &zone, "-o", path.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn import_reports_skipped_records_and_exits_1() {
    let (emulator, zone) = start();
    seed(
        &emulator,
        &zone,
        json!({"type": "A", "name": "www", "content": "192.0.2.1"}),
    );
    let file = "$TTL 300\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ NS ns1\nns1 A 192.0.2.53\nwww A 192.0.2.1\n";
    let out = zonefmt(
        &emulator,
        &["import", "--zone", "example.com", "--proxied", "-"],
        file,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("imported 1 of 2 records"), "{stderr}");
    assert!(
        stderr.contains("skipped: 81058 www.example.com: An identical record already exists."),
        "{stderr}"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["recs_added"], 1);
    let ns1 = emulator
        .records(&zone)
        .into_iter()
        .find(|r| r["name"] == "ns1.example.com")
        .unwrap();
    assert_eq!(
        ns1["proxied"], true,
        "--proxied applies to A records without a cf-proxied tag"
    );

    // A file that does not read is not sent.
    emulator.clear_log();
    let out = zonefmt(
        &emulator,
        &["import", "--zone", "example.com", "-"],
        "www A 300.0.0.1\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("300.0.0.1"),
        "{}",
        text(&out.stderr)
    );
    assert!(emulator.log().is_empty(), "{:?}", emulator.log());
}

#[test]
fn usage_prints_records_and_quota() {
    let (emulator, zone) = start();
    seed(
        &emulator,
        &zone,
        json!({"type": "TXT", "name": "@", "content": "\"x\""}),
    );
    let out = zonefmt(&emulator, &["usage", "--zone", "example.com"], "");
    assert_eq!(
        text(&out.stdout),
        "1 of 200 records used (199 left)\n",
        "{}",
        text(&out.stderr)
    );
    let out = zonefmt(&emulator, &["usage", "--zone", "example.com", "--json"], "");
    let usage: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(usage, json!({"record_usage": 1, "record_quota": 200}));
}

#[test]
fn custom_ns_registers_in_zone_servers() {
    let (emulator, _) = start();
    let file = "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n\
                @ NS ns1\n@ NS ns2.example.com.\n@ NS ns.other.example.\nns1 A 192.0.2.53\n";
    let dir = std::env::temp_dir().join(format!("zonefmt-customns-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("example.com.zone");
    std::fs::write(&path, file).unwrap();
    let out = zonefmt(
        &emulator,
        &[
            "custom-ns",
            "--account",
            DEFAULT_ACCOUNT,
            "--ns-set",
            "2",
            path.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout,
        "ns1.example.com set 2 (verified): A 192.0.2.1, AAAA 2001:db8::1\n\
         ns2.example.com set 2 (verified): A 192.0.2.2, AAAA 2001:db8::2\n"
    );
    let out = zonefmt(
        &emulator,
        &["custom-ns", "--account", DEFAULT_ACCOUNT, "--list"],
        "",
    );
    assert_eq!(text(&out.stdout).lines().count(), 2);
    let out = zonefmt(
        &emulator,
        &[
            "custom-ns",
            "--account",
            DEFAULT_ACCOUNT,
            "--delete",
            "ns2.example.com.",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = zonefmt(
        &emulator,
        &["custom-ns", "--account", DEFAULT_ACCOUNT, "--list"],
        "",
    );
    assert_eq!(text(&out.stdout).lines().count(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wrong_token_exits_2_with_a_clear_message() {
    let (emulator, _) = start();
    let wrong = "not-the-right-token-777";
    let out = zonefmt_with(&emulator, wrong, &["export", "--zone", "example.com"], "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("[ZF0401]"), "{stderr}");
    assert!(stderr.contains("10000 Authentication error"), "{stderr}");
    assert!(stderr.contains("CLOUDFLARE_API_TOKEN"), "{stderr}");
    assert!(!stderr.contains(wrong), "{stderr}");
    assert!(text(&out.stdout).is_empty());

    let out = support::zonefmt_env(
        &["usage", "--zone", "example.com"],
        "",
        &[
            ("CLOUDFLARE_API_TOKEN", None),
            ("CLOUDFLARE_EMAIL", None),
            ("CLOUDFLARE_API_KEY", None),
            ("CLOUDFLARE_BASE_URL", Some(emulator.base_url().as_str())),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no Cloudflare credentials"),
        "{}",
        text(&out.stderr)
    );
}

fn temp_file(tag: &str, text: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("zonefmt-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("zone.txt");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn plan_then_apply_then_plan_is_empty() {
    let (emulator, zone) = start();
    seed(
        &emulator,
        &zone,
        json!({"type": "A", "name": "www", "content": "192.0.2.1", "ttl": 300}),
    );
    seed(
        &emulator,
        &zone,
        json!({"type": "TXT", "name": "old", "content": "\"bye\""}),
    );
    // A hand-written zone file (not an export): origin from --zone, cf_tags honoured.
    let file =
        "$TTL 300\n@ IN SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300\n\
                www IN A 192.0.2.2\n\
                api IN AAAA 2001:db8::5 ; public api cf_tags=cf-proxied:true\n";
    let (dir, path) = temp_file("plan", file);
    let path = path.to_str().unwrap();

    let out = zonefmt(
        &emulator,
        &["plan", "--zone", "example.com", "--prune", path],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let plan = text(&out.stdout);
    assert!(
        plan.contains("1 to add, 1 to change, 1 to delete"),
        "{plan}"
    );
    assert!(
        plan.contains(
            "+ api.example.com.\t1\tIN\tAAAA\t2001:db8::5 ; public api cf_tags=cf-proxied:true"
        ),
        "{plan}"
    );
    assert!(plan.contains("- old.example.com."), "{plan}");

    let out = zonefmt(
        &emulator,
        &["plan", "--zone", "example.com", "--prune", "--json", path],
        "",
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["change"], 1);
    assert_eq!(json["changes"][0]["api"]["content"], "192.0.2.2");

    // Without --yes and without a terminal, apply refuses to guess.
    let out = zonefmt(
        &emulator,
        &["apply", "--zone", "example.com", "--prune", path],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--yes"), "{}", text(&out.stderr));

    let out = zonefmt(
        &emulator,
        &[
            "apply",
            "--zone",
            "example.com",
            "--prune",
            "--settings",
            "--yes",
            path,
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "Applied: 1 added, 1 changed, 1 deleted in 1 batch call(s), 7 setting(s) changed"
        ),
        "{stdout}"
    );
    assert_eq!(emulator.settings(&zone)["soa"]["retry"], 900);

    let out = zonefmt(
        &emulator,
        &[
            "plan",
            "--zone",
            "example.com",
            "--prune",
            "--settings",
            path,
        ],
        "",
    );
    assert!(
        text(&out.stdout).contains("Nothing to do"),
        "{}",
        text(&out.stdout)
    );
    emulator.clear_log();
    let out = zonefmt(
        &emulator,
        &["apply", "--zone", "example.com", "--prune", "--yes", path],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        emulator.log().iter().all(|l| l.starts_with("GET ")),
        "{:?}",
        emulator.log()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plan_refuses_records_cloudflare_cannot_take() {
    let (emulator, _) = start();
    let (dir, path) = temp_file(
        "plan-bad",
        "$TTL 300\nwww IN A 192.0.2.2\nold IN HINFO \"PC\" \"Linux\"\n",
    );
    emulator.clear_log();
    let out = zonefmt(
        &emulator,
        &[
            "apply",
            "--zone",
            "example.com",
            "--yes",
            path.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("ZF3100"), "{stderr}");
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    assert!(!emulator.log().iter().any(|l| l.contains("/batch")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn scan_lists_and_accepts_found_records() {
    let (emulator, zone) = start();
    emulator.set_scan_candidates(
        &zone,
        vec![
            json!({"type": "A", "name": "found", "content": "192.0.2.77", "ttl": 1}),
            json!({"type": "MX", "name": "@", "content": "mx.example.net", "priority": 5, "ttl": 1}),
        ],
    );
    let out = zonefmt(&emulator, &["scan", "--zone", "example.com"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("\nfound.example.com.\t1\tIN\tA\t192.0.2.77 ; cf_tags=cf-proxied:false\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("example.com.\t1\tIN\tMX\t5 mx.example.net.\n"),
        "{stdout}"
    );
    let first_id = stdout
        .lines()
        .next()
        .unwrap()
        .strip_prefix("; scanned id ")
        .unwrap()
        .to_owned();
    let out = zonefmt(
        &emulator,
        &[
            "scan",
            "--zone",
            "example.com",
            "--no-trigger",
            "--accept",
            &first_id,
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("accepted 1, rejected 0"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(emulator.records(&zone).len(), 1);
    let out = zonefmt(
        &emulator,
        &["scan", "--zone", "example.com", "--no-trigger", "--reject"],
        "",
    );
    assert!(
        text(&out.stderr).contains("accepted 0, rejected 1"),
        "{}",
        text(&out.stderr)
    );
    let out = zonefmt(
        &emulator,
        &["scan", "--zone", "example.com", "--no-trigger"],
        "",
    );
    assert_eq!(text(&out.stdout), "");
}

/// Every type the API takes, in every form `every-type.zone` writes it (tags, comments, proxy
/// state, flattening, LOC at its limits, split TXT), goes up through `apply` and comes back
/// through the listing unchanged: the plan afterwards is empty, and so is the plan of the
/// zone's own export.
#[test]
fn every_type_survives_apply_and_a_second_plan() {
    let emulator = Emulator::start(Config::default()).expect("emulator starts");
    emulator.add_zone("example.com", Plan::Pro);
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/cloudflare-api/every-type.zone");
    let file = file.to_str().unwrap();
    let out = zonefmt(
        &emulator,
        &[
            "apply",
            "--zone",
            "example.com",
            "--fragment",
            "--yes",
            file,
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let applied = text(&out.stdout);
    assert!(
        applied.contains("Applied: 33 added, 0 changed, 0 deleted"),
        "{applied}"
    );

    let out = zonefmt(
        &emulator,
        &["plan", "--zone", "example.com", "--fragment", file],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Nothing to do"),
        "{}",
        text(&out.stdout)
    );

    let out = zonefmt(&emulator, &["export", "--zone", "example.com"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (dir, exported) = temp_file("every-type-export", &text(&out.stdout));
    let out = zonefmt(
        &emulator,
        &["plan", "--zone", "example.com", exported.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Nothing to do"),
        "{}",
        text(&out.stdout)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
