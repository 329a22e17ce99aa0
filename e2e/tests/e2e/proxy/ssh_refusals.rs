//! What the stock OpenSSH client cannot do through the exec proxy (spec §6): a pty, a shell,
//! port and socket forwarding in both directions, agent forwarding, environment variables,
//! sftp, passwords and keyboard-interactive, other users and unknown keys.
//!
//! Each case asserts what the client sees (exit status, OpenSSH's message) and what the proxy
//! did (its log names the refused request; the target's argv log shows only allowed commands).
//! Needs the lab and the images (`e2e/lab/bosun-lab up 3 && make images`).

use std::process::{Output, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};
use bosun_e2e::fakes::{self, LoggedCall, NEXTCLOUD};
use bosun_e2e::proxy::{ProxyFixture, ProxyOptions, write_new_key};
use bosun_e2e::{ServiceFixture, group, unique_name, wait};

const CONVERGE: Duration = Duration::from_secs(60);

fn text(out: &Output) -> (Option<i32>, String, String) {
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// How many times the proxy's log says it refused `what` (a request, channel type or global
/// request name).
fn refusals(log: &str, what: &str) -> usize {
    log.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| {
            let f = &v["fields"];
            f["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("refused"))
                && (f["request"] == what || f["channel_type"] == what)
        })
        .count()
}

#[tokio::test]
async fn openssh_gets_exec_and_nothing_else() -> Result<()> {
    let lab = group::shared();
    let nc = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    let nc_task = nc.wait_running(CONVERGE).await?;
    let p = ProxyFixture::deploy(&lab, ProxyOptions::for_fake(&nc.name, NEXTCLOUD, "lab2")).await?;
    let lab2 = lab.docker("lab2").await?;

    // a pty: `ssh -t` without a local terminal does not even ask ("Pseudo-terminal will not be
    // allocated because stdin is not a terminal"), so force it with -tt. OpenSSH treats a
    // refused pty as fatal for an explicit -t/-tt: it closes the channel and exits 255.
    let (code, _, stderr) = text(&p.ssh("lab1", &["-tt"], "php occ status")?);
    assert_eq!(code, Some(255), "{stderr}");
    assert!(
        stderr.contains("PTY allocation request failed on channel 0"),
        "{stderr}"
    );

    // no command: a shell, refused and closed
    let argv = {
        let mut a = p.ssh_argv(&[], "");
        a.pop(); // no command at all
        a
    };
    let out = lab.exec("lab1", &argv.iter().map(String::as_str).collect::<Vec<_>>())?;
    let (code, stdout, stderr) = text(&out);
    assert_eq!(code, Some(255), "{stderr}");
    assert!(
        stderr.contains("shell request failed on channel 0"),
        "{stderr}"
    );
    assert_eq!(stdout, "");

    // environment variables are refused; the command runs with the fixed environment
    let (code, stdout, stderr) = text(&p.ssh(
        "lab1",
        &["-o", "SetEnv=LD_PRELOAD=/nonexistent.so PHPRC=/tmp"],
        "php occ status",
    )?);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("installed: true"), "{stdout}");

    // agent forwarding: the request is refused (OpenSSH asks without wanting a reply, so the
    // client cannot tell) and the command runs without an agent
    let mut argv: Vec<String> = vec!["ssh-agent".into()];
    argv.extend(p.ssh_argv(&["-v", "-A"], "php occ status"));
    let out = lab.exec("lab1", &argv.iter().map(String::as_str).collect::<Vec<_>>())?;
    let (code, stdout, stderr) = text(&out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("Requesting authentication agent forwarding."),
        "{stderr}"
    );
    assert!(stdout.contains("installed: true"), "{stdout}");

    // -L: the forward is set up locally, but a connection through it is refused by the proxy
    let forward_err = p.dir.join("forward-L.err");
    let argv = p.ssh_argv(&["-N", "-L", "127.0.0.1:24999:127.0.0.1:9102"], "");
    let mut argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    argv.pop();
    let mut forwarder = lab
        .command("lab1", &argv)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&forward_err)?)
        .spawn()
        .context("starting ssh -N -L")?;
    let refused = wait::until(
        "a connection through the -L forward to be refused",
        CONVERGE,
        || async {
            // the connection is accepted by ssh locally, then closed when the channel fails
            lab.exec(
                "lab1",
                &["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/24999 && cat <&3"],
            )?;
            let said = std::fs::read_to_string(&forward_err)?;
            Ok(said
                .contains("open failed: administratively prohibited")
                .then_some(said))
        },
    )
    .await;
    let _ = forwarder.kill();
    let _ = forwarder.wait();
    refused?;

    // -W: stdio forwarding fails the same way
    let argv = p.ssh_argv(&["-W", "127.0.0.1:9102"], "");
    let mut argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    argv.pop();
    let (code, _, stderr) = text(&lab.exec("lab1", &argv)?);
    assert_eq!(code, Some(255), "{stderr}");
    assert!(
        stderr.contains("open failed: administratively prohibited"),
        "{stderr}"
    );

    // -R: remote TCP and unix socket forwarding are refused
    for (spec, message) in [
        (
            "8080:127.0.0.1:80",
            "remote port forwarding failed for listen port 8080",
        ),
        (
            "/tmp/bosun.sock:127.0.0.1:80",
            "remote port forwarding failed for listen path /tmp/bosun.sock",
        ),
    ] {
        let argv = p.ssh_argv(&["-o", "ExitOnForwardFailure=yes", "-N", "-R", spec], "");
        let mut argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        argv.pop();
        let (code, _, stderr) = text(&lab.exec("lab1", &argv)?);
        assert_eq!(code, Some(255), "-R {spec}: {stderr}");
        assert!(stderr.contains(message), "-R {spec}: {stderr}");
    }

    // sftp: the subsystem is refused
    let mut argv = p.ssh_base_argv("sftp", "-P");
    argv.extend(["-b".into(), "/dev/null".into(), p.destination()]);
    let out = lab.exec("lab1", &argv.iter().map(String::as_str).collect::<Vec<_>>())?;
    let (code, _, stderr) = text(&out);
    assert_eq!(code, Some(255), "{stderr}");
    assert!(
        stderr.contains("subsystem request failed on channel 0"),
        "{stderr}"
    );

    // password and keyboard-interactive: the server offers neither, so login fails
    let (code, _, stderr) = text(&p.ssh(
        "lab1",
        &[
            "-v",
            "-o",
            "PreferredAuthentications=password,keyboard-interactive",
        ],
        "php occ status",
    )?);
    assert_eq!(code, Some(255), "{stderr}");
    assert!(
        stderr.contains("Permission denied (publickey)."),
        "{stderr}"
    );
    let continues: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("Authentications that can continue:"))
        .collect();
    assert!(!continues.is_empty(), "{stderr}");
    assert!(
        continues
            .iter()
            .all(|l| l.ends_with("Authentications that can continue: publickey")),
        "{continues:?}"
    );

    // an unknown key, and the right key for another user
    let stranger = p.dir.join("stranger_key");
    write_new_key(&stranger, "stranger")?;
    let mut argv = p.ssh_argv(&[], "php occ status");
    let i = argv.iter().position(|a| a == "-i").context("no -i")?;
    argv[i + 1] = stranger.display().to_string();
    let (code, _, stderr) =
        text(&lab.exec("lab1", &argv.iter().map(String::as_str).collect::<Vec<_>>())?);
    assert_eq!(code, Some(255), "{stderr}");
    assert!(
        stderr.contains("Permission denied (publickey)."),
        "{stderr}"
    );
    let mut argv = p.ssh_argv(&[], "php occ status");
    let n = argv.len();
    argv[n - 2] = format!("root@{}", p.host);
    let (code, _, stderr) =
        text(&lab.exec("lab1", &argv.iter().map(String::as_str).collect::<Vec<_>>())?);
    assert_eq!(code, Some(255), "{stderr}");
    assert!(
        stderr.contains("Permission denied (publickey)."),
        "{stderr}"
    );

    // the proxy's side: each refusal is in its log
    let log = p.log().await?;
    for what in [
        "pty-req",
        "shell",
        "env",
        "auth-agent-req@openssh.com",
        "direct-tcpip",
        "tcpip-forward",
        "streamlocal-forward@openssh.com",
        "subsystem",
    ] {
        assert!(
            refusals(&log, what) >= 1,
            "no refusal of {what} in the proxy log:\n{log}"
        );
    }
    let metrics = p.http_get("lab1", "/metrics")?;
    let failures: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("bosun_proxy_auth_failures_total "))
        .context("no auth failure metric")?
        .trim()
        .parse()?;
    assert!(failures >= 2, "{metrics}");

    // the target only ever ran the allowed command (from the env, agent and maybe the -tt
    // runs: OpenSSH sends exec before it hears that the pty was refused)
    let log = fakes::argv_log(&lab2, &nc_task.container_id).await?;
    let status = LoggedCall {
        argv: vec!["php".into(), "occ".into(), "status".into()],
        uid: NEXTCLOUD.uid,
        cwd: NEXTCLOUD.workdir.into(),
    };
    assert!(
        log.len() >= 2 && log.iter().all(|c| *c == status),
        "{log:?}"
    );
    Ok(())
}
