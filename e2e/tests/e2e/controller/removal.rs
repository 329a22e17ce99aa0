//! Removing a target from the config removes its proxies and secrets (and detaches its key
//! from the client app), and leaves everything else alone: the other target's objects keep
//! their ids, and objects that only look like bosun's — a service `bosun-proxy-decoy-x`, a
//! secret `bosun-decoy-client-key-v1`, and look-alikes of the removed target's own names —
//! but do not carry `bosun.managed-by=bosun` are never touched, across several resyncs.
//!
//! Needs the lab and the images (`make images`), and a controller build.

use std::time::Duration;

use anyhow::Result;
use bosun_e2e::controller::{ConfigBuilder, fresh_instance, instance_name};
use bosun_e2e::fakes::{NEXTCLOUD, PHOTOPRISM};
use bosun_e2e::managed;
use bosun_e2e::scenario::*;
use bosun_e2e::{ServiceFixture, group, unique_name, wait};

#[tokio::test]
async fn removing_a_target_removes_its_objects_and_nothing_else() -> Result<()> {
    let lab = group::controller();
    let gone = target_name("nc");
    let kept = target_name("pp");
    let app = unique_name("app");
    let _nc = nextcloud_on(&lab, &gone, "lab2").await?;
    let _pp = target_service(&lab, &kept, PHOTOPRISM, &["node.hostname==lab3"], 1).await?;

    // look-alikes named like the controller's objects, without its labels
    let instance = fresh_instance();
    let named = |base: String| instance_name(&instance, &base);
    let decoy = named("bosun-proxy-decoy-x".into());
    let decoy_service = ServiceFixture::pinned(&lab, &decoy, NEXTCLOUD.image, "lab3").await?;
    let lookalike_service = ServiceFixture::pinned(
        &lab,
        &named(format!("bosun-proxy-{gone}-000000000000")),
        NEXTCLOUD.image,
        "lab2",
    )
    .await?;
    let decoy_secret = ForeignSecret::create(&lab, &named("bosun-decoy-client-key-v1".into()))?;
    let lookalike_secret =
        ForeignSecret::create(&lab, &named(format!("bosun-{gone}-client-key-v99")))?;

    let both = ConfigBuilder::new()
        .instance(&instance)
        .nextcloud(&gone, &gone, &[&app])
        .photoprism(&kept, &kept, &[]);
    let ctl = controller(&lab, &both.yaml()).await?;
    managed::wait_proxies_on(&lab, &gone, &["lab2"], CONVERGE).await?;
    managed::wait_proxies_on(&lab, &kept, &["lab3"], CONVERGE).await?;
    let client = client_app(&lab, &ctl, &app, &gone, "lab1").await?;
    let kept_ids = object_ids(&lab, &kept).await?;

    let only_kept = ConfigBuilder::new().photoprism(&kept, &kept, &[]);
    ctl.write_config(&only_kept.yaml())?;
    managed::wait_no_objects(&lab, &gone, CONVERGE).await?;
    wait::until(
        "the removed target to leave the discovery record",
        CONVERGE,
        || async {
            let record = ctl.discovery()?;
            Ok(record["targets"].get(&gone).is_none().then_some(()))
        },
    )
    .await?;
    // the key is detached from the app
    wait::until(
        "the client key to be detached from the app",
        CONVERGE,
        || async {
            let spec = lab
                .manager()
                .await?
                .inspect_service(&client.service.name, None)
                .await?
                .spec;
            let attached = spec
                .and_then(|s| s.task_template)
                .and_then(|t| t.container_spec)
                .and_then(|c| c.secrets)
                .unwrap_or_default()
                .iter()
                .any(|s| {
                    s.secret_name
                        .as_deref()
                        .is_some_and(|n| n.starts_with(&named(format!("bosun-{gone}-"))))
                });
            Ok((!attached).then_some(()))
        },
    )
    .await?;

    // two resync periods later, the rest is exactly as it was
    tokio::time::sleep(Duration::from_secs(12)).await;
    assert_eq!(object_ids(&lab, &kept).await?, kept_ids);
    for service in [&decoy_service.name, &lookalike_service.name] {
        assert!(
            managed::service_exists(&lab, service).await?,
            "{service} was removed"
        );
        assert_eq!(
            managed::running_tasks(&lab, service).await?.len(),
            1,
            "{service} no longer runs"
        );
    }
    for secret in [&decoy_secret.name, &lookalike_secret.name] {
        assert!(
            managed::secret_exists(&lab, secret).await?,
            "{secret} was removed"
        );
    }
    for name in [&decoy_service.name, &lookalike_service.name] {
        let labels = lab
            .manager()
            .await?
            .inspect_service(name, None)
            .await?
            .spec
            .and_then(|s| s.labels)
            .unwrap_or_default();
        assert!(
            !labels.contains_key("bosun.managed-by"),
            "{name} was labelled: {labels:?}"
        );
    }
    assert!(ctl.status("/healthz") == Some(200), "{}", ctl.log_tail(20));
    Ok(())
}
