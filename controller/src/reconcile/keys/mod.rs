//! The keys of one declared, live target, and their rotations (docs/keys.md): pure, like the
//! rest of the planner. [`plan_keys`] reads a snapshot and says
//! * which keys to make: a first key for each client service, a new version of a key that is
//!   due ([`requests`]), a first host key for each node that gets a proxy;
//! * which authorized-keys secret every proxy of the target mounts ([`authorized`]) and which
//!   host key the proxy of each node mounts ([`hosts`]);
//! * which client services move to their new key ([`clients`]), and the phase labels;
//! * which secrets are kept: every current key, and every key something still mounts ([`live`]).
//!
//! Every phase is derived again on every pass from what Swarm shows, so a controller killed
//! anywhere resumes where the objects say; the `bosun.rotation-phase` labels report it. Old
//! secrets are left to the planner's removal of what nothing keeps, which also waits until no
//! running task mounts them.
//!
//! # Layout
//! * `live` — what a service mounts now, and whether its rolling update is over;
//! * `authorized` — a target's accepted keys as a secret's content, found by digest;
//! * `clients` — one client service's keys and its rotation phase;
//! * `hosts` — one node's host keys, which one its proxy presents, which ones are listed;
//! * `requests` — schedules and rotation requests.

pub mod authorized;
pub mod clients;
pub mod hosts;
pub mod live;
pub mod requests;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::Duration;

use bollard::models::{Secret, Service};

use self::authorized::KeySet;
use self::clients::ClientKeys;
use self::hosts::HostKeys;
use self::requests::Request;
use super::change::{Change, RotationOutcome};
use crate::config::Rotation;
use crate::model::names::{self, phase};
use crate::model::request::Rotate;
use crate::model::snapshot::{Snapshot, secret_labels, secret_name, secret_refs, unix_ms};

/// What [`plan_keys`] decided.
#[derive(Debug, Default)]
pub struct KeyPlan {
    pub changes: Vec<Change>,
    pub problems: Vec<String>,
    /// Secrets that stay, whatever else the plan removes.
    pub keep: HashSet<String>,
    pub recheck: Option<Duration>,
    /// The authorized-keys secret every proxy of the target mounts, and its version.
    pub authorized: (String, u32),
    /// Node id → the host key secret its proxy mounts.
    pub host_keys: HashMap<String, String>,
    /// Some client has no key yet: this pass only makes keys, and proxies are made or changed
    /// once the authorized keys can hold every client's (no proxy starts with a set that is
    /// replaced a moment later).
    pub first_keys: bool,
}

impl KeyPlan {
    fn recheck_within(&mut self, left: Duration) {
        self.recheck = Some(self.recheck.map_or(left, |r| r.min(left)));
    }
}

/// The keys of `target` (declared, its service live), whose active clients are `clients` (each
/// declared, existing and opted in) and whose proxies run on `proxy_nodes`.
pub fn plan_keys(
    snap: &Snapshot,
    target: &str,
    clients: &[ClientKeys],
    proxy_nodes: &[String],
    rotation: &Rotation,
) -> KeyPlan {
    let mut out = KeyPlan::default();
    let requests = requests::pending(snap, target);
    let first: Vec<&ClientKeys> = clients.iter().filter(|c| c.current().is_none()).collect();
    if !first.is_empty() {
        out.first_keys = true;
        for client in first {
            out.changes.push(Change::CreateClientKey {
                target: target.to_string(),
                client: client.spec.service.clone(),
                version: 1,
            });
        }
        host_keys(snap, target, proxy_nodes, &[], rotation, &mut out);
        out.changes.retain(Change::is_create);
        keep_all(snap, target, &mut out);
        out.recheck_within(WATCH);
        return out;
    }
    let trust = trust_config(snap, &mut out);
    let set = KeySet::new(&clients.iter().flat_map(ClientKeys::entries).collect());
    out.authorized = authorized_secret(snap, target, &set, &mut out);
    let ready = proxies_ready(snap, target, &out.authorized.0);
    for client in clients {
        let at = Rollout {
            proxies_ready: ready,
            trust: trust.as_deref(),
        };
        client_key(snap, target, client, &at, &requests, rotation, &mut out);
    }
    host_keys(snap, target, proxy_nodes, &requests, rotation, &mut out);
    carried_out(snap, target, clients, &requests, &mut out);
    out
}

/// The trust file config client services mount with their key (made if there is none), when
/// the controller signs records.
fn trust_config(snap: &Snapshot, out: &mut KeyPlan) -> Option<String> {
    let trust = snap.trust.as_ref()?;
    let name = snap.naming().discovery_keys_config(&trust.digest);
    let exists = snap
        .trust_configs
        .iter()
        .any(|c| c.spec.as_ref().and_then(|s| s.name.as_deref()) == Some(&name));
    if !exists {
        out.changes.push(Change::CreateTrustConfig {
            name: name.clone(),
            content: trust.content.clone(),
            digest: trust.digest.clone(),
        });
    }
    Some(name)
}

/// What a client's move to its key waits on, and what it mounts with it.
struct Rollout<'a> {
    /// Every proxy of the target accepts the client's current key.
    proxies_ready: bool,
    /// The trust file config to mount with the key.
    trust: Option<&'a str>,
}

/// The authorized-keys secret holding `set`: the one there is, or a new one.
fn authorized_secret(
    snap: &Snapshot,
    target: &str,
    set: &KeySet,
    out: &mut KeyPlan,
) -> (String, u32) {
    let found = authorized::holding(snap, target, set)
        .and_then(|s| Some((secret_name(s)?.to_string(), clients::version(s))));
    let (name, version) = found.unwrap_or_else(|| {
        let version = authorized::next_version(snap, target);
        out.changes.push(Change::CreateAuthorizedKeys {
            target: target.to_string(),
            version,
            content: set.content.clone(),
            digest: set.digest.clone(),
        });
        (
            snap.naming().authorized_keys_secret(target, version),
            version,
        )
    });
    out.keep.insert(name.clone());
    (name, version)
}

/// Whether every proxy of the target mounts `wanted` (the authorized keys) in its spec and has
/// rolled onto it.
fn proxies_ready(snap: &Snapshot, target: &str, wanted: &str) -> bool {
    let is_authorized = |name: &str| {
        snap.secret_named(name)
            .and_then(secret_labels)
            .and_then(|l| l.get(names::KIND))
            .is_some_and(|k| k == names::KIND_AUTHORIZED_KEYS)
    };
    // a proxy kept through its absent grace is not rewritten (it has no placement); it
    // goes when the grace ends, and waiting for it would hold every client that long
    let absent = |proxy: &&Service| {
        proxy
            .spec
            .as_ref()
            .and_then(|s| s.labels.as_ref())
            .is_some_and(|l| l.contains_key(names::ABSENT_SINCE))
    };
    snap.secret_named(wanted).is_some()
        && snap
            .managed_services(target, names::KIND_PROXY)
            .filter(|p| !absent(p))
            .all(|proxy| {
                secret_refs(proxy)
                    .iter()
                    .any(|r| r.secret_name.as_deref() == Some(wanted))
                    && live::settled(snap, proxy, is_authorized)
            })
}

/// One client's key: a first one, a new version when due, the move to the current one once the
/// proxies accept it, and its phase label.
fn client_key(
    snap: &Snapshot,
    target: &str,
    client: &ClientKeys,
    at: &Rollout,
    requests: &[Request],
    rotation: &Rotation,
    out: &mut KeyPlan,
) {
    let name = &client.spec.service;
    for s in &client.mounted {
        out.keep.extend(secret_name(s).map(str::to_string));
    }
    let Some(current) = client.current() else {
        return;
    };
    let current_name = secret_name(current).unwrap_or_default().to_string();
    out.keep.insert(current_name.clone());
    let on_current = client.on_current(snap);
    let ready = at.proxies_ready;
    let phase = later_phase(current, clients::phase(on_current, ready, client.has_old()));
    // a client without a trust file cannot use the record: it gets the current one (one that
    // has an older one keeps it until its next key, so a signing key roll restarts no client)
    let needs_trust = at.trust.is_some() && !client.mounts_trust(&snap.naming());
    if (!client.spec_on_current() || needs_trust) && ready {
        match live::stalled(client.service, created(current)) {
            Some(why) => {
                out.problems.push(format!(
                    "target {target}: client service {name} is not moved to its new key: {why}"
                ));
                mark_stuck(current, why, &mut out.changes);
            }
            None => out.changes.push(Change::AttachClientKey {
                service_id: client.service.id.clone().unwrap_or_default(),
                service: name.clone(),
                target: target.to_string(),
                secret: current_name.clone(),
                key_path: client.spec.key_path.clone(),
                access: client.access(),
                trust: at.trust.map(str::to_string),
            }),
        }
    }
    label_phase(current, phase, &mut out.changes);
    if phase != phase::DONE {
        out.recheck_within(WATCH);
        return;
    }
    let made = created(current);
    let asking = requests
        .iter()
        .filter(|r| r.covers_client(name))
        .map(|r| r.created_ms);
    if requests::due(made, snap.at_ms, rotation.client_keys, asking).is_some() {
        out.changes.push(Change::CreateClientKey {
            target: target.to_string(),
            client: name.clone(),
            version: clients::version(current) + 1,
        });
    } else if let Some(left) = requests::until_due(made, snap.at_ms, rotation.client_keys) {
        out.recheck_within(left);
    }
}

/// How often a rotation in progress is looked at: Swarm sends no event when a task stops, so a
/// rolling update's end is seen by looking.
const WATCH: Duration = Duration::from_secs(2);

/// The host keys of the nodes that get a proxy (a first one where there is none), and of every
/// other node of the swarm that has one; which one each proxy mounts; new versions when due.
fn host_keys(
    snap: &Snapshot,
    target: &str,
    proxy_nodes: &[String],
    requests: &[Request],
    rotation: &Rotation,
    out: &mut KeyPlan,
) {
    let naming = snap.naming();
    let swarm: BTreeSet<&str> = snap.nodes.iter().filter_map(|n| n.id.as_deref()).collect();
    let mut nodes: BTreeSet<&str> = proxy_nodes.iter().map(String::as_str).collect();
    for s in snap.managed_secrets(target, names::KIND_HOST_KEY) {
        if let Some(node) = secret_labels(s).and_then(|l| l.get(names::NODE)) {
            if swarm.contains(node.as_str()) {
                nodes.insert(node);
            }
        }
    }
    for node in nodes {
        let keys = HostKeys::read(snap, target, node);
        let proxy = snap.service_named(&naming.proxy_service(target, node));
        let proxy = proxy.filter(|p| naming.owns(p.spec.as_ref().and_then(|s| s.labels.as_ref())));
        if let Some(p) = proxy {
            out.keep
                .extend(keys.mounted_by(snap, p).into_iter().map(str::to_string));
        }
        let Some(choice) = keys.choose(snap, proxy, snap.at_ms, rotation.announce) else {
            if proxy_nodes.iter().any(|n| n == node) {
                out.changes.push(Change::CreateHostKey {
                    target: target.to_string(),
                    node_id: node.to_string(),
                    version: 1,
                });
                out.host_keys
                    .insert(node.to_string(), naming.host_key_secret(target, node, 1));
            }
            continue;
        };
        let Some(current) = keys.current() else {
            continue;
        };
        out.keep.insert(choice.mount.to_string());
        out.keep.extend(secret_name(current).map(str::to_string));
        out.host_keys
            .insert(node.to_string(), choice.mount.to_string());
        if let Some(left) = choice.recheck {
            out.recheck_within(left);
        }
        let phase = later_phase(current, choice.phase);
        let mut labels = BTreeMap::new();
        if choice.announce_now {
            labels.insert(names::ANNOUNCED_AT.to_string(), snap.at_ms.to_string());
        }
        label_phase_with(current, phase, labels, &mut out.changes);
        if phase != phase::DONE {
            // announcing waits for a time (`choice.recheck`); the others for Swarm
            if phase != phase::ANNOUNCE {
                out.recheck_within(WATCH);
            }
            continue;
        }
        let made = created(current);
        let asking = requests
            .iter()
            .filter(|r| r.covers_host_keys())
            .map(|r| r.created_ms);
        if requests::due(made, snap.at_ms, rotation.host_keys, asking).is_some() {
            out.changes.push(Change::CreateHostKey {
                target: target.to_string(),
                node_id: node.to_string(),
                version: clients::version(current) + 1,
            });
        } else if let Some(left) = requests::until_due(made, snap.at_ms, rotation.host_keys) {
            out.recheck_within(left);
        }
    }
}

/// Requests every key they cover has answered (no covered key is older than the request) are
/// removed; so are those this controller cannot read, or that name a client the target does
/// not have.
fn carried_out(
    snap: &Snapshot,
    target: &str,
    clients: &[ClientKeys],
    requests: &[Request],
    out: &mut KeyPlan,
) {
    let newest_client = |name: &str| {
        clients
            .iter()
            .find(|c| c.spec.service == name)
            .map(|c| c.current().map_or(0, created))
    };
    let newest_hosts = newest_host_keys(snap, target);
    for request in requests {
        let done = match &request.asked {
            Ok(Rotate::ClientKeys { client: None }) => clients
                .iter()
                .all(|c| c.current().is_some_and(|k| created(k) > request.created_ms)),
            Ok(Rotate::ClientKeys { client: Some(name) }) => match newest_client(name) {
                Some(made) => made > request.created_ms,
                None => {
                    out.problems.push(format!(
                        "rotation request {}: target {target} has no client service {name}; it is removed",
                        request.name
                    ));
                    true
                }
            },
            Ok(Rotate::HostKeys) => {
                !newest_hosts.is_empty()
                    && newest_hosts.iter().all(|made| *made > request.created_ms)
            }
            // has no target, so never listed for one (`crate::reconcile::signing` does it)
            Ok(Rotate::SigningKey) => false,
            Err(why) => {
                out.problems.push(format!(
                    "rotation request {}: {why}; it is removed",
                    request.name
                ));
                true
            }
        };
        if done {
            out.changes.push(Change::RemoveConfig {
                id: request.id.to_string(),
                name: request.name.clone(),
            });
        }
    }
}

/// Every key of the target stays (a pass that only makes first keys decides nothing else).
fn keep_all(snap: &Snapshot, target: &str, out: &mut KeyPlan) {
    for kind in [
        names::KIND_HOST_KEY,
        names::KIND_AUTHORIZED_KEYS,
        names::KIND_CLIENT_KEY,
    ] {
        let keys = snap.managed_secrets(target, kind).filter_map(secret_name);
        out.keep.extend(keys.map(str::to_string));
    }
}

/// When the newest host key of each node was made.
fn newest_host_keys(snap: &Snapshot, target: &str) -> Vec<u64> {
    let mut newest: HashMap<&str, (u32, u64)> = HashMap::new();
    for s in snap.managed_secrets(target, names::KIND_HOST_KEY) {
        let Some(node) = secret_labels(s).and_then(|l| l.get(names::NODE)) else {
            continue;
        };
        let entry = newest.entry(node).or_insert((0, 0));
        if clients::version(s) >= entry.0 {
            *entry = (clients::version(s), created(s));
        }
    }
    newest.into_values().map(|(_, made)| made).collect()
}

/// When a secret was made (Swarm's `CreatedAt`), in Unix milliseconds.
pub fn created(secret: &Secret) -> u64 {
    secret.created_at.as_deref().and_then(unix_ms).unwrap_or(0)
}

/// The order of the phases: a key's phase label never goes back (another client's rotation
/// rolls the proxies again, which does not make a finished rotation unfinished).
const ORDER: [&str; 7] = [
    phase::ANNOUNCE,
    phase::ACCEPT_BOTH,
    phase::SWITCH_CLIENT,
    phase::ROLL_PROXY,
    phase::ACCEPT_NEW,
    phase::CLEANUP,
    phase::DONE,
];

/// `computed`, or the key's labelled phase if that one is further on.
fn later_phase(key: &Secret, computed: &'static str) -> &'static str {
    let rank = |p: &str| ORDER.iter().position(|o| *o == p);
    let labelled = secret_labels(key)
        .and_then(|l| l.get(names::ROTATION_PHASE))
        .and_then(|p| ORDER.iter().copied().find(|o| o == p));
    match labelled {
        Some(l) if rank(l) > rank(computed) => l,
        _ => computed,
    }
}

fn label_phase(key: &Secret, phase: &'static str, changes: &mut Vec<Change>) {
    label_phase_with(key, phase, BTreeMap::new(), changes);
}

/// Labels `key` with `phase` (and `more`), unless it already says so.
fn label_phase_with(
    key: &Secret,
    phase: &'static str,
    mut more: BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    let labels = secret_labels(key);
    let labelled = labels.and_then(|l| l.get(names::ROTATION_PHASE));
    if labelled.map(String::as_str) != Some(phase) {
        more.insert(names::ROTATION_PHASE.to_string(), phase.to_string());
    }
    if more.is_empty() {
        return;
    }
    let finished =
        (phase == phase::DONE && labelled.is_some() && clients::version(key) > 1).then(|| {
            RotationOutcome::Finished {
                since_ms: created(key),
            }
        });
    changes.push(label_key(key, more, finished));
}

/// A label change of `key`.
fn label_key(
    key: &Secret,
    labels: BTreeMap<String, String>,
    outcome: Option<RotationOutcome>,
) -> Change {
    let own = secret_labels(key);
    let get = |k: &str| own.and_then(|l| l.get(k)).cloned().unwrap_or_default();
    Change::LabelKey {
        id: key.id.clone().unwrap_or_default(),
        name: secret_name(key).unwrap_or_default().to_string(),
        kind: get(names::KIND),
        target: get(names::TARGET),
        labels,
        outcome,
    }
}

/// Says once, on the key, that its rotation waits on an update that will not finish.
fn mark_stuck(key: &Secret, why: &str, changes: &mut Vec<Change>) {
    if secret_labels(key).is_some_and(|l| l.contains_key(names::ROTATION_STUCK)) {
        return;
    }
    let labels = BTreeMap::from([(names::ROTATION_STUCK.to_string(), why.to_string())]);
    changes.push(label_key(key, labels, Some(RotationOutcome::Stuck)));
}

/// The client keys of `target`'s active clients.
pub fn active_clients<'a>(
    snap: &'a Snapshot,
    target: &'a str,
    clients: impl Iterator<Item = (&'a crate::config::ClientSpec, &'a Service)>,
) -> Vec<ClientKeys<'a>> {
    clients
        .map(|(spec, service)| ClientKeys::read(snap, target, spec, service))
        .collect()
}
