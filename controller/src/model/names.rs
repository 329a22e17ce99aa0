//! The names and labels of everything bosun creates on Swarm (docs/controller.md, "Objects on
//! Swarm"). One place, so the planner, the garbage collector, the discovery record and the
//! tests agree on them.
//!
//! Each deployment is an *instance* (config `instance`, default `bosun`): every object it
//! makes carries `bosun.instance=<instance>`, and it only ever touches objects of its own
//! instance ([`is_ours`]). Objects made before instances existed have no such label; they are
//! the `bosun` instance's. Names of the `bosun` instance are unchanged (`bosun-…`); another
//! instance's start with `<instance>--` instead, so two instances never want one name.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

/// Docker's longest secret name.
pub const MAX_SECRET_NAME: usize = 64;

/// Every object bosun creates carries `bosun.managed-by=bosun`; nothing else is ever removed.
pub const MANAGED_BY: &str = "bosun.managed-by";
pub const MANAGED_BY_VALUE: &str = "bosun";
/// The deployment an object belongs to (`bosun` when absent: made before instances).
pub const INSTANCE: &str = "bosun.instance";
pub use crate::config::DEFAULT_INSTANCE;
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
/// The epoch of the leader that last wrote an object (`crate::swarm::fence`): a controller that
/// reads a higher one than its own stops writing.
pub const EPOCH: &str = "bosun.epoch";
/// On a client key: the client service it belongs to (one key per (target, client service)).
pub const CLIENT: &str = "bosun.client";
/// On a rotating key (the newest client key of a client, the newest host key of a node): the
/// rotation's phase (docs/keys.md), written by the leader as the rotation moves on.
pub const ROTATION_PHASE: &str = "bosun.rotation-phase";
/// On a rotating client key whose client service's update will not finish by itself (paused,
/// rolled back): why. Written once, so the rotation is counted as stuck once.
pub const ROTATION_STUCK: &str = "bosun.rotation-stuck";
/// On a new host key: when (Unix milliseconds) a record listing it was first published; the
/// proxy presents it only `rotation.announce` later.
pub const ANNOUNCED_AT: &str = "bosun.announced-at";
/// On an authorized-keys secret: the SHA-256 (hex) of its content, so a wanted key set is found
/// without reading secret data (Swarm never returns it).
pub const KEYS_DIGEST: &str = "bosun.keys-digest";
/// On a rotation request: what to rotate (`ROTATE_CLIENT_KEYS`, `ROTATE_HOST_KEYS`).
pub const ROTATE: &str = "bosun.rotate";
pub const ROTATE_CLIENT_KEYS: &str = "client-keys";
pub const ROTATE_HOST_KEYS: &str = "host-keys";
/// A request to roll the record's signing key (`rotate --signing-key`): it has no target.
pub const ROTATE_SIGNING_KEY: &str = "signing-key";
/// On the controller's own service (the stack's): the instance it runs, so that the controller
/// finds the service whose signing key mounts it rolls (`crate::reconcile::signing`).
pub const CONTROLLER: &str = "bosun.controller";
/// On the controller's own service: since when (Unix ms) it mounts the signing key it mounts,
/// written with the mount itself, so a `rotate --signing-key` made before it is known done.
pub const SIGNING_SINCE: &str = "bosun.signing-since";
/// On a rotation request: when it was made (Unix milliseconds, the requester's clock; Swarm's
/// own `CreatedAt` is what the controller compares).
pub const REQUESTED_AT: &str = "bosun.requested-at";
/// Every `bosun.*` label starts with this: bosun owns these labels on its proxies.
pub const LABEL_PREFIX: &str = "bosun.";
/// On a clone (the orchestration API): `<template>/<node_id>`, one clone per pair.
pub const CLONE: &str = "bosun.clone";
/// On a clone: its template, its node id, the token that made it and its published port.
pub const TEMPLATE: &str = "bosun.template";
pub const NODE_ID: &str = "bosun.node-id";
pub const OWNER: &str = "bosun.owner";
pub const PORT: &str = "bosun.port";
/// On a clone: when (Unix milliseconds) `POST …/stop` scaled it to 0; dropped by `…/start`.
/// `orchestration.cleanup_stopped_after` counts from it.
pub const STOPPED_AT: &str = "bosun.stopped-at";

pub const KIND_CLIENT_KEY: &str = "client-key";
pub const KIND_AUTHORIZED_KEYS: &str = "authorized-keys";
pub const KIND_HOST_KEY: &str = "host-key";
pub const KIND_PROXY: &str = "proxy";
pub const KIND_NETWORK: &str = "network";
pub const KIND_DISCOVERY: &str = "discovery";
pub const KIND_ROTATION_REQUEST: &str = "rotation-request";
/// A record signing key bosun made (`<P>-signing-key-v<N>`); the stack's first one is not
/// labelled (an external secret).
pub const KIND_SIGNING_KEY: &str = "signing-key";
/// The trust file of client services: the record signing keys' public halves (a config).
pub const KIND_DISCOVERY_KEYS: &str = "discovery-keys";
/// A clone service of the orchestration API, and its named volume.
pub const KIND_CLONE: &str = "clone";
pub const KIND_CLONE_VOLUME: &str = "clone-volume";
/// The one-shot service that removes a deleted clone's volume on every node (`purge_volume`).
pub const KIND_VOLUME_PURGE: &str = "volume-purge";
/// Where a client service finds the trust file (the client's `BOSUN_DISCOVERY_KEYS` default).
pub const DISCOVERY_KEYS_FILE: &str = "/run/secrets/bosun-discovery-keys";

/// The phases of a rotation, as `bosun.rotation-phase` says them (docs/keys.md).
pub mod phase {
    /// Client key: the proxies are made to accept the old and the new key.
    pub const ACCEPT_BOTH: &str = "accept-both";
    /// Client key: the client service is moved to the new key.
    pub const SWITCH_CLIENT: &str = "switch-client";
    /// Client key: the proxies are made to accept only the new key.
    pub const ACCEPT_NEW: &str = "accept-new";
    /// Host key: the record lists the old and the new key; the proxy still presents the old.
    pub const ANNOUNCE: &str = "announce";
    /// Host key: the proxy is moved to the new key.
    pub const ROLL_PROXY: &str = "roll-proxy";
    /// Both: the old secrets are removed once nothing mounts them.
    pub const CLEANUP: &str = "cleanup";
    /// Both: the rotation is over.
    pub const DONE: &str = "done";
}
/// The record generation a discovery config holds.
pub const GENERATION: &str = "bosun.generation";
/// The signature line of a discovery config's data (`keyid=…, sig=…`, see
/// `bosun_core::signature`).
pub const SIGNATURE: &str = "bosun.signature";

/// Where a proxy finds its secrets (file names under `/run/secrets`).
pub const HOST_KEY_FILE: &str = "bosun-host-key";
pub const AUTHORIZED_KEYS_FILE: &str = "bosun-authorized-keys";

/// The part of a node id used in names.
pub fn short_node(node_id: &str) -> &str {
    node_id.get(..12).unwrap_or(node_id)
}

/// The names and labels of one instance's objects.
#[derive(Debug, Clone, Copy)]
pub struct Naming<'a> {
    instance: &'a str,
}

impl<'a> Naming<'a> {
    pub fn new(instance: &'a str) -> Naming<'a> {
        Naming { instance }
    }

    /// The instance whose names these are.
    pub fn instance(&self) -> &'a str {
        self.instance
    }

    /// `bosun` for the default instance (today's names), `<instance>-` for another one, so its
    /// names read `<instance>--…`.
    fn prefix(&self) -> String {
        if self.instance == DEFAULT_INSTANCE {
            DEFAULT_INSTANCE.to_string()
        } else {
            format!("{}-", self.instance)
        }
    }

    pub fn proxy_service(&self, target: &str, node_id: &str) -> String {
        format!("{}-proxy-{target}-{}", self.prefix(), short_node(node_id))
    }

    /// The client key of (target, client service). A name past Docker's 64 characters has the
    /// client part replaced by the first 12 hex digits of the SHA-256 of the service's name.
    pub fn client_key_secret(&self, target: &str, client: &str, version: u32) -> String {
        let name = format!("{}-{target}-client-{client}-v{version}", self.prefix());
        if name.len() <= MAX_SECRET_NAME {
            return name;
        }
        let digest = format!("{:x}", Sha256::digest(client.as_bytes()));
        format!(
            "{}-{target}-client-{}-v{version}",
            self.prefix(),
            &digest[..12]
        )
    }

    /// The one shared client key of a target, as bosun made it before keys were per client:
    /// each mounting client's old key until it has its own.
    #[cfg(test)]
    pub fn legacy_client_key_secret(&self, target: &str, version: u32) -> String {
        format!("{}-{target}-client-key-v{version}", self.prefix())
    }

    /// The trust file holding the keys whose SHA-256 is `digest` (hex).
    pub fn discovery_keys_config(&self, digest: &str) -> String {
        format!(
            "{}-discovery-keys-{}",
            self.prefix(),
            digest.get(..12).unwrap_or(digest)
        )
    }

    /// Whether `name` is one of this instance's trust file configs.
    pub fn is_discovery_keys_config(&self, name: &str) -> bool {
        name.starts_with(&format!("{}-discovery-keys-", self.prefix()))
    }

    /// A rotation request for `target`, made at `at_ms` (`nonce` keeps two apart).
    pub fn rotation_request_config(&self, target: &str, at_ms: u64, nonce: &str) -> String {
        format!("{}-rotate-{target}-{at_ms}-{nonce}", self.prefix())
    }

    pub fn authorized_keys_secret(&self, target: &str, version: u32) -> String {
        format!("{}-{target}-authorized-keys-v{version}", self.prefix())
    }

    pub fn host_key_secret(&self, target: &str, node_id: &str, version: u32) -> String {
        let node = short_node(node_id);
        format!("{}-{target}-host-key-{node}-v{version}", self.prefix())
    }

    /// The discovery config of one record generation.
    pub fn discovery_config(&self, generation: u64) -> String {
        format!("{}-discovery-v{generation}", self.prefix())
    }

    /// Whether `name` is one of this instance's discovery configs.
    pub fn is_own_discovery_config(&self, name: &str) -> bool {
        is_discovery_config(name) && name.starts_with(&format!("{}-discovery-v", self.prefix()))
    }

    /// The record signing key `version` (the stack's external `v1` has this name too).
    pub fn signing_key_secret(&self, version: u32) -> String {
        format!("{}-signing-key-v{version}", self.prefix())
    }

    /// A `rotate --signing-key` request made at `at_ms` (`nonce` keeps two apart).
    pub fn signing_request_config(&self, at_ms: u64, nonce: &str) -> String {
        format!("{}-rotate-signing-key-{at_ms}-{nonce}", self.prefix())
    }

    /// The config that holds the instance's leader lease.
    pub fn lease_config(&self) -> String {
        format!("{}-lease", self.prefix())
    }

    /// A NODE_OPERATOR's pending spawn request `id` (the orchestration API).
    pub fn orch_request(&self, id: &str) -> String {
        format!("{}-orch-request-{id}", self.prefix())
    }

    /// A batch of the orchestration API's audit records: `first_ms` is its oldest record's
    /// time (Unix milliseconds), `seq` tells apart batches made in the same millisecond.
    pub fn audit_batch(&self, first_ms: u64, seq: u32) -> String {
        format!("{}-audit-{first_ms}-{seq}", self.prefix())
    }

    /// The clone of `template` for `node_id` (the orchestration API).
    pub fn clone_service(&self, template: &str, node_id: &str) -> String {
        format!("{}-clone-{template}-{node_id}", self.prefix())
    }

    /// The service that purges that clone's volume: as long as the clone's own name.
    pub fn volume_purge_service(&self, template: &str, node_id: &str) -> String {
        format!("{}-purge-{template}-{node_id}", self.prefix())
    }
}

/// Whether `name` is some instance's discovery config (`…-discovery-v<generation>`).
pub fn is_discovery_config(name: &str) -> bool {
    name.rsplit_once("-discovery-v")
        .is_some_and(|(_, g)| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `name` is some instance's lease config (`bosun-lease`, `<instance>--lease`).
pub fn is_lease_config(name: &str) -> bool {
    name == "bosun-lease" || name.ends_with("--lease")
}

impl Naming<'_> {
    /// The labels every object of this instance starts with (no `bosun.target`).
    pub fn instance_labels(&self, kind: &str) -> HashMap<String, String> {
        HashMap::from([
            (MANAGED_BY.to_string(), MANAGED_BY_VALUE.to_string()),
            (INSTANCE.to_string(), self.instance.to_string()),
            (KIND.to_string(), kind.to_string()),
        ])
    }

    /// The labels every object of `target` starts with.
    pub fn labels(&self, target: &str, kind: &str) -> HashMap<String, String> {
        let mut labels = self.instance_labels(kind);
        labels.insert(TARGET.to_string(), target.to_string());
        labels
    }

    /// Whether these labels say the object is this instance's.
    pub fn owns(&self, labels: Option<&HashMap<String, String>>) -> bool {
        is_managed(labels) && instance_of(labels) == self.instance
    }
}

impl Default for Naming<'_> {
    fn default() -> Self {
        Naming::new(DEFAULT_INSTANCE)
    }
}

/// The default instance's names (tests read them).
#[cfg(test)]
pub fn proxy_service(target: &str, node_id: &str) -> String {
    Naming::default().proxy_service(target, node_id)
}

#[cfg(test)]
pub fn host_key_secret(target: &str, node_id: &str, version: u32) -> String {
    Naming::default().host_key_secret(target, node_id, version)
}

#[cfg(test)]
pub fn base_labels(target: &str, kind: &str) -> HashMap<String, String> {
    Naming::default().labels(target, kind)
}

/// Whether these labels say some bosun instance owns the object.
pub fn is_managed(labels: Option<&HashMap<String, String>>) -> bool {
    labels
        .and_then(|l| l.get(MANAGED_BY))
        .is_some_and(|v| v == MANAGED_BY_VALUE)
}

/// The instance an object belongs to (a managed object, or a label-declared target): its
/// `bosun.instance` label, or `bosun` without one.
pub fn instance_of(labels: Option<&HashMap<String, String>>) -> &str {
    labels
        .and_then(|l| l.get(INSTANCE))
        .map_or(DEFAULT_INSTANCE, String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_instance_prefixes_every_name() {
        let node = "3k2j1h4g5f6d7s8a9z0x";
        let blue = Naming::new("blue");
        assert_eq!(
            blue.proxy_service("nc", node),
            "blue--proxy-nc-3k2j1h4g5f6d"
        );
        assert_eq!(
            blue.client_key_secret("nc", "app", 1),
            "blue--nc-client-app-v1"
        );
        assert_eq!(
            blue.legacy_client_key_secret("nc", 1),
            "blue--nc-client-key-v1"
        );
        let long = "a-very-long-client-service-name-that-goes-on-and-on";
        let hashed = blue.client_key_secret("nextcloud", long, 12);
        assert!(hashed.len() <= MAX_SECRET_NAME, "{hashed}");
        assert!(hashed.starts_with("blue--nextcloud-client-") && hashed.ends_with("-v12"));
        assert_ne!(
            hashed,
            blue.client_key_secret("nextcloud", &format!("{long}x"), 12)
        );
        assert_eq!(
            blue.rotation_request_config("nc", 1700000000000, "ab12"),
            "blue--rotate-nc-1700000000000-ab12"
        );
        assert_eq!(
            blue.authorized_keys_secret("nc", 1),
            "blue--nc-authorized-keys-v1"
        );
        assert_eq!(
            blue.host_key_secret("nc", node, 2),
            "blue--nc-host-key-3k2j1h4g5f6d-v2"
        );
        assert_eq!(blue.discovery_config(7), "blue--discovery-v7");
        assert_eq!(Naming::default().discovery_config(7), "bosun-discovery-v7");
        assert_eq!(blue.lease_config(), "blue--lease");
        assert!(is_lease_config("blue--lease") && is_lease_config("bosun-lease"));
        assert!(!is_lease_config("release"));
        assert!(blue.is_own_discovery_config("blue--discovery-v7"));
        assert!(!blue.is_own_discovery_config("bosun-discovery-v7"));
        assert!(!Naming::default().is_own_discovery_config("blue--discovery-v7"));
        assert!(is_discovery_config("blue--discovery-v7"));
        assert!(!is_discovery_config("my-discovery-v2-notes"));
    }

    #[test]
    fn an_instance_owns_only_its_objects_and_bosun_adopts_the_unlabelled() {
        let blue = Naming::new("blue");
        let bosun = Naming::default();
        let mut old = bosun.labels("t", KIND_PROXY);
        old.remove(INSTANCE);
        assert!(bosun.owns(Some(&old)));
        assert!(!blue.owns(Some(&old)));
        let blues = blue.labels("t", KIND_PROXY);
        assert!(blue.owns(Some(&blues)));
        assert!(!bosun.owns(Some(&blues)));
        assert!(is_managed(Some(&blues)));
    }

    #[test]
    fn names_follow_the_contract() {
        let node = "3k2j1h4g5f6d7s8a9z0x";
        let n = Naming::default();
        let (client_key_secret, authorized_keys_secret) = (
            |t, v| n.legacy_client_key_secret(t, v),
            |t, v| n.authorized_keys_secret(t, v),
        );
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
