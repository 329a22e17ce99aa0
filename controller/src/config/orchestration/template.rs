//! Each `orchestration.templates.NAME`, text → `Template`, with every check that needs no
//! request. The ones a hostile body would otherwise find first:
//! * the node_id pattern compiles, can accept only `[a-z0-9_-]`, and is bounded so that
//!   `<prefix>-clone-<NAME>-<node_id>` stays within Docker's 63 characters (for this
//!   config's instance); two template names where one is the other plus `-…` are refused,
//!   as their clones' service names could meet;
//! * `{param: x}` names a declared parameter, `node_id`, or `port` (with a pool); an optional
//!   parameter is never an argument (its absence would shift the others);
//! * the port pool is `FIRST-LAST` with FIRST ≤ LAST; networks are names, never `host`,
//!   `bridge`, `none` or `ingress`; the volume target is an absolute path;
//! * limits are required and reservations within them.

use std::collections::BTreeMap;
use std::time::Duration;

use bosun_core::policy::UserRegex;

use super::text::{HealthText, ItemText, ParameterText, PortsText, ResourcesText, TemplateText};
use crate::config::location::{Located, LocatedMap};
use crate::config::text::DurationText;
use crate::config::validate::Errors;
use crate::config::values;
use crate::orchestration::model::Permission;
use crate::orchestration::template::{
    FORBIDDEN_NETWORKS, Format, Health, Item, MAX_STRING_BYTES, NETWORK_FIELD, NODE_ID_FIELD,
    PORT_FIELD, ParamKind, Parameter, PortPool, Resources, Template, Volume, clone_service_name,
    longest_node_id, node_id_shape,
};

/// The template whose extra permission is MANAGE_MONGODB_INSTANCES unless it names another.
const MONGODB: &str = "mongodb";
const MAX_CLONES: u64 = 10_000;
const DEFAULT_HEALTH_INTERVAL: Duration = Duration::from_secs(10);
const DEFAULT_HEALTH_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_HEALTH_RETRIES: u32 = 3;

/// The templates, each on its own and against the names before it.
pub fn templates(
    errors: &mut Errors,
    text: Option<LocatedMap<Located<TemplateText>>>,
    instance: &str,
) -> BTreeMap<String, Template> {
    let entries = text.unwrap_or_default().0;
    let mut templates = BTreeMap::new();
    for (i, (name, body)) in entries.iter().enumerate() {
        let path = format!("orchestration.templates.{}", name.value);
        if let Some((other, _)) = entries[..i]
            .iter()
            .find(|(o, _)| overlap(&o.value, &name.value))
        {
            let message = format!(
                "templates {:?} and {:?} could give two clones one service name ({}): rename one",
                other.value,
                name.value,
                clone_service_name(instance, &name.value, "…")
            );
            errors.push(name.at, &path, message);
        }
        if let Some(template) = template(errors, &path, name, body, instance) {
            templates.insert(name.value.clone(), template);
        }
    }
    templates
}

/// Whether `<a>-<x>` and `<b>-<y>` can be one string: one name is the other plus `-…`.
fn overlap(a: &str, b: &str) -> bool {
    let starts = |long: &str, short: &str| {
        long.strip_prefix(short)
            .is_some_and(|rest| rest.starts_with('-'))
    };
    starts(a, b) || starts(b, a)
}

/// The path segments of the API's own routes (`/orchestrate/services/…`, `…/requests`,
/// `…/audit`): a template of that name would be shadowed by them.
const RESERVED: [&str; 3] = ["services", "requests", "audit"];

/// One template; `None` when it has errors (recorded).
fn template(
    errors: &mut Errors,
    path: &str,
    name: &Located<String>,
    body: &Located<TemplateText>,
    instance: &str,
) -> Option<Template> {
    let before = errors.len();
    let text = &body.value;
    if values::target_name(&name.value).is_err() {
        let message = format!(
            "{:?} is not a template name (1-31 of a-z, 0-9 and '-', starting with a letter or digit)",
            name.value
        );
        errors.push(name.at, path, message);
    } else if RESERVED.contains(&name.value.as_str()) {
        let message = format!(
            "{:?} cannot name a template: /orchestrate/{}/… is one of the API's own routes",
            name.value, name.value
        );
        errors.push(name.at, path, message);
    }
    errors.check(
        text.image.at,
        &format!("{path}.image"),
        values::word("image", &text.image.value),
    );
    let permission = permission(errors, path, &name.value, text.permission.as_ref());
    let node_id = node_id_pattern(errors, path, name, &text.node_id.pattern, instance);
    let parameters = parameters(errors, path, text.parameters.as_ref());
    let ports = text.ports.as_ref().and_then(|p| ports(errors, path, p));
    let mut template = Template {
        image: text.image.value.clone(),
        permission,
        node_id: node_id?,
        parameters,
        args: Vec::new(),
        env: BTreeMap::new(),
        ports,
        networks: networks(errors, path, &text.networks),
        volume: text
            .volume
            .as_ref()
            .and_then(|v| volume(errors, path, &v.value.target)),
        resources: resources(errors, path, &text.resources)?,
        constraints: constraints(errors, path, text.placement.as_ref()),
        health: text.health.as_ref().and_then(|h| health(errors, path, h)),
        max_clones: max_clones(errors, path, &text.max_clones),
        user: text.user.as_ref().map(|u| {
            errors.check(
                u.at,
                &format!("{path}.user"),
                values::word("user", &u.value),
            );
            u.value.clone()
        }),
    };
    template.args = args(
        errors,
        path,
        &template,
        text.args.as_deref().unwrap_or_default(),
    );
    template.env = env(errors, path, &template, text.env.as_ref());
    (errors.len() == before).then_some(template)
}

fn permission(
    errors: &mut Errors,
    path: &str,
    name: &str,
    text: Option<&Located<String>>,
) -> Option<Permission> {
    let Some(text) = text else {
        return (name == MONGODB).then_some(Permission::ManageMongodbInstances);
    };
    let parsed = Permission::parse(&text.value);
    if parsed.is_none() {
        let names: Vec<&str> = Permission::ALL.iter().map(|p| p.name()).collect();
        let message = format!("unknown permission {:?} ({})", text.value, names.join(", "));
        errors.push(text.at, format!("{path}.permission"), message);
    }
    parsed
}

/// The node_id pattern: compiles, over the node id alphabet, bounded, and short enough for
/// the service name in this instance.
fn node_id_pattern(
    errors: &mut Errors,
    path: &str,
    name: &Located<String>,
    pattern: &Located<String>,
    instance: &str,
) -> Option<UserRegex> {
    let field = format!("{path}.node_id.pattern");
    let regex = errors.check(pattern.at, &field, compile(&pattern.value))?;
    let shape = errors.check(pattern.at, &field, node_id_shape(&pattern.value))?;
    let prefix = clone_service_name(instance, &name.value, "");
    match longest_node_id(instance, &name.value) {
        None => {
            let message = format!(
                "the template name is too long: {prefix:?} leaves no room for a node id in Docker's 63 characters"
            );
            errors.push(name.at, path, message);
            None
        }
        Some(room) if shape.longest > room => {
            let message = format!(
                "accepts node ids of up to {} characters, but {prefix:?} leaves {room} of Docker's 63 for the clone's service name: bound the pattern to {room}",
                shape.longest
            );
            errors.push(pattern.at, &field, message);
            None
        }
        Some(_) => Some(regex),
    }
}

fn compile(source: &str) -> Result<UserRegex, String> {
    UserRegex::new(source).map_err(|e| format!("{source:?} is not a valid regex: {e}"))
}

fn parameters(
    errors: &mut Errors,
    path: &str,
    text: Option<&LocatedMap<Located<ParameterText>>>,
) -> BTreeMap<String, Parameter> {
    let mut parameters = BTreeMap::new();
    for (name, body) in text.map(|t| t.0.as_slice()).unwrap_or_default() {
        let field = format!("{path}.parameters.{}", name.value);
        errors.check(name.at, &field, parameter_name(&name.value));
        if let Some(kind) = parameter_kind(errors, &field, body) {
            let optional = body.value.optional.unwrap_or(false);
            parameters.insert(name.value.clone(), Parameter { kind, optional });
        }
    }
    parameters
}

/// `[a-z][a-z0-9_]{0,31}`, and not one of the fields every template has.
fn parameter_name(name: &str) -> Result<(), String> {
    if [NODE_ID_FIELD, PORT_FIELD, NETWORK_FIELD].contains(&name) {
        return Err(format!(
            "{name:?} is a field of every template: choose another name"
        ));
    }
    let mut bytes = name.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_lowercase());
    let rest_ok = bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if first_ok && rest_ok && name.len() <= 32 {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a parameter name (1-32 of a-z, 0-9 and '_', starting with a letter)"
        ))
    }
}

/// Exactly one of `pattern`, `integer`, `enum`, `format`, checked.
fn parameter_kind(
    errors: &mut Errors,
    field: &str,
    body: &Located<ParameterText>,
) -> Option<ParamKind> {
    let text = &body.value;
    let given = [
        text.pattern.is_some(),
        text.integer.is_some(),
        text.one_of.is_some(),
        text.format.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        let message = "a parameter has exactly one of `pattern`, `integer`, `enum` or `format`";
        errors.push(body.at, field, message);
        return None;
    }
    if let Some(p) = &text.pattern {
        return errors
            .check(p.at, &format!("{field}.pattern"), compile(&p.value))
            .map(ParamKind::Pattern);
    }
    if let Some(range) = &text.integer {
        let (min, max) = (range.value.min, range.value.max);
        let checked = (min <= max)
            .then_some(ParamKind::Integer { min, max })
            .ok_or_else(|| format!("min {min} is above max {max}"));
        return errors.check(range.at, &format!("{field}.integer"), checked);
    }
    if let Some(values) = &text.one_of {
        return enum_values(errors, &format!("{field}.enum"), values).map(ParamKind::Enum);
    }
    let format = text.format.as_ref()?;
    let parsed = Format::parse(&format.value)
        .ok_or_else(|| format!("unknown format {:?} (tron-address)", format.value));
    errors
        .check(format.at, &format!("{field}.format"), parsed)
        .map(ParamKind::Format)
}

/// An enum's values: at least one, each a value a body could send, none twice.
fn enum_values(
    errors: &mut Errors,
    field: &str,
    values: &Located<Vec<Located<String>>>,
) -> Option<Vec<String>> {
    if values.value.is_empty() {
        errors.push(values.at, field, "an enum needs at least one value");
        return None;
    }
    let mut seen: Vec<String> = Vec::new();
    for value in &values.value {
        let text = &value.value;
        let sendable = !text.is_empty()
            && text.len() <= MAX_STRING_BYTES
            && !text.chars().any(char::is_control);
        if !sendable {
            let message = format!(
                "{text:?} can never be sent: 1-{MAX_STRING_BYTES} bytes, no control characters"
            );
            errors.push(value.at, field, message);
        } else if seen.contains(text) {
            errors.push(value.at, field, format!("{text:?} is listed twice"));
        }
        seen.push(text.clone());
    }
    Some(seen)
}

/// The argv: literals without NUL, and `{param: x}` of a required value.
fn args(
    errors: &mut Errors,
    path: &str,
    template: &Template,
    text: &[Located<ItemText>],
) -> Vec<Item> {
    let mut args = Vec::new();
    for (i, item) in text.iter().enumerate() {
        let field = format!("{path}.args[{i}]");
        if let Some(checked) = item_of(errors, &field, template, item) {
            if let Item::Param(name) = &checked {
                if template.parameters.get(name).is_some_and(|p| p.optional) {
                    let message = format!(
                        "{name:?} is optional: it may be an env value, not an argument (its absence would shift the others)"
                    );
                    errors.push(item.at, &field, message);
                }
            }
            args.push(checked);
        }
    }
    args
}

fn env(
    errors: &mut Errors,
    path: &str,
    template: &Template,
    text: Option<&LocatedMap<Located<ItemText>>>,
) -> BTreeMap<String, Item> {
    let mut env = BTreeMap::new();
    for (name, item) in text.map(|t| t.0.as_slice()).unwrap_or_default() {
        let field = format!("{path}.env.{}", name.value);
        errors.check(name.at, &field, values::env_name(&name.value));
        if let Some(checked) = item_of(errors, &field, template, item) {
            env.insert(name.value.clone(), checked);
        }
    }
    env
}

/// One item: a literal without NUL, or a reference this template can resolve.
fn item_of(
    errors: &mut Errors,
    field: &str,
    template: &Template,
    item: &Located<ItemText>,
) -> Option<Item> {
    match &item.value {
        ItemText::Literal(text) => errors
            .check(item.at, field, values::env_value(text))
            .map(|()| Item::Literal(text.clone())),
        ItemText::Param(name) if template.can_reference(name) => Some(Item::Param(name.clone())),
        ItemText::Param(name) => {
            let message = format!(
                "{{param: {name}}} names no parameter of this template (declare it under `parameters`; `port` needs `ports`)"
            );
            errors.push(item.at, field, message);
            None
        }
    }
}

fn ports(errors: &mut Errors, path: &str, text: &Located<PortsText>) -> Option<PortPool> {
    let pool = &text.value.pool;
    let field = format!("{path}.ports.pool");
    let range = errors.check(pool.at, &field, port_range(&pool.value));
    let target = &text.value.target;
    let target = errors.check(
        target.at,
        &format!("{path}.ports.target"),
        values::port(target.value),
    );
    let (first, last) = range?;
    Some(PortPool {
        first,
        last,
        target: target?,
    })
}

/// `FIRST-LAST`, both ports, FIRST ≤ LAST.
fn port_range(text: &str) -> Result<(u16, u16), String> {
    let bad = || format!("{text:?} is not a port pool like 27017-27116");
    let (first, last) = text.trim().split_once('-').ok_or_else(bad)?;
    let port = |p: &str| {
        p.trim()
            .parse::<u64>()
            .map_err(|_| bad())
            .and_then(values::port)
    };
    let (first, last) = (port(first)?, port(last)?);
    if first > last {
        return Err(format!(
            "{text:?} is empty: its first port is above its last"
        ));
    }
    Ok((first, last))
}

fn networks(errors: &mut Errors, path: &str, text: &Located<Vec<Located<String>>>) -> Vec<String> {
    let field = format!("{path}.networks");
    if text.value.is_empty() {
        errors.push(text.at, &field, "a template needs at least one network");
    }
    let mut networks: Vec<String> = Vec::new();
    for network in &text.value {
        let name = &network.value;
        if errors
            .check(network.at, &field, values::docker_name("network", name))
            .is_none()
        {
            continue;
        }
        if FORBIDDEN_NETWORKS
            .iter()
            .any(|f| f.eq_ignore_ascii_case(name))
        {
            let message = format!(
                "{name:?} is not allowed: a clone joins an overlay network, never host, bridge, none or ingress"
            );
            errors.push(network.at, &field, message);
        } else if networks.contains(name) {
            errors.push(network.at, &field, format!("{name:?} is listed twice"));
        }
        networks.push(name.clone());
    }
    networks
}

fn volume(errors: &mut Errors, path: &str, target: &Located<String>) -> Option<Volume> {
    let field = format!("{path}.volume.target");
    let checked = values::absolute_path(&target.value).and_then(|()| {
        if target.value.trim_end_matches('/').is_empty() {
            Err("a volume cannot be mounted at /".to_string())
        } else {
            Ok(())
        }
    });
    errors.check(target.at, &field, checked)?;
    Some(Volume {
        target: target.value.clone(),
    })
}

/// Limits (required) and reservations, each at most its limit.
fn resources(errors: &mut Errors, path: &str, text: &ResourcesText) -> Option<Resources> {
    let limits = &text.limits.value;
    let memory = errors.check(
        limits.memory.at,
        &format!("{path}.resources.limits.memory"),
        values::memory_bytes(&limits.memory.value.0),
    );
    let cpus = errors.check(
        limits.cpus.at,
        &format!("{path}.resources.limits.cpus"),
        values::nano_cpus(limits.cpus.value),
    );
    let reservations = text.reservations.as_ref().map(|r| &r.value);
    let reserved_memory = reservations.and_then(|r| r.memory.as_ref()).and_then(|m| {
        let field = format!("{path}.resources.reservations.memory");
        let checked = values::memory_bytes(&m.value.0).and_then(|b| within(b, memory, "memory"));
        errors.check(m.at, &field, checked)
    });
    let reserved_cpus = reservations.and_then(|r| r.cpus.as_ref()).and_then(|c| {
        let field = format!("{path}.resources.reservations.cpus");
        let checked = values::nano_cpus(c.value).and_then(|n| within(n, cpus, "cpus"));
        errors.check(c.at, &field, checked)
    });
    Some(Resources {
        memory_bytes: memory?,
        nano_cpus: cpus?,
        reserved_memory_bytes: reserved_memory,
        reserved_nano_cpus: reserved_cpus,
    })
}

/// A reservation is at most its limit (an unknown limit is reported on its own).
fn within(reserved: i64, limit: Option<i64>, what: &str) -> Result<i64, String> {
    match limit {
        Some(limit) if reserved > limit => Err(format!("reserves more {what} than the limit")),
        _ => Ok(reserved),
    }
}

fn constraints(
    errors: &mut Errors,
    path: &str,
    text: Option<&super::text::PlacementText>,
) -> Vec<String> {
    let list = text.map(|p| p.constraints.as_slice()).unwrap_or_default();
    let field = format!("{path}.placement.constraints");
    for c in list {
        let ok = !c.value.trim().is_empty() && !c.value.chars().any(char::is_control);
        if !ok {
            errors.push(
                c.at,
                &field,
                format!("{:?} is not a placement constraint", c.value),
            );
        }
    }
    list.iter().map(|c| c.value.clone()).collect()
}

fn health(errors: &mut Errors, path: &str, text: &Located<HealthText>) -> Option<Health> {
    let h = &text.value;
    let field = format!("{path}.health");
    let test_ok = matches!(
        h.test.first().map(String::as_str),
        Some("CMD" | "CMD-SHELL")
    ) && h.test.len() >= 2
        && h.test.iter().all(|t| !t.contains('\0'));
    if !test_ok {
        errors.push(
            text.at,
            format!("{field}.test"),
            "must be [\"CMD\", program, args...] or [\"CMD-SHELL\", command]",
        );
    }
    let mut duration = |value: &Option<Located<DurationText>>, name: &str, default| {
        value.as_ref().map_or(Some(default), |v| {
            errors.check(
                v.at,
                &format!("{field}.{name}"),
                values::duration(&v.value.0),
            )
        })
    };
    let interval = duration(&h.interval, "interval", DEFAULT_HEALTH_INTERVAL);
    let timeout = duration(&h.timeout, "timeout", DEFAULT_HEALTH_TIMEOUT);
    let start_period = h.start_period.as_ref().map_or(Some(Duration::ZERO), |s| {
        let checked = values::optional_duration(&s.value.0, Duration::ZERO);
        errors
            .check(s.at, &format!("{field}.start_period"), checked)
            .map(Option::unwrap_or_default)
    });
    let retries = h
        .retries
        .as_ref()
        .map_or(Some(DEFAULT_HEALTH_RETRIES), |r| {
            let checked = u32::try_from(r.value)
                .ok()
                .filter(|n| (1..=100).contains(n))
                .ok_or_else(|| format!("{} is out of range (1 to 100)", r.value));
            errors.check(r.at, &format!("{field}.retries"), checked)
        });
    Some(Health {
        test: h.test.clone(),
        interval: interval?,
        timeout: timeout?,
        retries: retries?,
        start_period: start_period?,
    })
    .filter(|_| test_ok)
}

fn max_clones(errors: &mut Errors, path: &str, text: &Located<u64>) -> u32 {
    let checked = match u32::try_from(text.value) {
        Ok(n) if (1..=MAX_CLONES).contains(&text.value) => Ok(n),
        _ => Err(format!(
            "{} is out of range (1 to {MAX_CLONES})",
            text.value
        )),
    };
    errors
        .check(text.at, &format!("{path}.max_clones"), checked)
        .unwrap_or(1)
}
