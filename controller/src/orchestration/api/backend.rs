//! The boundary between the HTTP side of the orchestration API and whatever keeps its state.
//!
//! The HTTP layer (authentication, roles, strict bodies, limits, errors) never touches the
//! Engine: once a request is allowed, it calls one method of [`Backend`]. The real backend
//! keeps everything on Swarm (clones are services, pending requests and the audit are Swarm
//! objects, architecture §2); the tests use an in-memory double that records its calls.
//!
//! The backend validates a spawn's body against its template (the HTTP layer only hands it a
//! strictly parsed JSON object) and answers a [`BackendError`]; `error.rs` turns each variant
//! into its HTTP status in one place. A backend error's text never reaches the caller as is:
//! [`BackendError::Engine`] carries the Engine's words for the server's log only.

use std::future::Future;
use std::time::SystemTime;

use serde::Serialize;
use serde_json::{Map, Value};

use super::audit::AuditRecord;
use crate::orchestration::model::{ParamError, Permission, Role};

/// Who is calling: resolved from the token on every request, never from the request itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The token's name (the audit's `who`, a clone's owner).
    pub name: String,
    pub role: Role,
    /// The node ids a NODE_OPERATOR acts for (empty for the other roles).
    pub node_ids: std::collections::BTreeSet<String>,
}

impl Caller {
    /// Whether this caller may see or request things of `node_id`: a NODE_OPERATOR only its own;
    /// the other roles are limited by their permissions alone.
    pub fn owns_node(&self, node_id: &str) -> bool {
        self.role != Role::NodeOperator || self.node_ids.contains(node_id)
    }
}

/// What the router needs to know of a template before it reads a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateInfo {
    pub name: String,
    /// The permission a spawn or a delete of this template needs on top of the route's
    /// (`MANAGE_MONGODB_INSTANCES` for `mongodb`).
    pub extra_permission: Option<Permission>,
}

/// One clone, as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloneView {
    pub template: String,
    pub node_id: String,
    pub service_id: String,
    pub service_name: String,
    /// The token name that made it (or approved its request).
    pub owner: String,
    pub port: Option<u16>,
    /// `running`, `stopped`, `starting`, ... as the backend sees it.
    pub state: String,
    /// The template's declared, non-secret parameters.
    pub params: Map<String, Value>,
}

/// The answer to a spawn: the clone, and whether this call made it (201) or it existed
/// already with the same parameters (200: identical spawns are idempotent).
#[derive(Debug, Clone, PartialEq)]
pub struct Spawned {
    pub clone: CloneView,
    pub created: bool,
}

/// A clone's health: its task's state plus its container's health check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloneHealth {
    pub node_id: String,
    pub task_state: String,
    /// The health check's verdict (`healthy`, `unhealthy`, `starting`), if it has one.
    pub health: Option<String>,
    pub healthy: bool,
}

/// A service spawned through the API (any template).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceView {
    pub service_id: String,
    pub service_name: String,
    pub template: String,
    pub node_id: String,
    pub owner: String,
    pub replicas: u64,
    pub running: u64,
}

/// A NODE_OPERATOR's spawn, waiting for an ADMIN.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PendingRequest {
    pub id: String,
    pub template: String,
    pub node_id: String,
    /// The token name that asked.
    pub requester: String,
    #[serde(serialize_with = "super::audit::serialize_time")]
    pub created: SystemTime,
}

/// Which audit records `GET /orchestrate/audit` wants (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    pub since: Option<SystemTime>,
    pub who: Option<String>,
    /// At most this many (the HTTP side caps it).
    pub limit: u32,
}

/// Which limit refused a request (each is a 429 with its own `Retry-After`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// The template's cap on clones.
    ClonesPerTemplate,
    /// The token's quota of clones and pending requests.
    TokenQuota,
    /// The cap on pending NODE_OPERATOR requests.
    PendingRequests,
    /// Too many spawns under way at once.
    ConcurrentSpawns,
}

/// Why the backend refused or failed. Mapped to a status in `error.rs`, nowhere else.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    #[error("no such template")]
    UnknownTemplate,
    #[error("no such clone")]
    UnknownClone,
    #[error("no such service")]
    UnknownService,
    #[error("no such request")]
    UnknownRequest,
    /// The body does not fit the template.
    #[error(transparent)]
    Params(#[from] ParamError),
    /// The requested port is in use somewhere in the swarm.
    #[error("port {0} is taken")]
    PortTaken(u16),
    /// A clone of this (template, node id) exists with other parameters.
    #[error("a clone for this node id exists with different parameters")]
    CloneExists,
    /// The request was already approved or rejected.
    #[error("the request was already decided")]
    AlreadyDecided,
    #[error("limit reached: {0:?}")]
    Limit(LimitKind),
    /// The Engine failed; the text is for the log only, never for the caller.
    #[error("engine error: {0}")]
    Engine(String),
    /// The backend cannot act now (it lost the lead, Swarm has no quorum): for the log only.
    #[error("unavailable: {0}")]
    Unavailable(String),
}

/// A future the router can await on any worker thread.
pub trait SendFuture<T>: Future<Output = T> + Send {}
impl<T, F: Future<Output = T> + Send> SendFuture<T> for F {}

/// What the orchestration API's routes call, once a request is authenticated, allowed and
/// strictly parsed. Every method that changes something takes the caller (the owner label, the
/// approver) and must itself create nothing when it refuses.
pub trait Backend: Send + Sync + 'static {
    /// The template named `name`, if the config declares it (read before any body).
    fn template(&self, name: &str) -> Option<TemplateInfo>;

    /// Makes the clone `body` describes (validated against the template here).
    fn spawn(
        &self,
        template: &str,
        caller: &Caller,
        body: Map<String, Value>,
    ) -> impl SendFuture<Result<Spawned, BackendError>>;
    /// Records a NODE_OPERATOR's spawn as pending (validated like a spawn, creates no clone).
    fn request(
        &self,
        template: &str,
        caller: &Caller,
        body: Map<String, Value>,
    ) -> impl SendFuture<Result<PendingRequest, BackendError>>;

    fn list_clones(&self, template: &str) -> impl SendFuture<Result<Vec<CloneView>, BackendError>>;
    fn get_clone(
        &self,
        template: &str,
        node_id: &str,
    ) -> impl SendFuture<Result<CloneView, BackendError>>;
    fn clone_health(
        &self,
        template: &str,
        node_id: &str,
    ) -> impl SendFuture<Result<CloneHealth, BackendError>>;
    /// Removes the clone; its volume too only with `purge_volume`.
    fn delete_clone(
        &self,
        template: &str,
        node_id: &str,
        purge_volume: bool,
    ) -> impl SendFuture<Result<(), BackendError>>;

    fn spawned(&self) -> impl SendFuture<Result<Vec<ServiceView>, BackendError>>;
    fn service_status(&self, id: &str) -> impl SendFuture<Result<ServiceView, BackendError>>;
    fn delete_service(&self, id: &str) -> impl SendFuture<Result<(), BackendError>>;
    /// Scales the service to 0.
    fn stop(&self, id: &str) -> impl SendFuture<Result<ServiceView, BackendError>>;
    /// Scales the service back to 1.
    fn start(&self, id: &str) -> impl SendFuture<Result<ServiceView, BackendError>>;
    /// Restarts its tasks (a forced update).
    fn restart(&self, id: &str) -> impl SendFuture<Result<ServiceView, BackendError>>;

    fn requests(&self) -> impl SendFuture<Result<Vec<PendingRequest>, BackendError>>;
    /// Spawns the pending request's clone, owned by its requester, approved by `caller`.
    fn approve(&self, id: &str, caller: &Caller) -> impl SendFuture<Result<Spawned, BackendError>>;
    fn reject(&self, id: &str, caller: &Caller) -> impl SendFuture<Result<(), BackendError>>;

    fn audit(&self, query: AuditQuery) -> impl SendFuture<Result<Vec<AuditRecord>, BackendError>>;
    /// Stores one record durably; the router awaits it before answering a write.
    fn record_audit(&self, record: AuditRecord) -> impl SendFuture<Result<(), BackendError>>;
}
