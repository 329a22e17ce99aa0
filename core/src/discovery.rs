//! The discovery record: what the controller publishes about every target (its exec proxies,
//! their pinned host keys, the SSH user, the key version and the allowed command patterns) and
//! what clients read to find them. The format is fixed by `docs/controller.md` §"Discovery
//! record"; both ends use these types, so they cannot drift apart.
//!
//! Reading is forward compatible: unknown fields are ignored, so a newer controller may add
//! some. A record whose `schema_version` is newer than [`SCHEMA_VERSION`] is refused with a
//! clear error instead of being half understood. The record never holds a private key.
//!
//! The record is signed (`crate::signature`, docs/keys.md §"The signed discovery record"): it
//! says until when it is valid (`expires_at`) and which keys may sign it (`signing_keys`). Both
//! read as absent from an older controller, so parsing stays forward and backward compatible;
//! the client's verification is what refuses a record without `expires_at`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ssh_key::PublicKey;

use crate::keys::{self, KeyError};

/// The schema version this code writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole record, as served at `GET /v1/discovery` (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub schema_version: u32,
    /// Increases every time the content changes, across controller restarts too.
    pub generation: u64,
    /// Until when the record is valid: RFC 3339 UTC with milliseconds
    /// (`2026-12-02T15:00:00.000Z`). Clients refuse a newly received record past it, or
    /// without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Every key the controller may sign with, one OpenSSH public key line each: the key that
    /// signed this record first, then any announced next key. A client that verified the
    /// record trusts them too (that is how the signing key rolls).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signing_keys: Vec<String>,
    /// By target name.
    pub targets: BTreeMap<String, TargetRecord>,
}

/// One target: how to reach its exec proxies and whom to trust.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetRecord {
    /// The SSH user the proxies accept.
    pub ssh_user: String,
    /// The version of the target's client key (the `v<k>` of its secrets).
    pub key_version: u32,
    /// The proxies whose task is running.
    pub endpoints: Vec<Endpoint>,
    /// The proxies' host keys, one OpenSSH public key line each (`ssh-ed25519 AAAA… comment`).
    pub host_keys: Vec<String>,
    /// The allowed command patterns, for people and tools (the proxy enforces them).
    #[serde(default)]
    pub commands: Vec<String>,
    /// The limits every proxy of the target enforces; clients stay within them. A record from
    /// a controller that did not write them reads as the defaults.
    #[serde(default)]
    pub limits: TargetLimits,
}

/// The limits of a target's proxies, as the discovery record carries them. The defaults are
/// the proxy's own (`bosun-proxy --help`), so every part of bosun reads them from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetLimits {
    /// Session channels one connection may have open; a client opens no more.
    pub max_channels_per_connection: u32,
    /// Commands running in the target at once, over all of its proxies' clients; a client
    /// runs no more at once through one proxy.
    pub max_concurrent_execs: u32,
    /// Open (authenticated) connections per proxy.
    pub max_connections: u32,
}

impl TargetLimits {
    pub const DEFAULT_MAX_CHANNELS_PER_CONNECTION: u32 = 4;
    pub const DEFAULT_MAX_CONCURRENT_EXECS: u32 = 4;
    pub const DEFAULT_MAX_CONNECTIONS: u32 = 64;
}

impl Default for TargetLimits {
    fn default() -> Self {
        Self {
            max_channels_per_connection: Self::DEFAULT_MAX_CHANNELS_PER_CONNECTION,
            max_concurrent_execs: Self::DEFAULT_MAX_CONCURRENT_EXECS,
            max_connections: Self::DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// One exec proxy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// A DNS name on the shared network (the proxy service's name) or an IP.
    pub host: String,
    pub port: u16,
    /// The node's hostname (informational).
    #[serde(default)]
    pub node: String,
    /// The node's id (informational).
    #[serde(default)]
    pub node_id: String,
}

/// A record that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("not a discovery record: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "discovery record schema version {found} is not supported (this bosun reads version {SCHEMA_VERSION} and older): upgrade the client"
    )]
    NewerSchema { found: u32 },
    #[error("discovery record schema version 0 is not valid")]
    ZeroSchema,
    #[error("target {target:?} in the discovery record: host key {index}: {reason}")]
    HostKey {
        target: String,
        /// 1-based position in `host_keys`.
        index: usize,
        reason: String,
    },
    #[error("target {target:?} in the discovery record has no host key")]
    NoHostKeys { target: String },
    #[error("signing key {index} in the discovery record: {reason}")]
    SigningKey {
        /// 1-based position in `signing_keys`.
        index: usize,
        reason: String,
    },
}

/// Just the version, read before anything else so that a newer schema is reported as such
/// rather than as a confusing field error.
#[derive(Deserialize)]
struct VersionProbe {
    schema_version: u32,
}

impl Record {
    /// A record of the current schema, without expiry or signing keys (the controller adds
    /// them when it publishes).
    pub fn new(generation: u64, targets: BTreeMap<String, TargetRecord>) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            generation,
            expires_at: None,
            signing_keys: Vec::new(),
            targets,
        }
    }

    /// Parses a record from JSON, refusing a newer schema version.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RecordError> {
        let probe: VersionProbe = serde_json::from_slice(bytes)?;
        match probe.schema_version {
            0 => return Err(RecordError::ZeroSchema),
            v if v > SCHEMA_VERSION => return Err(RecordError::NewerSchema { found: v }),
            _ => {}
        }
        Ok(serde_json::from_slice(bytes)?)
    }

    /// The JSON text of the record (what the controller serves).
    pub fn to_json(&self) -> String {
        // Serialising plain strings, numbers and maps with string keys cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn target(&self, name: &str) -> Option<&TargetRecord> {
        self.targets.get(name)
    }

    /// The announced signing keys, parsed: ED25519 only. Errors name the key's position.
    pub fn parse_signing_keys(&self) -> Result<Vec<PublicKey>, RecordError> {
        self.signing_keys
            .iter()
            .enumerate()
            .map(|(i, line)| {
                parse_key_line(line).map_err(|reason| RecordError::SigningKey {
                    index: i + 1,
                    reason,
                })
            })
            .collect()
    }
}

impl TargetRecord {
    /// The pinned host keys of target `target` (this record), parsed: ED25519 only, at least
    /// one. Errors name the target and the key's position.
    pub fn parse_host_keys(&self, target: &str) -> Result<Vec<PublicKey>, RecordError> {
        if self.host_keys.is_empty() {
            return Err(RecordError::NoHostKeys {
                target: target.to_owned(),
            });
        }
        self.host_keys
            .iter()
            .enumerate()
            .map(|(i, line)| {
                parse_key_line(line).map_err(|reason| RecordError::HostKey {
                    target: target.to_owned(),
                    index: i + 1,
                    reason,
                })
            })
            .collect()
    }
}

/// One `ssh-ed25519 …` line (the key module's rules: no other algorithm, no certificate).
fn parse_key_line(line: &str) -> Result<PublicKey, String> {
    if line.contains(['\n', '\r']) {
        return Err("one key per entry: the entry spans several lines".into());
    }
    match keys::parse_public_keys(line, "discovery record") {
        Ok(mut found) if found.len() == 1 => Ok(found.remove(0)),
        Ok(_) => Err("empty (expected `ssh-ed25519 <base64> [comment]`)".into()),
        Err(KeyError::BadPublicKey { reason, .. }) => Err(reason),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_key() -> String {
        let key = keys::generate("bosun-proxy-nextcloud-3k2j1h4g5f6d").unwrap();
        keys::public_openssh(key.public_key()).unwrap()
    }

    fn sample() -> Record {
        let mut targets = BTreeMap::new();
        targets.insert(
            "nextcloud".to_owned(),
            TargetRecord {
                ssh_user: "bosun".into(),
                key_version: 1,
                endpoints: vec![Endpoint {
                    host: "bosun-proxy-nextcloud-3k2j1h4g5f6d".into(),
                    port: 2222,
                    node: "lab2".into(),
                    node_id: "3k2j1h4g5f6dxyz".into(),
                }],
                host_keys: vec![host_key()],
                commands: vec!["php occ status [options]".into()],
                limits: Default::default(),
            },
        );
        Record::new(1_763_900_000_123, targets)
    }

    #[test]
    fn a_record_round_trips_through_json_in_the_documented_shape() {
        let record = sample();
        let json = record.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["schema_version"], 1);
        assert_eq!(value["generation"], 1_763_900_000_123u64);
        let nc = &value["targets"]["nextcloud"];
        assert_eq!(nc["ssh_user"], "bosun");
        assert_eq!(nc["key_version"], 1);
        assert_eq!(
            nc["endpoints"][0]["host"],
            "bosun-proxy-nextcloud-3k2j1h4g5f6d"
        );
        assert_eq!(nc["endpoints"][0]["port"], 2222);
        assert_eq!(nc["endpoints"][0]["node"], "lab2");
        assert_eq!(nc["endpoints"][0]["node_id"], "3k2j1h4g5f6dxyz");
        assert_eq!(nc["commands"][0], "php occ status [options]");
        assert_eq!(Record::from_json(json.as_bytes()).unwrap(), record);
    }

    #[test]
    fn unknown_fields_are_ignored_and_informational_ones_may_be_missing() {
        let json = r#"{
            "schema_version": 1, "generation": 7, "future": {"x": 1},
            "targets": {"t": {
                "ssh_user": "bosun", "key_version": 2, "weight": 3,
                "endpoints": [{"host": "10.0.0.5", "port": 2200, "zone": "a"}],
                "host_keys": []
            }}
        }"#;
        let record = Record::from_json(json.as_bytes()).unwrap();
        let t = record.target("t").unwrap();
        assert_eq!(t.key_version, 2);
        assert_eq!(t.endpoints[0].port, 2200);
        assert_eq!(t.endpoints[0].node, "");
        assert!(t.commands.is_empty());
        assert!(record.target("nope").is_none());
    }

    #[test]
    fn expiry_and_signing_keys_are_written_when_set_and_read_as_absent_otherwise() {
        let mut record = sample();
        let json = record.to_json();
        assert!(
            !json.contains("expires_at") && !json.contains("signing_keys"),
            "{json}"
        );
        assert_eq!(Record::from_json(json.as_bytes()).unwrap().expires_at, None);

        record.expires_at = Some("2026-12-02T15:00:00.000Z".into());
        record.signing_keys = vec![host_key(), host_key()];
        let json = record.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["expires_at"], "2026-12-02T15:00:00.000Z");
        assert_eq!(value["signing_keys"][1], record.signing_keys[1]);
        let back = Record::from_json(json.as_bytes()).unwrap();
        assert_eq!(back, record);
        assert_eq!(back.parse_signing_keys().unwrap().len(), 2);

        record.signing_keys.push("ssh-ed25519 AAAA".into());
        let err = record.parse_signing_keys().unwrap_err().to_string();
        assert!(
            err.starts_with("signing key 3 in the discovery record: "),
            "{err}"
        );
    }

    #[test]
    fn a_newer_schema_is_refused_clearly_even_when_its_fields_differ() {
        let err = Record::from_json(br#"{"schema_version": 2, "proxies": []}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "discovery record schema version 2 is not supported (this bosun reads version 1 and older): upgrade the client"
        );
        let err = Record::from_json(br#"{"schema_version": 0}"#).unwrap_err();
        assert!(matches!(err, RecordError::ZeroSchema), "{err}");
        let err = Record::from_json(b"<html>").unwrap_err();
        assert!(
            err.to_string().starts_with("not a discovery record: "),
            "{err}"
        );
        let err = Record::from_json(br#"{"schema_version": 1, "generation": 1}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `targets`"), "{err}");
    }

    #[test]
    fn host_keys_parse_as_ed25519_with_errors_naming_the_target() {
        let record = sample();
        let nc = record.target("nextcloud").unwrap();
        let keys = nc.parse_host_keys("nextcloud").unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys::public_openssh(&keys[0]).unwrap(), nc.host_keys[0]);

        let mut bad = nc.clone();
        bad.host_keys.push("ssh-rsa AAAAB3NzaC1yc2E x".into());
        let err = bad.parse_host_keys("nextcloud").unwrap_err().to_string();
        assert!(
            err.starts_with(
                "target \"nextcloud\" in the discovery record: host key 2: expected `ssh-ed25519"
            ),
            "{err}"
        );
        bad.host_keys = vec!["ssh-ed25519 not-base64".into()];
        let err = bad.parse_host_keys("nextcloud").unwrap_err().to_string();
        assert!(err.contains("host key 1: "), "{err}");
        bad.host_keys = vec![format!("{}\n{}", host_key(), host_key())];
        let err = bad.parse_host_keys("nextcloud").unwrap_err().to_string();
        assert!(err.contains("several lines"), "{err}");
        bad.host_keys = vec![" ".into()];
        let err = bad.parse_host_keys("nextcloud").unwrap_err().to_string();
        assert!(err.contains("host key 1: empty"), "{err}");
        bad.host_keys.clear();
        assert_eq!(
            bad.parse_host_keys("nextcloud").unwrap_err().to_string(),
            "target \"nextcloud\" in the discovery record has no host key"
        );
    }
}
