//! The YAML format of user-declared allowlists, and loading it.
//!
//! ```yaml
//! targets:
//!   myapp:
//!     commands:
//!       - pattern: "php occ files:scan [options]"
//!         options:
//!           --all: flag
//!           --path: { value: nc_path }
//!           --output: { value: { enum: [plain, json, json_pretty] } }
//!       - pattern: "photoprism status"      # exact, no options
//!       - pattern: "app sync [options]"
//!         options:
//!           --since: { value: { regex: "[0-9]{4}-[0-9]{2}-[0-9]{2}" } }
//!   photos:
//!     preset: photoprism                     # a built-in preset: nextcloud | photoprism
//! ```
//!
//! The serde types here are only the shape of the text; each converts into the validated
//! model (`model.rs`) with `try_from`, so a policy embedded in any serde config is checked while
//! it is deserialized, and serde-saphyr reports every error with its line and column. Unknown
//! keys, duplicate keys (targets, options), bad option names, unknown value patterns, regexes
//! that do not compile and empty tables are all errors.
//!
//! The same shapes give the JSON Schema of a target's policy (`schemars`, embedded in the
//! controller's config schema) and the serialization of a [`Policy`] back into text
//! ([`PolicyFile::render_one`]), which loads back to an equal policy.

use std::fmt;
use std::marker::PhantomData;

#[cfg(feature = "schema")]
use std::borrow::Cow;

#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};

use super::model::{
    CommandRule, OptionKind, OptionRule, Policy, PolicyError, validate_option_name,
};
use super::pattern::{UserRegex, ValuePattern};
use super::presets::Preset;
use super::raw::check_raw;

/// A whole policy file: one or more named targets.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "PolicyFileSpec")]
pub struct PolicyFile {
    targets: Vec<(String, Policy)>,
}

/// The text shape of a policy file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyFileSpec {
    targets: Targets,
}

/// The `targets:` mapping: at least one, names checked where they are written.
#[derive(Debug, Deserialize)]
#[serde(try_from = "UniqueMap<TargetName, Policy>")]
struct Targets(Vec<(String, Policy)>);

impl TryFrom<UniqueMap<TargetName, Policy>> for Targets {
    type Error = PolicyError;

    fn try_from(map: UniqueMap<TargetName, Policy>) -> Result<Self, Self::Error> {
        if map.0.is_empty() {
            return Err(PolicyError::NoTargets);
        }
        Ok(Targets(map.0.into_iter().map(|(n, p)| (n.0, p)).collect()))
    }
}

/// A target name as a mapping key: `[A-Za-z0-9][A-Za-z0-9_.-]{0,62}`.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(try_from = "String")]
struct TargetName(String);

impl TryFrom<String> for TargetName {
    type Error = PolicyError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        validate_target_name(&name)?;
        Ok(TargetName(name))
    }
}

impl fmt::Display for TargetName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A command policy: a built-in preset, or its own list of allowed commands (exactly one).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(extend("oneOf" = [{"required": ["preset"]}, {"required": ["commands"]}])))]
pub(crate) struct TargetSpec {
    /// A built-in allowlist.
    preset: Option<Preset>,
    /// The allowed commands, each a pattern and its option table.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    commands: Option<Vec<CommandRule>>,
}

/// One allowed command.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CommandSpec {
    /// Exact words (program and subcommands, quoted where needed), ending in `[options]` when
    /// the command takes options: `php occ files:scan [options]`.
    pattern: String,
    /// The options allowed after the words: `flag`, or `{ value: PATTERN }`.
    options: Option<UniqueMap<OptionName, OptionKind>>,
}

/// An option name as a mapping key, checked where it is written (so errors point at it).
#[derive(Debug, PartialEq, Deserialize)]
#[serde(try_from = "String")]
struct OptionName(String);

#[cfg(feature = "schema")]
impl JsonSchema for OptionName {
    fn schema_name() -> Cow<'static, str> {
        "OptionName".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^--[a-z0-9][a-z0-9-]*$"
        })
    }
}

impl TryFrom<String> for OptionName {
    type Error = PolicyError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        validate_option_name(&name)?;
        Ok(OptionName(name))
    }
}

impl fmt::Display for OptionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A value pattern: `seg`, `uid`, `nc_path`, `rel_path`, `pp_rel`, `{ enum: [a, b] }` or
/// `{ regex: "…" }` (matched against the whole value).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum ValueSpec {
    /// One path segment.
    Seg,
    /// A Nextcloud user or group id.
    Uid,
    /// `/UID/files(/SEG)*`: a path inside one user's files.
    NcPath,
    /// `SEG(/SEG)*`, optional leading and trailing `/`.
    RelPath,
    /// `SEG(/SEG)*`, no leading or trailing `/`, no segment starting with `.`.
    PpRel,
    /// Exactly one of the listed values.
    Enum(#[cfg_attr(feature = "schema", schemars(length(min = 1)))] Vec<String>),
    /// A regex the whole value must match.
    Regex(String),
}

impl From<PolicyFileSpec> for PolicyFile {
    fn from(spec: PolicyFileSpec) -> Self {
        PolicyFile {
            targets: spec.targets.0,
        }
    }
}

impl TryFrom<TargetSpec> for Policy {
    type Error = PolicyError;

    fn try_from(spec: TargetSpec) -> Result<Self, Self::Error> {
        match (spec.preset, spec.commands) {
            (Some(preset), None) => Ok(preset.policy()),
            (None, Some(commands)) => Policy::new(commands),
            _ => Err(PolicyError::PresetOrCommands),
        }
    }
}

impl TryFrom<CommandSpec> for CommandRule {
    type Error = PolicyError;

    fn try_from(spec: CommandSpec) -> Result<Self, Self::Error> {
        let options = spec
            .options
            .map(|table| table.0)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, kind)| OptionRule::new(&name.0, kind))
            .collect::<Result<Vec<_>, _>>()?;
        CommandRule::new(&spec.pattern, options)
    }
}

impl TryFrom<ValueSpec> for ValuePattern {
    type Error = PolicyError;

    fn try_from(spec: ValueSpec) -> Result<Self, Self::Error> {
        Ok(match spec {
            ValueSpec::Seg => ValuePattern::Seg,
            ValueSpec::Uid => ValuePattern::Uid,
            ValueSpec::NcPath => ValuePattern::NcPath,
            ValueSpec::RelPath => ValuePattern::RelPath,
            ValueSpec::PpRel => ValuePattern::PpRel,
            ValueSpec::Enum(values) => ValuePattern::Enum(validate_enum(values)?),
            ValueSpec::Regex(source) => match UserRegex::new(&source) {
                Ok(re) => ValuePattern::Regex(re),
                Err(e) => {
                    return Err(PolicyError::Regex {
                        source_text: source,
                        error: e.to_string().replace('\n', " "),
                    });
                }
            },
        })
    }
}

/// A policy is written in the shape it is read from: `{commands: [...]}` (a preset is
/// written out command by command).
impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut spec = serializer.serialize_struct("TargetSpec", 1)?;
        spec.serialize_field("commands", self.commands())?;
        spec.end()
    }
}

/// `{pattern, options}`; the pattern is normalised (quoted words, `[options]` when the table
/// is not empty) and the options keep their order.
impl Serialize for CommandRule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Options<'a>(&'a [OptionRule]);
        impl Serialize for Options<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for option in self.0 {
                    map.serialize_entry(option.name(), option.kind())?;
                }
                map.end()
            }
        }

        let with_options = !self.options().is_empty();
        let mut spec = serializer.serialize_struct("CommandSpec", 1 + usize::from(with_options))?;
        spec.serialize_field("pattern", &self.pattern())?;
        if with_options {
            spec.serialize_field("options", &Options(self.options()))?;
        }
        spec.end()
    }
}

/// `seg`, `uid`, `nc_path`, `rel_path`, `pp_rel`, `{enum: [...]}` or `{regex: "..."}`.
impl Serialize for ValuePattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (index, variant) = match self {
            ValuePattern::Seg => (0, "seg"),
            ValuePattern::Uid => (1, "uid"),
            ValuePattern::NcPath => (2, "nc_path"),
            ValuePattern::RelPath => (3, "rel_path"),
            ValuePattern::PpRel => (4, "pp_rel"),
            ValuePattern::Enum(values) => {
                return serializer.serialize_newtype_variant("ValueSpec", 5, "enum", values);
            }
            ValuePattern::Regex(re) => {
                return serializer.serialize_newtype_variant("ValueSpec", 6, "regex", re.source());
            }
        };
        serializer.serialize_unit_variant("ValueSpec", index, variant)
    }
}

/// Enum values must be reachable: non-empty, passing the raw checks (§2), and distinct.
fn validate_enum(values: Vec<String>) -> Result<Vec<String>, PolicyError> {
    if values.is_empty() {
        return Err(PolicyError::EmptyEnum);
    }
    for (i, value) in values.iter().enumerate() {
        if value.is_empty() {
            return Err(PolicyError::EnumValue {
                value: value.clone(),
                reason: "values are never empty".into(),
            });
        }
        if let Err(r) = check_raw(value.as_bytes()) {
            return Err(PolicyError::EnumValue {
                value: value.clone(),
                reason: r.reason(),
            });
        }
        if values[..i].contains(value) {
            return Err(PolicyError::DuplicateEnumValue {
                value: value.clone(),
            });
        }
    }
    Ok(values)
}

/// Target names: `[A-Za-z0-9][A-Za-z0-9_.-]{0,62}`.
fn validate_target_name(name: &str) -> Result<(), PolicyError> {
    let mut bytes = name.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_alphanumeric());
    let rest_ok = bytes.all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
    if first_ok && rest_ok && name.len() <= 63 {
        Ok(())
    } else {
        Err(PolicyError::TargetName {
            name: name.to_string(),
        })
    }
}

/// A mapping kept in document order that rejects duplicate keys itself, whatever the
/// deserializer's own duplicate-key policy.
#[derive(Debug)]
struct UniqueMap<K, V>(Vec<(K, V)>);

#[cfg(feature = "schema")]
impl<K: JsonSchema, V: JsonSchema> JsonSchema for UniqueMap<K, V> {
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "propertyNames": generator.subschema_for::<K>(),
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

impl<'de, K, V> Deserialize<'de> for UniqueMap<K, V>
where
    K: Deserialize<'de> + PartialEq + fmt::Display,
    V: Deserialize<'de>,
{
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(UniqueMapVisitor(PhantomData))
    }
}

struct UniqueMapVisitor<K, V>(PhantomData<(K, V)>);

impl<'de, K, V> Visitor<'de> for UniqueMapVisitor<K, V>
where
    K: Deserialize<'de> + PartialEq + fmt::Display,
    V: Deserialize<'de>,
{
    type Value = UniqueMap<K, V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries: Vec<(K, V)> = Vec::new();
        while let Some(key) = map.next_key::<K>()? {
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("{key} is listed twice")));
            }
            let value = map.next_value::<V>()?;
            entries.push((key, value));
        }
        Ok(UniqueMap(entries))
    }
}

/// A policy file that could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// Nothing but blank lines and comments.
    Empty,
    /// A YAML or policy error, located by serde-saphyr.
    Yaml(serde_saphyr::Error),
}

impl LoadError {
    /// Line and column (1-based) of the error, when known.
    pub fn location(&self) -> Option<(u64, u64)> {
        match self {
            LoadError::Empty => None,
            LoadError::Yaml(e) => e.location().map(|l| (l.line(), l.column())),
        }
    }

    /// Like `Display` (`line L column C: message`, then the offending snippet), with the
    /// snippet header naming `source_name` (the file path) instead of `<input>`.
    pub fn render(&self, source_name: &str) -> String {
        match self {
            LoadError::Empty => self.to_string(),
            LoadError::Yaml(e) => without_error_prefix(e.render_with_options(
                serde_saphyr::render_options! { source_name: Some(source_name) },
            )),
        }
    }
}

/// serde-saphyr starts its messages with `error: `; callers add their own context instead.
fn without_error_prefix(message: String) -> String {
    match message.strip_prefix("error: ") {
        Some(rest) => rest.to_string(),
        None => message,
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Empty => {
                f.write_str("the policy file is empty: it needs a `targets:` mapping")
            }
            LoadError::Yaml(e) => f.write_str(&without_error_prefix(e.to_string())),
        }
    }
}

impl std::error::Error for LoadError {}

/// Choosing a target of a policy file failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    #[error("no target {name:?} in the policy file (targets: {available})")]
    UnknownTarget { name: String, available: String },
    #[error("the policy file has several targets, choose one with --target ({available})")]
    Ambiguous { available: String },
}

impl PolicyFile {
    /// Parses and validates a policy file.
    pub fn from_yaml(text: &str) -> Result<PolicyFile, LoadError> {
        let blank = text.lines().all(|line| {
            let line = line.trim();
            line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
        });
        if blank {
            return Err(LoadError::Empty);
        }
        serde_saphyr::from_str(text).map_err(LoadError::Yaml)
    }

    /// The text of a policy file holding one target (JSON, which is also YAML): what
    /// [`PolicyFile::from_yaml`] loads back to an equal policy. `target` must be a valid
    /// target name (`[A-Za-z0-9][A-Za-z0-9_.-]{0,62}`) for the text to load.
    pub fn render_one(target: &str, policy: &Policy) -> String {
        struct One<'a>(&'a str, &'a Policy);
        impl Serialize for One<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry(self.0, self.1)?;
                map.end()
            }
        }
        #[derive(Serialize)]
        struct File<'a> {
            targets: One<'a>,
        }

        let file = File {
            targets: One(target, policy),
        };
        // Writing strings and maps of strings into JSON cannot fail.
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// The targets, in file order.
    pub fn targets(&self) -> impl Iterator<Item = (&str, &Policy)> {
        self.targets
            .iter()
            .map(|(name, policy)| (name.as_str(), policy))
    }

    /// The target called `name`.
    pub fn target(&self, name: &str) -> Option<&Policy> {
        self.targets().find(|(n, _)| *n == name).map(|(_, p)| p)
    }

    /// The named target, or the only target when `name` is `None`.
    pub fn select(&self, name: Option<&str>) -> Result<(&str, &Policy), SelectError> {
        let available = || {
            self.targets()
                .map(|(n, _)| n)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match name {
            Some(name) => {
                self.targets()
                    .find(|(n, _)| *n == name)
                    .ok_or_else(|| SelectError::UnknownTarget {
                        name: name.to_string(),
                        available: available(),
                    })
            }
            None => match self.targets.as_slice() {
                [(name, policy)] => Ok((name.as_str(), policy)),
                _ => Err(SelectError::Ambiguous {
                    available: available(),
                }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::check;

    const EXAMPLE: &str = r#"
# a policy file: one or more named targets
targets:
  myapp:
    commands:
      - pattern: "php occ files:scan [options]"
        options:
          --all: flag
          --path: { value: nc_path }
          --output: { value: { enum: [plain, json, json_pretty] } }
      - pattern: "photoprism status"     # exact, no options
      - pattern: "app sync [options]"
        options:
          --since: { value: { regex: "[0-9]{4}-[0-9]{2}-[0-9]{2}" } }
          --dir: { value: rel_path }
          --dest: { value: pp_rel }
          --name: { value: seg }
          --user: { value: uid }
  other:
    preset: photoprism                    # or reuse a preset
"#;

    fn load(yaml: &str) -> PolicyFile {
        match PolicyFile::from_yaml(yaml) {
            Ok(f) => f,
            Err(e) => panic!("{e}"),
        }
    }

    fn load_err(yaml: &str) -> (String, Option<(u64, u64)>) {
        match PolicyFile::from_yaml(yaml) {
            Ok(f) => panic!("expected an error, got {f:?}"),
            Err(e) => (e.to_string(), e.location()),
        }
    }

    #[test]
    fn example_loads() {
        let file = load(EXAMPLE);
        let names: Vec<_> = file.targets().map(|(n, _)| n).collect();
        assert_eq!(names, ["myapp", "other"]);
        let myapp = file.target("myapp").unwrap();
        assert_eq!(
            myapp.patterns(),
            [
                "php occ files:scan [options]",
                "photoprism status",
                "app sync [options]"
            ]
        );
        assert_eq!(file.target("other"), Some(&Preset::Photoprism.policy()));
        let rule = &myapp.commands()[0];
        assert_eq!(rule.options().len(), 3);
        assert_eq!(rule.options()[1].name(), "--path");
        assert_eq!(
            rule.options()[1].kind(),
            &OptionKind::Value(ValuePattern::NcPath)
        );
    }

    #[test]
    fn example_checks() {
        let file = load(EXAMPLE);
        let p = file.target("myapp").unwrap();
        assert!(check(p, b"php occ files:scan --all --output=json").is_ok());
        assert!(check(p, b"photoprism status").is_ok());
        assert!(check(p, b"app sync --since=2024-01-31 --dir=/x/ --dest=a/b").is_ok());
        assert!(check(p, b"app sync --name='a (1)' --user=bob@example.com").is_ok());
        assert!(check(p, b"app sync --since=2024-01-31x").is_err());
        assert!(check(p, b"app sync --since=x2024-01-31").is_err());
        assert!(check(p, b"php occ status").is_err());
        assert!(check(p, b"photoprism status --force").is_err());
        assert!(check(p, b"app").is_err());
    }

    #[test]
    fn select_targets() {
        let file = load(EXAMPLE);
        assert_eq!(file.select(Some("other")).unwrap().0, "other");
        assert_eq!(
            file.select(None),
            Err(SelectError::Ambiguous {
                available: "myapp, other".into()
            })
        );
        assert_eq!(
            file.select(Some("nope")),
            Err(SelectError::UnknownTarget {
                name: "nope".into(),
                available: "myapp, other".into()
            })
        );
        let single = load("targets:\n  one:\n    preset: nextcloud\n");
        let (name, policy) = single.select(None).unwrap();
        assert_eq!(name, "one");
        assert_eq!(policy, &Preset::Nextcloud.policy());
    }

    #[test]
    fn options_marker_without_table_is_zero_options() {
        let file = load("targets:\n  a:\n    commands:\n      - pattern: 'app run [options]'\n");
        let p = file.target("a").unwrap();
        assert!(check(p, b"app run").is_ok());
        assert!(check(p, b"app run --x").is_err());
        let file = load(
            "targets:\n  a:\n    commands:\n      - pattern: 'app run [options]'\n        options: {}\n",
        );
        assert!(check(file.target("a").unwrap(), b"app run").is_ok());
    }

    #[test]
    fn errors_carry_line_and_column() {
        let cases: &[(&str, &str, (u64, u64))] = &[
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x'\n        optons: {}\n",
                "unknown field `optons`",
                (5, 9),
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'php; occ'\n",
                "character ';' at offset 3 is forbidden",
                (4, 9),
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          --a: flg\n",
                "unknown variant `flg`",
                (6, 16),
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          --a: flag\n          --a: flag\n",
                "--a",
                (7, 11),
            ),
            (
                "targets:\n  a:\n    preset: nextclod\n",
                "unknown variant `nextclod`",
                (3, 13),
            ),
            ("targets: [\n", "", (1, 10)),
        ];
        for (yaml, needle, loc) in cases {
            let (msg, at) = load_err(yaml);
            assert!(
                msg.starts_with(&format!("line {} column {}: ", loc.0, loc.1)),
                "{msg}"
            );
            assert!(msg.contains(needle), "{yaml}\n=> {msg}");
            assert!(
                msg.contains(&format!("line {} column {}", loc.0, loc.1)),
                "{msg}"
            );
            assert_eq!(at, Some(*loc), "{msg}");
        }
    }

    #[test]
    fn invalid_policies() {
        for blank in ["", "\n", "# only a comment\n", "---\n"] {
            assert!(matches!(
                PolicyFile::from_yaml(blank),
                Err(LoadError::Empty)
            ));
        }
        let cases: &[(&str, &str)] = &[
            ("targets:\n", "targets"),
            ("other: 1\n", "unknown field"),
            ("targets: {}\n", "at least one target"),
            (
                "targets:\n  a: {}\n",
                "exactly one of `preset` or `commands`",
            ),
            (
                "targets:\n  a:\n    preset: nextcloud\n    commands: []\n",
                "exactly one of",
            ),
            ("targets:\n  a:\n    commands: []\n", "at least one command"),
            (
                "targets:\n  '-a':\n    preset: nextcloud\n",
                "invalid target name",
            ),
            (
                "targets:\n  'a b':\n    preset: nextcloud\n",
                "invalid target name",
            ),
            (
                "extra: 1\ntargets:\n  a:\n    preset: nextcloud\n",
                "unknown field",
            ),
            (
                "targets:\n  a:\n    preset: nextcloud\n    x: 1\n",
                "unknown field",
            ),
            (
                "targets:\n  a:\n    preset: nextcloud\n  a:\n    preset: photoprism\n",
                "",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x'\n        options:\n          --a: flag\n",
                "must end in [options]",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          -a: flag\n",
                "invalid option name",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          --Path: flag\n",
                "invalid option name",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          --a: { value: nc_pth }\n",
                "unknown variant `nc_pth`",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          --a: { value: { enum: [] } }\n",
                "at least one value",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          --a: { value: { enum: [a, a] } }\n",
                "listed twice",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          --a: { value: { enum: ['a;b'] } }\n",
                "forbidden",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          --a: { value: { enum: [''] } }\n",
                "never empty",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          --a: { value: { regex: '(' } }\n",
                "invalid regex",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x [options]'\n        options:\n          --a: { value: { regex: 'a)|(b' } }\n",
                "invalid regex",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'x'\n      - pattern: \"'x' [options]\"\n",
                "listed twice",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'php -d x occ status'\n",
                "starts with '-'",
            ),
            (
                "targets:\n  a:\n    commands:\n      - pattern: 'php occ x[options]'\n",
                "as the last word",
            ),
            ("targets:\n  a:\n    commands:\n      - {}\n", "pattern"),
        ];
        for (yaml, needle) in cases {
            let (msg, loc) = load_err(yaml);
            assert!(msg.contains(needle), "{yaml}\n=> {msg}");
            assert!(loc.is_some(), "{msg}");
        }
    }

    #[test]
    fn duplicate_keys_are_rejected_by_the_model_too() {
        // Independent of serde-saphyr's own duplicate-key policy: JSON has none.
        let json = r#"{"targets": {"a": {"preset": "nextcloud"}, "a": {"preset": "photoprism"}}}"#;
        let err = serde_json::from_str::<PolicyFile>(json).unwrap_err();
        assert!(err.to_string().contains("a is listed twice"), "{err}");
        let json = r#"{"pattern": "x [options]", "options": {"--a": "flag", "--a": "flag"}}"#;
        let err = serde_json::from_str::<CommandRule>(json).unwrap_err();
        assert!(err.to_string().contains("--a is listed twice"), "{err}");
    }

    #[test]
    fn render_one_round_trips() {
        let every_kind = load(EXAMPLE).target("myapp").unwrap().clone();
        let quoted = Policy::new(vec![
            CommandRule::new(
                "'my app' \"it's\" run [options]",
                vec![
                    OptionRule::flag("--all").unwrap(),
                    OptionRule::value(
                        "--at",
                        ValuePattern::Regex(UserRegex::new("a\\d+").unwrap()),
                    )
                    .unwrap(),
                ],
            )
            .unwrap(),
            CommandRule::new("other [options]", vec![]).unwrap(),
        ])
        .unwrap();
        let policies = [
            Preset::Nextcloud.policy(),
            Preset::Photoprism.policy(),
            every_kind,
            quoted,
        ];
        for policy in policies {
            let text = PolicyFile::render_one("t-1", &policy);
            let file = load(&text);
            let names: Vec<_> = file.targets().map(|(n, _)| n).collect();
            assert_eq!(names, ["t-1"], "{text}");
            assert_eq!(file.target("t-1"), Some(&policy), "{text}");
        }
    }

    #[test]
    fn rendered_policy_shape() {
        let policy = load(EXAMPLE).target("myapp").unwrap().clone();
        let value: serde_json::Value =
            serde_json::from_str(&PolicyFile::render_one("x", &policy)).unwrap();
        let commands = &value["targets"]["x"]["commands"];
        assert_eq!(commands[0]["pattern"], "php occ files:scan [options]");
        assert_eq!(commands[0]["options"]["--all"], "flag");
        assert_eq!(commands[0]["options"]["--path"]["value"], "nc_path");
        assert_eq!(
            commands[0]["options"]["--output"]["value"]["enum"][2],
            "json_pretty"
        );
        assert_eq!(
            commands[1],
            serde_json::json!({"pattern": "photoprism status"})
        );
        assert_eq!(
            commands[2]["options"]["--since"]["value"]["regex"],
            "[0-9]{4}-[0-9]{2}-[0-9]{2}"
        );
    }

    #[test]
    fn policy_schema_describes_the_text_shape() {
        let schema = serde_json::to_value(schemars::schema_for!(Policy)).unwrap();
        let text = schema.to_string();
        assert_eq!(schema["additionalProperties"], false, "{text}");
        assert!(schema["properties"]["preset"].is_object(), "{text}");
        assert!(schema["properties"]["commands"].is_object(), "{text}");
        for needle in [
            "nextcloud",
            "photoprism",
            "nc_path",
            "pp_rel",
            "regex",
            "^--[a-z0-9][a-z0-9-]*$",
        ] {
            assert!(text.contains(needle), "{needle}: {text}");
        }
    }

    #[test]
    fn policy_embeds_in_other_configs() {
        #[derive(Deserialize)]
        struct Config {
            policy: Policy,
        }
        let cfg: Config = serde_saphyr::from_str(
            "policy:\n  commands:\n    - pattern: 'app run [options]'\n      options:\n        --fast: flag\n",
        )
        .unwrap();
        assert!(check(&cfg.policy, b"app run --fast").is_ok());
        let err = serde_saphyr::from_str::<Config>("policy:\n  preset: photoprism\n")
            .map(|c| c.policy)
            .unwrap();
        assert_eq!(err, Preset::Photoprism.policy());
    }
}
