//! The orchestration API's audit store (docs/orchestration.md, "Audit"): one JSON record per
//! authenticated request, kept on Swarm as Docker configs, so it survives a controller restart
//! and a leader change (Swarm's raft store replicates it to every manager), and bounded by
//! `orchestration.audit` (retention and `max_records`).
//!
//! Configs rather than secrets because Swarm hands a config's data back through the Engine API
//! (never a secret's); one config per *batch* of records, since a config per record would
//! cost Swarm an object per request.
//!
//! # Layout
//! * `batch` — a batch's name, labels and data (JSON lines); packing records into batches;
//! * `writer` — group commit: records queued, one batch written for many, a request that
//!   changed something stored before its answer;
//! * `store` — the Engine calls, and the index of the batches' labels;
//! * `prune` — which batches the retention and the bound remove, which small ones merge;
//! * `maintain` — a pass of that upkeep, every few minutes on the leader;
//! * `query` — which batches a query reads, which records it shows.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use prometheus::IntCounterVec;
use tokio::sync::watch;

use crate::config::Config;
use crate::orchestration::api::audit::AuditRecord;
use crate::orchestration::api::backend::{AuditQuery, BackendError};
use crate::orchestration::model::AuditSettings;
use crate::orchestration::swarm::engine_error;
use crate::swarm::engine::Engine;
use batch::{Line, MAX_BATCH_BYTES};
use query::Collect;
use store::Store;
use writer::Writer;

pub mod batch;
mod maintain;
mod prune;
pub mod query;
mod store;
mod writer;

/// How often the leader prunes and merges; the first pass comes this long after the start.
const UPKEEP_EVERY: Duration = Duration::from_secs(300);
const FIRST_UPKEEP: Duration = Duration::from_secs(30);
/// How long a stop waits for the records still queued to be written.
pub const FLUSH_BUDGET: Duration = Duration::from_secs(2);

/// The audit: its writer, its store and the upkeep task.
pub struct AuditStore {
    store: Arc<Store>,
    writer: Writer,
    config: watch::Receiver<Arc<Config>>,
}

impl AuditStore {
    /// Starts the writer and the upkeep (they run as long as the process). `engine` must be
    /// the fenced one; `pruned` counts the records removed, by `reason`.
    pub fn start(
        engine: Engine,
        config: watch::Receiver<Arc<Config>>,
        pruned: IntCounterVec,
    ) -> AuditStore {
        let store = Arc::new(Store::new(engine, &config.borrow().instance));
        let writer = Writer::start(store.clone(), MAX_BATCH_BYTES);
        tokio::spawn(upkeep(store.clone(), config.clone(), pruned));
        AuditStore {
            store,
            writer,
            config,
        }
    }

    fn settings(&self) -> AuditSettings {
        self.config.borrow().orchestration.audit
    }

    /// Returns once `record` is stored: for a request that changed something, at once; for a
    /// read, within [`writer::WINDOW`].
    pub async fn record(&self, record: AuditRecord) -> Result<(), BackendError> {
        let line = Line::of(&record).map_err(|e| {
            BackendError::Engine(format!("an audit record does not serialize: {e}"))
        })?;
        self.writer.record(line, record.is_write()).await
    }

    /// Writes the records still queued (a stop calls it before the lease is given up), within
    /// [`FLUSH_BUDGET`].
    pub async fn flush(&self) {
        if tokio::time::timeout(FLUSH_BUDGET, self.writer.flush())
            .await
            .is_err()
        {
            tracing::warn!("the audit records still queued were not all written in time");
        }
    }

    /// The records `query` wants, newest first: the batches whose labels reach its floor are
    /// read newest first, until older ones can no longer change the answer.
    pub async fn query(&self, query: AuditQuery) -> Result<Vec<AuditRecord>, BackendError> {
        let mut collect = Collect::new(query, SystemTime::now(), self.settings().retention);
        let _alone = self.store.maintenance.lock().await;
        let batches = self.store.batches().await.map_err(engine_error)?;
        for meta in query::pick(&batches, collect.floor_ms()) {
            if collect.done_before(meta.last_ms) {
                break;
            }
            if let Some((records, _)) = self.store.read(&meta).await.map_err(engine_error)? {
                collect.add(records);
            }
        }
        Ok(collect.finish())
    }
}

/// The leader's pruning and merging, every [`UPKEEP_EVERY`]; a follower skips its turn.
async fn upkeep(store: Arc<Store>, config: watch::Receiver<Arc<Config>>, pruned: IntCounterVec) {
    let start = tokio::time::Instant::now() + FIRST_UPKEEP;
    let mut every = tokio::time::interval_at(start, UPKEEP_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if !store.leading() {
            continue;
        }
        let settings = config.borrow().orchestration.audit;
        match maintain::pass(&store, settings, SystemTime::now()).await {
            Ok(done) => {
                pruned
                    .with_label_values(&["retention"])
                    .inc_by(done.expired);
                pruned
                    .with_label_values(&["max_records"])
                    .inc_by(done.over_cap);
                if done != maintain::Done::default() {
                    tracing::info!(
                        expired = done.expired,
                        over_cap = done.over_cap,
                        batches_removed = done.batches_removed,
                        merged = done.merged,
                        "audit pruned"
                    );
                }
            }
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "the audit's upkeep failed; next pass in 5 minutes")
            }
        }
    }
}
