//! The non-Swarm fallback when the client is built without the `local` feature (no bollard):
//! a target routed to the local engine (`SWARM_MODE=false`) fails with a message that says how
//! to get the fallback, and nothing runs.

use std::time::Duration;

use super::endpoints::LocalTarget;
use super::error::ClientError;
use super::exec::ExecStream;

#[derive(Default)]
pub(crate) struct LocalRunner(());

impl LocalRunner {
    pub async fn start(
        &self,
        target: &LocalTarget,
        _payload: &str,
        _timeout: Option<Duration>,
    ) -> Result<ExecStream, ClientError> {
        Err(not_built(target))
    }

    pub async fn ping(&self, target: &LocalTarget) -> Result<String, ClientError> {
        Err(not_built(target))
    }
}

fn not_built(target: &LocalTarget) -> ClientError {
    ClientError::Config(format!(
        "target {}: SWARM_MODE=false runs commands through the local Docker engine, and this \
         build of the bosun client has no local engine fallback (build it with the `local` \
         feature)",
        target.target
    ))
}
