//! The two specs the benchmark derives from a clone's spec as Swarm stores it (read back with
//! `GET /services/{name}`, the Engine's JSON as it is), so that neither is written by hand:
//!
//! * [`floor_spec`]: the spawn floor. The clone's spec without bosun's labels, under another
//!   name (and network alias) and publishing another port (the clone holds its own on its
//!   node, `mode=host`): the same image, argv, environment, health check, resources, network
//!   and placement, created straight on the Engine.
//! * [`stopped_copy`]: another clone of the same template, at 0 replicas: what a spawn of
//!   that node id and port followed by `POST …/stop` leaves on Swarm. Every place the clone's
//!   identity is written (service name, network alias, published port, the labels
//!   `bosun.clone`, `bosun.node-id`, `bosun.port`, `bosun.clone-params`, environment values
//!   and argv items) is rewritten; every other label is kept as it is (`bosun.instance`,
//!   `bosun.managed-by`, `bosun.kind`, `bosun.template`, `bosun.owner`). One exception:
//!   `bosun.spec-hash` stays the source clone's. Only a repeated spawn of that node id reads it
//!   (the controller's `spawn.rs`, `same_clone`), never list or status, and the controller's
//!   hash is of the spec it rendered, which a spec read back from Swarm (with the Engine's
//!   defaults filled in) cannot reproduce.
//!
//! The specs stay JSON (`serde_json::Value`) from the read to the create, not bollard's
//! `ServiceSpec`: that model names the health check `HealthCheck` where the Engine writes
//! `Healthcheck`, so a spec read back through it has lost its health check (a floor made
//! from one ran the image's own, 5 s, check).
//!
//! The label names are the controller's (`controller/src/model/names.rs`,
//! `orchestration/swarm/view.rs`).

use anyhow::{Context, Result, ensure};
use serde_json::{Map, Value, json};

pub const CLONE: &str = "bosun.clone";
pub const NODE_ID: &str = "bosun.node-id";
pub const PORT: &str = "bosun.port";
pub const CLONE_PARAMS: &str = "bosun.clone-params";
/// Every label bosun reads starts with it.
pub const BOSUN_PREFIX: &str = "bosun.";
/// On the floor's services, with the run's instance: what the clean-up removes.
pub const FLOOR_LABEL: &str = "bosun-bench.orchestration-floor";

/// Where a clone's identity is written: its service name, node id and published port.
#[derive(Debug, Clone, Copy)]
pub struct Identity<'a> {
    pub name: &'a str,
    pub node_id: &'a str,
    pub port: u16,
}

/// The spawn floor's spec: `clone` (the spec of the clone `from`) without bosun's labels,
/// named and aliased `name`, publishing `port`, labelled [`FLOOR_LABEL`]`=run` (the run's
/// instance) and [`bosun_e2e::service::HARNESS_LABEL`].
pub fn floor_spec(clone: &Value, from: &Identity<'_>, name: &str, port: u16, run: &str) -> Value {
    let mut spec = clone.clone();
    let to = Identity {
        name,
        node_id: from.node_id,
        port,
    };
    rewrite(&mut spec, from, &to);
    spec["Labels"] = json!({ bosun_e2e::service::HARNESS_LABEL: "true", FLOOR_LABEL: run });
    spec
}

/// The spec of the clone `to` of `template` at 0 replicas, from `clone`, the spec of the
/// clone `from`. Fails unless `clone` carries a clone's identity labels.
pub fn stopped_copy(
    clone: &Value,
    template: &str,
    from: &Identity<'_>,
    to: &Identity<'_>,
) -> Result<Value> {
    let mut spec = clone.clone();
    rewrite(&mut spec, from, to);
    let labels = spec["Labels"]
        .as_object_mut()
        .with_context(|| format!("the clone {} has no labels", from.name))?;
    for (key, value) in [
        (CLONE, format!("{template}/{}", to.node_id)),
        (NODE_ID, to.node_id.to_owned()),
        (PORT, to.port.to_string()),
    ] {
        let old = labels.insert(key.to_owned(), value.into());
        ensure!(old.is_some(), "the clone {} has no label {key}", from.name);
    }
    let params = labels
        .get_mut(CLONE_PARAMS)
        .with_context(|| format!("the clone {} has no label {CLONE_PARAMS}", from.name))?;
    let mut shown: Map<String, Value> =
        serde_json::from_str(params.as_str().unwrap_or_default())
            .with_context(|| format!("{CLONE_PARAMS} of {} is not a JSON object", from.name))?;
    shown.insert("node_id".into(), to.node_id.into());
    shown.insert("port".into(), to.port.into());
    *params = Value::Object(shown).to_string().into();
    spec["Mode"] = json!({ "Replicated": { "Replicas": 0 } });
    Ok(spec)
}

/// Rewrites `from`'s name, node id and port to `to`'s wherever the spec (not its labels)
/// holds them: the name, the network aliases, the published ports, and environment values
/// and argv items that are exactly one of them.
fn rewrite(spec: &mut Value, from: &Identity<'_>, to: &Identity<'_>) {
    let swap = |value: &str| -> Option<String> {
        if value == from.node_id {
            Some(to.node_id.to_owned())
        } else if value == from.port.to_string() {
            Some(to.port.to_string())
        } else {
            None
        }
    };
    spec["Name"] = to.name.into();
    let container = &mut spec["TaskTemplate"]["ContainerSpec"];
    for item in items(&mut container["Env"]) {
        let swapped = item
            .as_str()
            .and_then(|s| s.split_once('='))
            .and_then(|(key, value)| Some(format!("{key}={}", swap(value)?)));
        if let Some(new) = swapped {
            *item = new.into();
        }
    }
    for item in items(&mut container["Args"]) {
        if let Some(new) = item.as_str().and_then(swap) {
            *item = new.into();
        }
    }
    for network in items(&mut spec["TaskTemplate"]["Networks"]) {
        for alias in items(&mut network["Aliases"]) {
            if alias == from.name {
                *alias = to.name.into();
            }
        }
    }
    for port in items(&mut spec["EndpointSpec"]["Ports"]) {
        if port["PublishedPort"] == from.port {
            port["PublishedPort"] = to.port.into();
        }
    }
}

/// The items of `value` when it is an array (none otherwise).
fn items(value: &mut Value) -> impl Iterator<Item = &mut Value> {
    value.as_array_mut().into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM: Identity<'static> = Identity {
        name: "t9-0--clone-mongodb-node_r0",
        node_id: "node_r0",
        port: 31007,
    };

    /// A clone's spec as `GET /services/{name}` gives it back (`Spec`).
    fn clone_spec() -> Value {
        json!({
            "Name": FROM.name,
            "Labels": {
                "bosun.managed-by": "bosun", "bosun.instance": "t9-0", "bosun.kind": "clone",
                "bosun.clone": "mongodb/node_r0", "bosun.template": "mongodb",
                "bosun.node-id": "node_r0", "bosun.owner": "root", "bosun.port": "31007",
                "bosun.spec-hash": "0123456789abcdef",
                "bosun.clone-params": "{\"network\":\"bosun-e2e\",\"node_id\":\"node_r0\",\"port\":31007}"
            },
            "TaskTemplate": {
                "ContainerSpec": {
                    "Image": "bosun-e2e/mongodb:latest",
                    "Args": ["--port", "31007", "--name", "node_r0"],
                    "Env": ["NODE_ID=node_r0", "TRON_ADDRESS=TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"],
                    "Healthcheck": {"Test": ["CMD", "/usr/local/bin/mongo-ping"], "Interval": 1_000_000_000_i64}
                },
                "Resources": {"Limits": {"NanoCPUs": 200_000_000, "MemoryBytes": 67_108_864}},
                "Networks": [{"Target": "net1", "Aliases": [FROM.name]}]
            },
            "Mode": {"Replicated": {"Replicas": 1}},
            "EndpointSpec": {"Mode": "dnsrr", "Ports": [
                {"Protocol": "tcp", "TargetPort": 27017, "PublishedPort": 31007, "PublishMode": "host"}
            ]}
        })
    }

    fn keys(spec: &Value) -> Vec<&String> {
        spec["Labels"].as_object().unwrap().keys().collect()
    }

    #[test]
    fn a_stopped_copy_is_another_clone_with_the_same_labels_at_zero_replicas() {
        let to = Identity {
            name: "t9-0--clone-mongodb-node_s12",
            node_id: "node_s12",
            port: 31044,
        };
        let source = clone_spec();
        let copy = stopped_copy(&source, "mongodb", &FROM, &to).unwrap();
        let written = copy.to_string();
        for old in ["node_r0", "31007"] {
            assert!(!written.contains(old), "{old} is left in {written}");
        }
        assert_eq!(keys(&copy), keys(&source), "the same labels");
        let labels = &copy["Labels"];
        assert_eq!(labels[CLONE], "mongodb/node_s12");
        assert_eq!(labels["bosun.owner"], "root");
        let params: Value = serde_json::from_str(labels[CLONE_PARAMS].as_str().unwrap()).unwrap();
        assert_eq!(
            params,
            json!({"network": "bosun-e2e", "node_id": "node_s12", "port": 31044})
        );
        assert_eq!(copy["Mode"]["Replicated"]["Replicas"], 0);
        assert_eq!(copy["EndpointSpec"]["Ports"][0]["PublishedPort"], 31044);
        assert_eq!(copy["TaskTemplate"]["Networks"][0]["Aliases"][0], to.name);
        let container = &copy["TaskTemplate"]["ContainerSpec"];
        assert_eq!(container["Env"][0], "NODE_ID=node_s12");
        assert_eq!(
            container["Args"],
            json!(["--port", "31044", "--name", "node_s12"])
        );
        assert_eq!(
            container["Healthcheck"],
            source["TaskTemplate"]["ContainerSpec"]["Healthcheck"]
        );
        assert_eq!(
            copy["TaskTemplate"]["Resources"],
            source["TaskTemplate"]["Resources"]
        );
    }

    #[test]
    fn a_spec_without_a_clones_labels_is_refused() {
        let mut spec = clone_spec();
        spec["Labels"].as_object_mut().unwrap().remove(NODE_ID);
        let to = Identity {
            node_id: "node_s1",
            ..FROM
        };
        let e = stopped_copy(&spec, "mongodb", &FROM, &to).unwrap_err();
        assert!(e.to_string().contains("bosun.node-id"), "{e}");
    }

    #[test]
    fn the_floor_runs_what_the_clone_runs_without_bosuns_labels() {
        let source = clone_spec();
        let floor = floor_spec(&source, &FROM, "e2e-floor-1-0", 31600, "t9-0");
        let labels = floor["Labels"].as_object().unwrap();
        assert!(
            labels.keys().all(|k| !k.starts_with(BOSUN_PREFIX)),
            "{labels:?}"
        );
        assert_eq!(labels[FLOOR_LABEL], "t9-0");
        assert_eq!(floor["Name"], "e2e-floor-1-0");
        assert_eq!(
            floor["TaskTemplate"]["Networks"][0]["Aliases"][0],
            "e2e-floor-1-0"
        );
        assert_eq!(floor["EndpointSpec"]["Ports"][0]["PublishedPort"], 31600);
        assert_eq!(floor["Mode"], source["Mode"]);
        // the same container, health check included; only the port it was given differs
        let mut container = source["TaskTemplate"]["ContainerSpec"].clone();
        container["Args"][1] = json!("31600");
        assert_eq!(floor["TaskTemplate"]["ContainerSpec"], container);
    }
}
