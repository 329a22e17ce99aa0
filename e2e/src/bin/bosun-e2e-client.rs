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
//! ```
//!
//! Prints one JSON line per command as it finishes — `{"i", "marker", "outcome", "exit_code",
//! "error", "endpoint"}` with outcome `ok` (exit 0), `exit` (another code), `not_sent` (an
//! error before the command was sent), `lost` (an error after it was sent) — then
//! `{"done": true, "connections_dialed": n}`. Exits 0 unless its arguments are wrong (2).

use std::time::Duration;

use bosun::client::{Client, ClientError, Output};
use futures::future::join_all;
use serde_json::json;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
    let usage = "usage: bosun-e2e-client (loop TARGET N PREFIX [PAUSE_MS] | concurrent TARGET N)";
    let number = |s: Option<&String>| -> Result<u64, String> {
        s.ok_or(usage)?.parse().map_err(|e| format!("{usage}: {e}"))
    };
    let client = Client::from_env().map_err(|e| e.to_string())?;
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
        _ => return Err(usage.to_owned()),
    }
    println!(
        "{}",
        json!({"done": true, "connections_dialed": client.connections_dialed()})
    );
    Ok(())
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
