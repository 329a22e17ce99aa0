//! `bosun-controller uninstall [--instance NAME] [--yes]`: every object one instance made, listed,
//! and removed only with `--yes`.
//!
//! The objects are the instance's proxies and secrets (planned exactly as the reconcile removes
//! a target that left the configuration: client services are unmounted first, then proxies,
//! then the secrets no one mounts), its discovery configs, its lease and its pending rotation
//! requests, and the shared network when it is the instance's and nothing else uses it. Objects of other instances, and objects without
//! `bosun.managed-by=bosun`, are never listed. Stop the instance's controller first, or it
//! puts everything back.

use std::process::ExitCode;

use bollard::models::{Config, Network};

use crate::lease;
use crate::model::names::{KIND_DISCOVERY, KIND_ROTATION_REQUEST, Naming};
use crate::model::snapshot::Snapshot;
use crate::oneshot;
use crate::reconcile::change::Change;
use crate::reconcile::plan::plan;
use crate::swarm::engine::{Engine, EngineError};
use crate::swarm::{apply::apply, observe};

/// Runs the command; the caller returns the exit code from `main`.
pub async fn main(instance: &str, docker_host: Option<&str>, yes: bool) -> ExitCode {
    match uninstall(instance, docker_host, yes).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bosun-controller uninstall: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn uninstall(instance: &str, docker_host: Option<&str>, yes: bool) -> anyhow::Result<()> {
    // The config's own check of the name, and a config to plan removals with.
    let config = oneshot::instance_config(instance)?;
    let engine = oneshot::engine(docker_host).await?;
    let naming = Naming::new(&config.instance);
    let snap = observe::full(&engine, &config.instance).await?;
    let changes = removals(&config, &snap);
    let configs = owned_configs(&engine, naming).await?;
    let networks = owned_networks(&engine, naming).await?;
    print_listing(instance, &changes, &configs, &networks);
    if !yes {
        println!("nothing removed: run again with --yes to remove these");
        return Ok(());
    }
    apply(&engine, &snap, &changes).await?;
    for config in &configs {
        let (id, name) = (
            config.id.as_deref().unwrap_or_default(),
            config_name(config),
        );
        engine.remove_config(id, name).await?;
    }
    for network in &networks {
        let (id, name) = (
            network.id.as_deref().unwrap_or_default(),
            network_name(network),
        );
        if let Err(e) = engine.remove_network(id, name).await {
            println!("kept network {name}: {e}");
        }
    }
    println!("removed every object of instance {instance}");
    Ok(())
}

/// Every target's objects, removed as a target that left the configuration is.
pub fn removals(config: &crate::config::Config, snap: &Snapshot) -> Vec<Change> {
    snap.managed_targets()
        .iter()
        .flat_map(|target| plan(config, target, None, snap, true).changes)
        .collect()
}

async fn owned_configs(engine: &Engine, naming: Naming<'_>) -> Result<Vec<Config>, EngineError> {
    let mut configs = engine.list_managed_configs(KIND_DISCOVERY).await?;
    configs.extend(engine.list_managed_configs(lease::store::KIND).await?);
    configs.extend(engine.list_managed_configs(KIND_ROTATION_REQUEST).await?);
    let owned = |c: &Config| naming.owns(c.spec.as_ref().and_then(|s| s.labels.as_ref()));
    Ok(configs.into_iter().filter(owned).collect())
}

async fn owned_networks(engine: &Engine, naming: Naming<'_>) -> Result<Vec<Network>, EngineError> {
    let networks = engine.list_managed_networks().await?;
    Ok(networks
        .into_iter()
        .filter(|n| naming.owns(n.labels.as_ref()))
        .collect())
}

fn config_name(config: &Config) -> &str {
    config
        .spec
        .as_ref()
        .and_then(|s| s.name.as_deref())
        .unwrap_or_default()
}

fn network_name(network: &Network) -> &str {
    network.name.as_deref().unwrap_or_default()
}

fn print_listing(instance: &str, changes: &[Change], configs: &[Config], networks: &[Network]) {
    println!("instance {instance}:");
    for change in changes {
        println!("  {change}");
    }
    for config in configs {
        println!("  remove config {}", config_name(config));
    }
    for network in networks {
        println!(
            "  remove network {} (kept if something still uses it)",
            network_name(network)
        );
    }
    if changes.is_empty() && configs.is_empty() && networks.is_empty() {
        println!("  (no objects)");
    }
}
