//! 50 identical spawns at once make exactly one clone: every answer is 201 or 200, exactly one
//! 201, and the swarm holds one service of that clone.

use anyhow::{Result, ensure};
use bosun_e2e::controller::NODE;
use bosun_e2e::group;
use bosun_e2e::orchestration::{OrchestrationFixture, SUPER_ADMIN, spawn_body};

const SPAWNS: usize = 50;

#[tokio::test]
async fn fifty_identical_spawns_make_one_clone() -> Result<()> {
    let lab = group::controller();
    let api = std::sync::Arc::new(OrchestrationFixture::start(&lab, 5).await?);
    let body = spawn_body("node_c", None);
    let mut tasks = Vec::new();
    for _ in 0..SPAWNS {
        let (api, body) = (api.clone(), body.clone());
        tasks.push(tokio::task::spawn_blocking(move || {
            api.call(
                "POST",
                "/orchestrate/mongodb/clone",
                Some(SUPER_ADMIN.2),
                Some(&body),
            )
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        let (status, _, text) = task.await??;
        ensure!(
            status == 200 || status == 201,
            "a spawn answered {status}: {text}"
        );
        statuses.push(status);
    }
    let created = statuses.iter().filter(|s| **s == 201).count();
    ensure!(created == 1, "{created} spawns answered 201: {statuses:?}");

    let service = api.clone_service("node_c");
    let out = lab.docker_cli(NODE, &["service", "ls", "--format", "{{.Name}}"])?;
    let named = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains(&api.controller.instance))
        .map(str::to_owned)
        .collect::<Vec<_>>();
    ensure!(
        named == vec![service.clone()],
        "the instance's services: {named:?}"
    );
    Ok(())
}
