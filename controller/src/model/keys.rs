//! bosun's key secrets read as plain rows (docs/keys.md, "Objects on Swarm"): which target a
//! key belongs to, whose it is, its version, its age and its rotation phase. What
//! `bosun-controller rotate --status` prints and what the key metrics measure come from here,
//! so the two read the labels the same way.
//!
//! A key's age counts from its secret's `CreatedAt`, Swarm's own field (a manager's clock):
//! labels written by the controller could be wrong, `CreatedAt` cannot. A client key without
//! `bosun.client` is the target's one shared key made by an older bosun (the *legacy* key).
//!
//! Plain data, no I/O: the callers list the secrets (`crate::swarm::engine`) and pass them in.

use std::collections::{BTreeMap, HashMap};

use bollard::models::Secret;

use super::names;
use super::snapshot::{label_u32, secret_labels, secret_name};

/// `<type> <base64>` of an OpenSSH public key line: the key without its comment, as keys are
/// compared (the comment of a line is not part of the key).
pub fn key_part(line: &str) -> String {
    line.split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `secret` is one of `naming`'s record signing keys that bosun made
/// (`bosun.kind=signing-key`).
pub fn is_signing_key(naming: names::Naming<'_>, secret: &Secret) -> bool {
    let labels = secret_labels(secret);
    naming.owns(labels)
        && labels.and_then(|l| l.get(names::KIND)).map(String::as_str)
            == Some(names::KIND_SIGNING_KEY)
}

/// The two kinds of keys that rotate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyKind {
    /// One per (target, client service): the client's private key.
    Client,
    /// One per (target, node): the proxy's host key.
    Host,
}

impl KeyKind {
    /// How metrics and `rotate --status --json` name it: `client`, `host`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Client => "client",
            KeyKind::Host => "host",
        }
    }

    fn of_label(kind: &str) -> Option<KeyKind> {
        match kind {
            names::KIND_CLIENT_KEY => Some(KeyKind::Client),
            names::KIND_HOST_KEY => Some(KeyKind::Host),
            _ => None,
        }
    }
}

/// One client or host key secret, as its labels and `CreatedAt` describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySecret {
    /// The secret's name.
    pub name: String,
    pub target: String,
    pub kind: KeyKind,
    /// A client key's client service (`None`: the legacy shared key); a host key's full node
    /// id (`None` only when the label is missing).
    pub owner: Option<String>,
    /// `bosun.key-version`.
    pub version: Option<u32>,
    /// `CreatedAt`, in Unix milliseconds (`None` when Swarm gave none we can read).
    pub created_ms: Option<u64>,
    /// `bosun.rotation-phase` (`None` when absent: the key never rotated in).
    pub phase: Option<String>,
    /// A host key's `bosun.announced-at` (Unix milliseconds).
    pub announced_at_ms: Option<u64>,
}

impl KeySecret {
    /// The key a secret holds, when it is a client or host key (other kinds: `None`). The
    /// caller decides whose objects count (`Naming::owns`).
    pub fn of(secret: &Secret) -> Option<KeySecret> {
        let labels = secret_labels(secret)?;
        let kind = KeyKind::of_label(labels.get(names::KIND)?)?;
        let owner_label = match kind {
            KeyKind::Client => names::CLIENT,
            KeyKind::Host => names::NODE,
        };
        let text = |key: &str| labels.get(key).cloned();
        Some(KeySecret {
            name: secret_name(secret).unwrap_or_default().to_string(),
            target: text(names::TARGET)?,
            kind,
            owner: text(owner_label),
            version: label_u32(Some(labels), names::KEY_VERSION),
            created_ms: unix_ms(secret.created_at.as_deref()),
            phase: text(names::ROTATION_PHASE),
            announced_at_ms: label_u64(labels, names::ANNOUNCED_AT),
        })
    }

    /// How old the key is at `now_ms` (0 when its `CreatedAt` is later: another clock).
    pub fn age_ms(&self, now_ms: u64) -> Option<u64> {
        self.created_ms
            .map(|created| now_ms.saturating_sub(created))
    }

    /// The rotation phase it is in, when it is rotating (a phase other than `done`).
    pub fn rotating_phase(&self) -> Option<&str> {
        self.phase.as_deref().filter(|p| *p != names::phase::DONE)
    }
}

/// Which key a secret is a version of: (target, kind, owner).
pub type KeyId = (String, KeyKind, Option<String>);

/// The newest version of every key among `keys` (by `bosun.key-version`, then `CreatedAt`):
/// the one in use, or rotating in.
pub fn newest(keys: &[KeySecret]) -> BTreeMap<KeyId, &KeySecret> {
    let mut newest: BTreeMap<KeyId, &KeySecret> = BTreeMap::new();
    for key in keys {
        let id = (key.target.clone(), key.kind, key.owner.clone());
        let order = |k: &KeySecret| (k.version, k.created_ms);
        match newest.get(&id) {
            Some(seen) if order(seen) >= order(key) => {}
            _ => {
                newest.insert(id, key);
            }
        }
    }
    newest
}

/// A Swarm timestamp (`2024-05-01T12:34:56.123456789Z`), when there is one, in Unix
/// milliseconds (`super::snapshot::unix_ms`).
pub fn unix_ms(created_at: Option<&str>) -> Option<u64> {
    super::snapshot::unix_ms(created_at?.trim())
}

fn label_u64(labels: &HashMap<String, String>, key: &str) -> Option<u64> {
    labels.get(key)?.parse().ok()
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use bollard::models::SecretSpec;

    /// A secret as Swarm lists it: `name`, these labels, created at `created_at`.
    pub fn secret(name: &str, labels: &[(&str, &str)], created_at: &str) -> Secret {
        Secret {
            id: Some(format!("id-{name}")),
            created_at: Some(created_at.to_string()),
            spec: Some(SecretSpec {
                name: Some(name.to_string()),
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                ..SecretSpec::default()
            }),
            ..Secret::default()
        }
    }

    /// `2024-01-01T00:00:00Z` in Unix milliseconds.
    pub const JAN_1: u64 = 1_704_067_200_000;

    #[test]
    fn swarm_timestamps_are_read_to_the_millisecond() {
        assert_eq!(unix_ms(Some("2024-01-01T00:00:00Z")), Some(JAN_1));
        assert_eq!(
            unix_ms(Some("2024-01-01T00:00:01.250123456Z")),
            Some(JAN_1 + 1250)
        );
        assert_eq!(unix_ms(Some("yesterday")), None);
        assert_eq!(unix_ms(None), None);
    }

    #[test]
    fn key_secrets_are_read_from_their_labels() {
        let client = secret(
            "bosun-nc-client-app-v2",
            &[
                ("bosun.target", "nc"),
                ("bosun.kind", "client-key"),
                ("bosun.client", "app"),
                ("bosun.key-version", "2"),
                ("bosun.rotation-phase", "switch-client"),
            ],
            "2024-01-01T00:00:00Z",
        );
        let key = KeySecret::of(&client).unwrap();
        assert_eq!(
            key,
            KeySecret {
                name: "bosun-nc-client-app-v2".into(),
                target: "nc".into(),
                kind: KeyKind::Client,
                owner: Some("app".into()),
                version: Some(2),
                created_ms: Some(JAN_1),
                phase: Some("switch-client".into()),
                announced_at_ms: None,
            }
        );
        assert_eq!(key.age_ms(JAN_1 + 5000), Some(5000));
        assert_eq!(key.age_ms(JAN_1 - 5000), Some(0));
        assert_eq!(key.rotating_phase(), Some("switch-client"));

        let host = secret(
            "bosun-nc-host-key-n1-v1",
            &[
                ("bosun.target", "nc"),
                ("bosun.kind", "host-key"),
                ("bosun.node", "n1aaaaaaaaaaaaaaaaaa"),
                ("bosun.rotation-phase", "done"),
                ("bosun.announced-at", "1704067201000"),
            ],
            "2024-01-01T00:00:00Z",
        );
        let key = KeySecret::of(&host).unwrap();
        assert_eq!(key.kind, KeyKind::Host);
        assert_eq!(key.owner.as_deref(), Some("n1aaaaaaaaaaaaaaaaaa"));
        assert_eq!(key.version, None);
        assert_eq!(key.announced_at_ms, Some(JAN_1 + 1000));
        assert_eq!(key.rotating_phase(), None);

        let legacy = secret(
            "bosun-nc-client-key-v1",
            &[("bosun.target", "nc"), ("bosun.kind", "client-key")],
            "",
        );
        let key = KeySecret::of(&legacy).unwrap();
        assert_eq!((key.owner, key.created_ms), (None, None));

        let authorized = secret(
            "bosun-nc-authorized-keys-v1",
            &[("bosun.target", "nc"), ("bosun.kind", "authorized-keys")],
            "2024-01-01T00:00:00Z",
        );
        assert_eq!(KeySecret::of(&authorized), None);
    }

    #[test]
    fn the_newest_version_of_each_key_wins() {
        let key = |owner: &str, version: u32| {
            let version = version.to_string();
            let labels = [
                ("bosun.target", "nc"),
                ("bosun.kind", "client-key"),
                ("bosun.client", owner),
                ("bosun.key-version", version.as_str()),
            ];
            let name = format!("bosun-nc-client-{owner}-v{version}");
            KeySecret::of(&secret(&name, &labels, "2024-01-01T00:00:00Z")).unwrap()
        };
        let keys = [key("app", 3), key("app", 10), key("web", 1), key("app", 2)];
        let newest: Vec<(&str, Option<u32>)> = newest(&keys)
            .values()
            .map(|k| (k.owner.as_deref().unwrap_or_default(), k.version))
            .collect();
        assert_eq!(newest, [("app", Some(10)), ("web", Some(1))]);
    }
}
