//! The connection pool: one authenticated SSH connection per endpoint (and client identity),
//! carrying many concurrent exec channels.
//!
//! * Concurrent callers that find no connection wait for a single dial (one handshake, not N).
//! * A connection is reused while it is open and its host key is still pinned (a pin list
//!   that changed drops connections to keys no longer trusted).
//! * At most `max_channels` channels run on one connection at a time (the proxy's per-
//!   connection cap; default 16); further callers queue for a free channel rather than being
//!   refused by the proxy.
//! * A connection that broke (closed, keepalive failed, channel open failed) is dropped and
//!   the next caller dials again; a failed channel open on a reused connection is retried once
//!   on a fresh connection right away, since nothing was sent.
//! * Per endpoint it remembers whether it is connected and when it last failed, which
//!   [`failover_order`](super::endpoints::failover_order) uses.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::endpoints::{Health, failover_order};
use super::error::EndpointError;
use super::transport::{Dialer, Identity, Link, RemoteChannel};

/// Which connection a caller may share: same endpoint, same user, same client key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PoolKey {
    addr: SocketAddr,
    user: String,
    key_fingerprint: String,
}

/// A pooled connection and its channel budget.
#[derive(Clone)]
struct Conn {
    id: u64,
    link: Arc<dyn Link>,
    channels: Arc<Semaphore>,
}

/// The slot of one pool key; its lock serialises dialing.
#[derive(Default)]
struct Slot {
    conn: tokio::sync::Mutex<Option<Conn>>,
}

/// An open channel, with what keeps it counted and its connection alive.
pub(crate) struct Lease {
    pub channel: Box<dyn RemoteChannel>,
    pub endpoint: SocketAddr,
    key: PoolKey,
    conn_id: u64,
    _link: Arc<dyn Link>,
    _permit: OwnedSemaphorePermit,
}

pub(crate) struct Pool {
    dialer: Arc<dyn Dialer>,
    connect_timeout: Duration,
    max_channels: usize,
    slots: Mutex<HashMap<PoolKey, Arc<Slot>>>,
    health: Mutex<HashMap<SocketAddr, Health>>,
    next_id: AtomicU64,
    dials: AtomicU64,
}

impl Pool {
    pub fn new(dialer: Arc<dyn Dialer>, connect_timeout: Duration, max_channels: usize) -> Self {
        Self {
            dialer,
            connect_timeout,
            max_channels: max_channels.max(1),
            slots: Mutex::default(),
            health: Mutex::default(),
            next_id: AtomicU64::new(1),
            dials: AtomicU64::new(0),
        }
    }

    /// How many connections this pool has dialed (successfully or not).
    pub fn dials(&self) -> u64 {
        self.dials.load(Ordering::Relaxed)
    }

    /// `addrs` in the order they should be tried.
    pub fn order(&self, addrs: &[SocketAddr]) -> Vec<SocketAddr> {
        let health = self.health.lock().unwrap_or_else(PoisonError::into_inner);
        failover_order(addrs, &health)
    }

    /// Opens a channel to `addr` on the pooled connection, dialing if there is none.
    pub async fn open(
        &self,
        addr: SocketAddr,
        identity: &Identity,
    ) -> Result<Lease, EndpointError> {
        let key = PoolKey {
            addr,
            user: identity.user.clone(),
            key_fingerprint: identity.key_fingerprint.clone(),
        };
        let slot = self.slot(&key);
        loop {
            let (conn, fresh) = match self.checkout(&slot, addr, identity).await {
                Ok(found) => found,
                Err(e) => {
                    self.mark(addr, false, Some(Instant::now()));
                    return Err(e);
                }
            };
            // Permits are never closed, so acquiring only waits.
            let Ok(permit) = conn.channels.clone().acquire_owned().await else {
                continue;
            };
            let opened = tokio::time::timeout(self.connect_timeout, conn.link.open_channel()).await;
            match opened {
                Ok(Ok(channel)) => {
                    self.mark(addr, true, None);
                    return Ok(Lease {
                        channel,
                        endpoint: addr,
                        key,
                        conn_id: conn.id,
                        _link: conn.link,
                        _permit: permit,
                    });
                }
                // The proxy refused a channel on a live connection (a limit): keep the
                // connection for the channels it carries, report this endpoint as failed.
                Ok(Err(e)) if !conn.link.is_closed() => {
                    self.mark(addr, true, Some(Instant::now()));
                    return Err(e);
                }
                failed => {
                    self.drop_conn(&slot, conn.id).await;
                    let e = match failed {
                        Ok(Err(e)) => e,
                        _ => EndpointError::Channel {
                            endpoint: addr.to_string(),
                            reason: format!("no answer within {:?}", self.connect_timeout),
                        },
                    };
                    if fresh {
                        self.mark(addr, false, Some(Instant::now()));
                        return Err(e);
                    }
                    // A reused connection that died under us: dial once more right away.
                    tracing::debug!(%addr, error = %e, "pooled connection broke; reconnecting");
                }
            }
        }
    }

    /// Forgets the connection of `lease` (its exec request could not be sent on it). Takes the
    /// lease by value: a `&Lease` held across the await would make the caller's future not
    /// `Send` (its channel is `Send` but not `Sync`).
    pub async fn discard(&self, lease: Lease) {
        let Lease {
            key,
            conn_id,
            endpoint,
            ..
        } = lease;
        let slot = self.slot(&key);
        self.drop_conn(&slot, conn_id).await;
        self.mark(endpoint, false, Some(Instant::now()));
    }

    /// The open connection of `slot`, or a new one. `true` when it was dialed just now.
    async fn checkout(
        &self,
        slot: &Slot,
        addr: SocketAddr,
        identity: &Identity,
    ) -> Result<(Conn, bool), EndpointError> {
        let mut current = slot.conn.lock().await;
        if let Some(conn) = current.as_ref() {
            if !conn.link.is_closed() && identity.pinned.contains(conn.link.host_key()) {
                return Ok((conn.clone(), false));
            }
            *current = None;
        }
        self.dials.fetch_add(1, Ordering::Relaxed);
        let dialed = tokio::time::timeout(self.connect_timeout, self.dialer.dial(addr, identity))
            .await
            .map_err(|_| EndpointError::ConnectTimeout {
                endpoint: addr.to_string(),
                after: self.connect_timeout,
            })??;
        let conn = Conn {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            link: dialed,
            channels: Arc::new(Semaphore::new(self.max_channels)),
        };
        *current = Some(conn.clone());
        Ok((conn, true))
    }

    async fn drop_conn(&self, slot: &Slot, id: u64) {
        let mut current = slot.conn.lock().await;
        if current.as_ref().is_some_and(|c| c.id == id) {
            *current = None;
        }
    }

    fn slot(&self, key: &PoolKey) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.entry(key.clone()).or_default().clone()
    }

    fn mark(&self, addr: SocketAddr, connected: bool, failed_at: Option<Instant>) {
        let mut health = self.health.lock().unwrap_or_else(PoisonError::into_inner);
        let h = health.entry(addr).or_default();
        h.connected = connected;
        h.last_failure = failed_at;
    }
}
