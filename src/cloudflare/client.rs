//! A blocking client for Cloudflare's DNS endpoints, generic over the [`Transport`].
//!
//! Each method is one endpoint (list is every page of one). Requests carry exactly one auth
//! scheme; answers are decoded from Cloudflare's envelope into the result type or an
//! [`ApiError`] naming the request, the status and every code of the error chain; 429 and 5xx
//! are retried per the [`RetryPolicy`]. Record bodies are generic: pass the typed model or
//! `serde_json::Value`.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::api_error::{snippet, ApiError, ApiMessage};
use super::auth::{Credentials, ENV_BASE_URL};
use super::multipart::{self, Part};
use super::retry::{thread_sleeper, RetryPolicy, Sleeper};
use super::transport::{Method, Request, Response, Transport};
use super::types::{
    BatchRequest, BatchResult, CustomNameserver, ImportReport, ImportResult, ListFilter,
    NewCustomNameserver, RecordId, RecordUsage, ResultInfo, ScanReview, ScanReviewResult, Zone,
};

/// Cloudflare's API root.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";

/// Records per page when listing. 100 is what Cloudflare's own tools use; the documented
/// maximum is far higher but not confirmed, and pagination follows `result_info` either way.
pub const DEFAULT_PER_PAGE: u32 = 100;

/// Upper bound on pages fetched by one list call (protects against a server that never stops).
const MAX_PAGES: u64 = 100_000;

/// How much of an unreadable body an error quotes.
const SNIPPET_CHARS: usize = 300;

/// An answer's result together with what came alongside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer<R> {
    pub result: R,
    /// `messages` of the envelope (import rejections live here).
    pub messages: Vec<ApiMessage>,
    pub result_info: Option<ResultInfo>,
}

/// The envelope as it arrives, before `result` is given its type.
#[derive(Deserialize)]
struct WireEnvelope {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    errors: Vec<ApiMessage>,
    #[serde(default)]
    messages: Vec<ApiMessage>,
    #[serde(default)]
    result: serde_json::Value,
    #[serde(default)]
    result_info: Option<ResultInfo>,
}

/// The API client. Cheap to share by reference; holds no connection state of its own.
pub struct Client<T> {
    transport: T,
    base_url: String,
    credentials: Credentials,
    retry: RetryPolicy,
    sleeper: Sleeper,
    per_page: u32,
}

impl<T> fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("per_page", &self.per_page)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> Client<T> {
    /// A client of the real API with the default retry policy.
    pub fn new(transport: T, credentials: Credentials) -> Client<T> {
        Client {
            transport,
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials,
            retry: RetryPolicy::default(),
            sleeper: thread_sleeper(),
            per_page: DEFAULT_PER_PAGE,
        }
    }

    /// Credentials and base URL from the environment (`CLOUDFLARE_API_TOKEN` or
    /// `CLOUDFLARE_EMAIL` + `CLOUDFLARE_API_KEY`; `CLOUDFLARE_BASE_URL`).
    pub fn from_env(transport: T) -> Result<Client<T>, ApiError> {
        Client::from_lookup(transport, |name| std::env::var(name).ok())
    }

    /// As [`Client::from_env`], reading variables through `lookup`.
    pub fn from_lookup(
        transport: T,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Client<T>, ApiError> {
        let credentials = Credentials::from_lookup(&lookup)?;
        let client = Client::new(transport, credentials);
        match lookup(ENV_BASE_URL).filter(|u| !u.trim().is_empty()) {
            Some(url) => client.with_base_url(&url),
            None => Ok(client),
        }
    }

    /// Sends requests to `url` instead (an emulator, a proxy). It must be an absolute
    /// `http://` or `https://` URL without query or fragment; a trailing `/` is dropped.
    pub fn with_base_url(mut self, url: &str) -> Result<Client<T>, ApiError> {
        let url = url.trim().trim_end_matches('/');
        let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
        let host_ok = url
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.is_empty());
        if !scheme_ok
            || !host_ok
            || url.contains(['?', '#'])
            || url.chars().any(char::is_whitespace)
        {
            return Err(ApiError::Config(format!(
                "the API base URL {url:?} is not an absolute http:// or https:// URL without query \
                 (from --base-url or {ENV_BASE_URL})"
            )));
        }
        self.base_url = url.to_owned();
        Ok(self)
    }

    /// Replaces the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Client<T> {
        self.retry = retry;
        self
    }

    /// Replaces the function that sleeps between retries (tests record instead of waiting).
    pub fn with_sleeper(mut self, sleeper: Sleeper) -> Client<T> {
        self.sleeper = sleeper;
        self
    }

    /// Records per page when listing (at least 1).
    pub fn with_per_page(mut self, per_page: u32) -> Client<T> {
        self.per_page = per_page.max(1);
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    // ----- zones -----------------------------------------------------------------------------

    /// The zone id for `zone`: a 32-hex id is used as is (no request), a name is looked up.
    pub fn zone_id(&self, zone: &str) -> Result<String, ApiError> {
        match as_zone_id(zone) {
            Some(id) => Ok(id),
            None => Ok(self.find_zone(zone)?.id),
        }
    }

    /// The zone object for an id or a name.
    pub fn zone(&self, zone: &str) -> Result<Zone, ApiError> {
        match as_zone_id(zone) {
            Some(id) => self.get(&format!("/zones/{}", segment(&id)), &[]),
            None => self.find_zone(zone),
        }
    }

    /// Looks a zone up by name (`GET /zones?name=`). The name may carry a trailing dot and be in
    /// Unicode or Punycode; both forms are tried. When several zones share the name (pending in
    /// several accounts) the single active one is taken, else the caller must give an id.
    pub fn find_zone(&self, name: &str) -> Result<Zone, ApiError> {
        let wanted = name.trim().trim_end_matches('.').to_lowercase();
        if wanted.is_empty() {
            return Err(ApiError::Config("the zone name is empty".to_owned()));
        }
        let mut forms = vec![wanted.clone()];
        if let Ok(ascii) = idna::domain_to_ascii(&wanted) {
            forms.push(ascii);
        }
        let (unicode, unicode_ok) = idna::domain_to_unicode(&wanted);
        if unicode_ok.is_ok() {
            forms.push(unicode);
        }
        let mut seen = Vec::new();
        forms.retain(|f| {
            let new = !seen.contains(f);
            seen.push(f.clone());
            new
        });
        for form in &forms {
            let zones: Vec<Zone> = self.get(
                "/zones",
                &[
                    ("name".to_owned(), form.clone()),
                    ("per_page".to_owned(), "50".to_owned()),
                ],
            )?;
            let mut matching: Vec<Zone> = zones
                .into_iter()
                .filter(|z| {
                    let name = z.name.trim_end_matches('.');
                    forms.iter().any(|f| name.eq_ignore_ascii_case(f))
                })
                .collect();
            match matching.len() {
                0 => continue,
                1 => {
                    if let Some(zone) = matching.pop() {
                        return Ok(zone);
                    }
                }
                count => {
                    let active: Vec<&Zone> = matching
                        .iter()
                        .filter(|z| z.status.as_deref() == Some("active"))
                        .collect();
                    if let [only] = active.as_slice() {
                        return Ok((*only).clone());
                    }
                    return Err(ApiError::AmbiguousZone {
                        name: wanted,
                        count,
                        ids: matching
                            .iter()
                            .map(|z| z.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
            }
        }
        Err(ApiError::ZoneNotFound { name: wanted })
    }

    // ----- records ---------------------------------------------------------------------------

    /// Every record of the zone matching `filter`, following pagination to the end.
    pub fn list_records<R: DeserializeOwned>(
        &self,
        zone_id: &str,
        filter: &ListFilter,
    ) -> Result<Vec<R>, ApiError> {
        self.list_all(
            &format!("/zones/{}/dns_records", segment(zone_id)),
            filter.query(),
        )
    }

    /// One record by id.
    pub fn record<R: DeserializeOwned>(&self, zone_id: &str, id: &str) -> Result<R, ApiError> {
        self.get(&record_path(zone_id, id), &[])
    }

    /// Creates a record (`POST …/dns_records`).
    pub fn create_record<B: Serialize, R: DeserializeOwned>(
        &self,
        zone_id: &str,
        record: &B,
    ) -> Result<R, ApiError> {
        let path = format!("/zones/{}/dns_records", segment(zone_id));
        Ok(self
            .call_json(Method::Post, &path, &[], Some(record))?
            .result)
    }

    /// Replaces a record whole (`PUT`): omitted fields take their defaults.
    pub fn overwrite_record<B: Serialize, R: DeserializeOwned>(
        &self,
        zone_id: &str,
        id: &str,
        record: &B,
    ) -> Result<R, ApiError> {
        Ok(self
            .call_json(Method::Put, &record_path(zone_id, id), &[], Some(record))?
            .result)
    }

    /// Changes some fields of a record (`PATCH`): omitted fields keep their values.
    pub fn update_record<B: Serialize, R: DeserializeOwned>(
        &self,
        zone_id: &str,
        id: &str,
        fields: &B,
    ) -> Result<R, ApiError> {
        Ok(self
            .call_json(Method::Patch, &record_path(zone_id, id), &[], Some(fields))?
            .result)
    }

    /// Deletes a record; returns the id Cloudflare confirms.
    pub fn delete_record(&self, zone_id: &str, id: &str) -> Result<String, ApiError> {
        let answer: Answer<Option<RecordId>> =
            self.call_json::<(), _>(Method::Delete, &record_path(zone_id, id), &[], None)?;
        Ok(answer.result.map_or_else(|| id.to_owned(), |r| r.id))
    }

    /// Runs one batch in one transaction (deletes, patches, puts, posts). The caller keeps it
    /// within the plan's per-call limit ([`Zone::batch_limit`]).
    pub fn batch<B: Serialize, R: DeserializeOwned>(
        &self,
        zone_id: &str,
        batch: &BatchRequest<B>,
    ) -> Result<BatchResult<R>, ApiError> {
        let path = format!("/zones/{}/dns_records/batch", segment(zone_id));
        Ok(self
            .call_json(Method::Post, &path, &[], Some(batch))?
            .result)
    }

    /// The zone in Cloudflare's BIND-style export format.
    pub fn export(&self, zone_id: &str) -> Result<String, ApiError> {
        let path = format!("/zones/{}/dns_records/export", segment(zone_id));
        let (response, attempts) =
            self.send(Method::Get, &path, &[], None, "text/plain", Vec::new())?;
        if !response.is_success() {
            // Failures come as the JSON envelope.
            let err = self.decode::<serde_json::Value>(Method::Get, &path, &response, attempts);
            return Err(match err {
                Err(e) => e,
                Ok(_) => self.refusal(Method::Get, &path, &response, Vec::new(), attempts),
            });
        }
        String::from_utf8(response.body.clone()).map_err(|e| {
            self.bad_response(
                Method::Get,
                &path,
                &response,
                format!("the export is not UTF-8 text ({e})"),
            )
        })
    }

    /// Uploads zone text (`POST …/import`, multipart `file` and `proxied`). Cloudflare accepts
    /// at most 256 KiB and 3 imports a minute; records it skips are in the report's messages.
    pub fn import(
        &self,
        zone_id: &str,
        zone_text: &str,
        proxied: bool,
    ) -> Result<ImportReport, ApiError> {
        let path = format!("/zones/{}/dns_records/import", segment(zone_id));
        let form = multipart::encode(&[
            Part::file("file", "zone.txt", zone_text.as_bytes()),
            Part::text("proxied", if proxied { "true" } else { "false" }),
        ]);
        let answer: Answer<Option<ImportResult>> = self.call(
            Method::Post,
            &path,
            &[],
            Some(&form.content_type),
            form.body,
        )?;
        let result = answer.result.unwrap_or_default();
        Ok(ImportReport {
            recs_added: result.recs_added,
            total_records_parsed: result.total_records_parsed,
            recs_added_by_type: result.recs_added_by_type,
            messages: answer.messages,
        })
    }

    // ----- scan ------------------------------------------------------------------------------

    /// Starts an asynchronous scan for common records; results come from [`Client::scan_list`].
    pub fn scan_trigger(&self, zone_id: &str) -> Result<Vec<ApiMessage>, ApiError> {
        let path = format!("/zones/{}/dns_records/scan/trigger", segment(zone_id));
        let answer: Answer<serde_json::Value> =
            self.call_json::<(), _>(Method::Post, &path, &[], None)?;
        Ok(answer.messages)
    }

    /// The records the scan found so far (not yet in the zone).
    pub fn scan_list<R: DeserializeOwned>(&self, zone_id: &str) -> Result<Vec<R>, ApiError> {
        let path = format!("/zones/{}/dns_records/scan/review", segment(zone_id));
        let found: Option<Vec<R>> = self.get(&path, &[])?;
        Ok(found.unwrap_or_default())
    }

    /// Accepts (adds to the zone) and rejects (drops) scanned records.
    pub fn scan_review<B: Serialize, R: DeserializeOwned>(
        &self,
        zone_id: &str,
        review: &ScanReview<B>,
    ) -> Result<ScanReviewResult<R>, ApiError> {
        let path = format!("/zones/{}/dns_records/scan/review", segment(zone_id));
        Ok(self
            .call_json(Method::Post, &path, &[], Some(review))?
            .result)
    }

    // ----- usage and settings ----------------------------------------------------------------

    /// How many records the zone has and may have.
    pub fn usage(&self, zone_id: &str) -> Result<RecordUsage, ApiError> {
        self.get(
            &format!("/zones/{}/dns_records/usage", segment(zone_id)),
            &[],
        )
    }

    /// The zone's DNS settings (SOA timers, NS TTL, nameservers, …).
    pub fn dns_settings<S: DeserializeOwned>(&self, zone_id: &str) -> Result<S, ApiError> {
        self.get(&format!("/zones/{}/dns_settings", segment(zone_id)), &[])
    }

    /// Changes some DNS settings (`PATCH`); returns the settings as stored.
    pub fn edit_dns_settings<B: Serialize, S: DeserializeOwned>(
        &self,
        zone_id: &str,
        changes: &B,
    ) -> Result<S, ApiError> {
        let path = format!("/zones/{}/dns_settings", segment(zone_id));
        Ok(self
            .call_json(Method::Patch, &path, &[], Some(changes))?
            .result)
    }

    // ----- account custom nameservers --------------------------------------------------------

    /// Registers a custom nameserver for the account.
    pub fn add_custom_nameserver(
        &self,
        account_id: &str,
        nameserver: &NewCustomNameserver,
    ) -> Result<CustomNameserver, ApiError> {
        let path = format!("/accounts/{}/custom_ns", segment(account_id));
        Ok(self
            .call_json(Method::Post, &path, &[], Some(nameserver))?
            .result)
    }

    /// The account's custom nameservers.
    pub fn custom_nameservers(&self, account_id: &str) -> Result<Vec<CustomNameserver>, ApiError> {
        let found: Option<Vec<CustomNameserver>> =
            self.get(&format!("/accounts/{}/custom_ns", segment(account_id)), &[])?;
        Ok(found.unwrap_or_default())
    }

    /// Removes a custom nameserver (its id is its name).
    pub fn delete_custom_nameserver(
        &self,
        account_id: &str,
        ns_name: &str,
    ) -> Result<(), ApiError> {
        let path = format!(
            "/accounts/{}/custom_ns/{}",
            segment(account_id),
            segment(ns_name)
        );
        let _: Answer<serde_json::Value> =
            self.call_json::<(), _>(Method::Delete, &path, &[], None)?;
        Ok(())
    }

    // ----- plumbing --------------------------------------------------------------------------

    /// A GET whose result is returned.
    pub fn get<R: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(String, String)],
    ) -> Result<R, ApiError> {
        Ok(self
            .call_json::<(), R>(Method::Get, path, query, None)?
            .result)
    }

    /// Every page of a list endpoint.
    fn list_all<R: DeserializeOwned>(
        &self,
        path: &str,
        mut query: Vec<(String, String)>,
    ) -> Result<Vec<R>, ApiError> {
        query.push(("per_page".to_owned(), self.per_page.to_string()));
        query.push(("page".to_owned(), String::new()));
        let page_slot = query.len() - 1;
        let mut all = Vec::new();
        for page in 1..=MAX_PAGES {
            if let Some(slot) = query.get_mut(page_slot) {
                slot.1 = page.to_string();
            }
            let answer: Answer<Vec<R>> =
                self.call_json::<(), _>(Method::Get, path, &query, None)?;
            let got = answer.result.len() as u64;
            all.extend(answer.result);
            let more = match &answer.result_info {
                Some(ResultInfo {
                    total_pages: Some(total),
                    ..
                }) => page < *total && got > 0,
                // No page count: go on while pages come back full (octoDNS's rule).
                _ => got > 0 && got >= u64::from(self.per_page),
            };
            if !more {
                return Ok(all);
            }
        }
        Err(ApiError::Config(format!(
            "listing {path} did not end after {MAX_PAGES} pages"
        )))
    }

    /// Sends a request with an optional JSON body and decodes the answer.
    pub fn call_json<B: Serialize, R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Option<&B>,
    ) -> Result<Answer<R>, ApiError> {
        match body {
            Some(body) => {
                let bytes = serde_json::to_vec(body).map_err(|e| {
                    ApiError::Config(format!("cannot encode the body of {method} {path}: {e}"))
                })?;
                self.call(method, path, query, Some("application/json"), bytes)
            }
            None => self.call(method, path, query, None, Vec::new()),
        }
    }

    /// Sends a request with a ready body and decodes the JSON answer.
    fn call<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Result<Answer<R>, ApiError> {
        let (response, attempts) =
            self.send(method, path, query, content_type, "application/json", body)?;
        self.decode(method, &shown_path(path, query), &response, attempts)
    }

    /// Sends with retries. Returns the final response (any status) and how many attempts it
    /// took.
    fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        content_type: Option<&str>,
        accept: &str,
        body: Vec<u8>,
    ) -> Result<(Response, u32), ApiError> {
        let mut request = Request::new(
            method,
            format!("{}{}", self.base_url, shown_path(path, query)),
        );
        request.headers = self.credentials.headers();
        request
            .headers
            .push(("Accept".to_owned(), accept.to_owned()));
        request.headers.push((
            "User-Agent".to_owned(),
            concat!("zonefmt/", env!("CARGO_PKG_VERSION")).to_owned(),
        ));
        if let Some(content_type) = content_type {
            request
                .headers
                .push(("Content-Type".to_owned(), content_type.to_owned()));
        }
        request.body = body;

        let mut retries = 0;
        let mut waited = Duration::ZERO;
        loop {
            let outcome = self.transport.send(&request);
            match self.retry.next_wait(method, &outcome, retries, waited) {
                Some(wait) => {
                    (self.sleeper)(wait);
                    waited += wait;
                    retries += 1;
                }
                None => {
                    return match outcome {
                        Ok(response) => Ok((response, retries + 1)),
                        Err(mut source) => {
                            source.message = self.credentials.scrub(&source.message);
                            Err(ApiError::Transport {
                                method,
                                path: shown_path(path, query),
                                attempts: retries + 1,
                                source,
                            })
                        }
                    };
                }
            }
        }
    }

    /// Reads Cloudflare's envelope from a response.
    fn decode<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        response: &Response,
        attempts: u32,
    ) -> Result<Answer<R>, ApiError> {
        let value: serde_json::Value = match serde_json::from_slice(&response.body) {
            Ok(value) => value,
            Err(e) => {
                let first = response.body.iter().find(|b| !b.is_ascii_whitespace());
                let reason = if response.body.is_empty() {
                    "the body is empty where JSON was expected".to_owned()
                } else if !matches!(first, Some(b'{') | Some(b'[')) {
                    "the body is not JSON".to_owned()
                } else if e.is_eof() {
                    format!(
                        "the JSON ends early (truncated after {} bytes)",
                        response.body.len()
                    )
                } else {
                    format!("the JSON is malformed ({e})")
                };
                if !response.is_success() && response.body.is_empty() {
                    return Err(self.refusal(method, path, response, Vec::new(), attempts));
                }
                return Err(self.bad_response(method, path, response, reason));
            }
        };
        let looks_like_envelope = value.as_object().is_some_and(|o| {
            o.contains_key("success") || o.contains_key("errors") || o.contains_key("result")
        });
        let envelope: WireEnvelope =
            match serde_json::from_value(value) {
                Ok(envelope) if looks_like_envelope => envelope,
                Ok(_) => return Err(self.bad_response(
                    method,
                    path,
                    response,
                    "the JSON is not Cloudflare's response envelope (no success, errors or result)"
                        .to_owned(),
                )),
                Err(e) => {
                    return Err(self.bad_response(
                        method,
                        path,
                        response,
                        format!("the JSON is not Cloudflare's response envelope ({e})"),
                    ))
                }
            };
        let success = envelope.success.unwrap_or(envelope.errors.is_empty());
        if !success || !response.is_success() {
            return Err(self.refusal(method, path, response, envelope.errors, attempts));
        }
        let result = serde_json::from_value(envelope.result).map_err(|e| {
            self.bad_response(
                method,
                path,
                response,
                format!("the result does not have the expected shape ({e})"),
            )
        })?;
        Ok(Answer {
            result,
            messages: envelope.messages,
            result_info: envelope.result_info,
        })
    }

    fn refusal(
        &self,
        method: Method,
        path: &str,
        response: &Response,
        errors: Vec<ApiMessage>,
        attempts: u32,
    ) -> ApiError {
        let errors: Vec<ApiMessage> = errors.into_iter().map(|m| self.scrub_message(m)).collect();
        let mut error = ApiError::Api {
            method,
            path: path.to_owned(),
            status: response.status,
            errors,
            attempts,
            hint: None,
        };
        if error.is_auth() {
            if let ApiError::Api { hint, .. } = &mut error {
                *hint = Some(format!(
                    "The credentials from {} were refused: check that they are current and \
                     allowed to edit DNS for this zone",
                    self.credentials.source_name()
                ));
            }
        } else if response.status == 429 {
            if let ApiError::Api { hint, .. } = &mut error {
                *hint = Some(
                    "Cloudflare's rate limit (1200 requests per 5 minutes) is spent; wait and retry"
                        .to_owned(),
                );
            }
        }
        error
    }

    fn scrub_message(&self, mut message: ApiMessage) -> ApiMessage {
        message.message = self.credentials.scrub(&message.message);
        message.error_chain = message
            .error_chain
            .into_iter()
            .map(|m| self.scrub_message(m))
            .collect();
        message
    }

    fn bad_response(
        &self,
        method: Method,
        path: &str,
        response: &Response,
        reason: String,
    ) -> ApiError {
        ApiError::BadResponse {
            method,
            path: path.to_owned(),
            status: response.status,
            content_type: response.header("content-type").map(str::to_owned),
            reason,
            snippet: self
                .credentials
                .scrub(&snippet(&response.body, SNIPPET_CHARS)),
        }
    }
}

/// `zone` as a zone id, when it is 32 hexadecimal digits.
pub fn as_zone_id(zone: &str) -> Option<String> {
    let zone = zone.trim();
    (zone.len() == 32 && zone.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| zone.to_ascii_lowercase())
}

fn record_path(zone_id: &str, id: &str) -> String {
    format!("/zones/{}/dns_records/{}", segment(zone_id), segment(id))
}

/// The path with its query string, as sent and as shown in errors.
fn shown_path(path: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        return path.to_owned();
    }
    let pairs: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

/// One path segment, percent-encoded so an id cannot change the path.
fn segment(value: &str) -> String {
    encode_component(value)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use serde_json::{json, Value};

    use super::*;
    use crate::cloudflare::auth::{Secret, ENV_API_TOKEN};
    use crate::cloudflare::transport::{FakeTransport, TransportError, TransportErrorKind};
    use crate::cloudflare::types::WithId;
    use crate::error::ErrorCode;

    const ZONE: &str = "0123456789abcdef0123456789abcdef";
    const TOKEN: &str = "tok-SECRET-42";

    type Slept = Arc<Mutex<Vec<Duration>>>;

    fn ok(result: Value) -> Response {
        Response::json(
            200,
            &json!({"success": true, "errors": [], "messages": [], "result": result}),
        )
    }

    fn make(fake: FakeTransport) -> (Client<Arc<FakeTransport>>, Arc<FakeTransport>, Slept) {
        let fake = Arc::new(fake);
        let slept = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&slept);
        let client = Client::new(Arc::clone(&fake), Credentials::Token(Secret::new(TOKEN)))
            .with_base_url("http://127.0.0.1:9/client/v4/")
            .unwrap()
            .with_sleeper(Arc::new(move |d| record.lock().unwrap().push(d)));
        (client, fake, slept)
    }

    #[test]
    fn from_lookup_reads_token_and_base_url() {
        let fake = FakeTransport::scripted(vec![Ok(ok(
            json!({"record_usage": 3, "record_quota": 200}),
        ))]);
        let client = Client::from_lookup(fake, |name| match name {
            ENV_API_TOKEN => Some(TOKEN.to_owned()),
            ENV_BASE_URL => Some("http://127.0.0.1:8080/client/v4".to_owned()),
            _ => None,
        })
        .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:8080/client/v4");
        assert!(!format!("{client:?}").contains(TOKEN));
        let usage = client.usage(ZONE).unwrap();
        assert_eq!(usage.record_quota, Some(200));
        let sent = &client.transport().requests()[0];
        assert_eq!(
            sent.url,
            format!("http://127.0.0.1:8080/client/v4/zones/{ZONE}/dns_records/usage")
        );
        assert_eq!(
            sent.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(sent.header("x-auth-key"), None);

        let default = Client::from_lookup(FakeTransport::scripted(vec![]), |name| {
            (name == ENV_API_TOKEN).then(|| TOKEN.to_owned())
        })
        .unwrap();
        assert_eq!(default.base_url(), DEFAULT_BASE_URL);
    }

    #[test]
    fn base_url_must_be_absolute() {
        for bad in [
            "api.cloudflare.com",
            "ftp://x",
            "http://",
            "http://x/?q=1",
            "http://a b",
        ] {
            let err = Client::new(
                FakeTransport::scripted(vec![]),
                Credentials::Token(Secret::new("t")),
            )
            .with_base_url(bad)
            .unwrap_err();
            assert_eq!(err.code(), ErrorCode::ApiConfig, "{bad}");
        }
    }

    #[test]
    fn zone_id_is_used_as_is_and_names_are_looked_up() {
        let (client, fake, _) = make(FakeTransport::scripted(vec![
            Ok(ok(json!([
                {"id": "11111111111111111111111111111111", "name": "other.com", "status": "active"},
                {"id": ZONE, "name": "example.com", "status": "active",
                 "plan": {"legacy_id": "free", "name": "Free Website"}}
            ]))),
            Ok(ok(json!([]))),
        ]));
        assert_eq!(client.zone_id(&ZONE.to_uppercase()).unwrap(), ZONE);
        assert!(fake.requests().is_empty(), "an id needs no lookup");
        let zone = client.find_zone("Example.COM.").unwrap();
        assert_eq!(zone.id, ZONE);
        assert_eq!(zone.batch_limit(), 200);
        assert!(fake.requests()[0]
            .url
            .ends_with("/zones?name=example.com&per_page=50"));
        let err = client.find_zone("missing.example").unwrap_err();
        assert!(matches!(err, ApiError::ZoneNotFound { .. }), "{err}");
        assert_eq!(err.code(), ErrorCode::ZoneNotFound);
    }

    #[test]
    fn several_zones_of_one_name_need_a_single_active_one() {
        let two = json!([
            {"id": "11111111111111111111111111111111", "name": "example.com", "status": "pending"},
            {"id": ZONE, "name": "example.com", "status": "active"}
        ]);
        let (client, _, _) = make(FakeTransport::scripted(vec![Ok(ok(two))]));
        assert_eq!(client.find_zone("example.com").unwrap().id, ZONE);

        let pending = json!([
            {"id": "11111111111111111111111111111111", "name": "example.com", "status": "pending"},
            {"id": ZONE, "name": "example.com", "status": "pending"}
        ]);
        let (client, _, _) = make(FakeTransport::scripted(vec![Ok(ok(pending))]));
        let err = client.find_zone("example.com").unwrap_err();
        assert!(err.to_string().contains(ZONE), "{err}");
    }

    #[test]
    fn list_follows_every_page_with_filters() {
        let page = |n: u64, ids: &[&str]| {
            let records: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
            Response::json(
                200,
                &json!({
                    "success": true, "errors": [], "messages": [], "result": records,
                    "result_info": {"page": n, "per_page": 2, "count": ids.len(), "total_count": 5, "total_pages": 3}
                }),
            )
        };
        let (client, fake, _) = make(FakeTransport::scripted(vec![
            Ok(page(1, &["a", "b"])),
            Ok(page(2, &["c", "d"])),
            Ok(page(3, &["e"])),
        ]));
        let client = client.with_per_page(2);
        let filter = ListFilter {
            record_type: Some("A".into()),
            ..ListFilter::default()
        };
        let records: Vec<Value> = client.list_records(ZONE, &filter).unwrap();
        let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e"]);
        let urls: Vec<String> = fake.requests().into_iter().map(|r| r.url).collect();
        assert_eq!(urls.len(), 3);
        assert!(
            urls[2].ends_with(&format!(
                "/zones/{ZONE}/dns_records?type=A&per_page=2&page=3"
            )),
            "{}",
            urls[2]
        );
    }

    #[test]
    fn list_without_page_count_stops_on_a_short_page() {
        let page = |ids: &[&str]| {
            let records: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
            ok(json!(records))
        };
        let (client, fake, _) = make(FakeTransport::scripted(vec![
            Ok(page(&["a", "b"])),
            Ok(page(&["c"])),
        ]));
        let records: Vec<Value> = client
            .with_per_page(2)
            .list_records(ZONE, &ListFilter::default())
            .unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(fake.requests().len(), 2);
    }

    #[test]
    fn rate_limit_and_server_errors_are_retried_honouring_retry_after() {
        let (client, fake, slept) = make(FakeTransport::scripted(vec![
            Ok(Response::json(
                429,
                &json!({"success": false, "errors": [{"code": 971, "message": "Please wait"}]}),
            )
            .with_header("Retry-After", "3")),
            Ok(Response::new(502, "<html>Bad gateway</html>")),
            Ok(ok(json!({"record_usage": 1, "record_quota": null}))),
        ]));
        let usage = client.usage(ZONE).unwrap();
        assert_eq!(usage.record_usage, 1);
        assert_eq!(fake.requests().len(), 3);
        assert_eq!(
            *slept.lock().unwrap(),
            [Duration::from_secs(3), Duration::from_millis(1000)]
        );
    }

    #[test]
    fn retries_are_bounded_and_the_last_answer_is_reported() {
        let busy = || {
            Ok(Response::json(
                503,
                &json!({"success": false, "errors": [{"code": 10013, "message": "temporarily unavailable"}]}),
            ))
        };
        let (client, fake, slept) = make(FakeTransport::new(move |_| busy()));
        let client = client.with_retry(RetryPolicy {
            max_retries: 3,
            ..RetryPolicy::default()
        });
        let err = client.usage(ZONE).unwrap_err();
        assert_eq!(fake.requests().len(), 4);
        assert_eq!(slept.lock().unwrap().len(), 3);
        assert_eq!(err.code(), ErrorCode::ApiRetriesExhausted);
        let text = err.to_string();
        assert!(text.contains("gave up after 4 attempts"), "{text}");
        assert!(text.contains("10013 temporarily unavailable"), "{text}");
    }

    #[test]
    fn retry_after_beyond_the_budget_stops_at_once() {
        let (client, fake, slept) = make(FakeTransport::new(|_| {
            Ok(Response::json(429, &json!({"success": false, "errors": [{"code": 971, "message": "Please wait and consider throttling your request speed"}]}))
                .with_header("Retry-After", "300"))
        }));
        let err = client.usage(ZONE).unwrap_err();
        assert_eq!(fake.requests().len(), 1);
        assert!(slept.lock().unwrap().is_empty());
        assert_eq!(err.status(), Some(429));
        assert!(err.to_string().contains("rate limit"), "{err}");
    }

    #[test]
    fn connection_refused_is_retried_then_reported() {
        let (client, fake, _) = make(FakeTransport::new(|_| {
            Err(TransportError::new(
                TransportErrorKind::Connect,
                "connection refused",
            ))
        }));
        let client = client.with_retry(RetryPolicy {
            max_retries: 1,
            ..RetryPolicy::default()
        });
        let err = client.export(ZONE).unwrap_err();
        assert_eq!(fake.requests().len(), 2);
        assert_eq!(err.code(), ErrorCode::ApiUnreachable);
        assert!(
            err.to_string().contains("gave up after 2 attempts"),
            "{err}"
        );
    }

    #[test]
    fn validation_errors_keep_code_pointer_and_chain() {
        let (client, _, _) = make(FakeTransport::scripted(vec![Ok(Response::json(
            400,
            &json!({
                "success": false, "messages": [], "result": null,
                "errors": [{"code": 1004, "message": "DNS Validation Error",
                            "source": {"pointer": "/posts/0"},
                            "error_chain": [{"code": 9005, "message": "Content for A record must be a valid IPv4 address."}]}]
            }),
        ))]));
        let body = json!({"type": "A", "name": "www", "content": "1.1", "ttl": 1});
        let err = client.create_record::<_, Value>(ZONE, &body).unwrap_err();
        assert!(err.has_code(9005));
        assert_eq!(err.code(), ErrorCode::ApiRefused);
        assert_eq!(
            err.to_string(),
            format!("Cloudflare refused POST /zones/{ZONE}/dns_records (HTTP 400): 1004 DNS Validation Error (at /posts/0) <- 9005 Content for A record must be a valid IPv4 address.")
        );
    }

    #[test]
    fn wrong_token_is_refused_clearly_without_the_token() {
        let (client, _, _) = make(FakeTransport::scripted(vec![Ok(Response::json(
            403,
            &json!({
                "success": false, "messages": [], "result": null,
                "errors": [{"code": 10000, "message": format!("Authentication error for Bearer {TOKEN}")}]
            }),
        ))]));
        let err = client.zone(ZONE).unwrap_err();
        assert!(err.is_auth());
        assert_eq!(err.code(), ErrorCode::ApiAuth);
        let text = err.to_string();
        assert!(text.contains("10000 Authentication error"), "{text}");
        assert!(text.contains("CLOUDFLARE_API_TOKEN were refused"), "{text}");
        assert!(!text.contains(TOKEN), "{text}");
        assert!(!format!("{err:?}").contains(TOKEN));
    }

    #[test]
    fn unreadable_bodies_say_what_arrived() {
        let truncated = br#"{"success": true, "errors": [], "result": [{"id": "abc", "na"#;
        let html = format!("<html><body>502 Bad Gateway {TOKEN}</body></html>");
        let (client, _, _) = make(FakeTransport::scripted(vec![
            Ok(Response::new(200, truncated.to_vec())
                .with_header("content-type", "application/json")),
            Ok(Response::new(400, html).with_header("content-type", "text/html")),
            Ok(Response::json(200, &json!(["not", "an", "envelope"]))),
            Ok(ok(json!({"unexpected": true}))),
        ]));
        let err = client.usage(ZONE).unwrap_err();
        assert_eq!(err.code(), ErrorCode::ApiBadResponse);
        let text = err.to_string();
        assert!(text.contains("truncated after 60 bytes"), "{text}");
        assert!(text.contains(r#""id": "abc", "na"#), "{text}");

        let text = client.usage(ZONE).unwrap_err().to_string();
        assert!(text.contains("HTTP 400 but the body is not JSON"), "{text}");
        assert!(text.contains("(text/html)"), "{text}");
        assert!(text.contains("502 Bad Gateway <redacted>"), "{text}");
        assert!(!text.contains(TOKEN), "{text}");

        let text = client.usage(ZONE).unwrap_err().to_string();
        assert!(
            text.contains("not Cloudflare's response envelope"),
            "{text}"
        );

        let text = client.usage(ZONE).unwrap_err().to_string();
        assert!(
            text.contains("result does not have the expected shape"),
            "{text}"
        );
    }

    #[test]
    fn import_sends_multipart_and_reports_rejections() {
        let (client, fake, _) = make(FakeTransport::scripted(vec![Ok(Response::json(
            200,
            &json!({
                "success": true, "errors": [],
                "messages": [{"code": 81058, "message": "www.example.com: An identical record already exists."}],
                "result": {"recs_added": 1, "total_records_parsed": 2, "recs_added_by_type": {"A": 1}}
            }),
        ))]));
        let report = client
            .import(ZONE, "www 300 IN A 192.0.2.1\n", true)
            .unwrap();
        assert_eq!(report.recs_added, 1);
        assert_eq!(report.skipped(), 1);
        assert_eq!(report.messages[0].code, 81058);
        assert_eq!(report.recs_added_by_type.get("A"), Some(&1));
        let sent = &fake.requests()[0];
        assert_eq!(sent.method, Method::Post);
        let parts = multipart::decode(sent.header("content-type").unwrap(), &sent.body).unwrap();
        assert_eq!(parts[0].name, "file");
        assert_eq!(parts[0].content, b"www 300 IN A 192.0.2.1\n");
        assert_eq!(parts[1], Part::text("proxied", "true"));
    }

    #[test]
    fn export_returns_text_and_decodes_failures() {
        let (client, fake, _) = make(FakeTransport::scripted(vec![
            Ok(Response::new(200, ";; Domain:     example.com.\n")
                .with_header("content-type", "text/plain")),
            Ok(Response::json(
                404,
                &json!({"success": false, "errors": [{"code": 7003, "message": "Could not route to /zones/x/dns_records/export, perhaps your object identifier is invalid?"}]}),
            )),
        ]));
        assert_eq!(
            client.export(ZONE).unwrap(),
            ";; Domain:     example.com.\n"
        );
        assert_eq!(fake.requests()[0].header("accept"), Some("text/plain"));
        let err = client.export(ZONE).unwrap_err();
        assert!(err.has_code(7003), "{err}");
        assert_eq!(err.status(), Some(404));
    }

    #[test]
    fn batch_and_single_record_methods_use_the_documented_paths() {
        let (client, fake, _) = make(FakeTransport::new(|request| {
            Ok(match request.method {
                Method::Delete => ok(json!({"id": "r1"})),
                Method::Post if request.url.ends_with("/batch") => {
                    ok(json!({"posts": [{"id": "new"}]}))
                }
                _ => ok(json!({"id": "r1"})),
            })
        }));
        let batch = BatchRequest {
            deletes: vec![RecordId { id: "old".into() }],
            puts: vec![WithId {
                id: "r1".into(),
                record: json!({"type": "A"}),
            }],
            posts: vec![json!({"type": "TXT"})],
            ..BatchRequest::default()
        };
        let result: BatchResult<Value> = client.batch(ZONE, &batch).unwrap();
        assert_eq!(result.posts[0]["id"], "new");
        assert!(result.deletes.is_empty());
        assert_eq!(client.delete_record(ZONE, "r1").unwrap(), "r1");
        let _: Value = client
            .update_record(ZONE, "r1", &json!({"ttl": 300}))
            .unwrap();
        let _: Value = client
            .overwrite_record(ZONE, "r1", &json!({"ttl": 300}))
            .unwrap();
        let _: Value = client.record(ZONE, "r/../1").unwrap();
        let _: Value = client
            .edit_dns_settings(ZONE, &json!({"ns_ttl": 3600}))
            .unwrap();
        client
            .delete_custom_nameserver("acc", "ns1.example.com")
            .unwrap();

        let sent = fake.requests();
        let summary: Vec<String> = sent
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r.method,
                    r.url.trim_start_matches("http://127.0.0.1:9/client/v4")
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                format!("POST /zones/{ZONE}/dns_records/batch"),
                format!("DELETE /zones/{ZONE}/dns_records/r1"),
                format!("PATCH /zones/{ZONE}/dns_records/r1"),
                format!("PUT /zones/{ZONE}/dns_records/r1"),
                format!("GET /zones/{ZONE}/dns_records/r%2F..%2F1"),
                format!("PATCH /zones/{ZONE}/dns_settings"),
                "DELETE /accounts/acc/custom_ns/ns1.example.com".to_owned(),
            ]
        );
        let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
        assert_eq!(
            body,
            json!({"deletes": [{"id": "old"}], "puts": [{"id": "r1", "type": "A"}], "posts": [{"type": "TXT"}]})
        );
        assert_eq!(sent[0].header("content-type"), Some("application/json"));
    }
}
