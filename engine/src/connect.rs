//! Connecting to a Docker engine and agreeing on an API version with it.

use bollard::{API_DEFAULT_VERSION, Docker};

use super::EngineError;

/// Seconds an Engine API request may take before bollard gives up on it. Exec output streams
/// are not bound by it (they are upgraded connections); runtime limits are bosun's own.
const REQUEST_TIMEOUT_S: u64 = 120;

/// Connects to the engine at `host`: a unix socket path (`/var/run/docker.sock` or
/// `unix:///…`), or `None` for `DOCKER_HOST` and then the default socket. The API version is
/// negotiated, so older engines (20.10 speaks 1.41) work with this newer client.
pub async fn connect(host: Option<&str>) -> Result<Docker, EngineError> {
    let described = host.map_or_else(
        || std::env::var("DOCKER_HOST").unwrap_or_else(|_| "unix:///var/run/docker.sock".into()),
        str::to_owned,
    );
    let err = |source| EngineError::Connect {
        host: described.clone(),
        source,
    };
    let docker = match host {
        Some(h) => Docker::connect_with_socket(h, REQUEST_TIMEOUT_S, API_DEFAULT_VERSION),
        None => Docker::connect_with_defaults(),
    }
    .map_err(err)?;
    docker.negotiate_version().await.map_err(err)
}
