//! The exec proxy's command policy (the contract is the spec's `command-policy.md`): which exec
//! payloads become a process in a target container, as a pure function with no I/O.
//!
//! ```
//! use bosun_core::policy::{Preset, check};
//!
//! let nextcloud = Preset::Nextcloud.policy();
//! let argv = check(&nextcloud, b"php occ files:scan --path=/alice/files/Photos").unwrap();
//! assert_eq!(argv, ["php", "occ", "files:scan", "--path=/alice/files/Photos"]);
//!
//! let err = check(&nextcloud, b"php occ memories:index --clear").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "rejected: option --clear is not allowed for php occ memories:index"
//! );
//! ```
//!
//! One job per module:
//! * `raw` — §2 byte checks (length, printable ASCII, forbidden characters);
//! * `tokenize` — §3 the quote-only word splitter;
//! * `pattern` — value patterns (SEG, UID, NC_PATH, REL_PATH, PP_REL, enums, user regexes);
//! * `model` — the allowlist model ([`Policy`], [`CommandRule`], [`OptionRule`]);
//! * `spec` — the YAML format of user allowlists and loading it ([`PolicyFile`]);
//! * `presets` — the built-in `nextcloud` and `photoprism` presets;
//! * `check` — the check itself; `rejection` — why a payload was rejected.
//!
//! Tests: unit tests in each module, the spec as a table and the properties in `tests/`, and
//! the proptest fuzzer in `fuzz.rs` (`make fuzz` runs it at scale).

mod check;
mod model;
mod pattern;
mod presets;
mod raw;
mod rejection;
mod spec;
mod tokenize;

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;

pub use check::check;
pub use model::{CommandRule, OPTIONS_MARKER, OptionKind, OptionRule, Policy, PolicyError};
pub use pattern::{Mismatch, UserRegex, ValuePattern};
pub use presets::{Preset, UnknownPreset};
pub use raw::{FORBIDDEN, MAX_LEN};
pub use rejection::Rejection;
pub use spec::{LoadError, PolicyFile, SelectError};
pub use tokenize::split;
