//! Who leads among the replicas of one instance (issue 10: several controllers, one leader,
//! fenced), as a test sees it from outside: each replica's `/readyz`, its log
//! ([`crate::controller_log`]), its metrics and its discovery record. That nobody wrote
//! without the lease is checked in [`crate::fencing`].
//!
//! ```no_run
//! # async fn f() -> anyhow::Result<()> {
//! use std::time::Duration;
//! use bosun_e2e::controller::{ConfigBuilder, ControllerFixture};
//! use bosun_e2e::{group, leader};
//!
//! let lab = group::controller();
//! let config = ConfigBuilder::new().lease("6s").yaml();
//! let mut first = ControllerFixture::start_on(&lab, &config, "lab1").await?;
//! let leading = first.wait_leading(Duration::from_secs(60)).await?;
//! let second = first.start_replica(&lab, "lab2").await?;
//! second.wait_following(&leading, Duration::from_secs(60)).await?;
//! first.sigkill()?;
//! let new = second.wait_takeover(&leading, Duration::from_secs(60)).await?;
//! let took = second.took_lease_at(new.epoch)?;
//! bosun_e2e::fencing::assert_no_write_after(&first, took, "the killed leader")?;
//! # Ok(()) }
//! ```
//!
//! A replica's `/readyz` answers `{"ready":…,"leading":…,"leader":"<holder>","epoch":…,
//! "me":"<holder>"}`: 200 once its first full sync is done, 503 before. The leader's holder id
//! is its `me`; a restarted process is a new holder.

use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use serde::Deserialize;

use crate::controller::{ControllerFixture, DEFAULT_INSTANCE};
use crate::controller_log::{self, LeaseEvent, Write};
use crate::wait;

/// `/readyz`, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Readyz {
    pub ready: bool,
    pub leading: bool,
    /// The holder of the lease as this replica last read it (empty: nobody).
    #[serde(default)]
    pub leader: String,
    pub epoch: u64,
    /// This replica's own holder id.
    pub me: String,
}

impl ControllerFixture {
    /// `GET /readyz`: its status and its body, parsed.
    pub fn readyz(&self) -> Result<(u16, Readyz)> {
        let (status, _, body) = self.get("/readyz")?;
        let parsed = serde_json::from_str(&body)
            .with_context(|| format!("/readyz of {} answered {status}: {body:?}", self.node))?;
        Ok((status, parsed))
    }

    /// Waits until this replica is ready and leads; returns its `/readyz`.
    pub async fn wait_leading(&self, timeout: Duration) -> Result<Readyz> {
        let what = format!("the controller on {} to lead", self.node);
        wait::until(&what, timeout, || async {
            self.check_alive()?;
            let (status, r) = self.readyz()?;
            Ok((status == 200 && r.ready && r.leading && r.leader == r.me).then_some(r))
        })
        .await
    }

    /// Waits until this replica leads with an epoch above the one `old` (another replica's
    /// `/readyz` while it led) had: it took the lease over.
    pub async fn wait_takeover(&self, old: &Readyz, timeout: Duration) -> Result<Readyz> {
        let what = format!(
            "the controller on {} to take the lease over from {} (epoch {})",
            self.node, old.me, old.epoch
        );
        wait::until(&what, timeout, || async {
            self.check_alive()?;
            let (status, r) = self.readyz()?;
            let took = status == 200 && r.leading && r.leader == r.me && r.epoch > old.epoch;
            Ok(took.then_some(r))
        })
        .await
        .with_context(|| {
            format!(
                "its last lease lines:\n{}\nits log ends with:\n{}\nthe lease as each manager sees it:\n{}",
                self.lease_log_tail(15),
                self.log_tail(25),
                self.lease_views()
            )
        })
    }

    /// The instance's lease config as every node's engine shows it (a manager whose view lags
    /// the swarm's shows an older version), and the managers' raft status.
    pub fn lease_views(&self) -> String {
        let name = if self.instance == DEFAULT_INSTANCE {
            "bosun-lease".to_owned()
        } else {
            format!("{}--lease", self.instance)
        };
        let format = "{{.Version.Index}} {{json .Spec.Labels}}";
        let mut out = String::new();
        for node in self.lab().nodes().unwrap_or_default() {
            let seen = self
                .lab()
                .docker_cli(&node, &["config", "inspect", "--format", format, &name])
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                .unwrap_or_else(|e| e.to_string());
            out.push_str(&format!("  {node}: {seen}\n"));
        }
        let nodes = self
            .lab()
            .docker_cli("lab1", &["node", "ls"])
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        out + &nodes
    }

    /// The last `n` lines of this replica's log about the lease (its looks, writes, timeouts
    /// and changes of leader): what a failed takeover is read from.
    pub fn lease_log_tail(&self, n: usize) -> String {
        let logs = self.logs();
        let lines: Vec<&str> = logs
            .lines()
            .filter(|l| l.contains("lease") || l.contains("leading"))
            .collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// Waits until this replica is ready and follows `leader` (the leading replica's
    /// `/readyz`): not leading, naming that holder, at its epoch.
    pub async fn wait_following(&self, leader: &Readyz, timeout: Duration) -> Result<Readyz> {
        let what = format!(
            "the controller on {} to follow {} (epoch {})",
            self.node, leader.me, leader.epoch
        );
        wait::until(&what, timeout, || async {
            self.check_alive()?;
            let (status, r) = self.readyz()?;
            let follows = status == 200
                && r.ready
                && !r.leading
                && r.leader == leader.me
                && r.epoch == leader.epoch;
            Ok(follows.then_some(r))
        })
        .await
    }

    /// When this fixture's process (any of its starts) last logged that it took the lease at
    /// `epoch` (Unix µs).
    pub fn took_lease_at(&self, epoch: u64) -> Result<i64> {
        let taken = controller_log::leases_taken(&self.logs());
        taken
            .iter()
            .rev()
            .find(|t| t.epoch == Some(epoch))
            .map(|t| t.at_us)
            .with_context(|| {
                format!(
                    "the controller on {} logged no `{}` at epoch {epoch} (it logged {taken:?})",
                    self.node,
                    controller_log::TOOK_LEASE
                )
            })
    }

    /// The `stopped leading` lines this fixture logged after `after_us`.
    pub fn stopped_leading_after(&self, after_us: i64) -> Vec<LeaseEvent> {
        controller_log::leading_stopped(&self.logs())
            .into_iter()
            .filter(|e| e.at_us > after_us)
            .collect()
    }

    /// Fails unless this replica still answers `/readyz` as `leading` did (it took the lease
    /// at `took_us` and kept it); the error quotes what its log says of the lease since.
    pub fn assert_still_leading(&self, leading: &Readyz, took_us: i64) -> Result<()> {
        let (_, now) = self.readyz()?;
        if now == *leading {
            return Ok(());
        }
        let said: Vec<String> = controller_log::lines(&self.logs())
            .into_iter()
            .filter(|l| l.at_us > took_us && l.target.contains("lease") && l.level != "DEBUG")
            .map(|l| format!("{} {}: {}", l.level, l.message, l.fields))
            .collect();
        bail!(
            "the leader on {} did not keep the lease: {leading:?} → {now:?}; its lease log since \
             it took it: {said:#?}",
            self.node
        )
    }

    /// The writes that went out (`engine write`), from every start of this fixture.
    pub fn engine_writes(&self) -> Vec<Write> {
        controller_log::engine_writes(&self.logs())
    }

    /// The writes the fence refused (`engine write refused`), from every start of this fixture.
    pub fn refused_writes(&self) -> Vec<Write> {
        controller_log::refused_writes(&self.logs())
    }
}

/// Waits until the replicas settled on one leader: one of them leads at an epoch of at least
/// `min_epoch`, and every other one follows it. Returns the leader's index and `/readyz`.
pub async fn wait_settled(
    replicas: &[&ControllerFixture],
    min_epoch: u64,
    timeout: Duration,
) -> Result<(usize, Readyz)> {
    let what = format!("one leader at epoch {min_epoch} or later, the others following it");
    wait::until(&what, timeout, || async {
        let mut seen = Vec::new();
        for r in replicas {
            r.check_alive()?;
            let (status, readyz) = r.readyz()?;
            ensure!(status == 200, "{} answered {status}: {readyz:?}", r.node);
            seen.push(readyz);
        }
        let mut leaders = seen.iter().enumerate().filter(|(_, r)| r.leading);
        let (Some((i, leader)), None) = (leaders.next(), leaders.next()) else {
            bail!("not one leader: {seen:?}");
        };
        let settled = leader.epoch >= min_epoch
            && seen
                .iter()
                .all(|r| r.leader == leader.me && r.epoch == leader.epoch);
        Ok(settled.then(|| (i, leader.clone())))
    })
    .await
}

/// Waits until the metrics agree with `/readyz`: `bosun_leader` is 1 on `leader` and 0 on
/// each of `others`, and every one of them shows `bosun_lease_epoch` `epoch`.
pub async fn wait_leader_metrics(
    leader: &ControllerFixture,
    others: &[&ControllerFixture],
    epoch: u64,
    timeout: Duration,
) -> Result<()> {
    let what = format!("bosun_leader 1 on {} only, at epoch {epoch}", leader.node);
    wait::until(&what, timeout, || async {
        let mut seen = Vec::new();
        for (r, want) in std::iter::once((leader, 1.0)).chain(others.iter().map(|o| (*o, 0.0))) {
            let is = r.metric("bosun_leader", &[])?;
            let at = r.metric("bosun_lease_epoch", &[])?;
            seen.push((r.node.clone(), is, at));
            if is != Some(want) || at != Some(epoch as f64) {
                bail!("(node, bosun_leader, bosun_lease_epoch): {seen:?}");
            }
        }
        Ok(Some(()))
    })
    .await
}

/// Waits until every replica serves the same discovery record: status 200, the same ETag and
/// the same record. Returns the ETag and the record.
pub async fn wait_same_record(
    replicas: &[&ControllerFixture],
    timeout: Duration,
) -> Result<(String, serde_json::Value)> {
    ensure!(!replicas.is_empty(), "no replica to compare");
    wait::until("every replica to serve one record", timeout, || async {
        let mut seen: Vec<(String, String, serde_json::Value)> = Vec::new();
        for r in replicas {
            let (status, headers, body) = r.get("/v1/discovery")?;
            if status != 200 {
                bail!("{} answered {status}: {body}", r.node);
            }
            let etag = headers.get("etag").cloned().unwrap_or_default();
            // a follower serves the leader's bytes under the leader's signature: it verifies
            r.verify_record(&headers, &body)
                .with_context(|| format!("the record of {}", r.node))?;
            let record = serde_json::from_str(&body)
                .with_context(|| format!("the record of {}: {body:?}", r.node))?;
            seen.push((r.node.clone(), etag, record));
        }
        let (_, etag, record) = &seen[0];
        let same = seen.iter().all(|(_, e, r)| e == etag && r == record);
        if !same {
            let etags: Vec<(&str, &str, &serde_json::Value)> = seen
                .iter()
                .map(|(n, e, r)| (n.as_str(), e.as_str(), &r["generation"]))
                .collect();
            bail!("(node, ETag, generation): {etags:?}");
        }
        Ok(Some((etag.clone(), record.clone())))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readyz_bodies_parse() {
        let r: Readyz = serde_json::from_str(
            r#"{"ready":true,"leading":false,"leader":"lab1/7/ab","epoch":4,"me":"lab2/9/cd"}"#,
        )
        .unwrap();
        assert!(r.ready && !r.leading);
        assert_eq!((r.leader.as_str(), r.epoch), ("lab1/7/ab", 4));
        let r: Readyz =
            serde_json::from_str(r#"{"ready":false,"leading":false,"epoch":0,"me":"x"}"#).unwrap();
        assert_eq!(r.leader, "");
    }
}
