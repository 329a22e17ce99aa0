//! The benchmark's verdicts: how the Engine API calls of a no-op resync change between a small
//! and a large number of targets, and the targets as met or missed. Benchmarks report;
//! the run does not fail on a missed target.

use serde::Serialize;

use super::phase::PhaseReport;

/// Idle RSS with the full number of targets must stay at or under this.
pub const RSS_TARGET_MB: f64 = 40.0;
/// A full resync with nothing to change must take less than this.
pub const RESYNC_TARGET_MS: f64 = 1000.0;

/// API calls per no-op resync at two sizes.
#[derive(Debug, Clone, Serialize)]
pub struct Growth {
    pub small_targets: usize,
    pub large_targets: usize,
    pub small_calls_per_resync: f64,
    pub large_calls_per_resync: f64,
    /// large / small.
    pub ratio: f64,
    /// (large − small) / (targets added): 1.0 would be one call per target.
    pub extra_calls_per_added_target: f64,
}

impl Growth {
    pub fn between(small: &PhaseReport, large: &PhaseReport) -> Option<Growth> {
        let added = large
            .targets
            .checked_sub(small.targets)
            .filter(|a| *a > 0)?;
        let (s, l) = (
            small.steady.api_calls_per_resync,
            large.steady.api_calls_per_resync,
        );
        Some(Growth {
            small_targets: small.targets,
            large_targets: large.targets,
            small_calls_per_resync: s,
            large_calls_per_resync: l,
            ratio: l / s,
            extra_calls_per_added_target: (l - s) / added as f64,
        })
    }
}

/// One of the targets.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub target: String,
    pub met: bool,
    pub figure: String,
}

/// The targets, judged on the largest run (and the growth between runs).
pub fn targets(large: &PhaseReport, growth: Option<&Growth>) -> Vec<Target> {
    let n = large.targets;
    let steady = &large.steady;
    let worst_ms = large
        .resync_max_ms
        .map(|ms| ms as f64)
        .unwrap_or(steady.resync_mean_ms);
    let mut out = vec![
        Target {
            target: format!("idle RSS <= {RSS_TARGET_MB} MB with {n} targets"),
            met: steady.rss_mb <= RSS_TARGET_MB,
            figure: format!("{:.1} MB", steady.rss_mb),
        },
        Target {
            target: format!("full resync with nothing to change < 1 s with {n} targets"),
            met: worst_ms < RESYNC_TARGET_MS && steady.resyncs_over_1s == 0 && steady.resyncs > 0,
            figure: format!(
                "max {} ms, mean {:.1} ms over {} resyncs",
                large
                    .resync_max_ms
                    .map_or_else(|| "?".to_owned(), |m| m.to_string()),
                steady.resync_mean_ms,
                steady.resyncs
            ),
        },
        Target {
            target: "a resync with nothing to change writes nothing".into(),
            met: steady.writes == 0 && steady.reconciles == 0,
            figure: format!("{} writes, {} reconciles", steady.writes, steady.reconciles),
        },
    ];
    if let Some(g) = growth {
        out.push(Target {
            target: format!(
                "API calls per no-op resync do not grow with targets ({} -> {})",
                g.small_targets, g.large_targets
            ),
            met: g.large_calls_per_resync - g.small_calls_per_resync < 1.0,
            figure: format!(
                "{:.1} -> {:.1} calls",
                g.small_calls_per_resync, g.large_calls_per_resync
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::controller::log::LogSummary;
    use crate::controller::phase::Converge;
    use crate::controller::sample::Steady;
    use std::collections::BTreeMap;

    fn phase(targets: usize, calls: f64, rss_mb: f64, max_ms: Option<u64>) -> PhaseReport {
        PhaseReport {
            targets,
            running_targets: 10,
            services_created: targets,
            services_create_s: 1.0,
            converge: Converge {
                last_write_s: 1.0,
                converged_s: 2.0,
                writes: 1,
                reconciles: 1,
                resyncs: 1,
                api_calls_by_op: BTreeMap::new(),
                peak_rss_mb: 1.0,
            },
            steady: Steady {
                window_s: 30.0,
                resyncs: 6,
                failed_resyncs: 0,
                resync_mean_ms: 20.0,
                resyncs_over_1s: 0,
                api_calls_per_resync: calls,
                api_calls_per_resync_by_op: BTreeMap::new(),
                writes: 0,
                reconciles: 0,
                cpu_percent: 0.1,
                rss_mb,
                peak_rss_mb: rss_mb,
            },
            resync_ms_samples: vec![],
            resync_max_ms: max_ms,
            proxy_recreate: None,
            log: LogSummary {
                applying: 0,
                warnings: 0,
                errors: 0,
                problems: vec![],
            },
            log_file: String::new(),
        }
    }

    #[test]
    fn growth_is_per_added_target() {
        let g =
            Growth::between(&phase(100, 5.0, 10.0, None), &phase(1000, 5.0, 12.0, None)).unwrap();
        assert_eq!((g.ratio, g.extra_calls_per_added_target), (1.0, 0.0));
        let g = Growth::between(
            &phase(100, 5.0, 10.0, None),
            &phase(1000, 905.0, 12.0, None),
        )
        .unwrap();
        assert!((g.extra_calls_per_added_target - 1.0).abs() < 1e-9);
        assert!(
            Growth::between(&phase(100, 5.0, 1.0, None), &phase(100, 5.0, 1.0, None)).is_none()
        );
    }

    #[test]
    fn targets_are_judged_on_the_large_run() {
        let small = phase(100, 5.0, 10.0, Some(3));
        let good = phase(1000, 5.0, 39.0, Some(900));
        let g = Growth::between(&small, &good);
        let t = targets(&good, g.as_ref());
        assert_eq!(t.len(), 4);
        assert!(t.iter().all(|t| t.met), "{t:?}");

        let bad = phase(1000, 905.0, 41.0, Some(1000));
        let g = Growth::between(&small, &bad);
        let t = targets(&bad, g.as_ref());
        assert_eq!(
            t.iter().map(|t| t.met).collect::<Vec<_>>(),
            [false, false, true, false]
        );
        assert_eq!(t[0].figure, "41.0 MB");
        assert_eq!(targets(&bad, None).len(), 3);
    }
}
