//! What the swarm holds of one instance's orchestration objects, read with the docker CLI as an
//! operator would (never through the API under test): its services with their labels and
//! published ports, the clones' named volumes on every node, the pending requests' configs, the
//! services that publish a port of a pool, and where a service's task runs. And the clean-up
//! of the volumes, which the controller fixture's sweep (services, secrets, configs) leaves.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::Lab;
use crate::controller::NODE;

/// The label every object of an instance carries.
const INSTANCE: &str = "bosun.instance";
/// The `bosun.kind` of a pending request's config.
pub const KIND_REQUEST: &str = "orch-request";

/// A service as `docker service inspect` shows it, the parts the tests read.
#[derive(Debug, Clone)]
pub struct SwarmService {
    pub id: String,
    pub name: String,
    pub labels: BTreeMap<String, String>,
    /// The ports its spec publishes.
    pub published: Vec<u16>,
    /// The replicas its spec asks for.
    pub replicas: Option<u64>,
}

impl SwarmService {
    fn from_inspect(v: &Value) -> SwarmService {
        let spec = &v["Spec"];
        let labels = spec["Labels"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let published = spec["EndpointSpec"]["Ports"]
            .as_array()
            .map(|ports| {
                ports
                    .iter()
                    .filter_map(|p| p["PublishedPort"].as_u64())
                    .filter_map(|p| u16::try_from(p).ok())
                    .collect()
            })
            .unwrap_or_default();
        SwarmService {
            id: v["ID"].as_str().unwrap_or_default().to_owned(),
            name: spec["Name"].as_str().unwrap_or_default().to_owned(),
            labels,
            published,
            replicas: spec["Mode"]["Replicated"]["Replicas"].as_u64(),
        }
    }

    /// The value of label `key` (empty when absent).
    pub fn label(&self, key: &str) -> &str {
        self.labels.get(key).map_or("", String::as_str)
    }
}

/// The services whose ids `ls` lists, inspected.
fn inspect_listed(lab: &Lab, ls: &[&str]) -> Result<Vec<SwarmService>> {
    let ids = lab.cli_on(NODE, ls)?;
    let ids: Vec<&str> = ids.split_whitespace().collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = vec!["service", "inspect"];
    args.extend(&ids);
    // A service removed between the listing and the inspection fails the whole call: list again.
    let text = match lab.cli_on(NODE, &args) {
        Ok(text) => text,
        Err(_) => return inspect_again(lab, ls),
    };
    let all: Vec<Value> = serde_json::from_str(&text).context("docker service inspect's JSON")?;
    Ok(all.iter().map(SwarmService::from_inspect).collect())
}

/// [`inspect_listed`] once more, one service at a time, leaving out those that are gone.
fn inspect_again(lab: &Lab, ls: &[&str]) -> Result<Vec<SwarmService>> {
    let ids = lab.cli_on(NODE, ls)?;
    let mut services = Vec::new();
    for id in ids.split_whitespace() {
        if let Ok(text) = lab.cli_on(NODE, &["service", "inspect", id]) {
            let one: Vec<Value> = serde_json::from_str(&text).context("service inspect JSON")?;
            services.extend(one.iter().map(SwarmService::from_inspect));
        }
    }
    Ok(services)
}

/// Every service of `instance` (clones, volume purges, anything it labelled), sorted by name.
pub fn services(lab: &Lab, instance: &str) -> Result<Vec<SwarmService>> {
    let filter = format!("label={INSTANCE}={instance}");
    let mut services = inspect_listed(lab, &["service", "ls", "-q", "--filter", &filter])?;
    services.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(services)
}

/// Every service of the swarm, whoever made it, that publishes a port in `pool`: (its name,
/// the port).
pub fn pool_users(lab: &Lab, pool: (u16, u16)) -> Result<Vec<(String, u16)>> {
    let all = inspect_listed(lab, &["service", "ls", "-q"])?;
    let mut users: Vec<(String, u16)> = all
        .iter()
        .flat_map(|s| s.published.iter().map(|p| (s.name.clone(), *p)))
        .filter(|(_, p)| (pool.0..=pool.1).contains(p))
        .collect();
    users.sort();
    Ok(users)
}

/// The volumes of `instance` on every node of the lab: (node, volume name), sorted.
pub fn volumes(lab: &Lab, instance: &str) -> Result<Vec<(String, String)>> {
    let filter = format!("label={INSTANCE}={instance}");
    let mut found = Vec::new();
    for node in lab.nodes()? {
        let names = lab.cli_on(&node, &["volume", "ls", "-q", "--filter", &filter])?;
        found.extend(
            names
                .split_whitespace()
                .map(|n| (node.clone(), n.to_owned())),
        );
    }
    found.sort();
    Ok(found)
}

/// The names of `instance`'s pending requests' configs.
pub fn request_configs(lab: &Lab, instance: &str) -> Result<Vec<String>> {
    let instance = format!("label={INSTANCE}={instance}");
    let kind = format!("label=bosun.kind={KIND_REQUEST}");
    let args = [
        "config",
        "ls",
        "--filter",
        &instance,
        "--filter",
        &kind,
        "--format",
        "{{.Name}}",
    ];
    let names = lab.cli_on(NODE, &args)?;
    Ok(names.split_whitespace().map(str::to_owned).collect())
}

/// The nodes (hostnames, `lab2`) where `service`'s tasks are meant to run.
pub fn task_nodes(lab: &Lab, service: &str) -> Result<Vec<String>> {
    let args = [
        "service",
        "ps",
        "--filter",
        "desired-state=running",
        "--format",
        "{{.Node}}",
        service,
    ];
    let nodes = lab.cli_on(NODE, &args)?;
    Ok(nodes.split_whitespace().map(str::to_owned).collect())
}

/// Removes `instance`'s volumes on every node, trying again while a container that is going
/// away still holds one, for at most `timeout`. Errors are printed (a clean-up path).
pub fn remove_volumes(lab: &Lab, instance: &str, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    loop {
        let left = match volumes(lab, instance) {
            Ok(left) => left,
            Err(e) => {
                eprintln!("e2e clean-up: listing {instance}'s volumes: {e:#}");
                return;
            }
        };
        if left.is_empty() {
            return;
        }
        for (node, name) in &left {
            let _ = lab.docker_cli(node, &["volume", "rm", name]);
        }
        if Instant::now() >= deadline {
            eprintln!("e2e clean-up: {instance}'s volumes still there: {left:?}");
            return;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// The ids of the containers on `node` of `service`'s tasks, whatever their state.
pub fn containers_of(lab: &Lab, node: &str, service: &str) -> Result<Vec<String>> {
    let filter = format!("label=com.docker.swarm.service.name={service}");
    let ids = lab.cli_on(node, &["ps", "-aq", "--filter", &filter])?;
    Ok(ids.split_whitespace().map(str::to_owned).collect())
}
