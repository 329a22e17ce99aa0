//! Giving the lease up at a stop, so that a follower takes over at its next look instead of
//! after the lease's whole `duration`.
//!
//! The give-up is a compare-and-swap like every lease write: a free record (no holder, our
//! epoch) over the lease *as it is now*, and only while it still names this replica at its
//! epoch. "As it is now" is the point: the stop drops a renewal that was under way, but the
//! Engine may still carry that request out, and land it after the give-up read the lease. The
//! swap is then out of sequence; it is not the end of it (the lease would stay held, and the
//! takeover wait out the lease, which is what CI saw once): the lease is read again and, while
//! it is still ours, freed over the version that renewal made.

use super::record::LeaseRecord;
use super::run::Lease;
use super::store::{LeaseIo, WriteError};

/// How many times a give-up is tried: the first read, plus one for each of our own writes that
/// may still land after it (a stop cuts off at most one renewal, or one claim).
const ATTEMPTS: usize = 3;

/// How a give-up ended.
#[derive(Debug, PartialEq, Eq)]
enum GiveUp {
    /// The free record landed (maybe overwritten at once by the follower that took over).
    Freed,
    /// The lease names someone else, another epoch, or is gone: nothing of ours to free.
    NotOurs,
}

/// Gives the lease up if this replica holds it, bounded by [`Lease::release_budget`], and
/// logs how it went.
pub async fn release(lease: &Lease, store: &impl LeaseIo) {
    let (me, freed) = {
        let mut elector = lease.lock();
        (elector.me().to_owned(), elector.release())
    };
    lease.publish();
    let Some(free) = freed else {
        return;
    };
    let epoch = free.epoch;
    match tokio::time::timeout(lease.release_budget(), give_up(store, &me, free)).await {
        Ok(Ok(GiveUp::Freed)) => tracing::info!(epoch, "gave the lease up"),
        Ok(Ok(GiveUp::NotOurs)) => {
            tracing::info!(epoch, "the lease was no longer ours to give up")
        }
        Ok(Err(e)) => tracing::warn!(error = %e, "giving the lease up"),
        Err(_) => tracing::warn!("giving the lease up timed out"),
    }
}

/// Swaps `free` over the lease while it names `me` at `free`'s epoch, reading again when one
/// of our own late writes landed in between ([`ATTEMPTS`] tries, then the last `Lost`).
async fn give_up(store: &impl LeaseIo, me: &str, free: LeaseRecord) -> Result<GiveUp, WriteError> {
    for _ in 0..ATTEMPTS {
        let now = match store.read().await? {
            Some(now) if now.record.holder == me && now.record.epoch == free.epoch => now,
            // taken over meanwhile, or gone
            _ => return Ok(GiveUp::NotOurs),
        };
        // a change others can see, whatever renewal landed last
        let free = LeaseRecord {
            renewals: now.record.renewals + 1,
            ..free.clone()
        };
        match store.swap(&now, &free).await {
            Ok(_) | Err(WriteError::Superseded) => return Ok(GiveUp::Freed),
            Err(WriteError::Lost) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(WriteError::Lost)
}

#[cfg(test)]
mod tests {
    //! The give-up over a scripted lease: each read and swap answers from the script, which
    //! stands for what Swarm holds and for the writes that land meanwhile.

    use std::collections::VecDeque;
    use std::sync::Mutex;
    use std::time::Duration;

    use super::*;
    use crate::lease::store::Found;

    /// Answers reads and swaps in order; records the swaps asked.
    #[derive(Default)]
    struct Script {
        reads: Mutex<VecDeque<Option<Found>>>,
        swaps: Mutex<VecDeque<Result<(), WriteError>>>,
        asked: Mutex<Vec<(u64, LeaseRecord)>>,
    }

    impl LeaseIo for Script {
        async fn read(&self) -> Result<Option<Found>, WriteError> {
            let next = self.reads.lock().unwrap().pop_front();
            Ok(next.expect("a read the script does not answer"))
        }

        async fn swap(&self, found: &Found, record: &LeaseRecord) -> Result<Found, WriteError> {
            self.asked
                .lock()
                .unwrap()
                .push((found.version, record.clone()));
            let answer = self.swaps.lock().unwrap().pop_front();
            answer.expect("a swap the script does not answer")?;
            Ok(Found {
                id: found.id.clone(),
                version: found.version + 1,
                record: record.clone(),
            })
        }
    }

    fn at(version: u64, holder: &str, epoch: u64, renewals: u64) -> Option<Found> {
        Some(Found {
            id: "lease".into(),
            version,
            record: record(holder, epoch, renewals),
        })
    }

    fn record(holder: &str, epoch: u64, renewals: u64) -> LeaseRecord {
        LeaseRecord {
            holder: holder.into(),
            epoch,
            duration: Duration::from_secs(15),
            renewals,
        }
    }

    fn script(reads: Vec<Option<Found>>, swaps: Vec<Result<(), WriteError>>) -> Script {
        Script {
            reads: Mutex::new(reads.into()),
            swaps: Mutex::new(swaps.into()),
            ..Script::default()
        }
    }

    /// The free record the elector hands over: no holder, our epoch.
    fn free() -> LeaseRecord {
        record("", 3, 8)
    }

    #[tokio::test]
    async fn a_held_lease_is_freed_over_the_version_read() {
        let s = script(vec![at(40, "me", 3, 7)], vec![Ok(())]);
        assert_eq!(give_up(&s, "me", free()).await.unwrap(), GiveUp::Freed);
        assert_eq!(*s.asked.lock().unwrap(), vec![(40, record("", 3, 8))]);
    }

    /// What CI saw: the stop cut off a renewal, the Engine landed it after the give-up read,
    /// and the give-up's swap came out of sequence. The lease is read again and freed.
    #[tokio::test]
    async fn a_renewal_that_lands_after_the_read_is_freed_over() {
        let s = script(
            vec![at(40, "me", 3, 7), at(41, "me", 3, 8)],
            vec![Err(WriteError::Lost), Ok(())],
        );
        assert_eq!(give_up(&s, "me", free()).await.unwrap(), GiveUp::Freed);
        let asked = s.asked.lock().unwrap();
        assert_eq!(*asked, vec![(40, record("", 3, 8)), (41, record("", 3, 9))]);
    }

    /// The follower claimed the freed lease before the read-back: the free record landed.
    #[tokio::test]
    async fn a_free_record_taken_over_at_once_was_given_up() {
        let s = script(vec![at(40, "me", 3, 7)], vec![Err(WriteError::Superseded)]);
        assert_eq!(give_up(&s, "me", free()).await.unwrap(), GiveUp::Freed);
    }

    #[tokio::test]
    async fn a_lease_taken_over_or_gone_is_not_touched() {
        for now in [at(41, "other", 4, 0), at(41, "me", 2, 9), None] {
            let s = script(vec![now], vec![]);
            assert_eq!(give_up(&s, "me", free()).await.unwrap(), GiveUp::NotOurs);
            assert!(s.asked.lock().unwrap().is_empty());
        }
    }

    /// A lease that keeps changing under it (never our doing past a cut-off write or two) is
    /// not fought over: the give-up stops and says so.
    #[tokio::test]
    async fn a_lease_that_keeps_changing_is_left_after_a_few_tries() {
        let reads = (40..).take(ATTEMPTS).map(|v| at(v, "me", 3, v)).collect();
        let lost = (0..ATTEMPTS).map(|_| Err(WriteError::Lost)).collect();
        let s = script(reads, lost);
        let err = give_up(&s, "me", free()).await.unwrap_err();
        assert!(matches!(err, WriteError::Lost), "{err}");
        assert_eq!(s.asked.lock().unwrap().len(), ATTEMPTS);
    }
}
