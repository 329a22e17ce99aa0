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
//! * [`rotation`]: client-key and host-key rotations under eight loops of commands, behind
//!   `make bench-rotation` (bin `bosun-bench-rotation`);
//! * [`images`]: the check that the images a benchmark deploys are on every node;
//! * [`block_on`] and [`release_controller`]: what every benchmark's `main` starts with.

pub mod controller;
pub mod exec;
pub mod failover;
pub mod images;
pub mod rotation;

/// Runs a benchmark's `main` future on the runtime every benchmark uses (two workers, as the
/// lab machine has two cores).
pub fn block_on<T>(
    future: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(future)
}

/// The controller binary under benchmark: refused when it is a debug build (its figures would
/// say nothing). `make_target` names the make target that builds a release one.
pub fn release_controller(make_target: &str) -> anyhow::Result<std::path::PathBuf> {
    let bin = bosun_e2e::controller::controller_bin()?;
    if bin.components().any(|c| c.as_os_str() == "debug") {
        anyhow::bail!(
            "{} is a debug build: set BOSUN_CONTROLLER_BIN to a release build \
             (`make {make_target}` uses target/image-bin/bosun-controller)",
            bin.display()
        );
    }
    eprintln!("bench: controller {}", bin.display());
    Ok(bin)
}
