//! The discovery record published as a versioned Docker config (`discovery.docker_config:
//! true`): the config `bosun-discovery-v<generation>` holds exactly the record `/v1/discovery`
//! serves, its `bosun.signature` label verifies over it, a change of the record publishes a
//! new version, and the old versions that no service mounts are removed.
//!
//! Needs the lab and the images (`make images`), and a controller build.

use anyhow::{Context, Result};
use base64::Engine as _;
use bosun_e2e::controller::ConfigBuilder;
use bosun_e2e::scenario::*;
use bosun_e2e::{Lab, group, managed, wait};

/// (name, generation label, content) of every discovery config of `instance` (the fixture
/// removes them with the rest of its instance's objects).
fn discovery_configs(lab: &Lab, instance: &str) -> Result<Vec<(String, u64, serde_json::Value)>> {
    let of_instance = format!("label=bosun.instance={instance}");
    let ids = lab.cli(&[
        "config",
        "ls",
        "-q",
        "--filter",
        "label=bosun.kind=discovery",
        "--filter",
        &of_instance,
    ])?;
    let mut out = Vec::new();
    for id in ids.split_whitespace() {
        let spec: serde_json::Value = serde_json::from_str(&lab.cli(&[
            "config",
            "inspect",
            "--format",
            "{{json .Spec}}",
            id,
        ])?)?;
        let name = spec["Name"]
            .as_str()
            .context("a config has a name")?
            .to_owned();
        let generation = spec["Labels"]["bosun.generation"]
            .as_str()
            .and_then(|g| g.parse().ok())
            .context("a discovery config has a generation label")?;
        let data = base64::engine::general_purpose::STANDARD
            .decode(spec["Data"].as_str().unwrap_or_default())?;
        out.push((name, generation, serde_json::from_slice(&data)?));
    }
    Ok(out)
}

#[tokio::test]
async fn the_record_is_published_as_a_versioned_docker_config() -> Result<()> {
    let lab = group::controller();
    let name = target_name("dc");
    let _nc = nextcloud_on(&lab, &name, "lab2").await?;
    let yaml = ConfigBuilder::new()
        .nextcloud(&name, &name, &[])
        .yaml()
        .replace("docker_config: false", "docker_config: true");
    let ctl = controller(&lab, &yaml).await?;
    managed::wait_proxies_on(&lab, &name, &["lab2"], CONVERGE).await?;

    // the served record lists the proxy, and the newest config is that very record
    let served = wait::until("the record to list the proxy", CONVERGE, || async {
        let record = ctl.discovery()?;
        let listed = record["targets"][&name]["endpoints"]
            .as_array()
            .is_some_and(|e| e.len() == 1);
        Ok(listed.then_some(record))
    })
    .await?;
    let generation = served["generation"].as_u64().context("a generation")?;
    let configs = wait::until("the config of that generation", CONVERGE, || async {
        let configs = discovery_configs(&lab, &ctl.instance)?;
        Ok(configs.iter().any(|c| c.1 == generation).then_some(configs))
    })
    .await?;
    let (config_name, _, content) = configs
        .iter()
        .find(|c| c.1 == generation)
        .context("the config of the served generation")?;
    let want = ctl.object_name(&format!("bosun-discovery-v{generation}"));
    assert_eq!(config_name, &want);
    assert_eq!(
        content, &served,
        "the config holds exactly the served record"
    );
    assert!(
        !content.to_string().contains("PRIVATE KEY"),
        "no private key in the record"
    );
    // its `bosun.signature` label is the signature of its data, by the controller's key
    let spec: serde_json::Value = serde_json::from_str(&lab.cli(&[
        "config",
        "inspect",
        "--format",
        "{{json .Spec}}",
        config_name,
    ])?)?;
    let data = base64::engine::general_purpose::STANDARD
        .decode(spec["Data"].as_str().unwrap_or_default())?;
    let label = spec["Labels"]["bosun.signature"]
        .as_str()
        .context("a discovery config has a bosun.signature label")?;
    let headers =
        std::collections::BTreeMap::from([("bosun-signature".to_owned(), label.to_owned())]);
    ctl.verify_record(&headers, &String::from_utf8(data)?)?;

    // a change of the record (the proxy deleted, then recreated) publishes new versions and
    // removes the old ones, which no service mounts
    let proxy = managed::proxies(&lab, &name).await?;
    let proxy = proxy.first().context("the proxy")?;
    lab.cli(&["service", "rm", &proxy.service.name])?;
    wait::until(
        "a newer config, and the old ones gone",
        CONVERGE,
        || async {
            let configs = discovery_configs(&lab, &ctl.instance)?;
            let newer = configs.iter().any(|c| c.1 > generation);
            let old_gone = configs.iter().all(|c| c.1 > generation);
            Ok((newer && old_gone).then_some(()))
        },
    )
    .await?;
    Ok(())
}
