//! The proxy service a target needs on one node, as plain data ([`ProxySpec`]), its hash, how
//! it is written onto a Swarm `ServiceSpec`, and whether a live spec has drifted from it.
//!
//! A new proxy gets a whole spec. An existing one is read-modify-written: the fields bosun owns
//! are set on the *current* spec and everything else (fields Swarm filled in, fields a newer
//! engine knows) is kept, so nothing is ever rebuilt from a partial model.
//!
//! Drift: the `bosun.spec-hash` label says which desired spec was last written, not that the
//! service still looks like it (a `docker service scale` or `update --env-add` leaves the label
//! alone). [`ProxySpec::drift`] compares the fields bosun owns, read back from the live spec,
//! with the same fields of the desired one, so a hand edit is put back and an untouched proxy
//! is never rewritten.
//!
//! Two things here are read elsewhere too: [`proxy_limits`], the limits passed to the proxy
//! as flags and published in the discovery record, and [`health_check`], the Docker health
//! check every proxy has (`bosun-proxy probe`).

use std::collections::HashMap;
use std::time::Duration;

use bollard::models::{
    EndpointSpecModeEnum, HealthConfig, Mount, MountType, NetworkAttachmentConfig, ServiceSpec,
    ServiceSpecMode, ServiceSpecModeReplicated, ServiceSpecUpdateConfigFailureActionEnum,
    ServiceSpecUpdateConfigOrderEnum, TaskSpec, TaskSpecContainerSpecFile,
    TaskSpecContainerSpecSecrets, TaskSpecRestartPolicyConditionEnum,
};
use bosun_core::discovery::TargetLimits;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::{Config, Target, TargetPolicy, inline_policy_text};
use crate::model::names;

/// The proxy's environment variable holding its target's service id.
pub const SERVICE_ID_ENV: &str = "BOSUN_PROXY_SERVICE_ID";

/// Where the proxy reaches the engine inside its container.
const SOCKET_IN_CONTAINER: &str = "/var/run/docker.sock";

/// How a proxy stops (SIGTERM from a rolling update, a node drain, `service rm`): running
/// commands get [`DRAIN_GRACE`] to finish, those still running then are stopped in the target
/// (TERM, [`STOP_GRACE`], KILL; a stopper container takes a few seconds more), and only then
/// may Swarm SIGKILL the proxy: its `StopGracePeriod` is the sum, with room to spare. With
/// Swarm's default of 10 s, a proxy was killed before its own grace period ended, and the
/// commands it left ran on unseen by the limits of the next one.
const DRAIN_GRACE: Duration = Duration::from_secs(30);
const STOP_GRACE: Duration = Duration::from_secs(5);
const STOP_GRACE_PERIOD: Duration = Duration::from_secs(30 + 5 + 10 + 5);

/// The proxy binary in its image (FROM scratch: no shell, so the health check is `CMD`).
const PROXY_BINARY: &str = "/usr/local/bin/bosun-proxy";

/// The proxy's Docker health check, `bosun-proxy probe` (its SSH listener answers with a
/// banner and its Engine API answers), in nanoseconds as the API wants them. Swarm reports a
/// task `running` only once a check passed, and the first check runs one interval after the
/// start (`StartInterval`, which would probe faster while a container starts, needs API 1.44;
/// the lab's engines speak 1.41 and would drop it, which would read as drift forever). So:
/// * every 5 s: a new proxy is listed about 5 s after it started, and one that stops
///   answering is replaced within about 3 × 5 s; a check is one local process and two local
///   connections;
/// * a check that takes over 10 s failed: both checks are local and bound themselves to 3 s
///   each, but on a loaded node dockerd can take seconds to start the probe, and a proxy killed
///   for a slow node loses the commands in flight through it;
/// * 3 failures in a row: one slow Engine answer does not restart a proxy;
/// * failures within the first 10 s do not count (a proxy that starts slowly is not killed).
pub fn health_check() -> HealthConfig {
    const SECOND: i64 = 1_000_000_000;
    HealthConfig {
        test: Some(vec!["CMD".into(), PROXY_BINARY.into(), "probe".into()]),
        interval: Some(5 * SECOND),
        timeout: Some(10 * SECOND),
        retries: Some(3),
        start_period: Some(10 * SECOND),
        start_interval: None,
    }
}

/// The limits `target`'s proxies enforce: the config's, else the proxy's defaults. The
/// proxy's flags ([`proxy_command`]) and the discovery record (`super::record`) both read
/// them from here, so what clients are told is what the proxies do.
pub fn proxy_limits(target: &Target) -> TargetLimits {
    let defaults = TargetLimits::default();
    let limits = &target.limits;
    TargetLimits {
        max_channels_per_connection: defaults.max_channels_per_connection,
        max_concurrent_execs: limits
            .max_concurrent_execs
            .unwrap_or(defaults.max_concurrent_execs),
        max_connections: limits.max_connections.unwrap_or(defaults.max_connections),
    }
}

/// A secret a spec mounts does not exist (yet): the change that creates it runs first, or a
/// later reconcile retries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("secret {0} does not exist (yet)")]
pub struct MissingSecret(pub String);

/// Where one proxy runs and what it serves: the target's service (name and id), the node, the
/// authorized-keys secret (and its version) and the host key secret the planner chose.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    pub service: &'a str,
    pub service_id: &'a str,
    pub node_id: &'a str,
    pub key_version: u32,
    pub authorized_keys_secret: &'a str,
    pub host_key_secret: &'a str,
}

/// Everything bosun decides about one proxy service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProxySpec {
    /// Left out of the hash for the default instance, so the instance feature alone does not
    /// change its proxies' hashes.
    #[serde(skip_serializing_if = "is_default_instance")]
    pub instance: String,
    pub name: String,
    pub target: String,
    pub node_id: String,
    pub key_version: u32,
    pub image: String,
    pub args: Vec<String>,
    pub env: Vec<String>,
    pub docker_socket: String,
    pub network: String,
    pub host_key_secret: String,
    pub authorized_keys_secret: String,
    pub memory_bytes: Option<i64>,
    pub nano_cpus: Option<i64>,
    /// The Docker health check, as JSON: in the spec only through the hash. Swarm reads the
    /// field back as `Healthcheck` (dockerd's Go name) while bollard reads `HealthCheck`, so
    /// a live spec always reads as having none: compared as a field, it would drift forever
    /// (every reconcile an update, seen on the lab). The `bosun.spec-hash` label carries it
    /// instead: a proxy made before the health check, or with another one, has another hash.
    pub health_check: String,
}

impl ProxySpec {
    /// The proxy `target` needs at `at` (a node, execing into the target's service there).
    pub fn desired(config: &Config, target: &Target, at: &Placement) -> ProxySpec {
        let (args, env) = proxy_command(config, target, at);
        let limits = &target.limits;
        let naming = names::Naming::new(&config.instance);
        ProxySpec {
            instance: config.instance.clone(),
            name: naming.proxy_service(&target.name, at.node_id),
            target: target.name.clone(),
            node_id: at.node_id.to_string(),
            key_version: at.key_version,
            image: config.proxy.image.clone(),
            args,
            env,
            docker_socket: config.proxy.docker_socket.clone(),
            network: config.network.clone(),
            host_key_secret: at.host_key_secret.to_string(),
            authorized_keys_secret: at.authorized_keys_secret.to_string(),
            memory_bytes: limits.memory_bytes,
            nano_cpus: limits.nano_cpus,
            health_check: serde_json::to_string(&health_check()).unwrap_or_default(),
        }
    }

    /// A short hash of everything above: the `bosun.spec-hash` label.
    pub fn hash(&self) -> String {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        let digest = Sha256::digest(&bytes);
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }

    pub fn labels(&self) -> HashMap<String, String> {
        let naming = names::Naming::new(&self.instance);
        let mut labels = naming.labels(&self.target, names::KIND_PROXY);
        labels.insert(names::NODE.into(), self.node_id.clone());
        labels.insert(names::KEY_VERSION.into(), self.key_version.to_string());
        labels.insert(names::SPEC_HASH.into(), self.hash());
        labels
    }

    /// The first field bosun owns whose live value is not the desired one, by name (`None`:
    /// the live spec is as bosun would write it). Compared: replicas (the mode), the image
    /// (a digest pinned by the CLI aside), args, env, mounts, secrets, placement constraints,
    /// limits, the stop grace period, restart policy, update order, endpoint mode and the
    /// `bosun.*` labels (`bosun.instance` and `bosun.spec-hash` included: a proxy made before
    /// the health check existed has another hash, and gets it on the next reconcile). Not the
    /// health check itself (see [`ProxySpec::health_check`]), nor the network: Swarm reads an
    /// attachment back as the network's id, the config holds its name.
    pub fn drift(&self, live: &ServiceSpec) -> Option<&'static str> {
        let desired = self
            .write_onto(ServiceSpec::default(), |name| Some(name.to_string()))
            .ok()?;
        let (want, have) = (owned_fields(&desired), owned_fields(live));
        want.into_iter()
            .zip(have)
            .find(|(w, h)| w != h)
            .map(|(w, _)| w.0)
    }

    /// Sets bosun's fields on `base` (the current spec, or an empty one for a new service).
    /// `secret_id` resolves a secret name to its id; `None` for a secret that does not exist.
    pub fn write_onto(
        &self,
        base: ServiceSpec,
        secret_id: impl Fn(&str) -> Option<String>,
    ) -> Result<ServiceSpec, MissingSecret> {
        let secret =
            |name: &str, file: &str| -> Result<TaskSpecContainerSpecSecrets, MissingSecret> {
                let id = secret_id(name).ok_or_else(|| MissingSecret(name.to_string()))?;
                Ok(TaskSpecContainerSpecSecrets {
                    file: Some(secret_file(file)),
                    secret_id: Some(id),
                    secret_name: Some(name.to_string()),
                })
            };
        let secrets = vec![
            secret(&self.host_key_secret, names::HOST_KEY_FILE)?,
            secret(&self.authorized_keys_secret, names::AUTHORIZED_KEYS_FILE)?,
        ];

        let mut spec = base;
        let task = spec.task_template.take().unwrap_or_default();
        spec.task_template = Some(self.write_task(task, secrets));
        self.write_service(&mut spec);
        Ok(spec)
    }

    /// The service-level fields: name, labels (every `bosun.*` label is bosun's: one it did
    /// not set, such as `bosun.absent-since`, goes), one replica, start-first updates, DNS
    /// round robin.
    fn write_service(&self, spec: &mut ServiceSpec) {
        spec.name = Some(self.name.clone());
        let mut labels = spec.labels.take().unwrap_or_default();
        labels.retain(|k, _| !k.starts_with(names::LABEL_PREFIX));
        labels.extend(self.labels());
        spec.labels = Some(labels);
        spec.mode = Some(ServiceSpecMode {
            replicated: Some(ServiceSpecModeReplicated { replicas: Some(1) }),
            ..Default::default()
        });

        let mut update = spec.update_config.take().unwrap_or_default();
        update.order = Some(ServiceSpecUpdateConfigOrderEnum::START_FIRST);
        update.parallelism = Some(1);
        if update.failure_action.is_none() {
            update.failure_action = Some(ServiceSpecUpdateConfigFailureActionEnum::PAUSE);
        }
        spec.update_config = Some(update);

        let mut endpoint = spec.endpoint_spec.take().unwrap_or_default();
        endpoint.mode = Some(EndpointSpecModeEnum::DNSRR);
        endpoint.ports = None;
        spec.endpoint_spec = Some(endpoint);
    }

    /// The task-level fields: the container, its node, limits, restarts and network.
    fn write_task(
        &self,
        mut task: TaskSpec,
        secrets: Vec<TaskSpecContainerSpecSecrets>,
    ) -> TaskSpec {
        let mut container = task.container_spec.take().unwrap_or_default();
        container.image = Some(self.image.clone());
        container.args = Some(self.args.clone());
        container.env = Some(self.env.clone());
        container.mounts = Some(vec![Mount {
            target: Some(SOCKET_IN_CONTAINER.into()),
            source: Some(self.docker_socket.clone()),
            typ: Some(MountType::BIND),
            ..Default::default()
        }]);
        container.secrets = Some(secrets);
        container.health_check = Some(health_check());
        container.stop_grace_period = i64::try_from(STOP_GRACE_PERIOD.as_nanos()).ok();
        task.container_spec = Some(container);

        let mut placement = task.placement.take().unwrap_or_default();
        placement.constraints = Some(vec![format!("node.id=={}", self.node_id)]);
        task.placement = Some(placement);

        // Limits and the restart policy are set field by field: Swarm reads back fields bosun
        // leaves unset (`MaxAttempts: 0`), and those must not look like drift.
        let mut resources = task.resources.take().unwrap_or_default();
        let mut limits = resources.limits.take().unwrap_or_default();
        limits.nano_cpus = self.nano_cpus;
        limits.memory_bytes = self.memory_bytes;
        resources.limits = Some(limits);
        task.resources = Some(resources);

        let mut restart = task.restart_policy.take().unwrap_or_default();
        restart.condition = Some(TaskSpecRestartPolicyConditionEnum::ANY);
        restart.delay = Some(1_000_000_000);
        task.restart_policy = Some(restart);
        task.networks = Some(vec![NetworkAttachmentConfig {
            target: Some(self.network.clone()),
            ..Default::default()
        }]);
        task
    }
}

/// The proxy's arguments and environment: where it listens, what it execs into (the service
/// by name, and by id in `BOSUN_PROXY_SERVICE_ID`: the proxy execs only into containers of that
/// service), as whom, under which policy and limits.
fn proxy_command(config: &Config, target: &Target, at: &Placement) -> (Vec<String>, Vec<String>) {
    let mut args = vec![
        format!("--target={}", target.name),
        format!("--service={}", at.service),
        format!("--ssh-user={}", config.proxy.ssh_user),
        format!("--host-key=/run/secrets/{}", names::HOST_KEY_FILE),
        format!(
            "--authorized-keys=/run/secrets/{}",
            names::AUTHORIZED_KEYS_FILE
        ),
        format!("--grace-period={}s", DRAIN_GRACE.as_secs()),
        format!("--stop-grace={}s", STOP_GRACE.as_secs()),
    ];
    // Where it listens and which engine it uses are environment, not arguments: the health
    // check (`bosun-proxy probe`, run with no arguments) reads the same variables.
    let mut env = vec![
        format!("{SERVICE_ID_ENV}={}", at.service_id),
        format!("BOSUN_PROXY_LISTEN=0.0.0.0:{}", config.proxy.port),
        format!("BOSUN_PROXY_DOCKER_HOST=unix://{SOCKET_IN_CONTAINER}"),
    ];
    match &target.policy {
        TargetPolicy::Preset(p) => args.push(format!("--policy-preset={}", p.name())),
        TargetPolicy::Inline(policy) => env.push(format!(
            "BOSUN_PROXY_POLICY_INLINE={}",
            inline_policy_text(&target.name, policy)
        )),
    }
    let exec = &target.exec;
    args.push(format!("--exec-user={}", exec.user));
    args.extend(
        exec.workdir
            .iter()
            .map(|dir| format!("--exec-workdir={dir}")),
    );
    args.extend(exec.env.iter().map(|(k, v)| format!("--exec-env={k}={v}")));
    let enforced = proxy_limits(target);
    args.extend([
        format!("--max-connections={}", enforced.max_connections),
        format!(
            "--max-channels-per-connection={}",
            enforced.max_channels_per_connection
        ),
        format!("--max-concurrent-execs={}", enforced.max_concurrent_execs),
    ]);
    let limits = &target.limits;
    args.extend(
        limits
            .command_timeout
            .map(|t| format!("--command-timeout={}s", t.as_secs().max(1))),
    );
    (args, env)
}

/// The fields of a spec that bosun owns, each as (name, comparable text). A proxy without a
/// `bosun.instance` label is the `bosun` instance's (made before instances existed), so its
/// labels compare as if it had `bosun.instance=bosun`.
fn owned_fields(spec: &ServiceSpec) -> Vec<(&'static str, String)> {
    let task = spec.task_template.as_ref();
    let container = task.and_then(|t| t.container_spec.as_ref());
    let image = container
        .and_then(|c| c.image.as_deref())
        .map(|i| i.split('@').next().unwrap_or(i));
    let mounts: Vec<_> = container
        .and_then(|c| c.mounts.as_ref())
        .into_iter()
        .flatten()
        .map(|m| (m.typ, &m.source, &m.target))
        .collect();
    let secrets: Vec<_> = container
        .and_then(|c| c.secrets.as_ref())
        .into_iter()
        .flatten()
        .map(|s| (&s.secret_name, &s.file))
        .collect();
    let limits = task
        .and_then(|t| t.resources.as_ref())
        .and_then(|r| r.limits.as_ref())
        .map(|l| (l.nano_cpus, l.memory_bytes));
    let restart = task
        .and_then(|t| t.restart_policy.as_ref())
        .map(|r| (r.condition, r.delay));
    let mut labels: std::collections::BTreeMap<&str, &str> = spec
        .labels
        .iter()
        .flatten()
        // the epoch is the fence's stamp on every write, not part of the desired spec
        .filter(|(k, _)| k.starts_with(names::LABEL_PREFIX) && k.as_str() != names::EPOCH)
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    labels
        .entry(names::INSTANCE)
        .or_insert(names::DEFAULT_INSTANCE);
    vec![
        ("replicas", format!("{:?}", spec.mode)),
        ("image", format!("{image:?}")),
        ("args", format!("{:?}", container.map(|c| &c.args))),
        ("env", format!("{:?}", container.map(|c| &c.env))),
        ("mounts", format!("{mounts:?}")),
        ("secrets", format!("{secrets:?}")),
        (
            "constraints",
            format!(
                "{:?}",
                task.and_then(|t| t.placement.as_ref())
                    .map(|p| &p.constraints)
            ),
        ),
        ("limits", format!("{limits:?}")),
        (
            "stop grace period",
            format!("{:?}", container.map(|c| c.stop_grace_period)),
        ),
        ("restart policy", format!("{restart:?}")),
        (
            "update order",
            format!("{:?}", spec.update_config.as_ref().map(|u| u.order)),
        ),
        (
            "endpoint mode",
            format!("{:?}", spec.endpoint_spec.as_ref().map(|e| e.mode)),
        ),
        ("labels", format!("{labels:?}")),
    ]
}

fn is_default_instance(instance: &str) -> bool {
    instance == names::DEFAULT_INSTANCE
}

/// A secret file only root can read.
pub fn secret_file(name: &str) -> TaskSpecContainerSpecFile {
    owned_secret_file(name, 0, 0, 0o400)
}

/// A secret file owned by `uid`:`gid` with `mode` (a client's key).
pub fn owned_secret_file(name: &str, uid: u32, gid: u32, mode: u32) -> TaskSpecContainerSpecFile {
    TaskSpecContainerSpecFile {
        name: Some(name.to_string()),
        uid: Some(uid.to_string()),
        gid: Some(gid.to_string()),
        mode: Some(mode),
    }
}
