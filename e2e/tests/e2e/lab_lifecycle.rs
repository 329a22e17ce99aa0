//! The lab itself: `up` twice is harmless, `kill` and `start` take a node Down and back to
//! Ready, and `down` leaves nothing behind (checked against the kernel, not the script).
//! Runs a second, 2-node lab of its own beside the main one, so it disturbs no other test.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use bollard::models::NodeState;
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::footprint::{Footprint, host_interfaces};
use bosun_e2e::{Lab, ServiceFixture, group, unique_name, wait};

/// Where this test's own lab lives; short, because unix socket paths are.
const LIFECYCLE_DIR: &str = "/tmp/bosun-lab-lc";

fn dockerd_pids(lab: &Lab) -> Result<Vec<String>> {
    // `status` prints one row per node: NODE IP LINK DOCKERD_PID …
    let status = lab.run(&["status"])?;
    Ok(status
        .lines()
        .filter(|l| l.starts_with("lab"))
        .filter_map(|l| l.split_whitespace().nth(3).map(str::to_owned))
        .collect())
}

async fn wait_node_state(lab: &Lab, node: &str, want: NodeState) -> Result<()> {
    wait::until(
        &format!("{node} to be {want}"),
        Duration::from_secs(90),
        || async { Ok((lab.node_state("lab1", node).await? == want).then_some(())) },
    )
    .await
}

#[tokio::test]
async fn up_is_idempotent_kill_and_start_work_and_down_leaves_nothing() -> Result<()> {
    // Exclusive, although it runs a lab of its own: its leftover check finds the processes in
    // its namespaces by their inode numbers, which the kernel reuses once they are freed, so a
    // container that the main lab starts meanwhile can wear a destroyed namespace's number (seen
    // once as "process N (runc:[2:INIT]) is in a lab mnt namespace" while it ran beside others).
    let main_lab = group::exclusive();
    let lab = Lab::at(LIFECYCLE_DIR);
    lab.run(&["down"])?; // a leftover from an aborted run
    let interfaces_before = host_interfaces()?;

    lab.run(&["up", "2"])?;
    let result = exercise(&main_lab, &lab).await;
    let footprint = Footprint::capture(&lab);

    lab.run(&["down"])?;
    result?;
    let footprint = footprint?;
    let left = footprint.leftovers();
    assert!(left.is_empty(), "down left behind:\n{}", left.join("\n"));
    assert_eq!(
        host_interfaces()?,
        interfaces_before,
        "the host's interfaces changed"
    );
    lab.run(&["down"]).context("a second down")?;
    Ok(())
}

async fn exercise(main_lab: &Lab, lab: &Lab) -> Result<()> {
    // the image comes from the main lab: there is no registry
    let tar = lab.dir().join("nextcloud.tar");
    let tar_s = tar.to_str().context("path")?;
    let saved = main_lab.docker_cli("lab1", &["save", "-o", tar_s, NEXTCLOUD.image])?;
    ensure!(
        saved.status.success(),
        "docker save: {}",
        String::from_utf8_lossy(&saved.stderr)
    );
    lab.run(&["load", tar_s])?;

    let svc = ServiceFixture::pinned(lab, &unique_name("lc"), NEXTCLOUD.image, "lab2").await?;
    let task = svc.wait_running(Duration::from_secs(60)).await?;
    let pids = dockerd_pids(lab)?;
    let ids = (lab.node_id("lab1").await?, lab.node_id("lab2").await?);

    // up again: same daemons, same swarm, the task untouched
    lab.run(&["up", "2"])?;
    assert_eq!(dockerd_pids(lab)?, pids, "a second up restarted daemons");
    assert_eq!(
        (lab.node_id("lab1").await?, lab.node_id("lab2").await?),
        ids,
        "a second up changed the swarm"
    );
    assert_eq!(
        svc.wait_running(Duration::from_secs(5)).await?,
        task,
        "a second up disturbed the task"
    );
    assert_eq!(lab.nodes()?, ["lab1", "lab2"]);

    // kill and start: the managers see the node go Down and come back Ready
    wait_node_state(lab, "lab2", NodeState::READY).await?;
    lab.run(&["kill", "lab2"])?;
    assert_eq!(dockerd_pids(lab)?[1], "DOWN");
    wait_node_state(lab, "lab2", NodeState::DOWN).await?;
    lab.run(&["start", "lab2"])?;
    wait_node_state(lab, "lab2", NodeState::READY).await?;
    svc.wait_running(Duration::from_secs(60)).await?;

    // a dockerd that dies on its own (not through `kill`) is started again by its supervisor,
    // as systemd's Restart=always does on a real node, and the log and the harness say so
    let crashed = dockerd_pids(lab)?[1].clone();
    let killed = std::process::Command::new("kill")
        .args(["-9", &crashed])
        .status()
        .context("running kill")?;
    ensure!(killed.success(), "kill -9 {crashed}: {killed}");
    let restarted = wait::until(
        "lab2's supervisor to start its dockerd again",
        Duration::from_secs(30),
        || async {
            let now = dockerd_pids(lab)?[1].clone();
            Ok((now != crashed && now != "DOWN").then_some(now))
        },
    )
    .await?;
    let autopsy = lab.dockerd_autopsy("lab2");
    ensure!(
        autopsy.contains("its dockerd runs; 1 restart(s)")
            && autopsy.contains(bosun_e2e::lab::DOCKERD_RESTARTED),
        "dockerd {crashed} was replaced by {restarted}, but the autopsy says: {autopsy}"
    );
    let status = lab.run(&["status"])?;
    ensure!(
        status.contains(bosun_e2e::lab::DOCKERD_RESTARTED),
        "`status` does not report the restart: {status}"
    );
    wait_node_state(lab, "lab2", NodeState::READY).await?;
    svc.wait_running(Duration::from_secs(60)).await?;
    drop(svc);

    // the footprint detector sees the lab while it is up (so it would see leftovers)
    let fp = Footprint::capture(lab)?;
    assert!(
        fp.namespace_count() >= 7,
        "expected bridge + 3 per node namespaces, got {}",
        fp.namespace_count()
    );
    let live = fp.leftovers();
    assert!(
        live.iter().any(|l| l.contains("cgroup")) && live.iter().any(|l| l.contains("namespace")),
        "detector blind: {live:?}"
    );
    Ok(())
}
