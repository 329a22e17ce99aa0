//! `GET /v1/status`, as plain data: every target the controller knows of (declared in the file
//! or with labels, held, or only owning objects), its proxies and its problems, built from one
//! full pass and the snapshot it ran on. Pure; the operator stores the latest one and the HTTP
//! listener serves it (docs/controller.md, "Status").

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::full_pass::FullPass;
use super::targets::describe_origin;
use crate::model::names;
use crate::model::snapshot::{Snapshot, service_labels, service_name};

/// The whole status document.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Status {
    pub instance: String,
    /// Why the current configuration is not used (it would remove every target), if so.
    pub config_refused: Option<String>,
    pub targets: BTreeMap<String, TargetStatus>,
}

/// One target's line in the status.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetStatus {
    /// `declared` (reconciled), `held` (its objects are left as they are) or `undeclared`
    /// (only its objects remain; they are removed).
    pub state: &'static str,
    /// `the config file` or `labels on service NAME`; none when held or undeclared.
    pub declared_by: Option<String>,
    pub proxies: Vec<ProxyStatus>,
    pub problems: Vec<String>,
}

/// One proxy service of a target.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProxyStatus {
    pub service: String,
    pub service_id: String,
    pub node: String,
    pub node_id: String,
    /// Whether its task is running.
    pub running: bool,
}

/// The status after `pass` ran on `snap`.
pub fn status(instance: &str, pass: &FullPass, snap: &Snapshot) -> Status {
    let resolved = &pass.resolved;
    let mut names: BTreeSet<String> = resolved.targets.keys().cloned().collect();
    names.extend(resolved.held.keys().cloned());
    names.extend(snap.managed_targets());
    let targets = names
        .into_iter()
        .map(|name| {
            let declared = resolved.targets.get(&name);
            let state = match (declared, resolved.held.contains_key(&name)) {
                (_, true) => "held",
                (Some(_), false) => "declared",
                (None, false) => "undeclared",
            };
            let line = TargetStatus {
                state,
                declared_by: declared.map(|t| describe_origin(&t.origin)),
                proxies: proxies(&name, snap),
                problems: pass
                    .problems_by_target
                    .get(&name)
                    .cloned()
                    .unwrap_or_default(),
            };
            (name, line)
        })
        .collect();
    Status {
        instance: instance.to_string(),
        config_refused: None,
        targets,
    }
}

fn proxies(target: &str, snap: &Snapshot) -> Vec<ProxyStatus> {
    let hostnames = snap.hostnames();
    let mut out: Vec<ProxyStatus> = snap
        .managed_services(target, names::KIND_PROXY)
        .map(|svc| {
            let id = svc.id.clone().unwrap_or_default();
            let node_id = service_labels(svc)
                .and_then(|l| l.get(names::NODE))
                .cloned()
                .unwrap_or_default();
            ProxyStatus {
                service: service_name(svc).unwrap_or_default().to_string(),
                running: snap.has_running_task(&id),
                service_id: id,
                node: hostnames
                    .get(node_id.as_str())
                    .map(|h| h.to_string())
                    .unwrap_or_default(),
                node_id,
            }
        })
        .collect();
    out.sort_by(|a, b| a.service.cmp(&b.service));
    out
}
