//! `rotate TARGET [--client SERVICE] [--host-keys]`: one rotation-request config, written
//! through the Engine API (its format: `crate::model::request`). The target and the client are
//! checked as the config checks names before anything is written; the command returns once
//! the config exists and says how to follow the rotation (`rotate --status`).
//!
//! The config's name is `Naming::rotation_request_config(target, now, nonce)`, with a nonce of
//! 4 random hex digits so that two requests in the same millisecond stay apart. Docker limits
//! config names to 64 characters, as secret names: a long instance and target name together
//! can exceed it, and the request is refused before it is sent.

use anyhow::{Context, bail};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bollard::models::ConfigSpec;
use rand::RngExt;

use crate::config::{docker_name, target_name};
use crate::model::names::{MAX_SECRET_NAME, Naming};
use crate::model::request::{Rotate, RotationRequest};
use crate::oneshot;
use crate::swarm::observe::unix_millis;

/// What the flags ask for (clap keeps `--client` and `--host-keys` apart).
pub fn what(client: Option<&str>, host_keys: bool) -> Rotate {
    if host_keys {
        Rotate::HostKeys
    } else {
        Rotate::ClientKeys {
            client: client.map(str::to_string),
        }
    }
}

/// Checks the names, writes the request, says what was asked.
pub async fn main(
    instance: &str,
    docker_host: Option<&str>,
    target: &str,
    rotate: Rotate,
) -> anyhow::Result<()> {
    let config = oneshot::instance_config(instance)?;
    let request = RotationRequest {
        target: target.to_string(),
        rotate,
        requested_at_ms: unix_millis(),
    };
    let spec = spec(&config.instance, &request, &nonce())?;
    let name = spec.name.clone().unwrap_or_default();
    let engine = oneshot::engine(docker_host).await?;
    engine
        .create_config(spec)
        .await
        .with_context(|| format!("writing the rotation request {name}"))?;
    print!("{}", requested(&config.instance, &request, &name));
    Ok(())
}

/// 4 random hex digits.
fn nonce() -> String {
    format!("{:04x}", rand::rng().random::<u16>())
}

/// The config of `instance` to create for `request`, once its names are checked.
fn spec(instance: &str, request: &RotationRequest, nonce: &str) -> anyhow::Result<ConfigSpec> {
    let naming = Naming::new(instance);
    let name = if request.rotate == Rotate::SigningKey {
        naming.signing_request_config(request.requested_at_ms, nonce)
    } else {
        target_name(&request.target)
            .map_err(anyhow::Error::msg)
            .context("TARGET")?;
        naming.rotation_request_config(&request.target, request.requested_at_ms, nonce)
    };
    if let Some(client) = request.rotate.client() {
        docker_name("service", client)
            .map_err(anyhow::Error::msg)
            .context("--client")?;
    }
    if name.len() > MAX_SECRET_NAME {
        bail!(
            "the request's config name {name} is longer than Docker's {MAX_SECRET_NAME} characters \
             (the instance and target names together are too long for it)"
        );
    }
    Ok(ConfigSpec {
        name: Some(name),
        labels: Some(request.labels(naming)),
        data: Some(STANDARD.encode(request.data_json(instance))),
        ..ConfigSpec::default()
    })
}

/// What the command prints once the request is written.
fn requested(instance: &str, request: &RotationRequest, name: &str) -> String {
    let follow = if instance == crate::config::DEFAULT_INSTANCE {
        String::new()
    } else {
        format!(" --instance {instance}")
    };
    let of_target = if request.target.is_empty() {
        String::new()
    } else {
        format!(" of target {}", request.target)
    };
    let done = if request.rotate == Rotate::SigningKey {
        "removes the request once the next key signs"
    } else {
        "removes the request once the new keys exist"
    };
    format!(
        "requested: rotate {}{of_target} (config {name})\n\
         the leader carries it out and {done}; follow it with\n  \
         bosun-controller rotate --status{follow}\n",
        request.rotate.describe(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(target: &str, rotate: Rotate) -> RotationRequest {
        RotationRequest {
            target: target.into(),
            rotate,
            requested_at_ms: 1_700_000_000_000,
        }
    }

    fn app() -> Rotate {
        what(Some("app"), false)
    }

    #[test]
    fn the_config_is_named_labelled_and_holds_the_request() {
        let spec = spec("blue", &request("nc", app()), "ab12").unwrap();
        assert_eq!(
            spec.name.as_deref(),
            Some("blue--rotate-nc-1700000000000-ab12")
        );
        let labels = spec.labels.unwrap();
        assert_eq!(labels["bosun.kind"], "rotation-request");
        assert_eq!(labels["bosun.instance"], "blue");
        assert_eq!(labels["bosun.client"], "app");
        let data = STANDARD.decode(spec.data.unwrap()).unwrap();
        assert_eq!(
            String::from_utf8(data).unwrap(),
            r#"{"instance":"blue","target":"nc","rotate":"client-keys","client":"app","requested_at":1700000000000}"#
        );
        assert_eq!(what(None, true), Rotate::HostKeys);
        assert_eq!(what(None, false), Rotate::ClientKeys { client: None });
    }

    #[test]
    fn bad_names_are_refused_before_anything_is_written() {
        let err = |r: RotationRequest| format!("{:#}", spec("bosun", &r, "ab12").unwrap_err());
        assert_eq!(
            err(request("Next_Cloud", app())),
            "TARGET: \"Next_Cloud\" is not a target name (1-31 of a-z, 0-9 and '-', starting with a letter or digit)"
        );
        let bad_client = what(Some("my app"), false);
        assert!(
            err(request("nc", bad_client))
                .starts_with("--client: \"my app\" is not a service name"),
        );
        let target = "a".repeat(31);
        let too_long = spec("abcdefghijkl", &request(&target, app()), "ab12").unwrap_err();
        assert!(
            format!("{too_long}").contains("longer than Docker's 64 characters"),
            "{too_long}"
        );
    }

    #[test]
    fn a_signing_key_request_is_the_instances() {
        let r = request("", Rotate::SigningKey);
        let spec = spec("bosun", &r, "ab12").unwrap();
        assert_eq!(
            spec.name.as_deref(),
            Some("bosun-rotate-signing-key-1700000000000-ab12")
        );
        assert!(!spec.labels.unwrap().contains_key("bosun.target"));
        assert_eq!(
            requested("bosun", &r, "x").lines().next(),
            Some("requested: rotate the record's signing key (config x)")
        );
    }

    #[test]
    fn nonces_are_four_hex_digits() {
        for _ in 0..32 {
            let n = nonce();
            assert!(
                n.len() == 4 && n.bytes().all(|b| b.is_ascii_hexdigit()),
                "{n}"
            );
        }
    }

    #[test]
    fn the_answer_says_what_was_asked_and_how_to_follow_it() {
        let r = request("nc", app());
        assert_eq!(
            requested("bosun", &r, "bosun-rotate-nc-1-ab12"),
            "requested: rotate the client key of app of target nc (config bosun-rotate-nc-1-ab12)\n\
             the leader carries it out and removes the request once the new keys exist; follow it with\n  \
             bosun-controller rotate --status\n"
        );
        let hosts = request("nc", Rotate::HostKeys);
        let text = requested("blue", &hosts, "x");
        assert!(
            text.starts_with("requested: rotate every host key of target nc"),
            "{text}"
        );
        assert!(
            text.ends_with("rotate --status --instance blue\n"),
            "{text}"
        );
    }
}
