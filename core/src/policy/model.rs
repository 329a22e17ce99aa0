//! The allowlist model (`command-policy.md` §1 and §4): a target's [`Policy`] is a list of
//! [`CommandRule`]s, each an exact word prefix (program + subcommand words) with the table of
//! options allowed after it.
//!
//! Every constructor validates, so a `Policy` value is always well formed: the built-in presets
//! and policies loaded from YAML (see `spec.rs`) reach [`check`](super::check) the same way.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::pattern::ValuePattern;
use super::raw::MAX_LEN;
use super::tokenize::split;

/// The allowlist of one target: the only commands its exec proxy runs.
///
/// Commands may start with different programs (a user app may allow `app sync` and
/// `app-admin status`); an argv is matched against each rule's words exactly.
// Read from and written in the text shape of `spec.rs` (`{preset}` or `{commands: [...]}`),
// which is also its JSON Schema; a policy written out loads back equal.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "super::spec::TargetSpec")]
#[cfg_attr(
    feature = "schema",
    schemars(
        with = "super::spec::TargetSpec",
        description = "A command policy: a built-in preset, or the list of allowed commands (exactly one of the two)."
    )
)]
pub struct Policy {
    commands: Vec<CommandRule>,
}

/// One allowed command: exact words, then only the options of its table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "super::spec::CommandSpec")]
#[cfg_attr(
    feature = "schema",
    schemars(
        with = "super::spec::CommandSpec",
        description = "One allowed command: exact words, then only the options of its table."
    )
)]
pub struct CommandRule {
    words: Vec<String>,
    options: Vec<OptionRule>,
}

/// One option of a command's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionRule {
    name: String,
    kind: OptionKind,
}

/// Whether an option is a boolean flag (`--name`) or takes a value (`--name=value`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OptionKind {
    /// Written exactly `--name`, never with `=value`.
    Flag,
    /// Written exactly `--name=value`, the value matching the pattern.
    Value(ValuePattern),
}

/// Why a policy (a preset, a YAML file, a config section) is not well formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("invalid pattern {pattern:?}: {reason}")]
    Pattern { pattern: String, reason: String },
    #[error("invalid pattern {pattern:?}: it needs at least one word")]
    EmptyPattern { pattern: String },
    #[error("invalid pattern {pattern:?}: [options] may only appear once, as the last word")]
    MisplacedOptionsMarker { pattern: String },
    #[error(
        "invalid pattern {pattern:?}: word {word:?} starts with '-'; options belong in the \
         options table, after the subcommand"
    )]
    DashWord { pattern: String, word: String },
    #[error("pattern {pattern:?} has an options table, so it must end in [options]")]
    OptionsWithoutMarker { pattern: String },
    #[error("invalid option name {name:?}: it must match --[a-z0-9][a-z0-9-]*")]
    OptionName { name: String },
    #[error("option {name} is listed twice")]
    DuplicateOption { name: String },
    #[error("an enum needs at least one value")]
    EmptyEnum,
    #[error("invalid enum value {value:?}: {reason}")]
    EnumValue { value: String, reason: String },
    #[error("enum value {value:?} is listed twice")]
    DuplicateEnumValue { value: String },
    #[error("invalid regex {source_text:?}: {error}")]
    Regex { source_text: String, error: String },
    #[error("a target needs at least one command")]
    NoCommands,
    #[error("command {pattern:?} is listed twice")]
    DuplicateCommand { pattern: String },
    #[error("a target needs exactly one of `preset` or `commands`")]
    PresetOrCommands,
    #[error("a policy file needs at least one target")]
    NoTargets,
    #[error("invalid target name {name:?}: it must match [A-Za-z0-9][A-Za-z0-9_.-]{{0,62}}")]
    TargetName { name: String },
    #[error("target {name:?} is listed twice")]
    DuplicateTarget { name: String },
}

/// The marker that ends a pattern whose command takes options (§1).
pub const OPTIONS_MARKER: &str = "[options]";

impl Policy {
    /// A policy from its commands: at least one, no two with the same words.
    pub fn new(commands: Vec<CommandRule>) -> Result<Policy, PolicyError> {
        if commands.is_empty() {
            return Err(PolicyError::NoCommands);
        }
        for (i, rule) in commands.iter().enumerate() {
            if commands[..i].iter().any(|r| r.words == rule.words) {
                return Err(PolicyError::DuplicateCommand {
                    pattern: rule.words_text(),
                });
            }
        }
        Ok(Policy { commands })
    }

    /// Built from rules already known to be valid (the presets); tests re-validate them.
    pub(super) fn from_trusted(commands: Vec<CommandRule>) -> Policy {
        Policy { commands }
    }

    /// The allowed commands, in declaration order.
    pub fn commands(&self) -> &[CommandRule] {
        &self.commands
    }

    /// The allowed command lines as patterns (`php occ status [options]`), e.g. for the
    /// discovery record.
    pub fn patterns(&self) -> Vec<String> {
        self.commands.iter().map(CommandRule::pattern).collect()
    }
}

impl CommandRule {
    /// A command from its pattern (`"php occ files:scan [options]"`) and option table.
    ///
    /// The pattern words pass the same raw checks and tokenizer as a payload, must not start
    /// with `-`, and the pattern ends in `[options]` exactly when the table is non-empty
    /// (`[options]` with an empty table is allowed and means zero options).
    pub fn new(pattern: &str, options: Vec<OptionRule>) -> Result<CommandRule, PolicyError> {
        let (words_text, has_marker) = strip_options_marker(pattern);
        if words_text.contains(OPTIONS_MARKER) {
            return Err(PolicyError::MisplacedOptionsMarker {
                pattern: pattern.to_string(),
            });
        }
        let words = split(words_text.as_bytes()).map_err(|r| PolicyError::Pattern {
            pattern: pattern.to_string(),
            reason: r.reason(),
        })?;
        if words.is_empty() {
            return Err(PolicyError::EmptyPattern {
                pattern: pattern.to_string(),
            });
        }
        if let Some(word) = words.iter().find(|w| w.starts_with('-')) {
            return Err(PolicyError::DashWord {
                pattern: pattern.to_string(),
                word: word.clone(),
            });
        }
        if !options.is_empty() && !has_marker {
            return Err(PolicyError::OptionsWithoutMarker {
                pattern: pattern.to_string(),
            });
        }
        for (i, option) in options.iter().enumerate() {
            if options[..i].iter().any(|o| o.name == option.name) {
                return Err(PolicyError::DuplicateOption {
                    name: option.name.clone(),
                });
            }
        }
        Ok(CommandRule { words, options })
    }

    /// Built from parts already known to be valid (the presets); tests re-validate them.
    pub(super) fn from_trusted(words: &[&str], options: Vec<OptionRule>) -> CommandRule {
        CommandRule {
            words: words.iter().map(|w| (*w).to_string()).collect(),
            options,
        }
    }

    /// The exact words an argv must start with (program prefix + subcommand).
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The option table (empty: no options at all).
    pub fn options(&self) -> &[OptionRule] {
        &self.options
    }

    /// The option called `name` (`--path`), if the table lists it.
    pub fn option(&self, name: &str) -> Option<(usize, &OptionRule)> {
        self.options
            .iter()
            .enumerate()
            .find(|(_, o)| o.name == name)
    }

    /// The pattern this rule was built from, normalised: `php occ status [options]`.
    pub fn pattern(&self) -> String {
        if self.options.is_empty() {
            self.words_text()
        } else {
            format!("{} {OPTIONS_MARKER}", self.words_text())
        }
    }

    /// The words, quoted where needed so that the tokenizer gives them back.
    pub fn words_text(&self) -> String {
        let quoted: Vec<String> = self.words.iter().map(|w| quote_word(w)).collect();
        quoted.join(" ")
    }
}

impl fmt::Display for CommandRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words_text())
    }
}

impl OptionRule {
    /// A boolean flag, written `--name`.
    pub fn flag(name: &str) -> Result<OptionRule, PolicyError> {
        OptionRule::new(name, OptionKind::Flag)
    }

    /// A valued option, written `--name=value`.
    pub fn value(name: &str, pattern: ValuePattern) -> Result<OptionRule, PolicyError> {
        OptionRule::new(name, OptionKind::Value(pattern))
    }

    /// An option; `name` must match `--[a-z0-9][a-z0-9-]*`.
    pub fn new(name: &str, kind: OptionKind) -> Result<OptionRule, PolicyError> {
        validate_option_name(name)?;
        Ok(OptionRule {
            name: name.to_string(),
            kind,
        })
    }

    /// Built from parts already known to be valid (the presets); tests re-validate them.
    pub(super) fn from_trusted(name: &str, kind: OptionKind) -> OptionRule {
        OptionRule {
            name: name.to_string(),
            kind,
        }
    }

    /// The option's name, with its leading `--`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Flag or valued.
    pub fn kind(&self) -> &OptionKind {
        &self.kind
    }
}

/// Checks an option name against `--[a-z0-9][a-z0-9-]*` (and the payload length limit).
pub fn validate_option_name(name: &str) -> Result<(), PolicyError> {
    let bad = || PolicyError::OptionName {
        name: name.to_string(),
    };
    let rest = name.strip_prefix("--").ok_or_else(bad)?;
    let mut bytes = rest.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let rest_ok = bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if first_ok && rest_ok && name.len() <= MAX_LEN {
        Ok(())
    } else {
        Err(bad())
    }
}

/// Splits a trailing, space-separated `[options]` off a pattern.
fn strip_options_marker(pattern: &str) -> (&str, bool) {
    let trimmed = pattern.trim_end_matches(' ');
    match trimmed.strip_suffix(OPTIONS_MARKER) {
        Some(words) if words.is_empty() || words.ends_with(' ') => (words, true),
        _ => (pattern, false),
    }
}

/// Quotes a word for display so that §3 splits it back to itself.
pub(super) fn quote_word(word: &str) -> String {
    let plain = word
        .bytes()
        .all(|b| !matches!(b, b' ' | b'\'' | b'"' | b'(' | b')'));
    if plain {
        return word.to_string();
    }
    // Runs without `'` go in '…'; each `'` goes in "…". Adjacent pieces concatenate (§3).
    let mut out = String::new();
    for (i, piece) in word.split('\'').enumerate() {
        if i > 0 {
            out.push_str("\"'\"");
        }
        if !piece.is_empty() {
            out.push('\'');
            out.push_str(piece);
            out.push('\'');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(name: &str) -> OptionRule {
        OptionRule::flag(name).unwrap()
    }

    #[test]
    fn pattern_with_options() {
        let rule =
            CommandRule::new("php occ status [options]", vec![flag("--no-warnings")]).unwrap();
        assert_eq!(rule.words(), ["php", "occ", "status"]);
        assert_eq!(rule.pattern(), "php occ status [options]");
        assert_eq!(rule.to_string(), "php occ status");
        assert_eq!(rule.option("--no-warnings").map(|(i, _)| i), Some(0));
        assert!(rule.option("--all").is_none());
    }

    #[test]
    fn pattern_words_use_the_tokenizer() {
        let rule = CommandRule::new("  'my app'   \"sub cmd\"  ", vec![]).unwrap();
        assert_eq!(rule.words(), ["my app", "sub cmd"]);
        assert_eq!(rule.pattern(), "'my app' 'sub cmd'");
        let rule = CommandRule::new("'it'\"'\"'s' x", vec![]).unwrap();
        assert_eq!(rule.words(), ["it's", "x"]);
        assert_eq!(rule.pattern(), "'it'\"'\"'s' x");
        assert_eq!(split(rule.pattern().as_bytes()).unwrap(), rule.words());
    }

    #[test]
    fn options_marker_without_options_means_zero_options() {
        let a = CommandRule::new("photoprism status [options]", vec![]).unwrap();
        let b = CommandRule::new("photoprism status", vec![]).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.pattern(), "photoprism status");
    }

    #[test]
    fn invalid_patterns() {
        let cases = [
            ("", "needs at least one word"),
            ("   ", "needs at least one word"),
            ("[options]", "needs at least one word"),
            ("php occ x[options]", "as the last word"),
            ("php [options] occ", "as the last word"),
            ("php occ [options] [options]", "as the last word"),
            ("php; occ", "character ';' at offset 3 is forbidden"),
            ("php occ 'x", "never closed"),
            ("php '' occ", "empty argument"),
            ("php occ\tstatus", "byte 0x09 at offset 7"),
            ("php -d x occ status", "starts with '-'"),
            ("php occ status --all", "starts with '-'"),
            ("app (x)", "must be inside quotes"),
        ];
        for (pattern, needle) in cases {
            let err = CommandRule::new(pattern, vec![]).unwrap_err().to_string();
            assert!(err.contains(needle), "{pattern:?}: {err}");
        }
    }

    #[test]
    fn options_need_the_marker() {
        let err = CommandRule::new("php occ status", vec![flag("--no-warnings")]).unwrap_err();
        assert_eq!(
            err,
            PolicyError::OptionsWithoutMarker {
                pattern: "php occ status".into()
            }
        );
    }

    #[test]
    fn duplicate_options_are_rejected() {
        let err = CommandRule::new("a [options]", vec![flag("--x"), flag("--x")]).unwrap_err();
        assert_eq!(err, PolicyError::DuplicateOption { name: "--x".into() });
        let err = CommandRule::new(
            "a [options]",
            vec![
                flag("--x"),
                OptionRule::value("--x", ValuePattern::Seg).unwrap(),
            ],
        )
        .unwrap_err();
        assert_eq!(err, PolicyError::DuplicateOption { name: "--x".into() });
    }

    #[test]
    fn option_names() {
        for ok in ["--a", "--all", "--no-warnings", "--x1", "--1", "--a-"] {
            assert_eq!(validate_option_name(ok), Ok(()), "{ok}");
        }
        for bad in [
            "", "-a", "--", "---a", "--A", "--Path", "--a_b", "--a=b", "all", "--a b", "--é",
            "--a.b", "--a:b",
        ] {
            assert!(validate_option_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn policies_need_distinct_commands() {
        assert_eq!(Policy::new(vec![]), Err(PolicyError::NoCommands));
        let a = CommandRule::new("app run", vec![]).unwrap();
        let b = CommandRule::new("'app' \"run\" [options]", vec![]).unwrap();
        assert_eq!(
            Policy::new(vec![a.clone(), b]),
            Err(PolicyError::DuplicateCommand {
                pattern: "app run".into()
            })
        );
        let c = CommandRule::new("app run fast", vec![]).unwrap();
        let d = CommandRule::new("other", vec![]).unwrap();
        let p = Policy::new(vec![a, c, d]).unwrap();
        assert_eq!(p.patterns(), ["app run", "app run fast", "other"]);
    }
}
