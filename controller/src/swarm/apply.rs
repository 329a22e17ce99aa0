//! Carries out a plan's changes against the Engine API, in order.
//!
//! * Creates are idempotent by name: a 409 means the object is already there (a crash between
//!   a create and its next reconcile leaves it behind), which is success.
//! * Service updates are read-modify-write of the whole current spec at its `Version.Index`;
//!   on "update out of sequence" the service is read again and the change re-applied.
//! * Removals treat 404 as done. A secret still in use is an error: the target is requeued
//!   and the next reconcile sees who holds it.
//!
//! Keys are generated here (the only non-pure part of a plan): ED25519, the private half only
//! ever in a secret, the public half in the `bosun.public-key` label.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bollard::models::{
    ConfigSpec, SecretSpec, Service, ServiceSpec, TaskSpecContainerSpecConfigs,
    TaskSpecContainerSpecFile, TaskSpecContainerSpecFile1,
};

use super::engine::{Engine, EngineError, Failure};
use crate::model::names;
use crate::model::snapshot::{Snapshot, secret_name};
use crate::reconcile::change::Change;
use crate::reconcile::proxy_spec::{MissingSecret, ProxySpec, owned_secret_file};

/// How many times an update is re-read and retried when Swarm says it is out of sequence.
const OUT_OF_SEQUENCE_RETRIES: usize = 5;

/// Why a change could not be made; each kind is one the caller may tell apart.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// An Engine API call failed ([`EngineError::failure`] says how).
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// A secret the change mounts is not there (yet).
    #[error(transparent)]
    MissingSecret(#[from] MissingSecret),
    /// Swarm kept saying the service update was out of sequence.
    #[error("service {service}: still out of sequence after {retries} re-reads")]
    Conflict { service: String, retries: usize },
    /// The service Swarm returned carries no version to update at.
    #[error("service {service} has no version")]
    Invalid { service: String },
    /// A secret of the name a key needs exists and is not that key (`label` differs).
    #[error(
        "secret {name} exists and is not the key it is named for ({label} differs): rename or remove it"
    )]
    NameTaken { name: String, label: String },
    /// The secret Swarm returned carries no version to update at.
    #[error("secret {secret} has no version")]
    InvalidSecret { secret: String },
    /// A new key could not be made (`step`: generating or encoding).
    #[error("{step} a key: {message}")]
    Key { step: &'static str, message: String },
}

/// Runs `changes` in order; stops at the first failure.
pub async fn apply(engine: &Engine, snap: &Snapshot, changes: &[Change]) -> Result<(), ApplyError> {
    let secret_ids = snap
        .secrets
        .iter()
        .filter_map(|s| Some((secret_name(s)?.to_string(), s.id.clone()?)))
        .collect();
    let config_ids = snap
        .trust_configs
        .iter()
        .filter_map(|c| Some((c.spec.as_ref()?.name.clone()?, c.id.clone()?)))
        .collect();
    let mut applier = Applier {
        engine,
        snap,
        secret_ids,
        config_ids,
    };
    for change in changes {
        applier.run(change).await?;
    }
    Ok(())
}

/// What the changes of one plan share: the snapshot they were planned from, and the ids of
/// the secrets that exist (those created on the way included).
struct Applier<'a> {
    engine: &'a Engine,
    snap: &'a Snapshot,
    secret_ids: HashMap<String, String>,
    /// The ids of the trust file configs, by name (those made on the way included).
    config_ids: HashMap<String, String>,
}

/// What [`Applier::attach_client_key`] mounts: the key secret at its file, and the trust file.
struct KeyMount<'a> {
    secret: &'a str,
    file: TaskSpecContainerSpecFile,
    trust: Option<&'a str>,
}

impl Applier<'_> {
    async fn run(&mut self, change: &Change) -> Result<(), ApplyError> {
        match change {
            Change::CreateClientKey {
                target,
                client,
                version,
            } => self.create_client_key(target, client, *version).await,
            Change::CreateAuthorizedKeys {
                target,
                version,
                content,
                digest,
            } => {
                self.create_authorized_keys(target, *version, content, digest)
                    .await
            }
            Change::CreateHostKey {
                target,
                node_id,
                version,
            } => self.create_host_key(target, node_id, *version).await,
            Change::CreateProxy(spec) => self.create_proxy(spec).await,
            Change::CreateSigningKey { version } => self.create_signing_key(*version).await,
            Change::MountSigningKeys {
                service_id,
                service,
                dir,
                keys,
                since_ms,
            } => {
                self.mount_signing_keys(service_id, service, dir, keys, *since_ms)
                    .await
            }
            Change::UpdateProxy {
                id,
                spec,
                absent_since,
                ..
            } => self.update_proxy(id, spec, *absent_since).await,
            Change::RestartProxy { id, name, .. } => self.force_update(id, name).await,
            Change::MarkAbsent { id, name, since_ms } => {
                self.mark_absent(id, name, *since_ms).await
            }
            Change::AttachClientKey {
                service_id,
                service,
                target,
                secret,
                key_path,
                access,
                trust,
            } => {
                let mount = KeyMount {
                    secret,
                    file: owned_secret_file(key_path, access.uid, access.gid, access.mode),
                    trust: trust.as_deref(),
                };
                self.attach_client_key(service_id, service, target, &mount)
                    .await
            }
            Change::CreateTrustConfig {
                name,
                content,
                digest,
            } => self.create_trust_config(name, content, digest).await,
            Change::DetachSecrets {
                service_id,
                service,
                secret_names,
            } => self.detach_secrets(service_id, service, secret_names).await,
            Change::LabelKey {
                id, name, labels, ..
            } => self.label_key(id, name, labels).await,
            Change::RemoveConfig { id, name } => {
                already(self.engine.remove_config(id, name).await, Failure::NotFound)
            }
            Change::RemoveService { id, name } => already(
                self.engine.remove_service(id, name).await,
                Failure::NotFound,
            ),
            Change::RemoveSecret { id, name } => {
                already(self.engine.remove_secret(id, name).await, Failure::NotFound)
            }
        }
    }

    /// A keypair of (target, client): private half and public label in one secret, so a crash
    /// can never leave one without the other. A 409 (made by a crashed run) is success: the
    /// planner reads the public half from the label of the one that was stored.
    async fn create_client_key(
        &mut self,
        target: &str,
        client: &str,
        version: u32,
    ) -> Result<(), ApplyError> {
        let naming = self.snap.naming();
        let name = naming.client_key_secret(target, client, version);
        let key = generate(&format!("{client}/v{version}"))?;
        let mut labels = naming.labels(target, names::KIND_CLIENT_KEY);
        labels.insert(names::CLIENT.into(), client.to_string());
        labels.insert(names::KEY_VERSION.into(), version.to_string());
        labels.insert(names::PUBLIC_KEY.into(), key.public.clone());
        self.create_secret(&name, labels, &key.private)
            .await
            .map(|_| ())
    }

    /// A record signing key: private half and public label in one secret, as every key.
    async fn create_signing_key(&mut self, version: u32) -> Result<(), ApplyError> {
        let naming = self.snap.naming();
        let name = naming.signing_key_secret(version);
        let key = generate(&format!("bosun-discovery-signing/v{version}"))?;
        let mut labels = naming.instance_labels(names::KIND_SIGNING_KEY);
        labels.insert(names::KEY_VERSION.into(), version.to_string());
        labels.insert(names::PUBLIC_KEY.into(), key.public.clone());
        self.create_secret(&name, labels, &key.private)
            .await
            .map(|_| ())
    }

    /// The controller's own service: its signing key files under `dir` become exactly `keys`
    /// (each `<dir>/v<N>`, read by root alone), labelled with since when, in one update.
    async fn mount_signing_keys(
        &self,
        service_id: &str,
        service: &str,
        dir: &str,
        keys: &[(u32, String, String)],
        since_ms: u64,
    ) -> Result<(), ApplyError> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        self.modify_service(service_id, service, |spec| {
            spec.labels
                .get_or_insert_with(Default::default)
                .insert(names::SIGNING_SINCE.into(), since_ms.to_string());
            let refs = spec
                .task_template
                .get_or_insert_with(Default::default)
                .container_spec
                .get_or_insert_with(Default::default)
                .secrets
                .get_or_insert_with(Vec::new);
            refs.retain(|r| {
                !r.file
                    .as_ref()
                    .and_then(|f| f.name.as_deref())
                    .is_some_and(|n| n.starts_with(&prefix))
            });
            for (version, name, id) in keys {
                refs.push(bollard::models::TaskSpecContainerSpecSecrets {
                    file: Some(owned_secret_file(
                        &format!("{prefix}v{version}"),
                        0,
                        0,
                        0o400,
                    )),
                    secret_id: Some(id.clone()),
                    secret_name: Some(name.clone()),
                });
            }
            Ok(())
        })
        .await
    }

    async fn create_authorized_keys(
        &mut self,
        target: &str,
        version: u32,
        content: &str,
        digest: &str,
    ) -> Result<(), ApplyError> {
        let naming = self.snap.naming();
        let mut labels = naming.labels(target, names::KIND_AUTHORIZED_KEYS);
        labels.insert(names::KEY_VERSION.into(), version.to_string());
        labels.insert(names::KEYS_DIGEST.into(), digest.to_string());
        let name = naming.authorized_keys_secret(target, version);
        // Docker refuses an empty secret; a comment line authorizes nobody
        let content = if content.is_empty() {
            "# no client is authorized\n"
        } else {
            content
        };
        self.create_secret(&name, labels, content).await.map(|_| ())
    }

    /// Sets `labels` on a key secret (Swarm lets nothing else of a secret change), read at its
    /// current version; out of sequence, it is read again.
    async fn label_key(
        &self,
        id: &str,
        name: &str,
        labels: &std::collections::BTreeMap<String, String>,
    ) -> Result<(), ApplyError> {
        for _ in 0..=OUT_OF_SEQUENCE_RETRIES {
            let secret = self.engine.inspect_secret(id).await?;
            let version = secret
                .version
                .as_ref()
                .and_then(|v| v.index)
                .ok_or_else(|| ApplyError::InvalidSecret {
                    secret: name.to_string(),
                })?;
            let mut spec = secret.spec.unwrap_or_default();
            let current = spec.labels.get_or_insert_with(Default::default);
            current.extend(labels.iter().map(|(k, v)| (k.clone(), v.clone())));
            match self.engine.update_secret_labels(id, version, spec).await {
                Ok(()) => return Ok(()),
                Err(e) if e.failure() == Failure::OutOfSequence => {}
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApplyError::Conflict {
            service: name.to_string(),
            retries: OUT_OF_SEQUENCE_RETRIES,
        })
    }

    async fn create_host_key(
        &mut self,
        target: &str,
        node_id: &str,
        version: u32,
    ) -> Result<(), ApplyError> {
        let naming = self.snap.naming();
        let name = naming.host_key_secret(target, node_id, version);
        let key = generate(&naming.proxy_service(target, node_id))?;
        let mut labels = naming.labels(target, names::KIND_HOST_KEY);
        labels.insert(names::KEY_VERSION.into(), version.to_string());
        labels.insert(names::NODE.into(), node_id.to_string());
        labels.insert(names::PUBLIC_KEY.into(), key.public.clone());
        self.create_secret(&name, labels, &key.private)
            .await
            .map(|_| ())
    }

    async fn create_secret(
        &mut self,
        name: &str,
        labels: HashMap<String, String>,
        data: &str,
    ) -> Result<Created, ApplyError> {
        let spec = SecretSpec {
            name: Some(name.to_string()),
            labels: Some(labels.clone()),
            data: Some(STANDARD.encode(data)),
            ..Default::default()
        };
        match self.engine.create_secret(spec).await {
            Ok(id) => {
                self.secret_ids.insert(name.to_string(), id);
                Ok(Created::New)
            }
            Err(e) if e.failure() == Failure::Conflict => {
                self.same_key(name, &labels).await?;
                Ok(Created::Existed)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// A secret called `name` exists already: success only if it is the very key this create
    /// was for (a crashed run made it), by the labels that say whose key it is. Another
    /// object with that name (a client called `key` next to an older bosun's shared key, or a
    /// secret made by hand) is an error, never adopted.
    async fn same_key(
        &mut self,
        name: &str,
        wanted: &HashMap<String, String>,
    ) -> Result<(), ApplyError> {
        let found = self.engine.inspect_secret(name).await?;
        let labels = found.spec.and_then(|s| s.labels).unwrap_or_default();
        let whose = [
            names::MANAGED_BY,
            names::INSTANCE,
            names::KIND,
            names::TARGET,
            names::CLIENT,
            names::NODE,
            names::KEY_VERSION,
        ];
        let differs = whose.iter().find(|k| wanted.get(**k) != labels.get(**k));
        match differs {
            None => {
                if let Some(id) = found.id {
                    self.secret_ids.insert(name.to_string(), id);
                }
                Ok(())
            }
            Some(label) => Err(ApplyError::NameTaken {
                name: name.to_string(),
                label: (*label).to_string(),
            }),
        }
    }

    async fn create_proxy(&self, spec: &ProxySpec) -> Result<(), ApplyError> {
        let full = spec.write_onto(ServiceSpec::default(), |n| self.secret_ids.get(n).cloned())?;
        let created = self.engine.create_service(full).await.map(|_| ());
        already(created, Failure::Conflict)
    }

    async fn update_proxy(
        &self,
        id: &str,
        spec: &ProxySpec,
        absent_since: Option<u64>,
    ) -> Result<(), ApplyError> {
        self.modify_service(id, &spec.name, |current| {
            let base = std::mem::take(current);
            *current = spec.write_onto(base, |n| self.secret_ids.get(n).cloned())?;
            if let Some(since) = absent_since {
                current
                    .labels
                    .get_or_insert_with(Default::default)
                    .insert(names::ABSENT_SINCE.into(), since.to_string());
            }
            Ok(())
        })
        .await
    }

    /// A forced update (`ForceUpdate` + 1): Swarm replaces the service's tasks, nothing else of
    /// it changes.
    async fn force_update(&self, id: &str, name: &str) -> Result<(), ApplyError> {
        self.modify_service(id, name, |spec| {
            let task = spec.task_template.get_or_insert_with(Default::default);
            task.force_update = Some(task.force_update.unwrap_or(0).wrapping_add(1));
            Ok(())
        })
        .await
    }

    /// Writes `bosun.absent-since` on a proxy (a service label: its tasks are not restarted).
    async fn mark_absent(&self, id: &str, name: &str, since_ms: u64) -> Result<(), ApplyError> {
        self.modify_service(id, name, |spec| {
            spec.labels
                .get_or_insert_with(Default::default)
                .insert(names::ABSENT_SINCE.into(), since_ms.to_string());
            Ok(())
        })
        .await
    }

    /// Mounts a client's key in its service, dropping the target's other client keys there,
    /// and the trust file with it (in place of any other version of it).
    async fn attach_client_key(
        &self,
        service_id: &str,
        service: &str,
        target: &str,
        mount: &KeyMount<'_>,
    ) -> Result<(), ApplyError> {
        let secret = mount.secret;
        let secret_id = self
            .secret_ids
            .get(secret)
            .cloned()
            .ok_or_else(|| MissingSecret(secret.to_string()))?;
        let trust = match mount.trust {
            Some(name) => Some((name, self.config_id(name).await?)),
            None => None,
        };
        let other_versions: Vec<&str> = self
            .snap
            .managed_secrets(target, names::KIND_CLIENT_KEY)
            .filter_map(secret_name)
            .filter(|n| *n != secret)
            .collect();
        let naming = self.snap.naming();
        self.modify_service(service_id, service, |spec| {
            let container = spec
                .task_template
                .get_or_insert_with(Default::default)
                .container_spec
                .get_or_insert_with(Default::default);
            let refs = container.secrets.get_or_insert_with(Vec::new);
            refs.retain(|r| {
                let name = r.secret_name.as_deref().unwrap_or_default();
                name != secret && !other_versions.contains(&name)
            });
            refs.push(bollard::models::TaskSpecContainerSpecSecrets {
                file: Some(mount.file.clone()),
                secret_id: Some(secret_id.clone()),
                secret_name: Some(secret.to_string()),
            });
            if let Some((name, id)) = &trust {
                let configs = container.configs.get_or_insert_with(Vec::new);
                configs.retain(|c| {
                    !c.config_name
                        .as_deref()
                        .is_some_and(|n| naming.is_discovery_keys_config(n))
                });
                configs.push(TaskSpecContainerSpecConfigs {
                    file: Some(TaskSpecContainerSpecFile1 {
                        name: Some(names::DISCOVERY_KEYS_FILE.to_string()),
                        uid: Some("0".into()),
                        gid: Some("0".into()),
                        mode: Some(0o444),
                    }),
                    config_id: Some(id.clone()),
                    config_name: Some((*name).to_string()),
                    ..Default::default()
                });
            }
            Ok(())
        })
        .await
    }

    /// The trust file config: public keys only, so a config (readable by anyone who can read
    /// the swarm's configs) is the right place. A 409 means it is there already.
    async fn create_trust_config(
        &mut self,
        name: &str,
        content: &str,
        digest: &str,
    ) -> Result<(), ApplyError> {
        let mut labels = self
            .snap
            .naming()
            .instance_labels(names::KIND_DISCOVERY_KEYS);
        labels.insert(names::KEYS_DIGEST.into(), digest.to_string());
        let spec = ConfigSpec {
            name: Some(name.to_string()),
            labels: Some(labels),
            data: Some(STANDARD.encode(content)),
            ..Default::default()
        };
        match self.engine.create_config(spec).await {
            Ok(id) => {
                self.config_ids.insert(name.to_string(), id);
                Ok(())
            }
            Err(e) if e.failure() == Failure::Conflict => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The id of config `name`: made in this apply, listed in the snapshot, or inspected.
    async fn config_id(&self, name: &str) -> Result<String, ApplyError> {
        if let Some(id) = self.config_ids.get(name) {
            return Ok(id.clone());
        }
        let config = self.engine.inspect_config(name).await?;
        Ok(config.id.unwrap_or_default())
    }

    async fn detach_secrets(
        &self,
        service_id: &str,
        service: &str,
        secret_names: &[String],
    ) -> Result<(), ApplyError> {
        self.modify_service(service_id, service, |spec| {
            if let Some(refs) = spec
                .task_template
                .as_mut()
                .and_then(|t| t.container_spec.as_mut())
                .and_then(|c| c.secrets.as_mut())
            {
                refs.retain(|r| {
                    !r.secret_name
                        .as_deref()
                        .is_some_and(|n| secret_names.iter().any(|s| s == n))
                });
            }
            Ok(())
        })
        .await
    }

    /// Read-modify-write of a whole service spec at its current version, starting from the
    /// snapshot's copy and re-reading it when Swarm says the update is out of sequence.
    async fn modify_service(
        &self,
        id: &str,
        name: &str,
        mut change: impl FnMut(&mut ServiceSpec) -> Result<(), MissingSecret>,
    ) -> Result<(), ApplyError> {
        let mut current: Option<Service> = self
            .snap
            .services
            .iter()
            .find(|s| s.id.as_deref() == Some(id))
            .cloned();
        for _ in 0..=OUT_OF_SEQUENCE_RETRIES {
            let service = match current.take() {
                Some(s) => s,
                None => self.engine.inspect_service(id).await?,
            };
            let version = service
                .version
                .as_ref()
                .and_then(|v| v.index)
                .ok_or_else(|| ApplyError::Invalid {
                    service: name.to_string(),
                })?;
            let mut spec = service.spec.unwrap_or_default();
            // A change that cannot be made writes nothing.
            change(&mut spec)?;
            match self.engine.update_service(id, name, spec, version).await {
                Ok(()) => return Ok(()),
                Err(e) if e.failure() == Failure::OutOfSequence => {
                    tracing::debug!(service = name, "update out of sequence; reading it again");
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(ApplyError::Conflict {
            service: name.to_string(),
            retries: OUT_OF_SEQUENCE_RETRIES,
        })
    }
}

/// A failure that means the change is made already (a 409 on a create, a 404 on a remove)
/// is success.
fn already(result: Result<(), EngineError>, done: Failure) -> Result<(), ApplyError> {
    match result {
        Err(e) if e.failure() != done => Err(e.into()),
        _ => Ok(()),
    }
}

/// Whether a create made the object, or found it made (a 409).
enum Created {
    New,
    Existed,
}

struct KeyText {
    private: String,
    public: String,
}

fn generate(comment: &str) -> Result<KeyText, ApplyError> {
    let failed = |step| {
        move |e: bosun_core::keys::KeyError| ApplyError::Key {
            step,
            message: e.to_string(),
        }
    };
    let key = bosun_core::keys::generate(comment).map_err(failed("generating"))?;
    let private = bosun_core::keys::private_openssh(&key).map_err(failed("encoding"))?;
    let public = bosun_core::keys::public_openssh(key.public_key()).map_err(failed("encoding"))?;
    Ok(KeyText { private, public })
}
