//! The built-in presets of `command-policy.md` §4: `nextcloud` (`php occ …`) and `photoprism`.
//!
//! They are written out in code, option by option, exactly as the spec's tables; the tests at
//! the bottom re-validate them through the same constructors a YAML policy goes through.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

use super::model::{CommandRule, OptionKind, OptionRule, Policy};
use super::pattern::ValuePattern;

/// A built-in allowlist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// `php occ files:scan|memories:index|status [options]`.
    Nextcloud,
    /// `photoprism index|import [options]`, `photoprism status`.
    Photoprism,
}

impl Preset {
    /// Every preset, for listings and help texts.
    pub const ALL: [Preset; 2] = [Preset::Nextcloud, Preset::Photoprism];

    /// The preset's name as written in YAML and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Nextcloud => "nextcloud",
            Preset::Photoprism => "photoprism",
        }
    }

    /// The user commands run as in the target's image (`www-data` runs Nextcloud's `occ`,
    /// `photoprism` the PhotoPrism CLI), used wherever no exec user is given.
    pub fn exec_user(self) -> &'static str {
        match self {
            Preset::Nextcloud => "www-data",
            Preset::Photoprism => "photoprism",
        }
    }

    /// The working directory of the image's commands.
    pub fn workdir(self) -> &'static str {
        match self {
            Preset::Nextcloud => "/var/www/html",
            Preset::Photoprism => "/photoprism",
        }
    }

    /// The preset's policy.
    pub fn policy(self) -> Policy {
        match self {
            Preset::Nextcloud => nextcloud(),
            Preset::Photoprism => photoprism(),
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown preset name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown preset {0:?} (presets: nextcloud, photoprism)")]
pub struct UnknownPreset(pub String);

impl FromStr for Preset {
    type Err = UnknownPreset;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Preset::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| UnknownPreset(s.to_string()))
    }
}

fn flag(name: &str) -> OptionRule {
    OptionRule::from_trusted(name, OptionKind::Flag)
}

fn value(name: &str, pattern: ValuePattern) -> OptionRule {
    OptionRule::from_trusted(name, OptionKind::Value(pattern))
}

/// `--output`'s values, from occ's `Base` command.
fn output_formats() -> ValuePattern {
    ValuePattern::Enum(vec!["plain".into(), "json".into(), "json_pretty".into()])
}

/// The four harmless occ globals, long form, allowed after the subcommand only.
fn occ_globals() -> [OptionRule; 4] {
    [
        flag("--no-warnings"),
        flag("--no-interaction"),
        flag("--quiet"),
        flag("--verbose"),
    ]
}

/// §4 `nextcloud`: prefix `php occ`.
fn nextcloud() -> Policy {
    let mut files_scan = vec![
        flag("--all"),
        value("--path", ValuePattern::NcPath),
        flag("--unscanned"),
        flag("--shallow"),
        flag("--home-only"),
        value("--output", output_formats()),
    ];
    files_scan.extend(occ_globals());

    // A plain Symfony Command: no --output. --clear (truncates the index) is left out on purpose.
    let mut memories_index = vec![
        value("--user", ValuePattern::Uid),
        value("--group", ValuePattern::Uid),
        value("--folder", ValuePattern::RelPath),
        flag("--force"),
        flag("--skip-cleanup"),
    ];
    memories_index.extend(occ_globals());

    // -e/--exit-code is not allowed.
    let status = vec![value("--output", output_formats()), flag("--no-warnings")];

    Policy::from_trusted(vec![
        CommandRule::from_trusted(&["php", "occ", "files:scan"], files_scan),
        CommandRule::from_trusted(&["php", "occ", "memories:index"], memories_index),
        CommandRule::from_trusted(&["php", "occ", "status"], status),
    ])
}

/// §4 `photoprism`: prefix `photoprism`; no positionals, no global flags.
fn photoprism() -> Policy {
    Policy::from_trusted(vec![
        CommandRule::from_trusted(
            &["photoprism", "index"],
            vec![flag("--force"), flag("--archived"), flag("--cleanup")],
        ),
        CommandRule::from_trusted(
            &["photoprism", "import"],
            vec![value("--dest", ValuePattern::PpRel)],
        ),
        CommandRule::from_trusted(&["photoprism", "status"], vec![]),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rebuilds a policy through the validating constructors.
    fn revalidate(policy: &Policy) -> Policy {
        let rules = policy
            .commands()
            .iter()
            .map(|rule| {
                let options = rule
                    .options()
                    .iter()
                    .map(|o| OptionRule::new(o.name(), o.kind().clone()).unwrap())
                    .collect();
                CommandRule::new(&rule.pattern(), options).unwrap()
            })
            .collect();
        Policy::new(rules).unwrap()
    }

    #[test]
    fn presets_pass_validation() {
        for preset in Preset::ALL {
            let policy = preset.policy();
            assert_eq!(revalidate(&policy), policy, "{preset}");
        }
    }

    #[test]
    fn preset_patterns_are_the_spec_lines() {
        assert_eq!(
            Preset::Nextcloud.policy().patterns(),
            [
                "php occ files:scan [options]",
                "php occ memories:index [options]",
                "php occ status [options]",
            ]
        );
        assert_eq!(
            Preset::Photoprism.policy().patterns(),
            [
                "photoprism index [options]",
                "photoprism import [options]",
                "photoprism status",
            ]
        );
    }

    fn table(preset: Preset, sub: &str) -> Vec<(String, Option<String>)> {
        let policy = preset.policy();
        let rule = policy
            .commands()
            .iter()
            .find(|r| r.words().last().map(String::as_str) == Some(sub))
            .unwrap();
        rule.options()
            .iter()
            .map(|o| {
                let kind = match o.kind() {
                    OptionKind::Flag => None,
                    OptionKind::Value(p) => Some(p.to_string()),
                };
                (o.name().to_string(), kind)
            })
            .collect()
    }

    fn spec_table(rows: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        rows.iter()
            .map(|(n, k)| (n.to_string(), k.map(str::to_string)))
            .collect()
    }

    #[test]
    fn option_tables_are_the_spec_tables() {
        let output = Some("one of plain|json|json_pretty");
        let globals = [
            ("--no-warnings", None),
            ("--no-interaction", None),
            ("--quiet", None),
            ("--verbose", None),
        ];
        let mut files_scan = vec![
            ("--all", None),
            ("--path", Some("NC_PATH")),
            ("--unscanned", None),
            ("--shallow", None),
            ("--home-only", None),
            ("--output", output),
        ];
        files_scan.extend(globals);
        assert_eq!(
            table(Preset::Nextcloud, "files:scan"),
            spec_table(&files_scan)
        );
        let mut memories = vec![
            ("--user", Some("UID")),
            ("--group", Some("UID")),
            ("--folder", Some("REL_PATH")),
            ("--force", None),
            ("--skip-cleanup", None),
        ];
        memories.extend(globals);
        assert_eq!(
            table(Preset::Nextcloud, "memories:index"),
            spec_table(&memories)
        );
        assert_eq!(
            table(Preset::Nextcloud, "status"),
            spec_table(&[("--output", output), ("--no-warnings", None)])
        );
        assert_eq!(
            table(Preset::Photoprism, "index"),
            spec_table(&[("--force", None), ("--archived", None), ("--cleanup", None)])
        );
        assert_eq!(
            table(Preset::Photoprism, "import"),
            spec_table(&[("--dest", Some("PP_REL"))])
        );
        assert_eq!(table(Preset::Photoprism, "status"), spec_table(&[]));
    }

    #[test]
    fn names_round_trip() {
        for preset in Preset::ALL {
            assert_eq!(preset.name().parse::<Preset>(), Ok(preset));
        }
        assert_eq!(
            "Nextcloud".parse::<Preset>(),
            Err(UnknownPreset("Nextcloud".into()))
        );
    }
}
