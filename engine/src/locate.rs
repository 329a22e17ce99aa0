//! Finding the container of a service's running task on this node.
//!
//! Swarm labels every task container with `com.docker.swarm.service.name`, `…service.id`,
//! `…task.id` and `…node.id`; a label filter on the local engine finds it without the
//! manager-only tasks API.
//!
//! The name label alone proves nothing: anyone who can `docker run --label
//! com.docker.swarm.service.name=nc …` on the node can make a look-alike. So a container counts
//! only when every label Swarm sets agrees: the service name, the service id (when the caller
//! knows it), a task id, and the node id, which must be this engine's own Swarm node id (from
//! `docker info`). [`select_task_container`] is that rule as a pure function; a look-alike made
//! by someone who can run containers here can still copy all four labels, which is why the
//! threat model (`docs/proxy.md`) stops at "whoever runs containers on the node owns it".

use std::collections::HashMap;

use bollard::Docker;
use bollard::models::ContainerSummary;
use bollard::query_parameters::ListContainersOptionsBuilder;

use super::EngineError;

const SERVICE_NAME_LABEL: &str = "com.docker.swarm.service.name";
const SERVICE_ID_LABEL: &str = "com.docker.swarm.service.id";
const TASK_LABEL: &str = "com.docker.swarm.task.id";
const NODE_LABEL: &str = "com.docker.swarm.node.id";

/// A running task container of a service, on the engine that was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskContainer {
    pub container_id: String,
    pub task_id: String,
    pub service: String,
}

/// The service whose task is wanted: its name, and its id when the caller knows it (the proxy
/// is given it by the controller; without it, name and node id are checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskQuery {
    pub service: String,
    pub service_id: Option<String>,
}

impl TaskQuery {
    pub fn by_name(service: &str) -> TaskQuery {
        TaskQuery {
            service: service.to_owned(),
            service_id: None,
        }
    }
}

/// Finds a running task container of `service` on this engine's node (by name and node id).
pub async fn find_task_container(
    docker: &Docker,
    service: &str,
) -> Result<TaskContainer, EngineError> {
    find_task(docker, &TaskQuery::by_name(service)).await
}

/// Finds a running task container of `query`'s service that Swarm made on this engine's node.
/// When several run here, the newest one is chosen: during a start-first update the new task
/// runs beside the old one, which Swarm is about to stop (and a command in it would die with
/// it); otherwise repeated calls agree.
pub async fn find_task(docker: &Docker, query: &TaskQuery) -> Result<TaskContainer, EngineError> {
    find_task_where(docker, query, |_| true).await
}

/// As [`find_task`], among the containers whose id `usable` accepts (the proxy leaves out the
/// ones Swarm has begun to stop).
pub async fn find_task_where(
    docker: &Docker,
    query: &TaskQuery,
    usable: impl Fn(&str) -> bool,
) -> Result<TaskContainer, EngineError> {
    let node = this_node(docker).await?;
    find_task_on(docker, &node, query, usable).await
}

/// As [`find_task_where`], on a node already looked up with [`this_node`]. A caller that looks
/// often (the proxy) keeps the node: `docker info` on a manager waits for a raft leader, and
/// a raft election (a manager going down) would stall every lookup for seconds.
pub async fn find_task_on(
    docker: &Docker,
    node: &ThisNode,
    query: &TaskQuery,
    usable: impl Fn(&str) -> bool,
) -> Result<TaskContainer, EngineError> {
    let (node_id, node_name) = (node.id.clone(), node.name.clone());
    let service = &query.service;
    let filters = HashMap::from([
        ("label", vec![format!("{SERVICE_NAME_LABEL}={service}")]),
        ("status", vec!["running".to_owned()]),
    ]);
    let options = ListContainersOptionsBuilder::new()
        .filters(&filters)
        .build();
    let found = docker
        .list_containers(Some(options))
        .await
        .map_err(EngineError::api(format!(
            "listing the containers of service {service}"
        )))?;
    let found = found
        .into_iter()
        .filter(|c| c.id.as_deref().is_some_and(&usable))
        .collect();
    // An engine outside a swarm has no node id, and so no task container of any service.
    let selected = node_id.and_then(|node| select_task_container(found, query, &node));
    selected.ok_or_else(|| EngineError::NoTaskOnNode {
        service: service.clone(),
        node: node_name,
    })
}

/// An engine's Swarm node: its id (`None` outside a swarm) and its name, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThisNode {
    pub id: Option<String>,
    pub name: String,
}

/// This engine's Swarm node (`docker info`).
pub async fn this_node(docker: &Docker) -> Result<ThisNode, EngineError> {
    let info = docker.info().await.map_err(EngineError::api(
        "reading the engine's swarm node id (docker info)",
    ))?;
    let id = info
        .swarm
        .and_then(|s| s.node_id)
        .filter(|id| !id.is_empty());
    Ok(ThisNode {
        id,
        name: info.name.unwrap_or_else(|| "unknown".into()),
    })
}

/// The newest of `containers` that Swarm made for a task of `query`'s service on node
/// `node_id`: name, node id and (when given) service id labels equal, a task id present.
pub fn select_task_container(
    containers: Vec<ContainerSummary>,
    query: &TaskQuery,
    node_id: &str,
) -> Option<TaskContainer> {
    let mut candidates: Vec<(i64, TaskContainer)> = containers
        .into_iter()
        .filter_map(|c| {
            let labels = c.labels.as_ref()?;
            let is = |key: &str, want: &str| labels.get(key).is_some_and(|v| v == want);
            let service_id_ok = query
                .service_id
                .as_deref()
                .is_none_or(|id| is(SERVICE_ID_LABEL, id));
            let task_id = labels.get(TASK_LABEL).filter(|t| !t.is_empty())?.clone();
            let ours = is(SERVICE_NAME_LABEL, &query.service) && is(NODE_LABEL, node_id);
            let container = TaskContainer {
                container_id: c.id.clone().filter(|id| !id.is_empty())?,
                task_id,
                service: query.service.clone(),
            };
            (ours && service_id_ok).then(|| (c.created.unwrap_or(i64::MIN), container))
        })
        .collect();
    // newest first; the id breaks a tie (`Created` is in seconds)
    candidates.sort_by(|(a, x), (b, y)| b.cmp(a).then_with(|| x.container_id.cmp(&y.container_id)));
    candidates.into_iter().next().map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NODE: &str = "node-a";

    fn container(id: &str, created: i64, labels: &[(&str, &str)]) -> ContainerSummary {
        ContainerSummary {
            id: Some(id.to_owned()),
            created: Some(created),
            labels: Some(
                labels
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            ),
            ..Default::default()
        }
    }

    /// The four labels Swarm puts on a task container of `nc` (id `svc-nc`), with overrides.
    fn task(id: &str, created: i64, overrides: &[(&str, &str)]) -> ContainerSummary {
        let mut labels = vec![
            (SERVICE_NAME_LABEL, "nc"),
            (SERVICE_ID_LABEL, "svc-nc"),
            (TASK_LABEL, "task-1"),
            (NODE_LABEL, NODE),
        ];
        for (k, v) in overrides {
            labels.retain(|(key, _)| key != k);
            labels.push((k, v));
        }
        container(id, created, &labels)
    }

    fn query(service_id: Option<&str>) -> TaskQuery {
        TaskQuery {
            service: "nc".into(),
            service_id: service_id.map(str::to_owned),
        }
    }

    fn chosen(containers: Vec<ContainerSummary>, q: &TaskQuery) -> Option<String> {
        select_task_container(containers, q, NODE).map(|c| c.container_id)
    }

    #[test]
    fn only_a_swarm_task_of_the_service_on_this_node_is_chosen() {
        // older look-alikes first, so that a rule that ignored a label would pick them
        let candidates = vec![
            container("name-only", 1, &[(SERVICE_NAME_LABEL, "nc")]),
            task("other-node", 2, &[(NODE_LABEL, "node-b")]),
            task("other-service-id", 3, &[(SERVICE_ID_LABEL, "svc-evil")]),
            task("no-task-id", 4, &[(TASK_LABEL, "")]),
            task("other-name", 5, &[(SERVICE_NAME_LABEL, "photos")]),
            task("real", 6, &[]),
        ];
        let found = select_task_container(candidates, &query(Some("svc-nc")), NODE).unwrap();
        assert_eq!(
            found,
            TaskContainer {
                container_id: "real".into(),
                task_id: "task-1".into(),
                service: "nc".into(),
            }
        );
    }

    #[test]
    fn without_a_service_id_name_node_and_task_are_still_checked() {
        let q = query(None);
        let lookalikes = || {
            vec![
                container("name-only", 1, &[(SERVICE_NAME_LABEL, "nc")]),
                task("other-node", 2, &[(NODE_LABEL, "node-b")]),
            ]
        };
        assert_eq!(chosen(lookalikes(), &q), None);
        let mut with_real = lookalikes();
        with_real.push(task("real", 9, &[(SERVICE_ID_LABEL, "whatever")]));
        assert_eq!(chosen(with_real, &q).as_deref(), Some("real"));
    }

    #[test]
    fn the_newest_replica_wins_and_nothing_is_none() {
        // a start-first update: the new task runs beside the old one Swarm is about to stop
        let q = query(Some("svc-nc"));
        let two = vec![task("old", 10, &[]), task("new", 20, &[])];
        assert_eq!(chosen(two, &q).as_deref(), Some("new"));
        let same_second = vec![task("b", 20, &[]), task("a", 20, &[])];
        assert_eq!(chosen(same_second, &q).as_deref(), Some("a"));
        assert_eq!(chosen(Vec::new(), &q), None);
        assert_eq!(
            chosen(vec![task("x", 1, &[])], &query(Some("svc-other"))),
            None
        );
    }
}
