//! Paramiko 2.12 (Debian 12's `python3-paramiko`, which `make deps` installs) logs in and gets
//! its answer. It has no AEAD cipher and knows curve25519 only as
//! `curve25519-sha256@libssh.org`, so this is the oldest client the algorithm lists must keep.

use std::process::Command;

use tokio::task::block_in_place;

use super::support::{ProxyProcess, REJECTED_COMMAND, report};

/// Connects with the client key, pins the host key (`RejectPolicy` for any other), runs one
/// command, prints its exit status, output and the negotiated algorithms as JSON.
const SCRIPT: &str = r#"
import base64, json, logging, sys
import paramiko

class Agreed(logging.Handler):
    """Keeps the key exchange Paramiko agreed on (its debug line `Kex: NAME`)."""
    kex = None
    def emit(self, record):
        message = record.getMessage()
        if message.startswith("Kex: "):
            Agreed.kex = message[len("Kex: "):]

log = logging.getLogger("paramiko.transport")
log.setLevel(logging.DEBUG)
log.addHandler(Agreed())
host, port, key_path, host_key, command = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
client = paramiko.SSHClient()
client.get_host_keys().add(
    "[%s]:%d" % (host, port), "ssh-ed25519",
    paramiko.Ed25519Key(data=base64.b64decode(host_key)))
client.set_missing_host_key_policy(paramiko.RejectPolicy())
client.connect(host, port=port, username="bosun",
               pkey=paramiko.Ed25519Key.from_private_key_file(key_path),
               allow_agent=False, look_for_keys=False, timeout=30, auth_timeout=30)
t = client.get_transport()
_, stdout, stderr = client.exec_command(command, timeout=30)
status = stdout.channel.recv_exit_status()
print(json.dumps({
    "version": paramiko.__version__,
    "status": status,
    "stdout": stdout.read().decode(),
    "stderr": stderr.read().decode(),
    "kex": Agreed.kex,
    "host_key_type": t.host_key_type,
    "cipher": t.remote_cipher,
    "mac": t.remote_mac,
}))
client.close()
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paramiko_logs_in_and_gets_its_answer() {
    let proxy = ProxyProcess::start("paramiko", &[]);
    let host_key = proxy.keys.host_public();
    let host_key = host_key
        .split(' ')
        .nth(1)
        .expect("an OpenSSH public key line");
    let output = block_in_place(|| {
        Command::new("/usr/bin/python3")
            .args(["-c", SCRIPT, "127.0.0.1"])
            .arg(proxy.addr.port().to_string())
            .arg(&proxy.keys.client_key_path)
            .args([host_key, REJECTED_COMMAND])
            .output()
            .expect("running /usr/bin/python3")
    });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named 'paramiko'"),
        "Paramiko is not installed: run `make deps` (python3-paramiko)"
    );
    assert!(
        output.status.success(),
        "the Paramiko script failed: {stderr}"
    );
    let answer: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the script's JSON line");
    report(serde_json::json!({"test": "paramiko", "answer": answer}));
    assert_eq!(answer["status"], 126, "{answer}");
    let said = answer["stderr"].as_str().unwrap_or_default();
    assert!(said.starts_with("bosun: rejected:"), "{answer}");
    assert_eq!(answer["host_key_type"], "ssh-ed25519", "{answer}");
    assert_eq!(answer["kex"], "curve25519-sha256@libssh.org", "{answer}");
}
