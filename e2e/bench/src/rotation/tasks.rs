//! Every task's output of the benchmark's apps, kept across task replacements.
//!
//! A client-key rotation replaces each app's task (`switch-client`), and Swarm keeps only a few
//! old tasks of a service (`TaskHistoryRetentionLimit`, 5 by default): after enough rotations
//! the oldest tasks are deleted with their containers, and their lines with them. So the bench
//! reads a task's output once it has stopped (after each rotation, when at most one task of
//! each app has stopped since the last read) and keeps it here; the tasks still running are
//! read once, at the end. Reading the running tasks only at the end also keeps the log reads
//! off the Engine while the commands are being timed.
//!
//! A task whose container is gone before its output could be read is kept as `unread`: its
//! commands are not counted, and the report says so.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use bosun_e2e::Lab;
use bosun_e2e::client_service::{TaskLines, parse_follow_output};
use bosun_e2e::managed::{self, TaskOn};
use serde::Serialize;

/// One task of one app, as last read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskRecord {
    pub app: String,
    pub task_id: String,
    pub container_id: String,
    pub node: String,
    #[serde(skip)]
    pub out: TaskLines,
    /// Whether the task had not reached a final state when its output was last read (more
    /// lines may follow).
    pub running: bool,
    /// Why its output could not be read, when it could not.
    pub unread: Option<String>,
}

impl TaskRecord {
    /// Whether this record is final: the task had stopped (a final state) when it was read.
    fn complete(&self) -> bool {
        !self.running && self.unread.is_none()
    }
}

/// The records of every task of the apps, by container id.
#[derive(Debug, Default)]
pub struct Tasks {
    records: BTreeMap<String, TaskRecord>,
}

impl Tasks {
    /// Reads the tasks of `apps` that stopped since the last call; with `all`, the others too
    /// (the last call).
    pub async fn read(&mut self, lab: &Lab, apps: &[String], all: bool) -> Result<()> {
        for app in apps {
            let stopped = stopped_tasks(lab, app).await?;
            for task in managed::tasks_with_containers(lab, app).await? {
                let running = !stopped.contains(&task.task_id);
                let done = self
                    .records
                    .get(&task.container_id)
                    .is_some_and(TaskRecord::complete);
                if done || (running && !all) {
                    continue;
                }
                let read = read_output(lab, &task).await;
                self.store(app, task, running, read);
            }
        }
        Ok(())
    }

    /// Keeps what one read gave; a failed read keeps the lines of an earlier one.
    fn store(&mut self, app: &str, task: TaskOn, running: bool, read: Result<TaskLines>) {
        let record = self
            .records
            .entry(task.container_id.clone())
            .or_insert_with(|| TaskRecord {
                app: app.to_owned(),
                task_id: task.task_id.clone(),
                container_id: task.container_id.clone(),
                node: task.node.clone(),
                ..Default::default()
            });
        match read {
            Ok(out) => {
                record.out = out;
                record.running = running;
                record.unread = None;
            }
            Err(e) => record.unread = Some(format!("{e:#}")),
        }
    }

    /// Tasks already read, as given (for the report's tests).
    pub fn from_records(records: impl IntoIterator<Item = TaskRecord>) -> Tasks {
        Tasks {
            records: records
                .into_iter()
                .map(|r| (r.container_id.clone(), r))
                .collect(),
        }
    }

    /// Every record, by container id.
    pub fn records(&self) -> Vec<&TaskRecord> {
        self.records.values().collect()
    }
}

/// The ids of the tasks of `service` that reached a final state (their container has exited,
/// so their output is complete).
async fn stopped_tasks(lab: &Lab, service: &str) -> Result<HashSet<String>> {
    Ok(managed::all_tasks(lab, service)
        .await?
        .into_iter()
        .filter(|t| !managed::is_live(t))
        .filter_map(|t| t.id)
        .collect())
}

/// A task's stdout, read through its node's Engine.
async fn read_output(lab: &Lab, task: &TaskOn) -> Result<TaskLines> {
    let text = lab
        .container_logs(&task.node, &task.container_id, true, false)
        .await?;
    parse_follow_output(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(container: &str) -> TaskOn {
        TaskOn {
            task_id: format!("task-{container}"),
            node_id: "n1".into(),
            node: "lab1".into(),
            container_id: container.into(),
            addresses: Vec::new(),
        }
    }

    fn lines(n: u64, finished: bool) -> TaskLines {
        let text: String = (0..n)
            .map(|i| format!("{{\"i\":{i},\"t_ms\":{i},\"outcome\":\"ok\",\"exit_code\":0}}\n"))
            .collect();
        let done = if finished { "{\"done\":true}\n" } else { "" };
        parse_follow_output(&format!("{text}{done}")).unwrap()
    }

    #[test]
    fn a_failed_read_keeps_the_earlier_lines_and_says_why() {
        let mut tasks = Tasks::default();
        tasks.store("a", task("c1"), true, Ok(lines(3, false)));
        tasks.store(
            "a",
            task("c1"),
            false,
            Err(anyhow::anyhow!("no such container")),
        );
        let r = tasks.records()[0];
        assert_eq!(r.out.lines.len(), 3);
        assert!(r.running, "the last good read saw it running");
        assert_eq!(r.unread.as_deref(), Some("no such container"));
        assert!(!r.complete());
    }

    #[test]
    fn a_stopped_task_read_once_is_complete() {
        let mut tasks = Tasks::default();
        tasks.store("a", task("c1"), true, Ok(lines(2, false)));
        assert!(!tasks.records()[0].complete());
        tasks.store("a", task("c1"), false, Ok(lines(4, true)));
        let r = tasks.records()[0];
        assert!(r.complete() && r.out.finished);
        assert_eq!(r.out.lines.len(), 4);
        tasks.store("b", task("c2"), false, Err(anyhow::anyhow!("gone")));
        let unread = tasks.records()[1];
        assert!(unread.out.lines.is_empty() && unread.unread.is_some());
    }
}
