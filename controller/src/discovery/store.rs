//! The discovery record being served, in a `tokio::sync::watch`: the reconcile loop publishes
//! the targets' entries, HTTP handlers read the current record or wait for a newer one.
//!
//! Generation rules (docs/controller.md): the generation changes only when the content does,
//! and the new one is `max(previous + 1, Unix time in ms)`, so it keeps increasing across
//! controller restarts (a restarted controller starts from 0 and its first record is stamped
//! with the clock). Before the first publish the record is generation 0 with no targets:
//! "nothing published yet", which clients wait out.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bosun_core::discovery::{Record, TargetRecord};
use tokio::sync::watch;

use crate::swarm::observe::unix_millis;

/// The current record; cheap to clone (all clones share it).
#[derive(Clone)]
pub struct DiscoveryStore {
    tx: Arc<watch::Sender<Arc<Record>>>,
    clock: fn() -> u64,
    /// The newest generation known to be published on Swarm (`crate::discovery::shared`).
    on_swarm: Arc<AtomicU64>,
}

impl Default for DiscoveryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl DiscoveryStore {
    /// An empty store (generation 0) on the system clock.
    pub fn new() -> Self {
        Self::with_clock(unix_millis)
    }

    /// A store whose "now" (Unix milliseconds) comes from `clock`.
    pub fn with_clock(clock: fn() -> u64) -> Self {
        let (tx, _) = watch::channel(Arc::new(Record::new(0, BTreeMap::new())));
        Self {
            tx: Arc::new(tx),
            clock,
            on_swarm: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Replaces the targets. Returns the new generation when the record changed (the first
    /// publish always does), `None` when it is the same as the current one.
    pub fn publish(&self, targets: BTreeMap<String, TargetRecord>) -> Option<u64> {
        let now = (self.clock)();
        let mut published = None;
        self.tx.send_if_modified(|current| {
            if current.generation != 0 && current.targets == targets {
                return false;
            }
            let generation = current.generation.saturating_add(1).max(now);
            *current = Arc::new(Record::new(generation, targets));
            published = Some(generation);
            true
        });
        published
    }

    /// Serves `record` as it is, generation included, when it is newer than the current one
    /// (a follower serving the leader's record; a new leader starting from it). Returns whether
    /// it was taken.
    pub fn adopt(&self, record: Record) -> bool {
        self.published_on_swarm(record.generation);
        self.tx.send_if_modified(|current| {
            if record.generation <= current.generation {
                return false;
            }
            *current = Arc::new(record);
            true
        })
    }

    /// Generation `generation` is on Swarm (published, or read from there).
    pub fn published_on_swarm(&self, generation: u64) {
        self.on_swarm.fetch_max(generation, Ordering::SeqCst);
    }

    /// The newest generation known to be on Swarm.
    pub fn on_swarm(&self) -> u64 {
        self.on_swarm.load(Ordering::SeqCst)
    }

    /// The record being served.
    pub fn current(&self) -> Arc<Record> {
        self.tx.borrow().clone()
    }

    /// Waits until the generation differs from `generation`, at most `limit`: the new record,
    /// or `None` when the wait ended first. Returns at once when it already differs.
    pub async fn changed_from(&self, generation: u64, limit: Duration) -> Option<Arc<Record>> {
        let mut rx = self.tx.subscribe();
        let wait = rx.wait_for(|r| r.generation != generation);
        match tokio::time::timeout(limit, wait).await {
            Ok(Ok(record)) => Some(record.clone()),
            // The sender lives as long as `self`; a closed channel cannot happen here.
            Ok(Err(_)) | Err(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bosun_core::discovery::Endpoint;

    fn targets(hosts: &[&str]) -> BTreeMap<String, TargetRecord> {
        let record = TargetRecord {
            ssh_user: "bosun".into(),
            key_version: 1,
            endpoints: hosts
                .iter()
                .map(|h| Endpoint {
                    host: (*h).into(),
                    port: 2222,
                    node: "lab1".into(),
                    node_id: "n1".into(),
                })
                .collect(),
            host_keys: vec!["ssh-ed25519 AAAA".into()],
            commands: vec!["php occ status".into()],
            limits: Default::default(),
        };
        BTreeMap::from([("nextcloud".to_owned(), record)])
    }

    fn fixed_clock() -> u64 {
        1_000
    }

    #[test]
    fn the_generation_changes_only_with_the_content() {
        let store = DiscoveryStore::with_clock(fixed_clock);
        assert_eq!(store.current().generation, 0);
        assert!(store.current().targets.is_empty());
        // the first publish is stamped with the clock
        assert_eq!(store.publish(targets(&["a"])), Some(1_000));
        assert_eq!(store.publish(targets(&["a"])), None);
        // the clock did not move: previous + 1
        assert_eq!(store.publish(targets(&["a", "b"])), Some(1_001));
        assert_eq!(store.current().generation, 1_001);
        assert_eq!(store.current().targets, targets(&["a", "b"]));
        assert_eq!(
            store.current().schema_version,
            bosun_core::discovery::SCHEMA_VERSION
        );
    }

    #[test]
    fn the_first_publish_counts_even_when_there_are_no_targets() {
        let store = DiscoveryStore::with_clock(fixed_clock);
        assert_eq!(store.publish(BTreeMap::new()), Some(1_000));
        assert_eq!(store.publish(BTreeMap::new()), None);
    }

    #[test]
    fn the_generation_is_at_least_the_unix_time_so_it_grows_across_restarts() {
        let before = unix_millis();
        let first = DiscoveryStore::new();
        let g1 = first.publish(targets(&["a"])).unwrap();
        assert!(g1 >= before, "{g1} < {before}");
        // a restarted controller publishes the same content: a newer generation anyway
        std::thread::sleep(Duration::from_millis(2));
        let restarted = DiscoveryStore::new();
        let g2 = restarted.publish(targets(&["a"])).unwrap();
        assert!(g2 > g1, "{g2} <= {g1}");
    }

    #[test]
    fn a_newer_record_is_adopted_as_it_is_and_an_older_one_never() {
        let store = DiscoveryStore::with_clock(fixed_clock);
        assert!(store.adopt(Record::new(5_000, targets(&["a"]))));
        assert_eq!(store.current().generation, 5_000);
        // it came from Swarm: a new leader does not publish it again
        assert_eq!(store.on_swarm(), 5_000);
        assert!(!store.adopt(Record::new(4_000, targets(&["b"]))));
        assert!(!store.adopt(Record::new(5_000, targets(&["b"]))));
        assert_eq!(store.current().targets, targets(&["a"]));
        // the same content after an adoption is no change; new content continues from it
        assert_eq!(store.publish(targets(&["a"])), None);
        assert_eq!(store.publish(targets(&["c"])), Some(5_001));
    }

    #[tokio::test]
    async fn a_waiter_wakes_on_a_change() {
        let store = DiscoveryStore::with_clock(fixed_clock);
        let g = store.publish(targets(&["a"])).unwrap();
        let waiter = {
            let store = store.clone();
            tokio::spawn(async move { store.changed_from(g, Duration::from_secs(30)).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished());
        // the same content wakes nobody
        assert_eq!(store.publish(targets(&["a"])), None);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished());
        let g2 = store.publish(targets(&["b"])).unwrap();
        let record = waiter.await.unwrap().expect("woken by the change");
        assert_eq!(record.generation, g2);
        assert_eq!(record.targets, targets(&["b"]));
        // an already different generation answers at once
        let now = store.changed_from(g, Duration::ZERO).await.unwrap();
        assert_eq!(now.generation, g2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_without_change_times_out() {
        let store = DiscoveryStore::with_clock(fixed_clock);
        let g = store.publish(targets(&["a"])).unwrap();
        let started = tokio::time::Instant::now();
        assert_eq!(store.changed_from(g, Duration::from_secs(30)).await, None);
        assert_eq!(started.elapsed(), Duration::from_secs(30));
    }
}
