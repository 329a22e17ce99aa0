//! The `orchestration` section, text → [`Orchestration`]: the listener, the durations, the
//! limits, the audit settings and the tokens (the templates are `template.rs`'s). Every
//! problem is collected with its position, as in the rest of the config.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::time::Duration;

use super::text::{AuditText, LimitsText, OrchestrationText, TokenText};
use super::{DEFAULT_LISTEN, Orchestration, template};
use crate::config::location::{Located, Position};
use crate::config::validate::Errors;
use crate::config::values;
use crate::orchestration::model::{
    ApiLimits, AuditSettings, CLEANUP_WHO, DEFAULT_API_LIMITS, DEFAULT_AUDIT, Role, TokenEntry,
};
use crate::orchestration::template::valid_node_id;

/// The shortest `cleanup_stopped_after` when on, and the shortest audit retention.
const MIN_CLEANUP: Duration = Duration::from_secs(60);
const MIN_RETENTION: Duration = Duration::from_secs(86_400);
/// The bounds of `limits.max_body_bytes`.
const MIN_BODY: u64 = 1024;
const MAX_BODY: u64 = 1 << 20;
/// SHA-256 of the empty string: a token entry with it would accept an empty token.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The section (its defaults when absent); `instance` names the clones' services.
pub fn orchestration(
    errors: &mut Errors,
    text: Option<OrchestrationText>,
    instance: &str,
) -> Orchestration {
    let text = text.unwrap_or_default();
    let listen = text.listen.map_or(DEFAULT_LISTEN, |l| {
        let parsed = l
            .value
            .parse::<SocketAddr>()
            .map_err(|_| format!("{:?} is not a listen address like 0.0.0.0:8090", l.value));
        errors
            .check(l.at, "orchestration.listen", parsed)
            .unwrap_or(DEFAULT_LISTEN)
    });
    let cleanup_stopped_after = text.cleanup_stopped_after.and_then(|c| {
        let checked = values::optional_duration(&c.value.0, MIN_CLEANUP);
        let path = "orchestration.cleanup_stopped_after";
        errors.check(c.at, path, checked).flatten()
    });
    Orchestration {
        enabled: text.enabled.unwrap_or(false),
        listen,
        cleanup_stopped_after,
        limits: limits(errors, text.limits.unwrap_or_default()),
        audit: audit(errors, text.audit.unwrap_or_default()),
        tokens: tokens(errors, text.tokens.unwrap_or_default()),
        templates: template::templates(errors, text.templates, instance),
    }
}

fn limits(errors: &mut Errors, text: LimitsText) -> ApiLimits {
    let mut count = |value: Option<Located<u64>>, field: &str, default: u32| {
        value.map_or(default, |v| {
            let path = format!("orchestration.limits.{field}");
            errors
                .check(v.at, &path, values::positive(v.value))
                .unwrap_or(default)
        })
    };
    let d = DEFAULT_API_LIMITS;
    let per_token = count(
        text.per_token_per_minute,
        "per_token_per_minute",
        d.per_token_per_minute,
    );
    let per_peer = count(
        text.per_peer_per_minute,
        "per_peer_per_minute",
        d.per_peer_per_minute,
    );
    let concurrent = count(
        text.concurrent_spawns,
        "concurrent_spawns",
        d.concurrent_spawns,
    );
    let quota = count(text.quota_per_token, "quota_per_token", d.quota_per_token);
    let pending = count(
        text.pending_requests,
        "pending_requests",
        d.pending_requests,
    );
    let max_body_bytes = text.max_body_bytes.map_or(d.max_body_bytes, |b| {
        let checked = if (MIN_BODY..=MAX_BODY).contains(&b.value) {
            Ok(b.value as usize)
        } else {
            Err(format!(
                "{} is out of range ({MIN_BODY} to {MAX_BODY} bytes)",
                b.value
            ))
        };
        let path = "orchestration.limits.max_body_bytes";
        errors
            .check(b.at, path, checked)
            .unwrap_or(d.max_body_bytes)
    });
    ApiLimits {
        per_token_per_minute: per_token,
        per_peer_per_minute: per_peer,
        concurrent_spawns: concurrent,
        quota_per_token: quota,
        pending_requests: pending,
        max_body_bytes,
    }
}

fn audit(errors: &mut Errors, text: AuditText) -> AuditSettings {
    let retention = text.retention.map_or(DEFAULT_AUDIT.retention, |r| {
        let checked = values::duration(&r.value.0).and_then(|d| {
            if d < MIN_RETENTION {
                Err(format!(
                    "{} is too short: at least 1d",
                    humantime::format_duration(d)
                ))
            } else {
                Ok(d)
            }
        });
        let path = "orchestration.audit.retention";
        errors
            .check(r.at, path, checked)
            .unwrap_or(DEFAULT_AUDIT.retention)
    });
    let max_records = text.max_records.map_or(DEFAULT_AUDIT.max_records, |m| {
        let path = "orchestration.audit.max_records";
        errors
            .check(m.at, path, values::positive(m.value))
            .unwrap_or(DEFAULT_AUDIT.max_records)
    });
    AuditSettings {
        retention,
        max_records,
    }
}

/// The tokens, each checked, with no name or digest twice.
fn tokens(errors: &mut Errors, text: Vec<Located<TokenText>>) -> Vec<TokenEntry> {
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut digests: BTreeMap<[u8; 32], usize> = BTreeMap::new();
    let mut tokens = Vec::new();
    for (i, token) in text.into_iter().enumerate() {
        let path = format!("orchestration.tokens[{i}]");
        let (name, sha_at) = (&token.value.name, token.value.sha256.at);
        if let Some(first) = names.insert(name.value.clone(), i) {
            let message = format!("token name {:?} is already tokens[{first}]'s", name.value);
            errors.push(name.at, format!("{path}.name"), message);
        }
        let Some(entry) = token_entry(errors, &path, token.value) else {
            continue;
        };
        if let Some(first) = digests.insert(entry.sha256, i) {
            let message = format!("this digest is already tokens[{first}]'s: one token, one entry");
            errors.push(sha_at, format!("{path}.sha256"), message);
        }
        tokens.push(entry);
    }
    tokens
}

/// One token entry; `None` when it has errors (recorded).
fn token_entry(errors: &mut Errors, path: &str, text: TokenText) -> Option<TokenEntry> {
    let before = errors.len();
    errors.check(
        text.name.at,
        &format!("{path}.name"),
        token_name(&text.name.value),
    );
    let sha256 = errors.check(
        text.sha256.at,
        &format!("{path}.sha256"),
        digest(&text.sha256.value),
    );
    let role = Role::parse(&text.role.value);
    if role.is_none() {
        let message = format!(
            "unknown role {:?} (SUPER_ADMIN, ADMIN, NODE_OPERATOR or USER)",
            text.role.value
        );
        errors.push(text.role.at, format!("{path}.role"), message);
    }
    let node_ids = node_ids(
        errors,
        path,
        text.role.at,
        role,
        text.node_ids.unwrap_or_default(),
    );
    let expires = text.expires.and_then(|e| {
        let parsed = humantime::parse_rfc3339(e.value.trim()).map_err(|_| {
            format!(
                "{:?} is not an RFC 3339 instant like 2027-06-01T00:00:00Z",
                e.value
            )
        });
        errors.check(e.at, &format!("{path}.expires"), parsed)
    });
    if errors.len() > before {
        return None;
    }
    Some(TokenEntry {
        name: text.name.value,
        sha256: sha256?,
        role: role?,
        node_ids,
        expires,
    })
}

/// A NODE_OPERATOR's node ids (it needs at least one); no other role has any.
fn node_ids(
    errors: &mut Errors,
    path: &str,
    role_at: Position,
    role: Option<Role>,
    text: Vec<Located<String>>,
) -> BTreeSet<String> {
    let field = format!("{path}.node_ids");
    match role {
        Some(Role::NodeOperator) if text.is_empty() => {
            let message = "a NODE_OPERATOR needs the node ids it acts for (node_ids: [...])";
            errors.push(role_at, &field, message);
        }
        Some(other) if other != Role::NodeOperator && !text.is_empty() => {
            let message = format!("only a NODE_OPERATOR has node_ids, not {}", other.name());
            errors.push(text[0].at, &field, message);
        }
        _ => {}
    }
    for id in &text {
        if !valid_node_id(&id.value) {
            let message = format!(
                "{:?} is not a node id (1-63 of a-z, 0-9, '_' and '-', starting with a letter or digit)",
                id.value
            );
            errors.push(id.at, &field, message);
        }
    }
    text.into_iter().map(|id| id.value).collect()
}

/// A token's name: it goes into labels and audit records.
/// Whether `name` may name a token (`token new` checks its `--name` with it too).
pub fn token_name(name: &str) -> Result<(), String> {
    if name == CLEANUP_WHO {
        return Err(format!(
            "{name:?} is reserved: the audit names the cleanup of stopped clones so"
        ));
    }
    let mut bytes = name.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let rest_ok =
        bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b));
    if first_ok && rest_ok && name.len() <= 63 {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a token name (1-63 of a-z, 0-9, '_', '.' and '-', starting with a letter or digit)"
        ))
    }
}

/// 64 hex digits → the digest; never the empty token's.
fn digest(text: &str) -> Result<[u8; 32], String> {
    let bad = || "is not a SHA-256 (64 hex digits)".to_string();
    if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    if text.eq_ignore_ascii_case(EMPTY_SHA256) {
        return Err("is the SHA-256 of an empty token".into());
    }
    let mut digest = [0u8; 32];
    for (byte, pair) in digest.iter_mut().zip(text.as_bytes().chunks(2)) {
        let pair = std::str::from_utf8(pair).map_err(|_| bad())?;
        *byte = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
    }
    Ok(digest)
}
