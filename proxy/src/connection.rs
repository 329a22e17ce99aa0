//! Accepting connections and looking after each one.
//!
//! The accept loop admits a connection within `--max-connections` (a connection over the cap
//! is closed at once), sets TCP_NODELAY and hands it to russh. It stops when the drain begins,
//! and closing the listener makes new connections fail at the TCP level.
//!
//! Each connection has a watchdog: a client that has not authenticated within
//! `--auth-timeout`, or that has had no open channel for `--idle-timeout`, is disconnected.
//! (russh's own `inactivity_timeout` only sees traffic, and the keepalives that keep a long,
//! silent command's connection alive are traffic too.)

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use russh::Disconnect;
use russh::server::Handle;
use tokio::net::{TcpListener, TcpStream};

use super::Shared;
use super::handler::{ConnState, ConnectionHandler};
use super::limits::Slot;
use super::shutdown::until_true;

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

fn admit(shared: &Arc<Shared>, socket: TcpStream, peer: SocketAddr) {
    let Some(place) = shared.connections.try_acquire() else {
        tracing::warn!(client = %peer, max = shared.connections.max(), "closed a connection: too many are open");
        return;
    };
    if let Err(e) = socket.set_nodelay(true) {
        tracing::debug!(client = %peer, error = %e, "cannot set TCP_NODELAY");
    }
    shared.metrics.connections_total.inc();
    shared.metrics.connections_active.inc();
    tokio::spawn(serve(Arc::clone(shared), socket, peer, place));
}

/// Runs one connection to its end.
async fn serve(shared: Arc<Shared>, socket: TcpStream, peer: SocketAddr, place: Slot) {
    let limits = shared.config.limits;
    let conn = ConnState::new(limits.max_channels_per_connection);
    let handler = ConnectionHandler::new(Arc::clone(&shared), peer, Arc::clone(&conn));
    let started = Instant::now();
    // the version exchange counts against the auth timeout too
    let setup = tokio::time::timeout(
        limits.auth_timeout,
        russh::server::run_stream(Arc::clone(&shared.ssh), socket, handler),
    )
    .await;
    let session = match setup {
        Ok(Ok(session)) => session,
        Ok(Err(e)) => {
            tracing::debug!(client = %peer, error = %e, "connection setup failed");
            return finish(&shared, place);
        }
        Err(_) => {
            tracing::info!(client = %peer, "closed a connection: no SSH version exchange within the auth timeout");
            return finish(&shared, place);
        }
    };
    let handle = session.handle();
    let id = shared.sessions.insert(handle.clone());
    let remaining_auth = limits.auth_timeout.saturating_sub(started.elapsed());
    let watchdog = tokio::spawn(watchdog(
        conn,
        handle,
        remaining_auth,
        limits.idle_timeout,
        peer,
    ));
    match session.await {
        Ok(()) => tracing::debug!(client = %peer, "connection closed"),
        Err(e) => tracing::debug!(client = %peer, error = %e, "connection ended"),
    }
    watchdog.abort();
    shared.sessions.remove(id);
    finish(&shared, place);
}

fn finish(shared: &Shared, place: Slot) {
    shared.metrics.connections_active.dec();
    drop(place);
}

/// Disconnects a client that does not authenticate in time, or that stays idle (no open
/// channel) for `idle`.
async fn watchdog(
    conn: Arc<ConnState>,
    handle: Handle,
    auth_timeout: Duration,
    idle: Duration,
    peer: SocketAddr,
) {
    let mut authenticated = conn.authenticated.subscribe();
    let in_time = tokio::time::timeout(auth_timeout, until_true(&mut authenticated)).await;
    if in_time.is_err() {
        tracing::info!(client = %peer, "disconnecting: not authenticated within the auth timeout");
        disconnect(&handle, "authentication timeout").await;
        return;
    }
    let tick = (idle / 4).clamp(Duration::from_millis(50), Duration::from_secs(5));
    let mut idle_since = Instant::now();
    loop {
        tokio::time::sleep(tick).await;
        if conn.channels.used() > 0 {
            idle_since = Instant::now();
        } else if idle_since.elapsed() >= idle {
            tracing::info!(client = %peer, "disconnecting: idle timeout");
            disconnect(&handle, "idle timeout").await;
            return;
        }
    }
}
