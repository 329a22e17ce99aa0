//! Reading observed state: one consistent [`Snapshot`] of what the reconcile needs, in a
//! constant number of Engine API calls (services, tasks, nodes, bosun's secrets), whatever the
//! number of targets, stamped with the instant it was read. The snapshot itself is plain data
//! (`crate::model::snapshot`).

use std::time::{SystemTime, UNIX_EPOCH};

use super::engine::{Engine, EngineError, Failure};
use crate::model::names;
use std::collections::BTreeSet;

use bollard::models::{Secret, Service, Task};

use crate::model::snapshot::{
    PRESENT_DESIRED_STATES, Snapshot, secret_name, secret_refs, still_runs,
};

/// Every bosun secret: the listing the resync and garbage collection use.
pub async fn full(engine: &Engine, instance: &str) -> Result<Snapshot, EngineError> {
    read(engine, None, instance).await
}

/// What one target's reconcile needs.
pub async fn for_target(
    engine: &Engine,
    target: &str,
    instance: &str,
) -> Result<Snapshot, EngineError> {
    read(engine, Some(target), instance).await
}

/// A snapshot seen as `instance`'s: other instances' objects are listed, but not as its own.
async fn read(
    engine: &Engine,
    target: Option<&str>,
    instance: &str,
) -> Result<Snapshot, EngineError> {
    let (services, present, nodes, secrets, requests, trust) = tokio::try_join!(
        engine.list_services(),
        engine.list_present_tasks(),
        engine.list_nodes(),
        engine.list_managed_secrets(target),
        engine.list_managed_configs(names::KIND_ROTATION_REQUEST),
        engine.list_managed_configs(names::KIND_DISCOVERY_KEYS),
    )?;
    // The services whose draining tasks matter (they mount bosun's keys: proxies and clients)
    // are listed again, present and leaving tasks in one call, so that a task whose desired
    // state flips between two listings cannot be missed; the swarm's whole task history is
    // never read.
    let keyed = key_holders(&services, &secrets);
    let around = match engine.list_tasks_of(Some(&keyed)).await {
        // a holder was removed since the services were listed (the Engine answers 404 for a
        // service filter that names no service): read every service's tasks
        Err(e) if e.failure() == Failure::NotFound => engine.list_tasks_of(None).await?,
        read => read?,
    };
    let (mut tasks, leaving) = split_tasks(present, around, &keyed);
    tasks.sort_by(|a, b| a.id.cmp(&b.id));
    let mut snap = Snapshot::new(services, tasks, nodes, secrets).of_instance(instance);
    snap.leaving = leaving;
    let naming = crate::model::names::Naming::new(instance);
    let owned =
        |c: &bollard::models::Config| naming.owns(c.spec.as_ref().and_then(|s| s.labels.as_ref()));
    snap.requests = requests.into_iter().filter(owned).collect();
    snap.trust_configs = trust.into_iter().filter(owned).collect();
    snap.at_ms = unix_millis();
    Ok(snap)
}

/// The ids of the services that mount one of `secrets` (bosun's keys): proxies and clients.
fn key_holders(services: &[Service], secrets: &[Secret]) -> BTreeSet<String> {
    let ours: BTreeSet<&str> = secrets.iter().filter_map(secret_name).collect();
    services
        .iter()
        .filter(|svc| {
            secret_refs(svc)
                .iter()
                .any(|r| r.secret_name.as_deref().is_some_and(|n| ours.contains(n)))
        })
        .filter_map(|svc| svc.id.clone())
        .collect()
}

/// The present tasks (from the swarm-wide listing, for the services not in `keyed`; from
/// `around` for those) and the leaving tasks of `keyed` that still run.
fn split_tasks(
    present: Vec<Task>,
    around: Vec<Task>,
    keyed: &BTreeSet<String>,
) -> (Vec<Task>, Vec<Task>) {
    let of_keyed = |t: &Task| t.service_id.as_ref().is_some_and(|id| keyed.contains(id));
    let mut tasks: Vec<Task> = present.into_iter().filter(|t| !of_keyed(t)).collect();
    let mut leaving = Vec::new();
    for task in around.into_iter().filter(|t| of_keyed(t)) {
        if task
            .desired_state
            .is_some_and(|d| PRESENT_DESIRED_STATES.contains(&d))
        {
            tasks.push(task);
        } else if still_runs(&task) {
            leaving.push(task);
        }
    }
    (tasks, leaving)
}

/// The wall clock in Unix milliseconds: the instant a snapshot was read (the planner's "now")
/// and the floor of the discovery record's generation.
pub fn unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use bollard::models::{TaskState, TaskStatus};

    use super::*;

    fn task(id: &str, service: &str, desired: TaskState, state: TaskState) -> Task {
        Task {
            id: Some(id.into()),
            service_id: Some(service.into()),
            desired_state: Some(desired),
            status: Some(TaskStatus {
                state: Some(state),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_key_holders_tasks_come_from_its_own_listing_and_its_draining_ones_are_kept() {
        use TaskState::*;
        let keyed = BTreeSet::from(["app".to_string()]);
        let present = vec![
            task("t1", "target", RUNNING, RUNNING),
            // seen present by the swarm-wide listing, already leaving in the holder's own
            task("a1", "app", RUNNING, RUNNING),
        ];
        let around = vec![
            // every service's tasks, when a holder was gone: the others' come from `present`
            task("t1", "target", RUNNING, RUNNING),
            task("a1", "app", SHUTDOWN, RUNNING),
            task("a2", "app", RUNNING, STARTING),
            task("a0", "app", SHUTDOWN, COMPLETE),
        ];
        let (tasks, leaving) = split_tasks(present, around, &keyed);
        let ids = |v: &[Task]| v.iter().filter_map(|t| t.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&tasks), ["t1", "a2"]);
        assert_eq!(ids(&leaving), ["a1"]);
    }
}
