//! The controller's Prometheus metrics, in one registry served at `/metrics`.

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::config::reload::ReloadMetrics;

#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    /// Reconciles of one target, by `result` (ok, error).
    pub reconciles: IntCounterVec,
    pub reconcile_seconds: HistogramVec,
    /// Full resyncs, by `result`.
    pub resyncs: IntCounterVec,
    pub resync_seconds: Histogram,
    pub resync_last_seconds: prometheus::Gauge,
    /// Objects bosun manages, by `kind` (proxy, client-key, authorized-keys, host-key).
    pub managed: IntGaugeVec,
    pub targets: IntGauge,
    /// Targets that could not be reconciled as declared (bad labels, no service, …).
    pub target_problems: IntGauge,
    pub queue_depth: IntGauge,
    pub watch_restarts: IntCounter,
    /// 1 while the event stream is connected.
    pub watch_connected: IntGauge,
    pub api_calls: IntCounterVec,
    pub config_reloads: IntCounterVec,
    pub config_last_reload_ok: IntGauge,
    pub discovery_generation: IntGauge,
    /// 1 while this replica holds the lease.
    pub leader: IntGauge,
    /// The epoch of the lease as this replica last saw it.
    pub lease_epoch: IntGauge,
    /// Writes to the Engine, by `outcome`: `sent`, or `refused` by the fence.
    pub writes: IntCounterVec,
}

fn register<T: prometheus::core::Collector + Clone + 'static>(
    registry: &Registry,
    c: T,
) -> Result<T, prometheus::Error> {
    registry.register(Box::new(c.clone()))?;
    Ok(c)
}

impl Metrics {
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let r = Registry::new();
        let buckets = vec![
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
        ];
        Ok(Metrics {
            reconciles: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "bosun_reconcile_total",
                        "Reconciles of one target, by result",
                    ),
                    &["result"],
                )?,
            )?,
            reconcile_seconds: register(
                &r,
                HistogramVec::new(
                    HistogramOpts::new(
                        "bosun_reconcile_duration_seconds",
                        "Time to reconcile one target",
                    )
                    .buckets(buckets.clone()),
                    &["result"],
                )?,
            )?,
            resyncs: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "bosun_resync_total",
                        "Full resyncs (list everything, plan every target), by result",
                    ),
                    &["result"],
                )?,
            )?,
            resync_seconds: register(
                &r,
                Histogram::with_opts(
                    HistogramOpts::new("bosun_resync_duration_seconds", "Time of a full resync")
                        .buckets(buckets),
                )?,
            )?,
            resync_last_seconds: register(
                &r,
                prometheus::Gauge::new(
                    "bosun_resync_last_duration_seconds",
                    "Duration of the last successful full resync",
                )?,
            )?,
            managed: register(
                &r,
                IntGaugeVec::new(
                    Opts::new(
                        "bosun_managed_objects",
                        "Objects labelled bosun.managed-by=bosun, by kind",
                    ),
                    &["kind"],
                )?,
            )?,
            targets: register(
                &r,
                IntGauge::new("bosun_targets", "Targets declared (file and labels)")?,
            )?,
            target_problems: register(
                &r,
                IntGauge::new(
                    "bosun_target_problems",
                    "Problems found in the last resync (bad labels, missing services, …)",
                )?,
            )?,
            queue_depth: register(
                &r,
                IntGauge::new("bosun_queue_depth", "Targets waiting to be reconciled")?,
            )?,
            watch_restarts: register(
                &r,
                IntCounter::new(
                    "bosun_watch_restarts_total",
                    "Times the Engine event stream was reconnected",
                )?,
            )?,
            watch_connected: register(
                &r,
                IntGauge::new(
                    "bosun_watch_connected",
                    "1 while the Engine event stream is connected",
                )?,
            )?,
            api_calls: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "bosun_engine_api_calls_total",
                        "Engine API calls, by operation",
                    ),
                    &["op"],
                )?,
            )?,
            config_reloads: register(
                &r,
                IntCounterVec::new(
                    Opts::new("bosun_config_reloads_total", "Config reloads, by result"),
                    &["result"],
                )?,
            )?,
            config_last_reload_ok: register(
                &r,
                IntGauge::new(
                    "bosun_config_last_reload_ok",
                    "1 when the running config is the file's content, 0 when the file holds a rejected config",
                )?,
            )?,
            discovery_generation: register(
                &r,
                IntGauge::new(
                    "bosun_discovery_generation",
                    "Generation of the discovery record being served",
                )?,
            )?,
            leader: register(
                &r,
                IntGauge::new(
                    "bosun_leader",
                    "1 on the replica that holds the lease, 0 elsewhere",
                )?,
            )?,
            lease_epoch: register(
                &r,
                IntGauge::new(
                    "bosun_lease_epoch",
                    "Epoch of the lease as this replica last saw it (raised at every change of leader)",
                )?,
            )?,
            writes: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "bosun_writes_total",
                        "Writes to the Engine API, by outcome: sent, or refused by the lease's fence",
                    ),
                    &["outcome"],
                )?,
            )?,
            registry: r,
        })
    }

    pub fn reload_metrics(&self) -> ReloadMetrics {
        ReloadMetrics {
            reloads: self.config_reloads.clone(),
            last_ok: self.config_last_reload_ok.clone(),
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&self.registry.gather(), &mut buf) {
            tracing::error!(error = %e, "encoding metrics");
        }
        String::from_utf8(buf).unwrap_or_default()
    }
}

/// Keeps `bosun_leader` and `bosun_lease_epoch` up to date: at every change of leadership, and
/// every second for the epoch a follower sees.
pub async fn follow_lease(metrics: Metrics, lease: std::sync::Arc<crate::lease::run::Lease>) {
    let mut leading = lease.leading();
    loop {
        let view = lease.view();
        metrics.leader.set(i64::from(view.leading));
        metrics.lease_epoch.set(view.epoch as i64);
        let changed = tokio::time::timeout(std::time::Duration::from_secs(1), leading.changed());
        if let Ok(Err(_)) = changed.await {
            return;
        }
    }
}
