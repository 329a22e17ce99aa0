//! The Engine event stream, kept connected. Swarm emits events for services, secrets, configs
//! and nodes (never for tasks), only on managers, drops them for slow readers and sometimes
//! stops: so events are only a hint that makes reconciles prompt, and every reconnect asks for
//! a full resync to cover what was missed. Reconnects back off with jitter; the backoff resets
//! once a connection has stayed up for a healthy period.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use bollard::models::{EventMessage, EventMessageTypeEnum};
use bollard::query_parameters::EventsOptions;
use futures::{Stream, StreamExt};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::engine::Engine;
use crate::health::Health;
use crate::metrics::Metrics;
use crate::model::names;
use bosun_core::backoff::Backoff;

/// A connection that lasted this long resets the reconnect backoff.
const HEALTHY_PERIOD: Duration = Duration::from_secs(30);

/// What an event means to the controller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wake {
    Service {
        id: String,
        name: String,
    },
    Secret {
        name: String,
    },
    /// A config changed (not a lease: those change at every renewal and concern no target).
    Config {
        name: String,
    },
    /// A node changed, or the stream (re)connected: resync everything.
    Everything,
}

/// Follows the event stream forever, sending [`Wake`]s.
pub async fn follow(
    engine: Engine,
    tx: mpsc::UnboundedSender<Wake>,
    health: Arc<Health>,
    metrics: Metrics,
) {
    let mut backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
    let mut first = true;
    loop {
        if !first {
            metrics.watch_restarts.inc();
        }
        first = false;
        let connected_at = Instant::now();
        let stream = engine.docker().events(Some(options()));
        // The daemon sends nothing until something happens, so a stream that has not failed
        // counts as connected; a refused connection fails at once. Every (re)connect asks for
        // a resync, for what happened while no one was listening.
        mark(&health, &metrics, true);
        if tx.send(Wake::Everything).is_err() {
            return;
        }
        let Some(end) = forward(stream, &tx).await else {
            return;
        };
        mark(&health, &metrics, false);
        if connected_at.elapsed() >= HEALTHY_PERIOD {
            backoff.reset();
        }
        let delay = backoff.next_delay();
        tracing::warn!(error = %end, retry_in_ms = delay.as_millis() as u64, "event stream lost; reconnecting");
        tokio::time::sleep(delay).await;
    }
}

/// Only the object types the controller acts on.
fn options() -> EventsOptions {
    EventsOptions {
        filters: Some(HashMap::from([(
            "type".to_string(),
            vec![
                "service".into(),
                "secret".into(),
                "config".into(),
                "node".into(),
            ],
        )])),
        ..Default::default()
    }
}

/// Sends the wake-ups of a stream's events until it fails or ends (why, then), or until no
/// one listens (`None`).
async fn forward(
    mut stream: impl Stream<Item = Result<EventMessage, bollard::errors::Error>> + Unpin,
    tx: &mpsc::UnboundedSender<Wake>,
) -> Option<String> {
    loop {
        match stream.next().await {
            Some(Ok(event)) => {
                if let Some(wake) = meaning(&event) {
                    tx.send(wake).ok()?;
                }
            }
            Some(Err(e)) => return Some(e.to_string()),
            None => return Some("the stream ended".to_string()),
        }
    }
}

fn mark(health: &Health, metrics: &Metrics, connected: bool) {
    health.events(connected);
    metrics.watch_connected.set(i64::from(connected));
}

/// The wake-up an event asks for, if any.
pub fn meaning(event: &EventMessage) -> Option<Wake> {
    let actor = event.actor.as_ref();
    let id = actor.and_then(|a| a.id.clone()).unwrap_or_default();
    let name = actor
        .and_then(|a| a.attributes.as_ref())
        .and_then(|a| a.get("name"))
        .cloned()
        .unwrap_or_default();
    match event.typ? {
        EventMessageTypeEnum::SERVICE => Some(Wake::Service { id, name }),
        EventMessageTypeEnum::SECRET => Some(Wake::Secret { name }),
        EventMessageTypeEnum::CONFIG if names::is_lease_config(&name) => None,
        EventMessageTypeEnum::CONFIG => Some(Wake::Config { name }),
        EventMessageTypeEnum::NODE => Some(Wake::Everything),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::EventActor;

    fn event(typ: EventMessageTypeEnum, id: &str, name: &str) -> EventMessage {
        EventMessage {
            typ: Some(typ),
            action: Some("update".into()),
            actor: Some(EventActor {
                id: Some(id.into()),
                attributes: Some(HashMap::from([("name".to_string(), name.to_string())])),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn events_become_wake_ups() {
        assert_eq!(
            meaning(&event(EventMessageTypeEnum::SERVICE, "s1", "nextcloud")),
            Some(Wake::Service {
                id: "s1".into(),
                name: "nextcloud".into()
            })
        );
        assert_eq!(
            meaning(&event(
                EventMessageTypeEnum::SECRET,
                "x",
                "bosun-a-client-key-v1"
            )),
            Some(Wake::Secret {
                name: "bosun-a-client-key-v1".into()
            })
        );
        assert_eq!(
            meaning(&event(EventMessageTypeEnum::NODE, "n", "lab2")),
            Some(Wake::Everything)
        );
        assert_eq!(
            meaning(&event(
                EventMessageTypeEnum::CONFIG,
                "c",
                "bosun-discovery-v7"
            )),
            Some(Wake::Config {
                name: "bosun-discovery-v7".into()
            })
        );
        // renewals of any instance's lease wake nobody
        for lease in ["bosun-lease", "staging--lease"] {
            assert_eq!(
                meaning(&event(EventMessageTypeEnum::CONFIG, "c", lease)),
                None
            );
        }
        assert_eq!(
            meaning(&event(EventMessageTypeEnum::CONTAINER, "c", "x")),
            None
        );
    }
}
