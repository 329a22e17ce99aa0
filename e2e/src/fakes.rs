//! The fake targets (`e2e/fakes/`): busybox images whose `php occ` and `photoprism` behave
//! like the real tools for the commands bosun allows, and log every argv they receive.

use anyhow::{Context, Result, bail};
use bollard::Docker;
use bosun_engine::{self as engine, ExecSpec};
use serde::Deserialize;

/// Where both fakes append one JSON line per invocation.
pub const ARGV_LOG: &str = "/var/log/bosun-fake/argv.log";

/// A fake target image and the fixed exec settings a real deployment would configure for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FakeTarget {
    pub image: &'static str,
    /// The exec user: the owner of `config/config.php` for occ.
    pub user: &'static str,
    pub uid: u32,
    pub workdir: &'static str,
}

pub const NEXTCLOUD: FakeTarget = FakeTarget {
    image: "bosun-e2e/nextcloud:latest",
    user: "www-data",
    uid: 33,
    workdir: "/var/www/html",
};

pub const PHOTOPRISM: FakeTarget = FakeTarget {
    image: "bosun-e2e/photoprism:latest",
    user: "photoprism",
    uid: 1000,
    workdir: "/photoprism",
};

/// One line of the argv log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LoggedCall {
    pub argv: Vec<String>,
    pub uid: u32,
    pub cwd: String,
}

impl FakeTarget {
    /// The exec of `argv` with this target's fixed user and working directory.
    pub fn exec_spec(&self, argv: &[&str]) -> ExecSpec {
        ExecSpec {
            argv: argv.iter().map(|s| (*s).to_owned()).collect(),
            user: Some(self.user.to_owned()),
            working_dir: Some(self.workdir.to_owned()),
            env: Vec::new(),
        }
    }
}

/// Reads the argv log of the fake in `container` (through the engine of the node it runs on).
pub async fn argv_log(docker: &Docker, container: &str) -> Result<Vec<LoggedCall>> {
    let spec = ExecSpec {
        argv: vec!["cat".into(), ARGV_LOG.into()],
        user: Some("root".into()),
        ..Default::default()
    };
    let out = engine::run_collect(docker, container, &spec).await?;
    if out.exit_code != 0 {
        // no invocation yet: the fake creates the log on its first run
        return Ok(Vec::new());
    }
    String::from_utf8(out.stdout)
        .context("the argv log is not UTF-8")?
        .lines()
        .map(|l| serde_json::from_str(l).with_context(|| format!("bad argv log line {l:?}")))
        .collect()
}

/// Runs `script` (`sh -c`) as root in the fake in `container`; fails with its stderr.
pub async fn root_sh(docker: &Docker, container: &str, script: &str) -> Result<()> {
    let argv = vec!["sh".into(), "-c".into(), script.into()];
    root_run(docker, container, argv, &format!("`{script}`"))
        .await
        .map(drop)
}

/// Runs `argv` as root in the fake in `container` and returns its stdout; fails with its
/// stderr (`what` names it).
async fn root_run(
    docker: &Docker,
    container: &str,
    argv: Vec<String>,
    what: &str,
) -> Result<Vec<u8>> {
    let spec = ExecSpec {
        argv,
        user: Some("root".into()),
        ..Default::default()
    };
    let out = engine::run_collect(docker, container, &spec).await?;
    if out.exit_code != 0 {
        bail!(
            "{what} exited {}: {}",
            out.exit_code,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(out.stdout)
}

/// Sets the fake's knob `name` (`/tmp/bosun-fake/<name>`) to `value`, or removes it (`None`):
/// `delay` (seconds to sleep after logging, before output), `exit` (the exit code), `gate`
/// (see `e2e/fakes/README.md`).
pub async fn set_knob(
    docker: &Docker,
    container: &str,
    name: &str,
    value: Option<&str>,
) -> Result<()> {
    let script = match value {
        Some(v) => format!("echo {v} > /tmp/bosun-fake/{name}"),
        None => format!("rm -f /tmp/bosun-fake/{name}"),
    };
    root_sh(docker, container, &script)
        .await
        .with_context(|| format!("setting the {name} knob"))
}

/// Sets (or removes) the fake's `delay` knob: seconds to sleep after logging, before output.
pub async fn set_delay(docker: &Docker, container: &str, secs: Option<u32>) -> Result<()> {
    set_knob(
        docker,
        container,
        "delay",
        secs.map(|s| s.to_string()).as_deref(),
    )
    .await
}

/// The command lines of the processes running in the fake's `container` (busybox `ps`), but the
/// `ps` itself: what a test checks to see that a stopped command left nothing behind.
pub async fn processes(docker: &Docker, container: &str) -> Result<Vec<String>> {
    let argv = ["ps", "-o", "pid,args"].map(str::to_owned).to_vec();
    let stdout = root_run(docker, container, argv, "ps").await?;
    Ok(String::from_utf8_lossy(&stdout)
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|line| !line.ends_with("ps -o pid,args"))
        .map(str::to_owned)
        .collect())
}
