//! The orchestration API's backend on Swarm: the [`Backend`] the HTTP side calls, keeping
//! every piece of state in Swarm itself (architecture §2). A clone is a service rendered from
//! its template, labelled with its template, node id, owner, port and parameters; nothing is
//! kept in memory but the spawn lock, so a controller restart or a new leader loses nothing.
//!
//! Every write goes through the fenced [`Engine`]: only the leader's are sent (the HTTP side
//! answers 503 on a follower anyway).
//!
//! # Layout
//! * `mod.rs` (this file) — the backend, its shared helpers and the trait's methods;
//! * `spawn` — a spawn: validate, resolve, check, render, create, under the spawn lock;
//! * `clones` — one clone by (template, node id): get, health, delete; the list;
//! * `purge` — a delete with `purge_volume`: the clone's volume removed on every node;
//! * `services` — the lifecycle routes, by service id: status, stop, start, restart, delete;
//! * `stopped` — when a clone was stopped, and which stopped clones are due for the cleanup;
//! * `cleanup` — the cleanup's pass: remove the due clones, audit each removal;
//! * `network` — the network a spawn names, resolved to a swarm overlay's id;
//! * `ports` — the port a clone gets, free across the swarm;
//! * `requests` — a NODE_OPERATOR's pending spawns, as Docker configs;
//! * `view` — a service and its tasks → what the API shows;
//! * `audit` — the audit store: batches of records as Docker configs, pruned and bounded.

use std::collections::BTreeSet;
use std::sync::Arc;

use bollard::models::{Service, Task};
use prometheus::IntCounterVec;
use serde_json::{Map, Value};
use tokio::sync::{Mutex, watch};

use crate::config::Config;
use crate::model::names;
use crate::orchestration::api::audit::AuditRecord;
use crate::orchestration::api::backend::{
    AuditQuery, Backend, BackendError, Caller, CloneHealth, CloneView, PendingRequest, SendFuture,
    ServiceView, Spawned, TemplateInfo,
};
use crate::swarm::engine::{Engine, EngineError, Failure};

pub mod audit;
mod cleanup;
mod clones;
mod network;
mod ports;
mod purge;
mod requests;
mod services;
mod spawn;
mod stopped;
mod view;

/// The backend: a fenced Engine, the live config (templates, limits, instance), the locks
/// that serialize spawns and volume purges, and the audit store.
pub struct SwarmBackend {
    engine: Engine,
    config: watch::Receiver<Arc<Config>>,
    spawn_lock: Mutex<()>,
    audit: audit::AuditStore,
    /// One volume purge at a time (`purge.rs`).
    purge_lock: Mutex<()>,
}

impl SwarmBackend {
    /// `engine` must be the fenced one; `config` the reload's watch (templates and limits
    /// follow the config file); `audit_pruned` counts the audit records pruned, by `reason`.
    /// Starts the audit's writer and upkeep tasks.
    pub fn new(
        engine: Engine,
        config: watch::Receiver<Arc<Config>>,
        audit_pruned: IntCounterVec,
    ) -> SwarmBackend {
        SwarmBackend {
            audit: audit::AuditStore::start(engine.clone(), config.clone(), audit_pruned),
            engine,
            config,
            spawn_lock: Mutex::new(()),
            purge_lock: Mutex::new(()),
        }
    }

    /// Writes the audit records still queued (the controller's stop).
    pub async fn flush_audit(&self) {
        self.audit.flush().await;
    }

    fn config(&self) -> Arc<Config> {
        self.config.borrow().clone()
    }

    fn instance(&self) -> String {
        self.config.borrow().instance.clone()
    }

    /// This instance's services of `kind` (`bosun.kind`), in one call filtered by Swarm.
    async fn services_of_kind(&self, kind: &str) -> Result<Vec<Service>, BackendError> {
        let instance = self.instance();
        let labels = [(names::INSTANCE, instance.as_str()), (names::KIND, kind)];
        self.engine
            .list_services_labelled(&labels)
            .await
            .map_err(engine_error)
    }

    /// This instance's clones (of `template`, or of any) and their tasks: two calls at once,
    /// both filtered by the clones' labels, which a clone keeps for its life. The services are
    /// checked to be clones ([`view::is_clone`]); a task counts only for the service it names.
    async fn clones_and_tasks(
        &self,
        template: Option<&str>,
    ) -> Result<(Vec<Service>, Vec<Task>), BackendError> {
        let instance = self.instance();
        let mut labels = vec![
            (names::INSTANCE, instance.as_str()),
            (names::KIND, names::KIND_CLONE),
        ];
        labels.extend(template.map(|t| (names::TEMPLATE, t)));
        let (services, tasks) = tokio::try_join!(
            self.engine.list_services_labelled(&labels),
            self.engine.list_tasks_labelled(&labels),
        )
        .map_err(engine_error)?;
        let services = services
            .into_iter()
            .filter(|s| view::is_clone(s, &instance, template))
            .collect();
        Ok((services, tasks))
    }

    /// The tasks of these services (none: no call).
    async fn tasks_of(
        &self,
        ids: impl IntoIterator<Item = String>,
    ) -> Result<Vec<Task>, BackendError> {
        let ids: BTreeSet<String> = ids.into_iter().filter(|id| !id.is_empty()).collect();
        self.engine
            .list_tasks_of(Some(&ids))
            .await
            .map_err(engine_error)
    }
}

/// An Engine failure as the API reports it: a write the fence stopped means this replica may
/// not act now (503); anything else is the Engine's (502). The text goes to the log only.
fn engine_error(e: EngineError) -> BackendError {
    match e.failure() {
        Failure::Fenced => BackendError::Unavailable(format!("{e:#}")),
        _ => BackendError::Engine(format!("{e:#}")),
    }
}

impl Backend for SwarmBackend {
    fn template(&self, name: &str) -> Option<TemplateInfo> {
        let config = self.config.borrow();
        let template = config.orchestration.templates.get(name)?;
        Some(TemplateInfo {
            name: name.to_string(),
            extra_permission: template.extra_permission(),
        })
    }

    fn spawn(
        &self,
        template: &str,
        caller: &Caller,
        body: Map<String, Value>,
    ) -> impl SendFuture<Result<Spawned, BackendError>> {
        self.spawn_clone(template, caller, body)
    }

    fn request(
        &self,
        template: &str,
        caller: &Caller,
        body: Map<String, Value>,
    ) -> impl SendFuture<Result<PendingRequest, BackendError>> {
        self.make_request(template, caller, body)
    }

    fn list_clones(&self, template: &str) -> impl SendFuture<Result<Vec<CloneView>, BackendError>> {
        self.clones_of(template)
    }

    fn get_clone(
        &self,
        template: &str,
        node_id: &str,
    ) -> impl SendFuture<Result<CloneView, BackendError>> {
        self.one_clone(template, node_id)
    }

    fn clone_health(
        &self,
        template: &str,
        node_id: &str,
    ) -> impl SendFuture<Result<CloneHealth, BackendError>> {
        self.health_of(template, node_id)
    }

    fn delete_clone(
        &self,
        template: &str,
        node_id: &str,
        purge_volume: bool,
    ) -> impl SendFuture<Result<(), BackendError>> {
        self.remove_clone(template, node_id, purge_volume)
    }

    fn spawned(&self) -> impl SendFuture<Result<Vec<ServiceView>, BackendError>> {
        self.all_spawned()
    }

    fn service_status(&self, id: &str) -> impl SendFuture<Result<ServiceView, BackendError>> {
        self.status_of(id)
    }

    fn delete_service(&self, id: &str) -> impl SendFuture<Result<(), BackendError>> {
        self.remove_service(id)
    }

    fn stop(&self, id: &str) -> impl SendFuture<Result<ServiceView, BackendError>> {
        self.scale(id, 0)
    }

    fn start(&self, id: &str) -> impl SendFuture<Result<ServiceView, BackendError>> {
        self.scale(id, 1)
    }

    fn restart(&self, id: &str) -> impl SendFuture<Result<ServiceView, BackendError>> {
        self.force_restart(id)
    }

    fn requests(&self) -> impl SendFuture<Result<Vec<PendingRequest>, BackendError>> {
        self.pending()
    }

    fn approve(&self, id: &str, caller: &Caller) -> impl SendFuture<Result<Spawned, BackendError>> {
        self.approve_request(id, caller)
    }

    fn reject(&self, id: &str, caller: &Caller) -> impl SendFuture<Result<(), BackendError>> {
        self.reject_request(id, caller)
    }

    fn audit(&self, query: AuditQuery) -> impl SendFuture<Result<Vec<AuditRecord>, BackendError>> {
        self.audit.query(query)
    }

    fn record_audit(&self, record: AuditRecord) -> impl SendFuture<Result<(), BackendError>> {
        self.audit.record(record)
    }
}
