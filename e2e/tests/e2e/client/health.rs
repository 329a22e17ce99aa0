//! Health that clients follow: a target with tasks on lab1 and lab2 (a global service, two
//! proxies), a client app on lab1 that follows the discovery record and runs commands without
//! pause (four loops on one client, checking its proxies every second); lab2 is cut off the
//! lab network. The record drops lab2's proxy once the managers mark lab2 down, and the app
//! keeps running commands through lab1's proxy with **no failure**: every command the app
//! started after the cut succeeded, with the fake's exit code (0), whichever proxy it first
//! tried (one that went to lab2 before the client knew was not sent there, and went to lab1).
//!
//! The only commands that may fail are those already sent to lab2's proxy as the cut took
//! effect (running at some time between the test starting the cut and the cut being in
//! place): they reached a proxy, so they are never sent again; they end when lab2 is
//! healed (their result arrives) or when the app's keepalive gives their connection up
//! (reported lost: "may or may not have run"). Which one depends on whether lab2's old proxy,
//! which Swarm replaces once lab2 is back, delivers the result before it stops.
//!
//! Exclusive (a partitioned manager takes the swarm's quorum down to the other two). Prints the
//! time from the cut to the record dropping the proxy and the commands each proxy served.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use bollard::models::{ServiceSpec, ServiceSpecMode};
use bosun_e2e::client_service::{ClientServiceFixture, now_ms};
use bosun_e2e::disrupt::{Partitioned, wait_node_ready};
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::group;
use bosun_e2e::scenario::*;
use bosun_e2e::wait;

/// How long the app keeps running commands through the other proxy once the record dropped
/// the cut-off one.
const THROUGH_THE_OTHER: Duration = Duration::from_secs(5);
/// The app's client: four loops at once (the proxy's default `max_concurrent_execs`), a check
/// of every proxy each second, short connection timeouts (a cut-off proxy is found out
/// quickly), and keepalives that give a cut-off connection up after about 15 s.
const LOOPS: u64 = 4;
const APP_ENV: [&str; 4] = [
    "BOSUN_HEALTH_INTERVAL=1s",
    "BOSUN_CONNECT_TIMEOUT=2s",
    "BOSUN_KEEPALIVE_INTERVAL=5s",
    "BOSUN_RETRY_TIMES=6",
];

#[tokio::test]
async fn a_cut_off_proxy_leaves_the_record_and_the_client_fails_over_with_no_failure() -> Result<()>
{
    let lab = group::exclusive();
    let name = target_name("hl");
    let app = format!("{name}-app");
    // A global service on lab1 and lab2: nothing of the target moves while lab2 is cut off.
    // Its proxy leaves the record because lab2 is marked down (and Swarm, which cannot reach
    // lab2, replaces the proxy's task there: the record reads that too).
    let global = |spec: &mut ServiceSpec| {
        spec.mode = Some(ServiceSpecMode {
            global: Some(Default::default()),
            ..Default::default()
        });
        if let Some(p) = spec
            .task_template
            .as_mut()
            .and_then(|t| t.placement.as_mut())
        {
            p.max_replicas = None;
        }
    };
    let constraints = ["node.hostname!=lab3"];
    let _target = target_service_with(&lab, &name, NEXTCLOUD, &constraints, 2, global).await?;
    let ctl = controller(&lab, &nextcloud_config(&name, &app)).await?;
    let record = wait_record_nodes(&ctl, &name, &["lab1", "lab2"]).await?;
    let limits = &record["targets"][&name]["limits"];
    ensure!(
        limits["max_concurrent_execs"] == 4 && limits["max_channels_per_connection"] == 4,
        "the record's limits: {limits}"
    );
    let url = discovery_url(&ctl);
    let mut client =
        ClientServiceFixture::create_loops(&lab, &app, &name, "lab1", &url, 0, LOOPS, &APP_ENV)
            .await?;
    client.wait_keyed(CONVERGE).await?;
    let t0 = client.wait_ok_since(0, CONVERGE).await?.t_ms;
    let both = wait_served_by_two(&client, t0).await?;
    eprintln!("HEALTH: before the cut, commands spread over {both:?}");

    let cut_at = now_ms();
    let mut cut = Partitioned::node(&lab, "lab2")?;
    // the cut takes effect somewhere in [cut_at, cut_done]: a command started in that window
    // may reach lab2's proxy and be caught by it
    let cut_done = now_ms();
    wait_record_nodes(&ctl, &name, &["lab1"]).await?;
    let dropped_after = since(cut_at);
    let dropped_at = now_ms();
    tokio::time::sleep(THROUGH_THE_OTHER).await;
    let during = client.lines_between(dropped_at, now_ms()).await?;
    cut.heal()?;
    let healed_at = now_ms();
    wait_node_ready(&lab, "lab2", CONVERGE).await?;
    // every loop has finished a command since the heal: none is left hanging
    wait_each_loop_since(&client, healed_at).await?;

    let lines = client_raw_lines(&client).await?;
    let at_cut = in_flight_during(&lines, cut_at, cut_done);
    let failed: Vec<&serde_json::Value> = lines.iter().filter(|l| l["outcome"] != "ok").collect();
    eprintln!(
        "HEALTH: the record dropped lab2's proxy {dropped_after} ms after the cut; while it \
         was cut off: {}; in all: {} commands, {} failed, all of them sent before the cut \
         ({} commands were in flight then)",
        seen(&during),
        lines.len(),
        failed.len(),
        at_cut.len()
    );
    for l in &failed {
        let key = (l["loop"].as_u64(), l["i"].as_u64());
        ensure!(
            at_cut.contains(&key) && l["outcome"] == "lost",
            "a command that the cut did not catch on its way failed: {l} (the cut from {cut_at} to \
             {cut_done} ms; in flight then: {at_cut:?})"
        );
    }
    ensure!(
        lines
            .iter()
            .filter(|l| l["outcome"] == "ok")
            .all(|l| l["exit_code"] == 0),
        "an exit code that is not the fake's"
    );
    let ok_during = during.iter().filter(|l| l.ok()).count();
    ensure!(
        ok_during > 0,
        "no command succeeded while lab2 was cut off: {}",
        seen(&during)
    );
    client.assert_not_restarted().await
}

/// Waits until commands since `t0` were served by two proxies; their command counts.
async fn wait_served_by_two(
    client: &ClientServiceFixture,
    t0: u64,
) -> Result<BTreeMap<String, usize>> {
    wait::until("commands through both proxies", CONVERGE, || async {
        let mut by_endpoint: BTreeMap<String, usize> = BTreeMap::new();
        for l in client.lines().await?.iter().filter(|l| l.t_ms >= t0) {
            if let Some(e) = &l.endpoint {
                *by_endpoint.entry(e.clone()).or_default() += 1;
            }
        }
        Ok((by_endpoint.len() >= 2).then_some(by_endpoint))
    })
    .await
}

/// Waits until each of the app's loops has finished a command after `since`.
async fn wait_each_loop_since(client: &ClientServiceFixture, since: u64) -> Result<()> {
    let what = format!("each of the {LOOPS} loops to finish a command after the heal");
    wait::until(&what, CONVERGE, || async {
        let text = client_raw_lines(client).await?;
        let done: std::collections::BTreeSet<u64> = text
            .iter()
            .filter(|v| v["t_ms"].as_u64().is_some_and(|t| t >= since))
            .filter_map(|v| v["loop"].as_u64())
            .collect();
        Ok((done.len() as u64 == LOOPS).then_some(()))
    })
    .await
}

/// The app's lines as JSON (with the `loop` field [`FollowLine`] does not keep).
async fn client_raw_lines(client: &ClientServiceFixture) -> Result<Vec<serde_json::Value>> {
    let lines = client.raw_lines().await?;
    lines
        .iter()
        .map(|l| serde_json::from_str(l).with_context(|| format!("bad client line {l:?}")))
        .collect()
}

/// The commands (loop, i) that were running at some time in `[from, to]`: a loop starts its
/// next command as soon as one finishes, so command i ran from the end of i − 1 (or the
/// loop's start) to its own end; it was running then when it ended at or after `from` and
/// started at or before `to`.
fn in_flight_during(
    lines: &[serde_json::Value],
    from: u64,
    to: u64,
) -> Vec<(Option<u64>, Option<u64>)> {
    let mut ends: BTreeMap<u64, BTreeMap<u64, u64>> = BTreeMap::new();
    for l in lines {
        if let (Some(n), Some(i), Some(t)) =
            (l["loop"].as_u64(), l["i"].as_u64(), l["t_ms"].as_u64())
        {
            ends.entry(n).or_default().insert(i, t);
        }
    }
    let mut running = Vec::new();
    for (n, by_i) in &ends {
        for (&i, &end) in by_i {
            let started = i.checked_sub(1).and_then(|p| by_i.get(&p)).copied();
            if end >= from && started.is_none_or(|s| s <= to) {
                running.push((Some(*n), Some(i)));
            }
        }
    }
    running
}
