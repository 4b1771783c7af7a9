//! When and how long to wait before sending a request again.
//!
//! Cloudflare answers 429 when the 1200-requests-per-5-minutes budget is spent (with
//! `Retry-After` in seconds) and occasionally 5xx. Those are retried with exponential backoff,
//! honouring `Retry-After` (or `retry-after-ms`), bounded both in attempts and in the total
//! time spent waiting, so a run never hangs. The sleep is a function the caller can replace,
//! so tests check the schedule without waiting it out.

use std::sync::Arc;
use std::time::Duration;

use super::transport::{Method, Response, TransportError, TransportErrorKind};

/// How to sleep between attempts; replaceable in tests.
pub type Sleeper = Arc<dyn Fn(Duration) + Send + Sync>;

/// The real sleeper.
pub fn thread_sleeper() -> Sleeper {
    Arc::new(std::thread::sleep)
}

/// Bounds and pacing of retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 turns retrying off).
    pub max_retries: u32,
    /// Wait before the first retry when the server gives no `Retry-After`; doubles each time.
    pub initial_backoff: Duration,
    /// Ceiling of the computed backoff.
    pub max_backoff: Duration,
    /// Total waiting allowed across all retries of one request. A `Retry-After` longer than
    /// what is left ends the retries at once instead of sleeping past the budget.
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    /// 4 retries, 0.5 s doubling up to 8 s, at most 2 minutes of waiting in all.
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_total_wait: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The computed backoff before retry number `retry` (1-based).
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// Decides whether to try again after an outcome. `retries_done` counts retries already
    /// made; `waited` is the total slept so far. Returns the wait before the next attempt.
    pub fn next_wait(
        &self,
        method: Method,
        outcome: &Result<Response, TransportError>,
        retries_done: u32,
        waited: Duration,
    ) -> Option<Duration> {
        if retries_done >= self.max_retries {
            return None;
        }
        let wait = match outcome {
            Ok(response) if is_retryable_status(response.status) => {
                server_delay(response).unwrap_or_else(|| self.backoff(retries_done + 1))
            }
            Ok(_) => return None,
            Err(error) => match error.kind {
                TransportErrorKind::Connect => self.backoff(retries_done + 1),
                TransportErrorKind::Timeout if method.is_idempotent() => {
                    self.backoff(retries_done + 1)
                }
                _ => return None,
            },
        };
        let left = self.max_total_wait.saturating_sub(waited);
        (wait <= left).then_some(wait)
    }
}

/// 429 (rate limited), 408 (request timeout) and every 5xx.
pub fn is_retryable_status(status: u16) -> bool {
    status == 429 || status == 408 || (500..600).contains(&status)
}

/// The delay the server asked for: `retry-after-ms` (milliseconds), else `Retry-After` in
/// seconds. The HTTP-date form of `Retry-After` is not used by Cloudflare and is ignored (the
/// computed backoff applies).
pub fn server_delay(response: &Response) -> Option<Duration> {
    if let Some(ms) = response
        .header("retry-after-ms")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
    {
        return Some(Duration::from_secs_f64((ms / 1000.0).min(86_400.0)));
    }
    response
        .header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|s| Duration::from_secs(s.min(86_400)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> Result<Response, TransportError> {
        Ok(Response::new(code, ""))
    }

    #[test]
    fn backoff_doubles_up_to_the_ceiling() {
        let policy = RetryPolicy::default();
        let waits: Vec<u64> = (1..=7)
            .map(|n| policy.backoff(n).as_millis() as u64)
            .collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
        assert_eq!(policy.backoff(200), Duration::from_secs(8));
    }

    #[test]
    fn retries_429_and_5xx_only() {
        let policy = RetryPolicy::default();
        for code in [429, 408, 500, 502, 503, 504] {
            assert!(
                policy
                    .next_wait(Method::Post, &status(code), 0, Duration::ZERO)
                    .is_some(),
                "{code}"
            );
        }
        for code in [200, 400, 401, 403, 404] {
            assert!(
                policy
                    .next_wait(Method::Get, &status(code), 0, Duration::ZERO)
                    .is_none(),
                "{code}"
            );
        }
    }

    #[test]
    fn honours_retry_after_and_the_budget() {
        let policy = RetryPolicy::default();
        let limited = Ok(Response::new(429, "").with_header("Retry-After", "7"));
        assert_eq!(
            policy.next_wait(Method::Get, &limited, 0, Duration::ZERO),
            Some(Duration::from_secs(7))
        );
        // 7 s more would pass the 120 s budget: stop instead of sleeping.
        assert_eq!(
            policy.next_wait(Method::Get, &limited, 1, Duration::from_secs(115)),
            None
        );
        let ms = Ok(Response::new(503, "").with_header("retry-after-ms", "250"));
        assert_eq!(
            policy.next_wait(Method::Get, &ms, 0, Duration::ZERO),
            Some(Duration::from_millis(250))
        );
        let long = Ok(Response::new(429, "").with_header("Retry-After", "300"));
        assert_eq!(
            policy.next_wait(Method::Get, &long, 0, Duration::ZERO),
            None
        );
    }

    #[test]
    fn stops_after_max_retries() {
        let policy = RetryPolicy {
            max_retries: 2,
            ..RetryPolicy::default()
        };
        assert!(policy
            .next_wait(Method::Get, &status(500), 1, Duration::ZERO)
            .is_some());
        assert!(policy
            .next_wait(Method::Get, &status(500), 2, Duration::ZERO)
            .is_none());
        assert!(RetryPolicy::none()
            .next_wait(Method::Get, &status(500), 0, Duration::ZERO)
            .is_none());
    }

    #[test]
    fn transport_failures_retry_only_when_safe() {
        let policy = RetryPolicy::default();
        let refused = Err(TransportError::new(TransportErrorKind::Connect, "refused"));
        let timeout = Err(TransportError::new(TransportErrorKind::Timeout, "slow"));
        let tls = Err(TransportError::new(TransportErrorKind::Other, "tls"));
        assert!(policy
            .next_wait(Method::Post, &refused, 0, Duration::ZERO)
            .is_some());
        assert!(policy
            .next_wait(Method::Get, &timeout, 0, Duration::ZERO)
            .is_some());
        assert!(policy
            .next_wait(Method::Post, &timeout, 0, Duration::ZERO)
            .is_none());
        assert!(policy
            .next_wait(Method::Get, &tls, 0, Duration::ZERO)
            .is_none());
    }
}
