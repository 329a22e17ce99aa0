//! The proxy's side of stopping a command: run `bosun-proxy stop-exec` in a short-lived
//! container that shares the target container's pid namespace (see `stopper`'s module comment
//! for why, and for the privileges it gets), wait for it, read its verdict, remove it.
//!
//! The image is `--stopper-image`, or the image of the container this proxy runs in (found
//! through `/proc/self/mountinfo`, which names the container's directory on the node). A
//! stopper left behind by a proxy that died mid-way is removed by [`Stopper::sweep`] at start.

use std::collections::HashMap;
use std::time::Duration;

use bollard::Docker;
use bollard::models::{ContainerCreateBody, HostConfig};
use bollard::query_parameters::{
    ListContainersOptionsBuilder, LogsOptionsBuilder, RemoveContainerOptionsBuilder,
    WaitContainerOptionsBuilder,
};
use futures::StreamExt;
use tokio::sync::OnceCell;

use super::inside::{EXIT_NOTHING_FOUND, EXIT_SURVIVED, EXIT_UNREADABLE};
use super::marker::Marker;

/// The label every stopper container carries.
const LABEL: &str = "bosun.stopper";
/// How long past the grace a stopper may take (create, start, KILL wait, remove).
const OVERHEAD: Duration = Duration::from_secs(20);

/// How a stop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    /// Every process of the command is gone; what was done (`stopped 1 process(es) with TERM`).
    Done(String),
    /// No process of the command was left: it had ended by itself.
    NothingLeft,
    /// The command could not be stopped (processes survived KILL, or the stopper could not run).
    Failed(String),
}

/// Starts stopper containers on this node's engine.
#[derive(Debug)]
pub struct Stopper {
    configured: Option<String>,
    grace: Duration,
    image: OnceCell<String>,
}

impl Stopper {
    pub fn new(configured: Option<String>, grace: Duration) -> Stopper {
        Stopper {
            configured,
            grace,
            image: OnceCell::new(),
        }
    }

    /// Stops the processes of the command marked `marker` in `container`. The stopper is
    /// removed whatever happens (a force removal also ends one that overran).
    pub async fn stop(&self, docker: &Docker, container: &str, marker: &Marker) -> Stopped {
        let made = async {
            let image = self.image(docker).await?;
            create(docker, &image, container, marker, self.grace).await
        };
        let id = match tokio::time::timeout(OVERHEAD, made).await {
            Ok(Ok(id)) => id,
            Ok(Err(why)) => return Stopped::Failed(why),
            Err(_) => return Stopped::Failed(within("could not make a stopper", OVERHEAD)),
        };
        let limit = self.grace + OVERHEAD;
        let verdict = match tokio::time::timeout(limit, run_to_end(docker, &id)).await {
            Ok(Ok(stopped)) => stopped,
            Ok(Err(why)) => Stopped::Failed(why),
            Err(_) => Stopped::Failed(within("the stopper did not finish", limit)),
        };
        remove(docker, &id).await;
        verdict
    }

    /// Removes the stoppers that proxies before this one left on the node: those that are not
    /// running (a running one is another proxy's, at work, and ends on its own).
    pub async fn sweep(docker: &Docker) {
        let filters = HashMap::from([
            ("label".to_owned(), vec![LABEL.to_owned()]),
            (
                "status".to_owned(),
                ["created", "exited", "dead"].map(str::to_owned).to_vec(),
            ),
        ]);
        let options = ListContainersOptionsBuilder::new()
            .all(true)
            .filters(&filters)
            .build();
        let Ok(left) = docker.list_containers(Some(options)).await else {
            return;
        };
        for id in left.into_iter().filter_map(|c| c.id) {
            tracing::info!(container = %id, "removing a stopper left behind");
            remove(docker, &id).await;
        }
    }

    /// The stopper's image: configured, or this proxy's own.
    async fn image(&self, docker: &Docker) -> Result<String, String> {
        if let Some(image) = &self.configured {
            return Ok(image.clone());
        }
        self.image
            .get_or_try_init(|| own_image(docker))
            .await
            .cloned()
    }
}

/// `what` within `limit`, said.
fn within(what: &str, limit: Duration) -> String {
    format!("{what} within {}", humantime::format_duration(limit))
}

/// The image of the container this process runs in.
async fn own_image(docker: &Docker) -> Result<String, String> {
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let id = own_container_id(&mountinfo).ok_or(
        "this proxy does not run in a container it can find; set --stopper-image to stop commands",
    )?;
    let inspect = docker
        .inspect_container(id, None)
        .await
        .map_err(|e| format!("inspecting this proxy's container {id}: {e}"))?;
    inspect
        .image
        .ok_or_else(|| format!("the engine names no image for this proxy's container {id}"))
}

/// The container id in a mountinfo: Docker bind-mounts `/etc/hostname` (and `hosts`,
/// `resolv.conf`) from `…/containers/<64 hex id>/`.
fn own_container_id(mountinfo: &str) -> Option<&str> {
    mountinfo.split_whitespace().find_map(|field| {
        let (_, rest) = field.split_once("/containers/")?;
        let id = rest.split('/').next()?;
        (id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
    })
}

/// Creates (not starts) the stopper for `marker` in `container`'s pid namespace.
async fn create(
    docker: &Docker,
    image: &str,
    container: &str,
    marker: &Marker,
    grace: Duration,
) -> Result<String, String> {
    let body = ContainerCreateBody {
        image: Some(image.to_owned()),
        cmd: Some(vec![
            "stop-exec".into(),
            "--marker".into(),
            marker.as_str().into(),
            "--grace".into(),
            humantime::format_duration(grace).to_string(),
        ]),
        env: Some(Vec::new()),
        user: Some("0:0".into()),
        labels: Some(HashMap::from([
            (LABEL.to_owned(), "1".to_owned()),
            ("bosun.stopper.of".to_owned(), container.to_owned()),
        ])),
        network_disabled: Some(true),
        host_config: Some(HostConfig {
            pid_mode: Some(format!("container:{container}")),
            network_mode: Some("none".into()),
            cap_drop: Some(vec!["ALL".into()]),
            cap_add: Some(vec![
                "KILL".into(),
                "SYS_PTRACE".into(),
                "DAC_READ_SEARCH".into(),
            ]),
            readonly_rootfs: Some(true),
            security_opt: Some(vec!["no-new-privileges".into()]),
            memory: Some(32 << 20),
            pids_limit: Some(16),
            ..Default::default()
        }),
        ..Default::default()
    };
    docker
        .create_container(None, body)
        .await
        .map(|created| created.id)
        .map_err(|e| format!("creating a stopper container from image {image}: {e}"))
}

/// Starts the stopper, waits for it to exit, and reads its verdict.
async fn run_to_end(docker: &Docker, id: &str) -> Result<Stopped, String> {
    docker
        .start_container(id, None)
        .await
        .map_err(|e| format!("starting the stopper container: {e}"))?;
    let options = WaitContainerOptionsBuilder::new()
        .condition("not-running")
        .build();
    let code = match docker.wait_container(id, Some(options)).next().await {
        Some(Ok(exit)) => exit.status_code,
        // bollard reports a non-zero exit as this error
        Some(Err(bollard::errors::Error::DockerContainerWaitError { code, .. })) => code,
        Some(Err(e)) => return Err(format!("waiting for the stopper container: {e}")),
        None => return Err("the engine ended the wait for the stopper container".into()),
    };
    let said = output(docker, id).await;
    Ok(match code {
        0 => Stopped::Done(said.unwrap_or_else(|why| format!("stopped its processes; {why}"))),
        c if c == i64::from(EXIT_NOTHING_FOUND) => Stopped::NothingLeft,
        c if c == i64::from(EXIT_SURVIVED) || c == i64::from(EXIT_UNREADABLE) => {
            Stopped::Failed(said.unwrap_or_else(|why| format!("it may still run; {why}")))
        }
        c => Stopped::Failed(format!(
            "the stopper exited with {c}: {}",
            said.unwrap_or_else(|why| why)
        )),
    })
}

/// How many times the stopper's report is read before giving up, and the pause between.
const REPORT_READS: u32 = 5;
const REPORT_PAUSE: Duration = Duration::from_millis(200);

/// The stopper's one line of output. Its exit status is the verdict; the line says what was
/// done. An engine under load has been seen to answer an empty log for a container that has
/// just exited, so an empty or failed read is tried again before it is given up as the error.
async fn output(docker: &Docker, id: &str) -> Result<String, String> {
    let mut why = String::new();
    for attempt in 0..REPORT_READS {
        if attempt > 0 {
            tokio::time::sleep(REPORT_PAUSE).await;
        }
        match read_logs(docker, id).await {
            Ok(text) if !text.is_empty() => return Ok(text),
            Ok(_) => why = "the stopper's report was empty".to_owned(),
            Err(e) => why = format!("the stopper's report could not be read: {e}"),
        }
    }
    tracing::warn!(container = %id, "{why}");
    Err(why)
}

async fn read_logs(docker: &Docker, id: &str) -> Result<String, bollard::errors::Error> {
    let options = LogsOptionsBuilder::new().stdout(true).stderr(true).build();
    let mut logs = docker.logs(id, Some(options));
    let mut text = String::new();
    while let Some(chunk) = logs.next().await {
        text.push_str(&String::from_utf8_lossy(&chunk?.into_bytes()));
    }
    Ok(text.trim().to_owned())
}

async fn remove(docker: &Docker, id: &str) {
    let options = RemoveContainerOptionsBuilder::new().force(true).build();
    if let Err(e) = docker.remove_container(id, Some(options)).await {
        tracing::warn!(container = %id, error = %e, "cannot remove a stopper container");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_container_id_is_read_from_mountinfo() {
        let id = "4c1e0fbf5e1c1b76f2f9c4c3ad12bb8a70ab7c0e49b6f1e7c4f6b1b5f0a9d8e7";
        let mountinfo = format!(
            "1021 1000 0:52 / / rw,relatime - overlay overlay rw\n\
             1030 1021 254:1 /var/lib/docker/containers/{id}/hostname /etc/hostname rw - ext4 /dev/vda1 rw\n"
        );
        assert_eq!(own_container_id(&mountinfo), Some(id));
        assert_eq!(
            own_container_id("1 0 0:1 / / rw - ext4 /dev/vda1 rw\n"),
            None
        );
        assert_eq!(
            own_container_id("1 0 0:1 /x/containers/abc/hostname /etc/hostname rw\n"),
            None
        );
    }
}
