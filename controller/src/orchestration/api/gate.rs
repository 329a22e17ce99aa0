//! The outer layer every request of the orchestration API passes, matched route or not.
//!
//! In order:
//! 1. a fresh request id (never the caller's);
//! 2. a follower answers 503 with `Retry-After: 2` to everything: it needs no token to say so,
//!    and it tells nothing but "ask again" (the leader may move to this replica in a moment);
//! 3. the peer address's rate limit (before authentication, so token guessing is throttled);
//! 4. authentication (`auth.rs`) against the live token list;
//! 5. the token's rate limit;
//! 6. the rest (routing, the guard, the handler);
//! 7. the audit record, handed to the backend: awaited for a write (it is stored before the
//!    caller hears of the write), sent off in the background for a read;
//! 8. the error body and `X-Request-Id` (`error::finish`).
//!
//! Requests refused in steps 2 to 5 are *not* stored in the audit: an unauthenticated caller
//! must not be able to fill the audit's storage, and neither may a token past its rate limit
//! push real records out of the bounded audit. They are logged (with the request id and
//! peer), and authentication failures are counted ([`ApiState::auth_failures`]).

use std::net::SocketAddr;
use std::time::SystemTime;

use axum::extract::rejection::ExtensionRejection;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::audit::{AuditNote, AuditRecord, Seen};
use super::auth::authenticate;
use super::backend::{Backend, Caller};
use super::error::{ApiError, finish, result_of};
use super::request_id::new_request_id;
use super::state::ApiState;

/// How long a follower tells callers to wait.
const FOLLOWER_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

pub async fn gate<B: Backend>(
    State(state): State<ApiState<B>>,
    peer: Result<ConnectInfo<SocketAddr>, ExtensionRejection>,
    mut request: Request,
    next: Next,
) -> Response {
    let request_id = new_request_id();
    let peer = peer.ok().map(|ConnectInfo(p)| p);
    let response = match admit(&state, peer, &request, &request_id) {
        Err(refused) => refused.into_response(),
        Ok((caller, peer)) => {
            let note = AuditNote::default();
            let method = request.method().clone();
            request.extensions_mut().insert(caller.clone());
            request.extensions_mut().insert(note.clone());
            let response = next.run(request).await;
            let seen = Seen {
                request_id: &request_id,
                caller: &caller,
                peer,
                method: method.as_str(),
            };
            let record = AuditRecord::new(
                seen,
                note.read(),
                response.status().as_u16(),
                result_of(&response),
            );
            store(&state, record).await;
            response
        }
    };
    finish(response, &request_id)
}

/// Steps 2 to 5: the caller and its address, or the refusal.
fn admit<B: Backend>(
    state: &ApiState<B>,
    peer: Option<SocketAddr>,
    request: &Request,
    request_id: &str,
) -> Result<(Caller, SocketAddr), ApiError> {
    let Some(peer) = peer else {
        return Err(ApiError::internal(
            "the orchestration router is served without ConnectInfo<SocketAddr>",
        ));
    };
    if !state.leading() {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not_leader",
            "this controller replica is not the leader; retry (the leader serves the API)",
        )
        .retry_after(FOLLOWER_RETRY_AFTER));
    }
    let access = state.access();
    state.limiters.check_peer(&access.limits, peer.ip())?;
    let caller = authenticate(request.headers(), &access.tokens, SystemTime::now())
        .inspect_err(|e| {
            state.count_auth_failure();
            tracing::warn!(request_id, %peer, code = e.code, "orchestration API: authentication failed");
        })?;
    state
        .limiters
        .check_token(&access.limits, &caller.name)
        .inspect_err(|_| {
            tracing::warn!(request_id, %peer, who = %caller.name, "orchestration API: token over its rate limit");
        })?;
    Ok((caller, peer))
}

/// Hands `record` to the backend: awaited for a write, in the background for a read. A
/// failure is logged; the caller's answer stands (for a write, what was done was done).
async fn store<B: Backend>(state: &ApiState<B>, record: AuditRecord) {
    let write = record.is_write();
    let backend = state.backend.clone();
    let task = async move {
        let request_id = record.request_id.clone();
        if let Err(e) = backend.record_audit(record).await {
            tracing::error!(request_id, error = %e, "the audit record could not be stored");
        }
    };
    if write {
        task.await;
    } else {
        tokio::spawn(task);
    }
}
