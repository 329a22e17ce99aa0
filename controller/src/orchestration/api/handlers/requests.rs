//! `/orchestrate/requests…`: NODE_OPERATORs' pending spawns. An ADMIN lists, approves (the
//! clone is spawned, owned by the requester) or rejects them; a NODE_OPERATOR lists only those
//! for its own node ids.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use super::clones::spawned_response;
use super::{json, no_content};
use crate::orchestration::api::backend::{Backend, PendingRequest};
use crate::orchestration::api::error::ApiError;
use crate::orchestration::api::guard::Allowed;
use crate::orchestration::api::state::ApiState;

#[derive(Serialize)]
struct Requests {
    requests: Vec<PendingRequest>,
}

pub async fn list<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    let mut requests = state.backend.requests().await?;
    requests.retain(|r| allowed.caller.owns_node(&r.node_id));
    json(StatusCode::OK, &Requests { requests })
}

/// Approving spawns: it takes a place among the concurrent spawns like a spawn does.
pub async fn approve<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    let _place = state.limiters.try_spawn(&state.access().limits)?;
    let spawned = state
        .backend
        .approve(allowed.target()?, &allowed.caller)
        .await?;
    spawned_response(spawned)
}

pub async fn reject<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    state
        .backend
        .reject(allowed.target()?, &allowed.caller)
        .await?;
    Ok(no_content())
}
