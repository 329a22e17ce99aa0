//! The machinery that calls the reconcile logic (kube-rs's `Controller`): wake-ups from the
//! event stream ([`events`]), task polling ([`poll`]) and a periodic full resync feed a
//! de-duplicating [`queue`]; workers take one target at a time, read a fresh snapshot, plan
//! (`crate::reconcile`) and apply (`crate::swarm::apply`); failures come back with backoff.
//! The discovery record is kept current from what each pass observed.

pub mod backoff;
pub mod events;
pub mod index;
pub mod poll;
pub mod queue;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bosun::discovery::TargetRecord;
use tokio::sync::{Notify, mpsc, watch};
use tokio::time::Instant;

use crate::config::Config;
use crate::discovery::store::DiscoveryStore;
use crate::health::Health;
use crate::metrics::Metrics;
use crate::reconcile::plan::{Action, plan};
use crate::reconcile::record::target_record;
use crate::reconcile::targets::resolve;
use crate::swarm::apply::apply;
use crate::swarm::engine::Engine;
use crate::swarm::names;
use crate::swarm::observe::{Snapshot, secret_labels, service_labels};
use backoff::Backoff;
use events::Wake;
use index::Index;
use queue::Queue;

/// Targets reconciled at once.
const WORKERS: usize = 4;
/// A triggered resync waits at least this long after the previous one.
const RESYNC_MIN_GAP: Duration = Duration::from_secs(1);
/// After a reconcile that wrote something, the target is looked at again after this long (to
/// see the result and refresh its discovery entry).
const FOLLOW_UP: Duration = Duration::from_secs(2);

/// Everything the controller's tasks share.
pub struct Controller {
    engine: Engine,
    config: watch::Receiver<Arc<Config>>,
    store: DiscoveryStore,
    metrics: Metrics,
    health: Arc<Health>,
    queue: Queue,
    index: Mutex<Index>,
    records: Mutex<BTreeMap<String, TargetRecord>>,
    problems: Mutex<BTreeSet<String>>,
    backoffs: Mutex<HashMap<String, Backoff>>,
    /// Set once a complete listing has been read: nothing is removed before.
    gc_allowed: AtomicBool,
    resync_now: Notify,
}

impl Controller {
    pub fn new(
        engine: Engine,
        config: watch::Receiver<Arc<Config>>,
        store: DiscoveryStore,
        metrics: Metrics,
        health: Arc<Health>,
    ) -> Arc<Controller> {
        Arc::new(Controller {
            engine,
            config,
            store,
            metrics,
            health,
            queue: Queue::new(),
            index: Mutex::new(Index::default()),
            records: Mutex::new(BTreeMap::new()),
            problems: Mutex::new(BTreeSet::new()),
            backoffs: Mutex::new(HashMap::new()),
            gc_allowed: AtomicBool::new(false),
            resync_now: Notify::new(),
        })
    }

    fn config(&self) -> Arc<Config> {
        self.config.borrow().clone()
    }

    /// Runs forever: the event follower, the task poller, the workers and the resync loop.
    pub async fn run(self: Arc<Self>) {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(events::follow(
            self.engine.clone(),
            tx,
            self.health.clone(),
            self.metrics.clone(),
        ));
        tokio::spawn(self.clone().dispatch(rx));
        tokio::spawn(self.clone().poll_tasks());
        for _ in 0..WORKERS {
            tokio::spawn(self.clone().work());
        }
        self.resync_loop().await;
    }

    async fn resync_loop(self: Arc<Self>) {
        let mut config = self.config.clone();
        let mut last: Option<Instant> = None;
        loop {
            if let Some(at) = last {
                tokio::time::sleep_until(at + RESYNC_MIN_GAP).await;
            }
            last = Some(Instant::now());
            self.health
                .set_deadline(self.config().intervals.watch_deadline);
            self.resync().await;
            let interval = self.config().intervals.resync;
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                _ = self.resync_now.notified() => {}
                changed = config.changed() => {
                    if changed.is_err() {
                        tokio::time::sleep(interval).await;
                    } else {
                        tracing::info!("configuration changed; resyncing");
                    }
                }
            }
        }
    }

    /// One full pass: list everything once, queue every target whose plan is not empty,
    /// refresh the discovery record, the index and the gauges.
    async fn resync(&self) {
        let started = Instant::now();
        let config = self.config();
        let snap = match Snapshot::full(&self.engine).await {
            Ok(s) => s,
            Err(e) => {
                self.health.list_failed(e.to_string());
                self.metrics.resyncs.with_label_values(&["error"]).inc();
                tracing::warn!(error = %e, "resync: listing failed");
                return;
            }
        };
        self.health.list_ok();
        self.gc_allowed.store(true, Ordering::SeqCst);
        if let Err(e) = self.ensure_network(&config.network).await {
            tracing::warn!(error = %e, network = %config.network, "the shared network");
        }
        let resolved = resolve(&config, &snap.services);
        let mut names: BTreeSet<String> = resolved.targets.keys().cloned().collect();
        names.extend(managed_targets(&snap));

        let mut problems: BTreeSet<String> = resolved.problems.iter().cloned().collect();
        let mut records = BTreeMap::new();
        let mut queued = 0;
        for name in &names {
            let target = resolved.targets.get(name);
            let p = plan(&config, name, target, &snap, true);
            problems.extend(p.problems);
            if !p.actions.is_empty() {
                self.queue.add(name);
                queued += 1;
            }
            if let Some(t) = target {
                records.insert(name.clone(), target_record(&config, t, &snap));
            }
        }
        *lock(&self.index) = Index::build(&resolved, &snap.services, &snap.secrets);
        *lock(&self.records) = records;
        self.publish().await;
        self.report_problems(problems);
        self.count_managed(&snap);
        self.metrics.targets.set(resolved.targets.len() as i64);
        self.metrics.queue_depth.set(self.queue.len() as i64);
        self.metrics.resyncs.with_label_values(&["ok"]).inc();
        let seconds = started.elapsed().as_secs_f64();
        self.metrics.resync_seconds.observe(seconds);
        self.metrics.resync_last_seconds.set(seconds);
        if !self.health.is_ready() {
            self.health.synced();
            tracing::info!(
                targets = resolved.targets.len(),
                queued,
                "first full sync done; ready"
            );
        }
        tracing::debug!(
            targets = resolved.targets.len(),
            queued,
            ms = started.elapsed().as_millis() as u64,
            "resync"
        );
    }

    /// Creates the shared attachable overlay network when it does not exist.
    async fn ensure_network(&self, name: &str) -> Result<(), crate::swarm::engine::EngineError> {
        let found = self.engine.list_networks_named(name).await?;
        if found.iter().any(|n| n.name.as_deref() == Some(name)) {
            return Ok(());
        }
        tracing::info!(network = name, "creating the shared overlay network");
        let request = bollard::models::NetworkCreateRequest {
            name: name.to_string(),
            driver: Some("overlay".into()),
            attachable: Some(true),
            labels: Some(HashMap::from([
                (
                    names::MANAGED_BY.to_string(),
                    names::MANAGED_BY_VALUE.to_string(),
                ),
                (names::KIND.to_string(), names::KIND_NETWORK.to_string()),
            ])),
            ..Default::default()
        };
        match self.engine.create_network(request).await {
            Err(e) if e.failure() != crate::swarm::engine::Failure::Conflict => Err(e),
            _ => Ok(()),
        }
    }

    /// Turns wake-ups into queued targets (or a resync when the object is unknown).
    async fn dispatch(self: Arc<Self>, mut rx: mpsc::UnboundedReceiver<Wake>) {
        while let Some(wake) = rx.recv().await {
            match wake {
                Wake::Everything => self.resync_now.notify_one(),
                Wake::Service { id, name } => {
                    let known = lock(&self.index).service(&id, &name);
                    match known {
                        Some(targets) => targets.iter().for_each(|t| self.queue.add(t)),
                        // A new service may be a target, a client or a labelled target.
                        None => self.resync_now.notify_one(),
                    }
                }
                Wake::Secret { name } => {
                    // Only bosun's secrets matter, and the index knows whose each one is. One
                    // it does not know yet was made after the last resync, by a reconcile
                    // that looks at its target again anyway (FOLLOW_UP).
                    let targets = lock(&self.index).secret(&name);
                    targets.iter().for_each(|t| self.queue.add(t));
                }
            }
            self.metrics.queue_depth.set(self.queue.len() as i64);
        }
    }

    async fn poll_tasks(self: Arc<Self>) {
        let mut last: Option<poll::Placement> = None;
        loop {
            tokio::time::sleep(self.config().intervals.task_poll).await;
            match self.engine.list_running_tasks().await {
                Ok(tasks) => {
                    self.health.list_ok();
                    let now = poll::placement(&tasks);
                    if let Some(before) = &last {
                        let index = lock(&self.index).clone();
                        for id in poll::changed(before, &now) {
                            for target in index.service_id(&id) {
                                self.queue.add(&target);
                            }
                        }
                    }
                    last = Some(now);
                    self.metrics.queue_depth.set(self.queue.len() as i64);
                }
                Err(e) => {
                    self.health.list_failed(e.to_string());
                    tracing::debug!(error = %e, "task poll failed");
                }
            }
        }
    }

    async fn work(self: Arc<Self>) {
        loop {
            let name = self.queue.next().await;
            self.metrics.queue_depth.set(self.queue.len() as i64);
            let started = Instant::now();
            let result = self.reconcile(&name).await;
            let outcome = if result.is_ok() { "ok" } else { "error" };
            self.metrics.reconciles.with_label_values(&[outcome]).inc();
            self.metrics
                .reconcile_seconds
                .with_label_values(&[outcome])
                .observe(started.elapsed().as_secs_f64());
            match result {
                Ok(writes) => {
                    lock(&self.backoffs).remove(&name);
                    if writes > 0 {
                        self.queue.add_after(&name, FOLLOW_UP);
                    }
                }
                Err(e) => {
                    let delay = lock(&self.backoffs)
                        .entry(name.clone())
                        .or_insert_with(|| {
                            Backoff::new(Duration::from_millis(500), Duration::from_secs(60))
                        })
                        .next_delay();
                    tracing::warn!(target_name = %name, error = %e, retry_in_ms = delay.as_millis() as u64, "reconcile failed");
                    self.queue.add_after(&name, delay);
                }
            }
            self.queue.done(&name);
        }
    }

    /// Reconciles one target from a fresh read: the number of writes it made.
    async fn reconcile(&self, name: &str) -> Result<usize, String> {
        let config = self.config();
        let snap = Snapshot::for_target(&self.engine, name)
            .await
            .map_err(|e| {
                self.health.list_failed(e.to_string());
                e.to_string()
            })?;
        self.health.list_ok();
        let resolved = resolve(&config, &snap.services);
        let target = resolved.targets.get(name);
        let gc_allowed = self.gc_allowed.load(Ordering::SeqCst);
        let p = plan(&config, name, target, &snap, gc_allowed);
        for problem in &p.problems {
            tracing::debug!(target_name = %name, %problem, "reconcile problem");
        }
        if p.actions.is_empty() {
            {
                let mut records = lock(&self.records);
                match target {
                    Some(t) => {
                        records.insert(name.to_string(), target_record(&config, t, &snap));
                    }
                    None => {
                        records.remove(name);
                    }
                }
            }
            self.publish().await;
            return Ok(0);
        }
        for action in &p.actions {
            tracing::info!(target_name = %name, action = %describe(action), "applying");
        }
        let applied = apply(&self.engine, &snap, &p.actions)
            .await
            .map_err(|e| e.to_string())?;
        Ok(applied.writes)
    }

    async fn publish(&self) {
        let records = lock(&self.records).clone();
        if let Some(generation) = self.store.publish(records) {
            self.metrics.discovery_generation.set(generation as i64);
            tracing::info!(generation, "discovery record changed");
            if self.config().discovery.docker_config {
                let record = self.store.current();
                if let Err(e) =
                    crate::discovery::docker_config::publish(&self.engine, &record).await
                {
                    tracing::warn!(error = %e, "publishing the discovery record as a Docker config");
                }
            }
        }
    }

    fn report_problems(&self, now: BTreeSet<String>) {
        let mut known = lock(&self.problems);
        for p in now.difference(&known) {
            tracing::warn!(problem = %p, "target problem");
        }
        for p in known.difference(&now) {
            tracing::info!(problem = %p, "target problem resolved");
        }
        self.metrics.target_problems.set(now.len() as i64);
        *known = now;
    }

    fn count_managed(&self, snap: &Snapshot) {
        let mut counts: HashMap<String, i64> = HashMap::new();
        let kinds = snap
            .services
            .iter()
            .filter_map(service_labels)
            .chain(snap.secrets.iter().filter_map(secret_labels))
            .filter(|l| names::is_managed(Some(l)))
            .filter_map(|l| l.get(names::KIND));
        for kind in kinds {
            *counts.entry(kind.clone()).or_default() += 1;
        }
        for kind in [
            names::KIND_PROXY,
            names::KIND_CLIENT_KEY,
            names::KIND_AUTHORIZED_KEYS,
            names::KIND_HOST_KEY,
        ] {
            self.metrics
                .managed
                .with_label_values(&[kind])
                .set(counts.get(kind).copied().unwrap_or(0));
        }
    }
}

/// Targets that own objects on Swarm (so a target that left the config is still visited).
fn managed_targets(snap: &Snapshot) -> BTreeSet<String> {
    snap.services
        .iter()
        .filter_map(service_labels)
        .chain(snap.secrets.iter().filter_map(secret_labels))
        .filter(|l| names::is_managed(Some(l)))
        .filter_map(|l| l.get(names::TARGET).cloned())
        .collect()
}

fn describe(action: &Action) -> String {
    match action {
        Action::CreateClientKey { target, version } => {
            format!(
                "create client key {}",
                names::client_key_secret(target, *version)
            )
        }
        Action::CreateAuthorizedKeys {
            target, version, ..
        } => format!(
            "create authorized keys {}",
            names::authorized_keys_secret(target, *version)
        ),
        Action::CreateHostKey {
            target,
            node_id,
            version,
        } => format!(
            "create host key {}",
            names::host_key_secret(target, node_id, *version)
        ),
        Action::CreateProxy(spec) => format!("create proxy {} on node {}", spec.name, spec.node_id),
        Action::UpdateProxy { spec, .. } => {
            format!("update proxy {} (spec {})", spec.name, spec.hash())
        }
        Action::AttachClientKey {
            service,
            secret,
            key_path,
            ..
        } => format!("mount {secret} in client {service} at {key_path}"),
        Action::DetachSecrets {
            service,
            secret_names,
            ..
        } => format!("unmount {} from {service}", secret_names.join(", ")),
        Action::RemoveService { name, .. } => format!("remove service {name}"),
        Action::RemoveSecret { name, .. } => format!("remove secret {name}"),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
