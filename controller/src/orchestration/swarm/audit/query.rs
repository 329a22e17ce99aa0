//! `GET /orchestrate/audit`'s answer, as pure steps: which batches may hold the records a
//! query wants (by their labels' times, newest first), which records match, and when reading
//! older batches can no longer change the answer.
//!
//! A query wants the records at or after `since` (and inside the retention: a record past it
//! is gone even while its batch waits for the pruner), of `who` when given, newest first, at
//! most `limit`. A request is shown once even if a merge interrupted by a crash left it in
//! two batches.

use std::cmp::Reverse;
use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use super::batch::{BatchMeta, unix_ms};
use crate::orchestration::api::audit::AuditRecord;
use crate::orchestration::api::backend::AuditQuery;

/// The batches whose newest record is at or after `floor_ms`, newest first.
pub fn pick(metas: &[BatchMeta], floor_ms: u64) -> Vec<BatchMeta> {
    let mut picked: Vec<BatchMeta> = metas
        .iter()
        .filter(|m| m.last_ms >= floor_ms)
        .cloned()
        .collect();
    picked.sort_by_key(|m| Reverse((m.last_ms, m.first_ms, m.name.clone())));
    picked
}

/// The records a query has found so far: the newest `limit` matching ones.
#[derive(Debug)]
pub struct Collect {
    query: AuditQuery,
    /// The oldest record shown: `since`, or the retention's cutoff if later.
    floor: SystemTime,
    seen: HashSet<String>,
    found: Vec<AuditRecord>,
}

impl Collect {
    pub fn new(query: AuditQuery, now: SystemTime, retention: Duration) -> Collect {
        let cutoff = now.checked_sub(retention).unwrap_or(SystemTime::UNIX_EPOCH);
        let floor = query.since.map_or(cutoff, |since| since.max(cutoff));
        Collect {
            query,
            floor,
            seen: HashSet::new(),
            found: Vec::new(),
        }
    }

    /// The batches to look at are those whose newest record is at or after this.
    pub fn floor_ms(&self) -> u64 {
        unix_ms(self.floor)
    }

    fn matches(&self, record: &AuditRecord) -> bool {
        record.time >= self.floor && self.query.who.as_ref().is_none_or(|w| *w == record.who)
    }

    /// Takes the matching records of one batch.
    pub fn add(&mut self, records: Vec<AuditRecord>) {
        for record in records {
            if self.matches(&record) && self.seen.insert(record.request_id.clone()) {
                self.found.push(record);
            }
        }
        self.found
            .sort_by(|a, b| (b.time, &b.request_id).cmp(&(a.time, &a.request_id)));
        self.found.truncate(self.query.limit as usize);
    }

    /// Whether a batch whose newest record is at `last_ms` (and every older batch) can no
    /// longer change the answer: `limit` records were found, all newer than it.
    pub fn done_before(&self, last_ms: u64) -> bool {
        self.found.len() >= self.query.limit as usize
            && self.found.last().is_some_and(|r| unix_ms(r.time) > last_ms)
    }

    /// The answer: newest first.
    pub fn finish(self) -> Vec<AuditRecord> {
        self.found
    }
}

/// The answer to `query` from `records` all at hand (the API tests' in-memory backend).
pub fn select(records: Vec<AuditRecord>, query: AuditQuery, now: SystemTime) -> Vec<AuditRecord> {
    let mut collect = Collect::new(query, now, Duration::MAX);
    collect.add(records);
    collect.finish()
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::orchestration::swarm::audit::batch::tests::record;

    const DAY: u64 = 86_400_000;
    const NOW_MS: u64 = 400 * DAY;

    fn at(ms: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(ms)
    }

    fn query(since: Option<u64>, who: Option<&str>, limit: u32) -> AuditQuery {
        AuditQuery {
            since: since.map(at),
            who: who.map(str::to_owned),
            limit,
        }
    }

    fn ids(records: &[AuditRecord]) -> Vec<&str> {
        records.iter().map(|r| r.request_id.as_str()).collect()
    }

    fn meta(name: &str, first_ms: u64, last_ms: u64) -> BatchMeta {
        BatchMeta {
            id: name.into(),
            name: name.into(),
            first_ms,
            last_ms,
            count: 1,
            bytes: 1,
        }
    }

    #[test]
    fn only_batches_that_reach_the_floor_are_read_newest_first() {
        let metas = vec![
            meta("mid", 2_000, 3_000),
            meta("old", 100, 900),
            meta("new", 4_000, 5_000),
            meta("straddles", 500, 1_000),
        ];
        let names: Vec<String> = pick(&metas, 1_000).into_iter().map(|m| m.name).collect();
        assert_eq!(names, ["new", "mid", "straddles"]);
        assert_eq!(pick(&metas, 0).len(), 4);
        assert!(pick(&metas, 5_001).is_empty());
    }

    #[test]
    fn records_match_since_and_who_newest_first_at_most_limit() {
        let records = vec![
            record(NOW_MS - 5_000, "root", "a"),
            record(NOW_MS - 1_000, "ops", "d"),
            record(NOW_MS - 3_000, "ops", "b"),
            record(NOW_MS - 2_000, "root", "c"),
        ];
        let now = at(NOW_MS);
        assert_eq!(
            ids(&select(records.clone(), query(None, None, 10), now)),
            ["d", "c", "b", "a"]
        );
        assert_eq!(
            ids(&select(records.clone(), query(None, None, 2), now)),
            ["d", "c"]
        );
        let since = Some(NOW_MS - 3_000);
        assert_eq!(
            ids(&select(records.clone(), query(since, None, 10), now)),
            ["d", "c", "b"]
        );
        assert_eq!(
            ids(&select(records.clone(), query(None, Some("ops"), 10), now)),
            ["d", "b"]
        );
        assert_eq!(
            ids(&select(records, query(since, Some("root"), 10), now)),
            ["c"]
        );
    }

    #[test]
    fn past_the_retention_nothing_shows_and_each_request_shows_once() {
        let now = at(NOW_MS);
        let mut c = Collect::new(
            query(Some(0), None, 10),
            now,
            Duration::from_secs(90 * 86_400),
        );
        assert_eq!(
            c.floor_ms(),
            NOW_MS - 90 * DAY,
            "the later of since and the cutoff"
        );
        c.add(vec![
            record(NOW_MS - 91 * DAY, "root", "gone"),
            record(NOW_MS - DAY, "root", "x"),
        ]);
        c.add(vec![record(NOW_MS - DAY, "root", "x")]);
        assert_eq!(ids(&c.finish()), ["x"]);
    }

    #[test]
    fn older_batches_are_not_read_once_they_cannot_change_the_answer() {
        let mut c = Collect::new(query(None, None, 2), at(NOW_MS), Duration::MAX);
        assert!(!c.done_before(NOW_MS), "nothing found yet");
        c.add(vec![record(NOW_MS - 10, "root", "a")]);
        assert!(!c.done_before(0), "fewer than limit");
        c.add(vec![
            record(NOW_MS - 20, "root", "b"),
            record(NOW_MS - 30, "root", "c"),
        ]);
        assert!(
            c.done_before(NOW_MS - 21),
            "every record there is older than the 2nd newest"
        );
        assert!(!c.done_before(NOW_MS - 20), "one there may be as new");
        assert_eq!(ids(&c.finish()), ["a", "b"]);
    }
}
