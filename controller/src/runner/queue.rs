//! The de-duplicating work queue (kube-rs's scheduler and runner in one small type).
//!
//! * A key is queued at most once: adding it again while it waits does nothing, except that an
//!   immediate add overrides a later follow-up.
//! * A key is handed to at most one worker at a time. Added while it runs, it is marked dirty
//!   and queued again when the worker reports it [`done`](Queue::done): level-triggered, so one
//!   more run is enough however many wake-ups arrived meanwhile.
//! * Keys can wait for a delay of one of two kinds. A follow-up ([`add_after`](Queue::add_after),
//!   "look again in a moment") is cut short by a wake-up. A backoff
//!   ([`add_backoff`](Queue::add_backoff), after a failure) is not: a wake-up during it, or one
//!   that came while the failing run ran, is absorbed by the retry at its end. Otherwise a target
//!   that keeps failing is retried at every event and resync instead of backing off.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// Why a key waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delay {
    /// A look after a change: a wake-up makes it due at once.
    FollowUp,
    /// A retry after a failure: it waits its time whatever wakes it.
    Backoff,
}

#[derive(Debug, Default)]
struct State {
    ready: VecDeque<String>,
    queued: HashSet<String>,
    scheduled: HashMap<String, (Instant, Delay)>,
    running: HashSet<String>,
    dirty: HashSet<String>,
}

impl State {
    fn backing_off(&self, key: &str) -> bool {
        matches!(self.scheduled.get(key), Some((_, Delay::Backoff)))
    }

    /// Puts `key` in line now (dirty if it runs).
    fn make_ready(&mut self, key: &str) {
        if self.running.contains(key) {
            self.dirty.insert(key.to_string());
        } else if self.queued.insert(key.to_string()) {
            self.ready.push_back(key.to_string());
        }
    }

    /// Moves the keys whose delay is over to the ready line; the next instant one is due.
    fn promote_due(&mut self, now: Instant) -> Option<Instant> {
        let due: Vec<String> = self
            .scheduled
            .iter()
            .filter(|(_, (at, _))| *at <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for key in due {
            self.scheduled.remove(&key);
            self.make_ready(&key);
        }
        self.scheduled.values().map(|(at, _)| *at).min()
    }
}

#[derive(Debug, Default)]
pub struct Queue {
    state: Mutex<State>,
    wake: Notify,
}

impl Queue {
    pub fn new() -> Queue {
        Queue::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queue `key` now, unless it waits out a backoff.
    pub fn add(&self, key: &str) {
        let mut s = self.lock();
        if s.backing_off(key) {
            return;
        }
        s.scheduled.remove(key);
        s.make_ready(key);
        drop(s);
        self.wake.notify_one();
    }

    /// A follow-up: queue `key` after `delay`, unless it is queued already, scheduled sooner,
    /// or backing off. A wake-up meanwhile queues it at once.
    pub fn add_after(&self, key: &str, delay: Duration) {
        self.schedule(key, Instant::now() + delay, Delay::FollowUp);
    }

    /// A retry after a failure: queue `key` after `delay`, and not before, whatever wakes it.
    pub fn add_backoff(&self, key: &str, delay: Duration) {
        self.schedule(key, Instant::now() + delay, Delay::Backoff);
    }

    fn schedule(&self, key: &str, at: Instant, delay: Delay) {
        let mut s = self.lock();
        if s.queued.contains(key) {
            return;
        }
        let entry = s.scheduled.entry(key.to_string()).or_insert((at, delay));
        match (delay, entry.1) {
            // The latest failure sets the retry; a follow-up never shortens a backoff.
            (Delay::Backoff, _) => *entry = (at, delay),
            (Delay::FollowUp, Delay::Backoff) => {}
            (Delay::FollowUp, Delay::FollowUp) => entry.0 = entry.0.min(at),
        }
        drop(s);
        self.wake.notify_one();
    }

    /// Keys waiting (ready or scheduled), not counting the running ones.
    pub fn len(&self) -> usize {
        let s = self.lock();
        s.queued.len() + s.scheduled.len()
    }

    /// The next key to work on; waits until one is due.
    pub async fn next(&self) -> String {
        loop {
            let wait = {
                let mut s = self.lock();
                let next_due = s.promote_due(Instant::now());
                if let Some(key) = s.ready.pop_front() {
                    s.queued.remove(&key);
                    s.running.insert(key.clone());
                    return key;
                }
                next_due
            };
            match wait {
                Some(at) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(at) => {}
                        _ = self.wake.notified() => {}
                    }
                }
                None => self.wake.notified().await,
            }
        }
    }

    /// The worker finished `key`; a key added meanwhile runs again (after its backoff, when
    /// the run failed).
    pub fn done(&self, key: &str) {
        let mut s = self.lock();
        s.running.remove(key);
        if s.dirty.remove(key) && !s.backing_off(key) {
            s.scheduled.remove(key);
            s.make_ready(key);
        }
        drop(s);
        self.wake.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_key_is_queued_once() {
        let q = Queue::new();
        q.add("a");
        q.add("a");
        q.add("b");
        assert_eq!(q.len(), 2);
        assert_eq!(q.next().await, "a");
        assert_eq!(q.next().await, "b");
        assert_eq!(q.len(), 0);
    }

    #[tokio::test]
    async fn a_running_key_is_not_handed_out_twice_but_runs_again_after() {
        let q = Queue::new();
        q.add("a");
        assert_eq!(q.next().await, "a");
        q.add("a");
        q.add("a");
        assert_eq!(q.len(), 0, "dirty, not queued, while it runs");
        q.add("b");
        assert_eq!(q.next().await, "b");
        q.done("a");
        assert_eq!(
            q.next().await,
            "a",
            "one more run for the wake-ups that came meanwhile"
        );
        q.done("a");
        q.done("b");
        assert_eq!(q.len(), 0);
    }

    /// How long key "a", scheduled by `schedule`, waits when it is woken: while it waits,
    /// and (scheduled again) when the wake-up came while the run that scheduled it ran.
    async fn waits_when_woken(schedule: impl Fn(&Queue)) -> [Duration; 2] {
        let q = Queue::new();
        q.add("a");
        assert_eq!(q.next().await, "a");
        schedule(&q);
        q.done("a");
        let t0 = Instant::now();
        q.add("a");
        assert_eq!(q.next().await, "a");
        let while_waiting = t0.elapsed();

        q.add("a");
        schedule(&q);
        let t1 = Instant::now();
        q.done("a");
        assert_eq!(q.next().await, "a");
        [while_waiting, t1.elapsed()]
    }

    /// A failed key waits out its backoff even when it is woken meanwhile (an event while it
    /// waits, or one that came while it ran): otherwise the retry cap is the resync period.
    #[tokio::test(start_paused = true)]
    async fn a_backoff_delay_survives_a_wake_up_during_backoff() {
        let backoff = Duration::from_secs(10);
        let [while_waiting, while_running] =
            waits_when_woken(|q| q.add_backoff("a", backoff)).await;
        assert!(
            while_waiting >= backoff,
            "woken during backoff, retried after {while_waiting:?}"
        );
        assert!(
            while_running >= backoff,
            "woken while it ran, retried after {while_running:?}"
        );
    }

    /// A follow-up is only a look after a change: a wake-up (while it waits, or while the run
    /// that asked for it ran) queues the key at once.
    #[tokio::test(start_paused = true)]
    async fn a_follow_up_is_cut_short_by_a_wake_up() {
        let waits = waits_when_woken(|q| q.add_after("a", Duration::from_secs(10))).await;
        assert_eq!(waits, [Duration::ZERO; 2], "woken while it waited / ran");
    }

    /// A follow-up asked for during a backoff does not shorten it; a new failure resets it.
    #[tokio::test(start_paused = true)]
    async fn the_latest_backoff_decides_and_a_follow_up_does_not_shorten_it() {
        let q = Queue::new();
        let t0 = Instant::now();
        q.add_backoff("a", Duration::from_secs(10));
        q.add_after("a", Duration::from_secs(1));
        assert_eq!(q.next().await, "a");
        assert_eq!(t0.elapsed(), Duration::from_secs(10));
        q.add_after("a", Duration::from_secs(1));
        q.add_backoff("a", Duration::from_secs(5));
        q.done("a");
        assert_eq!(q.next().await, "a");
        assert_eq!(t0.elapsed(), Duration::from_secs(15));
    }

    #[tokio::test(start_paused = true)]
    async fn scheduled_keys_wait_their_delay_and_an_immediate_add_wins() {
        let q = Queue::new();
        q.add_after("slow", Duration::from_secs(10));
        q.add_after("fast", Duration::from_secs(1));
        let t0 = Instant::now();
        assert_eq!(q.next().await, "fast");
        assert!(t0.elapsed() >= Duration::from_secs(1));
        q.add("slow");
        assert_eq!(q.next().await, "slow");
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the immediate add overrode the delay"
        );
    }
}
