//! A proxy task that Swarm never places, and the nudge that gets it placed.
//!
//! Swarm's scheduler can drop a pending task from its retry queue when the task's service is
//! updated while the only node the task may run on is down (moby/moby#53722). bosun makes such
//! updates itself: it labels a proxy `bosun.absent-since` when its target's node goes away, and
//! removes the label when the target is back. The proxy's replacement task, made while the node
//! was down, then stays `pending` after the node is back, and the proxy never runs again.
//!
//! A forced update (`ForceUpdate` + 1, what `docker service update --force` does) makes a new
//! task, which Swarm places. The planner asks for one ([`super::change::Change::RestartProxy`])
//! when a proxy's task has waited unplaced for [`STUCK_AFTER`] while its node is ready and
//! active; until then it asks to be called again when that time comes. The service keeps its id
//! and its host key: clients see the same proxy.

use std::time::Duration;

use bollard::models::{NodeSpecAvailabilityEnum, NodeState, Service, TaskState};

use crate::model::snapshot::{Snapshot, unix_ms};

/// How long a proxy task may wait unplaced, its node ready, before the proxy is restarted.
/// Swarm places a task within a second when it can; this leaves room for a busy manager.
pub const STUCK_AFTER: Duration = Duration::from_secs(15);

/// Whether a proxy's task waits unplaced.
#[derive(Debug, PartialEq, Eq)]
pub enum Unplaced {
    /// No task of it waits unplaced on a ready node (or the wait is normal: its node is down).
    No,
    /// One has waited this long, past [`STUCK_AFTER`]: restart the proxy.
    Stuck(Duration),
    /// One waits, not for long yet: look again after this.
    Waiting(Duration),
}

/// Whether `proxy` (pinned to `node_id`) has a task that waits unplaced, as of `snap.at_ms`.
///
/// The wait counts from the task's last state change or the service's last update, whichever
/// is later: right after a forced update the old task is still listed as pending (Swarm has
/// not replaced it yet), and a second restart then would start a storm of them.
pub fn unplaced(snap: &Snapshot, proxy: &Service, node_id: &str) -> Unplaced {
    if !node_ready(snap, node_id) {
        return Unplaced::No;
    }
    let Some(id) = proxy.id.as_deref() else {
        return Unplaced::No;
    };
    let pending_since = snap
        .tasks_of(id)
        .filter(|t| t.status.as_ref().and_then(|s| s.state) == Some(TaskState::PENDING))
        .filter(|t| t.node_id.as_deref().is_none_or(str::is_empty))
        .filter_map(|t| t.status.as_ref()?.timestamp.as_deref())
        .filter_map(unix_ms)
        .min();
    let Some(pending_since) = pending_since else {
        return Unplaced::No;
    };
    let updated = proxy.updated_at.as_deref().and_then(unix_ms).unwrap_or(0);
    let since = pending_since.max(updated);
    let waited = Duration::from_millis(snap.at_ms.saturating_sub(since));
    match STUCK_AFTER.checked_sub(waited) {
        Some(left) if !left.is_zero() => Unplaced::Waiting(left),
        _ => Unplaced::Stuck(waited),
    }
}

/// Whether node `id` is ready and takes tasks.
fn node_ready(snap: &Snapshot, id: &str) -> bool {
    snap.nodes.iter().any(|n| {
        n.id.as_deref() == Some(id)
            && n.status.as_ref().and_then(|s| s.state) == Some(NodeState::READY)
            && n.spec.as_ref().and_then(|s| s.availability)
                == Some(NodeSpecAvailabilityEnum::ACTIVE)
    })
}

/// An RFC 3339 time (Swarm's, with nanoseconds) in Unix milliseconds.
#[cfg(test)]
mod tests {
    use bollard::models::{NodeSpec, NodeStatus, TaskStatus};

    use super::*;
    use crate::reconcile::change::Change;
    use crate::reconcile::tests::{N2, converged, task};

    /// 2026-12-02T01:15:00Z in Unix ms.
    const T0: u64 = 1_796_174_100_000;

    /// The converged target, its proxy's task replaced by one pending (unplaced) since T0,
    /// node N2 in `state`, seen `after` T0.
    fn pending_proxy(state: NodeState, after: Duration) -> Snapshot {
        let mut snap = converged(N2);
        snap.tasks
            .retain(|t| t.service_id.as_deref() != Some("svc-proxy"));
        let mut pending = task("svc-proxy", "", TaskState::PENDING);
        pending.node_id = None;
        pending.status = Some(TaskStatus {
            state: Some(TaskState::PENDING),
            timestamp: Some("2026-12-02T01:15:00.888097784Z".into()),
            ..Default::default()
        });
        snap.tasks.push(pending);
        for node in &mut snap.nodes {
            node.status = Some(NodeStatus {
                state: Some(state),
                ..Default::default()
            });
            node.spec = Some(NodeSpec {
                availability: Some(NodeSpecAvailabilityEnum::ACTIVE),
                ..Default::default()
            });
        }
        snap.at_ms = T0 + 888 + u64::try_from(after.as_millis()).unwrap_or(0);
        snap.changed();
        snap
    }

    fn proxy(snap: &Snapshot) -> &Service {
        snap.service_named(&crate::model::names::proxy_service("nextcloud", N2))
            .expect("the proxy")
    }

    #[test]
    fn a_task_unplaced_past_the_limit_on_a_ready_node_is_stuck() {
        let snap = pending_proxy(NodeState::READY, Duration::from_secs(20));
        assert_eq!(
            unplaced(&snap, proxy(&snap), N2),
            Unplaced::Stuck(Duration::from_secs(20))
        );
    }

    #[test]
    fn the_plan_restarts_a_stuck_proxy_and_nothing_else() {
        let cfg = crate::reconcile::tests::config();
        let snap = pending_proxy(NodeState::READY, Duration::from_secs(20));
        let target = cfg.targets.get("nextcloud");
        let p = crate::reconcile::plan::plan(&cfg, "nextcloud", target, &snap, true);
        let [Change::RestartProxy { id, reason, .. }] = p.changes.as_slice() else {
            panic!("{:?}", p.changes);
        };
        assert_eq!(id, "svc-proxy");
        assert!(reason.contains("waited 20s"), "{reason}");
    }

    #[test]
    fn a_task_unplaced_for_a_moment_is_looked_at_again_when_it_would_be_stuck() {
        let snap = pending_proxy(NodeState::READY, Duration::from_secs(4));
        assert_eq!(
            unplaced(&snap, proxy(&snap), N2),
            Unplaced::Waiting(Duration::from_secs(11))
        );
    }

    #[test]
    fn the_wait_counts_from_the_services_last_update_so_a_restart_is_not_repeated_at_once() {
        let mut snap = pending_proxy(NodeState::READY, Duration::from_secs(40));
        let service = snap
            .services
            .iter_mut()
            .find(|s| s.id.as_deref() == Some("svc-proxy"))
            .expect("the proxy");
        // restarted (forced update) 1 s ago; its old task is still listed as pending
        service.updated_at = Some("2026-12-02T01:15:39.888Z".into());
        snap.changed();
        assert_eq!(
            unplaced(&snap, proxy(&snap), N2),
            Unplaced::Waiting(Duration::from_secs(14))
        );
    }

    #[test]
    fn a_task_waiting_for_its_down_node_is_normal() {
        let snap = pending_proxy(NodeState::DOWN, Duration::from_secs(60));
        assert_eq!(unplaced(&snap, proxy(&snap), N2), Unplaced::No);
    }

    #[test]
    fn a_running_proxy_is_not_unplaced() {
        let mut snap = pending_proxy(NodeState::READY, Duration::from_secs(60));
        snap.tasks
            .retain(|t| t.service_id.as_deref() != Some("svc-proxy"));
        snap.tasks.push(task("svc-proxy", N2, TaskState::RUNNING));
        snap.changed();
        assert_eq!(unplaced(&snap, proxy(&snap), N2), Unplaced::No);
    }
}
