//! The proxy's Prometheus metrics and the small HTTP server that exposes them: `/metrics` (text
//! format) and `/healthz` (200 `ok` while serving, 503 `draining` after SIGTERM).
//!
//! Names follow the Prometheus conventions: the `bosun_proxy_` prefix, base units (`_seconds`,
//! `_bytes`), `_total` for counters. Every series of the proxy's one target is created at
//! start-up, so a dashboard sees zeros rather than gaps.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};
use tokio::sync::watch;

/// Upper bounds of the exec duration histogram, in seconds: 10 ms to one hour.
const DURATION_BUCKETS: [f64; 16] = [
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 1800.0,
    3600.0,
];

/// Values of the `decision` label of `bosun_proxy_exec_requests_total`.
pub const DECISIONS: [&str; 4] = ["allowed", "rejected", "refused", "not_started"];

/// Values of the `reason` label of `bosun_proxy_preauth_closed_total`: the pre-auth deadline
/// passed (`grace`), a newcomer took the place (`evicted`), the pre-auth table was full
/// (`cap`), the source address held its share (`per_source`), the client authenticated while
/// --max-connections were taken (`max_connections`).
pub const PREAUTH_CLOSE_REASONS: [&str; 5] =
    ["grace", "evicted", "cap", "per_source", "max_connections"];

/// Every metric of the proxy, in its own registry.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    target: String,
    pub connections_total: IntCounter,
    pub connections_active: IntGauge,
    pub auth_failures_total: IntCounter,
    pub preauth_connections: IntGauge,
    preauth_closed_total: IntCounterVec,
    exec_requests_total: IntCounterVec,
    exec_duration_seconds: HistogramVec,
    execs_in_flight: IntGaugeVec,
    exec_output_bytes_total: IntCounterVec,
    exec_timeouts_total: IntCounterVec,
    authorized_keys_reloads_total: IntCounterVec,
}

impl Metrics {
    /// The metrics of a proxy for `target`. Fails only if a definition below is invalid.
    pub fn new(target: &str) -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let metrics = Metrics {
            target: target.to_owned(),
            connections_total: IntCounter::new(
                "bosun_proxy_connections_total",
                "TCP connections admitted to the pre-auth table.",
            )?,
            connections_active: IntGauge::new(
                "bosun_proxy_connections_active",
                "Authenticated SSH connections open now (those --max-connections counts).",
            )?,
            preauth_connections: IntGauge::new(
                "bosun_proxy_preauth_connections",
                "Connections not authenticated yet, open now (those --max-startups counts).",
            )?,
            preauth_closed_total: IntCounterVec::new(
                Opts::new(
                    "bosun_proxy_preauth_closed_total",
                    "Connections closed by the proxy before or as they authenticated, by reason: grace (--auth-timeout), evicted (by a newcomer), cap (--max-startups), per_source (--per-source-max-startups), max_connections.",
                ),
                &["reason"],
            )?,
            auth_failures_total: IntCounter::new(
                "bosun_proxy_auth_failures_total",
                "Authentication attempts rejected (other than the initial `none` probe).",
            )?,
            exec_requests_total: IntCounterVec::new(
                Opts::new(
                    "bosun_proxy_exec_requests_total",
                    "Exec requests, by decision: allowed, rejected (policy), refused (limits), not_started (no running task of the target on this node within the task wait).",
                ),
                &["target", "decision"],
            )?,
            exec_duration_seconds: HistogramVec::new(
                HistogramOpts::new(
                    "bosun_proxy_exec_duration_seconds",
                    "Time from an allowed exec request to its exit status.",
                )
                .buckets(DURATION_BUCKETS.to_vec()),
                &["target"],
            )?,
            execs_in_flight: IntGaugeVec::new(
                Opts::new(
                    "bosun_proxy_execs_in_flight",
                    "Commands running in the target now.",
                ),
                &["target"],
            )?,
            exec_output_bytes_total: IntCounterVec::new(
                Opts::new(
                    "bosun_proxy_exec_output_bytes_total",
                    "Bytes sent to clients as stdout and stderr of exec requests.",
                ),
                &["target"],
            )?,
            exec_timeouts_total: IntCounterVec::new(
                Opts::new(
                    "bosun_proxy_exec_timeouts_total",
                    "Commands the proxy stopped waiting for after the command timeout.",
                ),
                &["target"],
            )?,
            authorized_keys_reloads_total: IntCounterVec::new(
                Opts::new(
                    "bosun_proxy_authorized_keys_reloads_total",
                    "Loads of a changed authorized keys file, by result (ok, error).",
                ),
                &["result"],
            )?,
            registry,
        };
        metrics.register_all()?;
        metrics.touch_series();
        Ok(metrics)
    }

    fn register_all(&self) -> Result<(), prometheus::Error> {
        let collectors: [Box<dyn prometheus::core::Collector>; 11] = [
            Box::new(self.connections_total.clone()),
            Box::new(self.connections_active.clone()),
            Box::new(self.preauth_connections.clone()),
            Box::new(self.preauth_closed_total.clone()),
            Box::new(self.auth_failures_total.clone()),
            Box::new(self.exec_requests_total.clone()),
            Box::new(self.exec_duration_seconds.clone()),
            Box::new(self.execs_in_flight.clone()),
            Box::new(self.exec_output_bytes_total.clone()),
            Box::new(self.exec_timeouts_total.clone()),
            Box::new(self.authorized_keys_reloads_total.clone()),
        ];
        for collector in collectors {
            self.registry.register(collector)?;
        }
        Ok(())
    }

    /// Creates the series of this proxy's target at zero.
    fn touch_series(&self) {
        let t = self.target.as_str();
        for decision in DECISIONS {
            self.exec_requests_total.with_label_values(&[t, decision]);
        }
        self.exec_duration_seconds.with_label_values(&[t]);
        self.execs_in_flight.with_label_values(&[t]);
        self.exec_output_bytes_total.with_label_values(&[t]);
        self.exec_timeouts_total.with_label_values(&[t]);
        for reason in PREAUTH_CLOSE_REASONS {
            self.preauth_closed_total.with_label_values(&[reason]);
        }
        for result in ["ok", "error"] {
            self.authorized_keys_reloads_total
                .with_label_values(&[result]);
        }
    }

    /// Counts a connection closed before it authenticated, for `reason` (one of
    /// [`PREAUTH_CLOSE_REASONS`]).
    pub fn preauth_closed(&self, reason: &str) {
        self.preauth_closed_total.with_label_values(&[reason]).inc();
    }

    pub fn exec_request(&self, decision: &str) {
        self.exec_requests_total
            .with_label_values(&[self.target.as_str(), decision])
            .inc();
    }

    pub fn exec_finished(&self, duration_s: f64) {
        self.exec_duration_seconds
            .with_label_values(&[self.target.as_str()])
            .observe(duration_s);
    }

    /// The gauge of commands running now.
    pub fn execs_in_flight(&self) -> IntGauge {
        self.execs_in_flight
            .with_label_values(&[self.target.as_str()])
    }

    pub fn output_bytes(&self, n: u64) {
        self.exec_output_bytes_total
            .with_label_values(&[self.target.as_str()])
            .inc_by(n);
    }

    pub fn exec_timeout(&self) {
        self.exec_timeouts_total
            .with_label_values(&[self.target.as_str()])
            .inc();
    }

    pub fn authorized_keys_reload(&self, result: &str) {
        self.authorized_keys_reloads_total
            .with_label_values(&[result])
            .inc();
    }

    /// The text exposition format of every metric.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            tracing::error!(error = %e, "cannot encode the metrics");
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[derive(Clone)]
struct HttpState {
    metrics: Arc<Metrics>,
    draining: watch::Receiver<bool>,
}

/// The `/metrics` and `/healthz` router.
pub fn router(metrics: Arc<Metrics>, draining: watch::Receiver<bool>) -> Router {
    Router::new()
        .route("/metrics", get(serve_metrics))
        .route("/healthz", get(serve_health))
        .with_state(HttpState { metrics, draining })
}

async fn serve_metrics(
    State(state): State<HttpState>,
) -> ([(&'static str, &'static str); 1], String) {
    (
        [("content-type", "text/plain; version=0.0.4; charset=utf-8")],
        state.metrics.render(),
    )
}

async fn serve_health(State(state): State<HttpState>) -> (StatusCode, &'static str) {
    if *state.draining.borrow() {
        (StatusCode::SERVICE_UNAVAILABLE, "draining\n")
    } else {
        (StatusCode::OK, "ok\n")
    }
}

/// Serves the router on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) {
    let addr: Option<SocketAddr> = listener.local_addr().ok();
    if let Err(e) = axum::serve(listener, router).await {
        tracing::error!(error = %e, ?addr, "the metrics server stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_series_of_the_target_exists_from_the_start() {
        let m = Metrics::new("nextcloud").unwrap();
        let text = m.render();
        for needle in [
            "bosun_proxy_connections_total 0",
            "bosun_proxy_connections_active 0",
            "bosun_proxy_auth_failures_total 0",
            "bosun_proxy_preauth_connections 0",
            r#"bosun_proxy_preauth_closed_total{reason="grace"} 0"#,
            r#"bosun_proxy_preauth_closed_total{reason="evicted"} 0"#,
            r#"bosun_proxy_preauth_closed_total{reason="cap"} 0"#,
            r#"bosun_proxy_preauth_closed_total{reason="per_source"} 0"#,
            r#"bosun_proxy_preauth_closed_total{reason="max_connections"} 0"#,
            r#"bosun_proxy_exec_requests_total{decision="allowed",target="nextcloud"} 0"#,
            r#"bosun_proxy_exec_requests_total{decision="rejected",target="nextcloud"} 0"#,
            r#"bosun_proxy_exec_requests_total{decision="refused",target="nextcloud"} 0"#,
            r#"bosun_proxy_exec_duration_seconds_bucket{target="nextcloud",le="0.01"} 0"#,
            r#"bosun_proxy_exec_duration_seconds_count{target="nextcloud"} 0"#,
            r#"bosun_proxy_execs_in_flight{target="nextcloud"} 0"#,
            r#"bosun_proxy_exec_output_bytes_total{target="nextcloud"} 0"#,
            r#"bosun_proxy_exec_timeouts_total{target="nextcloud"} 0"#,
            r#"bosun_proxy_authorized_keys_reloads_total{result="ok"} 0"#,
            r#"bosun_proxy_authorized_keys_reloads_total{result="error"} 0"#,
            "# TYPE bosun_proxy_exec_duration_seconds histogram",
            "# TYPE bosun_proxy_connections_total counter",
        ] {
            assert!(text.contains(needle), "missing {needle} in\n{text}");
        }
    }

    #[test]
    fn updates_show_in_the_text() {
        let m = Metrics::new("photos").unwrap();
        m.exec_request("rejected");
        m.exec_finished(0.2);
        m.output_bytes(42);
        m.exec_timeout();
        m.execs_in_flight().inc();
        m.preauth_closed("evicted");
        m.preauth_connections.set(3);
        let text = m.render();
        for needle in [
            r#"bosun_proxy_exec_requests_total{decision="rejected",target="photos"} 1"#,
            r#"bosun_proxy_exec_duration_seconds_bucket{target="photos",le="0.25"} 1"#,
            r#"bosun_proxy_exec_output_bytes_total{target="photos"} 42"#,
            r#"bosun_proxy_exec_timeouts_total{target="photos"} 1"#,
            r#"bosun_proxy_execs_in_flight{target="photos"} 1"#,
            r#"bosun_proxy_preauth_closed_total{reason="evicted"} 1"#,
            "bosun_proxy_preauth_connections 3",
        ] {
            assert!(text.contains(needle), "missing {needle} in\n{text}");
        }
    }
}
