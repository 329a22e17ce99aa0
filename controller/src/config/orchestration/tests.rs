//! The `orchestration` section: a full one read back, the defaults, the environment switch,
//! and every refusal with its position.

use std::time::Duration;

use super::*;
use crate::config::parse;
use crate::orchestration::model::{Permission, Role};
use crate::orchestration::template::{Format, Item, ParamKind, PortPool};

const DIGEST: &str = "5f2b51ca2fdc5baa31ec02e002f69aec5e4b1d6b0e2c3a0fd2b4d1e1d1f8a0a1";
const OTHER: &str = "0000000000000000000000000000000000000000000000000000000000000001";

const FULL: &str = r#"
targets: {}
orchestration:
  enabled: true
  listen: 127.0.0.1:9090
  cleanup_stopped_after: 7d
  limits: {per_token_per_minute: 60, per_peer_per_minute: 100, concurrent_spawns: 2,
           quota_per_token: 5, pending_requests: 10, max_body_bytes: 4096}
  audit: {retention: 30d, max_records: 1000}
  tokens:
    - {name: ops, sha256: 5F2B51CA2FDC5BAA31EC02E002F69AEC5E4B1D6B0E2C3A0FD2B4D1E1D1F8A0A1, role: SUPER_ADMIN, expires: 2027-06-01T00:00:00Z}
    - {name: node-a, sha256: 0000000000000000000000000000000000000000000000000000000000000001, role: NODE_OPERATOR, node_ids: [node_a, node_b]}
  templates:
    mongodb:
      image: bosun-e2e/mongodb:latest
      node_id: {pattern: "node_[a-z0-9]{1,32}"}
      parameters:
        node_tron_address: {format: tron-address}
        cache_mb: {integer: {min: 64, max: 4096}}
        tier: {enum: [small, large]}
        label: {pattern: "[a-z ]{1,20}", optional: true}
      args: ["--bind_ip_all", "--port", {param: port}, "--cache", {param: cache_mb}, 7]
      env: {NODE_ID: {param: node_id}, TRON_ADDRESS: {param: node_tron_address}, MODE: clone, LABEL: {param: label}}
      ports: {pool: 27017-27116, target: 27017}
      networks: [bosun-apps]
      volume: {target: /data/db}
      resources: {limits: {memory: 512M, cpus: 0.5}, reservations: {memory: 128M, cpus: 0.1}}
      placement: {constraints: ["node.role==worker"]}
      health: {test: ["CMD", "/bin/mongo-ping"], interval: 5s, timeout: 3s, retries: 3, start_period: 10s}
      max_clones: 20
      user: "999:999"
    redis:
      image: redis:7
      permission: ORCHESTRATE_CONTAINERS
      node_id: {pattern: "[a-z]{1,10}"}
      networks: [a, b]
      resources: {limits: {memory: 64M, cpus: 0.1}}
      max_clones: 1
"#;

fn section(text: &str) -> Orchestration {
    parse(text).unwrap_or_else(|e| panic!("{e}")).orchestration
}

#[test]
fn a_full_section_reads_back() {
    let o = section(FULL);
    assert!(o.enabled);
    assert_eq!(o.listen.to_string(), "127.0.0.1:9090");
    assert_eq!(
        o.cleanup_stopped_after,
        Some(Duration::from_secs(7 * 86_400))
    );
    assert_eq!(
        o.limits,
        ApiLimits {
            per_token_per_minute: 60,
            per_peer_per_minute: 100,
            concurrent_spawns: 2,
            quota_per_token: 5,
            pending_requests: 10,
            max_body_bytes: 4096,
        }
    );
    assert_eq!(o.audit.retention, Duration::from_secs(30 * 86_400));
    assert_eq!(o.audit.max_records, 1000);
    let [ops, node] = o.tokens.as_slice() else {
        panic!("{:?}", o.tokens)
    };
    assert_eq!((ops.name.as_str(), ops.role), ("ops", Role::SuperAdmin));
    assert_eq!(ops.sha256[0], 0x5f, "hex read in either case");
    assert!(ops.expires.is_some() && node.expires.is_none());
    assert_eq!(node.role, Role::NodeOperator);
    assert_eq!(
        node.node_ids.iter().collect::<Vec<_>>(),
        ["node_a", "node_b"]
    );

    let mongo = &o.templates["mongodb"];
    assert_eq!(
        mongo.permission,
        Some(Permission::ManageMongodbInstances),
        "by its name"
    );
    assert_eq!(mongo.node_id.source(), "node_[a-z0-9]{1,32}");
    assert_eq!(
        mongo.parameters["node_tron_address"].kind,
        ParamKind::Format(Format::TronAddress)
    );
    assert_eq!(
        mongo.parameters["cache_mb"].kind,
        ParamKind::Integer { min: 64, max: 4096 }
    );
    assert!(mongo.parameters["label"].optional && !mongo.parameters["tier"].optional);
    assert_eq!(mongo.args[2], Item::Param("port".into()));
    assert_eq!(mongo.args[5], Item::Literal("7".into()));
    assert_eq!(mongo.env["MODE"], Item::Literal("clone".into()));
    assert_eq!(
        mongo.ports,
        Some(PortPool {
            first: 27017,
            last: 27116,
            target: 27017
        })
    );
    assert_eq!(mongo.resources.memory_bytes, 512 << 20);
    assert_eq!(mongo.resources.reserved_nano_cpus, Some(100_000_000));
    assert_eq!(mongo.health.as_ref().map(|h| h.retries), Some(3));
    assert_eq!(mongo.max_clones, 20);
    let redis = &o.templates["redis"];
    assert_eq!(redis.permission, Some(Permission::OrchestrateContainers));
    assert_eq!(
        (redis.ports, redis.volume.clone(), redis.health.clone()),
        (None, None, None)
    );
}

#[test]
fn the_section_is_off_by_default() {
    let o = section("targets: {}\n");
    assert_eq!(o, Orchestration::default());
    assert!(!o.enabled);
    assert_eq!(o.listen.to_string(), "0.0.0.0:8090");
    assert_eq!(o.cleanup_stopped_after, None);
    assert_eq!(section("targets: {}\norchestration: {}\n"), o);
    assert_eq!(
        section("targets: {}\norchestration: {cleanup_stopped_after: 0}\n").cleanup_stopped_after,
        None
    );
}

#[test]
fn the_environment_turns_it_on_and_a_bad_value_is_an_error() {
    let off = Orchestration::default();
    let on = Orchestration {
        enabled: true,
        ..Default::default()
    };
    assert_eq!(off.enabled_with(None), Ok(false));
    assert_eq!(on.enabled_with(None), Ok(true));
    for yes in ["true", "TRUE", "1"] {
        assert_eq!(off.enabled_with(Some(yes)), Ok(true), "{yes}");
    }
    for no in ["false", "0"] {
        assert_eq!(off.enabled_with(Some(no)), Ok(false), "{no}");
        assert_eq!(
            on.enabled_with(Some(no)),
            Ok(true),
            "the config still enables it"
        );
    }
    for bad in ["", "yes", "on", "2", " true"] {
        let error = off.enabled_with(Some(bad)).unwrap_err();
        assert!(error.contains("ENABLE_SERVICE_ORCHESTRATION"), "{error}");
    }
}

/// A config with one template `t` whose body is `template` (YAML flow-mapping fields).
fn with_template(fields: &str) -> String {
    format!(
        "targets: {{}}\norchestration:\n  templates:\n    t: {{image: i, node_id: {{pattern: '[a-z]{{1,8}}'}}, networks: [n], resources: {{limits: {{memory: 64M, cpus: 0.1}}}}, max_clones: 1, {fields}}}\n"
    )
}

/// The first error line of a refused config, without `<config>:`.
fn first_error(text: &str) -> String {
    match parse(text) {
        Ok(c) => panic!("expected an error, got {:?}\n{text}", c.orchestration),
        Err(e) => e
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .replacen("<config>:", "", 1),
    }
}

#[test]
fn every_refusal_is_clear_and_located() {
    let token = |fields: &str| {
        format!(
            "targets: {{}}\norchestration:\n  tokens:\n    - {{name: a, sha256: {DIGEST}, role: ADMIN{fields}}}\n"
        )
    };
    let long_name = "t".repeat(31);
    let cases: Vec<(String, &str)> = vec![
        (
            "targets: {}\norchestration: {enable: true}\n".into(),
            "unknown field `enable`",
        ),
        (
            "targets: {}\norchestration: {listen: 8090}\n".into(),
            "orchestration.listen: \"8090\" is not a listen address",
        ),
        (
            "targets: {}\norchestration: {cleanup_stopped_after: 10s}\n".into(),
            "cleanup_stopped_after: 10s is too short: at least 1m",
        ),
        (
            "targets: {}\norchestration: {limits: {concurrent_spawns: 0}}\n".into(),
            "limits.concurrent_spawns: must be more than zero",
        ),
        (
            "targets: {}\norchestration: {limits: {max_body_bytes: 100}}\n".into(),
            "limits.max_body_bytes: 100 is out of range",
        ),
        (
            "targets: {}\norchestration: {audit: {retention: 1h}}\n".into(),
            "audit.retention: 1h is too short: at least 1d",
        ),
        // tokens
        (
            token(", node_ids: [node_a]"),
            "tokens[0].node_ids: only a NODE_OPERATOR has node_ids, not ADMIN",
        ),
        (
            token("").replace("ADMIN", "ROOT"),
            "tokens[0].role: unknown role \"ROOT\"",
        ),
        (
            token("").replace(DIGEST, "abc"),
            "tokens[0].sha256: is not a SHA-256 (64 hex digits)",
        ),
        (
            token("").replace(DIGEST, &"g".repeat(64)),
            "is not a SHA-256",
        ),
        (
            token("").replace(
                DIGEST,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            "is the SHA-256 of an empty token",
        ),
        (
            token("").replace("ADMIN", "NODE_OPERATOR"),
            "a NODE_OPERATOR needs the node ids",
        ),
        (
            token(", expires: soon"),
            "tokens[0].expires: \"soon\" is not an RFC 3339 instant",
        ),
        (
            token("").replace("name: a", "name: 'A b'"),
            "tokens[0].name: \"A b\" is not a token name",
        ),
        (
            token("").replace("name: a", "name: bosun-cleanup"),
            "tokens[0].name: \"bosun-cleanup\" is reserved",
        ),
        (
            format!(
                "{}    - {{name: a, sha256: {OTHER}, role: USER}}\n",
                token("")
            ),
            "tokens[1].name: token name \"a\" is already tokens[0]'s",
        ),
        (
            format!(
                "{}    - {{name: b, sha256: {DIGEST}, role: USER}}\n",
                token("")
            ),
            "tokens[1].sha256: this digest is already tokens[0]'s",
        ),
        // templates
        (with_template("nope: 1"), "unknown field `nope`"),
        (
            with_template("permission: GOD"),
            "templates.t.permission: unknown permission \"GOD\"",
        ),
        (
            with_template("").replace("'[a-z]{1,8}'", "'[a-z'"),
            "node_id.pattern: \"[a-z\" is not a valid regex",
        ),
        (
            with_template("").replace("'[a-z]{1,8}'", "'[a-z.]{1,8}'"),
            "node_id.pattern: \"[a-z.]{1,8}\" could accept '.'",
        ),
        (
            with_template("").replace("'[a-z]{1,8}'", "'[a-z]+'"),
            "accepts node_ids of any length",
        ),
        (
            with_template("").replace("'[a-z]{1,8}'", "'[a-z]{1,50}'"),
            "node_id.pattern: accepts node ids of up to 50 characters, but \"bosun-clone-t-\" leaves 49",
        ),
        (
            with_template("")
                .replace("    t: ", &format!("    {long_name}: "))
                .replace("'[a-z]{1,8}'", "'[a-z]{1,20}'"),
            "leaves 19 of Docker's 63",
        ),
        (
            with_template("parameters: {x: {pattern: '(' }}"),
            "parameters.x.pattern: \"(\" is not a valid regex",
        ),
        (
            with_template("parameters: {x: {integer: {min: 5, max: 1}}}"),
            "parameters.x.integer: min 5 is above max 1",
        ),
        (
            with_template("parameters: {x: {enum: []}}"),
            "parameters.x.enum: an enum needs at least one value",
        ),
        (
            with_template("parameters: {x: {format: iban}}"),
            "parameters.x.format: unknown format \"iban\"",
        ),
        (
            with_template("parameters: {x: {pattern: a, enum: [a]}}"),
            "exactly one of `pattern`, `integer`, `enum` or `format`",
        ),
        (
            with_template("parameters: {port: {pattern: a}}"),
            "parameters.port: \"port\" is a field of every template",
        ),
        (
            with_template("parameters: {Bad: {pattern: a}}"),
            "\"Bad\" is not a parameter name",
        ),
        (
            with_template("args: [{param: x}]"),
            "args[0]: {param: x} names no parameter of this template",
        ),
        (
            with_template("args: [{param: port}]"),
            "args[0]: {param: port} names no parameter",
        ),
        (
            with_template("env: {X: {param: y}}"),
            "env.X: {param: y} names no parameter",
        ),
        (with_template("args: [{prm: x}]"), "unknown field `prm`"),
        (
            with_template("parameters: {x: {pattern: a, optional: true}}, args: [{param: x}]"),
            "args[0]: \"x\" is optional: it may be an env value, not an argument",
        ),
        (
            with_template("ports: {pool: 27116-27017, target: 1}"),
            "ports.pool: \"27116-27017\" is empty",
        ),
        (
            with_template("ports: {pool: 0-10, target: 1}"),
            "ports.pool: 0 is not a port",
        ),
        (
            with_template("ports: {pool: 27017, target: 1}"),
            "is not a port pool like 27017-27116",
        ),
        (
            with_template("").replace("networks: [n]", "networks: [host]"),
            "networks: \"host\" is not allowed",
        ),
        (
            with_template("").replace("networks: [n]", "networks: [n, ingress]"),
            "networks: \"ingress\" is not allowed",
        ),
        (
            with_template("").replace("networks: [n]", "networks: [bridge]"),
            "\"bridge\" is not allowed",
        ),
        (
            with_template("").replace("networks: [n]", "networks: [none]"),
            "\"none\" is not allowed",
        ),
        (
            with_template("").replace("networks: [n]", "networks: []"),
            "a template needs at least one network",
        ),
        (
            with_template("volume: {target: data}"),
            "volume.target: \"data\" is not an absolute path",
        ),
        (
            with_template("volume: {target: /}"),
            "a volume cannot be mounted at /",
        ),
        (
            with_template("").replace("memory: 64M, ", ""),
            "missing field `memory`",
        ),
        (
            with_template("").replace(", resources: {limits: {memory: 64M, cpus: 0.1}}", ""),
            "missing field `resources`",
        ),
        (
            with_template("").replace("cpus: 0.1}", "cpus: 0.1}, reservations: {memory: 1G}"),
            "resources.reservations.memory: reserves more memory than the limit",
        ),
        (
            with_template("health: {test: [CMD]}"),
            "health.test: must be [\"CMD\", program",
        ),
        (
            with_template("health: {test: [RUN, x]}"),
            "health.test: must be",
        ),
        (
            with_template("").replace("max_clones: 1", "max_clones: 0"),
            "max_clones: 0 is out of range",
        ),
        (
            with_template("user: ''"),
            "templates.t.user: the user is empty",
        ),
        (
            with_template("").replace("    t: ", "    services: "),
            "templates.services: \"services\" cannot name a template: /orchestrate/services/… is one of the API's own routes",
        ),
        (
            with_template("").replace("    t: ", "    Bad_T: "),
            "templates.Bad_T: \"Bad_T\" is not a template name",
        ),
        (
            format!(
                "{}    t-x: {{image: i, node_id: {{pattern: 'a'}}, networks: [n], resources: {{limits: {{memory: 1M, cpus: 1}}}}, max_clones: 1}}\n",
                with_template("")
            ),
            "templates.t-x: templates \"t\" and \"t-x\" could give two clones one service name",
        ),
    ];
    let mut failures = Vec::new();
    for (text, expected) in &cases {
        let first = first_error(text);
        if !first.contains(expected) {
            failures.push(format!("{text}\nexpected {expected}\n     got {first}"));
        }
        let located = first
            .split(':')
            .take(2)
            .all(|p| p.trim().parse::<u64>().is_ok());
        if !located {
            failures.push(format!("{text}\nnot located: {first}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn another_instance_leaves_less_room_for_node_ids() {
    // `bosun-clone-t-` is 14 characters (49 left); `blue--clone-t-` is 14 too, and a
    // twelve-character instance's prefix is 7 longer.
    let fits = with_template("").replace("'[a-z]{1,8}'", "'[a-z]{1,42}'");
    assert!(parse(&fits).is_ok());
    let long = format!("instance: abcdefghijkl\n{fits}");
    let error = first_error(&long);
    assert!(error.contains("leaves 41 of Docker's 63"), "{error}");
}
