//! The endpoint source of a controller-managed deployment: the controller's discovery record
//! (`bosun_core::discovery`), followed in the background so a long-lived client sees new proxies,
//! moved proxies and new host keys without a restart.
//!
//! Two inputs (see the variables in [`super::env_source`]):
//!
//! * `BOSUN_DISCOVERY_URL` (`http://<controller>:8080/v1/discovery`): one GET for the current
//!   record, then a long-poll loop (`If-None-Match: "<generation>"`, `?wait=30`): the
//!   controller answers when the record changes, or `304` after 30 s and the loop asks again.
//!   The signature comes in the `Bosun-Signature` header. A failure (refused, timeout, bad
//!   status, a record that fails a check) is retried with an exponential, jittered backoff
//!   (0.5 s doubling to 30 s) and the last good record stays in use.
//! * `BOSUN_DISCOVERY_FILE`: a file holding the record (a mounted Docker config, or written by
//!   anything else), its signature line in `<file>.sig`, both read every second and checked
//!   again when either changes (or the trust file does). A file that disappears or holds a
//!   record that fails a check leaves the last good record in use.
//!
//! Every record is verified ([`super::discovery_trust`]: signed by a trusted key, over its
//! exact bytes, not expired, not older than the last good one) BEFORE any of its endpoints or
//! host keys is used. A refused record is logged (warn, with the reason) and the last good
//! record stays in use; until a first good one arrives, calls fail with the reason. The last
//! good record stays in use after its `expires_at` too (logged once): a controller that is
//! down does not stop its clients, but a record *received* after it expired is refused.
//!
//! The loop feeds a `tokio::sync::watch`; [`EndpointSource::route`] only reads its latest
//! value (host keys are parsed once per record), so asking on every call is cheap; so does
//! [`EndpointSource::limits`], the limits the record gives each target. The loop
//! stops when the source is dropped. A record of generation 0 is the controller saying it has
//! not published anything yet: it counts as no record.
//!
//! The client key is not in the record: it is found like the environment source finds it
//! (`BOSUN_<T>_KEY_FILE`, `BOSUN_KEY_FILE`, `/run/secrets/bosun-<target>-key`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use bosun_core::backoff::Exponential;
use bosun_core::watch::{FileChange, FileWatch, poll_until};
use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Limited};
use hyper::header::{ETAG, IF_NONE_MATCH};
use hyper::{StatusCode, Uri};
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use russh::keys::PublicKey;
use tokio::sync::watch;

use super::discovery_trust::{DEFAULT_TRUST_FILE, RecordTrust};
use super::endpoints::{EndpointAddr, EndpointSource, HostKeys, RemoteTarget, Route};
use super::env_source::EnvSource;
use super::error::ClientError;
use bosun_core::discovery::{Record, TargetLimits};
use bosun_core::signature::{FILE_SUFFIX, HEADER as SIGNATURE_HEADER, Verified, format_time};

/// How long a new client waits for the first record unless `BOSUN_DISCOVERY_TIMEOUT` says.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The `?wait=` of each long-poll request.
pub const LONG_POLL_WAIT: Duration = Duration::from_secs(30);
/// How often the file is read.
pub const FILE_INTERVAL: Duration = Duration::from_secs(1);
/// A record larger than this is refused (a real one is a few kilobytes).
const MAX_RECORD_BYTES: usize = 8 * 1024 * 1024;

/// Where the record comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscoveryInput {
    /// The controller's `GET /v1/discovery`.
    Url(String),
    /// A file holding the record.
    File(PathBuf),
}

impl std::fmt::Display for DiscoveryInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscoveryInput::Url(url) => f.write_str(url),
            DiscoveryInput::File(path) => write!(f, "file {}", path.display()),
        }
    }
}

/// How the discovery source reads and follows the record.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoverySettings {
    pub input: DiscoveryInput,
    /// The trust file: the controller's record signing public keys.
    pub trust_file: PathBuf,
    /// How long a new client waits for the first record.
    pub timeout: Duration,
    /// The `?wait=` of each long-poll request (URL input).
    pub long_poll_wait: Duration,
    /// How often the file is read (file input).
    pub file_interval: Duration,
    /// The first and the longest delay between failed requests (URL input).
    pub retry_min_delay: Duration,
    pub retry_max_delay: Duration,
}

impl DiscoverySettings {
    /// Settings with the defaults for `input`.
    pub fn new(input: DiscoveryInput) -> Self {
        Self {
            input,
            trust_file: PathBuf::from(DEFAULT_TRUST_FILE),
            timeout: DEFAULT_TIMEOUT,
            long_poll_wait: LONG_POLL_WAIT,
            file_interval: FILE_INTERVAL,
            retry_min_delay: Duration::from_millis(500),
            retry_max_delay: Duration::from_secs(30),
        }
    }

    /// `BOSUN_DISCOVERY_URL` or `BOSUN_DISCOVERY_FILE` (not both), `BOSUN_DISCOVERY_KEYS` and
    /// `BOSUN_DISCOVERY_TIMEOUT`; `None` when neither input is set.
    pub fn from_env(env: &EnvSource) -> Result<Option<Self>, ClientError> {
        let input = match (
            env.get("BOSUN_DISCOVERY_URL"),
            env.get("BOSUN_DISCOVERY_FILE"),
        ) {
            (None, None) => return Ok(None),
            (Some(_), Some(_)) => {
                return Err(ClientError::Config(
                    "set BOSUN_DISCOVERY_URL or BOSUN_DISCOVERY_FILE, not both".into(),
                ));
            }
            (Some(url), None) => {
                check_url(&url)
                    .map_err(|why| ClientError::Config(format!("BOSUN_DISCOVERY_URL: {why}")))?;
                DiscoveryInput::Url(url)
            }
            (None, Some(path)) => DiscoveryInput::File(PathBuf::from(path)),
        };
        let mut settings = Self::new(input);
        if let Some(path) = env.get("BOSUN_DISCOVERY_KEYS") {
            settings.trust_file = PathBuf::from(path);
        }
        if let Some(d) = env.duration("BOSUN_DISCOVERY_TIMEOUT")? {
            settings.timeout = d;
        }
        Ok(Some(settings))
    }
}

/// An `http://host[:port]/path` URL the client can use (no TLS: the controller serves plain
/// HTTP on the overlay network).
fn check_url(url: &str) -> Result<Uri, String> {
    let uri: Uri = url
        .parse()
        .map_err(|e| format!("{url:?} is not a URL: {e}"))?;
    match uri.scheme_str() {
        Some("http") if uri.host().is_some() => Ok(uri),
        Some("http") => Err(format!("{url:?} has no host")),
        _ => Err(format!(
            "{url:?}: expected http://<controller>:8080/v1/discovery"
        )),
    }
}

/// A verified record as the source uses it: the host keys of every target parsed once.
#[derive(Debug)]
struct Loaded {
    record: Record,
    /// Per target: its pinned keys, or why they cannot be used.
    host_keys: HashMap<String, Result<Vec<PublicKey>, String>>,
    /// Its `expires_at`: past it, it is still used (said once in the log).
    expires_at: SystemTime,
    expiry_logged: AtomicBool,
}

impl Loaded {
    fn new(verified: Verified) -> Self {
        let Verified {
            record, expires_at, ..
        } = verified;
        let host_keys = record
            .targets
            .iter()
            .map(|(name, t)| {
                let keys = t.parse_host_keys(name).map_err(|e| e.to_string());
                (name.clone(), keys)
            })
            .collect();
        Self {
            record,
            host_keys,
            expires_at,
            expiry_logged: AtomicBool::new(false),
        }
    }

    /// Logs, once, that this record is used past its `expires_at`.
    fn note_expiry(&self, from: &DiscoveryInput) {
        if SystemTime::now() < self.expires_at || self.expiry_logged.swap(true, Ordering::Relaxed) {
            return;
        }
        tracing::warn!(
            source = %from,
            generation = self.record.generation,
            expired_at = %format_time(self.expires_at),
            "bosun client: the discovery record in use has expired; still using it until a newer valid one arrives"
        );
    }
}

type Latest = Option<Arc<Loaded>>;

/// What the background loop shares with the source besides the record.
#[derive(Default)]
struct Status {
    /// Why the last read failed; cleared by a good one.
    last_error: Option<String>,
}

/// Routes from the controller's discovery record, followed in the background.
pub struct DiscoverySource {
    settings: DiscoverySettings,
    env: EnvSource,
    latest: watch::Receiver<Latest>,
    status: Arc<Mutex<Status>>,
}

impl std::fmt::Debug for DiscoverySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiscoverySource")
            .field("input", &self.settings.input)
            .field("generation", &self.generation())
            .finish_non_exhaustive()
    }
}

impl DiscoverySource {
    /// Starts following the record (on the current Tokio runtime, or on a thread of its own
    /// when there is none) and returns at once; [`DiscoverySource::wait_loaded`] waits for the
    /// first record. The trust file is read first (an unusable one is an error), and a file
    /// input is read once, before this returns. `env` gives the client key files.
    pub fn start(settings: DiscoverySettings, env: EnvSource) -> Result<Self, ClientError> {
        let trust = RecordTrust::load(&settings.trust_file).map_err(ClientError::Config)?;
        let (tx, latest) = watch::channel(None);
        let status = Arc::new(Mutex::new(Status::default()));
        let follow = match &settings.input {
            DiscoveryInput::Url(url) => {
                let uri = check_url(url).map_err(ClientError::Config)?;
                let poll = UrlPoll {
                    url: url.clone(),
                    uri,
                    settings: settings.clone(),
                    trust,
                    tx,
                    status: status.clone(),
                };
                futures::future::FutureExt::boxed(poll.run())
            }
            DiscoveryInput::File(path) => {
                let mut poll =
                    FilePoll::new(path, settings.file_interval, trust, tx, status.clone());
                poll.read_once();
                futures::future::FutureExt::boxed(poll.run())
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(follow);
            }
            Err(_) => {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| {
                        ClientError::Config(format!("cannot start the discovery runtime: {e}"))
                    })?;
                std::thread::Builder::new()
                    .name("bosun-discovery".into())
                    .spawn(move || runtime.block_on(follow))
                    .map_err(|e| {
                        ClientError::Config(format!("cannot start the discovery thread: {e}"))
                    })?;
            }
        }
        Ok(Self {
            settings,
            env,
            latest,
            status,
        })
    }

    pub fn settings(&self) -> &DiscoverySettings {
        &self.settings
    }

    /// The generation of the record in use, if there is one yet.
    pub fn generation(&self) -> Option<u64> {
        self.latest
            .borrow()
            .as_ref()
            .map(|loaded| loaded.record.generation)
    }

    /// The record in use, if there is one yet.
    pub fn record(&self) -> Option<Record> {
        self.latest
            .borrow()
            .as_ref()
            .map(|loaded| loaded.record.clone())
    }

    /// Waits until a record is loaded, at most `limit`; at once when there is one.
    pub async fn wait_loaded(&self, limit: Duration) -> Result<(), ClientError> {
        let mut rx = self.latest.clone();
        match tokio::time::timeout(limit, rx.wait_for(Option::is_some)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(_)) => Err(ClientError::Config(format!(
                "the discovery loop for {} has stopped: {}",
                self.settings.input,
                self.why_none()
            ))),
            Err(_) => Err(ClientError::Config(format!(
                "no discovery record from {} within {:?}: {}",
                self.settings.input,
                limit,
                self.why_none()
            ))),
        }
    }

    /// Why the last read or check of a record failed (a refused record says why it was
    /// refused); `None` once a good record came after it.
    pub fn last_error(&self) -> Option<String> {
        lock(&self.status).last_error.clone()
    }

    fn why_none(&self) -> String {
        lock(&self.status)
            .last_error
            .clone()
            .unwrap_or_else(|| "no answer yet".into())
    }

    /// The route of `target` in `loaded`.
    fn route_in(&self, loaded: &Loaded, target: &str) -> Result<Route, ClientError> {
        loaded.note_expiry(&self.settings.input);
        let generation = loaded.record.generation;
        let Some(entry) = loaded.record.target(target) else {
            return Err(ClientError::Config(format!(
                "target {target:?} is not in the discovery record (generation {generation} from {})",
                self.settings.input
            )));
        };
        // Listed, but no proxy runs for it right now (it is moving to another node): a
        // not-sent failure the client retries, unlike a target that is not listed at all.
        if entry.endpoints.is_empty() || entry.host_keys.is_empty() {
            return Err(ClientError::NoProxy {
                target: target.to_owned(),
                origin: format!("the discovery record (generation {generation})"),
            });
        }
        let keys = match loaded.host_keys.get(target) {
            Some(Ok(keys)) => keys.clone(),
            Some(Err(why)) => {
                return Err(ClientError::Config(format!(
                    "{why} (generation {generation} from {})",
                    self.settings.input
                )));
            }
            None => Vec::new(),
        };
        Ok(Route::Proxy(RemoteTarget {
            target: target.to_owned(),
            endpoints: entry
                .endpoints
                .iter()
                .map(|e| EndpointAddr {
                    host: e.host.clone(),
                    port: e.port,
                })
                .collect(),
            user: entry.ssh_user.clone(),
            key_file: self.env.key_file(target)?,
            host_keys: HostKeys::Inline {
                keys,
                origin: format!("discovery record generation {generation}"),
            },
        }))
    }
}

impl EndpointSource for DiscoverySource {
    fn route(&self, target: &str) -> Result<Route, ClientError> {
        let latest = self.latest.borrow().clone();
        match latest {
            Some(loaded) => self.route_in(&loaded, target),
            None => Err(ClientError::Config(format!(
                "no discovery record yet from {}: {}",
                self.settings.input,
                self.why_none()
            ))),
        }
    }

    /// The target's limits in the record in use; the defaults before the first record or for
    /// a target it does not list (a call fails on the route then anyway).
    fn limits(&self, target: &str) -> TargetLimits {
        self.latest
            .borrow()
            .as_ref()
            .and_then(|loaded| loaded.record.target(target).map(|t| t.limits))
            .unwrap_or_default()
    }
}

fn lock(status: &Mutex<Status>) -> std::sync::MutexGuard<'_, Status> {
    status.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Publishes a verified record when it differs from the one in use; records a generation-0
/// record (nothing published yet) as a reason instead.
fn offer(tx: &watch::Sender<Latest>, status: &Mutex<Status>, verified: Verified, from: &str) {
    let record = &verified.record;
    if record.generation == 0 {
        lock(status).last_error = Some(format!(
            "{from} has no record yet (generation 0: the controller has not published one)"
        ));
        return;
    }
    lock(status).last_error = None;
    tx.send_if_modified(|latest| {
        if latest.as_ref().is_some_and(|l| l.record == *record) {
            return false;
        }
        tracing::info!(
            source = from,
            generation = record.generation,
            targets = record.targets.len(),
            key_id = %verified.key_id,
            "bosun client: discovery record loaded"
        );
        *latest = Some(Arc::new(Loaded::new(verified.clone())));
        true
    });
}

/// A record that failed a check: kept as the reason, the last good record stays.
fn refused(status: &Mutex<Status>, from: &str, why: String, retry_in: Option<Duration>) {
    tracing::warn!(
        source = from,
        reason = %why,
        retry_in = ?retry_in,
        "bosun client: refused a discovery record; keeping the last good one"
    );
    lock(status).last_error = Some(why);
}

/// A read that failed: kept as the reason, the last good record stays.
fn failed(status: &Mutex<Status>, from: &str, why: String, retry_in: Option<Duration>) {
    tracing::warn!(
        source = from,
        error = %why,
        retry_in = ?retry_in,
        "bosun client: cannot read the discovery record; keeping the last good one"
    );
    lock(status).last_error = Some(why);
}

/// The long-poll loop of a URL input.
struct UrlPoll {
    url: String,
    uri: Uri,
    settings: DiscoverySettings,
    trust: RecordTrust,
    tx: watch::Sender<Latest>,
    status: Arc<Mutex<Status>>,
}

/// What one request gave.
enum Answer {
    /// A record's exact bytes and the signature line that came with them, not checked yet.
    Record {
        body: Bytes,
        signature: Option<String>,
    },
    NotModified,
}

impl UrlPoll {
    async fn run(mut self) {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(Duration::from_secs(5)));
        connector.set_nodelay(true);
        let http = HttpClient::builder(TokioExecutor::new()).build(connector);
        let mut delays =
            Exponential::new(self.settings.retry_min_delay, self.settings.retry_max_delay)
                .backoff();
        // The generation the controller last told us about, including 0 ("nothing yet").
        let mut known: Option<u64> = None;
        loop {
            let started = tokio::time::Instant::now();
            let outcome = tokio::select! {
                outcome = self.request(&http, known) => outcome,
                () = self.tx.closed() => return,
            };
            // Answers come back to back only when the record keeps changing, or when the
            // server ignores the long-poll: either way, at most one request per
            // `retry_min_delay`.
            let pace = self
                .settings
                .retry_min_delay
                .saturating_sub(started.elapsed());
            let verified = match outcome {
                Ok(Answer::Record { body, signature }) => {
                    self.trust.refresh();
                    match self.trust.verify(&body, signature.as_deref()) {
                        Ok(verified) => Ok(Some(verified)),
                        Err(e) => Err((format!("{}: refused the record: {e}", self.url), true)),
                    }
                }
                Ok(Answer::NotModified) => Ok(None),
                Err(why) => Err((why, false)),
            };
            let pause = match verified {
                Ok(Some(verified)) => {
                    delays.reset();
                    known = Some(verified.record.generation);
                    offer(&self.tx, &self.status, verified, &self.url);
                    pace
                }
                Ok(None) => {
                    delays.reset();
                    pace
                }
                Err((why, is_refusal)) => {
                    let delay = delays.next_delay();
                    let report = if is_refusal { refused } else { failed };
                    report(&self.status, &self.url, why, Some(delay));
                    delay
                }
            };
            if !pause.is_zero() {
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    () = self.tx.closed() => return,
                }
            }
        }
    }

    /// One GET: the current record when `known` is `None`, else a long-poll for a newer one.
    async fn request(
        &self,
        http: &HttpClient<HttpConnector, Empty<Bytes>>,
        known: Option<u64>,
    ) -> Result<Answer, String> {
        let mut request = hyper::Request::get(self.uri.clone());
        let mut limit = Duration::from_secs(10);
        if let Some(g) = known {
            let wait = self.settings.long_poll_wait;
            let sep = if self.url.contains('?') { '&' } else { '?' };
            let uri: Uri = format!("{}{sep}wait={}", self.url, wait.as_secs_f64())
                .parse()
                .map_err(|e| format!("cannot add ?wait to {}: {e}", self.url))?;
            request = hyper::Request::get(uri).header(IF_NONE_MATCH, format!("\"{g}\""));
            limit += wait;
        }
        let request = request
            .body(Empty::new())
            .map_err(|e| format!("cannot build the request: {e}"))?;
        let exchange = async {
            let response = http.request(request).await.map_err(|e| {
                // hyper-util's top error says little ("client error (Connect)"); add its cause
                let cause = std::error::Error::source(&e)
                    .map(|s| format!(": {s}"))
                    .unwrap_or_default();
                format!("GET {}: {e}{cause}", self.url)
            })?;
            let status = response.status();
            let etag = response.headers().get(ETAG).cloned();
            let signature = response
                .headers()
                .get(SIGNATURE_HEADER)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            let body = Limited::new(response.into_body(), MAX_RECORD_BYTES)
                .collect()
                .await
                .map_err(|e| format!("GET {}: reading the body: {e}", self.url))?
                .to_bytes();
            Ok::<_, String>((status, etag, signature, body))
        };
        let (status, etag, signature, body) = tokio::time::timeout(limit, exchange)
            .await
            .map_err(|_| format!("GET {}: no answer within {limit:?}", self.url))??;
        match status {
            StatusCode::NOT_MODIFIED if known.is_some() => Ok(Answer::NotModified),
            StatusCode::OK => {
                if let Some(tag) = etag.as_ref().and_then(|t| t.to_str().ok()) {
                    tracing::debug!(etag = tag, "bosun client: a discovery record came");
                }
                Ok(Answer::Record { body, signature })
            }
            other => {
                let text = String::from_utf8_lossy(&body);
                let first = text.lines().next().unwrap_or_default().trim();
                Err(format!("GET {}: HTTP {other}: {first}", self.url))
            }
        }
    }
}

/// The polling loop of a file input: the record file and its `.sig` beside it.
struct FilePoll {
    /// The record file; only a change is read again.
    file: FileWatch,
    /// `<file>.sig`.
    sig: FileWatch,
    /// What the two files last held (`None`: unreadable, with why for the signature).
    bytes: Option<Vec<u8>>,
    signature: Result<String, String>,
    trust: RecordTrust,
    interval: Duration,
    tx: watch::Sender<Latest>,
    status: Arc<Mutex<Status>>,
}

impl FilePoll {
    fn new(
        path: &std::path::Path,
        interval: Duration,
        trust: RecordTrust,
        tx: watch::Sender<Latest>,
        status: Arc<Mutex<Status>>,
    ) -> FilePoll {
        let mut sig = path.as_os_str().to_owned();
        sig.push(FILE_SUFFIX);
        FilePoll {
            file: FileWatch::new(path),
            sig: FileWatch::new(PathBuf::from(sig)),
            bytes: None,
            signature: Err("not read yet".into()),
            trust,
            interval,
            tx,
            status,
        }
    }

    async fn run(mut self) {
        let tx = self.tx.clone();
        poll_until(self.interval, tx.closed(), || self.read_once()).await;
    }

    /// Reads both files (and the trust file); checks and offers the record when one of them
    /// changed.
    fn read_once(&mut self) {
        let shown = format!("file {}", self.file.path().display());
        let mut changed = false;
        match self.file.look() {
            FileChange::Unchanged => {}
            FileChange::Changed(bytes) => {
                self.bytes = Some(bytes);
                changed = true;
            }
            // Reported once per outage, not every second.
            FileChange::Unreadable(e) => {
                self.bytes = None;
                failed(
                    &self.status,
                    &shown,
                    format!("cannot read {shown}: {e}"),
                    None,
                );
            }
        }
        match self.sig.look() {
            FileChange::Unchanged => {}
            FileChange::Changed(bytes) => {
                self.signature = Ok(String::from_utf8_lossy(&bytes).into_owned());
                changed = true;
            }
            FileChange::Unreadable(e) => {
                self.signature = Err(format!("{}: {e}", self.sig.path().display()));
                changed = true;
            }
        }
        changed |= self.trust.refresh();
        if !changed {
            return;
        }
        if let Some(bytes) = self.bytes.clone() {
            self.check(&bytes, &shown);
        }
    }

    fn check(&mut self, bytes: &[u8], shown: &str) {
        match self.trust.verify(bytes, self.signature.as_deref().ok()) {
            Ok(verified) => offer(&self.tx, &self.status, verified, shown),
            Err(e) => {
                let unread = match (&self.signature, &e) {
                    (Err(why), bosun_core::signature::SignatureError::Unsigned) => {
                        format!(" (cannot read {why})")
                    }
                    _ => String::new(),
                };
                let why = format!("{shown}: refused the record: {e}{unread}");
                refused(&self.status, shown, why, None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use std::path::Path;

    use bosun_core::discovery::{Endpoint, TargetRecord};
    use bosun_core::keys::{self, PrivateKey};
    use bosun_core::signature::SignatureLine;

    fn env(vars: &[(&str, &str)]) -> EnvSource {
        EnvSource::from_map(
            vars.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    fn record(generation: u64, hosts: &[&str], host_key: &PublicKey) -> Record {
        let entry = TargetRecord {
            ssh_user: "bosun".into(),
            key_version: 1,
            endpoints: hosts
                .iter()
                .map(|h| Endpoint {
                    host: (*h).into(),
                    port: 2222,
                    node: "lab1".into(),
                    node_id: "abc".into(),
                })
                .collect(),
            host_keys: vec![keys::public_openssh(host_key).unwrap()],
            commands: Vec::new(),
            limits: Default::default(),
        };
        Record::new(
            generation,
            BTreeMap::from([("nextcloud".to_owned(), entry)]),
        )
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bosun-ds-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The controller's signing key, trusted by the file `trusted` it writes in `dir`.
    struct Signing {
        key: PrivateKey,
        trust_file: PathBuf,
    }

    impl Signing {
        fn new(dir: &Path) -> Signing {
            let key = keys::generate("signing").unwrap();
            let trust_file = dir.join("trusted");
            let line = keys::public_openssh(key.public_key()).unwrap();
            std::fs::write(&trust_file, format!("{line}\n")).unwrap();
            Signing { key, trust_file }
        }

        /// Writes `record` (valid for an hour) to `path` and its signature to `path.sig`.
        fn write(&self, path: &Path, mut record: Record) {
            let later = SystemTime::now() + Duration::from_secs(3600);
            record.expires_at = Some(format_time(later));
            let json = record.to_json();
            let line = SignatureLine::sign(&self.key, json.as_bytes()).unwrap();
            std::fs::write(sig_path(path), format!("{line}\n")).unwrap();
            std::fs::write(path, json).unwrap();
        }

        /// Settings reading `path`, trusting this key.
        fn settings(&self, path: &Path) -> DiscoverySettings {
            let mut settings = DiscoverySettings::new(DiscoveryInput::File(path.to_owned()));
            settings.trust_file = self.trust_file.clone();
            settings
        }
    }

    fn sig_path(path: &Path) -> PathBuf {
        PathBuf::from(format!("{}.sig", path.display()))
    }

    #[test]
    fn settings_come_from_the_environment() {
        assert_eq!(DiscoverySettings::from_env(&env(&[])).unwrap(), None);
        let s = DiscoverySettings::from_env(&env(&[
            ("BOSUN_DISCOVERY_URL", "http://10.0.0.5:8080/v1/discovery"),
            ("BOSUN_DISCOVERY_TIMEOUT", "5s"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(
            s.input,
            DiscoveryInput::Url("http://10.0.0.5:8080/v1/discovery".into())
        );
        assert_eq!(s.timeout, Duration::from_secs(5));
        assert_eq!(
            s.trust_file,
            PathBuf::from("/run/secrets/bosun-discovery-keys")
        );
        let s = DiscoverySettings::from_env(&env(&[
            ("BOSUN_DISCOVERY_FILE", "/etc/bosun/d.json"),
            ("BOSUN_DISCOVERY_KEYS", "/etc/bosun/keys"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(s.input, DiscoveryInput::File("/etc/bosun/d.json".into()));
        assert_eq!(s.trust_file, PathBuf::from("/etc/bosun/keys"));
        assert_eq!(s.timeout, DEFAULT_TIMEOUT);

        let err = |vars: &[(&str, &str)]| {
            DiscoverySettings::from_env(&env(vars))
                .unwrap_err()
                .to_string()
        };
        assert!(
            err(&[("BOSUN_DISCOVERY_URL", "https://c/v1/discovery")])
                .contains("expected http://<controller>:8080/v1/discovery")
        );
        assert!(err(&[("BOSUN_DISCOVERY_URL", "not a url")]).contains("is not a URL"));
        assert!(
            err(&[
                ("BOSUN_DISCOVERY_URL", "http://c"),
                ("BOSUN_DISCOVERY_FILE", "/f")
            ])
            .contains("not both")
        );
        assert!(
            err(&[
                ("BOSUN_DISCOVERY_FILE", "/f"),
                ("BOSUN_DISCOVERY_TIMEOUT", "x")
            ])
            .contains("BOSUN_DISCOVERY_TIMEOUT")
        );
    }

    #[tokio::test]
    async fn a_file_gives_routes_with_inline_keys_and_the_key_file_from_the_environment() {
        let dir = temp("routes");
        let path = dir.join("record.json");
        let signing = Signing::new(&dir);
        let host = keys::generate("proxy").unwrap();
        signing.write(&path, record(42, &["p1", "10.0.0.7"], host.public_key()));
        let mut settings = signing.settings(&path);
        settings.file_interval = Duration::from_millis(20);
        let source =
            DiscoverySource::start(settings, env(&[("BOSUN_KEY_FILE", "/k/generic")])).unwrap();
        // read before start returned
        assert_eq!(source.generation(), Some(42));
        let Route::Proxy(r) = source.route("nextcloud").unwrap() else {
            panic!("not a proxy route")
        };
        assert_eq!(
            r.endpoints
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["p1:2222", "10.0.0.7:2222"]
        );
        assert_eq!(r.user, "bosun");
        assert_eq!(r.key_file, PathBuf::from("/k/generic"));
        assert_eq!(
            r.host_keys,
            HostKeys::Inline {
                keys: vec![host.public_key().clone()],
                origin: "discovery record generation 42".into()
            }
        );
        let e = source.route("photos").unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "configuration: target \"photos\" is not in the discovery record (generation 42 from file {})",
                path.display()
            )
        );

        // a rewritten file is followed; a broken one keeps the last good record
        let other = keys::generate("proxy2").unwrap();
        signing.write(&path, record(43, &["p2"], other.public_key()));
        let mut rx = source.latest.clone();
        tokio::time::timeout(
            Duration::from_secs(5),
            rx.wait_for(|l| l.as_ref().is_some_and(|l| l.record.generation == 43)),
        )
        .await
        .unwrap()
        .unwrap();
        std::fs::write(&path, "{").unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(source.generation(), Some(43));
        assert!(
            source.why_none().starts_with(&format!(
                "file {}: refused the record: bad signature",
                path.display()
            )),
            "{}",
            source.why_none()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn bad_host_keys_fail_only_their_target() {
        let dir = temp("badkeys");
        let path = dir.join("record.json");
        let signing = Signing::new(&dir);
        let host = keys::generate("proxy").unwrap();
        let mut rec = record(5, &["p1"], host.public_key());
        let mut broken = rec.targets["nextcloud"].clone();
        broken.host_keys = vec!["ssh-rsa AAAA x".into()];
        rec.targets.insert("photos".into(), broken);
        signing.write(&path, rec);
        let source = DiscoverySource::start(signing.settings(&path), env(&[])).unwrap();
        assert!(source.route("nextcloud").is_ok());
        let e = source.route("photos").unwrap_err().to_string();
        assert!(
            e.starts_with("configuration: target \"photos\" in the discovery record: host key 1: expected `ssh-ed25519"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn a_listed_target_without_a_proxy_is_a_no_proxy_error() {
        let dir = temp("noproxy");
        let path = dir.join("record.json");
        let signing = Signing::new(&dir);
        let host = keys::generate("proxy").unwrap();
        let mut rec = record(6, &[], host.public_key());
        let mut keyless = record(6, &["p1"], host.public_key()).targets["nextcloud"].clone();
        keyless.host_keys.clear();
        rec.targets.insert("photos".into(), keyless);
        signing.write(&path, rec);
        let source = DiscoverySource::start(signing.settings(&path), env(&[])).unwrap();
        for target in ["nextcloud", "photos"] {
            let e = source.route(target).unwrap_err();
            assert!(matches!(e, ClientError::NoProxy { .. }), "{e}");
            assert!(e.command_not_sent());
            assert_eq!(
                e.to_string(),
                format!(
                    "target {target:?} has no running proxy in the discovery record (generation 6)"
                )
            );
        }
        // not listed at all: still a configuration error
        let e = source.route("mail").unwrap_err();
        assert!(matches!(e, ClientError::Config(_)), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn no_record_yet_is_waited_for_then_a_clear_error() {
        let dir = temp("missing");
        let path = dir.join("none.json");
        let signing = Signing::new(&dir);
        let source = DiscoverySource::start(signing.settings(&path), env(&[])).unwrap();
        assert_eq!(source.generation(), None);
        let e = source.route("nextcloud").unwrap_err().to_string();
        assert!(e.contains("no discovery record yet from file"), "{e}");
        let e = source
            .wait_loaded(Duration::from_millis(50))
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("within 50ms: cannot read file"), "{e}");

        // generation 0: nothing published yet, so still no record
        signing.write(&path, Record::new(0, BTreeMap::new()));
        let source = DiscoverySource::start(signing.settings(&path), env(&[])).unwrap();
        let e = source
            .wait_loaded(Duration::from_millis(10))
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("generation 0"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn without_a_runtime_the_loop_runs_on_its_own_thread() {
        let dir = temp("thread");
        let path = dir.join("record.json");
        let signing = Signing::new(&dir);
        let mut settings = signing.settings(&path);
        settings.file_interval = Duration::from_millis(10);
        let source = DiscoverySource::start(settings, env(&[])).unwrap();
        assert_eq!(source.generation(), None);
        let host = keys::generate("proxy").unwrap();
        signing.write(&path, record(9, &["p"], host.public_key()));
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while source.generation() != Some(9) {
            assert!(
                std::time::Instant::now() < deadline,
                "the file was not followed"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_record_source_needs_a_usable_trust_file() {
        let dir = temp("notrust");
        let mut settings = DiscoverySettings::new(DiscoveryInput::File(dir.join("record.json")));
        settings.trust_file = dir.join("absent");
        let err = DiscoverySource::start(settings, env(&[]))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "configuration: no usable trust file for the discovery record: cannot read "
            ) && err.contains("/run/secrets/bosun-discovery-keys")
                && err.contains("BOSUN_DISCOVERY_KEYS"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn a_file_without_its_signature_or_signed_by_a_stranger_is_refused() {
        let dir = temp("unsigned");
        let path = dir.join("record.json");
        let signing = Signing::new(&dir);
        let host = keys::generate("proxy").unwrap();
        std::fs::write(&path, record(3, &["p1"], host.public_key()).to_json()).unwrap();
        let source = DiscoverySource::start(signing.settings(&path), env(&[])).unwrap();
        assert_eq!(source.generation(), None);
        let e = source.route("nextcloud").unwrap_err().to_string();
        assert!(
            e.contains(
                "refused the record: unsigned: no signature came with the record (cannot read "
            ) && e.contains("record.json.sig"),
            "{e}"
        );

        let stranger = Signing::new(&temp("stranger"));
        stranger.write(&path, record(4, &["p1"], host.public_key()));
        let source = DiscoverySource::start(signing.settings(&path), env(&[])).unwrap();
        let e = source.route("nextcloud").unwrap_err().to_string();
        assert!(
            e.contains("refused the record: signed by unknown key id"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(temp("stranger")).unwrap();
    }

    #[tokio::test]
    async fn a_new_trust_file_lets_a_refused_file_record_in_without_a_restart() {
        let dir = temp("newtrust");
        let path = dir.join("record.json");
        let signing = Signing::new(&dir);
        let other = Signing::new(&temp("newtrust-other"));
        let host = keys::generate("proxy").unwrap();
        other.write(&path, record(8, &["p1"], host.public_key()));
        let mut settings = signing.settings(&path);
        settings.file_interval = Duration::from_millis(10);
        let source = DiscoverySource::start(settings, env(&[])).unwrap();
        assert_eq!(source.generation(), None);
        std::fs::copy(&other.trust_file, &signing.trust_file).unwrap();
        source.wait_loaded(Duration::from_secs(5)).await.unwrap();
        assert_eq!(source.generation(), Some(8));
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(temp("newtrust-other")).unwrap();
    }
}
