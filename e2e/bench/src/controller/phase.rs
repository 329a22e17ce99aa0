//! One measured run of the controller with a given number of targets: create the targets'
//! services, start the controller, wait until it converged, measure a window of full resyncs
//! with nothing to change, optionally time proxy re-creations, then stop it (the controller
//! fixture removes everything it made, so the next run starts from nothing).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::fleet::{self, Fleet};
use super::log::{ControllerLog, LogSummary};
use super::recreate::{self, Recreated};
use super::sample::{
    API_CALLS, QUEUE_DEPTH, Sample, Steady, TARGET_PROBLEMS, TARGETS, kb_to_mb, label_values,
    steady,
};
use bosun_e2e::controller::ControllerFixture;
use bosun_e2e::group::Group;
use bosun_e2e::{Lab, managed, wait};

/// What to run.
#[derive(Debug, Clone)]
pub struct PhaseOptions {
    pub targets: usize,
    /// The resync interval written in the config (`5s`) and the same as a duration.
    pub resync: String,
    pub resync_every: Duration,
    /// Full resyncs in the steady window.
    pub window_resyncs: u64,
    /// Proxy removals to time (0: none).
    pub recreate: usize,
    pub converge_timeout: Duration,
    /// Where the controller's log is copied when the run ends.
    pub log_copy: PathBuf,
}

/// What one run measured.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseReport {
    pub targets: usize,
    pub running_targets: usize,
    /// Target services created for this run, and how long that took.
    pub services_created: usize,
    pub services_create_s: f64,
    pub converge: Converge,
    pub steady: Steady,
    /// Each steady resync's duration from the controller's log, and the largest.
    pub resync_ms_samples: Vec<u64>,
    pub resync_max_ms: Option<u64>,
    pub proxy_recreate: Option<RecreateReport>,
    pub log: LogSummary,
    pub log_file: String,
}

/// From the controller's start to the state the config asks for.
#[derive(Debug, Clone, Serialize)]
pub struct Converge {
    /// The last Engine API write (as seen by polling the write counters).
    pub last_write_s: f64,
    /// The first look at the gauges (set by each resync) that showed every object in place
    /// and nothing queued; confirmed by the next resync.
    pub converged_s: f64,
    pub writes: u64,
    pub reconciles: u64,
    pub resyncs: u64,
    /// Engine API calls from the start to convergence, by operation.
    pub api_calls_by_op: BTreeMap<String, u64>,
    pub peak_rss_mb: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecreateReport {
    pub samples: Vec<Recreated>,
    pub median_ms: Option<f64>,
    pub failures: Vec<String>,
}

/// Runs one phase: `fleet.running` of the targets have a replica.
/// `lab` is the bench's [`bosun_e2e::group::controller`]: it runs a controller.
pub async fn run(lab: &Group, fleet: &Fleet, opts: &PhaseOptions) -> Result<PhaseReport> {
    let n = opts.targets;
    eprintln!("bench: {n} targets: creating the missing target services");
    let t = Instant::now();
    let services_created = fleet.ensure(n).await?;
    let services_create_s = t.elapsed().as_secs_f64();
    fleet.wait_running(Duration::from_secs(120)).await?;
    // what a previous run's controller made goes first, so that the start is timed alone
    bosun_e2e::controller::sweep_managed(lab);

    eprintln!("bench: {n} targets: starting the controller");
    let started = Instant::now();
    let ctl = ControllerFixture::start(lab, &fleet::config_yaml(n, &opts.resync)).await?;
    let result = measure(lab, fleet, opts, &ctl, started).await;
    if let Some(dir) = opts.log_copy.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::copy(&ctl.log_path, &opts.log_copy).with_context(|| {
        format!(
            "copying {} to {}",
            ctl.log_path.display(),
            opts.log_copy.display()
        )
    })?;
    let log = ControllerLog::parse(&ctl.logs());
    eprintln!("bench: {n} targets: stopping the controller, removing what it made");
    drop(ctl);
    let (converge, steady, resync_ms_samples, proxy_recreate) = result?;
    Ok(PhaseReport {
        targets: n,
        running_targets: fleet.running.min(n),
        services_created,
        services_create_s,
        converge,
        resync_max_ms: resync_ms_samples.iter().copied().max(),
        steady,
        resync_ms_samples,
        proxy_recreate,
        log: log.summary(),
        log_file: opts.log_copy.display().to_string(),
    })
}

type Measured = (Converge, Steady, Vec<u64>, Option<RecreateReport>);

async fn measure(
    lab: &Lab,
    fleet: &Fleet,
    opts: &PhaseOptions,
    ctl: &ControllerFixture,
    started: Instant,
) -> Result<Measured> {
    let converge = converge(fleet, opts, ctl, started).await?;
    eprintln!(
        "bench: {} targets: converged in {:.1} s (last write at {:.1} s, {} writes); measuring {} resyncs",
        opts.targets,
        converge.converged_s,
        converge.last_write_s,
        converge.writes,
        opts.window_resyncs
    );
    let (steady, resync_ms) = steady_window(opts, ctl).await?;
    let proxy_recreate = if opts.recreate > 0 {
        Some(time_recreations(lab, fleet, opts, ctl).await?)
    } else {
        None
    };
    Ok((converge, steady, resync_ms, proxy_recreate))
}

/// Whether the gauges show every target's objects in place and nothing queued.
fn in_place(s: &Sample, targets: usize, running: usize) -> bool {
    let (n, k) = (targets as u64, running as u64);
    s.value(TARGETS, &[]) as u64 == n
        && s.managed("client-key") == n
        && s.managed("authorized-keys") == n
        && s.managed("proxy") == k
        && s.managed("host-key") == k
        && s.value(QUEUE_DEPTH, &[]) == 0.0
}

async fn converge(
    fleet: &Fleet,
    opts: &PhaseOptions,
    ctl: &ControllerFixture,
    started: Instant,
) -> Result<Converge> {
    let running = fleet.running.min(opts.targets);
    let mut writes = 0;
    let mut last_write = started;
    // (when first seen in place, the resync count then)
    let mut in_place_since: Option<(Instant, u64)> = None;
    loop {
        let s = Sample::take(ctl)?;
        if s.writes() != writes {
            writes = s.writes();
            last_write = s.at;
        }
        if in_place(&s, opts.targets, running) {
            match in_place_since {
                Some((at, resyncs)) if s.resyncs() > resyncs && s.writes() == writes => {
                    return Ok(Converge {
                        last_write_s: last_write.duration_since(started).as_secs_f64(),
                        converged_s: at.duration_since(started).as_secs_f64(),
                        writes,
                        reconciles: s.value(super::sample::RECONCILES, &[]) as u64,
                        resyncs: s.resyncs(),
                        api_calls_by_op: label_values(&s.metrics, API_CALLS, "op")
                            .into_iter()
                            .map(|op| {
                                let calls = s.value(API_CALLS, &[("op", &op)]) as u64;
                                (op, calls)
                            })
                            .collect(),
                        peak_rss_mb: kb_to_mb(s.memory.peak_kb),
                    });
                }
                Some(_) => {}
                None => in_place_since = Some((s.at, s.resyncs())),
            }
        } else {
            in_place_since = None;
        }
        if started.elapsed() > opts.converge_timeout {
            bail!(
                "the controller did not converge within {:?}: targets {}, client keys {}, \
                 authorized keys {}, proxies {} (want {running}), host keys {}, queue {}, \
                 problems {}, writes {writes}; log tail:\n{}",
                opts.converge_timeout,
                s.value(TARGETS, &[]),
                s.managed("client-key"),
                s.managed("authorized-keys"),
                s.managed("proxy"),
                s.managed("host-key"),
                s.value(QUEUE_DEPTH, &[]),
                s.value(TARGET_PROBLEMS, &[]),
                ctl.log_tail(20)
            );
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Samples right after one resync and right after `window_resyncs` more.
async fn steady_window(opts: &PhaseOptions, ctl: &ControllerFixture) -> Result<(Steady, Vec<u64>)> {
    let first = Sample::take(ctl)?;
    let a = next_resync(ctl, first.resyncs() + 1, opts.resync_every * 3).await?;
    let m = opts.window_resyncs;
    // sleep through most of the window without touching the controller
    let quiet = opts.resync_every.mul_f64(m.saturating_sub(1) as f64 + 0.5);
    tokio::time::sleep(quiet).await;
    let b = next_resync(ctl, a.resyncs() + m, opts.resync_every * 3).await?;
    let figures = steady(&a, &b, super::procfs::clock_ticks_per_second());
    // the debug line of a resync is written just after its counter moves
    let what = "the controller's log to hold the window's resync lines";
    let want = usize::try_from(b.resyncs() - a.resyncs()).unwrap_or(usize::MAX);
    let resync_ms = wait::until(what, Duration::from_secs(5), || async {
        let log = ControllerLog::parse(&ctl.logs());
        let lines = log.resyncs_between(a.resyncs(), b.resyncs());
        Ok((lines.len() >= want).then(|| lines.iter().map(|r| r.ms).collect::<Vec<_>>()))
    })
    .await
    .unwrap_or_else(|e| {
        eprintln!("bench: no per-resync durations from the log: {e:#}");
        Vec::new()
    });
    Ok((figures, resync_ms))
}

/// Polls until the resync count reaches `count`; the sample taken then.
async fn next_resync(ctl: &ControllerFixture, count: u64, timeout: Duration) -> Result<Sample> {
    let what = format!("full resync number {count}");
    wait::until(&what, timeout, || async {
        let s = Sample::take(ctl)?;
        Ok((s.resyncs() >= count).then_some(s))
    })
    .await
}

/// Removes proxies one after the other (a different one each time, round robin) and times
/// their re-creation; waits for each new proxy to run before the next removal.
async fn time_recreations(
    lab: &Lab,
    fleet: &Fleet,
    opts: &PhaseOptions,
    ctl: &ControllerFixture,
) -> Result<RecreateReport> {
    let proxies: Vec<String> = managed::managed_services(lab)
        .await?
        .into_iter()
        .filter(|s| s.kind() == "proxy")
        .map(|s| s.name)
        .collect();
    if proxies.is_empty() {
        bail!("no proxy to remove: no target runs");
    }
    let mut samples = Vec::new();
    let mut failures = Vec::new();
    for i in 0..opts.recreate {
        let proxy = &proxies[i % proxies.len()];
        eprintln!("bench: removing {proxy} ({}/{})", i + 1, opts.recreate);
        match recreate::remove_and_time(&fleet.docker, proxy, Duration::from_secs(60)).await {
            Ok(r) => {
                eprintln!("bench:   created again after {:.0} ms", r.latency_ms);
                samples.push(r);
            }
            Err(e) => failures.push(format!("{e:#}")),
        }
        ctl.check_alive()?;
        let what = format!("the new {proxy} to run");
        wait::until(&what, Duration::from_secs(90), || async {
            Ok((!managed::running_tasks(lab, proxy).await?.is_empty()).then_some(()))
        })
        .await?;
        // let the follow-up reconcile of that target pass before the next removal
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    let latencies: Vec<f64> = samples.iter().map(|r| r.latency_ms).collect();
    Ok(RecreateReport {
        median_ms: median(&latencies),
        samples,
        failures,
    })
}

/// The median (mean of the middle two for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 0 {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::controller::procfs::Memory;

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[f64::NAN, 2.0]), Some(2.0));
    }

    #[test]
    fn in_place_needs_every_object_and_an_empty_queue() {
        let metrics = |proxies: u64, queue: u64| Sample {
            at: Instant::now(),
            metrics: format!(
                "bosun_targets 100\n\
                 bosun_queue_depth {queue}\n\
                 bosun_managed_objects{{kind=\"authorized-keys\"}} 100\n\
                 bosun_managed_objects{{kind=\"client-key\"}} 100\n\
                 bosun_managed_objects{{kind=\"host-key\"}} 10\n\
                 bosun_managed_objects{{kind=\"proxy\"}} {proxies}\n"
            ),
            cpu_ticks: 0,
            memory: Memory {
                rss_kb: 1,
                peak_kb: 1,
            },
        };
        assert!(in_place(&metrics(10, 0), 100, 10));
        assert!(!in_place(&metrics(9, 0), 100, 10));
        assert!(!in_place(&metrics(10, 1), 100, 10));
        assert!(!in_place(&metrics(10, 0), 1000, 10));
    }
}
