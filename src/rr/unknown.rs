//! RFC 3597 opaque rdata: types without a typed model, and the `\#` presentation form.

use super::{Printer, RecordType};

/// Rdata carried as octets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unknown {
    pub rtype: RecordType,
    pub data: Vec<u8>,
}

impl Unknown {
    /// Prints `\# <length> <hex>` (just `\# 0` when empty).
    pub fn print(&self, p: &mut Printer<'_>) {
        print_generic(p, &self.data);
    }
}

/// Prints octets in the RFC 3597 generic form.
pub fn print_generic(p: &mut Printer<'_>, data: &[u8]) {
    p.text("\\#");
    p.display(data.len());
    if !data.is_empty() {
        p.hex(data);
    }
}
