//! Live config reload: a bad config file (an unknown field, then text that is not YAML) is
//! rejected — `bosun_config_reloads_total{result="invalid"}` goes up, the last good config
//! keeps running and its proxy is left alone — and a good change (a second target) is applied
//! without touching the first target's objects. SIGHUP re-reads the file too. The client app
//! of the first target never notices.
//!
//! Needs the lab and the images (`make images`), and a controller build.

use std::time::Duration;

use anyhow::Result;
use bosun_e2e::client_service::now_ms;
use bosun_e2e::controller::{ConfigBuilder, ControllerFixture};
use bosun_e2e::fakes::PHOTOPRISM;
use bosun_e2e::managed;
use bosun_e2e::scenario::*;
use bosun_e2e::{group, unique_name, wait};

const INVALID: [(&str, &str); 1] = [("result", "invalid")];

async fn wait_metric(
    ctl: &ControllerFixture,
    name: &str,
    labels: &[(&str, &str)],
    want: f64,
) -> Result<()> {
    let what = format!("{name}{labels:?} to be {want}");
    wait::until(&what, Duration::from_secs(30), || async {
        let v = ctl.metric(name, labels)?.unwrap_or(0.0);
        Ok((v == want).then_some(()))
    })
    .await
}

#[tokio::test]
async fn a_bad_config_keeps_the_last_good_one_and_a_good_change_is_applied() -> Result<()> {
    let lab = group::controller();
    let first = target_name("nc");
    let second = target_name("pp");
    let app = unique_name("app");
    let _nc = nextcloud_on(&lab, &first, "lab2").await?;
    let _pp = target_service(&lab, &second, PHOTOPRISM, &["node.hostname==lab3"], 1).await?;
    let good = ConfigBuilder::new().nextcloud(&first, &first, &[&app]);
    let ctl = controller(&lab, &good.yaml()).await?;
    managed::wait_proxies_on(&lab, &first, &["lab2"], CONVERGE).await?;
    let client = client_app(&lab, &ctl, &app, &first, "lab1").await?;
    let ids = object_ids(&lab, &first).await?;
    let invalid0 = ctl
        .metric("bosun_config_reloads_total", &INVALID)?
        .unwrap_or(0.0);

    // an unknown field: rejected, the last good config stays
    let t0 = now_ms();
    let unknown_field =
        good.yaml()
            .replacen("    service: ", "    bogus_field: 1\n    service: ", 1);
    ctl.write_config(&unknown_field)?;
    wait_metric(&ctl, "bosun_config_reloads_total", &INVALID, invalid0 + 1.0).await?;
    wait_metric(&ctl, "bosun_config_last_reload_ok", &[], 0.0).await?;
    assert_eq!(ctl.status("/healthz"), Some(200));
    // not YAML at all
    ctl.write_config("targets: [\n  {{ not yaml\n")?;
    wait_metric(&ctl, "bosun_config_reloads_total", &INVALID, invalid0 + 2.0).await?;
    assert!(
        ctl.logs().contains("bogus_field"),
        "the rejection names the bad field: {}",
        ctl.log_tail(20)
    );
    // a resync later, the first target is as it was
    tokio::time::sleep(Duration::from_secs(6)).await;
    managed::wait_proxies_on(&lab, &first, &["lab2"], CONVERGE).await?;
    assert_eq!(object_ids(&lab, &first).await?, ids);
    let during = client.lines_between(t0, now_ms()).await?;
    eprintln!("client app while the config was bad: {}", seen(&during));
    assert!(
        !during.is_empty() && during.iter().all(|l| l.ok()),
        "the app ran no command or failed while the config was bad: {}",
        seen(&during)
    );
    client.assert_not_restarted().await?;

    // a good change: a second target
    let both = good.clone().photoprism(&second, &second, &[]);
    ctl.write_config(&both.yaml())?;
    managed::wait_proxies_on(&lab, &second, &["lab3"], CONVERGE).await?;
    wait_record_nodes(&ctl, &second, &["lab3"]).await?;
    wait_metric(&ctl, "bosun_config_last_reload_ok", &[], 1.0).await?;
    assert_eq!(object_ids(&lab, &first).await?, ids);

    // SIGHUP re-reads the (unchanged) file
    let reloads = ctl.metric_sum("bosun_config_reloads_total", &[])?;
    ctl.sighup()?;
    wait::until("a reload after SIGHUP", Duration::from_secs(30), || async {
        Ok((ctl.metric_sum("bosun_config_reloads_total", &[])? > reloads).then_some(()))
    })
    .await?;
    assert_eq!(
        ctl.metric("bosun_config_reloads_total", &INVALID)?
            .unwrap_or(0.0),
        invalid0 + 2.0
    );
    assert_eq!(object_ids(&lab, &first).await?, ids);
    client.wait_ok_since(now_ms(), CONVERGE).await?;
    client.assert_not_restarted().await?;
    Ok(())
}
