//! What the one-shot commands (`uninstall`, `rotate`) share: the instance name checked as the
//! config checks it, and a handle on the Engine API without a fence. They run beside the
//! controller, not as its leader: what they write is either a removal the operator asked for
//! (`uninstall --yes`, with the controller stopped) or a request the leader reads (`rotate`).

use anyhow::Context;

use crate::config::Config;
use crate::swarm::engine::Engine;

/// A config of `instance` with no targets: the instance name checked by the config's own
/// rules, and a config to plan with.
pub fn instance_config(instance: &str) -> anyhow::Result<Config> {
    crate::config::parse(&format!("instance: {instance:?}\ntargets: {{}}\n"))
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("the instance name")
}

/// The Engine API at `docker_host` (`DOCKER_HOST`'s forms; the local socket without one).
pub async fn engine(docker_host: Option<&str>) -> anyhow::Result<Engine> {
    let metrics = crate::metrics::Metrics::new().context("creating the metrics")?;
    let docker = bosun_engine::connect(docker_host)
        .await
        .context("connecting to the Docker Engine")?;
    Ok(Engine::new(docker, metrics.api_calls.clone()))
}
