//! The connection pool: one authenticated SSH connection per endpoint (and client identity),
//! carrying many concurrent exec channels.
//!
//! * Concurrent callers that find no connection wait for a single dial (one handshake, not N).
//! * A connection is reused while it is open and its host key is still pinned (a pin list
//!   that changed drops connections to keys no longer trusted).
//! * The target's limits, as its discovery record says (`TargetLimits`, the proxy's defaults
//!   without a record): at most `max_channels_per_connection` channels run on one connection
//!   at a time, and at most `max_concurrent_execs` commands through one proxy (its slots, in
//!   `health.rs`). [`Pool::admit`] gives a command the first endpoint with a free slot, or
//!   waits for whichever frees one first (within the call's timeout); further callers wait for
//!   a slot and a channel rather than being refused by the proxy.
//! * [`Pool::probe`] checks an endpoint over its live pooled connection (a channel opened and
//!   closed), so a health check needs no new connection; [`Pool::retain`] forgets the
//!   connections of endpoints that are gone. [`ClientOptions::max_channels_per_connection`](super::ClientOptions) may lower
//!   the channel cap further.
//! * [`Pool::close_all`] closes every pooled connection, for the client's shutdown.
//! * A connection that broke (closed, keepalive failed, channel open failed) is dropped and
//!   the next caller dials again; a failed channel open on a reused connection is retried once
//!   on a fresh connection right away, since nothing was sent.
//! * Every connection failure marks its endpoint unhealthy and every success healthy again
//!   ([`HealthBook`], which also orders the endpoints of an attempt and counts the commands
//!   in flight on each).

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bosun_core::discovery::TargetLimits;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::EndpointError;
use super::health::{HealthBook, InFlight};
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
    _channel: OwnedSemaphorePermit,
    _admitted: Admitted,
}

/// A command admitted to an endpoint: counted in flight there, holding one of its slots, and
/// the channel cap of a new connection to it.
pub(crate) struct Admitted {
    pub addr: SocketAddr,
    _in_flight: InFlight,
    _slot: OwnedSemaphorePermit,
    max_channels: usize,
}

pub(crate) struct Pool {
    dialer: Arc<dyn Dialer>,
    connect_timeout: Duration,
    /// The client's own cap on channels per connection (`None`: the target's limit).
    max_channels: Option<usize>,
    slots: Mutex<HashMap<PoolKey, Arc<Slot>>>,
    health: Arc<HealthBook>,
    next_id: AtomicU64,
    dials: AtomicU64,
}

impl Pool {
    pub fn new(
        dialer: Arc<dyn Dialer>,
        connect_timeout: Duration,
        max_channels: Option<usize>,
    ) -> Self {
        Self {
            dialer,
            connect_timeout,
            max_channels,
            slots: Mutex::default(),
            health: Arc::default(),
            next_id: AtomicU64::new(1),
            dials: AtomicU64::new(0),
        }
    }

    /// How many connections this pool has dialed (successfully or not).
    pub fn dials(&self) -> u64 {
        self.dials.load(Ordering::Relaxed)
    }

    /// The health of the endpoints (shared with the client's checks).
    pub fn health(&self) -> &HealthBook {
        &self.health
    }

    /// `addrs` in the order they should be tried.
    pub fn order(&self, addrs: &[SocketAddr]) -> Vec<SocketAddr> {
        self.health.order(addrs)
    }

    /// Opens a channel to the endpoint of `admitted` on the pooled connection, dialing if
    /// there is none, within the channel cap of `admitted`.
    pub async fn open(
        &self,
        identity: &Identity,
        admitted: Admitted,
    ) -> Result<Lease, EndpointError> {
        let addr = admitted.addr;
        let key = PoolKey {
            addr,
            user: identity.user.clone(),
            key_fingerprint: identity.key_fingerprint.clone(),
        };
        let pooled = self.slot(&key);
        loop {
            let max_channels = admitted.max_channels;
            let checked_out = self.checkout(&pooled, addr, identity, max_channels).await;
            let (conn, fresh) = match checked_out {
                Ok(found) => found,
                Err(e) => {
                    self.health.mark_failed(addr);
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
                    self.health.mark_ok(addr);
                    return Ok(Lease {
                        channel,
                        endpoint: addr,
                        key,
                        conn_id: conn.id,
                        _link: conn.link,
                        _channel: permit,
                        _admitted: admitted,
                    });
                }
                // The proxy refused a channel on a live connection (a limit): keep the
                // connection for the channels it carries, report this endpoint as failed.
                Ok(Err(e)) if !conn.link.is_closed() => {
                    self.health.mark_failed(addr);
                    return Err(e);
                }
                failed => {
                    self.drop_conn(&pooled, conn.id).await;
                    let e = match failed {
                        Ok(Err(e)) => e,
                        _ => EndpointError::Channel {
                            endpoint: addr.to_string(),
                            reason: format!("no answer within {:?}", self.connect_timeout),
                        },
                    };
                    if fresh {
                        self.health.mark_failed(addr);
                        return Err(e);
                    }
                    // A reused connection that died under us: dial once more right away.
                    tracing::debug!(%addr, error = %e, "pooled connection broke; reconnecting");
                }
            }
        }
    }

    /// Admits a command to one of `addrs` (in the order of an attempt) under `limits`: the
    /// first with a free slot, or, when all are full, whichever frees one first, within
    /// `wait` (the call's timeout, when it has one). The command is then counted in flight
    /// there; the channel cap is the lower of the target's and the client's own.
    pub async fn admit(
        &self,
        addrs: &[SocketAddr],
        limits: &TargetLimits,
        wait: Option<Duration>,
    ) -> Result<Admitted, EndpointError> {
        let cap = limits.max_concurrent_execs as usize;
        let free = self.health.first_free(addrs, cap);
        let found = match wait {
            Some(after) => tokio::time::timeout(after, free)
                .await
                .map_err(|_| EndpointError::NoSlot { after })?,
            None => free.await,
        };
        // `None` only for no endpoint at all, which an attempt never admits to.
        let (addr, slot) = found.ok_or_else(|| EndpointError::NoEndpoints {
            target: "(no endpoint to admit to)".into(),
        })?;
        let max_channels = (limits.max_channels_per_connection as usize)
            .min(self.max_channels.unwrap_or(usize::MAX))
            .max(1);
        Ok(Admitted {
            addr,
            _in_flight: self.health.in_flight(addr),
            _slot: slot,
            max_channels,
        })
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
        self.health.mark_failed(endpoint);
    }

    /// The open connection of `slot`, or a new one with `max_channels` channels. `true` when
    /// it was dialed just now.
    async fn checkout(
        &self,
        slot: &Slot,
        addr: SocketAddr,
        identity: &Identity,
        max_channels: usize,
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
            channels: Arc::new(Semaphore::new(max_channels)),
        };
        *current = Some(conn.clone());
        Ok((conn, true))
    }

    /// A health probe over the pooled connection to `addr`, if there is a live one with a
    /// channel free: a session channel opened (the proxy answers) and closed again, within
    /// `limit`, on no new connection (a new one would count against the proxy's
    /// `--max-connections`). `None` when there is no such connection.
    pub async fn probe(
        &self,
        addr: SocketAddr,
        identity: &Identity,
        limit: Duration,
    ) -> Option<Result<(), EndpointError>> {
        let key = PoolKey {
            addr,
            user: identity.user.clone(),
            key_fingerprint: identity.key_fingerprint.clone(),
        };
        let slot = self.lock_slots().get(&key).cloned()?;
        let conn = slot.conn.lock().await.clone()?;
        if conn.link.is_closed() {
            return None;
        }
        let _permit = conn.channels.clone().try_acquire_owned().ok()?;
        let opened = tokio::time::timeout(limit, conn.link.open_channel()).await;
        Some(match opened {
            Ok(Ok(_channel)) => Ok(()),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(EndpointError::Channel {
                endpoint: addr.to_string(),
                reason: format!("no answer within {limit:?}"),
            }),
        })
    }

    /// Closes every pooled connection and forgets it (the client shuts down). Commands still
    /// running on one lose their connection.
    pub async fn close_all(&self) {
        let slots: Vec<Arc<Slot>> = self.lock_slots().drain().map(|(_, slot)| slot).collect();
        for slot in slots {
            let conn = slot.conn.lock().await.take();
            if let Some(conn) = conn {
                conn.link.close().await;
            }
        }
    }

    /// Forgets the connections and the health of endpoints not in `current`.
    pub fn retain(&self, current: &HashSet<SocketAddr>) {
        self.lock_slots()
            .retain(|key, _| current.contains(&key.addr));
        self.health.retain(current);
    }

    async fn drop_conn(&self, slot: &Slot, id: u64) {
        let mut current = slot.conn.lock().await;
        if current.as_ref().is_some_and(|c| c.id == id) {
            *current = None;
        }
    }

    fn slot(&self, key: &PoolKey) -> Arc<Slot> {
        self.lock_slots().entry(key.clone()).or_default().clone()
    }

    fn lock_slots(&self) -> MutexGuard<'_, HashMap<PoolKey, Arc<Slot>>> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
