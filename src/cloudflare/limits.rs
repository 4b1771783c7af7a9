//! Cloudflare's plan-dependent limits on DNS records.
//!
//! Numbers from Cloudflare's documentation and the errors its API returns (see the spec's §1
//! and §3); where no source settled a value (the tag quota of paid plans) the limit is `None`
//! and nothing is enforced.

/// Longest TTL in seconds.
pub const MAX_TTL: u32 = 86_400;
/// Longest record content in wire-format octets (error 9015).
pub const MAX_CONTENT_WIRE: usize = 4096;
/// Most content characters of all records sharing a name and type (error 83011).
pub const MAX_COMBINED_CONTENT: usize = 8192;

/// A Cloudflare plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Plan {
    #[default]
    Free,
    Pro,
    Business,
    Enterprise,
}

impl Plan {
    /// Every plan, cheapest first.
    pub const ALL: &'static [Plan] = &[Plan::Free, Plan::Pro, Plan::Business, Plan::Enterprise];

    /// The name used on the command line (`free`, `pro`, `business`, `enterprise`).
    pub fn name(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Pro => "pro",
            Plan::Business => "business",
            Plan::Enterprise => "enterprise",
        }
    }

    /// Looks a plan up by name, any case.
    pub fn from_name(name: &str) -> Option<Plan> {
        Plan::ALL
            .iter()
            .copied()
            .find(|p| p.name().eq_ignore_ascii_case(name.trim()))
    }

    /// True for every plan but Free.
    pub fn is_paid(self) -> bool {
        self != Plan::Free
    }

    /// The shortest TTL other than automatic (1): 30 on Enterprise, 60 otherwise.
    pub fn min_ttl(self) -> u32 {
        if self == Plan::Enterprise {
            30
        } else {
            60
        }
    }

    /// Longest record comment in characters: 100 on Free, 500 on paid plans (error 9313).
    pub fn max_comment_chars(self) -> usize {
        if self.is_paid() {
            500
        } else {
            100
        }
    }

    /// Most tags on one record: none at all on Free (error 9300); unknown on paid plans.
    pub fn tag_quota(self) -> Option<usize> {
        if self.is_paid() {
            None
        } else {
            Some(0)
        }
    }

    /// Most records in one zone (error 81045): 200 for Free zones created from September 2024
    /// on, 1000 for older Free zones, 3500 on paid plans.
    pub fn record_quota(self, free_zone_before_2024_09: bool) -> usize {
        match self {
            Plan::Free if free_zone_before_2024_09 => 1000,
            Plan::Free => 200,
            _ => 3500,
        }
    }

    /// Record operations in one batch call.
    pub fn batch_limit(self) -> usize {
        if self.is_paid() {
            3500
        } else {
            200
        }
    }

    /// Whether single CNAMEs may be flattened (`settings.flatten_cname`): paid plans only.
    pub fn per_record_flattening(self) -> bool {
        self.is_paid()
    }
}

impl std::fmt::Display for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_and_their_limits() {
        assert_eq!(Plan::from_name("Enterprise"), Some(Plan::Enterprise));
        assert_eq!(Plan::from_name("gold"), None);
        assert_eq!(
            Plan::ALL.iter().map(|p| p.min_ttl()).collect::<Vec<_>>(),
            [60, 60, 60, 30]
        );
        assert_eq!(Plan::Free.max_comment_chars(), 100);
        assert_eq!(Plan::Business.max_comment_chars(), 500);
        assert_eq!(Plan::Free.tag_quota(), Some(0));
        assert_eq!(Plan::Pro.tag_quota(), None);
        assert_eq!(Plan::Free.record_quota(false), 200);
        assert_eq!(Plan::Free.record_quota(true), 1000);
        assert_eq!(Plan::Enterprise.record_quota(false), 3500);
        assert!(!Plan::Free.per_record_flattening());
        assert_eq!(Plan::Pro.batch_limit(), 3500);
    }
}
