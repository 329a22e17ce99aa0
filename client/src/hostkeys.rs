//! Host-key pinning: a proxy is trusted only if the key it presents is one of the pinned
//! ED25519 keys of its target (from the discovery record, or a file in the environment
//! source). There is no trust on first use and no known_hosts learning: an unknown key, a
//! certificate or another algorithm is refused with an error that names the presented key's
//! fingerprint and where the pinned keys came from.

use std::path::Path;

use russh::keys::PublicKey;
use russh::keys::ssh_key::Certificate;

use bosun_core::keys::{self, KeyError};

/// The host keys a client accepts for one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedHostKeys {
    keys: Vec<PublicKey>,
    origin: String,
}

/// A presented host key that is not pinned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "host key {fingerprint} ({algorithm}) is not pinned for this target (pinned in {origin}: {pinned}); bosun never trusts a host key on first use"
)]
pub struct HostKeyRejected {
    /// `SHA256:…` of the presented key (of the certificate's key for a certificate).
    pub fingerprint: String,
    pub algorithm: String,
    /// Where the pinned list came from (a file path, or "the discovery record").
    pub origin: String,
    /// The pinned fingerprints, comma-separated.
    pub pinned: String,
}

/// What a server presented in its key exchange.
#[derive(Debug, Clone, Copy)]
pub enum Presented<'a> {
    Key(&'a PublicKey),
    Certificate(&'a Certificate),
}

impl PinnedHostKeys {
    /// Pins `keys`; `origin` names their source in errors. An empty list is refused: it would
    /// make every connection fail with a confusing error later.
    pub fn new(keys: Vec<PublicKey>, origin: impl Into<String>) -> Result<Self, KeyError> {
        let origin = origin.into();
        if keys.is_empty() {
            return Err(KeyError::BadPublicKey {
                origin,
                line: 0,
                reason: "no pinned host key: the list must hold at least one ssh-ed25519 key"
                    .into(),
            });
        }
        Ok(Self { keys, origin })
    }

    /// Reads pinned keys from an OpenSSH public key list (one `ssh-ed25519 …` per line).
    pub fn load(path: &Path) -> Result<Self, KeyError> {
        Self::new(keys::load_public_keys(path)?, path.display().to_string())
    }

    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether `key` is pinned (key material only; comments are ignored).
    pub fn contains(&self, key: &PublicKey) -> bool {
        keys::contains(&self.keys, key)
    }

    /// The pinning decision for what a server presented.
    pub fn check(&self, presented: Presented<'_>) -> Result<(), HostKeyRejected> {
        match presented {
            Presented::Key(key) if self.contains(key) => Ok(()),
            Presented::Key(key) => Err(self.rejected(key, key.algorithm().to_string())),
            // A certificate is refused even when its key is pinned: bosun pins plain keys.
            Presented::Certificate(cert) => {
                let key = PublicKey::from(cert.public_key().clone());
                Err(self.rejected(&key, format!("{} certificate", cert.algorithm())))
            }
        }
    }

    fn rejected(&self, key: &PublicKey, algorithm: String) -> HostKeyRejected {
        HostKeyRejected {
            fingerprint: keys::fingerprint(key),
            algorithm,
            origin: self.origin.clone(),
            pinned: self
                .keys
                .iter()
                .map(keys::fingerprint)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(comment: &str) -> PublicKey {
        keys::generate(comment).unwrap().public_key().clone()
    }

    #[test]
    fn a_pinned_key_is_accepted_whatever_its_comment() {
        let k = key("proxy@lab2");
        let mut same = k.clone();
        same.set_comment("another comment");
        let pinned = PinnedHostKeys::new(vec![key("old"), k.clone()], "/run/secrets/hk").unwrap();
        assert_eq!(pinned.check(Presented::Key(&k)), Ok(()));
        assert_eq!(pinned.check(Presented::Key(&same)), Ok(()));
    }

    #[test]
    fn an_unknown_key_is_refused_naming_its_fingerprint() {
        let (good, evil) = (key("good"), key("evil"));
        let pinned = PinnedHostKeys::new(vec![good.clone()], "/run/secrets/hk").unwrap();
        let err = pinned.check(Presented::Key(&evil)).unwrap_err();
        assert_eq!(err.fingerprint, keys::fingerprint(&evil));
        assert_eq!(err.pinned, keys::fingerprint(&good));
        assert_eq!(
            err.to_string(),
            format!(
                "host key {} (ssh-ed25519) is not pinned for this target (pinned in /run/secrets/hk: {}); bosun never trusts a host key on first use",
                keys::fingerprint(&evil),
                keys::fingerprint(&good)
            )
        );
    }

    #[test]
    fn an_empty_pin_list_is_an_error() {
        let err = PinnedHostKeys::new(Vec::new(), "/x").unwrap_err();
        assert!(err.to_string().contains("no pinned host key"), "{err}");
    }

    #[test]
    fn pinned_keys_load_from_an_openssh_list() {
        let k = key("proxy");
        let dir = std::env::temp_dir().join(format!("bosun-hk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("host-keys");
        std::fs::write(
            &path,
            format!("# pinned\n{}\n", keys::public_openssh(&k).unwrap()),
        )
        .unwrap();
        let pinned = PinnedHostKeys::load(&path).unwrap();
        assert!(pinned.contains(&k));
        assert_eq!(pinned.origin(), path.display().to_string());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
