//! The `bosun` CLI's subcommands as library code: argument types (clap) and `run` functions
//! that take their I/O as parameters and return the exit code, so they are unit-testable and
//! `src/bin/bosun.rs` stays a thin dispatcher (feature `cli`).

pub mod exec;
pub mod ping;
pub mod policy_check;
