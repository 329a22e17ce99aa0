//! The host keys of one (target, node): which one the node's proxy presents, which ones the
//! record lists, and where a rotation stands.
//!
//! The node's *current* host key is its newest. A proxy moves to it only once clients can know
//! it: the record lists every host key of the node from the oldest one the proxy mounts now (its
//! spec, or a task of it that still runs) up, so a new key is listed as soon as it exists, next to
//! the one the proxy presents. The planner labels the new key `bosun.announced-at` in the pass
//! that publishes such a record (the record goes out before the pass's changes are applied), and
//! rolls the proxy `rotation.announce` later, and no sooner than `rotation.announce` after this
//! leader began publishing (a new leader does not rely on records its predecessor may not have
//! copied to Swarm for the followers to serve). The old key leaves the record once no task of the
//! proxy mounts it. A proxy made new (a node that had none) mounts the current key at once: its
//! endpoint and its key appear in the record together.

use std::time::Duration;

use bollard::models::{Secret, Service};

use super::clients::version;
use super::live;
use crate::model::names::{self, phase};
use crate::model::snapshot::{Snapshot, secret_labels, secret_name, secret_refs};

/// The host keys of one (target, node), oldest first.
#[derive(Debug)]
pub struct HostKeys<'a> {
    pub keys: Vec<&'a Secret>,
}

/// What a proxy on the node mounts, and where the rotation stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice<'a> {
    /// The host key secret the proxy's spec should mount.
    pub mount: &'a str,
    pub phase: &'static str,
    /// The current key must be labelled as announced now.
    pub announce_now: bool,
    /// The planner must look again within this long (the announce period runs).
    pub recheck: Option<Duration>,
}

impl<'a> HostKeys<'a> {
    pub fn read(snap: &'a Snapshot, target: &'a str, node: &'a str) -> HostKeys<'a> {
        let mut keys: Vec<&Secret> = snap
            .managed_secrets(target, names::KIND_HOST_KEY)
            .filter(|s| {
                secret_labels(s)
                    .and_then(|l| l.get(names::NODE))
                    .map(String::as_str)
                    == Some(node)
            })
            .collect();
        keys.sort_by_key(|s| version(s));
        HostKeys { keys }
    }

    pub fn current(&self) -> Option<&'a Secret> {
        self.keys.last().copied()
    }

    /// The host key `proxy` (the node's proxy, if it exists) should mount, at `now_ms`, with
    /// `announce` between listing a new key and presenting it. `None` when the node has no host
    /// key yet.
    pub fn choose(
        &self,
        snap: &Snapshot,
        proxy: Option<&Service>,
        now_ms: u64,
        announce: Duration,
    ) -> Option<Choice<'a>> {
        let current = self.current()?;
        let current_name = secret_name(current)?;
        let on = |mount, phase| Choice {
            mount,
            phase,
            announce_now: false,
            recheck: None,
        };
        let Some(proxy) = proxy else {
            return Some(on(current_name, self.settled_phase(true)));
        };
        let Some(presented) = self.in_spec(proxy) else {
            return Some(on(current_name, phase::DONE));
        };
        if presented == current_name {
            let rolled = live::settled(snap, proxy, |n| self.is_key(n));
            return Some(on(current_name, self.settled_phase(rolled)));
        }
        let announced = label_ms(current, names::ANNOUNCED_AT);
        let Some(at) = announced else {
            return Some(Choice {
                announce_now: true,
                recheck: Some(announce),
                ..on(presented, phase::ANNOUNCE)
            });
        };
        // counted from the later of the label and this leader's first record: a record that
        // a dead leader published, but maybe never copied to Swarm, is not relied on
        let since = match snap.publishing_since_ms {
            u64::MAX => now_ms,
            published => published,
        };
        let ready = at.max(since).saturating_add(duration_ms(announce));
        if now_ms < ready {
            return Some(Choice {
                recheck: Some(Duration::from_millis(ready - now_ms)),
                ..on(presented, phase::ANNOUNCE)
            });
        }
        Some(on(current_name, phase::ROLL_PROXY))
    }

    /// The phase of a proxy whose spec presents the current key.
    fn settled_phase(&self, rolled: bool) -> &'static str {
        match (rolled, self.keys.len() > 1) {
            (false, _) => phase::ROLL_PROXY,
            (true, true) => phase::CLEANUP,
            (true, false) => phase::DONE,
        }
    }

    /// The public keys the record lists for `proxy`: every host key of the node from the oldest
    /// one it mounts now up (the newest alone when it mounts none of them).
    pub fn listed(&self, snap: &Snapshot, proxy: &Service) -> Vec<&'a str> {
        let now = live::mounted_now(snap, proxy);
        let oldest = self
            .keys
            .iter()
            .position(|s| secret_name(s).is_some_and(|n| now.contains(n)))
            .unwrap_or(self.keys.len().saturating_sub(1));
        self.keys[oldest..]
            .iter()
            .filter_map(|s| secret_labels(s)?.get(names::PUBLIC_KEY).map(String::as_str))
            .collect()
    }

    /// The names of the host keys `proxy` mounts now (spec and running tasks).
    pub fn mounted_by(&self, snap: &Snapshot, proxy: &Service) -> Vec<&'a str> {
        let now = live::mounted_now(snap, proxy);
        self.keys
            .iter()
            .filter_map(|s| secret_name(s))
            .filter(|n| now.contains(n))
            .collect()
    }

    /// The host key of this node that `proxy`'s spec mounts.
    fn in_spec(&self, proxy: &Service) -> Option<&'a str> {
        secret_refs(proxy).iter().find_map(|r| {
            let name = r.secret_name.as_deref()?;
            self.keys
                .iter()
                .filter_map(|s| secret_name(s))
                .find(|n| *n == name)
        })
    }

    fn is_key(&self, name: &str) -> bool {
        self.keys.iter().any(|s| secret_name(s) == Some(name))
    }
}

/// A millisecond timestamp label.
fn label_ms(secret: &Secret, key: &str) -> Option<u64> {
    secret_labels(secret)?.get(key)?.parse().ok()
}

fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
