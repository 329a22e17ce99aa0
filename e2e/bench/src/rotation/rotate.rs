//! One rotation of the benchmark, the way an operator asks for it: `bosun-controller rotate
//! TARGET` (every client key of the target) or `rotate TARGET --host-keys` (every host key),
//! then a wait until each of those keys is at its next version, its phase label `done` and
//! every older version removed (`bosun_e2e::rotation::wait_rotated`). Its duration runs from
//! the request to the moment the last of its keys was seen so (the wait polls every 200 ms).
//!
//! When a rotation does not finish, [`RotationError`] says which keys were awaited and where
//! each of them stood (every version and its phase label), for the report.

use std::fmt;

use anyhow::{Context, Result};
use bosun_e2e::Lab;
use bosun_e2e::client_service::now_ms;
use bosun_e2e::controller::ControllerFixture;
use bosun_e2e::rotation::{self, KeyOf};
use serde::Serialize;

/// Which keys a rotation replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    ClientKeys,
    HostKeys,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::ClientKeys => "client-keys",
            Kind::HostKeys => "host-keys",
        })
    }
}

/// The `n`-th rotation (from 0) when the two kinds alternate, a client-key rotation first.
pub fn alternate(n: usize) -> Kind {
    if n % 2 == 0 {
        Kind::ClientKeys
    } else {
        Kind::HostKeys
    }
}

/// The keys of the target a rotation waits for, with a name for people (`e2e-app-1-2`,
/// `lab2`).
#[derive(Debug, Clone)]
pub struct Keys {
    pub target: String,
    pub clients: Vec<String>,
    /// (hostname, node id) of every node with a proxy of the target.
    pub hosts: Vec<(String, String)>,
}

impl Keys {
    fn of(&self, kind: Kind) -> Vec<(String, KeyOf)> {
        match kind {
            Kind::ClientKeys => self
                .clients
                .iter()
                .map(|c| (c.clone(), KeyOf::Client(c.clone())))
                .collect(),
            Kind::HostKeys => self
                .hosts
                .iter()
                .map(|(host, id)| (host.clone(), KeyOf::Host(id.clone())))
                .collect(),
        }
    }
}

/// One finished rotation.
#[derive(Debug, Clone, Serialize)]
pub struct Rotation {
    /// From 1.
    pub n: usize,
    pub kind: Kind,
    /// Each key's owner and the version it was rotated to (`lab2 v3`).
    pub keys: Vec<String>,
    pub requested_at_ms: u64,
    pub done_at_ms: u64,
    pub duration_ms: u64,
}

/// A rotation that did not finish: what was awaited, and where its keys stood.
#[derive(Debug, Clone, Serialize)]
pub struct RotationError {
    pub n: usize,
    pub kind: Kind,
    pub requested_at_ms: u64,
    pub error: String,
    /// Every version of each awaited key and its phase label (`e2e-app-1: v2 done, v3
    /// switch-client`), read after the failure.
    pub keys_now: Vec<String>,
}

impl fmt::Display for RotationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rotation {} ({}) did not finish: {}; keys now: {}",
            self.n,
            self.kind,
            self.error,
            self.keys_now.join("; ")
        )
    }
}

/// Requests rotation `n` (from 1) of `kind` and waits until it is done.
pub async fn run(
    lab: &Lab,
    ctl: &ControllerFixture,
    keys: &Keys,
    n: usize,
    kind: Kind,
) -> Result<Rotation, RotationError> {
    let requested_at_ms = now_ms();
    match request_and_wait(lab, ctl, keys, kind).await {
        Ok(done) => {
            let done_at_ms = now_ms();
            Ok(Rotation {
                n,
                kind,
                keys: done,
                requested_at_ms,
                done_at_ms,
                duration_ms: done_at_ms - requested_at_ms,
            })
        }
        Err(e) => Err(RotationError {
            n,
            kind,
            requested_at_ms,
            error: format!("{e:#}"),
            keys_now: keys_now(lab, keys, kind).await,
        }),
    }
}

/// The request, then the wait for each key in turn; `owner vN` of each key.
async fn request_and_wait(
    lab: &Lab,
    ctl: &ControllerFixture,
    keys: &Keys,
    kind: Kind,
) -> Result<Vec<String>> {
    let mut wanted = Vec::new();
    for (owner, whose) in keys.of(kind) {
        let now = rotation::keys(lab, &keys.target, &whose).await?;
        let newest = now
            .last()
            .with_context(|| format!("{owner} has no key of {} yet", keys.target))?;
        wanted.push((owner, whose, rotation::version(newest) + 1));
    }
    let target = keys.target.as_str();
    match kind {
        Kind::ClientKeys => rotation::request(lab, ctl, &[target])?,
        Kind::HostKeys => rotation::request(lab, ctl, &[target, "--host-keys"])?,
    }
    for (owner, whose, version) in &wanted {
        rotation::wait_rotated(lab, target, whose, *version)
            .await
            .with_context(|| format!("{owner}'s key to v{version}"))?;
    }
    Ok(wanted
        .into_iter()
        .map(|(owner, _, v)| format!("{owner} v{v}"))
        .collect())
}

/// Where each key of `kind` stands: its versions and their phase labels.
async fn keys_now(lab: &Lab, keys: &Keys, kind: Kind) -> Vec<String> {
    let mut out = Vec::new();
    for (owner, whose) in keys.of(kind) {
        let state = match rotation::keys(lab, &keys.target, &whose).await {
            Ok(versions) => versions
                .iter()
                .map(|k| {
                    let phase = k.label("bosun.rotation-phase").unwrap_or("no phase label");
                    format!("v{} {phase}", rotation::version(k))
                })
                .collect::<Vec<_>>()
                .join(", "),
            Err(e) => format!("unreadable: {e:#}"),
        };
        out.push(format!("{owner}: {state}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_alternate_from_a_client_key_rotation_and_read_as_the_cli_names_them() {
        let kinds: Vec<String> = (0..4).map(|n| alternate(n).to_string()).collect();
        assert_eq!(
            kinds,
            ["client-keys", "host-keys", "client-keys", "host-keys"]
        );
        assert_eq!(
            serde_json::to_value(Kind::HostKeys).unwrap(),
            serde_json::json!("host-keys")
        );
    }

    #[test]
    fn a_rotation_error_says_what_stood_where() {
        let e = RotationError {
            n: 3,
            kind: Kind::ClientKeys,
            requested_at_ms: 1,
            error: "timed out".into(),
            keys_now: vec!["a: v2 done, v3 switch-client".into(), "b: v3 done".into()],
        };
        assert_eq!(
            e.to_string(),
            "rotation 3 (client-keys) did not finish: timed out; keys now: \
             a: v2 done, v3 switch-client; b: v3 done"
        );
    }
}
