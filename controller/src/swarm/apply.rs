//! Carries out a plan's actions against the Engine API, in order.
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
use bollard::models::{SecretSpec, Service, ServiceSpec};

use super::engine::{Engine, EngineError, Failure};
use super::names;
use super::observe::{Snapshot, secret_name};
use crate::reconcile::plan::Action;
use crate::reconcile::proxy_spec::{ProxySpec, secret_file};

/// How many times an update is re-read and retried when Swarm says it is out of sequence.
const OUT_OF_SEQUENCE_RETRIES: usize = 5;

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("{0}")]
    Other(String),
}

/// What a plan changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub writes: usize,
}

/// Runs `actions` in order; stops at the first failure.
pub async fn apply(
    engine: &Engine,
    snap: &Snapshot,
    actions: &[Action],
) -> Result<Applied, ApplyError> {
    let mut secret_ids: HashMap<String, String> = snap
        .secrets
        .iter()
        .filter_map(|s| Some((secret_name(s)?.to_string(), s.id.clone()?)))
        .collect();
    let mut applied = Applied::default();
    for action in actions {
        run(engine, snap, &mut secret_ids, action).await?;
        applied.writes += 1;
    }
    Ok(applied)
}

async fn run(
    engine: &Engine,
    snap: &Snapshot,
    secret_ids: &mut HashMap<String, String>,
    action: &Action,
) -> Result<(), ApplyError> {
    match action {
        Action::CreateClientKey { target, version } => {
            let key = generate(&format!("bosun-{target}-client-v{version}"))?;
            let mut labels = names::base_labels(target, names::KIND_CLIENT_KEY);
            labels.insert(names::KEY_VERSION.into(), version.to_string());
            labels.insert(names::PUBLIC_KEY.into(), key.public.clone());
            let name = names::client_key_secret(target, *version);
            create_secret(engine, secret_ids, &name, labels, &key.private).await?;
            create_authorized_keys(engine, secret_ids, target, *version, &key.public).await
        }
        Action::CreateAuthorizedKeys {
            target,
            version,
            public_key,
        } => create_authorized_keys(engine, secret_ids, target, *version, public_key).await,
        Action::CreateHostKey {
            target,
            node_id,
            version,
        } => {
            let name = names::host_key_secret(target, node_id, *version);
            let key = generate(&names::proxy_service(target, node_id))?;
            let mut labels = names::base_labels(target, names::KIND_HOST_KEY);
            labels.insert(names::KEY_VERSION.into(), version.to_string());
            labels.insert(names::NODE.into(), node_id.clone());
            labels.insert(names::PUBLIC_KEY.into(), key.public.clone());
            create_secret(engine, secret_ids, &name, labels, &key.private).await
        }
        Action::CreateProxy(spec) => {
            let full = spec
                .write_onto(ServiceSpec::default(), |n| secret_ids.get(n).cloned())
                .map_err(ApplyError::Other)?;
            match engine.create_service(full).await {
                Ok(_) => Ok(()),
                Err(e) if e.failure() == Failure::Conflict => Ok(()),
                Err(e) => Err(e.into()),
            }
        }
        Action::UpdateProxy { id, spec } => update_proxy(engine, snap, secret_ids, id, spec).await,
        Action::AttachClientKey {
            service_id,
            service,
            target,
            secret,
            key_path,
        } => {
            let secret_id = secret_ids.get(secret).cloned().ok_or_else(|| {
                ApplyError::Other(format!("secret {secret} does not exist (yet)"))
            })?;
            let other_versions: Vec<String> = snap
                .managed_secrets(target, names::KIND_CLIENT_KEY)
                .filter_map(secret_name)
                .filter(|n| *n != secret)
                .map(str::to_string)
                .collect();
            modify_service(engine, snap, service_id, service, |spec| {
                let container = spec
                    .task_template
                    .get_or_insert_with(Default::default)
                    .container_spec
                    .get_or_insert_with(Default::default);
                let refs = container.secrets.get_or_insert_with(Vec::new);
                refs.retain(|r| {
                    let name = r.secret_name.as_deref().unwrap_or_default();
                    name != secret && !other_versions.iter().any(|o| o == name)
                });
                refs.push(bollard::models::TaskSpecContainerSpecSecrets {
                    file: Some(secret_file(key_path)),
                    secret_id: Some(secret_id.clone()),
                    secret_name: Some(secret.clone()),
                });
                Ok(())
            })
            .await
        }
        Action::DetachSecrets {
            service_id,
            service,
            secret_names,
        } => {
            modify_service(engine, snap, service_id, service, |spec| {
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
        Action::RemoveService { id, name } => match engine.remove_service(id, name).await {
            Err(e) if e.failure() != Failure::NotFound => Err(e.into()),
            _ => Ok(()),
        },
        Action::RemoveSecret { id, name } => match engine.remove_secret(id, name).await {
            Err(e) if e.failure() != Failure::NotFound => Err(e.into()),
            _ => Ok(()),
        },
    }
}

struct KeyText {
    private: String,
    public: String,
}

fn generate(comment: &str) -> Result<KeyText, ApplyError> {
    let key = bosun::keys::generate(comment)
        .map_err(|e| ApplyError::Other(format!("generating a key: {e}")))?;
    let private = bosun::keys::private_openssh(&key)
        .map_err(|e| ApplyError::Other(format!("encoding a key: {e}")))?;
    let public = bosun::keys::public_openssh(key.public_key())
        .map_err(|e| ApplyError::Other(format!("encoding a key: {e}")))?;
    Ok(KeyText { private, public })
}

async fn create_authorized_keys(
    engine: &Engine,
    secret_ids: &mut HashMap<String, String>,
    target: &str,
    version: u32,
    public_key: &str,
) -> Result<(), ApplyError> {
    let mut labels = names::base_labels(target, names::KIND_AUTHORIZED_KEYS);
    labels.insert(names::KEY_VERSION.into(), version.to_string());
    let name = names::authorized_keys_secret(target, version);
    create_secret(
        engine,
        secret_ids,
        &name,
        labels,
        &format!("{public_key}\n"),
    )
    .await
}

async fn create_secret(
    engine: &Engine,
    secret_ids: &mut HashMap<String, String>,
    name: &str,
    labels: HashMap<String, String>,
    data: &str,
) -> Result<(), ApplyError> {
    let spec = SecretSpec {
        name: Some(name.to_string()),
        labels: Some(labels),
        data: Some(STANDARD.encode(data)),
        ..Default::default()
    };
    match engine.create_secret(spec).await {
        Ok(id) => {
            secret_ids.insert(name.to_string(), id);
            Ok(())
        }
        Err(e) if e.failure() == Failure::Conflict => Ok(()),
        Err(e) => Err(e.into()),
    }
}

async fn update_proxy(
    engine: &Engine,
    snap: &Snapshot,
    secret_ids: &HashMap<String, String>,
    id: &str,
    spec: &ProxySpec,
) -> Result<(), ApplyError> {
    modify_service(engine, snap, id, &spec.name, |current| {
        *current = spec.write_onto(std::mem::take(current), |n| secret_ids.get(n).cloned())?;
        Ok(())
    })
    .await
}

/// Read-modify-write of a whole service spec at its current version, starting from the
/// snapshot's copy and re-reading it when Swarm says the update is out of sequence.
async fn modify_service(
    engine: &Engine,
    snap: &Snapshot,
    id: &str,
    name: &str,
    mut change: impl FnMut(&mut ServiceSpec) -> Result<(), String>,
) -> Result<(), ApplyError> {
    let mut current: Option<Service> = snap
        .services
        .iter()
        .find(|s| s.id.as_deref() == Some(id))
        .cloned();
    for _ in 0..=OUT_OF_SEQUENCE_RETRIES {
        let service = match current.take() {
            Some(s) => s,
            None => engine.inspect_service(id).await?,
        };
        let version = service
            .version
            .as_ref()
            .and_then(|v| v.index)
            .ok_or_else(|| ApplyError::Other(format!("service {name} has no version")))?;
        let mut spec = service.spec.unwrap_or_default();
        // A change that cannot be made writes nothing.
        change(&mut spec).map_err(ApplyError::Other)?;
        match engine.update_service(id, name, spec, version).await {
            Ok(()) => return Ok(()),
            Err(e) if e.failure() == Failure::OutOfSequence => {
                tracing::debug!(service = name, "update out of sequence; reading it again");
                continue;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApplyError::Other(format!(
        "service {name}: still out of sequence after {OUT_OF_SEQUENCE_RETRIES} re-reads"
    )))
}
