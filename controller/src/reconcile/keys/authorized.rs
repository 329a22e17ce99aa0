//! A target's authorized keys: the set of client keys its proxies accept, as the content of an
//! authorized-keys secret, and the secret that holds a given set.
//!
//! One line per key, sorted, `ssh-ed25519 AAAA… <client service>/v<version>`: the proxy names
//! the client service of the key that logged in from that comment (a key of an older bosun,
//! shared by every client, reads `*shared*/v<version>`, which names no service). Swarm never
//! returns secret data, so each authorized-keys secret carries the SHA-256 of its content in
//! `bosun.keys-digest`: the wanted set is found by its digest, and a set that changed gets a
//! new secret at the next version.

use std::collections::BTreeSet;

use bollard::models::Secret;
use sha2::{Digest, Sha256};

use crate::model::names;
use crate::model::snapshot::{Snapshot, label_u32, secret_labels};

/// The comment of a shared key made before keys were per client.
pub const SHARED: &str = "*shared*";

/// One accepted client key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// `ssh-ed25519 AAAA…`, without a comment.
    pub public_key: String,
    /// The client service, or [`SHARED`].
    pub client: String,
    pub version: u32,
}

impl Entry {
    /// The entry of a client key secret for `client` (its `bosun.public-key` label), if it
    /// carries a usable one.
    pub fn of(secret: &Secret, client: &str) -> Option<Entry> {
        let labels = secret_labels(secret)?;
        let mut words = labels.get(names::PUBLIC_KEY)?.split_whitespace();
        let (kind, blob) = (words.next()?, words.next()?);
        Some(Entry {
            public_key: format!("{kind} {blob}"),
            client: client.to_string(),
            version: label_u32(Some(labels), names::KEY_VERSION).unwrap_or(0),
        })
    }
}

/// A set of accepted keys, as the file the proxies read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySet {
    pub content: String,
    pub digest: String,
}

impl KeySet {
    /// One line per entry, sorted by client and version; a key listed twice (a shared key that
    /// several clients mount) appears once.
    pub fn new(entries: &BTreeSet<Entry>) -> KeySet {
        let mut lines: Vec<(String, u32, &str)> = Vec::new();
        let mut seen = BTreeSet::new();
        for e in entries {
            if seen.insert(e.public_key.as_str()) {
                lines.push((e.client.clone(), e.version, &e.public_key));
            }
        }
        lines.sort();
        let content: String = lines
            .iter()
            .map(|(client, version, key)| format!("{key} {client}/v{version}\n"))
            .collect();
        let digest = format!("{:x}", Sha256::digest(content.as_bytes()));
        KeySet { content, digest }
    }
}

/// The target's authorized-keys secret that holds exactly `set`, if there is one.
pub fn holding<'a>(snap: &'a Snapshot, target: &'a str, set: &KeySet) -> Option<&'a Secret> {
    snap.managed_secrets(target, names::KIND_AUTHORIZED_KEYS)
        .find(|s| secret_labels(s).and_then(|l| l.get(names::KEYS_DIGEST)) == Some(&set.digest))
}

/// The version the target's next authorized-keys secret gets.
pub fn next_version(snap: &Snapshot, target: &str) -> u32 {
    snap.managed_secrets(target, names::KIND_AUTHORIZED_KEYS)
        .filter_map(|s| label_u32(secret_labels(s), names::KEY_VERSION))
        .max()
        .unwrap_or(0)
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, client: &str, version: u32) -> Entry {
        Entry {
            public_key: format!("ssh-ed25519 {key}"),
            client: client.into(),
            version,
        }
    }

    #[test]
    fn the_content_is_sorted_names_each_client_and_lists_a_shared_key_once() {
        let set = KeySet::new(&BTreeSet::from([
            entry("BBB", "web", 2),
            entry("AAA", "app", 1),
            entry("CCC", SHARED, 1),
            entry("CCC", SHARED, 1),
        ]));
        assert_eq!(
            set.content,
            "ssh-ed25519 CCC *shared*/v1\nssh-ed25519 AAA app/v1\nssh-ed25519 BBB web/v2\n"
        );
        let other = KeySet::new(&BTreeSet::from([entry("AAA", "app", 1)]));
        assert_ne!(set.digest, other.digest);
        assert_eq!(set.digest.len(), 64);
    }
}
