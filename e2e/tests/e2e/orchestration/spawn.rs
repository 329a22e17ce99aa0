//! A SUPER_ADMIN spawns a clone: 201, its health turns healthy once the fake MongoDB's health
//! check passed, GET one and list show it, DELETE removes its service.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use bosun_e2e::controller::NODE;
use bosun_e2e::orchestration::{OrchestrationFixture, SUPER_ADMIN, spawn_body};
use bosun_e2e::{group, wait};

#[tokio::test]
async fn a_super_admin_spawns_a_healthy_clone_and_deletes_it() -> Result<()> {
    let lab = group::controller();
    let api = OrchestrationFixture::start(&lab, 5).await?;
    let token = Some(SUPER_ADMIN.2);
    let body = spawn_body("node_a", None);
    let (status, clone) =
        api.call_json("POST", "/orchestrate/mongodb/clone", token, Some(&body))?;
    ensure!(status == 201, "spawn answered {status}: {clone}");
    ensure!(
        clone["node_id"] == "node_a" && clone["owner"] == SUPER_ADMIN.0,
        "{clone}"
    );
    ensure!(
        clone["port"] == api.pool.0,
        "the lowest port of the pool: {clone}"
    );
    let service = api.clone_service("node_a");
    ensure!(clone["service_name"] == service.as_str(), "{clone}");

    wait::until(
        "the clone's health says healthy",
        Duration::from_secs(90),
        || async {
            let (status, health) = api.call_json(
                "GET",
                "/orchestrate/mongodb/clones/node_a/health",
                token,
                None,
            )?;
            ensure!(status == 200, "health answered {status}: {health}");
            Ok((health["healthy"] == true && health["health"] == "healthy").then_some(()))
        },
    )
    .await?;

    let (status, one) = api.call_json("GET", "/orchestrate/mongodb/clones/node_a", token, None)?;
    ensure!(status == 200 && one["state"] == "running", "{status} {one}");
    ensure!(
        one["params"]["node_tron_address"] == bosun_e2e::orchestration::TRON_ADDRESS,
        "{one}"
    );
    let (status, list) = api.call_json("GET", "/orchestrate/mongodb/clones", token, None)?;
    ensure!(status == 200, "list answered {status}: {list}");
    let clones = &list["clones"];
    let listed = clones.as_array().map(Vec::len).unwrap_or_default();
    ensure!(
        listed == 1 && clones[0]["service_id"] == one["service_id"],
        "{list}"
    );
    // the lists read the tasks by the clones' labels, not one by one: they see it run too
    ensure!(clones[0]["state"] == "running", "the list: {list}");
    let (status, spawned) = api.call_json("GET", "/orchestrate/services/spawned", token, None)?;
    let mine: Vec<_> = spawned["services"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["service_id"] == one["service_id"])
        .collect();
    ensure!(
        status == 200 && mine.len() == 1 && mine[0]["running"] == 1,
        "{status} {spawned}"
    );
    let id = one["service_id"].as_str().context("no service_id")?;
    let path = format!("/orchestrate/services/{id}/status");
    let (status, shown) = api.call_json("GET", &path, token, None)?;
    ensure!(status == 200 && shown["running"] == 1, "{status} {shown}");

    let (status, _, text) =
        api.call("DELETE", "/orchestrate/mongodb/clones/node_a", token, None)?;
    ensure!(
        (200..300).contains(&status),
        "delete answered {status}: {text}"
    );
    let out = lab.docker_cli(NODE, &["service", "inspect", &service])?;
    ensure!(
        !out.status.success(),
        "the service {service} is still there"
    );
    let (status, _) = api.call_json("GET", "/orchestrate/mongodb/clones/node_a", token, None)?;
    ensure!(status == 404, "a deleted clone answered {status}");
    Ok(())
}
