//! Which of the target's containers Swarm has begun to stop, learned from this node's engine
//! events, so that no new command starts in one: it would be killed with the container, or
//! not start at all (runc answers 126 while the container goes down).
//!
//! Swarm stops a task's container as `docker stop` does: the container's stop signal (SIGTERM
//! unless the image or the service names another, as Apache's SIGWINCH), then SIGKILL after the
//! grace period. Each shows up as a `kill` event with a `signal` attribute. A kill with any
//! other signal (SIGHUP to reload, SIGUSR1) is no stop and changes nothing. A container that
//! starts again (`start`) or is removed (`destroy`) leaves the set; so does any entry after
//! [`FORGET_AFTER`], since events are a hint, never the truth.
//!
//! Like a kube-rs watcher it lists, then watches: every (re)connection first replays the
//! engine's events up to now, from the last one seen (at the very first, from [`REPLAY`] ago),
//! a finite answer; only then does it follow the stream from there, so nothing between the
//! two is lost. The first command waits (briefly) for the first replay: [`Stopping::synced`].

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bollard::Docker;
use bollard::models::EventMessage;
use bollard::query_parameters::EventsOptions;
use bosun_core::backoff::Backoff;
use futures::StreamExt;
use nix::sys::signal::Signal;
use tokio::sync::watch;
use tokio::time::Instant;

/// How far back the first replay reaches: a proxy (re)started while its target stops learns it.
const REPLAY: Duration = Duration::from_secs(120);

/// An entry no event has ended is dropped after this long (a container that ignores its stop
/// signal and is never killed is usable again).
const FORGET_AFTER: Duration = Duration::from_secs(3600);

/// The Swarm label naming a task container's service.
const SERVICE_NAME_LABEL: &str = "com.docker.swarm.service.name";

/// The containers of one service that were told to stop, and whether the watch has caught up.
#[derive(Debug)]
pub struct Stopping {
    since: Mutex<HashMap<String, Instant>>,
    synced: watch::Sender<bool>,
}

impl Stopping {
    pub fn new() -> Arc<Stopping> {
        Arc::new(Stopping {
            since: Mutex::default(),
            synced: watch::Sender::new(false),
        })
    }

    /// Whether container `id` was told to stop (and has not started again).
    pub fn contains(&self, id: &str) -> bool {
        let mut since = self.lock();
        since.retain(|_, at| at.elapsed() < FORGET_AFTER);
        since.contains_key(id)
    }

    /// Waits (at most `within`) until the first replay is done; whether it is.
    pub async fn synced(&self, within: Duration) -> bool {
        let mut synced = self.synced.subscribe();
        tokio::time::timeout(within, synced.wait_for(|done| *done))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    /// Follows `service`'s container events on `docker`, for as long as the runtime lives.
    pub fn follow(self: &Arc<Self>, docker: Docker, service: String) {
        tokio::spawn(follow(Arc::clone(self), docker, service));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Instant>> {
        self.since
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes in one event.
    async fn apply(&self, docker: &Docker, event: &EventMessage) {
        let Some(actor) = &event.actor else { return };
        let Some(id) = actor.id.as_deref() else {
            return;
        };
        match event.action.as_deref() {
            Some("kill") => {
                let signal = actor.attributes.as_ref().and_then(|a| a.get("signal"));
                if is_stop(docker, id, signal.map(String::as_str)).await {
                    tracing::debug!(container = id, "the container was told to stop");
                    self.lock().insert(id.to_owned(), Instant::now());
                }
            }
            Some("start" | "destroy") => {
                self.lock().remove(id);
            }
            _ => {}
        }
    }
}

/// Replays, then follows, reconnecting with backoff, forever.
async fn follow(stopping: Arc<Stopping>, docker: Docker, service: String) {
    let mut since = unix_now().saturating_sub(REPLAY);
    let mut backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
    loop {
        let until = unix_now();
        let replayed = events(&stopping, &docker, &service, &mut since, Some(until)).await;
        let end = match replayed {
            Ok(()) => {
                stopping.synced.send_replace(true);
                since = since.max(until);
                backoff.reset();
                events(&stopping, &docker, &service, &mut since, None).await
            }
            Err(e) => Err(e),
        };
        let why = end.err().unwrap_or_else(|| "the stream ended".into());
        let delay = backoff.next_delay();
        tracing::warn!(error = %why, retry_in_ms = delay.as_millis() as u64, "engine events lost; reconnecting");
        tokio::time::sleep(delay).await;
    }
}

/// Takes in `service`'s container events from `since` (moved past each one) to `until` (none:
/// without end). `Ok` when a bounded replay is done, or the stream ended.
async fn events(
    stopping: &Stopping,
    docker: &Docker,
    service: &str,
    since: &mut Duration,
    until: Option<Duration>,
) -> Result<(), String> {
    let options = EventsOptions {
        since: Some(timestamp(*since)),
        until: until.map(timestamp),
        filters: Some(HashMap::from([
            ("type".to_owned(), vec!["container".to_owned()]),
            (
                "event".to_owned(),
                vec!["kill".into(), "start".into(), "destroy".into()],
            ),
            (
                "label".to_owned(),
                vec![format!("{SERVICE_NAME_LABEL}={service}")],
            ),
        ])),
    };
    let mut stream = docker.events(Some(options));
    while let Some(event) = stream.next().await {
        let event = event.map_err(|e| e.to_string())?;
        stopping.apply(docker, &event).await;
        if let Some(at) = event.time_nano.and_then(|n| u64::try_from(n).ok()) {
            *since = (*since).max(Duration::from_nanos(at));
        }
    }
    Ok(())
}

/// Whether a kill with `signal` (a number, as the engine writes it) stops container `id`: it is
/// SIGKILL, or the container's stop signal (SIGTERM when it names none). A container that is
/// gone counts as stopped.
async fn is_stop(docker: &Docker, id: &str, signal: Option<&str>) -> bool {
    let Some(sent) = signal.and_then(parse_signal) else {
        return false;
    };
    if sent == Signal::SIGKILL as i32 {
        return true;
    }
    match docker.inspect_container(id, None).await {
        Ok(container) => {
            let configured = container.config.and_then(|c| c.stop_signal);
            stop_signal(configured.as_deref()) == Some(sent)
        }
        Err(_) => true,
    }
}

/// The number of a container's configured stop signal (Docker's forms: `SIGTERM`, `TERM`,
/// `term`, `15`); SIGTERM when none is set; `None` when it names no signal known here.
fn stop_signal(configured: Option<&str>) -> Option<i32> {
    match configured.map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(Signal::SIGTERM as i32),
        Some(text) => parse_signal(text),
    }
}

/// A signal given as a number or a name, with or without `SIG`, in any case.
fn parse_signal(text: &str) -> Option<i32> {
    if let Ok(number) = text.parse::<i32>() {
        return Some(number);
    }
    let upper = text.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    Signal::from_str(&format!("SIG{name}"))
        .ok()
        .map(|s| s as i32)
}

/// Time since the Unix epoch (zero if the clock is before it).
fn unix_now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// The engine's timestamp form: seconds and nanoseconds.
fn timestamp(t: Duration) -> String {
    format!("{}.{:09}", t.as_secs(), t.subsec_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_are_read_in_every_form_docker_accepts() {
        for text in ["15", "SIGTERM", "TERM", "term", "SigTerm"] {
            assert_eq!(parse_signal(text), Some(15), "{text}");
        }
        assert_eq!(parse_signal("SIGWINCH"), Some(28));
        assert_eq!(parse_signal("SIGNOPE"), None);
        assert_eq!(parse_signal(""), None);
    }

    #[test]
    fn the_stop_signal_is_sigterm_unless_the_container_names_another() {
        assert_eq!(stop_signal(None), Some(15));
        assert_eq!(stop_signal(Some("")), Some(15));
        assert_eq!(stop_signal(Some("SIGWINCH")), Some(28));
        assert_eq!(stop_signal(Some("3")), Some(3));
    }

    #[test]
    fn timestamps_have_nine_digits_of_nanoseconds() {
        assert_eq!(
            timestamp(Duration::new(1_700_000_000, 5)),
            "1700000000.000000005"
        );
    }

    #[tokio::test]
    async fn a_told_container_is_forgotten_when_it_starts_again_or_is_removed() {
        let stopping = Stopping::new();
        // a socket nobody answers on: no event here needs an inspect
        let dir = std::env::temp_dir().join(format!("bosun-stopping-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("silent.sock");
        let _ = std::fs::remove_file(&path);
        let _listener = tokio::net::UnixListener::bind(&path).unwrap();
        let path = path.to_str().unwrap();
        let docker = Docker::connect_with_unix(path, 1, bollard::API_DEFAULT_VERSION).unwrap();
        let event = |action: &str, signal: Option<&str>| EventMessage {
            action: Some(action.into()),
            actor: Some(bollard::models::EventActor {
                id: Some("c1".into()),
                attributes: Some(
                    signal
                        .map(|s| HashMap::from([("signal".to_owned(), s.to_owned())]))
                        .unwrap_or_default(),
                ),
            }),
            ..Default::default()
        };
        stopping.apply(&docker, &event("kill", Some("9"))).await;
        assert!(stopping.contains("c1"));
        stopping.apply(&docker, &event("start", None)).await;
        assert!(!stopping.contains("c1"));
        stopping.apply(&docker, &event("kill", Some("9"))).await;
        stopping.apply(&docker, &event("destroy", None)).await;
        assert!(!stopping.contains("c1"));
        // a kill without a signal it can read is no stop
        stopping.apply(&docker, &event("kill", Some("x"))).await;
        assert!(!stopping.contains("c1"));
    }
}
