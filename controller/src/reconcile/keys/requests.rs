//! When a key is due for a new version: its schedule (`rotation.client_keys`,
//! `rotation.host_keys`) or a pending rotation request (`bosun-controller rotate`, a config on
//! Swarm).
//!
//! A request covers some keys of its target (every client key, one client's, or every host
//! key). It is pending for a key while that key was made before the request (both times are
//! Swarm's own `CreatedAt`, from the managers' clock): a request that arrives while the key
//! rotates is not lost, it starts the next rotation once this one is done. Once no key it covers
//! is older than it, it has been carried out and the planner removes it.

use std::time::Duration;

use crate::model::request::{ListedRequest, Rotate};
use crate::model::snapshot::Snapshot;

/// One pending rotation request of a target.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub id: &'a str,
    pub name: String,
    /// Swarm's `CreatedAt` of the request (0 when unreadable).
    pub created_ms: u64,
    /// What it asks for, or why it cannot be read.
    pub asked: Result<Rotate, String>,
}

impl Request<'_> {
    /// Whether it asks for a new key of `client`.
    pub fn covers_client(&self, client: &str) -> bool {
        match &self.asked {
            Ok(Rotate::ClientKeys { client: None }) => true,
            Ok(Rotate::ClientKeys { client: Some(c) }) => c == client,
            _ => false,
        }
    }

    pub fn covers_host_keys(&self) -> bool {
        self.asked == Ok(Rotate::HostKeys)
    }
}

/// The target's pending requests, oldest first.
pub fn pending<'a>(snap: &'a Snapshot, target: &'a str) -> Vec<Request<'a>> {
    let mut found: Vec<Request> = snap
        .requests_for(target)
        .filter_map(|config| {
            let listed = ListedRequest::of(config);
            Some(Request {
                id: config.id.as_deref()?,
                name: listed.name,
                created_ms: listed.created_ms.unwrap_or(0),
                asked: listed.request.map(|r| r.rotate),
            })
        })
        .collect();
    found.sort_by_key(|r| r.created_ms);
    found
}

/// Why a key made at `created_ms` needs a new version at `now_ms`, if it does: its `schedule`
/// (`None`: off) has run out, or a request in `asking` (the creation times of the requests that
/// cover it) came after it. A key whose creation time is unknown (0) is never due by schedule.
pub fn due(
    created_ms: u64,
    now_ms: u64,
    schedule: Option<Duration>,
    mut asking: impl Iterator<Item = u64>,
) -> Option<&'static str> {
    if asking.any(|requested| requested > created_ms) {
        return Some("a rotation was requested");
    }
    let period = u64::try_from(schedule?.as_millis()).unwrap_or(u64::MAX);
    (created_ms > 0 && now_ms.saturating_sub(created_ms) >= period)
        .then_some("its rotation period has passed")
}

/// How long until a key made at `created_ms` is due by its `schedule`.
pub fn until_due(created_ms: u64, now_ms: u64, schedule: Option<Duration>) -> Option<Duration> {
    if created_ms == 0 {
        return None;
    }
    let period = u64::try_from(schedule?.as_millis()).unwrap_or(u64::MAX);
    let due_at = created_ms.saturating_add(period);
    Some(Duration::from_millis(due_at.saturating_sub(now_ms)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: Duration = Duration::from_secs(86_400);

    #[test]
    fn a_key_is_due_by_its_schedule_or_by_a_later_request() {
        let made = 1_000_000;
        assert_eq!(due(made, made + 1, Some(DAY), std::iter::empty()), None);
        assert_eq!(
            due(made, made + 86_400_000, Some(DAY), std::iter::empty()),
            Some("its rotation period has passed")
        );
        assert_eq!(
            due(made, made + 10 * 86_400_000, None, std::iter::empty()),
            None
        );
        // a request made before the key was: already carried out by it
        assert_eq!(due(made, made + 1, None, [made - 1].into_iter()), None);
        assert_eq!(
            due(made, made + 1, None, [made - 1, made + 5].into_iter()),
            Some("a rotation was requested")
        );
        assert_eq!(
            until_due(made, made + 1000, Some(DAY)),
            Some(Duration::from_millis(86_400_000 - 1000))
        );
        assert_eq!(until_due(made, made, None), None);
        assert_eq!(due(0, made, Some(DAY), std::iter::empty()), None);
    }
}
