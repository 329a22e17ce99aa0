//! The record signing key's life, when the controller rolls it itself (docs/keys.md, "Rolling
//! the signing key"): which key signs, which one is announced next, when the controller's own
//! service moves to the next one, and which old key may go. Pure: a [`SigningView`] of what
//! Swarm shows in, a [`SigningPlan`] out; the operator reads the view and applies the plan.
//!
//! The roll uses **pre-publication** (as DNSSEC's and TUF's key rolls do): a *next* key exists
//! long before it signs anything. Its public half is announced in every record (clients learn
//! it) and listed in the trust file every client service mounts with its client key, so client
//! services pick it up through their own key rotations, which restart them anyway. When the
//! current key is due (its age passed `discovery.signing_keys` or a `rotate --signing-key`
//! request is newer than it), the controller moves its own service to mount the next key in
//! place of the current one, **only once** that key has been announced for the announce period
//! and every client service's trust file, in its spec and in every task of it that still runs,
//! lists it: no client, running or restarting, can meet a record it cannot verify, and no client
//! is restarted for the roll. The moment the service mounts it, it is the current key; a new
//! next key is made at once.
//!
//! * A key is a secret `<P>-signing-key-v<N>`; the private half is its data, the public half
//!   its `bosun.public-key` label. `v1` usually comes from the stack (an external secret, not
//!   labelled): it can be used and retired, but bosun never removes a secret it did not make.
//! * *current*: the lowest version the controller's service mounts (a process that is not a
//!   Swarm service keeps its `--signing-keys` directory and rolls nothing);
//! * *next*: the lowest version above it with a public half;
//! * *retired*: below the current one; removed (if bosun made it) once no task of the
//!   controller's service mounts it.
//!
//! Nothing here depends on memory: a controller killed anywhere in a roll, or restarted by the
//! roll itself (its service changes), reads the same objects and goes on.

pub mod view;

use std::collections::BTreeSet;
use std::time::Duration;

use crate::reconcile::change::Change;

/// A signing key secret of this instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKey {
    pub version: u32,
    pub id: String,
    pub name: String,
    /// Its Swarm `CreatedAt`, Unix ms.
    pub created_ms: u64,
    /// The `bosun.public-key` label (`ssh-ed25519 AAAA…`): absent on a key bosun did not make.
    pub public_key: Option<String>,
    /// `bosun.announced-at` (Unix ms): since when the records announce it.
    pub announced_at_ms: Option<u64>,
    /// Made by bosun (it may remove it).
    pub managed: bool,
}

/// The controller's own service (labelled `bosun.controller=<instance>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControllerService {
    pub id: String,
    pub name: String,
    /// Its `bosun.signing-since` label: since when it mounts its current key (written with the
    /// mount). Absent (the stack made the service, or deployed it again): the key's age counts
    /// from the key's creation.
    pub signing_since_ms: Option<u64>,
    /// The key versions its spec mounts in the signing key directory.
    pub mounts: BTreeSet<u32>,
    /// The versions each of its tasks that still runs mounts.
    pub task_mounts: Vec<BTreeSet<u32>>,
    /// Whether its last update has completed (a roll waits for the one before).
    pub updated: bool,
}

/// A client service: the public keys its trust file lists, in its spec and in every task of it
/// that still runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientTrust {
    pub service: String,
    pub spec: BTreeSet<String>,
    pub tasks: Vec<BTreeSet<String>>,
}

/// What the planner sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningView {
    pub keys: Vec<SigningKey>,
    /// `None`: the controller is not a Swarm service; nothing is rolled.
    pub controller: Option<ControllerService>,
    pub clients: Vec<ClientTrust>,
    /// The `rotate --signing-key` requests.
    pub requests: Vec<SigningRequest>,
    /// `discovery.signing_keys`: the current key's period (`None`: only on request).
    pub period: Option<Duration>,
    /// How long the next key is announced, at least, before it signs.
    pub announce: Duration,
    pub now_ms: u64,
}

/// A `rotate --signing-key` request (a config).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningRequest {
    pub id: String,
    pub name: String,
    /// Swarm's `CreatedAt`, Unix ms.
    pub created_ms: u64,
}

/// One change the plan asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigningStep {
    /// Make key `version` (a fresh ED25519 keypair, both halves in one secret create).
    Create { version: u32 },
    /// Label the next key as announced now (the record that lists it goes out this pass).
    Announced { name: String, at_ms: u64 },
    /// Make the controller's service mount exactly these versions (it restarts with them),
    /// and label it `bosun.signing-since=since_ms` in the same write.
    Mount {
        service_id: String,
        versions: Vec<u32>,
        since_ms: u64,
    },
    /// Remove a retired key nothing mounts any more.
    Remove { id: String, name: String },
    /// Remove a request the current key was mounted after (it has been carried out).
    RemoveRequest { id: String, name: String },
}

/// The plan: the steps, and what the record and trust files carry meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SigningPlan {
    pub steps: Vec<SigningStep>,
    /// The next key's public half: announced in the record and listed in trust files.
    pub next_public: Option<String>,
    /// Why a due roll waits (for the status and the log); empty when nothing waits.
    pub waiting: Vec<String>,
    /// Retired keys bosun did not make and will not remove (the operator does).
    pub left_to_operator: Vec<String>,
    /// Look again within this long (an announce period runs out).
    pub recheck: Option<Duration>,
    /// Since when (Unix ms) the current key signs, when known (its age, for the metrics).
    pub signing_since_ms: Option<u64>,
    /// Since when (Unix ms) the current key is due to give way, when it is (a roll's duration
    /// counts from it).
    pub due_since_ms: Option<u64>,
}

/// Plans one pass of the signing key's life.
pub fn plan(view: &SigningView) -> SigningPlan {
    let mut out = SigningPlan::default();
    let Some(controller) = &view.controller else {
        return out;
    };
    let Some(current) = controller.mounts.iter().next().copied() else {
        out.waiting
            .push("the controller's service mounts no signing key".into());
        return out;
    };
    retire(view, controller, current, &mut out);
    let since = current_since(view, controller, current);
    out.signing_since_ms = since;
    done_requests(view, since, &mut out);
    let Some(next) = next_key(view, current) else {
        let version = view.keys.iter().map(|k| k.version).max().unwrap_or(current);
        out.steps.push(SigningStep::Create {
            version: version.max(current) + 1,
        });
        return out;
    };
    out.next_public = next.public_key.clone();
    let Some(announced) = next.announced_at_ms else {
        out.steps.push(SigningStep::Announced {
            name: next.name.clone(),
            at_ms: view.now_ms,
        });
        out.recheck = Some(view.announce);
        return out;
    };
    out.due_since_ms = due_since(view, since);
    if out.due_since_ms.is_some() {
        switch(view, controller, next, announced, &mut out);
    }
    out
}

/// Since when (Unix ms) the current key signs: the service's `bosun.signing-since`, else the
/// key's creation; `None` when neither is known (a key bosun did not make, never rolled).
fn current_since(view: &SigningView, controller: &ControllerService, current: u32) -> Option<u64> {
    controller.signing_since_ms.or_else(|| {
        view.keys
            .iter()
            .find(|k| k.version == current)
            .map(|k| k.created_ms)
    })
}

/// Requests made before the current key began to sign are carried out: removed.
fn done_requests(view: &SigningView, since: Option<u64>, out: &mut SigningPlan) {
    let Some(since) = since else { return };
    for r in view.requests.iter().filter(|r| r.created_ms <= since) {
        out.steps.push(SigningStep::RemoveRequest {
            id: r.id.clone(),
            name: r.name.clone(),
        });
    }
}

/// The lowest key above `current` with a public half: the one announced next.
fn next_key(view: &SigningView, current: u32) -> Option<&SigningKey> {
    view.keys
        .iter()
        .filter(|k| k.version > current && k.public_key.is_some())
        .min_by_key(|k| k.version)
}

/// Since when the current key should give way, if it should: it has signed for its period, or
/// a request came after it began to (the earlier of the two). Since when it signs unknown:
/// only a request rolls it.
fn due_since(view: &SigningView, since: Option<u64>) -> Option<u64> {
    let after = since.unwrap_or(0);
    let requested = view
        .requests
        .iter()
        .map(|r| r.created_ms)
        .filter(|at| since.is_none() || *at > after)
        .min();
    let aged = since
        .zip(view.period)
        .map(|(s, p)| s.saturating_add(millis(p)))
        .filter(|at| *at <= view.now_ms);
    requested.into_iter().chain(aged).min()
}

/// Moves the controller's service to `next` once every gate is open; says which is not.
fn switch(
    view: &SigningView,
    controller: &ControllerService,
    next: &SigningKey,
    announced_ms: u64,
    out: &mut SigningPlan,
) {
    let public = next.public_key.clone().unwrap_or_default();
    let ready_at = announced_ms.saturating_add(millis(view.announce));
    if view.now_ms < ready_at {
        out.waiting.push(format!(
            "v{} is announced for {} more ms",
            next.version,
            ready_at - view.now_ms
        ));
        out.recheck = Some(Duration::from_millis(ready_at - view.now_ms));
    }
    for client in &view.clients {
        let spec = client.spec.contains(&public);
        let tasks = client.tasks.iter().all(|t| t.contains(&public));
        if !(spec && tasks) {
            out.waiting.push(format!(
                "client service {} does not trust v{} yet (it gets it with its next key: `bosun-controller rotate TARGET --client {}`)",
                client.service, next.version, client.service
            ));
        }
    }
    if !controller.updated {
        out.waiting
            .push("the controller's service is still being updated".into());
    }
    if out.waiting.is_empty() {
        out.steps.push(SigningStep::Mount {
            service_id: controller.id.clone(),
            versions: vec![next.version],
            since_ms: view.now_ms,
        });
    }
}

/// Retired keys (below the current one): removed once no task of the controller mounts them.
fn retire(view: &SigningView, controller: &ControllerService, current: u32, out: &mut SigningPlan) {
    for key in view.keys.iter().filter(|k| k.version < current) {
        let mounted = controller.mounts.contains(&key.version)
            || controller
                .task_mounts
                .iter()
                .any(|t| t.contains(&key.version));
        if mounted {
            continue;
        }
        if key.managed {
            out.steps.push(SigningStep::Remove {
                id: key.id.clone(),
                name: key.name.clone(),
            });
        } else {
            out.left_to_operator.push(key.name.clone());
        }
    }
}

/// The plan's steps as changes to Swarm; `dir` is the controller's signing key directory.
pub fn changes(view: &SigningView, plan: &SigningPlan, dir: &str) -> Vec<Change> {
    plan.steps
        .iter()
        .filter_map(|step| match step {
            SigningStep::Create { version } => Some(Change::CreateSigningKey { version: *version }),
            SigningStep::Announced { name, at_ms } => {
                let key = view.keys.iter().find(|k| k.name == *name)?;
                Some(Change::LabelKey {
                    id: key.id.clone(),
                    name: name.clone(),
                    kind: crate::model::names::KIND_SIGNING_KEY.into(),
                    target: String::new(),
                    labels: [(crate::model::names::ANNOUNCED_AT.into(), at_ms.to_string())].into(),
                    outcome: None,
                })
            }
            SigningStep::Mount {
                service_id,
                versions,
                since_ms,
            } => {
                let keys = versions
                    .iter()
                    .map(|v| {
                        let key = view.keys.iter().find(|k| k.version == *v)?;
                        Some((*v, key.name.clone(), key.id.clone()))
                    })
                    .collect::<Option<Vec<_>>>()?;
                let service = view.controller.as_ref()?.name.clone();
                Some(Change::MountSigningKeys {
                    service_id: service_id.clone(),
                    service,
                    dir: dir.to_string(),
                    keys,
                    since_ms: *since_ms,
                })
            }
            SigningStep::Remove { id, name } => Some(Change::RemoveSecret {
                id: id.clone(),
                name: name.clone(),
            }),
            SigningStep::RemoveRequest { id, name } => Some(Change::RemoveConfig {
                id: id.clone(),
                name: name.clone(),
            }),
        })
        .collect()
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 86_400_000;

    fn key(version: u32, created_ms: u64, announced: Option<u64>) -> SigningKey {
        SigningKey {
            version,
            id: format!("id{version}"),
            name: format!("bosun-signing-key-v{version}"),
            created_ms,
            public_key: (version > 1).then(|| format!("ssh-ed25519 K{version}")),
            announced_at_ms: announced,
            // v1 comes from the stack
            managed: version > 1,
        }
    }

    fn controller(mounts: &[u32], tasks: &[&[u32]]) -> ControllerService {
        ControllerService {
            id: "ctl".into(),
            name: "bosun_controller".into(),
            signing_since_ms: None,
            mounts: mounts.iter().copied().collect(),
            task_mounts: tasks.iter().map(|t| t.iter().copied().collect()).collect(),
            updated: true,
        }
    }

    fn client(name: &str, spec: &[&str], tasks: &[&[&str]]) -> ClientTrust {
        let set = |keys: &[&str]| keys.iter().map(|k| (*k).to_owned()).collect();
        ClientTrust {
            service: name.into(),
            spec: set(spec),
            tasks: tasks.iter().map(|t| set(t)).collect(),
        }
    }

    fn request(created_ms: u64) -> SigningRequest {
        SigningRequest {
            id: format!("r{created_ms}"),
            name: format!("bosun-rotate-signing-key-{created_ms}-0000"),
            created_ms,
        }
    }

    fn view(keys: Vec<SigningKey>, ctl: Option<ControllerService>) -> SigningView {
        SigningView {
            keys,
            controller: ctl,
            clients: Vec::new(),
            requests: Vec::new(),
            period: Some(Duration::from_millis(365 * DAY)),
            announce: Duration::from_millis(DAY),
            now_ms: 10 * DAY,
        }
    }

    #[test]
    fn a_controller_that_is_no_service_rolls_nothing() {
        let plan = plan(&view(vec![key(1, 0, None)], None));
        assert_eq!(plan, SigningPlan::default());
    }

    #[test]
    fn a_next_key_is_made_then_announced_and_nothing_else_happens_before_it_is_due() {
        let ctl = controller(&[1], &[&[1]]);
        let mut v = view(vec![key(1, 0, None)], Some(ctl.clone()));
        assert_eq!(plan(&v).steps, vec![SigningStep::Create { version: 2 }]);

        v.keys.push(key(2, v.now_ms, None));
        let p = plan(&v);
        assert_eq!(p.next_public.as_deref(), Some("ssh-ed25519 K2"));
        assert_eq!(
            p.steps,
            vec![SigningStep::Announced {
                name: "bosun-signing-key-v2".into(),
                at_ms: v.now_ms
            }]
        );

        v.keys[1].announced_at_ms = Some(v.now_ms);
        v.now_ms += 30 * DAY;
        let p = plan(&v);
        assert!(p.steps.is_empty(), "not due: {p:?}");
        assert_eq!(p.next_public.as_deref(), Some("ssh-ed25519 K2"));
    }

    #[test]
    fn a_due_key_gives_way_only_once_every_client_trusts_the_next_one() {
        let mut v = view(
            vec![key(1, 0, None), key(2, DAY, Some(DAY))],
            Some(controller(&[1], &[&[1], &[1]])),
        );
        v.requests = vec![request(5 * DAY)];
        v.clients = vec![
            client("app", &["ssh-ed25519 K2"], &[&["ssh-ed25519 K2"]]),
            // its spec trusts v2, but a task that still runs has the older trust file
            client("old", &["ssh-ed25519 K2"], &[&["ssh-ed25519 K2"], &[]]),
        ];
        let p = plan(&v);
        assert!(p.steps.is_empty(), "switched too early: {p:?}");
        assert_eq!(p.waiting.len(), 1, "{:?}", p.waiting);
        assert!(
            p.waiting[0].contains("client service old"),
            "{:?}",
            p.waiting
        );

        v.clients[1].tasks.pop();
        let p = plan(&v);
        assert_eq!(
            p.steps,
            vec![SigningStep::Mount {
                service_id: "ctl".into(),
                versions: vec![2],
                since_ms: v.now_ms,
            }]
        );
    }

    #[test]
    fn the_announce_period_and_a_running_update_hold_the_switch() {
        let now = 10 * DAY;
        let mut v = view(
            vec![key(1, 0, None), key(2, now - 1000, Some(now - 1000))],
            Some(controller(&[1], &[&[1]])),
        );
        v.requests = vec![request(now)];
        let p = plan(&v);
        assert!(p.steps.is_empty());
        assert_eq!(p.recheck, Some(Duration::from_millis(DAY - 1000)));
        v.now_ms = now - 1000 + DAY;
        assert_eq!(plan(&v).steps.len(), 1);
        v.controller.as_mut().expect("set").updated = false;
        assert!(plan(&v).steps.is_empty());
    }

    #[test]
    fn the_period_makes_a_key_due_and_a_request_older_than_the_key_does_not() {
        let mut v = view(
            vec![key(1, 0, None), key(2, DAY, Some(DAY))],
            Some(controller(&[1], &[&[1]])),
        );
        v.period = Some(Duration::from_millis(20 * DAY));
        assert!(plan(&v).steps.is_empty(), "10 days old, period 20");
        v.now_ms = 20 * DAY;
        assert_eq!(plan(&v).steps.len(), 1);
        // after the switch (day 20): v2 is current; its period counts from the switch, not
        // from its creation (day 1), and a request made before the switch is done: removed
        let mut ctl = controller(&[2], &[&[2]]);
        ctl.signing_since_ms = Some(20 * DAY);
        let mut after = view(
            vec![
                key(1, 0, None),
                key(2, DAY, Some(DAY)),
                key(3, 21 * DAY, Some(21 * DAY)),
            ],
            Some(ctl),
        );
        after.period = Some(Duration::from_millis(20 * DAY));
        after.requests = vec![request(19 * DAY)];
        after.now_ms = 30 * DAY;
        let p = plan(&after);
        assert!(
            !p.steps
                .iter()
                .any(|s| matches!(s, SigningStep::Mount { .. })),
            "{p:?}"
        );
        assert!(
            p.steps.contains(&SigningStep::RemoveRequest {
                id: format!("r{}", 19 * DAY),
                name: format!("bosun-rotate-signing-key-{}-0000", 19 * DAY),
            }),
            "{p:?}"
        );
        // a request made after the switch rolls it again
        after.requests = vec![request(25 * DAY)];
        assert!(
            plan(&after)
                .steps
                .iter()
                .any(|s| matches!(s, SigningStep::Mount { versions, .. } if *versions == vec![3])),
        );
    }

    #[test]
    fn a_retired_key_goes_once_no_task_mounts_it_and_a_foreign_one_is_left_to_the_operator() {
        let mut v = view(
            vec![
                key(1, 0, None),
                key(2, DAY, Some(DAY)),
                key(3, 5 * DAY, Some(5 * DAY)),
            ],
            // v3 mounted in the spec; an old task still runs with v2
            Some(controller(&[3], &[&[3], &[2]])),
        );
        let p = plan(&v);
        assert!(
            !p.steps
                .iter()
                .any(|s| matches!(s, SigningStep::Remove { .. })),
            "{p:?}"
        );
        assert_eq!(p.left_to_operator, vec!["bosun-signing-key-v1".to_owned()]);
        v.controller = Some(controller(&[3], &[&[3]]));
        let p = plan(&v);
        assert!(p.steps.contains(&SigningStep::Remove {
            id: "id2".into(),
            name: "bosun-signing-key-v2".into()
        }));
        // and the next key after v3 is made
        assert!(
            p.steps.contains(&SigningStep::Create { version: 4 }),
            "{p:?}"
        );
    }
}
