//! Key rotation on the lab (docs/keys.md): ask for one the way an operator does
//! (`bosun-controller rotate` in a manager's namespaces), read the keys and their phase labels
//! from Swarm, wait for a rotation to finish, and try a stolen key against a proxy from a
//! container on the overlay.
//!
//! ```no_run
//! # async fn f(lab: &bosun_e2e::Lab, ctl: &bosun_e2e::controller::ControllerFixture) -> anyhow::Result<()> {
//! use bosun_e2e::rotation::{self, KeyOf};
//! rotation::request(lab, ctl, &["my-target", "--client", "my-app"])?;
//! rotation::wait_rotated(lab, "my-target", &KeyOf::Client("my-app".into()), 2).await?;
//! # Ok(()) }
//! ```

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use base64::Engine as _;
use bosun_engine::{self as engine, ExecSpec};

use crate::controller::{ControllerFixture, run_controller_cli};
use crate::managed::{self, Managed};
use crate::{Lab, wait};

/// How long one rotation may take on the lab: two rolling updates of the proxies and one of
/// the client, each a task start, a health check and a drain.
pub const ROTATION: Duration = Duration::from_secs(150);

/// Whose key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOf {
    /// A client service's key of the target.
    Client(String),
    /// The host key of the target on a node (its id).
    Host(String),
}

impl KeyOf {
    fn kind(&self) -> &'static str {
        match self {
            KeyOf::Client(_) => "client-key",
            KeyOf::Host(_) => "host-key",
        }
    }

    fn owns(&self, key: &Managed) -> bool {
        match self {
            KeyOf::Client(c) => key.label("bosun.client") == Some(c),
            KeyOf::Host(n) => key.label("bosun.node") == Some(n),
        }
    }
}

/// Runs `bosun-controller rotate ARGS --instance <the fixture's>`; fails with its output unless
/// it exits 0.
pub fn request(lab: &Lab, ctl: &ControllerFixture, args: &[&str]) -> Result<()> {
    let mut argv = vec!["rotate"];
    argv.extend_from_slice(args);
    argv.extend(["--instance", ctl.instance.as_str()]);
    let out = run_controller_cli(lab, &argv)?;
    ensure!(
        out.status.success(),
        "bosun-controller {argv:?} exited {:?}: {}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

/// The keys of `target` that belong to `whose`, oldest version first.
pub async fn keys(lab: &Lab, target: &str, whose: &KeyOf) -> Result<Vec<Managed>> {
    let mut keys: Vec<Managed> = managed::managed_secrets(lab)
        .await?
        .into_iter()
        .filter(|s| s.target() == target && s.kind() == whose.kind() && whose.owns(s))
        .collect();
    keys.sort_by_key(version);
    Ok(keys)
}

/// A key's `bosun.key-version`.
pub fn version(key: &Managed) -> u32 {
    key.label("bosun.key-version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Waits until `whose` key of `target` is at `version`, its rotation `done` and every older
/// version gone (removed once nothing mounted it).
pub async fn wait_rotated(
    lab: &Lab,
    target: &str,
    whose: &KeyOf,
    version_wanted: u32,
) -> Result<()> {
    let what = format!("{whose:?} of {target} rotated to v{version_wanted}, the old version gone");
    wait::until(&what, ROTATION, || async {
        let keys = keys(lab, target, whose).await?;
        let done = match keys.as_slice() {
            [only] => {
                version(only) == version_wanted
                    && only.label("bosun.rotation-phase") == Some("done")
            }
            _ => false,
        };
        Ok(done.then_some(()))
    })
    .await
}

/// Waits until some key of `whose` carries the phase label `phase`, or a later one of the
/// same rotation shows that it was passed; `true` when `phase` itself was seen.
pub async fn wait_phase(
    lab: &Lab,
    target: &str,
    whose: &KeyOf,
    version_wanted: u32,
    phase: &str,
    order: &[&str],
) -> Result<bool> {
    let rank = |p: &str| order.iter().position(|o| *o == p);
    let wanted = rank(phase).context("a phase of the order")?;
    let what = format!("{whose:?} of {target} v{version_wanted} in phase {phase}");
    wait::until(&what, ROTATION, || async {
        let keys = keys(lab, target, whose).await?;
        let label = keys
            .iter()
            .find(|k| version(k) == version_wanted)
            .and_then(|k| k.label("bosun.rotation-phase"))
            .and_then(rank);
        Ok(match label {
            Some(r) if r == wanted => Some(true),
            Some(r) if r > wanted => Some(false),
            _ => None,
        })
    })
    .await
}

/// The client key file a running task of `service` mounts at `path`, as text: what a thief who
/// got into that container would take.
pub async fn steal_key(lab: &Lab, service: &str, path: &str) -> Result<String> {
    let tasks = managed::running_tasks(lab, service).await?;
    let task = tasks
        .first()
        .with_context(|| format!("{service} runs no task"))?;
    let docker = lab.docker(&task.node).await?;
    let spec = ExecSpec {
        argv: vec!["cat".into(), path.into()],
        user: Some("0:0".into()),
        ..Default::default()
    };
    let out = engine::run_collect(&docker, &task.container_id, &spec).await?;
    ensure!(
        out.exit_code == 0,
        "cat {path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).context("the key is not text")
}

/// Runs `bosun exec TARGET -- php occ status` in a running task of `service` (the client
/// image, on the overlay) with `key` as its key file and only the proxy `proxy_host` (its
/// service name) pinned to `host_keys`: the environment-variable source, so exactly that proxy is
/// tried. Returns (exit code, stderr).
pub async fn exec_with_key(
    lab: &Lab,
    service: &str,
    target: &str,
    key: &str,
    proxy_host: &str,
    host_keys: &[String],
) -> Result<(i64, String)> {
    let tasks = managed::running_tasks(lab, service).await?;
    let task = tasks
        .first()
        .with_context(|| format!("{service} runs no task"))?;
    let docker = lab.docker(&task.node).await?;
    let b64 = base64::engine::general_purpose::STANDARD;
    let script = format!(
        "umask 077 && echo {} | base64 -d > /tmp/stolen-key && echo {} | base64 -d > /tmp/pins \
         && env -u BOSUN_DISCOVERY_URL SWARM_MODE=true BOSUN_PROXY_SERVICE={proxy_host} \
         BOSUN_{t}_PROXY_SERVICE={proxy_host} BOSUN_KEY_FILE=/tmp/stolen-key \
         BOSUN_HOST_KEYS_FILE=/tmp/pins BOSUN_RETRY_TIMES=0 bosun exec {target} -- php occ status",
        b64.encode(key),
        b64.encode(host_keys.join("\n") + "\n"),
        t = target.to_uppercase().replace('-', "_"),
    );
    let spec = ExecSpec {
        argv: vec!["sh".into(), "-c".into(), script],
        user: Some("0:0".into()),
        ..Default::default()
    };
    let out = engine::run_collect(&docker, &task.container_id, &spec).await?;
    Ok((
        out.exit_code,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// Waits until no secret of `target` is older than the newest one of its kind and owner:
/// every old version was removed once nothing mounted it (nothing orphaned).
pub async fn wait_no_old_secrets(lab: &Lab, target: &str) -> Result<()> {
    let what = format!("{target}: no secret left behind a newer version");
    wait::until(&what, ROTATION, || async {
        Ok(left_behind(lab, target).await?.is_empty().then_some(()))
    })
    .await
}

/// The secrets of `target` older than the newest of their kind and owner.
async fn left_behind(lab: &Lab, target: &str) -> Result<Vec<String>> {
    let secrets: Vec<Managed> = managed::managed_secrets(lab)
        .await?
        .into_iter()
        .filter(|s| s.target() == target)
        .collect();
    let owner = |s: &Managed| {
        format!(
            "{}/{}{}",
            s.kind(),
            s.label("bosun.client").unwrap_or_default(),
            s.label("bosun.node").unwrap_or_default()
        )
    };
    Ok(secrets
        .iter()
        .filter(|s| {
            secrets
                .iter()
                .any(|o| owner(o) == owner(s) && version(o) > version(s))
        })
        .map(|s| s.name.clone())
        .collect())
}
