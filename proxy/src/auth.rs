//! The authorized client keys: the file the proxy was given (a mounted secret), re-read when
//! its content changes. A bad new file keeps the last good list, and says what is wrong.
//!
//! Each key keeps the client it belongs to, read from its comment (`<client service>/v<N>`,
//! see [`super::key_comment`]); a key with any other comment, or none, is accepted all the
//! same and names no client. The same key twice with the same comment counts once; the same
//! key twice with *different* comments makes the whole file invalid: two clients must never
//! share a key, and the audit could not tell which one ran a command.
//!
//! The file is polled every [`POLL_INTERVAL`] and also checked before each public key offer,
//! so a key written into the file works on the next login attempt. Reading a few hundred bytes
//! from a tmpfs secret is cheap; parsing happens only when the bytes changed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use russh::keys::{Algorithm, PublicKey};
use tokio::sync::watch;

use super::key_comment::KeyOwner;
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

/// Why an authorized keys file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AuthKeysError {
    #[error(transparent)]
    Key(#[from] KeyError),
    /// One key, two comments: the file is refused as a whole.
    #[error(
        "{origin}: key {fingerprint} appears twice with different comments ({first:?} and {second:?}): two clients must never share a key; the whole file is refused"
    )]
    SharedKey {
        origin: String,
        fingerprint: String,
        first: String,
        second: String,
    },
}

/// One accepted key and whose it is.
#[derive(Debug, Clone)]
pub struct AuthorizedKey {
    pub key: PublicKey,
    /// The client its comment names, if it names one.
    pub owner: Option<KeyOwner>,
}

impl AuthorizedKey {
    fn comment(&self) -> &str {
        self.key.comment().as_str_lossy().trim()
    }
}

#[derive(Debug)]
struct State {
    keys: Arc<Vec<AuthorizedKey>>,
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
    pub fn load(path: &Path, metrics: Arc<Metrics>) -> Result<AuthorizedKeys, AuthKeysError> {
        let content = std::fs::read(path).map_err(|source| KeyError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let keys = parse(&content, path)?;
        if keys.is_empty() {
            tracing::warn!(path = %path.display(), "the authorized keys file has no key: every login will fail until one is added");
        }
        log_unnamed(path, &keys);
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
                log_unnamed(&self.path, &keys);
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
    pub fn current(&self) -> Arc<Vec<AuthorizedKey>> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&state.keys)
    }

    /// The entry of `key` (compared by key material) if it may log in: a plain ED25519 key
    /// that is in the current list.
    pub fn find(&self, key: &PublicKey) -> Option<AuthorizedKey> {
        if key.algorithm() != Algorithm::Ed25519 {
            return None;
        }
        let current = self.current();
        current
            .iter()
            .find(|k| k.key.key_data() == key.key_data())
            .cloned()
    }

    /// Whether `key` may log in (see [`AuthorizedKeys::find`]).
    #[cfg(test)]
    pub fn allows(&self, key: &PublicKey) -> bool {
        self.find(key).is_some()
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

/// The keys of a file's content, each with the client its comment names; one key with two
/// comments is an error.
fn parse(content: &[u8], path: &Path) -> Result<Vec<AuthorizedKey>, AuthKeysError> {
    let origin = path.display().to_string();
    let mut accepted: Vec<AuthorizedKey> = Vec::new();
    for key in parse_keys(content, &origin)? {
        let entry = AuthorizedKey {
            owner: KeyOwner::from_comment(key.comment().as_str_lossy()),
            key,
        };
        let seen = accepted
            .iter()
            .find(|k| k.key.key_data() == entry.key.key_data());
        match seen {
            None => accepted.push(entry),
            Some(seen) if seen.comment() == entry.comment() => {}
            Some(seen) => {
                return Err(AuthKeysError::SharedKey {
                    origin,
                    fingerprint: keys::fingerprint(&entry.key),
                    first: seen.comment().to_owned(),
                    second: entry.comment().to_owned(),
                });
            }
        }
    }
    Ok(accepted)
}

/// Says (once per load) how many keys name no client: their audit lines will have `null`.
fn log_unnamed(path: &Path, keys: &[AuthorizedKey]) {
    let unnamed = keys.iter().filter(|k| k.owner.is_none()).count();
    if unnamed > 0 {
        tracing::info!(path = %path.display(), keys = keys.len(), unnamed, "some authorized keys name no client service (comment `<service>/v<N>`): their audit lines say null");
    }
}

/// The OpenSSH key list of a file's content (UTF-8, one key per line).
fn parse_keys(content: &[u8], origin: &str) -> Result<Vec<PublicKey>, KeyError> {
    let text = std::str::from_utf8(content).map_err(|e| KeyError::BadPublicKey {
        origin: origin.to_owned(),
        line: 1 + content[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count(),
        reason: "not UTF-8".into(),
    })?;
    keys::parse_public_keys(text, origin)
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

    /// The line of `key` with `comment` (none when empty).
    fn line_with(key: &russh::keys::PrivateKey, comment: &str) -> String {
        let mut public = key.public_key().clone();
        public.set_comment(comment);
        line_of(&public)
    }

    fn line_of(public: &PublicKey) -> String {
        keys::public_openssh(public).unwrap()
    }

    fn owner(auth: &AuthorizedKeys, key: &russh::keys::PrivateKey) -> Option<String> {
        let found = auth.find(key.public_key()).expect("the key is accepted");
        found.owner.map(|o| o.to_string())
    }

    #[test]
    fn every_key_keeps_the_client_its_comment_names() {
        let path = temp_file("owners");
        let k: Vec<_> = (0..4)
            .map(|i| keys::generate(&i.to_string()).unwrap())
            .collect();
        let text = format!(
            "{}\n{}\n# a comment line\n{}\n{}   \n",
            line_with(&k[0], "nextcloud-cron/v3"),
            line_with(&k[1], ""),
            line_with(&k[2], "laptop of alice"),
            // spaces after the base64 and at the end of the line
            line_with(&k[3], "  my_stack.web_1/v12"),
        );
        std::fs::write(&path, text).unwrap();
        let auth = AuthorizedKeys::load(&path, Arc::new(Metrics::new("t").unwrap())).unwrap();
        assert_eq!(owner(&auth, &k[0]).as_deref(), Some("nextcloud-cron/v3"));
        // no comment, or another one: accepted, named by nobody
        assert_eq!(owner(&auth, &k[1]), None);
        assert_eq!(owner(&auth, &k[2]), None);
        assert_eq!(owner(&auth, &k[3]).as_deref(), Some("my_stack.web_1/v12"));
        // matched by key material: the comment the client's own key carries plays no part
        let mut offered = k[0].public_key().clone();
        offered.set_comment("something else");
        let found = auth.find(&offered).unwrap();
        assert_eq!(found.owner.unwrap().service, "nextcloud-cron");
        assert!(
            auth.find(keys::generate("x").unwrap().public_key())
                .is_none()
        );
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }

    #[test]
    fn one_key_with_two_comments_refuses_the_whole_file() {
        let path = temp_file("shared");
        let (a, b) = (keys::generate("a").unwrap(), keys::generate("b").unwrap());
        let metrics = Arc::new(Metrics::new("t").unwrap());
        // the same line twice is harmless: one key
        let same = format!(
            "{0}\n{1}\n{0}\n",
            line_with(&a, "app/v1"),
            line_with(&b, "b/v1")
        );
        std::fs::write(&path, &same).unwrap();
        let auth = AuthorizedKeys::load(&path, Arc::clone(&metrics)).unwrap();
        assert_eq!(auth.current().len(), 2);

        let shared = format!(
            "{}\n{}\n{}\n",
            line_with(&a, "app/v1"),
            line_with(&b, "b/v1"),
            line_with(&a, "other-app/v1")
        );
        std::fs::write(&path, &shared).unwrap();
        let expected = format!(
            "{}: key {} appears twice with different comments (\"app/v1\" and \"other-app/v1\"): two clients must never share a key; the whole file is refused",
            path.display(),
            keys::fingerprint(a.public_key())
        );
        // a reload keeps the last good list…
        assert_eq!(auth.refresh(), Reload::Failed(expected.clone()));
        assert_eq!(owner(&auth, &a).as_deref(), Some("app/v1"));
        // …and a first load fails
        let err = AuthorizedKeys::load(&path, metrics).unwrap_err();
        assert_eq!(err.to_string(), expected);
        // a named and an unnamed copy are two comments too
        std::fs::write(
            &path,
            format!("{}\n{}\n", line_with(&a, "app/v1"), line_with(&a, "")),
        )
        .unwrap();
        assert!(matches!(auth.refresh(), Reload::Failed(e) if e.contains("(\"app/v1\" and \"\")")));
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_reload_drops_removed_keys_and_keeps_the_others_names() {
        let path = temp_file("rotate");
        let (old, new, other) = (
            keys::generate("old").unwrap(),
            keys::generate("new").unwrap(),
            keys::generate("other").unwrap(),
        );
        let both = [
            line_with(&old, "cron/v1"),
            line_with(&new, "cron/v2"),
            line_with(&other, "web/v5"),
        ];
        std::fs::write(&path, both.join("\n")).unwrap();
        let auth = AuthorizedKeys::load(&path, Arc::new(Metrics::new("t").unwrap())).unwrap();
        assert_eq!(owner(&auth, &old).as_deref(), Some("cron/v1"));
        std::fs::write(&path, [&both[1], &both[2]].map(String::as_str).join("\n")).unwrap();
        assert_eq!(auth.refresh(), Reload::Loaded { keys: 2 });
        assert!(auth.find(old.public_key()).is_none());
        assert_eq!(owner(&auth, &new).as_deref(), Some("cron/v2"));
        assert_eq!(owner(&auth, &other).as_deref(), Some("web/v5"));
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
