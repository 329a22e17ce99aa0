//! The machinery that calls the reconcile logic, like kube-runtime's `Controller`: generic over
//! a [`Reconciler`] and its keys, knowing nothing of what they stand for.
//!
//! * Wake-ups arrive as [`Trigger`]s on a channel (the caller turns its events into them):
//!   a key to reconcile, or a full resync.
//! * A periodic (or triggered) [`Reconciler::resync`] looks at everything and names the keys
//!   that need a reconcile.
//! * A de-duplicating [`queue`] feeds a few workers; a key runs on one worker at a time.
//! * Each reconcile returns an [`Action`] (requeue after a while, or wait) or an error; for an
//!   error the reconciler's [`error_policy`](Reconciler::error_policy) picks the retry from the
//!   number of failures in a row, and the retry is a backoff no wake-up cuts short.

pub mod action;
pub mod queue;

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, mpsc};
use tokio::time::Instant;

pub use action::Action;
use queue::Queue;

/// Keys reconciled at once.
const WORKERS: usize = 4;
/// A triggered resync waits at least this long after the previous one.
const RESYNC_MIN_GAP: Duration = Duration::from_secs(1);

/// The reconcile logic the runner calls (kube-runtime's `reconcile` and `error_policy`, plus
/// the full pass that finds the keys to look at).
pub trait Reconciler: Send + Sync + 'static {
    type Error: Send;

    /// Makes `key` match what is desired, from a fresh read; says when to look again.
    fn reconcile(&self, key: &str) -> impl Future<Output = Result<Action, Self::Error>> + Send;

    /// When to retry `key` after its `attempts`-th failure in a row.
    fn error_policy(&self, key: &str, error: &Self::Error, attempts: u32) -> Action;

    /// One full pass over everything: the keys that need a reconcile.
    fn resync(&self) -> impl Future<Output = Vec<String>> + Send;

    /// How long after a resync the next one is due (unless triggered sooner).
    fn resync_interval(&self) -> Duration;

    /// The number of keys waiting changed (for a gauge).
    fn queue_depth(&self, _waiting: usize) {}
}

/// A wake-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// Reconcile this key.
    Reconcile(String),
    /// Run a full resync (at most one per `RESYNC_MIN_GAP`).
    Resync,
}

pub struct Controller<R> {
    reconciler: Arc<R>,
    queue: Queue,
    /// Failures in a row, per key; cleared by a success.
    attempts: Mutex<HashMap<String, u32>>,
    resync_now: Notify,
}

impl<R: Reconciler> Controller<R> {
    pub fn new(reconciler: Arc<R>) -> Arc<Controller<R>> {
        Arc::new(Controller {
            reconciler,
            queue: Queue::new(),
            attempts: Mutex::new(HashMap::new()),
            resync_now: Notify::new(),
        })
    }

    /// Runs forever: the trigger reader, the workers and the resync loop.
    pub async fn run(self: Arc<Self>, triggers: mpsc::UnboundedReceiver<Trigger>) {
        tokio::spawn(self.clone().read_triggers(triggers));
        for _ in 0..WORKERS {
            tokio::spawn(self.clone().work());
        }
        self.resync_loop().await;
    }

    async fn read_triggers(self: Arc<Self>, mut triggers: mpsc::UnboundedReceiver<Trigger>) {
        while let Some(trigger) = triggers.recv().await {
            match trigger {
                Trigger::Reconcile(key) => self.queue.add(&key),
                Trigger::Resync => self.resync_now.notify_one(),
            }
            self.reconciler.queue_depth(self.queue.len());
        }
    }

    async fn resync_loop(self: Arc<Self>) {
        let mut last: Option<Instant> = None;
        loop {
            if let Some(at) = last {
                tokio::time::sleep_until(at + RESYNC_MIN_GAP).await;
            }
            last = Some(Instant::now());
            for key in self.reconciler.resync().await {
                self.queue.add(&key);
            }
            self.reconciler.queue_depth(self.queue.len());
            tokio::select! {
                _ = tokio::time::sleep(self.reconciler.resync_interval()) => {}
                _ = self.resync_now.notified() => {}
            }
        }
    }

    async fn work(self: Arc<Self>) {
        loop {
            let key = self.queue.next().await;
            self.reconciler.queue_depth(self.queue.len());
            let result = self.reconciler.reconcile(&key).await;
            self.schedule(&key, result);
            self.queue.done(&key);
        }
    }

    /// Schedules what the reconcile decided: its own requeue after a success, the error
    /// policy's backoff after a failure.
    fn schedule(&self, key: &str, result: Result<Action, R::Error>) {
        match result {
            Ok(action) => {
                lock(&self.attempts).remove(key);
                if let Some(after) = action.requeue_after() {
                    self.queue.add_after(key, after);
                }
            }
            Err(error) => {
                let attempts = {
                    let mut all = lock(&self.attempts);
                    let n = all.entry(key.to_string()).or_insert(0);
                    *n = n.saturating_add(1);
                    *n
                };
                let action = self.reconciler.error_policy(key, &error, attempts);
                if let Some(after) = action.requeue_after() {
                    self.queue.add_backoff(key, after);
                }
            }
        }
    }
}

/// A poisoned lock still holds usable state here (plain maps and sets).
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests;
