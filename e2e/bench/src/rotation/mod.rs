//! The rotation benchmark behind `make bench-rotation` (`bosun-bench-rotation`): what key
//! rotations (docs/keys.md) cost the commands of apps that never stop running them.
//!
//! Two client apps on lab1 run four loops each, without pause, through one target with a
//! proxy on lab2 and on lab3 (the setup and why: [`run`]). First a steady phase with no
//! rotation gives the run's latency floor; then client-key and host-key rotations alternate,
//! back to back, each requested with `bosun-controller rotate` and awaited until it is `done`
//! and its old secrets are gone. Every command must succeed; the report gives the latency
//! during the rotations against the steady phase's, and each rotation's duration.
//!
//! * [`run`]: the setup on the lab, the steady phase and the rotations;
//! * [`rotate`]: one rotation, requested and awaited, and what a stuck one looked like;
//! * [`tasks`]: every task's output of the apps, kept across the task replacements of
//!   client-key rotations;
//! * [`latency`]: what a command's latency is (the gap between a loop's consecutive end
//!   times), windows and percentiles;
//! * [`report`]: the figures, the JSON and the table, and the problems that fail the run.

pub mod latency;
pub mod report;
pub mod rotate;
pub mod run;
pub mod tasks;
