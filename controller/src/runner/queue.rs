//! The de-duplicating work queue (kube-rs's scheduler and runner in one small type).
//!
//! * A key is queued at most once: adding it again while it waits does nothing, except that an
//!   immediate add overrides a later scheduled one.
//! * A key is handed to at most one worker at a time. Added while it runs, it is marked dirty
//!   and queued again when the worker reports it [`done`](Queue::done): level-triggered, so one
//!   more run is enough however many wake-ups arrived meanwhile.
//! * [`add_after`](Queue::add_after) schedules a key (retries with backoff, follow-up checks).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

#[derive(Debug, Default)]
struct State {
    ready: VecDeque<String>,
    queued: HashSet<String>,
    scheduled: HashMap<String, Instant>,
    running: HashSet<String>,
    dirty: HashSet<String>,
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

    /// Queue `key` now.
    pub fn add(&self, key: &str) {
        let mut s = self.lock();
        s.scheduled.remove(key);
        if s.running.contains(key) {
            s.dirty.insert(key.to_string());
        } else if s.queued.insert(key.to_string()) {
            s.ready.push_back(key.to_string());
        }
        drop(s);
        self.wake.notify_one();
    }

    /// Queue `key` after `delay`, unless it is queued already (or scheduled sooner).
    pub fn add_after(&self, key: &str, delay: Duration) {
        let at = Instant::now() + delay;
        let mut s = self.lock();
        if s.queued.contains(key) {
            return;
        }
        let entry = s.scheduled.entry(key.to_string()).or_insert(at);
        if at < *entry {
            *entry = at;
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
                let now = Instant::now();
                let due: Vec<String> = s
                    .scheduled
                    .iter()
                    .filter(|(_, at)| **at <= now)
                    .map(|(k, _)| k.clone())
                    .collect();
                for key in due {
                    s.scheduled.remove(&key);
                    if s.running.contains(&key) {
                        s.dirty.insert(key);
                    } else if s.queued.insert(key.clone()) {
                        s.ready.push_back(key);
                    }
                }
                if let Some(key) = s.ready.pop_front() {
                    s.queued.remove(&key);
                    s.running.insert(key.clone());
                    return key;
                }
                s.scheduled.values().min().copied()
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

    /// The worker finished `key`; a key added meanwhile runs again.
    pub fn done(&self, key: &str) {
        let mut s = self.lock();
        s.running.remove(key);
        if s.dirty.remove(key) && s.queued.insert(key.to_string()) {
            s.scheduled.remove(key);
            s.ready.push_back(key.to_string());
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
