//! Canonical presentation output of rdata fields.

use std::fmt::Write;

use crate::name::Name;

/// Writes rdata fields separated by single spaces.
pub struct Printer<'a> {
    out: &'a mut String,
    started: bool,
}

impl<'a> Printer<'a> {
    /// A printer appending to `out`.
    pub fn new(out: &'a mut String) -> Self {
        Printer {
            out,
            started: false,
        }
    }

    /// Starts a new field and returns the buffer to write it into.
    pub fn field(&mut self) -> &mut String {
        if self.started {
            self.out.push(' ');
        }
        self.started = true;
        self.out
    }

    /// A field written with `Display`.
    pub fn display(&mut self, value: impl std::fmt::Display) {
        let _ = write!(self.field(), "{value}");
    }

    /// A literal text field.
    pub fn text(&mut self, value: &str) {
        self.field().push_str(value);
    }

    /// A domain name, absolute.
    pub fn name(&mut self, name: &Name) {
        name.write_text(self.field());
    }

    /// A number in decimal, without a formatter.
    pub fn decimal(&mut self, value: u32) {
        push_decimal(self.field(), value);
    }

    /// A quoted character-string.
    pub fn quoted(&mut self, bytes: &[u8]) {
        crate::text::push_quoted(self.field(), bytes);
    }

    /// Base64 in one block; `-` for empty data where the type's grammar wants a placeholder is
    /// the caller's business.
    pub fn base64(&mut self, bytes: &[u8]) {
        data_encoding::BASE64.encode_append(bytes, self.field());
    }

    /// Upper-case hexadecimal in one block, as BIND prints it.
    pub fn hex(&mut self, bytes: &[u8]) {
        data_encoding::HEXUPPER.encode_append(bytes, self.field());
    }
}

/// Appends `value` in decimal (what `write!(out, "{value}")` writes, for a fraction of its
/// cost: no formatter, no padding logic).
pub fn push_decimal(out: &mut String, value: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut rest = value;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(digits.get(at..).unwrap_or_default()).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_what_the_formatter_writes() {
        let mut values = vec![
            0,
            1,
            9,
            10,
            99,
            100,
            65535,
            65536,
            999_999_999,
            1_000_000_000,
        ];
        values.extend([u32::MAX, u32::MAX - 1, 2_147_483_647, 2_147_483_648]);
        values.extend((0..2000).map(|i: u32| i.wrapping_mul(2_654_435_761)));
        for value in values {
            let mut out = String::from("x");
            push_decimal(&mut out, value);
            assert_eq!(out, format!("x{value}"));
        }
    }
}
