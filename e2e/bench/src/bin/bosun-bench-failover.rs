//! `bosun-bench-failover`: the failover benchmark behind `make bench-failover`.
//!
//! On the lab (brought up if needed with lab1 and lab2 managers, `bosun-lab down` at the end
//! unless `--keep-lab`) it runs the fake Nextcloud on lab3 and two replicas of one controller
//! instance (a release build, `$BOSUN_CONTROLLER_BIN`) on lab1 and lab2, with the default
//! lease (15 s) unless `--lease` says otherwise. Then, `--kills` times, it SIGKILLs whichever
//! replica leads, removes the target's proxy at the same moment, and starts the killed replica
//! again as the new follower (`bosun_bench::failover::round`). It reports, with min / median /
//! max over the rounds: the write gap (the old leader's last `engine write` → the new leader's
//! first), the takeover (the kill → `took the lease: leading`) and the repair (the kill → the
//! removed proxy running again). The report is printed as JSON and written to `--out`; the
//! replicas' logs go next to it. It asserts nothing on time.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bosun_bench::failover::round::{self, RoundReport, Setting};
use bosun_bench::failover::summary::Summary;
use bosun_e2e::controller::{ConfigBuilder, ControllerFixture};
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::group::{self, Group};
use bosun_e2e::scenario::nextcloud_on;
use bosun_e2e::{managed, unique_name};
use clap::Parser;
use serde_json::json;

/// Kills the leading controller replica again and again and times the handover.
#[derive(Debug, Parser)]
struct Args {
    /// SIGKILLs of the leader.
    #[arg(long, default_value_t = 5)]
    kills: usize,
    /// `intervals.lease` (a duration, `6s`); the controller's default (15 s) when absent.
    #[arg(long)]
    lease: Option<String>,
    /// Lab nodes.
    #[arg(long, default_value_t = 3)]
    nodes: usize,
    /// Lab managers (at least 2: the replicas run on lab1 and lab2).
    #[arg(long, default_value_t = 3)]
    managers: usize,
    /// Seconds a takeover, a repair or a restart may take.
    #[arg(long, default_value_t = 120)]
    timeout_secs: u64,
    /// Leave the lab up (the benchmark's services are removed instead).
    #[arg(long)]
    keep_lab: bool,
    /// Where the JSON report goes (the replicas' logs go next to it).
    #[arg(long, default_value = "target/bench/failover.json")]
    out: PathBuf,
}

/// The node of the target and its proxy: never disrupted.
const TARGET_NODE: &str = "lab3";

fn main() -> Result<()> {
    let args = Args::parse();
    if args.kills == 0 || args.managers < 2 || args.nodes < 3 || args.managers > args.nodes {
        bail!("--kills must be at least 1, --nodes at least 3, --managers 2..=nodes");
    }
    bosun_bench::block_on(run(args))
}

async fn run(args: Args) -> Result<()> {
    let lab = group::controller();
    let bin = bosun_bench::release_controller("bench-failover")?;
    let (nodes, managers) = (args.nodes.to_string(), args.managers.to_string());
    eprintln!("bench: bringing the lab up ({nodes} nodes, {managers} managers)");
    lab.run(&["up", &nodes, "--managers", &managers])?;
    bosun_bench::images::check(&lab, &[NEXTCLOUD.image, bosun_e2e::proxy::IMAGE]).await?;

    let result = rounds(&lab, &args).await;

    bosun_bench::leave_lab(&lab, args.keep_lab);
    report(&args, &bin, &result?)
}

/// The target, the two replicas, then the kills; the services are removed on the way out.
async fn rounds(lab: &Group, args: &Args) -> Result<Vec<RoundReport>> {
    let timeout = Duration::from_secs(args.timeout_secs);
    let target = unique_name("nc");
    let _nc = nextcloud_on(lab, &target, TARGET_NODE).await?;
    let mut config = ConfigBuilder::new().nextcloud(&target, &target, &[]);
    if let Some(lease) = &args.lease {
        config = config.lease(lease);
    }
    let mut first = ControllerFixture::start_on(lab, &config.yaml(), "lab1").await?;
    let leading = first.wait_leading(timeout).await?;
    let mut second = first.start_replica(lab, "lab2").await?;
    second.wait_following(&leading, timeout).await?;
    managed::wait_proxies_on(lab, &target, &[TARGET_NODE], timeout).await?;
    let set = Setting {
        target,
        proxy_node: TARGET_NODE.into(),
        timeout,
    };

    let mut reports = Vec::new();
    for i in 1..=args.kills {
        let first_leads = first.readyz()?.1.leading;
        let r = if first_leads {
            round::run(lab, &set, i, &mut first, &second).await
        } else {
            round::run(lab, &set, i, &mut second, &first).await
        };
        let r = r.with_context(|| format!("round {i}"))?;
        eprintln!(
            "bench: round {i}: killed {} (epoch {}), {} leads (epoch {}): write gap {} ms, \
             takeover {} ms, repair {:.0} ms",
            r.killed,
            r.old_epoch,
            r.new_leader,
            r.new_epoch,
            r.write_gap_ms
                .map_or_else(|| "?".into(), |v| format!("{v:.0}")),
            r.takeover_ms
                .map_or_else(|| "?".into(), |v| format!("{v:.0}")),
            r.repair_ms
        );
        reports.push(r);
    }
    copy_log(&first, &args.out, "lab1")?;
    copy_log(&second, &args.out, "lab2")?;
    Ok(reports)
}

/// Copies a replica's log next to the report (`failover-lab1.log`).
fn copy_log(ctl: &ControllerFixture, out: &Path, node: &str) -> Result<()> {
    let dir = out.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let to = dir.join(format!("failover-{node}.log"));
    std::fs::copy(&ctl.log_path, &to)
        .with_context(|| format!("copying {} to {}", ctl.log_path.display(), to.display()))?;
    Ok(())
}

/// Prints the report (JSON, then one line per figure) and writes it to `--out`.
fn report(args: &Args, bin: &Path, rounds: &[RoundReport]) -> Result<()> {
    let gap = Summary::of(
        &rounds
            .iter()
            .filter_map(|r| r.write_gap_ms)
            .collect::<Vec<_>>(),
    );
    let takeover = Summary::of(
        &rounds
            .iter()
            .filter_map(|r| r.takeover_ms)
            .collect::<Vec<_>>(),
    );
    let repair = Summary::of(&rounds.iter().map(|r| r.repair_ms).collect::<Vec<_>>());
    let report = json!({
        "controller": bin.display().to_string(),
        "lease": args.lease.clone().unwrap_or_else(|| "15s (the default)".into()),
        "kills": rounds.len(),
        "write_gap_ms": gap,
        "takeover_ms": takeover,
        "repair_ms": repair,
        "rounds": rounds,
    });
    let text = serde_json::to_string_pretty(&report)? + "\n";
    println!("{text}");
    println!(
        "write gap (old leader's last write → new leader's first): {}",
        gap.line()
    );
    println!(
        "takeover (kill → took the lease):                        {}",
        takeover.line()
    );
    println!(
        "repair (kill → removed proxy running again):             {}",
        repair.line()
    );
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&args.out, text).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("results: {}", args.out.display());
    Ok(())
}
