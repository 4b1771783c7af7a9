//! Credentials, kept out of every printed form.
//!
//! A [`Secret`] can only be read through [`Secret::expose`]; its `Debug` and `Display` print
//! `<redacted>`, and it has no `Serialize`. The client also scrubs the secret from any response
//! text it quotes in an error, in case a server or proxy echoes a header back.

use std::fmt;

use super::api_error::ApiError;

/// Environment variable holding an API token (sent as `Authorization: Bearer`).
pub const ENV_API_TOKEN: &str = "CLOUDFLARE_API_TOKEN";
/// Environment variable holding the account e-mail for the legacy global API key.
pub const ENV_EMAIL: &str = "CLOUDFLARE_EMAIL";
/// Environment variable holding the legacy global API key.
pub const ENV_API_KEY: &str = "CLOUDFLARE_API_KEY";
/// Environment variable overriding the API base URL (an emulator, a proxy).
pub const ENV_BASE_URL: &str = "CLOUDFLARE_BASE_URL";

/// A credential string that never appears in formatted output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How requests authenticate. Cloudflare refuses a request that mixes schemes (error 6003), so
/// exactly one is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// An API token: `Authorization: Bearer <token>` (preferred).
    Token(Secret),
    /// The legacy global API key: `X-Auth-Email` + `X-Auth-Key`.
    GlobalKey { email: String, key: Secret },
}

impl Credentials {
    /// Reads [`ENV_API_TOKEN`], or else [`ENV_EMAIL`] and [`ENV_API_KEY`], from the process
    /// environment.
    pub fn from_env() -> Result<Credentials, ApiError> {
        Credentials::from_lookup(|name| std::env::var(name).ok())
    }

    /// As [`Credentials::from_env`], reading variables through `lookup` (tests, config files).
    /// Values are trimmed (a token pasted from a file often ends in a newline); empty values
    /// count as unset. A token wins over a global key when both are set.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Credentials, ApiError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        if let Some(token) = get(ENV_API_TOKEN) {
            check_header_safe(ENV_API_TOKEN, &token)?;
            return Ok(Credentials::Token(Secret::new(token)));
        }
        match (get(ENV_EMAIL), get(ENV_API_KEY)) {
            (Some(email), Some(key)) => {
                check_header_safe(ENV_EMAIL, &email)?;
                check_header_safe(ENV_API_KEY, &key)?;
                Ok(Credentials::GlobalKey {
                    email,
                    key: Secret::new(key),
                })
            }
            (Some(_), None) => Err(ApiError::Config(format!(
                "{ENV_EMAIL} is set but {ENV_API_KEY} is not; set both, or set {ENV_API_TOKEN}"
            ))),
            (None, Some(_)) => Err(ApiError::Config(format!(
                "{ENV_API_KEY} is set but {ENV_EMAIL} is not; set both, or set {ENV_API_TOKEN}"
            ))),
            (None, None) => Err(ApiError::Config(format!(
                "no Cloudflare credentials: set {ENV_API_TOKEN} (an API token with DNS permissions), \
                 or {ENV_EMAIL} and {ENV_API_KEY}"
            ))),
        }
    }

    /// The authentication headers to send.
    pub(crate) fn headers(&self) -> Vec<(String, String)> {
        match self {
            Credentials::Token(token) => vec![(
                "Authorization".to_owned(),
                format!("Bearer {}", token.expose()),
            )],
            Credentials::GlobalKey { email, key } => vec![
                ("X-Auth-Email".to_owned(), email.clone()),
                ("X-Auth-Key".to_owned(), key.expose().to_owned()),
            ],
        }
    }

    /// The secret part, so text quoted back from a server can be scrubbed of it.
    pub(crate) fn secret(&self) -> &Secret {
        match self {
            Credentials::Token(token) => token,
            Credentials::GlobalKey { key, .. } => key,
        }
    }

    /// Which variable the secret came from, for error hints.
    pub(crate) fn source_name(&self) -> &'static str {
        match self {
            Credentials::Token(_) => ENV_API_TOKEN,
            Credentials::GlobalKey { .. } => ENV_API_KEY,
        }
    }

    /// Replaces every occurrence of the secret in `text` by `<redacted>`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let secret = self.secret().expose();
        if secret.is_empty() {
            text.to_owned()
        } else {
            text.replace(secret, "<redacted>")
        }
    }
}

/// A header value cannot hold control characters; refusing them here keeps a bad value out of
/// the transport's error message (which could quote it).
fn check_header_safe(variable: &str, value: &str) -> Result<(), ApiError> {
    if value.chars().any(|c| c.is_control()) {
        return Err(ApiError::Config(format!(
            "{variable} contains a control character (line break or tab inside the value); \
             it cannot be sent as an HTTP header"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn secret_never_formats() {
        let secret = Secret::new("tok-123456");
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        let creds = Credentials::Token(secret.clone());
        assert!(!format!("{creds:?}").contains("tok-123456"));
        let key = Credentials::GlobalKey {
            email: "me@example.com".into(),
            key: Secret::new("globalkey99"),
        };
        let shown = format!("{key:?}");
        assert!(!shown.contains("globalkey99"), "{shown}");
        assert!(shown.contains("me@example.com"));
        assert_eq!(secret.expose(), "tok-123456");
    }

    #[test]
    fn token_preferred_and_trimmed() {
        let creds = Credentials::from_lookup(env(&[
            (ENV_API_TOKEN, " abc\n"),
            (ENV_EMAIL, "me@example.com"),
            (ENV_API_KEY, "k"),
        ]))
        .unwrap();
        assert_eq!(creds, Credentials::Token(Secret::new("abc")));
        assert_eq!(
            creds.headers(),
            vec![("Authorization".to_owned(), "Bearer abc".to_owned())]
        );
    }

    #[test]
    fn global_key_needs_both_halves() {
        let creds =
            Credentials::from_lookup(env(&[(ENV_EMAIL, "me@example.com"), (ENV_API_KEY, "k1")]))
                .unwrap();
        let headers = creds.headers();
        assert_eq!(headers[0], ("X-Auth-Email".into(), "me@example.com".into()));
        assert_eq!(headers[1], ("X-Auth-Key".into(), "k1".into()));

        let err = Credentials::from_lookup(env(&[(ENV_EMAIL, "me@example.com")])).unwrap_err();
        assert!(err.to_string().contains(ENV_API_KEY), "{err}");
        let err = Credentials::from_lookup(env(&[(ENV_API_TOKEN, "  ")])).unwrap_err();
        assert!(
            err.to_string().contains("no Cloudflare credentials"),
            "{err}"
        );
    }

    #[test]
    fn control_characters_refused_without_echoing_the_value() {
        let err = Credentials::from_lookup(env(&[(ENV_API_TOKEN, "abc\rdef")])).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("control character"), "{text}");
        assert!(!text.contains("abc"), "{text}");
    }

    #[test]
    fn scrub_removes_the_secret() {
        let creds = Credentials::Token(Secret::new("zzz-secret"));
        assert_eq!(
            creds.scrub("echo: Bearer zzz-secret!"),
            "echo: Bearer <redacted>!"
        );
    }
}
