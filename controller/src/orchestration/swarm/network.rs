//! The network a spawn names, resolved by name on the server: it must exist and be an overlay
//! of swarm scope (a clone on a local bridge, or on `host`, is not what any template means).
//! The caller never hands an id; the template already limited the name to its own list.

use bollard::models::Network;

use crate::orchestration::api::backend::BackendError;
use crate::orchestration::model::ParamError;
use crate::orchestration::template::NETWORK_FIELD;
use crate::swarm::engine::Engine;

/// The id of the overlay network named exactly `name`.
pub async fn resolve(engine: &Engine, name: &str) -> Result<String, BackendError> {
    let found = engine
        .list_networks_named(name)
        .await
        .map_err(|e| BackendError::Engine(format!("{e:#}")))?;
    pick(&found, name)
}

/// Of the networks the Engine listed (its name filter matches substrings), the one named
/// `name`, if it is a swarm overlay.
pub fn pick(networks: &[Network], name: &str) -> Result<String, BackendError> {
    let invalid = |reason: &str| {
        BackendError::Params(ParamError::Invalid {
            field: NETWORK_FIELD.into(),
            reason: reason.into(),
        })
    };
    let network = networks
        .iter()
        .find(|n| n.name.as_deref() == Some(name))
        .ok_or_else(|| invalid("no network of that name exists in the swarm"))?;
    let overlay = network.driver.as_deref() == Some("overlay");
    let swarm = network.scope.as_deref() == Some("swarm");
    if !(overlay && swarm) {
        return Err(invalid(
            "the network is not an overlay network of the swarm",
        ));
    }
    network
        .id
        .clone()
        .filter(|id| !id.is_empty())
        .ok_or_else(|| BackendError::Engine(format!("network {name} has no id")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(name: &str, driver: &str, scope: &str) -> Network {
        Network {
            name: Some(name.into()),
            id: Some(format!("id-{name}")),
            driver: Some(driver.into()),
            scope: Some(scope.into()),
            ..Default::default()
        }
    }

    fn is_invalid_network(r: Result<String, BackendError>) -> bool {
        matches!(r, Err(BackendError::Params(ParamError::Invalid { field, .. })) if field == "network")
    }

    #[test]
    fn only_the_exact_swarm_overlay() {
        let listed = [
            net("apps-old", "overlay", "swarm"),
            net("apps", "overlay", "swarm"),
        ];
        assert_eq!(pick(&listed, "apps"), Ok("id-apps".into()));
        assert!(
            is_invalid_network(pick(&listed[..1], "apps")),
            "a substring is not a match"
        );
        assert!(is_invalid_network(pick(
            &[net("apps", "bridge", "local")],
            "apps"
        )));
        assert!(is_invalid_network(pick(
            &[net("apps", "overlay", "local")],
            "apps"
        )));
        assert!(is_invalid_network(pick(&[], "apps")));
    }
}
