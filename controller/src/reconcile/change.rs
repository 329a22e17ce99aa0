//! The plan's output: one [`Change`] to Swarm, as plain data, and how it reads in the log.
//! The planner (`super::plan`) lists them; the Engine code (`crate::swarm::apply`) carries
//! them out, in order.

use std::collections::BTreeMap;
use std::fmt;

use super::proxy_spec::ProxySpec;
use crate::model::names;

/// A client key file's owner, group and mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyAccess {
    pub uid: u32,
    pub gid: u32,
    pub mode: u32,
}

/// How a rotation ended, as a label write says it (counted in `bosun_rotations_total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotationOutcome {
    /// Done; the new key was made at this Unix millisecond.
    Finished { since_ms: u64 },
    /// It waits on an update Swarm will not finish by itself.
    Stuck,
}

/// One change to Swarm.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new keypair of (target, client service): the private key secret, its public half in
    /// a label.
    CreateClientKey {
        target: String,
        client: String,
        version: u32,
    },
    /// An authorized-keys secret holding `content` (`digest` is its SHA-256, in a label).
    CreateAuthorizedKeys {
        target: String,
        version: u32,
        content: String,
        digest: String,
    },
    CreateHostKey {
        target: String,
        node_id: String,
        version: u32,
    },
    /// The trust file client services mount (the record signing keys' public halves), a config
    /// named after its digest.
    CreateTrustConfig {
        name: String,
        content: String,
        digest: String,
    },
    CreateProxy(ProxySpec),
    /// A new record signing key `v<version>` of the instance: the private half is the secret,
    /// the public half its `bosun.public-key` label (`super::signing`).
    CreateSigningKey {
        version: u32,
    },
    /// The controller's own service mounts exactly `keys` (version, secret name, secret id) in
    /// its signing key directory `dir`, labelled `bosun.signing-since=since_ms` in the same
    /// write: it restarts with them.
    MountSigningKeys {
        service_id: String,
        service: String,
        dir: String,
        keys: Vec<(u32, String, String)>,
        since_ms: u64,
    },
    /// Read-modify-write of a proxy whose desired spec changed, whose live spec drifted, or
    /// whose target is back on its node (`reason` says which, for the log).
    UpdateProxy {
        id: String,
        spec: ProxySpec,
        reason: String,
        /// A proxy kept for the absent grace keeps its `bosun.absent-since`: its grace runs on.
        absent_since: Option<u64>,
    },
    /// A forced update of a proxy whose task Swarm left unplaced (see `super::stuck`): a new
    /// task, same service, same spec otherwise.
    RestartProxy {
        id: String,
        name: String,
        reason: String,
    },
    /// Label a proxy whose node has no task of its target with when that was first seen
    /// (`bosun.absent-since`); nothing else of it changes.
    MarkAbsent {
        id: String,
        name: String,
        since_ms: u64,
    },
    /// Mount the target's client key in a client service (and drop its other versions).
    AttachClientKey {
        service_id: String,
        service: String,
        target: String,
        secret: String,
        key_path: String,
        access: KeyAccess,
        /// The trust file config to mount with it (in place of any other).
        trust: Option<String>,
    },
    /// Unmount bosun secrets from a service that should no longer have them.
    DetachSecrets {
        service_id: String,
        service: String,
        secret_names: Vec<String>,
    },
    /// Sets labels of a key secret (its rotation phase, when a new host key was announced).
    LabelKey {
        id: String,
        name: String,
        /// The key's `bosun.kind` and target, for the rotation metrics.
        kind: String,
        target: String,
        labels: BTreeMap<String, String>,
        /// What this label says of the rotation, to be counted once.
        outcome: Option<RotationOutcome>,
    },
    /// Removes a rotation request that was carried out (or cannot be), or a trust file no
    /// service mounts any more.
    RemoveConfig {
        id: String,
        name: String,
    },
    RemoveService {
        id: String,
        name: String,
    },
    RemoveSecret {
        id: String,
        name: String,
    },
}

impl Change {
    /// Whether it makes a secret (those go before the services that mount them).
    pub fn is_create(&self) -> bool {
        matches!(
            self,
            Change::CreateClientKey { .. }
                | Change::CreateAuthorizedKeys { .. }
                | Change::CreateHostKey { .. }
                | Change::CreateTrustConfig { .. }
                | Change::CreateSigningKey { .. }
        )
    }

    #[cfg(test)]
    pub fn is_removal(&self) -> bool {
        matches!(
            self,
            Change::RemoveService { .. } | Change::RemoveSecret { .. }
        )
    }
}

/// One line for the log (`applying`).
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::CreateClientKey {
                target,
                client,
                version,
            } => write!(f, "create client key v{version} of {target} for {client}"),
            Change::CreateAuthorizedKeys {
                target, version, ..
            } => write!(f, "create authorized keys v{version} of {target}"),
            Change::CreateHostKey {
                target,
                node_id,
                version,
            } => write!(
                f,
                "create host key v{version} of {target} on node {}",
                names::short_node(node_id)
            ),
            Change::CreateProxy(spec) => {
                write!(f, "create proxy {} on node {}", spec.name, spec.node_id)
            }
            Change::CreateSigningKey { version } => {
                write!(f, "create record signing key v{version}")
            }
            Change::MountSigningKeys { service, keys, .. } => {
                let versions: Vec<String> = keys.iter().map(|(v, _, _)| format!("v{v}")).collect();
                write!(
                    f,
                    "move the controller's service {service} to signing key {}",
                    versions.join(", ")
                )
            }
            Change::UpdateProxy { spec, reason, .. } => {
                write!(
                    f,
                    "update proxy {} (spec {}): {reason}",
                    spec.name,
                    spec.hash()
                )
            }
            Change::RestartProxy { name, reason, .. } => {
                write!(f, "restart proxy {name} (forced update): {reason}")
            }
            Change::MarkAbsent { name, .. } => write!(
                f,
                "proxy {name}: no task of its target on its node; kept for the grace period"
            ),
            Change::AttachClientKey {
                service,
                secret,
                key_path,
                ..
            } => write!(f, "mount {secret} in client {service} at {key_path}"),
            Change::DetachSecrets {
                service,
                secret_names,
                ..
            } => write!(f, "unmount {} from {service}", secret_names.join(", ")),
            Change::LabelKey { name, labels, .. } => {
                let said: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, "label {name} {}", said.join(" "))
            }
            Change::RemoveConfig { name, .. } => write!(f, "remove config {name}"),
            Change::CreateTrustConfig { name, .. } => write!(f, "create trust file {name}"),
            Change::RemoveService { name, .. } => write!(f, "remove service {name}"),
            Change::RemoveSecret { name, .. } => write!(f, "remove secret {name}"),
        }
    }
}
