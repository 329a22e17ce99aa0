//! One spawn, timed from its request to its task running: through the API
//! ([`timed_api`]: `POST /orchestrate/{template}/clone`) or straight on the Engine
//! ([`timed_floor`]: `POST /services/create` of the clone's own spec, the floor), over the same
//! kind of connection ([`super::http`]).
//!
//! Both are waited for the same way ([`wait_running`]): the manager is asked every 50 ms for
//! the service's tasks until one is `running`. The clone has a health check, and Swarm keeps
//! such a task `starting` until the container's first check passed: `running` is healthy. It
//! is also what the API's `GET …/clones/{node_id}/health` calls healthy (the controller's
//! `orchestration/swarm/view.rs`), which the benchmark checks once per clone, untimed. One
//! poller for both sides means one resolution (50 ms plus a task listing) for both.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use bollard::Docker;
use bollard::models::TaskState;
use bollard::query_parameters::ListTasksOptionsBuilder;
use bosun_e2e::orchestration::spawn_body;
use serde_json::Value;

use super::http::Conn;

/// How often the manager is asked whether the task runs.
const POLL: Duration = Duration::from_millis(50);

/// A clone the API made.
#[derive(Debug, Clone)]
pub struct Made {
    pub node_id: String,
    pub service_id: String,
    pub service_name: String,
    pub port: u16,
}

/// `POST /orchestrate/{template}/clone` for `node_id`, then its task running: the clone and
/// the time that took.
pub async fn timed_api(
    api: &mut Conn,
    docker: &Docker,
    token: &str,
    template: &str,
    node_id: &str,
    timeout: Duration,
) -> Result<(Made, Duration)> {
    let start = Instant::now();
    let made = spawn(api, token, template, node_id).await?;
    wait_running(docker, &made.service_name, timeout).await?;
    Ok((made, start.elapsed()))
}

/// `POST /services/create` of `spec` on the Engine, then its task running: the time that took.
pub async fn timed_floor(
    engine: &mut Conn,
    docker: &Docker,
    spec: &Value,
    timeout: Duration,
) -> Result<Duration> {
    let name = spec["Name"].as_str().unwrap_or_default().to_owned();
    let start = Instant::now();
    create(engine, spec).await?;
    wait_running(docker, &name, timeout).await?;
    Ok(start.elapsed())
}

/// `POST /orchestrate/{template}/clone` for `node_id` (any free port of the pool), which must
/// answer 201: the clone it made.
pub async fn spawn(api: &mut Conn, token: &str, template: &str, node_id: &str) -> Result<Made> {
    let path = format!("/orchestrate/{template}/clone");
    let body = spawn_body(node_id, None);
    let (status, answer) = api.send("POST", &path, Some(token), Some(body)).await?;
    ensure!(
        status == 201,
        "spawning {node_id}: {status} {}",
        text(&answer)
    );
    let clone: Value = serde_json::from_slice(&answer)
        .with_context(|| format!("the spawn of {node_id} answered {}", text(&answer)))?;
    let field = |key: &str| {
        clone[key]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("the spawn of {node_id} answered no {key}: {clone}"))
    };
    let port = clone["port"]
        .as_u64()
        .and_then(|p| u16::try_from(p).ok())
        .with_context(|| format!("the spawn of {node_id} answered no port: {clone}"))?;
    Ok(Made {
        node_id: node_id.to_owned(),
        service_id: field("service_id")?,
        service_name: field("service_name")?,
        port,
    })
}

/// `POST /services/create` of `spec` (the Engine's JSON) on the Engine, which must answer
/// 201: the service's id.
pub async fn create(engine: &mut Conn, spec: &Value) -> Result<String> {
    let name = spec["Name"].as_str().unwrap_or_default();
    let (status, answer) = engine
        .send("POST", "/services/create", None, Some(spec.to_string()))
        .await?;
    ensure!(status == 201, "creating {name}: {status} {}", text(&answer));
    let created: Value = serde_json::from_slice(&answer)
        .with_context(|| format!("creating {name} answered {}", text(&answer)))?;
    created["ID"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("creating {name} answered no ID: {created}"))
}

/// Returns once a task of `service` that Swarm means to run is `running`; fails at once when
/// one failed or was rejected, and after `timeout`.
pub async fn wait_running(docker: &Docker, service: &str, timeout: Duration) -> Result<()> {
    let deadline = Instant::now() + timeout;
    let filters = HashMap::from([
        ("service", vec![service.to_owned()]),
        ("desired-state", vec!["running".to_owned()]),
    ]);
    let options = ListTasksOptionsBuilder::new().filters(&filters).build();
    loop {
        let tasks = docker
            .list_tasks(Some(options.clone()))
            .await
            .with_context(|| format!("listing the tasks of {service}"))?;
        for task in tasks {
            let status = task.status.unwrap_or_default();
            match status.state {
                Some(TaskState::RUNNING) => return Ok(()),
                Some(TaskState::FAILED | TaskState::REJECTED) => bail!(
                    "a task of {service} is {:?}: {}",
                    status.state,
                    status.err.unwrap_or_default()
                ),
                _ => {}
            }
        }
        if Instant::now() >= deadline {
            bail!("no task of {service} ran within {timeout:?}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The spec of `service` as the Engine stores it (`GET /services/{name}`, `Spec`).
pub async fn spec_of(engine: &mut Conn, service: &str) -> Result<Value> {
    let (status, answer) = engine
        .send("GET", &format!("/services/{service}"), None, None)
        .await?;
    ensure!(
        status == 200,
        "inspecting {service}: {status} {}",
        text(&answer)
    );
    let mut inspected: Value = serde_json::from_slice(&answer)
        .with_context(|| format!("inspecting {service} answered {}", text(&answer)))?;
    let spec = inspected["Spec"].take();
    ensure!(spec.is_object(), "{service} has no spec");
    Ok(spec)
}

/// An answer's body for an error message, cut short.
pub fn text(body: &[u8]) -> String {
    let all = String::from_utf8_lossy(body);
    all.chars().take(300).collect()
}
