//! bosun's exec path, as a library:
//!
//! * [`policy`]: the pure command check (raw bytes → validated argv or a reason);
//! * [`engine`]: the Docker Engine plumbing that finds a target's task on this node and runs a
//!   command in it with a fixed, server-side exec configuration;
//! * [`keys`]: ED25519 keys for both ends of the SSH connection;
//! * [`cli`]: the logic behind the `bosun` CLI's subcommands.

pub mod cli;
pub mod engine;
pub mod keys;
pub mod policy;
