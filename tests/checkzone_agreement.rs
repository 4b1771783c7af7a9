//! `zonefmt check` against named-checkzone's own verdicts (its defaults, `-i local`) on every
//! zone file in testdata/: the upstream corpora and testdata/mutations/, small variants of a
//! good zone that each break one rule (missing NS, CNAME and other data, out-of-zone data, bad
//! glue, …). tests/data/checkzone-verdicts.tsv holds BIND's verdicts (regenerate with
//! tests/data/make-checkzone-verdicts.py); named-checkzone is not needed here.
//!
//! Every disagreement is a decision documented in FORMAT.md and listed in `DECISIONS`; a new
//! disagreement, a listed file that agrees again, or agreement falling below `AGREEMENT` fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata");
const VERDICTS: &str = include_str!("data/checkzone-verdicts.tsv");

/// The disagreements, each with the FORMAT.md decision behind it.
const DECISIONS: &[(&str, &[&str])] = &[
    (
        "out-of-zone records are errors (ZF0140); BIND drops them with a message (FORMAT.md, Zone checks)",
        &[
            "mutations/out-of-zone.zone",
            "mutations/origin-outside.zone",
            "mutations/ns-out-of-zone-sibling-glue-present.zone",
            "mutations/glue-for-ext-ns.zone",
        ],
    ),
    (
        "DS not at a delegation is an error (ZF2024), as in BIND 9.20+; 9.18 loads it (FORMAT.md, Zone checks)",
        &[
            "bind9-checkzone/bad-ds-2.db",
            "mutations/ds-not-delegation.zone",
            "mutations/ds-at-dname.zone",
        ],
    ),
    (
        "`_dns` SVCB rules of RFC 9461 are errors (ZF2092), as in current BIND; 9.18 does not check them (FORMAT.md, Zone checks)",
        &[
            "bind9-checkzone/bad-_dns-svcb1.db",
            "bind9-checkzone/bad-_dns-svcb2.db",
            "bind9-checkzone/bad-_dns-svcb3.db",
            "bind9-checkzone/bad-_dns-svcb4.db",
            "mutations/svcb-dns-noalpn.zone",
        ],
    ),
    (
        "EUI-48/EUI-64 need two hex digits per group and nothing after (RFC 7043), as newer BIND (FORMAT.md, Record types)",
        &[
            "bind9-checkzone/bad-eui48-no-leading-zero.db",
            "bind9-checkzone/bad-eui48-trailing-garbage.db",
            "bind9-checkzone/bad-eui64-no-leading-zero.db",
            "bind9-checkzone/bad-eui64-trailing-garbage.db",
        ],
    ),
    (
        "a 65512-octet rdata is read; BIND 9.18's zone database refuses above 65510 (FORMAT.md, reading limits)",
        &["bind9-master/testdata/master/master16.data"],
    ),
    (
        "MD/MF are read (as NSD, Knot, ldns, dnspython); BIND calls them obsolete (FORMAT.md, Record types)",
        &["mutations/md-record.zone"],
    ),
    (
        "A6 has no presentation form here, only RFC 3597 (FORMAT.md, Record types)",
        &["mutations/a6-record.zone"],
    ),
    (
        "NXT stays opaque RFC 3597 data; its layout is not checked (FORMAT.md, Record types)",
        &["mutations/nxt-and-cname.zone"],
    ),
];

/// The agreement reached; it may only go up.
const AGREEMENT: usize = 476;

struct Row {
    file: String,
    origin: String,
    workdir: String,
    verdict: String,
}

fn rows() -> Vec<Row> {
    VERDICTS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 5, "malformed row {l:?}");
            Row {
                file: cols[0].into(),
                origin: cols[1].into(),
                workdir: cols[2].into(),
                verdict: cols[3].into(),
            }
        })
        .collect()
}

/// Runs `zonefmt check` as named-checkzone ran: same origin, same working directory (which
/// relative `$INCLUDE` paths are resolved against), includes allowed inside testdata/.
fn check(row: &Row) -> (String, String) {
    let path = Path::new(TESTDATA).join(&row.file);
    let cwd: PathBuf = if row.workdir.is_empty() {
        path.parent().unwrap().to_path_buf()
    } else {
        Path::new(TESTDATA).join(&row.workdir)
    };
    let out = Command::new(env!("CARGO_BIN_EXE_zonefmt"))
        .args([
            "check",
            "--color=never",
            "--origin",
            &row.origin,
            "--include-root",
        ])
        .arg(TESTDATA)
        .arg(&path)
        .current_dir(cwd)
        .output()
        .unwrap();
    let verdict = match out.status.code() {
        Some(0) => "accept",
        Some(1) => "reject",
        other => panic!(
            "{}: exit status {other:?}: {}",
            row.file,
            String::from_utf8_lossy(&out.stderr)
        ),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error"))
        .take(2)
        .collect();
    (verdict.into(), first.join(" | "))
}

fn decision(file: &str) -> Option<&'static str> {
    DECISIONS
        .iter()
        .find(|(_, files)| files.contains(&file))
        .map(|(reason, _)| *reason)
}

#[test]
fn decisions_are_listed_once() {
    let mut seen = std::collections::HashSet::new();
    for (_, files) in DECISIONS {
        for file in *files {
            assert!(seen.insert(*file), "{file} listed twice");
            assert!(
                Path::new(TESTDATA).join(file).is_file(),
                "{file} is not in testdata/"
            );
        }
    }
}

#[test]
fn agreement_with_named_checkzone() {
    let rows = rows();
    assert!(rows.len() > 400, "{} rows", rows.len());
    let mut per_set: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut agree = 0;
    let mut problems = Vec::new();
    for row in &rows {
        let (got, errors) = check(row);
        let set = row.file.split('/').next().unwrap_or_default().to_string();
        let entry = per_set.entry(set).or_default();
        entry.1 += 1;
        match (got == row.verdict, decision(&row.file)) {
            (true, None) => {
                agree += 1;
                entry.0 += 1;
            }
            (true, Some(_)) => problems.push(format!(
                "{}: agrees with named-checkzone now ({got}); drop it from DECISIONS",
                row.file
            )),
            (false, Some(_)) => {}
            (false, None) => problems.push(format!(
                "{}: named-checkzone says {}, zonefmt check says {got} {errors}",
                row.file, row.verdict
            )),
        }
    }
    for (set, (a, n)) in &per_set {
        eprintln!("{set}: {a}/{n}");
    }
    eprintln!(
        "agreement with named-checkzone: {agree}/{} ({:.1}%)",
        rows.len(),
        100.0 * agree as f64 / rows.len() as f64
    );
    assert!(
        problems.is_empty(),
        "undocumented or stale disagreements:\n{}",
        problems.join("\n")
    );
    assert!(
        agree >= AGREEMENT,
        "agreement fell to {agree} from {AGREEMENT}"
    );
}
