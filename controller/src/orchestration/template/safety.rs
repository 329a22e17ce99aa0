//! [`assert_safe`]: the last check before a clone is created. Whoever can spawn a clone can
//! start containers, so a clone must never get more than a plain container: the Swarm side
//! calls this on every spec before it creates it, whatever made the spec (defence in depth:
//! [`super::render`] never writes any of these, and the property test shows it).
//!
//! Refused, each with the reason:
//! * added capabilities, and any `Privileges` but `NoNewPrivileges` (a seccomp or AppArmor
//!   profile, an SELinux context, a credential spec);
//! * a mount that is not a named volume (bind, tmpfs, npipe, cluster, image), a volume whose
//!   source looks like a path or the Docker socket, a volume with driver options (the `local`
//!   driver's `o=bind` mounts a host path) or a subpath;
//! * a network named `host`, `bridge`, `none` or `ingress`, driver options on an attachment,
//!   service-level networks (deprecated: they bypass the task's list);
//! * a plugin or network-attachment task (a plugin runs privileged), another runtime,
//!   an isolation mode but the default, sysctls;
//! * secrets and configs (a clone has none: bosun's key secrets must never reach one).

use bollard::models::{
    Mount, MountType, NetworkAttachmentConfig, ServiceSpec, TaskSpecContainerSpec,
    TaskSpecContainerSpecIsolationEnum, TaskSpecContainerSpecPrivileges,
};

/// Networks a clone never joins: the host's stack, the default bridge, none, the routing mesh.
pub const FORBIDDEN_NETWORKS: [&str; 4] = ["host", "bridge", "none", "ingress"];

/// `Ok` when `spec` runs a plain container; otherwise what makes it unsafe.
pub fn assert_safe(spec: &ServiceSpec) -> Result<(), String> {
    if spec.networks.as_ref().is_some_and(|n| !n.is_empty()) {
        return Err("service-level networks are not allowed (attach networks to the task)".into());
    }
    let task = spec.task_template.as_ref().ok_or("the spec has no task")?;
    if task.plugin_spec.is_some() || task.network_attachment_spec.is_some() {
        return Err("only a container task is allowed (no plugin or attachment task)".into());
    }
    if task.runtime.is_some() {
        return Err("another task runtime is not allowed".into());
    }
    for network in task.networks.iter().flatten() {
        network_is_safe(network)?;
    }
    let container = task
        .container_spec
        .as_ref()
        .ok_or("the task has no container")?;
    container_is_safe(container)
}

fn container_is_safe(container: &TaskSpecContainerSpec) -> Result<(), String> {
    if container
        .capability_add
        .as_ref()
        .is_some_and(|c| !c.is_empty())
    {
        return Err("added capabilities are not allowed".into());
    }
    if let Some(privileges) = &container.privileges {
        privileges_are_safe(privileges)?;
    }
    let isolation_ok = matches!(
        container.isolation,
        None | Some(TaskSpecContainerSpecIsolationEnum::DEFAULT)
            | Some(TaskSpecContainerSpecIsolationEnum::EMPTY)
    );
    if !isolation_ok {
        return Err("an isolation mode other than the default is not allowed".into());
    }
    if container.sysctls.as_ref().is_some_and(|s| !s.is_empty()) {
        return Err("sysctls are not allowed".into());
    }
    if container.secrets.as_ref().is_some_and(|s| !s.is_empty())
        || container.configs.as_ref().is_some_and(|c| !c.is_empty())
    {
        return Err("secrets and configs are not allowed in a clone".into());
    }
    for mount in container.mounts.iter().flatten() {
        mount_is_safe(mount)?;
    }
    Ok(())
}

/// Only `NoNewPrivileges` may be set: every other field loosens or replaces a confinement.
fn privileges_are_safe(privileges: &TaskSpecContainerSpecPrivileges) -> Result<(), String> {
    let loosened = privileges.credential_spec.is_some()
        || privileges.se_linux_context.is_some()
        || privileges.seccomp.is_some()
        || privileges.app_armor.is_some();
    if loosened {
        return Err("privileges other than no-new-privileges are not allowed".into());
    }
    Ok(())
}

/// A named volume with a plain name and no driver options; nothing else.
fn mount_is_safe(mount: &Mount) -> Result<(), String> {
    if mount.typ != Some(MountType::VOLUME) {
        let typ = mount.typ.map_or("unset".to_string(), |t| t.to_string());
        return Err(format!("a {typ} mount is not allowed (only named volumes)"));
    }
    let source = mount.source.as_deref().unwrap_or("");
    if !plain_volume_name(source) {
        return Err(format!(
            "volume source {source:?} is not a plain volume name (a path, or anonymous)"
        ));
    }
    if source.to_ascii_lowercase().contains("docker.sock") {
        return Err(format!("volume source {source:?} names the Docker socket"));
    }
    if mount.bind_options.is_some()
        || mount.tmpfs_options.is_some()
        || mount.image_options.is_some()
    {
        return Err("bind, tmpfs and image options are not allowed on a volume".into());
    }
    let options = mount.volume_options.as_ref();
    if options.is_some_and(|o| o.driver_config.is_some() || o.subpath.is_some()) {
        return Err("volume driver options and subpaths are not allowed".into());
    }
    Ok(())
}

/// Docker's volume name rule, `[A-Za-z0-9][A-Za-z0-9_.-]*`: no `/`, so never a host path.
fn plain_volume_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
}

fn network_is_safe(network: &NetworkAttachmentConfig) -> Result<(), String> {
    let target = network.target.as_deref().unwrap_or("");
    if target.is_empty() {
        return Err("a network attachment without a network".into());
    }
    if FORBIDDEN_NETWORKS
        .iter()
        .any(|n| n.eq_ignore_ascii_case(target))
    {
        return Err(format!("network {target:?} is not allowed"));
    }
    if network.driver_opts.as_ref().is_some_and(|o| !o.is_empty()) {
        return Err("network driver options are not allowed".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use bollard::models::{
        MountBindOptions, MountVolumeOptions, MountVolumeOptionsDriverConfig, TaskSpec,
        TaskSpecContainerSpecPrivilegesSeccomp, TaskSpecContainerSpecPrivilegesSeccompModeEnum,
        TaskSpecPluginSpec,
    };

    use super::*;

    fn volume(source: &str) -> Mount {
        Mount {
            target: Some("/data".into()),
            source: Some(source.into()),
            typ: Some(MountType::VOLUME),
            ..Default::default()
        }
    }

    /// A plain, safe spec, changed by `edit`.
    fn spec(edit: impl FnOnce(&mut TaskSpec, &mut TaskSpecContainerSpec)) -> ServiceSpec {
        let mut container = TaskSpecContainerSpec {
            image: Some("img".into()),
            mounts: Some(vec![volume("bosun-clone-mongodb-node_a-data")]),
            ..Default::default()
        };
        let mut task = TaskSpec {
            networks: Some(vec![NetworkAttachmentConfig {
                target: Some("k2j3h4g5f6d7".into()),
                ..Default::default()
            }]),
            ..Default::default()
        };
        edit(&mut task, &mut container);
        task.container_spec = Some(container);
        ServiceSpec {
            task_template: Some(task),
            ..Default::default()
        }
    }

    #[test]
    fn a_plain_container_passes() {
        assert_eq!(assert_safe(&spec(|_, _| {})), Ok(()));
        let no_new = spec(|_, c| {
            c.privileges = Some(TaskSpecContainerSpecPrivileges {
                no_new_privileges: Some(true),
                ..Default::default()
            });
            c.capability_drop = Some(vec!["ALL".into()]);
        });
        assert_eq!(assert_safe(&no_new), Ok(()));
    }

    #[test]
    fn each_escape_is_refused_with_its_reason() {
        type Edit = Box<dyn FnOnce(&mut TaskSpec, &mut TaskSpecContainerSpec)>;
        let cases: Vec<(Edit, &str)> = vec![
            (
                Box::new(|_, c| c.capability_add = Some(vec!["SYS_ADMIN".into()])),
                "capabilities",
            ),
            (
                Box::new(|_, c| {
                    c.privileges = Some(TaskSpecContainerSpecPrivileges {
                        seccomp: Some(TaskSpecContainerSpecPrivilegesSeccomp {
                            mode: Some(TaskSpecContainerSpecPrivilegesSeccompModeEnum::UNCONFINED),
                            ..Default::default()
                        }),
                        ..Default::default()
                    })
                }),
                "privileges",
            ),
            (
                Box::new(|_, c| {
                    c.mounts = Some(vec![Mount {
                        typ: Some(MountType::BIND),
                        source: Some("/var/run/docker.sock".into()),
                        target: Some("/var/run/docker.sock".into()),
                        ..Default::default()
                    }])
                }),
                "a bind mount",
            ),
            (
                Box::new(|_, c| {
                    c.mounts = Some(vec![Mount {
                        typ: Some(MountType::TMPFS),
                        target: Some("/tmp".into()),
                        ..Default::default()
                    }])
                }),
                "a tmpfs mount",
            ),
            (
                Box::new(|_, c| c.mounts = Some(vec![volume("/etc")])),
                "not a plain volume name",
            ),
            (
                Box::new(|_, c| c.mounts = Some(vec![volume("")])),
                "not a plain volume name",
            ),
            (
                Box::new(|_, c| c.mounts = Some(vec![volume("docker.sock")])),
                "Docker socket",
            ),
            (
                Box::new(|_, c| {
                    let mut m = volume("data");
                    m.bind_options = Some(MountBindOptions::default());
                    c.mounts = Some(vec![m]);
                }),
                "bind, tmpfs and image options",
            ),
            (
                Box::new(|_, c| {
                    let mut m = volume("data");
                    m.volume_options = Some(MountVolumeOptions {
                        driver_config: Some(MountVolumeOptionsDriverConfig {
                            name: Some("local".into()),
                            options: Some(HashMap::from([
                                ("o".into(), "bind".into()),
                                ("device".into(), "/".into()),
                            ])),
                        }),
                        ..Default::default()
                    });
                    c.mounts = Some(vec![m]);
                }),
                "driver options",
            ),
            (
                Box::new(|_, c| c.isolation = Some(TaskSpecContainerSpecIsolationEnum::HYPERV)),
                "isolation",
            ),
            (
                Box::new(|_, c| {
                    c.sysctls = Some(HashMap::from([("net.ipv4.ip_forward".into(), "1".into())]))
                }),
                "sysctls",
            ),
            (
                Box::new(|_, c| c.secrets = Some(vec![Default::default()])),
                "secrets and configs",
            ),
            (
                Box::new(|t, _| {
                    t.networks = Some(vec![NetworkAttachmentConfig {
                        target: Some("host".into()),
                        ..Default::default()
                    }])
                }),
                "network \"host\"",
            ),
            (
                Box::new(|t, _| {
                    t.networks = Some(vec![NetworkAttachmentConfig {
                        target: Some("Bridge".into()),
                        ..Default::default()
                    }])
                }),
                "network \"Bridge\"",
            ),
            (
                Box::new(|t, _| t.plugin_spec = Some(TaskSpecPluginSpec::default())),
                "only a container task",
            ),
            (
                Box::new(|t, _| t.runtime = Some("plugin".into())),
                "runtime",
            ),
        ];
        for (edit, expected) in cases {
            let error = assert_safe(&spec(edit)).unwrap_err();
            assert!(error.contains(expected), "{expected}: {error}");
        }
        let mut service_networks = spec(|_, _| {});
        service_networks.networks = Some(vec![NetworkAttachmentConfig::default()]);
        assert!(assert_safe(&service_networks).is_err());
        assert!(assert_safe(&ServiceSpec::default()).is_err());
    }
}
