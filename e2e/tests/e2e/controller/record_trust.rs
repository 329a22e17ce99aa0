//! A client refuses every record it cannot trust and keeps its last good one (issue 12;
//! docs/keys.md, "What a client checks"), on the lab, with the real controller, proxy and
//! client image.
//!
//! The app reads its record from a file (`BOSUN_DISCOVERY_FILE`) in a directory of its node
//! that the test writes: first a copy of what the controller serves (body and
//! `Bosun-Signature`), then, one after the other, records it must refuse. Each of those points
//! the target at an address nothing answers on (192.0.2.1, TEST-NET-1), so an app that took
//! one would fail its next command; the app's trust file is the one the controller mounted
//! with its key. Each refusal must be logged with its reason, and the app's commands go on
//! succeeding through the last good record. At the end a newer record signed by the
//! controller's key is taken, so the refusals were the checks', not a file the app stopped
//! reading.

use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, ensure};
use bosun_e2e::client_service::{ClientServiceFixture, now_ms};
use bosun_e2e::controller::{ConfigBuilder, ControllerFixture};
use bosun_e2e::scenario::*;
use bosun_e2e::{Lab, group, unique_name, wait};

/// The node of the target, its proxy and the app.
const NODE: &str = "lab3";
/// Where a refusal shows in the app's log.
const REFUSED: Duration = Duration::from_secs(30);

/// The directory of the app's record files, in its node.
struct Records<'a> {
    lab: &'a Lab,
    dir: String,
}

impl<'a> Records<'a> {
    fn create(lab: &'a Lab, name: &str) -> Result<Records<'a>> {
        let dir = format!("/tmp/{name}-records");
        lab.exec(NODE, &["mkdir", "-p", &dir])?;
        Ok(Records { lab, dir })
    }

    /// Writes `file` in one rename, so that the app never reads half of it.
    fn put(&self, file: &str, content: &str) -> Result<()> {
        let script = format!(
            "cat > {dir}/.{file}.tmp && mv {dir}/.{file}.tmp {dir}/{file}",
            dir = self.dir
        );
        let mut child = self
            .lab
            .command(NODE, &["sh", "-c", &script])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .context("writing a record file")?;
        use std::io::Write as _;
        child
            .stdin
            .take()
            .context("no stdin")?
            .write_all(content.as_bytes())?;
        let status = child.wait()?;
        ensure!(status.success(), "writing {file} in {NODE}: {status}");
        Ok(())
    }

    /// Hands the app `body` with `signature` (none: no `.sig` file). The signature goes first:
    /// until the body follows, the app sees the old body with a signature that is not its own,
    /// which it refuses too.
    fn hand(&self, body: &str, signature: Option<&str>) -> Result<()> {
        match signature {
            Some(line) => self.put("record.json.sig", &format!("{line}\n"))?,
            None => {
                let sig = format!("{}/record.json.sig", self.dir);
                self.lab.exec(NODE, &["rm", "-f", &sig])?;
            }
        }
        self.put("record.json", body)
    }
}

impl Drop for Records<'_> {
    fn drop(&mut self) {
        let _ = self.lab.exec(NODE, &["rm", "-rf", &self.dir]);
    }
}

/// The served record, changed by `edit`, as the JSON the controller writes.
fn edited(body: &str, edit: impl FnOnce(&mut serde_json::Value)) -> Result<String> {
    let mut record: serde_json::Value = serde_json::from_str(body).context("the served record")?;
    edit(&mut record);
    Ok(serde_json::to_string(&record)?)
}

/// Points every endpoint of `target` at an address nothing answers on.
fn nowhere(record: &mut serde_json::Value, target: &str) {
    if let Some(endpoints) = record["targets"][target]["endpoints"].as_array_mut() {
        for e in endpoints {
            e["host"] = "192.0.2.1".into();
        }
    }
}

fn generation(record: &serde_json::Value) -> u64 {
    record["generation"].as_u64().unwrap_or_default()
}

/// A fresh key of nobody the app trusts, signing `bytes`.
fn sign_with_a_stranger(bytes: &[u8]) -> Result<String> {
    let key = bosun_core::keys::generate("stranger").context("a fresh key")?;
    Ok(bosun_core::signature::SignatureLine::sign(&key, bytes)?.to_string())
}

/// Waits until the app logged `says` once more than `before` times; returns the new count.
async fn until_logged(app: &ClientServiceFixture, says: &str, before: usize) -> Result<usize> {
    wait::until(&format!("the app to log {says:?}"), REFUSED, || async {
        let n = app.stderr().await?.matches(says).count();
        Ok((n > before).then_some(n))
    })
    .await
}

#[tokio::test]
async fn a_client_refuses_forged_unsigned_expired_and_older_records_and_keeps_its_last_good_one()
-> Result<()> {
    let lab = group::controller();
    let target = target_name("nc");
    let name = unique_name("app");
    let _nc = nextcloud_on(&lab, &target, NODE).await?;
    let config = ConfigBuilder::new()
        .nextcloud(&target, &target, &[&name])
        .yaml();
    let ctl = controller(&lab, &config).await?;
    bosun_e2e::managed::wait_proxies_on(&lab, &target, &[NODE], CONVERGE).await?;
    let served = wait_record_listing(&ctl, &target).await?;
    let records = Records::create(&lab, &name)?;
    records.hand(&served.0, Some(&served.1))?;
    let mut app =
        ClientServiceFixture::create_with_record_file(&lab, &name, &target, NODE, &records.dir)
            .await?;
    app.wait_keyed(CONVERGE).await?;
    let t0 = app.wait_ok_since(0, CONVERGE).await?.t_ms;
    let good: serde_json::Value = serde_json::from_str(&served.0)?;
    let g = generation(&good);
    let in_an_hour = bosun_core::signature::format_time(SystemTime::now() + HOUR);
    let newer = |record: &mut serde_json::Value| {
        nowhere(record, &target);
        record["generation"] = (g + 10).into();
        record["expires_at"] = in_an_hour.clone().into();
    };

    // signed by a key the app does not trust
    let forged = edited(&served.0, &newer)?;
    let cases: Vec<(&str, String, Option<String>)> = vec![
        (
            "refused the record: signed by unknown key id",
            forged.clone(),
            Some(sign_with_a_stranger(forged.as_bytes())?),
        ),
        // no signature at all
        ("refused the record: unsigned", forged.clone(), None),
        // the controller's signature of another body
        (
            "refused the record: bad signature",
            forged.clone(),
            Some(served.1.clone()),
        ),
        // signed by the controller, but expired
        (
            "refused the record: the record expired at",
            edited(&served.0, |r| {
                newer(r);
                r["expires_at"] =
                    bosun_core::signature::format_time(SystemTime::now() - HOUR).into();
            })?,
            None,
        ),
        // signed by the controller, but older than the one in use (a replay)
        (
            "is older than the last good record's generation",
            edited(&served.0, |r| {
                newer(r);
                r["generation"] = (g - 1).into();
            })?,
            None,
        ),
        // signed by the controller, the generation in use, other bytes
        (
            "came again with other bytes than the last good record",
            edited(&served.0, |r| {
                newer(r);
                r["generation"] = g.into();
            })?,
            None,
        ),
    ];
    for (says, body, signature) in cases {
        let signature = match signature {
            Some(line) => Some(line),
            // the controller's own key signs the cases that must fail a later check
            None if !says.contains("unsigned") => Some(ctl.sign_v(1, body.as_bytes())?),
            None => None,
        };
        let before = app.stderr().await?.matches(says).count();
        let t = now_ms();
        records.hand(&body, signature.as_deref())?;
        until_logged(&app, says, before).await?;
        let ok = app.wait_ok_since(now_ms(), CONVERGE).await?;
        eprintln!(
            "RECORD: {says:?} logged {} ms after the file changed; the app then ran {:?} through the last good record",
            since(t),
            ok.endpoint
        );
    }

    // a newer record signed by the controller is taken (the real endpoints, so the app goes
    // on succeeding)
    let taken = edited(&served.0, |r| {
        r["generation"] = (g + 20).into();
        r["expires_at"] = in_an_hour.clone().into();
    })?;
    records.hand(&taken, Some(&ctl.sign_v(1, taken.as_bytes())?))?;
    until_logged(&app, &format!("generation={}", g + 20), 0).await?;

    let last = app.wait_ok_since(now_ms(), CONVERGE).await?;
    let lines = app.lines_between(t0, last.t_ms).await?;
    let failed: Vec<_> = lines.iter().filter(|l| !l.ok()).collect();
    eprintln!("RECORD: the app saw {}", seen(&lines));
    ensure!(
        failed.is_empty(),
        "the app failed commands: it took a record it must refuse: {failed:#?}"
    );
    app.assert_not_restarted().await
}

const HOUR: Duration = Duration::from_secs(3600);

/// The served record once it lists the target's proxy, and its signature.
async fn wait_record_listing(ctl: &ControllerFixture, target: &str) -> Result<(String, String)> {
    wait::until("the record to list the proxy", CONVERGE, || async {
        let (body, signature) = ctl.served_record()?;
        let record: serde_json::Value = serde_json::from_str(&body)?;
        Ok((record_nodes(&record, target) == [NODE]).then_some((body, signature)))
    })
    .await
}
