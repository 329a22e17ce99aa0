//! The client library over real SSH, against a small russh server in this process (no Docker):
//! host-key pinning in a real handshake, publickey auth, streamed output and exit codes, one
//! pooled connection for concurrent commands, "never retried once sent", and reconnecting to a
//! restarted server. The proof on a real Swarm is in the e2e suite (`e2e/tests/e2e/client/`).
//!
//! The server acts on the exec payload: `echo WORDS` prints WORDS on stdout and `to stderr` on
//! stderr and exits 0; `exit N` exits N; `drop` kills the connection after accepting the exec;
//! `hang` never answers; `restarting N` answers like a proxy whose target restarts ("not
//! started": exit 125 and `bosun: not started: …`) N times, then runs (prints `ran`, counted);
//! `own125` and `own-lookalike` are commands of the user's that exit 125 on their own;
//! `kill NAME` prints `dying` and ends with `exit-signal` NAME (as a proxy reports a command a
//! signal killed); `noexit` closes the channel with neither exit-status nor exit-signal;
//! `held N` prints `started`, then, once the test releases it ([`TestServer::release`]),
//! `done` and exits N.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bosun::{Client, ClientError, EnvSource, ExecEvent, ExecOptions};
use bosun_core::keys;
use russh::keys::{PrivateKey, PublicKey};
use russh::server::{Auth, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Generous bound for things that must happen; no test asserts how fast they happen.
const PATIENCE: Duration = Duration::from_secs(20);

#[derive(Default)]
struct Seen {
    /// TCP connections accepted.
    connections: usize,
    /// Exec payloads received.
    execs: Vec<String>,
    /// Times a `restarting` command ran (was not answered "not started").
    runs: usize,
    /// At its --max-connections: closes a connection as it authenticates, as the proxy does.
    full: bool,
    /// TCP connections that have ended.
    ended: usize,
}

#[derive(Clone)]
struct Handler {
    authorized: PublicKey,
    seen: Arc<Mutex<Seen>>,
    /// `held` commands wait for a permit (never given back) before they end.
    hold: Arc<tokio::sync::Semaphore>,
}

impl russh::server::Handler for Handler {
    type Error = russh::Error;

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(
            if offer.public_key.key_data() == self.authorized.key_data() {
                Auth::Accept
            } else {
                Auth::reject()
            },
        )
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.seen.lock().expect("lock").full {
            return Err(russh::Error::Disconnect);
        }
        let ok = user == "bosun" && key.public_key.key_data() == self.authorized.key_data();
        Ok(if ok { Auth::Accept } else { Auth::reject() })
    }

    async fn channel_open_session(
        &mut self,
        _channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.accept().await;
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let cmd = String::from_utf8_lossy(data).into_owned();
        let seen = {
            let mut seen = self.seen.lock().expect("lock");
            seen.execs.push(cmd.clone());
            seen.execs.iter().filter(|c| **c == cmd).count()
        };
        session.channel_success(channel)?;
        let words: Vec<&str> = cmd.split(' ').collect();
        let code = match words.as_slice() {
            ["restarting", n] if seen <= n.parse().unwrap_or(0) => {
                let line = "bosun: not started: no running task of nc on node lab2 within 30s\n";
                session.extended_data(channel, 1, line.as_bytes())?;
                125
            }
            ["restarting", _] => {
                self.seen.lock().expect("lock").runs += 1;
                session.data(channel, &b"ran\n"[..])?;
                0
            }
            ["own125"] => {
                session.extended_data(channel, 1, &b"oops\n"[..])?;
                125
            }
            ["own-lookalike"] => {
                let text = "bosun: not started: my own words\nand more\n";
                session.extended_data(channel, 1, text.as_bytes())?;
                125
            }
            ["kill", name] => {
                session.data(channel, &b"dying\n"[..])?;
                let signal = match *name {
                    "TERM" => russh::Sig::TERM,
                    "KILL" => russh::Sig::KILL,
                    other => russh::Sig::Custom(other.to_owned()),
                };
                session.exit_signal_request(channel, signal, false, "", "")?;
                session.eof(channel)?;
                session.close(channel)?;
                return Ok(());
            }
            ["noexit"] => {
                session.eof(channel)?;
                session.close(channel)?;
                return Ok(());
            }
            ["held", n] => {
                session.data(channel, &b"started\n"[..])?;
                let (handle, hold) = (session.handle(), self.hold.clone());
                let code = n.parse().unwrap_or(255);
                tokio::spawn(async move {
                    hold.acquire().await.expect("never closed").forget();
                    let _ = handle.data(channel, &b"done\n"[..]).await;
                    let _ = handle.exit_status_request(channel, code).await;
                    let _ = handle.eof(channel).await;
                    let _ = handle.close(channel).await;
                });
                return Ok(());
            }
            ["drop"] => return Err(russh::Error::Disconnect),
            ["hang"] => return Ok(()),
            ["exit", n] => n.parse().unwrap_or(255),
            ["echo", rest @ ..] => {
                session.data(channel, format!("{}\n", rest.join(" ")))?;
                session.extended_data(channel, 1, &b"to stderr\n"[..])?;
                0
            }
            _ => 127,
        };
        session.exit_status_request(channel, code)?;
        session.eof(channel)?;
        session.close(channel)?;
        Ok(())
    }
}

/// The in-process SSH server.
struct TestServer {
    addr: SocketAddr,
    host_key: PrivateKey,
    handler: Handler,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl TestServer {
    async fn start(authorized: PublicKey) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("test setup");
        let server = TestServer {
            addr: listener.local_addr().expect("test setup"),
            host_key: keys::generate("test-proxy").expect("test setup"),
            handler: Handler {
                authorized,
                seen: Arc::default(),
                hold: Arc::new(tokio::sync::Semaphore::new(0)),
            },
            tasks: Arc::default(),
        };
        server.serve(listener);
        server
    }

    fn serve(&self, listener: TcpListener) {
        let config = Arc::new(russh::server::Config {
            keys: vec![self.host_key.clone()],
            auth_rejection_time: Duration::from_millis(10),
            auth_rejection_time_initial: Some(Duration::ZERO),
            ..Default::default()
        });
        let (handler, tasks) = (self.handler.clone(), self.tasks.clone());
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                handler.seen.lock().expect("lock").connections += 1;
                // The session runs on one end of a pipe; this task owns the socket and pumps
                // it into the pipe, so aborting the task closes the TCP connection at once.
                let (ours, theirs) = tokio::io::duplex(64 * 1024);
                tokio::spawn(russh::server::run_stream(
                    config.clone(),
                    theirs,
                    handler.clone(),
                ));
                let seen = handler.seen.clone();
                let pump = tokio::spawn(async move {
                    let (mut stream, mut ours) = (stream, ours);
                    let _ = tokio::io::copy_bidirectional(&mut stream, &mut ours).await;
                    seen.lock().expect("lock").ended += 1;
                });
                tasks.lock().expect("lock").push(pump);
            }
        });
        self.tasks.lock().expect("lock").push(accept);
    }

    /// Kills the server: every connection and the listener go, as when a proxy task dies.
    fn kill(&self) {
        for task in self.tasks.lock().expect("lock").drain(..) {
            task.abort();
        }
    }

    /// Starts again on the same address.
    async fn restart(&self) {
        let listener = TcpListener::bind(self.addr).await.expect("test setup");
        self.serve(listener);
    }

    fn connections(&self) -> usize {
        self.handler.seen.lock().expect("lock").connections
    }

    fn ended(&self) -> usize {
        self.handler.seen.lock().expect("lock").ended
    }

    /// Lets one `held` command end.
    fn release(&self) {
        self.handler.hold.add_permits(1);
    }

    /// Waits until the server has received `payload`.
    async fn until_received(&self, payload: &str) {
        let received = async {
            while !self.execs().iter().any(|p| p == payload) {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        };
        tokio::time::timeout(PATIENCE, received)
            .await
            .expect("the command never reached the server");
    }

    fn runs(&self) -> usize {
        self.handler.seen.lock().expect("lock").runs
    }

    fn execs(&self) -> Vec<String> {
        self.handler.seen.lock().expect("lock").execs.clone()
    }

    fn host_public(&self) -> PublicKey {
        self.host_key.public_key().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Files for one client: its key, and a pin list.
struct ClientFiles {
    dir: PathBuf,
    key: PrivateKey,
}

impl ClientFiles {
    fn new(name: &str) -> ClientFiles {
        let dir =
            std::env::temp_dir().join(format!("bosun-client-ssh-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("test setup");
        let key = keys::generate("client").expect("test setup");
        std::fs::write(
            dir.join("key"),
            keys::private_openssh(&key).expect("test setup"),
        )
        .expect("test setup");
        // the client refuses a key file that others can read, as OpenSSH does
        set_mode(&dir.join("key"), 0o600);
        ClientFiles { dir, key }
    }

    fn pin(&self, host: &PublicKey) -> &Path {
        std::fs::write(
            self.dir.join("pins"),
            keys::public_openssh(host).expect("test setup"),
        )
        .expect("test setup");
        &self.dir
    }

    fn client(&self, server: &TestServer, extra: &[(&str, &str)]) -> Client {
        Client::from_env_source(self.env(server, extra)).expect("test setup")
    }

    fn env(&self, server: &TestServer, extra: &[(&str, &str)]) -> EnvSource {
        let mut vars: HashMap<String, String> = [
            ("NEXTCLOUD_PROXY_SERVICE", server.addr.to_string()),
            (
                "BOSUN_NEXTCLOUD_KEY_FILE",
                self.dir.join("key").display().to_string(),
            ),
            (
                "BOSUN_NEXTCLOUD_HOST_KEYS_FILE",
                self.dir.join("pins").display().to_string(),
            ),
            ("BOSUN_RETRY_MIN_DELAY", "50ms".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        vars.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        EnvSource::from_map(vars)
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("test setup");
}

impl Drop for ClientFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn setup(name: &str) -> (TestServer, ClientFiles, Client) {
    let files = ClientFiles::new(name);
    let server = TestServer::start(files.key.public_key().clone()).await;
    files.pin(&server.host_public());
    let client = files.client(&server, &[]);
    (server, files, client)
}

/// Every event of `argv` run in nextcloud with `exec_stream`, in order.
async fn streamed(client: &Client, argv: &[&str]) -> Vec<ExecEvent> {
    let mut s = client
        .exec_stream("nextcloud", argv)
        .await
        .expect("the call");
    let mut events = Vec::new();
    while let Some(e) = s.next().await {
        events.push(e.expect("an event"));
    }
    events
}

#[tokio::test]
async fn output_is_streamed_and_the_exit_code_returned() {
    let (server, _files, client) = setup("stream").await;
    assert_eq!(
        streamed(&client, &["echo", "hello world"]).await,
        [
            ExecEvent::Stdout("'hello world'\n".into()),
            ExecEvent::Stderr("to stderr\n".into()),
            ExecEvent::Exit(0)
        ]
    );
    let out = client.exec("nextcloud", &["exit", "3"]).await.unwrap();
    assert_eq!((out.exit_code, out.stdout.len()), (3, 0));
    assert_eq!(server.execs(), ["echo 'hello world'", "exit 3"]);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn an_unpinned_host_key_is_refused_in_the_handshake() {
    let (server, files, _) = setup("pin").await;
    files.pin(&keys::generate("someone-else").unwrap().public_key().clone());
    let client = files.client(&server, &[]);
    let err = client.exec("nextcloud", &["echo", "x"]).await.unwrap_err();
    let rejected = err
        .host_key_rejection()
        .unwrap_or_else(|| panic!("not a host key error: {err}"));
    assert_eq!(
        rejected.fingerprint,
        keys::fingerprint(&server.host_public())
    );
    let msg = err.to_string();
    assert!(
        msg.contains(&format!(
            "host key {} (ssh-ed25519) is not pinned",
            keys::fingerprint(&server.host_public())
        )),
        "{msg}"
    );
    assert!(msg.contains("the command was not sent"), "{msg}");
    assert_eq!(server.connections(), 1, "a pinning failure is not retried");
    assert!(server.execs().is_empty());
}

#[tokio::test]
async fn a_client_key_the_proxy_does_not_know_is_refused() {
    let (server, _files, _) = setup("auth").await;
    let stranger = ClientFiles::new("auth-stranger");
    stranger.pin(&server.host_public());
    let err = stranger
        .client(&server, &[])
        .exec("nextcloud", &["echo", "x"])
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("the proxy refused our key"),
        "{err}"
    );
    assert_eq!(server.connections(), 1);
    assert!(server.execs().is_empty());
}

#[tokio::test]
async fn concurrent_commands_share_one_connection() {
    let (server, _files, client) = setup("pool").await;
    let calls = (0..40).map(|i| {
        let client = client.clone();
        async move {
            client
                .exec("nextcloud", &["echo".to_owned(), format!("n{i}")])
                .await
        }
    });
    let outs = futures::future::join_all(calls).await;
    for (i, out) in outs.into_iter().enumerate() {
        assert_eq!(out.unwrap().stdout, format!("n{i}\n").into_bytes());
    }
    assert_eq!(server.connections(), 1);
    assert_eq!(server.execs().len(), 40);
}

#[tokio::test]
async fn a_command_whose_connection_broke_after_sending_is_not_retried() {
    let (server, _files, client) = setup("lost").await;
    let err = client.exec("nextcloud", &["drop"]).await.unwrap_err();
    assert!(matches!(err, ClientError::ConnectionLost { .. }), "{err}");
    assert_eq!(server.execs(), ["drop"]);
    assert_eq!(server.connections(), 1);
    // the next command gets a new connection
    assert_eq!(
        client
            .exec("nextcloud", &["exit", "0"])
            .await
            .unwrap()
            .exit_code,
        0
    );
    assert_eq!(server.connections(), 2);
    assert_eq!(server.execs(), ["drop", "exit 0"]);
}

#[tokio::test]
async fn the_client_reconnects_to_a_restarted_proxy() {
    let (server, _files, client) = setup("restart").await;
    assert_eq!(
        client
            .exec("nextcloud", &["exit", "0"])
            .await
            .unwrap()
            .exit_code,
        0
    );
    server.kill();
    // While the server is down the first attempts are refused; it comes back during the backoff.
    let restarted = async {
        tokio::time::sleep(Duration::from_millis(120)).await;
        server.restart().await;
    };
    let (out, ()) = tokio::join!(client.exec("nextcloud", &["exit", "4"]), restarted);
    assert_eq!(out.unwrap().exit_code, 4);
    assert_eq!(server.execs(), ["exit 0", "exit 4"]);
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_call_timeout_ends_the_wait_and_keeps_the_connection() {
    let (server, _files, client) = setup("timeout").await;
    let opts = ExecOptions {
        timeout: Some(Duration::from_millis(200)),
    };
    let err = client
        .exec_with("nextcloud", &["hang"], &opts)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Timeout { .. }), "{err}");
    assert_eq!(
        client
            .exec("nextcloud", &["exit", "0"])
            .await
            .unwrap()
            .exit_code,
        0
    );
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_proxy_that_closes_the_connection_as_we_authenticate_is_reported_busy() {
    let (server, _files, client) = setup("full").await;
    server.handler.seen.lock().expect("lock").full = true;
    let reports = client.ping("nextcloud").await.unwrap();
    let err = reports[0].result.clone().unwrap_err();
    assert!(
        err.contains("the proxy closed the connection as we authenticated"),
        "{err}"
    );
}

#[tokio::test]
async fn ping_connects_and_authenticates_without_running_anything() {
    let (server, _files, client) = setup("ping").await;
    let reports = client.ping("nextcloud").await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].endpoint, server.addr.to_string());
    assert!(reports[0].result.is_ok(), "{reports:?}");
    assert!(server.execs().is_empty());
}

#[tokio::test]
async fn a_not_started_answer_is_retried_and_the_command_runs_once() {
    let (server, _files, client) = setup("not-started").await;
    // the caller sees only the run's output, none of the "not started" answers
    assert_eq!(
        streamed(&client, &["restarting", "2"]).await,
        [ExecEvent::Stdout("ran\n".into()), ExecEvent::Exit(0)]
    );
    assert_eq!(server.execs(), ["restarting 2"; 3]);
    assert_eq!(server.runs(), 1);
}

#[tokio::test]
async fn not_started_until_the_retries_run_out_is_a_clear_error() {
    let (server, _files, client) = setup("not-started-out").await;
    let err = client
        .exec("nextcloud", &["restarting", "99"])
        .await
        .unwrap_err();
    match &err {
        ClientError::NotStarted {
            attempts, reason, ..
        } => {
            assert_eq!(*attempts, 4);
            assert_eq!(reason, "no running task of nc on node lab2 within 30s");
        }
        other => panic!("expected NotStarted, got {other:?}"),
    }
    assert!(err.command_not_sent());
    assert_eq!(
        err.to_string(),
        "target nextcloud: not started after 4 attempt(s), the command never ran: \
         no running task of nc on node lab2 within 30s"
    );
    assert_eq!((server.execs().len(), server.runs()), (4, 0));
}

#[tokio::test]
async fn a_command_that_exits_125_on_its_own_is_not_retried() {
    let (server, _files, client) = setup("own-125").await;
    let out = client.exec("nextcloud", &["own125"]).await.unwrap();
    assert_eq!(
        (out.exit_code, out.stderr.as_slice()),
        (125, &b"oops\n"[..])
    );
    // even with the words of the answer, more than one line is the command's own
    let out = client.exec("nextcloud", &["own-lookalike"]).await.unwrap();
    assert_eq!(out.exit_code, 125);
    assert_eq!(out.stderr, b"bosun: not started: my own words\nand more\n");
    assert_eq!(server.execs(), ["own125", "own-lookalike"]);
}

/// Needs the CLI (`--features cli`, a default feature).
#[cfg(feature = "cli")]
#[tokio::test]
async fn bosun_exec_prints_the_not_started_line_and_exits_125() {
    use clap::Parser;
    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: bosun::cli::exec::ExecArgs,
    }
    let files = ClientFiles::new("not-started-cli");
    let server = TestServer::start(files.key.public_key().clone()).await;
    files.pin(&server.host_public());
    let cli = Cli::try_parse_from(["exec", "nextcloud", "restarting", "99"]).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = bosun::cli::exec::run(&cli.args, files.env(&server, &[]), &mut out, &mut err).await;
    assert_eq!(code, 125);
    assert!(out.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&err),
        "bosun: not started: no running task of nc on node lab2 within 30s\n"
    );
    assert_eq!((server.execs().len(), server.runs()), (4, 0), "retried");
}

#[tokio::test]
async fn a_command_killed_by_a_signal_reports_the_signal_and_128_plus_n() {
    let (server, _files, client) = setup("signal").await;
    let term = bosun::Signal::from_name("TERM").unwrap();
    assert_eq!(
        streamed(&client, &["kill", "TERM"]).await,
        [
            ExecEvent::Stdout("dying\n".into()),
            ExecEvent::Killed(term),
            ExecEvent::Exit(143)
        ]
    );
    let out = client.exec("nextcloud", &["kill", "KILL"]).await.unwrap();
    assert_eq!(
        (out.exit_code, out.signal.map(|s| s.name)),
        (137, Some("KILL"))
    );
    assert!(!out.success());
    assert_eq!(server.execs(), ["kill TERM", "kill KILL"]);
}

#[tokio::test]
async fn a_channel_closed_without_an_exit_status_is_an_error_not_exit_0() {
    let (server, _files, client) = setup("no-exit").await;
    let err = client.exec("nextcloud", &["noexit"]).await.unwrap_err();
    assert!(matches!(err, ClientError::NoExitStatus { .. }), "{err}");
    assert!(!err.command_not_sent());
    assert_eq!(
        err.to_string(),
        format!(
            "target nextcloud: {}: the command ended without an exit status: the proxy closed \
             the channel with neither exit-status nor exit-signal",
            server.addr
        )
    );
    // a signal without a number bosun knows is no status either
    let err = client
        .exec("nextcloud", &["kill", "WINCH"])
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("killed by signal \"WINCH\", which has no number bosun knows"),
        "{err}"
    );
    assert_eq!(server.execs(), ["noexit", "kill WINCH"], "never retried");
}

/// Needs the CLI (`--features cli`, a default feature).
#[cfg(feature = "cli")]
#[tokio::test]
async fn bosun_exec_says_which_signal_killed_the_command_and_exits_128_plus_n() {
    use clap::Parser;
    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: bosun::cli::exec::ExecArgs,
    }
    let (server, files, _) = setup("signal-cli").await;
    let cli = Cli::try_parse_from(["exec", "nextcloud", "kill", "TERM"]).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = bosun::cli::exec::run(&cli.args, files.env(&server, &[]), &mut out, &mut err).await;
    assert_eq!(code, 143);
    assert_eq!(out, b"dying\n");
    assert_eq!(
        String::from_utf8_lossy(&err),
        "bosun: killed by signal TERM\n"
    );
    let cli = Cli::try_parse_from(["exec", "nextcloud", "noexit"]).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = bosun::cli::exec::run(&cli.args, files.env(&server, &[]), &mut out, &mut err).await;
    assert_eq!(code, 255);
    let err = String::from_utf8_lossy(&err);
    assert!(
        err.contains("the command ended without an exit status"),
        "{err}"
    );
}

#[tokio::test]
async fn shutdown_lets_the_running_command_end_then_closes_the_connection() {
    let (server, _files, client) = setup("shutdown").await;
    let running = tokio::spawn({
        let client = client.clone();
        async move { client.exec("nextcloud", &["held", "7"]).await }
    });
    server.until_received("held 7").await;
    let shutdown = tokio::spawn({
        let client = client.clone();
        async move { client.shutdown().await }
    });
    while !client.is_shutting_down() {
        tokio::task::yield_now().await;
    }
    let err = client
        .exec("nextcloud", &["echo", "late"])
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::ShuttingDown { .. }), "{err}");
    assert_eq!(server.ended(), 0);

    server.release();
    let out = running.await.unwrap().expect("the running command");
    assert_eq!(
        (out.exit_code, out.stdout.as_slice()),
        (7, &b"started\ndone\n"[..])
    );
    tokio::time::timeout(PATIENCE, shutdown)
        .await
        .expect("the shutdown did not return")
        .unwrap();
    // the pooled connection is closed: the server sees it end
    let closed = async {
        while server.ended() < 1 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(PATIENCE, closed)
        .await
        .expect("the connection stayed open");
    assert_eq!(
        server.execs(),
        ["held 7"],
        "the late command reached the server"
    );
    assert_eq!(server.connections(), 1);
}

/// `bosun exec` as a process, SIGTERM'd twice while its command runs: the command ends, and
/// the process's output and exit code are the command's. Needs the CLI (a default feature).
#[cfg(feature = "cli")]
#[tokio::test]
async fn bosun_exec_outlasts_sigterm_and_exits_with_the_commands_code() {
    use std::process::Stdio;
    let (server, files, _) = setup("sigterm-cli").await;
    let env = [
        ("NEXTCLOUD_PROXY_SERVICE", server.addr.to_string()),
        (
            "BOSUN_NEXTCLOUD_KEY_FILE",
            files.dir.join("key").display().to_string(),
        ),
        (
            "BOSUN_NEXTCLOUD_HOST_KEYS_FILE",
            files.dir.join("pins").display().to_string(),
        ),
    ];
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(["exec", "nextcloud", "held", "3"])
        .env_clear()
        .envs(env)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn bosun");
    let pid = child.id().expect("a running child").to_string();
    server.until_received("held 3").await;
    for _ in 0..2 {
        // the shell's builtin: no procps needed
        let sent = std::process::Command::new("sh")
            .args(["-c", &format!("kill -TERM {pid}")])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM {pid}");
    }
    server.release();
    let out = tokio::time::timeout(PATIENCE, child.wait_with_output())
        .await
        .expect("bosun exec did not end")
        .expect("wait for bosun");
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).as_ref(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(3), "started\ndone\n", "")
    );
    assert_eq!(server.execs(), ["held 3"]);
}
