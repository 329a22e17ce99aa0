//! `bosun-controller`: the operator's reconcile loop on a Swarm manager.
//!
//! * `run` — reconcile the configured targets, serve health, metrics and discovery;
//! * `check-config FILE` — validate a config file, every error with its line and column;
//! * `schema` — print the config file's JSON Schema;
//! * `probe` — the container health check (GET `/healthz`, exit 0 on 200);
//! * `uninstall` — list, and with `--yes` remove, every object of one instance;
//! * `rotate` — ask the leader for a key rotation, or show every key's version, age and phase.
//! * `signing-key new` — print a fresh record signing key (an OpenSSH ED25519 private key).
//! * `token new` — print a fresh orchestration API token and its config entry.
//!
//! The modules, from the bottom up (each one's comment says more):
//! * `config` — the configuration file and label-declared targets, validated;
//! * `model` — observed and desired state as plain data: the snapshot, bosun's names and labels;
//! * `reconcile` — the pure planner: targets, one target's changes (its keys and their
//!   rotations in `reconcile::keys`), its discovery entry;
//! * `swarm` — the Engine side: API calls, reading a snapshot, events, task polling, applying
//!   the planner's changes;
//! * `runner` — the generic machinery (queue, workers, resync, backoff) that calls a reconciler;
//! * `lease` — one leader among the controller's replicas, and the fence every write passes;
//! * `operator` — the reconcile for bosun's targets, plugged into the runner, and its wake-ups;
//! * `discovery`, `health`, `metrics`, `http`, `probe` — what the controller serves and reports;
//! * `oneshot` — what the one-shot commands share (the instance check, an unfenced Engine);
//! * `uninstall` — the `uninstall` command, over the planner and the Engine code;
//! * `rotate` — the `rotate` command: a rotation request, or the keys' status;
//! * `token` — the `token new` command.

mod config;
mod discovery;
mod health;
mod http;
mod lease;
mod metrics;
mod model;
mod oneshot;
mod operator;
#[allow(
    dead_code,
    reason = "the orchestration API is being built (issue 13); its pieces land before their callers"
)]
mod orchestration;
mod probe;
mod reconcile;
mod rotate;
mod runner;
mod swarm;
mod token;
mod uninstall;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};

/// bosun's controller: deploys and repairs SSH exec proxies next to Swarm targets, manages their
/// keys and publishes the discovery record clients use. Logs are JSON on stderr (`RUST_LOG`).
#[derive(Debug, Parser)]
#[command(name = "bosun-controller", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Reconcile forever (the Swarm service runs this).
    Run {
        /// The configuration file; re-read when it changes and on SIGHUP.
        #[arg(long, env = "BOSUN_CONFIG", default_value = "/etc/bosun/bosun.yaml")]
        config: PathBuf,
        /// Address of the HTTP listener (/healthz, /readyz, /metrics, /v1/discovery).
        #[arg(long, env = "BOSUN_HTTP_LISTEN", default_value = "0.0.0.0:8080")]
        http_listen: SocketAddr,
        /// The Engine API (`unix:///var/run/docker.sock`, a socket path, `tcp://…`).
        #[arg(long, env = "DOCKER_HOST")]
        docker_host: Option<String>,
        /// The directory of the discovery record's signing keys: files `v1`, `v2`, … (OpenSSH
        /// ED25519 private keys); the lowest version signs, the others are announced.
        #[arg(
            long,
            env = "BOSUN_SIGNING_KEYS",
            default_value = "/run/secrets/bosun-signing"
        )]
        signing_keys: PathBuf,
    },
    /// The discovery record's signing keys.
    SigningKey {
        #[command(subcommand)]
        command: SigningKeyCommand,
    },
    /// Check a configuration file: prints every error with its line and column.
    CheckConfig { file: PathBuf },
    /// Print the JSON Schema of the configuration file.
    Schema,
    /// List every object of one instance; remove them with --yes (stop its controller first).
    Uninstall {
        /// The instance (the config's `instance`).
        #[arg(long, default_value = "bosun")]
        instance: String,
        /// The Engine API (`unix:///var/run/docker.sock`, a socket path, `tcp://…`).
        #[arg(long, env = "DOCKER_HOST")]
        docker_host: Option<String>,
        /// Remove them (without it, only list them).
        #[arg(long)]
        yes: bool,
    },
    /// Ask the leader to rotate a target's keys (it returns at once), or show every key's
    /// version, age and rotation phase with --status.
    Rotate(rotate::Args),
    /// The orchestration API's bearer tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Exit 0 when the controller's /healthz answers 200 (for container health checks).
    Probe {
        #[arg(long, default_value = "http://127.0.0.1:8080/healthz")]
        url: String,
    },
}

#[derive(Debug, Subcommand)]
enum SigningKeyCommand {
    /// Print a fresh signing key (an unencrypted OpenSSH ED25519 private key) to stdout, e.g.
    /// `bosun-controller signing-key new | docker secret create bosun-signing-key-v1 -`.
    New,
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Print a fresh token once, and the entry to paste under `orchestration.tokens`.
    New(token::NewArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::CheckConfig { file } => config::check_config_main(&file),
        Command::Schema => {
            print!("{}", config::schema_json());
            ExitCode::SUCCESS
        }
        Command::Probe { url } => probe::main(&url),
        Command::SigningKey {
            command: SigningKeyCommand::New,
        } => new_signing_key(),
        Command::Uninstall {
            instance,
            docker_host,
            yes,
        } => one_shot(uninstall::main(&instance, docker_host.as_deref(), yes)),
        Command::Rotate(args) => one_shot(rotate::main(args)),
        Command::Token {
            command: TokenCommand::New(args),
        } => token::main(&args),
        Command::Run {
            config,
            http_listen,
            docker_host,
            signing_keys,
        } => {
            init_logging();
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("bosun-controller: starting the runtime: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match runtime.block_on(run(config, http_listen, docker_host, signing_keys)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    tracing::error!(error = format!("{e:#}"), "bosun-controller stopped");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Runs a one-shot command on a single-threaded runtime.
fn one_shot(command: impl std::future::Future<Output = ExitCode>) -> ExitCode {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(command),
        Err(e) => {
            eprintln!("bosun-controller: starting the runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// `signing-key new`: a fresh key on stdout.
fn new_signing_key() -> ExitCode {
    let key = bosun_core::keys::generate("bosun-discovery-signing")
        .and_then(|k| bosun_core::keys::private_openssh(&k));
    match key {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bosun-controller: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(
    config_path: PathBuf,
    http_listen: SocketAddr,
    docker_host: Option<String>,
    signing_keys: PathBuf,
) -> anyhow::Result<()> {
    let signer = Arc::new(
        discovery::signer::Signer::load(&signing_keys)
            .context("the discovery record cannot be signed")?,
    );
    let (version, key_id) = signer.signing();
    tracing::info!(
        dir = %signing_keys.display(),
        version,
        key_id,
        announced = signer.signing_keys().len() - 1,
        "discovery record signing keys loaded"
    );
    let metrics = metrics::Metrics::new().context("creating the metrics")?;
    let initial = config::load(&config_path)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("the configuration file is not usable")?;
    tracing::info!(
        config = %config_path.display(),
        targets = initial.targets.len(),
        "configuration loaded"
    );
    let health = Arc::new(health::Health::new(initial.intervals.watch_deadline));
    let timing = lease::elector::LeaseTiming::of(initial.intervals.lease);
    let instance = initial.instance.clone();
    let initial_validity = initial.discovery.validity;
    let orchestrate = orchestration::serve::enabled(&initial)
        .context("the orchestration API's switch is not usable")?;
    let config_rx = config::reload::spawn(config_path, Arc::new(initial), metrics.reload_metrics());
    let docker = bosun_engine::connect(docker_host.as_deref())
        .await
        .context("connecting to the Docker Engine")?;
    let engine = swarm::engine::Engine::new(docker, metrics.api_calls.clone());
    let lease = lease::run::Lease::new(lease::holder_id(), timing);
    tracing::info!(me = %lease.view().me, lease_ms = timing.duration.as_millis() as u64, "taking part in the leader election");
    // Only the lease's own compare-and-swap goes out unfenced.
    let lease_store = lease::store::LeaseStore::new(engine.clone(), &instance);
    let engine = engine.fenced(lease.clone(), &instance, metrics.writes.clone());
    let store = discovery::store::DiscoveryStore::new(signer, initial_validity);
    let status = operator::StatusBoard::default();
    let app = http::router(
        health.clone(),
        metrics.clone(),
        store.clone(),
        status.clone(),
        lease.clone(),
    );
    tokio::spawn(metrics::follow_lease(metrics.clone(), lease.clone()));
    tokio::spawn(discovery::shared::share(
        engine.clone(),
        instance,
        store.clone(),
        lease.leading(),
        metrics.discovery_generation.clone(),
    ));
    let (stop_lease, lease_stopped) = tokio::sync::oneshot::channel::<()>();
    let lease_for_stop = lease.clone();
    let election = tokio::spawn(lease::run::run(lease.clone(), lease_store, async {
        let _ = lease_stopped.await;
    }));
    let orchestration_api = orchestrate.then(|| {
        orchestration::serve::Api::new(
            engine.clone(),
            config_rx.clone(),
            lease.leading(),
            metrics.audit_pruned.clone(),
        )
    });
    let operator =
        operator::Operator::new(engine, config_rx, store, metrics, health, status, lease);
    let result = tokio::select! {
        r = http::serve(http_listen, app) => r,
        r = serve_if_on(orchestration_api.as_ref().map(|api| api.serve())) => r,
        () = operator.run() => Ok(()),
        r = stop_signal() => {
            let name = r?;
            tracing::info!(signal = name, "stopping");
            Ok(())
        }
    };
    // The audit records still queued are written while this replica still leads.
    if let Some(api) = &orchestration_api {
        api.stop().await;
    }
    // The operator is stopped (its tasks end with the runtime): give the lease up, so that a
    // follower takes over at its next look instead of after the lease runs out.
    let _ = stop_lease.send(());
    let budget = lease_for_stop.release_budget() + std::time::Duration::from_millis(500);
    if tokio::time::timeout(budget, election).await.is_err() {
        tracing::warn!("giving the lease up took too long");
    }
    result
}

/// The orchestration API's server when it is on; when off, nothing listens and this never
/// ends.
async fn serve_if_on(
    api: Option<impl std::future::Future<Output = anyhow::Result<()>>>,
) -> anyhow::Result<()> {
    match api {
        Some(api) => api.await,
        None => std::future::pending().await,
    }
}

/// SIGTERM (Docker stopping the task) or SIGINT.
async fn stop_signal() -> anyhow::Result<&'static str> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    tokio::select! {
        _ = term.recv() => Ok("SIGTERM"),
        r = tokio::signal::ctrl_c() => r.map(|()| "SIGINT").context("waiting for SIGINT"),
    }
}
