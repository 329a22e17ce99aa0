//! `bosun`, the client library that apps link: run an allowed command in a Swarm target on any node,
//! through the target's exec proxies, and get its output and exit code.
//!
//! ```no_run
//! # async fn demo() -> Result<(), bosun::ClientError> {
//! use bosun::Client;
//!
//! // waits for the first discovery record when BOSUN_DISCOVERY_URL/_FILE is set
//! let client = Client::from_env_async().await?;
//! let out = client.exec("nextcloud", &["php", "occ", "status", "--output=json"]).await?;
//! println!("exit {}: {}", out.exit_code, String::from_utf8_lossy(&out.stdout));
//!
//! // streamed, as it arrives
//! let mut stream = client.exec_stream("nextcloud", &["php", "occ", "files:scan", "--all"]).await?;
//! while let Some(event) = stream.next().await {
//!     println!("{:?}", event?);
//! }
//! # Ok(()) }
//! ```
//!
//! How a call goes:
//!
//! 1. The argv becomes one exec payload that the proxy's tokenizer splits back to the same
//!    argv (`command.rs`); what cannot be expressed is refused before any I/O.
//! 2. The [`EndpointSource`] gives the target's current route (`endpoints.rs`): the
//!    controller's discovery record when `BOSUN_DISCOVERY_URL` or `BOSUN_DISCOVERY_FILE` is
//!    set (`discovery_source.rs`, followed in the background: a long-lived client sees new
//!    proxies and host keys without a restart; each record is used only once its signature,
//!    by a key of the trust file `BOSUN_DISCOVERY_KEYS`, its expiry and its generation are
//!    checked, `discovery_trust.rs`), else the environment variables of `env_source.rs`. With `SWARM_MODE=false` the route is the local fallback (`local.rs`):
//!    the same policy check, then a direct Engine API exec.
//! 3. Otherwise: resolve the endpoints (a dnsrr name gives every proxy task), take them in
//!    the order of their health and load (`health.rs`: healthy proxies first, the least busy
//!    first, ties round robin; unhealthy ones last), take the first with a free slot (the
//!    target's limits, from its discovery record: commands in flight per proxy, channels per
//!    connection; when all are full, whichever frees one first, within the call's timeout),
//!    and open a channel on the endpoint's pooled connection (`pool.rs`,
//!    `ssh.rs`: TCP_NODELAY, ED25519 only, host key pinned (`hostkeys.rs`), publickey auth,
//!    keepalive), then send the exec request. Connection failures up to that point are
//!    retried with exponential backoff, 1 s, 2 s, 4 s by default (`retry.rs`); each retry
//!    asks the source again, so a proxy that moved meanwhile is found. A target the source
//!    lists without a running proxy ([`ClientError::NoProxy`]: the discovery record while the
//!    target moves between nodes) is waited for the same way.
//! 4. Once the exec request is sent, the command is never retried: a broken connection is
//!    reported as [`ClientError::ConnectionLost`] ("may or may not have run"). Two
//!    exceptions say that nothing ran: a proxy's "not started" answer (exit 125 and only the
//!    line `bosun: not started: …`: its target had no running task on its node), and a proxy
//!    refusing the exec request itself (a draining proxy), both recognised before any output
//!    reaches the caller (`exec.rs`) and failed over / retried like a connection failure;
//!    [`ClientError::NotStarted`] when the retries run out.
//! 5. Output is streamed or collected with the exit code (`exec.rs`); a per-call timeout
//!    bounds the wait for the exit status.
//!
//! **Shutdown.** [`Client::shutdown`] drains the client (`shutdown.rs`): new calls fail at once
//! with [`ClientError::ShuttingDown`], the calls already made run to their end (their output
//! and exit code reach their callers), then the pooled connections are closed. An app calls it
//! on SIGTERM (`docs/client.md` has the example), so that no command of its own is cut when
//! Swarm replaces its task (a key rotation does).
//!
//! In the background, every [`ClientOptions::health_interval`] (30 s), the client checks every
//! endpoint of the targets it has used: over the pooled connection when there is a live one
//! (a channel opened and closed), else with a fresh connection and authentication (the check
//! of [`Client::ping`]; one closed as it authenticated is a busy proxy, not a failed one). A
//! proxy that fails it is skipped until it passes one again. A connection failure on a call
//! marks its endpoint the same way at once. Endpoints no target has any more are forgotten.
//!
//! The environment variables are documented in [`env_source`].
//!
//! # Features
//!
//! * `local` (default): the non-Swarm fallback through the local Docker Engine API (bollard,
//!   via `bosun-engine`). Without it, a target routed to the local engine fails clearly.
//! * `cli` (default): the `bosun` CLI (clap) and its subcommands in [`cli`].
//!
//! An app that only runs commands through the proxies depends on
//! `bosun = { default-features = false }`: no clap, no bollard, and none of the proxy's or the
//! controller's code. The shared types ([`policy`], [`keys`], [`discovery`]) come from
//! `bosun-core` and are re-exported here.

#[cfg(feature = "cli")]
pub mod cli;
mod command;
pub mod discovery_source;
pub mod discovery_trust;
mod duration;
mod endpoints;
pub mod env_source;
mod error;
mod exec;
mod health;
mod hostkeys;
mod identity;
#[cfg(feature = "local")]
mod local;
#[cfg(not(feature = "local"))]
#[path = "local_off.rs"]
mod local;
mod pool;
mod retry;
mod shutdown;
mod ssh;
mod transport;

#[cfg(test)]
mod tests;

/// The signal that killed a command ([`ExecEvent::Killed`], [`Output::signal`]).
pub use bosun_core::exit::Signal;
pub use bosun_core::{discovery, keys, policy};

use std::collections::{BTreeSet, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use futures::future::join_all;

pub use command::{CommandError, payload};
pub use discovery_source::{DiscoveryInput, DiscoverySettings, DiscoverySource};
pub use duration::{BadDuration, parse_duration};
pub use endpoints::{EndpointAddr, EndpointSource, HostKeys, LocalTarget, RemoteTarget, Route};
pub use env_source::EnvSource;
pub use error::{ClientError, EndpointError, Failures};
pub use exec::{
    EXIT_PROXY_ERROR, EXIT_REJECTED, EXIT_TIMED_OUT, ExecEvent, ExecStream, NOT_STARTED_PREFIX,
    Output,
};
pub use hostkeys::{HostKeyRejected, PinnedHostKeys};
pub use retry::RetryPolicy;
pub use shutdown::RunningCommand;

use exec::NotRun;
use identity::IdentityCache;
use local::LocalRunner;
use pool::{Admitted, Pool};
use retry::AttemptFailed;
use shutdown::Gate;
use ssh::{SshDialer, SshSettings};
use transport::{Dialer, Identity};

/// Settings of a [`Client`], for all targets.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    /// Retries of connection failures (never of a command that was sent).
    pub retry: RetryPolicy,
    /// Limit for one connection (TCP, handshake, auth) and for opening a channel.
    pub connect_timeout: Duration,
    /// Default limit for the wait for a command's exit status, from when it was sent.
    pub exec_timeout: Option<Duration>,
    /// Keepalive after this long without traffic from the proxy…
    pub keepalive_interval: Duration,
    /// …and the connection counts as broken after this many unanswered keepalives.
    pub keepalive_max: usize,
    /// A cap of the client's own on concurrent channels per connection, below the target's
    /// (`None`: the target's limit, from its discovery record, else the proxy's default of
    /// 4). More callers wait.
    pub max_channels_per_connection: Option<usize>,
    /// How often every endpoint of the targets in use is checked (connect and authenticate);
    /// zero turns the checks off (failed connections still mark an endpoint unhealthy).
    pub health_interval: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            exec_timeout: None,
            keepalive_interval: Duration::from_secs(15),
            keepalive_max: 3,
            max_channels_per_connection: None,
            health_interval: Duration::from_secs(30),
        }
    }
}

/// Settings of one call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecOptions {
    /// Overrides [`ClientOptions::exec_timeout`] for this call.
    pub timeout: Option<Duration>,
}

/// The result of pinging one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PingReport {
    /// The proxy address (`ip:port`), or the configured name when it did not resolve, or
    /// `local engine` for the fallback.
    pub endpoint: String,
    /// The time to connect and authenticate, or why that failed.
    pub result: Result<Duration, String>,
}

/// A bosun client: cheap to clone, share it (its connections are pooled).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    source: Arc<dyn EndpointSource>,
    /// Set when `source` is a discovery source: calls wait for its first record.
    discovery: Option<Arc<DiscoverySource>>,
    options: ClientOptions,
    dialer: Arc<dyn Dialer>,
    pool: Pool,
    identities: IdentityCache,
    local: LocalRunner,
    /// The targets called so far: the background checks cover their endpoints.
    in_use: Mutex<BTreeSet<String>>,
    /// Whether the background checks run (started by the first call).
    checking: AtomicBool,
    /// The running commands, and whether new ones are taken (the shutdown).
    gate: Gate,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client configured by the process environment (see [`env_source`]). With
    /// `BOSUN_DISCOVERY_URL` or `_FILE` it starts following the record and returns at once;
    /// the first calls wait for the first record (up to `BOSUN_DISCOVERY_TIMEOUT`).
    /// [`Client::from_env_async`] waits for it here instead, which reports a bad URL early.
    pub fn from_env() -> Result<Self, ClientError> {
        Self::from_env_source(EnvSource::from_process())
    }

    /// Like [`Client::from_env`], but with discovery it returns once the first record is
    /// loaded, or fails after `BOSUN_DISCOVERY_TIMEOUT` (default 30 s) saying why.
    pub async fn from_env_async() -> Result<Self, ClientError> {
        Self::from_env_source_async(EnvSource::from_process()).await
    }

    /// A client configured by `env`; its settings are validated now.
    pub fn from_env_source(env: EnvSource) -> Result<Self, ClientError> {
        let swarm = env.swarm_mode()?;
        let options = env.options()?;
        match DiscoverySettings::from_env(&env)? {
            Some(settings) if swarm => {
                let source = DiscoverySource::start(settings, env)?;
                Ok(Self::from_discovery(Arc::new(source), options))
            }
            _ => Ok(Self::new(Arc::new(env), options)),
        }
    }

    /// [`Client::from_env_source`], waiting for the first discovery record (see
    /// [`Client::from_env_async`]).
    pub async fn from_env_source_async(env: EnvSource) -> Result<Self, ClientError> {
        let client = Self::from_env_source(env)?;
        client.ready().await?;
        Ok(client)
    }

    /// A client whose routes come from a discovery source; calls wait for its first record
    /// (up to its settings' timeout).
    pub fn from_discovery(source: Arc<DiscoverySource>, options: ClientOptions) -> Self {
        let dialer = Self::ssh_dialer(&options);
        Self::build(source.clone(), Some(source), options, dialer)
    }

    /// A client whose routes come from `source`.
    pub fn new(source: Arc<dyn EndpointSource>, options: ClientOptions) -> Self {
        let dialer = Self::ssh_dialer(&options);
        Self::with_dialer(source, options, dialer)
    }

    fn ssh_dialer(options: &ClientOptions) -> Arc<dyn Dialer> {
        Arc::new(SshDialer::new(SshSettings {
            keepalive_interval: options.keepalive_interval,
            keepalive_max: options.keepalive_max,
        }))
    }

    pub(crate) fn with_dialer(
        source: Arc<dyn EndpointSource>,
        options: ClientOptions,
        dialer: Arc<dyn Dialer>,
    ) -> Self {
        Self::build(source, None, options, dialer)
    }

    fn build(
        source: Arc<dyn EndpointSource>,
        discovery: Option<Arc<DiscoverySource>>,
        options: ClientOptions,
        dialer: Arc<dyn Dialer>,
    ) -> Self {
        let pool = Pool::new(
            dialer.clone(),
            options.connect_timeout,
            options.max_channels_per_connection,
        );
        Self {
            inner: Arc::new(Inner {
                source,
                discovery,
                options,
                dialer,
                pool,
                identities: IdentityCache::default(),
                local: LocalRunner::default(),
                in_use: Mutex::default(),
                checking: AtomicBool::new(false),
                gate: Gate::default(),
            }),
        }
    }

    pub fn options(&self) -> &ClientOptions {
        &self.inner.options
    }

    /// Waits until the source can answer: the first discovery record is loaded (at once for
    /// other sources, and once it is).
    async fn ready(&self) -> Result<(), ClientError> {
        match &self.inner.discovery {
            Some(d) => d.wait_loaded(d.settings().timeout).await,
            None => Ok(()),
        }
    }

    /// The generation of the discovery record in use; `None` without discovery or before the
    /// first record.
    pub fn discovery_generation(&self) -> Option<u64> {
        self.inner.discovery.as_ref()?.generation()
    }

    /// How many connections this client has dialed so far (pooled ones count once).
    pub fn connections_dialed(&self) -> u64 {
        self.inner.pool.dials()
    }

    /// Runs `argv` in `target` and collects its output and exit code.
    pub async fn exec<S: AsRef<str>>(
        &self,
        target: &str,
        argv: &[S],
    ) -> Result<Output, ClientError> {
        self.exec_with(target, argv, &ExecOptions::default()).await
    }

    /// [`Client::exec`] with per-call options.
    pub async fn exec_with<S: AsRef<str>>(
        &self,
        target: &str,
        argv: &[S],
        options: &ExecOptions,
    ) -> Result<Output, ClientError> {
        self.exec_stream_with(target, argv, options)
            .await?
            .collect()
            .await
    }

    /// Runs `argv` in `target` and streams its output as it arrives.
    pub async fn exec_stream<S: AsRef<str>>(
        &self,
        target: &str,
        argv: &[S],
    ) -> Result<ExecStream, ClientError> {
        self.exec_stream_with(target, argv, &ExecOptions::default())
            .await
    }

    /// [`Client::exec_stream`] with per-call options.
    pub async fn exec_stream_with<S: AsRef<str>>(
        &self,
        target: &str,
        argv: &[S],
        options: &ExecOptions,
    ) -> Result<ExecStream, ClientError> {
        let payload = command::payload(argv)?;
        // running from here until the stream's last event: a shutdown waits for it
        let ticket = self.inner.gate.enter(target, &payload)?;
        let timeout = options.timeout.or(self.inner.options.exec_timeout);
        let stream = self.start(target, &payload, timeout).await?;
        Ok(stream.holding(ticket))
    }

    /// Drains the client for shutdown, then closes its connections. From the moment it is
    /// called, new calls (on every clone of this client) fail at once with
    /// [`ClientError::ShuttingDown`], and nothing of theirs is sent. The calls already made
    /// run to their end, retries included: their output and exit code reach their callers
    /// (a stream counts until it has given its last event, or is dropped). Once the last one
    /// has ended, the pooled connections are closed and it returns. Unbounded: Swarm's stop
    /// grace period bounds it from outside; see [`Client::shutdown_within`] for a bound of
    /// the app's own. The background health checks stop too.
    ///
    /// ```no_run
    /// # async fn demo(client: bosun::Client) -> std::io::Result<()> {
    /// use tokio::signal::unix::{SignalKind, signal};
    ///
    /// let mut sigterm = signal(SignalKind::terminate())?;
    /// sigterm.recv().await;
    /// client.shutdown().await; // what runs ends; nothing new starts
    /// # Ok(()) }
    /// ```
    pub async fn shutdown(&self) {
        self.inner.gate.close();
        self.inner.gate.drained().await;
        self.inner.pool.close_all().await;
    }

    /// [`Client::shutdown`], waiting at most `limit` for the running commands. The commands
    /// still running then are returned (oldest first), and cut: the pooled connections are
    /// closed anyway, so the calls whose command was sent end with
    /// [`ClientError::ConnectionLost`]. Not cut: a command on the local fallback, and a call
    /// still connecting (it goes on with its retries; the app is about to exit anyway).
    /// Empty when every command ended in time.
    pub async fn shutdown_within(&self, limit: Duration) -> Vec<RunningCommand> {
        self.inner.gate.close();
        let _in_time = tokio::time::timeout(limit, self.inner.gate.drained()).await;
        let left = self.inner.gate.running();
        self.inner.pool.close_all().await;
        left
    }

    /// Whether [`Client::shutdown`] has begun: new calls are refused.
    pub fn is_shutting_down(&self) -> bool {
        self.inner.gate.is_closed()
    }

    /// Starts `payload` in `target`: the local fallback, or a proxy (see the module comment).
    async fn start(
        &self,
        target: &str,
        payload: &str,
        timeout: Option<Duration>,
    ) -> Result<ExecStream, ClientError> {
        self.ready().await?;
        let first = match self.inner.source.route(target) {
            Ok(Route::Local(local)) => {
                return self.inner.local.start(&local, payload, timeout).await;
            }
            Ok(Route::Proxy(remote)) => {
                self.watch_health(target);
                Some(remote)
            }
            // Listed without a running proxy (moving between nodes): wait for one, as for a
            // proxy that does not answer.
            Err(ClientError::NoProxy { .. }) => None,
            Err(e) => return Err(e),
        };
        self.send(target, first, payload, timeout).await
    }

    /// Connects and authenticates to every endpoint of `target` (fresh connections, no
    /// retries) and reports each. For the local fallback: whether the engine answers and the
    /// target container runs on it.
    pub async fn ping(&self, target: &str) -> Result<Vec<PingReport>, ClientError> {
        self.ready().await?;
        let remote = match self.inner.source.route(target)? {
            Route::Proxy(remote) => remote,
            Route::Local(local) => {
                let started = Instant::now();
                let result = self.inner.local.ping(&local).await;
                return Ok(vec![PingReport {
                    endpoint: "local engine".into(),
                    result: result.map(|_| started.elapsed()).map_err(|e| e.to_string()),
                }]);
            }
        };
        let identity = self.inner.identities.identity(&remote)?;
        let addrs = match endpoints::resolve(&remote).await {
            Ok(addrs) => addrs,
            Err(e) => {
                return Ok(remote
                    .endpoints
                    .iter()
                    .map(|ep| PingReport {
                        endpoint: ep.to_string(),
                        result: Err(e.to_string()),
                    })
                    .collect());
            }
        };
        let identity = &identity;
        let pings = addrs.into_iter().map(|addr| async move {
            PingReport {
                endpoint: addr.to_string(),
                result: self.check(addr, identity).await.map_err(|e| e.to_string()),
            }
        });
        Ok(join_all(pings).await)
    }

    /// The health check of one endpoint on a fresh connection (`health::check`), recorded in
    /// its health. A proxy that closed the connection as we authenticated is busy (at its
    /// `--max-connections`), not failed: it is not marked unhealthy for that.
    async fn check(
        &self,
        addr: SocketAddr,
        identity: &Identity,
    ) -> Result<Duration, EndpointError> {
        let limit = self.inner.options.connect_timeout;
        let result = health::check(&*self.inner.dialer, addr, identity, limit).await;
        match &result {
            Err(e) if e.is_busy() => {
                tracing::info!(endpoint = %addr, error = %e, "bosun client: proxy busy at its health check");
            }
            Err(e) => {
                tracing::warn!(endpoint = %addr, error = %e, "bosun client: health check failed");
            }
            Ok(_) => {}
        }
        let passed = result
            .as_ref()
            .map_or_else(EndpointError::is_busy, |_| true);
        self.inner.pool.health().record(addr, passed);
        result
    }

    /// The periodic check of one endpoint: over its live pooled connection when there is one
    /// (a channel opened and closed: no new connection for a proxy at its
    /// `--max-connections` to refuse), else on a fresh connection ([`Client::check`]). A probe
    /// the proxy refuses or does not answer fails the check.
    async fn check_endpoint(&self, addr: SocketAddr, identity: &Identity) {
        let limit = self.inner.options.connect_timeout;
        match self.inner.pool.probe(addr, identity, limit).await {
            Some(Ok(())) => self.inner.pool.health().mark_ok(addr),
            // refused (a draining proxy refuses channels), no answer, or the connection broke
            Some(Err(e)) => {
                tracing::warn!(endpoint = %addr, error = %e, "bosun client: health check failed");
                self.inner.pool.health().mark_failed(addr);
            }
            None => {
                let _ = self.check(addr, identity).await;
            }
        }
    }

    /// Adds `target` to the targets whose endpoints are checked, and starts the checks (on
    /// the caller's runtime) unless they run or are off. The task holds the client weakly:
    /// it ends once the last clone of the client is dropped, or the client shuts down.
    fn watch_health(&self, target: &str) {
        let interval = self.inner.options.health_interval;
        if interval.is_zero() {
            return;
        }
        let mut in_use = self
            .inner
            .in_use
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !in_use.contains(target) {
            in_use.insert(target.to_owned());
        }
        drop(in_use);
        if self.inner.checking.swap(true, Ordering::SeqCst) {
            return;
        }
        let weak = Arc::downgrade(&self.inner);
        tokio::spawn(async move {
            let start = tokio::time::Instant::now() + interval;
            let mut ticks = tokio::time::interval_at(start, interval);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                let Some(inner) = weak.upgrade() else { break };
                if inner.gate.is_closed() {
                    break;
                }
                Client { inner }.check_in_use().await;
            }
        });
    }

    /// One round of checks: every endpoint of every target in use, all at once. When every
    /// target's endpoints were known, the endpoints no target has any more are forgotten.
    async fn check_in_use(&self) {
        let targets: Vec<String> = {
            let in_use = self
                .inner
                .in_use
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            in_use.iter().cloned().collect()
        };
        let checked = join_all(targets.iter().map(|t| self.check_target(t))).await;
        if let Some(current) = checked.into_iter().collect::<Option<Vec<_>>>() {
            let current: HashSet<SocketAddr> = current.into_iter().flatten().collect();
            self.inner.pool.retain(&current);
        }
    }

    /// Checks every endpoint of `target` as its source lists it now (nothing when it has no
    /// usable route: calls report that themselves). Its endpoints now, or `None` when they
    /// could not be known (a source or resolver error).
    async fn check_target(&self, target: &str) -> Option<Vec<SocketAddr>> {
        let remote = match self.inner.source.route(target) {
            Ok(Route::Proxy(remote)) => remote,
            Ok(Route::Local(_)) | Err(ClientError::NoProxy { .. }) => return Some(Vec::new()),
            Err(_) => return None,
        };
        let Ok(identity) = self.inner.identities.identity(&remote) else {
            return None;
        };
        let addrs = endpoints::resolve(&remote).await.ok()?;
        join_all(
            addrs
                .iter()
                .map(|addr| self.check_endpoint(*addr, &identity)),
        )
        .await;
        Some(addrs)
    }

    /// Gets the exec request of `payload` sent to one of `target`'s proxies, retrying
    /// connection failures and "not started" answers. Returns once it is sent and the proxy
    /// did not answer "not started": from there on, no retry. `first` is the
    /// route the call started with (`None` when the source listed no running proxy). Each retry
    /// asks the source again (a changed record may have moved the proxies or their keys, or
    /// list one at last); when it has nothing usable, the first route is tried again.
    async fn send(
        &self,
        target: &str,
        first: Option<RemoteTarget>,
        payload: &str,
        timeout: Option<Duration>,
    ) -> Result<ExecStream, ClientError> {
        let first = match first {
            Some(remote) => {
                let identity = self.inner.identities.identity(&remote)?;
                Some((remote, identity))
            }
            None => None,
        };
        let first = &first;
        retry::run(&self.inner.options.retry, target, move |n| async move {
            let (remote, identity) = self.next_route(target, first.as_ref(), n > 1)?;
            let sent = Sent { target, timeout };
            self.attempt(&remote, &identity, payload, sent).await
        })
        .await
    }

    /// The route of one attempt: `first` on the first attempt, else what the source says now.
    /// A target listed without a running proxy is a transient not-sent failure (waited for
    /// like a proxy that does not answer). When the source has nothing usable, `first` again,
    /// or the source's error, fatal, when there is no first route.
    fn next_route(
        &self,
        target: &str,
        first: Option<&(RemoteTarget, Identity)>,
        retry: bool,
    ) -> Result<(RemoteTarget, Identity), AttemptFailed> {
        if let (Some(first), false) = (first, retry) {
            return Ok(first.clone());
        }
        let fallback = |e: ClientError| first.cloned().ok_or(AttemptFailed::Fatal(e));
        match self.inner.source.route(target) {
            Ok(Route::Proxy(now)) => match first {
                Some(first) if first.0 == now => Ok(first.clone()),
                _ => match self.inner.identities.identity(&now) {
                    Ok(identity) => Ok((now, identity)),
                    Err(e) => fallback(e),
                },
            },
            Err(ClientError::NoProxy { target, origin }) => {
                Err(EndpointError::NoProxy { target, origin }.into())
            }
            Ok(Route::Local(_)) => fallback(ClientError::Config(format!(
                "target {target:?} changed to the local engine fallback while the call waited for a proxy"
            ))),
            Err(e) => fallback(e),
        }
    }

    /// One attempt: every endpoint in failover order until one takes the exec request and
    /// runs it (a refused exec request or "not started" is a not-sent failure: the next
    /// endpoint may run it). Each command goes to the first endpoint in that order with a free
    /// slot; when every one is full, to whichever frees one first.
    async fn attempt(
        &self,
        remote: &RemoteTarget,
        identity: &Identity,
        payload: &str,
        sent: Sent<'_>,
    ) -> Result<ExecStream, AttemptFailed> {
        let addrs = endpoints::resolve(remote).await?;
        let limits = self.inner.source.limits(sent.target);
        let pool = &self.inner.pool;
        let mut left = pool.order(&addrs);
        let mut failures = Vec::new();
        while !left.is_empty() {
            let admitted = match pool.admit(&left, &limits, sent.timeout).await {
                Ok(admitted) => admitted,
                Err(e) => return Err(AttemptFailed::NotSent(Failures(vec![e]))),
            };
            left.retain(|addr| *addr != admitted.addr);
            match self.try_endpoint(identity, admitted, payload, sent).await? {
                Ok(stream) => return Ok(stream),
                Err(e) => failures.push(e),
            }
        }
        Err(AttemptFailed::NotSent(Failures(failures)))
    }

    /// Sends the command to the endpoint it was admitted to: the stream once the proxy took
    /// it, or why it certainly did not run there.
    async fn try_endpoint(
        &self,
        identity: &Identity,
        admitted: Admitted,
        payload: &str,
        sent: Sent<'_>,
    ) -> Result<Result<ExecStream, EndpointError>, AttemptFailed> {
        let addr = admitted.addr;
        let mut lease = match self.inner.pool.open(identity, admitted).await {
            Ok(lease) => lease,
            Err(e) => return Ok(Err(e)),
        };
        if let Err(e) = lease.channel.exec(payload).await {
            // Certainly not sent (the connection was gone): the next endpoint may take it.
            self.inner.pool.discard(lease).await;
            return Ok(Err(e));
        }
        // Sent. Unless the proxy says it ran nothing, this command is not sent again.
        let mut stream = ExecStream::remote(lease, sent.target, sent.timeout);
        let endpoint = addr.to_string();
        Ok(
            match stream.not_started().await.map_err(AttemptFailed::Fatal)? {
                None => Ok(stream),
                Some(NotRun::NotStarted(reason)) => {
                    Err(EndpointError::NotStarted { endpoint, reason })
                }
                Some(NotRun::Refused) => {
                    self.inner.pool.health().mark_failed(addr);
                    Err(EndpointError::ExecRefused { endpoint })
                }
            },
        )
    }
}

/// What a sent command's stream needs: the target's name and the call's timeout.
#[derive(Clone, Copy)]
struct Sent<'a> {
    target: &'a str,
    timeout: Option<Duration>,
}
