//! A SIGKILL of the controller in the middle of spawns leaves no half-made clone.
//!
//! What a spawn writes (controller/src/orchestration/swarm/spawn.rs): nothing before the
//! create, then one object, the clone's service, in one `service create` whose spec carries
//! everything: its labels (`bosun.kind=clone`, `bosun.clone`, `bosun.template`,
//! `bosun.node-id`, `bosun.owner`, `bosun.port`, `bosun.spec-hash`, `bosun.clone-params`), the
//! port it publishes and its volume mount. A SIGKILL lands before the create (nothing made,
//! the caller gets no answer) or after it (the clone exists, the caller may get no answer).
//! A port is taken by being in a service's spec (`ports.rs`): there is no reservation object.
//! The volume is made by the engine of the node where the task starts. An approval
//! (`requests.rs`) makes the requested clone as a spawn does, owned by the requester and
//! labelled `bosun.request-id`, and then removes the request's config: killed in between, it
//! leaves both (this test found that), and the leader's housekeeping removes the request when
//! it takes the lead.
//!
//! So "half-made" here is anything the restarted controller's swarm shows that a whole spawn
//! would not: a clone service without one of its labels, or whose published port is not its
//! `bosun.port`, is outside the pool or is published by another service too; a service of the
//! instance that is no clone (a purge, say); a clone the API does not list, or a listed one
//! that does not exist; a clone that never runs healthy; more than one clone for a node id
//! once every spawn is sent again (a repeat gets the existing clone, 200, or a new one, 201);
//! and whatever no clone owns: a volume of the instance whose clone does not exist. A pending
//! request is whole while its clone does not exist; a request whose clone exists is a
//! half-made approval, which must be gone soon after the restart.
//!
//! The test makes a NODE_OPERATOR's request, then sends 8 spawns for 8 node ids and the
//! request's approval at once to the controller frozen by SIGSTOP (so that all 9 are
//! connected and sent), lets it go on (SIGCONT), SIGKILLs it as soon as its log says it made
//! the first clone (the backend makes them one at a time under the spawn lock, a few tens of
//! ms apart, so the others are in flight), starts it again and waits until it leads. It checks
//! the swarm, sends every spawn again, approves the request again if it is still pending, and
//! checks that every node id then has exactly one clone and no request is left.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use bosun_e2e::clones::{self, SwarmService};
use bosun_e2e::orchestration::{
    ADMIN, OPERATOR, OPERATOR_NODE, Options, OrchestrationFixture, SUPER_ADMIN, TRON_ADDRESS,
    spawn_body,
};
use bosun_e2e::{group, wait};
use serde_json::Value;

const NODES: usize = 8;
const ROOT: Option<&str> = Some(SUPER_ADMIN.2);

/// One request the test sends while it kills the controller.
struct Call {
    what: String,
    path: String,
    token: &'static str,
    body: Option<String>,
}

/// The spawns of `node_ids` (by the SUPER_ADMIN) and the approval of `request` (by an ADMIN).
fn calls(node_ids: &[String], request: &str) -> Vec<Call> {
    let mut calls: Vec<Call> = node_ids
        .iter()
        .map(|node_id| Call {
            what: format!("the spawn of {node_id}"),
            path: "/orchestrate/mongodb/clone".into(),
            token: SUPER_ADMIN.2,
            body: Some(spawn_body(node_id, None)),
        })
        .collect();
    calls.push(Call {
        what: format!("the approval of {request}"),
        path: format!("/orchestrate/requests/{request}/approve"),
        token: ADMIN.2,
        body: None,
    });
    calls
}

/// Sends every call at once; the handles answer what each got back.
fn send_all(api: &OrchestrationFixture, calls: Vec<Call>) -> Vec<tokio::task::JoinHandle<String>> {
    calls
        .into_iter()
        .map(|call| {
            let client = api.client.clone();
            tokio::task::spawn_blocking(move || {
                let answer =
                    client.call("POST", &call.path, Some(call.token), call.body.as_deref());
                match answer {
                    Ok((status, _, text)) => format!("{}: {status} {text}", call.what),
                    Err(e) => format!("{}: no answer: {e:#}", call.what),
                }
            })
        })
        .collect()
}

/// Who owns `node_id`'s clone: the operator its own, the SUPER_ADMIN the others.
fn owner(node_id: &str) -> &'static str {
    if node_id == OPERATOR_NODE {
        OPERATOR.0
    } else {
        SUPER_ADMIN.0
    }
}

/// The request id `node_id`'s clone carries: the approved request's for the operator's.
fn approved<'a>(node_id: &str, request: &'a str) -> &'a str {
    if node_id == OPERATOR_NODE {
        request
    } else {
        ""
    }
}

/// Waits until no pending request is one whose clone exists: an approval killed between its
/// create and the request's removal leaves one, and the leader's housekeeping removes it when
/// it takes the lead.
async fn wait_no_carried_out_request(api: &OrchestrationFixture) -> Result<()> {
    let lab = api.client.lab();
    wait::until(
        "no pending request whose clone exists",
        Duration::from_secs(60),
        || async {
            let (status, listed) =
                api.call_json("GET", "/orchestrate/requests", Some(ADMIN.2), None)?;
            ensure!(status == 200, "the requests: {status} {listed}");
            let clones: BTreeSet<String> = clones::services(lab, &api.controller.instance)?
                .iter()
                .map(|s| s.label("bosun.node-id").to_owned())
                .collect();
            let requests = listed["requests"].as_array().cloned().unwrap_or_default();
            let stale: Vec<&Value> = requests
                .iter()
                .filter(|r| clones.contains(r["node_id"].as_str().unwrap_or_default()))
                .collect();
            if stale.is_empty() {
                return Ok(Some(()));
            }
            bail!("pending, and its clone exists: {stale:?}")
        },
    )
    .await
}

/// Fails unless `service` is a whole clone of `api`'s template for one of `node_ids`.
fn check_whole(
    api: &OrchestrationFixture,
    node_ids: &[String],
    request: &str,
    s: &SwarmService,
) -> Result<()> {
    let node_id = s.label("bosun.node-id");
    let port: Option<u16> = s.label("bosun.port").parse().ok();
    let params: Value = serde_json::from_str(s.label("bosun.clone-params")).unwrap_or_default();
    let hash = s.label("bosun.spec-hash");
    let whole = node_ids.iter().any(|n| n == node_id)
        && s.name == api.clone_service(node_id)
        && s.label("bosun.managed-by") == "bosun"
        && s.label("bosun.instance") == api.controller.instance
        && s.label("bosun.kind") == "clone"
        && s.label("bosun.clone") == format!("mongodb/{node_id}")
        && s.label("bosun.template") == "mongodb"
        && s.label("bosun.owner") == owner(node_id)
        && s.label("bosun.request-id") == approved(node_id, request)
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && params["node_id"] == node_id
        && params["node_tron_address"] == TRON_ADDRESS
        && port.is_some_and(|p| params["port"] == p && s.published == vec![p])
        && port.is_some_and(|p| (api.pool.0..=api.pool.1).contains(&p))
        && s.replicas == Some(1);
    ensure!(
        whole,
        "a half-made clone {} ({}): labels {:#?}, publishes {:?}, replicas {:?}, pool {:?}",
        s.name,
        s.id,
        s.labels,
        s.published,
        s.replicas,
        api.pool
    );
    Ok(())
}

/// Fails unless every service of the instance is a whole clone, no port is published twice,
/// and nothing is left that no clone owns; returns the clones by node id.
fn check_swarm(
    api: &OrchestrationFixture,
    node_ids: &[String],
    request: &str,
) -> Result<BTreeMap<String, SwarmService>> {
    let lab = api.client.lab();
    let instance = &api.controller.instance;
    let services = clones::services(lab, instance)?;
    let mut by_node = BTreeMap::new();
    for s in &services {
        check_whole(api, node_ids, request, s)?;
        let node_id = s.label("bosun.node-id").to_owned();
        ensure!(
            by_node.insert(node_id, s.clone()).is_none(),
            "two clones of one node id: {services:#?}"
        );
    }
    let users = clones::pool_users(lab, api.pool)?;
    for s in by_node.values() {
        let by: Vec<_> = users
            .iter()
            .filter(|(_, p)| s.published.contains(p))
            .collect();
        ensure!(by.len() == 1, "{}'s port is published by {by:?}", s.name);
    }
    let owned: BTreeSet<String> = by_node.keys().map(|n| api.clone_volume(n)).collect();
    let volumes = clones::volumes(lab, instance)?;
    let orphans: Vec<_> = volumes.iter().filter(|(_, v)| !owned.contains(v)).collect();
    ensure!(
        orphans.is_empty(),
        "volumes without their clone: {orphans:?}"
    );
    let configs = clones::request_configs(lab, instance)?;
    let (status, listed) = api.call_json("GET", "/orchestrate/requests", Some(ADMIN.2), None)?;
    let requests = listed["requests"].as_array().cloned().unwrap_or_default();
    ensure!(
        status == 200 && requests.len() == configs.len(),
        "the API lists the requests {status} {listed}, Swarm has {configs:?}"
    );
    for r in &requests {
        let node_id = r["node_id"].as_str().unwrap_or_default();
        ensure!(
            !by_node.contains_key(node_id),
            "a half-made approval: {node_id}'s clone exists and its request {r} is pending"
        );
    }
    Ok(by_node)
}

/// Returns once the controller's log says, past byte `from`, that it created a clone. It
/// looks every 5 ms: the backend makes a clone every few tens of ms, and the kill should find
/// the others in flight.
async fn first_created(api: &OrchestrationFixture, from: usize) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let log = api.controller.logs();
        if log.get(from..).is_some_and(|new| new.contains(CREATED)) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            bail!(
                "no clone created within 60 s; the log ends with:\n{}",
                api.controller.log_tail(20)
            );
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The log line of a clone made (controller/src/orchestration/swarm/spawn.rs).
const CREATED: &str = "orchestration: clone created";

/// The operator's spawn of its own node id: pending (202); its id.
fn make_request(api: &OrchestrationFixture) -> Result<String> {
    let body = spawn_body(OPERATOR_NODE, None);
    let (status, asked) = api.call_json(
        "POST",
        "/orchestrate/mongodb/clone",
        Some(OPERATOR.2),
        Some(&body),
    )?;
    ensure!(status == 202, "the operator's spawn: {status} {asked}");
    let id = asked["request_id"].as_str().unwrap_or_default().to_owned();
    ensure!(!id.is_empty(), "no request id: {asked}");
    Ok(id)
}

/// Approves `request` again if it is still pending: 201 with a new clone, or 200 with
/// `existing`, the clone a killed approval made. A request already carried out is 404.
fn approve_again(
    api: &OrchestrationFixture,
    request: &str,
    existing: Option<&SwarmService>,
) -> Result<()> {
    let path = format!("/orchestrate/requests/{request}/approve");
    let (status, clone) = api.call_json("POST", &path, Some(ADMIN.2), None)?;
    match (status, existing) {
        (404, Some(_)) | (201, None) => Ok(()),
        (200, Some(s)) if clone["service_id"] == s.id.as_str() => Ok(()),
        _ => bail!("the repeated approval: {status} {clone}, the clone before it: {existing:?}"),
    }
}

#[tokio::test]
async fn a_sigkill_mid_spawn_leaves_no_half_made_clone() -> Result<()> {
    let lab = group::controller();
    let options = Options {
        volume: true,
        ..Options::new(10)
    };
    let mut api = OrchestrationFixture::start_with(&lab, &options).await?;
    let instance = api.controller.instance.clone();
    let spawned: Vec<String> = (0..NODES).map(|i| format!("node_k{i}")).collect();
    let mut node_ids = spawned.clone();
    node_ids.push(OPERATOR_NODE.into());
    let request = make_request(&api)?;

    // Frozen, the controller accepts no connection, but its kernel does: every call is
    // connected and sent before the controller sees the first, so the kill finds the ones not
    // yet made in flight, not still starting.
    api.controller.sigstop()?;
    let sent = send_all(&api, calls(&spawned, &request));
    let connected = wait::until(
        "every call connected to the frozen controller",
        Duration::from_secs(60),
        || async { Ok(Some(api.connections()?).filter(|n| *n > NODES)) },
    )
    .await;
    let log_from = api.controller.logs().len();
    api.controller.sigcont()?;
    eprintln!("e2e: {connected:?} calls connected while the controller was frozen");
    connected?;
    let first = first_created(&api, log_from).await;
    api.controller.sigkill()?;
    first?;
    let at_kill = clones::services(&lab, &instance)?.len();
    eprintln!("e2e: SIGKILL after the first clone was created; {at_kill} exist after it");
    for call in sent {
        eprintln!("e2e: before the SIGKILL, {}", call.await?);
    }

    api.controller.restart().await?;
    api.wait_leading().await?;

    wait_no_carried_out_request(&api).await?;
    let before = check_swarm(&api, &node_ids, &request)?;
    let (status, list) = api.call_json("GET", "/orchestrate/mongodb/clones", ROOT, None)?;
    ensure!(status == 200, "the list answered {status}: {list}");
    let listed: BTreeSet<String> = list["clones"]
        .as_array()
        .context("no clones in the list")?
        .iter()
        .map(|c| c["service_id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let existing: BTreeSet<String> = before.values().map(|s| s.id.clone()).collect();
    ensure!(
        listed == existing,
        "the API lists {listed:?}, Swarm has {existing:?}: {list}"
    );
    let running: Vec<&str> = before.keys().map(String::as_str).collect();
    api.wait_healthy(&running, Duration::from_secs(150)).await?;

    for node_id in &spawned {
        let body = spawn_body(node_id, None);
        let (status, text) =
            api.call_json("POST", "/orchestrate/mongodb/clone", ROOT, Some(&body))?;
        match before.get(node_id) {
            Some(s) => ensure!(
                status == 200 && text["service_id"] == s.id.as_str(),
                "the repeat for {node_id}, whose clone {} exists: {status} {text}",
                s.id
            ),
            None => ensure!(
                status == 201,
                "the repeat for {node_id}, which had no clone: {status} {text}"
            ),
        }
    }
    approve_again(&api, &request, before.get(OPERATOR_NODE))?;
    let after = check_swarm(&api, &node_ids, &request)?;
    let left = clones::request_configs(&lab, &instance)?;
    ensure!(left.is_empty(), "requests left after the repeats: {left:?}");
    let all: BTreeSet<String> = node_ids.iter().cloned().collect();
    ensure!(
        after.keys().cloned().collect::<BTreeSet<_>>() == all,
        "after the repeats, clones of {:?}",
        after.keys()
    );
    Ok(())
}
