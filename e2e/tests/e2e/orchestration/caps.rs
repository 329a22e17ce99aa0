//! The template's cap holds under a crowd: 100 spawns at once, each for a node id of its own,
//! against a template capped at 10 clones (its pool has 20 ports, the token's quota and the
//! concurrent spawns allow 100 and more, so only the cap binds). Exactly 10 are made (201),
//! the other 90 are `429 clone_cap` with a `Retry-After`; the swarm then holds exactly 10
//! clone services of the instance, each publishing a port of the pool that no other service
//! publishes, the one its `bosun.port` label and its 201 answer name.
//!
//! The clones never run: the template's placement constraint matches no node, so their tasks
//! stay pending. The cap, the ports and the services are the API's and Swarm's business, not
//! the containers'; a hundred fake MongoDBs starting on a loaded CI machine would test the
//! machine. Deleting the ten through the API at the end leaves no clone of the instance.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use bosun_e2e::orchestration::{Options, OrchestrationFixture, SUPER_ADMIN, json_body, spawn_body};
use bosun_e2e::{clones, group};

const SPAWNS: usize = 100;
const CAP: u32 = 10;
/// How long one spawn may wait for its answer: the backend makes them one at a time, and
/// each is audited before it is answered.
const PATIENCE: Duration = Duration::from_secs(150);

/// Every spawn's answer: node id → (status, Retry-After, body).
type Answers = BTreeMap<String, (u16, Option<String>, serde_json::Value)>;

async fn spawn_all(api: &Arc<OrchestrationFixture>) -> Result<Answers> {
    let mut tasks = Vec::new();
    for i in 0..SPAWNS {
        let client = api.client.clone();
        let node_id = format!("node_{i}");
        tasks.push(tokio::task::spawn_blocking(move || {
            let body = spawn_body(&node_id, None);
            let answer = client.call_within(
                "POST",
                "/orchestrate/mongodb/clone",
                Some(SUPER_ADMIN.2),
                Some(&body),
                PATIENCE,
            );
            (node_id, answer)
        }));
    }
    let mut answers = Answers::new();
    for task in tasks {
        let (node_id, answer) = task.await?;
        let (status, headers, text) = answer.with_context(|| format!("the spawn of {node_id}"))?;
        let retry = headers.get("retry-after").cloned();
        answers.insert(node_id, (status, retry, json_body(&text)?));
    }
    Ok(answers)
}

#[tokio::test]
async fn a_hundred_spawns_make_exactly_the_cap_and_no_port_twice() -> Result<()> {
    let lab = group::controller();
    let options = Options {
        pool_size: 20,
        constraints: vec!["node.labels.bosun-e2e-nowhere==true".into()],
        limits: format!(
            "{{per_token_per_minute: 6000, per_peer_per_minute: 6000, \
             concurrent_spawns: {room}, quota_per_token: {room}}}",
            room = 2 * SPAWNS
        ),
        ..Options::new(CAP)
    };
    let api = Arc::new(OrchestrationFixture::start_with(&lab, &options).await?);
    let pool = api.pool;
    let answers = spawn_all(&api).await?;

    let created: BTreeMap<&String, &serde_json::Value> = answers
        .iter()
        .filter(|(_, (status, _, _))| *status == 201)
        .map(|(node, (_, _, body))| (node, body))
        .collect();
    let refused = answers.iter().filter(|(_, (status, retry, body))| {
        *status == 429 && body["error"] == "clone_cap" && retry.is_some()
    });
    let others: Vec<_> = answers
        .iter()
        .filter(|(_, (status, _, body))| {
            *status != 201 && !(*status == 429 && body["error"] == "clone_cap")
        })
        .collect();
    ensure!(
        created.len() == CAP as usize && refused.count() == SPAWNS - CAP as usize,
        "{} spawns answered 201 (wanted {CAP}), the others: {others:#?}",
        created.len()
    );
    ensure!(
        others.is_empty(),
        "answers other than 201 or 429 clone_cap with Retry-After: {others:#?}"
    );

    let instance = api.controller.instance.clone();
    let services = clones::services(&lab, &instance)?;
    let names: BTreeSet<String> = services.iter().map(|s| s.name.clone()).collect();
    let wanted: BTreeSet<String> = created.keys().map(|n| api.clone_service(n)).collect();
    ensure!(
        names == wanted,
        "the instance's services are not the 201s' clones:\n{names:#?}\nwanted {wanted:#?}"
    );
    let mut ports = BTreeSet::new();
    for service in &services {
        let node_id = service.label("bosun.node-id");
        let answered = created.get(&node_id.to_owned()).map(|c| c["port"].clone());
        ensure!(
            service.label("bosun.kind") == "clone"
                && service.published.len() == 1
                && service.label("bosun.port") == service.published[0].to_string()
                && answered == Some(service.published[0].into()),
            "{} publishes {:?}, its labels {:?}, its 201 said port {answered:?}",
            service.name,
            service.published,
            service.labels
        );
        let port = service.published[0];
        ensure!(
            (pool.0..=pool.1).contains(&port),
            "{} publishes {port}, outside the pool {pool:?}",
            service.name
        );
        ensure!(ports.insert(port), "port {port} was given twice");
    }
    // Another test run's clones may use ports of this range too, but none of ours.
    let users = clones::pool_users(&lab, pool)?;
    for port in &ports {
        let by: Vec<_> = users.iter().filter(|(_, p)| p == port).collect();
        ensure!(by.len() == 1, "port {port} is published by {by:?}");
    }

    for node_id in created.keys() {
        let path = format!("/orchestrate/mongodb/clones/{node_id}");
        let (status, _, text) = api.call("DELETE", &path, Some(SUPER_ADMIN.2), None)?;
        ensure!(status == 204, "DELETE {path}: {status} {text}");
    }
    let left = clones::services(&lab, &instance)?;
    ensure!(left.is_empty(), "clones left after the deletes: {left:#?}");
    Ok(())
}
