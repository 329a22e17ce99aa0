//! The proxy streams a command's stdout and stderr as they come, not when the command ends.
//!
//! The fake's `gate` knob makes it print one line on each stream and then wait until the test
//! opens the gate. The test opens it only after both lines have reached the stock `ssh` client
//! through the proxy. A proxy that buffered until exit would never deliver them while the
//! command waits. The gate's own cap (60 s) is longer than the test's deadline (30 s), so
//! buffering fails the test instead of passing late. There is no timing assertion.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use bosun_e2e::fakes::{self, NEXTCLOUD};
use bosun_e2e::proxy::{ProxyFixture, ProxyOptions};
use bosun_e2e::{ServiceFixture, group, unique_name};

const FIRST_LINE_DEADLINE: Duration = Duration::from_secs(30);
const GATE_CAP_S: u32 = 60;

/// Sends every line of `stream` to the returned channel, tagged with `name`.
fn lines<R: Read + Send + 'static>(
    name: &'static str,
    stream: R,
    tx: mpsc::Sender<(&'static str, String)>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send((name, line)).is_err() {
                break;
            }
        }
    });
}

#[tokio::test]
async fn stdout_and_stderr_reach_the_client_while_the_command_still_runs() -> Result<()> {
    let lab = group::shared();
    let target =
        ServiceFixture::pinned(&lab, &unique_name("stream"), NEXTCLOUD.image, "lab2").await?;
    let task = target.wait_running(Duration::from_secs(90)).await?;
    let proxy = ProxyFixture::deploy(
        &lab,
        ProxyOptions::for_fake(&target.name, NEXTCLOUD, "lab2"),
    )
    .await?;
    let lab2 = lab.docker("lab2").await?;
    fakes::root_sh(&lab2, &task.container_id, &format!("mkdir -p /tmp/bosun-fake && chmod 1777 /tmp/bosun-fake && rm -f /tmp/bosun-fake/open && echo {GATE_CAP_S} > /tmp/bosun-fake/gate")).await?;

    let argv = proxy.ssh_argv(&[], "php occ status");
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let mut ssh = lab
        .command("lab1", &argv)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting ssh")?;
    let (tx, rx) = mpsc::channel();
    lines(
        "stdout",
        ssh.stdout.take().context("ssh stdout")?,
        tx.clone(),
    );
    lines("stderr", ssh.stderr.take().context("ssh stderr")?, tx);

    // both first lines arrive while the command is held at the gate
    let mut seen = (false, false);
    while !(seen.0 && seen.1) {
        let (stream, line) = rx.recv_timeout(FIRST_LINE_DEADLINE).map_err(|_| {
            let _ = ssh.kill();
            anyhow::anyhow!("no streamed output while the command waited at the gate (seen: {seen:?}): the proxy buffers")
        })?;
        match (stream, line.as_str()) {
            ("stdout", "bosun-fake: waiting at the gate") => seen.0 = true,
            ("stderr", "bosun-fake: waiting at the gate (stderr)") => seen.1 = true,
            ("stdout", other) => {
                anyhow::bail!("stdout went past the gate before it was opened: {other:?}")
            }
            _ => {}
        }
    }
    ensure!(
        ssh.try_wait()?.is_none(),
        "ssh ended before the gate was opened"
    );

    fakes::root_sh(&lab2, &task.container_id, "touch /tmp/bosun-fake/open").await?;
    let status = ssh.wait()?;
    let rest: Vec<String> = rx
        .iter()
        .filter(|(s, _)| *s == "stdout")
        .map(|(_, l)| l)
        .collect();
    assert!(status.success(), "ssh exited {status}");
    assert_eq!(
        rest.first().map(String::as_str),
        Some("bosun-fake: through the gate"),
        "{rest:?}"
    );
    assert!(
        rest.iter().any(|l| l.contains("installed: true")),
        "status output after the gate: {rest:?}"
    );
    Ok(())
}
