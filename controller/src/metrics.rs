//! The controller's Prometheus metrics, in one registry served at `/metrics`
//! (docs/controller.md, "Metrics").
//!
//! The key metrics: `bosun_key_age_seconds` and `bosun_rotation_phase` are set from a listing
//! of the secrets at every full resync ([`Metrics::set_keys`], computed in [`keys`]), on every
//! replica; `bosun_rotations_total` and `bosun_rotation_last_duration_seconds` are bumped by
//! whoever sees a rotation end or stick ([`Metrics::rotation_finished`],
//! [`Metrics::rotation_stuck`]).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bollard::models::Secret;
use prometheus::{
    Encoder, GaugeVec, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::config::reload::ReloadMetrics;
use crate::model::keys::KeyKind;
use crate::model::names::Naming;
use crate::runner::lock;

mod keys;

pub use keys::{KeyGauges, key_gauges};

/// The `kind` of the record signing key's series.
const SIGNING: &str = "signing";

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
    /// Orchestration API audit records pruned, by `reason` (`retention`, `max_records`).
    pub audit_pruned: IntCounterVec,
    /// Each key's age, by `target`, `kind`, `client`, `node` ([`keys`]).
    key_age: GaugeVec,
    /// 1 for the phase of each rotating key, by `target`, `kind`, `client`, `node`, `phase`.
    rotation_phase: IntGaugeVec,
    /// Rotations that ended, by `target`, `kind`, `result` (`completed`, `stuck`).
    rotations: IntCounterVec,
    /// How long the last completed rotation took, by `target`, `kind`.
    rotation_last_seconds: GaugeVec,
    /// The key series set last time, so those of vanished keys are removed.
    key_series: Arc<Mutex<KeyGauges>>,
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
            audit_pruned: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "bosun_orchestration_audit_pruned_total",
                        "Orchestration API audit records removed, by reason: retention or max_records",
                    ),
                    &["reason"],
                )?,
            )?,
            key_age: register(
                &r,
                GaugeVec::new(
                    Opts::new(
                        "bosun_key_age_seconds",
                        "Age of the newest version of each client and host key (from its secret's CreatedAt)",
                    ),
                    &["target", "kind", "client", "node"],
                )?,
            )?,
            rotation_phase: register(
                &r,
                IntGaugeVec::new(
                    Opts::new(
                        "bosun_rotation_phase",
                        "1 for the current phase of each key being rotated (bosun.rotation-phase), absent otherwise",
                    ),
                    &["target", "kind", "client", "node", "phase"],
                )?,
            )?,
            rotations: register(
                &r,
                IntCounterVec::new(
                    Opts::new(
                        "bosun_rotations_total",
                        "Key rotations that ended, by result: completed, or stuck",
                    ),
                    &["target", "kind", "result"],
                )?,
            )?,
            rotation_last_seconds: register(
                &r,
                GaugeVec::new(
                    Opts::new(
                        "bosun_rotation_last_duration_seconds",
                        "Duration of the last completed key rotation",
                    ),
                    &["target", "kind"],
                )?,
            )?,
            key_series: Arc::default(),
            registry: r,
        })
    }

    /// Sets the key gauges from `secrets` (those of `naming`'s instance count) at `now_ms`,
    /// and removes the series of keys that are gone or no longer rotating.
    pub fn set_keys(&self, naming: Naming<'_>, secrets: &[Secret], now_ms: u64) {
        let now = key_gauges(naming, secrets, now_ms);
        let mut shown = lock(&self.key_series);
        for gone in shown.ages.keys().filter(|k| !now.ages.contains_key(*k)) {
            let _ = self.key_age.remove_label_values(&str_refs(gone));
        }
        for (labels, age) in &now.ages {
            self.key_age.with_label_values(&str_refs(labels)).set(*age);
        }
        let gone: BTreeSet<_> = shown.phases.difference(&now.phases).collect();
        for labels in gone {
            let _ = self.rotation_phase.remove_label_values(&str_refs(labels));
        }
        for labels in &now.phases {
            self.rotation_phase
                .with_label_values(&str_refs(labels))
                .set(1);
        }
        *shown = now;
    }

    /// The record signing key: how long the one that signs has signed (`kind="signing"`, no
    /// target, client or node); `None` removes the series (nothing known, or not leading).
    pub fn set_signing_key_age(&self, seconds: Option<f64>) {
        let labels = ["", SIGNING, "", ""];
        match seconds {
            Some(s) => self.key_age.with_label_values(&labels).set(s),
            None => {
                let _ = self.key_age.remove_label_values(&labels);
            }
        }
    }

    /// The record signing key rolled (its service moved to the next key) `took` after it
    /// became due: counted (`kind="signing"`, `result="completed"`) and kept as the last
    /// duration.
    pub fn signing_key_rolled(&self, took: Duration) {
        self.rotations
            .with_label_values(&["", SIGNING, "completed"])
            .inc();
        self.rotation_last_seconds
            .with_label_values(&["", SIGNING])
            .set(took.as_secs_f64());
    }

    /// A rotation of a `kind` key of `target` completed in `took`: counted
    /// (`result="completed"`) and kept as the last duration.
    pub fn rotation_finished(&self, target: &str, kind: KeyKind, took: Duration) {
        let kind = kind.as_str();
        self.rotations
            .with_label_values(&[target, kind, "completed"])
            .inc();
        self.rotation_last_seconds
            .with_label_values(&[target, kind])
            .set(took.as_secs_f64());
    }

    /// A rotation of a `kind` key of `target` is stuck (counted once per rotation by the
    /// caller: `result="stuck"`).
    pub fn rotation_stuck(&self, target: &str, kind: KeyKind) {
        self.rotations
            .with_label_values(&[target, kind.as_str(), "stuck"])
            .inc();
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

fn str_refs<const N: usize>(labels: &[String; N]) -> [&str; N] {
    labels.each_ref().map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::keys::tests::{JAN_1, secret};

    fn client_key(client: &str, phase: &str) -> Secret {
        let labels = [
            ("bosun.managed-by", "bosun"),
            ("bosun.target", "nc"),
            ("bosun.kind", "client-key"),
            ("bosun.client", client),
            ("bosun.key-version", "1"),
            ("bosun.rotation-phase", phase),
        ];
        secret(
            &format!("bosun-nc-client-{client}-v1"),
            &labels,
            "2024-01-01T00:00:00Z",
        )
    }

    /// The lines of the exposition that start with `prefix`.
    fn lines(metrics: &Metrics, prefix: &str) -> Vec<String> {
        metrics
            .render()
            .lines()
            .filter(|l| l.starts_with(prefix))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn key_series_of_vanished_keys_and_ended_phases_are_removed() {
        let m = Metrics::new().unwrap();
        let naming = Naming::default();
        let both = [
            client_key("app", "switch-client"),
            client_key("web", "done"),
        ];
        m.set_keys(naming, &both, JAN_1 + 90_000);
        assert_eq!(
            lines(&m, "bosun_key_age_seconds{"),
            [
                r#"bosun_key_age_seconds{client="app",kind="client",node="",target="nc"} 90"#,
                r#"bosun_key_age_seconds{client="web",kind="client",node="",target="nc"} 90"#,
            ]
        );
        assert_eq!(
            lines(&m, "bosun_rotation_phase{"),
            [
                r#"bosun_rotation_phase{client="app",kind="client",node="",phase="switch-client",target="nc"} 1"#
            ]
        );
        // web's key is gone; app's moved on to the next phase
        m.set_keys(naming, &[client_key("app", "accept-new")], JAN_1 + 91_000);
        assert_eq!(
            lines(&m, "bosun_key_age_seconds{"),
            [r#"bosun_key_age_seconds{client="app",kind="client",node="",target="nc"} 91"#]
        );
        assert_eq!(
            lines(&m, "bosun_rotation_phase{"),
            [
                r#"bosun_rotation_phase{client="app",kind="client",node="",phase="accept-new",target="nc"} 1"#
            ]
        );
        m.set_keys(naming, &[], JAN_1);
        assert!(lines(&m, "bosun_key_age_seconds{").is_empty());
        assert!(lines(&m, "bosun_rotation_phase{").is_empty());
    }

    #[test]
    fn finished_and_stuck_rotations_are_counted() {
        let m = Metrics::new().unwrap();
        m.rotation_finished("nc", KeyKind::Client, Duration::from_millis(42_500));
        m.rotation_finished("nc", KeyKind::Client, Duration::from_secs(30));
        m.rotation_stuck("nc", KeyKind::Host);
        assert_eq!(
            lines(&m, "bosun_rotations_total{"),
            [
                r#"bosun_rotations_total{kind="client",result="completed",target="nc"} 2"#,
                r#"bosun_rotations_total{kind="host",result="stuck",target="nc"} 1"#,
            ]
        );
        assert_eq!(
            lines(&m, "bosun_rotation_last_duration_seconds{"),
            [r#"bosun_rotation_last_duration_seconds{kind="client",target="nc"} 30"#]
        );
    }
}
