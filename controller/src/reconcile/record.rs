//! One target's entry in the discovery record, read from a [`Snapshot`]: the proxies whose task
//! is running, their host keys (from the `bosun.public-key` labels of the host-key secrets
//! they mount), the SSH user, the key version and the allowed command patterns. Pure.

use bosun_core::discovery::{Endpoint, TargetRecord};

use crate::config::{Config, Target};
use crate::model::names;
use crate::model::snapshot::{Snapshot, label_u32, secret_labels, service_labels, service_name};

/// The entry for `target`, or `None` when it has no service (nothing to reach).
pub fn target_record(config: &Config, target: &Target, snap: &Snapshot) -> TargetRecord {
    let hostnames = snap.hostnames();
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
        let labels = service_labels(proxy);
        let Some(node_id) = labels.and_then(|l| l.get(names::NODE)) else {
            continue;
        };
        if !snap.has_running_task(id) {
            continue;
        }
        let version = label_u32(labels, names::KEY_VERSION).unwrap_or(1);
        let host_key = snap
            .naming()
            .host_key_secret(&target.name, node_id, version);
        let Some(public) = snap
            .secret_named(&host_key)
            .and_then(|s| secret_labels(s))
            .and_then(|l| l.get(names::PUBLIC_KEY))
        else {
            continue;
        };
        host_keys.push(public.clone());
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
        key_version: super::plan::key_version(&target.name, snap),
        endpoints,
        host_keys,
        commands: target.policy.policy().patterns(),
    }
}
