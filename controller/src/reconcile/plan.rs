//! The reconcile function: for one target and one [`Snapshot`], the changes that make Swarm
//! match the configuration. Pure and level-triggered: it does not know why it was called, it
//! compares desired with observed and lists [`Change`]s in the order they must run (secrets
//! before the services that mount them, detaching before removing).
//!
//! What survives what:
//! * a proxy whose node lost every task of its target (a restart, an update, a node reboot, a
//!   deleted service) is kept for the grace period (`super::presence`), then removed;
//! * a declared target keeps its keys, and one host key per (target, node) for every node of
//!   the swarm, whatever happens to its service and proxies: a proxy made again on a node gets
//!   the host key clients already pinned;
//! * a proxy whose live spec drifted from the desired one (scaled to 0, edited by hand) is
//!   rewritten; one that did not is never written.
//!
//! A target that left the configuration plans the removal of everything bosun made for it;
//! removals only happen when `gc_allowed` (the controller has read a complete listing since it
//! started) and only of this instance's objects (`bosun.instance`, see `crate::model::names`).
//!
//! A client service only ever gets a key it agreed to (its own `bosun.client-of` label names
//! the target); one that did not is reported and left alone. A held target (see
//! `super::targets`) is never planned at all: nothing of it changes, absent proxies included
//! (they are neither labelled nor removed while it is held).

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use bollard::models::Service;

use super::change::Change;
use super::keys::{self, plan_keys};
use super::presence::{Presence, presence};
use super::proxy_spec::{Placement, ProxySpec};
use super::stuck::{self, Unplaced};
use super::targets::select;
use crate::config::{ClientSpec, Config, Target};
use crate::model::names;
use crate::model::snapshot::{
    Snapshot, config_names, secret_name, secret_refs, service_labels, service_name,
    task_config_names, task_secret_names,
};

/// What one target needs, plus what could not be planned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub problems: Vec<String>,
    /// When a kept absent proxy's grace runs out, or an unplaced proxy task would count as
    /// stuck: look at the target again then.
    pub recheck_after: Option<Duration>,
}

/// Plans `name`. `target` is its declaration (`None`: not declared any more).
pub fn plan(
    config: &Config,
    name: &str,
    target: Option<&Target>,
    snap: &Snapshot,
    gc_allowed: bool,
) -> Plan {
    let mut planner = Planner::new(config, name, snap);
    let service = match target.map(|t| select(t, &snap.services)) {
        None | Some(Ok(None)) => None,
        Some(Ok(Some(s))) => Some(s),
        Some(Err(problem)) => {
            // Ambiguous: change nothing until it is fixed.
            planner.out.problems.push(problem);
            return planner.out;
        }
    };
    if let (Some(t), None) = (target, service) {
        planner.out.problems.push(format!(
            "target {}: no service matches {}",
            t.name,
            describe_selector(t)
        ));
    }
    if let Some(target) = target {
        planner.declared_target(target, service);
    }
    if !gc_allowed {
        return planner.out;
    }
    // a declared client that opted out (or whose service is gone) loses its key like a
    // stranger: only the active clients keep theirs
    let active: HashSet<&str> = target
        .map(|t| {
            t.clients
                .iter()
                .filter(|c| {
                    snap.service_named(&c.service)
                        .is_some_and(|s| opted_in(s, name))
                })
                .map(|c| c.service.as_str())
                .collect()
        })
        .unwrap_or_default();
    planner.detach_strays(&active);
    if target.is_none() {
        planner.remove_requests();
    }
    planner.remove_leftovers();
    planner.remove_old_trust_files();
    planner.out
}

/// One target's plan while it is made: the output, and what must be kept.
struct Planner<'a> {
    config: &'a Config,
    name: &'a str,
    snap: &'a Snapshot,
    /// The target's client key secrets, every version.
    client_keys: HashSet<&'a str>,
    keep_secrets: HashSet<String>,
    keep_services: HashSet<String>,
    /// The authorized keys every proxy of the target must mount (secret, version), once the
    /// target's keys are planned: absent proxies are rekeyed to it too ([`Self::rekey_absent`]).
    authorized: Option<(String, u32)>,
    out: Plan,
}

impl<'a> Planner<'a> {
    fn new(config: &'a Config, name: &'a str, snap: &'a Snapshot) -> Planner<'a> {
        Planner {
            config,
            name,
            snap,
            client_keys: snap
                .managed_secrets(name, names::KIND_CLIENT_KEY)
                .filter_map(secret_name)
                .collect(),
            keep_secrets: HashSet::new(),
            keep_services: HashSet::new(),
            authorized: None,
            out: Plan::default(),
        }
    }

    /// A declared target: with its service, its keys, a proxy on every node where it has a
    /// present task and its client keys in its clients; without, every key of it stays. Its
    /// other proxies wait out the grace.
    fn declared_target(&mut self, target: &Target, service: Option<&Service>) {
        let present = match service {
            Some(service) => self.live_target(target, service),
            None => {
                self.keep_every_key();
                Vec::new()
            }
        };
        self.absent_proxies(target, service, &present);
    }

    /// A declared target with its service: its keys (`super::keys`), a proxy on every node its
    /// service is present on, and its clients' keys. Returns those nodes.
    fn live_target(&mut self, target: &Target, service: &Service) -> Vec<String> {
        let snap = self.snap;
        let svc_name = service_name(service).unwrap_or_default();
        let svc_id = service.id.as_deref().unwrap_or_default();
        let nodes = snap.task_nodes(svc_id);
        let active = self.active_clients(target);
        let clients = keys::active_clients(snap, self.name, active.into_iter());
        let mut keys = plan_keys(snap, self.name, &clients, &nodes, &target.rotation);
        let (creates, rest): (Vec<Change>, Vec<Change>) =
            keys.changes.drain(..).partition(Change::is_create);
        self.out.changes.extend(creates);
        self.keep_secrets.extend(keys.keep.drain());
        if keys.first_keys {
            // the proxies wait for the keys (see `KeyPlan::first_keys`); those there are stay
            self.keep_services.extend(
                self.snap
                    .managed_services(self.name, names::KIND_PROXY)
                    .filter_map(service_name)
                    .map(str::to_string),
            );
            self.recheck_within(keys.recheck.unwrap_or_default());
            return nodes;
        }
        self.authorized = Some(keys.authorized.clone());
        for node in &nodes {
            let Some(host_key_secret) = keys.host_keys.get(node) else {
                continue;
            };
            let at = Placement {
                service: svc_name,
                service_id: svc_id,
                node_id: node,
                key_version: keys.authorized.1,
                authorized_keys_secret: &keys.authorized.0,
                host_key_secret,
            };
            self.proxy(target, &at);
        }
        self.out.changes.extend(rest);
        self.out.problems.append(&mut keys.problems);
        if let Some(left) = keys.recheck {
            self.recheck_within(left);
        }
        nodes
    }

    /// A target whose service is gone keeps all its keys (it may come back within the grace).
    fn keep_every_key(&mut self) {
        for kind in [
            names::KIND_HOST_KEY,
            names::KIND_AUTHORIZED_KEYS,
            names::KIND_CLIENT_KEY,
        ] {
            let keys = self.snap.managed_secrets(self.name, kind);
            self.keep_secrets
                .extend(keys.filter_map(secret_name).map(str::to_string));
        }
    }

    fn proxy(&mut self, target: &Target, at: &Placement) {
        let desired = ProxySpec::desired(self.config, target, at);
        self.keep_services.insert(desired.name.clone());
        let Some(existing) = self.snap.service_named(&desired.name) else {
            self.out.changes.push(Change::CreateProxy(desired));
            return;
        };
        if !self.snap.naming().owns(service_labels(existing)) {
            self.out.problems.push(format!(
                "target {}: service {} exists but is not bosun's; its proxy on node {} is not deployed",
                self.name, desired.name, at.node_id
            ));
        } else if let Some(reason) = rewrite_reason(existing, &desired) {
            self.out.changes.push(Change::UpdateProxy {
                id: existing.id.clone().unwrap_or_default(),
                spec: desired,
                reason,
                absent_since: None,
            });
        } else {
            self.unplaced(existing, at.node_id);
        }
    }

    /// A proxy whose task Swarm left unplaced on its ready node is restarted (`super::stuck`);
    /// one that has not waited long yet is looked at again when it would be.
    fn unplaced(&mut self, proxy: &Service, node_id: &str) {
        match stuck::unplaced(self.snap, proxy, node_id) {
            Unplaced::No => {}
            Unplaced::Waiting(left) => self.recheck_within(left),
            Unplaced::Stuck(waited) => self.out.changes.push(Change::RestartProxy {
                id: proxy.id.clone().unwrap_or_default(),
                name: service_name(proxy).unwrap_or_default().to_string(),
                reason: format!(
                    "its task has waited {} for Swarm to place it on its ready node",
                    humantime::format_duration(Duration::from_secs(waited.as_secs()))
                ),
            }),
        }
    }

    /// Asks to be called again within `left`.
    fn recheck_within(&mut self, left: Duration) {
        let soonest = self.out.recheck_after.map_or(left, |r| r.min(left));
        self.out.recheck_after = Some(soonest);
    }

    /// The target's proxies on nodes where it has no present task: kept (and labelled with
    /// when that was first seen) within the grace, and rekeyed ([`Self::rekey_absent`]); left
    /// to [`Self::remove_leftovers`] after.
    fn absent_proxies(&mut self, target: &Target, service: Option<&Service>, present: &[String]) {
        let (grace, now) = (self.config.intervals.absent_grace, self.snap.at_ms);
        for proxy in self.snap.managed_services(self.name, names::KIND_PROXY) {
            let Some(name) = service_name(proxy).filter(|n| !self.keep_services.contains(*n))
            else {
                continue;
            };
            let Presence::Absent { since, left } = presence(proxy, present, grace, now) else {
                continue;
            };
            self.keep_services.insert(name.to_string());
            let since_ms = since.unwrap_or(now);
            let rekeyed =
                service.is_some_and(|svc| self.rekey_absent(target, svc, proxy, since_ms));
            if since.is_none() && !rekeyed {
                self.out.changes.push(Change::MarkAbsent {
                    id: proxy.id.clone().unwrap_or_default(),
                    name: name.to_string(),
                    since_ms: now,
                });
            }
            self.recheck_within(left);
        }
    }

    /// An absent proxy still accepts whatever keys it mounts, and its target may come back to
    /// its node within the grace: when the target's authorized keys changed (a client revoked,
    /// a key rotated), it gets them too, keeping its host key and its `bosun.absent-since`.
    /// Returns whether it is rewritten.
    fn rekey_absent(
        &mut self,
        target: &Target,
        svc: &Service,
        proxy: &Service,
        since_ms: u64,
    ) -> bool {
        let Some((authorized, version)) = self.authorized.clone() else {
            return false;
        };
        let mounts: Vec<&str> = secret_refs(proxy)
            .iter()
            .filter_map(|r| r.secret_name.as_deref())
            .collect();
        if mounts.contains(&authorized.as_str()) {
            return false;
        }
        let host_keys: HashSet<&str> = self
            .snap
            .managed_secrets(self.name, names::KIND_HOST_KEY)
            .filter_map(secret_name)
            .collect();
        let node = service_labels(proxy).and_then(|l| l.get(names::NODE));
        let host_key = mounts.iter().find(|m| host_keys.contains(*m));
        let (Some(node), Some(host_key)) = (node, host_key) else {
            return false;
        };
        let at = Placement {
            service: service_name(svc).unwrap_or_default(),
            service_id: svc.id.as_deref().unwrap_or_default(),
            node_id: node,
            key_version: version,
            authorized_keys_secret: &authorized,
            host_key_secret: host_key,
        };
        self.out.changes.push(Change::UpdateProxy {
            id: proxy.id.clone().unwrap_or_default(),
            spec: ProxySpec::desired(self.config, target, &at),
            reason: "its target is away, and the target's authorized keys changed".into(),
            absent_since: Some(since_ms),
        });
        true
    }

    /// The target's declared clients whose service exists and opted in; the others are
    /// reported and left alone.
    fn active_clients<'t>(&mut self, target: &'t Target) -> Vec<(&'t ClientSpec, &'a Service)> {
        let mut active = Vec::new();
        for client in &target.clients {
            let Some(service) = self.snap.service_named(&client.service) else {
                self.out.problems.push(format!(
                    "target {}: client service {} does not exist",
                    self.name, client.service
                ));
                continue;
            };
            if !opted_in(service, self.name) {
                self.out.problems.push(format!(
                    "target {0}: client service {1} has not opted in (label {2}={0}); it is left alone",
                    self.name,
                    client.service,
                    crate::config::CLIENT_OF
                ));
                continue;
            }
            active.push((client, service));
        }
        active
    }

    /// A target nobody declares (any more) has nothing to rotate: its rotation requests go.
    fn remove_requests(&mut self) {
        for request in self.snap.requests_for(self.name) {
            let name = request
                .spec
                .as_ref()
                .and_then(|s| s.name.clone())
                .unwrap_or_default();
            self.out.problems.push(format!(
                "rotation request {name}: target {} is not declared; the request is removed",
                self.name
            ));
            self.out.changes.push(Change::RemoveConfig {
                id: request.id.clone().unwrap_or_default(),
                name,
            });
        }
    }

    /// Services holding one of this target's client keys but not declared as its clients
    /// lose them.
    fn detach_strays(&mut self, declared: &HashSet<&str>) {
        let mut holders: Vec<&Service> = self
            .client_keys
            .iter()
            .flat_map(|k| self.snap.holders(k))
            .collect();
        holders.sort_by_key(|s| s.id.as_deref());
        holders.dedup_by_key(|s| s.id.as_deref());
        for svc in holders {
            let Some(svc_name) = service_name(svc).filter(|n| !declared.contains(n)) else {
                continue;
            };
            let held: Vec<String> = secret_refs(svc)
                .iter()
                .filter_map(|r| r.secret_name.as_deref())
                .filter(|n| self.client_keys.contains(n))
                .map(str::to_string)
                .collect();
            if !held.is_empty() {
                self.out.changes.push(Change::DetachSecrets {
                    service_id: svc.id.clone().unwrap_or_default(),
                    service: svc_name.to_string(),
                    secret_names: held,
                });
            }
        }
    }

    /// The proxies and secrets of the target that nothing keeps: services first, then the
    /// secrets no remaining service mounts.
    fn remove_leftovers(&mut self) {
        let removed_services = self.remove_proxies();
        if self.a_holder_may_go_back(&removed_services) {
            // its previous spec may be put back, and mount what it mounted: remove nothing now
            self.recheck_within(Duration::from_secs(2));
            return;
        }
        let detached = self.detached();
        let mut removals = BTreeSet::new();
        for kind in [
            names::KIND_HOST_KEY,
            names::KIND_AUTHORIZED_KEYS,
            names::KIND_CLIENT_KEY,
        ] {
            for secret in self.snap.managed_secrets(self.name, kind) {
                let (Some(id), Some(sname)) = (secret.id.as_deref(), secret_name(secret)) else {
                    continue;
                };
                if self.keep_secrets.contains(sname) {
                    continue;
                }
                let still_used = self.snap.services.iter().any(|svc| {
                    let svc_id = svc.id.as_deref().unwrap_or_default();
                    let in_spec = !detached.contains(&(svc_id.to_string(), sname.to_string()))
                        && secret_refs(svc)
                            .iter()
                            .any(|r| r.secret_id.as_deref() == Some(id));
                    // a task that still runs (draining after a rolling update) uses it
                    let in_task = || {
                        self.snap
                            .live_tasks_of(svc_id)
                            .any(|t| task_secret_names(t).any(|n| n == sname))
                    };
                    !removed_services.contains(svc_id) && (in_spec || in_task())
                });
                if !still_used {
                    removals.insert((sname.to_string(), id.to_string()));
                }
            }
        }
        self.out.changes.extend(
            removals
                .into_iter()
                .map(|(name, id)| Change::RemoveSecret { id, name }),
        );
    }

    /// Whether a service that mounts one of the target's keys (and stays) is in the middle of
    /// an update Swarm may still roll back (`keys::live::may_go_back`).
    fn a_holder_may_go_back(&self, removed: &HashSet<&str>) -> bool {
        let ours: HashSet<&str> = [
            names::KIND_HOST_KEY,
            names::KIND_AUTHORIZED_KEYS,
            names::KIND_CLIENT_KEY,
        ]
        .into_iter()
        .flat_map(|kind| self.snap.managed_secrets(self.name, kind))
        .filter_map(secret_name)
        .collect();
        self.snap.services.iter().any(|svc| {
            !removed.contains(svc.id.as_deref().unwrap_or_default())
                && keys::live::may_go_back(svc)
                && secret_refs(svc)
                    .iter()
                    .any(|r| r.secret_name.as_deref().is_some_and(|n| ours.contains(n)))
        })
    }

    /// Trust file configs of an older set of signing keys that no service's spec and no running
    /// task mounts any more (every target's plan may say so; the second removal finds it gone).
    fn remove_old_trust_files(&mut self) {
        let snap = self.snap;
        let current = snap
            .trust
            .as_ref()
            .map(|t| snap.naming().discovery_keys_config(&t.digest));
        let updating = snap.services.iter().any(|svc| {
            keys::live::may_go_back(svc)
                && config_names(svc).any(|n| snap.naming().is_discovery_keys_config(n))
        });
        if updating {
            return;
        }
        for config in &snap.trust_configs {
            let (Some(id), Some(name)) = (
                config.id.as_deref(),
                config.spec.as_ref().and_then(|s| s.name.as_deref()),
            ) else {
                continue;
            };
            if current.as_deref() == Some(name) {
                continue;
            }
            let in_use = snap.services.iter().any(|svc| {
                let svc_id = svc.id.as_deref().unwrap_or_default();
                config_names(svc).any(|n| n == name)
                    || snap
                        .live_tasks_of(svc_id)
                        .any(|t| task_config_names(t).any(|n| n == name))
            });
            if !in_use {
                self.out.changes.push(Change::RemoveConfig {
                    id: id.to_string(),
                    name: name.to_string(),
                });
            }
        }
    }

    /// Removes the target's proxies that are not kept; their ids.
    fn remove_proxies(&mut self) -> HashSet<&'a str> {
        let snap = self.snap;
        let mut removed = HashSet::new();
        for s in snap.managed_services(self.name, names::KIND_PROXY) {
            if service_name(s).is_some_and(|n| self.keep_services.contains(n)) {
                continue;
            }
            self.out.changes.push(Change::RemoveService {
                id: s.id.clone().unwrap_or_default(),
                name: service_name(s).unwrap_or_default().to_string(),
            });
            removed.extend(s.id.as_deref());
        }
        removed
    }

    /// (service id, secret name) pairs this plan unmounts: attaching a key replaces every
    /// other version of it in that service.
    fn detached(&self) -> HashSet<(String, String)> {
        let mut detached = HashSet::new();
        for change in &self.out.changes {
            match change {
                Change::DetachSecrets {
                    service_id,
                    secret_names,
                    ..
                } => {
                    for n in secret_names {
                        detached.insert((service_id.clone(), n.clone()));
                    }
                }
                Change::AttachClientKey {
                    service_id, secret, ..
                } => {
                    for n in self.client_keys.iter().filter(|n| **n != secret.as_str()) {
                        detached.insert((service_id.clone(), (*n).to_string()));
                    }
                }
                _ => {}
            }
        }
        detached
    }
}

/// Why an existing proxy must be written again (`None`: it is as desired, leave it alone).
fn rewrite_reason(existing: &Service, desired: &ProxySpec) -> Option<String> {
    let labels = service_labels(existing);
    if labels.and_then(|l| l.get(names::SPEC_HASH)) != Some(&desired.hash()) {
        return Some("its desired spec changed".into());
    }
    if labels.is_some_and(|l| l.contains_key(names::ABSENT_SINCE)) {
        return Some("its target is back on its node".into());
    }
    let drifted = desired.drift(existing.spec.as_ref()?)?;
    Some(format!("its {drifted} drifted from the desired spec"))
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

/// Whether a client service agreed to receive `target`'s key: its own label
/// `bosun.client-of` lists the target (comma-separated).
fn opted_in(service: &Service, target: &str) -> bool {
    service_labels(service)
        .and_then(|l| l.get(crate::config::CLIENT_OF))
        .is_some_and(|v| v.split(',').any(|t| t.trim() == target))
}
