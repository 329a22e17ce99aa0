//! Several controllers, one leader, fenced (issue 10). Two replicas of one instance, on the
//! managers lab1 and lab2, elect a leader through the instance's lease (15 s, the default); the
//! target, its proxy and a client app (a command every 300 ms through the proxy, following the
//! discovery record of the replica that is not disrupted first) run on lab3, which nothing
//! disrupts. The leader is lost three ways:
//!
//! * SIGSTOP, held past its lease: the other replica takes the lease over, and repairs a proxy
//!   deleted meanwhile; SIGCONT then wakes the old leader to the events of that repair, to a
//!   proxy deleted again right then (so that it has a write to want) and to a lease it no
//!   longer holds;
//! * SIGKILL of the new leader: the first one takes the lease back; the killed one comes back
//!   as a follower;
//! * SIGTERM of the leader (the first one again), as Docker stops a task: it gives the lease
//!   up (its log says so) and exits; the other takes over; restarted, it follows;
//! * a partition of the leader's node (exclusive: it takes the swarm's quorum down to two
//!   managers), a proxy deleted while it is cut off, then the partition healed.
//!
//! Each time: the other replica leads, at a higher epoch; the old leader logged no `engine
//! write` after the new one logged `took the lease: leading` (both processes stamp their log
//! lines with the one host clock; writes the fence refused are fine); the target has exactly
//! one client key, one authorized keys, one host key and the one proxy on lab3; both replicas
//! serve the same discovery record (body and ETag); and the app saw no failed command, and was
//! not restarted.
//!
//! Needs the lab with lab1 and lab2 as managers (`bosun-lab up 3 --managers 3`, as
//! `make test` brings it up), the images (`make images`), and a controller build.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use bosun_e2e::client_service::{ClientServiceFixture, now_ms};
use bosun_e2e::controller::{ConfigBuilder, ControllerFixture};
use bosun_e2e::disrupt::{Partitioned, wait_node_ready};
use bosun_e2e::fencing::{assert_fenced, assert_no_write_after};
use bosun_e2e::group::Group;
use bosun_e2e::leader::{Readyz, wait_leader_metrics, wait_same_record, wait_settled};
use bosun_e2e::managed::{self, Managed};
use bosun_e2e::scenario::*;
use bosun_e2e::{ServiceFixture, group, unique_name, wait};

/// The lease: the controller's default. A leader must renew it on a lab busy with the rest of
/// the suite (the orchestration tests' bursts of Swarm writes included): with 6 s, slow Swarm
/// writes made the new leader lose its lease mid-test; with 10 s the test failed once on the
/// slower CI machine, beside orchestration tests whose 4 s leases were lost.
const LEASE: &str = "15s";
/// How long a takeover may take: the lease, a look, the reads of a first reconcile (on a lab
/// loaded by the rest of the suite this has passed 45 s: CI saw it twice).
const TAKEOVER: Duration = Duration::from_secs(90);
/// How long the old leader runs after SIGCONT before its writes are counted: long enough to
/// handle the events it slept through and to reach its next resync (5 s).
const RESUME_HOLD: Duration = Duration::from_secs(6);
/// The node of the target, its proxy and the app: never disrupted.
const STEADY: &str = "lab3";
/// The app retries for about 40 s (1, 2, 4, then 5 s apart): it rides out the repair of a
/// deleted proxy, which waits for a takeover.
const APP_RETRIES: &[&str] = &["BOSUN_RETRY_TIMES=10", "BOSUN_RETRY_MAX_DELAY=5s"];

/// The target on lab3, two replicas, the proxy and the app. Fields drop in order: the app,
/// the replica, then the first controller (which sweeps the instance once nobody else can
/// write it), then the target.
struct Pair {
    target: String,
    client: ClientServiceFixture,
    /// The replica started second, on the other node: it follows at first, and the app
    /// follows its record.
    second: ControllerFixture,
    /// The replica started first: it leads at first, and owns the instance's clean-up.
    first: ControllerFixture,
    _nc: ServiceFixture,
    /// When the app's first command succeeded: nothing may fail from then on.
    t0: u64,
}

/// The target and its app on lab3; the first controller on `first_node`, leading; the second
/// on `second_node`, following; the proxy running.
async fn setup(lab: &Group, first_node: &str, second_node: &str) -> Result<Pair> {
    let target = target_name("nc");
    let app = unique_name("app");
    let nc = nextcloud_on(lab, &target, STEADY).await?;
    let config = ConfigBuilder::new()
        .nextcloud(&target, &target, &[&app])
        .lease(LEASE)
        .yaml();
    let first = controller_on(lab, &config, first_node).await?;
    let leading = first.wait_leading(CONVERGE).await?;
    let second = first.start_replica(lab, second_node).await?;
    second.wait_following(&leading, CONVERGE).await?;
    eprintln!("LEADER: {} leads at epoch {}", first.node, leading.epoch);
    managed::wait_proxies_on(lab, &target, &[STEADY], CONVERGE).await?;
    let client = client_app_with_env(lab, &second, &app, &target, STEADY, APP_RETRIES).await?;
    Ok(Pair {
        target,
        client,
        second,
        first,
        _nc: nc,
        t0: now_ms(),
    })
}

impl Pair {
    /// After a takeover: the target's objects are exactly the contract's, with its proxy on
    /// lab3, and both replicas serve one record.
    async fn assert_converged(&self, lab: &Group, what: &str) -> Result<()> {
        wait::until(
            &format!("exactly the contract's objects after {what}"),
            CONVERGE,
            || async {
                assert_objects_exactly(lab, &self.target, &[STEADY]).await?;
                Ok(Some(()))
            },
        )
        .await?;
        // A proxy made again (the repair) is listed once its health check passed: wait for one
        // record, served by both, that lists it.
        let (etag, _) = wait::until(
            &format!("both replicas to serve one record listing {STEADY} after {what}"),
            CONVERGE,
            || async {
                let (etag, record) =
                    wait_same_record(&[&self.first, &self.second], CONVERGE).await?;
                let nodes = record_nodes(&record, &self.target);
                Ok((nodes == [STEADY]).then_some((etag, record)))
            },
        )
        .await?;
        eprintln!("LEADER {what}: both replicas serve generation {etag}");
        Ok(())
    }

    /// The app ran commands the whole time since [`setup`], and not one failed.
    async fn assert_app_never_failed(&self) -> Result<()> {
        let ok = self.client.wait_ok_since(now_ms(), CONVERGE).await?;
        let lines = self.client.lines_between(self.t0, ok.t_ms).await?;
        eprintln!("LEADER: the app saw {}", seen(&lines));
        let failed: Vec<_> = lines.iter().filter(|l| !l.ok()).collect();
        ensure!(failed.is_empty(), "failed commands: {failed:#?}");
        self.client.assert_not_restarted().await
    }
}

/// Deletes the target's proxy service; returns it.
async fn delete_proxy(lab: &Group, target: &str) -> Result<Managed> {
    let old = managed::wait_proxies_on(lab, target, &[STEADY], CONVERGE).await?[STEADY]
        .service
        .clone();
    lab.cli(&["service", "rm", &old.name])?;
    Ok(old)
}

/// The replica that took the lease over: its `/readyz` then, and when it logged the take.
struct Takeover<'a> {
    ctl: &'a ControllerFixture,
    readyz: Readyz,
    took_us: i64,
}

impl Takeover<'_> {
    /// Waits until `ctl` took the lease over from `old`.
    async fn wait<'a>(ctl: &'a ControllerFixture, old: &Readyz, t0: u64) -> Result<Takeover<'a>> {
        let readyz = ctl.wait_takeover(old, TAKEOVER).await?;
        let took_us = ctl.took_lease_at(readyz.epoch)?;
        eprintln!(
            "LEADER: {} took over at epoch {} {} ms after the disruption",
            ctl.node,
            readyz.epoch,
            since(t0)
        );
        Ok(Takeover {
            ctl,
            readyz,
            took_us,
        })
    }

    /// The new leader still leads, at the epoch it took.
    fn assert_kept(&self) -> Result<()> {
        self.ctl.assert_still_leading(&self.readyz, self.took_us)
    }

    /// Waits until the new leader made the deleted proxy `old` again, running on lab3 and
    /// labelled with its epoch.
    async fn wait_repaired(&self, lab: &Group, target: &str, old: &Managed) -> Result<()> {
        let t = now_ms();
        wait_proxy_recreated(lab, target, old).await?;
        let now = managed::wait_proxies_on(lab, target, &[STEADY], CONVERGE).await?;
        self.assert_kept()?;
        let epoch = now[STEADY].service.label("bosun.epoch");
        let want = self.readyz.epoch.to_string();
        ensure!(
            epoch == Some(want.as_str()),
            "the repaired proxy carries bosun.epoch={epoch:?}, not the new leader's {want}"
        );
        eprintln!(
            "LEADER: the new leader repaired the deleted proxy ({} ms)",
            since(t)
        );
        Ok(())
    }
}

/// The old leader logged that it stopped leading after `since_us` (the disruption).
fn assert_stopped_leading(old: &ControllerFixture, since_us: i64) -> Result<()> {
    let stopped = old.stopped_leading_after(since_us);
    let line = stopped.first().with_context(|| {
        format!(
            "the old leader on {} logged no `stopped leading` since the disruption",
            old.node
        )
    })?;
    eprintln!(
        "LEADER: the old leader on {} stopped leading (epoch {:?}): {:?}",
        old.node, line.epoch, line.why
    );
    Ok(())
}

/// The leader frozen past its lease, a proxy deleted meanwhile, then woken.
async fn sigstop_past_the_lease(lab: &Group, s: &Pair) -> Result<()> {
    let before = s.first.wait_leading(CONVERGE).await?;
    let t = now_ms();
    let stopped_us = i64::try_from(t * 1000)?;
    s.first.sigstop()?;
    let new = Takeover::wait(&s.second, &before, t).await?;
    let old = delete_proxy(lab, &s.target).await?;
    new.wait_repaired(lab, &s.target, &old).await?;

    // woken to the events it slept through and to a proxy missing right now: the old leader
    // wants to write, and its fence must stop it
    let old = delete_proxy(lab, &s.target).await?;
    s.first.sigcont()?;
    // the one fixed wait: the woken leader acts on what it slept through, or does not
    tokio::time::sleep(RESUME_HOLD).await;
    new.wait_repaired(lab, &s.target, &old).await?;
    s.first.wait_following(&new.readyz, CONVERGE).await?;
    assert_no_write_after(&s.first, new.took_us, "the leader woken by SIGCONT")?;
    assert_stopped_leading(&s.first, stopped_us)?;
    wait_leader_metrics(&s.second, &[&s.first], new.readyz.epoch, CONVERGE).await?;
    s.assert_converged(lab, "SIGSTOP").await?;
    new.assert_kept()
}

/// The leader (now the second replica) SIGKILLed, then started again as a follower.
async fn sigkill_of_the_leader(lab: &Group, s: &mut Pair) -> Result<()> {
    let before = s.second.wait_leading(CONVERGE).await?;
    let t = now_ms();
    s.second.sigkill()?;
    let new = Takeover::wait(&s.first, &before, t).await?;
    s.second.restart().await?;
    s.second.wait_following(&new.readyz, CONVERGE).await?;
    // the killed process wrote nothing more, and the new one (a follower) writes nothing
    assert_no_write_after(&s.second, new.took_us, "the killed leader and its restart")?;
    wait_leader_metrics(&s.first, &[&s.second], new.readyz.epoch, CONVERGE).await?;
    s.assert_converged(lab, "SIGKILL").await?;
    new.assert_kept()
}

/// The leader (the first replica again) stopped as Docker stops a task: it gives the lease up
/// and exits, and the other takes over (at its next look, not when the lease runs out: the
/// time is printed, not asserted); restarted, it follows.
async fn sigterm_of_the_leader(lab: &Group, s: &mut Pair) -> Result<()> {
    let before = s.first.wait_leading(CONVERGE).await?;
    let t = now_ms();
    s.first.signal("TERM")?;
    let new = Takeover::wait(&s.second, &before, t).await?;
    wait::until("the stopped leader to exit", CONVERGE, || async {
        Ok(s.first.check_alive().is_err().then_some(()))
    })
    .await?;
    let gave_up = s.first.logs().contains("\"message\":\"gave the lease up\"");
    ensure!(
        gave_up,
        "the leader stopped by SIGTERM did not give the lease up; its log ends with:\n{}",
        s.first.log_tail(15)
    );
    assert_no_write_after(&s.first, new.took_us, "the leader stopped by SIGTERM")?;
    s.first.restart().await?;
    s.first.wait_following(&new.readyz, CONVERGE).await?;
    s.assert_converged(lab, "SIGTERM").await?;
    new.assert_kept()
}

#[tokio::test]
async fn sigstop_sigkill_and_sigterm_of_the_leader_hand_the_lease_over_without_a_stray_write()
-> Result<()> {
    let lab = group::controller();
    let mut s = setup(&lab, "lab1", "lab2").await?;
    sigstop_past_the_lease(&lab, &s).await?;
    sigkill_of_the_leader(&lab, &mut s).await?;
    sigterm_of_the_leader(&lab, &mut s).await?;
    s.assert_app_never_failed().await?;
    assert_fenced(&[&s.first, &s.second])
}

#[tokio::test]
async fn a_partitioned_leader_is_replaced_and_writes_nothing_when_it_comes_back() -> Result<()> {
    // a manager cut off: the swarm runs on two managers' quorum meanwhile
    let lab = group::exclusive();
    // the leader on lab2 (cut off), the follower on lab1 (through which the harness reads)
    let s = setup(&lab, "lab2", "lab1").await?;
    let before = s.first.wait_leading(CONVERGE).await?;
    let t = now_ms();
    let cut_us = i64::try_from(t * 1000)?;
    let mut cut = Partitioned::node(&lab, "lab2")?;
    let new = Takeover::wait(&s.second, &before, t).await?;
    // cut off, the old leader knows it no longer leads (its node still reaches it): it
    // stopped before the lease ran out, so by now it says so, or does within a look
    wait::until(
        "the cut-off leader to say it no longer leads",
        TAKEOVER,
        || async { Ok((!s.first.readyz()?.1.leading).then_some(())) },
    )
    .await?;
    let old = delete_proxy(&lab, &s.target).await?;
    new.wait_repaired(&lab, &s.target, &old).await?;

    // healed: the cut-off manager's raft term is the higher one, so the swarm elects its
    // leader again, and nobody can renew a lease for a few seconds; the replicas may settle
    // on either leader, at the new epoch or a later one
    new.assert_kept()?;
    cut.heal()?;
    wait_node_ready(&lab, "lab2", CONVERGE).await?;
    let replicas = [&s.first, &s.second];
    let (i, leader) = wait_settled(&replicas, new.readyz.epoch, CONVERGE).await?;
    eprintln!(
        "LEADER: after the heal {} leads at epoch {}",
        replicas[i].node, leader.epoch
    );
    let others: Vec<&ControllerFixture> = [&s.first, &s.second]
        .into_iter()
        .enumerate()
        .filter_map(|(j, r)| (j != i).then_some(r))
        .collect();
    wait_leader_metrics(replicas[i], &others, leader.epoch, CONVERGE).await?;
    s.assert_converged(&lab, "the partition").await?;
    s.assert_app_never_failed().await?;
    // counted last: the healed leader had the whole convergence above to misbehave
    assert_no_write_after(&s.first, new.took_us, "the healed leader")?;
    assert_stopped_leading(&s.first, cut_us)?;
    assert_fenced(&replicas)
}
