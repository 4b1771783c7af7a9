//! Formatter tests: the rules one by one. Every case also checks the guarantees: formatting
//! the output again changes nothing, and (through [`format`]) the records and comments are
//! those of the input.

use super::*;
use crate::rr::RecordType;

fn options() -> FormatOptions {
    FormatOptions::default()
}

fn fmt(text: &str) -> String {
    fmt_with(text, &options())
}

/// Formats with the checks on, then checks idempotence.
fn fmt_with(text: &str, options: &FormatOptions) -> String {
    let reader = ReaderOptions::with_origin("example.").unwrap();
    let once = match format(text.as_bytes(), None, &reader, options) {
        Ok(f) => f,
        Err(e) => panic!("{e}: {e:?}"),
    };
    let twice = format(&once.text, None, &reader, options).unwrap();
    let out = String::from_utf8(once.text).unwrap();
    assert_eq!(
        String::from_utf8(twice.text).unwrap(),
        out,
        "not idempotent"
    );
    assert!(!twice.changed);
    out
}

#[test]
fn a_hand_kept_zone() {
    let input = "$origin example.\n$ttl 1h\n; header comment   \n\n\n\
        @ in soa ns1 hostmaster ( 2024010101 ; serial number\n   3h 15m 1w\n   ; before minimum\n   5m )\n\
        \x20 in ns ns1\n  in ns ns2.example.net.\n\
        ns1 in a 192.0.2.1 ; first\n\
        www 300 in a 192.0.2.2 ; second comment\n\
        mail mx 10 mx.example.net.\n   ; standalone indented\n\
        txt txt \"v=spf1 include:_spf.example.net ~all\" \"and a second string that is long enough\"\n\
        short txt \"one string only but quite long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n\
        _443._tcp tlsa 3 1 1 ( 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B566 64C5D3D6 )\n\
        sub ns ( ns1 ; inside\n  )\n";
    assert_eq!(
        fmt(input),
        "$ORIGIN example.\n\
         $TTL 1h\n\
         ; header comment\n\
         \n\
         @               IN  SOA     ns1 hostmaster (\n\
         \x20                           2024010101 ; serial number\n\
         \x20                           3h         ; refresh\n\
         \x20                           15m        ; retry\n\
         \x20                           1w         ; expire\n\
         \x20                           ; before minimum\n\
         \x20                           5m         ; minimum\n\
         \x20                           )\n\
         \x20               IN  NS      ns1\n\
         \x20               IN  NS      ns2.example.net.\n\
         ns1             IN  A       192.0.2.1 ; first\n\
         www         300 IN  A       192.0.2.2 ; second comment\n\
         mail            IN  MX      10 mx.example.net.\n\
         ; standalone indented\n\
         txt             IN  TXT     (\n\
         \x20                           \"v=spf1 include:_spf.example.net ~all\"\n\
         \x20                           \"and a second string that is long enough\" )\n\
         short           IN  TXT     \"one string only but quite long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n\
         _443._tcp       IN  TLSA    3 1 1 (\n\
         \x20                           0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514\n\
         \x20                           B56664C5D3D6 )\n\
         sub             IN  NS      ns1       ; inside\n"
    );
}

#[test]
fn columns_are_aligned_per_block() {
    let out = fmt("$TTL 60\na A 192.0.2.1\nlonger-name AAAA ::1\n\nb A 192.0.2.2\n");
    assert_eq!(
        out,
        "$TTL 60\na           A       192.0.2.1\nlonger-name AAAA    ::1\n\nb   A   192.0.2.2\n"
    );
}

#[test]
fn blank_lines_collapse_and_the_file_ends_with_one_line_break() {
    assert_eq!(
        fmt("\n\n$TTL 60\n\n\n\na A 192.0.2.1\n\n\n"),
        "$TTL 60\n\na   A   192.0.2.1\n"
    );
    assert_eq!(
        fmt("$TTL 60\na A 192.0.2.1"),
        "$TTL 60\na   A   192.0.2.1\n"
    );
}

#[test]
fn mnemonics_in_upper_case_and_data_as_written() {
    assert_eq!(
        fmt("$ttl 60\nWww in cname Target.Example.\nx type1 \\# 4 c0000201\ny rrsig a 8 2 60 20300101000000 20200101000000 1 example. AAAA\n"),
        "$TTL 60\n\
         Www CNAME   Target.Example.\n\
         x   TYPE1   \\# 4 c0000201\n\
         y   RRSIG   A 8 2 60 20300101000000 20200101000000 1 example. AAAA\n"
    );
    // Type lists of NSEC are mnemonics too; the next name is data.
    assert_eq!(
        fmt("$TTL 60\na nsec Next.example. a ns rrsig nsec\n"),
        "$TTL 60\na   NSEC    Next.example. A NS RRSIG NSEC\n"
    );
}

#[test]
fn class_written_on_all_records_or_on_none() {
    // Most records write it: all do.
    assert_eq!(
        fmt("$TTL 60\na IN A 192.0.2.1\nb in A 192.0.2.2\nc A 192.0.2.3\n"),
        "$TTL 60\na   IN  A   192.0.2.1\nb   IN  A   192.0.2.2\nc   IN  A   192.0.2.3\n"
    );
    // Most records leave it out: none does.
    assert_eq!(
        fmt("$TTL 60\na IN A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.3\n"),
        "$TTL 60\na   A   192.0.2.1\nb   A   192.0.2.2\nc   A   192.0.2.3\n"
    );
    // TTL and class in the other order come out as TTL, class.
    assert_eq!(fmt("a IN 60 A 192.0.2.1\n"), "a   60  IN  A   192.0.2.1\n");
}

#[test]
fn ttl_styles() {
    let input = "$TTL 300\na 1h A 192.0.2.1\nb 3600 A 192.0.2.2\n  86400 AAAA ::1\nc A 192.0.2.3\n";
    assert_eq!(
        fmt(input),
        "$TTL 300\na   1h      A       192.0.2.1\nb   3600    A       192.0.2.2\n    86400   AAAA    ::1\nc           A       192.0.2.3\n"
    );
    let seconds = FormatOptions {
        ttl: TtlStyle::Seconds,
        ..options()
    };
    assert_eq!(
        fmt_with(input, &seconds),
        "$TTL 300\na   3600    A       192.0.2.1\nb   3600    A       192.0.2.2\n    86400   AAAA    ::1\nc           A       192.0.2.3\n"
    );
    let units = FormatOptions {
        ttl: TtlStyle::Units,
        ..options()
    };
    assert_eq!(
        fmt_with(input, &units),
        "$TTL 5m\na   1h  A       192.0.2.1\nb   1h  A       192.0.2.2\n    1d  AAAA    ::1\nc       A       192.0.2.3\n"
    );
    // A TTL above 2^31-1 keeps its value (the reader reads it as 0 either way).
    assert_eq!(
        fmt_with("a 4294967295 A 192.0.2.1\n", &units),
        "a   7101w3d6h28m15s A   192.0.2.1\n"
    );
}

#[test]
fn soa_keeps_the_authors_field_comments() {
    assert_eq!(
        fmt("@ 60 SOA ns hm ( ; primary and contact\n 7 ; version\n 1h 2h 3h 4h )\n"),
        "@   60  SOA ns hm ( ; primary and contact\n\
         \x20           7  ; version\n\
         \x20           1h ; refresh\n\
         \x20           2h ; retry\n\
         \x20           3h ; expire\n\
         \x20           4h ; minimum\n\
         \x20           )\n"
    );
}

#[test]
fn keys_and_signatures_wrap_and_short_ones_do_not() {
    let key = "AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjFFVQUTf6v58fLjwBd0YI0EzrAcQqBGCzh/RStIoO8g0NfnfL2MTJRkxoXbfDaUeVPQuYEhg37NZWAJQ9VnMVDxP/VHL496M/QZxkjf5/Efucp2gaDX6RS6CXpoY68LsvPVjR0ZSwzz1apAzvN9dlzEheX7ICJBBtuA6G3LQpzW5hOA2hzCTMjJPJ8LbqF6dsV6DoBQzgul0sGIcGOYl7OyQdXfZ57relSQageu+ipAdTTJ25AsRTAoub8ONGcLmqrAmRLKBP1dfwhYB4N7knNnulqQxA+Uk1ihz0=";
    let input = format!("$TTL 60\n@ DNSKEY 257 3 8 {key} ; KSK\n@ DS 1 8 1 ( 49FD46E6C4B45C55D4AC\n 69CBD3CD34AC1AFE51DE )\n");
    let out = fmt(&input);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], "@   DNSKEY  257 3 8 (");
    assert!(lines[2..8]
        .iter()
        .all(|l| l.starts_with("            ") && l.len() <= 80));
    assert!(lines[2..7].iter().all(|l| l.trim().len() == 68));
    assert!(lines[7].ends_with("Uk1ihz0= ) ; KSK"), "{}", lines[7]);
    let joined: String = lines[2..8]
        .iter()
        .map(|l| l.trim().trim_end_matches(" ) ; KSK"))
        .collect();
    assert_eq!(joined, key);
    // A DS fits on one line; the author's split of its digest is kept.
    assert_eq!(
        lines[8],
        "@   DS      1 8 1 49FD46E6C4B45C55D4AC 69CBD3CD34AC1AFE51DE"
    );
    assert_eq!(lines.len(), 9);

    // A narrower width wraps the DS too, and re-cuts its digest.
    let narrow = FormatOptions {
        width: 40,
        ..options()
    };
    let out = fmt_with(
        "$TTL 60\n@ DS 1 8 1 ( 49FD46E6C4B45C55D4AC\n 69CBD3CD34AC1AFE51DE )\n",
        &narrow,
    );
    assert_eq!(
        out,
        "$TTL 60\n@   DS  1 8 1 (\n        49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE )\n"
    );
}

#[test]
fn generic_data_wraps_as_hexadecimal() {
    let hex = "00".repeat(60);
    let out = fmt(&format!("$TTL 60\nx TYPE65280 \\# 60 {hex}\n"));
    assert_eq!(
        out,
        format!(
            "$TTL 60\nx   TYPE65280   \\# 60 (\n                {}\n                {} )\n",
            "00".repeat(32),
            "00".repeat(28)
        )
    );
}

#[test]
fn comments_inside_rdata_keep_the_authors_lines() {
    let input = "$TTL 60\nx MX ( 10 ; preference\n  ; own line\n  mail ) ; after\n";
    assert_eq!(
        fmt(input),
        "$TTL 60\nx   MX  10 ( ; preference\n        ; own line\n        mail ) ; after\n"
    );
    // A comment before the type goes above the record.
    assert_eq!(
        fmt("$TTL 60\n( x ; the name\n A 192.0.2.1 )\n"),
        "$TTL 60\n; the name\nx   A   192.0.2.1\n"
    );
}

#[test]
fn trailing_comments_line_up_in_a_block() {
    assert_eq!(
        fmt("$TTL 60\na A 192.0.2.1 ; one\nbb AAAA 2001:db8::1 ;two\nc A 192.0.2.3\n"),
        "$TTL 60\n\
         a   A       192.0.2.1   ; one\n\
         bb  AAAA    2001:db8::1 ;two\n\
         c   A       192.0.2.3\n"
    );
}

#[test]
fn cloudflare_metadata_stays_on_the_record_line_exactly() {
    let long = "x".repeat(70);
    let input = format!(
        "$TTL 1\nwww.example.com.\t1\tIN\tA\t192.0.2.1 ; web  cf_tags=cf-proxied:true\napi.example.com.\t1\tIN\tA\t192.0.2.2 ; other\nt.example.com.\t1\tIN\tTXT\t\"{long}\" \"{long}\" ; cf_tags=x:y  \n"
    );
    assert_eq!(
        fmt(&input),
        format!(
            "$TTL 1\n\
             www.example.com.    1   IN  A   192.0.2.1 ; web  cf_tags=cf-proxied:true\n\
             api.example.com.    1   IN  A   192.0.2.2 ; other\n\
             t.example.com.      1   IN  TXT \"{long}\" \"{long}\" ; cf_tags=x:y  \n"
        )
    );
}

#[test]
fn directives_stay_where_they_are() {
    assert_eq!(
        fmt("$ttl 60 ; default\na A 192.0.2.1\n$origin sub.example.\nb A 192.0.2.2\n$TTL 1h\n  AAAA ::1\n"),
        "$TTL 60 ; default\na   A   192.0.2.1\n$ORIGIN sub.example.\nb   A   192.0.2.2\n$TTL 1h\n    AAAA    ::1\n"
    );
}

#[test]
fn tokens_written_together_stay_together() {
    // alpn="h2,h3" is two lexer tokens; a blank between them would change the record.
    assert_eq!(
        fmt("$TTL 60\n_https HTTPS 1 . alpn=\"h2,h3\"  port=443\n"),
        "$TTL 60\n_https  HTTPS   1 . alpn=\"h2,h3\" port=443\n"
    );
}

#[test]
fn line_endings_and_byte_order_mark_are_kept() {
    assert_eq!(
        fmt("\u{feff}$TTL 60\r\nx IN A 192.0.2.1\r\ny IN TXT \"a\" ; c \r\n"),
        "\u{feff}$TTL 60\r\nx   IN  A   192.0.2.1\r\ny   IN  TXT \"a\" ; c\r\n"
    );
}

#[test]
fn zones_with_errors_are_refused_with_the_readers_diagnostics() {
    let reader = ReaderOptions::with_origin("example.").unwrap();
    let err = format(
        b"$TTL 60\na A 192.0.2.300\n",
        Some("z.db"),
        &reader,
        &options(),
    )
    .unwrap_err();
    let FormatError::Invalid(diagnostics) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, ErrorCode::BadField);
    assert_eq!(diagnostics[0].location.line, 2);
    assert_eq!(err.code(), ErrorCode::BadField);
    // Unbalanced parentheses too.
    assert!(matches!(
        format(b"$TTL 60\na A ( 192.0.2.1\n", None, &reader, &options()),
        Err(FormatError::Invalid(_))
    ));
}

#[test]
fn without_an_origin_relative_names_are_fine() {
    let out = format(
        b"$TTL 60\nwww A 192.0.2.1\n@ NS ns\n",
        None,
        &ReaderOptions::default(),
        &options(),
    )
    .unwrap();
    assert_eq!(out.text, b"$TTL 60\nwww A   192.0.2.1\n@   NS  ns\n");
}

#[test]
fn refused_includes_do_not_stop_formatting() {
    let reader = ReaderOptions::with_origin("example.").unwrap();
    let out = format(
        b"$TTL 60\n$include other.db\na  A 192.0.2.1\n",
        None,
        &reader,
        &options(),
    )
    .unwrap();
    assert_eq!(out.text, b"$TTL 60\n$INCLUDE other.db\na   A   192.0.2.1\n");
}

#[test]
fn entries_outside_the_rules_are_kept_as_written() {
    // Unchecked formatting of text the lexer refuses keeps those bytes.
    let out = format_unchecked(b"a A ( 1\n", &options());
    assert_eq!(out.text, b"a A ( 1\n");
    let out = format_unchecked(b"x  A 1 )\ny  A   2\n", &options());
    assert_eq!(out.text, b"x  A 1 )\ny   A   2\n");
}

#[test]
fn sort_orders_by_owner_then_type_and_moves_comments() {
    let sort = FormatOptions {
        sort: true,
        ..options()
    };
    let input = "$TTL 60\n\
        www A 192.0.2.1\n\
        \x20 AAAA ::1\n\
        ; mail servers\n\
        mail MX 10 mx\n\
        @ NS ns\n\
        @ SOA ns hm 1 2 3 4 5\n\
        Www TXT \"x\"\n\
        a.www A 192.0.2.2\n";
    assert_eq!(
        fmt_with(input, &sort),
        "$TTL 60\n\
         @       SOA     ns hm (\n\
         \x20               1 ; serial\n\
         \x20               2 ; refresh\n\
         \x20               3 ; retry\n\
         \x20               4 ; expire\n\
         \x20               5 ; minimum\n\
         \x20               )\n\
         @       NS      ns\n\
         ; mail servers\n\
         mail    MX      10 mx\n\
         www     A       192.0.2.1\n\
         Www     TXT     \"x\"\n\
         www     AAAA    ::1\n\
         a.www   A       192.0.2.2\n"
    );
}

#[test]
fn sort_writes_out_owners_a_move_would_change() {
    let sort = FormatOptions {
        sort: true,
        ..options()
    };
    assert_eq!(
        fmt_with(
            "$TTL 60\nz A 192.0.2.1\n  TXT \"z\"\nb A 192.0.2.2\n",
            &sort
        ),
        "$TTL 60\nb   A   192.0.2.2\nz   A   192.0.2.1\n    TXT \"z\"\n"
    );
    assert_eq!(
        fmt_with("$TTL 60\nz TXT \"z\"\n  A 192.0.2.1\n", &sort),
        "$TTL 60\nz   A   192.0.2.1\nz   TXT \"z\"\n"
    );
}

#[test]
fn sort_leaves_order_alone_where_ttls_depend_on_it() {
    let sort = FormatOptions {
        sort: true,
        ..options()
    };
    let reader = ReaderOptions::with_origin("example.").unwrap();
    let input = b"b 60 A 192.0.2.2\na A 192.0.2.1\n$TTL 60\nd A 192.0.2.4\nc A 192.0.2.3\n";
    let out = format(input, None, &reader, &sort).unwrap();
    assert_eq!(
        String::from_utf8(out.text).unwrap(),
        "b   60  A   192.0.2.2\na       A   192.0.2.1\n$TTL 60\nc   A   192.0.2.3\nd   A   192.0.2.4\n"
    );
    assert_eq!(out.notes.len(), 1, "{:?}", out.notes);
}

#[test]
fn every_comment_is_kept() {
    let input = b"; a\n$TTL 60 ; b\nx MX ( ; c\n 10 ; d\n ; e\n mx ) ; f\n; g\n";
    let reader = ReaderOptions::with_origin("example.").unwrap();
    let out = format(input, None, &reader, &options()).unwrap();
    assert!(missing_comments(input, &out.text).is_empty());
    assert!(!missing_comments(input, b"$TTL 60\nx MX 10 mx\n").is_empty());
}

/// The read-back check on outputs a formatter bug could produce: each one is refused, naming
/// what went wrong, and the source's diagnostics come back from the same read.
#[test]
fn the_read_back_refuses_changed_records() {
    let reader = ReaderOptions {
        origin: Some(Name::root()),
        ..ReaderOptions::default()
    };
    let source: &[u8] = b"$TTL 60\nb A 192.0.2.2\na A 192.0.2.1\n";
    let check = |output: &[u8], sorted: bool| {
        let (diagnostics, verdict) =
            super::read_and_verify(source, Some(output), Some("z"), &reader, sorted);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        verdict.err().map(|e| e.to_string())
    };
    let same: &[u8] = b"$TTL 60\nb  A 192.0.2.2\na  A 192.0.2.1\n";
    assert_eq!(check(same, false), None);
    let reordered: &[u8] = b"$TTL 60\na A 192.0.2.1\nb A 192.0.2.2\n";
    assert_eq!(check(reordered, true), None);
    let first_difference = check(reordered, false).unwrap();
    assert!(
        first_difference.contains("first difference: b."),
        "{first_difference}"
    );
    let case: &[u8] = b"$TTL 60\nB A 192.0.2.2\na A 192.0.2.1\n";
    assert!(check(case, false).unwrap().contains("first difference"));
    let short: &[u8] = b"$TTL 60\nb A 192.0.2.2\n";
    assert!(check(short, false)
        .unwrap()
        .contains("a.\t60\tIN\tA\t192.0.2.1 is missing"));
    let long: &[u8] = b"$TTL 60\nb A 192.0.2.2\na A 192.0.2.1\nc A 192.0.2.3\n";
    assert!(check(long, false).unwrap().contains("is new"));
    assert!(check(long, true)
        .unwrap()
        .contains("would change its records"));
    let broken: &[u8] = b"$TTL 60\nb A 192.0.2.2\na A 192.0.2.300\n";
    for sorted in [false, true] {
        assert!(check(broken, sorted)
            .unwrap()
            .contains("would produce text with an error"));
    }
    // A source with an error: its diagnostics, and no verdict on the records.
    let (diagnostics, verdict) =
        super::read_and_verify(b"a A 1.2.3\n", Some(same), None, &reader, false);
    assert!(diagnostics.iter().any(super::blocks_formatting));
    assert!(verdict.is_ok());
}

/// The quick check (`verify.rs`) on what the formatter itself does: the rewrites it knows are
/// shown the same from tokens alone, without reading the output.
#[test]
fn the_quick_check_accepts_the_formatters_own_rewrites() {
    let reader = ReaderOptions::with_origin("example.").unwrap();
    let key =
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BB";
    let digest = "2D711642B726B04401627CA9FBAC32F5C8530FB1903CC4DB02258717921A4881";
    let source = format!(
        "$origin example.\n$ttl 1h\n@ in soa ns hm 1 2 3 4 5\nwww in 300 a 192.0.2.1 ; web\nmail aaaa 2001:db8::1\n\tmx 10 mail\n\
         sub 3600 ds 12345 8 2 {digest}\nsub dnskey 257 3 8 {key}\nt TXT \"a b\" \"c\"\"d\"\n"
    );
    for ttl in [TtlStyle::Keep, TtlStyle::Seconds, TtlStyle::Units] {
        let options = FormatOptions {
            ttl,
            width: 40,
            ..FormatOptions::default()
        };
        let out = format(source.as_bytes(), None, &reader, &options).unwrap();
        assert!(out.changed);
        let (diagnostics, verdict, quick) =
            super::check_output(source.as_bytes(), &out.text, &reader, false);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(verdict, Ok(()));
        assert_eq!(
            quick,
            verify::Quick::Same,
            "{ttl:?}:\n{}",
            String::from_utf8_lossy(&out.text)
        );
    }
}

/// Outputs a faulty formatter could write: none passes the quick check, and each that changes
/// the zone (or loses a comment) is refused by the check as a whole.
#[test]
fn faulty_rewrites_are_not_passed_by_the_quick_check() {
    let reader = ReaderOptions::with_origin("example.").unwrap();
    let digest = "2D711642B726B04401627CA9FBAC32F5C8530FB1903CC4DB02258717921A4881";
    let source = format!(
        "$TTL 60\n$ORIGIN example.\nb A 192.0.2.2 ; web\n\tAAAA 2001:db8::2\nc 30 TXT \"a b\" x\n\
         d DS 12345 8 2 {digest}\ne SVCB 1 . alpn=\"h2\"\nf TXT \\ \n"
    );
    let source = source.as_bytes();
    let check = |output: &str, quick_reader: &ReaderOptions| {
        let (diagnostics, verdict, quick) =
            super::check_output(source, output.as_bytes(), quick_reader, false);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        (verdict, quick)
    };
    // The formatter's way of writing it passes, quickly.
    let good = format(source, None, &reader, &FormatOptions::default()).unwrap();
    let good = String::from_utf8(good.text).unwrap();
    assert_eq!(
        check(&good, &reader),
        (Ok(()), verify::Quick::Same),
        "{good}"
    );
    let line = |n: usize| good.lines().nth(n).unwrap().to_string();
    let with_line = |n: usize, text: &str| {
        let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
        lines[n] = text.to_string();
        lines.join("\n") + "\n"
    };
    let without_line = |n: usize| {
        let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
        lines.remove(n);
        lines.join("\n") + "\n"
    };
    assert!(line(2).starts_with("b "), "{good}");
    let faulty: Vec<(&str, String)> = vec![
        ("address", good.replace("192.0.2.2", "192.0.2.22")),
        ("owner case", with_line(2, &line(2).replacen('b', "B", 1))),
        ("quotes dropped", good.replace("\"a b\"", "a b")),
        (
            "joined token split",
            good.replace("alpn=\"h2\"", "alpn= \"h2\""),
        ),
        ("escaped blank trimmed", good.replace("\\ \n", "\\\n")),
        (
            "blank owner replaced",
            good.replace("\n        AAAA", "\nc       AAAA"),
        ),
        (
            "owner made blank",
            with_line(2, &line(2).replacen('b', " ", 1)),
        ),
        ("class of another zone", good.replace("AAAA", "CH AAAA")),
        ("TTL value", good.replace("30 ", "31 ")),
        ("TTL added", good.replace("b   ", "b 9 ")),
        ("TTL dropped", good.replace("30 ", "   ")),
        ("$TTL value", good.replace("$TTL 60", "$TTL 61")),
        (
            "$ORIGIN case",
            good.replace("$ORIGIN example.", "$ORIGIN Example."),
        ),
        ("type", good.replace("AAAA", "A   ")),
        ("digest", good.replace("2D71", "2D72")),
        (
            "digest into the head",
            good.replace("8 2 (\n                2D71", "8 (\n                22D71"),
        ),
        (
            "digest quoted",
            good.replace(digest, &format!("\"{digest}\"")),
        ),
        ("record dropped", without_line(3)),
        ("record added", good.clone() + "g A 192.0.2.7\n"),
        ("records swapped", {
            let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
            lines.swap(2, 4);
            lines.join("\n") + "\n"
        }),
        ("comment dropped", good.replace(" ; web", "")),
    ];
    for (what, output) in &faulty {
        assert_ne!(
            output, &good,
            "{what}: the fault was not injected in\n{good}"
        );
        let (verdict, quick) = check(output, &reader);
        // Comments are checked on their own, whatever the records' verdict.
        if *what != "comment dropped" {
            assert_eq!(quick, verify::Quick::Unsure, "{what}:\n{output}");
        }
        assert!(verdict.is_err(), "{what} was not refused:\n{output}");
    }
    // Tokens the reader takes the same way, though the quick check cannot tell: the full
    // read-back decides.
    let quoted = good.replace("TXT     \"a b\" x", "TXT     \"a b\" \"x\"");
    let owner = good.replace("\n        AAAA", "\nb       AAAA");
    for output in [quoted, owner] {
        assert_ne!(output, good);
        assert_eq!(
            check(&output, &reader),
            (Ok(()), verify::Quick::Unsure),
            "{output}"
        );
    }
    // The output is lexed with the reader's caps: parentheses the source did not need, or an
    // entry made longer than the reader takes, are errors in the output.
    let strict = ReaderOptions {
        max_paren_depth: 0,
        max_entry_len: 40,
        ..reader.clone()
    };
    let small: &[u8] = b"$TTL 60\na A 192.0.2.1\n";
    let parens = "$TTL 60\na A ( 192.0.2.1 )\n".to_string();
    let padded = format!("$TTL 60\na {:40} A 192.0.2.1\n", "");
    for (what, output) in [("parentheses", parens), ("long entry", padded)] {
        let (diagnostics, verdict, quick) =
            super::check_output(small, output.as_bytes(), &strict, false);
        assert!(diagnostics.is_empty(), "{what}: {diagnostics:?}");
        assert_eq!(quick, verify::Quick::Unsure, "{what}");
        let message = verdict.unwrap_err().to_string();
        assert!(message.contains("with an error"), "{what}: {message}");
        // With the default caps the same output is fine.
        let (_, verdict, quick) = super::check_output(small, output.as_bytes(), &reader, false);
        assert_eq!((verdict, quick), (Ok(()), verify::Quick::Same), "{what}");
    }
}

/// The quick check splits a record's head as the reader does, which first looks for a common
/// type: none of those mnemonics, in any letter case, may read as a class or a TTL.
#[test]
fn common_type_mnemonics_are_neither_classes_nor_ttls() {
    for text in [
        "A", "NS", "AAAA", "DS", "CNAME", "MX", "TXT", "SOA", "RRSIG", "NSEC", "PTR", "SRV",
    ] {
        for t in [text.to_string(), text.to_ascii_lowercase()] {
            let common = RecordType::from_common_mnemonic(t.as_bytes());
            assert!(common.is_some() || t != text, "{t}");
            if let Some(rtype) = common {
                assert_eq!(RecordType::from_mnemonic(t.as_bytes()), Some(rtype), "{t}");
            }
            assert_eq!(Class::from_mnemonic(t.as_bytes()), None, "{t}");
            assert!(!crate::ttl::looks_like_ttl(t.as_bytes()), "{t}");
        }
    }
}

/// The quick check takes the base64 or hexadecimal after a type's fixed fields as one string,
/// however it is cut into tokens (`verify::blob_head`). For each such type the reader agrees:
/// the blob as one token, cut after every character, or joined to nothing else reads the
/// same, and joining it to the field before it does not.
#[test]
fn blobs_read_the_same_however_they_are_cut() {
    let reader = ReaderOptions::with_origin("example.").unwrap();
    let b64 =
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BB";
    let sha256 = "2D711642B726B04401627CA9FBAC32F5C8530FB1903CC4DB02258717921A4881";
    let sha384 = "D752C2C51FBA0E29AA190570A9D4253E44077A058D3297FA3A5630D5BD012622F97C28ACAED313B5C83BB990CAA7DA85";
    let sig_head = "A 8 2 3600 20250101000000 20240101000000 12345 example.";
    let cases = [
        ("DNSKEY", "257 3 8", b64),
        ("CDNSKEY", "257 3 8", b64),
        ("KEY", "256 3 8", b64),
        ("RRSIG", sig_head, b64),
        ("SIG", sig_head, b64),
        ("DS", "12345 8 2", sha256),
        ("CDS", "12345 8 2", sha256),
        ("DLV", "12345 8 2", sha256),
        ("TA", "12345 8 2", sha256),
        ("TLSA", "3 1 1", sha256),
        ("SMIMEA", "3 1 1", sha256),
        ("ZONEMD", "2018031900 1 1", sha384),
        ("CERT", "PGP 0 0", b64),
        ("SSHFP", "4 2", sha256),
        ("IPSECKEY", "10 0 2 .", b64),
        ("OPENPGPKEY", "", b64),
        ("DHCID", "", b64),
        ("TYPE65280", "\\# 32", sha256),
    ];
    for (rtype, head, blob) in cases {
        let fields: Vec<&str> = head.split_whitespace().collect();
        let rt = RecordType::from_mnemonic(rtype.as_bytes()).unwrap();
        let n = super::verify::blob_head(rt, fields.first() == Some(&"\\#"));
        assert_eq!(n, Some(fields.len()), "{rtype}: fields before the blob");
        let zone = |rdata: &str| format!("$TTL 60\nx.example. {rtype} {rdata}\n");
        let records = |rdata: &str| {
            let (records, diagnostics) = read_records(zone(rdata).as_bytes(), None, &reader);
            assert!(
                diagnostics.iter().all(|d| d.severity != Severity::Error),
                "{rtype} {rdata}: {diagnostics:?}"
            );
            records
        };
        let whole = records(&format!("{head} {blob}"));
        assert_eq!(whole.len(), 1);
        let cut: String = blob.chars().map(|c| format!("{c} ")).collect();
        let halves = format!(
            "{} {}",
            &blob[..blob.len() / 2 + 1],
            &blob[blob.len() / 2 + 1..]
        );
        for other in [cut, halves] {
            let again = records(&format!("{head} ( {other} )"));
            assert!(same_record(&whole[0], &again[0]), "{rtype} {other}");
        }
        if let Some(last) = fields.last() {
            // Joined to the last fixed field, the blob reads differently or not at all.
            let joined = format!("{} {last}{blob}", fields[..fields.len() - 1].join(" "));
            let (records, _) = read_records(zone(&joined).as_bytes(), None, &reader);
            assert!(
                records.first().is_none_or(|r| !same_record(r, &whole[0])),
                "{rtype}: {joined}"
            );
        }
    }
}

/// The source read on a second thread gives what the single-threaded path gives: the text,
/// the warnings, the refusals (errors in the source, outputs the tokens cannot show the same,
/// which are read back in full).
#[test]
fn reading_in_parallel_changes_nothing() {
    let reader = ReaderOptions::with_origin("example.").unwrap();
    let mut zones: Vec<Vec<u8>> = vec![
        b"$TTL 1h\n@ in soa ns hm 1 2 3 4 5\nwww in a 192.0.2.1 ; web\n".to_vec(),
        // Formatted already: nothing to check.
        b"www IN A 192.0.2.1\n".to_vec(),
        // Errors: refused with the reader's diagnostics.
        b"www A 192.0.2.300\nx A 1\n$INCLUDE other\n".to_vec(),
        // A warning (no TTL anywhere) and a lower-case mnemonic inside rdata, which the token
        // check leaves to the full read-back.
        b"@ SOA ns hm 1 2 3 4 5\nk nsec l a rrsig\n".to_vec(),
        b"".to_vec(),
    ];
    for path in crate::test_support::testdata_files() {
        zones.push(std::fs::read(&path).unwrap());
    }
    let mut outcomes = [0usize; 3];
    for zone in &zones {
        for sort in [false, true] {
            let options = FormatOptions {
                sort,
                ..FormatOptions::default()
            };
            let alone = format_with(zone, Some("z"), &reader, &options, false, 1 << 18);
            // Small parts: many of them go through the channel.
            for part_bytes in [1 << 18, 200] {
                let parallel = format_with(zone, Some("z"), &reader, &options, true, part_bytes);
                assert_eq!(alone, parallel, "{}", String::from_utf8_lossy(zone));
            }
            outcomes[match alone {
                Ok(_) => 0,
                Err(FormatError::Invalid(_)) => 1,
                Err(FormatError::Unsafe(_)) => 2,
            }] += 1;
        }
    }
    // Both outcomes the parallel path decides differently are covered.
    assert!(outcomes[0] > 100 && outcomes[1] > 10, "{outcomes:?}");
    let unsure = format_with(&zones[3], None, &reader, &options(), true, 1 << 18).unwrap();
    assert!(unsure.changed && !unsure.warnings.is_empty());
    assert!(String::from_utf8(unsure.text)
        .unwrap()
        .contains("l A RRSIG"));
}

/// Streaming: the parts that passed are written as they pass; a part the tokens cannot show
/// the same stops the writing until the whole output has passed the full check, and then the
/// rest is written; a part that fails every check (a formatter bug) leaves only the parts
/// before it written, and says so.
#[test]
fn streaming_writes_only_what_passed() {
    let reader = ReaderOptions::with_origin("example.").unwrap();
    let zone = crate::test_support::many_records(400, Some(300));
    let whole = format_with(&zone, None, &reader, &options(), false, 1 << 18).unwrap();
    assert!(String::from_utf8_lossy(&whole.text).contains("d1 A RRSIG"));
    let mut out = Vec::new();
    let written = format_to_with(&zone, None, &reader, &options(), true, 500, &mut out).unwrap();
    assert!(out == whole.text && written.changed);

    // A changed address near the end: the parts before it are written, no more.
    let faulty: (&[u8], &[u8]) = (b"192.0.1.134", b"192.0.1.135");
    assert!(memchr::memmem::find(&whole.text, faulty.0).is_some());
    format::fault::FAULT.set(Some(faulty));
    let zone = crate::test_support::many_records(400, None);
    let whole = format_with(&zone, None, &reader, &options(), false, 1 << 18);
    let mut out = Vec::new();
    let streamed = format_to_with(&zone, None, &reader, &options(), true, 500, &mut out);
    format::fault::FAULT.set(None);
    let message = match (whole, streamed) {
        (Err(FormatError::Unsafe(w)), Err(FormatToError::Format(FormatError::Unsafe(s)))) => {
            assert!(w.contains("nothing was written"), "{w}");
            s
        }
        other => panic!("{other:?}"),
    };
    let right = format(&zone, None, &reader, &options()).unwrap().text;
    let at = memchr::memmem::find(&right, faulty.0).unwrap();
    assert!(!out.is_empty() && out.len() <= at && right.starts_with(&out));
    assert!(
        message.contains(&format!("only the first {} bytes", out.len())),
        "{message}"
    );

    // Errors in the source: nothing is written.
    let mut zone = crate::test_support::many_records(400, None);
    zone.extend_from_slice(b"x A 192.0.2.300\n");
    let mut out = Vec::new();
    let refused = format_to_with(&zone, None, &reader, &options(), true, 500, &mut out);
    assert!(matches!(
        refused,
        Err(FormatToError::Format(FormatError::Invalid(_)))
    ));
    assert!(out.is_empty());
}
