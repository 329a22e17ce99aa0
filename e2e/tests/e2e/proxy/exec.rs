//! The exec proxy on the lab, through the stock OpenSSH client run inside lab1's namespaces:
//! allowed commands run in the target's task on the proxy's node, with the fixed user and
//! working directory, their output and exit code come back as the tool gave them, and every
//! request leaves an audit line. Rejected commands never reach the target.
//!
//! Needs the lab and the images (`e2e/lab/bosun-lab up 3 && make images`).

use std::process::Output;
use std::time::Duration;

use anyhow::Result;
use bollard::Docker;
use bosun_core::policy::{Preset, check};
use bosun_e2e::fakes::{self, FakeTarget, LoggedCall, NEXTCLOUD, PHOTOPRISM};
use bosun_e2e::group::{self, Group};
use bosun_e2e::proxy::{AuditLine, ProxyFixture, ProxyOptions};
use bosun_e2e::{ServiceFixture, unique_name};
use bosun_engine as engine;

const CONVERGE: Duration = Duration::from_secs(60);

/// A fake target and its proxy, both on `node`. Fields drop in order: the test's group last.
struct Deployment {
    proxy: ProxyFixture,
    docker: Docker,
    container: String,
    _target: ServiceFixture,
    lab: Group,
}

async fn deploy(fake: FakeTarget, node: &str) -> Result<Deployment> {
    let lab = group::shared();
    let target = ServiceFixture::pinned(&lab, &unique_name("target"), fake.image, node).await?;
    let task = target.wait_running(CONVERGE).await?;
    let proxy =
        ProxyFixture::deploy(&lab, ProxyOptions::for_fake(&target.name, fake, node)).await?;
    let docker = lab.docker(node).await?;
    Ok(Deployment {
        proxy,
        docker,
        container: task.container_id,
        _target: target,
        lab,
    })
}

/// (exit code, stdout, stderr) of an ssh run.
fn result(out: &Output) -> (Option<i32>, String, String) {
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn call(argv: &[&str], fake: FakeTarget) -> LoggedCall {
    LoggedCall {
        argv: argv.iter().map(|s| (*s).to_owned()).collect(),
        uid: fake.uid,
        cwd: fake.workdir.to_owned(),
    }
}

fn client_fingerprint(proxy: &ProxyFixture) -> Result<String> {
    let keys = bosun_core::keys::parse_public_keys(&proxy.client_public_key, "client key")?;
    Ok(bosun_core::keys::fingerprint(&keys[0]))
}

#[tokio::test]
async fn allowed_commands_run_in_the_nextcloud_fake_with_the_fixed_user_and_workdir() -> Result<()>
{
    let d = deploy(NEXTCLOUD, "lab2").await?;
    let p = &d.proxy;

    // JSON on stdout, nothing on stderr, exit 0
    let (code, stdout, stderr) = result(&p.ssh("lab1", &[], "php occ status --output=json")?);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    let status: serde_json::Value = serde_json::from_str(&stdout)?;
    assert_eq!(status["installed"], true);
    assert_eq!(status["productname"], "Nextcloud");

    // a quoted path with spaces and parentheses arrives as one argv element
    let (code, stdout, stderr) = result(&p.ssh(
        "lab1",
        &[],
        r#"php occ files:scan --path="/alice/files/My Photos (2024)""#,
    )?);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert!(
        stdout.contains("Starting scan for user 1 out of 1 (alice)"),
        "{stdout}"
    );

    // a failing command: its exit code comes back
    let (code, stdout, _) = result(&p.ssh("lab1", &[], "php occ files:scan")?);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("Please specify the user id to scan"),
        "{stdout}"
    );

    // any exit code comes back as the exit status
    fakes::set_knob(&d.docker, &d.container, "exit", Some("42")).await?;
    let (code, _, _) = result(&p.ssh("lab1", &[], "'php' occ status")?);
    fakes::set_knob(&d.docker, &d.container, "exit", None).await?;
    assert_eq!(code, Some(42));

    let log = fakes::argv_log(&d.docker, &d.container).await?;
    assert_eq!(
        log,
        vec![
            call(&["php", "occ", "status", "--output=json"], NEXTCLOUD),
            call(
                &[
                    "php",
                    "occ",
                    "files:scan",
                    "--path=/alice/files/My Photos (2024)"
                ],
                NEXTCLOUD
            ),
            call(&["php", "occ", "files:scan"], NEXTCLOUD),
            call(&["php", "occ", "status"], NEXTCLOUD),
        ]
    );

    let audit = p.audit_lines().await?;
    assert_eq!(audit.len(), 4, "{audit:#?}");
    let fingerprint = client_fingerprint(p)?;
    let lab1 = d.lab.node_ip("lab1")?;
    for (line, logged) in audit.iter().zip(&log) {
        assert_eq!(line.decision, "allowed");
        assert_eq!(line.argv.as_ref(), Some(&logged.argv));
        assert_eq!(line.reason, None);
        assert_eq!(line.user, "bosun");
        assert_eq!(line.target, "nextcloud");
        assert_eq!(line.key_fingerprint, fingerprint);
        assert!(
            line.client.starts_with(&format!("{lab1}:")),
            "{}",
            line.client
        );
        assert!(
            line.exec_id.as_ref().is_some_and(|id| id.len() == 64),
            "{line:?}"
        );
        assert!(
            line.time.ends_with('Z') && line.time.contains('T'),
            "{}",
            line.time
        );
    }
    assert_eq!(audit[0].raw, "php occ status --output=json");
    assert_eq!(
        audit[1].raw,
        r#"php occ files:scan --path="/alice/files/My Photos (2024)""#
    );
    assert_eq!(audit[3].raw, "'php' occ status");
    let codes: Vec<_> = audit.iter().map(|l| l.exit_code).collect();
    assert_eq!(codes, [Some(0), Some(0), Some(1), Some(42)]);
    assert_eq!(audit[0].bytes_out, stdout_len_of_status(&d).await?);

    let metrics = p.http_get("lab1", "/metrics")?;
    assert!(
        metrics.contains(
            r#"bosun_proxy_exec_requests_total{decision="allowed",target="nextcloud"} 4"#
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains("bosun_proxy_connections_total 4"),
        "{metrics}"
    );
    Ok(())
}

/// The bytes `php occ status --output=json` prints, through a direct engine exec (the floor).
async fn stdout_len_of_status(d: &Deployment) -> Result<u64> {
    let out = engine::run_collect(
        &d.docker,
        &d.container,
        &NEXTCLOUD.exec_spec(&["php", "occ", "status", "--output=json"]),
    )
    .await?;
    Ok((out.stdout.len() + out.stderr.len()) as u64)
}

#[tokio::test]
async fn stdout_and_stderr_stay_apart_in_the_photoprism_fake() -> Result<()> {
    let d = deploy(PHOTOPRISM, "lab3").await?;
    let p = &d.proxy;

    let (code, stdout, stderr) = result(&p.ssh("lab1", &[], "photoprism index --force")?);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    // PhotoPrism logs (logrus) go to stderr, as extended data, and nowhere else
    assert!(stderr.contains("level=info"), "stderr: {stderr}");
    assert!(!stdout.contains("level="), "stdout: {stdout}");

    // the same command through a direct engine exec says the same on each stream, modulo the
    // timestamps and durations in the log lines
    let direct = engine::run_collect(
        &d.docker,
        &d.container,
        &PHOTOPRISM.exec_spec(&["photoprism", "index", "--force"]),
    )
    .await?;
    let shape = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| {
                l.split(' ')
                    .filter(|w| !w.starts_with("time="))
                    .map(|w| {
                        if w.chars().any(|c| c.is_ascii_digit()) {
                            "N".to_owned()
                        } else {
                            w.to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    assert_eq!(
        shape(&stderr),
        shape(&String::from_utf8_lossy(&direct.stderr))
    );
    assert_eq!(
        shape(&stdout),
        shape(&String::from_utf8_lossy(&direct.stdout))
    );

    let audit = p.audit_lines().await?;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].target, "photoprism");
    assert_eq!(audit[0].bytes_out, (stdout.len() + stderr.len()) as u64);

    let log = fakes::argv_log(&d.docker, &d.container).await?;
    assert_eq!(
        log[0],
        call(&["photoprism", "index", "--force"], PHOTOPRISM)
    );
    Ok(())
}

#[tokio::test]
async fn rejected_commands_never_reach_the_target() -> Result<()> {
    let d = deploy(NEXTCLOUD, "lab2").await?;
    let p = &d.proxy;
    let policy = Preset::Nextcloud.policy();

    let payloads = [
        "php occ status; id",
        "php occ memories:index --clear",
        "php occ status\nid",
        "php occ f:s --all",
        "php -r system(1)",
        "php occ files:scan --path=/alice/files/../../bob/files",
        "php occ status --output=json`id`",
    ];
    for raw in payloads {
        let (code, stdout, stderr) = result(&p.ssh("lab1", &[], raw)?);
        let expected = format!("bosun: {}\n", check(&policy, raw.as_bytes()).unwrap_err());
        assert_eq!(code, Some(126), "{raw:?}: {stderr}");
        assert_eq!(stderr, expected, "{raw:?}");
        assert_eq!(stdout, "", "{raw:?}");
    }

    // nothing ran
    assert_eq!(fakes::argv_log(&d.docker, &d.container).await?, Vec::new());

    let audit = p.audit_lines().await?;
    let raws: Vec<&str> = audit.iter().map(|l| l.raw.as_str()).collect();
    assert_eq!(raws, payloads);
    for line in &audit {
        let reason = check(&policy, line.raw.as_bytes()).unwrap_err().reason();
        assert_eq!(
            (
                line.decision.as_str(),
                line.exit_code,
                line.reason.as_deref()
            ),
            ("rejected", Some(126), Some(reason.as_str())),
            "{line:?}"
        );
        assert_eq!(line.argv, None);
        assert_eq!(line.exec_id, None);
        // short payloads are kept whole, with their length
        assert_eq!(
            (line.raw_len, line.raw_truncated),
            (line.raw.len() as u64, false)
        );
    }
    let _: &AuditLine = &audit[0];
    let metrics = p.http_get("lab1", "/metrics")?;
    assert!(
        metrics.contains(&format!(
            r#"bosun_proxy_exec_requests_total{{decision="rejected",target="nextcloud"}} {}"#,
            payloads.len()
        )),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            r#"bosun_proxy_exec_requests_total{decision="allowed",target="nextcloud"} 0"#
        ),
        "{metrics}"
    );
    Ok(())
}
