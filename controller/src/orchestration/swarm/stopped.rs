//! When a clone was stopped, and which stopped clones the cleanup removes
//! (`orchestration.cleanup_stopped_after`). Pure: services and a clock in, a choice out.
//!
//! Swarm keeps no "stopped since": a service scaled to 0 looks the same an hour or a year
//! later. So `POST …/stop` writes the instant it scaled the clone to 0 into the service's own
//! label [`STOPPED_AT`] (Unix ms), and `…/start` drops it: the clock survives a controller
//! restart or a new leader, like every other piece of state (architecture §2).
//!
//! A clone is due when it wants no replica, carries the label, and the label is older than the
//! setting. A clone scaled to 0 by other means (`docker service scale`) has no label and is
//! never removed by the cleanup: nothing says how long it has been stopped.

use std::time::Duration;

use bollard::models::{Service, ServiceSpec};

use super::view;
use crate::model::names::STOPPED_AT;

/// When `service` was stopped through the API (Unix ms), if its label says so.
pub fn stopped_at(service: &Service) -> Option<u64> {
    service
        .spec
        .as_ref()?
        .labels
        .as_ref()?
        .get(STOPPED_AT)?
        .parse()
        .ok()
}

/// Writes the stop's clock onto `spec`, which is being scaled to `replicas`: a stop stamps
/// `now_ms` unless the clone was stopped already (a second stop keeps the first instant); a
/// start drops the label.
pub fn mark(spec: &mut ServiceSpec, replicas: i64, now_ms: u64) {
    let was_stopped = spec
        .mode
        .as_ref()
        .and_then(|m| m.replicated.as_ref()?.replicas)
        == Some(0);
    let labels = spec.labels.get_or_insert_default();
    if replicas > 0 {
        labels.remove(STOPPED_AT);
    } else if !(was_stopped && labels.contains_key(STOPPED_AT)) {
        labels.insert(STOPPED_AT.into(), now_ms.to_string());
    }
}

/// Whether `service` (a clone) has been stopped for longer than `after` at `now_ms`.
pub fn is_due(service: &Service, now_ms: u64, after: Duration) -> bool {
    if view::replicas(service) != 0 {
        return false;
    }
    let after_ms = u64::try_from(after.as_millis()).unwrap_or(u64::MAX);
    stopped_at(service).is_some_and(|at| now_ms.saturating_sub(at) > after_ms)
}

/// The clones of `instance` among `services` that the cleanup removes at `now_ms`.
pub fn due<'a>(
    services: &'a [Service],
    instance: &str,
    now_ms: u64,
    after: Duration,
) -> Vec<&'a Service> {
    services
        .iter()
        .filter(|s| view::is_clone(s, instance, None))
        .filter(|s| is_due(s, now_ms, after))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::names;

    const HOUR: Duration = Duration::from_secs(3600);
    const NOW: u64 = 1_700_000_000_000;

    fn clone(instance: &str, replicas: i64, stopped_at: Option<u64>) -> Service {
        let mut service = view::tests::clone_service(replicas);
        let labels = service
            .spec
            .get_or_insert_default()
            .labels
            .get_or_insert_default();
        labels.insert(names::INSTANCE.into(), instance.into());
        if let Some(at) = stopped_at {
            labels.insert(STOPPED_AT.into(), at.to_string());
        }
        service.id = Some(format!("{instance}-{replicas}-{stopped_at:?}"));
        service
    }

    fn ids(services: &[&Service]) -> Vec<String> {
        services.iter().filter_map(|s| s.id.clone()).collect()
    }

    #[test]
    fn only_clones_stopped_through_the_api_for_longer_than_the_setting_are_due() {
        let long_ago = NOW - 2 * HOUR.as_millis() as u64;
        let just_now = NOW - 60_000;
        let exactly = NOW - HOUR.as_millis() as u64;
        let services = [
            clone("bosun", 0, Some(long_ago)),
            clone("bosun", 0, Some(just_now)),
            clone("bosun", 0, Some(exactly)),
            // started again by hand: the label is stale, the clone runs
            clone("bosun", 1, Some(long_ago)),
            // scaled to 0 by other means: nobody knows since when
            clone("bosun", 0, None),
            // another instance's
            clone("blue", 0, Some(long_ago)),
        ];
        let due = due(&services, "bosun", NOW, HOUR);
        assert_eq!(ids(&due), vec![format!("bosun-0-Some({long_ago})")]);
    }

    #[test]
    fn a_label_that_is_not_a_number_never_makes_a_clone_due() {
        let mut service = clone("bosun", 0, None);
        if let Some(labels) = service.spec.as_mut().and_then(|s| s.labels.as_mut()) {
            labels.insert(STOPPED_AT.into(), "yesterday".into());
        }
        assert_eq!(stopped_at(&service), None);
        assert!(!is_due(&service, NOW, Duration::ZERO));
    }

    #[test]
    fn a_clock_behind_the_label_does_not_make_a_clone_due() {
        let service = clone("bosun", 0, Some(NOW + 5_000));
        assert!(!is_due(&service, NOW, Duration::ZERO));
    }

    #[test]
    fn stop_stamps_once_and_start_drops_the_stamp() {
        let mut spec = clone("bosun", 1, None).spec.unwrap_or_default();
        mark(&mut spec, 0, NOW);
        let label = |spec: &ServiceSpec| spec.labels.as_ref()?.get(STOPPED_AT).cloned();
        assert_eq!(label(&spec), Some(NOW.to_string()));

        // the update scales it to 0; a second stop keeps the first instant
        if let Some(r) = spec.mode.as_mut().and_then(|m| m.replicated.as_mut()) {
            r.replicas = Some(0);
        }
        mark(&mut spec, 0, NOW + 1_000);
        assert_eq!(label(&spec), Some(NOW.to_string()));

        mark(&mut spec, 1, NOW + 2_000);
        assert_eq!(label(&spec), None);
    }

    #[test]
    fn a_stop_after_a_start_by_hand_stamps_afresh() {
        // the label survived a `docker service scale …=1`: the clone runs, the stamp is stale
        let mut spec = clone("bosun", 1, Some(NOW - 10_000))
            .spec
            .unwrap_or_default();
        mark(&mut spec, 0, NOW);
        let at = spec
            .labels
            .as_ref()
            .and_then(|l| l.get(STOPPED_AT))
            .cloned();
        assert_eq!(at, Some(NOW.to_string()));
    }
}
