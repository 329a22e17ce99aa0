//! A spawn, from body to service:
//!
//! 1. the body is checked against the template (`Template::validate`);
//! 2. the network it names is resolved on the server (`network.rs`);
//! 3. under the spawn lock, one listing of the swarm's services answers everything else: an
//!    existing clone of this (template, node id) — the same spawn again is answered with it
//!    (200), another one is a conflict; the token's quota (its pending requests count too); the template's cap; the ports in
//!    use (`ports.rs`);
//! 4. the spec is rendered, checked by `assert_safe`, and created, still under the lock.
//!
//! The lock makes "count, choose a port, create" one step for this controller: fifty
//! identical spawns at once make one clone, and no port is given twice. Only the leader
//! serves the API (and the fenced Engine refuses a follower's writes), so one lock suffices.
//! Should a create still meet a service of the same name (Docker's 409), another spawn made
//! it first: it is answered like an identical spawn.
//!
//! Nothing is written before the create: a refused spawn leaves the swarm as it was. An
//! approval's clone carries its request's id (`bosun.request-id`): the request's config is
//! removed after the create, and a controller that dies in between leaves a request its clone
//! already carries out, which the leader's housekeeping removes (`requests.rs`).

use bollard::models::{Service, ServiceSpec};
use serde_json::{Map, Value};

use super::view::{self, PARAMS_LABEL};
use super::{SwarmBackend, engine_error, network, ports, requests};
use crate::model::names;
use crate::orchestration::api::backend::{BackendError, Caller, LimitKind, Spawned};
use crate::orchestration::template::{
    ParamValue, Params, Resolved, Template, assert_safe, clone_service_name, render,
};
use crate::swarm::engine::Failure;

/// One spawn's inputs, once validated and resolved.
struct Ask<'a> {
    name: &'a str,
    template: &'a Template,
    params: &'a Params,
    network_id: &'a str,
    owner: &'a str,
    /// The pending request an approval carries out: the clone is labelled with its id.
    approving: Option<&'a str>,
}

impl SwarmBackend {
    /// `Backend::spawn`: the clone of `body` for `caller`, made or found.
    pub(super) async fn spawn_clone(
        &self,
        name: &str,
        caller: &Caller,
        body: Map<String, Value>,
    ) -> Result<Spawned, BackendError> {
        self.spawn_for(name, caller, body, None).await
    }

    /// A spawn; `approving`: the id of the pending request it carries out (not counted in the
    /// owner's quota, since the clone takes its place).
    pub(super) async fn spawn_for(
        &self,
        name: &str,
        caller: &Caller,
        body: Map<String, Value>,
        approving: Option<&str>,
    ) -> Result<Spawned, BackendError> {
        let config = self.config();
        let template = config
            .orchestration
            .templates
            .get(name)
            .ok_or(BackendError::UnknownTemplate)?;
        let params = template.validate(&body)?;
        let network_id = network::resolve(&self.engine, params.network()).await?;
        let ask = Ask {
            name,
            template,
            params: &params,
            network_id: &network_id,
            owner: &caller.name,
            approving,
        };
        let quota = config.orchestration.limits.quota_per_token;
        let _one_at_a_time = self.spawn_lock.lock().await;
        let services = self.engine.list_services().await.map_err(engine_error)?;
        let service_name = clone_service_name(&config.instance, name, params.node_id());
        if let Some(existing) = find_named(&services, &service_name) {
            return self.answer_existing(&ask, existing).await;
        }
        let requested = self
            .pending_configs()
            .await?
            .iter()
            .filter(|c| requests::requester(c) == caller.name)
            .filter(|c| approving.is_none_or(|id| requests::request_id(c) != id))
            .count();
        self.check_limits(&ask, &services, quota.saturating_sub(requested as u32))?;
        let port = match template.ports {
            Some(pool) => Some(ports::choose(
                pool,
                params.port(),
                &ports::taken(&services),
            )?),
            None => None,
        };
        let spec = self.spec(&ask, port)?;
        self.create(&ask, spec, &service_name).await
    }

    /// The token's quota (its clones, over all templates) and the template's cap.
    fn check_limits(
        &self,
        ask: &Ask<'_>,
        services: &[Service],
        quota: u32,
    ) -> Result<(), BackendError> {
        let instance = self.instance();
        let clones = services
            .iter()
            .filter(|s| view::is_clone(s, &instance, None));
        let owned = clones
            .clone()
            .filter(|s| owner(s) == Some(ask.owner))
            .count();
        if owned >= quota as usize {
            return Err(BackendError::Limit(LimitKind::TokenQuota));
        }
        let of_template = clones
            .filter(|s| view::is_clone(s, &instance, Some(ask.name)))
            .count();
        if of_template >= ask.template.max_clones as usize {
            return Err(BackendError::Limit(LimitKind::ClonesPerTemplate));
        }
        Ok(())
    }

    /// The clone's spec, rendered, labelled with its parameters (and the request it carries
    /// out, for an approval), and checked safe.
    fn spec(&self, ask: &Ask<'_>, port: Option<u16>) -> Result<ServiceSpec, BackendError> {
        let instance = self.instance();
        let resolved = Resolved {
            instance: &instance,
            network_id: ask.network_id,
            port,
            owner: ask.owner,
        };
        let mut spec = render(ask.name, ask.template, ask.params, &resolved)
            .map_err(|e| BackendError::Engine(format!("rendering the clone: {e}")))?;
        assert_safe(&spec)
            .map_err(|e| BackendError::Engine(format!("refusing an unsafe clone spec: {e}")))?;
        let shown = Value::Object(params_json(ask.params, port)).to_string();
        let labels = spec.labels.get_or_insert_default();
        labels.insert(PARAMS_LABEL.into(), shown);
        if let Some(id) = ask.approving {
            labels.insert(requests::REQUEST_ID.into(), id.into());
        }
        Ok(spec)
    }

    /// Creates the service; a name conflict means an identical spawn won the race.
    async fn create(
        &self,
        ask: &Ask<'_>,
        spec: ServiceSpec,
        service_name: &str,
    ) -> Result<Spawned, BackendError> {
        match self.engine.create_service(spec.clone()).await {
            Ok(id) => {
                let service = Service {
                    id: Some(id),
                    spec: Some(spec),
                    ..Default::default()
                };
                tracing::info!(
                    clone = service_name,
                    owner = ask.owner,
                    "orchestration: clone created"
                );
                Ok(Spawned {
                    clone: view::clone_view(&service, &[]),
                    created: true,
                })
            }
            Err(e) if e.failure() == Failure::Conflict => {
                let existing = self
                    .engine
                    .inspect_service(service_name)
                    .await
                    .map_err(engine_error)?;
                self.answer_existing(ask, &existing).await
            }
            Err(e) => Err(engine_error(e)),
        }
    }

    /// A clone of this (template, node id) exists: the same spawn is answered with it, any
    /// other is a conflict.
    async fn answer_existing(
        &self,
        ask: &Ask<'_>,
        existing: &Service,
    ) -> Result<Spawned, BackendError> {
        if !self.same_clone(ask, existing) {
            return Err(BackendError::CloneExists);
        }
        let id = existing.id.clone().unwrap_or_default();
        let tasks = self.tasks_of([id]).await?;
        Ok(Spawned {
            clone: view::clone_view(existing, &tasks),
            created: false,
        })
    }

    /// Whether `existing` is the clone `ask` would make: a clone of this template, on the
    /// asked port (if one was asked), whose spec hash is the one `ask` renders to on its port.
    fn same_clone(&self, ask: &Ask<'_>, existing: &Service) -> bool {
        if !view::is_clone(existing, &self.instance(), Some(ask.name)) {
            return false;
        }
        let labels = existing.spec.as_ref().and_then(|s| s.labels.as_ref());
        let label = |key: &str| labels.and_then(|l| l.get(key)).cloned();
        let port: Option<u16> = label(names::PORT).and_then(|p| p.parse().ok());
        if ask.params.port().is_some() && ask.params.port() != port {
            return false;
        }
        let Ok(spec) = self.spec(ask, port) else {
            return false;
        };
        let hash = spec.labels.as_ref().and_then(|l| l.get(names::SPEC_HASH));
        hash.is_some() && hash.cloned() == label(names::SPEC_HASH)
    }
}

fn find_named<'a>(services: &'a [Service], name: &str) -> Option<&'a Service> {
    services
        .iter()
        .find(|s| s.spec.as_ref().and_then(|s| s.name.as_deref()) == Some(name))
}

fn owner(service: &Service) -> Option<&str> {
    service
        .spec
        .as_ref()?
        .labels
        .as_ref()?
        .get(names::OWNER)
        .map(String::as_str)
}

/// The clone's parameters as the API shows them: node id, port, network and the declared
/// values.
pub fn params_json(params: &Params, port: Option<u16>) -> Map<String, Value> {
    let mut shown = Map::new();
    shown.insert("node_id".into(), params.node_id().into());
    if let Some(port) = port {
        shown.insert("port".into(), port.into());
    }
    shown.insert("network".into(), params.network().into());
    for (name, value) in params.values() {
        let value = match value {
            ParamValue::Text(text) => Value::from(text.as_str()),
            ParamValue::Integer(n) => Value::from(*n),
        };
        shown.insert(name.clone(), value);
    }
    shown
}
