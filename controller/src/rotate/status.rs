//! `rotate --status [--json]`: every key of one instance, per target: each client key (its
//! client service, or `(shared, legacy)` for the one key an older bosun shared), each host key
//! (its node), their versions, ages and rotation phases, the authorized-keys secrets' versions,
//! and the rotation requests still pending. A table for people, or a JSON document
//! (docs/controller.md, "Command line", documents its shape).
//!
//! Three list calls (bosun's secrets, the rotation-request configs, the controller's service);
//! [`status`] and `signing_status::rows` turn what they return into the rows, without I/O, and
//! [`table`] prints them. Ages count from Swarm's `CreatedAt` to this machine's clock.

use std::collections::BTreeMap;

use bollard::models::{Config, Secret};
use serde::Serialize;

use super::signing_status::{self, SigningKeys};
use crate::model::keys::{KeyKind, KeySecret, unix_ms};
use crate::model::names::{self, KIND_AUTHORIZED_KEYS, KIND_ROTATION_REQUEST, Naming, short_node};
use crate::model::request::ListedRequest;
use crate::model::snapshot::{label_u32, secret_labels, secret_name};
use crate::oneshot;
use crate::swarm::observe::unix_millis;

/// Everything `--status` shows.
#[derive(Debug, Serialize, PartialEq)]
pub struct Status {
    pub instance: String,
    /// When it was read (Unix milliseconds, this machine's clock): the ages count to it.
    pub at_ms: u64,
    /// By target name.
    pub targets: BTreeMap<String, TargetKeys>,
    /// The record's signing keys and `rotate --signing-key` requests.
    pub signing: SigningKeys,
}

/// One target's keys and pending requests.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct TargetKeys {
    /// By client (the legacy key first), then version.
    pub client_keys: Vec<ClientKey>,
    /// By node, then version.
    pub host_keys: Vec<HostKey>,
    /// By version.
    pub authorized_keys: Vec<AuthorizedKeys>,
    /// Oldest first.
    pub requests: Vec<Request>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ClientKey {
    pub secret: String,
    /// `bosun.client`; `null` for the legacy shared key.
    pub client: Option<String>,
    pub version: Option<u32>,
    pub created_at_ms: Option<u64>,
    pub age_seconds: Option<u64>,
    /// `bosun.rotation-phase`; `null` when absent.
    pub phase: Option<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct HostKey {
    pub secret: String,
    /// The full node id (`bosun.node`).
    pub node: Option<String>,
    pub version: Option<u32>,
    pub created_at_ms: Option<u64>,
    pub age_seconds: Option<u64>,
    pub phase: Option<String>,
    /// `bosun.announced-at`, when present.
    pub announced_at_ms: Option<u64>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct AuthorizedKeys {
    pub secret: String,
    pub version: Option<u32>,
    pub age_seconds: Option<u64>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Request {
    pub config: String,
    /// `client-keys` or `host-keys`; `null` when the labels hold no valid request.
    pub rotate: Option<String>,
    /// The one client named, if any.
    pub client: Option<String>,
    pub requested_at_ms: Option<u64>,
    pub created_at_ms: Option<u64>,
    pub age_seconds: Option<u64>,
    /// Why the labels hold no valid request (the leader leaves such a config alone).
    pub problem: Option<String>,
}

/// Lists, computes and prints.
pub async fn main(instance: &str, docker_host: Option<&str>, json: bool) -> anyhow::Result<()> {
    let config = oneshot::instance_config(instance)?;
    let engine = oneshot::engine(docker_host).await?;
    let controller = [(names::CONTROLLER, config.instance.as_str())];
    let (secrets, configs, services) = tokio::try_join!(
        engine.list_managed_secrets(None),
        engine.list_managed_configs(KIND_ROTATION_REQUEST),
        engine.list_services_labelled(&controller),
    )?;
    let mut status = status(&config.instance, &secrets, &configs, unix_millis());
    let naming = Naming::new(&config.instance);
    status.signing.keys = signing_status::rows(naming, &secrets, services.first(), status.at_ms);
    if json {
        println!("{}", serde_json::to_string_pretty(&status)?);
    } else {
        print!("{}", table(&status));
    }
    Ok(())
}

/// The rows of `instance`'s keys among `secrets` and of its requests among `configs`, with
/// ages at `now_ms`. Other instances' objects are left out.
pub fn status(instance: &str, secrets: &[Secret], configs: &[Config], now_ms: u64) -> Status {
    let naming = Naming::new(instance);
    let age = |created: Option<u64>| created.map(|c| now_ms.saturating_sub(c) / 1000);
    let mut targets: BTreeMap<String, TargetKeys> = BTreeMap::new();
    let mut signing_requests = Vec::new();
    for secret in secrets.iter().filter(|s| naming.owns(secret_labels(s))) {
        if let Some(key) = KeySecret::of(secret) {
            let rows = targets.entry(key.target.clone()).or_default();
            let age_seconds = age(key.created_ms);
            match key.kind {
                KeyKind::Client => rows.client_keys.push(client_row(key, age_seconds)),
                KeyKind::Host => rows.host_keys.push(host_row(key, age_seconds)),
            }
        } else if let Some((target, row)) = authorized_row(secret, age) {
            targets.entry(target).or_default().authorized_keys.push(row);
        }
    }
    for config in configs {
        let labels = config.spec.as_ref().and_then(|s| s.labels.as_ref());
        if !naming.owns(labels) {
            continue;
        }
        let row = request_row(&ListedRequest::of(config), age);
        match labels.and_then(|l| l.get(names::TARGET)) {
            Some(target) => targets
                .entry(target.clone())
                .or_default()
                .requests
                .push(row),
            // a `rotate --signing-key` request has no target
            None => signing_requests.push(row),
        }
    }
    signing_requests
        .sort_by(|a, b| (a.created_at_ms, &a.config).cmp(&(b.created_at_ms, &b.config)));
    for rows in targets.values_mut() {
        rows.client_keys
            .sort_by(|a, b| (&a.client, a.version).cmp(&(&b.client, b.version)));
        rows.host_keys
            .sort_by(|a, b| (&a.node, a.version).cmp(&(&b.node, b.version)));
        rows.authorized_keys.sort_by_key(|a| a.version);
        rows.requests
            .sort_by(|a, b| (a.created_at_ms, &a.config).cmp(&(b.created_at_ms, &b.config)));
    }
    Status {
        instance: instance.to_string(),
        at_ms: now_ms,
        targets,
        signing: SigningKeys {
            keys: Vec::new(),
            requests: signing_requests,
        },
    }
}

fn client_row(key: KeySecret, age_seconds: Option<u64>) -> ClientKey {
    ClientKey {
        secret: key.name,
        client: key.owner,
        version: key.version,
        created_at_ms: key.created_ms,
        age_seconds,
        phase: key.phase,
    }
}

fn host_row(key: KeySecret, age_seconds: Option<u64>) -> HostKey {
    HostKey {
        secret: key.name,
        node: key.owner,
        version: key.version,
        created_at_ms: key.created_ms,
        age_seconds,
        phase: key.phase,
        announced_at_ms: key.announced_at_ms,
    }
}

/// An authorized-keys secret's target and row (`None` for any other secret).
fn authorized_row(
    secret: &Secret,
    age: impl Fn(Option<u64>) -> Option<u64>,
) -> Option<(String, AuthorizedKeys)> {
    let labels = secret_labels(secret)?;
    if labels.get(names::KIND)? != KIND_AUTHORIZED_KEYS {
        return None;
    }
    let row = AuthorizedKeys {
        secret: secret_name(secret).unwrap_or_default().to_string(),
        version: label_u32(Some(labels), names::KEY_VERSION),
        age_seconds: age(unix_ms(secret.created_at.as_deref())),
    };
    Some((labels.get(names::TARGET)?.clone(), row))
}

fn request_row(listed: &ListedRequest, age: impl Fn(Option<u64>) -> Option<u64>) -> Request {
    let (rotate, client, requested_at_ms, problem) = match &listed.request {
        Ok(r) => (
            Some(r.rotate.label().to_string()),
            r.rotate.client().map(str::to_string),
            Some(r.requested_at_ms),
            None,
        ),
        Err(why) => (None, None, None, Some(why.clone())),
    };
    Request {
        config: listed.name.clone(),
        rotate,
        client,
        requested_at_ms,
        created_at_ms: listed.created_ms,
        age_seconds: age(listed.created_ms),
        problem,
    }
}

/// The table people read.
pub fn table(status: &Status) -> String {
    let signing = signing_status::table(&status.signing, status.at_ms);
    if status.targets.is_empty() && signing.is_empty() {
        return format!(
            "instance {}: no keys and no rotation requests\n",
            status.instance
        );
    }
    let mut out = format!("instance {}\n", status.instance);
    for (name, rows) in &status.targets {
        out.push_str(&format!("\ntarget {name}\n"));
        let mut keys = vec![cells(&[
            "KEY",
            "CLIENT/NODE",
            "VERSION",
            "AGE",
            "PHASE",
            "ANNOUNCED",
        ])];
        keys.extend(rows.client_keys.iter().map(client_cells));
        keys.extend(rows.host_keys.iter().map(|k| host_cells(k, status.at_ms)));
        if keys.len() > 1 {
            for line in aligned(&keys) {
                out.push_str(&format!("  {line}\n"));
            }
        }
        out.push_str(&format!(
            "  authorized keys: {}\n",
            authorized(&rows.authorized_keys)
        ));
        out.push_str(&requests(&rows.requests));
    }
    out.push_str(&signing);
    out
}

fn cells(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

fn client_cells(key: &ClientKey) -> Vec<String> {
    let client = key.client.as_deref().unwrap_or("(shared, legacy)");
    vec![
        "client".into(),
        client.into(),
        version(key.version),
        age_or_dash(key.age_seconds),
        key.phase.clone().unwrap_or_else(|| "-".into()),
        "-".into(),
    ]
}

fn host_cells(key: &HostKey, now_ms: u64) -> Vec<String> {
    let node = key.node.as_deref().map_or("(no node)", short_node);
    let announced = key.announced_at_ms.map_or("-".into(), |at| {
        format!("{} ago", age(now_ms.saturating_sub(at) / 1000))
    });
    vec![
        "host".into(),
        node.into(),
        version(key.version),
        age_or_dash(key.age_seconds),
        key.phase.clone().unwrap_or_else(|| "-".into()),
        announced,
    ]
}

fn authorized(rows: &[AuthorizedKeys]) -> String {
    if rows.is_empty() {
        return "none".into();
    }
    let each: Vec<String> = rows
        .iter()
        .map(|a| format!("{} ({})", version(a.version), age_or_dash(a.age_seconds)))
        .collect();
    each.join(", ")
}

pub(super) fn requests(rows: &[Request]) -> String {
    if rows.is_empty() {
        return "  pending requests: none\n".into();
    }
    let mut out = String::from("  pending requests:\n");
    for r in rows {
        let what = match (&r.rotate, &r.problem) {
            (Some(rotate), _) => match &r.client {
                Some(client) => format!("{rotate} of {client}"),
                None => rotate.clone(),
            },
            (None, problem) => format!("unreadable: {}", problem.as_deref().unwrap_or("?")),
        };
        let age = r
            .age_seconds
            .map_or("-".into(), |s| format!("{} ago", age(s)));
        out.push_str(&format!("    {}  {age}  {what}\n", r.config));
    }
    out
}

pub(super) fn version(v: Option<u32>) -> String {
    v.map_or("-".into(), |v| format!("v{v}"))
}

pub(super) fn age_or_dash(seconds: Option<u64>) -> String {
    seconds.map_or("-".into(), age)
}

/// An age in its two largest units: `41d3h`, `5m12s`, `12s`.
pub(super) fn age(seconds: u64) -> String {
    let units = [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")];
    let Some(first) = units.iter().position(|(size, _)| seconds >= *size) else {
        return "0s".into();
    };
    let mut out = String::new();
    let mut rest = seconds;
    for (size, unit) in units.iter().skip(first).take(2) {
        let n = rest / size;
        rest %= size;
        if n > 0 || out.is_empty() {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    out
}

/// Rows with every column but the last padded to its widest cell.
pub(super) fn aligned(rows: &[Vec<String>]) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(String::len)
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let padded: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell:w$}"))
                .collect();
            padded.join("  ").trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::keys::tests::{JAN_1, secret};
    use crate::model::request::tests::config;
    use crate::model::request::{Rotate, RotationRequest};

    const NODE: &str = "n1aaaaaaaaaaaaaaaaaaaaaa";
    const DAY: u64 = 86_400_000;

    fn owned<'a>(kind: &'a str, more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut labels = vec![
            ("bosun.managed-by", "bosun"),
            ("bosun.target", "nc"),
            ("bosun.kind", kind),
        ];
        labels.extend_from_slice(more);
        labels
    }

    fn secrets() -> Vec<Secret> {
        vec![
            secret(
                "bosun-nc-client-app-v2",
                &owned(
                    "client-key",
                    &[
                        ("bosun.client", "app"),
                        ("bosun.key-version", "2"),
                        ("bosun.rotation-phase", "switch-client"),
                    ],
                ),
                "2024-01-31T00:00:00Z",
            ),
            secret(
                "bosun-nc-client-key-v1",
                &owned("client-key", &[("bosun.key-version", "1")]),
                "2024-01-01T00:00:00Z",
            ),
            secret(
                "bosun-nc-host-key-n1aaaaaaaaaa-v1",
                &owned(
                    "host-key",
                    &[
                        ("bosun.node", NODE),
                        ("bosun.key-version", "1"),
                        ("bosun.rotation-phase", "announce"),
                        ("bosun.announced-at", "1706745590000"),
                    ],
                ),
                "2024-01-31T23:59:00Z",
            ),
            secret(
                "bosun-nc-authorized-keys-v4",
                &owned("authorized-keys", &[("bosun.key-version", "4")]),
                "2024-01-31T23:00:00Z",
            ),
            secret(
                "bosun-nc-authorized-keys-v3",
                &owned("authorized-keys", &[("bosun.key-version", "3")]),
                "2024-01-30T00:00:00Z",
            ),
            // another instance's key, and a secret of no instance
            secret(
                "blue--nc-client-app-v1",
                &[
                    ("bosun.managed-by", "bosun"),
                    ("bosun.instance", "blue"),
                    ("bosun.target", "nc"),
                    ("bosun.kind", "client-key"),
                ],
                "2024-01-01T00:00:00Z",
            ),
            secret("db-password", &[], "2024-01-01T00:00:00Z"),
        ]
    }

    fn configs() -> Vec<Config> {
        let request = RotationRequest {
            target: "nc".into(),
            rotate: Rotate::ClientKeys {
                client: Some("app".into()),
            },
            requested_at_ms: JAN_1 + 31 * DAY,
        };
        let mut broken = request.labels(Naming::default());
        broken.insert("bosun.rotate".into(), "all".into());
        let hosts = RotationRequest {
            target: "pp".into(),
            rotate: Rotate::HostKeys,
            ..request.clone()
        };
        vec![
            config(
                "bosun-rotate-nc-2-ab12",
                request.labels(Naming::default()),
                "2024-01-31T23:59:50Z",
            ),
            config("bosun-rotate-nc-1-0000", broken, "2024-01-31T23:00:00Z"),
            config(
                "bosun-rotate-pp-3-ffff",
                hosts.labels(Naming::default()),
                "2024-01-31T23:59:59Z",
            ),
            config(
                "blue--rotate-nc-1-0000",
                request.labels(Naming::new("blue")),
                "2024-01-31T23:59:59Z",
            ),
        ]
    }

    /// 2024-02-01T00:00:00Z.
    const NOW: u64 = JAN_1 + 31 * DAY;

    #[test]
    fn rows_per_target_from_secrets_and_requests() {
        let status = status("bosun", &secrets(), &configs(), NOW);
        assert_eq!(status.instance, "bosun");
        assert_eq!(status.targets.keys().collect::<Vec<_>>(), ["nc", "pp"]);
        let nc = &status.targets["nc"];
        assert_eq!(
            nc.client_keys,
            [
                ClientKey {
                    secret: "bosun-nc-client-key-v1".into(),
                    client: None,
                    version: Some(1),
                    created_at_ms: Some(JAN_1),
                    age_seconds: Some(31 * 86_400),
                    phase: None,
                },
                ClientKey {
                    secret: "bosun-nc-client-app-v2".into(),
                    client: Some("app".into()),
                    version: Some(2),
                    created_at_ms: Some(JAN_1 + 30 * DAY),
                    age_seconds: Some(86_400),
                    phase: Some("switch-client".into()),
                },
            ]
        );
        assert_eq!(
            nc.host_keys,
            [HostKey {
                secret: "bosun-nc-host-key-n1aaaaaaaaaa-v1".into(),
                node: Some(NODE.into()),
                version: Some(1),
                created_at_ms: Some(NOW - 60_000),
                age_seconds: Some(60),
                phase: Some("announce".into()),
                announced_at_ms: Some(1_706_745_590_000),
            }]
        );
        let versions: Vec<Option<u32>> = nc.authorized_keys.iter().map(|a| a.version).collect();
        assert_eq!(versions, [Some(3), Some(4)]);
        assert_eq!(
            nc.requests,
            [
                Request {
                    config: "bosun-rotate-nc-1-0000".into(),
                    rotate: None,
                    client: None,
                    requested_at_ms: None,
                    created_at_ms: Some(NOW - 3_600_000),
                    age_seconds: Some(3600),
                    problem: Some(
                        "bosun.rotate=\"all\" is not client-keys, host-keys or signing-key".into()
                    ),
                },
                Request {
                    config: "bosun-rotate-nc-2-ab12".into(),
                    rotate: Some("client-keys".into()),
                    client: Some("app".into()),
                    requested_at_ms: Some(NOW),
                    created_at_ms: Some(NOW - 10_000),
                    age_seconds: Some(10),
                    problem: None,
                },
            ]
        );
        let pp = &status.targets["pp"];
        assert!(pp.client_keys.is_empty() && pp.host_keys.is_empty());
        assert_eq!(pp.requests[0].rotate.as_deref(), Some("host-keys"));
    }

    #[test]
    fn another_instance_sees_only_its_own() {
        let status = status("blue", &secrets(), &configs(), NOW);
        let nc = &status.targets["nc"];
        assert_eq!(nc.client_keys.len(), 1);
        assert_eq!(nc.client_keys[0].secret, "blue--nc-client-app-v1");
        assert_eq!(nc.requests.len(), 1);
        assert_eq!(status.targets.len(), 1);
    }

    #[test]
    fn the_table() {
        let status = status("bosun", &secrets(), &configs(), NOW);
        let expected = "\
instance bosun

target nc
  KEY     CLIENT/NODE       VERSION  AGE  PHASE          ANNOUNCED
  client  (shared, legacy)  v1       31d  -              -
  client  app               v2       1d   switch-client  -
  host    n1aaaaaaaaaa      v1       1m   announce       10s ago
  authorized keys: v3 (2d), v4 (1h)
  pending requests:
    bosun-rotate-nc-1-0000  1h ago  unreadable: bosun.rotate=\"all\" is not client-keys, host-keys or signing-key
    bosun-rotate-nc-2-ab12  10s ago  client-keys of app

target pp
  authorized keys: none
  pending requests:
    bosun-rotate-pp-3-ffff  1s ago  host-keys
";
        assert_eq!(table(&status), expected);
        let empty = super::status("bosun", &[], &[], NOW);
        assert_eq!(
            table(&empty),
            "instance bosun: no keys and no rotation requests\n"
        );
    }

    #[test]
    fn the_json_document_has_a_stable_shape() {
        let status = status("bosun", &secrets(), &[], NOW);
        let json = serde_json::to_value(&status).unwrap();
        let key = &json["targets"]["nc"]["client_keys"][1];
        assert_eq!(
            key,
            &serde_json::json!({
                "secret": "bosun-nc-client-app-v2",
                "client": "app",
                "version": 2,
                "created_at_ms": JAN_1 + 30 * DAY,
                "age_seconds": 86_400,
                "phase": "switch-client",
            })
        );
        assert_eq!(
            json["targets"]["nc"]["client_keys"][0]["client"],
            serde_json::Value::Null
        );
        assert_eq!(json["at_ms"], NOW);
        let mut fields: Vec<&str> = json["targets"]["nc"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            ["authorized_keys", "client_keys", "host_keys", "requests"]
        );
    }

    #[test]
    fn ages_in_their_two_largest_units() {
        let cases = [
            (0, "0s"),
            (59, "59s"),
            (60, "1m"),
            (312, "5m12s"),
            (3600, "1h"),
            (3661, "1h1m"),
            (86_400 * 41 + 3 * 3600 + 59, "41d3h"),
            (86_400 + 59, "1d"),
        ];
        for (seconds, text) in cases {
            assert_eq!(age(seconds), text, "{seconds}");
        }
    }
}
