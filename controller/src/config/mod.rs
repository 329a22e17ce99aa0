//! The controller's declarative configuration: the validated model the reconcile loop reads,
//! and everything that produces it (docs/controller.md, "Configuration file").
//!
//! One job per module:
//! * `text` — the YAML shape of the file (serde + JSON Schema), unknown fields rejected;
//! * `location` — positions of values and errors rendered as `FILE:LINE:COL: message`;
//! * `values` — checks and conversions of single values (names, sizes, durations, rotation
//!   periods, ...), the name checks also used by `bosun-controller rotate`;
//! * `validate` — text → [`Config`], collecting every error with its position;
//! * `orchestration` — the `orchestration` section: the API's settings, tokens and templates
//!   ([`Orchestration`]);
//! * `load` — [`parse`] a text, [`load`] a file;
//! * `labels` — targets declared with `bosun.*` labels ([`target_from_labels`]);
//! * `inline` — a target's policy as the proxy's inline policy text;
//! * `schema` — the JSON Schema of the file ([`schema_json`]);
//! * `check` — `bosun-controller check-config FILE` ([`check_config_main`]);
//! * `reload` — live reload on file change and SIGHUP.

use std::collections::BTreeMap;
use std::time::Duration;

use bosun_core::policy::{Policy, Preset};

mod check;
mod inline;
mod labels;
mod load;
mod location;
mod orchestration;
mod schema;
mod text;
mod validate;
mod values;

pub mod reload;

pub use check::check_config_main;
pub use inline::inline_policy_text;
pub use labels::{CLIENT_OF, target_from_labels};
pub use load::load;
#[allow(
    unused_imports,
    reason = "`run` applies ENABLE_SERVICE_ORCHESTRATION with it"
)]
pub use orchestration::{ENABLE_ENV, Orchestration, token_name};
pub use schema::schema_json;
pub use values::{docker_name, target_name};
// The rest of the API: the binary does not name these types (yet).
#[allow(
    unused_imports,
    reason = "API of the config module, used by tests and callers to come"
)]
pub use {labels::LabelError, load::LoadError, load::parse, location::ConfigErrors};

/// A whole, validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// This deployment's name (`bosun.instance` on its objects): it touches only its own.
    pub instance: String,
    /// A config that removes every target that has proxies now is refused unless this is set.
    pub allow_remove_all: bool,
    /// The shared attachable overlay network proxies and clients join.
    pub network: String,
    pub proxy: ProxySettings,
    pub intervals: Intervals,
    pub discovery: DiscoverySettings,
    pub labels: LabelSettings,
    /// The top level's key rotation settings: every target's unless it overrides them, and
    /// every label-declared target's.
    pub rotation: Rotation,
    /// The targets declared in the file, by name. Label-declared ones are added at reconcile
    /// time by [`target_from_labels`].
    pub targets: BTreeMap<String, Target>,
    /// The orchestration API's settings, tokens and templates.
    pub orchestration: Orchestration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProxySettings {
    pub image: String,
    pub port: u16,
    pub ssh_user: String,
    /// The engine socket on every node, bind-mounted into proxies.
    pub docker_socket: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Intervals {
    pub resync: Duration,
    pub task_poll: Duration,
    pub watch_deadline: Duration,
    /// How long a proxy whose node has no task of its target (restart, update, node reboot,
    /// deleted service) is kept before it is removed.
    pub absent_grace: Duration,
    /// The leader's lease (`crate::lease`); read at start.
    pub lease: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DiscoverySettings {
    /// Accepted, no longer needed: the record is always published as a versioned Docker config.
    pub docker_config: bool,
    /// How long a published record is valid (its `expires_at`); republished at half of it.
    pub validity: Duration,
    /// How long the record's signing key signs before it rolls (`None`: only on request).
    pub signing_key: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabelSettings {
    pub enabled: bool,
}

/// One target: a service (or selector), its policy, exec settings, clients and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub name: String,
    pub selector: Selector,
    pub policy: TargetPolicy,
    pub exec: ExecSettings,
    pub clients: Vec<ClientSpec>,
    pub limits: Limits,
    /// When its keys are rotated: its own `rotation` fields over the top level's.
    pub rotation: Rotation,
    pub origin: Origin,
}

/// How a target's service is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// A service by name.
    Service(String),
    /// The one service carrying all these labels.
    Labels(BTreeMap<String, String>),
}

/// The command policy a target's proxies enforce.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetPolicy {
    Preset(Preset),
    Inline(Policy),
}

impl TargetPolicy {
    /// The validated policy.
    pub fn policy(&self) -> Policy {
        match self {
            TargetPolicy::Preset(p) => p.policy(),
            TargetPolicy::Inline(p) => p.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecSettings {
    /// The user commands run as: `exec.user`, or the preset's (`www-data`, `photoprism`); a
    /// target with another policy must name one.
    pub user: String,
    pub workdir: Option<String>,
    pub env: BTreeMap<String, String>,
}

/// A client service that receives the target's client key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSpec {
    pub service: String,
    /// Where the key is mounted: a path under `/run/secrets/`.
    pub key_path: String,
    /// The key file's owner, group and mode (default 0, 0, 0400). The mode lets only the owner
    /// read it (the client refuses a key file its group or others can read).
    pub uid: u32,
    pub gid: u32,
    pub mode: u32,
}

/// The key file's default owner, group and mode.
pub const DEFAULT_KEY_UID: u32 = 0;
pub const DEFAULT_KEY_GID: u32 = 0;
pub const DEFAULT_KEY_MODE: u32 = 0o400;
/// The instance of a config that does not name one, and of objects made before instances.
pub const DEFAULT_INSTANCE: &str = "bosun";

/// Limits of each proxy of a target. `None`: the proxy's (or Docker's) default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Limits {
    pub memory_bytes: Option<i64>,
    pub nano_cpus: Option<i64>,
    pub max_connections: Option<u32>,
    pub max_concurrent_execs: Option<u32>,
    pub command_timeout: Option<Duration>,
}

/// When a target's keys are rotated (docs/keys.md, "Triggers"). A key older than its period
/// starts a rotation; a request (`bosun-controller rotate`) starts one whatever the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    /// The period of every client key: `None` when the schedule is off (`0`).
    pub client_keys: Option<Duration>,
    /// The period of every host key: `None` when the schedule is off (`0`).
    pub host_keys: Option<Duration>,
    /// How long a new host key is listed in the discovery record before its proxy presents
    /// it (the `announce` phase), so that clients pin it first.
    pub announce: Duration,
}

/// The rotation settings of a config that says nothing: client keys every 30 days, host keys
/// every 90, a new host key announced 15 s before it is used.
pub const DEFAULT_ROTATION: Rotation = Rotation {
    client_keys: Some(Duration::from_secs(30 * 86_400)),
    host_keys: Some(Duration::from_secs(90 * 86_400)),
    announce: Duration::from_secs(15),
};

impl Default for Rotation {
    fn default() -> Rotation {
        DEFAULT_ROTATION
    }
}

/// Where a target was declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File,
    /// `bosun.*` labels on this service.
    Labels {
        service: String,
    },
}

/// The default mount path of a target's client key.
pub fn default_key_path(target: &str) -> String {
    format!("/run/secrets/bosun-{target}-key")
}
