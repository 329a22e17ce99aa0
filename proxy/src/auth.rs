//! The authorized client keys: the file the proxy was given (a mounted secret), re-read when
//! its content changes. A bad new file keeps the last good list, and says what is wrong.
//!
//! The file is polled every [`POLL_INTERVAL`] and also checked before each public key offer,
//! so a key written into the file works on the next login attempt. Reading a few hundred bytes
//! from a tmpfs secret is cheap; parsing happens only when the bytes changed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use russh::keys::{Algorithm, PublicKey};
use tokio::sync::watch;

use super::metrics::Metrics;
use bosun_core::keys::{self, KeyError};
use bosun_core::watch::{FileChange, FileWatch, poll_until};

/// How often the file is polled for changes.
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// What a [`AuthorizedKeys::refresh`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reload {
    /// Same bytes as last time (or the same read error).
    Unchanged,
    /// A new list is in use.
    Loaded { keys: usize },
    /// The file could not be read or parsed; the previous list stays in use.
    Failed(String),
}

#[derive(Debug)]
struct State {
    keys: Arc<Vec<PublicKey>>,
    /// What was last read (good or bad), to parse and log each change once.
    file: FileWatch,
}

/// The current authorized keys and where they come from.
#[derive(Debug)]
pub struct AuthorizedKeys {
    path: PathBuf,
    state: Mutex<State>,
    metrics: Arc<Metrics>,
}

impl AuthorizedKeys {
    /// Loads the file; unlike later reloads, the first load must succeed.
    pub fn load(path: &Path, metrics: Arc<Metrics>) -> Result<AuthorizedKeys, KeyError> {
        let content = std::fs::read(path).map_err(|source| KeyError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let keys = parse(&content, path)?;
        if keys.is_empty() {
            tracing::warn!(path = %path.display(), "the authorized keys file has no key: every login will fail until one is added");
        }
        metrics.authorized_keys_reload("ok");
        let mut file = FileWatch::new(path);
        file.seen(&content);
        Ok(AuthorizedKeys {
            path: path.to_owned(),
            state: Mutex::new(State {
                keys: Arc::new(keys),
                file,
            }),
            metrics,
        })
    }

    /// Re-reads the file and switches to its keys if it changed and is valid.
    pub fn refresh(&self) -> Reload {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let content = match state.file.look() {
            FileChange::Unchanged => return Reload::Unchanged,
            FileChange::Changed(content) => content,
            FileChange::Unreadable(e) => {
                drop(state);
                let message = format!("cannot read {}: {e}", self.path.display());
                self.metrics.authorized_keys_reload("error");
                tracing::error!(error = %message, "keeping the last good authorized keys");
                return Reload::Failed(message);
            }
        };
        match parse(&content, &self.path) {
            Ok(keys) => {
                let count = keys.len();
                state.keys = Arc::new(keys);
                drop(state);
                self.metrics.authorized_keys_reload("ok");
                tracing::info!(path = %self.path.display(), keys = count, "authorized keys reloaded");
                Reload::Loaded { keys: count }
            }
            Err(e) => {
                drop(state);
                self.metrics.authorized_keys_reload("error");
                tracing::error!(error = %e, "invalid authorized keys file; keeping the last good list");
                Reload::Failed(e.to_string())
            }
        }
    }

    /// The keys in use now.
    pub fn current(&self) -> Arc<Vec<PublicKey>> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&state.keys)
    }

    /// Whether `key` may log in: a plain ED25519 key that is in the current list.
    pub fn allows(&self, key: &PublicKey) -> bool {
        key.algorithm() == Algorithm::Ed25519 && keys::contains(&self.current(), key)
    }

    /// Polls the file until `stop` turns true.
    pub async fn watch(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        let stop = async move { super::shutdown::until_true(&mut stop).await };
        poll_until(POLL_INTERVAL, stop, || {
            self.refresh();
        })
        .await;
    }
}

fn parse(content: &[u8], path: &Path) -> Result<Vec<PublicKey>, KeyError> {
    let origin = path.display().to_string();
    let text = std::str::from_utf8(content).map_err(|e| KeyError::BadPublicKey {
        origin: origin.clone(),
        line: 1 + content[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count(),
        reason: "not UTF-8".into(),
    })?;
    keys::parse_public_keys(text, &origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("bosun-auth-test-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("authorized_keys")
    }

    fn line(key: &russh::keys::PrivateKey) -> String {
        keys::public_openssh(key.public_key()).unwrap()
    }

    #[test]
    fn a_changed_file_is_reloaded_and_a_bad_one_keeps_the_last_good_list() {
        let path = temp_file("reload");
        let (a, b, c) = (
            keys::generate("a").unwrap(),
            keys::generate("b").unwrap(),
            keys::generate("c").unwrap(),
        );
        std::fs::write(&path, format!("{}\n", line(&a))).unwrap();
        let metrics = Arc::new(Metrics::new("t").unwrap());
        let auth = AuthorizedKeys::load(&path, Arc::clone(&metrics)).unwrap();
        assert!(auth.allows(a.public_key()));
        assert!(!auth.allows(b.public_key()));
        assert_eq!(auth.refresh(), Reload::Unchanged);

        std::fs::write(&path, format!("{}\n# rotated\n{}\n", line(&a), line(&b))).unwrap();
        assert_eq!(auth.refresh(), Reload::Loaded { keys: 2 });
        assert!(auth.allows(a.public_key()) && auth.allows(b.public_key()));

        // a bad new file: the last good list stays, the error is reported once
        std::fs::write(&path, format!("{}\nssh-rsa AAAAB3Nza x\n", line(&c))).unwrap();
        match auth.refresh() {
            Reload::Failed(e) => assert!(e.contains("line 2"), "{e}"),
            other => panic!("expected a failure, got {other:?}"),
        }
        assert_eq!(auth.refresh(), Reload::Unchanged);
        assert!(auth.allows(a.public_key()) && auth.allows(b.public_key()));
        assert!(!auth.allows(c.public_key()));

        // a missing file: same
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(auth.refresh(), Reload::Failed(e) if e.starts_with("cannot read")));
        assert_eq!(auth.refresh(), Reload::Unchanged);
        assert!(auth.allows(a.public_key()));

        // fixed: the new list replaces the old one
        std::fs::write(&path, format!("{}\n", line(&c))).unwrap();
        assert_eq!(auth.refresh(), Reload::Loaded { keys: 1 });
        assert!(auth.allows(c.public_key()));
        assert!(!auth.allows(a.public_key()));

        let text = metrics.render();
        assert!(
            text.contains(r#"bosun_proxy_authorized_keys_reloads_total{result="ok"} 3"#),
            "{text}"
        );
        assert!(
            text.contains(r#"bosun_proxy_authorized_keys_reloads_total{result="error"} 2"#),
            "{text}"
        );
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }

    #[test]
    fn the_first_load_must_succeed() {
        let path = temp_file("first");
        std::fs::write(&path, "ssh-ed25519 not-base64\n").unwrap();
        let err = AuthorizedKeys::load(&path, Arc::new(Metrics::new("t").unwrap())).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        std::fs::write(&path, b"\xff\xfe").unwrap();
        let err = AuthorizedKeys::load(&path, Arc::new(Metrics::new("t").unwrap())).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
        let err = AuthorizedKeys::load(&path, Arc::new(Metrics::new("t").unwrap())).unwrap_err();
        assert!(err.to_string().starts_with("cannot read"), "{err}");
    }
}
