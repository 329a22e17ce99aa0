//! What Swarm shows of the signing key's life, as the planner's [`SigningView`]: read from one
//! full [`Snapshot`], with no call of its own.
//!
//! * the keys: this instance's `bosun.kind=signing-key` secrets (version, public half,
//!   `bosun.announced-at`), plus every key the controller's service mounts that bosun did not
//!   make (the stack's `v1`: known by the file it is mounted at, `<dir>/v<N>`; its creation
//!   time comes from `created`, which the operator reads for it);
//! * the controller's own service: the one labelled `bosun.controller=<instance>`; which
//!   versions its spec and its tasks that still run mount (by file, under the signing key
//!   directory), its `bosun.signing-since`, and whether its update is over;
//! * the client services: every service that mounts one of this instance's trust file configs,
//!   with the keys that config lists, for its spec and each task that still runs;
//! * the `rotate --signing-key` requests.
//!
//! Public keys are compared as `<type> <base64>`: the comment of an OpenSSH line is not part
//! of the key.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bollard::models::{Config, Service, TaskSpecContainerSpec};

use super::{ClientTrust, ControllerService, SigningKey, SigningRequest, SigningView};
use crate::model::keys::{is_signing_key, key_part};
use crate::model::names::{self, Naming};
use crate::model::request::{ListedRequest, Rotate};
use crate::model::snapshot::{
    Snapshot, config_names, label_u32, secret_labels, secret_name, service_labels, service_name,
    still_runs, task_config_names, unix_ms,
};
use crate::reconcile::keys::live::may_go_back;

/// How the view is read beside the snapshot.
pub struct ViewInput<'a> {
    /// The controller's signing key directory (`run --signing-keys`).
    pub dir: &'a Path,
    /// `CreatedAt` (Unix ms) of mounted keys bosun did not make, by secret id.
    pub created: &'a HashMap<String, u64>,
    pub period: Option<std::time::Duration>,
    pub announce: std::time::Duration,
    /// Since when this replica publishes as the leader: a key counts as announced from
    /// then at the earliest (a dead leader's record may never have reached a client).
    pub publishing_since_ms: u64,
}

/// The view of `snap`'s instance; `Err` says why there is none to roll (two services claim
/// to be the controller).
pub fn read(snap: &Snapshot, input: &ViewInput<'_>) -> Result<SigningView, String> {
    let naming = snap.naming();
    let controller = controller_service(snap, naming, input.dir)?;
    let mut keys = managed_keys(snap, naming, input.publishing_since_ms);
    if let Some((_, mounted)) = &controller {
        for (version, (id, name)) in mounted {
            if keys.iter().any(|k| k.version == *version) {
                continue;
            }
            if let Some(created_ms) = input.created.get(id) {
                keys.push(SigningKey {
                    version: *version,
                    id: id.clone(),
                    name: name.clone(),
                    created_ms: *created_ms,
                    public_key: None,
                    announced_at_ms: None,
                    managed: false,
                });
            }
        }
    }
    keys.sort_by_key(|k| k.version);
    Ok(SigningView {
        keys,
        controller: controller.map(|(c, _)| c),
        clients: client_trust(snap, naming),
        requests: requests(snap),
        period: input.period,
        announce: input.announce,
        now_ms: snap.at_ms,
    })
}

/// The version → (secret id, secret name) mounts of a service's spec under the directory.
type Mounts = Vec<(u32, (String, String))>;

/// The controller's service, if exactly one carries the label.
fn controller_service(
    snap: &Snapshot,
    naming: Naming<'_>,
    dir: &Path,
) -> Result<Option<(ControllerService, Mounts)>, String> {
    let instance = naming.instance();
    let found: Vec<&Service> = snap
        .services
        .iter()
        .filter(|s| {
            service_labels(s)
                .and_then(|l| l.get(names::CONTROLLER))
                .is_some_and(|c| c == instance)
        })
        .collect();
    let service = match found.as_slice() {
        [] => return Ok(None),
        [one] => *one,
        _ => {
            let names: Vec<&str> = found.iter().filter_map(|s| service_name(s)).collect();
            return Err(format!(
                "services {names:?} are all labelled {}={instance}: the signing key is not rolled until one is",
                names::CONTROLLER
            ));
        }
    };
    let id = service.id.clone().unwrap_or_default();
    let spec_container = service
        .spec
        .as_ref()
        .and_then(|s| s.task_template.as_ref())
        .and_then(|t| t.container_spec.as_ref());
    let mounts = mounted_versions(spec_container, dir);
    let task_mounts = snap
        .live_tasks_of(&id)
        .filter(|t| still_runs(t))
        .map(|t| {
            let container = t.spec.as_ref().and_then(|s| s.container_spec.as_ref());
            mounted_versions(container, dir)
                .into_iter()
                .map(|(v, _)| v)
                .collect()
        })
        .collect();
    let labels = service_labels(service);
    Ok(Some((
        ControllerService {
            id,
            name: service_name(service).unwrap_or_default().to_string(),
            signing_since_ms: labels
                .and_then(|l| l.get(names::SIGNING_SINCE))
                .and_then(|v| v.parse().ok()),
            mounts: mounts.iter().map(|(v, _)| *v).collect(),
            task_mounts,
            updated: !may_go_back(service),
        },
        mounts,
    )))
}

/// The signing key files a container mounts under `dir`: `<dir>/v<N>`.
fn mounted_versions(container: Option<&TaskSpecContainerSpec>, dir: &Path) -> Mounts {
    let refs = container.and_then(|c| c.secrets.as_deref()).unwrap_or(&[]);
    let mut found: Mounts = refs
        .iter()
        .filter_map(|r| {
            let file = r.file.as_ref()?.name.as_deref()?;
            let version = Path::new(file)
                .strip_prefix(dir)
                .ok()?
                .to_str()?
                .strip_prefix('v')?
                .parse()
                .ok()?;
            Some((
                version,
                (
                    r.secret_id.clone()?,
                    r.secret_name.clone().unwrap_or_default(),
                ),
            ))
        })
        .collect();
    found.sort();
    found
}

/// The signing keys bosun made for this instance. A key's announcement counts from when this
/// replica began to publish, at the earliest.
fn managed_keys(snap: &Snapshot, naming: Naming<'_>, publishing_since_ms: u64) -> Vec<SigningKey> {
    snap.secrets
        .iter()
        .filter(|s| is_signing_key(naming, s))
        .filter_map(|s| {
            let labels = secret_labels(s);
            let label = |k: &str| labels.and_then(|l| l.get(k));
            Some(SigningKey {
                version: label_u32(labels, names::KEY_VERSION)?,
                id: s.id.clone()?,
                name: secret_name(s)?.to_string(),
                created_ms: s.created_at.as_deref().and_then(unix_ms).unwrap_or(0),
                public_key: label(names::PUBLIC_KEY).map(|k| key_part(k)),
                announced_at_ms: label(names::ANNOUNCED_AT)
                    .and_then(|v| v.parse::<u64>().ok())
                    .map(|at| at.max(publishing_since_ms.min(snap.at_ms))),
                managed: true,
            })
        })
        .collect()
}

/// Every service that mounts one of the instance's trust files, with the keys it lists.
fn client_trust(snap: &Snapshot, naming: Naming<'_>) -> Vec<ClientTrust> {
    let content: HashMap<&str, BTreeSet<String>> = snap
        .trust_configs
        .iter()
        .filter_map(|c| Some((c.spec.as_ref()?.name.as_deref()?, trusted_keys(c))))
        .collect();
    let keys_of = |names: &mut dyn Iterator<Item = &str>| -> BTreeSet<String> {
        names
            .filter(|n| naming.is_discovery_keys_config(n))
            .flat_map(|n| content.get(n).cloned().unwrap_or_default())
            .collect()
    };
    snap.services
        .iter()
        .filter(|s| config_names(s).any(|n| naming.is_discovery_keys_config(n)))
        .map(|s| {
            let id = s.id.as_deref().unwrap_or_default();
            ClientTrust {
                service: service_name(s).unwrap_or_default().to_string(),
                spec: keys_of(&mut config_names(s)),
                tasks: snap
                    .live_tasks_of(id)
                    .filter(|t| still_runs(t))
                    .map(|t| keys_of(&mut task_config_names(t)))
                    .collect(),
            }
        })
        .collect()
}

/// The keys a trust file config lists.
fn trusted_keys(config: &Config) -> BTreeSet<String> {
    let data = config
        .spec
        .as_ref()
        .and_then(|s| s.data.as_deref())
        .and_then(|d| STANDARD.decode(d).ok())
        .unwrap_or_default();
    String::from_utf8_lossy(&data)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(key_part)
        .collect()
}

/// The instance's `rotate --signing-key` requests.
fn requests(snap: &Snapshot) -> Vec<SigningRequest> {
    snap.requests
        .iter()
        .filter_map(|c| {
            let listed = ListedRequest::of(c);
            let asked = listed.request.ok()?.rotate;
            (asked == Rotate::SigningKey).then(|| SigningRequest {
                id: c.id.clone().unwrap_or_default(),
                name: listed.name,
                created_ms: listed.created_ms.unwrap_or(0),
            })
        })
        .collect()
}

/// The ids of the secrets the controller's service mounts as signing keys that bosun did not
/// make (the stack's `v1`): their creation time is read for [`ViewInput::created`].
pub fn foreign_mounts(snap: &Snapshot, dir: &Path) -> Vec<String> {
    let Ok(Some((_, mounted))) = controller_service(snap, snap.naming(), dir) else {
        return Vec::new();
    };
    let managed = managed_keys(snap, snap.naming(), 0);
    mounted
        .into_iter()
        .filter(|(v, _)| !managed.iter().any(|k| k.version == *v))
        .map(|(_, (id, _))| id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::{
        ConfigSpec, Secret, SecretSpec, ServiceSpec, Task, TaskSpec, TaskSpecContainerSpecConfigs,
        TaskSpecContainerSpecFile, TaskSpecContainerSpecSecrets, TaskState, TaskStatus,
    };
    use std::time::Duration;

    const DIR: &str = "/run/secrets/bosun-signing";

    fn container(secrets: &[(&str, &str, &str)], configs: &[&str]) -> TaskSpecContainerSpec {
        TaskSpecContainerSpec {
            secrets: Some(
                secrets
                    .iter()
                    .map(|(id, name, file)| TaskSpecContainerSpecSecrets {
                        file: Some(TaskSpecContainerSpecFile {
                            name: Some((*file).into()),
                            ..Default::default()
                        }),
                        secret_id: Some((*id).into()),
                        secret_name: Some((*name).into()),
                    })
                    .collect(),
            ),
            configs: Some(
                configs
                    .iter()
                    .map(|n| TaskSpecContainerSpecConfigs {
                        config_name: Some((*n).into()),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        }
    }

    fn service(id: &str, labels: &[(&str, &str)], c: TaskSpecContainerSpec) -> Service {
        Service {
            id: Some(id.into()),
            spec: Some(ServiceSpec {
                name: Some(id.into()),
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| ((*k).into(), (*v).into()))
                        .collect(),
                ),
                task_template: Some(TaskSpec {
                    container_spec: Some(c),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn task(service: &str, c: TaskSpecContainerSpec) -> Task {
        Task {
            id: Some(format!(
                "t-{service}-{}",
                c.configs.as_ref().map_or(0, Vec::len)
            )),
            service_id: Some(service.into()),
            desired_state: Some(TaskState::RUNNING),
            status: Some(TaskStatus {
                state: Some(TaskState::RUNNING),
                ..Default::default()
            }),
            spec: Some(TaskSpec {
                container_spec: Some(c),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn trust(name: &str, keys: &str) -> Config {
        Config {
            id: Some(format!("id-{name}")),
            spec: Some(ConfigSpec {
                name: Some(name.into()),
                labels: Some(Naming::default().instance_labels(names::KIND_DISCOVERY_KEYS)),
                data: Some(STANDARD.encode(keys)),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn signing_secret(version: u32, public: &str, announced: Option<u64>) -> Secret {
        let mut labels = Naming::default().instance_labels(names::KIND_SIGNING_KEY);
        labels.insert(names::KEY_VERSION.into(), version.to_string());
        labels.insert(names::PUBLIC_KEY.into(), public.into());
        if let Some(at) = announced {
            labels.insert(names::ANNOUNCED_AT.into(), at.to_string());
        }
        Secret {
            id: Some(format!("s{version}")),
            created_at: Some("1970-01-01T00:00:02Z".into()),
            spec: Some(SecretSpec {
                name: Some(format!("bosun-signing-key-v{version}")),
                labels: Some(labels),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn the_view_holds_the_keys_the_controller_and_what_each_client_trusts() {
        let v1 = (
            "s1",
            "bosun-signing-key-v1",
            "/run/secrets/bosun-signing/v1",
        );
        let ctl = service(
            "ctl",
            &[
                ("bosun.controller", "bosun"),
                ("bosun.signing-since", "1500"),
            ],
            container(&[v1, ("cfg", "bosun-other", "/etc/other")], &[]),
        );
        let app = service("app", &[], container(&[], &["bosun-discovery-keys-new"]));
        // another instance's controller is not ours
        let blue = service("blue", &[("bosun.controller", "blue")], container(&[], &[]));
        let tasks = vec![
            task("ctl", container(&[v1], &[])),
            task("app", container(&[], &["bosun-discovery-keys-new"])),
            task("app", container(&[], &["bosun-discovery-keys-old", "x"])),
        ];
        let secrets = vec![signing_secret(2, "ssh-ed25519 AAAA2 comment", Some(3000))];
        let mut snap =
            Snapshot::new(vec![ctl, app, blue], tasks, Vec::new(), secrets).of_instance("bosun");
        snap.trust_configs = vec![
            trust(
                "bosun-discovery-keys-new",
                "ssh-ed25519 AAAA1 a\nssh-ed25519 AAAA2 b\n",
            ),
            trust("bosun-discovery-keys-old", "ssh-ed25519 AAAA1 a\n"),
        ];
        snap.at_ms = 10_000;
        let created = HashMap::from([("s1".to_string(), 1000)]);
        let dir = Path::new(DIR);
        assert_eq!(foreign_mounts(&snap, dir), ["s1"]);
        let input = ViewInput {
            dir,
            created: &created,
            period: Some(Duration::from_secs(3600)),
            announce: Duration::from_secs(15),
            publishing_since_ms: 4000,
        };
        let view = read(&snap, &input).unwrap();

        let versions: Vec<(u32, bool)> = view.keys.iter().map(|k| (k.version, k.managed)).collect();
        assert_eq!(versions, [(1, false), (2, true)]);
        assert_eq!(view.keys[0].created_ms, 1000);
        assert_eq!(
            view.keys[1].public_key.as_deref(),
            Some("ssh-ed25519 AAAA2")
        );
        // announced at 3000, but this replica publishes only since 4000
        assert_eq!(view.keys[1].announced_at_ms, Some(4000));
        let c = view.controller.as_ref().unwrap();
        assert_eq!(c.mounts, BTreeSet::from([1]));
        assert_eq!(c.task_mounts, [BTreeSet::from([1])]);
        assert_eq!(c.signing_since_ms, Some(1500));
        assert!(c.updated);
        assert_eq!(view.clients.len(), 1);
        let app = &view.clients[0];
        assert_eq!(app.service, "app");
        assert!(app.spec.contains("ssh-ed25519 AAAA2"));
        let per_task: Vec<bool> = app
            .tasks
            .iter()
            .map(|t| t.contains("ssh-ed25519 AAAA2"))
            .collect();
        assert_eq!(
            per_task.iter().filter(|t| **t).count(),
            1,
            "{:?}",
            app.tasks
        );
        assert_eq!(app.tasks.len(), 2);
    }

    #[test]
    fn two_services_claiming_the_controller_roll_nothing() {
        let a = service("a", &[("bosun.controller", "bosun")], container(&[], &[]));
        let b = service("b", &[("bosun.controller", "bosun")], container(&[], &[]));
        let snap =
            Snapshot::new(vec![a, b], Vec::new(), Vec::new(), Vec::new()).of_instance("bosun");
        let created = HashMap::new();
        let input = ViewInput {
            dir: Path::new(DIR),
            created: &created,
            period: None,
            announce: Duration::from_secs(15),
            publishing_since_ms: 0,
        };
        let err = read(&snap, &input).unwrap_err();
        assert!(
            err.contains("are all labelled bosun.controller=bosun"),
            "{err}"
        );
    }
}
