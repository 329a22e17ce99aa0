//! The SSH server against malformed input (issue 11's fuzz run): the proxy library runs in this
//! process, so a panic anywhere in it or in russh is seen, even in a task whose panic tokio
//! would only log. Each case connects, sends a valid version line and then one of:
//!
//! * random bytes;
//! * framed packets with random message numbers and bodies (past the framing, into the parser);
//! * a valid client opening (a KEXINIT for one of several key exchanges, then perhaps the key
//!   exchange's first packet with a random public key, then perhaps NEWKEYS) with bytes flipped,
//!   cut or inserted, then random bytes (after NEWKEYS, read as ciphertext).
//!
//! then half-closes and reads until the server closes. The property: no panic, the connection
//! ends, and afterwards the stock OpenSSH client still logs in and gets its answer.
//! `PROPTEST_CASES` sets the number of cases (default [`DEFAULT_CASES`]).

use std::net::SocketAddr;
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::support::{
    BANNER, InProcess, MSG_KEX_ECDH_INIT, MSG_NEWKEYS, REJECTED_COMMAND, assert_rejected,
    kexinit_payload, openssh, packet, report, string,
};

const DEFAULT_CASES: u32 = 5000;
/// A case's connection must end within this: the server's own auth timeout (2 s) plus room.
const CASE_PATIENCE: Duration = Duration::from_secs(30);

/// The key exchanges a mutated opening names: the three on offer, one that is not, nonsense.
const KEXES: [&str; 5] = [
    "curve25519-sha256",
    "curve25519-sha256@libssh.org",
    "mlkem768x25519-sha256",
    "diffie-hellman-group14-sha256",
    "x",
];

/// What one case sends after the version line.
#[derive(Debug, Clone)]
enum Input {
    Garbage(Vec<u8>),
    /// Framed packets: a message number and a body each.
    Packets(Vec<(u8, Vec<u8>)>),
    Mutated {
        kex: usize,
        strict: bool,
        /// 1: KEXINIT; 2: and the key exchange's init; 3: and NEWKEYS.
        steps: usize,
        /// Cycled to the length of the key exchange's public key.
        key: Vec<u8>,
        edits: Vec<Edit>,
        tail: Vec<u8>,
    },
}

#[derive(Debug, Clone)]
enum Edit {
    Xor(Index, u8),
    Truncate(Index),
    Insert(Index, Vec<u8>),
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..max)
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), 1..=255u8).prop_map(|(i, x)| Edit::Xor(i, x)),
        1 => any::<Index>().prop_map(Edit::Truncate),
        1 => (any::<Index>(), bytes(16)).prop_map(|(i, b)| Edit::Insert(i, b)),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        1 => bytes(2048).prop_map(Input::Garbage),
        1 => prop::collection::vec((any::<u8>(), bytes(64)), 1..6).prop_map(Input::Packets),
        4 => (
            0..KEXES.len(),
            any::<bool>(),
            1..=3usize,
            prop::collection::vec(any::<u8>(), 32),
            prop::collection::vec(edit(), 0..4),
            bytes(256),
        )
            .prop_map(|(kex, strict, steps, key, edits, tail)| Input::Mutated {
                kex,
                strict,
                steps,
                key,
                edits,
                tail,
            }),
    ]
}

impl Input {
    fn to_bytes(&self) -> Vec<u8> {
        match self {
            Input::Garbage(bytes) => bytes.clone(),
            Input::Packets(packets) => packets
                .iter()
                .flat_map(|(msg, body)| {
                    let mut payload = vec![*msg];
                    payload.extend(body);
                    packet(&payload)
                })
                .collect(),
            Input::Mutated {
                kex,
                strict,
                steps,
                key,
                edits,
                tail,
            } => {
                let kex = KEXES[*kex % KEXES.len()];
                let mut out = opening(kex, *strict, *steps, key);
                for edit in edits {
                    apply(&mut out, edit);
                }
                out.extend(tail);
                out
            }
        }
    }
}

/// A valid client opening: KEXINIT, then the key exchange's init, then NEWKEYS (`steps` of them).
fn opening(kex: &str, strict: bool, steps: usize, key: &[u8]) -> Vec<u8> {
    let mut out = packet(&kexinit_payload(kex, strict));
    if steps >= 2 {
        // mlkem768x25519: an ML-KEM-768 encapsulation key and an X25519 key; else X25519
        let len = if kex.starts_with("mlkem") {
            1184 + 32
        } else {
            32
        };
        let public: Vec<u8> = key.iter().copied().cycle().take(len).collect();
        let mut init = vec![MSG_KEX_ECDH_INIT];
        init.extend(string(&public));
        out.extend(packet(&init));
    }
    if steps >= 3 {
        out.extend(packet(&[MSG_NEWKEYS]));
    }
    out
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    match edit {
        Edit::Xor(at, x) if !bytes.is_empty() => {
            let at = at.index(bytes.len());
            bytes[at] ^= x;
        }
        Edit::Xor(..) => {}
        Edit::Truncate(at) => bytes.truncate(at.index(bytes.len() + 1)),
        Edit::Insert(at, new) => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, new.iter().copied());
        }
    }
}

/// Sends the version line and `bytes`, half-closes, and reads until the server closes.
async fn feed(proxy: SocketAddr, bytes: &[u8]) -> Result<(), String> {
    let mut stream = TcpStream::connect(proxy)
        .await
        .map_err(|e| format!("the server stopped accepting: {e}"))?;
    // a failed write means the server has closed already, which is allowed
    let mut sent = BANNER.to_vec();
    sent.extend_from_slice(bytes);
    let _ = stream.write_all(&sent).await;
    let _ = stream.shutdown().await;
    let mut sink = vec![0; 64 * 1024];
    let until_closed = async {
        while let Ok(n) = stream.read(&mut sink).await {
            if n == 0 {
                break;
            }
        }
    };
    tokio::time::timeout(CASE_PATIENCE, until_closed)
        .await
        .map_err(|_| format!("the connection was still open after {CASE_PATIENCE:?}"))
}

/// Panics anywhere but in this test crate's own files (the server, russh, tokio).
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn panics() -> Vec<String> {
    PANICS.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

fn record_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            if !place.contains("tests/") {
                let mut panics = PANICS.lock().unwrap_or_else(|e| e.into_inner());
                panics.push(format!("{info}"));
            }
            previous(info);
        }));
    });
}

#[test]
fn malformed_input_never_panics_the_server_and_every_connection_ends() {
    record_panics();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    // one address sends every case: let it have many connections closing at once
    let proxy = InProcess::start(
        &runtime,
        "fuzz",
        &[
            "--auth-timeout",
            "2s",
            "--max-startups",
            "64",
            "--per-source-max-startups",
            "64",
        ],
    );
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let started = Instant::now();
    let run = runner.run(&input(), |input| {
        let before = panics().len();
        runtime
            .block_on(feed(proxy.addr, &input.to_bytes()))
            .map_err(TestCaseError::fail)?;
        match panics().get(before..) {
            Some([]) | None => Ok(()),
            Some(new) => Err(TestCaseError::fail(format!(
                "the server panicked: {new:#?}"
            ))),
        }
    });
    let took = started.elapsed();
    if let Err(e) = run {
        panic!("{e}");
    }
    assert!(panics().is_empty(), "the server panicked: {:#?}", panics());

    // it still serves: the stock client logs in and gets its answer
    let after = openssh(&proxy.keys, proxy.addr, REJECTED_COMMAND);
    assert_rejected(&after, "after the fuzz run");
    eprintln!("fuzz: {cases} cases in {took:?}, no panic, every connection ended");
    report(serde_json::json!({
        "test": "preauth_fuzz",
        "cases": cases,
        "seconds": took.as_secs_f64(),
    }));
}
