//! Live reload of the config file: the running config is replaced when the file's content
//! changes (polled every second by content, with the one file watcher of
//! `bosun_core::watch`, which works for Docker config mounts and symlink swaps alike, without
//! inotify) or on SIGHUP (which re-reads even an unchanged file).
//!
//! A new config that does not load is rejected with one `error` log line holding every error
//! (`FILE:LINE:COL: message`); the last good config keeps running. A config equal to the
//! running one is not sent again. `bosun_config_reloads_total{result}` counts the attempts,
//! and `last_ok` says whether the running config is the file's content.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bosun_core::watch::{FileChange, FileWatch};
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::watch;

use super::Config;
use super::load::parse_named;

/// How often the file is looked at.
const POLL_PERIOD: Duration = Duration::from_secs(1);

/// The reload metrics, created and registered by the caller.
#[derive(Clone)]
pub struct ReloadMetrics {
    /// Reload attempts by `result`: `ok`, `invalid` or `unreadable`.
    pub reloads: prometheus::IntCounterVec,
    /// 1 when the running config is the file's content, 0 when the file holds a rejected
    /// config (or cannot be read).
    pub last_ok: prometheus::IntGauge,
}

/// Watches `path` and returns the running config; `initial` is the config already loaded from
/// it. Must be called inside a Tokio runtime. The watch ends when every receiver is dropped.
pub fn spawn(
    path: PathBuf,
    initial: Arc<Config>,
    metrics: ReloadMetrics,
) -> watch::Receiver<Arc<Config>> {
    spawn_with_period(path, initial, metrics, POLL_PERIOD)
}

fn spawn_with_period(
    path: PathBuf,
    initial: Arc<Config>,
    metrics: ReloadMetrics,
    period: Duration,
) -> watch::Receiver<Arc<Config>> {
    let (tx, rx) = watch::channel(initial.clone());
    // Registered before returning, so a SIGHUP right after never falls back to the default
    // action (terminating the process).
    let hangups = match signal(SignalKind::hangup()) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::error!(error = %e, "cannot listen for SIGHUP; the config is reloaded on change only");
            None
        }
    };
    let mut reloader = Reloader::new(path, initial, metrics, tx);
    tokio::spawn(async move {
        reloader.baseline().await;
        reloader.run(hangups, period).await;
    });
    rx
}

/// What one look at the file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Same content as last time (polls only).
    Unchanged,
    /// A valid config equal to the running one: not sent again.
    Same,
    /// A new config is running.
    Applied,
    /// Rejected: the last good config keeps running.
    Invalid,
    Unreadable,
}

/// The reload logic, one look at a time (the signal and the timer call it).
pub(crate) struct Reloader {
    path: PathBuf,
    current: Arc<Config>,
    /// What the file held the last time it was looked at: a lasting problem is logged once.
    file: FileWatch,
    metrics: ReloadMetrics,
    tx: watch::Sender<Arc<Config>>,
}

impl Reloader {
    pub(crate) fn new(
        path: PathBuf,
        current: Arc<Config>,
        metrics: ReloadMetrics,
        tx: watch::Sender<Arc<Config>>,
    ) -> Self {
        Reloader {
            file: FileWatch::new(path.clone()),
            path,
            current,
            metrics,
            tx,
        }
    }

    /// Takes the file as it is now as the starting point when it holds the running config, so
    /// the first poll does not count as a reload.
    pub(crate) async fn baseline(&mut self) {
        if let Ok(bytes) = tokio::fs::read(&self.path).await {
            let text = String::from_utf8_lossy(&bytes);
            if parse_named(&text, &self.source()).is_ok_and(|c| c == *self.current) {
                self.file.seen(&bytes);
                self.metrics.last_ok.set(1);
            }
        }
    }

    async fn run(&mut self, mut hangups: Option<Signal>, period: Duration) {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tokio::select! {
                _ = ticks.tick() => { self.poll().await; }
                Some(()) = recv(&mut hangups) => {
                    tracing::info!(config = %self.path.display(), "SIGHUP: re-reading the configuration");
                    self.hangup().await;
                }
                () = self.tx.closed() => return,
            }
        }
    }

    /// A timer tick: reload when the content changed.
    pub(crate) async fn poll(&mut self) -> Outcome {
        self.look(false)
    }

    /// SIGHUP: reload, changed or not.
    pub(crate) async fn hangup(&mut self) -> Outcome {
        self.look(true)
    }

    fn source(&self) -> String {
        self.path.display().to_string()
    }

    fn look(&mut self, force: bool) -> Outcome {
        if force {
            self.file.forget();
        }
        let bytes = match self.file.look() {
            FileChange::Unchanged if self.file.unreadable() => return Outcome::Unreadable,
            FileChange::Unchanged => return Outcome::Unchanged,
            FileChange::Changed(bytes) => bytes,
            FileChange::Unreadable(e) => {
                tracing::error!(
                    config = %self.path.display(),
                    error = %e,
                    "cannot read the configuration file; keeping the running configuration"
                );
                self.count("unreadable");
                self.metrics.last_ok.set(0);
                return Outcome::Unreadable;
            }
        };
        let parsed = match String::from_utf8(bytes) {
            Ok(text) => parse_named(&text, &self.source()).map_err(|e| {
                e.errors
                    .iter()
                    .map(|err| format!("{}:{err}", e.source))
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            Err(_) => Err(format!("{}: the file is not UTF-8 text", self.source())),
        };
        match parsed {
            Err(errors) => {
                tracing::error!(
                    config = %self.path.display(),
                    errors = %errors,
                    "the new configuration is invalid; keeping the running configuration"
                );
                self.count("invalid");
                self.metrics.last_ok.set(0);
                Outcome::Invalid
            }
            Ok(config) => {
                self.count("ok");
                self.metrics.last_ok.set(1);
                if config == *self.current {
                    tracing::info!(config = %self.path.display(), "configuration re-read, unchanged");
                    return Outcome::Same;
                }
                tracing::info!(
                    config = %self.path.display(),
                    targets = config.targets.len(),
                    "configuration reloaded"
                );
                self.current = Arc::new(config);
                self.tx.send_replace(self.current.clone());
                Outcome::Applied
            }
        }
    }

    fn count(&self, result: &str) {
        self.metrics.reloads.with_label_values(&[result]).inc();
    }
}

/// The next SIGHUP, or never when there is no listener.
async fn recv(hangups: &mut Option<Signal>) -> Option<()> {
    match hangups {
        Some(s) => s.recv().await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const GOOD: &str = "targets:\n  a:\n    service: a\n    policy: { preset: nextcloud }\n";
    const GOOD_COMMENTED: &str =
        "# same config\ntargets:\n  a:\n    service: a\n    policy: { preset: nextcloud }\n";
    const OTHER: &str = "targets:\n  b:\n    service: b\n    policy: { preset: photoprism }\n";
    const BAD: &str = "targets:\n  a:\n    service: a\n    policy: { preset: nextclod }\n";

    fn metrics() -> ReloadMetrics {
        ReloadMetrics {
            reloads: prometheus::IntCounterVec::new(
                prometheus::Opts::new("reloads", "test"),
                &["result"],
            )
            .unwrap(),
            last_ok: prometheus::IntGauge::new("last_ok", "test").unwrap(),
        }
    }

    fn count(m: &ReloadMetrics, result: &str) -> u64 {
        m.reloads.with_label_values(&[result]).get()
    }

    fn temp_path(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bosun-reload-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("bosun.yaml")
    }

    fn write(path: &Path, text: &str) {
        // Like a config swap: write aside, rename over.
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, path).unwrap();
    }

    fn config(text: &str) -> Arc<Config> {
        Arc::new(crate::config::parse(text).unwrap())
    }

    #[tokio::test]
    async fn good_bad_good() {
        let path = temp_path("cycle");
        write(&path, GOOD);
        let m = metrics();
        let (tx, mut rx) = watch::channel(config(GOOD));
        let mut r = Reloader::new(path.clone(), config(GOOD), m.clone(), tx);
        r.baseline().await;
        assert_eq!(m.last_ok.get(), 1);
        assert_eq!(r.poll().await, Outcome::Unchanged);

        write(&path, GOOD_COMMENTED);
        assert_eq!(r.poll().await, Outcome::Same);
        assert!(!rx.has_changed().unwrap());

        write(&path, BAD);
        assert_eq!(r.poll().await, Outcome::Invalid);
        assert_eq!(r.poll().await, Outcome::Unchanged);
        assert_eq!((count(&m, "invalid"), m.last_ok.get()), (1, 0));
        assert!(!rx.has_changed().unwrap());
        // SIGHUP re-reads (and rejects) even an unchanged file.
        assert_eq!(r.hangup().await, Outcome::Invalid);
        assert_eq!(count(&m, "invalid"), 2);

        write(&path, OTHER);
        assert_eq!(r.poll().await, Outcome::Applied);
        assert!(rx.has_changed().unwrap());
        assert_eq!(*rx.borrow_and_update(), config(OTHER));
        assert_eq!((count(&m, "ok"), m.last_ok.get()), (2, 1));
        assert_eq!(r.hangup().await, Outcome::Same);
        assert!(!rx.has_changed().unwrap());

        std::fs::remove_file(&path).unwrap();
        assert_eq!(r.poll().await, Outcome::Unreadable);
        assert_eq!(r.poll().await, Outcome::Unreadable);
        assert_eq!((count(&m, "unreadable"), m.last_ok.get()), (1, 0));
        write(&path, GOOD);
        assert_eq!(r.poll().await, Outcome::Applied);
        assert_eq!(*rx.borrow_and_update(), config(GOOD));
        assert_eq!(m.last_ok.get(), 1);
    }

    async fn next(rx: &mut watch::Receiver<Arc<Config>>) -> Arc<Config> {
        tokio::time::timeout(Duration::from_secs(10), rx.changed())
            .await
            .expect("no reload within 10s")
            .unwrap();
        rx.borrow_and_update().clone()
    }

    #[tokio::test]
    async fn spawned_watch_follows_the_file_and_sighup() {
        let path = temp_path("spawn");
        write(&path, GOOD);
        let m = metrics();
        let mut rx = spawn_with_period(
            path.clone(),
            config(GOOD),
            m.clone(),
            Duration::from_millis(50),
        );

        write(&path, BAD);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while count(&m, "invalid") == 0 {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the bad config was not seen"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(!rx.has_changed().unwrap());
        assert_eq!(m.last_ok.get(), 0);

        write(&path, OTHER);
        assert_eq!(next(&mut rx).await, config(OTHER));
        assert_eq!(m.last_ok.get(), 1);

        // SIGHUP to this very process (no signal crate needed: the `kill` utility).
        let before = count(&m, "ok");
        let status = std::process::Command::new("kill")
            .args(["-HUP", &std::process::id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while count(&m, "ok") == before {
            assert!(
                tokio::time::Instant::now() < deadline,
                "SIGHUP did not re-read the file"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Re-read, equal: not sent again.
        assert!(!rx.has_changed().unwrap());
    }
}
