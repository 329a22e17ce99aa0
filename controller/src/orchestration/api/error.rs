//! Every refusal and failure of the orchestration API, and the one place each becomes an HTTP
//! status.
//!
//! A handler or layer returns an [`ApiError`]: a status, a short code (`missing_field`), a
//! clear sentence for the caller and, separately, a detail for the server's log only. Turned
//! into a response, it carries the code and sentence as a response extension; the router's
//! outer layer ([`finish`]) then writes the JSON body with the request id:
//!
//! ```json
//! {"error": "missing_field", "message": "missing field `port`", "request_id": "…"}
//! ```
//!
//! and puts `X-Request-Id` on every response, errors or not. The sentence is written here and
//! never contains the token, the body's values or the Engine's words: those go to the log,
//! next to the request id.

use std::time::Duration;

use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::backend::{BackendError, LimitKind};
use crate::orchestration::model::ParamError;

/// The header every response carries.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// How long a caller refused by a cap, a quota or the pending cap should wait: they free up
/// when someone else deletes a clone or decides a request, at no time we can tell.
const CAP_RETRY_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// For the server's log only (an Engine error, the reason a token was refused).
    log: Option<String>,
}

/// The part of an error [`finish`] renders, carried on the response.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub message: String,
    pub log: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            headers: Vec::new(),
            log: None,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// A 429 (or other status) that tells the caller when to come back, in whole seconds
    /// (rounded up, at least 1).
    pub fn retry_after(mut self, wait: Duration) -> ApiError {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        self.headers
            .push((RETRY_AFTER, HeaderValue::from(secs.max(1))));
        self
    }

    /// A 401's challenge (RFC 6750 §3).
    pub fn challenge(mut self, value: &'static str) -> ApiError {
        self.headers
            .push((WWW_AUTHENTICATE, HeaderValue::from_static(value)));
        self
    }

    /// A detail for the log, never shown to the caller.
    pub fn log(mut self, detail: impl Into<String>) -> ApiError {
        self.log = Some(detail.into());
        self
    }

    pub fn internal(detail: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed to handle the request; the request id is in the log",
        )
        .log(detail)
    }
}

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> ApiError {
        let (status, code) = match &e {
            ParamError::Unknown(_) => (StatusCode::BAD_REQUEST, "unknown_field"),
            ParamError::WrongType { .. } => (StatusCode::BAD_REQUEST, "wrong_type"),
            ParamError::Missing(_) => (StatusCode::UNPROCESSABLE_ENTITY, "missing_field"),
            ParamError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"),
        };
        // ParamError's sentences name the field and never its value.
        ApiError::new(status, code, e.to_string())
    }
}

impl From<BackendError> for ApiError {
    fn from(e: BackendError) -> ApiError {
        use StatusCode as S;
        match e {
            BackendError::UnknownTemplate => ApiError::not_found("no such template"),
            BackendError::UnknownClone => ApiError::not_found("no such clone"),
            BackendError::UnknownService => ApiError::not_found("no such service"),
            BackendError::UnknownRequest => ApiError::not_found("no such request"),
            BackendError::Params(p) => p.into(),
            BackendError::PortTaken(port) => ApiError::new(
                S::CONFLICT,
                "port_taken",
                format!(
                    "port {port} is already in use in the swarm; omit `port` to get a free one"
                ),
            ),
            BackendError::CloneExists => ApiError::new(
                S::CONFLICT,
                "clone_exists",
                "a clone for this node id exists with different parameters; delete it first",
            ),
            BackendError::AlreadyDecided => ApiError::new(
                S::CONFLICT,
                "already_decided",
                "this request was already approved or rejected",
            ),
            BackendError::Limit(kind) => limit(kind),
            BackendError::Engine(detail) => ApiError::new(
                S::BAD_GATEWAY,
                "engine_error",
                "the Docker Engine failed the operation; the request id is in the server's log",
            )
            .log(detail),
            BackendError::Unavailable(detail) => ApiError::new(
                S::SERVICE_UNAVAILABLE,
                "unavailable",
                "the orchestrator cannot act right now; retry later",
            )
            .retry_after(Duration::from_secs(2))
            .log(detail),
        }
    }
}

fn limit(kind: LimitKind) -> ApiError {
    let (code, message, wait) = match kind {
        LimitKind::ClonesPerTemplate => (
            "clone_cap",
            "this template has as many clones as it may have",
            CAP_RETRY_AFTER,
        ),
        LimitKind::TokenQuota => (
            "quota",
            "this token owns as many clones and requests as it may",
            CAP_RETRY_AFTER,
        ),
        LimitKind::PendingRequests => (
            "pending_cap",
            "too many requests are waiting for approval",
            CAP_RETRY_AFTER,
        ),
        LimitKind::ConcurrentSpawns => (
            "too_many_spawns",
            "too many spawns are under way; retry in a moment",
            Duration::from_secs(1),
        ),
    };
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, code, message).retry_after(wait)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = self.status;
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        response.extensions_mut().insert(ErrorInfo {
            code: self.code,
            message: self.message,
            log: self.log,
        });
        response
    }
}

/// The last step of every response: an error gets its JSON body (and its log line, with the
/// request id); every response gets `X-Request-Id`.
pub fn finish(mut response: Response, request_id: &str) -> Response {
    if let Some(info) = response.extensions_mut().remove::<ErrorInfo>() {
        if let Some(detail) = &info.log {
            tracing::warn!(request_id, code = info.code, detail = %detail, "orchestration API request failed");
        }
        let body = serde_json::json!({
            "error": info.code,
            "message": info.message,
            "request_id": request_id,
        });
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        *response.body_mut() = Body::from(body.to_string());
    }
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert(X_REQUEST_ID, value);
    }
    response
}

/// The audit's `result` of a response, read before [`finish`]: `ok` or its error code.
pub fn result_of(response: &Response) -> &'static str {
    response
        .extensions()
        .get::<ErrorInfo>()
        .map_or("ok", |info| info.code)
}
