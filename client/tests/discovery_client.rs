//! One long-lived client follows the controller's discovery record, over real HTTP and real
//! SSH in this process: a small axum server plays the controller's `GET /v1/discovery`
//! (ETag, `If-None-Match`, `?wait` long-poll, the `Bosun-Signature` header, signed with the
//! fake controller's ED25519 key) and russh servers play the exec proxies.
//!
//! What is proved: a record listing proxy A sends commands to A; a new generation listing only
//! proxy B with another host key sends the next command to B, pinned to B's key; a proxy whose
//! key is not in the record is refused and gets nothing; a call that is retrying follows a
//! record published meanwhile; a client waits for the first record (and says why when none
//! comes); the file input follows a rewritten file and its `.sig`. A record signed by another
//! key, unsigned, expired, of an older generation or with a changed body is refused, and the
//! route keeps the last good record's pins; an expired last good record stays in use; the
//! signing key rolls (records announcing v2 signed by v1, then records signed by v2 only)
//! without a restart. No client is ever rebuilt.
//!
//! The proxies answer `echo WORDS` with WORDS on stdout and exit 0.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bosun::{Client, DiscoverySettings, DiscoverySource, EnvSource};
use bosun_core::discovery::{Endpoint, Record, TargetRecord};
use bosun_core::keys;
use bosun_core::signature::{SignatureLine, format_time};
use russh::keys::{PrivateKey, PublicKey};
use russh::server::{Auth, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

// ---------------------------------------------------------------------------------------------
// The exec proxies

#[derive(Clone)]
struct Handler {
    authorized: PublicKey,
    connections: Arc<Mutex<usize>>,
    execs: Arc<Mutex<Vec<String>>>,
}

impl russh::server::Handler for Handler {
    type Error = russh::Error;

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(
            if offer.public_key.key_data() == self.authorized.key_data() {
                Auth::Accept
            } else {
                Auth::reject()
            },
        )
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let ok = user == "bosun" && key.public_key.key_data() == self.authorized.key_data();
        Ok(if ok { Auth::Accept } else { Auth::reject() })
    }

    async fn channel_open_session(
        &mut self,
        _channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.accept().await;
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let cmd = String::from_utf8_lossy(data).into_owned();
        self.execs.lock().expect("lock").push(cmd.clone());
        session.channel_success(channel)?;
        let code = match cmd.strip_prefix("echo ") {
            Some(words) => {
                session.data(channel, format!("{words}\n"))?;
                0
            }
            None => 127,
        };
        session.exit_status_request(channel, code)?;
        session.eof(channel)?;
        session.close(channel)?;
        Ok(())
    }
}

/// One in-process proxy with its own host key.
struct Proxy {
    addr: SocketAddr,
    host_key: PrivateKey,
    handler: Handler,
    tasks: Vec<JoinHandle<()>>,
}

impl Proxy {
    async fn start(name: &str, authorized: &PublicKey) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("test setup");
        let addr = listener.local_addr().expect("test setup");
        let host_key = keys::generate(name).expect("test setup");
        let handler = Handler {
            authorized: authorized.clone(),
            connections: Arc::default(),
            execs: Arc::default(),
        };
        let config = Arc::new(russh::server::Config {
            keys: vec![host_key.clone()],
            auth_rejection_time: Duration::from_millis(10),
            auth_rejection_time_initial: Some(Duration::ZERO),
            ..Default::default()
        });
        let accept = {
            let handler = handler.clone();
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    *handler.connections.lock().expect("lock") += 1;
                    tokio::spawn(russh::server::run_stream(
                        config.clone(),
                        stream,
                        handler.clone(),
                    ));
                }
            })
        };
        Proxy {
            addr,
            host_key,
            handler,
            tasks: vec![accept],
        }
    }

    fn public(&self) -> PublicKey {
        self.host_key.public_key().clone()
    }

    fn execs(&self) -> Vec<String> {
        self.handler.execs.lock().expect("lock").clone()
    }

    fn connections(&self) -> usize {
        *self.handler.connections.lock().expect("lock")
    }

    /// As when the proxy task dies: its listener goes, so no new connection gets through.
    fn kill(&mut self) {
        for task in self.tasks.drain(..) {
            task.abort();
        }
    }

    /// Its entry in a record: this proxy's address, pinned to `host_key`.
    fn entry(&self, host_key: &PublicKey) -> TargetRecord {
        entry(&[self.addr], &[host_key])
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.kill();
    }
}

fn entry(addrs: &[SocketAddr], host_keys: &[&PublicKey]) -> TargetRecord {
    TargetRecord {
        ssh_user: "bosun".into(),
        key_version: 1,
        endpoints: addrs
            .iter()
            .map(|a| Endpoint {
                host: a.ip().to_string(),
                port: a.port(),
                node: "lab1".into(),
                node_id: "n1".into(),
            })
            .collect(),
        host_keys: host_keys
            .iter()
            .map(|k| keys::public_openssh(k).expect("test setup"))
            .collect(),
        commands: vec!["echo [options]".into()],
        limits: Default::default(),
    }
}

fn record(generation: u64, nextcloud: TargetRecord) -> Record {
    Record::new(
        generation,
        BTreeMap::from([("nextcloud".to_owned(), nextcloud)]),
    )
}

// ---------------------------------------------------------------------------------------------
// The controller's signing keys and `GET /v1/discovery`

/// The fake controller's record signing keys: the key that signs, and the ones it announces.
#[derive(Clone)]
struct Signing {
    state: Arc<Mutex<(PrivateKey, Vec<PrivateKey>)>>,
}

impl Signing {
    /// Signs with a fresh `v1`, announces nothing else.
    fn new() -> Signing {
        let v1 = keys::generate("signing-v1").expect("test setup");
        Signing {
            state: Arc::new(Mutex::new((v1, Vec::new()))),
        }
    }

    /// The public line of the key that signs now.
    fn public_line(&self) -> String {
        let state = self.state.lock().expect("lock");
        keys::public_openssh(state.0.public_key()).expect("test setup")
    }

    /// The key that signs now.
    fn current(&self) -> PrivateKey {
        self.state.lock().expect("lock").0.clone()
    }

    /// Signs with `signs` from now on, announcing `next` after it.
    fn set(&self, signs: PrivateKey, next: Vec<PrivateKey>) {
        *self.state.lock().expect("lock") = (signs, next);
    }

    /// `record` as the controller publishes it: valid for an hour unless it says otherwise,
    /// announcing the signing keys; its bytes and their signature line.
    fn seal(&self, mut record: Record) -> (String, String) {
        let state = self.state.lock().expect("lock");
        if record.expires_at.is_none() {
            let later = std::time::SystemTime::now() + Duration::from_secs(3600);
            record.expires_at = Some(format_time(later));
        }
        record.signing_keys = std::iter::once(&state.0)
            .chain(&state.1)
            .map(|k| keys::public_openssh(k.public_key()).expect("test setup"))
            .collect();
        let json = record.to_json();
        let line = SignatureLine::sign(&state.0, json.as_bytes()).expect("test setup");
        (json, line.to_string())
    }
}

/// What the fake controller serves: a generation, its body and its signature line, exactly.
#[derive(Clone, Debug)]
struct Answer {
    generation: u64,
    body: String,
    signature: Option<String>,
    /// How many times this answer was served in full.
    served: Arc<Mutex<usize>>,
}

impl Answer {
    fn new(generation: u64, body: String, signature: Option<String>) -> Answer {
        Answer {
            generation,
            body,
            signature,
            served: Arc::default(),
        }
    }
}

/// Serves the answer in a `watch` with the controller's long-poll protocol.
struct Controller {
    url: String,
    answer: watch::Sender<Answer>,
    signing: Signing,
    requests: Arc<Mutex<usize>>,
    task: JoinHandle<()>,
}

#[derive(Clone)]
struct Served {
    answer: watch::Receiver<Answer>,
    requests: Arc<Mutex<usize>>,
}

#[derive(serde::Deserialize)]
struct Params {
    wait: Option<f64>,
}

async fn discovery(
    State(served): State<Served>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    *served.requests.lock().expect("lock") += 1;
    let known: Option<u64> = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_matches('"').parse().ok());
    let mut rx = served.answer.clone();
    if let Some(g) = known {
        let wait = Duration::from_secs_f64(params.wait.unwrap_or(0.0).min(300.0));
        let changed = tokio::time::timeout(wait, rx.wait_for(|a| a.generation != g)).await;
        if !matches!(changed, Ok(Ok(_))) {
            return (StatusCode::NOT_MODIFIED, [(ETAG, format!("\"{g}\""))]).into_response();
        }
    }
    let answer = rx.borrow().clone();
    *answer.served.lock().expect("lock") += 1;
    let mut response =
        ([(ETAG, format!("\"{}\"", answer.generation))], answer.body).into_response();
    if let Some(line) = answer.signature {
        let value = line.parse().expect("test setup");
        response.headers_mut().insert("bosun-signature", value);
    }
    response
}

impl Controller {
    /// Serves `first`, signed; `key`'s client trusts the signing key (its trust file).
    async fn start(key: &ClientKey, first: Record) -> Controller {
        let signing = Signing::new();
        key.trust(&[signing.public_line()]);
        let (json, line) = signing.seal(first.clone());
        let (tx, rx) = watch::channel(Answer::new(first.generation, json, Some(line)));
        let requests = Arc::new(Mutex::new(0));
        let app = Router::new()
            .route("/v1/discovery", get(discovery))
            .with_state(Served {
                answer: rx,
                requests: requests.clone(),
            });
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("test setup");
        let url = format!(
            "http://{}/v1/discovery",
            listener.local_addr().expect("test setup")
        );
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Controller {
            url,
            answer: tx,
            signing,
            requests,
            task,
        }
    }

    /// Publishes `record`, signed by the current key.
    fn publish(&self, record: Record) {
        let (json, line) = self.signing.seal(record.clone());
        self.serve(record.generation, json, Some(line));
    }

    /// Serves exactly this answer (tampered, unsigned, …) from now on.
    fn serve(&self, generation: u64, body: String, signature: Option<String>) {
        self.answer
            .send_replace(Answer::new(generation, body, signature));
    }

    /// A publisher for another task.
    fn publisher(&self) -> impl Fn(Record) + Send + 'static {
        let (tx, signing) = (self.answer.clone(), self.signing.clone());
        move |record: Record| {
            let (json, line) = signing.seal(record.clone());
            tx.send_replace(Answer::new(record.generation, json, Some(line)));
        }
    }

    fn requests(&self) -> usize {
        *self.requests.lock().expect("lock")
    }

    /// Waits until the current answer was served `n` times: a client that asks again for an
    /// answer it got has refused it (one that took it would long-poll past its generation).
    async fn until_served(&self, n: usize) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        let served = self.answer.borrow().served.clone();
        while *served.lock().expect("lock") < n {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the answer was not asked for {n} times"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl Drop for Controller {
    fn drop(&mut self) {
        self.task.abort();
    }
}

// ---------------------------------------------------------------------------------------------
// The app

/// The client's key file, in a directory removed on drop.
struct ClientKey {
    dir: PathBuf,
    key: PrivateKey,
}

impl ClientKey {
    fn new(name: &str) -> ClientKey {
        let dir = std::env::temp_dir().join(format!(
            "bosun-discovery-client-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("test setup");
        let key = keys::generate("client").expect("test setup");
        std::fs::write(
            dir.join("key"),
            keys::private_openssh(&key).expect("test setup"),
        )
        .expect("test setup");
        // the client refuses a key file that others can read, as OpenSSH does
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join("key"), std::fs::Permissions::from_mode(0o600))
            .expect("test setup");
        ClientKey { dir, key }
    }

    fn public(&self) -> PublicKey {
        self.key.public_key().clone()
    }

    /// The app's trust file: the controller's signing keys it trusts.
    fn trust_file(&self) -> PathBuf {
        self.dir.join("discovery-keys")
    }

    /// Writes the trust file with these public key lines.
    fn trust(&self, lines: &[String]) {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(self.trust_file(), text).expect("test setup");
    }

    /// The environment of an app using discovery through `input` (`BOSUN_DISCOVERY_URL` or
    /// `BOSUN_DISCOVERY_FILE`), trusting its trust file.
    fn env(&self, input: (&str, &str), extra: &[(&str, &str)]) -> EnvSource {
        let mut vars: HashMap<String, String> = HashMap::from([
            (input.0.to_owned(), input.1.to_owned()),
            (
                "BOSUN_KEY_FILE".to_owned(),
                self.dir.join("key").display().to_string(),
            ),
            (
                "BOSUN_DISCOVERY_KEYS".to_owned(),
                self.trust_file().display().to_string(),
            ),
            ("BOSUN_RETRY_MIN_DELAY".to_owned(), "50ms".to_owned()),
        ]);
        vars.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        EnvSource::from_map(vars)
    }
}

impl Drop for ClientKey {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Waits until `client` uses record `generation`.
async fn until_generation(client: &Client, generation: u64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while client.discovery_generation() != Some(generation) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the client did not pick up generation {generation} (has {:?})",
            client.discovery_generation()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn echo(client: &Client, word: &str) -> Result<String, bosun::ClientError> {
    let out = client.exec("nextcloud", &["echo", word]).await?;
    assert_eq!(out.exit_code, 0);
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

// ---------------------------------------------------------------------------------------------
// The tests

#[tokio::test]
async fn one_client_follows_new_proxies_and_new_host_keys_without_a_restart() {
    let key = ClientKey::new("follow");
    let a = Proxy::start("proxy-a", &key.public()).await;
    let b = Proxy::start("proxy-b", &key.public()).await;
    let c = Proxy::start("proxy-c", &key.public()).await;
    let controller = Controller::start(&key, record(1_000, a.entry(&a.public()))).await;
    let client =
        Client::from_env_source_async(key.env(("BOSUN_DISCOVERY_URL", &controller.url), &[]))
            .await
            .expect("the first record loads");
    assert_eq!(client.discovery_generation(), Some(1_000));

    // generation 1: proxy A
    assert_eq!(echo(&client, "one").await.unwrap(), "one\n");
    assert_eq!(a.execs(), ["echo one"]);

    // generation 2: only proxy B, with its own host key
    controller.publish(record(2_000, b.entry(&b.public())));
    until_generation(&client, 2_000).await;
    assert_eq!(echo(&client, "two").await.unwrap(), "two\n");
    assert_eq!(b.execs(), ["echo two"]);
    assert_eq!(a.execs(), ["echo one"], "A is no longer in the record");

    // generation 3: proxy C's address, but the record pins B's key: C is refused
    controller.publish(record(3_000, c.entry(&b.public())));
    until_generation(&client, 3_000).await;
    let err = client
        .exec("nextcloud", &["echo", "three"])
        .await
        .unwrap_err();
    let rejected = err
        .host_key_rejection()
        .unwrap_or_else(|| panic!("not a host key refusal: {err}"));
    assert_eq!(rejected.fingerprint, keys::fingerprint(&c.public()));
    assert_eq!(rejected.origin, "discovery record generation 3000");
    assert!(c.execs().is_empty(), "nothing reaches an unpinned proxy");
    assert!(err.command_not_sent());

    // generation 4: A again, pinned to B's key: A's own key is not trusted either
    controller.publish(record(4_000, a.entry(&b.public())));
    until_generation(&client, 4_000).await;
    let err = client
        .exec("nextcloud", &["echo", "four"])
        .await
        .unwrap_err();
    assert!(err.host_key_rejection().is_some(), "{err}");
    assert_eq!(a.execs(), ["echo one"]);

    // generation 5: both proxies with their keys: served again
    controller.publish(record(
        5_000,
        entry(&[b.addr, a.addr], &[&a.public(), &b.public()]),
    ));
    until_generation(&client, 5_000).await;
    assert_eq!(echo(&client, "five").await.unwrap(), "five\n");
    assert_eq!(b.execs(), ["echo two", "echo five"]);

    // a target the record does not list
    let err = client.exec("photos", &["echo", "x"]).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "configuration: target \"photos\" is not in the discovery record (generation 5000 from {})",
            controller.url
        )
    );
    // long-polls, not a request per call: a handful for five generations
    assert!(
        controller.requests() <= 12,
        "{} requests",
        controller.requests()
    );
}

#[tokio::test]
async fn a_call_that_is_retrying_follows_a_record_published_meanwhile() {
    let key = ClientKey::new("retry");
    let b = Proxy::start("proxy-b", &key.public()).await;
    // generation 1 lists a proxy that is gone (nothing listens on its port)
    let gone = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let controller = Controller::start(&key, record(1_000, entry(&[gone], &[&b.public()]))).await;
    let client = Client::from_env_source_async(key.env(
        ("BOSUN_DISCOVERY_URL", &controller.url),
        &[("BOSUN_RETRY_MIN_DELAY", "300ms")],
    ))
    .await
    .unwrap();
    assert_eq!(client.discovery_generation(), Some(1_000));

    // The call fails on the gone proxy and waits 300 ms to retry; the controller moves the
    // target to B meanwhile, and the retry goes there.
    let started = tokio::time::Instant::now();
    let (out, ()) = tokio::join!(echo(&client, "moved"), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        controller.publish(record(2_000, b.entry(&b.public())));
    });
    assert_eq!(out.unwrap(), "moved\n");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "not retried"
    );
    assert_eq!(b.execs(), ["echo moved"]);
    assert_eq!(client.discovery_generation(), Some(2_000));
}

#[tokio::test]
async fn a_call_during_a_move_waits_for_the_new_proxy() {
    let key = ClientKey::new("move");
    let b = Proxy::start("proxy-b", &key.public()).await;
    // generation 1: the target is moving: listed, but no proxy and no host key yet
    let controller = Controller::start(&key, record(1_000, entry(&[], &[]))).await;
    let client = Client::from_env_source_async(key.env(
        ("BOSUN_DISCOVERY_URL", &controller.url),
        &[("BOSUN_RETRY_MIN_DELAY", "1s")],
    ))
    .await
    .unwrap();
    assert_eq!(client.discovery_generation(), Some(1_000));

    // One call, spawned (its future is `Send`): it finds no proxy at 0 s and 1 s; generation 2
    // lists B at 1.5 s; the attempt at 3 s runs the command there.
    let started = tokio::time::Instant::now();
    let call = tokio::spawn({
        let client = client.clone();
        async move { echo(&client, "moved").await }
    });
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert!(!call.is_finished(), "the call did not wait for a proxy");
    controller.publish(record(2_000, b.entry(&b.public())));
    assert_eq!(call.await.unwrap().unwrap(), "moved\n");
    assert!(started.elapsed() >= Duration::from_secs(3), "not retried");
    assert_eq!(b.execs(), ["echo moved"]);

    // never a proxy, with no retries: a not-sent failure that says why
    controller.publish(record(3_000, entry(&[], &[])));
    until_generation(&client, 3_000).await;
    let client = Client::from_env_source_async(key.env(
        ("BOSUN_DISCOVERY_URL", &controller.url),
        &[("BOSUN_RETRY_TIMES", "0")],
    ))
    .await
    .unwrap();
    let err = client.exec("nextcloud", &["echo", "x"]).await.unwrap_err();
    assert!(err.command_not_sent());
    assert!(
        err.to_string().ends_with(
            "the command was not sent: target \"nextcloud\" has no running proxy in the discovery record (generation 3000)"
        ),
        "{err}"
    );
    assert_eq!(b.execs(), ["echo moved"]);
}

#[tokio::test]
async fn a_new_client_waits_for_the_first_record_and_says_why_when_none_comes() {
    let key = ClientKey::new("wait");
    let a = Proxy::start("proxy-a", &key.public()).await;
    // generation 0: the controller has not published yet
    let controller = Controller::start(&key, Record::new(0, BTreeMap::new())).await;
    let err = Client::from_env_source_async(key.env(
        ("BOSUN_DISCOVERY_URL", &controller.url),
        &[("BOSUN_DISCOVERY_TIMEOUT", "300ms")],
    ))
    .await
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with(&format!(
            "configuration: no discovery record from {} within 300ms: ",
            controller.url
        )) && err.contains("generation 0"),
        "{err}"
    );

    // published while the client waits: the constructor returns with it
    let publisher = {
        let record = record(7_000, a.entry(&a.public()));
        let publish = controller.publisher();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            publish(record);
        })
    };
    let client =
        Client::from_env_source_async(key.env(("BOSUN_DISCOVERY_URL", &controller.url), &[]))
            .await
            .unwrap();
    assert_eq!(client.discovery_generation(), Some(7_000));
    publisher.await.unwrap();

    // the synchronous constructor returns at once; the first call waits for the record
    let controller = Controller::start(&key, Record::new(0, BTreeMap::new())).await;
    let client =
        Client::from_env_source(key.env(("BOSUN_DISCOVERY_URL", &controller.url), &[])).unwrap();
    assert_eq!(client.discovery_generation(), None);
    let late = tokio::spawn({
        let client = client.clone();
        async move { echo(&client, "late").await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    controller.publish(record(8_000, a.entry(&a.public())));
    assert_eq!(late.await.unwrap().unwrap(), "late\n");

    // nothing listens: the reason is the connection error
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/v1/discovery");
    let err = Client::from_env_source_async(key.env(
        ("BOSUN_DISCOVERY_URL", &url),
        &[("BOSUN_DISCOVERY_TIMEOUT", "300ms")],
    ))
    .await
    .unwrap_err()
    .to_string();
    assert!(err.contains(&format!("GET {url}: ")), "{err}");
}

/// Writes `record`, sealed by `signing`, to `path` and its signature to `path.sig`, each
/// renamed into place (the signature first).
fn write_signed(path: &Path, signing: &Signing, record: Record) {
    let (json, line) = signing.seal(record);
    let sig = PathBuf::from(format!("{}.sig", path.display()));
    replace(&sig, &format!("{line}\n"));
    replace(path, &json);
}

/// Replaces `path` by `content` atomically, as a config update or an operator would.
fn replace(path: &Path, content: &str) {
    let tmp = PathBuf::from(format!("{}.tmp", path.display()));
    std::fs::write(&tmp, content).expect("test setup");
    std::fs::rename(&tmp, path).expect("test setup");
}

/// A client of `controller` whose discovery source is its own (to read why it refused a
/// record) and retries after 20 ms to 200 ms.
async fn quick_client(key: &ClientKey, input: (&str, &str)) -> (Client, Arc<DiscoverySource>) {
    let env = key.env(input, &[]);
    let mut settings = DiscoverySettings::from_env(&env)
        .expect("settings")
        .expect("a discovery input");
    settings.retry_min_delay = Duration::from_millis(20);
    settings.retry_max_delay = Duration::from_millis(200);
    settings.file_interval = Duration::from_millis(20);
    let options = env.options().expect("options");
    let source = Arc::new(DiscoverySource::start(settings, env).expect("the source starts"));
    source
        .wait_loaded(Duration::from_secs(10))
        .await
        .expect("the first record loads");
    (Client::from_discovery(source.clone(), options), source)
}

#[tokio::test]
async fn the_file_input_follows_a_rewritten_file_and_its_signature() {
    let key = ClientKey::new("file");
    let a = Proxy::start("proxy-a", &key.public()).await;
    let b = Proxy::start("proxy-b", &key.public()).await;
    let signing = Signing::new();
    key.trust(&[signing.public_line()]);
    let path = key.dir.join("discovery.json");
    write_signed(&path, &signing, record(1_000, a.entry(&a.public())));
    let (client, source) =
        quick_client(&key, ("BOSUN_DISCOVERY_FILE", &path.display().to_string())).await;
    assert_eq!(echo(&client, "one").await.unwrap(), "one\n");
    assert_eq!(a.execs(), ["echo one"]);

    // rewritten, with its signature
    write_signed(&path, &signing, record(2_000, b.entry(&b.public())));
    until_generation(&client, 2_000).await;
    assert_eq!(echo(&client, "two").await.unwrap(), "two\n");
    assert_eq!(b.execs(), ["echo two"]);
    assert_eq!(a.execs(), ["echo one"]);
    assert_eq!(a.connections(), 1);

    // a body written without its signature (the .sig is generation 2000's): refused, B stays
    let (json, line) = signing.seal(record(3_000, a.entry(&a.public())));
    replace(&path, &json);
    let why = until_refused(&source, "refused the record: bad signature").await;
    assert!(
        why.starts_with(&format!("file {}: ", path.display())),
        "{why}"
    );
    assert_eq!(client.discovery_generation(), Some(2_000));
    assert_eq!(echo(&client, "three").await.unwrap(), "three\n");
    assert_eq!(b.execs(), ["echo two", "echo three"]);

    // no .sig at all: unsigned
    std::fs::remove_file(format!("{}.sig", path.display())).unwrap();
    until_refused(&source, "refused the record: unsigned").await;
    assert_eq!(client.discovery_generation(), Some(2_000));

    // its signature arrives, alone: taken
    replace(
        &PathBuf::from(format!("{}.sig", path.display())),
        &format!("{line}\n"),
    );
    until_generation(&client, 3_000).await;
    assert_eq!(echo(&client, "four").await.unwrap(), "four\n");
    assert_eq!(a.execs(), ["echo one", "echo four"]);
}

/// Waits until `source`'s last error says `what`; returns it.
async fn until_refused(source: &DiscoverySource, what: &str) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(why) = source.last_error().filter(|w| w.contains(what)) {
            return why;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not refused with {what:?}; last error: {:?}",
            source.last_error()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn refused_records_leave_the_last_good_one_in_use() {
    let key = ClientKey::new("refuse");
    let a = Proxy::start("proxy-a", &key.public()).await;
    let b = Proxy::start("proxy-b", &key.public()).await;
    let controller = Controller::start(&key, record(1_000, a.entry(&a.public()))).await;
    let (client, source) = quick_client(&key, ("BOSUN_DISCOVERY_URL", &controller.url)).await;
    assert_eq!(echo(&client, "first").await.unwrap(), "first\n");

    // Every bad answer moves the target to proxy B, pinned to B's key: were one taken, the
    // next command would go to B.
    let moved = || record(2_000, b.entry(&b.public()));
    let (good, good_line) = controller.signing.seal(moved());
    let (by_stranger, stranger_line) = Signing::new().seal(moved());
    let mut stale = moved();
    stale.expires_at = Some(format_time(
        std::time::SystemTime::now() - Duration::from_secs(60),
    ));
    let (expired, expired_line) = controller.signing.seal(stale);
    let (older, older_line) = controller.signing.seal(record(500, b.entry(&b.public())));
    // signed as a record of proxy A, changed on the way to list B with B's key
    let (signed_a, signed_a_line) = controller.signing.seal(record(2_000, a.entry(&a.public())));
    let line = |k: &PublicKey| keys::public_openssh(k).expect("test setup");
    let tampered = signed_a
        .replace(
            &format!("\"port\":{}", a.addr.port()),
            &format!("\"port\":{}", b.addr.port()),
        )
        .replace(&line(&a.public()), &line(&b.public()));
    assert_ne!(tampered, signed_a);
    let cases = [
        (
            "another key",
            2_000,
            by_stranger,
            Some(stranger_line),
            "signed by unknown key id",
        ),
        (
            "unsigned",
            2_000,
            good.clone(),
            None,
            "unsigned: no signature came with the record",
        ),
        (
            "expired",
            2_000,
            expired,
            Some(expired_line),
            "the record expired at ",
        ),
        (
            "older",
            500,
            older,
            Some(older_line),
            "generation 500 is older than the last good record's generation 1000",
        ),
        (
            "tampered",
            2_000,
            tampered,
            Some(signed_a_line),
            "bad signature",
        ),
    ];
    for (n, (case, generation, body, signature, says)) in cases.into_iter().enumerate() {
        controller.serve(generation, body, signature);
        controller.until_served(2).await;
        let why = until_refused(&source, says).await;
        assert!(
            why.starts_with(&format!("{}: refused the record: ", controller.url)),
            "{case}: {why}"
        );
        assert_eq!(client.discovery_generation(), Some(1_000), "{case}");
        let word = format!("w{n}");
        assert_eq!(
            echo(&client, &word).await.unwrap(),
            format!("{word}\n"),
            "{case}"
        );
        assert!(b.execs().is_empty(), "{case}: B got {:?}", b.execs());
    }
    assert_eq!(
        a.execs(),
        [
            "echo first",
            "echo w0",
            "echo w1",
            "echo w2",
            "echo w3",
            "echo w4"
        ]
    );

    // the good one, at last: B
    controller.serve(2_000, good, Some(good_line));
    until_generation(&client, 2_000).await;
    assert_eq!(echo(&client, "moved").await.unwrap(), "moved\n");
    assert_eq!(b.execs(), ["echo moved"]);
    assert_eq!(source.last_error(), None);
}

#[tokio::test]
async fn a_client_that_never_got_a_good_record_says_why() {
    let key = ClientKey::new("never");
    let a = Proxy::start("proxy-a", &key.public()).await;
    let controller = Controller::start(&key, Record::new(0, BTreeMap::new())).await;
    let (body, line) = Signing::new().seal(record(1_000, a.entry(&a.public())));
    controller.serve(1_000, body, Some(line));
    let err = Client::from_env_source_async(key.env(
        ("BOSUN_DISCOVERY_URL", &controller.url),
        &[("BOSUN_DISCOVERY_TIMEOUT", "300ms")],
    ))
    .await
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with(&format!(
            "configuration: no discovery record from {} within 300ms: {}: refused the record: signed by unknown key id ",
            controller.url, controller.url
        )),
        "{err}"
    );
    assert!(a.execs().is_empty());

    // no trust file: a clear error at once, saying what to mount or set
    std::fs::remove_file(key.trust_file()).unwrap();
    let err = Client::from_env_source(key.env(("BOSUN_DISCOVERY_URL", &controller.url), &[]))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "configuration: no usable trust file for the discovery record: cannot read "
        ) && err.contains("BOSUN_DISCOVERY_KEYS"),
        "{err}"
    );
}

#[tokio::test]
async fn the_signing_key_rolls_without_a_restart() {
    let key = ClientKey::new("roll");
    let a = Proxy::start("proxy-a", &key.public()).await;
    let b = Proxy::start("proxy-b", &key.public()).await;
    let c = Proxy::start("proxy-c", &key.public()).await;
    // the client's trust file lists v1 only, for the whole test
    let controller = Controller::start(&key, record(1_000, a.entry(&a.public()))).await;
    let (client, source) = quick_client(&key, ("BOSUN_DISCOVERY_URL", &controller.url)).await;
    assert_eq!(echo(&client, "v1").await.unwrap(), "v1\n");
    let v1 = controller.signing.current();
    let v2 = keys::generate("signing-v2").expect("test setup");

    // v2 signing before any record announced it: refused
    controller.signing.set(v2.clone(), Vec::new());
    controller.publish(record(1_500, c.entry(&c.public())));
    controller.until_served(2).await;
    until_refused(&source, "signed by unknown key id").await;
    assert_eq!(client.discovery_generation(), Some(1_000));

    // records announce v2, still signed by v1
    controller.signing.set(v1, vec![v2.clone()]);
    controller.publish(record(2_000, b.entry(&b.public())));
    until_generation(&client, 2_000).await;
    assert_eq!(echo(&client, "announced").await.unwrap(), "announced\n");
    assert_eq!(b.execs(), ["echo announced"]);

    // v1 is gone: records are signed by v2 only, and taken
    controller.signing.set(v2, Vec::new());
    controller.publish(record(3_000, c.entry(&c.public())));
    until_generation(&client, 3_000).await;
    assert_eq!(echo(&client, "rolled").await.unwrap(), "rolled\n");
    assert_eq!(c.execs(), ["echo rolled"]);
}

#[tokio::test]
async fn an_expired_last_good_record_stays_in_use() {
    let key = ClientKey::new("expired");
    let a = Proxy::start("proxy-a", &key.public()).await;
    let expires = std::time::SystemTime::now() + Duration::from_secs(3);
    let mut first = record(1_000, a.entry(&a.public()));
    first.expires_at = Some(format_time(expires));
    let controller = Controller::start(&key, first).await;
    let client =
        Client::from_env_source_async(key.env(("BOSUN_DISCOVERY_URL", &controller.url), &[]))
            .await
            .expect("the first record loads before it expires");
    assert_eq!(echo(&client, "fresh").await.unwrap(), "fresh\n");
    // past its expiry, with nothing newer: still the route
    if let Ok(left) = expires.duration_since(std::time::SystemTime::now()) {
        tokio::time::sleep(left + Duration::from_millis(100)).await;
    }
    assert!(std::time::SystemTime::now() > expires);
    assert_eq!(echo(&client, "stale").await.unwrap(), "stale\n");
    assert_eq!(a.execs(), ["echo fresh", "echo stale"]);
    assert_eq!(client.discovery_generation(), Some(1_000));
}
