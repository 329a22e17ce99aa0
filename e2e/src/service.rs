//! Services that one test creates on the lab. A fixture removes its service when dropped,
//! so clean-up happens when a test fails or panics too.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{Context, Result};
use bollard::models::{
    EndpointSpec, EndpointSpecModeEnum, ServiceSpec, ServiceSpecMode, ServiceSpecModeReplicated,
    TaskSpec, TaskSpecContainerSpec, TaskSpecPlacement, TaskState,
};
use bollard::query_parameters::ListTasksOptionsBuilder;

use crate::{Lab, wait};

/// Label put on everything the harness creates, so a person can find leftovers. Outside the
/// `bosun.` namespace: the controller reports an unknown `bosun.*` label on a target as a
/// problem and holds the target (a misspelling must change nothing).
pub const HARNESS_LABEL: &str = "bosun-e2e";

/// A running task of a service, as the manager reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningTask {
    pub task_id: String,
    pub node_id: String,
    pub container_id: String,
}

/// A service that exists for the length of one test.
#[derive(Debug)]
pub struct ServiceFixture {
    lab: Lab,
    pub name: String,
    pub id: String,
}

/// The spec of a one-replica service running `image`, placed by `constraints`, with endpoint
/// mode dnsrr (the lab has no IPVS for VIPs).
pub fn replicated_spec(name: &str, image: &str, constraints: &[String]) -> ServiceSpec {
    ServiceSpec {
        name: Some(name.to_owned()),
        labels: Some(HashMap::from([(
            HARNESS_LABEL.to_owned(),
            "true".to_owned(),
        )])),
        task_template: Some(TaskSpec {
            container_spec: Some(TaskSpecContainerSpec {
                image: Some(image.to_owned()),
                stop_grace_period: Some(Duration::from_secs(2).as_nanos() as i64),
                ..Default::default()
            }),
            placement: Some(TaskSpecPlacement {
                constraints: Some(constraints.to_vec()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        mode: Some(ServiceSpecMode {
            replicated: Some(ServiceSpecModeReplicated { replicas: Some(1) }),
            ..Default::default()
        }),
        endpoint_spec: Some(EndpointSpec {
            mode: Some(EndpointSpecModeEnum::DNSRR),
            ..Default::default()
        }),
        ..Default::default()
    }
}

impl ServiceFixture {
    /// Creates the service through the lab's manager.
    pub async fn create(lab: &Lab, spec: ServiceSpec) -> Result<Self> {
        let name = spec.name.clone().context("a service spec needs a name")?;
        let created = lab
            .manager()
            .await?
            .create_service(spec, None)
            .await
            .with_context(|| format!("creating service {name}"))?;
        let id = created
            .id
            .with_context(|| format!("the manager returned no id for service {name}"))?;
        Ok(Self {
            lab: lab.clone(),
            name,
            id,
        })
    }

    /// Creates a one-replica service of `image` pinned to the node with hostname `node`.
    pub async fn pinned(lab: &Lab, name: &str, image: &str, node: &str) -> Result<Self> {
        let constraints = [format!("node.hostname=={node}")];
        Self::create(lab, replicated_spec(name, image, &constraints)).await
    }

    /// Waits until the service has a task that runs, and returns it.
    pub async fn wait_running(&self, timeout: Duration) -> Result<RunningTask> {
        let docker = self.lab.manager().await?;
        let what = format!("a running task of service {}", self.name);
        wait::until(&what, timeout, || async {
            let filters = HashMap::from([
                ("service", vec![self.name.clone()]),
                ("desired-state", vec!["running".to_owned()]),
            ]);
            let tasks = docker
                .list_tasks(Some(
                    ListTasksOptionsBuilder::new().filters(&filters).build(),
                ))
                .await
                .context("listing tasks")?;
            for task in tasks {
                let status = task.status.unwrap_or_default();
                if status.state != Some(TaskState::RUNNING) {
                    if let Some(err) = status.err {
                        anyhow::bail!(
                            "task {} is {:?}: {err}",
                            task.id.unwrap_or_default(),
                            status.state
                        );
                    }
                    continue;
                }
                let container_id = status.container_status.and_then(|c| c.container_id);
                if let (Some(task_id), Some(node_id), Some(container_id)) =
                    (task.id, task.node_id, container_id)
                {
                    return Ok(Some(RunningTask {
                        task_id,
                        node_id,
                        container_id,
                    }));
                }
            }
            Ok(None)
        })
        .await
    }
}

impl Drop for ServiceFixture {
    fn drop(&mut self) {
        match self.lab.docker_cli("lab1", &["service", "rm", &self.name]) {
            Ok(out) if out.status.success() => {}
            Ok(out) => eprintln!(
                "e2e clean-up: removing service {} failed: {}",
                self.name,
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            Err(e) => eprintln!("e2e clean-up: removing service {}: {e:#}", self.name),
        }
    }
}
