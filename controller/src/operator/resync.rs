//! The full resync: list everything once, make sure the shared network exists, plan every
//! target against that one listing (`crate::reconcile::full_pass`), and from it refresh the
//! discovery record, the wake-up index, the reported problems and the gauges. It returns the
//! targets that need a reconcile; the runner queues them.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;

use tokio::time::Instant;

use super::Operator;
use super::index::Index;
use super::network::ensure_network;
use crate::model::names;
use crate::model::snapshot::Snapshot;
use crate::reconcile::full_pass::{FullPass, full_pass};
use crate::runner::lock;
use crate::swarm::observe;

impl Operator {
    /// One full pass; the targets whose plan is not empty.
    pub(super) async fn full_resync(&self) -> Vec<String> {
        let started = Instant::now();
        let config = self.config();
        self.health.set_deadline(config.intervals.watch_deadline);
        let Some(snap) = self.list_everything().await else {
            return Vec::new();
        };
        if let Err(e) = ensure_network(&self.engine, &config.network).await {
            tracing::warn!(error = %e, network = %config.network, "the shared network");
        }
        let mut pass = full_pass(&config, &snap);
        self.take_in(&mut pass, &snap).await;
        self.finish(started, &pass);
        pass.due
    }

    /// A full snapshot; `None` (reported) when listing failed.
    async fn list_everything(&self) -> Option<Snapshot> {
        match observe::full(&self.engine).await {
            Ok(snap) => {
                self.health.list_ok();
                self.gc_allowed.store(true, Ordering::SeqCst);
                Some(snap)
            }
            Err(e) => {
                self.health.list_failed(e.to_string());
                self.metrics.resyncs.with_label_values(&["error"]).inc();
                tracing::warn!(error = %e, "resync: listing failed");
                None
            }
        }
    }

    /// Index, record, problems and gauges from one pass.
    async fn take_in(&self, pass: &mut FullPass, snap: &Snapshot) {
        *lock(&self.index) = Index::build(&pass.resolved, &snap.services, &snap.secrets);
        *lock(&self.records) = std::mem::take(&mut pass.records);
        self.publish().await;
        self.report_problems(std::mem::take(&mut pass.problems));
        self.count_managed(snap);
        self.metrics.targets.set(pass.resolved.targets.len() as i64);
    }

    /// The pass's metrics and log lines (and readiness after the first one).
    fn finish(&self, started: Instant, pass: &FullPass) {
        let targets = pass.resolved.targets.len();
        let queued = pass.due.len();
        self.metrics.resyncs.with_label_values(&["ok"]).inc();
        let seconds = started.elapsed().as_secs_f64();
        self.metrics.resync_seconds.observe(seconds);
        self.metrics.resync_last_seconds.set(seconds);
        if !self.health.is_ready() {
            self.health.synced();
            tracing::info!(targets, queued, "first full sync done; ready");
        }
        tracing::debug!(
            targets,
            queued,
            ms = started.elapsed().as_millis() as u64,
            "resync"
        );
    }

    fn report_problems(&self, now: BTreeSet<String>) {
        let mut known = lock(&self.problems);
        for p in now.difference(&known) {
            tracing::warn!(problem = %p, "target problem");
        }
        for p in known.difference(&now) {
            tracing::info!(problem = %p, "target problem resolved");
        }
        self.metrics.target_problems.set(now.len() as i64);
        *known = now;
    }

    fn count_managed(&self, snap: &Snapshot) {
        let counts = snap.managed_kinds();
        for kind in [
            names::KIND_PROXY,
            names::KIND_CLIENT_KEY,
            names::KIND_AUTHORIZED_KEYS,
            names::KIND_HOST_KEY,
        ] {
            self.metrics
                .managed
                .with_label_values(&[kind])
                .set(counts.get(kind).copied().unwrap_or(0));
        }
    }
}
