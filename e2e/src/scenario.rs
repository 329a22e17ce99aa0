//! The building blocks of the controller tests: a fake target as a Swarm service, the
//! controller process (see [`crate::controller`]) started for a config, a client app service
//! that follows the discovery record (see [`crate::client_service`]), and the checks the tests
//! make on what the controller made. A node drained or a dockerd killed is in
//! [`crate::disrupt`].
//!
//! Locals drop in reverse order, so a test declares its group first, then the target service,
//! then the controller, then the client: the client goes first (it holds the client key
//! secret), then the controller (killed, its objects swept), then the target.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bollard::models::{ServiceSpec, TaskSpecPlacement};

use crate::client_service::{self, ClientServiceFixture, FollowLine, now_ms, summary};
use crate::controller::{ConfigBuilder, ControllerFixture};
use crate::fakes::{FakeTarget, NEXTCLOUD};
use crate::group::Group;
use crate::managed::{self, Managed, ProxyService};
use crate::service::replicated_spec;
use crate::{Lab, ServiceFixture, unique_name, wait};

/// How long Swarm and the controller may take to converge after a change.
pub const CONVERGE: Duration = Duration::from_secs(90);
/// The client app's pause between commands.
pub const CLIENT_PAUSE_MS: u64 = 300;

/// A name for a target (and its service): `[a-z0-9-]`, at most 31 characters.
pub fn target_name(what: &str) -> String {
    unique_name(what)
}

/// A fake target service (`replicas` tasks, at most one per node, placed by `constraints`),
/// and waits until `replicas` tasks run.
pub async fn target_service(
    lab: &Lab,
    name: &str,
    fake: FakeTarget,
    constraints: &[&str],
    replicas: i64,
) -> Result<ServiceFixture> {
    target_service_with(lab, name, fake, constraints, replicas, |_| {}).await
}

/// As [`target_service`], with the spec changed by `edit` before it is created.
pub async fn target_service_with(
    lab: &Lab,
    name: &str,
    fake: FakeTarget,
    constraints: &[&str],
    replicas: i64,
    edit: impl FnOnce(&mut ServiceSpec),
) -> Result<ServiceFixture> {
    let constraints: Vec<String> = constraints.iter().map(|c| (*c).to_owned()).collect();
    let mut spec: ServiceSpec = replicated_spec(name, fake.image, &constraints);
    if let Some(task) = spec.task_template.as_mut() {
        task.placement = Some(TaskSpecPlacement {
            constraints: Some(constraints),
            max_replicas: Some(1),
            ..Default::default()
        });
    }
    if let Some(r) = spec.mode.as_mut().and_then(|m| m.replicated.as_mut()) {
        r.replicas = Some(replicas);
    }
    edit(&mut spec);
    let service = ServiceFixture::create(lab, spec).await?;
    wait_task_count(lab, name, replicas as usize).await?;
    Ok(service)
}

/// The fake Nextcloud pinned to `node`.
pub async fn nextcloud_on(lab: &Lab, name: &str, node: &str) -> Result<ServiceFixture> {
    let constraint = format!("node.hostname=={node}");
    target_service(lab, name, NEXTCLOUD, &[&constraint], 1).await
}

/// Waits until `service` has exactly `n` running tasks.
pub async fn wait_task_count(lab: &Lab, service: &str, n: usize) -> Result<Vec<String>> {
    let what = format!("{n} running task(s) of {service}");
    wait::until(&what, CONVERGE, || async {
        let tasks = managed::running_tasks(lab, service).await?;
        Ok((tasks.len() == n).then(|| tasks.into_iter().map(|t| t.node).collect()))
    })
    .await
}

/// The config of one target: the fake Nextcloud `target` (target and service share the name)
/// with the client app `app`.
pub fn nextcloud_config(target: &str, app: &str) -> String {
    ConfigBuilder::new()
        .nextcloud(target, target, &[app])
        .yaml()
}

/// Starts the controller with `config` and waits until it is ready and the shared network
/// exists (clients join it).
pub async fn controller(lab: &Group, config: &str) -> Result<ControllerFixture> {
    controller_on(lab, config, crate::controller::NODE).await
}

/// [`controller`] in `node` (a manager).
pub async fn controller_on(lab: &Group, config: &str, node: &str) -> Result<ControllerFixture> {
    let ctl = ControllerFixture::start_on(lab, config, node).await?;
    ctl.wait_ready(CONVERGE).await?;
    let network = crate::client_service::NETWORK;
    wait::until(&format!("the network {network}"), CONVERGE, || async {
        let out = lab.docker_cli("lab1", &["network", "inspect", network])?;
        Ok(out.status.success().then_some(()))
    })
    .await?;
    Ok(ctl)
}

/// What the client app is given: the controller's discovery URL (its node's address).
pub fn discovery_url(ctl: &ControllerFixture) -> String {
    format!("http://{}/v1/discovery", ctl.listen)
}

/// The client app `name` for `target`, pinned to `node`: waits until the controller attached
/// the key and a first command succeeded.
pub async fn client_app(
    lab: &Lab,
    ctl: &ControllerFixture,
    name: &str,
    target: &str,
    node: &str,
) -> Result<ClientServiceFixture> {
    client_app_with_env(lab, ctl, name, target, node, &[]).await
}

/// [`client_app`] with more environment for the app (e.g. a longer retry budget).
pub async fn client_app_with_env(
    lab: &Lab,
    ctl: &ControllerFixture,
    name: &str,
    target: &str,
    node: &str,
    env: &[&str],
) -> Result<ClientServiceFixture> {
    let url = discovery_url(ctl);
    let mut client =
        ClientServiceFixture::create(lab, name, target, node, &url, CLIENT_PAUSE_MS, env).await?;
    client.wait_keyed(CONVERGE).await?;
    let first = client.wait_ok_since(0, CONVERGE).await?;
    eprintln!("client app {name} on {node}: first success {first:?}");
    Ok(client)
}

/// After a change made at `since`: the app succeeds again (through one of `endpoints` when
/// given), was not restarted; prints what it saw meanwhile. Returns the first success and the
/// lines from `since` to it.
pub async fn client_recovers(
    client: &ClientServiceFixture,
    since: u64,
    endpoints: &[String],
    what: &str,
) -> Result<(FollowLine, Vec<FollowLine>)> {
    let ok = wait::until(
        &format!("the client app to succeed after {what}"),
        CONVERGE,
        || async {
            let lines = client.lines().await?;
            Ok(lines.into_iter().find(|l| {
                l.t_ms >= since
                    && l.ok()
                    && (endpoints.is_empty()
                        || l.endpoint.as_ref().is_some_and(|e| endpoints.contains(e)))
            }))
        },
    )
    .await?;
    let seen = client.lines_between(since, ok.t_ms).await?;
    let after = if since == 0 {
        String::new()
    } else {
        format!(
            "; first success through the new route {} ms after it",
            ok.t_ms.saturating_sub(since)
        )
    };
    eprintln!("client app during {what}: {}{after}", summary(&seen));
    client.assert_not_restarted().await?;
    Ok((ok, seen))
}

/// The `ip:port` endpoints of the proxies (their address on the `bosun` network).
pub fn endpoints_of<'a>(
    proxies: impl IntoIterator<Item = &'a ProxyService>,
    port: u16,
) -> Vec<String> {
    proxies
        .into_iter()
        .flat_map(|p| p.running.iter())
        .flat_map(|t| t.addresses.iter())
        .map(|a| format!("{a}:{port}"))
        .collect()
}

/// The nodes (hostnames) of `target`'s endpoints in the discovery record.
pub fn record_nodes(record: &serde_json::Value, target: &str) -> Vec<String> {
    let mut nodes: Vec<String> = record["targets"][target]["endpoints"]
        .as_array()
        .map(|eps| {
            eps.iter()
                .filter_map(|e| e["node"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    nodes.sort();
    nodes
}

/// Waits until the discovery record lists `target` on exactly `nodes`.
pub async fn wait_record_nodes(
    ctl: &ControllerFixture,
    target: &str,
    nodes: &[&str],
) -> Result<serde_json::Value> {
    let mut want: Vec<String> = nodes.iter().map(|n| (*n).to_owned()).collect();
    want.sort();
    wait::until(
        &format!("the discovery record to list {target} on {want:?}"),
        CONVERGE,
        || async {
            let record = ctl.discovery()?;
            Ok((record_nodes(&record, target) == want).then_some(record))
        },
    )
    .await
}

/// Waits until `target` has a running proxy service other than `old` (a deleted one).
pub async fn wait_proxy_recreated(lab: &Lab, target: &str, old: &Managed) -> Result<()> {
    let what = format!("a new proxy service of {target} in place of {}", old.name);
    wait::until(&what, CONVERGE, || async {
        let now = managed::proxies(lab, target).await?;
        Ok(now
            .iter()
            .any(|p| p.service.id != old.id && !p.running.is_empty())
            .then_some(()))
    })
    .await
}

/// Asserts that `target` has exactly what the contract calls for with proxies on `nodes`:
/// one client key per client service, one authorized keys, one host key and one proxy per
/// node (each key at its own version: keys version apart, docs/keys.md), named as the
/// contract says.
pub async fn assert_objects_exactly(lab: &Lab, target: &str, nodes: &[&str]) -> Result<()> {
    assert_objects(lab, target, nodes, nodes).await
}

/// Like [`assert_objects_exactly`], for a target that ran on more nodes than it does now:
/// proxies on `proxy_nodes`, host keys on `host_key_nodes` (a host key belongs to (target,
/// node) and stays while the target is declared and the node is in the swarm).
pub async fn assert_objects(
    lab: &Lab,
    target: &str,
    proxy_nodes: &[&str],
    host_key_nodes: &[&str],
) -> Result<()> {
    let objects = managed::objects_of(lab, target).await?;
    let version = |o: &Managed| o.label("bosun.key-version").unwrap_or("?").to_owned();
    let of_kind = |kind: &'static str| objects.iter().filter(move |o| o.kind() == kind);
    // one authorized-keys secret (the set the proxies accept), whatever its version
    let authorized: Vec<&Managed> = of_kind("authorized-keys").collect();
    let [authorized] = authorized[..] else {
        bail!(
            "{target}: {} authorized-keys secrets, not one: {objects:#?}",
            authorized.len()
        );
    };
    let mut want = vec![format!(
        "bosun-{target}-authorized-keys-v{}",
        version(authorized)
    )];
    // one key per client service, named after it (docs/keys.md)
    let mut clients = BTreeSet::new();
    for key in of_kind("client-key") {
        let Some(client) = key.label("bosun.client") else {
            bail!("client key {} has no bosun.client label", key.name);
        };
        if !clients.insert(client) {
            bail!("{target}: two keys of client {client}: {objects:#?}");
        }
        want.push(format!("bosun-{target}-client-{client}-v{}", version(key)));
    }
    // one host key per node
    for node in host_key_nodes {
        let id = lab.node_id(node).await?;
        let n = id.get(..12).unwrap_or(&id);
        let keys: Vec<&Managed> = of_kind("host-key")
            .filter(|k| k.label("bosun.node") == Some(id.as_str()))
            .collect();
        let [key] = keys[..] else {
            bail!(
                "{target}: {} host keys on {node}, not one: {objects:#?}",
                keys.len()
            );
        };
        want.push(format!("bosun-{target}-host-key-{n}-v{}", version(key)));
    }
    for node in proxy_nodes {
        want.push(managed::proxy_name(target, &lab.node_id(node).await?));
    }
    want.sort();
    let mut have: Vec<String> = objects.iter().map(|o| o.contract_name()).collect();
    have.sort();
    if have != want {
        bail!("{target}: managed objects {have:#?}, the contract wants {want:#?}");
    }
    for o in &objects {
        for key in ["bosun.managed-by", "bosun.target", "bosun.kind"] {
            if o.label(key).is_none() {
                bail!("{} has no label {key}: {:?}", o.name, o.labels);
            }
        }
    }
    Ok(())
}

/// The host key secret of `target` on `node` (a hostname): the managed object itself (its id
/// proves it was not made again).
pub async fn host_key_secret(lab: &Lab, target: &str, node: &str) -> Result<Managed> {
    let node_id = lab.node_id(node).await?;
    let secrets = managed::managed_secrets(lab).await?;
    let mut of_node = secrets.into_iter().filter(|s| {
        s.target() == target && s.kind() == "host-key" && s.label("bosun.node") == Some(&node_id)
    });
    match (of_node.next(), of_node.next()) {
        (Some(one), None) => Ok(one),
        (None, _) => bail!("{target} has no host key for {node}"),
        (Some(a), Some(b)) => bail!("{target} has two host keys for {node}: {a:?}, {b:?}"),
    }
}

/// The file (path, uid, gid, mode) at which service `app` mounts the secret `secret`.
pub async fn mounted_secret_file(
    lab: &Lab,
    app: &str,
    secret: &str,
) -> Result<bollard::models::TaskSpecContainerSpecFile> {
    let spec = lab
        .manager()
        .await?
        .inspect_service(app, None)
        .await?
        .spec
        .context("no spec")?;
    spec.task_template
        .and_then(|t| t.container_spec)
        .and_then(|c| c.secrets)
        .unwrap_or_default()
        .into_iter()
        .find(|s| s.secret_name.as_deref() == Some(secret))
        .and_then(|s| s.file)
        .with_context(|| format!("{secret} is not mounted in {app}"))
}

/// The ids of the managed objects of `target`, by name (to prove they were left alone).
pub async fn object_ids(lab: &Lab, target: &str) -> Result<HashMap<String, String>> {
    Ok(managed::objects_of(lab, target)
        .await?
        .into_iter()
        .map(|o| (o.name, o.id))
        .collect())
}

/// Milliseconds since `t0` (a [`now_ms`] value).
pub fn since(t0: u64) -> u64 {
    now_ms().saturating_sub(t0)
}

/// The summary of what the app saw (re-exported for the tests).
pub fn seen(lines: &[FollowLine]) -> String {
    client_service::summary(lines)
}

/// A secret that is NOT the controller's (no `bosun.managed-by`), removed when dropped.
pub struct ForeignSecret {
    lab: Lab,
    pub name: String,
}

impl ForeignSecret {
    pub fn create(lab: &Lab, name: &str) -> Result<Self> {
        let _ = lab.docker_cli("lab1", &["secret", "rm", name]); // a crashed run's leftover
        let file = std::env::temp_dir().join(unique_name("foreign-secret"));
        std::fs::write(&file, "not bosun's\n").context("writing the secret's file")?;
        let path = file.to_str().context("temp path is not UTF-8")?;
        let label = format!("{}=true", crate::service::HARNESS_LABEL);
        let r = lab.cli(&["secret", "create", "--label", &label, name, path]);
        let _ = std::fs::remove_file(&file);
        r?;
        Ok(Self {
            lab: lab.clone(),
            name: name.to_owned(),
        })
    }
}

impl Drop for ForeignSecret {
    fn drop(&mut self) {
        if let Err(e) = self.lab.cli(&["secret", "rm", &self.name]) {
            eprintln!("e2e clean-up: removing secret {}: {e:#}", self.name);
        }
    }
}
