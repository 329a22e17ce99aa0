//! The orchestration API on the lab: a controller fixture with the API on, a `mongodb`
//! template on the harness network ([`crate::client_service::NETWORK`]) running the fake
//! MongoDB image ([`IMAGE`]), and tokens whose plain text the test knows (the config holds
//! their SHA-256, as an operator's does). Requests go through the controller node's shell
//! ([`ControllerFixture::http`]).
//!
//! Each [`OrchestrationFixture`] has an instance, an API port and a port pool of its own, so
//! orchestration tests run side by side (`group::controller`).

use std::process::Command;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::controller::{ConfigBuilder, ControllerFixture, NODE, Response};
use crate::group::Group;
use crate::wait;

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
/// The first clone port; each fixture's pool is the next [`POOL_SIZE`].
const FIRST_CLONE_PORT: u16 = 27100;
const POOL_SIZE: u16 = 10;
static NEXT_POOL: AtomicU16 = AtomicU16::new(0);

/// The `limits` of the suite's fixtures: high enough that no test meets a rate limit.
pub const LIMITS: &str = "{per_token_per_minute: 6000, per_peer_per_minute: 6000, \
     concurrent_spawns: 64, quota_per_token: 50}";

/// How a fixture is set up. The suite's tests change only `max_clones`; a benchmark with
/// hundreds of clones sets the rest, and ports apart from a suite that may run beside it.
#[derive(Debug, Clone)]
pub struct Options {
    /// The template's `max_clones`.
    pub max_clones: u32,
    /// The API's port on the controller's node; by default the next of this process's
    /// fixtures (from 19100).
    pub api_port: Option<u16>,
    /// The template's port pool, `first..=last`; by default the next ten ports of this
    /// process's fixtures (from 27100).
    pub pool: Option<(u16, u16)>,
    /// The `limits` section, a YAML flow mapping.
    pub limits: String,
}

impl Options {
    /// The suite's fixture with a cap of `max_clones`.
    pub fn new(max_clones: u32) -> Self {
        Options {
            max_clones,
            api_port: None,
            pool: None,
            limits: LIMITS.to_owned(),
        }
    }
}

/// A controller serving the orchestration API.
pub struct OrchestrationFixture {
    pub controller: ControllerFixture,
    /// `ip:port` of the API.
    pub api: String,
    /// The template's port pool, `first..=last`.
    pub pool: (u16, u16),
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

/// The `orchestration` section: on, at `listen`, the tokens, the `mongodb` template.
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
    Ok(format!(
        "orchestration:\n  enabled: true\n  listen: {listen}\n\
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
         \x20     max_clones: {}\n",
        options.limits,
        pool.0,
        pool.1,
        crate::client_service::NETWORK,
        options.max_clones,
    ))
}

impl OrchestrationFixture {
    /// A controller (no targets) with the API on; returns once the API answers as the
    /// leader's (a follower answers 503).
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
            let first = FIRST_CLONE_PORT + NEXT_POOL.fetch_add(1, Ordering::Relaxed) * POOL_SIZE;
            (first, first + POOL_SIZE - 1)
        });
        let yaml = format!(
            "{}{}",
            ConfigBuilder::new().yaml(),
            section(&api, pool, options)?
        );
        let controller = ControllerFixture::start(lab, &yaml).await?;
        let fixture = OrchestrationFixture {
            controller,
            api,
            pool,
        };
        fixture.wait_leading().await?;
        Ok(fixture)
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

    /// `method path` with `token` (a bearer token's plain text) and an optional JSON body.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Result<Response> {
        let bearer = token.map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some(b) = &bearer {
            headers.push(("Authorization", b));
        }
        if body.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        self.controller
            .http(&self.api, method, path, &headers, body)
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
        let json = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).with_context(|| format!("not JSON: {text:?}"))?
        };
        Ok((status, json))
    }

    /// The clone's service name in this fixture's instance.
    pub fn clone_service(&self, node_id: &str) -> String {
        self.controller
            .object_name(&format!("bosun-clone-mongodb-{node_id}"))
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
