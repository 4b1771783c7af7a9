//! One entry → one record: owner, TTL and class (either order, both optional), type, rdata;
//! and the rules for what a blank owner or a missing TTL means.

use std::collections::VecDeque;
use std::net::Ipv4Addr;
use std::path::PathBuf;

use crate::error::{ErrorCode, Severity};
use crate::name::{octets_eq, Name, NameError};
use crate::record::Record;
use crate::rr::address::{Aaaa, A};
use crate::rr::dnssec::{algorithm_from_text, digest_length, digest_type_from_text, Ds};
use crate::rr::fields::{decode_hex_pairs, parse_decimal, parse_ipv4, parse_ipv6_plain};
use crate::rr::nsec::{Nsec, TypeBitmap};
use crate::rr::target::{Cname, Ns};
use crate::rr::{Class, FieldError, Fields, RecordData, RecordType, Token};

use super::generate::Generator;
use super::{Item, ReaderOptions, Source, Span, State, MAX_TTL};

/// What the reader has to do after an entry besides queueing its items.
pub(crate) enum Action<'a> {
    None,
    /// Stop reading the current file.
    StopFile,
    /// Start reading an `$INCLUDE`d file (its canonical path is the second field).
    Include(Box<Source<'a>>, PathBuf),
    /// Produce the records of a `$GENERATE`.
    Generate(Box<Generator>),
}

/// Everything one entry is read with.
pub(crate) struct Context<'c, 'b, 't> {
    pub(crate) span: &'c Span<'b>,
    pub(crate) tokens: &'c [Token<'t>],
    /// The origin of the file being read (`$ORIGIN` changes it).
    pub(crate) origin: &'c mut Option<Name>,
    pub(crate) state: &'c mut State,
    pub(crate) options: &'c ReaderOptions,
    pub(crate) out: &'c mut VecDeque<Item>,
    /// Where the entry's record goes (after the diagnostics in `out`, which come first).
    pub(crate) record: &'c mut Option<Record>,
    /// Set when `record` holds the entry's record (it may hold an earlier record, already
    /// handed out, whose room the entry's is written into).
    pub(crate) fresh: &'c mut bool,
    /// Canonical paths of the files being read, outermost first (unknown ones are `None`).
    pub(crate) open_paths: &'c [Option<PathBuf>],
}

impl Context<'_, '_, '_> {
    /// Reads the entry (which has at least one token), queueing its record or diagnostics.
    pub(crate) fn read(&mut self) -> Action<'static> {
        let Some(first) = self.tokens.first() else {
            return Action::None;
        };
        if !self.span.entry.blank_owner && !first.quoted && first.text.first() == Some(&b'$') {
            return self.directive();
        }
        match self.record() {
            Ok(()) => *self.fresh = true,
            Err(e) => self.fail(e),
        }
        Action::None
    }

    /// Queues an error.
    pub(crate) fn fail(&mut self, e: FieldError) {
        let help = help_for(e.code);
        let mut d = self
            .span
            .diagnostic(self.tokens, Severity::Error, e.code, e.message, e.at);
        d.help = help;
        self.out.push_back(Item::Diagnostic(d));
    }

    /// Queues a warning about `token`.
    pub(crate) fn warn(&mut self, code: ErrorCode, message: String, token: &Token<'_>) {
        let d = self.span.diagnostic(
            self.tokens,
            Severity::Warning,
            code,
            message,
            Some((token.offset, token.source_len())),
        );
        self.out.push_back(Item::Diagnostic(d));
    }

    /// Reads the entry's record into `self.record`.
    fn record(&mut self) -> Result<(), FieldError> {
        let tokens = self.tokens;
        let first = tokens.first().copied().ok_or_else(|| FieldError {
            code: ErrorCode::Syntax,
            message: "empty entry".into(),
            at: None,
        })?;
        // The owner ends up in `state.last_owner`, where blank owners find it; the record
        // takes a copy only when its old owner differs.
        let rest = if self.span.entry.blank_owner {
            let Some(owner) = &self.state.last_owner else {
                return Err(FieldError::at(
                    &first,
                    ErrorCode::NoOwner,
                    "the line starts with a blank, so it repeats the previous owner, but there is none",
                ));
            };
            if self.state.origin_changed {
                self.state.origin_changed = false;
                let owner = owner.to_string();
                let origin = self
                    .origin
                    .as_ref()
                    .map_or_else(|| "(none)".to_string(), Name::to_string);
                self.warn(
                    ErrorCode::InheritedOwner,
                    format!("the line starts with a blank, so its owner is the previous owner {owner}, not the new origin {origin}"),
                    &first,
                );
            }
            tokens
        } else {
            self.set_owner(&first)?;
            self.state.origin_changed = false;
            tokens.get(1..).unwrap_or_default()
        };
        // Most entries give a plain TTL, `IN` or neither before the type: those are read
        // without the general search (same result; anything else goes through it).
        let quick = if self.state.general_rdata {
            None
        } else {
            quick_head(rest, self.options.class)
        };
        let (ttl, class, rest, common) = match quick {
            Some((ttl, used, common)) => (
                ttl,
                self.options.class,
                rest.get(used..).unwrap_or_default(),
                common,
            ),
            None => {
                let (ttl, class, used) = self.ttl_and_class(rest)?;
                (ttl, class, rest.get(used..).unwrap_or_default(), None)
            }
        };
        let (rtype, type_token) = match (common, rest.first()) {
            (Some(rtype), Some(token)) => (rtype, *token),
            _ => record_type(rest)?,
        };
        let rdata_tokens = rest.get(1..).unwrap_or_default();
        let origin = self.origin.as_ref();
        // `None` when the rdata went straight into the record being rebuilt (only when there
        // is one: `in_place` implies `self.record` is `Some`).
        let in_place = !self.state.general_rdata
            && self.record.as_mut().is_some_and(|r| {
                rdata_in_place(
                    rtype,
                    rdata_tokens,
                    origin,
                    &mut r.data,
                    &mut self.state.spare_digest,
                )
            });
        let data = if in_place {
            None
        } else {
            Some(parse_rdata(rtype, rdata_tokens, origin, &type_token)?)
        };
        // The entry's length bounds its tokens' (quotes aside), so most entries need no sum.
        let max_rdata = self.options.max_rdata_len;
        let entry_len = self.span.entry.end - self.span.entry.start;
        if entry_len.saturating_add(rest.len().saturating_mul(256)) > max_rdata {
            let written = data
                .as_ref()
                .or_else(|| self.record.as_ref().map(|r| &r.data));
            if let Some(written) = written {
                check_rdata_len(written, rest, &type_token, max_rdata)?;
            }
        }
        let soa_minimum = match &data {
            Some(RecordData::Soa(soa)) => Some(soa.minimum),
            _ => None,
        };
        let ttl = self.resolve_ttl(ttl, soa_minimum, &first)?;
        let Some(owner) = &self.state.last_owner else {
            return Err(FieldError::at(&first, ErrorCode::NoOwner, "no owner"));
        };
        match self.record {
            Some(record) => {
                if !record.owner.same_octets(owner) {
                    record.owner = owner.clone();
                }
                record.ttl = ttl;
                record.class = class;
                if let Some(data) = data {
                    record.data = data;
                }
                self.span.set_entry_location(&mut record.location);
            }
            None => {
                if let Some(data) = data {
                    *self.record = Some(Record {
                        owner: owner.clone(),
                        ttl,
                        class,
                        data,
                        location: self.span.entry_location(),
                    })
                }
            }
        }
        Ok(())
    }

    /// Makes the owner name written as `token` the current owner (`state.last_owner`).
    /// Zones list a name's records together, so when the token and the origin are those of
    /// the previous explicit owner and that name is still the owner in force (an `$INCLUDE`
    /// ending puts back its includer's), nothing is parsed or copied (the origin is compared
    /// octet for octet: its case shows).
    fn set_owner(&mut self, token: &Token<'_>) -> Result<(), FieldError> {
        let state = &mut *self.state;
        let origin = self.origin.as_ref();
        let cache = &mut state.owner_cache;
        if cache.valid && !token.quoted && octets_eq(&cache.text, token.text) {
            let same_origin = match (&cache.origin, origin) {
                (Some(a), Some(b)) => a.same_octets(b),
                (None, None) => true,
                _ => false,
            };
            if same_origin {
                return Ok(());
            }
        }
        let name = name_field(token, origin, "owner name")?;
        cache.text.clear();
        cache.text.extend_from_slice(token.text);
        cache.origin = if token.quoted { None } else { origin.cloned() };
        cache.valid = !token.quoted;
        state.last_owner = Some(name);
        Ok(())
    }

    /// Reads up to one TTL and one class, in either order, from the front of `tokens`.
    /// Returns them (the class defaulting to the zone's) and how many tokens they took.
    pub(crate) fn ttl_and_class(
        &mut self,
        tokens: &[Token<'_>],
    ) -> Result<(Option<u32>, Class, usize), FieldError> {
        let head = find_ttl_and_class(tokens.iter().map(|t| (t.quoted, t.text)));
        let mut ttl = None;
        // In the order written, so that the first bad field is the one reported.
        for (at, token) in tokens.iter().enumerate().take(head.used) {
            if head.ttl == Some(at) {
                ttl = Some(self.ttl_value(token)?);
            } else if let Some(class) = head.class.filter(|c| *c != self.options.class) {
                return Err(FieldError::at(
                    token,
                    ErrorCode::BadClass,
                    format!(
                        "class {class} does not match the zone's class {}",
                        self.options.class
                    ),
                ));
            }
        }
        Ok((ttl, head.class.unwrap_or(self.options.class), head.used))
    }

    /// A TTL token's value; values above 2^31-1 become 0 with a warning, as BIND does.
    pub(crate) fn ttl_value(&mut self, token: &Token<'_>) -> Result<u32, FieldError> {
        let value = crate::ttl::parse_ttl(token.text).map_err(|e| {
            FieldError::at(
                token,
                ErrorCode::BadTtl,
                format!("invalid TTL \"{}\": {e}", token.display()),
            )
        })?;
        Ok(self.clamp_ttl(value, token))
    }

    fn clamp_ttl(&mut self, value: u32, token: &Token<'_>) -> u32 {
        if value > MAX_TTL {
            self.warn(
                ErrorCode::TtlClamped,
                format!("TTL {value} is larger than {MAX_TTL}; it is read as 0 (RFC 2181, as BIND does)"),
                token,
            );
            0
        } else {
            value
        }
    }

    /// The TTL of a record, by BIND's rules (FORMAT.md, "TTLs"): the record's own; else `$TTL`;
    /// else the previous record's (RFC 1035, warned once); else, for an SOA, its minimum, which
    /// then serves as `$TTL` (warned); else an error.
    pub(crate) fn resolve_ttl(
        &mut self,
        explicit: Option<u32>,
        soa_minimum: Option<u32>,
        at: &Token<'_>,
    ) -> Result<u32, FieldError> {
        if let Some(ttl) = explicit {
            self.state.last_ttl = Some(ttl);
            return Ok(ttl);
        }
        if let Some(ttl) = self.state.default_ttl {
            return Ok(ttl);
        }
        if let Some(ttl) = self.state.last_ttl {
            if !self.state.warned_rfc1035 {
                self.state.warned_rfc1035 = true;
                self.warn(
                    ErrorCode::TtlInherited,
                    format!("no TTL and no $TTL: using the previous record's TTL {ttl} (RFC 1035 semantics)"),
                    at,
                );
            }
            return Ok(ttl);
        }
        if let Some(minimum) = soa_minimum {
            let ttl = self.clamp_ttl(minimum, at);
            self.state.default_ttl = Some(ttl);
            self.warn(
                ErrorCode::TtlFromSoa,
                format!("no TTL and no $TTL: using the SOA minimum {ttl} as the default TTL"),
                at,
            );
            return Ok(ttl);
        }
        Err(FieldError::at(
            at,
            ErrorCode::NoTtl,
            "no TTL given, no $TTL in force and no earlier record to take one from",
        ))
    }
}

/// Where the TTL and the class are in the fields after a record's owner: up to one of each,
/// in either order, unquoted, at the front.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TtlAndClass {
    /// Index of the TTL field.
    pub(crate) ttl: Option<usize>,
    pub(crate) class: Option<Class>,
    /// How many fields the two take (the type comes next).
    pub(crate) used: usize,
}

/// Finds the TTL and the class among `fields` (each `(quoted, text)`), by the reader's rule:
/// a class mnemonic is a class, else a token that looks like a TTL is one. The formatter's
/// output check splits entries with the same function, so the two cannot drift apart.
pub(crate) fn find_ttl_and_class<'x>(
    fields: impl IntoIterator<Item = (bool, &'x [u8])>,
) -> TtlAndClass {
    let mut head = TtlAndClass {
        ttl: None,
        class: None,
        used: 0,
    };
    for (quoted, text) in fields.into_iter().take(2) {
        if quoted {
            break;
        }
        match Class::from_mnemonic(text) {
            Some(class) if head.class.is_none() => head.class = Some(class),
            _ if head.ttl.is_none() && crate::ttl::looks_like_ttl(text) => {
                head.ttl = Some(head.used)
            }
            _ => break,
        }
        head.used += 1;
    }
    head
}

/// The TTL before the type, how many fields the TTL and class take, and the type when it is
/// one of the common ones ([`RecordType::from_common_mnemonic`], none of them meta-types),
/// for the heads most entries have (`TYPE`, `TTL TYPE`, `IN TYPE`, `TTL IN TYPE`,
/// `IN TTL TYPE`, with `IN` the zone's class and the TTL plain seconds up to [`MAX_TTL`]), as
/// [`find_ttl_and_class`], [`Context::ttl_and_class`] and [`record_type`] would read them;
/// `None` for anything else, which the general search then reads and reports (a class other
/// than the zone's, a TTL in units, too large or malformed, quotes).
#[inline]
fn quick_head(
    rest: &[Token<'_>],
    zone_class: Class,
) -> Option<(Option<u32>, usize, Option<RecordType>)> {
    let first = rest.first()?;
    if first.quoted {
        return None;
    }
    let (mut ttl, mut used) = (None, 0);
    if crate::ttl::looks_like_ttl(first.text) {
        ttl = Some(plain_ttl(first.text)?);
        used = 1;
    }
    let next = rest.get(used)?;
    if next.quoted {
        return None;
    }
    let common = RecordType::from_common_mnemonic(next.text);
    if common.is_none() && next.text.eq_ignore_ascii_case(b"IN") {
        if zone_class != Class::IN {
            return None;
        }
        used += 1;
        // The search takes at most two fields: a TTL may follow the class, and whatever
        // comes after them is the type.
        if ttl.is_none() {
            if let Some(token) = rest
                .get(used)
                .filter(|t| !t.quoted && crate::ttl::looks_like_ttl(t.text))
            {
                ttl = Some(plain_ttl(token.text)?);
                used += 1;
            }
        }
        let common = rest
            .get(used)
            .filter(|t| !t.quoted)
            .and_then(|t| RecordType::from_common_mnemonic(t.text));
        return Some((ttl, used, common));
    }
    // Without a class, the next field is the type unless it reads as a class (it cannot
    // read as a TTL: a second TTL is not one, and the first would have been taken above).
    // The common types are not classes.
    if common.is_some() || Class::from_mnemonic(next.text).is_none() {
        return Some((ttl, used, common));
    }
    None
}

/// A TTL of plain decimal seconds no larger than [`MAX_TTL`] (so [`crate::ttl::parse_ttl`]
/// reads the same value and nothing is clamped); `None` for any other text.
#[inline]
fn plain_ttl(text: &[u8]) -> Option<u32> {
    if text.is_empty() || text.len() > 10 {
        return None;
    }
    let mut value = 0u64;
    for &c in text {
        if !c.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u64::from(c - b'0');
    }
    u32::try_from(value).ok().filter(|v| *v <= MAX_TTL)
}

/// A hint for some errors.
fn help_for(code: ErrorCode) -> Option<String> {
    Some(
        match code {
            ErrorCode::NoOrigin => "set the origin with $ORIGIN in the file (or --origin on the command line)",
            ErrorCode::NoTtl => "add a `$TTL 3600` line at the top of the file, or give this record a TTL",
            ErrorCode::UnknownType => {
                "a type without a mnemonic can be written as TYPEnnn with RFC 3597 data (\\# length hex)"
            }
            _ => return None,
        }
        .to_string(),
    )
}

/// Reads a domain name field (owner, `$ORIGIN`, ...), naming it `what` in errors.
pub(crate) fn name_field(
    token: &Token<'_>,
    origin: Option<&Name>,
    what: &str,
) -> Result<Name, FieldError> {
    Name::parse(token.text, origin).map_err(|e| {
        let code = if e == NameError::NoOrigin {
            ErrorCode::NoOrigin
        } else {
            ErrorCode::BadName
        };
        FieldError::at(
            token,
            code,
            format!("invalid {what} \"{}\": {e}", token.display()),
        )
    })
}

/// True for types that only exist in queries and transport: OPT and 128–255 (TKEY, TSIG,
/// IXFR, AXFR, MAILB, MAILA, ANY, ...), and the reserved type 0 (RFC 6895 §3.1). BIND refuses
/// them in zone files.
pub(crate) fn is_meta_type(rtype: RecordType) -> bool {
    rtype.0 == 0 || rtype.0 == 41 || (128..=255).contains(&rtype.0)
}

/// The type token at the front of `tokens`.
pub(crate) fn record_type<'a>(tokens: &[Token<'a>]) -> Result<(RecordType, Token<'a>), FieldError> {
    let Some(token) = tokens.first().copied() else {
        return Err(FieldError {
            code: ErrorCode::MissingField,
            message: "missing record type".into(),
            at: None,
        });
    };
    let rtype = (!token.quoted)
        .then(|| RecordType::from_mnemonic(token.text))
        .flatten()
        .ok_or_else(|| {
            FieldError::at(
                &token,
                ErrorCode::UnknownType,
                format!("unknown record type \"{}\"", token.display()),
            )
        })?;
    if is_meta_type(rtype) {
        return Err(FieldError::at(
            &token,
            ErrorCode::MetaType,
            if rtype.0 == 0 {
                "TYPE0 is reserved; it cannot appear in a zone file".to_string()
            } else {
                format!("{rtype} is a meta-type; it cannot appear in a zone file")
            },
        ));
    }
    Ok((rtype, token))
}

/// Reads the rdata of the commonest types (NS, CNAME, A, AAAA of one token, DS of four, NSEC)
/// straight into `data`, the record being rebuilt, and returns true; false for anything
/// else, or when a field does not read (`data` may then hold part of it: the caller reads
/// the entry again through [`parse_rdata`], which reports the error and replaces `data`).
/// Skipping the general path's cursor, its type dispatch and the moves of its ~110-octet
/// results and of the record's data saves about a tenth of a read. Each arm calls what the
/// type's own `parse` calls, so the result is the same.
fn rdata_in_place(
    rtype: RecordType,
    tokens: &[Token<'_>],
    origin: Option<&Name>,
    data: &mut RecordData,
    spare_digest: &mut Vec<u8>,
) -> bool {
    if tokens
        .first()
        .is_some_and(|first| !first.quoted && first.text == b"\\#")
    {
        return false;
    }
    match (rtype, tokens) {
        (RecordType::NS | RecordType::CNAME, [token]) => {
            let Ok(target) = Name::parse(token.text, origin) else {
                return false;
            };
            match data {
                RecordData::Ns(old) if rtype == RecordType::NS => old.target = target,
                RecordData::Cname(old) if rtype == RecordType::CNAME => old.target = target,
                _ if rtype == RecordType::NS => {
                    replace_data(data, RecordData::Ns(Ns { target }), spare_digest)
                }
                _ => replace_data(data, RecordData::Cname(Cname { target }), spare_digest),
            }
        }
        (RecordType::A, [token]) => {
            let Some(address) = parse_ipv4(token.text) else {
                return false;
            };
            replace_data(data, RecordData::A(A { address }), spare_digest);
        }
        (RecordType::AAAA, [token]) => {
            let Some(address) = parse_ipv6_plain(token.text) else {
                return false;
            };
            replace_data(data, RecordData::Aaaa(Aaaa { address }), spare_digest);
        }
        (RecordType::DS, [key_tag, algorithm, digest_type, digest]) => {
            // As `Ds::parse`: the key tag unquoted, the two mnemonics or numbers either way,
            // the digest one unquoted token of the length its type requires.
            let key_tag = Some(key_tag.text)
                .filter(|_| !key_tag.quoted)
                .and_then(parse_decimal)
                .and_then(|n| u16::try_from(n).ok());
            let algorithm = algorithm_from_text(algorithm.text);
            let digest_type = digest_type_from_text(digest_type.text);
            let (Some(key_tag), Some(algorithm), Some(digest_type)) =
                (key_tag, algorithm, digest_type)
            else {
                return false;
            };
            let wanted = digest_length(digest_type);
            if digest.quoted || wanted.is_some_and(|len| digest.text.len() != 2 * len) {
                return false;
            }
            // The old digest's room is reused when the record was a DS already.
            let mut octets = match std::mem::replace(
                data,
                RecordData::A(A {
                    address: Ipv4Addr::UNSPECIFIED,
                }),
            ) {
                RecordData::Ds(old) => old.digest,
                _ => std::mem::take(spare_digest),
            };
            let read = decode_hex_pairs(digest.text, &mut octets);
            *data = RecordData::Ds(Ds {
                key_tag,
                algorithm,
                digest_type,
                digest: octets,
            });
            return read;
        }
        (RecordType::NSEC, [next, types @ ..]) if !next.quoted && !types.is_empty() => {
            // As `Nsec::parse`: the next name, then at least one type, each unquoted.
            let Ok(next_domain) = Name::parse(next.text, origin) else {
                return false;
            };
            let Ok(types) = TypeBitmap::from_tokens(types) else {
                return false;
            };
            replace_data(
                data,
                RecordData::Nsec(Nsec { next_domain, types }),
                spare_digest,
            );
        }
        _ => return false,
    }
    true
}

/// Puts `new` in `data`, keeping a DS record's digest vector it replaces for the next DS.
fn replace_data(data: &mut RecordData, new: RecordData, spare_digest: &mut Vec<u8>) {
    if let RecordData::Ds(old) = data {
        if old.digest.capacity() > spare_digest.capacity() {
            *spare_digest = std::mem::take(&mut old.digest);
        }
    }
    *data = new;
}

/// Reads rdata of type `rtype`: the type's presentation form, or RFC 3597 generic data
/// (`\# length hex`), which for a typed type must decode to a valid value of that type.
pub(crate) fn parse_rdata(
    rtype: RecordType,
    tokens: &[Token<'_>],
    origin: Option<&Name>,
    type_token: &Token<'_>,
) -> Result<RecordData, FieldError> {
    match tokens.first() {
        Some(first) if !first.quoted && first.text == b"\\#" => {
            generic(rtype, first, tokens.get(1..).unwrap_or_default())
        }
        _ => {
            let mut fields = Fields::new(tokens, origin, rtype);
            RecordData::parse(rtype, &mut fields).map_err(|mut e| {
                if e.at.is_none() && tokens.is_empty() {
                    // Nothing after the type: point just past it.
                    e.at = Some((type_token.offset + type_token.source_len(), 0));
                }
                e
            })
        }
    }
}

fn generic(
    rtype: RecordType,
    marker: &Token<'_>,
    tokens: &[Token<'_>],
) -> Result<RecordData, FieldError> {
    let Some(len_token) = tokens.first() else {
        return Err(FieldError {
            code: ErrorCode::BadGeneric,
            message: format!("missing rdata length after \\# in {rtype} record"),
            at: Some((marker.offset + marker.source_len(), 0)),
        });
    };
    let declared = parse_decimal(len_token.text)
        .filter(|n| *n <= 65_535 && !len_token.quoted)
        .ok_or_else(|| {
            FieldError::at(
                len_token,
                ErrorCode::BadGeneric,
                format!(
                    "invalid RFC 3597 rdata length \"{}\" in {rtype} record (expected a number from 0 to 65535)",
                    len_token.display()
                ),
            )
        })? as usize;
    let hex_tokens = tokens.get(1..).unwrap_or_default();
    let mut hex = Vec::with_capacity(declared * 2);
    for t in hex_tokens {
        if t.quoted || !t.text.iter().all(u8::is_ascii_hexdigit) {
            return Err(FieldError::at(
                t,
                ErrorCode::BadGeneric,
                format!(
                    "invalid RFC 3597 data \"{}\" in {rtype} record (expected hexadecimal digits)",
                    t.display()
                ),
            ));
        }
        hex.extend_from_slice(t.text);
    }
    let at = (
        marker.offset,
        hex_tokens
            .last()
            .map_or(len_token.offset + len_token.source_len(), |t| {
                t.offset + t.source_len()
            })
            - marker.offset,
    );
    if hex.len() % 2 != 0 {
        return Err(FieldError {
            code: ErrorCode::BadGeneric,
            message: format!(
                "RFC 3597 data in {rtype} record has an odd number of hexadecimal digits ({})",
                hex.len()
            ),
            at: Some(at),
        });
    }
    let data = data_encoding::HEXUPPER_PERMISSIVE
        .decode(&hex)
        .map_err(|_| FieldError {
            code: ErrorCode::BadGeneric,
            message: format!("invalid hexadecimal RFC 3597 data in {rtype} record"),
            at: Some(at),
        })?;
    if data.len() != declared {
        return Err(FieldError {
            code: ErrorCode::BadGeneric,
            message: format!(
                "RFC 3597 data in {rtype} record is {} octets long but its length field says {declared}",
                data.len()
            ),
            at: Some(at),
        });
    }
    RecordData::decode(rtype, &data).map_err(|e| FieldError {
        code: ErrorCode::BadGeneric,
        message: format!("invalid {rtype} rdata in RFC 3597 form: {e}"),
        at: Some(at),
    })
}

/// Fails when the rdata is longer than `max` octets in wire form. Only encodes when the text
/// is long enough that it could be (each token yields at most its length plus 256 octets).
pub(crate) fn check_rdata_len(
    data: &RecordData,
    tokens: &[Token<'_>],
    type_token: &Token<'_>,
    max: usize,
) -> Result<(), FieldError> {
    let bound: usize = tokens.iter().map(|t| t.text.len() + 256).sum();
    if bound <= max {
        return Ok(());
    }
    let len = data.to_wire().len();
    if len > max {
        return Err(FieldError::at(
            type_token,
            ErrorCode::RdataTooLong,
            format!(
                "{} rdata is {len} octets long in wire form; at most {max} are allowed",
                data.rtype()
            ),
        ));
    }
    Ok(())
}
