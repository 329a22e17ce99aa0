//! The proxy waits for a target that restarts, and never execs into a look-alike: with the
//! target scaled to 0 and a container on its node that carries only the target's
//! `com.docker.swarm.service.name` label, a `bosun exec` waits in the proxy; the target is
//! scaled back to 1 within the wait, and the command runs once, in the new task.
//!
//! Needs the lab and the images (`e2e/lab/bosun-lab up 3 && make images`).

use std::time::Duration;

use anyhow::{Context, Result, bail};
use bosun_e2e::Lab;
use bosun_e2e::cli::{bosun_bin, client_env, pairs, spawn_in};
use bosun_e2e::fakes::{self, LoggedCall, NEXTCLOUD};
use bosun_e2e::group;
use bosun_e2e::proxy::{ProxyFixture, ProxyOptions};
use bosun_e2e::{ServiceFixture, unique_name, wait};

const CONVERGE: Duration = Duration::from_secs(60);

/// A plain `docker run` container on `node` labelled like a task of `service`; removed on drop.
struct LookAlike {
    lab: Lab,
    node: String,
    id: String,
}

impl LookAlike {
    fn start(lab: &Lab, node: &str, service: &str) -> Result<LookAlike> {
        let label = format!("com.docker.swarm.service.name={service}");
        let name = unique_name("lookalike");
        let args = [
            "run",
            "-d",
            "--name",
            &name,
            "--label",
            &label,
            NEXTCLOUD.image,
        ];
        let out = lab.docker_cli(node, &args)?;
        if !out.status.success() {
            bail!("docker run: {}", String::from_utf8_lossy(&out.stderr));
        }
        let id = String::from_utf8(out.stdout)?.trim().to_owned();
        Ok(LookAlike {
            lab: lab.clone(),
            node: node.to_owned(),
            id,
        })
    }
}

impl Drop for LookAlike {
    fn drop(&mut self) {
        let _ = self.lab.docker_cli(&self.node, &["rm", "-f", &self.id]);
    }
}

fn scale(lab: &Lab, service: &str, replicas: u32) -> Result<()> {
    lab.cli(&[
        "service",
        "scale",
        "--detach",
        &format!("{service}={replicas}"),
    ])?;
    Ok(())
}

/// Waits until no container of service `id` runs on `node`.
async fn until_no_task(lab: &Lab, node: &str, id: &str) -> Result<()> {
    let filter = format!("label=com.docker.swarm.service.id={id}");
    wait::until("the target's task to stop", CONVERGE, || async {
        let out = lab.docker_cli(node, &["ps", "-q", "--filter", &filter])?;
        Ok(String::from_utf8_lossy(&out.stdout)
            .trim()
            .is_empty()
            .then_some(()))
    })
    .await
}

#[tokio::test]
async fn a_command_sent_while_the_target_restarts_waits_and_runs_once_never_in_a_lookalike()
-> Result<()> {
    let lab = group::shared();
    let target = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    target.wait_running(CONVERGE).await?;
    let mut options = ProxyOptions::for_fake(&target.name, NEXTCLOUD, "lab2");
    options.extra_args = ["--service-id", &target.id, "--task-wait", "60s"]
        .map(str::to_owned)
        .to_vec();
    let proxy = ProxyFixture::deploy(&lab, options).await?;
    let lookalike = LookAlike::start(&lab, "lab2", &target.name)?;

    scale(&lab, &target.name, 0)?;
    until_no_task(&lab, "lab2", &target.id).await?;

    // no client retries: the wait that is proven is the proxy's
    let mut env = client_env(&proxy, &[&proxy.host_public_key])?;
    env.push(("BOSUN_RETRY_TIMES".into(), "0".into()));
    let bin = bosun_bin()?;
    let bin = bin.to_str().context("binary path is not UTF-8")?;
    let argv = [bin, "exec", "nextcloud", "--", "php", "occ", "status"];
    let child = spawn_in(&lab, "lab1", &pairs(&env), &argv)?;

    tokio::time::sleep(Duration::from_secs(3)).await;
    scale(&lab, &target.name, 1)?;
    let task = target.wait_running(CONVERGE).await?;
    let out = tokio::task::spawn_blocking(move || child.wait_with_output()).await??;
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    let docker = lab.docker("lab2").await?;
    let ran = LoggedCall {
        argv: ["php", "occ", "status"].map(str::to_owned).to_vec(),
        uid: NEXTCLOUD.uid,
        cwd: NEXTCLOUD.workdir.to_owned(),
    };
    assert_eq!(fakes::argv_log(&docker, &task.container_id).await?, [ran]);
    assert_eq!(fakes::argv_log(&docker, &lookalike.id).await?, []);
    let audit = proxy.audit_lines().await?;
    let decisions: Vec<_> = audit.iter().map(|l| l.decision.as_str()).collect();
    assert_eq!(decisions, ["allowed"], "{audit:?}");
    Ok(())
}
