//! Cloudflare's error envelope, decoded into typed errors.
//!
//! Every JSON answer is `{success, errors, messages, result, result_info}`. An error item has a
//! numeric `code`, a `message`, sometimes `source.pointer` (where in the request body) and, not
//! in the published schema but common in practice, an `error_chain` of nested items holding the
//! real cause (the outer item is often just 1004 "DNS Validation Error"). All of it is kept and
//! shown, because the outer code alone tells the user nothing.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::transport::{Method, TransportError};
use crate::error::ErrorCode;

/// One item of `errors` or `messages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ApiMessage {
    /// Cloudflare's numeric code (0 when the server sent none).
    pub code: u32,
    pub message: String,
    /// A JSON pointer into the request body naming the offending item (`/posts/3/content`).
    pub pointer: Option<String>,
    pub documentation_url: Option<String>,
    /// Nested causes, outermost first.
    pub error_chain: Vec<ApiMessage>,
}

impl ApiMessage {
    pub fn new(code: u32, message: impl Into<String>) -> ApiMessage {
        ApiMessage {
            code,
            message: message.into(),
            ..ApiMessage::default()
        }
    }

    /// This code and every code in the chain, depth first.
    pub fn codes(&self) -> Vec<u32> {
        let mut out = vec![self.code];
        for inner in &self.error_chain {
            out.extend(inner.codes());
        }
        out
    }
}

impl fmt::Display for ApiMessage {
    /// `1004 DNS Validation Error (at /posts/0) <- 9005 Content for A record must be a valid IPv4
    /// address.`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.code != 0 {
            write!(f, "{} ", self.code)?;
        }
        f.write_str(self.message.trim_end())?;
        if let Some(pointer) = &self.pointer {
            write!(f, " (at {pointer})")?;
        }
        for inner in &self.error_chain {
            write!(f, " <- {inner}")?;
        }
        Ok(())
    }
}

/// The wire forms an item arrives in: an object, or (in some older answers) a bare string.
#[derive(Deserialize)]
#[serde(untagged)]
enum WireMessage {
    Text(String),
    Item {
        #[serde(default)]
        code: Option<serde_json::Value>,
        #[serde(default)]
        message: Option<String>,
        #[serde(default)]
        documentation_url: Option<String>,
        #[serde(default)]
        source: Option<WireSource>,
        #[serde(default)]
        error_chain: Vec<ApiMessage>,
    },
}

#[derive(Deserialize)]
struct WireSource {
    #[serde(default)]
    pointer: Option<String>,
}

impl<'de> Deserialize<'de> for ApiMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ApiMessage, D::Error> {
        Ok(match WireMessage::deserialize(deserializer)? {
            WireMessage::Text(message) => ApiMessage::new(0, message),
            WireMessage::Item {
                code,
                message,
                documentation_url,
                source,
                error_chain,
            } => ApiMessage {
                // Codes are numbers; a string of digits is tolerated, anything else is 0.
                code: match code {
                    Some(serde_json::Value::Number(n)) => {
                        n.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0)
                    }
                    Some(serde_json::Value::String(s)) => s.trim().parse().unwrap_or(0),
                    _ => 0,
                },
                message: message.unwrap_or_default(),
                pointer: source.and_then(|s| s.pointer),
                documentation_url: documentation_url.filter(|u| !u.is_empty()),
                error_chain,
            },
        })
    }
}

/// Cloudflare codes that mean "these credentials are not accepted": 10000 authentication
/// error, 6003 invalid request headers (6102/6103/6111 inside), 9103/9106/9109 unknown or
/// missing auth.
const AUTH_CODES: &[u32] = &[10000, 10001, 6003, 6102, 6103, 6111, 9103, 9106, 9109];

/// What went wrong talking to the API.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The API answered with `success: false` or an error status.
    #[error("{}", describe_refusal(*.method, path, *.status, errors, *.attempts, hint.as_deref()))]
    Api {
        method: Method,
        /// Path and query below the base URL.
        path: String,
        status: u16,
        errors: Vec<ApiMessage>,
        /// How many times the request was sent (more than 1 after retries).
        attempts: u32,
        /// A sentence on what to do (which variable holds the rejected credential).
        hint: Option<String>,
    },
    /// The answer could not be read: not JSON, truncated, or not the expected shape.
    #[error(
        "Cloudflare answered {method} {path} with HTTP {status} but {reason}; the body{} was: {snippet}",
        content_type.as_deref().map(|c| format!(" ({c})")).unwrap_or_default()
    )]
    BadResponse {
        method: Method,
        path: String,
        status: u16,
        content_type: Option<String>,
        reason: String,
        /// The start of the body, shortened, credentials scrubbed.
        snippet: String,
    },
    /// No response arrived.
    #[error("could not reach Cloudflare for {method} {path}{}: {source}", attempts_note(*.attempts))]
    Transport {
        method: Method,
        path: String,
        attempts: u32,
        #[source]
        source: TransportError,
    },
    /// Missing or invalid configuration (credentials, base URL, zone argument).
    #[error("{0}")]
    Config(String),
    /// The zone name matched no zone these credentials can see.
    #[error("no zone named {name:?} is visible to these credentials (check the name, or give the zone id)")]
    ZoneNotFound { name: String },
    /// Several zones have that name (pending in several accounts); an id is needed.
    #[error("{count} zones are named {name:?} and none is the single active one; give the zone id instead ({ids})")]
    AmbiguousZone {
        name: String,
        count: usize,
        ids: String,
    },
}

fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (gave up after {attempts} attempts)")
    } else {
        String::new()
    }
}

fn describe_refusal(
    method: Method,
    path: &str,
    status: u16,
    errors: &[ApiMessage],
    attempts: u32,
    hint: Option<&str>,
) -> String {
    let mut out = format!("Cloudflare refused {method} {path} (HTTP {status})");
    out.push_str(&attempts_note(attempts));
    out.push_str(": ");
    if errors.is_empty() {
        out.push_str("no error detail in the answer");
    } else {
        let items: Vec<String> = errors.iter().map(ToString::to_string).collect();
        out.push_str(&items.join("; "));
    }
    if let Some(hint) = hint {
        out.push_str(". ");
        out.push_str(hint);
    }
    out
}

impl ApiError {
    /// The stable diagnostic code for this failure.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Api { .. } if self.is_auth() => ErrorCode::ApiAuth,
            ApiError::Api {
                status, attempts, ..
            } if *attempts > 1 && (*status == 429 || *status >= 500) => {
                ErrorCode::ApiRetriesExhausted
            }
            ApiError::Api { .. } => ErrorCode::ApiRefused,
            ApiError::BadResponse { .. } => ErrorCode::ApiBadResponse,
            ApiError::Transport { .. } => ErrorCode::ApiUnreachable,
            ApiError::Config(_) => ErrorCode::ApiConfig,
            ApiError::ZoneNotFound { .. } | ApiError::AmbiguousZone { .. } => {
                ErrorCode::ZoneNotFound
            }
        }
    }

    /// Every Cloudflare code in the answer, nested ones included.
    pub fn api_codes(&self) -> Vec<u32> {
        match self {
            ApiError::Api { errors, .. } => errors.iter().flat_map(ApiMessage::codes).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the answer carries the Cloudflare code `code` anywhere (chain included).
    pub fn has_code(&self, code: u32) -> bool {
        self.api_codes().contains(&code)
    }

    /// Whether the credentials were refused (HTTP 401/403 or an authentication code).
    pub fn is_auth(&self) -> bool {
        match self {
            ApiError::Api { status, .. } => {
                *status == 401
                    || *status == 403
                    || self.api_codes().iter().any(|c| AUTH_CODES.contains(c))
            }
            _ => false,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Api { status, .. } | ApiError::BadResponse { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Shortens a body for an error message: at most `limit` characters, cut on a character
/// boundary, with the full length noted when cut. Control characters other than newline are
/// escaped so a binary body cannot garble a terminal.
pub(crate) fn snippet(body: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    for (shown, c) in text.chars().enumerate() {
        if shown == limit {
            out.push_str(&format!("… ({} bytes in all)", body.len()));
            return out;
        }
        if c.is_control() && c != '\n' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if body.is_empty() {
        out.push_str("(empty)");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_chain_pointer_and_string_items() {
        let json = r#"[
            {"code": 1004, "message": "DNS Validation Error",
             "source": {"pointer": "/posts/0"},
             "error_chain": [{"code": 9005, "message": "Content for A record must be a valid IPv4 address."}]},
            "plain text message",
            {"code": "81058", "message": "An identical record already exists."}
        ]"#;
        let items: Vec<ApiMessage> = serde_json::from_str(json).unwrap();
        assert_eq!(items[0].code, 1004);
        assert_eq!(items[0].pointer.as_deref(), Some("/posts/0"));
        assert_eq!(items[0].error_chain[0].code, 9005);
        assert_eq!(items[0].codes(), vec![1004, 9005]);
        assert_eq!(
            items[0].to_string(),
            "1004 DNS Validation Error (at /posts/0) <- 9005 Content for A record must be a valid IPv4 address."
        );
        assert_eq!(items[1], ApiMessage::new(0, "plain text message"));
        assert_eq!(items[2].code, 81058);
    }

    #[test]
    fn refusal_names_request_codes_and_hint() {
        let err = ApiError::Api {
            method: Method::Post,
            path: "/zones/abc/dns_records".into(),
            status: 400,
            errors: vec![ApiMessage {
                error_chain: vec![ApiMessage::new(9021, "Invalid TTL")],
                ..ApiMessage::new(1004, "DNS Validation Error")
            }],
            attempts: 1,
            hint: None,
        };
        assert_eq!(
            err.to_string(),
            "Cloudflare refused POST /zones/abc/dns_records (HTTP 400): 1004 DNS Validation Error <- 9021 Invalid TTL"
        );
        assert!(err.has_code(9021));
        assert!(!err.is_auth());
        assert_eq!(err.code(), ErrorCode::ApiRefused);
    }

    #[test]
    fn auth_and_exhausted_retries_get_their_own_codes() {
        let auth = ApiError::Api {
            method: Method::Get,
            path: "/zones".into(),
            status: 400,
            errors: vec![ApiMessage {
                error_chain: vec![ApiMessage::new(
                    6111,
                    "Invalid format for Authorization header",
                )],
                ..ApiMessage::new(6003, "Invalid request headers")
            }],
            attempts: 1,
            hint: Some("check CLOUDFLARE_API_TOKEN".into()),
        };
        assert!(auth.is_auth());
        assert_eq!(auth.code(), ErrorCode::ApiAuth);
        assert!(auth.to_string().ends_with(". check CLOUDFLARE_API_TOKEN"));

        let busy = ApiError::Api {
            method: Method::Get,
            path: "/zones".into(),
            status: 429,
            errors: vec![ApiMessage::new(971, "Please wait")],
            attempts: 5,
            hint: None,
        };
        assert_eq!(busy.code(), ErrorCode::ApiRetriesExhausted);
        assert!(busy.to_string().contains("gave up after 5 attempts"));
    }

    #[test]
    fn snippet_shortens_on_char_boundaries() {
        assert_eq!(snippet(b"", 10), "(empty)");
        assert_eq!(
            snippet("héllo wörld".as_bytes(), 5),
            "héllo… (13 bytes in all)"
        );
        assert_eq!(snippet(b"a\x07b", 10), "a\\u{7}b");
        assert_eq!(snippet(b"short", 10), "short");
    }
}
