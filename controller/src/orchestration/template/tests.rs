//! The MongoDB template of the design, as tests in this module and `params` use it, and the
//! tests of rendering and names.

use std::collections::BTreeMap;
use std::time::Duration;

use bollard::models::{EndpointPortConfigPublishModeEnum, EndpointSpecModeEnum, MountType};
use bosun_core::policy::UserRegex;
use serde_json::{Map, Value, json};

use super::*;

pub const ADDRESS: &str = "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7";

fn regex(source: &str) -> UserRegex {
    UserRegex::new(source).unwrap_or_else(|e| panic!("{source}: {e}"))
}

/// The design's MongoDB template, with a tier enum, a cache size and an optional label.
pub fn mongodb() -> Template {
    let param = |kind, optional| Parameter { kind, optional };
    Template {
        image: "bosun-e2e/mongodb:latest".into(),
        permission: Some(Permission::ManageMongodbInstances),
        node_id: regex("node_[a-z0-9]{1,32}"),
        parameters: BTreeMap::from([
            (
                "node_tron_address".into(),
                param(ParamKind::Format(Format::TronAddress), false),
            ),
            (
                "tier".into(),
                param(ParamKind::Enum(vec!["small".into(), "large".into()]), false),
            ),
            (
                "cache_mb".into(),
                param(ParamKind::Integer { min: 64, max: 4096 }, false),
            ),
            (
                "label".into(),
                param(ParamKind::Pattern(regex("[a-z ]{1,20}")), true),
            ),
        ]),
        args: vec![
            Item::Literal("--bind_ip_all".into()),
            Item::Literal("--port".into()),
            Item::Param("port".into()),
            Item::Literal("--cacheSizeMB".into()),
            Item::Param("cache_mb".into()),
        ],
        env: BTreeMap::from([
            ("NODE_ID".into(), Item::Param("node_id".into())),
            (
                "TRON_ADDRESS".into(),
                Item::Param("node_tron_address".into()),
            ),
            ("TIER".into(), Item::Param("tier".into())),
            ("LABEL".into(), Item::Param("label".into())),
            ("MODE".into(), Item::Literal("clone".into())),
        ]),
        ports: Some(PortPool {
            first: 27017,
            last: 27116,
            target: 27017,
        }),
        networks: vec!["bosun-apps".into()],
        volume: Some(Volume {
            target: "/data/db".into(),
        }),
        resources: Resources {
            memory_bytes: 512 << 20,
            nano_cpus: 500_000_000,
            reserved_memory_bytes: Some(128 << 20),
            reserved_nano_cpus: None,
        },
        constraints: vec!["node.role==worker".into()],
        health: Some(Health {
            test: vec!["CMD".into(), "/bin/mongo-ping".into()],
            interval: Duration::from_secs(5),
            timeout: Duration::from_secs(3),
            retries: 3,
            start_period: Duration::from_secs(10),
        }),
        max_clones: 20,
        user: Some("999:999".into()),
    }
}

/// A body the MongoDB template accepts.
pub fn body() -> Map<String, Value> {
    let body = json!({
        "node_id": "node_a1",
        "node_tron_address": ADDRESS,
        "tier": "small",
        "cache_mb": 256,
        "port": 27020,
    });
    match body {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}

fn resolved(port: u16) -> Resolved<'static> {
    Resolved {
        instance: "bosun",
        network_id: "k2j3h4g5f6d7",
        port: Some(port),
        owner: "ops",
    }
}

fn rendered(body: &Map<String, Value>) -> bollard::models::ServiceSpec {
    let template = mongodb();
    let params = template.validate(body).unwrap_or_else(|e| panic!("{e}"));
    render("mongodb", &template, &params, &resolved(27020)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_clone_spec_is_the_templates() {
    let spec = rendered(&body());
    assert_eq!(spec.name.as_deref(), Some("bosun-clone-mongodb-node_a1"));
    let labels = spec.labels.clone().unwrap_or_default();
    let label = |k: &str| labels.get(k).map(String::as_str);
    assert_eq!(label("bosun.managed-by"), Some("bosun"));
    assert_eq!(label("bosun.instance"), Some("bosun"));
    assert_eq!(label("bosun.kind"), Some("clone"));
    assert_eq!(label("bosun.clone"), Some("mongodb/node_a1"));
    assert_eq!(label("bosun.template"), Some("mongodb"));
    assert_eq!(label("bosun.node-id"), Some("node_a1"));
    assert_eq!(label("bosun.owner"), Some("ops"));
    assert_eq!(label("bosun.port"), Some("27020"));
    assert_eq!(label("bosun.spec-hash").map(str::len), Some(16));

    let replicas = spec.mode.as_ref().and_then(|m| m.replicated.as_ref());
    assert_eq!(replicas.and_then(|r| r.replicas), Some(1));
    let endpoint = spec.endpoint_spec.clone().unwrap_or_default();
    assert_eq!(endpoint.mode, Some(EndpointSpecModeEnum::DNSRR));
    let published = &endpoint.ports.unwrap_or_default()[0];
    assert_eq!(
        (
            published.published_port,
            published.target_port,
            published.publish_mode
        ),
        (
            Some(27020),
            Some(27017),
            Some(EndpointPortConfigPublishModeEnum::HOST)
        )
    );

    let task = spec.task_template.clone().unwrap_or_default();
    let container = task.container_spec.clone().unwrap_or_default();
    assert_eq!(container.image.as_deref(), Some("bosun-e2e/mongodb:latest"));
    assert_eq!(container.user.as_deref(), Some("999:999"));
    let args: Vec<String> = ["--bind_ip_all", "--port", "27020", "--cacheSizeMB", "256"]
        .map(String::from)
        .to_vec();
    assert_eq!(container.args, Some(args));
    let env: Vec<String> = [
        "MODE=clone",
        "NODE_ID=node_a1",
        "TIER=small",
        &format!("TRON_ADDRESS={ADDRESS}"),
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(
        container.env,
        Some(env),
        "LABEL, optional and not given, is left out"
    );
    let mounts = container.mounts.unwrap_or_default();
    assert_eq!(mounts.len(), 1);
    assert_eq!(mounts[0].typ, Some(MountType::VOLUME));
    assert_eq!(
        mounts[0].source.as_deref(),
        Some("bosun-clone-mongodb-node_a1-data")
    );
    assert_eq!(mounts[0].target.as_deref(), Some("/data/db"));
    let volume_labels = mounts[0]
        .volume_options
        .as_ref()
        .and_then(|o| o.labels.clone());
    let volume_labels = volume_labels.unwrap_or_default();
    assert_eq!(
        volume_labels.get("bosun.kind").map(String::as_str),
        Some("clone-volume")
    );
    assert_eq!(
        volume_labels.get("bosun.clone").map(String::as_str),
        Some("mongodb/node_a1")
    );
    let health = container.health_check.unwrap_or_default();
    assert_eq!(health.interval, Some(5_000_000_000));
    assert_eq!(health.retries, Some(3));

    let limits = task
        .resources
        .as_ref()
        .and_then(|r| r.limits.clone())
        .unwrap_or_default();
    assert_eq!(
        (limits.memory_bytes, limits.nano_cpus),
        (Some(512 << 20), Some(500_000_000))
    );
    let restart = task.restart_policy.clone().unwrap_or_default();
    assert_eq!(
        restart.condition,
        Some(bollard::models::TaskSpecRestartPolicyConditionEnum::ON_FAILURE)
    );
    assert_eq!(restart.delay, Some(5_000_000_000));
    let network = &task.networks.clone().unwrap_or_default()[0];
    assert_eq!(network.target.as_deref(), Some("k2j3h4g5f6d7"));
    assert_eq!(
        network.aliases,
        Some(vec!["bosun-clone-mongodb-node_a1".to_string()])
    );
    let constraints = task.placement.and_then(|p| p.constraints);
    assert_eq!(constraints, Some(vec!["node.role==worker".to_string()]));
    assert_eq!(assert_safe(&spec), Ok(()));
}

#[test]
fn a_hostile_value_stays_one_argv_item_or_one_env_value() {
    let mut template = mongodb();
    template.parameters.insert(
        "label".into(),
        Parameter {
            kind: ParamKind::Pattern(regex(".{1,64}")),
            optional: false,
        },
    );
    template.args.push(Item::Literal("--label".into()));
    template.args.push(Item::Param("label".into()));
    let hostile = "a b; $(rm -rf /) `id` --privileged \"x\" NODE_ID=evil";
    let mut body = body();
    body.insert("label".into(), json!(hostile));
    let params = template.validate(&body).unwrap_or_else(|e| panic!("{e}"));
    let spec =
        render("mongodb", &template, &params, &resolved(27020)).unwrap_or_else(|e| panic!("{e}"));
    let container = spec
        .task_template
        .and_then(|t| t.container_spec)
        .unwrap_or_default();
    let args = container.args.unwrap_or_default();
    assert_eq!(args.len(), 7, "{args:?}");
    assert_eq!(args[5..], ["--label".to_string(), hostile.to_string()]);
    let env = container.env.unwrap_or_default();
    assert!(env.contains(&format!("LABEL={hostile}")), "{env:?}");
    assert!(env.contains(&"NODE_ID=node_a1".to_string()), "{env:?}");
    assert_eq!(env.len(), 5, "{env:?}");
}

#[test]
fn the_spec_hash_is_stable_and_follows_what_the_clone_runs() {
    let one = rendered(&body());
    let hash = |s: &bollard::models::ServiceSpec| {
        s.labels
            .as_ref()
            .and_then(|l| l.get("bosun.spec-hash"))
            .cloned()
    };
    // Each render has new HashMaps (new iteration orders): the hash does not see them.
    for _ in 0..8 {
        assert_eq!(hash(&rendered(&body())), hash(&one));
    }
    let mut other = body();
    other.insert("tier".into(), json!("large"));
    assert_ne!(hash(&rendered(&other)), hash(&one));
    // The owner is who asked, not what runs.
    let template = mongodb();
    let params = template.validate(&body()).unwrap_or_else(|e| panic!("{e}"));
    let by_other = Resolved {
        owner: "another",
        ..resolved(27020)
    };
    let spec = render("mongodb", &template, &params, &by_other).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(hash(&spec), hash(&one));
}

#[test]
fn render_refuses_a_port_its_template_or_body_refuses() {
    let template = mongodb();
    let params = template.validate(&body()).unwrap_or_else(|e| panic!("{e}"));
    let with = |port| {
        render(
            "mongodb",
            &template,
            &params,
            &Resolved {
                port,
                ..resolved(0)
            },
        )
    };
    assert_eq!(with(None), Err(RenderError::PortMissing));
    assert_eq!(with(Some(27000)), Err(RenderError::PortOutsidePool(27000)));
    assert_eq!(
        with(Some(27021)),
        Err(RenderError::PortNotAsked(27021, 27020))
    );
    let mut no_pool = mongodb();
    no_pool.ports = None;
    no_pool.args.retain(|a| *a != Item::Param("port".into()));
    let mut body = body();
    body.remove("port");
    let params = no_pool.validate(&body).unwrap_or_else(|e| panic!("{e}"));
    let spec = render(
        "mongodb",
        &no_pool,
        &params,
        &Resolved {
            port: None,
            ..resolved(0)
        },
    );
    assert!(spec.is_ok_and(|s| s.endpoint_spec.and_then(|e| e.ports).is_none()));
    let spec = render(
        "mongodb",
        &no_pool,
        &params,
        &Resolved {
            port: Some(1),
            ..resolved(0)
        },
    );
    assert_eq!(spec, Err(RenderError::PortWithoutPool(1)));
}

#[test]
fn service_names_follow_the_instance_and_stay_within_63() {
    assert_eq!(
        clone_service_name("bosun", "mongodb", "node_a"),
        "bosun-clone-mongodb-node_a"
    );
    assert_eq!(
        clone_service_name("blue", "mongodb", "node_a"),
        "blue--clone-mongodb-node_a"
    );
    assert_eq!(
        clone_volume_name("blue", "mongodb", "n"),
        "blue--clone-mongodb-n-data"
    );
    // bosun-clone-mongodb- is 20 characters: 43 are left for the node id.
    assert_eq!(longest_node_id("bosun", "mongodb"), Some(43));
    assert_eq!(longest_node_id("twelve-chars", "mongodb"), Some(35));
    assert_eq!(longest_node_id("bosun", &"t".repeat(60)), None);
    // A name past 63 is refused by render too, whatever the config let through.
    let mut template = mongodb();
    template.node_id = regex("[a-z]{1,63}");
    let mut body = body();
    body.insert("node_id".into(), json!("a".repeat(44)));
    let params = template.validate(&body).unwrap_or_else(|e| panic!("{e}"));
    let error = render("mongodb", &template, &params, &resolved(27020)).unwrap_err();
    assert!(
        matches!(error, RenderError::NameTooLong(ref n) if n.len() == 64),
        "{error}"
    );
    body.insert("node_id".into(), json!("a".repeat(43)));
    let params = template.validate(&body).unwrap_or_else(|e| panic!("{e}"));
    assert!(render("mongodb", &template, &params, &resolved(27020)).is_ok());
}

#[test]
fn the_node_id_rule_holds_whatever_the_pattern() {
    for ok in ["a", "0", "node_a", "a-b_c", &"a".repeat(63)] {
        assert!(valid_node_id(ok), "{ok}");
    }
    for bad in [
        "",
        "_a",
        "-a",
        "A",
        "a.b",
        "a/b",
        "a b",
        "é",
        &"a".repeat(64),
    ] {
        assert!(!valid_node_id(bad), "{bad:?}");
    }
}
