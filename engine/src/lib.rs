//! The Docker Engine plumbing of the exec path: connecting to the node's engine, finding the
//! target's running task on this node, and running one command in it.
//!
//! Docker exec is node-local: a container can only be exec'd through the engine of the node it
//! runs on. Everything here therefore talks to *this* node's engine and finds containers by
//! the labels Swarm puts on task containers, which works on workers too (the tasks API is
//! manager-only).

mod connect;
mod exec;
mod locate;

pub use connect::connect;
pub use exec::{
    ExecEnd, ExecOutput, ExecSpec, OutputChunk, RunningExec, run, run_collect, run_noting,
};
pub use locate::{
    TaskContainer, TaskQuery, ThisNode, find_task, find_task_container, find_task_on,
    find_task_where, select_task_container, this_node,
};

/// An Engine API failure, with what bosun was doing when it happened.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("cannot reach the Docker engine at {host}: {source}")]
    Connect {
        host: String,
        #[source]
        source: bollard::errors::Error,
    },
    #[error("service {service} has no running task on node {node}")]
    NoTaskOnNode { service: String, node: String },
    #[error(
        "container {container} is not on node {node} (Docker exec only reaches containers of its own node)"
    )]
    ContainerNotOnNode { container: String, node: String },
    /// The engine refused the exec (409) because the container is no longer running: it
    /// stopped (or was paused) between the look and the exec, and nothing ran in it.
    #[error("container {container} stopped before the command started")]
    ContainerNotRunning { container: String },
    #[error("{action}: {source}")]
    Api {
        action: String,
        #[source]
        source: bollard::errors::Error,
    },
}

impl EngineError {
    /// Whether the container went away (removed or stopped) before the command started:
    /// nothing ran, and a new task may take its place.
    pub fn container_gone(&self) -> bool {
        matches!(
            self,
            EngineError::ContainerNotOnNode { .. } | EngineError::ContainerNotRunning { .. }
        )
    }

    pub(crate) fn api(action: impl Into<String>) -> impl FnOnce(bollard::errors::Error) -> Self {
        let action = action.into();
        move |source| EngineError::Api { action, source }
    }
}

/// The node name the engine reports (its hostname), for error messages; "unknown" if the engine
/// does not say.
pub(crate) async fn node_name(docker: &bollard::Docker) -> String {
    match docker.info().await {
        Ok(info) => info.name.unwrap_or_else(|| "unknown".into()),
        Err(_) => "unknown".into(),
    }
}
