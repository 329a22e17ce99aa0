//! What the controller made, read from Swarm: the objects labelled `bosun.managed-by=bosun`
//! (docs/controller.md, "Objects on Swarm"), the proxies of a target and the nodes where a
//! service's tasks run. Tests compare these with what the config and the tasks call for.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bollard::Docker;
use bollard::models::{Secret, Service, Task, TaskState};
use bollard::query_parameters::{
    ListSecretsOptionsBuilder, ListServicesOptionsBuilder, ListTasksOptionsBuilder,
};

use crate::controller::MANAGED_BY;
use crate::{Lab, wait};

/// A service or secret the controller made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Managed {
    pub id: String,
    pub name: String,
    pub labels: HashMap<String, String>,
}

impl Managed {
    /// From a listed object's id, name and labels; `None` when the id or name is missing.
    fn new(
        id: Option<String>,
        name: Option<String>,
        labels: Option<HashMap<String, String>>,
    ) -> Option<Self> {
        Some(Self {
            id: id?,
            name: name?,
            labels: labels.unwrap_or_default(),
        })
    }

    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.get(key).map(String::as_str)
    }

    /// The name the contract gives this object in instance `bosun`. An object of instance
    /// `I` (label `bosun.instance=I`) is named `I--…` where instance `bosun` has `bosun-…`; a
    /// name without the prefix its label says is returned whole, so that it fails the
    /// caller's comparison.
    pub fn contract_name(&self) -> String {
        match self.label("bosun.instance") {
            Some(instance)
                if instance != crate::controller::DEFAULT_INSTANCE
                    && self.name.starts_with(&format!("{instance}--")) =>
            {
                crate::controller::default_instance_name(&self.name)
            }
            _ => self.name.clone(),
        }
    }

    /// `bosun.kind`.
    pub fn kind(&self) -> &str {
        self.label("bosun.kind").unwrap_or_default()
    }

    /// `bosun.target`.
    pub fn target(&self) -> &str {
        self.label("bosun.target").unwrap_or_default()
    }
}

/// A running task: where and which container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskOn {
    pub task_id: String,
    pub node_id: String,
    /// The node's hostname (`lab2`).
    pub node: String,
    pub container_id: String,
    /// The task's addresses on its networks, without prefix length (`10.203.1.5`).
    pub addresses: Vec<String>,
}

/// A proxy service of a target and its running tasks.
#[derive(Debug, Clone)]
pub struct ProxyService {
    pub service: Managed,
    pub running: Vec<TaskOn>,
}

/// Every service labelled `bosun.managed-by=bosun`.
pub async fn managed_services(lab: &Lab) -> Result<Vec<Managed>> {
    let services =
        list_services(&lab.manager().await?, managed_filter(), "managed services").await?;
    Ok(services
        .into_iter()
        .filter_map(|s| {
            let spec = s.spec?;
            Managed::new(s.id, spec.name, spec.labels)
        })
        .collect())
}

/// How many services and secrets labelled `bosun.managed-by=bosun` exist, through an
/// already-connected client (fast enough to poll in a tight loop).
pub async fn managed_count(docker: &Docker) -> Result<usize> {
    let services = list_services(docker, managed_filter(), "managed services").await?;
    let secrets = list_secrets(docker, managed_filter(), "managed secrets").await?;
    Ok(services.len() + secrets.len())
}

/// Every secret labelled `bosun.managed-by=bosun`.
pub async fn managed_secrets(lab: &Lab) -> Result<Vec<Managed>> {
    let secrets = list_secrets(&lab.manager().await?, managed_filter(), "managed secrets").await?;
    Ok(secrets
        .into_iter()
        .filter_map(|s| {
            let spec = s.spec?;
            Managed::new(s.id, spec.name, spec.labels)
        })
        .collect())
}

/// The managed services and secrets of `target`.
pub async fn objects_of(lab: &Lab, target: &str) -> Result<Vec<Managed>> {
    let mut all = managed_services(lab).await?;
    all.extend(managed_secrets(lab).await?);
    Ok(all.into_iter().filter(|o| o.target() == target).collect())
}

/// Whether a service named `name` exists (labelled or not).
pub async fn service_exists(lab: &Lab, name: &str) -> Result<bool> {
    let services = list_services(&lab.manager().await?, name_filter(name), "services").await?;
    Ok(services
        .iter()
        .any(|s| s.spec.as_ref().and_then(|s| s.name.as_deref()) == Some(name)))
}

/// Whether a secret named `name` exists (labelled or not).
pub async fn secret_exists(lab: &Lab, name: &str) -> Result<bool> {
    let secrets = list_secrets(&lab.manager().await?, name_filter(name), "secrets").await?;
    Ok(secrets
        .iter()
        .any(|s| s.spec.as_ref().and_then(|s| s.name.as_deref()) == Some(name)))
}

type Filters = HashMap<&'static str, Vec<String>>;

fn managed_filter() -> Filters {
    HashMap::from([("label", vec![MANAGED_BY.to_owned()])])
}

/// A name filter; Swarm matches it as a prefix, so callers compare the names themselves.
fn name_filter(name: &str) -> Filters {
    HashMap::from([("name", vec![name.to_owned()])])
}

async fn list_services(docker: &Docker, filters: Filters, what: &str) -> Result<Vec<Service>> {
    let options = ListServicesOptionsBuilder::new().filters(&filters).build();
    docker
        .list_services(Some(options))
        .await
        .with_context(|| format!("listing {what}"))
}

async fn list_secrets(docker: &Docker, filters: Filters, what: &str) -> Result<Vec<Secret>> {
    let options = ListSecretsOptionsBuilder::new().filters(&filters).build();
    docker
        .list_secrets(Some(options))
        .await
        .with_context(|| format!("listing {what}"))
}

/// Every task of `service` the manager still lists, in any state.
pub async fn all_tasks(lab: &Lab, service: &str) -> Result<Vec<Task>> {
    let filters = HashMap::from([("service", vec![service.to_owned()])]);
    lab.manager()
        .await?
        .list_tasks(Some(
            ListTasksOptionsBuilder::new().filters(&filters).build(),
        ))
        .await
        .with_context(|| format!("listing the tasks of {service}"))
}

/// Whether a task in `state` will run no more: its container, if it had one, has exited.
pub fn is_final(state: TaskState) -> bool {
    matches!(
        state,
        TaskState::COMPLETE
            | TaskState::SHUTDOWN
            | TaskState::FAILED
            | TaskState::REJECTED
            | TaskState::REMOVE
            | TaskState::ORPHANED
    )
}

/// Whether `task` has not reached a final state (it runs, or is about to).
pub fn is_live(task: &Task) -> bool {
    !task
        .status
        .as_ref()
        .and_then(|s| s.state)
        .is_some_and(is_final)
}

/// The running tasks of `service` (desired state running, state running).
pub async fn running_tasks(lab: &Lab, service: &str) -> Result<Vec<TaskOn>> {
    running_tasks_where(lab, service, |_| true).await
}

/// The running tasks of `service` (desired state running, state running) for which `keep`
/// holds.
pub async fn running_tasks_where(
    lab: &Lab,
    service: &str,
    keep: impl Fn(&Task) -> bool,
) -> Result<Vec<TaskOn>> {
    tasks_where(lab, service, true, keep).await
}

/// Every task of `service` that has (or had) a container, running or not: the old tasks of a
/// rolling update too, whose logs say what they did before they were replaced.
pub async fn tasks_with_containers(lab: &Lab, service: &str) -> Result<Vec<TaskOn>> {
    tasks_where(lab, service, false, |_| true).await
}

/// The tasks of `service` for which `keep` holds: with `running`, only those Swarm means to
/// run and that run; else every one that has a container.
async fn tasks_where(
    lab: &Lab,
    service: &str,
    running: bool,
    keep: impl Fn(&Task) -> bool,
) -> Result<Vec<TaskOn>> {
    let docker = lab.manager().await?;
    let mut filters = HashMap::from([("service", vec![service.to_owned()])]);
    if running {
        filters.insert("desired-state", vec!["running".to_owned()]);
    }
    let tasks = docker
        .list_tasks(Some(
            ListTasksOptionsBuilder::new().filters(&filters).build(),
        ))
        .await
        .with_context(|| format!("listing the tasks of {service}"))?;
    let mut hostnames: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for task in tasks {
        if !keep(&task) {
            continue;
        }
        let status = task.status.unwrap_or_default();
        if running && status.state != Some(TaskState::RUNNING) {
            continue;
        }
        let (Some(task_id), Some(node_id), Some(container_id)) = (
            task.id,
            task.node_id,
            status.container_status.and_then(|c| c.container_id),
        ) else {
            continue;
        };
        let node = match hostnames.get(&node_id) {
            Some(h) => h.clone(),
            None => {
                let h = node_hostname(lab, &node_id).await?;
                hostnames.insert(node_id.clone(), h.clone());
                h
            }
        };
        let addresses = if running {
            container_addresses(lab, &node, &container_id).await?
        } else {
            Vec::new()
        };
        out.push(TaskOn {
            task_id,
            node_id,
            node,
            container_id,
            addresses,
        });
    }
    Ok(out)
}

/// The addresses of a container on its networks (inspected through its node's engine).
async fn container_addresses(lab: &Lab, node: &str, container_id: &str) -> Result<Vec<String>> {
    let info = lab
        .docker(node)
        .await?
        .inspect_container(container_id, None)
        .await
        .with_context(|| format!("inspecting container {container_id} on {node}"))?;
    Ok(info
        .network_settings
        .and_then(|n| n.networks)
        .unwrap_or_default()
        .into_values()
        .filter_map(|e| e.ip_address)
        .filter(|ip| !ip.is_empty())
        .collect())
}

/// The hostnames of the nodes where `service` has a running task.
pub async fn task_nodes(lab: &Lab, service: &str) -> Result<BTreeSet<String>> {
    Ok(running_tasks(lab, service)
        .await?
        .into_iter()
        .map(|t| t.node)
        .collect())
}

/// The hostname of the node with id `node_id`.
pub async fn node_hostname(lab: &Lab, node_id: &str) -> Result<String> {
    lab.manager()
        .await?
        .inspect_node(node_id)
        .await
        .with_context(|| format!("inspecting node {node_id}"))?
        .description
        .and_then(|d| d.hostname)
        .with_context(|| format!("node {node_id} has no hostname"))
}

/// The proxy services of `target` (`bosun.kind=proxy`) with their running tasks.
pub async fn proxies(lab: &Lab, target: &str) -> Result<Vec<ProxyService>> {
    let mut out = Vec::new();
    for service in managed_services(lab).await? {
        if service.kind() != "proxy" || service.target() != target {
            continue;
        }
        let running = running_tasks(lab, &service.name).await?;
        out.push(ProxyService { service, running });
    }
    Ok(out)
}

/// The proxy service name the contract gives `target` on the node with id `node_id`.
pub fn proxy_name(target: &str, node_id: &str) -> String {
    format!(
        "bosun-proxy-{target}-{}",
        node_id.get(..12).unwrap_or(node_id)
    )
}

/// Waits until `target` has exactly one proxy per node of `nodes` (hostnames), each named as
/// the contract says and running on its node, and no other proxy; returns them by node.
pub async fn wait_proxies_on(
    lab: &Lab,
    target: &str,
    nodes: &[&str],
    timeout: Duration,
) -> Result<BTreeMap<String, ProxyService>> {
    let want: BTreeSet<String> = nodes.iter().map(|n| (*n).to_owned()).collect();
    let what = format!("the proxies of {target} to run on exactly {want:?}");
    wait::until(&what, timeout, || async {
        let found = proxies(lab, target).await?;
        let mut by_node = BTreeMap::new();
        for p in found {
            let [task] = p.running.as_slice() else {
                bail!(
                    "proxy {} has {} running tasks",
                    p.service.name,
                    p.running.len()
                );
            };
            let task = task.clone();
            if p.service.contract_name() != proxy_name(target, &task.node_id) {
                bail!(
                    "proxy {} runs on {} ({}), so it should be named {}",
                    p.service.name,
                    task.node,
                    task.node_id,
                    proxy_name(target, &task.node_id)
                );
            }
            if by_node.insert(task.node.clone(), p).is_some() {
                bail!("two proxies of {target} run on {}", task.node);
            }
        }
        let have: BTreeSet<String> = by_node.keys().cloned().collect();
        if have != want {
            bail!("proxies run on {have:?}");
        }
        Ok(Some(by_node))
    })
    .await
}

/// Waits until `target` has no managed object left (proxies, keys); returns what remains on
/// timeout in the error.
pub async fn wait_no_objects(lab: &Lab, target: &str, timeout: Duration) -> Result<()> {
    let what = format!("every object of {target} to be removed");
    wait::until(&what, timeout, || async {
        let left = objects_of(lab, target).await?;
        if left.is_empty() {
            return Ok(Some(()));
        }
        let names: Vec<&str> = left.iter().map(|o| o.name.as_str()).collect();
        bail!("still there: {names:?}")
    })
    .await
}

#[cfg(test)]
mod tests {
    use bollard::models::TaskStatus;

    use super::*;

    fn task(state: Option<TaskState>) -> Task {
        Task {
            status: Some(TaskStatus {
                state,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_task_is_live_until_a_final_state() {
        for live in [
            TaskState::NEW,
            TaskState::PREPARING,
            TaskState::STARTING,
            TaskState::RUNNING,
        ] {
            assert!(is_live(&task(Some(live))), "{live:?}");
        }
        for done in [TaskState::SHUTDOWN, TaskState::COMPLETE, TaskState::FAILED] {
            assert!(!is_live(&task(Some(done))), "{done:?}");
        }
        assert!(is_live(&task(None)), "no state yet: not known to be over");
    }
}
