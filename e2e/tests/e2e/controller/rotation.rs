//! Keys rotate, and a client is revoked, under load (docs/keys.md). Two targets: `t1` on lab2
//! and lab3 (two proxies), `t2` on lab3. Two apps on lab1, updated start-first as the docs ask,
//! run two loops each without pause (`a1` through `t1`, `a2` through `t2`); a third client of
//! `t1`, `gone`, is revoked. In turn: `a1`'s client key is rotated (`bosun-controller rotate t1
//! --client a1`), `t2`'s host keys are rotated (`--host-keys`), and `gone` is removed from the
//! config. No command of `a1` or `a2` fails, every exit code is the fake's, the old secrets are
//! gone at the end, and the key taken from `gone`'s container — accepted by both proxies of
//! `t1` before — is refused by both after.
//!
//! The record's signing key rolls without restarting a client: `v2` is added (the record,
//! still signed by `v1`, announces it), then `v1` is removed (the record is signed by `v2`);
//! the app, never restarted, takes every record (it logs no refusal) and fails no command.
//!
//! A third test SIGKILLs the controller in each phase of a client-key rotation and of a
//! host-key rotation (when the phase label shows up), and starts it again: each rotation
//! finishes, nothing is left behind, and no command fails.

use std::time::Instant;

use anyhow::{Context, Result, ensure};
use bosun_e2e::client_service::{ClientServiceFixture, FollowLine, now_ms, summary};
use bosun_e2e::controller::{ConfigBuilder, ControllerFixture};
use bosun_e2e::fakes::NEXTCLOUD;
use bosun_e2e::group::Group;
use bosun_e2e::rotation::{self, KeyOf, ROTATION};
use bosun_e2e::scenario::*;
use bosun_e2e::{group, managed, unique_name, wait};

/// The announce period of the tests' configs: how long a new host key is listed before use.
const ANNOUNCE: &str = "3s";

/// The apps' lines since `t0` that are not a success with the fake's exit code.
fn failures(lines: &[FollowLine], t0: u64) -> Vec<&FollowLine> {
    lines
        .iter()
        .filter(|l| l.t_ms >= t0 && !(l.ok() && l.exit_code == Some(0)))
        .collect()
}

/// Fails when an app failed a command since `t0`; says how many ran.
async fn assert_no_failure(apps: &[&ClientServiceFixture], t0: u64, what: &str) -> Result<()> {
    for app in apps {
        let lines = app.all_lines().await?;
        let ran = lines.iter().filter(|l| l.t_ms >= t0).count();
        let failed = failures(&lines, t0);
        eprintln!(
            "{what}: {} ran {ran} commands: {}",
            app.service.name,
            summary(&lines)
        );
        ensure!(
            ran > 0,
            "{}: no command ran during {what}",
            app.service.name
        );
        ensure!(
            failed.is_empty(),
            "{}: {} command(s) failed during {what}: {failed:#?}",
            app.service.name,
            failed.len()
        );
    }
    Ok(())
}

/// An app that loops through `target` without pause, keyed and running.
async fn app(
    lab: &Group,
    ctl: &ControllerFixture,
    name: &str,
    target: &str,
) -> Result<ClientServiceFixture> {
    let url = discovery_url(ctl);
    let mut app =
        ClientServiceFixture::create_start_first(lab, name, target, "lab1", &url, 2).await?;
    app.wait_keyed(CONVERGE).await?;
    app.wait_ok_since(0, CONVERGE).await?;
    Ok(app)
}

/// Runs `php occ status` through each proxy of `target` alone with `key`, from a task of
/// `from`; (proxy, exit code, stderr) each.
async fn try_key(
    lab: &Group,
    ctl: &ControllerFixture,
    from: &str,
    target: &str,
    key: &str,
) -> Result<Vec<(String, i64, String)>> {
    let record = ctl.discovery()?;
    let pins: Vec<String> = record["targets"][target]["host_keys"]
        .as_array()
        .context("no host keys in the record")?
        .iter()
        .filter_map(|k| k.as_str().map(str::to_owned))
        .collect();
    let mut out = Vec::new();
    for proxy in managed::proxies(lab, target).await? {
        let (code, stderr) =
            rotation::exec_with_key(lab, from, target, key, &proxy.service.name, &pins).await?;
        out.push((proxy.service.name, code, stderr));
    }
    Ok(out)
}

#[tokio::test]
async fn client_and_host_keys_rotate_and_a_client_is_revoked_with_no_failed_command() -> Result<()>
{
    let lab = group::controller();
    let (t1, t2) = (target_name("nc"), target_name("nc"));
    let (a1, a2, gone) = (unique_name("app"), unique_name("app"), unique_name("gone"));
    let _s1 = target_service(&lab, &t1, NEXTCLOUD, &["node.hostname!=lab1"], 2).await?;
    let _s2 = nextcloud_on(&lab, &t2, "lab3").await?;
    let declare = |with_gone: bool| {
        let mut clients = vec![a1.as_str()];
        if with_gone {
            clients.push(gone.as_str());
        }
        let mut c = ConfigBuilder::new()
            .nextcloud(&t1, &t1, &clients)
            .nextcloud(&t2, &t2, &[&a2]);
        c.announce = Some(ANNOUNCE.into());
        c.yaml()
    };
    let ctl = controller(&lab, &declare(true)).await?;
    managed::wait_proxies_on(&lab, &t1, &["lab2", "lab3"], CONVERGE).await?;
    managed::wait_proxies_on(&lab, &t2, &["lab3"], CONVERGE).await?;
    let app1 = app(&lab, &ctl, &a1, &t1).await?;
    let app2 = app(&lab, &ctl, &a2, &t2).await?;
    let gone_app = app(&lab, &ctl, &gone, &t1).await?;
    let t0 = now_ms();

    // a client key
    let started = Instant::now();
    rotation::request(&lab, &ctl, &[&t1, "--client", &a1])?;
    rotation::wait_rotated(&lab, &t1, &KeyOf::Client(a1.clone()), 2).await?;
    eprintln!("client key rotated in {:?}", started.elapsed());

    // the host keys of t2
    let started = Instant::now();
    rotation::request(&lab, &ctl, &[&t2, "--host-keys"])?;
    let lab3 = lab.node_id("lab3").await?;
    rotation::wait_rotated(&lab, &t2, &KeyOf::Host(lab3), 2).await?;
    eprintln!("host keys rotated in {:?}", started.elapsed());

    // a revocation: gone's key works through both proxies of t1, then through neither
    let key_path = format!("/run/secrets/bosun-{t1}-key");
    let stolen = rotation::steal_key(&lab, &gone, &key_path).await?;
    for (proxy, code, stderr) in try_key(&lab, &ctl, &a2, &t1, &stolen).await? {
        ensure!(
            code == 0,
            "before the revocation, {proxy} refused the key: {stderr}"
        );
    }
    let started = Instant::now();
    ctl.write_config(&declare(false))?;
    wait::until(
        "gone's key refused by every proxy of t1",
        ROTATION,
        || async {
            let tried = try_key(&lab, &ctl, &a2, &t1, &stolen).await?;
            let refused = tried
                .iter()
                .all(|(_, code, stderr)| *code != 0 && stderr.contains("refused our key"));
            Ok(refused.then_some(()))
        },
    )
    .await?;
    eprintln!(
        "the revoked key was refused by every proxy {:?} after the config changed",
        started.elapsed()
    );
    wait::until("gone's key secret removed", ROTATION, || async {
        let left = rotation::keys(&lab, &t1, &KeyOf::Client(gone.clone())).await?;
        Ok(left.is_empty().then_some(()))
    })
    .await?;
    drop(gone_app);

    // the apps saw nothing of it; nothing old is left
    assert_no_failure(&[&app1, &app2], t0, "two rotations and a revocation").await?;
    rotation::wait_no_old_secrets(&lab, &t1).await?;
    rotation::wait_no_old_secrets(&lab, &t2).await?;
    Ok(())
}

/// The phases of a client-key rotation and of a host-key rotation, in order.
const CLIENT_PHASES: [&str; 5] = [
    "accept-both",
    "switch-client",
    "accept-new",
    "cleanup",
    "done",
];
const HOST_PHASES: [&str; 4] = ["announce", "roll-proxy", "cleanup", "done"];

/// SIGKILLs the controller when `whose` key v`version` shows each phase of `order` (but the
/// last), and starts it again; a phase passed before it could be seen is said. Fails unless
/// the controller was killed in at least `at_least` phases, and the rotation finished.
async fn kill_in_each_phase(
    lab: &Group,
    ctl: &mut ControllerFixture,
    target: &str,
    whose: &KeyOf,
    order: &[&str],
    at_least: usize,
) -> Result<()> {
    let mut killed = Vec::new();
    for phase in &order[..order.len() - 1] {
        let seen = rotation::wait_phase(lab, target, whose, 2, phase, order).await?;
        if seen {
            ctl.sigkill()?;
            killed.push(*phase);
            ctl.restart().await?;
        } else {
            eprintln!("{whose:?}: phase {phase} passed before it could be seen");
        }
    }
    eprintln!("{whose:?}: SIGKILLed in phases {killed:?}");
    ensure!(
        killed.len() >= at_least,
        "{whose:?}: killed in {killed:?} only; the test proves little"
    );
    rotation::wait_rotated(lab, target, whose, 2).await
}

#[tokio::test]
async fn a_controller_killed_in_any_phase_finishes_the_rotation() -> Result<()> {
    let lab = group::controller();
    let t = target_name("nc");
    let a = unique_name("app");
    let _s = nextcloud_on(&lab, &t, "lab2").await?;
    let mut config = ConfigBuilder::new().nextcloud(&t, &t, &[&a]);
    config.announce = Some(ANNOUNCE.into());
    let mut ctl = controller(&lab, &config.yaml()).await?;
    managed::wait_proxies_on(&lab, &t, &["lab2"], CONVERGE).await?;
    let app = app(&lab, &ctl, &a, &t).await?;
    let t0 = now_ms();

    rotation::request(&lab, &ctl, &[&t, "--client", &a])?;
    let client = KeyOf::Client(a.clone());
    kill_in_each_phase(&lab, &mut ctl, &t, &client, &CLIENT_PHASES, 2).await?;
    rotation::request(&lab, &ctl, &[&t, "--host-keys"])?;
    let lab2 = lab.node_id("lab2").await?;
    kill_in_each_phase(&lab, &mut ctl, &t, &KeyOf::Host(lab2), &HOST_PHASES, 2).await?;

    assert_no_failure(&[&app], t0, "a controller killed in every phase").await?;
    rotation::wait_no_old_secrets(&lab, &t).await
}

/// Waits until the record the controller serves verifies with signing key `v<version>` alone
/// and `holds` is true of it; the key id that signed it.
async fn wait_record(
    ctl: &ControllerFixture,
    version: u32,
    what: &str,
    holds: impl Fn(&serde_json::Value) -> bool,
) -> Result<(String, u64)> {
    wait::until(what, CONVERGE, || async {
        let (status, headers, body) = ctl.get("/v1/discovery")?;
        let Ok(key_id) = ctl.verify_record_v(version, &headers, &body) else {
            return Ok(None);
        };
        let record: serde_json::Value = serde_json::from_str(&body)?;
        let generation = record["generation"].as_u64().unwrap_or_default();
        Ok((status == 200 && holds(&record)).then_some((key_id, generation)))
    })
    .await
}

/// Waits until the app loaded a record of generation `generation` or later (its log says
/// `discovery record loaded … generation=N`); fails at once if it refused one.
async fn wait_app_loaded(app: &ClientServiceFixture, generation: u64, what: &str) -> Result<()> {
    let waited = wait::until(what, CONVERGE, || async {
        // a refusal fails at once; a failed read (`Connection refused` while the controller
        // restarts) is not one
        app.assert_no_record_refused().await?;
        let log = app.stderr().await?;
        let loaded = log
            .lines()
            .filter(|l| l.contains("discovery record loaded"))
            .filter_map(|l| l.split("generation=").nth(1))
            .filter_map(|rest| rest.split(' ').next()?.parse::<u64>().ok())
            .any(|g| g >= generation);
        Ok(loaded.then_some(()))
    })
    .await;
    if waited.is_err() {
        let log = app.stderr().await.unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(12)..].join("\n");
        return waited
            .with_context(|| format!("generation {generation}; the app's log ends with:\n{tail}"));
    }
    Ok(())
}

#[tokio::test]
async fn the_signing_key_rolls_with_no_client_restarted_and_no_failed_command() -> Result<()> {
    let lab = group::controller();
    let t = target_name("nc");
    let a = unique_name("app");
    let _s = nextcloud_on(&lab, &t, "lab2").await?;
    let config = ConfigBuilder::new().nextcloud(&t, &t, &[&a]);
    let mut ctl = controller(&lab, &config.yaml()).await?;
    managed::wait_proxies_on(&lab, &t, &["lab2"], CONVERGE).await?;
    let app = app(&lab, &ctl, &a, &t).await?;
    let t0 = now_ms();

    // announce: v2 is added; the record is still signed by v1 and lists v2 next
    ctl.add_signing_key(2)?;
    ctl.restart().await?;
    let v2 = ctl.signing_public_key_v(2)?;
    let announces = |r: &serde_json::Value| {
        r["signing_keys"]
            .to_string()
            .contains(v2.split(' ').nth(1).unwrap_or("?"))
    };
    let (_, announcing) =
        wait_record(&ctl, 1, "the record signed by v1 announcing v2", announces).await?;
    // every client must have taken such a record before v1 goes (docs/keys.md, step 2)
    wait_app_loaded(&app, announcing, "the app to take the record announcing v2").await?;
    app.wait_ok_since(now_ms() + 3_000, CONVERGE).await?;

    // switch: v1 goes; the record is signed by v2 (a new generation the app long-polls for)
    ctl.remove_signing_key(1)?;
    ctl.restart().await?;
    let (_, signed_by_v2) = wait_record(&ctl, 2, "the record signed by v2", |_| true).await?;
    wait_app_loaded(&app, signed_by_v2, "the app to take a record signed by v2").await?;
    app.wait_ok_since(now_ms() + 2_000, CONVERGE).await?;
    app.assert_not_restarted().await?;
    assert_no_failure(&[&app], t0, "a signing key roll").await
}
