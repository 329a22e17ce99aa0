//! The controller (`bosun-controller run`) as a process inside a lab node's namespaces (lab1
//! unless the test names another manager), for one test.
//!
//! ```no_run
//! # async fn f() -> anyhow::Result<()> {
//! use bosun_e2e::controller::{ConfigBuilder, ControllerFixture};
//! use bosun_e2e::group;
//!
//! let lab = group::controller();
//! let config = ConfigBuilder::new().nextcloud("nc", "my-nextcloud", &["my-app"]).yaml();
//! let ctl = ControllerFixture::start(&lab, &config).await?;
//! ctl.wait_ready(std::time::Duration::from_secs(60)).await?;
//! let (status, body, _headers) = ctl.get("/v1/discovery")?;
//! let invalid = ctl.metric("bosun_config_reloads_total", &[("result", "invalid")])?;
//! # Ok(()) }
//! ```
//!
//! The process runs in its node's network, mount and UTS namespaces (`bosun-lab exec lab1 …`),
//! so it talks to that node's dockerd (a manager) through `/var/run/docker.sock` like the
//! controller's Swarm task would, and listens on `<node ip>:<port>` (a port of its own, from
//! 18100 up), where every lab node and every container on the lab reaches it (containers
//! through their node's `docker_gwbridge`). The host cannot reach lab addresses, so HTTP
//! requests are made from inside that node (bash's `/dev/tcp`): they reach a controller whose
//! node is partitioned from the others too.
//!
//! Every fixture is an instance of its own: unless the config names one, the fixture writes
//! `instance: t<pid>-<n>` into it, so its controller makes, updates and removes only objects
//! labelled with that instance (named `<instance>--…`), and the suite's controllers run side
//! by side ([`crate::group::controller`]). Starting a fixture removes what a crashed run left
//! of its instance; dropping it kills the controller and removes its instance's objects. The
//! test configs' shared network (`bosun-e2e`) is made once by the harness, so that no
//! instance owns it.
//!
//! [`ControllerFixture::start_replica`] runs a second controller of the same instance (same
//! config, another node and port), as a deployment with several replicas does: the replicas
//! elect one leader through the instance's lease ([`crate::leader`] reads who leads). A replica
//! neither sweeps the instance on start nor on drop: the first fixture owns the clean-up, and
//! is declared first, so that it drops after its replicas are dead.
//!
//! Every fixture signs its discovery record with a key of its own: a fresh ED25519 key in its
//! directory at `signing/v1` (mode 0400), passed as `--signing-keys`; its replicas use the
//! same directory. A client run outside a controller-managed service trusts it through
//! [`ControllerFixture::trust_file`] (set `BOSUN_DISCOVERY_KEYS` to it);
//! [`ControllerFixture::verify_record`] checks a served record as a client does.
//!
//! The config file and the controller's log (JSON lines, stdout and stderr) are kept in a
//! directory under the lab directory (`<lab>/e2e-controller-<pid>-<n>/`), also after the test,
//! so a failure can be read; the log's tail is printed when a test panics.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Once;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};

use crate::client_service::NETWORK;
use crate::group::Group;
use crate::{Lab, unique_name, wait};

/// The first port a fixture's controller listens on, on lab1's address (the next fixture takes
/// the next port).
pub const FIRST_PORT: u16 = 18100;
static NEXT_PORT: AtomicU16 = AtomicU16::new(FIRST_PORT);

/// Makes the next fixtures of this process listen on `first`, `first + 1`, …: a benchmark
/// that shares the lab with a running test suite (another process, whose fixtures count from
/// [`FIRST_PORT`] too) takes ports of its own with it.
pub fn use_ports_from(first: u16) {
    NEXT_PORT.store(first, Ordering::Relaxed);
}
/// The node a controller runs on unless the test names another: the lab's first manager.
pub const NODE: &str = "lab1";
/// The label every object the controller makes carries.
pub const MANAGED_BY: &str = "bosun.managed-by=bosun";

/// A `bosun-controller run` process in a lab node, with its config file and log.
pub struct ControllerFixture {
    lab: Lab,
    /// The lab node whose namespaces (and dockerd) the process runs in.
    pub node: String,
    /// `ip:port` the controller listens on.
    pub listen: String,
    /// The fixture's directory (config, log), under the lab directory.
    pub dir: PathBuf,
    pub config_path: PathBuf,
    pub log_path: PathBuf,
    /// The discovery record's signing key directory (`--signing-keys`): `v1` in it. A replica
    /// shares its first fixture's.
    pub signing_dir: PathBuf,
    /// The controller's `instance`: the one its config names, or the fixture's own.
    pub instance: String,
    bin: PathBuf,
    child: Option<Child>,
    /// Whether this fixture sweeps its instance's objects on start and on drop (the first
    /// fixture of an instance does; its replicas do not).
    owns_instance: bool,
}

impl std::fmt::Debug for ControllerFixture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ControllerFixture")
            .field("node", &self.node)
            .field("listen", &self.listen)
            .field("dir", &self.dir)
            .field("bin", &self.bin)
            .field("pid", &self.pid())
            .finish_non_exhaustive()
    }
}

/// An HTTP response: status, headers (names lowercased), body.
pub type Response = (u16, BTreeMap<String, String>, String);

impl ControllerFixture {
    /// Removes what earlier runs left, writes `config_yaml` and starts the controller in lab1;
    /// returns once its HTTP listener answers.
    pub async fn start(lab: &Group, config_yaml: &str) -> Result<Self> {
        Self::start_on(lab, config_yaml, NODE).await
    }

    /// [`Self::start`] in `node` (a manager: the controller needs the Swarm API).
    pub async fn start_on(lab: &Group, config_yaml: &str, node: &str) -> Result<Self> {
        let fixture = Self::launch_on(lab, config_yaml, node)?;
        fixture.wait_listening().await?;
        Ok(fixture)
    }

    /// [`Self::start`] without waiting for the HTTP listener: returns as soon as the process
    /// runs (for a test that must act during the first reconcile).
    pub fn launch(lab: &Group, config_yaml: &str) -> Result<Self> {
        Self::launch_on(lab, config_yaml, NODE)
    }

    /// [`Self::launch`] in `node`.
    pub fn launch_on(lab: &Group, config_yaml: &str, node: &str) -> Result<Self> {
        ensure_may_run(lab)?;
        ensure_shared_network(lab);
        let instance = named_instance(config_yaml).unwrap_or_else(fresh_instance);
        let mut fixture = Self::new(lab, node, instance, true)?;
        fixture.signing_dir = write_signing_key(&fixture.dir)?;
        sweep_instance(&fixture.lab, &fixture.instance);
        fixture.write_config(config_yaml)?;
        fixture.spawn()?;
        Ok(fixture)
    }

    /// A second controller of this fixture's instance, with the same config, in `node` (a
    /// manager) on a port of its own; returns once its HTTP listener answers. It sweeps
    /// nothing, on start or on drop: declare it after this fixture, so that it drops (dies)
    /// first and this one removes the instance's objects when nobody can write them again. A
    /// later [`Self::write_config`] on one replica does not reach the other.
    pub async fn start_replica(&self, lab: &Group, node: &str) -> Result<Self> {
        ensure_may_run(lab)?;
        let config = std::fs::read_to_string(&self.config_path)
            .with_context(|| format!("reading {}", self.config_path.display()))?;
        let mut replica = Self::new(lab, node, self.instance.clone(), false)?;
        replica.signing_dir = self.signing_dir.clone();
        replica.write_config(&config)?;
        replica.spawn()?;
        replica.wait_listening().await?;
        Ok(replica)
    }

    /// A fixture (not started) in `node`, with a port and a directory of its own.
    fn new(lab: &Group, node: &str, instance: String, owns_instance: bool) -> Result<Self> {
        let port = NEXT_PORT.fetch_add(1, Ordering::Relaxed);
        let dir = lab.dir().join(unique_name("controller"));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let fixture = Self {
            lab: lab.lab().clone(),
            node: node.to_owned(),
            listen: format!("{}:{port}", lab.node_ip(node)?),
            config_path: dir.join("bosun.yaml"),
            log_path: dir.join("controller.log"),
            signing_dir: dir.join("signing"),
            dir,
            instance,
            bin: controller_bin()?,
            child: None,
            owns_instance,
        };
        eprintln!(
            "e2e: controller {} instance {} on {}{} (log {})",
            fixture.bin.display(),
            fixture.instance,
            fixture.node,
            if owns_instance { "" } else { " (a replica)" },
            fixture.log_path.display()
        );
        Ok(fixture)
    }

    /// The name this controller gives the object that instance `bosun` names `base`.
    pub fn object_name(&self, base: &str) -> String {
        instance_name(&self.instance, base)
    }

    /// The public half of the key the controller signs its discovery record with: one
    /// OpenSSH line (`ssh-ed25519 AAAA… comment`).
    pub fn signing_public_key(&self) -> Result<String> {
        self.signing_public_key_v(1)
    }

    /// The public half of signing key `v<version>` of the fixture's directory.
    pub fn signing_public_key_v(&self, version: u32) -> Result<String> {
        let path = self.signing_dir.join(format!("v{version}"));
        let key = bosun_core::keys::load_private_key(&path)
            .with_context(|| format!("reading the signing key {}", path.display()))?;
        bosun_core::keys::public_openssh(key.public_key()).context("the signing public key")
    }

    /// A trust file for clients of this controller (`BOSUN_DISCOVERY_KEYS`): its signing
    /// public key, written into the fixture's directory on first use.
    pub fn trust_file(&self) -> Result<PathBuf> {
        let path = self.dir.join("discovery-keys");
        if !path.exists() {
            let line = self.signing_public_key()?;
            std::fs::write(&path, format!("{line}\n"))
                .with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(path)
    }

    /// Checks a `GET /v1/discovery` answer as a client does: its `bosun-signature` header
    /// verifies over the body with this controller's key, and the record has not expired.
    /// Returns the key id that signed it.
    pub fn verify_record(&self, headers: &BTreeMap<String, String>, body: &str) -> Result<String> {
        self.verify_record_v(1, headers, body)
    }

    /// [`Self::verify_record`] with signing key `v<version>` alone.
    pub fn verify_record_v(
        &self,
        version: u32,
        headers: &BTreeMap<String, String>,
        body: &str,
    ) -> Result<String> {
        let path = self.signing_dir.join(format!("v{version}"));
        let key = bosun_core::keys::load_private_key(&path)?;
        let mut trust = bosun_core::signature::Trust::new(vec![key.public_key().clone()]);
        let signature = headers.get("bosun-signature").map(String::as_str);
        let verified = trust
            .verify(body.as_bytes(), signature, std::time::SystemTime::now())
            .with_context(|| format!("the record served by {}", self.listen))?;
        Ok(verified.key_id.to_string())
    }

    /// Signs `bytes` with signing key `v<version>` of the fixture's directory, as the controller
    /// does: the `Bosun-Signature` line (docs/keys.md, "The signature line").
    pub fn sign_v(&self, version: u32, bytes: &[u8]) -> Result<String> {
        let path = self.signing_dir.join(format!("v{version}"));
        let key = bosun_core::keys::load_private_key(&path)
            .with_context(|| format!("reading the signing key {}", path.display()))?;
        let line = bosun_core::signature::SignatureLine::sign(&key, bytes)
            .context("signing with the fixture's key")?;
        Ok(line.to_string())
    }

    /// The record `GET /v1/discovery` serves now, and its signature line.
    pub fn served_record(&self) -> Result<(String, String)> {
        let (status, headers, body) = self.get("/v1/discovery")?;
        ensure!(status == 200, "GET /v1/discovery answered {status}: {body}");
        let signature = headers
            .get("bosun-signature")
            .context("the record came without a Bosun-Signature header")?;
        Ok((body, signature.clone()))
    }

    /// Adds a fresh signing key `v<version>` to the controller's directory (a roll: the
    /// controller reads its keys when it starts, so restart it to have it announced).
    pub fn add_signing_key(&self, version: u32) -> Result<()> {
        write_key_file(&self.signing_dir, &format!("v{version}"))
    }

    /// Removes signing key `v<version>` from the controller's directory (restart it to switch).
    pub fn remove_signing_key(&self, version: u32) -> Result<()> {
        let path = self.signing_dir.join(format!("v{version}"));
        std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))
    }

    /// The controller's pid, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Replaces the config file atomically (written aside, then renamed); the controller
    /// reloads it on change. A config that names no `instance` gets the fixture's.
    pub fn write_config(&self, yaml: &str) -> Result<()> {
        let tmp = self.config_path.with_extension("yaml.tmp");
        let yaml = match named_instance(yaml) {
            Some(_) => yaml.to_owned(),
            None => format!("{yaml}instance: {}\n", self.instance),
        };
        std::fs::write(&tmp, yaml).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &self.config_path)
            .with_context(|| format!("renaming {} into place", tmp.display()))
    }

    /// SIGKILL, and wait until the process is gone.
    pub fn sigkill(&mut self) -> Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill().context("killing the controller")?;
            child.wait().context("waiting for the killed controller")?;
            self.log_marker("SIGKILL by the test");
        }
        Ok(())
    }

    /// SIGSTOP: the process is frozen (its sockets stay open, its clock goes on) until
    /// [`Self::sigcont`]. Ask nothing of its HTTP endpoints meanwhile: they do not answer.
    pub fn sigstop(&self) -> Result<()> {
        self.ensure_own_process_group()?;
        self.signal("STOP")?;
        self.log_marker("SIGSTOP by the test");
        Ok(())
    }

    /// A frozen process must be alone in its process group (see [`Self::spawn`]): one that
    /// shares the suite's group is woken by the kernel whenever that group is orphaned.
    fn ensure_own_process_group(&self) -> Result<()> {
        let pid = self.pid().context("the controller is not running")?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .with_context(|| format!("reading /proc/{pid}/stat"))?;
        // pid (comm) state ppid pgrp …: comm may hold spaces, so split after its ')'
        let pgrp = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(2))
            .context("no process group in /proc/<pid>/stat")?;
        ensure!(
            pgrp == pid.to_string(),
            "the controller (pid {pid}) is in process group {pgrp}, not its own: a SIGSTOP would \
             not hold (an orphaned group is sent SIGCONT)"
        );
        Ok(())
    }

    /// SIGCONT: a process frozen by [`Self::sigstop`] runs again.
    pub fn sigcont(&self) -> Result<()> {
        self.signal("CONT")?;
        self.log_marker("SIGCONT by the test");
        Ok(())
    }

    /// SIGHUP: the controller re-reads its config file.
    pub fn sighup(&self) -> Result<()> {
        self.signal("HUP")
    }

    /// Sends `signal` (`HUP`, `TERM`, …) to the controller.
    pub fn signal(&self, signal: &str) -> Result<()> {
        let pid = self.pid().context("the controller is not running")?;
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .status()
            .context("running kill")?;
        if !status.success() {
            bail!("kill -{signal} {pid} failed: {status}");
        }
        Ok(())
    }

    /// Starts the controller again (SIGKILLs it first if it runs), same config and log.
    pub async fn restart(&mut self) -> Result<()> {
        self.sigkill()?;
        self.spawn()?;
        self.wait_listening().await
    }

    /// Whether the process still runs (false once it exited on its own).
    pub fn is_running(&mut self) -> bool {
        match self.child.as_mut().map(Child::try_wait) {
            Some(Ok(None)) => true,
            Some(_) | None => false,
        }
    }

    /// The controller's log so far.
    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// `GET path` from inside the controller's node.
    pub fn get(&self, path: &str) -> Result<Response> {
        self.request(path, &[])
    }

    /// `GET path` with extra request headers, from inside the controller's node (HTTP/1.0, so
    /// the server closes the connection after the response). Gives up after 330 s (a long-poll
    /// waits 300 s).
    pub fn request(&self, path: &str, headers: &[(&str, &str)]) -> Result<Response> {
        let request = HttpRequest {
            method: "GET",
            path,
            headers,
            body: None,
        };
        let timeout = Duration::from_secs(330);
        http_from(&self.lab, &self.node, &self.listen, &request, timeout)
    }

    /// `method path` to `addr` (`ip:port`, another listener of this controller) with
    /// `headers` and an optional body (sent with its `Content-Length`; it must hold no `\\`),
    /// from inside the controller's node (HTTP/1.0). Gives up after 60 s.
    pub fn http(
        &self,
        addr: &str,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Response> {
        let request = HttpRequest {
            method,
            path,
            headers,
            body,
        };
        http_from(&self.lab, &self.node, addr, &request, HTTP_TIMEOUT)
    }

    /// The status of `GET path`, or `None` when nothing answers.
    pub fn status(&self, path: &str) -> Option<u16> {
        self.get(path).ok().map(|(status, _, _)| status)
    }

    /// The value of one series of `/metrics` (`None` when it is absent: a labelled counter
    /// appears only once it was incremented).
    pub fn metric(&self, name: &str, labels: &[(&str, &str)]) -> Result<Option<f64>> {
        let (status, _, body) = self.get("/metrics")?;
        if status != 200 {
            bail!("/metrics answered {status}: {body}");
        }
        Ok(parse_metric(&body, name, labels))
    }

    /// The sum of every series of `name` that has `labels` (0 when there is none).
    pub fn metric_sum(&self, name: &str, labels: &[(&str, &str)]) -> Result<f64> {
        let (status, _, body) = self.get("/metrics")?;
        if status != 200 {
            bail!("/metrics answered {status}: {body}");
        }
        Ok(metric_samples(&body, name, labels)
            .iter()
            .fold(0.0, |sum, v| sum + v))
    }

    /// `/v1/status`, parsed: every target, its proxies and its problems.
    pub fn status_json(&self) -> Result<serde_json::Value> {
        let (status, _, body) = self.get("/v1/status")?;
        if status != 200 {
            bail!("/v1/status answered {status}: {body}");
        }
        serde_json::from_str(&body).with_context(|| format!("the status {body:?}"))
    }

    /// Waits until `/v1/status` satisfies `check`; returns it.
    pub async fn wait_status_json(
        &self,
        what: &str,
        check: impl Fn(&serde_json::Value) -> bool,
    ) -> Result<serde_json::Value> {
        wait::until(what, Duration::from_secs(60), || async {
            self.check_alive()?;
            let status = self.status_json()?;
            Ok(check(&status).then_some(status))
        })
        .await
    }

    /// The discovery record, parsed.
    pub fn discovery(&self) -> Result<serde_json::Value> {
        let (status, _, body) = self.get("/v1/discovery")?;
        if status != 200 {
            bail!("/v1/discovery answered {status}: {body}");
        }
        serde_json::from_str(&body).with_context(|| format!("the discovery record {body:?}"))
    }

    /// Waits until `/readyz` answers 200 (the first full sync is done).
    pub async fn wait_ready(&self, timeout: Duration) -> Result<()> {
        self.wait_status("/readyz", 200, timeout).await
    }

    /// Waits until `GET path` answers `status`; fails early if the controller died.
    pub async fn wait_status(&self, path: &str, status: u16, timeout: Duration) -> Result<()> {
        let what = format!("GET {path} to answer {status}");
        wait::until(&what, timeout, || async {
            self.check_alive()?;
            Ok((self.status(path) == Some(status)).then_some(()))
        })
        .await
    }

    /// Fails with the log's tail when the controller process has exited.
    pub fn check_alive(&self) -> Result<()> {
        let pid = self.pid().context("the controller is not running")?;
        if !Path::new(&format!("/proc/{pid}")).exists() || is_zombie(pid) {
            bail!(
                "the controller exited; its log ends with:\n{}",
                self.log_tail(30)
            );
        }
        Ok(())
    }

    /// The lab this controller runs on.
    pub fn lab(&self) -> &Lab {
        &self.lab
    }

    /// The last `n` lines of the log.
    pub fn log_tail(&self, n: usize) -> String {
        let log = self.logs();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// Waits until the HTTP listener answers (any status); fails early if the process died.
    pub async fn wait_listening(&self) -> Result<()> {
        let what = format!("the controller's HTTP listener on {}", self.listen);
        wait::until(&what, Duration::from_secs(30), || async {
            self.check_alive()?;
            Ok(self.status("/healthz").map(|_| ()))
        })
        .await
    }

    fn spawn(&mut self) -> Result<()> {
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log_path)
            .with_context(|| format!("opening {}", self.log_path.display()))?;
        let err = log.try_clone()?;
        let bin = self.bin.to_str().context("binary path is not UTF-8")?;
        let config = self.config_path.to_str().context("config path not UTF-8")?;
        let signing = self.signing_dir.to_str().context("signing dir not UTF-8")?;
        let argv = [
            "env",
            "RUST_LOG=info,bosun_controller=debug",
            bin,
            "run",
            "--config",
            config,
            "--http-listen",
            &self.listen,
            "--docker-host",
            "unix:///var/run/docker.sock",
            "--signing-keys",
            signing,
        ];
        self.log_marker("started by the test");
        // A process group of its own. The tests SIGSTOP controllers, and a process group with a
        // stopped member that becomes orphaned (POSIX: its last member with a parent in
        // another group of the session exits, as a reparented `ssh` mux or helper may at any
        // time) gets SIGHUP then SIGCONT from the kernel, every member of it. In the suite's
        // group, a frozen leader was woken that way mid-test and kept renewing its lease (CI,
        // twice), and a `make` without nohup died of the SIGHUP. Alone in its group, with its
        // parent (the test binary) in another, the controller's group is never orphaned while
        // the test runs, and is stopped or woken only by the test.
        let child = self
            .lab
            .command(&self.node, &argv)
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .spawn()
            .with_context(|| format!("starting the controller in {}", self.node))?;
        self.child = Some(child);
        Ok(())
    }

    /// A line in the log, so a reader sees where the test restarted or killed the process.
    fn log_marker(&self, what: &str) {
        use std::io::Write;
        if let Ok(mut f) = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log_path)
        {
            let _ = writeln!(f, "{{\"e2e\":\"{what}\"}}");
        }
    }
}

impl Drop for ControllerFixture {
    fn drop(&mut self) {
        if let Err(e) = self.sigkill() {
            eprintln!("e2e clean-up: {e:#}");
        }
        if std::thread::panicking() {
            eprintln!(
                "e2e: the controller's log ({}), last lines:\n{}",
                self.log_path.display(),
                self.log_tail(60)
            );
        }
        if self.owns_instance {
            sweep_instance(&self.lab, &self.instance);
        }
        // the directory (config, log) stays for a post-mortem; `bosun-lab down` removes it
    }
}

/// Writes a fresh record signing key at `<dir>/signing/v1`, readable by its owner only (as
/// the stack mounts the secret); returns the directory.
fn write_signing_key(dir: &Path) -> Result<PathBuf> {
    let signing = dir.join("signing");
    std::fs::create_dir_all(&signing).with_context(|| format!("creating {}", signing.display()))?;
    write_key_file(&signing, "v1")?;
    Ok(signing)
}

/// A fresh signing key at `<dir>/<name>`, mode 0400.
fn write_key_file(dir: &Path, name: &str) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let key = bosun_core::keys::generate(&format!("bosun-e2e-signing-{name}"))?;
    let path = dir.join(name);
    std::fs::write(&path, bosun_core::keys::private_openssh(&key)?)
        .with_context(|| format!("writing {}", path.display()))?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400))
        .with_context(|| format!("chmod 0400 {}", path.display()))
}

/// Fails unless `lab` is a group that may run a controller.
fn ensure_may_run(lab: &Group) -> Result<()> {
    ensure!(
        lab.may_run_controller(),
        "a test that runs a controller takes `group::controller()`, not {:?}",
        lab.kind()
    );
    Ok(())
}

/// The instance of the stack's controller, and of objects made before instances existed.
pub const DEFAULT_INSTANCE: &str = "bosun";
/// The number in the next fresh instance name.
static NEXT_INSTANCE: AtomicU16 = AtomicU16::new(0);

/// The name instance `instance` gives the object that instance `bosun` names `base`: the
/// leading `bosun-` becomes `<instance>--` (`bosun-proxy-nc-…` → `blue--proxy-nc-…`).
pub fn instance_name(instance: &str, base: &str) -> String {
    if instance == DEFAULT_INSTANCE {
        return base.to_owned();
    }
    format!(
        "{instance}--{}",
        base.strip_prefix("bosun-").unwrap_or(base)
    )
}

/// The name instance `bosun` gives the object named `name` by its instance (the inverse of
/// [`instance_name`]): `blue--proxy-nc-…` → `bosun-proxy-nc-…`. Instance names never hold
/// `--`, so the first one ends the instance.
pub fn default_instance_name(name: &str) -> String {
    match name.split_once("--") {
        Some((_, rest)) => format!("bosun-{rest}"),
        None => name.to_owned(),
    }
}

/// An instance name no other fixture of this run has: `t<pid>-<n>` (a test that must know its
/// controller's instance before it starts names it with `ConfigBuilder::instance`).
pub fn fresh_instance() -> String {
    let n = NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed);
    format!("t{}-{n}", std::process::id() % 100_000)
}

/// The `instance:` a config names (a top-level line), if any.
fn named_instance(yaml: &str) -> Option<String> {
    yaml.lines()
        .find_map(|l| l.strip_prefix("instance:"))
        .map(|v| v.trim().trim_matches('"').to_owned())
}

/// Makes the test configs' shared overlay network ([`NETWORK`], `bosun-e2e`) once, labelled as
/// the harness's, so that it is there before any controller looks and belongs to no instance
/// (an instance's `uninstall` must not take it from the others). It is not the stack's
/// `bosun` network, so the stack test deploys its own beside the other tests.
fn ensure_shared_network(lab: &Lab) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let exists = lab
            .docker_cli(NODE, &["network", "inspect", NETWORK])
            .is_ok_and(|o| o.status.success());
        if exists {
            return;
        }
        let label = format!("{}=true", crate::service::HARNESS_LABEL);
        let args = [
            "network",
            "create",
            "--driver",
            "overlay",
            "--attachable",
            "--label",
            &label,
            NETWORK,
        ];
        match lab.docker_cli(NODE, &args) {
            Ok(out) if out.status.success() => {}
            Ok(out) => eprintln!(
                "e2e: creating the network {NETWORK}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            Err(e) => eprintln!("e2e: creating the network {NETWORK}: {e:#}"),
        }
    });
}

/// Removes every service, secret and config `instance` made (labelled `bosun.managed-by=bosun`
/// and `bosun.instance=<it>`; a target that names the instance is not its object).
pub fn sweep_instance(lab: &Lab, instance: &str) {
    let instance = format!("label=bosun.instance={instance}");
    sweep(lab, &[&label_filter(), &instance]);
}

/// Removes every service, secret and config labelled `bosun.managed-by=bosun`, of every
/// instance (services first: a secret in use cannot be removed). The shared network stays.
/// Errors are printed.
pub fn sweep_managed(lab: &Lab) {
    sweep(lab, &[&label_filter()]);
}

/// Removes the services, secrets and configs that match every one of `filters`.
fn sweep(lab: &Lab, filters: &[&str]) {
    for kind in ["service", "secret", "config"] {
        let mut ls = vec![kind, "ls", "-q"];
        for filter in filters {
            ls.extend(["--filter", filter]);
        }
        let ids = match lab.docker_cli(NODE, &ls) {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
            Ok(out) => {
                eprintln!(
                    "e2e clean-up: listing managed {kind}s: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                continue;
            }
            Err(e) => {
                eprintln!("e2e clean-up: listing managed {kind}s: {e:#}");
                continue;
            }
        };
        let ids: Vec<&str> = ids.split_whitespace().collect();
        if ids.is_empty() {
            continue;
        }
        let mut args = vec![kind, "rm"];
        args.extend(&ids);
        match lab.docker_cli(NODE, &args) {
            Ok(out) if out.status.success() => {}
            Ok(out) => eprintln!(
                "e2e clean-up: removing managed {kind}s: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            Err(e) => eprintln!("e2e clean-up: removing managed {kind}s: {e:#}"),
        }
    }
}

/// Runs `bosun-controller ARGS…` (the binary under test) in lab1, against its dockerd, and
/// returns what it did (for `uninstall` and `check-config`).
pub fn run_controller_cli(lab: &Lab, args: &[&str]) -> Result<std::process::Output> {
    let bin = controller_bin()?;
    let bin = bin.to_str().context("binary path is not UTF-8")?;
    let mut argv = vec![bin];
    argv.extend(args);
    lab.command(NODE, &argv)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running bosun-controller {}", args.join(" ")))
}

fn label_filter() -> String {
    format!("label={MANAGED_BY}")
}

/// The controller binary to test: `$BOSUN_CONTROLLER_BIN`, or the newer of the debug build
/// (`cargo build -p bosun-controller`) and the static one `make images` put into the image.
pub fn controller_bin() -> Result<PathBuf> {
    if let Some(bin) = std::env::var_os("BOSUN_CONTROLLER_BIN") {
        return Ok(PathBuf::from(bin));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    let newest = ["debug/bosun-controller", "image-bin/bosun-controller"]
        .iter()
        .map(|p| target.join(p))
        .filter_map(|p| {
            let modified = std::fs::metadata(&p).ok()?.modified().ok()?;
            Some((modified, p))
        })
        .max_by_key(|(modified, _)| *modified);
    match newest {
        Some((_, p)) => p
            .canonicalize()
            .with_context(|| format!("resolving {}", p.display())),
        None => bail!(
            "no bosun-controller binary in {}: run `cargo build -p bosun-controller` or `make images`",
            target.display()
        ),
    }
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(") ")
                .map(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X'))
        })
        .unwrap_or(true)
}

/// How long [`ControllerFixture::http`] waits for an answer.
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(60);

/// One HTTP request: the method, the path, extra headers and an optional body (sent with its
/// `Content-Length`; it must hold no `\\`).
#[derive(Debug, Clone, Copy)]
pub struct HttpRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: Option<&'a str>,
}

/// Sends `request` to `addr` (`ip:port`) from inside lab node `node` (HTTP/1.0, bash's
/// `/dev/tcp`), and gives up after `timeout`. What [`ControllerFixture::http`] does, without
/// a fixture: for threads that call while the test holds the fixture (to kill it, say).
pub fn http_from(
    lab: &Lab,
    node: &str,
    addr: &str,
    request: &HttpRequest<'_>,
    timeout: Duration,
) -> Result<Response> {
    let HttpRequest {
        method,
        path,
        headers,
        body,
    } = *request;
    let (host, port) = addr.split_once(':').context("the address has no port")?;
    let mut req = format!("{method} {path} HTTP/1.0\\r\\nHost: {host}\\r\\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\\r\\n"));
    }
    if let Some(body) = body {
        req.push_str(&format!("Content-Length: {}\\r\\n\\r\\n{body}", body.len()));
    } else {
        req.push_str("\\r\\n");
    }
    let script = format!(
        "exec 3<>/dev/tcp/{host}/{port} && printf '%b' '{}' >&3 && cat <&3",
        req.replace('\'', "'\\''")
    );
    let secs = timeout.as_secs().max(1).to_string();
    let out = lab.exec(node, &["timeout", &secs, "bash", "-c", &script])?;
    if !out.status.success() {
        bail!(
            "{method} http://{addr}{path}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    parse_response(&String::from_utf8_lossy(&out.stdout))
        .with_context(|| format!("{method} http://{addr}{path}"))
}

/// Parses a raw HTTP/1.x response.
pub fn parse_response(raw: &str) -> Result<Response> {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .with_context(|| format!("not an HTTP response: {raw:?}"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("bad status line {status_line:?}"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok((status, headers, body.to_owned()))
}

/// The first sample of `name` whose labels include `labels`, in Prometheus text.
pub fn parse_metric(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    metric_samples(text, name, labels).into_iter().next()
}

/// Every sample of `name` whose labels include `labels`.
pub fn metric_samples(text: &str, name: &str, labels: &[(&str, &str)]) -> Vec<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let rest = line.strip_prefix(name)?;
            let (series_labels, value) = if let Some(rest) = rest.strip_prefix('{') {
                let (inner, value) = rest.rsplit_once('}')?;
                (parse_labels(inner), value)
            } else if rest.starts_with(' ') {
                (Vec::new(), rest)
            } else {
                return None; // another metric whose name starts with `name`
            };
            let matches = labels.iter().all(|(k, v)| {
                series_labels
                    .iter()
                    .any(|(sk, sv)| sk == k && sv.as_str() == *v)
            });
            let value = value.split_whitespace().next()?;
            matches.then(|| parse_value(value)).flatten()
        })
        .collect()
}

fn parse_value(v: &str) -> Option<f64> {
    match v {
        "+Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        _ => v.parse().ok(),
    }
}

/// `a="x",b="y \"q\""` → [(a, x), (b, y "q")].
fn parse_labels(inner: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() || chars.next() != Some('"') {
            return out;
        }
        let mut value = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => value.push('\n'),
                    Some(other) => value.push(other),
                    None => break,
                },
                '"' => break,
                c => value.push(c),
            }
        }
        out.push((key.trim().to_owned(), value));
    }
}

/// A target declared in the test's config file.
#[derive(Debug, Clone)]
pub struct TargetDecl {
    pub name: String,
    pub service: String,
    pub preset: String,
    pub user: Option<String>,
    pub workdir: Option<String>,
    pub clients: Vec<String>,
    /// The clients' key file `uid`, `gid` and `mode` (the controller's default when `None`).
    pub key_access: Option<(u32, u32, String)>,
    /// `limits.max_concurrent_execs` (the controller's default when `None`).
    pub max_concurrent_execs: Option<u32>,
}

/// The config file of a test: the contract's format, short intervals (resync 5 s, task poll
/// 1 s, watch deadline 6 s, absent grace 10 s: a proxy whose target left its node goes soon),
/// label targets off, and the targets added.
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder {
    pub targets: Vec<TargetDecl>,
    /// `instance:` (the controller's default, `bosun`, when `None`).
    pub instance: Option<String>,
    /// Targets from `bosun.*` labels.
    pub labels: bool,
    pub allow_remove_all: bool,
    pub resync: String,
    pub task_poll: String,
    pub watch_deadline: String,
    pub absent_grace: String,
    /// `intervals.lease` (the controller's default, 15 s, when `None`).
    pub lease: Option<String>,
    /// `rotation.announce` (the controller's default, 15 s, when `None`).
    pub announce: Option<String>,
}

impl ConfigBuilder {
    pub fn new() -> Self {
        Self {
            targets: Vec::new(),
            instance: None,
            labels: false,
            allow_remove_all: false,
            resync: "5s".into(),
            task_poll: "1s".into(),
            watch_deadline: "6s".into(),
            absent_grace: "10s".into(),
            lease: None,
            announce: None,
        }
    }

    /// Adds target `name`: the fake Nextcloud running as `service`, with `clients`.
    pub fn nextcloud(mut self, name: &str, service: &str, clients: &[&str]) -> Self {
        self.targets.push(TargetDecl {
            name: name.to_owned(),
            service: service.to_owned(),
            preset: "nextcloud".into(),
            user: Some(crate::fakes::NEXTCLOUD.user.into()),
            workdir: Some(crate::fakes::NEXTCLOUD.workdir.into()),
            clients: clients.iter().map(|c| (*c).to_owned()).collect(),
            key_access: None,
            max_concurrent_execs: None,
        });
        self
    }

    /// Adds target `name`: the fake PhotoPrism running as `service`, with `clients`.
    pub fn photoprism(mut self, name: &str, service: &str, clients: &[&str]) -> Self {
        self.targets.push(TargetDecl {
            name: name.to_owned(),
            service: service.to_owned(),
            preset: "photoprism".into(),
            user: Some(crate::fakes::PHOTOPRISM.user.into()),
            workdir: Some(crate::fakes::PHOTOPRISM.workdir.into()),
            clients: clients.iter().map(|c| (*c).to_owned()).collect(),
            key_access: None,
            max_concurrent_execs: None,
        });
        self
    }

    /// The deployment's `instance` name.
    pub fn instance(mut self, name: &str) -> Self {
        self.instance = Some(name.to_owned());
        self
    }

    /// Targets may be declared with `bosun.*` labels.
    pub fn with_labels(mut self) -> Self {
        self.labels = true;
        self
    }

    /// `allow_remove_all: true`.
    pub fn allow_remove_all(mut self) -> Self {
        self.allow_remove_all = true;
        self
    }

    /// `intervals.absent_grace` (a duration, `"2m"`).
    pub fn absent_grace(mut self, grace: &str) -> Self {
        self.absent_grace = grace.to_owned();
        self
    }

    /// `intervals.lease` (a duration, `"6s"`): how long the leader's lease lasts among
    /// replicas of the instance.
    pub fn lease(mut self, lease: &str) -> Self {
        self.lease = Some(lease.to_owned());
        self
    }

    /// The last target's proxies run at most `n` commands at once
    /// (`limits.max_concurrent_execs`).
    pub fn max_concurrent_execs(mut self, n: u32) -> Self {
        if let Some(t) = self.targets.last_mut() {
            t.max_concurrent_execs = Some(n);
        }
        self
    }

    /// The last target's clients get their key file as `uid`:`gid` with `mode` (`"0400"`; the
    /// controller refuses a mode its group or others can read).
    pub fn key_access(mut self, uid: u32, gid: u32, mode: &str) -> Self {
        if let Some(t) = self.targets.last_mut() {
            t.key_access = Some((uid, gid, mode.to_owned()));
        }
        self
    }

    /// The YAML text.
    pub fn yaml(&self) -> String {
        let mut y = self.settings_yaml();
        if self.targets.is_empty() {
            y.push_str("targets: {}\n");
            return y;
        }
        y.push_str("targets:\n");
        for t in &self.targets {
            y.push_str(&target_yaml(t));
        }
        y
    }

    /// Everything but `targets`.
    fn settings_yaml(&self) -> String {
        let lease = self
            .lease
            .as_ref()
            .map(|l| format!("  lease: {l}\n"))
            .unwrap_or_default();
        let mut y = format!(
            "network: {}\n\
             proxy:\n  image: {}\n  port: 2222\n  ssh_user: bosun\n  docker_socket: /var/run/docker.sock\n\
             intervals:\n  resync: {}\n  task_poll: {}\n  watch_deadline: {}\n  absent_grace: {}\n{lease}\
             discovery:\n  docker_config: false\n\
             labels:\n  enabled: {}\n",
            crate::client_service::NETWORK,
            crate::proxy::IMAGE,
            self.resync,
            self.task_poll,
            self.watch_deadline,
            self.absent_grace,
            self.labels
        );
        if let Some(instance) = &self.instance {
            y.push_str(&format!("instance: {instance}\n"));
        }
        if let Some(announce) = &self.announce {
            y.push_str(&format!("rotation:\n  announce: {announce}\n"));
        }
        if self.allow_remove_all {
            y.push_str("allow_remove_all: true\n");
        }
        y
    }
}

/// One target's entry under `targets:`.
fn target_yaml(t: &TargetDecl) -> String {
    let mut y = format!(
        "  {}:\n    service: {}\n    policy: {{ preset: {} }}\n",
        t.name, t.service, t.preset
    );
    let mut exec = Vec::new();
    if let Some(u) = &t.user {
        exec.push(format!("user: {u}"));
    }
    if let Some(w) = &t.workdir {
        exec.push(format!("workdir: {w}"));
    }
    if !exec.is_empty() {
        y.push_str(&format!("    exec: {{ {} }}\n", exec.join(", ")));
    }
    if !t.clients.is_empty() {
        y.push_str("    clients:\n");
        for c in &t.clients {
            match &t.key_access {
                None => y.push_str(&format!("      - service: {c}\n")),
                Some((uid, gid, mode)) => y.push_str(&format!(
                    "      - {{ service: {c}, uid: {uid}, gid: {gid}, mode: '{mode}' }}\n"
                )),
            }
        }
    }
    if let Some(n) = t.max_concurrent_execs {
        y.push_str(&format!("    limits: {{ max_concurrent_execs: {n} }}\n"));
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_names_map_both_ways_as_the_controller_names_objects() {
        let proxy = "bosun-proxy-nc-3k2j1h4g5f6d";
        assert_eq!(instance_name("blue", proxy), "blue--proxy-nc-3k2j1h4g5f6d");
        assert_eq!(instance_name(DEFAULT_INSTANCE, proxy), proxy);
        assert_eq!(
            default_instance_name("t123-4--nc-client-key-v1"),
            "bosun-nc-client-key-v1"
        );
        assert_eq!(default_instance_name(proxy), proxy);
        assert_eq!(
            named_instance("network: x\ninstance: blue\n").as_deref(),
            Some("blue")
        );
        assert_eq!(named_instance("network: x\n"), None);
    }

    const METRICS: &str = "# HELP bosun_config_reloads_total Config reloads, by result\n\
        # TYPE bosun_config_reloads_total counter\n\
        bosun_config_reloads_total{result=\"invalid\"} 2\n\
        bosun_config_reloads_total{result=\"ok\"} 5\n\
        bosun_config_reloads_total_extra 9\n\
        bosun_targets 3\n\
        bosun_managed_objects{kind=\"proxy\",note=\"a \\\"q\\\", b\"} 4\n";

    #[test]
    fn metrics_are_found_by_name_and_labels() {
        let f = |n, l: &[(&str, &str)]| parse_metric(METRICS, n, l);
        assert_eq!(
            f("bosun_config_reloads_total", &[("result", "invalid")]),
            Some(2.0)
        );
        assert_eq!(
            f("bosun_config_reloads_total", &[("result", "ok")]),
            Some(5.0)
        );
        assert_eq!(f("bosun_config_reloads_total", &[("result", "x")]), None);
        assert_eq!(f("bosun_targets", &[]), Some(3.0));
        assert_eq!(f("bosun_target", &[]), None);
        assert_eq!(
            f("bosun_managed_objects", &[("note", "a \"q\", b")]),
            Some(4.0)
        );
        assert_eq!(
            metric_samples(METRICS, "bosun_config_reloads_total", &[])
                .iter()
                .sum::<f64>(),
            7.0
        );
    }

    #[test]
    fn responses_are_split_into_status_headers_and_body() {
        let (status, headers, body) = parse_response(
            "HTTP/1.0 304 Not Modified\r\nETag: \"7\"\r\nX-A: b:c\r\n\r\nhi\r\n\r\n",
        )
        .unwrap();
        assert_eq!(status, 304);
        assert_eq!(headers["etag"], "\"7\"");
        assert_eq!(headers["x-a"], "b:c");
        assert_eq!(body, "hi\r\n\r\n");
        assert!(parse_response("garbage").is_err());
    }

    #[test]
    fn the_config_has_the_contracts_shape() {
        let y = ConfigBuilder::new()
            .nextcloud("nc", "svc-nc", &["app", "app2"])
            .photoprism("pp", "svc-pp", &[])
            .yaml();
        assert!(y.contains("intervals:\n  resync: 5s\n  task_poll: 1s\n  watch_deadline: 6s\n"));
        assert!(y.contains("  watch_deadline: 6s\n  absent_grace: 10s\ndiscovery:\n"));
        assert!(y.contains("discovery:\n  docker_config: false\n"));
        let grace = ConfigBuilder::new().absent_grace("2m").yaml();
        assert!(grace.contains("  absent_grace: 2m\n"));
        assert!(y.contains(
            "  nc:\n    service: svc-nc\n    policy: { preset: nextcloud }\n    \
             exec: { user: www-data, workdir: /var/www/html }\n    clients:\n      \
             - service: app\n      - service: app2\n"
        ));
        assert!(y.contains("  pp:\n    service: svc-pp\n    policy: { preset: photoprism }\n"));
        assert!(ConfigBuilder::new().yaml().ends_with("targets: {}\n"));
        let y = ConfigBuilder::new()
            .instance("blue")
            .with_labels()
            .allow_remove_all()
            .nextcloud("nc", "svc-nc", &["app"])
            .key_access(33, 33, "0400")
            .max_concurrent_execs(16)
            .yaml();
        assert!(y.contains("labels:\n  enabled: true\ninstance: blue\nallow_remove_all: true\n"));
        let leased = ConfigBuilder::new().lease("6s").yaml();
        assert!(leased.contains("  absent_grace: 10s\n  lease: 6s\ndiscovery:\n"));
        assert!(y.contains(
            "      - { service: app, uid: 33, gid: 33, mode: '0400' }\n    \
             limits: { max_concurrent_execs: 16 }\n"
        ));
    }
}
