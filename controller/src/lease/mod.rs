//! One leader among the controller's replicas, fenced (issue 10; docs/controller.md, "Several
//! controllers, one leader").
//!
//! # Layout
//! * `record` — the lease as the labels of one Swarm config per instance, which Docker updates
//!   only by compare-and-swap on `Version.Index`;
//! * `elector` — the pure rules: when to take, renew, give up and stop writing, on this
//!   replica's monotonic clock;
//! * `store` — the reads and the two compare-and-swap writes (create, update at a version);
//! * `run` — the loop that looks, writes what the elector asks and gives the lease up at the
//!   end, and [`run::Lease`], the writers' and the HTTP side's handle on it.
//!
//! Not wired in yet (work in progress on this branch): the fence before every write, the
//! epoch label on every object, followers that serve the leader's record.

pub mod elector;
pub mod record;
pub mod run;
pub mod store;
