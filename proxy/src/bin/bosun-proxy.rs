//! `bosun-proxy`: the SSH exec proxy that runs next to a target task. This file only parses the
//! command line, sets up logging and the runtime, and runs `bosun_proxy`.
//!
//! * `bosun-proxy [FLAGS]`: the server. Exit status: 0 after a clean drain (SIGTERM/SIGINT), 1
//!   when the proxy cannot start (bad key file, address in use, bad policy file), 2 on usage
//!   errors.
//! * `bosun-proxy probe`: the container health check (`bosun_proxy::probe`).
//! * `bosun-proxy stop-exec …`: run by the proxy itself in a short-lived container that shares
//!   the target's process namespace, to stop a command (`bosun_proxy::stopper`).
//! * `bosun-proxy purge-volume …`: run by the controller in a one-shot service on a node, to
//!   remove a deleted clone's volume there (`bosun_proxy::purge_volume`).

use std::process::ExitCode;

use bosun_proxy::{Config, ProxyArgs, Server};
use clap::Parser;
use tracing_subscriber::EnvFilter;

/// Worker threads: enough to keep SSH crypto off the critical path of concurrent clients while
/// keeping the idle footprint small.
const WORKER_THREADS: usize = 2;

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("probe") => return bosun_proxy::probe::main(),
        Some("stop-exec") => return bosun_proxy::stopper::main(std::env::args().skip(2)),
        Some("purge-volume") => return bosun_proxy::purge_volume::main(std::env::args().skip(2)),
        _ => {}
    }
    let args = ProxyArgs::parse();
    // Logs are JSON on stderr; stdout carries only the audit lines.
    tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_current_span(false)
        .init();
    let config = match Config::from_args(args) {
        Ok(config) => config,
        Err(e) => {
            tracing::error!(error = %e, "invalid configuration");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKER_THREADS)
        .max_blocking_threads(4)
        .enable_all()
        .build();
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the runtime");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let server = Server::bind(config).await?;
        server.run().await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "bosun-proxy failed");
            ExitCode::FAILURE
        }
    }
}
