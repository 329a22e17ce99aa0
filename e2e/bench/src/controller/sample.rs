//! One look at a running controller (its `/metrics` and its process in `/proc`) and what
//! changed between two looks: resyncs, Engine API calls by operation, reconciles, CPU time.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use anyhow::{Result, bail};
use serde::Serialize;

use super::procfs::{self, Memory};
use bosun_e2e::controller::{ControllerFixture, metric_samples};

pub const RESYNCS: &str = "bosun_resync_total";
pub const RESYNC_SECONDS: &str = "bosun_resync_duration_seconds";
pub const API_CALLS: &str = "bosun_engine_api_calls_total";
pub const RECONCILES: &str = "bosun_reconcile_total";
pub const MANAGED: &str = "bosun_managed_objects";
pub const QUEUE_DEPTH: &str = "bosun_queue_depth";
pub const TARGETS: &str = "bosun_targets";
pub const TARGET_PROBLEMS: &str = "bosun_target_problems";

/// The Engine API operations that write (the rest only read).
pub const WRITE_OPS: [&str; 8] = [
    "network_create",
    "service_create",
    "service_update",
    "service_remove",
    "secret_create",
    "secret_remove",
    "config_create",
    "config_remove",
];

/// The controller's metrics and process figures at one instant.
#[derive(Debug, Clone)]
pub struct Sample {
    pub at: Instant,
    pub metrics: String,
    pub cpu_ticks: u64,
    pub memory: Memory,
}

impl Sample {
    /// Scrapes `/metrics` and reads the process's `/proc` entries.
    pub fn take(ctl: &ControllerFixture) -> Result<Sample> {
        ctl.check_alive()?;
        let pid = match ctl.pid() {
            Some(pid) => pid,
            None => bail!("the controller is not running"),
        };
        let (status, _, metrics) = ctl.get("/metrics")?;
        if status != 200 {
            bail!("/metrics answered {status}: {metrics}");
        }
        let (cpu_ticks, memory) = procfs::read(pid)?;
        Ok(Sample {
            at: Instant::now(),
            metrics,
            cpu_ticks,
            memory,
        })
    }

    /// The sum of the series of `name` that carry `labels` (0 when there is none: a labelled
    /// counter appears only once incremented).
    pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        metric_samples(&self.metrics, name, labels).iter().sum()
    }

    /// Successful full resyncs so far.
    pub fn resyncs(&self) -> u64 {
        self.value(RESYNCS, &[("result", "ok")]) as u64
    }

    /// Engine API calls that wrote something, so far.
    pub fn writes(&self) -> u64 {
        WRITE_OPS
            .iter()
            .map(|op| self.value(API_CALLS, &[("op", op)]))
            .sum::<f64>() as u64
    }

    pub fn managed(&self, kind: &str) -> u64 {
        self.value(MANAGED, &[("kind", kind)]) as u64
    }
}

/// The values `label` takes in the series of `name` (`op` of the API call counter).
pub fn label_values(text: &str, name: &str, label: &str) -> BTreeSet<String> {
    let needle = format!("{label}=\"");
    text.lines()
        .filter_map(|line| line.strip_prefix(name)?.strip_prefix('{'))
        .filter_map(|labels| {
            let start = labels.find(&needle)? + needle.len();
            let value = &labels[start..];
            Some(value[..value.find('"')?].to_owned())
        })
        .collect()
}

/// What a controller did between two samples with nothing to change.
#[derive(Debug, Clone, Serialize)]
pub struct Steady {
    pub window_s: f64,
    /// Successful full resyncs in the window.
    pub resyncs: u64,
    pub failed_resyncs: u64,
    /// From the duration histogram's sum and count.
    pub resync_mean_ms: f64,
    /// Resyncs the histogram put above its 1 s bucket.
    pub resyncs_over_1s: u64,
    pub api_calls_per_resync: f64,
    pub api_calls_per_resync_by_op: BTreeMap<String, f64>,
    /// Engine API calls that wrote something (there should be none).
    pub writes: u64,
    /// Single-target reconciles in the window (a resync queues only targets whose plan is
    /// not empty, so none are expected).
    pub reconciles: u64,
    pub cpu_percent: f64,
    pub rss_mb: f64,
    pub peak_rss_mb: f64,
}

/// The window between `a` and `b` (taken later).
pub fn steady(a: &Sample, b: &Sample, ticks_per_s: u64) -> Steady {
    let delta = |name: &str, labels: &[(&str, &str)]| b.value(name, labels) - a.value(name, labels);
    let resyncs = b.resyncs().saturating_sub(a.resyncs());
    let per_resync = |calls: f64| {
        if resyncs == 0 {
            f64::NAN
        } else {
            calls / resyncs as f64
        }
    };
    let count = delta(&format!("{RESYNC_SECONDS}_count"), &[]);
    let sum = delta(&format!("{RESYNC_SECONDS}_sum"), &[]);
    let under_1s = delta(&format!("{RESYNC_SECONDS}_bucket"), &[("le", "1")]);
    let by_op = label_values(&b.metrics, API_CALLS, "op")
        .into_iter()
        .map(|op| {
            let calls = delta(API_CALLS, &[("op", &op)]);
            (op, per_resync(calls))
        })
        .filter(|(_, per)| *per != 0.0)
        .collect();
    let window_s = b.at.duration_since(a.at).as_secs_f64();
    let cpu_s = b.cpu_ticks.saturating_sub(a.cpu_ticks) as f64 / ticks_per_s.max(1) as f64;
    Steady {
        window_s,
        resyncs,
        failed_resyncs: delta(RESYNCS, &[("result", "error")]) as u64,
        resync_mean_ms: if count > 0.0 {
            sum / count * 1000.0
        } else {
            f64::NAN
        },
        resyncs_over_1s: (count - under_1s).max(0.0) as u64,
        api_calls_per_resync: per_resync(delta(API_CALLS, &[])),
        api_calls_per_resync_by_op: by_op,
        writes: b.writes().saturating_sub(a.writes()),
        reconciles: delta(RECONCILES, &[]) as u64,
        cpu_percent: if window_s > 0.0 {
            cpu_s / window_s * 100.0
        } else {
            f64::NAN
        },
        rss_mb: kb_to_mb(b.memory.rss_kb),
        peak_rss_mb: kb_to_mb(b.memory.peak_kb),
    }
}

pub fn kb_to_mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn metrics(resyncs: u64, sum: f64, under_1s: u64, services: u64, creates: u64) -> String {
        format!(
            "# TYPE bosun_resync_total counter\n\
             bosun_resync_total{{result=\"ok\"}} {resyncs}\n\
             bosun_resync_duration_seconds_bucket{{le=\"0.5\"}} {under_1s}\n\
             bosun_resync_duration_seconds_bucket{{le=\"1\"}} {under_1s}\n\
             bosun_resync_duration_seconds_bucket{{le=\"+Inf\"}} {resyncs}\n\
             bosun_resync_duration_seconds_sum {sum}\n\
             bosun_resync_duration_seconds_count {resyncs}\n\
             bosun_engine_api_calls_total{{op=\"service_list\"}} {services}\n\
             bosun_engine_api_calls_total{{op=\"secret_list\"}} {services}\n\
             bosun_engine_api_calls_total{{op=\"secret_create\"}} {creates}\n\
             bosun_reconcile_total{{result=\"ok\"}} 7\n\
             bosun_managed_objects{{kind=\"client-key\"}} 100\n"
        )
    }

    fn sample(at: Instant, metrics: String, ticks: u64) -> Sample {
        Sample {
            at,
            metrics,
            cpu_ticks: ticks,
            memory: Memory {
                rss_kb: 20 * 1024,
                peak_kb: 30 * 1024,
            },
        }
    }

    #[test]
    fn a_window_gives_per_resync_figures() {
        let t0 = Instant::now();
        let a = sample(t0, metrics(10, 1.0, 10, 40, 200), 100);
        let b = sample(
            t0 + Duration::from_secs(30),
            metrics(16, 1.6, 15, 52, 200),
            130,
        );
        let s = steady(&a, &b, 100);
        assert_eq!(s.resyncs, 6);
        assert_eq!(s.failed_resyncs, 0);
        assert!((s.resync_mean_ms - 100.0).abs() < 1e-6);
        assert_eq!(s.resyncs_over_1s, 1);
        assert!((s.api_calls_per_resync - 4.0).abs() < 1e-9);
        assert_eq!(
            s.api_calls_per_resync_by_op,
            BTreeMap::from([("secret_list".into(), 2.0), ("service_list".into(), 2.0)])
        );
        assert_eq!(s.writes, 0);
        assert_eq!(s.reconciles, 0);
        assert!((s.cpu_percent - 1.0).abs() < 1e-9);
        assert_eq!((s.rss_mb, s.peak_rss_mb), (20.0, 30.0));
    }

    #[test]
    fn samples_sum_series_and_find_label_values() {
        let s = sample(Instant::now(), metrics(3, 0.1, 3, 8, 5), 0);
        assert_eq!(s.resyncs(), 3);
        assert_eq!(s.writes(), 5);
        assert_eq!(s.managed("client-key"), 100);
        assert_eq!(s.managed("proxy"), 0);
        assert_eq!(s.value(API_CALLS, &[]), 21.0);
        assert_eq!(
            label_values(&s.metrics, API_CALLS, "op"),
            BTreeSet::from([
                "secret_create".into(),
                "secret_list".into(),
                "service_list".into()
            ])
        );
        assert!(label_values(&s.metrics, "bosun_resync_total_x", "result").is_empty());
    }
}
