//! The fake targets (`e2e/fakes/`): busybox images whose `php occ` and `photoprism` behave
//! like the real tools for the commands bosun allows, and log every argv they receive.

use anyhow::{Context, Result};
use bollard::Docker;
use bosun::engine::{self, ExecSpec};
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
