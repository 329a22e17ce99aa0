//! `bosun ping TARGET`: connects and authenticates to every proxy endpoint of a target (a
//! dnsrr name gives one per proxy task), on fresh connections and without retries, and prints
//! one line per endpoint: `ok <endpoint> <latency>` or `failed <endpoint> <reason>`. It is the
//! check a client runs on its endpoints every `BOSUN_HEALTH_INTERVAL` (`health.rs`).
//! With `SWARM_MODE=false` it checks the local engine and the target container instead.
//!
//! Exit status: 0 when **every** endpoint is ok (a partly reachable target is worth knowing
//! about: failover hides it from apps); 1 when any endpoint failed; 255 when the target cannot
//! be pinged at all (usage, configuration, keys).

use std::io::Write;

use crate::{Client, EnvSource};

use super::exec::EXIT_BOSUN_ERROR;

/// At least one endpoint failed.
pub const EXIT_SOME_FAILED: u8 = 1;

/// Check that every exec proxy of a target accepts our key (connect + authenticate).
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Exit status: 0 every endpoint ok, 1 some endpoint failed, 255 bosun error."
)]
pub struct PingArgs {
    /// The target (nextcloud, photoprism, or a declared target name).
    #[arg(value_name = "TARGET")]
    pub target: String,
}

/// Pings the target; returns the exit status for the `bosun` process.
pub async fn run(
    args: &PingArgs,
    env: EnvSource,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let reports = match Client::from_env_source_async(env).await {
        Ok(client) => client.ping(&args.target).await,
        Err(e) => Err(e),
    };
    let reports = match reports {
        Ok(reports) => reports,
        Err(e) => {
            let _ = writeln!(stderr, "bosun: {e}");
            return EXIT_BOSUN_ERROR;
        }
    };
    let mut all_ok = !reports.is_empty();
    for r in &reports {
        let line = match &r.result {
            Ok(latency) => format!(
                "ok      {}  {:.1} ms",
                r.endpoint,
                latency.as_secs_f64() * 1000.0
            ),
            Err(reason) => {
                all_ok = false;
                format!("failed  {}  {reason}", r.endpoint)
            }
        };
        let _ = writeln!(stdout, "{line}");
    }
    if all_ok { 0 } else { EXIT_SOME_FAILED }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refused_endpoint_fails_the_ping() {
        let dir = std::env::temp_dir().join(format!("bosun-ping-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (key, pins) = (dir.join("key"), dir.join("pins"));
        let k = bosun_core::keys::generate("c").unwrap();
        std::fs::write(&key, bosun_core::keys::private_openssh(&k).unwrap()).unwrap();
        // the client refuses a key file that others can read
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::write(
            &pins,
            bosun_core::keys::public_openssh(k.public_key()).unwrap(),
        )
        .unwrap();
        // a port nothing listens on
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let vars = [
            (
                "NEXTCLOUD_PROXY_SERVICE".to_owned(),
                format!("127.0.0.1:{port}"),
            ),
            ("BOSUN_KEY_FILE".to_owned(), key.display().to_string()),
            (
                "BOSUN_HOST_KEYS_FILE".to_owned(),
                pins.display().to_string(),
            ),
        ];
        let env = EnvSource::from_map(vars.into_iter().collect());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(
            &PingArgs {
                target: "nextcloud".into(),
            },
            env,
            &mut out,
            &mut err,
        )
        .await;
        let out = String::from_utf8_lossy(&out);
        assert_eq!(code, EXIT_SOME_FAILED, "{out}");
        assert!(
            out.starts_with(&format!(
                "failed  127.0.0.1:{port}  127.0.0.1:{port}: cannot connect: "
            )),
            "{out}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
