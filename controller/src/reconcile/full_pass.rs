//! A full pass, pure: every target's plan against one full snapshot, to find the targets that
//! need a reconcile, the problems to report and the whole discovery record. The operator's
//! resync (`crate::operator`) lists Swarm once, calls this, and queues the targets it names.
//!
//! The pass visits the declared targets and every target that still owns objects on Swarm, so
//! one that left the configuration is cleaned up. It plans with garbage collection allowed: it
//! runs on a complete listing.

use std::collections::{BTreeMap, BTreeSet};

use bosun_core::discovery::TargetRecord;

use super::plan::plan;
use super::record::target_record;
use super::targets::{Resolved, resolve};
use crate::config::Config;
use crate::model::snapshot::Snapshot;

/// What one full pass found.
#[derive(Debug, Clone, Default)]
pub struct FullPass {
    /// The effective targets (the file's and the label-declared ones).
    pub resolved: Resolved,
    /// Targets whose plan is not empty, in name order.
    pub due: Vec<String>,
    pub problems: BTreeSet<String>,
    /// The discovery entry of every declared target.
    pub records: BTreeMap<String, TargetRecord>,
}

pub fn full_pass(config: &Config, snap: &Snapshot) -> FullPass {
    let resolved = resolve(config, &snap.services);
    let mut names: BTreeSet<String> = resolved.targets.keys().cloned().collect();
    names.extend(snap.managed_targets());
    let mut pass = FullPass {
        problems: resolved.problems.iter().cloned().collect(),
        ..FullPass::default()
    };
    for name in names {
        let target = resolved.targets.get(&name);
        let p = plan(config, &name, target, snap, true);
        pass.problems.extend(p.problems);
        if let Some(t) = target {
            pass.records
                .insert(name.clone(), target_record(config, t, snap));
        }
        if !p.changes.is_empty() {
            pass.due.push(name);
        }
    }
    pass.resolved = resolved;
    pass
}
