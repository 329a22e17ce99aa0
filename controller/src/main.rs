//! `bosun-controller`: the operator's reconcile loop on a Swarm manager. This first version only
//! identifies itself; configuration and reconcile arrive with the controller work.

use clap::Parser;

/// bosun's controller: deploys and repairs SSH exec proxies next to Swarm targets, manages their
/// keys, publishes discovery and serves the orchestration API.
#[derive(Debug, Parser)]
#[command(name = "bosun-controller", version)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
}
