//! The test double of [`Backend`]: clones, services and requests in memory, a spawn's body
//! checked like a small template, and every call recorded (name, and whether it writes), so a
//! test can say that a refused request reached no backend write. A spawn can be held open
//! (`hold`) to test the cap on concurrent spawns.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use serde_json::{Map, Value};
use tokio::sync::{Notify, Semaphore};

use crate::orchestration::api::audit::AuditRecord;
use crate::orchestration::api::backend::*;
use crate::orchestration::model::{ParamError, Permission};
use crate::orchestration::swarm::audit::query::select;

#[derive(Default)]
pub struct Fake {
    pub calls: Mutex<Vec<(&'static str, bool)>>,
    pub audit: Mutex<Vec<AuditRecord>>,
    pub clones: Mutex<BTreeMap<(String, String), CloneView>>,
    pub requests: Mutex<Vec<PendingRequest>>,
    /// When set, a spawn says it started and then waits for a permit.
    pub hold: Option<(Arc<Notify>, Arc<Semaphore>)>,
}

/// The clones' cap of every template.
pub const CAP: usize = 3;

pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Fake {
    pub fn seeded() -> Fake {
        let fake = Fake::default();
        for node in ["node_a", "node_b"] {
            fake.insert("mongodb", node, "root", Map::new());
        }
        for (id, node) in [("req-1", "node_a"), ("req-2", "node_b")] {
            lock(&fake.requests).push(PendingRequest {
                id: id.into(),
                template: "mongodb".into(),
                node_id: node.into(),
                requester: "op".into(),
                created: SystemTime::UNIX_EPOCH,
            });
        }
        fake
    }

    fn insert(
        &self,
        template: &str,
        node: &str,
        owner: &str,
        params: Map<String, Value>,
    ) -> CloneView {
        let view = CloneView {
            template: template.into(),
            node_id: node.into(),
            service_id: format!("svc-{node}"),
            service_name: format!("{template}-{node}"),
            owner: owner.into(),
            port: params
                .get("port")
                .and_then(Value::as_u64)
                .and_then(|p| u16::try_from(p).ok()),
            state: "running".into(),
            params,
        };
        lock(&self.clones).insert((template.into(), node.into()), view.clone());
        view
    }

    fn call(&self, name: &'static str, write: bool) {
        lock(&self.calls).push((name, write));
    }

    pub fn writes(&self) -> Vec<&'static str> {
        lock(&self.calls)
            .iter()
            .filter(|c| c.1)
            .map(|c| c.0)
            .collect()
    }

    pub fn records(&self) -> Vec<AuditRecord> {
        lock(&self.audit).clone()
    }

    fn service(&self, id: &str) -> Result<ServiceView, BackendError> {
        lock(&self.clones)
            .values()
            .find(|c| c.service_id == id)
            .map(|c| ServiceView {
                service_id: c.service_id.clone(),
                service_name: c.service_name.clone(),
                template: c.template.clone(),
                node_id: c.node_id.clone(),
                owner: c.owner.clone(),
                replicas: 1,
                running: 1,
            })
            .ok_or(BackendError::UnknownService)
    }

    fn clone_of(&self, template: &str, node: &str) -> Result<CloneView, BackendError> {
        lock(&self.clones)
            .get(&(template.to_owned(), node.to_owned()))
            .cloned()
            .ok_or(BackendError::UnknownClone)
    }
}

/// A small template: `node_id` (required, `node_` + lowercase letters or digits), `port`
/// (27000-27999, 27017 taken), `network`; `node_fail` makes the "Engine" fail.
fn validate(body: &Map<String, Value>) -> Result<String, BackendError> {
    for key in body.keys() {
        if !["node_id", "port", "network", "node_tron_address"].contains(&key.as_str()) {
            return Err(ParamError::Unknown(key.clone()).into());
        }
    }
    let node = match body.get("node_id") {
        None => return Err(ParamError::Missing("node_id".into()).into()),
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(ParamError::WrongType {
                field: "node_id".into(),
                expected: "a string",
            }
            .into());
        }
    };
    let tail = node.strip_prefix("node_").unwrap_or("");
    if tail.is_empty()
        || !tail
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        let reason = "does not match ^node_[a-z0-9]{1,32}$".into();
        return Err(ParamError::Invalid {
            field: "node_id".into(),
            reason,
        }
        .into());
    }
    match body.get("port").map(Value::as_u64) {
        Some(Some(27017)) => return Err(BackendError::PortTaken(27017)),
        Some(Some(27000..=27999)) | None => {}
        Some(_) => {
            let reason = "must be in 27000-27999".into();
            return Err(ParamError::Invalid {
                field: "port".into(),
                reason,
            }
            .into());
        }
    }
    Ok(node)
}

impl Backend for Fake {
    fn template(&self, name: &str) -> Option<TemplateInfo> {
        let extra = match name {
            "mongodb" => Some(Permission::ManageMongodbInstances),
            "special" => Some(Permission::OrchestrateContainers),
            "redis" => None,
            _ => return None,
        };
        Some(TemplateInfo {
            name: name.into(),
            extra_permission: extra,
        })
    }

    async fn spawn(
        &self,
        template: &str,
        caller: &Caller,
        body: Map<String, Value>,
    ) -> Result<Spawned, BackendError> {
        self.call("spawn", true);
        if let Some((entered, permits)) = &self.hold {
            entered.notify_one();
            let _ = permits.acquire().await;
        }
        let node = validate(&body)?;
        if node == "node_fail" {
            return Err(BackendError::Engine("daemon: secret-engine-detail".into()));
        }
        if let Ok(existing) = self.clone_of(template, &node) {
            return match existing.params == body {
                true => Ok(Spawned {
                    clone: existing,
                    created: false,
                }),
                false => Err(BackendError::CloneExists),
            };
        }
        if lock(&self.clones)
            .keys()
            .filter(|k| k.0 == template)
            .count()
            >= CAP
        {
            return Err(BackendError::Limit(LimitKind::ClonesPerTemplate));
        }
        Ok(Spawned {
            clone: self.insert(template, &node, &caller.name, body),
            created: true,
        })
    }

    async fn request(
        &self,
        template: &str,
        caller: &Caller,
        body: Map<String, Value>,
    ) -> Result<PendingRequest, BackendError> {
        self.call("request", true);
        let node_id = validate(&body)?;
        let request = PendingRequest {
            id: format!("req-{}", lock(&self.requests).len() + 1),
            template: template.into(),
            node_id,
            requester: caller.name.clone(),
            created: SystemTime::UNIX_EPOCH,
        };
        lock(&self.requests).push(request.clone());
        Ok(request)
    }

    async fn list_clones(&self, template: &str) -> Result<Vec<CloneView>, BackendError> {
        self.call("list_clones", false);
        Ok(lock(&self.clones)
            .values()
            .filter(|c| c.template == template)
            .cloned()
            .collect())
    }

    async fn get_clone(&self, template: &str, node_id: &str) -> Result<CloneView, BackendError> {
        self.call("get_clone", false);
        self.clone_of(template, node_id)
    }

    async fn clone_health(
        &self,
        template: &str,
        node_id: &str,
    ) -> Result<CloneHealth, BackendError> {
        self.call("clone_health", false);
        let c = self.clone_of(template, node_id)?;
        Ok(CloneHealth {
            node_id: c.node_id,
            task_state: "running".into(),
            health: Some("healthy".into()),
            healthy: true,
        })
    }

    async fn delete_clone(
        &self,
        template: &str,
        node_id: &str,
        _purge: bool,
    ) -> Result<(), BackendError> {
        self.call("delete_clone", true);
        lock(&self.clones)
            .remove(&(template.to_owned(), node_id.to_owned()))
            .map(drop)
            .ok_or(BackendError::UnknownClone)
    }

    async fn spawned(&self) -> Result<Vec<ServiceView>, BackendError> {
        self.call("spawned", false);
        let ids: Vec<String> = lock(&self.clones)
            .values()
            .map(|c| c.service_id.clone())
            .collect();
        ids.iter().map(|id| self.service(id)).collect()
    }

    async fn service_status(&self, id: &str) -> Result<ServiceView, BackendError> {
        self.call("service_status", false);
        self.service(id)
    }

    async fn delete_service(&self, id: &str) -> Result<(), BackendError> {
        self.call("delete_service", true);
        let key = self.service(id).map(|s| (s.template, s.node_id))?;
        lock(&self.clones).remove(&key);
        Ok(())
    }

    async fn stop(&self, id: &str) -> Result<ServiceView, BackendError> {
        self.call("stop", true);
        self.service(id).map(|s| ServiceView {
            replicas: 0,
            running: 0,
            ..s
        })
    }

    async fn start(&self, id: &str) -> Result<ServiceView, BackendError> {
        self.call("start", true);
        self.service(id)
    }

    async fn restart(&self, id: &str) -> Result<ServiceView, BackendError> {
        self.call("restart", true);
        self.service(id)
    }

    async fn requests(&self) -> Result<Vec<PendingRequest>, BackendError> {
        self.call("requests", false);
        Ok(lock(&self.requests).clone())
    }

    async fn approve(&self, id: &str, _caller: &Caller) -> Result<Spawned, BackendError> {
        self.call("approve", true);
        let r = lock(&self.requests)
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or(BackendError::UnknownRequest)?;
        lock(&self.requests).retain(|x| x.id != id);
        Ok(Spawned {
            clone: self.insert(&r.template, &r.node_id, &r.requester, Map::new()),
            created: true,
        })
    }

    async fn reject(&self, id: &str, _caller: &Caller) -> Result<(), BackendError> {
        self.call("reject", true);
        let mut requests = lock(&self.requests);
        let before = requests.len();
        requests.retain(|x| x.id != id);
        if requests.len() == before {
            Err(BackendError::UnknownRequest)
        } else {
            Ok(())
        }
    }

    async fn audit(&self, query: AuditQuery) -> Result<Vec<AuditRecord>, BackendError> {
        self.call("audit", false);
        Ok(select(self.records(), query, SystemTime::now()))
    }

    async fn record_audit(&self, record: AuditRecord) -> Result<(), BackendError> {
        lock(&self.audit).push(record);
        Ok(())
    }
}
