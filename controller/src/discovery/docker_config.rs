//! The discovery record as a versioned Docker config, for clients that would rather mount a
//! file than poll the controller (`BOSUN_DISCOVERY_FILE`): `bosun-discovery-v<generation>`,
//! labelled `bosun.managed-by=bosun`, `bosun.kind=discovery`, `bosun.generation=<g>`, and
//! `bosun.signature=<the signature line>` over its data, which is the record's exact bytes as
//! `/v1/discovery` serves them.
//!
//! Docker configs are immutable, so every generation is a new config. [`publish`] creates the
//! current one (a 409 means it is already there: fine) and removes the older discovery
//! configs that no service references (a service that mounts one keeps it until the service
//! moves on). It only ever removes configs labelled `bosun.managed-by=bosun` and
//! `bosun.kind=discovery` of its own instance (`bosun.instance`) whose generation is older than
//! the one just published; another instance's are named `<instance>--discovery-v<g>`.

use std::collections::HashSet;

use super::store::Signed;
use crate::model::names::{self, GENERATION, KIND_DISCOVERY, Naming, SIGNATURE};
use crate::swarm::engine::{Engine, EngineError, Failure};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bollard::models::{Config, ConfigSpec, Service};

/// Creates the config of `signed` and removes the unreferenced older ones. Fails on the first
/// create or list error; a removal that fails is logged and the others are still tried, and
/// the first such failure is returned at the end.
pub async fn publish(
    engine: &Engine,
    naming: Naming<'_>,
    signed: &Signed,
) -> Result<(), EngineError> {
    let record = &signed.record;
    let name = naming.discovery_config(record.generation);
    match engine.create_config(spec(naming, signed)).await {
        Ok(_) => tracing::info!(config = %name, "discovery record published as a Docker config"),
        Err(e) if e.failure() == Failure::Conflict => {}
        Err(e) => return Err(e),
    }
    let configs = engine.list_managed_configs(KIND_DISCOVERY).await?;
    let stale: Vec<&Config> = configs
        .iter()
        .filter(|c| is_older_discovery_config(naming, c, record.generation))
        .collect();
    if stale.is_empty() {
        return Ok(());
    }
    let services = engine.list_services().await?;
    let used = referenced_configs(&services);
    let mut first_error = None;
    for config in stale {
        let (Some(id), name) = (config.id.as_deref(), config_spec_name(config)) else {
            continue;
        };
        if used.contains(id) || name.is_some_and(|n| used.contains(n)) {
            continue;
        }
        let shown = name.unwrap_or(id).to_owned();
        match engine.remove_config(id, &shown).await {
            Ok(()) => tracing::info!(config = %shown, "removed an old discovery config"),
            // gone already, or a service started using it since the list: leave it
            Err(e) if matches!(e.failure(), Failure::NotFound | Failure::InUse) => {}
            Err(e) => {
                tracing::warn!(config = %shown, error = %e, "removing an old discovery config");
                first_error.get_or_insert(e);
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// The config to create for `signed`: its exact bytes, its signature in a label.
pub(super) fn spec(naming: Naming<'_>, signed: &Signed) -> ConfigSpec {
    let generation = signed.record.generation;
    let mut labels = naming.instance_labels(KIND_DISCOVERY);
    labels.insert(GENERATION.to_owned(), generation.to_string());
    labels.insert(SIGNATURE.to_owned(), signed.signature.clone());
    ConfigSpec {
        name: Some(naming.discovery_config(generation)),
        labels: Some(labels),
        data: Some(STANDARD.encode(&signed.json)),
        ..ConfigSpec::default()
    }
}

fn config_spec_name(config: &Config) -> Option<&str> {
    config.spec.as_ref()?.name.as_deref()
}

/// A discovery config bosun made, of a generation older than `current`. The labels are
/// checked again here (not only by the list filter): nothing else is ever removed.
fn is_older_discovery_config(naming: Naming<'_>, config: &Config, current: u64) -> bool {
    let Some(labels) = config.spec.as_ref().and_then(|s| s.labels.as_ref()) else {
        return false;
    };
    naming.owns(Some(labels))
        && labels.get(names::KIND).map(String::as_str) == Some(KIND_DISCOVERY)
        && generation_of(config).is_some_and(|g| g < current)
}

/// The record generation a discovery config holds (its `bosun.generation` label).
pub fn generation_of(config: &Config) -> Option<u64> {
    config
        .spec
        .as_ref()?
        .labels
        .as_ref()?
        .get(GENERATION)?
        .parse()
        .ok()
}

/// The ids and names of every config some service's task template mounts.
fn referenced_configs(services: &[Service]) -> HashSet<&str> {
    services
        .iter()
        .filter_map(|s| {
            s.spec
                .as_ref()?
                .task_template
                .as_ref()?
                .container_spec
                .as_ref()?
                .configs
                .as_ref()
        })
        .flatten()
        .flat_map(|c| [c.config_id.as_deref(), c.config_name.as_deref()])
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use bollard::models::{
        ServiceSpec, TaskSpec, TaskSpecContainerSpec, TaskSpecContainerSpecConfigs,
    };

    fn config(id: &str, labels: &[(&str, &str)]) -> Config {
        Config {
            id: Some(id.into()),
            spec: Some(ConfigSpec {
                name: Some(format!("name-{id}")),
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect(),
                ),
                ..ConfigSpec::default()
            }),
            ..Config::default()
        }
    }

    #[test]
    fn the_config_holds_the_record_with_its_labels() {
        let store = crate::discovery::store::tests::store();
        let signed = store.current();
        let spec = spec(Naming::default(), &signed);
        let g = signed.record.generation;
        assert_eq!(spec.name, Some(format!("bosun-discovery-v{g}")));
        let labels = spec.labels.unwrap();
        assert_eq!(labels["bosun.managed-by"], "bosun");
        assert_eq!(labels["bosun.kind"], "discovery");
        assert_eq!(labels["bosun.generation"], g.to_string());
        assert_eq!(labels["bosun.signature"], signed.signature);
        assert!(labels["bosun.signature"].starts_with("keyid="));
        assert!(!labels.contains_key("bosun.target"));
        let json = STANDARD.decode(spec.data.unwrap()).unwrap();
        assert_eq!(json, signed.json.as_bytes(), "the exact bytes served");
    }

    #[test]
    fn only_older_managed_discovery_configs_are_candidates() {
        let managed = [("bosun.managed-by", "bosun"), ("bosun.kind", "discovery")];
        fn with_gen(g: &'static str) -> Vec<(&'static str, &'static str)> {
            vec![
                ("bosun.managed-by", "bosun"),
                ("bosun.kind", "discovery"),
                ("bosun.generation", g),
            ]
        }
        assert!(is_older_discovery_config(
            Naming::default(),
            &config("a", &with_gen("5")),
            6
        ));
        assert!(!is_older_discovery_config(
            Naming::default(),
            &config("a", &with_gen("6")),
            6
        ));
        assert!(!is_older_discovery_config(
            Naming::default(),
            &config("a", &with_gen("7")),
            6
        ));
        assert!(!is_older_discovery_config(
            Naming::default(),
            &config("a", &with_gen("x")),
            6
        ));
        assert!(!is_older_discovery_config(
            Naming::default(),
            &config("a", &managed),
            6
        ));
        let foreign = [("bosun.kind", "discovery"), ("bosun.generation", "1")];
        assert!(!is_older_discovery_config(
            Naming::default(),
            &config("a", &foreign),
            6
        ));
        let other_kind = [
            ("bosun.managed-by", "bosun"),
            ("bosun.kind", "host-key"),
            ("bosun.generation", "1"),
        ];
        assert!(!is_older_discovery_config(
            Naming::default(),
            &config("a", &other_kind),
            6
        ));
        assert!(!is_older_discovery_config(
            Naming::default(),
            &Config::default(),
            6
        ));
    }

    #[test]
    fn references_are_read_from_every_task_template() {
        let service = |configs: Vec<TaskSpecContainerSpecConfigs>| Service {
            spec: Some(ServiceSpec {
                task_template: Some(TaskSpec {
                    container_spec: Some(TaskSpecContainerSpec {
                        configs: Some(configs),
                        ..TaskSpecContainerSpec::default()
                    }),
                    ..TaskSpec::default()
                }),
                ..ServiceSpec::default()
            }),
            ..Service::default()
        };
        let services = [
            service(vec![TaskSpecContainerSpecConfigs {
                config_id: Some("id1".into()),
                config_name: Some("bosun-discovery-v1".into()),
                ..TaskSpecContainerSpecConfigs::default()
            }]),
            service(vec![TaskSpecContainerSpecConfigs {
                config_id: Some("id2".into()),
                ..TaskSpecContainerSpecConfigs::default()
            }]),
            Service::default(),
        ];
        let used = referenced_configs(&services);
        assert_eq!(used, HashSet::from(["id1", "bosun-discovery-v1", "id2"]));
    }
}
