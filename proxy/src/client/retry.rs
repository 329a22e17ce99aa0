//! Retrying connection failures with exponential backoff (backon), and only those.
//!
//! The client's call has two phases. Everything up to and including *sending* the exec
//! request (resolve, connect, authenticate, open a channel, send `exec`) is an attempt that
//! [`run`] may repeat, because until then the proxy has not seen the command. Once the exec
//! request has been handed to the connection, the call is out of this module for good: a
//! command that reached the proxy is never retried, since commands are not idempotent (a
//! second `files:scan` is a second scan).
//!
//! Only transient failures are retried ([`EndpointError::is_transient`]); an unpinned host key
//! or a refused client key fails at once. The default delays are 1 s, 2 s, 4 s (four attempts).

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder, Retryable};

use super::error::{EndpointError, Failures};

/// How connection failures are retried: after `min_delay`, then each delay `factor` times the
/// previous one, capped at `max_delay`, `retries` times at most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    pub retries: usize,
    pub min_delay: Duration,
    pub max_delay: Duration,
    pub factor: f32,
    /// Add up to one delay of random jitter (off by default, so the delays are as documented).
    pub jitter: bool,
}

impl Default for RetryPolicy {
    /// 1 s, 2 s, 4 s.
    fn default() -> Self {
        Self {
            retries: 3,
            min_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            factor: 2.0,
            jitter: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            retries: 0,
            ..Self::default()
        }
    }

    fn builder(&self) -> ExponentialBuilder {
        let b = ExponentialBuilder::new()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_factor(self.factor)
            .with_max_times(self.retries);
        if self.jitter { b.with_jitter() } else { b }
    }

    /// The delays before each retry (without jitter), for logs and documentation.
    pub fn delays(&self) -> Vec<Duration> {
        Self {
            jitter: false,
            ..*self
        }
        .builder()
        .build()
        .collect()
    }
}

/// Every endpoint of one attempt failed; `transient` if retrying may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttemptFailed {
    pub failures: Vec<EndpointError>,
}

impl AttemptFailed {
    /// Worth another attempt when any endpoint failed for a transient reason.
    pub fn is_transient(&self) -> bool {
        self.failures.iter().any(EndpointError::is_transient)
    }
}

/// Runs `attempt` until it succeeds, fails permanently, or the policy's retries are used up.
/// Returns the value, or the number of attempts made and the last attempt's failures.
pub(crate) async fn run<T, F, Fut>(
    policy: &RetryPolicy,
    target: &str,
    mut attempt: F,
) -> Result<T, (usize, Failures)>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, AttemptFailed>>,
{
    let mut attempts = 0usize;
    let result = (|| {
        attempts += 1;
        attempt()
    })
    .retry(policy.builder())
    .sleep(tokio::time::sleep)
    .when(AttemptFailed::is_transient)
    .notify(|e: &AttemptFailed, delay: Duration| {
        tracing::warn!(
            target_name = target,
            retry_in = ?delay,
            failures = %Failures(e.failures.clone()),
            "bosun client: no proxy took the command (not sent); retrying"
        );
    })
    .await;
    result.map_err(|e| (attempts, Failures(e.failures)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use tokio::time::Instant;

    fn refused() -> AttemptFailed {
        AttemptFailed {
            failures: vec![EndpointError::Connect {
                endpoint: "10.0.0.1:2222".into(),
                reason: "connection refused".into(),
            }],
        }
    }

    /// Runs `run` with an attempt that fails `fails` times, recording when each attempt started.
    async fn attempts_at(
        policy: RetryPolicy,
        fails: usize,
        failure: AttemptFailed,
    ) -> (Result<u8, (usize, Failures)>, Vec<Duration>) {
        let start = Instant::now();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let result = run(&policy, "nextcloud", || {
            let seen = seen.clone();
            let failure = failure.clone();
            async move {
                let mut seen = seen.lock().unwrap();
                seen.push(start.elapsed());
                if seen.len() <= fails {
                    Err(failure)
                } else {
                    Ok(7)
                }
            }
        })
        .await;
        let seen = seen.lock().unwrap().clone();
        (result, seen)
    }

    fn secs(s: &[u64]) -> Vec<Duration> {
        s.iter().map(|s| Duration::from_secs(*s)).collect()
    }

    #[test]
    fn default_delays_are_1_2_4_seconds() {
        assert_eq!(RetryPolicy::default().delays(), secs(&[1, 2, 4]));
        let p = RetryPolicy {
            retries: 6,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(3),
            ..RetryPolicy::default()
        };
        assert_eq!(
            p.delays(),
            [500, 1000, 2000, 3000, 3000, 3000].map(Duration::from_millis)
        );
        assert!(RetryPolicy::none().delays().is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn connection_failures_are_retried_after_1_2_4_seconds() {
        let (result, at) = attempts_at(RetryPolicy::default(), 3, refused()).await;
        assert_eq!(result.unwrap(), 7);
        // attempts at t = 0, 1, 1+2, 1+2+4 seconds (paused time: exact, no real sleeping)
        assert_eq!(at, secs(&[0, 1, 3, 7]));
    }

    #[tokio::test(start_paused = true)]
    async fn retries_stop_after_the_configured_number() {
        let (result, at) = attempts_at(RetryPolicy::default(), 10, refused()).await;
        let (attempts, failures) = result.unwrap_err();
        assert_eq!(attempts, 4);
        assert_eq!(failures, Failures(refused().failures));
        assert_eq!(at, secs(&[0, 1, 3, 7]));

        let custom = RetryPolicy {
            retries: 2,
            min_delay: Duration::from_secs(5),
            factor: 3.0,
            ..RetryPolicy::default()
        };
        let (result, at) = attempts_at(custom, 10, refused()).await;
        assert_eq!(result.unwrap_err().0, 3);
        assert_eq!(at, secs(&[0, 5, 20]));
    }

    #[tokio::test(start_paused = true)]
    async fn permanent_failures_are_not_retried() {
        let auth = AttemptFailed {
            failures: vec![EndpointError::AuthRejected {
                endpoint: "10.0.0.1:2222".into(),
                user: "bosun".into(),
                fingerprint: "SHA256:x".into(),
            }],
        };
        let (result, at) = attempts_at(RetryPolicy::default(), 10, auth).await;
        assert_eq!(result.unwrap_err().0, 1);
        assert_eq!(at, secs(&[0]));
    }

    #[test]
    fn one_transient_failure_makes_the_attempt_transient() {
        let mut mixed = refused();
        mixed.failures.push(EndpointError::AuthRejected {
            endpoint: "10.0.0.2:2222".into(),
            user: "bosun".into(),
            fingerprint: "SHA256:x".into(),
        });
        assert!(mixed.is_transient());
    }
}
