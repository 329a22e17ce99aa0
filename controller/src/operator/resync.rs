//! The full resync: list everything once, make sure the shared network exists (leading), plan every
//! target against that one listing (`crate::reconcile::full_pass`), and from it refresh the
//! discovery record, the wake-up index, the reported problems and the gauges. It returns the
//! targets that need a reconcile; the runner queues them.
//!
//! The resync also decides which configuration is used. A new one (at start or after a reload)
//! that would remove every target that has proxies now is refused unless it sets
//! `allow_remove_all`: the last accepted one stays in use, or, at start, nothing is reconciled
//! and the controller does not become ready. A reload may not change `instance` either.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;

use tokio::time::Instant;

use super::Operator;
use super::index::Index;
use super::network::ensure_network;
use crate::config::Config;
use crate::model::names::{self, Naming};
use crate::model::snapshot::Snapshot;
use crate::reconcile::full_pass::{FullPass, full_pass, removes_everything};
use crate::reconcile::status::status;
use crate::reconcile::targets::resolve;
use crate::runner::lock;
use crate::swarm::observe;

impl Operator {
    /// One full pass; the targets whose plan is not empty.
    pub(super) async fn full_resync(&self) -> Vec<String> {
        let started = Instant::now();
        let newest = self.config();
        self.health.set_deadline(newest.intervals.watch_deadline);
        let instance = self
            .accepted()
            .map_or(newest.instance.clone(), |c| c.instance.clone());
        let Some(mut snap) = self.list_everything(&instance).await else {
            return Vec::new();
        };
        let refused = refusal(&newest, self.accepted().as_deref(), &snap);
        let config = match (&refused, self.accepted()) {
            (None, _) => {
                *lock(&self.accepted) = Some(newest.clone());
                newest
            }
            (Some(_), Some(old)) => old,
            (Some(why), None) => {
                if self.newly_refused(why) {
                    tracing::error!(problem = %why, "configuration refused; nothing is reconciled");
                }
                let mut status = lock(&self.status);
                status.instance = newest.instance.clone();
                status.config_refused = Some(why.clone());
                return Vec::new();
            }
        };
        if let Some(why) = refused.as_ref().filter(|why| self.newly_refused(why)) {
            tracing::error!(problem = %why, "configuration refused; the previous one stays in use");
        }
        let leading = self.leading().is_some();
        if leading {
            let naming = Naming::new(&config.instance);
            if let Err(e) = ensure_network(&self.engine, naming, &config.network).await {
                tracing::warn!(error = %e, network = %config.network, "the shared network");
            }
            // first, so that client services get a trust file listing the next key
            self.roll_signing_key(&config, &snap).await;
            snap.trust = Some(self.trust_file());
        }
        let mut pass = full_pass(&config, &snap);
        self.take_in(&mut pass, &snap).await;
        let mut status = status(&config.instance, &pass, &snap);
        status.config_refused = refused;
        *lock(&self.status) = status;
        self.finish(started, &pass);
        // a follower reconciles nothing (it resyncs when it takes the lease)
        if leading { pass.due } else { Vec::new() }
    }

    /// Whether `why` is not the refusal reported already (one log line per refusal).
    fn newly_refused(&self, why: &str) -> bool {
        lock(&self.status).config_refused.as_deref() != Some(why)
    }

    /// A full snapshot, seen as `instance`'s; `None` (reported) when listing failed.
    async fn list_everything(&self, instance: &str) -> Option<Snapshot> {
        match observe::full(&self.engine, instance).await {
            Ok(mut snap) => {
                snap.trust = Some(self.trust_file());
                snap.publishing_since_ms = self.publishing_since_ms();
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

    /// Index, record, problems and gauges from one pass. A held target keeps the discovery
    /// entry it had.
    async fn take_in(&self, pass: &mut FullPass, snap: &Snapshot) {
        *lock(&self.index) = Index::build(&pass.resolved, &snap.services, &snap.secrets);
        {
            let mut records = lock(&self.records);
            let mut fresh = std::mem::take(&mut pass.records);
            for name in pass.resolved.held.keys() {
                if let Some(kept) = records.get(name) {
                    fresh.insert(name.clone(), kept.clone());
                }
            }
            *records = fresh;
        }
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

    /// `bosun_managed_objects`, and the key gauges (ages, rotation phases) of this listing.
    fn count_managed(&self, snap: &Snapshot) {
        self.metrics
            .set_keys(snap.naming(), &snap.secrets, snap.at_ms);
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

/// Why `newest` may not replace `accepted` (or be the first one used), if so.
fn refusal(newest: &Config, accepted: Option<&Config>, snap: &Snapshot) -> Option<String> {
    if let Some(old) = accepted.filter(|old| old.instance != newest.instance) {
        return Some(format!(
            "the instance changed from {:?} to {:?}: restart the controller to change it",
            old.instance, newest.instance
        ));
    }
    if accepted.is_some_and(|old| *old == *newest) {
        return None;
    }
    removes_everything(newest, &resolve(newest, &snap.services), snap)
}
