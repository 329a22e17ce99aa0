//! bosun's end-to-end harness. Tests run against the project's own lab (`e2e/lab/bosun-lab`),
//! a real multi-node Docker Swarm on this machine, never against a mock of Docker.
//!
//! * [`bench`]: latency percentiles, throughput and the comparison table of `make bench`;
//! * [`bench_controller`]: the controller at scale on the lab, behind `make bench-controller`;
//! * [`lab`]: a handle on a lab (its script, directory, nodes and per-node Engine clients);
//! * [`service`]: services created for one test and removed when the test ends, also on panic;
//! * [`fakes`]: the fake Nextcloud and PhotoPrism targets and the argv log they keep;
//! * [`footprint`]: what a lab leaves on the machine, read from the kernel;
//! * [`proxy`]: an exec proxy deployed for one test, with fresh keys, secrets and a host port;
//! * [`controller`]: `bosun-controller run` as a process in lab1 for one test: its config file,
//!   HTTP endpoints, metrics, signals and log;
//! * [`managed`]: what the controller made on Swarm (labelled objects, proxies, task nodes);
//! * [`client_service`]: a client app as a Swarm service that follows the discovery record and
//!   runs a command every few hundred ms, and the lines it prints;
//! * [`wait`]: polling with a deadline and a message that says what was awaited.

pub mod bench;
pub mod bench_controller;
pub mod client_service;
pub mod controller;
pub mod fakes;
pub mod footprint;
pub mod lab;
pub mod managed;
pub mod proxy;
pub mod service;
pub mod wait;

pub use lab::Lab;
pub use service::ServiceFixture;

/// A name unique to this test run, for objects a test creates (`e2e-<what>-<pid>-<n>`).
pub fn unique_name(what: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("e2e-{what}-{}-{n}", std::process::id())
}
