//! The effective targets: the file's, plus those declared with `bosun.*` labels on services
//! (Traefik-style), and which service each one selects. Pure: config and listed services in,
//! targets and problems out.

use std::collections::BTreeMap;

use bollard::models::Service;

use crate::config::{Config, Selector, Target, target_from_labels};
use crate::model::names;
use crate::model::snapshot::{service_labels, service_name};

/// The targets to reconcile now, and what was wrong with the ones that could not be used.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub targets: BTreeMap<String, Target>,
    /// One line per label-declared target that was refused (bad label, name taken).
    pub problems: Vec<String>,
}

/// The file's targets, then the label-declared ones (a name the file already uses stays the
/// file's; the first service in name order wins between two services claiming one name).
pub fn resolve(config: &Config, services: &[Service]) -> Resolved {
    let mut resolved = Resolved {
        targets: config.targets.clone(),
        problems: Vec::new(),
    };
    if !config.labels.enabled {
        return resolved;
    }
    let mut sorted: Vec<&Service> = services.iter().collect();
    sorted.sort_by(|a, b| service_name(a).cmp(&service_name(b)));
    for service in sorted {
        let (Some(name), Some(labels)) = (service_name(service), service_labels(service)) else {
            continue;
        };
        if names::is_managed(Some(labels)) {
            continue;
        }
        match target_from_labels(name, labels) {
            Ok(None) => {}
            Ok(Some(target)) => {
                if let Some(existing) = resolved.targets.get(&target.name) {
                    resolved.problems.push(format!(
                        "service {name}: target name {:?} is already declared ({}); its labels are ignored",
                        target.name,
                        match &existing.origin {
                            crate::config::Origin::File => "in the config file".to_string(),
                            crate::config::Origin::Labels { service } => {
                                format!("by labels on service {service}")
                            }
                        }
                    ));
                } else {
                    resolved.targets.insert(target.name.clone(), target);
                }
            }
            Err(err) => resolved.problems.push(err.to_string()),
        }
    }
    resolved
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
