//! What a service mounts *now*, and whether its rolling update is over: the two facts every
//! rotation phase waits on (docs/keys.md).
//!
//! A service's spec says what its next tasks will mount; its tasks that still run (the present
//! ones, and the old ones of a rolling update that drain) mount what their own copy of the spec
//! said when they were made. A key is in use while either mounts it: a draining proxy task still
//! answers the connections it has, with the authorized keys and host key it started with.

use std::collections::BTreeSet;

use bollard::models::{Service, ServiceUpdateStatusStateEnum};

use crate::model::snapshot::{Snapshot, secret_refs, task_secret_names};

/// The secrets `service` mounts now: through its spec, and through every task of it that still
/// runs. (A previous spec Swarm may roll back to is not in the Engine API's answer as bollard
/// reads it: [`may_go_back`] stands for it.)
pub fn mounted_now<'a>(snap: &'a Snapshot, service: &'a Service) -> BTreeSet<&'a str> {
    let id = service.id.as_deref().unwrap_or_default();
    let from_spec = secret_refs(service)
        .iter()
        .filter_map(|r| r.secret_name.as_deref());
    let from_tasks = snap.live_tasks_of(id).flat_map(task_secret_names);
    from_spec.chain(from_tasks).collect()
}

/// Whether Swarm may still put `service`'s previous spec back: its update is running, paused
/// or rolling back (`failure_action: rollback`, `docker service rollback`). Until it has
/// completed, what the previous spec mounted is still needed.
pub fn may_go_back(service: &Service) -> bool {
    use ServiceUpdateStatusStateEnum::*;
    matches!(
        service.update_status.as_ref().and_then(|u| u.state),
        Some(UPDATING | PAUSED | ROLLBACK_STARTED | ROLLBACK_PAUSED)
    )
}

/// Whether `service` has rolled onto its spec, as far as the secrets `family` selects go: no
/// update is in progress, and no task that still runs mounts one of them that the spec does not.
pub fn settled(snap: &Snapshot, service: &Service, family: impl Fn(&str) -> bool) -> bool {
    if updating(service) {
        return false;
    }
    let id = service.id.as_deref().unwrap_or_default();
    let spec: BTreeSet<&str> = secret_refs(service)
        .iter()
        .filter_map(|r| r.secret_name.as_deref())
        .collect();
    snap.live_tasks_of(id)
        .flat_map(task_secret_names)
        .filter(|n| family(n))
        .all(|n| spec.contains(n))
}

/// Whether Swarm is rolling `service` out (or back) now.
fn updating(service: &Service) -> bool {
    use ServiceUpdateStatusStateEnum::*;
    matches!(
        service.update_status.as_ref().and_then(|u| u.state),
        Some(UPDATING | ROLLBACK_STARTED)
    )
}

/// Why `service`'s update will not finish by itself (paused, or rolled back), if it will not
/// and that update began after `since_ms` (when the key it would have mounted was made): a
/// rotation waiting on it stays where it is, and says so, instead of writing the service again
/// and again. An older paused or rolled-back update (someone else's, before the key existed)
/// does not hold anything: writing the service starts a new update.
pub fn stalled(service: &Service, since_ms: u64) -> Option<&'static str> {
    use ServiceUpdateStatusStateEnum::*;
    let status = service.update_status.as_ref()?;
    let began = status
        .started_at
        .as_deref()
        .and_then(crate::model::snapshot::unix_ms)
        .unwrap_or(0);
    if began < since_ms {
        return None;
    }
    match status.state? {
        PAUSED => Some("its update is paused"),
        ROLLBACK_PAUSED => Some("its rollback is paused"),
        ROLLBACK_COMPLETED => Some("its last update was rolled back"),
        _ => None,
    }
}
