//! What the controller's JSON log says: each full resync's duration (its debug line
//! `resync` with `ms`, `targets`, `queued`), how many writes it announced (`applying`), and its
//! warnings and errors, for the report.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// One successful full resync, from its log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResyncLine {
    pub ms: u64,
    pub targets: u64,
    pub queued: u64,
}

/// The log, read once.
#[derive(Debug, Clone, Default)]
pub struct ControllerLog {
    /// Every successful resync, in order (the n-th is the n-th `bosun_resync_total{ok}`).
    pub resyncs: Vec<ResyncLine>,
    /// Lines announcing a write (`applying`).
    pub applying: usize,
    pub warnings: usize,
    pub errors: usize,
    /// Distinct warning and error messages with how often each came.
    pub problems: BTreeMap<String, usize>,
}

/// The log's summary in the report.
#[derive(Debug, Clone, Serialize)]
pub struct LogSummary {
    pub applying: usize,
    pub warnings: usize,
    pub errors: usize,
    /// The most frequent warning and error messages (at most 10), with their counts.
    pub problems: Vec<(String, usize)>,
}

impl ControllerLog {
    /// Parses the controller's log; lines that are not JSON (markers, panics) are skipped.
    pub fn parse(text: &str) -> ControllerLog {
        let mut log = ControllerLog::default();
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let fields = &v["fields"];
            let message = fields["message"].as_str().unwrap_or_default();
            match v["level"].as_str() {
                Some("DEBUG") if message == "resync" => {
                    let n = |k: &str| fields[k].as_u64();
                    if let (Some(ms), Some(targets), Some(queued)) =
                        (n("ms"), n("targets"), n("queued"))
                    {
                        log.resyncs.push(ResyncLine {
                            ms,
                            targets,
                            queued,
                        });
                    }
                }
                Some("INFO") if message == "applying" => log.applying += 1,
                Some(level @ ("WARN" | "ERROR")) => {
                    if level == "WARN" {
                        log.warnings += 1;
                    } else {
                        log.errors += 1;
                    }
                    let error = fields["error"]
                        .as_str()
                        .or_else(|| fields["problem"].as_str())
                        .map(|e| format!(": {e}"))
                        .unwrap_or_default();
                    *log.problems
                        .entry(format!("{level} {message}{error}"))
                        .or_default() += 1;
                }
                _ => {}
            }
        }
        log
    }

    /// The resyncs numbered `from+1 ..= to` (counts of `bosun_resync_total{result="ok"}`), as
    /// far as the log has them.
    pub fn resyncs_between(&self, from: u64, to: u64) -> &[ResyncLine] {
        let len = self.resyncs.len();
        let start = usize::try_from(from).unwrap_or(len).min(len);
        let end = usize::try_from(to).unwrap_or(len).min(len).max(start);
        &self.resyncs[start..end]
    }

    pub fn summary(&self) -> LogSummary {
        let mut problems: Vec<(String, usize)> =
            self.problems.iter().map(|(m, n)| (m.clone(), *n)).collect();
        problems.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        problems.truncate(10);
        LogSummary {
            applying: self.applying,
            warnings: self.warnings,
            errors: self.errors,
            problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = r#"{"e2e":"started by the test"}
{"timestamp":"2026-05-09T10:00:00.1Z","level":"INFO","fields":{"message":"configuration loaded","targets":2},"target":"bosun_controller"}
{"timestamp":"2026-05-09T10:00:00.2Z","level":"DEBUG","fields":{"message":"resync","targets":2,"queued":2,"ms":40},"target":"bosun_controller::runner"}
{"timestamp":"2026-05-09T10:00:00.3Z","level":"INFO","fields":{"message":"applying","target_name":"t0001","action":"create client key"},"target":"bosun_controller::runner"}
{"timestamp":"2026-05-09T10:00:00.4Z","level":"WARN","fields":{"message":"reconcile failed","target_name":"t0002","error":"boom","retry_in_ms":500},"target":"bosun_controller::runner"}
{"timestamp":"2026-05-09T10:00:00.5Z","level":"WARN","fields":{"message":"reconcile failed","target_name":"t0002","error":"boom","retry_in_ms":1000},"target":"bosun_controller::runner"}
{"timestamp":"2026-05-09T10:00:00.6Z","level":"WARN","fields":{"message":"target problem","problem":"target t9: no service"},"target":"bosun_controller::runner"}
{"timestamp":"2026-05-09T10:00:05.2Z","level":"DEBUG","fields":{"message":"resync","targets":2,"queued":0,"ms":7},"target":"bosun_controller::runner"}
not json at all
{"timestamp":"2026-05-09T10:00:10.2Z","level":"DEBUG","fields":{"message":"resync","targets":2,"queued":0,"ms":9},"target":"bosun_controller::runner"}
"#;

    #[test]
    fn resyncs_writes_and_problems_are_read() {
        let log = ControllerLog::parse(LOG);
        assert_eq!(
            log.resyncs.iter().map(|r| r.ms).collect::<Vec<_>>(),
            [40, 7, 9]
        );
        assert_eq!(log.resyncs[0].queued, 2);
        assert_eq!(log.applying, 1);
        assert_eq!((log.warnings, log.errors), (3, 0));
        let s = log.summary();
        assert_eq!(
            s.problems,
            [
                ("WARN reconcile failed: boom".to_owned(), 2),
                ("WARN target problem: target t9: no service".to_owned(), 1)
            ]
        );
    }

    #[test]
    fn resyncs_are_picked_by_their_counter_values() {
        let log = ControllerLog::parse(LOG);
        let ms = |from, to| {
            log.resyncs_between(from, to)
                .iter()
                .map(|r| r.ms)
                .collect::<Vec<_>>()
        };
        assert_eq!(ms(1, 3), [7, 9]);
        assert_eq!(ms(0, 1), [40]);
        assert_eq!(ms(2, 9), [9]);
        assert!(ms(5, 9).is_empty());
        assert!(ms(3, 1).is_empty());
    }
}
