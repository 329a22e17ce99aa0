//! Issue 9, what bad input and neighbours cannot do:
//! * a misspelled `bosun.*` label on a label-declared target holds it: nothing of it is
//!   updated or removed, before and after a controller restart, and `/v1/status` says why;
//! * a config without `targets` is refused by `check-config`; a config that would remove every
//!   target that has proxies is refused (at reload and at start) until it sets
//!   `allow_remove_all`;
//! * two instances on one swarm leave each other's objects alone, and `uninstall --instance`
//!   removes exactly one instance's objects;
//! * a client service that did not opt in (`bosun.client-of`) is never touched, and an app
//!   running as uid 33 reads its key with the uid, gid and mode its config gives it.
//!
//! Each test runs one controller (two for the instances), `group::controller`. Needs the lab,
//! the images (`make images`) and a controller build.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use bosun_e2e::client_service::ClientServiceFixture;
use bosun_e2e::controller::{ConfigBuilder, ControllerFixture, fresh_instance, run_controller_cli};
use bosun_e2e::fakes::{NEXTCLOUD, PHOTOPRISM};
use bosun_e2e::scenario::*;
use bosun_e2e::{ServiceFixture, group, managed, unique_name, wait};

/// One resync and a little more (the test configs resync every 5 s): long enough for a
/// controller that would remove something to have done it.
const A_RESYNC: Duration = Duration::from_secs(7);

/// `/v1/status`'s line for `target`.
fn state_of(status: &serde_json::Value, target: &str) -> String {
    status["targets"][target]["state"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Fails unless `target`'s objects are exactly `before` (same names, same ids) after a resync.
async fn unchanged_after_a_resync(
    lab: &bosun_e2e::Lab,
    target: &str,
    before: &std::collections::HashMap<String, String>,
    what: &str,
) -> Result<()> {
    tokio::time::sleep(A_RESYNC).await;
    let now = object_ids(lab, target).await?;
    ensure!(
        &now == before,
        "{what}: {target}'s objects changed\nbefore {before:?}\nnow    {now:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_misspelled_label_removes_nothing_across_a_restart() -> Result<()> {
    let lab = group::controller();
    let target = target_name("nc");
    let _nc = nextcloud_on(&lab, &target, "lab2").await?;
    let label = |kv: &str| lab.cli(&["service", "update", "-d", "--label-add", kv, &target]);
    // the target is this test's controller's alone: other instances on the lab (the stack
    // test's, which reads labels too) leave it be
    let instance = fresh_instance();
    label(&format!("bosun.instance={instance}"))?;
    label("bosun.enable=true")?;
    label("bosun.policy=nextcloud")?;
    let config = ConfigBuilder::new().with_labels().instance(&instance);
    let ctl = controller(&lab, &config.yaml()).await?;
    managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    let before = object_ids(&lab, &target).await?;

    label("bosun.exec.usr=www-data")?;
    let held = |s: &serde_json::Value| state_of(s, &target) == "held";
    let status = ctl.wait_status_json("the target held", held).await?;
    let line = &status["targets"][&target];
    let problems = line["problems"].to_string();
    assert!(problems.contains("bosun.exec.usr"), "{line}");
    assert_eq!(line["proxies"][0]["running"], true, "{line}");
    assert!(ctl.metric("bosun_target_problems", &[])?.unwrap_or(0.0) >= 1.0);
    unchanged_after_a_resync(&lab, &target, &before, "a misspelled label").await?;

    let mut ctl = ctl;
    ctl.restart().await?;
    ctl.wait_ready(CONVERGE).await?;
    ctl.wait_status_json("the target held after a restart", held)
        .await?;
    unchanged_after_a_resync(&lab, &target, &before, "a restart with the label").await?;

    lab.cli(&[
        "service",
        "update",
        "-d",
        "--label-rm",
        "bosun.exec.usr",
        &target,
    ])?;
    let declared = |s: &serde_json::Value| state_of(s, &target) == "declared";
    ctl.wait_status_json("the target declared again", declared)
        .await?;
    managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    Ok(())
}

#[tokio::test]
async fn no_targets_is_refused_and_removing_every_target_needs_allow_remove_all() -> Result<()> {
    let lab = group::controller();
    // check-config: `targets` missing is an error with its position; `targets: {}` is fine.
    let dir = lab.dir().join(unique_name("check"));
    std::fs::create_dir_all(&dir)?;
    let missing = dir.join("missing.yaml");
    std::fs::write(&missing, "network: bosun\n# targets: {}\n")?;
    let out = run_controller_cli(&lab, &["check-config", missing.to_str().context("path")?])?;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(":3:1: targets: is required"), "{err}");

    let target = target_name("nc");
    let _nc = nextcloud_on(&lab, &target, "lab2").await?;
    let one = ConfigBuilder::new().nextcloud(&target, &target, &[]);
    let mut ctl = controller(&lab, &one.yaml()).await?;
    managed::wait_proxies_on(&lab, &target, &["lab2"], CONVERGE).await?;
    let before = object_ids(&lab, &target).await?;

    // At reload: refused, the last good config stays.
    let none = ConfigBuilder::new();
    ctl.write_config(&none.yaml())?;
    let refused = |s: &serde_json::Value| s["config_refused"].is_string();
    let status = ctl.wait_status_json("the config refused", refused).await?;
    assert!(
        status["config_refused"]
            .to_string()
            .contains("allow_remove_all"),
        "{status}"
    );
    unchanged_after_a_resync(&lab, &target, &before, "a reload without targets").await?;

    // At start: refused, nothing reconciled, never ready.
    ctl.restart().await?;
    ctl.wait_status_json("the config refused at start", refused)
        .await?;
    unchanged_after_a_resync(&lab, &target, &before, "a start without targets").await?;
    assert_eq!(ctl.status("/readyz"), Some(503));

    // Saying so removes them.
    ctl.write_config(&none.allow_remove_all().yaml())?;
    managed::wait_no_objects(&lab, &target, CONVERGE).await?;
    ctl.wait_ready(CONVERGE).await?;
    Ok(())
}

#[tokio::test]
async fn two_instances_leave_each_other_alone_and_uninstall_removes_one() -> Result<()> {
    let lab = group::controller();
    let ours = target_name("nc");
    let theirs = target_name("pp");
    let _nc = nextcloud_on(&lab, &ours, "lab2").await?;
    let _pp = target_service(&lab, &theirs, PHOTOPRISM, &["node.hostname==lab3"], 1).await?;
    let bosun = ConfigBuilder::new().nextcloud(&ours, &ours, &[]);
    let _ctl = controller(&lab, &bosun.yaml()).await?;
    let blue = ConfigBuilder::new()
        .instance("blue")
        .photoprism(&theirs, &theirs, &[]);
    let blue_ctl = ControllerFixture::start(&lab, &blue.yaml()).await?;
    blue_ctl.wait_ready(CONVERGE).await?;
    managed::wait_proxies_on(&lab, &ours, &["lab2"], CONVERGE).await?;
    let blue_proxy = wait::until("blue's proxy to run", CONVERGE, || async {
        let proxies = managed::proxies(&lab, &theirs).await?;
        Ok(proxies
            .into_iter()
            .find(|p| p.running.len() == 1 && p.service.name.starts_with("blue--proxy-")))
    })
    .await?;
    assert_eq!(blue_proxy.service.label("bosun.instance"), Some("blue"));
    let (ours_before, theirs_before) = (
        object_ids(&lab, &ours).await?,
        object_ids(&lab, &theirs).await?,
    );
    assert!(
        theirs_before.keys().all(|n| n.starts_with("blue--")),
        "{theirs_before:?}"
    );
    unchanged_after_a_resync(&lab, &ours, &ours_before, "beside blue").await?;
    unchanged_after_a_resync(&lab, &theirs, &theirs_before, "beside bosun").await?;

    // Listed, not removed, without --yes; removed with it (blue's controller stopped first).
    let docker = "--docker-host=unix:///var/run/docker.sock";
    let listing = run_controller_cli(&lab, &["uninstall", "--instance", "blue", docker])?;
    let text = String::from_utf8_lossy(&listing.stdout);
    assert!(
        listing.status.success() && text.contains(&blue_proxy.service.name),
        "{text}"
    );
    assert!(!text.contains(&ours), "{text}");
    assert_eq!(object_ids(&lab, &theirs).await?, theirs_before);
    let mut blue_ctl = blue_ctl;
    blue_ctl.sigkill()?;
    let removed = run_controller_cli(&lab, &["uninstall", "--instance", "blue", docker, "--yes"])?;
    let text = String::from_utf8_lossy(&removed.stdout);
    assert!(
        removed.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&removed.stderr)
    );
    managed::wait_no_objects(&lab, &theirs, CONVERGE).await?;
    assert_eq!(object_ids(&lab, &ours).await?, ours_before);
    Ok(())
}

#[tokio::test]
async fn only_opted_in_clients_get_a_key_with_their_uid_and_mode() -> Result<()> {
    let lab = group::controller();
    let target = target_name("nc");
    let (app, stranger) = (unique_name("app"), unique_name("stranger"));
    let _nc = nextcloud_on(&lab, &target, "lab2").await?;
    let other = ServiceFixture::pinned(&lab, &stranger, NEXTCLOUD.image, "lab1").await?;
    let manager = lab.manager().await?;
    let created = manager.inspect_service(&other.id, None).await?.spec;
    let config = ConfigBuilder::new()
        .nextcloud(&target, &target, &[&app, &stranger])
        .key_access(33, 33, "0400");
    let ctl = controller(&lab, &config.yaml()).await?;
    let url = discovery_url(&ctl);
    let mut client =
        ClientServiceFixture::create_as(&lab, &app, &target, "lab1", &url, "33:33").await?;
    client.wait_keyed(CONVERGE).await?;
    let first = client.wait_ok_since(0, CONVERGE).await?;
    eprintln!("the app, as uid 33, ran a command: {first:?}");

    let key = ctl.object_name(&format!("bosun-{target}-client-{app}-v1"));
    let file = mounted_secret_file(&lab, &app, &key).await?;
    assert_eq!(
        (file.uid.as_deref(), file.gid.as_deref(), file.mode),
        (Some("33"), Some("33"), Some(0o400))
    );
    // The stranger: never changed (its spec is still the one it was created with).
    let problem = |s: &serde_json::Value| {
        s["targets"][&target]["problems"]
            .to_string()
            .contains("has not opted in")
    };
    ctl.wait_status_json("the stranger reported", problem)
        .await?;
    tokio::time::sleep(A_RESYNC).await;
    let seen = manager.inspect_service(&other.id, None).await?.spec;
    assert_eq!(seen, created, "the stranger's spec was changed");
    Ok(())
}
