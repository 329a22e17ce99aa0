//! Who leads, decided by one replica from what it reads of the lease and from its own
//! monotonic clock: pure, so every rule below is a unit test. `swarm.rs` does the reads and the
//! compare-and-swap writes this asks for.
//!
//! The rules, and the failure each one prevents:
//! * **Leading starts only when the swap succeeded.** [`Elector::written`] is the only way in;
//!   a replica that merely *decided* to take the lease (and then lost the race, or was paused)
//!   never believes it leads.
//! * **Nobody compares another process's clock.** A follower counts a lease as expired when
//!   the record has not changed for `duration` on *its own* monotonic clock, counted from the
//!   moment it first saw that version. Every renewal changes the record (`renewals`), so a live
//!   leader keeps resetting that count.
//! * **The leader stops before anybody may start.** Leading is valid until the instant the
//!   last successful renewal was *sent*, plus `duration`, minus `margin`. A follower saw that
//!   renewal after it was sent, so it waits at least `duration` past the same instant: the
//!   leader's writes end `margin` before a successor's can begin. [`Elector::fence`] is asked
//!   before every write; a paused process (SIGSTOP) wakes to a monotonic clock that went on, and
//!   finds itself fenced.
//! * **A failed renewal steps down when the lease runs out, not later**, and a record that
//!   names another holder, or an object carrying a higher epoch ([`Elector::saw_epoch`]),
//!   steps down at once.
//! * **Giving up is a write too** ([`Elector::release`]): a free record lets a follower take over
//!   on its next look instead of after `duration`.
//! * **A write whose answer was lost still counts** ([`Elector::sending`]): on a loaded swarm a
//!   swap may land after the loop stopped waiting for it. The next look then shows our very
//!   record (our holder identity, our epoch, our renewal count); the lease is ours from the
//!   instant that write was *sent*, as if the answer had come. Without this, each lost answer to a claim cost a whole quiet
//!   `duration` (the record had changed, and naming us while we did not lead, it looked like
//!   anybody's), and a slow swarm could keep a follower from ever leading.

use std::time::{Duration, Instant};

use super::record::LeaseRecord;

/// The lease's timing. `duration` is what the record says and followers wait; the leader
/// renews every `renew_every` and stops writing `margin` before its lease could lapse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeaseTiming {
    pub duration: Duration,
    pub renew_every: Duration,
    pub look_every: Duration,
    pub margin: Duration,
}

impl LeaseTiming {
    /// A lease of `duration`: renewed every third of it, looked at every 2 s (at most), with a
    /// fifth of it as the margin.
    pub fn of(duration: Duration) -> LeaseTiming {
        LeaseTiming {
            duration,
            renew_every: duration / 3,
            look_every: (duration / 5).min(Duration::from_secs(2)),
            margin: duration / 5,
        }
    }
}

/// What the replica should do after a look at the lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Write nothing; look again after this long.
    Wait(Duration),
    /// There is no lease object: create it with this record (a name can be taken only once).
    Create(LeaseRecord),
    /// Swap this record in over `version` (to take the lease, or to renew it).
    Swap { record: LeaseRecord, version: u64 },
}

/// The version of the lease last seen, and when this replica first saw it.
#[derive(Debug, Clone)]
struct Seen {
    version: u64,
    record: LeaseRecord,
    since: Instant,
}

/// While this replica leads: its epoch, until when it may write, and its last renewal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Leading {
    epoch: u64,
    valid_until: Instant,
    renewed: Instant,
}

/// Why a write may not go out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotLeader {
    #[error("this controller does not hold the lease")]
    Follower,
    #[error("the lease (epoch {epoch}) may have run out: no renewal for too long")]
    Lapsing { epoch: u64 },
}

/// One replica's view of the lease.
#[derive(Debug)]
pub struct Elector {
    me: String,
    timing: LeaseTiming,
    seen: Option<Seen>,
    leading: Option<Leading>,
    /// The highest epoch seen anywhere: a lease taken after this one is never older.
    highest_epoch: u64,
    /// The last record of ours sent, and when: adopted if a look shows it landed unanswered.
    sent: Option<(LeaseRecord, Instant)>,
}

impl Elector {
    pub fn new(me: impl Into<String>, timing: LeaseTiming) -> Elector {
        Elector {
            me: me.into(),
            timing,
            seen: None,
            leading: None,
            highest_epoch: 0,
            sent: None,
        }
    }

    pub fn me(&self) -> &str {
        &self.me
    }

    /// The holder and epoch of the lease as last seen (empty holder: free, or never seen).
    pub fn seen_holder(&self) -> (String, u64) {
        self.seen
            .as_ref()
            .map_or((String::new(), self.highest_epoch), |s| {
                (s.record.holder.clone(), s.record.epoch)
            })
    }

    /// A look at the lease at `now`: `None` when the object does not exist.
    pub fn observe(&mut self, lease: Option<(u64, LeaseRecord)>, now: Instant) -> Step {
        let Some((version, record)) = lease else {
            self.step_down();
            return Step::Create(self.claim(0));
        };
        self.highest_epoch = self.highest_epoch.max(record.epoch);
        if let Some((_, sent)) = self.sent.take_if(|(ours, _)| *ours == record) {
            self.written(record.clone(), version, sent);
        }
        if self.seen.as_ref().is_none_or(|s| s.version != version) {
            self.seen = Some(Seen {
                version,
                record: record.clone(),
                since: now,
            });
        }
        if record.holder == self.me && self.fence(now).is_ok() {
            return self.renew_if_due(version, record, now);
        }
        // Another holder (or our own record while our lease lapsed): we do not lead.
        self.step_down();
        let since = self.seen.as_ref().map_or(now, |s| s.since);
        let quiet = now.saturating_duration_since(since);
        if record.is_free() || quiet >= record.duration {
            return Step::Swap {
                record: self.claim(record.epoch),
                version,
            };
        }
        Step::Wait(self.timing.look_every.min(record.duration - quiet))
    }

    /// The loop sends `record` at `sent` (a create or a swap: a claim or a renewal). It is
    /// remembered until the next write, in case its answer is lost.
    pub fn sending(&mut self, record: &LeaseRecord, sent: Instant) {
        self.sent = (record.holder == self.me).then(|| (record.clone(), sent));
    }

    /// The swap (or create) of `record`, sent at `sent`, succeeded; the object is now at
    /// `version`. Only here does a replica begin to lead.
    pub fn written(&mut self, record: LeaseRecord, version: u64, sent: Instant) {
        self.highest_epoch = self.highest_epoch.max(record.epoch);
        let ours = record.holder == self.me && record.epoch == self.highest_epoch;
        self.leading = ours.then(|| Leading {
            epoch: record.epoch,
            valid_until: sent + self.timing.duration.saturating_sub(self.timing.margin),
            renewed: sent,
        });
        self.seen = Some(Seen {
            version,
            record,
            since: sent,
        });
    }

    /// Whether a write may go out at `now`: the epoch to stamp on it, or why not.
    pub fn fence(&self, now: Instant) -> Result<u64, NotLeader> {
        match self.leading {
            None => Err(NotLeader::Follower),
            Some(l) if now >= l.valid_until => Err(NotLeader::Lapsing { epoch: l.epoch }),
            Some(l) => Ok(l.epoch),
        }
    }

    /// How long this replica may still write, when it leads.
    pub fn valid_for(&self, now: Instant) -> Option<Duration> {
        self.leading
            .map(|l| l.valid_until.saturating_duration_since(now))
            .filter(|left| !left.is_zero())
    }

    /// An object carrying `epoch` was seen: a higher one than ours means another leader has
    /// been elected since; stop writing at once.
    pub fn saw_epoch(&mut self, epoch: u64) {
        self.highest_epoch = self.highest_epoch.max(epoch);
        if self.leading.is_some_and(|l| l.epoch < epoch) {
            self.step_down();
        }
    }

    /// Stops leading, and returns the record that gives the lease up (the loop swaps it over
    /// the version it last read), when this replica held it.
    pub fn release(&mut self) -> Option<LeaseRecord> {
        let leading = self.leading.take()?;
        let seen = self.seen.as_ref()?;
        let free = LeaseRecord {
            holder: String::new(),
            epoch: leading.epoch,
            duration: self.timing.duration,
            renewals: seen.record.renewals + 1,
        };
        Some(free)
    }

    fn step_down(&mut self) {
        self.leading = None;
    }

    /// The record that takes the lease over one at `epoch`.
    fn claim(&self, epoch: u64) -> LeaseRecord {
        LeaseRecord {
            holder: self.me.clone(),
            epoch: epoch.max(self.highest_epoch) + 1,
            duration: self.timing.duration,
            renewals: 0,
        }
    }

    /// Leading: renew when a renewal is due, else wait for it.
    fn renew_if_due(&mut self, version: u64, record: LeaseRecord, now: Instant) -> Step {
        let Some(leading) = self.leading else {
            return Step::Wait(self.timing.look_every);
        };
        let due = leading.renewed + self.timing.renew_every;
        if now < due {
            return Step::Wait(due - now);
        }
        let renewed = LeaseRecord {
            renewals: record.renewals + 1,
            ..record
        };
        Step::Swap {
            record: renewed,
            version,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    fn timing() -> LeaseTiming {
        LeaseTiming::of(15 * S)
    }

    fn record(holder: &str, epoch: u64, renewals: u64) -> LeaseRecord {
        LeaseRecord {
            holder: holder.into(),
            epoch,
            duration: 15 * S,
            renewals,
        }
    }

    /// Runs a step's write as if the swap succeeded, returning the new version.
    fn succeed(e: &mut Elector, step: Step, version: u64, at: Instant) -> u64 {
        match step {
            Step::Create(r) | Step::Swap { record: r, .. } => e.written(r, version, at),
            Step::Wait(_) => panic!("expected a write, got {step:?}"),
        }
        version
    }

    #[test]
    fn the_first_replica_creates_the_lease_and_leads_only_once_it_is_written() {
        let t0 = Instant::now();
        let mut a = Elector::new("a", timing());
        let step = a.observe(None, t0);
        assert_eq!(step, Step::Create(record("a", 1, 0)));
        // decided, not yet written: not leading
        assert_eq!(a.fence(t0), Err(NotLeader::Follower));
        succeed(&mut a, step, 10, t0);
        assert_eq!(a.fence(t0), Ok(1));
    }

    #[test]
    fn a_follower_takes_over_only_after_the_record_was_quiet_for_the_whole_duration() {
        let t0 = Instant::now();
        let mut b = Elector::new("b", timing());
        let held = Some((10, record("a", 1, 0)));
        assert!(matches!(b.observe(held.clone(), t0), Step::Wait(_)));
        assert!(matches!(
            b.observe(held.clone(), t0 + 14 * S),
            Step::Wait(_)
        ));
        // a renewal (a new version) resets the count
        let renewed = Some((11, record("a", 1, 1)));
        assert!(matches!(
            b.observe(renewed.clone(), t0 + 14 * S),
            Step::Wait(_)
        ));
        assert!(matches!(
            b.observe(renewed.clone(), t0 + 28 * S),
            Step::Wait(_)
        ));
        let step = b.observe(renewed, t0 + 29 * S);
        assert_eq!(
            step,
            Step::Swap {
                record: record("b", 2, 0),
                version: 11
            }
        );
        assert!(
            b.fence(t0 + 29 * S).is_err(),
            "leading before the swap succeeded"
        );
    }

    #[test]
    fn the_leader_is_fenced_before_any_follower_may_take_over() {
        let t0 = Instant::now();
        let timing = timing();
        let mut a = Elector::new("a", timing);
        let step = a.observe(None, t0);
        let v = succeed(&mut a, step, 10, t0);
        // its renewals fail from here on (a partition): it stops writing at duration - margin
        let last_ok = t0 + timing.duration - timing.margin;
        assert_eq!(a.fence(last_ok - Duration::from_millis(1)), Ok(1));
        assert_eq!(a.valid_for(t0), Some(timing.duration - timing.margin));
        assert_eq!(a.fence(last_ok), Err(NotLeader::Lapsing { epoch: 1 }));
        assert_eq!(a.valid_for(last_ok), None);
        // a follower that saw the same version no earlier than it was written waits longer
        let mut b = Elector::new("b", timing);
        assert!(matches!(
            b.observe(Some((v, record("a", 1, 0))), t0),
            Step::Wait(_)
        ));
        let takeover = t0 + timing.duration;
        assert!(matches!(
            b.observe(
                Some((v, record("a", 1, 0))),
                takeover - Duration::from_millis(1)
            ),
            Step::Wait(_)
        ));
        assert!(matches!(
            b.observe(Some((v, record("a", 1, 0))), takeover),
            Step::Swap { .. }
        ));
        assert!(takeover - last_ok >= timing.margin);
    }

    #[test]
    fn the_leader_renews_on_time_and_a_renewal_extends_its_writes() {
        let t0 = Instant::now();
        let timing = timing();
        let mut a = Elector::new("a", timing);
        let step = a.observe(None, t0);
        let v = succeed(&mut a, step, 10, t0);
        let mine = record("a", 1, 0);
        assert_eq!(
            a.observe(Some((v, mine.clone())), t0 + S),
            Step::Wait(timing.renew_every - S)
        );
        let at = t0 + timing.renew_every;
        let step = a.observe(Some((v, mine)), at);
        assert_eq!(
            step,
            Step::Swap {
                record: record("a", 1, 1),
                version: 10
            }
        );
        succeed(&mut a, step, 11, at);
        assert_eq!(a.fence(t0 + timing.duration), Ok(1));
    }

    #[test]
    fn a_paused_leader_wakes_fenced_and_steps_down_when_it_sees_the_new_holder() {
        let t0 = Instant::now();
        let mut a = Elector::new("a", timing());
        let step = a.observe(None, t0);
        succeed(&mut a, step, 10, t0);
        // SIGSTOP for 40 s: the monotonic clock went on
        let woke = t0 + 40 * S;
        assert_eq!(a.fence(woke), Err(NotLeader::Lapsing { epoch: 1 }));
        // its own record, untouched, is not enough to lead again: it must take it anew, with
        // a new epoch, by a swap that fails if anyone wrote meanwhile
        assert_eq!(
            a.observe(Some((10, record("a", 1, 0))), woke),
            Step::Swap {
                record: record("a", 2, 0),
                version: 10
            }
        );
        assert_eq!(a.fence(woke), Err(NotLeader::Follower));
        // b took over meanwhile: a follows
        assert!(matches!(
            a.observe(Some((12, record("b", 2, 0))), woke),
            Step::Wait(_)
        ));
        assert_eq!(a.fence(woke), Err(NotLeader::Follower));
    }

    #[test]
    fn a_higher_epoch_on_any_object_stops_the_leader_at_once() {
        let t0 = Instant::now();
        let mut a = Elector::new("a", timing());
        let step = a.observe(None, t0);
        succeed(&mut a, step, 10, t0);
        a.saw_epoch(1);
        assert_eq!(a.fence(t0), Ok(1));
        a.saw_epoch(2);
        assert_eq!(a.fence(t0), Err(NotLeader::Follower));
        // and a lease it takes later is above what it saw
        let step = a.observe(Some((11, record("", 2, 3))), t0 + S);
        assert_eq!(
            step,
            Step::Swap {
                record: record("a", 3, 0),
                version: 11
            }
        );
    }

    #[test]
    fn a_write_that_landed_unanswered_counts_from_when_it_was_sent() {
        let t0 = Instant::now();
        let timing = timing();
        let mut b = Elector::new("b", timing);
        let held = Some((10, record("a", 1, 0)));
        assert!(matches!(b.observe(held.clone(), t0), Step::Wait(_)));
        let at = t0 + timing.duration;
        let step = b.observe(held, at);
        let Step::Swap { record: claim, .. } = step else {
            panic!("expected a claim, got {step:?}");
        };
        b.sending(&claim, at);
        // the answer never came (timed out); the next look shows the claim landed
        let later = at + 3 * S;
        let step = b.observe(Some((11, claim.clone())), later);
        assert_eq!(b.fence(later), Ok(2), "the landed claim is ours");
        assert!(matches!(step, Step::Wait(_)), "no second claim: {step:?}");
        // counted from when it was sent, not from when it was seen
        let until = at + timing.duration - timing.margin;
        assert_eq!(b.valid_for(later), Some(until - later));
        assert_eq!(b.fence(until), Err(NotLeader::Lapsing { epoch: 2 }));
        // a renewal answered too late extends the lease the same way
        let due = at + timing.renew_every;
        let step = b.observe(Some((11, claim.clone())), due);
        let Step::Swap {
            record: renewal, ..
        } = step
        else {
            panic!("expected a renewal, got {step:?}");
        };
        b.sending(&renewal, due);
        let seen = due + 2 * S;
        b.observe(Some((12, renewal)), seen);
        let until = due + timing.duration - timing.margin;
        assert_eq!(b.valid_for(seen), Some(until - seen));
        // another replica's record equal in all but the holder is never adopted
        let mut c = Elector::new("c", timing);
        c.sending(&claim, at);
        assert!(c.fence(later).is_err());
        let mut d = Elector::new("d", timing);
        let theirs = record("b", 2, 0);
        d.sending(&record("d", 2, 0), at);
        d.observe(Some((11, theirs)), later);
        assert_eq!(d.fence(later), Err(NotLeader::Follower));
    }

    #[test]
    fn a_released_lease_is_taken_at_the_next_look() {
        let t0 = Instant::now();
        let mut a = Elector::new("a", timing());
        let step = a.observe(None, t0);
        succeed(&mut a, step, 10, t0);
        let free = a.release().expect("a led");
        assert_eq!((free.holder.as_str(), free.epoch), ("", 1));
        assert_eq!(a.fence(t0), Err(NotLeader::Follower));
        let mut b = Elector::new("b", timing());
        assert_eq!(
            b.observe(Some((11, free)), t0 + S),
            Step::Swap {
                record: record("b", 2, 0),
                version: 11
            }
        );
        // a follower has nothing to give up
        assert_eq!(b.release(), None);
    }
}
