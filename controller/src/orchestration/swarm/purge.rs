//! `DELETE /orchestrate/{template}/clones/{node_id}?purge_volume=true`: the clone's service and
//! its named volume, on every node that has a copy. The route needs MANAGE_SERVICE_LIFECYCLE
//! (and the template's extra permission), so only an ADMIN or a SUPER_ADMIN gets here.
//!
//! The manager's Engine API cannot remove a volume on another node; `job.rs` says what runs
//! there instead (a one-shot global service of the proxy's image, `bosun-proxy purge-volume`).
//! The steps, under a lock (one purge at a time in this controller):
//!
//! 1. the purge service is created (a purge service of the same name, which only a controller
//!    that stopped mid-purge can have left, is replaced);
//! 2. the clone's service is removed; on its node, the purge waits until the clone's container
//!    has let go of the volume;
//! 3. the controller waits until every node that takes tasks has run its purge (at most
//!    [`job::DEADLINE`]), then removes the purge service.
//!
//! The purge service comes first so that a controller that dies in between leaves either the
//! clone (its purge fails on "in use" and the `DELETE` can be sent again) or a purge that
//! finishes on its own; never a removed clone whose volume nobody will remove. A purge service
//! left behind is removed by the next housekeeping pass ([`SwarmBackend::sweep_purges`]).
//!
//! When a node's purge fails, the clone is gone but the volume is not everywhere: the answer
//! is a 502 and the log names the nodes and why.

use std::time::Duration;

use bollard::models::Service;

use super::{SwarmBackend, engine_error};
use crate::model::names;
use crate::orchestration::api::backend::BackendError;
use crate::orchestration::model::ParamError;
use crate::swarm::engine::Failure;

mod job;

use job::{Progress, PurgeJob};

/// How often the controller looks at the purge's tasks.
const POLL: Duration = Duration::from_secs(1);

impl SwarmBackend {
    /// Removes the clone `service` of (`template`, `node_id`) and its volume on every node.
    pub(super) async fn remove_with_volume(
        &self,
        template: &str,
        node_id: &str,
        service: &Service,
    ) -> Result<(), BackendError> {
        let config = self.config();
        let has_volume = config
            .orchestration
            .templates
            .get(template)
            .is_some_and(|t| t.volume.is_some());
        if !has_volume {
            return Err(BackendError::Params(ParamError::Invalid {
                field: "purge_volume".into(),
                reason: format!("the template `{template}` declares no volume"),
            }));
        }
        let job = PurgeJob {
            instance: &config.instance,
            template,
            node_id,
            image: &config.proxy.image,
            docker_socket: &config.proxy.docker_socket,
        };
        let _one_at_a_time = self.purge_lock.lock().await;
        let purge_id = self.start_purge(&job).await?;
        let outcome = match self.remove(service).await {
            Ok(()) => self.await_purge(&purge_id).await,
            Err(e) => Err(e),
        };
        self.remove_purge(&purge_id, &job.service_name()).await;
        outcome
    }

    /// Creates the purge service; its id.
    async fn start_purge(&self, job: &PurgeJob<'_>) -> Result<String, BackendError> {
        match self.engine.create_service(job.spec()).await {
            Ok(id) => return Ok(id),
            Err(e) if e.failure() == Failure::Conflict => {}
            Err(e) => return Err(engine_error(e)),
        }
        let name = job.service_name();
        let left = self
            .engine
            .inspect_service(&name)
            .await
            .map_err(engine_error)?;
        if !job::is_purge(&left, &self.instance()) {
            return Err(BackendError::Engine(format!(
                "a service named {name} exists and is not this instance's volume purge"
            )));
        }
        tracing::info!(service = %name, "orchestration: replacing a volume purge left behind");
        self.remove_purge(left.id.as_deref().unwrap_or_default(), &name)
            .await;
        self.engine
            .create_service(job.spec())
            .await
            .map_err(engine_error)
    }

    /// Waits until every node that takes tasks has run the purge `id`, or the deadline.
    async fn await_purge(&self, id: &str) -> Result<(), BackendError> {
        let deadline = tokio::time::Instant::now() + job::DEADLINE;
        let nodes = self.engine.list_nodes().await.map_err(engine_error)?;
        let nodes = job::taking_tasks(&nodes);
        let failures = loop {
            let tasks = self
                .engine
                .list_all_tasks_of(id)
                .await
                .map_err(engine_error)?;
            match job::progress(&tasks, &nodes) {
                Progress::Done(failures) => break failures,
                Progress::Running if tokio::time::Instant::now() >= deadline => {
                    break job::unfinished(&tasks, &nodes);
                }
                Progress::Running => tokio::time::sleep(POLL).await,
            }
        };
        if failures.is_empty() {
            tracing::info!(nodes = nodes.len(), "orchestration: clone volume purged");
            return Ok(());
        }
        Err(BackendError::Engine(format!(
            "the clone was removed, but its volume not on every node: {}",
            failures.join("; ")
        )))
    }

    /// Removes the purge service (a failure is logged: the housekeeping removes it later).
    async fn remove_purge(&self, id: &str, name: &str) {
        match self.engine.remove_service(id, name).await {
            Ok(()) => {}
            Err(e) if e.failure() == Failure::NotFound => {}
            Err(e) => {
                tracing::warn!(service = name, error = %e, "orchestration: a volume purge service could not be removed")
            }
        }
    }

    /// Housekeeping: removes the purge services a controller left behind (older than any purge
    /// may take); how many.
    pub async fn sweep_purges(&self, now_ms: u64) -> Result<usize, BackendError> {
        let instance = self.instance();
        let services = self.services_of_kind(names::KIND_VOLUME_PURGE).await?;
        let stale = job::stale(&services, &instance, now_ms);
        for service in &stale {
            let name = service.spec.as_ref().and_then(|s| s.name.as_deref());
            let id = service.id.as_deref().unwrap_or_default();
            tracing::info!(
                service = name,
                "orchestration: removing a volume purge left behind"
            );
            self.remove_purge(id, name.unwrap_or(id)).await;
        }
        Ok(stale.len())
    }
}
