//! The target side of an exec: this node's Docker engine (connected on first use, so a proxy
//! that starts before its engine answers still comes up), the running task of the configured
//! service on this node, found again for every command, and the fixed `ExecSpec`.
//!
//! Only a container Swarm made for a task of the service on this node counts (name, service id
//! when known, task id, node id: see `bosun_engine::select_task_container`). While the target
//! restarts there is none: [`Target::wait_for_task`] polls the engine (100 ms doubling to 1 s)
//! for at most the task wait, and gives up early when the proxy drains or the client leaves.
//! Giving up means nothing ran, and nothing will: the command is dropped with the wait.
//!
//! Nothing here reads client text except the argv, which the policy has already validated.

use std::future::Future;
use std::time::Duration;

use bollard::Docker;
use bosun_core::backoff::Exponential;
use tokio::sync::OnceCell;
use tokio::time::Instant;

use super::config::ExecSettings;
use bosun_engine::{self as engine, EngineError, ExecSpec, RunningExec, TaskContainer, TaskQuery};

/// The delays between looks for a task while the target restarts.
const TASK_POLL: Exponential = Exponential {
    min: Duration::from_millis(100),
    max: Duration::from_secs(1),
    factor: 2.0,
    jitter: false,
    times: None,
};

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
}

impl Target {
    pub fn new(
        query: TaskQuery,
        task_wait: Duration,
        exec: ExecSettings,
        docker_host: Option<String>,
    ) -> Target {
        Target {
            query,
            task_wait,
            exec,
            docker_host,
            docker: OnceCell::new(),
        }
    }

    /// The exec of `argv` with the fixed user, working directory and environment.
    pub fn spec(&self, argv: Vec<String>) -> ExecSpec {
        ExecSpec {
            argv,
            user: self.exec.user.clone(),
            working_dir: self.exec.workdir.clone(),
            env: self.exec.env.clone(),
        }
    }

    /// The engine client, connecting (and negotiating the API version) on first use; a failed
    /// attempt is retried by the next command.
    async fn docker(&self) -> Result<&Docker, EngineError> {
        self.docker
            .get_or_try_init(|| engine::connect(self.docker_host.as_deref()))
            .await
    }

    /// The service's running task on this node, waiting up to the task wait for one to
    /// appear. `cut` ends the wait early (it names why: the drain, the client gone).
    pub async fn wait_for_task(
        &self,
        cut: impl Future<Output = &'static str>,
    ) -> Result<TaskContainer, NoTask> {
        let docker = self.docker().await.map_err(NoTask::Engine)?;
        let deadline = Instant::now() + self.task_wait;
        let mut delays = TASK_POLL.backoff();
        tokio::pin!(cut);
        loop {
            let node = match engine::find_task(docker, &self.query).await {
                Ok(task) => return Ok(task),
                Err(EngineError::NoTaskOnNode { node, .. }) => node,
                Err(e) => return Err(NoTask::Engine(e)),
            };
            let missing = format!("no running task of {} on node {node}", self.query.service);
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let within = humantime::format_duration(self.task_wait);
                return Err(NoTask::NotStarted(format!("{missing} within {within}")));
            }
            tokio::select! {
                () = tokio::time::sleep(delays.next_delay().min(left)) => {}
                why = &mut cut => return Err(NoTask::NotStarted(format!("{missing} ({why})"))),
            }
        }
    }

    /// Starts `argv` in `task` (found by [`Target::wait_for_task`]).
    pub async fn start(
        &self,
        task: &TaskContainer,
        argv: Vec<String>,
    ) -> Result<RunningExec, EngineError> {
        let docker = self.docker().await?;
        engine::run(docker, &task.container_id, &self.spec(argv)).await
    }
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
        );
        let spec = target.spec(vec!["php".into(), "occ".into(), "status".into()]);
        assert_eq!(
            spec,
            ExecSpec {
                argv: vec!["php".into(), "occ".into(), "status".into()],
                user: Some("www-data".into()),
                working_dir: Some("/var/www/html".into()),
                env: vec!["A=1".into()],
            }
        );
    }

    #[tokio::test]
    async fn an_unreachable_engine_is_a_clear_error() {
        let target = Target::new(
            TaskQuery::by_name("nc"),
            Duration::from_secs(30),
            ExecSettings::default(),
            Some("/nonexistent/docker.sock".into()),
        );
        let Err(NoTask::Engine(err)) = target.wait_for_task(std::future::pending()).await else {
            panic!("an unreachable engine is not an engine error");
        };
        assert!(
            err.to_string()
                .starts_with("cannot reach the Docker engine at /nonexistent/docker.sock"),
            "{err}"
        );
    }
}
