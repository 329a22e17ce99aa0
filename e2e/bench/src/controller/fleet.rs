//! The benchmark's targets on the lab: `bench-t0001` … services of the fake Nextcloud, most with
//! no replica (they cost Swarm nothing but are full targets for the controller), the first few
//! with one replica spread over the nodes (those get real proxies). Created and removed through
//! the Engine API with some concurrency: 1000 services one by one through the CLI is slow.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bollard::Docker;
use bollard::models::{Service, ServiceSpecMode, ServiceSpecModeReplicated, TaskState};
use bollard::query_parameters::{ListServicesOptionsBuilder, ListTasksOptionsBuilder};
use futures::{StreamExt, TryStreamExt};

use bosun_e2e::controller::ConfigBuilder;
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::service::replicated_spec;
use bosun_e2e::wait;

/// Label on every service the benchmark creates (and only on those).
pub const LABEL: &str = "bosun.bench-controller";
/// Engine API requests in flight while creating or removing services.
const CONCURRENCY: usize = 8;

/// The name of target `i` (from 1): `t0001`.
pub fn target_name(i: usize) -> String {
    format!("t{i:04}")
}

/// The service of target `i`: `bench-t0001`.
pub fn service_name(i: usize) -> String {
    format!("bench-{}", target_name(i))
}

/// Targets `1..=running` have one replica; the others none.
#[derive(Debug, Clone)]
pub struct Fleet {
    pub docker: Docker,
    /// Hostnames of the lab's nodes, over which the running targets are spread.
    pub nodes: Vec<String>,
    pub running: usize,
}

/// The node target `i` runs on, when it runs: targets `1..=running`, round robin over `nodes`.
pub fn node_of(i: usize, running: usize, nodes: &[String]) -> Option<&str> {
    if i == 0 || i > running || nodes.is_empty() {
        return None;
    }
    nodes.get((i - 1) % nodes.len()).map(String::as_str)
}

/// The service spec of target `i`: one replica pinned to `node`, or none.
pub fn spec(i: usize, node: Option<&str>) -> bollard::models::ServiceSpec {
    let constraints: Vec<String> = node
        .map(|n| format!("node.hostname=={n}"))
        .into_iter()
        .collect();
    let mut spec = replicated_spec(&service_name(i), NEXTCLOUD.image, &constraints);
    spec.labels
        .get_or_insert_with(HashMap::new)
        .insert(LABEL.to_owned(), "true".to_owned());
    spec.mode = Some(ServiceSpecMode {
        replicated: Some(ServiceSpecModeReplicated {
            replicas: Some(i64::from(node.is_some())),
        }),
        ..Default::default()
    });
    spec
}

impl Fleet {
    /// The names of the benchmark's services that exist.
    pub async fn existing(&self) -> Result<BTreeSet<String>> {
        let services = self.services().await?;
        Ok(services.into_iter().filter_map(|s| s.spec?.name).collect())
    }

    /// Every service labelled [`LABEL`].
    async fn services(&self) -> Result<Vec<Service>> {
        let filters = HashMap::from([("label", vec![LABEL.to_owned()])]);
        self.docker
            .list_services(Some(
                ListServicesOptionsBuilder::new().filters(&filters).build(),
            ))
            .await
            .context("listing the benchmark's services")
    }

    /// Creates the services of targets `1..=n` that do not exist yet; returns how many it
    /// created.
    pub async fn ensure(&self, n: usize) -> Result<usize> {
        let existing = self.existing().await?;
        let missing: Vec<usize> = (1..=n)
            .filter(|i| !existing.contains(&service_name(*i)))
            .collect();
        let created = missing.len();
        futures::stream::iter(missing.into_iter().map(|i| async move {
            self.docker
                .create_service(spec(i, node_of(i, self.running, &self.nodes)), None)
                .await
                .with_context(|| format!("creating service {}", service_name(i)))
        }))
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<_>>()
        .await?;
        Ok(created)
    }

    /// Waits until every running target has a task in state running.
    pub async fn wait_running(&self, timeout: Duration) -> Result<()> {
        let want: BTreeSet<String> = (1..=self.running).map(service_name).collect();
        let ids = self.service_ids(&want).await?;
        let what = format!("{} running target tasks", want.len());
        wait::until(&what, timeout, || async {
            let filters = HashMap::from([("desired-state", vec!["running".to_owned()])]);
            let tasks = self
                .docker
                .list_tasks(Some(
                    ListTasksOptionsBuilder::new().filters(&filters).build(),
                ))
                .await
                .context("listing tasks")?;
            let mut up = BTreeSet::new();
            for task in &tasks {
                let Some(name) = task.service_id.as_ref().and_then(|id| ids.get(id)) else {
                    continue;
                };
                let status = task.status.as_ref();
                match status.and_then(|s| s.state) {
                    Some(TaskState::RUNNING) => {
                        up.insert(name.clone());
                    }
                    Some(TaskState::FAILED | TaskState::REJECTED) => bail!(
                        "the task of {name} failed: {}",
                        status.and_then(|s| s.err.clone()).unwrap_or_default()
                    ),
                    _ => {}
                }
            }
            if up.len() == want.len() {
                return Ok(Some(()));
            }
            bail!("{} of {} running", up.len(), want.len())
        })
        .await
    }

    /// Service id → name for the services named in `names`.
    async fn service_ids(&self, names: &BTreeSet<String>) -> Result<HashMap<String, String>> {
        let ids: HashMap<String, String> = self
            .services()
            .await?
            .into_iter()
            .filter_map(|s| Some((s.id?, s.spec?.name?)))
            .filter(|(_, name)| names.contains(name))
            .collect();
        if ids.len() != names.len() {
            bail!(
                "{} of the {} running target services exist",
                ids.len(),
                names.len()
            );
        }
        Ok(ids)
    }

    /// Removes every service the benchmark created (whatever run created it).
    pub async fn remove_all(&self) -> Result<usize> {
        let names: Vec<String> = self.existing().await?.into_iter().collect();
        let removed = names.len();
        futures::stream::iter(names.into_iter().map(|name| async move {
            self.docker
                .delete_service(&name)
                .await
                .with_context(|| format!("removing service {name}"))
        }))
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<_>>()
        .await?;
        Ok(removed)
    }
}

/// The controller's config for targets `1..=n`: resync every `resync`, task polling off in
/// practice (`1h`, so the only lists in a steady window are resyncs), a lenient watch deadline.
pub fn config_yaml(n: usize, resync: &str) -> String {
    let mut config = ConfigBuilder::new();
    config.resync = resync.to_owned();
    config.task_poll = "1h".to_owned();
    config.watch_deadline = "60s".to_owned();
    for i in 1..=n {
        config = config.nextcloud(&target_name(i), &service_name(i), &[]);
    }
    config.yaml()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes() -> Vec<String> {
        vec!["lab1".into(), "lab2".into(), "lab3".into()]
    }

    #[test]
    fn names_follow_the_index() {
        assert_eq!(target_name(7), "t0007");
        assert_eq!(service_name(1000), "bench-t1000");
    }

    #[test]
    fn running_targets_are_spread_over_the_nodes() {
        let nodes = nodes();
        let placed: Vec<Option<&str>> = (0..=5).map(|i| node_of(i, 4, &nodes)).collect();
        assert_eq!(
            placed,
            [
                None,
                Some("lab1"),
                Some("lab2"),
                Some("lab3"),
                Some("lab1"),
                None
            ]
        );
    }

    #[test]
    fn specs_have_one_replica_only_for_running_targets() {
        let nodes = nodes();
        let spec_of = |i| spec(i, node_of(i, 2, &nodes));
        let replicas = |i| {
            spec_of(i)
                .mode
                .and_then(|m| m.replicated)
                .and_then(|r| r.replicas)
        };
        assert_eq!(replicas(2), Some(1));
        assert_eq!(replicas(3), Some(0));
        let spec = spec_of(2);
        assert_eq!(spec.name.as_deref(), Some("bench-t0002"));
        assert_eq!(spec.labels.unwrap()[LABEL], "true");
        let placement = spec.task_template.unwrap().placement.unwrap();
        assert_eq!(
            placement.constraints.unwrap(),
            ["node.hostname==lab2".to_owned()]
        );
        let none = spec_of(3).task_template.unwrap().placement.unwrap();
        assert_eq!(none.constraints.unwrap(), Vec::<String>::new());
    }

    #[test]
    fn the_config_declares_every_target() {
        let y = config_yaml(3, "5s");
        assert!(y.contains("  resync: 5s\n  task_poll: 1h\n  watch_deadline: 60s\n"));
        for i in 1..=3 {
            assert!(y.contains(&format!(
                "  {}:\n    service: {}\n    policy: {{ preset: nextcloud }}\n",
                target_name(i),
                service_name(i)
            )));
        }
        assert!(!y.contains("t0004"));
    }
}
