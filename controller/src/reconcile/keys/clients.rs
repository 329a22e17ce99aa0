//! One client service's keys for one target: its own key secrets (one per version), the key
//! secrets it mounts now, and where its rotation stands.
//!
//! While its service's update may still be rolled back (`live::may_go_back`), every key it has
//! counts as mounted: the previous spec's key stays accepted, and nothing of it is removed.
//!
//! The client's *current* key is its newest own one. It is "on" it when its spec mounts it (at
//! its key path, with its owner and mode) and no other key of the target, its update is over,
//! and no task of it that still runs mounts another: from then on nothing of the client uses an
//! old key. The phase follows from two facts (docs/keys.md): whether the client is on its
//! current key, and whether every proxy of the target has rolled onto the authorized keys the
//! planner wants (which always hold the current key, and the old ones while the client may
//! still use them).

use std::collections::BTreeSet;

use bollard::models::{Secret, Service};

use super::authorized::{Entry, SHARED};
use super::live;
use crate::config::ClientSpec;
use crate::model::names::{self, phase};
use crate::model::snapshot::{
    Snapshot, config_names, label_u32, secret_labels, secret_name, secret_refs,
};
use crate::reconcile::change::KeyAccess;
use crate::reconcile::proxy_spec::owned_secret_file;

/// A client service's keys for one target.
#[derive(Debug)]
pub struct ClientKeys<'a> {
    pub spec: &'a ClientSpec,
    pub service: &'a Service,
    /// Its own key secrets, oldest first.
    pub own: Vec<&'a Secret>,
    /// The target's client key secrets (its own, or a shared one of an older bosun) that it
    /// mounts now.
    pub mounted: Vec<&'a Secret>,
}

impl<'a> ClientKeys<'a> {
    pub fn read(
        snap: &'a Snapshot,
        target: &'a str,
        spec: &'a ClientSpec,
        service: &'a Service,
    ) -> ClientKeys<'a> {
        let keys: Vec<&Secret> = snap
            .managed_secrets(target, names::KIND_CLIENT_KEY)
            .collect();
        let mut own: Vec<&Secret> = keys
            .iter()
            .copied()
            .filter(|s| client_of(s) == Some(spec.service.as_str()))
            .collect();
        own.sort_by_key(|s| version(s));
        let now = live::mounted_now(snap, service);
        // while its update may still be rolled back, the previous spec's key may come back:
        // every key it has (and a shared one) counts as mounted
        let going = live::may_go_back(service);
        let mounted = keys
            .into_iter()
            .filter(|s| client_of(s).is_none_or(|c| c == spec.service))
            .filter(|s| going || secret_name(s).is_some_and(|n| now.contains(n)))
            .collect();
        ClientKeys {
            spec,
            service,
            own,
            mounted,
        }
    }

    /// Its newest own key.
    pub fn current(&self) -> Option<&'a Secret> {
        self.own.last().copied()
    }

    /// The keys the proxies must accept for it: its current key, and every key it mounts now.
    pub fn entries(&self) -> BTreeSet<Entry> {
        let client = self.spec.service.as_str();
        self.current()
            .into_iter()
            .chain(self.mounted.iter().copied())
            .filter_map(|s| Entry::of(s, client_of(s).map_or(SHARED, |_| client)))
            .collect()
    }

    /// Whether nothing of the client uses a key but its current one (see the module comment).
    pub fn on_current(&self, snap: &Snapshot) -> bool {
        let Some(current) = self.current().and_then(secret_name) else {
            return false;
        };
        self.mounts_current_only(current)
            && self.mounted.iter().all(|s| secret_name(s) == Some(current))
            && live::settled(snap, self.service, |n| n == current || self.is_key(n))
    }

    /// Whether its spec mounts its current key where and how it should, and no other key of
    /// ours (its tasks may still be rolling onto it).
    pub fn spec_on_current(&self) -> bool {
        self.current()
            .and_then(secret_name)
            .is_some_and(|c| self.mounts_current_only(c))
    }

    fn mounts_current_only(&self, current: &str) -> bool {
        let access = self.access();
        let wanted = owned_secret_file(&self.spec.key_path, access.uid, access.gid, access.mode);
        let refs = secret_refs(self.service);
        refs.iter()
            .any(|r| r.secret_name.as_deref() == Some(current) && r.file.as_ref() == Some(&wanted))
            && !refs.iter().any(|r| {
                r.secret_name
                    .as_deref()
                    .is_some_and(|n| n != current && self.is_key(n))
            })
    }

    /// Whether `name` is one of the keys this client has or mounts.
    fn is_key(&self, name: &str) -> bool {
        self.own
            .iter()
            .chain(self.mounted.iter())
            .any(|s| secret_name(s) == Some(name))
    }

    /// Whether its spec mounts a trust file (any version of it).
    pub fn mounts_trust(&self, naming: &names::Naming) -> bool {
        config_names(self.service).any(|n| naming.is_discovery_keys_config(n))
    }

    /// Whether it still has or mounts a key older than its current one.
    pub fn has_old(&self) -> bool {
        let current = self.current().and_then(secret_name);
        self.own.len() > 1 || self.mounted.iter().any(|s| secret_name(s) != current)
    }

    pub fn access(&self) -> KeyAccess {
        KeyAccess {
            uid: self.spec.uid,
            gid: self.spec.gid,
            mode: self.spec.mode,
        }
    }
}

/// The client service a key secret belongs to (`None`: a shared key of an older bosun).
pub fn client_of(secret: &Secret) -> Option<&str> {
    secret_labels(secret)?
        .get(names::CLIENT)
        .map(String::as_str)
}

/// A key secret's version (0 when it has none).
pub fn version(secret: &Secret) -> u32 {
    label_u32(secret_labels(secret), names::KEY_VERSION).unwrap_or(0)
}

/// Where a client's rotation stands, from the two facts of the module comment and whether an
/// old key is still around.
pub fn phase(on_current: bool, proxies_ready: bool, has_old: bool) -> &'static str {
    match (on_current, proxies_ready) {
        (false, false) => phase::ACCEPT_BOTH,
        (false, true) => phase::SWITCH_CLIENT,
        (true, false) => phase::ACCEPT_NEW,
        (true, true) if has_old => phase::CLEANUP,
        (true, true) => phase::DONE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phases_follow_the_client_and_the_proxies() {
        assert_eq!(phase(false, false, true), phase::ACCEPT_BOTH);
        assert_eq!(phase(false, true, true), phase::SWITCH_CLIENT);
        assert_eq!(phase(true, false, true), phase::ACCEPT_NEW);
        assert_eq!(phase(true, true, true), phase::CLEANUP);
        assert_eq!(phase(true, true, false), phase::DONE);
    }
}
