//! The shared attachable overlay network that proxies and their clients join: created, labelled
//! as bosun's, when it does not exist. A create that races another one (409) is success.

use bollard::models::NetworkCreateRequest;

use crate::model::names::{self, Naming};
use crate::swarm::engine::{Engine, EngineError, Failure};

/// Creates the network `name` unless it exists.
pub async fn ensure_network(
    engine: &Engine,
    naming: Naming<'_>,
    name: &str,
) -> Result<(), EngineError> {
    let found = engine.list_networks_named(name).await?;
    if found.iter().any(|n| n.name.as_deref() == Some(name)) {
        return Ok(());
    }
    tracing::info!(network = name, "creating the shared overlay network");
    match engine.create_network(network_request(naming, name)).await {
        Err(e) if e.failure() != Failure::Conflict => Err(e),
        _ => Ok(()),
    }
}

fn network_request(naming: Naming<'_>, name: &str) -> NetworkCreateRequest {
    NetworkCreateRequest {
        name: name.to_string(),
        driver: Some("overlay".into()),
        attachable: Some(true),
        labels: Some(naming.instance_labels(names::KIND_NETWORK)),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_network_is_an_attachable_overlay_labelled_as_bosuns() {
        let request = network_request(Naming::default(), "bosun");
        assert_eq!(request.name, "bosun");
        assert_eq!(request.driver.as_deref(), Some("overlay"));
        assert_eq!(request.attachable, Some(true));
        let labels = request.labels.unwrap_or_default();
        assert!(names::is_managed(Some(&labels)));
        assert_eq!(
            labels.get(names::KIND).map(String::as_str),
            Some(names::KIND_NETWORK)
        );
    }
}
