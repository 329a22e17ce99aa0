//! The output of one command: streamed as it arrives ([`ExecStream`]: stdout and stderr
//! chunks, then the exit code) or collected ([`Output`]).
//!
//! A stream comes from one of three places: an exec channel on a proxy connection, an exec
//! on the local engine (the non-Swarm fallback), or a ready answer (a command the local
//! fallback rejected, which never reaches Docker). All three look the same to the caller.
//!
//! The per-call timeout starts when the exec request is sent and bounds the wait for the exit
//! status. When it passes, the stream ends with [`ClientError::Timeout`] and the channel is
//! closed; the remote command may keep running, since Docker cannot stop an exec.
//!
//! The exit codes with bosun meaning (set by the proxy, and by the local fallback alike):
//! [`EXIT_REJECTED`] 126, [`EXIT_PROXY_ERROR`] 125, [`EXIT_TIMED_OUT`] 124.
//!
//! **Signals.** A command killed by a signal ends with [`ExecEvent::Killed`] (the signal, as
//! the proxy's `exit-signal` named it, or as the local engine's `128 + N` code tells it, read
//! with [`bosun_core::exit::ExitReport`]), then [`ExecEvent::Exit`] with the code a shell
//! would show, `128 + N`: a caller that reads only exit codes sees `143` for TERM, as `$?`
//! does. [`Output::signal`] keeps the signal. A command that ended without any status bosun
//! can report (the proxy closed the channel with neither `exit-status` nor `exit-signal`, it
//! named a signal with no number, the engine gave a negative code) is the error
//! [`ClientError::NoExitStatus`], never exit 0.
//!
//! **Not started.** A proxy that finds no running task of its target (the target restarts)
//! answers exit 125 with one stderr line starting [`NOT_STARTED_PREFIX`]: nothing ran, so the
//! call may send the command again. [`ExecStream::not_started`] recognises that answer before
//! the caller sees any output: it reads and holds back the first events until they cannot be
//! that answer (any stdout, a first stderr line with another start, more output after that
//! line, or another exit code), then replays them from the start. A command of the user's is
//! therefore never mistaken for it, and its output is only delayed when it writes exactly
//! `bosun: not started: …` as its first stderr line, until its exit.
//!
//! **Refused.** A proxy that answers the exec request itself with `channel_failure` (it drains
//! for shutdown) ran nothing: its `exec_request` refuses before anything reaches Docker and
//! accepts (`channel_success`) before it serves a command. [`ExecStream::not_started`] reports
//! that refusal ([`NotRun::Refused`]) when it is the channel's first answer; once the request
//! was accepted, or anything else arrived, a later `channel_failure` is ignored (one request,
//! one reply), so an accepted command is never sent again.

use std::collections::VecDeque;
use std::time::Duration;

use bytes::Bytes;
use tokio::time::Instant;

use super::error::ClientError;
use super::pool::Lease;
use super::shutdown::Ticket;
use super::transport::ChannelEvent;
use bosun_core::exit::{ExitReport, Signal};
#[cfg(feature = "local")]
use bosun_engine::{OutputChunk, RunningExec};

/// The command was rejected by the policy (stderr: `bosun: rejected: <reason>`).
pub const EXIT_REJECTED: u32 = 126;
/// The proxy or the engine failed, or a proxy limit refused the command (stderr `bosun: …`).
pub const EXIT_PROXY_ERROR: u32 = 125;
/// The proxy stopped waiting for the command: it ran longer than the proxy's limit.
pub const EXIT_TIMED_OUT: u32 = 124;
/// With [`EXIT_PROXY_ERROR`] and nothing else before it, the start of the stderr line of a
/// proxy that ran nothing because the target had no running task on its node.
pub const NOT_STARTED_PREFIX: &str = "bosun: not started: ";

/// One piece of a streamed result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecEvent {
    Stdout(Bytes),
    Stderr(Bytes),
    /// A signal killed the command; the next (and last) event is `Exit(128 + N)`.
    Killed(Signal),
    /// The exit code (`128 + N` after [`ExecEvent::Killed`]); always the last event of a
    /// stream that did not fail.
    Exit(u32),
}

/// The collected result of a command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The exit status, or `128 + N` when signal N killed the command (as a shell shows it).
    pub exit_code: u32,
    /// The signal that killed the command, if one did.
    pub signal: Option<Signal>,
}

impl Output {
    pub fn success(&self) -> bool {
        self.exit_code == 0 && self.signal.is_none()
    }

    /// The policy's reason when the command was rejected (exit 126 with `bosun: rejected: …`).
    pub fn rejection(&self) -> Option<String> {
        if self.exit_code != EXIT_REJECTED {
            return None;
        }
        let text = String::from_utf8_lossy(&self.stderr);
        let line = text.lines().find(|l| l.starts_with("bosun: rejected: "))?;
        Some(line.trim_start_matches("bosun: ").to_owned())
    }
}

/// A command's output as it arrives. Read it with [`ExecStream::next`] until `None`, or
/// collect it with [`ExecStream::collect`].
pub struct ExecStream {
    source: Source,
    target: String,
    deadline: Option<(Instant, Duration)>,
    done: bool,
    /// Events read ahead by [`ExecStream::not_started`], handed out first.
    replay: VecDeque<ExecEvent>,
    /// The `Exit(128 + N)` due after a [`ExecEvent::Killed`].
    exit_after_signal: Option<u32>,
    /// Counts the command as running for the client's shutdown, until the last event is out.
    ticket: Option<Ticket>,
}

/// A proxy's answer that it ran nothing, so the command may go to another endpoint.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NotRun {
    /// `channel_failure` to the exec request, before anything else: the proxy refuses exec
    /// requests before anything reaches Docker (while it drains for shutdown).
    Refused,
    /// "not started", with its reason.
    NotStarted(String),
}

enum Source {
    Remote {
        lease: Lease,
        exit: Option<u32>,
        signal: Option<String>,
        /// The proxy accepted the exec request, or said anything else on the channel.
        answered: bool,
    },
    #[cfg(feature = "local")]
    Local(Option<RunningExec>),
    #[cfg(feature = "local")]
    Ready(VecDeque<ExecEvent>),
}

impl ExecStream {
    /// A stream on an exec channel whose exec request has just been sent.
    pub(crate) fn remote(lease: Lease, target: &str, timeout: Option<Duration>) -> Self {
        Self::new(
            Source::Remote {
                lease,
                exit: None,
                signal: None,
                answered: false,
            },
            target,
            timeout,
        )
    }

    #[cfg(feature = "local")]
    pub(crate) fn local(running: RunningExec, target: &str, timeout: Option<Duration>) -> Self {
        Self::new(Source::Local(Some(running)), target, timeout)
    }

    /// A stream whose whole content is known already.
    #[cfg(feature = "local")]
    pub(crate) fn ready(events: Vec<ExecEvent>, target: &str) -> Self {
        Self::new(Source::Ready(events.into()), target, None)
    }

    fn new(source: Source, target: &str, timeout: Option<Duration>) -> Self {
        Self {
            source,
            target: target.to_owned(),
            deadline: timeout.map(|t| (Instant::now() + t, t)),
            done: false,
            replay: VecDeque::new(),
            exit_after_signal: None,
            ticket: None,
        }
    }

    /// This stream, counted as a running command by `ticket` until its last event.
    pub(crate) fn holding(mut self, ticket: Ticket) -> Self {
        self.ticket = Some(ticket);
        self
    }

    /// The proxy endpoint this command runs through (`None` for the local fallback).
    pub fn endpoint(&self) -> Option<std::net::SocketAddr> {
        match &self.source {
            Source::Remote { lease, .. } => Some(lease.endpoint),
            #[cfg(feature = "local")]
            _ => None,
        }
    }

    /// The next chunk, the exit code (last), or an error (also last); `None` after that.
    pub async fn next(&mut self) -> Option<Result<ExecEvent, ClientError>> {
        let item = match self.replay.pop_front() {
            Some(event) => Some(Ok(event)),
            None => self.next_live().await,
        };
        if self.done && self.replay.is_empty() {
            // the caller has the last event: the command no longer holds up a shutdown
            self.ticket = None;
        }
        item
    }

    /// [`ExecStream::next`] without the events read ahead.
    async fn next_live(&mut self) -> Option<Result<ExecEvent, ClientError>> {
        if self.done {
            return None;
        }
        if let Some(code) = self.exit_after_signal.take() {
            self.done = true;
            return Some(Ok(ExecEvent::Exit(code)));
        }
        let item = match self.deadline {
            None => self.next_inner().await,
            Some((at, after)) => match tokio::time::timeout_at(at, self.next_inner()).await {
                Ok(item) => item,
                Err(_) => {
                    self.abandon().await;
                    Some(Err(ClientError::Timeout {
                        target: self.target.clone(),
                        after,
                    }))
                }
            },
        };
        let more = matches!(
            item,
            Some(Ok(ExecEvent::Stdout(_)
                | ExecEvent::Stderr(_)
                | ExecEvent::Killed(_)))
        );
        if !more {
            self.done = true;
        }
        item
    }

    /// Reads ahead until it is clear whether the proxy ran nothing: it refused the exec
    /// request itself (its first answer) or answered "not started" (see the module comment).
    /// Returns which, or `None` with every event read kept for [`ExecStream::next`]. Errors
    /// (connection lost, timeout) are the call's.
    pub(crate) async fn not_started(&mut self) -> Result<Option<NotRun>, ClientError> {
        let mut stderr = Vec::new();
        loop {
            let event = match self.next_live().await {
                Some(Err(ClientError::ExecRefused { .. })) if self.replay.is_empty() => {
                    return Ok(Some(NotRun::Refused));
                }
                Some(event) => event?,
                None => return Ok(None),
            };
            let verdict = not_started_so_far(&stderr, &event);
            if let ExecEvent::Stderr(b) = &event {
                stderr.extend_from_slice(b);
            }
            self.replay.push_back(event);
            match verdict {
                Verdict::Undecided => {}
                Verdict::No => return Ok(None),
                Verdict::Yes => {
                    let text = String::from_utf8_lossy(&stderr);
                    let line = text.lines().next().unwrap_or_default();
                    let reason = line.trim_start_matches(NOT_STARTED_PREFIX).to_owned();
                    return Ok(Some(NotRun::NotStarted(reason)));
                }
            }
        }
    }

    /// The same events as a [`futures::Stream`], for combinators (`StreamExt`).
    pub fn into_stream(self) -> impl futures::Stream<Item = Result<ExecEvent, ClientError>> + Send {
        futures::stream::unfold(
            self,
            |mut s| async move { s.next().await.map(|item| (item, s)) },
        )
    }

    /// Reads the whole stream.
    pub async fn collect(mut self) -> Result<Output, ClientError> {
        let mut out = Output::default();
        while let Some(event) = self.next().await {
            match event? {
                ExecEvent::Stdout(b) => out.stdout.extend_from_slice(&b),
                ExecEvent::Stderr(b) => out.stderr.extend_from_slice(&b),
                ExecEvent::Killed(signal) => out.signal = Some(signal),
                ExecEvent::Exit(code) => out.exit_code = code,
            }
        }
        Ok(out)
    }

    async fn next_inner(&mut self) -> Option<Result<ExecEvent, ClientError>> {
        let ended = match &mut self.source {
            #[cfg(feature = "local")]
            Source::Ready(events) => return events.pop_front().map(Ok),
            #[cfg(feature = "local")]
            Source::Local(running) => match next_local(running, &self.target).await? {
                Ok(Chunk::Event(event)) => return Some(Ok(event)),
                Ok(Chunk::End(code)) => Ended::Engine(code),
                Err(e) => return Some(Err(e)),
            },
            Source::Remote {
                lease,
                exit,
                signal,
                answered,
            } => loop {
                let event = lease.channel.next_event().await;
                let refused = event == Some(ChannelEvent::ExecReply(false));
                if refused && *answered {
                    // one request, one reply: a second one is not the exec request's
                    continue;
                }
                *answered = true;
                match event {
                    Some(ChannelEvent::Stdout(b)) => return Some(Ok(ExecEvent::Stdout(b))),
                    Some(ChannelEvent::Stderr(b)) => return Some(Ok(ExecEvent::Stderr(b))),
                    Some(ChannelEvent::ExitStatus(code)) => *exit = Some(code),
                    Some(ChannelEvent::ExitSignal(name)) => *signal = Some(name),
                    Some(ChannelEvent::ExecReply(false)) => {
                        return Some(Err(ClientError::ExecRefused {
                            target: self.target.clone(),
                            endpoint: lease.endpoint.to_string(),
                        }));
                    }
                    Some(ChannelEvent::ExecReply(true) | ChannelEvent::Eof) => {}
                    Some(ChannelEvent::Closed) => {
                        break Ended::Channel {
                            endpoint: lease.endpoint,
                            status: exit.take(),
                            signal: signal.take(),
                        };
                    }
                    // The connection went before the channel was closed: an exit status that
                    // arrived still counts, but without one the command's fate is unknown.
                    None => match (exit.take(), signal.take()) {
                        (None, None) => {
                            return Some(Err(ClientError::ConnectionLost {
                                target: self.target.clone(),
                                endpoint: lease.endpoint.to_string(),
                            }));
                        }
                        (status, signal) => {
                            break Ended::Channel {
                                endpoint: lease.endpoint,
                                status,
                                signal,
                            };
                        }
                    },
                }
            },
        };
        Some(self.end(ended))
    }

    /// The last event for how the command ended: `Exit`, or `Killed` (with its `Exit` due
    /// next), or the error that no status can be reported.
    fn end(&mut self, ended: Ended) -> Result<ExecEvent, ClientError> {
        let (origin, report) = ended.read();
        let reason = match report {
            Ok(ExitReport::Status(status)) => return Ok(ExecEvent::Exit(status)),
            Ok(ExitReport::Signal(signal)) => {
                self.exit_after_signal = Some(signal.shell_code());
                return Ok(ExecEvent::Killed(signal));
            }
            Ok(ExitReport::Invalid(code)) => {
                format!("it reported exit code {code}, which is no process status")
            }
            Err(reason) => reason,
        };
        Err(ClientError::NoExitStatus {
            target: self.target.clone(),
            origin,
            reason,
        })
    }

    /// Stops waiting: closes the channel (the command itself may go on running).
    async fn abandon(&mut self) {
        match &mut self.source {
            Source::Remote { lease, .. } => lease.channel.close().await,
            #[cfg(feature = "local")]
            Source::Local(running) => *running = None,
            #[cfg(feature = "local")]
            Source::Ready(events) => events.clear(),
        }
    }
}

/// How a command's stream ended, before it is read as an [`ExitReport`].
enum Ended {
    /// The local engine's exit code.
    #[cfg(feature = "local")]
    Engine(i64),
    /// What the proxy said on the channel before it closed it (or the connection went).
    Channel {
        endpoint: std::net::SocketAddr,
        status: Option<u32>,
        /// The `exit-signal` name.
        signal: Option<String>,
    },
}

impl Ended {
    /// Where the end was read (for errors), and the report or why there is none.
    fn read(self) -> (String, Result<ExitReport, String>) {
        match self {
            #[cfg(feature = "local")]
            Ended::Engine(code) => ("the local engine".into(), Ok(ExitReport::from_engine(code))),
            Ended::Channel {
                endpoint,
                status,
                signal,
            } => {
                let report = match (status, signal) {
                    // exit-status first, as OpenSSH reads a channel that carries both
                    (Some(status), _) => Ok(ExitReport::Status(status)),
                    (None, Some(name)) => Signal::from_name(&name)
                        .map(ExitReport::Signal)
                        .ok_or_else(|| {
                            format!("killed by signal {name:?}, which has no number bosun knows")
                        }),
                    (None, None) => Err(
                        "the proxy closed the channel with neither exit-status nor exit-signal"
                            .to_owned(),
                    ),
                };
                (endpoint.to_string(), report)
            }
        }
    }
}

/// One read of the local engine's exec: an output event, or the end with the engine's code.
#[cfg(feature = "local")]
enum Chunk {
    Event(ExecEvent),
    End(i64),
}

#[cfg(feature = "local")]
async fn next_local(
    running: &mut Option<RunningExec>,
    target: &str,
) -> Option<Result<Chunk, ClientError>> {
    let exec = running.as_mut()?;
    let local_err = |source| ClientError::Local {
        target: target.to_owned(),
        source,
    };
    Some(match exec.next_chunk().await {
        Some(Ok(OutputChunk::Stdout(b))) => Ok(Chunk::Event(ExecEvent::Stdout(b))),
        Some(Ok(OutputChunk::Stderr(b))) => Ok(Chunk::Event(ExecEvent::Stderr(b))),
        Some(Err(e)) => Err(local_err(e)),
        None => {
            let exec = running.take()?;
            exec.exit_code().await.map(Chunk::End).map_err(local_err)
        }
    })
}

/// Whether the events so far are a proxy's "not started" answer.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Yes,
    No,
    Undecided,
}

/// The verdict after `event`, given the stderr read before it: exactly one stderr line that
/// starts with [`NOT_STARTED_PREFIX`], then [`EXIT_PROXY_ERROR`].
fn not_started_so_far(stderr: &[u8], event: &ExecEvent) -> Verdict {
    match event {
        ExecEvent::Stdout(_) | ExecEvent::Killed(_) => Verdict::No,
        ExecEvent::Exit(code) if *code == EXIT_PROXY_ERROR && is_one_answer_line(stderr, true) => {
            Verdict::Yes
        }
        ExecEvent::Exit(_) => Verdict::No,
        ExecEvent::Stderr(b) if is_one_answer_line(&[stderr, b].concat(), false) => {
            Verdict::Undecided
        }
        ExecEvent::Stderr(_) => Verdict::No,
    }
}

/// Whether `text` is (the start of, unless `whole`) one line `bosun: not started: …\n`.
fn is_one_answer_line(text: &[u8], whole: bool) -> bool {
    let prefix = NOT_STARTED_PREFIX.as_bytes();
    let shared = text.len().min(prefix.len());
    let one_line = match text.iter().position(|b| *b == b'\n') {
        Some(end) => end + 1 == text.len(),
        None => !whole,
    };
    text[..shared] == prefix[..shared] && one_line && (!whole || text.len() > prefix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejection_is_read_from_exit_126_and_stderr() {
        let rejected = Output {
            exit_code: 126,
            stderr: b"bosun: rejected: option --clear is not allowed for php occ memories:index\n"
                .to_vec(),
            ..Output::default()
        };
        assert_eq!(
            rejected.rejection().as_deref(),
            Some("rejected: option --clear is not allowed for php occ memories:index")
        );
        let tool_126 = Output {
            exit_code: 126,
            stderr: b"permission denied\n".to_vec(),
            ..Output::default()
        };
        assert_eq!(tool_126.rejection(), None);
        assert!(!tool_126.success());
    }

    #[test]
    fn only_one_prefixed_stderr_line_then_125_is_not_started() {
        let err = |s: &'static str| ExecEvent::Stderr(Bytes::from_static(s.as_bytes()));
        let line = b"bosun: not started: no task\n";
        assert_eq!(
            not_started_so_far(line, &ExecEvent::Exit(125)),
            Verdict::Yes
        );
        assert_eq!(
            not_started_so_far(b"", &err("bosun: not")),
            Verdict::Undecided
        );
        assert_eq!(
            not_started_so_far(b"bosun: not", &err(" started: x\n")),
            Verdict::Undecided
        );
        // a command's own 125, other stderr, stdout, more lines, another code
        assert_eq!(
            not_started_so_far(b"oops\n", &ExecEvent::Exit(125)),
            Verdict::No
        );
        assert_eq!(
            not_started_so_far(b"", &err("bosun: rejected")),
            Verdict::No
        );
        let stdout = ExecEvent::Stdout(Bytes::from_static(b"x"));
        assert_eq!(not_started_so_far(b"", &stdout), Verdict::No);
        assert_eq!(not_started_so_far(line, &err("more\n")), Verdict::No);
        assert_eq!(not_started_so_far(line, &ExecEvent::Exit(1)), Verdict::No);
        let two_lines = err("bosun: not started: x\nmore\n");
        assert_eq!(not_started_so_far(b"", &two_lines), Verdict::No);
        let unfinished = b"bosun: not started: x";
        assert_eq!(
            not_started_so_far(unfinished, &ExecEvent::Exit(125)),
            Verdict::No
        );
        assert_eq!(not_started_so_far(b"", &ExecEvent::Exit(125)), Verdict::No);
    }

    // A ready stream exists only with the local fallback (its answers to rejected commands).
    #[cfg(feature = "local")]
    #[tokio::test]
    async fn a_ready_stream_yields_its_events_then_ends() {
        let mut s = ExecStream::ready(
            vec![
                ExecEvent::Stderr(Bytes::from_static(b"no\n")),
                ExecEvent::Exit(126),
            ],
            "nextcloud",
        );
        assert_eq!(
            s.next().await.unwrap().unwrap(),
            ExecEvent::Stderr(Bytes::from_static(b"no\n"))
        );
        assert_eq!(s.next().await.unwrap().unwrap(), ExecEvent::Exit(126));
        assert!(s.next().await.is_none());
    }

    /// The local fallback reads the engine's code as the proxy does: 143 is TERM, a negative
    /// code is an error (it was reported as an exit code before).
    #[cfg(feature = "local")]
    #[tokio::test]
    async fn the_engines_code_is_read_as_a_status_a_signal_or_an_error() {
        let mut s = ExecStream::ready(Vec::new(), "nextcloud");
        assert_eq!(s.end(Ended::Engine(3)).unwrap(), ExecEvent::Exit(3));
        let term = Signal::from_name("TERM").unwrap();
        assert_eq!(s.end(Ended::Engine(143)).unwrap(), ExecEvent::Killed(term));
        // the shell's code follows the signal, then the stream ends
        assert_eq!(s.next().await.unwrap().unwrap(), ExecEvent::Exit(143));
        assert!(s.next().await.is_none());

        let mut s = ExecStream::ready(Vec::new(), "nextcloud");
        let err = s.end(Ended::Engine(-1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "target nextcloud: the local engine: the command ended without an exit status: \
             it reported exit code -1, which is no process status"
        );
        assert!(!err.command_not_sent());
    }

    #[cfg(feature = "local")]
    #[tokio::test]
    async fn a_signal_is_collected_with_its_shell_code() {
        let kill = Signal::from_name("KILL").unwrap();
        let s = ExecStream::ready(
            vec![ExecEvent::Killed(kill), ExecEvent::Exit(137)],
            "nextcloud",
        );
        let out = s.collect().await.unwrap();
        assert_eq!((out.exit_code, out.signal), (137, Some(kill)));
        assert!(!out.success());
    }

    #[cfg(feature = "local")]
    #[tokio::test]
    async fn a_stream_is_also_a_futures_stream() {
        use futures::StreamExt;
        let s = ExecStream::ready(
            vec![
                ExecEvent::Stdout(Bytes::from_static(b"a")),
                ExecEvent::Exit(0),
            ],
            "nextcloud",
        );
        let events: Vec<ExecEvent> = s.into_stream().map(|e| e.unwrap()).collect().await;
        assert_eq!(
            events,
            [
                ExecEvent::Stdout(Bytes::from_static(b"a")),
                ExecEvent::Exit(0)
            ]
        );
    }
}
