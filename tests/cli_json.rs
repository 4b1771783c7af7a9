//! `zonefmt to-json` and `zonefmt from-json`, run as the real binary: every API type through
//! zone → JSON → zone → JSON, every Cloudflare export sample through the same trip, and the
//! errors (unsupported types, bad JSON) with their places and exit statuses.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod support;

use support::text;

/// Runs the binary with a fixed `;; Exported:` time, so that from-json's output can be compared.
fn zonefmt(args: &[&str], stdin: &str) -> Output {
    support::zonefmt_env(args, stdin, &[("SOURCE_DATE_EPOCH", Some("1735689600"))])
}

/// Runs a command that must succeed without a word on standard error; its standard output.
fn ok(args: &[&str], stdin: &str) -> String {
    let out = zonefmt(args, stdin);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stderr), "", "{args:?}");
    text(&out.stdout)
}

fn testdata(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(path)
}

fn array(json: &str) -> Vec<Value> {
    match serde_json::from_str(json) {
        Ok(Value::Array(items)) => items,
        other => panic!("not a JSON array: {other:?}\n{json}"),
    }
}

/// The records as sorted JSON texts: order is not significant (from-json writes Cloudflare's
/// section order).
fn sorted(records: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = records.iter().map(Value::to_string).collect();
    out.sort();
    out
}

/// `zonefmt expand` of zone text, sorted: the DNS data alone, for comparing zones.
fn expanded(zone: &str) -> Vec<String> {
    let out = ok(
        &["expand", "--fragment", "--origin", "example.com", "-"],
        zone,
    );
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn every_api_type_goes_zone_json_zone_json_unchanged() {
    let file = testdata("cloudflare-api/every-type.zone");
    let file = file.to_str().unwrap();
    let first = ok(&["to-json", file], "");
    let records = array(&first);
    let mut types: Vec<&str> = records
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    types.sort_unstable();
    types.dedup();
    // The emulator's list of the types the API accepts, written from the spec (sorted).
    assert_eq!(types, support::emulator::records::TYPES);
    // Request bodies only: nothing the API writes itself.
    for r in &records {
        for field in [
            "id",
            "proxiable",
            "created_on",
            "modified_on",
            "meta",
            "zone_id",
        ] {
            assert!(r.get(field).is_none(), "{field} in {r}");
        }
    }

    let zone = ok(&["from-json", "--origin", "example.com", "-"], &first);
    assert!(
        zone.starts_with(";;\n;; Domain:     example.com.\n;; Exported:   2025-01-01 00:00:00\n")
    );
    // zone → JSON → zone: the same DNS data, and the attributes as cf_tags comments.
    let original = std::fs::read_to_string(file).unwrap();
    assert_eq!(expanded(&zone), expanded(&original));
    for line in [
        "www.example.com.\t1\tIN\tA\t192.0.2.1 ; web front cf_tags=team:dns,cf-proxied:true",
        "cdn.example.com.\t1\tIN\tCNAME\tcdn.provider.example. ; cf_tags=cf-flatten-cname,cf-proxied:false",
        "xn--bcher-kva.example.com.\t1\tIN\tA\t192.0.2.3 ; Bücher cf_tags=note:\"a,b\",empty,cf-proxied:false",
        "example.com.\t3600\tIN\tMX\t20 mx2.example.net. ; backup mail",
    ] {
        assert!(zone.lines().any(|l| l == line), "{line} not in\n{zone}");
    }

    // JSON → zone → JSON: the same records, and from-json of either gives the same text.
    let second = ok(&["to-json", "-"], &zone);
    assert_eq!(sorted(&array(&second)), sorted(&records));
    assert_eq!(
        ok(&["from-json", "--origin", "example.com", "-"], &second),
        zone
    );
}

#[test]
fn lines_writes_one_object_per_line() {
    let file = testdata("cloudflare-api/every-type.zone");
    let file = file.to_str().unwrap();
    let lines = ok(&["to-json", "--lines", file], "");
    let array = array(&ok(&["to-json", file], ""));
    let objects: Vec<Value> = lines
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"));
            assert!(v.is_object(), "{l}");
            v
        })
        .collect();
    assert_eq!(objects, array);
    // JSON Lines is also what from-json reads.
    assert_eq!(
        ok(&["from-json", "--origin", "example.com", "-"], &lines),
        ok(
            &["from-json", "--origin", "example.com", "-"],
            &serde_json::to_string(&array).unwrap()
        )
    );
    // No records: an empty array, or nothing at all.
    assert_eq!(ok(&["to-json", "--origin", "example.com", "-"], ""), "[]\n");
    assert_eq!(
        ok(&["to-json", "--lines", "--origin", "example.com", "-"], ""),
        ""
    );
}

#[test]
fn idn_owner_becomes_punycode_and_long_txt_is_split() {
    let json = ok(
        &["to-json", "--lines", "--origin", "example.com", "-"],
        "bücher 1 IN A 192.0.2.9\n",
    );
    assert_eq!(
        json,
        "{\"name\":\"xn--bcher-kva.example.com\",\"type\":\"A\",\"content\":\"192.0.2.9\",\"ttl\":1}\n"
    );
    // A TXT string longer than 255 bytes is split on the 255-byte boundary, as the API
    // splits it, even inside a character; the pieces join back to the same bytes.
    let long = "é".repeat(150);
    let input = serde_json::json!({"type":"TXT","name":"t.example.com","content":format!("\"{long}\""),"ttl":1});
    let zone = ok(
        &["from-json", "--origin", "example.com", "-"],
        &input.to_string(),
    );
    let escaped = |n: usize| "\\195\\169".repeat(n);
    let line = format!(
        "t.example.com.\t1\tIN\tTXT\t\"{}\\195\" \"\\169{}\"",
        escaped(127),
        escaped(22)
    );
    assert!(zone.lines().any(|l| l == line), "{line} not in\n{zone}");
    let back = array(&ok(&["to-json", "-"], &zone));
    assert_eq!(
        back[0]["content"],
        format!("\"{}\\195\" \"\\169{}\"", "é".repeat(127), "é".repeat(22))
    );
    // The API's own split form reads back unchanged.
    assert_eq!(
        ok(
            &["from-json", "--origin", "example.com", "-"],
            &serde_json::to_string(&back).unwrap()
        ),
        zone
    );
}

#[test]
fn every_export_sample_round_trips_through_the_cli() {
    let dir = testdata("cloudflare-exports");
    let mut samples: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    samples.sort();
    assert!(samples.len() >= 4, "{samples:?}");
    for sample in samples {
        let path = sample.to_str().unwrap();
        let original = std::fs::read_to_string(&sample).unwrap();
        let zone_name = original
            .lines()
            .find_map(|l| l.split_once("Domain:").map(|(_, z)| z.trim().to_string()))
            .unwrap();
        // The SOA (and Cloudflare's own NS records) are left out with warnings.
        let out = zonefmt(&["to-json", "--skip-unsupported", path], "");
        assert_eq!(out.status.code(), Some(0), "{path}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("warning[ZF3100]: SOA"), "{path}");
        let first = text(&out.stdout);
        let records = array(&first);
        assert!(!records.is_empty(), "{path}");

        let zone = ok(&["from-json", "--origin", &zone_name, "-"], &first);
        let second = ok(&["to-json", "-"], &zone);
        assert_eq!(sorted(&array(&second)), sorted(&records), "{path}");
        // Once in Cloudflare's current order, the trip is the identity byte for byte.
        assert_eq!(
            ok(&["from-json", "--origin", &zone_name, "-"], &second),
            zone,
            "{path}"
        );
        assert_eq!(ok(&["to-json", "-"], &zone), second, "{path}");
    }
}

#[test]
fn unsupported_types_are_errors_with_their_line_or_warnings_when_skipped() {
    let zone = "$TTL 300\n@ SOA ns hm 1 2 3 4 5\na A 192.0.2.1\nd DNAME x.example.\nd NSEC e.example.com. A\n";
    let out = zonefmt(
        &["to-json", "--lines", "--origin", "example.com", "-"],
        zone,
    );
    assert_eq!(out.status.code(), Some(1));
    // The records the API takes are still written.
    assert_eq!(
        text(&out.stdout),
        "{\"name\":\"a.example.com\",\"type\":\"A\",\"content\":\"192.0.2.1\",\"ttl\":300}\n"
    );
    let stderr = text(&out.stderr);
    for (kind, place) in [("SOA", "-:2:1"), ("DNAME", "-:4:1"), ("NSEC", "-:5:1")] {
        let at = stderr
            .find(&format!("error[ZF3100]: {kind} owned by"))
            .unwrap_or_else(|| panic!("{kind} not reported:\n{stderr}"));
        assert!(
            stderr[at..].contains(&format!("--> {place}\n")),
            "{kind} at {place}:\n{stderr}"
        );
    }
    assert!(stderr.contains("--skip-unsupported"), "{stderr}");

    let out = zonefmt(
        &[
            "to-json",
            "--lines",
            "--skip-unsupported",
            "--origin",
            "example.com",
            "-",
        ],
        zone,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.matches("warning[ZF3100]").count(), 3, "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert_eq!(text(&out.stdout).lines().count(), 1);
}

#[test]
fn bad_cf_tags_are_errors_on_their_line() {
    let out = zonefmt(
        &["to-json", "--origin", "example.com", "-"],
        "a 1 A 192.0.2.1\nb 1 A 192.0.2.2 ; cf_tags=cf-proxied:perhaps\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("error[ZF3105]: "), "{stderr}");
    assert!(stderr.contains("--> -:2:1"), "{stderr}");
    assert_eq!(array(&text(&out.stdout)).len(), 1);
}

#[test]
fn bad_json_gives_file_and_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.json");
    std::fs::write(
        &path,
        "[\n  {\"type\": \"A\", \"name\": \"a\", \"content\": \"192.0.2.1\"},\n  {\"type\": \"A\",\n   \"name\": }\n]\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let out = zonefmt(&["from-json", "--origin", "example.com", file], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error[ZF3104]: not valid JSON"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {file}:4:12\n")), "{stderr}");

    // A record that is JSON but not an API record: its own line, the others kept.
    let out = zonefmt(
        &["from-json", "--origin", "example.com", "-"],
        "[\n  {\"type\": \"A\", \"name\": \"a\", \"content\": \"192.0.2.1\"},\n  {\"type\": \"MX\", \"name\": \"m\"}\n]\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("record 2 (\"m\" MX)"), "{stderr}");
    assert!(stderr.contains("--> -:3:3"), "{stderr}");
    assert!(text(&out.stdout).contains("a.example.com.\t1\tIN\tA\t192.0.2.1\n"));

    // Values the zone cannot hold are errors at the record's line too.
    let out = zonefmt(
        &["from-json", "--origin", "example.com", "-"],
        "{\"type\":\"A\",\"name\":\"a\",\"content\":\"192.0.2.1\"}\n{\"type\":\"A\",\"name\":\"b\",\"content\":\"1.1\"}\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("invalid IPv4 address \"1.1\""), "{stderr}");
    assert!(stderr.contains("--> -:2:1"), "{stderr}");
}

#[test]
fn from_json_takes_the_zone_from_origin_or_zone_name() {
    let record =
        "{\"type\":\"A\",\"name\":\"www.example.com\",\"content\":\"192.0.2.1\",\"ttl\":1}";
    let out = zonefmt(&["from-json", "-"], record);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--origin"),
        "{}",
        text(&out.stderr)
    );
    let answer = format!(
        "{{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[{}],\"result_info\":{{\"page\":1,\"per_page\":100,\"count\":1,\"total_count\":1}}}}",
        record.replace('}', ",\"zone_name\":\"example.com\",\"id\":\"372e67954025e0ba6aaa6d586b9e0b59\",\"proxiable\":true,\"proxied\":false}")
    );
    let zone = ok(&["from-json", "-"], &answer);
    assert!(zone.contains(";; Domain:     example.com.\n"), "{zone}");
    assert!(
        zone.ends_with(
            ";; A Records\nwww.example.com.\t1\tIN\tA\t192.0.2.1 ; cf_tags=cf-proxied:false\n"
        ),
        "{zone}"
    );
    // An SOA in a list answer has no zone form here: an error, or a warning when skipped.
    let soa = "{\"type\":\"SOA\",\"name\":\"example.com\",\"content\":\"x\",\"ttl\":3600}";
    let out = zonefmt(&["from-json", "--origin", "example.com", "-"], soa);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("error[ZF3100]"));
    let out = zonefmt(
        &[
            "from-json",
            "--skip-unsupported",
            "--origin",
            "example.com",
            "-",
        ],
        soa,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("warning[ZF3100]"));
}

#[test]
fn to_json_follows_includes_only_under_include_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("part.db"),
        "inc 1 IN A 192.0.2.7 ; cf_tags=cf-proxied:true\n",
    )
    .unwrap();
    let main = dir.path().join("main.db");
    std::fs::write(&main, "$ORIGIN example.com.\n$INCLUDE part.db\n").unwrap();
    let file = main.to_str().unwrap();
    let out = zonefmt(&["to-json", file], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let root = dir.path().to_str().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_zonefmt"))
        .args(["to-json", "--lines", "--include-root", root, "main.db"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The cf_tags comments of an included file count too.
    assert_eq!(
        text(&out.stdout),
        "{\"name\":\"inc.example.com\",\"type\":\"A\",\"content\":\"192.0.2.7\",\"ttl\":1,\"proxied\":true}\n"
    );
}

#[test]
fn help_describes_both_commands() {
    let help = ok(&["to-json", "--help"], "");
    for word in [
        "--lines",
        "--skip-unsupported",
        "--origin",
        "--include-root",
    ] {
        assert!(help.contains(word), "{word}: {help}");
    }
    let help = ok(&["from-json", "--help"], "");
    for word in ["--origin", "--skip-unsupported"] {
        assert!(help.contains(word), "{word}: {help}");
    }
    let help = ok(&["--help"], "");
    assert!(!help.contains("not implemented"), "{help}");
}

/// A zone that breaks one Cloudflare rule per line (line numbers in the comments).
const RULE_BREAKER: &str = "$TTL 300
@ SOA ns.example.net. hm.example.net. 1 7200 3600 86400 300
@ NS ns.example.net.
www 300 A 192.0.2.1 ; cf_tags=cf-proxied:true
mx 30 MX 10 mail
mail 60 A 192.0.2.2 ; note cf_tags=team:x
w2 CNAME www
w2 A 192.0.2.3
txt TXT \"x\" ; cf_tags=cf-proxied:true
";

fn check(args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec![
        "check",
        "--profile",
        "cloudflare",
        "--origin",
        "example.com",
    ];
    all.extend_from_slice(args);
    all.push("-");
    let out = zonefmt(&all, RULE_BREAKER);
    (out.status.code(), text(&out.stderr))
}

/// The code and line of every diagnostic in rendered output.
fn codes(stderr: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut code = None;
    for line in stderr.lines() {
        if let Some(rest) = line
            .strip_prefix("error[")
            .or_else(|| line.strip_prefix("warning["))
        {
            code = rest.split(']').next().map(str::to_string);
        } else if let (Some(place), Some(c)) = (line.trim().strip_prefix("--> -:"), code.take()) {
            out.push((c, place.split(':').next().unwrap_or("").to_string()));
        }
    }
    out
}

#[test]
fn check_profile_cloudflare_applies_cloudflares_rules() {
    let (status, stderr) = check(&[]);
    assert_eq!(status, Some(1), "{stderr}");
    let found = codes(&stderr);
    for (code, line) in [
        ("ZF3003", "4"), // proxied with a TTL other than automatic
        ("ZF3001", "5"), // TTL 30 below the free plan's 60
        ("ZF3009", "6"), // a tag on the free plan (quota 0)
        ("ZF3004", "8"), // an A beside a CNAME
        ("ZF3002", "9"), // a TXT cannot be proxied
    ] {
        assert!(
            found.contains(&(code.to_string(), line.to_string())),
            "{code} at line {line} not in {found:?}\n{stderr}"
        );
    }
    assert!(stderr.contains("(Cloudflare error 81054)"), "{stderr}");

    // The plan sets the limits: Enterprise takes TTL 30 and tags.
    let (_, stderr) = check(&["--plan", "enterprise"]);
    let found = codes(&stderr);
    assert!(
        !found.iter().any(|(c, _)| c == "ZF3001" || c == "ZF3009"),
        "{found:?}"
    );
    assert!(found.contains(&("ZF3004".to_string(), "8".to_string())));
    let (_, stderr) = check(&["--plan", "pro"]);
    let found = codes(&stderr);
    assert!(found.contains(&("ZF3001".to_string(), "5".to_string())));
    assert!(!found.iter().any(|(c, _)| c == "ZF3009"), "{found:?}");

    let (status, stderr) = check(&["--plan", "gold"]);
    assert_eq!(status, Some(2));
    assert!(stderr.contains("unknown plan \"gold\""), "{stderr}");
    // The rfc profile knows nothing of Cloudflare.
    let out = zonefmt(&["check", "--origin", "example.com", "-"], RULE_BREAKER);
    assert!(!text(&out.stderr).contains("ZF30"), "{}", text(&out.stderr));
}
