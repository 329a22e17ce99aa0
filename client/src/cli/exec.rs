//! `bosun exec TARGET [--timeout D] [--] CMD...`: runs one command in a target through the
//! client library (so with the same environment variables as an app: `SWARM_MODE`,
//! `<T>_PROXY_SERVICE` or `BOSUN_DISCOVERY_URL`, keys… see `bosun::env_source`),
//! streaming its stdout and stderr as they arrive.
//!
//! Exit status, like `ssh`: the remote command's exit code (126 when the proxy's policy
//! rejected the command, 125 when the proxy or the engine failed, 124 when the proxy timed it
//! out); `128 + N` with `bosun: killed by signal NAME` on stderr when signal N killed it (the
//! proxy's `exit-signal`), as a shell shows it; 124 when `--timeout` passed; 125 with the
//! proxy's `bosun: not started: …` line when every attempt was answered "not started" (the
//! target had no running task on the proxy's node; nothing ran); 255 when bosun itself could
//! not run the command or tell how it ended (usage, configuration, keys, no proxy reachable,
//! connection lost after sending, no exit status, local engine error), with a one-line
//! `bosun: …` message on stderr.
//!
//! **Signals.** SIGTERM does not stop `bosun exec` ([`outlast_sigterm`], installed by the
//! binary before anything is sent): the command is let finish, and its output and exit code
//! are the CLI's, exactly as without the signal; a second SIGTERM changes nothing either. That
//! is what a Swarm task running `bosun exec` needs when Swarm replaces it (a key rotation
//! restarts client tasks): its command is not cut, and the stop grace period's SIGKILL bounds
//! the wait. The wait counts from the start: a command still connecting or retrying goes on
//! too. SIGINT (Ctrl-C) keeps its default: the process ends at once, its connection with it,
//! and the proxy, seeing its client gone, stops the command (TERM, then KILL).

use std::io::Write;
use std::time::Duration;

use crate::{
    Client, ClientError, EXIT_PROXY_ERROR, EXIT_TIMED_OUT, EnvSource, ExecEvent, ExecOptions,
    NOT_STARTED_PREFIX, parse_duration,
};

/// bosun could not run the command (usage, configuration, connection).
pub const EXIT_BOSUN_ERROR: u8 = 255;

/// Run a command in a target's container, through its exec proxy.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:\n  \
    bosun exec nextcloud -- php occ status --output=json\n  \
    bosun exec --timeout 10m nextcloud -- php occ files:scan --all\n\n\
    Exit status: the remote command's (126 rejected by the policy, 125 proxy error, 124 timed\n\
    out, 128+N killed by signal N); 124 when --timeout passes; 125 with `bosun: not started: …`\n\
    when the target had no running task on the proxy's node through every retry (nothing ran);\n\
    255 when bosun could not run the command or tell how it ended.\n\n\
    SIGTERM does not stop it: the running command is let finish and its exit status is\n\
    bosun's. Ctrl-C (SIGINT) ends bosun at once; the proxy then stops the command.")]
pub struct ExecArgs {
    /// The target (nextcloud, photoprism, or a declared target name).
    #[arg(value_name = "TARGET")]
    pub target: String,

    /// Stop waiting for the exit status after this long (500ms, 30s, 10m; default: none).
    #[arg(long, value_name = "D", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,

    /// The command and its arguments (the proxy's policy decides what is allowed).
    #[arg(value_name = "CMD", required = true, num_args = 1.., trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

fn parse_timeout(s: &str) -> Result<Duration, String> {
    parse_duration(s).map_err(|e| e.to_string())
}

/// Runs the command; returns the exit status for the `bosun` process.
pub async fn run(
    args: &ExecArgs,
    env: EnvSource,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let client = match Client::from_env_source_async(env).await {
        Ok(client) => client,
        Err(e) => return fail(stderr, &e),
    };
    let options = ExecOptions {
        timeout: args.timeout,
    };
    let mut stream = match client
        .exec_stream_with(&args.target, &args.command, &options)
        .await
    {
        Ok(stream) => stream,
        Err(e) => return fail(stderr, &e),
    };
    while let Some(event) = stream.next().await {
        // Output that cannot be written (a closed pipe) is dropped; the exit code still counts.
        match event {
            Ok(ExecEvent::Stdout(b)) => {
                let _ = stdout.write_all(&b).and_then(|()| stdout.flush());
            }
            Ok(ExecEvent::Stderr(b)) => {
                let _ = stderr.write_all(&b).and_then(|()| stderr.flush());
            }
            Ok(ExecEvent::Killed(signal)) => {
                // as a shell reports it; the Exit(128 + N) that follows is the status
                let _ = writeln!(stderr, "bosun: killed by signal {}", signal.name);
            }
            Ok(ExecEvent::Exit(code)) => return u8::try_from(code).unwrap_or(EXIT_BOSUN_ERROR),
            Err(e) => return fail(stderr, &e),
        }
    }
    // A stream always ends with an exit code or an error; this is not reached.
    EXIT_BOSUN_ERROR
}

/// Makes SIGTERM harmless to this process (see the module comment): from now on each SIGTERM
/// is only logged (at `info`, so stderr stays the command's). Needs a tokio runtime.
pub fn outlast_sigterm() -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    tokio::spawn(async move {
        while term.recv().await.is_some() {
            tracing::info!("SIGTERM: the running command is let finish; its exit code is bosun's");
        }
    });
    Ok(())
}

fn fail(stderr: &mut dyn Write, e: &ClientError) -> u8 {
    if let ClientError::NotStarted { reason, .. } = e {
        // the proxy's own line, as one call without retries would have shown it
        let _ = writeln!(stderr, "{NOT_STARTED_PREFIX}{reason}");
        return EXIT_PROXY_ERROR as u8;
    }
    let _ = writeln!(stderr, "bosun: {e}");
    match e {
        ClientError::Timeout { .. } => EXIT_TIMED_OUT as u8,
        _ => EXIT_BOSUN_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use std::collections::HashMap;

    #[derive(Debug, Parser)]
    struct TestCli {
        #[command(flatten)]
        args: ExecArgs,
    }

    fn parse(argv: &[&str]) -> Result<ExecArgs, clap::Error> {
        TestCli::try_parse_from(std::iter::once("exec").chain(argv.iter().copied())).map(|c| c.args)
    }

    #[test]
    fn the_command_follows_the_target_with_or_without_double_dash() {
        let a = parse(&["nextcloud", "--", "php", "occ", "status", "--output=json"]).unwrap();
        assert_eq!(a.target, "nextcloud");
        assert_eq!(a.command, ["php", "occ", "status", "--output=json"]);
        assert_eq!(a.timeout, None);
        let b = parse(&[
            "--timeout",
            "30s",
            "nextcloud",
            "php",
            "occ",
            "status",
            "--output=json",
        ])
        .unwrap();
        assert_eq!(b.command, a.command);
        assert_eq!(b.timeout, Some(Duration::from_secs(30)));
        // options after the command's first word belong to the command
        let c = parse(&["nextcloud", "php", "--timeout", "1s"]).unwrap();
        assert_eq!(
            (c.command, c.timeout),
            (
                vec!["php".to_owned(), "--timeout".into(), "1s".into()],
                None
            )
        );
        assert!(parse(&["nextcloud"]).is_err());
        assert!(parse(&["--timeout", "soon", "nextcloud", "php"]).is_err());
    }

    async fn run_env(argv: &[&str], vars: &[(&str, &str)]) -> (u8, String, String) {
        let env = EnvSource::from_map(
            vars.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<HashMap<_, _>>(),
        );
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&parse(argv).unwrap(), env, &mut out, &mut err).await;
        (
            code,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    #[tokio::test]
    async fn bosun_errors_exit_255_with_one_line() {
        let (code, out, err) = run_env(&["nextcloud", "php", "occ", "status"], &[]).await;
        assert_eq!((code, out.as_str()), (255, ""));
        assert!(
            err.starts_with("bosun: configuration: no proxy for target nextcloud"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1);
        let (code, _, err) = run_env(
            &["nextcloud", "php", "occ", "status;id"],
            &[("NEXTCLOUD_PROXY_SERVICE", "x")],
        )
        .await;
        assert_eq!(code, 255);
        assert!(
            err.starts_with("bosun: cannot send this command: argument 2 contains `;`"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn the_local_fallback_rejects_like_the_proxy() {
        let vars = [
            ("SWARM_MODE", "false"),
            ("DOCKER_HOST", "/nonexistent/docker.sock"),
        ];
        let (code, out, err) = run_env(
            &["nextcloud", "php", "occ", "memories:index", "--clear"],
            &vars,
        )
        .await;
        assert_eq!(code, 126);
        assert_eq!(out, "");
        assert_eq!(
            err,
            "bosun: rejected: option --clear is not allowed for php occ memories:index\n"
        );
    }
}
