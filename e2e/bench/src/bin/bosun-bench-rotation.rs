//! `bosun-bench-rotation`: the key-rotation benchmark behind `make bench-rotation`.
//!
//! On the lab (brought up if needed, `bosun-lab down` at the end unless `--keep-lab`) it runs
//! the fake Nextcloud on lab2 and lab3, the controller (a release build,
//! `$BOSUN_CONTROLLER_BIN`) in lab1 with `rotation.announce` = `--announce`, and `--apps`
//! client apps on lab1 with `--loops` loops each (2 × 4 by default), running commands without
//! pause for the whole run (`bosun_bench::rotation`), at the proxy's default limit of
//! commands (`bosun_bench::rotation::run` says what that limit meets). After a steady phase of `--steady`, it
//! alternates `--rotations` client-key rotations (`bosun-controller rotate TARGET`) and as
//! many host-key rotations (`--host-keys`), each awaited until `done` with its old secrets
//! gone. It prints a table and the JSON report (also written to `--out`; the controller's log
//! goes next to it): commands run and failed, p50 / p99 / max latency in the steady phase and
//! during the rotations and their ratios, each rotation's kind and duration.
//!
//! Latency here is the gap between two consecutive end times of one loop (the loops do not
//! pause, so that is one command and the loop's sub-millisecond overhead); see
//! `bosun_bench::rotation::latency`. It exits non-zero when a command failed, an app's task
//! was killed with commands in flight, a task's output could not be read, or a rotation did
//! not finish, and says which and why.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, bail};
use bosun_bench::rotation::report::Report;
use bosun_bench::rotation::run::{self, Plan};
use bosun_e2e::group;
use clap::Parser;

/// Rotates client keys and host keys under load and reports what the commands saw.
#[derive(Debug, Parser)]
struct Args {
    /// Rotations of each kind (client keys, host keys), alternated.
    #[arg(long, default_value_t = 5)]
    rotations: usize,
    /// The steady phase before the first rotation (`30s`, `2m`).
    #[arg(long, default_value = "30s", value_parser = bosun::parse_duration)]
    steady: Duration,
    /// `rotation.announce` of the controller's config (1s to 1h).
    #[arg(long, default_value = "3s")]
    announce: String,
    /// Client apps (each a client service of the target, on lab1).
    #[arg(long, default_value_t = 2)]
    apps: usize,
    /// Loops per app.
    #[arg(long, default_value_t = 4)]
    loops: u64,
    /// The target's `limits.max_concurrent_execs`; by default the proxy's own (4): during a
    /// client key switch an app's task and its start-first successor run side by side, and
    /// the proxy makes the overflow wait for a place (`--queue-wait`) rather than refuse it.
    #[arg(long)]
    max_concurrent_execs: Option<u32>,
    /// Lab nodes (at least 3: the apps on lab1, the target on two others).
    #[arg(long, default_value_t = 3)]
    nodes: usize,
    /// Lab managers.
    #[arg(long, default_value_t = 3)]
    managers: usize,
    /// Leave the lab up (the benchmark's services are removed instead).
    #[arg(long)]
    keep_lab: bool,
    /// Where the JSON report goes (the controller's log goes next to it).
    #[arg(long, default_value = "target/bench/rotation.json")]
    out: PathBuf,
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.rotations == 0 || args.apps == 0 || args.loops == 0 {
        bail!("--rotations, --apps and --loops must be at least 1");
    }
    if args.nodes < 3 || args.managers == 0 || args.managers > args.nodes {
        bail!("--nodes must be at least 3, --managers 1..=nodes");
    }
    bosun_bench::block_on(run(args))
}

async fn run(args: Args) -> Result<()> {
    let lab = group::controller();
    let bin = bosun_bench::release_controller("bench-rotation")?;
    let (nodes, managers) = (args.nodes.to_string(), args.managers.to_string());
    eprintln!("bench: bringing the lab up ({nodes} nodes, {managers} managers)");
    lab.run(&["up", &nodes, "--managers", &managers])?;
    let images = [
        bosun_e2e::fakes::NEXTCLOUD.image,
        bosun_e2e::proxy::IMAGE,
        bosun_e2e::client_service::IMAGE,
    ];
    bosun_bench::images::check(&lab, &images).await?;

    let plan = Plan {
        apps: args.apps,
        loops: args.loops,
        steady: args.steady,
        rotations: args.rotations,
        announce: args.announce.clone(),
        app_node: "lab1".into(),
        max_concurrent_execs: args
            .max_concurrent_execs
            .unwrap_or(bosun_core::discovery::TargetLimits::DEFAULT_MAX_CONCURRENT_EXECS),
    };
    let log = bosun_bench::sibling(&args.out, "rotation-controller.log");
    let result = run::run(&lab, &plan, &log).await;

    bosun_bench::leave_lab(&lab, args.keep_lab);
    let report = Report::new(&result?, &plan, &bin.display().to_string());
    bosun_bench::write_report(&args.out, &report, &report.table())?;
    let problems = report.problems();
    if !problems.is_empty() {
        bail!("the rotation benchmark failed:\n{}", problems.join("\n"));
    }
    Ok(())
}
