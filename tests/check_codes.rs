//! Every code of the whole-zone checks (the load rules ZF014x and the `rfc` profile's ZF2xxx)
//! has a zone in testdata/checks/ that triggers it, and a clean zone triggers none of them.
//! The codes are enumerated from the error table, so a new check without a trigger file fails
//! here. Also pins the command-line surface of `zonefmt check`: the JSON fields, the summary
//! line, `--strict`, `--allow`/`--warn`/`--deny` and colour.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use zonefmt::ErrorCode;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/checks")
}

/// The codes whole-zone checks report: the load rules and the `rfc` profile.
fn check_codes() -> Vec<ErrorCode> {
    ErrorCode::ALL
        .iter()
        .copied()
        .filter(|c| c.as_str().starts_with("ZF2") || c.as_str().starts_with("ZF014"))
        .collect()
}

fn zonefmt(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zonefmt"));
    command.args(args).env_remove("NO_COLOR");
    for (k, v) in envs {
        command.env(k, v);
    }
    command.output().expect("zonefmt runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `zonefmt check --format json` on one file of testdata/checks: the exit status and the
/// diagnostics.
fn check_json(file: &str, extra: &[&str]) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let path = dir().join(file);
    let path = path.to_str().unwrap();
    let mut args = vec!["check", "--origin", "example.", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(path);
    let out = zonefmt(&args, &[]);
    let found = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (out.status.code(), found, text(&out.stderr))
}

fn codes_of(found: &[serde_json::Value]) -> Vec<String> {
    found
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_table_has_the_check_codes() {
    let codes = check_codes();
    assert!(codes.contains(&ErrorCode::NoApexSoa));
    assert!(codes.contains(&ErrorCode::MissingGlue));
    assert!(codes.len() >= 33, "{codes:?}");
}

#[test]
fn every_check_code_has_a_zone_that_triggers_it() {
    let mut missing = Vec::new();
    for code in check_codes() {
        let file = format!("{}.zone", code.as_str());
        if !dir().join(&file).exists() {
            missing.push(file);
            continue;
        }
        let (status, found, stderr) = check_json(&file, &[]);
        let got = codes_of(&found);
        assert!(
            got.iter().any(|c| c == code.as_str()),
            "{file} does not trigger {}: {got:?}\n{stderr}",
            code.as_str()
        );
        // Every diagnostic carries all the JSON fields, with the file it came from.
        for d in &found {
            for field in [
                "code", "severity", "file", "line", "column", "end", "message", "help", "related",
            ] {
                assert!(d.get(field).is_some(), "{file}: no {field} in {d}");
            }
            assert!(d["file"].as_str().unwrap().ends_with(&file), "{d}");
            assert!(d["line"].as_u64().unwrap() >= 1, "{d}");
        }
        // The exit status follows the severities.
        let errors = found.iter().any(|d| d["severity"] == "error");
        assert_eq!(status, Some(i32::from(errors)), "{file}: {found:?}");
    }
    assert!(
        missing.is_empty(),
        "check codes without a trigger zone in testdata/checks: {missing:?}"
    );
}

#[test]
fn a_clean_zone_triggers_no_check() {
    let (status, found, stderr) = check_json("clean.zone", &["--strict"]);
    assert_eq!(codes_of(&found), Vec::<String>::new(), "{stderr}");
    assert_eq!(status, Some(0));
    assert_eq!(stderr, "example: 0 errors, 0 warnings, 21 records\n");
    // The clean zone uses every record type the checks look at.
    let zone = std::fs::read_to_string(dir().join("clean.zone")).unwrap();
    for rtype in [
        " CNAME ",
        " MX ",
        " SRV ",
        " NS ",
        " DS ",
        " CDS ",
        " CDNSKEY ",
        " SVCB ",
        "*.",
    ] {
        assert!(zone.contains(rtype), "clean.zone has no {rtype}");
    }
}

#[test]
fn json_fields_of_a_conflict() {
    let (status, found, stderr) = check_json("ZF0141.zone", &[]);
    assert_eq!(status, Some(1));
    assert_eq!(
        stderr, "example: 1 error, 0 warnings, 7 records\n",
        "the summary line goes to stderr with --format json"
    );
    let d = found
        .iter()
        .find(|d| d["code"] == "ZF0141")
        .expect("ZF0141 reported");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 8);
    assert_eq!(d["column"], 5);
    assert_eq!(
        d["message"],
        "www.example. has a CNAME record and other data (A)"
    );
    assert!(d["help"].as_str().unwrap().contains("RFC 1034"), "{d}");
    let related = d["related"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["line"], 9);
    assert_eq!(related[0]["note"], "the A record is here");
    assert!(related[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("ZF0141.zone"));
}

#[test]
fn human_output_summary_and_colour() {
    let path = dir().join("ZF2020.zone");
    let path = path.to_str().unwrap();
    let out = zonefmt(&["check", "--origin", "example.", path], &[]);
    assert_eq!(out.status.code(), Some(0), "a warning does not fail");
    assert_eq!(
        text(&out.stdout),
        "example: 0 errors, 1 warning, 6 records\n"
    );
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("warning[ZF2020]: "), "{stderr}");
    assert!(stderr.contains("ZF2020.zone:8:10\n"), "{stderr}");
    assert!(
        stderr.contains("\n  = help: add `ns.child.example. A"),
        "{stderr}"
    );
    assert!(!stderr.contains('\x1b'), "no colour when piped: {stderr}");
    let always = zonefmt(
        &["check", "--origin", "example.", "--color", "always", path],
        &[],
    );
    assert!(text(&always.stderr).contains("\x1b["), "--color always");
    // NO_COLOR wins over a terminal; a pipe is never coloured anyway.
    let no_color = zonefmt(
        &["check", "--origin", "example.", path],
        &[("NO_COLOR", "1")],
    );
    assert!(!text(&no_color.stderr).contains('\x1b'));
}

#[test]
fn strict_allow_warn_and_deny() {
    // A warning fails only with --strict.
    let (status, found, _) = check_json("ZF2020.zone", &[]);
    assert_eq!((status, codes_of(&found)), (Some(0), vec!["ZF2020".into()]));
    let (status, _, _) = check_json("ZF2020.zone", &["--strict"]);
    assert_eq!(status, Some(1));
    // --deny makes it an error; --allow turns it off (also with --strict).
    let (status, found, stderr) = check_json("ZF2020.zone", &["--deny", "ZF2020"]);
    assert_eq!(status, Some(1));
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(stderr, "example: 1 error, 0 warnings, 6 records\n");
    let (status, found, _) = check_json("ZF2020.zone", &["--allow", "zf2020", "--strict"]);
    assert_eq!((status, found.len()), (Some(0), 0));
    // An error check can be lowered to a warning, or allowed; several codes with commas.
    let (status, found, _) = check_json("ZF2024.zone", &["--warn", "ZF2024"]);
    assert_eq!(status, Some(0));
    assert_eq!(found[0]["severity"], "warning");
    let (status, found, _) = check_json("ZF2024.zone", &["--allow", "ZF2080,ZF2024"]);
    assert_eq!((status, found.len()), (Some(0), 0));
    // An unknown code is a usage error.
    let path = dir().join("clean.zone");
    let out = zonefmt(
        &[
            "check",
            "--origin",
            "example.",
            "--allow",
            "ZF9999",
            path.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown diagnostic code \"ZF9999\""));
}
