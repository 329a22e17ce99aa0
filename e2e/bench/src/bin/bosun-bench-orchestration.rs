//! `bosun-bench-orchestration`: the orchestration API benchmark behind
//! `make bench-orchestration`.
//!
//! On the lab (brought up unless it already is, `bosun-lab down` at the end unless
//! `--keep-lab`) it runs the controller (a release build, `$BOSUN_CONTROLLER_BIN`) as the e2e
//! suite does, with the orchestration API on and the `mongodb` template on the fake MongoDB.
//! It measures, each against a floor on the Engine in the same run
//! (`bosun_bench::orchestration` says how, and why that is fair):
//!
//! * `--spawns` spawns, request → the clone's task running and healthy, against
//!   `POST /services/create` of the clone's own spec → its task running;
//! * with `--clones` clones declared (`--running` running, the rest at 0 replicas),
//!   `--calls` × `GET /orchestrate/mongodb/clones` against the Engine's labelled service list,
//!   and `--calls` × `GET /orchestrate/services/{id}/status` against `GET /services/{id}`.
//!
//! It prints the JSON report (also written to `--out`; the controller's log goes next to it)
//! and a table: each side's p50 / p99 and the ratios API / floor. It removes everything it
//! made, and asserts nothing on time.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, bail};
use bollard::models::NodeState;
use bosun_bench::orchestration::report::Report;
use bosun_bench::orchestration::run::{self, Plan};
use bosun_e2e::{Lab, group};
use clap::Parser;

/// Times the orchestration API's spawns, list and status against the Engine.
#[derive(Debug, Parser)]
struct Args {
    /// Clones declared for list and status (at most 10000, the template's highest cap).
    #[arg(long, default_value_t = 500)]
    clones: usize,
    /// Clones that run (made through the API); the rest are at 0 replicas.
    #[arg(long, default_value_t = 20)]
    running: usize,
    /// Timed spawns (the first of the running clones), each with its floor.
    #[arg(long, default_value_t = 10)]
    spawns: usize,
    /// Timed calls of list, and of status, each with its floor.
    #[arg(long, default_value_t = 200)]
    calls: usize,
    /// Seconds a spawn may take to run.
    #[arg(long, default_value_t = 120)]
    timeout_secs: u64,
    /// Lab nodes.
    #[arg(long, default_value_t = 3)]
    nodes: usize,
    /// Leave the lab up (the benchmark's services are removed instead).
    #[arg(long)]
    keep_lab: bool,
    /// Accept a debug build of the controller (to check that the benchmark works).
    #[arg(long)]
    debug_controller: bool,
    /// Where the JSON report goes (the controller's log goes next to it).
    #[arg(long, default_value = "target/bench/orchestration.json")]
    out: PathBuf,
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.spawns == 0 || args.calls == 0 || args.nodes == 0 {
        bail!("--spawns, --calls and --nodes must be at least 1");
    }
    if !(args.spawns <= args.running && args.running <= args.clones && args.clones <= 10_000) {
        bail!("the sizes must hold 1 <= --spawns <= --running <= --clones <= 10000");
    }
    bosun_bench::block_on(run(args))
}

async fn run(args: Args) -> Result<()> {
    let lab = group::controller();
    let bin = bosun_bench::controller_build("bench-orchestration", args.debug_controller)?;
    lab_up(&lab, args.nodes).await?;
    bosun_bench::images::check(&lab, &[bosun_e2e::orchestration::IMAGE]).await?;

    let plan = Plan {
        clones: args.clones,
        running: args.running,
        spawns: args.spawns,
        calls: args.calls,
        timeout: Duration::from_secs(args.timeout_secs),
    };
    let log = bosun_bench::sibling(&args.out, "orchestration-controller.log");
    let result = run::run(&lab, &plan, &log).await;

    bosun_bench::leave_lab(&lab, args.keep_lab);
    let debug = args.debug_controller && bin.components().any(|c| c.as_os_str() == "debug");
    let report = Report::new(&result?, &plan, &bin.display().to_string(), debug);
    bosun_bench::write_report(&args.out, &report, &report.table())
}

/// Brings the lab up with `nodes` nodes, unless it is up with that many ready already: a lab
/// that an e2e run shares is left as it is.
async fn lab_up(lab: &Lab, nodes: usize) -> Result<()> {
    let mut ready = 0;
    for node in lab.nodes().unwrap_or_default() {
        if matches!(lab.node_state("lab1", &node).await, Ok(NodeState::READY)) {
            ready += 1;
        }
    }
    if ready >= nodes {
        eprintln!("bench: the lab is up ({ready} nodes ready)");
        return Ok(());
    }
    eprintln!("bench: bringing the lab up ({nodes} nodes)");
    lab.run(&["up", &nodes.to_string()])?;
    Ok(())
}
