//! The audit's Engine layer: batches written, listed, read and removed as Docker configs, and
//! the index of what their labels say.
//!
//! Docker's config list carries every config's data, so listing the whole audit costs as much
//! as reading it. The leader lists it once per term (and once an hour, to pick up a batch a
//! former leader wrote as it lost the lead), and keeps the batches' labels in memory
//! ([`BatchMeta`]), adding what it writes and dropping what it removes; a query then reads only
//! the batches it picked, one inspect each. Only the leader writes the audit (the fenced
//! Engine refuses anyone else), so its index is the swarm's.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bollard::models::ConfigSpec;

use super::batch::{self, BatchMeta, KIND_AUDIT, Line, NewBatch};
use super::writer::Sink;
use crate::model::names::{self, Naming};
use crate::orchestration::api::audit::AuditRecord;
use crate::orchestration::api::backend::BackendError;
use crate::orchestration::swarm::engine_error;
use crate::swarm::engine::{Engine, EngineError, Failure};

/// An index older than this is listed afresh.
const REFRESH_EVERY: Duration = Duration::from_secs(3600);
/// Tries of one batch's create (a name taken by a batch of the same millisecond, a failed
/// call); a fenced write is not tried again.
const CREATE_TRIES: u32 = 3;
const RETRY_PAUSE: Duration = Duration::from_millis(250);

/// The batches as their labels say, by config id.
#[derive(Default)]
struct Index {
    batches: BTreeMap<String, BatchMeta>,
    /// The leader's epoch it was listed in, and when.
    epoch: Option<u64>,
    listed: Option<Instant>,
    /// Batches written while a listing is under way (it may not show them).
    written_meanwhile: Option<Vec<BatchMeta>>,
}

impl Index {
    fn fresh(&self, epoch: Option<u64>) -> bool {
        epoch.is_some()
            && self.epoch == epoch
            && self.listed.is_some_and(|at| at.elapsed() < REFRESH_EVERY)
    }

    fn add(&mut self, meta: BatchMeta) {
        if let Some(meanwhile) = &mut self.written_meanwhile {
            meanwhile.push(meta.clone());
        }
        self.batches.insert(meta.id.clone(), meta);
    }
}

pub struct Store {
    engine: Engine,
    instance: String,
    index: Mutex<Index>,
    /// Held by a prune pass and by a query, so that a query never reads a batch a merge is
    /// replacing.
    pub maintenance: tokio::sync::Mutex<()>,
    /// Tells apart batches of one millisecond (starts anywhere: a former leader's may exist).
    seq: AtomicU32,
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

impl Store {
    /// `engine` must be the fenced one.
    pub fn new(engine: Engine, instance: &str) -> Store {
        let mut start = [0u8; 2];
        rand::fill(&mut start);
        Store {
            engine,
            instance: instance.to_owned(),
            index: Mutex::default(),
            maintenance: tokio::sync::Mutex::new(()),
            seq: AtomicU32::new(u32::from(u16::from_le_bytes(start))),
        }
    }

    fn index(&self) -> MutexGuard<'_, Index> {
        // Plain data: a panic while holding the lock leaves nothing half-changed worth losing.
        self.index.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether this replica may write the audit now.
    pub fn leading(&self) -> bool {
        self.engine.write_epoch().is_ok()
    }

    /// Stores `lines` as one batch.
    pub async fn create(&self, lines: &[Line]) -> Result<BatchMeta, EngineError> {
        let batch = NewBatch::of(lines);
        let naming = Naming::new(&self.instance);
        let mut tries = 1;
        loop {
            let name = naming.audit_batch(batch.first_ms, self.seq.fetch_add(1, Ordering::Relaxed));
            let spec = ConfigSpec {
                name: Some(name.clone()),
                labels: Some(batch.labels(naming)),
                data: Some(b64().encode(&batch.data)),
                ..Default::default()
            };
            match self.engine.create_config(spec).await {
                Ok(id) => {
                    let meta = batch.meta(id, name);
                    self.index().add(meta.clone());
                    return Ok(meta);
                }
                Err(e) if tries < CREATE_TRIES && e.failure() != Failure::Fenced => {
                    tracing::warn!(error = %format!("{e:#}"), "storing an audit batch; trying again");
                    if e.failure() != Failure::Conflict {
                        tokio::time::sleep(RETRY_PAUSE).await;
                    }
                    tries += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Every batch, from the index (listed afresh when it is not this term's or is old). Call
    /// it holding `maintenance`.
    pub async fn batches(&self) -> Result<Vec<BatchMeta>, EngineError> {
        let epoch = self.engine.write_epoch().ok();
        if !self.index().fresh(epoch) {
            self.list(epoch).await?;
        }
        Ok(self.index().batches.values().cloned().collect())
    }

    async fn list(&self, epoch: Option<u64>) -> Result<(), EngineError> {
        self.index().written_meanwhile = Some(Vec::new());
        let listed = self
            .engine
            .list_configs_labelled(&[
                (names::MANAGED_BY, names::MANAGED_BY_VALUE),
                (names::INSTANCE, &self.instance),
                (names::KIND, KIND_AUDIT),
            ])
            .await;
        let mut index = self.index();
        let meanwhile = index.written_meanwhile.take().unwrap_or_default();
        let mut batches = BTreeMap::new();
        for config in listed? {
            match batch::meta_of(&config, &self.instance) {
                Ok(meta) => {
                    batches.insert(meta.id.clone(), meta);
                }
                Err(why) => tracing::warn!(%why, "an audit config that is no batch: left alone"),
            }
        }
        for meta in meanwhile {
            batches.insert(meta.id.clone(), meta);
        }
        index.batches = batches;
        index.epoch = epoch;
        index.listed = Some(Instant::now());
        Ok(())
    }

    /// The records of `meta`'s batch and how many of its lines are none; `None` when it is
    /// gone (removed since it was indexed).
    pub async fn read(
        &self,
        meta: &BatchMeta,
    ) -> Result<Option<(Vec<AuditRecord>, usize)>, EngineError> {
        let config = match self.engine.inspect_config(&meta.id).await {
            Ok(config) => config,
            Err(e) if e.failure() == Failure::NotFound => {
                self.index().batches.remove(&meta.id);
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        let data = config.spec.and_then(|s| s.data).unwrap_or_default();
        let bytes = b64().decode(data.as_bytes()).unwrap_or_else(|e| {
            tracing::warn!(batch = %meta.name, error = %e, "an audit batch's data is not base64");
            Vec::new()
        });
        let (records, bad) = batch::decode(&String::from_utf8_lossy(&bytes));
        if bad > 0 {
            tracing::warn!(batch = %meta.name, bad, "lines of an audit batch that are no record");
        }
        Ok(Some((records, bad)))
    }

    /// Removes `meta`'s batch (gone already is fine).
    pub async fn remove(&self, meta: &BatchMeta) -> Result<(), EngineError> {
        match self.engine.remove_config(&meta.id, &meta.name).await {
            Ok(()) => {}
            Err(e) if e.failure() == Failure::NotFound => {}
            Err(e) => return Err(e),
        }
        self.index().batches.remove(&meta.id);
        Ok(())
    }
}

impl Sink for Store {
    async fn write(&self, lines: &[Line]) -> Result<(), BackendError> {
        self.create(lines).await.map(drop).map_err(engine_error)
    }
}
