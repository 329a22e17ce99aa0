//! The audit survives a restart: a SUPER_ADMIN spawns a clone and deletes it, a USER's delete
//! is refused (403); the controller is killed (SIGKILL: nothing is flushed) and started again;
//! `GET /orchestrate/audit` still lists the three requests by the request ids their callers
//! got, with who made them and how they ended. A request that changes something is stored
//! before its answer, so none of them can be lost.

use std::collections::BTreeMap;

use anyhow::{Context, Result, ensure};
use bosun_e2e::group;
use bosun_e2e::orchestration::{OrchestrationFixture, SUPER_ADMIN, USER, spawn_body};
use serde_json::Value;

fn request_id(headers: &BTreeMap<String, String>) -> Result<String> {
    headers
        .get("x-request-id")
        .cloned()
        .context("an answer without X-Request-Id")
}

/// The record of request `id` in an audit answer.
fn record<'a>(trail: &'a Value, id: &str) -> Result<&'a Value> {
    trail["records"]
        .as_array()
        .and_then(|records| records.iter().find(|r| r["request_id"] == id))
        .with_context(|| format!("no record of request {id} in {trail}"))
}

#[tokio::test]
async fn the_audit_lists_writes_and_refusals_after_a_restart() -> Result<()> {
    let lab = group::controller();
    let mut api = OrchestrationFixture::start(&lab, 5).await?;
    let root = Some(SUPER_ADMIN.2);
    let path = "/orchestrate/mongodb/clones/node_e";

    let body = spawn_body("node_e", None);
    let (status, headers, text) =
        api.call("POST", "/orchestrate/mongodb/clone", root, Some(&body))?;
    ensure!(status == 201, "spawn answered {status}: {text}");
    let spawn = request_id(&headers)?;
    let (status, headers, text) = api.call("DELETE", path, root, None)?;
    ensure!(
        (200..300).contains(&status),
        "delete answered {status}: {text}"
    );
    let delete = request_id(&headers)?;
    let (status, headers, text) = api.call("DELETE", path, Some(USER.2), None)?;
    ensure!(status == 403, "a USER's delete answered {status}: {text}");
    let refused = request_id(&headers)?;

    api.controller.restart().await?;
    api.wait_leading().await?;

    let (status, trail) = api.call_json("GET", "/orchestrate/audit?limit=1000", root, None)?;
    ensure!(status == 200, "the audit answered {status}: {trail}");
    let r = record(&trail, &spawn)?;
    ensure!(
        r["who"] == SUPER_ADMIN.0
            && r["method"] == "POST"
            && r["route"] == "/orchestrate/{template}/clone"
            && r["target"] == "node_e"
            && r["status"] == 201
            && r["result"] == "ok",
        "the spawn's record: {r}"
    );
    let r = record(&trail, &delete)?;
    ensure!(
        r["who"] == SUPER_ADMIN.0 && r["method"] == "DELETE" && r["result"] == "ok",
        "the delete's record: {r}"
    );
    let r = record(&trail, &refused)?;
    ensure!(
        r["who"] == USER.0 && r["status"] == 403 && r["result"] == "forbidden",
        "the refusal's record: {r}"
    );

    let query = format!("/orchestrate/audit?who={}", USER.0);
    let (status, theirs) = api.call_json("GET", &query, root, None)?;
    ensure!(
        status == 200,
        "the audit of {} answered {status}: {theirs}",
        USER.0
    );
    record(&theirs, &refused)?;
    let others = theirs["records"].as_array().map_or(0, |records| {
        records.iter().filter(|r| r["who"] != USER.0).count()
    });
    ensure!(others == 0, "`who` lets others' records through: {theirs}");
    Ok(())
}
