//! Counting caps: open connections, open channels per connection, commands running per target.
//!
//! A [`Cap`] hands out at most `max` [`Slot`]s; a slot frees its place when dropped, so every
//! path out of a connection, channel or exec (success, error, panic, client gone) gives it back.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A limit on how many of something exist at once.
#[derive(Debug)]
pub struct Cap {
    max: usize,
    used: AtomicUsize,
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
        })
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
    }
}

#[cfg(test)]
mod tests {
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
