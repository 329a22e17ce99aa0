//! bosun's benchmarks on the lab, apart from the end-to-end tests: they report figures and
//! assert nothing on time. The fixtures they stand on (lab, services, proxy, controller) are
//! the e2e harness's (`bosun_e2e`).
//!
//! * [`exec`]: latency percentiles, throughput and the comparison table of `make bench`
//!   (bin `bosun-bench`);
//! * [`controller`]: the controller at scale on the lab, behind `make bench-controller`
//!   (bin `bosun-bench-controller`);
//! * [`failover`]: two replicas, the leader killed again and again, behind
//!   `make bench-failover` (bin `bosun-bench-failover`);
//! * [`images`]: the check that the images a benchmark deploys are on every node.

pub mod controller;
pub mod exec;
pub mod failover;
pub mod images;
