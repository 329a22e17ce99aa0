//! How fast the controller puts back a proxy someone removed: the time from the Engine's
//! `remove` event of the proxy service to the `create` event of a service of the same name,
//! both timestamped by the manager (`timeNano`), so the figure does not include how fast the
//! benchmark itself notices.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use bollard::Docker;
use bollard::models::EventMessage;
use bollard::query_parameters::EventsOptions;
use futures::StreamExt;
use serde::Serialize;

/// One removal and re-creation.
#[derive(Debug, Clone, Serialize)]
pub struct Recreated {
    pub proxy: String,
    pub removed_ns: i64,
    pub created_ns: i64,
    pub latency_ms: f64,
}

/// A service event: action (`create`, `update`, `remove`), service name and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEvent {
    pub action: String,
    pub name: String,
    pub time_ns: i64,
}

impl ServiceEvent {
    pub fn from_message(m: &EventMessage) -> Option<ServiceEvent> {
        let name = m.actor.as_ref()?.attributes.as_ref()?.get("name")?.clone();
        Some(ServiceEvent {
            action: m.action.clone()?,
            name,
            time_ns: m.time_nano?,
        })
    }
}

/// Follows `events` to the first `remove` of `name` at or after `after_ns` and the first
/// `create` of `name` after that; returns both times. `None` until both have been seen.
#[derive(Debug, Clone)]
pub struct Matcher {
    name: String,
    after_ns: i64,
    removed_ns: Option<i64>,
}

impl Matcher {
    pub fn new(name: &str, after_ns: i64) -> Matcher {
        Matcher {
            name: name.to_owned(),
            after_ns,
            removed_ns: None,
        }
    }

    /// Feeds one event; `Some((removed, created))` once the pair is complete.
    pub fn feed(&mut self, e: &ServiceEvent) -> Option<(i64, i64)> {
        if e.name != self.name || e.time_ns < self.after_ns {
            return None;
        }
        match (self.removed_ns, e.action.as_str()) {
            (None, "remove") => {
                self.removed_ns = Some(e.time_ns);
                None
            }
            (Some(removed), "create") if e.time_ns >= removed => Some((removed, e.time_ns)),
            _ => None,
        }
    }
}

fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// Removes the service `proxy` through `docker` (a manager) and waits up to `timeout` for the
/// controller to create it again.
pub async fn remove_and_time(docker: &Docker, proxy: &str, timeout: Duration) -> Result<Recreated> {
    // Events are replayed from `since`: the stream cannot miss the removal even though the
    // request is only sent when it is first polled.
    let before_ns = now_ns();
    let since = (before_ns / 1_000_000_000 - 1).to_string();
    let options = EventsOptions {
        since: Some(since),
        until: None,
        filters: Some(HashMap::from([(
            "type".to_owned(),
            vec!["service".to_owned()],
        )])),
    };
    let mut events = docker.events(Some(options));
    docker
        .delete_service(proxy)
        .await
        .with_context(|| format!("removing proxy service {proxy}"))?;
    let mut matcher = Matcher::new(proxy, before_ns);
    let found = tokio::time::timeout(timeout, async {
        while let Some(event) = events.next().await {
            let event = event.context("reading the Engine's event stream")?;
            if let Some(pair) = ServiceEvent::from_message(&event)
                .as_ref()
                .and_then(|e| matcher.feed(e))
            {
                return Ok(pair);
            }
        }
        bail!("the event stream ended")
    })
    .await;
    let (removed_ns, created_ns) = match found {
        Ok(pair) => pair?,
        Err(_) => bail!("{proxy} was not created again within {timeout:?} of its removal"),
    };
    Ok(Recreated {
        proxy: proxy.to_owned(),
        removed_ns,
        created_ns,
        latency_ms: (created_ns - removed_ns) as f64 / 1e6,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::EventActor;

    fn ev(action: &str, name: &str, t: i64) -> ServiceEvent {
        ServiceEvent {
            action: action.into(),
            name: name.into(),
            time_ns: t,
        }
    }

    #[test]
    fn the_pair_is_the_first_remove_then_the_next_create_of_that_name() {
        let mut m = Matcher::new("p", 100);
        assert_eq!(m.feed(&ev("create", "p", 90)), None); // before the removal was asked
        assert_eq!(m.feed(&ev("remove", "p", 95)), None); // an older removal
        assert_eq!(m.feed(&ev("create", "p", 105)), None); // no removal seen yet
        assert_eq!(m.feed(&ev("remove", "q", 110)), None); // another service
        assert_eq!(m.feed(&ev("remove", "p", 120)), None);
        assert_eq!(m.feed(&ev("update", "p", 130)), None);
        assert_eq!(m.feed(&ev("create", "q", 140)), None);
        assert_eq!(m.feed(&ev("create", "p", 150)), Some((120, 150)));
    }

    #[test]
    fn events_are_read_from_the_engines_message() {
        let m = EventMessage {
            action: Some("remove".into()),
            actor: Some(EventActor {
                id: Some("abc".into()),
                attributes: Some(HashMap::from([("name".into(), "p".into())])),
            }),
            time_nano: Some(42),
            ..Default::default()
        };
        assert_eq!(ServiceEvent::from_message(&m), Some(ev("remove", "p", 42)));
        assert_eq!(ServiceEvent::from_message(&EventMessage::default()), None);
    }
}
