//! The audit's writer: group commit. `record` hands a record to one task through a bounded
//! queue and waits until the batch holding it is stored; the task writes one batch for many
//! records.
//!
//! * A request that changed something (its record is *urgent*: the gate awaits it before the
//!   caller hears the answer) is written at once, together with everything queued meanwhile:
//!   under load, the records that arrive while one batch is being written share the next.
//! * Records of reads wait up to [`WINDOW`] for company (the gate stores them in the
//!   background), or until the batch is full.
//! * [`Writer::flush`] writes whatever waits, at once (the controller's stop calls it before
//!   it gives the lease up).
//!
//! A batch that cannot be stored (the replica lost the lead, Swarm has no quorum) is not
//! retried here: each of its records is logged in full at error level, and their callers hear
//! the error (the gate logs it; the answer stands).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::batch::{Line, pack};
use crate::orchestration::api::backend::BackendError;

/// How long a read's record may wait for others to share its batch.
pub const WINDOW: Duration = Duration::from_secs(1);
/// Records waiting for the writer at most; one more waits for room.
const QUEUE: usize = 1024;

/// Where batches go.
pub trait Sink: Send + Sync + 'static {
    /// Stores `lines` as one batch (they fit in one, or are a single record).
    fn write(&self, lines: &[Line]) -> impl Future<Output = Result<(), BackendError>> + Send;
}

type Done = oneshot::Sender<Result<(), BackendError>>;

enum Msg {
    Record {
        line: Line,
        urgent: bool,
        done: Done,
    },
    Flush(oneshot::Sender<()>),
}

/// The handle `record` and the stop use (cheap to clone).
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Msg>,
}

fn stopped() -> BackendError {
    BackendError::Unavailable("the audit writer has stopped".into())
}

impl Writer {
    /// Starts the writing task: batches of at most `max_bytes` go to `sink`.
    pub fn start<S: Sink>(sink: Arc<S>, max_bytes: usize) -> Writer {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(sink, rx, max_bytes));
        Writer { tx }
    }

    /// Returns once `line`'s batch is stored (or could not be).
    pub async fn record(&self, line: Line, urgent: bool) -> Result<(), BackendError> {
        let (done, stored) = oneshot::channel();
        let msg = Msg::Record { line, urgent, done };
        self.tx.send(msg).await.map_err(|_| stopped())?;
        stored.await.map_err(|_| stopped())?
    }

    /// Returns once every record handed over before it is written (or failed).
    pub async fn flush(&self) {
        let (done, flushed) = oneshot::channel();
        if self.tx.send(Msg::Flush(done)).await.is_ok() {
            let _ = flushed.await;
        }
    }
}

/// What the writer holds for its next write.
#[derive(Default)]
struct Pending {
    lines: Vec<Line>,
    waiting: Vec<Done>,
    flushes: Vec<oneshot::Sender<()>>,
    bytes: usize,
    urgent: bool,
}

impl Pending {
    fn take(&mut self, msg: Msg) {
        match msg {
            Msg::Record { line, urgent, done } => {
                self.bytes += line.size();
                self.urgent |= urgent;
                self.lines.push(line);
                self.waiting.push(done);
            }
            Msg::Flush(done) => self.flushes.push(done),
        }
    }

    /// Whether to write now rather than wait for more.
    fn due(&self, max_bytes: usize) -> bool {
        self.urgent || !self.flushes.is_empty() || self.bytes >= max_bytes
    }
}

async fn run<S: Sink>(sink: Arc<S>, mut rx: mpsc::Receiver<Msg>, max_bytes: usize) {
    while let Some(first) = rx.recv().await {
        let mut pending = Pending::default();
        pending.take(first);
        let deadline = Instant::now() + WINDOW;
        while !pending.due(max_bytes) {
            tokio::select! {
                msg = rx.recv() => match msg {
                    Some(msg) => pending.take(msg),
                    None => break,
                },
                () = tokio::time::sleep_until(deadline) => break,
            }
        }
        // Group commit: what queued while waiting (or while the last batch was written)
        // goes into this write too.
        while pending.bytes < max_bytes {
            match rx.try_recv() {
                Ok(msg) => pending.take(msg),
                Err(_) => break,
            }
        }
        commit(sink.as_ref(), pending, max_bytes).await;
    }
}

/// Writes `pending` in batches of at most `max_bytes`; tells every waiter how its batch went.
async fn commit<S: Sink>(sink: &S, pending: Pending, max_bytes: usize) {
    let mut waiting = pending.waiting.into_iter();
    for run in pack(&pending.lines, max_bytes) {
        let lines = &pending.lines[run];
        let result = sink.write(lines).await;
        if let Err(e) = &result {
            for line in lines {
                tracing::error!(record = %line.text, error = %e, "the audit record was not stored");
            }
        }
        for done in waiting.by_ref().take(lines.len()) {
            let _ = done.send(result.clone());
        }
    }
    for done in pending.flushes {
        let _ = done.send(());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A sink that keeps every batch with the (paused) time since its start it was written at.
    struct Kept {
        start: Instant,
        batches: Mutex<Vec<(Duration, Vec<String>)>>,
        fail: bool,
    }

    impl Kept {
        fn new(fail: bool) -> Arc<Kept> {
            Arc::new(Kept {
                start: Instant::now(),
                batches: Mutex::default(),
                fail,
            })
        }
    }

    impl Sink for Kept {
        async fn write(&self, lines: &[Line]) -> Result<(), BackendError> {
            if self.fail {
                return Err(BackendError::Unavailable("no quorum".into()));
            }
            let texts = lines.iter().map(|l| l.text.clone()).collect();
            let at = Instant::now() - self.start;
            self.batches.lock().expect("not poisoned").push((at, texts));
            Ok(())
        }
    }

    fn line(text: &str) -> Line {
        Line {
            time_ms: 0,
            text: text.into(),
        }
    }

    fn started(max: usize) -> (Arc<Kept>, Writer) {
        let sink = Kept::new(false);
        (sink.clone(), Writer::start(sink, max))
    }

    /// A read's record, handed over in the background (as the gate does).
    fn read(writer: &Writer, text: &str) -> tokio::task::JoinHandle<Result<(), BackendError>> {
        let (writer, line) = (writer.clone(), line(text));
        tokio::spawn(async move { writer.record(line, false).await })
    }

    fn batches(sink: &Kept) -> Vec<(Duration, Vec<String>)> {
        sink.batches.lock().expect("not poisoned").clone()
    }

    fn texts(batch: &[&str]) -> Vec<String> {
        batch.iter().map(|s| (*s).to_owned()).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn reads_share_a_batch_written_after_the_window() {
        let (sink, writer) = started(1 << 20);
        let mut reads = Vec::new();
        for name in ["r1", "r2", "r3"] {
            reads.push(read(&writer, name));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        for done in reads {
            assert_eq!(done.await.expect("joined"), Ok(()));
        }
        let got = batches(&sink);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, texts(&["r1", "r2", "r3"]));
        assert_eq!(
            got[0].0, WINDOW,
            "written when the first one's window closed"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_write_is_stored_at_once_with_what_waits() {
        let (sink, writer) = started(1 << 20);
        let waiting = read(&writer, "read");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(writer.record(line("write"), true).await, Ok(()));
        let got = batches(&sink);
        assert_eq!(
            got,
            vec![(Duration::from_millis(200), texts(&["read", "write"]))]
        );
        assert_eq!(waiting.await.expect("joined"), Ok(()));
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_batch_does_not_wait_and_none_passes_the_size() {
        let (sink, writer) = started(20);
        let mut reads = Vec::new();
        for i in 0..9 {
            reads.push(read(&writer, &format!("read-{i}")));
        }
        for done in reads {
            assert_eq!(done.await.expect("joined"), Ok(()));
        }
        let got = batches(&sink);
        let all: Vec<String> = got.iter().flat_map(|(_, b)| b.clone()).collect();
        assert_eq!(all.len(), 9, "every record once: {got:?}");
        for (at, batch) in &got {
            assert!(
                batch.iter().map(|t| t.len() + 1).sum::<usize>() <= 20,
                "{batch:?}"
            );
            assert_eq!(*at, Duration::ZERO, "a full batch is written at once");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_flush_writes_what_waits_at_once() {
        let (sink, writer) = started(1 << 20);
        let waiting = read(&writer, "read");
        tokio::time::sleep(Duration::from_millis(10)).await;
        writer.flush().await;
        assert_eq!(
            batches(&sink),
            vec![(Duration::from_millis(10), texts(&["read"]))]
        );
        assert_eq!(waiting.await.expect("joined"), Ok(()));
        writer.flush().await;
        assert_eq!(batches(&sink).len(), 1, "nothing waits: nothing written");
    }

    #[tokio::test(start_paused = true)]
    async fn a_batch_that_could_not_be_stored_is_told_to_its_callers() {
        let writer = Writer::start(Kept::new(true), 1 << 20);
        let got = writer.record(line("write"), true).await;
        assert!(matches!(got, Err(BackendError::Unavailable(_))), "{got:?}");
    }
}
