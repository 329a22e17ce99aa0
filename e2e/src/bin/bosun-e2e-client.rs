//! `bosun-e2e-client`: a test app that links the bosun client library, for the e2e tests to
//! run inside a lab node (`bosun-lab exec lab1 …`). Configured like any app, by the client's
//! environment variables (`NEXTCLOUD_PROXY_SERVICE`, `BOSUN_KEY_FILE`, …); one `Client` for
//! the whole run, so its pooled connection is shared by every command.
//!
//! ```text
//! bosun-e2e-client loop TARGET N PREFIX [PAUSE_MS]
//!     runs `php occ files:scan --path=/alice/files/PREFIX-<i>` for i in 0..N, one after the
//!     other, PAUSE_MS (default 0) apart
//! bosun-e2e-client concurrent TARGET N
//!     runs N `php occ status --output=json` at once
//! bosun-e2e-client follow TARGET PAUSE_MS [LOOPS]
//!     runs `php occ status --output=json` forever, PAUSE_MS apart, until SIGTERM or SIGINT:
//!     the long-running app of the controller's e2e tests and of the demo's client service;
//!     LOOPS (default 1) such loops at once, on the one client
//! ```
//!
//! On SIGTERM (Swarm stopping or replacing the task, as a key rotation does) or SIGINT,
//! `follow` starts no new command, lets the ones in flight end (`Client::shutdown`: they are
//! not cut), prints their lines, then the final line, and exits 0. So no `follow` line is ever
//! `lost` or `not_sent` because of the signal; a command that does not end before Swarm's stop
//! grace period runs out is killed with the process, and has no line.
//!
//! The client library's log goes to stderr, filtered by `RUST_LOG` (the tests set `info`: each
//! discovery record taken, with the key that signed it, and each one refused).
//!
//! Prints one JSON line per command as it finishes — `{"i", "marker", "outcome", "exit_code",
//! "error", "endpoint"}` with outcome `ok` (exit 0), `exit` (another code), `not_sent` (an
//! error before the command was sent), `lost` (an error after it was sent) — then
//! `{"done": true, "connections_dialed": n}`. Exits 0 unless its arguments are wrong (2).
//! `follow` lines are `{"i", "t_ms", "outcome", "exit_code", "endpoint", "error"}`: `t_ms` is
//! the Unix time in milliseconds when the command finished, `endpoint` the proxy address
//! (`ip:port`) that took it (null when no proxy took it); with LOOPS, `loop` says which.

use std::time::Duration;

use bosun::{Client, ClientError, Output};
use futures::future::join_all;
use serde_json::json;
use tokio::sync::watch;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // the client library's log (`RUST_LOG`, e.g. `info`: the records it takes or refuses) on
    // stderr, apart from the JSON lines on stdout
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bosun-e2e-client: cannot start a runtime: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    match runtime.block_on(run(&args)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bosun-e2e-client: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

async fn run(args: &[String]) -> Result<(), String> {
    let usage = "usage: bosun-e2e-client (loop TARGET N PREFIX [PAUSE_MS] | concurrent TARGET N | follow TARGET PAUSE_MS [LOOPS])";
    let number = |s: Option<&String>| -> Result<u64, String> {
        s.ok_or(usage)?.parse().map_err(|e| format!("{usage}: {e}"))
    };
    let client = Client::from_env_async().await.map_err(|e| e.to_string())?;
    match args.first().map(String::as_str) {
        Some("loop") => {
            let target = args.get(1).ok_or(usage)?;
            let n = number(args.get(2))?;
            let prefix = args.get(3).ok_or(usage)?;
            let pause = Duration::from_millis(args.get(4).map_or(Ok(0), |p| number(Some(p)))?);
            for i in 0..n {
                let marker = format!("{prefix}-{i}");
                let argv = [
                    "php".to_owned(),
                    "occ".into(),
                    "files:scan".into(),
                    format!("--path=/alice/files/{marker}"),
                ];
                let result = client.exec(target, &argv).await;
                report(i, &marker, &result);
                tokio::time::sleep(pause).await;
            }
        }
        Some("concurrent") => {
            let target = args.get(1).ok_or(usage)?;
            let n = number(args.get(2))?;
            let calls = (0..n).map(|i| {
                let client = client.clone();
                async move {
                    let result = client
                        .exec(target, &["php", "occ", "status", "--output=json"])
                        .await;
                    report(i, &format!("status-{i}"), &result);
                }
            });
            join_all(calls).await;
        }
        Some("follow") => {
            let target = args.get(1).ok_or(usage)?;
            let pause = Duration::from_millis(number(args.get(2))?);
            let loops = args.get(3).map_or(Ok(1), |n| number(Some(n)))?;
            let (stop, stopped) = watch::channel(false);
            let all = (0..loops).map(|n| follow(&client, target, pause, n, stopped.clone()));
            let drain = async {
                let signalled = stop_signal().await;
                // no new command; the ones in flight end and print their lines
                stop.send_replace(true);
                client.shutdown().await;
                signalled
            };
            let (_, signalled) = tokio::join!(join_all(all), drain);
            signalled?;
        }
        _ => return Err(usage.to_owned()),
    }
    println!(
        "{}",
        json!({"done": true, "connections_dialed": client.connections_dialed()})
    );
    Ok(())
}

/// Runs `php occ status --output=json` in `target`, `pause` apart, one line each (loop number
/// `n`), until `stop` turns true: the command in flight then ends and gets its line.
async fn follow(
    client: &Client,
    target: &str,
    pause: Duration,
    n: u64,
    mut stop: watch::Receiver<bool>,
) {
    let argv = ["php", "occ", "status", "--output=json"];
    for i in 0.. {
        if *stop.borrow() {
            break;
        }
        let (endpoint, result) = match client.exec_stream(target, &argv).await {
            Ok(stream) => {
                let endpoint = stream.endpoint().map(|e| e.to_string());
                (endpoint, stream.collect().await)
            }
            Err(e) => (None, Err(e)),
        };
        if let Err(ClientError::ShuttingDown { .. }) = result {
            // the signal came just before this call: nothing was started
            break;
        }
        let mut line = match &result {
            Ok(out) => json!({
                "outcome": if out.success() { "ok" } else { "exit" },
                "exit_code": out.exit_code,
                "error": if out.success() { None } else { Some(String::from_utf8_lossy(&out.stderr)) },
            }),
            Err(e) => json!({
                "outcome": if e.command_not_sent() { "not_sent" } else { "lost" },
                "error": e.to_string(),
            }),
        };
        line["i"] = json!(i);
        line["loop"] = json!(n);
        line["t_ms"] = json!(unix_ms());
        line["endpoint"] = json!(endpoint);
        println!("{line}");
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            _ = stop.changed() => break,
        }
    }
}

/// Waits for SIGTERM (Swarm stopping the task; PID 1 has no default action) or SIGINT.
async fn stop_signal() -> Result<(), String> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(|e| format!("SIGTERM handler: {e}"))?;
    tokio::select! {
        _ = term.recv() => Ok(()),
        r = tokio::signal::ctrl_c() => r.map_err(|e| format!("SIGINT handler: {e}")),
    }
}

fn unix_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

fn report(i: u64, marker: &str, result: &Result<Output, ClientError>) {
    let line = match result {
        Ok(out) => json!({
            "i": i,
            "marker": marker,
            "outcome": if out.success() { "ok" } else { "exit" },
            "exit_code": out.exit_code,
            "stderr": String::from_utf8_lossy(&out.stderr),
        }),
        Err(e) => json!({
            "i": i,
            "marker": marker,
            "outcome": if e.command_not_sent() { "not_sent" } else { "lost" },
            "error": e.to_string(),
        }),
    };
    println!("{line}");
}
