//! Pending requests: a NODE_OPERATOR's spawn waits, as a Docker config, until an ADMIN
//! approves or rejects it. The config is `<prefix>-orch-request-<id>`, labelled with the
//! template, node id, requester and creation time; its data is the request's body (JSON).
//! Swarm keeps it, so a restart or a new leader loses no request.
//!
//! A request is validated like a spawn when made (nothing is stored for a bad one), counted
//! against `limits.pending_requests` and the requester's quota (clones and requests), under
//! the spawn lock. Approving validates the body again against the template as it is now and
//! spawns it owned by the requester, labelled with the request's id, then removes the config;
//! rejecting removes it.
//!
//! A controller that dies between an approval's create and the config's removal (or an Engine
//! that fails the removal) leaves a request its clone already carries out. The leader's
//! housekeeping removes such a config ([`SwarmBackend::sweep_fulfilled`]) when it takes the
//! lead and every minute; until then, approving it again answers the clone (200) and removes
//! it too.

use std::collections::BTreeSet;
use std::time::SystemTime;

use base64::Engine as _;
use bollard::models::{Config, ConfigSpec, Service};
use serde_json::{Map, Value};

use super::{SwarmBackend, engine_error, network};
use crate::model::names;
use crate::orchestration::api::backend::{
    BackendError, Caller, LimitKind, PendingRequest, Spawned,
};
use crate::orchestration::model::Role;
use crate::swarm::engine::Failure;

/// The `bosun.kind` of a request's config.
pub const KIND_REQUEST: &str = "orch-request";
/// On a request's config: its id. On a clone made by an approval: the id of the request it
/// carries out.
pub const REQUEST_ID: &str = "bosun.request-id";
const REQUESTER: &str = "bosun.requester";
const CREATED: &str = "bosun.created";

/// Whether `id` is one this backend makes (16 hex digits): only such an id reaches a name.
fn plain_request_id(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

fn fresh_id() -> String {
    let mut bytes = [0u8; 8];
    rand::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn label<'a>(config: &'a Config, key: &str) -> &'a str {
    config
        .spec
        .as_ref()
        .and_then(|s| s.labels.as_ref())
        .and_then(|l| l.get(key))
        .map_or("", String::as_str)
}

/// Who asked for the request in `config`.
pub fn requester(config: &Config) -> &str {
    label(config, REQUESTER)
}

/// The request's id.
pub fn request_id(config: &Config) -> &str {
    label(config, REQUEST_ID)
}

/// The requests among `configs` that one of `clones` carries out (its `bosun.request-id` is
/// theirs): an approval made the clone and stopped before it removed the request.
pub fn fulfilled<'a>(configs: &'a [Config], clones: &[Service]) -> Vec<&'a Config> {
    let carried: BTreeSet<&str> = clones
        .iter()
        .filter_map(|s| s.spec.as_ref()?.labels.as_ref()?.get(REQUEST_ID))
        .map(String::as_str)
        .filter(|id| !id.is_empty())
        .collect();
    configs
        .iter()
        .filter(|c| carried.contains(request_id(c)))
        .collect()
}

/// A request's config as the API shows it.
pub fn pending_view(config: &Config) -> PendingRequest {
    PendingRequest {
        id: label(config, REQUEST_ID).into(),
        template: label(config, names::TEMPLATE).into(),
        node_id: label(config, names::NODE_ID).into(),
        requester: label(config, REQUESTER).into(),
        created: humantime::parse_rfc3339(label(config, CREATED)).unwrap_or(SystemTime::UNIX_EPOCH),
    }
}

impl SwarmBackend {
    /// This instance's pending requests' configs.
    pub(super) async fn pending_configs(&self) -> Result<Vec<Config>, BackendError> {
        let instance = self.instance();
        let configs = self
            .engine
            .list_managed_configs(KIND_REQUEST)
            .await
            .map_err(engine_error)?;
        Ok(configs
            .into_iter()
            .filter(|c| {
                let labels = c.spec.as_ref().and_then(|s| s.labels.as_ref());
                names::Naming::new(&instance).owns(labels)
            })
            .collect())
    }

    pub(super) async fn pending(&self) -> Result<Vec<PendingRequest>, BackendError> {
        let mut shown: Vec<PendingRequest> = self
            .pending_configs()
            .await?
            .iter()
            .map(pending_view)
            .collect();
        shown.sort_by_key(|r| r.created);
        Ok(shown)
    }

    /// Stores a NODE_OPERATOR's spawn as pending.
    pub(super) async fn make_request(
        &self,
        name: &str,
        caller: &Caller,
        body: Map<String, Value>,
    ) -> Result<PendingRequest, BackendError> {
        let config = self.config();
        let template = config
            .orchestration
            .templates
            .get(name)
            .ok_or(BackendError::UnknownTemplate)?;
        let params = template.validate(&body)?;
        network::resolve(&self.engine, params.network()).await?;
        let limits = config.orchestration.limits;
        let _one_at_a_time = self.spawn_lock.lock().await;
        let pending = self.pending_configs().await?;
        if pending.len() >= limits.pending_requests as usize {
            return Err(BackendError::Limit(LimitKind::PendingRequests));
        }
        let theirs = pending
            .iter()
            .filter(|c| label(c, REQUESTER) == caller.name)
            .count();
        let owned = self.owned_clones(&caller.name).await?;
        if theirs + owned >= limits.quota_per_token as usize {
            return Err(BackendError::Limit(LimitKind::TokenQuota));
        }
        let id = fresh_id();
        let created = humantime::format_rfc3339_millis(SystemTime::now()).to_string();
        let mut labels = names::Naming::new(&config.instance).instance_labels(KIND_REQUEST);
        labels.insert(REQUEST_ID.into(), id.clone());
        labels.insert(names::TEMPLATE.into(), name.into());
        labels.insert(names::NODE_ID.into(), params.node_id().into());
        labels.insert(REQUESTER.into(), caller.name.clone());
        labels.insert(CREATED.into(), created);
        let data = Value::Object(body).to_string();
        let spec = ConfigSpec {
            name: Some(names::Naming::new(&config.instance).orch_request(&id)),
            labels: Some(labels),
            data: Some(base64::engine::general_purpose::STANDARD.encode(data)),
            ..Default::default()
        };
        let config_id = self
            .engine
            .create_config(spec.clone())
            .await
            .map_err(engine_error)?;
        Ok(pending_view(&Config {
            id: Some(config_id),
            spec: Some(spec),
            ..Default::default()
        }))
    }

    /// The request `id`'s config.
    async fn find_request(&self, id: &str) -> Result<Config, BackendError> {
        if !plain_request_id(id) {
            return Err(BackendError::UnknownRequest);
        }
        let name = names::Naming::new(&self.instance()).orch_request(id);
        let config = match self.engine.inspect_config(&name).await {
            Ok(c) => c,
            Err(e) if e.failure() == Failure::NotFound => return Err(BackendError::UnknownRequest),
            Err(e) => return Err(engine_error(e)),
        };
        let labels = config.spec.as_ref().and_then(|s| s.labels.as_ref());
        let ours = names::Naming::new(&self.instance()).owns(labels)
            && label(&config, names::KIND) == KIND_REQUEST
            && label(&config, REQUEST_ID) == id;
        if !ours {
            return Err(BackendError::UnknownRequest);
        }
        Ok(config)
    }

    async fn forget(&self, config: &Config) -> Result<(), BackendError> {
        let id = config.id.clone().unwrap_or_default();
        let name = config
            .spec
            .as_ref()
            .and_then(|s| s.name.clone())
            .unwrap_or_default();
        match self.engine.remove_config(&id, &name).await {
            Ok(()) => Ok(()),
            Err(e) if e.failure() == Failure::NotFound => Err(BackendError::AlreadyDecided),
            Err(e) => Err(engine_error(e)),
        }
    }

    /// Spawns the request's clone, owned by its requester, then removes the request.
    pub(super) async fn approve_request(
        &self,
        id: &str,
        approver: &Caller,
    ) -> Result<Spawned, BackendError> {
        let config = self.find_request(id).await?;
        let data = config
            .spec
            .as_ref()
            .and_then(|s| s.data.clone())
            .unwrap_or_default();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| BackendError::Engine(format!("request {id}'s data: {e}")))?;
        let body: Map<String, Value> = serde_json::from_slice(&bytes)
            .map_err(|e| BackendError::Engine(format!("request {id}'s data: {e}")))?;
        let requester = Caller {
            name: label(&config, REQUESTER).into(),
            role: Role::NodeOperator,
            node_ids: Default::default(),
        };
        let spawned = self
            .spawn_for(label(&config, names::TEMPLATE), &requester, body, Some(id))
            .await?;
        tracing::info!(request = id, approver = %approver.name, "orchestration: request approved");
        self.forget(&config).await?;
        Ok(spawned)
    }

    pub(super) async fn reject_request(&self, id: &str, who: &Caller) -> Result<(), BackendError> {
        let config = self.find_request(id).await?;
        self.forget(&config).await?;
        tracing::info!(request = id, by = %who.name, "orchestration: request rejected");
        Ok(())
    }

    /// Housekeeping: removes the pending requests a clone already carries out; how many.
    pub async fn sweep_fulfilled(&self) -> Result<usize, BackendError> {
        let configs = self.pending_configs().await?;
        if configs.is_empty() {
            return Ok(0);
        }
        let clones = self.services_of_kind(names::KIND_CLONE).await?;
        let done = fulfilled(&configs, &clones);
        for config in &done {
            let id = request_id(config);
            tracing::info!(
                request = id,
                "orchestration: removing a request its clone already carries out"
            );
            match self.forget(config).await {
                Ok(()) | Err(BackendError::AlreadyDecided) => {}
                Err(e) => {
                    tracing::warn!(request = id, error = %e, "orchestration: a carried-out request could not be removed")
                }
            }
        }
        Ok(done.len())
    }

    /// The clones `owner` owns, over all templates.
    pub(super) async fn owned_clones(&self, owner: &str) -> Result<usize, BackendError> {
        let instance = self.instance();
        let labels = [
            (names::INSTANCE, instance.as_str()),
            (names::KIND, names::KIND_CLONE),
            (names::OWNER, owner),
        ];
        let services = self
            .engine
            .list_services_labelled(&labels)
            .await
            .map_err(engine_error)?;
        Ok(services.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_ids_reach_a_name() {
        assert!(plain_request_id(&fresh_id()));
        assert_ne!(fresh_id(), fresh_id());
        for bad in [
            "",
            "abc",
            "0123456789abcdeg",
            "../../secrets/x",
            &"a".repeat(17),
        ] {
            assert!(!plain_request_id(bad), "{bad:?}");
        }
    }

    fn request(id: &str) -> Config {
        let mut labels = names::Naming::new("bosun").instance_labels(KIND_REQUEST);
        labels.insert(REQUEST_ID.into(), id.into());
        Config {
            spec: Some(ConfigSpec {
                labels: Some(labels),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// A clone (`view`'s test clone), made by the approval of `request` when given.
    fn clone_of(request: Option<&str>) -> Service {
        let mut service = super::super::view::tests::clone_service(1);
        if let (Some(id), Some(labels)) = (
            request,
            service.spec.as_mut().and_then(|s| s.labels.as_mut()),
        ) {
            labels.insert(REQUEST_ID.into(), id.into());
        }
        service
    }

    #[test]
    fn only_a_request_whose_id_a_clone_carries_is_fulfilled() {
        let configs = [
            request("00000000000000aa"),
            request("00000000000000bb"),
            request(""),
        ];
        let clones = [
            clone_of(Some("00000000000000aa")),
            clone_of(None),
            clone_of(Some("")),
            clone_of(Some("00000000000000cc")),
        ];
        let done: Vec<&str> = fulfilled(&configs, &clones)
            .into_iter()
            .map(request_id)
            .collect();
        assert_eq!(done, vec!["00000000000000aa"]);
        assert!(fulfilled(&configs, &[]).is_empty());
    }

    #[test]
    fn a_request_reads_back_from_its_labels() {
        let mut labels = names::Naming::new("bosun").instance_labels(KIND_REQUEST);
        labels.insert(REQUEST_ID.into(), "00112233aabbccdd".into());
        labels.insert(names::TEMPLATE.into(), "mongodb".into());
        labels.insert(names::NODE_ID.into(), "node_a".into());
        labels.insert(REQUESTER.into(), "node-a".into());
        labels.insert(CREATED.into(), "2026-12-02T10:00:00.000Z".into());
        let config = Config {
            spec: Some(ConfigSpec {
                labels: Some(labels),
                ..Default::default()
            }),
            ..Default::default()
        };
        let shown = pending_view(&config);
        assert_eq!(
            (
                shown.id.as_str(),
                shown.template.as_str(),
                shown.node_id.as_str()
            ),
            ("00112233aabbccdd", "mongodb", "node_a")
        );
        assert_eq!(shown.requester, "node-a");
        assert_eq!(
            shown.created,
            humantime::parse_rfc3339("2026-12-02T10:00:00Z").unwrap_or(SystemTime::UNIX_EPOCH)
        );
        assert_ne!(shown.created, SystemTime::UNIX_EPOCH);
    }
}
