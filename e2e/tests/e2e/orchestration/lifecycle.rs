//! The end of a clone on a real engine: the volume purge and the cleanup of stopped clones.
//!
//! * A template with a per-clone named volume: two clones run healthy, each with its volume on
//!   the node where its task runs. An ADMIN's `DELETE …/clones/{node_id}?purge_volume=true`
//!   removes the first clone and its volume on every node (the purge is a one-shot global
//!   service of the proxy's image, `bosun-proxy purge-volume`, gone by the answer); a plain
//!   `DELETE` of the second removes its service and container and keeps its volume.
//! * `orchestration.cleanup_stopped_after: 1m` (the least the config takes): a clone stopped
//!   through the API is removed by the leader once its `bosun.stopped-at` stamp is older than
//!   that, and `GET /orchestrate/audit?who=bosun-cleanup` lists the removal; a clone stopped
//!   and started again keeps running. The leader looks every minute, and at once after a
//!   config reload: the test changes the setting to 61 s once the stamp is old enough, so it
//!   waits about a minute, not two.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail, ensure};
use bosun_e2e::clones::{self, SwarmService};
use bosun_e2e::orchestration::{ADMIN, Options, OrchestrationFixture, SUPER_ADMIN, spawn_body};
use bosun_e2e::{group, wait};
use serde_json::Value;

const ROOT: Option<&str> = Some(SUPER_ADMIN.2);
/// How long a purge may take: each node's wait for the volume and the controller's for every
/// node (controller/src/orchestration/swarm/purge/job.rs), and a margin.
const PURGE_TIMEOUT: Duration = Duration::from_secs(200);

fn spawn(api: &OrchestrationFixture, node_id: &str) -> Result<Value> {
    let body = spawn_body(node_id, None);
    let (status, clone) = api.call_json("POST", "/orchestrate/mongodb/clone", ROOT, Some(&body))?;
    ensure!(status == 201, "the spawn of {node_id}: {status} {clone}");
    Ok(clone)
}

/// The instance's service of `node_id`'s clone, if Swarm has it.
fn clone_service(api: &OrchestrationFixture, node_id: &str) -> Result<Option<SwarmService>> {
    let name = api.clone_service(node_id);
    let services = clones::services(api.client.lab(), &api.controller.instance)?;
    Ok(services.into_iter().find(|s| s.name == name))
}

/// The nodes that hold `node_id`'s clone volume.
fn volume_nodes(api: &OrchestrationFixture, node_id: &str) -> Result<BTreeSet<String>> {
    let volume = api.clone_volume(node_id);
    let all = clones::volumes(api.client.lab(), &api.controller.instance)?;
    Ok(all
        .into_iter()
        .filter(|(_, v)| *v == volume)
        .map(|(node, _)| node)
        .collect())
}

/// The node `node_id`'s clone runs on; fails unless its volume is there.
fn node_with_volume(api: &OrchestrationFixture, node_id: &str) -> Result<String> {
    let service = api.clone_service(node_id);
    let nodes = clones::task_nodes(api.client.lab(), &service)?;
    let [node] = nodes.as_slice() else {
        bail!("{service}'s tasks run on {nodes:?}, not on one node");
    };
    let held = volume_nodes(api, node_id)?;
    ensure!(
        held.contains(node),
        "{}'s volume is on {held:?}, its task on {node}",
        api.clone_volume(node_id)
    );
    Ok(node.clone())
}

#[tokio::test]
async fn a_purge_removes_the_volume_everywhere_and_a_plain_delete_keeps_it() -> Result<()> {
    let lab = group::controller();
    let options = Options {
        volume: true,
        ..Options::new(5)
    };
    let api = OrchestrationFixture::start_with(&lab, &options).await?;
    let (purged, kept) = ("node_p", "node_q");
    spawn(&api, purged)?;
    spawn(&api, kept)?;
    api.wait_healthy(&[purged, kept], Duration::from_secs(120))
        .await?;
    let purged_on = node_with_volume(&api, purged)?;
    let kept_on = node_with_volume(&api, kept)?;
    eprintln!("e2e: {purged} runs on {purged_on}, {kept} on {kept_on}");

    let path = format!("/orchestrate/mongodb/clones/{purged}?purge_volume=true");
    let admin = Some(ADMIN.2);
    let (status, _, text) = api
        .client
        .call_within("DELETE", &path, admin, None, PURGE_TIMEOUT)?;
    ensure!(status == 204, "the purge answered {status}: {text}");
    ensure!(
        clone_service(&api, purged)?.is_none(),
        "{purged}'s service is still there"
    );
    let held = volume_nodes(&api, purged)?;
    ensure!(held.is_empty(), "{purged}'s volume is still on {held:?}");
    let instance = &api.controller.instance;
    let left: Vec<String> = clones::services(&lab, instance)?
        .into_iter()
        .filter(|s| s.label("bosun.kind") != "clone")
        .map(|s| s.name)
        .collect();
    ensure!(left.is_empty(), "services left by the purge: {left:?}");

    let path = format!("/orchestrate/mongodb/clones/{kept}");
    let (status, _, text) = api.call("DELETE", &path, admin, None)?;
    ensure!(status == 204, "the plain delete answered {status}: {text}");
    ensure!(
        clone_service(&api, kept)?.is_none(),
        "{kept}'s service is still there"
    );
    let service = api.clone_service(kept);
    wait::until(
        &format!("{service}'s container gone from {kept_on}"),
        Duration::from_secs(60),
        || async {
            Ok(clones::containers_of(&lab, &kept_on, &service)?
                .is_empty()
                .then_some(()))
        },
    )
    .await?;
    let held = volume_nodes(&api, kept)?;
    ensure!(
        held == BTreeSet::from([kept_on.clone()]),
        "{kept}'s volume after a plain delete: on {held:?}, wanted on {kept_on}"
    );
    // the fixture removes the kept volume when it drops
    Ok(())
}

fn now_ms() -> Result<u64> {
    let since = SystemTime::now().duration_since(UNIX_EPOCH)?;
    Ok(u64::try_from(since.as_millis())?)
}

/// Stops (or starts) `node_id`'s clone through the API; fails unless it then asks for
/// `replicas`.
fn scale(api: &OrchestrationFixture, node_id: &str, verb: &str, replicas: u64) -> Result<()> {
    let path = format!(
        "/orchestrate/services/{}/{verb}",
        api.clone_service(node_id)
    );
    let (status, service) = api.call_json("POST", &path, Some(ADMIN.2), None)?;
    ensure!(
        status == 200 && service["replicas"] == replicas,
        "{verb} {node_id}: {status} {service}"
    );
    Ok(())
}

#[tokio::test]
async fn the_cleanup_removes_a_clone_stopped_too_long_and_audits_it() -> Result<()> {
    let lab = group::controller();
    let options = Options {
        cleanup_stopped_after: Some("1m".into()),
        ..Options::new(5)
    };
    let mut api = OrchestrationFixture::start_with(&lab, &options).await?;
    let (stopped, restarted) = ("node_s", "node_r");
    spawn(&api, stopped)?;
    spawn(&api, restarted)?;
    scale(&api, stopped, "stop", 0)?;
    scale(&api, restarted, "stop", 0)?;
    scale(&api, restarted, "start", 1)?;

    let service = clone_service(&api, stopped)?.context("the stopped clone's service")?;
    let stamp: u64 = service
        .label("bosun.stopped-at")
        .parse()
        .with_context(|| format!("{}'s stop stamp: {:?}", service.name, service.labels))?;
    let other = clone_service(&api, restarted)?.context("the restarted clone's service")?;
    ensure!(
        other.label("bosun.stopped-at").is_empty(),
        "a start left the stop stamp: {:?}",
        other.labels
    );
    // The stamp is the controller's clock, which is this machine's; 2 s past the new
    // setting, so the pass the reload starts finds the clone due.
    let due = stamp + 63_000;
    let now = now_ms()?;
    tokio::time::sleep(Duration::from_millis(due.saturating_sub(now))).await;
    let reloaded = std::time::Instant::now();
    api.reconfigure(Options {
        cleanup_stopped_after: Some("61s".into()),
        ..api.options.clone()
    })?;
    wait::until(
        &format!("the cleanup to remove {}", service.name),
        Duration::from_secs(90),
        || async { Ok(clone_service(&api, stopped)?.is_none().then_some(())) },
    )
    .await?;
    eprintln!(
        "e2e: {} removed {:?} after the reload",
        service.name,
        reloaded.elapsed()
    );
    let other = clone_service(&api, restarted)?.context("the restarted clone is gone")?;
    ensure!(other.replicas == Some(1), "{other:?}");

    let records = wait::until(
        "the cleanup's audit record",
        Duration::from_secs(30),
        || async {
            let query = "/orchestrate/audit?who=bosun-cleanup";
            let (status, trail) = api.call_json("GET", query, ROOT, None)?;
            ensure!(status == 200, "the audit answered {status}: {trail}");
            let records = trail["records"].as_array().cloned().unwrap_or_default();
            Ok((!records.is_empty()).then_some(records))
        },
    )
    .await?;
    let [r] = records.as_slice() else {
        bail!("the cleanup's records: {records:#?}");
    };
    ensure!(
        r["who"] == "bosun-cleanup"
            && r["role"] == "SUPER_ADMIN"
            && r["method"] == "DELETE"
            && r["route"].is_null()
            && r["template"] == "mongodb"
            && r["target"] == stopped
            && r["status"] == 204
            && r["result"] == "ok",
        "the cleanup's record: {r}"
    );
    let (status, _) = api.call_json(
        "GET",
        &format!("/orchestrate/mongodb/clones/{stopped}"),
        ROOT,
        None,
    )?;
    ensure!(status == 404, "the removed clone answered {status}");
    Ok(())
}
