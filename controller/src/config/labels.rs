//! Targets declared with `bosun.*` labels on a service, Traefik-style (docs/controller.md,
//! "Targets from labels").
//!
//! The labels are read into the same text shape the file is read into ([`TargetText`]) and
//! validated by the same function ([`validate_target`]). Only what is particular to labels is
//! checked here: `bosun.enable`, unknown keys, the text of numbers and lists, and the policy
//! (a preset name). Each value is placed at a made-up position that stands for its label, so
//! an error from the shared checks still names the label it is about.
//!
//! Any `bosun.*` label is a claim: a service with `bosun.*` labels but no `bosun.enable` (a
//! misspelled `bosun.enabel`, say) is an error, not "no target", so the controller holds the
//! objects of the name it claims instead of removing them. Only `bosun.enable=false` opts out,
//! and `bosun.client-of` (a client's own opt-in, read by the planner) claims nothing.
//!
//! A label-declared target belongs to one instance: the one its `bosun.instance` label names,
//! `bosun` without one (`crate::model::names::instance_of`, applied by the caller). Every
//! other instance leaves it alone: it neither serves it nor reports its labels, so two
//! deployments never both make its proxies. Here the label is only known, not read.

use std::collections::{BTreeMap, HashMap};

use bosun_core::policy::Preset;

use super::location::{ConfigError, Located, LocatedMap, Position};
use super::text::{
    ClientText, DurationText, ExecText, LimitsText, ModeText, PeriodText, RotationText, SizeText,
    TargetText,
};
use super::validate::validate_target;
use super::{Origin, Rotation, Target};

/// Every label key starts with this.
const PREFIX: &str = "bosun.";
/// One exec environment variable per label: `bosun.exec.env.NAME`.
const ENV_PREFIX: &str = "bosun.exec.env.";
/// The label a target's name is read from (the service's name without it).
const NAME: &str = "bosun.name";
/// On a client service: the comma-separated targets whose key it agrees to receive.
pub const CLIENT_OF: &str = "bosun.client-of";
/// On a target service: the instance that serves it (`bosun` when absent).
const INSTANCE: &str = "bosun.instance";
/// On any service bosun wrote (a client whose key it mounted): the epoch of the leader that
/// wrote it (`crate::swarm::fence`). Declares nothing.
const EPOCH: &str = crate::model::names::EPOCH;
/// Labels that may sit on any service and declare no target.
const NOT_DECLARING: [&str; 3] = [CLIENT_OF, INSTANCE, EPOCH];
/// Per-client settings: `bosun.clients.<client>.uid|gid|mode`.
const CLIENTS_PREFIX: &str = "bosun.clients.";

/// A service whose `bosun.*` labels do not declare a valid target.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("service {service}: label {label}: {message}")]
pub struct LabelError {
    pub service: String,
    /// The target name the labels claim (`bosun.name`, or the service's name).
    pub target: String,
    pub label: String,
    pub message: String,
}

/// The target a service declares with its labels: `Ok(None)` unless `bosun.enable=true`, and
/// always for services bosun manages (`bosun.managed-by=bosun`). Unknown `bosun.*` keys and
/// bad values are errors naming the service and the label. `rotation` is the config's top
/// level, which `bosun.rotation.*` labels override field by field.
pub fn target_from_labels(
    service_name: &str,
    labels: &HashMap<String, String>,
    rotation: &Rotation,
) -> Result<Option<Target>, LabelError> {
    if labels.get("bosun.managed-by").map(String::as_str) == Some("bosun") {
        return Ok(None);
    }
    // Sorted, so the first error reported is always the same one.
    let bosun_labels: BTreeMap<&str, &str> = labels
        .iter()
        .filter(|(k, _)| k.starts_with(PREFIX) && !NOT_DECLARING.contains(&k.as_str()))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let claimed = bosun_labels.get(NAME).copied().unwrap_or(service_name);
    let mut reader = Reader::new(service_name, claimed);
    match labels.get("bosun.enable") {
        None if bosun_labels.is_empty() => return Ok(None),
        None => return Err(reader.unclaimed(&bosun_labels)),
        enable => {
            if !reader.enabled(enable)? {
                return Ok(None);
            }
        }
    }
    let (name, text) = reader.read(&bosun_labels)?;
    let origin = Origin::Labels {
        service: service_name.to_string(),
    };
    validate_target(&name, text, origin, rotation)
        .map(Some)
        .map_err(|errors| reader.first_error(errors))
}

/// Reads one service's labels into a [`TargetText`], remembering which label each position
/// stands for.
struct Reader<'a> {
    service: &'a str,
    /// The target name the labels claim, for errors.
    claimed: &'a str,
    /// The label each position stands for: `Position { line: i + 1, .. }` is `labels[i]`.
    labels: Vec<String>,
    /// The target is named after the service (no `bosun.name`).
    named_after_service: bool,
}

/// What the loop over the labels collects besides the text itself.
#[derive(Default)]
struct Pending<'l> {
    clients: Option<Located<&'l str>>,
    key_path: Option<Located<String>>,
    /// `bosun.clients.<client>.<field>`: client → its entries.
    per_client: BTreeMap<&'l str, ClientLabels>,
}

/// The per-client labels of one client.
#[derive(Default)]
struct ClientLabels {
    uid: Option<Located<u64>>,
    gid: Option<Located<u64>>,
    mode: Option<Located<ModeText>>,
}

impl<'a> Reader<'a> {
    fn new(service: &'a str, claimed: &'a str) -> Reader<'a> {
        Reader {
            service,
            claimed,
            labels: Vec::new(),
            named_after_service: false,
        }
    }

    /// A new position standing for `label`; positions grow in the order labels are read.
    fn at(&mut self, label: &str) -> Position {
        self.labels.push(label.to_string());
        Position {
            line: self.labels.len() as u64,
            column: 1,
        }
    }

    fn located<T>(&mut self, label: &str, value: T) -> Located<T> {
        Located {
            at: self.at(label),
            value,
        }
    }

    fn error(&self, label: &str, message: impl Into<String>) -> LabelError {
        LabelError {
            service: self.service.to_string(),
            target: self.claimed.to_string(),
            label: label.to_string(),
            message: message.into(),
        }
    }

    /// The first of the shared checks' errors, told as the label it is about.
    fn first_error(&self, errors: Vec<ConfigError>) -> LabelError {
        let Some(first) = errors.into_iter().min_by_key(|e| e.at) else {
            return self.error("bosun.enable", "is not a valid target");
        };
        let label = usize::try_from(first.at.line)
            .ok()
            .and_then(|line| self.labels.get(line.checked_sub(1)?))
            .map_or("bosun.enable", String::as_str);
        if label == NAME && self.named_after_service {
            let message = format!(
                "the service name is not a target name, set one: {}",
                first.message
            );
            return self.error(label, message);
        }
        self.error(label, first.message)
    }

    /// `bosun.*` labels without `bosun.enable`: the first one is named (a typo, most likely).
    fn unclaimed(&self, labels: &BTreeMap<&str, &str>) -> LabelError {
        let first = labels.keys().next().copied().unwrap_or("bosun.enable");
        self.error(
            first,
            "bosun.enable is not set, but the service has bosun.* labels: set bosun.enable=true \
             (or bosun.enable=false to opt out); until then its objects are left as they are",
        )
    }

    fn enabled(&self, value: Option<&String>) -> Result<bool, LabelError> {
        match value.map(|v| v.trim()) {
            Some("true") => Ok(true),
            None | Some("false") => Ok(false),
            Some(other) => {
                Err(self.error("bosun.enable", format!("{other:?} is not true or false")))
            }
        }
    }

    /// The target's name and its text, from the service's `bosun.*` labels.
    fn read<'l>(
        &mut self,
        labels: &BTreeMap<&'l str, &'l str>,
    ) -> Result<(Located<String>, Located<TargetText>), LabelError> {
        self.named_after_service = !labels.contains_key(NAME);
        let name = labels.get(NAME).copied().unwrap_or(self.service);
        let name = self.located(NAME, name.to_string());
        let mut text = TargetText {
            service: Some(self.located("bosun.enable", self.service.to_string())),
            selector: None,
            policy: None,
            exec: Some(ExecText::default()),
            clients: None,
            limits: Some(LimitsText::default()),
            rotation: None,
        };
        let mut pending = Pending::default();
        for (&label, &value) in labels {
            self.read_label(&mut text, &mut pending, label, value)?;
        }
        if text.policy.is_none() {
            return Err(self.error(
                "bosun.policy",
                "is required: a preset (nextcloud, photoprism)",
            ));
        }
        text.clients = self.clients(pending)?;
        Ok((name, self.located("bosun.enable", text)))
    }

    fn read_label<'l>(
        &mut self,
        text: &mut TargetText,
        pending: &mut Pending<'l>,
        label: &'l str,
        value: &'l str,
    ) -> Result<(), LabelError> {
        match label {
            "bosun.enable" | NAME => {}
            "bosun.policy" => {
                let preset: Preset = value
                    .trim()
                    .parse()
                    .map_err(|e| self.error(label, format!("{e}")))?;
                text.policy = Some(self.located(label, preset.policy()));
            }
            "bosun.clients" => pending.clients = Some(self.located(label, value)),
            "bosun.clients.key-path" => {
                pending.key_path = Some(self.located(label, value.to_string()));
            }
            _ if label.starts_with(CLIENTS_PREFIX) => self.read_client(pending, label, value)?,
            _ if label.starts_with("bosun.exec.") => {
                let exec = text.exec.get_or_insert_with(ExecText::default);
                self.read_exec(exec, label, value)?;
            }
            _ if label.starts_with("bosun.limits.") => {
                let limits = text.limits.get_or_insert_with(LimitsText::default);
                self.read_limit(limits, label, value)?;
            }
            _ if label.starts_with("bosun.rotation.") => {
                let rotation = text.rotation.get_or_insert_with(RotationText::default);
                self.read_rotation(rotation, label, value)?;
            }
            _ => return Err(self.error(label, "unknown bosun label")),
        }
        Ok(())
    }

    fn read_exec(
        &mut self,
        exec: &mut ExecText,
        label: &str,
        value: &str,
    ) -> Result<(), LabelError> {
        match label {
            "bosun.exec.user" => exec.user = Some(self.located(label, value.to_string())),
            "bosun.exec.workdir" => exec.workdir = Some(self.located(label, value.to_string())),
            _ => {
                let Some(var) = label.strip_prefix(ENV_PREFIX) else {
                    return Err(self.error(label, "unknown bosun label"));
                };
                let at = self.at(label);
                let entry = (
                    Located {
                        value: var.to_string(),
                        at,
                    },
                    Located {
                        value: value.to_string(),
                        at,
                    },
                );
                exec.env
                    .get_or_insert_with(LocatedMap::default)
                    .0
                    .push(entry);
            }
        }
        Ok(())
    }

    fn read_limit(
        &mut self,
        limits: &mut LimitsText,
        label: &str,
        value: &str,
    ) -> Result<(), LabelError> {
        match label {
            "bosun.limits.memory" => {
                limits.memory = Some(self.located(label, SizeText(value.to_string())));
            }
            "bosun.limits.cpus" => {
                let cpus: f64 = value.trim().parse().map_err(|_| {
                    self.error(label, format!("{value:?} is not a number of CPUs (0.5)"))
                })?;
                limits.cpus = Some(self.located(label, cpus));
            }
            "bosun.limits.max-connections" => {
                let n = self.count(label, value)?;
                limits.max_connections = Some(self.located(label, n));
            }
            "bosun.limits.max-concurrent-execs" => {
                let n = self.count(label, value)?;
                limits.max_concurrent_execs = Some(self.located(label, n));
            }
            "bosun.limits.command-timeout" => {
                let timeout = DurationText(value.to_string());
                limits.command_timeout = Some(self.located(label, timeout));
            }
            _ => return Err(self.error(label, "unknown bosun label")),
        }
        Ok(())
    }

    /// `bosun.rotation.client-keys|host-keys|announce` (checked by the shared code).
    fn read_rotation(
        &mut self,
        rotation: &mut RotationText,
        label: &str,
        value: &str,
    ) -> Result<(), LabelError> {
        let value = value.to_string();
        match label {
            "bosun.rotation.client-keys" => {
                rotation.client_keys = Some(self.located(label, PeriodText(value)));
            }
            "bosun.rotation.host-keys" => {
                rotation.host_keys = Some(self.located(label, PeriodText(value)));
            }
            "bosun.rotation.announce" => {
                rotation.announce = Some(self.located(label, DurationText(value)));
            }
            _ => return Err(self.error(label, "unknown bosun label")),
        }
        Ok(())
    }

    /// `bosun.clients.<client>.uid|gid|mode` (a client name may hold dots: the field is last).
    fn read_client<'l>(
        &mut self,
        pending: &mut Pending<'l>,
        label: &'l str,
        value: &str,
    ) -> Result<(), LabelError> {
        let rest = label.strip_prefix(CLIENTS_PREFIX).unwrap_or_default();
        let Some((client, field)) = rest.rsplit_once('.') else {
            return Err(self.error(label, "unknown bosun label"));
        };
        let entry = pending.per_client.entry(client).or_default();
        match field {
            "uid" => entry.uid = Some(self.located(label, self.count(label, value)?)),
            "gid" => entry.gid = Some(self.located(label, self.count(label, value)?)),
            "mode" => entry.mode = Some(self.located(label, ModeText(value.to_string()))),
            _ => return Err(self.error(label, "unknown bosun label (uid, gid or mode)")),
        }
        Ok(())
    }

    /// A whole number written in a label (the shared checks say whether it is a good one).
    fn count(&self, label: &str, value: &str) -> Result<u64, LabelError> {
        value
            .trim()
            .parse()
            .map_err(|_| self.error(label, format!("{value:?} is not a whole number")))
    }

    /// `bosun.clients` (a comma-separated list), each with `bosun.clients.key-path`.
    fn clients(
        &self,
        mut pending: Pending<'_>,
    ) -> Result<Option<Vec<Located<ClientText>>>, LabelError> {
        let Some(list) = pending.clients else {
            if pending.key_path.is_some() {
                return Err(self.error("bosun.clients.key-path", "is set but bosun.clients is not"));
            }
            if let Some(client) = pending.per_client.keys().next() {
                let label = format!("{CLIENTS_PREFIX}{client}");
                return Err(self.error(&label, "names a client that bosun.clients does not list"));
            }
            return Ok(None);
        };
        let mut clients = Vec::new();
        for service in list.value.split(',').map(str::trim) {
            if service.is_empty() {
                let message = format!("{:?} has an empty entry", list.value);
                return Err(self.error("bosun.clients", message));
            }
            let own = pending.per_client.remove(service).unwrap_or_default();
            let client = ClientText {
                service: Located {
                    value: service.to_string(),
                    at: list.at,
                },
                key_path: pending.key_path.clone(),
                uid: own.uid,
                gid: own.gid,
                mode: own.mode,
            };
            clients.push(Located {
                value: client,
                at: list.at,
            });
        }
        if let Some(client) = pending.per_client.keys().next() {
            let label = format!("{CLIENTS_PREFIX}{client}");
            return Err(self.error(&label, "names a client that bosun.clients does not list"));
        }
        Ok(Some(clients))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ClientSpec, ExecSettings, Limits, Selector, TargetPolicy};
    use std::time::Duration;

    /// The top level's rotation settings the label-declared targets below inherit.
    const TOP: Rotation = Rotation {
        client_keys: Some(Duration::from_secs(7 * 86_400)),
        host_keys: None,
        announce: Duration::from_secs(30),
    };

    fn from_labels(
        service: &str,
        labels: &HashMap<String, String>,
    ) -> Result<Option<Target>, LabelError> {
        target_from_labels(service, labels, &TOP)
    }

    fn labels(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn err(service: &str, pairs: &[(&str, &str)]) -> LabelError {
        match from_labels(service, &labels(pairs)) {
            Ok(t) => panic!("expected an error, got {t:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn the_instance_label_is_known_and_declares_nothing_alone() {
        let staging = labels(&[
            ("bosun.enable", "true"),
            ("bosun.policy", "nextcloud"),
            ("bosun.instance", "staging"),
        ]);
        let target = from_labels("nc", &staging).unwrap().unwrap();
        assert_eq!(target.name, "nc");
        let alone = labels(&[("bosun.instance", "staging")]);
        assert_eq!(from_labels("nc", &alone), Ok(None));
    }

    #[test]
    fn not_a_target() {
        for pairs in [
            &[][..],
            &[("bosun.enable", "false"), ("bosun.policy", "bad")][..],
            &[("bosun.client-of", "nextcloud,photos")][..],
            // a client service whose key the leader of epoch 3 mounted
            &[("bosun.client-of", "nextcloud"), ("bosun.epoch", "3")][..],
            &[
                ("bosun.enable", "true"),
                ("bosun.managed-by", "bosun"),
                ("bosun.kind", "proxy"),
            ][..],
            &[("traefik.enable", "true")][..],
        ] {
            assert_eq!(from_labels("app", &labels(pairs)), Ok(None), "{pairs:?}");
        }
    }

    #[test]
    fn minimal_target() {
        let t = from_labels(
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
                // the preset's user, as the local fallback uses it
                exec: ExecSettings {
                    user: "www-data".into(),
                    workdir: None,
                    env: BTreeMap::new(),
                },
                clients: vec![],
                limits: Limits::default(),
                // the top level's
                rotation: TOP,
                origin: Origin::Labels {
                    service: "nextcloud".into()
                },
            }
        );
    }

    #[test]
    fn every_label() {
        let t = from_labels(
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
        assert_eq!(t.exec.user, "1000:1000");
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
            uid: 0,
            gid: 0,
            mode: 0o400,
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
    fn rotation_labels_override_the_top_level_field_by_field() {
        let t = from_labels(
            "nc",
            &labels(&[
                ("bosun.enable", "true"),
                ("bosun.policy", "nextcloud"),
                ("bosun.rotation.host-keys", "60d"),
                ("bosun.rotation.announce", "1m"),
            ]),
        )
        .unwrap()
        .unwrap();
        let day = Duration::from_secs(86_400);
        assert_eq!(
            t.rotation,
            Rotation {
                client_keys: TOP.client_keys,
                host_keys: Some(60 * day),
                announce: Duration::from_secs(60),
            }
        );
        let off = from_labels(
            "nc",
            &labels(&[
                ("bosun.enable", "true"),
                ("bosun.policy", "nextcloud"),
                ("bosun.rotation.client-keys", "0"),
            ]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(off.rotation.client_keys, None);
    }

    #[test]
    fn per_client_uid_gid_and_mode() {
        let t = from_labels(
            "nc",
            &labels(&[
                ("bosun.enable", "true"),
                ("bosun.policy", "nextcloud"),
                ("bosun.clients", "web,my.cli"),
                ("bosun.clients.web.uid", "33"),
                ("bosun.clients.web.gid", "33"),
                ("bosun.clients.web.mode", "0600"),
                ("bosun.clients.my.cli.mode", "0400"),
            ]),
        )
        .unwrap()
        .unwrap();
        let access: Vec<(&str, u32, u32, u32)> = t
            .clients
            .iter()
            .map(|c| (c.service.as_str(), c.uid, c.gid, c.mode))
            .collect();
        assert_eq!(access, [("web", 33, 33, 0o600), ("my.cli", 0, 0, 0o400)]);
    }

    #[test]
    fn an_error_names_the_target_the_labels_claim() {
        let claimed = |pairs: &[(&str, &str)]| err("svc", pairs).target;
        assert_eq!(claimed(&[("bosun.enabel", "true")]), "svc");
        assert_eq!(
            claimed(&[
                ("bosun.enable", "true"),
                ("bosun.name", "nc"),
                ("bosun.exec.usr", "x")
            ]),
            "nc"
        );
    }

    #[test]
    fn default_key_path_uses_the_target_name() {
        let t = from_labels(
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
            // Issue 9: any bosun.* label claims the service; only bosun.enable=false opts out.
            ("app", &[preset], "bosun.policy", "bosun.enable is not set"),
            (
                "app",
                &[("bosun.enabel", "true"), preset],
                "bosun.enabel",
                "bosun.enable is not set",
            ),
            (
                "app",
                &[on, preset, ("bosun.exec.usr", "www-data")],
                "bosun.exec.usr",
                "unknown bosun label",
            ),
            (
                "app",
                &[
                    on,
                    preset,
                    ("bosun.clients", "web"),
                    ("bosun.clients.web.mode", "0800"),
                ],
                "bosun.clients.web.mode",
                "not a file mode",
            ),
            (
                "app",
                &[
                    on,
                    preset,
                    ("bosun.clients", "web"),
                    ("bosun.clients.web.mode", "0440"),
                ],
                "bosun.clients.web.mode",
                "the client refuses such a key file",
            ),
            (
                "app",
                &[
                    on,
                    preset,
                    ("bosun.clients", "web"),
                    ("bosun.clients.web.uid", "www"),
                ],
                "bosun.clients.web.uid",
                "not a whole number",
            ),
            (
                "app",
                &[
                    on,
                    preset,
                    ("bosun.clients", "web"),
                    ("bosun.clients.cli.uid", "1"),
                ],
                "bosun.clients.cli",
                "does not list",
            ),
            (
                "app",
                &[
                    on,
                    preset,
                    ("bosun.clients", "web"),
                    ("bosun.clients.web.owner", "1"),
                ],
                "bosun.clients.web.owner",
                "unknown bosun label",
            ),
            (
                "app",
                &[
                    on,
                    preset,
                    ("bosun.clients", "web"),
                    ("bosun.clients.key-path", "/k"),
                ],
                "bosun.clients.key-path",
                "not under /run/secrets/",
            ),
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
                &[on, preset, ("bosun.rotation.client-keys", "10m")],
                "bosun.rotation.client-keys",
                "10m is too short: a rotation schedule is at least 1h",
            ),
            (
                "app",
                &[on, preset, ("bosun.rotation.announce", "2h")],
                "bosun.rotation.announce",
                "2h is out of range",
            ),
            (
                "app",
                &[on, preset, ("bosun.rotation.period", "1d")],
                "bosun.rotation.period",
                "unknown bosun label",
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
