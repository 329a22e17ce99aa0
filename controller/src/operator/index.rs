//! Which targets an object belongs to, so a wake-up about one service or secret requeues only
//! the targets it concerns (`super::wakeups`). Rebuilt from every full resync's listing.

use std::collections::{HashMap, HashSet};

use bollard::models::{Secret, Service};

use crate::model::names;
use crate::model::snapshot::{secret_labels, secret_name, service_labels, service_name};
use crate::reconcile::targets::{Resolved, select};

#[derive(Debug, Default, Clone)]
pub struct Index {
    by_service_name: HashMap<String, HashSet<String>>,
    by_service_id: HashMap<String, HashSet<String>>,
    /// bosun's secrets by name → their target.
    by_secret_name: HashMap<String, String>,
}

impl Index {
    pub fn build(resolved: &Resolved, services: &[Service], secrets: &[Secret]) -> Index {
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
        for secret in secrets {
            let labels = secret_labels(secret);
            if let (true, Some(name), Some(target)) = (
                names::is_managed(labels),
                secret_name(secret),
                labels.and_then(|l| l.get(names::TARGET)),
            ) {
                index
                    .by_secret_name
                    .insert(name.to_string(), target.clone());
            }
        }
        index
    }

    /// The target of one of bosun's secrets (none for a secret that is not bosun's).
    pub fn secret(&self, name: &str) -> Option<String> {
        self.by_secret_name.get(name).cloned()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::targets::resolve;
    use crate::reconcile::tests::{N2, config, converged};

    #[test]
    fn objects_lead_to_their_target_and_others_to_none() {
        let snap = converged(N2);
        let index = Index::build(
            &resolve(&config(), &snap.services),
            &snap.services,
            &snap.secrets,
        );
        let nextcloud = Some(vec!["nextcloud".to_string()]);
        // the target's service, its client (by name) and its proxy (by label)
        assert_eq!(index.service("svc-nc", "nextcloud"), nextcloud);
        assert_eq!(index.service("unknown-id", "app"), nextcloud);
        assert_eq!(index.service_id("svc-proxy"), ["nextcloud"]);
        assert_eq!(index.service("svc-x", "someone-else"), None);
        assert_eq!(
            index.secret("bosun-nextcloud-client-app-v1").as_deref(),
            Some("nextcloud")
        );
        assert_eq!(index.secret("bosun-nextcloud-client-app-v9"), None);
    }
}
