use std::collections::HashMap;

use bollard::models::{ContainerStatus, NodeSpec, NodeStatus};

use super::*;
use crate::orchestration::template::render;
use crate::orchestration::template::tests::{body, mongodb};

const JOB: PurgeJob<'static> = PurgeJob {
    instance: "bosun",
    template: "mongodb",
    node_id: "node_a1",
    image: "bosun/proxy:1",
    docker_socket: "/run/docker.sock",
};

/// The `--label` values of an argv, as a map.
fn label_args(args: &[String]) -> HashMap<String, String> {
    args.windows(2)
        .filter(|w| w[0] == "--label")
        .filter_map(|w| w[1].split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn arg_after<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    args.windows(2)
        .find(|w| w[0] == flag)
        .map(|w| w[1].as_str())
}

#[test]
fn the_purge_names_exactly_the_volume_and_labels_the_clone_was_rendered_with() {
    let template = mongodb();
    let params = template.validate(&body()).unwrap_or_else(|e| panic!("{e}"));
    let resolved = crate::orchestration::template::Resolved {
        instance: "bosun",
        network_id: "k2j3h4g5f6d7",
        port: Some(27020),
        owner: "ops",
    };
    let clone = render("mongodb", &template, &params, &resolved).unwrap_or_else(|e| panic!("{e}"));
    let mount = clone
        .task_template
        .and_then(|t| t.container_spec)
        .and_then(|c| c.mounts)
        .and_then(|m| m.into_iter().next())
        .unwrap_or_else(|| panic!("the clone mounts its volume"));
    let clone_labels = mount
        .volume_options
        .and_then(|o| o.labels)
        .unwrap_or_default();

    let args = JOB.args();
    assert_eq!(args[0], "purge-volume");
    assert_eq!(arg_after(&args, "--name"), mount.source.as_deref());
    assert_eq!(label_args(&args), clone_labels);
    assert!(clone_labels.contains_key(names::CLONE), "{clone_labels:?}");
    assert_eq!(arg_after(&args, "--wait"), Some("60s"));
}

#[test]
fn the_purge_runs_once_on_every_node_with_the_nodes_socket_and_nothing_else() {
    let spec = JOB.spec();
    assert_eq!(spec.name.as_deref(), Some("bosun-purge-mongodb-node_a1"));
    assert_eq!(
        spec.name.as_ref().map(String::len),
        Some(
            crate::orchestration::template::clone_service_name("bosun", "mongodb", "node_a1").len()
        ),
        "as long as the clone's name, which fits Docker's 63"
    );
    let mode = spec.mode.clone().unwrap_or_default();
    assert!(mode.global.is_some() && mode.replicated.is_none());
    let labels = spec.labels.clone().unwrap_or_default();
    assert_eq!(
        labels.get(names::KIND).map(String::as_str),
        Some(names::KIND_VOLUME_PURGE)
    );
    assert!(Naming::new("bosun").owns(Some(&labels)));
    assert_eq!(
        labels.get(names::CLONE).map(String::as_str),
        Some("mongodb/node_a1")
    );

    let task = spec.task_template.unwrap_or_default();
    let restart = task.restart_policy.and_then(|r| r.condition);
    assert_eq!(
        restart,
        Some(TaskSpecRestartPolicyConditionEnum::NONE),
        "runs once"
    );
    assert!(task.networks.is_none() && task.placement.is_none());
    let container = task.container_spec.unwrap_or_default();
    assert_eq!(container.image.as_deref(), Some("bosun/proxy:1"));
    assert_eq!(container.read_only, Some(true));
    let mounts = container.mounts.unwrap_or_default();
    assert_eq!(mounts.len(), 1);
    assert_eq!(mounts[0].typ, Some(MountType::BIND));
    assert_eq!(mounts[0].source.as_deref(), Some("/run/docker.sock"));
    assert_eq!(mounts[0].target.as_deref(), Some("/var/run/docker.sock"));
    assert!(container.privileges.is_none() && container.capability_add.is_none());
    assert!(spec.endpoint_spec.is_none(), "publishes nothing");
}

fn node(id: &str, state: NodeState, availability: NodeSpecAvailabilityEnum) -> Node {
    Node {
        id: Some(id.into()),
        status: Some(NodeStatus {
            state: Some(state),
            ..Default::default()
        }),
        spec: Some(NodeSpec {
            availability: Some(availability),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn only_ready_active_nodes_are_waited_for() {
    use NodeSpecAvailabilityEnum::{ACTIVE, DRAIN, PAUSE};
    let nodes = [
        node("n1", NodeState::READY, ACTIVE),
        node("n2", NodeState::DOWN, ACTIVE),
        node("n3", NodeState::READY, DRAIN),
        node("n4", NodeState::READY, PAUSE),
        node("n5", NodeState::READY, ACTIVE),
    ];
    assert_eq!(
        taking_tasks(&nodes),
        BTreeSet::from(["n1".into(), "n5".into()])
    );
}

/// A task of the purge on `node` at version `index`, in `state`, its container's exit code.
fn task(node: &str, index: u64, state: TaskState, exit: Option<i64>) -> Task {
    let mut task = crate::orchestration::swarm::view::tests::task(index, TaskState::RUNNING, state);
    task.node_id = Some(node.into());
    if let Some(status) = task.status.as_mut() {
        status.err = Some("task: non-zero exit".into());
        status.container_status = exit.map(|c| ContainerStatus {
            exit_code: Some(c),
            ..Default::default()
        });
    }
    task
}

#[test]
fn the_purge_is_done_once_every_node_ended_and_says_where_it_failed() {
    let nodes = BTreeSet::from(["n1".to_string(), "n2".to_string()]);
    let n1_done = task("n1", 3, TaskState::COMPLETE, Some(0));
    assert_eq!(
        progress(std::slice::from_ref(&n1_done), &nodes),
        Progress::Running,
        "n2 has no task yet"
    );
    let n2_running = task("n2", 4, TaskState::RUNNING, None);
    assert_eq!(
        progress(&[n1_done.clone(), n2_running.clone()], &nodes),
        Progress::Running
    );
    assert_eq!(unfinished(&[n1_done.clone(), n2_running], &nodes).len(), 1);

    let n2_done = task("n2", 5, TaskState::COMPLETE, Some(0));
    assert_eq!(
        progress(&[n1_done.clone(), n2_done], &nodes),
        Progress::Done(vec![])
    );

    let n2_kept = task("n2", 5, TaskState::FAILED, Some(3));
    match progress(&[n1_done.clone(), n2_kept], &nodes) {
        Progress::Done(failures) => {
            assert_eq!(failures.len(), 1);
            assert!(failures[0].starts_with("node n2: a volume of that name is not the clone's"));
        }
        Progress::Running => panic!("every node ended"),
    }
    let n2_rejected = task("n2", 5, TaskState::REJECTED, None);
    let Progress::Done(failures) = progress(&[n1_done, n2_rejected], &nodes) else {
        panic!("a rejected task has ended");
    };
    assert!(
        failures[0].contains("rejected: task: non-zero exit"),
        "{failures:?}"
    );
}

fn purge_service(instance: &str, kind: &str, created: &str) -> Service {
    let mut labels = Naming::new(instance).instance_labels(kind);
    labels.insert(names::CLONE.into(), "mongodb/node_a".into());
    Service {
        id: Some(format!("{instance}-{kind}-{created}")),
        created_at: Some(created.into()),
        spec: Some(ServiceSpec {
            labels: Some(labels),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn only_this_instances_purges_older_than_any_wait_are_left_behind() {
    let now = unix_ms(Some("2024-01-01T01:00:00Z")).unwrap_or_default();
    let services = [
        purge_service("bosun", names::KIND_VOLUME_PURGE, "2024-01-01T00:00:00Z"),
        purge_service("bosun", names::KIND_VOLUME_PURGE, "2024-01-01T00:59:00Z"),
        purge_service("blue", names::KIND_VOLUME_PURGE, "2024-01-01T00:00:00Z"),
        purge_service("bosun", names::KIND_CLONE, "2024-01-01T00:00:00Z"),
    ];
    let stale: Vec<_> = stale(&services, "bosun", now)
        .into_iter()
        .filter_map(|s| s.id.clone())
        .collect();
    assert_eq!(
        stale,
        vec!["bosun-volume-purge-2024-01-01T00:00:00Z".to_string()]
    );
}
