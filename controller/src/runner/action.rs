//! What a reconcile tells the runner to do next (kube-runtime's `controller::Action`): look at
//! the key again after a while, or wait for a wake-up. The reconcile decides; the runner only
//! schedules. After a failure the reconciler's `error_policy` returns one too, and the runner
//! schedules it as a backoff that wake-ups do not cut short (`super::queue`).

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    requeue_after: Option<Duration>,
}

impl Action {
    /// Reconcile the key again after `after` (sooner if something wakes it, unless it backs off).
    pub fn requeue(after: Duration) -> Action {
        Action {
            requeue_after: Some(after),
        }
    }

    /// Nothing to do until a wake-up (an event, task polling or the periodic resync).
    pub fn await_change() -> Action {
        Action {
            requeue_after: None,
        }
    }

    pub fn requeue_after(&self) -> Option<Duration> {
        self.requeue_after
    }
}
