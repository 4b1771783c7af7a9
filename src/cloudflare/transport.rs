//! The one seam between the API client and the network.
//!
//! The client builds [`Request`]s and reads [`Response`]s; a [`Transport`] moves the bytes. The
//! library therefore never depends on a particular HTTP client: the `http` feature provides one
//! on ureq ([`super::http::UreqTransport`]), tests use [`FakeTransport`], and an application can
//! plug in its own (a proxy, a recorder, an async runtime behind a blocking shim).

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

/// The HTTP methods Cloudflare's DNS API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// The method as written on the request line.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether repeating the request cannot do more than sending it once, which decides whether
    /// a request that may have reached the server (a timeout) is safe to retry.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Header names whose values are credentials. [`Request`]'s `Debug` output hides them, so a
/// request can be logged without leaking the token.
pub const SECRET_HEADERS: &[&str] = &["authorization", "x-auth-key", "x-auth-user-service-key"];

/// An HTTP request, fully built: absolute URL, headers, body.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// A request without headers or body.
    pub fn new(method: Method, url: impl Into<String>) -> Request {
        Request {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The first value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body as text (lossy), for tests and diagnostics.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl fmt::Debug for Request {
    /// Credentials are replaced by `<redacted>`; the body is shown as (lossy) text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                if SECRET_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s)) {
                    (name.as_str(), "<redacted>")
                } else {
                    (name.as_str(), value.as_str())
                }
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// An HTTP response as received: status, headers, the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a body and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A JSON response, with its content type.
    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response::new(status, value.to_string()).with_header("content-type", "application/json")
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The first value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// What kind of failure kept a response from arriving; it decides what is safe to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, DNS failure): the request never left, so any
    /// method may be retried.
    Connect,
    /// No complete answer in time: the server may have acted on the request.
    Timeout,
    /// The response was larger than the transport accepts.
    TooLarge,
    /// Anything else (TLS, protocol, I/O in the middle of the exchange).
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::TooLarge => "response too large",
            TransportErrorKind::Other => "transport error",
        })
    }
}

/// A request that got no HTTP response at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct TransportError {
    pub kind: TransportErrorKind,
    pub message: String,
}

impl TransportError {
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> TransportError {
        TransportError {
            kind,
            message: message.into(),
        }
    }
}

/// Sends one HTTP request and returns the response, whatever its status. Non-2xx statuses are
/// responses, not errors: the client reads Cloudflare's error envelope from them.
pub trait Transport {
    fn send(&self, request: &Request) -> Result<Response, TransportError>;
}

impl<T: Transport + ?Sized> Transport for &T {
    fn send(&self, request: &Request) -> Result<Response, TransportError> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn send(&self, request: &Request) -> Result<Response, TransportError> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(&self, request: &Request) -> Result<Response, TransportError> {
        (**self).send(request)
    }
}

type Handler = Box<dyn FnMut(&Request) -> Result<Response, TransportError> + Send>;

/// An in-memory transport for tests: answers with a closure or a script, and records every
/// request it was given.
pub struct FakeTransport {
    handler: Mutex<Handler>,
    requests: Mutex<Vec<Request>>,
}

impl FakeTransport {
    /// Answers every request with `handler`.
    pub fn new(
        handler: impl FnMut(&Request) -> Result<Response, TransportError> + Send + 'static,
    ) -> FakeTransport {
        FakeTransport {
            handler: Mutex::new(Box::new(handler)),
            requests: Mutex::new(Vec::new()),
        }
    }

    /// Answers the requests in order with `replies`; a request past the end gets a
    /// [`TransportErrorKind::Other`] error saying the script ran out.
    pub fn scripted(replies: Vec<Result<Response, TransportError>>) -> FakeTransport {
        let mut queue: VecDeque<_> = replies.into();
        FakeTransport::new(move |request| {
            queue.pop_front().unwrap_or_else(|| {
                Err(TransportError::new(
                    TransportErrorKind::Other,
                    format!(
                        "fake transport has no reply left for {} {}",
                        request.method, request.url
                    ),
                ))
            })
        })
    }

    /// Every request sent so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.requests).clone()
    }
}

impl Transport for FakeTransport {
    fn send(&self, request: &Request) -> Result<Response, TransportError> {
        lock(&self.requests).push(request.clone());
        let mut handler = lock(&self.handler);
        (handler)(request)
    }
}

/// Locks a mutex, carrying on through poisoning (a panicking test thread must not hide the
/// requests it made).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_credentials_but_shows_the_rest() {
        let mut request = Request::new(Method::Get, "https://api.example/zones");
        request
            .headers
            .push(("Authorization".into(), "Bearer s3cr3t-token".into()));
        request.headers.push(("X-Auth-Key".into(), "k3y".into()));
        request
            .headers
            .push(("X-Auth-Email".into(), "a@example.com".into()));
        let shown = format!("{request:?}");
        assert!(!shown.contains("s3cr3t-token"), "{shown}");
        assert!(!shown.contains("k3y"), "{shown}");
        assert!(shown.contains("<redacted>"));
        assert!(shown.contains("a@example.com"));
        assert!(shown.contains("https://api.example/zones"));
    }

    #[test]
    fn headers_are_found_case_insensitively() {
        let response = Response::new(429, "").with_header("Retry-After", "7");
        assert_eq!(response.header("retry-after"), Some("7"));
        assert_eq!(response.header("x-missing"), None);
        assert!(!response.is_success());
        assert!(Response::new(204, "").is_success());
    }

    #[test]
    fn scripted_fake_replies_in_order_then_fails_and_records() {
        let fake = FakeTransport::scripted(vec![Ok(Response::new(200, "one"))]);
        let first = fake.send(&Request::new(Method::Get, "http://x/1")).unwrap();
        assert_eq!(first.body, b"one");
        let second = fake.send(&Request::new(Method::Post, "http://x/2"));
        let err = second.unwrap_err();
        assert!(err.message.contains("POST http://x/2"), "{err}");
        let urls: Vec<_> = fake.requests().into_iter().map(|r| r.url).collect();
        assert_eq!(urls, ["http://x/1", "http://x/2"]);
    }

    #[test]
    fn only_get_put_delete_are_idempotent() {
        assert!(Method::Get.is_idempotent());
        assert!(Method::Put.is_idempotent());
        assert!(Method::Delete.is_idempotent());
        assert!(!Method::Post.is_idempotent());
        assert!(!Method::Patch.is_idempotent());
    }
}
