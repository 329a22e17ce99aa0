//! Refused requests change nothing: a USER gets 403 on every route, a request without a
//! token, with a wrong one, or with a bad body is refused, and the swarm's objects an
//! instance could make (services, secrets, configs, networks, every node's volumes) are the
//! same before and after.

use anyhow::{Result, ensure};
use bosun_e2e::group;
use bosun_e2e::orchestration::{
    OrchestrationFixture, SUPER_ADMIN, USER, spawn_body, swarm_objects,
};

/// Every route of the API, with a body where it takes one.
fn routes() -> Vec<(&'static str, &'static str, Option<String>)> {
    let spawn = Some(spawn_body("node_b", None));
    vec![
        ("POST", "/orchestrate/mongodb/clone", spawn),
        ("GET", "/orchestrate/mongodb/clones", None),
        ("GET", "/orchestrate/mongodb/clones/node_b", None),
        ("GET", "/orchestrate/mongodb/clones/node_b/health", None),
        ("DELETE", "/orchestrate/mongodb/clones/node_b", None),
        ("GET", "/orchestrate/services/spawned", None),
        ("GET", "/orchestrate/services/x1/status", None),
        ("DELETE", "/orchestrate/services/x1", None),
        ("POST", "/orchestrate/services/x1/stop", None),
        ("POST", "/orchestrate/services/x1/start", None),
        ("POST", "/orchestrate/services/x1/restart", None),
        ("GET", "/orchestrate/requests", None),
        ("POST", "/orchestrate/requests/r1/approve", None),
        ("POST", "/orchestrate/requests/r1/reject", None),
        ("GET", "/orchestrate/audit", None),
    ]
}

#[tokio::test]
async fn refused_requests_change_nothing() -> Result<()> {
    let lab = group::controller();
    let api = OrchestrationFixture::start(&lab, 5).await?;
    let instance = api.controller.instance.clone();
    let before = swarm_objects(&lab, &instance)?;

    for (method, path, body) in routes() {
        let (status, _, text) = api.call(method, path, Some(USER.2), body.as_deref())?;
        ensure!(status == 403, "USER {method} {path}: {status} {text}");
        let (status, headers, _) = api.call(method, path, None, body.as_deref())?;
        ensure!(status == 401, "no token {method} {path}: {status}");
        ensure!(
            headers.contains_key("www-authenticate"),
            "{method} {path}: no challenge"
        );
        let (status, _, _) = api.call(method, path, Some("not-a-token"), body.as_deref())?;
        ensure!(status == 401, "a wrong token {method} {path}: {status}");
    }
    let bad_bodies = [
        (r#"{"node_id":"node_b"}"#, 422),
        (
            r#"{"node_id":"NODE B","node_tron_address":"x","network":"bosun-e2e"}"#,
            422,
        ),
        (r#"{"node_id":"node_b","extra":1}"#, 400),
        (r#"{"node_id":"node_b","node_id":"node_c"}"#, 400),
        ("not json", 400),
    ];
    for (body, want) in bad_bodies {
        let (status, _, text) = api.call(
            "POST",
            "/orchestrate/mongodb/clone",
            Some(SUPER_ADMIN.2),
            Some(body),
        )?;
        ensure!(
            status == want,
            "body {body}: {status} (wanted {want}) {text}"
        );
    }
    let other_network = spawn_body("node_b", None).replace("bosun-e2e", "ingress");
    let (status, _, text) = api.call(
        "POST",
        "/orchestrate/mongodb/clone",
        Some(SUPER_ADMIN.2),
        Some(&other_network),
    )?;
    ensure!(
        status == 422,
        "a network outside the template: {status} {text}"
    );
    let outside = spawn_body("node_b", Some(api.pool.1 + 1));
    let (status, _, text) = api.call(
        "POST",
        "/orchestrate/mongodb/clone",
        Some(SUPER_ADMIN.2),
        Some(&outside),
    )?;
    ensure!(status == 422, "a port outside the pool: {status} {text}");

    let after = swarm_objects(&lab, &instance)?;
    ensure!(
        before == after,
        "the swarm changed:\nbefore {before:#?}\nafter {after:#?}"
    );
    Ok(())
}
