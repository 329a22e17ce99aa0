//! The rotation benchmark on the lab: what it sets up, then the steady phase and the
//! rotations, and what it collects on the way (no figure is computed here: [`super::report`]
//! does that from the [`Run`]).
//!
//! The setup: one target, the fake Nextcloud with a task on each of two nodes (`!= lab1`, so
//! lab2 and lab3 on the default lab: two proxies, two host keys); `apps` client apps on lab1,
//! clients of that target, each `follow TARGET 0 LOOPS` with `loops` loops and `order:
//! start-first` (what docs/keys.md asks of client services); the controller (a process in
//! lab1) with `rotation.announce` short. Every loop goes through the one target, so that
//! every rotation is on the path of every loop: a host-key rotation rolls the proxies that
//! every loop uses, a client-key rotation (`rotate TARGET`: every client of it) replaces every
//! app's task and rewrites the one authorized-keys file that holds both apps' keys.
//!
//! The target keeps the proxy's default `limits.max_concurrent_execs` (4) unless
//! `--max-concurrent-execs` says otherwise. Each app's client keeps within it on its own, but
//! two apps may pick the same proxy, and during `switch-client` an app's old task and the
//! start-first one that replaces it run side by side, each with all its loops busy: the
//! overflow waits at the proxy for a place (`--queue-wait`, 30 s), which shows in the
//! latency during client-key rotations, and no command is refused. (Before the proxy waited,
//! the first run of this bench saw 4,381 commands refused with 125 there.)

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bosun_e2e::client_service::{ClientServiceFixture, now_ms};
use bosun_e2e::controller::{ConfigBuilder, ControllerFixture};
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::group::Group;
use bosun_e2e::scenario::{CONVERGE, controller, discovery_url, target_name, target_service};
use bosun_e2e::{managed, unique_name};

use super::latency::Window;
use super::rotate::{self, Keys, Rotation, RotationError};
use super::tasks::Tasks;

/// What the run is asked to do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub apps: usize,
    pub loops: u64,
    pub steady: Duration,
    /// Rotations of each kind; they alternate, a client-key rotation first.
    pub rotations: usize,
    /// `rotation.announce` of the config (`3s`).
    pub announce: String,
    /// The node of the apps and of the controller.
    pub app_node: String,
    /// The target's `limits.max_concurrent_execs`.
    pub max_concurrent_execs: u32,
}

/// What the run did and saw.
#[derive(Debug)]
pub struct Run {
    pub target: String,
    pub apps: Vec<String>,
    /// (hostname, node id) of each proxy of the target.
    pub proxies: Vec<(String, String)>,
    pub steady: Window,
    pub rotations: Vec<Rotation>,
    /// The rotation that did not finish, when one did not (the run stopped there).
    pub stuck: Option<RotationError>,
    /// The end of the run: the last rotation's end, or the moment it was given up.
    pub end_ms: u64,
    pub tasks: Tasks,
    /// A copy of the controller's log (the fixture's own goes with the lab).
    pub controller_log: PathBuf,
}

/// Sets up, runs the steady phase and the rotations, reads every task's output, and copies
/// the controller's log to `log_to` (also when the run fails). A rotation that does not finish
/// ends the run without an error (it is in [`Run::stuck`]); an error is a setup or lab
/// failure.
pub async fn run(lab: &Group, plan: &Plan, log_to: &Path) -> Result<Run> {
    let target = target_name("nc");
    let apps: Vec<String> = (0..plan.apps).map(|_| unique_name("app")).collect();
    // dropped in reverse: the apps (in `measure`), the controller (it sweeps its objects),
    // the target
    let _target = target_service(lab, &target, NEXTCLOUD, &["node.hostname!=lab1"], 2).await?;
    let clients: Vec<&str> = apps.iter().map(String::as_str).collect();
    let mut config = ConfigBuilder::new()
        .nextcloud(&target, &target, &clients)
        .max_concurrent_execs(plan.max_concurrent_execs);
    config.announce = Some(plan.announce.clone());
    let ctl = controller(lab, &config.yaml()).await?;
    let run = measure(lab, &ctl, plan, &target, &apps).await;
    let copied = copy_log(&ctl, log_to);
    let mut run = run?;
    copied?;
    run.controller_log = log_to.to_owned();
    Ok(run)
}

/// The apps, the steady phase, the rotations, and every task's output read.
async fn measure(
    lab: &Group,
    ctl: &ControllerFixture,
    plan: &Plan,
    target: &str,
    apps: &[String],
) -> Result<Run> {
    let proxies = proxy_nodes(lab, target).await?;
    let mut fixtures = Vec::new();
    for app in apps {
        fixtures.push(start_app(lab, ctl, app, target, plan).await?);
    }
    let hosts: Vec<&str> = proxies.iter().map(|(h, _)| h.as_str()).collect();
    eprintln!(
        "bench: {} app(s) × {} loop(s) on {} through {target} (proxies on {})",
        plan.apps,
        plan.loops,
        plan.app_node,
        hosts.join(", ")
    );

    let mut tasks = Tasks::default();
    let t0 = now_ms();
    eprintln!("bench: steady phase, {:?}", plan.steady);
    tokio::time::sleep(plan.steady).await;
    let steady = Window {
        from_ms: t0,
        to_ms: now_ms(),
    };
    tasks.read(lab, apps, false).await?;

    let keys = Keys {
        target: target.to_owned(),
        clients: apps.to_vec(),
        hosts: proxies.clone(),
    };
    let (rotations, stuck) = rotations(lab, ctl, &keys, plan, &mut tasks).await?;
    let end_ms = now_ms();
    tasks.read(lab, apps, true).await?;
    drop(fixtures);
    Ok(Run {
        target: target.to_owned(),
        apps: apps.to_vec(),
        proxies,
        steady,
        rotations,
        stuck,
        end_ms,
        tasks,
        controller_log: PathBuf::new(),
    })
}

/// The rotations, back to back, the stopped tasks read after each; stops at the first one
/// that does not finish.
async fn rotations(
    lab: &Group,
    ctl: &ControllerFixture,
    keys: &Keys,
    plan: &Plan,
    tasks: &mut Tasks,
) -> Result<(Vec<Rotation>, Option<RotationError>)> {
    let mut done = Vec::new();
    for i in 0..2 * plan.rotations {
        let kind = rotate::alternate(i);
        eprintln!("bench: rotation {} ({kind})", i + 1);
        match rotate::run(lab, ctl, keys, i + 1, kind).await {
            Ok(r) => {
                eprintln!(
                    "bench: rotation {} ({kind}) done in {:.1} s: {}",
                    r.n,
                    r.duration_ms as f64 / 1000.0,
                    r.keys.join(", ")
                );
                done.push(r);
            }
            Err(e) => {
                eprintln!("bench: {e}");
                if let Err(dead) = ctl.check_alive() {
                    eprintln!("bench: {dead:#}");
                }
                eprintln!(
                    "bench: the controller's log, last lines:\n{}",
                    ctl.log_tail(30)
                );
                return Ok((done, Some(e)));
            }
        }
        tasks.read(lab, &keys.clients, false).await?;
    }
    Ok((done, None))
}

/// Starts one app and waits until it is keyed and a command succeeded.
async fn start_app(
    lab: &Group,
    ctl: &ControllerFixture,
    name: &str,
    target: &str,
    plan: &Plan,
) -> Result<ClientServiceFixture> {
    let url = discovery_url(ctl);
    let mut app = ClientServiceFixture::create_start_first(
        lab,
        name,
        target,
        &plan.app_node,
        &url,
        plan.loops,
    )
    .await?;
    app.wait_keyed(CONVERGE).await?;
    app.wait_ok_since(0, CONVERGE).await?;
    Ok(app)
}

/// (hostname, node id) of each node with a running proxy of `target`, once there are two.
async fn proxy_nodes(lab: &Group, target: &str) -> Result<Vec<(String, String)>> {
    let nodes = managed::task_nodes(lab, target).await?;
    let hosts: Vec<&str> = nodes.iter().map(String::as_str).collect();
    if hosts.len() != 2 {
        bail!("{target} runs on {hosts:?}, not on two nodes");
    }
    managed::wait_proxies_on(lab, target, &hosts, CONVERGE).await?;
    let mut out = Vec::new();
    for host in hosts {
        out.push((host.to_owned(), lab.node_id(host).await?));
    }
    Ok(out)
}

/// Copies the controller's log to `to`.
fn copy_log(ctl: &ControllerFixture, to: &Path) -> Result<()> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::copy(&ctl.log_path, to)
        .with_context(|| format!("copying {} to {}", ctl.log_path.display(), to.display()))?;
    Ok(())
}
