//! The discovery record shared by the controller's replicas through Swarm: the leader
//! publishes every generation as a Docker config (`crate::discovery::docker_config`), and every
//! replica serves the newest one it finds there. So both replicas serve the same record with
//! the same generation and ETag, and a new leader continues from the last generation instead
//! of starting a new one (the generation changes only when the content does, across leaders).
//!
//! * [`share`] runs on every replica and publishes only while it leads: it waits for the
//!   store to change, publishes the current record, and waits `COALESCE` before the next, so a
//!   burst of changes (a thousand targets converging) makes a few configs, not one each;
//! * [`adopt`] reads the newest published record into the store; followers call it on every
//!   resync (a config event starts one), a new leader before its first publish.

use std::time::Duration;

use bollard::models::Config;
use bosun_core::discovery::Record;
use tokio::sync::watch;

use super::docker_config::{self, generation_of};
use super::store::DiscoveryStore;
use crate::model::names::{KIND_DISCOVERY, Naming};
use crate::swarm::engine::{Engine, EngineError};
use bosun_core::backoff::Backoff;

/// The least time between two published generations.
const COALESCE: Duration = Duration::from_millis(500);

/// Publishes the store's record while `leading`; forever.
pub async fn share(
    engine: Engine,
    instance: String,
    store: DiscoveryStore,
    mut leading: watch::Receiver<bool>,
) {
    let naming = Naming::new(&instance);
    let mut backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
    loop {
        let current = store.current();
        let due = *leading.borrow() && current.generation > store.on_swarm();
        if !due {
            tokio::select! {
                _ = store.changed_from(current.generation, Duration::from_secs(3600)) => {}
                r = leading.changed() => if r.is_err() { return },
            }
            continue;
        }
        match docker_config::publish(&engine, naming, &current).await {
            Ok(()) => {
                store.published_on_swarm(current.generation);
                backoff.reset();
                tokio::time::sleep(COALESCE).await;
            }
            Err(e) => {
                let delay = backoff.next_delay();
                tracing::warn!(error = %e, generation = current.generation, retry_in_ms = delay.as_millis() as u64, "publishing the discovery record to Swarm");
                tokio::time::sleep(delay).await;
            }
        }
    }
}

/// Serves the newest record published on Swarm, if it is newer than the store's. Returns its
/// generation when one was adopted.
pub async fn adopt(
    engine: &Engine,
    instance: &str,
    store: &DiscoveryStore,
) -> Result<Option<u64>, EngineError> {
    let configs = engine.list_managed_configs(KIND_DISCOVERY).await?;
    let naming = Naming::new(instance);
    let newest = configs
        .iter()
        .filter(|c| naming.owns(c.spec.as_ref().and_then(|s| s.labels.as_ref())))
        .filter_map(|c| Some((generation_of(c)?, c)))
        .max_by_key(|(g, _)| *g);
    let Some((generation, config)) = newest else {
        return Ok(None);
    };
    if generation <= store.current().generation {
        return Ok(None);
    }
    match record_of(config) {
        Some(record) if record.generation == generation => {
            Ok(store.adopt(record).then_some(generation))
        }
        Some(_) => Ok(None),
        None => {
            tracing::warn!(
                generation,
                "a published discovery record is unreadable; ignored"
            );
            Ok(None)
        }
    }
}

/// The record a discovery config holds (the list answer carries configs' data).
fn record_of(config: &Config) -> Option<Record> {
    use base64::Engine as _;
    let data = config.spec.as_ref()?.data.as_ref()?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .ok()?;
    Record::from_json(&bytes).ok()
}
