//! Which audit batches the leader removes, and which small ones it merges: pure decisions over
//! what the batches' labels say ([`BatchMeta`]); `maintain.rs` carries them out.
//!
//! * **Retention**: a batch goes once its newest record is older than
//!   `orchestration.audit.retention`. A batch never spans more than one day (see below), so a
//!   record outlives the retention by at most a day in storage; queries never show it.
//! * **Bound**: when the batches left hold more than `max_records` records, the oldest batches
//!   go first until they hold no more.
//! * **Merging**: the writer commits a batch as soon as a request that changed something waits
//!   for it, so a quiet API leaves many small batches. Sealed ones (nothing written for a
//!   minute) of one day, under half a batch each, are merged into batches that fit
//!   ([`MAX_BATCH_BYTES`](super::batch::MAX_BATCH_BYTES)): Swarm keeps few objects, and a day
//!   holds at most a handful of batches plus those of the last minutes.

use std::time::Duration;

use super::batch::BatchMeta;
use crate::orchestration::model::AuditSettings;

/// Batches are merged only within one day (UTC, by their oldest record).
pub const DAY_MS: u64 = 86_400_000;
/// A batch whose newest record is this old is sealed: the writer is done with its minute.
pub const SEALED_AFTER_MS: u64 = 60_000;

/// A pass's removals, and the batches it keeps.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Prune {
    /// Past the retention.
    pub expired: Vec<BatchMeta>,
    /// The oldest of the rest, past `max_records`.
    pub over_cap: Vec<BatchMeta>,
    /// Oldest first.
    pub kept: Vec<BatchMeta>,
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// What to remove at `now_ms` under `settings`.
pub fn plan(mut metas: Vec<BatchMeta>, now_ms: u64, settings: AuditSettings) -> Prune {
    let cutoff = now_ms.saturating_sub(millis(settings.retention));
    metas.sort_by(|a, b| (a.last_ms, a.first_ms, &a.name).cmp(&(b.last_ms, b.first_ms, &b.name)));
    let (expired, mut kept): (Vec<_>, Vec<_>) = metas.into_iter().partition(|m| m.last_ms < cutoff);
    let mut total: u64 = kept.iter().map(|m| m.count).sum();
    let mut over = 0;
    while total > u64::from(settings.max_records) && over < kept.len() {
        total -= kept[over].count;
        over += 1;
    }
    let over_cap = kept.drain(..over).collect();
    Prune {
        expired,
        over_cap,
        kept,
    }
}

/// The groups of small sealed batches of one day to merge, each group's data fitting in
/// `max_bytes`; only groups of two or more.
pub fn merges(kept: &[BatchMeta], now_ms: u64, max_bytes: usize) -> Vec<Vec<BatchMeta>> {
    let mut small: Vec<&BatchMeta> = kept
        .iter()
        .filter(|m| m.bytes < max_bytes / 2 && m.last_ms.saturating_add(SEALED_AFTER_MS) <= now_ms)
        .collect();
    small.sort_by(|a, b| (a.first_ms, &a.name).cmp(&(b.first_ms, &b.name)));
    let mut groups: Vec<Vec<BatchMeta>> = Vec::new();
    let mut bytes = 0;
    for meta in small {
        let fits = groups.last().is_some_and(|g| {
            g[0].first_ms / DAY_MS == meta.first_ms / DAY_MS && bytes + meta.bytes <= max_bytes
        });
        if fits {
            bytes += meta.bytes;
        } else {
            groups.push(Vec::new());
            bytes = meta.bytes;
        }
        if let Some(group) = groups.last_mut() {
            group.push(meta.clone());
        }
    }
    groups.retain(|g| g.len() >= 2);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 200 * DAY_MS;

    fn meta(name: &str, first_ms: u64, last_ms: u64, count: u64, bytes: usize) -> BatchMeta {
        BatchMeta {
            id: format!("id-{name}"),
            name: name.into(),
            first_ms,
            last_ms,
            count,
            bytes,
        }
    }

    fn names(metas: &[BatchMeta]) -> Vec<&str> {
        metas.iter().map(|m| m.name.as_str()).collect()
    }

    fn settings(days: u64, max_records: u32) -> AuditSettings {
        AuditSettings {
            retention: Duration::from_secs(days * 86_400),
            max_records,
        }
    }

    #[test]
    fn batches_past_the_retention_go() {
        let cutoff = NOW - 90 * DAY_MS;
        let metas = vec![
            meta("straddles", cutoff - 10, cutoff, 5, 100),
            meta("new", NOW - 5, NOW - 1, 5, 100),
            meta("old", cutoff - 1000, cutoff - 1, 5, 100),
            meta("older", 0, 10, 5, 100),
        ];
        let plan = plan(metas, NOW, settings(90, 100_000));
        assert_eq!(names(&plan.expired), ["older", "old"]);
        assert!(plan.over_cap.is_empty());
        assert_eq!(
            names(&plan.kept),
            ["straddles", "new"],
            "its newest record is kept"
        );
    }

    #[test]
    fn past_max_records_the_oldest_go_first() {
        let metas = vec![
            meta("c", 3_000, 3_500, 40, 100),
            meta("a", 1_000, 1_500, 40, 100),
            meta("d", 4_000, 4_500, 40, 100),
            meta("b", 2_000, 2_500, 40, 100),
        ];
        let p = plan(metas.clone(), 5_000, settings(90, 100));
        assert_eq!(names(&p.over_cap), ["a", "b"], "160 → 80 ≤ 100");
        assert_eq!(names(&p.kept), ["c", "d"]);
        let p = plan(metas.clone(), 5_000, settings(90, 160));
        assert!(p.over_cap.is_empty(), "exactly the bound is kept");
        let p = plan(metas, 5_000, settings(90, 1));
        assert_eq!(names(&p.over_cap), ["a", "b", "c", "d"]);
        assert!(p.kept.is_empty());
    }

    #[test]
    fn the_bound_counts_only_what_the_retention_kept() {
        let metas = vec![
            meta("expired", 0, 10, 1_000, 100),
            meta("a", NOW - 50, NOW - 40, 60, 100),
            meta("b", NOW - 30, NOW - 20, 60, 100),
        ];
        let p = plan(metas, NOW, settings(90, 100));
        assert_eq!(names(&p.expired), ["expired"]);
        assert_eq!(names(&p.over_cap), ["a"]);
        assert_eq!(names(&p.kept), ["b"]);
    }

    #[test]
    fn small_sealed_batches_of_one_day_merge_into_batches_that_fit() {
        let day = NOW - 3 * DAY_MS;
        let day = day - day % DAY_MS;
        let kept = vec![
            meta("d1-a", day + 10, day + 11, 1, 300),
            meta("d1-b", day + 20, day + 21, 1, 300),
            meta("d1-full", day + 25, day + 26, 900, 600),
            meta("d1-c", day + 30, day + 31, 1, 300),
            meta("d1-d", day + 40, day + 41, 1, 300),
            meta("d1-e", day + 50, day + 51, 1, 300),
            meta("d2-alone", day + DAY_MS + 5, day + DAY_MS + 6, 1, 300),
            meta("d3-a", day + 2 * DAY_MS, day + 2 * DAY_MS + 1, 1, 300),
            meta("d3-b", day + 2 * DAY_MS + 9, day + 2 * DAY_MS + 10, 1, 300),
            meta("now-a", NOW - 2_000, NOW - 1_900, 1, 300),
            meta("now-b", NOW - 1_000, NOW - 900, 1, 300),
        ];
        let groups = merges(&kept, NOW, 1_000);
        let got: Vec<Vec<&str>> = groups.iter().map(|g| names(g)).collect();
        assert_eq!(
            got,
            vec![
                vec!["d1-a", "d1-b", "d1-c"],
                vec!["d1-d", "d1-e"],
                vec!["d3-a", "d3-b"]
            ],
            "a full batch stays, a day is never crossed, the last minute is not sealed"
        );
        for group in &groups {
            assert!(group.iter().map(|m| m.bytes).sum::<usize>() <= 1_000);
        }
    }
}
