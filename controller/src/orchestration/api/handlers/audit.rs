//! `GET /orchestrate/audit?since=RFC3339&who=NAME&limit=N`: the audit trail, newest first
//! (SUPER_ADMIN only). `limit` defaults to [`DEFAULT_LIMIT`] and may not pass [`MAX_LIMIT`].

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::json;
use crate::orchestration::api::audit::AuditRecord;
use crate::orchestration::api::backend::{AuditQuery, Backend};
use crate::orchestration::api::error::ApiError;
use crate::orchestration::api::state::ApiState;

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 1000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    since: Option<String>,
    who: Option<String>,
    limit: Option<u32>,
}

#[derive(Serialize)]
struct Records {
    records: Vec<AuditRecord>,
}

pub async fn query<B: Backend>(
    State(state): State<ApiState<B>>,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params.map_err(|_| invalid())?;
    let since = match &params.since {
        Some(text) => Some(humantime::parse_rfc3339_weak(text).map_err(|_| invalid())?),
        None => None,
    };
    let limit = params.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(invalid());
    }
    let query = AuditQuery {
        since,
        who: params.who,
        limit,
    };
    let records = state.backend.audit(query).await?;
    json(StatusCode::OK, &Records { records })
}

fn invalid() -> ApiError {
    ApiError::bad_request(
        "invalid_query",
        format!(
            "the query parameters are `since` (RFC 3339), `who` (a token name) and `limit` \
             (1 to {MAX_LIMIT}), each at most once"
        ),
    )
}
