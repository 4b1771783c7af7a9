//! The `zonefmt` binary: exit codes, and data on stdout with diagnostics on stderr.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use support::{text, zonefmt};

#[test]
fn expand_prints_records_only_on_stdout() {
    let out = zonefmt(
        &["expand", "--origin", "example.com", "-"],
        "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n  NS ns\nns A 192.0.2.1\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "example.com.\t300\tIN\tSOA\tns.example.com. hm.example.com. 1 2 3 4 5\n\
         example.com.\t300\tIN\tNS\tns.example.com.\n\
         ns.example.com.\t300\tIN\tA\t192.0.2.1\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn expand_reports_errors_rustc_style_and_exits_1() {
    let out = zonefmt(
        &["expand", "--fragment", "--origin", "example.", "-"],
        "$TTL 1\nok A 192.0.2.1\nwww A 192.0.2.256\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "ok.example.\t1\tIN\tA\t192.0.2.1\n");
    assert_eq!(
        text(&out.stderr),
        "error[ZF0106]: invalid IPv4 address \"192.0.2.256\" in A record\n \
         --> -:3:7\n  |\n3 | www A 192.0.2.256\n  |       ^^^^^^^^^^^\n"
    );
}

#[test]
fn warnings_do_not_fail() {
    let out = zonefmt(
        &["expand", "--origin", "example.", "-"],
        "@ SOA ns hm 1 2 3 4 5\n@ NS ns\n",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).starts_with("warning[ZF0134]"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let out = zonefmt(&["expand"], "");
    assert_eq!(out.status.code(), Some(2));
    let out = zonefmt(&["expand", "/nonexistent/zone.db"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("/nonexistent/zone.db"),
        "{}",
        text(&out.stderr)
    );
    let out = zonefmt(&["expand", "--origin", "a..b", "-"], "");
    assert_eq!(out.status.code(), Some(2));
    let out = zonefmt(&["no-such-command"], "");
    assert_eq!(out.status.code(), Some(2));
    let out = zonefmt(&["to-json", "/nonexistent/x.zone"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("/nonexistent/x.zone"));
}

/// Text from the input (a file name here, a zone's own bytes in diagnostics) reaches the
/// terminal with its control bytes escaped, never raw.
#[test]
fn control_bytes_never_reach_the_terminal_raw() {
    let out = zonefmt(&["stats", "/nonexistent/\x1b[2J.zone"], "");
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("/nonexistent/\\027[2J.zone"), "{stderr}");
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    let zone = "$ORIGIN example.com.\nwww IN A 192.0.2.\x1b[1mX\x07\n";
    let out = zonefmt(&["expand", "-"], zone);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(r#""192.0.2.\027[1mX\007""#), "{stderr}");
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\x07'),
        "{stderr:?}"
    );
}

#[test]
fn expand_applies_the_zone_load_rules() {
    let zone = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nwww CNAME @\nwww A 192.0.2.1\nother. A 192.0.2.2\n";
    let out = zonefmt(&["expand", "--origin", "example.", "-"], zone);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    assert!(!stdout.contains("other."), "out-of-zone record dropped");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning[ZF0140]: other. is outside the zone example."),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[ZF0141]: www.example. has a CNAME and other data (A)"),
        "{stderr}"
    );
    // As a fragment the same text is only read, not judged as a zone.
    let out = zonefmt(&["expand", "--fragment", "--origin", "example.", "-"], zone);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout).lines().count(), 5);
}

#[test]
fn check_reports_per_file_and_exits_1_on_errors() {
    let out = zonefmt(
        &["check", "--origin", "example.", "-"],
        "$TTL 1\n@ SOA ns hm 1 7200 900 1209600 3600\n@ NS ns\nns A 192.0.2.1\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "example: 0 errors, 0 warnings, 3 records\n"
    );
    let out = zonefmt(
        &["check", "--origin", "example.", "-"],
        "$TTL 1\n@ SOA ns hm 1 2 3 4 5\nns A 192.0.2.1\nx A y\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "example: 2 errors, 0 warnings, 2 records\n"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[ZF0106]: invalid IPv4 address \"y\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[ZF0145]: the zone example. has no NS records"),
        "{stderr}"
    );
}

#[test]
fn stats_counts_types() {
    let zone = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\nns2 A 192.0.2.2\n";
    let out = zonefmt(&["stats", "--origin", "example.", "-"], zone);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("records     4\n"), "{stdout}");
    assert!(stdout.contains("owners      3\n"), "{stdout}");
    assert!(stdout.contains("\n  A         2\n"), "{stdout}");
    assert!(
        stdout.contains(&format!("bytes       {}\n", zone.len())),
        "{stdout}"
    );
}

#[test]
fn stats_counts_each_owner_once_whatever_its_case_and_order() {
    let zone = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n NS ns\nns A 192.0.2.1\nwww A 192.0.2.2\n\
                NS.example. AAAA 2001:db8::1\nWWW TXT x\n\t TXT y\nexample. MX 1 ns\n";
    let out = zonefmt(&["stats", "--origin", "example.", "-"], zone);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("records     8\n"), "{stdout}");
    // example., ns.example., www.example.
    assert!(stdout.contains("owners      3\n"), "{stdout}");
    assert!(stdout.contains("\n  TXT       2\n"), "{stdout}");
    assert!(stdout.contains("throughput  "), "{stdout}");
}

#[test]
fn broken_pipe_is_success() {
    let zone = "$TTL 1\n$GENERATE 1-60000 h$ A 192.0.2.1\n";
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonefmt"))
        .args(["expand", "--fragment", "--origin", "example.", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(zone.as_bytes())
        .unwrap();
    // Read a little, then close our end of the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn check_goes_on_after_an_unreadable_file_and_exits_2() {
    let out = zonefmt(
        &["check", "--origin", "example.", "/nonexistent/a.db", "-"],
        "$TTL 3600\n@ SOA ns hm 1 7200 900 1209600 3600\n@ NS ns\nns A 192.0.2.1\n",
    );
    assert_eq!(out.status.code(), Some(2));
    // The unreadable file is reported on stderr; the readable one is still checked.
    assert_eq!(
        text(&out.stdout),
        "example: 0 errors, 0 warnings, 3 records\n",
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("/nonexistent/a.db"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_empty_zone_is_refused_as_a_whole() {
    let out = zonefmt(&["expand", "--origin", "example.", "-"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "error[ZF0144]: the zone has no SOA record at example.\n --> -\n"
    );
    let out = zonefmt(&["expand", "--fragment", "--origin", "example.", "-"], "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_reads_again_only_what_a_finding_needs() {
    // The MX exchange is a CNAME: the finding and its related place need the records of two
    // owners, which the streaming check fetches in a second pass over standard input.
    let zone = "$TTL 1\n@ SOA ns hm 1 7200 900 1209600 3600\n@ NS ns\nns A 192.0.2.1\n@ MX 10 mail\nwww A 192.0.2.2\nmail CNAME www\n";
    let out = zonefmt(
        &["check", "--origin", "example.", "--color", "never", "-"],
        zone,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning[ZF2031]: the MX exchange mail.example. is a CNAME"),
        "{stderr}"
    );
    assert!(stderr.contains(" --> -:5:9"), "{stderr}");
    assert!(
        stderr.contains("7 | mail CNAME www") && stderr.contains("mail.example. is a CNAME here"),
        "the CNAME's place: {stderr}"
    );

    // An RRset split over two files by $INCLUDE: the duplicate across them is found, with both
    // places, and only once.
    let dir = tempfile::tempdir().unwrap();
    let inc = dir.path().join("inc.db");
    std::fs::write(&inc, "www A 192.0.2.2\nns A 192.0.2.1\n").unwrap();
    let main = dir.path().join("main.db");
    std::fs::write(
        &main,
        format!(
            "$TTL 1\n@ SOA ns hm 1 7200 900 1209600 3600\n@ NS ns\nwww A 192.0.2.2\n$INCLUDE {}\nother A 192.0.2.3\n",
            inc.display()
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_zonefmt"))
        .args([
            "check",
            "--origin",
            "example.",
            "--format",
            "json",
            "--include-root",
        ])
        .arg(dir.path())
        .arg(&main)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(lines[0].contains("\"code\":\"ZF2050\""), "{stdout}");
    assert!(lines[0].contains("inc.db"), "{stdout}");
    assert!(lines[0].contains("main.db"), "the first copy: {stdout}");
}
