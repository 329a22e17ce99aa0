//! The controller is SIGKILLed in the middle of its first reconcile (as soon as the first of
//! its objects appears, while it creates keys and proxies for eight targets), then started
//! again: it converges to exactly the objects the contract calls for — no duplicate proxy, no
//! second key version, no orphaned host key — and stays there across resyncs. The controller
//! is stateless: everything it needs is re-read from Swarm.
//!
//! Needs the lab and the images (`make images`), and a controller build.

use std::time::Duration;

use anyhow::Result;
use bosun_e2e::controller::ConfigBuilder;
use bosun_e2e::managed;
use bosun_e2e::scenario::*;
use bosun_e2e::{ServiceFixture, group, unique_name, wait};

/// The nodes of the targets' tasks: enough targets that the first reconcile takes a while.
const PLACES: [&str; 8] = [
    "lab2", "lab3", "lab2", "lab3", "lab2", "lab3", "lab2", "lab3",
];

#[tokio::test]
async fn sigkill_mid_reconcile_then_restart_converges_without_duplicates() -> Result<()> {
    let lab = group::controller();
    let app = unique_name("app");
    let mut targets: Vec<(String, &str)> = Vec::new();
    let mut services: Vec<ServiceFixture> = Vec::new();
    let mut config = ConfigBuilder::new();
    for (i, node) in PLACES.iter().enumerate() {
        let name = target_name("nc");
        services.push(nextcloud_on(&lab, &name, node).await?);
        let clients: &[&str] = if i == 0 { &[&app] } else { &[] };
        config = config.nextcloud(&name, &name, clients);
        targets.push((name, node));
    }
    // every object a converged controller has for these targets before a client comes:
    // authorized keys, a host key and a proxy each
    let complete = targets.len() * 3;

    // launched without waiting for its listener, and watched in a tight loop through one
    // connection: the first objects appear within milliseconds
    let manager = lab.manager().await?;
    let mut ctl = bosun_e2e::controller::ControllerFixture::launch(&lab, &config.yaml())?;
    let deadline = std::time::Instant::now() + CONVERGE;
    let at_kill = loop {
        let n = managed::managed_count(&manager).await?;
        if n > 0 {
            break n;
        }
        ctl.check_alive()?;
        if std::time::Instant::now() > deadline {
            anyhow::bail!("the controller made no object within {CONVERGE:?}");
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    ctl.sigkill()?;
    let left = managed::managed_count(&manager).await?;
    eprintln!(
        "SIGKILL after {at_kill} object(s) appeared; {left} of the {complete} objects of a \
         converged state existed when it died{}",
        if left >= complete {
            " (the reconcile had already finished: the kill was not mid-reconcile this time)"
        } else {
            ""
        }
    );

    ctl.restart().await?;
    ctl.wait_ready(CONVERGE).await?;
    for (name, node) in &targets {
        managed::wait_proxies_on(&lab, name, &[node], CONVERGE).await?;
    }
    wait::until("exactly the contract's objects", CONVERGE, || async {
        for (name, node) in &targets {
            assert_objects_exactly(&lab, name, &[node]).await?;
        }
        Ok(Some(()))
    })
    .await?;
    // the first target's client comes: its key is made and the proxies accept it
    let client = client_app(&lab, &ctl, &app, &targets[0].0, "lab1").await?;
    let (first, node) = &targets[0];
    wait::until(
        "the client's key among the contract's objects",
        CONVERGE,
        || async {
            assert_objects_exactly(&lab, first, &[node]).await?;
            let keys = managed::managed_secrets(&lab).await?;
            let keyed = keys
                .iter()
                .any(|k| k.target() == first.as_str() && k.kind() == "client-key");
            Ok(keyed.then_some(()))
        },
    )
    .await?;
    let mut ids = Vec::new();
    for (name, _) in &targets {
        ids.push(object_ids(&lab, name).await?);
    }

    // stable: two resyncs later nothing was replaced
    tokio::time::sleep(Duration::from_secs(12)).await;
    for ((name, node), before) in targets.iter().zip(&ids) {
        assert_objects_exactly(&lab, name, &[node]).await?;
        assert_eq!(&object_ids(&lab, name).await?, before, "{name} changed");
    }
    client.assert_not_restarted().await?;
    client
        .wait_ok_since(bosun_e2e::client_service::now_ms(), CONVERGE)
        .await?;
    Ok(())
}
