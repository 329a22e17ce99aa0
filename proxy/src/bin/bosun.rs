//! `bosun`: the client CLI. Runs allowed commands in Swarm targets through their exec proxies.

use clap::Parser;

/// Run commands in Docker Swarm containers on any node, through bosun's exec proxies.
#[derive(Debug, Parser)]
#[command(name = "bosun", version)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
}
