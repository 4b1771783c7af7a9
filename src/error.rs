//! Errors and diagnostics with stable codes.
//!
//! Every problem the reader (and, later, the checks) can report has a stable code such as
//! `ZF0106`, so scripts and `--allow`/`--deny` switches can name it. Codes are never reused.

use std::fmt;
use std::sync::Arc;

macro_rules! error_codes {
    ($( $variant:ident = $code:literal, $summary:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode { $( #[doc = $summary] $variant, )* }

        impl ErrorCode {
            /// Every code, in numeric order.
            pub const ALL: &'static [ErrorCode] = &[$( ErrorCode::$variant, )*];

            /// The code as written in diagnostics (`ZF0106`).
            pub fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code, )* }
            }

            /// A one-line explanation of the code.
            pub fn summary(self) -> &'static str {
                match self { $( ErrorCode::$variant => $summary, )* }
            }

            /// Looks a code up by its text (`ZF0106`), case-insensitively.
            pub fn from_code(text: &str) -> Option<ErrorCode> {
                ErrorCode::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(text))
            }
        }
    };
}

error_codes! {
    Io = "ZF0001", "the file could not be read";
    Syntax = "ZF0100", "the entry does not follow the master-file syntax";
    BadName = "ZF0101", "a domain name is malformed or too long";
    NoOrigin = "ZF0102", "a relative name is used but no origin is set";
    BadTtl = "ZF0103", "a TTL is not a number or unit form, or is out of range";
    BadClass = "ZF0104", "an unknown or mismatched class";
    UnknownType = "ZF0105", "an unknown record type mnemonic";
    BadField = "ZF0106", "an rdata field has an invalid value";
    MissingField = "ZF0107", "an rdata field is missing";
    TrailingData = "ZF0108", "more rdata than the type takes";
    Parentheses = "ZF0109", "unbalanced parentheses";
    UnterminatedString = "ZF0110", "a quoted string is not closed";
    BadEscape = "ZF0111", "a malformed escape sequence";
    BadGeneric = "ZF0112", "malformed RFC 3597 generic rdata";
    NoOwner = "ZF0113", "a record with a blank owner has no previous owner";
    NoTtl = "ZF0114", "no TTL given and no $TTL default in force";
    UnknownDirective = "ZF0120", "an unknown $ directive";
    IncludeNotAllowed = "ZF0121", "$INCLUDE used without a granted directory";
    IncludeOutsideRoot = "ZF0122", "$INCLUDE names a file outside the granted directory";
    IncludeDepth = "ZF0123", "$INCLUDE nested too deeply or includes itself";
    BadGenerate = "ZF0124", "a malformed $GENERATE directive";
    GenerateLimit = "ZF0125", "$GENERATE range larger than allowed";
    Limit = "ZF0130", "a size limit was exceeded";
    TooManyErrors = "ZF0131", "too many errors; reading stopped";
    MetaType = "ZF0132", "a meta-type (OPT, TKEY, TSIG, IXFR, AXFR, ANY, ...) used as a record type";
    TtlClamped = "ZF0133", "a TTL above 2147483647 was read as 0 (RFC 2181, as BIND does)";
    TtlFromSoa = "ZF0134", "no TTL and no $TTL: the SOA minimum became the default TTL";
    TtlInherited = "ZF0135", "no TTL and no $TTL: the previous record's TTL was used (RFC 1035)";
    InheritedOwner = "ZF0136", "a blank owner right after the origin changed repeats the previous owner, not the origin";
    OutOfZone = "ZF0140", "a record outside the zone's origin, ignored as BIND ignores it";
    CnameAndOtherData = "ZF0141", "a CNAME shares its name with other data";
    SingletonType = "ZF0142", "more than one SOA, CNAME or DNAME record at one name";
    SoaNotAtApex = "ZF0143", "an SOA record below the zone's origin";
    NoApexSoa = "ZF0144", "the zone has no SOA record at its origin";
    NoApexNs = "ZF0145", "the zone has no NS records at its origin";
    DsAtApex = "ZF0146", "a DS record at the zone's origin (DS records belong in the parent)";
    StringTooLong = "ZF0150", "a character-string is longer than 255 octets";
    RdataTooLong = "ZF0151", "rdata longer than 65535 octets";
    BadWire = "ZF0160", "malformed rdata in wire form";
    FormatUnsafe = "ZF0300", "the formatter's output would not read back as the same zone (a formatter bug; nothing was written)";
    ApiRefused = "ZF0400", "the Cloudflare API refused the request";
    ApiAuth = "ZF0401", "Cloudflare rejected the credentials";
    ApiBadResponse = "ZF0402", "the Cloudflare API answered with a body that could not be read";
    ApiUnreachable = "ZF0403", "the Cloudflare API could not be reached";
    ApiRetriesExhausted = "ZF0404", "Cloudflare kept answering 429 or 5xx until the retries ran out";
    ApiConfig = "ZF0405", "Cloudflare credentials or base URL are missing or invalid";
    ZoneNotFound = "ZF0406", "no zone of that name is visible to the credentials";
    RecordQuota = "ZF0407", "the change would exceed the zone's record quota";
    ImportRejected = "ZF0408", "Cloudflare skipped some records of an import";
    VerifyMismatch = "ZF0409", "after apply, the live records still differ from the file";
    SettingsRange = "ZF0410", "an SOA timer or NS TTL is outside the range Cloudflare accepts";
    // -- ZF2xxx: whole-zone checks of the `rfc` profile (src/validate/), in the class of
    // named-checkzone and kzonecheck (the load rules BIND always applies are ZF014x above).
    // ZF201x: names below a DNAME; ZF202x: delegations;
    // ZF203x: targets; ZF204x: aliases; ZF205x: RRsets; ZF206x: wildcards; ZF207x: SOA timers;
    // ZF208x: names; ZF209x: DNSSEC and service records.
    DataBelowDname = "ZF2013", "records below a DNAME, which the DNAME hides (RFC 6672 §2.3)";
    MissingGlue = "ZF2020", "a delegation's name server lies below the cut but has no address record (glue)";
    MissingSiblingGlue = "ZF2021", "a delegation's name server lies in a sibling delegation but has no address record";
    DelegationNsTarget = "ZF2022", "a delegation's in-zone name server is a CNAME, below a DNAME, or has no address";
    OccludedData = "ZF2023", "records below a delegation point that are not glue, hidden from resolvers";
    DsNotAtDelegation = "ZF2024", "a DS record at a name that is not a delegation point";
    ApexNsTarget = "ZF2030", "an apex NS target in the zone is a CNAME, below a DNAME, or has no address";
    MxTargetCname = "ZF2031", "an MX exchange in the zone is a CNAME (RFC 2181 §10.3)";
    MxTargetNoAddress = "ZF2032", "an MX exchange in the zone has no A or AAAA record";
    SrvTargetCname = "ZF2033", "an SRV target in the zone is a CNAME (RFC 2782)";
    SrvTargetNoAddress = "ZF2034", "an SRV target in the zone has no A or AAAA record";
    TargetIsAddress = "ZF2035", "an MX or NS target written as an IP address";
    CnameChain = "ZF2040", "a CNAME points at another CNAME in the zone";
    CnameLoop = "ZF2041", "CNAME records in the zone form a loop";
    DuplicateRecord = "ZF2050", "the same record appears more than once (compared on its data, not its text)";
    TtlMismatch = "ZF2051", "records of one RRset have different TTLs (RFC 2181 §5.2)";
    WildcardNs = "ZF2060", "NS records at a wildcard name (RFC 4592 §4.2)";
    WildcardDname = "ZF2061", "a DNAME record at a wildcard name (RFC 4592 §4.4)";
    NonTerminalWildcard = "ZF2062", "a `*` label that is not the leftmost label of a name";
    SoaTimers = "ZF2070", "an SOA refresh, retry, expire or minimum value outside RFC 1912 ranges";
    BadHostName = "ZF2080", "a name that must be a host name (letters, digits, hyphens) is not one";
    BadNsec3Owner = "ZF2081", "an NSEC3 owner whose first label is not a base32hex hash";
    SpfWithoutTxt = "ZF2082", "an SPF-type record without the TXT record that replaced it (RFC 7208 §3.1)";
    CdsMismatch = "ZF2090", "a CDS record at the apex matches no DNSKEY of its algorithm (RFC 7344 §4.1)";
    CdnskeyMismatch = "ZF2091", "a CDNSKEY record at the apex matches no DNSKEY of its algorithm (RFC 7344 §4.1)";
    DnsSvcbInvalid = "ZF2092", "a `_dns` SVCB record breaks RFC 9461: no alpn, or HTTP without dohpath";
    // -- ZF3xxx: Cloudflare. ZF30xx are the checks of the `cloudflare` validation profile
    // (what the API would refuse or silently change); ZF31xx are conversion problems between
    // zone records, the API's JSON and Cloudflare's export format.
    CfTtl = "ZF3001", "a TTL that is neither 1 (automatic) nor in the range Cloudflare accepts";
    CfNotProxiable = "ZF3002", "a record of a type Cloudflare cannot proxy is marked proxied";
    CfProxiedTtl = "ZF3003", "a proxied record has a TTL other than automatic (1)";
    CfCnameConflict = "ZF3004", "a CNAME shares its name with an A, AAAA or CNAME record";
    CfNsConflict = "ZF3005", "an A, AAAA or CNAME record shares its name with NS records";
    CfDuplicate = "ZF3006", "two records with the same name, type and content";
    CfCommentTooLong = "ZF3007", "a record comment longer than the plan allows";
    CfCommentInvalid = "ZF3008", "a record comment with a line break";
    CfTagQuota = "ZF3009", "more tags on a record than the plan allows";
    CfTagInvalid = "ZF3010", "a malformed or reserved record tag";
    CfBadName = "ZF3011", "a record name Cloudflare refuses (length, empty label)";
    CfContentTooLong = "ZF3012", "a record longer than 4096 octets in wire form";
    CfCombinedTooLong = "ZF3013", "records sharing a name and type exceed 8192 characters of content together";
    CfRecordQuota = "ZF3014", "more records than the plan's per-zone quota";
    CfCnameSelf = "ZF3015", "a CNAME that points at its own name";
    CfTxtNotAscii = "ZF3016", "TXT text outside printable ASCII";
    CfManaged = "ZF3017", "a record Cloudflare manages itself (SOA, its own apex NS)";
    CfSettingIneffective = "ZF3018", "a record setting that does not apply to the record's type or state";
    CfPlanFeature = "ZF3019", "a feature the plan does not include";
    CfDsPlacement = "ZF3020", "a DS record without NS records at its name, or at the apex";
    CfUnsupportedType = "ZF3100", "a record type Cloudflare's API does not take";
    CfNameNotConvertible = "ZF3101", "a name that cannot be written in the API's form";
    CfValueNotConvertible = "ZF3102", "a value that cannot be represented in the API's JSON";
    CfBadApiRecord = "ZF3103", "an API record whose content or data is invalid";
    CfBadJson = "ZF3104", "input that is not the API's record JSON";
    CfBadTags = "ZF3105", "a malformed cf_tags comment";
    CfExportQuirk = "ZF3106", "a known defect of Cloudflare's export format was repaired or skipped";
    CfLostInExport = "ZF3107", "a record attribute Cloudflare's export format cannot carry";
    CfNoZone = "ZF3108", "the zone name cannot be determined";
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Where something is in a source file. Lines and columns count from 1; the column counts
/// bytes, which is what editors show for ASCII zone files.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Location {
    /// The file's name as given (`-` for standard input); `None` for an in-memory string.
    pub file: Option<Arc<str>>,
    pub line: u32,
    pub column: u32,
    /// Byte offset of the start in the file.
    pub offset: u64,
    /// Length in bytes of the offending text (0 when it is "the end of the entry").
    pub len: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{file}:{}:{}", self.line, self.column),
            None => write!(f, "{}:{}", self.line, self.column),
        }
    }
}

/// A problem found in a zone file: what, where, and (where known) what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: ErrorCode,
    pub severity: Severity,
    /// The complete sentence, naming the offending text: `invalid IPv4 address "192.0.2.256"
    /// in A record`.
    pub message: String,
    pub location: Location,
    /// The source line the location points into, for rendering a caret under it (made with
    /// [`Diagnostic::source_text`], so that each U+FFFD in it stands for one byte of the source
    /// and byte columns can be counted on it).
    pub source_line: Option<String>,
    /// A hint on how to fix it.
    pub help: Option<String>,
    /// Other places involved (the A record a CNAME conflicts with), with a note each.
    pub related: Vec<(Location, String)>,
}

impl Diagnostic {
    /// A line of source as text for [`Diagnostic::source_line`], keeping every byte's column:
    /// each byte that is not part of valid UTF-8 becomes one U+FFFD (where `from_utf8_lossy`
    /// may turn up to three into one), and a U+FFFD written in the source (three bytes) becomes
    /// three, so that a renderer counting a U+FFFD as one byte puts carets where the location's
    /// byte column says. A character cut short at the end (the line was shortened) is left out.
    pub fn source_text(line: &[u8]) -> String {
        let mut out = String::with_capacity(line.len());
        let mut chunks = line.utf8_chunks().peekable();
        while let Some(chunk) = chunks.next() {
            for ch in chunk.valid().chars() {
                if ch == char::REPLACEMENT_CHARACTER {
                    out.push_str("\u{FFFD}\u{FFFD}\u{FFFD}");
                } else {
                    out.push(ch);
                }
            }
            let invalid = chunk.invalid();
            let cut_short = chunks.peek().is_none()
                && std::str::from_utf8(invalid).is_err_and(|e| e.error_len().is_none());
            if !cut_short {
                out.extend(std::iter::repeat_n(
                    char::REPLACEMENT_CHARACTER,
                    invalid.len(),
                ));
            }
        }
        out
    }

    /// A new error-severity diagnostic.
    pub fn error(code: ErrorCode, message: impl Into<String>, location: Location) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            location,
            source_line: None,
            help: None,
            related: Vec::new(),
        }
    }

    /// A new warning-severity diagnostic.
    pub fn warning(code: ErrorCode, message: impl Into<String>, location: Location) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, location)
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `zone.db:12:17: error[ZF0106]: invalid IPv4 address "192.0.2.256" in A record`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.location, self.severity, self.code, self.message
        )
    }
}

impl std::error::Error for Diagnostic {}

/// The library's error type: a diagnostic from the reader, or an I/O failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Parse(Box<Diagnostic>),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Error {
        Error::Parse(Box::new(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_text_shows_one_replacement_character_per_source_byte() {
        assert_eq!(Diagnostic::source_text(b"www A 1"), "www A 1");
        assert_eq!(Diagnostic::source_text("é x".as_bytes()), "é x");
        // Four bytes that are not UTF-8 (std's lossy form makes three characters of them).
        assert_eq!(
            Diagnostic::source_text(b"\xff\xfe\xe2\x82 A"),
            "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD} A"
        );
        // A U+FFFD written in the source is three bytes, so three characters.
        assert_eq!(
            Diagnostic::source_text("x\u{FFFD}".as_bytes()),
            "x\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        // A character cut short by the end (the line was shortened) is left out.
        assert_eq!(Diagnostic::source_text(&"aé".as_bytes()[..2]), "a");
        assert_eq!(Diagnostic::source_text(b"a\xff"), "a\u{FFFD}");
    }

    #[test]
    fn codes_are_unique_and_look_up() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert_eq!(ErrorCode::from_code(code.as_str()), Some(*code));
        }
        assert_eq!(ErrorCode::from_code("zf0106"), Some(ErrorCode::BadField));
    }

    #[test]
    fn renders_one_line() {
        let loc = Location {
            file: Some("zone.db".into()),
            line: 12,
            column: 17,
            offset: 0,
            len: 11,
        };
        let d = Diagnostic::error(
            ErrorCode::BadField,
            "invalid IPv4 address \"192.0.2.256\" in A record",
            loc,
        );
        assert_eq!(
            d.to_string(),
            "zone.db:12:17: error[ZF0106]: invalid IPv4 address \"192.0.2.256\" in A record"
        );
    }
}
