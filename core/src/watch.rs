//! The one file-change watcher: a file is looked at again and again (every second or two, and
//! whenever its user wants an answer now), and only a *change* is reported: new bytes, or a
//! read error that was not already reported.
//!
//! Polling by content, not by mtime or inotify, is deliberate: Docker secrets and configs are
//! bind mounts that a new task replaces wholesale, editors replace files by renaming, and a few
//! hundred bytes from a tmpfs are cheap to read. bosun watches three files this way: the
//! proxy's authorized keys, the client's discovery file and the controller's config.
//!
//! ```
//! use bosun_core::watch::{FileChange, FileWatch};
//! # let path = std::env::temp_dir().join(format!("bosun-watch-doc-{}", std::process::id()));
//! std::fs::write(&path, "a").unwrap();
//! let mut file = FileWatch::new(&path);
//! assert!(matches!(file.look(), FileChange::Changed(bytes) if bytes == b"a"));
//! assert!(matches!(file.look(), FileChange::Unchanged));
//! # std::fs::remove_file(&path).unwrap();
//! ```

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a [`FileWatch::look`] found.
#[derive(Debug)]
pub enum FileChange {
    /// The same bytes as last time, or the same kind of read error.
    Unchanged,
    /// New content (the first look always reports what is there).
    Changed(Vec<u8>),
    /// The file cannot be read, and that was not the last thing reported.
    Unreadable(io::Error),
}

/// What the last look saw.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seen {
    Content(Vec<u8>),
    Unreadable(io::ErrorKind),
}

/// One file, and what was last seen of it.
#[derive(Debug, Clone)]
pub struct FileWatch {
    path: PathBuf,
    seen: Option<Seen>,
}

impl FileWatch {
    /// Nothing seen yet: the first look reports the file as it is.
    pub fn new(path: impl Into<PathBuf>) -> FileWatch {
        FileWatch {
            path: path.into(),
            seen: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file and says what changed since the last look.
    pub fn look(&mut self) -> FileChange {
        let (seen, change) = match std::fs::read(&self.path) {
            Ok(bytes) => (Seen::Content(bytes.clone()), FileChange::Changed(bytes)),
            Err(e) => (Seen::Unreadable(e.kind()), FileChange::Unreadable(e)),
        };
        if self.seen.as_ref() == Some(&seen) {
            return FileChange::Unchanged;
        }
        self.seen = Some(seen);
        change
    }

    /// Whether the last look found the file unreadable (an outage goes on while looks say
    /// [`FileChange::Unchanged`]).
    pub fn unreadable(&self) -> bool {
        matches!(self.seen, Some(Seen::Unreadable(_)))
    }

    /// Takes `bytes` as already seen (the content a caller loaded at start), so the next look
    /// reports only a change from it.
    pub fn seen(&mut self, bytes: &[u8]) {
        self.seen = Some(Seen::Content(bytes.to_vec()));
    }

    /// Forgets what was seen: the next look reports the file as it is (SIGHUP).
    pub fn forget(&mut self) {
        self.seen = None;
    }
}

/// Calls `look` every `period` (the first call after one period) until `stop` completes.
/// A slow `look` delays the next call rather than bunching calls up.
pub async fn poll_until(period: Duration, stop: impl Future<Output = ()>, mut look: impl FnMut()) {
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = ticks.tick() => look(),
            () = &mut stop => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("bosun-watch-{}-{name}", std::process::id()))
    }

    #[test]
    fn reports_each_change_once() {
        let path = temp("changes");
        std::fs::write(&path, "one").unwrap();
        let mut file = FileWatch::new(&path);
        assert!(matches!(file.look(), FileChange::Changed(b) if b == b"one"));
        assert!(matches!(file.look(), FileChange::Unchanged));
        std::fs::write(&path, "two").unwrap();
        assert!(matches!(file.look(), FileChange::Changed(b) if b == b"two"));
        std::fs::remove_file(&path).unwrap();
        assert!(
            matches!(file.look(), FileChange::Unreadable(e) if e.kind() == io::ErrorKind::NotFound)
        );
        assert!(
            matches!(file.look(), FileChange::Unchanged),
            "an outage is reported once"
        );
        assert!(file.unreadable());
        std::fs::write(&path, "two").unwrap();
        assert!(
            matches!(file.look(), FileChange::Changed(b) if b == b"two"),
            "back after an outage, even with the old bytes"
        );
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn seen_and_forget() {
        let path = temp("seen");
        std::fs::write(&path, "start").unwrap();
        let mut file = FileWatch::new(&path);
        file.seen(b"start");
        assert!(matches!(file.look(), FileChange::Unchanged));
        file.forget();
        assert!(matches!(file.look(), FileChange::Changed(b) if b == b"start"));
        std::fs::remove_file(&path).unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn polls_every_period_until_stopped() {
        let mut calls = 0;
        let stop = tokio::time::sleep(Duration::from_millis(3500));
        poll_until(Duration::from_secs(1), stop, || calls += 1).await;
        assert_eq!(calls, 3);
    }
}
