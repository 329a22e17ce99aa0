//! The bosun client on the lab: the `bosun` CLI and a test app linking the client library run
//! inside lab1's namespaces, against an exec proxy on lab2 in front of a fake Nextcloud on
//! lab2 (both real Swarm services). Proves: output and the remote exit code come back
//! (allowed, failing and rejected commands), an unpinned host key is refused with its
//! fingerprint, and concurrent commands share one pooled connection.
//! Needs the lab up and `make images`.

use std::collections::HashSet;
use std::time::Duration;

use anyhow::{Context, Result};
use bosun_e2e::cli::{Ran, bosun_bin, client_env, pairs, run_in};
use bosun_e2e::fakes::{self, LoggedCall, NEXTCLOUD, set_delay};
use bosun_e2e::group::{self, Group};
use bosun_e2e::proxy::{ProxyFixture, ProxyOptions};
use bosun_e2e::{ServiceFixture, unique_name};

use super::loop_bin;

const CONVERGE: Duration = Duration::from_secs(60);

/// A fake Nextcloud and its proxy, both on lab2. Fields drop in order: the test's group last.
struct Setup {
    proxy: ProxyFixture,
    container: String,
    _target: ServiceFixture,
    lab: Group,
}

async fn setup() -> Result<Setup> {
    let lab = group::shared();
    let target = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    let task = target.wait_running(CONVERGE).await?;
    let proxy = ProxyFixture::deploy(
        &lab,
        ProxyOptions::for_fake(&target.name, NEXTCLOUD, "lab2"),
    )
    .await?;
    Ok(Setup {
        proxy,
        container: task.container_id,
        _target: target,
        lab,
    })
}

impl Setup {
    /// `bosun ARGS…` in lab1 with the client environment `env`.
    fn bosun(&self, env: &[(String, String)], args: &[&str]) -> Result<Ran> {
        let bin = bosun_bin()?;
        let mut argv = vec![bin.to_str().context("binary path is not UTF-8")?];
        argv.extend_from_slice(args);
        run_in(&self.lab, "lab1", &pairs(env), &argv)
    }

    async fn argv_log(&self) -> Result<Vec<LoggedCall>> {
        fakes::argv_log(&self.lab.docker("lab2").await?, &self.container).await
    }
}

fn call(argv: &[&str]) -> LoggedCall {
    LoggedCall {
        argv: argv.iter().map(|s| (*s).to_owned()).collect(),
        uid: NEXTCLOUD.uid,
        cwd: NEXTCLOUD.workdir.to_owned(),
    }
}

#[tokio::test]
async fn bosun_exec_returns_output_and_the_remote_exit_code() -> Result<()> {
    let s = setup().await?;
    let env = client_env(&s.proxy, &[&s.proxy.host_public_key])?;

    // allowed: the fake's JSON on stdout, exit 0
    let ran = s.bosun(
        &env,
        &[
            "exec",
            "nextcloud",
            "--",
            "php",
            "occ",
            "status",
            "--output=json",
        ],
    )?;
    assert_eq!(ran.code, 0, "{ran:?}");
    let status: serde_json::Value = serde_json::from_str(&ran.stdout)
        .with_context(|| format!("stdout is not JSON: {ran:?}"))?;
    assert_eq!(status["installed"], serde_json::Value::Bool(true));
    assert_eq!(status["productname"], "Nextcloud");

    // an argument with spaces and parentheses reaches the target as one argument
    let ran = s.bosun(
        &env,
        &[
            "exec",
            "nextcloud",
            "php",
            "occ",
            "files:scan",
            "--path=/alice/files/My Photos (2024)",
        ],
    )?;
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(
        ran.stdout
            .contains("Starting scan for user 1 out of 1 (alice)"),
        "{ran:?}"
    );

    // a failing command: the tool's own exit code and message
    let ran = s.bosun(
        &env,
        &["exec", "nextcloud", "--", "php", "occ", "files:scan"],
    )?;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(
        ran.stdout.contains("Please specify the user id to scan"),
        "{ran:?}"
    );
    assert!(!ran.stderr.contains("bosun:"), "{ran:?}");

    // rejected by the proxy's policy: 126, its one-line reason, nothing runs in the target
    let ran = s.bosun(
        &env,
        &[
            "exec",
            "nextcloud",
            "--",
            "php",
            "occ",
            "memories:index",
            "--clear",
        ],
    )?;
    assert_eq!(ran.code, 126, "{ran:?}");
    assert_eq!(
        ran.stderr,
        "bosun: rejected: option --clear is not allowed for php occ memories:index\n"
    );
    assert_eq!(ran.stdout, "");

    assert_eq!(
        s.argv_log().await?,
        vec![
            call(&["php", "occ", "status", "--output=json"]),
            call(&[
                "php",
                "occ",
                "files:scan",
                "--path=/alice/files/My Photos (2024)"
            ]),
            call(&["php", "occ", "files:scan"]),
        ]
    );
    let audit = s.proxy.audit_lines().await?;
    let decisions: Vec<(&str, Option<u32>)> = audit
        .iter()
        .map(|a| (a.decision.as_str(), a.exit_code))
        .collect();
    assert_eq!(
        decisions,
        [
            ("allowed", Some(0)),
            ("allowed", Some(0)),
            ("allowed", Some(1)),
            ("rejected", Some(126))
        ],
        "{audit:?}"
    );

    // --timeout: the client stops waiting (124, its own message); the command goes on
    set_delay(&s.lab.docker("lab2").await?, &s.container, Some(5)).await?;
    let ran = s.bosun(
        &env,
        &[
            "exec",
            "--timeout",
            "1s",
            "nextcloud",
            "--",
            "php",
            "occ",
            "status",
        ],
    );
    set_delay(&s.lab.docker("lab2").await?, &s.container, None).await?;
    let ran = ran?;
    assert_eq!(ran.code, 124, "{ran:?}");
    assert_eq!(
        ran.stderr,
        "bosun: target nextcloud: no exit status within 1s; the command may still be running\n"
    );

    // ping: one endpoint (the proxy on lab2), connected and authenticated
    let ran = s.bosun(&env, &["ping", "nextcloud"])?;
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(
        ran.stdout
            .starts_with(&format!("ok      {}:{}  ", s.proxy.host, s.proxy.port)),
        "{ran:?}"
    );
    assert_eq!(ran.stdout.lines().count(), 1, "{ran:?}");

    // nothing listening: the client's own error, 255, after its (here: no) retries
    let mut closed: Vec<(String, String)> = env
        .iter()
        .filter(|(k, _)| k != "PROXY_SSH_PORT")
        .cloned()
        .collect();
    closed.push(("PROXY_SSH_PORT".into(), "1".into()));
    closed.push(("BOSUN_RETRY_TIMES".into(), "0".into()));
    let ran = s.bosun(
        &closed,
        &["exec", "nextcloud", "--", "php", "occ", "status"],
    )?;
    assert_eq!(ran.code, 255, "{ran:?}");
    assert!(
        ran.stderr.starts_with(&format!(
            "bosun: target nextcloud: no proxy reachable after 1 attempt(s), the command was not sent: {}:1: cannot connect:",
            s.proxy.host
        )),
        "{ran:?}"
    );
    Ok(())
}

#[tokio::test]
async fn an_unpinned_host_key_is_refused_with_its_fingerprint() -> Result<()> {
    let s = setup().await?;
    let other = bosun_core::keys::generate("not-the-proxy")?;
    let other_line = bosun_core::keys::public_openssh(other.public_key())?;
    let env = client_env(&s.proxy, &[&other_line])?;
    let proxy_key = bosun_core::keys::parse_public_keys(&s.proxy.host_public_key, "fixture")?
        .pop()
        .context("no host key")?;
    let presented = bosun_core::keys::fingerprint(&proxy_key);

    let ran = s.bosun(&env, &["exec", "nextcloud", "--", "php", "occ", "status"])?;
    assert_eq!(ran.code, 255, "{ran:?}");
    assert!(
        ran.stderr.contains(&format!(
            "{}:{}: host key {presented} (ssh-ed25519) is not pinned for this target (pinned in ",
            s.proxy.host, s.proxy.port
        )),
        "{ran:?}"
    );
    assert!(
        ran.stderr
            .contains(&bosun_core::keys::fingerprint(other.public_key())),
        "{ran:?}"
    );
    assert!(
        ran.stderr
            .contains("after 1 attempt(s), the command was not sent"),
        "{ran:?}"
    );

    let ran = s.bosun(&env, &["ping", "nextcloud"])?;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(
        ran.stdout.starts_with("failed  ") && ran.stdout.contains(&presented),
        "{ran:?}"
    );

    // the proxy never saw an exec request, the target ran nothing
    assert_eq!(s.proxy.audit_lines().await?, Vec::new());
    assert_eq!(s.argv_log().await?, Vec::new());

    // the same client with the right pin works (the refusal was the pin, nothing else)
    let env = client_env(&s.proxy, &[&other_line, &s.proxy.host_public_key])?;
    let ran = s.bosun(&env, &["exec", "nextcloud", "--", "php", "occ", "status"])?;
    assert_eq!(ran.code, 0, "{ran:?}");
    Ok(())
}

#[tokio::test]
async fn concurrent_commands_share_one_pooled_connection() -> Result<()> {
    let s = setup().await?;
    let env = client_env(&s.proxy, &[&s.proxy.host_public_key])?;
    // 12 at once: under the proxy's per-connection channel cap and exec cap (16 each)
    let bin = loop_bin();
    let argv = [
        bin.to_str().context("binary path is not UTF-8")?,
        "concurrent",
        "nextcloud",
        "12",
    ];
    let ran = run_in(&s.lab, "lab1", &pairs(&env), &argv)?;
    assert_eq!(ran.code, 0, "{ran:?}");
    let lines: Vec<serde_json::Value> = ran
        .stdout
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .with_context(|| format!("client output: {ran:?}"))?;
    let (done, results) = lines.split_last().context("no output")?;
    assert_eq!(results.len(), 12, "{ran:?}");
    for r in results {
        assert_eq!(r["outcome"], "ok", "{r}");
    }
    assert_eq!(done["connections_dialed"], 1, "{ran:?}");

    // the proxy's view: one connection accepted, twelve execs all from one client port
    let metrics = s.proxy.http_get("lab1", "/metrics")?;
    assert!(
        metrics
            .lines()
            .any(|l| l == "bosun_proxy_connections_total 1"),
        "metrics: {metrics}"
    );
    let audit = s.proxy.audit_lines().await?;
    assert_eq!(audit.len(), 12, "{audit:?}");
    let clients: HashSet<&str> = audit.iter().map(|a| a.client.as_str()).collect();
    assert_eq!(
        clients.len(),
        1,
        "execs came from several connections: {clients:?}"
    );
    assert_eq!(s.argv_log().await?.len(), 12);
    Ok(())
}
