//! bosun's exec path, as a library:
//!
//! * [`policy`]: the pure command check (raw bytes → validated argv or a reason);
//! * [`engine`]: the Docker Engine plumbing that finds a target's task on this node and runs a
//!   command in it with a fixed, server-side exec configuration;
//! * [`keys`]: ED25519 keys for both ends of the SSH connection;
//! * [`discovery`]: the discovery record the controller publishes and clients read (proxies,
//!   pinned host keys, per target);
//! * [`client`]: the client library apps link (pooled SSH to the exec proxies, retries,
//!   host-key pinning, the non-Swarm fallback);
//! * [`server`]: the SSH exec proxy `bosun-proxy` (auth, refusals, limits, audit, metrics,
//!   drain) that runs next to a target task;
//! * [`cli`]: the logic behind the `bosun` CLI's subcommands.

pub mod cli;
pub mod client;
pub mod discovery;
pub mod engine;
pub mod keys;
pub mod policy;
pub mod server;
