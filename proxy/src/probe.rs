//! `bosun-proxy probe`: the container's health check. The image is FROM scratch (no shell, no
//! curl), so the binary checks the server that runs beside it in the same container:
//!
//! * the SSH listener accepts a connection and sends an SSH version line, within
//!   [`PROBE_TIMEOUT`] (a proxy whose accept loop or runtime is stuck fails);
//! * the node's Docker engine answers a ping through the socket the server uses (a proxy that
//!   lost its Engine access cannot run a command, so it must not be listed).
//!
//! It reads the server's own environment (`BOSUN_PROXY_LISTEN`, `BOSUN_PROXY_DOCKER_HOST`), so
//! the health check needs no arguments: `["CMD", "/usr/local/bin/bosun-proxy", "probe"]`. Exit 0
//! when both answer, 1 with one line on stderr saying what failed. Swarm marks a task running
//! only once its health check passes and replaces a task whose check fails in a row, so the
//! discovery record (running tasks only) follows it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// How long each check may take.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// The server's defaults, when its variables are not set.
const DEFAULT_LISTEN: &str = "0.0.0.0:2222";

/// Runs the probe; the exit status is the verdict.
pub fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let verdict = match runtime {
        Ok(runtime) => runtime.block_on(check(
            std::env::var("BOSUN_PROXY_LISTEN").ok().as_deref(),
            std::env::var("BOSUN_PROXY_DOCKER_HOST")
                .ok()
                .filter(|h| !h.is_empty())
                .as_deref(),
        )),
        Err(e) => Err(format!("cannot start a runtime: {e}")),
    };
    match verdict {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("probe: {why}");
            ExitCode::FAILURE
        }
    }
}

/// Both checks; the first failure, said in one line.
pub async fn check(listen: Option<&str>, docker_host: Option<&str>) -> Result<(), String> {
    let listen = listen.unwrap_or(DEFAULT_LISTEN);
    let listen: SocketAddr = listen
        .parse()
        .map_err(|e| format!("BOSUN_PROXY_LISTEN {listen:?} is not an address: {e}"))?;
    ssh_banner(local(listen)).await?;
    engine(docker_host).await
}

/// The address to reach a listener bound to `listen` from inside its container.
fn local(listen: SocketAddr) -> SocketAddr {
    let ip = match listen.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, listen.port())
}

/// Connects to the SSH listener and reads its version line.
async fn ssh_banner(addr: SocketAddr) -> Result<(), String> {
    let read = async {
        let mut socket = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("the SSH listener {addr} refuses connections: {e}"))?;
        let mut banner = [0u8; 8];
        socket
            .read_exact(&mut banner)
            .await
            .map_err(|e| format!("the SSH listener {addr} sent no version line: {e}"))?;
        if &banner == b"SSH-2.0-" {
            Ok(())
        } else {
            Err(format!(
                "the SSH listener {addr} answered {:?}, not an SSH version line",
                String::from_utf8_lossy(&banner)
            ))
        }
    };
    tokio::time::timeout(PROBE_TIMEOUT, read)
        .await
        .map_err(|_| {
            format!("the SSH listener {addr} sent no version line within {PROBE_TIMEOUT:?}")
        })?
}

/// Pings the node's Docker engine.
async fn engine(docker_host: Option<&str>) -> Result<(), String> {
    let ping = async {
        let docker = bosun_engine::connect(docker_host)
            .await
            .map_err(|e| e.to_string())?;
        docker
            .ping()
            .await
            .map(drop)
            .map_err(|e| format!("the Docker engine does not answer a ping: {e}"))
    };
    tokio::time::timeout(PROBE_TIMEOUT, ping)
        .await
        .map_err(|_| format!("the Docker engine did not answer within {PROBE_TIMEOUT:?}"))?
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;
    use tokio::net::TcpListener;

    #[test]
    fn an_unspecified_listen_address_is_probed_on_loopback() {
        assert_eq!(
            local("0.0.0.0:2222".parse().unwrap()),
            "127.0.0.1:2222".parse::<SocketAddr>().unwrap()
        );
        assert_eq!(
            local("[::]:22".parse().unwrap()),
            "[::1]:22".parse::<SocketAddr>().unwrap()
        );
        assert_eq!(
            local("10.0.0.5:22".parse().unwrap()),
            "10.0.0.5:22".parse::<SocketAddr>().unwrap()
        );
    }

    async fn listener_answering(answer: &'static [u8]) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let _ = socket.write_all(answer).await;
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        });
        addr
    }

    #[tokio::test]
    async fn the_ssh_check_wants_a_version_line() {
        let good = listener_answering(b"SSH-2.0-bosun\r\n").await;
        ssh_banner(good).await.unwrap();
        let http = listener_answering(b"HTTP/1.1 400 Bad Request\r\n").await;
        let err = ssh_banner(http).await.unwrap_err();
        assert!(err.contains("not an SSH version line"), "{err}");
        let silent = listener_answering(b"").await;
        let err = ssh_banner(silent).await.unwrap_err();
        assert!(err.contains("sent no version line"), "{err}");
        // nothing listens on a port just freed
        let closed = {
            let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
            l.local_addr().unwrap()
        };
        let err = ssh_banner(closed).await.unwrap_err();
        assert!(err.contains("refuses connections"), "{err}");
    }

    #[tokio::test]
    async fn a_missing_engine_fails_the_probe() {
        let good = listener_answering(b"SSH-2.0-bosun\r\n").await;
        let err = check(
            Some(&good.to_string()),
            Some("unix:///nonexistent/docker.sock"),
        )
        .await
        .unwrap_err();
        assert!(err.contains("docker.sock"), "{err}");
        let err = check(Some("not-an-address"), None).await.unwrap_err();
        assert!(err.contains("is not an address"), "{err}");
    }
}
