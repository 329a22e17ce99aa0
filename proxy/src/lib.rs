//! `bosun-proxy`, the SSH exec proxy that runs next to a target task: ED25519 public keys in,
//! allowed commands out, through the Docker Engine API of its own node, never a shell.
//!
//! The contract is `command-policy.md` §0 and §6 and the proxy section of the exec-path issue.
//! One job per module:
//! * `algorithms` — what the SSH server offers: key exchanges, host key, ciphers, MACs;
//! * `config` — the command line (and `BOSUN_PROXY_*` variables) → a checked [`Config`];
//! * `auth` — the authorized keys file, re-read when it changes;
//! * `key_comment` — whose key it is: the client service and key version of its comment;
//! * `connection` — the accept loop, the pre-auth deadline (a shut socket), the connection
//!   cap, the idle watchdog;
//! * `preauth` — the pre-auth table's rules: how many unauthenticated connections, how many
//!   per source address, who is evicted;
//! * `handler` — the russh handler: which auth methods, channels and requests are accepted;
//! * `exec` — one exec request: policy → limit → engine → streamed output → exit-status;
//! * `outcome` — exit statuses and the `bosun: …` stderr lines;
//! * `target` — the node's engine and the target service's task on this node;
//! * `stopping` — which of the target's containers Swarm has told to stop (engine events);
//! * `limits` — counting caps; `audit` — the JSON audit line on stdout;
//! * `metrics` — Prometheus metrics, `/metrics` and `/healthz`;
//! * `probe` — `bosun-proxy probe`, the container health check (SSH listener, Engine access);
//! * `stopper` — stopping a command in the target (timeout, client gone): TERM, then KILL,
//!   from a short-lived container in the target's process namespace;
//! * `shutdown` — SIGTERM: stop accepting, drain, exit;
//! * `purge_volume` — `bosun-proxy purge-volume`: not the server, a one-shot helper of this
//!   image the controller runs on a node to remove a deleted clone's named volume there.
//!
//! Tests: unit tests in each module, and `tests` runs the server in-process against a russh
//! client (auth, refusals, limits, drain); the e2e tests run it on the lab with OpenSSH.

mod algorithms;
mod audit;
mod auth;
mod config;
mod connection;
mod exec;
mod handler;
mod key_comment;
mod limits;
mod metrics;
mod outcome;
mod preauth;
pub mod probe;
pub mod purge_volume;
mod shutdown;
pub mod stopper;
mod stopping;
mod target;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use russh::keys::PrivateKey;
use russh::{MethodKind, MethodSet, SshId};
use tokio::net::TcpListener;

pub use audit::{AuditRecord, Decision};
pub use config::{Config, ConfigError, ExecSettings, Limits, ProxyArgs};
pub use outcome::{EXIT_PROXY_ERROR, EXIT_REJECTED, EXIT_TIMED_OUT, NOT_STARTED_PREFIX};

use auth::AuthorizedKeys;
use connection::{Preauth, Sessions};
use limits::Cap;
use metrics::Metrics;
use shutdown::Drain;
use target::Target;

/// How long rejecting an authentication attempt takes (russh makes it constant). Small: keys
/// are not guessable, and OpenSSH clients try each of their keys in turn.
const AUTH_REJECTION_TIME: Duration = Duration::from_millis(100);
/// How long stopping the commands left after the grace period may take, beyond the stop grace
/// (the stopper container's start and end).
const STOP_TIME: Duration = Duration::from_secs(10);
/// How long connections get to close on their own after the drain, and again after being told
/// to disconnect.
const GOODBYE_TIME: Duration = Duration::from_secs(2);

/// What every connection and exec task of the proxy shares.
pub(crate) struct Shared {
    config: Config,
    ssh: Arc<russh::server::Config>,
    keys: Arc<AuthorizedKeys>,
    metrics: Arc<Metrics>,
    target: Target,
    /// Authenticated connections (`--max-connections`).
    connections: Arc<Cap>,
    /// Connections not authenticated yet (`--max-startups`).
    preauth: Preauth,
    execs: Arc<Cap>,
    drain: Arc<Drain>,
    sessions: Sessions,
    audit: audit::Sink,
}

/// A proxy whose listeners are bound, ready to [`Server::run`].
pub struct Server {
    shared: Arc<Shared>,
    listener: TcpListener,
    metrics_listener: TcpListener,
}

impl Server {
    /// Reads the keys, binds both listeners. Fails with a clear message when a key file or an
    /// address cannot be used.
    pub async fn bind(config: Config) -> anyhow::Result<Server> {
        Self::bind_with(config, audit::Sink::Stdout).await
    }

    async fn bind_with(config: Config, audit: audit::Sink) -> anyhow::Result<Server> {
        let host_key = bosun_core::keys::load_private_key(&config.host_key)
            .context("loading the host key (--host-key)")?;
        let metrics = Arc::new(Metrics::new(&config.target).context("creating the metrics")?);
        let keys = Arc::new(
            AuthorizedKeys::load(&config.authorized_keys, Arc::clone(&metrics))
                .context("loading the authorized keys (--authorized-keys)")?,
        );
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("listening on {} (--listen)", config.listen))?;
        let metrics_listener = TcpListener::bind(config.metrics_listen)
            .await
            .with_context(|| {
                format!("listening on {} (--metrics-listen)", config.metrics_listen)
            })?;
        let host_key_fingerprint = bosun_core::keys::fingerprint(host_key.public_key());
        tracing::info!(
            listen = %listener.local_addr().map_or_else(|_| config.listen.to_string(), |a| a.to_string()),
            metrics_listen = %metrics_listener.local_addr().map_or_else(|_| config.metrics_listen.to_string(), |a| a.to_string()),
            target = %config.target,
            service = %config.service,
            service_id = config.service_id.as_deref().unwrap_or("(not given)"),
            task_wait = %humantime::format_duration(config.task_wait),
            policy = %config.policy_source,
            host_key = %host_key_fingerprint,
            authorized_keys = keys.current().len(),
            "bosun-proxy is serving"
        );
        if config.service_id.is_none() {
            tracing::warn!(
                service = %config.service,
                "no --service-id (BOSUN_PROXY_SERVICE_ID): commands run in a container whose \
                 service name, task id and node id labels match; give the service id to check \
                 it too"
            );
        }
        let shared = Arc::new(Shared {
            ssh: Arc::new(ssh_config(&config, host_key)),
            target: Target::new(
                bosun_engine::TaskQuery {
                    service: config.service.clone(),
                    service_id: config.service_id.clone(),
                },
                config.task_wait,
                config.exec.clone(),
                config.docker_host.clone(),
                stopper::Stopper::new(config.stopper_image.clone(), config.limits.stop_grace),
            ),
            connections: Cap::new(config.limits.max_connections),
            preauth: Preauth::new(&config.limits, Arc::clone(&metrics)),
            execs: Cap::new(config.limits.max_concurrent_execs),
            drain: Drain::new(),
            sessions: Sessions::default(),
            audit,
            keys,
            metrics,
            config,
        });
        Ok(Server {
            shared,
            listener,
            metrics_listener,
        })
    }

    /// The SSH address actually bound (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.listener.local_addr()
    }

    /// The metrics address actually bound.
    pub fn metrics_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.metrics_listener.local_addr()
    }

    /// Serves until SIGTERM or SIGINT, then drains and returns.
    pub async fn run(self) -> anyhow::Result<()> {
        let signalled = shutdown::signalled();
        self.run_until(async {
            match signalled.await {
                Ok(name) => name,
                Err(e) => {
                    tracing::error!(error = %e, "cannot listen for signals; stopping");
                    "signal handler failure"
                }
            }
        })
        .await
    }

    /// Serves until `stop` completes (it names the reason), then drains: the listener is
    /// closed, new exec channels are refused, running commands get the grace period.
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = &'static str>,
    ) -> anyhow::Result<()> {
        let Server {
            shared,
            listener,
            metrics_listener,
        } = self;
        let router = metrics::router(Arc::clone(&shared.metrics), shared.drain.subscribe());
        let http = tokio::spawn(metrics::serve(metrics_listener, router));
        let watcher = tokio::spawn(Arc::clone(&shared.keys).watch(shared.drain.subscribe()));
        let accept = tokio::spawn(connection::accept_loop(Arc::clone(&shared), listener));

        let reason = stop.await;
        let grace = shared.config.limits.grace_period;
        tracing::info!(
            reason,
            in_progress = shared.drain.in_progress(),
            grace_period = %humantime::format_duration(grace),
            "draining: no new connections or commands"
        );
        shared.drain.begin();
        if let Err(e) = accept.await {
            tracing::error!(error = %e, "the accept loop failed");
        }
        if shared.drain.wait_idle(grace).await {
            tracing::info!("every running command has finished");
        } else {
            let stopping = shared.config.limits.stop_grace + STOP_TIME;
            tracing::warn!(
                still_running = shared.drain.in_progress(),
                "the grace period is over; stopping the commands that still run in the target"
            );
            shared.drain.give_up();
            if !shared.drain.wait_idle(stopping).await {
                tracing::warn!(
                    still_running = shared.drain.in_progress(),
                    "exiting while commands are still being stopped"
                );
            }
        }
        // Clients see their last exit-status and close on their own (OpenSSH exits once its
        // channel closes); a disconnect sent at once could overtake that and turn the exit
        // status into "disconnected". Pooled idle connections are told to go after a moment.
        if !wait_for_connections(&shared, GOODBYE_TIME).await {
            shared
                .sessions
                .disconnect_all("the proxy is shutting down")
                .await;
            wait_for_connections(&shared, GOODBYE_TIME).await;
        }
        watcher.abort();
        http.abort();
        tracing::info!("bosun-proxy stopped");
        Ok(())
    }
}

/// Waits until no connection is open, for at most `limit`; returns whether that happened.
async fn wait_for_connections(shared: &Shared, limit: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    while shared.connections.used() > 0 {
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    true
}

/// russh's configuration: our host key and algorithms, publickey only, keepalives, timeouts.
fn ssh_config(config: &Config, host_key: PrivateKey) -> russh::server::Config {
    let idle = config.limits.idle_timeout;
    russh::server::Config {
        server_id: SshId::Standard(Cow::Borrowed("SSH-2.0-bosun")),
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        auth_rejection_time: AUTH_REJECTION_TIME,
        // OpenSSH opens with a `none` probe; answering it at once keeps logins fast
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 6,
        keys: vec![host_key],
        preferred: algorithms::preferred(),
        // A connection that stops answering (no traffic, keepalives unanswered) is dropped.
        // Keepalives go out well within that time, so a live client running a long, silent
        // command is never dropped; idle but live connections are the watchdog's job.
        inactivity_timeout: Some(idle),
        keepalive_interval: Some((idle / 3).clamp(Duration::from_secs(1), Duration::from_secs(60))),
        keepalive_max: 3,
        nodelay: true,
        ..Default::default()
    }
}
