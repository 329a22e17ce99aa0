//! The rotation benchmark's figures, from the apps' lines alone (no lab here).
//!
//! # What a latency is
//!
//! An app's line gives only the end of its command (`t_ms`, Unix ms). The loops run without
//! pause (`follow TARGET 0 LOOPS`): a loop starts its next command as soon as it printed the
//! line of the last one. So the gap between two consecutive end times of one loop in one task
//! is what that loop spent on one command: the command's own latency (a connection when the
//! pooled one is gone, the exec through the proxy, the output back) plus the loop's overhead
//! between two commands (printing a line and a zero sleep: at most about a millisecond of
//! timer rounding). That gap is the latency this benchmark reports, in whole ms. The first
//! command of each loop of each task has no earlier end in the same process: it is counted,
//! not measured. That hides the first command of the task that replaces an app's task at a
//! client-key switch (its discovery fetch and first connection); `commands` − `measured`
//! says how many such commands a window holds.
//!
//! # Windows
//!
//! A gap belongs to a window when both its ends are inside it (the command started and ended
//! in it); a command is counted in a window when it ended inside it.

use std::collections::BTreeMap;
use std::time::Duration;

use bosun_e2e::client_service::FollowLine;
use serde::Serialize;

use crate::exec::percentile_ms;

/// One measured command: its loop's previous end → its own end (Unix ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub from_ms: u64,
    pub to_ms: u64,
}

impl Gap {
    pub fn ms(&self) -> u64 {
        self.to_ms.saturating_sub(self.from_ms)
    }
}

/// A span of the run (Unix ms, both ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from_ms: u64,
    pub to_ms: u64,
}

impl Window {
    pub fn contains(&self, t_ms: u64) -> bool {
        (self.from_ms..=self.to_ms).contains(&t_ms)
    }

    fn holds(&self, gap: &Gap) -> bool {
        self.contains(gap.from_ms) && self.contains(gap.to_ms)
    }

    pub fn secs(&self) -> f64 {
        self.to_ms.saturating_sub(self.from_ms) as f64 / 1000.0
    }
}

/// The gaps of one task's lines: consecutive end times of each loop, in the order the loop
/// numbered its commands.
pub fn gaps(lines: &[FollowLine]) -> Vec<Gap> {
    let mut by_loop: BTreeMap<u64, Vec<&FollowLine>> = BTreeMap::new();
    for l in lines {
        by_loop.entry(l.loop_n).or_default().push(l);
    }
    let mut out = Vec::new();
    for mut series in by_loop.into_values() {
        series.sort_by_key(|l| l.i);
        out.extend(series.windows(2).map(|w| Gap {
            from_ms: w[0].t_ms,
            to_ms: w[1].t_ms,
        }));
    }
    out
}

/// The commands of some windows: how many ended there, how many of those were measured, and
/// the percentiles of the measured ones.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stats {
    pub commands: usize,
    pub measured: usize,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
}

impl Stats {
    /// The stats of the commands that ended in any of `windows` (`ends`: every command's end)
    /// and of the gaps that lie wholly in one of them.
    pub fn of(windows: &[Window], ends: &[u64], gaps: &[Gap]) -> Stats {
        let commands = ends
            .iter()
            .filter(|t| windows.iter().any(|w| w.contains(**t)))
            .count();
        let measured: Vec<Duration> = gaps
            .iter()
            .filter(|g| windows.iter().any(|w| w.holds(g)))
            .map(|g| Duration::from_millis(g.ms()))
            .collect();
        let pick = |p: f64| Some(percentile_ms(&measured, p)).filter(|v| v.is_finite());
        Stats {
            commands,
            measured: measured.len(),
            p50_ms: pick(50.0),
            p99_ms: pick(99.0),
            max_ms: pick(100.0),
        }
    }
}

/// `during / steady`, when both are known and the steady one is not 0.
pub fn ratio(during: Option<f64>, steady: Option<f64>) -> Option<f64> {
    match (during, steady) {
        (Some(d), Some(s)) if s > 0.0 => Some(d / s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(loop_n: u64, i: u64, t_ms: u64) -> FollowLine {
        FollowLine {
            i,
            loop_n,
            t_ms,
            outcome: "ok".into(),
            exit_code: Some(0),
            endpoint: None,
            error: None,
        }
    }

    #[test]
    fn gaps_are_taken_within_each_loop_in_command_order() {
        // two loops interleaved as they print, loop 1's lines out of order
        let lines = [
            line(0, 0, 100),
            line(1, 1, 130),
            line(1, 0, 110),
            line(0, 1, 150),
            line(0, 2, 160),
        ];
        let mut ms: Vec<(u64, u64)> = gaps(&lines).iter().map(|g| (g.to_ms, g.ms())).collect();
        ms.sort();
        assert_eq!(ms, vec![(130, 20), (150, 50), (160, 10)]);
        assert!(
            gaps(&[line(0, 0, 5)]).is_empty(),
            "a first command has no gap"
        );
    }

    #[test]
    fn a_window_counts_commands_that_ended_in_it_and_gaps_wholly_in_it() {
        let ends = [90, 100, 120, 200, 260, 400];
        let gaps = [
            Gap {
                from_ms: 90,
                to_ms: 100,
            }, // starts before the window
            Gap {
                from_ms: 100,
                to_ms: 120,
            }, // 20
            Gap {
                from_ms: 120,
                to_ms: 200,
            }, // 80
            Gap {
                from_ms: 200,
                to_ms: 260,
            }, // 60
            Gap {
                from_ms: 260,
                to_ms: 400,
            }, // ends after it
        ];
        let w = Window {
            from_ms: 100,
            to_ms: 300,
        };
        let s = Stats::of(&[w], &ends, &gaps);
        assert_eq!((s.commands, s.measured), (4, 3));
        assert_eq!(
            (s.p50_ms, s.p99_ms, s.max_ms),
            (Some(60.0), Some(80.0), Some(80.0))
        );
        // two windows: the gap between them is in neither
        let split = [
            Window {
                from_ms: 100,
                to_ms: 150,
            },
            Window {
                from_ms: 200,
                to_ms: 300,
            },
        ];
        let s = Stats::of(&split, &ends, &gaps);
        assert_eq!((s.commands, s.measured, s.max_ms), (4, 2, Some(60.0)));
        let none = Stats::of(
            &[Window {
                from_ms: 0,
                to_ms: 1,
            }],
            &ends,
            &gaps,
        );
        assert_eq!((none.commands, none.measured, none.p50_ms), (0, 0, None));
    }

    #[test]
    fn ratios_need_both_figures() {
        assert_eq!(ratio(Some(30.0), Some(20.0)), Some(1.5));
        assert_eq!(ratio(None, Some(20.0)), None);
        assert_eq!(ratio(Some(1.0), Some(0.0)), None);
    }
}
