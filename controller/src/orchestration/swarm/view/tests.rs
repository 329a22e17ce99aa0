use bollard::models::{
    ObjectVersion, ServiceSpec, ServiceSpecMode, ServiceSpecModeReplicated, TaskStatus,
};

use super::*;

/// A clone of `mongodb` for `node_a` (instance `bosun`, service `svc1`) asking for `replicas`.
pub fn clone_service(replicas: i64) -> Service {
    let mut labels = names::Naming::new("bosun").instance_labels(names::KIND_CLONE);
    labels.insert(names::TEMPLATE.into(), "mongodb".into());
    labels.insert(names::NODE_ID.into(), "node_a".into());
    labels.insert(names::OWNER.into(), "ops".into());
    labels.insert(names::PORT.into(), "27100".into());
    labels.insert(
        PARAMS_LABEL.into(),
        r#"{"node_id":"node_a","port":27100}"#.into(),
    );
    Service {
        id: Some("svc1".into()),
        spec: Some(ServiceSpec {
            name: Some("bosun-clone-mongodb-node_a".into()),
            labels: Some(labels),
            mode: Some(ServiceSpecMode {
                replicated: Some(ServiceSpecModeReplicated {
                    replicas: Some(replicas),
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A task of `svc1` at version `index`.
pub fn task(index: u64, desired: TaskState, state: TaskState) -> Task {
    Task {
        service_id: Some("svc1".into()),
        version: Some(ObjectVersion { index: Some(index) }),
        desired_state: Some(desired),
        status: Some(TaskStatus {
            state: Some(state),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn a_clone_is_known_by_its_labels() {
    let service = clone_service(1);
    assert!(is_clone(&service, "bosun", None));
    assert!(is_clone(&service, "bosun", Some("mongodb")));
    assert!(!is_clone(&service, "bosun", Some("redis")));
    assert!(!is_clone(&service, "blue", None), "another instance's");
    assert!(!is_clone(&Service::default(), "bosun", None));
}

#[test]
fn the_view_reads_labels_and_the_newest_wanted_task() {
    let tasks = [
        task(5, TaskState::SHUTDOWN, TaskState::FAILED),
        task(9, TaskState::RUNNING, TaskState::STARTING),
        task(7, TaskState::RUNNING, TaskState::RUNNING),
    ];
    let view = clone_view(&clone_service(1), &tasks);
    assert_eq!(view.node_id, "node_a");
    assert_eq!(view.owner, "ops");
    assert_eq!(view.port, Some(27100));
    assert_eq!(view.state, "starting", "the newest task wanted running");
    assert_eq!(view.params.get("port"), Some(&Value::from(27100)));
    assert_eq!(clone_view(&clone_service(1), &[]).state, "pending");
    assert_eq!(clone_view(&clone_service(0), &tasks).state, STOPPED);
}

#[test]
fn healthy_only_once_the_task_runs() {
    let starting = [task(2, TaskState::RUNNING, TaskState::STARTING)];
    let h = health(&clone_service(1), &starting, true);
    assert!(!h.healthy);
    assert_eq!(h.health.as_deref(), Some("starting"));
    let running = [task(3, TaskState::RUNNING, TaskState::RUNNING)];
    let h = health(&clone_service(1), &running, true);
    assert!(h.healthy);
    assert_eq!(
        (h.task_state.as_str(), h.health.as_deref()),
        ("running", Some("healthy"))
    );
    let h = health(&clone_service(1), &running, false);
    assert!(h.healthy && h.health.is_none(), "no check, no verdict");
    assert!(
        !health(&clone_service(0), &running, true).healthy,
        "stopped"
    );
}
