//! Properties of the whole check, with proptest, and the generators they share with the
//! fuzzer (`policy::fuzz`).
//!
//! * `accepted_argv_is_posix_word_splitting`: payloads generated from the policies' own
//!   grammar, with random quoting, are accepted, give exactly the intended argv, and that argv
//!   equals an independent POSIX `sh` word splitter ([`posix_split`]).
//! * `mutated_payloads_keep_the_invariants`: the same payloads, randomly mutated; whatever is
//!   still accepted satisfies every invariant, POSIX equivalence included.
//! * `posix_sh_agrees` (ignored; needs `/bin/sh`): a few hundred accepted payloads are split
//!   by the real shell and compared.

use proptest::prelude::*;
use proptest::strategy::{Union, ValueTree};
use proptest::test_runner::TestRunner;

use super::Target;
use crate::policy::{CommandRule, FORBIDDEN, MAX_LEN, OptionKind, Policy, ValuePattern, check};

/// Independent reference: POSIX `sh` field splitting and quote removal, for the subset the
/// policy accepts (spaces as the only blanks, `'…'` and `"…"` without escapes or expansions).
/// Written as "cut at quotes, then split the unquoted stretches on spaces", unlike the
/// tokenizer's character state machine. `None` for an unbalanced quote. Keeps empty words.
fn posix_split(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut current: Option<String> = None;
    let mut rest = s;
    loop {
        let next_quote = rest.find(['\'', '"']);
        let unquoted = &rest[..next_quote.unwrap_or(rest.len())];
        for (i, field) in unquoted.split(' ').enumerate() {
            if i > 0 {
                if let Some(w) = current.take() {
                    words.push(w);
                }
            }
            if !field.is_empty() {
                current.get_or_insert_with(String::new).push_str(field);
            }
        }
        let Some(q) = next_quote else { break };
        let quote = &rest[q..q + 1];
        let after = &rest[q + 1..];
        let close = after.find(quote)?;
        current
            .get_or_insert_with(String::new)
            .push_str(&after[..close]);
        rest = &after[close + 1..];
    }
    words.extend(current);
    Some(words)
}

#[test]
fn posix_split_reference_examples() {
    assert_eq!(posix_split("a  b").unwrap(), ["a", "b"]);
    assert_eq!(posix_split(" a'b c'd ").unwrap(), ["ab cd"]);
    assert_eq!(posix_split("'' x").unwrap(), ["", "x"]);
    assert_eq!(posix_split("\"a'b\"").unwrap(), ["a'b"]);
    assert_eq!(
        posix_split("a 'b").unwrap_or_default(),
        Vec::<String>::new()
    );
    assert!(posix_split("a 'b").is_none());
    assert!(posix_split("").unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------
// Generators: accepted payloads from the policies' own grammar
// ---------------------------------------------------------------------------------------

const SEG_EDGE: &str = "[A-Za-z0-9_.,+@()-]";
const SEG_INNER: &str = "[A-Za-z0-9 _.,+@()-]";

fn seg() -> BoxedStrategy<String> {
    proptest::string::string_regex(&format!("{SEG_EDGE}({SEG_INNER}{{0,12}}{SEG_EDGE})?"))
        .unwrap()
        .prop_filter("not . or ..", |s| s != "." && s != "..")
        .boxed()
}

fn uid() -> BoxedStrategy<String> {
    proptest::string::string_regex("[A-Za-z0-9_.@][A-Za-z0-9_.@-]{0,15}")
        .unwrap()
        .prop_filter("not . or .. or appdata_*", |s| {
            s != "." && s != ".." && !s.starts_with("appdata_")
        })
        .boxed()
}

fn join_segments(segs: Vec<String>) -> String {
    segs.join("/")
}

fn value_strategy(pattern: &ValuePattern) -> BoxedStrategy<String> {
    match pattern {
        ValuePattern::Seg => seg(),
        ValuePattern::Uid => uid(),
        ValuePattern::NcPath => (uid(), prop::collection::vec(seg(), 0..4), any::<bool>())
            .prop_map(|(u, segs, trailing)| {
                let mut p = format!("/{u}/files");
                for s in segs {
                    p.push('/');
                    p.push_str(&s);
                }
                if trailing {
                    p.push('/');
                }
                p
            })
            .boxed(),
        ValuePattern::RelPath => (
            any::<bool>(),
            prop::collection::vec(seg(), 1..4),
            any::<bool>(),
        )
            .prop_map(|(lead, segs, trail)| {
                let body = join_segments(segs);
                format!(
                    "{}{body}{}",
                    if lead { "/" } else { "" },
                    if trail { "/" } else { "" }
                )
            })
            .boxed(),
        ValuePattern::PpRel => prop::collection::vec(
            seg().prop_filter("no leading dot", |s| !s.starts_with('.')),
            1..4,
        )
        .prop_map(join_segments)
        .boxed(),
        ValuePattern::Enum(values) => proptest::sample::select(values.clone()).boxed(),
        ValuePattern::Regex(re) => proptest::string::string_regex(re.source())
            .unwrap()
            .prop_filter("passes the raw checks", |v| {
                !v.is_empty() && crate::policy::split(v.as_bytes()).is_ok()
            })
            .boxed(),
    }
}

/// The argv of one allowed command: its words, then a random subset of its options in
/// random order, each with a valid value.
fn rule_tokens(rule: &CommandRule) -> BoxedStrategy<Vec<String>> {
    let words = rule.words().to_vec();
    let options: Vec<BoxedStrategy<Option<String>>> = rule
        .options()
        .iter()
        .map(|o| {
            let name = o.name().to_string();
            let token = match o.kind() {
                OptionKind::Flag => Just(name).boxed(),
                OptionKind::Value(p) => value_strategy(p)
                    .prop_map(move |v| format!("{name}={v}"))
                    .boxed(),
            };
            proptest::option::of(token).boxed()
        })
        .collect();
    options
        .prop_map(|opts| opts.into_iter().flatten().collect::<Vec<_>>())
        .prop_shuffle()
        .prop_map(move |opts| {
            let mut argv = words.clone();
            argv.extend(opts);
            argv
        })
        .boxed()
}

fn policy_tokens(policy: &Policy) -> BoxedStrategy<Vec<String>> {
    Union::new(policy.commands().iter().map(rule_tokens)).boxed()
}

/// How one character of a word is written.
#[derive(Debug, Clone, Copy)]
struct CharStyle {
    /// 0–3 unquoted, 4–5 single-quoted, 6–7 double-quoted (when the character allows it).
    style: u8,
    /// Start a new quoted piece here even if the style did not change.
    cut: bool,
    /// Put an empty `''`/`""` right before the character (legal when it touches the word).
    empty_quotes: bool,
}

fn char_style() -> impl Strategy<Value = CharStyle> {
    (
        0u8..8,
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.03),
    )
        .prop_map(|(style, cut, empty_quotes)| CharStyle {
            style,
            cut,
            empty_quotes,
        })
}

/// Writes a word with the given per-character quoting; §3 splits the result back to `word`.
fn quote_word(word: &str, styles: &[CharStyle]) -> String {
    let mut out = String::new();
    let mut open: Option<char> = None;
    for (c, st) in word.chars().zip(styles.iter().cycle()) {
        let mut want = match st.style {
            0..=3 => None,
            4 | 5 => Some('\''),
            _ => Some('"'),
        };
        if want.is_none() && matches!(c, ' ' | '(' | ')' | '\'' | '"') {
            want = Some(if c == '\'' { '"' } else { '\'' });
        }
        if want == Some(c) {
            want = Some(if c == '\'' { '"' } else { '\'' });
        }
        if open != want || st.cut || st.empty_quotes {
            if let Some(q) = open.take() {
                out.push(q);
            }
            if st.empty_quotes {
                out.push_str(if st.style % 2 == 0 { "''" } else { "\"\"" });
            }
            if let Some(q) = want {
                out.push(q);
            }
            open = want;
        }
        out.push(c);
    }
    if let Some(q) = open {
        out.push(q);
    }
    out
}

/// A payload for `tokens`: each word randomly quoted, joined by 1–3 spaces, with 0–2
/// leading and trailing spaces.
fn render(tokens: Vec<String>) -> BoxedStrategy<(Vec<String>, String)> {
    let n = tokens.len();
    (
        prop::collection::vec(prop::collection::vec(char_style(), 1..16), n),
        prop::collection::vec(1usize..4, n),
        0usize..3,
        0usize..3,
    )
        .prop_map(move |(styles, gaps, lead, trail)| {
            let mut s = " ".repeat(lead);
            for (i, (tok, st)) in tokens.iter().zip(&styles).enumerate() {
                if i > 0 {
                    s.push_str(&" ".repeat(gaps[i]));
                }
                s.push_str(&quote_word(tok, st));
            }
            s.push_str(&" ".repeat(trail));
            (tokens.clone(), s)
        })
        .boxed()
}

/// (target, intended argv, payload) for payloads that should be accepted.
pub(in crate::policy) fn accepted() -> BoxedStrategy<(Target, Vec<String>, String)> {
    Union::new(Target::ALL.map(|t| {
        policy_tokens(t.policy())
            .prop_flat_map(render)
            .prop_map(move |(tokens, raw)| (t, tokens, raw))
    }))
    .boxed()
}

// ---------------------------------------------------------------------------------------
// Mutations and arbitrary bytes
// ---------------------------------------------------------------------------------------

/// Bytes that exercise the checks: separators, quotes, dashes, `=`, `/`, parens, forbidden
/// characters, control bytes and the starts of multi-byte UTF-8 sequences.
const INTERESTING: &[u8] = b" '\"-=/.()`$\\;&|<>#*?[]{}~!\0\t\n\r\x1b\x7f\x80\xc2\xa0\xe2\xff";

/// Letters of the allowed commands, so random bytes sometimes spell a prefix.
const WORDY: &[u8] = b"phpoccstatusfilescan:photoprismindex-all";

/// One byte, biased: a single `select` over a weighted table (cheaper than a union per byte,
/// which matters for 5000-byte inputs in debug builds).
fn interesting_byte() -> impl Strategy<Value = u8> {
    let mut table = Vec::new();
    for _ in 0..8 {
        table.extend_from_slice(INTERESTING);
    }
    for _ in 0..4 {
        table.extend_from_slice(WORDY);
    }
    table.extend(0x20u8..=0x7e);
    table.extend(0u8..=0xff);
    proptest::sample::select(table)
}

#[derive(Debug, Clone)]
enum Mutation {
    Insert(prop::sample::Index, u8),
    Delete(prop::sample::Index),
    Replace(prop::sample::Index, u8),
    Duplicate(prop::sample::Index, prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<prop::sample::Index>(), interesting_byte())
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<prop::sample::Index>().prop_map(Mutation::Delete),
        (any::<prop::sample::Index>(), interesting_byte())
            .prop_map(|(i, b)| Mutation::Replace(i, b)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| Mutation::Duplicate(a, b)),
    ]
}

fn mutate(raw: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = raw.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len();
        match m {
            Mutation::Insert(i, b) => bytes.insert(i.index(len + 1), *b),
            Mutation::Delete(i) if len > 0 => {
                bytes.remove(i.index(len));
            }
            Mutation::Replace(i, b) if len > 0 => bytes[i.index(len)] = *b,
            Mutation::Duplicate(a, b) if len > 0 => {
                let (x, y) = (a.index(len), b.index(len));
                let span = bytes[x.min(y)..=x.max(y)].to_vec();
                let at = x.max(y) + 1;
                bytes.splice(at..at, span);
            }
            _ => {}
        }
    }
    bytes
}

/// Accepted payloads with `count` random mutations.
pub(in crate::policy) fn mutated(
    count: std::ops::Range<usize>,
) -> BoxedStrategy<(Target, Vec<u8>)> {
    (accepted(), prop::collection::vec(mutation(), count))
        .prop_map(|((t, _, raw), ms)| (t, mutate(&raw, &ms)))
        .boxed()
}

pub(in crate::policy) fn arbitrary_bytes() -> BoxedStrategy<(Target, Vec<u8>)> {
    (
        proptest::sample::select(Target::ALL.to_vec()),
        prop_oneof![
            3 => prop::collection::vec(interesting_byte(), 0..64),
            1 => prop::collection::vec(interesting_byte(), 0..5000),
        ],
    )
        .boxed()
}

/// Everything an accepted argv must satisfy.
pub(in crate::policy) fn assert_invariants(policy: &Policy, raw: &[u8], argv: &[String]) {
    assert!(raw.len() <= MAX_LEN);
    assert!(
        raw.iter()
            .all(|b| (0x20..=0x7e).contains(b) && !FORBIDDEN.contains(b))
    );
    assert!(!argv.is_empty());
    for tok in argv {
        assert!(!tok.is_empty());
        assert!(
            tok.bytes()
                .all(|b| (0x20..=0x7e).contains(&b) && !FORBIDDEN.contains(&b))
        );
    }
    let rule = policy
        .commands()
        .iter()
        .filter(|r| argv.starts_with(r.words()))
        .max_by_key(|r| r.words().len())
        .expect("argv starts with an allowed command");
    let mut seen = Vec::new();
    for tok in &argv[rule.words().len()..] {
        let name = tok.split_once('=').map_or(tok.as_str(), |(n, _)| n);
        let (_, option) = rule.option(name).expect("option is in the table");
        assert!(!seen.contains(&name), "repeated {name}");
        seen.push(name);
        match (option.kind(), tok.split_once('=')) {
            (OptionKind::Flag, None) => {}
            (OptionKind::Value(p), Some((_, v))) => assert_eq!(p.check(v), Ok(())),
            other => panic!("{tok}: {other:?}"),
        }
    }
    let text = std::str::from_utf8(raw).expect("accepted payloads are ASCII");
    assert_eq!(posix_split(text).as_deref(), Some(argv));
}

proptest! {
    #[test]
    fn accepted_argv_is_posix_word_splitting((target, tokens, raw) in accepted()) {
        prop_assume!(raw.len() <= MAX_LEN);
        let policy = target.policy();
        let argv = check(policy, raw.as_bytes());
        prop_assert_eq!(argv.as_ref(), Ok(&tokens), "{:?}", raw);
        prop_assert_eq!(posix_split(&raw), Some(tokens.clone()));
        assert_invariants(policy, raw.as_bytes(), &tokens);
    }

    #[test]
    fn mutated_payloads_keep_the_invariants((target, raw) in mutated(1..5)) {
        let policy = target.policy();
        if let Ok(argv) = check(policy, &raw) {
            assert_invariants(policy, &raw, &argv);
        }
    }
}

/// Splits `payload` with the real `/bin/sh`: `printf '%s\0' <payload>`. Safe only because the
/// payload was accepted: it has no `$`, backquote, `;`, `&`, `|`, redirection, glob, `\` …
fn sh_split(payload: &str) -> Vec<String> {
    let out = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("printf '%s\\0' {payload}"))
        .output()
        .expect("run /bin/sh");
    assert!(out.status.success(), "{payload}: {out:?}");
    let mut words: Vec<String> = out
        .stdout
        .split(|b| *b == 0)
        .map(|w| String::from_utf8(w.to_vec()).expect("ASCII"))
        .collect();
    assert_eq!(words.pop().as_deref(), Some(""), "output ends with NUL");
    words
}

#[test]
#[ignore = "runs /bin/sh a few hundred times; run with --ignored"]
fn posix_sh_agrees() {
    let mut runner = TestRunner::deterministic();
    let accepted = accepted();
    let mutated = mutated(1..3);
    let mut compared = 0;
    for _ in 0..300 {
        let (target, tokens, raw) = accepted.new_tree(&mut runner).unwrap().current();
        if check(target.policy(), raw.as_bytes()).is_ok() {
            assert_eq!(sh_split(&raw), tokens, "{raw:?}");
            compared += 1;
        }
    }
    let mut mutants = 0;
    for _ in 0..5000 {
        let (target, raw) = mutated.new_tree(&mut runner).unwrap().current();
        if let Ok(argv) = check(target.policy(), &raw) {
            let text = std::str::from_utf8(&raw).unwrap();
            assert_eq!(sh_split(text), argv, "{text:?}");
            mutants += 1;
            if mutants == 200 {
                break;
            }
        }
    }
    assert!(compared >= 250, "{compared}");
    assert!(mutants >= 20, "{mutants}");
}
