//! Unit tests of the entry reader: owners, TTLs, classes, generic data, directives, recovery,
//! streaming. The behaviours follow BIND 9.18 (checked with named-compilezone); see FORMAT.md.

use super::*;

fn options() -> ReaderOptions {
    ReaderOptions::with_origin("example.").unwrap()
}

/// Every record as `write_line` prints it, and every diagnostic as `line:col: code: message`.
fn read(text: &str) -> (Vec<String>, Vec<String>) {
    read_with(text, options())
}

fn read_with(text: &str, options: ReaderOptions) -> (Vec<String>, Vec<String>) {
    let mut records = Vec::new();
    let mut diagnostics = Vec::new();
    for item in Reader::from_bytes(text.as_bytes(), None, options) {
        match item {
            Item::Record(r) => records.push(r.to_string()),
            Item::Diagnostic(d) => diagnostics.push(format!(
                "{}:{}: {}[{}]: {}",
                d.location.line, d.location.column, d.severity, d.code, d.message
            )),
        }
    }
    (records, diagnostics)
}

fn records(text: &str) -> Vec<String> {
    let (records, diagnostics) = read(text);
    assert_eq!(diagnostics, Vec::<String>::new(), "for {text:?}");
    records
}

#[test]
fn owners_blank_owner_and_at() {
    assert_eq!(
        records("$TTL 60\n@ NS ns\n\tMX 10 mx\nwww A 192.0.2.1\n  AAAA ::1\nabs.other. TXT x\n"),
        [
            "example.\t60\tIN\tNS\tns.example.",
            "example.\t60\tIN\tMX\t10 mx.example.",
            "www.example.\t60\tIN\tA\t192.0.2.1",
            "www.example.\t60\tIN\tAAAA\t::1",
            "abs.other.\t60\tIN\tTXT\t\"x\"",
        ]
    );
}

#[test]
fn a_repeated_owner_is_reused_only_under_the_same_origin() {
    assert_eq!(
        records("$TTL 60\nwww A 192.0.2.1\nwww A 192.0.2.2\n$ORIGIN a.example.\nwww A 192.0.2.3\n$ORIGIN A.example.\nwww A 192.0.2.4\nwww A 192.0.2.6\nWWW A 192.0.2.7\n"),
        [
            "www.example.\t60\tIN\tA\t192.0.2.1",
            "www.example.\t60\tIN\tA\t192.0.2.2",
            "www.a.example.\t60\tIN\tA\t192.0.2.3",
            "www.A.example.\t60\tIN\tA\t192.0.2.4",
            "www.A.example.\t60\tIN\tA\t192.0.2.6",
            "WWW.A.example.\t60\tIN\tA\t192.0.2.7",
        ]
    );
}

#[test]
fn ttl_and_class_in_either_order_and_units() {
    assert_eq!(
        records("$TTL 60\na 1h IN A 192.0.2.1\nb IN 2m A 192.0.2.2\nc in A 192.0.2.3\nd 1W2d A 192.0.2.4\ne CLASS1 A 192.0.2.5\n"),
        [
            "a.example.\t3600\tIN\tA\t192.0.2.1",
            "b.example.\t120\tIN\tA\t192.0.2.2",
            "c.example.\t60\tIN\tA\t192.0.2.3",
            "d.example.\t777600\tIN\tA\t192.0.2.4",
            "e.example.\t60\tIN\tA\t192.0.2.5",
        ]
    );
}

#[test]
fn mnemonics_any_case_and_type_numbers() {
    assert_eq!(
        records("$TTL 60\na a 192.0.2.1\nb Type1 192.0.2.2\nc TYPE65280 \\# 2 ABcd\nd TYPE1 \\# 4 C0000201\n"),
        [
            "a.example.\t60\tIN\tA\t192.0.2.1",
            "b.example.\t60\tIN\tA\t192.0.2.2",
            "c.example.\t60\tIN\tTYPE65280\t\\# 2 ABCD",
            "d.example.\t60\tIN\tA\t192.0.2.1",
        ]
    );
}

#[test]
fn generic_data_errors() {
    let (records, errors) = read(
        "$TTL 60\na A \\# 3 C00002\nb TXT \\# 2 0141\nc TYPE9 \\# 1 0\nd A \\# x\ne A \\# 1 zz\nf A \\# 4 C0 00 02 01\n",
    );
    assert_eq!(
        records,
        [
            "b.example.\t60\tIN\tTXT\t\"A\"",
            "f.example.\t60\tIN\tA\t192.0.2.1"
        ]
    );
    assert_eq!(
        errors,
        [
            "2:5: error[ZF0112]: invalid A rdata in RFC 3597 form: rdata ends early",
            "4:9: error[ZF0112]: RFC 3597 data in MR record has an odd number of hexadecimal digits (1)",
            "5:8: error[ZF0112]: invalid RFC 3597 rdata length \"x\" in A record (expected a number from 0 to 65535)",
            "6:10: error[ZF0112]: invalid RFC 3597 data \"zz\" in A record (expected hexadecimal digits)",
        ]
    );
    let (_, errors) = read("$TTL 60\na TYPE300 \\# 3 0102\n");
    assert_eq!(
        errors,
        ["2:11: error[ZF0112]: RFC 3597 data in TYPE300 record is 2 octets long but its length field says 3"]
    );
}

#[test]
fn ttl_rules_follow_bind() {
    // No $TTL, first record an SOA without TTL: its minimum becomes the default, even after a
    // record with an explicit TTL (named-compilezone 9.18).
    let (records, diagnostics) =
        read("@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns 200 A 192.0.2.1\nx A 192.0.2.2\n");
    assert_eq!(
        records,
        [
            "example.\t5\tIN\tSOA\tns.example. hm.example. 1 2 3 4 5",
            "example.\t5\tIN\tNS\tns.example.",
            "ns.example.\t200\tIN\tA\t192.0.2.1",
            "x.example.\t5\tIN\tA\t192.0.2.2",
        ]
    );
    assert_eq!(
        diagnostics,
        ["1:1: warning[ZF0134]: no TTL and no $TTL: using the SOA minimum 5 as the default TTL"]
    );
    // No $TTL, explicit TTLs: later records inherit the last explicit one (RFC 1035).
    let (records, diagnostics) =
        read("@ 100 SOA ns hm 1 2 3 4 5\n@ NS ns\nns 200 A 192.0.2.1\nx A 192.0.2.2\n");
    let ttls: Vec<&str> = records
        .iter()
        .map(|r| r.split('\t').nth(1).unwrap())
        .collect();
    assert_eq!(ttls, ["100", "100", "200", "200"]);
    assert_eq!(
        diagnostics,
        ["2:1: warning[ZF0135]: no TTL and no $TTL: using the previous record's TTL 100 (RFC 1035 semantics)"]
    );
    // Nothing to go by: an error, and the record is dropped.
    let (records, diagnostics) = read("x A 192.0.2.1\n");
    assert!(records.is_empty());
    assert_eq!(
        diagnostics,
        ["1:1: error[ZF0114]: no TTL given, no $TTL in force and no earlier record to take one from"]
    );
    // TTLs above 2^31-1 are read as 0.
    let (records, diagnostics) = read("$TTL 2147483648\na A 192.0.2.1\nb 4294967295 A 192.0.2.2\n");
    assert_eq!(
        records,
        [
            "a.example.\t0\tIN\tA\t192.0.2.1",
            "b.example.\t0\tIN\tA\t192.0.2.2"
        ]
    );
    assert_eq!(diagnostics.len(), 2);
    assert!(diagnostics[0].starts_with("1:6: warning[ZF0133]: TTL 2147483648"));
}

#[test]
fn class_must_match_the_zone() {
    let (records, errors) = read("$TTL 1\na CH A 192.0.2.1\nb ANY A 192.0.2.1\nc IN A 192.0.2.1\n");
    assert_eq!(records, ["c.example.\t1\tIN\tA\t192.0.2.1"]);
    assert_eq!(
        errors,
        [
            "2:3: error[ZF0104]: class CH does not match the zone's class IN",
            "3:3: error[ZF0104]: class ANY does not match the zone's class IN",
        ]
    );
    let chaos = ReaderOptions {
        class: Class::CH,
        ..options()
    };
    let (records, errors) = read_with("$TTL 1\nv TXT x\n", chaos);
    assert_eq!(records, ["v.example.\t1\tCH\tTXT\t\"x\""]);
    assert!(errors.is_empty());
}

#[test]
fn error_messages_and_locations() {
    let (_, errors) = read(
        "$TTL 1\nw  A  192.0.2.256\nx FOO 1\ny 1x A 192.0.2.1\nz IN\n  A 192.0.2.1 extra\nv OPT \\# 0\nu A\nt TYPE0 \\# 0\ns A 192.0.2.01\n",
    );
    assert_eq!(
        errors,
        [
            "2:7: error[ZF0106]: invalid IPv4 address \"192.0.2.256\" in A record",
            "3:3: error[ZF0105]: unknown record type \"FOO\"",
            "4:3: error[ZF0103]: invalid TTL \"1x\": not a TTL (expected seconds or units such as 1h30m)",
            "5:5: error[ZF0107]: missing record type",
            "6:15: error[ZF0108]: unexpected \"extra\" after the end of A rdata",
            "7:3: error[ZF0132]: OPT is a meta-type; it cannot appear in a zone file",
            "8:4: error[ZF0107]: missing IPv4 address in A record",
            "9:3: error[ZF0132]: TYPE0 is reserved; it cannot appear in a zone file",
            "10:5: error[ZF0106]: invalid IPv4 address \"192.0.2.01\" in A record",
        ]
    );
}

#[test]
fn blank_owner_without_previous_owner() {
    let (_, errors) = read("$TTL 1\n  A 192.0.2.1\n");
    assert_eq!(
        errors,
        ["2:3: error[ZF0113]: the line starts with a blank, so it repeats the previous owner, but there is none"]
    );
}

#[test]
fn relative_names_need_an_origin() {
    let (records, errors) = read_with(
        "$TTL 1\nabs. A 192.0.2.1\nrel A 192.0.2.2\n$ORIGIN example.\nrel A 192.0.2.3\n$ORIGIN sub\n@ A 192.0.2.4\n",
        ReaderOptions::default(),
    );
    assert_eq!(
        records,
        [
            "abs.\t1\tIN\tA\t192.0.2.1",
            "rel.example.\t1\tIN\tA\t192.0.2.3",
            "sub.example.\t1\tIN\tA\t192.0.2.4",
        ]
    );
    assert_eq!(
        errors,
        ["3:1: error[ZF0102]: invalid owner name \"rel\": relative name but no origin is set"]
    );
}

#[test]
fn directives_check_their_arguments() {
    let (_, errors) = read("$TTL\n$TTL 1 2\n$ORIGIN a. b.\n$FOO x\n$ttl 1h\n$origin a..b.\n");
    assert_eq!(
        errors,
        [
            "1:5: error[ZF0107]: $TTL needs a TTL",
            "2:8: error[ZF0108]: unexpected \"2\" after $TTL",
            "3:12: error[ZF0108]: unexpected \"b.\" after $ORIGIN",
            "4:1: error[ZF0120]: unknown directive \"$FOO\" (expected $ORIGIN, $TTL, $INCLUDE or $GENERATE)",
            "6:9: error[ZF0101]: invalid $ORIGIN name \"a..b.\": empty label",
        ]
    );
}

#[test]
fn include_is_refused_by_default() {
    let (_, errors) = read("$INCLUDE other.db\n");
    assert_eq!(
        errors,
        ["1:1: error[ZF0121]: $INCLUDE \"other.db\" refused: reading other files is off unless a directory is granted (grant one with --include-root DIR, or ReaderOptions::include_root in the library)"]
    );
}

#[test]
fn generate_makes_records_lazily() {
    assert_eq!(
        records("$TTL 60\n$GENERATE 1-3 host$ A 192.0.2.$\n$GENERATE 10-12/2 ${0,3,x} 5 IN PTR h$.example.\n"),
        [
            "host1.example.\t60\tIN\tA\t192.0.2.1",
            "host2.example.\t60\tIN\tA\t192.0.2.2",
            "host3.example.\t60\tIN\tA\t192.0.2.3",
            "00a.example.\t5\tIN\tPTR\th10.example.",
            "00c.example.\t5\tIN\tPTR\th12.example.",
        ]
    );
    // A quoted template is split into fields after substitution.
    assert_eq!(
        records("$TTL 60\n$GENERATE 1-2 h$ MX \"1$ mx$\"\n"),
        [
            "h1.example.\t60\tIN\tMX\t11 mx1.example.",
            "h2.example.\t60\tIN\tMX\t12 mx2.example.",
        ]
    );
}

#[test]
fn generate_errors_and_cap() {
    let (records, errors) = read(
        "$TTL 60\n$GENERATE 5-1 h$ A 192.0.2.1\n$GENERATE 250-260 h$ A 192.0.2.$\n$GENERATE 1-2 h$ A 1 2\n$GENERATE 1-1 h${1000 A 192.0.2.1\n",
    );
    assert_eq!(records.len(), 6, "250..=255 are valid addresses");
    assert_eq!(
        errors,
        [
            "2:11: error[ZF0124]: invalid $GENERATE range \"5-1\" (expected start-stop or start-stop/step, with start <= stop <= 2147483647 and step >= 1)",
            "3:24: error[ZF0106]: $GENERATE with iterator 256: invalid IPv4 address \"192.0.2.256\" in A record",
            "4:22: error[ZF0108]: unexpected \"2\" after the $GENERATE rdata template (quote a template that has blanks)",
            "5:15: error[ZF0124]: $GENERATE with iterator 1: invalid modifier: \"${\" without \"}\" in the owner template",
        ]
    );
    let capped = ReaderOptions {
        max_generate: 10,
        ..options()
    };
    let (records, errors) = read_with(
        "$TTL 1\n$GENERATE 1-11 h$ A 192.0.2.1\n$GENERATE 1-10 h$ A 192.0.2.1\n",
        capped,
    );
    assert_eq!(records.len(), 10);
    assert_eq!(
        errors,
        ["2:11: error[ZF0125]: $GENERATE range \"1-11\" makes 11 records; at most 10 are allowed"]
    );
    // All the directives of a read together: the one that would pass the cap is refused
    // whole, and smaller ones after it still fit (as do the records written out).
    let capped = ReaderOptions {
        max_generate_total: 25,
        ..options()
    };
    let (records, errors) = read_with(
        "$TTL 1\n$GENERATE 1-10 a$ A 192.0.2.1\n$GENERATE 1-10 b$ A 192.0.2.1\nx A 192.0.2.9\n\
         $GENERATE 1-10 c$ A 192.0.2.1\n$GENERATE 1-5 d$ A 192.0.2.1\n$GENERATE 1-1 e$ A 192.0.2.1\n",
        capped,
    );
    assert_eq!(records.len(), 26);
    assert_eq!(
        errors,
        ["5:11: error[ZF0125]: $GENERATE range \"1-10\" makes 10 records, 30 with the earlier $GENERATEs of this read; at most 25 are allowed",
         "7:11: error[ZF0125]: $GENERATE range \"1-1\" makes 1 records, 26 with the earlier $GENERATEs of this read; at most 25 are allowed"]
    );
}

#[test]
fn recovery_reports_every_error_and_keeps_going() {
    let (records, errors) =
        read("$TTL 1\na A 192.0.2.300\nb A 192.0.2.2 )\nc TXT \"open\nd A 192.0.2.4\n");
    assert_eq!(records, ["d.example.\t1\tIN\tA\t192.0.2.4"]);
    assert_eq!(
        errors,
        [
            "2:5: error[ZF0106]: invalid IPv4 address \"192.0.2.300\" in A record",
            "3:15: error[ZF0109]: unbalanced parentheses: \")\" without \"(\"",
            "4:7: error[ZF0110]: quoted string is not closed before the end of the line",
        ]
    );
}

#[test]
fn error_cap_stops_reading() {
    let capped = ReaderOptions {
        max_errors: 3,
        ..options()
    };
    let text = "$TTL 1\n".to_string() + &"x A bad\n".repeat(10) + "y A 192.0.2.1\n";
    let (records, errors) = read_with(&text, capped);
    assert!(records.is_empty());
    assert_eq!(errors.len(), 4);
    assert_eq!(errors[3], "4:5: error[ZF0131]: 3 errors; reading stopped");
}

#[test]
fn record_cap_stops_reading() {
    let capped = ReaderOptions {
        max_records: 2,
        ..options()
    };
    let (records, errors) = read_with(
        "$TTL 1\na A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.3\n",
        capped,
    );
    assert_eq!(records.len(), 2);
    assert_eq!(
        errors,
        ["4:1: error[ZF0130]: more than 2 records; reading stopped"]
    );
}

#[test]
fn rdata_length_cap() {
    let capped = ReaderOptions {
        max_rdata_len: 300,
        ..options()
    };
    let long = format!("$TTL 1\na TXT {} {}\n", "x".repeat(200), "y".repeat(200));
    let (records, errors) = read_with(&long, capped);
    assert!(records.is_empty());
    assert_eq!(
        errors,
        ["2:3: error[ZF0151]: TXT rdata is 402 octets long in wire form; at most 300 are allowed"]
    );
}

#[test]
fn entry_length_cap_stops_the_file() {
    let capped = ReaderOptions {
        max_entry_len: 64,
        ..options()
    };
    let text = format!("$TTL 1\na TXT {}\nb A 192.0.2.1\n", "x".repeat(100));
    let (records, errors) = read_with(&text, capped.clone());
    assert!(records.is_empty());
    assert_eq!(
        errors,
        ["2:1: error[ZF0130]: entry is longer than 64 bytes; reading of this file stopped"]
    );
    // The same through a stream.
    let mut items = Reader::from_read(text.as_bytes(), None, capped);
    let first = items.next().unwrap();
    assert!(matches!(first, Item::Diagnostic(d) if d.code == ErrorCode::Limit));
    assert!(items.next().is_none());
}

#[test]
fn records_keep_their_span() {
    let text = "$TTL 1\n\nwww A ( 192.0.2.1\n  ) ; c\r\nx A 192.0.2.2";
    let zone = read_str(text, &options());
    let spans: Vec<(u32, u64, u32)> = zone
        .records
        .iter()
        .map(|r| (r.location.line, r.location.offset, r.location.len))
        .collect();
    assert_eq!(spans, [(3, 8, 25), (5, 35, 13)]);
}

#[test]
fn stream_and_slice_agree_on_any_chunking() {
    /// Hands out at most `n` bytes per read.
    struct Trickle<'a>(&'a [u8], usize);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let text = "\u{feff}$TTL 1\n@ SOA ns hm ( 1 2\n 3 4 5 ) ; x\nwww A 192.0.2.1\n  TXT \"a b\" c\nbad A x\n$GENERATE 1-2 g$ A 192.0.2.$\n";
    let expected: Vec<Item> = Reader::from_bytes(text.as_bytes(), None, options()).collect();
    assert_eq!(expected.len(), 6);
    for chunk in [1, 2, 3, 7] {
        let got: Vec<Item> =
            Reader::from_read(Trickle(text.as_bytes(), chunk), None, options()).collect();
        assert_eq!(got, expected, "chunk {chunk}");
    }
}

#[test]
fn parse_str_fails_on_the_first_error_read_str_keeps_all() {
    let text = "$TTL 1\na A x\nb A y\nc A 192.0.2.1\n";
    let err = parse_str(text, &options()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "2:5: error[ZF0106]: invalid IPv4 address \"x\" in A record"
    );
    let zone = read_str(text, &options());
    assert_eq!(zone.records.len(), 1);
    assert_eq!(zone.diagnostics.len(), 2);
    assert_eq!(zone.diagnostics[1].source_line.as_deref(), Some("b A y"));
}

#[test]
fn zone_origin_falls_back_to_the_soa_owner() {
    let zone = parse_str(
        "$ORIGIN example.net.\n$TTL 1\n@ SOA ns hm 1 2 3 4 5\n",
        &ReaderOptions::default(),
    )
    .unwrap();
    assert_eq!(zone.origin, Some(Name::from_ascii("example.net.").unwrap()));
}

#[test]
fn blank_owner_after_origin_change_warns() {
    let (records, diagnostics) = read(
        "$TTL 1\nb A 192.0.2.1\n$ORIGIN sub.example.\n  A 192.0.2.2\nc A 192.0.2.3\n  A 192.0.2.4\n",
    );
    assert_eq!(
        records,
        [
            "b.example.\t1\tIN\tA\t192.0.2.1",
            "b.example.\t1\tIN\tA\t192.0.2.2",
            "c.sub.example.\t1\tIN\tA\t192.0.2.3",
            "c.sub.example.\t1\tIN\tA\t192.0.2.4",
        ]
    );
    assert_eq!(
        diagnostics,
        ["4:3: warning[ZF0136]: the line starts with a blank, so its owner is the previous owner b.example., not the new origin sub.example."]
    );
}

#[test]
fn default_rdata_limit_is_bind_s() {
    // 255 strings of 255 octets and one of `last` octets: 255 * 256 + last + 1 octets of wire.
    let txt = |last: usize| {
        let mut text = "$TTL 1\nt TXT".to_string();
        for _ in 0..255 {
            text.push(' ');
            text.push_str(&"x".repeat(255));
        }
        text.push(' ');
        text.push_str(&"y".repeat(last));
        text.push('\n');
        text
    };
    let (records, errors) = read(&txt(231));
    assert_eq!((records.len(), errors.len()), (1, 0), "65512 octets fit");
    let (records, errors) = read(&txt(232));
    assert!(records.is_empty());
    assert_eq!(
        errors,
        ["2:3: error[ZF0151]: TXT rdata is 65513 octets long in wire form; at most 65512 are allowed"]
    );
}

/// Every item as text: a record with its location, a diagnostic with its place.
fn item_text(record: Option<&Record>, diagnostic: Option<&Diagnostic>) -> String {
    match (record, diagnostic) {
        (Some(r), _) => format!("{r} @{:?}", r.location),
        (_, Some(d)) => format!(
            "{}:{}: {}: {}",
            d.location.line, d.location.column, d.code, d.message
        ),
        _ => String::new(),
    }
}

#[test]
fn next_ref_lends_what_the_iterator_yields() {
    let texts = [
        // Warnings before their record, errors between records, a generated run.
        "a 1 A 192.0.2.1\nb A 192.0.2.2\nc A bad\n$TTL 4294967295\n  TXT x\n$GENERATE 1-3 h$ A 192.0.2.$\nd ( A\n",
        "$TTL 1\n",
        "x A 1\n\n\ny A 2\nz A 192.0.2.9",
    ];
    let caps = [
        options(),
        ReaderOptions {
            max_records: 2,
            ..options()
        },
        ReaderOptions {
            max_errors: 1,
            ..options()
        },
    ];
    for text in texts {
        for cap in &caps {
            let moved: Vec<String> = Reader::from_bytes(text.as_bytes(), None, cap.clone())
                .map(|item| match &item {
                    Item::Record(r) => item_text(Some(r), None),
                    Item::Diagnostic(d) => item_text(None, Some(d)),
                })
                .collect();
            let mut reader = Reader::from_bytes(text.as_bytes(), None, cap.clone());
            let mut lent = Vec::new();
            while let Some(item) = reader.next_ref() {
                lent.push(match &item {
                    ItemRef::Record(r) => item_text(Some(r), None),
                    ItemRef::Diagnostic(d) => item_text(None, Some(d)),
                });
            }
            assert!(moved.len() > 1 || text.len() < 10, "{moved:?}");
            assert_eq!(lent, moved, "{text:?}");
        }
    }
}

#[test]
fn ttl_and_class_are_found_in_either_order_at_the_front() {
    use super::entry::{find_ttl_and_class, TtlAndClass};
    let find = |fields: &[(bool, &str)]| {
        find_ttl_and_class(
            fields
                .iter()
                .map(|&(quoted, text)| (quoted, text.as_bytes())),
        )
    };
    let head = |ttl, class, used| TtlAndClass { ttl, class, used };
    let plain = |texts: &[&'static str]| -> Vec<(bool, &'static str)> {
        texts.iter().map(|t| (false, *t)).collect()
    };
    assert_eq!(
        find(&plain(&["3600", "IN", "A"])),
        head(Some(0), Some(Class::IN), 2)
    );
    assert_eq!(
        find(&plain(&["ch", "1h", "TXT"])),
        head(Some(1), Some(Class::CH), 2)
    );
    assert_eq!(find(&plain(&["NS", "ns1"])), head(None, None, 0));
    // A second class is not a class; one TTL only; a quoted field ends the search.
    assert_eq!(
        find(&plain(&["IN", "IN", "A"])),
        head(None, Some(Class::IN), 1)
    );
    assert_eq!(find(&plain(&["60", "60", "A"])), head(Some(0), None, 1));
    assert_eq!(find(&[(true, "60"), (false, "A")]), head(None, None, 0));
}

/// Every item `next_ref` lends, with the record's data in full (`Debug`: names octet for
/// octet, case included).
fn lent_items(text: &str, options: &ReaderOptions, general_rdata: bool) -> Vec<String> {
    let mut reader = Reader::from_bytes(text.as_bytes(), None, options.clone());
    reader.state.general_rdata = general_rdata;
    let mut items = Vec::new();
    while let Some(item) = reader.next_ref() {
        items.push(match &item {
            ItemRef::Record(r) => format!("{} {:?}", item_text(Some(r), None), r.data),
            ItemRef::Diagnostic(d) => item_text(None, Some(d)),
        });
    }
    items
}

/// The heads (TTL, class, type) and the rdata read by the quick paths (NS, CNAME, A, AAAA,
/// DS, NSEC) against the general path, over generated mixes of good and bad heads and rdata, other
/// types between them (so the record's data changes type), blank owners, entries whose TTL
/// fails after their rdata was read, and a zone of another class.
#[test]
fn rdata_in_place_reads_what_the_general_path_reads() {
    let types = [
        "NS", "CNAME", "A", "AAAA", "MX", "TXT", "DS", "ns", "LOC", "NSEC", "HTTPS", "CH", "TYPE1",
        "nsec",
    ];
    let rdata = [
        "ns1",
        "ns1.example.",
        "NS1.Other.",
        "@",
        "a..b",
        ".",
        "a\\.b",
        "a\\065",
        "\"quoted.name\"",
        "abcdefghijklmnopqrstuvwxyz0123456789.abcdefghijklmnopqrstuvwxyz.",
        &format!("{}.x", "l".repeat(64)),
        "192.0.2.1",
        "\"192.0.2.2\"",
        "192.0.2",
        "2001:db8::1",
        "::ffff:192.0.2.3",
        "2001:db8::g",
        "\\#",
        "\\# 0",
        "\\# 4 C0000201",
        "ns1 ns2",
        "",
        "10 mx",
        "x y",
        "1 8 2 AABB",
        "22170 13 2 9B46F380127277EDE3B402BCF5691E4D329E7C2D0F45580A28AE04C70C58D506",
        "22170 13 2 9b46f380127277ede3b402bcf5691e4d329e7c2d0f45580a28ae04c70c58d506",
        "60485 RSASHA256 SHA-256 9B46F380127277EDE3B402BCF5691E4D329E7C2D0F45580A28AE04C70C58D506",
        "1 8 1 9B46F380127277EDE3B402BCF5691E4D329E7C2D",
        "1 \"8\" sha1 9B46F380127277EDE3B402BCF5691E4D329E7C2D",
        "65536 8 2 9B46F380127277EDE3B402BCF5691E4D329E7C2D0F45580A28AE04C70C58D506",
        "\"1\" 8 2 9B46F380127277EDE3B402BCF5691E4D329E7C2D0F45580A28AE04C70C58D506",
        "1 8 2 9B46F380127277EDE3B402BCF5691E4D329E7C2D0F45580A28AE04C70C58D50",
        "1 8 2 9B46F380127277EDE3B402BCF5691E4D329E7C2D0F45580A28AE04C70C58D5G",
        "1 8 2 \"9B46F380127277EDE3B402BCF5691E4D329E7C2D0F45580A28AE04C70C58D506\"",
        "1 8 3 ABCD",
        "1 8 7 ABC",
        "1 8 0 9B46F38012",
        "1 BOGUS 2 9B46F380127277EDE3B402BCF5691E4D329E7C2D0F45580A28AE04C70C58D506",
        "1 8 2 9B46F380127277EDE3B402BCF5691E4D 329E7C2D0F45580A28AE04C70C58D506",
        "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m",
        "1 60 N 1 E 0",
        "1 N 1 E 0 0 0 0 0",
        "b. NS SOA RRSIG NSEC DNSKEY",
        "b. a ns TYPE1 A nsec3param TYPE65535 TYPE0",
        "B.example. DS",
        "b",
        "\"b.\" NS",
        "b. \"NS\"",
        "b. NS BOGUS",
        "b. TYPE65536",
        "a..b NS",
        "@ NSEC RRSIG",
        "1 . alpn=\"h3,h2\" ipv4hint=192.0.2.242",
    ];
    let owners = ["www", "\t", "WWW", "other.example.", "  "];
    // Heads the quick path reads, and heads it leaves to the general search (good and bad).
    let ttls = [
        "",
        "60 ",
        "IN ",
        "in ",
        "60 IN ",
        "IN 60 ",
        "0 ",
        "0060 In ",
        "2147483647 ",
        "2147483648 ",
        "4294967295 IN ",
        "4294967296 ",
        "99999999999 ",
        "1h ",
        "IN 1d2h ",
        "6x0 ",
        "CH ",
        "60 CH ",
        "IN CH ",
        "CH IN ",
        "60 60 ",
        "IN IN ",
        "\"60\" ",
        "60 \"IN\" ",
        "IN \"60\" ",
        "CLASS1 ",
        "60 CLASS1 ",
        "HS 60 ",
        "TYPE1 ",
        "60 ANY ",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let small = ReaderOptions {
        max_rdata_len: 40,
        ..options()
    };
    let chaos = ReaderOptions {
        class: Class::CH,
        ..options()
    };
    let mut compared = 0;
    for round in 0..300 {
        let mut text = String::new();
        // Half the files have no $TTL, so that the entries without a TTL fail after the
        // rdata was read (the first one at least).
        if round % 2 == 0 {
            text.push_str("$TTL 300\n");
        }
        for _ in 0..12 {
            let owner = owners[next(owners.len())];
            let sep = if owner.trim().is_empty() { "" } else { " " };
            text.push_str(&format!(
                "{owner}{sep}{}{} {}\n",
                ttls[next(ttls.len())],
                types[next(types.len())],
                rdata[next(rdata.len())]
            ));
        }
        for options in [&options(), &small, &chaos] {
            let fast = lent_items(&text, options, false);
            let general = lent_items(&text, options, true);
            assert_eq!(fast, general, "{text}");
            compared += fast.len();
        }
    }
    assert!(compared > 7_500, "{compared}");
}
