//! The explicit non-Swarm fallback (`SWARM_MODE=false`): exec directly through the local
//! Engine API, under the **same policy** as the proxy.
//!
//! The argv is first turned into the very payload the proxy would receive (`command.rs`),
//! and that payload goes through [`bosun_core::policy::check`], the proxy's own check. A rejected
//! command makes no Docker call at all and answers like the proxy does: exit status 126 and
//! `bosun: rejected: <reason>` on stderr. An allowed one runs with the fixed `User`,
//! `WorkingDir`, empty `Env`, no TTY and no stdin (`bosun_engine`), in the target container
//! found on this engine: the running task of a Swarm service of that name on this node, or
//! else the container of that name or id.

use std::collections::HashMap;

use bollard::Docker;
use bytes::Bytes;
use tokio::sync::Mutex;

use super::endpoints::LocalTarget;
use super::error::ClientError;
use super::exec::{EXIT_REJECTED, ExecEvent, ExecStream};
use bosun_core::policy;
use bosun_engine::{self as engine, EngineError, ExecSpec};

/// Engine clients by `DOCKER_HOST` (`None`: the default socket), made on first use.
#[derive(Default)]
pub(crate) struct LocalRunner {
    engines: Mutex<HashMap<Option<String>, Docker>>,
}

impl LocalRunner {
    /// Checks `payload` against the target's policy, then starts it on the local engine.
    pub async fn start(
        &self,
        target: &LocalTarget,
        payload: &str,
        timeout: Option<std::time::Duration>,
    ) -> Result<ExecStream, ClientError> {
        let argv = match policy::check(&target.policy, payload.as_bytes()) {
            Ok(argv) => argv,
            Err(rejection) => return Ok(rejected(&target.target, &rejection)),
        };
        let local = |source| ClientError::Local {
            target: target.target.clone(),
            source,
        };
        let docker = self
            .engine(target.docker_host.as_deref())
            .await
            .map_err(local)?;
        let container = find_container(&docker, &target.container)
            .await
            .map_err(local)?;
        let spec = ExecSpec {
            argv,
            user: target.user.clone(),
            working_dir: target.workdir.clone(),
            env: Vec::new(),
        };
        let running = engine::run(&docker, &container, &spec)
            .await
            .map_err(local)?;
        Ok(ExecStream::local(running, &target.target, timeout))
    }

    /// Checks that the engine answers and the target container is on this node.
    pub async fn ping(&self, target: &LocalTarget) -> Result<String, ClientError> {
        let local = |source| ClientError::Local {
            target: target.target.clone(),
            source,
        };
        let docker = self
            .engine(target.docker_host.as_deref())
            .await
            .map_err(local)?;
        find_container(&docker, &target.container)
            .await
            .map_err(local)
    }

    async fn engine(&self, host: Option<&str>) -> Result<Docker, EngineError> {
        let mut engines = self.engines.lock().await;
        let key = host.map(str::to_owned);
        if let Some(docker) = engines.get(&key) {
            return Ok(docker.clone());
        }
        let docker = engine::connect(host).await?;
        engines.insert(key, docker.clone());
        Ok(docker)
    }
}

/// The running task of service `name` on this node, else the container `name` itself.
async fn find_container(docker: &Docker, name: &str) -> Result<String, EngineError> {
    match engine::find_task_container(docker, name).await {
        Ok(task) => Ok(task.container_id),
        Err(EngineError::NoTaskOnNode { .. }) => match docker.inspect_container(name, None).await {
            Ok(c) if c.state.as_ref().and_then(|s| s.running) == Some(true) => {
                Ok(c.id.unwrap_or_else(|| name.to_owned()))
            }
            Ok(_) => Err(EngineError::NoTaskOnNode {
                service: name.to_owned(),
                node: "this node (the container exists but is not running)".into(),
            }),
            Err(_) => Err(EngineError::NoTaskOnNode {
                service: name.to_owned(),
                node: "this node (no service task and no container of that name)".into(),
            }),
        },
        Err(e) => Err(e),
    }
}

/// The proxy's answer to a rejected command: stderr `bosun: rejected: …`, exit 126.
fn rejected(target: &str, rejection: &policy::Rejection) -> ExecStream {
    let line = format!("bosun: {rejection}\n");
    ExecStream::ready(
        vec![
            ExecEvent::Stderr(Bytes::from(line)),
            ExecEvent::Exit(EXIT_REJECTED),
        ],
        target,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use bosun_core::policy::Preset;

    fn nextcloud() -> LocalTarget {
        LocalTarget {
            target: "nextcloud".into(),
            container: "nextcloud".into(),
            policy: Preset::Nextcloud.policy(),
            user: Some("www-data".into()),
            workdir: Some("/var/www/html".into()),
            // Nothing listens here: a Docker call would fail with a connection error.
            docker_host: Some("/nonexistent/bosun-test/docker.sock".into()),
        }
    }

    #[tokio::test]
    async fn a_rejected_command_answers_126_without_touching_docker() {
        let runner = LocalRunner::default();
        let out = runner
            .start(&nextcloud(), "php occ memories:index --clear", None)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        assert_eq!(out.exit_code, 126);
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "bosun: rejected: option --clear is not allowed for php occ memories:index\n"
        );
        assert!(
            runner.engines.lock().await.is_empty(),
            "an engine client was made"
        );
    }

    #[tokio::test]
    async fn an_allowed_command_goes_to_the_engine() {
        let err = LocalRunner::default()
            .start(&nextcloud(), "php occ status", None)
            .await
            .err()
            .unwrap();
        assert!(matches!(err, ClientError::Local { .. }), "{err}");
    }
}
