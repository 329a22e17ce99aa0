//! Observed state as plain data: a [`Snapshot`] of what Swarm looked like at one instant
//! (services, present tasks, nodes with their state, and bosun's secrets, and the instant
//! itself), with the lookups the planner needs
//! and the accessors of the Engine API types' optional fields.
//!
//! No I/O here: `crate::swarm::observe` reads a snapshot from the Engine API in a constant
//! number of calls, the planner (`crate::reconcile`) reads it, and tests build one by hand.
//! A full snapshot lists every bosun secret; a target's snapshot only that target's (it is still
//! a complete listing of services, tasks and nodes, which is what decides what a target needs).

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use bollard::models::{
    Config, Node, NodeState, Secret, Service, Task, TaskSpecContainerSpec, TaskState,
};

use super::names;

/// What Swarm looked like at one instant.
#[derive(Debug)]
pub struct Snapshot {
    pub services: Vec<Service>,
    /// Tasks whose desired state is `running` or `ready` (see [`is_present`]).
    pub tasks: Vec<Task>,
    pub nodes: Vec<Node>,
    /// bosun's secrets (all of them in a full snapshot, one target's otherwise).
    pub secrets: Vec<Secret>,
    /// Tasks Swarm is taking down that still run (the old tasks of a rolling update, draining):
    /// what they mount is still in use. See [`Snapshot::live_tasks_of`].
    pub leaving: Vec<Task>,
    /// Pending rotation requests (`bosun-controller rotate`), this instance's.
    pub requests: Vec<Config>,
    /// This instance's trust file configs (`bosun.kind=discovery-keys`).
    pub trust_configs: Vec<Config>,
    /// What client services must trust now: the controller's record signing keys. Not read
    /// from Swarm: the operator sets it from its signer (`None`: mount no trust file).
    pub trust: Option<TrustFile>,
    /// Since when (Unix ms) this controller publishes records as the leader (0: unknown, as in
    /// hand-made snapshots; `u64::MAX`: not yet). Not read from Swarm: the operator sets it. A
    /// new host key counts as announced only from then on too (`reconcile::keys::hosts`).
    pub publishing_since_ms: u64,
    /// When it was read, in Unix milliseconds (0 in hand-built snapshots): the planner's
    /// clock, so that the plan stays a pure function of the snapshot.
    pub at_ms: u64,
    /// The instance whose objects count as bosun's here (others' are foreign objects).
    instance: String,
    /// Lookups by name and owner, built on first use: a resync plans every target against one
    /// snapshot, and scanning every object per target would make it quadratic. Call
    /// [`Snapshot::changed`] after editing the vectors.
    index: OnceLock<SnapIndex>,
}

impl Default for Snapshot {
    fn default() -> Self {
        Snapshot::new(Vec::new(), Vec::new(), Vec::new(), Vec::new())
    }
}

/// Positions in the snapshot's vectors.
#[derive(Debug, Default)]
struct SnapIndex {
    service_by_name: HashMap<String, usize>,
    secret_by_name: HashMap<String, usize>,
    /// target → kind → bosun's services / secrets.
    services_by_owner: HashMap<String, HashMap<String, Vec<usize>>>,
    secrets_by_owner: HashMap<String, HashMap<String, Vec<usize>>>,
    /// secret name → services not bosun's that mount it.
    holders: HashMap<String, Vec<usize>>,
    tasks_by_service: HashMap<String, Vec<usize>>,
}

impl SnapIndex {
    fn build(snap: &Snapshot) -> SnapIndex {
        let mut ix = SnapIndex::default();
        let naming = snap.naming();
        for (i, svc) in snap.services.iter().enumerate() {
            if let Some(name) = service_name(svc) {
                ix.service_by_name.entry(name.to_string()).or_insert(i);
            }
            let labels = service_labels(svc);
            if names::is_managed(labels) {
                if let Some((t, k)) = owner(labels).filter(|_| naming.owns(labels)) {
                    push_owned(&mut ix.services_by_owner, t, k, i);
                }
            } else {
                for r in secret_refs(svc) {
                    if let Some(n) = &r.secret_name {
                        ix.holders.entry(n.clone()).or_default().push(i);
                    }
                }
            }
        }
        for (i, secret) in snap.secrets.iter().enumerate() {
            if let Some(name) = secret_name(secret) {
                ix.secret_by_name.entry(name.to_string()).or_insert(i);
            }
            let labels = secret_labels(secret);
            if naming.owns(labels) {
                if let Some((t, k)) = owner(labels) {
                    push_owned(&mut ix.secrets_by_owner, t, k, i);
                }
            }
        }
        for (i, task) in snap.tasks.iter().enumerate() {
            if let Some(id) = &task.service_id {
                ix.tasks_by_service.entry(id.clone()).or_default().push(i);
            }
        }
        ix
    }
}

fn owner(labels: Option<&HashMap<String, String>>) -> Option<(&str, &str)> {
    let l = labels?;
    Some((l.get(names::TARGET)?.as_str(), l.get(names::KIND)?.as_str()))
}

fn push_owned(
    map: &mut HashMap<String, HashMap<String, Vec<usize>>>,
    target: &str,
    kind: &str,
    i: usize,
) {
    map.entry(target.to_string())
        .or_default()
        .entry(kind.to_string())
        .or_default()
        .push(i);
}

fn owned<'a>(
    map: &'a HashMap<String, HashMap<String, Vec<usize>>>,
    target: &str,
    kind: &str,
) -> &'a [usize] {
    map.get(target)
        .and_then(|k| k.get(kind))
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

impl Snapshot {
    pub fn new(
        services: Vec<Service>,
        tasks: Vec<Task>,
        nodes: Vec<Node>,
        secrets: Vec<Secret>,
    ) -> Snapshot {
        Snapshot {
            services,
            tasks,
            nodes,
            secrets,
            leaving: Vec::new(),
            requests: Vec::new(),
            trust_configs: Vec::new(),
            trust: None,
            publishing_since_ms: 0,
            at_ms: 0,
            instance: names::DEFAULT_INSTANCE.to_string(),
            index: OnceLock::new(),
        }
    }

    /// The same snapshot, seen as `instance`'s.
    pub fn of_instance(mut self, instance: &str) -> Snapshot {
        self.instance = instance.to_string();
        self.index = OnceLock::new();
        self
    }

    /// The names and ownership of the instance this snapshot is seen as.
    pub fn naming(&self) -> names::Naming<'_> {
        names::Naming::new(&self.instance)
    }

    /// Forget the lookups after the vectors were edited (tests do).
    #[cfg(test)]
    pub fn changed(&mut self) {
        self.index = OnceLock::new();
    }

    fn ix(&self) -> &SnapIndex {
        self.index.get_or_init(|| SnapIndex::build(self))
    }

    pub fn service_named(&self, name: &str) -> Option<&Service> {
        self.ix()
            .service_by_name
            .get(name)
            .and_then(|i| self.services.get(*i))
    }

    pub fn secret_named(&self, name: &str) -> Option<&Secret> {
        self.ix()
            .secret_by_name
            .get(name)
            .and_then(|i| self.secrets.get(*i))
    }

    /// Services that are not bosun's and mount the secret called `name`.
    pub fn holders<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Service> + 'a {
        self.ix()
            .holders
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter_map(|i| self.services.get(*i))
    }

    /// The listed tasks of `service_id`.
    pub fn tasks_of<'a>(&'a self, service_id: &str) -> impl Iterator<Item = &'a Task> + 'a {
        self.ix()
            .tasks_by_service
            .get(service_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter_map(|i| self.tasks.get(*i))
    }

    /// The tasks of `service_id` that run or are about to: the present ones and those still
    /// draining on their way out. A secret one of them mounts is in use.
    pub fn live_tasks_of<'a>(&'a self, service_id: &'a str) -> impl Iterator<Item = &'a Task> + 'a {
        let leaving = self
            .leaving
            .iter()
            .filter(move |t| t.service_id.as_deref() == Some(service_id));
        self.tasks_of(service_id)
            .filter(|t| is_present(t))
            .chain(leaving)
    }

    /// The rotation requests for `target`.
    pub fn requests_for<'a>(&'a self, target: &'a str) -> impl Iterator<Item = &'a Config> + 'a {
        self.requests.iter().filter(move |c| {
            c.spec
                .as_ref()
                .and_then(|s| s.labels.as_ref())
                .and_then(|l| l.get(names::TARGET))
                .is_some_and(|t| t == target)
        })
    }

    /// The node ids where `service_id` has a task that is present ([`is_present`]).
    pub fn task_nodes(&self, service_id: &str) -> Vec<String> {
        let mut nodes: Vec<String> = self
            .tasks_of(service_id)
            .filter(|t| is_present(t))
            .filter_map(|t| t.node_id.clone())
            .collect();
        nodes.sort();
        nodes.dedup();
        nodes
    }

    /// Whether `service_id` has a task in state `running`.
    pub fn has_running_task(&self, service_id: &str) -> bool {
        self.tasks_of(service_id)
            .any(|t| t.status.as_ref().and_then(|s| s.state) == Some(TaskState::RUNNING))
    }

    /// Whether node `node_id` is listed with `Status.State` `ready`. Not when it is `down`
    /// (its daemon stopped answering the managers' heartbeats: a crash, a partition),
    /// `disconnected`, `unknown`, or not listed at all.
    pub fn node_ready(&self, node_id: &str) -> bool {
        self.nodes.iter().any(|n| {
            n.id.as_deref() == Some(node_id)
                && n.status.as_ref().and_then(|s| s.state) == Some(NodeState::READY)
        })
    }

    /// Node id → hostname.
    pub fn hostnames(&self) -> HashMap<&str, &str> {
        self.nodes
            .iter()
            .filter_map(|n| {
                let id = n.id.as_deref()?;
                let host = n.description.as_ref()?.hostname.as_deref()?;
                Some((id, host))
            })
            .collect()
    }

    /// Services bosun manages for `target` with `bosun.kind=kind`.
    pub fn managed_services<'a>(
        &'a self,
        target: &'a str,
        kind: &'a str,
    ) -> impl Iterator<Item = &'a Service> + 'a {
        owned(&self.ix().services_by_owner, target, kind)
            .iter()
            .filter_map(|i| self.services.get(*i))
    }

    /// Secrets of `target` with `bosun.kind=kind`.
    pub fn managed_secrets<'a>(
        &'a self,
        target: &'a str,
        kind: &'a str,
    ) -> impl Iterator<Item = &'a Secret> + 'a {
        owned(&self.ix().secrets_by_owner, target, kind)
            .iter()
            .filter_map(|i| self.secrets.get(*i))
    }

    /// The labels of every service and secret bosun manages.
    fn managed_labels(&self) -> impl Iterator<Item = &HashMap<String, String>> + '_ {
        self.services
            .iter()
            .filter_map(service_labels)
            .chain(self.secrets.iter().filter_map(secret_labels))
            .filter(|l| self.naming().owns(Some(l)))
    }

    /// Targets that own objects on Swarm, rotation requests included (so a target that left
    /// the config is still visited, and a request naming a target nobody declares is removed).
    pub fn managed_targets(&self) -> BTreeSet<String> {
        let requests = self
            .requests
            .iter()
            .filter_map(|c| c.spec.as_ref().and_then(|s| s.labels.as_ref()));
        self.managed_labels()
            .chain(requests)
            .filter_map(|l| l.get(names::TARGET).cloned())
            .collect()
    }

    /// How many objects bosun manages, by `bosun.kind`.
    pub fn managed_kinds(&self) -> HashMap<&str, i64> {
        let mut counts: HashMap<&str, i64> = HashMap::new();
        for kind in self.managed_labels().filter_map(|l| l.get(names::KIND)) {
            *counts.entry(kind.as_str()).or_default() += 1;
        }
        counts
    }
}

/// The desired states of a task that Swarm means to run: `running`, and `ready` for the
/// replacement Swarm makes during a restart delay or a stop-first update (it waits in `ready`
/// until the old task is gone). Tasks with another desired state (`shutdown`, `remove`) are on
/// their way out. `crate::swarm::engine` lists tasks with these desired states.
pub const PRESENT_DESIRED_STATES: [TaskState; 2] = [TaskState::RUNNING, TaskState::READY];

/// A task that holds, or is about to hold, a place on its node: Swarm means to run it, and it
/// is somewhere between `new` and `running` (not failed, not shut down). Such a task keeps its
/// node's proxy.
pub fn is_present(task: &Task) -> bool {
    let wanted = task
        .desired_state
        .is_some_and(|d| PRESENT_DESIRED_STATES.contains(&d));
    wanted && still_runs(task)
}

pub fn service_name(service: &Service) -> Option<&str> {
    service.spec.as_ref()?.name.as_deref()
}

pub fn service_labels(service: &Service) -> Option<&HashMap<String, String>> {
    service.spec.as_ref()?.labels.as_ref()
}

pub fn secret_name(secret: &Secret) -> Option<&str> {
    secret.spec.as_ref()?.name.as_deref()
}

pub fn secret_labels(secret: &Secret) -> Option<&HashMap<String, String>> {
    secret.spec.as_ref()?.labels.as_ref()
}

/// The secrets a service's containers mount.
pub fn secret_refs(service: &Service) -> &[bollard::models::TaskSpecContainerSpecSecrets] {
    service
        .spec
        .as_ref()
        .and_then(|s| s.task_template.as_ref())
        .and_then(|t| t.container_spec.as_ref())
        .and_then(|c| c.secrets.as_deref())
        .unwrap_or(&[])
}

/// The trust file client services mount: its content and the SHA-256 of it (hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustFile {
    pub content: String,
    pub digest: String,
}

impl TrustFile {
    pub fn new(content: String) -> TrustFile {
        use sha2::{Digest, Sha256};
        let digest = format!("{:x}", Sha256::digest(content.as_bytes()));
        TrustFile { content, digest }
    }
}

/// The configs a service's containers mount.
pub fn config_names(service: &Service) -> impl Iterator<Item = &str> {
    let container = service
        .spec
        .as_ref()
        .and_then(|s| s.task_template.as_ref())
        .and_then(|t| t.container_spec.as_ref());
    configs_of(container)
}

/// The configs a task's container mounts.
pub fn task_config_names(task: &Task) -> impl Iterator<Item = &str> {
    configs_of(task_container(task))
}

/// The secrets a task's container mounts (its own copy of its service's spec at the time).
pub fn task_secret_names(task: &Task) -> impl Iterator<Item = &str> {
    task_container(task)
        .and_then(|c| c.secrets.as_deref())
        .unwrap_or(&[])
        .iter()
        .filter_map(|r| r.secret_name.as_deref())
}

fn task_container(task: &Task) -> Option<&TaskSpecContainerSpec> {
    task.spec.as_ref()?.container_spec.as_ref()
}

fn configs_of(container: Option<&TaskSpecContainerSpec>) -> impl Iterator<Item = &str> {
    container
        .and_then(|c| c.configs.as_deref())
        .unwrap_or(&[])
        .iter()
        .filter_map(|r| r.config_name.as_deref())
}

/// Whether a task that Swarm takes down still runs (or is about to): its processes may still
/// use what it mounts.
pub fn still_runs(task: &Task) -> bool {
    use TaskState::*;
    matches!(
        task.status.as_ref().and_then(|s| s.state),
        Some(NEW | PENDING | ASSIGNED | ACCEPTED | READY | PREPARING | STARTING | RUNNING)
    )
}

/// A Swarm timestamp (`CreatedAt`, `UpdatedAt`: RFC 3339) in Unix milliseconds.
pub fn unix_ms(rfc3339: &str) -> Option<u64> {
    let at = humantime::parse_rfc3339_weak(rfc3339).ok()?;
    let ms = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis();
    u64::try_from(ms).ok()
}

/// A label parsed as a number (key versions).
pub fn label_u32(labels: Option<&HashMap<String, String>>, key: &str) -> Option<u32> {
    labels?.get(key)?.parse().ok()
}
