//! Inputs the fuzz targets (fuzz/) found, minimised, with what must hold for them. Each test
//! names the target and what it broke.

use zonefmt::zonefile::{Item, Reader, ReaderOptions};
use zonefmt::{ErrorCode, Name};

fn options() -> ReaderOptions {
    ReaderOptions::with_origin("example.").unwrap()
}

/// The invariants the `read` target checks, for one input.
fn assert_read_invariants(input: &[u8]) -> Vec<Item> {
    let items: Vec<Item> = Reader::from_bytes(input, None, options()).collect();
    for item in &items {
        if let Item::Diagnostic(d) = item {
            assert!(!d.message.is_empty(), "{d:?}");
            let end = d.location.offset + u64::from(d.location.len);
            assert!(end <= input.len() as u64, "location past the input: {d:?}");
        }
    }
    items
}

/// read: a backslash that is the last byte of the input was reported as a two-byte escape,
/// one byte past the end.
#[test]
fn escape_cut_short_by_the_end_of_input_stays_inside_it() {
    let items = assert_read_invariants(b"$TTL 1\nx TXT \\");
    let [Item::Diagnostic(d)] = items.as_slice() else {
        panic!("{items:?}")
    };
    assert_eq!(d.code, zonefmt::ErrorCode::BadEscape);
    assert_eq!(
        (d.location.line, d.location.column, d.location.len),
        (2, 7, 1)
    );
}

/// cloudflare_json: an API name with a space inside was read (as a label holding a space), but
/// could not be written back to the API.
#[test]
fn api_names_with_blanks_or_controls_are_refused_on_reading() {
    use zonefmt::cloudflare::names;
    let zone = zonefmt::Name::from_ascii("example.com.").unwrap();
    for bad in [
        "www.exa ale.com",
        "a\tb.example.com",
        "x\u{7f}.example.com",
        "a\u{1}",
    ] {
        let err = names::from_api(bad, Some(&zone)).unwrap_err();
        assert!(err.contains("space or control character"), "{bad:?}: {err}");
    }
    // Surrounding blanks are trimmed, as before; what reads writes back.
    let name = names::from_api("  www.example.com ", Some(&zone)).unwrap();
    assert_eq!(names::to_api(&name).unwrap(), "www.example.com");
}

/// cloudflare_json: a name behind byte-order marks (which UTS 46 drops) kept its spaces, was
/// read, and could not be written back to the API.
#[test]
fn api_names_with_blanks_behind_ignored_code_points_are_refused_on_reading() {
    use zonefmt::cloudflare::convert::from_api;
    use zonefmt::cloudflare::model::DnsRecord;
    use zonefmt::cloudflare::names;
    let crash = r#"{"name":"www.example.com","ttl":300,"type":"NS","content":"\ufeff&&&\ufeff&&amp MAILB le.net"}"#;
    let record: DnsRecord = serde_json::from_str(crash).unwrap();
    let zone = zonefmt::Name::from_ascii("example.com.").unwrap();
    let err = from_api::record(&record, Some(&zone))
        .unwrap_err()
        .to_string();
    assert!(err.contains("space or control character"), "{err}");
    for bad in [
        "\u{feff}a b.example.net",
        "\u{feff}mail\u{feff}\tx.net",
        "é\u{7f}.net",
    ] {
        let err = names::from_api(bad, None).unwrap_err();
        assert!(err.contains("space or control character"), "{bad:?}: {err}");
    }
    // The marks alone are dropped, as UTS 46 says, and the name writes back.
    let name = names::from_api("\u{feff}www.example.net", None).unwrap();
    assert_eq!(names::to_api(&name).unwrap(), "www.example.net");
}

/// cloudflare_json: an SSHFP record from the API whose fingerprint has the wrong length for its
/// type was converted, and its zone text then failed to read.
#[test]
fn api_records_obey_the_zone_form_rules() {
    use zonefmt::cloudflare::convert::from_api;
    use zonefmt::cloudflare::model::DnsRecord;
    let r: DnsRecord = serde_json::from_str(
        r#"{"name":"www.example.com","type":"SSHFP","ttl":300,
            "data":{"algorithm":4,"type":2,"fingerprint":"123456789abcdef67890123456789aabcd23456789"}}"#,
    )
    .unwrap();
    let err = from_api::record(&r, None).unwrap_err();
    assert!(err.message.contains("needs 32"), "{}", err.message);
    let ok: DnsRecord = serde_json::from_str(&format!(
        r#"{{"name":"www.example.com","type":"SSHFP","ttl":300,
            "data":{{"algorithm":4,"type":2,"fingerprint":"{}"}}}}"#,
        "ab".repeat(32)
    ))
    .unwrap();
    assert!(from_api::record(&ok, None).is_ok());
}

/// cloudflare_json: an absolute API name outside the zone ("www.other.") was read as is, but
/// the API's form of it has no trailing dot, which reads back as relative to the zone
/// ("www.other.example.com."): the record changed on a round trip.
#[test]
fn api_names_outside_the_zone_are_refused() {
    use zonefmt::cloudflare::names;
    let zone = zonefmt::Name::from_ascii("example.com.").unwrap();
    let err = names::from_api("www.exammpleco.", Some(&zone)).unwrap_err();
    assert!(err.contains("not in the zone"), "{err}");
    // Every name that reads writes back to text that reads to the same name.
    for text in ["www", "www.example.com", "www.example.com.", "@", "a.b"] {
        let name = names::from_api(text, Some(&zone)).unwrap();
        let api = names::to_api(&name).unwrap();
        assert_eq!(names::from_api(&api, Some(&zone)).unwrap(), name, "{text}");
    }
}

/// plan: a file name holding UTF-8 octets (`b\195\188cher`) is sent to the API as its Punycode
/// A-label and listed back that way; the plan compared the file's spelling with the live one,
/// so it never matched and every plan added the record again (and `apply`'s check failed).
#[test]
fn plan_matches_utf8_file_names_with_their_punycode_live_copies() {
    use zonefmt::cloudflare::convert::ZoneRecord;
    use zonefmt::cloudflare::model::DnsRecord;
    use zonefmt::cloudflare::plan::{compute, PlanOptions};
    let origin = zonefmt::Name::from_ascii("example.").unwrap();
    let file: Vec<ZoneRecord> = zonefmt::zonefile::parse_str(
        "b\\195\\188cher 300 IN A 192.0.2.1\nwww 300 IN CNAME b\\195\\188cher\n",
        &options(),
    )
    .unwrap()
    .records
    .into_iter()
    .map(ZoneRecord::new)
    .collect();
    let live: Vec<DnsRecord> = serde_json::from_str(
        r#"[{"id":"1","type":"A","name":"xn--bcher-kva.example","content":"192.0.2.1","ttl":300},
            {"id":"2","type":"CNAME","name":"www.example","content":"xn--bcher-kva.example","ttl":300}]"#,
    )
    .unwrap();
    let options = PlanOptions {
        prune: true,
        settings: false,
    };
    let plan = compute("zone", &origin, &file, &live, None, options).unwrap();
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert_eq!(plan.unchanged, 2);
    // Against an empty zone the adds carry the name the API will list.
    let plan = compute("zone", &origin, &file, &[], None, options).unwrap();
    let added: Vec<String> = plan.adds.iter().map(|a| a.body.name.clone()).collect();
    assert_eq!(added, ["www.example", "xn--bcher-kva.example"]);
}

/// cloudflare_json: an unknown field holding a float (kept so nothing is lost) came back one
/// bit off after JSON → model → JSON → model, because serde_json's fast float parser is not
/// exact; the crate now enables `float_roundtrip`.
#[test]
fn unknown_float_fields_keep_their_exact_value() {
    use zonefmt::cloudflare::model::DnsRecord;
    let input = r#"{"name":"www.example.com","type":"NS","content":"ns.example.net","ttl":1,"tvl":3.0088888888888885e+49}"#;
    let record: DnsRecord = serde_json::from_str(input).unwrap();
    let json = serde_json::to_string(&record).unwrap();
    let again: DnsRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(again, record, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["tvl"].as_f64(), Some(3.0088888888888885e+49));
}

/// fmt: a blank escaped by a backslash at the end of a line (`SPF \ `, a one-space string)
/// was trimmed as trailing whitespace, leaving a lone backslash; the formatter's own check
/// caught it and refused to write.
#[test]
fn an_escaped_blank_at_the_end_of_a_line_is_kept_by_the_formatter() {
    use zonefmt::fmt::{format, FormatOptions};
    let reader = options();
    for (input, expected) in [
        ("L 5 SPF \\ \n", "L   5   SPF \\ \n"),
        ("L 5 TXT \\  \\  \n", "L   5   TXT \\  \\ \n"),
        ("L 5 TXT a\\\\ \n", "L   5   TXT a\\\\\n"),
        (
            "$ORIGIN a\\ .\nx 5 TXT y\n",
            "$ORIGIN a\\ .\nx   5   TXT y\n",
        ),
    ] {
        let out = format(input.as_bytes(), None, &reader, &FormatOptions::default())
            .unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(String::from_utf8(out.text).unwrap(), expected, "{input:?}");
    }
}

/// plan: a name whose UTF-8 holds U+02DA (which UTS 46 maps to a space and a combining ring)
/// was sent to the API as Punycode with a space inside, so the record could never be read
/// back and every plan added it again. Such a name has no API form and is refused.
#[test]
fn names_whose_uts46_form_holds_a_space_have_no_api_form() {
    use zonefmt::cloudflare::names;
    let name = zonefmt::Name::from_labels([
        b"tothnet-dynamic\xcb\x9axample".as_slice(),
        b"example".as_slice(),
    ])
    .unwrap();
    let err = names::to_api(&name).unwrap_err();
    assert!(err.contains("space or control character"), "{err}");
    let err = names::from_api("a\u{2da}b.example", None).unwrap_err();
    assert!(err.contains("space or control character"), "{err}");
}

/// fmt: a last line ending in two carriage returns and no line feed lost one of them per run
/// (a verbatim line dropped a single `\r`), so formatting twice changed the text again.
#[test]
fn formatting_a_line_ending_in_stray_carriage_returns_is_idempotent() {
    use zonefmt::fmt::{format, FormatOptions};
    let reader = options();
    let input = b"0 SOA . . 0 0 0 0 0\n TXT\"\"\r\r";
    let once = format(input, None, &reader, &FormatOptions::default())
        .unwrap()
        .text;
    let twice = format(&once, None, &reader, &FormatOptions::default())
        .unwrap()
        .text;
    assert_eq!(
        String::from_utf8_lossy(&twice),
        String::from_utf8_lossy(&once)
    );
    assert!(
        !once.contains(&b'\r'),
        "{:?}",
        String::from_utf8_lossy(&once)
    );
}

/// plan: an owner with a label that is only a byte-order mark (which UTS 46 drops) was sent to
/// the API with an empty label (`a..example`), which could never be read back.
#[test]
fn a_label_that_maps_to_nothing_under_uts46_has_no_api_form() {
    use zonefmt::cloudflare::names;
    let name = zonefmt::Name::from_labels([
        b"dshield".as_slice(),
        b"\xef\xbb\xbf".as_slice(),
        b"example".as_slice(),
    ])
    .unwrap();
    let err = names::to_api(&name).unwrap_err();
    assert!(err.contains("maps to nothing"), "{err}");
    let err = names::from_api("a.\u{feff}.example", None).unwrap_err();
    assert!(err.contains("maps to nothing"), "{err}");
}

/// fmt: with sorting on, a blank-owner record after an entry written as it was (verbatim) was
/// given the owner of the record before that entry, changing its owner; the formatter's own
/// check refused to write.
#[test]
fn sorting_keeps_the_owner_a_blank_owner_record_inherits_from_a_verbatim_entry() {
    use zonefmt::fmt::{format, FormatOptions};
    let reader = options();
    let sorting = FormatOptions {
        sort: true,
        ..FormatOptions::default()
    };
    let input = b"0 SOA . . 5 0 0 0 0\nee SPF\"\"\n SPF e\n";
    let out = format(input, None, &reader, &sorting)
        .unwrap_or_else(|e| panic!("{e}"))
        .text;
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("ee SPF\"\"\n"), "{text}");
    assert!(!text.contains("0 SPF e"), "{text}");
}

/// fmt: a directive joined to its quoted argument (`$ORIGIN"s1"`) was upper-cased as one word,
/// which changed the origin's spelling; the formatter's own check refused to write.
#[test]
fn a_directive_joined_to_a_quoted_argument_is_written_as_it_was() {
    use zonefmt::fmt::{format, FormatOptions};
    let reader = options();
    let input = b"I SOA . . 5 0 0 0 0\n$ORIGIN\"s1\"\ny SPF he\n";
    let out = format(input, None, &reader, &FormatOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .text;
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("$ORIGIN\"s1\"\n"), "{text}");
}

/// fmt: with sorting on, an entry written as it was (verbatim) after a directive inherits the
/// owner of the last record before the directive; sorting the section before it changed that
/// record, and so the entry's owner. The formatter's own check refused to write.
#[test]
fn sorting_keeps_the_record_a_verbatim_entry_after_a_directive_inherits_from() {
    use zonefmt::fmt::{format, FormatOptions};
    let reader = options();
    let sorting = FormatOptions {
        sort: true,
        ..FormatOptions::default()
    };
    let input = b"@ 0 SOA . . 5 0 0 0 0\n$TTL 86\nz TXT \"z\"\ny TXT \"y\"\n$TTL 80\n TXT\"\"de\n";
    let formatted = format(input, None, &reader, &sorting).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(formatted.text).unwrap();
    let z = text.find("\"z\"").unwrap();
    let y = text.find("\"y\"").unwrap();
    assert!(
        z < y,
        "the section before the verbatim entry was sorted:\n{text}"
    );
    assert!(text.ends_with(" TXT\"\"de\n"), "{text}");
    assert!(
        formatted
            .notes
            .iter()
            .any(|n| n.contains("written as it was")),
        "{:?}",
        formatted.notes
    );
}

/// fmt: tokens written with nothing between them were kept together as one, also in the
/// owner, TTL, class and type fields that the reader splits (`" "TXT""v TXT` is the owner
/// `\032`, type TXT and three strings); the record was rebuilt with the owner `" "TXT""v`, and
/// the formatter's own check refused to write.
#[test]
fn an_entry_whose_owner_is_joined_to_its_type_is_written_as_it_was() {
    use zonefmt::fmt::{format, FormatOptions};
    let reader = options();
    let input = b"@ 0 SOA . . 5 0 0 0 0\n\" \"TXT\"\"v TXT\n";
    for sort in [false, true] {
        let options = FormatOptions {
            sort,
            ..FormatOptions::default()
        };
        let formatted = format(input, None, &reader, &options).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(formatted.text).unwrap();
        assert!(text.ends_with("\n\" \"TXT\"\"v TXT\n"), "{text}");
    }
}

/// fmt: a carriage return after a backslash at the end of the last line (`\` then `\r`, no
/// line break) was kept as if escaped and written with a `\n` after it, which the next run read
/// as a `\r\n` file and wrote with `\r\r\n`: not idempotent. The lexer reads that carriage
/// return as a blank (a backslash does not escape one), so it goes like any other at the end of
/// a line.
#[test]
fn a_carriage_return_after_a_backslash_at_the_end_of_the_file_goes() {
    use zonefmt::fmt::{format, FormatOptions};
    let reader = options();
    let options = FormatOptions::default();
    let once = format(b"$INCLUDE \\\r", None, &reader, &options)
        .unwrap_or_else(|e| panic!("{e}"))
        .text;
    assert_eq!(once, b"$INCLUDE \\\n");
    let twice = format(&once, None, &reader, &options)
        .unwrap_or_else(|e| panic!("{e}"))
        .text;
    assert_eq!(twice, once);
    let crlf = format(b"@ 0 NS ns ; c\r\n@ 0 NS ns2\r\n", None, &reader, &options)
        .unwrap_or_else(|e| panic!("{e}"))
        .text;
    assert!(crlf.ends_with(b"ns2\r\n"), "{crlf:?}");
}

/// cloudflare_json: an API record with a TTL above 2^31 - 1 was converted to a zone line that
/// reads back with TTL 0 (RFC 2181 §8, as BIND reads it): lost on the way. It is refused now.
#[test]
fn an_api_ttl_a_zone_file_cannot_keep_is_refused() {
    use zonefmt::cloudflare::convert::from_api;
    use zonefmt::cloudflare::model::DnsRecord;
    let zone = Name::from_ascii("example.com.").ok();
    let json = r#"{"name":"a","type":"CAA","data":{"flags":0,"tag":"issue","value":"ca.example"},"ttl":3655350000}"#;
    let record: DnsRecord = serde_json::from_str(json).unwrap();
    let err = from_api::record(&record, zone.as_ref()).unwrap_err();
    assert_eq!(err.code, ErrorCode::CfBadApiRecord, "{err}");
    assert!(err.to_string().contains("TTL 3655350000"), "{err}");
    let largest = json.replace("3655350000", "2147483647");
    let record: DnsRecord = serde_json::from_str(&largest).unwrap();
    let converted = from_api::record(&record, zone.as_ref()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(converted.record.ttl, 2_147_483_647);
}

/// fmt (a finding of the target's own check, 2026-12-05): `fmt` formats one file and keeps a
/// refused `$INCLUDE` as written, so its output has the input's error, the refusal, and must
/// have no other; the target had asserted that the output had no error at all. The refused
/// path (a NUL and a backslash cut short by the end of the input) is written back as it was.
#[test]
fn a_refused_include_is_kept_with_its_error_and_no_other() {
    use zonefmt::fmt::{format, read_records, FormatOptions};
    let reader = options();
    let input = b"$INCLUDE \0\\";
    let once = format(input, None, &reader, &FormatOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .text;
    assert_eq!(once, b"$INCLUDE \0\\\n");
    let errors = |text: &[u8]| -> Vec<ErrorCode> {
        let (_, diagnostics) = read_records(text, None, &reader);
        diagnostics.iter().map(|d| d.code).collect()
    };
    assert_eq!(errors(input), [ErrorCode::IncludeNotAllowed]);
    assert_eq!(errors(&once), errors(input));
}
