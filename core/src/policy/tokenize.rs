//! The tokenizer of `command-policy.md` §3: splits a payload that passed the raw checks (§2)
//! into argv.
//!
//! * Separator: one or more spaces outside quotes; leading and trailing spaces are ignored.
//! * `'…'` and `"…"` group literally up to the next matching quote. There are no escapes: `\`,
//!   `$` and `` ` `` never get here (§2.3), so both quote kinds mean the same thing.
//! * Quoted and unquoted pieces that touch form one word: `--pa"th"=/x` → `--path=/x`.
//! * Rejected: a quote left open, a word that is empty (`''`, `""`), `(` or `)` outside quotes.
//!
//! For every input this accepts, the result equals POSIX `sh` word splitting (tested against
//! an independent reference splitter and, in an ignored test, against `/bin/sh`).

use super::Rejection;
use super::raw::check_raw;

/// §2 then §3: the raw checks, then the split. Returns the argv, which may be empty (the caller
/// decides what an empty command means).
pub fn split(raw: &[u8]) -> Result<Vec<String>, Rejection> {
    tokenize(check_raw(raw)?)
}

/// Where the tokenizer is between two characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Outside any word (at the start, or after a separator).
    Between,
    /// Inside a word, outside quotes.
    Word,
    /// Inside a quoted piece, opened by `quote` at byte `offset`.
    Quoted { quote: char, offset: usize },
}

/// §3 on text that passed [`check_raw`]. Characters the raw checks would have rejected are
/// copied literally, so only call this through [`split`] or after [`check_raw`].
fn tokenize(text: &str) -> Result<Vec<String>, Rejection> {
    let mut argv = Vec::new();
    let mut word = String::new();
    let mut word_start = 0;
    let mut state = State::Between;
    for (offset, c) in text.char_indices() {
        state = match (state, c) {
            (State::Quoted { quote, .. }, c) if c == quote => State::Word,
            (State::Quoted { .. }, c) => {
                word.push(c);
                state
            }
            (State::Between, ' ') => State::Between,
            (State::Word, ' ') => {
                finish_word(&mut argv, &mut word, word_start)?;
                State::Between
            }
            (_, '(' | ')') => return Err(Rejection::UnquotedParen { ch: c, offset }),
            (_, '\'' | '"') => {
                if state == State::Between {
                    word_start = offset;
                }
                State::Quoted { quote: c, offset }
            }
            (_, c) => {
                if state == State::Between {
                    word_start = offset;
                }
                word.push(c);
                State::Word
            }
        };
    }
    match state {
        State::Quoted { quote, offset } => Err(Rejection::UnclosedQuote { quote, offset }),
        State::Word => {
            finish_word(&mut argv, &mut word, word_start)?;
            Ok(argv)
        }
        State::Between => Ok(argv),
    }
}

/// Ends the current word: rejects it if it is empty, else moves it into `argv`.
fn finish_word(argv: &mut Vec<String>, word: &mut String, start: usize) -> Result<(), Rejection> {
    if word.is_empty() {
        return Err(Rejection::EmptyToken { offset: start });
    }
    argv.push(std::mem::take(word));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> Vec<String> {
        match split(raw.as_bytes()) {
            Ok(argv) => argv,
            Err(e) => panic!("{raw:?}: {e}"),
        }
    }

    fn err(raw: &str) -> Rejection {
        match split(raw.as_bytes()) {
            Ok(argv) => panic!("{raw:?}: expected a rejection, got {argv:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn splits_on_runs_of_spaces_and_ignores_outer_spaces() {
        assert_eq!(ok("php occ status"), ["php", "occ", "status"]);
        assert_eq!(ok("  php   occ  status   "), ["php", "occ", "status"]);
        assert_eq!(ok("x"), ["x"]);
    }

    #[test]
    fn empty_and_all_space_give_no_words() {
        assert!(ok("").is_empty());
        assert!(ok("    ").is_empty());
    }

    #[test]
    fn quotes_group_literally() {
        assert_eq!(ok("'php' occ status"), ["php", "occ", "status"]);
        assert_eq!(
            ok("php occ \"files:scan --all\""),
            ["php", "occ", "files:scan --all"]
        );
        assert_eq!(ok("a 'b  c' d"), ["a", "b  c", "d"]);
        assert_eq!(ok("'a \"b\" c'"), ["a \"b\" c"]);
        assert_eq!(ok("\"a 'b' c\""), ["a 'b' c"]);
        assert_eq!(ok("'(x)'"), ["(x)"]);
        assert_eq!(ok("\"(x)\""), ["(x)"]);
    }

    #[test]
    fn touching_pieces_concatenate() {
        assert_eq!(
            ok("--pa\"th\"=/alice/files/Photos"),
            ["--path=/alice/files/Photos"]
        );
        assert_eq!(ok("a'b'\"c\"d"), ["abcd"]);
        assert_eq!(ok("--path=''x"), ["--path=x"]);
        assert_eq!(ok("x''"), ["x"]);
        assert_eq!(ok("''x"), ["x"]);
        assert_eq!(ok("--path=''"), ["--path="]);
        assert_eq!(ok("--path=\"\""), ["--path="]);
    }

    #[test]
    fn empty_words_are_rejected_at_their_start() {
        assert_eq!(err("''"), Rejection::EmptyToken { offset: 0 });
        assert_eq!(err("\"\""), Rejection::EmptyToken { offset: 0 });
        assert_eq!(err("php '' occ"), Rejection::EmptyToken { offset: 4 });
        assert_eq!(
            err("php occ status \"\""),
            Rejection::EmptyToken { offset: 15 }
        );
        assert_eq!(err("'''' x"), Rejection::EmptyToken { offset: 0 });
    }

    #[test]
    fn open_quotes_are_rejected_at_the_quote() {
        assert_eq!(
            err("php 'occ status"),
            Rejection::UnclosedQuote {
                quote: '\'',
                offset: 4
            }
        );
        assert_eq!(
            err("php occ \"status"),
            Rejection::UnclosedQuote {
                quote: '"',
                offset: 8
            }
        );
        assert_eq!(
            err("'a'\""),
            Rejection::UnclosedQuote {
                quote: '"',
                offset: 3
            }
        );
        // A ' inside "…" does not close it.
        assert_eq!(
            err("\"a'"),
            Rejection::UnclosedQuote {
                quote: '"',
                offset: 0
            }
        );
    }

    #[test]
    fn unquoted_parens_are_rejected() {
        assert_eq!(err("a(b)"), Rejection::UnquotedParen { ch: '(', offset: 1 });
        assert_eq!(err(")"), Rejection::UnquotedParen { ch: ')', offset: 0 });
        assert_eq!(
            err("'a'(b)"),
            Rejection::UnquotedParen { ch: '(', offset: 3 }
        );
        assert_eq!(
            err("--folder=a(1)"),
            Rejection::UnquotedParen {
                ch: '(',
                offset: 10
            }
        );
    }

    #[test]
    fn raw_checks_run_first() {
        assert!(matches!(err("'a\nb'"), Rejection::NonPrintable { .. }));
        assert!(matches!(err("'a;b'"), Rejection::ForbiddenChar { .. }));
        assert!(matches!(
            split(&vec![b' '; 4097]),
            Err(Rejection::TooLong { .. })
        ));
    }

    #[test]
    fn first_error_from_the_left_wins() {
        assert_eq!(err("( ''"), Rejection::UnquotedParen { ch: '(', offset: 0 });
        assert_eq!(err("'' ("), Rejection::EmptyToken { offset: 0 });
    }
}
