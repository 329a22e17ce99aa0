//! When a target's task moves to another node, its proxy follows: a constraint change, and
//! the target's node drained. The old proxy goes after the absent grace (10 s in the test
//! configs); the old node's host key stays. Each test prints how long following took (from the change to
//! the new proxy running and the old one gone) and what a client app that runs a command
//! every 300 ms saw meanwhile; the app (on lab1, never drained) must succeed again through
//! the new proxy without being restarted.
//!
//! Needs the lab and the images (`make images`), and a controller build.

use anyhow::{Context, Result};
use bosun_e2e::client_service::now_ms;
use bosun_e2e::disrupt::Drained;
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::managed;
use bosun_e2e::scenario::*;
use bosun_e2e::{group, unique_name};

#[tokio::test]
async fn a_constraint_change_moves_the_proxy() -> Result<()> {
    let lab = group::controller();
    let target = target_name("nc");
    let app = unique_name("app");
    let _nc = nextcloud_on(&lab, &target, "lab2").await?;
    let ctl = controller(&lab, &nextcloud_config(&target, &app)).await?;
    managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    let client = client_app(&lab, &ctl, &app, &target, "lab1").await?;

    let t0 = now_ms();
    lab.cli(&[
        "service",
        "update",
        "-d",
        "--constraint-rm",
        "node.hostname==lab2",
        "--constraint-add",
        "node.hostname==lab3",
        &target,
    ])?;
    let moved = managed::wait_proxies_on(&lab, &target, &["lab3"], CONVERGE).await?;
    let followed = since(t0);
    wait_record_nodes(&ctl, &target, &["lab3"]).await?;
    let (ok, _) = client_recovers(
        &client,
        t0,
        &endpoints_of(moved.values(), 2222),
        "the move lab2 → lab3",
    )
    .await?;
    eprintln!(
        "MOVE (constraint lab2 → lab3): the proxy followed in {followed} ms; the client's first \
         success through the new proxy came {} ms after the change",
        ok.t_ms.saturating_sub(t0)
    );
    // lab2's host key stays for the target's return (a host key belongs to (target, node))
    assert_objects(&lab, &target, &["lab3"], &["lab2", "lab3"]).await?;
    Ok(())
}

#[tokio::test]
async fn draining_the_targets_node_moves_the_proxy() -> Result<()> {
    // draining lab2 or lab3 moves every other test's tasks off it too
    let lab = group::exclusive();
    let target = target_name("nc");
    let app = unique_name("app");
    // lab2 or lab3, not the app's lab1 (by name: every node may be a manager)
    let _nc = target_service(&lab, &target, NEXTCLOUD, &["node.hostname!=lab1"], 1).await?;
    let ctl = controller(&lab, &nextcloud_config(&target, &app)).await?;
    let from = managed::task_nodes(&lab, &target)
        .await?
        .into_iter()
        .next()
        .context("the target runs nowhere")?;
    let to = if from == "lab2" { "lab3" } else { "lab2" };
    managed::wait_proxies_on(&lab, &target, &[&from], CONVERGE).await?;
    let client = client_app(&lab, &ctl, &app, &target, "lab1").await?;

    let t0 = now_ms();
    let _drained = Drained::node(&lab, &from)?;
    let moved = managed::wait_proxies_on(&lab, &target, &[to], CONVERGE).await?;
    let followed = since(t0);
    wait_record_nodes(&ctl, &target, &[to]).await?;
    let (ok, _) = client_recovers(
        &client,
        t0,
        &endpoints_of(moved.values(), 2222),
        &format!("the drain of {from}"),
    )
    .await?;
    eprintln!(
        "MOVE (drain {from} → {to}): the proxy followed in {followed} ms; the client's first \
         success through the new proxy came {} ms after the drain",
        ok.t_ms.saturating_sub(t0)
    );
    assert_objects(&lab, &target, &[to], &["lab2", "lab3"]).await?;
    Ok(())
}
