//! What one SSH connection may do: the russh [`Handler`] of the proxy.
//!
//! * Auth: `publickey` with a plain `ssh-ed25519` key from the authorized keys file, for the
//!   configured user. Everything else (none, password, keyboard-interactive, hostbased, other
//!   key types, certificates) fails, and only `publickey` is offered to continue. The client
//!   service its comment names (if it names one) is the connection's for good: every audit
//!   line of the connection names it, whatever later reloads of the file say.
//! * Channels: `session` only, within the per-connection cap, and not while draining.
//!   `direct-tcpip`, `direct-streamlocal@openssh.com`, `x11`, `forwarded-tcpip` fail with
//!   "administratively prohibited"; so do the global `tcpip-forward` and
//!   `streamlocal-forward@openssh.com` requests.
//! * Requests on a session channel: one `exec`. `shell` fails and closes the channel; `pty-req`,
//!   `env`, `subsystem`, `x11-req`, `auth-agent-req@openssh.com`, `window-change` and a second
//!   `exec` fail. `signal`, `break` and stdin data are ignored.
//!
//! The exec itself is served by [`super::exec`] in its own task.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use russh::keys::{Algorithm, Certificate, PublicKey};
use russh::server::{
    Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Response, Session, VerifiedPublicKey,
};
use russh::{Channel, ChannelId, ChannelOpenFailure, ChannelWriteHalf, MethodKind, MethodSet};
use tokio::sync::{mpsc, watch};

use super::Shared;
use super::audit::Requester;
use super::connection::Standing;
use super::exec::{self, ExecRequest};
use super::key_comment::KeyOwner;
use super::limits::{Cap, Slot};
use bosun_core::keys;

/// What the connection's watchdog needs to know about it.
#[derive(Debug)]
pub(crate) struct ConnState {
    /// Turns true once the client has authenticated.
    pub authenticated: watch::Sender<bool>,
    /// Open session channels of this connection.
    pub channels: Arc<Cap>,
    /// Its place: in the pre-auth table, then under `--max-connections`.
    pub standing: Standing,
}

impl ConnState {
    pub fn new(max_channels: usize, standing: Standing) -> Arc<ConnState> {
        Arc::new(ConnState {
            authenticated: watch::Sender::new(false),
            channels: Cap::new(max_channels),
            standing,
        })
    }
}

/// An open session channel.
struct ChannelSlot {
    /// Unique within the connection, so a late clean-up never frees a reused channel id.
    serial: u64,
    _place: Slot,
    /// Dropped when the client closes the channel or the connection ends; the exec task
    /// holding the receiver then stops writing.
    _closed: mpsc::Sender<()>,
    /// Taken by the channel's one exec.
    unused: Option<(ChannelWriteHalf<Msg>, mpsc::Receiver<()>)>,
}

type Channels = Arc<Mutex<HashMap<ChannelId, ChannelSlot>>>;

/// The handler of one connection.
pub(crate) struct ConnectionHandler {
    shared: Arc<Shared>,
    peer: SocketAddr,
    conn: Arc<ConnState>,
    who: Option<Requester>,
    channels: Channels,
    next_serial: u64,
}

impl ConnectionHandler {
    pub fn new(shared: Arc<Shared>, peer: SocketAddr, conn: Arc<ConnState>) -> Self {
        ConnectionHandler {
            shared,
            peer,
            conn,
            who: None,
            channels: Arc::default(),
            next_serial: 0,
        }
    }

    fn lock_channels(&self) -> std::sync::MutexGuard<'_, HashMap<ChannelId, ChannelSlot>> {
        self.channels.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A rejection that tells the client `publickey` is the only method left.
    fn reject(&self, method: &str, user: &str, why: &str) -> Auth {
        if method != "none" {
            self.shared.metrics.auth_failures_total.inc();
            tracing::info!(client = %self.peer, method, user, reason = why, "authentication rejected");
        }
        Auth::Reject {
            proceed_with_methods: Some(MethodSet::from(&[MethodKind::PublicKey][..])),
            partial_success: false,
        }
    }

    /// Whether `key` may log in as `user`: the client its comment names (if any), or why not.
    fn check_key(
        &self,
        user: &str,
        algorithm: &Algorithm,
        key: &PublicKey,
    ) -> Result<Option<KeyOwner>, String> {
        if user != self.shared.config.ssh_user {
            return Err(format!("unknown user {user:?}"));
        }
        if *algorithm != Algorithm::Ed25519 || key.algorithm() != Algorithm::Ed25519 {
            return Err(format!(
                "{algorithm} keys are not accepted (ssh-ed25519 only)"
            ));
        }
        match self.shared.keys.find(key) {
            Some(authorized) => Ok(authorized.owner),
            None => Err(format!("key {} is not authorized", keys::fingerprint(key))),
        }
    }

    /// Refuses a channel request (`want_reply` gets a failure) and logs it.
    fn refuse_request(
        &self,
        channel: ChannelId,
        request: &str,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        tracing::info!(client = %self.peer, %channel, request, "refused a channel request");
        session.channel_failure(channel)
    }

    /// Refuses a channel open (`x11`, forwarding): logged, and answered as administratively
    /// prohibited.
    async fn refuse_open(&self, kind: &str, reply: ChannelOpenHandle) {
        tracing::info!(client = %self.peer, channel_type = kind, "refused a channel open");
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
    }
}

impl Drop for ConnectionHandler {
    fn drop(&mut self) {
        // The connection ended: exec tasks still running see their client gone.
        self.lock_channels().clear();
    }
}

impl Handler for ConnectionHandler {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        Ok(self.reject("none", user, "no method"))
    }

    async fn auth_password(&mut self, user: &str, _password: &str) -> Result<Auth, Self::Error> {
        Ok(self.reject("password", user, "passwords are not accepted"))
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        _response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        Ok(self.reject(
            "keyboard-interactive",
            user,
            "keyboard-interactive is not accepted",
        ))
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        // a key just written into the file works on this very attempt
        self.shared.keys.refresh();
        Ok(
            match self.check_key(user, offer.algorithm, offer.public_key) {
                Ok(_) => Auth::Accept,
                Err(why) => self.reject("publickey", user, &why),
            },
        )
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let owner = match self.check_key(user, key.algorithm, key.public_key) {
            Ok(owner) => owner,
            Err(why) => return Ok(self.reject("publickey", user, &why)),
        };
        let who = Requester {
            client: self.peer,
            key_fingerprint: keys::fingerprint(key.public_key),
            user: user.to_owned(),
            owner,
        };
        // out of the pre-auth table, into --max-connections, or closed
        self.conn.standing.promote()?;
        tracing::info!(
            client = %self.peer,
            user,
            key_fingerprint = %who.key_fingerprint,
            client_service = who.owner.as_ref().map(|o| o.service.as_str()),
            client_key_version = who.owner.as_ref().map(|o| o.version),
            "authenticated"
        );
        self.who = Some(who);
        self.conn.authenticated.send_replace(true);
        Ok(Auth::Accept)
    }

    async fn auth_openssh_certificate(
        &mut self,
        user: &str,
        _certificate: &Certificate,
    ) -> Result<Auth, Self::Error> {
        Ok(self.reject("publickey", user, "certificates are not accepted"))
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.shared.drain.is_draining() {
            tracing::info!(client = %self.peer, "refused a session channel: the proxy is shutting down");
            reply
                .reject(ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        let Some(place) = self.conn.channels.try_acquire() else {
            tracing::warn!(
                client = %self.peer,
                max = self.conn.channels.max(),
                "refused a session channel: too many open on this connection"
            );
            reply.reject(ChannelOpenFailure::ResourceShortage).await;
            return Ok(());
        };
        let id = channel.id();
        // The read half is dropped: the client's stdin is discarded.
        let (_stdin, writer) = channel.split();
        let (closed_tx, closed_rx) = mpsc::channel(1);
        self.next_serial += 1;
        let serial = self.next_serial;
        self.lock_channels().insert(
            id,
            ChannelSlot {
                serial,
                _place: place,
                _closed: closed_tx,
                unused: Some((writer, closed_rx)),
            },
        );
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_open("x11", reply).await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_open("direct-tcpip", reply).await;
        Ok(())
    }

    async fn channel_open_forwarded_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_open("forwarded-tcpip", reply).await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _socket_path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_open("direct-streamlocal@openssh.com", reply)
            .await;
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.lock_channels().remove(&channel);
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _col_width: u32,
        _row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_request(channel, "pty-req", session)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_request(channel, "x11-req", session)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        variable_name: &str,
        _variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        tracing::debug!(client = %self.peer, variable = variable_name, "env request");
        self.refuse_request(channel, "env", session)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_request(channel, "shell", session)?;
        self.lock_channels().remove(&channel);
        session.close(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_request(channel, "subsystem", session)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        _col_width: u32,
        _row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_request(channel, "window-change", session)
    }

    async fn agent_request(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        tracing::info!(client = %self.peer, %channel, request = "auth-agent-req@openssh.com", "refused a channel request");
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        address: &str,
        port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        tracing::info!(client = %self.peer, request = "tcpip-forward", address, port = *port, "refused a global request");
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        socket_path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        tracing::info!(client = %self.peer, request = "streamlocal-forward@openssh.com", socket_path, "refused a global request");
        Ok(false)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(who) = self.who.clone() else {
            // russh only passes channel requests of authenticated connections
            return self.refuse_request(channel, "exec", session);
        };
        // Counted before the draining check, so a drain that starts in between waits for it.
        let work = self.shared.drain.start_work();
        if self.shared.drain.is_draining() {
            exec::refuse_unserved(&self.shared, &who, data, "the proxy is shutting down");
            self.refuse_request(channel, "exec", session)?;
            self.lock_channels().remove(&channel);
            return session.close(channel);
        }
        let unused = self
            .lock_channels()
            .get_mut(&channel)
            .and_then(|slot| Some((slot.serial, slot.unused.take()?)));
        let Some((serial, (writer, client_closed))) = unused else {
            exec::refuse_unserved(
                &self.shared,
                &who,
                data,
                "only one exec request per channel",
            );
            return self.refuse_request(channel, "exec (a second one)", session);
        };
        session.channel_success(channel)?;
        let request = ExecRequest {
            raw: data.to_vec(),
            who,
            writer,
            session: session.handle(),
            channel,
            client_closed,
        };
        let shared = Arc::clone(&self.shared);
        let channels = Arc::clone(&self.channels);
        tokio::spawn(async move {
            exec::serve(shared, request, work).await;
            // the channel is closed: give its place back
            let mut channels = channels.lock().unwrap_or_else(PoisonError::into_inner);
            if channels
                .get(&channel)
                .is_some_and(|slot| slot.serial == serial)
            {
                channels.remove(&channel);
            }
        });
        Ok(())
    }
}
