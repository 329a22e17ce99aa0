//! Reading observed state: one consistent [`Snapshot`] of what the reconcile needs, in a
//! constant number of Engine API calls (services, tasks, nodes, bosun's secrets), whatever the
//! number of targets, stamped with the instant it was read. The snapshot itself is plain data
//! (`crate::model::snapshot`).

use std::time::{SystemTime, UNIX_EPOCH};

use super::engine::{Engine, EngineError};
use crate::model::names;
use crate::model::snapshot::{PRESENT_DESIRED_STATES, Snapshot, still_runs};

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
    let (services, all_tasks, nodes, secrets, requests, trust) = tokio::try_join!(
        engine.list_services(),
        engine.list_present_and_leaving_tasks(),
        engine.list_nodes(),
        engine.list_managed_secrets(target),
        engine.list_managed_configs(names::KIND_ROTATION_REQUEST),
        engine.list_managed_configs(names::KIND_DISCOVERY_KEYS),
    )?;
    let (tasks, leaving): (Vec<_>, Vec<_>) = all_tasks.into_iter().partition(|t| {
        t.desired_state
            .is_some_and(|d| PRESENT_DESIRED_STATES.contains(&d))
    });
    let mut snap = Snapshot::new(services, tasks, nodes, secrets).of_instance(instance);
    snap.leaving = leaving.into_iter().filter(still_runs).collect();
    let naming = crate::model::names::Naming::new(instance);
    let owned =
        |c: &bollard::models::Config| naming.owns(c.spec.as_ref().and_then(|s| s.labels.as_ref()));
    snap.requests = requests.into_iter().filter(owned).collect();
    snap.trust_configs = trust.into_iter().filter(owned).collect();
    snap.at_ms = unix_millis();
    Ok(snap)
}

/// The wall clock in Unix milliseconds: the instant a snapshot was read (the planner's "now")
/// and the floor of the discovery record's generation.
pub fn unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
