//! One round of the failover benchmark: the leader SIGKILLed, and what the instance went
//! without until the other replica took over.
//!
//! Right before the kill the leader is made to write (the target's proxy is removed and the
//! leader makes it again), so that its last write is the moment the instance last had a
//! working writer; right at the kill the proxy is removed again, so that the new leader has a
//! write to make. Two figures come out:
//!
//! * the write gap: the old leader's last `engine write` → the new leader's first one (both
//!   from the replicas' logs, stamped by the one host clock);
//! * the repair: the kill → the removed proxy service exists again with a running task (the
//!   task's own `Running` timestamp, from the manager, on the same clock).
//!
//! The killed replica is then started again, and follows.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use bollard::Docker;
use bollard::models::TaskState;
use bollard::query_parameters::ListTasksOptionsBuilder;
use serde::Serialize;

use bosun_e2e::controller::ControllerFixture;
use bosun_e2e::controller_log::{Write, parse_timestamp_us};
use bosun_e2e::managed::{self, Managed};
use bosun_e2e::{Lab, wait};

/// Where the round happens: the target, the node of its proxy, how long anything may take.
#[derive(Debug, Clone)]
pub struct Setting {
    pub target: String,
    pub proxy_node: String,
    pub timeout: Duration,
}

/// A write as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct WriteSeen {
    pub op: String,
    pub object: String,
    pub epoch: Option<u64>,
    /// Unix time in µs.
    pub at_us: i64,
}

impl From<Write> for WriteSeen {
    fn from(w: Write) -> WriteSeen {
        WriteSeen {
            op: w.op,
            object: w.object,
            epoch: w.epoch,
            at_us: w.at_us,
        }
    }
}

/// What one kill cost.
#[derive(Debug, Clone, Serialize)]
pub struct RoundReport {
    pub round: usize,
    /// The node of the killed leader, and of the replica that took over.
    pub killed: String,
    pub new_leader: String,
    pub old_epoch: u64,
    pub new_epoch: u64,
    pub old_last_write: Option<WriteSeen>,
    pub new_first_write: Option<WriteSeen>,
    /// The old leader's last write → the new leader's first.
    pub write_gap_ms: Option<f64>,
    /// The kill → the new leader's `took the lease: leading`.
    pub takeover_ms: Option<f64>,
    /// The kill → the removed proxy running again.
    pub repair_ms: f64,
    /// The repaired proxy's `bosun.epoch`.
    pub repaired_epoch: Option<String>,
}

/// Kills `leader`, measures until `follower` took over and repaired the proxy, then starts
/// `leader` again as a follower.
pub async fn run(
    lab: &Lab,
    set: &Setting,
    round: usize,
    leader: &mut ControllerFixture,
    follower: &ControllerFixture,
) -> Result<RoundReport> {
    let before = leader.wait_leading(set.timeout).await?;
    follower.wait_following(&before, set.timeout).await?;
    // the leader's last write, just before it dies: a repair
    let proxy = current_proxy(lab, set).await?;
    let docker = lab.manager().await?;
    remove_and_wait_repaired(lab, &docker, set, &proxy).await?;
    let proxy = current_proxy(lab, set).await?;

    let killed_us = now_us();
    leader.sigkill()?;
    let removed = docker.delete_service(&proxy.name).await;
    removed.with_context(|| format!("removing {} at the kill", proxy.name))?;
    let new = follower.wait_takeover(&before, set.timeout).await?;
    let repaired_us = wait_repaired(lab, &docker, set, &proxy).await?;

    let old_last = last_write_until(leader.engine_writes(), killed_us);
    let new_first = follower
        .engine_writes()
        .into_iter()
        .find(|w| w.at_us > killed_us);
    let took_us = follower.took_lease_at(new.epoch).ok();
    let repaired_epoch = current_proxy(lab, set)
        .await?
        .label("bosun.epoch")
        .map(str::to_owned);
    let report = RoundReport {
        round,
        killed: leader.node.clone(),
        new_leader: follower.node.clone(),
        old_epoch: before.epoch,
        new_epoch: new.epoch,
        write_gap_ms: gap_ms(
            old_last.as_ref().map(|w| w.at_us),
            new_first.as_ref().map(|w| w.at_us),
        ),
        takeover_ms: gap_ms(Some(killed_us), took_us),
        repair_ms: (repaired_us - killed_us) as f64 / 1000.0,
        old_last_write: old_last.map(WriteSeen::from),
        new_first_write: new_first.map(WriteSeen::from),
        repaired_epoch,
    };

    leader.restart().await?;
    leader.wait_following(&new, set.timeout).await?;
    Ok(report)
}

/// The last write at or before `until_us`.
fn last_write_until(writes: Vec<Write>, until_us: i64) -> Option<Write> {
    writes.into_iter().rev().find(|w| w.at_us <= until_us)
}

fn gap_ms(from_us: Option<i64>, to_us: Option<i64>) -> Option<f64> {
    Some((to_us? - from_us?) as f64 / 1000.0)
}

fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// The target's one proxy service, running on its node.
async fn current_proxy(lab: &Lab, set: &Setting) -> Result<Managed> {
    let node = set.proxy_node.as_str();
    let proxies = managed::wait_proxies_on(lab, &set.target, &[node], set.timeout).await?;
    Ok(proxies
        .get(node)
        .with_context(|| format!("no proxy of {} on {node}", set.target))?
        .service
        .clone())
}

/// Removes `proxy` and waits until the leader made it again and it runs.
async fn remove_and_wait_repaired(
    lab: &Lab,
    docker: &Docker,
    set: &Setting,
    proxy: &Managed,
) -> Result<()> {
    docker
        .delete_service(&proxy.name)
        .await
        .with_context(|| format!("removing {}", proxy.name))?;
    wait_repaired(lab, docker, set, proxy).await.map(drop)
}

/// Waits until a service named as `old` (another one: a new id) has a running task; returns
/// when that task started running, as the manager stamped it (Unix µs).
async fn wait_repaired(lab: &Lab, docker: &Docker, set: &Setting, old: &Managed) -> Result<i64> {
    let what = format!("{} to be made again and run", old.name);
    wait::until(&what, set.timeout, || async {
        let again = managed::proxies(lab, &set.target)
            .await?
            .into_iter()
            .find(|p| p.service.name == old.name && p.service.id != old.id);
        match again {
            Some(p) if !p.running.is_empty() => running_since_us(docker, &p.service.id).await,
            _ => Ok(None),
        }
    })
    .await
}

/// When the running task of service `id` entered the state `running` (Unix µs).
async fn running_since_us(docker: &Docker, id: &str) -> Result<Option<i64>> {
    let filters = HashMap::from([
        ("service", vec![id.to_owned()]),
        ("desired-state", vec!["running".to_owned()]),
    ]);
    let options = ListTasksOptionsBuilder::new().filters(&filters).build();
    let tasks = docker
        .list_tasks(Some(options))
        .await
        .with_context(|| format!("listing the tasks of {id}"))?;
    Ok(tasks
        .into_iter()
        .filter_map(|t| t.status)
        .filter(|s| s.state == Some(TaskState::RUNNING))
        .find_map(|s| s.timestamp.as_deref().and_then(parse_timestamp_us)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(at_us: i64) -> Write {
        Write {
            at_us,
            op: "service_create".into(),
            object: "p".into(),
            epoch: Some(1),
            reason: None,
        }
    }

    #[test]
    fn the_last_write_is_the_last_before_the_kill() {
        let writes = vec![write(10), write(20), write(30)];
        assert_eq!(
            last_write_until(writes.clone(), 25).map(|w| w.at_us),
            Some(20)
        );
        assert_eq!(last_write_until(writes, 5), None);
        assert_eq!(gap_ms(Some(1_000), Some(16_500)), Some(15.5));
        assert_eq!(gap_ms(None, Some(1)), None);
    }
}
