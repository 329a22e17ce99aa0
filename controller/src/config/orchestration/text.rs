//! The text shape of the `orchestration` section (docs/orchestration.md): what serde reads and
//! what the JSON Schema describes. Unknown fields are errors everywhere; values are kept as
//! written, with their position, for `validate.rs` and `template.rs` to check.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::config::location::{Located, LocatedMap};
use crate::config::text::{DurationText, PeriodText, SizeText};
use crate::config::values::{ENV_NAME_PATTERN, TARGET_NAME_PATTERN};

/// The orchestration API (architecture §8): an HTTP API that spawns clone services from
/// templates. Off unless `enabled` or ENABLE_SERVICE_ORCHESTRATION=true.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Orchestration")]
pub struct OrchestrationText {
    /// Serve the API (ENABLE_SERVICE_ORCHESTRATION=true also turns it on).
    #[serde(default)]
    #[schemars(extend("default" = false))]
    pub enabled: Option<bool>,
    /// The API's own listener, apart from health, metrics and discovery.
    #[serde(default)]
    #[schemars(extend("default" = "0.0.0.0:8090"))]
    pub listen: Option<Located<String>>,
    /// A clone stopped (scaled to 0) for longer than this is removed; `0` (the default) never.
    /// At least 1m when on.
    #[serde(default)]
    pub cleanup_stopped_after: Option<Located<PeriodText>>,
    /// Rate limits, caps and the largest body.
    #[serde(default)]
    pub limits: Option<LimitsText>,
    /// The audit trail.
    #[serde(default)]
    pub audit: Option<AuditText>,
    /// The bearer tokens, by SHA-256 (`bosun-controller token new` prints an entry).
    #[serde(default)]
    pub tokens: Option<Vec<Located<TokenText>>>,
    /// The templates clones are made from, by name (`[a-z0-9][a-z0-9-]{0,30}`); the name is
    /// the `{template}` of the API's routes.
    #[serde(default)]
    #[schemars(schema_with = "templates_schema")]
    pub templates: Option<LocatedMap<Located<TemplateText>>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "OrchestrationLimits")]
pub struct LimitsText {
    /// Requests per minute per token.
    #[serde(default)]
    #[schemars(extend("default" = 120), range(min = 1, max = 4294967295u32))]
    pub per_token_per_minute: Option<Located<u64>>,
    /// Requests per minute per peer address.
    #[serde(default)]
    #[schemars(extend("default" = 240), range(min = 1, max = 4294967295u32))]
    pub per_peer_per_minute: Option<Located<u64>>,
    /// Spawns in progress at once, over all tokens.
    #[serde(default)]
    #[schemars(extend("default" = 4), range(min = 1, max = 4294967295u32))]
    pub concurrent_spawns: Option<Located<u64>>,
    /// Clones (and pending requests) one token may own at once.
    #[serde(default)]
    #[schemars(extend("default" = 50), range(min = 1, max = 4294967295u32))]
    pub quota_per_token: Option<Located<u64>>,
    /// NODE_OPERATOR requests waiting for approval at once.
    #[serde(default)]
    #[schemars(extend("default" = 100), range(min = 1, max = 4294967295u32))]
    pub pending_requests: Option<Located<u64>>,
    /// The largest request body, in bytes (1024 to 1048576).
    #[serde(default)]
    #[schemars(extend("default" = 16384), range(min = 1024, max = 1048576))]
    pub max_body_bytes: Option<Located<u64>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "OrchestrationAudit")]
pub struct AuditText {
    /// Records older than this are pruned (at least 1d).
    #[serde(default)]
    #[schemars(extend("default" = "90d"))]
    pub retention: Option<Located<DurationText>>,
    /// The most records kept; the oldest go first.
    #[serde(default)]
    #[schemars(extend("default" = 100000), range(min = 1, max = 4294967295u32))]
    pub max_records: Option<Located<u64>>,
}

/// One bearer token: the config holds its SHA-256, never the token.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Token")]
pub struct TokenText {
    /// Who the token is (audit records, `bosun.owner` labels); unique.
    #[schemars(extend("pattern" = r"^[a-z0-9][a-z0-9_.-]{0,62}$"))]
    pub name: Located<String>,
    /// The SHA-256 of the token, 64 hex digits; unique.
    #[schemars(extend("pattern" = r"^[0-9a-fA-F]{64}$"))]
    pub sha256: Located<String>,
    /// SUPER_ADMIN, ADMIN, NODE_OPERATOR or USER.
    #[schemars(extend("enum" = ["SUPER_ADMIN", "ADMIN", "NODE_OPERATOR", "USER"]))]
    pub role: Located<String>,
    /// The node ids a NODE_OPERATOR acts for (required for one, refused for other roles).
    #[serde(default)]
    pub node_ids: Option<Vec<Located<String>>>,
    /// When the token stops working (RFC 3339, `2027-06-01T00:00:00Z`); never by default.
    #[serde(default)]
    pub expires: Option<Located<String>>,
}

/// A template: everything a clone is, except the values its parameters declare.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Template")]
pub struct TemplateText {
    /// The image every clone runs.
    pub image: Located<String>,
    /// The permission a caller needs on top of the route's; a template named `mongodb` that
    /// names none needs MANAGE_MONGODB_INSTANCES.
    #[serde(default)]
    #[schemars(extend("enum" = [
        "SPAWN_SERVICES", "CLONE_SERVICES", "MANAGE_MONGODB_INSTANCES",
        "VIEW_SPAWNED_SERVICES", "MANAGE_SERVICE_LIFECYCLE", "ORCHESTRATE_CONTAINERS"
    ]))]
    pub permission: Option<Located<String>>,
    /// The clone's identity (the body's required `node_id`): a regex matched whole, that may
    /// only accept a-z, 0-9, '_' and '-', with every repetition bounded so the service name
    /// `<prefix>-clone-<template>-<node_id>` stays within 63 characters.
    pub node_id: NodeIdText,
    /// The caller's values, by name (`[a-z][a-z0-9_]{0,31}`; not node_id, port or network).
    #[serde(default)]
    #[schemars(schema_with = "parameters_schema")]
    pub parameters: Option<LocatedMap<Located<ParameterText>>>,
    /// The container's arguments: literals, or `{param: NAME}` for one whole value (a
    /// required parameter, `node_id` or `port`).
    #[serde(default)]
    pub args: Option<Vec<Located<ItemText>>>,
    /// The container's environment: NAME: a literal or `{param: NAME}` (an optional parameter
    /// not given leaves its variable out).
    #[serde(default)]
    #[schemars(schema_with = "env_schema")]
    pub env: Option<LocatedMap<Located<ItemText>>>,
    /// The ports clones publish (mode=host) and their port in the container; with it, the
    /// body may name a `port` from the pool (the next free one otherwise).
    #[serde(default)]
    pub ports: Option<Located<PortsText>>,
    /// The networks a clone may join, by name (not host, bridge, none or ingress): the body's
    /// `network` must be one; it may be left out when there is only one.
    #[schemars(length(min = 1))]
    pub networks: Located<Vec<Located<String>>>,
    /// A named volume per clone (`<service>-data`), kept when the clone is removed.
    #[serde(default)]
    pub volume: Option<Located<VolumeText>>,
    /// Limits (required: a clone without a memory limit can take its node down) and
    /// reservations.
    pub resources: ResourcesText,
    /// Where clones may run.
    #[serde(default)]
    pub placement: Option<PlacementText>,
    /// The container's health check; a clone's health is its task state plus this check.
    #[serde(default)]
    pub health: Option<Located<HealthText>>,
    /// The most clones of this template at once.
    #[schemars(range(min = 1, max = 10000))]
    pub max_clones: Located<u64>,
    /// The user the container runs as (`999:999`); the image's by default.
    #[serde(default)]
    pub user: Option<Located<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "NodeIdPattern")]
pub struct NodeIdText {
    /// A regex matched against the whole node_id (`node_[a-z0-9]{1,32}`).
    pub pattern: Located<String>,
}

/// One parameter: exactly one of `pattern`, `integer`, `enum`, `format`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Parameter",
    extend("oneOf" = [
        {"required": ["pattern"]}, {"required": ["integer"]},
        {"required": ["enum"]}, {"required": ["format"]}
    ])
)]
pub struct ParameterText {
    /// A string the regex matches whole.
    #[serde(default)]
    pub pattern: Option<Located<String>>,
    /// An integer in a range.
    #[serde(default)]
    pub integer: Option<Located<IntegerText>>,
    /// A string, one of these.
    #[serde(default, rename = "enum")]
    #[schemars(length(min = 1))]
    pub one_of: Option<Located<Vec<Located<String>>>>,
    /// A named format: `tron-address` (Base58Check, 34 characters, `T…`).
    #[serde(default)]
    #[schemars(extend("enum" = ["tron-address"]))]
    pub format: Option<Located<String>>,
    /// Whether the body may leave it out (then it may not be an argument).
    #[serde(default)]
    #[schemars(extend("default" = false))]
    pub optional: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "IntegerRange")]
pub struct IntegerText {
    pub min: i64,
    pub max: i64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Ports")]
pub struct PortsText {
    /// The published ports, `FIRST-LAST` (`27017-27116`).
    #[schemars(extend("pattern" = r"^[0-9]{1,5}-[0-9]{1,5}$"))]
    pub pool: Located<String>,
    /// The port in the container.
    #[schemars(range(min = 1, max = 65535))]
    pub target: Located<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CloneVolume")]
pub struct VolumeText {
    /// Where the volume is mounted: an absolute path.
    #[schemars(extend("pattern" = "^/"))]
    pub target: Located<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CloneResources")]
pub struct ResourcesText {
    /// Required: memory and cpus.
    pub limits: Located<CloneLimitsText>,
    #[serde(default)]
    pub reservations: Option<Located<ReservationsText>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CloneLimits")]
pub struct CloneLimitsText {
    /// `512M`, `1G` (binary units, as in Docker).
    pub memory: Located<SizeText>,
    /// `0.5`.
    #[schemars(range(min = 0.000000001))]
    pub cpus: Located<f64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CloneReservations")]
pub struct ReservationsText {
    /// At most the limit.
    #[serde(default)]
    pub memory: Option<Located<SizeText>>,
    /// At most the limit.
    #[serde(default)]
    #[schemars(range(min = 0.000000001))]
    pub cpus: Option<Located<f64>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ClonePlacement")]
pub struct PlacementText {
    /// Swarm placement constraints (`node.role==worker`).
    pub constraints: Vec<Located<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CloneHealth")]
pub struct HealthText {
    /// `["CMD", "/bin/probe", …]` or `["CMD-SHELL", "…"]`.
    #[schemars(length(min = 2))]
    pub test: Vec<String>,
    #[serde(default)]
    #[schemars(extend("default" = "10s"))]
    pub interval: Option<Located<DurationText>>,
    #[serde(default)]
    #[schemars(extend("default" = "5s"))]
    pub timeout: Option<Located<DurationText>>,
    #[serde(default)]
    #[schemars(extend("default" = 3), range(min = 1, max = 100))]
    pub retries: Option<Located<u64>>,
    /// `0` (the default) for none.
    #[serde(default)]
    pub start_period: Option<Located<PeriodText>>,
}

/// An argv item or environment value: a literal scalar as written, or `{param: NAME}`.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemText {
    Literal(String),
    Param(String),
}

impl<'de> Deserialize<'de> for ItemText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = ItemText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a literal or {param: NAME}")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ItemText, E> {
        Ok(ItemText::Literal(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ItemText, E> {
        Ok(ItemText::Literal(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ItemText, E> {
        Ok(ItemText::Literal(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ItemText, E> {
        Ok(ItemText::Literal(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<ItemText, E> {
        Ok(ItemText::Literal(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ItemText, A::Error> {
        let Some(key) = map.next_key::<String>()? else {
            return Err(de::Error::custom("expected {param: NAME}, found {}"));
        };
        if key != "param" {
            return Err(de::Error::unknown_field(&key, &["param"]));
        }
        let name = map.next_value::<String>()?;
        if let Some(extra) = map.next_key::<String>()? {
            return Err(de::Error::unknown_field(&extra, &["param"]));
        }
        Ok(ItemText::Param(name))
    }
}

impl JsonSchema for ItemText {
    fn schema_name() -> Cow<'static, str> {
        "Item".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A literal, or {param: NAME}: one whole parameter value.",
            "oneOf": [
                { "type": ["string", "number", "boolean"] },
                {
                    "type": "object",
                    "properties": { "param": { "type": "string" } },
                    "required": ["param"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

fn templates_schema(generator: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "propertyNames": { "pattern": TARGET_NAME_PATTERN },
        "additionalProperties": generator.subschema_for::<TemplateText>(),
    })
}

fn parameters_schema(generator: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "propertyNames": {
            "pattern": PARAMETER_NAME_PATTERN,
            "not": { "enum": ["node_id", "port", "network"] }
        },
        "additionalProperties": generator.subschema_for::<ParameterText>(),
    })
}

fn env_schema(generator: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "propertyNames": { "pattern": ENV_NAME_PATTERN },
        "additionalProperties": generator.subschema_for::<ItemText>(),
    })
}

/// The rule of parameter names, for the schema.
pub const PARAMETER_NAME_PATTERN: &str = "^[a-z][a-z0-9_]{0,31}$";
