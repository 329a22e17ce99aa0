//! The key gauges, computed: from bosun's secrets (their labels and `CreatedAt`) and a "now"
//! to the series of `bosun_key_age_seconds` and `bosun_rotation_phase` (docs/controller.md,
//! "Metrics"). Pure, so the tests build secrets by hand; `Metrics::set_keys` sets the result
//! and removes the series of keys that are gone.
//!
//! Labels: `target`, `kind` (`client`, `host`), `client` (a client key's client service; empty
//! for a host key and for the legacy shared client key) and `node` (a host key's node, the first
//! 12 characters of its id as in bosun's names; empty for a client key). One series per key,
//! for its newest version: the key in use, or the one rotating in. An old version that a
//! rotation has not removed yet is not measured (its successor is).

use std::collections::{BTreeMap, BTreeSet};

use bollard::models::Secret;

use crate::model::keys::{KeyKind, KeySecret, newest};
use crate::model::names::{Naming, short_node};
use crate::model::snapshot::secret_labels;

/// The values of `target`, `kind`, `client`, `node`.
pub type KeyLabels = [String; 4];
/// The same, then `phase`.
pub type PhaseLabels = [String; 5];

/// The series the key gauges should show now.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct KeyGauges {
    /// `bosun_key_age_seconds`: each key's age in seconds.
    pub ages: BTreeMap<KeyLabels, f64>,
    /// `bosun_rotation_phase`: the label sets whose value is 1 (each rotating key's phase).
    pub phases: BTreeSet<PhaseLabels>,
}

/// The gauges of `naming`'s keys among `secrets`, at `now_ms` (Unix milliseconds). A key whose
/// `CreatedAt` cannot be read has no age series, but still its phase.
pub fn key_gauges(naming: Naming<'_>, secrets: &[Secret], now_ms: u64) -> KeyGauges {
    let keys: Vec<KeySecret> = secrets
        .iter()
        .filter(|s| naming.owns(secret_labels(s)))
        .filter_map(KeySecret::of)
        .collect();
    let mut gauges = KeyGauges::default();
    for key in newest(&keys).into_values() {
        let labels = key_labels(key);
        if let Some(phase) = key.rotating_phase() {
            let [target, kind, client, node] = labels.clone();
            gauges
                .phases
                .insert([target, kind, client, node, phase.to_string()]);
        }
        if let Some(age) = key.age_ms(now_ms) {
            gauges.ages.insert(labels, age as f64 / 1000.0);
        }
    }
    gauges
}

fn key_labels(key: &KeySecret) -> KeyLabels {
    let owner = key.owner.as_deref().unwrap_or_default();
    let (client, node) = match key.kind {
        KeyKind::Client => (owner, ""),
        KeyKind::Host => ("", short_node(owner)),
    };
    [
        key.target.clone(),
        key.kind.as_str().to_string(),
        client.to_string(),
        node.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::keys::tests::{JAN_1, secret};

    const NODE: &str = "n1aaaaaaaaaaaaaaaaaaaaaa";

    fn client_key(instance: &str, client: &str, version: &str, phase: Option<&str>) -> Secret {
        let mut labels = vec![
            ("bosun.managed-by", "bosun"),
            ("bosun.instance", instance),
            ("bosun.target", "nc"),
            ("bosun.kind", "client-key"),
            ("bosun.key-version", version),
        ];
        if !client.is_empty() {
            labels.push(("bosun.client", client));
        }
        if let Some(phase) = phase {
            labels.push(("bosun.rotation-phase", phase));
        }
        secret(
            &format!("k-{client}-{version}"),
            &labels,
            "2024-01-01T00:00:00Z",
        )
    }

    fn labels(values: [&str; 4]) -> KeyLabels {
        values.map(str::to_string)
    }

    #[test]
    fn every_key_has_an_age_and_a_rotating_one_its_phase() {
        let host = secret(
            "h",
            &[
                ("bosun.managed-by", "bosun"),
                ("bosun.target", "nc"),
                ("bosun.kind", "host-key"),
                ("bosun.node", NODE),
                ("bosun.key-version", "2"),
                ("bosun.rotation-phase", "announce"),
            ],
            "2024-01-01T00:00:30Z",
        );
        let secrets = [
            client_key("bosun", "app", "1", Some("done")),
            // rotating in: the newest version is the one measured
            client_key("bosun", "app", "2", Some("accept-both")),
            client_key("bosun", "web", "1", Some("done")),
            // the legacy shared key
            client_key("bosun", "", "1", None),
            // another instance's
            client_key("blue", "app", "9", Some("cleanup")),
            host,
            secret(
                "ak",
                &[
                    ("bosun.managed-by", "bosun"),
                    ("bosun.target", "nc"),
                    ("bosun.kind", "authorized-keys"),
                ],
                "2024-01-01T00:00:00Z",
            ),
        ];
        let now = JAN_1 + 60_000;
        let gauges = key_gauges(Naming::default(), &secrets, now);
        let ages: Vec<(KeyLabels, f64)> = gauges.ages.into_iter().collect();
        assert_eq!(
            ages,
            [
                (labels(["nc", "client", "", ""]), 60.0),
                (labels(["nc", "client", "app", ""]), 60.0),
                (labels(["nc", "client", "web", ""]), 60.0),
                (labels(["nc", "host", "", "n1aaaaaaaaaa"]), 30.0),
            ]
        );
        let phases: Vec<PhaseLabels> = gauges.phases.into_iter().collect();
        assert_eq!(
            phases,
            [
                ["nc", "client", "app", "", "accept-both"].map(str::to_string),
                ["nc", "host", "", "n1aaaaaaaaaa", "announce"].map(str::to_string),
            ]
        );
    }

    #[test]
    fn a_key_without_a_readable_creation_time_has_no_age() {
        let mut key = client_key("bosun", "app", "1", Some("switch-client"));
        key.created_at = None;
        let gauges = key_gauges(Naming::default(), &[key], JAN_1);
        assert!(gauges.ages.is_empty());
        assert_eq!(gauges.phases.len(), 1);
    }
}
