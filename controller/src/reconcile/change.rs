//! The plan's output: one [`Change`] to Swarm, as plain data, and how it reads in the log.
//! The planner (`super::plan`) lists them; the Engine code (`crate::swarm::apply`) carries
//! them out, in order.

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

/// One change to Swarm.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new client keypair: the private key secret (public half in a label) and the
    /// authorized-keys secret.
    CreateClientKey {
        target: String,
        version: u32,
    },
    /// The authorized-keys secret for an existing client key.
    CreateAuthorizedKeys {
        target: String,
        version: u32,
        public_key: String,
    },
    CreateHostKey {
        target: String,
        node_id: String,
        version: u32,
    },
    CreateProxy(ProxySpec),
    /// Read-modify-write of a proxy whose desired spec changed, whose live spec drifted, or
    /// whose target is back on its node (`reason` says which, for the log).
    UpdateProxy {
        id: String,
        spec: ProxySpec,
        reason: String,
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
    },
    /// Unmount bosun secrets from a service that should no longer have them.
    DetachSecrets {
        service_id: String,
        service: String,
        secret_names: Vec<String>,
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
            Change::CreateClientKey { target, version } => {
                write!(f, "create client key v{version} of {target}")
            }
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
            Change::RemoveService { name, .. } => write!(f, "remove service {name}"),
            Change::RemoveSecret { name, .. } => write!(f, "remove secret {name}"),
        }
    }
}
