//! The bosun client on the lab: the `bosun` CLI and test apps linking the client library, run
//! inside a lab node's namespaces (`bosun_e2e::cli`), or as a service that follows a
//! controller's discovery record (`health`). Every test is `group::shared` but `health`'s,
//! which cuts a node off (`group::exclusive`).

mod exec;
mod failover;
mod health;
mod local;

use std::path::PathBuf;

/// The client loop binary of this package (`src/bin/bosun-e2e-client.rs`).
fn loop_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_bosun-e2e-client"))
}
