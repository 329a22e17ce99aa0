//! The lifecycle routes, by service id: every service spawned through the API (any
//! template), its status, stop (scale to 0, stamped with the time: `stopped.rs`), start (back
//! to 1), restart (a forced update) and delete. A service that is not one of this instance's
//! clones does not exist here (404): these routes never touch anything else of the swarm.

use bollard::models::Service;

use super::{SwarmBackend, engine_error, stopped, view};
use crate::orchestration::api::backend::{BackendError, ServiceView};
use crate::swarm::engine::Failure;
use crate::swarm::observe::unix_millis;

/// The longest service id accepted (Swarm's are 25 characters).
const MAX_ID: usize = 64;

/// Whether `id` may go into an Engine URL: letters, digits, `_`, `-` and `.`, no `/`.
fn plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

impl SwarmBackend {
    pub(super) async fn all_spawned(&self) -> Result<Vec<ServiceView>, BackendError> {
        let (services, tasks) = self.clones_and_tasks(None).await?;
        let mut shown: Vec<ServiceView> = services
            .iter()
            .map(|s| view::service_view(s, &tasks))
            .collect();
        shown.sort_by(|a, b| a.service_name.cmp(&b.service_name));
        Ok(shown)
    }

    /// The clone service `id` (its full id, or its name).
    pub(super) async fn find_service(&self, id: &str) -> Result<Service, BackendError> {
        if !plain_id(id) {
            return Err(BackendError::UnknownService);
        }
        let service = match self.engine.inspect_service(id).await {
            Ok(s) => s,
            Err(e) if e.failure() == Failure::NotFound => {
                return Err(BackendError::UnknownService);
            }
            Err(e) => return Err(engine_error(e)),
        };
        // Docker also matches an id prefix: only the whole id or name names a service here.
        let name = service.spec.as_ref().and_then(|s| s.name.as_deref());
        let exact = service.id.as_deref() == Some(id) || name == Some(id);
        if !exact || !view::is_clone(&service, &self.instance(), None) {
            return Err(BackendError::UnknownService);
        }
        Ok(service)
    }

    async fn shown(&self, service: &Service) -> Result<ServiceView, BackendError> {
        let tasks = self.tasks_of(service.id.clone()).await?;
        Ok(view::service_view(service, &tasks))
    }

    /// The service and its tasks are read at once: the tasks (filtered by the `id` asked for,
    /// which Swarm resolves as it resolves the service) are shown only once the service was
    /// found to be one of this instance's clones, and a failed task read then counts.
    pub(super) async fn status_of(&self, id: &str) -> Result<ServiceView, BackendError> {
        if !plain_id(id) {
            return Err(BackendError::UnknownService);
        }
        let (service, tasks) = tokio::join!(self.find_service(id), self.tasks_of([id.to_owned()]));
        Ok(view::service_view(&service?, &tasks?))
    }

    pub(super) async fn remove_service(&self, id: &str) -> Result<(), BackendError> {
        let service = self.find_service(id).await?;
        self.remove(&service).await
    }

    /// Sets the clone's replicas to `replicas` (0: stop, 1: start), and the stop's clock
    /// label with it (`stopped.rs`).
    pub(super) async fn scale(&self, id: &str, replicas: i64) -> Result<ServiceView, BackendError> {
        let now_ms = unix_millis();
        self.update(id, |spec| {
            stopped::mark(spec, replicas, now_ms);
            if let Some(r) = spec.mode.as_mut().and_then(|m| m.replicated.as_mut()) {
                r.replicas = Some(replicas);
            }
        })
        .await
    }

    /// Replaces the clone's tasks (Swarm's `--force`: the same spec, a new task).
    pub(super) async fn force_restart(&self, id: &str) -> Result<ServiceView, BackendError> {
        self.update(id, |spec| {
            if let Some(task) = spec.task_template.as_mut() {
                task.force_update = Some(task.force_update.unwrap_or(0).wrapping_add(1));
            }
        })
        .await
    }

    /// One update of the clone `id`'s spec, at the version read.
    async fn update(
        &self,
        id: &str,
        change: impl FnOnce(&mut bollard::models::ServiceSpec),
    ) -> Result<ServiceView, BackendError> {
        let service = self.find_service(id).await?;
        let mut spec = service.spec.clone().unwrap_or_default();
        change(&mut spec);
        let version = service
            .version
            .as_ref()
            .and_then(|v| v.index)
            .unwrap_or_default();
        let service_id = service.id.clone().unwrap_or_default();
        let name = spec.name.clone().unwrap_or_default();
        self.engine
            .update_service(&service_id, &name, spec, version)
            .await
            .map_err(engine_error)?;
        let updated = self
            .engine
            .inspect_service(&service_id)
            .await
            .map_err(engine_error)?;
        self.shown(&updated).await
    }
}

#[cfg(test)]
mod tests {
    use super::plain_id;

    #[test]
    fn only_plain_ids_reach_the_engine() {
        assert!(plain_id("k3x9v0q1w2e3r4t5y6u7i8o9p"));
        assert!(plain_id("bosun-clone-mongodb-node_a"));
        for bad in [
            "",
            "a/../../networks",
            "a%2Fb",
            "a?force=1",
            &"x".repeat(65),
        ] {
            assert!(!plain_id(bad), "{bad:?}");
        }
    }
}
