//! The reconcile of one target, as the runner calls it: read a fresh snapshot of the target,
//! plan (`crate::reconcile::plan`), refresh its discovery entry from what the snapshot shows,
//! then apply the changes (`crate::swarm::apply`) and ask to look again shortly, to see their
//! result. A failure is a typed [`ReconcileError`]; [`error_policy`] turns the number of
//! failures in a row into the retry's backoff.

use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::time::Instant;

use super::Operator;
use crate::model::keys::KeyKind;
use crate::model::names;
use crate::reconcile::change::{Change, RotationOutcome};
use crate::reconcile::plan::plan;
use crate::reconcile::record::target_record;
use crate::reconcile::targets::resolve;
use crate::runner::{Action, lock};
use crate::swarm::apply::{ApplyError, apply};
use crate::swarm::engine::EngineError;
use crate::swarm::observe;
use bosun_core::backoff::Exponential;

/// After a reconcile that wrote something, the target is looked at again after this long (to
/// see the result and refresh its discovery entry).
const FOLLOW_UP: Duration = Duration::from_secs(2);
/// Retries of a failing target: the first after this long, doubling (jittered) ...
const RETRY_MIN: Duration = Duration::from_millis(500);
/// ... up to this long.
const RETRY_MAX: Duration = Duration::from_secs(60);

/// Why one target's reconcile failed; the kind survives up to the error policy.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    /// Reading the target's state from the Engine API failed.
    #[error(transparent)]
    Observe(EngineError),
    /// A change could not be made (an Engine API error, a conflict, a missing secret, ...).
    #[error(transparent)]
    Apply(#[from] ApplyError),
}

/// The retry after the `attempts`-th failure in a row: 500 ms doubling to 60 s, jittered.
pub fn error_policy(target: &str, error: &ReconcileError, attempts: u32) -> Action {
    let delay = Exponential::new(RETRY_MIN, RETRY_MAX).nth_delay(attempts);
    tracing::warn!(target_name = %target, error = %error, retry_in_ms = delay.as_millis() as u64, "reconcile failed");
    Action::requeue(delay)
}

impl Operator {
    /// [`Operator::reconcile_target`], counted and timed by outcome.
    pub(super) async fn reconcile_counted(&self, name: &str) -> Result<Action, ReconcileError> {
        let started = Instant::now();
        let result = self.reconcile_target(name).await;
        let outcome = if result.is_ok() { "ok" } else { "error" };
        self.metrics.reconciles.with_label_values(&[outcome]).inc();
        self.metrics
            .reconcile_seconds
            .with_label_values(&[outcome])
            .observe(started.elapsed().as_secs_f64());
        result
    }

    /// Reconciles one target from a fresh read.
    async fn reconcile_target(&self, name: &str) -> Result<Action, ReconcileError> {
        let Some(config) = self.accepted() else {
            return Ok(Action::await_change());
        };
        if self.leading().is_none() {
            // a follower changes nothing; taking the lease resyncs every target
            return Ok(Action::await_change());
        }
        let mut snap = observe::for_target(&self.engine, name, &config.instance)
            .await
            .map_err(|e| {
                self.health.list_failed(e.to_string());
                ReconcileError::Observe(e)
            })?;
        snap.trust = Some(self.trust_file());
        snap.publishing_since_ms = self.publishing_since_ms();
        self.health.list_ok();
        let resolved = resolve(&config, &snap.services);
        if let Some(problems) = resolved.held.get(name) {
            tracing::debug!(target_name = %name, ?problems, "held: left as it is");
            return Ok(Action::await_change());
        }
        let target = resolved.targets.get(name);
        let gc_allowed = self.gc_allowed.load(Ordering::SeqCst);
        let p = plan(&config, name, target, &snap, gc_allowed);
        for problem in &p.problems {
            tracing::debug!(target_name = %name, %problem, "reconcile problem");
        }
        // The record is what Swarm shows now; it goes out before the changes are made, so a
        // new host key is listed before a label says it was announced (`keys::hosts`).
        let record = target.map(|t| target_record(&config, t, &snap));
        self.set_record(name, record);
        self.publish().await;
        if p.changes.is_empty() {
            // A proxy waiting out its grace, or a rotation, is looked at again when it's due.
            return Ok(p
                .recheck_after
                .map_or_else(Action::await_change, Action::requeue));
        }
        for change in &p.changes {
            tracing::info!(target_name = %name, action = %change, "applying");
        }
        apply(&self.engine, &snap, &p.changes).await?;
        self.count_rotations(&p.changes, snap.at_ms);
        Ok(Action::requeue(
            p.recheck_after.map_or(FOLLOW_UP, |r| r.min(FOLLOW_UP)),
        ))
    }

    /// Counts the rotations the applied `changes` ended (a label write says so, once).
    fn count_rotations(&self, changes: &[Change], now_ms: u64) {
        for change in changes {
            let Change::LabelKey {
                kind,
                target,
                outcome: Some(outcome),
                ..
            } = change
            else {
                continue;
            };
            let kind = if kind == names::KIND_HOST_KEY {
                KeyKind::Host
            } else {
                KeyKind::Client
            };
            match outcome {
                RotationOutcome::Finished { since_ms } => {
                    let took = Duration::from_millis(now_ms.saturating_sub(*since_ms));
                    self.metrics.rotation_finished(target, kind, took);
                }
                RotationOutcome::Stuck => self.metrics.rotation_stuck(target, kind),
            }
        }
    }

    /// Sets (or, for a target that is gone, drops) one entry of the discovery record.
    fn set_record(&self, name: &str, record: Option<bosun_core::discovery::TargetRecord>) {
        let mut records = lock(&self.records);
        match record {
            Some(r) => {
                records.insert(name.to_string(), r);
            }
            None => {
                records.remove(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_from_half_a_second_to_a_minute() {
        let error = ReconcileError::Apply(ApplyError::Invalid {
            service: "s".into(),
        });
        let delay = |n| {
            error_policy("t", &error, n)
                .requeue_after()
                .unwrap_or_default()
        };
        let first = delay(1);
        assert!(first >= RETRY_MIN && first < 2 * RETRY_MIN, "{first:?}");
        let second = delay(2);
        assert!(
            second >= 2 * RETRY_MIN && second < 4 * RETRY_MIN,
            "{second:?}"
        );
        let late = delay(30);
        assert!(late >= RETRY_MAX && late < 2 * RETRY_MAX, "{late:?}");
    }
}
