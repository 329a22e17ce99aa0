//! Counting caps: open connections, open channels per connection, commands running per target.
//!
//! A [`Cap`] hands out at most `max` [`Slot`]s; a slot frees its place when dropped, so every
//! path out of a connection, channel or exec (success, error, panic, client gone) gives it back.
//! A caller may wait a while for a place ([`Cap::acquire_within`]): a freed place wakes the
//! waiters, and one of them takes it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

/// A limit on how many of something exist at once.
#[derive(Debug)]
pub struct Cap {
    max: usize,
    used: AtomicUsize,
    /// Woken when a place is freed.
    freed: Notify,
}

/// One place taken in a [`Cap`]; freed on drop.
#[derive(Debug)]
#[must_use = "the place is freed as soon as the slot is dropped"]
pub struct Slot {
    cap: Arc<Cap>,
}

impl Cap {
    pub fn new(max: usize) -> Arc<Cap> {
        Arc::new(Cap {
            max,
            used: AtomicUsize::new(0),
            freed: Notify::new(),
        })
    }

    /// Takes a place, waiting up to `limit` for one to be freed; `None` when none was.
    pub async fn acquire_within(self: &Arc<Self>, limit: Duration) -> Option<Slot> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            // registered before the look, so a place freed in between is not missed
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            if let Some(slot) = self.try_acquire() {
                return Some(slot);
            }
            if tokio::time::timeout_at(deadline, freed).await.is_err() {
                return self.try_acquire();
            }
        }
    }

    /// Takes a place, or `None` when all `max` are taken.
    pub fn try_acquire(self: &Arc<Self>) -> Option<Slot> {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                (used < self.max).then_some(used + 1)
            })
            .ok()
            .map(|_| Slot {
                cap: Arc::clone(self),
            })
    }

    /// Places taken now.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Acquire)
    }

    pub fn max(&self) -> usize {
        self.max
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.cap.used.fetch_sub(1, Ordering::AcqRel);
        self.cap.freed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test(start_paused = true)]
    async fn a_waiter_takes_a_freed_place_and_gives_up_at_its_limit() {
        let cap = super::Cap::new(1);
        let held = cap.try_acquire().unwrap();
        let waiter = {
            let cap = std::sync::Arc::clone(&cap);
            tokio::spawn(async move { cap.acquire_within(super::Duration::from_secs(10)).await })
        };
        tokio::time::sleep(super::Duration::from_secs(3)).await;
        drop(held);
        let got = waiter.await.unwrap();
        assert!(got.is_some(), "the freed place goes to the waiter");
        // full, and nobody frees: the wait ends empty at its limit
        let started = tokio::time::Instant::now();
        let none = cap.acquire_within(super::Duration::from_secs(5)).await;
        assert!(none.is_none());
        assert_eq!(started.elapsed(), super::Duration::from_secs(5));
    }

    use super::*;

    #[test]
    fn a_cap_hands_out_at_most_max_slots_and_takes_them_back_on_drop() {
        let cap = Cap::new(2);
        let a = cap.try_acquire().unwrap();
        let b = cap.try_acquire().unwrap();
        assert!(cap.try_acquire().is_none());
        assert_eq!(cap.used(), 2);
        drop(a);
        assert_eq!(cap.used(), 1);
        let c = cap.try_acquire().unwrap();
        assert!(cap.try_acquire().is_none());
        drop((b, c));
        assert_eq!(cap.used(), 0);
        assert_eq!(cap.max(), 2);
    }

    #[test]
    fn concurrent_acquires_never_exceed_the_cap() {
        let cap = Cap::new(3);
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let cap = Arc::clone(&cap);
                std::thread::spawn(move || {
                    let mut held = 0;
                    for _ in 0..10_000 {
                        if let Some(slot) = cap.try_acquire() {
                            assert!(cap.used() <= 3);
                            held += 1;
                            drop(slot);
                        }
                    }
                    held
                })
            })
            .collect();
        let total: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
        assert!(total > 0);
        assert_eq!(cap.used(), 0);
    }
}
