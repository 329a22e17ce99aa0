//! What a template's node_id pattern can match, known before any request arrives.
//!
//! A node_id goes into a service name (`<prefix>-clone-<template>-<node_id>`, at most 63
//! characters), a volume name and labels. The spawn-time rule ([`super::valid_node_id`])
//! refuses any node_id outside `[a-z0-9_-]`, but a pattern that *could* accept more is a
//! template bug better told at config time than discovered as refused requests. So the config
//! asks two things of the pattern, read off its syntax tree (the regex crate's own parser, the
//! one `bosun_core::policy::UserRegex` compiles with, on the same anchored text):
//! * its alphabet: every literal and class in it stays inside `a-z`, `0-9`, `_`, `-`;
//! * its longest match: bounded (`{1,32}`, not `+`), so the service name's length is known.
//!
//! Both are over-approximations (a branch that can never match still counts), which errs on
//! the side of refusing a template.

use regex_syntax::hir::{Class, Hir, HirKind};

use super::node_id_byte;

/// What a node_id pattern can match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeIdShape {
    /// The longest node_id it matches, in bytes (= characters: the alphabet is ASCII).
    pub longest: usize,
}

/// The shape of `source`, matched whole as `UserRegex` matches it; an error says why the
/// pattern cannot be a node_id pattern.
pub fn node_id_shape(source: &str) -> Result<NodeIdShape, String> {
    let anchored = format!(r"\A(?:{source})\z");
    let hir = regex_syntax::Parser::new()
        .parse(&anchored)
        .map_err(|_| format!("{source:?} is not a valid regex"))?;
    if let Some(c) = outside_alphabet(&hir) {
        return Err(format!(
            "{source:?} could accept {c:?}: a node_id pattern may only accept a-z, 0-9, '_' and '-'"
        ));
    }
    match hir.properties().maximum_len() {
        Some(longest) => Ok(NodeIdShape { longest }),
        None => Err(format!(
            "{source:?} accepts node_ids of any length: bound every repetition (`{{1,32}}`, not `+` or `*`)"
        )),
    }
}

/// The first character `hir` could match that a node_id may not hold.
fn outside_alphabet(hir: &Hir) -> Option<char> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(literal) => String::from_utf8_lossy(&literal.0)
            .chars()
            .find(|c| !u8::try_from(*c).is_ok_and(node_id_byte)),
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .find_map(|r| first_outside(u32::from(r.start()), u32::from(r.end()))),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .find_map(|r| first_outside(u32::from(r.start()), u32::from(r.end()))),
        HirKind::Repetition(repetition) => outside_alphabet(&repetition.sub),
        HirKind::Capture(capture) => outside_alphabet(&capture.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().find_map(outside_alphabet)
        }
    }
}

/// The node_id alphabet as ranges of code points.
const ALPHABET: [(u32, u32); 4] = [
    ('-' as u32, '-' as u32),
    ('0' as u32, '9' as u32),
    ('_' as u32, '_' as u32),
    ('a' as u32, 'z' as u32),
];

/// The first code point of `start..=end` outside the alphabet, as a character (U+FFFD for a
/// code point that is none, such as a byte class above 0x7F).
fn first_outside(start: u32, end: u32) -> Option<char> {
    let mut at = start;
    while at <= end {
        match ALPHABET.iter().find(|(lo, hi)| (*lo..=*hi).contains(&at)) {
            Some((_, hi)) => at = hi + 1,
            None => return Some(char::from_u32(at).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_patterns_over_the_alphabet_are_accepted_with_their_longest_match() {
        for (pattern, longest) in [
            ("node_[a-z0-9]{1,32}", 37),
            ("^node_[a-z0-9]{1,32}$", 37),
            ("[a-z][a-z0-9_-]{0,20}", 21),
            ("(alpha|beta)-[0-9]{1,3}", 9),
            (r"n(?-u:\d){4}", 5),
            ("x", 1),
        ] {
            assert_eq!(
                node_id_shape(pattern),
                Ok(NodeIdShape { longest }),
                "{pattern}"
            );
        }
    }

    #[test]
    fn a_pattern_that_could_accept_another_character_is_refused() {
        for (pattern, shown) in [
            ("node_[A-Za-z0-9]{1,32}", "'A'"),
            ("(?i)node_[a-z]{1,8}", "'N'"),
            // `\d` is Unicode's digits, not only 0-9
            (r"n\d{4}", "'٠'"),
            ("node.{1,8}", "'\\0'"),
            ("node_[a-z]{1,8}|x/y", "'/'"),
            (r"node\s{1,2}", "'\\t'"),
            (r"node\w{1,2}", "'A'"),
            ("nod[e.]{1,2}", "'.'"),
            ("é", "'é'"),
            ("[^a-z]{1,3}", "'\\0'"),
        ] {
            let error = node_id_shape(pattern).unwrap_err();
            assert!(
                error.contains(&format!("could accept {shown}")),
                "{pattern}: {error}"
            );
        }
    }

    #[test]
    fn an_unbounded_or_invalid_pattern_is_refused() {
        for pattern in ["node_[a-z0-9]+", "node_[a-z]*", "[a-z]{1,}"] {
            let error = node_id_shape(pattern).unwrap_err();
            assert!(error.contains("accepts node_ids of any length"), "{error}");
        }
        assert!(
            node_id_shape("node_[a-z")
                .unwrap_err()
                .contains("is not a valid regex")
        );
    }
}
