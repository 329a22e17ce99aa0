//! The one backoff helper: exponential delays, jittered by default (backon), for everything in
//! bosun that waits before trying again: the client's connection retries, its discovery
//! long-poll, and the controller's event stream and failed reconciles.
//!
//! [`Exponential`] says how the delays grow. Code that retries one future hands
//! [`Exponential::builder`] to `backon::Retryable`; code that runs its own loop keeps a
//! [`Backoff`], asks it for the next delay after a failure, and resets it after a success (or a
//! healthy period).

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};

/// Delays from `min`, each `factor` times the previous one, capped at `max`; `times` delays at
/// most (`None`: without end); with up to one delay of random jitter added when `jitter`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exponential {
    pub min: Duration,
    pub max: Duration,
    pub factor: f32,
    pub jitter: bool,
    pub times: Option<usize>,
}

impl Exponential {
    /// `min` doubling up to `max`, jittered, without end.
    pub const fn new(min: Duration, max: Duration) -> Exponential {
        Exponential {
            min,
            max,
            factor: 2.0,
            jitter: true,
            times: None,
        }
    }

    /// The backon builder of these delays (for `backon::Retryable`).
    pub fn builder(&self) -> ExponentialBuilder {
        let builder = ExponentialBuilder::new()
            .with_min_delay(self.min)
            .with_max_delay(self.max)
            .with_factor(self.factor);
        let builder = match self.times {
            Some(times) => builder.with_max_times(times),
            None => builder.without_max_times(),
        };
        if self.jitter {
            builder.with_jitter()
        } else {
            builder
        }
    }

    /// The delay before retry number `attempt` (1-based; 0 counts as 1) of a fresh backoff,
    /// for callers that count failures rather than keep a [`Backoff`].
    pub fn nth_delay(&self, attempt: u32) -> Duration {
        let mut backoff = self.backoff();
        // Past a few dozen doublings every delay is `max` (jittered).
        for _ in 1..attempt.clamp(1, 64) {
            backoff.next_delay();
        }
        backoff.next_delay()
    }

    /// A [`Backoff`] that gives these delays.
    pub fn backoff(&self) -> Backoff {
        Backoff {
            settings: *self,
            current: self.builder().build(),
        }
    }
}

/// The delays of one [`Exponential`], consumed one failure at a time.
#[derive(Debug)]
pub struct Backoff {
    settings: Exponential,
    current: ExponentialBackoff,
}

impl Backoff {
    /// `min` doubling up to `max`, jittered, without end.
    pub fn new(min: Duration, max: Duration) -> Backoff {
        Exponential::new(min, max).backoff()
    }

    /// The next delay; once a limited backoff has given all of its delays, `max`.
    pub fn next_delay(&mut self) -> Duration {
        self.current.next().unwrap_or(self.settings.max)
    }

    /// Back to the first delay (after a success, or a healthy period).
    pub fn reset(&mut self) {
        self.current = self.settings.builder().build();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_are_jittered_and_reset() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(2));
        let first = b.next_delay();
        assert!(
            first >= Duration::from_millis(100) && first < Duration::from_millis(250),
            "{first:?}"
        );
        let later: Vec<Duration> = (0..8).map(|_| b.next_delay()).collect();
        assert!(
            later.iter().all(|d| *d <= Duration::from_secs(4)),
            "{later:?}"
        );
        assert!(
            later.last().is_some_and(|d| *d >= Duration::from_secs(1)),
            "{later:?}"
        );
        b.reset();
        assert!(b.next_delay() < Duration::from_millis(250));
    }

    #[test]
    fn the_nth_delay_is_the_nth_of_a_fresh_backoff() {
        let (min, max) = (Duration::from_millis(100), Duration::from_secs(2));
        let delays = Exponential::new(min, max);
        let first = delays.nth_delay(1);
        assert!(first >= min && first < 2 * min, "{first:?}");
        assert!(delays.nth_delay(0) < 2 * min, "attempt 0 is the first");
        let third = delays.nth_delay(3);
        assert!(third >= 4 * min && third < 8 * min, "{third:?}");
        let late = delays.nth_delay(u32::MAX);
        assert!(late >= max && late < 2 * max, "{late:?}");
    }

    #[test]
    fn without_jitter_the_delays_are_exact_and_limited() {
        let settings = Exponential {
            jitter: false,
            times: Some(3),
            ..Exponential::new(Duration::from_secs(1), Duration::from_secs(30))
        };
        let delays: Vec<Duration> = settings.builder().build().collect();
        assert_eq!(
            delays,
            [1, 2, 4].map(Duration::from_secs),
            "three delays, doubling"
        );
        let mut b = settings.backoff();
        for _ in 0..3 {
            b.next_delay();
        }
        assert_eq!(b.next_delay(), Duration::from_secs(30), "then max");
    }
}
