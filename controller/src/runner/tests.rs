//! The runner against a scripted reconciler, in paused time: the resync queues a key, failures
//! back off by the error policy (a wake-up does not cut the backoff short, and a success
//! resets the count), and a success's own requeue decision is followed.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::{Action, Controller, Reconciler, Trigger, lock};

const BACKOFF: Duration = Duration::from_secs(10);

struct Script {
    outcomes: Mutex<VecDeque<Result<Action, &'static str>>>,
    /// When each reconcile ran, in seconds from the start.
    calls: Mutex<Vec<u64>>,
    attempts: Mutex<Vec<u32>>,
    started: Instant,
    resynced: AtomicBool,
}

impl Reconciler for Script {
    type Error = &'static str;

    async fn reconcile(&self, _key: &str) -> Result<Action, &'static str> {
        lock(&self.calls).push(self.started.elapsed().as_secs());
        lock(&self.outcomes)
            .pop_front()
            .unwrap_or(Ok(Action::await_change()))
    }

    fn error_policy(&self, _key: &str, _error: &&'static str, attempts: u32) -> Action {
        lock(&self.attempts).push(attempts);
        Action::requeue(BACKOFF)
    }

    async fn resync(&self) -> Vec<String> {
        if self.resynced.swap(true, Ordering::SeqCst) {
            Vec::new()
        } else {
            vec!["a".to_string()]
        }
    }

    fn resync_interval(&self) -> Duration {
        Duration::from_secs(3600)
    }
}

#[tokio::test(start_paused = true)]
async fn errors_back_off_through_wake_ups_and_successes_decide_their_requeue() {
    let script = Arc::new(Script {
        outcomes: Mutex::new(VecDeque::from([
            Err("boom"),
            Err("boom"),
            Ok(Action::requeue(Duration::from_secs(2))),
            Err("boom"),
        ])),
        calls: Mutex::new(Vec::new()),
        attempts: Mutex::new(Vec::new()),
        started: Instant::now(),
        resynced: AtomicBool::new(false),
    });
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(Controller::new(script.clone()).run(rx));
    tokio::time::sleep(Duration::from_secs(1)).await;
    // A wake-up during the first backoff is absorbed by the retry at its end.
    assert!(tx.send(Trigger::Reconcile("a".into())).is_ok());
    tokio::time::sleep(Duration::from_secs(60)).await;
    // fail, retry after 10 s, fail, retry after 10 s, succeed asking to look again after
    // 2 s, fail (the first failure in a row again), retry after 10 s.
    assert_eq!(*lock(&script.calls), [0, 10, 20, 22, 32]);
    assert_eq!(*lock(&script.attempts), [1, 2, 1]);
}
