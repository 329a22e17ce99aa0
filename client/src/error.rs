//! The client's errors. Two layers:
//!
//! * [`EndpointError`]: why one attempt on one endpoint failed before the command was sent. It
//!   knows whether the failure is **transient** (worth retrying with backoff: refused, reset,
//!   timed out, name not resolving) or **permanent** (an unpinned host key, our key refused).
//! * [`ClientError`]: what a call returns. The variants say clearly whether the command may
//!   have run: only [`ClientError::ConnectionLost`] and [`ClientError::Timeout`] come after the
//!   exec request was sent, and those are never retried. [`ClientError::NotStarted`] comes
//!   after it too, but the proxy said that nothing ran (and it was retried).

use std::fmt;
use std::time::Duration;

use super::command::CommandError;
use super::hostkeys::HostKeyRejected;
use bosun_core::keys::KeyError;
#[cfg(feature = "local")]
use bosun_engine::EngineError;

/// Why one endpoint could not take the command (nothing was sent).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    /// The source lists the target but no proxy for it (it is moving between nodes, or its
    /// proxy is not running yet).
    #[error("target {target:?} has no running proxy in {origin}")]
    NoProxy { target: String, origin: String },
    /// The route has an empty endpoint list.
    #[error("the route of target {target:?} lists no proxy endpoint to connect to")]
    NoEndpoints { target: String },
    #[error("{endpoint}: cannot resolve: {reason}")]
    Resolve { endpoint: String, reason: String },
    #[error("{endpoint}: cannot connect: {reason}")]
    Connect { endpoint: String, reason: String },
    #[error("{endpoint}: no SSH session within {after:?}")]
    ConnectTimeout { endpoint: String, after: Duration },
    #[error("{endpoint}: SSH handshake failed: {reason}")]
    Handshake { endpoint: String, reason: String },
    #[error("{endpoint}: {rejected}")]
    HostKey {
        endpoint: String,
        rejected: HostKeyRejected,
    },
    #[error(
        "{endpoint}: the proxy refused our key {fingerprint} for user {user} (is this the target's client key, and is it authorized on the proxy?)"
    )]
    AuthRejected {
        endpoint: String,
        user: String,
        fingerprint: String,
    },
    #[error("{endpoint}: cannot open a session channel: {reason}")]
    Channel { endpoint: String, reason: String },
    /// The connection ended while we authenticated: a proxy at its `--max-connections` closes
    /// a connection as it authenticates (so does one past its pre-auth deadline). The proxy
    /// answers, it is busy: a health check counts this as alive.
    #[error(
        "{endpoint}: the proxy closed the connection as we authenticated (too many connections?): {reason}"
    )]
    ClosedAtLogin { endpoint: String, reason: String },
    /// The proxy refused the exec request itself (`channel_failure`, e.g. while it drains for
    /// shutdown): it answers before anything reaches Docker, so nothing ran.
    #[error("{endpoint}: the proxy refused the exec request (shutting down?); nothing ran")]
    ExecRefused { endpoint: String },
    /// Every endpoint had all its slots taken by this client's commands for the whole of the
    /// call's timeout; nothing was sent, and it is not retried (the call's time is up).
    #[error(
        "no proxy had a free slot within {after:?} (every one carries its maximum of commands from this client)"
    )]
    NoSlot { after: Duration },
    /// The proxy took the exec request but ran nothing: its target had no running task on its
    /// node (exit 125 with `bosun: not started: <reason>`). Retried like a refused connection.
    #[error("{endpoint}: not started: {reason}")]
    NotStarted { endpoint: String, reason: String },
}

impl EndpointError {
    /// Worth retrying after a backoff: the proxy may be restarting or moving.
    pub fn is_transient(&self) -> bool {
        !matches!(
            self,
            EndpointError::HostKey { .. }
                | EndpointError::AuthRejected { .. }
                | EndpointError::NoSlot { .. }
        )
    }

    /// The proxy answered but was full (closed the connection as we authenticated): busy,
    /// not failed.
    pub fn is_busy(&self) -> bool {
        matches!(self, EndpointError::ClosedAtLogin { .. })
    }
}

/// The failures of every endpoint in the last attempt, for [`ClientError::Unreachable`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failures(pub Vec<EndpointError>);

impl fmt::Display for Failures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// What went wrong with a call.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The configuration (environment, discovery record) is missing or invalid.
    #[error("configuration: {0}")]
    Config(String),
    /// The source lists the target but no running proxy for it (during a move between nodes,
    /// for a few seconds). A call waits for one with its connection retries; the command was
    /// not sent.
    #[error("target {target:?} has no running proxy in {origin}")]
    NoProxy {
        target: String,
        /// Where that was read, e.g. `the discovery record (generation 7)`.
        origin: String,
    },
    /// The argv cannot be sent; nothing was attempted.
    #[error("cannot send this command: {0}")]
    Command(#[from] CommandError),
    /// The client key or the pinned host keys of a target cannot be used.
    #[error("target {target}: {what}: {source}")]
    Credentials {
        target: String,
        /// `the client key` or `the pinned host keys`.
        what: &'static str,
        #[source]
        source: KeyError,
    },
    /// The client key file may be read by others than its owner (`mode & 0o077`): refused,
    /// as OpenSSH refuses an "UNPROTECTED PRIVATE KEY FILE".
    #[error(
        "target {target}: UNPROTECTED PRIVATE KEY FILE: the client key {path} has mode {mode:04o}, so others than its owner can read it; bosun refuses it, as OpenSSH does (fix: chmod 600 {path})"
    )]
    UnprotectedKey {
        target: String,
        path: String,
        /// The file's permission bits.
        mode: u32,
    },
    /// Every attempt was answered "not started" by a proxy (the target had no running task on
    /// its node, e.g. while it restarted); the command never ran. `reason` is the last answer.
    #[error(
        "target {target}: not started after {attempts} attempt(s), the command never ran: {reason}"
    )]
    NotStarted {
        target: String,
        attempts: usize,
        reason: String,
    },
    /// No endpoint took the command, after `attempts` attempts; the command was never sent.
    #[error(
        "target {target}: no proxy reachable after {attempts} attempt(s), the command was not sent: {failures}"
    )]
    Unreachable {
        target: String,
        attempts: usize,
        failures: Failures,
    },
    /// The connection broke after the exec request was sent: the command may or may not have
    /// run. It is not retried (commands are not idempotent).
    #[error(
        "target {target}: the connection to {endpoint} broke after the command was sent; it may or may not have run, and it is not retried"
    )]
    ConnectionLost { target: String, endpoint: String },
    /// The command ended, but without a status bosun can report: the proxy closed the channel
    /// with neither `exit-status` nor `exit-signal`, or named a signal that has no number, or
    /// the local engine reported a negative code. The command ran (or may have); never exit 0.
    #[error("target {target}: {origin}: the command ended without an exit status: {reason}")]
    NoExitStatus {
        target: String,
        /// The proxy endpoint, or `the local engine`.
        origin: String,
        reason: String,
    },
    /// The proxy answered the exec request with a failure (it did not start the command).
    /// A call fails over on that answer instead ([`EndpointError::ExecRefused`]); this is kept
    /// for a refusal the client cannot tie to the exec request.
    #[error("target {target}: the proxy at {endpoint} refused the exec request")]
    ExecRefused { target: String, endpoint: String },
    /// No exit status within the call's timeout. The remote command may still be running:
    /// Docker has no API to stop an exec.
    #[error("target {target}: no exit status within {after:?}; the command may still be running")]
    Timeout { target: String, after: Duration },
    /// The client is shutting down ([`Client::shutdown`](crate::Client::shutdown)): it takes
    /// no new command. Nothing was sent.
    #[error("target {target}: the client is shutting down; the command was not sent")]
    ShuttingDown { target: String },
    /// The non-Swarm fallback could not use the local Engine API.
    #[cfg(feature = "local")]
    #[error("target {target} (local engine): {source}")]
    Local {
        target: String,
        #[source]
        source: EngineError,
    },
}

impl ClientError {
    /// The host-key rejection among the failures, if the target was unreachable because of one.
    pub fn host_key_rejection(&self) -> Option<&HostKeyRejected> {
        match self {
            ClientError::Unreachable { failures, .. } => failures.0.iter().find_map(|e| match e {
                EndpointError::HostKey { rejected, .. } => Some(rejected),
                _ => None,
            }),
            _ => None,
        }
    }

    /// True when the command certainly did not run (it was never sent, or refused before it).
    pub fn command_not_sent(&self) -> bool {
        match self {
            ClientError::ConnectionLost { .. }
            | ClientError::Timeout { .. }
            | ClientError::NoExitStatus { .. } => false,
            #[cfg(feature = "local")]
            ClientError::Local { .. } => false,
            _ => true,
        }
    }
}
