//! `bosun-bench-controller`: the controller benchmark behind `make bench-controller`.
//!
//! On the lab (brought up if needed, `bosun-lab down` at the end unless `--keep-lab`) it
//! declares `--targets` targets (services of the fake Nextcloud; the first `--running` have
//! one replica and so real proxies, the rest none) and runs the controller (a release build,
//! `$BOSUN_CONTROLLER_BIN`) as a process in lab1, twice: with a tenth of the targets and with
//! all of them, each time from nothing. For each run it reports the time to converge, and over
//! a window of `--window` full resyncs with nothing to change: each resync's duration, the
//! Engine API calls per resync (total and by operation), CPU % and RSS. The large run also
//! times `--recreate` proxy removals until the controller creates them again (Engine event
//! timestamps). The report is printed as JSON and written to `--out`; the targets are
//! in it as met or missed, and the run does not fail on them.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bosun_bench::controller::fleet::Fleet;
use bosun_bench::controller::phase::{self, PhaseOptions, PhaseReport};
use bosun_bench::controller::report::{self, Growth};
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::group::{self, Group};
use clap::Parser;
use serde_json::json;

/// Benchmarks the controller with many targets on the lab.
#[derive(Debug, Parser)]
struct Args {
    /// Targets in the large run.
    #[arg(long, default_value_t = 1000)]
    targets: usize,
    /// Targets in the small run (default: a tenth); 0 skips it.
    #[arg(long)]
    small: Option<usize>,
    /// Targets with one replica (they get proxies), spread over the nodes.
    #[arg(long, default_value_t = 10)]
    running: usize,
    /// Full resyncs in each steady window.
    #[arg(long, default_value_t = 6)]
    window: u64,
    /// The resync interval, in seconds.
    #[arg(long, default_value_t = 5)]
    resync_secs: u64,
    /// Proxy removals to time in the large run.
    #[arg(long, default_value_t = 5)]
    recreate: usize,
    /// Seconds a run may take to converge (default: 120 + one per target).
    #[arg(long)]
    converge_timeout_secs: Option<u64>,
    /// Lab nodes.
    #[arg(long, default_value_t = 3)]
    nodes: usize,
    /// Leave the lab up (the benchmark's services are removed instead).
    #[arg(long)]
    keep_lab: bool,
    /// Where the JSON report goes (the controller logs go next to it).
    #[arg(long, default_value = "target/bench/controller.json")]
    out: PathBuf,
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.targets == 0 || args.window == 0 || args.resync_secs == 0 {
        bail!("--targets, --window and --resync-secs must be at least 1");
    }
    bosun_bench::block_on(run(args))
}

async fn run(args: Args) -> Result<()> {
    let lab = group::controller();
    let bin = bosun_bench::release_controller("bench-controller")?;
    eprintln!("bench: bringing the lab up ({} nodes)", args.nodes);
    lab.run(&["up", &args.nodes.to_string()])?;
    let images = [NEXTCLOUD.image, bosun_e2e::proxy::IMAGE];
    bosun_bench::images::check(&lab, &images).await?;
    let fleet = Fleet {
        docker: lab.manager().await?,
        nodes: lab.nodes()?,
        running: args.running.min(args.targets),
    };
    let left = fleet.remove_all().await?;
    if left > 0 {
        eprintln!("bench: removed {left} services an earlier run left");
    }

    let result = phases(&lab, &fleet, &args).await;

    if args.keep_lab {
        eprintln!("bench: removing the target services (--keep-lab)");
        if let Err(e) = fleet.remove_all().await {
            eprintln!("bench: clean-up: {e:#}");
        }
    } else {
        eprintln!("bench: bosun-lab down");
        if let Err(e) = lab.run(&["down"]) {
            eprintln!("bench: clean-up: {e:#}");
        }
    }
    let runs = result?;

    let large = runs.last().context("no run was made")?;
    let growth = match runs.as_slice() {
        [small, large] => Growth::between(small, large),
        _ => None,
    };
    let targets = report::targets(large, growth.as_ref());
    let report = json!({
        "controller": bin.display().to_string(),
        "lab_nodes": fleet.nodes.len(),
        "resync_interval_s": args.resync_secs,
        "window_resyncs": args.window,
        "runs": runs,
        "api_calls_growth": growth,
        "proxy_recreate_median_ms": large.proxy_recreate.as_ref().and_then(|r| r.median_ms),
        "targets": targets,
    });
    let text = serde_json::to_string_pretty(&report)? + "\n";
    println!("{text}");
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&args.out, text).with_context(|| format!("writing {}", args.out.display()))?;
    for run in &runs {
        let s = &run.steady;
        eprintln!(
            "{:>5} targets: converged {:.1} s; no-op resync mean {:.1} ms max {} ms; \
             {:.1} API calls/resync; CPU {:.2} %; RSS {:.1} MB (peak {:.1} MB)",
            run.targets,
            run.converge.converged_s,
            s.resync_mean_ms,
            run.resync_max_ms
                .map_or_else(|| "?".to_owned(), |m| m.to_string()),
            s.api_calls_per_resync,
            s.cpu_percent,
            s.rss_mb,
            s.peak_rss_mb
        );
    }
    if let Some(r) = &large.proxy_recreate {
        eprintln!(
            "proxy removal -> create: median {} ms over {} ({} failed)",
            r.median_ms
                .map_or_else(|| "?".to_owned(), |m| format!("{m:.0}")),
            r.samples.len(),
            r.failures.len()
        );
    }
    for t in &targets {
        eprintln!(
            "  {} {}: {}",
            if t.met { "met   " } else { "MISSED" },
            t.target,
            t.figure
        );
    }
    eprintln!("results: {}", args.out.display());
    Ok(())
}

/// The small run (unless skipped) then the large one, each from nothing.
async fn phases(lab: &Group, fleet: &Fleet, args: &Args) -> Result<Vec<PhaseReport>> {
    let small = args.small.unwrap_or(args.targets / 10);
    let mut sizes = Vec::new();
    if small > 0 && small < args.targets {
        sizes.push(small.max(fleet.running));
    }
    sizes.push(args.targets);
    sizes.dedup();
    let dir = args
        .out
        .parent()
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let mut runs = Vec::new();
    for (i, n) in sizes.iter().enumerate() {
        let last = i + 1 == sizes.len();
        let opts = PhaseOptions {
            targets: *n,
            resync: format!("{}s", args.resync_secs),
            resync_every: Duration::from_secs(args.resync_secs),
            window_resyncs: args.window,
            recreate: if last { args.recreate } else { 0 },
            converge_timeout: Duration::from_secs(
                args.converge_timeout_secs
                    .unwrap_or(120 + u64::try_from(*n).unwrap_or(u64::MAX)),
            ),
            log_copy: dir.join(format!("controller-{n}.log")),
        };
        runs.push(phase::run(lab, fleet, &opts).await?);
    }
    Ok(runs)
}
