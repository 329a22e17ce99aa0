//! An exec proxy (`bosun/proxy:latest`) deployed on the lab for one test, with fresh keys.
//!
//! ```no_run
//! # async fn f() -> anyhow::Result<()> {
//! use bosun_e2e::proxy::{ProxyFixture, ProxyOptions};
//! use bosun_e2e::{ServiceFixture, fakes::NEXTCLOUD, group, unique_name};
//!
//! let lab = group::shared();
//! let nc = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
//! nc.wait_running(std::time::Duration::from_secs(60)).await?;
//! let proxy = ProxyFixture::deploy(&lab, ProxyOptions::for_fake(&nc.name, NEXTCLOUD, "lab2")).await?;
//! // the stock OpenSSH client, run inside lab1's namespaces
//! let out = proxy.ssh("lab1", &[], "php occ status --output=json")?;
//! assert_eq!(out.status.code(), Some(0));
//! let audit = proxy.audit_lines().await?;
//! # Ok(()) }
//! ```
//!
//! What a fixture sets up, all removed when it is dropped (also on panic):
//! * a directory `/tmp/bosun-e2e/<unique>/` on the host, visible inside every lab node
//!   (`/tmp` is shared), holding the client's private key ([`ProxyFixture::client_key_path`]),
//!   the pinned host key as an OpenSSH known_hosts file ([`ProxyFixture::known_hosts_path`]) and
//!   the authorized keys ([`ProxyFixture::authorized_keys_path`]);
//! * two Docker secrets (host key, authorized keys), labelled `bosun-e2e=true`; with
//!   [`KeysSource::HostFile`] the authorized keys are bind-mounted from the host directory
//!   instead, so a test can change them ([`ProxyFixture::write_authorized_keys`]);
//! * the proxy service, pinned to one node, with that node's Docker socket bind-mounted and
//!   two `mode=host` published ports (SSH and metrics), reachable at `<node ip>:<port>` from
//!   inside any lab node (the lab has no IPVS, so the ingress mesh does not work).
//!
//! Ports are fixed for the fixture's life, so a replacement task (after [`ProxyFixture::kill`])
//! listens on the same endpoint.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bollard::models::{
    EndpointPortConfig, EndpointPortConfigProtocolEnum, EndpointPortConfigPublishModeEnum,
    EndpointSpec, EndpointSpecModeEnum, Mount, MountType, TaskSpecContainerSpecFile,
    TaskSpecContainerSpecSecrets,
};
use bollard::query_parameters::KillContainerOptionsBuilder;
use serde::Deserialize;

use crate::fakes::FakeTarget;
use crate::service::{HARNESS_LABEL, RunningTask, ServiceFixture, replicated_spec};
use crate::{Lab, unique_name, wait};

/// The proxy image `make images` builds.
pub const IMAGE: &str = "bosun/proxy:latest";
/// The SSH user the proxy accepts.
pub const SSH_USER: &str = "bosun";
/// Where the fixtures keep their files on the host (and so in every lab node).
pub const FILES_ROOT: &str = "/tmp/bosun-e2e";
/// Ports inside the proxy container.
const SSH_PORT_IN_CONTAINER: u16 = 2222;
const METRICS_PORT_IN_CONTAINER: u16 = 9102;
/// Where a host directory with the authorized keys is mounted ([`KeysSource::HostFile`]).
const KEYS_DIR_IN_CONTAINER: &str = "/etc/bosun-keys";
/// How long a deployment may take to converge.
const CONVERGE: Duration = Duration::from_secs(90);

/// Where the proxy reads its authorized keys from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeysSource {
    /// A Docker secret (`/run/secrets/bosun-authorized-keys`), as in production.
    #[default]
    Secret,
    /// The host file [`ProxyFixture::authorized_keys_path`], bind-mounted (its directory), so
    /// the test can change it while the proxy runs.
    HostFile,
}

/// What to deploy.
#[derive(Debug, Clone)]
pub struct ProxyOptions {
    /// The node the proxy runs on (`lab2`): the node of the target's task.
    pub node: String,
    /// `--target`: the name in audit lines and metrics.
    pub target: String,
    /// `--service`: the Swarm service whose task on `node` runs the commands.
    pub service: String,
    /// `--policy-preset`.
    pub preset: String,
    pub exec_user: Option<String>,
    pub exec_workdir: Option<String>,
    pub keys: KeysSource,
    /// More `bosun-proxy` flags (e.g. `--grace-period`, `30s`).
    pub extra_args: Vec<String>,
    /// `RUST_LOG` of the proxy (default `info`).
    pub log_filter: String,
}

impl ProxyOptions {
    /// A proxy on `node` for the fake target `fake` running as service `service`, with the
    /// preset, exec user and working directory a real deployment of that tool would use.
    pub fn for_fake(service: &str, fake: FakeTarget, node: &str) -> ProxyOptions {
        let preset = if fake.image.contains("photoprism") {
            "photoprism"
        } else {
            "nextcloud"
        };
        ProxyOptions {
            node: node.to_owned(),
            target: preset.to_owned(),
            service: service.to_owned(),
            preset: preset.to_owned(),
            exec_user: Some(fake.user.to_owned()),
            exec_workdir: Some(fake.workdir.to_owned()),
            keys: KeysSource::Secret,
            extra_args: Vec::new(),
            log_filter: "info".to_owned(),
        }
    }

    /// The proxy's command line.
    fn args(&self) -> Vec<String> {
        let mut args: Vec<String> = [
            "--target",
            &self.target,
            "--service",
            &self.service,
            "--policy-preset",
            &self.preset,
            "--listen",
            &format!("0.0.0.0:{SSH_PORT_IN_CONTAINER}"),
            "--metrics-listen",
            &format!("0.0.0.0:{METRICS_PORT_IN_CONTAINER}"),
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        if let Some(user) = &self.exec_user {
            args.extend(["--exec-user".to_owned(), user.clone()]);
        }
        if let Some(dir) = &self.exec_workdir {
            args.extend(["--exec-workdir".to_owned(), dir.clone()]);
        }
        if self.keys == KeysSource::HostFile {
            args.extend([
                "--authorized-keys".to_owned(),
                format!("{KEYS_DIR_IN_CONTAINER}/authorized_keys"),
            ]);
        }
        args.extend(self.extra_args.iter().cloned());
        args
    }
}

/// One line of the proxy's audit trail (its stdout), exactly the contract's fields.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditLine {
    pub time: String,
    pub client: String,
    pub key_fingerprint: String,
    /// The client service the key's comment names (`<service>/v<N>`), or null.
    pub client_service: Option<String>,
    /// The key's version from the same comment, or null.
    pub client_key_version: Option<u32>,
    pub user: String,
    pub target: String,
    pub raw: String,
    pub raw_truncated: bool,
    pub raw_len: u64,
    pub raw_sha256: String,
    pub argv: Option<Vec<String>>,
    pub decision: String,
    pub reason: Option<String>,
    pub exit_code: Option<u32>,
    pub duration_ms: u64,
    pub bytes_out: u64,
    pub exec_id: Option<String>,
}

/// A proxy deployed for one test.
#[derive(Debug)]
pub struct ProxyFixture {
    lab: Lab,
    /// The node the proxy runs on.
    pub node: String,
    /// The node's lab address: the SSH endpoint's host.
    pub host: String,
    /// The published SSH port on `host`.
    pub port: u16,
    /// The published metrics port on `host` (`/metrics`, `/healthz`).
    pub metrics_port: u16,
    /// `--target`.
    pub target: String,
    /// The fixture's directory on the host (and in every node).
    pub dir: PathBuf,
    /// The client's private key (OpenSSH format, mode 0600).
    pub client_key_path: PathBuf,
    /// The client's public key line (`ssh-ed25519 AAAA… comment`).
    pub client_public_key: String,
    /// The client's private key as OpenSSH text.
    pub client_private_key: String,
    /// known_hosts with the pinned host key, for `[host]:port`.
    pub known_hosts_path: PathBuf,
    /// The proxy's host public key line.
    pub host_public_key: String,
    /// The authorized keys file on the host (the secret's content, or the bind-mounted file).
    pub authorized_keys_path: PathBuf,
    /// The proxy's service (removed on drop).
    pub service: Option<ServiceFixture>,
    /// The proxy's current task (see [`ProxyFixture::wait_replacement`]).
    pub task: RunningTask,
    secrets: Vec<String>,
}

impl ProxyFixture {
    /// Generates keys, writes the files, creates the secrets and the service, and waits until
    /// the proxy says it is serving.
    pub async fn deploy(lab: &Lab, options: ProxyOptions) -> Result<ProxyFixture> {
        let name = unique_name("proxy");
        let dir = Path::new(FILES_ROOT).join(&name);
        std::fs::create_dir_all(dir.join("keys"))
            .with_context(|| format!("creating {}", dir.display()))?;
        let host = lab.node_ip(&options.node)?;
        let (port, metrics_port) = free_ports(lab).await?;

        let client = bosun_core::keys::generate(&format!("{name}-client"))?;
        let host_key = bosun_core::keys::generate(&format!("{name}-host"))?;
        let client_private_key = bosun_core::keys::private_openssh(&client)?;
        let client_public_key = bosun_core::keys::public_openssh(client.public_key())?;
        let host_public_key = bosun_core::keys::public_openssh(host_key.public_key())?;
        let client_key_path = dir.join("client_key");
        write_private(&client_key_path, &client_private_key)?;
        let known_hosts_path = dir.join("known_hosts");
        std::fs::write(
            &known_hosts_path,
            format!("[{host}]:{port} {host_public_key}\n"),
        )?;
        let authorized_keys_path = dir.join("keys/authorized_keys");
        std::fs::write(&authorized_keys_path, format!("{client_public_key}\n"))?;
        let host_key_path = dir.join("host_key");
        write_private(
            &host_key_path,
            &bosun_core::keys::private_openssh(&host_key)?,
        )?;

        let mut fixture = ProxyFixture {
            lab: lab.clone(),
            node: options.node.clone(),
            host,
            port,
            metrics_port,
            target: options.target.clone(),
            dir: dir.clone(),
            client_key_path,
            client_public_key,
            client_private_key,
            known_hosts_path,
            host_public_key,
            authorized_keys_path: authorized_keys_path.clone(),
            service: None,
            task: RunningTask {
                task_id: String::new(),
                node_id: String::new(),
                container_id: String::new(),
            },
            secrets: Vec::new(),
        };
        // From here on, Drop cleans up whatever was created.
        let mut secrets = vec![fixture.secret(
            &format!("{name}-host-key"),
            &host_key_path,
            "bosun-host-key",
        )?];
        if options.keys == KeysSource::Secret {
            secrets.push(fixture.secret(
                &format!("{name}-authorized-keys"),
                &authorized_keys_path,
                "bosun-authorized-keys",
            )?);
        }

        let mut spec = replicated_spec(&name, IMAGE, &[format!("node.hostname=={}", options.node)]);
        let task = spec.task_template.get_or_insert_default();
        let container = task.container_spec.get_or_insert_default();
        container.args = Some(options.args());
        container.env = Some(vec![format!("RUST_LOG={}", options.log_filter)]);
        container.secrets = Some(secrets);
        let mut mounts = vec![bind("/var/run/docker.sock", "/var/run/docker.sock")];
        if options.keys == KeysSource::HostFile {
            mounts.push(bind(
                &dir.join("keys").display().to_string(),
                KEYS_DIR_IN_CONTAINER,
            ));
        }
        container.mounts = Some(mounts);
        // the proxy drains for up to its grace period; let `service rm` wait for it briefly
        container.stop_grace_period = Some(Duration::from_secs(5).as_nanos() as i64);
        spec.endpoint_spec = Some(EndpointSpec {
            mode: Some(EndpointSpecModeEnum::DNSRR),
            ports: Some(vec![
                host_port(SSH_PORT_IN_CONTAINER, port),
                host_port(METRICS_PORT_IN_CONTAINER, metrics_port),
            ]),
        });
        let service = ServiceFixture::create(lab, spec).await?;
        fixture.service = Some(service);
        let task = fixture.service()?.wait_running(CONVERGE).await?;
        fixture.task = task;
        fixture.wait_serving().await?;
        Ok(fixture)
    }

    /// The proxy's service.
    pub fn service(&self) -> Result<&ServiceFixture> {
        self.service
            .as_ref()
            .context("the proxy service was removed")
    }

    /// `bosun@<host>`.
    pub fn destination(&self) -> String {
        format!("{SSH_USER}@{}", self.host)
    }

    /// The stock OpenSSH client's argv for `command`, with the pinned host key, the client key
    /// only (no user config, no agent key), batch mode; `options` go before the destination.
    pub fn ssh_argv(&self, options: &[&str], command: &str) -> Vec<String> {
        let mut argv = self.ssh_base_argv("ssh", "-p");
        argv.extend(options.iter().map(|s| (*s).to_owned()));
        argv.push(self.destination());
        argv.push(command.to_owned());
        argv
    }

    /// The common options of `ssh`/`sftp` (`port_flag` is `-p` or `-P`).
    pub fn ssh_base_argv(&self, program: &str, port_flag: &str) -> Vec<String> {
        let mut argv: Vec<String> = vec![
            program.into(),
            "-F".into(),
            "/dev/null".into(),
            "-i".into(),
            self.client_key_path.display().to_string(),
            port_flag.into(),
            self.port.to_string(),
        ];
        for option in [
            "BatchMode=yes",
            "StrictHostKeyChecking=yes",
            &format!("UserKnownHostsFile={}", self.known_hosts_path.display()),
            "GlobalKnownHostsFile=/dev/null",
            "IdentitiesOnly=yes",
            "ConnectTimeout=20",
        ] {
            argv.push("-o".into());
            argv.push(option.to_owned());
        }
        argv
    }

    /// Runs `ssh … bosun@<host> COMMAND` inside `via` (a lab node) and returns its output.
    pub fn ssh(&self, via: &str, options: &[&str], command: &str) -> Result<Output> {
        let argv = self.ssh_argv(options, command);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        self.lab.exec(via, &argv)
    }

    /// The audit lines of the current proxy container (its stdout), parsed.
    pub async fn audit_lines(&self) -> Result<Vec<AuditLine>> {
        self.audit_lines_of(&self.task.container_id).await
    }

    /// The audit lines of one proxy container (e.g. one that was killed and replaced).
    pub async fn audit_lines_of(&self, container_id: &str) -> Result<Vec<AuditLine>> {
        let text = self.container_logs(container_id, true, false).await?;
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).with_context(|| format!("bad audit line {l:?}")))
            .collect()
    }

    /// The proxy's log (stderr: JSON lines) of the current container.
    pub async fn log(&self) -> Result<String> {
        self.container_logs(&self.task.container_id, false, true)
            .await
    }

    /// Sends `signal` (`TERM`, `KILL`, …) to the current proxy container.
    pub async fn kill(&self, signal: &str) -> Result<()> {
        let docker = self.lab.docker(&self.node).await?;
        docker
            .kill_container(
                &self.task.container_id,
                Some(KillContainerOptionsBuilder::new().signal(signal).build()),
            )
            .await
            .with_context(|| format!("sending {signal} to the proxy container"))
    }

    /// Waits for a running task other than `previous` (after a kill) and makes it current.
    pub async fn wait_replacement(&mut self, previous: &RunningTask) -> Result<RunningTask> {
        let service = self.service()?;
        let what = format!("a replacement task of {}", service.name);
        let task = wait::until(&what, CONVERGE, || async {
            let task = service.wait_running(CONVERGE).await?;
            Ok((task.container_id != previous.container_id).then_some(task))
        })
        .await?;
        self.task = task.clone();
        self.wait_serving().await?;
        Ok(task)
    }

    /// Replaces the authorized keys file (with [`KeysSource::HostFile`], the proxy sees it).
    /// Written to a temporary file and renamed, so the proxy never reads half a file.
    pub fn write_authorized_keys(&self, text: &str) -> Result<()> {
        let tmp = self.authorized_keys_path.with_extension("tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &self.authorized_keys_path)?;
        Ok(())
    }

    /// `GET path` on the metrics port, from inside lab node `via`: the raw HTTP response.
    pub fn http_get(&self, via: &str, path: &str) -> Result<String> {
        let script = format!(
            "exec 3<>/dev/tcp/{}/{} && printf 'GET {path} HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3",
            self.host, self.metrics_port
        );
        let out = self.lab.exec(via, &["bash", "-c", &script])?;
        if !out.status.success() {
            bail!(
                "GET {path} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Waits until the current container has logged that it serves.
    async fn wait_serving(&self) -> Result<()> {
        let what = format!("proxy container {} to serve", self.task.container_id);
        wait::until(&what, CONVERGE, || async {
            let log = self.log().await?;
            if log.contains("\"invalid configuration\"") || log.contains("bosun-proxy failed") {
                bail!("the proxy failed to start: {log}");
            }
            Ok(log.contains("bosun-proxy is serving").then_some(()))
        })
        .await
    }

    async fn container_logs(
        &self,
        container_id: &str,
        stdout: bool,
        stderr: bool,
    ) -> Result<String> {
        self.lab
            .container_logs(&self.node, container_id, stdout, stderr)
            .await
    }

    /// Creates a secret from `file` and returns its reference as `target` in /run/secrets.
    fn secret(
        &mut self,
        name: &str,
        file: &Path,
        target: &str,
    ) -> Result<TaskSpecContainerSpecSecrets> {
        let path = file.to_str().context("secret path is not UTF-8")?;
        let label = format!("{HARNESS_LABEL}=true");
        let out = self
            .lab
            .docker_cli("lab1", &["secret", "create", "--label", &label, name, path])?;
        if !out.status.success() {
            bail!(
                "creating secret {name}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        self.secrets.push(id.clone());
        Ok(TaskSpecContainerSpecSecrets {
            file: Some(TaskSpecContainerSpecFile {
                name: Some(target.to_owned()),
                uid: Some("0".into()),
                gid: Some("0".into()),
                mode: Some(0o400),
            }),
            secret_id: Some(id),
            secret_name: Some(name.to_owned()),
        })
    }
}

impl Drop for ProxyFixture {
    fn drop(&mut self) {
        // the service first: a secret cannot be removed while a service uses it
        drop(self.service.take());
        for id in &self.secrets {
            match self.lab.docker_cli("lab1", &["secret", "rm", id]) {
                Ok(out) if out.status.success() => {}
                Ok(out) => eprintln!(
                    "e2e clean-up: removing secret {id} failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
                Err(e) => eprintln!("e2e clean-up: removing secret {id}: {e:#}"),
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writes a new client key to `path` (OpenSSH, mode 0600; the file must not exist yet) and
/// returns its public line: a key the proxy does not know until a test authorizes it.
pub fn write_new_key(path: &Path, comment: &str) -> Result<String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let key = bosun_core::keys::generate(comment)?;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?
        .write_all(bosun_core::keys::private_openssh(&key)?.as_bytes())?;
    Ok(bosun_core::keys::public_openssh(key.public_key())?)
}

fn bind(source: &str, target: &str) -> Mount {
    Mount {
        source: Some(source.to_owned()),
        target: Some(target.to_owned()),
        typ: Some(MountType::BIND),
        ..Default::default()
    }
}

fn host_port(target: u16, published: u16) -> EndpointPortConfig {
    EndpointPortConfig {
        protocol: Some(EndpointPortConfigProtocolEnum::TCP),
        target_port: Some(target.into()),
        published_port: Some(published.into()),
        publish_mode: Some(EndpointPortConfigPublishModeEnum::HOST),
        ..Default::default()
    }
}

fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

/// Ports per test process: the suite deploys all its proxies from one process, several at
/// once, so a pair is reused only after 100 others.
const PORTS_PER_PROCESS: u16 = 200;

/// Two ports no service of the lab publishes: a range per test process (by pid), a pair per
/// fixture within it.
async fn free_ports(lab: &Lab) -> Result<(u16, u16)> {
    static NEXT: AtomicU16 = AtomicU16::new(0);
    let used: Vec<i64> = lab
        .manager()
        .await?
        .list_services(None::<bollard::query_parameters::ListServicesOptions>)
        .await
        .context("listing services")?
        .into_iter()
        .filter_map(|s| s.endpoint.and_then(|e| e.ports))
        .flatten()
        .filter_map(|p| p.published_port)
        .collect();
    let base = 20_000 + (std::process::id() % 100) as u16 * PORTS_PER_PROCESS;
    for _ in 0..PORTS_PER_PROCESS / 2 {
        let n = NEXT.fetch_add(2, Ordering::Relaxed) % PORTS_PER_PROCESS;
        let (ssh, metrics) = (base + n, base + n + 1);
        if !used.contains(&ssh.into()) && !used.contains(&metrics.into()) {
            return Ok((ssh, metrics));
        }
    }
    bail!("no free port pair in {base}..{}", base + PORTS_PER_PROCESS)
}
