//! The discovery record shared by the controller's replicas through Swarm: the leader
//! publishes every generation as a Docker config (`crate::discovery::docker_config`), and every
//! replica serves the newest one it finds there. So both replicas serve the same record with
//! the same generation and ETag, and a new leader continues from the last generation instead
//! of starting a new one (the generation changes only when the content does, across leaders).
//!
//! * [`share`] runs on every replica and publishes only while it leads: it waits for the
//!   store to change, publishes the current record, and waits `COALESCE` before the next, so a
//!   burst of changes (a thousand targets converging) makes a few configs, not one each. It
//!   also republishes the same content with a fresh `expires_at` when the store says it is due
//!   (half the validity passed, or the record does not announce this replica's keys);
//! * [`adopt`] reads the newest published record into the store; followers call it on every
//!   resync (a config event starts one), a new leader before its first publish.
//!
//! A follower serves the leader's record *as published*: the config's data (the exact bytes
//! the leader signed) and the signature in its `bosun.signature` label, which it checks first
//! ([`published`]) against its own keys and the keys the record announces. It does not sign
//! anything itself, so both replicas serve the same bytes under the same signature; a config
//! without a matching signature (an older controller's, or a damaged one) is not served.

use std::time::Duration;

use bollard::models::Config;
use bosun_core::discovery::Record;
use bosun_core::signature::Trust;
use prometheus::IntGauge;
use tokio::sync::watch;

use super::docker_config::{self, generation_of};
use super::signer::Signer;
use super::store::{DiscoveryStore, Signed};
use crate::model::names::{KIND_DISCOVERY, Naming, SIGNATURE};
use crate::swarm::engine::{Engine, EngineError};
use bosun_core::backoff::Backoff;

/// The least time between two published generations.
const COALESCE: Duration = Duration::from_millis(500);

/// Publishes the store's record while `leading`, refreshing it when due; forever. `gauge` is
/// `bosun_discovery_generation`.
pub async fn share(
    engine: Engine,
    instance: String,
    store: DiscoveryStore,
    mut leading: watch::Receiver<bool>,
    gauge: IntGauge,
) {
    let naming = Naming::new(&instance);
    let mut backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
    loop {
        let current = store.current();
        let generation = current.record.generation;
        let leads = *leading.borrow();
        if !(leads && generation > store.on_swarm()) {
            let refresh_in = leads.then(|| store.refresh_in()).flatten();
            if refresh_in == Some(Duration::ZERO) {
                if let Some(g) = store.refresh() {
                    gauge.set(g as i64);
                    tracing::info!(generation = g, "discovery record refreshed (new expiry)");
                }
                continue;
            }
            tokio::select! {
                _ = store.changed_from(generation, refresh_in.unwrap_or(Duration::from_secs(3600))) => {}
                r = leading.changed() => if r.is_err() { return },
            }
            continue;
        }
        match docker_config::publish(&engine, naming, &current).await {
            Ok(()) => {
                store.published_on_swarm(generation);
                backoff.reset();
                tokio::time::sleep(COALESCE).await;
            }
            Err(e) => {
                let delay = backoff.next_delay();
                tracing::warn!(error = %e, generation, retry_in_ms = delay.as_millis() as u64, "publishing the discovery record to Swarm");
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
    if generation <= store.current().record.generation {
        return Ok(None);
    }
    match published(config, store.signer()) {
        Ok(signed) if signed.record.generation == generation => {
            Ok(store.adopt(signed).then_some(generation))
        }
        Ok(_) => Ok(None),
        Err(why) => {
            tracing::warn!(
                generation,
                reason = %why,
                "a published discovery record cannot be served; ignored"
            );
            Ok(None)
        }
    }
}

/// The signed record a discovery config holds (the list answer carries configs' data): its
/// data must be a record and its `bosun.signature` label a signature over that data by one of
/// `signer`'s keys or of the keys the record announces.
pub fn published(config: &Config, signer: &Signer) -> Result<Signed, String> {
    use base64::Engine as _;
    let spec = config.spec.as_ref().ok_or("the config has no spec")?;
    let data = spec.data.as_deref().ok_or("the config has no data")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|e| format!("its data is not base64: {e}"))?;
    let json = String::from_utf8(bytes).map_err(|_| "its data is not UTF-8 text".to_owned())?;
    let record = Record::from_json(json.as_bytes()).map_err(|e| e.to_string())?;
    let signature = spec
        .labels
        .as_ref()
        .and_then(|l| l.get(SIGNATURE))
        .ok_or_else(|| format!("no {SIGNATURE} label (published by an older controller?)"))?;
    let mut keys = signer.public_keys();
    keys.extend(record.parse_signing_keys().map_err(|e| e.to_string())?);
    Trust::new(keys)
        .check_signature(json.as_bytes(), Some(signature))
        .map_err(|e| format!("{SIGNATURE}: {e}"))?;
    Ok(Signed::published(record, json, signature.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::store::tests::{store, targets};

    fn config_of(signed: &Signed) -> Config {
        Config {
            spec: Some(docker_config::spec(Naming::default(), signed)),
            ..Config::default()
        }
    }

    #[test]
    fn a_published_record_is_served_only_with_a_signature_over_its_bytes() {
        let leader = store();
        leader
            .publish(targets(&["a"]), Duration::from_secs(60))
            .unwrap();
        let signed = leader.current();
        let config = config_of(&signed);
        assert_eq!(published(&config, leader.signer()).unwrap(), *signed);
        // a follower with other keys still serves it: the record announces the leader's
        let other = store();
        assert_eq!(published(&config, other.signer()).unwrap(), *signed);

        let mut unsigned = config.clone();
        if let Some(labels) = unsigned.spec.as_mut().and_then(|s| s.labels.as_mut()) {
            labels.remove(SIGNATURE);
        }
        let err = published(&unsigned, leader.signer()).unwrap_err();
        assert!(err.starts_with("no bosun.signature label"), "{err}");

        // another record's signature
        leader
            .publish(targets(&["b"]), Duration::from_secs(60))
            .unwrap();
        let mut swapped = config.clone();
        if let Some(labels) = swapped.spec.as_mut().and_then(|s| s.labels.as_mut()) {
            labels.insert(SIGNATURE.into(), leader.current().signature.clone());
        }
        let err = published(&swapped, leader.signer()).unwrap_err();
        assert!(err.starts_with("bosun.signature: bad signature"), "{err}");
    }
}
