//! The target side of an exec: this node's Docker engine (connected on first use, so a proxy
//! that starts before its engine answers still comes up), the running task of the configured
//! service on this node, found again for every command, and the fixed `ExecSpec`.
//!
//! Only a container Swarm made for a task of the service on this node counts (name, service id
//! when known, task id, node id: see `bosun_engine::select_task_container`). While the target
//! restarts there is none: [`Target::start_in_task`] polls the engine (100 ms doubling to 1 s)
//! for at most the task wait, and gives up early when the proxy drains or the client leaves.
//! A container that stopped between the look and the exec counts as none, and so does one
//! Swarm has begun to stop (see `stopping.rs`): a command started there would die with it.
//!
//! Every command carries its marker in its environment; [`Target::stop`] hands it to the
//! stopper, and [`Target::wait_exec_end`] tells when the engine reports a stopped command
//! ended (only then is its place in the limit free).
//! Giving up means nothing ran, and nothing will: the command is dropped with the wait.
//!
//! Nothing here reads client text except the argv, which the policy has already validated.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bollard::Docker;
use bosun_core::backoff::Exponential;
use tokio::sync::OnceCell;
use tokio::time::Instant;

use super::config::ExecSettings;
use super::stopper::{Marker, Stopped, Stopper};
use super::stopping::Stopping;
use bosun_engine::{self as engine, EngineError, ExecSpec, RunningExec, TaskQuery};

/// The delays between looks for a task while the target restarts.
const TASK_POLL: Exponential = Exponential {
    min: Duration::from_millis(100),
    max: Duration::from_secs(1),
    factor: 2.0,
    jitter: false,
    times: None,
};

/// How often a stopped command is asked after until the engine reports it ended.
const END_POLL: Exponential = Exponential {
    min: Duration::from_millis(100),
    max: Duration::from_secs(5),
    factor: 2.0,
    jitter: false,
    times: None,
};

/// How long the first command waits for the first replay of the engine's events.
const FIRST_SYNC: Duration = Duration::from_secs(2);

/// Where one attempt at a command got to: the container it was started in (from when the task
/// was found) and the exec's id (from when the engine created it, before it starts). Written as
/// the attempt goes, so a timeout that cuts it short still knows what may be running.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Started {
    pub container: Option<String>,
    pub exec_id: Option<String>,
}

/// Why there is no task to run a command in.
#[derive(Debug)]
pub enum NoTask {
    /// None appeared within the wait, or the wait was cut short: the reason, one line.
    NotStarted(String),
    /// The engine failed (unreachable, an API error).
    Engine(EngineError),
}

/// Where commands run: the configured service's task on this node.
#[derive(Debug)]
pub struct Target {
    query: TaskQuery,
    task_wait: Duration,
    exec: ExecSettings,
    docker_host: Option<String>,
    docker: OnceCell<Docker>,
    /// This engine's Swarm node, once known: looked up once (`docker info` on a manager waits
    /// out a raft election, which would stall every command meanwhile). A node's id does not
    /// change while it stays in the swarm.
    node: OnceCell<engine::ThisNode>,
    stopping: Arc<Stopping>,
    stopper: Stopper,
}

impl Target {
    pub fn new(
        query: TaskQuery,
        task_wait: Duration,
        exec: ExecSettings,
        docker_host: Option<String>,
        stopper: Stopper,
    ) -> Target {
        Target {
            query,
            task_wait,
            exec,
            docker_host,
            docker: OnceCell::new(),
            node: OnceCell::new(),
            stopping: Stopping::new(),
            stopper,
        }
    }

    /// The exec of `argv` with the fixed user, working directory and environment.
    pub fn spec(&self, argv: Vec<String>, marker: &Marker) -> ExecSpec {
        let mut env = self.exec.env.clone();
        env.push(marker.env_entry());
        ExecSpec {
            argv,
            user: self.exec.user.clone(),
            working_dir: self.exec.workdir.clone(),
            env,
        }
    }

    /// Stops the processes of the command marked `marker` in `container` (TERM, then KILL).
    pub async fn stop(&self, container: &str, marker: &Marker) -> Stopped {
        match self.docker().await {
            Ok(docker) => self.stopper.stop(docker, container, marker).await,
            Err(e) => Stopped::Failed(e.to_string()),
        }
    }

    /// Returns once the command `started` with `marker` has ended: the engine reports its exec
    /// not running. When the engine does not know the exec (not created yet as the attempt was
    /// cut; forgotten by a restarted engine), the stopper is asked again instead: no process
    /// of the command left is the end. Asks again, less and less often, for as long as it
    /// takes.
    pub async fn wait_exec_end(&self, started: &Started, marker: &Marker) {
        let Some(container) = &started.container else {
            return; // nothing was started
        };
        let mut delays = END_POLL.backoff();
        loop {
            let ended = match self.exec_state(started.exec_id.as_deref()).await {
                ExecState::Ended => true,
                // no exec to ask after: no process of the command left is its end
                ExecState::Unknown => {
                    !matches!(self.stop(container, marker).await, Stopped::Failed(_))
                }
                ExecState::Running | ExecState::Unreachable => false,
            };
            if ended {
                return;
            }
            tokio::time::sleep(delays.next_delay()).await;
        }
    }

    /// What the engine says of exec `exec_id` (`None`: none was created).
    async fn exec_state(&self, exec_id: Option<&str>) -> ExecState {
        let Some(id) = exec_id else {
            return ExecState::Unknown;
        };
        let Ok(docker) = self.docker().await else {
            return ExecState::Unreachable;
        };
        match docker.inspect_exec(id).await {
            Ok(inspect) if inspect.running == Some(true) => ExecState::Running,
            Ok(_) => ExecState::Ended,
            Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 404, ..
            }) => ExecState::Unknown,
            Err(_) => ExecState::Unreachable,
        }
    }

    /// The engine client, connecting (and negotiating the API version) on first use; a failed
    /// attempt is retried by the next command. Once connected, the service's container events
    /// are followed, and the first command waits briefly for them to catch up.
    async fn docker(&self) -> Result<&Docker, EngineError> {
        self.docker
            .get_or_try_init(|| async {
                let docker = engine::connect(self.docker_host.as_deref()).await?;
                tokio::spawn({
                    let docker = docker.clone();
                    async move { Stopper::sweep(&docker).await }
                });
                self.stopping
                    .follow(docker.clone(), self.query.service.clone());
                if !self.stopping.synced(FIRST_SYNC).await {
                    tracing::warn!("the engine's events have not caught up; going on");
                }
                Ok(docker)
            })
            .await
    }

    /// This engine's Swarm node; an engine outside a swarm is asked again next time.
    async fn node(&self, docker: &Docker) -> Result<engine::ThisNode, EngineError> {
        if let Some(node) = self.node.get() {
            return Ok(node.clone());
        }
        let node = engine::this_node(docker).await?;
        if node.id.is_some() {
            // a lost race sets the same node
            let _ = self.node.set(node.clone());
        }
        Ok(node)
    }

    /// Whether `container` stopped, went, or was told to stop: a command there that never
    /// started may start again in the next task.
    pub async fn has_ended(&self, container: &str) -> bool {
        if self.stopping.contains(container) {
            return true;
        }
        let Ok(docker) = self.docker().await else {
            return true;
        };
        match docker.inspect_container(container, None).await {
            Ok(inspect) => !inspect.state.and_then(|s| s.running).unwrap_or(false),
            Err(_) => true,
        }
    }

    /// Starts `argv` in the service's running task on this node, waiting up to the task wait
    /// for one to appear. `cut` ends the wait early (it names why: the drain, the client gone).
    ///
    /// Whatever stops the command before the engine has started it counts as "no task yet",
    /// and the wait goes on: no running task, a container that stopped or went between the
    /// look and the exec (the old task of a stop-first update is still listed for a moment),
    /// an engine that does not answer (a dockerd restart: this proxy's container outlives its
    /// engine). Nothing ran, so the answer at the end of the wait is "not started".
    pub async fn start_in_task(
        &self,
        argv: Vec<String>,
        marker: &Marker,
        started: &mut Started,
        cut: impl Future<Output = &'static str>,
    ) -> Result<RunningExec, NoTask> {
        let deadline = Instant::now() + self.task_wait;
        let mut delays = TASK_POLL.backoff();
        tokio::pin!(cut);
        loop {
            let why = match self.try_start(&argv, marker, started).await {
                Attempt::Started(exec) => return Ok(exec),
                Attempt::Failed(e) => return Err(NoTask::Engine(e)),
                Attempt::NotYet(why) => why,
            };
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let within = humantime::format_duration(self.task_wait);
                return Err(NoTask::NotStarted(format!("{why} within {within}")));
            }
            tracing::debug!(target = %self.query.service, "waiting: {why}");
            tokio::select! {
                () = tokio::time::sleep(delays.next_delay().min(left)) => {}
                cut_by = &mut cut => return Err(NoTask::NotStarted(format!("{why} ({cut_by})"))),
            }
        }
    }

    /// One look for the task and, when there is one, the exec in it.
    async fn try_start(&self, argv: &[String], marker: &Marker, started: &mut Started) -> Attempt {
        let docker = match self.docker().await {
            Ok(docker) => docker,
            Err(e) => return Attempt::NotYet(e.to_string()),
        };
        let node = match self.node(docker).await {
            Ok(node) => node,
            Err(e) => return Attempt::NotYet(e.to_string()),
        };
        let usable = |id: &str| !self.stopping.contains(id);
        let task = match engine::find_task_on(docker, &node, &self.query, usable).await {
            Ok(task) => task,
            Err(EngineError::NoTaskOnNode { node, .. }) => {
                let service = &self.query.service;
                return Attempt::NotYet(format!("no running task of {service} on node {node}"));
            }
            Err(e) => return Attempt::NotYet(e.to_string()),
        };
        *started = Started {
            container: Some(task.container_id.clone()),
            exec_id: None,
        };
        let spec = self.spec(argv.to_vec(), marker);
        let run = engine::run_noting(docker, &task.container_id, &spec, &mut started.exec_id);
        match run.await {
            Ok(exec) => Attempt::Started(exec),
            Err(e) if e.container_gone() => {
                // nothing ran there
                *started = Started::default();
                Attempt::NotYet(e.to_string())
            }
            Err(e) => Attempt::Failed(e),
        }
    }
}

/// An exec, as the engine sees it.
enum ExecState {
    Running,
    Ended,
    /// None was created, or the engine does not know it (a restarted engine forgets).
    Unknown,
    /// The engine did not answer.
    Unreachable,
}

/// What one try to start a command came to.
enum Attempt {
    Started(RunningExec),
    /// Nothing ran, for this reason (one line); the wait goes on.
    NotYet(String),
    /// The engine failed the exec itself.
    Failed(EngineError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_is_the_argv_plus_the_fixed_settings() {
        let target = Target::new(
            TaskQuery::by_name("nc"),
            Duration::ZERO,
            ExecSettings {
                user: Some("www-data".into()),
                workdir: Some("/var/www/html".into()),
                env: vec!["A=1".into()],
            },
            None,
            Stopper::new(None, Duration::from_secs(5)),
        );
        let marker = Marker::new();
        let spec = target.spec(vec!["php".into(), "occ".into(), "status".into()], &marker);
        assert_eq!(
            spec,
            ExecSpec {
                argv: vec!["php".into(), "occ".into(), "status".into()],
                user: Some("www-data".into()),
                working_dir: Some("/var/www/html".into()),
                // the marker the stopper finds the command's processes by
                env: vec!["A=1".into(), marker.env_entry()],
            }
        );
    }

    #[tokio::test]
    async fn an_unreachable_engine_is_waited_for_then_not_started_with_the_reason() {
        let target = Target::new(
            TaskQuery::by_name("nc"),
            Duration::from_millis(300),
            ExecSettings::default(),
            Some("/nonexistent/docker.sock".into()),
            Stopper::new(None, Duration::from_secs(5)),
        );
        let started = Instant::now();
        let mut attempt = Started::default();
        let outcome = target
            .start_in_task(vec![], &Marker::new(), &mut attempt, std::future::pending())
            .await;
        assert_eq!(attempt, Started::default());
        let Err(NoTask::NotStarted(why)) = outcome else {
            panic!("an unreachable engine is not a not-started answer");
        };
        assert!(
            why.starts_with("cannot reach the Docker engine at /nonexistent/docker.sock")
                && why.ends_with(" within 300ms"),
            "{why}"
        );
        assert!(started.elapsed() >= Duration::from_millis(300));
    }
}
