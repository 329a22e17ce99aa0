//! The text shape of the configuration file (docs/controller.md, "Configuration file"): what
//! serde reads and what the JSON Schema describes. Unknown fields are errors everywhere.
//!
//! Only structure and types are checked here; serde stops at the first such error. Values that
//! need checking (names, paths, sizes, durations, ...) are kept as written, with their
//! position, so `validate.rs` can report every bad one. A target's `policy` is the exception:
//! it is the proxy's own policy format and is validated while it is read (`bosun_core::policy`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use bosun_core::policy::Policy;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

use super::location::{Located, LocatedMap};
use super::orchestration::text::OrchestrationText;
use super::values::{ENV_NAME_PATTERN, TARGET_NAME_PATTERN};

/// Configuration of bosun-controller, the operator that deploys SSH exec proxies next to
/// Docker Swarm services (docs/controller.md).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "bosun controller configuration")]
pub struct ConfigText {
    /// This deployment's name, on every object it makes (`bosun.instance`); it touches only
    /// its own. 1-12 of a-z, 0-9 and '-'. Other than `bosun`, names are prefixed `<instance>--`.
    #[serde(default)]
    #[schemars(extend("default" = "bosun", "pattern" = "^[a-z][a-z0-9-]{0,11}$"))]
    pub instance: Option<Located<String>>,
    /// Allow a config that removes every target that has proxies now (refused otherwise).
    #[serde(default)]
    #[schemars(extend("default" = false))]
    pub allow_remove_all: Option<bool>,
    /// The shared attachable overlay network proxies and clients join (created if missing).
    #[serde(default)]
    #[schemars(extend("default" = "bosun"))]
    pub network: Option<Located<String>>,
    /// How proxies are run.
    #[serde(default)]
    pub proxy: Option<ProxyText>,
    /// How often the controller looks at Swarm.
    #[serde(default)]
    pub intervals: Option<IntervalsText>,
    /// Where the discovery record is published.
    #[serde(default)]
    pub discovery: Option<DiscoveryText>,
    /// Targets declared with `bosun.*` labels on services.
    #[serde(default)]
    pub labels: Option<LabelsText>,
    /// When keys are rotated (docs/keys.md): every target's, unless it sets its own.
    #[serde(default)]
    pub rotation: Option<RotationText>,
    /// The targets, by name (`[a-z0-9][a-z0-9-]{0,30}`). Required: `targets: {}` for none.
    #[serde(default)]
    #[schemars(schema_with = "targets_schema")]
    pub targets: Option<LocatedMap<Located<TargetText>>>,
    /// The orchestration API (docs/orchestration.md): clone services from templates, behind
    /// bearer tokens. Off by default.
    #[serde(default)]
    pub orchestration: Option<OrchestrationText>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Proxy")]
pub struct ProxyText {
    /// The proxy image.
    #[serde(default)]
    #[schemars(extend("default" = "bosun/proxy:latest"))]
    pub image: Option<Located<String>>,
    /// The SSH port proxies listen on.
    #[serde(default)]
    #[schemars(extend("default" = 2222), range(min = 1, max = 65535))]
    pub port: Option<Located<u64>>,
    /// The SSH user clients log in as.
    #[serde(default)]
    #[schemars(extend("default" = "bosun"))]
    pub ssh_user: Option<Located<String>>,
    /// The engine socket on every node, bind-mounted into proxies.
    #[serde(default)]
    #[schemars(extend("default" = "/var/run/docker.sock"))]
    pub docker_socket: Option<Located<String>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Intervals")]
pub struct IntervalsText {
    /// Full list and reconcile of every target.
    #[serde(default)]
    #[schemars(extend("default" = "30s"))]
    pub resync: Option<Located<DurationText>>,
    /// How often task placement is polled (Swarm has no task events).
    #[serde(default)]
    #[schemars(extend("default" = "5s"))]
    pub task_poll: Option<Located<DurationText>>,
    /// `/healthz` fails when no list succeeded for this long; more than `resync`.
    #[serde(default)]
    #[schemars(extend("default" = "90s"))]
    pub watch_deadline: Option<Located<DurationText>>,
    /// How long a proxy is kept after its node lost every task of its target (a restart, an
    /// update, a node reboot, a deleted service) before it is removed.
    #[serde(default)]
    #[schemars(extend("default" = "2m"))]
    pub absent_grace: Option<Located<DurationText>>,
    /// The leader's lease among the controller's replicas: a dead leader is replaced this long
    /// after its last renewal. Read at start (a reload does not change it).
    #[serde(default)]
    #[schemars(extend("default" = "15s"))]
    pub lease: Option<Located<DurationText>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Discovery")]
pub struct DiscoveryText {
    /// Accepted, no longer needed: the record is always published as a versioned Docker config
    /// (the controller's replicas share it through Swarm).
    #[serde(default)]
    #[schemars(extend("default" = false))]
    pub docker_config: Option<bool>,
    /// How long a published record stays valid (its signed `expires_at`); the leader
    /// republishes it when half of this has passed. Clients refuse a record received after it
    /// expired. At least 1m.
    #[serde(default)]
    #[schemars(extend("default" = "1h"))]
    pub validity: Option<Located<DurationText>>,
    /// The record's signing key rolls when it has signed this long (default `365d`; `0` turns
    /// the schedule off; at least `1h` when on). Only when the controller runs as the stack's
    /// service (labelled `bosun.controller`); `bosun-controller rotate --signing-key` rolls it
    /// on demand. The next key is announced `rotation.announce` at least before it signs, and
    /// only once every client service trusts it (docs/keys.md).
    #[serde(default)]
    #[schemars(extend("default" = "365d"))]
    pub signing_key: Option<Located<PeriodText>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Labels")]
pub struct LabelsText {
    /// Services labelled `bosun.enable=true` are targets too (a file target of the same name
    /// wins).
    #[serde(default)]
    #[schemars(extend("default" = true))]
    pub enabled: Option<bool>,
}

/// One target: the service its proxies run next to, the commands they allow, and who may
/// call them.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Target",
    extend("oneOf" = [{"required": ["service"]}, {"required": ["selector"]}]),
    extend("required" = ["policy"])
)]
pub struct TargetText {
    /// The target service, by name (exactly one of `service` / `selector`).
    #[serde(default)]
    pub service: Option<Located<String>>,
    /// The one service carrying all these labels (exactly one of `service` / `selector`).
    #[serde(default)]
    pub selector: Option<Located<SelectorText>>,
    /// The command policy: `{ preset: nextcloud }` or `{ commands: [...] }`.
    #[serde(default)]
    pub policy: Option<Located<Policy>>,
    /// How commands run in the target container.
    #[serde(default)]
    pub exec: Option<ExecText>,
    /// The services that receive the target's client key.
    #[serde(default)]
    pub clients: Option<Vec<Located<ClientText>>>,
    /// Limits of each proxy.
    #[serde(default)]
    pub limits: Option<LimitsText>,
    /// This target's key rotation: each field given here replaces the top level's.
    #[serde(default)]
    pub rotation: Option<RotationText>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Selector")]
pub struct SelectorText {
    /// Service labels that must all be present with these values.
    #[schemars(length(min = 1))]
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Exec")]
pub struct ExecText {
    /// The user commands run as (`www-data`, `33:33`). Required unless the policy is a
    /// preset, whose user it is by default (`www-data` for nextcloud, `photoprism` for
    /// photoprism): commands never run as the image's user (often root) by omission.
    #[serde(default)]
    pub user: Option<Located<String>>,
    /// The absolute working directory; the container's by default.
    #[serde(default)]
    pub workdir: Option<Located<String>>,
    /// Extra environment variables, NAME: value.
    #[serde(default)]
    #[schemars(schema_with = "env_schema")]
    pub env: Option<LocatedMap<Located<String>>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Client")]
pub struct ClientText {
    /// The client service, by name.
    pub service: Located<String>,
    /// Where the client key is mounted, under `/run/secrets/`;
    /// `/run/secrets/bosun-<target>-key` by default.
    #[serde(default)]
    pub key_path: Option<Located<String>>,
    /// The key file's owner (numeric user id).
    #[serde(default)]
    #[schemars(extend("default" = 0), range(max = 4294967295u32))]
    pub uid: Option<Located<u64>>,
    /// The key file's group (numeric group id).
    #[serde(default)]
    #[schemars(extend("default" = 0), range(max = 4294967295u32))]
    pub gid: Option<Located<u64>>,
    /// The key file's mode, in octal (`"0400"`, `"0600"`): readable by its owner only, since
    /// the client refuses a key file its group or others can read (as OpenSSH does).
    #[serde(default)]
    pub mode: Option<Located<ModeText>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Limits")]
pub struct LimitsText {
    /// The proxy container's memory limit: `64M`, `512Mi`, `1G` or bytes (units are binary,
    /// as in Docker).
    #[serde(default)]
    pub memory: Option<Located<SizeText>>,
    /// The proxy container's CPU limit (`0.5`).
    #[serde(default)]
    #[schemars(range(min = 0.000000001))]
    pub cpus: Option<Located<f64>>,
    /// Concurrent SSH connections per proxy.
    #[serde(default)]
    #[schemars(range(min = 1, max = 4294967295u32))]
    pub max_connections: Option<Located<u64>>,
    /// Concurrent commands per proxy.
    #[serde(default)]
    #[schemars(range(min = 1, max = 4294967295u32))]
    pub max_concurrent_execs: Option<Located<u64>>,
    /// How long one command may run (`1h`).
    #[serde(default)]
    pub command_timeout: Option<Located<DurationText>>,
}

/// When keys are rotated (docs/keys.md, "Triggers"). At the top level a field left out is its
/// default; in a target, the top level's value.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Rotation")]
pub struct RotationText {
    /// A client key older than this is rotated (default `30d`); `0` turns the schedule off.
    /// At least `1h` when on.
    #[serde(default)]
    pub client_keys: Option<Located<PeriodText>>,
    /// A host key older than this is rotated (default `90d`); `0` turns the schedule off.
    /// At least `1h` when on.
    #[serde(default)]
    pub host_keys: Option<Located<PeriodText>>,
    /// How long a new host key is listed in the discovery record before its proxy presents it
    /// (default `15s`; from `1s` to `1h`).
    #[serde(default)]
    pub announce: Option<Located<DurationText>>,
}

/// A scalar kept as written (a string or a number), checked later.
fn scalar_text<'de, D: Deserializer<'de>>(
    deserializer: D,
    what: &'static str,
) -> Result<String, D::Error> {
    struct ScalarVisitor(&'static str);

    impl Visitor<'_> for ScalarVisitor {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }

    deserializer.deserialize_any(ScalarVisitor(what))
}

/// A duration as written: `500ms`, `30s`, `5m`, `1h`.
#[derive(Debug, Clone, PartialEq)]
pub struct DurationText(pub String);

impl<'de> Deserialize<'de> for DurationText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        scalar_text(deserializer, "a duration like 500ms, 30s, 5m or 1h").map(DurationText)
    }
}

impl JsonSchema for DurationText {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A duration: 500ms, 30s, 5m, 1h, 1h 30m.",
            "type": "string",
            "pattern": "^\\s*[0-9]+\\s*[a-zA-Zµ]+(\\s*[0-9]+\\s*[a-zA-Zµ]+)*\\s*$",
            "examples": ["30s", "5m", "1h"]
        })
    }
}

/// A rotation period as written: a duration (`30d`, `12h`), or `0` for none.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodText(pub String);

impl<'de> Deserialize<'de> for PeriodText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        scalar_text(deserializer, "a period like 30d or 12h, or 0 for none").map(PeriodText)
    }
}

impl JsonSchema for PeriodText {
    fn schema_name() -> Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A rotation period: 30d, 90d, 12h (at least 1h), or 0 to turn the schedule off.",
            "oneOf": [
                {
                    "type": "string",
                    "pattern": "^\\s*(0|[0-9]+\\s*[a-zA-Zµ]+(\\s*[0-9]+\\s*[a-zA-Zµ]+)*)\\s*$"
                },
                { "type": "integer", "enum": [0] }
            ],
            "examples": ["30d", "90d", "0"]
        })
    }
}

/// A file mode as written, read as octal digits (`"0400"`, or `400`).
#[derive(Debug, Clone, PartialEq)]
pub struct ModeText(pub String);

impl<'de> Deserialize<'de> for ModeText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        scalar_text(deserializer, "a file mode in octal like \"0400\"").map(ModeText)
    }
}

impl JsonSchema for ModeText {
    fn schema_name() -> Cow<'static, str> {
        "Mode".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A key file mode in octal that only the owner can read: \"0400\" \
                (the default) or \"0600\".",
            "oneOf": [
                { "type": "string", "pattern": "^0?[4-7]00$" },
                { "type": "integer", "enum": [400, 500, 600, 700] }
            ],
            "examples": ["0400", "0600"]
        })
    }
}

/// A memory size as written: `64M`, `512Mi`, `1G`, or a number of bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeText(pub String);

impl<'de> Deserialize<'de> for SizeText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        scalar_text(deserializer, "a size like 64M, 512Mi, 1G or bytes").map(SizeText)
    }
}

impl JsonSchema for SizeText {
    fn schema_name() -> Cow<'static, str> {
        "Size".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A size: bytes, or a number with K, M, G or T (also Ki, Mi, KB, MiB, ...); units are binary, as in Docker.",
            "oneOf": [
                { "type": "integer", "minimum": 1 },
                {
                    "type": "string",
                    "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*([kKmMgGtT][iI]?[bB]?|[bB])?\\s*$"
                }
            ],
            "examples": ["64M", "512Mi", "1G"]
        })
    }
}

/// `targets:` is a mapping of target names to targets.
fn targets_schema(generator: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "propertyNames": { "pattern": TARGET_NAME_PATTERN },
        "additionalProperties": generator.subschema_for::<TargetText>(),
    })
}

/// `env:` is a mapping of variable names to values.
fn env_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "propertyNames": { "pattern": ENV_NAME_PATTERN },
        // Plain YAML scalars are taken as written: `N: 1` is the value "1".
        "additionalProperties": { "type": ["string", "number", "boolean"] },
    })
}
