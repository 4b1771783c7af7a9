//! Hostile input through every subcommand of the `zonefmt` binary (tests/hostile.rs covers the
//! reader itself): each input must end in a clear error naming file, line and column, or in a
//! correct result, and never in a panic, a hang or unbounded output. Inputs are generated here,
//! large enough that a missing cap would hang or exhaust memory instead of passing.

mod support;

use std::process::Output;

use support::emulator::{Config, Emulator, Plan, DEFAULT_TOKEN};
use support::text;

/// The zone every hostile line is appended to: the hostile text starts on line 6.
const HEAD: &[u8] = b"$ORIGIN example.\n$TTL 300\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n";

/// The subcommands that read a zone file, each given `--origin example.` and the file.
const ZONE_COMMANDS: &[&[&str]] = &[
    &["check"],
    &["check", "--format", "json"],
    &["check", "--profile", "cloudflare"],
    &["fmt"],
    &["fmt", "--sort"],
    &["fmt", "--check"],
    &["stats"],
    &["to-json"],
    &["expand"],
];

/// A temporary directory for generated inputs.
struct Inputs(tempfile::TempDir);

impl Inputs {
    fn new() -> Inputs {
        Inputs(tempfile::tempdir().unwrap())
    }

    /// Writes `bytes` to `name` and returns its path.
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.0.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }
}

fn zone(hostile: &[u8]) -> Vec<u8> {
    [HEAD, hostile].concat()
}

fn run(args: &[&str]) -> Output {
    support::zonefmt(args, "")
}

/// Runs a zone subcommand on `file`.
fn run_zone(command: &[&str], file: &str) -> Output {
    let mut args = command.to_vec();
    args.extend(["--origin", "example.", file]);
    run(&args)
}

/// Everything the command wrote, both streams.
fn all_output(out: &Output) -> String {
    text(&out.stdout) + &text(&out.stderr)
}

/// The command ended by itself with 0 or 1 (a panic exits 101), wrote no panic message, and
/// wrote at most `max_stderr` bytes of diagnostics.
fn assert_ended_cleanly(out: &Output, what: &str, max_stderr: usize) {
    let stderr = text(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{what}: exit status {:?}\n{}",
        out.status,
        shorten(&stderr)
    );
    assert!(!stderr.contains("panicked"), "{what}: {}", shorten(&stderr));
    assert!(
        out.stderr.len() <= max_stderr,
        "{what}: {} bytes of diagnostics\n{}",
        out.stderr.len(),
        shorten(&stderr)
    );
}

/// The error `code` at `name:line:column` is reported (in the human form, or as JSON).
fn assert_error_at(out: &Output, what: &str, code: &str, name: &str, line: u32, column: u32) {
    assert_eq!(out.status.code(), Some(1), "{what}");
    let all = all_output(out);
    let human =
        all.contains(&format!("error[{code}]")) && all.contains(&format!("{name}:{line}:{column}"));
    let json = all.contains(&format!("\"code\":\"{code}\""))
        && all.contains(&format!("\"line\":{line}"))
        && all.contains(&format!("\"column\":{column}"));
    assert!(
        human || json,
        "{what}: no {code} at {name}:{line}:{column}\n{}",
        shorten(&all)
    );
}

fn shorten(text: &str) -> String {
    text.chars().take(3000).collect()
}

#[test]
fn hostile_zone_files_end_in_an_error_at_their_place_in_every_subcommand() {
    let inputs = Inputs::new();
    let mut long_line = b"www A ".to_vec();
    long_line.resize(10_000_000, b'1');
    long_line.push(b'\n');
    let mut nested = b"www TXT ".to_vec();
    nested.extend(std::iter::repeat_n(b'(', 100_000));
    nested.extend_from_slice(b"\"x\"");
    nested.extend(std::iter::repeat_n(b')', 100_000));
    nested.push(b'\n');
    let cases: Vec<(&str, Vec<u8>, &str, u32, u32)> = vec![
        ("long.zone", zone(&long_line), "ZF0130", 6, 1),
        ("nested.zone", zone(&nested), "ZF0109", 6, 265),
        ("open.zone", zone(b"www TXT ( \"abc\""), "ZF0109", 6, 9),
        ("quote.zone", zone(b"www TXT \"abc"), "ZF0110", 6, 9),
        (
            "generate.zone",
            zone(b"$GENERATE 0-4294967295 h$ A 192.0.2.1\n"),
            "ZF0124",
            6,
            11,
        ),
        (
            "include.zone",
            zone(b"$INCLUDE /etc/passwd\n$INCLUDE ../../etc/passwd\n"),
            "ZF0121",
            6,
            1,
        ),
        (
            "owner.zone",
            zone(&[vec![b'b'; 1_000_000], b" A 192.0.2.1\n".to_vec()].concat()),
            "ZF0101",
            6,
            1,
        ),
        (
            "badutf8.zone",
            zone(b"\xff\xfe\xe9\xc3 A 1.2.3.x\n"),
            "ZF0106",
            6,
            8,
        ),
    ];
    for (name, bytes, code, line, column) in &cases {
        let file = inputs.file(name, bytes);
        for command in ZONE_COMMANDS {
            let out = run_zone(command, &file);
            let what = format!("{command:?} {name}");
            assert_ended_cleanly(&out, &what, 50_000);
            if *name == "include.zone" && command[0] == "fmt" {
                // The formatter needs no included file and keeps `$INCLUDE` as written
                // (FORMAT.md); nothing is read (`--check` exits 1 for the layout it would
                // change, with a diff).
                assert!(!all_output(&out).contains("ZF0121"), "{what}");
            } else {
                assert_error_at(&out, &what, code, name, *line, *column);
            }
            // Nothing of the refused files is read, let alone shown.
            assert!(!all_output(&out).contains("root:"), "{what}");
        }
    }
}

#[test]
fn binary_garbage_nul_bytes_bom_and_empty_files_in_every_subcommand() {
    let inputs = Inputs::new();
    let garbage = support::noise(0x2545_f491_4f6c_dd1d, 1_000_000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage.zone", garbage),
        (
            "nul.zone",
            zone(b"www A 192.0.2.1\x00\nw\x00w TXT \"a\x00b\"\n\x00\x00\x00\n"),
        ),
        (
            "bom.zone",
            [b"\xef\xbb\xbf".as_slice(), &zone(b"www A 192.0.2.1\n")]
                .concat()
                .iter()
                .flat_map(|&b| {
                    if b == b'\n' {
                        vec![b'\r', b'\n']
                    } else {
                        vec![b]
                    }
                })
                .collect(),
        ),
        ("empty.zone", Vec::new()),
        ("blank.zone", vec![b'\n'; 1_000_000]),
    ];
    for (name, bytes) in &cases {
        let file = inputs.file(name, bytes);
        for command in ZONE_COMMANDS {
            let out = run_zone(command, &file);
            let what = format!("{command:?} {name}");
            // The error cap (100) bounds the diagnostics of garbage.
            assert_ended_cleanly(&out, &what, 400_000);
            if out.status.code() == Some(1) && *name != "bom.zone" && *name != "blank.zone" {
                let all = all_output(&out);
                assert!(
                    // Whole-file problems (an empty zone has no SOA) name the file alone.
                    all.contains(&format!("{name}:"))
                        || all.contains(&format!("--> {file}\n"))
                        || all.contains("\"line\":"),
                    "{what}: an error without a place\n{}",
                    shorten(&all)
                );
            }
        }
        // `check` knows what each one is.
        let out = run_zone(&["check"], &file);
        match *name {
            "garbage.zone" | "nul.zone" | "empty.zone" | "blank.zone" => {
                assert_eq!(out.status.code(), Some(1), "{name}")
            }
            _ => assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr)),
        }
    }
}

#[test]
fn many_records_at_one_owner_are_checked_and_sorted() {
    let inputs = Inputs::new();
    let mut body = Vec::new();
    for i in 0..100_000u32 {
        body.extend_from_slice(
            format!("www A 10.{}.{}.{}\n", i >> 16, (i >> 8) & 255, i & 255).as_bytes(),
        );
    }
    let file = inputs.file("owner.zone", &zone(&body));
    let out = run_zone(&["check", "--profile", "cloudflare"], &file);
    assert_ended_cleanly(&out, "check --profile cloudflare", 50_000);
    // Free plans hold 1000 records: the quota is the error, at the record that passes it.
    assert_eq!(out.status.code(), Some(1));
    let out = run_zone(&["fmt", "--sort"], &file);
    assert_ended_cleanly(&out, "fmt --sort", 50_000);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let formatted = text(&out.stdout);
    assert_eq!(
        formatted.matches(" A ").count(),
        100_001,
        "every record kept"
    );
}

/// The caret of a diagnostic sits under the text its byte column names, whatever the bytes
/// before it: invalid UTF-8 (each byte shown as one U+FFFD), a U+FFFD written in the file
/// (three bytes), and a line cut inside a character.
#[test]
fn carets_sit_under_their_text_after_invalid_utf8() {
    let inputs = Inputs::new();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "invalid.zone",
            zone(b"\xff\xfe\xe9\xc3 A 1.2.3.x\n"),
            "1.2.3.x",
        ),
        (
            "replacement.zone",
            zone("x\u{FFFD}y A 1.2.3.y\n".as_bytes()),
            "1.2.3.y",
        ),
        ("latin1.zone", zone(b"caf\xe9 A 1.2.3.z\n"), "1.2.3.z"),
    ];
    for (name, bytes, bad) in &cases {
        let file = inputs.file(name, bytes);
        let out = run_zone(&["check"], &file);
        assert_ended_cleanly(&out, name, 10_000);
        let stderr = text(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        let source = lines
            .iter()
            .position(|l| l.starts_with("6 | "))
            .unwrap_or_else(|| panic!("{name}: no source line\n{stderr}"));
        let shown: Vec<char> = lines[source].chars().collect();
        let carets: Vec<char> = lines[source + 1].chars().collect();
        let want = lines[source]
            .find(bad)
            .map(|b| lines[source][..b].chars().count());
        let got = carets.iter().position(|&c| c == '^');
        assert_eq!(got, want, "{name}: caret misplaced\n{stderr}");
        assert_eq!(
            carets.iter().filter(|&&c| c == '^').count(),
            bad.len(),
            "{name}: the underline covers the bad text\n{stderr}"
        );
        assert!(shown.len() < 100, "{name}");
    }

    // A line shown shortened inside a two-byte character: no half character is shown.
    let mut line = b"www  A ".to_vec();
    for _ in 0..400 {
        line.extend_from_slice("é".as_bytes());
    }
    line.push(b'\n');
    let file = inputs.file("cut.zone", &zone(&line));
    let out = run_zone(&["check"], &file);
    assert_ended_cleanly(&out, "cut.zone", 10_000);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("cut.zone:6:8"), "{stderr}");
    assert!(!stderr.contains('\u{FFFD}'), "{stderr}");
}

/// An error far along a long line (shown shortened to 400 bytes) is marked after the shown
/// text with its column; it used to be preceded by as many blanks as the column (900 KB here,
/// for every such error).
#[test]
fn an_error_past_the_shown_part_of_a_long_line_is_marked_with_its_column() {
    let inputs = Inputs::new();
    let mut line = b"www A 192.0.2.1".to_vec();
    line.resize(line.len() + 900_000, b' ');
    line.extend_from_slice(b"garbage\n");
    let file = inputs.file("far.zone", &zone(&line));
    for command in [&["check"][..], &["fmt"], &["to-json"], &["stats"]] {
        let out = run_zone(command, &file);
        let what = format!("{command:?}");
        assert_ended_cleanly(&out, &what, 10_000);
        assert_error_at(&out, &what, "ZF0108", "far.zone", 6, 900_016);
        assert!(
            text(&out.stderr).contains("^ column 900016"),
            "{what}: {}",
            text(&out.stderr)
        );
    }
}

/// Runs `from-json` on `bytes` (as a file named `name`).
fn from_json(inputs: &Inputs, name: &str, bytes: &[u8]) -> Output {
    let file = inputs.file(name, bytes);
    let out = run(&["from-json", "--origin", "example.com", &file]);
    assert_ended_cleanly(&out, name, 100_000);
    out
}

fn record(name: &str, rtype: &str, content: &str) -> String {
    format!(r#"{{"name":"{name}","type":"{rtype}","content":"{content}","ttl":300}}"#)
}

#[test]
fn from_json_refuses_hostile_json_with_a_place() {
    let inputs = Inputs::new();
    let a = record("www.example.com", "A", "192.0.2.1");
    let huge = "a".repeat(50_000_000);
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "arrays.json",
            "[".repeat(100_000).into_bytes(),
            "ZF3104",
            "arrays.json:1:",
        ),
        (
            "objects.json",
            r#"{"a":"#.repeat(100_000).into_bytes(),
            "ZF3104",
            "objects.json:1:",
        ),
        (
            "closed.json",
            ["[".repeat(100_000), "]".repeat(100_000)]
                .concat()
                .into_bytes(),
            "recursion limit",
            "closed.json:1:",
        ),
        (
            "string.json",
            format!(r#"[{{"name":"www.example.com","type":"TXT","content":"{huge}","ttl":300}}]"#)
                .into_bytes(),
            "ZF0151",
            "string.json:1:2",
        ),
        (
            "wrongstring.json",
            format!(
                r#"[{{"name":"www.example.com","type":"A","content":"192.0.2.1","ttl":"{huge}"}}]"#
            )
            .into_bytes(),
            "invalid type: string",
            "wrongstring.json:1:2",
        ),
        (
            "exponent.json",
            br#"[{"name":"www.example.com","type":"A","content":"192.0.2.1","ttl":1e999999}]"#
                .to_vec(),
            "number out of range",
            "exponent.json:1:74",
        ),
        (
            "digits.json",
            format!(
                r#"[{{"name":"www.example.com","type":"A","content":"192.0.2.1","ttl":{}}}]"#,
                "9".repeat(100_000)
            )
            .into_bytes(),
            "ZF3104",
            "digits.json:1:",
        ),
        (
            "utf8.json",
            b"[{\"name\":\"www.example.com\",\"type\":\"A\",\"content\":\"192.0.2.\xff\"}]"
                .to_vec(),
            "not UTF-8",
            "utf8.json:1:58",
        ),
        (
            "nul.json",
            b"[{\"name\":\"www\x00.example.com\",\"type\":\"A\",\"content\":\"192.0.2.1\"}]"
                .to_vec(),
            "control character",
            "nul.json:1:13",
        ),
        (
            "escapednul.json",
            format!("[{}]", record(r"www\u0000.example.com", "A", "192.0.2.1")).into_bytes(),
            "control character",
            "escapednul.json:1:2",
        ),
        (
            "surrogate.json",
            format!("[{}]", record("www.example.com", "TXT", r"\ud800")).into_bytes(),
            "not valid JSON",
            "surrogate.json:1:",
        ),
        (
            "longname.json",
            format!("[{}]", record(&"a".repeat(1_000_000), "A", "192.0.2.1")).into_bytes(),
            "label longer than 63 octets",
            "longname.json:1:2",
        ),
        (
            "txt.json",
            format!(
                "[{}]",
                record(
                    "www.example.com",
                    "TXT",
                    &format!(r#"\"{}\""#, "a".repeat(1_000_000))
                )
            )
            .into_bytes(),
            "ZF0151",
            "txt.json:1:2",
        ),
        (
            "number.json",
            b"42".to_vec(),
            "a JSON object was expected",
            "number.json:1:1",
        ),
        (
            "string-root.json",
            b"\"zone\"".to_vec(),
            "a JSON object was expected",
            "string-root.json:1:1",
        ),
        (
            "null.json",
            b"null".to_vec(),
            "a JSON object was expected",
            "null.json:1:1",
        ),
        (
            "answer.json",
            format!(r#"{{"success":false,"errors":[{{"message":"{huge}"}}],"result":[{a}]}}"#)
                .into_bytes(),
            "failed API answer",
            "answer.json:1:1",
        ),
    ];
    for (name, bytes, expected, place) in &cases {
        let out = from_json(&inputs, name, bytes);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", shorten(&stderr));
        assert!(stderr.contains(expected), "{name}: {}", shorten(&stderr));
        assert!(stderr.contains(place), "{name}: {}", shorten(&stderr));
        // What was refused is not written out.
        assert!(out.stdout.len() < 10_000, "{name}");
    }
}

#[test]
fn from_json_wrong_types_everywhere_are_reported_capped() {
    let inputs = Inputs::new();
    let fields = [
        "name",
        "type",
        "content",
        "ttl",
        "proxied",
        "comment",
        "tags",
        "priority",
        "data",
        "id",
        "zone_name",
        "settings",
    ];
    let values = [
        "null",
        "true",
        "1",
        "-1",
        "1.5",
        "\"s\"",
        "[]",
        "[1]",
        "{}",
        "{\"x\":1}",
        "1180591620717411303424",
    ];
    let mut records = Vec::new();
    for field in fields.iter().cycle().take(fields.len() * 3) {
        for value in values {
            let mut r = serde_json::json!({
                "name": "www.example.com", "type": "SRV", "ttl": 300,
                "data": {"priority": 1, "weight": 2, "port": 3, "target": "t.example.com"},
            });
            r[*field] = serde_json::from_str(value).unwrap();
            records.push(r.to_string());
        }
    }
    let count = records.len();
    let out = from_json(
        &inputs,
        "types.json",
        format!("[{}]", records.join(",")).as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let reported = stderr.matches("error[").count();
    assert!(reported > 50 && reported <= 101, "{reported} of {count}");
    assert!(stderr.contains("more problems"), "{}", shorten(&stderr));
    // The same as JSON Lines: one record a line, each error on its own line.
    let out = from_json(&inputs, "types.jsonl", records.join("\n").as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("types.jsonl:2:1"));
}

#[test]
fn from_json_a_million_elements() {
    let inputs = Inputs::new();
    // A million elements that are not records: the first hundred are reported, then a count.
    let nulls = format!("[{}]", vec!["null"; 1_000_000].join(","));
    let out = from_json(&inputs, "nulls.json", nulls.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr.matches("error[").count(),
        101,
        "{}",
        shorten(&stderr)
    );
    assert!(
        stderr.contains("999900 more records did not read"),
        "{}",
        shorten(&stderr)
    );
    // A hundred thousand records convert, each built and converted in turn.
    let records: Vec<String> = (0..100_000u32)
        .map(|i| {
            record(
                &format!("h{i}.example.com"),
                "A",
                &format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255),
            )
        })
        .collect();
    let out = from_json(
        &inputs,
        "many.json",
        format!("[{}]", records.join(",")).as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).matches("\tIN\tA\t").count(), 100_000);
}

#[test]
fn from_json_duplicate_keys_take_the_last_value() {
    let inputs = Inputs::new();
    let out = from_json(
        &inputs,
        "dup.json",
        br#"[{"name":"www.example.com","type":"A","content":"192.0.2.1","content":"192.0.2.2","ttl":300}]"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let zone = text(&out.stdout);
    assert!(zone.contains("\tA\t192.0.2.2"), "{zone}");
    assert!(!zone.contains("192.0.2.1"), "{zone}");
}

#[test]
fn from_json_empty_input_is_an_empty_zone() {
    let inputs = Inputs::new();
    for (name, bytes) in [("empty.json", &b""[..]), ("blank.json", b" \n\n\t")] {
        let out = from_json(&inputs, name, bytes);
        assert_eq!(out.status.code(), Some(0), "{name}");
        assert!(text(&out.stdout).starts_with(";;\n;; Domain:     example.com."));
    }
}

/// `plan` reads its file with the same caps before it asks the API anything.
#[test]
fn plan_refuses_hostile_files_with_a_place() {
    let emulator = Emulator::start(Config::default()).expect("emulator starts");
    emulator.add_zone("example.com", Plan::Free);
    let inputs = Inputs::new();
    let mut long_line = b"www A ".to_vec();
    long_line.resize(10_000_000, b'1');
    let mut comment = b"www A 192.0.2.1 ; ".to_vec();
    comment.resize(comment.len() + 500_000, b'c');
    comment.extend_from_slice(b" cf_tags=");
    for i in 0..10_000 {
        comment.extend_from_slice(format!("t{i}:v,").as_bytes());
    }
    comment.extend_from_slice(b"cf-proxied:true\n");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("long.zone", zone(&long_line)),
        (
            "nested.zone",
            zone(&[b"www TXT ".to_vec(), b"(".repeat(100_000)].concat()),
        ),
        ("badutf8.zone", zone(b"\xff\xfe A 1.2.3.x\n")),
        ("comment.zone", zone(&comment)),
    ];
    for (name, bytes) in &cases {
        let file = inputs.file(name, bytes);
        let out = support::zonefmt_env(
            &["plan", "--zone", "example.com", &file],
            "",
            &[
                ("CLOUDFLARE_EMAIL", None),
                ("CLOUDFLARE_API_KEY", None),
                ("CLOUDFLARE_API_TOKEN", Some(DEFAULT_TOKEN)),
                ("CLOUDFLARE_BASE_URL", Some(emulator.base_url().as_str())),
            ],
        );
        assert_ended_cleanly(&out, name, 50_000);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(&format!("{name}:6:")),
            "{name}: {}",
            shorten(&text(&out.stderr))
        );
    }
}

/// `fmt` on empty lines (2 MB here): the syntax tree held a node and an element per line
/// (3.6 GB and 22 s for 20 MB with `--sort`); a run of blank lines is now one node. Memory is
/// not asserted (no timed or measured tests): the tree's own test checks that the run is one
/// node, this one that the command still gives the right answer on such a file.
#[test]
fn fmt_of_millions_of_empty_lines_gives_an_empty_file() {
    let inputs = Inputs::new();
    let file = inputs.file("blank.zone", &vec![b'\n'; 2_000_000]);
    let out = run_zone(&["fmt", "--sort"], &file);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
}

/// `check` on 20,000 distinct CNAMEs at one name, and on a chain of 20,000 CNAMEs: each CNAME
/// after the first was compared with every earlier one (200,000 took minutes), and each link of
/// the chain followed the chain again (a 100,000-link chain took 24 s and 370 MB, and wrote
/// 164 MB of warnings). Now: the extra CNAMEs at the name are reported (1,000 of them, and a
/// note that counts the others), and the chain once, at its start.
#[test]
fn many_cnames_at_one_name_and_a_long_chain_are_checked() {
    let inputs = Inputs::new();
    let mut body = Vec::new();
    for i in 0..20_000u32 {
        body.extend_from_slice(format!("www CNAME t{i}\n").as_bytes());
    }
    let file = inputs.file("cnames.zone", &zone(&body));
    let out = run_zone(&["check", "--format", "json"], &file);
    assert_ended_cleanly(&out, "many CNAMEs", 1000);
    let json = text(&out.stdout);
    // The first 1,000 are shown, and one note counts the others from the first of them on.
    assert_eq!(json.matches("\"code\":\"ZF0142\"").count(), 1001);
    assert!(
        json.contains("\"line\":1006,"),
        "the 1,000th extra CNAME is shown"
    );
    assert!(json.contains(
        "18999 more ZF0142 findings are not shown (from here on; at most 1000 of each code are)"
    ));

    let mut body = Vec::new();
    for i in 0..20_000u32 {
        body.extend_from_slice(format!("c{i} CNAME c{}\n", i + 1).as_bytes());
    }
    body.extend_from_slice(b"c20000 A 192.0.2.1\n");
    let file = inputs.file("chain.zone", &zone(&body));
    let out = run_zone(&["check"], &file);
    assert_ended_cleanly(&out, "chain", 5000);
    assert_eq!(out.status.code(), Some(0));
    let all = all_output(&out);
    assert_eq!(
        all.matches("warning[ZF2040]").count(),
        1,
        "{}",
        shorten(&all)
    );
    assert!(all.contains("chain.zone:6:10"), "{}", shorten(&all));
    assert!(all.contains("→ … (19984 more CNAMEs)"), "{}", shorten(&all));
}

/// Every record a finding: three `$GENERATE` lines making the same 10,000 records give 20,000
/// duplicates (ZF2050). Each finding was kept until the end and written (30 such lines of
/// 65,536 made 1.9 million: 2 GB, 42 s and 700 MB of output from a 1 KB file); now 1,000 are
/// shown and one note counts the others.
#[test]
fn a_finding_on_every_record_is_shown_a_thousand_times_and_counted() {
    let inputs = Inputs::new();
    let body = b"$GENERATE 0-9999 g$ A 192.0.2.1\n".repeat(3);
    let file = inputs.file("generate.zone", &zone(&body));
    for format in ["human", "json"] {
        let out = run_zone(&["check", "--format", format], &file);
        assert_ended_cleanly(&out, format, 2_000_000);
        assert_eq!(out.status.code(), Some(0), "warnings only");
        let all = all_output(&out);
        let shown = all.matches("ZF2050").count();
        assert!(
            (1001..=1003).contains(&shown),
            "{format}: {shown} mentions of ZF2050"
        );
        assert!(
            all.contains("19000 more ZF2050 findings are not shown"),
            "{format}: {}",
            shorten(&all)
        );
        assert!(all.len() < 2_000_000, "{format}: {} bytes", all.len());
    }
}

/// `expand` applies the zone load rules per record: a CNAME beside 1,500 other records at its
/// name is 1,500 ZF0141 errors, of which 1,000 are shown and one note counts the others (as in
/// `check`); the exit status stays 1 and every record that loads is still written.
#[test]
fn expand_shows_a_thousand_findings_of_a_code_and_counts_the_rest() {
    let inputs = Inputs::new();
    let mut body = b"alias CNAME www\n".to_vec();
    for i in 0..1500 {
        body.extend(format!("alias TXT \"t{i}\"\n").as_bytes());
    }
    let file = inputs.file("cname-and-other.zone", &zone(&body));
    let out = run_zone(&["expand"], &file);
    assert_ended_cleanly(&out, "expand", 2_000_000);
    assert_eq!(out.status.code(), Some(1));
    let errors = text(&out.stderr);
    assert_eq!(
        errors.matches("error[ZF0141]").count(),
        1001,
        "{}",
        shorten(&errors)
    );
    assert!(
        errors.contains("500 more ZF0141 findings are not shown"),
        "{}",
        shorten(&errors)
    );
}
