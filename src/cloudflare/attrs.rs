//! What Cloudflare keeps with a record besides its DNS data — proxy state, comment, tags and
//! settings — and the `; comment cf_tags=…` trailing comment that carries them in zone files.
//!
//! The comment grammar (Cloudflare's import/export, written down in FORMAT.md):
//!
//! ```text
//! meta    = [ comment " " ] "cf_tags=" taglist   ; tags present
//!         | comment                              ; comment only
//!         | comment " cf_tags="                  ; a comment that itself contains "cf_tags="
//! taglist = tag *( "," tag )
//! tag     = name [ ":" [ value ] ]               ; "n", "n:" and n:"" all mean an empty value
//! value   = bare | json-string                   ; quoted when it holds " = , \ or edge spaces
//! ```
//!
//! The tag list is what follows the *last* ` cf_tags=` (or a leading `cf_tags=`); everything
//! before it, trimmed, is the comment. The reserved tags `cf-proxied:true|false` and
//! `cf-flatten-cname` become [`RecordAttributes::proxied`] and
//! [`RecordAttributes::flatten_cname`].
//!
//! ```
//! use zonefmt::cloudflare::attrs::{RecordAttributes, Tag};
//! let a = RecordAttributes::parse_comment("public api cf_tags=team:dns,cf-proxied:true").unwrap();
//! assert_eq!(a.comment.as_deref(), Some("public api"));
//! assert_eq!(a.proxied, Some(true));
//! assert_eq!(a.tags, vec![Tag::new("team", "dns")]);
//! assert_eq!(a.to_comment().as_deref(), Some("public api cf_tags=team:dns,cf-proxied:true"));
//! ```

use std::fmt::Write;

/// The reserved tag carrying the proxy state in exports.
pub const PROXIED_TAG: &str = "cf-proxied";
/// The reserved tag marking per-record CNAME flattening in exports.
pub const FLATTEN_CNAME_TAG: &str = "cf-flatten-cname";
/// The prefix Cloudflare reserves for its own tags.
pub const RESERVED_TAG_PREFIX: &str = "cf-";
const MARKER: &str = "cf_tags=";

/// Cloudflare's per-record attributes, kept next to a zone [`crate::Record`].
///
/// `None` means "not said": the API's default applies (not proxied, no comment, settings
/// off), and nothing is written for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecordAttributes {
    /// Whether Cloudflare proxies the name (A, AAAA, CNAME).
    pub proxied: Option<bool>,
    /// The record's comment; never empty (the API treats `""` as no comment).
    pub comment: Option<String>,
    /// User tags (never the reserved `cf-proxied`/`cf-flatten-cname`, which are fields here).
    pub tags: Vec<Tag>,
    /// Per-record CNAME flattening (`settings.flatten_cname`).
    pub flatten_cname: Option<bool>,
    /// `settings.ipv4_only`; no export representation exists.
    pub ipv4_only: Option<bool>,
    /// `settings.ipv6_only`; no export representation exists.
    pub ipv6_only: Option<bool>,
    /// `private_routing`; no export representation exists.
    pub private_routing: Option<bool>,
}

/// One `name:value` tag; an empty value is a tag without value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag {
    pub name: String,
    pub value: String,
}

impl Tag {
    /// A tag.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Tag {
        Tag {
            name: name.into(),
            value: value.into(),
        }
    }

    /// Reads the API's form: `name:value`, or `name` / `name:` for an empty value.
    pub fn from_api(text: &str) -> Tag {
        match text.split_once(':') {
            Some((name, value)) => Tag::new(name, value),
            None => Tag::new(text, ""),
        }
    }

    /// The API's form: `name:value`, or `name` alone for an empty value.
    pub fn to_api(&self) -> String {
        if self.value.is_empty() {
            self.name.clone()
        } else {
            format!("{}:{}", self.name, self.value)
        }
    }

    /// True for names under Cloudflare's reserved `cf-` prefix (case-insensitive).
    pub fn is_reserved(&self) -> bool {
        self.name
            .get(..RESERVED_TAG_PREFIX.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(RESERVED_TAG_PREFIX))
    }

    /// True when the name holds only letters, digits, `_` and `-` (Cloudflare's rule).
    pub fn has_valid_name(&self) -> bool {
        !self.name.is_empty()
            && self
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }
}

impl RecordAttributes {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == RecordAttributes::default()
    }

    /// Reads the text of a record's trailing comment (after the `;`).
    ///
    /// Fails on a malformed tag list, naming the offending part.
    pub fn parse_comment(text: &str) -> Result<RecordAttributes, String> {
        let text = text.trim();
        let (comment, list) = split_marker(text);
        let mut attrs = RecordAttributes {
            comment: Some(comment.to_string()).filter(|c| !c.is_empty()),
            ..RecordAttributes::default()
        };
        if let Some(list) = list {
            for tag in parse_tag_list(list)? {
                attrs.add_tag(tag)?;
            }
        }
        Ok(attrs)
    }

    /// Takes a tag read from a file or the API: the reserved ones set their field.
    fn add_tag(&mut self, tag: Tag) -> Result<(), String> {
        if tag.name.eq_ignore_ascii_case(PROXIED_TAG) {
            self.proxied = Some(match tag.value.to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(format!(
                        "invalid value \"{}\" of tag {PROXIED_TAG} (expected true or false)",
                        tag.value
                    ))
                }
            });
        } else if tag.name.eq_ignore_ascii_case(FLATTEN_CNAME_TAG) {
            self.flatten_cname = Some(match tag.value.to_ascii_lowercase().as_str() {
                "" | "true" => true,
                "false" => false,
                _ => {
                    return Err(format!(
                        "invalid value \"{}\" of tag {FLATTEN_CNAME_TAG} (expected no value, true or false)",
                        tag.value
                    ))
                }
            });
        } else {
            self.tags.push(tag);
        }
        Ok(())
    }

    /// The trailing comment text (without the `; `) that carries these attributes, as
    /// Cloudflare's export writes it; `None` when there is nothing to write. Only the proxy
    /// state, comment, tags and CNAME flattening have a form here; see
    /// [`RecordAttributes::unexportable`].
    pub fn to_comment(&self) -> Option<String> {
        let comment = self.comment.as_deref().unwrap_or("");
        let mut list = String::new();
        for tag in &self.tags {
            push_tag(&mut list, &tag.name, &tag.value);
        }
        if self.flatten_cname == Some(true) {
            push_tag(&mut list, FLATTEN_CNAME_TAG, "");
        }
        if let Some(p) = self.proxied {
            push_tag(&mut list, PROXIED_TAG, if p { "true" } else { "false" });
        }
        match (comment.is_empty(), list.is_empty()) {
            (true, true) => None,
            (true, false) => Some(format!("{MARKER}{list}")),
            (false, false) => Some(format!("{comment} {MARKER}{list}")),
            (false, true) if comment.contains(MARKER) => Some(format!("{comment} {MARKER}")),
            (false, true) => Some(comment.to_string()),
        }
    }

    /// Names the attributes that Cloudflare's export format has no way to write
    /// (`ipv4_only`, `ipv6_only`, `private_routing` when set, `flatten_cname` when
    /// explicitly false is the default and needs nothing).
    pub fn unexportable(&self) -> Vec<&'static str> {
        let mut lost = Vec::new();
        if self.ipv4_only == Some(true) {
            lost.push("settings.ipv4_only");
        }
        if self.ipv6_only == Some(true) {
            lost.push("settings.ipv6_only");
        }
        if self.private_routing == Some(true) {
            lost.push("private_routing");
        }
        lost
    }
}

/// Splits `text` into the comment and the tag list after the last marker.
fn split_marker(text: &str) -> (&str, Option<&str>) {
    if let Some(at) = text.rfind(&format!(" {MARKER}")) {
        let comment = text.get(..at).unwrap_or("").trim();
        let list = text.get(at + 1 + MARKER.len()..).unwrap_or("");
        return (comment, Some(list));
    }
    if let Some(list) = text.strip_prefix(MARKER) {
        return ("", Some(list));
    }
    (text, None)
}

/// Reads `name[:value],…`; an empty list (the marker alone) gives no tags.
fn parse_tag_list(list: &str) -> Result<Vec<Tag>, String> {
    let mut tags = Vec::new();
    let list = list.trim();
    if list.is_empty() {
        return Ok(tags);
    }
    let mut rest = list;
    loop {
        let name_end = rest.find([':', ',']).unwrap_or(rest.len());
        let name = rest.get(..name_end).unwrap_or("").trim();
        if name.is_empty() {
            return Err(format!("empty tag name in cf_tags list \"{list}\""));
        }
        rest = rest.get(name_end..).unwrap_or("");
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix(':') {
            let after_trimmed = after.trim_start();
            if after_trimmed.starts_with('"') {
                let (v, used) = json_string(after_trimmed).ok_or_else(|| {
                    format!(
                        "unterminated or malformed quoted value of tag \"{name}\" in cf_tags list"
                    )
                })?;
                value = v;
                rest = after_trimmed.get(used..).unwrap_or("").trim_start();
                if !(rest.is_empty() || rest.starts_with(',')) {
                    return Err(format!(
                        "unexpected \"{rest}\" after the quoted value of tag \"{name}\" in cf_tags list"
                    ));
                }
            } else {
                let end = after.find(',').unwrap_or(after.len());
                value = after.get(..end).unwrap_or("").trim().to_string();
                rest = after.get(end..).unwrap_or("");
            }
        }
        tags.push(Tag::new(name, value));
        match rest.strip_prefix(',') {
            Some(r) => rest = r,
            None => break,
        }
    }
    Ok(tags)
}

/// Reads a JSON string at the start of `text`; returns it and the bytes used.
fn json_string(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => {
                let literal = text.get(..=i)?;
                return serde_json::from_str::<String>(literal)
                    .ok()
                    .map(|s| (s, i + 1));
            }
            _ => i += 1,
        }
    }
    None
}

fn push_tag(list: &mut String, name: &str, value: &str) {
    if !list.is_empty() {
        list.push(',');
    }
    list.push_str(name);
    if value.is_empty() {
        return;
    }
    list.push(':');
    let needs_quotes = value.contains(['"', '=', ',', '\\', '\n', '\r'])
        || value.starts_with(char::is_whitespace)
        || value.ends_with(char::is_whitespace);
    if needs_quotes {
        let _ = write!(
            list,
            "{}",
            serde_json::to_string(value).unwrap_or_else(|_| String::from("\"\""))
        );
    } else {
        list.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> RecordAttributes {
        RecordAttributes::parse_comment(text).unwrap()
    }

    #[test]
    fn forms_seen_in_real_exports() {
        let a = parse("cf_tags=cf-proxied:true");
        assert_eq!(a.proxied, Some(true));
        assert!(a.comment.is_none() && a.tags.is_empty());

        let a = parse("authentication dash cf_tags=cf-proxied:true");
        assert_eq!(a.comment.as_deref(), Some("authentication dash"));

        let a = parse("cf_tags=cf-flatten-cname,cf-proxied:false");
        assert_eq!(a.flatten_cname, Some(true));
        assert_eq!(a.proxied, Some(false));
        assert_eq!(
            a.to_comment().as_deref(),
            Some("cf_tags=cf-flatten-cname,cf-proxied:false")
        );

        let a = parse("cf_tags=team:dns,cf-proxied:false");
        assert_eq!(a.tags, vec![Tag::new("team", "dns")]);

        let a = parse("just a note");
        assert_eq!(a.comment.as_deref(), Some("just a note"));
        assert_eq!(a.to_comment().as_deref(), Some("just a note"));
    }

    #[test]
    fn empty_values_and_quoted_values() {
        let a = parse(r#"cf_tags=a,b:,c:"",d:"x,y=\"z\"\\",e: spaced value "#);
        assert_eq!(
            a.tags,
            vec![
                Tag::new("a", ""),
                Tag::new("b", ""),
                Tag::new("c", ""),
                Tag::new("d", "x,y=\"z\"\\"),
                Tag::new("e", "spaced value"),
            ]
        );
        assert_eq!(
            a.to_comment().as_deref(),
            Some(r#"cf_tags=a,b,c,d:"x,y=\"z\"\\",e:spaced value"#)
        );
    }

    #[test]
    fn comment_containing_the_marker() {
        let attrs = RecordAttributes {
            comment: Some("see cf_tags=x here".into()),
            ..Default::default()
        };
        let text = attrs.to_comment().unwrap();
        assert_eq!(text, "see cf_tags=x here cf_tags=");
        assert_eq!(parse(&text), attrs);

        let attrs = RecordAttributes {
            comment: Some("cf_tags=abc".into()),
            tags: vec![Tag::new("k", "v")],
            proxied: Some(true),
            ..Default::default()
        };
        let text = attrs.to_comment().unwrap();
        assert_eq!(text, "cf_tags=abc cf_tags=k:v,cf-proxied:true");
        assert_eq!(parse(&text), attrs);
    }

    #[test]
    fn malformed_lists_are_errors() {
        for (bad, part) in [
            ("cf_tags=a:\"open", "unterminated"),
            ("cf_tags=,a", "empty tag name"),
            ("cf_tags=cf-proxied:maybe", "expected true or false"),
            ("cf_tags=a:\"x\" y", "unexpected \"y\""),
        ] {
            let err = RecordAttributes::parse_comment(bad).unwrap_err();
            assert!(err.contains(part), "{bad}: {err}");
        }
    }

    #[test]
    fn api_tag_forms() {
        assert_eq!(Tag::from_api("team:dns:x"), Tag::new("team", "dns:x"));
        assert_eq!(Tag::from_api("solo"), Tag::new("solo", ""));
        assert_eq!(Tag::from_api("solo:").to_api(), "solo");
        assert!(Tag::new("CF-Proxied", "").is_reserved());
        assert!(!Tag::new("c", "").is_reserved());
        assert!(Tag::new("a_b-9", "").has_valid_name());
        assert!(!Tag::new("a b", "").has_valid_name());
    }

    #[test]
    fn nothing_to_write() {
        assert_eq!(RecordAttributes::default().to_comment(), None);
        let lost = RecordAttributes {
            ipv4_only: Some(true),
            private_routing: Some(true),
            ..Default::default()
        };
        assert_eq!(
            lost.unexportable(),
            ["settings.ipv4_only", "private_routing"]
        );
    }
}
