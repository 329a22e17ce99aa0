//! Templates: the only way the orchestration API makes a service. A template
//! (`orchestration.templates.NAME` in the config) fixes everything about a clone — image,
//! argv, environment, resources, networks, ports, volume, health check — except a few values
//! the caller supplies, each declared with its validation. Nothing of a request reaches a
//! service spec but those values, and each goes in whole: as one argv item or one environment
//! value, never spliced into a string.
//!
//! The flow, all pure (no Engine call):
//! 1. the config builds a [`Template`] (`crate::config`, which also checks what can be checked
//!    before any request: the node_id pattern's alphabet and length, `{param: x}` references);
//! 2. [`Template::validate`] turns a request body into [`Params`] or a [`ParamError`];
//! 3. [`render`] turns (template, params, what the Swarm side resolved) into a `ServiceSpec`;
//! 4. [`assert_safe`] refuses a spec that could escape its container; the Swarm side calls it
//!    before every create, whatever made the spec.
//!
//! # Layout
//! * `mod.rs` (this file) — the template's parts, the node id rule, the service name rule;
//! * `node_id` — what a node_id pattern can match: its alphabet and its longest match;
//! * `params` — a request body → [`Params`];
//! * `tron` — the `tron-address` format (Base58Check);
//! * `render` — template + params → `ServiceSpec`, its labels and hash;
//! * `safety` — [`assert_safe`], the last check before a create;
//! * `property` — the property test: no template and parameters render an unsafe service.
//!
//! [`ParamError`]: crate::orchestration::model::ParamError

use std::collections::BTreeMap;
use std::time::Duration;

use bosun_core::policy::UserRegex;

use crate::model::names::Naming;
use crate::orchestration::model::Permission;

mod node_id;
mod params;
#[cfg(test)]
mod property;
mod render;
mod safety;
mod tron;

pub use node_id::node_id_shape;
pub use params::{MAX_STRING_BYTES, Params};
pub use safety::FORBIDDEN_NETWORKS;
pub use tron::check_tron_address;
// What the Swarm side calls (issue 13): it lands after this module.
#[allow(
    unused_imports,
    reason = "the Swarm side of the orchestration API calls these"
)]
pub use {
    node_id::NodeIdShape,
    params::ParamValue,
    render::{RenderError, Resolved, clone_volume_labels, render, spec_hash},
    safety::assert_safe,
};

/// Docker's longest service name (a DNS label).
pub const MAX_SERVICE_NAME: usize = 63;

/// The body fields every template has besides its own parameters.
pub const NODE_ID_FIELD: &str = "node_id";
pub const PORT_FIELD: &str = "port";
pub const NETWORK_FIELD: &str = "network";

/// One template, validated by the config.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The image every clone runs.
    pub image: String,
    /// The permission a caller needs on top of the route's (`MANAGE_MONGODB_INSTANCES` for a
    /// template named `mongodb` that names none); `None`: the route's alone.
    pub permission: Option<Permission>,
    /// The clone's identity in its caller's network, matched whole; [`valid_node_id`] applies
    /// whatever the pattern says.
    pub node_id: UserRegex,
    /// The caller's values, by name (never `node_id`, `port` or `network`).
    pub parameters: BTreeMap<String, Parameter>,
    /// The container's arguments (the image's entrypoint stays).
    pub args: Vec<Item>,
    /// The container's environment, by variable name.
    pub env: BTreeMap<String, Item>,
    /// The port pool; `None`: the clone publishes no port and `port` is not a field.
    pub ports: Option<PortPool>,
    /// The networks a clone may join, by name; at least one.
    pub networks: Vec<String>,
    /// A named volume per clone, kept when the clone is removed.
    pub volume: Option<Volume>,
    pub resources: Resources,
    /// Swarm placement constraints (`node.role==worker`).
    pub constraints: Vec<String>,
    pub health: Option<Health>,
    /// The most clones of this template at once.
    pub max_clones: u32,
    /// The user the container runs as (`999:999`); the image's when `None`.
    pub user: Option<String>,
}

/// One declared parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub kind: ParamKind,
    /// A required parameter missing from a body is refused; an optional one is left out (it
    /// may only be an environment value, where leaving it out shifts nothing).
    pub optional: bool,
}

/// How a parameter's value is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamKind {
    /// A string the regex matches whole.
    Pattern(UserRegex),
    /// A JSON integer in `min..=max`.
    Integer { min: i64, max: i64 },
    /// A string, one of these.
    Enum(Vec<String>),
    /// A string of a named format.
    Format(Format),
}

/// The named formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A TRON account address: Base58Check, 34 characters, `T…`, version byte 0x41.
    TronAddress,
}

impl Format {
    pub const ALL: [Format; 1] = [Format::TronAddress];

    pub fn name(self) -> &'static str {
        match self {
            Format::TronAddress => "tron-address",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// One argv item or environment value: written in the template, or one whole parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Literal(String),
    /// A declared parameter, `node_id`, or `port` (the chosen port).
    Param(String),
}

/// The ports clones publish from: `first..=last` on the node (mode=host), `target` in the
/// container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortPool {
    pub first: u16,
    pub last: u16,
    pub target: u16,
}

impl PortPool {
    pub fn contains(&self, port: u16) -> bool {
        (self.first..=self.last).contains(&port)
    }
}

/// The per-clone named volume and where it is mounted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    /// An absolute path in the container.
    pub target: String,
}

/// A clone's resources: limits are required (a clone without a memory limit can take a node
/// down), reservations are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resources {
    pub memory_bytes: i64,
    pub nano_cpus: i64,
    pub reserved_memory_bytes: Option<i64>,
    pub reserved_nano_cpus: Option<i64>,
}

/// The container's Docker health check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// `["CMD", …]` or `["CMD-SHELL", "…"]`.
    pub test: Vec<String>,
    pub interval: Duration,
    pub timeout: Duration,
    pub retries: u32,
    pub start_period: Duration,
}

impl Template {
    /// The permission this template's spawn and delete need on top of the route's.
    pub fn extra_permission(&self) -> Option<Permission> {
        self.permission
    }

    /// Whether `{param: name}` may stand in this template's args or env.
    pub fn can_reference(&self, name: &str) -> bool {
        name == NODE_ID_FIELD
            || (name == PORT_FIELD && self.ports.is_some())
            || self.parameters.contains_key(name)
    }
}

/// Whatever a template's pattern says, a node_id is 1-63 of `a-z`, `0-9`, `_` and `-`,
/// starting with a letter or digit: it goes into a service name, a volume name and labels.
pub fn valid_node_id(node_id: &str) -> bool {
    let mut bytes = node_id.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    first_ok && node_id.len() <= MAX_SERVICE_NAME && bytes.all(node_id_byte)
}

/// A byte a node_id may hold.
pub fn node_id_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
}

/// The service of the clone of `template` for `node_id`: `<prefix>-clone-<template>-<node_id>`,
/// with the instance's prefix (`bosun`, or `<instance>-` for another instance).
pub fn clone_service_name(instance: &str, template: &str, node_id: &str) -> String {
    Naming::new(instance).clone_service(template, node_id)
}

/// The clone's named volume: its service name and `-data`.
pub fn clone_volume_name(instance: &str, template: &str, node_id: &str) -> String {
    format!("{}-data", clone_service_name(instance, template, node_id))
}

/// The longest node_id a template's clones may have in `instance` so that their service name
/// stays within [`MAX_SERVICE_NAME`]; `None` when even an empty one would not fit.
pub fn longest_node_id(instance: &str, template: &str) -> Option<usize> {
    MAX_SERVICE_NAME.checked_sub(clone_service_name(instance, template, "").len())
}

#[cfg(test)]
pub(crate) mod tests;
