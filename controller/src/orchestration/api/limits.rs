//! The API's rate limits and its cap on concurrent spawns (`orchestration.limits`).
//!
//! * **Per peer**: every request counts against its peer address's bucket *before*
//!   authentication, so a caller guessing tokens is throttled like any other. The key is the
//!   IPv4 address, or an IPv6 address's /64 (one host usually holds a whole /64). The address
//!   is the TCP peer's (axum's `ConnectInfo`); `X-Forwarded-For` is never read, since anyone
//!   can write it.
//! * **Per token**: after authentication, by token name.
//! * **Concurrent spawns**: a semaphore; the (n+1)th spawn under way is refused at once (429),
//!   it does not queue (a queue would hold connections open and hide the overload).
//!
//! The buckets are governor's keyed GCRA limiters: `n` per minute with a burst of `n`, so
//! `Retry-After` is exact: the time until the bucket lets one more through, rounded up to
//! whole seconds. Idle peers' buckets are swept once a minute, so a scan from many addresses
//! cannot grow memory without bound. A config reload that changes a limit starts fresh buckets
//! (and a fresh semaphore: spawns under way release their permits to the old one).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ApiError;
use crate::orchestration::model::ApiLimits;

/// How often buckets that are full again are forgotten.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// The limiters for the current limits, rebuilt when the config changes them.
#[derive(Default)]
pub struct Limiters {
    built: Mutex<Option<Arc<Built>>>,
}

struct Built {
    limits: ApiLimits,
    peers: Option<DefaultKeyedRateLimiter<IpAddr>>,
    tokens: Option<DefaultKeyedRateLimiter<String>>,
    spawns: Arc<Semaphore>,
    last_sweep: Mutex<Instant>,
}

impl Limiters {
    /// Counts one request from `peer`.
    pub fn check_peer(&self, limits: &ApiLimits, peer: IpAddr) -> Result<(), ApiError> {
        let built = self.current(limits);
        built.sweep();
        check(built.peers.as_ref(), &peer_key(peer))
            .map_err(|wait| rate_limited("this address", wait))
    }

    /// Counts one request of the token named `name`.
    pub fn check_token(&self, limits: &ApiLimits, name: &str) -> Result<(), ApiError> {
        let built = self.current(limits);
        check(built.tokens.as_ref(), &name.to_owned())
            .map_err(|wait| rate_limited("this token", wait))
    }

    /// A place among the spawns under way, held until the permit is dropped.
    pub fn try_spawn(&self, limits: &ApiLimits) -> Result<OwnedSemaphorePermit, ApiError> {
        self.current(limits)
            .spawns
            .clone()
            .try_acquire_owned()
            .map_err(|_| {
                super::backend::BackendError::Limit(super::backend::LimitKind::ConcurrentSpawns)
                    .into()
            })
    }

    fn current(&self, limits: &ApiLimits) -> Arc<Built> {
        let mut slot = self.built.lock().unwrap_or_else(PoisonError::into_inner);
        match &*slot {
            Some(b) if same_limits(&b.limits, limits) => b.clone(),
            _ => {
                let b = Arc::new(Built::new(*limits));
                *slot = Some(b.clone());
                b
            }
        }
    }
}

fn same_limits(a: &ApiLimits, b: &ApiLimits) -> bool {
    (
        a.per_peer_per_minute,
        a.per_token_per_minute,
        a.concurrent_spawns,
    ) == (
        b.per_peer_per_minute,
        b.per_token_per_minute,
        b.concurrent_spawns,
    )
}

impl Built {
    fn new(limits: ApiLimits) -> Built {
        Built {
            limits,
            peers: per_minute(limits.per_peer_per_minute),
            tokens: per_minute(limits.per_token_per_minute),
            spawns: Arc::new(Semaphore::new(limits.concurrent_spawns as usize)),
            last_sweep: Mutex::new(Instant::now()),
        }
    }

    /// Forgets the buckets that are full again, at most once per [`SWEEP_EVERY`].
    fn sweep(&self) {
        let mut last = self
            .last_sweep
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if last.elapsed() < SWEEP_EVERY {
            return;
        }
        *last = Instant::now();
        if let Some(p) = &self.peers {
            p.retain_recent();
        }
        if let Some(t) = &self.tokens {
            t.retain_recent();
        }
    }
}

/// A keyed limiter of `n` per minute; none for 0.
fn per_minute<K: std::hash::Hash + Eq + Clone>(n: u32) -> Option<DefaultKeyedRateLimiter<K>> {
    NonZeroU32::new(n).map(|n| DefaultKeyedRateLimiter::keyed(Quota::per_minute(n)))
}

/// `Err(wait)` when `key`'s bucket is empty. A limit of 0 refuses everything.
fn check<K>(limiter: Option<&DefaultKeyedRateLimiter<K>>, key: &K) -> Result<(), Duration>
where
    K: std::hash::Hash + Eq + Clone,
{
    let Some(limiter) = limiter else {
        return Err(Duration::from_secs(60));
    };
    limiter
        .check_key(key)
        .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
}

/// The bucket an address counts against: an IPv4 address (also when mapped into IPv6), or an
/// IPv6 address's /64.
fn peer_key(peer: IpAddr) -> IpAddr {
    match peer {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
    }
}

fn rate_limited(who: &str, wait: Duration) -> ApiError {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("too many requests from {who}; retry in {} s", secs.max(1)),
    )
    .retry_after(wait)
}

#[cfg(test)]
mod tests {
    use std::net::Ipv6Addr;

    use super::*;
    use crate::orchestration::model::DEFAULT_API_LIMITS;

    fn limits(per_minute: u32, spawns: u32) -> ApiLimits {
        ApiLimits {
            per_token_per_minute: per_minute,
            per_peer_per_minute: per_minute,
            concurrent_spawns: spawns,
            ..DEFAULT_API_LIMITS
        }
    }

    #[test]
    fn the_bucket_empties_after_n_and_says_when_to_retry() {
        let l = Limiters::default();
        let lim = limits(3, 1);
        for _ in 0..3 {
            assert!(l.check_token(&lim, "a").is_ok());
        }
        let err = l.check_token(&lim, "a").expect_err("the 4th in a minute");
        assert_eq!(err.status, StatusCode::TOO_MANY_REQUESTS);
        // One more every 20 s: the wait is 20 s less the few microseconds since.
        assert!(err.message.ends_with("retry in 20 s"), "{}", err.message);
        assert!(
            l.check_token(&lim, "b").is_ok(),
            "each token has its own bucket"
        );
    }

    #[test]
    fn an_ipv6_host_counts_as_its_64() {
        let l = Limiters::default();
        let lim = limits(1, 1);
        let a: Ipv6Addr = "2001:db8:1:2::1".parse().expect("an address");
        let b: Ipv6Addr = "2001:db8:1:2:ffff::9".parse().expect("an address");
        let c: Ipv6Addr = "2001:db8:1:3::1".parse().expect("an address");
        assert!(l.check_peer(&lim, a.into()).is_ok());
        assert!(l.check_peer(&lim, b.into()).is_err(), "the same /64");
        assert!(l.check_peer(&lim, c.into()).is_ok(), "another /64");
    }

    #[test]
    fn the_spawn_after_the_cap_is_refused_at_once_and_a_release_frees_a_place() {
        let l = Limiters::default();
        let lim = limits(10, 2);
        let first = l.try_spawn(&lim).expect("1st");
        let _second = l.try_spawn(&lim).expect("2nd");
        let err = l.try_spawn(&lim).expect_err("3rd");
        assert_eq!(
            (err.status, err.code),
            (StatusCode::TOO_MANY_REQUESTS, "too_many_spawns")
        );
        drop(first);
        assert!(l.try_spawn(&lim).is_ok());
    }

    #[test]
    fn a_changed_limit_takes_effect() {
        let l = Limiters::default();
        assert!(l.check_token(&limits(1, 1), "a").is_ok());
        assert!(l.check_token(&limits(1, 1), "a").is_err());
        assert!(
            l.check_token(&limits(5, 1), "a").is_ok(),
            "new buckets for the new limit"
        );
        assert!(
            l.check_token(&limits(0, 1), "a").is_err(),
            "0 refuses everything"
        );
    }
}
