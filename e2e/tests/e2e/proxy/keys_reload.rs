//! The authorized keys file is re-read when it changes: a key written into it works without a
//! restart, a key removed from it stops working, and a broken file keeps the last good list.
//! The file is bind-mounted from the host here (a secret cannot change under a running task).
//!
//! Needs the lab and the images (`e2e/lab/bosun-lab up 3 && make images`).

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::proxy::{KeysSource, ProxyFixture, ProxyOptions, write_new_key};
use bosun_e2e::{Lab, ServiceFixture, group, unique_name, wait};

const CONVERGE: Duration = Duration::from_secs(60);

/// The exit status of `php occ status` with the private key at `key`.
fn login_with(lab: &Lab, p: &ProxyFixture, key: &Path) -> Result<Option<i32>> {
    let mut argv = p.ssh_argv(&[], "php occ status");
    let i = argv.iter().position(|a| a == "-i").context("no -i")?;
    argv[i + 1] = key.display().to_string();
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    Ok(lab.exec("lab1", &argv)?.status.code())
}

#[tokio::test]
async fn a_changed_authorized_keys_file_takes_effect_without_a_restart() -> Result<()> {
    let lab = group::shared();
    let nc = ServiceFixture::pinned(&lab, &unique_name("nc"), NEXTCLOUD.image, "lab2").await?;
    nc.wait_running(CONVERGE).await?;
    let mut options = ProxyOptions::for_fake(&nc.name, NEXTCLOUD, "lab2");
    options.keys = KeysSource::HostFile;
    let p = ProxyFixture::deploy(&lab, options).await?;
    let original = p.client_key_path.clone();
    let newcomer = p.dir.join("newcomer_key");
    let newcomer_public = write_new_key(&newcomer, "newcomer")?;

    assert_eq!(login_with(&lab, &p, &original)?, Some(0));
    assert_eq!(login_with(&lab, &p, &newcomer)?, Some(255));

    // add the new key: it works, the old one still does
    p.write_authorized_keys(&format!("{}\n{newcomer_public}\n", p.client_public_key))?;
    wait::until("the new key to be accepted", CONVERGE, || async {
        Ok((login_with(&lab, &p, &newcomer)? == Some(0)).then_some(()))
    })
    .await?;
    assert_eq!(login_with(&lab, &p, &original)?, Some(0));

    // a broken file: the last good list stays in use
    p.write_authorized_keys("ssh-rsa AAAAB3NzaC1yc2E not-accepted\n")?;
    wait::until("the proxy to report the bad file", CONVERGE, || async {
        Ok(p.log()
            .await?
            .contains("invalid authorized keys file; keeping the last good list")
            .then_some(()))
    })
    .await?;
    assert_eq!(login_with(&lab, &p, &newcomer)?, Some(0));
    assert_eq!(login_with(&lab, &p, &original)?, Some(0));

    // remove the original key: it stops working, the new one keeps working
    p.write_authorized_keys(&format!("{newcomer_public}\n"))?;
    wait::until("the removed key to be refused", CONVERGE, || async {
        Ok((login_with(&lab, &p, &original)? == Some(255)).then_some(()))
    })
    .await?;
    assert_eq!(login_with(&lab, &p, &newcomer)?, Some(0));

    // one container all along, and the metric counts the loads
    let now = p.service()?.wait_running(CONVERGE).await?;
    assert_eq!(
        now.container_id, p.task.container_id,
        "the proxy was restarted"
    );
    assert!(p.log().await?.contains("authorized keys reloaded"));
    let metrics = p.http_get("lab1", "/metrics")?;
    assert!(
        metrics.contains(r#"bosun_proxy_authorized_keys_reloads_total{result="ok"} 3"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"bosun_proxy_authorized_keys_reloads_total{result="error"} 1"#),
        "{metrics}"
    );
    Ok(())
}
