//! One clone, by (template, node id): its service is found by its deterministic name and
//! must carry this instance's clone labels for that template and node id, or it is not a
//! clone (404, whatever else has that name). And the list of a template's clones.

use bollard::models::Service;

use super::{SwarmBackend, engine_error, view};
use crate::model::names;
use crate::orchestration::api::backend::{BackendError, CloneHealth, CloneView};
use crate::orchestration::template::{clone_service_name, valid_node_id};
use crate::swarm::engine::Failure;

impl SwarmBackend {
    /// The clones of `template`, with their state.
    pub(super) async fn clones_of(&self, template: &str) -> Result<Vec<CloneView>, BackendError> {
        if !self.config().orchestration.templates.contains_key(template) {
            return Err(BackendError::UnknownTemplate);
        }
        let (services, tasks) = self.clones_and_tasks(Some(template)).await?;
        let mut clones: Vec<CloneView> = services
            .iter()
            .map(|s| view::clone_view(s, &tasks))
            .collect();
        clones.sort_by(|a, b| a.node_id.cmp(&b.node_id));
        Ok(clones)
    }

    /// The clone's service, checked to be that clone.
    pub(super) async fn find_clone(
        &self,
        template: &str,
        node_id: &str,
    ) -> Result<Service, BackendError> {
        if !self.config().orchestration.templates.contains_key(template) {
            return Err(BackendError::UnknownTemplate);
        }
        // The name goes into an Engine URL: only a node id of the rule may.
        if !valid_node_id(node_id) {
            return Err(BackendError::UnknownClone);
        }
        let instance = self.instance();
        let name = clone_service_name(&instance, template, node_id);
        let service = match self.engine.inspect_service(&name).await {
            Ok(s) => s,
            Err(e) if e.failure() == Failure::NotFound => return Err(BackendError::UnknownClone),
            Err(e) => return Err(engine_error(e)),
        };
        let labels = service.spec.as_ref().and_then(|s| s.labels.as_ref());
        let same_node = labels
            .and_then(|l| l.get(names::NODE_ID))
            .map(String::as_str);
        let named = service.spec.as_ref().and_then(|s| s.name.as_deref()) == Some(name.as_str());
        if !(named && view::is_clone(&service, &instance, Some(template)))
            || same_node != Some(node_id)
        {
            return Err(BackendError::UnknownClone);
        }
        Ok(service)
    }

    pub(super) async fn one_clone(
        &self,
        template: &str,
        node_id: &str,
    ) -> Result<CloneView, BackendError> {
        let service = self.find_clone(template, node_id).await?;
        let tasks = self.tasks_of(service.id.clone()).await?;
        Ok(view::clone_view(&service, &tasks))
    }

    pub(super) async fn health_of(
        &self,
        template: &str,
        node_id: &str,
    ) -> Result<CloneHealth, BackendError> {
        let service = self.find_clone(template, node_id).await?;
        let tasks = self.tasks_of(service.id.clone()).await?;
        let has_check = self
            .config()
            .orchestration
            .templates
            .get(template)
            .is_some_and(|t| t.health.is_some());
        Ok(view::health(&service, &tasks, has_check))
    }

    /// Removes the clone's service. Its volume stays, unless `purge_volume` (`purge.rs`).
    pub(super) async fn remove_clone(
        &self,
        template: &str,
        node_id: &str,
        purge_volume: bool,
    ) -> Result<(), BackendError> {
        let service = self.find_clone(template, node_id).await?;
        if purge_volume {
            return self.remove_with_volume(template, node_id, &service).await;
        }
        self.remove(&service).await
    }

    /// Removes `service` (already gone counts as done).
    pub(super) async fn remove(&self, service: &Service) -> Result<(), BackendError> {
        let id = service.id.clone().unwrap_or_default();
        let name = service
            .spec
            .as_ref()
            .and_then(|s| s.name.clone())
            .unwrap_or_default();
        match self.engine.remove_service(&id, &name).await {
            Ok(()) => {
                tracing::info!(service = %name, "orchestration: clone removed");
                Ok(())
            }
            Err(e) if e.failure() == Failure::NotFound => Ok(()),
            Err(e) => Err(engine_error(e)),
        }
    }
}
