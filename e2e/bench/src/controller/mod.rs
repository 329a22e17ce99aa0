//! The controller benchmark behind `make bench-controller` (`bosun-bench-controller`): the
//! controller with many targets on the lab, measured from its `/metrics`, its process in
//! `/proc`, its log and the Engine's event stream.
//!
//! * [`fleet`]: the target services (mostly without replicas) and the config declaring them;
//! * [`phase`]: one run at one size: converge, a steady window, proxy re-creations;
//! * [`sample`]: one look at the controller and the figures of a window between two looks;
//! * [`procfs`]: CPU time and resident memory from `/proc`;
//! * [`log`]: per-resync durations, writes, warnings and errors from the controller's log;
//! * [`recreate`]: the time from a proxy's removal to its re-creation, from Engine events;
//! * [`report`]: the growth of API calls with targets, and the targets met or missed.

pub mod fleet;
pub mod log;
pub mod phase;
pub mod procfs;
pub mod recreate;
pub mod report;
pub mod sample;
