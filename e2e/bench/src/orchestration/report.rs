//! The orchestration benchmark's report: for each measure (spawn, list, status) the API's
//! p50 / p99 / max and its floor's, measured in the same run, and the ratios API / floor,
//! as JSON (`--out`) and as a table. It reports; it asserts nothing on time.

use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use super::calls::Pair;
use super::run::{Plan, Run, TEMPLATE};
use crate::exec::percentile_ms;
use crate::rotation::latency::ratio;

/// Percentiles of one side's samples (nearest rank, ms); `None` without samples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Latency {
    pub samples: usize,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
}

impl Latency {
    pub fn of(samples: &[Duration]) -> Latency {
        let pick = |p: f64| Some(percentile_ms(samples, p)).filter(|v| v.is_finite());
        Latency {
            samples: samples.len(),
            p50_ms: pick(50.0),
            p99_ms: pick(99.0),
            max_ms: pick(100.0),
        }
    }
}

/// One measure: the API's route against its floor on the Engine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compared {
    pub api_route: String,
    pub floor_route: String,
    pub api: Latency,
    pub floor: Latency,
    /// API p50 / floor p50.
    pub p50_ratio: Option<f64>,
    /// API p99 / floor p99.
    pub p99_ratio: Option<f64>,
}

impl Compared {
    pub fn new(api_route: &str, floor_route: &str, pair: &Pair) -> Compared {
        let (api, floor) = (Latency::of(&pair.api), Latency::of(&pair.floor));
        Compared {
            api_route: api_route.to_owned(),
            floor_route: floor_route.to_owned(),
            p50_ratio: ratio(api.p50_ms, floor.p50_ms),
            p99_ratio: ratio(api.p99_ms, floor.p99_ms),
            api,
            floor,
        }
    }
}

/// How the run was set up.
#[derive(Debug, Clone, Serialize)]
pub struct Setup {
    pub controller: String,
    /// A debug build of the controller (`--debug-controller`): its figures say little.
    pub debug_controller: bool,
    pub instance: String,
    pub api: String,
    pub template: String,
    pub clones: usize,
    pub running: usize,
    pub stopped: usize,
    pub pool: (u16, u16),
}

/// Everything the benchmark reports.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub setup: Setup,
    /// Request → the clone's task running (healthy).
    pub spawn: Compared,
    pub list: Compared,
    pub status: Compared,
    pub controller_log: String,
}

impl Report {
    pub fn new(run: &Run, plan: &Plan, controller: &str, debug_controller: bool) -> Report {
        let spawn = Compared::new(
            &format!("POST /orchestrate/{TEMPLATE}/clone → task running"),
            "POST /services/create (the clone's spec) → task running",
            &run.spawn,
        );
        let list = Compared::new(
            &format!("GET /orchestrate/{TEMPLATE}/clones"),
            "GET /services?filters={label: instance, kind=clone, template}",
            &run.list,
        );
        let status = Compared::new(
            "GET /orchestrate/services/{id}/status",
            "GET /services/{id}",
            &run.status,
        );
        Report {
            setup: Setup {
                controller: controller.to_owned(),
                debug_controller,
                instance: run.instance.clone(),
                api: run.api.clone(),
                template: TEMPLATE.to_owned(),
                clones: plan.clones,
                running: plan.running,
                stopped: plan.clones - plan.running,
                pool: run.pool,
            },
            spawn,
            list,
            status,
            controller_log: run.controller_log.display().to_string(),
        }
    }

    /// The human table: a row per measure, both sides and the ratios.
    pub fn table(&self) -> String {
        let s = &self.setup;
        let mut t = String::new();
        let _ = writeln!(
            t,
            "orchestration benchmark: {} clones of {} ({} running, {} at 0 replicas), API {}{}",
            s.clones,
            s.template,
            s.running,
            s.stopped,
            s.api,
            if s.debug_controller {
                " — a DEBUG controller"
            } else {
                ""
            }
        );
        let _ = writeln!(
            t,
            "{:<22}{:>5}  {:>9}{:>9}  {:>9}{:>9}  {:>7}{:>7}",
            "measure", "n", "API p50", "p99", "floor p50", "p99", "×p50", "×p99"
        );
        for (name, c) in [
            ("spawn → healthy", &self.spawn),
            ("list", &self.list),
            ("status", &self.status),
        ] {
            let _ = writeln!(
                t,
                "{name:<22}{:>5}  {:>9}{:>9}  {:>9}{:>9}  {:>7}{:>7}",
                c.api.samples,
                cell(c.api.p50_ms),
                cell(c.api.p99_ms),
                cell(c.floor.p50_ms),
                cell(c.floor.p99_ms),
                cell_ratio(c.p50_ratio),
                cell_ratio(c.p99_ratio)
            );
        }
        let _ = writeln!(t, "(ms; the floors, on the Engine, in the same run:)");
        for c in [&self.spawn, &self.list, &self.status] {
            let _ = writeln!(t, "  {}  vs  {}", c.api_route, c.floor_route);
        }
        t
    }
}

fn cell(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

fn cell_ratio(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|m| Duration::from_millis(*m)).collect()
    }

    #[test]
    fn a_measure_compares_each_percentile_with_its_floors() {
        let pair = Pair {
            api: ms(&[30, 10, 20, 40]),
            floor: ms(&[5, 10, 20, 10]),
        };
        let c = Compared::new("GET /a", "GET /b", &pair);
        assert_eq!(c.api.samples, 4);
        assert_eq!((c.api.p50_ms, c.api.p99_ms), (Some(20.0), Some(40.0)));
        assert_eq!((c.floor.p50_ms, c.floor.p99_ms), (Some(10.0), Some(20.0)));
        assert_eq!((c.p50_ratio, c.p99_ratio), (Some(2.0), Some(2.0)));
        let none = Compared::new("GET /a", "GET /b", &Pair::default());
        assert_eq!((none.api.p50_ms, none.p50_ratio), (None, None));
    }

    #[test]
    fn the_table_has_a_row_per_measure() {
        let pair = Pair {
            api: ms(&[12]),
            floor: ms(&[4]),
        };
        let c = Compared::new("GET /a", "GET /b", &pair);
        let report = Report {
            setup: Setup {
                controller: "c".into(),
                debug_controller: false,
                instance: "t1-0".into(),
                api: "http://x".into(),
                template: "mongodb".into(),
                clones: 500,
                running: 20,
                stopped: 480,
                pool: (31000, 31499),
            },
            spawn: c.clone(),
            list: c.clone(),
            status: Compared::new("GET /s", "GET /e", &Pair::default()),
            controller_log: "log".into(),
        };
        let table = report.table();
        let row = |name: &str| {
            table
                .lines()
                .find(|l| l.starts_with(name))
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(row("list"), "list 1 12.0 12.0 4.0 4.0 3.00 3.00");
        assert_eq!(row("status"), "status 0 - - - - - -");
        assert!(table.starts_with("orchestration benchmark: 500 clones of mongodb (20 running"));
    }
}
