//! `bosun`: the client CLI. Runs allowed commands in Swarm targets through their exec proxies.
//! The subcommands' logic lives in the library (`bosun::cli`); this file only parses and
//! dispatches.

use std::process::ExitCode;

use bosun::cli::policy_check::{self, PolicyCheckArgs};
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
    /// Work with command policies (the allowlists of the exec proxies).
    #[command(subcommand)]
    Policy(PolicyCommand),
}

#[derive(Debug, Subcommand)]
enum PolicyCommand {
    Check(PolicyCheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Policy(PolicyCommand::Check(args)) => policy_check::run(
            &args,
            &mut std::io::stdin().lock(),
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
    };
    ExitCode::from(code)
}
