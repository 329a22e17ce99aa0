//! The one HTTP client of the orchestration benchmark: a single keep-alive HTTP/1.1
//! connection (hyper), used the same way for the controller's API and for the Engine, so
//! that a ratio compares the two servers and nothing else.
//!
//! * The API listens on lab1's address, which only lab1's network namespace reaches (the
//!   host has no route to the lab). [`Conn::tcp_in`] opens the socket from a short-lived
//!   thread that joined that namespace (`setns`, as `bosun-lab exec` does with `nsenter`): a
//!   socket stays in the namespace it was made in, so the rest of the process talks through it
//!   from the host's side. The thread ends right after, so no other work runs in lab1's
//!   namespace by mistake. Needs root, as the lab does.
//! * The Engine is lab1's dockerd on its unix socket ([`Conn::unix`]): the socket the lab's
//!   `docker` CLI and the harness's bollard clients use.
//!
//! Both connections are opened once and reused: each timed request is one request and its
//! answer on a warm connection (Nagle off), no connect, no process start. That is why this is
//! not the harness's `ControllerFixture::http`, which runs bash in the node for every request
//! (tens of ms of its own) and closes the connection after each.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use nix::sched::CloneFlags;
use tokio::io::{AsyncRead, AsyncWrite};

/// How long a connect may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// One kept-alive connection.
pub struct Conn {
    sender: SendRequest<Full<Bytes>>,
    /// The `Host` header.
    host: String,
    /// What the connection reaches, for errors.
    peer: String,
}

impl Conn {
    /// A TCP connection to `addr` from inside the network namespace `netns` (a lab node's,
    /// `<lab>/ns/net.lab1`).
    pub async fn tcp_in(netns: &Path, addr: SocketAddr) -> Result<Conn> {
        let path = netns.to_owned();
        let stream = std::thread::spawn(move || connect_in(&path, addr))
            .join()
            .map_err(|_| anyhow!("the connecting thread panicked"))??;
        stream.set_nodelay(true)?;
        stream.set_nonblocking(true)?;
        let stream = tokio::net::TcpStream::from_std(stream)?;
        Conn::over(stream, addr.to_string(), format!("http://{addr}")).await
    }

    /// A connection to the Engine's unix socket `socket`.
    pub async fn unix(socket: &Path) -> Result<Conn> {
        let stream = tokio::net::UnixStream::connect(socket)
            .await
            .with_context(|| format!("connecting to {}", socket.display()))?;
        Conn::over(
            stream,
            "docker".into(),
            format!("unix://{}", socket.display()),
        )
        .await
    }

    async fn over<S>(io: S, host: String, peer: String) -> Result<Conn>
    where
        S: AsyncRead + AsyncWrite + Send + Unpin + 'static,
    {
        let (sender, connection) = http1::handshake(TokioIo::new(io))
            .await
            .with_context(|| format!("HTTP handshake with {peer}"))?;
        let what = peer.clone();
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                eprintln!("bench: the connection to {what} ended: {e}");
            }
        });
        Ok(Conn { sender, host, peer })
    }

    /// `method path` with an optional bearer token and JSON body; the status and the whole
    /// body. Any status is an answer: the caller decides what it expected.
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        bearer: Option<&str>,
        json: Option<String>,
    ) -> Result<(u16, Bytes)> {
        let what = || format!("{method} {}{path}", self.peer);
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("Host", &self.host);
        if let Some(token) = bearer {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        if json.is_some() {
            request = request.header("Content-Type", "application/json");
        }
        let body = Full::new(Bytes::from(json.unwrap_or_default()));
        let request = request.body(body).with_context(what)?;
        self.sender.ready().await.with_context(what)?;
        let answer = self.sender.send_request(request).await.with_context(what)?;
        let status = answer.status().as_u16();
        let body = answer.into_body().collect().await.with_context(what)?;
        Ok((status, body.to_bytes()))
    }
}

/// Joins the network namespace `netns` (this thread only) and connects to `addr` from it.
fn connect_in(netns: &Path, addr: SocketAddr) -> Result<std::net::TcpStream> {
    let ns = std::fs::File::open(netns).with_context(|| format!("opening {}", netns.display()))?;
    nix::sched::setns(&ns, CloneFlags::CLONE_NEWNET)
        .with_context(|| format!("joining the network namespace {}", netns.display()))?;
    std::net::TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT)
        .with_context(|| format!("connecting to {addr} from {}", netns.display()))
}
