//! The `bosun` CLI and client apps run inside a lab node's namespaces (network, mount, UTS),
//! with an explicit environment: how the client tests run a client "on the lab network".
//!
//! Processes started here see the node's network (lab IPs, the node's own dockerd socket at
//! `/var/run/docker.sock`) and the host's files (binaries, keys in `/tmp`), like a client
//! container on that node would see its network. The suite's own client loop binary
//! (`bosun-e2e-client`) is named by the test (`env!("CARGO_BIN_EXE_bosun-e2e-client")`).

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

use anyhow::{Context, Result, bail};

use crate::Lab;
use crate::proxy::ProxyFixture;

/// What a process run in a node did.
#[derive(Debug, Clone)]
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    fn from(out: Output) -> Ran {
        Ran {
            // killed by a signal: reported as -1
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The `bosun` CLI to test: the static binary `make images` put into the proxy image
/// (`target/image-bin/bosun`), or else the debug build.
pub fn bosun_bin() -> Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    for candidate in [target.join("image-bin/bosun"), target.join("debug/bosun")] {
        if candidate.exists() {
            return candidate
                .canonicalize()
                .with_context(|| format!("resolving {}", candidate.display()));
        }
    }
    bail!(
        "no bosun CLI binary in {}: run `make images` (or `cargo build -p bosun-proxy --bin bosun`)",
        target.display()
    )
}

/// The command that runs `argv` in `node` with exactly `env` (plus a PATH).
fn in_node(lab: &Lab, node: &str, env: &[(&str, &str)], argv: &[&str]) -> Command {
    let vars: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut full = vec!["env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"];
    full.extend(vars.iter().map(String::as_str));
    full.extend_from_slice(argv);
    lab.command(node, &full)
}

/// The client's environment for `proxy`'s target, pinning the host key lines `pinned`
/// (written next to the fixture's files): what an app container would be given.
pub fn client_env(proxy: &ProxyFixture, pinned: &[&str]) -> Result<Vec<(String, String)>> {
    let pins = proxy.dir.join(crate::unique_name("pinned-host-keys"));
    std::fs::write(&pins, pinned.join("\n") + "\n")
        .with_context(|| format!("writing {}", pins.display()))?;
    Ok(vec![
        ("NEXTCLOUD_PROXY_SERVICE".into(), proxy.host.clone()),
        ("PROXY_SSH_PORT".into(), proxy.port.to_string()),
        (
            "BOSUN_NEXTCLOUD_KEY_FILE".into(),
            proxy.client_key_path.display().to_string(),
        ),
        (
            "BOSUN_NEXTCLOUD_HOST_KEYS_FILE".into(),
            pins.display().to_string(),
        ),
    ])
}

/// `[(String, String)]` as `[(&str, &str)]`.
pub fn pairs(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Runs `argv` in `node` and waits for it.
pub fn run_in(lab: &Lab, node: &str, env: &[(&str, &str)], argv: &[&str]) -> Result<Ran> {
    let out = in_node(lab, node, env, argv)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {argv:?} in {node}"))?;
    Ok(Ran::from(out))
}

/// Starts `argv` in `node` with stdout piped (stderr inherited, so it shows in test output).
pub fn spawn_in(lab: &Lab, node: &str, env: &[(&str, &str)], argv: &[&str]) -> Result<Child> {
    in_node(lab, node, env, argv)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("starting {argv:?} in {node}"))
}
