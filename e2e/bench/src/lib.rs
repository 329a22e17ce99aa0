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
//! * [`orchestration`]: the orchestration API's spawns, list and status against the Engine,
//!   behind `make bench-orchestration` (bin `bosun-bench-orchestration`);
//! * [`images`]: the check that the images a benchmark deploys are on every node;
//! * [`block_on`] and [`release_controller`] (or [`controller_build`]): what every
//!   benchmark's `main` starts with; [`leave_lab`], [`write_report`] and [`sibling`]: how
//!   most of them end.

pub mod controller;
pub mod exec;
pub mod failover;
pub mod images;
pub mod orchestration;
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
    controller_build(make_target, false)
}

/// [`release_controller`], or any build when `allow_debug` (to check that a benchmark works;
/// the figures of a debug build say little, and the report says which build it was).
pub fn controller_build(
    make_target: &str,
    allow_debug: bool,
) -> anyhow::Result<std::path::PathBuf> {
    let bin = bosun_e2e::controller::controller_bin()?;
    if !allow_debug && bin.components().any(|c| c.as_os_str() == "debug") {
        anyhow::bail!(
            "{} is a debug build: set BOSUN_CONTROLLER_BIN to a release build \
             (`make {make_target}` uses target/image-bin/bosun-controller)",
            bin.display()
        );
    }
    eprintln!("bench: controller {}", bin.display());
    Ok(bin)
}

/// The end of a benchmark on the lab: `bosun-lab down`, unless `keep_lab` (the benchmark
/// removed its own services already). A failure is printed: the report still comes.
pub fn leave_lab(lab: &bosun_e2e::Lab, keep_lab: bool) {
    if keep_lab {
        eprintln!("bench: the lab stays up (--keep-lab)");
        return;
    }
    eprintln!("bench: bosun-lab down");
    if let Err(e) = lab.run(&["down"]) {
        eprintln!("bench: clean-up: {e:#}");
    }
}

/// Prints `report` as JSON and then `table`, and writes the JSON to `out`.
pub fn write_report(
    out: &std::path::Path,
    report: &impl serde::Serialize,
    table: &str,
) -> anyhow::Result<()> {
    use anyhow::Context;
    let text = serde_json::to_string_pretty(report)? + "\n";
    println!("{text}");
    println!("{table}");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("results: {}", out.display());
    Ok(())
}

/// `name` in the directory of `out` (where a benchmark's logs go, next to its report).
pub fn sibling(out: &std::path::Path, name: &str) -> std::path::PathBuf {
    out.parent().unwrap_or(std::path::Path::new(".")).join(name)
}
