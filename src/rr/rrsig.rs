//! RRSIG (RFC 4034) and its predecessor SIG (RFC 2535, still used for SIG(0)).
//!
//! Both follow BIND 9.18's grammar: the type covered is a mnemonic, `TYPEnnn` or a plain
//! number; the signature times are `YYYYMMDDHHmmSS` (UTC), and for RRSIG also a plain number of
//! seconds when written with at most 10 digits (BIND's rule for telling the forms apart; SIG
//! takes only the 14-digit form, as in BIND). A 14-digit time past 2106 (or before 1970) is
//! reduced modulo 2^32, RFC 4034 §3.1.5's serial-number arithmetic. Times print as
//! `YYYYMMDDHHmmSS` reading the 32-bit value as seconds since 1970, so from 1970 to 2106;
//! BIND instead prints the date within 68 years of the current time, which differs only for
//! values after 2094 or before 1970 as of 2026.
//!
//! RRSIG, as in BIND, must not name a signer with more labels than the Labels field: the
//! signer is the zone apex, an ancestor of the owner.

use std::cmp::Ordering;

use super::dnssec::parse_algorithm;
use super::{FieldError, Fields, Printer, RData, RecordType, WireError, WireReader};
use crate::error::ErrorCode;
use crate::name::Name;
use crate::rr::fields::parse_decimal;

/// A signature over an RRset (RRSIG), or a SIG record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rrsig {
    pub type_covered: RecordType,
    pub algorithm: u8,
    /// Labels in the original owner name, not counting the root or a leading `*`.
    pub labels: u8,
    pub original_ttl: u32,
    /// Seconds since 1970 modulo 2^32; compare with [`compare_times`].
    pub expiration: u32,
    pub inception: u32,
    pub key_tag: u16,
    pub signer_name: Name,
    pub signature: Vec<u8>,
}

impl Rrsig {
    /// Whether the signature's validity period includes `now` (seconds since 1970, taken
    /// modulo 2^32), with RFC 1982 serial-number arithmetic as RFC 4034 §3.1.5 asks.
    pub fn is_current_at(&self, now: u64) -> bool {
        let now = now as u32;
        compare_times(self.inception, now) != Ordering::Greater
            && compare_times(now, self.expiration) != Ordering::Greater
    }
}

/// Compares two signature times with RFC 1982 serial-number arithmetic: `a` is earlier when
/// `b` lies less than 2^31 seconds after it. Times exactly 2^31 apart compare as equal, a case
/// RFC 1982 leaves undefined.
pub fn compare_times(a: u32, b: u32) -> Ordering {
    let diff = b.wrapping_sub(a);
    match diff {
        0 => Ordering::Equal,
        d if d < 0x8000_0000 => Ordering::Less,
        d if d > 0x8000_0000 => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (any year, no range checks).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads a `YYYYMMDDHHmmSS` time (UTC) as seconds since 1970 modulo 2^32. Second 60 (a leap
/// second) is accepted, as BIND accepts it.
pub fn parse_time_stamp(text: &[u8]) -> Option<u32> {
    if text.len() != 14 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let field = |range: std::ops::Range<usize>| {
        text.get(range)
            .and_then(parse_decimal)
            .and_then(|n| i64::try_from(n).ok())
    };
    let (year, month, day) = (field(0..4)?, field(4..6)?, field(6..8)?);
    let (hour, minute, second) = (field(8..10)?, field(10..12)?, field(12..14)?);
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(seconds.rem_euclid(1 << 32) as u32)
}

/// Reads an RRSIG time: at most 10 characters is a plain number of seconds (up to
/// 4294967295), anything longer the `YYYYMMDDHHmmSS` form.
pub fn parse_time(text: &[u8]) -> Option<u32> {
    if text.len() <= 10 {
        parse_decimal(text).and_then(|n| u32::try_from(n).ok())
    } else {
        parse_time_stamp(text)
    }
}

/// Formats a signature time as `YYYYMMDDHHmmSS`, reading it as seconds since 1970.
pub fn format_time(time: u32) -> String {
    let seconds = i64::from(time);
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let rem = seconds.rem_euclid(86_400);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Reads a type covered: a mnemonic, `TYPEnnn` or (as BIND allows) a plain number.
pub(crate) fn parse_type(f: &mut Fields<'_, '_>, what: &str) -> Result<RecordType, FieldError> {
    f.parse_with(
        what,
        "a type mnemonic, TYPEnnn or a number up to 65535",
        |t| {
            RecordType::from_mnemonic(t).or_else(|| {
                parse_decimal(t)
                    .and_then(|n| u16::try_from(n).ok())
                    .map(RecordType)
            })
        },
    )
}

fn labels_error(labels: u8, signer: &Name) -> String {
    format!(
        "signer name {signer} has {} labels, more than the Labels field ({labels}); the signer must be an ancestor of the owner",
        signer.label_count()
    )
}

impl RData for Rrsig {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let is_rrsig = f.rtype() == RecordType::RRSIG;
        let type_covered = parse_type(f, "type covered")?;
        let algorithm = parse_algorithm(f)?;
        let labels = f.u8("labels")?;
        let original_ttl = f.u32("original TTL")?;
        type TimeReader = fn(&[u8]) -> Option<u32>;
        let (convert, expected): (TimeReader, &str) = if is_rrsig {
            (
                parse_time,
                "YYYYMMDDHHmmSS or seconds since 1970 up to 4294967295",
            )
        } else {
            (parse_time_stamp, "YYYYMMDDHHmmSS")
        };
        let expiration = f.parse_with("signature expiration", expected, convert)?;
        let inception = f.parse_with("signature inception", expected, convert)?;
        let key_tag = f.u16("key tag")?;
        let signer_token = f.peek();
        let signer_name = f.name("signer name")?;
        if is_rrsig && signer_name.label_count() > usize::from(labels) {
            if let Some(t) = signer_token {
                return Err(FieldError::at(
                    &t,
                    ErrorCode::BadField,
                    format!("{} in RRSIG record", labels_error(labels, &signer_name)),
                ));
            }
        }
        let signature = f.base64_rest("signature", false)?;
        if signature.is_empty() {
            return Err(f.missing("signature"));
        }
        Ok(Rrsig {
            type_covered,
            algorithm,
            labels,
            original_ttl,
            expiration,
            inception,
            key_tag,
            signer_name,
            signature,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.display(self.type_covered);
        p.display(self.algorithm);
        p.display(self.labels);
        p.display(self.original_ttl);
        p.text(&format_time(self.expiration));
        p.text(&format_time(self.inception));
        p.display(self.key_tag);
        p.name(&self.signer_name);
        p.base64(&self.signature);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.type_covered.0.to_be_bytes());
        out.push(self.algorithm);
        out.push(self.labels);
        for v in [self.original_ttl, self.expiration, self.inception] {
            out.extend_from_slice(&v.to_be_bytes());
        }
        out.extend_from_slice(&self.key_tag.to_be_bytes());
        out.extend_from_slice(self.signer_name.as_wire());
        out.extend_from_slice(&self.signature);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let sig = Rrsig {
            type_covered: RecordType(w.u16()?),
            algorithm: w.u8()?,
            labels: w.u8()?,
            original_ttl: w.u32()?,
            expiration: w.u32()?,
            inception: w.u32()?,
            key_tag: w.u16()?,
            signer_name: w.name()?,
            signature: w.rest().to_vec(),
        };
        if sig.signature.is_empty() {
            return Err(WireError::Invalid("signature is empty".into()));
        }
        if w.rtype() == Some(RecordType::RRSIG)
            && sig.signer_name.label_count() > usize::from(sig.labels)
        {
            return Err(WireError::Invalid(labels_error(
                sig.labels,
                &sig.signer_name,
            )));
        }
        Ok(sig)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rr::testing::*;
    use crate::rr::RecordData;

    /// From testdata/ldns/08-zonereader.tpkg/08-zonereader.outputzone (test.jelte.nlnetlabs.nl).
    const LDNS_DS_RRSIG: &str = "DS 5 4 3600 20660111130313 20051228130313 42860 jelte.nlnetlabs.nl. HWkAXexo6jjwGv7hkajHSc2s/ihF0kae5uOOhZJNDgIS9jrR2WX7jkpkZEUG4UqEbBuZtJz3fNOmYnepb9K9YUEQan5HDJA/wh2gt589mM1Uvo34ea3uigtNhYD6Dj18f2+VQYybbTINGbEjMclgmD4dQG+LL9sBfCPzaVsZxt4=";

    #[test]
    fn rrsig_from_ldns_test_zone() {
        let data = assert_round_trip(
            "RRSIG",
            LDNS_DS_RRSIG,
            LDNS_DS_RRSIG,
            "002B050400000E10B4A0DA9143B28D11A76C056A656C7465096E6C6E65746C616273026E6C001D69005DEC68EA38F01AFEE191A8C749CDACFE2845D2469EE6E38E85924D0E0212F63AD1D965FB8E4A64644506E14A846C1B99B49CF77CD3A66277A96FD2BD6141106A7E470C903FC21DA0B79F3D98CD54BE8DF879ADEE8A0B4D8580FA0E3D7C7F6F95418C9B6D320D19B12331C960983E1D406F8B2FDB017C23F3695B19C6DE",
        );
        let RecordData::Rrsig(sig) = data else {
            panic!("not RRSIG: {data:?}")
        };
        assert_eq!(sig.type_covered, RecordType::DS);
        // dnspython: 3030440593 and 1135774993.
        assert_eq!(sig.expiration, 3_030_440_593);
        assert_eq!(sig.inception, 1_135_774_993);
        assert!(sig.is_current_at(1_800_000_000));
        assert!(!sig.is_current_at(3_030_440_594));
        assert!(!sig.is_current_at(1_135_774_992));
    }

    #[test]
    fn rrsig_time_forms() {
        // Plain numbers (at most 10 digits), TYPEnnn and a plain type number, a leap second.
        assert_round_trip(
            "RRSIG",
            "TYPE1 RSASHA256 1 300 4294967295 0 12345 @ AA==",
            "A 8 1 300 21060207062815 19700101000000 12345 example. AA==",
            "000108010000012CFFFFFFFF000000003039076578616D706C650000",
        );
        assert_round_trip(
            "RRSIG",
            "65535 8 0 0 20191231235960 0000000001 0 . AQID",
            "TYPE65535 8 0 0 20200101000000 19700101000001 0 . AQID",
            "FFFF0800000000005E0BE10000000001000000010203",
        );
        // Years past 2106 and before 1970 wrap modulo 2^32, as BIND computes them.
        assert_round_trip(
            "RRSIG",
            "A 8 1 300 21060207062816 19000101000000 1 example. AA==",
            "A 8 1 300 19700101000000 20360207062816 1 example. AA==",
            "000108010000012C000000007C5581800001076578616D706C650000",
        );
        assert_eq!(parse_time(b"20200229000000"), Some(1_582_934_400));
        assert_eq!(
            parse_time(b"99991231235959"),
            Some((253_402_300_799i64 % (1 << 32)) as u32)
        );
        for bad in [
            &b"20190229000000"[..],
            b"00000000000001",
            b"20201301000000",
            b"20201231240000",
            b"20201231236000",
            b"20201231235961",
            b"2019123123595",
            b"201912312359590",
            b"99999999999",
            b"4294967296",
            b"+123",
            b"-123",
            b"0x10",
            b"",
        ] {
            assert_eq!(parse_time(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(format_time(0), "19700101000000");
        assert_eq!(format_time(951_782_400), "20000229000000");
    }

    #[test]
    fn rrsig_rejections() {
        assert_rejects(
            "RRSIG",
            "FOO 8 1 300 1 1 1 . AA==",
            "invalid type covered \"FOO\" in RRSIG record (expected a type mnemonic, TYPEnnn or a number up to 65535)",
        );
        assert_rejects(
            "RRSIG",
            "A 8 1 1h 1 1 1 . AA==",
            "invalid original TTL \"1h\"",
        );
        assert_rejects(
            "RRSIG",
            "A 8 256 300 1 1 1 . AA==",
            "invalid labels \"256\"",
        );
        assert_rejects(
            "RRSIG",
            "A 8 1 300 20190229000000 1 1 . AA==",
            "invalid signature expiration \"20190229000000\" in RRSIG record (expected YYYYMMDDHHmmSS or seconds since 1970 up to 4294967295)",
        );
        assert_rejects(
            "RRSIG",
            "A 8 1 300 1 4294967296 1 . AA==",
            "invalid signature inception \"4294967296\"",
        );
        assert_rejects(
            "RRSIG",
            "A 8 1 300 1 1 1 foo.example. AA==",
            "signer name foo.example. has 2 labels, more than the Labels field (1); the signer must be an ancestor of the owner in RRSIG record",
        );
        assert_rejects(
            "RRSIG",
            "A 8 1 300 1 1 1 example.",
            "missing signature in RRSIG record",
        );
        assert_rejects(
            "RRSIG",
            "A 8 1 300 1 1 1 example. AA=A",
            "invalid signature \"AA=A\" in RRSIG record (expected base64)",
        );
        assert_wire_rejects("RRSIG", "000108010000012C0000000100000001");
        assert_wire_rejects("RRSIG", "000108010000012C000000010000000130390765");
        assert_wire_rejects(
            "RRSIG",
            "000108010000012C00000001000000013039076578616D706C6500",
        );
        assert_wire_rejects(
            "RRSIG",
            "000108000000012C00000001000000013039076578616D706C650000",
        );
    }

    #[test]
    fn sig() {
        // SIG takes only the 14-digit times and has no signer/labels rule (BIND 9.18).
        assert_round_trip(
            "SIG",
            "A 8 0 300 20200101000000 20200101000000 12345 foo.example. AA AA",
            "A 8 0 300 20200101000000 20200101000000 12345 foo.example. AAAA",
            "000108000000012C5E0BE1005E0BE100303903666F6F076578616D706C6500000000",
        );
        assert_rejects(
            "SIG",
            "A 8 1 300 20200101000000 1 1 . AA==",
            "invalid signature inception \"1\" in SIG record (expected YYYYMMDDHHmmSS)",
        );
        assert_wire_rejects("SIG", "000108000000012C0000000100000001303900");
    }

    #[test]
    fn serial_time_comparison() {
        assert_eq!(compare_times(1, 2), Ordering::Less);
        assert_eq!(compare_times(u32::MAX, 1), Ordering::Less);
        assert_eq!(compare_times(1, u32::MAX), Ordering::Greater);
        assert_eq!(compare_times(0, 0x8000_0000), Ordering::Equal);
        assert_eq!(compare_times(7, 7), Ordering::Equal);
    }
}
