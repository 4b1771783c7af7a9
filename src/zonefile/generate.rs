//! `$GENERATE start-stop[/step] lhs [ttl] [class] type rhs`, as BIND reads it.
//!
//! In `lhs` and `rhs`, `$` is the iterator; `${offset}`, `${offset,width}` and
//! `${offset,width,base}` add an offset and format it (base `d`, `o`, `x`, `X`, or nibble mode
//! `n`/`N`: reversed hexadecimal digits separated by dots, `width` counting the dots); `$$` is a
//! literal `$`, and `\X` is copied as is (so `\$` reaches the name or rdata as an escaped `$`).
//! The records are produced one at a time, and their number is capped
//! ([`ReaderOptions::max_generate`](super::ReaderOptions::max_generate)).

use crate::error::{Diagnostic, ErrorCode, Location, Severity};
use crate::name::Name;
use crate::record::Record;
use crate::rr::{fields::parse_decimal, Class, FieldError, RecordType, Token};

use super::entry::{check_rdata_len, name_field, parse_rdata, record_type, Action, Context};
use super::lexer::{Lexed, Lexer};
use super::Item;

/// Longest text one `${...}` may produce (BIND's limit).
const MAX_FIELD: usize = 127;

/// The records of one `$GENERATE`, produced lazily.
pub(crate) struct Generator {
    next: u64,
    stop: u64,
    step: u64,
    lhs: Vec<u8>,
    rhs: Vec<u8>,
    rtype: RecordType,
    class: Class,
    ttl: u32,
    origin: Option<Name>,
    max_rdata_len: usize,
    /// Where the directive is: the records' location.
    location: Location,
    /// Error templates pointing at the lhs and the rhs.
    lhs_error: Diagnostic,
    rhs_error: Diagnostic,
    scratch: Vec<u8>,
}

impl Generator {
    /// The next record, or the error that ends the directive, or `None` when done.
    pub(crate) fn next_item(&mut self) -> Option<Item> {
        if self.next > self.stop {
            return None;
        }
        let it = self.next;
        self.next += self.step;
        let iteration = it as u32;
        Some(match self.record(iteration) {
            Ok(record) => Item::Record(record),
            Err((on_lhs, code, message)) => {
                self.next = self.stop + 1;
                let mut d = if on_lhs {
                    self.lhs_error.clone()
                } else {
                    self.rhs_error.clone()
                };
                d.code = code;
                d.message = format!("$GENERATE with iterator {iteration}: {message}");
                Item::Diagnostic(d)
            }
        })
    }

    fn record(&mut self, it: u32) -> Result<Record, (bool, ErrorCode, String)> {
        self.scratch.clear();
        substitute(&self.lhs, it, &mut self.scratch)
            .map_err(|(code, m)| (true, code, format!("{m} in the owner template")))?;
        let owner_token = Token {
            text: &self.scratch,
            quoted: false,
            offset: 0,
        };
        let owner = name_field(&owner_token, self.origin.as_ref(), "owner name")
            .map_err(|e| (true, e.code, e.message))?;
        self.scratch.clear();
        substitute(&self.rhs, it, &mut self.scratch)
            .map_err(|(code, m)| (false, code, format!("{m} in the rdata template")))?;
        let text: &[u8] = &self.scratch;
        let mut lexer = Lexer::new(text);
        let mut tokens = Vec::new();
        match lexer.next_entry(&mut tokens, None) {
            Ok(Lexed::Entry(entry)) if entry.end == text.len() => {}
            Ok(_) => {
                return Err((
                    false,
                    ErrorCode::BadGenerate,
                    "the rdata template must be one line".into(),
                ))
            }
            Err(e) => return Err((false, e.code, e.message)),
        }
        let type_token = Token {
            text: b"",
            quoted: false,
            offset: 0,
        };
        let data = parse_rdata(self.rtype, &tokens, self.origin.as_ref(), &type_token)
            .map_err(|e| (false, e.code, e.message))?;
        check_rdata_len(&data, &tokens, &type_token, self.max_rdata_len)
            .map_err(|e| (false, e.code, e.message))?;
        Ok(Record {
            owner,
            ttl: self.ttl,
            class: self.class,
            data,
            location: self.location.clone(),
        })
    }
}

impl Context<'_, '_, '_> {
    /// Reads a `$GENERATE` directive and returns the generator of its records.
    pub(crate) fn generate(
        &mut self,
        name: &Token<'_>,
        args: &[Token<'_>],
    ) -> Result<Action<'static>, FieldError> {
        let missing = |what: &str| FieldError {
            code: ErrorCode::BadGenerate,
            message: format!("$GENERATE needs {what}"),
            at: None,
        };
        let range = args.first().ok_or_else(|| missing("a range"))?;
        let lhs = args.get(1).ok_or_else(|| missing("an owner template"))?;
        let after_lhs = args.get(2..).unwrap_or_default();
        let (ttl, class, used) = self.ttl_and_class(after_lhs)?;
        let rest = after_lhs.get(used..).unwrap_or_default();
        let (rtype, type_token) = record_type(rest).map_err(|e| {
            if e.at.is_none() {
                missing("a record type")
            } else {
                e
            }
        })?;
        let rhs = rest.get(1).ok_or_else(|| missing("an rdata template"))?;
        if let Some(extra) = rest.get(2) {
            return Err(FieldError::at(
                extra,
                ErrorCode::TrailingData,
                format!(
                    "unexpected \"{}\" after the $GENERATE rdata template (quote a template that has blanks)",
                    extra.display()
                ),
            ));
        }
        let (start, stop, step) = parse_range(range.text).ok_or_else(|| {
            FieldError::at(
                range,
                ErrorCode::BadGenerate,
                format!(
                    "invalid $GENERATE range \"{}\" (expected start-stop or start-stop/step, with start <= stop <= 2147483647 and step >= 1)",
                    range.display()
                ),
            )
        })?;
        let count = (stop - start) / step + 1;
        if count > self.options.max_generate {
            return Err(FieldError::at(
                range,
                ErrorCode::GenerateLimit,
                format!(
                    "$GENERATE range \"{}\" makes {count} records; at most {} are allowed",
                    range.display(),
                    self.options.max_generate
                ),
            ));
        }
        let total = self.state.generated.saturating_add(count);
        if total > self.options.max_generate_total {
            return Err(FieldError::at(
                range,
                ErrorCode::GenerateLimit,
                format!(
                    "$GENERATE range \"{}\" makes {count} records, {total} with the earlier $GENERATEs of this read; at most {} are allowed",
                    range.display(),
                    self.options.max_generate_total
                ),
            ));
        }
        let ttl = self.resolve_ttl(ttl, None, &type_token)?;
        self.state.generated = total;
        let template = |token: &Token<'_>| {
            self.span.diagnostic(
                self.tokens,
                Severity::Error,
                ErrorCode::BadGenerate,
                String::new(),
                Some((token.offset, token.source_len())),
            )
        };
        let generator = Generator {
            next: start,
            stop,
            step,
            lhs: lhs.text.to_vec(),
            rhs: rhs.text.to_vec(),
            rtype,
            class,
            ttl,
            origin: self.origin.clone(),
            max_rdata_len: self.options.max_rdata_len,
            location: self.span.entry_location(),
            lhs_error: template(lhs),
            rhs_error: template(rhs),
            scratch: Vec::new(),
        };
        let _ = name;
        Ok(Action::Generate(Box::new(generator)))
    }
}

/// `start-stop` or `start-stop/step`, BIND's limits.
fn parse_range(text: &[u8]) -> Option<(u64, u64, u64)> {
    let (range, step) = match text.iter().position(|&c| c == b'/') {
        Some(slash) => (text.get(..slash)?, parse_decimal(text.get(slash + 1..)?)?),
        None => (text, 1),
    };
    let dash = range.iter().position(|&c| c == b'-')?;
    let start = parse_decimal(range.get(..dash)?)?;
    let stop = parse_decimal(range.get(dash + 1..)?)?;
    let limit = i32::MAX as u64;
    (start <= stop && stop <= limit && step >= 1).then_some((start, stop, step))
}

/// Appends `template` with the iterator `it` substituted.
pub(crate) fn substitute(
    template: &[u8],
    it: u32,
    out: &mut Vec<u8>,
) -> Result<(), (ErrorCode, String)> {
    let mut i = 0;
    while let Some(&c) = template.get(i) {
        match c {
            b'\\' => {
                // An escape is copied whole; the name or rdata reader decodes it.
                out.push(c);
                if let Some(&next) = template.get(i + 1) {
                    out.push(next);
                }
                i += 2;
            }
            b'$' => {
                i += 1;
                match template.get(i) {
                    Some(b'$') => {
                        out.push(b'$');
                        i += 1;
                    }
                    Some(b'{') => {
                        let close = template
                            .get(i..)
                            .unwrap_or_default()
                            .iter()
                            .position(|&c| c == b'}')
                            .ok_or_else(|| syntax("\"${\" without \"}\""))?;
                        let modifier =
                            Modifier::parse(template.get(i + 1..i + close).unwrap_or_default())?;
                        modifier.write(it, out)?;
                        i += close + 1;
                    }
                    _ => Modifier::default().write(it, out)?,
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(())
}

fn syntax(what: &str) -> (ErrorCode, String) {
    (ErrorCode::BadGenerate, format!("invalid modifier: {what}"))
}

/// `${offset,width,base}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Modifier {
    offset: i64,
    width: usize,
    base: u8,
}

impl Default for Modifier {
    fn default() -> Self {
        Modifier {
            offset: 0,
            width: 0,
            base: b'd',
        }
    }
}

impl Modifier {
    /// The text between `${` and `}`.
    fn parse(text: &[u8]) -> Result<Modifier, (ErrorCode, String)> {
        let shown = || format!("\"${{{}}}\"", String::from_utf8_lossy(text));
        let bad = || {
            syntax(&format!(
                "{} (expected ${{offset[,width[,base]]}} with base one of d, o, x, X, n, N)",
                shown()
            ))
        };
        let mut parts = text.split(|&c| c == b',');
        let offset_text = parts.next().unwrap_or_default();
        let (negative, digits) = match offset_text.split_first() {
            Some((b'-', rest)) => (true, rest),
            Some((b'+', rest)) => (false, rest),
            _ => (false, offset_text),
        };
        let magnitude = parse_decimal(digits)
            .filter(|n| *n <= i32::MAX as u64 + u64::from(negative))
            .ok_or_else(bad)? as i64;
        let mut modifier = Modifier {
            offset: if negative { -magnitude } else { magnitude },
            ..Modifier::default()
        };
        if let Some(width) = parts.next() {
            modifier.width = parse_decimal(width)
                .filter(|w| *w as usize <= MAX_FIELD)
                .ok_or_else(bad)? as usize;
            if let Some(base) = parts.next() {
                match base {
                    [b @ (b'd' | b'o' | b'x' | b'X' | b'n' | b'N')] => modifier.base = *b,
                    _ => return Err(bad()),
                }
            }
        }
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(modifier)
    }

    fn write(&self, it: u32, out: &mut Vec<u8>) -> Result<(), (ErrorCode, String)> {
        let value = i64::from(it) + self.offset;
        if value > i64::from(i32::MAX) {
            return Err((
                ErrorCode::BadGenerate,
                format!(
                    "iterator {it} plus offset {} is out of range (at most {})",
                    self.offset,
                    i32::MAX
                ),
            ));
        }
        // Like BIND (C's printf of an int), the other bases show a negative value as its
        // 32-bit two's complement.
        let signed = value as i32;
        let unsigned = signed as u32;
        let width = self.width;
        let text = match self.base {
            b'o' => format!("{unsigned:0width$o}"),
            b'x' => format!("{unsigned:0width$x}"),
            b'X' => format!("{unsigned:0width$X}"),
            b'n' | b'N' => nibbles(unsigned, width, self.base == b'N'),
            _ => format!("{signed:0width$}"),
        };
        if text.len() > MAX_FIELD {
            return Err((
                ErrorCode::BadGenerate,
                format!("a modifier produces more than {MAX_FIELD} characters"),
            ));
        }
        out.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// Nibble mode: hexadecimal digits from the lowest, separated by dots, until the value is
/// used up and `width` characters (dots included) are written; as BIND, an even width can
/// leave a final dot.
fn nibbles(mut value: u32, width: usize, upper: bool) -> String {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut out = String::new();
    let mut width = width;
    loop {
        out.push(char::from(
            *digits.get((value & 0xf) as usize).unwrap_or(&b'0'),
        ));
        value >>= 4;
        width = width.saturating_sub(1);
        if width > 0 || value != 0 {
            out.push('.');
            width = width.saturating_sub(1);
        }
        if value == 0 && width == 0 {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(template: &str, it: u32) -> Result<String, String> {
        let mut out = Vec::new();
        substitute(template.as_bytes(), it, &mut out)
            .map(|()| String::from_utf8(out).unwrap())
            .map_err(|(_, m)| m)
    }

    #[test]
    fn modifiers_as_bind_prints_them() {
        // Expected values measured with named-compilezone 9.18 (good-generate-modifier.db and
        // small test files).
        assert_eq!(sub("host$", 7).unwrap(), "host7");
        assert_eq!(sub("1.2.3.${1,0,d}", 7).unwrap(), "1.2.3.8");
        assert_eq!(
            sub("h${0,3}.${-1,2,x}.${10,0,X}.${8,0,o}", 1).unwrap(),
            "h001.00.B.11"
        );
        assert_eq!(
            sub("h${0,3}.${-1,2,x}.${10,0,X}.${8,0,o}", 3).unwrap(),
            "h003.02.D.13"
        );
        assert_eq!(sub("${0,3,n}", 1024).unwrap(), "0.0.4");
        assert_eq!(sub("${-2000,0,n}", 1024).unwrap(), "0.3.c.f.f.f.f.f");
        assert_eq!(sub("${0,8,n}", 0).unwrap(), "0.0.0.0.");
        assert_eq!(sub("${0,7,N}", 0xabc).unwrap(), "C.B.A.0");
        assert_eq!(sub("${0,0,N}", 255).unwrap(), "F.F");
        assert_eq!(sub("a$ b$$ \\$ c", 1).unwrap(), "a1 b$ \\$ c");
        assert_eq!(sub("i${+1}", 1).unwrap(), "i2");
        assert_eq!(sub("${-5,3}", 1).unwrap(), "-04");
    }

    #[test]
    fn bad_modifiers() {
        for bad in [
            "${1,0,dgarbage}",
            "${1000",
            "${0,,d}",
            "${x}",
            "${1,2,q}",
            "${1,2,d,4}",
            "${0,200}",
        ] {
            assert!(sub(bad, 1).is_err(), "{bad}");
        }
        let err = sub("foo${2147483647}", 1).unwrap_err();
        assert!(err.contains("out of range"), "{err}");
        assert!(sub("foo${2147483646}", 1).is_ok());
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range(b"1-10"), Some((1, 10, 1)));
        assert_eq!(parse_range(b"19-28/2147483645"), Some((19, 28, 2147483645)));
        assert_eq!(parse_range(b"5-5"), Some((5, 5, 1)));
        for bad in [
            "5-1",
            "1-2/0",
            "1",
            "0-2147483648",
            "-1-2",
            "1-",
            "a-b",
            "1-2/",
        ] {
            assert_eq!(parse_range(bad.as_bytes()), None, "{bad}");
        }
    }
}
