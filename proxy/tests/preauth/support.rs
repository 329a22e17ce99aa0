//! What the tests share: keys in a directory of their own, the proxy (the built binary, or the
//! library in this process), the stock OpenSSH client, and raw SSH wire pieces written by hand
//! (a banner, plaintext binary packets, a client KEXINIT, the server's KEXINIT read back).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use bosun_core::keys;
use clap::Parser;
use russh::keys::PrivateKey;
use tokio::io::{AsyncRead, AsyncReadExt};

/// The proxy binary under test.
pub const PROXY: &str = env!("CARGO_BIN_EXE_bosun-proxy");
/// Generous bound for things that must happen; no test asserts how fast they happen.
pub const PATIENCE: Duration = Duration::from_secs(30);
/// What every client asks: the nextcloud preset rejects it (126, `bosun: rejected: …`), so the
/// answer proves a login without a Docker engine.
pub const REJECTED_COMMAND: &str = "php occ status; id";

/// A directory with a host key, a client key and the authorized keys file; removed on drop.
pub struct Keys {
    pub dir: PathBuf,
    pub host: PrivateKey,
    pub host_key_path: PathBuf,
    pub client_key_path: PathBuf,
    pub authorized_keys_path: PathBuf,
}

impl Keys {
    pub fn new(name: &str) -> Keys {
        let dir = std::env::temp_dir().join(format!("bosun-preauth-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("test setup: a temporary directory");
        let host = keys::generate("host").expect("test setup");
        let client = keys::generate("client").expect("test setup");
        let keys = Keys {
            host_key_path: dir.join("host_key"),
            client_key_path: dir.join("client_key"),
            authorized_keys_path: dir.join("authorized_keys"),
            dir,
            host,
        };
        write_private(&keys.host_key_path, &private_text(&keys.host));
        write_private(&keys.client_key_path, &private_text(&client));
        let public = keys::public_openssh(client.public_key()).expect("test setup");
        std::fs::write(&keys.authorized_keys_path, format!("{public}\n")).expect("test setup");
        keys
    }

    /// The host key's `ssh-ed25519 AAAA…` line.
    pub fn host_public(&self) -> String {
        keys::public_openssh(self.host.public_key()).expect("test setup")
    }

    /// The flags that point a proxy at these keys, the nextcloud preset and an engine path
    /// where nothing listens.
    pub fn proxy_args(&self) -> Vec<String> {
        let path = |p: &Path| p.to_str().expect("test setup: a UTF-8 path").to_owned();
        [
            "--host-key",
            &path(&self.host_key_path),
            "--authorized-keys",
            &path(&self.authorized_keys_path),
            "--docker-host",
            &path(&self.dir.join("no-docker.sock")),
            "--target",
            "nextcloud",
            "--service",
            "nc",
            "--policy-preset",
            "nextcloud",
        ]
        .map(str::to_owned)
        .to_vec()
    }
}

impl Drop for Keys {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn private_text(key: &PrivateKey) -> String {
    keys::private_openssh(key).expect("test setup")
}

/// A private key file only its owner may read (OpenSSH refuses others).
fn write_private(path: &Path, text: &str) {
    std::fs::write(path, text).expect("test setup");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("test setup");
}

/// The `bosun-proxy` binary on 127.0.0.1, its logs kept; killed on drop.
pub struct ProxyProcess {
    pub keys: Keys,
    pub addr: SocketAddr,
    pub metrics_addr: SocketAddr,
    child: Child,
    logs: Arc<Mutex<Vec<String>>>,
}

impl ProxyProcess {
    /// Starts the proxy with fresh keys and `extra` flags, and waits until it serves.
    pub fn start(name: &str, extra: &[&str]) -> ProxyProcess {
        let keys = Keys::new(name);
        let mut child = Command::new(PROXY)
            .args(["--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"])
            .args(keys.proxy_args())
            .args(extra)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("test setup: cannot start bosun-proxy");
        let stderr = child.stderr.take().expect("test setup: piped stderr");
        let logs = Arc::new(Mutex::new(Vec::new()));
        let (serving_tx, serving) = mpsc::channel();
        let kept = Arc::clone(&logs);
        // drains stderr to its end, so a chatty proxy never blocks on a full pipe
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("bosun-proxy is serving") {
                    let _ = serving_tx.send(line.clone());
                }
                kept.lock().expect("log lock").push(line);
            }
        });
        let Ok(line) = serving.recv_timeout(PATIENCE) else {
            let _ = child.kill();
            panic!(
                "bosun-proxy did not start: {:?}",
                logs.lock().expect("log lock")
            );
        };
        let log: serde_json::Value = serde_json::from_str(&line).expect("a JSON log line");
        let field = |name: &str| -> SocketAddr {
            log["fields"][name]
                .as_str()
                .and_then(|a| a.parse().ok())
                .unwrap_or_else(|| panic!("no {name} address in {line}"))
        };
        ProxyProcess {
            addr: field("listen"),
            metrics_addr: field("metrics_listen"),
            keys,
            child,
            logs,
        }
    }

    /// The proxy's `/metrics` text.
    pub fn metrics(&self) -> String {
        let mut stream = std::net::TcpStream::connect(self.metrics_addr).expect("metrics");
        stream.set_read_timeout(Some(PATIENCE)).expect("metrics");
        stream
            .write_all(b"GET /metrics HTTP/1.1\r\nHost: proxy\r\nConnection: close\r\n\r\n")
            .expect("metrics");
        let mut text = String::new();
        stream.read_to_string(&mut text).expect("metrics");
        text
    }

    /// The value of one metric series, e.g. `bosun_proxy_preauth_connections`.
    pub fn metric(&self, series: &str) -> f64 {
        let text = self.metrics();
        text.lines()
            .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or_else(|| panic!("no series {series} in\n{text}"))
    }

    pub fn logs(&self) -> Vec<String> {
        self.logs.lock().expect("log lock").clone()
    }
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The proxy library in this process (for tests that must see its panics), on 127.0.0.1.
pub struct InProcess {
    pub keys: Keys,
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl InProcess {
    /// Binds a proxy with fresh keys and `extra` flags and serves it on `runtime`.
    pub fn start(runtime: &tokio::runtime::Runtime, name: &str, extra: &[&str]) -> InProcess {
        let keys = Keys::new(name);
        let mut args = vec!["bosun-proxy".to_owned()];
        args.extend(
            ["--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"].map(String::from),
        );
        args.extend(keys.proxy_args());
        args.extend(extra.iter().map(|a| (*a).to_owned()));
        let args = bosun_proxy::ProxyArgs::try_parse_from(args).expect("test setup: flags");
        let config = bosun_proxy::Config::from_args(args).expect("test setup: config");
        let server = runtime
            .block_on(bosun_proxy::Server::bind(config))
            .expect("test setup: bind");
        let addr = server.local_addr().expect("test setup");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        runtime.spawn(server.run_until(async move {
            let _ = stopped.await;
            "test stop"
        }));
        InProcess {
            keys,
            addr,
            stop: Some(stop),
        }
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// What the stock OpenSSH client said, and how long it took.
pub struct SshRun {
    pub status: Option<i32>,
    pub stderr: String,
    pub took: Duration,
}

/// Runs the stock `ssh` client against `addr` with `keys`' client key, the host key pinned,
/// and `command`.
pub fn openssh(keys: &Keys, addr: SocketAddr, command: &str) -> SshRun {
    let known_hosts = keys.dir.join(format!("known_hosts-{}", addr.port()));
    let line = format!("[{}]:{} {}\n", addr.ip(), addr.port(), keys.host_public());
    std::fs::write(&known_hosts, line).expect("test setup");
    let started = Instant::now();
    let output = Command::new("ssh")
        .args(["-F", "/dev/null", "-i"])
        .arg(&keys.client_key_path)
        .arg("-o")
        .arg(format!("UserKnownHostsFile={}", known_hosts.display()))
        .args([
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            "-o",
            "ConnectTimeout=30",
            "-p",
            &addr.port().to_string(),
            &format!("bosun@{}", addr.ip()),
            command,
        ])
        .stdin(Stdio::null())
        .output()
        .expect("the stock OpenSSH client `ssh` (make deps installs openssh-client)");
    SshRun {
        status: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took: started.elapsed(),
    }
}

/// Asserts that `run` is the proxy's answer to [`REJECTED_COMMAND`]: 126 and its line.
pub fn assert_rejected(run: &SshRun, what: &str) {
    assert_eq!(run.status, Some(126), "{what}: {}", run.stderr);
    assert!(
        run.stderr.contains("bosun: rejected:"),
        "{what}: no rejection line in {:?}",
        run.stderr
    );
}

/// One line for a report: `BOSUN_REPORT {json}` on stderr (shown with `--nocapture`).
pub fn report(value: serde_json::Value) {
    eprintln!("BOSUN_REPORT {value}");
}

// ---- the SSH wire, by hand (RFC 4253) ----

/// A client's version line.
pub const BANNER: &[u8] = b"SSH-2.0-x\r\n";

pub const MSG_IGNORE: u8 = 2;
pub const MSG_KEXINIT: u8 = 20;
pub const MSG_NEWKEYS: u8 = 21;
pub const MSG_KEX_ECDH_INIT: u8 = 30;

/// An SSH string: its length (u32, big-endian), then its bytes.
pub fn string(bytes: &[u8]) -> Vec<u8> {
    let len = u32::try_from(bytes.len()).expect("a short string");
    let mut out = len.to_be_bytes().to_vec();
    out.extend_from_slice(bytes);
    out
}

/// A plaintext binary packet: length, padding length, `payload`, random padding (at least 4
/// bytes, so that the whole is a multiple of 8).
pub fn packet(payload: &[u8]) -> Vec<u8> {
    let unpadded = 4 + 1 + payload.len();
    let padding = 4 + (8 - (unpadded + 4) % 8) % 8;
    let length = u32::try_from(1 + payload.len() + padding).expect("a short packet");
    let mut out = length.to_be_bytes().to_vec();
    out.push(u8::try_from(padding).expect("small padding"));
    out.extend_from_slice(payload);
    out.extend(random_bytes(padding));
    out
}

/// `SSH_MSG_IGNORE` with `data`, as a plaintext packet (what may come before any KEXINIT).
pub fn ignore(data: &[u8]) -> Vec<u8> {
    let mut payload = vec![MSG_IGNORE];
    payload.extend(string(data));
    packet(&payload)
}

/// The payload of a client KEXINIT offering `kex` (plus strict kex if `strict`), the ED25519
/// host key, AES-128-CTR, HMAC-SHA2-256 and no compression.
pub fn kexinit_payload(kex: &str, strict: bool) -> Vec<u8> {
    let mut payload = vec![MSG_KEXINIT];
    payload.extend(random_bytes(16));
    let kex = if strict {
        format!("{kex},ext-info-c,kex-strict-c-v00@openssh.com")
    } else {
        kex.to_owned()
    };
    for list in [
        kex.as_str(),
        "ssh-ed25519",
        "aes128-ctr",
        "aes128-ctr",
        "hmac-sha2-256",
        "hmac-sha2-256",
        "none",
        "none",
        "",
        "",
    ] {
        payload.extend(string(list.as_bytes()));
    }
    payload.push(0); // first_kex_packet_follows
    payload.extend([0; 4]); // reserved
    payload
}

/// `count` bytes nobody can predict (from the standard library's hash keys: no dependency).
pub fn random_bytes(count: usize) -> Vec<u8> {
    use std::hash::{BuildHasher, RandomState};
    let state = RandomState::new();
    (0..count)
        .flat_map(|i| state.hash_one(i).to_le_bytes())
        .take(count)
        .collect()
}

/// The name-lists of a server's KEXINIT.
#[derive(Debug)]
pub struct ServerKexInit {
    pub kex: Vec<String>,
    pub host_key: Vec<String>,
    pub ciphers_c2s: Vec<String>,
    pub ciphers_s2c: Vec<String>,
    pub macs_c2s: Vec<String>,
    pub macs_s2c: Vec<String>,
    pub compression_c2s: Vec<String>,
    pub compression_s2c: Vec<String>,
}

/// Reads the server's version line and its first packet, a KEXINIT, from `stream`.
pub async fn read_server_kexinit(
    stream: &mut (impl AsyncRead + Unpin),
) -> std::io::Result<(String, ServerKexInit)> {
    let mut version = Vec::new();
    while !version.ends_with(b"\r\n") {
        version.push(stream.read_u8().await?);
    }
    let length = stream.read_u32().await? as usize;
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await?;
    let bad = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_owned());
    let padding = usize::from(*body.first().ok_or_else(|| bad("empty packet"))?);
    let payload = body
        .get(1..length.saturating_sub(padding))
        .ok_or_else(|| bad("padding longer than the packet"))?;
    if payload.first() != Some(&MSG_KEXINIT) {
        return Err(bad("the first packet is not a KEXINIT"));
    }
    let mut rest = payload.get(17..).ok_or_else(|| bad("short KEXINIT"))?;
    let mut lists = Vec::new();
    for _ in 0..8 {
        let len = u32::from_be_bytes(
            rest.get(..4)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| bad("short name-list"))?,
        ) as usize;
        let text = rest.get(4..4 + len).ok_or_else(|| bad("short name-list"))?;
        let text = String::from_utf8_lossy(text);
        lists.push(text.split(',').map(str::to_owned).collect::<Vec<_>>());
        rest = rest.get(4 + len..).ok_or_else(|| bad("short KEXINIT"))?;
    }
    let mut lists = lists.into_iter();
    let mut next = || lists.next().unwrap_or_default();
    let version = String::from_utf8_lossy(&version).trim_end().to_owned();
    Ok((
        version,
        ServerKexInit {
            kex: next(),
            host_key: next(),
            ciphers_c2s: next(),
            ciphers_s2c: next(),
            macs_c2s: next(),
            macs_s2c: next(),
            compression_c2s: next(),
            compression_s2c: next(),
        },
    ))
}
