//! How an exec request ended, and what the client and the audit trail are told about it: the
//! exit status, the one `bosun: …` line on stderr, the decision and the reason.
//!
//! | outcome | exit status | stderr line |
//! |---|---|---|
//! | the command exited with N | N, clamped to 0..=255 | none (the command's own output) |
//! | rejected by the policy | 126 | `bosun: rejected: <reason>` |
//! | refused by a limit | 125 | `bosun: refused: <why>` |
//! | no running task of the target here within the task wait | 125 | `bosun: not started: <why>` |
//! | engine error | 125 | `bosun: <message>` |
//! | command timeout | 124 | `bosun: command timed out after <d>; …` |
//!
//! "Not started" shares 125 with the other proxy errors (it is one: nothing ran), so a client
//! that knows only the exit codes treats it as before; the `bosun: not started: ` prefix is
//! what says that nothing ran and that the command may be sent again. A command's own exit 125
//! never carries that line first, so a client that checks both the status and the prefix of
//! the first stderr line ([`NOT_STARTED_PREFIX`]) never mistakes one for the other. Example:
//! `bosun: not started: no running task of nc on node lab2 within 30s`.

use std::time::Duration;

use super::audit::Decision;
use bosun_core::policy::Rejection;

/// The proxy stopped waiting for a command after the command timeout.
pub const EXIT_TIMED_OUT: u32 = 124;
/// The proxy could not run the command (limit, target not found, engine error).
pub const EXIT_PROXY_ERROR: u32 = 125;
/// The policy rejected the command.
pub const EXIT_REJECTED: u32 = 126;
/// With [`EXIT_PROXY_ERROR`], the start of the stderr line that says nothing ran because no
/// running task of the target was found on this node (the client library retries it).
pub const NOT_STARTED_PREFIX: &str = "bosun: not started: ";

/// How one exec request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The command ran and exited with this code (as the engine reports it).
    Exited(i64),
    /// The policy rejected the payload; nothing reached Docker.
    Rejected(Rejection),
    /// A limit refused the request; nothing reached Docker.
    Refused(String),
    /// The command was allowed but could not be run or followed (engine error).
    Failed(String),
    /// The command ran longer than the command timeout; the proxy stopped waiting.
    TimedOut(Duration),
    /// No running task of the target on this node within the task wait (or the wait was cut
    /// short by the drain or the client): the command never reached Docker's exec.
    NotStarted(String),
}

impl Outcome {
    /// The SSH exit-status.
    pub fn exit_status(&self) -> u32 {
        match self {
            // clamped: 0..=255 always fits
            Outcome::Exited(code) => u32::try_from((*code).clamp(0, 255)).unwrap_or(255),
            Outcome::Rejected(_) => EXIT_REJECTED,
            Outcome::Refused(_) | Outcome::Failed(_) | Outcome::NotStarted(_) => EXIT_PROXY_ERROR,
            Outcome::TimedOut(_) => EXIT_TIMED_OUT,
        }
    }

    /// The line bosun itself writes to the client's stderr, if any.
    pub fn stderr_line(&self) -> Option<String> {
        match self {
            Outcome::Exited(_) => None,
            Outcome::Rejected(rejection) => Some(format!("bosun: {rejection}\n")),
            Outcome::Refused(why) => Some(format!("bosun: refused: {why}\n")),
            Outcome::Failed(message) => Some(format!("bosun: {}\n", one_line(message))),
            Outcome::NotStarted(why) => Some(format!("{NOT_STARTED_PREFIX}{}\n", one_line(why))),
            Outcome::TimedOut(after) => Some(format!(
                "bosun: command timed out after {}; it may still be running in the target \
                 (Docker cannot kill an exec)\n",
                humantime::format_duration(*after)
            )),
        }
    }

    pub fn decision(&self) -> Decision {
        match self {
            Outcome::Rejected(_) => Decision::Rejected,
            Outcome::Refused(_) => Decision::Refused,
            Outcome::NotStarted(_) => Decision::NotStarted,
            Outcome::Exited(_) | Outcome::Failed(_) | Outcome::TimedOut(_) => Decision::Allowed,
        }
    }

    /// The audit `reason`: why it was not run, or why it did not finish normally.
    pub fn reason(&self) -> Option<String> {
        match self {
            Outcome::Exited(_) => None,
            Outcome::Rejected(rejection) => Some(rejection.reason()),
            Outcome::Refused(why) => Some(why.clone()),
            Outcome::Failed(message) | Outcome::NotStarted(message) => Some(one_line(message)),
            Outcome::TimedOut(after) => Some(format!(
                "timed out after {}",
                humantime::format_duration(*after)
            )),
        }
    }

    /// The audit `exit_code`: the status sent to the client.
    pub fn exit_code(&self) -> Option<u32> {
        Some(self.exit_status())
    }
}

/// Engine messages can carry newlines (a daemon's multi-line error); the contract is one line.
fn one_line(message: &str) -> String {
    message
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use bosun_core::policy::{Preset, check};

    #[test]
    fn exit_codes_follow_the_contract() {
        assert_eq!(Outcome::Exited(0).exit_status(), 0);
        assert_eq!(Outcome::Exited(1).exit_status(), 1);
        assert_eq!(Outcome::Exited(255).exit_status(), 255);
        assert_eq!(Outcome::Exited(256).exit_status(), 255);
        assert_eq!(Outcome::Exited(i64::MAX).exit_status(), 255);
        assert_eq!(Outcome::Exited(-1).exit_status(), 0);
        let rejection = check(&Preset::Nextcloud.policy(), b"php occ status; id").unwrap_err();
        assert_eq!(Outcome::Rejected(rejection).exit_status(), 126);
        assert_eq!(Outcome::Refused("x".into()).exit_status(), 125);
        assert_eq!(Outcome::Failed("x".into()).exit_status(), 125);
        assert_eq!(Outcome::TimedOut(Duration::from_secs(5)).exit_status(), 124);
        assert_eq!(Outcome::NotStarted("x".into()).exit_status(), 125);
    }

    #[test]
    fn not_started_says_so_in_its_own_line_decision_and_reason() {
        let why = "no running task of nc on node lab2 within 30s";
        let not_started = Outcome::NotStarted(why.into());
        assert_eq!(
            not_started.stderr_line().unwrap(),
            "bosun: not started: no running task of nc on node lab2 within 30s\n"
        );
        assert!(
            not_started
                .stderr_line()
                .unwrap()
                .starts_with(NOT_STARTED_PREFIX)
        );
        assert_eq!(not_started.decision(), Decision::NotStarted);
        assert_eq!(not_started.decision().as_str(), "not_started");
        assert_eq!(not_started.reason().unwrap(), why);
        assert_eq!(not_started.exit_code(), Some(125));
    }

    #[test]
    fn stderr_lines_are_one_line_each() {
        let rejection = check(
            &Preset::Nextcloud.policy(),
            b"php occ memories:index --clear",
        )
        .unwrap_err();
        let rejected = Outcome::Rejected(rejection);
        assert_eq!(
            rejected.stderr_line().unwrap(),
            "bosun: rejected: option --clear is not allowed for php occ memories:index\n"
        );
        assert_eq!(
            rejected.reason().unwrap(),
            "option --clear is not allowed for php occ memories:index"
        );
        assert_eq!(rejected.decision(), Decision::Rejected);

        let timed_out = Outcome::TimedOut(Duration::from_secs(90));
        assert_eq!(
            timed_out.stderr_line().unwrap(),
            "bosun: command timed out after 1m 30s; it may still be running in the target \
             (Docker cannot kill an exec)\n"
        );
        assert_eq!(timed_out.decision(), Decision::Allowed);
        assert_eq!(timed_out.reason().unwrap(), "timed out after 1m 30s");

        let failed = Outcome::Failed("service nc has no running task on node lab2\n".into());
        assert_eq!(
            failed.stderr_line().unwrap(),
            "bosun: service nc has no running task on node lab2\n"
        );
        let multi = Outcome::Failed("creating an exec: 500\nsomething\r\nbroke".into());
        assert_eq!(
            multi.stderr_line().unwrap(),
            "bosun: creating an exec: 500 something broke\n"
        );

        let refused = Outcome::Refused("16 commands are running".into());
        assert_eq!(
            refused.stderr_line().unwrap(),
            "bosun: refused: 16 commands are running\n"
        );
        assert_eq!(refused.decision(), Decision::Refused);

        assert_eq!(Outcome::Exited(3).stderr_line(), None);
        assert_eq!(Outcome::Exited(3).reason(), None);
        assert_eq!(Outcome::Exited(3).exit_code(), Some(3));
    }
}
