//! The target side of an exec: this node's Docker engine (connected on first use, so a proxy
//! that starts before its engine answers still comes up), the running task of the configured
//! service on this node, found again for every command, and the fixed `ExecSpec`.
//!
//! Nothing here reads client text except the argv, which the policy has already validated.

use bollard::Docker;
use tokio::sync::OnceCell;

use super::config::ExecSettings;
use bosun_engine::{self as engine, EngineError, ExecSpec, RunningExec};

/// Where commands run: the configured service's task on this node.
#[derive(Debug)]
pub struct Target {
    service: String,
    exec: ExecSettings,
    docker_host: Option<String>,
    docker: OnceCell<Docker>,
}

impl Target {
    pub fn new(service: &str, exec: ExecSettings, docker_host: Option<String>) -> Target {
        Target {
            service: service.to_owned(),
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

    /// Finds the service's running task on this node and starts `argv` in it.
    pub async fn start(&self, argv: Vec<String>) -> Result<RunningExec, EngineError> {
        let docker = self.docker().await?;
        let task = engine::find_task_container(docker, &self.service).await?;
        engine::run(docker, &task.container_id, &self.spec(argv)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_is_the_argv_plus_the_fixed_settings() {
        let target = Target::new(
            "nc",
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
            "nc",
            ExecSettings::default(),
            Some("/nonexistent/docker.sock".into()),
        );
        let err = target.start(vec!["php".into()]).await.unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot reach the Docker engine at /nonexistent/docker.sock"),
            "{err}"
        );
    }
}
