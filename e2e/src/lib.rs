//! bosun's end-to-end harness. Tests run against the project's own lab (`e2e/lab/bosun-lab`),
//! a real multi-node Docker Swarm on this machine, never against a mock of Docker.
//!
//! # The suite
//!
//! Every end-to-end test is in one test binary, `e2e/tests/e2e/main.rs` (`cargo test -p
//! bosun-e2e --test e2e`), one module per area: `client::*` (the `bosun` CLI and the client
//! library against a proxy), `controller::*` (the controller process and the stack),
//! `proxy::*` (the SSH proxy through the stock OpenSSH client), `engine_exec` (Engine API exec
//! into the fakes) and `lab_lifecycle` (the lab script, on a second lab of its own). A new test
//! goes into the module of its area (a new file is a new submodule there); what more than one
//! test needs goes into this library, not into the suite.
//!
//! # Groups: which tests run side by side
//!
//! The suite runs its tests side by side on the one lab (`make e2e` passes a high
//! `--test-threads`). The first line of every test takes its [`group`], and holds it until
//! the test's fixtures are gone:
//!
//! * `let lab = group::shared();` — the test touches only what it made (services and
//!   secrets named by [`unique_name`], a proxy on its own host ports, files in its own
//!   directory). It runs beside every other shared test and beside the controller tests, at
//!   most `BOSUN_E2E_JOBS` (default 6) shared tests at once. Nothing the harness makes for it
//!   carries `bosun.managed-by=bosun`, so no controller touches it.
//! * `let lab = group::controller();` — the test runs a controller: [`scenario::controller`]
//!   / [`controller::ControllerFixture`] (which refuse to start without this group), or the
//!   stack's controller service. Every fixture's controller is an instance of its own
//!   (`instance: t<pid>-<n>`) on a port of its own: it touches only its own instance's objects,
//!   so controller tests run side by side with the others, within the same jobs limit.
//! * `let lab = group::exclusive();` — the test disrupts the lab for everybody: it drains a
//!   node, kills a node's dockerd ([`disrupt`], which refuses without this group), partitions
//!   the network, brings the main lab down or up. It runs alone, after the others. It may
//!   run a controller.
//!
//! When unsure, a test is exclusive: it costs time, never a flaky neighbour.
//!
//! # Modules
//!
//! * [`group`]: the three groups above;
//! * [`lab`]: a handle on a lab (its script, directory, nodes and per-node Engine clients);
//! * [`service`]: services created for one test and removed when the test ends, also on panic;
//! * [`fakes`]: the fake Nextcloud and PhotoPrism targets, their knobs and the argv log they
//!   keep;
//! * [`footprint`]: what a lab leaves on the machine, read from the kernel;
//! * [`proxy`]: an exec proxy deployed for one test, with fresh keys, secrets and a host port;
//! * [`cli`]: the `bosun` CLI and client apps run inside a lab node, with a client environment;
//! * [`controller`]: `bosun-controller run` as a process in a lab node (lab1 unless told) for
//!   one test: its config file, HTTP endpoints, metrics, signals and log; a second replica of
//!   the same instance on another node;
//! * [`controller_log`]: the controller's JSON log read: its Engine writes (sent and refused)
//!   and its lease events, with their timestamps;
//! * [`leader`]: who leads among the replicas of an instance (`/readyz`, metrics), and the
//!   replicas' records compared;
//! * [`fencing`]: that nobody wrote without the lease: no write by an old leader after a new
//!   one took it, no write under an epoch already taken over;
//! * [`managed`]: what the controller made on Swarm (labelled objects, proxies, task nodes);
//! * [`client_service`]: a client app as a Swarm service that follows the discovery record and
//!   runs a command every few hundred ms, and the lines it prints;
//! * [`orchestration`]: a controller with the orchestration API on, its template, tokens and
//!   options, and a client of the API;
//! * [`clones`]: what the swarm holds of an instance's clones (services, labels, ports,
//!   volumes on every node, pending requests), read with the docker CLI;
//! * [`scenario`]: the building blocks of the controller tests (targets, the controller, the
//!   client app, the checks on what the controller made);
//! * [`disrupt`]: a drained node, a killed dockerd, a partitioned node, for exclusive tests;
//! * [`wait`]: polling with a deadline and a message that says what was awaited.
//!
//! The benchmarks (`make bench`, `make bench-controller`, `make bench-failover`,
//! `make bench-rotation`) are the crate `bosun-bench` (`e2e/bench/`), built on these fixtures.

pub mod cli;
pub mod client_service;
pub mod clones;
pub mod controller;
pub mod controller_log;
pub mod disrupt;
pub mod fakes;
pub mod fencing;
pub mod footprint;
pub mod group;
pub mod lab;
pub mod leader;
pub mod managed;
pub mod orchestration;
pub mod proxy;
pub mod rotation;
pub mod scenario;
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
