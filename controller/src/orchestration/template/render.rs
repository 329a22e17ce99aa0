//! Template + [`Params`] + what the Swarm side resolved → the clone's `ServiceSpec`.
//!
//! Every field comes from the template or from bosun; a caller's value goes in only whole, as
//! one argv item or one environment value (`NAME=value`, the value untouched), never inside
//! another string: a value with spaces or `$(…)` stays one argument, and the image's
//! entrypoint sees it as such (no shell is involved). The spec:
//! * `<prefix>-clone-<template>-<node_id>`, one replica, restarted on failure after a delay;
//! * DNS round robin, the chosen port published `mode=host` (the clone answers on its node's
//!   address at that port);
//! * the network attached by id, with the service name as alias;
//! * the per-clone named volume (`…-data`), with bosun's labels, if the template has one;
//! * the template's resources, placement constraints, health check and user;
//! * labels: bosun's (`bosun.kind=clone`, `bosun.clone=<template>/<node_id>`, the template,
//!   node id, owner and port) and `bosun.spec-hash`, a hash of the spec without its labels:
//!   what the clone runs, not who asked for it.

use std::collections::HashMap;
use std::time::Duration;

use bollard::models::{
    EndpointPortConfig, EndpointPortConfigProtocolEnum, EndpointPortConfigPublishModeEnum,
    EndpointSpec, EndpointSpecModeEnum, HealthConfig, Limit, Mount, MountType, MountVolumeOptions,
    NetworkAttachmentConfig, ResourceObject, ServiceSpec, ServiceSpecMode,
    ServiceSpecModeReplicated, TaskSpec, TaskSpecContainerSpec, TaskSpecPlacement,
    TaskSpecResources, TaskSpecRestartPolicy, TaskSpecRestartPolicyConditionEnum,
};
use sha2::{Digest, Sha256};

use super::{
    Health, Item, MAX_SERVICE_NAME, PORT_FIELD, Params, Template, clone_service_name,
    clone_volume_name,
};
use crate::model::names;

/// How long Swarm waits before restarting a clone that failed.
const RESTART_DELAY: Duration = Duration::from_secs(5);

/// What the Swarm side resolved for one spawn.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    /// The controller's instance (names and `bosun.instance`).
    pub instance: &'a str,
    /// The id of the template's network the body named, checked to be the expected overlay.
    pub network_id: &'a str,
    /// The port chosen: the body's, or the next free one of the pool; `None` for a template
    /// without a pool.
    pub port: Option<u16>,
    /// The name of the token that asked (`bosun.owner`).
    pub owner: &'a str,
}

/// Why a spec could not be rendered: the Swarm side passed something its template refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("the template publishes a port and none was chosen")]
    PortMissing,
    #[error("port {0} is not in the template's pool")]
    PortOutsidePool(u16),
    #[error("port {0} was chosen, but the body asked for port {1}")]
    PortNotAsked(u16, u16),
    #[error("the template has no port pool, yet port {0} was chosen")]
    PortWithoutPool(u16),
    #[error("the service name {0:?} is longer than 63 characters")]
    NameTooLong(String),
    #[error("argument `{{param: {0}}}` has no value")]
    Unresolved(String),
}

/// The clone's service spec, labels and hash included.
pub fn render(
    template_name: &str,
    template: &Template,
    params: &Params,
    resolved: &Resolved<'_>,
) -> Result<ServiceSpec, RenderError> {
    let port = chosen_port(template, params, resolved.port)?;
    let node_id = params.node_id();
    let name = clone_service_name(resolved.instance, template_name, node_id);
    if name.len() > MAX_SERVICE_NAME {
        return Err(RenderError::NameTooLong(name));
    }
    let values = Values { params, port };
    let mut spec = ServiceSpec {
        name: Some(name.clone()),
        task_template: Some(task(template_name, template, &values, resolved, &name)?),
        mode: Some(ServiceSpecMode {
            replicated: Some(ServiceSpecModeReplicated { replicas: Some(1) }),
            ..Default::default()
        }),
        endpoint_spec: Some(endpoint(template, port)),
        ..Default::default()
    };
    let hash = spec_hash(&spec);
    let mut labels = clone_labels(resolved.instance, template_name, node_id, names::KIND_CLONE);
    labels.insert(names::OWNER.into(), resolved.owner.into());
    if let Some(port) = port {
        labels.insert(names::PORT.into(), port.to_string());
    }
    labels.insert(names::SPEC_HASH.into(), hash);
    spec.labels = Some(labels);
    Ok(spec)
}

/// The port the clone publishes: the resolved one, which must be the body's when it named
/// one, and in the pool.
fn chosen_port(
    template: &Template,
    params: &Params,
    resolved: Option<u16>,
) -> Result<Option<u16>, RenderError> {
    match (template.ports, resolved) {
        (None, None) => Ok(None),
        (None, Some(port)) => Err(RenderError::PortWithoutPool(port)),
        (Some(_), None) => Err(RenderError::PortMissing),
        (Some(pool), Some(port)) if !pool.contains(port) => Err(RenderError::PortOutsidePool(port)),
        (Some(_), Some(port)) => match params.port() {
            Some(asked) if asked != port => Err(RenderError::PortNotAsked(port, asked)),
            _ => Ok(Some(port)),
        },
    }
}

/// The values `{param: x}` items stand for.
struct Values<'a> {
    params: &'a Params,
    port: Option<u16>,
}

impl Values<'_> {
    /// An item's text; `None` for a parameter without a value (an optional one left out).
    fn text(&self, item: &Item) -> Option<String> {
        match item {
            Item::Literal(text) => Some(text.clone()),
            Item::Param(name) if name == super::NODE_ID_FIELD => {
                Some(self.params.node_id().to_string())
            }
            Item::Param(name) if name == PORT_FIELD => self.port.map(|p| p.to_string()),
            Item::Param(name) => self.params.values().get(name).map(|v| v.as_text()),
        }
    }
}

/// The task: container, resources, restarts, placement, network.
fn task(
    template_name: &str,
    template: &Template,
    values: &Values<'_>,
    resolved: &Resolved<'_>,
    service: &str,
) -> Result<TaskSpec, RenderError> {
    let node_id = values.params.node_id();
    let volume_labels = clone_volume_labels(resolved.instance, template_name, node_id);
    let volume_name = clone_volume_name(resolved.instance, template_name, node_id);
    Ok(TaskSpec {
        container_spec: Some(container(template, values, volume_name, volume_labels)?),
        resources: Some(resources(template)),
        restart_policy: Some(TaskSpecRestartPolicy {
            condition: Some(TaskSpecRestartPolicyConditionEnum::ON_FAILURE),
            delay: Some(nanos(RESTART_DELAY)),
            ..Default::default()
        }),
        placement: (!template.constraints.is_empty()).then(|| TaskSpecPlacement {
            constraints: Some(template.constraints.clone()),
            ..Default::default()
        }),
        networks: Some(vec![NetworkAttachmentConfig {
            target: Some(resolved.network_id.to_string()),
            aliases: Some(vec![service.to_string()]),
            ..Default::default()
        }]),
        ..Default::default()
    })
}

/// The container: image, argv, environment, user, volume, health check.
fn container(
    template: &Template,
    values: &Values<'_>,
    volume_name: String,
    volume_labels: HashMap<String, String>,
) -> Result<TaskSpecContainerSpec, RenderError> {
    let args = template
        .args
        .iter()
        .map(|item| values.text(item).ok_or_else(|| unresolved(item)))
        .collect::<Result<Vec<_>, _>>()?;
    // An optional parameter left out leaves its variable out.
    let env: Vec<String> = template
        .env
        .iter()
        .filter_map(|(name, item)| values.text(item).map(|v| format!("{name}={v}")))
        .collect();
    let mounts = template.volume.as_ref().map(|volume| {
        vec![Mount {
            target: Some(volume.target.clone()),
            source: Some(volume_name),
            typ: Some(MountType::VOLUME),
            volume_options: Some(MountVolumeOptions {
                labels: Some(volume_labels),
                ..Default::default()
            }),
            ..Default::default()
        }]
    });
    Ok(TaskSpecContainerSpec {
        image: Some(template.image.clone()),
        args: (!args.is_empty()).then_some(args),
        env: (!env.is_empty()).then_some(env),
        user: template.user.clone(),
        mounts,
        health_check: template.health.as_ref().map(health_check),
        ..Default::default()
    })
}

fn unresolved(item: &Item) -> RenderError {
    match item {
        Item::Param(name) => RenderError::Unresolved(name.clone()),
        Item::Literal(_) => RenderError::Unresolved(String::new()),
    }
}

fn resources(template: &Template) -> TaskSpecResources {
    let r = template.resources;
    let reserved = r.reserved_memory_bytes.is_some() || r.reserved_nano_cpus.is_some();
    TaskSpecResources {
        limits: Some(Limit {
            nano_cpus: Some(r.nano_cpus),
            memory_bytes: Some(r.memory_bytes),
            ..Default::default()
        }),
        reservations: reserved.then(|| ResourceObject {
            nano_cpus: r.reserved_nano_cpus,
            memory_bytes: r.reserved_memory_bytes,
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn health_check(health: &Health) -> HealthConfig {
    HealthConfig {
        test: Some(health.test.clone()),
        interval: Some(nanos(health.interval)),
        timeout: Some(nanos(health.timeout)),
        retries: Some(i64::from(health.retries)),
        start_period: Some(nanos(health.start_period)),
        ..Default::default()
    }
}

/// DNS round robin (no virtual IP), and the port published on the clone's node only.
fn endpoint(template: &Template, port: Option<u16>) -> EndpointSpec {
    let published = template.ports.zip(port).map(|(pool, port)| {
        vec![EndpointPortConfig {
            protocol: Some(EndpointPortConfigProtocolEnum::TCP),
            target_port: Some(i64::from(pool.target)),
            published_port: Some(i64::from(port)),
            publish_mode: Some(EndpointPortConfigPublishModeEnum::HOST),
            ..Default::default()
        }]
    });
    EndpointSpec {
        mode: Some(EndpointSpecModeEnum::DNSRR),
        ports: published,
    }
}

/// The labels Swarm gives a clone's named volume when it makes it on a node (a purge removes
/// only a volume that carries them all).
pub fn clone_volume_labels(
    instance: &str,
    template: &str,
    node_id: &str,
) -> HashMap<String, String> {
    clone_labels(instance, template, node_id, names::KIND_CLONE_VOLUME)
}

/// The labels of a clone's objects (its service, its volume).
fn clone_labels(
    instance: &str,
    template: &str,
    node_id: &str,
    kind: &str,
) -> HashMap<String, String> {
    let mut labels = names::Naming::new(instance).instance_labels(kind);
    labels.insert(names::CLONE.into(), format!("{template}/{node_id}"));
    labels.insert(names::TEMPLATE.into(), template.into());
    labels.insert(names::NODE_ID.into(), node_id.into());
    labels
}

/// A short hash of a spec: the first 8 bytes of the SHA-256 of its JSON, hex, as a proxy's
/// `bosun.spec-hash` is made (`crate::reconcile::proxy_spec`). The spec goes through
/// `serde_json::Value` first, whose objects are sorted by key, so the labels' `HashMap`s hash
/// the same in every process.
pub fn spec_hash(spec: &ServiceSpec) -> String {
    let canonical = serde_json::to_value(spec)
        .map(|v| v.to_string())
        .unwrap_or_default();
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// A duration in the Engine's nanoseconds (the config bounds every duration far below the
/// limit).
fn nanos(duration: Duration) -> i64 {
    i64::try_from(duration.as_nanos()).unwrap_or(i64::MAX)
}
