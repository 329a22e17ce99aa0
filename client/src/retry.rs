//! Retrying connection failures with exponential backoff (backon), and only those.
//!
//! The client's call has two phases. Everything up to and including *sending* the exec
//! request (resolve, connect, authenticate, open a channel, send `exec`) is an attempt that
//! [`run`] may repeat, because until then the proxy has not seen the command. Once the exec
//! request has been handed to the connection, the call is out of this module for good: a
//! command that reached the proxy is never retried, since commands are not idempotent (a
//! second `files:scan` is a second scan).
//!
//! Two answers after the send count as not sent, since each says that nothing ran: a proxy's
//! "not started" (exit 125 with `bosun: not started: …`, see `exec.rs`), and a proxy refusing
//! the exec request itself (`channel_failure` as its first answer, while it drains). The attempt reads it
//! before handing any output to the caller, so it is retried like a refused connection; when
//! the retries run out the call ends with [`ClientError::NotStarted`].
//!
//! Only transient failures are retried ([`EndpointError::is_transient`]); an unpinned host key
//! or a refused client key fails at once. The default delays are 1 s, 2 s, 4 s (four attempts).

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder, Retryable};
use bosun_core::backoff::Exponential;

use super::error::{ClientError, EndpointError, Failures};

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
        Exponential {
            min: self.min_delay,
            max: self.max_delay,
            factor: self.factor,
            jitter: self.jitter,
            times: Some(self.retries),
        }
        .builder()
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

/// Why one attempt did not get the command sent.
#[derive(Debug)]
pub(crate) enum AttemptFailed {
    /// No endpoint took it; retried when any failure is transient.
    NotSent(Failures),
    /// The call cannot go on (e.g. the target's credentials are unusable): returned as is.
    Fatal(ClientError),
}

impl AttemptFailed {
    /// Worth another attempt when any endpoint failed for a transient reason.
    pub fn is_transient(&self) -> bool {
        match self {
            AttemptFailed::NotSent(failures) => failures.0.iter().any(EndpointError::is_transient),
            AttemptFailed::Fatal(_) => false,
        }
    }
}

impl From<EndpointError> for AttemptFailed {
    fn from(e: EndpointError) -> Self {
        AttemptFailed::NotSent(Failures(vec![e]))
    }
}

/// Runs `attempt` (given the attempt's number, from 1) until it succeeds, fails permanently,
/// or the policy's retries are used up. When no endpoint ever took the command, the error is
/// [`ClientError::Unreachable`] with the number of attempts and the last attempt's failures.
pub(crate) async fn run<T, F, Fut>(
    policy: &RetryPolicy,
    target: &str,
    mut attempt: F,
) -> Result<T, ClientError>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = Result<T, AttemptFailed>>,
{
    let mut attempts = 0usize;
    let result = (|| {
        attempts += 1;
        attempt(attempts)
    })
    .retry(policy.builder())
    .sleep(tokio::time::sleep)
    .when(AttemptFailed::is_transient)
    .notify(|e: &AttemptFailed, delay: Duration| {
        if let AttemptFailed::NotSent(failures) = e {
            tracing::warn!(
                target_name = target,
                retry_in = ?delay,
                failures = %failures,
                "bosun client: no proxy took the command (not sent); retrying"
            );
        }
    })
    .await;
    result.map_err(|e| match e {
        AttemptFailed::NotSent(failures) => match not_started(&failures) {
            Some(reason) => ClientError::NotStarted {
                target: target.to_owned(),
                attempts,
                reason,
            },
            None => ClientError::Unreachable {
                target: target.to_owned(),
                attempts,
                failures,
            },
        },
        AttemptFailed::Fatal(e) => e,
    })
}

/// The reason of the last "not started" answer, when no endpoint failed otherwise.
fn not_started(failures: &Failures) -> Option<String> {
    let mut reason = None;
    for failure in &failures.0 {
        match failure {
            EndpointError::NotStarted { reason: r, .. } => reason = Some(r.clone()),
            _ => return None,
        }
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use tokio::time::Instant;

    fn refused() -> EndpointError {
        EndpointError::Connect {
            endpoint: "10.0.0.1:2222".into(),
            reason: "connection refused".into(),
        }
    }

    fn auth_rejected() -> EndpointError {
        EndpointError::AuthRejected {
            endpoint: "10.0.0.2:2222".into(),
            user: "bosun".into(),
            fingerprint: "SHA256:x".into(),
        }
    }

    /// Runs `run` with an attempt that fails `fails` times with `failure()`, recording when
    /// each attempt started (and checking the attempt numbers it is given).
    async fn attempts_at(
        policy: RetryPolicy,
        fails: usize,
        failure: fn() -> AttemptFailed,
    ) -> (Result<u8, ClientError>, Vec<Duration>) {
        let start = Instant::now();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let result = run(&policy, "nextcloud", |n| {
            let seen = seen.clone();
            async move {
                let mut seen = seen.lock().unwrap();
                seen.push(start.elapsed());
                assert_eq!(n, seen.len(), "attempts are numbered from 1");
                if seen.len() <= fails {
                    Err(failure())
                } else {
                    Ok(7)
                }
            }
        })
        .await;
        let seen = seen.lock().unwrap().clone();
        (result, seen)
    }

    /// The attempts and failures of an [`ClientError::Unreachable`].
    fn unreachable(result: Result<u8, ClientError>) -> (usize, Failures) {
        match result {
            Err(ClientError::Unreachable {
                target,
                attempts,
                failures,
            }) => {
                assert_eq!(target, "nextcloud");
                (attempts, failures)
            }
            other => panic!("expected Unreachable, got {other:?}"),
        }
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
        let (result, at) = attempts_at(RetryPolicy::default(), 3, || refused().into()).await;
        assert_eq!(result.unwrap(), 7);
        // attempts at t = 0, 1, 1+2, 1+2+4 seconds (paused time: exact, no real sleeping)
        assert_eq!(at, secs(&[0, 1, 3, 7]));
    }

    #[tokio::test(start_paused = true)]
    async fn retries_stop_after_the_configured_number() {
        let (result, at) = attempts_at(RetryPolicy::default(), 10, || refused().into()).await;
        let (attempts, failures) = unreachable(result);
        assert_eq!(attempts, 4);
        assert_eq!(failures, Failures(vec![refused()]));
        assert_eq!(at, secs(&[0, 1, 3, 7]));

        let custom = RetryPolicy {
            retries: 2,
            min_delay: Duration::from_secs(5),
            factor: 3.0,
            ..RetryPolicy::default()
        };
        let (result, at) = attempts_at(custom, 10, || refused().into()).await;
        assert_eq!(unreachable(result).0, 3);
        assert_eq!(at, secs(&[0, 5, 20]));
    }

    #[tokio::test(start_paused = true)]
    async fn permanent_failures_are_not_retried() {
        let (result, at) = attempts_at(RetryPolicy::default(), 10, || auth_rejected().into()).await;
        assert_eq!(unreachable(result).0, 1);
        assert_eq!(at, secs(&[0]));
    }

    #[tokio::test(start_paused = true)]
    async fn a_fatal_failure_ends_the_call_at_once_with_its_error() {
        let (result, at) = attempts_at(RetryPolicy::default(), 10, || {
            AttemptFailed::Fatal(ClientError::Config("bad record".into()))
        })
        .await;
        assert!(
            matches!(&result, Err(ClientError::Config(m)) if m == "bad record"),
            "{result:?}"
        );
        assert_eq!(at, secs(&[0]));
    }

    #[test]
    fn one_transient_failure_makes_the_attempt_transient() {
        let mixed = AttemptFailed::NotSent(Failures(vec![refused(), auth_rejected()]));
        assert!(mixed.is_transient());
    }
}
