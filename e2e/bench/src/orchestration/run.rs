//! The orchestration benchmark on the lab: the setup, then the two measures, in one run
//! (no figure is computed here: [`super::report`] does that from the [`Run`]).
//!
//! The setup: a controller as the e2e suite runs it, with the API on
//! (`bosun_e2e::orchestration::OrchestrationFixture`: the `mongodb` template on the fake
//! MongoDB image), a pool of exactly `clones` ports and `max_clones` of `clones`, rate limits
//! out of the way, and ports apart from the suite's (controller 18900…, API 19900, pool
//! 31000…), so that it can run beside an e2e run on a shared lab.
//!
//! 1. Spawns: the `running` clones are made through the API, one after the other. The first
//!    `spawns` of them are timed ([`super::spawn`]), each followed by its floor: the clone's
//!    own spec, read back from Swarm, made straight on the Engine under another name and
//!    port ([`super::specs::floor_spec`]) and timed the same way. API and floor alternate, so
//!    that both meet the same lab; the floors stay until the end, as the clones do.
//! 2. The other `clones − running` clones are declared at 0 replicas, straight on the Engine:
//!    copies of the first clone's spec with another node id and port
//!    ([`super::specs::stopped_copy`]). That is what a spawn followed by `POST …/stop` leaves on
//!    Swarm (the same labels; the service scaled to 0, which never had a task), without
//!    starting and stopping hundreds of containers on a shared two-core machine. List and
//!    status read only services and tasks, so they cannot tell the two apart. The benchmark
//!    then checks that the API lists every clone and the Engine's filter finds every one.
//! 3. List and status, each against its floor ([`super::calls`]). Status takes the clones in
//!    an even stride over all of them (running and stopped in their proportion).
//!
//! Everything made is removed at the end: the floors here, the clones (labelled with the
//! controller's instance) by the fixture, which sweeps its instance when dropped.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use bollard::Docker;
use bosun_e2e::controller::{self, NODE};
use bosun_e2e::group::Group;
use bosun_e2e::orchestration::{Options, OrchestrationFixture, SUPER_ADMIN};
use bosun_e2e::{Lab, unique_name};
use serde_json::Value;

use super::calls::{self, Pair};
use super::http::Conn;
use super::spawn::{self, Made, spec_of, text};
use super::specs::{self, FLOOR_LABEL, Identity};

/// The template of the e2e fixture.
pub const TEMPLATE: &str = "mongodb";
/// The first port of the controllers this process runs (the e2e suite's start at 18100).
pub const CONTROLLER_PORT: u16 = 18900;
/// The API's port (the suite's start at 19100).
pub const API_PORT: u16 = 19900;
/// The pool's first port (the suite's pools start at 27100, ten ports each); the floors take
/// the ports right after the pool.
pub const POOL_FIRST: u16 = 31000;

/// What the run is asked to do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub clones: usize,
    pub running: usize,
    pub spawns: usize,
    pub calls: usize,
    /// How long a spawn may take to run.
    pub timeout: Duration,
}

/// What the run measured.
#[derive(Debug, Clone)]
pub struct Run {
    pub instance: String,
    pub api: String,
    pub pool: (u16, u16),
    pub spawn: Pair,
    pub list: Pair,
    pub status: Pair,
    /// A copy of the controller's log.
    pub controller_log: PathBuf,
}

/// Sets up, measures, removes what it made, and copies the controller's log to `log_to`.
pub async fn run(lab: &Group, plan: &Plan, log_to: &Path) -> Result<Run> {
    controller::use_ports_from(CONTROLLER_PORT);
    let clones = u16::try_from(plan.clones).context("--clones")?;
    let pool = (POOL_FIRST, POOL_FIRST + clones - 1);
    let options = Options {
        max_clones: u32::from(clones),
        api_port: Some(API_PORT),
        pool: Some(pool),
        limits: format!(
            "{{per_token_per_minute: 1000000, per_peer_per_minute: 1000000, \
             concurrent_spawns: 4, quota_per_token: {clones}}}"
        ),
        ..Options::new(u32::from(clones))
    };
    let fixture = OrchestrationFixture::start_with(lab, &options).await?;
    let instance = fixture.controller.instance.clone();
    let api = format!("http://{}", fixture.api);
    let measured = measure(lab, &fixture, plan).await;
    eprintln!("bench: removing the floors and the clones");
    if let Err(e) = remove_floors(lab, &instance) {
        eprintln!("bench: clean-up: {e:#}");
    }
    let copied = copy_log(&fixture.controller.log_path, log_to);
    drop(fixture);
    let (spawn, list, status) = measured?;
    copied?;
    Ok(Run {
        instance,
        api,
        pool,
        spawn,
        list,
        status,
        controller_log: log_to.to_owned(),
    })
}

/// The three measures: spawns, then list and status with every clone declared.
async fn measure(
    lab: &Lab,
    fixture: &OrchestrationFixture,
    plan: &Plan,
) -> Result<(Pair, Pair, Pair)> {
    let netns = lab.dir().join("ns").join(format!("net.{NODE}"));
    let addr: SocketAddr = fixture.api.parse().context("the API's address")?;
    let mut api = Conn::tcp_in(&netns, addr).await?;
    let mut engine = Conn::unix(&lab.socket(NODE)).await?;
    let docker = lab.manager().await?;
    let token = SUPER_ADMIN.2;
    let instance = fixture.controller.instance.as_str();

    eprintln!(
        "bench: {} spawns through the API, {} of them timed with their floors",
        plan.running, plan.spawns
    );
    let mut sides = Sides {
        api: &mut api,
        engine: &mut engine,
        docker: &docker,
        token,
    };
    let (made, spawn) = spawns(&mut sides, plan, fixture.pool, instance).await?;
    eprintln!(
        "bench: declaring {} clones at 0 replicas",
        plan.clones - made.len()
    );
    let mut ids = declare_stopped(&mut engine, fixture, plan, &made).await?;
    ids.extend(made.iter().map(|m| m.service_id.clone()));

    let labels = [
        format!("bosun.instance={instance}"),
        "bosun.kind=clone".to_owned(),
        format!("bosun.template={TEMPLATE}"),
    ];
    let list_paths = (
        format!("/orchestrate/{TEMPLATE}/clones"),
        calls::engine_list_path(&labels),
    );
    let (listed, found) = calls::counts(&mut api, &mut engine, token, &list_paths).await?;
    ensure!(
        listed == plan.clones && found == plan.clones,
        "the API lists {listed} clones and the Engine finds {found}, not {}",
        plan.clones
    );
    eprintln!("bench: {} × list, {} × status", plan.calls, plan.calls);
    let list = calls::interleaved(&mut api, &mut engine, token, plan.calls, |_| {
        list_paths.clone()
    })
    .await?;
    let rounds = calls::WARM_UP + plan.calls;
    let status = calls::interleaved(&mut api, &mut engine, token, plan.calls, |i| {
        let id = &ids[(i * ids.len() / rounds) % ids.len()];
        (
            format!("/orchestrate/services/{id}/status"),
            format!("/services/{id}"),
        )
    })
    .await?;
    Ok((spawn, list, status))
}

/// The connections and the token a spawn goes through.
struct Sides<'a> {
    api: &'a mut Conn,
    engine: &'a mut Conn,
    docker: &'a Docker,
    token: &'a str,
}

/// The running clones through the API, the first `spawns` timed, each with its floor; then
/// every one of them running.
async fn spawns(
    sides: &mut Sides<'_>,
    plan: &Plan,
    pool: (u16, u16),
    instance: &str,
) -> Result<(Vec<Made>, Pair)> {
    let mut made = Vec::new();
    let mut times = Pair::default();
    for i in 0..plan.running {
        let node_id = format!("node_r{i}");
        if i >= plan.spawns {
            made.push(spawn::spawn(sides.api, sides.token, TEMPLATE, &node_id).await?);
            continue;
        }
        let (clone, api) = spawn::timed_api(
            sides.api,
            sides.docker,
            sides.token,
            TEMPLATE,
            &node_id,
            plan.timeout,
        )
        .await?;
        check_healthy(sides.api, sides.token, &node_id).await?;
        let spec = spec_of(sides.engine, &clone.service_name).await?;
        let port = pool.1 + 1 + u16::try_from(i)?;
        let name = unique_name("orch-floor");
        let floor = specs::floor_spec(&spec, &identity(&clone), &name, port, instance);
        let took = spawn::timed_floor(sides.engine, sides.docker, &floor, plan.timeout).await?;
        eprintln!(
            "bench: spawn {}: API {} ms, floor {} ms",
            i + 1,
            api.as_millis(),
            took.as_millis()
        );
        times.api.push(api);
        times.floor.push(took);
        made.push(clone);
    }
    for clone in &made[plan.spawns..] {
        spawn::wait_running(sides.docker, &clone.service_name, plan.timeout).await?;
    }
    Ok((made, times))
}

/// `GET …/clones/{node_id}/health` must say healthy once the task runs.
async fn check_healthy(api: &mut Conn, token: &str, node_id: &str) -> Result<()> {
    let path = format!("/orchestrate/{TEMPLATE}/clones/{node_id}/health");
    let (status, body) = api.send("GET", &path, Some(token), None).await?;
    let health: Value = serde_json::from_slice(&body).unwrap_or_default();
    ensure!(
        status == 200 && health["healthy"] == true,
        "{node_id} runs, yet its health answered {status} {}",
        text(&body)
    );
    Ok(())
}

/// The clones `made` did not make, at 0 replicas, copies of the first one: their service ids.
async fn declare_stopped(
    engine: &mut Conn,
    fixture: &OrchestrationFixture,
    plan: &Plan,
    made: &[Made],
) -> Result<Vec<String>> {
    let first = made.first().context("no clone to copy")?;
    let source = spec_of(engine, &first.service_name).await?;
    let from = identity(first);
    let taken: BTreeSet<u16> = made.iter().map(|m| m.port).collect();
    let free = (fixture.pool.0..=fixture.pool.1).filter(|p| !taken.contains(p));
    let mut ids = Vec::new();
    for (i, port) in free.take(plan.clones - made.len()).enumerate() {
        let node_id = format!("node_s{i}");
        let name = fixture.clone_service(&node_id);
        let to = Identity {
            name: &name,
            node_id: &node_id,
            port,
        };
        let copy = specs::stopped_copy(&source, TEMPLATE, &from, &to)?;
        ids.push(spawn::create(engine, &copy).await?);
    }
    Ok(ids)
}

/// Where `clone`'s identity is written.
fn identity(clone: &Made) -> Identity<'_> {
    Identity {
        name: &clone.service_name,
        node_id: &clone.node_id,
        port: clone.port,
    }
}

/// Removes the floors of the run `instance`.
fn remove_floors(lab: &Lab, instance: &str) -> Result<()> {
    let filter = format!("label={FLOOR_LABEL}={instance}");
    let listed = lab.cli(&["service", "ls", "-q", "--filter", &filter])?;
    let ids: Vec<&str> = listed.split_whitespace().collect();
    if !ids.is_empty() {
        let mut args = vec!["service", "rm"];
        args.extend(&ids);
        lab.cli(&args)?;
    }
    Ok(())
}

/// Copies the controller's log to `to`.
fn copy_log(log: &Path, to: &Path) -> Result<()> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::copy(log, to)
        .with_context(|| format!("copying {} to {}", log.display(), to.display()))?;
    Ok(())
}
