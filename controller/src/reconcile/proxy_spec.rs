//! The proxy service a target needs on one node, as plain data ([`ProxySpec`]), its hash, and
//! how it is written onto a Swarm `ServiceSpec`.
//!
//! A new proxy gets a whole spec. An existing one is read-modify-written: the fields bosun owns
//! are set on the *current* spec and everything else (fields Swarm filled in, fields a newer
//! engine knows) is kept, so nothing is ever rebuilt from a partial model.

use std::collections::HashMap;

use bollard::models::{
    EndpointSpecModeEnum, Limit, Mount, MountType, NetworkAttachmentConfig, ServiceSpec,
    ServiceSpecMode, ServiceSpecModeReplicated, ServiceSpecUpdateConfigFailureActionEnum,
    ServiceSpecUpdateConfigOrderEnum, TaskSpec, TaskSpecContainerSpecFile,
    TaskSpecContainerSpecSecrets, TaskSpecRestartPolicy, TaskSpecRestartPolicyConditionEnum,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::{Config, Target, TargetPolicy, inline_policy_text};
use crate::model::names;

/// Where the proxy reaches the engine inside its container.
const SOCKET_IN_CONTAINER: &str = "/var/run/docker.sock";

/// A secret a spec mounts does not exist (yet): the change that creates it runs first, or a
/// later reconcile retries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("secret {0} does not exist (yet)")]
pub struct MissingSecret(pub String);

/// Everything bosun decides about one proxy service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProxySpec {
    /// Left out of the hash for the default instance, so its proxies' hashes stay as they were.
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
}

impl ProxySpec {
    /// The proxy `target` needs on `node_id`, execing into `service`.
    pub fn desired(
        config: &Config,
        target: &Target,
        service: &str,
        node_id: &str,
        key_version: u32,
    ) -> ProxySpec {
        let (args, env) = proxy_command(config, target, service);
        let limits = &target.limits;
        let naming = names::Naming::new(&config.instance);
        ProxySpec {
            instance: config.instance.clone(),
            name: naming.proxy_service(&target.name, node_id),
            target: target.name.clone(),
            node_id: node_id.to_string(),
            key_version,
            image: config.proxy.image.clone(),
            args,
            env,
            docker_socket: config.proxy.docker_socket.clone(),
            network: config.network.clone(),
            host_key_secret: naming.host_key_secret(&target.name, node_id, key_version),
            authorized_keys_secret: naming.authorized_keys_secret(&target.name, key_version),
            memory_bytes: limits.memory_bytes,
            nano_cpus: limits.nano_cpus,
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

    /// The service-level fields: name, labels, mode, start-first updates, DNS round robin.
    fn write_service(&self, spec: &mut ServiceSpec) {
        spec.name = Some(self.name.clone());
        let mut labels = spec.labels.take().unwrap_or_default();
        labels.extend(self.labels());
        spec.labels = Some(labels);
        if spec.mode.is_none() {
            spec.mode = Some(ServiceSpecMode {
                replicated: Some(ServiceSpecModeReplicated { replicas: Some(1) }),
                ..Default::default()
            });
        }

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
        task.container_spec = Some(container);

        let mut placement = task.placement.take().unwrap_or_default();
        placement.constraints = Some(vec![format!("node.id=={}", self.node_id)]);
        task.placement = Some(placement);

        let mut resources = task.resources.take().unwrap_or_default();
        resources.limits = Some(Limit {
            nano_cpus: self.nano_cpus,
            memory_bytes: self.memory_bytes,
            ..Default::default()
        });
        task.resources = Some(resources);

        task.restart_policy = Some(TaskSpecRestartPolicy {
            condition: Some(TaskSpecRestartPolicyConditionEnum::ANY),
            delay: Some(1_000_000_000),
            ..Default::default()
        });
        task.networks = Some(vec![NetworkAttachmentConfig {
            target: Some(self.network.clone()),
            ..Default::default()
        }]);
        task
    }
}

/// The proxy's arguments and environment: where it listens, what it execs into, as whom,
/// under which policy and limits.
fn proxy_command(config: &Config, target: &Target, service: &str) -> (Vec<String>, Vec<String>) {
    let mut args = vec![
        format!("--listen=0.0.0.0:{}", config.proxy.port),
        format!("--target={}", target.name),
        format!("--service={service}"),
        format!("--ssh-user={}", config.proxy.ssh_user),
        format!("--host-key=/run/secrets/{}", names::HOST_KEY_FILE),
        format!(
            "--authorized-keys=/run/secrets/{}",
            names::AUTHORIZED_KEYS_FILE
        ),
        format!("--docker-host=unix://{SOCKET_IN_CONTAINER}"),
    ];
    let mut env = Vec::new();
    match &target.policy {
        TargetPolicy::Preset(p) => args.push(format!("--policy-preset={}", p.name())),
        TargetPolicy::Inline(policy) => env.push(format!(
            "BOSUN_PROXY_POLICY_INLINE={}",
            inline_policy_text(&target.name, policy)
        )),
    }
    let exec = &target.exec;
    args.extend(exec.user.iter().map(|user| format!("--exec-user={user}")));
    args.extend(
        exec.workdir
            .iter()
            .map(|dir| format!("--exec-workdir={dir}")),
    );
    args.extend(exec.env.iter().map(|(k, v)| format!("--exec-env={k}={v}")));
    let limits = &target.limits;
    args.extend(
        limits
            .max_connections
            .map(|n| format!("--max-connections={n}")),
    );
    args.extend(
        limits
            .max_concurrent_execs
            .map(|n| format!("--max-concurrent-execs={n}")),
    );
    args.extend(
        limits
            .command_timeout
            .map(|t| format!("--command-timeout={}s", t.as_secs().max(1))),
    );
    (args, env)
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
