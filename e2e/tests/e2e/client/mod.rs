//! The bosun client on the lab: the `bosun` CLI and test apps linking the client library, run
//! inside a lab node's namespaces (`bosun_e2e::cli`). Every test is `group::shared`.

mod exec;
mod failover;
mod local;

use std::path::PathBuf;

/// The client loop binary of this package (`src/bin/bosun-e2e-client.rs`).
fn loop_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_bosun-e2e-client"))
}
