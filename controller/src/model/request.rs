//! A rotation request (docs/keys.md, "Triggers"): the Docker config `bosun-controller rotate`
//! writes and the leader carries out, as plain data. One place for its labels and its data,
//! so the command that writes it, the planner that reads it and `rotate --status` agree.
//!
//! The config is named `Naming::rotation_request_config(target, requested_at_ms, nonce)` and
//! labelled `bosun.managed-by=bosun`, `bosun.instance`, `bosun.kind=rotation-request`,
//! `bosun.target`, `bosun.rotate` (`client-keys`, `host-keys` or `signing-key`), `bosun.client`
//! (only when one client is named) and `bosun.requested-at` (Unix milliseconds, the
//! requester's clock). A `signing-key` request (the record's signing key, the instance's own)
//! has no target: it is named `Naming::signing_request_config` and carries no `bosun.target`.
//! Its data is the same fields as JSON, for people who inspect it:
//!
//! ```json
//! {"instance":"bosun","target":"nextcloud","rotate":"client-keys","client":"app","requested_at":1700000000000}
//! ```
//!
//! (`client` is left out when no client is named.) The labels are what counts: Swarm lists
//! labels, never config data, without one more call per config.

use std::collections::HashMap;

use bollard::models::Config;
use serde::Serialize;

use super::keys::unix_ms;
use super::names::{
    self, CLIENT, KIND_ROTATION_REQUEST, Naming, REQUESTED_AT, ROTATE, ROTATE_CLIENT_KEYS,
    ROTATE_HOST_KEYS, ROTATE_SIGNING_KEY, TARGET,
};

/// What a request rotates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotate {
    /// Every client key of the target, or only `client`'s.
    ClientKeys { client: Option<String> },
    /// Every host key of the target.
    HostKeys,
    /// The record's signing key (the instance's; the request has no target).
    SigningKey,
}

impl Rotate {
    /// The `bosun.rotate` value.
    pub fn label(&self) -> &'static str {
        match self {
            Rotate::ClientKeys { .. } => ROTATE_CLIENT_KEYS,
            Rotate::HostKeys => ROTATE_HOST_KEYS,
            Rotate::SigningKey => ROTATE_SIGNING_KEY,
        }
    }

    /// The client named, if any.
    pub fn client(&self) -> Option<&str> {
        match self {
            Rotate::ClientKeys { client } => client.as_deref(),
            Rotate::HostKeys | Rotate::SigningKey => None,
        }
    }

    /// For people: `the client key of app`, `every client key`, `every host key`.
    pub fn describe(&self) -> String {
        match self {
            Rotate::ClientKeys { client: Some(c) } => format!("the client key of {c}"),
            Rotate::ClientKeys { client: None } => "every client key".to_string(),
            Rotate::HostKeys => "every host key".to_string(),
            Rotate::SigningKey => "the record's signing key".to_string(),
        }
    }
}

/// One rotation request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationRequest {
    /// Empty for [`Rotate::SigningKey`].
    pub target: String,
    pub rotate: Rotate,
    /// When it was asked for (Unix milliseconds, the requester's clock).
    pub requested_at_ms: u64,
}

/// The config's data.
#[derive(Serialize)]
struct Data<'a> {
    instance: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    target: &'a str,
    rotate: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    client: Option<&'a str>,
    requested_at: u64,
}

impl RotationRequest {
    /// The labels of its config, for `naming`'s instance.
    pub fn labels(&self, naming: Naming<'_>) -> HashMap<String, String> {
        let mut labels = match self.rotate {
            Rotate::SigningKey => naming.instance_labels(KIND_ROTATION_REQUEST),
            _ => naming.labels(&self.target, KIND_ROTATION_REQUEST),
        };
        labels.insert(ROTATE.to_string(), self.rotate.label().to_string());
        if let Some(client) = self.rotate.client() {
            labels.insert(CLIENT.to_string(), client.to_string());
        }
        labels.insert(REQUESTED_AT.to_string(), self.requested_at_ms.to_string());
        labels
    }

    /// The config's data: the same fields as JSON.
    pub fn data_json(&self, instance: &str) -> String {
        let data = Data {
            instance,
            target: &self.target,
            rotate: self.rotate.label(),
            client: self.rotate.client(),
            requested_at: self.requested_at_ms,
        };
        // Strings and a number: serializing cannot fail.
        serde_json::to_string(&data).unwrap_or_default()
    }

    /// The request a config's labels hold, or why they hold none (a label missing or
    /// unknown). The caller decides whose configs count (`Naming::owns`).
    pub fn from_labels(labels: &HashMap<String, String>) -> Result<RotationRequest, String> {
        let get = |key: &str| labels.get(key).ok_or_else(|| format!("no {key} label"));
        if get(names::KIND)? != KIND_ROTATION_REQUEST {
            return Err(format!("{} is not {KIND_ROTATION_REQUEST}", names::KIND));
        }
        let client = labels.get(CLIENT).cloned();
        let rotate = match get(ROTATE)?.as_str() {
            ROTATE_CLIENT_KEYS => Rotate::ClientKeys { client },
            r @ (ROTATE_HOST_KEYS | ROTATE_SIGNING_KEY) if client.is_some() => {
                return Err(format!("{ROTATE}={r} with {CLIENT}"));
            }
            ROTATE_HOST_KEYS => Rotate::HostKeys,
            ROTATE_SIGNING_KEY => Rotate::SigningKey,
            other => {
                return Err(format!(
                    "{ROTATE}={other:?} is not client-keys, host-keys or signing-key"
                ));
            }
        };
        let at = get(REQUESTED_AT)?;
        let requested_at_ms = at
            .parse()
            .map_err(|_| format!("{REQUESTED_AT}={at:?} is not Unix milliseconds"))?;
        let target = match (&rotate, labels.get(TARGET)) {
            (Rotate::SigningKey, None) => String::new(),
            (Rotate::SigningKey, Some(_)) => {
                return Err(format!("{ROTATE}={ROTATE_SIGNING_KEY} with {TARGET}"));
            }
            (_, t) => t.ok_or_else(|| format!("no {TARGET} label"))?.clone(),
        };
        Ok(RotationRequest {
            target,
            rotate,
            requested_at_ms,
        })
    }
}

/// A request config as listed: its name, `CreatedAt` (Swarm's clock, the one to compare) and
/// what it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedRequest {
    pub name: String,
    pub created_ms: Option<u64>,
    /// The request, or why the labels hold none.
    pub request: Result<RotationRequest, String>,
}

impl ListedRequest {
    pub fn of(config: &Config) -> ListedRequest {
        let spec = config.spec.as_ref();
        let labels = spec.and_then(|s| s.labels.as_ref());
        ListedRequest {
            name: spec.and_then(|s| s.name.clone()).unwrap_or_default(),
            created_ms: unix_ms(config.created_at.as_deref()),
            request: labels.map_or(Err("no labels".to_string()), RotationRequest::from_labels),
        }
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use bollard::models::ConfigSpec;

    /// A request config as Swarm lists it.
    pub fn config(name: &str, labels: HashMap<String, String>, created_at: &str) -> Config {
        Config {
            id: Some(format!("id-{name}")),
            created_at: Some(created_at.to_string()),
            spec: Some(ConfigSpec {
                name: Some(name.to_string()),
                labels: Some(labels),
                ..ConfigSpec::default()
            }),
            ..Config::default()
        }
    }

    #[test]
    fn labels_and_data_carry_the_request_and_read_back() {
        let blue = Naming::new("blue");
        let one = RotationRequest {
            target: "nc".into(),
            rotate: Rotate::ClientKeys {
                client: Some("app".into()),
            },
            requested_at_ms: 1_700_000_000_000,
        };
        let labels = one.labels(blue);
        let expected: HashMap<String, String> = [
            ("bosun.managed-by", "bosun"),
            ("bosun.instance", "blue"),
            ("bosun.kind", "rotation-request"),
            ("bosun.target", "nc"),
            ("bosun.rotate", "client-keys"),
            ("bosun.client", "app"),
            ("bosun.requested-at", "1700000000000"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(labels, expected);
        assert_eq!(RotationRequest::from_labels(&labels), Ok(one.clone()));
        assert_eq!(
            one.data_json("blue"),
            r#"{"instance":"blue","target":"nc","rotate":"client-keys","client":"app","requested_at":1700000000000}"#
        );

        let hosts = RotationRequest {
            rotate: Rotate::HostKeys,
            ..one
        };
        let labels = hosts.labels(blue);
        assert!(!labels.contains_key("bosun.client"));
        assert_eq!(labels["bosun.rotate"], "host-keys");
        assert_eq!(RotationRequest::from_labels(&labels), Ok(hosts.clone()));
        assert_eq!(
            hosts.data_json("blue"),
            r#"{"instance":"blue","target":"nc","rotate":"host-keys","requested_at":1700000000000}"#
        );
    }

    #[test]
    fn a_signing_key_request_has_no_target() {
        let signing = RotationRequest {
            target: String::new(),
            rotate: Rotate::SigningKey,
            requested_at_ms: 7,
        };
        let labels = signing.labels(Naming::new("blue"));
        assert!(!labels.contains_key("bosun.target"));
        assert_eq!(labels["bosun.rotate"], "signing-key");
        assert_eq!(RotationRequest::from_labels(&labels), Ok(signing.clone()));
        assert_eq!(
            signing.data_json("blue"),
            r#"{"instance":"blue","rotate":"signing-key","requested_at":7}"#
        );
        let mut targeted = labels.clone();
        targeted.insert("bosun.target".into(), "nc".into());
        assert_eq!(
            RotationRequest::from_labels(&targeted).unwrap_err(),
            "bosun.rotate=signing-key with bosun.target"
        );
    }

    #[test]
    fn bad_labels_say_what_is_wrong() {
        let good = RotationRequest {
            target: "nc".into(),
            rotate: Rotate::HostKeys,
            requested_at_ms: 1,
        }
        .labels(Naming::default());
        let with = |key: &str, value: Option<&str>| {
            let mut labels = good.clone();
            match value {
                Some(v) => labels.insert(key.to_string(), v.to_string()),
                None => labels.remove(key),
            };
            RotationRequest::from_labels(&labels).unwrap_err()
        };
        assert_eq!(
            with("bosun.rotate", Some("all")),
            "bosun.rotate=\"all\" is not client-keys, host-keys or signing-key"
        );
        assert_eq!(
            with("bosun.client", Some("app")),
            "bosun.rotate=host-keys with bosun.client"
        );
        assert_eq!(
            with("bosun.requested-at", Some("now")),
            "bosun.requested-at=\"now\" is not Unix milliseconds"
        );
        assert_eq!(with("bosun.target", None), "no bosun.target label");
        assert_eq!(
            with("bosun.kind", Some("discovery")),
            "bosun.kind is not rotation-request"
        );
    }

    #[test]
    fn a_listed_config_keeps_its_name_and_creation_time() {
        let labels = RotationRequest {
            target: "nc".into(),
            rotate: Rotate::ClientKeys { client: None },
            requested_at_ms: 5,
        }
        .labels(Naming::default());
        let listed = ListedRequest::of(&config(
            "bosun-rotate-nc-5-ab12",
            labels,
            "2024-01-01T00:00:00Z",
        ));
        assert_eq!(listed.name, "bosun-rotate-nc-5-ab12");
        assert_eq!(listed.created_ms, Some(super::super::keys::tests::JAN_1));
        assert_eq!(
            listed.request.map(|r| r.rotate),
            Ok(Rotate::ClientKeys { client: None })
        );
    }
}
