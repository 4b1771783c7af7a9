//! Request and result shapes of the endpoints other than the record itself.
//!
//! Record bodies are generic in the client (any `Serialize`/`Deserialize` type: the typed model
//! of `cloudflare::model`, or `serde_json::Value`); the shapes here are the envelopes around
//! them and the small objects of zones, usage, import and custom nameservers. Every result type
//! tolerates unknown fields and missing optional ones, because Cloudflare adds fields freely.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::api_error::ApiMessage;

/// Per-call batch limit on the Free plan.
pub const BATCH_LIMIT_FREE: usize = 200;
/// Per-call batch limit on Pro, Business and Enterprise.
pub const BATCH_LIMIT_PAID: usize = 3500;

/// `result_info` of a paged list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ResultInfo {
    #[serde(default)]
    pub page: u64,
    #[serde(default)]
    pub per_page: u64,
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub total_count: Option<u64>,
    #[serde(default)]
    pub total_pages: Option<u64>,
}

/// A zone as `GET /zones` returns it (the fields zonefmt uses).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Zone {
    pub id: String,
    /// The zone name; Cloudflare returns it in Unicode for IDN zones.
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub account: Option<Account>,
    #[serde(default)]
    pub name_servers: Vec<String>,
    #[serde(default)]
    pub plan: Option<ZonePlan>,
}

impl Zone {
    /// Record operations allowed in one batch call: 200 on Free (and when the plan is unknown,
    /// the safe choice), 3500 on paid plans.
    pub fn batch_limit(&self) -> usize {
        match &self.plan {
            Some(plan) if !plan.is_free() => BATCH_LIMIT_PAID,
            _ => BATCH_LIMIT_FREE,
        }
    }

    /// Whether the zone is on the Enterprise plan (TTL minimum 30 instead of 60).
    pub fn is_enterprise(&self) -> bool {
        self.plan.as_ref().is_some_and(|p| {
            p.legacy_id.as_deref() == Some("enterprise")
                || p.name
                    .as_deref()
                    .is_some_and(|n| n.to_ascii_lowercase().contains("enterprise"))
        })
    }
}

/// The account owning a zone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Account {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// A zone's plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ZonePlan {
    #[serde(default)]
    pub id: Option<String>,
    /// `Free Website`, `Pro Website`, `Enterprise Website`, …
    #[serde(default)]
    pub name: Option<String>,
    /// `free`, `pro`, `business`, `enterprise`.
    #[serde(default)]
    pub legacy_id: Option<String>,
}

impl ZonePlan {
    /// Whether this is the Free plan.
    pub fn is_free(&self) -> bool {
        self.legacy_id.as_deref() == Some("free")
            || self
                .name
                .as_deref()
                .is_some_and(|n| n.to_ascii_lowercase().starts_with("free"))
    }
}

/// `GET /zones/{id}/dns_records/usage`: how many records the zone holds and may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub struct RecordUsage {
    /// Records in the zone now (Cloudflare-created ones included).
    pub record_usage: u64,
    /// The zone's quota; `None` when an account-level quota applies.
    #[serde(default)]
    pub record_quota: Option<u64>,
}

/// What an import did. Import succeeds partially by design: records Cloudflare refused (an
/// identical record exists, a CNAME conflicts, …) are skipped and named in `messages` while the
/// call still reports success, so the messages are kept here for the caller to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub recs_added: u64,
    pub total_records_parsed: u64,
    pub recs_added_by_type: BTreeMap<String, u64>,
    /// Every message of the answer: per-record rejections, warnings.
    pub messages: Vec<ApiMessage>,
}

impl ImportReport {
    /// Records parsed but not added.
    pub fn skipped(&self) -> u64 {
        self.total_records_parsed.saturating_sub(self.recs_added)
    }
}

/// The `result` of an import, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ImportResult {
    #[serde(default)]
    pub recs_added: u64,
    #[serde(default)]
    pub total_records_parsed: u64,
    #[serde(default)]
    pub recs_added_by_type: BTreeMap<String, u64>,
}

/// Filters for listing records. Names must be in Punycode (Unicode does not match).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// `type=` (one of the record types).
    pub record_type: Option<String>,
    /// `name=` exact FQDN.
    pub name: Option<String>,
    /// `content=` exact content.
    pub content: Option<String>,
    /// `proxied=`.
    pub proxied: Option<bool>,
    /// `tag=` filters (`name` or `name:value`), one query parameter each.
    pub tags: Vec<String>,
    /// `match=any` instead of the default `all`.
    pub match_any: bool,
    /// Any further `key=value` parameters (`name.contains`, `comment.present`, `order`, …).
    pub extra: Vec<(String, String)>,
}

impl ListFilter {
    /// The query parameters, in a stable order.
    pub fn query(&self) -> Vec<(String, String)> {
        let mut query = Vec::new();
        let mut push = |k: &str, v: String| query.push((k.to_owned(), v));
        if let Some(t) = &self.record_type {
            push("type", t.clone());
        }
        if let Some(n) = &self.name {
            push("name", n.clone());
        }
        if let Some(c) = &self.content {
            push("content", c.clone());
        }
        if let Some(p) = self.proxied {
            push("proxied", p.to_string());
        }
        for tag in &self.tags {
            push("tag", tag.clone());
        }
        if self.match_any {
            push("match", "any".to_owned());
        }
        for (k, v) in &self.extra {
            push(k, v.clone());
        }
        query
    }
}

/// An object that carries a record id next to a record body (batch patches and puts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WithId<R> {
    pub id: String,
    #[serde(flatten)]
    pub record: R,
}

/// `{id}` — the body of a batch delete and the result of a single delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordId {
    pub id: String,
}

/// One `POST …/dns_records/batch` call. Cloudflare runs it in one transaction, always in the
/// order deletes, patches, puts, posts; any failing item fails the whole call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchRequest<R> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deletes: Vec<RecordId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub patches: Vec<WithId<serde_json::Value>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub puts: Vec<WithId<R>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub posts: Vec<R>,
}

impl<R> Default for BatchRequest<R> {
    fn default() -> Self {
        BatchRequest {
            deletes: Vec::new(),
            patches: Vec::new(),
            puts: Vec::new(),
            posts: Vec::new(),
        }
    }
}

impl<R> BatchRequest<R> {
    /// Record operations in the call (what the per-call limit counts).
    pub fn len(&self) -> usize {
        self.deletes.len() + self.patches.len() + self.puts.len() + self.posts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The result of a batch: the records as stored after each kind of operation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound(deserialize = "R: Deserialize<'de>"))]
pub struct BatchResult<R> {
    #[serde(default = "Vec::new")]
    pub deletes: Vec<R>,
    #[serde(default = "Vec::new")]
    pub patches: Vec<R>,
    #[serde(default = "Vec::new")]
    pub puts: Vec<R>,
    #[serde(default = "Vec::new")]
    pub posts: Vec<R>,
}

/// `POST …/scan/review`: scanned records to keep (as record bodies) and to drop (by id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanReview<R> {
    pub accepts: Vec<R>,
    pub rejects: Vec<RecordId>,
}

/// The answer to a scan review.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound(deserialize = "R: Deserialize<'de>"))]
pub struct ScanReviewResult<R> {
    #[serde(default = "Vec::new")]
    pub accepts: Vec<R>,
    #[serde(default = "Vec::new")]
    pub rejects: Vec<String>,
}

/// An account custom nameserver.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct CustomNameserver {
    pub ns_name: String,
    #[serde(default)]
    pub ns_set: Option<u8>,
    /// Deprecated by Cloudflare (`moved`, `pending`, `verified`); informative only.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub zone_tag: Option<String>,
    /// The glue addresses Cloudflare assigned.
    #[serde(default)]
    pub dns_records: Vec<NameserverAddress>,
}

/// One glue address of a custom nameserver.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct NameserverAddress {
    /// `A` or `AAAA`.
    #[serde(rename = "type")]
    pub record_type: String,
    pub value: String,
}

/// The body of `POST /accounts/{id}/custom_ns`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewCustomNameserver {
    pub ns_name: String,
    /// 1…5; Cloudflare's default is 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ns_set: Option<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn batch_serializes_only_non_empty_lists_with_ids_flattened() {
        let batch = BatchRequest {
            deletes: vec![RecordId { id: "d1".into() }],
            puts: vec![WithId {
                id: "p1".into(),
                record: json!({"type": "A", "name": "www.example.com", "content": "192.0.2.1"}),
            }],
            ..BatchRequest::default()
        };
        assert_eq!(batch.len(), 2);
        assert_eq!(
            serde_json::to_value(&batch).unwrap(),
            json!({
                "deletes": [{"id": "d1"}],
                "puts": [{"id": "p1", "type": "A", "name": "www.example.com", "content": "192.0.2.1"}]
            })
        );
        assert!(BatchRequest::<serde_json::Value>::default().is_empty());
    }

    #[test]
    fn plan_decides_the_batch_limit() {
        let mut zone: Zone = serde_json::from_value(json!({
            "id": "0123456789abcdef0123456789abcdef", "name": "example.com",
            "plan": {"name": "Free Website", "legacy_id": "free"}, "unknown_field": 1
        }))
        .unwrap();
        assert_eq!(zone.batch_limit(), 200);
        zone.plan = Some(ZonePlan {
            id: None,
            name: Some("Enterprise Website".into()),
            legacy_id: Some("enterprise".into()),
        });
        assert_eq!(zone.batch_limit(), 3500);
        assert!(zone.is_enterprise());
        zone.plan = None;
        assert_eq!(zone.batch_limit(), 200);
    }

    #[test]
    fn filter_query_is_stable() {
        let filter = ListFilter {
            record_type: Some("TXT".into()),
            name: Some("example.com".into()),
            proxied: Some(false),
            tags: vec!["team:dns".into()],
            match_any: true,
            extra: vec![("name.contains".into(), "api".into())],
            ..ListFilter::default()
        };
        let query: Vec<String> = filter
            .query()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(
            query,
            [
                "type=TXT",
                "name=example.com",
                "proxied=false",
                "tag=team:dns",
                "match=any",
                "name.contains=api"
            ]
        );
    }

    #[test]
    fn usage_quota_may_be_null() {
        let usage: RecordUsage =
            serde_json::from_value(json!({"record_usage": 12, "record_quota": null})).unwrap();
        assert_eq!(usage.record_quota, None);
        assert_eq!(usage.record_usage, 12);
    }
}
