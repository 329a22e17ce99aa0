//! The server in-process, against a russh client: everything the proxy decides without running
//! a command (auth, refusals, the policy's 126, limits, timeouts, the drain). The "engine" is
//! either a path where nothing listens (engine errors) or a unix socket that accepts and never
//! answers, which counts connections — so "no Docker call" is checked by that count staying
//! zero. The wait for a target task that restarts needs an engine that answers: those tests
//! use [`fake_engine`], a few Engine API answers over HTTP, which records every exec. Commands
//! in real containers are the e2e tests' job (on the lab).

mod fake_engine;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Parser;
use russh::client::{self, AuthResult, Handle};
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKey};
use russh::{ChannelMsg, ChannelOpenFailure, MethodKind};
use tokio::net::UnixListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::audit::Sink;
use super::{Config, ProxyArgs, Server};
use bosun_core::keys;

/// Generous bound for things that must happen; no test asserts how fast they happen.
const PATIENCE: Duration = Duration::from_secs(20);

/// A "Docker engine" that accepts connections and never answers, counting them.
struct SilentEngine {
    path: PathBuf,
    connections: Arc<AtomicUsize>,
    _task: JoinHandle<()>,
}

impl SilentEngine {
    fn start(dir: &Path) -> SilentEngine {
        let path = dir.join("docker.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&connections);
        let task = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        });
        SilentEngine {
            path,
            connections,
            _task: task,
        }
    }

    fn calls(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

struct TestProxy {
    addr: SocketAddr,
    metrics_addr: SocketAddr,
    dir: PathBuf,
    host_key: PublicKey,
    client_key: Arc<PrivateKey>,
    audit: Arc<Mutex<Vec<String>>>,
    /// The messages of the disconnects the server sent to this proxy's clients.
    disconnects: Arc<Mutex<Vec<String>>>,
    stop: Option<oneshot::Sender<()>>,
    done: Option<JoinHandle<anyhow::Result<()>>>,
    engine: SilentEngine,
}

impl TestProxy {
    /// A proxy for target `nextcloud` with the nextcloud preset, the silent engine, and
    /// `extra` flags.
    async fn start(name: &str, extra: &[&str]) -> TestProxy {
        let dir = std::env::temp_dir().join(format!("bosun-srv-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let host = keys::generate("host").unwrap();
        let client = keys::generate("client").unwrap();
        std::fs::write(dir.join("host_key"), keys::private_openssh(&host).unwrap()).unwrap();
        std::fs::write(
            dir.join("authorized_keys"),
            format!("{}\n", keys::public_openssh(client.public_key()).unwrap()),
        )
        .unwrap();
        let engine = SilentEngine::start(&dir);
        let host_key_path = dir.join("host_key");
        let keys_path = dir.join("authorized_keys");
        let mut args = vec![
            "bosun-proxy",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "127.0.0.1:0",
            "--host-key",
            host_key_path.to_str().unwrap(),
            "--authorized-keys",
            keys_path.to_str().unwrap(),
            "--target",
            "nextcloud",
            "--service",
            "nc",
            "--policy-preset",
            "nextcloud",
        ];
        if !extra.contains(&"--docker-host") {
            args.extend(["--docker-host", engine.path.to_str().unwrap()]);
        }
        args.extend_from_slice(extra);
        let config = Config::from_args(ProxyArgs::try_parse_from(args).unwrap()).unwrap();
        let audit = Arc::new(Mutex::new(Vec::new()));
        let server = Server::bind_with(config, Sink::Memory(Arc::clone(&audit)))
            .await
            .unwrap();
        let addr = server.local_addr().unwrap();
        let metrics_addr = server.metrics_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(server.run_until(async move {
            let _ = stopped.await;
            "test stop"
        }));
        TestProxy {
            addr,
            metrics_addr,
            dir,
            host_key: host.public_key().clone(),
            client_key: Arc::new(client),
            audit,
            disconnects: Arc::default(),
            stop: Some(stop),
            done: Some(done),
            engine,
        }
    }

    async fn connect(&self) -> Result<Handle<Client>, russh::Error> {
        let config = Arc::new(client::Config::default());
        client::connect(
            config,
            self.addr,
            Client {
                host_key: self.host_key.clone(),
                disconnects: Arc::clone(&self.disconnects),
            },
        )
        .await
    }

    async fn login_with(&self, user: &str, key: &Arc<PrivateKey>) -> Handle<Client> {
        let mut session = self.connect().await.unwrap();
        let result = try_key(&mut session, user, key).await;
        assert!(result.success(), "login failed: {result:?}");
        session
    }

    async fn login(&self) -> Handle<Client> {
        self.login_with("bosun", &self.client_key).await
    }

    fn audit_lines(&self) -> Vec<serde_json::Value> {
        self.audit
            .lock()
            .unwrap()
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The audit lines, once there are at least `n`: a line is written after the client has
    /// its reply, so a test that reads it right after the reply must wait for it.
    async fn audit(&self, n: usize) -> Vec<serde_json::Value> {
        tokio::time::timeout(PATIENCE, async {
            loop {
                let lines = self.audit_lines();
                if lines.len() >= n {
                    return lines;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("fewer than {n} audit lines: {:?}", self.audit_lines()))
    }

    /// Waits until the server has closed `session` with a disconnect saying `reason`.
    async fn until_disconnected(&self, session: &Handle<Client>, reason: &str) {
        let said = || self.disconnects.lock().unwrap().iter().any(|m| m == reason);
        let closed = async {
            while !(session.is_closed() && said()) {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        tokio::time::timeout(PATIENCE, closed)
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "never disconnected for {reason:?}; disconnects: {:?}",
                    self.disconnects.lock().unwrap()
                )
            });
    }

    async fn metrics(&self) -> String {
        http_get(self.metrics_addr, "/metrics").await
    }

    /// Asserts `bosun_proxy_exec_requests_total{decision}` is `count`.
    async fn assert_requests(&self, decision: &str, count: u32) {
        let metrics = self.metrics().await;
        let series = format!(
            r#"bosun_proxy_exec_requests_total{{decision="{decision}",target="nextcloud"}} {count}"#
        );
        assert!(metrics.contains(&series), "missing {series}:\n{metrics}");
    }

    /// Starts the drain (like SIGTERM).
    fn begin_stop(&mut self) {
        let _ = self.stop.take().unwrap().send(());
    }

    async fn stopped(&mut self) {
        let done = self.done.take().unwrap();
        tokio::time::timeout(PATIENCE, done)
            .await
            .expect("the proxy did not stop")
            .unwrap()
            .unwrap();
    }
}

impl Drop for TestProxy {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            done.abort();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

struct Client {
    host_key: PublicKey,
    disconnects: Arc<Mutex<Vec<String>>>,
}

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(
            matches!(key, russh::keys::PublicKeyOrCertificate::PublicKey { key, .. } if key.key_data() == self.host_key.key_data()),
        )
    }

    async fn disconnected(
        &mut self,
        reason: client::DisconnectReason<Self::Error>,
    ) -> Result<(), Self::Error> {
        match reason {
            client::DisconnectReason::ReceivedDisconnect(info) => {
                self.disconnects.lock().unwrap().push(info.message);
                Ok(())
            }
            client::DisconnectReason::Error(e) => Err(e),
        }
    }
}

/// One `publickey` attempt with `key` as `user`.
async fn try_key(session: &mut Handle<Client>, user: &str, key: &Arc<PrivateKey>) -> AuthResult {
    session
        .authenticate_publickey(user, PrivateKeyWithHashAlg::new(Arc::clone(key), None))
        .await
        .unwrap()
}

/// What came back on one exec channel.
#[derive(Debug, Default)]
struct Reply {
    request_ok: Option<bool>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    exit_status: Option<u32>,
    /// The signal name of an `exit-signal`.
    exit_signal: Option<String>,
    eof: bool,
    closed: bool,
}

impl Reply {
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Reads a channel until it closes (or the connection ends).
async fn read_to_close(channel: &mut russh::Channel<client::Msg>) -> Reply {
    let mut reply = Reply::default();
    let read = async {
        while let Some(msg) = channel.wait().await {
            match msg {
                ChannelMsg::Success => reply.request_ok = Some(true),
                ChannelMsg::Failure => reply.request_ok = Some(false),
                ChannelMsg::Data { data } => reply.stdout.extend_from_slice(&data),
                ChannelMsg::ExtendedData { data, ext: 1 } => reply.stderr.extend_from_slice(&data),
                ChannelMsg::ExitStatus { exit_status } => reply.exit_status = Some(exit_status),
                ChannelMsg::ExitSignal { signal_name, .. } => {
                    reply.exit_signal = Some(format!("{signal_name:?}"));
                }
                ChannelMsg::Eof => reply.eof = true,
                ChannelMsg::Close => {
                    reply.closed = true;
                    break;
                }
                _ => {}
            }
        }
    };
    tokio::time::timeout(PATIENCE, read)
        .await
        .expect("the channel never closed");
    reply
}

async fn exec(session: &Handle<Client>, command: &[u8]) -> Reply {
    let mut channel = session.channel_open_session().await.unwrap();
    channel.exec(true, command).await.unwrap();
    read_to_close(&mut channel).await
}

/// The reply to one request that wants a reply (Success or Failure).
async fn request_reply(channel: &mut russh::Channel<client::Msg>) -> bool {
    let wait = async {
        loop {
            match channel.wait().await {
                Some(ChannelMsg::Success) => return true,
                Some(ChannelMsg::Failure) => return false,
                Some(_) => continue,
                None => panic!("the channel closed before the reply"),
            }
        }
    };
    tokio::time::timeout(PATIENCE, wait)
        .await
        .expect("no reply")
}

async fn http_get(addr: SocketAddr, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_ed25519_publickey_auth_of_the_configured_user_succeeds() {
    let proxy = TestProxy::start("auth", &[]).await;
    let only_publickey = |r: &AuthResult| match r {
        AuthResult::Failure {
            remaining_methods, ..
        } => remaining_methods.iter().copied().collect::<Vec<_>>() == [MethodKind::PublicKey],
        AuthResult::Success => false,
    };

    let mut s = proxy.connect().await.unwrap();
    let r = s.authenticate_none("bosun").await.unwrap();
    assert!(only_publickey(&r), "none: {r:?}");
    let r = s.authenticate_password("bosun", "hunter2").await.unwrap();
    assert!(only_publickey(&r), "password: {r:?}");
    let r = s
        .authenticate_keyboard_interactive_start("bosun", None)
        .await
        .unwrap();
    assert!(
        matches!(r, client::KeyboardInteractiveAuthResponse::Failure { .. }),
        "keyboard-interactive: {r:?}"
    );
    let stranger = Arc::new(keys::generate("stranger").unwrap());
    let r = try_key(&mut s, "bosun", &stranger).await;
    assert!(only_publickey(&r), "unknown key: {r:?}");
    let r = try_key(&mut s, "root", &proxy.client_key).await;
    assert!(only_publickey(&r), "other user: {r:?}");
    let r = try_key(&mut s, "bosun", &proxy.client_key).await;
    assert!(r.success(), "the authorized key: {r:?}");

    // none is the initial probe and not counted; the other four are
    let metrics = proxy.metrics().await;
    assert!(
        metrics.contains("bosun_proxy_auth_failures_total 4"),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_command_gets_126_and_one_line_and_never_reaches_docker() {
    let proxy = TestProxy::start("rejected", &[]).await;
    let session = proxy.login().await;
    for (raw, reason) in [
        (
            &b"php occ status; id"[..],
            "character ';' at offset 14 is forbidden",
        ),
        (
            b"php occ memories:index --clear",
            "option --clear is not allowed for php occ memories:index",
        ),
        (
            b"php occ status\nid",
            "byte 0x0a at offset 14 is not printable ASCII",
        ),
        (
            b"php occ status\0",
            "byte 0x00 at offset 14 is not printable ASCII",
        ),
    ] {
        let reply = exec(&session, raw).await;
        assert_eq!(reply.request_ok, Some(true), "{raw:?}");
        assert_eq!(reply.exit_status, Some(126), "{raw:?}");
        assert!(reply.stdout.is_empty(), "{raw:?}");
        let stderr = reply.stderr();
        assert!(
            stderr.starts_with("bosun: rejected: ")
                && stderr.ends_with('\n')
                && stderr.matches('\n').count() == 1,
            "{raw:?}: {stderr:?}"
        );
        assert!(stderr.contains(reason), "{raw:?}: {stderr:?}");
        assert!(reply.eof && reply.closed);
    }
    assert_eq!(
        proxy.engine.calls(),
        0,
        "a rejected command reached the engine"
    );

    let audit = proxy.audit(4).await;
    assert_eq!(audit.len(), 4);
    let line = &audit[0];
    assert_eq!(line["decision"], "rejected");
    assert_eq!(line["raw"], "php occ status; id");
    assert_eq!(line["argv"], serde_json::Value::Null);
    assert_eq!(line["exit_code"], 126);
    assert_eq!(line["user"], "bosun");
    assert_eq!(line["target"], "nextcloud");
    assert_eq!(line["exec_id"], serde_json::Value::Null);
    assert_eq!(
        line["key_fingerprint"],
        keys::fingerprint(proxy.client_key.public_key())
    );
    assert!(line["client"].as_str().unwrap().starts_with("127.0.0.1:"));
    assert_eq!(
        line["bytes_out"].as_u64().unwrap(),
        "bosun: rejected: character ';' at offset 14 is forbidden\n".len() as u64
    );
    assert_eq!(audit[2]["raw"], "php occ status\nid");
    proxy.assert_requests("rejected", 4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_engine_gets_125_not_started_and_a_clear_message() {
    // Nothing ran: the engine is waited for like a task (a dockerd restart outlives no proxy
    // container for long), then the answer is "not started", which clients may retry.
    let proxy = TestProxy::start(
        "engine-down",
        &[
            "--docker-host",
            "/nonexistent/docker.sock",
            "--task-wait",
            "300ms",
        ],
    )
    .await;
    let session = proxy.login().await;
    let reply = exec(&session, b"php occ status --output=json").await;
    assert_eq!(reply.exit_status, Some(125));
    assert_eq!(
        reply.stderr().lines().next().unwrap_or_default(),
        reply.stderr().trim_end()
    );
    let stderr = reply.stderr();
    assert!(
        stderr.starts_with(
            "bosun: not started: cannot reach the Docker engine at /nonexistent/docker.sock"
        ) && stderr.trim_end().ends_with(" within 300ms"),
        "{stderr}"
    );
    let audit = proxy.audit(1).await;
    assert_eq!(audit[0]["decision"], "not_started");
    assert_eq!(
        audit[0]["argv"],
        serde_json::json!(["php", "occ", "status", "--output=json"])
    );
    assert_eq!(audit[0]["exit_code"], 125);
    assert!(
        audit[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("cannot reach the Docker engine")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_but_one_exec_per_session_channel_is_refused() {
    let proxy = TestProxy::start("refusals", &[]).await;
    let session = proxy.login().await;

    let mut channel = session.channel_open_session().await.unwrap();
    channel
        .request_pty(true, "xterm", 80, 24, 0, 0, &[])
        .await
        .unwrap();
    assert!(!request_reply(&mut channel).await, "pty-req");
    channel
        .set_env(true, "LD_PRELOAD", "/tmp/x.so")
        .await
        .unwrap();
    assert!(!request_reply(&mut channel).await, "env");
    channel.request_subsystem(true, "sftp").await.unwrap();
    assert!(!request_reply(&mut channel).await, "subsystem");
    channel
        .request_x11(true, false, "MIT-MAGIC-COOKIE-1", "00", 0)
        .await
        .unwrap();
    assert!(!request_reply(&mut channel).await, "x11-req");
    channel.agent_forward(true).await.unwrap();
    assert!(!request_reply(&mut channel).await, "auth-agent-req");
    // the channel still takes its one exec (rejected here: no Docker needed)
    channel.exec(true, &b"id"[..]).await.unwrap();
    let reply = read_to_close(&mut channel).await;
    assert_eq!(
        (reply.request_ok, reply.exit_status),
        (Some(true), Some(126))
    );

    // shell: refused and the channel is closed
    let mut channel = session.channel_open_session().await.unwrap();
    channel.request_shell(true).await.unwrap();
    let reply = read_to_close(&mut channel).await;
    assert_eq!(reply.request_ok, Some(false));
    assert!(reply.closed);

    // forwarding in both directions
    let err = session
        .channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 5000)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            russh::Error::ChannelOpenFailure(ChannelOpenFailure::AdministrativelyProhibited)
        ),
        "{err:?}"
    );
    let err = session
        .channel_open_direct_streamlocal("/var/run/docker.sock")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            russh::Error::ChannelOpenFailure(ChannelOpenFailure::AdministrativelyProhibited)
        ),
        "{err:?}"
    );
    let err = session.tcpip_forward("0.0.0.0", 8080).await.unwrap_err();
    assert!(matches!(err, russh::Error::RequestDenied), "{err:?}");
    assert!(session.streamlocal_forward("/tmp/x.sock").await.is_err());

    // the connection is still usable
    let reply = exec(&session, b"php occ status;").await;
    assert_eq!(reply.exit_status, Some(126));
    assert_eq!(proxy.engine.calls(), 0);

    // a second exec on a channel whose first one runs (against the silent engine) is refused
    let mut channel = session.channel_open_session().await.unwrap();
    channel.exec(true, &b"php occ status"[..]).await.unwrap();
    assert!(request_reply(&mut channel).await, "first exec");
    channel
        .exec(true, &b"php occ files:scan --all"[..])
        .await
        .unwrap();
    assert!(!request_reply(&mut channel).await, "second exec");

    let audit = proxy.audit(3).await;
    let decisions: Vec<_> = audit
        .iter()
        .map(|l| l["decision"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(decisions, ["rejected", "rejected", "refused"], "{audit:?}");
    assert_eq!(audit[2]["reason"], "only one exec request per channel");
    assert_eq!(audit[2]["raw"], "php occ files:scan --all");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_refuse_what_is_over_the_cap_and_the_timeout_stops_waiting() {
    let proxy = TestProxy::start(
        "limits",
        &[
            "--max-concurrent-execs",
            "1",
            "--max-channels-per-connection",
            "2",
            "--max-connections",
            "2",
            "--command-timeout",
            "1s",
            "--queue-wait",
            "200ms",
        ],
    )
    .await;
    let session = proxy.login().await;

    // an allowed command against the silent engine stays in flight until the timeout
    let mut first = session.channel_open_session().await.unwrap();
    first.exec(true, &b"php occ status"[..]).await.unwrap();
    assert!(request_reply(&mut first).await);
    let wait_engine = async {
        while proxy.engine.calls() == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(PATIENCE, wait_engine).await.unwrap();

    // a second command is over the per-target cap: it waits 200 ms for a place, then 125, no
    // Docker call
    let calls = proxy.engine.calls();
    let mut second = session.channel_open_session().await.unwrap();
    second.exec(true, &b"php occ status"[..]).await.unwrap();
    let reply = read_to_close(&mut second).await;
    assert_eq!(reply.exit_status, Some(125));
    assert!(
        reply.stderr().starts_with(
            "bosun: refused: 1 commands were running in target nextcloud (the limit) for 200ms"
        ),
        "{}",
        reply.stderr()
    );
    assert_eq!(proxy.engine.calls(), calls);

    // channels per connection: the first is open, the second closed; two is the cap
    let _held = session.channel_open_session().await.unwrap();
    let err = session.channel_open_session().await.unwrap_err();
    assert!(
        matches!(
            err,
            russh::Error::ChannelOpenFailure(ChannelOpenFailure::ResourceShortage)
        ),
        "{err:?}"
    );

    // authenticated connections: this one and one more; a third (pre-auth connections do not
    // count) is closed as it authenticates
    let _other = proxy.login().await;
    let mut third = proxy.connect().await.unwrap();
    let key = PrivateKeyWithHashAlg::new(Arc::clone(&proxy.client_key), None);
    let login = third.authenticate_publickey("bosun", key).await;
    assert!(
        !matches!(login, Ok(ref r) if r.success()),
        "a third connection logged in: {login:?}"
    );

    // the first command times out: 124 and the message
    let reply = read_to_close(&mut first).await;
    assert_eq!(reply.exit_status, Some(124));
    assert_eq!(
        reply.stderr(),
        // the silent engine never answered the exec: there is nothing to stop
        "bosun: command timed out after 1s; it had not started\n"
    );
    let audit = proxy.audit(2).await;
    let by_decision = |d: &str| audit.iter().filter(|l| l["decision"] == d).count();
    assert_eq!(
        (by_decision("refused"), by_decision("allowed")),
        (1, 1),
        "{audit:?}"
    );
    let metrics = proxy.metrics().await;
    for needle in [
        r#"bosun_proxy_exec_timeouts_total{target="nextcloud"} 1"#,
        r#"bosun_proxy_exec_requests_total{decision="refused",target="nextcloud"} 1"#,
        r#"bosun_proxy_execs_in_flight{target="nextcloud"} 0"#,
        r#"bosun_proxy_exec_duration_seconds_count{target="nextcloud"} 1"#,
        "bosun_proxy_connections_active 2",
        r#"bosun_proxy_preauth_closed_total{reason="max_connections"} 1"#,
    ] {
        assert!(metrics.contains(needle), "missing {needle}:\n{metrics}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_leaves_while_its_command_waits_for_a_place_takes_it_out_of_the_queue() {
    let proxy = TestProxy::start(
        "queue",
        &[
            "--max-concurrent-execs",
            "1",
            "--command-timeout",
            "2s",
            "--queue-wait",
            "60s",
        ],
    )
    .await;
    let session = proxy.login().await;
    // the one place: a command the silent engine never answers, until its timeout
    let mut first = session.channel_open_session().await.unwrap();
    first.exec(true, &b"php occ status"[..]).await.unwrap();
    assert!(request_reply(&mut first).await);
    let wait_engine = async {
        while proxy.engine.calls() == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(PATIENCE, wait_engine).await.unwrap();
    let calls = proxy.engine.calls();

    // a second command waits for the place; its client closes the channel meanwhile
    let second = session.channel_open_session().await.unwrap();
    second
        .exec(true, &b"php occ files:scan --all"[..])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    second.close().await.unwrap();

    // it leaves the queue at once: its audit line comes first (the first command still waits
    // for its 2 s timeout), and it never reaches the engine, not even once the place is free
    let audit = proxy.audit(1).await;
    assert_eq!(audit[0]["raw"], "php occ files:scan --all", "{audit:?}");
    let reason = audit[0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.starts_with("the client went away while the command waited for a place"),
        "{audit:?}"
    );
    assert_eq!(audit[0]["exec_id"], serde_json::Value::Null, "{audit:?}");
    let reply = read_to_close(&mut first).await;
    assert_eq!(reply.exit_status, Some(124));
    let audit = proxy.audit(2).await;
    assert_eq!(audit[1]["raw"], "php occ status", "{audit:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        proxy.engine.calls(),
        calls,
        "the queued command reached the engine"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_or_idle_clients_are_disconnected() {
    // The idle timeout is also russh's inactivity timeout: it must be longer than the
    // keepalive interval (1s at least) so that only the watchdog disconnects live clients,
    // and the disconnect messages prove it was the watchdog. The auth timeout also bounds the
    // logins below, so it leaves them room on a loaded machine.
    let proxy = TestProxy::start(
        "timeouts",
        &["--auth-timeout", "1s", "--idle-timeout", "5s"],
    )
    .await;

    // a TCP client that never speaks SSH is closed
    use tokio::io::AsyncReadExt;
    let mut raw = tokio::net::TcpStream::connect(proxy.addr).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(PATIENCE, raw.read_to_end(&mut buf))
        .await
        .expect("the silent client was never disconnected")
        .unwrap();
    assert!(String::from_utf8_lossy(&buf).starts_with("SSH-2.0-bosun"));

    // a client that does not authenticate is disconnected
    let s = proxy.connect().await.unwrap();
    proxy.until_disconnected(&s, "authentication timeout").await;

    // an authenticated client with no channel is disconnected after the idle timeout; one with
    // an open channel is not
    let idle = proxy.login().await;
    let busy = proxy.login().await;
    let _channel = busy.channel_open_session().await.unwrap();
    proxy.until_disconnected(&idle, "idle timeout").await;
    assert!(
        !busy.is_closed(),
        "a client with an open channel was disconnected as idle"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_added_to_the_file_works_without_a_restart() {
    let proxy = TestProxy::start("reload", &[]).await;
    let newcomer = Arc::new(keys::generate("newcomer").unwrap());
    let mut s = proxy.connect().await.unwrap();
    let r = try_key(&mut s, "bosun", &newcomer).await;
    assert!(!r.success());

    // a bad file keeps the old list
    std::fs::write(proxy.dir.join("authorized_keys"), "garbage\n").unwrap();
    let _still = proxy.login().await;

    std::fs::write(
        proxy.dir.join("authorized_keys"),
        format!("{}\n", keys::public_openssh(newcomer.public_key()).unwrap()),
    )
    .unwrap();
    let _new = proxy.login_with("bosun", &newcomer).await;
    let mut s = proxy.connect().await.unwrap();
    let r = try_key(&mut s, "bosun", &proxy.client_key).await;
    assert!(!r.success(), "the removed key still works");
    let metrics = proxy.metrics().await;
    assert!(
        metrics.contains(r#"bosun_proxy_authorized_keys_reloads_total{result="error"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"bosun_proxy_authorized_keys_reloads_total{result="ok"} 2"#),
        "{metrics}"
    );
}

/// The authorized-keys line of `key` with `comment`, as the controller writes it.
fn key_line(key: &PrivateKey, comment: &str) -> String {
    let mut public = key.public_key().clone();
    public.set_comment(comment);
    keys::public_openssh(&public).unwrap()
}

/// Runs a command the policy rejects (nothing reaches Docker) on `session`; the audit line it
/// gets is the `n`-th (from 1).
async fn audited(proxy: &TestProxy, session: &Handle<Client>, n: usize) -> serde_json::Value {
    let reply = exec(session, b"php occ status; id").await;
    assert_eq!(reply.exit_status, Some(126));
    proxy.audit(n).await.swap_remove(n - 1)
}

/// `(client_service, client_key_version)` of an audit line.
fn named(line: &serde_json::Value) -> (serde_json::Value, serde_json::Value) {
    (
        line["client_service"].clone(),
        line["client_key_version"].clone(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_line_names_the_client_service_of_the_key_that_logged_in() {
    use serde_json::{Value, json};
    let proxy = TestProxy::start("client-names", &[]).await;
    let cron = Arc::new(keys::generate("cron").unwrap());
    let web = Arc::new(keys::generate("web").unwrap());
    let plain = key_line(&proxy.client_key, "");
    let (cron_line, web_line) = (
        key_line(&cron, "nextcloud-cron/v3"),
        key_line(&web, "my_stack.web_1/v12"),
    );
    let file = proxy.dir.join("authorized_keys");
    std::fs::write(&file, format!("{cron_line}\n{web_line}\n{plain}\n")).unwrap();

    let cron_session = proxy.login_with("bosun", &cron).await;
    let line = audited(&proxy, &cron_session, 1).await;
    assert_eq!(named(&line), (json!("nextcloud-cron"), json!(3)));
    assert_eq!(
        line["key_fingerprint"],
        keys::fingerprint(cron.public_key())
    );
    let web_session = proxy.login_with("bosun", &web).await;
    let line = audited(&proxy, &web_session, 2).await;
    assert_eq!(named(&line), (json!("my_stack.web_1"), json!(12)));
    // a key without a name logs in; its lines say null
    let plain_session = proxy.login().await;
    assert_eq!(
        named(&audited(&proxy, &plain_session, 3).await),
        (Value::Null, Value::Null)
    );

    // the rotation drops cron's key: refused at the next login, the others keep their names
    std::fs::write(&file, format!("{web_line}\n{plain}\n")).unwrap();
    let mut s = proxy.connect().await.unwrap();
    assert!(!try_key(&mut s, "bosun", &cron).await.success());
    let web_again = proxy.login_with("bosun", &web).await;
    let line = audited(&proxy, &web_again, 4).await;
    assert_eq!(named(&line), (json!("my_stack.web_1"), json!(12)));
    // a connection keeps the name it logged in with
    let line = audited(&proxy, &cron_session, 5).await;
    assert_eq!(named(&line), (json!("nextcloud-cron"), json!(3)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drain_refuses_new_work_and_waits_for_running_commands() {
    let mut proxy = TestProxy::start(
        "drain",
        &["--command-timeout", "2s", "--grace-period", "60s"],
    )
    .await;
    let session = proxy.login().await;
    let mut running = session.channel_open_session().await.unwrap();
    running.exec(true, &b"php occ status"[..]).await.unwrap();
    assert!(request_reply(&mut running).await);
    let mut opened = session.channel_open_session().await.unwrap();
    let healthz = http_get(proxy.metrics_addr, "/healthz").await;
    assert!(
        healthz.starts_with("HTTP/1.1 200") && healthz.ends_with("ok\n"),
        "{healthz}"
    );

    proxy.begin_stop();
    tokio::time::timeout(PATIENCE, async {
        while !http_get(proxy.metrics_addr, "/healthz")
            .await
            .starts_with("HTTP/1.1 503")
        {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("healthz never reported the drain");

    // new connections are refused at the TCP level
    tokio::time::timeout(PATIENCE, async {
        while tokio::net::TcpStream::connect(proxy.addr).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the listener stayed open");
    // new channels and new execs on open channels are refused
    let err = session.channel_open_session().await.unwrap_err();
    assert!(
        matches!(err, russh::Error::ChannelOpenFailure(_)),
        "{err:?}"
    );
    opened.exec(true, &b"php occ status"[..]).await.unwrap();
    assert!(!request_reply(&mut opened).await);

    // the running command is followed to its end (here: the command timeout)
    let reply = read_to_close(&mut running).await;
    assert_eq!(reply.exit_status, Some(124));
    proxy.stopped().await;
    let audit = proxy.audit_lines();
    assert!(
        audit
            .iter()
            .any(|l| l["reason"] == "the proxy is shutting down"),
        "{audit:?}"
    );
}

/// A proxy (service id `svc-nc`) on a [`fake_engine::FakeEngine`] whose real task container
/// appears after `task_after` (never: `None`), with `extra` flags.
async fn proxy_on_fake(
    name: &str,
    task_after: Option<Duration>,
    extra: &[&str],
) -> (TestProxy, fake_engine::FakeEngine) {
    proxy_on(name, extra, |dir| {
        fake_engine::FakeEngine::start(dir, task_after)
    })
    .await
}

/// A proxy (service id `svc-nc`) on the fake engine `start` makes in a fresh directory.
async fn proxy_on(
    name: &str,
    extra: &[&str],
    start: impl FnOnce(&std::path::Path) -> fake_engine::FakeEngine,
) -> (TestProxy, fake_engine::FakeEngine) {
    let dir = std::env::temp_dir().join(format!("bosun-fake-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fake = start(&dir);
    let path = fake.path.to_str().unwrap().to_owned();
    let mut args = vec!["--docker-host", path.as_str(), "--service-id", "svc-nc"];
    args.extend_from_slice(extra);
    (TestProxy::start(name, &args).await, fake)
}

/// `php occ status` through a proxy on the fake engine `start` makes: it succeeds with the
/// fake's output, its exec was created in `execs` (in order), and one audit line allows it.
async fn runs_once_in(
    name: &str,
    execs: &[&str],
    start: impl FnOnce(&std::path::Path) -> fake_engine::FakeEngine,
) -> TestProxy {
    let (proxy, fake) = proxy_on(name, &[], start).await;
    let session = proxy.login().await;
    let reply = exec(&session, b"php occ status").await;
    assert_eq!(reply.exit_status, Some(0), "{}", reply.stderr());
    assert_eq!(reply.stdout, fake_engine::OUTPUT);
    assert_eq!(fake.execs(), execs);
    assert_eq!(decisions(&proxy, 1).await, ["allowed"]);
    proxy
}

/// The decisions of the audit lines, once there are `n`.
async fn decisions(proxy: &TestProxy, n: usize) -> Vec<String> {
    proxy
        .audit(n)
        .await
        .iter()
        .map(|l| l["decision"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_waits_for_a_restarting_task_and_runs_once_in_it() {
    let task_after = Some(Duration::from_millis(700));
    // once, and in the task Swarm made, never in the older look-alike with the name label
    let proxy = runs_once_in("task-appears", &["real"], |dir| {
        fake_engine::FakeEngine::start(dir, task_after)
    })
    .await;
    assert_eq!(proxy.audit_lines()[0]["exec_id"], "exec-1");
}

/// A stop-first update: the old task's container is listed as running, then stops before the
/// exec is created in it (409). Nothing ran there, so the command waits for the new task.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_that_stops_before_the_exec_counts_as_no_task_and_the_command_waits() {
    let new_task = Some(Duration::from_millis(500));
    runs_once_in("task-stopping", &["real"], |dir| {
        fake_engine::FakeEngine::with_stopping_task(dir, new_task)
    })
    .await;
}

/// The newest task's container stops as the command starts in it: the process never gets a
/// pid, and the engine answers 126 with its error line on stdout ("cannot exec in a stopped
/// state"). Nothing ran, so the command starts again (in the next task), and the client sees
/// only that run: not the engine's line either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_that_stops_as_the_command_starts_counts_as_no_task() {
    runs_once_in("task-dying", &["dying", "real"], |dir| {
        fake_engine::FakeEngine::with_dying_task(dir, Some(Duration::ZERO))
    })
    .await;
}

/// Swarm has told the newest task's container to stop (its stop signal, in the engine's
/// events), and the container still runs while it shuts down: a command started there would
/// die with it, so the command waits for the next task and runs there, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_told_to_stop_gets_no_new_command() {
    runs_once_in("task-told", &["real"], |dir| {
        fake_engine::FakeEngine::with_told_task(dir, Some(Duration::from_millis(500)))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_that_never_comes_is_answered_not_started_and_nothing_runs() {
    let (proxy, fake) = proxy_on_fake("task-never", None, &["--task-wait", "500ms"]).await;
    let session = proxy.login().await;
    let reply = exec(&session, b"php occ status").await;
    assert_eq!(reply.exit_status, Some(125));
    assert_eq!(
        reply.stderr(),
        "bosun: not started: no running task of nc on node lab2 within 500ms\n"
    );
    assert!(reply.stdout.is_empty() && reply.closed);
    // the command is not run later either
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(fake.execs().is_empty(), "{:?}", fake.execs());
    let audit = proxy.audit(1).await;
    assert_eq!(decisions(&proxy, 1).await, ["not_started"]);
    assert_eq!(audit[0]["exit_code"], 125);
    assert_eq!(
        audit[0]["reason"],
        "no running task of nc on node lab2 within 500ms"
    );
    proxy.assert_requests("not_started", 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drain_and_a_closed_channel_end_the_wait_at_once() {
    let (mut proxy, fake) = proxy_on_fake("task-drain", None, &["--task-wait", "60s"]).await;
    let session = proxy.login().await;

    // the client closes its channel while the command waits
    let mut left = session.channel_open_session().await.unwrap();
    left.exec(true, &b"php occ status"[..]).await.unwrap();
    assert!(request_reply(&mut left).await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    left.close().await.unwrap();
    tokio::time::timeout(PATIENCE, async {
        while proxy.audit_lines().is_empty() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the wait went on after the client left");
    assert_eq!(
        proxy.audit_lines()[0]["reason"],
        "no running task of nc on node lab2 (the client closed the channel)"
    );

    // the drain: answered at once (far sooner than the 60s wait), nothing run
    let mut waiting = session.channel_open_session().await.unwrap();
    waiting.exec(true, &b"php occ status"[..]).await.unwrap();
    assert!(request_reply(&mut waiting).await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    proxy.begin_stop();
    let reply = read_to_close(&mut waiting).await;
    assert_eq!(reply.exit_status, Some(125));
    assert_eq!(
        reply.stderr(),
        "bosun: not started: no running task of nc on node lab2 (the proxy is shutting down)\n"
    );
    proxy.stopped().await;
    assert!(fake.execs().is_empty());
    assert_eq!(decisions(&proxy, 2).await, ["not_started", "not_started"]);
}

/// Runs a command that hangs past the 1 s timeout of [`STOP_FLAGS`]: 124, and the line that
/// says the stopper stopped it.
async fn assert_timed_out_and_stopped(session: &Handle<Client>) {
    let reply = exec(session, b"php occ files:scan --all").await;
    assert_eq!(reply.exit_status, Some(124), "{}", reply.stderr());
    assert_eq!(
        reply.stderr(),
        "bosun: command timed out after 1s; stopped it (stopped 1 process(es) with TERM)\n"
    );
}

/// One command at a time, a 1 s timeout, 2 s between TERM and KILL, the fake's stopper image.
const STOP_FLAGS: [&str; 10] = [
    "--max-concurrent-execs",
    "1",
    "--command-timeout",
    "1s",
    "--stop-grace",
    "2s",
    "--stopper-image",
    "bosun/proxy:test",
    "--queue-wait",
    "200ms",
];

/// A command past its timeout is stopped by a stopper container (here the fake's), and keeps
/// its place in the limit until the engine reports it ended: with a stopper that stops it, the
/// answer says so and the next command gets the place; with one that cannot (a process that
/// survives KILL), the client is told plainly, and the place stays taken while the engine
/// reports the command running, so the next command is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timed_out_command_is_stopped_and_holds_its_place_until_it_ends() {
    use fake_engine::{FakeEngine, Stopper};
    let (proxy, fake) = proxy_on("stop-ok", &STOP_FLAGS, |dir| {
        FakeEngine::with_hanging_execs(dir, Stopper::Stops)
    })
    .await;
    let session = proxy.login().await;
    assert_timed_out_and_stopped(&session).await;
    // the stopper joins the target's pid namespace and finds the command by its marker
    let stoppers = fake.stoppers();
    assert_eq!(stoppers.len(), 1, "{stoppers:?}");
    let body: serde_json::Value = serde_json::from_str(&stoppers[0]).unwrap();
    assert_eq!(body["Image"], "bosun/proxy:test");
    assert_eq!(body["HostConfig"]["PidMode"], "container:real");
    assert_eq!(body["HostConfig"]["NetworkMode"], "none");
    assert_eq!(body["HostConfig"]["CapDrop"], serde_json::json!(["ALL"]));
    assert_eq!(body["Cmd"][0], "stop-exec");
    assert_eq!(body["Cmd"][4], "2s");
    // the engine reports the command ended: the next one gets the place, runs, and ends as
    // the fake's engine says the stopped one did (143, TERM): OpenSSH's `exit-signal`
    let next = exec(&session, b"php occ status").await;
    assert_eq!(next.exit_status, None, "{}", next.stderr());
    assert_eq!(next.exit_signal.as_deref(), Some("TERM"));
    let audit = proxy.audit(2).await;
    assert_eq!(audit[1]["exit_code"], 143);
    assert_eq!(audit[1]["reason"], "killed by signal TERM");
    assert_eq!(audit[0]["exit_code"], 124);
    assert_eq!(
        audit[0]["reason"],
        "command timed out after 1s; stopped it (stopped 1 process(es) with TERM)"
    );

    let (proxy, fake) = proxy_on("stop-fails", &STOP_FLAGS, |dir| {
        FakeEngine::with_hanging_execs(dir, Stopper::Fails)
    })
    .await;
    let session = proxy.login().await;
    let reply = exec(&session, b"php occ files:scan --all").await;
    assert_eq!(reply.exit_status, Some(124));
    assert_eq!(
        reply.stderr(),
        "bosun: command timed out after 1s; it could not be stopped and may still run in the \
         target: 1 process(es) survived KILL: [7]\n"
    );
    // still running, as the engine says: its place is not given to another command
    let next = exec(&session, b"php occ status").await;
    assert_eq!(next.exit_status, Some(125), "{}", next.stderr());
    assert!(
        next.stderr()
            .starts_with("bosun: refused: 1 commands were running in target nextcloud"),
        "{}",
        next.stderr()
    );
    assert_eq!(fake.execs().len(), 1);
    let metrics = proxy.metrics().await;
    let in_flight = r#"bosun_proxy_execs_in_flight{target="nextcloud"} 1"#;
    assert!(metrics.contains(in_flight), "{metrics}");
}

/// SIGTERM: a command still running when the grace period ends is stopped in the target before
/// the proxy exits, and its client is told so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_left_at_the_end_of_the_grace_period_is_stopped() {
    use fake_engine::{FakeEngine, Stopper};
    let flags = [
        "--grace-period",
        "1s",
        "--stop-grace",
        "2s",
        "--stopper-image",
        "bosun/proxy:test",
    ];
    let (mut proxy, fake) = proxy_on("stop-drain", &flags, |dir| {
        FakeEngine::with_hanging_execs(dir, Stopper::Stops)
    })
    .await;
    let session = proxy.login().await;
    let mut running = session.channel_open_session().await.unwrap();
    running
        .exec(true, &b"php occ files:scan --all"[..])
        .await
        .unwrap();
    assert!(request_reply(&mut running).await);
    tokio::time::timeout(PATIENCE, async {
        while fake.execs().is_empty() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the command never started");
    proxy.begin_stop();
    let reply = read_to_close(&mut running).await;
    assert_eq!(reply.exit_status, Some(125), "{}", reply.stderr());
    assert_eq!(
        reply.stderr(),
        "bosun: the proxy is shutting down and its grace period is over; stopped it (stopped 1 \
         process(es) with TERM)\n"
    );
    proxy.stopped().await;
    assert_eq!(fake.stoppers().len(), 1);
}

/// The timeout cuts a command as its start is still on its way (the engine made the exec and
/// has not answered the start): it is stopped all the same, by its marker, and the client is
/// told so; nothing is left running with its place freed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_cut_as_it_starts_is_stopped_too() {
    use fake_engine::{FakeEngine, Stopper};
    let (proxy, fake) = proxy_on("stop-starting", &STOP_FLAGS, |dir| {
        FakeEngine::with_slow_starts(dir, Stopper::Stops)
    })
    .await;
    let session = proxy.login().await;
    assert_timed_out_and_stopped(&session).await;
    assert_eq!(fake.stoppers().len(), 1);
    assert_eq!(proxy.audit(1).await[0]["exec_id"], "exec-1");
}
