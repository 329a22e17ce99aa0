//! SIGTERM during a long command: the proxy stops accepting (new connections are refused, and
//! so are new channels on a connection that was already open), the running command finishes
//! with its output and exit status 0, and the proxy exits 0 — within its grace period.
//!
//! Needs the lab and the images (`e2e/lab/bosun-lab up 3 && make images`).

use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, Result};
use bosun_e2e::fakes::{self, NEXTCLOUD};
use bosun_e2e::proxy::{ProxyFixture, ProxyOptions};
use bosun_e2e::{ServiceFixture, group, unique_name, wait};

const CONVERGE: Duration = Duration::from_secs(60);
/// How long the fake sleeps before answering: long enough for the checks made meanwhile.
const DELAY_S: &str = "8";

#[tokio::test]
async fn sigterm_refuses_new_work_and_lets_the_running_command_finish() -> Result<()> {
    let lab = group::shared();
    let nc = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    let nc_container = nc.wait_running(CONVERGE).await?.container_id;
    let mut options = ProxyOptions::for_fake(&nc.name, NEXTCLOUD, "lab2");
    options.extra_args = vec!["--grace-period".into(), "60s".into()];
    let p = ProxyFixture::deploy(&lab, options).await?;
    let lab2 = lab.docker("lab2").await?;

    // an OpenSSH connection that stays open (a ControlMaster), to open channels on later
    let control = p.dir.join("ctl");
    let control_opt = format!("ControlPath={}", control.display());
    let master_argv = p.ssh_argv(&["-o", "ControlMaster=yes", "-o", &control_opt, "-N"], "");
    let mut master_argv: Vec<&str> = master_argv.iter().map(String::as_str).collect();
    master_argv.pop();
    let mut master = lab
        .command("lab1", &master_argv)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting the ControlMaster")?;
    let check_argv = p.ssh_argv(&["-o", &control_opt, "-O", "check"], "");
    let mut check_argv: Vec<&str> = check_argv.iter().map(String::as_str).collect();
    check_argv.pop();
    wait::until("the ControlMaster to be up", CONVERGE, || async {
        Ok(lab
            .exec("lab1", &check_argv)?
            .status
            .success()
            .then_some(()))
    })
    .await?;

    // a long command, running in the target (the fake logs its argv, then sleeps)
    fakes::root_sh(
        &lab2,
        &nc_container,
        &format!("echo {DELAY_S} > /tmp/bosun-fake/delay"),
    )
    .await?;
    let long_argv = p.ssh_argv(&[], "php occ status --output=json");
    let long_argv: Vec<&str> = long_argv.iter().map(String::as_str).collect();
    let long = lab
        .command("lab1", &long_argv)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting the long command")?;
    wait::until(
        "the long command to run in the target",
        CONVERGE,
        || async { Ok((fakes::argv_log(&lab2, &nc_container).await?.len() == 1).then_some(())) },
    )
    .await?;

    let proxy_container = p.task.container_id.clone();
    p.kill("TERM").await?;
    wait::until("the proxy to close its listener", CONVERGE, || async {
        Ok(p.log()
            .await?
            .contains("new connections are refused")
            .then_some(()))
    })
    .await?;

    // a new connection is refused at the TCP level
    let out = p.ssh("lab1", &[], "php occ status")?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(255), "{stderr}");
    assert!(stderr.contains("Connection refused"), "{stderr}");

    // a new channel on the open connection is refused too
    let out = p.ssh(
        "lab1",
        &["-o", &control_opt, "-o", "ControlMaster=no"],
        "php occ status",
    )?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(255), "{stderr}");
    assert!(stderr.contains("session request failed"), "{stderr}");

    // the long command finishes with its output and exit status
    let finished = tokio::task::spawn_blocking(move || long.wait_with_output()).await??;
    let stdout = String::from_utf8_lossy(&finished.stdout);
    let stderr = String::from_utf8_lossy(&finished.stderr);
    assert_eq!(finished.status.code(), Some(0), "stderr: {stderr}");
    let status: serde_json::Value = serde_json::from_str(&stdout)?;
    assert_eq!(status["installed"], true);
    fakes::root_sh(&lab2, &nc_container, "rm -f /tmp/bosun-fake/delay").await?;

    // the proxy exits 0, having seen every command finish (not the grace period run out)
    let exit_code = wait::until("the proxy container to exit", CONVERGE, || async {
        let state = lab2.inspect_container(&proxy_container, None).await?.state;
        Ok(state
            .filter(|s| s.running == Some(false))
            .and_then(|s| s.exit_code))
    })
    .await?;
    assert_eq!(exit_code, 0);
    let log = p.log().await?;
    assert!(log.contains("every running command has finished"), "{log}");
    assert!(!log.contains("the grace period is over"), "{log}");

    // only the long command ran, and the audit says how it ended
    assert_eq!(fakes::argv_log(&lab2, &nc_container).await?.len(), 1);
    let audit = p.audit_lines_of(&proxy_container).await?;
    assert_eq!(audit.len(), 1, "{audit:#?}");
    assert_eq!(audit[0].decision, "allowed");
    assert_eq!(audit[0].exit_code, Some(0));
    assert_eq!(audit[0].bytes_out, finished.stdout.len() as u64);

    let _ = master.kill();
    let _ = master.wait();
    Ok(())
}
