//! Whole-zone checks: the registry, severities, and the profiles that select checks.
//!
//! Reading a zone finds what is wrong with one entry; the checks here find what is wrong
//! with the zone as a whole — a CNAME beside other data, a delegation without glue, an MX
//! pointing at an alias. Each check is one function with a stable [`ErrorCode`] and a default
//! [`Level`]; the code's summary in the error table is its one-line explanation.
//!
//! ```
//! use zonefmt::{validate::{self, CheckOptions}, Name, Record, ErrorCode};
//! use zonefmt::rr::{Class, RecordData, address::A, target::Cname};
//! let origin = Name::from_ascii("example.").unwrap();
//! let www = Name::from_ascii("www.example.").unwrap();
//! let records = vec![
//!     Record::new(www.clone(), 300, Class::IN, RecordData::Cname(Cname { target: origin.clone() })),
//!     Record::new(www, 300, Class::IN, RecordData::A(A { address: "192.0.2.1".parse().unwrap() })),
//! ];
//! let found = validate::check(&records, &origin, &CheckOptions::default(), None);
//! assert!(found.iter().any(|d| d.code == ErrorCode::CnameAndOtherData));
//! ```
//!
//! # Profiles
//!
//! A [`Profile`] is a list of [`Check`]s. `rfc` (the default) follows named-checkzone: what
//! BIND refuses to load is an error, what it loads with a message is a warning. Another
//! profile plugs in by adding a variant to [`Profile`] and returning its own `&'static [Check]`
//! from [`Profile::checks`]; its checks get the same severity switches and the same rendering.
//!
//! # Checking without holding the records
//!
//! The `rfc` profile's checks run while the records stream past ([`Checker`], see [`stream`]):
//! a [`Run::Record`] check sees each record, a [`Run::Owner`] check each owner's records, and
//! a [`Run::Zone`] check decides on the compact [`Skeleton`] of the whole zone (names interned
//! once, type bits, in-zone targets as ids) and fetches only the records it reports on, in a
//! second pass that a clean zone never needs. A profile whose checks want every record at once
//! uses [`Run::Index`] checks on a [`ZoneIndex`] (the `cloudflare` profile does).

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Diagnostic, ErrorCode, Location, Severity};
use crate::name::Name;
use crate::record::Record;

pub mod cloudflare;
pub mod index;
pub mod skeleton;
pub mod stream;

mod alias;
mod apex;
mod delegation;
mod names;
mod rrset;
mod signals;
pub(crate) mod source;
mod targets;

pub use index::{Owner, ZoneIndex};
pub use skeleton::Skeleton;
pub use source::{Focus, SingleSource, Sources};
pub use stream::{Checker, Finished};

/// What a finding of a check amounts to: nothing, a warning, or an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// The check is off.
    Allow,
    /// Reported as a warning (fails the run only with `--strict`).
    Warn,
    /// Reported as an error.
    Deny,
}

impl Level {
    /// The severity findings get at this level; `None` when the check is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }
}

/// One whole-zone check.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// The code every finding of the check carries.
    pub code: ErrorCode,
    /// The level used unless the caller sets another.
    pub default: Level,
    /// What the check looks at, and the function that does.
    pub run: Run,
}

/// What a check looks at. The `rfc` profile's checks all work while the records stream past
/// (see [`stream`]); a check that needs every record in memory at once is an `Index` check.
#[derive(Debug, Clone, Copy)]
pub enum Run {
    /// One record at a time, with the zone's origin.
    Record(fn(&Name, &Record, &mut Findings<'_>)),
    /// The records of one owner (a run of them in the file, or all of them when the owner's
    /// RRsets are split over the file), ordered by type, then file order.
    Owner(fn(&[&Record], &mut Findings<'_>)),
    /// The compact index of the whole zone, fetching the records it reports on.
    Zone(fn(&stream::Zone<'_>, &mut Findings<'_>)),
    /// Every record of the zone, indexed in memory.
    Index(fn(&ZoneIndex<'_>, &mut Findings<'_>)),
}

/// A set of checks for one purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Profile {
    /// RFC 1034/1035/2181/4035 zone rules, with named-checkzone's severities.
    #[default]
    Rfc,
    /// What Cloudflare's DNS API accepts (see [`cloudflare`]); the checks that need record
    /// attributes or the plan run through [`cloudflare::check`].
    Cloudflare,
}

impl Profile {
    /// Every profile, for help texts.
    pub const ALL: &'static [Profile] = &[Profile::Rfc, Profile::Cloudflare];

    /// The profile's checks.
    pub fn checks(self) -> &'static [Check] {
        match self {
            Profile::Rfc => RFC,
            Profile::Cloudflare => cloudflare::CLOUDFLARE,
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Rfc => "rfc",
            Profile::Cloudflare => "cloudflare",
        }
    }

    /// Looks a profile up by its command-line name.
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL
            .iter()
            .copied()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }
}

/// The `rfc` profile, in the order findings are computed.
#[rustfmt::skip]
pub const RFC: &[Check] = &[
    Check { code: ErrorCode::NoApexSoa, default: Level::Deny, run: Run::Zone(apex::soa_missing) },
    Check { code: ErrorCode::SingletonType, default: Level::Deny, run: Run::Owner(alias::singleton_types) },
    Check { code: ErrorCode::SoaNotAtApex, default: Level::Deny, run: Run::Record(apex::soa_not_at_apex) },
    Check { code: ErrorCode::NoApexNs, default: Level::Deny, run: Run::Zone(apex::ns_missing_at_apex) },
    Check { code: ErrorCode::OutOfZone, default: Level::Deny, run: Run::Record(apex::out_of_zone) },
    Check { code: ErrorCode::CnameAndOtherData, default: Level::Deny, run: Run::Zone(alias::cname_and_other_data) },
    Check { code: ErrorCode::DataBelowDname, default: Level::Warn, run: Run::Zone(alias::data_below_dname) },
    Check { code: ErrorCode::MissingGlue, default: Level::Warn, run: Run::Zone(delegation::missing_glue) },
    Check { code: ErrorCode::MissingSiblingGlue, default: Level::Warn, run: Run::Zone(delegation::missing_sibling_glue) },
    Check { code: ErrorCode::DelegationNsTarget, default: Level::Warn, run: Run::Zone(delegation::delegation_ns_target) },
    Check { code: ErrorCode::OccludedData, default: Level::Warn, run: Run::Zone(delegation::occluded_data) },
    Check { code: ErrorCode::DsNotAtDelegation, default: Level::Deny, run: Run::Zone(delegation::ds_not_at_delegation) },
    Check { code: ErrorCode::DsAtApex, default: Level::Deny, run: Run::Zone(delegation::ds_at_apex) },
    Check { code: ErrorCode::ApexNsTarget, default: Level::Deny, run: Run::Zone(targets::apex_ns_target) },
    Check { code: ErrorCode::MxTargetCname, default: Level::Warn, run: Run::Zone(targets::mx_target_cname) },
    Check { code: ErrorCode::MxTargetNoAddress, default: Level::Warn, run: Run::Zone(targets::mx_target_no_address) },
    Check { code: ErrorCode::SrvTargetCname, default: Level::Warn, run: Run::Zone(targets::srv_target_cname) },
    Check { code: ErrorCode::SrvTargetNoAddress, default: Level::Warn, run: Run::Zone(targets::srv_target_no_address) },
    Check { code: ErrorCode::TargetIsAddress, default: Level::Warn, run: Run::Record(targets::target_is_address) },
    Check { code: ErrorCode::CnameChain, default: Level::Warn, run: Run::Zone(alias::cname_chain) },
    Check { code: ErrorCode::CnameLoop, default: Level::Warn, run: Run::Zone(alias::cname_loop) },
    Check { code: ErrorCode::DuplicateRecord, default: Level::Warn, run: Run::Owner(rrset::duplicate_record) },
    Check { code: ErrorCode::TtlMismatch, default: Level::Warn, run: Run::Owner(rrset::ttl_mismatch) },
    Check { code: ErrorCode::SpfWithoutTxt, default: Level::Warn, run: Run::Zone(rrset::spf_without_txt) },
    Check { code: ErrorCode::WildcardNs, default: Level::Deny, run: Run::Record(names::wildcard_ns) },
    Check { code: ErrorCode::WildcardDname, default: Level::Warn, run: Run::Record(names::wildcard_dname) },
    Check { code: ErrorCode::NonTerminalWildcard, default: Level::Warn, run: Run::Zone(names::non_terminal_wildcard) },
    Check { code: ErrorCode::SoaTimers, default: Level::Warn, run: Run::Zone(apex::soa_timers) },
    Check { code: ErrorCode::BadHostName, default: Level::Warn, run: Run::Record(names::bad_host_name) },
    Check { code: ErrorCode::BadNsec3Owner, default: Level::Deny, run: Run::Record(names::bad_nsec3_owner) },
    Check { code: ErrorCode::CdsMismatch, default: Level::Deny, run: Run::Zone(signals::cds_mismatch) },
    Check { code: ErrorCode::CdnskeyMismatch, default: Level::Deny, run: Run::Zone(signals::cdnskey_mismatch) },
    Check { code: ErrorCode::DnsSvcbInvalid, default: Level::Deny, run: Run::Record(signals::dns_svcb_invalid) },
];

/// How to run the checks: which profile, which levels differ from the defaults, and whether
/// warnings fail.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub profile: Profile,
    /// Levels set by the caller (`--allow`, `--warn`, `--deny`), by code.
    pub levels: HashMap<ErrorCode, Level>,
    /// Warnings fail the run too.
    pub strict: bool,
}

impl CheckOptions {
    /// Sets the level of `code`; the last setting of a code wins.
    pub fn set(&mut self, code: ErrorCode, level: Level) -> &mut Self {
        self.levels.insert(code, level);
        self
    }

    /// The level `check` runs at.
    pub fn level(&self, check: &Check) -> Level {
        self.levels
            .get(&check.code)
            .copied()
            .unwrap_or(check.default)
    }

    /// Applies the caller's levels to diagnostics that did not come from the checks (the
    /// reader's warnings, say): a warning can be silenced or promoted. An error of the reader
    /// stays an error — the entry it is about was not read, and allowing it would only hide
    /// that.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|d| {
            let Some(level) = self.levels.get(&d.code) else {
                return true;
            };
            if d.severity == Severity::Error && !is_check_code(d.code) {
                return true;
            }
            match level.severity() {
                Some(severity) => {
                    d.severity = severity;
                    true
                }
                None => false,
            }
        });
    }

    /// These options with every check off except the load rules (the codes BIND's loader
    /// enforces whatever is switched off, ZF0140–ZF0146): what still makes sense on a zone
    /// whose reading found errors, where a missing record may only be a broken line.
    pub fn load_rules_only(&self) -> CheckOptions {
        let mut options = self.clone();
        for check in self.profile.checks() {
            if !LOAD_RULES.contains(&check.code) {
                options.set(check.code, Level::Allow);
            }
        }
        options
    }

    /// True when `diagnostics` make the run fail: any error, or any warning when strict.
    pub fn fails(&self, diagnostics: &[Diagnostic]) -> bool {
        diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || self.strict)
    }
}

/// The codes of the rules a zone must meet for BIND to load it at all (also applied while
/// reading by [`crate::zonefile::load`]).
pub const LOAD_RULES: &[ErrorCode] = &[
    ErrorCode::OutOfZone,
    ErrorCode::CnameAndOtherData,
    ErrorCode::SingletonType,
    ErrorCode::SoaNotAtApex,
    ErrorCode::NoApexSoa,
    ErrorCode::NoApexNs,
    ErrorCode::DsAtApex,
];

/// True for codes that whole-zone checks report (in any profile).
fn is_check_code(code: ErrorCode) -> bool {
    Profile::ALL
        .iter()
        .any(|p| p.checks().iter().any(|c| c.code == code))
        || cloudflare::ATTRIBUTE_CHECKS.iter().any(|(c, _)| *c == code)
}

/// Findings of one code shown in full; the others are counted into one note at the first of
/// them. A zone where every record has the same fault (200,000 duplicates, say, or records
/// made by `$GENERATE`) would otherwise give as many diagnostics, held in memory until the end
/// (about 1 KB each: 2 GB for the 1.9 million duplicates a 1 KB file of `$GENERATE` lines
/// makes).
pub const MAX_SHOWN_PER_CODE: usize = 1000;

/// Counts findings by code against [`MAX_SHOWN_PER_CODE`]: what was shown, and what was not.
#[derive(Default)]
pub(crate) struct Limits {
    shown: HashMap<ErrorCode, usize>,
    hidden: HashMap<ErrorCode, (usize, Severity, Location)>,
}

impl Limits {
    /// True when a finding of `code` is still shown; otherwise counts it as hidden.
    pub(crate) fn admit(
        &mut self,
        code: ErrorCode,
        severity: Severity,
        location: &Location,
    ) -> bool {
        let shown = self.shown.entry(code).or_insert(0);
        if *shown < MAX_SHOWN_PER_CODE {
            *shown += 1;
            return true;
        }
        let hidden = self
            .hidden
            .entry(code)
            .or_insert_with(|| (0, severity, location.clone()));
        hidden.0 += 1;
        false
    }

    /// One note per code with findings not shown, at the first of them.
    pub(crate) fn notes(self) -> impl Iterator<Item = Diagnostic> {
        self.hidden
            .into_iter()
            .map(|(code, (count, severity, location))| Diagnostic {
                code,
                severity,
                message: format!(
                    "{count} more {code} findings are not shown (from here on; at most {MAX_SHOWN_PER_CODE} of each code are)"
                ),
                location,
                source_line: None,
                help: Some(format!(
                    "fix the {code} findings shown and check again to see the others"
                )),
                related: Vec::new(),
            })
    }
}

/// Where a check reports: it knows the code, the severity and where to put the text.
pub struct Findings<'x> {
    code: ErrorCode,
    severity: Severity,
    sources: Option<&'x dyn Sources>,
    out: &'x mut Vec<Diagnostic>,
    /// Counts against [`MAX_SHOWN_PER_CODE`], when findings are capped.
    limits: Option<&'x mut Limits>,
    /// What [`Findings::last`] gives if `out` is empty, and where a finding that is not
    /// shown goes.
    sink: Option<Diagnostic>,
}

impl<'x> Findings<'x> {
    /// Collects findings of `code` at `severity` into `out`; with `sources`, locations are
    /// narrowed to the offending text and carry their source line.
    pub fn new(
        code: ErrorCode,
        severity: Severity,
        sources: Option<&'x dyn Sources>,
        out: &'x mut Vec<Diagnostic>,
    ) -> Findings<'x> {
        Findings {
            code,
            severity,
            sources,
            out,
            limits: None,
            sink: None,
        }
    }

    /// As [`Findings::new`], but past [`MAX_SHOWN_PER_CODE`] findings of `code` counted in
    /// `limits` the findings are only counted there ([`Limits::notes`] reports them).
    pub(crate) fn limited(
        code: ErrorCode,
        severity: Severity,
        sources: Option<&'x dyn Sources>,
        out: &'x mut Vec<Diagnostic>,
        limits: &'x mut Limits,
    ) -> Findings<'x> {
        Findings {
            limits: Some(limits),
            ..Findings::new(code, severity, sources, out)
        }
    }

    /// Adds `d` to the findings, or only counts it when past the limit; returns it either way
    /// (for a help line or related places).
    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        if let Some(limits) = self.limits.as_deref_mut() {
            if !limits.admit(d.code, d.severity, &d.location) {
                return self.sink.insert(d);
            }
        }
        self.out.push(d);
        self.last()
    }

    /// The diagnostic just pushed.
    fn last(&mut self) -> &mut Diagnostic {
        match self.out.last_mut() {
            Some(d) => d,
            None => self.sink.insert(Diagnostic::error(
                self.code,
                String::new(),
                Location::default(),
            )),
        }
    }

    /// Reports `message` about `record`, pointing at the part `focus` names. Returns the
    /// diagnostic, to add a help line or related places.
    pub fn report(
        &mut self,
        record: &Record,
        focus: Focus<'_>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let (location, source_line) = source::locate(self.sources, record, focus);
        self.push(Diagnostic {
            code: self.code,
            severity: self.severity,
            message: message.into(),
            location,
            source_line,
            help: None,
            related: Vec::new(),
        })
    }

    /// Reports `message` about the zone as a whole, at `location` (the start of the file,
    /// usually).
    pub fn report_at(&mut self, location: Location, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic {
            code: self.code,
            severity: self.severity,
            message: message.into(),
            location,
            source_line: None,
            help: None,
            related: Vec::new(),
        })
    }

    /// The location of `record`'s `focus`, for a related note.
    pub fn place(&self, record: &Record, focus: Focus<'_>) -> Location {
        source::locate(self.sources, record, focus).0
    }
}

/// Adds a related place to a diagnostic.
pub(crate) fn relate(d: &mut Diagnostic, location: Location, note: impl Into<String>) {
    d.related.push((location, note.into()));
}

/// Runs the checks of `options.profile` on the zone `origin` made of `records`, and returns
/// their findings ordered by place in the source (then by code).
///
/// `sources` gives the zone text, when there is one, so locations point at the offending
/// token and carry the source line; without it they point at the whole entry. The records go
/// through a [`Checker`] as a stream would (a second time when a check asks for some of
/// them); checks that need the whole zone in memory ([`Run::Index`]) get a [`ZoneIndex`].
pub fn check(
    records: &[Record],
    origin: &Name,
    options: &CheckOptions,
    sources: Option<&dyn Sources>,
) -> Vec<Diagnostic> {
    let mut checker = Checker::new(origin.clone(), options);
    for record in records {
        checker.push_ref(record);
    }
    let mut finished = checker.finish(false, sources);
    if finished.wants_records() {
        for record in records {
            finished.offer(record);
        }
    }
    let mut out = finished.diagnostics(sources);
    let indexed = options
        .profile
        .checks()
        .iter()
        .any(|c| matches!(c.run, Run::Index(_)));
    if indexed {
        let index = ZoneIndex::new(records, origin);
        out.extend(check_index(&index, options, sources));
        sort(&mut out);
    }
    out
}

/// The [`Run::Index`] checks of `options.profile` on an index already built.
pub fn check_index(
    index: &ZoneIndex<'_>,
    options: &CheckOptions,
    sources: Option<&dyn Sources>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut limits = Limits::default();
    for check in options.profile.checks() {
        let Some(severity) = options.level(check).severity() else {
            continue;
        };
        let Run::Index(run) = check.run else {
            continue;
        };
        let mut findings = Findings::limited(check.code, severity, sources, &mut out, &mut limits);
        run(index, &mut findings);
    }
    out.extend(limits.notes());
    sort(&mut out);
    out
}

/// Orders findings by place in the source, then by code.
pub(crate) fn sort(out: &mut [Diagnostic]) {
    out.sort_by(|a, b| {
        let file = |d: &Diagnostic| d.location.file.clone().unwrap_or_else(|| Arc::from(""));
        file(a)
            .cmp(&file(b))
            .then(a.location.offset.cmp(&b.location.offset))
            .then(a.code.cmp(&b.code))
    });
}

/// The location of the first record, for findings about the zone as a whole.
fn zone_location(zone: &stream::Zone<'_>) -> Location {
    zone.first_record()
        .map(|r| Location {
            len: 0,
            ..r.location.clone()
        })
        .unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests;
