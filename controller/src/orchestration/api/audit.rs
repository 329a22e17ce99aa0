//! What the audit says of one request, and how the layers of the router fill it in.
//!
//! Every authenticated request ends as one [`AuditRecord`], handed to the backend (which
//! stores it on Swarm, bounded by `orchestration.audit`). The record is put together by the
//! outer layer of the router (`router.rs`) once the response is known; the inner layers, which
//! know the matched route, the template, the node or service id and the body's field names,
//! write those into the request's [`AuditNote`] as they go.
//!
//! A record holds names and ids only: the body's field *names*, never its values (a value may
//! be a secret of a template the HTTP side does not know), and never the token.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::backend::Caller;
use crate::orchestration::model::Role;

/// One request, as the audit keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    #[serde(
        serialize_with = "serialize_time",
        deserialize_with = "deserialize_time"
    )]
    pub time: SystemTime,
    /// The `X-Request-Id` the caller got.
    pub request_id: String,
    /// The token's name.
    pub who: String,
    #[serde(
        serialize_with = "serialize_role",
        deserialize_with = "deserialize_role"
    )]
    pub role: Role,
    pub peer: SocketAddr,
    pub method: String,
    /// The matched route's pattern (`/orchestrate/{template}/clone`); none for a path that
    /// matched no route.
    pub route: Option<String>,
    pub template: Option<String>,
    /// The node id, service id or request id the route names.
    pub target: Option<String>,
    /// The names of the body's top-level fields.
    pub params: Vec<String>,
    pub status: u16,
    /// `ok`, or the error code the caller got.
    pub result: String,
}

/// What the inner layers learned of a request, for its audit record. Cheap to clone: every
/// clone writes to the same note.
#[derive(Debug, Clone, Default)]
pub struct AuditNote(Arc<Mutex<Noted>>);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Noted {
    pub route: Option<&'static str>,
    pub template: Option<String>,
    pub target: Option<String>,
    pub params: Vec<String>,
}

impl AuditNote {
    pub fn route(&self, pattern: &'static str, template: Option<&str>, target: Option<&str>) {
        let mut n = self.lock();
        n.route = Some(pattern);
        n.template = template.map(str::to_owned);
        n.target = target.map(str::to_owned);
    }

    /// The id a request acts on, when the body names it (a spawn's `node_id`).
    pub fn target(&self, target: &str) {
        self.lock().target = Some(target.to_owned());
    }

    pub fn params<'a>(&self, names: impl IntoIterator<Item = &'a String>) {
        self.lock().params = names.into_iter().cloned().collect();
    }

    pub fn read(&self) -> Noted {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Noted> {
        // A panic while holding this lock leaves plain data behind: keep using it.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The parts of a request the outer layer knows.
pub struct Seen<'a> {
    pub request_id: &'a str,
    pub caller: &'a Caller,
    pub peer: SocketAddr,
    pub method: &'a str,
}

impl AuditRecord {
    pub fn new(seen: Seen<'_>, noted: Noted, status: u16, result: &str) -> AuditRecord {
        AuditRecord {
            time: SystemTime::now(),
            request_id: seen.request_id.to_owned(),
            who: seen.caller.name.clone(),
            role: seen.caller.role,
            peer: seen.peer,
            method: seen.method.to_owned(),
            route: noted.route.map(str::to_owned),
            template: noted.template,
            target: noted.target,
            params: noted.params,
            status,
            result: result.to_owned(),
        }
    }
}

impl AuditRecord {
    /// Whether the request may have changed something (not a `GET` or `HEAD`): its record is
    /// stored before the caller hears the answer.
    pub fn is_write(&self) -> bool {
        self.method != "GET" && self.method != "HEAD"
    }
}

/// RFC 3339 with milliseconds, in UTC (`2025-01-02T03:04:05.678Z`).
pub fn serialize_time<S: Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&humantime::format_rfc3339_millis(*t))
}

fn deserialize_time<'de, D: Deserializer<'de>>(d: D) -> Result<SystemTime, D::Error> {
    let text = String::deserialize(d)?;
    humantime::parse_rfc3339(&text).map_err(serde::de::Error::custom)
}

fn serialize_role<S: Serializer>(role: &Role, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(role.name())
}

fn deserialize_role<'de, D: Deserializer<'de>>(d: D) -> Result<Role, D::Error> {
    let text = String::deserialize(d)?;
    Role::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown role `{text}`")))
}
