//! TTL values: plain seconds or BIND's unit form (`1w2d3h4m5s`, any case).

use nom::character::complete::{digit1, one_of};
use nom::combinator::{all_consuming, map_res};
use nom::multi::many1;
use nom::{IResult, Parser};

/// Why a TTL could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TtlError {
    #[error("not a TTL (expected seconds or units such as 1h30m)")]
    Syntax,
    #[error("TTL out of range (at most 4294967295 seconds)")]
    Range,
}

fn number(input: &[u8]) -> IResult<&[u8], u64> {
    map_res(digit1, |d: &[u8]| {
        // Cap the digits so the value cannot overflow u64; anything longer is out of range anyway.
        if d.len() > 19 {
            return Err(());
        }
        Ok::<u64, ()>(d.iter().fold(0u64, |acc, c| acc * 10 + u64::from(c - b'0')))
    })
    .parse(input)
}

fn component(input: &[u8]) -> IResult<&[u8], u64> {
    (number, one_of("wWdDhHmMsS"))
        .map(|(n, unit)| {
            let scale = match unit.to_ascii_lowercase() {
                'w' => 604_800,
                'd' => 86_400,
                'h' => 3_600,
                'm' => 60,
                _ => 1,
            };
            n.saturating_mul(scale)
        })
        .parse(input)
}

/// Parses a TTL as BIND does: all digits, or one or more `<number><unit>` pairs.
///
/// ```
/// assert_eq!(zonefmt::ttl::parse_ttl(b"3600"), Ok(3600));
/// assert_eq!(zonefmt::ttl::parse_ttl(b"1h30M"), Ok(5400));
/// assert!(zonefmt::ttl::parse_ttl(b"1x").is_err());
/// ```
pub fn parse_ttl(text: &[u8]) -> Result<u32, TtlError> {
    let total: u64 = if !text.is_empty() && text.iter().all(u8::is_ascii_digit) {
        // All digits (the common case): at most 19 fit in u64 without overflow, as `number`
        // allows; more are out of range.
        if text.len() > 19 {
            return Err(TtlError::Range);
        }
        text.iter()
            .fold(0u64, |acc, c| acc * 10 + u64::from(c - b'0'))
    } else {
        match all_consuming(many1(component)).parse(text) {
            Ok((_, parts)) => parts.iter().fold(0u64, |acc, n| acc.saturating_add(*n)),
            Err(_) => return Err(TtlError::Syntax),
        }
    };
    u32::try_from(total).map_err(|_| TtlError::Range)
}

/// True when `text` could be a TTL (starts with a digit); used to tell a TTL from a class or
/// type when both are optional.
pub fn looks_like_ttl(text: &[u8]) -> bool {
    text.first().is_some_and(u8::is_ascii_digit)
}

/// Writes `seconds` in BIND's unit form, largest units first (`90` → `1m30s`).
pub fn format_units(seconds: u32) -> String {
    if seconds == 0 {
        return "0".to_string();
    }
    let mut rest = seconds;
    let mut out = String::new();
    for (unit, size) in [
        ('w', 604_800),
        ('d', 86_400),
        ('h', 3_600),
        ('m', 60),
        ('s', 1),
    ] {
        if rest >= size {
            out.push_str(&(rest / size).to_string());
            out.push(unit);
            rest %= size;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(
            parse_ttl(b"1w2d3h4m5s"),
            Ok(604_800 + 2 * 86_400 + 3 * 3600 + 4 * 60 + 5)
        );
        assert_eq!(parse_ttl(b"1W"), Ok(604_800));
        assert_eq!(parse_ttl(b"0"), Ok(0));
        assert_eq!(parse_ttl(b"4294967295"), Ok(u32::MAX));
        assert_eq!(parse_ttl(b"4294967296"), Err(TtlError::Range));
        assert_eq!(parse_ttl(b"99999999999999999999999"), Err(TtlError::Range));
        assert_eq!(parse_ttl(b""), Err(TtlError::Syntax));
        assert_eq!(parse_ttl(b"h"), Err(TtlError::Syntax));
        assert_eq!(parse_ttl(b"1h30"), Err(TtlError::Syntax));
    }

    #[test]
    fn formats_units_back() {
        for s in [0, 1, 59, 60, 90, 3600, 86_400, 604_800, 694_861, u32::MAX] {
            assert_eq!(parse_ttl(format_units(s).as_bytes()), Ok(s));
        }
        assert_eq!(format_units(5400), "1h30m");
    }
}
