//! Sending a plan: batch calls within the plan's per-call limit, in the API's order, then a
//! check that the zone now matches the file.
//!
//! Operations go out as deletes, then overwrites (`puts`), then creations (`posts`) — the order
//! Cloudflare applies inside one batch — so splitting a large plan into several calls keeps the
//! same order across calls (a CNAME that replaces an A record is created after the A record is
//! gone). DS records are deleted before the NS records of their name and created after them.
//! Each call is one transaction; a plan larger than the limit is several transactions, so a
//! failure in a later call leaves the earlier ones applied (the error says how far it got).

use serde_json::Value;

use super::api_error::ApiError;
use super::client::Client;
use super::convert::ZoneRecord;
use super::model::DnsRecord;
use super::plan::{compute, Plan, PlanOptions};
use super::transport::Transport;
use super::types::{BatchRequest, ListFilter, RecordId, WithId, Zone};
use crate::error::{Diagnostic, ErrorCode};
use crate::rr::RecordType;

/// Why planning or applying stopped.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The file or the zone cannot be planned (records the API cannot take, conflicts, settings
    /// out of range).
    #[error("the plan cannot be made: {}", .0.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Diagnostic>),
    /// Adding the records would pass the zone's quota.
    #[error(
        "the plan would leave {after} records in the zone, over its quota of {quota} \
         ({usage} now, {adds} to add, {deletes} to delete); nothing was sent"
    )]
    Quota {
        usage: u64,
        quota: u64,
        adds: u64,
        deletes: u64,
        after: u64,
    },
    /// A batch call failed after earlier ones succeeded.
    #[error("batch call {call} of {calls} failed ({done} record operations of {total} already applied): {source}")]
    Partial {
        call: usize,
        calls: usize,
        done: usize,
        total: usize,
        #[source]
        source: Box<ApiError>,
    },
    /// After applying, the zone still differs from the file.
    #[error("after applying, the zone still differs from the file:\n{remaining}")]
    Verify { remaining: String },
}

impl PlanError {
    /// The stable diagnostic code.
    pub fn code(&self) -> ErrorCode {
        match self {
            PlanError::Api(e) => e.code(),
            PlanError::Partial { source, .. } => source.code(),
            PlanError::Invalid(d) => d.first().map_or(ErrorCode::CfBadApiRecord, |d| d.code),
            PlanError::Quota { .. } => ErrorCode::RecordQuota,
            PlanError::Verify { .. } => ErrorCode::VerifyMismatch,
        }
    }
}

/// One record operation, in sending order.
enum Operation<'a> {
    Delete(&'a str),
    Put(&'a str, &'a DnsRecord),
    Post(&'a DnsRecord),
}

fn is_type(record: &ZoneRecord, rtype: RecordType) -> bool {
    record.record.rtype() == rtype
}

/// The batch calls for `plan`, each holding at most `limit` operations (at least 1).
pub fn batches(plan: &Plan, limit: usize) -> Vec<BatchRequest<DnsRecord>> {
    let limit = limit.max(1);
    let mut operations: Vec<Operation<'_>> = Vec::with_capacity(plan.operation_count());
    // Deletes: DS first, then the rest (NS of the same name after its DS).
    let (ds, others): (Vec<_>, Vec<_>) = plan
        .deletes
        .iter()
        .partition(|d| is_type(&d.old, RecordType::DS));
    operations.extend(
        ds.iter()
            .chain(others.iter())
            .map(|d| Operation::Delete(d.id.as_str())),
    );
    operations.extend(
        plan.changes
            .iter()
            .map(|c| Operation::Put(c.id.as_str(), &c.body)),
    );
    // Posts: DS last, after the NS records they sit under.
    let (ds, others): (Vec<_>, Vec<_>) = plan
        .adds
        .iter()
        .partition(|a| is_type(&a.record, RecordType::DS));
    operations.extend(
        others
            .iter()
            .chain(ds.iter())
            .map(|a| Operation::Post(&a.body)),
    );

    let mut calls = Vec::new();
    for chunk in operations.chunks(limit) {
        let mut call = BatchRequest::<DnsRecord>::default();
        for operation in chunk {
            match operation {
                Operation::Delete(id) => call.deletes.push(RecordId {
                    id: (*id).to_owned(),
                }),
                Operation::Put(id, body) => call.puts.push(WithId {
                    id: (*id).to_owned(),
                    record: body.request_form(),
                }),
                Operation::Post(body) => call.posts.push(body.request_form()),
            }
        }
        calls.push(call);
    }
    calls
}

/// Plans and applies one zone: the zone, the file's records and the options stay fixed so the
/// plan can be made again after applying, to verify.
pub struct ZonePlanner<'a, T> {
    client: &'a Client<T>,
    zone: Zone,
    origin: crate::name::Name,
    desired: Vec<ZoneRecord>,
    options: PlanOptions,
}

/// What an apply did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    pub calls: usize,
    pub added: usize,
    pub changed: usize,
    pub deleted: usize,
    pub settings_changed: usize,
    /// The usage endpoint was not there (HTTP 404), so the quota was not checked beforehand.
    pub quota_unchecked: bool,
}

impl<'a, T: Transport> ZonePlanner<'a, T> {
    /// Looks the zone up (by name or id).
    pub fn new(
        client: &'a Client<T>,
        zone: &str,
        desired: Vec<ZoneRecord>,
        options: PlanOptions,
    ) -> Result<ZonePlanner<'a, T>, PlanError> {
        let zone = client.zone(zone)?;
        let origin =
            super::plan::zone_origin(&zone.name).map_err(|d| PlanError::Invalid(vec![*d]))?;
        Ok(ZonePlanner {
            client,
            zone,
            origin,
            desired,
            options,
        })
    }

    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    pub fn origin(&self) -> &crate::name::Name {
        &self.origin
    }

    /// Lists the live records (and settings) and computes the plan.
    pub fn plan(&self) -> Result<Plan, PlanError> {
        let live: Vec<DnsRecord> = self
            .client
            .list_records(&self.zone.id, &ListFilter::default())?;
        let settings: Option<Value> = if self.options.settings {
            Some(self.client.dns_settings(&self.zone.id)?)
        } else {
            None
        };
        compute(
            &self.zone.id,
            &self.origin,
            &self.desired,
            &live,
            settings.as_ref(),
            self.options,
        )
        .map_err(PlanError::Invalid)
    }

    /// Sends `plan`: the quota check, the settings (when planned), the batch calls (reporting
    /// progress as `(calls done, calls)`), then a fresh plan that must be empty.
    pub fn apply(
        &self,
        plan: &Plan,
        progress: &dyn Fn(usize, usize),
    ) -> Result<ApplyReport, PlanError> {
        let mut report = ApplyReport::default();
        let adds = plan.adds.len() as u64;
        let deletes = plan.deletes.len() as u64;
        if adds > deletes {
            let usage = match self.client.usage(&self.zone.id) {
                Ok(usage) => Some(usage),
                // An API (or emulator) without the usage endpoint: the quota cannot be checked
                // beforehand, and Cloudflare's own 81045 refusal remains the guard.
                Err(ApiError::Api { status: 404, .. }) => {
                    report.quota_unchecked = true;
                    None
                }
                Err(e) => return Err(e.into()),
            };
            if let Some(quota) = usage.and_then(|u| u.record_quota.map(|q| (u.record_usage, q))) {
                let (usage, quota) = quota;
                let after = (usage + adds).saturating_sub(deletes);
                if after > quota {
                    return Err(PlanError::Quota {
                        usage,
                        quota,
                        adds,
                        deletes,
                        after,
                    });
                }
            }
        }
        if let Some(settings) = &plan.settings {
            if !settings.plan.is_empty() {
                let patch = settings.plan.patch(&settings.desired);
                let _: Value = self.client.edit_dns_settings(&self.zone.id, &patch)?;
                report.settings_changed = settings.plan.changes.len();
            }
        }
        let calls = batches(plan, self.zone.batch_limit());
        let total = plan.operation_count();
        let mut done = 0;
        progress(0, calls.len());
        for (i, call) in calls.iter().enumerate() {
            let result: Result<super::types::BatchResult<Value>, ApiError> =
                self.client.batch(&self.zone.id, call);
            if let Err(source) = result {
                return Err(if i == 0 {
                    PlanError::Api(source)
                } else {
                    PlanError::Partial {
                        call: i + 1,
                        calls: calls.len(),
                        done,
                        total,
                        source: Box::new(source),
                    }
                });
            }
            done += call.len();
            report.calls += 1;
            report.deleted += call.deletes.len();
            report.changed += call.puts.len();
            report.added += call.posts.len();
            progress(i + 1, calls.len());
        }
        let after = self.plan()?;
        if !after.is_empty() {
            return Err(PlanError::Verify {
                remaining: after.to_text(),
            });
        }
        Ok(report)
    }
}
