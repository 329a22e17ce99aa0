//! bosun's operator: the reconcile for bosun's targets, plugged into the generic runner
//! (`crate::runner`) as its [`Reconciler`]. The runner owns the queue, the workers and the
//! backoff; this module owns what a target is.
//!
//! * [`reconcile`] — one target: read, plan, apply; the requeue decision and the error policy;
//! * [`resync`] — the full pass: list once, ensure the shared network ([`network`]), plan every
//!   target, refresh the discovery record, the wake-up index and the gauges;
//! * [`wakeups`] — Swarm's events, task polling and config reloads, turned into triggers
//!   through the [`index`] of which target each object belongs to.

pub mod index;
pub mod network;
pub mod reconcile;
pub mod resync;
pub mod wakeups;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use bosun_core::discovery::TargetRecord;
use tokio::sync::{mpsc, watch};

use crate::config::Config;
use crate::discovery::store::DiscoveryStore;
use crate::health::Health;
use crate::metrics::Metrics;
use crate::runner::{Action, Controller, Reconciler, lock};
use crate::swarm::engine::Engine;
use index::Index;
use reconcile::ReconcileError;

/// Everything the operator's tasks share.
pub struct Operator {
    engine: Engine,
    config: watch::Receiver<Arc<Config>>,
    store: DiscoveryStore,
    metrics: Metrics,
    health: Arc<Health>,
    index: Mutex<Index>,
    records: Mutex<BTreeMap<String, TargetRecord>>,
    problems: Mutex<BTreeSet<String>>,
    /// Set once a complete listing has been read: nothing is removed before.
    gc_allowed: AtomicBool,
}

impl Operator {
    pub fn new(
        engine: Engine,
        config: watch::Receiver<Arc<Config>>,
        store: DiscoveryStore,
        metrics: Metrics,
        health: Arc<Health>,
    ) -> Arc<Operator> {
        Arc::new(Operator {
            engine,
            config,
            store,
            metrics,
            health,
            index: Mutex::new(Index::default()),
            records: Mutex::new(BTreeMap::new()),
            problems: Mutex::new(BTreeSet::new()),
            gc_allowed: AtomicBool::new(false),
        })
    }

    fn config(&self) -> Arc<Config> {
        self.config.borrow().clone()
    }

    /// Runs forever: the wake-up sources feed the runner, which calls back into this.
    pub async fn run(self: Arc<Self>) {
        let (triggers, rx) = mpsc::unbounded_channel();
        self.clone().spawn_wakeups(triggers);
        Controller::new(self).run(rx).await;
    }

    /// Publishes the discovery record when an entry changed (and as a Docker config when the
    /// configuration asks for it).
    async fn publish(&self) {
        let records = lock(&self.records).clone();
        if let Some(generation) = self.store.publish(records) {
            self.metrics.discovery_generation.set(generation as i64);
            tracing::info!(generation, "discovery record changed");
            if self.config().discovery.docker_config {
                let record = self.store.current();
                if let Err(e) =
                    crate::discovery::docker_config::publish(&self.engine, &record).await
                {
                    tracing::warn!(error = %e, "publishing the discovery record as a Docker config");
                }
            }
        }
    }
}

impl Reconciler for Operator {
    type Error = ReconcileError;

    async fn reconcile(&self, target: &str) -> Result<Action, ReconcileError> {
        self.reconcile_counted(target).await
    }

    fn error_policy(&self, target: &str, error: &ReconcileError, attempts: u32) -> Action {
        reconcile::error_policy(target, error, attempts)
    }

    async fn resync(&self) -> Vec<String> {
        self.full_resync().await
    }

    fn resync_interval(&self) -> Duration {
        self.config().intervals.resync
    }

    fn queue_depth(&self, waiting: usize) {
        self.metrics.queue_depth.set(waiting as i64);
    }
}
