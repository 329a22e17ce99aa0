//! The proxy's command line and the checked configuration it turns into.
//!
//! Every flag also reads a `BOSUN_PROXY_*` environment variable, so a Swarm service can be
//! configured either way. [`ProxyArgs`] is what clap parses; [`Config`] is the validated result:
//! durations parsed, limits non-zero, the command policy loaded (a preset, or one target of a
//! YAML/JSON policy file given as a path or inline as text) and the fixed exec settings
//! checked. Keys are files read at start-up by [`super::Server::bind`], not here.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Parser};

use bosun_core::discovery::TargetLimits;
use bosun_core::policy::{Policy, PolicyFile, Preset};

/// bosun's SSH exec proxy: accepts ED25519 keys and runs the commands its policy allows in the
/// target's task on this node, through the Docker Engine API. It never starts a shell.
///
/// Audit lines (one JSON object per exec request) go to stdout; logs (JSON) go to stderr, with
/// the level set by `RUST_LOG` (default `info`).
///
/// Exit statuses sent to clients: the command's own; 126 and `bosun: rejected: …` (policy); 125
/// and `bosun: not started: …` (no running task of the service on this node within
/// --task-wait: nothing ran, clients may retry); 125 and `bosun: …` (a limit, an engine error);
/// 124 (--command-timeout).
#[derive(Debug, Clone, Parser)]
#[command(
    name = "bosun-proxy",
    version,
    group(ArgGroup::new("policy").required(true).args(["policy_preset", "policy_file", "policy_inline"]))
)]
pub struct ProxyArgs {
    /// Address of the SSH listener.
    #[arg(long, env = "BOSUN_PROXY_LISTEN", default_value = "0.0.0.0:2222")]
    pub listen: SocketAddr,

    /// Address of the HTTP listener for `/metrics` and `/healthz`.
    #[arg(
        long,
        env = "BOSUN_PROXY_METRICS_LISTEN",
        default_value = "0.0.0.0:9102"
    )]
    pub metrics_listen: SocketAddr,

    /// The host key: an unencrypted OpenSSH ED25519 private key.
    #[arg(
        long,
        env = "BOSUN_PROXY_HOST_KEY",
        default_value = "/run/secrets/bosun-host-key"
    )]
    pub host_key: PathBuf,

    /// The client keys that may log in, one `ssh-ed25519 …` per line. Re-read when it changes.
    #[arg(
        long,
        env = "BOSUN_PROXY_AUTHORIZED_KEYS",
        default_value = "/run/secrets/bosun-authorized-keys"
    )]
    pub authorized_keys: PathBuf,

    /// The only SSH user name accepted.
    #[arg(long, env = "BOSUN_PROXY_SSH_USER", default_value = "bosun")]
    pub ssh_user: String,

    /// The target's name, used in audit lines and metric labels (e.g. `nextcloud`).
    #[arg(long, env = "BOSUN_PROXY_TARGET", value_name = "NAME")]
    pub target: String,

    /// The Swarm service whose running task on this node runs the commands.
    #[arg(long, env = "BOSUN_PROXY_SERVICE", value_name = "NAME")]
    pub service: String,

    /// The Swarm id of `--service`. A container is exec'd into only when its
    /// `com.docker.swarm.service.id` label equals it (as well as the name, a task id, and this
    /// engine's own node id). The controller passes it; without it, only the name, the task id
    /// and the node id are checked (a warning is logged at start).
    #[arg(long, env = "BOSUN_PROXY_SERVICE_ID", value_name = "ID")]
    pub service_id: Option<String>,

    /// How long a command waits for a running task of the service on this node (while the
    /// target restarts or updates) before it is answered "not started" (exit status 125, stderr
    /// `bosun: not started: …`; nothing ran, so clients may retry it). `0s`: do not wait.
    /// Keep it shorter than --command-timeout, which bounds the wait too.
    #[arg(long, env = "BOSUN_PROXY_TASK_WAIT", default_value = "30s", value_parser = parse_duration)]
    pub task_wait: Duration,

    /// A built-in command policy (nextcloud, photoprism).
    #[arg(long, env = "BOSUN_PROXY_POLICY_PRESET", value_name = "NAME")]
    pub policy_preset: Option<Preset>,

    /// A YAML command policy file (see `bosun policy check --help`).
    #[arg(long, env = "BOSUN_PROXY_POLICY_FILE", value_name = "FILE")]
    pub policy_file: Option<PathBuf>,

    /// A policy file's text (YAML or JSON), for a Swarm service that has no file to mount: the
    /// controller passes the policy of a declared target this way.
    #[arg(long, env = "BOSUN_PROXY_POLICY_INLINE", value_name = "TEXT")]
    pub policy_inline: Option<String>,

    /// The target of the policy file (or inline policy) to use; by default the one named like
    /// `--target`, or the file's only target.
    #[arg(
        long,
        env = "BOSUN_PROXY_POLICY_TARGET",
        value_name = "NAME",
        conflicts_with = "policy_preset"
    )]
    pub policy_target: Option<String>,

    /// The user commands run as in the target (`name`, `uid` or `uid:gid`). Required, but
    /// for a preset, which names its image's user (nextcloud: `www-data`, photoprism:
    /// `photoprism`): commands never run as the image's user (often root) by omission.
    #[arg(long, env = "BOSUN_PROXY_EXEC_USER", value_name = "USER")]
    pub exec_user: Option<String>,

    /// The working directory of commands in the target; by default the image's.
    #[arg(long, env = "BOSUN_PROXY_EXEC_WORKDIR", value_name = "DIR")]
    pub exec_workdir: Option<String>,

    /// An environment variable set for every command (repeatable). Nothing a client sends is
    /// ever added to the environment.
    #[arg(long, env = "BOSUN_PROXY_EXEC_ENV", value_name = "NAME=VALUE", value_parser = parse_env_entry)]
    pub exec_env: Vec<String>,

    /// The Docker engine of this node: a unix socket path or `unix:///…`; by default
    /// `DOCKER_HOST`, then `/var/run/docker.sock`.
    #[arg(long, env = "BOSUN_PROXY_DOCKER_HOST", value_name = "HOST")]
    pub docker_host: Option<String>,

    /// Authenticated SSH connections at most. A connection counts once it has authenticated
    /// (before that it is in the pre-auth table, see --max-startups); one that authenticates
    /// while all are taken is closed at once.
    #[arg(long, env = "BOSUN_PROXY_MAX_CONNECTIONS", default_value_t = TargetLimits::DEFAULT_MAX_CONNECTIONS, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,

    /// Open session channels per connection at most.
    #[arg(long, env = "BOSUN_PROXY_MAX_CHANNELS_PER_CONNECTION", default_value_t = TargetLimits::DEFAULT_MAX_CHANNELS_PER_CONNECTION, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_channels_per_connection: u32,

    /// Commands running in the target at once at most; one more waits up to --queue-wait for
    /// a place, then is refused with exit status 125 (nothing ran). A command holds its place
    /// until the engine reports its process ended.
    #[arg(long, env = "BOSUN_PROXY_MAX_CONCURRENT_EXECS", default_value_t = TargetLimits::DEFAULT_MAX_CONCURRENT_EXECS, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_concurrent_execs: u32,

    /// How long a command waits for a place when --max-concurrent-execs are running: a burst
    /// (a client's old and new task side by side while it is updated start-first) waits
    /// instead of failing.
    #[arg(long, env = "BOSUN_PROXY_QUEUE_WAIT", default_value = "30s", value_parser = parse_duration)]
    pub queue_wait: Duration,

    /// How long a command may run; then it is stopped (TERM, then KILL after --stop-grace) and
    /// the client gets exit status 124.
    #[arg(long, env = "BOSUN_PROXY_COMMAND_TIMEOUT", default_value = "3600s", value_parser = parse_duration)]
    pub command_timeout: Duration,

    /// How long a command that is being stopped (timeout, client gone) gets between TERM and
    /// KILL.
    #[arg(long, env = "BOSUN_PROXY_STOP_GRACE", default_value = "5s", value_parser = parse_duration)]
    pub stop_grace: Duration,

    /// The image of the short-lived container that stops a command (this proxy's own binary,
    /// `bosun-proxy stop-exec`); by default the image of the container the proxy runs in.
    #[arg(long, env = "BOSUN_PROXY_STOPPER_IMAGE", value_name = "IMAGE")]
    pub stopper_image: Option<String>,

    /// A connection with no open channel for this long is closed.
    #[arg(long, env = "BOSUN_PROXY_IDLE_TIMEOUT", default_value = "300s", value_parser = parse_duration)]
    pub idle_timeout: Duration,

    /// A connection that has not authenticated within this time is closed (OpenSSH's
    /// `LoginGraceTime`): its socket is shut, whatever state the key exchange is in. The
    /// version exchange counts too.
    #[arg(long, visible_alias = "login-grace-time", env = "BOSUN_PROXY_AUTH_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub auth_timeout: Duration,

    /// Connections that have not authenticated yet, at most (OpenSSH's `MaxStartups`). They do
    /// not count against --max-connections. When the table is full, a newcomer takes the place
    /// of the oldest pre-auth connection of the address holding the most, if that address
    /// holds at least as many as the newcomer's would; else it is closed at once. 32 is many
    /// times what clients need (the client library dials one connection per proxy at a time,
    /// and a key exchange plus login takes milliseconds) and bounds the key exchanges a flood
    /// can make the proxy compute.
    #[arg(long, env = "BOSUN_PROXY_MAX_STARTUPS", default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_startups: u32,

    /// Connections from one source address that have not authenticated yet, at most
    /// (OpenSSH's `PerSourceMaxStartups`); more are closed at once. 8 lets one client host
    /// (or a NAT in front of several) log in a few connections at once, and keeps one address
    /// from holding more than a quarter of --max-startups' default.
    #[arg(long, env = "BOSUN_PROXY_PER_SOURCE_MAX_STARTUPS", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..))]
    pub per_source_max_startups: u32,

    /// After SIGTERM, how long running commands may take to finish.
    #[arg(long, env = "BOSUN_PROXY_GRACE_PERIOD", default_value = "30s", value_parser = parse_duration)]
    pub grace_period: Duration,
}

/// The exec settings fixed on the server side (never from client text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecSettings {
    pub user: Option<String>,
    pub workdir: Option<String>,
    pub env: Vec<String>,
}

/// The limits of one proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_connections: usize,
    pub max_channels_per_connection: usize,
    pub max_concurrent_execs: usize,
    /// How long a command waits for a place among the `max_concurrent_execs`.
    pub queue_wait: Duration,
    pub command_timeout: Duration,
    /// Between TERM and KILL when a command is stopped.
    pub stop_grace: Duration,
    pub idle_timeout: Duration,
    pub auth_timeout: Duration,
    /// Connections not yet authenticated, at most.
    pub max_startups: usize,
    /// Connections not yet authenticated from one source address, at most.
    pub per_source_max_startups: usize,
    pub grace_period: Duration,
}

/// The checked configuration of a proxy.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub metrics_listen: SocketAddr,
    pub host_key: PathBuf,
    pub authorized_keys: PathBuf,
    pub ssh_user: String,
    pub target: String,
    pub service: String,
    /// The service's Swarm id, when the controller gave it.
    pub service_id: Option<String>,
    /// How long a command waits for a running task of the service on this node.
    pub task_wait: Duration,
    /// The policy's name for logs: `preset nextcloud`, `FILE target NAME` or
    /// `inline policy target NAME`.
    pub policy_source: String,
    pub policy: Policy,
    pub exec: ExecSettings,
    pub docker_host: Option<String>,
    /// The image that stops commands; `None`: the proxy's own container's.
    pub stopper_image: Option<String>,
    pub limits: Limits,
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("--{flag} must not be empty")]
    Empty { flag: &'static str },
    #[error("--{flag} must be longer than zero")]
    ZeroDuration { flag: &'static str },
    #[error("cannot read policy file {path}: {source}")]
    ReadPolicy {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid policy file {path}: {message}")]
    BadPolicy { path: String, message: String },
    #[error("invalid --policy-inline (BOSUN_PROXY_POLICY_INLINE): {message}")]
    BadInlinePolicy { message: String },
    #[error(
        "--exec-user (BOSUN_PROXY_EXEC_USER) is required with a policy file or an inline policy: \
         name the user commands run as in the target (a preset names its own)"
    )]
    ExecUserRequired,
}

impl Config {
    /// Checks `args` and loads the policy they name.
    pub fn from_args(args: ProxyArgs) -> Result<Config, ConfigError> {
        for (flag, value) in [
            ("target", &args.target),
            ("service", &args.service),
            ("ssh-user", &args.ssh_user),
        ] {
            if value.trim().is_empty() {
                return Err(ConfigError::Empty { flag });
            }
        }
        for (flag, value) in [
            ("command-timeout", args.command_timeout),
            ("idle-timeout", args.idle_timeout),
            ("auth-timeout", args.auth_timeout),
        ] {
            if value.is_zero() {
                return Err(ConfigError::ZeroDuration { flag });
            }
        }
        let (policy_source, policy) = load_policy(&args)?;
        let exec_user = match (
            args.exec_user.filter(|u| !u.trim().is_empty()),
            args.policy_preset,
        ) {
            (Some(user), _) => user,
            (None, Some(preset)) => preset.exec_user().to_owned(),
            (None, None) => return Err(ConfigError::ExecUserRequired),
        };
        Ok(Config {
            listen: args.listen,
            metrics_listen: args.metrics_listen,
            host_key: args.host_key,
            authorized_keys: args.authorized_keys,
            ssh_user: args.ssh_user,
            target: args.target,
            service: args.service,
            service_id: args.service_id.filter(|id| !id.trim().is_empty()),
            task_wait: args.task_wait,
            policy_source,
            policy,
            exec: ExecSettings {
                user: Some(exec_user),
                workdir: args.exec_workdir.filter(|w| !w.is_empty()),
                env: args.exec_env,
            },
            docker_host: args.docker_host.filter(|h| !h.is_empty()),
            stopper_image: args.stopper_image.filter(|i| !i.trim().is_empty()),
            limits: Limits {
                max_connections: args.max_connections as usize,
                max_channels_per_connection: args.max_channels_per_connection as usize,
                max_concurrent_execs: args.max_concurrent_execs as usize,
                queue_wait: args.queue_wait,
                command_timeout: args.command_timeout,
                stop_grace: args.stop_grace,
                idle_timeout: args.idle_timeout,
                auth_timeout: args.auth_timeout,
                max_startups: args.max_startups as usize,
                per_source_max_startups: args.per_source_max_startups as usize,
                grace_period: args.grace_period,
            },
        })
    }
}

/// The preset, or the chosen target of the policy file or inline policy.
fn load_policy(args: &ProxyArgs) -> Result<(String, Policy), ConfigError> {
    if let Some(preset) = args.policy_preset {
        return Ok((format!("preset {preset}"), preset.policy()));
    }
    if let Some(text) = &args.policy_inline {
        let bad = |message: String| ConfigError::BadInlinePolicy { message };
        let (name, policy) = select_policy(args, text, "--policy-inline", bad)?;
        return Ok((format!("inline policy target {name}"), policy));
    }
    let Some(path) = &args.policy_file else {
        // clap's required group makes this unreachable from the command line
        return Err(ConfigError::Empty {
            flag: "policy-preset, --policy-file or --policy-inline",
        });
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::ReadPolicy {
        path: shown.clone(),
        source,
    })?;
    let bad = |message: String| ConfigError::BadPolicy {
        path: shown.clone(),
        message,
    };
    let (name, policy) = select_policy(args, &text, &shown, bad)?;
    Ok((format!("{shown} target {name}"), policy))
}

/// Parses the policy file `text` (YAML or JSON; `shown` names it in located errors) and picks
/// the target: `--policy-target`, else the one named like `--target`, else the only one.
fn select_policy(
    args: &ProxyArgs,
    text: &str,
    shown: &str,
    bad: impl Fn(String) -> ConfigError,
) -> Result<(String, Policy), ConfigError> {
    let file = PolicyFile::from_yaml(text).map_err(|e| bad(e.render(shown)))?;
    let wanted = match &args.policy_target {
        Some(name) => Some(name.as_str()),
        None if file.target(&args.target).is_some() => Some(args.target.as_str()),
        None => None,
    };
    let (name, policy) = file.select(wanted).map_err(|e| bad(e.to_string()))?;
    Ok((name.to_owned(), policy.clone()))
}

/// A humantime duration: `30s`, `5m`, `1h 30m`, `250ms`.
fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 30s, 5m, 1h)"))
}

/// `NAME=VALUE` with a non-empty name of letters, digits and `_` not starting with a digit.
fn parse_env_entry(s: &str) -> Result<String, String> {
    let Some((name, _)) = s.split_once('=') else {
        return Err("expected NAME=VALUE".into());
    };
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!("{name:?} is not a valid variable name"));
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<ProxyArgs, clap::Error> {
        ProxyArgs::try_parse_from(std::iter::once("bosun-proxy").chain(args.iter().copied()))
    }

    const MINIMAL: [&str; 6] = [
        "--target",
        "nextcloud",
        "--service",
        "nc",
        "--policy-preset",
        "nextcloud",
    ];

    #[test]
    fn defaults_are_the_documented_ones() {
        let config = Config::from_args(parse(&MINIMAL).unwrap()).unwrap();
        assert_eq!(config.listen, "0.0.0.0:2222".parse().unwrap());
        assert_eq!(config.metrics_listen, "0.0.0.0:9102".parse().unwrap());
        assert_eq!(
            config.host_key,
            PathBuf::from("/run/secrets/bosun-host-key")
        );
        assert_eq!(
            config.authorized_keys,
            PathBuf::from("/run/secrets/bosun-authorized-keys")
        );
        assert_eq!(config.ssh_user, "bosun");
        assert_eq!(config.policy_source, "preset nextcloud");
        // the preset names its image's user: commands never run as root by omission
        assert_eq!(
            config.exec,
            ExecSettings {
                user: Some("www-data".into()),
                ..ExecSettings::default()
            }
        );
        assert_eq!(config.docker_host, None);
        assert_eq!(config.stopper_image, None);
        assert_eq!(config.service_id, None);
        assert_eq!(config.task_wait, Duration::from_secs(30));
        assert_eq!(
            config.limits,
            Limits {
                max_connections: 64,
                max_channels_per_connection: 4,
                max_concurrent_execs: 4,
                queue_wait: Duration::from_secs(30),
                command_timeout: Duration::from_secs(3600),
                stop_grace: Duration::from_secs(5),
                idle_timeout: Duration::from_secs(300),
                auth_timeout: Duration::from_secs(10),
                max_startups: 32,
                per_source_max_startups: 8,
                grace_period: Duration::from_secs(30),
            }
        );
    }

    #[test]
    fn every_flag_parses() {
        let mut args = MINIMAL.to_vec();
        args.extend([
            "--listen",
            "127.0.0.1:2022",
            "--metrics-listen",
            "127.0.0.1:9000",
            "--ssh-user",
            "ops",
            "--exec-user",
            "www-data",
            "--exec-workdir",
            "/var/www/html",
            "--exec-env",
            "PHP_MEMORY_LIMIT=512M",
            "--exec-env",
            "A=",
            "--docker-host",
            "unix:///run/docker.sock",
            "--max-connections",
            "2",
            "--max-channels-per-connection",
            "3",
            "--max-concurrent-execs",
            "4",
            "--command-timeout",
            "5m",
            "--idle-timeout",
            "1m 30s",
            "--auth-timeout",
            "250ms",
            "--grace-period",
            "0s",
            "--max-startups",
            "5",
            "--per-source-max-startups",
            "2",
        ]);
        let config = Config::from_args(parse(&args).unwrap()).unwrap();
        assert_eq!(config.listen.port(), 2022);
        assert_eq!(config.ssh_user, "ops");
        assert_eq!(
            config.exec,
            ExecSettings {
                user: Some("www-data".into()),
                workdir: Some("/var/www/html".into()),
                env: vec!["PHP_MEMORY_LIMIT=512M".into(), "A=".into()],
            }
        );
        assert_eq!(
            config.docker_host.as_deref(),
            Some("unix:///run/docker.sock")
        );
        assert_eq!(config.limits.max_connections, 2);
        assert_eq!(config.limits.max_channels_per_connection, 3);
        assert_eq!(config.limits.max_concurrent_execs, 4);
        assert_eq!(config.limits.command_timeout, Duration::from_secs(300));
        assert_eq!(config.limits.idle_timeout, Duration::from_secs(90));
        assert_eq!(config.limits.auth_timeout, Duration::from_millis(250));
        assert_eq!(config.limits.grace_period, Duration::ZERO);
        assert_eq!(config.limits.max_startups, 5);
        assert_eq!(config.limits.per_source_max_startups, 2);
    }

    #[test]
    fn login_grace_time_is_the_auth_timeout() {
        let mut args = MINIMAL.to_vec();
        args.extend(["--login-grace-time", "3s"]);
        let config = Config::from_args(parse(&args).unwrap()).unwrap();
        assert_eq!(config.limits.auth_timeout, Duration::from_secs(3));
        args.extend(["--auth-timeout", "4s"]);
        let err = parse(&args).unwrap_err().to_string();
        assert!(err.contains("cannot be used multiple times"), "{err}");
    }

    #[test]
    fn bad_values_are_usage_errors() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["--service", "nc", "--policy-preset", "nextcloud"],
                "--target",
            ),
            (&["--target", "t", "--service", "nc"], "--policy-preset"),
            (
                &[
                    "--target",
                    "t",
                    "--service",
                    "nc",
                    "--policy-preset",
                    "nextcloud",
                    "--policy-file",
                    "p.yaml",
                ],
                "cannot be used with",
            ),
            (
                &[
                    "--target",
                    "t",
                    "--service",
                    "nc",
                    "--policy-preset",
                    "nextcloud",
                    "--policy-target",
                    "x",
                ],
                "cannot be used with",
            ),
            (
                &[
                    "--target",
                    "t",
                    "--service",
                    "nc",
                    "--policy-inline",
                    "{}",
                    "--policy-file",
                    "p.yaml",
                ],
                "cannot be used with",
            ),
            (
                &[
                    "--target",
                    "t",
                    "--service",
                    "nc",
                    "--policy-preset",
                    "owncloud",
                ],
                "unknown preset",
            ),
        ];
        for (args, needle) in cases {
            let err = parse(args).unwrap_err().to_string();
            assert!(err.contains(needle), "{args:?}: {err}");
        }
        for (flag, value, needle) in [
            ("--command-timeout", "soon", "examples: 30s"),
            ("--idle-timeout", "10", "examples: 30s"),
            ("--max-connections", "0", "0 is not in 1.."),
            ("--max-startups", "0", "0 is not in 1.."),
            ("--per-source-max-startups", "0", "0 is not in 1.."),
            ("--max-concurrent-execs", "-1", ""),
            ("--exec-env", "NOVALUE", "expected NAME=VALUE"),
            ("--exec-env", "=x", "not a valid variable name"),
            ("--exec-env", "1A=x", "not a valid variable name"),
            ("--exec-env", "A-B=x", "not a valid variable name"),
            ("--listen", "2222", "invalid socket address"),
        ] {
            let mut args = MINIMAL.to_vec();
            args.extend([flag, value]);
            let err = parse(&args).unwrap_err().to_string();
            assert!(err.contains(needle), "{flag} {value}: {err}");
        }
    }

    #[test]
    fn zero_timeouts_and_empty_names_are_refused() {
        let mut args = MINIMAL.to_vec();
        args.extend(["--command-timeout", "0s"]);
        let err = Config::from_args(parse(&args).unwrap()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--command-timeout must be longer than zero"
        );
        let args = [
            "--target",
            " ",
            "--service",
            "nc",
            "--policy-preset",
            "nextcloud",
        ];
        let err = Config::from_args(parse(&args).unwrap()).unwrap_err();
        assert_eq!(err.to_string(), "--target must not be empty");
    }

    #[test]
    fn environment_variables_configure_the_proxy() {
        // clap reads the environment only for flags not on the command line; parse from an
        // explicit environment through `Command::try_get_matches_from` is not possible, so
        // check the names clap registered instead of mutating this process's environment.
        let command = <ProxyArgs as clap::CommandFactory>::command();
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            let env = arg
                .get_env()
                .unwrap_or_else(|| panic!("--{id} has no environment variable"));
            let expected = format!("BOSUN_PROXY_{}", id.to_uppercase());
            assert_eq!(env.to_str(), Some(expected.as_str()), "--{id}");
        }
    }

    #[test]
    fn a_policy_file_target_is_chosen_by_name() {
        let dir = std::env::temp_dir().join(format!("bosun-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("policy.yaml");
        std::fs::write(
            &path,
            "targets:\n  nextcloud:\n    preset: nextcloud\n  photos:\n    preset: photoprism\n",
        )
        .unwrap();
        let file = path.to_str().unwrap();
        let base = [
            "--service",
            "svc",
            "--exec-user",
            "app",
            "--policy-file",
            file,
        ];

        // --target names a target of the file
        let args: Vec<&str> = base.iter().copied().chain(["--target", "photos"]).collect();
        let config = Config::from_args(parse(&args).unwrap()).unwrap();
        assert_eq!(config.policy_source, format!("{file} target photos"));
        assert!(bosun_core::policy::check(&config.policy, b"photoprism status").is_ok());

        // --policy-target wins
        let args: Vec<&str> = base
            .iter()
            .copied()
            .chain(["--target", "photos", "--policy-target", "nextcloud"])
            .collect();
        let config = Config::from_args(parse(&args).unwrap()).unwrap();
        assert!(bosun_core::policy::check(&config.policy, b"php occ status").is_ok());

        // two targets and no name: ambiguous
        let args: Vec<&str> = base.iter().copied().chain(["--target", "other"]).collect();
        let err = Config::from_args(parse(&args).unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("several targets"), "{err}");

        // a bad file says where
        std::fs::write(&path, "targets:\n  x:\n    preset: nope\n").unwrap();
        let args: Vec<&str> = base.iter().copied().chain(["--target", "x"]).collect();
        let err = Config::from_args(parse(&args).unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!("invalid policy file {file}: ")),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();

        let args: Vec<&str> = base.iter().copied().chain(["--target", "x"]).collect();
        let err = Config::from_args(parse(&args).unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!("cannot read policy file {file}")),
            "{err}"
        );
    }

    #[test]
    fn the_exec_user_is_required_but_for_a_preset() {
        let yaml = "targets:\n  photos:\n    preset: photoprism\n";
        let inline = [
            "--target",
            "photos",
            "--service",
            "svc",
            "--policy-inline",
            yaml,
        ];
        let err = Config::from_args(parse(&inline).unwrap()).unwrap_err();
        assert!(matches!(err, ConfigError::ExecUserRequired), "{err}");
        assert!(
            err.to_string()
                .starts_with("--exec-user (BOSUN_PROXY_EXEC_USER) is required")
        );
        let empty: Vec<&str> = inline.iter().copied().chain(["--exec-user", " "]).collect();
        let err = Config::from_args(parse(&empty).unwrap()).unwrap_err();
        assert!(matches!(err, ConfigError::ExecUserRequired), "{err}");
        let preset = [
            "--target",
            "p",
            "--service",
            "svc",
            "--policy-preset",
            "photoprism",
        ];
        let config = Config::from_args(parse(&preset).unwrap()).unwrap();
        assert_eq!(config.exec.user.as_deref(), Some("photoprism"));
        let given: Vec<&str> = preset
            .iter()
            .copied()
            .chain(["--exec-user", "33:33"])
            .collect();
        let config = Config::from_args(parse(&given).unwrap()).unwrap();
        assert_eq!(config.exec.user.as_deref(), Some("33:33"));
    }

    #[test]
    fn an_inline_policy_is_read_like_a_file() {
        let policy = bosun_core::policy::Policy::new(vec![
            bosun_core::policy::CommandRule::new("app sync [options]", vec![]).unwrap(),
        ])
        .unwrap();
        // what the controller passes: a one-target policy file in JSON
        let json = PolicyFile::render_one("myapp", &policy);
        let args = [
            "--target",
            "myapp",
            "--service",
            "svc",
            "--exec-user",
            "app",
            "--policy-inline",
            &json,
        ];
        let config = Config::from_args(parse(&args).unwrap()).unwrap();
        assert_eq!(config.policy_source, "inline policy target myapp");
        assert_eq!(config.policy, policy);
        // the only target is used whatever --target says; YAML works too
        let yaml = "targets:\n  photos:\n    preset: photoprism\n";
        let args = [
            "--target",
            "other",
            "--service",
            "svc",
            "--exec-user",
            "app",
            "--policy-inline",
            yaml,
        ];
        let config = Config::from_args(parse(&args).unwrap()).unwrap();
        assert_eq!(config.policy_source, "inline policy target photos");
        assert!(bosun_core::policy::check(&config.policy, b"photoprism status").is_ok());
        // --policy-target chooses among several
        let two = "targets:\n  a:\n    preset: nextcloud\n  b:\n    preset: photoprism\n";
        let args = [
            "--target",
            "x",
            "--service",
            "svc",
            "--exec-user",
            "app",
            "--policy-inline",
            two,
            "--policy-target",
            "a",
        ];
        let config = Config::from_args(parse(&args).unwrap()).unwrap();
        assert!(bosun_core::policy::check(&config.policy, b"php occ status").is_ok());
    }

    #[test]
    fn a_bad_inline_policy_is_a_located_error() {
        let check = |text: &str, target: &str| {
            let args = [
                "--target",
                target,
                "--service",
                "svc",
                "--exec-user",
                "app",
                "--policy-inline",
                text,
            ];
            Config::from_args(parse(&args).unwrap())
                .unwrap_err()
                .to_string()
        };
        let err = check("targets:\n  x:\n    preset: nope\n", "x");
        assert!(
            err.starts_with("invalid --policy-inline (BOSUN_PROXY_POLICY_INLINE): line 3"),
            "{err}"
        );
        let err = check("{\"targets\": {\"x\": {\"preset\": 1}", "x");
        assert!(err.starts_with("invalid --policy-inline"), "{err}");
        let err = check("", "x");
        assert!(err.contains("the policy file is empty"), "{err}");
        let err = check(
            "targets:\n  a:\n    preset: nextcloud\n  b:\n    preset: photoprism\n",
            "x",
        );
        assert!(err.contains("several targets"), "{err}");
    }
}
