//! Cloudflare's DNS API: transport, client, and (with the record model) plan and apply.
//!
//! The layers go one way: [`transport`] moves bytes, [`client`] speaks the endpoints and their
//! error envelope, and the planning code above it diffs a zone file against live records. The
//! real HTTP transport ([`http`]) sits behind the `http` feature so the library itself never
//! depends on an HTTP client.

pub mod api_error;
pub mod attrs;
pub mod auth;
pub mod batch;
pub mod client;
pub mod convert;
pub mod export;
#[cfg(feature = "http")]
pub mod http;
pub(crate) mod json_out;
pub mod limits;
pub mod model;
pub mod multipart;
pub mod names;
pub mod plan;
pub mod records_json;
pub mod retry;
pub mod transport;
pub mod txt;
pub mod types;
pub mod zone_json;
pub mod zone_settings;

pub use api_error::{ApiError, ApiMessage};
pub use auth::{Credentials, Secret};
pub use client::{Answer, Client, DEFAULT_BASE_URL};
pub use retry::RetryPolicy;
pub use transport::{FakeTransport, Method, Request, Response, Transport, TransportError};
