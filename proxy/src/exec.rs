//! One exec request, end to end: the policy check, the per-target limit, the command in the
//! target, its output streamed to the client as it comes, then exit-status, EOF and close, and
//! finally the audit line and the metrics.
//!
//! Before it runs, an allowed command waits (up to the task wait) for a running task of the
//! target on this node; when none comes, or the drain or the client cuts the wait short, it is
//! answered "not started" and dropped: it never runs later.
//!
//! A rejected or refused request never reaches Docker. When the client goes away (channel or
//! connection closed) the command keeps running in the target (Docker has no way to stop an
//! exec), so its output is still read to the end, and it keeps its place in the limit and in
//! the drain, up to the command timeout.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use russh::ChannelWriteHalf;
use russh::server::Msg;
use tokio::sync::{mpsc, watch};

use super::Shared;
use super::audit::{AuditRecord, Decision, Requester};
use super::outcome::Outcome;
use super::shutdown::{self, Work};
use super::target::NoTask;
use bosun_core::backoff::Exponential;
use bosun_core::policy;
use bosun_engine::{EngineError, OutputChunk, RunningExec};

/// An exec request the connection accepted (`channel_success` sent), ready to be served.
pub(crate) struct ExecRequest {
    pub raw: Vec<u8>,
    pub who: Requester,
    pub writer: ChannelWriteHalf<Msg>,
    /// Yields `None` once the client closed the channel or the connection ended.
    pub client_closed: mpsc::Receiver<()>,
}

/// Serves `request` and records it. `work` keeps the drain waiting until the end.
pub(crate) async fn serve(shared: Arc<Shared>, request: ExecRequest, work: Work) {
    let ExecRequest {
        raw,
        who,
        writer,
        client_closed,
    } = request;
    let mut record = AuditRecord::new(SystemTime::now(), &who, &shared.config.target, &raw);
    let started = Instant::now();
    let mut client = ClientOutput {
        writer,
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
    client.finish(outcome.exit_status()).await;

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
    if let Outcome::TimedOut(_) = outcome {
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

/// Runs an allowed argv within the per-target limit and the command timeout.
async fn run_allowed(
    shared: &Shared,
    argv: Vec<String>,
    client: &mut ClientOutput,
    exec_id: &mut Option<String>,
) -> Outcome {
    let Some(_slot) = shared.execs.try_acquire() else {
        return Outcome::Refused(format!(
            "{} commands are already running in target {} (the limit); try again later",
            shared.execs.max(),
            shared.config.target
        ));
    };
    let _in_flight = InFlight::new(shared.metrics.execs_in_flight());
    let timeout = shared.config.limits.command_timeout;
    let run = async {
        let mut tries = 0;
        let mut pauses = UNSTARTED_PAUSE.backoff();
        loop {
            let cut = interrupted(shared.drain.subscribe(), &mut client.closed);
            let exec = match shared.target.start_in_task(argv.clone(), cut).await {
                Ok(exec) => exec,
                Err(NoTask::NotStarted(why)) => return Outcome::NotStarted(why),
                Err(NoTask::Engine(e)) => return Outcome::Failed(e.to_string()),
            };
            *exec_id = Some(exec.exec_id.clone());
            let container = exec.container.clone();
            let followed = match follow(exec, client).await {
                Ok(followed) => followed,
                Err(e) => return Outcome::Failed(e.to_string()),
            };
            if !followed.never_ran(client.bytes) {
                client.stdout_held(followed.held).await;
                return Outcome::Exited(followed.code);
            }
            tokio::time::sleep(pauses.next_delay()).await;
            if shared.target.has_ended(&container).await {
                tracing::info!(%container, "the command could not start as its container stopped; again in the next task");
                continue;
            }
            tries += 1;
            if tries == UNSTARTED_TRIES {
                client.stdout_held(followed.held).await;
                return Outcome::Exited(followed.code);
            }
            tracing::info!(%container, "the runtime could not start the command; again");
        }
    };
    tokio::time::timeout(timeout, run)
        .await
        .unwrap_or(Outcome::TimedOut(timeout))
}

/// An exec followed to its end.
struct Followed {
    code: i64,
    /// Whether the engine gave its process a pid.
    started: bool,
    /// A first stdout chunk that may be the engine's error line, not yet sent.
    held: Option<Bytes>,
}

impl Followed {
    /// Whether nothing ran: exit 126 ("cannot execute"), no process ever started, and nothing
    /// but (perhaps) the engine's own error line was written.
    fn never_ran(&self, delivered: u64) -> bool {
        self.code == 126 && !self.started && delivered == 0
    }
}

/// Streams the output of `exec` to the client, and returns how it ended. A first stdout chunk
/// shaped like the engine's error line (see `ExecEnd`) is held back until more output comes,
/// [`HOLD`] passes, or the output ends: then it is the caller's to send or drop.
async fn follow(mut exec: RunningExec, client: &mut ClientOutput) -> Result<Followed, EngineError> {
    let mut held: Option<Bytes> = None;
    let mut first = true;
    loop {
        let next = if held.is_some() {
            match tokio::time::timeout(HOLD, exec.next_chunk()).await {
                Ok(next) => next,
                Err(_) => {
                    client.stdout_held(held.take()).await;
                    continue;
                }
            }
        } else {
            exec.next_chunk().await
        };
        let Some(chunk) = next else { break };
        client.stdout_held(held.take()).await;
        match chunk? {
            OutputChunk::Stdout(data) if first && may_be_engine_error(&data) => held = Some(data),
            OutputChunk::Stdout(data) => client.stdout(data).await,
            OutputChunk::Stderr(data) => client.stderr(data).await,
        }
        first = false;
    }
    let end = exec.end().await?;
    Ok(Followed {
        code: end.code,
        started: end.started,
        held,
    })
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
    closed: mpsc::Receiver<()>,
    gone: bool,
    /// Bytes of stdout and stderr delivered to the session.
    bytes: u64,
}

impl ClientOutput {
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

    /// exit-status, EOF, close.
    async fn finish(&mut self, exit_status: u32) {
        if self.gone {
            return;
        }
        let sent = async {
            self.writer.exit_status(exit_status).await?;
            self.writer.eof().await?;
            self.writer.close().await
        };
        if sent.await.is_err() {
            self.gone = true;
        }
    }
}
