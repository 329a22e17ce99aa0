//! The handlers of the orchestration API's routes, one file per group of routes. Each one runs
//! after the guard (it takes [`Allowed`](super::guard::Allowed)), calls one backend method and
//! turns the answer into JSON; every refusal is an [`ApiError`].
//!
//! * `clones` — spawn (or a NODE_OPERATOR's request), list, one, health, delete;
//! * `services` — every spawned service: list, status, delete, stop, start, restart;
//! * `requests` — pending NODE_OPERATOR requests: list, approve, reject;
//! * `audit` — the audit trail (SUPER_ADMIN).

pub mod audit;
pub mod clones;
pub mod requests;
pub mod services;

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde::Serialize;

use super::error::ApiError;

/// `value` as a JSON response with `status`.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Result<Response, ApiError> {
    let bytes = serde_json::to_vec(value)
        .map_err(|e| ApiError::internal(format!("serializing a response: {e}")))?;
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(response)
}

/// 204 No Content.
pub fn no_content() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}
