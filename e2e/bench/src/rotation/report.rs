//! The rotation benchmark's report: the figures computed from a [`Run`] (see
//! [`super::latency`] for what a latency is), as JSON (`--out`) and as a table, and the
//! problems that make the benchmark fail.
//!
//! Commands run are those that ended in the run, from the start of the steady phase to the
//! end of the last rotation. A command failed when its line is not `ok` with exit code 0.
//! The benchmark fails (exits non-zero) when a command failed, when a stopped task of an app
//! never printed its final line (it was killed: its commands in flight have no line), when a
//! task's output could not be read (its commands are not counted), or when a rotation did not
//! finish; [`Report::problems`] says each.

use std::fmt::Write as _;

use bosun_e2e::client_service::FollowLine;
use serde::Serialize;

use super::latency::{self, Gap, Stats, Window, ratio};
use super::rotate::{Rotation, RotationError};
use super::run::{Plan, Run};
use super::tasks::TaskRecord;

/// How the run was set up, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct Setup {
    pub controller: String,
    pub target: String,
    pub proxies_on: Vec<String>,
    pub apps: Vec<String>,
    pub apps_on: String,
    pub loops_per_app: u64,
    pub announce: String,
    pub max_concurrent_execs: u32,
    pub steady_s: f64,
    pub rotations_per_kind: usize,
}

/// A phase of the run and its commands.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    /// How long it lasted (the rotations: the sum of their durations).
    pub secs: f64,
    #[serde(flatten)]
    pub stats: Stats,
}

/// A finished rotation and the commands that ran during it.
#[derive(Debug, Clone, Serialize)]
pub struct RotationRow {
    #[serde(flatten)]
    pub rotation: Rotation,
    pub latency: Stats,
}

/// A command that failed, and when.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub app: String,
    pub task_id: String,
    #[serde(flatten)]
    pub line: Line,
    /// `steady`, `rotation N (kind)`, or `between rotations`.
    pub during: String,
}

/// Failed commands alike: the same phase, outcome, exit code and error text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailureKind {
    pub count: usize,
    pub during: String,
    pub outcome: String,
    pub exit_code: Option<u32>,
    pub error: Option<String>,
    pub first_t_ms: u64,
}

/// How many failed commands the report lists one by one (all are counted, by kind).
pub const FAILURES_LISTED: usize = 50;

/// A `follow` line as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    #[serde(rename = "loop")]
    pub loop_n: u64,
    pub i: u64,
    pub t_ms: u64,
    pub outcome: String,
    pub exit_code: Option<u32>,
    pub endpoint: Option<String>,
    pub error: Option<String>,
}

impl From<&FollowLine> for Line {
    fn from(l: &FollowLine) -> Line {
        Line {
            loop_n: l.loop_n,
            i: l.i,
            t_ms: l.t_ms,
            outcome: l.outcome.clone(),
            exit_code: l.exit_code,
            endpoint: l.endpoint.clone(),
            error: l.error.clone(),
        }
    }
}

/// One task of an app, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    #[serde(flatten)]
    pub task: TaskRecord,
    pub lines: usize,
    pub finished: bool,
}

/// Everything the benchmark reports.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub setup: Setup,
    pub commands_run: usize,
    pub commands_failed: usize,
    pub steady: Phase,
    pub rotating: Phase,
    pub p50_ratio: Option<f64>,
    pub p99_ratio: Option<f64>,
    pub rotations: Vec<RotationRow>,
    pub stuck: Option<RotationError>,
    /// Every failed command, grouped.
    pub failure_kinds: Vec<FailureKind>,
    /// The first [`FAILURES_LISTED`] failed commands, by end time.
    pub failures: Vec<Failure>,
    /// Stopped tasks that never printed their final line.
    pub cut_tasks: Vec<String>,
    /// Tasks whose output could not be read (their commands are not counted).
    pub unread_tasks: Vec<String>,
    pub tasks: Vec<TaskRow>,
    pub controller_log: String,
}

impl Report {
    pub fn new(run: &Run, plan: &Plan, controller: &str) -> Report {
        let records = run.tasks.records();
        let whole = Window {
            from_ms: run.steady.from_ms,
            to_ms: run.end_ms,
        };
        let ends: Vec<u64> = records
            .iter()
            .flat_map(|r| r.out.lines.iter().map(|l| l.t_ms))
            .collect();
        let gaps: Vec<Gap> = records
            .iter()
            .flat_map(|r| latency::gaps(&r.out.lines))
            .collect();
        let spans: Vec<Window> = run.rotations.iter().map(span).collect();
        let steady = Phase {
            secs: run.steady.secs(),
            stats: Stats::of(&[run.steady], &ends, &gaps),
        };
        let rotating = Phase {
            secs: spans.iter().map(Window::secs).sum(),
            stats: Stats::of(&spans, &ends, &gaps),
        };
        let mut failures = failures(&records, whole, run);
        let commands_failed = failures.len();
        let failure_kinds = kinds(&failures);
        failures.truncate(FAILURES_LISTED);
        Report {
            setup: setup(run, plan, controller),
            commands_run: ends.iter().filter(|t| whole.contains(**t)).count(),
            commands_failed,
            p50_ratio: ratio(rotating.stats.p50_ms, steady.stats.p50_ms),
            p99_ratio: ratio(rotating.stats.p99_ms, steady.stats.p99_ms),
            steady,
            rotating,
            rotations: run
                .rotations
                .iter()
                .map(|r| RotationRow {
                    rotation: r.clone(),
                    latency: Stats::of(&[span(r)], &ends, &gaps),
                })
                .collect(),
            stuck: run.stuck.clone(),
            failure_kinds,
            failures,
            cut_tasks: cut_tasks(&records, whole),
            unread_tasks: records
                .iter()
                .filter_map(|r| Some(format!("{}: {}", name(r), r.unread.as_ref()?)))
                .collect(),
            tasks: records
                .iter()
                .map(|r| TaskRow {
                    task: (*r).clone(),
                    lines: r.out.lines.len(),
                    finished: r.out.finished,
                })
                .collect(),
            controller_log: run.controller_log.display().to_string(),
        }
    }

    /// Why the benchmark fails; empty when it passes.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.commands_failed > 0 {
            out.push(format!(
                "{} command(s) failed; by kind:",
                self.commands_failed
            ));
            out.extend(self.failure_kinds.iter().map(|k| {
                format!(
                    "  {} × during {}: {} exit code {:?} (first at t={}): {}",
                    k.count,
                    k.during,
                    k.outcome,
                    k.exit_code,
                    k.first_t_ms,
                    k.error.as_deref().unwrap_or("(no error text)")
                )
            }));
            out.push("the first ones:".into());
            out.extend(self.failures.iter().take(10).map(|f| {
                format!(
                    "  {} task {} loop {} command {} at t={} during {}: {} exit code {:?}: {}",
                    f.app,
                    f.task_id,
                    f.line.loop_n,
                    f.line.i,
                    f.line.t_ms,
                    f.during,
                    f.line.outcome,
                    f.line.exit_code,
                    f.line.error.as_deref().unwrap_or("(no error text)")
                )
            }));
        }
        out.extend(self.cut_tasks.iter().map(|t| {
            format!("{t} stopped without its final line: it was killed, commands in flight may have no line")
        }));
        out.extend(
            self.unread_tasks.iter().map(|t| {
                format!("the output of {t} could not be read: its commands are not counted")
            }),
        );
        if let Some(s) = &self.stuck {
            out.push(format!(
                "{s} (the controller's log: {})",
                self.controller_log
            ));
        }
        out
    }

    /// The table printed on stdout.
    pub fn table(&self) -> String {
        let s = &self.setup;
        let mut t = String::new();
        let _ = writeln!(
            t,
            "rotation benchmark: {} app(s) × {} loop(s) on {} → {} (proxies on {}), announce {}",
            s.apps.len(),
            s.loops_per_app,
            s.apps_on,
            s.target,
            s.proxies_on.join(", "),
            s.announce
        );
        let _ = writeln!(
            t,
            "commands run: {}, failed: {}\n",
            self.commands_run, self.commands_failed
        );
        let _ = writeln!(t, "{:<26}{}", "phase", stats_header());
        let steady = format!("steady ({:.1} s)", self.steady.secs);
        let _ = writeln!(t, "{steady:<26}{}", stats_cells(&self.steady.stats));
        let rotating = format!("rotations ({:.1} s)", self.rotating.secs);
        let _ = writeln!(t, "{rotating:<26}{}", stats_cells(&self.rotating.stats));
        let _ = writeln!(
            t,
            "{:<26}{:>20}{:>9}{:>9}\n",
            "ratio rotations / steady",
            "",
            cell_ratio(self.p50_ratio),
            cell_ratio(self.p99_ratio)
        );
        let _ = writeln!(
            t,
            "{:>3}  {:<12}{:>11}{}  keys",
            "#",
            "kind",
            "duration s",
            stats_header()
        );
        for r in &self.rotations {
            let _ = writeln!(
                t,
                "{:>3}  {:<12}{:>11.1}{}  {}",
                r.rotation.n,
                r.rotation.kind.to_string(),
                r.rotation.duration_ms as f64 / 1000.0,
                stats_cells(&r.latency),
                r.rotation.keys.join(", ")
            );
        }
        if let Some(stuck) = &self.stuck {
            let _ = writeln!(
                t,
                "{:>3}  {:<12}{:>11}  did not finish",
                stuck.n,
                stuck.kind.to_string(),
                "-"
            );
        }
        t
    }
}

/// The window of a finished rotation.
fn span(r: &Rotation) -> Window {
    Window {
        from_ms: r.requested_at_ms,
        to_ms: r.done_at_ms,
    }
}

fn setup(run: &Run, plan: &Plan, controller: &str) -> Setup {
    Setup {
        controller: controller.to_owned(),
        target: run.target.clone(),
        proxies_on: run.proxies.iter().map(|(h, _)| h.clone()).collect(),
        apps: run.apps.clone(),
        apps_on: plan.app_node.clone(),
        loops_per_app: plan.loops,
        announce: plan.announce.clone(),
        max_concurrent_execs: plan.max_concurrent_execs,
        steady_s: plan.steady.as_secs_f64(),
        rotations_per_kind: plan.rotations,
    }
}

/// A task's name in messages: `app task <id> on <node>`.
fn name(r: &TaskRecord) -> String {
    format!("{} task {} on {}", r.app, r.task_id, r.node)
}

/// The lines in `whole` that are not a success with exit code 0, by end time.
fn failures(records: &[&TaskRecord], whole: Window, run: &Run) -> Vec<Failure> {
    let mut out: Vec<Failure> = records
        .iter()
        .flat_map(|r| r.out.lines.iter().map(move |l| (r, l)))
        .filter(|(_, l)| whole.contains(l.t_ms) && !(l.ok() && l.exit_code == Some(0)))
        .map(|(r, l)| Failure {
            app: r.app.clone(),
            task_id: r.task_id.clone(),
            line: Line::from(l),
            during: during(run, l.t_ms),
        })
        .collect();
    out.sort_by_key(|f| f.line.t_ms);
    out
}

/// `failures` grouped by phase, outcome, exit code and error text, the largest group first.
fn kinds(failures: &[Failure]) -> Vec<FailureKind> {
    let mut out: Vec<FailureKind> = Vec::new();
    for f in failures {
        let same = |k: &&mut FailureKind| {
            k.during == f.during
                && k.outcome == f.line.outcome
                && k.exit_code == f.line.exit_code
                && k.error == f.line.error
        };
        match out.iter_mut().find(same) {
            Some(k) => k.count += 1,
            None => out.push(FailureKind {
                count: 1,
                during: f.during.clone(),
                outcome: f.line.outcome.clone(),
                exit_code: f.line.exit_code,
                error: f.line.error.clone(),
                first_t_ms: f.line.t_ms,
            }),
        }
    }
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.first_t_ms.cmp(&b.first_t_ms)));
    out
}

/// Which phase `t_ms` fell in.
fn during(run: &Run, t_ms: u64) -> String {
    if run.steady.contains(t_ms) {
        return "steady".into();
    }
    match run.rotations.iter().find(|r| span(r).contains(t_ms)) {
        Some(r) => format!("rotation {} ({})", r.n, r.kind),
        None => match &run.stuck {
            Some(s) if t_ms >= s.requested_at_ms => format!("rotation {} ({})", s.n, s.kind),
            _ => "between rotations".into(),
        },
    }
}

/// The tasks that had stopped when they were read, printed a line in `whole` (they ran during
/// the run), and never printed their final line.
fn cut_tasks(records: &[&TaskRecord], whole: Window) -> Vec<String> {
    records
        .iter()
        .filter(|r| !r.running && r.unread.is_none() && !r.out.finished)
        .filter(|r| r.out.lines.iter().any(|l| l.t_ms >= whole.from_ms))
        .map(|r| name(r))
        .collect()
}

fn stats_header() -> String {
    format!(
        "{:>10}{:>10}{:>9}{:>9}{:>9}",
        "commands", "measured", "p50 ms", "p99 ms", "max ms"
    )
}

fn stats_cells(s: &Stats) -> String {
    let ms = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.0}"));
    format!(
        "{:>10}{:>10}{:>9}{:>9}{:>9}",
        s.commands,
        s.measured,
        ms(s.p50_ms),
        ms(s.p99_ms),
        ms(s.max_ms)
    )
}

fn cell_ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}"))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use bosun_e2e::client_service::TaskLines;

    use super::*;
    use crate::rotation::rotate::Kind;
    use crate::rotation::tasks::Tasks;

    fn line(loop_n: u64, i: u64, t_ms: u64, outcome: &str) -> FollowLine {
        FollowLine {
            i,
            loop_n,
            t_ms,
            outcome: outcome.into(),
            exit_code: (outcome == "ok").then_some(0),
            endpoint: Some("10.0.0.2:2222".into()),
            error: (outcome != "ok").then(|| "refused our key".to_owned()),
        }
    }

    fn task(container: &str, lines: Vec<FollowLine>, running: bool, finished: bool) -> TaskRecord {
        TaskRecord {
            app: "app-a".into(),
            task_id: format!("task-{container}"),
            container_id: container.into(),
            node: "lab1".into(),
            out: TaskLines { lines, finished },
            running,
            unread: None,
        }
    }

    fn rotation(n: usize, kind: Kind, from: u64, to: u64) -> Rotation {
        Rotation {
            n,
            kind,
            keys: vec!["app-a v2".into()],
            requested_at_ms: from,
            done_at_ms: to,
            duration_ms: to - from,
        }
    }

    fn plan() -> Plan {
        Plan {
            apps: 1,
            loops: 2,
            steady: Duration::from_secs(1),
            rotations: 1,
            announce: "3s".into(),
            app_node: "lab1".into(),
            max_concurrent_execs: 16,
        }
    }

    /// Steady 1000..=2000 (gaps 100, 100), rotation 1 at 3000..=4000 (gaps 300, 600), rotation
    /// 2 at 5000..=6000 in a new task (gap 200), the end at 6000.
    fn run(old_task: Vec<FollowLine>, old_finished: bool) -> Run {
        let new_task = vec![line(0, 0, 5000, "ok"), line(0, 1, 5200, "ok")];
        Run {
            target: "nc".into(),
            apps: vec!["app-a".into()],
            proxies: vec![("lab2".into(), "n2".into())],
            steady: Window {
                from_ms: 1000,
                to_ms: 2000,
            },
            rotations: vec![
                rotation(1, Kind::ClientKeys, 3000, 4000),
                rotation(2, Kind::HostKeys, 5000, 6000),
            ],
            stuck: None,
            end_ms: 6000,
            tasks: Tasks::from_records([
                task("c1", old_task, false, old_finished),
                task("c2", new_task, true, false),
            ]),
            controller_log: PathBuf::from("target/bench/rotation-controller.log"),
        }
    }

    fn old_task(third: &str) -> Vec<FollowLine> {
        vec![
            line(0, 0, 500, "not_sent"), // before the run: the app not keyed yet
            line(0, 1, 1000, "ok"),
            line(0, 2, 1100, "ok"),
            line(0, 3, 1200, "ok"),
            line(1, 0, 3100, "ok"),
            line(1, 1, 3400, "ok"),
            line(1, 2, 4000, third),
        ]
    }

    #[test]
    fn a_clean_run_reports_its_phases_and_passes() {
        let r = Report::new(&run(old_task("ok"), true), &plan(), "ctl");
        assert_eq!((r.commands_run, r.commands_failed), (8, 0));
        assert_eq!((r.steady.stats.commands, r.steady.stats.measured), (3, 2));
        assert_eq!(r.steady.stats.p50_ms, Some(100.0));
        // 300, 600 (rotation 1) and 200 (rotation 2); the 500 → 1000 gap starts before the run
        assert_eq!(
            (r.rotating.stats.commands, r.rotating.stats.measured),
            (5, 3)
        );
        assert_eq!(r.rotating.stats.p50_ms, Some(300.0));
        assert_eq!(r.rotating.stats.max_ms, Some(600.0));
        assert_eq!(r.p50_ratio, Some(3.0));
        assert_eq!(r.rotating.secs, 2.0);
        assert_eq!(r.rotations[1].latency.commands, 2);
        assert_eq!(r.rotations[1].latency.p99_ms, Some(200.0));
        assert!(r.problems().is_empty(), "{:?}", r.problems());
        let table = r.table();
        assert!(table.contains("commands run: 8, failed: 0"), "{table}");
        assert!(table.contains("  2  host-keys           1.0"), "{table}");
    }

    #[test]
    fn a_failed_command_and_a_killed_task_fail_the_run_and_say_when() {
        let r = Report::new(&run(old_task("lost"), false), &plan(), "ctl");
        assert_eq!(r.commands_failed, 1);
        let f = &r.failures[0];
        assert_eq!(
            (f.line.t_ms, f.during.as_str()),
            (4000, "rotation 1 (client-keys)")
        );
        assert_eq!(r.cut_tasks, ["app-a task task-c1 on lab1"]);
        let problems = r.problems();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert_eq!(problems[0], "1 command(s) failed; by kind:");
        assert_eq!(
            problems[1],
            "  1 × during rotation 1 (client-keys): lost exit code None (first at t=4000): \
             refused our key"
        );
        assert!(
            problems[3].contains("task-c1 loop 1 command 2 at t=4000"),
            "{problems:?}"
        );
        assert!(
            problems[4].contains("without its final line"),
            "{problems:?}"
        );
    }

    #[test]
    fn failures_are_grouped_by_phase_outcome_and_error_and_listed_up_to_a_bound() {
        let mut lines = old_task("ok");
        let refused = |i, t_ms| FollowLine {
            outcome: "exit".into(),
            exit_code: Some(125),
            error: Some("bosun: refused: 4 commands are already running".into()),
            ..line(2, i, t_ms, "ok")
        };
        lines.extend((0..60).map(|i| refused(i, 3500 + i)));
        lines.push(refused(60, 1500));
        lines.push(line(3, 0, 3600, "lost"));
        let r = Report::new(&run(lines, true), &plan(), "ctl");
        assert_eq!(r.commands_failed, 62);
        assert_eq!(r.failures.len(), FAILURES_LISTED);
        assert_eq!(r.failures[0].line.t_ms, 1500, "by end time");
        let kinds: Vec<(usize, &str, Option<u32>)> = r
            .failure_kinds
            .iter()
            .map(|k| (k.count, k.during.as_str(), k.exit_code))
            .collect();
        assert_eq!(
            kinds,
            [
                (60, "rotation 1 (client-keys)", Some(125)),
                (1, "steady", Some(125)),
                (1, "rotation 1 (client-keys)", None)
            ]
        );
    }

    #[test]
    fn a_stuck_rotation_and_an_unread_task_fail_the_run() {
        let mut stuck = run(old_task("ok"), true);
        stuck.rotations.pop();
        stuck.stuck = Some(RotationError {
            n: 2,
            kind: Kind::HostKeys,
            requested_at_ms: 5000,
            error: "timed out".into(),
            keys_now: vec!["lab2: v1 cleanup, v2 roll-proxy".into()],
        });
        let mut records: Vec<TaskRecord> = stuck.tasks.records().into_iter().cloned().collect();
        records[1].unread = Some("no such container".into());
        stuck.tasks = Tasks::from_records(records);
        let r = Report::new(&stuck, &plan(), "ctl");
        let problems = r.problems().join("\n");
        assert!(
            problems.contains("task-c2 on lab1: no such container"),
            "{problems}"
        );
        assert!(
            problems.contains("rotation 2 (host-keys) did not finish: timed out; keys now: lab2: v1 cleanup, v2 roll-proxy (the controller's log: target/bench/rotation-controller.log)"),
            "{problems}"
        );
        assert!(r.table().contains("did not finish"));
    }
}
