//! What an exec's exit code means, as SSH tells it.
//!
//! The engine reports one number per exec. containerd gives a process that a signal killed
//! the code `128 + signal` (as a shell does), so `137` is "killed by SIGKILL" and `143`
//! "killed by SIGTERM"; a negative code is no process status at all (an engine that lost
//! the process). OpenSSH answers a signal death with the `exit-signal` channel request (RFC
//! 4254 §6.10, the signal's name without `SIG`) instead of `exit-status`, and so do the proxy
//! and the client's local fallback, through [`ExitReport::from_engine`]; the client reads
//! `exit-signal` back with [`Signal::from_name`].
//!
//! The engine cannot tell a signal death from a program that called `exit(137)` itself;
//! bosun reads `128 + N` as a signal only for the signals RFC 4254 names, and documents the
//! ambiguity. Codes above 128 + 15 and below 256 stay exit statuses.

/// How one exec ended, in SSH terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitReport {
    /// `exit-status`: the process exited with this status.
    Status(u32),
    /// `exit-signal`: a signal killed the process.
    Signal(Signal),
    /// The engine reported a code that is no process status (negative, or over 255).
    Invalid(i64),
}

/// A signal that RFC 4254 §6.10 names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signal {
    /// The Linux signal number.
    pub number: u8,
    /// The SSH name: `TERM`, `KILL`, … (no `SIG` prefix).
    pub name: &'static str,
}

/// The signals RFC 4254 names, with their Linux numbers.
const NAMED: [(u8, &str); 13] = [
    (1, "HUP"),
    (2, "INT"),
    (3, "QUIT"),
    (4, "ILL"),
    (6, "ABRT"),
    (8, "FPE"),
    (9, "KILL"),
    (10, "USR1"),
    (11, "SEGV"),
    (12, "USR2"),
    (13, "PIPE"),
    (14, "ALRM"),
    (15, "TERM"),
];

impl Signal {
    /// The named signal with this Linux number.
    pub fn from_number(number: u8) -> Option<Signal> {
        NAMED
            .iter()
            .find(|(n, _)| *n == number)
            .map(|&(number, name)| Signal { number, name })
    }

    /// The named signal with this SSH name (`TERM`; a `SIG` prefix is accepted too).
    pub fn from_name(name: &str) -> Option<Signal> {
        let name = name.strip_prefix("SIG").unwrap_or(name);
        NAMED
            .iter()
            .find(|(_, n)| *n == name)
            .map(|&(number, name)| Signal { number, name })
    }

    /// The exit code a shell gives a process this signal killed: `128 + number`.
    pub fn shell_code(self) -> u32 {
        128 + u32::from(self.number)
    }
}

impl ExitReport {
    /// Reads the engine's exit code of an exec.
    pub fn from_engine(code: i64) -> ExitReport {
        match u32::try_from(code) {
            Ok(status) if status <= 128 => ExitReport::Status(status),
            Ok(status) if status <= 255 => u8::try_from(status - 128)
                .ok()
                .and_then(Signal::from_number)
                .map_or(ExitReport::Status(status), ExitReport::Signal),
            _ => ExitReport::Invalid(code),
        }
    }

    /// The code a shell would show (`$?`): the status, or `128 + signal`; `None` for an
    /// invalid code.
    pub fn shell_code(self) -> Option<u32> {
        match self {
            ExitReport::Status(status) => Some(status),
            ExitReport::Signal(signal) => Some(signal.shell_code()),
            ExitReport::Invalid(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_signals_and_invalid_codes_are_told_apart() {
        assert_eq!(ExitReport::from_engine(0), ExitReport::Status(0));
        assert_eq!(ExitReport::from_engine(1), ExitReport::Status(1));
        assert_eq!(ExitReport::from_engine(126), ExitReport::Status(126));
        assert_eq!(ExitReport::from_engine(128), ExitReport::Status(128));
        let term = ExitReport::from_engine(143);
        assert_eq!(
            term,
            ExitReport::Signal(Signal {
                number: 15,
                name: "TERM"
            })
        );
        assert_eq!(term.shell_code(), Some(143));
        assert_eq!(
            ExitReport::from_engine(137),
            ExitReport::Signal(Signal::from_name("KILL").unwrap())
        );
        assert_eq!(
            ExitReport::from_engine(139),
            ExitReport::Signal(Signal::from_name("SIGSEGV").unwrap())
        );
        // 128 + 5 (TRAP) and 128 + 7 (BUS) have no RFC 4254 name; 200 is no signal
        assert_eq!(ExitReport::from_engine(133), ExitReport::Status(133));
        assert_eq!(ExitReport::from_engine(135), ExitReport::Status(135));
        assert_eq!(ExitReport::from_engine(200), ExitReport::Status(200));
        assert_eq!(ExitReport::from_engine(255), ExitReport::Status(255));
        // never 0: a code that is no status is not a success
        assert_eq!(ExitReport::from_engine(-1), ExitReport::Invalid(-1));
        assert_eq!(ExitReport::from_engine(256), ExitReport::Invalid(256));
        assert_eq!(ExitReport::from_engine(-1).shell_code(), None);
    }

    #[test]
    fn signal_names_round_trip() {
        for (number, name) in NAMED {
            let by_number = Signal::from_number(number).unwrap();
            assert_eq!(by_number.name, name);
            assert_eq!(Signal::from_name(name), Some(by_number));
            assert_eq!(Signal::from_name(&format!("SIG{name}")), Some(by_number));
            assert_eq!(by_number.shell_code(), 128 + u32::from(number));
        }
        assert_eq!(Signal::from_name("WINCH"), None);
        assert_eq!(Signal::from_number(0), None);
    }
}
