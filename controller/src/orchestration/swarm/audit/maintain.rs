//! One pass of the leader's upkeep of the audit: the batches past the retention and past
//! `max_records` are removed, then small sealed batches are merged (`prune.rs` decides both).
//!
//! A merge writes the merged batch first and removes its parts after: a crash in between
//! leaves a request in two batches, which a query shows once and the next merge of that day
//! folds into one. The pass holds the store's `maintenance` lock, so no query reads a batch
//! while it is being replaced.

use std::time::SystemTime;

use super::batch::{self, BatchMeta, MAX_BATCH_BYTES, pack, unix_ms};
use super::prune;
use super::store::Store;
use crate::orchestration::model::AuditSettings;
use crate::swarm::engine::EngineError;

/// At most this many merges in one pass (the rest wait for the next).
const MERGES_PER_PASS: usize = 16;

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Done {
    /// Records removed past the retention, and past `max_records`.
    pub expired: u64,
    pub over_cap: u64,
    /// Batches removed by those two.
    pub batches_removed: usize,
    /// Merges made.
    pub merged: usize,
}

pub async fn pass(
    store: &Store,
    settings: AuditSettings,
    now: SystemTime,
) -> Result<Done, EngineError> {
    let _alone = store.maintenance.lock().await;
    let now_ms = unix_ms(now);
    let plan = prune::plan(store.batches().await?, now_ms, settings);
    let mut done = Done::default();
    for meta in &plan.expired {
        store.remove(meta).await?;
        done.expired += meta.count;
        done.batches_removed += 1;
    }
    for meta in &plan.over_cap {
        store.remove(meta).await?;
        done.over_cap += meta.count;
        done.batches_removed += 1;
    }
    let merges = prune::merges(&plan.kept, now_ms, MAX_BATCH_BYTES);
    for group in merges.iter().take(MERGES_PER_PASS) {
        if merge(store, group).await? {
            done.merged += 1;
        }
    }
    Ok(done)
}

/// Writes `group`'s records as one batch (two if they no longer fit), then removes the group;
/// false (and nothing written) when one of them is gone or holds a line that is no record
/// (what cannot be read back is never dropped by a merge).
async fn merge(store: &Store, group: &[BatchMeta]) -> Result<bool, EngineError> {
    let mut records = Vec::new();
    for meta in group {
        match store.read(meta).await? {
            Some((theirs, 0)) => records.extend(theirs),
            Some(_) | None => return Ok(false),
        }
    }
    let lines = match batch::merge(records) {
        Ok(lines) => lines,
        Err(e) => {
            tracing::warn!(error = %e, "merging audit batches: a record does not serialize");
            return Ok(false);
        }
    };
    for run in pack(&lines, MAX_BATCH_BYTES) {
        store.create(&lines[run]).await?;
    }
    for meta in group {
        store.remove(meta).await?;
    }
    Ok(true)
}
