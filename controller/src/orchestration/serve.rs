//! The orchestration API in `run`: whether it is on, and serving it on its own listener.
//!
//! It is on when the config enables it or `ENABLE_SERVICE_ORCHESTRATION` is `true`/`1`
//! (read once at start; a value that is not one of true, false, 1, 0 stops the start with an
//! error naming the variable). When off, nothing listens. When on, the listener is bound at
//! start (`orchestration.listen`); the tokens and limits follow every config reload through
//! the state's watch, the templates through the backend's own view of the config. Beside the
//! listener, the leader's periodic work runs (`housekeeping`: the cleanup of stopped clones).

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use prometheus::IntCounterVec;
use tokio::sync::watch;

use super::api::router::router;
use super::api::state::{AccessConfig, ApiState};
use super::housekeeping;
use super::swarm::SwarmBackend;
use crate::config::{Config, ENABLE_ENV};
use crate::swarm::engine::Engine;

/// Whether `config` turns the API on, given the environment.
pub fn enabled(config: &Config) -> anyhow::Result<bool> {
    let value = match std::env::var(ENABLE_ENV) {
        Ok(v) => Some(v),
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => {
            anyhow::bail!("{ENABLE_ENV} is not valid UTF-8")
        }
    };
    config
        .orchestration
        .enabled_with(value.as_deref())
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The tokens and limits of `config`, as the HTTP side reads them.
fn access(config: &Config) -> Arc<AccessConfig> {
    Arc::new(AccessConfig {
        tokens: config.orchestration.tokens.clone(),
        limits: config.orchestration.limits,
    })
}

/// The API of one controller: its backend (whose audit tasks run from [`Api::new`] on), the
/// config and leadership it follows.
pub struct Api {
    backend: Arc<SwarmBackend>,
    config: watch::Receiver<Arc<Config>>,
    leading: watch::Receiver<bool>,
}

impl Api {
    /// `engine` is the fenced one, `leading` the lease's; `audit_pruned` counts the audit
    /// records pruned.
    pub fn new(
        engine: Engine,
        config: watch::Receiver<Arc<Config>>,
        leading: watch::Receiver<bool>,
        audit_pruned: IntCounterVec,
    ) -> Api {
        let backend = Arc::new(SwarmBackend::new(engine, config.clone(), audit_pruned));
        Api {
            backend,
            config,
            leading,
        }
    }

    /// Serves the API until the listener fails.
    pub async fn serve(&self) -> anyhow::Result<()> {
        let mut config = self.config.clone();
        let initial = config.borrow_and_update().clone();
        let listen: SocketAddr = initial.orchestration.listen;
        let (access_tx, access_rx) = watch::channel(access(&initial));
        tokio::spawn(housekeeping::run(
            self.backend.clone(),
            self.config.clone(),
            self.leading.clone(),
        ));
        tokio::spawn(async move {
            while config.changed().await.is_ok() {
                let next = access(&config.borrow_and_update());
                access_tx.send_replace(next);
            }
        });
        let state = ApiState::new(self.backend.clone(), access_rx, self.leading.clone());
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("binding the orchestration API's listener on {listen}"))?;
        tracing::info!(%listen, templates = initial.orchestration.templates.len(), "orchestration API listening (/orchestrate/…)");
        axum::serve(
            listener,
            router(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .with_context(|| format!("the orchestration API on {listen}"))
    }

    /// The controller stops: the audit records still queued are written (while this replica
    /// still holds the lease).
    pub async fn stop(&self) {
        self.backend.flush_audit().await;
    }
}
