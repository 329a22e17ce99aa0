//! Endpoint health: which proxies of a target take the next command, in which order, and how
//! many commands each may carry from this client at once.
//!
//! Per resolved endpoint (`ip:port`) the client keeps a [`HealthBook`] entry:
//!
//! * **healthy or not.** An endpoint is marked unhealthy by a failed check or a failed
//!   connection (dial, handshake, channel open, a connection found broken before the exec
//!   request went out), and healthy again by a passing check or a successful connection. An
//!   endpoint never seen is healthy.
//! * **in flight**: the commands this client has on it, from the moment one is given to it
//!   (waiting for a slot included) until its stream ends.
//! * **the slots**: at most the record's `max_concurrent_execs` commands in flight through one
//!   proxy (the proxy's cap is per target; a client never asks for more than one proxy can
//!   run). A command takes the first endpoint of its attempt's order with a free slot; when
//!   all are full it waits on all of them and takes whichever frees first
//!   ([`HealthBook::first_free`]), rather than queueing behind one proxy.
//!
//! Entries of endpoints no target has any more are forgotten after a round of checks
//! ([`HealthBook::retain`]), unless they carry commands.
//!
//! [`HealthBook::order`] decides the order in which one attempt tries a target's endpoints:
//! the healthy ones first, the least in flight first, ties taken round robin (so one caller in
//! a loop spreads its commands over every proxy); then the unhealthy ones, least recently
//! failed first. Unhealthy endpoints are skipped while a healthy one takes the command; they
//! are tried last rather than never, so that a client whose checks are off, or whose every
//! proxy failed once, still reaches the first one that answers again.
//!
//! Failing over never re-sends a command: an endpoint is left for the next only when the
//! command certainly did not reach it (see `retry.rs`).
//!
//! The check runs every `health_interval` (30 s by default) on every endpoint of the targets
//! the client has used (`lib.rs`): over the live pooled connection when there is one
//! (`Pool::probe`: a channel opened and closed), else [`check`], a fresh connection and
//! authentication within the connect timeout, the same as `bosun ping`. A fresh connection
//! the proxy closed as we authenticated (at its `--max-connections`) is busy, not failed.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::EndpointError;
use super::transport::{Dialer, Identity, Link};

/// What the client knows of one endpoint.
#[derive(Debug, Default)]
struct Entry {
    /// When it last failed, while it is unhealthy (`None`: healthy).
    unhealthy_since: Option<Instant>,
    in_flight: usize,
    /// The slot cap it was made with, and the slots.
    slots: Option<(usize, Arc<Semaphore>)>,
}

/// The health, load and slots of every endpoint this client has used.
#[derive(Debug, Default)]
pub(crate) struct HealthBook {
    entries: Mutex<HashMap<SocketAddr, Entry>>,
    /// Where the round robin between equally loaded endpoints starts next.
    turn: AtomicUsize,
}

/// A command counted in flight on an endpoint until dropped.
#[derive(Debug)]
pub(crate) struct InFlight {
    book: Arc<HealthBook>,
    addr: SocketAddr,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(e) = self.book.lock().get_mut(&self.addr) {
            e.in_flight = e.in_flight.saturating_sub(1);
        }
    }
}

impl HealthBook {
    fn lock(&self) -> MutexGuard<'_, HashMap<SocketAddr, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `addrs` (as resolved) in the order one attempt tries them (see the module comment).
    pub fn order(&self, addrs: &[SocketAddr]) -> Vec<SocketAddr> {
        let turn = match addrs.len() {
            0 => 0,
            n => self.turn.fetch_add(1, Ordering::Relaxed) % n,
        };
        let entries = self.lock();
        let mut ranked: Vec<_> = addrs
            .iter()
            .enumerate()
            .map(|(i, addr)| {
                let e = entries.get(addr);
                let failed = e.and_then(|e| e.unhealthy_since);
                let load = e.map_or(0, |e| e.in_flight);
                // healthy first (by load, then round robin), then unhealthy by failure time
                let rank = match failed {
                    None => (0, None, load, (i + addrs.len() - turn) % addrs.len()),
                    Some(at) => (1, Some(at), 0, i),
                };
                (rank, *addr)
            })
            .collect();
        ranked.sort();
        ranked.into_iter().map(|(_, addr)| addr).collect()
    }

    /// Whether `addr` is healthy (unknown endpoints are).
    #[cfg(test)]
    pub fn is_healthy(&self, addr: SocketAddr) -> bool {
        self.lock()
            .get(&addr)
            .is_none_or(|e| e.unhealthy_since.is_none())
    }

    /// A failed check or connection: `addr` is skipped while a healthy endpoint is left.
    pub fn mark_failed(&self, addr: SocketAddr) {
        let mut entries = self.lock();
        let e = entries.entry(addr).or_default();
        if e.unhealthy_since.is_none() {
            tracing::info!(endpoint = %addr, "bosun client: proxy marked unhealthy");
        }
        e.unhealthy_since = Some(Instant::now());
    }

    /// A passing check or a successful connection.
    pub fn mark_ok(&self, addr: SocketAddr) {
        let mut entries = self.lock();
        let e = entries.entry(addr).or_default();
        if e.unhealthy_since.take().is_some() {
            tracing::info!(endpoint = %addr, "bosun client: proxy healthy again");
        }
    }

    /// Records the outcome of a check.
    pub fn record(&self, addr: SocketAddr, passed: bool) {
        if passed {
            self.mark_ok(addr)
        } else {
            self.mark_failed(addr)
        }
    }

    /// Counts a command in flight on `addr` until the guard is dropped.
    pub fn in_flight(self: &Arc<Self>, addr: SocketAddr) -> InFlight {
        self.lock().entry(addr).or_default().in_flight += 1;
        InFlight {
            book: self.clone(),
            addr,
        }
    }

    /// The slots of `addr` for `cap`. A changed cap (a new record) takes effect for new
    /// slots: commands holding one of the old ones finish on it.
    fn slots(&self, addr: SocketAddr, cap: usize) -> Arc<Semaphore> {
        let cap = cap.max(1);
        let mut entries = self.lock();
        let e = entries.entry(addr).or_default();
        match &e.slots {
            Some((made_with, slots)) if *made_with == cap => slots.clone(),
            _ => {
                let slots = Arc::new(Semaphore::new(cap));
                e.slots = Some((cap, slots.clone()));
                slots
            }
        }
    }

    /// A slot (one of `cap`) on the first endpoint of `addrs` (in the order of an attempt)
    /// that has one free; when all are full, on whichever frees one first. Never `None`
    /// unless `addrs` is empty: the slots are never closed.
    pub async fn first_free(
        &self,
        addrs: &[SocketAddr],
        cap: usize,
    ) -> Option<(SocketAddr, OwnedSemaphorePermit)> {
        if addrs.is_empty() {
            return None;
        }
        let slots: Vec<_> = addrs.iter().map(|a| (*a, self.slots(*a, cap))).collect();
        for (addr, slots) in &slots {
            if let Ok(permit) = slots.clone().try_acquire_owned() {
                return Some((*addr, permit));
            }
        }
        let waits = slots
            .into_iter()
            .map(|(addr, slots)| Box::pin(async move { (addr, slots.acquire_owned().await) }));
        let ((addr, permit), _, _) = futures::future::select_all(waits).await;
        Some((addr, permit.ok()?))
    }

    /// Forgets the endpoints not in `current` (a proxy restart brings a new IP; the old one
    /// would stay for ever), except those with commands in flight or slots taken.
    pub fn retain(&self, current: &HashSet<SocketAddr>) {
        self.lock().retain(|addr, e| {
            let busy = e.in_flight > 0
                || e.slots
                    .as_ref()
                    .is_some_and(|(cap, s)| s.available_permits() < *cap);
            busy || current.contains(addr)
        });
    }

    /// How many endpoints the book remembers.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().len()
    }
}

/// The health check of one endpoint: a fresh connection, host key checked, authenticated,
/// within `limit`; the time it took. The connection is closed again.
pub(crate) async fn check(
    dialer: &dyn Dialer,
    addr: SocketAddr,
    identity: &Identity,
    limit: Duration,
) -> Result<Duration, EndpointError> {
    let started = Instant::now();
    let link: Arc<dyn Link> = tokio::time::timeout(limit, dialer.dial(addr, identity))
        .await
        .map_err(|_| EndpointError::ConnectTimeout {
            endpoint: addr.to_string(),
            after: limit,
        })??;
    drop(link);
    Ok(started.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Poll;

    fn sa(last: u8) -> SocketAddr {
        SocketAddr::from(([10, 0, 0, last], 2222))
    }

    #[test]
    fn equally_loaded_healthy_endpoints_take_turns() {
        let book = HealthBook::default();
        let addrs = [sa(1), sa(2), sa(3)];
        let firsts: Vec<SocketAddr> = (0..6).map(|_| book.order(&addrs)[0]).collect();
        assert_eq!(firsts, [sa(1), sa(2), sa(3), sa(1), sa(2), sa(3)]);
        // every order lists every endpoint once
        let mut all = book.order(&addrs);
        all.sort();
        assert_eq!(all, addrs);
    }

    #[test]
    fn the_least_loaded_healthy_endpoint_comes_first() {
        let book = Arc::new(HealthBook::default());
        let addrs = [sa(1), sa(2), sa(3)];
        let _a = book.in_flight(sa(1));
        let _b = book.in_flight(sa(1));
        let c = book.in_flight(sa(2));
        for _ in 0..3 {
            assert_eq!(book.order(&addrs), [sa(3), sa(2), sa(1)]);
        }
        drop(c);
        // sa(2) and sa(3) are equal again: they take turns, sa(1) stays last
        let firsts: Vec<SocketAddr> = (0..4).map(|_| book.order(&addrs)[0]).collect();
        assert!(
            firsts.contains(&sa(2)) && firsts.contains(&sa(3)),
            "{firsts:?}"
        );
        assert!((0..4).all(|_| book.order(&addrs)[2] == sa(1)));
    }

    #[test]
    fn unhealthy_endpoints_go_last_until_they_pass_a_check() {
        let book = HealthBook::default();
        let addrs = [sa(1), sa(2), sa(3)];
        book.mark_failed(sa(2));
        std::thread::sleep(Duration::from_millis(2));
        book.mark_failed(sa(1));
        assert!(!book.is_healthy(sa(1)));
        for _ in 0..3 {
            // healthy sa(3), then the least recently failed
            assert_eq!(book.order(&addrs), [sa(3), sa(2), sa(1)]);
        }
        book.record(sa(1), true);
        assert!(book.is_healthy(sa(1)));
        for _ in 0..4 {
            assert_eq!(book.order(&addrs)[2], sa(2));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_caller_over_the_cap_waits_for_a_slot() {
        let book = HealthBook::default();
        let (_, first) = book.first_free(&[sa(1)], 1).await.unwrap();
        let one = [sa(1)];
        let waiting = book.first_free(&one, 1);
        tokio::pin!(waiting);
        assert!(futures::poll!(waiting.as_mut()).is_pending());
        // another endpoint has slots of its own
        let _other = book.first_free(&[sa(2)], 1).await.unwrap();
        drop(first);
        assert_eq!(waiting.await.unwrap().0, sa(1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_endpoint_is_passed_over_for_one_with_a_free_slot() {
        let book = HealthBook::default();
        let (at, _a) = book.first_free(&[sa(1), sa(2)], 1).await.unwrap();
        assert_eq!(at, sa(1));
        // sa(1) is full (its node partitioned, say): the next caller takes sa(2) at once
        let both = [sa(1), sa(2)];
        let next = futures::poll!(Box::pin(book.first_free(&both, 1)));
        let Poll::Ready(Some((at, b))) = next else {
            panic!("waited on the full endpoint while the other had a free slot")
        };
        assert_eq!(at, sa(2));
        // both full: the caller waits on both, and takes whichever frees first
        let waiting = book.first_free(&both, 1);
        tokio::pin!(waiting);
        assert!(futures::poll!(waiting.as_mut()).is_pending());
        drop(b);
        assert_eq!(waiting.await.unwrap().0, sa(2));
    }

    #[tokio::test(start_paused = true)]
    async fn endpoints_that_are_gone_are_forgotten_unless_in_use() {
        let book = Arc::new(HealthBook::default());
        book.mark_failed(sa(1));
        book.mark_ok(sa(2));
        let _busy = book.in_flight(sa(3));
        let (_, _slot) = book.first_free(&[sa(4)], 2).await.unwrap();
        book.mark_ok(sa(5));
        assert_eq!(book.len(), 5);
        book.retain(&HashSet::from([sa(2)]));
        // sa(2) is current; sa(3) and sa(4) carry commands; sa(1) and sa(5) are gone
        assert_eq!(book.len(), 3);
        assert!(book.is_healthy(sa(1)), "forgotten, so unknown, so healthy");
    }
}
