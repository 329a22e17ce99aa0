//! The fake targets on a real Swarm, and Engine API exec into them on their own node: the
//! path every later bosun exec is built on and measured against. Needs the lab up
//! (`make test` brings it up; by hand: `e2e/lab/bosun-lab up 3 && make images`).

use std::time::Duration;

use anyhow::Result;
use bosun_e2e::fakes::{self, LoggedCall, NEXTCLOUD, PHOTOPRISM};
use bosun_e2e::{ServiceFixture, group, unique_name};
use bosun_engine::{self as engine, EngineError};

const CONVERGE: Duration = Duration::from_secs(60);

fn call(argv: &[&str], uid: u32, cwd: &str) -> LoggedCall {
    LoggedCall {
        argv: argv.iter().map(|s| (*s).to_owned()).collect(),
        uid,
        cwd: cwd.to_owned(),
    }
}

#[tokio::test]
async fn fakes_run_on_the_nodes_they_are_pinned_to() -> Result<()> {
    let lab = group::shared();
    let nc = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    let pp = ServiceFixture::pinned(&lab, &unique_name("pp"), PHOTOPRISM.image, "lab3").await?;
    let nc_task = nc.wait_running(CONVERGE).await?;
    let pp_task = pp.wait_running(CONVERGE).await?;

    assert_eq!(
        nc_task.node_id,
        lab.node_id("lab2").await?,
        "nextcloud task is not on lab2"
    );
    assert_eq!(
        pp_task.node_id,
        lab.node_id("lab3").await?,
        "photoprism task is not on lab3"
    );
    // each container exists on its own node's engine and on no other
    for node in lab.nodes()? {
        let docker = lab.docker(&node).await?;
        for (task, home) in [(&nc_task, "lab2"), (&pp_task, "lab3")] {
            let here = docker
                .inspect_container(&task.container_id, None)
                .await
                .is_ok();
            assert_eq!(
                here,
                node == home,
                "container {} seen on {node}: {here}",
                task.container_id
            );
        }
    }
    Ok(())
}

#[tokio::test]
async fn engine_exec_runs_in_the_nextcloud_fake_on_its_node() -> Result<()> {
    let lab = group::shared();
    let nc = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    let task = nc.wait_running(CONVERGE).await?;
    let lab2 = lab.docker("lab2").await?;

    let found = engine::find_task_container(&lab2, &nc.name).await?;
    assert_eq!(found.container_id, task.container_id);
    assert_eq!(found.task_id, task.task_id);
    let c = &found.container_id;

    let out = engine::run_collect(
        &lab2,
        c,
        &NEXTCLOUD.exec_spec(&["php", "occ", "status", "--output=json"]),
    )
    .await?;
    assert_eq!(
        out.exit_code,
        0,
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(status["installed"], serde_json::Value::Bool(true));
    assert_eq!(status["productname"], "Nextcloud");

    let out = engine::run_collect(
        &lab2,
        c,
        &NEXTCLOUD.exec_spec(&[
            "php",
            "occ",
            "files:scan",
            "--path=/alice/files/My Photos (2024)",
        ]),
    )
    .await?;
    assert_eq!(
        out.exit_code,
        0,
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("alice"),
        "files:scan output: {}",
        String::from_utf8_lossy(&out.stdout)
    );

    // a failing command: the exit code and stderr come back as the tool gave them
    let out = engine::run_collect(&lab2, c, &NEXTCLOUD.exec_spec(&["php", "occ", "nope"])).await?;
    assert_eq!(out.exit_code, 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains(r#"Command "nope" is not defined"#));

    // occ refuses a user that does not own config.php: the fixed exec user matters
    let as_root = engine::ExecSpec {
        user: Some("root".into()),
        ..NEXTCLOUD.exec_spec(&["php", "occ", "status"])
    };
    let out = engine::run_collect(&lab2, c, &as_root).await?;
    assert_ne!(out.exit_code, 0);
    let said = [out.stdout, out.stderr].concat();
    assert!(
        String::from_utf8_lossy(&said).contains(
            "Console has to be executed with the user that owns the file config/config.php"
        )
    );

    let log = fakes::argv_log(&lab2, c).await?;
    assert_eq!(
        log,
        vec![
            call(
                &["php", "occ", "status", "--output=json"],
                33,
                "/var/www/html"
            ),
            call(
                &[
                    "php",
                    "occ",
                    "files:scan",
                    "--path=/alice/files/My Photos (2024)"
                ],
                33,
                "/var/www/html"
            ),
            call(&["php", "occ", "nope"], 33, "/var/www/html"),
            call(&["php", "occ", "status"], 0, "/var/www/html"),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn engine_exec_runs_in_the_photoprism_fake_on_its_node() -> Result<()> {
    let lab = group::shared();
    let pp = ServiceFixture::pinned(&lab, &unique_name("pp"), PHOTOPRISM.image, "lab3").await?;
    let task = pp.wait_running(CONVERGE).await?;
    let lab3 = lab.docker("lab3").await?;
    let c = engine::find_task_container(&lab3, &pp.name)
        .await?
        .container_id;
    assert_eq!(c, task.container_id);

    let out = engine::run_collect(
        &lab3,
        &c,
        &PHOTOPRISM.exec_spec(&["photoprism", "index", "--force"]),
    )
    .await?;
    assert_eq!(
        out.exit_code,
        0,
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned();
    assert!(said.contains("index"), "photoprism index said: {said}");

    let out =
        engine::run_collect(&lab3, &c, &PHOTOPRISM.exec_spec(&["photoprism", "status"])).await?;
    assert_eq!(out.exit_code, 0);

    assert_eq!(
        fakes::argv_log(&lab3, &c).await?,
        vec![
            call(&["photoprism", "index", "--force"], 1000, "/photoprism"),
            call(&["photoprism", "status"], 1000, "/photoprism"),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn exec_aimed_at_the_wrong_node_fails_clearly_and_runs_nothing() -> Result<()> {
    let lab = group::shared();
    let nc = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    let task = nc.wait_running(CONVERGE).await?;
    let lab1 = lab.docker("lab1").await?;

    // looking the target up on a node where it has no task
    let err = engine::find_task_container(&lab1, &nc.name)
        .await
        .expect_err("lab1 has no task of the service");
    assert!(matches!(err, EngineError::NoTaskOnNode { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("service {} has no running task on node lab1", nc.name)
    );

    // an exec of lab2's container sent to lab1's engine
    let spec = NEXTCLOUD.exec_spec(&["php", "occ", "status"]);
    let err = engine::run_collect(&lab1, &task.container_id, &spec)
        .await
        .expect_err("lab1 cannot exec a lab2 container");
    assert!(
        matches!(err, EngineError::ContainerNotOnNode { .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains(&task.container_id) && msg.contains("node lab1"),
        "unclear error: {msg}"
    );

    // nothing ran in the target
    let lab2 = lab.docker("lab2").await?;
    assert_eq!(
        fakes::argv_log(&lab2, &task.container_id).await?,
        Vec::new()
    );
    Ok(())
}
