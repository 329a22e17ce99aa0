//! The lease as it is kept on Swarm: the labels of one config object per instance (Docker
//! lets a config's labels, and nothing else of it, be updated, and every update must name the
//! object's `Version.Index`: a compare-and-swap). This file only turns the record into labels
//! and back; `elector.rs` decides what to write.

use std::collections::HashMap;
use std::time::Duration;

/// Who holds the lease (empty: nobody, it was given up), since which epoch, for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseRecord {
    /// The holder's identity (`host/pid/nonce`: a restarted process is a new holder).
    pub holder: String,
    /// Raised by one on every change of holder; every object the leader writes carries it.
    pub epoch: u64,
    /// How long the lease lasts after the holder's last renewal, as others count it.
    pub duration: Duration,
    /// Raised on every renewal, so that every renewal is a change others can see.
    pub renewals: u64,
}

const HOLDER: &str = "bosun.lease.holder";
const EPOCH: &str = "bosun.lease.epoch";
const DURATION_MS: &str = "bosun.lease.duration-ms";
const RENEWALS: &str = "bosun.lease.renewals";

impl LeaseRecord {
    /// The lease labels (the caller adds bosun's own: managed-by, instance, kind).
    pub fn to_labels(&self) -> HashMap<String, String> {
        HashMap::from([
            (HOLDER.to_owned(), self.holder.clone()),
            (EPOCH.to_owned(), self.epoch.to_string()),
            (
                DURATION_MS.to_owned(),
                self.duration.as_millis().to_string(),
            ),
            (RENEWALS.to_owned(), self.renewals.to_string()),
        ])
    }

    /// The record in `labels`; an error names the label that is missing or bad. A lease
    /// object that cannot be read is never taken over silently: the caller reports it.
    pub fn from_labels(labels: &HashMap<String, String>) -> Result<LeaseRecord, String> {
        let get = |key: &str| {
            labels
                .get(key)
                .ok_or_else(|| format!("the lease has no label {key}"))
        };
        let number = |key: &str| {
            get(key)?
                .parse::<u64>()
                .map_err(|_| format!("the lease's label {key} is not a number"))
        };
        Ok(LeaseRecord {
            holder: get(HOLDER)?.clone(),
            epoch: number(EPOCH)?,
            duration: Duration::from_millis(number(DURATION_MS)?),
            renewals: number(RENEWALS)?,
        })
    }

    /// Whether nobody holds it.
    pub fn is_free(&self) -> bool {
        self.holder.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_goes_through_its_labels_unchanged() {
        let record = LeaseRecord {
            holder: "lab1/7/abc".into(),
            epoch: 4,
            duration: Duration::from_secs(15),
            renewals: 12,
        };
        assert_eq!(LeaseRecord::from_labels(&record.to_labels()), Ok(record));
    }

    #[test]
    fn a_missing_or_bad_label_is_named() {
        let mut labels = LeaseRecord {
            holder: String::new(),
            epoch: 1,
            duration: Duration::from_secs(15),
            renewals: 0,
        }
        .to_labels();
        labels.insert(EPOCH.into(), "x".into());
        assert_eq!(
            LeaseRecord::from_labels(&labels),
            Err("the lease's label bosun.lease.epoch is not a number".into())
        );
        labels.remove(HOLDER);
        assert_eq!(
            LeaseRecord::from_labels(&labels),
            Err("the lease has no label bosun.lease.holder".into())
        );
    }
}
