//! The names and labels of everything bosun creates on Swarm (docs/controller.md, "Objects on
//! Swarm"). One place, so the planner, the garbage collector, the discovery record and the
//! tests agree on them.

use std::collections::HashMap;

/// Every object bosun creates carries `bosun.managed-by=bosun`; nothing else is ever removed.
pub const MANAGED_BY: &str = "bosun.managed-by";
pub const MANAGED_BY_VALUE: &str = "bosun";
/// The target an object belongs to.
pub const TARGET: &str = "bosun.target";
/// What an object is: one of the `KIND_*` values.
pub const KIND: &str = "bosun.kind";
pub const KEY_VERSION: &str = "bosun.key-version";
/// The full node id a proxy or host key belongs to.
pub const NODE: &str = "bosun.node";
/// The OpenSSH public half of a key secret (Swarm never returns secret data).
pub const PUBLIC_KEY: &str = "bosun.public-key";
/// A hash of the desired spec: equal hash, no write.
pub const SPEC_HASH: &str = "bosun.spec-hash";
/// On a proxy: when (Unix milliseconds) its node was first seen without a task of its target.
/// Written once, dropped when a task is back; the grace period counts from it, across
/// controller restarts (the controller keeps no state of its own).
pub const ABSENT_SINCE: &str = "bosun.absent-since";
/// Every `bosun.*` label starts with this: bosun owns these labels on its proxies.
pub const LABEL_PREFIX: &str = "bosun.";

pub const KIND_CLIENT_KEY: &str = "client-key";
pub const KIND_AUTHORIZED_KEYS: &str = "authorized-keys";
pub const KIND_HOST_KEY: &str = "host-key";
pub const KIND_PROXY: &str = "proxy";
pub const KIND_NETWORK: &str = "network";
pub const KIND_DISCOVERY: &str = "discovery";
/// The record generation a discovery config holds.
pub const GENERATION: &str = "bosun.generation";

/// Where a proxy finds its secrets (file names under `/run/secrets`).
pub const HOST_KEY_FILE: &str = "bosun-host-key";
pub const AUTHORIZED_KEYS_FILE: &str = "bosun-authorized-keys";

/// The part of a node id used in names.
pub fn short_node(node_id: &str) -> &str {
    node_id.get(..12).unwrap_or(node_id)
}

pub fn proxy_service(target: &str, node_id: &str) -> String {
    format!("bosun-proxy-{target}-{}", short_node(node_id))
}

pub fn client_key_secret(target: &str, version: u32) -> String {
    format!("bosun-{target}-client-key-v{version}")
}

pub fn authorized_keys_secret(target: &str, version: u32) -> String {
    format!("bosun-{target}-authorized-keys-v{version}")
}

pub fn host_key_secret(target: &str, node_id: &str, version: u32) -> String {
    format!("bosun-{target}-host-key-{}-v{version}", short_node(node_id))
}

/// The labels every object of `target` starts with.
pub fn base_labels(target: &str, kind: &str) -> HashMap<String, String> {
    HashMap::from([
        (MANAGED_BY.to_string(), MANAGED_BY_VALUE.to_string()),
        (TARGET.to_string(), target.to_string()),
        (KIND.to_string(), kind.to_string()),
    ])
}

/// Whether these labels say bosun owns the object.
pub fn is_managed(labels: Option<&HashMap<String, String>>) -> bool {
    labels
        .and_then(|l| l.get(MANAGED_BY))
        .is_some_and(|v| v == MANAGED_BY_VALUE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_contract() {
        let node = "3k2j1h4g5f6d7s8a9z0x";
        assert_eq!(
            proxy_service("nextcloud", node),
            "bosun-proxy-nextcloud-3k2j1h4g5f6d"
        );
        assert_eq!(
            client_key_secret("nextcloud", 1),
            "bosun-nextcloud-client-key-v1"
        );
        assert_eq!(
            authorized_keys_secret("nextcloud", 2),
            "bosun-nextcloud-authorized-keys-v2"
        );
        assert_eq!(
            host_key_secret("nextcloud", node, 1),
            "bosun-nextcloud-host-key-3k2j1h4g5f6d-v1"
        );
        assert_eq!(short_node("abc"), "abc");
    }

    #[test]
    fn only_the_exact_label_means_managed() {
        let mut labels = base_labels("t", KIND_PROXY);
        assert!(is_managed(Some(&labels)));
        labels.insert(MANAGED_BY.into(), "someone-else".into());
        assert!(!is_managed(Some(&labels)));
        assert!(!is_managed(None));
    }
}
