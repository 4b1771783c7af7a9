//! GPOS (RFC 1712): geographical position as three decimal numbers in character-strings.
//!
//! RFC 1712 labels the first wire field LONGITUDE but gives it the range −90…90 and "north of
//! the equator", and its example (`-32.6882 116.8652 10.0`) is latitude first. The fields here
//! are named by that meaning: latitude, longitude, altitude. BIND checks nothing; this crate
//! checks, as dnspython does, that each is a decimal number (optional sign, digits, optional
//! fraction; no exponent) and that latitude is within ±90 and longitude within ±180.

use super::{wire::put_char_string, FieldError, Fields, Printer, RData, WireError, WireReader};

/// A geographical position (superseded by LOC).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Gpos {
    /// Degrees north (negative: south), as written; −90…90.
    pub latitude: Vec<u8>,
    /// Degrees east (negative: west), as written; −180…180.
    pub longitude: Vec<u8>,
    /// Metres above sea level, as written.
    pub altitude: Vec<u8>,
}

impl Gpos {
    /// The latitude in degrees; `None` if the text is not a checked number.
    pub fn latitude_degrees(&self) -> Option<f64> {
        decimal(&self.latitude)
    }
    /// The longitude in degrees.
    pub fn longitude_degrees(&self) -> Option<f64> {
        decimal(&self.longitude)
    }
    /// The altitude in metres.
    pub fn altitude_metres(&self) -> Option<f64> {
        decimal(&self.altitude)
    }
}

/// The value of `[+-]?digits?(.digits?)?` with at least one digit; `None` otherwise.
fn decimal(text: &[u8]) -> Option<f64> {
    let unsigned = text
        .strip_prefix(b"-")
        .or_else(|| text.strip_prefix(b"+"))
        .unwrap_or(text);
    let (int, frac) = match unsigned.iter().position(|&c| c == b'.') {
        Some(dot) => (unsigned.get(..dot)?, unsigned.get(dot + 1..)?),
        None => (unsigned, &[][..]),
    };
    let digits_ok = int.iter().chain(frac).all(u8::is_ascii_digit);
    if !digits_ok || int.len() + frac.len() == 0 {
        return None;
    }
    std::str::from_utf8(text).ok()?.parse().ok()
}

fn within(text: &[u8], limit: Option<f64>) -> bool {
    decimal(text).is_some_and(|v| limit.is_none_or(|l| (-l..=l).contains(&v)))
}

const LIMITS: [(&str, Option<f64>, &str); 3] = [
    ("latitude", Some(90.0), "a decimal number from -90 to 90"),
    (
        "longitude",
        Some(180.0),
        "a decimal number from -180 to 180",
    ),
    ("altitude", None, "a decimal number"),
];

impl RData for Gpos {
    fn parse(f: &mut Fields<'_, '_>) -> Result<Self, FieldError> {
        let mut fields: [Vec<u8>; 3] = Default::default();
        for (out, (what, limit, expected)) in fields.iter_mut().zip(LIMITS) {
            let Some(token) = f.peek() else {
                return Err(f.missing(what));
            };
            *out = f.char_string(what)?;
            if !within(out, limit) {
                return Err(f.invalid(&token, what, expected));
            }
        }
        let [latitude, longitude, altitude] = fields;
        Ok(Gpos {
            latitude,
            longitude,
            altitude,
        })
    }
    fn print(&self, p: &mut Printer<'_>) {
        p.quoted(&self.latitude);
        p.quoted(&self.longitude);
        p.quoted(&self.altitude);
    }
    fn encode(&self, out: &mut Vec<u8>) {
        put_char_string(out, &self.latitude);
        put_char_string(out, &self.longitude);
        put_char_string(out, &self.altitude);
    }
    fn decode(w: &mut WireReader<'_>) -> Result<Self, WireError> {
        let mut fields: [Vec<u8>; 3] = Default::default();
        for (out, (what, limit, expected)) in fields.iter_mut().zip(LIMITS) {
            let s = w.char_string()?;
            if !within(s, limit) {
                return Err(WireError::Invalid(format!("GPOS {what} is not {expected}")));
            }
            *out = s.to_vec();
        }
        let [latitude, longitude, altitude] = fields;
        Ok(Gpos {
            latitude,
            longitude,
            altitude,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::rr::testing::*;
    use crate::rr::RecordData;

    #[test]
    fn gpos_round_trips() {
        let data = assert_round_trip(
            "GPOS",
            "-32.6882 116.8652 10.0",
            "\"-32.6882\" \"116.8652\" \"10.0\"",
            "082D33322E36383832083131362E383635320431302E30",
        );
        let RecordData::Gpos(g) = data else {
            panic!("not GPOS: {data:?}")
        };
        assert_eq!(g.latitude_degrees(), Some(-32.6882));
        assert_eq!(g.longitude_degrees(), Some(116.8652));
        assert_eq!(g.altitude_metres(), Some(10.0));
        assert_round_trip(
            "GPOS",
            "\"+90\" -180 .5",
            "\"+90\" \"-180\" \".5\"",
            "032B3930042D313830022E35",
        );
        assert_round_trip(
            "GPOS",
            "-90. 180.000 -1000000",
            "\"-90.\" \"180.000\" \"-1000000\"",
            "042D39302E073138302E303030082D31303030303030",
        );
    }

    #[test]
    fn gpos_rejects() {
        assert_rejects(
            "GPOS",
            "91 0 0",
            "invalid latitude \"91\" in GPOS record (expected a decimal number from -90 to 90)",
        );
        assert_rejects(
            "GPOS",
            "0 -180.01 0",
            "invalid longitude \"-180.01\" in GPOS record (expected a decimal number from -180 to 180)",
        );
        assert_rejects(
            "GPOS",
            "0 0 x",
            "invalid altitude \"x\" in GPOS record (expected a decimal number)",
        );
        for bad in [
            "1.2.3", "\"\"", ".", "1e3", "inf", "NaN", "+-1", "- 1", "0x10",
        ] {
            assert_rejects("GPOS", &format!("{bad} 0 0"), "invalid latitude");
        }
        assert_rejects("GPOS", "0 0", "missing altitude in GPOS record");
        assert_rejects("GPOS", "", "missing latitude in GPOS record");
        assert_rejects(
            "GPOS",
            "0 0 0 0",
            "unexpected \"0\" after the end of GPOS rdata",
        );
        // Wire: each string checked as in text; truncated strings.
        assert_wire_rejects("GPOS", "000000");
        assert_wire_rejects("GPOS", "02393101300130");
        assert_wire_rejects("GPOS", "013001300231");
        assert_wire_rejects("GPOS", "0130013001");
        assert_wire_rejects("GPOS", "01300130");
    }
}
