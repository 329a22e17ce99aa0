//! Which targets an object belongs to, so a wake-up about one service or secret requeues only
//! the targets it concerns. Rebuilt from every complete listing of services.

use std::collections::{HashMap, HashSet};

use bollard::models::Service;

use crate::reconcile::targets::{Resolved, select};
use crate::swarm::names;
use crate::swarm::observe::{service_labels, service_name};

#[derive(Debug, Default, Clone)]
pub struct Index {
    by_service_name: HashMap<String, HashSet<String>>,
    by_service_id: HashMap<String, HashSet<String>>,
}

impl Index {
    pub fn build(resolved: &Resolved, services: &[Service]) -> Index {
        let mut index = Index::default();
        for target in resolved.targets.values() {
            if let Ok(Some(service)) = select(target, services) {
                index.add(service, &target.name);
            }
            for client in &target.clients {
                index
                    .by_service_name
                    .entry(client.service.clone())
                    .or_default()
                    .insert(target.name.clone());
            }
        }
        for service in services {
            if let Some(target) = service_labels(service)
                .filter(|l| names::is_managed(Some(l)))
                .and_then(|l| l.get(names::TARGET))
            {
                index.add(service, target);
            }
        }
        index
    }

    fn add(&mut self, service: &Service, target: &str) {
        if let Some(name) = service_name(service) {
            self.by_service_name
                .entry(name.to_string())
                .or_default()
                .insert(target.to_string());
        }
        if let Some(id) = &service.id {
            self.by_service_id
                .entry(id.clone())
                .or_default()
                .insert(target.to_string());
        }
    }

    /// The targets a service (by id or name) concerns; `None` when it is unknown.
    pub fn service(&self, id: &str, name: &str) -> Option<Vec<String>> {
        let mut targets: HashSet<&String> = HashSet::new();
        let by_id = self.by_service_id.get(id);
        let by_name = self.by_service_name.get(name);
        if by_id.is_none() && by_name.is_none() {
            return None;
        }
        targets.extend(by_id.into_iter().flatten());
        targets.extend(by_name.into_iter().flatten());
        Some(targets.into_iter().cloned().collect())
    }

    /// The targets of a service id (task polling only knows ids).
    pub fn service_id(&self, id: &str) -> Vec<String> {
        self.by_service_id
            .get(id)
            .map(|t| t.iter().cloned().collect())
            .unwrap_or_default()
    }
}
