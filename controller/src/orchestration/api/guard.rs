//! The layer between a matched route and its handler: the route's row in the table, the
//! caller's permissions, the template, a NODE_OPERATOR's node ids, and no query string or body
//! where the route declares none (steps 3 to 6 of `routes.rs`). Nothing here reads a body.
//!
//! What it allows it hands to the handler as [`Allowed`]; a handler cannot run without one,
//! so a route added to the router without passing here fails closed (500).

use axum::body::HttpBody;
use axum::extract::MatchedPath;
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{FromRequestParts, RawPathParams, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::audit::AuditNote;
use super::backend::{Backend, BackendError, Caller, TemplateInfo};
use super::body::{refuse_body, refuse_query};
use super::error::ApiError;
use super::routes::{self, Operator, RouteSpec};
use super::state::ApiState;

/// A request the guard let through, for its handler.
#[derive(Debug, Clone)]
pub struct Allowed {
    pub caller: Caller,
    pub route: &'static RouteSpec,
    /// The template the path names, known to the backend.
    pub template: Option<TemplateInfo>,
    /// The node id, service id or request id the path names.
    pub target: Option<String>,
    pub note: AuditNote,
}

impl Allowed {
    /// The template's name (routes under `/orchestrate/{template}/` only).
    pub fn template_name(&self) -> Result<&str, ApiError> {
        self.template
            .as_ref()
            .map(|t| t.name.as_str())
            .ok_or_else(|| ApiError::internal("a template route without a template"))
    }

    pub fn target(&self) -> Result<&str, ApiError> {
        self.target
            .as_deref()
            .ok_or_else(|| ApiError::internal("a route without its path id"))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Allowed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Allowed, ApiError> {
        parts
            .extensions
            .get::<Allowed>()
            .cloned()
            .ok_or_else(|| ApiError::internal("a handler ran without the guard"))
    }
}

pub async fn guard<B: Backend>(
    State(state): State<ApiState<B>>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    mut request: Request,
    next: Next,
) -> Response {
    let pattern = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let Some(route) = pattern.and_then(|p| routes::find(request.method(), &p)) else {
        // Not one of our rows (the 405 fallback): let it through; it has no handler to reach.
        return next.run(request).await;
    };
    match allow(&state, route, params, &request) {
        Ok(allowed) => {
            request.extensions_mut().insert(allowed);
            next.run(request).await
        }
        Err(refused) => refused.into_response(),
    }
}

fn allow<B: Backend>(
    state: &ApiState<B>,
    route: &'static RouteSpec,
    params: Result<RawPathParams, RawPathParamsRejection>,
    request: &Request,
) -> Result<Allowed, ApiError> {
    let caller = request
        .extensions()
        .get::<Caller>()
        .cloned()
        .ok_or_else(|| ApiError::internal("the guard ran without the gate"))?;
    let note = request
        .extensions()
        .get::<AuditNote>()
        .cloned()
        .unwrap_or_default();
    let params = params.map_err(|_| {
        ApiError::bad_request(
            "invalid_path",
            "the path is not valid percent-encoded UTF-8",
        )
    })?;
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    };
    let template_name = param("template");
    let target = param("node_id")
        .or_else(|| param("service_id"))
        .or_else(|| param("id"));
    note.route(route.pattern, template_name.as_deref(), target.as_deref());

    route.permits(&caller)?;
    let template = match &template_name {
        Some(name) => {
            let t = state
                .backend
                .template(name)
                .ok_or(BackendError::UnknownTemplate)?;
            route.permits_template(&caller, &t)?;
            Some(t)
        }
        None => None,
    };
    // A NODE_OPERATOR's view of another node id's clone: exactly what a clone that does not
    // exist gets (a non-operator owns every node id).
    let foreign = param("node_id").is_some_and(|id| !caller.owns_node(&id));
    if foreign && route.operator == Operator::OwnNodes {
        return Err(BackendError::UnknownClone.into());
    }
    if !route.query {
        refuse_query(request.uri())?;
    }
    if !route.body {
        refuse_body(request.headers(), request.body().size_hint().exact())?;
    }
    Ok(Allowed {
        caller,
        route,
        template,
        target,
        note,
    })
}
