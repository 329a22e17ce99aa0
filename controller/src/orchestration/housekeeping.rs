//! The leader's periodic work for the orchestration API: a pass every [`PERIOD`], at once
//! after a config reload (a new `cleanup_stopped_after` applies now, not a minute later) and
//! when this replica becomes the leader. A follower does nothing (its writes would be fenced
//! anyway). A pass removes the clones stopped for longer than `cleanup_stopped_after`
//! (`swarm::cleanup`), the volume purge services a controller left behind when it stopped
//! in the middle of a `purge_volume` (`swarm::purge`), and the pending requests whose clone an
//! approval made before it stopped (`swarm::requests`).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::MissedTickBehavior;

use super::swarm::SwarmBackend;
use crate::config::Config;
use crate::swarm::observe::unix_millis;

/// How often the leader looks.
pub const PERIOD: Duration = Duration::from_secs(60);

/// Runs until the config's or the lease's sender is gone.
pub async fn run(
    backend: Arc<SwarmBackend>,
    mut config: watch::Receiver<Arc<Config>>,
    mut leading: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(PERIOD);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            changed = config.changed() => if changed.is_err() { return },
            changed = leading.changed() => if changed.is_err() { return },
        }
        config.mark_unchanged();
        if !*leading.borrow_and_update() {
            continue;
        }
        pass(&backend).await;
    }
}

/// One pass; its failures are logged (the next pass tries again).
async fn pass(backend: &SwarmBackend) {
    let now_ms = unix_millis();
    match backend.cleanup_stopped(now_ms).await {
        Ok(removed) if !removed.is_empty() => {
            tracing::info!(clones = ?removed, "orchestration cleanup: stopped clones removed");
        }
        Ok(_) => {}
        Err(e) => {
            tracing::warn!(error = %e, "orchestration cleanup: the clones could not be listed")
        }
    }
    if let Err(e) = backend.sweep_purges(now_ms).await {
        tracing::warn!(error = %e, "orchestration: the volume purges could not be listed");
    }
    if let Err(e) = backend.sweep_fulfilled().await {
        tracing::warn!(error = %e, "orchestration: the pending requests could not be listed");
    }
}
