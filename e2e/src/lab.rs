//! A handle on a bosun lab: the `bosun-lab` script, the lab directory, and Engine API clients
//! for each node through its unix socket.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, Result, bail};
use bollard::Docker;
use bollard::container::LogOutput;
use bollard::models::NodeState;
use bollard::query_parameters::LogsOptionsBuilder;
use futures::StreamExt;

/// The directory of the lab that `make test` brings up, unless `BOSUN_LAB_DIR` says otherwise.
pub const DEFAULT_DIR: &str = "/tmp/bosun-lab";

/// The line `bosun-lab`'s dockerd supervisor logs when the daemon died on its own and is
/// started again (`RESTART_MARK` in the script).
pub const DOCKERD_RESTARTED: &str = "bosun-lab: dockerd exited on its own";

/// The space left on the filesystem that holds `dir`, as `df` says it: a dockerd on a full disk
/// fails (or dies) as surely as one that crashed, and a failed test should say which.
fn free_space(dir: &Path) -> String {
    let out = std::process::Command::new("df")
        .args(["-h", "--output=avail"])
        .arg(dir)
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            let avail = text.lines().last().unwrap_or("?").trim();
            format!("{avail} left on {}", dir.display())
        }
        _ => format!("free space on {} unknown", dir.display()),
    }
}

/// One lab, identified by its directory.
#[derive(Debug, Clone)]
pub struct Lab {
    dir: PathBuf,
}

impl Lab {
    /// The lab named by `BOSUN_LAB_DIR`, or the default one.
    pub fn from_env() -> Self {
        Self::at(
            std::env::var_os("BOSUN_LAB_DIR")
                .map_or_else(|| PathBuf::from(DEFAULT_DIR), PathBuf::from),
        )
    }

    /// The lab in `dir` (which need not exist yet).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The lab script of this checkout.
    pub fn script() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("lab/bosun-lab")
    }

    /// Runs the lab script with `args` against this lab; fails with its stderr on a non-zero exit.
    pub fn run(&self, args: &[&str]) -> Result<String> {
        let out = self.run_raw(args)?;
        if !out.status.success() {
            bail!(
                "bosun-lab {} failed ({}): {}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Runs the lab script and returns its output whatever the exit status.
    pub fn run_raw(&self, args: &[&str]) -> Result<Output> {
        Command::new(Self::script())
            .args(args)
            .env("BOSUN_LAB_DIR", &self.dir)
            .output()
            .with_context(|| format!("running {} {}", Self::script().display(), args.join(" ")))
    }

    /// The docker CLI against `node`, for clean-up paths that cannot be async (`Drop`).
    pub fn docker_cli(&self, node: &str, args: &[&str]) -> Result<Output> {
        let mut full = vec!["docker", node];
        full.extend_from_slice(args);
        self.run_raw(&full)
    }

    /// The docker CLI against lab1 (the manager): its stdout, or an error with its stderr.
    pub fn cli(&self, args: &[&str]) -> Result<String> {
        self.cli_on("lab1", args)
    }

    /// The docker CLI against `node`: its stdout, or an error with its stderr.
    pub fn cli_on(&self, node: &str, args: &[&str]) -> Result<String> {
        let out = self.docker_cli(node, args)?;
        if !out.status.success() {
            bail!(
                "docker {} on {node}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The lab-network address of `node` (`lab2` → `192.168.251.12`), as the lab script
    /// assigns it: `$BOSUN_LAB_NET.(10+N)`.
    pub fn node_ip(&self, node: &str) -> Result<String> {
        let n: u32 = node
            .strip_prefix("lab")
            .and_then(|n| n.parse().ok())
            .with_context(|| format!("{node:?} is not a lab node name (lab1, lab2, …)"))?;
        let net = std::env::var("BOSUN_LAB_NET").unwrap_or_else(|_| "192.168.251".into());
        Ok(format!("{net}.{}", 10 + n))
    }

    /// `argv` as a process inside `node`'s network, mount and UTS namespaces (`bosun-lab exec`):
    /// how tests run the stock `ssh` client or the `bosun` CLI "on the lab network". Spawn it
    /// for a background process; its pid is the program's own (nsenter execs it).
    pub fn command(&self, node: &str, argv: &[&str]) -> Command {
        let mut cmd = Command::new(Self::script());
        cmd.arg("exec")
            .arg(node)
            .args(argv)
            .env("BOSUN_LAB_DIR", &self.dir);
        cmd
    }

    /// Runs `argv` inside `node` (see [`Lab::command`]) to its end and returns its output,
    /// whatever the exit status. Blocks the calling thread.
    pub fn exec(&self, node: &str, argv: &[&str]) -> Result<Output> {
        self.command(node, argv)
            .stdin(std::process::Stdio::null())
            .output()
            .with_context(|| format!("running {} in {node}", argv.join(" ")))
    }

    /// The node names (`lab1`…) of this lab, from its `lab.conf`.
    pub fn nodes(&self) -> Result<Vec<String>> {
        let conf = self.dir.join("lab.conf");
        let text = std::fs::read_to_string(&conf).with_context(|| {
            format!(
                "the lab is not up ({} is missing): run `e2e/lab/bosun-lab up 3` or `make test`",
                conf.display()
            )
        })?;
        let n: usize = text
            .lines()
            .find_map(|l| l.strip_prefix("nodes="))
            .and_then(|v| v.trim().parse().ok())
            .with_context(|| format!("{} names no node count", conf.display()))?;
        Ok((1..=n).map(|i| format!("lab{i}")).collect())
    }

    /// The unix socket of `node`'s dockerd.
    pub fn socket(&self, node: &str) -> PathBuf {
        self.dir.join(node).join("docker.sock")
    }

    /// An Engine API client for `node`, with the API version negotiated.
    pub async fn docker(&self, node: &str) -> Result<Docker> {
        let socket = self.socket(node);
        let path = socket.to_str().context("lab socket path is not UTF-8")?;
        match bosun_engine::connect(Some(path)).await {
            Ok(docker) => Ok(docker),
            Err(e) => Err(anyhow::Error::new(e).context(format!(
                "connecting to {node}{}",
                self.dockerd_autopsy(node)
            ))),
        }
    }

    /// Why `node`'s dockerd may not answer, for an error that would say only "connection
    /// refused": whether its process runs (its pid file), whether its supervisor had to start
    /// it again (`bosun-lab` runs it as systemd would, with `Restart=always`), and the first
    /// lines of its last Go `fatal error`/`panic`, or else its log's last lines. A lab dockerd
    /// that dies mid-suite fails the tests that use it; this says so in each of their errors.
    pub fn dockerd_autopsy(&self, node: &str) -> String {
        let dir = self.dir.join(node);
        let pid = std::fs::read_to_string(dir.join("dockerd.pid")).unwrap_or_default();
        let pid = pid.trim();
        let runs = !pid.is_empty() && Path::new("/proc").join(pid).exists();
        let log = dir.join("dockerd.log");
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let restarts: Vec<&str> = lines
            .iter()
            .filter(|l| l.starts_with(DOCKERD_RESTARTED))
            .copied()
            .collect();
        let disk = free_space(&self.dir);
        if runs && restarts.is_empty() {
            return format!(" (its dockerd, pid {pid}, runs; {disk})");
        }
        // a Go crash prints its cause first and then thousands of goroutine lines: show the
        // cause when there is one, else the log's last lines
        let from = lines
            .iter()
            .rposition(|l| l.starts_with("fatal error:") || l.starts_with("panic:"))
            .unwrap_or(lines.len().saturating_sub(8));
        let shown: Vec<&str> = lines.iter().skip(from).take(8).copied().collect();
        format!(
            " (its dockerd {}; {} restart(s) by its supervisor{}; {disk}; {}:\n{})",
            if runs { "runs" } else { "is not running" },
            restarts.len(),
            restarts
                .last()
                .map(|l| format!(", the last: {l}"))
                .unwrap_or_default(),
            log.display(),
            shown.join("\n")
        )
    }

    /// What container `container_id` on `node` wrote so far: its stdout, its stderr, or both
    /// interleaved as they came.
    pub async fn container_logs(
        &self,
        node: &str,
        container_id: &str,
        stdout: bool,
        stderr: bool,
    ) -> Result<String> {
        let docker = self.docker(node).await?;
        let options = LogsOptionsBuilder::new()
            .stdout(stdout)
            .stderr(stderr)
            .build();
        let mut stream = docker.logs(container_id, Some(options));
        let mut text = Vec::new();
        while let Some(item) = stream.next().await {
            match item.with_context(|| format!("reading the logs of {container_id} on {node}"))? {
                LogOutput::StdOut { message } | LogOutput::StdErr { message } => {
                    text.extend_from_slice(&message)
                }
                _ => {}
            }
        }
        Ok(String::from_utf8_lossy(&text).into_owned())
    }

    /// An Engine API client for the lab's first manager, `lab1`.
    pub async fn manager(&self) -> Result<Docker> {
        self.docker("lab1").await
    }

    /// The Swarm node id of the node with hostname `node`.
    pub async fn node_id(&self, node: &str) -> Result<String> {
        let info = self
            .manager()
            .await?
            .inspect_node(node)
            .await
            .with_context(|| format!("inspecting node {node}"))?;
        info.id.with_context(|| format!("node {node} has no id"))
    }

    /// `node`'s state as the manager `via` sees it.
    pub async fn node_state(&self, via: &str, node: &str) -> Result<NodeState> {
        let info = self
            .docker(via)
            .await?
            .inspect_node(node)
            .await
            .with_context(|| format!("inspecting node {node}"))?;
        info.status
            .and_then(|s| s.state)
            .with_context(|| format!("node {node} reports no state"))
    }
}
