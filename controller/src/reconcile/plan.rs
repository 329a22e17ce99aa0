//! The reconcile function: for one target and one [`Snapshot`], the changes that make Swarm
//! match the configuration. Pure and level-triggered: it does not know why it was called, it
//! compares desired with observed and lists [`Action`]s in the order they must run (secrets
//! before the services that mount them, detaching before removing).
//!
//! A target that left the configuration, or whose service is gone, plans the removal of
//! everything bosun made for it; removals only happen when `gc_allowed` (the controller has read
//! a complete listing since it started) and only of objects labelled `bosun.managed-by=bosun`.

use std::collections::{BTreeSet, HashSet};

use bollard::models::Service;

use super::proxy_spec::ProxySpec;
use super::targets::select;
use crate::config::{ClientSpec, Config, Target};
use crate::swarm::names;
use crate::swarm::observe::{
    Snapshot, label_u32, secret_labels, secret_name, secret_refs, service_labels, service_name,
};

/// One change to Swarm.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
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
    /// Read-modify-write of a proxy whose spec hash differs.
    UpdateProxy {
        id: String,
        spec: ProxySpec,
    },
    /// Mount the target's client key in a client service (and drop its other versions).
    AttachClientKey {
        service_id: String,
        service: String,
        target: String,
        secret: String,
        key_path: String,
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

impl Action {
    #[cfg(test)]
    pub fn is_removal(&self) -> bool {
        matches!(
            self,
            Action::RemoveService { .. } | Action::RemoveSecret { .. }
        )
    }
}

/// What one target needs, plus what could not be planned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub actions: Vec<Action>,
    pub problems: Vec<String>,
}

/// Plans `name`. `target` is its declaration (`None`: not declared any more).
pub fn plan(
    config: &Config,
    name: &str,
    target: Option<&Target>,
    snap: &Snapshot,
    gc_allowed: bool,
) -> Plan {
    let mut out = Plan::default();
    let service = match target.map(|t| select(t, &snap.services)) {
        None | Some(Ok(None)) => None,
        Some(Ok(Some(s))) => Some(s),
        Some(Err(problem)) => {
            // Ambiguous: change nothing until it is fixed.
            out.problems.push(problem);
            return out;
        }
    };
    if let (Some(t), None) = (target, service) {
        out.problems.push(format!(
            "target {}: no service matches {}",
            t.name,
            describe_selector(t)
        ));
    }

    let live = target.zip(service);
    let version = key_version(name, snap);
    let mut keep_secrets: HashSet<String> = HashSet::new();
    let mut keep_services: HashSet<String> = HashSet::new();

    if let Some((target, service)) = live {
        let svc_name = service_name(service).unwrap_or_default();
        let svc_id = service.id.as_deref().unwrap_or_default();
        plan_keys(name, version, snap, &mut out, &mut keep_secrets);
        for node in snap.task_nodes(svc_id) {
            let host_key = names::host_key_secret(name, &node, version);
            keep_secrets.insert(host_key.clone());
            if snap.secret_named(&host_key).is_none() {
                out.actions.push(Action::CreateHostKey {
                    target: name.to_string(),
                    node_id: node.clone(),
                    version,
                });
            }
            let desired = ProxySpec::desired(config, target, svc_name, &node, version);
            keep_services.insert(desired.name.clone());
            match snap.service_named(&desired.name) {
                None => out.actions.push(Action::CreateProxy(desired)),
                Some(existing) => {
                    if !names::is_managed(service_labels(existing)) {
                        out.problems.push(format!(
                            "target {name}: service {} exists but is not bosun's; its proxy on node {node} is not deployed",
                            desired.name
                        ));
                    } else if service_labels(existing).and_then(|l| l.get(names::SPEC_HASH))
                        != Some(&desired.hash())
                    {
                        out.actions.push(Action::UpdateProxy {
                            id: existing.id.clone().unwrap_or_default(),
                            spec: desired,
                        });
                    }
                }
            }
        }
        for client in &target.clients {
            plan_client(name, version, client, snap, &mut out);
        }
    }

    // Services holding one of this target's client keys but not declared as its clients.
    let declared: HashSet<&str> = live
        .map(|(t, _)| t.clients.iter().map(|c| c.service.as_str()).collect())
        .unwrap_or_default();
    let client_keys: HashSet<&str> = snap
        .managed_secrets(name, names::KIND_CLIENT_KEY)
        .filter_map(secret_name)
        .collect();
    let mut holders: Vec<&Service> = client_keys.iter().flat_map(|k| snap.holders(k)).collect();
    holders.sort_by_key(|s| s.id.as_deref());
    holders.dedup_by_key(|s| s.id.as_deref());
    for svc in holders {
        let Some(svc_name) = service_name(svc) else {
            continue;
        };
        if declared.contains(svc_name) {
            continue;
        }
        let held: Vec<String> = secret_refs(svc)
            .iter()
            .filter_map(|r| r.secret_name.as_deref())
            .filter(|n| client_keys.contains(n))
            .map(str::to_string)
            .collect();
        if !held.is_empty() && gc_allowed {
            out.actions.push(Action::DetachSecrets {
                service_id: svc.id.clone().unwrap_or_default(),
                service: svc_name.to_string(),
                secret_names: held,
            });
        }
    }

    if !gc_allowed {
        return out;
    }
    let removed_services: HashSet<&str> = snap
        .managed_services(name, names::KIND_PROXY)
        .filter(|s| !service_name(s).is_some_and(|n| keep_services.contains(n)))
        .filter_map(|s| {
            out.actions.push(Action::RemoveService {
                id: s.id.clone().unwrap_or_default(),
                name: service_name(s).unwrap_or_default().to_string(),
            });
            s.id.as_deref()
        })
        .collect();
    // (service id, secret name) pairs this plan unmounts: attaching a key replaces every other
    // version of it in that service.
    let mut detached: HashSet<(String, String)> = HashSet::new();
    for action in &out.actions {
        match action {
            Action::DetachSecrets {
                service_id,
                secret_names,
                ..
            } => {
                for n in secret_names {
                    detached.insert((service_id.clone(), n.clone()));
                }
            }
            Action::AttachClientKey {
                service_id, secret, ..
            } => {
                for n in client_keys.iter().filter(|n| **n != secret.as_str()) {
                    detached.insert((service_id.clone(), (*n).to_string()));
                }
            }
            _ => {}
        }
    }
    let kinds = [
        names::KIND_HOST_KEY,
        names::KIND_AUTHORIZED_KEYS,
        names::KIND_CLIENT_KEY,
    ];
    let mut removals = BTreeSet::new();
    for kind in kinds {
        for secret in snap.managed_secrets(name, kind) {
            let (Some(id), Some(sname)) = (secret.id.as_deref(), secret_name(secret)) else {
                continue;
            };
            if keep_secrets.contains(sname) {
                continue;
            }
            let still_used = snap.services.iter().any(|svc| {
                let svc_id = svc.id.as_deref().unwrap_or_default();
                !removed_services.contains(svc_id)
                    && !detached.contains(&(svc_id.to_string(), sname.to_string()))
                    && secret_refs(svc)
                        .iter()
                        .any(|r| r.secret_id.as_deref() == Some(id))
            });
            if !still_used {
                removals.insert((sname.to_string(), id.to_string()));
            }
        }
    }
    out.actions.extend(
        removals
            .into_iter()
            .map(|(name, id)| Action::RemoveSecret { id, name }),
    );
    out
}

fn describe_selector(target: &Target) -> String {
    match &target.selector {
        crate::config::Selector::Service(s) => format!("service {s:?}"),
        crate::config::Selector::Labels(l) => format!(
            "labels {}",
            l.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// The target's current key version: the newest client key's, or 1 for a new target.
pub fn key_version(target: &str, snap: &Snapshot) -> u32 {
    snap.managed_secrets(target, names::KIND_CLIENT_KEY)
        .filter_map(|s| label_u32(secret_labels(s), names::KEY_VERSION))
        .max()
        .unwrap_or(1)
}

fn plan_keys(
    target: &str,
    version: u32,
    snap: &Snapshot,
    out: &mut Plan,
    keep: &mut HashSet<String>,
) {
    let client = names::client_key_secret(target, version);
    let authorized = names::authorized_keys_secret(target, version);
    keep.insert(client.clone());
    keep.insert(authorized.clone());
    match snap.secret_named(&client) {
        None => out.actions.push(Action::CreateClientKey {
            target: target.to_string(),
            version,
        }),
        Some(secret) if snap.secret_named(&authorized).is_none() => {
            match secret_labels(secret).and_then(|l| l.get(names::PUBLIC_KEY)) {
                Some(public_key) => out.actions.push(Action::CreateAuthorizedKeys {
                    target: target.to_string(),
                    version,
                    public_key: public_key.clone(),
                }),
                None => out.problems.push(format!(
                    "secret {client} has no {} label; remove it to get a new key",
                    names::PUBLIC_KEY
                )),
            }
        }
        Some(_) => {}
    }
}

fn plan_client(target: &str, version: u32, client: &ClientSpec, snap: &Snapshot, out: &mut Plan) {
    let Some(service) = snap.service_named(&client.service) else {
        out.problems.push(format!(
            "target {target}: client service {} does not exist",
            client.service
        ));
        return;
    };
    let secret = names::client_key_secret(target, version);
    if !has_key_at(service, &secret, &client.key_path)
        || holds_other_versions(service, target, &secret, snap)
    {
        out.actions.push(Action::AttachClientKey {
            service_id: service.id.clone().unwrap_or_default(),
            service: client.service.clone(),
            target: target.to_string(),
            secret,
            key_path: client.key_path.clone(),
        });
    }
}

fn has_key_at(service: &Service, secret: &str, path: &str) -> bool {
    secret_refs(service).iter().any(|r| {
        r.secret_name.as_deref() == Some(secret)
            && r.file.as_ref().and_then(|f| f.name.as_deref()) == Some(path)
    })
}

fn holds_other_versions(service: &Service, target: &str, current: &str, snap: &Snapshot) -> bool {
    let ours: HashSet<&str> = snap
        .managed_secrets(target, names::KIND_CLIENT_KEY)
        .filter_map(secret_name)
        .collect();
    secret_refs(service).iter().any(|r| {
        r.secret_name
            .as_deref()
            .is_some_and(|n| n != current && ours.contains(n))
    })
}
