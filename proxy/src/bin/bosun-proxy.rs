//! `bosun-proxy`: the SSH exec proxy that runs next to a target task. This first version only
//! identifies itself; the server arrives with the exec-path work.

use clap::Parser;

/// bosun's SSH exec proxy: accepts ED25519 keys and runs allowed commands in the target task on
/// this node through the Docker Engine API.
#[derive(Debug, Parser)]
#[command(name = "bosun-proxy", version)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
}
