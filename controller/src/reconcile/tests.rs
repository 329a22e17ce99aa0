//! The planner against hand-built snapshots: what a new, a converged, a moved, a removed and an
//! ambiguous target plan, and that nothing unlabelled is ever touched; what survives what (a
//! `ready` replacement task, a target gone within and after the grace, the grace across a
//! controller restart, host keys kept per (target, node)); and drift (a proxy scaled to 0 or
//! edited by hand is put back, what Swarm fills in is not drift); bad input changes nothing
//! (held names, refused configs), one owner per object (instances, uninstall), labels that
//! cannot be abused (client opt-in, key access), `/v1/status`; and where these meet (another
//! instance's presence and host keys, a held target's grace and drift, key access drift).

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use bollard::models::{
    Node, NodeDescription, NodeState, NodeStatus, ObjectVersion, Secret, SecretSpec, Service,
    ServiceSpec, Task, TaskSpec, TaskSpecContainerSpec, TaskSpecContainerSpecSecrets, TaskState,
    TaskStatus,
};
use bosun_core::policy::Preset;

use super::change::Change;
use super::full_pass::full_pass;
use super::keys::authorized::{Entry, KeySet};
use super::plan::plan;
use super::proxy_spec::{Placement, ProxySpec, secret_file};
use super::record::target_record;
use crate::config::{
    ClientSpec, Config, DiscoverySettings, ExecSettings, Intervals, LabelSettings, Limits, Origin,
    ProxySettings, Rotation, Selector, Target, TargetPolicy,
};
use crate::model::names;
use crate::model::snapshot::{Snapshot, service_labels, service_name};

pub(crate) const N2: &str = "node2aaaaaaaaaaaaaaaaaaaaa";
pub(crate) const N3: &str = "node3bbbbbbbbbbbbbbbbbbbbb";

pub(crate) fn target() -> Target {
    Target {
        name: "nextcloud".into(),
        selector: Selector::Service("nextcloud".into()),
        policy: TargetPolicy::Preset(Preset::Nextcloud),
        exec: ExecSettings {
            user: "www-data".into(),
            workdir: Some("/var/www/html".into()),
            env: BTreeMap::new(),
        },
        clients: vec![ClientSpec {
            service: "app".into(),
            key_path: "/run/secrets/bosun-nextcloud-key".into(),
            uid: 0,
            gid: 0,
            mode: 0o400,
        }],
        limits: Limits {
            memory_bytes: Some(64 << 20),
            ..Default::default()
        },
        rotation: Rotation::default(),
        origin: Origin::File,
    }
}

pub(crate) fn config() -> Config {
    Config {
        instance: "bosun".into(),
        allow_remove_all: false,
        network: "bosun".into(),
        proxy: ProxySettings {
            image: "bosun/proxy:latest".into(),
            port: 2222,
            ssh_user: "bosun".into(),
            docker_socket: "/var/run/docker.sock".into(),
        },
        intervals: Intervals {
            resync: Duration::from_secs(30),
            task_poll: Duration::from_secs(5),
            watch_deadline: Duration::from_secs(90),
            absent_grace: Duration::from_secs(120),
            lease: Duration::from_secs(15),
        },
        discovery: DiscoverySettings {
            docker_config: false,
            validity: Duration::from_secs(3600),
            signing_key: Some(Duration::from_secs(365 * 86_400)),
        },
        labels: LabelSettings { enabled: false },
        rotation: Rotation::default(),
        targets: BTreeMap::from([("nextcloud".to_string(), target())]),
        orchestration: Default::default(),
    }
}

pub(crate) fn service(
    id: &str,
    name: &str,
    labels: HashMap<String, String>,
    secrets: Vec<(&str, &str, &str)>,
) -> Service {
    Service {
        id: Some(id.into()),
        version: Some(ObjectVersion { index: Some(7) }),
        spec: Some(ServiceSpec {
            name: Some(name.into()),
            labels: Some(labels),
            task_template: Some(TaskSpec {
                container_spec: Some(TaskSpecContainerSpec {
                    image: Some("img".into()),
                    secrets: Some(
                        secrets
                            .into_iter()
                            .map(|(id, name, path)| TaskSpecContainerSpecSecrets {
                                file: Some(secret_file(path)),
                                secret_id: Some(id.into()),
                                secret_name: Some(name.into()),
                            })
                            .collect(),
                    ),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub(crate) fn task(service: &str, node: &str, state: TaskState) -> Task {
    Task {
        service_id: Some(service.into()),
        node_id: Some(node.into()),
        desired_state: Some(TaskState::RUNNING),
        status: Some(TaskStatus {
            state: Some(state),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub(crate) fn secret(id: &str, name: &str, labels: HashMap<String, String>) -> Secret {
    Secret {
        id: Some(id.into()),
        spec: Some(SecretSpec {
            name: Some(name.into()),
            labels: Some(labels),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The labels of a converged key (its rotation done): the client key is `app`'s, the
/// authorized keys hold exactly it.
pub(crate) fn key_labels(kind: &str, node: Option<&str>) -> HashMap<String, String> {
    let mut l = names::base_labels("nextcloud", kind);
    l.insert(names::KEY_VERSION.into(), "1".into());
    if kind == names::KIND_AUTHORIZED_KEYS {
        l.insert(names::KEYS_DIGEST.into(), app_key_set().digest);
    } else {
        l.insert(names::PUBLIC_KEY.into(), format!("ssh-ed25519 AAAA{kind}"));
        l.insert(names::ROTATION_PHASE.into(), names::phase::DONE.into());
    }
    if kind == names::KIND_CLIENT_KEY {
        l.insert(names::CLIENT.into(), "app".into());
    }
    if let Some(n) = node {
        l.insert(names::NODE.into(), n.into());
    }
    l
}

/// The authorized keys of the converged target: `app`'s key, version 1.
pub(crate) fn app_key_set() -> KeySet {
    KeySet::new(&std::collections::BTreeSet::from([Entry {
        public_key: format!("ssh-ed25519 AAAA{}", names::KIND_CLIENT_KEY),
        client: "app".into(),
        version: 1,
    }]))
}

pub(crate) fn nodes() -> Vec<Node> {
    [(N2, "lab2"), (N3, "lab3")]
        .into_iter()
        .map(|(id, host)| Node {
            id: Some(id.into()),
            description: Some(NodeDescription {
                hostname: Some(host.into()),
                ..Default::default()
            }),
            status: Some(NodeStatus {
                state: Some(NodeState::READY),
                ..Default::default()
            }),
            ..Default::default()
        })
        .collect()
}

/// `snap` with node `id`'s state set to `state` (`None`: no status at all).
fn with_node_state(mut snap: Snapshot, id: &str, state: Option<NodeState>) -> Snapshot {
    for node in snap
        .nodes
        .iter_mut()
        .filter(|n| n.id.as_deref() == Some(id))
    {
        node.status = state.map(|state| NodeStatus {
            state: Some(state),
            ..Default::default()
        });
    }
    snap.changed();
    snap
}

/// A client's own opt-in label.
pub(crate) fn client_of(targets: &str) -> HashMap<String, String> {
    HashMap::from([("bosun.client-of".to_string(), targets.to_string())])
}

/// The target's service on `target_nodes`, the client `app`, and nothing of bosun's.
pub(crate) fn fresh(target_nodes: &[&str]) -> Snapshot {
    Snapshot::new(
        vec![
            service("svc-nc", "nextcloud", HashMap::new(), vec![]),
            service("svc-app", "app", client_of("nextcloud"), vec![]),
        ],
        target_nodes
            .iter()
            .map(|n| task("svc-nc", n, TaskState::RUNNING))
            .collect(),
        nodes(),
        vec![],
    )
}

/// `fresh`, with the client's first key made (the planner's first pass): what proxies are
/// planned from.
pub(crate) fn keyed(target_nodes: &[&str]) -> Snapshot {
    let mut snap = fresh(target_nodes);
    snap.secrets.push(secret(
        "s-client",
        "bosun-nextcloud-client-app-v1",
        new_key_labels(names::KIND_CLIENT_KEY, None),
    ));
    snap.changed();
    snap
}

/// The labels of a key just made: no rotation phase yet.
pub(crate) fn new_key_labels(kind: &str, node: Option<&str>) -> HashMap<String, String> {
    let mut l = key_labels(kind, node);
    l.remove(names::ROTATION_PHASE);
    l
}

/// Everything converged for a target on `node`.
pub(crate) fn converged(node: &str) -> Snapshot {
    let mut snap = fresh(&[node]);
    let host_key = names::host_key_secret("nextcloud", node, 1);
    snap.secrets = vec![
        secret(
            "s-client",
            "bosun-nextcloud-client-app-v1",
            key_labels(names::KIND_CLIENT_KEY, None),
        ),
        secret(
            "s-auth",
            "bosun-nextcloud-authorized-keys-v1",
            key_labels(names::KIND_AUTHORIZED_KEYS, None),
        ),
        secret(
            "s-host",
            &host_key,
            key_labels(names::KIND_HOST_KEY, Some(node)),
        ),
    ];
    let proxy = proxy_service("svc-proxy", &desired_proxy(node), &snap);
    snap.services = vec![
        service("svc-nc", "nextcloud", HashMap::new(), vec![]),
        service(
            "svc-app",
            "app",
            client_of("nextcloud"),
            vec![(
                "s-client",
                "bosun-nextcloud-client-app-v1",
                "/run/secrets/bosun-nextcloud-key",
            )],
        ),
        proxy,
    ];
    snap.tasks.push(task("svc-proxy", node, TaskState::RUNNING));
    snap.changed();
    snap
}

/// The proxy the target needs on `node` (host key at version 1).
pub(crate) fn desired_proxy(node: &str) -> ProxySpec {
    let host_key = names::host_key_secret("nextcloud", node, 1);
    let at = Placement {
        service: "nextcloud",
        service_id: "svc-nc",
        node_id: node,
        key_version: 1,
        authorized_keys_secret: "bosun-nextcloud-authorized-keys-v1",
        host_key_secret: &host_key,
    };
    ProxySpec::desired(&config(), &target(), &at)
}

/// A proxy service as bosun writes it, under id `id`, mounting the secrets of `snap`.
pub(crate) fn proxy_service(id: &str, spec: &ProxySpec, snap: &Snapshot) -> Service {
    let full = spec
        .write_onto(ServiceSpec::default(), |n| {
            snap.secret_named(n).and_then(|s| s.id.clone())
        })
        .expect("the proxy's secrets are in the snapshot");
    Service {
        id: Some(id.into()),
        version: Some(ObjectVersion { index: Some(7) }),
        spec: Some(full),
        ..Default::default()
    }
}

pub(crate) fn kinds(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|a| match a {
            Change::CreateClientKey { .. } => "create-client-key".to_string(),
            Change::CreateAuthorizedKeys { .. } => "create-authorized-keys".to_string(),
            Change::CreateHostKey { node_id, .. } => format!("create-host-key {}", &node_id[..5]),
            Change::CreateProxy(s) => format!("create-proxy {}", &s.node_id[..5]),
            Change::UpdateProxy { spec, .. } => format!("update-proxy {}", &spec.node_id[..5]),
            Change::MarkAbsent { name, .. } => format!("mark-absent {name}"),
            Change::RestartProxy { name, .. } => format!("restart-proxy {name}"),
            Change::AttachClientKey { service, .. } => format!("attach {service}"),
            Change::DetachSecrets { service, .. } => format!("detach {service}"),
            Change::RemoveService { name, .. } => format!("remove-service {name}"),
            Change::RemoveSecret { name, .. } => format!("remove-secret {name}"),
            Change::LabelKey { name, labels, .. } => format!(
                "label {name} {}",
                labels
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Change::RemoveConfig { name, .. } => format!("remove-config {name}"),
            Change::CreateTrustConfig { name, .. } => format!("create-trust {name}"),
            Change::CreateSigningKey { version } => format!("create-signing-key v{version}"),
            Change::MountSigningKeys { keys, .. } => format!("mount-signing-keys {keys:?}"),
        })
        .collect()
}

#[test]
fn a_new_target_gets_keys_a_proxy_on_its_node_and_its_client_key() {
    let cfg = config();
    let nextcloud = cfg.targets.get("nextcloud");
    // first its keys, and nothing else: no proxy starts with an empty set of keys
    let p = plan(&cfg, "nextcloud", nextcloud, &fresh(&[N2]), true);
    assert_eq!(
        kinds(&p.changes),
        ["create-client-key", "create-host-key node2"]
    );
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert!(p.recheck_after.is_some());

    // then the authorized keys with the client's key, and the proxy that mounts them
    let mut snap = keyed(&[N2]);
    let host_key = names::host_key_secret("nextcloud", N2, 1);
    let host = secret(
        "s-host",
        &host_key,
        key_labels(names::KIND_HOST_KEY, Some(N2)),
    );
    snap.secrets.push(host);
    snap.changed();
    let p = plan(&cfg, "nextcloud", nextcloud, &snap, true);
    let client_key = "bosun-nextcloud-client-app-v1";
    assert_eq!(
        kinds(&p.changes),
        [
            "create-authorized-keys".to_string(),
            "create-proxy node2".to_string(),
            format!("label {client_key} bosun.rotation-phase=accept-both"),
        ]
    );
    let Some(Change::CreateAuthorizedKeys { content, .. }) = p.changes.first() else {
        panic!("{:?}", p.changes)
    };
    assert_eq!(content, &app_key_set().content);

    // once the proxy runs with them, the client gets its key
    let mut snap = converged(N2);
    snap.services[1] = service("svc-app", "app", client_of("nextcloud"), vec![]);
    snap.changed();
    let p = plan(&cfg, "nextcloud", nextcloud, &snap, true);
    assert_eq!(kinds(&p.changes), ["attach app"]);
}

#[test]
fn a_converged_target_plans_nothing() {
    let cfg = config();
    let p = plan(
        &cfg,
        "nextcloud",
        cfg.targets.get("nextcloud"),
        &converged(N2),
        true,
    );
    assert_eq!(p.changes, []);
}

#[test]
fn a_target_on_two_nodes_gets_two_proxies() {
    let cfg = config();
    let mut snap = converged(N2);
    snap.tasks.push(task("svc-nc", N3, TaskState::STARTING));
    snap.changed();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(
        kinds(&p.changes),
        ["create-host-key node3", "create-proxy node3"]
    );
}

#[test]
fn a_moved_target_gets_a_proxy_on_its_new_node_and_the_old_one_waits_out_the_grace() {
    let cfg = config();
    let snap = with_target_tasks(
        converged(N2),
        vec![task("svc-nc", N3, TaskState::PREPARING)],
    );
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    let old = names::proxy_service("nextcloud", N2);
    assert_eq!(
        kinds(&p.changes),
        [
            "create-host-key node3".to_string(),
            "create-proxy node3".to_string(),
            format!("mark-absent {old}"),
        ]
    );
    // The target runs elsewhere: clients are sent there, not to the old proxy.
    assert!(target_record(&cfg, &target(), &snap).endpoints.is_empty());
    // After the grace the old proxy goes; the old node's host key stays (the node is still
    // in the swarm, the target may come back).
    let mut snap = absent_since(snap, 1_000);
    snap.at_ms = 1_000 + 120_000;
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(
        kinds(&p.changes),
        [
            "create-host-key node3".to_string(),
            "create-proxy node3".to_string(),
            format!("remove-service {old}"),
        ]
    );
}

#[test]
fn a_changed_spec_is_an_update_of_the_existing_service() {
    let mut cfg = config();
    let mut snap = converged(N2);
    if let Some(t) = cfg.targets.get_mut("nextcloud") {
        t.limits.max_connections = Some(8);
    }
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(kinds(&p.changes), ["update-proxy node2"]);
    // A failed task does not hold a place: no proxy for it.
    snap.tasks.push(task("svc-nc", N3, TaskState::FAILED));
    snap.changed();
    let p = plan(
        &config(),
        "nextcloud",
        config().targets.get("nextcloud"),
        &snap,
        true,
    );
    assert_eq!(p.changes, []);
}

#[test]
fn a_removed_target_loses_everything_bosun_made_and_nothing_else() {
    let cfg = config();
    let mut snap = converged(N2);
    // Decoys: named like bosun's objects, without the label.
    snap.services.push(service(
        "svc-decoy",
        "bosun-proxy-nextcloud-decoy",
        HashMap::new(),
        vec![],
    ));
    snap.secrets.push(secret(
        "s-decoy",
        "bosun-nextcloud-client-key-v9",
        HashMap::new(),
    ));
    let p = plan(&cfg, "nextcloud", None, &snap, true);
    let proxy = names::proxy_service("nextcloud", N2);
    assert_eq!(
        kinds(&p.changes),
        [
            "detach app".to_string(),
            format!("remove-service {proxy}"),
            "remove-secret bosun-nextcloud-authorized-keys-v1".to_string(),
            "remove-secret bosun-nextcloud-client-app-v1".to_string(),
            format!(
                "remove-secret {}",
                names::host_key_secret("nextcloud", N2, 1)
            ),
        ]
    );
    // When its service is deleted but it is still declared, only its proxy goes, after the
    // grace; its keys and its client's key stay until it leaves the configuration.
    snap.services.retain(|s| s.id.as_deref() != Some("svc-nc"));
    let mut snap = absent_since(snap, 5);
    snap.at_ms = 5 + 120_000;
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(kinds(&p.changes), [format!("remove-service {proxy}")]);
    assert!(
        p.problems.iter().any(|m| m.contains("no service matches")),
        "{:?}",
        p.problems
    );
}

#[test]
fn nothing_is_removed_before_the_first_complete_listing() {
    let cfg = config();
    let p = plan(&cfg, "nextcloud", None, &converged(N2), false);
    assert!(
        p.changes.iter().all(|a| !a.is_removal()),
        "{:?}",
        kinds(&p.changes)
    );
}

#[test]
fn a_service_named_like_a_proxy_but_not_bosuns_is_left_alone() {
    let cfg = config();
    let mut snap = keyed(&[N2]);
    let name = names::proxy_service("nextcloud", N2);
    snap.services
        .push(service("svc-squatter", &name, HashMap::new(), vec![]));
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert!(
        !kinds(&p.changes)
            .iter()
            .any(|k| k.contains("proxy") && !k.contains("host")),
        "{:?}",
        kinds(&p.changes)
    );
    assert!(
        p.problems.iter().any(|m| m.contains("is not bosun's")),
        "{:?}",
        p.problems
    );
}

#[test]
fn an_ambiguous_selector_changes_nothing() {
    let mut cfg = config();
    if let Some(t) = cfg.targets.get_mut("nextcloud") {
        t.selector = Selector::Labels(BTreeMap::from([("app".to_string(), "nc".to_string())]));
    }
    let mut snap = converged(N2);
    let nc = HashMap::from([("app".to_string(), "nc".to_string())]);
    snap.services.push(service("a", "nc-a", nc.clone(), vec![]));
    snap.services.push(service("b", "nc-b", nc, vec![]));
    snap.changed();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(p.changes, []);
    assert!(
        p.problems[0].contains("matches 2 services"),
        "{:?}",
        p.problems
    );
}

#[test]
fn the_record_lists_running_proxies_with_their_host_keys() {
    let cfg = config();
    let snap = converged(N2);
    let record = target_record(&cfg, &target(), &snap);
    assert_eq!(record.endpoints.len(), 1);
    assert_eq!(
        record.endpoints[0].host,
        names::proxy_service("nextcloud", N2)
    );
    assert_eq!(record.endpoints[0].node, "lab2");
    assert_eq!(record.host_keys, ["ssh-ed25519 AAAAhost-key"]);
    assert_eq!(record.key_version, 1);
    assert!(record.commands.iter().any(|c| c.starts_with("php occ")));
    // Not running yet: not listed.
    let mut starting = converged(N2);
    for t in &mut starting.tasks {
        if t.service_id.as_deref() == Some("svc-proxy") {
            t.status = Some(TaskStatus {
                state: Some(TaskState::STARTING),
                ..Default::default()
            });
        }
    }
    assert!(
        target_record(&cfg, &target(), &starting)
            .endpoints
            .is_empty()
    );
}

#[test]
fn the_proxy_spec_carries_what_the_contract_says() {
    let spec = desired_proxy(N2);
    let full = spec
        .write_onto(ServiceSpec::default(), |n| Some(format!("id-{n}")))
        .expect("spec");
    let json = serde_json::to_value(&full).expect("json");
    assert_eq!(json["EndpointSpec"]["Mode"], "dnsrr");
    assert_eq!(json["UpdateConfig"]["Order"], "start-first");
    assert_eq!(
        json["TaskTemplate"]["Placement"]["Constraints"][0],
        format!("node.id=={N2}")
    );
    assert_eq!(json["TaskTemplate"]["Networks"][0]["Target"], "bosun");
    assert_eq!(
        json["TaskTemplate"]["ContainerSpec"]["Mounts"][0]["Source"],
        "/var/run/docker.sock"
    );
    assert_eq!(
        json["TaskTemplate"]["Resources"]["Limits"]["MemoryBytes"],
        64 << 20
    );
    assert_eq!(json["Labels"][names::SPEC_HASH], spec.hash());
    let args = json["TaskTemplate"]["ContainerSpec"]["Args"].to_string();
    assert_eq!(
        json["TaskTemplate"]["ContainerSpec"]["Env"][0],
        "BOSUN_PROXY_SERVICE_ID=svc-nc"
    );
    for flag in [
        "--policy-preset=nextcloud",
        "--service=nextcloud",
        "--exec-user=www-data",
    ] {
        assert!(args.contains(flag), "{args}");
    }
    // Read-modify-write keeps what bosun does not own.
    let mut current = full.clone();
    if let Some(c) = current
        .task_template
        .as_mut()
        .and_then(|t| t.container_spec.as_mut())
    {
        c.hostname = Some("kept".into());
    }
    let rewritten = spec
        .write_onto(current, |n| Some(format!("id-{n}")))
        .expect("spec");
    assert_eq!(
        rewritten
            .task_template
            .and_then(|t| t.container_spec)
            .and_then(|c| c.hostname)
            .as_deref(),
        Some("kept")
    );
    // A missing secret is an error, not a proxy without its key.
    assert!(spec.write_onto(ServiceSpec::default(), |_| None).is_err());
}

#[test]
fn a_full_pass_queues_the_targets_that_need_changes_and_visits_removed_ones() {
    let mut cfg = config();
    let pass = full_pass(&cfg, &converged(N2));
    assert!(pass.due.is_empty(), "{:?}", pass.due);
    assert_eq!(pass.records.keys().collect::<Vec<_>>(), ["nextcloud"]);
    assert_eq!(pass.records["nextcloud"].endpoints.len(), 1);
    assert_eq!(full_pass(&cfg, &fresh(&[N2])).due, ["nextcloud"]);
    // A target that left the configuration but owns objects is visited, and has no entry.
    cfg.targets.clear();
    let pass = full_pass(&cfg, &converged(N2));
    assert_eq!(pass.due, ["nextcloud"]);
    assert!(pass.records.is_empty());
}

#[test]
fn changes_read_as_one_log_line() {
    let create = Change::CreateClientKey {
        target: "nextcloud".into(),
        client: "app".into(),
        version: 2,
    };
    assert_eq!(
        create.to_string(),
        "create client key v2 of nextcloud for app"
    );
    let detach = Change::DetachSecrets {
        service_id: "svc-app".into(),
        service: "app".into(),
        secret_names: vec!["a".into(), "b".into()],
    };
    assert_eq!(detach.to_string(), "unmount a, b from app");
}

// What survives what (presence, the absent grace, host keys per (target, node)), and drift.

fn plan_of(snap: &Snapshot) -> Vec<String> {
    let cfg = config();
    kinds(&plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), snap, true).changes)
}

/// The target's tasks replaced by `tasks`.
fn with_target_tasks(mut snap: Snapshot, tasks: Vec<Task>) -> Snapshot {
    snap.tasks
        .retain(|t| t.service_id.as_deref() != Some("svc-nc"));
    snap.tasks.extend(tasks);
    snap.changed();
    snap
}

/// The proxy on N2 labelled absent since `ms`.
fn absent_since(mut snap: Snapshot, ms: u64) -> Snapshot {
    proxy_spec_mut(&mut snap)
        .labels
        .get_or_insert_with(HashMap::new)
        .insert(names::ABSENT_SINCE.into(), ms.to_string());
    snap.changed();
    snap
}

fn proxy_spec_mut(snap: &mut Snapshot) -> &mut ServiceSpec {
    let proxy = snap
        .services
        .iter_mut()
        .find(|s| s.id.as_deref() == Some("svc-proxy"))
        .and_then(|s| s.spec.as_mut());
    proxy.expect("the proxy service")
}

#[test]
fn a_ready_replacement_task_keeps_the_proxy() {
    // A stop-first update: the old task is shutting down, its replacement waits in `ready`.
    let mut old = task("svc-nc", N2, TaskState::RUNNING);
    old.desired_state = Some(TaskState::SHUTDOWN);
    let mut new = task("svc-nc", N2, TaskState::READY);
    new.desired_state = Some(TaskState::READY);
    assert_eq!(
        plan_of(&with_target_tasks(converged(N2), vec![new, old])),
        Vec::<String>::new()
    );
}

#[test]
fn a_task_being_shut_down_does_not_hold_its_node() {
    let mut old = task("svc-nc", N3, TaskState::RUNNING);
    old.desired_state = Some(TaskState::SHUTDOWN);
    let snap = with_target_tasks(
        converged(N2),
        vec![task("svc-nc", N2, TaskState::RUNNING), old],
    );
    assert_eq!(plan_of(&snap), Vec::<String>::new());
}

#[test]
fn a_target_without_tasks_keeps_its_proxy_within_the_grace() {
    let proxy = names::proxy_service("nextcloud", N2);
    let mut snap = with_target_tasks(converged(N2), vec![]);
    snap.at_ms = 50_000;
    // First seen absent: labelled with the snapshot's time, nothing removed.
    let cfg = config();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(kinds(&p.changes), [format!("mark-absent {proxy}")]);
    assert!(matches!(
        &p.changes[0],
        Change::MarkAbsent {
            since_ms: 50_000,
            ..
        }
    ));
    assert_eq!(p.recheck_after, Some(Duration::from_secs(120)));
    // Labelled: nothing to do until the grace ends, and the record keeps its endpoint.
    let mut snap = absent_since(snap, 50_000);
    snap.at_ms = 50_000 + 119_000;
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(p.changes, []);
    assert_eq!(p.recheck_after, Some(Duration::from_secs(1)));
    assert_eq!(target_record(&cfg, &target(), &snap).endpoints.len(), 1);
    // Then it goes, and nothing else.
    snap.at_ms = 50_000 + 120_000;
    assert_eq!(plan_of(&snap), [format!("remove-service {proxy}")]);
    assert!(target_record(&cfg, &target(), &snap).endpoints.is_empty());
}

#[test]
fn the_grace_survives_a_controller_restart() {
    // A new controller knows only what Swarm says: the label set by the one before it.
    let mut snap = absent_since(with_target_tasks(converged(N2), vec![]), 1_000_000);
    snap.at_ms = 1_000_000 + 60_000;
    let cfg = config();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(p.changes, [], "the label is written once");
    assert_eq!(p.recheck_after, Some(Duration::from_secs(60)));
    let full = full_pass(&cfg, &snap);
    assert!(full.due.is_empty(), "{:?}", full.due);
    snap.at_ms = 1_000_000 + 121_000;
    assert_eq!(full_pass(&cfg, &snap).due, ["nextcloud"]);
}

#[test]
fn a_proxy_whose_target_is_back_loses_its_absent_label() {
    let snap = absent_since(converged(N2), 1_000);
    let p = plan_of(&snap);
    assert_eq!(p, ["update-proxy node2"]);
}

#[test]
fn a_proxy_on_a_rebooting_node_keeps_its_endpoint_within_the_grace() {
    // The node is down: the target's task and the proxy's own are pending, without a node.
    let mut snap = converged(N2);
    snap.tasks = vec![];
    snap.changed();
    let snap = absent_since(snap, 0);
    let record = target_record(&config(), &target(), &snap);
    assert_eq!(record.endpoints.len(), 1);
    assert_eq!(record.host_keys, ["ssh-ed25519 AAAAhost-key"]);
}

#[test]
fn a_deleted_service_keeps_its_proxy_and_keys_within_the_grace() {
    let mut snap = with_target_tasks(converged(N2), vec![]);
    snap.services.retain(|s| s.id.as_deref() != Some("svc-nc"));
    snap.changed();
    let changes = plan_of(&snap);
    assert!(
        !changes
            .iter()
            .any(|c| c.starts_with("remove") || c.starts_with("detach")),
        "{changes:?}"
    );
}

#[test]
fn a_recreated_proxy_reuses_the_host_key_of_its_node() {
    // Deleted by hand (or removed after the grace): made again with the same host key.
    let mut snap = converged(N2);
    snap.services
        .retain(|s| s.id.as_deref() != Some("svc-proxy"));
    snap.changed();
    let cfg = config();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(kinds(&p.changes), ["create-proxy node2"]);
    let Change::CreateProxy(spec) = &p.changes[0] else {
        panic!("{:?}", p.changes);
    };
    assert_eq!(
        spec.host_key_secret,
        names::host_key_secret("nextcloud", N2, 1)
    );
    // After a key rotation too: the client key is at v2, the node's host key stays v1.
    snap.secrets
        .push(secret("s-client2", "bosun-nextcloud-client-key-v2", {
            let mut l = key_labels(names::KIND_CLIENT_KEY, None);
            l.insert(names::KEY_VERSION.into(), "2".into());
            l
        }));
    snap.changed();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    let created: Vec<_> = p
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateProxy(spec) => Some(spec.host_key_secret.as_str()),
            Change::CreateHostKey { .. } => Some("a new host key"),
            _ => None,
        })
        .collect();
    assert_eq!(created, [names::host_key_secret("nextcloud", N2, 1)]);
}

#[test]
fn host_keys_of_nodes_that_left_the_swarm_go() {
    let mut snap = converged(N2);
    snap.services
        .retain(|s| s.id.as_deref() != Some("svc-proxy"));
    snap.tasks.clear();
    snap.nodes.retain(|n| n.id.as_deref() != Some(N2));
    snap.changed();
    assert_eq!(
        plan_of(&snap),
        [format!(
            "remove-secret {}",
            names::host_key_secret("nextcloud", N2, 1)
        )]
    );
}

#[test]
fn a_host_key_outlives_its_proxy_while_the_target_is_declared() {
    // The target left N2 (its proxy there is gone): N2's host key stays for its return.
    let mut snap = with_target_tasks(converged(N2), vec![task("svc-nc", N3, TaskState::RUNNING)]);
    snap.services
        .retain(|s| s.id.as_deref() != Some("svc-proxy"));
    snap.changed();
    let changes = plan_of(&snap);
    assert!(
        !changes.iter().any(|c| c.starts_with("remove-secret")),
        "{changes:?}"
    );
}

/// The plan rewrites the proxy, and its log line names the field that drifted.
fn assert_put_back(snap: &Snapshot, field: &str) {
    let cfg = config();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), snap, true);
    assert_eq!(kinds(&p.changes), ["update-proxy node2"]);
    let line = p.changes[0].to_string();
    let want = format!("its {field} drifted from the desired spec");
    assert!(line.ends_with(&want), "{line}");
}

#[test]
fn a_proxy_scaled_to_zero_is_put_back() {
    let mut snap = converged(N2);
    proxy_spec_mut(&mut snap).mode = Some(bollard::models::ServiceSpecMode {
        replicated: Some(bollard::models::ServiceSpecModeReplicated { replicas: Some(0) }),
        ..Default::default()
    });
    snap.changed();
    assert_put_back(&snap, "replicas");
}

#[test]
fn what_swarm_fills_in_is_not_drift() {
    // Read back from Swarm: MaxAttempts 0, an image digest pinned by the CLI, a label of
    // someone else's, fields bosun does not set.
    let mut snap = converged(N2);
    let spec = proxy_spec_mut(&mut snap);
    let labels = spec.labels.get_or_insert_with(HashMap::new);
    labels.insert("com.example.owner".into(), "ops".into());
    // the epoch the fence stamped on the last write
    labels.insert(names::EPOCH.into(), "7".into());
    if let Some(t) = spec.task_template.as_mut() {
        t.force_update = Some(0);
        if let Some(r) = t.restart_policy.as_mut() {
            r.max_attempts = Some(0);
        }
        if let Some(c) = t.container_spec.as_mut() {
            c.image = Some("bosun/proxy:latest@sha256:0123".into());
            c.isolation = Some(bollard::models::TaskSpecContainerSpecIsolationEnum::DEFAULT);
        }
    }
    snap.changed();
    assert_eq!(plan_of(&snap), Vec::<String>::new());
}

#[test]
fn a_proxy_edited_by_hand_is_put_back() {
    let mut snap = converged(N2);
    if let Some(c) = proxy_spec_mut(&mut snap)
        .task_template
        .as_mut()
        .and_then(|t| t.container_spec.as_mut())
    {
        c.env = Some(vec!["BOSUN_PROXY_POLICY_INLINE=anything goes".into()]);
    }
    snap.changed();
    assert_put_back(&snap, "env");
}

// ---- Issue 9: bad input changes nothing; one owner per object; labels that cannot be abused.

/// The converged snapshot, with the target declared by labels on its service instead of the
/// file (`labels` are the service's; the client `app` opted in).
fn label_declared(labels: &[(&str, &str)]) -> (Config, Snapshot) {
    let mut cfg = config();
    cfg.targets.clear();
    cfg.labels.enabled = true;
    let mut snap = converged(N2);
    if let Some(spec) = snap.services[0].spec.as_mut() {
        spec.labels = Some(
            labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
    }
    snap.changed();
    (cfg, snap)
}

const GOOD_LABELS: &[(&str, &str)] = &[
    ("bosun.enable", "true"),
    ("bosun.policy", "nextcloud"),
    ("bosun.exec.user", "www-data"),
    ("bosun.clients", "app"),
];

#[test]
fn a_misspelled_label_holds_the_target_and_changes_nothing() {
    for bad in [
        &[("bosun.enabel", "true"), ("bosun.policy", "nextcloud")][..],
        &[
            ("bosun.enable", "true"),
            ("bosun.policy", "nextcloud"),
            ("bosun.exec.usr", "www-data"),
        ][..],
    ] {
        let (cfg, snap) = label_declared(bad);
        let pass = full_pass(&cfg, &snap);
        assert_eq!(pass.due, Vec::<String>::new(), "{bad:?}");
        assert!(pass.resolved.held.contains_key("nextcloud"), "{bad:?}");
        let problems = &pass.problems_by_target["nextcloud"];
        assert!(
            problems[0].contains("service nextcloud: label"),
            "{problems:?}"
        );
        let shown = super::status::status("bosun", &pass, &snap);
        let line = &shown.targets["nextcloud"];
        assert_eq!((line.state, line.proxies.len()), ("held", 1));
        assert!(line.proxies[0].running);
    }
    // Fixed again: the target is declared and converged.
    let (cfg, snap) = label_declared(GOOD_LABELS);
    let pass = full_pass(&cfg, &snap);
    assert!(pass.resolved.held.is_empty(), "{:?}", pass.resolved.held);
    assert!(pass.resolved.targets.contains_key("nextcloud"));
}

#[test]
fn a_label_declared_target_belongs_to_one_instance() {
    let staging: Vec<(&str, &str)> = GOOD_LABELS
        .iter()
        .copied()
        .chain([("bosun.instance", "staging")])
        .collect();
    // the default instance leaves a target labelled for another one alone, even a bad one
    let (cfg, snap) = label_declared(&staging);
    let pass = full_pass(&cfg, &snap);
    assert!(!pass.resolved.targets.contains_key("nextcloud"));
    let (cfg, snap) = label_declared(&[("bosun.instance", "staging"), ("bosun.enabel", "x")]);
    assert!(full_pass(&cfg, &snap).resolved.held.is_empty());
    // the instance it names serves it; an unlabelled target is only the default instance's
    let (mut cfg, snap) = label_declared(&staging);
    cfg.instance = "staging".into();
    assert!(
        full_pass(&cfg, &snap)
            .resolved
            .targets
            .contains_key("nextcloud")
    );
    let (mut cfg, snap) = label_declared(GOOD_LABELS);
    cfg.instance = "staging".into();
    assert!(
        !full_pass(&cfg, &snap)
            .resolved
            .targets
            .contains_key("nextcloud")
    );
}

#[test]
fn a_name_claimed_twice_is_given_to_neither() {
    // A label-declared service and a file target of the same name.
    let (mut cfg, mut snap) = label_declared(GOOD_LABELS);
    cfg.targets.insert("nextcloud".into(), target());
    let pass = full_pass(&cfg, &snap);
    assert_eq!(pass.due, Vec::<String>::new());
    let problems = &pass.resolved.held["nextcloud"];
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("service nextcloud claims it"))
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("the config file claims it"))
    );
    // Two label-declared services.
    cfg.targets.clear();
    let mut twin = service("svc-twin", "twin", HashMap::new(), vec![]);
    if let Some(spec) = twin.spec.as_mut() {
        spec.labels = Some(
            [("bosun.name", "nextcloud")]
                .iter()
                .chain(GOOD_LABELS)
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
    }
    snap.services.push(twin);
    snap.changed();
    let pass = full_pass(&cfg, &snap);
    assert_eq!(pass.due, Vec::<String>::new());
    assert!(!pass.resolved.targets.contains_key("nextcloud"));
    assert_eq!(pass.resolved.held["nextcloud"].len(), 2);
}

#[test]
fn a_client_that_did_not_opt_in_is_never_touched() {
    let cfg = config();
    let mut snap = fresh(&[N2]);
    snap.services[1] = service("svc-app", "app", HashMap::new(), vec![]);
    snap.changed();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert!(!kinds(&p.changes).contains(&"create-client-key".to_string()));
    assert!(
        p.problems.iter().any(|m| m.contains("has not opted in")),
        "{:?}",
        p.problems
    );
    // Opted in to another target only: still not touched.
    snap.services[1] = service("svc-app", "app", client_of("photos"), vec![]);
    snap.changed();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert!(!kinds(&p.changes).contains(&"create-client-key".to_string()));
    // Opted in among several.
    snap.services[1] = service("svc-app", "app", client_of("photos, nextcloud"), vec![]);
    snap.changed();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert!(kinds(&p.changes).contains(&"create-client-key".to_string()));
    // ... and it gets the key once the proxies accept it (converged, but not mounted yet)
    let mut snap = converged(N2);
    snap.services[1] = service("svc-app", "app", client_of("photos, nextcloud"), vec![]);
    snap.changed();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert!(kinds(&p.changes).contains(&"attach app".to_string()));
    snap.services[1] = service("svc-app", "app", client_of("photos"), vec![]);
    snap.changed();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert!(!kinds(&p.changes).contains(&"attach app".to_string()));
}

#[test]
fn a_client_key_is_mounted_with_its_uid_gid_and_mode() {
    let mut cfg = config();
    if let Some(t) = cfg.targets.get_mut("nextcloud") {
        t.clients[0].uid = 33;
        t.clients[0].gid = 33;
        t.clients[0].mode = 0o440;
    }
    // Converged with root's 0400: re-mounted with the new access.
    let p = plan(
        &cfg,
        "nextcloud",
        cfg.targets.get("nextcloud"),
        &converged(N2),
        true,
    );
    let attach = p.changes.iter().find_map(|c| match c {
        Change::AttachClientKey { access, .. } => Some(*access),
        _ => None,
    });
    assert_eq!(
        attach,
        Some(super::change::KeyAccess {
            uid: 33,
            gid: 33,
            mode: 0o440
        })
    );
}

/// The converged snapshot, every bosun object relabelled as instance `blue`'s.
fn as_blue(mut snap: Snapshot) -> Snapshot {
    let relabel = |labels: &mut Option<HashMap<String, String>>| {
        if let Some(l) = labels.as_mut().filter(|l| names::is_managed(Some(l))) {
            l.insert(names::INSTANCE.into(), "blue".into());
        }
    };
    for s in &mut snap.services {
        relabel(&mut s.spec.as_mut().unwrap().labels);
    }
    for s in &mut snap.secrets {
        relabel(&mut s.spec.as_mut().unwrap().labels);
    }
    snap.changed();
    snap
}

#[test]
fn another_instances_objects_are_never_touched_or_counted() {
    let mut cfg = config();
    cfg.targets.clear();
    // `bosun` sees blue's converged target: nothing of it is removed or counted.
    let snap = as_blue(converged(N2));
    let pass = full_pass(&cfg, &snap);
    assert_eq!(pass.due, Vec::<String>::new());
    assert!(snap.managed_kinds().is_empty());
    let p = plan(&cfg, "nextcloud", None, &snap, true);
    assert_eq!(p.changes, []);
    // Blue sees them as its own and would remove them.
    let snap = as_blue(converged(N2)).of_instance("blue");
    assert_eq!(snap.managed_kinds().get(names::KIND_PROXY), Some(&1));
}

#[test]
fn objects_made_before_instances_are_the_bosun_instances() {
    let mut snap = converged(N2);
    for s in &mut snap.secrets {
        s.spec
            .as_mut()
            .unwrap()
            .labels
            .as_mut()
            .unwrap()
            .remove(names::INSTANCE);
    }
    snap.changed();
    assert_eq!(snap.managed_kinds().get(names::KIND_CLIENT_KEY), Some(&1));
    let cfg = config();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(p.changes, [], "{:?}", kinds(&p.changes));
    let blue = snap.of_instance("blue");
    assert!(!blue.managed_kinds().contains_key(names::KIND_CLIENT_KEY));
}

#[test]
fn a_config_that_removes_every_target_with_proxies_is_refused() {
    use super::full_pass::removes_everything;
    use super::targets::resolve;
    let mut cfg = config();
    cfg.targets.clear();
    let snap = converged(N2);
    let why = removes_everything(&cfg, &resolve(&cfg, &snap.services), &snap);
    assert!(why.is_some_and(|w| w.contains("(nextcloud)") && w.contains("allow_remove_all")));
    cfg.allow_remove_all = true;
    assert_eq!(
        removes_everything(&cfg, &resolve(&cfg, &snap.services), &snap),
        None
    );
    // Nothing has proxies yet: an empty config is fine.
    cfg.allow_remove_all = false;
    let empty = fresh(&[N2]);
    assert_eq!(
        removes_everything(&cfg, &resolve(&cfg, &empty.services), &empty),
        None
    );
    // Keeping one target (even a held one) is fine.
    let (cfg, snap) = label_declared(&[("bosun.enabel", "true")]);
    assert_eq!(
        removes_everything(&cfg, &resolve(&cfg, &snap.services), &snap),
        None
    );
}

#[test]
fn uninstall_removes_exactly_one_instances_objects() {
    let cfg = config();
    let mut snap = converged(N2);
    // Blue's proxy next to bosun's objects.
    let blue = as_blue(converged(N3));
    for s in blue
        .services
        .iter()
        .filter(|s| names::is_managed(service_labels(s)))
    {
        let (name, labels) = (service_name(s).unwrap_or_default(), service_labels(s));
        let labels = labels.cloned().unwrap_or_default();
        snap.services
            .push(service("blue-proxy", name, labels, vec![]));
    }
    snap.changed();
    let changes = crate::uninstall::removals(&cfg, &snap);
    let removed = kinds(&changes);
    assert!(removed.contains(&"detach app".to_string()), "{removed:?}");
    assert_eq!(
        removed.iter().filter(|k| k.starts_with("remove-")).count(),
        4,
        "{removed:?}"
    );
    assert!(
        changes
            .iter()
            .all(|c| !matches!(c, Change::RemoveService { id, .. } if id == "blue-proxy")),
        "{removed:?}"
    );
}

#[test]
fn the_status_reads_as_the_contract_says() {
    let cfg = config();
    let snap = converged(N2);
    let pass = full_pass(&cfg, &snap);
    let json = serde_json::to_value(super::status::status("bosun", &pass, &snap)).unwrap();
    let proxy = names::proxy_service("nextcloud", N2);
    assert_eq!(
        json,
        serde_json::json!({
            "instance": "bosun",
            "config_refused": null,
            "targets": {
                "nextcloud": {
                    "state": "declared",
                    "declared_by": "the config file",
                    "proxies": [{
                        "service": proxy,
                        "service_id": "svc-proxy",
                        "node": "lab2",
                        "node_id": N2,
                        "running": true
                    }],
                    "problems": []
                }
            }
        })
    );
}

// Where the two meet: presence and drift under an instance's names, held targets, key access.

/// Everything converged for the target on `node`, made by instance `blue` (its names and
/// labels), seen as `blue`'s, with the config of `blue`.
fn blue_converged(node: &str) -> (Config, Snapshot) {
    let mut cfg = config();
    cfg.instance = "blue".into();
    let blue = names::Naming::new("blue");
    let blue_labels = |kind: &str, node: Option<&str>| {
        let mut l = key_labels(kind, node);
        l.insert(names::INSTANCE.into(), "blue".into());
        l
    };
    let mut snap = fresh(&[node]).of_instance("blue");
    let (client_key, host_key) = (
        blue.client_key_secret("nextcloud", "app", 1),
        blue.host_key_secret("nextcloud", node, 1),
    );
    snap.secrets = vec![
        secret(
            "b-client",
            &client_key,
            blue_labels(names::KIND_CLIENT_KEY, None),
        ),
        secret(
            "b-auth",
            &blue.authorized_keys_secret("nextcloud", 1),
            blue_labels(names::KIND_AUTHORIZED_KEYS, None),
        ),
        secret(
            "b-host",
            &host_key,
            blue_labels(names::KIND_HOST_KEY, Some(node)),
        ),
    ];
    let at = Placement {
        service: "nextcloud",
        service_id: "svc-nc",
        node_id: node,
        key_version: 1,
        authorized_keys_secret: &blue.authorized_keys_secret("nextcloud", 1),
        host_key_secret: &host_key,
    };
    let proxy = proxy_service(
        "svc-proxy",
        &ProxySpec::desired(&cfg, &target(), &at),
        &snap,
    );
    snap.services = vec![
        service("svc-nc", "nextcloud", HashMap::new(), vec![]),
        service(
            "svc-app",
            "app",
            client_of("nextcloud"),
            vec![("b-client", &client_key, "/run/secrets/bosun-nextcloud-key")],
        ),
        proxy,
    ];
    snap.tasks.push(task("svc-proxy", node, TaskState::RUNNING));
    snap.changed();
    (cfg, snap)
}

#[test]
fn another_instance_reuses_its_own_host_keys_and_keeps_its_own_absent_proxies() {
    let (cfg, snap) = blue_converged(N2);
    let blue = names::Naming::new("blue");
    let plan_blue =
        |snap: &Snapshot| plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), snap, true);
    let p = plan_blue(&snap);
    assert_eq!(p.changes, [], "{:?}", kinds(&p.changes));
    let record = target_record(&cfg, &target(), &snap);
    assert_eq!(
        record
            .endpoints
            .iter()
            .map(|e| e.host.as_str())
            .collect::<Vec<_>>(),
        [blue.proxy_service("nextcloud", N2)]
    );
    assert_eq!(record.host_keys, ["ssh-ed25519 AAAAhost-key"]);

    // Blue's proxy deleted by hand after a key rotation (client key v2), next to a newer host
    // key of instance `bosun` for the same (target, node): made again with blue's own v1.
    let mut mixed = blue_converged(N2).1;
    mixed
        .services
        .retain(|s| s.id.as_deref() != Some("svc-proxy"));
    mixed.secrets.push(secret(
        "b-client2",
        &blue.client_key_secret("nextcloud", "app", 2),
        {
            let mut l = key_labels(names::KIND_CLIENT_KEY, None);
            l.insert(names::INSTANCE.into(), "blue".into());
            l.insert(names::KEY_VERSION.into(), "2".into());
            l
        },
    ));
    mixed.secrets.push(secret(
        "s-bosun-host",
        &names::host_key_secret("nextcloud", N2, 5),
        {
            let mut l = key_labels(names::KIND_HOST_KEY, Some(N2));
            l.insert(names::KEY_VERSION.into(), "5".into());
            l
        },
    ));
    mixed.changed();
    let p = plan_blue(&mixed);
    let created: Vec<_> = p
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateProxy(spec) => Some((spec.name.clone(), spec.host_key_secret.clone())),
            Change::CreateHostKey { .. } => Some(("a new host key".into(), String::new())),
            _ => None,
        })
        .collect();
    assert_eq!(
        created,
        [(
            blue.proxy_service("nextcloud", N2),
            blue.host_key_secret("nextcloud", N2, 1)
        )]
    );
    // Mid-rotation (the client still mounts v1): nothing is removed, neither blue's v1 keys
    // nor anything of instance `bosun`.
    let removed: Vec<_> = kinds(&p.changes)
        .into_iter()
        .filter(|k| k.starts_with("remove"))
        .collect();
    assert_eq!(removed, Vec::<String>::new());

    // Its target gone from N2: blue's proxy is labelled absent and kept; a proxy of instance
    // `bosun` for the same target (on N3) is not blue's to label or remove.
    let mut snap = with_target_tasks(snap, vec![]);
    let mut theirs = names::base_labels("nextcloud", names::KIND_PROXY);
    theirs.insert(names::NODE.into(), N3.into());
    snap.services.push(service(
        "svc-bosun-proxy",
        &names::proxy_service("nextcloud", N3),
        theirs,
        vec![],
    ));
    snap.at_ms = 7_000;
    snap.changed();
    let p = plan_blue(&snap);
    assert_eq!(
        kinds(&p.changes),
        [format!(
            "mark-absent {}",
            blue.proxy_service("nextcloud", N2)
        )]
    );
    assert_eq!(p.recheck_after, Some(Duration::from_secs(120)));
    let mut snap = absent_since(snap, 7_000);
    snap.at_ms = 7_000 + 120_000;
    assert_eq!(
        kinds(&plan_blue(&snap).changes),
        [format!(
            "remove-service {}",
            blue.proxy_service("nextcloud", N2)
        )]
    );
}

#[test]
fn a_held_target_runs_no_grace_and_corrects_no_drift() {
    let proxy = names::proxy_service("nextcloud", N2);
    // Its task gone, its proxy scaled to 0 by hand.
    let disturb = |snap: Snapshot, absent: Option<u64>| {
        let mut snap = with_target_tasks(snap, vec![]);
        if let Some(ms) = absent {
            snap = absent_since(snap, ms);
        }
        proxy_spec_mut(&mut snap).mode = Some(bollard::models::ServiceSpecMode {
            replicated: Some(bollard::models::ServiceSpecModeReplicated { replicas: Some(0) }),
            ..Default::default()
        });
        snap.at_ms = 1_000 + 10 * 120_000;
        snap.changed();
        snap
    };
    let bad = &[
        ("bosun.enable", "true"),
        ("bosun.policy", "nextcloud"),
        ("bosun.exec.usr", "www-data"),
    ][..];
    for absent in [None, Some(1_000)] {
        let (cfg, snap) = label_declared(bad);
        let snap = disturb(snap, absent);
        let pass = full_pass(&cfg, &snap);
        assert!(pass.resolved.held.contains_key("nextcloud"), "{absent:?}");
        assert_eq!(pass.due, Vec::<String>::new(), "{absent:?}");
    }
    // Fixed: first seen absent now (labelled, kept), or its grace long over (removed).
    let (cfg, snap) = label_declared(GOOD_LABELS);
    let snap = disturb(snap, None);
    let target = full_pass(&cfg, &snap).resolved.targets["nextcloud"].clone();
    let p = plan(&cfg, "nextcloud", Some(&target), &snap, true);
    assert_eq!(kinds(&p.changes), [format!("mark-absent {proxy}")]);
    let (cfg, snap) = label_declared(GOOD_LABELS);
    let snap = disturb(snap, Some(1_000));
    let p = plan(&cfg, "nextcloud", Some(&target), &snap, true);
    assert_eq!(kinds(&p.changes), [format!("remove-service {proxy}")]);
}

#[test]
fn a_client_key_mount_edited_by_hand_is_put_back() {
    let mut snap = converged(N2);
    // The app's key made readable by everyone, by hand.
    let app = snap
        .services
        .iter_mut()
        .find(|s| s.id.as_deref() == Some("svc-app"))
        .and_then(|s| s.spec.as_mut())
        .and_then(|s| s.task_template.as_mut())
        .and_then(|t| t.container_spec.as_mut())
        .and_then(|c| c.secrets.as_mut())
        .expect("the app's secrets");
    for r in app.iter_mut() {
        if let Some(f) = r.file.as_mut() {
            f.mode = Some(0o444);
        }
    }
    snap.changed();
    let cfg = config();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(kinds(&p.changes), ["attach app"]);
    assert!(matches!(
        &p.changes[0],
        Change::AttachClientKey {
            access: super::change::KeyAccess {
                uid: 0,
                gid: 0,
                mode: 0o400
            },
            ..
        }
    ));
}

#[test]
fn a_proxy_without_the_instance_label_is_bosuns_and_not_drift() {
    // Made before instances: adopted as `bosun`'s, left alone until its next write.
    let mut snap = converged(N2);
    proxy_spec_mut(&mut snap)
        .labels
        .as_mut()
        .expect("labels")
        .remove(names::INSTANCE);
    snap.changed();
    assert_eq!(plan_of(&snap), Vec::<String>::new());
    // Scaled to 0 as well: put back, with the label.
    proxy_spec_mut(&mut snap).mode = Some(bollard::models::ServiceSpecMode {
        replicated: Some(bollard::models::ServiceSpecModeReplicated { replicas: Some(0) }),
        ..Default::default()
    });
    snap.changed();
    assert_put_back(&snap, "replicas");
    let cfg = config();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    let Change::UpdateProxy { spec, .. } = &p.changes[0] else {
        panic!("{:?}", p.changes);
    };
    assert_eq!(spec.labels()[names::INSTANCE], "bosun");
}

// ---- Issue 11: limits in the record, proxies listed only on Ready nodes, the health check.

#[test]
fn the_record_lists_a_proxy_only_while_its_node_is_ready() {
    let cfg = config();
    assert_eq!(
        target_record(&cfg, &target(), &converged(N2))
            .endpoints
            .len(),
        1
    );
    // The node stopped answering the managers (a crash, a partition): its tasks still read
    // running, but its proxy is not listed.
    for state in [
        Some(NodeState::DOWN),
        Some(NodeState::DISCONNECTED),
        Some(NodeState::UNKNOWN),
        None,
    ] {
        let snap = with_node_state(converged(N2), N2, state);
        let record = target_record(&cfg, &target(), &snap);
        assert!(record.endpoints.is_empty(), "node {state:?}: {record:?}");
        // Nothing is removed for it: the proxy is still needed once the node is back.
        assert_eq!(plan_of(&snap), Vec::<String>::new(), "node {state:?}");
    }
    // Another node's state does not matter.
    let snap = with_node_state(converged(N2), N3, Some(NodeState::DOWN));
    assert_eq!(target_record(&cfg, &target(), &snap).endpoints.len(), 1);
}

#[test]
fn a_proxy_kept_through_the_grace_stays_listed_whatever_its_node_state() {
    // The target is nowhere (its node reboots: down, its tasks gone): within the grace, its
    // proxy stays listed so that clients keep their route and wait.
    let mut snap = converged(N2);
    snap.tasks = vec![];
    snap.changed();
    let snap = with_node_state(absent_since(snap, 0), N2, Some(NodeState::DOWN));
    assert_eq!(
        target_record(&config(), &target(), &snap).endpoints.len(),
        1
    );
}

#[test]
fn the_record_carries_the_limits_the_proxies_are_given() {
    let cfg = config();
    // Nothing configured: the proxy's defaults, passed as flags all the same.
    let record = target_record(&cfg, &target(), &converged(N2));
    assert_eq!(
        record.limits,
        bosun_core::discovery::TargetLimits::default()
    );
    let mut t = target();
    t.limits.max_connections = Some(8);
    t.limits.max_concurrent_execs = Some(2);
    let record = target_record(&cfg, &t, &converged(N2));
    let at = Placement {
        service: "nextcloud",
        service_id: "svc-nc",
        node_id: N2,
        key_version: 1,
        authorized_keys_secret: "ak",
        host_key_secret: "hk",
    };
    let args = ProxySpec::desired(&cfg, &t, &at).args;
    let flag = |name: &str| {
        args.iter()
            .find_map(|a| a.strip_prefix(&format!("--{name}=")))
            .and_then(|v| v.parse::<u32>().ok())
    };
    assert_eq!(record.limits.max_connections, 8);
    assert_eq!(record.limits.max_concurrent_execs, 2);
    assert_eq!(flag("max-connections"), Some(record.limits.max_connections));
    assert_eq!(
        flag("max-concurrent-execs"),
        Some(record.limits.max_concurrent_execs)
    );
    assert_eq!(
        flag("max-channels-per-connection"),
        Some(record.limits.max_channels_per_connection)
    );
}

#[test]
fn every_proxy_has_the_probe_as_its_health_check() {
    let full = desired_proxy(N2)
        .write_onto(ServiceSpec::default(), |n| Some(format!("id-{n}")))
        .expect("spec");
    let json = serde_json::to_value(&full).expect("json");
    let health = &json["TaskTemplate"]["ContainerSpec"]["HealthCheck"];
    assert_eq!(
        health["Test"],
        serde_json::json!(["CMD", "/usr/local/bin/bosun-proxy", "probe"])
    );
    assert_eq!(health["Interval"], 5_000_000_000_i64);
    assert_eq!(health["Timeout"], 10_000_000_000_i64);
    assert_eq!(health["Retries"], 3);
    assert_eq!(health["StartPeriod"], 10_000_000_000_i64);
    // The probe takes no arguments: what it checks is in the environment it shares with the
    // server.
    let env = json["TaskTemplate"]["ContainerSpec"]["Env"].to_string();
    let args = json["TaskTemplate"]["ContainerSpec"]["Args"].to_string();
    for var in [
        "BOSUN_PROXY_LISTEN=0.0.0.0:2222",
        "BOSUN_PROXY_DOCKER_HOST=unix:///var/run/docker.sock",
    ] {
        assert!(env.contains(var), "{env}");
    }
    assert!(
        !args.contains("--listen") && !args.contains("--docker-host"),
        "{args}"
    );
}

#[test]
fn swarm_lets_a_proxy_drain_and_stop_its_commands_before_it_kills_it() {
    let full = desired_proxy(N2)
        .write_onto(ServiceSpec::default(), |n| Some(format!("id-{n}")))
        .expect("spec");
    let json = serde_json::to_value(&full).expect("json");
    let container = &json["TaskTemplate"]["ContainerSpec"];
    let args = container["Args"].to_string();
    assert!(
        args.contains("--grace-period=30s") && args.contains("--stop-grace=5s"),
        "{args}"
    );
    // 30 s to finish, 5 s between TERM and KILL, the stopper's own start and end, room
    assert_eq!(container["StopGracePeriod"], 50_000_000_000_i64);
    // a proxy made with Swarm's default (10 s) gets it on the next reconcile
    let mut snap = converged(N2);
    if let Some(c) = proxy_spec_mut(&mut snap)
        .task_template
        .as_mut()
        .and_then(|t| t.container_spec.as_mut())
    {
        c.stop_grace_period = None;
    }
    snap.changed();
    assert_put_back(&snap, "stop grace period");
}

#[test]
fn the_health_check_as_swarm_reads_it_back_is_no_drift_and_an_old_proxy_gets_it() {
    // dockerd writes the field back as `Healthcheck`, which bollard (`HealthCheck`) reads as
    // none: the planner must not see that as drift (on the lab it updated a proxy hundreds of
    // times a minute).
    let mut snap = converged(N2);
    let spec = proxy_spec_mut(&mut snap);
    let text = serde_json::to_string(&*spec).expect("json");
    assert!(text.contains("\"HealthCheck\""), "{text}");
    *spec =
        serde_json::from_str(&text.replace("\"HealthCheck\"", "\"Healthcheck\"")).expect("spec");
    snap.changed();
    assert_eq!(plan_of(&snap), Vec::<String>::new());
    // A proxy made before the health check existed (or with another one) has another spec
    // hash: it is put back, and so gets the health check.
    let mut snap = converged(N2);
    if let Some(labels) = proxy_spec_mut(&mut snap).labels.as_mut() {
        labels.insert(names::SPEC_HASH.into(), "0123456789abcdef".into());
    }
    snap.changed();
    assert_eq!(plan_of(&snap), ["update-proxy node2"]);
    // As bosun wrote it: no drift.
    assert_eq!(plan_of(&converged(N2)), Vec::<String>::new());
}
