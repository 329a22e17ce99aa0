//! The seam between the client's logic (pooling, failover, retries, streaming) and SSH.
//!
//! `ssh.rs` implements these traits with russh; the unit tests implement them in memory, so
//! retry timing, "never retried once sent", pooling and failover are tested without sockets.
//! Object-safe on purpose (boxed futures): the client holds an `Arc<dyn Dialer>`.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use futures::future::BoxFuture;
use russh::keys::{PrivateKey, PublicKey};

use super::error::EndpointError;
use super::hostkeys::PinnedHostKeys;

/// Who we are to a proxy and whom we trust: the SSH user, the client key, the pinned host keys.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub user: String,
    pub key: Arc<PrivateKey>,
    /// `SHA256:…` of the client key: part of the pool key, so a rotated key gets a new
    /// connection.
    pub key_fingerprint: String,
    pub pinned: Arc<PinnedHostKeys>,
}

/// Opens authenticated connections.
pub(crate) trait Dialer: Send + Sync {
    /// Connects to `addr`, checks the host key against `identity.pinned`, authenticates.
    fn dial<'a>(
        &'a self,
        addr: SocketAddr,
        identity: &'a Identity,
    ) -> BoxFuture<'a, Result<Arc<dyn Link>, EndpointError>>;
}

/// One authenticated connection, shared by many channels.
pub(crate) trait Link: Send + Sync {
    /// The connection has ended (closed by either side, keepalive failed).
    fn is_closed(&self) -> bool;
    /// The host key the server presented (pinned when the connection was made).
    fn host_key(&self) -> &PublicKey;
    fn open_channel(&self) -> BoxFuture<'_, Result<Box<dyn RemoteChannel>, EndpointError>>;
    /// Ends the connection (the client shuts down): channels still open on it end with it.
    fn close(&self) -> BoxFuture<'_, ()>;
}

/// One session channel carrying one exec.
pub(crate) trait RemoteChannel: Send {
    /// Hands the exec request to the connection. `Ok` means it may reach the proxy: from then
    /// on the command must never be retried. `Err` means it was certainly not sent.
    fn exec<'a>(&'a mut self, payload: &'a str) -> BoxFuture<'a, Result<(), EndpointError>>;
    /// The next thing the proxy said; `None` once the channel or the connection is gone.
    fn next_event(&mut self) -> BoxFuture<'_, Option<ChannelEvent>>;
    /// Closes the channel (on timeout or drop of the stream); the proxy may keep running it.
    fn close(&mut self) -> BoxFuture<'_, ()>;
}

/// What arrives on an exec channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChannelEvent {
    Stdout(Bytes),
    Stderr(Bytes),
    ExitStatus(u32),
    /// The process was killed by a signal: its `exit-signal` name (`TERM`).
    ExitSignal(String),
    /// The proxy answered the exec request: `true` accepted, `false` refused.
    ExecReply(bool),
    Eof,
    /// The proxy closed the channel (a connection that went is `None` instead).
    Closed,
}
