//! Rotations through the planner, phase by phase, on hand-built snapshots (docs/keys.md): a
//! client key (accept both → switch the client → accept the new → clean up), a host key
//! (announce → roll the proxy → drop the old), a request, a revocation; and what a task that
//! still drains keeps.

use std::collections::BTreeSet;

use bollard::models::{
    Config as SwarmConfig, ConfigSpec, Secret, ServiceUpdateStatusStateEnum, Task, TaskSpec,
    TaskSpecContainerSpec, TaskSpecContainerSpecSecrets, TaskState, TaskStatus,
};

use super::authorized::{Entry, KeySet};
use crate::model::names::{self, phase};
use crate::model::snapshot::{Snapshot, TrustFile};
use crate::reconcile::change::{Change, RotationOutcome};
use crate::reconcile::plan::plan;
use crate::reconcile::proxy_spec::{Placement, ProxySpec};
use crate::reconcile::record::target_record;
use crate::reconcile::tests::{
    N2, client_of, config, converged, key_labels, kinds, proxy_service, secret, service, target,
};

/// 2026-12-02T10:00:00Z: when the test's keys are made.
const MADE: &str = "2026-12-02T10:00:00Z";
const MADE_MS: u64 = 1_796_205_600_000;
const APP_KEY_PATH: &str = "/run/secrets/bosun-nextcloud-key";

fn plan_of(snap: &Snapshot) -> crate::reconcile::plan::Plan {
    let cfg = config();
    plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), snap, true)
}

/// `app`'s client key `version` (public key `AAAAk<version>`), phase label `phase`.
fn client_key(version: u32, phase: Option<&str>) -> Secret {
    let mut labels = key_labels(names::KIND_CLIENT_KEY, None);
    labels.insert(names::KEY_VERSION.into(), version.to_string());
    labels.insert(
        names::PUBLIC_KEY.into(),
        format!("ssh-ed25519 AAAAk{version} app/v{version}"),
    );
    labels.remove(names::ROTATION_PHASE);
    if let Some(p) = phase {
        labels.insert(names::ROTATION_PHASE.into(), p.into());
    }
    let name = format!("bosun-nextcloud-client-app-v{version}");
    let mut s = secret(&format!("s-client{version}"), &name, labels);
    s.created_at = Some(MADE.into());
    s
}

fn entry(public_key: &str, version: u32) -> Entry {
    Entry {
        public_key: public_key.into(),
        client: "app".into(),
        version,
    }
}

/// The authorized-keys secret `version` holding `entries`.
fn authorized(version: u32, entries: &[Entry]) -> Secret {
    let set = KeySet::new(&entries.iter().cloned().collect::<BTreeSet<_>>());
    let mut labels = key_labels(names::KIND_AUTHORIZED_KEYS, None);
    labels.insert(names::KEY_VERSION.into(), version.to_string());
    labels.insert(names::KEYS_DIGEST.into(), set.digest);
    let name = format!("bosun-nextcloud-authorized-keys-v{version}");
    secret(&format!("s-auth{version}"), &name, labels)
}

/// The converged snapshot's first client key, as [`entry`] reads it.
fn v1_entry() -> Entry {
    entry(&format!("ssh-ed25519 AAAA{}", names::KIND_CLIENT_KEY), 1)
}

/// `snap` with its proxy on N2 mounting `authorized` (version `auth_version`) and `host`.
fn with_proxy(mut snap: Snapshot, auth_version: u32, host: &str) -> Snapshot {
    snap.changed();
    let auth = format!("bosun-nextcloud-authorized-keys-v{auth_version}");
    let at = Placement {
        service: "nextcloud",
        service_id: "svc-nc",
        node_id: N2,
        key_version: auth_version,
        authorized_keys_secret: &auth,
        host_key_secret: host,
    };
    let spec = ProxySpec::desired(&config(), &target(), &at);
    let proxy = proxy_service("svc-proxy", &spec, &snap);
    snap.services
        .retain(|s| s.id.as_deref() != Some("svc-proxy"));
    snap.services.push(proxy);
    snap.changed();
    snap
}

/// `snap` with `app` mounting client key `version` (`s-client` for the converged v1).
fn with_app_on(mut snap: Snapshot, version: u32) -> Snapshot {
    let (id, name) = if version == 1 {
        (
            "s-client".to_string(),
            "bosun-nextcloud-client-app-v1".to_string(),
        )
    } else {
        (
            format!("s-client{version}"),
            format!("bosun-nextcloud-client-app-v{version}"),
        )
    };
    snap.services.retain(|s| s.id.as_deref() != Some("svc-app"));
    snap.services.push(service(
        "svc-app",
        "app",
        client_of("nextcloud"),
        vec![(&id, &name, APP_KEY_PATH)],
    ));
    snap.changed();
    snap
}

/// An old task of `service` that Swarm takes down but that still runs, mounting `secrets`.
fn draining(service: &str, secrets: &[&str]) -> Task {
    Task {
        service_id: Some(service.into()),
        node_id: Some(N2.into()),
        desired_state: Some(TaskState::SHUTDOWN),
        status: Some(TaskStatus {
            state: Some(TaskState::RUNNING),
            ..Default::default()
        }),
        spec: Some(TaskSpec {
            container_spec: Some(TaskSpecContainerSpec {
                secrets: Some(
                    secrets
                        .iter()
                        .map(|n| TaskSpecContainerSpecSecrets {
                            secret_name: Some((*n).into()),
                            ..Default::default()
                        })
                        .collect(),
                ),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn removed(changes: &[Change]) -> Vec<String> {
    kinds(changes)
        .into_iter()
        .filter(|k| k.starts_with("remove"))
        .collect()
}

fn label_of(changes: &[Change], secret: &str) -> Option<String> {
    changes.iter().find_map(|c| match c {
        Change::LabelKey { name, labels, .. } if name == secret => {
            labels.get(names::ROTATION_PHASE).cloned()
        }
        _ => None,
    })
}

#[test]
fn a_client_key_rotates_through_its_phases_and_nothing_is_removed_while_in_use() {
    let v2 = "bosun-nextcloud-client-app-v2";
    let mut snap = converged(N2);
    snap.secrets.push(client_key(2, None));
    snap.changed();

    // accept-both: the proxies get {v1, v2}; the client keeps v1; nothing goes
    let p = plan_of(&snap);
    let Some(Change::CreateAuthorizedKeys {
        version: 2,
        content,
        ..
    }) = p.changes.first()
    else {
        panic!("{:?}", kinds(&p.changes))
    };
    assert_eq!(
        content,
        &KeySet::new(&BTreeSet::from([
            v1_entry(),
            entry("ssh-ed25519 AAAAk2", 2)
        ]))
        .content
    );
    assert!(kinds(&p.changes).contains(&"update-proxy node2".to_string()));
    assert!(!kinds(&p.changes).contains(&"attach app".to_string()));
    assert_eq!(removed(&p.changes), Vec::<String>::new());
    assert_eq!(
        label_of(&p.changes, v2).as_deref(),
        Some(phase::ACCEPT_BOTH)
    );

    // the proxy's spec has {v1, v2} but its old task (with v1 alone) still drains: wait
    snap.secrets
        .push(authorized(2, &[v1_entry(), entry("ssh-ed25519 AAAAk2", 2)]));
    let host = names::host_key_secret("nextcloud", N2, 1);
    let mut snap = with_proxy(snap, 2, &host);
    let old_auth = "bosun-nextcloud-authorized-keys-v1";
    snap.leaving.push(draining("svc-proxy", &[old_auth, &host]));
    let p = plan_of(&snap);
    assert!(
        !kinds(&p.changes).contains(&"attach app".to_string()),
        "{:?}",
        kinds(&p.changes)
    );
    assert_eq!(
        removed(&p.changes),
        Vec::<String>::new(),
        "the draining task mounts it"
    );

    // switch-client: the proxy has rolled; the client moves to v2; the old set goes
    snap.leaving.clear();
    let p = plan_of(&snap);
    assert!(
        kinds(&p.changes).contains(&"attach app".to_string()),
        "{:?}",
        kinds(&p.changes)
    );
    assert_eq!(
        label_of(&p.changes, v2).as_deref(),
        Some(phase::SWITCH_CLIENT)
    );
    assert_eq!(removed(&p.changes), [format!("remove-secret {old_auth}")]);

    // the client's spec has v2, its old task (v1) drains: v1 stays accepted and kept
    let mut snap = with_app_on(snap, 2);
    snap.secrets.retain(|s| s.id.as_deref() != Some("s-auth"));
    snap.leaving
        .push(draining("svc-app", &["bosun-nextcloud-client-app-v1"]));
    snap.changed();
    let p = plan_of(&snap);
    assert_eq!(
        p.changes.iter().filter(|c| c.is_create()).count(),
        0,
        "{:?}",
        kinds(&p.changes)
    );
    assert!(
        !kinds(&p.changes).contains(&"attach app".to_string()),
        "not written again"
    );
    assert_eq!(removed(&p.changes), Vec::<String>::new());

    // accept-new: nothing of the client uses v1; the proxies get {v2}; v1 is removed
    snap.leaving.clear();
    let p = plan_of(&snap);
    let Some(Change::CreateAuthorizedKeys {
        version: 3,
        content,
        ..
    }) = p.changes.first()
    else {
        panic!("{:?}", kinds(&p.changes))
    };
    assert_eq!(content, "ssh-ed25519 AAAAk2 app/v2\n");
    assert_eq!(label_of(&p.changes, v2).as_deref(), Some(phase::ACCEPT_NEW));
    assert_eq!(
        removed(&p.changes),
        ["remove-secret bosun-nextcloud-client-app-v1"]
    );

    // done: the proxies have rolled onto {v2}; the rotation is counted as finished
    snap.secrets.retain(|s| s.id.as_deref() != Some("s-client"));
    snap.secrets
        .retain(|s| s.id.as_deref() != Some("s-client2"));
    snap.secrets.push(client_key(2, Some(phase::ACCEPT_NEW)));
    snap.secrets
        .push(authorized(3, &[entry("ssh-ed25519 AAAAk2", 2)]));
    let snap = with_proxy(snap, 3, &host);
    let p = plan_of(&snap);
    let finished = p.changes.iter().find_map(|c| match c {
        Change::LabelKey { outcome, .. } => *outcome,
        _ => None,
    });
    assert_eq!(label_of(&p.changes, v2).as_deref(), Some(phase::DONE));
    assert_eq!(
        finished,
        Some(RotationOutcome::Finished { since_ms: MADE_MS })
    );
    assert_eq!(
        removed(&p.changes),
        ["remove-secret bosun-nextcloud-authorized-keys-v2"]
    );
}

/// A host key of N2, `version`, with public key `AAAAh<version>` and `labels` added.
fn host_key(version: u32, more: &[(&str, String)]) -> Secret {
    let mut labels = key_labels(names::KIND_HOST_KEY, Some(N2));
    labels.insert(names::KEY_VERSION.into(), version.to_string());
    labels.insert(
        names::PUBLIC_KEY.into(),
        format!("ssh-ed25519 AAAAh{version}"),
    );
    labels.remove(names::ROTATION_PHASE);
    labels.extend(more.iter().map(|(k, v)| (k.to_string(), v.clone())));
    let name = names::host_key_secret("nextcloud", N2, version);
    let mut s = secret(&format!("s-host{version}"), &name, labels);
    s.created_at = Some(MADE.into());
    s
}

#[test]
fn a_host_key_is_listed_before_it_is_presented_and_unlisted_after_the_old_one_is_gone() {
    let cfg = config();
    let (v1, v2) = (
        names::host_key_secret("nextcloud", N2, 1),
        names::host_key_secret("nextcloud", N2, 2),
    );
    let now = MADE_MS + 60_000;
    let mut snap = converged(N2);
    snap.at_ms = now;
    snap.secrets.push(host_key(2, &[]));
    snap.changed();
    let listed = |snap: &Snapshot| target_record(&cfg, &target(), snap).host_keys;

    // announce: both listed, the proxy still presents v1, v2 is marked announced now
    assert_eq!(
        listed(&snap),
        ["ssh-ed25519 AAAAh2", "ssh-ed25519 AAAAhost-key"]
    );
    let p = plan_of(&snap);
    assert!(
        !kinds(&p.changes)
            .iter()
            .any(|k| k.starts_with("update-proxy"))
    );
    let marked = p.changes.iter().find_map(|c| match c {
        Change::LabelKey { name, labels, .. } if *name == v2 => Some(labels.clone()),
        _ => None,
    });
    let marked = marked.unwrap_or_default();
    assert_eq!(marked.get(names::ANNOUNCED_AT), Some(&now.to_string()));
    assert_eq!(
        marked.get(names::ROTATION_PHASE).map(String::as_str),
        Some(phase::ANNOUNCE)
    );
    assert!(p.recheck_after.is_some());

    // within the announce period (15 s): still waiting, looked at again when it ends
    let announced = |at: u64| host_key(2, &[(names::ANNOUNCED_AT, at.to_string())]);
    snap.secrets.retain(|s| s.id.as_deref() != Some("s-host2"));
    snap.secrets.push(announced(now - 5_000));
    snap.changed();
    let p = plan_of(&snap);
    assert!(
        !kinds(&p.changes)
            .iter()
            .any(|k| k.starts_with("update-proxy"))
    );
    assert_eq!(p.recheck_after, Some(std::time::Duration::from_secs(10)));

    // roll-proxy: past the period, the proxy moves to v2
    snap.secrets.retain(|s| s.id.as_deref() != Some("s-host2"));
    snap.secrets.push(announced(now - 20_000));
    snap.changed();
    let p = plan_of(&snap);
    let rolled = p
        .changes
        .iter()
        .any(|c| matches!(c, Change::UpdateProxy { spec, .. } if spec.host_key_secret == v2));
    assert!(rolled, "{:?}", kinds(&p.changes));
    assert_eq!(
        label_of(&p.changes, &v2).as_deref(),
        Some(phase::ROLL_PROXY)
    );

    // the proxy presents v2, its old task (v1) drains: both listed, v1 kept
    let mut snap = with_proxy(snap, 1, &v2);
    snap.leaving.push(draining("svc-proxy", &[&v1]));
    assert_eq!(
        listed(&snap),
        ["ssh-ed25519 AAAAh2", "ssh-ed25519 AAAAhost-key"]
    );
    assert_eq!(removed(&plan_of(&snap).changes), Vec::<String>::new());

    // drained: v2 alone is listed, v1 goes
    snap.leaving.clear();
    assert_eq!(listed(&snap), ["ssh-ed25519 AAAAh2"]);
    let p = plan_of(&snap);
    assert_eq!(removed(&p.changes), [format!("remove-secret {v1}")]);
    assert_eq!(label_of(&p.changes, &v2).as_deref(), Some(phase::CLEANUP));
}

/// A rotation request for the target's client keys, made at `at`.
fn request(at: &str) -> SwarmConfig {
    let mut labels = names::base_labels("nextcloud", names::KIND_ROTATION_REQUEST);
    labels.insert(names::ROTATE.into(), names::ROTATE_CLIENT_KEYS.into());
    labels.insert(names::REQUESTED_AT.into(), "1".into());
    SwarmConfig {
        id: Some("c-request".into()),
        created_at: Some(at.into()),
        spec: Some(ConfigSpec {
            name: Some("bosun-rotate-nextcloud-1-abcd".into()),
            labels: Some(labels),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn a_request_makes_one_new_key_and_is_removed_once_carried_out() {
    let mut snap = converged(N2);
    snap.at_ms = MADE_MS + 120_000;
    snap.secrets.retain(|s| s.id.as_deref() != Some("s-client"));
    let mut v1 = client_key(1, Some(phase::DONE));
    v1.id = Some("s-client".into());
    v1.spec.as_mut().and_then(|s| s.labels.as_mut()).map(|l| {
        l.insert(
            names::PUBLIC_KEY.into(),
            format!("ssh-ed25519 AAAA{}", names::KIND_CLIENT_KEY),
        )
    });
    snap.secrets.push(v1);
    // made before the key: carried out already, removed, nothing new
    snap.requests.push(request("2026-12-02T09:00:00Z"));
    snap.changed();
    let p = plan_of(&snap);
    assert_eq!(
        kinds(&p.changes),
        ["remove-config bosun-rotate-nextcloud-1-abcd"]
    );

    // made after it: a new key, and the request stays until that key exists
    snap.requests = vec![request("2026-12-02T10:01:00Z")];
    let p = plan_of(&snap);
    assert_eq!(kinds(&p.changes), ["create-client-key"]);
    let Some(Change::CreateClientKey { version, .. }) = p.changes.first() else {
        panic!()
    };
    assert_eq!(*version, 2);
    let mut v2 = client_key(2, None);
    v2.created_at = Some("2026-12-02T10:01:30Z".into());
    snap.secrets.push(v2);
    snap.changed();
    let p = plan_of(&snap);
    assert!(kinds(&p.changes).contains(&"remove-config bosun-rotate-nextcloud-1-abcd".to_string()));
    assert!(!kinds(&p.changes).contains(&"create-client-key".to_string()));
}

#[test]
fn a_key_past_its_period_rotates_by_itself() {
    let mut snap = converged(N2);
    let month = 30 * 86_400_000;
    for s in &mut snap.secrets {
        s.created_at = Some(MADE.into());
    }
    snap.at_ms = MADE_MS + month - 1;
    snap.changed();
    let p = plan_of(&snap);
    assert_eq!(kinds(&p.changes), Vec::<String>::new());
    assert_eq!(p.recheck_after, Some(std::time::Duration::from_millis(1)));
    snap.at_ms = MADE_MS + month;
    let p = plan_of(&snap);
    assert_eq!(kinds(&p.changes), ["create-client-key"]);
}

/// `app` and `web`, both declared clients with their keys, the proxy on N2 mounting the set
/// of both (v2): the config and the snapshot.
fn app_and_web() -> (crate::config::Config, Snapshot) {
    let mut cfg = config();
    let web = crate::config::ClientSpec {
        service: "web".into(),
        ..cfg.targets["nextcloud"].clients[0].clone()
    };
    if let Some(t) = cfg.targets.get_mut("nextcloud") {
        t.clients.push(web);
    }
    let mut snap = converged(N2);
    let mut web_key = key_labels(names::KIND_CLIENT_KEY, None);
    web_key.insert(names::CLIENT.into(), "web".into());
    web_key.insert(names::PUBLIC_KEY.into(), "ssh-ed25519 AAAAweb".into());
    snap.secrets
        .push(secret("s-web", "bosun-nextcloud-client-web-v1", web_key));
    snap.services.push(service(
        "svc-web",
        "web",
        client_of("nextcloud"),
        vec![("s-web", "bosun-nextcloud-client-web-v1", APP_KEY_PATH)],
    ));
    let both = [
        v1_entry(),
        Entry {
            public_key: "ssh-ed25519 AAAAweb".into(),
            client: "web".into(),
            version: 1,
        },
    ];
    snap.secrets.push(authorized(2, &both));
    let snap = with_proxy(snap, 2, &names::host_key_secret("nextcloud", N2, 1));
    (cfg, snap)
}

#[test]
fn a_removed_client_is_revoked_and_the_others_are_not_touched() {
    let (cfg, snap) = app_and_web();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    assert_eq!(
        removed(&p.changes),
        ["remove-secret bosun-nextcloud-authorized-keys-v1"]
    );

    // web leaves the config: the proxies get app's key alone (v1 of the set exists already),
    // web's key is unmounted and removed; app's service is not written
    let cfg = config();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    let k = kinds(&p.changes);
    assert!(k.contains(&"update-proxy node2".to_string()), "{k:?}");
    assert!(k.contains(&"detach web".to_string()), "{k:?}");
    assert!(!k.iter().any(|c| c.contains(" app")), "{k:?}");
    assert!(
        k.contains(&"remove-secret bosun-nextcloud-client-web-v1".to_string()),
        "{k:?}"
    );
}

/// A trust file config of instance `bosun` for `content`.
fn trust_config(content: &str) -> SwarmConfig {
    let trust = TrustFile::new(content.into());
    let name = names::Naming::default().discovery_keys_config(&trust.digest);
    let mut labels = names::Naming::default().instance_labels(names::KIND_DISCOVERY_KEYS);
    labels.insert(names::KEYS_DIGEST.into(), trust.digest);
    SwarmConfig {
        id: Some(format!("c-{name}")),
        spec: Some(ConfigSpec {
            name: Some(name),
            labels: Some(labels),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn a_client_gets_the_trust_file_with_its_key_and_keeps_an_older_one_until_its_next_key() {
    let v1 = "ssh-ed25519 AAAAsigning1 bosun-signing-v1\n";
    let v1_and_v2 =
        "ssh-ed25519 AAAAsigning1 bosun-signing-v1\nssh-ed25519 AAAAsigning2 bosun-signing-v2\n";
    let attached_trust = |changes: &[Change]| {
        changes.iter().find_map(|c| match c {
            Change::AttachClientKey { trust, .. } => Some(trust.clone()),
            _ => None,
        })
    };
    // a converged client without a trust file: it is made and mounted with the key
    let mut snap = converged(N2);
    snap.trust = Some(TrustFile::new(v1.into()));
    let p = plan_of(&snap);
    let name = names::Naming::default().discovery_keys_config(&TrustFile::new(v1.into()).digest);
    assert!(
        kinds(&p.changes).contains(&format!("create-trust {name}")),
        "{:?}",
        kinds(&p.changes)
    );
    assert_eq!(attached_trust(&p.changes), Some(Some(name.clone())));

    // mounted: nothing to do
    let mut app = service(
        "svc-app",
        "app",
        client_of("nextcloud"),
        vec![("s-client", "bosun-nextcloud-client-app-v1", APP_KEY_PATH)],
    );
    let configs = vec![bollard::models::TaskSpecContainerSpecConfigs {
        config_name: Some(name.clone()),
        config_id: Some(format!("c-{name}")),
        ..Default::default()
    }];
    if let Some(c) = app
        .spec
        .as_mut()
        .and_then(|s| s.task_template.as_mut())
        .and_then(|t| t.container_spec.as_mut())
    {
        c.configs = Some(configs);
    }
    snap.services.retain(|s| s.id.as_deref() != Some("svc-app"));
    snap.services.push(app);
    snap.trust_configs.push(trust_config(v1));
    snap.changed();
    assert_eq!(kinds(&plan_of(&snap).changes), Vec::<String>::new());

    // a signing key is added: the client keeps its trust file (no restart), the new one is
    // made for the next key, and the old one stays while it is mounted
    snap.trust = Some(TrustFile::new(v1_and_v2.into()));
    let p = plan_of(&snap);
    assert_eq!(attached_trust(&p.changes), None);
    assert!(
        !kinds(&p.changes)
            .iter()
            .any(|k| k.starts_with("remove-config"))
    );
    assert!(
        kinds(&p.changes)
            .iter()
            .any(|k| k.starts_with("create-trust"))
    );

    // no longer mounted: the old one goes
    snap.services.retain(|s| s.id.as_deref() != Some("svc-app"));
    snap.services.push(service(
        "svc-app",
        "app",
        client_of("nextcloud"),
        vec![("s-client", "bosun-nextcloud-client-app-v1", APP_KEY_PATH)],
    ));
    snap.changed();
    let p = plan_of(&snap);
    assert!(
        kinds(&p.changes).contains(&format!("remove-config {name}")),
        "{:?}",
        kinds(&p.changes)
    );
}

/// The app's update in `state`, begun at `started`.
fn app_update(snap: &mut Snapshot, state: ServiceUpdateStatusStateEnum, started: Option<&str>) {
    let app = snap
        .services
        .iter_mut()
        .find(|s| s.id.as_deref() == Some("svc-app"));
    if let Some(app) = app {
        app.update_status = Some(bollard::models::ServiceUpdateStatus {
            state: Some(state),
            started_at: started.map(str::to_string),
            ..Default::default()
        });
    }
    snap.changed();
}

#[test]
fn while_the_clients_update_may_roll_back_its_old_key_stays_accepted_and_nothing_is_removed() {
    // the client's spec has v2, its old task is gone, but Swarm still monitors the update
    // (or it is paused, or rolling back): v1 may come back with the previous spec
    let mut snap = converged(N2);
    snap.secrets.push(client_key(2, Some(phase::SWITCH_CLIENT)));
    snap.secrets
        .push(authorized(2, &[v1_entry(), entry("ssh-ed25519 AAAAk2", 2)]));
    let host = names::host_key_secret("nextcloud", N2, 1);
    let snap = with_proxy(snap, 2, &host);
    let mut snap = with_app_on(snap, 2);
    for state in [
        ServiceUpdateStatusStateEnum::UPDATING,
        ServiceUpdateStatusStateEnum::PAUSED,
        ServiceUpdateStatusStateEnum::ROLLBACK_STARTED,
    ] {
        app_update(&mut snap, state, None);
        let p = plan_of(&snap);
        assert_eq!(
            p.changes.iter().filter(|c| c.is_create()).count(),
            0,
            "{state:?}: the set keeps v1: {:?}",
            kinds(&p.changes)
        );
        assert_eq!(removed(&p.changes), Vec::<String>::new(), "{state:?}");
    }
    // completed: v1 leaves the set and goes
    app_update(&mut snap, ServiceUpdateStatusStateEnum::COMPLETED, None);
    let p = plan_of(&snap);
    assert!(kinds(&p.changes).contains(&"create-authorized-keys".to_string()));
    assert!(
        removed(&p.changes).contains(&"remove-secret bosun-nextcloud-client-app-v1".to_string())
    );
}

#[test]
fn a_declared_client_that_opts_out_loses_its_key() {
    let mut snap = converged(N2);
    let app = snap
        .services
        .iter_mut()
        .find(|s| s.id.as_deref() == Some("svc-app"));
    if let Some(labels) = app.and_then(|a| a.spec.as_mut()?.labels.as_mut()) {
        labels.remove(crate::config::CLIENT_OF);
    }
    snap.changed();
    let p = plan_of(&snap);
    let k = kinds(&p.changes);
    assert!(k.contains(&"detach app".to_string()), "{k:?}");
    assert!(k.contains(&"create-authorized-keys".to_string()), "{k:?}");
    assert!(
        k.contains(&"remove-secret bosun-nextcloud-client-app-v1".to_string()),
        "{k:?}"
    );
}

#[test]
fn only_a_rollback_of_the_keys_own_update_holds_the_client() {
    let mut snap = converged(N2);
    snap.secrets.push(client_key(2, Some(phase::ACCEPT_BOTH)));
    snap.secrets
        .push(authorized(2, &[v1_entry(), entry("ssh-ed25519 AAAAk2", 2)]));
    let host = names::host_key_secret("nextcloud", N2, 1);
    let mut snap = with_proxy(snap, 2, &host);
    let rolled_back = |snap: &mut Snapshot, started: &str| {
        app_update(
            snap,
            ServiceUpdateStatusStateEnum::ROLLBACK_COMPLETED,
            Some(started),
        );
    };
    // rolled back yesterday, before v2 was made (10:00): not ours, the client is moved
    rolled_back(&mut snap, "2026-12-01T10:00:00Z");
    assert!(kinds(&plan_of(&snap).changes).contains(&"attach app".to_string()));
    // rolled back after v2 was made: our move failed; the client is left alone, said stuck
    rolled_back(&mut snap, "2026-12-02T10:05:00Z");
    let p = plan_of(&snap);
    assert!(!kinds(&p.changes).contains(&"attach app".to_string()));
    let stuck = p.changes.iter().any(|c| {
        matches!(c, Change::LabelKey { outcome: Some(RotationOutcome::Stuck), labels, .. }
            if labels.contains_key(names::ROTATION_STUCK))
    });
    assert!(stuck, "{:?}", kinds(&p.changes));
}

#[test]
fn a_new_leader_lets_the_announce_period_run_again_from_its_own_first_record() {
    let now = MADE_MS + 60_000;
    let mut snap = converged(N2);
    snap.at_ms = now;
    snap.secrets.push(host_key(
        2,
        &[(names::ANNOUNCED_AT, (now - 20_000).to_string())],
    ));
    // this leader has published for 5 s only: not yet, and looked at again when it is time
    snap.publishing_since_ms = now - 5_000;
    snap.changed();
    let p = plan_of(&snap);
    assert!(
        !kinds(&p.changes)
            .iter()
            .any(|k| k.starts_with("update-proxy"))
    );
    assert_eq!(p.recheck_after, Some(std::time::Duration::from_secs(10)));
    // not yet published at all: not yet either
    snap.publishing_since_ms = u64::MAX;
    assert!(
        !kinds(&plan_of(&snap).changes)
            .iter()
            .any(|k| k.starts_with("update-proxy"))
    );
    // published for 15 s: the proxy moves
    snap.publishing_since_ms = now - 15_000;
    assert!(
        kinds(&plan_of(&snap).changes)
            .iter()
            .any(|k| k.starts_with("update-proxy"))
    );
}

#[test]
fn a_request_for_a_target_nobody_declares_is_visited_and_removed() {
    let mut snap = Snapshot::default();
    snap.requests.push(request("2026-12-02T10:01:00Z"));
    snap.changed();
    let mut config = config();
    config.targets.clear();
    let pass = crate::reconcile::full_pass::full_pass(&config, &snap);
    assert_eq!(pass.due, ["nextcloud"], "the request's target is visited");
    let p = plan(&config, "nextcloud", None, &snap, true);
    assert_eq!(
        kinds(&p.changes),
        ["remove-config bosun-rotate-nextcloud-1-abcd"]
    );
    assert!(
        p.problems[0].contains("target nextcloud is not declared"),
        "{:?}",
        p.problems
    );
    // without a complete listing nothing is removed
    let p = plan(&config, "nextcloud", None, &snap, false);
    assert!(p.changes.is_empty());
}

#[test]
fn a_proxy_kept_for_the_absent_grace_is_rekeyed_when_a_client_is_revoked() {
    let (_, mut snap) = app_and_web();
    // the target left N2 (its task runs on N3 now): N2's proxy is kept for the grace
    let since = snap.at_ms.saturating_sub(1_000);
    for t in &mut snap.tasks {
        if t.service_id.as_deref() == Some("svc-nc") {
            t.node_id = Some(crate::reconcile::tests::N3.into());
        }
    }
    if let Some(labels) = snap
        .services
        .iter_mut()
        .find(|s| s.id.as_deref() == Some("svc-proxy"))
        .and_then(|s| s.spec.as_mut())
        .and_then(|s| s.labels.as_mut())
    {
        labels.insert(names::ABSENT_SINCE.into(), since.to_string());
    }
    snap.changed();
    // web leaves the config: the absent proxy gets app's key alone too, its grace unchanged
    let cfg = config();
    let p = plan(&cfg, "nextcloud", cfg.targets.get("nextcloud"), &snap, true);
    let rekeyed = p.changes.iter().find_map(|c| match c {
        Change::UpdateProxy {
            id,
            spec,
            absent_since,
            ..
        } if id == "svc-proxy" => Some((spec, *absent_since)),
        _ => None,
    });
    let Some((spec, absent_since)) = rekeyed else {
        panic!("the absent proxy was not rekeyed: {:?}", kinds(&p.changes));
    };
    assert_eq!(
        spec.authorized_keys_secret,
        "bosun-nextcloud-authorized-keys-v1"
    );
    assert_eq!(
        spec.host_key_secret,
        names::host_key_secret("nextcloud", N2, 1)
    );
    assert_eq!(absent_since, Some(since));
    assert!(
        !kinds(&p.changes)
            .iter()
            .any(|c| c.starts_with("mark-absent")),
        "{:?}",
        kinds(&p.changes)
    );
}
