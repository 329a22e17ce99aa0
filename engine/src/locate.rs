//! Finding the container of a service's running task on this node.
//!
//! Swarm labels every task container with `com.docker.swarm.service.name`, `…task.id` and
//! `…node.id`; a label filter on the local engine finds it without the manager-only tasks API.

use std::collections::HashMap;

use bollard::Docker;
use bollard::query_parameters::ListContainersOptionsBuilder;

use super::{EngineError, node_name};

const SERVICE_LABEL: &str = "com.docker.swarm.service.name";
const TASK_LABEL: &str = "com.docker.swarm.task.id";

/// A running task container of a service, on the engine that was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskContainer {
    pub container_id: String,
    pub task_id: String,
    pub service: String,
}

/// Finds a running task container of `service` on this engine's node. When several replicas
/// run here, the oldest one is chosen, so repeated calls agree.
pub async fn find_task_container(
    docker: &Docker,
    service: &str,
) -> Result<TaskContainer, EngineError> {
    let filters = HashMap::from([
        ("label", vec![format!("{SERVICE_LABEL}={service}")]),
        ("status", vec!["running".to_owned()]),
    ]);
    let options = ListContainersOptionsBuilder::new()
        .filters(&filters)
        .build();
    let mut found = docker
        .list_containers(Some(options))
        .await
        .map_err(EngineError::api(format!(
            "listing the containers of service {service}"
        )))?;
    found.sort_by_key(|c| c.created.unwrap_or(i64::MAX));
    let Some(container) = found.into_iter().find(|c| c.id.is_some()) else {
        return Err(EngineError::NoTaskOnNode {
            service: service.to_owned(),
            node: node_name(docker).await,
        });
    };
    let task_id = container
        .labels
        .as_ref()
        .and_then(|l| l.get(TASK_LABEL).cloned())
        .unwrap_or_default();
    Ok(TaskContainer {
        container_id: container.id.unwrap_or_default(),
        task_id,
        service: service.to_owned(),
    })
}
