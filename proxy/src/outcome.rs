//! How an exec request ended, and what the client and the audit trail are told about it: the
//! exit status (or signal), the one `bosun: …` line on stderr, the decision and the reason.
//!
//! | outcome | SSH answer | stderr line |
//! |---|---|---|
//! | the command exited with N | exit-status N | none (the command's own output) |
//! | a signal killed it (engine code 128 + N, N named by RFC 4254) | exit-signal `TERM`, … | none |
//! | rejected by the policy | exit-status 126 | `bosun: rejected: <reason>` |
//! | refused by a limit | exit-status 125 | `bosun: refused: <why>` |
//! | no running task of the target here within the task wait | exit-status 125 | `bosun: not started: <why>` |
//! | engine error | exit-status 125 | `bosun: <message>` |
//! | command timeout | exit-status 124 | `bosun: command timed out after <d>; <what the stop did>` |
//! | the client went away | (nobody to tell) | (audit only) |
//!
//! A command that had to be stopped (timeout, client gone, its output lost) was given TERM,
//! then KILL (`stopper`); the line and the audit reason say how that went, plainly when it
//! could not be stopped.
//!
//! "Not started" shares 125 with the other proxy errors (it is one: nothing ran), so a client
//! that knows only the exit codes treats it as before; the `bosun: not started: ` prefix is
//! what says that nothing ran and that the command may be sent again. A command's own exit 125
//! never carries that line first, so a client that checks both the status and the prefix of
//! the first stderr line ([`NOT_STARTED_PREFIX`]) never mistakes one for the other. Example:
//! `bosun: not started: no running task of nc on node lab2 within 30s`.

use std::time::Duration;

use super::audit::Decision;
use super::stopper::Stopped;
use bosun_core::exit::Signal;
use bosun_core::policy::Rejection;

/// The proxy stopped the command after the command timeout.
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
    /// The command ran and exited with this status.
    Exited(u32),
    /// The command ran and this signal killed it.
    Killed(Signal),
    /// The policy rejected the payload; nothing reached Docker.
    Rejected(Rejection),
    /// A limit refused the request; nothing reached Docker.
    Refused(String),
    /// The command was allowed but could not be run or followed (engine error); `stop` is
    /// what was done to a command that had started.
    Failed(String, Option<Stopped>),
    /// The command ran longer than the command timeout; `stop` is what was done to it (`None`:
    /// it had not started).
    TimedOut(Duration, Option<Stopped>),
    /// The client closed the channel or lost the connection while the command ran.
    ClientGone(Stopped),
    /// No running task of the target on this node within the task wait (or the wait was cut
    /// short by the drain or the client): the command never reached Docker's exec.
    NotStarted(String),
}

impl Outcome {
    /// The SSH exit-status, or for a signal the shell's `128 + N` (the audit's `exit_code`;
    /// the client gets [`Outcome::signal`] instead).
    pub fn exit_status(&self) -> u32 {
        match self {
            Outcome::Exited(status) => *status,
            Outcome::Killed(signal) => signal.shell_code(),
            Outcome::Rejected(_) => EXIT_REJECTED,
            Outcome::Refused(_)
            | Outcome::Failed(..)
            | Outcome::NotStarted(_)
            | Outcome::ClientGone(_) => EXIT_PROXY_ERROR,
            Outcome::TimedOut(..) => EXIT_TIMED_OUT,
        }
    }

    /// The signal to report with `exit-signal` instead of an exit-status.
    pub fn signal(&self) -> Option<Signal> {
        match self {
            Outcome::Killed(signal) => Some(*signal),
            _ => None,
        }
    }

    /// The line bosun itself writes to the client's stderr, if any.
    pub fn stderr_line(&self) -> Option<String> {
        match self {
            Outcome::Exited(_) | Outcome::Killed(_) | Outcome::ClientGone(_) => None,
            Outcome::Rejected(rejection) => {
                Some(format!("bosun: rejected: {}\n", rejection.reason()))
            }
            Outcome::Refused(why) => Some(format!("bosun: refused: {why}\n")),
            Outcome::Failed(message, stop) => Some(format!(
                "bosun: {}{}\n",
                one_line(message),
                stop.as_ref().map(stop_said).unwrap_or_default()
            )),
            Outcome::NotStarted(why) => Some(format!("{NOT_STARTED_PREFIX}{}\n", one_line(why))),
            Outcome::TimedOut(after, stop) => Some(format!(
                "bosun: command timed out after {}{}\n",
                humantime::format_duration(*after),
                stop.as_ref()
                    .map_or_else(|| "; it had not started".to_owned(), stop_said)
            )),
        }
    }

    pub fn decision(&self) -> Decision {
        match self {
            Outcome::Rejected(_) => Decision::Rejected,
            Outcome::Refused(_) => Decision::Refused,
            Outcome::NotStarted(_) => Decision::NotStarted,
            Outcome::Exited(_)
            | Outcome::Killed(_)
            | Outcome::Failed(..)
            | Outcome::TimedOut(..)
            | Outcome::ClientGone(_) => Decision::Allowed,
        }
    }

    /// The audit `reason`: why it was not run, or why it did not finish normally.
    pub fn reason(&self) -> Option<String> {
        match self {
            Outcome::Exited(_) => None,
            Outcome::Killed(signal) => Some(format!("killed by signal {}", signal.name)),
            Outcome::Rejected(rejection) => Some(rejection.reason()),
            Outcome::Refused(why) => Some(why.clone()),
            Outcome::NotStarted(message) => Some(one_line(message)),
            Outcome::Failed(..) | Outcome::TimedOut(..) => self
                .stderr_line()
                .map(|line| line.trim_start_matches("bosun: ").trim_end().to_owned()),
            Outcome::ClientGone(stop) => Some(format!("the client went away{}", stop_said(stop))),
        }
    }

    /// The audit `exit_code`: the status sent to the client (none when it had gone).
    pub fn exit_code(&self) -> Option<u32> {
        match self {
            Outcome::ClientGone(_) => None,
            _ => Some(self.exit_status()),
        }
    }
}

/// What a stop did, as the end of a sentence.
fn stop_said(stop: &Stopped) -> String {
    match stop {
        Stopped::Done(what) => format!("; stopped it ({what})"),
        Stopped::NothingLeft => "; it had ended as it was stopped".to_owned(),
        Stopped::Failed(why) => format!(
            "; it could not be stopped and may still run in the target: {}",
            one_line(why)
        ),
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

    fn term() -> Signal {
        Signal::from_name("TERM").unwrap()
    }

    #[test]
    fn exit_codes_follow_the_contract() {
        assert_eq!(Outcome::Exited(0).exit_status(), 0);
        assert_eq!(Outcome::Exited(255).exit_status(), 255);
        assert_eq!(Outcome::Killed(term()).exit_status(), 143);
        assert_eq!(Outcome::Killed(term()).signal(), Some(term()));
        assert_eq!(Outcome::Exited(143).signal(), None);
        let rejection = check(&Preset::Nextcloud.policy(), b"php occ status; id").unwrap_err();
        assert_eq!(Outcome::Rejected(rejection).exit_status(), 126);
        assert_eq!(Outcome::Refused("x".into()).exit_status(), 125);
        assert_eq!(Outcome::Failed("x".into(), None).exit_status(), 125);
        let after = Duration::from_secs(5);
        assert_eq!(Outcome::TimedOut(after, None).exit_status(), 124);
        assert_eq!(Outcome::NotStarted("x".into()).exit_status(), 125);
        assert_eq!(Outcome::ClientGone(Stopped::NothingLeft).exit_code(), None);
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
    fn a_stopped_command_says_plainly_how_the_stop_went() {
        let after = Duration::from_secs(90);
        let stopped = Outcome::TimedOut(
            after,
            Some(Stopped::Done("stopped 1 process(es) with TERM".into())),
        );
        assert_eq!(
            stopped.stderr_line().unwrap(),
            "bosun: command timed out after 1m 30s; stopped it (stopped 1 process(es) with TERM)\n"
        );
        assert_eq!(
            stopped.reason().unwrap(),
            "command timed out after 1m 30s; stopped it (stopped 1 process(es) with TERM)"
        );
        assert_eq!(stopped.decision(), Decision::Allowed);
        let survived = Outcome::TimedOut(
            after,
            Some(Stopped::Failed("1 process(es) survived KILL: [7]".into())),
        );
        assert_eq!(
            survived.stderr_line().unwrap(),
            "bosun: command timed out after 1m 30s; it could not be stopped and may still run \
             in the target: 1 process(es) survived KILL: [7]\n"
        );
        assert_eq!(
            Outcome::TimedOut(after, None).stderr_line().unwrap(),
            "bosun: command timed out after 1m 30s; it had not started\n"
        );
        let gone = Outcome::ClientGone(Stopped::Done("stopped 2 process(es) with TERM".into()));
        assert_eq!(gone.stderr_line(), None);
        assert_eq!(
            gone.reason().unwrap(),
            "the client went away; stopped it (stopped 2 process(es) with TERM)"
        );
        let lost = Outcome::Failed(
            "reading the output of exec e1: broken pipe".into(),
            Some(Stopped::NothingLeft),
        );
        assert_eq!(
            lost.stderr_line().unwrap(),
            "bosun: reading the output of exec e1: broken pipe; it had ended as it was stopped\n"
        );
        assert_eq!(
            Outcome::Killed(term()).reason().unwrap(),
            "killed by signal TERM"
        );
        assert_eq!(Outcome::Killed(term()).stderr_line(), None);
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

        let failed = Outcome::Failed("service nc has no running task on node lab2\n".into(), None);
        assert_eq!(
            failed.stderr_line().unwrap(),
            "bosun: service nc has no running task on node lab2\n"
        );
        let multi = Outcome::Failed("creating an exec: 500\nsomething\r\nbroke".into(), None);
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
