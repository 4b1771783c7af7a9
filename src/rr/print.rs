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
        self.display(name);
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
