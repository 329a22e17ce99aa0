//! The credentials of a target, ready for a connection: the client's ED25519 key and the pinned
//! host keys, read from their files and cached. A file is read again when its size or
//! modification time changes, so a rotated secret or a new pin list is picked up without a
//! restart and without re-parsing keys on every call.
//!
//! Like OpenSSH ("UNPROTECTED PRIVATE KEY FILE"), the client refuses a private key file that
//! its group or others may read (`mode & 0o077 != 0`), before reading it, on every call (a
//! `chmod` changes neither the size nor the modification time, so the cache would not see
//! it). The controller mounts client keys with mode 0400, and refuses a configured mode that
//! this check would refuse.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use russh::keys::PrivateKey;

use super::endpoints::{HostKeys, RemoteTarget};
use super::error::ClientError;
use super::hostkeys::PinnedHostKeys;
use super::transport::Identity;
use bosun_core::keys::{self, KeyError};

/// What identifies a version of a file: (length, modification time).
type Stamp = (u64, Option<SystemTime>);

#[derive(Default)]
pub(crate) struct IdentityCache {
    keys: Mutex<HashMap<PathBuf, (Stamp, Arc<PrivateKey>)>>,
    pins: Mutex<HashMap<PathBuf, (Stamp, Arc<PinnedHostKeys>)>>,
}

impl IdentityCache {
    /// The identity to use with `target`'s proxies.
    pub fn identity(&self, target: &RemoteTarget) -> Result<Identity, ClientError> {
        let failed = |what| {
            move |source| ClientError::Credentials {
                target: target.target.clone(),
                what,
                source,
            }
        };
        check_protected(&target.key_file).map_err(|mode| ClientError::UnprotectedKey {
            target: target.target.clone(),
            path: target.key_file.display().to_string(),
            mode,
        })?;
        let key = cached(&self.keys, &target.key_file, |p| {
            keys::load_private_key(p).map(Arc::new)
        })
        .map_err(failed("the client key"))?;
        let pinned = match &target.host_keys {
            HostKeys::File(path) => {
                cached(&self.pins, path, |p| PinnedHostKeys::load(p).map(Arc::new))
            }
            HostKeys::Inline { keys, origin } => {
                PinnedHostKeys::new(keys.clone(), origin.clone()).map(Arc::new)
            }
        }
        .map_err(failed("the pinned host keys"))?;
        Ok(Identity {
            user: target.user.clone(),
            key_fingerprint: keys::fingerprint(key.public_key()),
            key,
            pinned,
        })
    }
}

/// `Err(mode)` when the private key file at `path` is open to its group or others. A file
/// that cannot be read is left to the read, which says why.
#[cfg(unix)]
fn check_protected(path: &Path) -> Result<(), u32> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(path) {
        Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
            Err(meta.permissions().mode() & 0o7777)
        }
        _ => Ok(()),
    }
}

/// No POSIX modes to check.
#[cfg(not(unix))]
fn check_protected(_path: &Path) -> Result<(), u32> {
    Ok(())
}

/// The cached value for `path`, reloaded with `load` when the file changed.
fn cached<T: Clone>(
    cache: &Mutex<HashMap<PathBuf, (Stamp, T)>>,
    path: &Path,
    load: impl FnOnce(&Path) -> Result<T, KeyError>,
) -> Result<T, KeyError> {
    let stamp = std::fs::metadata(path)
        .map(|m| (m.len(), m.modified().ok()))
        .map_err(|source| KeyError::Read {
            path: path.display().to_string(),
            source,
        })?;
    let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((seen, value)) = cache.get(path) {
        if *seen == stamp {
            return Ok(value.clone());
        }
    }
    let value = load(path)?;
    cache.insert(path.to_owned(), (stamp, value.clone()));
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn set_mode(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_key_file_others_can_read_is_refused_like_openssh_does() {
        let dir = std::env::temp_dir().join(format!("bosun-id-mode-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let key_file = dir.join("key");
        let client = keys::generate("client").unwrap();
        std::fs::write(&key_file, keys::private_openssh(&client).unwrap()).unwrap();
        let target = RemoteTarget {
            target: "nextcloud".into(),
            endpoints: Vec::new(),
            user: "bosun".into(),
            key_file: key_file.clone(),
            host_keys: HostKeys::Inline {
                keys: vec![client.public_key().clone()],
                origin: "test".into(),
            },
        };
        let cache = IdentityCache::default();
        for mode in [0o644, 0o640, 0o604, 0o440, 0o400] {
            set_mode(&key_file, mode);
            let refused = cache.identity(&target).err().map(|e| e.to_string());
            let expected = (mode & 0o077 != 0).then(|| {
                format!(
                    "target nextcloud: UNPROTECTED PRIVATE KEY FILE: the client key {path} has \
                     mode {mode:04o}, so others than its owner can read it; bosun refuses it, \
                     as OpenSSH does (fix: chmod 600 {path})",
                    path = key_file.display()
                )
            });
            assert_eq!(refused, expected, "mode {mode:o}");
        }
        // loaded while it was 0400 and cached: a chmod alone is still seen
        set_mode(&key_file, 0o644);
        assert!(cache.identity(&target).is_err());
        set_mode(&key_file, 0o600);
        assert!(cache.identity(&target).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn keys_are_cached_and_reloaded_when_the_file_changes() {
        let dir = std::env::temp_dir().join(format!("bosun-id-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (key_file, pins_file) = (dir.join("key"), dir.join("pins"));
        let client = keys::generate("client").unwrap();
        std::fs::write(&key_file, keys::private_openssh(&client).unwrap()).unwrap();
        set_mode(&key_file, 0o600);
        let host = keys::generate("host").unwrap();
        std::fs::write(&pins_file, keys::public_openssh(host.public_key()).unwrap()).unwrap();
        let target = RemoteTarget {
            target: "nextcloud".into(),
            endpoints: Vec::new(),
            user: "bosun".into(),
            key_file: key_file.clone(),
            host_keys: HostKeys::File(pins_file.clone()),
        };
        let cache = IdentityCache::default();
        let first = cache.identity(&target).unwrap();
        assert_eq!(
            first.key_fingerprint,
            keys::fingerprint(client.public_key())
        );
        assert!(first.pinned.contains(host.public_key()));
        assert!(Arc::ptr_eq(
            &first.key,
            &cache.identity(&target).unwrap().key
        ));

        // A new pin list (different length) is read again.
        let other = keys::generate("host2").unwrap();
        let both = format!(
            "{}\n{}\n",
            keys::public_openssh(host.public_key()).unwrap(),
            keys::public_openssh(other.public_key()).unwrap()
        );
        std::fs::write(&pins_file, both).unwrap();
        assert!(
            cache
                .identity(&target)
                .unwrap()
                .pinned
                .contains(other.public_key())
        );

        std::fs::remove_file(&key_file).unwrap();
        let err = cache.identity(&target).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "target nextcloud: the client key: cannot read {}: No such file or directory (os error 2)",
                key_file.display()
            )
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
