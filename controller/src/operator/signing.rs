//! The record signing key's roll, one pass on the leader (docs/keys.md, "Rolling the signing
//! key"): read the view from the full resync's snapshot (`crate::reconcile::signing::view`),
//! plan (`crate::reconcile::signing`), announce the next key in the record and the trust file,
//! and apply the plan's changes through the same applier as every target's.
//!
//! It runs in each full resync, before the targets are planned, so that the trust file client
//! services get with their keys already lists the next signing key. A controller that is not
//! the stack's service (no service labelled `bosun.controller=<instance>`) or that read its keys
//! from no directory rolls nothing and announces only the keys it holds.

use std::collections::HashMap;
use std::time::Duration;

use super::Operator;
use crate::config::Config;
use crate::model::snapshot::{Snapshot, unix_ms};
use crate::reconcile::change::Change;
use crate::reconcile::signing::view::{self, ViewInput};
use crate::reconcile::signing::{self as planner, SigningPlan};
use crate::runner::lock;
use crate::swarm::apply::apply;

impl Operator {
    /// One pass of the signing key's life; the leader's only.
    pub(super) async fn roll_signing_key(&self, config: &Config, snap: &Snapshot) {
        let Some(dir) = self.signer.dir().map(|d| d.to_path_buf()) else {
            return;
        };
        let created = self.foreign_key_times(snap, &dir).await;
        let input = ViewInput {
            dir: &dir,
            created: &created,
            period: config.discovery.signing_key,
            announce: config.rotation.announce,
            publishing_since_ms: self.publishing_since_ms(),
        };
        let view = match view::read(snap, &input) {
            Ok(view) => view,
            Err(why) => {
                self.say_signing(vec![why]);
                return;
            }
        };
        if let Some(why) = self.on_its_way_out(&view) {
            self.say_signing(vec![why]);
            return;
        }
        let plan = planner::plan(&view);
        self.store.announce_next(plan.next_public.clone());
        self.say_signing(waiting(&plan));
        let age = plan
            .signing_since_ms
            .map(|since| snap.at_ms.saturating_sub(since) as f64 / 1000.0);
        self.metrics.set_signing_key_age(age);
        let changes = planner::changes(&view, &plan, &dir.to_string_lossy());
        if changes.is_empty() {
            return;
        }
        for change in &changes {
            tracing::info!(change = %change, "signing key: applying");
        }
        match apply(&self.engine, snap, &changes).await {
            Ok(()) => {
                let switched = changes
                    .iter()
                    .any(|c| matches!(c, Change::MountSigningKeys { .. }));
                if let (true, Some(due)) = (switched, plan.due_since_ms) {
                    let took = Duration::from_millis(snap.at_ms.saturating_sub(due));
                    self.metrics.signing_key_rolled(took);
                    tracing::info!(
                        seconds = took.as_secs_f64(),
                        "signing key: the controller's service moves to the next key"
                    );
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "signing key: a change failed; the next resync tries again")
            }
        }
    }

    /// A replica that does not sign with the key its service mounts now is being replaced (the
    /// roll moved the service on): it announces that key, so the records it still signs list
    /// it, and changes nothing. `Some(why)` then.
    fn on_its_way_out(&self, view: &planner::SigningView) -> Option<String> {
        let current = view.controller.as_ref()?.mounts.iter().next().copied()?;
        let (own, _) = self.signer.signing();
        if own == current {
            return None;
        }
        let key = view.keys.iter().find(|k| k.version == current);
        self.store
            .announce_next(key.and_then(|k| k.public_key.clone()));
        Some(format!(
            "this replica signs with v{own} and its service mounts v{current}: Swarm is replacing it; it changes nothing meanwhile"
        ))
    }

    /// `CreatedAt` of the signing keys the controller's service mounts that bosun did not make.
    /// A secret's creation never changes: each is inspected once, then remembered (a failed
    /// inspect leaves that key's age unknown until the next pass).
    async fn foreign_key_times(
        &self,
        snap: &Snapshot,
        dir: &std::path::Path,
    ) -> HashMap<String, u64> {
        let mounted = view::foreign_mounts(snap, dir);
        let unknown: Vec<&String> = {
            let known = lock(&self.foreign_created);
            mounted
                .iter()
                .filter(|id| !known.contains_key(*id))
                .collect()
        };
        for id in unknown {
            match self.engine.inspect_secret(id).await {
                Ok(secret) => {
                    if let Some(ms) = secret.created_at.as_deref().and_then(unix_ms) {
                        lock(&self.foreign_created).insert(id.clone(), ms);
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, secret = %id, "signing key: reading a mounted key")
                }
            }
        }
        let mut known = lock(&self.foreign_created);
        // only what is mounted now is remembered: a retired key's entry goes with it
        known.retain(|id, _| mounted.contains(id));
        known.clone()
    }

    /// Logs what holds the roll, once per change of it.
    fn say_signing(&self, now: Vec<String>) {
        let mut said = lock(&self.signing_waits);
        if *said == now {
            return;
        }
        for why in &now {
            tracing::info!(reason = %why, "signing key: the roll waits");
        }
        *said = now;
    }
}

/// Why the plan waits, and the retired keys left to the operator.
fn waiting(plan: &SigningPlan) -> Vec<String> {
    let left = plan.left_to_operator.iter().map(|name| {
        format!("{name} no longer signs; bosun did not make it, so it is yours to remove: deploy the stack with the version that signs (BOSUN_SIGNING_KEY_VERSION), then docker secret rm {name}")
    });
    plan.waiting.iter().cloned().chain(left).collect()
}
