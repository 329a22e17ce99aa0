//! Why a command was rejected: one variant per rule of `command-policy.md`, each with a
//! one-line, specific `Display` that starts with `rejected: `.
//!
//! Every token or value quoted in a message has already passed the raw checks (§2), so it is
//! printable ASCII and safe to print on a terminal or in a log line.

use std::fmt;

/// The reason a raw exec payload was not turned into an argv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// §2.1: more than [`MAX_LEN`](super::MAX_LEN) bytes.
    TooLong { len: usize, max: usize },
    /// §2.2: a byte outside 0x20..=0x7E (control byte, DEL, any non-ASCII or invalid UTF-8).
    NonPrintable { byte: u8, offset: usize },
    /// §2.3: one of `` ` $ \ ; & | < > # * ? [ ] { } ~ ! ``, even inside quotes.
    ForbiddenChar { ch: char, offset: usize },
    /// §3: a quote that is never closed.
    UnclosedQuote { quote: char, offset: usize },
    /// §3: an argument that splits to the empty string (`''`, `""`).
    EmptyToken { offset: usize },
    /// §3: `(` or `)` outside quotes.
    UnquotedParen { ch: char, offset: usize },
    /// §0.2: nothing but spaces (or nothing at all).
    Empty,
    /// §4: the argv does not start with any allowed program prefix + subcommand.
    /// `command` shows the argv up to and including the first word that does not match.
    UnknownCommand { command: String },
    /// §0.8: a positional argument after the subcommand.
    Positional { arg: String, command: String },
    /// §0.8: the `--` end-of-options marker.
    DoubleDash { command: String },
    /// §0.8: a short option (`-p`), clustered flags or a single-dash long option (`-path=x`).
    SingleDash { arg: String, command: String },
    /// §4: an option the subcommand's table does not list.
    UnknownOption { name: String, command: String },
    /// §4: the same option twice.
    RepeatedOption { name: String },
    /// §4: `--flag=value` on a boolean flag.
    FlagWithValue { name: String },
    /// §4: a valued option without `=value` (`--path` or `--path value`).
    MissingValue { name: String },
    /// §4: `--name=` or `--name=''`.
    EmptyValue { name: String },
    /// §4: the value does not match the option's value pattern.
    BadValue {
        name: String,
        pattern: String,
        reason: String,
    },
}

impl Rejection {
    /// The reason without the leading `rejected: `, for embedding in other messages.
    pub fn reason(&self) -> String {
        Reason(self).to_string()
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rejected: {}", Reason(self))
    }
}

impl std::error::Error for Rejection {}

/// Formats the reason part of a rejection.
struct Reason<'a>(&'a Rejection);

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Rejection::TooLong { len, max } => {
                write!(f, "command is {len} bytes long, the limit is {max}")
            }
            Rejection::NonPrintable { byte, offset } => {
                write!(
                    f,
                    "byte 0x{byte:02x} at offset {offset} is not printable ASCII"
                )
            }
            Rejection::ForbiddenChar { ch, offset } => {
                write!(f, "character {ch:?} at offset {offset} is forbidden")
            }
            Rejection::UnclosedQuote { quote, offset } => {
                write!(
                    f,
                    "quote {quote:?} opened at offset {offset} is never closed"
                )
            }
            Rejection::EmptyToken { offset } => {
                write!(f, "empty argument at offset {offset}")
            }
            Rejection::UnquotedParen { ch, offset } => {
                write!(f, "{ch:?} at offset {offset} must be inside quotes")
            }
            Rejection::Empty => f.write_str("command is empty"),
            Rejection::UnknownCommand { command } => {
                write!(f, "`{command}` is not an allowed command")
            }
            Rejection::Positional { arg, command } => {
                write!(
                    f,
                    "positional argument '{arg}' is not allowed for {command}"
                )
            }
            Rejection::DoubleDash { command } => {
                write!(f, "'--' is not allowed for {command}")
            }
            Rejection::SingleDash { arg, command } => write!(
                f,
                "short or single-dash option '{arg}' is not allowed for {command}; \
                 only the --long forms listed for it are"
            ),
            Rejection::UnknownOption { name, command } => {
                write!(f, "option {name} is not allowed for {command}")
            }
            Rejection::RepeatedOption { name } => {
                write!(f, "option {name} is given more than once")
            }
            Rejection::FlagWithValue { name } => {
                write!(f, "option {name} is a flag and takes no value")
            }
            Rejection::MissingValue { name } => {
                write!(f, "option {name} needs a value, written as {name}=VALUE")
            }
            Rejection::EmptyValue { name } => write!(f, "value of {name} is empty"),
            Rejection::BadValue {
                name,
                pattern,
                reason,
            } => write!(f, "value of {name} does not match {pattern}: {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_and_prefixed() {
        let all = [
            Rejection::TooLong {
                len: 4097,
                max: 4096,
            },
            Rejection::NonPrintable {
                byte: 0x0a,
                offset: 14,
            },
            Rejection::ForbiddenChar { ch: ';', offset: 3 },
            Rejection::UnclosedQuote {
                quote: '"',
                offset: 0,
            },
            Rejection::EmptyToken { offset: 0 },
            Rejection::UnquotedParen { ch: '(', offset: 0 },
            Rejection::Empty,
            Rejection::UnknownCommand {
                command: "php occ f:s".into(),
            },
            Rejection::Positional {
                arg: "x".into(),
                command: "photoprism index".into(),
            },
            Rejection::DoubleDash {
                command: "photoprism index".into(),
            },
            Rejection::SingleDash {
                arg: "-p".into(),
                command: "php occ files:scan".into(),
            },
            Rejection::UnknownOption {
                name: "--clear".into(),
                command: "php occ memories:index".into(),
            },
            Rejection::RepeatedOption {
                name: "--all".into(),
            },
            Rejection::FlagWithValue {
                name: "--force".into(),
            },
            Rejection::MissingValue {
                name: "--path".into(),
            },
            Rejection::EmptyValue {
                name: "--path".into(),
            },
            Rejection::BadValue {
                name: "--path".into(),
                pattern: "NC_PATH".into(),
                reason: "must be under /<user>/files".into(),
            },
        ];
        for r in all {
            let s = r.to_string();
            assert!(s.starts_with("rejected: "), "{s}");
            assert!(!s.contains('\n'), "{s}");
            assert_eq!(s, format!("rejected: {}", r.reason()));
        }
    }

    #[test]
    fn brief_examples_render_exactly() {
        assert_eq!(
            Rejection::NonPrintable {
                byte: 0x0a,
                offset: 14
            }
            .to_string(),
            "rejected: byte 0x0a at offset 14 is not printable ASCII"
        );
        assert_eq!(
            Rejection::UnknownOption {
                name: "--clear".into(),
                command: "php occ memories:index".into()
            }
            .to_string(),
            "rejected: option --clear is not allowed for php occ memories:index"
        );
        assert_eq!(
            Rejection::BadValue {
                name: "--path".into(),
                pattern: "NC_PATH".into(),
                reason: "must be under /<user>/files".into()
            }
            .to_string(),
            "rejected: value of --path does not match NC_PATH: must be under /<user>/files"
        );
    }
}
