//! The formatter's guarantees over every zone file in testdata/ that the reader accepts:
//! printing the syntax tree unchanged gives the file back, formatting is idempotent, the
//! records read from the output are the records read from the input, and every comment of
//! the input is in the output. Each guarantee is checked for the default options and for
//! `--ttl units`, `--ttl seconds`, `--sort` and a narrow width.

mod support;

use std::path::{Path, PathBuf};

use support::{text, zonefmt};
use zonefmt::fmt::{
    format, missing_comments, read_records, FormatError, FormatOptions, SyntaxTree, TtlStyle,
};
use zonefmt::zonefile::ReaderOptions;
use zonefmt::{Name, Severity};

/// Every file under testdata/ but the metadata files, with the origin its set's ORIGINS file
/// gives it (`None` for files marked SKIP: not zone files).
fn corpus() -> Vec<(PathBuf, Option<Name>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut out = Vec::new();
    let mut sets: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    sets.sort();
    for set in sets {
        let origins = std::fs::read_to_string(set.join("ORIGINS")).unwrap_or_default();
        let rules: Vec<(String, String)> = origins
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some((cols.next()?.to_string(), cols.next()?.to_string()))
            })
            .collect();
        let mut stack = vec![set.clone()];
        while let Some(dir) = stack.pop() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if matches!(name.as_str(), "ORIGINS" | "SOURCES.md" | "EXPECTED.tsv") {
                    continue;
                }
                let rel = path
                    .strip_prefix(&set)
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                let rule = rules
                    .iter()
                    .find(|(p, _)| p != "*" && glob(p, &rel))
                    .or_else(|| rules.iter().find(|(p, _)| p == "*"));
                let origin = match rule {
                    Some((_, o)) if o == "SKIP" => None,
                    Some((_, o)) => Some(Name::from_ascii(o).unwrap()),
                    None => Some(Name::root()),
                };
                out.push((path, origin));
            }
        }
    }
    out
}

/// `*` matches any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            text.starts_with(head)
                && (0..=text.len() - head.len()).any(|i| {
                    text.get(head.len() + i..)
                        .is_some_and(|rest| glob(tail, rest))
                })
        }
    }
}

fn reader_options(origin: &Name) -> ReaderOptions {
    ReaderOptions {
        origin: Some(origin.clone()),
        ..ReaderOptions::default()
    }
}

/// Records as their one-line text (owner case kept), in order.
fn record_lines(source: &[u8], reader: &ReaderOptions) -> Vec<String> {
    read_records(source, None, reader)
        .0
        .iter()
        .map(|r| r.to_string())
        .collect()
}

fn accepted(source: &[u8], reader: &ReaderOptions) -> bool {
    let (_, diagnostics) = read_records(source, None, reader);
    !diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.code != zonefmt::ErrorCode::IncludeNotAllowed)
}

#[test]
fn every_file_round_trips_through_the_tree() {
    let mut files = 0;
    for (path, _) in corpus() {
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            SyntaxTree::parse(&bytes).to_bytes() == bytes,
            "{} does not round-trip",
            path.display()
        );
        files += 1;
    }
    assert!(files >= 250, "only {files} files");
}

fn variants() -> Vec<(&'static str, FormatOptions)> {
    vec![
        ("default", FormatOptions::default()),
        (
            "--ttl units",
            FormatOptions {
                ttl: TtlStyle::Units,
                ..FormatOptions::default()
            },
        ),
        (
            "--ttl seconds",
            FormatOptions {
                ttl: TtlStyle::Seconds,
                ..FormatOptions::default()
            },
        ),
        (
            "--sort",
            FormatOptions {
                sort: true,
                ..FormatOptions::default()
            },
        ),
        (
            "--width 40",
            FormatOptions {
                width: 40,
                ..FormatOptions::default()
            },
        ),
    ]
}

#[test]
fn idempotent_meaning_preserving_and_comment_preserving_over_testdata() {
    let mut checked = 0;
    let mut refused = 0;
    let mut changed = 0;
    let mut failures = Vec::new();
    for (path, origin) in corpus() {
        let Some(origin) = origin else { continue };
        let source = std::fs::read(&path).unwrap();
        let reader = reader_options(&origin);
        if !accepted(&source, &reader) {
            refused += 1;
            continue;
        }
        checked += 1;
        let before = record_lines(&source, &reader);
        for (label, options) in variants() {
            let what = format!("{} ({label})", path.display());
            let once = match format(&source, None, &reader, &options) {
                Ok(f) => f,
                Err(FormatError::Unsafe(m)) => {
                    failures.push(format!("{what}: {m}"));
                    continue;
                }
                Err(e) => panic!("{what}: refused after the reader accepted it: {e}"),
            };
            if label == "default" && once.changed {
                changed += 1;
            }
            let twice = format(&once.text, None, &reader, &options).unwrap();
            if twice.text != once.text {
                failures.push(format!(
                    "{what}: not idempotent:\n{}",
                    first_difference(&once.text, &twice.text)
                ));
            }
            let mut after = record_lines(&once.text, &reader);
            let mut expected = before.clone();
            if options.sort {
                after.sort();
                expected.sort();
            }
            if after != expected {
                failures.push(format!("{what}: records differ"));
            }
            let missing = missing_comments(&source, &once.text);
            if !missing.is_empty() {
                failures.push(format!("{what}: comments lost: {missing:?}"));
            }
        }
    }
    eprintln!(
        "formatter corpus: {checked} files checked ({changed} changed by formatting), {refused} refused by the reader"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 150, "only {checked} files checked");
}

/// The first line where two texts differ, for messages.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let a = String::from_utf8_lossy(a);
    let b = String::from_utf8_lossy(b);
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  {x:?}\n  {y:?}", i + 1);
        }
    }
    format!(
        "lengths {} and {} lines",
        a.lines().count(),
        b.lines().count()
    )
}

// ---- the `zonefmt fmt` command

const UNFORMATTED: &str = "$ttl 60\nwww in a 192.0.2.1\nmail in mx 10 mx\n";
const FORMATTED: &str = "$TTL 60\nwww     IN  A   192.0.2.1\nmail    IN  MX  10 mx\n";

#[test]
fn fmt_prints_standard_input_formatted() {
    let out = zonefmt(&["fmt", "-"], UNFORMATTED);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), FORMATTED);
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn fmt_check_prints_a_diff_and_exits_1_only_when_something_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.db");
    let tidy = dir.path().join("tidy.db");
    std::fs::write(&messy, UNFORMATTED).unwrap();
    std::fs::write(&tidy, FORMATTED).unwrap();
    let (messy_arg, tidy_arg) = (messy.to_str().unwrap(), tidy.to_str().unwrap());

    let out = zonefmt(&["fmt", "--check", tidy_arg], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "");

    let out = zonefmt(&["fmt", "--check", tidy_arg, messy_arg], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "--- {messy_arg}\n+++ {messy_arg} (formatted)\n@@ -1,3 +1,3 @@\n\
             -$ttl 60\n-www in a 192.0.2.1\n-mail in mx 10 mx\n\
             +$TTL 60\n+www     IN  A   192.0.2.1\n+mail    IN  MX  10 mx\n"
        )
    );
    // --check changes nothing.
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), UNFORMATTED);
}

#[test]
fn fmt_write_rewrites_in_place_and_only_what_changes() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.db");
    let tidy = dir.path().join("tidy.db");
    std::fs::write(&messy, UNFORMATTED).unwrap();
    std::fs::write(&tidy, FORMATTED).unwrap();
    let before = std::fs::metadata(&tidy).unwrap().modified().unwrap();
    let out = zonefmt(
        &[
            "fmt",
            "--write",
            messy.to_str().unwrap(),
            tidy.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), FORMATTED);
    assert_eq!(
        std::fs::metadata(&tidy).unwrap().modified().unwrap(),
        before
    );
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn fmt_refuses_a_zone_with_errors_and_reports_them_like_check() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.db");
    let zone = "$TTL 60\nwww  A 192.0.2.256\n";
    std::fs::write(&broken, zone).unwrap();
    let path = broken.to_str().unwrap();
    let out = zonefmt(&["fmt", "--origin", "example.", "--write", path], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), zone);
    // `check` without the whole-zone rules reports exactly the reader's errors.
    let check = zonefmt(&["check", "--fragment", "--origin", "example.", path], "");
    let rendered = text(&check.stderr);
    assert!(rendered.starts_with("error[ZF0106]"), "{rendered}");
    assert_eq!(
        text(&out.stderr),
        format!("{rendered}{path}: not formatted: 1 error\n")
    );
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn fmt_options_and_usage_errors() {
    let out = zonefmt(
        &["fmt", "--ttl", "units", "--sort", "-"],
        "$TTL 3600\nb A 192.0.2.2\na 86400 A 192.0.2.1\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "$TTL 1h\na   1d  A   192.0.2.1\nb       A   192.0.2.2\n"
    );
    // Several files without --check or --write, --write on standard input, both modes.
    assert_eq!(zonefmt(&["fmt", "a.db", "b.db"], "").status.code(), Some(2));
    assert_eq!(zonefmt(&["fmt", "--write", "-"], "").status.code(), Some(2));
    assert_eq!(
        zonefmt(&["fmt", "--write", "--check", "a.db"], "")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        zonefmt(&["fmt", "/nonexistent/zone.db"], "").status.code(),
        Some(2)
    );
}

// ---- the guarantees over generated zones

mod generated {
    use proptest::prelude::*;
    use proptest::sample::select;

    use super::*;

    /// Blanks between tokens on one line.
    fn blank() -> impl Strategy<Value = String> {
        select(vec![" ", "  ", "\t", " \t", "\t\t"]).prop_map(str::to_string)
    }

    fn comment() -> impl Strategy<Value = String> {
        select(vec![
            ";",
            "; note",
            ";no space",
            "; with (parens) and \"quotes\"   ",
            ";; double",
            "; cf_tags=cf-proxied:true",
            "; web cf_tags=team:dns,cf-proxied:false  ",
        ])
        .prop_map(str::to_string)
    }

    /// Type and rdata tokens of one record.
    fn rdata() -> impl Strategy<Value = Vec<String>> {
        let hex = |n: usize| {
            proptest::collection::vec(any::<u8>(), n)
                .prop_map(|b| data_encoding::HEXUPPER.encode(&b))
        };
        let split = |text: String, at: usize| {
            let at = at.min(text.len());
            let (a, b) = text.split_at(at);
            [a, b]
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        prop_oneof![
            (1u8..255).prop_map(|n| vec!["A".into(), format!("192.0.2.{n}")]),
            (1u16..999).prop_map(|n| vec!["aaaa".into(), format!("2001:db8::{n}")]),
            (0u16..100, select(vec!["mail", "mx.example.net.", "@"])).prop_map(|(p, t)| vec![
                "MX".into(),
                p.to_string(),
                t.into()
            ]),
            select(vec!["ns1", "ns2.example.net.", "Ns3"])
                .prop_map(|t| vec!["NS".into(), t.into()]),
            proptest::collection::vec(
                select(vec![
                    "\"v=spf1 -all\"",
                    "\"a;b\"",
                    "\"(x)\"",
                    "plain",
                    "\"\"",
                    "\"a \\\"q\\\" b\"",
                    "\"sixty characters of text sixty characters of text sixty ch\""
                ]),
                1..4
            )
            .prop_map(|mut v| {
                v.insert(0, "TXT");
                v.into_iter().map(|s| s.to_string()).collect()
            }),
            (any::<u16>(), hex(20), 0usize..40).prop_map(move |(tag, digest, at)| {
                let mut v = vec!["DS".to_string(), tag.to_string(), "8".into(), "1".into()];
                v.extend(split(digest, at));
                v
            }),
            (proptest::collection::vec(any::<u8>(), 32..200), 0usize..300).prop_map(
                move |(key, at)| {
                    let mut v = vec!["DNSKEY".to_string(), "257".into(), "3".into(), "8".into()];
                    v.extend(split(data_encoding::BASE64.encode(&key), at));
                    v
                }
            ),
            (hex(32), 0usize..64).prop_map(move |(data, at)| {
                let mut v = vec!["tlsa".to_string(), "3".into(), "1".into(), "1".into()];
                v.extend(split(data, at));
                v
            }),
            Just(vec![
                "SRV".into(),
                "0".into(),
                "5".into(),
                "5060".into(),
                "sip".into()
            ]),
            Just(vec![
                "CAA".into(),
                "0".into(),
                "issue".into(),
                "\"ca.example\"".into()
            ]),
            Just(vec![
                "HTTPS".into(),
                "1".into(),
                ".".into(),
                "alpn=\"h2,h3\"".into(),
                "port=443".into()
            ]),
            Just(vec![
                "SOA".into(),
                "ns".into(),
                "hostmaster".into(),
                "1".into(),
                "1h".into(),
                "15m".into(),
                "1w".into(),
                "300".into()
            ]),
            Just(vec![
                "TYPE65280".into(),
                "\\#".into(),
                "3".into(),
                "ABCDEF".into()
            ]),
        ]
    }

    /// One record entry as text (without its line break).
    fn record(first: bool) -> impl Strategy<Value = String> {
        (
            select(vec!["@", "www", "Www", "a.b", "*.w", "x.example.", "", ""]),
            select(vec!["", "60", "1h", "3600", "1d2h"]),
            select(vec!["", "IN", "in"]),
            any::<bool>(),
            rdata(),
            proptest::collection::vec(blank(), 12),
            proptest::option::of((0usize..8, proptest::collection::vec(0u8..4, 12))),
            proptest::option::of(comment()),
            proptest::collection::vec(comment(), 4),
        )
            .prop_map(
                move |(owner, ttl, class, class_first, rdata, blanks, parens, trailing, notes)| {
                    let owner = if first && owner.is_empty() {
                        "@"
                    } else {
                        owner
                    };
                    let mut tokens: Vec<String> = Vec::new();
                    let mut header = Vec::new();
                    if class_first {
                        header.extend([class, ttl]);
                    } else {
                        header.extend([ttl, class]);
                    }
                    tokens.extend(
                        header
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .map(str::to_string),
                    );
                    let type_at = tokens.len();
                    tokens.extend(rdata);
                    let mut line = if owner.is_empty() {
                        blanks[0].clone()
                    } else {
                        owner.to_string()
                    };
                    let mut open = false;
                    for (i, t) in tokens.iter().enumerate() {
                        let sep = &blanks[(i + 1) % blanks.len()];
                        if let Some((at, breaks)) = &parens {
                            if open {
                                match breaks[i % breaks.len()] {
                                    1 => line.push_str(&format!("\n{sep}")),
                                    2 => line
                                        .push_str(&format!(" {}\n{sep}", notes[i % notes.len()])),
                                    3 => line.push_str(&format!(
                                        "\n{}\n{sep}",
                                        notes[(i + 1) % notes.len()]
                                    )),
                                    _ => line.push_str(sep),
                                }
                            } else {
                                line.push_str(sep);
                            }
                            if !open && i == type_at + (at % (tokens.len() - type_at)) {
                                line.push_str("( ");
                                open = true;
                            }
                        } else {
                            line.push_str(sep);
                        }
                        line.push_str(t);
                    }
                    if open {
                        line.push_str(" )");
                    }
                    if let Some(c) = trailing {
                        line.push(' ');
                        line.push_str(&c);
                    }
                    line
                },
            )
    }

    fn zone() -> impl Strategy<Value = String> {
        (
            record(true),
            proptest::collection::vec(
                prop_oneof![
                    4 => record(false),
                    1 => Just(String::new()),
                    1 => comment(),
                    1 => select(vec!["$TTL 300", "$ttl 1h ; default", "$ORIGIN sub.example.", "$ORIGIN example."]).prop_map(str::to_string),
                ],
                0..25,
            ),
            any::<bool>(),
        )
            .prop_map(|(first, rest, crlf)| {
                let mut text = String::from("$TTL 60\n");
                text.push_str(&first);
                text.push('\n');
                for line in rest {
                    text.push_str(&line);
                    text.push('\n');
                }
                if crlf {
                    text = text.replace('\n', "\r\n");
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn generated_zones_keep_their_records_and_comments_and_format_once(
            text in zone(),
            sort in any::<bool>(),
            ttl in select(vec![TtlStyle::Keep, TtlStyle::Seconds, TtlStyle::Units]),
            width in select(vec![40usize, 80, 120]),
        ) {
            let reader = reader_options(&Name::from_ascii("example.").unwrap());
            let source = text.as_bytes();
            prop_assert!(SyntaxTree::parse(source).to_bytes() == source);
            if !accepted(source, &reader) {
                // The generator only writes valid zones, but a test should say so rather
                // than pass quietly.
                let (_, d) = read_records(source, None, &reader);
                return Err(TestCaseError::fail(format!("generated zone refused: {d:?}\n{text}")));
            }
            let options = FormatOptions { sort, ttl, width, ..FormatOptions::default() };
            let once = format(source, None, &reader, &options)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            let twice = format(&once.text, None, &reader, &options)
                .map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(text_of(&twice.text), text_of(&once.text), "not idempotent for\n{}", text);
            let mut before = record_lines(source, &reader);
            let mut after = record_lines(&once.text, &reader);
            if sort {
                before.sort();
                after.sort();
            }
            prop_assert_eq!(after, before);
            prop_assert!(missing_comments(source, &once.text).is_empty());
        }
    }

    fn text_of(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }
}
