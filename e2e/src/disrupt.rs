//! What the exclusive tests do to the lab: a node drained, a node's dockerd killed, a node cut
//! off the lab network. Each disruption demands the test's [`Group`] to be
//! [`crate::group::exclusive`], because it breaks whatever else runs on the lab (tasks move off
//! a drained node; with lab1's dockerd gone nobody can create a service; a partitioned manager
//! takes the swarm's quorum down to the rest). Each undoes itself when dropped, also on panic.

use std::time::Duration;

use anyhow::{Result, ensure};
use bollard::models::{NodeState, Reachability};

use crate::group::Group;
use crate::{Lab, wait};

fn ensure_exclusive(group: &Group, what: &str) -> Result<()> {
    ensure!(
        group.is_exclusive(),
        "{what} disrupts every other test on the lab: take `group::exclusive()`, not {:?}",
        group.kind()
    );
    Ok(())
}

/// Node `node` drained for the guard's life; made active again when dropped.
pub struct Drained {
    lab: Lab,
    node: String,
}

impl Drained {
    pub fn node(group: &Group, node: &str) -> Result<Self> {
        ensure_exclusive(group, "draining a node")?;
        group.cli(&["node", "update", "--availability", "drain", node])?;
        Ok(Self {
            lab: group.lab().clone(),
            node: node.to_owned(),
        })
    }
}

impl Drop for Drained {
    fn drop(&mut self) {
        if let Err(e) = self
            .lab
            .cli(&["node", "update", "--availability", "active", &self.node])
        {
            eprintln!("e2e clean-up: making {} active again: {e:#}", self.node);
        }
    }
}

/// Node `node`'s dockerd SIGKILLed (`bosun-lab kill`); started again by [`Self::start`] or
/// when dropped.
pub struct DockerdDown {
    lab: Lab,
    node: String,
    up: bool,
}

impl DockerdDown {
    pub fn kill(group: &Group, node: &str) -> Result<Self> {
        ensure_exclusive(group, "killing a node's dockerd")?;
        group.run(&["kill", node])?;
        Ok(Self {
            lab: group.lab().clone(),
            node: node.to_owned(),
            up: false,
        })
    }

    pub fn start(&mut self) -> Result<()> {
        self.lab.run(&["start", &self.node])?;
        self.up = true;
        Ok(())
    }
}

impl Drop for DockerdDown {
    fn drop(&mut self) {
        if !self.up {
            if let Err(e) = self.start() {
                eprintln!("e2e clean-up: starting {}'s dockerd: {e:#}", self.node);
            }
        }
    }
}

/// Node `node` cut off the lab network (`bosun-lab partition`: its link leaves the lab bridge;
/// its dockerd and containers keep running, and reach nobody). Joined again by [`Self::heal`]
/// or when dropped. Partition a node other than lab1: the harness reads the swarm through
/// lab1's dockerd ([`Lab::manager`]), which must keep its quorum.
pub struct Partitioned {
    lab: Lab,
    node: String,
    healed: bool,
}

impl Partitioned {
    pub fn node(group: &Group, node: &str) -> Result<Self> {
        ensure_exclusive(group, "partitioning a node")?;
        ensure!(
            node != "lab1",
            "the harness reads the swarm through lab1: cut off another node"
        );
        group.run(&["partition", node])?;
        Ok(Self {
            lab: group.lab().clone(),
            node: node.to_owned(),
            healed: false,
        })
    }

    pub fn heal(&mut self) -> Result<()> {
        self.lab.run(&["heal", &self.node])?;
        self.healed = true;
        Ok(())
    }
}

impl Drop for Partitioned {
    fn drop(&mut self) {
        if !self.healed {
            if let Err(e) = self.heal() {
                eprintln!("e2e clean-up: healing {}: {e:#}", self.node);
            }
        }
    }
}

/// Waits until lab1 sees `node` Ready again (after a partition healed or a dockerd started
/// again) and, for a manager, reachable in the raft group. Lab1 answers only while the swarm
/// has a raft leader: a healed manager may bring an election first (its term went up while it
/// was cut off), and this waits through it.
pub async fn wait_node_ready(lab: &Lab, node: &str, timeout: Duration) -> Result<()> {
    let what = format!("{node} to be Ready again (and reachable, if a manager)");
    wait::until(&what, timeout, || async {
        let info = lab.manager().await?.inspect_node(node).await?;
        let ready = info.status.and_then(|s| s.state) == Some(NodeState::READY);
        let reachable = info
            .manager_status
            .is_none_or(|m| m.reachability == Some(Reachability::REACHABLE));
        Ok((ready && reachable).then_some(()))
    })
    .await
}
