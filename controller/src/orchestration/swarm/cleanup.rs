//! The cleanup of stopped clones (`orchestration.cleanup_stopped_after`, off by default): one
//! pass removes every clone that `stopped.rs` says has been stopped for too long, and audits
//! each removal as a request would be, by [`CLEANUP_WHO`] (a name no token may have). The
//! leader runs a pass every minute and after a config reload (`orchestration::housekeeping`).
//!
//! Each due clone is read again just before it is removed: a `…/start` that came after the
//! listing drops its stop label, and the clone is kept. A failed removal is logged and tried
//! again at the next pass; the others go on. The clone's volume stays, as after a `DELETE`
//! without `purge_volume`.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::SystemTime;

use bollard::models::Service;

use super::{SwarmBackend, stopped};
use crate::model::names;
use crate::orchestration::api::audit::AuditRecord;
use crate::orchestration::api::backend::{Backend, BackendError};
use crate::orchestration::api::request_id::new_request_id;
use crate::orchestration::model::{CLEANUP_WHO, Role};

impl SwarmBackend {
    /// One pass at `now_ms` (Unix ms): the names of the clones removed (none while the
    /// setting is off).
    pub async fn cleanup_stopped(&self, now_ms: u64) -> Result<Vec<String>, BackendError> {
        let Some(after) = self.config().orchestration.cleanup_stopped_after else {
            return Ok(Vec::new());
        };
        let instance = self.instance();
        let services = self.services_of_kind(names::KIND_CLONE).await?;
        let mut removed = Vec::new();
        for service in stopped::due(&services, &instance, now_ms, after) {
            let id = service.id.as_deref().unwrap_or_default();
            match self.remove_if_due(id, now_ms, after).await {
                Ok(Some(name)) => removed.push(name),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(service = id, error = %e, "orchestration cleanup: a stopped clone could not be removed")
                }
            }
        }
        Ok(removed)
    }

    /// Removes the clone `id` if, read afresh, it is still due; its name when it was removed.
    async fn remove_if_due(
        &self,
        id: &str,
        now_ms: u64,
        after: std::time::Duration,
    ) -> Result<Option<String>, BackendError> {
        let service = match self.find_service(id).await {
            Ok(s) => s,
            Err(BackendError::UnknownService) => return Ok(None),
            Err(e) => return Err(e),
        };
        if !stopped::is_due(&service, now_ms, after) {
            return Ok(None);
        }
        self.remove(&service).await?;
        let record = cleanup_record(&service, SystemTime::now());
        let request_id = record.request_id.clone();
        tracing::info!(
            request_id,
            service = id,
            "orchestration cleanup: removed a clone stopped for too long"
        );
        if let Err(e) = self.record_audit(record).await {
            tracing::error!(request_id, error = %e, "the audit record could not be stored");
        }
        Ok(Some(
            service
                .spec
                .and_then(|s| s.name)
                .unwrap_or_else(|| id.to_owned()),
        ))
    }
}

/// The audit record of the cleanup's removal of `service`, as if [`CLEANUP_WHO`] had sent
/// `DELETE` for it: no route (no request came), no peer (the unspecified address), the
/// clone's template and node id, 204 and `ok`.
pub fn cleanup_record(service: &Service, at: SystemTime) -> AuditRecord {
    let labels = service.spec.as_ref().and_then(|s| s.labels.as_ref());
    let label = |key: &str| labels.and_then(|l| l.get(key)).cloned();
    AuditRecord {
        time: at,
        request_id: new_request_id(),
        who: CLEANUP_WHO.into(),
        role: Role::SuperAdmin,
        peer: SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)),
        method: "DELETE".into(),
        route: None,
        template: label(names::TEMPLATE),
        target: label(names::NODE_ID),
        params: Vec::new(),
        status: 204,
        result: "ok".into(),
    }
}

#[cfg(test)]
mod tests {
    use bollard::models::ServiceSpec;

    use super::*;

    #[test]
    fn a_removal_is_audited_as_the_cleanups_delete_of_that_clone() {
        let mut labels = names::Naming::new("bosun").instance_labels(names::KIND_CLONE);
        labels.insert(names::TEMPLATE.into(), "mongodb".into());
        labels.insert(names::NODE_ID.into(), "node_a".into());
        labels.insert(names::OWNER.into(), "ops".into());
        let service = Service {
            id: Some("svc1".into()),
            spec: Some(ServiceSpec {
                labels: Some(labels),
                ..Default::default()
            }),
            ..Default::default()
        };
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let record = cleanup_record(&service, at);
        assert_eq!(record.who, "bosun-cleanup", "not the clone's owner");
        assert_eq!(record.time, at);
        assert_eq!(record.route, None);
        assert_eq!(record.method, "DELETE");
        assert_eq!(record.template.as_deref(), Some("mongodb"));
        assert_eq!(record.target.as_deref(), Some("node_a"));
        assert_eq!((record.status, record.result.as_str()), (204, "ok"));
        assert!(record.params.is_empty());
        assert_eq!(record.request_id.len(), 32);
        assert_ne!(record.request_id, cleanup_record(&service, at).request_id);
    }
}
