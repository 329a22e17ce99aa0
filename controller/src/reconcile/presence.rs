//! Whether a proxy is still needed on its node, and for how long it is kept when it is not.
//!
//! Swarm replaces tasks all the time: a restart waits out its delay, a stop-first update stops
//! the old task before the new one starts, a rebooting node takes its tasks down for a while.
//! For that time the target has no running task on the node, yet the proxy there must stay (a
//! recreated proxy would get a new service id, and commands would fail while it starts). So:
//!
//! * a node is *present* for a target while the target has a present task there
//!   (`crate::model::snapshot::is_present`: desired `running` or `ready`, from `new` to
//!   `running`);
//! * a proxy on a node that is not present is *absent*: it is kept for `intervals.absent_grace`,
//!   counted from the `bosun.absent-since` label the planner writes on it the first time it sees
//!   it absent (the controller keeps no state: the label carries the clock across restarts);
//! * after the grace the proxy is *expired* and removed. Its host key is not: that belongs to
//!   (target, node) and is reused when a proxy is needed there again.

use std::time::Duration;

use bollard::models::Service;

use crate::model::names;
use crate::model::snapshot::service_labels;

/// A proxy's standing, from its node and its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Its target has a present task on its node.
    Present,
    /// No task of its target on its node, within the grace: kept. `since` is the
    /// `bosun.absent-since` label (`None`: not written yet); `left` the rest of the grace.
    Absent { since: Option<u64>, left: Duration },
    /// Absent for longer than the grace: removed.
    Expired,
}

/// The standing of `proxy`, given the nodes where its target has present tasks, the grace,
/// and the snapshot's clock (Unix milliseconds).
pub fn presence(
    proxy: &Service,
    present_nodes: &[String],
    grace: Duration,
    now_ms: u64,
) -> Presence {
    let labels = service_labels(proxy);
    let on_present_node = labels
        .and_then(|l| l.get(names::NODE))
        .is_some_and(|node| present_nodes.contains(node));
    if on_present_node {
        return Presence::Present;
    }
    let since = labels
        .and_then(|l| l.get(names::ABSENT_SINCE))
        .and_then(|v| v.parse::<u64>().ok());
    let elapsed = Duration::from_millis(since.map_or(0, |t| now_ms.saturating_sub(t)));
    match grace.checked_sub(elapsed) {
        Some(left) if !left.is_zero() => Presence::Absent { since, left },
        _ => Presence::Expired,
    }
}
