//! What the exclusive tests do to the lab: a node drained, a node's dockerd killed. Each
//! disruption demands the test's [`Group`] to be [`crate::group::exclusive`], because it
//! breaks whatever else runs on the lab (tasks move off a drained node; with lab1's dockerd
//! gone nobody can create a service). Each undoes itself when dropped, also on panic.

use anyhow::{Result, ensure};

use crate::Lab;
use crate::group::Group;

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
