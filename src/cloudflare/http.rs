//! The real transport: ureq (blocking, rustls), behind the `http` feature.
//!
//! ureq was chosen because it is synchronous (the CLI has nothing to overlap), small, and
//! speaks TLS through rustls with bundled web PKI roots, so the binary needs neither OpenSSL nor
//! an async runtime. Redirects are not followed (the API never redirects, and following one
//! could carry credentials elsewhere) and statuses are returned, not raised, so the client can
//! read Cloudflare's error envelope from 4xx/5xx answers.

use std::time::Duration;

use super::transport::{Method, Request, Response, Transport, TransportError, TransportErrorKind};

/// Default limit on a response body (an export of a 3500-record zone is well under 1 MiB).
pub const DEFAULT_MAX_BODY: u64 = 64 * 1024 * 1024;

/// A [`Transport`] on a ureq agent (which pools connections between requests).
#[derive(Debug, Clone)]
pub struct UreqTransport {
    agent: ureq::Agent,
    max_body: u64,
}

impl Default for UreqTransport {
    fn default() -> UreqTransport {
        UreqTransport::new(Duration::from_secs(10), Duration::from_secs(120))
    }
}

impl UreqTransport {
    /// An agent that gives up connecting after `connect_timeout` and on the whole exchange after
    /// `total_timeout`.
    pub fn new(connect_timeout: Duration, total_timeout: Duration) -> UreqTransport {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(connect_timeout))
            .timeout_global(Some(total_timeout))
            .user_agent(concat!("zonefmt/", env!("CARGO_PKG_VERSION")))
            .build();
        UreqTransport {
            agent: ureq::Agent::new_with_config(config),
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Changes the largest body accepted.
    pub fn with_max_body(mut self, bytes: u64) -> UreqTransport {
        self.max_body = bytes;
        self
    }
}

impl Transport for UreqTransport {
    fn send(&self, request: &Request) -> Result<Response, TransportError> {
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let result = if request.body.is_empty() && request.method == Method::Get {
            builder
                .body(())
                .map_err(build_error)
                .and_then(|r| self.agent.run(r).map_err(convert))
        } else {
            builder
                .body(request.body.as_slice())
                .map_err(build_error)
                .and_then(|r| self.agent.run(r).map_err(convert))
        };
        let mut response = result?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_body)
            .read_to_vec()
            .map_err(convert)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

fn build_error(error: ureq::http::Error) -> TransportError {
    TransportError::new(
        TransportErrorKind::Other,
        format!("invalid request: {error}"),
    )
}

fn convert(error: ureq::Error) -> TransportError {
    let kind = match &error {
        ureq::Error::Timeout(_) => TransportErrorKind::Timeout,
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => TransportErrorKind::Connect,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            TransportErrorKind::Connect
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            TransportErrorKind::Timeout
        }
        ureq::Error::BodyExceedsLimit(_) => TransportErrorKind::TooLarge,
        _ => TransportErrorKind::Other,
    };
    TransportError::new(kind, error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A one-shot server on 127.0.0.1 that records the raw request and replies with `reply`.
    fn serve_once(reply: &'static [u8]) -> (String, std::thread::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            // Read until the headers and the declared body have arrived (bounded by the timeout).
            loop {
                let n = stream.read(&mut buf).unwrap_or(0);
                if n == 0 {
                    break;
                }
                seen.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&seen).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap())
                        })
                        .unwrap_or(0);
                    if seen.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            stream.write_all(reply).unwrap();
            String::from_utf8_lossy(&seen).into_owned()
        });
        (url, handle)
    }

    #[test]
    fn sends_method_headers_body_and_returns_error_statuses() {
        let (url, server) = serve_once(
            b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n{\"success\":false}",
        );
        let transport = UreqTransport::default();
        let mut request = Request::new(Method::Patch, format!("{url}/zones/x/dns_settings"));
        request
            .headers
            .push(("Content-Type".into(), "application/json".into()));
        request.body = b"{\"ns_ttl\":3600}".to_vec();
        let response = transport.send(&request).unwrap();
        assert_eq!(response.status, 400);
        assert_eq!(response.header("content-type"), Some("application/json"));
        assert_eq!(response.body, b"{\"success\":false}");
        let seen = server.join().unwrap();
        assert!(
            seen.starts_with("PATCH /zones/x/dns_settings HTTP/1.1\r\n"),
            "{seen}"
        );
        assert!(seen.ends_with("{\"ns_ttl\":3600}"), "{seen}");
    }

    #[test]
    fn refused_connection_is_a_connect_error() {
        // Bind then drop to get a port nothing listens on.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let transport = UreqTransport::new(Duration::from_secs(2), Duration::from_secs(5));
        let err = transport
            .send(&Request::new(
                Method::Get,
                format!("http://127.0.0.1:{port}/"),
            ))
            .unwrap_err();
        assert_eq!(err.kind, TransportErrorKind::Connect, "{err}");
    }

    #[test]
    fn body_limit_is_enforced() {
        let (url, server) = serve_once(
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789",
        );
        let transport = UreqTransport::default().with_max_body(4);
        let err = transport.send(&Request::new(Method::Get, url)).unwrap_err();
        assert_eq!(err.kind, TransportErrorKind::TooLarge, "{err}");
        server.join().unwrap();
    }
}
