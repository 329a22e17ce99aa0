//! `bosun-bench`: the exec-path benchmark behind `make bench`. Run inside a lab node
//! (`bosun-lab exec lab1 …`) so that it stands on the lab network like an app container.
//!
//! It deploys the fake Nextcloud and a bosun proxy on lab2, then measures four ways of running
//! `php occ status` in it, in one run:
//!
//! 1. a direct Engine API exec through lab2's engine: the floor;
//! 2. the bosun client on its pooled connection;
//! 3. the bosun client with a fresh connection per call;
//! 4. the stock OpenSSH client against the proxy.
//!
//! For each: sequential p50/p99 over `--calls` calls, and the throughput of `--clients`
//! concurrent callers × `--per-client` calls each. It prints a table of every figure's ratio to
//! the floor, the proxy's RSS, the targets, and writes everything as JSON to `--out`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail, ensure};
use bosun::{Client, EnvSource};
use bosun_bench::exec::{self, Compared, Measurement};
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::proxy::{ProxyFixture, ProxyOptions};
use bosun_e2e::{Lab, ServiceFixture, unique_name};
use bosun_engine as engine;
use clap::Parser;
use serde_json::json;

const COMMAND: [&str; 3] = ["php", "occ", "status"];
const WARM_UP: usize = 5;

/// Benchmarks the exec paths against a direct Engine API exec.
#[derive(Debug, Parser)]
struct Args {
    /// Sequential calls per method (p50/p99).
    #[arg(long, default_value_t = 200)]
    calls: usize,
    /// Concurrent callers in the throughput run.
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// Calls per concurrent caller.
    #[arg(long, default_value_t = 50)]
    per_client: usize,
    /// Where the JSON results go.
    #[arg(long, default_value = "target/bench/exec.json")]
    out: PathBuf,
}

fn main() -> Result<()> {
    let args = Args::parse();
    bosun_bench::block_on(run(args))
}

async fn run(args: Args) -> Result<()> {
    let lab = Lab::from_env();
    eprintln!("bench: deploying the fake Nextcloud and a proxy on lab2");
    let target =
        ServiceFixture::pinned(&lab, &unique_name("bench-nc"), NEXTCLOUD.image, "lab2").await?;
    target
        .wait_running(std::time::Duration::from_secs(90))
        .await?;
    let proxy = ProxyFixture::deploy(
        &lab,
        ProxyOptions::for_fake(&target.name, NEXTCLOUD, "lab2"),
    )
    .await?;
    let rss_idle_kb = proxy_rss_kb(&lab, &proxy).await?;

    // 1. the floor: the Engine API of the target's node, straight
    let lab2 = lab.docker("lab2").await?;
    let container = engine::find_task_container(&lab2, &target.name)
        .await?
        .container_id;
    let spec = NEXTCLOUD.exec_spec(&COMMAND);
    let floor = measure(&args, "engine API exec (floor)", |_| {
        let (lab2, container, spec) = (&lab2, &container, &spec);
        async move {
            let out = engine::run_collect(lab2, container, spec).await?;
            ensure!(out.exit_code == 0, "engine exec exited {}", out.exit_code);
            Ok(())
        }
    })
    .await?;

    // 2. and 3. the bosun client, pooled and fresh
    let env = client_env(&proxy)?;
    let pooled_client = Client::from_env_source(EnvSource::from_map(env.clone()))?;
    let pooled = measure(&args, "bosun client, pooled", |_| {
        let client = &pooled_client;
        async move { ok(client.exec("nextcloud", &COMMAND).await?.exit_code) }
    })
    .await?;
    let fresh = measure(&args, "bosun client, fresh conn", |_| {
        let env = env.clone();
        async move {
            let client = Client::from_env_source(EnvSource::from_map(env))?;
            ok(client.exec("nextcloud", &COMMAND).await?.exit_code)
        }
    })
    .await?;
    ensure!(
        pooled_client.connections_dialed() == 1,
        "the pooled client dialed {} connections",
        pooled_client.connections_dialed()
    );

    // 4. stock OpenSSH
    let ssh_argv = Arc::new(proxy.ssh_argv(&[], &COMMAND.join(" ")));
    let ssh = measure(&args, "OpenSSH ssh", |_| {
        let argv = ssh_argv.clone();
        async move {
            let out = tokio::process::Command::new(&argv[0])
                .args(&argv[1..])
                .stdin(std::process::Stdio::null())
                .output()
                .await?;
            ensure!(
                out.status.success(),
                "ssh: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Ok(())
        }
    })
    .await?;
    let rss_after_kb = proxy_rss_kb(&lab, &proxy).await?;

    let rows: Vec<Compared> = [&floor, &pooled, &fresh, &ssh]
        .iter()
        .map(|m| m.compared_to(&floor))
        .collect();
    println!("\n{}", exec::table(&rows));
    let targets = [
        (
            "pooled p50 <= 1.15 x floor",
            rows[1].p50_ratio <= 1.15,
            format!("{:.2}x", rows[1].p50_ratio),
        ),
        (
            "fresh p50 <= floor + 40 ms",
            rows[2].p50_over_floor_ms <= 40.0,
            format!("+{:.1} ms", rows[2].p50_over_floor_ms),
        ),
        (
            "pooled 8-client throughput >= 0.9 x floor",
            rows[1].throughput_ratio >= 0.9,
            format!("{:.2}x", rows[1].throughput_ratio),
        ),
        (
            "proxy idle RSS <= 15 MB",
            rss_idle_kb <= 15 * 1024,
            format!("{:.1} MB", rss_idle_kb as f64 / 1024.0),
        ),
    ];
    println!(
        "proxy RSS: {:.1} MB idle, {:.1} MB after the run",
        rss_idle_kb as f64 / 1024.0,
        rss_after_kb as f64 / 1024.0
    );
    for (what, met, figure) in &targets {
        println!(
            "  {} {what}: {figure}",
            if *met { "met   " } else { "MISSED" }
        );
    }

    let report = json!({
        "command": COMMAND.join(" "),
        "methods": rows,
        "proxy_rss_kb": { "idle": rss_idle_kb, "after_run": rss_after_kb },
        "targets": targets.iter().map(|(what, met, figure)| json!({"target": what, "met": met, "figure": figure})).collect::<Vec<_>>(),
    });
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&args.out, serde_json::to_string_pretty(&report)? + "\n")
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!("results: {}", args.out.display());
    Ok(())
}

/// Warms `call` up, then measures it sequentially and with concurrent callers.
async fn measure<F, Fut>(args: &Args, method: &str, call: F) -> Result<Measurement>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    eprintln!("bench: {method}");
    exec::sequential(WARM_UP, || call(0))
        .await
        .with_context(|| format!("warming up {method}"))?;
    let latencies = exec::sequential(args.calls, || call(0))
        .await
        .with_context(|| format!("{method}, sequential"))?;
    let rate = exec::throughput(args.clients, args.per_client, &call)
        .await
        .with_context(|| format!("{method}, concurrent"))?;
    Ok(Measurement::new(
        method,
        &latencies,
        args.clients,
        args.per_client,
        rate,
    ))
}

fn ok(exit_code: u32) -> Result<()> {
    if exit_code != 0 {
        bail!("the command exited {exit_code}");
    }
    Ok(())
}

/// The environment an app container would be given for `proxy`'s target.
fn client_env(proxy: &ProxyFixture) -> Result<HashMap<String, String>> {
    let pins = proxy.dir.join("bench-pinned-host-keys");
    std::fs::write(&pins, format!("{}\n", proxy.host_public_key))
        .with_context(|| format!("writing {}", pins.display()))?;
    Ok(HashMap::from([
        ("NEXTCLOUD_PROXY_SERVICE".to_owned(), proxy.host.clone()),
        ("PROXY_SSH_PORT".to_owned(), proxy.port.to_string()),
        (
            "BOSUN_NEXTCLOUD_KEY_FILE".to_owned(),
            proxy.client_key_path.display().to_string(),
        ),
        (
            "BOSUN_NEXTCLOUD_HOST_KEYS_FILE".to_owned(),
            pins.display().to_string(),
        ),
    ]))
}

/// The resident set of the proxy process, from the host's view of its pid.
async fn proxy_rss_kb(lab: &Lab, proxy: &ProxyFixture) -> Result<u64> {
    let docker = lab.docker(&proxy.node).await?;
    let inspect = docker
        .inspect_container(&proxy.task.container_id, None)
        .await
        .context("inspecting the proxy container")?;
    let pid = inspect
        .state
        .and_then(|s| s.pid)
        .context("the proxy container has no pid")?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS in the proxy's status")
}
