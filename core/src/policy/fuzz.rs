//! The command check's fuzzer: arbitrary bytes (0..5000, biased towards separators, quotes,
//! dashes, forbidden characters, control bytes and UTF-8 lead bytes) and randomly mutated
//! valid payloads, against every test policy. `check` must never panic, and every accepted
//! argv must satisfy the invariants (non-empty printable tokens, an allowed command prefix,
//! only table options with matching values, POSIX word splitting of the payload).
//!
//! cargo-fuzz needs a nightly toolchain, which this project does not use, so proptest is the
//! fuzz tool. `fuzz_check_never_panics` runs with every `cargo test` (2000 cases unless
//! `PROPTEST_CASES` says otherwise); `at_scale` is ignored and is what `make fuzz` runs:
//!
//! ```text
//! PROPTEST_CASES=1000000 cargo test --release -p bosun-core --lib policy::fuzz -- --ignored --nocapture
//! ```

use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use super::check;
use super::tests::props::{accepted, arbitrary_bytes, assert_invariants, mutated};

/// `PROPTEST_CASES`, or `default`.
fn cases_from_env(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Runs `cases` fuzz cases; panics with proptest's minimal failing input on a failure.
fn run_fuzz(cases: u32) {
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        // A failure prints the minimal input; nothing is written next to the sources.
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let inputs = prop_oneof![
        2 => arbitrary_bytes(),
        2 => mutated(1..5),
        1 => mutated(1..2),
        1 => accepted().prop_map(|(target, _, raw)| (target, raw.into_bytes())),
    ];
    let accepted = std::cell::Cell::new(0u64);
    let result = runner.run(&inputs, |(target, raw)| {
        let policy = target.policy();
        if let Ok(argv) = check(policy, &raw) {
            assert_invariants(policy, &raw, &argv);
            accepted.set(accepted.get() + 1);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("policy fuzz failed: {e}");
    }
    eprintln!(
        "policy fuzz: {cases} cases, {} accepted, every invariant held",
        accepted.get()
    );
}

#[test]
fn fuzz_check_never_panics() {
    run_fuzz(cases_from_env(2000));
}

#[test]
#[ignore = "the fuzzer at scale: `make fuzz` (PROPTEST_CASES, default 1000000)"]
fn at_scale() {
    run_fuzz(cases_from_env(1_000_000));
}
