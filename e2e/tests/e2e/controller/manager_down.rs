//! The manager's dockerd dies under the controller (`bosun-lab kill lab1`: SIGKILL, the
//! controller process itself keeps running) and comes back (`bosun-lab start lab1`): `/healthz`
//! turns 503 once no list has succeeded for `watch_deadline` (6 s here) and 200 again after
//! the restart, and the watch recovers: a proxy deleted afterwards is recreated. Meanwhile a
//! client app on lab3 keeps running commands through the proxy on lab2 (the data path needs
//! no manager) and keeps its last discovery record.
//!
//! Needs the lab and the images (`make images`), and a controller build.

use std::time::Duration;

use anyhow::Result;
use bosun_e2e::client_service::now_ms;
use bosun_e2e::disrupt::DockerdDown;
use bosun_e2e::managed;
use bosun_e2e::scenario::*;
use bosun_e2e::{group, unique_name, wait};

#[tokio::test]
async fn the_watch_recovers_when_the_managers_dockerd_restarts() -> Result<()> {
    // with lab1's dockerd gone, no other test can create or inspect anything
    let lab = group::exclusive();
    let target = target_name("nc");
    let app = unique_name("app");
    let _nc = nextcloud_on(&lab, &target, "lab2").await?;
    let ctl = controller(&lab, &nextcloud_config(&target, &app)).await?;
    managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    // not on lab1: a dockerd restart without live-restore stops that node's containers
    let client = client_app(&lab, &ctl, &app, &target, "lab3").await?;
    // read once the app has its key: the proxy rolled to accept it (a new task, a new address)
    let proxies = managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    let endpoints = endpoints_of(proxies.values(), 2222);
    assert_eq!(ctl.status("/healthz"), Some(200));

    let t0 = now_ms();
    let mut down = DockerdDown::kill(&lab, "lab1")?;
    ctl.wait_status("/healthz", 503, Duration::from_secs(30))
        .await?;
    eprintln!(
        "lab1's dockerd killed: /healthz answered 503 after {} ms: {:?}",
        since(t0),
        ctl.get("/healthz")?.2.trim()
    );
    assert_eq!(
        ctl.status("/readyz"),
        Some(200),
        "ready stays true once synced"
    );
    // the data path does not need the manager: the app keeps succeeding
    let outage_start = now_ms();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(ctl.discovery()?["targets"].get(&target).is_some());

    let t1 = now_ms();
    down.start()?;
    wait::until("lab1 to manage the swarm again", CONVERGE, || async {
        Ok(lab.manager().await?.inspect_swarm().await.ok().map(|_| ()))
    })
    .await?;
    ctl.wait_status("/healthz", 200, CONVERGE).await?;
    eprintln!(
        "lab1's dockerd started: /healthz answered 200 after {} ms",
        since(t1)
    );
    let during = client.lines_between(outage_start, t1).await?;
    eprintln!(
        "client app while lab1's dockerd was down: {}",
        seen(&during)
    );
    assert!(
        !during.is_empty()
            && during
                .iter()
                .all(|l| l.ok() && l.endpoint.as_ref().is_some_and(|e| endpoints.contains(e))),
        "the app failed while only the manager's dockerd was down: {}",
        seen(&during)
    );

    // the watch works again: a deleted proxy comes back
    let old = managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?["lab2"]
        .service
        .clone();
    let t2 = now_ms();
    lab.cli(&["service", "rm", &old.name])?;
    wait_proxy_recreated(&lab, &target, &old).await?;
    eprintln!(
        "after the restart, a deleted proxy was recreated in {} ms",
        since(t2)
    );
    let again = managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    client_recovers(
        &client,
        t2,
        &endpoints_of(again.values(), 2222),
        "the proxy's deletion after the manager came back",
    )
    .await?;
    Ok(())
}
