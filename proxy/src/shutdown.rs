//! Stopping without failing a command: SIGTERM (or SIGINT) starts a drain.
//!
//! While draining, the listener is closed (new connections are refused), new exec channels and
//! exec requests on existing connections are refused, and the commands already running may
//! finish, up to the grace period. Those still running then are given up: each is stopped in
//! the target (TERM, then KILL, as after a timeout) before the proxy exits, so no command of a
//! proxy that is gone runs on unseen by the limits of the next one. [`Drain`] is the shared
//! state: the draining flag, the given-up flag, and the count of exec requests in progress,
//! each held as a [`Work`] guard.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

/// The drain state shared by the listener, the connections and the exec tasks.
#[derive(Debug)]
pub struct Drain {
    draining: watch::Sender<bool>,
    given_up: watch::Sender<bool>,
    in_progress: watch::Sender<usize>,
}

/// One exec request in progress; the drain waits until every one is dropped.
#[derive(Debug)]
#[must_use = "the work counts as finished as soon as the guard is dropped"]
pub struct Work {
    drain: Arc<Drain>,
}

impl Drain {
    pub fn new() -> Arc<Drain> {
        Arc::new(Drain {
            draining: watch::Sender::new(false),
            given_up: watch::Sender::new(false),
            in_progress: watch::Sender::new(0),
        })
    }

    /// Starts draining (idempotent).
    pub fn begin(&self) {
        self.draining.send_replace(true);
    }

    pub fn is_draining(&self) -> bool {
        *self.draining.borrow()
    }

    /// A receiver that sees the draining flag turn true.
    pub fn subscribe(&self) -> watch::Receiver<bool> {
        self.draining.subscribe()
    }

    /// The grace period is over: the commands still running are to be stopped.
    pub fn give_up(&self) {
        self.given_up.send_replace(true);
    }

    /// A receiver that sees the given-up flag turn true.
    pub fn given_up(&self) -> watch::Receiver<bool> {
        self.given_up.subscribe()
    }

    /// Counts one exec request as in progress until the guard is dropped.
    pub fn start_work(self: &Arc<Self>) -> Work {
        self.in_progress.send_modify(|n| *n += 1);
        Work {
            drain: Arc::clone(self),
        }
    }

    /// Exec requests in progress now.
    pub fn in_progress(&self) -> usize {
        *self.in_progress.borrow()
    }

    /// Waits until no exec request is in progress, for at most `limit`. Returns whether that
    /// happened.
    pub async fn wait_idle(&self, limit: Duration) -> bool {
        let mut rx = self.in_progress.subscribe();
        tokio::time::timeout(limit, rx.wait_for(|n| *n == 0))
            .await
            .is_ok()
    }
}

impl Drop for Work {
    fn drop(&mut self) {
        self.drain
            .in_progress
            .send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// Waits until `flag` is true (or its sender is gone). Unlike `wait_for` itself, the future
/// holds no lock guard, so it can be sent between threads.
pub async fn until_true(flag: &mut watch::Receiver<bool>) {
    let _ = flag.wait_for(|value| *value).await;
}

/// Waits for SIGTERM or SIGINT and returns its name.
pub async fn signalled() -> std::io::Result<&'static str> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_drain_waits_for_work_in_progress() {
        let drain = Drain::new();
        let mut flag = drain.subscribe();
        assert!(!drain.is_draining());
        let a = drain.start_work();
        let b = drain.start_work();
        assert_eq!(drain.in_progress(), 2);
        drain.begin();
        assert!(drain.is_draining());
        assert!(*flag.borrow_and_update());

        // not idle while work is in progress; the limit ends the wait
        tokio::time::pause();
        assert!(!drain.wait_idle(Duration::from_secs(30)).await);

        let waiter = {
            let drain = Arc::clone(&drain);
            tokio::spawn(async move { drain.wait_idle(Duration::from_secs(3600)).await })
        };
        drop(a);
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        drop(b);
        assert!(waiter.await.unwrap());
        assert_eq!(drain.in_progress(), 0);
        assert!(drain.wait_idle(Duration::ZERO).await);
    }
}
