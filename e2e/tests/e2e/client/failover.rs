//! The proxy task is killed while a client runs commands in a loop: a test app linking the
//! client library (one pooled `Client`) runs 40 `files:scan` commands with unique markers
//! from lab1. After the first ones, the fake target is made slow (its `delay` knob), and once
//! a command is seen running in the target, the proxy container on lab2 is SIGKILLed through
//! lab2's engine; Swarm starts a replacement on the same endpoint. The client reconnects with
//! backoff and finishes, and the fake's argv log shows that **no command ran twice**: every
//! command the client reported as succeeded ran exactly once, every command it reported as
//! not sent never ran, and the command that was running when the proxy died is reported as
//! lost (sent, outcome unknown) and was not retried. Needs the lab up and `make images`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bosun_e2e::cli::{client_env, pairs, spawn_in};
use bosun_e2e::fakes::{self, NEXTCLOUD, set_delay};
use bosun_e2e::proxy::{ProxyFixture, ProxyOptions};
use bosun_e2e::{ServiceFixture, group, unique_name};

use super::loop_bin;

const CONVERGE: Duration = Duration::from_secs(60);
const COMMANDS: usize = 40;
/// The proxy is killed once this many commands have finished.
const KILL_AFTER: usize = 8;

#[tokio::test]
async fn killing_the_proxy_mid_loop_runs_no_command_twice() -> Result<()> {
    let lab = group::shared();
    let target = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    let target_task = target.wait_running(CONVERGE).await?;
    let mut proxy = ProxyFixture::deploy(
        &lab,
        ProxyOptions::for_fake(&target.name, NEXTCLOUD, "lab2"),
    )
    .await?;
    let first_proxy = proxy.task.clone();

    let mut env = client_env(&proxy, &[&proxy.host_public_key])?;
    // Swarm restarts a task after its restart delay (5 s) plus the start: retry for up to
    // 1+2+4+4+… = 35 s rather than the default 7 s.
    env.push(("BOSUN_RETRY_TIMES".into(), "10".into()));
    env.push(("BOSUN_RETRY_MAX_DELAY".into(), "4s".into()));
    let prefix = unique_name("run");
    let bin = loop_bin();
    let n = COMMANDS.to_string();
    let argv = [
        bin.to_str().context("binary path is not UTF-8")?,
        "loop",
        "nextcloud",
        &n,
        &prefix,
        "150",
    ];
    let mut child = spawn_in(&lab, "lab1", &pairs(&env), &argv)?;
    let stdout = child.stdout.take().context("no stdout")?;

    // Read the client's report line by line, on a thread (the pipe blocks).
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });

    let lab2 = lab.docker("lab2").await?;
    let fake = target_task.container_id.clone();
    let mut results: Vec<serde_json::Value> = Vec::new();
    let mut done: Option<serde_json::Value> = None;
    let mut in_flight: Option<String> = None;
    while let Some(line) = rx.recv().await {
        let value: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("client line {line:?}"))?;
        if value.get("done").is_some() {
            done = Some(value);
            break;
        }
        results.push(value);
        if results.len() == KILL_AFTER && in_flight.is_none() {
            // Make the next commands slow, wait until one is running in the target (logged
            // by the fake, not yet reported by the client), and kill the proxy under it.
            set_delay(&lab2, &fake, Some(5)).await?;
            let marker = wait_in_flight(&lab2, &fake, &prefix, &mut rx, &mut results).await?;
            proxy.kill("KILL").await?;
            set_delay(&lab2, &fake, None).await?;
            in_flight = Some(marker);
        }
    }
    let status = child.wait()?;
    let _ = reader.join();
    assert!(status.success(), "the client loop failed: {status}");
    let done = done.context("the client loop did not finish")?;
    assert_eq!(results.len(), COMMANDS, "{results:?}");
    let in_flight = in_flight.context("the proxy was never killed")?;

    // Swarm replaced the proxy: a new container on the same endpoint, same host key.
    let replacement = proxy.wait_replacement(&first_proxy).await?;
    assert_ne!(replacement.container_id, first_proxy.container_id);

    let outcome = |r: &serde_json::Value| r["outcome"].as_str().unwrap_or_default().to_owned();
    let marker = |r: &serde_json::Value| r["marker"].as_str().unwrap_or_default().to_owned();
    // The kill happened mid-loop: commands succeeded before it and after the replacement.
    assert!(
        results[..KILL_AFTER].iter().all(|r| outcome(r) == "ok"),
        "{results:?}"
    );
    assert_eq!(
        outcome(&results[COMMANDS - 1]),
        "ok",
        "the last command: {results:?}"
    );
    // …and the client had to reconnect to get there.
    let dialed = done["connections_dialed"].as_u64().unwrap_or_default();
    assert!(dialed >= 2, "the client never reconnected: {done}");

    // What ran in the target, by marker.
    let log = fakes::argv_log(&lab.docker("lab2").await?, &target_task.container_id).await?;
    let mut ran: HashMap<String, usize> = HashMap::new();
    for call in &log {
        let path = call.argv.last().cloned().unwrap_or_default();
        let m = path.trim_start_matches("--path=/alice/files/").to_owned();
        *ran.entry(m).or_default() += 1;
    }
    for (m, count) in &ran {
        assert!(m.starts_with(&prefix), "a command nobody sent ran: {m}");
        assert_eq!(*count, 1, "marker {m} ran {count} times");
    }
    let mut by_outcome: HashMap<String, usize> = HashMap::new();
    for r in &results {
        let (o, m) = (outcome(r), marker(r));
        let times = ran.get(&m).copied().unwrap_or(0);
        match o.as_str() {
            "ok" => assert_eq!(times, 1, "{m} succeeded but ran {times} times"),
            "not_sent" => assert_eq!(times, 0, "{m} was reported not sent but ran: {r}"),
            "lost" => assert!(times <= 1, "{m} ran {times} times"),
            _ => bail!("unexpected result {r}"),
        }
        *by_outcome.entry(o).or_default() += 1;
    }
    eprintln!("client results: {by_outcome:?}, connections dialed: {dialed}");
    // The command that was running when the proxy died: sent, so reported as an error and
    // not retried; it ran (Docker exec goes on without the proxy) exactly once.
    let lost = results
        .iter()
        .find(|r| marker(r) == in_flight)
        .context("no result for the in-flight command")?;
    assert_eq!(outcome(lost), "lost", "{lost}");
    assert!(
        lost["error"].as_str().unwrap_or_default().contains(
            "broke after the command was sent; it may or may not have run, and it is not retried"
        ),
        "{lost}"
    );
    assert_eq!(
        ran.get(&in_flight),
        Some(&1),
        "the in-flight command {in_flight}"
    );
    // Every command of the loop is accounted for in the log or as not sent / lost.
    assert_eq!(
        ran.len(),
        by_outcome.get("ok").copied().unwrap_or(0)
            + results
                .iter()
                .filter(|r| outcome(r) == "lost" && ran.contains_key(&marker(r)))
                .count()
    );
    Ok(())
}

/// Waits until a command of the loop has been logged by the fake but not yet reported by the
/// client (it is running in the target right now) and returns its marker. Lines the client
/// reports meanwhile are added to `results`.
async fn wait_in_flight(
    docker: &bollard::Docker,
    container: &str,
    prefix: &str,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<String>,
    results: &mut Vec<serde_json::Value>,
) -> Result<String> {
    let deadline = std::time::Instant::now() + CONVERGE;
    loop {
        while let Ok(line) = rx.try_recv() {
            results.push(
                serde_json::from_str(&line).with_context(|| format!("client line {line:?}"))?,
            );
        }
        let reported = results.len();
        let log = fakes::argv_log(docker, container).await?;
        let running = log
            .iter()
            .filter_map(|c| c.argv.last()?.strip_prefix("--path=/alice/files/"))
            .filter_map(|m| {
                Some((
                    m,
                    m.strip_prefix(prefix)?
                        .strip_prefix('-')?
                        .parse::<usize>()
                        .ok()?,
                ))
            })
            .find(|(_, i)| *i >= reported);
        if let Some((marker, _)) = running {
            return Ok(marker.to_owned());
        }
        if std::time::Instant::now() > deadline {
            bail!("no command of the loop was seen running in the target");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
