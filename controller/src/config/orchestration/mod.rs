//! The `orchestration` section of the config (docs/orchestration.md): the API's switch and
//! listener, its limits, audit settings, tokens and templates, validated into
//! [`Orchestration`].
//!
//! * `text` — the YAML shape and its JSON Schema;
//! * `validate` — the section: listener, durations, limits, audit, tokens;
//! * `template` — each template, into `crate::orchestration::template::Template`, with the
//!   checks that need no request: regexes compile, the node_id pattern's alphabet and length
//!   (the clone's service name fits Docker's 63 characters), `{param: x}` names a parameter,
//!   the port pool, networks, volume, resources, health check.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::orchestration::model::{ApiLimits, AuditSettings, TokenEntry};
use crate::orchestration::template::Template;

mod template;
pub mod text;
mod validate;

pub(super) use validate::orchestration;
pub use validate::token_name;

/// The environment variable that also turns the API on.
pub const ENABLE_ENV: &str = "ENABLE_SERVICE_ORCHESTRATION";

/// The API's listener when the config names none.
pub const DEFAULT_LISTEN: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 8090);

/// The validated `orchestration` section.
#[derive(Debug, Clone, PartialEq)]
pub struct Orchestration {
    /// `orchestration.enabled`; see [`Orchestration::enabled_with`] for the environment.
    pub enabled: bool,
    /// The API's own listener.
    pub listen: SocketAddr,
    /// Clones stopped for longer are removed; `None`: never (the default).
    pub cleanup_stopped_after: Option<Duration>,
    pub limits: ApiLimits,
    pub audit: AuditSettings,
    pub tokens: Vec<TokenEntry>,
    /// The templates, by name (the `{template}` of the routes).
    pub templates: BTreeMap<String, Template>,
}

impl Default for Orchestration {
    fn default() -> Orchestration {
        Orchestration {
            enabled: false,
            listen: DEFAULT_LISTEN,
            cleanup_stopped_after: None,
            limits: ApiLimits::default(),
            audit: AuditSettings::default(),
            tokens: Vec::new(),
            templates: BTreeMap::new(),
        }
    }
}

impl Orchestration {
    /// Whether the API is on, given the value of [`ENABLE_ENV`] (`None` when unset): the
    /// config's `enabled`, or the variable's `true`/`1`. `false`/`0` does not turn off a
    /// config that enables it; any other value is an error rather than a silent "off".
    ///
    /// The caller (`run`) reads the variable once at start (a value that is not UTF-8 is an
    /// error too) and applies this to every config it loads, the reloaded ones included.
    pub fn enabled_with(&self, env_value: Option<&str>) -> Result<bool, String> {
        let Some(value) = env_value else {
            return Ok(self.enabled);
        };
        match value.to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(self.enabled),
            _ => Err(format!(
                "{ENABLE_ENV}={value:?} is not one of true, false, 1 or 0"
            )),
        }
    }
}

#[cfg(test)]
mod tests;
