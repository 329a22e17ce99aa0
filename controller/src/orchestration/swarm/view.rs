//! What the API shows of a clone, read from Swarm alone: its service's labels say which
//! template and node id it is, who owns it and which port it publishes; its tasks say how it
//! runs. Pure functions over bollard's types, so they are tested without an Engine.
//!
//! The clone's parameters travel in one label of its own ([`PARAMS_LABEL`], JSON): the spec
//! holds them too, but spread over argv and environment, where reading them back would mean
//! parsing the template backwards.

use std::collections::HashMap;

use bollard::models::{Service, Task, TaskState};
use serde_json::{Map, Value};

use crate::model::names;
use crate::orchestration::api::backend::{CloneHealth, CloneView, ServiceView};

/// The label holding a clone's parameters (a JSON object), set by the spawn.
pub const PARAMS_LABEL: &str = "bosun.clone-params";

/// What a clone whose service wants no replica shows as its state.
pub const STOPPED: &str = "stopped";

/// A service's labels (empty when it has none).
fn labels(service: &Service) -> Option<&HashMap<String, String>> {
    service.spec.as_ref()?.labels.as_ref()
}

fn label<'a>(service: &'a Service, key: &str) -> &'a str {
    labels(service)
        .and_then(|l| l.get(key))
        .map_or("", String::as_str)
}

/// Whether `service` is a clone of `instance` (of `template`, when given).
pub fn is_clone(service: &Service, instance: &str, template: Option<&str>) -> bool {
    names::Naming::new(instance).owns(labels(service))
        && label(service, names::KIND) == names::KIND_CLONE
        && template.is_none_or(|t| label(service, names::TEMPLATE) == t)
}

/// The replicas the service asks for (a clone is always replicated).
pub fn replicas(service: &Service) -> u64 {
    service
        .spec
        .as_ref()
        .and_then(|s| s.mode.as_ref()?.replicated.as_ref()?.replicas)
        .and_then(|r| u64::try_from(r).ok())
        .unwrap_or(0)
}

/// The service's newest task that Swarm means to run (the one to report), if any.
pub fn current_task<'a>(service_id: &str, tasks: &'a [Task]) -> Option<&'a Task> {
    tasks
        .iter()
        .filter(|t| t.service_id.as_deref() == Some(service_id))
        .filter(|t| t.desired_state == Some(TaskState::RUNNING))
        .max_by_key(|t| t.version.as_ref().and_then(|v| v.index).unwrap_or(0))
}

/// The task's state as Swarm reports it (`starting`, `running`, `failed`, …).
fn task_state(task: &Task) -> String {
    task.status
        .as_ref()
        .and_then(|s| s.state)
        .map_or_else(|| "unknown".to_string(), |s| s.to_string())
}

/// The clone's state: `stopped` when it wants no replica, else its current task's state
/// (`pending` before Swarm made one).
pub fn state(service: &Service, tasks: &[Task]) -> String {
    if replicas(service) == 0 {
        return STOPPED.into();
    }
    let id = service.id.as_deref().unwrap_or_default();
    current_task(id, tasks).map_or_else(|| "pending".into(), task_state)
}

/// The clone as the API shows it.
pub fn clone_view(service: &Service, tasks: &[Task]) -> CloneView {
    let params: Map<String, Value> =
        serde_json::from_str(label(service, PARAMS_LABEL)).unwrap_or_default();
    CloneView {
        template: label(service, names::TEMPLATE).into(),
        node_id: label(service, names::NODE_ID).into(),
        service_id: service.id.clone().unwrap_or_default(),
        service_name: service
            .spec
            .as_ref()
            .and_then(|s| s.name.clone())
            .unwrap_or_default(),
        owner: label(service, names::OWNER).into(),
        port: label(service, names::PORT).parse().ok(),
        state: state(service, tasks),
        params,
    }
}

/// The service as the lifecycle routes show it.
pub fn service_view(service: &Service, tasks: &[Task]) -> ServiceView {
    let id = service.id.clone().unwrap_or_default();
    let running = tasks
        .iter()
        .filter(|t| t.service_id.as_deref() == Some(id.as_str()))
        .filter(|t| t.status.as_ref().and_then(|s| s.state) == Some(TaskState::RUNNING))
        .count();
    ServiceView {
        service_name: service
            .spec
            .as_ref()
            .and_then(|s| s.name.clone())
            .unwrap_or_default(),
        service_id: id,
        template: label(service, names::TEMPLATE).into(),
        node_id: label(service, names::NODE_ID).into(),
        owner: label(service, names::OWNER).into(),
        replicas: replicas(service),
        running: running as u64,
    }
}

/// The clone's health. Swarm keeps a task whose container has a health check in `starting`
/// until the check passed, and only then reports `running` (a failing check gets the task
/// replaced): the task state carries the check's verdict. The manager's API has no way to
/// read the container itself (it may be on another node), so `health` is that verdict as
/// the task state tells it: `healthy` once running, `starting` before, nothing otherwise.
pub fn health(service: &Service, tasks: &[Task], has_check: bool) -> CloneHealth {
    let task_state = state(service, tasks);
    let health = match task_state.as_str() {
        "running" if has_check => Some("healthy".to_string()),
        "starting" if has_check => Some("starting".to_string()),
        _ => None,
    };
    CloneHealth {
        node_id: label(service, names::NODE_ID).into(),
        healthy: task_state == "running",
        task_state,
        health,
    }
}

#[cfg(test)]
pub(super) mod tests;
