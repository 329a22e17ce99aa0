//! `bosun`: the client CLI. Runs allowed commands in Swarm targets through their exec proxies.
//! The subcommands' logic lives in the library (`bosun::cli`); this file only parses and
//! dispatches.

use std::process::ExitCode;

use bosun::EnvSource;
use bosun::cli::exec::{self, EXIT_BOSUN_ERROR, ExecArgs};
use bosun::cli::ping::{self, PingArgs};
use bosun::cli::policy_check::{self, PolicyCheckArgs};
use clap::error::ErrorKind;
use clap::{Parser, Subcommand};

/// Run commands in Docker Swarm containers on any node, through bosun's exec proxies.
#[derive(Debug, Parser)]
#[command(name = "bosun", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a command in a target, through its exec proxy (streams output, exits with its code).
    Exec(ExecArgs),
    /// Check that every exec proxy of a target is reachable and accepts our key.
    Ping(PingArgs),
    /// Work with command policies (the allowlists of the exec proxies).
    #[command(subcommand)]
    Policy(PolicyCommand),
}

#[derive(Debug, Subcommand)]
enum PolicyCommand {
    Check(PolicyCheckArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let code = match cli.command {
        Command::Policy(PolicyCommand::Check(args)) => policy_check::run(
            &args,
            &mut std::io::stdin().lock(),
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Command::Exec(args) => with_runtime(async move {
            if let Err(e) = exec::outlast_sigterm() {
                eprintln!("bosun: cannot handle SIGTERM (it would cut the command): {e}");
            }
            let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
            exec::run(&args, EnvSource::from_process(), &mut out, &mut err).await
        }),
        Command::Ping(args) => with_runtime(async move {
            let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
            ping::run(&args, EnvSource::from_process(), &mut out, &mut err).await
        }),
    };
    ExitCode::from(code)
}

/// Prints a clap error. `exec` and `ping` exit 255 on usage errors, like `ssh`, so that a
/// remote exit code (2 included) is never mistaken for one; `policy check` keeps clap's 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    let _ = e.print();
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        return ExitCode::SUCCESS;
    }
    let sub = std::env::args().nth(1);
    if matches!(sub.as_deref(), Some("exec" | "ping")) {
        return ExitCode::from(EXIT_BOSUN_ERROR);
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// Runs `work` on a single-threaded tokio runtime, with warnings (retries) logged to stderr
/// (`BOSUN_LOG` sets the filter, e.g. `BOSUN_LOG=debug`).
fn with_runtime(work: impl Future<Output = u8>) -> u8 {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BOSUN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(work),
        Err(e) => {
            eprintln!("bosun: cannot start the async runtime: {e}");
            EXIT_BOSUN_ERROR
        }
    }
}
