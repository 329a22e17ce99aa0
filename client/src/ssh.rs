//! The russh side of the client: dialing a proxy (TCP with `TCP_NODELAY`, SSH handshake with
//! ED25519 host keys only, the pinning check, publickey auth with the client's ED25519 key,
//! keepalive) and exec channels on the connection.
//!
//! Everything else (which endpoint, when to retry, pooling, timeouts) is decided by the
//! modules above through the traits of `transport.rs`.

use std::borrow::Cow;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures::FutureExt;
use futures::future::BoxFuture;
use russh::client::{self, Handle, Msg};
use russh::keys::PublicKeyOrCertificate;
use russh::keys::{Algorithm, PrivateKeyWithHashAlg, PublicKey};
use russh::{Channel, ChannelMsg, Preferred, Sig};

use super::error::EndpointError;
use super::hostkeys::{HostKeyRejected, Presented};
use super::transport::{ChannelEvent, Dialer, Identity, Link, RemoteChannel};
use bosun_core::keys;

/// Connection settings of the russh client.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SshSettings {
    /// A keepalive is sent after this long without traffic from the proxy…
    pub keepalive_interval: Duration,
    /// …and the connection is dropped after this many unanswered keepalives.
    pub keepalive_max: usize,
}

/// Dials proxies with russh.
pub(crate) struct SshDialer {
    config: Arc<client::Config>,
}

impl SshDialer {
    pub fn new(settings: SshSettings) -> Self {
        let config = client::Config {
            keepalive_interval: Some(settings.keepalive_interval),
            keepalive_max: settings.keepalive_max,
            nodelay: true,
            preferred: Preferred {
                // The only host key algorithm we offer: the proxy must present its ED25519 key.
                key: Cow::Borrowed(&[Algorithm::Ed25519]),
                ..Preferred::default()
            },
            ..client::Config::default()
        };
        Self {
            config: Arc::new(config),
        }
    }
}

/// The russh handler: pins the host key and remembers what was presented.
struct Pinning {
    identity: Identity,
    /// The accepted host key, or why the presented one was refused.
    verdict: Arc<Mutex<Option<Result<PublicKey, HostKeyRejected>>>>,
}

impl client::Handler for Pinning {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        server_public_key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let presented = match server_public_key {
            PublicKeyOrCertificate::PublicKey { key, .. } => Presented::Key(key),
            PublicKeyOrCertificate::Certificate(cert) => Presented::Certificate(cert),
        };
        let verdict = self
            .identity
            .pinned
            .check(presented)
            .map(|()| match presented {
                Presented::Key(key) => key.clone(),
                // check() refuses every certificate; unreachable in practice.
                Presented::Certificate(cert) => PublicKey::from(cert.public_key().clone()),
            });
        let ok = verdict.is_ok();
        *self.verdict.lock().unwrap_or_else(PoisonError::into_inner) = Some(verdict);
        Ok(ok)
    }
}

impl Dialer for SshDialer {
    fn dial<'a>(
        &'a self,
        addr: SocketAddr,
        identity: &'a Identity,
    ) -> BoxFuture<'a, Result<Arc<dyn Link>, EndpointError>> {
        async move {
            let link = dial(self.config.clone(), addr, identity).await?;
            Ok(Arc::new(link) as Arc<dyn Link>)
        }
        .boxed()
    }
}

async fn dial(
    config: Arc<client::Config>,
    addr: SocketAddr,
    identity: &Identity,
) -> Result<SshLink, EndpointError> {
    let endpoint = addr.to_string();
    let verdict = Arc::new(Mutex::new(None));
    let handler = Pinning {
        identity: identity.clone(),
        verdict: verdict.clone(),
    };
    let connected = client::connect(config, addr, handler).await;
    let seen = verdict
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    let (mut handle, host_key) = match (connected, seen) {
        (_, Some(Err(rejected))) => return Err(EndpointError::HostKey { endpoint, rejected }),
        (Ok(handle), Some(Ok(host_key))) => (handle, host_key),
        // Cannot happen: a handshake succeeds only after check_server_key accepted a key.
        // Refused rather than trusting a server whose key was never checked.
        (Ok(_), None) => {
            return Err(EndpointError::Handshake {
                endpoint,
                reason: "the server's host key was never checked".into(),
            });
        }
        (Err(russh::Error::IO(e)), _) => {
            return Err(EndpointError::Connect {
                endpoint,
                reason: e.to_string(),
            });
        }
        (Err(e), _) => {
            return Err(EndpointError::Handshake {
                endpoint,
                reason: e.to_string(),
            });
        }
    };
    let auth = handle
        .authenticate_publickey(
            identity.user.clone(),
            PrivateKeyWithHashAlg::new(identity.key.clone(), None),
        )
        .await
        // The key exchange went through: a connection that ends now was closed by the proxy
        // as we authenticated (at its `--max-connections`), not refused (that is `!success`).
        .map_err(|e| EndpointError::ClosedAtLogin {
            endpoint: endpoint.clone(),
            reason: e.to_string(),
        })?;
    if !auth.success() && handle.is_closed() {
        // russh reports a session that ended during authentication as a failure; a real
        // rejection leaves the connection open.
        return Err(EndpointError::ClosedAtLogin {
            endpoint,
            reason: "the connection ended during authentication".into(),
        });
    }
    if !auth.success() {
        return Err(EndpointError::AuthRejected {
            endpoint,
            user: identity.user.clone(),
            fingerprint: keys::fingerprint(identity.key.public_key()),
        });
    }
    Ok(SshLink {
        endpoint: addr,
        handle,
        host_key,
    })
}

/// An authenticated russh connection.
struct SshLink {
    endpoint: SocketAddr,
    handle: Handle<Pinning>,
    host_key: PublicKey,
}

impl Link for SshLink {
    fn is_closed(&self) -> bool {
        self.handle.is_closed()
    }

    fn host_key(&self) -> &PublicKey {
        &self.host_key
    }

    fn open_channel(&self) -> BoxFuture<'_, Result<Box<dyn RemoteChannel>, EndpointError>> {
        async move {
            let channel =
                self.handle
                    .channel_open_session()
                    .await
                    .map_err(|e| EndpointError::Channel {
                        endpoint: self.endpoint.to_string(),
                        reason: e.to_string(),
                    })?;
            Ok(Box::new(SshChannel {
                endpoint: self.endpoint,
                channel: Some(channel),
            }) as Box<dyn RemoteChannel>)
        }
        .boxed()
    }

    fn close(&self) -> BoxFuture<'_, ()> {
        async move {
            // A connection that is gone already has nothing to say.
            let _ = self
                .handle
                .disconnect(
                    russh::Disconnect::ByApplication,
                    "the client is shutting down",
                    "en",
                )
                .await;
        }
        .boxed()
    }
}

/// One exec channel. `None` once it is closed.
struct SshChannel {
    endpoint: SocketAddr,
    channel: Option<Channel<Msg>>,
}

impl SshChannel {
    fn gone(&self) -> EndpointError {
        EndpointError::Channel {
            endpoint: self.endpoint.to_string(),
            reason: "the channel is closed".into(),
        }
    }
}

impl RemoteChannel for SshChannel {
    fn exec<'a>(&'a mut self, payload: &'a str) -> BoxFuture<'a, Result<(), EndpointError>> {
        async move {
            let channel = self.channel.as_ref().ok_or_else(|| self.gone())?;
            channel
                .exec(true, payload)
                .await
                .map_err(|e| EndpointError::Channel {
                    endpoint: self.endpoint.to_string(),
                    reason: format!("sending the exec request: {e}"),
                })
        }
        .boxed()
    }

    fn next_event(&mut self) -> BoxFuture<'_, Option<ChannelEvent>> {
        async move {
            let channel = self.channel.as_mut()?;
            loop {
                let event = match channel.wait().await {
                    Some(ChannelMsg::Data { data }) => ChannelEvent::Stdout(data),
                    Some(ChannelMsg::ExtendedData { data, ext: 1 }) => ChannelEvent::Stderr(data),
                    Some(ChannelMsg::ExitStatus { exit_status }) => {
                        ChannelEvent::ExitStatus(exit_status)
                    }
                    Some(ChannelMsg::ExitSignal { signal_name, .. }) => {
                        ChannelEvent::ExitSignal(ssh_name(&signal_name))
                    }
                    Some(ChannelMsg::Success) => ChannelEvent::ExecReply(true),
                    Some(ChannelMsg::Failure) => ChannelEvent::ExecReply(false),
                    Some(ChannelMsg::Eof) => ChannelEvent::Eof,
                    Some(ChannelMsg::Close) => {
                        // Closed by the proxy: nothing left to close.
                        self.channel = None;
                        return Some(ChannelEvent::Closed);
                    }
                    None => {
                        // The connection went without closing the channel.
                        self.channel = None;
                        return None;
                    }
                    // window adjustments, other extended data types: nothing for the caller
                    Some(_) => continue,
                };
                return Some(event);
            }
        }
        .boxed()
    }

    fn close(&mut self) -> BoxFuture<'_, ()> {
        async move {
            if let Some(channel) = self.channel.take() {
                // The connection may already be gone; nothing to do then.
                let _ = channel.close().await;
            }
        }
        .boxed()
    }
}

/// The signal's name as the `exit-signal` request carried it (`TERM`, no `SIG` prefix).
fn ssh_name(signal: &Sig) -> String {
    match signal {
        Sig::Custom(name) => name.clone(),
        // russh's variants are the RFC 4254 names themselves
        named => format!("{named:?}"),
    }
}

impl Drop for SshChannel {
    /// A stream dropped mid-command closes its channel, so the proxy's channel count and the
    /// pool's agree (best effort: needs a runtime, which every caller of the client has).
    fn drop(&mut self) {
        if let Some(channel) = self.channel.take() {
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                rt.spawn(async move {
                    let _ = channel.close().await;
                });
            }
        }
    }
}
