//! `/orchestrate/services/…`: every service spawned through the API, whatever its template:
//! list, status, delete, and stop/start (scale to 0 and back to 1) and restart.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use super::{json, no_content};
use crate::orchestration::api::backend::{Backend, ServiceView};
use crate::orchestration::api::error::ApiError;
use crate::orchestration::api::guard::Allowed;
use crate::orchestration::api::state::ApiState;

#[derive(Serialize)]
struct Services {
    services: Vec<ServiceView>,
}

pub async fn spawned<B: Backend>(State(state): State<ApiState<B>>) -> Result<Response, ApiError> {
    let services = state.backend.spawned().await?;
    json(StatusCode::OK, &Services { services })
}

pub async fn status<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    json(
        StatusCode::OK,
        &state.backend.service_status(allowed.target()?).await?,
    )
}

pub async fn delete<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    state.backend.delete_service(allowed.target()?).await?;
    Ok(no_content())
}

pub async fn stop<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    json(
        StatusCode::OK,
        &state.backend.stop(allowed.target()?).await?,
    )
}

pub async fn start<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    json(
        StatusCode::OK,
        &state.backend.start(allowed.target()?).await?,
    )
}

pub async fn restart<B: Backend>(
    State(state): State<ApiState<B>>,
    allowed: Allowed,
) -> Result<Response, ApiError> {
    json(
        StatusCode::OK,
        &state.backend.restart(allowed.target()?).await?,
    )
}
