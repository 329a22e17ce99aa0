//! Nobody without a key can lock a client out (issue 11).
//!
//! * The pre-auth deadline shuts a socket whatever the key exchange is doing: a banner and
//!   nothing more, a banner then `SSH_MSG_IGNORE` every second (which russh's inactivity timer
//!   counts as traffic), a KEXINIT then IGNOREs (russh in the middle of a key exchange, where it
//!   reads no disconnect request). Before the fix the first stayed open for the idle timeout
//!   and the others forever.
//! * 200 such sockets from 200 addresses (127.0.0.2 and up), held open, do not keep the stock
//!   OpenSSH client on 127.0.0.1 from logging in and getting its answer; every one of them is
//!   closed by the deadline. The client's time is reported beside its time against the idle
//!   proxy, in the same run.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, block_in_place};

use super::support::{
    BANNER, PATIENCE, ProxyProcess, REJECTED_COMMAND, assert_rejected, ignore, kexinit_payload,
    openssh, packet, report,
};

/// However loaded the machine, a socket is closed within the auth timeout and this much. Not
/// a performance figure: the proxy cuts at the deadline plus half a second of goodbye.
const MARGIN: Duration = Duration::from_secs(5);

/// What a slow client does once connected.
#[derive(Debug, Clone, Copy)]
enum Slow {
    /// Sends its version line, then nothing.
    Banner,
    /// Sends its version line, then an `SSH_MSG_IGNORE` every second.
    BannerIgnores,
    /// Sends its version line and a KEXINIT (the key exchange has begun), then IGNOREs.
    KexInitIgnores,
}

/// One slow client from `source`; `connected` fires once it has sent its first bytes, and
/// `open` counts it while the server keeps it open. Returns how long after connecting the
/// server closed it.
async fn slow_client(
    proxy: SocketAddr,
    source: IpAddr,
    how: Slow,
    connected: oneshot::Sender<()>,
    open: Arc<AtomicUsize>,
) -> Duration {
    let socket = TcpSocket::new_v4().expect("a socket");
    socket
        .bind(SocketAddr::new(source, 0))
        .unwrap_or_else(|e| panic!("cannot bind {source}: {e}"));
    let mut stream = socket
        .connect(proxy)
        .await
        .expect("connecting to the proxy");
    let opened = Instant::now();
    open.fetch_add(1, Ordering::SeqCst);
    let mut first = BANNER.to_vec();
    if let Slow::KexInitIgnores = how {
        // without strict kex: a strict server may drop an IGNORE in the initial exchange
        first.extend(packet(&kexinit_payload("curve25519-sha256", false)));
    }
    // a write fails only if the server has closed the socket already
    let mut closed = stream.write_all(&first).await.is_err();
    let _ = connected.send(());
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.tick().await;
    let mut buf = [0; 4096];
    while !closed {
        tokio::select! {
            read = stream.read(&mut buf) => closed = !matches!(read, Ok(n) if n > 0),
            _ = tick.tick(), if !matches!(how, Slow::Banner) => {
                closed = stream.write_all(&ignore(b"still here")).await.is_err();
            }
        }
    }
    open.fetch_sub(1, Ordering::SeqCst);
    opened.elapsed()
}

/// Starts `clients` slow clients (source address and behaviour each) and waits until each has
/// sent its first bytes.
async fn start_slow(
    proxy: SocketAddr,
    clients: impl IntoIterator<Item = (IpAddr, Slow)>,
    open: &Arc<AtomicUsize>,
) -> Vec<JoinHandle<Duration>> {
    let mut tasks = Vec::new();
    let mut connected = Vec::new();
    for (source, how) in clients {
        let (tx, rx) = oneshot::channel();
        connected.push(rx);
        tasks.push(tokio::spawn(slow_client(
            proxy,
            source,
            how,
            tx,
            Arc::clone(open),
        )));
    }
    for rx in connected {
        tokio::time::timeout(PATIENCE, rx)
            .await
            .expect("a slow client never connected")
            .expect("a slow client failed");
    }
    tasks
}

/// How long after connecting the server closed each client; fails if it kept one open past
/// `limit`.
async fn closings(tasks: Vec<JoinHandle<Duration>>, limit: Duration) -> Vec<Duration> {
    let mut out = Vec::new();
    for task in tasks {
        // each client connected before this wait began: still open at its end is too late
        let took = tokio::time::timeout(limit, task)
            .await
            .unwrap_or_else(|_| {
                panic!("a slow client is still open more than {limit:?} after connecting")
            })
            .expect("a slow client panicked");
        assert!(
            took <= limit,
            "a slow client was closed only after {took:?} (limit {limit:?})"
        );
        out.push(took);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auth_deadline_shuts_a_socket_in_the_middle_of_the_key_exchange() {
    let grace = Duration::from_secs(2);
    // an idle timeout far beyond the limit: only the auth deadline can close these in time
    let proxy = ProxyProcess::start(
        "deadline",
        &["--auth-timeout", "2s", "--idle-timeout", "60s"],
    );
    let open = Arc::new(AtomicUsize::new(0));
    let local = IpAddr::from(Ipv4Addr::LOCALHOST);
    let kinds = [Slow::Banner, Slow::BannerIgnores, Slow::KexInitIgnores];
    let tasks = start_slow(proxy.addr, kinds.map(|how| (local, how)), &open).await;
    let took = closings(tasks, grace + MARGIN).await;
    for (how, took) in kinds.into_iter().zip(took) {
        eprintln!("{how:?}: closed {took:?} after connecting (auth timeout {grace:?})");
        assert!(
            took >= grace,
            "{how:?} was closed before the deadline ({took:?})"
        );
    }
    let closed = proxy.metric(r#"bosun_proxy_preauth_closed_total{reason="grace"}"#);
    assert_eq!(closed, 3.0, "logs: {:#?}", proxy.logs());
    assert_eq!(proxy.metric("bosun_proxy_preauth_connections"), 0.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_pre_auth_sockets_do_not_lock_the_stock_client_out() {
    const SOCKETS: u32 = 200;
    let grace = Duration::from_secs(3);
    // --max-connections 3: before the fix, three silent sockets were enough
    let proxy = ProxyProcess::start(
        "lockout",
        &["--auth-timeout", "3s", "--max-connections", "3"],
    );
    let idle = block_in_place(|| openssh(&proxy.keys, proxy.addr, REJECTED_COMMAND));
    assert_rejected(&idle, "against the idle proxy");

    // 127.0.0.2 and up, one address each; half send only their banner, half IGNOREs too
    let open = Arc::new(AtomicUsize::new(0));
    let clients = (0..SOCKETS).map(|i| {
        let source = IpAddr::from(Ipv4Addr::from(0x7f00_0002 + i));
        let how = if i % 2 == 0 {
            Slow::Banner
        } else {
            Slow::BannerIgnores
        };
        (source, how)
    });
    let tasks = start_slow(proxy.addr, clients, &open).await;
    let held_before = open.load(Ordering::SeqCst);
    let attacked = block_in_place(|| openssh(&proxy.keys, proxy.addr, REJECTED_COMMAND));
    let held_after = open.load(Ordering::SeqCst);
    assert_rejected(&attacked, "under attack");

    let took = closings(tasks, grace + MARGIN).await;
    let at_once = took.iter().filter(|t| **t < grace).count();
    let at_deadline = took.len() - at_once;
    let counter = |reason: &str| {
        proxy.metric(&format!(
            r#"bosun_proxy_preauth_closed_total{{reason="{reason}"}}"#
        ))
    };
    let (evicted, by_grace) = (counter("evicted"), counter("grace"));
    let refused = counter("cap") + counter("per_source");
    assert_eq!(
        evicted + by_grace + refused,
        f64::from(SOCKETS),
        "every slow socket is counted once"
    );
    assert_eq!(proxy.metric("bosun_proxy_preauth_connections"), 0.0);
    eprintln!(
        "ssh: {:?} against the idle proxy, {:?} under {SOCKETS} pre-auth sockets \
         ({held_before} open when it started, {held_after} when it ended); \
         the sockets: {at_once} closed before the {grace:?} deadline (evicted: {evicted}, \
         refused: {refused}), {at_deadline} at it (grace: {by_grace})",
        idle.took, attacked.took
    );
    report(serde_json::json!({
        "test": "preauth_lockout",
        "sockets": SOCKETS,
        "auth_timeout_s": grace.as_secs_f64(),
        "ssh_idle_s": idle.took.as_secs_f64(),
        "ssh_under_attack_s": attacked.took.as_secs_f64(),
        "open_when_ssh_started": held_before,
        "open_when_ssh_ended": held_after,
        "closed_at_once": at_once,
        "closed_at_deadline": at_deadline,
        "max_close_s": took.iter().max().map(Duration::as_secs_f64),
    }));
}
