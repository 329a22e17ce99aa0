//! Task polling. Swarm emits no task events, so a target task that moves to another node, or a
//! proxy task that becomes running, is only seen by listing tasks. One list call per interval,
//! whatever the number of targets; the services whose placement or task states changed since
//! the last poll are reported.

use std::collections::{BTreeMap, HashMap};

use bollard::models::Task;

/// Per service id: its tasks' (node, state), sorted.
pub type Placement = HashMap<String, Vec<(String, String)>>;

pub fn placement(tasks: &[Task]) -> Placement {
    let mut map: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for task in tasks {
        let Some(service) = task.service_id.clone() else {
            continue;
        };
        let node = task.node_id.clone().unwrap_or_default();
        let state = task
            .status
            .as_ref()
            .and_then(|s| s.state)
            .map(|s| s.to_string())
            .unwrap_or_default();
        map.entry(service).or_default().push((node, state));
    }
    map.into_iter()
        .map(|(k, mut v)| {
            v.sort();
            (k, v)
        })
        .collect()
}

/// Service ids whose entry differs between two polls (appeared, gone or changed).
pub fn changed(before: &Placement, after: &Placement) -> Vec<String> {
    let mut ids: Vec<String> = after
        .iter()
        .filter(|(id, tasks)| before.get(*id) != Some(tasks))
        .map(|(id, _)| id.clone())
        .collect();
    ids.extend(before.keys().filter(|id| !after.contains_key(*id)).cloned());
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::tests::task;
    use bollard::models::TaskState;

    #[test]
    fn a_move_a_state_change_and_a_removal_are_seen_and_nothing_else() {
        let before = placement(&[
            task("nc", "n2", TaskState::RUNNING),
            task("pp", "n3", TaskState::RUNNING),
            task("px", "n2", TaskState::STARTING),
            task("gone", "n1", TaskState::RUNNING),
        ]);
        let after = placement(&[
            task("nc", "n3", TaskState::RUNNING),
            task("pp", "n3", TaskState::RUNNING),
            task("px", "n2", TaskState::RUNNING),
        ]);
        assert_eq!(changed(&before, &after), ["gone", "nc", "px"]);
        assert!(changed(&after, &after).is_empty());
    }
}
