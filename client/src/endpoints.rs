//! Where a target is and how to reach it: the [`EndpointSource`] trait and what it returns.
//!
//! A source answers, for one target name, with a [`Route`]: either the target's exec proxies
//! ([`RemoteTarget`]: endpoints, SSH user, client key, pinned host keys) or, when Swarm mode is
//! off, the local container to exec into directly ([`LocalTarget`]).
//!
//! Sources are pluggable. The environment source (`env_source.rs`) is the design's original
//! one; the controller's discovery record (HTTP `GET /v1/discovery` or a file) is another. The
//! client asks the source on **every** call and the answer is a fresh snapshot, so a source
//! that follows a changing record (a background long-poll updating a `watch`, a file re-read
//! on change) is picked up without a restart.
//!
//! An endpoint is a DNS name or an IP and a port. With endpoint mode `dnsrr` a proxy service's
//! name resolves to the IP of every proxy task, and every IP is an endpoint: each proxy execs
//! in the target task on its own node, so any of them will do. `health.rs` decides which one
//! is tried first.
//!
//! A source also says what a target's proxies allow ([`EndpointSource::limits`]): the
//! discovery record carries each target's limits; other sources give the proxy's defaults.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use russh::keys::PublicKey;

use super::ClientError;
use super::error::EndpointError;
use bosun_core::discovery::TargetLimits;
use bosun_core::policy::Policy;

/// Gives the current route to a target. Called on every exec, so it must be cheap (read a
/// snapshot; do network I/O in the background).
pub trait EndpointSource: Send + Sync {
    fn route(&self, target: &str) -> Result<Route, ClientError>;

    /// The limits `target`'s proxies enforce, which the client stays within: the proxy's
    /// defaults unless the source knows better (a discovery record lists them).
    fn limits(&self, target: &str) -> TargetLimits {
        let _ = target;
        TargetLimits::default()
    }
}

/// How one target is reached right now.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// Through the target's exec proxies over SSH (Swarm mode).
    Proxy(RemoteTarget),
    /// Directly through the local Engine API, under the same policy (Swarm mode off).
    Local(LocalTarget),
}

/// A target's exec proxies and the credentials to use with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTarget {
    pub target: String,
    /// DNS names or IPs, each with its port; a name may resolve to several proxies.
    pub endpoints: Vec<EndpointAddr>,
    pub user: String,
    /// The client's ED25519 private key (a mounted Docker secret).
    pub key_file: PathBuf,
    pub host_keys: HostKeys,
}

/// Where the pinned host keys of a target come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostKeys {
    /// An OpenSSH public key list, re-read when it changes.
    File(PathBuf),
    /// Keys given inline (the discovery record lists them); `origin` names the source in errors.
    Inline {
        keys: Vec<PublicKey>,
        origin: String,
    },
}

/// The container to exec into when Swarm mode is off, and the fixed exec settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalTarget {
    pub target: String,
    /// A Swarm service with a task on this node, or a container name or id.
    pub container: String,
    /// The policy every command is checked against before any Docker call.
    pub policy: Policy,
    pub user: Option<String>,
    pub workdir: Option<String>,
    /// The engine to use (`unix:///…` or a socket path); `None` for the default socket.
    pub docker_host: Option<String>,
}

/// A host (DNS name or IP literal) and a port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EndpointAddr {
    pub host: String,
    pub port: u16,
}

impl EndpointAddr {
    /// Parses `host`, `host:port`, `IPv4:port`, `IPv6`, `[IPv6]` or `[IPv6]:port`;
    /// `default_port` applies when none is given.
    pub fn parse(text: &str, default_port: u16) -> Result<Self, String> {
        let text = text.trim();
        let bad = |why: &str| format!("invalid endpoint {text:?}: {why}");
        if text.is_empty() {
            return Err(bad("empty"));
        }
        if let Ok(ip) = text.parse::<IpAddr>() {
            return Ok(Self::new(ip.to_string(), default_port));
        }
        if let Ok(addr) = text.parse::<SocketAddr>() {
            return Ok(Self::new(addr.ip().to_string(), addr.port()));
        }
        if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            let ip: std::net::Ipv6Addr = inner.parse().map_err(|_| bad("not an IPv6 address"))?;
            return Ok(Self::new(ip.to_string(), default_port));
        }
        let (host, port) = match text.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse::<u16>()
                    .ok()
                    .filter(|p| *p != 0)
                    .ok_or_else(|| bad("the port must be 1-65535"))?,
            ),
            None => (text, default_port),
        };
        let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_');
        if host.is_empty() || !host.chars().all(valid) {
            return Err(bad("not a DNS name, an IP address or host:port"));
        }
        Ok(Self::new(host.to_owned(), port))
    }

    fn new(host: String, port: u16) -> Self {
        Self { host, port }
    }
}

impl fmt::Display for EndpointAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// Resolves every endpoint of `target` to socket addresses, in order, without duplicates. A
/// name that resolves to nothing is a (transient) connection failure: while a dnsrr service
/// has no running task, its name has no address. So is an empty endpoint list.
pub(crate) async fn resolve(target: &RemoteTarget) -> Result<Vec<SocketAddr>, EndpointError> {
    let endpoints = &target.endpoints;
    if endpoints.is_empty() {
        return Err(EndpointError::NoEndpoints {
            target: target.target.clone(),
        });
    }
    let mut found: Vec<SocketAddr> = Vec::new();
    let mut last_err = None;
    for ep in endpoints {
        match tokio::net::lookup_host((ep.host.as_str(), ep.port)).await {
            Ok(addrs) => {
                for addr in addrs {
                    if !found.contains(&addr) {
                        found.push(addr);
                    }
                }
            }
            Err(e) => {
                last_err = Some(EndpointError::Resolve {
                    endpoint: ep.to_string(),
                    reason: e.to_string(),
                })
            }
        }
    }
    match (found.is_empty(), last_err) {
        (false, _) => Ok(found),
        (true, Some(e)) => Err(e),
        (true, None) => Err(EndpointError::Resolve {
            endpoint: endpoints
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            reason: "the name resolves to no address (no proxy task is running)".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sa(last: u8) -> SocketAddr {
        SocketAddr::from(([10, 0, 0, last], 2222))
    }

    #[test]
    fn endpoint_forms() {
        let ok = |t: &str| EndpointAddr::parse(t, 2222).unwrap().to_string();
        assert_eq!(ok("bosun-proxy-nextcloud"), "bosun-proxy-nextcloud:2222");
        assert_eq!(
            ok("tasks.bosun-proxy-nextcloud:2200"),
            "tasks.bosun-proxy-nextcloud:2200"
        );
        assert_eq!(ok("192.168.251.12"), "192.168.251.12:2222");
        assert_eq!(ok(" 192.168.251.12:22 "), "192.168.251.12:22");
        assert_eq!(ok("fd00::1"), "[fd00::1]:2222");
        assert_eq!(ok("[fd00::1]"), "[fd00::1]:2222");
        assert_eq!(ok("[fd00::1]:2200"), "[fd00::1]:2200");
        for bad in [
            "",
            "host:",
            "host:0",
            "host:99999",
            "ho st",
            "a/b",
            "[zz]",
            "http://x",
        ] {
            assert!(EndpointAddr::parse(bad, 2222).is_err(), "{bad:?}");
        }
    }

    fn remote(endpoints: Vec<EndpointAddr>) -> RemoteTarget {
        RemoteTarget {
            target: "nextcloud".into(),
            endpoints,
            user: "bosun".into(),
            key_file: PathBuf::from("/k"),
            host_keys: HostKeys::File(PathBuf::from("/h")),
        }
    }

    #[tokio::test]
    async fn ip_literals_resolve_without_dns_and_duplicates_go() {
        let eps = vec![
            EndpointAddr::parse("10.0.0.1", 2222).unwrap(),
            EndpointAddr::parse("10.0.0.2:2200", 2222).unwrap(),
            EndpointAddr::parse("10.0.0.1:2222", 2222).unwrap(),
        ];
        let addrs = resolve(&remote(eps)).await.unwrap();
        assert_eq!(addrs, [sa(1), SocketAddr::from(([10, 0, 0, 2], 2200))]);
    }

    #[tokio::test]
    async fn a_name_that_does_not_resolve_is_a_resolve_error() {
        let eps = vec![EndpointAddr::parse("no-such-proxy.invalid", 2222).unwrap()];
        let err = resolve(&remote(eps)).await.unwrap_err();
        assert!(matches!(err, EndpointError::Resolve { .. }), "{err}");
        assert!(err.is_transient());
    }

    #[tokio::test]
    async fn no_endpoint_at_all_is_a_transient_failure_that_says_so() {
        let err = resolve(&remote(Vec::new())).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "the route of target \"nextcloud\" lists no proxy endpoint to connect to"
        );
        assert!(err.is_transient());
    }
}
