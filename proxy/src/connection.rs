//! Accepting connections and looking after each one, from the first byte to the last.
//!
//! A connection goes through two stages, each with its own cap:
//!
//! * **Pre-auth.** The accept loop puts every new connection in the pre-auth table
//!   (`--max-startups`, `--per-source-max-startups`; the rules are in [`super::preauth`]), or
//!   closes it at once. It has `--auth-timeout` (OpenSSH's `LoginGraceTime`) to authenticate,
//!   counted from the accept, version exchange included. At the deadline the proxy says goodbye
//!   (an SSH disconnect, for a client that listens) and then **shuts the socket down** through
//!   a second handle on it, a [`Cut`]: russh does not read its message queue during a key
//!   exchange, so a client that sends a banner and then `SSH_MSG_IGNORE`s forever would never
//!   see the disconnect, and would hold its place forever. A shut socket ends russh's session
//!   whatever it is doing, and every place the connection held is given back.
//! * **Authenticated.** As the client authenticates, the handler calls [`Standing::promote`]:
//!   the connection leaves the pre-auth table and takes a place under `--max-connections`, or,
//!   if all are taken, is closed before its login succeeds. Pre-auth connections never count
//!   against `--max-connections`, so no number of clients without a key can take an
//!   authenticated client's place. An authenticated connection with no open channel for
//!   `--idle-timeout` is disconnected (russh's own `inactivity_timeout` only sees traffic, and
//!   the keepalives that keep a long, silent command's connection alive are traffic too).
//!
//! Under a flood, closing pre-auth connections would log a line each; one warning is logged
//! at most every [`LOUD_EVERY`], the rest at debug level. The metrics count every one
//! (`bosun_proxy_preauth_closed_total{reason}`).
//!
//! The accept loop stops when the drain begins, and closing the listener makes new
//! connections fail at the TCP level.

use std::collections::HashMap;
use std::net::{IpAddr, Shutdown, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use russh::Disconnect;
use russh::server::Handle;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use super::Shared;
use super::config::Limits;
use super::handler::{ConnState, ConnectionHandler};
use super::limits::Slot;
use super::metrics::Metrics;
use super::preauth::{Admission, Refusal, Table};
use super::shutdown::until_true;

/// How long a connection told to go (auth or idle timeout) may take to close on its own
/// before its socket is shut. A client that reads its messages is gone well before; one in
/// the middle of a key exchange never reads them.
const GOODBYE_BEFORE_CUT: Duration = Duration::from_millis(500);
/// At most one warning about pre-auth connections closed this often; the rest are debug.
const LOUD_EVERY: Duration = Duration::from_secs(10);

/// The sessions open now, to say goodbye to them at the end of a drain.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    next: AtomicU64,
    open: Mutex<HashMap<u64, Handle>>,
}

impl Sessions {
    fn insert(&self, handle: Handle) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(id, handle);
        id
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Handle>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sends every open session a disconnect with `reason`.
    pub async fn disconnect_all(&self, reason: &str) {
        let handles: Vec<Handle> = self.lock().values().cloned().collect();
        for handle in handles {
            disconnect(&handle, reason).await;
        }
    }
}

async fn disconnect(handle: &Handle, reason: &str) {
    // an error means the session has already ended
    let _ = handle
        .disconnect(
            Disconnect::ByApplication,
            reason.to_owned(),
            "en".to_owned(),
        )
        .await;
}

/// A second handle on a connection's socket (a dup of its descriptor): shutting it down ends
/// the connection whatever russh is doing with the first one.
#[derive(Debug)]
pub(crate) struct Cut(std::net::TcpStream);

impl Cut {
    /// The socket to hand to russh, and its cut.
    fn split(socket: TcpStream) -> std::io::Result<(TcpStream, Arc<Cut>)> {
        let socket = socket.into_std()?;
        let cut = Cut(socket.try_clone()?);
        Ok((TcpStream::from_std(socket)?, Arc::new(cut)))
    }

    /// Shuts the socket down both ways: the peer sees it closed, russh's reads see its end.
    fn cut(&self) {
        // an error means it is closed already
        let _ = self.0.shutdown(Shutdown::Both);
    }
}

/// The pre-auth table the accept loop and the connections share.
pub(crate) struct Preauth {
    table: Mutex<Table<Arc<Cut>>>,
    metrics: Arc<Metrics>,
    /// When the last warning about a closed pre-auth connection was logged.
    last_warning: Mutex<Option<Instant>>,
}

impl Preauth {
    pub fn new(limits: &Limits, metrics: Arc<Metrics>) -> Preauth {
        Preauth {
            table: Mutex::new(Table::new(
                limits.max_startups,
                limits.per_source_max_startups,
            )),
            metrics,
            last_warning: Mutex::new(None),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table<Arc<Cut>>> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Admits a connection from `peer` (its id in the table), evicting another if the rules
    /// say so, or refuses it (`None`: drop the socket).
    fn admit(&self, peer: SocketAddr, cut: &Arc<Cut>) -> Option<u64> {
        let admission = {
            let mut table = self.lock();
            let admission = table.admit(peer.ip(), Arc::clone(cut));
            self.metrics.preauth_connections.set(gauge(table.len()));
            admission
        };
        match admission {
            Admission::Admitted { id, evicted } => {
                if let Some(evicted) = evicted {
                    evicted.value.cut();
                    self.closed(evicted.source, "evicted", "a newcomer took its place");
                }
                Some(id)
            }
            Admission::Refused(refusal) => {
                let (reason, why) = match refusal {
                    Refusal::PerSource => ("per_source", "its address holds its share"),
                    Refusal::Full => ("cap", "the table is full"),
                };
                self.closed(peer.ip(), reason, why);
                None
            }
        }
    }

    /// Takes entry `id` out of the table; whether it was there.
    fn remove(&self, id: u64) -> bool {
        let mut table = self.lock();
        let removed = table.remove(id).is_some();
        self.metrics.preauth_connections.set(gauge(table.len()));
        removed
    }

    /// Counts and logs a pre-auth connection closed for `reason`: one warning per
    /// [`LOUD_EVERY`], the rest at debug level.
    fn closed(&self, source: IpAddr, reason: &'static str, why: &str) {
        self.metrics.preauth_closed(reason);
        let loud = {
            let mut last = self
                .last_warning
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let loud = last.is_none_or(|t| now.duration_since(t) >= LOUD_EVERY);
            if loud {
                *last = Some(now);
            }
            loud
        };
        if loud {
            tracing::warn!(
                client = %source,
                reason,
                "closed a connection before authentication: {why} (more within {}s are logged at debug level; see bosun_proxy_preauth_closed_total)",
                LOUD_EVERY.as_secs()
            );
        } else {
            tracing::debug!(client = %source, reason, "closed a connection before authentication: {why}");
        }
    }
}

fn gauge(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Where one connection stands: in the pre-auth table, then under `--max-connections`.
/// Dropping it gives back its place, whichever it holds.
pub(crate) struct Standing {
    shared: Arc<Shared>,
    peer: SocketAddr,
    cut: Arc<Cut>,
    stage: Mutex<Stage>,
}

enum Stage {
    PreAuth { id: u64 },
    Authenticated { _place: Slot },
    Closed,
}

impl std::fmt::Debug for Standing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stage = match *self.lock() {
            Stage::PreAuth { .. } => "pre-auth",
            Stage::Authenticated { .. } => "authenticated",
            Stage::Closed => "closed",
        };
        f.debug_struct("Standing")
            .field("peer", &self.peer)
            .field("stage", &stage)
            .finish_non_exhaustive()
    }
}

impl Standing {
    fn lock(&self) -> std::sync::MutexGuard<'_, Stage> {
        self.stage.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The client has just proved its key: the connection leaves the pre-auth table for a place
    /// under `--max-connections`. An error (the connection is then closed) when all those
    /// places are taken, or the pre-auth deadline has passed.
    pub fn promote(&self) -> Result<(), russh::Error> {
        let mut stage = self.lock();
        let Stage::PreAuth { id } = *stage else {
            return Err(russh::Error::Disconnect);
        };
        if !self.shared.preauth.remove(id) {
            // evicted a moment ago: its socket is shut already
            *stage = Stage::Closed;
            return Err(russh::Error::Disconnect);
        }
        let Some(place) = self.shared.connections.try_acquire() else {
            *stage = Stage::Closed;
            drop(stage);
            self.shared.metrics.preauth_closed("max_connections");
            tracing::warn!(
                client = %self.peer,
                max = self.shared.connections.max(),
                "closed a connection as it authenticated: too many authenticated connections are open"
            );
            self.cut.cut();
            return Err(russh::Error::Disconnect);
        };
        *stage = Stage::Authenticated { _place: place };
        self.shared.metrics.connections_active.inc();
        Ok(())
    }

    /// The pre-auth deadline has passed. A connection still pre-auth leaves the table, to be
    /// cut ([`AtDeadline::Expired`]).
    fn expire(&self) -> AtDeadline {
        let mut stage = self.lock();
        let id = match *stage {
            Stage::PreAuth { id } => id,
            // it authenticated just before; the flag the watchdog waits for follows
            Stage::Authenticated { .. } => return AtDeadline::Authenticated,
            Stage::Closed => return AtDeadline::Closed,
        };
        *stage = Stage::Closed;
        drop(stage);
        if !self.shared.preauth.remove(id) {
            // evicted a moment ago: its socket is shut already
            return AtDeadline::Closed;
        }
        self.shared.preauth.closed(
            self.peer.ip(),
            "grace",
            "not authenticated within the auth timeout",
        );
        AtDeadline::Expired
    }
}

/// What the pre-auth deadline finds.
#[derive(Debug, PartialEq, Eq)]
enum AtDeadline {
    /// Still pre-auth: now out of the table; the socket is to be shut.
    Expired,
    Authenticated,
    /// Closed already (evicted, or refused as it authenticated).
    Closed,
}

impl Drop for Standing {
    fn drop(&mut self) {
        match std::mem::replace(&mut *self.lock(), Stage::Closed) {
            Stage::PreAuth { id } => {
                self.shared.preauth.remove(id);
            }
            Stage::Authenticated { _place } => self.shared.metrics.connections_active.dec(),
            Stage::Closed => {}
        }
    }
}

/// Accepts connections until the drain begins, then closes the listener.
pub(crate) async fn accept_loop(shared: Arc<Shared>, listener: TcpListener) {
    let mut draining = shared.drain.subscribe();
    loop {
        tokio::select! {
            () = until_true(&mut draining) => break,
            accepted = listener.accept() => match accepted {
                Ok((socket, peer)) => admit(&shared, socket, peer),
                Err(e) => {
                    // e.g. out of file descriptors: back off instead of spinning
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
        }
    }
    drop(listener);
    tracing::info!("the listener is closed: new connections are refused");
}

/// Puts a new connection in the pre-auth table and serves it, or closes it at once.
fn admit(shared: &Arc<Shared>, socket: TcpStream, peer: SocketAddr) {
    let started = tokio::time::Instant::now();
    let (socket, cut) = match Cut::split(socket) {
        Ok(split) => split,
        Err(e) => {
            tracing::warn!(client = %peer, error = %e, "closed a connection: cannot duplicate its socket");
            return;
        }
    };
    let Some(id) = shared.preauth.admit(peer, &cut) else {
        return;
    };
    if let Err(e) = socket.set_nodelay(true) {
        tracing::debug!(client = %peer, error = %e, "cannot set TCP_NODELAY");
    }
    shared.metrics.connections_total.inc();
    let standing = Standing {
        shared: Arc::clone(shared),
        peer,
        cut,
        stage: Mutex::new(Stage::PreAuth { id }),
    };
    tokio::spawn(serve(Arc::clone(shared), socket, peer, standing, started));
}

/// Runs one connection to its end.
async fn serve(
    shared: Arc<Shared>,
    socket: TcpStream,
    peer: SocketAddr,
    standing: Standing,
    started: tokio::time::Instant,
) {
    let limits = shared.config.limits;
    let conn = ConnState::new(limits.max_channels_per_connection, standing);
    let handler = ConnectionHandler::new(Arc::clone(&shared), peer, Arc::clone(&conn));
    let (handle_tx, handle_rx) = oneshot::channel();
    let deadline = started + limits.auth_timeout;
    // its end gives back the connection's places (the watchdog holds the last `ConnState`)
    let _watchdog = AbortOnDrop(tokio::spawn(watchdog(
        conn,
        handle_rx,
        deadline,
        limits.idle_timeout,
        peer,
    )));
    // The version exchange happens in here: the watchdog's deadline bounds it too.
    match russh::server::run_stream(Arc::clone(&shared.ssh), socket, handler).await {
        Ok(session) => {
            let handle = session.handle();
            let id = shared.sessions.insert(handle.clone());
            let _ = handle_tx.send(handle);
            match session.await {
                Ok(()) => tracing::debug!(client = %peer, "connection closed"),
                Err(e) => tracing::debug!(client = %peer, error = %e, "connection ended"),
            }
            shared.sessions.remove(id);
        }
        Err(e) => tracing::debug!(client = %peer, error = %e, "connection setup failed"),
    }
}

/// Aborts its task when dropped, even by a panic.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Closes a connection that has not authenticated by `deadline`, or that, authenticated,
/// stays idle (no open channel) for `idle`.
async fn watchdog(
    conn: Arc<ConnState>,
    mut handle: oneshot::Receiver<Handle>,
    deadline: tokio::time::Instant,
    idle: Duration,
    peer: SocketAddr,
) {
    if !authenticated_by(&conn, &mut handle, deadline).await {
        return;
    }
    if let Ok(handle) = handle.await {
        idle_watch(&conn, &handle, idle, peer).await;
    }
}

/// Waits until the client has authenticated (true), or shuts the connection at `deadline`.
async fn authenticated_by(
    conn: &ConnState,
    handle: &mut oneshot::Receiver<Handle>,
    deadline: tokio::time::Instant,
) -> bool {
    let mut authenticated = conn.authenticated.subscribe();
    let in_time = tokio::time::timeout_at(deadline, until_true(&mut authenticated)).await;
    if in_time.is_ok() {
        return true;
    }
    match conn.standing.expire() {
        AtDeadline::Expired => {
            // none yet: the client has not even sent its version
            let handle = handle.try_recv().ok();
            let reason = "authentication timeout";
            goodbye(&conn.standing.cut, handle.as_ref(), reason).await;
            false
        }
        AtDeadline::Closed => false,
        AtDeadline::Authenticated => true,
    }
}

/// Disconnects an authenticated connection that has had no open channel for `idle`.
async fn idle_watch(conn: &ConnState, handle: &Handle, idle: Duration, peer: SocketAddr) {
    let tick = (idle / 4).clamp(Duration::from_millis(50), Duration::from_secs(5));
    let mut idle_since = Instant::now();
    loop {
        tokio::time::sleep(tick).await;
        if conn.channels.used() > 0 {
            idle_since = Instant::now();
        } else if idle_since.elapsed() >= idle {
            tracing::info!(client = %peer, "disconnecting: idle timeout");
            goodbye(&conn.standing.cut, Some(handle), "idle timeout").await;
            return;
        }
    }
}

/// Tells the client why it must go (if its session is up), gives it [`GOODBYE_BEFORE_CUT`]
/// to close, and shuts the socket. The connection's task aborts this when the session ends
/// earlier.
async fn goodbye(cut: &Cut, handle: Option<&Handle>, reason: &str) {
    if let Some(handle) = handle {
        let _ = tokio::time::timeout(GOODBYE_BEFORE_CUT, disconnect(handle, reason)).await;
        tokio::time::sleep(GOODBYE_BEFORE_CUT).await;
    }
    cut.cut();
}
