//! `rotate --status`, the record signing key's part: each signing key secret the instance has
//! (bosun's, and those the controller's service mounts that bosun did not make, such as the
//! stack's `v1`), its version, age and role, and the pending `rotate --signing-key` requests.
//!
//! The role comes from what the controller's service (labelled `bosun.controller=<instance>`)
//! mounts: the lowest version it mounts `signs`; a higher one is `announced` once labelled so,
//! else `made`; a lower one is `retired` (bosun removes its own once no task mounts it).
//! Without such a service (the controller is not the stack's), every role is `-`.

use bollard::models::{Secret, Service};
use serde::Serialize;

use super::status::{Request, age, age_or_dash, aligned, requests, version};
use crate::model::keys::{is_signing_key, unix_ms};
use crate::model::names::{self, Naming};
use crate::model::snapshot::{label_u32, secret_labels, secret_name, secret_refs};

/// The signing keys and their requests.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct SigningKeys {
    /// By version.
    pub keys: Vec<SigningKeyRow>,
    /// Oldest first.
    pub requests: Vec<Request>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct SigningKeyRow {
    pub secret: String,
    pub version: Option<u32>,
    pub created_at_ms: Option<u64>,
    pub age_seconds: Option<u64>,
    /// `signs`, `announced`, `made`, `retired`, or `-` (no controller service).
    pub role: String,
    pub announced_at_ms: Option<u64>,
}

/// The rows of `instance`'s signing keys among `secrets` (bosun's) and of those `controller`
/// (the controller's service, if any) mounts.
pub fn rows(
    naming: Naming<'_>,
    secrets: &[Secret],
    controller: Option<&Service>,
    now_ms: u64,
) -> Vec<SigningKeyRow> {
    let mounted: Vec<(String, Option<u32>)> = controller
        .map(|svc| {
            secret_refs(svc)
                .iter()
                .filter_map(|r| r.secret_name.clone())
                .filter(|n| version_in_name(naming, n).is_some())
                .map(|n| (n.clone(), version_in_name(naming, &n)))
                .collect()
        })
        .unwrap_or_default();
    let signs = mounted.iter().filter_map(|(_, v)| *v).min();
    let mut rows: Vec<SigningKeyRow> = secrets
        .iter()
        .filter(|s| is_signing_key(naming, s))
        .map(|s| {
            let labels = secret_labels(s);
            let created = unix_ms(s.created_at.as_deref());
            let announced = labels
                .and_then(|l| l.get(names::ANNOUNCED_AT))
                .and_then(|v| v.parse().ok());
            let v = label_u32(labels, names::KEY_VERSION);
            SigningKeyRow {
                secret: secret_name(s).unwrap_or_default().to_string(),
                version: v,
                created_at_ms: created,
                age_seconds: created.map(|c| now_ms.saturating_sub(c) / 1000),
                role: role(controller.is_some(), signs, v, announced.is_some()),
                announced_at_ms: announced,
            }
        })
        .collect();
    for (name, v) in mounted {
        if !rows.iter().any(|r| r.secret == name) {
            rows.push(SigningKeyRow {
                secret: name,
                version: v,
                created_at_ms: None,
                age_seconds: None,
                role: role(true, signs, v, false),
                announced_at_ms: None,
            });
        }
    }
    rows.sort_by_key(|r| r.version);
    rows
}

/// `<P>-signing-key-v<N>` → N.
fn version_in_name(naming: Naming<'_>, name: &str) -> Option<u32> {
    let prefix = naming.signing_key_secret(0);
    let stem = prefix.strip_suffix('0')?;
    name.strip_prefix(stem)?.parse().ok()
}

fn role(has_controller: bool, signs: Option<u32>, version: Option<u32>, announced: bool) -> String {
    let (Some(signs), Some(v), true) = (signs, version, has_controller) else {
        return "-".into();
    };
    match v.cmp(&signs) {
        std::cmp::Ordering::Equal => "signs",
        std::cmp::Ordering::Less => "retired",
        std::cmp::Ordering::Greater if announced => "announced",
        std::cmp::Ordering::Greater => "made",
    }
    .into()
}

/// The table's section, empty when there is nothing to show.
pub fn table(signing: &SigningKeys, now_ms: u64) -> String {
    if signing.keys.is_empty() && signing.requests.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nrecord signing key\n");
    let mut lines = vec![
        ["SECRET", "VERSION", "AGE", "ROLE", "ANNOUNCED"]
            .map(String::from)
            .to_vec(),
    ];
    for k in &signing.keys {
        let announced = k.announced_at_ms.map_or("-".into(), |at| {
            format!("{} ago", age(now_ms.saturating_sub(at) / 1000))
        });
        lines.push(vec![
            k.secret.clone(),
            version(k.version),
            age_or_dash(k.age_seconds),
            k.role.clone(),
            announced,
        ]);
    }
    if lines.len() > 1 {
        for line in aligned(&lines) {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push_str(&requests(&signing.requests));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::{
        SecretSpec, ServiceSpec, TaskSpec, TaskSpecContainerSpec, TaskSpecContainerSpecSecrets,
    };
    use std::collections::HashMap;

    fn managed(version: u32, announced: bool) -> Secret {
        let mut labels: HashMap<String, String> = Naming::default()
            .instance_labels(names::KIND_SIGNING_KEY)
            .into_iter()
            .collect();
        labels.insert(names::KEY_VERSION.into(), version.to_string());
        if announced {
            labels.insert(names::ANNOUNCED_AT.into(), "1000".into());
        }
        Secret {
            id: Some(format!("id{version}")),
            created_at: Some("1970-01-01T00:00:01Z".into()),
            spec: Some(SecretSpec {
                name: Some(format!("bosun-signing-key-v{version}")),
                labels: Some(labels),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn controller(mounts: &[&str]) -> Service {
        let secrets = mounts
            .iter()
            .map(|n| TaskSpecContainerSpecSecrets {
                secret_name: Some((*n).into()),
                ..Default::default()
            })
            .collect();
        Service {
            spec: Some(ServiceSpec {
                task_template: Some(TaskSpec {
                    container_spec: Some(TaskSpecContainerSpec {
                        secrets: Some(secrets),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn roles_follow_what_the_controller_mounts() {
        let secrets = [managed(2, true), managed(3, false)];
        let ctl = controller(&["bosun-signing-key-v2", "bosun-config-1"]);
        let rows = rows(Naming::default(), &secrets, Some(&ctl), 11_000);
        let roles: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.secret.as_str(), r.role.as_str()))
            .collect();
        assert_eq!(
            roles,
            [
                ("bosun-signing-key-v2", "signs"),
                ("bosun-signing-key-v3", "made")
            ]
        );
        assert_eq!(rows[0].age_seconds, Some(10));

        // the stack's v1 (not bosun's) still signs; v2 is announced next
        let ctl = controller(&["bosun-signing-key-v1"]);
        let rows = super::rows(Naming::default(), &secrets, Some(&ctl), 11_000);
        let roles: Vec<&str> = rows.iter().map(|r| r.role.as_str()).collect();
        assert_eq!(roles, ["signs", "announced", "made"]);
        assert_eq!(rows[0].secret, "bosun-signing-key-v1");
        let text = table(
            &SigningKeys {
                keys: rows,
                requests: Vec::new(),
            },
            11_000,
        );
        assert!(
            text.contains("bosun-signing-key-v2  v2       10s  announced  10s ago"),
            "{text}"
        );

        // no controller service: no roles
        let rows = super::rows(Naming::default(), &secrets, None, 11_000);
        assert!(rows.iter().all(|r| r.role == "-"));
        assert_eq!(table(&SigningKeys::default(), 0), "");
    }
}
