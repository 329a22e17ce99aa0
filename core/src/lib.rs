//! `bosun-core`: the types every part of bosun shares, with almost no dependencies (like
//! `kube-core`). An app that links the client, the proxy and the controller all read the same
//! definitions from here, and none of them drags the others' dependencies along.
//!
//! # Layout
//!
//! * [`policy`]: the pure command check (raw bytes → validated argv or a reason), spec
//!   `command-policy.md`;
//! * [`keys`]: ED25519 keys for both ends of the SSH connection (OpenSSH text, fingerprints);
//! * [`discovery`]: the discovery record the controller publishes and clients read (proxies
//!   and their pinned host keys, per target);
//! * [`signature`]: the record's detached ED25519 signature, and the client's trust (which
//!   keys may sign, what it accepted last), checked before any pin of a record is used;
//! * [`exit`]: an exec's exit code in SSH terms (`exit-status`, or `exit-signal` for a command
//!   a signal killed), read the same way by the proxy and the client's local fallback;
//! * [`backoff`] and [`watch`] (feature `runtime`, tokio): the one backoff helper and the one
//!   file-change watcher that the client, the proxy and the controller all use.
//!
//! # Features
//!
//! * `schema`: `schemars::JsonSchema` for the policy types (the controller's config schema);
//! * `runtime`: the async helpers above (tokio, backon).

#[cfg(feature = "runtime")]
pub mod backoff;
pub mod discovery;
pub mod exit;
pub mod keys;
pub mod policy;
pub mod signature;
#[cfg(feature = "runtime")]
pub mod watch;
