//! One long-lived client follows the controller's discovery record, over real HTTP and real
//! SSH in this process: a small axum server plays the controller's `GET /v1/discovery`
//! (ETag, `If-None-Match`, `?wait` long-poll) and russh servers play the exec proxies.
//!
//! What is proved: a record listing proxy A sends commands to A; a new generation listing only
//! proxy B with another host key sends the next command to B, pinned to B's key; a proxy whose
//! key is not in the record is refused and gets nothing; a call that is retrying follows a
//! record published meanwhile; a client waits for the first record (and says why when none
//! comes); the file input follows a rewritten file. No client is ever rebuilt.
//!
//! The proxies answer `echo WORDS` with WORDS on stdout and exit 0.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bosun::{Client, EnvSource};
use bosun_core::discovery::{Endpoint, Record, TargetRecord};
use bosun_core::keys;
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
// The controller's `GET /v1/discovery`

/// Serves the record in a `watch` with the controller's long-poll protocol.
struct Controller {
    url: String,
    record: watch::Sender<Record>,
    requests: Arc<Mutex<usize>>,
    task: JoinHandle<()>,
}

#[derive(Clone)]
struct Served {
    record: watch::Receiver<Record>,
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
    let mut rx = served.record.clone();
    if let Some(g) = known {
        let wait = Duration::from_secs_f64(params.wait.unwrap_or(0.0).min(300.0));
        let changed = tokio::time::timeout(wait, rx.wait_for(|r| r.generation != g)).await;
        if !matches!(changed, Ok(Ok(_))) {
            return (StatusCode::NOT_MODIFIED, [(ETAG, format!("\"{g}\""))]).into_response();
        }
    }
    let record = rx.borrow().clone();
    (
        [(ETAG, format!("\"{}\"", record.generation))],
        record.to_json(),
    )
        .into_response()
}

impl Controller {
    async fn start(first: Record) -> Controller {
        let (tx, rx) = watch::channel(first);
        let requests = Arc::new(Mutex::new(0));
        let app = Router::new()
            .route("/v1/discovery", get(discovery))
            .with_state(Served {
                record: rx,
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
            record: tx,
            requests,
            task,
        }
    }

    fn publish(&self, record: Record) {
        self.record.send_replace(record);
    }

    fn requests(&self) -> usize {
        *self.requests.lock().expect("lock")
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

    /// The environment of an app using discovery through `input` (`BOSUN_DISCOVERY_URL` or
    /// `BOSUN_DISCOVERY_FILE`).
    fn env(&self, input: (&str, &str), extra: &[(&str, &str)]) -> EnvSource {
        let mut vars: HashMap<String, String> = HashMap::from([
            (input.0.to_owned(), input.1.to_owned()),
            (
                "BOSUN_KEY_FILE".to_owned(),
                self.dir.join("key").display().to_string(),
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
    let controller = Controller::start(record(1_000, a.entry(&a.public()))).await;
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
    let controller = Controller::start(record(1_000, entry(&[gone], &[&b.public()]))).await;
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
    let controller = Controller::start(record(1_000, entry(&[], &[]))).await;
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
    let controller = Controller::start(Record::new(0, BTreeMap::new())).await;
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
        let tx = controller.record.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            tx.send_replace(record);
        })
    };
    let client =
        Client::from_env_source_async(key.env(("BOSUN_DISCOVERY_URL", &controller.url), &[]))
            .await
            .unwrap();
    assert_eq!(client.discovery_generation(), Some(7_000));
    publisher.await.unwrap();

    // the synchronous constructor returns at once; the first call waits for the record
    let controller = Controller::start(Record::new(0, BTreeMap::new())).await;
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

#[tokio::test]
async fn the_file_input_follows_a_rewritten_file() {
    let key = ClientKey::new("file");
    let a = Proxy::start("proxy-a", &key.public()).await;
    let b = Proxy::start("proxy-b", &key.public()).await;
    let path = key.dir.join("discovery.json");
    std::fs::write(&path, record(1_000, a.entry(&a.public())).to_json()).unwrap();
    let client = Client::from_env_source_async(
        key.env(("BOSUN_DISCOVERY_FILE", &path.display().to_string()), &[]),
    )
    .await
    .unwrap();
    assert_eq!(echo(&client, "one").await.unwrap(), "one\n");
    assert_eq!(a.execs(), ["echo one"]);

    // rewritten in place, as a config update or an operator would
    let tmp = key.dir.join("discovery.json.tmp");
    std::fs::write(&tmp, record(2_000, b.entry(&b.public())).to_json()).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    until_generation(&client, 2_000).await;
    assert_eq!(echo(&client, "two").await.unwrap(), "two\n");
    assert_eq!(b.execs(), ["echo two"]);
    assert_eq!(a.execs(), ["echo one"]);
    assert_eq!(a.connections(), 1);
}
