//! The client's logic against an in-memory transport (`transport.rs` traits): retry timing on
//! paused time, never retrying a sent command, pooling, reconnecting, failover, pinning
//! failures, timeouts. No sockets, no real sleeping.
//!
//! The mock proxy acts on the payload it receives: `… crash` breaks the connection after the
//! exec request arrived, `… hang` never answers, `… fail` exits 3, `… held` prints `started`
//! and exits 0 once the test releases it ([`MockDialer::release`]); anything else prints
//! `ran: <payload>` and exits 0.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use futures::FutureExt;
use futures::future::BoxFuture;
use russh::keys::PublicKey;
use tokio::time::Instant;

use super::transport::{ChannelEvent, Dialer, Identity, Link, RemoteChannel};
use super::*;
use bosun_core::keys;

/// What the mock does when dialed.
#[derive(Clone, Copy)]
enum DialOutcome {
    Ok,
    Refused,
    UnknownHostKey,
    /// Closed as it authenticated (a proxy at its `--max-connections`).
    ClosedAtLogin,
}

#[derive(Default)]
struct ProxyLog {
    /// (endpoint, time) of every dial.
    dials: Vec<(SocketAddr, Instant)>,
    /// (endpoint, payload) of every exec request that reached a proxy.
    execs: Vec<(SocketAddr, String)>,
    running: usize,
    max_running: usize,
    /// Proxies that drain: they refuse exec requests (`channel_failure`), running nothing.
    draining: Vec<SocketAddr>,
    /// (endpoint, payload) of every exec request a draining proxy refused.
    refused: Vec<(SocketAddr, String)>,
    /// Endpoints of the connections the client closed (its shutdown).
    closed_by_client: Vec<SocketAddr>,
}

struct MockDialer {
    host_key: PublicKey,
    /// Per endpoint: outcomes for the next dials; when empty, `default`.
    script: Mutex<HashMap<SocketAddr, VecDeque<DialOutcome>>>,
    default: DialOutcome,
    log: Arc<Mutex<ProxyLog>>,
    /// Every link made, so a test can break them.
    links: Mutex<Vec<(SocketAddr, Arc<AtomicBool>)>>,
    /// `… held` commands wait for a permit before their exit status.
    hold: Arc<tokio::sync::Semaphore>,
}

impl MockDialer {
    fn new(default: DialOutcome) -> Arc<Self> {
        Arc::new(Self {
            host_key: keys::generate("proxy").unwrap().public_key().clone(),
            script: Mutex::default(),
            default,
            log: Arc::default(),
            links: Mutex::default(),
            hold: Arc::new(tokio::sync::Semaphore::new(0)),
        })
    }

    /// Lets one `… held` command end.
    fn release(&self) {
        self.hold.add_permits(1);
    }

    fn script(&self, addr: SocketAddr, outcomes: &[DialOutcome]) {
        self.script
            .lock()
            .unwrap()
            .entry(addr)
            .or_default()
            .extend(outcomes.iter().copied());
    }

    fn dials(&self) -> Vec<(SocketAddr, Instant)> {
        self.log.lock().unwrap().dials.clone()
    }

    fn execs(&self) -> Vec<(SocketAddr, String)> {
        self.log.lock().unwrap().execs.clone()
    }

    fn break_all(&self) {
        for (_, closed) in self.links.lock().unwrap().iter() {
            closed.store(true, Ordering::SeqCst);
        }
    }

    fn break_links_to(&self, addr: SocketAddr) {
        for (to, closed) in self.links.lock().unwrap().iter() {
            if *to == addr {
                closed.store(true, Ordering::SeqCst);
            }
        }
    }
}

impl Dialer for MockDialer {
    fn dial<'a>(
        &'a self,
        addr: SocketAddr,
        identity: &'a Identity,
    ) -> BoxFuture<'a, Result<Arc<dyn Link>, EndpointError>> {
        async move {
            self.log.lock().unwrap().dials.push((addr, Instant::now()));
            let outcome = self
                .script
                .lock()
                .unwrap()
                .get_mut(&addr)
                .and_then(VecDeque::pop_front)
                .unwrap_or(self.default);
            let endpoint = addr.to_string();
            match outcome {
                DialOutcome::Refused => Err(EndpointError::Connect {
                    endpoint,
                    reason: "Connection refused (os error 111)".into(),
                }),
                DialOutcome::UnknownHostKey => {
                    let rejected = identity
                        .pinned
                        .check(hostkeys::Presented::Key(&self.host_key))
                        .unwrap_err();
                    Err(EndpointError::HostKey { endpoint, rejected })
                }
                DialOutcome::ClosedAtLogin => Err(EndpointError::ClosedAtLogin {
                    endpoint,
                    reason: "Disconnected".into(),
                }),
                DialOutcome::Ok => {
                    let closed = Arc::new(AtomicBool::new(false));
                    self.links.lock().unwrap().push((addr, closed.clone()));
                    Ok(Arc::new(MockLink {
                        addr,
                        closed,
                        host_key: self.host_key.clone(),
                        log: self.log.clone(),
                        hold: self.hold.clone(),
                    }) as Arc<dyn Link>)
                }
            }
        }
        .boxed()
    }
}

struct MockLink {
    addr: SocketAddr,
    closed: Arc<AtomicBool>,
    host_key: PublicKey,
    log: Arc<Mutex<ProxyLog>>,
    hold: Arc<tokio::sync::Semaphore>,
}

impl Link for MockLink {
    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    fn host_key(&self) -> &PublicKey {
        &self.host_key
    }

    fn open_channel(&self) -> BoxFuture<'_, Result<Box<dyn RemoteChannel>, EndpointError>> {
        async move {
            if self.is_closed() {
                return Err(EndpointError::Channel {
                    endpoint: self.addr.to_string(),
                    reason: "disconnected".into(),
                });
            }
            Ok(Box::new(MockChannel {
                addr: self.addr,
                closed: self.closed.clone(),
                log: self.log.clone(),
                events: VecDeque::new(),
                counted: false,
                hold: Some(self.hold.clone()),
            }) as Box<dyn RemoteChannel>)
        }
        .boxed()
    }

    fn close(&self) -> BoxFuture<'_, ()> {
        async move {
            self.closed.store(true, Ordering::SeqCst);
            self.log.lock().unwrap().closed_by_client.push(self.addr);
        }
        .boxed()
    }
}

struct MockChannel {
    addr: SocketAddr,
    closed: Arc<AtomicBool>,
    log: Arc<Mutex<ProxyLog>>,
    events: VecDeque<Option<ChannelEvent>>,
    counted: bool,
    /// The permit a `… held` command waits for before its exit status (`None` for others).
    hold: Option<Arc<tokio::sync::Semaphore>>,
}

impl RemoteChannel for MockChannel {
    fn exec<'a>(&'a mut self, payload: &'a str) -> BoxFuture<'a, Result<(), EndpointError>> {
        async move {
            if self.closed.load(Ordering::SeqCst) {
                return Err(EndpointError::Channel {
                    endpoint: self.addr.to_string(),
                    reason: "disconnected".into(),
                });
            }
            let ev = |e| Some(e);
            {
                let mut log = self.log.lock().unwrap();
                if log.draining.contains(&self.addr) {
                    log.refused.push((self.addr, payload.to_owned()));
                    self.events =
                        [ev(ChannelEvent::ExecReply(false)), ev(ChannelEvent::Closed)].into();
                    return Ok(());
                }
                log.execs.push((self.addr, payload.to_owned()));
                log.running += 1;
                log.max_running = log.max_running.max(log.running);
                self.counted = true;
            }
            if !payload.ends_with(" held") {
                self.hold = None;
            }
            self.events = if payload.ends_with(" crash") {
                self.closed.store(true, Ordering::SeqCst);
                [
                    ev(ChannelEvent::ExecReply(true)),
                    ev(ChannelEvent::Stdout(Bytes::from_static(b"partial"))),
                    None,
                ]
                .into()
            } else if payload.ends_with(" hang") {
                VecDeque::new()
            } else if payload.ends_with(" held") {
                [
                    ev(ChannelEvent::ExecReply(true)),
                    ev(ChannelEvent::Stdout(Bytes::from_static(b"started\n"))),
                    ev(ChannelEvent::ExitStatus(0)),
                    ev(ChannelEvent::Eof),
                    ev(ChannelEvent::Closed),
                ]
                .into()
            } else if payload.ends_with(" fail") {
                [
                    ev(ChannelEvent::Stderr(Bytes::from_static(b"failed\n"))),
                    ev(ChannelEvent::ExitStatus(3)),
                    ev(ChannelEvent::Closed),
                ]
                .into()
            } else {
                [
                    ev(ChannelEvent::ExecReply(true)),
                    ev(ChannelEvent::Stdout(Bytes::from(format!(
                        "ran: {payload}\n"
                    )))),
                    ev(ChannelEvent::ExitStatus(0)),
                    ev(ChannelEvent::Eof),
                    ev(ChannelEvent::Closed),
                ]
                .into()
            };
            Ok(())
        }
        .boxed()
    }

    fn next_event(&mut self) -> BoxFuture<'_, Option<ChannelEvent>> {
        async move {
            // Let other callers run, as a network would.
            tokio::task::yield_now().await;
            let exiting = matches!(self.events.front(), Some(Some(ChannelEvent::ExitStatus(_))));
            let hold = if exiting { self.hold.take() } else { None };
            if let Some(hold) = hold {
                // released (the permit is never given back: one release, one command), or cut
                loop {
                    tokio::select! {
                        permit = hold.acquire() => {
                            permit.map(|p| p.forget()).unwrap_or_default();
                            break;
                        }
                        () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    }
                    if self.closed.load(Ordering::SeqCst) {
                        return None;
                    }
                }
            }
            match self.events.pop_front() {
                Some(event) => event,
                // `hang`: nothing more, ever
                None if !self.closed.load(Ordering::SeqCst) => futures::future::pending().await,
                None => None,
            }
        }
        .boxed()
    }

    fn close(&mut self) -> BoxFuture<'_, ()> {
        async move { self.events.clear() }.boxed()
    }
}

impl Drop for MockChannel {
    fn drop(&mut self) {
        if self.counted {
            self.log.lock().unwrap().running -= 1;
        }
    }
}

/// A source with fixed endpoints and inline pinned keys.
struct Fixed {
    target: RemoteTarget,
}

impl EndpointSource for Fixed {
    fn route(&self, _target: &str) -> Result<Route, ClientError> {
        Ok(Route::Proxy(self.target.clone()))
    }
}

fn addr(last: u8) -> SocketAddr {
    SocketAddr::from(([10, 0, 0, last], 2222))
}

/// A client key file for the mock tests (the mock proxy accepts any key). One fixed file,
/// written once (atomically, mode 0600: the client refuses a key others can read) and reused
/// by every test run, so runs leave nothing new behind.
fn key_file() -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    use std::sync::OnceLock;
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let path = std::env::temp_dir().join("bosun-client-unit-test-key-0600");
        if keys::load_private_key(&path).is_err() {
            let tmp = path.with_extension(std::process::id().to_string());
            let key = keys::private_openssh(&keys::generate("client").unwrap()).unwrap();
            std::fs::write(&tmp, key).unwrap();
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600)).unwrap();
            std::fs::rename(&tmp, &path).unwrap();
        }
        path
    })
    .clone()
}

/// A client of `dialer` for endpoints `addrs`, which pins `pinned` (the dialer's key if None).
fn client_with(
    dialer: &Arc<MockDialer>,
    addrs: &[SocketAddr],
    pinned: Option<PublicKey>,
    options: ClientOptions,
) -> Client {
    let target = remote(dialer, addrs, pinned);
    Client::with_dialer(Arc::new(Fixed { target }), options, dialer.clone())
}

/// The route to `addrs`, pinning `pinned` (the dialer's key if None).
fn remote(dialer: &MockDialer, addrs: &[SocketAddr], pinned: Option<PublicKey>) -> RemoteTarget {
    RemoteTarget {
        target: "nextcloud".into(),
        endpoints: addrs
            .iter()
            .map(|a| EndpointAddr {
                host: a.ip().to_string(),
                port: a.port(),
            })
            .collect(),
        user: "bosun".into(),
        key_file: key_file(),
        host_keys: HostKeys::Inline {
            keys: vec![pinned.unwrap_or_else(|| dialer.host_key.clone())],
            origin: "the test".into(),
        },
    }
}

/// A source that lists the target without a running proxy (as the discovery record does while
/// the target moves between nodes) until `arrived` is set, then with `target`'s proxies.
struct Moving {
    target: RemoteTarget,
    arrived: AtomicBool,
}

impl EndpointSource for Moving {
    fn route(&self, target: &str) -> Result<Route, ClientError> {
        if self.arrived.load(Ordering::SeqCst) {
            Ok(Route::Proxy(self.target.clone()))
        } else {
            Err(ClientError::NoProxy {
                target: target.to_owned(),
                origin: "the discovery record (generation 7)".into(),
            })
        }
    }
}

fn moving_client(dialer: &Arc<MockDialer>) -> (Client, Arc<Moving>) {
    let source = Arc::new(Moving {
        target: remote(dialer, &[addr(1)], None),
        arrived: AtomicBool::new(false),
    });
    let client = Client::with_dialer(source.clone(), ClientOptions::default(), dialer.clone());
    (client, source)
}

fn client(dialer: &Arc<MockDialer>, addrs: &[SocketAddr]) -> Client {
    client_with(dialer, addrs, None, ClientOptions::default())
}

fn scan(i: usize) -> Vec<String> {
    ["php", "occ", "files:scan"]
        .iter()
        .map(|s| (*s).to_owned())
        .chain([format!("--path=/alice/files/run-{i}")])
        .collect()
}

fn secs(at: &[(SocketAddr, Instant)], start: Instant) -> Vec<u64> {
    at.iter().map(|(_, t)| (*t - start).as_secs()).collect()
}

#[tokio::test(start_paused = true)]
async fn connection_failures_are_retried_after_1_2_4_seconds() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    dialer.script(
        addr(1),
        &[
            DialOutcome::Refused,
            DialOutcome::Refused,
            DialOutcome::Refused,
        ],
    );
    let c = client(&dialer, &[addr(1)]);
    let start = Instant::now();
    let out = c
        .exec("nextcloud", &["php", "occ", "status"])
        .await
        .unwrap();
    assert_eq!(out.exit_code, 0);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ran: php occ status\n"
    );
    assert_eq!(secs(&dialer.dials(), start), [0, 1, 3, 7]);
    assert_eq!(dialer.execs().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn when_retries_run_out_the_error_says_the_command_was_not_sent() {
    let dialer = MockDialer::new(DialOutcome::Refused);
    let options = ClientOptions {
        retry: RetryPolicy {
            retries: 2,
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    };
    let c = client_with(&dialer, &[addr(1)], None, options);
    let start = Instant::now();
    let err = c
        .exec("nextcloud", &["php", "occ", "status"])
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "target nextcloud: no proxy reachable after 3 attempt(s), the command was not sent: 10.0.0.1:2222: cannot connect: Connection refused (os error 111)"
    );
    assert!(err.command_not_sent());
    assert_eq!(secs(&dialer.dials(), start), [0, 1, 3]);
    assert!(dialer.execs().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_command_is_never_retried_once_its_exec_request_was_sent() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1), addr(2)]);
    let start = Instant::now();
    let argv = ["php", "occ", "files:scan", "crash"];
    let err = c.exec("nextcloud", &argv).await.unwrap_err();
    assert!(matches!(err, ClientError::ConnectionLost { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "target nextcloud: the connection to 10.0.0.1:2222 broke after the command was sent; it may or may not have run, and it is not retried"
    );
    assert!(!err.command_not_sent());
    // one exec request, one connection, no backoff, no failover to the second proxy
    assert_eq!(
        dialer.execs(),
        [(addr(1), "php occ files:scan crash".to_owned())]
    );
    assert_eq!(dialer.dials().len(), 1);
    assert_eq!(Instant::now(), start);

    // the next command reconnects (to a proxy that is up) and runs once
    let out = c.exec("nextcloud", &scan(1)).await.unwrap();
    assert_eq!(out.exit_code, 0);
    assert_eq!(dialer.execs().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn streamed_output_then_the_exit_code() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1)]);
    let mut s = c
        .exec_stream("nextcloud", &["php", "occ", "fail"])
        .await
        .unwrap();
    assert_eq!(s.endpoint(), Some(addr(1)));
    assert_eq!(
        s.next().await.unwrap().unwrap(),
        ExecEvent::Stderr(Bytes::from_static(b"failed\n"))
    );
    assert_eq!(s.next().await.unwrap().unwrap(), ExecEvent::Exit(3));
    assert!(s.next().await.is_none());
}

#[tokio::test(start_paused = true)]
async fn concurrent_commands_share_one_connection_within_the_channel_cap() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let options = ClientOptions {
        max_channels_per_connection: Some(4),
        ..ClientOptions::default()
    };
    let c = client_with(&dialer, &[addr(1)], None, options);
    let calls = (0..40).map(|i| {
        let c = c.clone();
        async move { c.exec("nextcloud", &scan(i)).await }
    });
    for out in futures::future::join_all(calls).await {
        assert_eq!(out.unwrap().exit_code, 0);
    }
    assert_eq!(dialer.dials().len(), 1, "one connection for all");
    assert_eq!(c.connections_dialed(), 1);
    let log = dialer.log.lock().unwrap();
    assert_eq!(log.execs.len(), 40);
    assert!(
        log.max_running <= 4 && log.max_running > 1,
        "max concurrent channels {}",
        log.max_running
    );
}

#[tokio::test(start_paused = true)]
async fn a_broken_pooled_connection_is_replaced_without_delay() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1)]);
    c.exec("nextcloud", &scan(1)).await.unwrap();
    dialer.break_all();
    let start = Instant::now();
    c.exec("nextcloud", &scan(2)).await.unwrap();
    assert_eq!(dialer.dials().len(), 2);
    assert_eq!(Instant::now(), start);
    assert_eq!(dialer.execs().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn failover_goes_to_the_next_proxy_and_stays_there() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    dialer.script(addr(1), &[DialOutcome::Refused]);
    let c = client(&dialer, &[addr(1), addr(2)]);
    let start = Instant::now();
    c.exec("nextcloud", &scan(1)).await.unwrap();
    c.exec("nextcloud", &scan(2)).await.unwrap();
    // no backoff: the second endpoint took it in the same attempt; then it is preferred
    assert_eq!(Instant::now(), start);
    let dialed: Vec<SocketAddr> = dialer.dials().iter().map(|(a, _)| *a).collect();
    assert_eq!(dialed, [addr(1), addr(2)]);
    let ran_on: Vec<SocketAddr> = dialer.execs().iter().map(|(a, _)| *a).collect();
    assert_eq!(ran_on, [addr(2), addr(2)]);
}

#[tokio::test(start_paused = true)]
async fn an_unpinned_host_key_is_refused_at_once_and_nothing_is_sent() {
    let dialer = MockDialer::new(DialOutcome::UnknownHostKey);
    let other = keys::generate("other").unwrap().public_key().clone();
    let c = client_with(
        &dialer,
        &[addr(1)],
        Some(other.clone()),
        ClientOptions::default(),
    );
    let start = Instant::now();
    let err = c
        .exec("nextcloud", &["php", "occ", "status"])
        .await
        .unwrap_err();
    let rejected = err.host_key_rejection().expect("a host key rejection");
    assert_eq!(rejected.fingerprint, keys::fingerprint(&dialer.host_key));
    assert!(
        err.to_string().contains(&format!(
            "host key {} (ssh-ed25519) is not pinned",
            keys::fingerprint(&dialer.host_key)
        )),
        "{err}"
    );
    assert_eq!(dialer.dials().len(), 1, "a pinning failure is not retried");
    assert_eq!(Instant::now(), start);
    assert!(dialer.execs().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_connection_to_a_key_that_is_no_longer_pinned_is_not_reused() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1)]);
    c.exec("nextcloud", &scan(1)).await.unwrap();
    // same endpoint and client key, but a pin list without the proxy's key
    let other = keys::generate("other").unwrap().public_key().clone();
    let mut target = match c.inner.source.route("nextcloud").unwrap() {
        Route::Proxy(t) => t,
        Route::Local(_) => unreachable!(),
    };
    target.host_keys = HostKeys::Inline {
        keys: vec![other],
        origin: "rotated".into(),
    };
    let identity = c.inner.identities.identity(&target).unwrap();
    let dials_before = c.inner.pool.dials();
    // the pool refuses to hand out the old connection and dials again
    let pool = &c.inner.pool;
    let admitted = pool.admit(&[addr(1)], &Default::default(), None).await;
    let _ = pool.open(&identity, admitted.unwrap()).await;
    assert_eq!(c.inner.pool.dials(), dials_before + 1);
}

#[tokio::test(start_paused = true)]
async fn the_timeout_ends_the_wait_not_the_client() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1)]);
    let start = Instant::now();
    let opts = ExecOptions {
        timeout: Some(Duration::from_secs(5)),
    };
    let err = c
        .exec_with("nextcloud", &["php", "occ", "hang"], &opts)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Timeout { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "target nextcloud: no exit status within 5s; the command may still be running"
    );
    assert_eq!(Instant::now() - start, Duration::from_secs(5));
    assert_eq!(dialer.execs().len(), 1);
    // the connection is still good for the next command
    assert_eq!(c.exec("nextcloud", &scan(1)).await.unwrap().exit_code, 0);
    assert_eq!(dialer.dials().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn an_unexpressible_argv_is_refused_before_any_io() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1)]);
    let err = c
        .exec("nextcloud", &["php", "occ", "status;id"])
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot send this command: argument 2 contains `;`, which the proxy forbids anywhere, even quoted (` $ \\ ; & | < > # * ? [ ] { } ~ !)"
    );
    assert!(dialer.dials().is_empty());
}

#[tokio::test(start_paused = true)]
async fn ping_reports_every_endpoint() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    dialer.script(addr(2), &[DialOutcome::Refused]);
    let c = client(&dialer, &[addr(1), addr(2)]);
    let reports = c.ping("nextcloud").await.unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0].endpoint, "10.0.0.1:2222");
    assert!(reports[0].result.is_ok());
    assert_eq!(
        reports[1].result,
        Err("10.0.0.2:2222: cannot connect: Connection refused (os error 111)".into())
    );
    assert!(dialer.execs().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_target_without_a_running_proxy_is_waited_for_with_the_retries() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let (client, source) = moving_client(&dialer);
    let start = Instant::now();
    // spawned: the call's future is `Send`
    let call = tokio::spawn({
        let client = client.clone();
        async move { client.exec("nextcloud", &["php", "occ", "status"]).await }
    });
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert!(
        dialer.dials().is_empty(),
        "nothing to dial while no proxy runs"
    );
    source.arrived.store(true, Ordering::SeqCst);
    let out = call.await.unwrap().unwrap();
    assert_eq!(out.stdout, b"ran: php occ status\n");
    // attempts at 0 s and 1 s found no proxy; the one at 3 s found it
    assert_eq!(secs(&dialer.dials(), start), [3]);
    assert_eq!(dialer.execs(), [(addr(1), "php occ status".to_owned())]);
}

#[tokio::test(start_paused = true)]
async fn a_target_that_never_gets_a_proxy_fails_not_sent_after_the_retries() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let (client, _source) = moving_client(&dialer);
    let start = Instant::now();
    let err = client.exec("nextcloud", &["true"]).await.unwrap_err();
    assert_eq!(start.elapsed(), Duration::from_secs(7));
    assert!(err.command_not_sent());
    assert_eq!(
        err.to_string(),
        "target nextcloud: no proxy reachable after 4 attempt(s), the command was not sent: \
         target \"nextcloud\" has no running proxy in the discovery record (generation 7)"
    );
    assert!(dialer.dials().is_empty());
}

/// Compile-time check: the futures of every call can be spawned on a multi-threaded runtime.
fn require_send<T: Send>(_: &T) {}

#[tokio::test]
async fn call_futures_are_send() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let client = client(&dialer, &[addr(1)]);
    let exec = client.exec("nextcloud", &["true"]);
    require_send(&exec);
    require_send(&client.exec_stream("nextcloud", &["true"]));
    require_send(&client.ping("nextcloud"));
    assert_eq!(exec.await.unwrap().exit_code, 0);
}

// ---- Issue 11: the record's limits, spreading, health checks and failover.

/// A source with fixed endpoints that gives `limits` for the target, as a record would.
struct WithLimits {
    target: RemoteTarget,
    limits: discovery::TargetLimits,
}

impl EndpointSource for WithLimits {
    fn route(&self, _target: &str) -> Result<Route, ClientError> {
        Ok(Route::Proxy(self.target.clone()))
    }

    fn limits(&self, _target: &str) -> discovery::TargetLimits {
        self.limits
    }
}

/// Runs `n` concurrent commands; every one must succeed.
async fn run_concurrently(c: &Client, n: usize) {
    let calls = (0..n).map(|i| {
        let c = c.clone();
        async move { c.exec("nextcloud", &scan(i)).await }
    });
    for out in futures::future::join_all(calls).await {
        assert_eq!(out.unwrap().exit_code, 0);
    }
}

#[tokio::test(start_paused = true)]
async fn without_a_record_a_proxy_gets_at_most_the_default_commands_at_once() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1)]);
    run_concurrently(&c, 40).await;
    let log = dialer.log.lock().unwrap();
    assert_eq!(log.execs.len(), 40);
    let cap = discovery::TargetLimits::DEFAULT_MAX_CONCURRENT_EXECS as usize;
    assert_eq!(log.max_running, cap, "callers over the cap wait, none fail");
}

#[tokio::test(start_paused = true)]
async fn the_records_limits_cap_commands_per_proxy_and_channels_per_connection() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let limits = discovery::TargetLimits {
        max_concurrent_execs: 2,
        max_channels_per_connection: 3,
        max_connections: 64,
    };
    let source = WithLimits {
        target: remote(&dialer, &[addr(1)], None),
        limits,
    };
    let c = Client::with_dialer(Arc::new(source), ClientOptions::default(), dialer.clone());
    run_concurrently(&c, 20).await;
    assert_eq!(dialer.log.lock().unwrap().max_running, 2);

    // The channel cap binds when it is the lower one.
    let dialer = MockDialer::new(DialOutcome::Ok);
    let source = WithLimits {
        target: remote(&dialer, &[addr(1)], None),
        limits: discovery::TargetLimits {
            max_concurrent_execs: 8,
            max_channels_per_connection: 3,
            ..limits
        },
    };
    let c = Client::with_dialer(Arc::new(source), ClientOptions::default(), dialer.clone());
    run_concurrently(&c, 20).await;
    assert_eq!(dialer.log.lock().unwrap().max_running, 3);
    assert_eq!(dialer.dials().len(), 1, "one connection");
}

#[tokio::test(start_paused = true)]
async fn commands_are_spread_over_the_healthy_proxies() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1), addr(2)]);
    for i in 0..6 {
        c.exec("nextcloud", &scan(i)).await.unwrap();
    }
    let ran_on: Vec<SocketAddr> = dialer.execs().iter().map(|(a, _)| *a).collect();
    assert_eq!(
        ran_on,
        [addr(1), addr(2), addr(1), addr(2), addr(1), addr(2)]
    );
    // Concurrent callers go to the least busy proxy: 8 at once, 4 on each.
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1), addr(2)]);
    run_concurrently(&c, 8).await;
    let on_first = dialer.execs().iter().filter(|(a, _)| *a == addr(1)).count();
    assert_eq!(on_first, 4);
}

/// A client of two proxies whose health is checked every second.
fn checked_client(dialer: &Arc<MockDialer>) -> Client {
    let options = ClientOptions {
        health_interval: Duration::from_secs(1),
        ..ClientOptions::default()
    };
    client_with(dialer, &[addr(1), addr(2)], None, options)
}

#[tokio::test(start_paused = true)]
async fn a_proxy_that_fails_its_check_is_skipped_until_it_passes_one() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = checked_client(&dialer);
    c.exec("nextcloud", &scan(0)).await.unwrap();
    c.exec("nextcloud", &scan(1)).await.unwrap();
    // Both are connected. addr(1) goes: its connection breaks and it refuses new ones, so its
    // next two checks fail.
    dialer.break_links_to(addr(1));
    dialer.script(addr(1), &[DialOutcome::Refused, DialOutcome::Refused]);
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let before = dialer.execs().len();
    for i in 2..8 {
        c.exec("nextcloud", &scan(i)).await.unwrap();
    }
    let skipped: Vec<SocketAddr> = dialer.execs()[before..].iter().map(|(a, _)| *a).collect();
    assert_eq!(skipped, [addr(2); 6], "the unhealthy proxy is skipped");
    // The check after the next one passes: addr(1) takes commands again.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = dialer.execs().len();
    for i in 8..12 {
        c.exec("nextcloud", &scan(i)).await.unwrap();
    }
    let back: Vec<SocketAddr> = dialer.execs()[before..].iter().map(|(a, _)| *a).collect();
    assert!(back.contains(&addr(1)), "{back:?}");
    let checks_of_1 = dialer.dials().iter().filter(|(a, _)| *a == addr(1)).count();
    assert!(checks_of_1 >= 4, "{checks_of_1} dials of addr(1)");
}

#[tokio::test(start_paused = true)]
async fn a_client_with_checks_off_dials_only_for_commands() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let options = ClientOptions {
        health_interval: Duration::ZERO,
        ..ClientOptions::default()
    };
    let c = client_with(&dialer, &[addr(1), addr(2)], None, options);
    c.exec("nextcloud", &scan(0)).await.unwrap();
    tokio::time::sleep(Duration::from_secs(300)).await;
    assert_eq!(dialer.dials().len(), 1);
    // with checks on, the same wait checks every endpoint every interval: addr(1) over its
    // pooled connection, addr(2) (no connection yet) on a fresh one each time
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = checked_client(&dialer);
    c.exec("nextcloud", &scan(0)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    let dials = dialer.dials();
    assert_eq!(dials.iter().filter(|(a, _)| *a == addr(1)).count(), 1);
    assert_eq!(dials.iter().filter(|(a, _)| *a == addr(2)).count(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_proxy_that_refuses_a_connection_is_failed_over_and_marked_at_once() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = checked_client(&dialer);
    c.exec("nextcloud", &scan(0)).await.unwrap(); // on addr(1)
    dialer.break_all();
    dialer.script(addr(1), &[DialOutcome::Refused]);
    let start = Instant::now();
    // addr(2)'s turn, then addr(1)'s: it is refused, the command goes to addr(2) at once;
    // from then on addr(1) is skipped (it would take a connection again, but no check passed)
    for i in 1..6 {
        c.exec("nextcloud", &scan(i)).await.unwrap();
    }
    assert_eq!(Instant::now(), start, "no backoff: the other proxy took it");
    let ran_on: Vec<SocketAddr> = dialer.execs().iter().map(|(a, _)| *a).collect();
    assert_eq!(
        ran_on,
        [addr(1), addr(2), addr(2), addr(2), addr(2), addr(2)]
    );
}

#[tokio::test(start_paused = true)]
async fn failover_never_resends_a_command_that_reached_a_proxy() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = checked_client(&dialer);
    let err = c
        .exec("nextcloud", &["php", "occ", "crash"])
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::ConnectionLost { .. }), "{err}");
    assert!(!err.command_not_sent());
    // it reached addr(1) and nobody else, then or later
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(dialer.execs(), [(addr(1), "php occ crash".to_owned())]);
}

#[tokio::test(start_paused = true)]
async fn a_busy_proxy_with_a_live_pooled_connection_passes_its_checks() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = checked_client(&dialer);
    c.exec("nextcloud", &scan(0)).await.unwrap();
    c.exec("nextcloud", &scan(1)).await.unwrap();
    // addr(1) is at its --max-connections: a new connection is closed as it authenticates.
    // Its checks go over the connection the client has, so it stays in use.
    dialer.script(addr(1), &[DialOutcome::ClosedAtLogin; 5]);
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    assert!(c.inner.pool.health().is_healthy(addr(1)));
    let dials_of_1 = dialer.dials().iter().filter(|(a, _)| *a == addr(1)).count();
    assert_eq!(
        dials_of_1, 1,
        "checked over its connection, not on new ones"
    );
    let before = dialer.execs().len();
    for i in 2..6 {
        c.exec("nextcloud", &scan(i)).await.unwrap();
    }
    let ran_on: Vec<SocketAddr> = dialer.execs()[before..].iter().map(|(a, _)| *a).collect();
    assert!(ran_on.contains(&addr(1)), "{ran_on:?}");
}

#[tokio::test(start_paused = true)]
async fn a_check_closed_as_it_authenticates_is_busy_not_failed() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = checked_client(&dialer);
    c.exec("nextcloud", &scan(0)).await.unwrap(); // addr(1); addr(2) has no connection
    dialer.script(addr(2), &[DialOutcome::ClosedAtLogin; 3]);
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    assert_eq!(
        dialer.dials().len(),
        1 + 3,
        "addr(2) was checked on fresh connections"
    );
    assert!(c.inner.pool.health().is_healthy(addr(2)));
    // a refused connection is a failure
    dialer.script(addr(2), &[DialOutcome::Refused]);
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(!c.inner.pool.health().is_healthy(addr(2)));
}

#[tokio::test(start_paused = true)]
async fn an_exec_request_refused_by_a_draining_proxy_goes_to_the_next_one() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = checked_client(&dialer);
    dialer.log.lock().unwrap().draining.push(addr(1));
    let start = Instant::now();
    let out = c.exec("nextcloud", &scan(0)).await.unwrap();
    assert_eq!(out.exit_code, 0);
    assert_eq!(Instant::now(), start, "no backoff: the other proxy took it");
    let payload = scan(0).join(" ");
    assert_eq!(
        dialer.log.lock().unwrap().refused,
        [(addr(1), payload.clone())]
    );
    assert_eq!(dialer.execs(), [(addr(2), payload)]);
    // the draining proxy is skipped from then on
    assert!(!c.inner.pool.health().is_healthy(addr(1)));
}

#[tokio::test(start_paused = true)]
async fn when_every_proxy_drains_the_call_fails_not_sent() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1)]);
    dialer.log.lock().unwrap().draining.push(addr(1));
    let err = c.exec("nextcloud", &scan(0)).await.unwrap_err();
    assert!(
        matches!(err, ClientError::Unreachable { attempts: 4, .. }),
        "{err}"
    );
    assert!(err.command_not_sent());
    assert!(
        err.to_string().contains("refused the exec request"),
        "{err}"
    );
    assert!(dialer.execs().is_empty());
}

/// A client of `addrs` whose proxies take one command each from it.
fn one_slot_client(dialer: &Arc<MockDialer>, addrs: &[SocketAddr]) -> Client {
    let source = WithLimits {
        target: remote(dialer, addrs, None),
        limits: discovery::TargetLimits {
            max_concurrent_execs: 1,
            ..discovery::TargetLimits::default()
        },
    };
    Client::with_dialer(Arc::new(source), ClientOptions::default(), dialer.clone())
}

#[tokio::test(start_paused = true)]
async fn a_caller_waits_for_whichever_proxy_frees_a_slot_first() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = one_slot_client(&dialer, &[addr(1), addr(2)]);
    // two commands in flight, one on each (holding their slots)
    let one = discovery::TargetLimits {
        max_concurrent_execs: 1,
        ..discovery::TargetLimits::default()
    };
    let on_1 = c.inner.pool.admit(&[addr(1)], &one, None).await.unwrap();
    let on_2 = c.inner.pool.admit(&[addr(2)], &one, None).await.unwrap();
    // Both full: the next caller (addr(1)'s turn) waits on both and takes addr(2)'s slot
    // when that one frees, not addr(1)'s (whose node may be partitioned).
    let cmd = scan(0);
    let next = c.exec("nextcloud", &cmd);
    tokio::pin!(next);
    assert!(futures::poll!(next.as_mut()).is_pending());
    drop(on_2);
    let mut polls = 0;
    let out = loop {
        if let std::task::Poll::Ready(out) = futures::poll!(next.as_mut()) {
            break out;
        }
        polls += 1;
        assert!(polls < 1_000, "still waiting on the full proxy");
        tokio::task::yield_now().await;
    };
    assert_eq!(out.unwrap().exit_code, 0);
    assert_eq!(dialer.execs().last().unwrap().0, addr(2));
    drop(on_1);
}

#[tokio::test(start_paused = true)]
async fn a_caller_that_finds_no_slot_within_its_timeout_fails_not_sent() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = one_slot_client(&dialer, &[addr(1)]);
    let one = discovery::TargetLimits {
        max_concurrent_execs: 1,
        ..discovery::TargetLimits::default()
    };
    let _busy = c.inner.pool.admit(&[addr(1)], &one, None).await.unwrap();
    let options = ExecOptions {
        timeout: Some(Duration::from_secs(5)),
    };
    let err = c
        .exec_with("nextcloud", &scan(0), &options)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Unreachable { attempts: 1, .. }),
        "{err}"
    );
    assert!(err.command_not_sent());
    assert!(
        err.to_string()
            .contains("no proxy had a free slot within 5s"),
        "{err}"
    );
    assert!(dialer.execs().is_empty());
}

/// Waits until `payload` has reached a proxy.
async fn until_sent(dialer: &MockDialer, payload: &str) {
    while !dialer.execs().iter().any(|(_, p)| p == payload) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Runs `argv` on a clone of `c` in a task of its own.
fn spawn_exec(
    c: &Client,
    argv: &'static [&'static str],
) -> tokio::task::JoinHandle<Result<Output, ClientError>> {
    let c = c.clone();
    tokio::spawn(async move { c.exec("nextcloud", argv).await })
}

/// Waits for a shutdown task that is due to end now (fails, rather than hangs, if it does not).
async fn ended(shutdown: tokio::task::JoinHandle<()>) {
    tokio::time::timeout(Duration::from_secs(60), shutdown)
        .await
        .expect("the shutdown did not return")
        .unwrap();
}

fn closed_by_client(dialer: &MockDialer) -> Vec<SocketAddr> {
    dialer.log.lock().unwrap().closed_by_client.clone()
}

#[tokio::test(start_paused = true)]
async fn shutdown_lets_running_commands_end_refuses_new_ones_then_closes_the_connections() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1)]);
    let running = spawn_exec(&c, &["php", "occ", "status", "held"]);
    until_sent(&dialer, "php occ status held").await;
    let shutdown = tokio::spawn({
        let c = c.clone();
        async move { c.shutdown().await }
    });
    while !c.is_shutting_down() {
        tokio::task::yield_now().await;
    }

    // a new command is refused at once, and reaches no proxy
    let err = c
        .exec("nextcloud", &["php", "occ", "status"])
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::ShuttingDown { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "target nextcloud: the client is shutting down; the command was not sent"
    );
    assert!(err.command_not_sent());
    assert_eq!(dialer.execs().len(), 1);

    // the shutdown waits for the running command, however long it runs (ten minutes here)
    tokio::time::sleep(Duration::from_secs(600)).await;
    assert!(!shutdown.is_finished(), "the shutdown did not wait");
    assert!(
        closed_by_client(&dialer).is_empty(),
        "closed under a running command"
    );
    dialer.release();
    let out = running.await.unwrap().unwrap();
    assert_eq!(
        (out.exit_code, out.stdout.as_slice()),
        (0, &b"started\n"[..])
    );
    ended(shutdown).await;
    assert_eq!(closed_by_client(&dialer), [addr(1)]);
    assert_eq!(dialer.execs().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_stream_holds_up_the_shutdown_until_its_last_event() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1)]);
    let mut stream = c
        .exec_stream("nextcloud", &["php", "occ", "fail"])
        .await
        .unwrap();
    let shutdown = tokio::spawn({
        let c = c.clone();
        async move { c.shutdown().await }
    });
    tokio::time::sleep(Duration::from_secs(600)).await;
    assert!(
        !shutdown.is_finished(),
        "the shutdown did not wait for the stream"
    );
    let mut events = Vec::new();
    while let Some(event) = stream.next().await {
        events.push(event.unwrap());
    }
    assert_eq!(events.last(), Some(&ExecEvent::Exit(3)));
    // the caller still holds the stream; it has had its last event
    ended(shutdown).await;
    drop(stream);
}

#[tokio::test(start_paused = true)]
async fn a_bounded_shutdown_cuts_and_names_the_commands_still_running() {
    let dialer = MockDialer::new(DialOutcome::Ok);
    let c = client(&dialer, &[addr(1)]);
    let running = spawn_exec(&c, &["php", "occ", "status", "held"]);
    until_sent(&dialer, "php occ status held").await;
    let left = c.shutdown_within(Duration::from_secs(5)).await;
    let left: Vec<_> = left.into_iter().map(|r| (r.target, r.command)).collect();
    assert_eq!(
        left,
        [("nextcloud".to_owned(), "php occ status held".to_owned())]
    );
    assert_eq!(closed_by_client(&dialer), [addr(1)]);
    let err = running.await.unwrap().unwrap_err();
    assert!(matches!(err, ClientError::ConnectionLost { .. }), "{err}");

    // nothing running: it returns at once with nothing
    let idle = client(&dialer, &[addr(1)]);
    idle.exec("nextcloud", &["php", "occ", "status"])
        .await
        .unwrap();
    let start = Instant::now();
    assert!(
        idle.shutdown_within(Duration::from_secs(5))
            .await
            .is_empty()
    );
    assert_eq!(Instant::now(), start);
}
