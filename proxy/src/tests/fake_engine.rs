//! A small fake Docker engine on a unix socket, for the tests that need a command to *run*:
//! it speaks just enough of the Engine API over HTTP/1.1 for bosun-engine (`/version`,
//! `/info`, `/containers/json`, exec create, start (a hijacked raw stream), inspect).
//!
//! Node `node-a` (named `lab2`) runs a look-alike container of service `nc` (the name label
//! only) from the start, and the real task container `real` (every Swarm label) from
//! `task_after` on, if ever. With [`FakeEngine::with_stopping_task`], an older task container
//! `stopping` (every Swarm label) is listed as running until an exec is created in it, which
//! the engine refuses with 409 (it stopped between the list and the exec, as in a stop-first
//! update). With [`FakeEngine::with_dying_task`], a newer task container `dying` is listed
//! until an exec starts in it; that exec never gets a pid, and the engine answers as dockerd
//! does when runc cannot start the process (the container stopped as the command started):
//! its error line on stdout, exit 126. With [`FakeEngine::with_told_task`],
//! a newer task container `told` runs all along, but `/events` tells of its stop signal (a
//! `kill` with SIGTERM, as when Swarm stops a task that takes its time to exit). Every exec
//! created is recorded with its container, so a test sees how many times a command ran, and
//! where.
//!
//! With [`FakeEngine::with_hanging_execs`], every exec runs silently until a stopper container
//! (`POST /containers/create`, then `start`) stops it, as `bosun-proxy stop-exec` would: the
//! engine reports the exec running (inspect) until then, and then exit 143 (TERM). A
//! [`Stopper::Fails`] stopper stops nothing and exits 1 ("survived KILL").

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// What the stdout of every exec is.
pub const OUTPUT: &[u8] = b"ran\n";

/// What the engine writes (on stdout) for an exec whose process could not start.
const CANNOT_EXEC: &[u8] = b"cannot exec in a stopped state: unknown\r\n";

/// What the fake's stopper containers do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopper {
    /// Stop every running exec (TERM), exit 0.
    Stops,
    /// Stop nothing, exit 1 as when a process survives KILL.
    Fails,
}

#[derive(Debug)]
struct State {
    /// Execs hang until a stopper runs (`Some`), or end at once with the output (`None`).
    hanging: Option<Stopper>,
    /// Whether a stopper has stopped the hanging execs.
    stopped: bool,
    /// Whether the engine does not even answer an exec's start until a stopper ran (the
    /// process started; the answer is slow).
    slow_start: bool,
    /// The stopper containers created (their argv included), in order.
    stoppers: Vec<String>,
    /// When the real task container starts running; `None`: never.
    task_from: Option<Instant>,
    /// The container of every exec created, in order.
    execs: Vec<String>,
    /// Whether `stopping` is still listed as running.
    stopping: bool,
    /// Whether `dying` is still listed as running.
    dying: bool,
    /// Whether `told` is listed as running, its stop told in `/events`.
    told: bool,
}

/// The task container listed beside the real one, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extra {
    None,
    Stopping,
    Dying,
    Told,
}

pub struct FakeEngine {
    pub path: PathBuf,
    state: Arc<Mutex<State>>,
    _task: JoinHandle<()>,
}

impl FakeEngine {
    pub fn start(dir: &Path, task_after: Option<Duration>) -> FakeEngine {
        Self::start_with(dir, task_after, Extra::None)
    }

    /// As [`FakeEngine::start`], with the `stopping` task container listed too.
    pub fn with_stopping_task(dir: &Path, task_after: Option<Duration>) -> FakeEngine {
        Self::start_with(dir, task_after, Extra::Stopping)
    }

    /// As [`FakeEngine::start`], with the `dying` task container listed too.
    pub fn with_dying_task(dir: &Path, task_after: Option<Duration>) -> FakeEngine {
        Self::start_with(dir, task_after, Extra::Dying)
    }

    /// As [`FakeEngine::start`], with the `told` task container listed too.
    pub fn with_told_task(dir: &Path, task_after: Option<Duration>) -> FakeEngine {
        Self::start_with(dir, task_after, Extra::Told)
    }

    /// As [`FakeEngine::start`] with the task running, every exec hanging until `stopper` runs.
    pub fn with_hanging_execs(dir: &Path, stopper: Stopper) -> FakeEngine {
        let fake = Self::start_with(dir, Some(Duration::ZERO), Extra::None);
        fake.state.lock().unwrap().hanging = Some(stopper);
        fake
    }

    /// As [`FakeEngine::with_hanging_execs`], and the engine does not answer an exec's start
    /// until a stopper ran.
    pub fn with_slow_starts(dir: &Path, stopper: Stopper) -> FakeEngine {
        let fake = Self::with_hanging_execs(dir, stopper);
        fake.state.lock().unwrap().slow_start = true;
        fake
    }

    /// The bodies of the stopper containers created, in order.
    pub fn stoppers(&self) -> Vec<String> {
        self.state.lock().unwrap().stoppers.clone()
    }

    fn start_with(dir: &Path, task_after: Option<Duration>, extra: Extra) -> FakeEngine {
        let path = dir.join("fake-docker.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let state = Arc::new(Mutex::new(State {
            hanging: None,
            stopped: false,
            slow_start: false,
            stoppers: Vec::new(),
            task_from: task_after.map(|d| Instant::now() + d),
            execs: Vec::new(),
            stopping: extra == Extra::Stopping,
            dying: extra == Extra::Dying,
            told: extra == Extra::Told,
        }));
        let shared = Arc::clone(&state);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&shared)));
            }
        });
        FakeEngine {
            path,
            state,
            _task: task,
        }
    }

    /// The containers an exec was created in, in order.
    pub fn execs(&self) -> Vec<String> {
        self.state.lock().unwrap().execs.clone()
    }
}

/// Serves the requests of one connection until it closes or is hijacked.
async fn serve(stream: UnixStream, state: Arc<Mutex<State>>) {
    let mut stream = BufReader::new(stream);
    loop {
        let Some((method, path, body)) = read_request(&mut stream).await else {
            return;
        };
        let path = strip_version(&path);
        if method == "POST" && path.starts_with("/exec/") && path.ends_with("/start") {
            let in_dying = {
                let mut state = state.lock().unwrap();
                let dying = exec_container(&state, path) == Some("dying");
                state.dying &= !dying;
                dying
            };
            let head = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
            let hanging = state.lock().unwrap().hanging.is_some();
            if hanging {
                // silent until a stopper ran; the stream then ends
                let slow = state.lock().unwrap().slow_start;
                while slow && !state.lock().unwrap().stopped {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                let stream = stream.get_mut();
                let head = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
                let _ = stream.write_all(head.as_bytes()).await;
                while !state.lock().unwrap().stopped {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                let _ = stream.shutdown().await;
                return;
            }
            // what dockerd writes when runc cannot start the process: its error, on stdout
            let output = if in_dying { CANNOT_EXEC } else { OUTPUT };
            let mut frame = vec![1, 0, 0, 0];
            frame.extend_from_slice(&(output.len() as u32).to_be_bytes());
            frame.extend_from_slice(output);
            let stream = stream.get_mut();
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&frame).await;
            let _ = stream.shutdown().await;
            return;
        }
        if method == "GET" && path.starts_with("/containers/stopper-") && path.contains("/logs") {
            let said: &[u8] = match state.lock().unwrap().hanging {
                Some(Stopper::Fails) => b"1 process(es) survived KILL: [7]\n",
                _ => b"stopped 1 process(es) with TERM\n",
            };
            let mut frame = vec![1, 0, 0, 0];
            frame.extend_from_slice(&(said.len() as u32).to_be_bytes());
            frame.extend_from_slice(said);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nContent-Length: {}\r\n\r\n",
                frame.len()
            );
            let stream = stream.get_mut();
            if stream.write_all(head.as_bytes()).await.is_err()
                || stream.write_all(&frame).await.is_err()
            {
                return;
            }
            continue;
        }
        let (status, body) = answer(&method, path, &body, &state);
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream
            .get_mut()
            .write_all(response.as_bytes())
            .await
            .is_err()
        {
            return;
        }
    }
}

/// The status line's code and reason, and the JSON answer, to one (non-hijacked) request.
fn answer(method: &str, path: &str, request: &str, state: &Mutex<State>) -> (&'static str, String) {
    let mut state = state.lock().unwrap();
    if let Some(answer) = stopper_answer(method, path, request, &mut state) {
        return answer;
    }
    if method == "POST" && path == "/containers/stopping/exec" {
        state.stopping = false;
        let message = r#"{"message":"Container stopping is not running"}"#;
        return ("409 Conflict", message.into());
    }
    let body = match (method, path) {
        ("GET", "/version") => {
            r#"{"ApiVersion":"1.41","MinAPIVersion":"1.12","Version":"20.10.0"}"#.into()
        }
        ("GET", "/info") => r#"{"Name":"lab2","Swarm":{"NodeID":"node-a"}}"#.into(),
        ("GET", p) if p.starts_with("/containers/json") => {
            let lookalike =
                r#"{"Id":"lookalike","Created":1,"Labels":{"com.docker.swarm.service.name":"nc"}}"#;
            let running = state.task_from.is_some_and(|t| Instant::now() >= t);
            let listed: Vec<String> = [
                Some(lookalike.to_owned()),
                state.stopping.then(|| task_container("stopping", 0)),
                running.then(|| task_container("real", 2)),
                state.dying.then(|| task_container("dying", 3)),
                state.told.then(|| task_container("told", 3)),
            ]
            .into_iter()
            .flatten()
            .collect();
            format!("[{}]", listed.join(","))
        }
        ("POST", p) if p.starts_with("/containers/") && p.ends_with("/exec") => {
            let container = p
                .trim_start_matches("/containers/")
                .trim_end_matches("/exec");
            state.execs.push(container.to_owned());
            format!(r#"{{"Id":"exec-{}"}}"#, state.execs.len())
        }
        ("GET", p) if p.starts_with("/exec/") && p.ends_with("/json") => {
            // a process that could not start has no pid
            if state.hanging.is_some() {
                if state.stopped {
                    r#"{"Running":false,"ExitCode":143,"Pid":4242}"#.into()
                } else {
                    r#"{"Running":true,"Pid":4242}"#.into()
                }
            } else if exec_container(&state, p) == Some("dying") {
                r#"{"Running":false,"ExitCode":126,"Pid":0}"#.into()
            } else {
                r#"{"Running":false,"ExitCode":0,"Pid":4242}"#.into()
            }
        }
        ("GET", p) if p.starts_with("/events") => {
            if state.told {
                r#"{"Type":"container","Action":"kill","Actor":{"ID":"told","Attributes":{"signal":"15","com.docker.swarm.service.name":"nc"}},"time":1700000000,"timeNano":1700000000000000000}"#.into()
            } else {
                String::new()
            }
        }
        ("GET", "/containers/told/json") => {
            r#"{"Id":"told","Config":{"StopSignal":"SIGTERM"},"State":{"Running":true}}"#.into()
        }
        _ => "{}".into(),
    };
    ("200 OK", body)
}

/// The stopper containers' part of the API: create, start, wait, remove (logs are served in
/// `serve`); the list of leftovers is empty.
fn stopper_answer(
    method: &str,
    path: &str,
    request: &str,
    state: &mut State,
) -> Option<(&'static str, String)> {
    let stopper = state.hanging?;
    let answer = match (method, path) {
        ("GET", p) if p.starts_with("/containers/json") && p.contains("bosun.stopper") => {
            "[]".to_owned()
        }
        ("POST", p) if p.starts_with("/containers/create") => {
            state.stoppers.push(request.to_owned());
            format!(
                r#"{{"Id":"stopper-{}","Warnings":[]}}"#,
                state.stoppers.len()
            )
        }
        ("POST", p) if p.starts_with("/containers/stopper-") && p.ends_with("/start") => {
            state.stopped |= stopper == Stopper::Stops;
            return Some(("204 No Content", String::new()));
        }
        ("POST", p) if p.starts_with("/containers/stopper-") && p.contains("/wait") => {
            let code = if stopper == Stopper::Stops { 0 } else { 1 };
            format!(r#"{{"StatusCode":{code}}}"#)
        }
        ("DELETE", p) if p.starts_with("/containers/stopper-") => {
            return Some(("204 No Content", String::new()));
        }
        _ => return None,
    };
    Some(("200 OK", answer))
}

/// A container Swarm made for a task of service `nc` on `node-a` (every Swarm label), created
/// at `created` (Unix seconds: the newest is chosen).
fn task_container(id: &str, created: i64) -> String {
    format!(
        r#"{{"Id":"{id}","Created":{created},"Labels":{{"com.docker.swarm.service.name":"nc","com.docker.swarm.service.id":"svc-nc","com.docker.swarm.task.id":"task-{id}","com.docker.swarm.node.id":"node-a"}}}}"#
    )
}

/// The container of exec `/exec/exec-<n>/…`.
fn exec_container<'a>(state: &'a State, path: &str) -> Option<&'a str> {
    let n: usize = path
        .strip_prefix("/exec/exec-")?
        .split('/')
        .next()?
        .parse()
        .ok()?;
    state.execs.get(n.checked_sub(1)?).map(String::as_str)
}

/// Reads one request's line, headers and body; returns its method, path and body.
async fn read_request(stream: &mut BufReader<UnixStream>) -> Option<(String, String, String)> {
    let mut line = String::new();
    if stream.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut words = line.split_whitespace();
    let (method, path) = (words.next()?.to_owned(), words.next()?.to_owned());
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        stream.read_line(&mut header).await.ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await.ok()?;
    Some((method, path, String::from_utf8_lossy(&body).into_owned()))
}

/// `/v1.41/info` → `/info`.
fn strip_version(path: &str) -> &str {
    match path.strip_prefix("/v") {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => {
            rest.find('/').map_or(path, |i| &rest[i..])
        }
        _ => path,
    }
}
