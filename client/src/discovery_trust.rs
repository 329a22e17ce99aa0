//! Whom the discovery source believes: the controller's record signing keys, from the trust
//! file, and the checks of `bosun_core::signature::Trust` (docs/keys.md, "The signed discovery
//! record") that every record passes BEFORE any of its endpoints or pinned host keys is used.
//!
//! The trust file (`BOSUN_DISCOVERY_KEYS`, default `/run/secrets/bosun-discovery-keys`, which
//! the controller mounts into the client services it manages) holds the controller's signing
//! public keys, one `ssh-ed25519 AAAA… comment` line each (blank lines and `#` comments are
//! skipped). A record source without a usable one (unreadable, empty, another algorithm) is a
//! configuration error at start: a client never runs on records it cannot check.
//!
//! The file is looked at again before each record is checked (`bosun_core::watch`: only a
//! change is read), so a new trust file applies without a restart. A trust file that becomes
//! unusable later is logged, and the keys read before stay in use. Keys the controller
//! announces in a verified record are trusted too, in memory (that is how its key rolls).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use bosun_core::keys::{self, PublicKey};
use bosun_core::signature::{SignatureError, Trust, Verified};
use bosun_core::watch::{FileChange, FileWatch};

/// Where the controller mounts the trust file in the client services it manages.
pub const DEFAULT_TRUST_FILE: &str = "/run/secrets/bosun-discovery-keys";

/// The trust file, followed, and the trust built from it.
#[derive(Debug)]
pub struct RecordTrust {
    file: FileWatch,
    trust: Trust,
}

impl RecordTrust {
    /// Reads the trust file at `path`. The error says what is wrong and what to mount or set.
    pub fn load(path: &Path) -> Result<RecordTrust, String> {
        let mut file = FileWatch::new(path);
        let keys = match file.look() {
            FileChange::Changed(bytes) => parse(&bytes, path),
            FileChange::Unreadable(e) => Err(format!("cannot read {}: {e}", path.display())),
            FileChange::Unchanged => Err(format!("{} did not change", path.display())),
        };
        let keys = keys.map_err(|why| {
            format!(
                "no usable trust file for the discovery record: {why}; mount the controller's trust file at {DEFAULT_TRUST_FILE} (the controller does so in the client services it manages) or set BOSUN_DISCOVERY_KEYS to a file of its signing public keys (`ssh-ed25519 …` lines)"
            )
        })?;
        Ok(RecordTrust {
            file,
            trust: Trust::new(keys),
        })
    }

    /// The trust file's path.
    pub fn path(&self) -> PathBuf {
        self.file.path().to_path_buf()
    }

    /// Reads the trust file again if it changed. Returns whether new keys were taken; an
    /// unusable new content is logged and the keys read before stay.
    pub fn refresh(&mut self) -> bool {
        let path = self.path();
        let keys = match self.file.look() {
            FileChange::Unchanged => return false,
            FileChange::Changed(bytes) => parse(&bytes, &path),
            FileChange::Unreadable(e) => Err(format!("cannot read {}: {e}", path.display())),
        };
        match keys {
            Ok(keys) => {
                tracing::info!(
                    file = %path.display(),
                    keys = keys.len(),
                    "bosun client: the discovery trust file changed; its keys are trusted now"
                );
                self.trust.set_configured(keys);
                true
            }
            Err(why) => {
                tracing::warn!(
                    error = %why,
                    "bosun client: the discovery trust file is not usable; keeping the keys read before"
                );
                false
            }
        }
    }

    /// Every check of the record's `bytes` and `signature` line, now. On success the record
    /// is the last good one and the keys it announces are trusted.
    pub fn verify(
        &mut self,
        bytes: &[u8],
        signature: Option<&str>,
    ) -> Result<Verified, SignatureError> {
        self.trust.verify(bytes, signature, SystemTime::now())
    }
}

/// The keys of a trust file's content: at least one, all ED25519.
fn parse(bytes: &[u8], path: &Path) -> Result<Vec<PublicKey>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{}: not text", path.display()))?;
    let keys =
        keys::parse_public_keys(text, &path.display().to_string()).map_err(|e| e.to_string())?;
    if keys.is_empty() {
        return Err(format!("{} holds no key", path.display()));
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use bosun_core::discovery::Record;
    use bosun_core::signature::{SignatureLine, format_time};

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bosun-trust-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn line(key: &keys::PrivateKey) -> String {
        keys::public_openssh(key.public_key()).unwrap()
    }

    /// A valid record's bytes and its signature by `key`.
    fn signed(generation: u64, key: &keys::PrivateKey) -> (Vec<u8>, String) {
        let mut record = Record::new(generation, BTreeMap::new());
        let later = SystemTime::now() + std::time::Duration::from_secs(3600);
        record.expires_at = Some(format_time(later));
        let bytes = record.to_json().into_bytes();
        let sig = SignatureLine::sign(key, &bytes).unwrap().to_string();
        (bytes, sig)
    }

    #[test]
    fn an_unusable_trust_file_says_what_to_mount_or_set() {
        let dir = temp("unusable");
        let path = dir.join("keys");
        for (content, says) in [
            (None, "cannot read "),
            (Some("# nothing\n"), "holds no key"),
            (
                Some("ssh-rsa AAAAB3NzaC1yc2E x\n"),
                "line 1: expected `ssh-ed25519",
            ),
        ] {
            match content {
                Some(c) => std::fs::write(&path, c).unwrap(),
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
            let err = RecordTrust::load(&path).unwrap_err();
            assert!(
                err.starts_with("no usable trust file for the discovery record: ")
                    && err.contains(says)
                    && err.contains("set BOSUN_DISCOVERY_KEYS"),
                "{err}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_changed_trust_file_applies_and_a_broken_one_keeps_the_keys() {
        let dir = temp("changes");
        let path = dir.join("keys");
        let (v1, v2) = (keys::generate("v1").unwrap(), keys::generate("v2").unwrap());
        std::fs::write(&path, format!("{}\n", line(&v1))).unwrap();
        let mut trust = RecordTrust::load(&path).unwrap();
        assert!(!trust.refresh(), "unchanged");
        let (bytes, sig) = signed(1, &v1);
        trust.verify(&bytes, Some(&sig)).unwrap();
        let (bytes, sig) = signed(2, &v2);
        let err = trust.verify(&bytes, Some(&sig)).unwrap_err();
        assert!(
            err.to_string().starts_with("signed by unknown key id"),
            "{err}"
        );

        std::fs::write(&path, format!("{}\n{}\n", line(&v1), line(&v2))).unwrap();
        assert!(trust.refresh());
        trust.verify(&bytes, Some(&sig)).unwrap();

        std::fs::write(&path, "garbage\n").unwrap();
        assert!(!trust.refresh());
        let (bytes, sig) = signed(3, &v2);
        trust.verify(&bytes, Some(&sig)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
