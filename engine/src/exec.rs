//! Running one command in a container through the Engine API, with an `ExecConfig` that is
//! fixed on the server side: the argv, user, working directory and environment come from
//! bosun, never from client text; no TTY, no stdin, never privileged.

use std::pin::Pin;
use std::time::Duration;

use bollard::Docker;
use bollard::container::LogOutput;
use bollard::exec::{StartExecOptions, StartExecResults};
use bollard::models::ExecConfig;
use bytes::Bytes;
use futures::{Stream, StreamExt};

use super::{EngineError, node_name};

/// What to run and as whom. Built by bosun from a validated argv and the target's fixed
/// configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecSpec {
    pub argv: Vec<String>,
    /// `user`, `uid` or `uid:gid`; `None` keeps the image's user.
    pub user: Option<String>,
    pub working_dir: Option<String>,
    /// `NAME=value` entries; the exec gets exactly the image's environment plus these.
    pub env: Vec<String>,
}

impl ExecSpec {
    fn to_config(&self) -> ExecConfig {
        ExecConfig {
            cmd: Some(self.argv.clone()),
            user: self.user.clone(),
            working_dir: self.working_dir.clone(),
            env: Some(self.env.clone()),
            attach_stdin: Some(false),
            attach_stdout: Some(true),
            attach_stderr: Some(true),
            tty: Some(false),
            privileged: Some(false),
            detach_keys: None,
            ..Default::default()
        }
    }
}

/// One piece of output, in the order the engine sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputChunk {
    Stdout(Bytes),
    Stderr(Bytes),
}

type OutputStream = Pin<Box<dyn Stream<Item = Result<LogOutput, bollard::errors::Error>> + Send>>;

/// A started exec: read its output with [`RunningExec::next_chunk`], then take its exit code.
pub struct RunningExec {
    pub exec_id: String,
    /// The container it runs in.
    pub container: String,
    docker: Docker,
    output: OutputStream,
}

impl std::fmt::Debug for RunningExec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningExec")
            .field("exec_id", &self.exec_id)
            .finish_non_exhaustive()
    }
}

/// How an exec ended: its exit code, and whether its process ever started (the engine gave
/// it a pid). When the runtime cannot start the process (the container is stopping: "cannot
/// exec in a stopped state"; no such executable), the engine answers exit 126, gives no pid,
/// and writes its error into the output as one stdout line ending in "\r\n".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExecEnd {
    pub code: i64,
    pub started: bool,
}

/// Collected result of a finished exec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOutput {
    pub exec_id: String,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit_code: i64,
}

/// Creates and starts an exec in `container` (an id or name on this engine).
pub async fn run(
    docker: &Docker,
    container: &str,
    spec: &ExecSpec,
) -> Result<RunningExec, EngineError> {
    run_noting(docker, container, spec, &mut None).await
}

/// As [`run`], and writes the exec's id into `created` as soon as the engine made it, before
/// it starts: a caller whose future is dropped mid-start (a timeout) still knows which exec
/// may be running.
pub async fn run_noting(
    docker: &Docker,
    container: &str,
    spec: &ExecSpec,
    created_id: &mut Option<String>,
) -> Result<RunningExec, EngineError> {
    let created = match docker.create_exec(container, spec.to_config()).await {
        Ok(created) => created,
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404, ..
        }) => {
            return Err(EngineError::ContainerNotOnNode {
                container: container.to_owned(),
                node: node_name(docker).await,
            });
        }
        Err(e) => {
            let action = format!("creating an exec in container {container}");
            return Err(not_running_or(container, action, e));
        }
    };
    *created_id = Some(created.id.clone());
    let options = StartExecOptions {
        detach: false,
        tty: false,
        output_capacity: None,
    };
    let started = docker
        .start_exec(&created.id, Some(options))
        .await
        .map_err(|e| not_running_or(container, format!("starting exec {}", created.id), e))?;
    match started {
        StartExecResults::Attached { output, .. } => Ok(RunningExec {
            exec_id: created.id,
            container: container.to_owned(),
            docker: docker.clone(),
            output,
        }),
        StartExecResults::Detached => Err(EngineError::Api {
            action: format!("starting exec {}", created.id),
            source: bollard::errors::Error::DockerStreamError {
                error: "the engine detached an exec that was started attached".into(),
            },
        }),
    }
}

/// The engine saying, on exec create or start, that the container is not running (it stopped
/// since it was listed): [`EngineError::ContainerNotRunning`]. Create answers 409; start
/// answers 409 or, when the container exited between create and start, 500 "Container … is
/// not running: Exited …" (dockerd 20.10). Anything else is an API error of `action`.
fn not_running_or(container: &str, action: String, e: bollard::errors::Error) -> EngineError {
    match e {
        bollard::errors::Error::DockerResponseServerError {
            status_code,
            ref message,
        } if status_code == 409 || (status_code == 500 && message.contains(" is not running")) => {
            EngineError::ContainerNotRunning {
                container: container.to_owned(),
            }
        }
        e => EngineError::api(action)(e),
    }
}

/// Runs `spec` in `container` and collects its output and exit code.
pub async fn run_collect(
    docker: &Docker,
    container: &str,
    spec: &ExecSpec,
) -> Result<ExecOutput, EngineError> {
    let mut exec = run(docker, container, spec).await?;
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    while let Some(chunk) = exec.next_chunk().await {
        match chunk? {
            OutputChunk::Stdout(b) => stdout.extend_from_slice(&b),
            OutputChunk::Stderr(b) => stderr.extend_from_slice(&b),
        }
    }
    let exec_id = exec.exec_id.clone();
    let exit_code = exec.exit_code().await?;
    Ok(ExecOutput {
        exec_id,
        stdout,
        stderr,
        exit_code,
    })
}

impl RunningExec {
    /// The next piece of output, or `None` when the process has closed both streams.
    pub async fn next_chunk(&mut self) -> Option<Result<OutputChunk, EngineError>> {
        loop {
            let item = self.output.next().await?;
            return Some(match item {
                Ok(LogOutput::StdOut { message }) | Ok(LogOutput::Console { message }) => {
                    Ok(OutputChunk::Stdout(message))
                }
                Ok(LogOutput::StdErr { message }) => Ok(OutputChunk::Stderr(message)),
                Ok(LogOutput::StdIn { .. }) => continue,
                Err(e) => Err(EngineError::api(format!(
                    "reading the output of exec {}",
                    self.exec_id
                ))(e)),
            });
        }
    }

    /// The exit code, once the output has ended.
    pub async fn exit_code(self) -> Result<i64, EngineError> {
        self.end().await.map(|end| end.code)
    }

    /// How the exec ended, once the output has ended. The engine can report the streams
    /// closed a moment before it records the exit, so this waits briefly for `Running` to turn
    /// false.
    pub async fn end(self) -> Result<ExecEnd, EngineError> {
        let mut delay = Duration::from_millis(1);
        loop {
            let inspect =
                self.docker
                    .inspect_exec(&self.exec_id)
                    .await
                    .map_err(EngineError::api(format!(
                        "inspecting exec {}",
                        self.exec_id
                    )))?;
            if inspect.running != Some(true) {
                if let Some(code) = inspect.exit_code {
                    let started = inspect.pid.is_some_and(|pid| pid > 0);
                    return Ok(ExecEnd { code, started });
                }
            }
            if delay > Duration::from_secs(2) {
                return Err(EngineError::Api {
                    action: format!("waiting for the exit code of exec {}", self.exec_id),
                    source: bollard::errors::Error::DockerStreamError {
                        error: "the output ended but the engine reports no exit code".into(),
                    },
                });
            }
            tokio::time::sleep(delay).await;
            delay *= 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status_code: u16, message: &str) -> bollard::errors::Error {
        bollard::errors::Error::DockerResponseServerError {
            status_code,
            message: message.into(),
        }
    }

    #[test]
    fn a_container_that_stopped_before_the_command_is_told_apart() {
        let stopped = [
            server(409, "Container c1 is not running"),
            server(
                500,
                "Container c1 is not running: Exited (0) Less than a second ago",
            ),
        ];
        for e in stopped {
            let got = not_running_or("c1", "starting exec e1".into(), e);
            assert!(got.container_gone(), "{got:?}");
            assert_eq!(
                got.to_string(),
                "container c1 stopped before the command started"
            );
        }
        let other = not_running_or("c1", "starting exec e1".into(), server(500, "disk full"));
        assert!(!other.container_gone(), "{other:?}");
        assert!(
            other.to_string().starts_with("starting exec e1: "),
            "{other}"
        );
    }
}
