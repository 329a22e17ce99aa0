//! Exponential backoff with jitter (backon), for the event stream's reconnects and for targets
//! whose reconcile failed. Each user keeps one [`Backoff`] and resets it after success.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};

#[derive(Debug)]
pub struct Backoff {
    builder: ExponentialBuilder,
    current: ExponentialBackoff,
    max: Duration,
}

impl Backoff {
    /// `min` doubling up to `max`, jittered, forever.
    pub fn new(min: Duration, max: Duration) -> Backoff {
        let builder = ExponentialBuilder::new()
            .with_min_delay(min)
            .with_max_delay(max)
            .with_factor(2.0)
            .with_jitter()
            .without_max_times();
        Backoff {
            current: builder.build(),
            builder,
            max,
        }
    }

    /// The next delay.
    pub fn next_delay(&mut self) -> Duration {
        self.current.next().unwrap_or(self.max)
    }

    /// Back to the first delay (after a success, or a healthy period).
    pub fn reset(&mut self) {
        self.current = self.builder.build();
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
}
