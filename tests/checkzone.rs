//! `zonefmt check` against BIND's own checkzone test zones: `good-*` must load, `bad-*` must
//! not, and the other files as BIND's tests.sh (or, for files it only uses otherwise,
//! named-checkzone 9.18) decides. testdata/bind9-checkzone/EXPECTED.tsv holds the verdicts;
//! every disagreement is a decision documented in FORMAT.md ("Zone checks") and listed here.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Files where zonefmt knowingly disagrees with the expected verdict, and why (see FORMAT.md).
const DECISIONS: &[(&str, &str)] = &[
    (
        "bad-cname-and-key.db",
        "KEY beside a CNAME is allowed, as RFC 2181 §10.1, RFC 4035 §2.5 and BIND 9.18 allow it",
    ),
    (
        "bad-_dns-svcb5.db",
        "alpn=h1\\\\,h2 is one ALPN id \"h1,h2\" (RFC 9460 appendix A), not HTTP, so no dohpath is needed",
    ),
    (
        "bad-_dns-svcb6.db",
        "alpn=x1\\\\,h2 is one ALPN id \"x1,h2\" (RFC 9460 appendix A), not HTTP, so no dohpath is needed",
    ),
    (
        "bad-rpz-prefix.db",
        "the RPZ address encoding is a rule of response-policy zones, not of zone files in general",
    ),
];

/// The agreement this suite has reached; it may only go up.
const AGREEMENT: usize = 153;

struct Case {
    file: String,
    origin: String,
    expected: String,
    options: Vec<String>,
    include: bool,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/bind9-checkzone")
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(dir().join("EXPECTED.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 5, "{line}");
            Case {
                file: cols[0].into(),
                origin: cols[1].into(),
                expected: cols[2].into(),
                include: cols[3] == "include",
                options: if cols[3] == "include" {
                    Vec::new()
                } else {
                    cols[3].split_whitespace().map(String::from).collect()
                },
            }
        })
        .collect()
}

/// A directory holding `zones/` → the test zones, as tests.sh's working directory does, for
/// the files that `$INCLUDE "zones/inherit.db"`.
fn include_base() -> PathBuf {
    let base = std::env::temp_dir().join(format!("zonefmt-checkzone-{}", std::process::id()));
    let link = base.join("zones");
    if !link.exists() {
        std::fs::create_dir_all(&base).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir(), &link).unwrap();
    }
    base
}

/// Runs `zonefmt check` on one case; returns the verdict and the diagnostics.
fn verdict(case: &Case) -> (String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zonefmt"));
    command
        .arg("check")
        .arg("--color=never")
        .arg("--origin")
        .arg(&case.origin)
        .args(&case.options);
    if case.include {
        command
            .current_dir(include_base())
            .arg("--include-root")
            .arg(dir());
    }
    let out = command.arg(dir().join(&case.file)).output().unwrap();
    let verdict = match out.status.code() {
        Some(0) => "accept",
        Some(1) => "reject",
        other => panic!(
            "{}: exit status {other:?}: {}",
            case.file,
            String::from_utf8_lossy(&out.stderr)
        ),
    };
    (
        verdict.into(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn agreement_with_bind_checkzone_tests() {
    let cases = cases();
    assert_eq!(cases.len(), 157);
    let mut agree = 0;
    let mut surprises = Vec::new();
    for case in &cases {
        let (got, stderr) = verdict(case);
        let decided = DECISIONS.iter().any(|(f, _)| *f == case.file);
        if got == case.expected {
            agree += 1;
            assert!(!decided, "{} agrees now: drop it from DECISIONS", case.file);
        } else if !decided {
            let first: Vec<&str> = stderr
                .lines()
                .filter(|l| l.starts_with("error") || l.starts_with("warning"))
                .take(3)
                .collect();
            surprises.push(format!(
                "{}: expected {}, got {got}: {first:?}",
                case.file, case.expected
            ));
        }
    }
    eprintln!(
        "agreement with BIND's checkzone tests: {agree}/{}",
        cases.len()
    );
    assert!(
        surprises.is_empty(),
        "undocumented disagreements:\n{}",
        surprises.join("\n")
    );
    assert_eq!(agree + DECISIONS.len(), cases.len());
    assert!(
        agree >= AGREEMENT,
        "agreement fell to {agree} from {AGREEMENT}"
    );
}
