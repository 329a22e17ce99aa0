//! The property test: whatever template the config accepts and whatever body a caller sends,
//! a spec that renders is a plain container. It passes [`assert_safe`], and, checked here
//! field by field rather than through it: no mount but the clone's own named volume (no host
//! path, no Docker socket), no network but the resolved one, no capability, no privilege, the
//! port published on the node only, and every argv item exactly one template item.
//!
//! Templates are drawn within the config's rules (bounded node_id patterns over `[a-z0-9_-]`,
//! optional parameters only in `env`, absolute volume targets, allowed network names), with
//! hostile literals and enum values (`--privileged`, `/var/run/docker.sock`, `host`, `$(…)`).
//! Bodies are mostly valid (values drawn from each parameter's own pattern, range or list) and
//! sometimes hostile (any string, any JSON type, unknown fields).

use std::collections::BTreeMap;
use std::time::Duration;

use bollard::models::{EndpointPortConfigPublishModeEnum, MountType, ServiceSpec};
use bosun_core::policy::UserRegex;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::string::string_regex;
use serde_json::{Map, Value, json};

use super::*;

const NODE_ID_PATTERNS: [&str; 3] = [
    "node_[a-z0-9]{1,32}",
    "[a-z0-9]{1,20}",
    "[a-z][a-z0-9_-]{0,30}",
];
const VALUE_PATTERNS: [&str; 3] = [".{1,40}", "[a-z/.]{1,20}", "[ -~]{1,64}"];
const HOSTILE: [&str; 8] = [
    "--privileged",
    "/var/run/docker.sock",
    "/var/run/docker.sock:/var/run/docker.sock",
    "host",
    "$(cat /etc/shadow)",
    "-v /:/host",
    "a b c",
    "--cap-add=SYS_ADMIN",
];
const ADDRESSES: [&str; 2] = [
    "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7",
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
];

fn regex(source: &str) -> UserRegex {
    UserRegex::new(source).unwrap_or_else(|e| panic!("{source}: {e}"))
}

fn literal() -> impl Strategy<Value = String> {
    prop_oneof![select(HOSTILE.to_vec()).prop_map(String::from), ".{0,30}"]
}

fn kind() -> impl Strategy<Value = ParamKind> {
    prop_oneof![
        select(VALUE_PATTERNS.to_vec()).prop_map(|p| ParamKind::Pattern(regex(p))),
        (-1000i64..1000, 0i64..100_000).prop_map(|(min, span)| ParamKind::Integer {
            min,
            max: min + span
        }),
        prop::collection::vec(literal().prop_filter("non-empty", |s| !s.is_empty()), 1..4)
            .prop_map(ParamKind::Enum),
        Just(ParamKind::Format(Format::TronAddress)),
    ]
}

fn parameters() -> impl Strategy<Value = BTreeMap<String, Parameter>> {
    prop::collection::vec((kind(), any::<bool>()), 0..4).prop_map(|kinds| {
        kinds
            .into_iter()
            .enumerate()
            .map(|(i, (kind, optional))| (format!("p{i}"), Parameter { kind, optional }))
            .collect()
    })
}

/// An argv item or env value: a literal, or the name of something it may reference.
fn item(names: Vec<String>) -> impl Strategy<Value = Item> {
    prop_oneof![
        literal().prop_map(Item::Literal),
        select(names).prop_map(Item::Param),
    ]
}

fn template() -> impl Strategy<Value = Template> {
    let ports = proptest::option::of((1u16..60000, 0u16..200, 1u16..65535));
    (parameters(), ports).prop_flat_map(|(parameters, ports)| {
        let pool = ports.map(|(first, span, target)| PortPool {
            first,
            last: first + span,
            target,
        });
        let mut all = vec![NODE_ID_FIELD.to_string()];
        all.extend(pool.map(|_| PORT_FIELD.to_string()));
        let required: Vec<String> = all
            .iter()
            .cloned()
            .chain(
                parameters
                    .iter()
                    .filter(|(_, p)| !p.optional)
                    .map(|(n, _)| n.clone()),
            )
            .collect();
        all.extend(parameters.keys().cloned());
        let networks = prop::collection::vec(
            "[a-z][a-z0-9-]{0,10}".prop_filter("allowed", |n| {
                !safety::FORBIDDEN_NETWORKS.contains(&n.as_str())
            }),
            1..3,
        );
        let target = prop_oneof![
            Just("/var/run/docker.sock".to_string()),
            Just("/".to_string()),
            "/[a-z/._-]{0,30}",
        ];
        (
            (
                Just(parameters),
                Just(pool),
                select(NODE_ID_PATTERNS.to_vec()),
                prop::collection::vec(item(required), 0..6),
                prop::collection::btree_map("[A-Z_]{1,8}", item(all), 0..5),
                networks,
            ),
            (
                proptest::option::of(target),
                (1i64..1 << 34, 1i64..4_000_000_000),
                prop::collection::vec(literal(), 0..3),
                proptest::option::of(prop::collection::vec(literal(), 1..3)),
                proptest::option::of(literal()),
                ".{1,40}",
            ),
        )
            .prop_map(
                |(
                    (parameters, ports, pattern, args, env, networks),
                    (volume, (memory_bytes, nano_cpus), constraints, health, user, image),
                )| Template {
                    image,
                    permission: None,
                    node_id: regex(pattern),
                    parameters,
                    args,
                    env,
                    ports,
                    networks,
                    volume: volume.map(|target| Volume { target }),
                    resources: Resources {
                        memory_bytes,
                        nano_cpus,
                        reserved_memory_bytes: None,
                        reserved_nano_cpus: Some(1),
                    },
                    constraints,
                    health: health.map(|test| Health {
                        test,
                        interval: Duration::from_secs(5),
                        timeout: Duration::from_secs(3),
                        retries: 3,
                        start_period: Duration::ZERO,
                    }),
                    max_clones: 5,
                    user,
                },
            )
    })
}

/// Anything a hostile caller might send as one value.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        literal().prop_map(Value::String),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        Just(json!(null)),
        Just(json!(["a"])),
        Just(json!({"a": 1})),
    ]
}

/// A value the parameter accepts, mostly.
fn value_for(parameter: &Parameter) -> BoxedStrategy<Value> {
    let good: BoxedStrategy<Value> = match &parameter.kind {
        ParamKind::Pattern(re) => string_regex(re.source())
            .map(|s| s.prop_map(Value::String).boxed())
            .unwrap_or_else(|_| hostile_value().boxed()),
        ParamKind::Integer { min, max } => (*min..=*max).prop_map(|n| json!(n)).boxed(),
        ParamKind::Enum(values) => select(values.clone()).prop_map(Value::String).boxed(),
        ParamKind::Format(_) => select(ADDRESSES.to_vec()).prop_map(|a| json!(a)).boxed(),
    };
    prop_oneof![9 => good, 1 => hostile_value()].boxed()
}

/// A body for `template`: each field present or not, mostly valid.
fn body(template: &Template) -> BoxedStrategy<Map<String, Value>> {
    let node_id = string_regex(template.node_id.source())
        .map(|s| s.prop_map(Value::String).boxed())
        .unwrap_or_else(|_| hostile_value().boxed());
    let mut fields: Vec<BoxedStrategy<(String, Option<Value>)>> = vec![
        prop_oneof![9 => node_id.prop_map(Some), 1 => Just(None)]
            .prop_map(|v| (NODE_ID_FIELD.to_string(), v))
            .boxed(),
        proptest::option::of(prop_oneof![
            select(template.networks.clone()).prop_map(Value::String),
            hostile_value(),
        ])
        .prop_map(|v| (NETWORK_FIELD.to_string(), v))
        .boxed(),
        proptest::option::weighted(0.05, ("[a-z_]{1,8}", hostile_value()))
            .prop_map(|extra| match extra {
                Some((name, value)) => (name, Some(value)),
                None => (String::new(), None),
            })
            .boxed(),
    ];
    if let Some(pool) = template.ports {
        let port = prop_oneof![
            (pool.first..=pool.last).prop_map(|p| json!(p)),
            hostile_value()
        ];
        fields.push(
            proptest::option::of(port)
                .prop_map(|v| (PORT_FIELD.to_string(), v))
                .boxed(),
        );
    }
    for (name, parameter) in &template.parameters {
        let name = name.clone();
        fields.push(
            prop_oneof![19 => value_for(parameter).prop_map(Some), 1 => Just(None)]
                .prop_map(move |v| (name.clone(), v))
                .boxed(),
        );
    }
    fields
        .prop_map(|fields| {
            fields
                .into_iter()
                .filter_map(|(name, value)| value.map(|v| (name, v)))
                .collect()
        })
        .boxed()
}

/// Everything the property promises of one rendered spec.
fn check(template: &Template, params: &Params, spec: &ServiceSpec, network_id: &str) {
    assert_eq!(assert_safe(spec), Ok(()));
    let name = spec.name.clone().unwrap_or_default();
    assert!(name.len() <= MAX_SERVICE_NAME, "{name}");
    let task = spec.task_template.clone().unwrap_or_default();
    assert!(task.plugin_spec.is_none() && task.runtime.is_none());
    let targets: Vec<_> = task
        .networks
        .iter()
        .flatten()
        .map(|n| n.target.clone())
        .collect();
    assert_eq!(targets, [Some(network_id.to_string())]);
    let container = task.container_spec.unwrap_or_default();
    assert!(container.capability_add.is_none() && container.privileges.is_none());
    assert!(container.sysctls.is_none() && container.secrets.is_none());
    for mount in container.mounts.iter().flatten() {
        assert_eq!(mount.typ, Some(MountType::VOLUME));
        assert_eq!(mount.source, Some(format!("{name}-data")));
        let options = mount.volume_options.as_ref();
        assert!(options.is_none_or(|o| o.driver_config.is_none()));
        assert!(mount.bind_options.is_none() && mount.tmpfs_options.is_none());
    }
    let args = container.args.unwrap_or_default();
    assert_eq!(
        args.len(),
        template.args.len(),
        "one argv item per template item"
    );
    for (item, arg) in template.args.iter().zip(&args) {
        match item {
            Item::Literal(text) => assert_eq!(arg, text),
            Item::Param(p) if p == NODE_ID_FIELD => assert_eq!(arg, params.node_id()),
            Item::Param(p) if p == PORT_FIELD => assert!(arg.parse::<u16>().is_ok()),
            Item::Param(p) => assert_eq!(
                Some(arg.clone()),
                params.values().get(p).map(|v| v.as_text())
            ),
        }
    }
    for entry in container.env.iter().flatten() {
        let (var, _) = entry.split_once('=').unwrap_or_default();
        assert!(template.env.contains_key(var), "{entry}");
    }
    for port in spec
        .endpoint_spec
        .iter()
        .flat_map(|e| e.ports.iter().flatten())
    {
        assert_eq!(
            port.publish_mode,
            Some(EndpointPortConfigPublishModeEnum::HOST)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_template_and_body_render_an_unsafe_service(
        (template, body, network_id, name) in template().prop_flat_map(|t| {
            let body = body(&t);
            (Just(t), body, "[a-z0-9]{25}", "[a-z][a-z0-9]{0,8}")
        })
    ) {
        let Ok(params) = template.validate(&body) else {
            return Ok(());
        };
        prop_assert!(valid_node_id(params.node_id()));
        let port = template.ports.map(|pool| params.port().unwrap_or(pool.first));
        let resolved = Resolved { instance: "bosun", network_id: &network_id, port, owner: "ops" };
        let spec = render(&name, &template, &params, &resolved);
        prop_assert!(spec.is_ok(), "{:?}", spec);
        if let Ok(spec) = spec {
            check(&template, &params, &spec, &network_id);
        }
    }
}
