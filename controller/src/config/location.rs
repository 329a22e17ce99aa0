//! Where things are in the config text, and the errors that point there.
//!
//! [`Located`] wraps a value with the line and column serde-saphyr saw it at (its `Spanned`),
//! while its JSON Schema is the plain value's; [`LocatedMap`] is a mapping in document order
//! whose keys are located too. [`ConfigError`]/[`ConfigErrors`] render as
//! `FILE:LINE:COL: path: message`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::{MessageFormatter, Spanned};

/// A line and column in the config text, 1-based; `0:0` when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

impl Position {
    /// The position of an error that has none.
    pub const UNKNOWN: Position = Position { line: 0, column: 0 };

    fn from_saphyr(location: serde_saphyr::Location) -> Position {
        Position {
            line: location.line(),
            column: location.column(),
        }
    }

    pub fn is_known(self) -> bool {
        self.line > 0
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub at: Position,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        Ok(Located {
            value: spanned.value,
            at: Position::from_saphyr(spanned.referenced),
        })
    }
}

/// The schema of a located value is the value's.
impl<T: JsonSchema> JsonSchema for Located<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A mapping in document order with located keys. Duplicate keys never reach it: serde-saphyr
/// rejects them (its default duplicate-key policy), and so does this visitor, for other
/// deserializers. Its schema is given where it is used (`schema_with`), with the key rules.
#[derive(Debug, Clone, PartialEq)]
pub struct LocatedMap<V>(pub Vec<(Located<String>, V)>);

impl<V> Default for LocatedMap<V> {
    fn default() -> Self {
        LocatedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for LocatedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(LocatedMapVisitor(PhantomData))
    }
}

struct LocatedMapVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for LocatedMapVisitor<V> {
    type Value = LocatedMap<V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries: Vec<(Located<String>, V)> = Vec::new();
        while let Some(key) = map.next_key::<Located<String>>()? {
            if entries.iter().any(|(k, _)| k.value == key.value) {
                return Err(de::Error::custom(format!(
                    "{:?} is listed twice",
                    key.value
                )));
            }
            let value = map.next_value::<V>()?;
            entries.push((key, value));
        }
        Ok(LocatedMap(entries))
    }
}

/// One problem in a config, at a place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub at: Position,
    /// The dotted path of the offending value (`targets.nextcloud.limits.memory`); empty for
    /// syntax and type errors, whose message names the field.
    pub path: String,
    pub message: String,
}

impl ConfigError {
    pub fn new(at: Position, path: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            at,
            path: path.into(),
            message: message.into(),
        }
    }

    /// A YAML syntax or type error (serde stops at the first one).
    pub fn from_yaml(error: &serde_saphyr::Error) -> Self {
        let at = error
            .location()
            .map(Position::from_saphyr)
            .unwrap_or(Position::UNKNOWN);
        let message = serde_saphyr::UserMessageFormatter.format_message(error.without_snippet());
        // One line per error: control characters (from the text) are escaped.
        let message: String = message
            .chars()
            .flat_map(|c| {
                let escaped: Vec<char> = if c.is_control() {
                    c.escape_default().collect()
                } else {
                    vec![c]
                };
                escaped
            })
            .collect();
        ConfigError::new(at, "", message)
    }

    /// `LINE:COL: path: message` (parts left out when unknown or empty).
    fn write_tail(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_known() {
            write!(f, "{}: ", self.at)?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_tail(f)
    }
}

/// Every problem found in a config, in document order, for the file `source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors {
    /// The file name the errors are reported against.
    pub source: String,
    pub errors: Vec<ConfigError>,
}

impl ConfigErrors {
    pub fn new(source: impl Into<String>, mut errors: Vec<ConfigError>) -> Self {
        errors.sort_by_key(|e| e.at);
        ConfigErrors {
            source: source.into(),
            errors,
        }
    }
}

/// One `FILE:LINE:COL: message` line per error.
impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{}:", self.source)?;
            if !error.at.is_known() {
                f.write_str(" ")?;
            }
            error.write_tail(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Doc {
        #[allow(dead_code)]
        top: Located<u16>,
        map: LocatedMap<Located<String>>,
    }

    #[test]
    fn values_and_keys_are_located() {
        let doc: Doc = serde_saphyr::from_str("top: 7\nmap:\n  a: x\n  bb:   y\n").unwrap();
        let [(k1, v1), (k2, v2)] = doc.map.0.as_slice() else {
            panic!("{doc:?}")
        };
        assert_eq!(
            (k1.value.as_str(), k1.at),
            ("a", Position { line: 3, column: 3 })
        );
        assert_eq!(
            (v1.value.as_str(), v1.at),
            ("x", Position { line: 3, column: 6 })
        );
        assert_eq!(
            (k2.value.as_str(), k2.at),
            ("bb", Position { line: 4, column: 3 })
        );
        assert_eq!(v2.at, Position { line: 4, column: 9 });
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = serde_saphyr::from_str::<Doc>("top: 1\nmap:\n  a: x\n  a: y\n").unwrap_err();
        let e = ConfigError::from_yaml(&err);
        assert_eq!(e.at.line, 4, "{e}");
        let err =
            serde_json::from_str::<LocatedMap<String>>(r#"{"a": "x", "a": "y"}"#).unwrap_err();
        assert!(err.to_string().contains("\"a\" is listed twice"), "{err}");
    }

    #[test]
    fn errors_render_with_file_line_and_column() {
        let errors = ConfigErrors::new(
            "bosun.yaml",
            vec![
                ConfigError::new(
                    Position {
                        line: 12,
                        column: 7,
                    },
                    "targets.a.limits.memory",
                    "bad",
                ),
                ConfigError::new(Position { line: 2, column: 1 }, "", "first"),
                ConfigError::new(Position::UNKNOWN, "", "the file is empty"),
            ],
        );
        assert_eq!(
            errors.to_string(),
            "bosun.yaml: the file is empty\nbosun.yaml:2:1: first\nbosun.yaml:12:7: targets.a.limits.memory: bad"
        );
    }
}
