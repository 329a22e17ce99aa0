//! The endpoint source of the design's original deployment: environment variables.
//!
//! `<T>` below is the target name upper-cased with `-` turned into `_` (`nextcloud` →
//! `NEXTCLOUD`). An empty variable counts as unset. Per-target forms win over generic ones.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `SWARM_MODE` | `true`: go through the proxies; `false`: exec on the local engine | `true` |
//! | `BOSUN_<T>_PROXY_SERVICE`, then `<T>_PROXY_SERVICE` (`NEXTCLOUD_PROXY_SERVICE`, `PHOTOPRISM_PROXY_SERVICE`) | the proxy service's DNS name (`bosun-proxy-nextcloud`, `tasks.…`), an IP, or `host:port`; comma-separated for several. A dnsrr name resolves to every proxy task: each address is an endpoint | required in Swarm mode |
//! | `BOSUN_<T>_PROXY_SSH_PORT`, then `PROXY_SSH_PORT` | the proxies' SSH port | `2222` |
//! | `BOSUN_<T>_SSH_USER`, then `BOSUN_SSH_USER` | SSH user | `bosun` |
//! | `BOSUN_<T>_KEY_FILE`, then `BOSUN_KEY_FILE` | the client's ED25519 private key | `/run/secrets/bosun-<target>-key` |
//! | `BOSUN_<T>_HOST_KEYS_FILE`, then `BOSUN_HOST_KEYS_FILE` | pinned proxy host keys (`ssh-ed25519 …` lines) | `/run/secrets/bosun-<target>-host-keys` |
//!
//! With a controller, the proxies, the SSH user and the pinned host keys come from its
//! discovery record instead (`discovery_source.rs`); the `*_PROXY_*`, `*_SSH_USER` and
//! `*_HOST_KEYS_FILE` variables are then not read, the key file variables still are:
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `BOSUN_DISCOVERY_URL` | the controller's record, followed by long-poll: `http://<controller>:8080/v1/discovery` | — |
//! | `BOSUN_DISCOVERY_FILE` | a file holding the record (a mounted Docker config), its signature line in `<file>.sig`; both re-read when their content changes (checked every second) | — |
//! | `BOSUN_DISCOVERY_KEYS` | the trust file: the controller's record signing public keys (`ssh-ed25519 …` lines); re-read when it changes | `/run/secrets/bosun-discovery-keys` |
//! | `BOSUN_DISCOVERY_TIMEOUT` | how long a new client waits for the first record before it fails | `30s` |
//!
//! Set one of `BOSUN_DISCOVERY_URL` and `BOSUN_DISCOVERY_FILE`, not both; either needs a
//! usable trust file (every record is checked against it before it is used, docs/keys.md).
//! `SWARM_MODE=false` wins over both (the local fallback needs no proxy). The variables of the
//! first table have no record and no signature: the operator pins the host keys by hand.
//!
//! When `SWARM_MODE=false` (the local fallback):
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `BOSUN_<T>_CONTAINER` | a service with a task on this node, or a container name/id | the target name |
//! | `BOSUN_<T>_POLICY_FILE` | a YAML policy file; its target `<target>` (or its only target) is used | — |
//! | `BOSUN_<T>_PRESET` | a built-in preset (`nextcloud`, `photoprism`) | the target name, if it is a preset |
//! | `BOSUN_<T>_EXEC_USER` | exec user | nextcloud: `www-data`; photoprism: `photoprism` |
//! | `BOSUN_<T>_WORKDIR` | exec working directory | nextcloud: `/var/www/html`; photoprism: `/photoprism` |
//! | `DOCKER_HOST` | the engine | the default socket |
//!
//! Client settings (all targets): `BOSUN_RETRY_TIMES` (3), `BOSUN_RETRY_MIN_DELAY` (1s),
//! `BOSUN_RETRY_MAX_DELAY` (30s), `BOSUN_CONNECT_TIMEOUT` (10s), `BOSUN_EXEC_TIMEOUT` (none;
//! `0` also means none), `BOSUN_KEEPALIVE_INTERVAL` (15s), `BOSUN_MAX_CHANNELS` (a cap of the
//! client's own on channels per connection, below the target's limit in its discovery record,
//! or the proxy's default of 4), `BOSUN_HEALTH_INTERVAL` (30s: how often the client checks
//! every proxy of the targets it uses; `0` turns the checks off). Durations: `500ms`, `30s`,
//! `2m`, or seconds.
//!
//! The variables are read through a lookup function, so tests (and apps with their own
//! configuration) never have to touch the process environment.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::ClientOptions;
use super::duration::parse_duration;
use super::endpoints::{EndpointAddr, EndpointSource, HostKeys, LocalTarget, RemoteTarget, Route};
use super::error::ClientError;
use bosun_core::policy::{PolicyFile, Preset};

/// The proxies' SSH port when no variable says otherwise.
pub const DEFAULT_SSH_PORT: u16 = 2222;
/// The SSH user when no variable says otherwise.
pub const DEFAULT_SSH_USER: &str = "bosun";

type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Routes from environment variables (see the module documentation for the variables).
#[derive(Clone)]
pub struct EnvSource {
    lookup: Arc<Lookup>,
}

impl std::fmt::Debug for EnvSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvSource").finish_non_exhaustive()
    }
}

impl EnvSource {
    /// Reads the process environment (at each call, so changes are seen).
    pub fn from_process() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: Arc::new(lookup),
        }
    }

    /// Reads variables from a map.
    pub fn from_map(vars: HashMap<String, String>) -> Self {
        Self::from_lookup(move |name| vars.get(name).cloned())
    }

    /// `SWARM_MODE`: true unless it says false.
    pub fn swarm_mode(&self) -> Result<bool, ClientError> {
        match self.get("SWARM_MODE") {
            None => Ok(true),
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => Ok(true),
                "false" | "0" | "no" | "off" => Ok(false),
                _ => Err(ClientError::Config(format!(
                    "SWARM_MODE={v:?}: expected true or false"
                ))),
            },
        }
    }

    /// The client settings (retries, timeouts, keepalive, channels per connection, health
    /// checks).
    pub fn options(&self) -> Result<ClientOptions, ClientError> {
        let mut o = ClientOptions::default();
        if let Some(n) = self.number("BOSUN_RETRY_TIMES")? {
            o.retry.retries = n;
        }
        if let Some(d) = self.duration("BOSUN_RETRY_MIN_DELAY")? {
            o.retry.min_delay = d;
        }
        if let Some(d) = self.duration("BOSUN_RETRY_MAX_DELAY")? {
            o.retry.max_delay = d;
        }
        if let Some(d) = self.duration("BOSUN_CONNECT_TIMEOUT")? {
            o.connect_timeout = d;
        }
        if let Some(d) = self.duration("BOSUN_EXEC_TIMEOUT")? {
            o.exec_timeout = (!d.is_zero()).then_some(d);
        }
        if let Some(d) = self.duration("BOSUN_KEEPALIVE_INTERVAL")? {
            o.keepalive_interval = d;
        }
        if let Some(n) = self.number("BOSUN_MAX_CHANNELS")? {
            if n == 0 {
                return Err(ClientError::Config(
                    "BOSUN_MAX_CHANNELS must be at least 1".into(),
                ));
            }
            o.max_channels_per_connection = Some(n);
        }
        if let Some(d) = self.duration("BOSUN_HEALTH_INTERVAL")? {
            o.health_interval = d;
        }
        Ok(o)
    }

    /// The proxies of `target` and the credentials to use with them.
    pub fn remote_target(&self, target: &str) -> Result<RemoteTarget, ClientError> {
        let t = env_name(target)?;
        let (var, service) = self
            .first(&[format!("BOSUN_{t}_PROXY_SERVICE"), format!("{t}_PROXY_SERVICE")])
            .ok_or_else(|| {
                ClientError::Config(format!(
                    "no proxy for target {target}: set {t}_PROXY_SERVICE (or BOSUN_{t}_PROXY_SERVICE) to the DNS name of its proxy service, or SWARM_MODE=false to exec on the local engine"
                ))
            })?;
        let port = match self.first(&[format!("BOSUN_{t}_PROXY_SSH_PORT"), "PROXY_SSH_PORT".into()])
        {
            None => DEFAULT_SSH_PORT,
            Some((name, v)) => v.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| {
                ClientError::Config(format!("{name}={v:?}: expected a port number 1-65535"))
            })?,
        };
        let endpoints = service
            .split(',')
            .map(|e| {
                EndpointAddr::parse(e, port)
                    .map_err(|why| ClientError::Config(format!("{var}: {why}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(RemoteTarget {
            target: target.to_owned(),
            endpoints,
            user: self
                .first(&[format!("BOSUN_{t}_SSH_USER"), "BOSUN_SSH_USER".into()])
                .map_or_else(|| DEFAULT_SSH_USER.to_owned(), |(_, v)| v),
            key_file: self.key_file(target)?,
            host_keys: HostKeys::File(self.path(
                format!("BOSUN_{t}_HOST_KEYS_FILE"),
                "BOSUN_HOST_KEYS_FILE",
                format!("/run/secrets/bosun-{target}-host-keys"),
            )),
        })
    }

    /// The client's private key for `target`: `BOSUN_<T>_KEY_FILE`, then `BOSUN_KEY_FILE`,
    /// then `/run/secrets/bosun-<target>-key` (every endpoint source finds it this way).
    pub fn key_file(&self, target: &str) -> Result<PathBuf, ClientError> {
        let t = env_name(target)?;
        Ok(self.path(
            format!("BOSUN_{t}_KEY_FILE"),
            "BOSUN_KEY_FILE",
            format!("/run/secrets/bosun-{target}-key"),
        ))
    }

    /// The first of `specific`, `generic` that is set, else `default`.
    fn path(&self, specific: String, generic: &str, default: String) -> PathBuf {
        self.first(&[specific, generic.to_owned()])
            .map_or_else(|| PathBuf::from(default), |(_, v)| PathBuf::from(v))
    }

    /// The local container of `target`, its policy and exec settings (Swarm mode off).
    pub fn local_target(&self, target: &str) -> Result<LocalTarget, ClientError> {
        let t = env_name(target)?;
        let (policy, preset) = if let Some(file) = self.get(&format!("BOSUN_{t}_POLICY_FILE")) {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| ClientError::Config(format!("cannot read policy file {file}: {e}")))?;
            let parsed = PolicyFile::from_yaml(&text).map_err(|e| {
                ClientError::Config(format!("invalid policy file {file}: {}", e.render(&file)))
            })?;
            // The target of that name, or the file's only target.
            let policy = match parsed.select(Some(target)) {
                Ok((_, policy)) => policy,
                Err(named) => parsed
                    .select(None)
                    .map(|(_, policy)| policy)
                    .map_err(|_| ClientError::Config(format!("{file}: {named}")))?,
            };
            (policy.clone(), None)
        } else {
            let name = self
                .get(&format!("BOSUN_{t}_PRESET"))
                .unwrap_or_else(|| target.to_owned());
            let preset: Preset = name.parse().map_err(|e| {
                ClientError::Config(format!(
                    "target {target} needs a policy for the local fallback: {e}; set BOSUN_{t}_PRESET or BOSUN_{t}_POLICY_FILE"
                ))
            })?;
            (preset.policy(), Some(preset))
        };
        let (user, workdir) = match preset {
            Some(preset) => (Some(preset.exec_user()), Some(preset.workdir())),
            None => (None, None),
        };
        Ok(LocalTarget {
            target: target.to_owned(),
            container: self
                .get(&format!("BOSUN_{t}_CONTAINER"))
                .unwrap_or_else(|| target.to_owned()),
            policy,
            user: self
                .get(&format!("BOSUN_{t}_EXEC_USER"))
                .or(user.map(str::to_owned)),
            workdir: self
                .get(&format!("BOSUN_{t}_WORKDIR"))
                .or(workdir.map(str::to_owned)),
            docker_host: self.get("DOCKER_HOST"),
        })
    }

    /// The variable `name`; an empty one counts as unset.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        (self.lookup)(name).filter(|v| !v.is_empty())
    }

    /// The first of `names` that is set, with its name.
    fn first(&self, names: &[String]) -> Option<(String, String)> {
        names
            .iter()
            .find_map(|n| self.get(n).map(|v| (n.clone(), v)))
    }

    /// The duration in variable `name`, if set; a bad one is an error naming it.
    pub(crate) fn duration(&self, name: &str) -> Result<Option<Duration>, ClientError> {
        self.get(name)
            .map(|v| parse_duration(&v).map_err(|e| ClientError::Config(format!("{name}: {e}"))))
            .transpose()
    }

    fn number(&self, name: &str) -> Result<Option<usize>, ClientError> {
        self.get(name)
            .map(|v| {
                v.parse::<usize>().map_err(|_| {
                    ClientError::Config(format!("{name}={v:?}: expected a whole number"))
                })
            })
            .transpose()
    }
}

impl EndpointSource for EnvSource {
    fn route(&self, target: &str) -> Result<Route, ClientError> {
        if self.swarm_mode()? {
            self.remote_target(target).map(Route::Proxy)
        } else {
            self.local_target(target).map(Route::Local)
        }
    }
}

/// `nextcloud` → `NEXTCLOUD`, `my-app` → `MY_APP`; refuses names that make no variable.
fn env_name(target: &str) -> Result<String, ClientError> {
    let ok = !target.is_empty()
        && target.len() <= 63
        && target.starts_with(|c: char| c.is_ascii_alphanumeric())
        && target
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return Err(ClientError::Config(format!(
            "invalid target name {target:?}: use letters, digits, - and _ (at most 63)"
        )));
    }
    Ok(target.to_ascii_uppercase().replace('-', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> EnvSource {
        EnvSource::from_map(
            vars.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    fn remote(src: &EnvSource, target: &str) -> RemoteTarget {
        match src.route(target).unwrap() {
            Route::Proxy(r) => r,
            Route::Local(l) => panic!("expected a proxy route, got {l:?}"),
        }
    }

    fn err(result: Result<impl std::fmt::Debug, ClientError>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn the_original_variables_give_a_proxy_route_with_defaults() {
        let src = env(&[("NEXTCLOUD_PROXY_SERVICE", "bosun-proxy-nextcloud")]);
        assert!(src.swarm_mode().unwrap());
        assert_eq!(
            remote(&src, "nextcloud"),
            RemoteTarget {
                target: "nextcloud".into(),
                endpoints: vec![EndpointAddr {
                    host: "bosun-proxy-nextcloud".into(),
                    port: 2222
                }],
                user: "bosun".into(),
                key_file: "/run/secrets/bosun-nextcloud-key".into(),
                host_keys: HostKeys::File("/run/secrets/bosun-nextcloud-host-keys".into()),
            }
        );
        let src = env(&[
            ("SWARM_MODE", "true"),
            ("PHOTOPRISM_PROXY_SERVICE", "tasks.bosun-proxy-photoprism"),
            ("PROXY_SSH_PORT", "2200"),
        ]);
        let r = remote(&src, "photoprism");
        assert_eq!(
            r.endpoints[0].to_string(),
            "tasks.bosun-proxy-photoprism:2200"
        );
    }

    #[test]
    fn per_target_variables_win_over_generic_ones() {
        let src = env(&[
            ("NEXTCLOUD_PROXY_SERVICE", "old-name"),
            (
                "BOSUN_NEXTCLOUD_PROXY_SERVICE",
                "192.168.251.12, 192.168.251.13:2300",
            ),
            ("PROXY_SSH_PORT", "2200"),
            ("BOSUN_NEXTCLOUD_PROXY_SSH_PORT", "2201"),
            ("BOSUN_SSH_USER", "generic"),
            ("BOSUN_NEXTCLOUD_SSH_USER", "nc"),
            ("BOSUN_KEY_FILE", "/k/generic"),
            ("BOSUN_NEXTCLOUD_KEY_FILE", "/k/nc"),
            ("BOSUN_HOST_KEYS_FILE", "/hk/generic"),
            ("BOSUN_NEXTCLOUD_HOST_KEYS_FILE", ""),
        ]);
        let r = remote(&src, "nextcloud");
        let eps: Vec<String> = r.endpoints.iter().map(ToString::to_string).collect();
        assert_eq!(eps, ["192.168.251.12:2201", "192.168.251.13:2300"]);
        assert_eq!(r.user, "nc");
        assert_eq!(r.key_file, PathBuf::from("/k/nc"));
        // an empty variable counts as unset
        assert_eq!(r.host_keys, HostKeys::File("/hk/generic".into()));
    }

    #[test]
    fn any_target_has_the_generic_forms() {
        let src = env(&[("BOSUN_MY_APP_PROXY_SERVICE", "bosun-proxy-my-app")]);
        let r = remote(&src, "my-app");
        assert_eq!(r.key_file, PathBuf::from("/run/secrets/bosun-my-app-key"));
        let src = env(&[("MY_APP_PROXY_SERVICE", "p")]);
        assert_eq!(remote(&src, "my-app").endpoints[0].host, "p");
    }

    #[test]
    fn missing_and_bad_values_are_clear_errors() {
        assert_eq!(
            err(env(&[]).route("nextcloud")),
            "configuration: no proxy for target nextcloud: set NEXTCLOUD_PROXY_SERVICE (or BOSUN_NEXTCLOUD_PROXY_SERVICE) to the DNS name of its proxy service, or SWARM_MODE=false to exec on the local engine"
        );
        assert_eq!(
            err(env(&[("SWARM_MODE", "maybe")]).route("nextcloud")),
            "configuration: SWARM_MODE=\"maybe\": expected true or false"
        );
        assert_eq!(
            err(
                env(&[("NEXTCLOUD_PROXY_SERVICE", "p"), ("PROXY_SSH_PORT", "22x")])
                    .route("nextcloud")
            ),
            "configuration: PROXY_SSH_PORT=\"22x\": expected a port number 1-65535"
        );
        assert!(
            err(env(&[("NEXTCLOUD_PROXY_SERVICE", "a b")]).route("nextcloud"))
                .contains("NEXTCLOUD_PROXY_SERVICE: invalid endpoint \"a b\"")
        );
        for bad in ["", "-x", "a.b", "a b", "ä"] {
            assert!(
                err(env(&[]).route(bad)).contains("invalid target name"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn swarm_mode_off_gives_the_local_fallback_with_preset_defaults() {
        let src = env(&[
            ("SWARM_MODE", "false"),
            ("DOCKER_HOST", "unix:///var/run/docker.sock"),
        ]);
        let Route::Local(l) = src.route("nextcloud").unwrap() else {
            panic!("not local")
        };
        assert_eq!(l.container, "nextcloud");
        assert_eq!(l.policy, Preset::Nextcloud.policy());
        assert_eq!(l.user.as_deref(), Some("www-data"));
        assert_eq!(l.workdir.as_deref(), Some("/var/www/html"));
        assert_eq!(
            l.docker_host.as_deref(),
            Some("unix:///var/run/docker.sock")
        );

        let src = env(&[
            ("SWARM_MODE", "0"),
            ("BOSUN_PHOTOS_PRESET", "photoprism"),
            ("BOSUN_PHOTOS_CONTAINER", "pp-1"),
            ("BOSUN_PHOTOS_EXEC_USER", "1000"),
        ]);
        let Route::Local(l) = src.route("photos").unwrap() else {
            panic!("not local")
        };
        assert_eq!(l.container, "pp-1");
        assert_eq!(l.policy, Preset::Photoprism.policy());
        assert_eq!(l.user.as_deref(), Some("1000"));
        assert_eq!(l.workdir.as_deref(), Some("/photoprism"));
        assert_eq!(l.docker_host, None);

        let e = err(env(&[("SWARM_MODE", "false")]).route("myapp"));
        assert!(
            e.contains("set BOSUN_MYAPP_PRESET or BOSUN_MYAPP_POLICY_FILE"),
            "{e}"
        );
    }

    #[test]
    fn the_local_fallback_reads_a_policy_file() {
        let yaml = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/tests/data/policy-user.yaml"
        );
        let src = env(&[("SWARM_MODE", "false"), ("BOSUN_MYAPP_POLICY_FILE", yaml)]);
        let Route::Local(l) = src.route("myapp").unwrap() else {
            panic!("not local")
        };
        assert_eq!(
            bosun_core::policy::check(&l.policy, b"app sync --mode=fast").unwrap(),
            ["app", "sync", "--mode=fast"]
        );
        assert_eq!((l.user, l.workdir), (None, None));
        let src = env(&[
            ("SWARM_MODE", "false"),
            ("BOSUN_MYAPP_POLICY_FILE", "/nonexistent.yaml"),
        ]);
        assert!(err(src.route("myapp")).contains("cannot read policy file /nonexistent.yaml"));
    }

    #[test]
    fn client_settings() {
        let o = env(&[]).options().unwrap();
        assert_eq!(o, ClientOptions::default());
        assert_eq!(o.retry.delays(), [1, 2, 4].map(Duration::from_secs));
        let o = env(&[
            ("BOSUN_RETRY_TIMES", "5"),
            ("BOSUN_RETRY_MIN_DELAY", "500ms"),
            ("BOSUN_RETRY_MAX_DELAY", "2s"),
            ("BOSUN_CONNECT_TIMEOUT", "3s"),
            ("BOSUN_EXEC_TIMEOUT", "1m"),
            ("BOSUN_KEEPALIVE_INTERVAL", "5"),
            ("BOSUN_MAX_CHANNELS", "4"),
            ("BOSUN_HEALTH_INTERVAL", "5s"),
        ])
        .options()
        .unwrap();
        assert_eq!(
            o.retry.delays(),
            [500, 1000, 2000, 2000, 2000].map(Duration::from_millis)
        );
        assert_eq!(o.connect_timeout, Duration::from_secs(3));
        assert_eq!(o.exec_timeout, Some(Duration::from_secs(60)));
        assert_eq!(o.keepalive_interval, Duration::from_secs(5));
        assert_eq!(o.max_channels_per_connection, Some(4));
        assert_eq!(o.health_interval, Duration::from_secs(5));
        let off = env(&[("BOSUN_HEALTH_INTERVAL", "0")]).options().unwrap();
        assert_eq!(off.health_interval, Duration::ZERO);
        assert_eq!(
            env(&[("BOSUN_EXEC_TIMEOUT", "0")])
                .options()
                .unwrap()
                .exec_timeout,
            None
        );
        assert!(err(env(&[("BOSUN_RETRY_TIMES", "-1")]).options()).contains("BOSUN_RETRY_TIMES"));
        assert!(
            err(env(&[("BOSUN_CONNECT_TIMEOUT", "soon")]).options()).contains("invalid duration")
        );
        assert!(err(env(&[("BOSUN_MAX_CHANNELS", "0")]).options()).contains("at least 1"));
    }
}
