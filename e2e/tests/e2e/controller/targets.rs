//! The controller puts a proxy next to every task of a declared target, on the task's node:
//! declaring a target creates its keys and a proxy on the target's node and publishes them in
//! the discovery record; a deleted proxy service is recreated, with the same host key; scaling the target to two
//! nodes gives two proxies (and back to one). A client app on lab1 follows the discovery
//! record the whole time and keeps succeeding, without being restarted.
//!
//! Needs the lab and the images (`make images`), and a controller build
//! (`cargo build -p bosun-controller`); see `bosun_e2e::controller`.

use anyhow::{Context, Result};
use bosun_e2e::client_service::now_ms;
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::managed;
use bosun_e2e::scenario::*;
use bosun_e2e::{group, unique_name};

#[tokio::test]
async fn declaring_a_target_puts_a_proxy_next_to_its_task() -> Result<()> {
    let lab = group::controller();
    let target = target_name("nc");
    let app = unique_name("app");
    let _nc = nextcloud_on(&lab, &target, "lab2").await?;
    let ctl = controller(&lab, &nextcloud_config(&target, &app)).await?;

    let proxies = managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    let proxy = &proxies["lab2"];
    assert_objects_exactly(&lab, &target, &["lab2"]).await?;
    let labels = &proxy.service.labels;
    for key in [
        "bosun.node",
        "bosun.key-version",
        "bosun.spec-hash",
        "bosun.target",
    ] {
        assert!(labels.contains_key(key), "proxy labels {labels:?}");
    }
    assert_eq!(labels["bosun.kind"], "proxy");
    // the client's own key, once its service exists (it gets it when it opts in)
    let client = client_app(&lab, &ctl, &app, &target, "lab1").await?;
    let secrets = managed::managed_secrets(&lab).await?;
    let client_key = secrets
        .iter()
        .find(|s| s.target() == target && s.kind() == "client-key")
        .context("no client key secret")?;
    assert_eq!(client_key.label("bosun.client"), Some(app.as_str()));
    assert!(
        client_key
            .label("bosun.public-key")
            .is_some_and(|k| k.starts_with("ssh-ed25519 ")),
        "{client_key:?}"
    );

    // the discovery record: the proxy on lab2, its host key, never a private key
    let record = wait_record_nodes(&ctl, &target, &["lab2"]).await?;
    let entry = &record["targets"][&target];
    assert_eq!(entry["endpoints"][0]["host"], proxy.service.name.as_str());
    assert_eq!(entry["endpoints"][0]["port"], 2222);
    assert_eq!(entry["ssh_user"], "bosun");
    assert!(
        entry["host_keys"][0]
            .as_str()
            .is_some_and(|k| k.starts_with("ssh-ed25519 ")),
        "{entry}"
    );
    let (status, headers, body) = ctl.get("/v1/discovery")?;
    assert_eq!(status, 200);
    assert!(!body.contains("PRIVATE KEY"), "{body}");
    assert_eq!(
        headers.get("etag").map(String::as_str),
        Some(format!("\"{}\"", record["generation"]).as_str()),
        "{headers:?}"
    );
    // signed over the very bytes served, by the controller's key, and not expired
    ctl.verify_record(&headers, &body)?;

    // the app on lab1 runs commands through the proxy on lab2, found through discovery
    let file = mounted_secret_file(&lab, &app, &client_key.name).await?;
    let key_path = format!("/run/secrets/bosun-{target}-key");
    assert!(
        file.name.as_deref() == Some(key_path.as_str())
            || file.name.as_deref() == Some(&key_path["/run/secrets/".len()..]),
        "{file:?}"
    );
    assert_eq!(file.mode, Some(0o400));
    // read once the app has its key: the proxy rolled to accept it
    let proxies = managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    let endpoints = endpoints_of(proxies.values(), 2222);
    client_recovers(&client, now_ms(), &endpoints, "the first commands").await?;
    Ok(())
}

#[tokio::test]
async fn a_deleted_proxy_service_is_recreated() -> Result<()> {
    let lab = group::controller();
    let target = target_name("nc");
    let app = unique_name("app");
    let _nc = nextcloud_on(&lab, &target, "lab2").await?;
    let ctl = controller(&lab, &nextcloud_config(&target, &app)).await?;
    let before = managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    let client = client_app(&lab, &ctl, &app, &target, "lab1").await?;

    let old = &before["lab2"].service;
    let host_key = host_key_secret(&lab, &target, "lab2").await?;
    let t0 = now_ms();
    lab.cli(&["service", "rm", &old.name])?;
    wait_proxy_recreated(&lab, &target, old).await?;
    let after = managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    eprintln!(
        "the deleted proxy {} was recreated and running after {} ms",
        old.name,
        since(t0)
    );
    assert_eq!(after["lab2"].service.name, old.name);
    assert_objects_exactly(&lab, &target, &["lab2"]).await?;
    // the new proxy has the host key clients pinned: same secret, same id
    assert_eq!(host_key_secret(&lab, &target, "lab2").await?, host_key);
    client_recovers(
        &client,
        t0,
        &endpoints_of(after.values(), 2222),
        "the proxy's deletion",
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn scaling_the_target_to_two_nodes_gives_two_proxies() -> Result<()> {
    let lab = group::controller();
    let target = target_name("nc");
    let app = unique_name("app");
    // lab2 or lab3, not the app's lab1 (by name: every node may be a manager)
    let _nc = target_service(&lab, &target, NEXTCLOUD, &["node.hostname!=lab1"], 1).await?;
    let ctl = controller(&lab, &nextcloud_config(&target, &app)).await?;
    let first: Vec<String> = managed::task_nodes(&lab, &target)
        .await?
        .into_iter()
        .collect();
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    managed::wait_proxies_on(&lab, &target, &first, CONVERGE).await?;
    let client = client_app(&lab, &ctl, &app, &target, "lab1").await?;

    let t0 = now_ms();
    lab.cli(&["service", "scale", "-d", &format!("{target}=2")])?;
    let both = managed::wait_proxies_on(&lab, &target, &["lab2", "lab3"], CONVERGE).await?;
    eprintln!("scaled to 2: both proxies running after {} ms", since(t0));
    assert_objects_exactly(&lab, &target, &["lab2", "lab3"]).await?;
    wait_record_nodes(&ctl, &target, &["lab2", "lab3"]).await?;
    client_recovers(
        &client,
        t0,
        &endpoints_of(both.values(), 2222),
        "the scale-up",
    )
    .await?;

    let t1 = now_ms();
    lab.cli(&["service", "scale", "-d", &format!("{target}=1")])?;
    let left = wait_task_count(&lab, &target, 1).await?;
    let left: Vec<&str> = left.iter().map(String::as_str).collect();
    let one = managed::wait_proxies_on(&lab, &target, &left, CONVERGE).await?;
    eprintln!(
        "scaled back to 1: only the proxy on {left:?} left after {} ms",
        since(t1)
    );
    // both nodes keep their host key (the proxy that went waited out the absent grace)
    assert_objects(&lab, &target, &left, &["lab2", "lab3"]).await?;
    wait_record_nodes(&ctl, &target, &left).await?;
    client_recovers(
        &client,
        t1,
        &endpoints_of(one.values(), 2222),
        "the scale-down",
    )
    .await?;
    Ok(())
}
