//! Turning an argv into the exec payload the proxy checks: one command line whose split under
//! the policy's tokenizer (`command-policy.md` §3) gives back exactly the same argv.
//!
//! SSH carries one string per exec request, not an argv, so the client has to quote. The
//! proxy's tokenizer knows spaces, `'…'` and `"…"` (literal, no escapes) and concatenation of
//! touching pieces, nothing else. So:
//!
//! * a word with no space, quote or parenthesis goes as it is;
//! * any other word is written as quoted pieces that touch, each piece quoted with the quote
//!   character it does not contain (`it's` → `'it'"'s"`); the tokenizer joins them back.
//!
//! What no quoting can carry is refused here, before any network I/O, with the reason:
//! an empty argv or word, a byte outside printable ASCII, a character the policy forbids
//! everywhere (`` ` $ \ ; & | < > # * ? [ ] { } ~ ! ``), or a payload over 4096 bytes.

use bosun_core::policy::{FORBIDDEN, MAX_LEN};

/// An argv that cannot be sent as an exec payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("the command is empty")]
    Empty,
    #[error("argument {index} is empty, and the proxy rejects empty arguments")]
    EmptyArgument { index: usize },
    #[error(
        "argument {index} contains {shown}, which is not printable ASCII; the proxy accepts bytes 0x20-0x7e only"
    )]
    NonPrintable { index: usize, shown: String },
    #[error(
        "argument {index} contains `{ch}`, which the proxy forbids anywhere, even quoted (` $ \\ ; & | < > # * ? [ ] {{ }} ~ !)"
    )]
    Forbidden { index: usize, ch: char },
    #[error("the command line is {len} bytes long once quoted; the proxy's limit is {max}")]
    TooLong { len: usize, max: usize },
}

/// The exec payload for `argv`, or why it cannot be expressed.
pub fn payload<S: AsRef<str>>(argv: &[S]) -> Result<String, CommandError> {
    if argv.is_empty() {
        return Err(CommandError::Empty);
    }
    let mut line = String::new();
    for (index, word) in argv.iter().enumerate() {
        let word = word.as_ref();
        check_word(index, word)?;
        if index > 0 {
            line.push(' ');
        }
        quote_into(&mut line, word);
    }
    if line.len() > MAX_LEN {
        return Err(CommandError::TooLong {
            len: line.len(),
            max: MAX_LEN,
        });
    }
    Ok(line)
}

/// Refuses a word that no quoting can carry.
fn check_word(index: usize, word: &str) -> Result<(), CommandError> {
    if word.is_empty() {
        return Err(CommandError::EmptyArgument { index });
    }
    if let Some(c) = word.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(CommandError::NonPrintable {
            index,
            shown: format!("{c:?} (U+{:04X})", u32::from(c)),
        });
    }
    // Every char is ASCII now, so bytes and chars agree.
    if let Some(b) = word.bytes().find(|b| FORBIDDEN.contains(b)) {
        return Err(CommandError::Forbidden {
            index,
            ch: char::from(b),
        });
    }
    Ok(())
}

/// True when the tokenizer would split or reject the word unless it is quoted.
fn needs_quotes(word: &str) -> bool {
    word.bytes()
        .any(|b| matches!(b, b' ' | b'\'' | b'"' | b'(' | b')'))
}

/// Appends `word` to `line` so that it splits back to exactly one word: bare when it can be,
/// else as touching quoted pieces: a piece runs up to the next occurrence of its own quote
/// character, and is quoted with `'` unless it starts with `'` (then with `"`).
fn quote_into(line: &mut String, word: &str) {
    if !needs_quotes(word) {
        line.push_str(word);
        return;
    }
    let mut rest = word;
    while !rest.is_empty() {
        let quote = if rest.starts_with('\'') { '"' } else { '\'' };
        let end = rest.find(quote).unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(end);
        line.push(quote);
        line.push_str(piece);
        line.push(quote);
        rest = tail;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bosun_core::policy::{Preset, check, split};
    use proptest::prelude::*;

    fn p(argv: &[&str]) -> String {
        payload(argv).unwrap()
    }

    #[test]
    fn plain_words_go_as_they_are() {
        assert_eq!(
            p(&["php", "occ", "status", "--output=json"]),
            "php occ status --output=json"
        );
        assert_eq!(
            p(&["php", "occ", "files:scan", "--path=/alice/files/run-7"]),
            "php occ files:scan --path=/alice/files/run-7"
        );
    }

    #[test]
    fn spaces_parens_and_quotes_are_quoted() {
        assert_eq!(
            p(&[
                "php",
                "occ",
                "files:scan",
                "--path=/alice/files/My Photos (2024)"
            ]),
            "php occ files:scan '--path=/alice/files/My Photos (2024)'"
        );
        assert_eq!(p(&["a\"b"]), "'a\"b'");
        assert_eq!(p(&["it's"]), "'it'\"'s\"");
        assert_eq!(p(&["'"]), "\"'\"");
        assert_eq!(p(&["''x"]), "\"''x\"");
        assert_eq!(p(&["x'\"y"]), "'x'\"'\"'\"y'");
    }

    #[test]
    fn quoted_payloads_pass_the_nextcloud_policy_unchanged() {
        let argv = [
            "php",
            "occ",
            "files:scan",
            "--path=/alice/files/My Photos (2024)",
        ];
        let allowed = check(&Preset::Nextcloud.policy(), p(&argv).as_bytes()).unwrap();
        assert_eq!(allowed, argv);
    }

    #[test]
    fn what_cannot_be_expressed_is_refused_with_the_reason() {
        assert_eq!(payload::<&str>(&[]), Err(CommandError::Empty));
        assert_eq!(
            payload(&["php", ""]),
            Err(CommandError::EmptyArgument { index: 1 })
        );
        assert_eq!(
            payload(&["php", "occ;id"]),
            Err(CommandError::Forbidden { index: 1, ch: ';' })
        );
        for (word, ch) in [
            ("$(id)", '$'),
            ("a\\b", '\\'),
            ("~/x", '~'),
            ("*", '*'),
            ("x!", '!'),
        ] {
            assert_eq!(
                payload(&[word]),
                Err(CommandError::Forbidden { index: 0, ch }),
                "{word}"
            );
        }
        let err = payload(&["php", "/alice/files/Müller"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument 1 contains 'ü' (U+00FC), which is not printable ASCII; the proxy accepts bytes 0x20-0x7e only"
        );
        assert!(matches!(
            payload(&["a\nb"]),
            Err(CommandError::NonPrintable { index: 0, .. })
        ));
        assert!(matches!(
            payload(&["a\tb"]),
            Err(CommandError::NonPrintable { .. })
        ));
        let long = "x".repeat(4097);
        assert_eq!(
            payload(&[long.as_str()]),
            Err(CommandError::TooLong {
                len: 4097,
                max: 4096
            })
        );
        // The limit counts the quotes: 4094 characters plus two quotes is exactly 4096.
        let spaced = format!("{} ", "x".repeat(4093));
        assert_eq!(payload(&[spaced.as_str()]).map(|s| s.len()), Ok(4096));
    }

    /// A non-empty word of printable ASCII without the forbidden characters.
    fn word() -> impl Strategy<Value = String> {
        let allowed: Vec<char> = (0x20u8..=0x7e)
            .filter(|b| !FORBIDDEN.contains(b))
            .map(char::from)
            .collect();
        // Bias towards the characters that need quoting.
        let tricky = prop::sample::select(vec![' ', '\'', '"', '(', ')']);
        let any = prop::sample::select(allowed);
        prop::collection::vec(prop_oneof![3 => any, 1 => tricky], 1..24)
            .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The payload splits back to the same argv under the proxy's own tokenizer.
        #[test]
        fn payload_splits_back_to_the_argv(argv in prop::collection::vec(word(), 1..8)) {
            let line = payload(&argv).unwrap();
            prop_assert_eq!(split(line.as_bytes()).unwrap(), argv);
        }

        /// Any word with a byte the proxy refuses is refused here too, before any I/O.
        #[test]
        fn unexpressible_words_are_refused(prefix in word(), bad in prop_oneof![
            prop::sample::select(FORBIDDEN.to_vec()).prop_map(char::from),
            prop::char::any().prop_filter("outside printable ASCII", |c| !(' '..='~').contains(c)),
        ]) {
            let w = format!("{prefix}{bad}");
            prop_assert!(payload(&["php", w.as_str()]).is_err());
        }
    }
}
