//! From the text shape (`text.rs`) to the validated [`Config`]: defaults, conversions and the
//! checks that span values. Every problem is collected with its position and path, so one
//! run reports all of them.
//!
//! A target declared with labels (`labels.rs`) is read into the same [`TargetText`] and goes
//! through the same checks ([`validate_target`]); its positions stand for its labels.

use std::collections::BTreeMap;
use std::time::Duration;

use super::location::LocatedMap;
use super::location::{ConfigError, Located, Position};
use super::orchestration;
use super::text::{
    ClientText, ConfigText, DiscoveryText, DurationText, ExecText, IntervalsText, LimitsText,
    PeriodText, ProxyText, RotationText, SelectorText, TargetText,
};
use super::values;
use super::{
    ClientSpec, Config, DEFAULT_INSTANCE, DEFAULT_KEY_GID, DEFAULT_KEY_MODE, DEFAULT_KEY_UID,
    DEFAULT_ROTATION, DiscoverySettings, ExecSettings, Intervals, LabelSettings, Limits, Origin,
    ProxySettings, Rotation, Selector, Target, TargetPolicy, default_key_path,
};

/// Defaults of the file's settings (docs/controller.md).
pub const DEFAULT_NETWORK: &str = "bosun";
pub const DEFAULT_IMAGE: &str = "bosun/proxy:latest";
pub const DEFAULT_PORT: u16 = 2222;
pub const DEFAULT_SSH_USER: &str = "bosun";
pub const DEFAULT_DOCKER_SOCKET: &str = "/var/run/docker.sock";
pub const DEFAULT_RESYNC: Duration = Duration::from_secs(30);
pub const DEFAULT_TASK_POLL: Duration = Duration::from_secs(5);
pub const DEFAULT_WATCH_DEADLINE: Duration = Duration::from_secs(90);
pub const DEFAULT_ABSENT_GRACE: Duration = Duration::from_secs(120);
/// The leader's lease: shorter than the stack's health check takes to kill a stuck task
/// (3 × 10 s), long enough that a renewal every third of it rides out a slow manager.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(15);
/// The shortest lease: its margin (a fifth) must outlast an Engine call.
pub const MIN_LEASE: Duration = Duration::from_secs(3);
/// How long a discovery record is valid: clients keep their last good record past it, but
/// refuse one received after it; the leader republishes at half of it.
pub const DEFAULT_VALIDITY: Duration = Duration::from_secs(3600);
/// How long the record's signing key signs before it rolls, by default.
pub const DEFAULT_SIGNING_KEY_PERIOD: Option<Duration> = Some(Duration::from_secs(365 * 86_400));
/// The shortest validity: a record must outlive a leader change and a client's long-poll.
pub const MIN_VALIDITY: Duration = Duration::from_secs(60);

/// Collects errors while the config is built (here and in `orchestration`).
#[derive(Default)]
pub(super) struct Errors(Vec<ConfigError>);

impl Errors {
    pub(super) fn push(
        &mut self,
        at: Position,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(ConfigError::new(at, path, message));
    }

    /// How many errors so far.
    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    /// The checked value, or `None` after recording the error.
    pub(super) fn check<T>(
        &mut self,
        at: Position,
        path: &str,
        result: Result<T, String>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.push(at, path, message);
                None
            }
        }
    }
}

/// Validates the text; all errors, or the config. `targets_at` is where a `targets:` key
/// without a value is written (the start of the file when there is no such key).
pub fn validate(text: ConfigText, targets_at: Position) -> Result<Config, Vec<ConfigError>> {
    let mut errors = Errors::default();
    let instance = string_or(
        &mut errors,
        text.instance,
        "instance",
        DEFAULT_INSTANCE,
        values::instance,
    );
    let network = match text.network {
        Some(n) => {
            errors.check(n.at, "network", values::docker_name("network", &n.value));
            n.value
        }
        None => DEFAULT_NETWORK.to_string(),
    };
    let proxy = proxy_settings(&mut errors, text.proxy.unwrap_or_default());
    let intervals = intervals(&mut errors, text.intervals.unwrap_or_default());
    let rotation = rotation(
        &mut errors,
        "rotation",
        text.rotation.unwrap_or_default(),
        &DEFAULT_ROTATION,
    );
    let discovery = discovery_settings(&mut errors, text.discovery.unwrap_or_default());
    let orchestration = orchestration::orchestration(&mut errors, text.orchestration, &instance);
    let targets = match text.targets {
        Some(targets) => file_targets(&mut errors, targets, &rotation),
        None => {
            // Missing or null would mean "no targets": every proxy removed. Say it explicitly.
            errors.push(
                targets_at,
                "targets",
                "is required: write `targets: {}` for a controller without file targets",
            );
            BTreeMap::new()
        }
    };
    if !errors.0.is_empty() {
        return Err(errors.0);
    }
    Ok(Config {
        instance,
        allow_remove_all: text.allow_remove_all.unwrap_or(false),
        network,
        proxy,
        intervals,
        discovery,
        labels: LabelSettings {
            enabled: text.labels.and_then(|l| l.enabled).unwrap_or(true),
        },
        rotation,
        targets,
        orchestration,
    })
}

fn proxy_settings(errors: &mut Errors, text: ProxyText) -> ProxySettings {
    let image = string_or(errors, text.image, "proxy.image", DEFAULT_IMAGE, |v| {
        values::word("image", v)
    });
    let port = match text.port {
        Some(p) => errors
            .check(p.at, "proxy.port", values::port(p.value))
            .unwrap_or(DEFAULT_PORT),
        None => DEFAULT_PORT,
    };
    let ssh_user = string_or(
        errors,
        text.ssh_user,
        "proxy.ssh_user",
        DEFAULT_SSH_USER,
        |v| values::word("SSH user", v),
    );
    let docker_socket = string_or(
        errors,
        text.docker_socket,
        "proxy.docker_socket",
        DEFAULT_DOCKER_SOCKET,
        values::absolute_path,
    );
    ProxySettings {
        image,
        port,
        ssh_user,
        docker_socket,
    }
}

fn intervals(errors: &mut Errors, text: IntervalsText) -> Intervals {
    let mut interval = |value: Option<Located<DurationText>>, path: &str, default| match value {
        Some(v) => errors
            .check(v.at, path, values::duration(&v.value.0))
            .map(|d| (d, v.at))
            .unwrap_or((default, Position::UNKNOWN)),
        None => (default, Position::UNKNOWN),
    };
    let (resync, _) = interval(text.resync, "intervals.resync", DEFAULT_RESYNC);
    let (task_poll, _) = interval(text.task_poll, "intervals.task_poll", DEFAULT_TASK_POLL);
    let (watch_deadline, deadline_at) = interval(
        text.watch_deadline,
        "intervals.watch_deadline",
        DEFAULT_WATCH_DEADLINE,
    );
    let (absent_grace, _) = interval(
        text.absent_grace,
        "intervals.absent_grace",
        DEFAULT_ABSENT_GRACE,
    );
    let (lease, lease_at) = interval(text.lease, "intervals.lease", DEFAULT_LEASE);
    if lease < MIN_LEASE {
        errors.push(
            lease_at,
            "intervals.lease",
            format!(
                "{} is too short: at least {} (the leader stops writing when a fifth of it is left, and that must outlast an Engine call)",
                humantime::format_duration(lease),
                humantime::format_duration(MIN_LEASE)
            ),
        );
    }
    if watch_deadline <= resync {
        errors.push(
            deadline_at,
            "intervals.watch_deadline",
            format!(
                "{} must be longer than intervals.resync ({}), or /healthz fails between two resyncs",
                humantime::format_duration(watch_deadline),
                humantime::format_duration(resync)
            ),
        );
    }
    Intervals {
        resync,
        task_poll,
        watch_deadline,
        absent_grace,
        lease,
    }
}

fn discovery_settings(errors: &mut Errors, text: DiscoveryText) -> DiscoverySettings {
    let validity = match text.validity {
        Some(v) => errors
            .check(v.at, "discovery.validity", values::duration(&v.value.0))
            .map(|d| (d, v.at)),
        None => None,
    };
    let validity = match validity {
        Some((d, at)) if d < MIN_VALIDITY => {
            errors.push(
                at,
                "discovery.validity",
                format!(
                    "{} is too short: at least {} (a record must outlive a leader change and a client's long-poll)",
                    humantime::format_duration(d),
                    humantime::format_duration(MIN_VALIDITY)
                ),
            );
            DEFAULT_VALIDITY
        }
        Some((d, _)) => d,
        None => DEFAULT_VALIDITY,
    };
    let signing_key = text.signing_key.map_or(DEFAULT_SIGNING_KEY_PERIOD, |v| {
        let checked = errors.check(
            v.at,
            "discovery.signing_key",
            values::rotation_period(&v.value.0),
        );
        checked.unwrap_or(DEFAULT_SIGNING_KEY_PERIOD)
    });
    DiscoverySettings {
        docker_config: text.docker_config.unwrap_or(false),
        validity,
        signing_key,
    }
}

/// Rotation settings at `path`: each field given is checked, each one left out is `base`'s
/// (the defaults at the top level, the top level's in a target).
fn rotation(errors: &mut Errors, path: &str, text: RotationText, base: &Rotation) -> Rotation {
    let mut period = |value: Option<Located<PeriodText>>, field: &str, base| {
        value.map_or(base, |v| {
            let path = format!("{path}.{field}");
            let checked = errors.check(v.at, &path, values::rotation_period(&v.value.0));
            checked.unwrap_or(base)
        })
    };
    let client_keys = period(text.client_keys, "client_keys", base.client_keys);
    let host_keys = period(text.host_keys, "host_keys", base.host_keys);
    let announce = text.announce.map_or(base.announce, |v| {
        let path = format!("{path}.announce");
        let checked = errors.check(v.at, &path, values::announce(&v.value.0));
        checked.unwrap_or(base.announce)
    });
    Rotation {
        client_keys,
        host_keys,
        announce,
    }
}

/// The file's targets, each checked on its own and against the ones before it; `rotation` is
/// the top level's.
fn file_targets(
    errors: &mut Errors,
    text: LocatedMap<Located<TargetText>>,
    rotation: &Rotation,
) -> BTreeMap<String, Target> {
    let mut targets = BTreeMap::new();
    let mut claims = Claims::default();
    for (name, body) in text.0 {
        let path = format!("targets.{}", name.value);
        let declared = (body, Origin::File);
        let Some((target, service_at)) = named_target(errors, &name, &path, declared, rotation)
        else {
            continue;
        };
        claims.check(errors, &name, &path, &target, service_at);
        targets.insert(name.value.clone(), target);
    }
    targets
}

/// What the file's targets claimed so far: two targets may not select one service by name,
/// nor mount their keys at one path of one client.
#[derive(Default)]
struct Claims {
    /// Which target (and where) selects each service by name.
    services: BTreeMap<String, (String, Position)>,
    /// Which target mounts a key at a path of a client service.
    mounts: BTreeMap<(String, String), String>,
}

impl Claims {
    fn check(
        &mut self,
        errors: &mut Errors,
        name: &Located<String>,
        path: &str,
        target: &Target,
        service_at: Position,
    ) {
        if let Selector::Service(service) = &target.selector {
            if let Some((other, other_at)) = self.services.get(service) {
                errors.push(
                    service_at,
                    format!("{path}.service"),
                    format!(
                        "service {service:?} is already the target of targets.{other} (line {})",
                        other_at.line
                    ),
                );
            } else {
                let claim = (name.value.clone(), service_at);
                self.services.insert(service.clone(), claim);
            }
        }
        for client in &target.clients {
            let key = (client.service.clone(), client.key_path.clone());
            if let Some(other) = self.mounts.get(&key) {
                errors.push(
                    name.at,
                    format!("{path}.clients"),
                    format!(
                        "client {:?} already gets the key of targets.{other} at {}; give one of them another key_path",
                        client.service, client.key_path
                    ),
                );
            } else {
                self.mounts.insert(key, name.value.clone());
            }
        }
    }
}

/// A non-empty string setting, checked, or its default.
fn string_or(
    errors: &mut Errors,
    value: Option<Located<String>>,
    path: &str,
    default: &str,
    check: impl Fn(&str) -> Result<(), String>,
) -> String {
    match value {
        Some(v) => {
            errors.check(v.at, path, check(&v.value));
            v.value
        }
        None => default.to_string(),
    }
}

/// One target on its own (the file's cross-target checks left out): the target, or every
/// error, each at the position of the value it is about. `rotation` is the top level's.
pub fn validate_target(
    name: &Located<String>,
    body: Located<TargetText>,
    origin: Origin,
    rotation: &Rotation,
) -> Result<Target, Vec<ConfigError>> {
    let mut errors = Errors::default();
    let path = format!("targets.{}", name.value);
    match named_target(&mut errors, name, &path, (body, origin), rotation) {
        Some((target, _)) if errors.0.is_empty() => Ok(target),
        _ => Err(errors.0),
    }
}

/// [`target`], with its name checked too (a bad name alone does not keep the target from the
/// file's cross-target checks).
fn named_target(
    errors: &mut Errors,
    name: &Located<String>,
    path: &str,
    declared: (Located<TargetText>, Origin),
    rotation: &Rotation,
) -> Option<(Target, Position)> {
    errors.check(name.at, path, values::target_name(&name.value));
    target(errors, &name.value, path, declared, rotation)
}

/// One target (its text and where it was declared) and where its selector is written; `None`
/// when it has errors (recorded). `top_rotation` is the top level's rotation settings.
fn target(
    errors: &mut Errors,
    name: &str,
    path: &str,
    (body, origin): (Located<TargetText>, Origin),
    top_rotation: &Rotation,
) -> Option<(Target, Position)> {
    let before = errors.0.len();
    let at = body.at;
    let text = body.value;
    let (selector, selector_at) = selector(errors, path, at, text.service, text.selector);

    let policy = match text.policy {
        Some(p) => Some(TargetPolicy::Inline(p.value)),
        None => {
            errors.push(
                at,
                path,
                "a target needs a `policy` ({ preset: NAME } or { commands: [...] })",
            );
            None
        }
    };

    let policy = policy.map(preset_if_equal);
    let exec = exec(
        errors,
        path,
        at,
        text.exec.unwrap_or_default(),
        policy.as_ref(),
    );
    let clients = clients(errors, name, path, text.clients.unwrap_or_default());
    let limits = limits(errors, path, text.limits.unwrap_or_default());
    let rotation_path = format!("{path}.rotation");
    let rotation_text = text.rotation.unwrap_or_default();
    let rotation = rotation(errors, &rotation_path, rotation_text, top_rotation);

    if errors.0.len() > before {
        return None;
    }
    let target = Target {
        name: name.to_string(),
        selector: selector?,
        policy: policy?,
        exec: exec?,
        clients,
        limits,
        rotation,
        origin,
    };
    Some((target, selector_at))
}

/// A target's selector (exactly one of `service` and `selector`) and where it is written.
fn selector(
    errors: &mut Errors,
    path: &str,
    at: Position,
    service: Option<Located<String>>,
    selector: Option<Located<SelectorText>>,
) -> (Option<Selector>, Position) {
    match (service, selector) {
        (Some(service), None) => {
            errors.check(
                service.at,
                &format!("{path}.service"),
                values::docker_name("service", &service.value),
            );
            (Some(Selector::Service(service.value)), service.at)
        }
        (None, Some(selector)) => {
            let labels = selector.value.labels;
            if labels.is_empty() {
                errors.push(
                    selector.at,
                    format!("{path}.selector.labels"),
                    "a selector needs at least one label",
                );
            }
            if let Some(key) = labels.keys().find(|k| k.is_empty()) {
                errors.push(
                    selector.at,
                    format!("{path}.selector.labels"),
                    format!("{key:?} is not a label name"),
                );
            }
            (Some(Selector::Labels(labels)), at)
        }
        (Some(service), Some(_)) => {
            errors.push(
                service.at,
                path,
                "a target has exactly one of `service` or `selector`, not both",
            );
            (None, at)
        }
        (None, None) => {
            errors.push(
                at,
                path,
                "a target needs `service` (a service name) or `selector`",
            );
            (None, at)
        }
    }
}

/// A policy that is exactly a preset is kept as the preset (its proxies get `--policy-preset`).
fn preset_if_equal(policy: TargetPolicy) -> TargetPolicy {
    match policy {
        TargetPolicy::Inline(p) => bosun_core::policy::Preset::ALL
            .into_iter()
            .find(|preset| preset.policy() == p)
            .map(TargetPolicy::Preset)
            .unwrap_or(TargetPolicy::Inline(p)),
        other => other,
    }
}

/// A target's exec settings. The user is required, or comes from the preset (`www-data` for
/// Nextcloud, `photoprism` for PhotoPrism): a command never runs as the image's user (often
/// root) by omission. `None` when the user is missing (the error is recorded at `at`, the
/// target, or when there is no policy to tell, left to the policy's own error).
fn exec(
    errors: &mut Errors,
    path: &str,
    at: Position,
    text: ExecText,
    policy: Option<&TargetPolicy>,
) -> Option<ExecSettings> {
    let user_path = format!("{path}.exec.user");
    let user = match (text.user, policy) {
        (Some(u), _) => {
            errors.check(u.at, &user_path, values::word("user", &u.value));
            Some(u.value)
        }
        (None, Some(TargetPolicy::Preset(preset))) => Some(preset.exec_user().to_owned()),
        (None, Some(TargetPolicy::Inline(_))) => {
            errors.push(
                at,
                user_path,
                "is required for a policy that is not a preset: the user the target's commands \
                 run as (without it they would run as the image's user, often root)",
            );
            None
        }
        (None, None) => None,
    };
    let workdir = text.workdir.map(|w| {
        errors.check(
            w.at,
            &format!("{path}.exec.workdir"),
            values::absolute_path(&w.value),
        );
        w.value
    });
    let mut env = BTreeMap::new();
    for (name, value) in text.env.unwrap_or_default().0 {
        let var = format!("{path}.exec.env.{}", name.value);
        errors.check(name.at, &var, values::env_name(&name.value));
        errors.check(value.at, &var, values::env_value(&value.value));
        env.insert(name.value, value.value);
    }
    Some(ExecSettings {
        user: user?,
        workdir,
        env,
    })
}

fn clients(
    errors: &mut Errors,
    target: &str,
    path: &str,
    text: Vec<Located<ClientText>>,
) -> Vec<ClientSpec> {
    let mut clients: Vec<ClientSpec> = Vec::new();
    for (i, client) in text.into_iter().enumerate() {
        let client_path = format!("{path}.clients[{i}]");
        let service = &client.value.service;
        if clients.iter().any(|c| c.service == service.value) {
            errors.push(
                service.at,
                format!("{client_path}.service"),
                format!("client {:?} is listed twice", service.value),
            );
        }
        clients.push(client_spec(errors, target, &client_path, client.value));
    }
    clients
}

/// One client entry: its service, key path and key file owner, group and mode.
fn client_spec(errors: &mut Errors, target: &str, path: &str, text: ClientText) -> ClientSpec {
    let service = text.service;
    errors.check(
        service.at,
        &format!("{path}.service"),
        values::docker_name("service", &service.value),
    );
    let key_path = string_or(
        errors,
        text.key_path,
        &format!("{path}.key_path"),
        &default_key_path(target),
        values::key_path,
    );
    let mut id = |value: Option<Located<u64>>, field: &str, default: u32| {
        value.map_or(default, |v| {
            let checked = errors.check(v.at, &format!("{path}.{field}"), values::id(v.value));
            checked.unwrap_or(default)
        })
    };
    let uid = id(text.uid, "uid", DEFAULT_KEY_UID);
    let gid = id(text.gid, "gid", DEFAULT_KEY_GID);
    let mode = text.mode.map_or(DEFAULT_KEY_MODE, |m| {
        let mode = values::key_file_mode(&m.value.0);
        let checked = errors.check(m.at, &format!("{path}.mode"), mode);
        checked.unwrap_or(DEFAULT_KEY_MODE)
    });
    ClientSpec {
        service: service.value,
        key_path,
        uid,
        gid,
        mode,
    }
}

fn limits(errors: &mut Errors, path: &str, text: LimitsText) -> Limits {
    let memory_bytes = text.memory.and_then(|m| {
        errors.check(
            m.at,
            &format!("{path}.limits.memory"),
            values::memory_bytes(&m.value.0),
        )
    });
    let nano_cpus = text.cpus.and_then(|c| {
        errors.check(
            c.at,
            &format!("{path}.limits.cpus"),
            values::nano_cpus(c.value),
        )
    });
    let max_connections = text.max_connections.and_then(|c| {
        errors.check(
            c.at,
            &format!("{path}.limits.max_connections"),
            values::positive(c.value),
        )
    });
    let max_concurrent_execs = text.max_concurrent_execs.and_then(|c| {
        errors.check(
            c.at,
            &format!("{path}.limits.max_concurrent_execs"),
            values::positive(c.value),
        )
    });
    let command_timeout = text.command_timeout.and_then(|t| {
        errors.check(
            t.at,
            &format!("{path}.limits.command_timeout"),
            values::duration(&t.value.0),
        )
    });
    Limits {
        memory_bytes,
        nano_cpus,
        max_connections,
        max_concurrent_execs,
        command_timeout,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Orchestration, parse};
    use bosun_core::policy::Preset;

    fn errors(text: &str) -> Vec<String> {
        match parse(text) {
            Ok(c) => panic!("expected errors, got {c:?}\n{text}"),
            Err(e) => e.to_string().lines().map(str::to_string).collect(),
        }
    }

    #[test]
    fn defaults() {
        let config = parse("targets: {}\n").unwrap();
        assert_eq!(
            config,
            Config {
                instance: "bosun".into(),
                allow_remove_all: false,
                network: "bosun".into(),
                proxy: ProxySettings {
                    image: "bosun/proxy:latest".into(),
                    port: 2222,
                    ssh_user: "bosun".into(),
                    docker_socket: "/var/run/docker.sock".into(),
                },
                intervals: Intervals {
                    resync: Duration::from_secs(30),
                    task_poll: Duration::from_secs(5),
                    watch_deadline: Duration::from_secs(90),
                    absent_grace: Duration::from_secs(120),
                    lease: Duration::from_secs(15),
                },
                discovery: DiscoverySettings {
                    docker_config: false,
                    validity: Duration::from_secs(3600),
                    signing_key: Some(Duration::from_secs(365 * 86_400)),
                },
                labels: LabelSettings { enabled: true },
                rotation: Rotation {
                    client_keys: Some(Duration::from_secs(30 * 86_400)),
                    host_keys: Some(Duration::from_secs(90 * 86_400)),
                    announce: Duration::from_secs(15),
                },
                targets: BTreeMap::new(),
                orchestration: Orchestration::default(),
            }
        );
        assert_eq!(parse("network: bosun\ntargets: {}\n").unwrap(), config);
    }

    #[test]
    fn every_field() {
        let text = r#"
network: shared
proxy: { image: "reg/proxy:1", port: 2200, ssh_user: exec, docker_socket: /run/docker.sock }
intervals: { resync: 1m, task_poll: 500ms, watch_deadline: 5m, absent_grace: 10m, lease: 20s }
discovery: { docker_config: true, validity: 10m, signing_key: 180d }
labels: { enabled: false }
targets:
  nextcloud:
    service: nextcloud
    policy: { preset: nextcloud }
    exec: { user: www-data, workdir: /var/www/html, env: { PHP_MEMORY_LIMIT: 512M, N: 1 } }
    clients:
      - service: app
      - service: worker
        key_path: /run/secrets/nc
    limits: { memory: 64M, cpus: 0.5, max_connections: 64, max_concurrent_execs: 16, command_timeout: 1h }
  tool:
    selector: { labels: { app: tool, tier: back } }
    policy:
      commands:
        - pattern: "tool run [options]"
          options: { --fast: flag }
    exec: { user: "1000:1000" }
"#;
        let config = parse(text).unwrap();
        assert_eq!(config.network, "shared");
        assert_eq!(
            config.proxy,
            ProxySettings {
                image: "reg/proxy:1".into(),
                port: 2200,
                ssh_user: "exec".into(),
                docker_socket: "/run/docker.sock".into(),
            }
        );
        assert_eq!(
            config.intervals,
            Intervals {
                resync: Duration::from_secs(60),
                task_poll: Duration::from_millis(500),
                watch_deadline: Duration::from_secs(300),
                absent_grace: Duration::from_secs(600),
                lease: Duration::from_secs(20),
            }
        );
        assert!(config.discovery.docker_config);
        assert_eq!(config.discovery.validity, Duration::from_secs(600));
        assert_eq!(
            config.discovery.signing_key,
            Some(Duration::from_secs(180 * 86_400))
        );
        assert!(!config.labels.enabled);
        let nc = &config.targets["nextcloud"];
        assert_eq!(nc.name, "nextcloud");
        assert_eq!(nc.selector, Selector::Service("nextcloud".into()));
        assert_eq!(nc.policy, TargetPolicy::Preset(Preset::Nextcloud));
        assert_eq!(nc.origin, Origin::File);
        assert_eq!(
            nc.exec,
            ExecSettings {
                user: "www-data".into(),
                workdir: Some("/var/www/html".into()),
                env: BTreeMap::from([
                    ("N".into(), "1".into()),
                    ("PHP_MEMORY_LIMIT".into(), "512M".into())
                ]),
            }
        );
        assert_eq!(
            nc.clients,
            [
                ClientSpec {
                    service: "app".into(),
                    key_path: "/run/secrets/bosun-nextcloud-key".into(),
                    uid: 0,
                    gid: 0,
                    mode: 0o400,
                },
                ClientSpec {
                    service: "worker".into(),
                    key_path: "/run/secrets/nc".into(),
                    uid: 0,
                    gid: 0,
                    mode: 0o400,
                },
            ]
        );
        assert_eq!(
            nc.limits,
            Limits {
                memory_bytes: Some(64 << 20),
                nano_cpus: Some(500_000_000),
                max_connections: Some(64),
                max_concurrent_execs: Some(16),
                command_timeout: Some(Duration::from_secs(3600)),
            }
        );
        let tool = &config.targets["tool"];
        assert_eq!(
            tool.selector,
            Selector::Labels(BTreeMap::from([
                ("app".into(), "tool".into()),
                ("tier".into(), "back".into())
            ]))
        );
        let TargetPolicy::Inline(policy) = &tool.policy else {
            panic!("{:?}", tool.policy)
        };
        assert_eq!(policy.patterns(), ["tool run [options]"]);
        assert_eq!(tool.exec.user, "1000:1000");
        assert_eq!(tool.limits, Limits::default());
        assert!(tool.clients.is_empty());
    }

    #[test]
    fn instance_allow_remove_all_and_client_key_access() {
        let text = "\
instance: blue
allow_remove_all: true
targets:
  a:
    service: a
    policy: { preset: nextcloud }
    clients:
      - { service: web, uid: 33, gid: 33, mode: '0600' }
      - { service: cli, mode: 400 }
      - { service: root }
";
        let config = parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.instance, "blue");
        assert!(config.allow_remove_all);
        let access: Vec<(u32, u32, u32)> = config.targets["a"]
            .clients
            .iter()
            .map(|c| (c.uid, c.gid, c.mode))
            .collect();
        assert_eq!(access, [(33, 33, 0o600), (0, 0, 0o400), (0, 0, 0o400)]);
        let empty = parse("targets: {}\n").unwrap();
        assert_eq!(
            (empty.instance.as_str(), empty.allow_remove_all),
            ("bosun", false)
        );
        assert!(empty.targets.is_empty());
    }

    #[test]
    fn rotation_is_resolved_on_every_target() {
        let text = "\
rotation: { client_keys: 7d, host_keys: 0, announce: 1m }
targets:
  a: { service: a, policy: { preset: nextcloud } }
  b:
    service: b
    policy: { preset: nextcloud }
    rotation: { client_keys: 0s, host_keys: 12h }
  c: { service: c, policy: { preset: nextcloud }, rotation: { announce: 5s } }
";
        let config = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let (day, hour) = (Duration::from_secs(86_400), Duration::from_secs(3600));
        let top = Rotation {
            client_keys: Some(7 * day),
            host_keys: None,
            announce: Duration::from_secs(60),
        };
        assert_eq!(config.rotation, top);
        assert_eq!(config.targets["a"].rotation, top);
        assert_eq!(
            config.targets["b"].rotation,
            Rotation {
                client_keys: None,
                host_keys: Some(12 * hour),
                announce: Duration::from_secs(60),
            }
        );
        assert_eq!(
            config.targets["c"].rotation,
            Rotation {
                announce: Duration::from_secs(5),
                ..top
            }
        );
        // a target that sets nothing gets the defaults when the top level sets nothing either
        let plain = parse("targets: { a: { service: a, policy: { preset: nextcloud } } }\n");
        assert_eq!(plain.unwrap().targets["a"].rotation, DEFAULT_ROTATION);
    }

    #[test]
    fn a_preset_written_out_is_still_the_preset() {
        let written = serde_json::to_string(&Preset::Photoprism.policy()).unwrap();
        let text = format!("targets:\n  a:\n    service: a\n    policy: {written}\n");
        let config = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(
            config.targets["a"].policy,
            TargetPolicy::Preset(Preset::Photoprism)
        );
    }

    #[test]
    fn a_preset_target_runs_as_the_presets_user_unless_told_otherwise() {
        let text = "\
targets:
  nc: { service: nc, policy: { preset: nextcloud } }
  pp: { service: pp, policy: { preset: photoprism }, exec: { workdir: /photoprism } }
  own: { service: own, policy: { preset: nextcloud }, exec: { user: '33:33' } }
";
        let config = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let users: Vec<(&str, &str)> = config
            .targets
            .values()
            .map(|t| (t.name.as_str(), t.exec.user.as_str()))
            .collect();
        assert_eq!(
            users,
            [("nc", "www-data"), ("own", "33:33"), ("pp", "photoprism")]
        );
    }

    /// Each bad config and the `LINE:COL: message` start of its first error line.
    #[test]
    fn errors_are_located() {
        let t = "targets:\n  a:\n    service: a\n    policy: { preset: nextcloud }\n";
        let cases: Vec<(String, &str)> = vec![
            // Syntax and types: serde stops at the first.
            ("targets: [\n".into(), "1:10: "),
            ("proxy:\n  port: [1]\n".into(), "2:9: "),
            ("proxy:\n  port: http\n".into(), "2:9: invalid"),
            ("discovery:\n  docker_config: maybe\n".into(), "2:18: "),
            // Unknown fields, at every level.
            ("netwrok: x\n".into(), "1:1: unknown field `netwrok`"),
            ("proxy:\n  prot: 1\n".into(), "2:3: unknown field `prot`"),
            ("intervals: { resync: 1m, poll: 1s }\n".into(), "1:26: unknown field `poll`"),
            ("labels:\n  enable: true\n".into(), "2:3: unknown field `enable`"),
            (format!("{t}    client: []\n"), "5:5: unknown field `client`"),
            (format!("{t}    limits: {{ mem: 1 }}\n"), "5:15: unknown field `mem`"),
            (format!("{t}    exec: {{ usr: x }}\n"), "5:13: unknown field `usr`"),
            (format!("{t}    clients: [{{ service: b, path: /x }}]\n"), "5:29: unknown field `path`"),
            (format!("{t}    selector: {{ label: {{}} }}\n"), "5:17: unknown field `label`"),
            (
                "targets:\n  a:\n    service: a\n    policy: { preset: nextcloud, extra: 1 }\n".into(),
                "4:34: unknown field `extra`",
            ),
            // Duplicate keys.
            (format!("{t}  a:\n    service: b\n"), "5:3: duplicate mapping key `a`"),
            (format!("{t}    service: b\n"), "5:5: duplicate mapping key `service`"),
            // The policy, located by bosun_core::policy.
            (
                "targets:\n  a:\n    service: a\n    policy: { preset: nextclod }\n".into(),
                "4:23: unknown variant `nextclod`",
            ),
            (
                "targets:\n  a:\n    service: a\n    policy:\n      commands:\n        - pattern: 'php; x'\n".into(),
                "6:11: invalid pattern \"php; x\": character ';'",
            ),
            (
                "targets:\n  a:\n    service: a\n    policy: {}\n".into(),
                "4:13: a target needs exactly one of `preset` or `commands`",
            ),
            // Values.
            ("network: 'a b'\n".into(), "1:10: network: \"a b\" is not a network name"),
            ("proxy:\n  port: 0\n".into(), "2:9: proxy.port: 0 is not a port (1-65535)"),
            ("proxy:\n  port: 70000\n".into(), "2:9: proxy.port: 70000 is not a port"),
            ("proxy:\n  image: ''\n".into(), "2:10: proxy.image: the image is empty"),
            ("proxy:\n  ssh_user: 'a b'\n".into(), "2:13: proxy.ssh_user: \"a b\" is not a valid SSH user"),
            ("proxy:\n  docker_socket: docker.sock\n".into(), "2:18: proxy.docker_socket: \"docker.sock\" is not an absolute path"),
            ("intervals:\n  resync: 30\n".into(), "2:11: intervals.resync: \"30\" is not a duration"),
            ("intervals:\n  absent_grace: 0s\n".into(), "2:17: intervals.absent_grace: \"0s\" must be more than zero"),
            ("intervals:\n  task_poll: 0s\n".into(), "2:14: intervals.task_poll: \"0s\" must be more than zero"),
            (
                "intervals:\n  lease: 2s\n".into(),
                "2:10: intervals.lease: 2s is too short: at least 3s",
            ),
            (
                "discovery:\n  validity: 59s\n".into(),
                "2:13: discovery.validity: 59s is too short: at least 1m",
            ),
            ("discovery:\n  validity: soon\n".into(), "2:13: discovery.validity: \"soon\" is not a duration"),
            (
                "discovery:\n  signing_key: 5m\n".into(),
                "2:16: discovery.signing_key: 5m is too short: a rotation schedule is at least 1h (or 0 to turn it off)",
            ),
            (
                "intervals:\n  resync: 2m\n  watch_deadline: 1m\n".into(),
                "3:19: intervals.watch_deadline: 1m must be longer than intervals.resync (2m)",
            ),
            // Issue 12: rotation settings.
            ("rotation: { client_keys: 30 }\ntargets: {}\n".into(), "1:26: rotation.client_keys: \"30\" is not a duration"),
            (
                "rotation:\n  client_keys: 30m\ntargets: {}\n".into(),
                "2:16: rotation.client_keys: 30m is too short: a rotation schedule is at least 1h (or 0 to turn it off)",
            ),
            ("rotation:\n  host_keys: 1s\ntargets: {}\n".into(), "2:14: rotation.host_keys: 1s is too short"),
            (
                "rotation:\n  announce: 0s\ntargets: {}\n".into(),
                "2:13: rotation.announce: 0s is out of range: a new host key is announced at least 1s and at most 1h",
            ),
            ("rotation:\n  announce: 2h\ntargets: {}\n".into(), "2:13: rotation.announce: 2h is out of range"),
            ("rotation:\n  announce: 500ms\ntargets: {}\n".into(), "2:13: rotation.announce: 500ms is out of range"),
            ("rotation:\n  every: 1d\ntargets: {}\n".into(), "2:3: unknown field `every`"),
            (
                format!("{t}    rotation: {{ host_keys: 59m }}\n"),
                "5:28: targets.a.rotation.host_keys: 59m is too short",
            ),
            (
                format!("{t}    rotation:\n      announce: soon\n"),
                "6:17: targets.a.rotation.announce: \"soon\" is not a duration",
            ),
            (
                "targets:\n  Nextcloud:\n    service: a\n    policy: { preset: nextcloud }\n".into(),
                "2:3: targets.Nextcloud: \"Nextcloud\" is not a target name",
            ),
            (
                "targets:\n  a:\n    policy: { preset: nextcloud }\n".into(),
                "3:5: targets.a: a target needs `service` (a service name) or `selector`",
            ),
            (
                format!("{t}    selector: {{ labels: {{ app: a }} }}\n"),
                "3:14: targets.a: a target has exactly one of `service` or `selector`, not both",
            ),
            (
                "targets:\n  a:\n    service: a\n".into(),
                "3:5: targets.a: a target needs a `policy`",
            ),
            (
                "targets:\n  a:\n    service: 'my app'\n    policy: { preset: nextcloud }\n".into(),
                "3:14: targets.a.service: \"my app\" is not a service name",
            ),
            (
                "targets:\n  a:\n    selector: { labels: {} }\n    policy: { preset: nextcloud }\n".into(),
                "3:15: targets.a.selector.labels: a selector needs at least one label",
            ),
            (
                format!("{t}  b:\n    service: a\n    policy: {{ preset: photoprism }}\n"),
                "6:14: targets.b.service: service \"a\" is already the target of targets.a (line 3)",
            ),
            (format!("{t}    exec: {{ user: '' }}\n"), "5:19: targets.a.exec.user: the user is empty"),
            (format!("{t}    exec: {{ workdir: html }}\n"), "5:22: targets.a.exec.workdir: \"html\" is not an absolute path"),
            (format!("{t}    exec: {{ env: {{ 1X: a }} }}\n"), "5:20: targets.a.exec.env.1X: \"1X\" is not an environment variable name"),
            (format!("{t}    exec: {{ env: {{ X: \"a\\0b\" }} }}\n"), "5:23: targets.a.exec.env.X: \"a\\0b\" contains a NUL character"),
            (format!("{t}    clients: [{{ service: 'a b' }}]\n"), "5:26: targets.a.clients[0].service: \"a b\" is not a service name"),
            (
                format!("{t}    clients: [{{ service: b }}, {{ service: b }}]\n"),
                "5:42: targets.a.clients[1].service: client \"b\" is listed twice",
            ),
            (
                format!("{t}    clients: [{{ service: b, key_path: key }}]\n"),
                "5:39: targets.a.clients[0].key_path: \"key\" is not under /run/secrets/",
            ),
            (
                format!(
                    "{t}    clients: [{{ service: c, key_path: /run/secrets/k }}]\n  b:\n    service: b\n    policy: {{ preset: nextcloud }}\n    clients: [{{ service: c, key_path: /run/secrets/k }}]\n"
                ),
                "6:3: targets.b.clients: client \"c\" already gets the key of targets.a at /run/secrets/k",
            ),
            // Issue 9: no targets, instances, key paths and key file access.
            ("network: bosun\n".into(), "2:1: targets: is required: write `targets: {}`"),
            ("network: bosun\ntargets:\n".into(), "2:1: targets: is required"),
            ("targets: ~\n".into(), "1:1: targets: is required"),
            ("targets:\n# a:\n#   service: a\n".into(), "1:1: targets: is required"),
            ("instance: Blue\ntargets: {}\n".into(), "1:11: instance: \"Blue\" is not an instance name"),
            ("instance: bosun2\ntargets: {}\n".into(), "1:11: instance: \"bosun2\": an instance other than `bosun`"),
            ("instance: a--b\ntargets: {}\n".into(), "1:11: instance: \"a--b\" is not an instance name"),
            (
                format!("{t}    clients: [{{ service: b, key_path: /etc/passwd }}]\n"),
                "5:39: targets.a.clients[0].key_path: \"/etc/passwd\" is not under /run/secrets/",
            ),
            (
                format!("{t}    clients: [{{ service: b, key_path: /run/secrets/../x }}]\n"),
                "5:39: targets.a.clients[0].key_path: \"/run/secrets/../x\" is not a file path under /run/secrets/",
            ),
            (
                format!("{t}    clients: [{{ service: b, mode: '0800' }}]\n"),
                "5:35: targets.a.clients[0].mode: \"0800\" is not a file mode",
            ),
            (
                format!("{t}    clients: [{{ service: b, mode: '0440' }}]\n"),
                "5:35: targets.a.clients[0].mode: \"0440\" lets the group or others read the key, \
                 and the client refuses such a key file (as OpenSSH does): use 0400",
            ),
            (
                "targets:\n  a:\n    service: a\n    policy: { commands: [{ pattern: x }] }\n".into(),
                "3:5: targets.a.exec.user: is required for a policy that is not a preset: the \
                 user the target's commands run as",
            ),
            (
                "targets:\n  a:\n    service: a\n    policy: { commands: [{ pattern: x }] }\n    exec: { workdir: /x }\n".into(),
                "3:5: targets.a.exec.user: is required",
            ),
            (
                format!("{t}    clients: [{{ service: b, uid: 5000000000 }}]\n"),
                "5:34: targets.a.clients[0].uid: 5000000000 is not a user or group id",
            ),
            (
                format!("{t}    limits:\n      memory: 64Q\n"),
                "6:15: targets.a.limits.memory: \"64Q\" is not a size (use 64M, 512Mi, 1G or bytes)",
            ),
            (format!("{t}    limits: {{ memory: 0 }}\n"), "5:23: targets.a.limits.memory: \"0\" must be more than zero"),
            (format!("{t}    limits: {{ cpus: 0 }}\n"), "5:21: targets.a.limits.cpus: 0 must be more than zero"),
            (format!("{t}    limits: {{ max_connections: 0 }}\n"), "5:32: targets.a.limits.max_connections: must be more than zero"),
            (
                format!("{t}    limits: {{ max_concurrent_execs: 5000000000 }}\n"),
                "5:37: targets.a.limits.max_concurrent_execs: 5000000000 is too large",
            ),
            (
                format!("{t}    limits: {{ command_timeout: forever }}\n"),
                "5:32: targets.a.limits.command_timeout: \"forever\" is not a duration",
            ),
        ];
        let mut failures = Vec::new();
        for (text, expected) in &cases {
            let lines = errors(text);
            let first = lines[0].strip_prefix("<config>:").unwrap_or(&lines[0]);
            if !first.starts_with(expected) {
                failures.push(format!("{text}\nexpected {expected}\n     got {first}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }

    #[test]
    fn every_value_error_is_reported() {
        let text = "\
network: 'a b'
proxy:
  port: 0
  docker_socket: sock
intervals:
  resync: soon
targets:
  Bad:
    service: x
    policy: { preset: nextcloud }
  b:
    service: x
    policy: { preset: nextcloud }
    limits:
      memory: 64Q
      cpus: 0
";
        let lines = errors(text);
        let positions: Vec<String> = lines
            .iter()
            .map(|l| l.split(':').skip(1).take(2).collect::<Vec<_>>().join(":"))
            .collect();
        assert_eq!(
            positions,
            ["1:10", "3:9", "4:18", "6:11", "8:3", "15:15", "16:13"],
            "{lines:#?}"
        );
        assert!(
            lines[4].contains("targets.Bad: \"Bad\" is not a target name"),
            "{lines:#?}"
        );
    }

    #[test]
    fn empty_files_are_rejected() {
        for text in ["", "\n", "# nothing\n", "---\n"] {
            assert_eq!(
                errors(text),
                [
                    "<config>: the file is empty (write `targets: {}` for a controller without file targets)"
                ]
            );
        }
    }
}
