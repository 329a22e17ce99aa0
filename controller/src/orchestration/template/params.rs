//! A spawn's body → [`Params`]: exactly the template's fields, each checked, or the first
//! [`ParamError`].
//!
//! The body is a JSON object the HTTP side has already parsed strictly (no duplicate keys, no
//! deep nesting, a bounded size). Here:
//! * every field must be declared: the template's parameters, `node_id`, `port` (when the
//!   template has a port pool) and `network`; anything else is [`ParamError::Unknown`];
//! * `node_id` is required, and must pass the node id rule ([`super::valid_node_id`]) *and*
//!   the template's pattern;
//! * `port` is optional (`None`: the Swarm side picks the next free one) and must be in the
//!   pool; `network` is optional when the template allows one network, and must be one;
//! * strings are at most [`MAX_STRING_BYTES`] and hold no control character (NUL included);
//!   integers must be JSON integers in range.
//!
//! A refusal names the field and never quotes the value: hostile input stays out of logs and
//! responses. A field name that is not a plain identifier is not quoted either.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{
    Format, NETWORK_FIELD, NODE_ID_FIELD, PORT_FIELD, ParamKind, Parameter, Template,
    check_tron_address, valid_node_id,
};
use crate::orchestration::model::ParamError;

/// The longest string value accepted, in bytes.
pub const MAX_STRING_BYTES: usize = 256;

/// A field name longer than this, or not a plain identifier, is not quoted in an error.
const MAX_SHOWN_NAME: usize = 64;

/// One parameter's accepted value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    Text(String),
    Integer(i64),
}

impl ParamValue {
    /// The value as it goes into an argv item or an environment value.
    pub fn as_text(&self) -> String {
        match self {
            ParamValue::Text(text) => text.clone(),
            ParamValue::Integer(n) => n.to_string(),
        }
    }
}

/// A spawn's checked values. Only [`Template::validate`] makes one, so a `Params` always
/// satisfies its template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    node_id: String,
    port: Option<u16>,
    network: String,
    values: BTreeMap<String, ParamValue>,
}

impl Params {
    /// The clone's node id.
    pub fn node_id(&self) -> &str {
        &self.node_id
    }

    /// The port asked for, inside the pool; `None`: the next free one.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The network to join, by name: one of the template's.
    pub fn network(&self) -> &str {
        &self.network
    }

    /// The declared parameters given, by name (an optional one left out is absent).
    pub fn values(&self) -> &BTreeMap<String, ParamValue> {
        &self.values
    }
}

impl Template {
    /// Checks a spawn's body against this template.
    pub fn validate(&self, body: &Map<String, Value>) -> Result<Params, ParamError> {
        if let Some(unknown) = body.keys().find(|k| !self.is_field(k)) {
            return Err(ParamError::Unknown(shown_name(unknown)));
        }
        let node_id = self.node_id_value(body.get(NODE_ID_FIELD))?;
        let port = self.port_value(body.get(PORT_FIELD))?;
        let network = self.network_value(body.get(NETWORK_FIELD))?;
        let mut values = BTreeMap::new();
        for (name, parameter) in &self.parameters {
            match body.get(name) {
                Some(value) => {
                    values.insert(name.clone(), parameter_value(name, parameter, value)?);
                }
                None if parameter.optional => {}
                None => return Err(ParamError::Missing(name.clone())),
            }
        }
        Ok(Params {
            node_id,
            port,
            network,
            values,
        })
    }

    fn is_field(&self, name: &str) -> bool {
        name == NODE_ID_FIELD
            || name == NETWORK_FIELD
            || (name == PORT_FIELD && self.ports.is_some())
            || self.parameters.contains_key(name)
    }

    fn node_id_value(&self, value: Option<&Value>) -> Result<String, ParamError> {
        let value = value.ok_or_else(|| ParamError::Missing(NODE_ID_FIELD.into()))?;
        let text = bounded_text(NODE_ID_FIELD, value)?;
        if !valid_node_id(text) {
            return Err(invalid(
                NODE_ID_FIELD,
                "must be 1-63 of a-z, 0-9, '_' and '-', starting with a letter or digit",
            ));
        }
        if !self.node_id.is_match(text) {
            let reason = format!("does not match {}", self.node_id.source());
            return Err(invalid(NODE_ID_FIELD, &reason));
        }
        Ok(text.to_string())
    }

    fn port_value(&self, value: Option<&Value>) -> Result<Option<u16>, ParamError> {
        let (Some(value), Some(pool)) = (value, self.ports) else {
            return Ok(None);
        };
        let port = integer(PORT_FIELD, value)?;
        match u16::try_from(port) {
            Ok(port) if pool.contains(port) => Ok(Some(port)),
            _ => Err(invalid(
                PORT_FIELD,
                &format!(
                    "is not in the template's port pool {}-{}",
                    pool.first, pool.last
                ),
            )),
        }
    }

    fn network_value(&self, value: Option<&Value>) -> Result<String, ParamError> {
        let Some(value) = value else {
            return match self.networks.as_slice() {
                [only] => Ok(only.clone()),
                _ => Err(ParamError::Missing(NETWORK_FIELD.into())),
            };
        };
        let name = bounded_text(NETWORK_FIELD, value)?;
        match self.networks.iter().find(|n| *n == name) {
            Some(network) => Ok(network.clone()),
            None => Err(invalid(
                NETWORK_FIELD,
                &format!("is not one of {}", self.networks.join(", ")),
            )),
        }
    }
}

/// One declared parameter's value, checked by its kind.
fn parameter_value(
    name: &str,
    parameter: &Parameter,
    value: &Value,
) -> Result<ParamValue, ParamError> {
    match &parameter.kind {
        ParamKind::Integer { min, max } => {
            let n = integer(name, value)?;
            if (*min..=*max).contains(&n) {
                Ok(ParamValue::Integer(n))
            } else {
                Err(invalid(name, &format!("must be from {min} to {max}")))
            }
        }
        ParamKind::Pattern(regex) => {
            let text = bounded_text(name, value)?;
            if regex.is_match(text) {
                Ok(ParamValue::Text(text.to_string()))
            } else {
                Err(invalid(name, &format!("does not match {}", regex.source())))
            }
        }
        ParamKind::Enum(allowed) => {
            let text = bounded_text(name, value)?;
            match allowed.iter().find(|a| *a == text) {
                Some(a) => Ok(ParamValue::Text(a.clone())),
                None => Err(invalid(
                    name,
                    &format!("is not one of {}", allowed.join(", ")),
                )),
            }
        }
        ParamKind::Format(Format::TronAddress) => {
            let text = bounded_text(name, value)?;
            check_tron_address(text).map_err(|reason| invalid(name, reason))?;
            Ok(ParamValue::Text(text.to_string()))
        }
    }
}

/// A JSON string of at most [`MAX_STRING_BYTES`] without control characters.
fn bounded_text<'v>(field: &str, value: &'v Value) -> Result<&'v str, ParamError> {
    let Value::String(text) = value else {
        return Err(wrong_type(field, "a string"));
    };
    if text.is_empty() {
        return Err(invalid(field, "is empty"));
    }
    if text.len() > MAX_STRING_BYTES {
        let reason = format!("is longer than {MAX_STRING_BYTES} bytes");
        return Err(invalid(field, &reason));
    }
    if text.chars().any(char::is_control) {
        return Err(invalid(field, "contains a control character"));
    }
    Ok(text)
}

/// A JSON integer that fits an `i64` (a float, even `3.0`, is the wrong type).
fn integer(field: &str, value: &Value) -> Result<i64, ParamError> {
    match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            n.as_i64().ok_or_else(|| invalid(field, "is out of range"))
        }
        _ => Err(wrong_type(field, "an integer")),
    }
}

fn invalid(field: &str, reason: &str) -> ParamError {
    ParamError::Invalid {
        field: field.to_string(),
        reason: reason.to_string(),
    }
}

fn wrong_type(field: &str, expected: &'static str) -> ParamError {
    ParamError::WrongType {
        field: field.to_string(),
        expected,
    }
}

/// An unknown field's name as an error may quote it: a plain identifier of reasonable length,
/// or a placeholder.
fn shown_name(name: &str) -> String {
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
    if plain && !name.is_empty() && name.len() <= MAX_SHOWN_NAME {
        name.to_string()
    } else {
        "(a name not shown: empty, over 64 bytes, or not A-Z, a-z, 0-9, '_', '.', '-')".into()
    }
}

#[cfg(test)]
mod tests;
