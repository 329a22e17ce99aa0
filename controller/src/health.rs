//! Liveness and readiness, as the operator (`crate::operator`) reports them and `/healthz` and
//! `/readyz` tell them.
//!
//! The watch is healthy while some list of Swarm (resync or task poll) succeeded within the
//! deadline: events alone prove nothing (Swarm drops them for slow readers and sometimes stops
//! sending them), a successful list does. Ready means the first full sync has completed.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Health {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    started: Instant,
    last_list_ok: Option<Instant>,
    last_error: Option<String>,
    events_connected: bool,
    synced: bool,
    deadline: Duration,
}

/// What `/healthz` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub healthy: bool,
    pub text: String,
}

impl Health {
    pub fn new(deadline: Duration) -> Health {
        Health {
            inner: Mutex::new(Inner {
                started: Instant::now(),
                last_list_ok: None,
                last_error: None,
                events_connected: false,
                synced: false,
                deadline,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_deadline(&self, deadline: Duration) {
        self.lock().deadline = deadline;
    }

    pub fn list_ok(&self) {
        let mut h = self.lock();
        h.last_list_ok = Some(Instant::now());
        h.last_error = None;
    }

    pub fn list_failed(&self, error: String) {
        self.lock().last_error = Some(error);
    }

    pub fn events(&self, connected: bool) {
        self.lock().events_connected = connected;
    }

    pub fn synced(&self) {
        self.lock().synced = true;
    }

    pub fn is_ready(&self) -> bool {
        self.lock().synced
    }

    pub fn verdict(&self) -> Verdict {
        self.verdict_at(Instant::now())
    }

    fn verdict_at(&self, now: Instant) -> Verdict {
        let h = self.lock();
        let since = h.last_list_ok.unwrap_or(h.started);
        let age = now.saturating_duration_since(since);
        let healthy = age <= h.deadline;
        let events = if h.events_connected {
            "connected"
        } else {
            "reconnecting"
        };
        let last = match h.last_list_ok {
            Some(_) => format!("last successful list {:.1}s ago", age.as_secs_f64()),
            None => format!(
                "no successful list yet ({:.1}s since start)",
                age.as_secs_f64()
            ),
        };
        let mut text = format!(
            "{}: {last} (deadline {}s); event stream {events}",
            if healthy { "ok" } else { "watch wedged" },
            h.deadline.as_secs()
        );
        if let Some(e) = &h.last_error {
            text.push_str(&format!("; last error: {e}"));
        }
        Verdict { healthy, text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unhealthy_once_no_list_succeeded_within_the_deadline() {
        let h = Health::new(Duration::from_secs(10));
        let t0 = Instant::now();
        assert!(
            h.verdict_at(t0).healthy,
            "a fresh controller gets its deadline"
        );
        assert!(!h.verdict_at(t0 + Duration::from_secs(11)).healthy);
        h.list_ok();
        assert!(h.verdict_at(Instant::now()).healthy);
        h.list_failed("connection refused".into());
        let v = h.verdict_at(Instant::now() + Duration::from_secs(11));
        assert!(!v.healthy);
        assert!(
            v.text.contains("watch wedged") && v.text.contains("connection refused"),
            "{}",
            v.text
        );
    }

    #[test]
    fn ready_only_after_the_first_sync() {
        let h = Health::new(Duration::from_secs(10));
        assert!(!h.is_ready());
        h.synced();
        assert!(h.is_ready());
    }
}
