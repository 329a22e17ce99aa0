//! A full pass, pure: every target's plan against one full snapshot, to find the targets that
//! need a reconcile, the problems to report and the whole discovery record. The operator's
//! resync (`crate::operator`) lists Swarm once, calls this, and queues the targets it names.
//!
//! The pass visits the declared targets and every target that still owns objects on Swarm, so
//! one that left the configuration is cleaned up. It plans with garbage collection allowed: it
//! runs on a complete listing. Held names (`super::targets`) are visited but not planned:
//! nothing of theirs changes, and their problems are reported.

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
    /// Every visited target's problems (held ones' included), for `/v1/status`.
    pub problems_by_target: BTreeMap<String, Vec<String>>,
    /// The discovery entry of every declared target.
    pub records: BTreeMap<String, TargetRecord>,
}

pub fn full_pass(config: &Config, snap: &Snapshot) -> FullPass {
    let resolved = resolve(config, &snap.services);
    let mut names: BTreeSet<String> = resolved.targets.keys().cloned().collect();
    names.extend(snap.managed_targets());
    let mut pass = FullPass {
        problems: resolved.problems.iter().cloned().collect(),
        problems_by_target: resolved.held.clone(),
        ..FullPass::default()
    };
    for name in names {
        if resolved.held.contains_key(&name) {
            continue;
        }
        let target = resolved.targets.get(&name);
        let p = plan(config, &name, target, snap, true);
        if !p.problems.is_empty() {
            pass.problems_by_target
                .insert(name.clone(), p.problems.clone());
        }
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

/// Why `config` may not be used: it would remove every target that has proxies now (and does
/// not say `allow_remove_all`). `None` when it may.
pub fn removes_everything(config: &Config, resolved: &Resolved, snap: &Snapshot) -> Option<String> {
    if config.allow_remove_all {
        return None;
    }
    let with_proxies: BTreeSet<String> = snap
        .managed_targets()
        .into_iter()
        .filter(|t| {
            snap.managed_services(t, crate::model::names::KIND_PROXY)
                .next()
                .is_some()
        })
        .collect();
    let kept = with_proxies
        .iter()
        .any(|t| resolved.targets.contains_key(t) || resolved.held.contains_key(t));
    if with_proxies.is_empty() || kept {
        return None;
    }
    let list: Vec<&str> = with_proxies.iter().map(String::as_str).collect();
    Some(format!(
        "the configuration would remove every target that has proxies ({}); refused: set \
         `allow_remove_all: true` to allow it",
        list.join(", ")
    ))
}
