//! One target's entry in the discovery record, read from a [`Snapshot`]: this instance's
//! proxies whose task is running on a Ready node where the target is present, and — while the
//! target has no present task anywhere — those within their grace period (a target that
//! restarts, or whose node reboots, keeps its endpoints: clients keep their route and pinned
//! host key, and wait), their host keys (the `bosun.public-key` label of the host-key secret
//! each one mounts, and during a host key rotation the new one too: `keys::hosts`), the SSH
//! user, the key version (the newest authorized-keys secret's), the allowed command patterns and the
//! limits the proxies enforce (`proxy_spec::proxy_limits`, the same values their flags get).
//! Pure.
//!
//! Health: every proxy has a Docker health check (`proxy_spec::health_check`), and Swarm
//! reports its task `running` only once the check passed, and replaces it after three failed
//! checks in a row; so "running" here already means "answers SSH and reaches its Engine".
//! A node whose daemon stops answering the managers (a crash, a partition) is marked `down`
//! after a few missed heartbeats, while its tasks still read `running`: its proxies leave the
//! record then, by the node's state.

use bosun_core::discovery::{Endpoint, TargetRecord};

use super::keys::authorized;
use super::keys::hosts::HostKeys;
use super::presence::{Presence, presence};
use super::proxy_spec::proxy_limits;
use super::targets::select;
use crate::config::{Config, Target};
use crate::model::names;
use crate::model::snapshot::{Snapshot, service_labels, service_name};

/// The entry for `target`.
pub fn target_record(config: &Config, target: &Target, snap: &Snapshot) -> TargetRecord {
    let hostnames = snap.hostnames();
    let present_nodes = match select(target, &snap.services) {
        Ok(Some(service)) => snap.task_nodes(service.id.as_deref().unwrap_or_default()),
        _ => Vec::new(),
    };
    let grace = config.intervals.absent_grace;
    let mut endpoints = Vec::new();
    let mut host_keys = Vec::new();
    let mut proxies: Vec<_> = snap
        .managed_services(&target.name, names::KIND_PROXY)
        .collect();
    proxies.sort_by(|a, b| service_name(a).cmp(&service_name(b)));
    for proxy in proxies {
        let (Some(id), Some(name)) = (proxy.id.as_deref(), service_name(proxy)) else {
            continue;
        };
        let Some(node_id) = service_labels(proxy).and_then(|l| l.get(names::NODE)) else {
            continue;
        };
        let listed = match presence(proxy, &present_nodes, grace, snap.at_ms) {
            Presence::Present => snap.has_running_task(id) && snap.node_ready(node_id),
            // The target is nowhere (it restarts, its node reboots): its proxies stay listed,
            // even while their own task is down, so clients keep their route and wait.
            // Present on other nodes (moved, scaled down): clients go there.
            Presence::Absent { .. } => present_nodes.is_empty(),
            Presence::Expired => false,
        };
        if !listed {
            continue;
        }
        let listed = HostKeys::read(snap, &target.name, node_id).listed(snap, proxy);
        if listed.is_empty() {
            continue;
        }
        host_keys.extend(listed.into_iter().map(str::to_string));
        endpoints.push(Endpoint {
            host: name.to_string(),
            port: config.proxy.port,
            node: hostnames
                .get(node_id.as_str())
                .map(|h| h.to_string())
                .unwrap_or_default(),
            node_id: node_id.clone(),
        });
    }
    host_keys.sort();
    host_keys.dedup();
    TargetRecord {
        ssh_user: config.proxy.ssh_user.clone(),
        key_version: authorized::next_version(snap, &target.name)
            .saturating_sub(1)
            .max(1),
        endpoints,
        host_keys,
        commands: target.policy.policy().patterns(),
        limits: proxy_limits(target),
    }
}
