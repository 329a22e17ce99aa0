//! The keys the controller signs the discovery record with (docs/keys.md, "The signed
//! discovery record"): every file named `v<N>` (N ≥ 1) in the `--signing-keys` directory
//! (default `/run/secrets/bosun-signing`, a Docker secret per version) is an unencrypted
//! OpenSSH ED25519 private key.
//!
//! The LOWEST version signs; the higher ones are announced in the record's `signing_keys`,
//! after the signing key, so clients learn them before they sign anything. A roll is then:
//! add `v2` (records announce it, still signed by `v1`), wait until every client has seen such
//! a record, remove `v1` (records are signed by `v2`).
//!
//! The keys are read once, at start: no key, or a file that is not such a key, stops the
//! controller with an error that names the directory or the file. Other files in the
//! directory are ignored (and logged). What clients must trust is [`trust_lines`] of the public
//! half of every loaded key and of the next key the leader announces without holding it
//! (`DiscoveryStore::trust_file`, when the controller rolls the key itself:
//! `crate::reconcile::signing`).

use std::path::Path;

use bosun_core::keys::{self, PrivateKey, PublicKey};
use bosun_core::signature::{KeyId, SignatureLine};

/// What was wrong with the signing key directory.
#[derive(Debug, thiserror::Error)]
pub enum SignerError {
    #[error(
        "cannot read the signing key directory {dir}: {source} (mount the record signing key there, e.g. the secret bosun-signing-key-v1 at {dir}/v1, or point --signing-keys / BOSUN_SIGNING_KEYS elsewhere)"
    )]
    ReadDir {
        dir: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "no signing key in {dir}: expected files named v1, v2, … each holding an unencrypted OpenSSH ED25519 private key (make one with `bosun-controller signing-key new`)"
    )]
    NoKey { dir: String },
    #[error("signing key {file}: {reason}")]
    BadKey { file: String, reason: String },
}

/// One loaded key.
struct Version {
    version: u32,
    key: PrivateKey,
}

/// The loaded signing keys, by version; the lowest signs.
pub struct Signer {
    /// The lowest version: the key that signs.
    first: Version,
    /// The higher versions, ascending: announced.
    next: Vec<Version>,
    /// The directory they were read from (`None`: given in code).
    dir: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let versions: Vec<String> = self
            .all()
            .map(|v| format!("v{}={}", v.version, key_id(&v.key)))
            .collect();
        f.debug_struct("Signer").field("keys", &versions).finish()
    }
}

impl Signer {
    /// Reads every `v<N>` key of `dir`.
    pub fn load(dir: &Path) -> Result<Signer, SignerError> {
        let shown = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|source| SignerError::ReadDir {
            dir: shown.clone(),
            source,
        })?;
        let mut keys = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| SignerError::ReadDir {
                dir: shown.clone(),
                source,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(version) = version_of(&name) else {
                tracing::warn!(dir = %shown, file = %name, "not a signing key file (expected v1, v2, …): ignored");
                continue;
            };
            keys.push((version, load_key(&entry.path())?));
        }
        let mut signer = Signer::from_keys(keys).ok_or(SignerError::NoKey { dir: shown })?;
        signer.dir = Some(dir.to_path_buf());
        Ok(signer)
    }

    /// The directory the keys were read from: where the controller's service mounts them.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The keys given, by version; `None` without any.
    pub fn from_keys(mut keys: Vec<(u32, PrivateKey)>) -> Option<Signer> {
        keys.sort_by_key(|(version, _)| *version);
        let mut versions = keys
            .into_iter()
            .map(|(version, key)| Version { version, key });
        Some(Signer {
            first: versions.next()?,
            next: versions.collect(),
            dir: None,
        })
    }

    fn all(&self) -> impl Iterator<Item = &Version> {
        std::iter::once(&self.first).chain(&self.next)
    }

    /// The version and key id of the key that signs.
    pub fn signing(&self) -> (u32, String) {
        (self.first.version, key_id(&self.first.key))
    }

    /// The signature line of `bytes`, by the signing key. Cannot fail for a key `load`
    /// probed; were it to, the line is empty, and every client refuses the record.
    pub fn sign(&self, bytes: &[u8]) -> String {
        match SignatureLine::sign(&self.first.key, bytes) {
            Ok(line) => line.to_string(),
            Err(e) => {
                tracing::error!(error = %e, "signing the discovery record");
                String::new()
            }
        }
    }

    /// The record's `signing_keys`: the signing key's public line, then the higher versions'.
    pub fn signing_keys(&self) -> Vec<String> {
        self.all().map(|v| public_line(&v.key)).collect()
    }

    /// The public halves of every loaded key.
    pub fn public_keys(&self) -> Vec<PublicKey> {
        self.all().map(|v| v.key.public_key().clone()).collect()
    }

    /// The trust file clients mount at `/run/secrets/bosun-discovery-keys`: the OpenSSH public
    /// key line of every loaded key, sorted, one per line, each ending with a newline.
    #[cfg(test)]
    pub fn trust_file(&self) -> String {
        trust_lines(self.signing_keys())
    }
}

/// A trust file of `keys` (OpenSSH public key lines): sorted, each ending with a newline.
pub fn trust_lines(mut keys: Vec<String>) -> String {
    keys.sort();
    keys.into_iter().map(|l| l + "\n").collect()
}

/// `v<N>` with N ≥ 1 written without leading zeros.
fn version_of(name: &str) -> Option<u32> {
    let digits = name.strip_prefix('v')?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n >= 1)
}

/// Reads one key and checks that it signs what its public half verifies.
fn load_key(path: &Path) -> Result<PrivateKey, SignerError> {
    let bad = |reason: String| SignerError::BadKey {
        file: path.display().to_string(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(format!("cannot read it: {e}")))?;
    let key = keys::parse_private_key(&text, "the file").map_err(|e| bad(e.to_string()))?;
    let probe =
        SignatureLine::sign(&key, b"bosun signing probe").map_err(|e| bad(e.to_string()))?;
    if !probe.verifies(key.public_key(), b"bosun signing probe") {
        return Err(bad(
            "its public half does not verify its signatures (a damaged key file)".into(),
        ));
    }
    Ok(key)
}

fn key_id(key: &PrivateKey) -> String {
    KeyId::of(key.public_key()).map_or_else(|| "?".into(), |id| id.to_string())
}

fn public_line(key: &PrivateKey) -> String {
    // An ED25519 public key always has an OpenSSH line.
    keys::public_openssh(key.public_key()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    use bosun_core::signature::Trust;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bosun-signer-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write_key(dir: &Path, name: &str, comment: &str) -> PrivateKey {
        let key = keys::generate(comment).unwrap();
        std::fs::write(dir.join(name), keys::private_openssh(&key).unwrap()).unwrap();
        key
    }

    #[test]
    fn the_lowest_version_signs_and_the_others_are_announced_after_it() {
        let dir = temp("versions");
        let v3 = write_key(&dir, "v3", "three");
        let v2 = write_key(&dir, "v2", "two");
        std::fs::write(dir.join("README"), "not a key").unwrap();
        std::fs::write(dir.join("v0"), "not a version").unwrap();
        let signer = Signer::load(&dir).unwrap();
        assert_eq!(
            signer.signing(),
            (2, KeyId::of(v2.public_key()).unwrap().to_string())
        );
        let line = |k: &PrivateKey| keys::public_openssh(k.public_key()).unwrap();
        assert_eq!(signer.signing_keys(), [line(&v2), line(&v3)]);

        let signed = signer.sign(b"{}");
        let trust = Trust::new(vec![v2.public_key().clone()]);
        assert_eq!(
            trust.check_signature(b"{}", Some(&signed)).unwrap(),
            KeyId::of(v2.public_key()).unwrap()
        );

        let mut sorted = [line(&v2), line(&v3)];
        sorted.sort();
        assert_eq!(
            signer.trust_file(),
            format!("{}\n{}\n", sorted[0], sorted[1])
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn no_key_or_a_bad_one_is_an_error_naming_the_directory_or_the_file() {
        let dir = temp("errors");
        let err = Signer::load(&dir).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "no signing key in {}: expected files named v1",
                dir.display()
            )),
            "{err}"
        );
        let missing = dir.join("nope");
        let err = Signer::load(&missing).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "cannot read the signing key directory {}: ",
                missing.display()
            )),
            "{err}"
        );
        std::fs::write(dir.join("v1"), "ssh-ed25519 AAAA a public key").unwrap();
        let err = Signer::load(&dir).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "signing key {}: the file: not an OpenSSH private key",
                dir.join("v1").display()
            )),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn versions_are_v_and_a_number_from_one() {
        assert_eq!(version_of("v1"), Some(1));
        assert_eq!(version_of("v12"), Some(12));
        for bad in ["v0", "v01", "v", "1", "v1.key", "V1", "v-1", "..data"] {
            assert_eq!(version_of(bad), None, "{bad}");
        }
    }
}
