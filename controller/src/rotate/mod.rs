//! `bosun-controller rotate`: ask the leader for a key rotation, or show every key's state
//! (docs/keys.md, "Triggers"; docs/controller.md, "Command line").
//!
//! * `rotate TARGET [--client SERVICE] [--host-keys]` and `rotate --signing-key` ([`request`])
//!   write one rotation-request config through the Engine API and return: the leader carries it
//!   out, this command does not wait for it;
//! * `rotate --status [--json]` ([`status`]) reads the instance's key secrets and pending
//!   requests and prints, per target, each key's version, age and phase.
//!
//! Both run where the Docker socket of a manager is (`--docker-host`, `DOCKER_HOST`), beside the
//! controller: they write nothing but the request.

use std::process::ExitCode;

mod request;
mod signing_status;
mod status;

/// The command's arguments (`Command::Rotate` in `main.rs`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The target whose keys to rotate (required without --status or --signing-key).
    #[arg(required_unless_present_any = ["status", "signing_key"])]
    target: Option<String>,
    /// Only this client service's key of the target (without it: every client key).
    #[arg(long, value_name = "SERVICE", conflicts_with = "host_keys")]
    client: Option<String>,
    /// Rotate the target's host keys (every proxy's) instead of its client keys.
    #[arg(long)]
    host_keys: bool,
    /// Roll the discovery record's signing key (the instance's; no TARGET): the next key signs
    /// once it has been announced and every client service trusts it.
    #[arg(long, conflicts_with_all = ["target", "client", "host_keys"])]
    signing_key: bool,
    /// Print every key's version, age and rotation phase, and the pending requests.
    #[arg(long, conflicts_with_all = ["target", "client", "host_keys", "signing_key"])]
    status: bool,
    /// With --status: a JSON document instead of a table.
    #[arg(long, conflicts_with_all = ["target", "client", "host_keys"])]
    json: bool,
    /// The instance (the config's `instance`).
    #[arg(long, default_value = "bosun")]
    instance: String,
    /// The Engine API (`unix:///var/run/docker.sock`, a socket path, `tcp://…`).
    #[arg(long, env = "DOCKER_HOST")]
    docker_host: Option<String>,
}

/// Runs the command; the caller returns the exit code from `main`.
pub async fn main(args: Args) -> ExitCode {
    let docker_host = args.docker_host.as_deref();
    let result = match (&args.target, args.status) {
        (Some(target), false) => {
            let what = request::what(args.client.as_deref(), args.host_keys);
            request::main(&args.instance, docker_host, target, what).await
        }
        (None, false) if args.signing_key => {
            let what = crate::model::request::Rotate::SigningKey;
            request::main(&args.instance, docker_host, "", what).await
        }
        _ => status::main(&args.instance, docker_host, args.json).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bosun-controller rotate: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn parse(argv: &[&str]) -> Result<Args, clap::error::ErrorKind> {
        let argv = std::iter::once("rotate").chain(argv.iter().copied());
        Cli::try_parse_from(argv)
            .map(|c| c.args)
            .map_err(|e| e.kind())
    }

    #[test]
    fn a_request_names_a_target_and_at_most_one_of_client_and_host_keys() {
        let one = parse(&["nc", "--client", "app", "--instance", "blue"]).unwrap();
        assert_eq!(one.target.as_deref(), Some("nc"));
        assert_eq!(one.client.as_deref(), Some("app"));
        assert_eq!(one.instance, "blue");
        assert!(parse(&["nc", "--host-keys"]).unwrap().host_keys);
        use clap::error::ErrorKind::*;
        assert_eq!(
            parse(&["nc", "--client", "app", "--host-keys"]).unwrap_err(),
            ArgumentConflict
        );
        assert_eq!(parse(&[]).unwrap_err(), MissingRequiredArgument);
        assert_eq!(
            parse(&["--client", "app"]).unwrap_err(),
            MissingRequiredArgument
        );
    }

    #[test]
    fn the_signing_key_has_no_target() {
        assert!(parse(&["--signing-key"]).unwrap().signing_key);
        use clap::error::ErrorKind::*;
        assert_eq!(
            parse(&["nc", "--signing-key"]).unwrap_err(),
            ArgumentConflict
        );
        assert_eq!(
            parse(&["--signing-key", "--status"]).unwrap_err(),
            ArgumentConflict
        );
    }

    #[test]
    fn status_stands_alone() {
        let status = parse(&["--status", "--json"]).unwrap();
        assert!(status.status && status.json && status.target.is_none());
        use clap::error::ErrorKind::*;
        assert_eq!(parse(&["nc", "--status"]).unwrap_err(), ArgumentConflict);
        assert_eq!(
            parse(&["--status", "--host-keys"]).unwrap_err(),
            ArgumentConflict
        );
        assert_eq!(parse(&["nc", "--json"]).unwrap_err(), ArgumentConflict);
        assert_eq!(parse(&["--json"]).unwrap_err(), MissingRequiredArgument);
    }
}
