//! The fence every write to Swarm passes (docs/controller.md, "Several controllers, one
//! leader"). Docker checks no token, so the controller checks itself, here, in one place:
//!
//! * before a write goes out, [`Fence::epoch`] says whether this replica may write now (it
//!   holds the lease with a safety margin left, on its monotonic clock) and with which epoch;
//! * the write carries that epoch as the label `bosun.epoch` on what it creates or updates;
//! * an update whose current labels already carry a *higher* epoch is refused, and so is every
//!   write after any read that showed one ([`Fence::saw`]): another leader has been elected
//!   since, and this one stops writing at once.
//!
//! The Engine handle ([`super::engine::Engine`]) asks its fence before each create, update and
//! remove; the lease's own compare-and-swap goes through a handle without one. The lease module
//! implements the trait; this file only states what a write needs from it, so the Engine side
//! does not depend on how leadership is decided.

use std::collections::HashMap;

use crate::model::names::EPOCH;

/// What a write asks before it goes out.
pub trait Fence: Send + Sync {
    /// The epoch to stamp on a write that may go out now, or why it may not.
    fn epoch(&self) -> Result<u64, String>;
    /// An object carrying `epoch` was read: a higher epoch than this replica's stops it.
    fn saw(&self, epoch: u64);
}

/// The epoch an object's labels carry, if any.
pub fn epoch_of(labels: Option<&HashMap<String, String>>) -> Option<u64> {
    labels?.get(EPOCH)?.parse().ok()
}

/// Checks the fence for a write of an object whose labels are `labels` (the current ones, for
/// an update), and stamps the epoch on them. The epoch already there counts only when the
/// object is `ours` (this instance's: a client service may carry another instance's epoch).
pub fn stamp(
    fence: &dyn Fence,
    labels: &mut Option<HashMap<String, String>>,
    ours: bool,
) -> Result<u64, String> {
    if let Some(theirs) = epoch_of(labels.as_ref()).filter(|_| ours) {
        fence.saw(theirs);
    }
    let epoch = fence.epoch()?;
    labels
        .get_or_insert_with(HashMap::new)
        .insert(EPOCH.to_owned(), epoch.to_string());
    Ok(epoch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A fence that leads at `mine` until it sees a higher epoch.
    struct Fixed {
        mine: u64,
        highest: Mutex<u64>,
    }

    impl Fence for Fixed {
        fn epoch(&self) -> Result<u64, String> {
            let highest = *self.highest.lock().unwrap();
            if highest > self.mine {
                return Err(format!("epoch {highest} is newer than ours"));
            }
            Ok(self.mine)
        }
        fn saw(&self, epoch: u64) {
            let mut highest = self.highest.lock().unwrap();
            *highest = (*highest).max(epoch);
        }
    }

    fn fence(mine: u64) -> Fixed {
        Fixed {
            mine,
            highest: Mutex::new(0),
        }
    }

    #[test]
    fn a_write_carries_the_leaders_epoch() {
        let mut labels = Some(HashMap::from([("a".to_owned(), "b".to_owned())]));
        assert_eq!(stamp(&fence(3), &mut labels, true), Ok(3));
        assert_eq!(epoch_of(labels.as_ref()), Some(3));
        assert_eq!(labels.unwrap().get("a").map(String::as_str), Some("b"));
        let mut none = None;
        assert_eq!(stamp(&fence(1), &mut none, true), Ok(1));
        assert_eq!(epoch_of(none.as_ref()), Some(1));
    }

    #[test]
    fn an_object_written_by_a_newer_leader_stops_this_one() {
        let f = fence(3);
        // an older (or equal) epoch on the object is ours or our predecessor's
        let mut older = Some(HashMap::from([(EPOCH.to_owned(), "2".to_owned())]));
        assert_eq!(stamp(&f, &mut older, true), Ok(3));
        // another instance's epoch on a shared client service is not a newer leader of ours
        let mut shared = Some(HashMap::from([(EPOCH.to_owned(), "9".to_owned())]));
        assert_eq!(stamp(&f, &mut shared, false), Ok(3));
        let mut newer = Some(HashMap::from([(EPOCH.to_owned(), "4".to_owned())]));
        assert!(stamp(&f, &mut newer, true).is_err());
        // untouched: the refused write changes nothing
        assert_eq!(epoch_of(newer.as_ref()), Some(4));
        // and every later write is refused too
        assert!(stamp(&f, &mut None, true).is_err());
    }
}
