//! The orchestration API's router: the routes of the table (`routes.rs`), each with its
//! handler, behind the guard (per route) and the gate (every request). It serves only
//! `/orchestrate/…`, on a listener of its own (the lead wires it in `run`), and must be served
//! with `into_make_service_with_connect_info::<SocketAddr>()`: the peer address is the key of
//! a rate limit and goes into the audit (without it every request is a 500).

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::{MethodFilter, MethodRouter, on};

use super::backend::Backend;
use super::error::ApiError;
use super::gate::gate;
use super::guard::guard;
use super::handlers::{audit, clones, requests, services};
use super::routes::{ROUTES, RouteId, RouteSpec, Verb};
use super::state::ApiState;

/// The API's router over `state`.
pub fn router<B: Backend>(state: ApiState<B>) -> Router {
    let mut routes = Router::new();
    for route in &ROUTES {
        routes = routes.route(route.pattern, handler::<B>(route));
    }
    routes
        .route_layer(from_fn_with_state(state.clone(), guard::<B>))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(state.clone(), gate::<B>))
        .with_state(state)
}

/// The handler of `route`, on its method only.
fn handler<B: Backend>(route: &RouteSpec) -> MethodRouter<ApiState<B>> {
    let method = match route.verb {
        Verb::Get => MethodFilter::GET,
        Verb::Post => MethodFilter::POST,
        Verb::Delete => MethodFilter::DELETE,
    };
    match route.id {
        RouteId::Spawn => on(method, clones::spawn::<B>),
        RouteId::ListClones => on(method, clones::list::<B>),
        RouteId::GetClone => on(method, clones::get::<B>),
        RouteId::CloneHealth => on(method, clones::health::<B>),
        RouteId::DeleteClone => on(method, clones::delete::<B>),
        RouteId::Spawned => on(method, services::spawned::<B>),
        RouteId::ServiceStatus => on(method, services::status::<B>),
        RouteId::DeleteService => on(method, services::delete::<B>),
        RouteId::Stop => on(method, services::stop::<B>),
        RouteId::Start => on(method, services::start::<B>),
        RouteId::Restart => on(method, services::restart::<B>),
        RouteId::Requests => on(method, requests::list::<B>),
        RouteId::Approve => on(method, requests::approve::<B>),
        RouteId::Reject => on(method, requests::reject::<B>),
        RouteId::Audit => on(method, audit::query::<B>),
    }
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such route")
}

/// axum adds the `Allow` header to this answer.
async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take this method (see the Allow header)",
    )
}
