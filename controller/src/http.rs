//! The controller's HTTP listener: `/healthz`, `/readyz` (ready, and who leads), `/metrics`, `/v1/status` (every
//! target, its proxies and its problems) and the discovery record (`/v1/discovery`, served by
//! `crate::discovery::http`).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::discovery::store::DiscoveryStore;
use crate::health::Health;
use crate::lease::run::Lease;
use crate::metrics::Metrics;
use crate::operator::StatusBoard;
use crate::runner::lock;

#[derive(Clone)]
struct AppState {
    health: Arc<Health>,
    metrics: Metrics,
    status: StatusBoard,
    lease: Arc<Lease>,
}

pub fn router(
    health: Arc<Health>,
    metrics: Metrics,
    store: DiscoveryStore,
    status: StatusBoard,
    lease: Arc<Lease>,
) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .route("/v1/status", get(status_json))
        .with_state(AppState {
            health,
            metrics,
            status,
            lease,
        })
        .merge(crate::discovery::http::router(store))
}

/// Serves `router` on `addr` until the process ends.
pub async fn serve(addr: SocketAddr, router: Router) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("binding the HTTP listener on {addr}: {e}"))?;
    tracing::info!(%addr, "HTTP listening (/healthz /readyz /metrics /v1/status /v1/discovery)");
    axum::serve(listener, router)
        .await
        .map_err(|e| anyhow::anyhow!("HTTP server on {addr}: {e}"))
}

async fn healthz(State(s): State<AppState>) -> impl IntoResponse {
    let v = s.health.verdict();
    let code = if v.healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, format!("{}\n", v.text))
}

/// 200 once the first full sync is done (on every replica: a follower serves the leader's
/// record), 503 before; the body says whether this replica leads, and who does.
async fn readyz(State(s): State<AppState>) -> impl IntoResponse {
    let ready = s.health.is_ready();
    let code = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let lease = s.lease.view();
    let body = serde_json::json!({
        "ready": ready,
        "leading": lease.leading,
        "leader": lease.leader,
        "epoch": lease.epoch,
        "me": lease.me,
    });
    (
        code,
        [
            (CONTENT_TYPE, "application/json"),
            (CACHE_CONTROL, "no-cache"),
        ],
        format!("{body}\n"),
    )
}

/// Every target, its proxies and its problems (docs/controller.md, "Status").
async fn status_json(State(s): State<AppState>) -> impl IntoResponse {
    let body = serde_json::to_string_pretty(&*lock(&s.status))
        .unwrap_or_else(|e| format!("{{\"error\": \"encoding the status: {e}\"}}"));
    (
        [
            (CONTENT_TYPE, "application/json"),
            (CACHE_CONTROL, "no-cache"),
        ],
        format!("{body}\n"),
    )
}

async fn metrics_text(State(s): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        s.metrics.render(),
    )
}
