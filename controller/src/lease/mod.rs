//! One leader among the controller's replicas, fenced (issue 10; docs/controller.md, "Several
//! controllers, one leader").
//!
//! # Layout
//! * `record` — the lease as the labels of one Swarm config per instance, which Docker updates
//!   only by compare-and-swap on `Version.Index`;
//! * `elector` — the pure rules: when to take, renew, give up and stop writing, on this
//!   replica's monotonic clock;
//! * `store` — the reads and the two compare-and-swap writes (create, update at a version);
//! * `run` — the loop that looks and writes what the elector asks, and [`run::Lease`], the
//!   writers' and the HTTP side's handle on it;
//! * `release` — giving the lease up at a stop, over a renewal the stop cut off but the Engine
//!   still landed.
//!
//! The lease decides who may write; the fence (`crate::swarm::fence`, which [`run::Lease`]
//! implements) holds every write to it.

pub mod elector;
pub mod record;
pub mod release;
pub mod run;
pub mod store;

/// This process's identity in the lease: `<host>/<pid>/<start time>`, so that a restarted
/// controller (same host, maybe the same pid in a new container) is a new holder.
pub fn holder_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_default();
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{host}/{}/{started:x}", std::process::id())
}
