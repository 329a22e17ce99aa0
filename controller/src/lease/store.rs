//! The lease on Swarm: one config per instance (`bosun-lease`, or `<instance>--lease`), whose labels
//! hold the record. Creating it can succeed only once (names are unique: a second create gets
//! 409); updating it names the `Version.Index` it was read at, and Swarm refuses an update out
//! of sequence. Those two are the only compare-and-swaps Docker offers, and the elector's writes
//! go through nothing else.

use std::collections::HashMap;
use std::future::Future;

use bollard::models::{Config, ConfigSpec};

use super::record::LeaseRecord;
use crate::model::names::Naming;
use crate::swarm::engine::{Engine, EngineError, Failure};

/// `bosun.kind` of the lease config.
pub const KIND: &str = "lease";

/// What a look at the lease found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: String,
    pub version: u64,
    pub record: LeaseRecord,
}

/// Why a write did not take.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Someone else wrote first (a create of an existing name, an update out of sequence):
    /// this write did not land.
    #[error("another controller wrote the lease first")]
    Lost,
    /// This write landed, and another came right after it (the read-back shows theirs).
    #[error("another controller wrote the lease right after this write")]
    Superseded,
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("the lease object is unreadable: {0}")]
    Unreadable(String),
}

/// The lease config of one instance.
#[derive(Clone)]
pub struct LeaseStore {
    engine: Engine,
    instance: String,
    name: String,
}

impl LeaseStore {
    pub fn new(engine: Engine, instance: &str) -> LeaseStore {
        LeaseStore {
            engine,
            instance: instance.to_owned(),
            name: Naming::new(instance).lease_config(),
        }
    }

    /// The lease as it is now: `None` when there is no lease config yet.
    pub async fn read(&self) -> Result<Option<Found>, WriteError> {
        match self.engine.inspect_config(&self.name).await {
            Ok(config) => found(config).map(Some),
            Err(e) if e.failure() == Failure::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Creates the lease with `record`; [`WriteError::Lost`] when it exists already.
    pub async fn create(&self, record: &LeaseRecord) -> Result<Found, WriteError> {
        let spec = ConfigSpec {
            name: Some(self.name.clone()),
            labels: Some(self.labels(record)),
            // a config must hold data; the lease is all in the labels
            data: Some(base64_of(b"bosun controller lease\n")),
            ..Default::default()
        };
        match self.engine.create_config(spec).await {
            Ok(_) => self.read_back(record).await,
            Err(e) if e.failure() == Failure::Conflict => Err(WriteError::Lost),
            Err(e) => Err(e.into()),
        }
    }

    /// Swaps `record` in over `found`'s version; [`WriteError::Lost`] when it changed since.
    pub async fn swap(&self, found: &Found, record: &LeaseRecord) -> Result<Found, WriteError> {
        let current = self.engine.inspect_config(&found.id).await?;
        let mut spec = current.spec.unwrap_or_default();
        spec.labels = Some(self.labels(record));
        match self
            .engine
            .update_config(&found.id, found.version, spec)
            .await
        {
            Ok(()) => self.read_back(record).await,
            Err(e) if e.failure() == Failure::OutOfSequence => Err(WriteError::Lost),
            Err(e) => Err(e.into()),
        }
    }

    /// The lease after our write: ours, at its new version, unless someone wrote after us.
    async fn read_back(&self, record: &LeaseRecord) -> Result<Found, WriteError> {
        match self.read().await? {
            Some(f) if &f.record == record => Ok(f),
            _ => Err(WriteError::Superseded),
        }
    }

    fn labels(&self, record: &LeaseRecord) -> HashMap<String, String> {
        let mut labels = Naming::new(&self.instance).instance_labels(KIND);
        labels.extend(record.to_labels());
        labels
    }
}

/// The two calls that giving the lease up makes (`release.rs`), so that its retries can be
/// tested over a scripted lease as well as run over Swarm.
pub trait LeaseIo {
    fn read(&self) -> impl Future<Output = Result<Option<Found>, WriteError>> + Send;
    fn swap(
        &self,
        found: &Found,
        record: &LeaseRecord,
    ) -> impl Future<Output = Result<Found, WriteError>> + Send;
}

impl LeaseIo for LeaseStore {
    fn read(&self) -> impl Future<Output = Result<Option<Found>, WriteError>> + Send {
        LeaseStore::read(self)
    }

    fn swap(
        &self,
        found: &Found,
        record: &LeaseRecord,
    ) -> impl Future<Output = Result<Found, WriteError>> + Send {
        LeaseStore::swap(self, found, record)
    }
}

/// The record and version of a lease config.
fn found(config: Config) -> Result<Found, WriteError> {
    let id = config.id.unwrap_or_default();
    let version = config
        .version
        .and_then(|v| v.index)
        .ok_or_else(|| WriteError::Unreadable("it has no version".into()))?;
    let labels = config.spec.and_then(|s| s.labels).unwrap_or_default();
    let record = LeaseRecord::from_labels(&labels).map_err(WriteError::Unreadable)?;
    Ok(Found {
        id,
        version,
        record,
    })
}

fn base64_of(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}
