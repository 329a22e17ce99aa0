//! The one-shot service that removes a deleted clone's named volume, as plain data: its spec,
//! how far it got, and which ones a crashed controller left behind. Pure; `purge.rs` does the
//! calls.
//!
//! A clone's volume is made by the engine of the node its task runs on, and only that engine
//! can remove it; the manager's API cannot. Which node? Swarm forgets a stopped clone's tasks
//! (a scale to 0 removes them), and a clone moved by a node failure left a copy on each node it
//! ran on. So the purge asks every node: a **global** service with restart condition `none`
//! runs `bosun-proxy purge-volume` once on each node that takes tasks (ready, availability
//! active), from the proxy's image with the node's Docker socket, as bosun's proxies run. Each
//! removes the volume of that name only if it carries the clone's volume labels, tries again
//! while the clone's container still holds it (for [`NODE_WAIT`]), and exits 0 when it is
//! gone or was never there.
//!
//! Its argv is fixed here; the only values in it are the volume's name and labels, made from
//! the template's name and a node id that passed the template's pattern. Nothing of a request
//! reaches it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use bollard::models::{
    Limit, Mount, MountType, Node, NodeSpecAvailabilityEnum, NodeState, Service, ServiceSpec,
    ServiceSpecMode, Task, TaskSpec, TaskSpecContainerSpec, TaskSpecResources,
    TaskSpecRestartPolicy, TaskSpecRestartPolicyConditionEnum, TaskState,
};

use crate::model::keys::unix_ms;
use crate::model::names::{self, Naming};
use crate::orchestration::template::{clone_volume_labels, clone_volume_name};

/// How long each node's purge waits for the volume to be free.
pub const NODE_WAIT: Duration = Duration::from_secs(60);
/// How long the controller waits for every node's purge: their wait, and time to schedule
/// them and pull the image.
pub const DEADLINE: Duration = Duration::from_secs(120);
/// A purge service older than this is one a controller left behind (it crashed, or lost the
/// lead, while waiting): the next housekeeping pass removes it.
pub const STALE_AFTER: Duration = Duration::from_secs(2 * DEADLINE.as_secs());

/// Where the purge container reaches its node's engine.
const SOCKET_IN_CONTAINER: &str = "/var/run/docker.sock";
/// The purge's limits: one small static binary, one Engine call a second.
const MEMORY_BYTES: i64 = 32 << 20;
const NANO_CPUS: i64 = 250_000_000;

/// What one purge is about.
#[derive(Debug, Clone, Copy)]
pub struct PurgeJob<'a> {
    pub instance: &'a str,
    pub template: &'a str,
    pub node_id: &'a str,
    /// The proxy's image (`proxy.image`): it holds `bosun-proxy purge-volume`.
    pub image: &'a str,
    /// The Docker socket on every node (`proxy.docker_socket`).
    pub docker_socket: &'a str,
}

impl PurgeJob<'_> {
    pub fn service_name(&self) -> String {
        Naming::new(self.instance).volume_purge_service(self.template, self.node_id)
    }

    /// The clone's volume name.
    pub fn volume(&self) -> String {
        clone_volume_name(self.instance, self.template, self.node_id)
    }

    /// The purge's argv after the image's entrypoint (`bosun-proxy`).
    pub fn args(&self) -> Vec<String> {
        let mut args = vec!["purge-volume".into(), "--name".into(), self.volume()];
        let labels: BTreeMap<String, String> =
            clone_volume_labels(self.instance, self.template, self.node_id)
                .into_iter()
                .collect();
        for (key, value) in labels {
            args.extend(["--label".into(), format!("{key}={value}")]);
        }
        args.extend(["--wait".into(), format!("{}s", NODE_WAIT.as_secs())]);
        args
    }

    /// The purge service: global, run once per node, labelled as this clone's purge.
    pub fn spec(&self) -> ServiceSpec {
        let mut labels = Naming::new(self.instance).instance_labels(names::KIND_VOLUME_PURGE);
        labels.insert(
            names::CLONE.into(),
            format!("{}/{}", self.template, self.node_id),
        );
        labels.insert(names::TEMPLATE.into(), self.template.into());
        labels.insert(names::NODE_ID.into(), self.node_id.into());
        ServiceSpec {
            name: Some(self.service_name()),
            labels: Some(labels),
            mode: Some(ServiceSpecMode {
                global: Some(HashMap::new()),
                ..Default::default()
            }),
            task_template: Some(self.task()),
            ..Default::default()
        }
    }

    fn task(&self) -> TaskSpec {
        TaskSpec {
            container_spec: Some(TaskSpecContainerSpec {
                image: Some(self.image.into()),
                args: Some(self.args()),
                env: Some(vec![format!("DOCKER_HOST=unix://{SOCKET_IN_CONTAINER}")]),
                mounts: Some(vec![Mount {
                    target: Some(SOCKET_IN_CONTAINER.into()),
                    source: Some(self.docker_socket.into()),
                    typ: Some(MountType::BIND),
                    ..Default::default()
                }]),
                read_only: Some(true),
                ..Default::default()
            }),
            resources: Some(TaskSpecResources {
                limits: Some(Limit {
                    nano_cpus: Some(NANO_CPUS),
                    memory_bytes: Some(MEMORY_BYTES),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            restart_policy: Some(TaskSpecRestartPolicy {
                condition: Some(TaskSpecRestartPolicyConditionEnum::NONE),
                ..Default::default()
            }),
            ..Default::default()
        }
    }
}

/// The nodes a global service runs a task on: ready, and taking tasks (availability active).
/// A node that is down, paused or drained is not asked; a copy of the volume there stays.
pub fn taking_tasks(nodes: &[Node]) -> BTreeSet<String> {
    nodes
        .iter()
        .filter(|n| n.status.as_ref().and_then(|s| s.state) == Some(NodeState::READY))
        .filter(|n| {
            n.spec.as_ref().and_then(|s| s.availability) == Some(NodeSpecAvailabilityEnum::ACTIVE)
        })
        .filter_map(|n| n.id.clone())
        .collect()
}

/// How far a purge got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Some node has not finished (or not started) its purge.
    Running,
    /// Every node finished; what went wrong where (empty: the volume is gone everywhere).
    Done(Vec<String>),
}

/// The purge's progress from its tasks, over the nodes it must run on.
pub fn progress(tasks: &[Task], nodes: &BTreeSet<String>) -> Progress {
    let mut failures = Vec::new();
    for node in nodes {
        let newest = tasks
            .iter()
            .filter(|t| t.node_id.as_deref() == Some(node.as_str()))
            .max_by_key(|t| t.version.as_ref().and_then(|v| v.index).unwrap_or(0));
        let Some(task) = newest else {
            return Progress::Running;
        };
        match state(task) {
            Some(TaskState::COMPLETE) => {}
            Some(s) if ended(s) => failures.push(format!("node {node}: {}", why(task, s))),
            _ => return Progress::Running,
        }
    }
    Progress::Done(failures)
}

/// What is still missing when the wait is over: the nodes whose purge did not finish.
pub fn unfinished(tasks: &[Task], nodes: &BTreeSet<String>) -> Vec<String> {
    nodes
        .iter()
        .filter(|node| {
            let one = BTreeSet::from([(*node).clone()]);
            progress(tasks, &one) == Progress::Running
        })
        .map(|node| format!("node {node}: did not finish within {}s", DEADLINE.as_secs()))
        .collect()
}

fn state(task: &Task) -> Option<TaskState> {
    task.status.as_ref().and_then(|s| s.state)
}

/// Whether a task in state `s` will not change any more.
fn ended(s: TaskState) -> bool {
    matches!(
        s,
        TaskState::COMPLETE
            | TaskState::FAILED
            | TaskState::REJECTED
            | TaskState::SHUTDOWN
            | TaskState::REMOVE
            | TaskState::ORPHANED
    )
}

/// Why a task that ended did not complete: its exit code (`purge-volume`'s statuses) or
/// Swarm's error.
fn why(task: &Task, s: TaskState) -> String {
    let status = task.status.as_ref();
    let code = status
        .and_then(|s| s.container_status.as_ref())
        .and_then(|c| c.exit_code);
    match code {
        Some(1) => "the volume is still in use, or the engine failed".into(),
        Some(3) => "a volume of that name is not the clone's: kept".into(),
        Some(c) => format!("purge-volume exited with {c}"),
        None => {
            let err = status
                .and_then(|s| s.err.as_deref())
                .unwrap_or("no error given");
            format!("the task ended {s}: {err}")
        }
    }
}

/// Whether `service` is a volume purge of `instance`.
pub fn is_purge(service: &Service, instance: &str) -> bool {
    let labels = service.spec.as_ref().and_then(|s| s.labels.as_ref());
    Naming::new(instance).owns(labels)
        && labels.and_then(|l| l.get(names::KIND)).map(String::as_str)
            == Some(names::KIND_VOLUME_PURGE)
}

/// The purge services of `instance` a controller left behind at `now_ms`.
pub fn stale<'a>(services: &'a [Service], instance: &str, now_ms: u64) -> Vec<&'a Service> {
    let after_ms = u64::try_from(STALE_AFTER.as_millis()).unwrap_or(u64::MAX);
    services
        .iter()
        .filter(|s| is_purge(s, instance))
        .filter(|s| {
            unix_ms(s.created_at.as_deref()).is_some_and(|c| now_ms.saturating_sub(c) > after_ms)
        })
        .collect()
}

#[cfg(test)]
mod tests;
