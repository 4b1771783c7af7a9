//! Hostile input: every file here must end in a clear error (with a code and a location) or a
//! correct result, quickly and in bounded memory. These tests assert on results; a cap that
//! failed to trip would show up as a hang or an out-of-memory in CI rather than a silent pass.

mod support;

use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use zonefmt::zonefile::{read_str, Item, Reader, ReaderOptions, Zone};
use zonefmt::{Diagnostic, ErrorCode, Severity};

fn options() -> ReaderOptions {
    ReaderOptions::with_origin("example.").unwrap()
}

/// Everything the reader yields for `bytes` read from memory.
fn read_bytes(bytes: &[u8], options: ReaderOptions) -> Vec<Item> {
    Reader::from_bytes(bytes, None, options).collect()
}

/// Everything the reader yields for `bytes` streamed in pieces (as from a pipe).
fn read_streamed(bytes: &[u8], piece: usize, options: ReaderOptions) -> Vec<Item> {
    struct Pieces<'a>(&'a [u8], usize);
    impl Read for Pieces<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            let (head, tail) = self.0.split_at(n);
            buf[..n].copy_from_slice(head);
            self.0 = tail;
            Ok(n)
        }
    }
    Reader::from_read(Pieces(bytes, piece), None, options).collect()
}

fn error_items(items: &[Item]) -> Vec<&Diagnostic> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Diagnostic(d) if d.severity == Severity::Error => Some(d),
            _ => None,
        })
        .collect()
}

fn record_count(items: &[Item]) -> usize {
    items
        .iter()
        .filter(|i| matches!(i, Item::Record(_)))
        .count()
}

/// A fresh directory under the system's temporary directory.
fn temp_dir(tag: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "zonefmt-hostile-{}-{tag}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Asserts that no diagnostic repeats any of `secret`'s text.
fn assert_not_echoed(diagnostics: &[Diagnostic], secret: &str) {
    for d in diagnostics {
        let shown = format!(
            "{} {} {} {:?}",
            d.message,
            d.source_line.as_deref().unwrap_or(""),
            d.help.as_deref().unwrap_or(""),
            d.related
        );
        assert!(
            !shown.contains(secret),
            "a diagnostic repeats the included file's content: {shown}"
        );
    }
}

#[test]
fn ten_megabyte_line_is_a_limit_error_with_a_location() {
    let mut text = b"$TTL 1\nok A 192.0.2.1\nbig TXT ".to_vec();
    text.extend(std::iter::repeat_n(b'x', 10 << 20));
    text.extend_from_slice(b"\nafter A 192.0.2.2\n");
    for items in [
        read_bytes(&text, options()),
        read_streamed(&text, 64 << 10, options()),
    ] {
        assert_eq!(
            record_count(&items),
            1,
            "only the record before the long line"
        );
        let errors = error_items(&items);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let e = errors[0];
        assert_eq!(e.code, ErrorCode::Limit);
        assert!(
            e.message.contains("longer than 1048576 bytes"),
            "{}",
            e.message
        );
        assert_eq!(e.location.line, 3);
        // The diagnostic quotes a bounded part of the line, not 10 MB of it.
        assert!(e.source_line.as_ref().is_none_or(|s| s.len() <= 400));
    }
}

#[test]
fn ten_megabyte_comment_line_is_treated_alike_in_memory_and_streamed() {
    let mut text = b"$TTL 1\nok A 192.0.2.1\n;".to_vec();
    text.extend(std::iter::repeat_n(b'c', 10 << 20));
    text.extend_from_slice(b"\nafter A 192.0.2.2\n");
    let whole = read_bytes(&text, options());
    let streamed = read_streamed(&text, 1 << 20, options());
    assert_eq!(whole, streamed);
    assert_eq!(error_items(&whole)[0].code, ErrorCode::Limit);
}

#[test]
fn many_tokens_on_one_line_is_a_limit_error() {
    let mut text = b"$TTL 1\nx TXT".to_vec();
    for _ in 0..200_000 {
        text.extend_from_slice(b" a");
    }
    text.extend_from_slice(b"\ny A 192.0.2.1\n");
    let items = read_bytes(&text, options());
    let errors = error_items(&items);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, ErrorCode::Limit);
    assert!(
        errors[0].message.contains("tokens"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].location.line, 2);
    // Reading goes on after the broken entry.
    assert_eq!(record_count(&items), 1);
}

#[test]
fn hundred_thousand_nested_parentheses() {
    let depth = 100_000;
    let mut text = b"$TTL 1\nx TXT ".to_vec();
    text.extend(std::iter::repeat_n(b'(', depth));
    text.extend_from_slice(b" a ");
    text.extend(std::iter::repeat_n(b')', depth));
    text.extend_from_slice(b"\ny A 192.0.2.1\n");
    let items = read_bytes(&text, options());
    let errors = error_items(&items);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].code, ErrorCode::Parentheses);
    assert!(
        errors[0].message.contains("nested more than"),
        "{}",
        errors[0].message
    );
    // The error points at the first parenthesis past the cap, on line 2.
    let cap = ReaderOptions::default().max_paren_depth;
    assert_eq!(errors[0].location.line, 2);
    assert_eq!(errors[0].location.column as usize, "x TXT ".len() + cap + 1);
    // The next line is read normally.
    assert_eq!(record_count(&items), 1);
    // Nesting within the cap is accepted, as BIND accepts it.
    let zone = read_str("$TTL 1\nx TXT ((( \"a\" ) b ))\n", &options());
    assert!(!zone.has_errors(), "{:?}", zone.diagnostics);
    assert_eq!(
        zone.records[0].to_string(),
        "x.example.\t1\tIN\tTXT\t\"a\" \"b\""
    );
}

#[test]
fn include_is_refused_without_a_granted_directory() {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let zone = read_str("$TTL 1\n$INCLUDE /etc/passwd\nx A 192.0.2.1\n", &options());
    let errors: Vec<_> = zone
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, ErrorCode::IncludeNotAllowed);
    assert_eq!(errors[0].location.line, 2);
    assert_eq!(zone.records.len(), 1);
    for line in passwd.lines().filter(|l| !l.is_empty()) {
        assert_not_echoed(&zone.diagnostics, line);
    }
}

/// A granted directory `root` holding `zone.db`, and a secret file next to it (outside).
struct Sandbox {
    dir: PathBuf,
    root: PathBuf,
    secret: PathBuf,
}

const SECRET: &str = "top-secret-line-that-must-not-leak";

impl Sandbox {
    fn new(tag: &str) -> Sandbox {
        let dir = temp_dir(tag);
        let root = dir.join("root");
        std::fs::create_dir_all(&root).unwrap();
        let secret = dir.join("secret.db");
        std::fs::write(&secret, format!("{SECRET} A 192.0.2.9\n")).unwrap();
        Sandbox { dir, root, secret }
    }

    fn options(&self) -> ReaderOptions {
        ReaderOptions {
            include_root: Some(self.root.clone()),
            ..options()
        }
    }

    /// Writes `text` to `root/name` and reads it.
    fn read(&self, name: &str, text: &str) -> Zone {
        let path = self.root.join(name);
        std::fs::write(&path, text).unwrap();
        Zone::collect(Reader::open(&path, self.options()).unwrap())
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn only_error(zone: &Zone) -> &Diagnostic {
    let errors: Vec<_> = zone
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:#?}", zone.diagnostics);
    errors[0]
}

#[test]
fn include_outside_the_granted_directory_is_refused() {
    let sandbox = Sandbox::new("outside");
    let secret = sandbox.secret.display().to_string();
    let through_dotdot = format!("{}/../secret.db", sandbox.root.display());
    for target in [
        "/etc/passwd".to_string(),
        secret.clone(),
        through_dotdot,
        "../secret.db".to_string(),
        "../../../../../../../../etc/passwd".to_string(),
    ] {
        let zone = sandbox.read(
            "zone.db",
            &format!("$TTL 1\n$INCLUDE {target}\nx A 192.0.2.1\n"),
        );
        let e = only_error(&zone);
        assert_eq!(e.code, ErrorCode::IncludeOutsideRoot, "{target}: {e:?}");
        assert_eq!(e.location.line, 2);
        assert_eq!(zone.records.len(), 1, "{target}");
        assert_not_echoed(&zone.diagnostics, SECRET);
        assert_not_echoed(&zone.diagnostics, "root:x:0:0");
    }
}

#[cfg(unix)]
#[test]
fn include_through_a_symbolic_link_out_of_the_directory_is_refused() {
    let sandbox = Sandbox::new("symlink");
    std::os::unix::fs::symlink(&sandbox.secret, sandbox.root.join("link.db")).unwrap();
    std::os::unix::fs::symlink(&sandbox.dir, sandbox.root.join("up")).unwrap();
    for target in ["link.db", "up/secret.db"] {
        let path = sandbox.root.join(target).display().to_string();
        let zone = sandbox.read("zone.db", &format!("$TTL 1\n$INCLUDE {path}\n"));
        assert_eq!(only_error(&zone).code, ErrorCode::IncludeOutsideRoot);
        assert!(zone.records.is_empty());
        assert_not_echoed(&zone.diagnostics, SECRET);
    }
}

#[test]
fn include_inside_the_granted_directory_works() {
    let sandbox = Sandbox::new("inside");
    std::fs::write(sandbox.root.join("part.db"), "www A 192.0.2.1\n").unwrap();
    let part = sandbox.root.join("part.db").display().to_string();
    let zone = sandbox.read("zone.db", &format!("$TTL 1\n$INCLUDE {part}\n"));
    assert!(!zone.has_errors(), "{:?}", zone.diagnostics);
    assert_eq!(
        zone.records[0].to_string(),
        "www.example.\t1\tIN\tA\t192.0.2.1"
    );
}

#[test]
fn self_including_and_mutually_including_files_end_with_an_error() {
    let sandbox = Sandbox::new("loop");
    let own = sandbox.root.join("self.db").display().to_string();
    let zone = sandbox.read(
        "self.db",
        &format!("$TTL 1\na A 192.0.2.1\n$INCLUDE {own}\nb A 192.0.2.2\n"),
    );
    let e = only_error(&zone);
    assert_eq!(e.code, ErrorCode::IncludeDepth);
    assert!(e.message.contains("includes itself"), "{}", e.message);
    assert_eq!(e.location.line, 3);
    assert_eq!(zone.records.len(), 2);

    let one = sandbox.root.join("one.db").display().to_string();
    let two = sandbox.root.join("two.db").display().to_string();
    std::fs::write(&two, format!("b A 192.0.2.2\n$INCLUDE {one}\n")).unwrap();
    let zone = sandbox.read(
        "one.db",
        &format!("$TTL 1\na A 192.0.2.1\n$INCLUDE {two}\n"),
    );
    assert_eq!(only_error(&zone).code, ErrorCode::IncludeDepth);
    assert_eq!(zone.records.len(), 2);
}

#[test]
fn include_depth_is_capped() {
    let sandbox = Sandbox::new("depth");
    let cap = ReaderOptions::default().max_include_depth;
    let files = cap + 5;
    for i in 1..files {
        let next = sandbox
            .root
            .join(format!("f{}.db", i + 1))
            .display()
            .to_string();
        std::fs::write(
            sandbox.root.join(format!("f{i}.db")),
            format!("n{i} A 192.0.2.1\n$INCLUDE {next}\n"),
        )
        .unwrap();
    }
    std::fs::write(
        sandbox.root.join(format!("f{files}.db")),
        "last A 192.0.2.1\n",
    )
    .unwrap();
    let first = sandbox.root.join("f1.db").display().to_string();
    let zone = sandbox.read("f0.db", &format!("$TTL 1\n$INCLUDE {first}\n"));
    let e = only_error(&zone);
    assert_eq!(e.code, ErrorCode::IncludeDepth);
    assert!(
        e.message.contains(&format!("more than {cap} deep")),
        "{}",
        e.message
    );
    // Every file up to the cap was read; none below it.
    assert_eq!(zone.records.len(), cap);
}

#[test]
fn generate_over_the_whole_u32_range_is_refused_at_once() {
    let items = read_bytes(
        b"$TTL 1\n$GENERATE 0-4294967295 h$ A 192.0.2.1\nx A 192.0.2.1\n",
        options(),
    );
    let errors = error_items(&items);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, ErrorCode::BadGenerate);
    assert_eq!(
        (errors[0].location.line, errors[0].location.column),
        (2, 11)
    );
    assert_eq!(record_count(&items), 1);
    // The largest range BIND accepts is still far above the cap.
    let items = read_bytes(
        b"$TTL 1\n$GENERATE 0-2147483647 h$ A 192.0.2.1\n",
        options(),
    );
    let errors = error_items(&items);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, ErrorCode::GenerateLimit);
    assert_eq!(record_count(&items), 0);
    // A step that makes the count small is fine.
    let items = read_bytes(
        b"$TTL 1\n$GENERATE 0-2147483647/1073741824 h$ A 192.0.2.1\n",
        options(),
    );
    assert!(error_items(&items).is_empty());
    assert_eq!(record_count(&items), 2);
}

#[test]
fn nul_bytes_are_data_or_clear_errors() {
    let zone = zonefmt::zonefile::Zone::collect(Reader::from_bytes(
        b"$TTL 1\nx TXT a\x00b\n\x00 A 192.0.2.1\ny A 192.0.2\x00.1\n",
        None,
        options(),
    ));
    // In a character-string NUL is an octet like any other, printed as \000.
    assert_eq!(
        zone.records[0].to_string(),
        "x.example.\t1\tIN\tTXT\t\"a\\000b\""
    );
    // In a name too (one label holding octet 0), as BIND reads it.
    assert_eq!(zone.records[1].owner.to_string(), "\\000.example.");
    let e = only_error(&zone);
    assert_eq!(e.code, ErrorCode::BadField);
    assert_eq!(e.location.line, 4);
}

#[test]
fn invalid_utf8_is_read_as_octets() {
    let zone = zonefmt::zonefile::Zone::collect(Reader::from_bytes(
        b"$TTL 1\nx TXT \xff\xfe\"\xc3\x28\"\n\xe9t\xe9 A 192.0.2.1\nz A \xff\n",
        None,
        options(),
    ));
    assert_eq!(zone.records.len(), 2, "{:?}", zone.diagnostics);
    assert_eq!(
        zone.records[0].to_string(),
        "x.example.\t1\tIN\tTXT\t\"\\255\\254\" \"\\195(\""
    );
    assert_eq!(zone.records[1].owner.to_string(), "\\233t\\233.example.");
    let e = only_error(&zone);
    assert_eq!(e.code, ErrorCode::BadField);
    assert_eq!(e.location.line, 4);
    // The message shows the offending text lossily, never panics on it.
    assert!(e.message.contains('\u{fffd}'), "{}", e.message);
}

#[test]
fn binary_garbage_ends_after_the_error_cap() {
    let garbage = support::noise(0x9E37_79B9_7F4A_7C15, 4 << 20);
    for items in [
        read_bytes(&garbage, options()),
        read_streamed(&garbage, 4096, options()),
    ] {
        let cap = ReaderOptions::default().max_errors;
        let errors = error_items(&items);
        assert!(errors.len() <= cap + 1, "{}", errors.len());
        let last = errors.last().unwrap();
        assert!(
            matches!(last.code, ErrorCode::TooManyErrors | ErrorCode::Limit),
            "{last:?}"
        );
        for e in &errors {
            assert!(e.location.line >= 1 && e.location.offset <= garbage.len() as u64);
        }
    }
}

#[test]
fn byte_order_mark_and_crlf_read_like_plain_text() {
    let plain = "$TTL 1\n@ SOA ns hm ( 1 2\n 3 4 5 ) ; c\nwww A 192.0.2.1\n  TXT \"a b\"\n";
    let expected = read_str(plain, &options());
    assert!(!expected.has_errors());
    assert_eq!(expected.records.len(), 3);
    let crlf = plain.replace('\n', "\r\n");
    for text in [
        format!("\u{feff}{plain}"),
        crlf.clone(),
        format!("\u{feff}{crlf}"),
    ] {
        let zone = read_str(&text, &options());
        assert!(!zone.has_errors(), "{:?}", zone.diagnostics);
        let got: Vec<String> = zone.records.iter().map(|r| r.to_string()).collect();
        let want: Vec<String> = expected.records.iter().map(|r| r.to_string()).collect();
        assert_eq!(got, want);
    }
}

#[test]
fn unterminated_quote_at_end_of_file() {
    for text in [
        "$TTL 1\nx TXT \"abc",
        "$TTL 1\nx TXT \"abc\\",
        "$TTL 1\nx TXT \"abc\\\"",
    ] {
        let items = read_bytes(text.as_bytes(), options());
        let errors = error_items(&items);
        assert_eq!(errors.len(), 1, "{text:?}");
        assert_eq!(errors[0].code, ErrorCode::UnterminatedString);
        assert_eq!((errors[0].location.line, errors[0].location.column), (2, 7));
        let streamed = read_streamed(text.as_bytes(), 3, options());
        assert_eq!(items, streamed);
    }
}

/// 200,000 distinct A records at one owner, after an SOA and NS.
fn one_owner_zone(records: u32) -> String {
    let mut text = String::from("$TTL 300\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n");
    for i in 0..records {
        let [_, b, c, d] = i.to_be_bytes();
        text.push_str(&format!("big A 10.{b}.{c}.{d}\n"));
    }
    text
}

#[test]
fn two_hundred_thousand_records_at_one_owner() {
    let text = one_owner_zone(200_000);
    let zone = read_str(&text, &options());
    assert!(!zone.has_errors(), "{:?}", zone.diagnostics.first());
    assert_eq!(zone.records.len(), 200_003);
    let big = zonefmt::Name::from_ascii("big.example.").unwrap();
    assert_eq!(
        zone.records.iter().filter(|r| r.owner == big).count(),
        200_000
    );
    assert_eq!(
        zone.records[200_002].to_string(),
        "big.example.\t300\tIN\tA\t10.3.13.63"
    );
}

#[test]
fn empty_inputs_give_empty_zones() {
    for text in [
        "",
        "\n",
        "\u{feff}",
        "   \n\t\n",
        "; only a comment",
        "\r\n\r\n",
    ] {
        let items = read_bytes(text.as_bytes(), options());
        assert!(items.is_empty(), "{text:?}: {items:?}");
    }
}

#[test]
fn record_and_error_caps_stop_reading_with_a_location() {
    let text = one_owner_zone(1000);
    let items = read_bytes(
        text.as_bytes(),
        ReaderOptions {
            max_records: 10,
            ..options()
        },
    );
    assert_eq!(record_count(&items), 10);
    let e = error_items(&items);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, ErrorCode::Limit);
    assert_eq!(e[0].location.line, 12, "the 11th record");

    let bad = "x A bad\n".repeat(1000);
    let items = read_bytes(
        format!("$TTL 1\n{bad}").as_bytes(),
        ReaderOptions {
            max_errors: 5,
            ..options()
        },
    );
    let e = error_items(&items);
    assert_eq!(e.len(), 6);
    assert_eq!(e[5].code, ErrorCode::TooManyErrors);
    assert_eq!(e[5].location.line, 6);
}

#[test]
fn rdata_length_is_capped() {
    let cap = ReaderOptions::default().max_rdata_len;
    // 300 strings of 255 octets: 76,800 octets of rdata.
    let mut text = String::from("$TTL 1\nbig TXT");
    for _ in 0..300 {
        text.push(' ');
        text.push_str(&"x".repeat(255));
    }
    text.push_str("\nok A 192.0.2.1\n");
    let items = read_bytes(text.as_bytes(), options());
    let errors = error_items(&items);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, ErrorCode::RdataTooLong);
    assert!(
        errors[0].message.contains(&cap.to_string()),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].location.line, 2);
    assert_eq!(record_count(&items), 1);
}

#[test]
fn long_entry_trickling_in_byte_by_byte_is_read_in_linear_time() {
    // 800 KB in one entry (under the 1 MiB cap), handed out one byte per read: lexing the
    // entry again from its start after every byte would take hours.
    let mut text = b"$TTL 1\nx TXT".to_vec();
    for _ in 0..4000 {
        text.push(b' ');
        text.extend(std::iter::repeat_n(b'a', 200));
    }
    text.extend_from_slice(b"\ny A 192.0.2.1\n");
    let items = read_streamed(&text, 1, options());
    assert_eq!(items, read_bytes(&text, options()));
    let errors = error_items(&items);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, ErrorCode::RdataTooLong);
    assert_eq!(record_count(&items), 1);
}

/// The one error `text` reads with: its message and column.
fn only_reader_error(text: &str) -> (String, u32) {
    let zone = read_str(text, &options());
    let errors: Vec<&Diagnostic> = zone
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, ErrorCode::BadField);
    (errors[0].message.clone(), errors[0].location.column)
}

/// An SVCB record with 6,000 keys, every one of them mandatory (about as many as 65,512 octets
/// of rdata hold). Each key was searched for linearly among the others (a repeated key, a
/// repeated mandatory entry, a mandatory key that is missing): 20 such records took 2.3 s to
/// read. The results, and where the errors point, are the same.
#[test]
fn svcb_with_thousands_of_keys_all_mandatory() {
    let keys: Vec<String> = (10..6010).map(|k| format!("key{k}")).collect();
    let (list, spaced) = (keys.join(","), keys.join(" "));
    let zone = read_str(
        &format!("s 300 SVCB 1 . mandatory={list} {spaced}\n"),
        &options(),
    );
    assert!(!zone.has_errors(), "{:?}", zone.diagnostics.first());
    let zonefmt::rr::RecordData::Svcb(svcb) = &zone.records[0].data else {
        panic!("{:?}", zone.records[0]);
    };
    assert_eq!(svcb.params.len(), 6001);
    assert!(svcb.params.windows(2).all(|w| w[0].key() < w[1].key()));

    let head = "s 300 SVCB 1 . ".len() as u32;
    let (message, column) =
        only_reader_error(&format!("s 300 SVCB 1 . {spaced} key6009=x key10\n"));
    assert_eq!(
        message,
        "duplicate SvcParamKey \"key6009\" (each key may appear once) in SVCB record"
    );
    assert_eq!(column, head + spaced.len() as u32 + 2);
    let (message, _) = only_reader_error(&format!(
        "s 300 SVCB 1 . mandatory={list},key6009 {spaced}\n"
    ));
    assert!(
        message.contains("mandatory lists \"key6009\" twice"),
        "{message}"
    );
    let (message, _) = only_reader_error(&format!(
        "s 300 SVCB 1 . mandatory={list},key7000 {spaced}\n"
    ));
    assert!(
        message.contains("mandatory lists \"key7000\" but that parameter is not present"),
        "{message}"
    );
}
