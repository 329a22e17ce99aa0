//! A NODE_OPERATOR's spawn waits: 202 with a request id, no clone; it may not ask for another
//! node's clone; an ADMIN sees the request, approves it, and the clone is made, owned by the
//! operator; the request is gone. Then the lifecycle routes: stop scales the clone to 0,
//! start back to 1, and the operator cannot delete it.

use anyhow::{Result, ensure};
use bosun_e2e::group;
use bosun_e2e::orchestration::{ADMIN, OPERATOR, OPERATOR_NODE, OrchestrationFixture, spawn_body};

#[tokio::test]
async fn an_operators_request_waits_until_an_admin_approves_it() -> Result<()> {
    let lab = group::controller();
    let api = OrchestrationFixture::start(&lab, 5).await?;
    let (op, admin) = (Some(OPERATOR.2), Some(ADMIN.2));
    let spawn = "/orchestrate/mongodb/clone";

    let foreign = spawn_body("node_x", None);
    let (status, _, text) = api.call("POST", spawn, op, Some(&foreign))?;
    ensure!(
        status == 403 || status == 404,
        "another node's spawn: {status} {text}"
    );
    let (status, asked) =
        api.call_json("POST", spawn, op, Some(&spawn_body(OPERATOR_NODE, None)))?;
    ensure!(
        status == 202,
        "the operator's spawn answered {status}: {asked}"
    );
    let id = asked["request_id"].as_str().unwrap_or_default().to_owned();
    ensure!(!id.is_empty(), "{asked}");
    let clone_path = format!("/orchestrate/mongodb/clones/{OPERATOR_NODE}");
    let (status, _) = api.call_json("GET", &clone_path, admin, None)?;
    ensure!(status == 404, "a pending request made a clone: {status}");

    let (status, listed) = api.call_json("GET", "/orchestrate/requests", admin, None)?;
    ensure!(
        status == 200 && listed["requests"][0]["id"] == id.as_str(),
        "{status} {listed}"
    );
    let approve = format!("/orchestrate/requests/{id}/approve");
    let (status, clone) = api.call_json("POST", &approve, admin, None)?;
    ensure!(status == 201, "approve answered {status}: {clone}");
    ensure!(
        clone["owner"] == OPERATOR.0,
        "the requester owns it: {clone}"
    );
    let (status, listed) = api.call_json("GET", "/orchestrate/requests", admin, None)?;
    ensure!(
        status == 200 && listed["requests"] == serde_json::json!([]),
        "{listed}"
    );
    let (status, _, _) = api.call("POST", &approve, admin, None)?;
    ensure!(
        status == 404 || status == 409,
        "a second approval answered {status}"
    );

    let service = clone["service_id"].as_str().unwrap_or_default().to_owned();
    let (status, stopped) = api.call_json(
        "POST",
        &format!("/orchestrate/services/{service}/stop"),
        admin,
        None,
    )?;
    ensure!(
        status == 200 && stopped["replicas"] == 0,
        "stop: {status} {stopped}"
    );
    let (status, started) = api.call_json(
        "POST",
        &format!("/orchestrate/services/{service}/start"),
        admin,
        None,
    )?;
    ensure!(
        status == 200 && started["replicas"] == 1,
        "start: {status} {started}"
    );
    let (status, _, _) = api.call("DELETE", &clone_path, op, None)?;
    ensure!(status == 403, "the operator deleted its clone: {status}");
    let (status, _, text) = api.call("DELETE", &clone_path, admin, None)?;
    ensure!(
        (200..300).contains(&status),
        "the admin's delete: {status} {text}"
    );
    Ok(())
}
