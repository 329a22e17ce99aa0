//! The orchestration API on the lab: a controller fixture with the API on, a `mongodb`
//! template on the harness network ([`crate::client_service::NETWORK`]) running the fake
//! MongoDB image ([`IMAGE`]), and tokens whose plain text the test knows (the config holds
//! their SHA-256, as an operator's does). Requests go through the controller node's shell
//! ([`ControllerFixture::http`]).
//!
//! Each [`OrchestrationFixture`] has an instance, an API port and a port pool of its own, so
//! orchestration tests run side by side (`group::controller`). [`Options`] shape its template
//! and limits: a cap, a larger pool, a per-clone volume, placement constraints, the cleanup of
//! stopped clones. A fixture whose template has a volume removes its instance's volumes on
//! every node when it drops (the controller fixture removes only services, secrets and
//! configs). [`ApiClient`] calls the API without borrowing the fixture, from threads that run
//! while the test kills or restarts the controller.

use std::process::Command;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::controller::{
    ConfigBuilder, ControllerFixture, HTTP_TIMEOUT, HttpRequest, NODE, Response, http_from,
    sweep_instance,
};
use crate::group::Group;
use crate::{Lab, wait};

/// The fake MongoDB image the template runs.
pub const IMAGE: &str = "bosun-e2e/mongodb:latest";
/// A TRON address whose checksum holds (the template's `node_tron_address`).
pub const TRON_ADDRESS: &str = "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7";

/// The tokens of every fixture: (name, role, plain text).
pub const SUPER_ADMIN: (&str, &str, &str) =
    ("root", "SUPER_ADMIN", "e2e-token-super-admin-0123456789");
pub const USER: (&str, &str, &str) = ("viewer", "USER", "e2e-token-user-0123456789abcdef");
pub const ADMIN: (&str, &str, &str) = ("admin", "ADMIN", "e2e-token-admin-0123456789abcdef");
/// A NODE_OPERATOR for node id [`OPERATOR_NODE`].
pub const OPERATOR: (&str, &str, &str) =
    ("node-d", "NODE_OPERATOR", "e2e-token-operator-0123456789ab");
pub const OPERATOR_NODE: &str = "node_d";
const TOKENS: [(&str, &str, &str); 4] = [SUPER_ADMIN, USER, ADMIN, OPERATOR];

/// The first API port (lab1's address); each fixture takes the next.
const FIRST_API_PORT: u16 = 19100;
static NEXT_API_PORT: AtomicU16 = AtomicU16::new(FIRST_API_PORT);
/// The first clone port; each fixture's pool is the next [`Options::pool_size`] ports.
const FIRST_CLONE_PORT: u16 = 27100;
static NEXT_POOL: AtomicU16 = AtomicU16::new(0);
/// The volume's mount point in the fake MongoDB (its image makes it, world-writable).
pub const VOLUME_TARGET: &str = "/data/db";

/// The `limits` of the suite's fixtures: high enough that no test meets a rate limit.
pub const LIMITS: &str = "{per_token_per_minute: 6000, per_peer_per_minute: 6000, \
     concurrent_spawns: 64, quota_per_token: 50}";

/// How a fixture is set up. [`Options::new`] is the suite's fixture with a cap; a test sets
/// what it needs besides (a larger pool, a volume, constraints, the cleanup, limits), and a
/// benchmark with hundreds of clones sets ports apart from a suite that may run beside it.
#[derive(Debug, Clone)]
pub struct Options {
    /// The template's `max_clones`.
    pub max_clones: u32,
    /// The API's port on the controller's node; by default the next of this process's
    /// fixtures (from 19100).
    pub api_port: Option<u16>,
    /// The template's port pool, `first..=last`; by default the next [`Self::pool_size`]
    /// ports of this process's fixtures (from 27100).
    pub pool: Option<(u16, u16)>,
    /// How many ports the default pool holds (10).
    pub pool_size: u16,
    /// The `limits` section, a YAML flow mapping ([`LIMITS`]).
    pub limits: String,
    /// Whether the template declares a per-clone named volume (at [`VOLUME_TARGET`]).
    pub volume: bool,
    /// The template's placement constraints.
    pub constraints: Vec<String>,
    /// `orchestration.cleanup_stopped_after` (a duration; off when `None`).
    pub cleanup_stopped_after: Option<String>,
}

impl Options {
    /// The suite's fixture with a cap of `max_clones`: a pool of 10 ports, [`LIMITS`], no
    /// volume, no constraint, no cleanup.
    pub fn new(max_clones: u32) -> Self {
        Options {
            max_clones,
            api_port: None,
            pool: None,
            pool_size: 10,
            limits: LIMITS.to_owned(),
            volume: false,
            constraints: Vec::new(),
            cleanup_stopped_after: None,
        }
    }

    /// The YAML of the template's optional keys, each on its own line.
    fn template_extras(&self) -> String {
        let mut y = String::new();
        if self.volume {
            y.push_str(&format!("      volume: {{target: {VOLUME_TARGET}}}\n"));
        }
        if !self.constraints.is_empty() {
            let quoted: Vec<String> = self.constraints.iter().map(|c| format!("{c:?}")).collect();
            y.push_str(&format!(
                "      placement: {{constraints: [{}]}}\n",
                quoted.join(", ")
            ));
        }
        y
    }
}

/// A controller serving the orchestration API.
pub struct OrchestrationFixture {
    pub controller: ControllerFixture,
    /// `ip:port` of the API.
    pub api: String,
    /// The template's port pool, `first..=last`.
    pub pool: (u16, u16),
    /// The template and limits the config holds now.
    pub options: Options,
    /// Calls the API; the fixture derefs to it (`api.call(…)`).
    pub client: ApiClient,
}

/// Calls a fixture's API from inside the controller's node, like [`OrchestrationFixture::call`],
/// but owns what it needs: clone it into threads.
#[derive(Debug, Clone)]
pub struct ApiClient {
    lab: Lab,
    node: String,
    /// `ip:port` of the API.
    pub api: String,
}

impl ApiClient {
    /// The lab the API runs on.
    pub fn lab(&self) -> &Lab {
        &self.lab
    }

    /// `method path` with `token` (a bearer token's plain text) and an optional JSON body;
    /// gives up after [`HTTP_TIMEOUT`].
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Result<Response> {
        self.call_within(method, path, token, body, HTTP_TIMEOUT)
    }

    /// [`Self::call`], giving up after `timeout` (a purge waits for every node).
    pub fn call_within(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
        timeout: Duration,
    ) -> Result<Response> {
        let bearer = token.map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some(b) = &bearer {
            headers.push(("Authorization", b));
        }
        if body.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        let request = HttpRequest {
            method,
            path,
            headers: &headers,
            body,
        };
        http_from(&self.lab, &self.node, &self.api, &request, timeout)
    }

    /// [`Self::call`], the body parsed as JSON (`Null` when empty).
    pub fn call_json(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Result<(u16, Value)> {
        let (status, _, text) = self.call(method, path, token, body)?;
        Ok((status, json_body(&text)?))
    }
}

/// A response body as JSON (`Null` when empty).
pub fn json_body(text: &str) -> Result<Value> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(text).with_context(|| format!("not JSON: {text:?}"))
}

/// The SHA-256 of `text`, hex (through `sha256sum`, as an operator would make it).
fn sha256_hex(text: &str) -> Result<String> {
    use std::io::Write;
    let mut child = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("running sha256sum")?;
    child
        .stdin
        .take()
        .context("sha256sum's stdin")?
        .write_all(text.as_bytes())?;
    let out = child.wait_with_output()?;
    let line = String::from_utf8_lossy(&out.stdout);
    let hex = line
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    if hex.len() != 64 {
        bail!("sha256sum printed {line:?}");
    }
    Ok(hex)
}

/// The `orchestration` section: on, at `listen`, the tokens, the limits and the cleanup of
/// `options`, the `mongodb` template.
fn section(listen: &str, pool: (u16, u16), options: &Options) -> Result<String> {
    let mut tokens = String::new();
    for (name, role, text) in TOKENS {
        let digest = sha256_hex(text)?;
        let nodes = if role == OPERATOR.1 {
            format!(", node_ids: [{OPERATOR_NODE}]")
        } else {
            String::new()
        };
        tokens.push_str(&format!(
            "    - {{name: {name}, sha256: {digest}, role: {role}{nodes}}}\n"
        ));
    }
    let cleanup = options
        .cleanup_stopped_after
        .as_ref()
        .map(|after| format!("  cleanup_stopped_after: {after}\n"))
        .unwrap_or_default();
    Ok(format!(
        "orchestration:\n  enabled: true\n  listen: {listen}\n{cleanup}\
         \x20 limits: {}\n\
         \x20 tokens:\n{tokens}\
         \x20 templates:\n    mongodb:\n      image: {IMAGE}\n\
         \x20     node_id: {{pattern: \"node_[a-z0-9]{{1,32}}\"}}\n\
         \x20     parameters:\n        node_tron_address: {{format: tron-address}}\n\
         \x20     env: {{NODE_ID: {{param: node_id}}, TRON_ADDRESS: {{param: node_tron_address}}}}\n\
         \x20     ports: {{pool: {}-{}, target: 27017}}\n\
         \x20     networks: [{}]\n\
         \x20     resources: {{limits: {{memory: 64M, cpus: 0.2}}}}\n\
         \x20     health: {{test: [\"CMD\", \"/usr/local/bin/mongo-ping\"], interval: 1s, timeout: 2s, retries: 3, start_period: 5s}}\n\
         {}\
         \x20     max_clones: {}\n",
        options.limits,
        pool.0,
        pool.1,
        crate::client_service::NETWORK,
        options.template_extras(),
        options.max_clones,
    ))
}

/// The whole config file of a fixture: no targets, and the API's section.
fn config_yaml(listen: &str, pool: (u16, u16), options: &Options) -> Result<String> {
    Ok(format!(
        "{}{}",
        ConfigBuilder::new().yaml(),
        section(listen, pool, options)?
    ))
}

impl OrchestrationFixture {
    /// A controller (no targets) with the API on and the template capped at `max_clones`
    /// ([`Options::new`]); returns once the API answers as the leader's (a follower answers
    /// 503).
    pub async fn start(lab: &Group, max_clones: u32) -> Result<Self> {
        Self::start_with(lab, &Options::new(max_clones)).await
    }

    /// [`Self::start`] set up as `options` say.
    pub async fn start_with(lab: &Group, options: &Options) -> Result<Self> {
        let port = options
            .api_port
            .unwrap_or_else(|| NEXT_API_PORT.fetch_add(1, Ordering::Relaxed));
        let api = format!("{}:{port}", lab.node_ip(NODE)?);
        let pool = options.pool.unwrap_or_else(|| {
            let first =
                FIRST_CLONE_PORT + NEXT_POOL.fetch_add(options.pool_size, Ordering::Relaxed);
            (first, first + options.pool_size - 1)
        });
        let yaml = config_yaml(&api, pool, options)?;
        let controller = ControllerFixture::start(lab, &yaml).await?;
        let client = ApiClient {
            lab: lab.lab().clone(),
            node: controller.node.clone(),
            api: api.clone(),
        };
        let fixture = OrchestrationFixture {
            controller,
            api,
            pool,
            options: options.clone(),
            client,
        };
        fixture.wait_leading().await?;
        Ok(fixture)
    }

    /// How many TCP connections the API's listener holds now (its accept queue included: a
    /// frozen controller's kernel still accepts them).
    pub fn connections(&self) -> Result<usize> {
        let port = self.api.rsplit(':').next().unwrap_or_default();
        let filter = format!("( sport = :{port} )");
        let argv = ["ss", "-Htn", "state", "established", &filter];
        let out = self.client.lab.exec(&self.controller.node, &argv)?;
        if !out.status.success() {
            bail!("ss: {}", String::from_utf8_lossy(&out.stderr).trim());
        }
        Ok(String::from_utf8_lossy(&out.stdout).lines().count())
    }

    /// Writes the config with `options` (same listener and pool) and has the controller
    /// re-read it at once (SIGHUP).
    pub fn reconfigure(&mut self, options: Options) -> Result<()> {
        self.controller
            .write_config(&config_yaml(&self.api, self.pool, &options)?)?;
        self.controller.sighup()?;
        self.options = options;
        Ok(())
    }

    /// Returns once the API answers as the leader's (after a start or a restart).
    pub async fn wait_leading(&self) -> Result<()> {
        let what = format!(
            "the orchestration API on {} answering as the leader",
            self.api
        );
        wait::until(&what, Duration::from_secs(60), || async {
            self.controller.check_alive()?;
            let (status, _, _) = self.call("GET", "/orchestrate/mongodb/clones", None, None)?;
            Ok((status == 401).then_some(()))
        })
        .await
    }

    /// Waits until the health of every clone of `node_ids` says healthy (its task runs, past
    /// its health check), asking as the SUPER_ADMIN.
    pub async fn wait_healthy(&self, node_ids: &[&str], timeout: Duration) -> Result<()> {
        let what = format!("the clones of {node_ids:?} healthy");
        wait::until(&what, timeout, || async {
            let mut states = Vec::new();
            for node_id in node_ids {
                let path = format!("/orchestrate/mongodb/clones/{node_id}/health");
                let (status, health) = self.call_json("GET", &path, Some(SUPER_ADMIN.2), None)?;
                if status != 200 {
                    bail!("{path}: {status} {health}");
                }
                states.push(health);
            }
            if states.iter().all(|h| h["healthy"] == true) {
                return Ok(Some(()));
            }
            bail!("not all healthy yet: {states:?}")
        })
        .await
    }

    /// The clone's service name in this fixture's instance.
    pub fn clone_service(&self, node_id: &str) -> String {
        self.controller
            .object_name(&format!("bosun-clone-mongodb-{node_id}"))
    }

    /// The clone's named volume (a template with a volume): its service name and `-data`.
    pub fn clone_volume(&self, node_id: &str) -> String {
        format!("{}-data", self.clone_service(node_id))
    }
}

/// The fixture calls its API as its [`ApiClient`] does: `api.call(…)`, `api.call_json(…)`.
impl std::ops::Deref for OrchestrationFixture {
    type Target = ApiClient;

    fn deref(&self) -> &ApiClient {
        &self.client
    }
}

impl Drop for OrchestrationFixture {
    /// With a volume in the template: the controller dies and the instance's services go
    /// first (a volume in use cannot be removed), then its volumes on every node. The
    /// controller fixture's own drop then finds nothing left.
    fn drop(&mut self) {
        if !self.options.volume {
            return;
        }
        if let Err(e) = self.controller.sigkill() {
            eprintln!("e2e clean-up: {e:#}");
        }
        let instance = &self.controller.instance;
        sweep_instance(&self.client.lab, instance);
        crate::clones::remove_volumes(&self.client.lab, instance, Duration::from_secs(90));
    }
}

/// A spawn body of the `mongodb` template.
pub fn spawn_body(node_id: &str, port: Option<u16>) -> String {
    let port = port.map(|p| format!(",\"port\":{p}")).unwrap_or_default();
    format!(
        "{{\"node_id\":\"{node_id}\",\"node_tron_address\":\"{TRON_ADDRESS}\",\"network\":\"{}\"{port}}}",
        crate::client_service::NETWORK
    )
}

/// The names and ids of the swarm's services, secrets, configs and networks and of every
/// node's volumes, one `kind id name` line each, sorted; only those whose name holds
/// `needle` (an instance's name: what its controller could make). The audit's batches are
/// left out: every authenticated request is audited, a refused one too (docs/orchestration.md,
/// "Audit"), and that is the one thing a refusal may write. So are the discovery record's
/// configs, which the controller publishes on its own (its first record, a refresh), whatever
/// the API is asked.
pub fn swarm_objects(lab: &Group, needle: &str) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for kind in ["service", "secret", "config", "network"] {
        let out = lab.docker_cli(NODE, &[kind, "ls", "--format", "{{.ID}} {{.Name}}"])?;
        if !out.status.success() {
            bail!("docker {kind} ls: {}", String::from_utf8_lossy(&out.stderr));
        }
        for l in String::from_utf8_lossy(&out.stdout).lines() {
            lines.push(format!("{kind} {l}"));
        }
    }
    for node in lab.nodes()? {
        let out = lab.docker_cli(&node, &["volume", "ls", "--format", "{{.Name}}"])?;
        for l in String::from_utf8_lossy(&out.stdout).lines() {
            lines.push(format!("volume {node} {l}"));
        }
    }
    let own =
        |l: &str| l.starts_with("config ") && (l.contains("-audit-") || l.contains("-discovery-v"));
    lines.retain(|l| l.contains(needle) && !own(l));
    lines.sort();
    Ok(lines)
}
