//! The effective targets: the file's, plus those declared with `bosun.*` labels on services
//! (Traefik-style), and which service each one selects. Pure: config and listed services in,
//! targets, held names and problems out.
//!
//! A name is *held* when it cannot be given to anyone for now: a service's `bosun.*` labels
//! claim it but do not validate, or two declarations (two services, or a service and the file)
//! claim it. The planner changes nothing of a held name: its objects stay exactly as they are
//! until the claim is valid and single again (or the claiming service is deleted).

use std::collections::BTreeMap;

use bollard::models::Service;

use crate::config::{Config, Origin, Selector, Target, target_from_labels};
use crate::model::names;
use crate::model::snapshot::{service_labels, service_name};

/// The targets to reconcile now, the held names, and what was wrong.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub targets: BTreeMap<String, Target>,
    /// Held target names → why (one line each).
    pub held: BTreeMap<String, Vec<String>>,
    /// Every problem line, held names' included.
    pub problems: Vec<String>,
}

impl Resolved {
    fn hold(&mut self, name: &str, problem: String) {
        self.problems.push(problem.clone());
        self.held.entry(name.to_string()).or_default().push(problem);
    }
}

/// The file's targets and the label-declared ones. A name claimed twice goes to neither; a
/// name claimed by labels that do not validate is held.
pub fn resolve(config: &Config, services: &[Service]) -> Resolved {
    let mut resolved = Resolved {
        targets: config.targets.clone(),
        ..Resolved::default()
    };
    if !config.labels.enabled {
        return resolved;
    }
    let mut sorted: Vec<&Service> = services.iter().collect();
    sorted.sort_by(|a, b| service_name(a).cmp(&service_name(b)));
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for service in sorted {
        let (Some(name), Some(labels)) = (service_name(service), service_labels(service)) else {
            continue;
        };
        // a label-declared target is served by the instance it names (`bosun` by default)
        if names::is_managed(Some(labels)) || names::instance_of(Some(labels)) != config.instance {
            continue;
        }
        match target_from_labels(name, labels, &config.rotation) {
            Ok(None) => {}
            Ok(Some(target)) => {
                claims
                    .entry(target.name.clone())
                    .or_default()
                    .push(name.to_string());
                resolved
                    .targets
                    .entry(target.name.clone())
                    .or_insert(target);
            }
            Err(err) => {
                let target = err.target.clone();
                resolved.hold(&target, format!("target {target}: {err}"));
            }
        }
    }
    hold_contested(&mut resolved, config, claims);
    for name in resolved.held.keys() {
        resolved.targets.remove(name);
    }
    resolved
}

/// Names claimed by two label-declared services, or by labels and the file: held.
fn hold_contested(resolved: &mut Resolved, config: &Config, claims: BTreeMap<String, Vec<String>>) {
    for (name, services) in claims {
        let in_file = config.targets.contains_key(&name);
        if services.len() < 2 && !in_file {
            continue;
        }
        let mut claimants: Vec<String> = services.iter().map(|s| format!("service {s}")).collect();
        if in_file {
            claimants.push("the config file".into());
        }
        for (i, claimant) in claimants.iter().enumerate() {
            let others: Vec<&str> = claimants
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| c.as_str())
                .collect();
            resolved.hold(
                &name,
                format!(
                    "target {name}: {claimant} claims it, and so does {}; given to none",
                    others.join(", ")
                ),
            );
        }
    }
}

/// Where a target was declared, for messages.
pub fn describe_origin(origin: &Origin) -> String {
    match origin {
        Origin::File => "the config file".to_string(),
        Origin::Labels { service } => format!("labels on service {service}"),
    }
}

/// The one service a target selects: `Ok(None)` when there is none (its proxies and keys
/// go), an error when a label selector matches several.
pub fn select<'a>(target: &Target, services: &'a [Service]) -> Result<Option<&'a Service>, String> {
    match &target.selector {
        Selector::Service(name) => Ok(services
            .iter()
            .find(|s| service_name(s) == Some(name.as_str()))),
        Selector::Labels(wanted) => {
            let matching: Vec<&Service> = services
                .iter()
                .filter(|s| !names::is_managed(service_labels(s)))
                .filter(|s| {
                    let labels = service_labels(s);
                    wanted
                        .iter()
                        .all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v))
                })
                .collect();
            match matching.as_slice() {
                [] => Ok(None),
                [one] => Ok(Some(one)),
                many => Err(format!(
                    "target {}: the selector matches {} services ({}); it must match one",
                    target.name,
                    many.len(),
                    many.iter()
                        .filter_map(|s| service_name(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
    }
}
