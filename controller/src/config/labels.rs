//! Targets declared with `bosun.*` labels on a service, Traefik-style (docs/controller.md,
//! "Targets from labels"). The values pass the same checks as the file's.

use std::collections::{BTreeMap, HashMap};

use bosun::policy::Preset;

use super::values;
use super::{
    ClientSpec, ExecSettings, Limits, Origin, Selector, Target, TargetPolicy, default_key_path,
};

/// Every label key starts with this.
const PREFIX: &str = "bosun.";
/// One exec environment variable per label: `bosun.exec.env.NAME`.
const ENV_PREFIX: &str = "bosun.exec.env.";

/// A service whose `bosun.*` labels do not declare a valid target.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("service {service}: label {label}: {message}")]
pub struct LabelError {
    pub service: String,
    pub label: String,
    pub message: String,
}

/// The target a service declares with its labels: `Ok(None)` unless `bosun.enable=true`, and
/// always for services bosun manages (`bosun.managed-by=bosun`). Unknown `bosun.*` keys and
/// bad values are errors naming the service and the label.
pub fn target_from_labels(
    service_name: &str,
    labels: &HashMap<String, String>,
) -> Result<Option<Target>, LabelError> {
    if labels.get("bosun.managed-by").map(String::as_str) == Some("bosun") {
        return Ok(None);
    }
    let error = |label: &str, message: String| LabelError {
        service: service_name.to_string(),
        label: label.to_string(),
        message,
    };
    match labels.get("bosun.enable").map(|v| v.trim()) {
        Some("true") => {}
        None | Some("false") => return Ok(None),
        Some(other) => {
            return Err(error(
                "bosun.enable",
                format!("{other:?} is not true or false"),
            ));
        }
    }

    // Sorted, so the first error reported is always the same one.
    let bosun_labels: BTreeMap<&str, &str> = labels
        .iter()
        .filter(|(k, _)| k.starts_with(PREFIX))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let check = |label: &str, result: Result<(), String>| result.map_err(|m| error(label, m));

    let name = match bosun_labels.get("bosun.name") {
        Some(name) => {
            check("bosun.name", values::target_name(name))?;
            name.to_string()
        }
        None => {
            values::target_name(service_name).map_err(|m| {
                error(
                    "bosun.name",
                    format!("the service name is not a target name, set one: {m}"),
                )
            })?;
            service_name.to_string()
        }
    };

    let mut policy = None;
    let mut exec = ExecSettings::default();
    let mut clients_text = None;
    let mut key_path = default_key_path(&name);
    let mut limits = Limits::default();
    for (&label, &value) in &bosun_labels {
        match label {
            "bosun.enable" | "bosun.name" => {}
            "bosun.policy" => {
                let preset: Preset = value
                    .trim()
                    .parse()
                    .map_err(|e| error(label, format!("{e}")))?;
                policy = Some(TargetPolicy::Preset(preset));
            }
            "bosun.exec.user" => {
                check(label, values::word("user", value))?;
                exec.user = Some(value.to_string());
            }
            "bosun.exec.workdir" => {
                check(label, values::absolute_path(value))?;
                exec.workdir = Some(value.to_string());
            }
            "bosun.clients" => clients_text = Some(value),
            "bosun.clients.key-path" => {
                check(label, values::absolute_path(value))?;
                key_path = value.to_string();
            }
            "bosun.limits.memory" => {
                limits.memory_bytes =
                    Some(values::memory_bytes(value).map_err(|m| error(label, m))?);
            }
            "bosun.limits.cpus" => {
                let cpus: f64 = value.trim().parse().map_err(|_| {
                    error(label, format!("{value:?} is not a number of CPUs (0.5)"))
                })?;
                limits.nano_cpus = Some(values::nano_cpus(cpus).map_err(|m| error(label, m))?);
            }
            "bosun.limits.max-connections" => {
                limits.max_connections = Some(count(value).map_err(|m| error(label, m))?);
            }
            "bosun.limits.max-concurrent-execs" => {
                limits.max_concurrent_execs = Some(count(value).map_err(|m| error(label, m))?);
            }
            "bosun.limits.command-timeout" => {
                limits.command_timeout =
                    Some(values::duration(value).map_err(|m| error(label, m))?);
            }
            _ => match label.strip_prefix(ENV_PREFIX) {
                Some(var) => {
                    check(label, values::env_name(var))?;
                    check(label, values::env_value(value))?;
                    exec.env.insert(var.to_string(), value.to_string());
                }
                None => return Err(error(label, "unknown bosun label".to_string())),
            },
        }
    }

    let policy = policy.ok_or_else(|| {
        error(
            "bosun.policy",
            "is required: a preset (nextcloud, photoprism)".to_string(),
        )
    })?;
    let mut clients: Vec<ClientSpec> = Vec::new();
    if let Some(text) = clients_text {
        for service in text.split(',').map(str::trim) {
            if service.is_empty() {
                return Err(error(
                    "bosun.clients",
                    format!("{text:?} has an empty entry"),
                ));
            }
            check("bosun.clients", values::docker_name("service", service))?;
            if clients.iter().any(|c| c.service == service) {
                return Err(error(
                    "bosun.clients",
                    format!("client {service:?} is listed twice"),
                ));
            }
            clients.push(ClientSpec {
                service: service.to_string(),
                key_path: key_path.clone(),
            });
        }
    } else if bosun_labels.contains_key("bosun.clients.key-path") {
        return Err(error(
            "bosun.clients.key-path",
            "is set but bosun.clients is not".to_string(),
        ));
    }

    Ok(Some(Target {
        name,
        selector: Selector::Service(service_name.to_string()),
        policy,
        exec,
        clients,
        limits,
        origin: Origin::Labels {
            service: service_name.to_string(),
        },
    }))
}

/// A positive count written in a label.
fn count(value: &str) -> Result<u32, String> {
    let n: u64 = value
        .trim()
        .parse()
        .map_err(|_| format!("{value:?} is not a whole number"))?;
    values::positive(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn labels(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn err(service: &str, pairs: &[(&str, &str)]) -> LabelError {
        match target_from_labels(service, &labels(pairs)) {
            Ok(t) => panic!("expected an error, got {t:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn not_a_target() {
        for pairs in [
            &[][..],
            &[("bosun.policy", "nextcloud")][..],
            &[("bosun.enable", "false"), ("bosun.policy", "bad")][..],
            &[
                ("bosun.enable", "true"),
                ("bosun.managed-by", "bosun"),
                ("bosun.kind", "proxy"),
            ][..],
            &[("traefik.enable", "true")][..],
        ] {
            assert_eq!(
                target_from_labels("app", &labels(pairs)),
                Ok(None),
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn minimal_target() {
        let t = target_from_labels(
            "nextcloud",
            &labels(&[
                ("bosun.enable", "true"),
                ("bosun.policy", "nextcloud"),
                ("other", "x"),
            ]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            t,
            Target {
                name: "nextcloud".into(),
                selector: Selector::Service("nextcloud".into()),
                policy: TargetPolicy::Preset(Preset::Nextcloud),
                exec: ExecSettings::default(),
                clients: vec![],
                limits: Limits::default(),
                origin: Origin::Labels {
                    service: "nextcloud".into()
                },
            }
        );
    }

    #[test]
    fn every_label() {
        let t = target_from_labels(
            "stack_photoprism",
            &labels(&[
                ("bosun.enable", "true"),
                ("bosun.name", "photos"),
                ("bosun.policy", "photoprism"),
                ("bosun.exec.user", "1000:1000"),
                ("bosun.exec.workdir", "/photoprism"),
                ("bosun.exec.env.PHOTOPRISM_DEBUG", "false"),
                ("bosun.exec.env.LANG", "C.UTF-8"),
                ("bosun.clients", "app, worker"),
                ("bosun.clients.key-path", "/run/secrets/photos"),
                ("bosun.limits.memory", "128Mi"),
                ("bosun.limits.cpus", "0.25"),
                ("bosun.limits.max-connections", "32"),
                ("bosun.limits.max-concurrent-execs", "4"),
                ("bosun.limits.command-timeout", "30m"),
            ]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(t.name, "photos");
        assert_eq!(t.selector, Selector::Service("stack_photoprism".into()));
        assert_eq!(t.policy, TargetPolicy::Preset(Preset::Photoprism));
        assert_eq!(t.exec.user.as_deref(), Some("1000:1000"));
        assert_eq!(t.exec.workdir.as_deref(), Some("/photoprism"));
        assert_eq!(
            t.exec.env,
            BTreeMap::from([
                ("LANG".to_string(), "C.UTF-8".to_string()),
                ("PHOTOPRISM_DEBUG".to_string(), "false".to_string())
            ])
        );
        let client = |s: &str| ClientSpec {
            service: s.into(),
            key_path: "/run/secrets/photos".into(),
        };
        assert_eq!(t.clients, [client("app"), client("worker")]);
        assert_eq!(
            t.limits,
            Limits {
                memory_bytes: Some(128 << 20),
                nano_cpus: Some(250_000_000),
                max_connections: Some(32),
                max_concurrent_execs: Some(4),
                command_timeout: Some(Duration::from_secs(1800)),
            }
        );
        assert_eq!(
            t.origin,
            Origin::Labels {
                service: "stack_photoprism".into()
            }
        );
    }

    #[test]
    fn default_key_path_uses_the_target_name() {
        let t = target_from_labels(
            "nc",
            &labels(&[
                ("bosun.enable", "true"),
                ("bosun.name", "cloud"),
                ("bosun.policy", "nextcloud"),
                ("bosun.clients", "app"),
            ]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(t.clients[0].key_path, "/run/secrets/bosun-cloud-key");
    }

    #[test]
    fn errors_name_the_service_and_the_label() {
        let on = ("bosun.enable", "true");
        let preset = ("bosun.policy", "nextcloud");
        // service, labels, the label named by the error, a part of the message
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, &'a str);
        let cases: &[Case] = &[
            (
                "app",
                &[("bosun.enable", "yes")],
                "bosun.enable",
                "\"yes\" is not true or false",
            ),
            ("app", &[on], "bosun.policy", "is required"),
            (
                "app",
                &[on, ("bosun.policy", "wordpress")],
                "bosun.policy",
                "unknown preset \"wordpress\"",
            ),
            (
                "app",
                &[on, preset, ("bosun.polcy", "x")],
                "bosun.polcy",
                "unknown bosun label",
            ),
            (
                "app",
                &[on, preset, ("bosun.limits.memory", "64Q")],
                "bosun.limits.memory",
                "\"64Q\" is not a size",
            ),
            (
                "app",
                &[on, preset, ("bosun.limits.cpus", "half")],
                "bosun.limits.cpus",
                "not a number of CPUs",
            ),
            (
                "app",
                &[on, preset, ("bosun.limits.cpus", "0")],
                "bosun.limits.cpus",
                "more than zero",
            ),
            (
                "app",
                &[on, preset, ("bosun.limits.max-connections", "0")],
                "bosun.limits.max-connections",
                "more than zero",
            ),
            (
                "app",
                &[on, preset, ("bosun.limits.max-concurrent-execs", "-1")],
                "bosun.limits.max-concurrent-execs",
                "not a whole number",
            ),
            (
                "app",
                &[on, preset, ("bosun.limits.command-timeout", "1 fortnight")],
                "bosun.limits.command-timeout",
                "not a duration",
            ),
            (
                "app",
                &[on, preset, ("bosun.exec.workdir", "html")],
                "bosun.exec.workdir",
                "not an absolute path",
            ),
            (
                "app",
                &[on, preset, ("bosun.exec.env.1X", "a")],
                "bosun.exec.env.1X",
                "not an environment variable name",
            ),
            (
                "app",
                &[on, preset, ("bosun.exec.env.", "a")],
                "bosun.exec.env.",
                "not an environment variable name",
            ),
            (
                "app",
                &[on, preset, ("bosun.clients", "a,,b")],
                "bosun.clients",
                "empty entry",
            ),
            (
                "app",
                &[on, preset, ("bosun.clients", "a,a")],
                "bosun.clients",
                "listed twice",
            ),
            (
                "app",
                &[on, preset, ("bosun.clients.key-path", "/x")],
                "bosun.clients.key-path",
                "bosun.clients is not",
            ),
            (
                "app",
                &[on, preset, ("bosun.name", "Bad")],
                "bosun.name",
                "not a target name",
            ),
            (
                "My_App",
                &[on, preset],
                "bosun.name",
                "the service name is not a target name",
            ),
        ];
        for (service, pairs, label, needle) in cases {
            let e = err(service, pairs);
            assert_eq!(
                (e.service.as_str(), e.label.as_str()),
                (*service, *label),
                "{e}"
            );
            assert!(e.message.contains(needle), "{e}");
            assert!(
                e.to_string()
                    .starts_with(&format!("service {service}: label {label}: ")),
                "{e}"
            );
        }
    }
}
