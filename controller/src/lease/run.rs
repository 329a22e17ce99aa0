//! The lease loop: look at the lease, write what the elector asks, wait, again; at the end,
//! give the lease up. The elector is shared with the writers through [`Lease`], which every
//! write asks first ([`Lease::fence`]).
//!
//! Every Engine call here is bounded (by the time the lease still lets this replica write, or
//! else by half the renewal interval) so a stalled manager delays the next look, not the loop,
//! and a leader waits a slow renewal out while it may. The bounds are for liveness only: safety does not depend on them. A leader counts its lease from when its
//! renewal was *sent*, however late it lands, and a late claim lands only over the version it
//! read (or not at all).

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::elector::{Elector, LeaseTiming, NotLeader, Step};
use super::store::{Found, LeaseStore, WriteError};
use crate::swarm::fence::Fence;

/// One replica's share of the lease, for the writers and the HTTP side.
#[derive(Debug)]
pub struct Lease {
    elector: Mutex<Elector>,
    timing: LeaseTiming,
    leading: watch::Sender<bool>,
}

/// What `/readyz` and the metrics show of the lease.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LeaseView {
    /// Whether this replica leads (and may write) now.
    pub leading: bool,
    /// The holder as last seen (empty: nobody).
    pub leader: String,
    pub epoch: u64,
    /// This replica's holder identity.
    pub me: String,
}

impl Lease {
    pub fn new(me: impl Into<String>, timing: LeaseTiming) -> Arc<Lease> {
        Arc::new(Lease {
            elector: Mutex::new(Elector::new(me, timing)),
            timing,
            leading: watch::Sender::new(false),
        })
    }

    /// Whether a write may go out now: the epoch to stamp on it, or why not.
    pub fn fence(&self) -> Result<u64, NotLeader> {
        self.lock().fence(Instant::now())
    }

    /// An object carrying `epoch` was seen (a higher one stops this leader at once).
    pub fn saw_epoch(&self, epoch: u64) {
        let ours = {
            let mut elector = self.lock();
            let ours = elector.fence(Instant::now()).ok();
            elector.saw_epoch(epoch);
            ours
        };
        if let Some(ours) = ours.filter(|ours| *ours < epoch) {
            tracing::warn!(
                ours,
                theirs = epoch,
                "an object carries a newer leader's epoch"
            );
        }
        self.publish();
    }

    /// Follows whether this replica leads.
    pub fn leading(&self) -> watch::Receiver<bool> {
        self.leading.subscribe()
    }

    /// The lease as this replica sees it now.
    pub fn view(&self) -> LeaseView {
        let elector = self.lock();
        let (leader, epoch) = elector.seen_holder();
        let fenced = elector.fence(Instant::now());
        LeaseView {
            leading: fenced.is_ok(),
            leader,
            epoch: fenced.unwrap_or(epoch),
            me: elector.me().to_owned(),
        }
    }

    /// The longest a call of the loop may take: while leading, as long as the lease lets this
    /// replica write (a slow manager is waited for, not given up on while there is time);
    /// otherwise half a renewal interval. Never less than a look.
    fn call_timeout(&self) -> Duration {
        let leading = self.lock().valid_for(Instant::now());
        leading
            .unwrap_or(self.timing.renew_every / 2)
            .max(self.timing.look_every)
    }

    /// The longest a write may take. A renewal: [`Lease::call_timeout`]. A claim: as long as
    /// it could still give a useful lease (`duration` less the margin, counted from its
    /// sending): a swarm that commits slowly is waited for rather than abandoned and asked
    /// again a whole quiet `duration` later.
    fn write_timeout(&self, record: &super::record::LeaseRecord) -> Duration {
        if record.renewals == 0 {
            let useful = self.timing.duration.saturating_sub(self.timing.margin);
            useful.max(self.call_timeout())
        } else {
            self.call_timeout()
        }
    }

    /// How long giving the lease up may take at a stop: half the lease, at most 5 s (Docker's
    /// default stop grace period is 10 s). Past it the lease simply runs out.
    pub fn release_budget(&self) -> Duration {
        (self.timing.duration / 2).min(Duration::from_secs(5))
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Elector> {
        self.elector
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Tells the watchers when leading started or stopped (and logs why it stopped).
    pub(super) fn publish(&self) {
        let fenced = self.fence();
        let now = fenced.is_ok();
        let was = *self.leading.borrow();
        if was && !now {
            let (_, epoch) = self.lock().seen_holder();
            let why = fenced.err().map(|e| e.to_string()).unwrap_or_default();
            tracing::warn!(epoch, why, "stopped leading");
        }
        self.leading
            .send_if_modified(|was| std::mem::replace(was, now) != now);
    }
}

impl Fence for Lease {
    fn epoch(&self) -> Result<u64, String> {
        self.fence().map_err(|e| e.to_string())
    }

    fn saw(&self, epoch: u64) {
        self.saw_epoch(epoch);
    }
}

/// Runs the lease until `stop` completes, then gives it up if held. A stop does not wait for
/// a look or a renewal under way (on a loaded swarm one can take seconds, which the process's
/// stop grace period cannot spare): it is dropped, and the release reads the lease afresh.
pub async fn run(lease: Arc<Lease>, store: LeaseStore, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    let mut last: Option<Found> = None;
    loop {
        let wait = tokio::select! {
            wait = look_and_write(&lease, &store, &mut last) => wait,
            () = &mut stop => break,
        };
        lease.publish();
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = &mut stop => break,
        }
    }
    super::release::release(&lease, &store).await;
}

/// One round: read, decide, write. Returns how long to wait before the next.
async fn look_and_write(lease: &Lease, store: &LeaseStore, last: &mut Option<Found>) -> Duration {
    let look_every = lease.timing.look_every;
    let read = tokio::time::timeout(lease.call_timeout(), store.read()).await;
    let found = match read {
        Ok(Ok(found)) => found,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "reading the lease");
            return look_every;
        }
        Err(_) => {
            tracing::warn!("reading the lease timed out");
            return look_every;
        }
    };
    *last = found.clone();
    let observed = found.as_ref().map(|f| (f.version, f.record.clone()));
    let was_leading = lease.lock().fence(Instant::now()).is_ok();
    let step = lease.lock().observe(observed, Instant::now());
    if !was_leading && let Ok(epoch) = lease.lock().fence(Instant::now()) {
        // a claim whose answer was lost landed after all: this look adopted it
        tracing::info!(
            epoch,
            "took the lease: leading (a claim that landed unanswered)"
        );
    }
    let (record, write) = match step {
        Step::Wait(after) => {
            if let Some(f) = &found {
                tracing::debug!(
                    holder = %f.record.holder,
                    epoch = f.record.epoch,
                    version = f.version,
                    next_look_ms = after.as_millis() as u64,
                    "the lease is held; looking again"
                );
            }
            return after;
        }
        Step::Create(record) => (record.clone(), Write::Create(record)),
        Step::Swap { record, .. } => match found {
            Some(f) => (record.clone(), Write::Swap(f, record)),
            None => return look_every,
        },
    };
    let sent = Instant::now();
    lease.lock().sending(&record, sent);
    let result = tokio::time::timeout(lease.write_timeout(&record), write.send(store)).await;
    match result {
        Ok(Ok(now)) => {
            lease.lock().written(record.clone(), now.version, sent);
            if record.renewals == 0 {
                tracing::info!(epoch = record.epoch, "took the lease: leading");
            }
            *last = Some(now);
            // renew (or look) again on time
            Duration::ZERO
        }
        Ok(Err(WriteError::Lost | WriteError::Superseded)) => {
            // someone wrote first, or this manager's view of the lease lags the swarm's: the
            // next look tells which
            tracing::debug!(
                epoch = record.epoch,
                renewals = record.renewals,
                "a lease write lost the race; looking again"
            );
            look_every.min(Duration::from_millis(200))
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "writing the lease");
            look_every
        }
        Err(_) => {
            tracing::warn!(
                epoch = record.epoch,
                renewals = record.renewals,
                "writing the lease timed out (it may still land: the next look tells)"
            );
            look_every
        }
    }
}

/// The write a step asks for.
enum Write {
    Create(super::record::LeaseRecord),
    Swap(Found, super::record::LeaseRecord),
}

impl Write {
    async fn send(self, store: &LeaseStore) -> Result<Found, WriteError> {
        match self {
            Write::Create(record) => store.create(&record).await,
            Write::Swap(found, record) => store.swap(&found, &record).await,
        }
    }
}
