//! `/orchestrate/{template}/clone` and `/orchestrate/{template}/clones/…`: one clone per
//! (template, node id).
//!
//! A spawn's body is read strictly (`body.rs`) and handed whole to the backend, which checks
//! it against the template. A NODE_OPERATOR's spawn is a *request*: it must name one of its
//! own node ids (`node_id`, the one field every template has), answers 202 with the request's
//! id and creates no clone until an ADMIN approves it. Spawns take a place among the
//! concurrent spawns (`limits.rs`) for as long as the backend works on them.

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{json, no_content};
use crate::orchestration::api::backend::{Backend, Caller, CloneView, Spawned};
use crate::orchestration::api::body::read_json_object;
use crate::orchestration::api::error::ApiError;
use crate::orchestration::api::guard::Allowed;
use crate::orchestration::api::state::ApiState;
use crate::orchestration::model::{ParamError, Role};

/// The field every template's body names its node id with.
const NODE_ID: &str = "node_id";

pub async fn spawn<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let access = state.access();
    let params = read_json_object(&headers, body, access.limits.max_body_bytes).await?;
    allowed.note.params(params.keys());
    if let Some(Value::String(node_id)) = params.get(NODE_ID) {
        allowed.note.target(node_id);
    }
    let template = allowed.template_name()?;
    if allowed.caller.role == Role::NodeOperator {
        return request(&state, template, &allowed.caller, params).await;
    }
    let _place = state.limiters.try_spawn(&access.limits)?;
    let spawned = state
        .backend
        .spawn(template, &allowed.caller, params)
        .await?;
    spawned_response(spawned)
}

/// 201 for a new clone, 200 for the same one again.
pub fn spawned_response(spawned: Spawned) -> Result<Response, ApiError> {
    let status = if spawned.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    json(status, &spawned.clone)
}

#[derive(Serialize)]
struct Accepted<'a> {
    request_id: &'a str,
    status: &'static str,
    template: &'a str,
    node_id: &'a str,
}

/// A NODE_OPERATOR's spawn: 202 with the pending request's id.
async fn request<B: Backend>(
    state: &ApiState<B>,
    template: &str,
    caller: &Caller,
    params: Map<String, Value>,
) -> Result<Response, ApiError> {
    let node_id = match params.get(NODE_ID) {
        None => return Err(ParamError::Missing(NODE_ID.into()).into()),
        Some(Value::String(id)) => id,
        Some(_) => {
            return Err(ParamError::WrongType {
                field: NODE_ID.into(),
                expected: "a string",
            }
            .into());
        }
    };
    if !caller.owns_node(node_id) {
        return Err(ApiError::forbidden(
            "a NODE_OPERATOR may only request clones for its own node ids",
        ));
    }
    let pending = state.backend.request(template, caller, params).await?;
    json(
        StatusCode::ACCEPTED,
        &Accepted {
            request_id: &pending.id,
            status: "pending",
            template: &pending.template,
            node_id: &pending.node_id,
        },
    )
}

#[derive(Serialize)]
struct Clones {
    clones: Vec<CloneView>,
}

pub async fn list<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    let mut clones = state.backend.list_clones(allowed.template_name()?).await?;
    clones.retain(|c| allowed.caller.owns_node(&c.node_id));
    json(StatusCode::OK, &Clones { clones })
}

pub async fn get<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    let clone = state
        .backend
        .get_clone(allowed.template_name()?, allowed.target()?)
        .await?;
    json(StatusCode::OK, &clone)
}

pub async fn health<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    let health = state
        .backend
        .clone_health(allowed.template_name()?, allowed.target()?)
        .await?;
    json(StatusCode::OK, &health)
}

/// `?purge_volume=true` also removes the clone's volume (kept otherwise).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteQuery {
    #[serde(default)]
    purge_volume: bool,
}

pub async fn delete<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
    query: Result<Query<DeleteQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request(
            "invalid_query",
            "the only query parameter is `purge_volume=true|false`",
        )
    })?;
    let (template, node_id) = (allowed.template_name()?, allowed.target()?);
    state
        .backend
        .delete_clone(template, node_id, query.purge_volume)
        .await?;
    Ok(no_content())
}
