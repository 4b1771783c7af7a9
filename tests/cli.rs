//! The `zonefmt` binary: exit codes, and data on stdout with diagnostics on stderr.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn zonefmt(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonefmt"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zonefmt runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

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
        &["expand", "--origin", "example.", "-"],
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
        "@ SOA ns hm 1 2 3 4 5\n",
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
    let out = zonefmt(&["fmt", "x.zone"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not implemented yet"));
}
