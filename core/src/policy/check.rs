//! The command check: a pure function of (target policy, raw exec payload) → the argv to run,
//! or the reason it is rejected (`command-policy.md` §0–§4, steps in the spec's order).
//!
//! 1. §2 raw checks and §3 tokenizer ([`split`]); an empty argv is rejected.
//! 2. §4 command: the argv must start with the exact words of one of the policy's commands
//!    (the longest such command is taken).
//! 3. §4 options: every remaining token is `--flag` or `--name=value` from that command's
//!    table, each at most once, values matching their patterns. Nothing else: no positionals,
//!    no `-x`, no `-name`, no `--`.
//!
//! No I/O, no global state, no panics; the only allocations are the argv and the rejection.

use super::Rejection;
use super::model::{CommandRule, OptionKind, Policy, quote_word};
use super::tokenize::split;

/// Checks a raw exec payload against a target's policy. On success the returned argv is what
/// goes, unchanged, into Docker's `ExecConfig.Cmd`.
pub fn check(policy: &Policy, raw: &[u8]) -> Result<Vec<String>, Rejection> {
    let argv = split(raw)?;
    if argv.is_empty() {
        return Err(Rejection::Empty);
    }
    let rule = match_command(policy, &argv)?;
    let rest = argv.get(rule.words().len()..).unwrap_or_default();
    check_options(rule, rest)?;
    Ok(argv)
}

/// The command whose words the argv starts with; the longest one if several do.
fn match_command<'p>(policy: &'p Policy, argv: &[String]) -> Result<&'p CommandRule, Rejection> {
    policy
        .commands()
        .iter()
        .filter(|rule| argv.starts_with(rule.words()))
        .max_by_key(|rule| rule.words().len())
        .ok_or_else(|| unknown_command(policy, argv))
}

/// Names the part of the argv that matches no command: up to and including the first word
/// that differs from the closest command (or the whole argv if it is a strict prefix).
fn unknown_command(policy: &Policy, argv: &[String]) -> Rejection {
    let common = policy
        .commands()
        .iter()
        .map(|rule| {
            rule.words()
                .iter()
                .zip(argv)
                .take_while(|(w, a)| w == a)
                .count()
        })
        .max()
        .unwrap_or(0);
    let shown = argv.get(..common + 1).unwrap_or(argv);
    let words: Vec<String> = shown.iter().map(|w| quote_word(w)).collect();
    Rejection::UnknownCommand {
        command: words.join(" "),
    }
}

/// §4 option rules for the tokens after the command words.
fn check_options(rule: &CommandRule, tokens: &[String]) -> Result<(), Rejection> {
    let command = || rule.to_string();
    let mut seen = vec![false; rule.options().len()];
    for token in tokens {
        if token == "--" {
            return Err(Rejection::DoubleDash { command: command() });
        }
        if !token.starts_with("--") {
            if token.starts_with('-') {
                return Err(Rejection::SingleDash {
                    arg: token.clone(),
                    command: command(),
                });
            }
            return Err(Rejection::Positional {
                arg: token.clone(),
                command: command(),
            });
        }
        let (name, value) = match token.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (token.as_str(), None),
        };
        let Some((index, option)) = rule.option(name) else {
            return Err(Rejection::UnknownOption {
                name: name.to_string(),
                command: command(),
            });
        };
        match seen.get_mut(index) {
            Some(true) => {
                return Err(Rejection::RepeatedOption {
                    name: name.to_string(),
                });
            }
            Some(slot) => *slot = true,
            None => {}
        }
        check_value(name, option.kind(), value)?;
    }
    Ok(())
}

/// A flag takes no value; a valued option takes a non-empty value matching its pattern.
fn check_value(name: &str, kind: &OptionKind, value: Option<&str>) -> Result<(), Rejection> {
    match (kind, value) {
        (OptionKind::Flag, None) => Ok(()),
        (OptionKind::Flag, Some(_)) => Err(Rejection::FlagWithValue {
            name: name.to_string(),
        }),
        (OptionKind::Value(_), None) => Err(Rejection::MissingValue {
            name: name.to_string(),
        }),
        (OptionKind::Value(_), Some("")) => Err(Rejection::EmptyValue {
            name: name.to_string(),
        }),
        (OptionKind::Value(pattern), Some(value)) => {
            pattern.check(value).map_err(|m| Rejection::BadValue {
                name: name.to_string(),
                pattern: m.pattern,
                reason: m.reason,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Preset;
    use crate::policy::model::OptionRule;
    use crate::policy::pattern::ValuePattern;

    fn nc(raw: &str) -> Result<Vec<String>, Rejection> {
        check(&Preset::Nextcloud.policy(), raw.as_bytes())
    }

    #[test]
    fn returns_the_argv() {
        assert_eq!(
            nc("php occ files:scan --all").unwrap(),
            ["php", "occ", "files:scan", "--all"]
        );
    }

    #[test]
    fn empty_and_all_space() {
        assert_eq!(nc(""), Err(Rejection::Empty));
        assert_eq!(nc("     "), Err(Rejection::Empty));
    }

    #[test]
    fn unknown_command_names_the_first_differing_word() {
        let cases = [
            ("php occ f:s", "php occ f:s"),
            ("php occ Files:Scan", "php occ Files:Scan"),
            ("php -d x occ status", "php -d"),
            ("VAR=1 php occ status", "VAR=1"),
            ("/usr/bin/php occ status", "/usr/bin/php"),
            ("php occ", "php occ"),
            ("php occ \"files:scan --all\"", "php occ 'files:scan --all'"),
            ("'php occ' status", "'php occ'"),
            ("php", "php"),
            ("photoprism status", "photoprism"),
        ];
        for (raw, shown) in cases {
            assert_eq!(
                nc(raw),
                Err(Rejection::UnknownCommand {
                    command: shown.into()
                }),
                "{raw}"
            );
        }
    }

    #[test]
    fn option_rejections_carry_the_command() {
        assert_eq!(
            nc("php occ memories:index --clear")
                .unwrap_err()
                .to_string(),
            "rejected: option --clear is not allowed for php occ memories:index"
        );
        assert_eq!(
            nc("php occ files:scan --path=/alice")
                .unwrap_err()
                .to_string(),
            "rejected: value of --path does not match NC_PATH: must be under /<user>/files"
        );
        assert_eq!(
            nc("php occ status\n").unwrap_err().to_string(),
            "rejected: byte 0x0a at offset 14 is not printable ASCII"
        );
    }

    #[test]
    fn option_name_is_taken_before_the_first_equals() {
        // '=' is not in SEG, so the value is rejected, not the name.
        assert!(matches!(
            nc("php occ files:scan --path=/alice/files/a=b"),
            Err(Rejection::BadValue { .. })
        ));
        assert!(matches!(
            nc("php occ files:scan --all=--path"),
            Err(Rejection::FlagWithValue { .. })
        ));
        assert!(matches!(
            nc("php occ files:scan --=x"),
            Err(Rejection::UnknownOption { .. })
        ));
    }

    #[test]
    fn longest_command_wins() {
        let policy = Policy::new(vec![
            CommandRule::new("app [options]", vec![OptionRule::flag("--x").unwrap()]).unwrap(),
            CommandRule::new(
                "app run [options]",
                vec![OptionRule::value("--n", ValuePattern::Seg).unwrap()],
            )
            .unwrap(),
        ])
        .unwrap();
        assert!(check(&policy, b"app --x").is_ok());
        assert!(check(&policy, b"app run --n=1").is_ok());
        assert!(matches!(
            check(&policy, b"app run --x"),
            Err(Rejection::UnknownOption { .. })
        ));
        assert!(matches!(
            check(&policy, b"app walk"),
            Err(Rejection::Positional { .. })
        ));
    }
}
