//! An audit batch: the unit the audit is stored in. One Docker config holds the records of one
//! batch as JSON lines (one [`AuditRecord`] per line, oldest first), named
//! `<prefix>-audit-<first ms>-<seq>` and labelled with the instance, `bosun.kind=audit`, the
//! times of its oldest and newest records (`bosun.audit-first`, `bosun.audit-last`, Unix
//! milliseconds) and how many it holds (`bosun.audit-count`). The labels say everything the
//! pruner and a query's choice of batches need, so only the batches a query wants are read.
//!
//! Pure: lines, packing them into batches that fit, the labels written and read back, and the
//! data decoded. The Engine calls are in `store.rs`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::time::{SystemTime, UNIX_EPOCH};

use bollard::models::Config;

use crate::model::names::{self, Naming};
use crate::orchestration::api::audit::AuditRecord;

/// The `bosun.kind` of an audit batch.
pub const KIND_AUDIT: &str = "audit";
/// The time of the batch's oldest record, of its newest, and how many it holds.
pub const FIRST: &str = "bosun.audit-first";
pub const LAST: &str = "bosun.audit-last";
pub const COUNT: &str = "bosun.audit-count";
/// The most data one batch holds: well under Swarm's limit on a config's data (500 KB on older
/// engines, 1000 KB on newer ones).
pub const MAX_BATCH_BYTES: usize = 256 * 1024;

/// `t` in Unix milliseconds (0 before 1970).
pub fn unix_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// One record, as a line of a batch's data (without its newline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub time_ms: u64,
    pub text: String,
}

impl Line {
    pub fn of(record: &AuditRecord) -> Result<Line, serde_json::Error> {
        Ok(Line {
            time_ms: unix_ms(record.time),
            text: serde_json::to_string(record)?,
        })
    }

    /// The bytes it takes in a batch's data.
    pub fn size(&self) -> usize {
        self.text.len() + 1
    }
}

/// Splits `lines` (in order) into consecutive runs whose data fits in `max` bytes. A line
/// longer than `max` is a run of its own (a record is never split; Swarm has the last word).
pub fn pack(lines: &[Line], max: usize) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, line) in lines.iter().enumerate() {
        if i > start && bytes + line.size() > max {
            runs.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += line.size();
    }
    if start < lines.len() {
        runs.push(start..lines.len());
    }
    runs
}

/// A batch about to be written: its data and what its labels will say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBatch {
    pub first_ms: u64,
    pub last_ms: u64,
    pub count: u64,
    pub data: String,
}

impl NewBatch {
    pub fn of(lines: &[Line]) -> NewBatch {
        let mut data = String::with_capacity(lines.iter().map(Line::size).sum());
        for line in lines {
            data.push_str(&line.text);
            data.push('\n');
        }
        NewBatch {
            first_ms: lines.iter().map(|l| l.time_ms).min().unwrap_or(0),
            last_ms: lines.iter().map(|l| l.time_ms).max().unwrap_or(0),
            count: lines.len() as u64,
            data,
        }
    }

    pub fn labels(&self, naming: Naming<'_>) -> HashMap<String, String> {
        let mut labels = naming.instance_labels(KIND_AUDIT);
        labels.insert(FIRST.into(), self.first_ms.to_string());
        labels.insert(LAST.into(), self.last_ms.to_string());
        labels.insert(COUNT.into(), self.count.to_string());
        labels
    }

    /// What the index keeps of it once written as config `id` named `name`.
    pub fn meta(&self, id: String, name: String) -> BatchMeta {
        BatchMeta {
            id,
            name,
            first_ms: self.first_ms,
            last_ms: self.last_ms,
            count: self.count,
            bytes: self.data.len(),
        }
    }
}

/// What a stored batch's labels say, with its config's id and name and its data's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchMeta {
    pub id: String,
    pub name: String,
    pub first_ms: u64,
    pub last_ms: u64,
    pub count: u64,
    pub bytes: usize,
}

/// The batch `config` holds, read from its labels; or why it is not one of `instance`'s
/// batches.
pub fn meta_of(config: &Config, instance: &str) -> Result<BatchMeta, String> {
    let spec = config.spec.as_ref().ok_or("no spec")?;
    let name = spec.name.clone().unwrap_or_default();
    let labels = spec.labels.as_ref();
    if !Naming::new(instance).owns(labels)
        || labels.and_then(|l| l.get(names::KIND)).map(String::as_str) != Some(KIND_AUDIT)
    {
        return Err(format!(
            "{name} is not an audit batch of instance {instance}"
        ));
    }
    let number = |key: &str| -> Result<u64, String> {
        let text = labels
            .and_then(|l| l.get(key))
            .ok_or(format!("{name}: no {key}"))?;
        text.parse()
            .map_err(|_| format!("{name}: {key}={text:?} is not a number"))
    };
    Ok(BatchMeta {
        id: config.id.clone().unwrap_or_default(),
        first_ms: number(FIRST)?,
        last_ms: number(LAST)?,
        count: number(COUNT)?,
        // Docker hands the data over in base64: 4 characters for every 3 bytes.
        bytes: spec.data.as_ref().map_or(0, |d| d.len() / 4 * 3),
        name,
    })
}

/// The records of a batch's data, and how many of its lines are not records.
pub fn decode(data: &str) -> (Vec<AuditRecord>, usize) {
    let mut bad = 0;
    let records = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).inspect_err(|_| bad += 1).ok())
        .collect();
    (records, bad)
}

/// `records` (of several batches) as the lines of one merged run: each request once, oldest
/// first.
pub fn merge(mut records: Vec<AuditRecord>) -> Result<Vec<Line>, serde_json::Error> {
    records.sort_by(|a, b| (a.time, &a.request_id).cmp(&(b.time, &b.request_id)));
    let mut seen = HashSet::new();
    records
        .iter()
        .filter(|r| seen.insert(r.request_id.clone()))
        .map(Line::of)
        .collect()
}

#[cfg(test)]
pub mod tests {
    use std::time::Duration;

    use bollard::models::ConfigSpec;

    use super::*;
    use crate::orchestration::model::Role;

    /// A record made at `ms` (Unix milliseconds) by `who`, with request id `id`.
    pub fn record(ms: u64, who: &str, id: &str) -> AuditRecord {
        AuditRecord {
            time: UNIX_EPOCH + Duration::from_millis(ms),
            request_id: id.into(),
            who: who.into(),
            role: Role::SuperAdmin,
            peer: "10.0.0.7:41000".parse().expect("an address"),
            method: "POST".into(),
            route: Some("/orchestrate/{template}/clone".into()),
            template: Some("mongodb".into()),
            target: Some("node_a".into()),
            params: vec!["node_id".into(), "port".into()],
            status: 201,
            result: "ok".into(),
        }
    }

    fn line(ms: u64, id: &str) -> Line {
        Line::of(&record(ms, "root", id)).expect("a record serializes")
    }

    #[test]
    fn lines_pack_into_batches_that_fit() {
        let lines: Vec<Line> = (0..100)
            .map(|i| line(1000 + i, &format!("r{i:03}")))
            .collect();
        let size = lines[0].size();
        let max = size * 7 + size / 2;
        let runs = pack(&lines, max);
        assert_eq!(runs.len(), 15, "100 lines, 7 a batch");
        assert_eq!(runs.first(), Some(&(0..7)));
        assert_eq!(runs.last(), Some(&(98..100)));
        let mut next = 0;
        for run in &runs {
            assert_eq!(run.start, next, "consecutive, nothing left out");
            next = run.end;
            let batch = NewBatch::of(&lines[run.clone()]);
            assert!(batch.data.len() <= max, "{} > {max}", batch.data.len());
            assert_eq!(batch.count, run.len() as u64);
        }
        assert_eq!(next, 100);
        assert_eq!(pack(&lines, usize::MAX), vec![0..100]);
        assert!(pack(&[], max).is_empty());
        // a line larger than a batch goes alone
        assert_eq!(pack(&lines[..3], 10), vec![0..1, 1..2, 2..3]);
    }

    #[test]
    fn a_batch_reads_back_from_its_labels_and_data() {
        let lines = vec![line(5_000, "b"), line(4_000, "a"), line(6_500, "c")];
        let batch = NewBatch::of(&lines);
        assert_eq!(
            (batch.first_ms, batch.last_ms, batch.count),
            (4_000, 6_500, 3)
        );
        let naming = Naming::new("blue");
        let name = naming.audit_batch(batch.first_ms, 7);
        assert_eq!(name, "blue--audit-4000-7");
        let longest = Naming::new("abcdefghijkl").audit_batch(9_999_999_999_999, u32::MAX);
        assert!(
            longest.len() <= 64,
            "Docker's limit on a config's name: {longest}"
        );
        use base64::Engine as _;
        let config = Config {
            id: Some("cfg1".into()),
            spec: Some(ConfigSpec {
                name: Some(name.clone()),
                labels: Some(batch.labels(naming)),
                data: Some(base64::engine::general_purpose::STANDARD.encode(&batch.data)),
                ..Default::default()
            }),
            ..Default::default()
        };
        let meta = meta_of(&config, "blue").expect("a batch");
        let written = batch.meta("cfg1".into(), name);
        assert_eq!(
            (
                meta.first_ms,
                meta.last_ms,
                meta.count,
                &meta.name,
                &meta.id
            ),
            (4_000, 6_500, 3, &written.name, &written.id)
        );
        assert!(
            meta.bytes.abs_diff(written.bytes) <= 2,
            "{meta:?} {written:?}"
        );
        assert!(meta_of(&config, "bosun").is_err(), "another instance's");
        let (records, bad) = decode(&batch.data);
        assert_eq!(bad, 0);
        let ids: Vec<&str> = records.iter().map(|r| r.request_id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "c"]);
        assert_eq!(records[1], record(4_000, "root", "a"));
    }

    #[test]
    fn a_typical_record_is_a_line_of_a_few_hundred_bytes() {
        let size = line(1_700_000_000_000, "0123456789abcdef0123456789abcdef").size();
        assert!(
            (250..450).contains(&size),
            "{size} (docs/orchestration.md says so)"
        );
        assert!(MAX_BATCH_BYTES / size > 500, "hundreds of records a batch");
    }

    #[test]
    fn broken_labels_and_lines_are_told() {
        let mut labels = NewBatch::of(&[line(1, "a")]).labels(Naming::default());
        labels.insert(COUNT.into(), "many".into());
        let config = Config {
            spec: Some(ConfigSpec {
                name: Some("bosun-audit-1-0".into()),
                labels: Some(labels),
                ..Default::default()
            }),
            ..Default::default()
        };
        let why = meta_of(&config, "bosun").expect_err("a count that is no number");
        assert!(why.contains(COUNT), "{why}");
        let data = format!("{}\nnot json\n\n", line(1, "a").text);
        let (records, bad) = decode(&data);
        assert_eq!((records.len(), bad), (1, 1));
    }

    #[test]
    fn merging_keeps_each_request_once_oldest_first() {
        let records = vec![
            record(3_000, "root", "c"),
            record(1_000, "root", "a"),
            record(3_000, "root", "c"),
            record(2_000, "root", "b"),
        ];
        let lines = merge(records).expect("records serialize");
        let times: Vec<u64> = lines.iter().map(|l| l.time_ms).collect();
        assert_eq!(times, [1_000, 2_000, 3_000]);
    }
}
