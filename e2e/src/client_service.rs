//! A client app as a Swarm service: the `bosun-e2e/client` image running
//! `bosun-e2e-client follow TARGET PAUSE_MS` on the shared `bosun` network, configured only by
//! `BOSUN_DISCOVERY_URL`. The controller attaches the target's client key to it; from then on
//! it runs `php occ status --output=json` every PAUSE_MS through whatever proxies the discovery
//! record names, and prints one JSON line per command ([`FollowLine`]). Tests read those lines
//! (the container's logs on its node) to prove that commands keep succeeding while proxies
//! move, and that the app was never restarted. An app whose task is replaced (a client-key
//! rotation updates the service) has its lines spread over several tasks: [`TaskLines`] and
//! [`ClientServiceFixture::all_lines`] read every task that still has a container.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bollard::models::{
    Mount, MountType, NetworkAttachmentConfig, ServiceSpec, ServiceSpecUpdateConfig,
    ServiceSpecUpdateConfigOrderEnum, Task,
};
use serde::Deserialize;

use crate::managed::{self, TaskOn};
use crate::service::replicated_spec;
use crate::{Lab, ServiceFixture, wait};

/// The client image `make images` builds.
pub const IMAGE: &str = "bosun-e2e/client:latest";
/// The shared network of the test configs (the stack test deploys the stack's own `bosun`
/// network beside it).
pub const NETWORK: &str = "bosun-e2e";

/// One line of `bosun-e2e-client follow`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FollowLine {
    /// The command's number in its loop (from 0 in each task).
    pub i: u64,
    /// Which of the app's loops ran it (0 with one loop).
    #[serde(rename = "loop", default)]
    pub loop_n: u64,
    /// Unix time in ms when the command finished.
    pub t_ms: u64,
    /// `ok`, `exit` (another exit code), `not_sent`, `lost`.
    pub outcome: String,
    pub exit_code: Option<u32>,
    /// The proxy address (`ip:port`) that took the command.
    pub endpoint: Option<String>,
    pub error: Option<String>,
}

impl FollowLine {
    pub fn ok(&self) -> bool {
        self.outcome == "ok"
    }

    /// Whether the command had started when its target went away under it: killed with its
    /// container (137, 143: Docker kills every process of a container whose init exits), or
    /// its engine lost mid-command (a node's dockerd killed: the proxy cannot learn how it
    /// ended). Nothing can save such a command, and nothing may run it again.
    pub fn lost_in_flight(&self) -> bool {
        let engine_lost = self.error.as_deref().is_some_and(|e| {
            e.starts_with("bosun: inspecting exec ")
                || e.starts_with("bosun: reading the output of exec ")
        });
        matches!(self.exit_code, Some(137 | 143)) || engine_lost
    }
}

/// The client service of one test; removed when dropped.
#[derive(Debug)]
pub struct ClientServiceFixture {
    lab: Lab,
    pub service: ServiceFixture,
    pub target: String,
    /// The task that runs since the client key was attached (see [`Self::wait_keyed`]).
    pub task: Option<TaskOn>,
}

/// The label a client service opts in with (comma-separated targets).
pub const CLIENT_OF: &str = "bosun.client-of";

impl ClientServiceFixture {
    /// [`Self::create`], the app running as `user` (`33:33`): it reads its key as that user.
    pub async fn create_as(
        lab: &Lab,
        name: &str,
        target: &str,
        node: &str,
        discovery_url: &str,
        user: &str,
    ) -> Result<Self> {
        let spec = Self::spec(name, target, node, discovery_url, 300)?;
        let spec = with_container(spec, |c| c.user = Some(user.to_owned()));
        Self::create_from(lab, spec, target).await
    }

    /// [`Self::create`] with `loops` loops at once in the app (`follow target pause_ms loops`).
    #[allow(
        clippy::too_many_arguments,
        reason = "create's arguments and the loops"
    )]
    pub async fn create_loops(
        lab: &Lab,
        name: &str,
        target: &str,
        node: &str,
        discovery_url: &str,
        pause_ms: u64,
        loops: u64,
        env: &[&str],
    ) -> Result<Self> {
        let spec = Self::spec(name, target, node, discovery_url, pause_ms)?;
        let spec = with_container(spec, |c| {
            c.command
                .get_or_insert_with(Vec::new)
                .push(loops.to_string());
            c.env
                .get_or_insert_with(Vec::new)
                .extend(env.iter().map(|e| (*e).to_owned()));
        });
        Self::create_from(lab, spec, target).await
    }

    /// Creates service `name` running `follow target pause_ms`, pinned to `node` (a hostname),
    /// on the harness's network, with `BOSUN_DISCOVERY_URL=discovery_url` and `env` (the app's
    /// retry settings, say).
    pub async fn create(
        lab: &Lab,
        name: &str,
        target: &str,
        node: &str,
        discovery_url: &str,
        pause_ms: u64,
        env: &[&str],
    ) -> Result<Self> {
        let spec = Self::spec(name, target, node, discovery_url, pause_ms)?;
        let spec = with_container(spec, |c| {
            let all = c.env.get_or_insert_with(Vec::new);
            all.extend(env.iter().map(|e| (*e).to_owned()));
        });
        Self::create_from(lab, spec, target).await
    }

    /// The app a key rotation is tried under: `follow target 0 loops` (`loops` loops, no
    /// pause), pinned to `node`, updated start-first as docs/keys.md asks of client services
    /// (the task with the new key runs before the old one is stopped).
    pub async fn create_start_first(
        lab: &Lab,
        name: &str,
        target: &str,
        node: &str,
        discovery_url: &str,
        loops: u64,
    ) -> Result<Self> {
        Self::create_start_first_on(lab, name, target, node, discovery_url, loops, NETWORK).await
    }

    /// [`Self::create_start_first`] on `network` (the stack's `bosun`, say) instead of the
    /// harness's.
    pub async fn create_start_first_on(
        lab: &Lab,
        name: &str,
        target: &str,
        node: &str,
        discovery_url: &str,
        loops: u64,
        network: &str,
    ) -> Result<Self> {
        let spec = Self::spec_on(name, target, node, discovery_url, 0, network)?;
        let mut spec = with_container(spec, |c| {
            c.command
                .get_or_insert_with(Vec::new)
                .push(loops.to_string());
        });
        spec.update_config = Some(ServiceSpecUpdateConfig {
            order: Some(ServiceSpecUpdateConfigOrderEnum::START_FIRST),
            ..Default::default()
        });
        Self::create_from(lab, spec, target).await
    }

    /// [`Self::create`] whose discovery source is a file: `BOSUN_DISCOVERY_FILE` is
    /// `/records/record.json` (and its `.sig`), the directory `records_dir` of `node` mounted
    /// at `/records` (read-only), so that a test writes the records the app is handed.
    pub async fn create_with_record_file(
        lab: &Lab,
        name: &str,
        target: &str,
        node: &str,
        records_dir: &str,
    ) -> Result<Self> {
        let spec = Self::spec(name, target, node, "", crate::scenario::CLIENT_PAUSE_MS)?;
        let spec = with_container(spec, |c| {
            let env = c.env.get_or_insert_with(Vec::new);
            env.retain(|e| !e.starts_with("BOSUN_DISCOVERY_URL="));
            env.push("BOSUN_DISCOVERY_FILE=/records/record.json".into());
            c.mounts.get_or_insert_with(Vec::new).push(Mount {
                target: Some("/records".into()),
                source: Some(records_dir.to_owned()),
                typ: Some(MountType::BIND),
                read_only: Some(true),
                ..Default::default()
            });
        });
        Self::create_from(lab, spec, target).await
    }

    /// Fails when the app's client library refused a discovery record (a bad signature, an
    /// unknown key, an expired or older record): its log line says
    /// `refused a discovery record`. A read that failed (`Connection refused` while the
    /// controller restarts, say) is not a refusal.
    pub async fn assert_no_record_refused(&self) -> Result<()> {
        let log = self.stderr().await?;
        let refused: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("refused a discovery record"))
            .collect();
        anyhow::ensure!(
            refused.is_empty(),
            "the app refused a record: {}",
            refused.join("\n")
        );
        Ok(())
    }

    /// What the app's task logged on stderr so far (the client library's log: the records it
    /// took or refused, at `RUST_LOG=info`).
    pub async fn stderr(&self) -> Result<String> {
        let task = self.task.as_ref().context("wait_keyed first")?;
        self.lab
            .container_logs(&task.node, &task.container_id, false, true)
            .await
    }

    async fn create_from(lab: &Lab, spec: ServiceSpec, target: &str) -> Result<Self> {
        let service = ServiceFixture::create(lab, spec).await?;
        Ok(Self {
            lab: lab.clone(),
            service,
            target: target.to_owned(),
            task: None,
        })
    }

    /// The app's spec: `follow target pause_ms` pinned to `node`, on the `bosun` network,
    /// opted in to `target`'s key.
    fn spec(
        name: &str,
        target: &str,
        node: &str,
        discovery_url: &str,
        pause_ms: u64,
    ) -> Result<ServiceSpec> {
        Self::spec_on(name, target, node, discovery_url, pause_ms, NETWORK)
    }

    /// [`Self::spec`] on `network`.
    fn spec_on(
        name: &str,
        target: &str,
        node: &str,
        discovery_url: &str,
        pause_ms: u64,
        network: &str,
    ) -> Result<ServiceSpec> {
        let mut spec = replicated_spec(name, IMAGE, &[format!("node.hostname=={node}")]);
        // The client's own opt-in: the controller mounts a target's key only in a service
        // that names the target in this label.
        spec.labels
            .get_or_insert_with(Default::default)
            .insert(CLIENT_OF.to_owned(), target.to_owned());
        let task = spec
            .task_template
            .as_mut()
            .context("the spec has no task template")?;
        let container = task
            .container_spec
            .as_mut()
            .context("the spec has no container spec")?;
        container.command = Some(vec![
            "bosun-e2e-client".into(),
            "follow".into(),
            target.to_owned(),
            pause_ms.to_string(),
        ]);
        container.env = Some(vec![
            format!("BOSUN_DISCOVERY_URL={discovery_url}"),
            "RUST_LOG=info".into(),
        ]);
        task.networks = Some(vec![NetworkAttachmentConfig {
            target: Some(network.into()),
            ..Default::default()
        }]);
        Ok(spec)
    }

    /// Waits until a task runs whose spec mounts a client key of the target (the controller
    /// attached it: the service was updated once) and no task without it is left running (a
    /// start-first app's first task runs on, failing, until the keyed one runs and it has
    /// stopped), and records it as the app's task.
    pub async fn wait_keyed(&mut self, timeout: Duration) -> Result<TaskOn> {
        let prefix = format!("bosun-{}-client-", self.target);
        let what = format!(
            "a task of {} with the secret {prefix}<k> attached, and none without it",
            self.service.name
        );
        let task = wait::until(&what, timeout, || async {
            let keyed = |t: &Task| mounts_secret(t, &prefix);
            let tasks = managed::running_tasks_where(&self.lab, &self.service.name, keyed).await?;
            let unkeyed_live = managed::all_tasks(&self.lab, &self.service.name)
                .await?
                .iter()
                .any(|t| managed::is_live(t) && !keyed(t));
            Ok(tasks.into_iter().next().filter(|_| !unkeyed_live))
        })
        .await?;
        self.task = Some(task.clone());
        Ok(task)
    }

    /// Fails unless the app still runs in the same task and container as when it was keyed.
    pub async fn assert_not_restarted(&self) -> Result<()> {
        let keyed = self.task.as_ref().context("wait_keyed first")?;
        let now = managed::running_tasks(&self.lab, &self.service.name).await?;
        match now.as_slice() {
            [t] if t.container_id == keyed.container_id => Ok(()),
            _ => bail!(
                "the client app was restarted or replaced: it ran in {} on {}, now {:?}",
                keyed.container_id,
                keyed.node,
                now
            ),
        }
    }

    /// Every line the app's keyed task (see [`Self::wait_keyed`]) printed so far.
    pub async fn lines(&self) -> Result<Vec<FollowLine>> {
        let raw = self.raw_lines().await?;
        Ok(parse_follow_output(&raw.join("\n"))?.lines)
    }

    /// What every task of the app that still has a container printed, task by task: the old
    /// tasks of a rolling update too (Swarm keeps a few, `TaskHistoryRetentionLimit`).
    pub async fn lines_by_task(&self) -> Result<Vec<(TaskOn, TaskLines)>> {
        let mut out = Vec::new();
        for task in managed::tasks_with_containers(&self.lab, &self.service.name).await? {
            let text = self
                .lab
                .container_logs(&task.node, &task.container_id, true, false)
                .await?;
            let lines = parse_follow_output(&text)
                .with_context(|| format!("the output of container {}", task.container_id))?;
            out.push((task, lines));
        }
        Ok(out)
    }

    /// Every command line of every task of the app ([`Self::lines_by_task`]), by end time.
    pub async fn all_lines(&self) -> Result<Vec<FollowLine>> {
        let mut all: Vec<FollowLine> = self
            .lines_by_task()
            .await?
            .into_iter()
            .flat_map(|(_, t)| t.lines)
            .collect();
        all.sort_by_key(|l| l.t_ms);
        Ok(all)
    }

    /// Every JSON line the app printed so far, as text.
    pub async fn raw_lines(&self) -> Result<Vec<String>> {
        let task = self.task.as_ref().context("wait_keyed first")?;
        let text = self
            .lab
            .container_logs(&task.node, &task.container_id, true, false)
            .await?;
        Ok(text
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(str::to_owned)
            .collect())
    }

    /// Waits for a successful command that finished at or after `since_ms`; returns it.
    pub async fn wait_ok_since(&self, since_ms: u64, timeout: Duration) -> Result<FollowLine> {
        let what = format!("a successful command of the client app after t={since_ms}");
        wait::until(&what, timeout, || async {
            let lines = self.lines().await?;
            if let Some(ok) = lines.iter().find(|l| l.t_ms >= since_ms && l.ok()) {
                return Ok(Some(ok.clone()));
            }
            match lines.last() {
                Some(last) => bail!("last line: {last:?}"),
                None => Ok(None),
            }
        })
        .await
    }

    /// The lines that finished in `[from_ms, to_ms]`.
    pub async fn lines_between(&self, from_ms: u64, to_ms: u64) -> Result<Vec<FollowLine>> {
        Ok(self
            .lines()
            .await?
            .into_iter()
            .filter(|l| (from_ms..=to_ms).contains(&l.t_ms))
            .collect())
    }
}

/// What one task of `follow` printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskLines {
    /// One per command, in the order they finished.
    pub lines: Vec<FollowLine>,
    /// Whether the final line (`{"done": true, …}`) came: the app stopped on its signal after
    /// the commands in flight ended. A stopped task without it was killed, and the commands it
    /// had in flight have no line.
    pub finished: bool,
}

/// Reads `follow`'s stdout: its command lines and whether its final line came. Lines that are
/// not JSON objects (none are printed today) are skipped; a JSON line that is neither is an
/// error.
pub fn parse_follow_output(text: &str) -> Result<TaskLines> {
    let mut out = TaskLines::default();
    for l in text.lines().filter(|l| l.starts_with('{')) {
        let value: serde_json::Value =
            serde_json::from_str(l).with_context(|| format!("bad client line {l:?}"))?;
        if value.get("done").is_some() {
            out.finished = true;
            continue;
        }
        let line =
            serde_json::from_value(value).with_context(|| format!("bad client line {l:?}"))?;
        out.lines.push(line);
    }
    Ok(out)
}

/// `spec` with `edit` applied to its container spec.
fn with_container(
    mut spec: ServiceSpec,
    edit: impl FnOnce(&mut bollard::models::TaskSpecContainerSpec),
) -> ServiceSpec {
    if let Some(c) = spec
        .task_template
        .as_mut()
        .and_then(|t| t.container_spec.as_mut())
    {
        edit(c);
    }
    spec
}

/// Whether `task` mounts a secret whose name, read as instance `bosun`'s (`<instance>--…` as
/// `bosun-…`), starts with `prefix`.
fn mounts_secret(task: &Task, prefix: &str) -> bool {
    task.spec
        .as_ref()
        .and_then(|s| s.container_spec.as_ref())
        .and_then(|c| c.secrets.as_ref())
        .is_some_and(|secrets| {
            secrets.iter().any(|s| {
                s.secret_name.as_deref().is_some_and(|n| {
                    crate::controller::default_instance_name(n).starts_with(prefix)
                })
            })
        })
}

/// A one-line summary of `lines`: the count of each outcome, the endpoints that served, and
/// each distinct error once (for a test to print what the app saw during a change).
pub fn summary(lines: &[FollowLine]) -> String {
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut endpoints: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors: Vec<&str> = Vec::new();
    for l in lines {
        *outcomes.entry(l.outcome.as_str()).or_default() += 1;
        if let Some(e) = &l.endpoint {
            *endpoints.entry(e.as_str()).or_default() += 1;
        }
        if let Some(e) = &l.error {
            if !l.ok() && !errors.contains(&e.as_str()) {
                errors.push(e);
            }
        }
    }
    let span = match (lines.first(), lines.last()) {
        (Some(a), Some(b)) => format!("{} ms", b.t_ms.saturating_sub(a.t_ms)),
        _ => "-".into(),
    };
    format!(
        "{} commands over {span}: {outcomes:?}; endpoints {endpoints:?}; errors {errors:?}",
        lines.len()
    )
}

/// Unix time now, in ms (to compare with [`FollowLine::t_ms`]).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(t_ms: u64, outcome: &str, endpoint: Option<&str>, error: Option<&str>) -> FollowLine {
        FollowLine {
            i: t_ms,
            loop_n: 0,
            t_ms,
            outcome: outcome.into(),
            exit_code: (outcome == "ok").then_some(0),
            endpoint: endpoint.map(Into::into),
            error: error.map(Into::into),
        }
    }

    #[test]
    fn follow_lines_parse() {
        let l: FollowLine = serde_json::from_str(
            r#"{"i":3,"t_ms":1700000000123,"outcome":"ok","exit_code":0,"endpoint":"10.0.0.5:2222","error":null}"#,
        )
        .unwrap();
        assert!(l.ok());
        assert_eq!(l.endpoint.as_deref(), Some("10.0.0.5:2222"));
        let l: FollowLine = serde_json::from_str(
            r#"{"i":4,"t_ms":1,"outcome":"not_sent","endpoint":null,"error":"no proxy"}"#,
        )
        .unwrap();
        assert!(!l.ok());
        assert_eq!(l.exit_code, None);
    }

    #[test]
    fn follow_output_gives_command_lines_by_loop_and_whether_the_app_finished() {
        let text = "starting\n\
            {\"i\":0,\"loop\":1,\"t_ms\":5,\"outcome\":\"ok\",\"exit_code\":0,\"endpoint\":\"a:1\",\"error\":null}\n\
            {\"i\":0,\"loop\":0,\"t_ms\":6,\"outcome\":\"lost\",\"endpoint\":null,\"error\":\"x\"}\n";
        let running = parse_follow_output(text).unwrap();
        assert_eq!(running.lines.len(), 2);
        assert_eq!((running.lines[0].loop_n, running.lines[1].loop_n), (1, 0));
        assert!(!running.finished);
        let stopped = format!("{text}{{\"done\":true,\"connections_dialed\":1}}\n");
        let stopped = parse_follow_output(&stopped).unwrap();
        assert_eq!(stopped.lines, running.lines);
        assert!(stopped.finished);
        assert!(parse_follow_output("{\"i\":1}\n").is_err());
    }

    #[test]
    fn the_summary_counts_outcomes_endpoints_and_distinct_errors() {
        let lines = [
            line(1000, "ok", Some("a:1"), None),
            line(1500, "not_sent", None, Some("refused")),
            line(2000, "not_sent", None, Some("refused")),
            line(2500, "ok", Some("b:1"), None),
        ];
        assert_eq!(
            summary(&lines),
            "4 commands over 1500 ms: {\"not_sent\": 2, \"ok\": 2}; endpoints {\"a:1\": 1, \"b:1\": 1}; errors [\"refused\"]"
        );
        assert_eq!(
            summary(&[]),
            "0 commands over -: {}; endpoints {}; errors []"
        );
    }
}
