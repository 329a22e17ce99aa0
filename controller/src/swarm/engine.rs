//! The controller's handle on the Engine API: one `bollard::Docker` plus a counter of every
//! call by operation (`bosun_engine_api_calls_total{op}`), so the benchmark and `/metrics` can
//! show that a resync with nothing to change costs a constant number of calls.
//!
//! Each method is one Engine API call. Errors keep bollard's, wrapped with what was being done;
//! [`classify`] tells the callers the few outcomes they act on (conflict, not found, update out
//! of sequence, in use).
//!
//! A fenced handle ([`Engine::fenced`]) asks its [`Fence`] before every create, update and
//! remove, stamps the leader's epoch on what it writes, logs the write (`engine write`, with
//! `op`, `object`, `epoch`) and counts it (`bosun_writes_total{outcome}`); a refused write is
//! never sent ([`Failure::Fenced`]). Every object it reads reports its epoch to the fence.

use std::collections::BTreeSet;
use std::collections::HashMap;
use std::sync::Arc;

use bollard::Docker;
use bollard::models::{
    Config, ConfigSpec, Network, NetworkCreateRequest, Node, Secret, SecretSpec, Service,
    ServiceSpec, Task, TaskState,
};
use bollard::query_parameters::{
    ListConfigsOptions, ListNetworksOptions, ListNodesOptions, ListSecretsOptions,
    ListServicesOptions, ListTasksOptions, UpdateConfigOptions, UpdateSecretOptions,
    UpdateServiceOptions,
};
use prometheus::IntCounterVec;

use super::fence::{self, Fence};
use crate::model::names;
use crate::model::snapshot::PRESENT_DESIRED_STATES;

/// An Engine API call that failed, or a write the fence did not let out; with what the
/// controller was doing.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{action}: {source}")]
    Call {
        action: String,
        #[source]
        source: bollard::errors::Error,
    },
    #[error("{action}: not sent: {why}")]
    Fenced { action: String, why: String },
}

/// The outcomes of a failed call that change what the controller does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// 409: the object already exists (a create raced, or a crash left it behind).
    Conflict,
    /// 404: already gone.
    NotFound,
    /// Swarm's optimistic concurrency: re-read and try again.
    OutOfSequence,
    /// A secret or config still referenced by a service.
    InUse,
    /// Not sent: this controller may not write now (it does not lead, or its lease may lapse).
    Fenced,
    Other,
}

impl EngineError {
    pub fn failure(&self) -> Failure {
        match self {
            EngineError::Call { source, .. } => classify(source),
            EngineError::Fenced { .. } => Failure::Fenced,
        }
    }
}

/// Sorts a bollard error into the outcomes the controller acts on.
pub fn classify(err: &bollard::errors::Error) -> Failure {
    match err {
        bollard::errors::Error::DockerResponseServerError {
            status_code,
            message,
        } => {
            let message = message.to_ascii_lowercase();
            if message.contains("update out of sequence") {
                Failure::OutOfSequence
            } else if *status_code == 409 {
                Failure::Conflict
            } else if *status_code == 404 {
                Failure::NotFound
            } else if message.contains("is in use") {
                Failure::InUse
            } else {
                Failure::Other
            }
        }
        _ => Failure::Other,
    }
}

/// The `desired-state` filter of the task list: one pair per present desired state (Swarm ORs
/// the values of one filter key).
fn present_task_filter() -> Vec<(&'static str, &'static str)> {
    PRESENT_DESIRED_STATES
        .iter()
        .map(|s| match s {
            TaskState::READY => ("desired-state", "ready"),
            _ => ("desired-state", "running"),
        })
        .collect()
}

/// The Engine API, counted (and fenced, see [`Engine::fenced`]).
#[derive(Clone)]
pub struct Engine {
    docker: Docker,
    calls: IntCounterVec,
    fence: Option<Fenced>,
}

/// A fence, the instance whose objects' epochs count, and the counter of the writes the
/// fence let out or stopped.
#[derive(Clone)]
struct Fenced {
    fence: Arc<dyn Fence>,
    instance: String,
    writes: IntCounterVec,
}

impl Fenced {
    /// Whether `labels` are those of an object of this instance (other instances, and client
    /// services, carry epochs of their own leaders).
    fn owns(&self, labels: Option<&HashMap<String, String>>) -> bool {
        names::Naming::new(&self.instance).owns(labels)
    }
}

fn filters(pairs: &[(&str, &str)]) -> Option<HashMap<String, Vec<String>>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in pairs {
        map.entry((*k).to_string())
            .or_default()
            .push((*v).to_string());
    }
    Some(map)
}

/// The list filter that wants every `key=value` of `labels`, and those pairs as text (for an
/// error's context).
fn label_filters(labels: &[(&str, &str)]) -> (String, Option<HashMap<String, Vec<String>>>) {
    let wanted: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let pairs: Vec<(&str, &str)> = wanted.iter().map(|l| ("label", l.as_str())).collect();
    (wanted.join(","), filters(&pairs))
}

impl Engine {
    pub fn new(docker: Docker, calls: IntCounterVec) -> Engine {
        Engine {
            docker,
            calls,
            fence: None,
        }
    }

    /// This handle with every write asking `fence` first; the epochs of `instance`'s objects
    /// are reported to it; `writes` counts them by `outcome` (`sent`, `refused`).
    pub fn fenced(&self, fence: Arc<dyn Fence>, instance: &str, writes: IntCounterVec) -> Engine {
        Engine {
            fence: Some(Fenced {
                fence,
                instance: instance.to_owned(),
                writes,
            }),
            ..self.clone()
        }
    }

    /// Asks the fence whether the write `op` of `object` may go out, stamping the epoch on its
    /// `labels` (the object's current ones, for an update). Without a fence every write may.
    fn permit(
        &self,
        op: &str,
        object: &str,
        labels: Option<&mut Option<HashMap<String, String>>>,
    ) -> Result<(), EngineError> {
        let Some(f) = &self.fence else {
            return Ok(());
        };
        let decided = match labels {
            Some(labels) => {
                let ours = f.owns(labels.as_ref());
                fence::stamp(f.fence.as_ref(), labels, ours)
            }
            None => f.fence.epoch(),
        };
        match decided {
            Ok(epoch) => {
                f.writes.with_label_values(&["sent"]).inc();
                tracing::info!(op, object, epoch, "engine write");
                Ok(())
            }
            Err(why) => {
                f.writes.with_label_values(&["refused"]).inc();
                tracing::warn!(op, object, reason = %why, "engine write refused");
                Err(EngineError::Fenced {
                    action: format!("{op} {object}"),
                    why,
                })
            }
        }
    }

    /// Tells the fence the epochs that objects just read carry.
    fn saw<'a>(&self, labels: impl IntoIterator<Item = Option<&'a HashMap<String, String>>>) {
        if let Some(f) = &self.fence {
            let ours = labels.into_iter().filter(|l| f.owns(*l));
            if let Some(highest) = ours.filter_map(fence::epoch_of).max() {
                f.fence.saw(highest);
            }
        }
    }

    /// The epoch this handle's writes would carry now, or why it may not write (a handle
    /// without a fence always may, at epoch 0). Nothing is written or counted.
    pub fn write_epoch(&self) -> Result<u64, String> {
        match &self.fence {
            Some(f) => f.fence.epoch(),
            None => Ok(0),
        }
    }

    pub fn docker(&self) -> &Docker {
        &self.docker
    }

    fn count(&self, op: &str) {
        self.calls.with_label_values(&[op]).inc();
    }

    fn wrap<T>(
        result: Result<T, bollard::errors::Error>,
        action: impl FnOnce() -> String,
    ) -> Result<T, EngineError> {
        result.map_err(|source| EngineError::Call {
            action: action(),
            source,
        })
    }

    pub async fn list_services(&self) -> Result<Vec<Service>, EngineError> {
        self.count("service_list");
        let services = Self::wrap(
            self.docker
                .list_services(Some(ListServicesOptions::default()))
                .await,
            || "listing services".into(),
        )?;
        self.saw(services.iter().map(|s| s.spec.as_ref()?.labels.as_ref()));
        Ok(services)
    }

    /// The services whose labels hold every `key=value` of `labels` (one call, filtered by
    /// Swarm).
    pub async fn list_services_labelled(
        &self,
        labels: &[(&str, &str)],
    ) -> Result<Vec<Service>, EngineError> {
        self.count("service_list");
        let (wanted, filters) = label_filters(labels);
        let options = ListServicesOptions {
            filters,
            ..Default::default()
        };
        let services = Self::wrap(self.docker.list_services(Some(options)).await, || {
            format!("listing the services labelled {wanted}")
        })?;
        self.saw(services.iter().map(|s| s.spec.as_ref()?.labels.as_ref()));
        Ok(services)
    }

    /// Tasks Swarm means to run: desired state `running`, or `ready` for a replacement that
    /// waits out a restart delay or a stop-first update (`PRESENT_DESIRED_STATES`).
    pub async fn list_present_tasks(&self) -> Result<Vec<Task>, EngineError> {
        self.count("task_list");
        let options = ListTasksOptions {
            filters: filters(&present_task_filter()),
        };
        Self::wrap(self.docker.list_tasks(Some(options)).await, || {
            "listing tasks".into()
        })
    }

    /// The tasks of `services` (ids; `None`: of every service) that Swarm means to run or is
    /// taking down (desired state `running`, `ready` or `shutdown`), in one call.
    pub async fn list_tasks_of(
        &self,
        services: Option<&BTreeSet<String>>,
    ) -> Result<Vec<Task>, EngineError> {
        if services.is_some_and(BTreeSet::is_empty) {
            return Ok(Vec::new());
        }
        let wanted: Vec<(&str, &str)> = services
            .into_iter()
            .flatten()
            .map(|id| ("service", id.as_str()))
            .collect();
        self.list_live_or_leaving_tasks(&wanted, || {
            "listing the tasks of bosun's proxies and clients".into()
        })
        .await
    }

    /// The tasks (desired state `running`, `ready` or `shutdown`, as [`Engine::list_tasks_of`])
    /// of the services labelled with every `key=value` of `labels`, in one call. Swarm matches
    /// a task's `label` filter against its service's labels as they were when the task was
    /// made (swarmkit's `ListTasks`: `ServiceAnnotations.Labels`): use it for labels a service
    /// never changes. It is much cheaper than naming the services: Swarm looks up each `service`
    /// filter on its own (500 of them took 72 ms on the lab's dockerd 20.10, for no task at all;
    /// this, 1 ms), and it needs no list of services first, so both lists can go out at once.
    pub async fn list_tasks_labelled(
        &self,
        labels: &[(&str, &str)],
    ) -> Result<Vec<Task>, EngineError> {
        let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let wanted: Vec<(&str, &str)> = pairs.iter().map(|l| ("label", l.as_str())).collect();
        self.list_live_or_leaving_tasks(&wanted, || {
            format!(
                "listing the tasks of the services labelled {}",
                pairs.join(",")
            )
        })
        .await
    }

    /// The tasks Swarm means to run or is taking down (desired state `running`, `ready` or
    /// `shutdown`) that also match `more` (`service` or `label` filters), in one call.
    async fn list_live_or_leaving_tasks(
        &self,
        more: &[(&str, &str)],
        what: impl FnOnce() -> String,
    ) -> Result<Vec<Task>, EngineError> {
        self.count("task_list");
        let mut wanted: Vec<(&str, &str)> = present_task_filter();
        wanted.push(("desired-state", "shutdown"));
        wanted.extend_from_slice(more);
        let options = ListTasksOptions {
            filters: filters(&wanted),
        };
        Self::wrap(self.docker.list_tasks(Some(options)).await, what)
    }

    /// Every task Swarm still keeps of the service `id`, whatever its desired state (a
    /// one-shot service's finished tasks included), in one call.
    pub async fn list_all_tasks_of(&self, id: &str) -> Result<Vec<Task>, EngineError> {
        self.count("task_list");
        let options = ListTasksOptions {
            filters: filters(&[("service", id)]),
        };
        Self::wrap(self.docker.list_tasks(Some(options)).await, || {
            format!("listing the tasks of service {id}")
        })
    }

    pub async fn list_nodes(&self) -> Result<Vec<Node>, EngineError> {
        self.count("node_list");
        Self::wrap(
            self.docker
                .list_nodes(Some(ListNodesOptions::default()))
                .await,
            || "listing nodes".into(),
        )
    }

    /// Secrets bosun manages; with `target`, only that target's.
    pub async fn list_managed_secrets(
        &self,
        target: Option<&str>,
    ) -> Result<Vec<Secret>, EngineError> {
        self.count("secret_list");
        let managed = format!("{}={}", names::MANAGED_BY, names::MANAGED_BY_VALUE);
        let by_target = target.map(|t| format!("{}={t}", names::TARGET));
        let mut pairs = vec![("label", managed.as_str())];
        if let Some(t) = &by_target {
            pairs.push(("label", t.as_str()));
        }
        let options = ListSecretsOptions {
            filters: filters(&pairs),
        };
        let secrets = Self::wrap(self.docker.list_secrets(Some(options)).await, || {
            "listing secrets".into()
        })?;
        self.saw(secrets.iter().map(|s| s.spec.as_ref()?.labels.as_ref()));
        Ok(secrets)
    }

    pub async fn list_networks_named(&self, name: &str) -> Result<Vec<Network>, EngineError> {
        self.count("network_list");
        let options = ListNetworksOptions {
            filters: filters(&[("name", name)]),
        };
        Self::wrap(self.docker.list_networks(Some(options)).await, || {
            format!("listing networks named {name}")
        })
    }

    /// Networks labelled `bosun.managed-by=bosun` (any instance's).
    pub async fn list_managed_networks(&self) -> Result<Vec<Network>, EngineError> {
        self.count("network_list");
        let managed = format!("{}={}", names::MANAGED_BY, names::MANAGED_BY_VALUE);
        let options = ListNetworksOptions {
            filters: filters(&[("label", managed.as_str())]),
        };
        Self::wrap(self.docker.list_networks(Some(options)).await, || {
            "listing bosun's networks".into()
        })
    }

    pub async fn remove_network(&self, id: &str, name: &str) -> Result<(), EngineError> {
        self.permit("network_remove", name, None)?;
        self.count("network_remove");
        Self::wrap(self.docker.remove_network(id).await, || {
            format!("removing network {name}")
        })
    }

    pub async fn create_network(
        &self,
        mut request: NetworkCreateRequest,
    ) -> Result<(), EngineError> {
        let name = request.name.clone();
        self.permit("network_create", &name, Some(&mut request.labels))?;
        self.count("network_create");
        Self::wrap(self.docker.create_network(request).await, || {
            format!("creating network {name}")
        })
        .map(|_| ())
    }

    pub async fn inspect_service(&self, id: &str) -> Result<Service, EngineError> {
        self.count("service_inspect");
        let service = Self::wrap(self.docker.inspect_service(id, None).await, || {
            format!("inspecting service {id}")
        })?;
        self.saw([service.spec.as_ref().and_then(|s| s.labels.as_ref())]);
        Ok(service)
    }

    pub async fn create_service(&self, mut spec: ServiceSpec) -> Result<String, EngineError> {
        let name = spec.name.clone().unwrap_or_default();
        self.permit("service_create", &name, Some(&mut spec.labels))?;
        self.count("service_create");
        Self::wrap(self.docker.create_service(spec, None).await, || {
            format!("creating service {name}")
        })
        .map(|r| r.id.unwrap_or_default())
    }

    pub async fn update_service(
        &self,
        id: &str,
        name: &str,
        mut spec: ServiceSpec,
        version: u64,
    ) -> Result<(), EngineError> {
        self.permit("service_update", name, Some(&mut spec.labels))?;
        self.count("service_update");
        let options = UpdateServiceOptions {
            version: i32::try_from(version).unwrap_or(i32::MAX),
            ..Default::default()
        };
        Self::wrap(
            self.docker.update_service(id, spec, options, None).await,
            || format!("updating service {name} at version {version}"),
        )
        .map(|_| ())
    }

    pub async fn remove_service(&self, id: &str, name: &str) -> Result<(), EngineError> {
        self.permit("service_remove", name, None)?;
        self.count("service_remove");
        Self::wrap(self.docker.delete_service(id).await, || {
            format!("removing service {name}")
        })
    }

    pub async fn create_secret(&self, mut spec: SecretSpec) -> Result<String, EngineError> {
        let name = spec.name.clone().unwrap_or_default();
        self.permit("secret_create", &name, Some(&mut spec.labels))?;
        self.count("secret_create");
        Self::wrap(self.docker.create_secret(spec).await, || {
            format!("creating secret {name}")
        })
        .map(|r| r.id)
    }

    /// A secret by id or name (its labels: Swarm never returns a secret's data).
    pub async fn inspect_secret(&self, id_or_name: &str) -> Result<Secret, EngineError> {
        self.count("secret_inspect");
        let secret = Self::wrap(self.docker.inspect_secret(id_or_name).await, || {
            format!("inspecting secret {id_or_name}")
        })?;
        self.saw([secret.spec.as_ref().and_then(|s| s.labels.as_ref())]);
        Ok(secret)
    }

    /// Swaps the labels of secret `id` for `labels` (Swarm lets nothing else of a secret change)
    /// over `version`: fails out of sequence when the secret changed since that version.
    pub async fn update_secret_labels(
        &self,
        id: &str,
        version: u64,
        mut spec: SecretSpec,
    ) -> Result<(), EngineError> {
        self.permit("secret_update", id, Some(&mut spec.labels))?;
        self.count("secret_update");
        let options = UpdateSecretOptions {
            version: i64::try_from(version).unwrap_or(i64::MAX),
        };
        Self::wrap(self.docker.update_secret(id, spec, options).await, || {
            format!("updating the labels of secret {id} at version {version}")
        })
    }

    /// Configs bosun manages with `bosun.kind=kind`.
    pub async fn list_managed_configs(&self, kind: &str) -> Result<Vec<Config>, EngineError> {
        self.list_configs_labelled(&[
            (names::MANAGED_BY, names::MANAGED_BY_VALUE),
            (names::KIND, kind),
        ])
        .await
    }

    /// The configs whose labels hold every `key=value` of `labels` (one call, filtered by
    /// Swarm). Docker's list carries each config's data.
    pub async fn list_configs_labelled(
        &self,
        labels: &[(&str, &str)],
    ) -> Result<Vec<Config>, EngineError> {
        self.count("config_list");
        let (wanted, filters) = label_filters(labels);
        let options = ListConfigsOptions { filters };
        let configs = Self::wrap(self.docker.list_configs(Some(options)).await, || {
            format!("listing the configs labelled {wanted}")
        })?;
        self.saw(configs.iter().map(|c| c.spec.as_ref()?.labels.as_ref()));
        Ok(configs)
    }

    pub async fn create_config(&self, mut spec: ConfigSpec) -> Result<String, EngineError> {
        let name = spec.name.clone().unwrap_or_default();
        self.permit("config_create", &name, Some(&mut spec.labels))?;
        self.count("config_create");
        Self::wrap(self.docker.create_config(spec).await, || {
            format!("creating config {name}")
        })
        .map(|r| r.id)
    }

    /// A config by id or name.
    pub async fn inspect_config(&self, id_or_name: &str) -> Result<Config, EngineError> {
        self.count("config_inspect");
        Self::wrap(self.docker.inspect_config(id_or_name).await, || {
            format!("inspecting config {id_or_name}")
        })
    }

    /// Swaps in `spec` (Docker takes only its labels) over `version`: fails out of sequence
    /// when the config changed since that version was read.
    pub async fn update_config(
        &self,
        id: &str,
        version: u64,
        mut spec: ConfigSpec,
    ) -> Result<(), EngineError> {
        self.permit("config_update", id, Some(&mut spec.labels))?;
        self.count("config_update");
        let options = UpdateConfigOptions {
            version: i64::try_from(version).unwrap_or(i64::MAX),
        };
        Self::wrap(self.docker.update_config(id, spec, options).await, || {
            format!("updating config {id} at version {version}")
        })
    }

    pub async fn remove_config(&self, id: &str, name: &str) -> Result<(), EngineError> {
        self.permit("config_remove", name, None)?;
        self.count("config_remove");
        Self::wrap(self.docker.delete_config(id).await, || {
            format!("removing config {name}")
        })
    }

    pub async fn remove_secret(&self, id: &str, name: &str) -> Result<(), EngineError> {
        self.permit("secret_remove", name, None)?;
        self.count("secret_remove");
        Self::wrap(self.docker.delete_secret(id).await, || {
            format!("removing secret {name}")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status_code: u16, message: &str) -> bollard::errors::Error {
        bollard::errors::Error::DockerResponseServerError {
            status_code,
            message: message.into(),
        }
    }

    /// The Engine sends a service's health check as `Healthcheck` (dockerd 20.10, API 1.41, as
    /// `curl --unix-socket … /services/ID` shows); read back and written again, a spec must keep
    /// it (vendor/README.md: the patched bollard-stubs).
    #[test]
    fn a_service_spec_keeps_its_health_check_when_read_back() {
        let answer = r#"{"ID":"s1","Version":{"Index":9},"Spec":{"Name":"app","TaskTemplate":
            {"ContainerSpec":{"Image":"app:1","Healthcheck":{"Test":["CMD","true"],
            "Interval":7000000000}}}}}"#;
        let service: Service = serde_json::from_str(answer).expect("a service");
        let health = service
            .spec
            .as_ref()
            .and_then(|s| s.task_template.as_ref())
            .and_then(|t| t.container_spec.as_ref())
            .and_then(|c| c.health_check.as_ref())
            .expect("the health check was read");
        assert_eq!(health.interval, Some(7_000_000_000));
        let written = serde_json::to_string(&service.spec).expect("a spec");
        assert!(
            written.contains(r#""HealthCheck":{"Test":["CMD","true"]"#),
            "{written}"
        );
    }

    #[test]
    fn replacement_tasks_are_listed_too() {
        // A stop-first update's replacement waits with desired state `ready`.
        assert_eq!(
            present_task_filter(),
            [("desired-state", "running"), ("desired-state", "ready")]
        );
    }

    #[test]
    fn the_outcomes_the_controller_acts_on_are_told_apart() {
        assert_eq!(
            classify(&server(
                500,
                "rpc error: code = Unknown desc = update out of sequence"
            )),
            Failure::OutOfSequence
        );
        assert_eq!(classify(&server(409, "name conflicts")), Failure::Conflict);
        assert_eq!(classify(&server(404, "no such service")), Failure::NotFound);
        assert_eq!(
            classify(&server(
                400,
                "rpc error: secret 'x' is in use by the following service: y"
            )),
            Failure::InUse
        );
        assert_eq!(classify(&server(500, "boom")), Failure::Other);
    }
}
