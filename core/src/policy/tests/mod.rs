//! Whole-policy tests: the spec's examples as one table (`cases.rs`) and the properties
//! (`props.rs`: POSIX word-splitting equivalence, mutations, the `/bin/sh` differential, and
//! the generators the fuzzer in `policy::fuzz` uses).

mod cases;
pub(super) mod props;

use std::sync::OnceLock;

use super::{Policy, PolicyFile, Preset};

/// The user allowlist fixture shared with the CLI tests.
pub const USER_YAML: &str = include_str!("../../../tests/data/policy-user.yaml");

/// Which policy a case runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The `nextcloud` preset.
    Nc,
    /// The `photoprism` preset.
    Pp,
    /// Target `myapp` of `tests/data/policy-user.yaml`.
    User,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::Nc, Target::Pp, Target::User];

    /// The target's policy, built once per test binary (the fuzzer calls this per case).
    pub fn policy(self) -> &'static Policy {
        static POLICIES: OnceLock<[Policy; 3]> = OnceLock::new();
        let [nc, pp, user] = POLICIES.get_or_init(|| {
            [
                Preset::Nextcloud.policy(),
                Preset::Photoprism.policy(),
                user_policy(),
            ]
        });
        match self {
            Target::Nc => nc,
            Target::Pp => pp,
            Target::User => user,
        }
    }
}

pub fn user_policy() -> Policy {
    let file = PolicyFile::from_yaml(USER_YAML).unwrap();
    file.target("myapp").unwrap().clone()
}
