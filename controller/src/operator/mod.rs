//! bosun's operator: the reconcile for bosun's targets, plugged into the generic runner
//! (`crate::runner`) as its [`Reconciler`]. The runner owns the queue, the workers and the
//! backoff; this module owns what a target is.
//!
//! * [`reconcile`] — one target: read, plan, apply; the requeue decision and the error policy;
//! * [`resync`] — the full pass: list once, ensure the shared network ([`network`]), plan every
//!   target, refresh the discovery record, the wake-up index and the gauges;
//! * [`wakeups`] — Swarm's events, task polling, config reloads and taking the lease, turned
//!   into triggers through the [`index`] of which target each object belongs to.
//!
//! The operator holds the controller's record signing keys ([`Operator::signer`], the same
//! `Arc` the discovery store signs with): the reconcile reads the trust file clients must
//! mount from it.
//!
//! Only the replica that holds the lease (`crate::lease`) changes anything. A follower reads
//! as the leader does (so its `/healthz`, `/v1/status` and metrics are live), serves the
//! leader's discovery record (`crate::discovery::shared`), and reconciles nothing; when it
//! takes the lease it resyncs at once. Its Engine handle is fenced as well: were it to try a
//! write, the write would not go out.

pub mod index;
pub mod network;
pub mod reconcile;
pub mod resync;
pub mod signing;
pub mod wakeups;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use bosun_core::discovery::TargetRecord;
use tokio::sync::{mpsc, watch};

use crate::config::Config;
use crate::discovery::signer::Signer;
use crate::discovery::store::DiscoveryStore;
use crate::health::Health;
use crate::lease::run::Lease;
use crate::metrics::Metrics;
use crate::model::snapshot::TrustFile;
use crate::reconcile::status::Status;
use crate::runner::{Action, Controller, Reconciler, lock};
use crate::swarm::engine::Engine;
use index::Index;
use reconcile::ReconcileError;

/// The latest status, shared with the HTTP listener.
pub type StatusBoard = Arc<Mutex<Status>>;

/// Everything the operator's tasks share.
pub struct Operator {
    engine: Engine,
    config: watch::Receiver<Arc<Config>>,
    store: DiscoveryStore,
    /// The record signing keys (the store's): their trust file is what clients must mount.
    signer: Arc<Signer>,
    metrics: Metrics,
    health: Arc<Health>,
    index: Mutex<Index>,
    records: Mutex<BTreeMap<String, TargetRecord>>,
    problems: Mutex<BTreeSet<String>>,
    /// The configuration in use: the newest one that does not remove every target (see
    /// `resync`). `None` until the first resync accepted one: nothing is reconciled before.
    accepted: Mutex<Option<Arc<Config>>>,
    /// What `/v1/status` shows, from the latest full pass.
    status: StatusBoard,
    /// Set once a complete listing has been read: nothing is removed before.
    gc_allowed: AtomicBool,
    /// Whether this replica leads; every write is fenced by it as well.
    lease: Arc<Lease>,
    /// The epoch at which this replica, leading, last read the published record (a new leader
    /// continues from it).
    adopted_at_epoch: AtomicU64,
    /// When (Unix ms) this replica began publishing as the leader of its current epoch: a
    /// new host key is presented only `rotation.announce` after both its `announced-at` and
    /// this (`keys::hosts`), so a record a dead leader published but did not copy to Swarm
    /// does not count as announced.
    publishing_since_ms: AtomicU64,
    /// What holds the signing key's roll, as last logged (`signing`).
    signing_waits: Mutex<Vec<String>>,
    /// `CreatedAt` (Unix ms) of signing key secrets bosun did not make, by id (`signing`).
    foreign_created: Mutex<HashMap<String, u64>>,
}

impl Operator {
    pub fn new(
        engine: Engine,
        config: watch::Receiver<Arc<Config>>,
        store: DiscoveryStore,
        metrics: Metrics,
        health: Arc<Health>,
        status: StatusBoard,
        lease: Arc<Lease>,
    ) -> Arc<Operator> {
        Arc::new(Operator {
            engine,
            config,
            signer: store.signer().clone(),
            store,
            metrics,
            health,
            index: Mutex::new(Index::default()),
            records: Mutex::new(BTreeMap::new()),
            problems: Mutex::new(BTreeSet::new()),
            accepted: Mutex::new(None),
            status,
            gc_allowed: AtomicBool::new(false),
            lease,
            adopted_at_epoch: AtomicU64::new(0),
            publishing_since_ms: AtomicU64::new(u64::MAX),
            signing_waits: Mutex::new(Vec::new()),
            foreign_created: Mutex::new(HashMap::new()),
        })
    }

    /// Since when this replica publishes as the leader (`u64::MAX` before its first record).
    pub fn publishing_since_ms(&self) -> u64 {
        self.publishing_since_ms.load(Ordering::SeqCst)
    }

    /// The trust file every client service mounts at `/run/secrets/bosun-discovery-keys`:
    /// the public halves of the controller's record signing keys and of the next one the
    /// records announce.
    pub fn trust_file(&self) -> TrustFile {
        TrustFile::new(self.store.trust_file())
    }

    /// The epoch this replica leads at now, if it does.
    fn leading(&self) -> Option<u64> {
        self.lease.fence().ok()
    }

    /// The newest configuration read (its intervals apply at once; its targets only once a
    /// resync accepted it).
    fn config(&self) -> Arc<Config> {
        self.config.borrow().clone()
    }

    /// The configuration targets are reconciled with, once one was accepted.
    fn accepted(&self) -> Option<Arc<Config>> {
        lock(&self.accepted).clone()
    }

    /// Runs forever: the wake-up sources feed the runner, which calls back into this.
    pub async fn run(self: Arc<Self>) {
        let (triggers, rx) = mpsc::unbounded_channel();
        self.clone().spawn_wakeups(triggers);
        Controller::new(self).run(rx).await;
    }

    /// Brings the discovery record up to date. A follower serves the newest one the leader
    /// published on Swarm; the leader publishes its entries (`crate::discovery::shared` copies
    /// a new generation to Swarm), having first read the published one once per epoch.
    async fn publish(&self) {
        let Some(epoch) = self.leading() else {
            self.adopt_published().await;
            return;
        };
        if self.adopted_at_epoch.swap(epoch, Ordering::SeqCst) != epoch {
            let now = crate::swarm::observe::unix_millis();
            self.publishing_since_ms.store(now, Ordering::SeqCst);
            self.adopt_published().await;
        }
        let records = lock(&self.records).clone();
        let validity = self.config().discovery.validity;
        if let Some(generation) = self.store.publish(records, validity) {
            self.metrics.discovery_generation.set(generation as i64);
            tracing::info!(generation, "discovery record changed");
        }
    }

    /// Serves the record the leader published, when it is newer than the one served.
    async fn adopt_published(&self) {
        let instance = self.config().instance.clone();
        match crate::discovery::shared::adopt(&self.engine, &instance, &self.store).await {
            Ok(Some(generation)) => {
                self.metrics.discovery_generation.set(generation as i64);
                tracing::info!(generation, "serving the published discovery record");
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "reading the published discovery record"),
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
