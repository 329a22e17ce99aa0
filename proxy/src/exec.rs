//! One exec request, end to end: the policy check, the per-target limit, the command in the
//! target, its output streamed to the client as it comes, then exit-status, EOF and close, and
//! finally the audit line and the metrics.
//!
//! Before it runs, an allowed command waits (up to the task wait) for a running task of the
//! target on this node; when none comes, or the drain or the client cuts the wait short, it is
//! answered "not started" and dropped: it never runs later.
//!
//! A rejected or refused request never reaches Docker. A command that started and then
//! outlives the command timeout, loses its client (channel closed, connection gone) or its
//! output stream (engine error) is stopped: TERM, then KILL after the stop grace (`stopper`),
//! and the client, when it is still there, is told how that went. Its place in the limit is
//! freed only once the engine reports its process ended ([`hold_until_ended`]), so commands
//! that will not die cannot pile up.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use russh::server::{Handle, Msg};
use russh::{ChannelId, ChannelWriteHalf, Sig};
use tokio::sync::{mpsc, watch};

use super::Shared;
use super::audit::{AuditRecord, Decision, Requester};
use super::limits::Slot;
use super::outcome::Outcome;
use super::shutdown::{self, Work};
use super::stopper::{Marker, Stopped};
use super::target::{NoTask, Started};
use bosun_core::backoff::Exponential;
use bosun_core::exit::{ExitReport, Signal};
use bosun_core::policy;
use bosun_engine::{EngineError, OutputChunk, RunningExec};

/// An exec request the connection accepted (`channel_success` sent), ready to be served.
pub(crate) struct ExecRequest {
    pub raw: Vec<u8>,
    pub who: Requester,
    pub writer: ChannelWriteHalf<Msg>,
    /// The session and channel, for the `exit-signal` request (the write half has none).
    pub session: Handle,
    pub channel: ChannelId,
    /// Yields `None` once the client closed the channel or the connection ended.
    pub client_closed: mpsc::Receiver<()>,
}

/// Serves `request` and records it. `work` keeps the drain waiting until the end.
pub(crate) async fn serve(shared: Arc<Shared>, request: ExecRequest, work: Work) {
    let ExecRequest {
        raw,
        who,
        writer,
        session,
        channel,
        client_closed,
    } = request;
    let mut record = AuditRecord::new(SystemTime::now(), &who, &shared.config.target, &raw);
    let started = Instant::now();
    let mut client = ClientOutput {
        writer,
        session,
        channel,
        closed: client_closed,
        gone: false,
        bytes: 0,
    };

    let outcome = match policy::check(&shared.config.policy, &raw) {
        Err(rejection) => Outcome::Rejected(rejection),
        Ok(argv) => {
            record.argv = Some(argv.clone());
            run_allowed(&shared, argv, &mut client, &mut record.exec_id).await
        }
    };

    if let Some(line) = outcome.stderr_line() {
        client.stderr(Bytes::from(line)).await;
    }
    client.finish(&outcome).await;

    let elapsed = started.elapsed();
    record.decision = outcome.decision();
    record.reason = outcome.reason();
    record.exit_code = outcome.exit_code();
    record.duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
    record.bytes_out = client.bytes;
    shared.audit.write(&record);

    let metrics = &shared.metrics;
    metrics.exec_request(record.decision.as_str());
    metrics.output_bytes(client.bytes);
    if record.decision == Decision::Allowed {
        metrics.exec_finished(elapsed.as_secs_f64());
    }
    if let Outcome::TimedOut(..) = outcome {
        metrics.exec_timeout();
    }
    tracing::debug!(
        client = %who.client,
        decision = record.decision.as_str(),
        exit_code = outcome.exit_status(),
        client_gone = client.gone,
        "exec request done"
    );
    drop(work);
}

/// How many times a command the runtime could not start in a container that still runs is
/// started again: three failures in a row stand as the command's answer. A container that
/// stopped, went, or was told to stop meanwhile does not count: the command starts again in
/// the next task (bounded by the command timeout).
const UNSTARTED_TRIES: u32 = 3;

/// The pause after a command that could not start, before asking whether its container ended:
/// the engine's `kill` event may still be on its way.
const UNSTARTED_PAUSE: Exponential = Exponential {
    min: Duration::from_millis(200),
    max: Duration::from_secs(1),
    factor: 2.0,
    jitter: false,
    times: None,
};

/// How long a first stdout chunk that may be the engine's own error line is held back.
const HOLD: Duration = Duration::from_millis(100);

/// Runs an allowed argv within the per-target limit and the command timeout; stops it when
/// it cannot be followed to its end.
async fn run_allowed(
    shared: &Arc<Shared>,
    argv: Vec<String>,
    client: &mut ClientOutput,
    exec_id: &mut Option<String>,
) -> Outcome {
    // a burst (a client's old and new task side by side during a start-first update) waits
    // for a place; a proxy that stays full refuses after `queue_wait` (exit 125, nothing ran);
    // a client that goes away while its command waits leaves the queue (nothing runs for it)
    let queue_wait = shared.config.limits.queue_wait;
    let queued = tokio::select! {
        slot = shared.execs.acquire_within(queue_wait) => slot,
        () = client.went_away() => {
            return Outcome::NotStarted(format!(
                "the client went away while the command waited for a place ({} commands were running in target {})",
                shared.execs.max(),
                shared.config.target
            ));
        }
    };
    let Some(slot) = queued else {
        return Outcome::Refused(format!(
            "{} commands were running in target {} (the limit) for {}; try again later",
            shared.execs.max(),
            shared.config.target,
            humantime::format_duration(queue_wait)
        ));
    };
    let in_flight = InFlight::new(shared.metrics.execs_in_flight());
    let timeout = shared.config.limits.command_timeout;
    let marker = Marker::new();
    let mut started = Started::default();
    let ran = tokio::time::timeout(
        timeout,
        attempts(shared, &argv, &marker, client, &mut started),
    )
    .await;
    exec_id.clone_from(&started.exec_id);
    let cut = match ran {
        Ok(Ran::Ended(outcome)) => return outcome,
        Ok(Ran::Cut(cut)) => cut,
        Err(_) => Cut::TimedOut,
    };
    let Some(container) = started.container.clone() else {
        // nothing was started (the wait for a task ran out of time)
        return cut.outcome(timeout, None);
    };
    // The exec may have been created, or even started, as the timeout cut its start: the
    // stopper finds its processes by the marker all the same.
    let stopped = shared.target.stop(&container, &marker).await;
    tracing::info!(exec = ?started.exec_id, %container, why = cut.as_str(), stopped = ?stopped, "stopped a command");
    // A stopped command's end reaches the engine a moment later: the answer waits for it
    // briefly, so that a client that sends its next command at once finds the place free.
    let ended = shared.target.wait_exec_end(&started, &marker);
    if tokio::time::timeout(END_WAIT, ended).await.is_err() {
        let held = Held {
            started,
            marker,
            slot,
            in_flight,
        };
        tokio::spawn(held.until_ended(Arc::clone(shared)));
    }
    cut.outcome(timeout, Some(stopped))
}

/// How long the answer to a stopped command waits for the engine to report its end.
const END_WAIT: Duration = Duration::from_secs(3);

/// Why a started command could not be followed to its end.
enum Cut {
    TimedOut,
    ClientGone,
    /// The proxy's grace period ran out while it drained.
    GivenUp,
    /// The engine failed while the command ran (its output stream broke).
    Lost(String),
}

impl Cut {
    fn as_str(&self) -> &'static str {
        match self {
            Cut::TimedOut => "timed out",
            Cut::ClientGone => "client gone",
            Cut::GivenUp => "the proxy's grace period is over",
            Cut::Lost(_) => "output lost",
        }
    }

    fn outcome(self, timeout: Duration, stopped: Option<Stopped>) -> Outcome {
        match (self, stopped) {
            (Cut::TimedOut, stopped) => Outcome::TimedOut(timeout, stopped),
            (Cut::Lost(why), stopped) => Outcome::Failed(why, stopped),
            (Cut::GivenUp, stopped) => Outcome::Failed(
                "the proxy is shutting down and its grace period is over".to_owned(),
                stopped,
            ),
            (Cut::ClientGone, Some(stopped)) => Outcome::ClientGone(stopped),
            (Cut::ClientGone, None) => Outcome::ClientGone(Stopped::NothingLeft),
        }
    }
}

/// How the attempts at a command came out.
enum Ran {
    /// The command ended (the engine reported its exit), or never started.
    Ended(Outcome),
    /// The command started and was cut off before its end.
    Cut(Cut),
}

/// Starts the command in the target's task and follows it, again in the next task when it
/// could not start (see [`UNSTARTED_TRIES`]). `started` says where the current attempt got to
/// (reset before each), for the stop.
async fn attempts(
    shared: &Shared,
    argv: &[String],
    marker: &Marker,
    client: &mut ClientOutput,
    started: &mut Started,
) -> Ran {
    let mut tries = 0;
    let mut pauses = UNSTARTED_PAUSE.backoff();
    loop {
        *started = Started::default();
        let cut = interrupted(shared.drain.subscribe(), &mut client.closed);
        let exec = match shared
            .target
            .start_in_task(argv.to_vec(), marker, started, cut)
            .await
        {
            Ok(exec) => exec,
            Err(NoTask::NotStarted(why)) => return Ran::Ended(Outcome::NotStarted(why)),
            Err(NoTask::Engine(e)) => return Ran::Ended(Outcome::Failed(e.to_string(), None)),
        };
        let container = exec.container.clone();
        let followed = match follow(exec, client, shared.drain.given_up()).await {
            Ok(Followed::Ended(ended)) => ended,
            Ok(Followed::ClientGone) => return Ran::Cut(Cut::ClientGone),
            Ok(Followed::GivenUp) => return Ran::Cut(Cut::GivenUp),
            Err(e) => return Ran::Cut(Cut::Lost(e.to_string())),
        };
        if !followed.never_ran(client.bytes) {
            client.stdout_held(followed.held).await;
            return Ran::Ended(exited(followed.code));
        }
        tokio::time::sleep(pauses.next_delay()).await;
        if shared.target.has_ended(&container).await {
            tracing::info!(%container, "the command could not start as its container stopped; again in the next task");
            continue;
        }
        tries += 1;
        if tries == UNSTARTED_TRIES {
            client.stdout_held(followed.held).await;
            return Ran::Ended(exited(followed.code));
        }
        tracing::info!(%container, "the runtime could not start the command; again");
    }
}

/// The outcome of a command the engine reports ended with `code`.
fn exited(code: i64) -> Outcome {
    match ExitReport::from_engine(code) {
        ExitReport::Status(status) => Outcome::Exited(status),
        ExitReport::Signal(signal) => Outcome::Killed(signal),
        ExitReport::Invalid(code) => Outcome::Failed(
            format!(
                "the engine reported exit code {code} for the command, which is no exit status"
            ),
            None,
        ),
    }
}

/// A stopped command whose end the engine has not reported yet: it keeps its place in the
/// limit (and in the in-flight gauge) until then.
struct Held {
    started: Started,
    marker: Marker,
    slot: Slot,
    in_flight: InFlight,
}

impl Held {
    async fn until_ended(self, shared: Arc<Shared>) {
        let Held {
            started,
            marker,
            slot,
            in_flight,
        } = self;
        shared.target.wait_exec_end(&started, &marker).await;
        tracing::info!(exec = ?started.exec_id, "a stopped command has ended; its place in the limit is free");
        drop((slot, in_flight));
    }
}

/// How following an exec ended.
enum Followed {
    /// Its output ended and the engine reported its exit.
    Ended(Ending),
    /// The client went away first.
    ClientGone,
    /// The proxy gave up on running commands (its grace period is over).
    GivenUp,
}

/// An exec followed to its end.
struct Ending {
    code: i64,
    /// Whether the engine gave its process a pid.
    started: bool,
    /// A first stdout chunk that may be the engine's error line, not yet sent.
    held: Option<Bytes>,
}

impl Ending {
    /// Whether nothing ran: exit 126 ("cannot execute"), no process ever started, and nothing
    /// but (perhaps) the engine's own error line was written.
    fn never_ran(&self, delivered: u64) -> bool {
        self.code == 126 && !self.started && delivered == 0
    }
}

/// Streams the output of `exec` to the client, and returns how it ended; returns early when
/// the client goes away (a silent command included). A first stdout chunk shaped like the
/// engine's error line (see `ExecEnd`) is held back until more output comes, [`HOLD`] passes,
/// or the output ends: then it is the caller's to send or drop.
async fn follow(
    mut exec: RunningExec,
    client: &mut ClientOutput,
    mut given_up: watch::Receiver<bool>,
) -> Result<Followed, EngineError> {
    let mut held: Option<Bytes> = None;
    let mut first = true;
    loop {
        let hold = held.is_some();
        let next = tokio::select! {
            next = next_or_hold(&mut exec, hold) => next,
            () = client.went_away() => return Ok(Followed::ClientGone),
            () = shutdown::until_true(&mut given_up) => return Ok(Followed::GivenUp),
        };
        let Some(next) = next else {
            client.stdout_held(held.take()).await;
            continue;
        };
        let Some(chunk) = next else { break };
        client.stdout_held(held.take()).await;
        match chunk? {
            OutputChunk::Stdout(data) if first && may_be_engine_error(&data) => held = Some(data),
            OutputChunk::Stdout(data) => client.stdout(data).await,
            OutputChunk::Stderr(data) => client.stderr(data).await,
        }
        if client.gone {
            return Ok(Followed::ClientGone);
        }
        first = false;
    }
    let end = exec.end().await?;
    Ok(Followed::Ended(Ending {
        code: end.code,
        started: end.started,
        held,
    }))
}

/// The next chunk of output (`Some(None)` at its end); `None` when a held chunk has waited
/// [`HOLD`] for more.
async fn next_or_hold(
    exec: &mut RunningExec,
    holding: bool,
) -> Option<Option<Result<OutputChunk, EngineError>>> {
    if holding {
        tokio::time::timeout(HOLD, exec.next_chunk()).await.ok()
    } else {
        Some(exec.next_chunk().await)
    }
}

/// Whether `data` has the shape of the engine's error line: one short line ending in "\r\n".
fn may_be_engine_error(data: &[u8]) -> bool {
    data.len() <= 1024 && data.ends_with(b"\r\n")
}

/// Completes when the wait for a task must end early: the drain began, or the client closed
/// the channel. Names the reason.
async fn interrupted(
    mut drain: watch::Receiver<bool>,
    closed: &mut mpsc::Receiver<()>,
) -> &'static str {
    tokio::select! {
        () = shutdown::until_true(&mut drain) => "the proxy is shutting down",
        _ = closed.recv() => "the client closed the channel",
    }
}

/// The russh name of a signal (its `from_name` is private; every RFC 4254 name russh lacks
/// goes as itself).
fn ssh_signal(signal: Signal) -> Sig {
    match signal.name {
        "ABRT" => Sig::ABRT,
        "ALRM" => Sig::ALRM,
        "FPE" => Sig::FPE,
        "HUP" => Sig::HUP,
        "ILL" => Sig::ILL,
        "INT" => Sig::INT,
        "KILL" => Sig::KILL,
        "PIPE" => Sig::PIPE,
        "QUIT" => Sig::QUIT,
        "SEGV" => Sig::SEGV,
        "TERM" => Sig::TERM,
        "USR1" => Sig::USR1,
        other => Sig::Custom(other.to_owned()),
    }
}

/// Counts a command in `bosun_proxy_execs_in_flight` while it lives.
struct InFlight(prometheus::IntGauge);

impl InFlight {
    fn new(gauge: prometheus::IntGauge) -> InFlight {
        gauge.inc();
        InFlight(gauge)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// Records a request that is refused before anything runs (the drain, a second exec on one
/// channel): an audit line and the metric. The channel gets a request failure from the caller.
pub(crate) fn refuse_unserved(shared: &Shared, who: &Requester, raw: &[u8], reason: &str) {
    let mut record = AuditRecord::new(SystemTime::now(), who, &shared.config.target, raw);
    record.decision = Decision::Refused;
    record.reason = Some(reason.to_owned());
    shared.audit.write(&record);
    shared.metrics.exec_request(Decision::Refused.as_str());
}

/// The client's end of the channel: output goes there until the client is gone.
struct ClientOutput {
    writer: ChannelWriteHalf<Msg>,
    session: Handle,
    channel: ChannelId,
    closed: mpsc::Receiver<()>,
    gone: bool,
    /// Bytes of stdout and stderr delivered to the session.
    bytes: u64,
}

impl ClientOutput {
    /// Completes when the client closes the channel or the connection ends (at once when that
    /// is already known).
    async fn went_away(&mut self) {
        if !self.gone {
            // `None` (or a message) only comes when the channel or the connection closed
            let _ = self.closed.recv().await;
            self.gone = true;
        }
    }

    async fn stdout(&mut self, data: Bytes) {
        self.send(None, data).await;
    }

    async fn stderr(&mut self, data: Bytes) {
        self.send(Some(1), data).await;
    }

    /// Sends a held stdout chunk, if there is one.
    async fn stdout_held(&mut self, held: Option<Bytes>) {
        if let Some(data) = held {
            self.stdout(data).await;
        }
    }

    /// Sends one chunk, waiting for the client's window; gives up (for good) when the client
    /// closes the channel, which a window that never reopens would otherwise hide.
    async fn send(&mut self, ext: Option<u32>, data: Bytes) {
        if self.gone || data.is_empty() {
            return;
        }
        let len = data.len() as u64;
        let Self { writer, closed, .. } = self;
        let write = async {
            match ext {
                None => writer.data_bytes(data).await,
                Some(code) => writer.extended_data_bytes(code, data).await,
            }
        };
        let delivered = tokio::select! {
            result = write => result.is_ok(),
            _ = closed.recv() => false,
        };
        if delivered {
            self.bytes += len;
        } else {
            self.gone = true;
        }
    }

    /// exit-status (or exit-signal, as OpenSSH reports a command a signal killed), EOF,
    /// close.
    async fn finish(&mut self, outcome: &Outcome) {
        if self.gone {
            return;
        }
        let sent = async {
            match outcome.signal() {
                Some(signal) => {
                    let sig = ssh_signal(signal);
                    self.session
                        .exit_signal_request(self.channel, sig, false, String::new(), String::new())
                        .await
                        .map_err(|()| russh::Error::SendError)?;
                }
                None => self.writer.exit_status(outcome.exit_status()).await?,
            }
            self.writer.eof().await?;
            self.writer.close().await
        };
        if sent.await.is_err() {
            self.gone = true;
        }
    }
}
