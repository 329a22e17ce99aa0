//! A command the proxy gives up on is stopped in the target, and its place in the limit comes
//! back only then: the proxy runs with `--max-concurrent-execs 1`; a command held by the fake's
//! `delay` knob (its `sleep` a child of the `php` script) either outlives `--command-timeout`
//! or loses its client (the stock `ssh` client SIGKILLed mid-command). Either way no process of
//! the command is left in the target (busybox `ps`), the audit line says it was stopped, and
//! the next command runs in the freed place.
//!
//! Needs the lab and the images (`e2e/lab/bosun-lab up 3 && make images`).

use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, Result};
use bollard::Docker;
use bosun_e2e::fakes::{self, NEXTCLOUD};
use bosun_e2e::group::{self, Group};
use bosun_e2e::proxy::{ProxyFixture, ProxyOptions};
use bosun_e2e::{ServiceFixture, unique_name, wait};

const CONVERGE: Duration = Duration::from_secs(60);
/// How long the held command would run if nobody stopped it.
const HELD_SECS: u32 = 600;

/// The lines of `ps` in the target that belong to the held command (the fake's `php` script or
/// its `sleep {HELD_SECS}`), not to the container's own init (which sleeps too).
async fn command_processes(docker: &Docker, container: &str) -> Result<Vec<String>> {
    let held = format!("sleep {HELD_SECS}");
    Ok(fakes::processes(docker, container)
        .await?
        .into_iter()
        .filter(|line| line.contains("occ") || line.contains(&held))
        .collect())
}

struct Setup {
    lab: Group,
    target: ServiceFixture,
    container: String,
    proxy: ProxyFixture,
}

async fn setup(timeout: &str) -> Result<Setup> {
    let lab = group::shared();
    let target = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    let task = target.wait_running(CONVERGE).await?;
    let mut options = ProxyOptions::for_fake(&target.name, NEXTCLOUD, "lab2");
    options.extra_args = [
        "--service-id",
        &target.id,
        "--max-concurrent-execs",
        "1",
        "--command-timeout",
        timeout,
        "--stop-grace",
        "2s",
    ]
    .map(str::to_owned)
    .to_vec();
    let proxy = ProxyFixture::deploy(&lab, options).await?;
    Ok(Setup {
        lab,
        target,
        container: task.container_id,
        proxy,
    })
}

impl Setup {
    /// The next command gets the freed place: exit 0 from the fake's `status`.
    async fn next_command_runs(&self, docker: &Docker) -> Result<()> {
        fakes::set_delay(docker, &self.container, None).await?;
        let out = self.proxy.ssh("lab1", &[], "php occ status")?;
        assert_eq!(
            out.status.code(),
            Some(0),
            "the next command did not get the freed place: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(())
    }
}

#[tokio::test]
async fn a_command_past_its_timeout_is_stopped_and_frees_its_place() -> Result<()> {
    let setup = setup("3s").await?;
    let docker = setup.lab.docker("lab2").await?;
    fakes::set_delay(&docker, &setup.container, Some(HELD_SECS)).await?;

    let out = setup.proxy.ssh("lab1", &[], "php occ files:scan --all")?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(124), "{stderr}");
    assert!(
        stderr.contains("bosun: command timed out after 3s; stopped it (stopped "),
        "{stderr}"
    );
    let left = command_processes(&docker, &setup.container).await?;
    assert!(left.is_empty(), "the timed-out command left {left:?}");

    setup.next_command_runs(&docker).await?;
    let audit = setup.proxy.audit_lines().await?;
    let first = audit.first().context("no audit line")?;
    assert_eq!(first.exit_code, Some(124), "{audit:?}");
    assert!(
        first
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("; stopped it (stopped ")),
        "{audit:?}"
    );
    drop(setup.target);
    Ok(())
}

#[tokio::test]
async fn a_client_that_goes_away_mid_command_has_it_stopped() -> Result<()> {
    let setup = setup("1h").await?;
    let docker = setup.lab.docker("lab2").await?;
    fakes::set_delay(&docker, &setup.container, Some(HELD_SECS)).await?;

    let argv = setup.proxy.ssh_argv(&[], "php occ files:scan --all");
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let mut client = setup
        .lab
        .command("lab1", &argv)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .context("starting ssh")?;
    wait::until("the command to run in the target", CONVERGE, || async {
        let running = command_processes(&docker, &setup.container).await?;
        Ok(running.iter().any(|l| l.contains("sleep")).then_some(()))
    })
    .await?;
    client.kill().context("killing the ssh client")?;
    let _ = client.wait();

    wait::until(
        "the command's processes to be stopped",
        CONVERGE,
        || async {
            let left = command_processes(&docker, &setup.container).await?;
            Ok(left.is_empty().then_some(()))
        },
    )
    .await?;
    setup.next_command_runs(&docker).await?;
    let audit = setup.proxy.audit_lines().await?;
    let first = audit.first().context("no audit line")?;
    assert_eq!(first.exit_code, None, "{audit:?}");
    assert!(
        first
            .reason
            .as_deref()
            .is_some_and(|r| r.starts_with("the client went away; stopped it (stopped ")),
        "{audit:?}"
    );
    drop(setup.target);
    Ok(())
}
